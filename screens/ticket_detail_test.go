package screens

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// tdTestNow is the fixed "now" of the ticket page tests.
var tdTestNow = time.Date(2026, 3, 2, 10, 0, 0, 0, time.Local)

// tdFakeNav records what the ticket page asked the main window to open;
// its methods implement Navigator.
type tdFakeNav struct{ calls []string }

func (n *tdFakeNav) OpenTicket(id string) { n.calls = append(n.calls, "ticket:"+id) }
func (n *tdFakeNav) OpenTicketAction(id string, act models.Action) {
	n.calls = append(n.calls, "action:"+id+":"+string(act))
}
func (n *tdFakeNav) OpenCustomer(id string)      { n.calls = append(n.calls, "customer:"+id) }
func (n *tdFakeNav) NewTicket(customerID string) { n.calls = append(n.calls, "new:"+customerID) }
func (n *tdFakeNav) Area(key string)             { n.calls = append(n.calls, "area:"+key) }

// tdFixture is a database with a customer, staff and the ticket page in a
// window the size of the page's share of a 1280×800 main window.
type tdFixture struct {
	app      *app.App
	w        fyne.Window
	nav      *tdFakeNav
	page     *ticketDetail
	cust     *models.Customer
	purchase *models.Purchase
	tech     *models.Staff
	tech2    *models.Staff
	gm       *models.Staff
	changes  []*app.TicketDetail
}

// newTDFixture opens a temporary database with 张伟 (an air conditioner
// out of warranty), two technicians and a general manager.
func newTDFixture(t *testing.T) *tdFixture {
	t.Helper()
	test.NewTempApp(t)
	a, err := app.Open(app.Options{Path: filepath.Join(t.TempDir(), "t.db"), Clock: func() time.Time { return tdTestNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { custWaitIdle(t); a.Close() })
	fx := &tdFixture{app: a, nav: &tdFakeNav{}}
	fx.cust, err = a.CreateCustomer(models.CustomerInput{Name: "张伟", Phones: []string{"13800138000"}, Addresses: []string{"北京市朝阳区建国路88号"}}, app.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	fx.purchase, err = a.AddPurchase(fx.cust.ID, models.PurchaseInput{Product: "空调", Brand: "格力", Model: "KFR-35GW", Serial: "SN123", PurchaseDate: "2019-06-01", WarrantyMonths: "12"})
	if err != nil {
		t.Fatal(err)
	}
	staff := func(name string, r models.Role) *models.Staff {
		s, err := a.CreateStaff(models.StaffInput{Name: name, Roles: []models.Role{r}, Active: true})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	fx.tech, fx.tech2, fx.gm = staff("李师傅", models.RoleTechnician), staff("赵师傅", models.RoleTechnician), staff("王总", models.RoleGeneralManager)
	fx.w = test.NewTempWindow(t, nil)
	fx.w.Resize(fyne.NewSize(770, 800))
	fx.page = newTicketDetail(&Deps{App: a, Window: fx.w, Nav: fx.nav})
	fx.page.OnChanged = func(d *app.TicketDetail) { fx.changes = append(fx.changes, d) }
	fx.w.SetContent(fx.page.content())
	return fx
}

// newTicket opens an on-site repair of the air conditioner through app.
func (fx *tdFixture) newTicket(t *testing.T, symptom string) *app.TicketDetail {
	t.Helper()
	d, err := fx.app.CreateTicket(app.IntakeInput{CustomerID: fx.cust.ID, PurchaseID: fx.purchase.ID, Kind: models.KindRepair,
		Mode: models.ModeOnSite, Symptom: symptom, Request: "尽快上门", PreferredTime: "周末"})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// open shows a ticket on the page and waits for it.
func (fx *tdFixture) open(t *testing.T, id string) {
	t.Helper()
	custUI(func() { fx.page.show(id) })
	custWaitIdle(t)
	if fx.page.detail == nil || fx.page.detail.Ticket.ID != id {
		t.Fatalf("ticket %s not shown", id)
	}
}

// status reads a ticket's status from the database.
func (fx *tdFixture) status(t *testing.T, id string) models.Status {
	t.Helper()
	d, err := fx.app.Ticket(id)
	if err != nil {
		t.Fatal(err)
	}
	return d.Ticket.Status
}

// tdTexts collects the texts of the log entries and labels inside o.
func tdTexts(o fyne.CanvasObject) []string {
	out := custLabelTexts(o)
	for _, c := range test.LaidOutObjects(o) {
		if rt, ok := c.(*widget.RichText); ok && rt.Visible() {
			out = append(out, rt.String())
		}
	}
	return out
}

// tapAction taps the page's button for an action and waits for its dialog.
func (fx *tdFixture) tapAction(t *testing.T, act models.Action) *tdActionDialog {
	t.Helper()
	p := fx.page
	i := slices.Index(p.actionActs, act)
	if i < 0 {
		t.Fatalf("no %s button; buttons: %v", act, p.actionActs)
	}
	if p.actionBtns[i].Text != ActionLabel(act) {
		t.Errorf("button %q, want %q", p.actionBtns[i].Text, ActionLabel(act))
	}
	custUI(func() { test.Tap(p.actionBtns[i]) })
	custWaitIdle(t)
	if p.action == nil || p.action.act != act || p.action.form.closed {
		t.Fatalf("%s dialog not open", act)
	}
	return p.action
}

// submit taps a form's main button and waits for the result.
func (fx *tdFixture) submit(t *testing.T, f *tdForm) {
	t.Helper()
	custUI(func() { test.Tap(f.okBtn) })
	custWaitIdle(t)
}

// expectStatus checks the status in the database and on the page.
func (fx *tdFixture) expectStatus(t *testing.T, id string, want models.Status) {
	t.Helper()
	if got := fx.status(t, id); got != want {
		t.Fatalf("status in database %s, want %s", got, want)
	}
	if fx.page.status.Text != StatusLabel(want) {
		t.Fatalf("status on page %q, want %q", fx.page.status.Text, StatusLabel(want))
	}
}

func TestTicketDetailShowsOnlyLegalActions(t *testing.T) {
	fx := newTDFixture(t)
	d := fx.newTicket(t, "不制冷")
	fx.open(t, d.Ticket.ID)
	p := fx.page
	want := []models.Action{models.ActAssign, models.ActAbandon, models.ActCancel}
	if !slices.Equal(p.actionActs, want) || len(p.actionBtns) != len(want) {
		t.Fatalf("actions %v, want %v", p.actionActs, want)
	}
	if p.number.Text != d.Ticket.Number || !p.number.Selectable || p.status.Text != "New" {
		t.Errorf("header: %q %q", p.number.Text, p.status.Text)
	}
	texts := custLabelTexts(p.content())
	for _, s := range []string{"张伟", "138 0013 8000", "北京市朝阳区建国路88号", "格力 空调 KFR-35GW", "SN123", "不制冷", "尽快上门", "周末",
		"Out of warranty (charged)", "First response (within 24 h)", "Morning", "Call script"} {
		if s == "Morning" {
			continue // only in the dialogs
		}
		if !custContains(texts, s) {
			t.Errorf("page lacks %q", s)
		}
	}
	custUI(func() { test.Tap(p.openCustomerBtn) })
	if len(fx.nav.calls) != 1 || fx.nav.calls[0] != "customer:"+fx.cust.ID {
		t.Errorf("open customer: %v", fx.nav.calls)
	}
	// An action the ticket does not allow is refused with a reason.
	custUI(func() { p.startAction(models.ActArrive) })
	if !p.notice.Visible() || !strings.Contains(p.notice.Text, "not possible") {
		t.Errorf("illegal action notice: %q", p.notice.Text)
	}
	// The empty state.
	custUI(func() { p.clear() })
	if p.stack.Objects[0] != p.empty || p.detail != nil {
		t.Error("clear did not show the empty state")
	}
}

func TestTicketDetailActionAskedBeforeLoad(t *testing.T) {
	fx := newTDFixture(t)
	d := fx.newTicket(t, "漏水")
	custUI(func() {
		fx.page.show(d.Ticket.ID)
		fx.page.startAction(models.ActAssign)
	})
	custWaitIdle(t)
	custWaitIdle(t)
	if fx.page.action == nil || fx.page.action.act != models.ActAssign || len(fx.page.action.techs) != 2 {
		t.Fatalf("the assign dialog did not open after the load: %+v", fx.page.action)
	}
}

func TestTicketDetailOnSiteRepairToClose(t *testing.T) {
	fx := newTDFixture(t)
	d := fx.newTicket(t, "不制冷")
	id := d.Ticket.ID
	fx.open(t, id)
	p := fx.page

	// Assign: a technician is required; the dialog keeps the input.
	dlg := fx.tapAction(t, models.ActAssign)
	fx.submit(t, dlg.form)
	if !strings.Contains(dlg.form.errs["technician"].Text, "Choose a technician") || dlg.form.closed {
		t.Fatalf("missing technician not shown under the field: %q", dlg.form.errs["technician"].Text)
	}
	custUI(func() { dlg.tech.SetSelected("李师傅") })
	fx.submit(t, dlg.form)
	fx.expectStatus(t, id, models.StatusAssigned)
	if !dlg.form.closed || p.technician.Text != "李师傅" || len(fx.changes) != 1 {
		t.Fatalf("after assign: closed=%v technician %q changes %d", dlg.form.closed, p.technician.Text, len(fx.changes))
	}

	// Another ticket already has 李师傅 tomorrow morning.
	tomorrow := tdTestNow.AddDate(0, 0, 1)
	other := fx.newTicket(t, "噪音大")
	if _, err := fx.app.Step(other.Ticket.ID, 0, models.StepInput{Action: models.ActAssign, TechnicianID: fx.tech.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.app.Step(other.Ticket.ID, 0, models.StepInput{Action: models.ActSchedule, Date: tomorrow, Half: models.AM}); err != nil {
		t.Fatal(err)
	}

	// Schedule the same slot: the clash is shown; Book anyway books it.
	dlg = fx.tapAction(t, models.ActSchedule)
	custUI(func() {
		test.Type(dlg.date.entry, tomorrow.Format("2006-01-02"))
		dlg.half.SetSelected(HalfLabel(models.AM))
	})
	fx.submit(t, dlg.form)
	if p.clash == nil || dlg.clash == nil {
		t.Fatal("no clash dialog")
	}
	if !strings.Contains(p.clash.message.Text, other.Ticket.Number) || !strings.Contains(p.clash.message.Text, "张伟") {
		t.Errorf("clash message: %q", p.clash.message.Text)
	}
	fx.expectStatus(t, id, models.StatusAssigned)
	custUI(func() { test.Tap(p.clash.bookAnyway) })
	custWaitIdle(t)
	fx.expectStatus(t, id, models.StatusScheduled)
	if !strings.Contains(p.appt.Text, tomorrow.Format("2006-01-02")) || !strings.Contains(p.appt.Text, "Morning") {
		t.Errorf("appointment %q", p.appt.Text)
	}

	// Arrive.
	dlg = fx.tapAction(t, models.ActArrive)
	fx.submit(t, dlg.form)
	fx.expectStatus(t, id, models.StatusInService)

	// A charged call-out fee from the schedule.
	custUI(func() { test.Tap(p.addFeeBtn) })
	it := p.item
	if it == nil || !it.charged.Checked {
		t.Fatal("fee dialog not open, or an out-of-warranty line not charged by default")
	}
	custUI(func() { test.Type(it.filter, "visit_city") })
	if len(it.shown) != 1 || it.price.Text != "30.00" {
		t.Fatalf("filter: %d items, price %q", len(it.shown), it.price.Text)
	}
	fx.submit(t, it.form)
	if d, _ := fx.app.Ticket(id); len(d.Items) != 1 || d.Quote.Total != 3000 {
		t.Fatalf("items after add: %+v", d.Items)
	}
	if len(p.itemRows.Objects) != 1 || !strings.Contains(p.totals.Text, "¥30.00") {
		t.Errorf("charges tab: %d rows, totals %q", len(p.itemRows.Objects), p.totals.Text)
	}

	// Repaired is refused until the customer agrees.
	dlg = fx.tapAction(t, models.ActRepaired)
	fx.submit(t, dlg.form)
	if dlg.form.closed || !dlg.form.formErr.Visible() || !strings.Contains(dlg.form.formErr.Text, "consent") {
		t.Fatalf("repaired without consent: closed=%v error %q", dlg.form.closed, dlg.form.formErr.Text)
	}
	fx.expectStatus(t, id, models.StatusInService)
	custUI(func() { test.Tap(dlg.form.cancelBtn) })

	custUI(func() { test.Tap(p.consentBtn) })
	if p.consentForm == nil {
		t.Fatal("consent dialog not open")
	}
	custUI(func() { test.Type(p.consentForm.note, "电话同意") })
	fx.submit(t, p.consentForm.form)
	if d, _ := fx.app.Ticket(id); d.Ticket.ConsentAt == nil || d.Ticket.ConsentNote != "电话同意" {
		t.Fatal("consent not recorded")
	}
	if !p.consentBtn.Disabled() || !strings.Contains(p.consent.Text, "agreed") {
		t.Errorf("consent on page: %q", p.consent.Text)
	}

	dlg = fx.tapAction(t, models.ActRepaired)
	fx.submit(t, dlg.form)
	fx.expectStatus(t, id, models.StatusRepaired)
	dlg = fx.tapAction(t, models.ActSign)
	fx.submit(t, dlg.form)
	fx.expectStatus(t, id, models.StatusSigned)

	// Payment, prefilled with the balance.
	custUI(func() { test.Tap(p.payBtn) })
	pf := p.pay
	if pf == nil || pf.amount.Text != "30.00" {
		t.Fatalf("payment dialog: %+v", pf)
	}
	custUI(func() {
		pf.method.SetSelected(PayMethodLabel(models.PayWeChat))
		test.Type(pf.receipt, "R-001")
	})
	fx.submit(t, pf.form)
	if d, _ := fx.app.Ticket(id); d.Paid != 3000 || len(d.Payments) != 1 || d.Payments[0].ReceiptNo != "R-001" {
		t.Fatalf("payment: paid %v", d.Paid)
	}
	if len(p.payRows.Objects) != 1 || !p.payBtn.Disabled() {
		t.Errorf("payments on page: %d rows", len(p.payRows.Objects))
	}

	dlg = fx.tapAction(t, models.ActClose)
	custUI(func() { test.Type(dlg.note, "更换电容，已试机") })
	fx.submit(t, dlg.form)
	fx.expectStatus(t, id, models.StatusClosed)
	if len(p.actionBtns) != 0 || !p.noActions.Visible() {
		t.Errorf("a closed ticket still offers %v", p.actionActs)
	}

	// The timeline lists everything, newest first, with readable details.
	heads := tdTexts(p.events)
	if len(heads) == 0 || !strings.Contains(heads[0], "Close") {
		t.Fatalf("timeline starts with %q", heads)
	}
	all := strings.Join(heads, "\n")
	for _, s := range []string{"Technician: 李师傅", "Double booking confirmed", "Method: WeChat Pay", "¥30.00", "New → Assigned", "更换电容"} {
		if !strings.Contains(all, s) {
			t.Errorf("timeline lacks %q:\n%s", s, all)
		}
	}
}

func TestTicketDetailLogCallAndNote(t *testing.T) {
	fx := newTDFixture(t)
	d := fx.newTicket(t, "不制冷")
	fx.open(t, d.Ticket.ID)
	p := fx.page

	// No outcome chosen: the problem is shown and nothing is saved.
	custUI(func() { test.Tap(p.logBtn) })
	custWaitIdle(t)
	if !p.contactErr.Visible() {
		t.Error("missing outcome not shown")
	}
	custUI(func() {
		p.outcome.SetSelected(OutcomeLabel(models.ContactReached))
		test.Type(p.contactNote, "约明天上午")
	})
	custUI(func() { test.Tap(p.logBtn) })
	custWaitIdle(t)
	got, _ := fx.app.Ticket(d.Ticket.ID)
	if len(got.Contacts) != 1 || got.Contacts[0].Outcome != models.ContactReached || got.Ticket.FirstContactAt == nil {
		t.Fatalf("contacts: %+v", got.Contacts)
	}
	texts := tdTexts(p.contactList)
	if !custContains(texts, "约明天上午") || !custContains(texts, "Reached") || p.contactNote.Text != "" || p.contactErr.Visible() {
		t.Errorf("call list %v, note left %q", texts, p.contactNote.Text)
	}
	if !strings.Contains(p.contactsTab.Text, "(1)") {
		t.Errorf("tab title %q", p.contactsTab.Text)
	}

	custUI(func() { test.Type(p.noteEntry, "客户下午六点后在家") })
	custUI(func() { test.Tap(p.noteBtn) })
	custWaitIdle(t)
	if !custContains(tdTexts(p.events), "客户下午六点后在家") {
		t.Error("note not on the timeline")
	}
}

func TestTicketDetailStaleVersionReloads(t *testing.T) {
	fx := newTDFixture(t)
	d := fx.newTicket(t, "不制冷")
	id := d.Ticket.ID
	fx.open(t, id)
	p := fx.page
	loaded := p.detail.Ticket.Version

	dlg := fx.tapAction(t, models.ActCancel)
	// Someone else changes the ticket behind the page's back.
	if _, err := fx.app.Step(id, 0, models.StepInput{Action: models.ActAssign, TechnicianID: fx.tech2.ID}); err != nil {
		t.Fatal(err)
	}
	custUI(func() { test.Type(dlg.reason, "客户已自行修好") })
	fx.submit(t, dlg.form)
	custWaitIdle(t)
	if !p.notice.Visible() || !strings.Contains(p.notice.Text, "changed this ticket") {
		t.Fatalf("conflict not told: %q", p.notice.Text)
	}
	fx.expectStatus(t, id, models.StatusAssigned)
	if p.detail.Ticket.Version == loaded || p.technician.Text != "赵师傅" {
		t.Errorf("page not reloaded: version %d, technician %q", p.detail.Ticket.Version, p.technician.Text)
	}
	// Acting again on the latest version works.
	dlg = fx.tapAction(t, models.ActCancel)
	custUI(func() { test.Type(dlg.reason, "客户已自行修好") })
	fx.submit(t, dlg.form)
	fx.expectStatus(t, id, models.StatusCancelled)
	if p.notice.Visible() {
		t.Error("the conflict notice stayed after a successful change")
	}
}

func TestTicketDetailDiscountNeedsApproval(t *testing.T) {
	fx := newTDFixture(t)
	d := fx.newTicket(t, "不制冷")
	id := d.Ticket.ID
	for _, in := range []models.StepInput{
		{Action: models.ActAssign, TechnicianID: fx.tech.ID},
		{Action: models.ActSchedule, Date: tdTestNow.AddDate(0, 0, 1), Half: models.PM},
		{Action: models.ActArrive},
	} {
		if _, err := fx.app.Step(id, 0, in); err != nil {
			t.Fatal(err)
		}
	}
	fx.open(t, id)
	p := fx.page
	custUI(func() { test.Tap(p.addOtherBtn) })
	it := p.item
	custUI(func() { test.Type(it.name, "") })
	fx.submit(t, it.form)
	if it.form.closed || it.form.errs["name"].Text == "" || it.form.errs["price"].Text == "" {
		t.Fatalf("hand-typed line without name and price accepted: %q %q", it.form.errs["name"].Text, it.form.errs["price"].Text)
	}
	custUI(func() { test.Tap(it.form.cancelBtn) })

	custUI(func() { test.Tap(p.addFeeBtn) })
	it = p.item
	custUI(func() {
		test.Type(it.filter, "visit_suburb")
		it.price.SetText("20")
	})
	fx.submit(t, it.form)
	if !p.approvalBox.Visible() || !strings.Contains(p.approvalWarn.Text, "10%") {
		t.Fatalf("no approval warning: %q", p.approvalWarn.Text)
	}
	custUI(func() { test.Tap(p.approveBtn) })
	custWaitIdle(t)
	ap := p.approveForm
	if ap == nil || len(ap.gms) != 1 {
		t.Fatal("approval dialog not open")
	}
	custUI(func() { ap.who.SetSelected("王总") })
	fx.submit(t, ap.form)
	if got, _ := fx.app.Ticket(id); got.Ticket.QuoteApprovedBy != "王总" {
		t.Fatalf("approved by %q", got.Ticket.QuoteApprovedBy)
	}
	if p.approvalBox.Visible() || !strings.Contains(p.approvedBy.Text, "王总") {
		t.Errorf("after approval: warning shown %v, %q", p.approvalBox.Visible(), p.approvedBy.Text)
	}

	// Removing the line clears the approval and the quote.
	custUI(func() { p.removeItem(id, p.detail.Items[0].ID) })
	custWaitIdle(t)
	got, _ := fx.app.Ticket(id)
	if len(got.Items) != 0 || got.Ticket.QuoteApprovedAt != nil || len(p.itemRows.Objects) != 0 || !p.noItems.Visible() {
		t.Errorf("after remove: %d items, approved %v", len(got.Items), got.Ticket.QuoteApprovedAt)
	}
}

func TestTicketDetailModeDialogs(t *testing.T) {
	fx := newTDFixture(t)
	mk := func(mode models.RepairMode) string {
		d, err := fx.app.CreateTicket(app.IntakeInput{CustomerID: fx.cust.ID, Kind: models.KindRepair, Mode: mode, Product: "沙发", Symptom: "塌陷"})
		if err != nil {
			t.Fatal(err)
		}
		return d.Ticket.ID
	}

	// Mail-in: the parcel needs courier and tracking; the cost is read as yuan.
	id := mk(models.ModeMailIn)
	fx.open(t, id)
	if len(fx.page.missing.Text) == 0 || !strings.Contains(fx.page.missing.Text, "purchase date") {
		t.Errorf("missing information not flagged: %q", fx.page.missing.Text)
	}
	fx.submit(t, fx.tapAction(t, models.ActRequestParcel).form)
	fx.expectStatus(t, id, models.StatusAwaitingParcel)
	dlg := fx.tapAction(t, models.ActReceiveParcel)
	custUI(func() { test.Type(dlg.cost, "abc") })
	fx.submit(t, dlg.form)
	if dlg.form.errs["cost"].Text == "" {
		t.Fatal("a bad cost was not shown under the field")
	}
	custUI(func() { dlg.cost.SetText("18") })
	fx.submit(t, dlg.form)
	if dlg.form.errs["courier"].Text == "" || dlg.form.errs["tracking"].Text == "" || dlg.form.closed {
		t.Fatalf("courier/tracking problems: %q %q", dlg.form.errs["courier"].Text, dlg.form.errs["tracking"].Text)
	}
	custUI(func() {
		test.Type(dlg.courier, "顺丰")
		test.Type(dlg.tracking, "SF1234567890")
	})
	fx.submit(t, dlg.form)
	fx.expectStatus(t, id, models.StatusParcelReceived)
	if got, _ := fx.app.Ticket(id); got.Ticket.ParcelCost != 1800 || !strings.Contains(fx.page.extra.Text, "SF1234567890") {
		t.Errorf("parcel: cost %v, details %q", got.Ticket.ParcelCost, fx.page.extra.Text)
	}

	// Carry-in: the voucher needs the expected date.
	id = mk(models.ModeCarryIn)
	fx.open(t, id)
	fx.submit(t, fx.tapAction(t, models.ActReceive).form)
	dlg = fx.tapAction(t, models.ActIssueVoucher)
	fx.submit(t, dlg.form)
	if dlg.form.errs["date"].Text == "" {
		t.Fatal("missing expected date not shown under the field")
	}
	custUI(func() { test.Type(dlg.date.entry, "2026-03-06") })
	fx.submit(t, dlg.form)
	fx.expectStatus(t, id, models.StatusVoucherIssued)
	if !strings.Contains(fx.page.extra.Text, "2026-03-06") {
		t.Errorf("voucher details: %q", fx.page.extra.Text)
	}
}

// TestTicketDetailTranslationsComplete checks that every key the ticket page
// uses, and every err.* key of the steps it drives, has English and
// Chinese text with the same placeholders.
func TestTicketDetailTranslationsComplete(t *testing.T) {
	files := []string{"translations/en.json"}
	en := custReadJSON(t, files...)
	for i := range files {
		files[i] = strings.Replace(files[i], ".en.json", ".zh_Hans.json", 1)
	}
	files[0] = "translations/zh_Hans.json"
	zh := custReadJSON(t, files...)
	keys := map[string]bool{}
	lit := regexp.MustCompile(`"(ticket_detail\.[a-z0-9_.]+)"`)
	for _, file := range []string{"ticket_detail.go", "ticket_actions.go", "delivery_detail.go"} {
		for _, k := range custTKeys(t, file) {
			if !strings.HasPrefix(k, "product_type.") {
				keys[k] = true
			}
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range lit.FindAllStringSubmatch(string(data), -1) {
			keys[m[1]] = true
		}
	}
	errKey := regexp.MustCompile(`"(err\.(?:ticket|item|consent|quote|payment|contact|money|delivery|problem|intake)\.[a-z0-9_.]+)"`)
	for _, f := range []string{"../models/ticket_states.go", "../models/ticket.go", "../app/tickets.go", "../app/charges.go",
		"../models/delivery.go", "../app/deliveries.go"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range errKey.FindAllStringSubmatch(string(data), -1) {
			keys[m[1]] = true
		}
	}
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

// TestTicketDetailScreenshots writes PNGs of the page and its dialogs in
// English and Chinese to the folder named by TD_SHOTS, for a person to
// look at; without it the test is skipped. It registers the Chinese table
// for the rest of the process, so run it alone:
// TD_SHOTS=/tmp/shots go test ./screens -run TestTicketDetailScreenshots
func TestTicketDetailScreenshots(t *testing.T) {
	dir := shotsDir(t, "TD_SHOTS")
	for _, l := range []string{"en", "zh"} {
		shotsLanguage(t, l)
		fx := newTDFixture(t)
		fyne.CurrentApp().Settings().SetTheme(NewTheme())
		d := fx.newTicket(t, "空调不制冷，开机半小时后出热风")
		id := d.Ticket.ID
		a := fx.app
		a.LogContact(id, models.ContactNoAnswer, "")
		a.LogContact(id, models.ContactReached, "约明天上午，客户上午在家")
		a.Step(id, 0, models.StepInput{Action: models.ActAssign, TechnicianID: fx.tech.ID})
		a.Step(id, 0, models.StepInput{Action: models.ActSchedule, Date: tdTestNow.AddDate(0, 0, 1), Half: models.AM})
		a.Step(id, 0, models.StepInput{Action: models.ActReschedule, Date: tdTestNow.AddDate(0, 0, 2), Half: models.PM, Reason: "客户临时有事", CustomerAsked: true})
		a.Step(id, 0, models.StepInput{Action: models.ActArrive})
		a.AddItem(id, app.ItemInput{Code: "visit_city", Qty: "1", Charged: true})
		a.AddItem(id, app.ItemInput{Kind: models.ItemPart, Name: "启动电容 35μF", Qty: "1", Price: "45", Charged: true})
		a.AddItem(id, app.ItemInput{Code: "lab_ac_gas", Qty: "1", Price: "100", Charged: true})
		fx.open(t, id)
		shot := func(name string) {
			writeShot(t, fx.w, filepath.Join(dir, l+"_"+name+".png"), false)
		}
		shot("contacts")
		custUI(func() { fx.page.tabs.SelectIndex(1) })
		shot("charges")
		fx.w.Resize(fyne.NewSize(770, 1500))
		shot("charges_tall")
		custUI(func() { fx.page.tabs.SelectIndex(2) })
		shot("timeline_tall")
		custUI(func() { fx.page.tabs.SelectIndex(0) })
		shot("contacts_tall")
		fx.w.Resize(fyne.NewSize(770, 800))
		custUI(func() { fx.page.tabs.SelectIndex(2) })
		shot("timeline")
		dlg := fx.tapAction(t, models.ActRepaired)
		fx.submit(t, dlg.form)
		shot("repaired_refused")
		custUI(func() { test.Tap(dlg.form.cancelBtn) })
		custUI(func() { test.Tap(fx.page.addFeeBtn) })
		shot("addfee")
		custUI(func() { test.Tap(fx.page.form.cancelBtn) })
		custUI(func() { test.Tap(fx.page.payBtn) })
		shot("pay")
		custUI(func() { test.Tap(fx.page.form.cancelBtn) })
		// A new ticket with schedule dialog and a clash.
		d3 := fx.newTicket(t, "门关不严")
		a.Step(d3.Ticket.ID, 0, models.StepInput{Action: models.ActAssign, TechnicianID: fx.tech.ID})
		a.Step(d3.Ticket.ID, 0, models.StepInput{Action: models.ActSchedule, Date: tdTestNow.AddDate(0, 0, 2), Half: models.PM})
		d2 := fx.newTicket(t, "噪音大")
		a.Step(d2.Ticket.ID, 0, models.StepInput{Action: models.ActAssign, TechnicianID: fx.tech.ID})
		fx.open(t, d2.Ticket.ID)
		custUI(func() { fx.page.tabs.SelectIndex(0) })
		shot("new_assigned")
		dlg = fx.tapAction(t, models.ActSchedule)
		custUI(func() {
			test.Type(dlg.date.entry, tdTestNow.AddDate(0, 0, 2).Format("2006-01-02"))
			dlg.half.SetSelected(HalfLabel(models.PM))
		})
		shot("schedule")
		fx.submit(t, dlg.form)
		shot("clash")
	}
}

// TestApproveQuoteSignedInRefusesClerk: when people sign in, the approval
// dialog offers no choice of approver (the core records the signed-in
// person); a counter clerk is refused with the role that may approve.
func TestApproveQuoteSignedInRefusesClerk(t *testing.T) {
	a := signedInClerk(t, tdTestNow, nil)
	c, err := a.CreateCustomer(models.CustomerInput{Name: "张伟", Phones: []string{"13800138000"}}, app.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tk, err := a.CreateTicket(app.IntakeInput{CustomerID: c.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "不制冷"})
	if err != nil {
		t.Fatal(err)
	}
	fx := &tdFixture{app: a, nav: &tdFakeNav{}}
	fx.w = test.NewTempWindow(t, nil)
	fx.w.Resize(fyne.NewSize(770, 800))
	fx.page = newTicketDetail(&Deps{App: a, Window: fx.w, Nav: fx.nav})
	fx.w.SetContent(fx.page.content())
	fx.open(t, tk.Ticket.ID)
	p := fx.page
	custUI(func() { p.onApprove() })
	custWaitIdle(t)
	ap := p.approveForm
	if ap == nil || !ap.who.Disabled() {
		t.Fatal("the approver select is offered while signed in")
	}
	fx.submit(t, ap.form)
	if got := ap.form.formErr.Text; !strings.Contains(got, RoleLabel(models.RoleGeneralManager)) {
		t.Fatalf("refusal shown: %q", got)
	}
	if d, _ := a.Ticket(tk.Ticket.ID); d.Ticket.QuoteApprovedAt != nil {
		t.Fatal("approved by a counter clerk")
	}
}
