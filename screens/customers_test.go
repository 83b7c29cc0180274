package screens

import (
	"bytes"
	"context"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/assets"
	"aftercare/models"
)

// custTestNow is the fixed "today" of these tests.
var custTestNow = time.Date(2026, 3, 1, 10, 0, 0, 0, time.Local)

// custFixture is a test app, a database with three customers, and the
// Customers screen in a test window.
type custFixture struct {
	app    *app.App
	deps   *Deps
	screen *customersScreen
	ids    map[string]string // name → id
}

// newCustFixture opens a temporary database, adds 张伟, 李娜 and 王芳, and
// shows the Customers screen. Tests must not run in parallel: each test app
// replaces Fyne's global app.
func newCustFixture(t *testing.T) *custFixture {
	t.Helper()
	test.NewTempApp(t)
	a, err := app.Open(app.Options{Path: filepath.Join(t.TempDir(), "t.db"), Clock: func() time.Time { return custTestNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { custWaitIdle(t); a.Close() })
	fx := &custFixture{app: a, ids: map[string]string{}}
	for _, in := range []models.CustomerInput{
		{Name: "张伟", Phones: []string{"138 0013 8000"}, Labels: []string{"本人"}, Addresses: []string{"北京市朝阳区建国路88号"}},
		{Name: "李娜", Phones: []string{"13912345678"}, Addresses: []string{"上海市浦东新区世纪大道1号"}},
		{Name: "王芳", Phones: []string{"010-88886666"}, Addresses: []string{"广州市天河区体育西路2号"}},
	} {
		c, err := a.CreateCustomer(in, app.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		fx.ids[c.Name] = c.ID
	}
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1280, 800))
	fx.deps = &Deps{App: a, Window: w}
	fx.screen = newCustomersScreen(fx.deps)
	w.SetContent(fx.screen.content())
	custUI(func() { fx.screen.shown() })
	custWaitIdle(t)
	return fx
}

// custWaitIdle waits up to 3 s for every background job of the customer
// screens to finish and apply its result.
func custWaitIdle(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for custPending.Load() != 0 {
		if time.Now().After(deadline) {
			t.Fatal("background work did not finish within 3 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// custUI runs an interaction the way the app's UI goroutine would: the
// test driver applies background results on their own goroutines, so the
// interaction holds the lock those results are applied under.
func custUI(f func()) {
	custApplyMu.Lock()
	defer custApplyMu.Unlock()
	f()
}

// custEventually polls cond (on the UI goroutine) until it holds, for up
// to 2 s.
func custEventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for {
		custWaitIdle(t)
		ok := false
		fyne.DoAndWait(func() { custUI(func() { ok = cond() }) })
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// custLabelTexts collects the texts of every label rendered inside o.
func custLabelTexts(o fyne.CanvasObject) []string {
	var out []string
	for _, c := range test.LaidOutObjects(o) {
		if l, ok := c.(*widget.Label); ok && l.Visible() && l.Text != "" {
			out = append(out, l.Text)
		}
	}
	return out
}

// custContains reports whether a text in texts contains want.
func custContains(texts []string, want string) bool {
	for _, s := range texts {
		if strings.Contains(s, want) {
			return true
		}
	}
	return false
}

func TestCustomersSearchByPhoneSuffix(t *testing.T) {
	fx := newCustFixture(t)
	s := fx.screen
	if len(s.results) != 3 || s.count.Text != "3 customers" {
		t.Fatalf("initial list: %d results, count %q", len(s.results), s.count.Text)
	}

	custUI(func() { test.Type(s.search, "8000") })
	custEventually(t, "the search for 8000", func() bool { return s.query == "8000" && s.ready })
	if len(s.results) != 1 || s.results[0].Name != "张伟" {
		t.Fatalf("search 8000: got %+v, want only 张伟", s.results)
	}
	if s.count.Text != "1 customer" {
		t.Errorf("count = %q, want 1 customer", s.count.Text)
	}
	texts := custLabelTexts(s.list)
	if !custContains(texts, "张伟") || !custContains(texts, "138 0013 8000") || custContains(texts, "李娜") {
		t.Errorf("list shows %q, want 张伟 with 138 0013 8000 only", texts)
	}

	// Enter selects the first result and shows it on the right.
	custUI(func() { s.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	custEventually(t, "the detail of 张伟", func() bool { return s.detail.customer != nil })
	if s.detail.customerID() != fx.ids["张伟"] || s.detail.name.Text != "张伟" {
		t.Errorf("detail shows %q, want 张伟", s.detail.name.Text)
	}
	if !strings.Contains(s.detail.phones.Text, "138 0013 8000  (本人)") {
		t.Errorf("phones = %q", s.detail.phones.Text)
	}
	if len(s.detail.history) != 1 || s.detail.historyHead(s.detail.history[0]) == "" {
		t.Errorf("history = %+v, want the creation", s.detail.history)
	}
}

func TestCustomersSearchPagesAsYouScroll(t *testing.T) {
	fx := newCustFixture(t)
	for i := range 120 {
		in := models.CustomerInput{Name: "客户" + strconv.Itoa(i), Phones: []string{"1370000" + strconv.Itoa(1000+i)}}
		if _, err := fx.app.CreateCustomer(in, app.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	s := fx.screen
	custUI(func() { test.Type(s.search, "kehu") })
	custEventually(t, "the first page", func() bool { return s.ready && s.query == "kehu" })
	if len(s.results) != custPageSize || s.count.Text != "120 customers" {
		t.Fatalf("first page: %d rows, count %q", len(s.results), s.count.Text)
	}
	for range 3 {
		custUI(func() { s.list.ScrollToBottom() })
		custWaitIdle(t)
	}
	if len(s.results) != 120 || s.hasMore {
		t.Errorf("after scrolling: %d rows (more: %v), want 120", len(s.results), s.hasMore)
	}
}

func TestCustomerFormValidatesAsYouType(t *testing.T) {
	fx := newCustFixture(t)
	var saved *models.Customer
	f := newCustomerForm(fx.deps, nil, models.CustomerInput{})
	f.OnSaved = func(c *models.Customer) { saved = c }
	custUI(func() { f.show() })
	if !f.saveBtn.Disabled() {
		t.Fatal("Save is enabled on an empty form")
	}
	if f.nameErr.Visible() || f.phones[0].err.Visible() {
		t.Error("errors shown before anything was typed")
	}

	custUI(func() { test.Type(f.name, "赵六") })
	custUI(func() { test.Type(f.phones[0].number, "1380013") })
	if !f.phones[0].err.Visible() || !strings.Contains(f.phones[0].err.Text, "11 digits; this one has 7") {
		t.Errorf("phone error = %q (visible %v)", f.phones[0].err.Text, f.phones[0].err.Visible())
	}
	if !f.saveBtn.Disabled() {
		t.Error("Save enabled with a bad phone")
	}

	custUI(func() { f.phones[0].number.SetText("") })
	custUI(func() { test.Type(f.phones[0].number, "137 0013 7000") })
	custUI(func() { test.Type(f.phones[0].label, "本人") })
	custUI(func() { test.Tap(f.addAddress) })
	custUI(func() { test.Type(f.addresses[1].text, "深圳市南山区科技园") })
	if f.phones[0].err.Visible() || f.saveBtn.Disabled() {
		t.Fatalf("good input: phone error %q, save disabled %v", f.phones[0].err.Text, f.saveBtn.Disabled())
	}
	custUI(func() { test.Tap(f.saveBtn) })
	custWaitIdle(t)
	if saved == nil || saved.Name != "赵六" || saved.MainPhone() != "13700137000" || saved.MainAddress() != "深圳市南山区科技园" {
		t.Fatalf("saved = %+v", saved)
	}
	if n, _ := fx.app.CountCustomers(context.Background(), "13700137000", false); n != 1 {
		t.Errorf("%d customers with the new phone, want 1", n)
	}
}

func TestCustomerFormKeepsInputOnError(t *testing.T) {
	fx := newCustFixture(t)
	f := newCustomerForm(fx.deps, &models.Customer{Base: models.Base{ID: "gone"}, Name: "X"},
		models.CustomerInput{Name: "不存在", Phones: []string{"13600136000"}})
	custUI(func() { f.show() })
	custUI(func() { test.Tap(f.saveBtn) })
	custWaitIdle(t)
	if !f.formErr.Visible() || !strings.Contains(f.formErr.Text, "no longer exists") {
		t.Errorf("form error = %q", f.formErr.Text)
	}
	if f.name.Text != "不存在" || f.phones[0].number.Text != "13600136000" || f.saveBtn.Disabled() {
		t.Error("the typed input was lost or Save stayed disabled")
	}
}

func TestCustomerFormDuplicatePhone(t *testing.T) {
	fx := newCustFixture(t)
	s := fx.screen
	custUI(func() { test.Type(s.search, "13800138000") })
	custWaitIdle(t)
	custUI(func() { s.search.SetText("") })
	custWaitIdle(t)

	// New customer from the screen, with 张伟's number: open the existing one.
	custUI(func() { s.onNew() })
	f := s.form
	custUI(func() { test.Type(f.name, "张伟的妻子") })
	custUI(func() { test.Type(f.phones[0].number, "13800138000") })
	custUI(func() { test.Tap(f.saveBtn) })
	custWaitIdle(t)
	if f.dup == nil || !strings.Contains(f.dup.message.Text, "张伟") || !strings.Contains(f.dup.message.Text, "138 0013 8000") {
		t.Fatalf("duplicate dialog not shown or wrong: %+v", f.dup)
	}
	custUI(func() { test.Tap(f.dup.open) })
	custEventually(t, "张伟 selected", func() bool { return s.detail.customer != nil && s.search.Text == "13800138000" && s.ready })
	if s.detail.customerID() != fx.ids["张伟"] || len(s.results) != 1 {
		t.Errorf("open existing: detail %q, results %+v", s.detail.name.Text, s.results)
	}

	// Again, back to the form keeps the input; save anyway saves.
	custUI(func() { s.onNew() })
	f = s.form
	if f.phones[0].number.Text != "13800138000" {
		t.Errorf("phone not carried over from the search: %q", f.phones[0].number.Text)
	}
	custUI(func() { test.Type(f.name, "张伟的妻子") })
	custUI(func() { test.Tap(f.saveBtn) })
	custWaitIdle(t)
	custUI(func() { test.Tap(f.dup.back) })
	if f.dup != nil || f.name.Text != "张伟的妻子" {
		t.Fatal("Back to form lost the input")
	}
	custUI(func() { test.Tap(f.saveBtn) })
	custWaitIdle(t)
	custUI(func() { test.Tap(f.dup.saveAnyway) })
	custWaitIdle(t)
	if n, _ := fx.app.CountCustomers(context.Background(), "13800138000", false); n != 2 {
		t.Errorf("%d customers share the number after Save anyway, want 2", n)
	}
}

func TestPurchaseFormWarrantyAndSave(t *testing.T) {
	fx := newCustFixture(t)
	c, err := fx.app.Customer(fx.ids["李娜"])
	if err != nil {
		t.Fatal(err)
	}
	var saved *models.Purchase
	f := newPurchaseForm(fx.deps, c, nil, fx.app.ProductTypes())
	f.OnSaved = func(p *models.Purchase) { saved = p }
	custUI(func() { f.show() })
	if f.address.Text != "上海市浦东新区世纪大道1号" {
		t.Errorf("delivery address = %q, want the main address", f.address.Text)
	}
	custUI(func() { test.Type(f.product, "三人沙发") })
	custUI(func() { f.productType.SetSelectedIndex(custIndexOf(f.typeKeys, "furniture")) })
	if f.months.Text != "36" {
		t.Errorf("months = %q, want 36 from furniture", f.months.Text)
	}
	custUI(func() { test.Type(f.date, "2099-01-01") })
	if !f.errs["purchase_date"].Visible() || !f.saveBtn.Disabled() {
		t.Error("a future date is accepted")
	}
	custUI(func() { f.date.SetText("") })
	custUI(func() { test.Type(f.date, "2023/03/15") })
	if f.expiry.Text != "In warranty, expires in 13 days (2026-03-14)" || f.expiry.Importance != widget.WarningImportance {
		t.Errorf("expiry = %q (%v)", f.expiry.Text, f.expiry.Importance)
	}
	custUI(func() { test.Tap(f.saveBtn) })
	custWaitIdle(t)
	if saved == nil || saved.WarrantyMonths != 36 || models.FormatDate(saved.PurchaseDate) != "2023-03-15" || saved.ProductType != "furniture" {
		t.Fatalf("saved = %+v", saved)
	}

	// The detail pane shows it with its warranty colour.
	custUI(func() { fx.screen.detail.load(c.ID) })
	custWaitIdle(t)
	texts := custLabelTexts(fx.screen.detail.purchaseList)
	if !custContains(texts, "三人沙发") || !custContains(texts, "expires in 13 days") {
		t.Errorf("purchase list shows %q", texts)
	}
}

func TestImportPreviewAndCommit(t *testing.T) {
	fx := newCustFixture(t)
	s := fx.screen
	csv := "姓名,手机,地址\n" +
		"新客户,13600136000,杭州市西湖区\n" +
		"重复客户,138-0013-8000,北京\n" +
		",13500135000,无名\n" +
		"坏号码,12345,广州\n" +
		"另一个新客户,0571-88887777,杭州\n"
	custUI(func() { s.previewImportData([]byte(csv)) })
	custWaitIdle(t)
	d := s.importDlg
	if d == nil {
		t.Fatal("no preview dialog")
	}
	p := d.preview
	if len(p.Rows) != 5 || p.New != 2 || p.Duplicates != 1 || p.Errors != 2 {
		t.Fatalf("preview: %d rows, %d new, %d dup, %d err", len(p.Rows), p.New, p.Duplicates, p.Errors)
	}
	if d.importBtn.Text != "Import 2 customers" || d.importBtn.Disabled() {
		t.Errorf("import button %q disabled=%v", d.importBtn.Text, d.importBtn.Disabled())
	}
	texts := custLabelTexts(d.list)
	for _, want := range []string{"Line 2", "Line 6", "New: will be imported", "Duplicate, skipped: The number 138 0013 8000 already belongs to 张伟",
		"Error, skipped: Enter the customer's name", "Error, skipped: A mobile number has 11 digits; this one has 5"} {
		if !custContains(texts, want) {
			t.Errorf("preview does not show %q; it shows %q", want, texts)
		}
	}
	custUI(func() { d.filter.SetSelectedIndex(3) })
	if d.length() != 2 {
		t.Errorf("error filter shows %d rows, want 2", d.length())
	}

	custUI(func() { test.Tap(d.importBtn) })
	custWaitIdle(t)
	for q, want := range map[string]int64{"13600136000": 1, "057188887777": 1, "13500135000": 0, "坏号码": 0, "重复客户": 0} {
		if n, _ := fx.app.CountCustomers(context.Background(), q, true); n != want {
			t.Errorf("%s: %d customers, want %d", q, n, want)
		}
	}
	if s.count.Text != "5 customers" {
		t.Errorf("count after import = %q", s.count.Text)
	}

	// Previewing again finds only duplicates; Cancel writes nothing.
	custUI(func() { s.previewImportData([]byte(csv)) })
	custWaitIdle(t)
	d = s.importDlg
	if d.preview.New != 0 || !d.importBtn.Disabled() {
		t.Errorf("second preview: %d new, import enabled %v", d.preview.New, !d.importBtn.Disabled())
	}
	custUI(func() { test.Tap(d.cancelBtn) })
	if n, _ := fx.app.CountCustomers(context.Background(), "", true); n != 5 {
		t.Errorf("%d customers after cancel, want 5", n)
	}
}

// custBuffer is an in-memory export destination.
type custBuffer struct {
	bytes.Buffer
	closed bool
}

// Close records that the export closed its file.
func (b *custBuffer) Close() error { b.closed = true; return nil }

func TestExportReportsCountAndPlace(t *testing.T) {
	fx := newCustFixture(t)
	var buf custBuffer
	custUI(func() { fx.screen.exportTo(&buf, "/tmp/customers-20260301.csv") })
	custWaitIdle(t)
	if !buf.closed || !strings.Contains(buf.String(), "张伟") || !strings.Contains(buf.String(), "王芳") {
		t.Errorf("export file: closed %v, %q", buf.closed, buf.String())
	}
	if fx.screen.exportResult != "3 customers exported to /tmp/customers-20260301.csv" {
		t.Errorf("report = %q", fx.screen.exportResult)
	}
}

func TestCustomerArchiveAndRestore(t *testing.T) {
	fx := newCustFixture(t)
	s := fx.screen
	custUI(func() { s.selectIndex(custIndexOfResult(s.results, "王芳")) })
	custWaitIdle(t)
	custUI(func() { s.setArchived(fx.ids["王芳"], true) })
	custWaitIdle(t)
	if len(s.results) != 2 || !s.detail.customer.Archived() || !s.detail.badge.Visible() || s.detail.archiveBtn.Text != "Restore" {
		t.Fatalf("after archive: %d results, badge %v, button %q", len(s.results), s.detail.badge.Visible(), s.detail.archiveBtn.Text)
	}
	custUI(func() { s.showArchived.SetChecked(true) })
	custWaitIdle(t)
	if len(s.results) != 3 || !custContains(custLabelTexts(s.list), "王芳  (archived)") {
		t.Errorf("show archived: %q", custLabelTexts(s.list))
	}
	custUI(func() { s.setArchived(fx.ids["王芳"], false) })
	custWaitIdle(t)
	if s.detail.customer.Archived() || s.detail.badge.Visible() {
		t.Error("restore did not show")
	}
}

// custIndexOfResult finds a customer in the results by name.
func custIndexOfResult(rows []app.CustomerSummary, name string) int {
	for i, r := range rows {
		if r.Name == name {
			return i
		}
	}
	return -1
}

// TestCustomersTranslationsComplete checks that every key these screens
// translate, and every err.* key of models and app, has English and
// Chinese text in the translation files, with the same placeholders.
func TestCustomersTranslationsComplete(t *testing.T) {
	keys := map[string]bool{}
	for _, file := range []string{"customers.go", "customer_form.go", "purchase_form.go", "import_dialog.go"} {
		for _, k := range custTKeys(t, file) {
			keys[k] = true
		}
	}
	errKey := regexp.MustCompile(`"(err\.[a-z0-9_.]+)"`)
	for _, pattern := range []string{"../models/*.go", "../app/*.go", "i18n.go"} {
		files, _ := filepath.Glob(pattern)
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range errKey.FindAllStringSubmatch(string(data), -1) {
				keys[m[1]] = true
			}
		}
	}
	custCheckTranslated(t, keys)
}

// custReadJSON reads flat JSON translation files under assets/ into one
// map; later files win.
func custReadJSON(t *testing.T, names ...string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join("..", "assets", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	return m
}

// custTKeys lists the literal keys passed to T in a Go file, plus the
// product_type.<key> names the catalogue needs.
func custTKeys(t *testing.T, file string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CallExpr:
			if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "T" && len(x.Args) >= 2 {
				if lit, ok := x.Args[0].(*ast.BasicLit); ok {
					k, _ := strconv.Unquote(lit.Value)
					keys = append(keys, k)
				}
			}
		case *ast.CompositeLit:
			// {key, fallback, …} tables such as custHistoryActions.
			for _, e := range x.Elts {
				if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					k, _ := strconv.Unquote(lit.Value)
					if strings.HasPrefix(k, "customers.") {
						keys = append(keys, k)
					}
				}
			}
		}
		return true
	})
	for _, pt := range assets.ProductTypes() {
		keys = append(keys, "product_type."+pt.Key)
	}
	return keys
}

// custCheckTranslated checks that every key has English and Chinese text
// in the translation files, with the same placeholders in both.
func custCheckTranslated(t *testing.T, keys map[string]bool) {
	t.Helper()
	en := custReadJSON(t, "translations/en.json")
	zh := custReadJSON(t, "translations/zh_Hans.json")
	placeholder := regexp.MustCompile(`\{\{\.[A-Za-z]+\}\}`)
	for k := range keys {
		if en[k] == "" || zh[k] == "" {
			t.Errorf("%s: en %q, zh %q", k, en[k], zh[k])
			continue
		}
		pe, pz := placeholder.FindAllString(en[k], -1), placeholder.FindAllString(zh[k], -1)
		if !slices.Equal(slices.Sorted(slices.Values(pe)), slices.Sorted(slices.Values(pz))) {
			t.Errorf("%s: placeholders differ: %v / %v", k, pe, pz)
		}
	}
}
