package screens

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"aftercare/app"
	"aftercare/models"
)

// changesFixture is the main window on one App and a second App on the
// same database file: "another PC" (two connections to one file, whose
// commits PRAGMA data_version sees).
type changesFixture struct {
	here, other *app.App
	w           fyne.Window
	m           *mainWindow
	zhang       *models.Customer
	tech        *models.Staff
}

// newChangesFixture opens the database twice, adds 张伟 and a technician,
// and shows the main window with a short change-watch interval.
func newChangesFixture(t *testing.T) *changesFixture {
	t.Helper()
	test.NewTempApp(t)
	path := filepath.Join(t.TempDir(), "shop.db")
	clock := func() time.Time { return custTestNow }
	here, err := app.Open(app.Options{Path: path, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	other, err := app.Open(app.Options{Path: path, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	fx := &changesFixture{here: here, other: other}
	t.Cleanup(func() {
		fyne.DoAndWait(func() { custUI(func() { fx.m.stopChanges() }) })
		custWaitIdle(t)
		other.Close()
		here.Close()
	})
	fx.zhang, err = here.CreateCustomer(models.CustomerInput{Name: "张伟", Phones: []string{"138 0013 8000"}, Addresses: []string{"北京市朝阳区建国路88号"}}, app.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	fx.tech, err = here.CreateStaff(models.StaffInput{Name: "李师傅", Roles: []models.Role{models.RoleTechnician}, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	prev := changesEvery
	changesEvery = 20 * time.Millisecond
	t.Cleanup(func() { changesEvery = prev })
	fx.w = test.NewTempWindow(t, nil)
	fx.w.Resize(fyne.NewSize(1280, 800))
	custUI(func() {
		fx.m = newMainWindow(&Deps{App: here, Window: fx.w})
		fx.w.SetContent(fx.m.root)
	})
	custWaitIdle(t)
	return fx
}

// area shows an area of the main window and waits for its load.
func (fx *changesFixture) area(t *testing.T, key string) {
	t.Helper()
	custUI(func() { fx.m.Area(key) })
	custWaitIdle(t)
}

func TestChangesOnAnotherPCShowInTheListShown(t *testing.T) {
	fx := newChangesFixture(t)
	start := time.Now()

	// Customers: 张伟 chosen; on the other PC he is renamed and 王芳 is added.
	fx.area(t, "nav.customers")
	cs := fx.m.customers
	if len(cs.results) != 1 {
		t.Fatalf("customers before: %+v", cs.results)
	}
	custUI(func() { cs.list.Select(0) })
	custEventually(t, "张伟 on the right", func() bool { return cs.detail.customer != nil && cs.detail.customer.Name == "张伟" })
	if _, err := fx.other.UpdateCustomer(fx.zhang.ID, models.CustomerInput{Name: "张伟强", Phones: []string{"138 0013 8000"}, Addresses: []string{"北京市朝阳区建国路88号"}}, app.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.other.CreateCustomer(models.CustomerInput{Name: "王芳", Phones: []string{"010-88886666"}}, app.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	custEventually(t, "the other PC's customers in the list", func() bool {
		return custIndexOfResult(cs.results, "王芳") >= 0 && custIndexOfResult(cs.results, "张伟强") >= 0
	})
	custEventually(t, "the renamed customer on the right", func() bool {
		return cs.detail.customerID() == fx.zhang.ID && cs.detail.name.Text == "张伟强"
	})

	// Tickets, filtered by a search typed here: the other PC's ticket for
	// 王芳 appears, the one for 张伟强 stays filtered out, the search stays.
	fx.area(t, "nav.tickets")
	ts := fx.m.tickets
	custUI(func() { test.Type(ts.search, "王芳") })
	custEventually(t, "the search applied", func() bool { return ts.ready && ts.filter.Query == "王芳" })
	if len(ts.rows) != 0 {
		t.Fatalf("tickets before: %+v", ts.rows)
	}
	var wang string
	for _, c := range fx.mustSearch(t, "王芳") {
		wang = c.ID
	}
	mine, err := fx.other.CreateTicket(app.IntakeInput{CustomerID: wang, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "冰箱不制冷"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fx.other.CreateTicket(app.IntakeInput{CustomerID: fx.zhang.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "空调漏水"}); err != nil {
		t.Fatal(err)
	}
	custEventually(t, "the other PC's ticket in the list", func() bool { return tickHasRow(ts, mine.Ticket.ID) })
	if len(ts.rows) != 1 || ts.search.Text != "王芳" || ts.count.Text != "1 ticket" {
		t.Errorf("after the change: %d rows, search %q, count %q", len(ts.rows), ts.search.Text, ts.count.Text)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("following two changes took %v", took)
	}
}

// mustSearch finds customers through the other App.
func (fx *changesFixture) mustSearch(t *testing.T, q string) []app.CustomerSummary {
	t.Helper()
	rows, err := fx.other.SearchCustomers(t.Context(), q, app.SearchOptions{})
	if err != nil || len(rows) == 0 {
		t.Fatalf("search %q: %v %v", q, rows, err)
	}
	return rows
}

func TestTicketPageBeingEditedIsNotResetByAnotherPC(t *testing.T) {
	fx := newChangesFixture(t)
	d, err := fx.here.CreateTicket(app.IntakeInput{CustomerID: fx.zhang.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "空调不制冷"})
	if err != nil {
		t.Fatal(err)
	}
	id := d.Ticket.ID
	custUI(func() { fx.m.OpenTicket(id) })
	p := fx.m.tickets.detail
	custEventually(t, "the ticket page", func() bool { return p.detail != nil && p.detail.Ticket.ID == id })
	loaded := p.detail.Ticket.Version

	// A note half typed here; the other PC assigns the technician.
	custUI(func() { test.Type(p.noteEntry, "客户说下午六点后在家") })
	if _, err := fx.other.Step(id, 0, models.StepInput{Action: models.ActAssign, TechnicianID: fx.tech.ID}); err != nil {
		t.Fatal(err)
	}
	custEventually(t, "the banner", func() bool { return p.stale.Visible() })
	// Several more looks at the same version change nothing.
	time.Sleep(5 * changesEvery)
	custWaitIdle(t)
	if p.detail.Ticket.Version != loaded || p.technician.Text != "—" || p.noteEntry.Text != "客户说下午六点后在家" {
		t.Fatalf("page reset while typing: version %d→%d, technician %q, note %q", loaded, p.detail.Ticket.Version, p.technician.Text, p.noteEntry.Text)
	}
	if p.stale.Text != "Changed on another PC — reload" {
		t.Errorf("banner text %q", p.stale.Text)
	}
	tickCapture(t, fx.w, "changes_banner") // TICK_CAPTURE=1: the window as a PNG

	// The banner reloads: the latest is shown, what was typed stays.
	custUI(func() { test.Tap(p.stale) })
	custEventually(t, "the reload", func() bool { return p.technician.Text == "李师傅" })
	if p.stale.Visible() || p.noteEntry.Text != "客户说下午六点后在家" {
		t.Errorf("after the banner: shown %v, note %q", p.stale.Visible(), p.noteEntry.Text)
	}

	// Nothing typed: a change on the other PC shows at once, no banner.
	custUI(func() { p.noteEntry.SetText("") })
	if _, err := fx.other.AddNote(id, "另一台电脑的备注"); err != nil {
		t.Fatal(err)
	}
	custEventually(t, "the other PC's note on the timeline", func() bool {
		return slices.ContainsFunc(tdTexts(p.events), func(s string) bool { return strings.Contains(s, "另一台电脑的备注") })
	})
	if p.stale.Visible() {
		t.Error("banner shown although nothing was being edited")
	}
}

func TestTicketFormRefusedByAnotherChangeKeepsWhatWasTyped(t *testing.T) {
	fx := newTDFixture(t)
	id := fx.newTicket(t, "不制冷").Ticket.ID
	fx.open(t, id)
	p := fx.page
	dlg := fx.tapAction(t, models.ActCancel)
	custUI(func() { test.Type(dlg.reason, "客户已自行修好") })
	// Someone else assigns the ticket before the form is sent.
	if _, err := fx.app.Step(id, 0, models.StepInput{Action: models.ActAssign, TechnicianID: fx.tech2.ID}); err != nil {
		t.Fatal(err)
	}
	fx.submit(t, dlg.form)
	f := dlg.form
	if f.closed || dlg.reason.Text != "客户已自行修好" {
		t.Fatalf("form closed %v, reason %q", f.closed, dlg.reason.Text)
	}
	for _, want := range []string{"someone else changed this ticket", "nothing of yours was saved", "shows the latest version"} {
		if !strings.Contains(f.formErr.Text, want) {
			t.Errorf("form message %q lacks %q", f.formErr.Text, want)
		}
	}
	if !f.okBtn.Disabled() {
		t.Error("OK stays on although it would be refused again")
	}
	fx.expectStatus(t, id, models.StatusAssigned)
	if p.technician.Text != "赵师傅" || !p.notice.Visible() {
		t.Errorf("page behind: technician %q, notice %v", p.technician.Text, p.notice.Visible())
	}
}

func TestDispatchMoveRefusedByAnotherChangeKeepsTheReason(t *testing.T) {
	fx := newBoardsFixture(t)
	li := fx.staff(t, "李师傅", models.RoleTechnician)
	wang := fx.staff(t, "王师傅", models.RoleTechnician)
	d := fx.ticket(t, fx.customer(t, "张伟", "13800138000", "北京市朝阳区建国路88号"), "空调不制冷")
	id := d.Ticket.ID
	if _, err := fx.app.Step(id, 0, models.StepInput{Action: models.ActAssign, TechnicianID: li.ID}); err != nil {
		t.Fatal(err)
	}
	s := newDispatchScreen(fx.deps)
	fx.show(t, s.content(), s.shown)
	today := models.CivilDate(boardsNow)
	wangAM := app.BookingKey(wang.ID, today, models.AM)

	// Hand it to 王师傅: a reason is asked; meanwhile someone changes it.
	custUI(func() { s.toBookList.Select(boardsIndexOf(s.toBook, id)) })
	custUI(func() { test.Tap(s.cells[wangAM]) })
	if s.reasonDlg == nil {
		t.Fatal("no reason asked")
	}
	custUI(func() { test.Type(s.reasonDlg.reason, "李师傅请假") })
	if _, err := fx.app.LogContact(id, models.ContactReached, "客户来电改约时间"); err != nil {
		t.Fatal(err)
	}
	custUI(func() { test.Tap(s.reasonDlg.ok) })
	custWaitIdle(t)
	for _, want := range []string{"Someone else changed this ticket", "nothing was saved", "shows the latest"} {
		if !strings.Contains(s.message.Text, want) {
			t.Errorf("message %q lacks %q", s.message.Text, want)
		}
	}
	got, err := fx.app.Ticket(id)
	if err != nil || got.Technician != "李师傅" || got.Ticket.Status != models.StatusAssigned {
		t.Fatalf("after the refusal: %v %s %s", err, got.Technician, got.Ticket.Status)
	}
	if s.sel == nil || s.sel.ticketID != id || s.sel.version != got.Ticket.Version {
		t.Fatalf("picked ticket after the reload: %+v (version now %d)", s.sel, got.Ticket.Version)
	}

	// Again: the reason typed before is offered, and the move goes through.
	custUI(func() { test.Tap(s.cells[wangAM]) })
	if s.reasonDlg.reason.Text != "李师傅请假" {
		t.Fatalf("reason offered again: %q", s.reasonDlg.reason.Text)
	}
	custUI(func() { test.Tap(s.reasonDlg.ok) })
	custWaitIdle(t)
	if got, err = fx.app.Ticket(id); err != nil || got.Technician != "王师傅" || got.Ticket.Status != models.StatusScheduled {
		t.Fatalf("after booking again: %v %s %s (%q)", err, got.Technician, got.Ticket.Status, s.message.Text)
	}
}
