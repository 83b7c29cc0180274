package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"gorm.io/gorm"

	"aftercare/models"
)

func mustPreview(t *testing.T, a *App, data []byte) *ImportPreview {
	t.Helper()
	p, err := a.PreviewImport(data)
	if err != nil {
		t.Fatalf("preview: %v", err)
	}
	return p
}

func countRows(t *testing.T, a *App, model any) int64 {
	t.Helper()
	var n int64
	if err := a.db.Model(model).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportGB18030(t *testing.T) {
	a := newTestApp(t)
	text := "姓名,手机,地址,备注\r\n张伟,138 0013 8000,北京市朝阳区建国路88号,老客户\r\n李娜,010-88886666,上海市浦东新区世纪大道1号,\r\n"
	data, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	p := mustPreview(t, a, data)
	if p.New != 2 || p.Errors != 0 || p.Duplicates != 0 {
		t.Fatalf("preview %+v", p)
	}
	r := p.Rows[0]
	if r.Line != 2 || r.Name != "张伟" || len(r.Phones) != 1 || r.Phones[0] != "13800138000" || r.Address != "北京市朝阳区建国路88号" || r.Notes != "老客户" {
		t.Fatalf("row 0: %+v", r)
	}
	if p.Rows[1].Phones[0] != "01088886666" || p.Rows[1].Line != 3 {
		t.Fatalf("row 1: %+v", p.Rows[1])
	}
	n, err := a.CommitImport(p)
	if err != nil || n != 2 {
		t.Fatalf("commit: %d, %v", n, err)
	}
	got, err := a.SearchCustomers(context.Background(), "8000", SearchOptions{})
	if err != nil || len(got) != 1 || got[0].Name != "张伟" || got[0].Address != "北京市朝阳区建国路88号" {
		t.Fatalf("search after import: %+v %v", got, err)
	}
	h, err := a.CustomerHistory(got[0].ID)
	if err != nil || len(h) != 1 || h[0].Action != "import" || h[0].Actor != "tester" {
		t.Fatalf("history: %+v %v", h, err)
	}
}

func TestImportUTF8BOMAndEnglishHeader(t *testing.T) {
	a := newTestApp(t)
	data := []byte("\ufeffName;Mobile;Address;Notes\n王芳;+86 139-1234-5678;广州市天河区体育西路1号;\n")
	p := mustPreview(t, a, data)
	if p.New != 1 || p.Rows[0].Name != "王芳" || p.Rows[0].Phones[0] != "13912345678" {
		t.Fatalf("preview %+v", p)
	}
}

func TestImportQuotedCommasAndLineBreaks(t *testing.T) {
	a := newTestApp(t)
	data := []byte("姓名,电话,地址,备注\n" +
		"\"赵敏\",\"13700001111, 021-55556666\",\"上海市徐汇区漕溪北路1号, 3号楼\",\"第一行\n第二行\"\n" +
		"钱多多,13700002222,,\n")
	p := mustPreview(t, a, data)
	if p.New != 2 {
		t.Fatalf("preview %+v", p)
	}
	r := p.Rows[0]
	if r.Address != "上海市徐汇区漕溪北路1号, 3号楼" || r.Notes != "第一行\n第二行" ||
		len(r.Phones) != 2 || r.Phones[1] != "02155556666" {
		t.Fatalf("row 0: %+v", r)
	}
	if p.Rows[1].Line != 4 {
		t.Fatalf("a row after a two-line cell starts on line %d, want 4", p.Rows[1].Line)
	}
	if _, err := a.CommitImport(p); err != nil {
		t.Fatal(err)
	}
	c, err := a.Customer(mustFind(t, a, "赵敏").ID)
	if err != nil || c.Notes != "第一行\n第二行" || len(c.Phones) != 2 || c.MainAddress() != "上海市徐汇区漕溪北路1号, 3号楼" {
		t.Fatalf("saved: %+v %v", c, err)
	}
}

func mustFind(t *testing.T, a *App, q string) CustomerSummary {
	t.Helper()
	got, err := a.SearchCustomers(context.Background(), q, SearchOptions{IncludeArchived: true})
	if err != nil || len(got) != 1 {
		t.Fatalf("search %q: %+v %v", q, got, err)
	}
	return got[0]
}

func TestImportDuplicatesAndErrors(t *testing.T) {
	a := newTestApp(t)
	existing := mustCreate(t, a, "张伟", "13800138000")
	data := []byte("姓名,手机,地址\n" +
		"张伟伟,0086 138-0013-8000,\n" + // line 2: number of a saved customer
		"李雷,13900001111,\n" + // line 3: new
		"韩梅梅,139 0000 1111,\n" + // line 4: same number as line 3
		",12345,\n" + // line 5: no name, bad number
		"王五,13900002222/13900001111,\n") // line 6: second number repeats line 3
	p := mustPreview(t, a, data)
	if p.New != 1 || p.Duplicates != 3 || p.Errors != 1 || len(p.Rows) != 5 {
		t.Fatalf("counts: new %d dup %d err %d", p.New, p.Duplicates, p.Errors)
	}
	r := p.Rows[0]
	var fe *models.FieldError
	if r.Status != ImportDuplicate || r.ExistingID != existing.ID || !errors.As(r.Problem, &fe) ||
		fe.Key != "err.import.duplicate_db" || fe.Data["Name"] != "张伟" || fe.Data["Phone"] != "138 0013 8000" {
		t.Fatalf("db duplicate: %+v (%#v)", r, r.Problem)
	}
	for _, i := range []int{2, 4} {
		r = p.Rows[i]
		if r.Status != ImportDuplicate || r.ExistingID != "" || !errors.As(r.Problem, &fe) ||
			fe.Key != "err.import.duplicate_row" || fe.Data["Line"] != 3 {
			t.Fatalf("row duplicate on line %d: %+v", r.Line, r)
		}
	}
	r = p.Rows[3]
	ve := models.AsFieldErrors(r.Problem)
	if r.Status != ImportError || r.Line != 5 || ve.ForField("name") == nil || ve.ForField("phone") == nil {
		t.Fatalf("invalid row: %+v", r)
	}
	if _, ok := r.Problem.(models.ValidationErrors); !ok {
		t.Fatalf("problem of an invalid row is %T, want models.ValidationErrors", r.Problem)
	}
	if p.Rows[1].Status != ImportNew {
		t.Fatalf("new row: %+v", p.Rows[1])
	}
	n, err := a.CommitImport(p)
	if err != nil || n != 1 {
		t.Fatalf("commit: %d %v", n, err)
	}
	if c := countRows(t, a, &models.Customer{}); c != 2 {
		t.Fatalf("%d customers, want 2", c)
	}
}

func TestImportFileErrors(t *testing.T) {
	a := newTestApp(t)
	for data, key := range map[string]string{
		"":                      "err.csv.empty",
		"姓名,地址\n张三,北京\n":        "err.csv.no_phone",
		"手机,地址\n13800138000,\n": "err.csv.no_name",
	} {
		_, err := a.PreviewImport([]byte(data))
		fe := models.AsFieldErrors(err)
		if len(fe) != 1 || fe[0].Key != key || !strings.HasPrefix(err.Error(), "import: ") {
			t.Errorf("%q: got %v, want %s", data, err, key)
		}
	}
}

func TestCommitImportTwiceAndConcurrentChange(t *testing.T) {
	a := newTestApp(t)
	data := []byte("姓名,手机\n甲,13800000001\n乙,13800000002\n丙,13800000003\n")
	p := mustPreview(t, a, data)
	again := mustPreview(t, a, data)
	// Someone saves 乙's number between preview and commit.
	other := mustCreate(t, a, "别人", "13800000002")
	n, err := a.CommitImport(p)
	if err != nil || n != 2 {
		t.Fatalf("commit: %d %v", n, err)
	}
	if p.New != 2 || p.Duplicates != 1 || p.Rows[1].Status != ImportDuplicate || p.Rows[1].ExistingID != other.ID {
		t.Fatalf("preview after commit: %+v", p)
	}
	customers, audits := countRows(t, a, &models.Customer{}), countRows(t, a, &models.AuditEntry{})
	n, err = a.CommitImport(again)
	if err != nil || n != 0 {
		t.Fatalf("second commit: %d %v", n, err)
	}
	if again.New != 0 || again.Duplicates != 3 {
		t.Fatalf("second preview after commit: %+v", again)
	}
	if countRows(t, a, &models.Customer{}) != customers || countRows(t, a, &models.AuditEntry{}) != audits {
		t.Fatal("a second commit of the same file added rows")
	}
	if n, err := a.CommitImport(nil); err == nil || n != 0 {
		t.Fatalf("nil preview: %d %v", n, err)
	}
}

func TestCommitImportAllOrNothing(t *testing.T) {
	a := newTestApp(t)
	var sb strings.Builder
	sb.WriteString("姓名,手机,地址\n")
	for i := range 1200 {
		addr := "成都市武侯区人民南路" + string(rune('0'+i%10)) + "号"
		if i == 1100 {
			addr = "拒收地址"
		}
		sb.WriteString("客户" + strings.Repeat("一", 1+i%3) + "," + fmt.Sprintf("1390000%04d", i) + "," + addr + "\n")
	}
	p := mustPreview(t, a, []byte(sb.String()))
	if p.New != 1200 {
		t.Fatalf("preview: %+v", p)
	}
	// The database refuses one address late in the batch.
	refuse := []string{`CREATE TRIGGER refuse BEFORE INSERT ON addresses WHEN NEW.text = '拒收地址'
		BEGIN SELECT RAISE(ABORT, 'refused'); END`}
	if a.Postgres() {
		refuse = []string{`CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN IF NEW.text = '拒收地址' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$`,
			`CREATE TRIGGER refuse BEFORE INSERT ON addresses FOR EACH ROW EXECUTE FUNCTION refuse()`}
	}
	for _, q := range refuse {
		if err := a.db.Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
	n, err := a.CommitImport(p)
	if err == nil || n != 0 || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("commit: %d %v", n, err)
	}
	for _, m := range []any{&models.Customer{}, &models.Phone{}, &models.Address{}, &models.AuditEntry{}} {
		if c := countRows(t, a, m); c != 0 {
			t.Fatalf("%T: %d rows after a failed import", m, c)
		}
	}
	if p.New != 1200 || p.Rows[0].Status != ImportNew {
		t.Fatal("a failed commit changed the preview")
	}
	if a.Postgres() {
		a.db.Exec("DROP TRIGGER refuse ON addresses")
	} else {
		a.db.Exec("DROP TRIGGER refuse")
	}
	if n, err := a.CommitImport(p); err != nil || n != 1200 {
		t.Fatalf("retry: %d %v", n, err)
	}
	if c := countRows(t, a, &models.AuditEntry{}); c != 1200 {
		t.Fatalf("%d audit entries, want one per customer", c)
	}
}

// customerKey is everything an export carries, for comparing two databases.
func customerKey(c *models.Customer) string {
	var phones, addrs []string
	for _, p := range c.Phones {
		phones = append(phones, p.Number)
	}
	for _, a := range c.Addresses {
		addrs = append(addrs, a.Text)
	}
	return c.Name + "|" + strings.Join(phones, ",") + "|" + strings.Join(addrs, ";") + "|" + c.Notes
}

func byPosition(db *gorm.DB) *gorm.DB { return db.Order("position") }

func allCustomerKeys(t *testing.T, a *App) []string {
	t.Helper()
	var cs []models.Customer
	if err := a.db.Preload("Phones", byPosition).Preload("Addresses", byPosition).Find(&cs).Error; err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(cs))
	for i := range cs {
		out[i] = customerKey(&cs[i])
	}
	sort.Strings(out)
	return out
}

func TestExportImportRoundTrip(t *testing.T) {
	a := newTestApp(t)
	if _, err := a.Demo(DemoOptions{Customers: 200, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	// Spreadsheet formulas are neutralised and come back intact.
	mustCreate(t, a, "+刘总", "13511112222")
	var buf bytes.Buffer
	n, err := a.ExportCustomers(&buf, false)
	if err != nil || n != 201 {
		t.Fatalf("export: %d %v", n, err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "\ufeff姓名,手机,其他电话,地址,其他地址,备注,创建时间\r\n") {
		t.Fatalf("export header: %q", out[:min(len(out), 80)])
	}
	if !strings.Contains(out, "'+刘总,135 1111 2222,") {
		t.Fatalf("formula cell not neutralised")
	}
	// Importing the export into the same database: all duplicates.
	p := mustPreview(t, a, buf.Bytes())
	if p.Duplicates != 201 || p.New != 0 || p.Errors != 0 {
		t.Fatalf("re-import preview: new %d dup %d err %d", p.New, p.Duplicates, p.Errors)
	}
	// Into a fresh database: the same customers, every phone and address.
	b := newTestApp(t)
	p = mustPreview(t, b, buf.Bytes())
	if p.New != 201 {
		for _, r := range p.Rows {
			if r.Status != ImportNew {
				t.Logf("line %d: %v", r.Line, r.Problem)
			}
		}
		t.Fatalf("fresh import preview: new %d dup %d err %d", p.New, p.Duplicates, p.Errors)
	}
	if n, err := b.CommitImport(p); err != nil || n != 201 {
		t.Fatalf("fresh import: %d %v", n, err)
	}
	ka, kb := allCustomerKeys(t, a), allCustomerKeys(t, b)
	for i := range ka {
		if ka[i] != kb[i] {
			t.Fatalf("round trip changed a customer:\n%s\n%s", ka[i], kb[i])
		}
	}
}

func TestExportArchived(t *testing.T) {
	a := newTestApp(t)
	c := mustCreate(t, a, "张伟", "13800138000")
	mustCreate(t, a, "李娜", "13900139000")
	if err := a.ArchiveCustomer(c.ID); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if n, err := a.ExportCustomers(&buf, false); err != nil || n != 1 || strings.Contains(buf.String(), "张伟") {
		t.Fatalf("export without archived: %d %v", n, err)
	}
	buf.Reset()
	if n, err := a.ExportCustomers(&buf, true); err != nil || n != 2 || !strings.Contains(buf.String(), "张伟,138 0013 8000,,北京市朝阳区建国路88号,,,2026-11-23") {
		t.Fatalf("export with archived: %d %v\n%s", n, err, buf.String())
	}
}
