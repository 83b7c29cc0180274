package screens

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// monthsTestNow is early November: the screen opens on October.
var monthsTestNow = time.Date(2026, 11, 5, 10, 0, 0, 0, time.Local)

// monthsFixture is an app that needs sign-in, with a general manager
// (王总, PIN 2580), a business manager (孙经理) and finance (会计小陈, both
// PIN 2468), a delivery worker 赵师傅 with October records, and the Month
// close screen in a test window.
type monthsFixture struct {
	app           *app.App
	w             fyne.Window
	screen        *monthsScreen
	gm, bm, fin   *models.Staff
	zhao          *models.Staff
	ticketID, num string // the ticket one October record points to
}

func newMonthsFixture(t *testing.T) *monthsFixture {
	t.Helper()
	test.NewTempApp(t)
	a, err := app.Open(app.Options{Path: filepath.Join(t.TempDir(), "t.db"), Clock: func() time.Time { return monthsTestNow }, RequireSignIn: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { custWaitIdle(t); a.Close() })
	fx := &monthsFixture{app: a}
	if fx.gm, err = a.CreateFirstAccount(models.StaffInput{Name: "王总"}, "2580"); err != nil {
		t.Fatal(err)
	}
	mk := func(name string, role models.Role, pin bool) *models.Staff {
		s, err := a.CreateStaff(models.StaffInput{Name: name, Roles: []models.Role{role}, Active: true})
		if err != nil {
			t.Fatal(err)
		}
		if pin {
			if err := a.SetSecret(s.ID, "", "2468"); err != nil {
				t.Fatal(err)
			}
		}
		return s
	}
	fx.bm, fx.fin, fx.zhao = mk("孙经理", models.RoleBusinessManager, true), mk("会计小陈", models.RoleFinance, true), mk("赵师傅", models.RoleDelivery, false)
	c, err := a.CreateCustomer(models.CustomerInput{Name: "王小明", Phones: []string{"13800138000"}, Addresses: []string{"深圳市南山区科技园"}}, app.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	d, err := a.CreateTicket(app.IntakeInput{CustomerID: c.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "衣柜门板脱落"})
	if err != nil {
		t.Fatal(err)
	}
	fx.ticketID, fx.num = d.Ticket.ID, d.Ticket.Number
	fx.signIn(t, fx.bm)
	fx.record(t, "2026-10-03", "uniform", "2", "", "")
	fx.record(t, "2026-10-09", "gift_refused", "", "", "")
	fx.record(t, "2026-10-15", "installation", "", "", fx.ticketID)

	fx.w = test.NewTempWindow(t, nil)
	fx.w.Resize(fyne.NewSize(1280, 800))
	fx.screen = newMonthsScreen(&Deps{App: a, Window: fx.w})
	fx.w.SetContent(fx.screen.content())
	fx.show(t)
	return fx
}

// record adds a record for 赵师傅 as the person signed in.
func (fx *monthsFixture) record(t *testing.T, date, code, qty, amount, ticket string) *models.ConductRecord {
	t.Helper()
	rules, err := fx.app.ConductRules(false)
	if err != nil {
		t.Fatal(err)
	}
	in := models.RecordInput{StaffID: fx.zhao.ID, Date: date, Qty: qty, Amount: amount, Source: models.RecSpotCheck, TicketID: ticket}
	for _, r := range rules {
		if r.Code == code {
			in.RuleID = r.ID
		}
	}
	rec, err := fx.app.AddRecord(in)
	if err != nil {
		t.Fatalf("record %s: %v", code, err)
	}
	return rec
}

func (fx *monthsFixture) signIn(t *testing.T, s *models.Staff) {
	t.Helper()
	pin := "2468"
	if s.ID == fx.gm.ID {
		pin = "2580"
	}
	if _, err := fx.app.SignIn(s.ID, pin); err != nil {
		t.Fatal(err)
	}
}

// show reloads the screen as switching to the area does.
func (fx *monthsFixture) show(t *testing.T) {
	t.Helper()
	custUI(fx.screen.shown)
	custWaitIdle(t)
}

// tap taps a button and waits for the background work.
func (fx *monthsFixture) tap(t *testing.T, b *widget.Button) {
	t.Helper()
	if !b.Visible() || b.Disabled() {
		t.Fatalf("%q cannot be tapped (visible %v, disabled %v)", b.Text, b.Visible(), b.Disabled())
	}
	custUI(func() { test.Tap(b) })
	custWaitIdle(t)
}

// confirm answers the question the last step asked.
func (fx *monthsFixture) confirm(t *testing.T) {
	t.Helper()
	c := fx.screen.confirm
	if c == nil {
		t.Fatal("no question was asked")
	}
	fx.screen.confirm = nil
	fx.tap(t, c.ok)
}

func (fx *monthsFixture) status() models.MonthStatus {
	v, _ := fx.app.Month("2026-10")
	return v.Close.Status
}

// usable reports whether a step's button is shown and enabled.
func usable(b *widget.Button) bool { return b.Visible() && !b.Disabled() }

func TestMonthsShowsTheMonthTotalsAndRecords(t *testing.T) {
	fx := newMonthsFixture(t)
	s := fx.screen
	if s.monthLabel.Text != "2026-10" {
		t.Fatalf("opened on %q: in the first ten days the previous month is shown", s.monthLabel.Text)
	}
	if got := defaultCloseMonth(time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local)); models.MonthOf(got) != "2026-11" {
		t.Fatalf("late in the month: %s", got)
	}
	if got := defaultCloseMonth(time.Date(2026, 1, 3, 9, 0, 0, 0, time.Local)); models.MonthOf(got) != "2025-12" {
		t.Fatalf("early January: %s", got)
	}
	if !strings.Contains(s.status.Text, "Open") {
		t.Fatalf("status %q", s.status.Text)
	}
	// 赵师傅: 2 × −10, +20, −200 and probation; then the shop's totals.
	if rows, _ := s.summaryLength(); rows != 2 {
		t.Fatalf("%d summary rows, want the person and the total", rows)
	}
	want := [][]string{
		{"赵师傅", "3", "¥220", "¥20", "−¥200", "Yes", "—"},
		{"Shop total", "3", "¥220", "¥20", "−¥200", "1", "—"},
	}
	for r, cols := range want {
		for c, w := range cols {
			if got := s.summaryText(r, c); got != w {
				t.Errorf("summary row %d col %d: %q, want %q", r, c, got, w)
			}
		}
	}
	if rows, _ := s.recordsLength(); rows != 3 {
		t.Fatalf("%d records", rows)
	}
	if got := s.recordText(0, 2); got == "" || strings.HasPrefix(got, "conduct.") {
		t.Errorf("the rule's name key is shown as a key: %q", got)
	}
	if s.recordText(0, 4) != "−¥20" || s.recordText(0, 3) != "2" || s.recordText(0, 5) != "Spot check" || s.recordText(0, 7) != "孙经理" {
		t.Errorf("first record: %q %q %q %q", s.recordText(0, 4), s.recordText(0, 3), s.recordText(0, 5), s.recordText(0, 7))
	}
	if s.recordText(2, 6) != fx.num || !strings.Contains(s.recordText(2, 2), "probation") {
		t.Errorf("installation record: ticket %q, rule %q", s.recordText(2, 6), s.recordText(2, 2))
	}
	// The business manager may compile; the other steps are not offered yet.
	if !usable(s.compileBtn) || s.approveBtn.Visible() || s.executeBtn.Visible() || s.roleHint.Visible() {
		t.Fatal("an open month offers the business manager Compile only")
	}
	// The picker stops at the current month.
	fx.tap(t, s.nextBtn)
	if s.monthLabel.Text != "2026-11" || !s.nextBtn.Disabled() || !s.summaryEmpty.Visible() {
		t.Fatalf("next month: %q, next disabled %v, empty shown %v", s.monthLabel.Text, s.nextBtn.Disabled(), s.summaryEmpty.Visible())
	}
	fx.tap(t, s.prevBtn)
	if s.monthLabel.Text != "2026-10" || s.summaryText(0, 0) != "赵师傅" {
		t.Fatalf("back: %q", s.monthLabel.Text)
	}
}

func TestMonthsCompileApproveAndExecuteByRole(t *testing.T) {
	fx := newMonthsFixture(t)
	s := fx.screen

	// The business manager compiles, after confirming.
	fx.tap(t, s.compileBtn)
	if fx.status() != models.MonthOpen {
		t.Fatal("compiled before the question was answered")
	}
	fx.confirm(t)
	if fx.status() != models.MonthCompiled {
		t.Fatalf("status after compile: %s", fx.status())
	}
	if !strings.Contains(s.steps.Text, "Compiled by 孙经理 on 2026-11-05 10:00") || !s.actionMsg.Visible() {
		t.Fatalf("steps %q", s.steps.Text)
	}
	// Approving is offered, but the business manager may not: the hint names the role.
	if !s.approveBtn.Visible() || !s.approveBtn.Disabled() || !s.returnBtn.Disabled() || !usable(s.reopenBtn) {
		t.Fatal("a compiled month as the business manager: Approve and Return disabled, Reopen enabled")
	}
	if !s.roleHint.Visible() || !strings.Contains(s.roleHint.Text, "General manager") {
		t.Fatalf("role hint %q", s.roleHint.Text)
	}

	// Signed in as the general manager, the screen offers approval; if the
	// person changes before the screen does, app refuses and the refusal
	// names the role.
	fx.signIn(t, fx.gm)
	fx.show(t)
	if !usable(s.approveBtn) || !usable(s.returnBtn) || s.roleHint.Visible() {
		t.Fatal("the general manager cannot approve")
	}
	fx.signIn(t, fx.bm)
	fx.tap(t, s.approveBtn)
	fx.confirm(t)
	if fx.status() != models.MonthCompiled {
		t.Fatal("the business manager approved")
	}
	if !s.actionErr.Visible() || !strings.Contains(s.actionErr.Text, "孙经理 may not do this") || !strings.Contains(s.actionErr.Text, "General manager") {
		t.Fatalf("refusal shown: %q", s.actionErr.Text)
	}
	if !s.approveBtn.Disabled() {
		t.Fatal("after the refusal the screen still offers approval to the business manager")
	}

	// The general manager returns it; a comment is required.
	fx.signIn(t, fx.gm)
	fx.show(t)
	fx.tap(t, s.returnBtn)
	r := s.returnDlg
	fx.tap(t, r.send)
	if !r.err.Visible() || fx.status() != models.MonthCompiled {
		t.Fatal("returned without a comment")
	}
	custUI(func() { test.Type(r.comment, "12日抽查漏录一条，请补录后重新汇总") })
	fx.tap(t, r.send)
	if fx.status() != models.MonthReturned {
		t.Fatalf("status after return: %s (%q)", fx.status(), s.actionErr.Text)
	}
	if !s.returnedBox.Visible() || s.returned.Text != "12日抽查漏录一条，请补录后重新汇总" || !strings.Contains(s.returnedBy.Text, "王总") {
		t.Fatalf("the comment is not shown: %v %q %q", s.returnedBox.Visible(), s.returned.Text, s.returnedBy.Text)
	}
	if s.compileBtn.Disabled() { // the general manager may compile too
		t.Fatal("no Compile for a returned month")
	}

	// The business manager adds the missing record and compiles again.
	fx.signIn(t, fx.bm)
	fx.record(t, "2026-10-12", "conduct", "", "", "")
	fx.show(t)
	if s.summaryText(0, 1) != "4" {
		t.Fatalf("the new record is not counted: %q", s.summaryText(0, 1))
	}
	fx.tap(t, s.compileBtn)
	fx.confirm(t)
	if fx.status() != models.MonthCompiled || s.returnedBox.Visible() {
		t.Fatalf("compiled again: %s, comment still shown %v", fx.status(), s.returnedBox.Visible())
	}

	// The general manager approves; finance's step is then shown to them
	// disabled, naming the role.
	fx.signIn(t, fx.gm)
	fx.show(t)
	fx.tap(t, s.approveBtn)
	fx.confirm(t)
	if fx.status() != models.MonthApproved {
		t.Fatalf("status after approval: %s (%q)", fx.status(), s.actionErr.Text)
	}
	if !strings.Contains(s.steps.Text, "Approved by 王总") || !s.executeBtn.Disabled() || !strings.Contains(s.roleHint.Text, "Finance") {
		t.Fatalf("approved: steps %q, hint %q", s.steps.Text, s.roleHint.Text)
	}
	if s.compileBtn.Visible() || s.approveBtn.Visible() {
		t.Fatal("an approved month still offers compile or approve")
	}

	// Finance marks it executed.
	fx.signIn(t, fx.fin)
	fx.show(t)
	fx.tap(t, s.executeBtn)
	fx.confirm(t)
	if fx.status() != models.MonthExecuted {
		t.Fatalf("status after execute: %s (%q)", fx.status(), s.actionErr.Text)
	}
	if !strings.Contains(s.steps.Text, "Marked executed by 会计小陈") || s.executeBtn.Visible() || s.roleHint.Visible() {
		t.Fatalf("executed: %q", s.steps.Text)
	}
}

func TestMonthsReopenAndAdjustments(t *testing.T) {
	fx := newMonthsFixture(t)
	s := fx.screen
	fx.tap(t, s.compileBtn)
	fx.confirm(t)
	fx.tap(t, s.reopenBtn)
	if fx.status() != models.MonthOpen || !usable(s.compileBtn) {
		t.Fatalf("reopened: %s", fx.status())
	}
	// Compile and approve, then correct a record of October in November.
	fx.tap(t, s.compileBtn)
	fx.confirm(t)
	fx.signIn(t, fx.gm)
	fx.show(t)
	fx.tap(t, s.approveBtn)
	fx.confirm(t)
	v, _ := fx.app.Month("2026-10")
	inst := v.Records[2]
	if _, err := fx.app.AddRecord(models.RecordInput{StaffID: fx.zhao.ID, Date: "2026-11-03", RuleID: *inst.RuleID, Amount: "+100",
		Source: models.RecComplaint, AdjustsID: inst.ID}); err != nil {
		t.Fatal(err)
	}
	fx.tap(t, s.nextBtn)
	if got := s.recordText(0, 2); !strings.HasPrefix(got, "Correction of 2026-10: ") {
		t.Fatalf("the adjustment does not name the month it corrects: %q", got)
	}
	if s.recordText(0, 4) != "+¥100" || s.summaryText(0, 4) != "+¥100" {
		t.Fatalf("adjustment amount %q, net %q", s.recordText(0, 4), s.summaryText(0, 4))
	}
}

func TestMonthsWarnsWhenCompiledTotalsDiffer(t *testing.T) {
	fx := newMonthsFixture(t)
	s := fx.screen
	fx.tap(t, s.compileBtn)
	fx.confirm(t)
	if s.changed.Visible() {
		t.Fatalf("a freshly compiled month warns: %q", s.changed.Text)
	}
	// The records can no longer change through app while compiled; make
	// the stored summary stale the way an older version's data could be.
	custUI(func() {
		s.view.Compiled[0].Penalties -= 1000
		s.view.Compiled[0].Net += 1000
		s.fill()
	})
	if !s.changed.Visible() || !strings.Contains(s.changed.Text, "−¥190 then, −¥200 now") || !strings.Contains(s.changed.Text, "Reopen") {
		t.Fatalf("changed warning: %q", s.changed.Text)
	}
}

func TestMonthsPrintsTheStatement(t *testing.T) {
	fx := newMonthsFixture(t)
	out := fakeSlipOutput(t)
	s := fx.screen
	pick := func(direct bool) {
		t.Helper()
		custUI(func() { test.Tap(s.printBtn) })
		if s.printMenu == nil || len(s.printMenu.Items) != 2 {
			t.Fatal("no print menu")
		}
		custUI(s.printMenu.Items[map[bool]int{false: 0, true: 1}[direct]].Action)
		custWaitIdle(t)
	}
	pick(false)
	want := filepath.Join(fx.app.PrintsDir(), "statement-2026-10.pdf")
	if len(out.opened) != 1 || out.opened[0] != want || s.lastErr != nil {
		t.Fatalf("opened %v (%v), want %s", out.opened, s.lastErr, want)
	}
	if info, err := os.Stat(want); err != nil || info.Size() < 1000 {
		t.Fatalf("statement file: %v", err)
	}
	out.printErr = errors.New("lp: no default destination")
	pick(true)
	if len(out.printed) != 1 || !strings.Contains(s.lastErr.Error(), "no default destination") {
		t.Fatalf("printed %v, err %v", out.printed, s.lastErr)
	}
	if top := fx.w.Canvas().Overlays().Top(); top == nil || !custContains(custLabelTexts(top), "could not be sent to the printer") {
		t.Fatal("the failed print is not explained")
	}
}

// TestMonthsScreenshots writes PNGs of the screen in English and Chinese to
// the folder named by TD_SHOTS; it is skipped without it. Run it alone (it
// registers the Chinese table):
// TD_SHOTS=/tmp/shots go test ./screens -run TestMonthsScreenshots
func TestMonthsScreenshots(t *testing.T) {
	dir := shotsDir(t, "TD_SHOTS")
	for _, l := range []string{"en", "zh"} {
		shotsLanguage(t, l)
		fx := newMonthsFixture(t)
		fyne.CurrentApp().Settings().SetTheme(NewTheme())
		s := fx.screen
		shot := func(name string) {
			writeShot(t, fx.w, filepath.Join(dir, "months_"+l+"_"+name+".png"), false)
		}
		shot("open")
		fx.tap(t, s.compileBtn)
		shot("compile_confirm")
		fx.confirm(t)
		shot("compiled_bm")
		fx.signIn(t, fx.gm)
		fx.show(t)
		fx.tap(t, s.returnBtn)
		custUI(func() { test.Type(s.returnDlg.comment, "12日抽查漏录一条，请补录后重新汇总") })
		shot("return_dialog")
		fx.tap(t, s.returnDlg.send)
		shot("returned")
	}
}
