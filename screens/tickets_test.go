package screens

import (
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"aftercare/app"
	"aftercare/models"
)

// tickTestStart is the fixed "now" of these tests, a Monday morning.
var tickTestStart = time.Date(2026, 11, 23, 10, 0, 0, 0, time.Local)

// tickClock is a clock the test moves while background jobs read it.
type tickClock struct {
	mu  sync.Mutex
	now time.Time
}

// Now reads the clock.
func (c *tickClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock.
func (c *tickClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// tickFakeNav records what the screen asks the main window to do.
type tickFakeNav struct{ calls []string }

// OpenTicket records the call.
func (n *tickFakeNav) OpenTicket(id string) { n.calls = append(n.calls, "ticket "+id) }

// OpenTicketAction records the call.
func (n *tickFakeNav) OpenTicketAction(id string, act models.Action) {
	n.calls = append(n.calls, "action "+id+" "+string(act))
}

// OpenCustomer records the call.
func (n *tickFakeNav) OpenCustomer(id string) { n.calls = append(n.calls, "customer "+id) }

// NewTicket records the call.
func (n *tickFakeNav) NewTicket(customerID string) { n.calls = append(n.calls, "new "+customerID) }

// Area records the call.
func (n *tickFakeNav) Area(key string) { n.calls = append(n.calls, "area "+key) }

// tickFixture is a test app, a database with two customers and a
// technician, and the Tickets area in a 1280×800 window.
type tickFixture struct {
	app    *app.App
	clock  *tickClock
	deps   *Deps
	win    fyne.Window
	screen *ticketsScreen
	zhang  *models.Customer // address, one purchase in warranty
	zhao   *models.Customer // no address, no purchase
	tech   *models.Staff
}

// newTickFixture opens a temporary database and shows the Tickets area.
func newTickFixture(t *testing.T) *tickFixture {
	t.Helper()
	test.NewTempApp(t)
	fx := &tickFixture{clock: &tickClock{now: tickTestStart}}
	a, err := app.Open(app.Options{Path: filepath.Join(t.TempDir(), "t.db"), Clock: fx.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { custWaitIdle(t); a.Close() })
	fx.app = a
	fx.zhang, err = a.CreateCustomer(models.CustomerInput{Name: "张伟", Phones: []string{"138 0013 8000"}, Addresses: []string{"北京市朝阳区建国路88号"}}, app.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.AddPurchase(fx.zhang.ID, models.PurchaseInput{Product: "空调", Brand: "格力", Model: "KFR-35GW", PurchaseDate: "2026-06-01", WarrantyMonths: "12"}); err != nil {
		t.Fatal(err)
	}
	fx.zhao, err = a.CreateCustomer(models.CustomerInput{Name: "赵六", Phones: []string{"13912345678"}}, app.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	fx.tech, err = a.CreateStaff(models.StaffInput{Name: "李师傅", Roles: []models.Role{models.RoleTechnician}, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	fx.win = test.NewTempWindow(t, nil)
	fx.win.Resize(fyne.NewSize(1280, 800))
	fx.deps = &Deps{App: a, Window: fx.win, Nav: &tickFakeNav{}}
	fx.screen = newTicketsScreen(fx.deps)
	fx.win.SetContent(fx.screen.content())
	custUI(func() { fx.screen.shown() })
	custWaitIdle(t)
	return fx
}

// repair creates an on-site repair for a customer through app.
func (fx *tickFixture) repair(t *testing.T, c *models.Customer, symptom string) *app.TicketDetail {
	t.Helper()
	d, err := fx.app.CreateTicket(app.IntakeInput{CustomerID: c.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: symptom})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// intake opens the intake dialog and waits for its customer to load.
func (fx *tickFixture) intake(t *testing.T, customerID string) *intakeDialog {
	t.Helper()
	custUI(func() { fx.screen.newTicket(customerID) })
	i := fx.screen.intake
	if customerID != "" {
		custEventually(t, "the intake's customer", func() bool { return i.customer != nil })
	}
	return i
}

// tickHasRow reports whether the list holds a ticket.
func tickHasRow(s *ticketsScreen, id string) bool {
	return slices.ContainsFunc(s.rows, func(r app.TicketRow) bool { return r.ID == id })
}

// tickCapture writes the window to /tmp when TICK_CAPTURE is set, to look
// at the screen as a user would.
func tickCapture(t *testing.T, w fyne.Window, name string) {
	t.Helper()
	if os.Getenv("TICK_CAPTURE") == "" {
		return
	}
	f, err := os.Create(filepath.Join(os.TempDir(), name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img := w.Canvas().Capture()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

func TestTicketIntakeCreatesTicketForCustomer(t *testing.T) {
	fx := newTickFixture(t)
	i := fx.intake(t, fx.zhang.ID)
	if i.custName.Text != "张伟" || !strings.Contains(i.custPhones.Text, "138 0013 8000") || !strings.Contains(i.custAddr.Text, "建国路88号") {
		t.Fatalf("summary: %q / %q / %q", i.custName.Text, i.custPhones.Text, i.custAddr.Text)
	}
	if i.address.Text != "北京市朝阳区建国路88号" {
		t.Errorf("address not prefilled: %q", i.address.Text)
	}
	if i.selectedPurchase() == nil || !strings.Contains(i.warranty.Text, "In warranty") {
		t.Errorf("the only purchase is not chosen: %q", i.warranty.Text)
	}
	if got := fx.win.Canvas().Focused(); got != i.symptom {
		t.Errorf("focus is on %T, want the symptom", got)
	}
	// Tab leaves the multi-line symptom for the next field.
	custUI(func() { fx.win.Canvas().FocusNext() })
	if got := fx.win.Canvas().Focused(); i.symptom.AcceptsTab() || got != i.request {
		t.Errorf("after the symptom, focus is on %T, want the request", got)
	}
	custUI(func() {
		test.Type(i.symptom, "不制冷，外机不转")
		i.mode.SetSelected(ModeLabel(models.ModeCarryIn))
		test.Type(i.request, "周末前修好")
		test.Type(i.preferred, "周六上午")
		i.priority.SetSelected(PriorityLabel(models.PriorityUrgent))
		i.source.SetSelected(SourceLabel(models.SourceWalkIn))
	})
	if i.missing.Visible() {
		t.Errorf("missing-information warning for a complete intake: %q", i.missing.Text)
	}
	tickCapture(t, fx.win, "tickets_intake")
	custUI(func() { test.Tap(i.createBtn) })
	custEventually(t, "the ticket to be created", func() bool { return i.created != nil || i.formErr.Visible() })
	if i.created == nil {
		t.Fatalf("create failed: %q", i.formErr.Text)
	}
	num := i.created.Ticket.Number
	if !regexp.MustCompile(`^WX20261123-\d{3}$`).MatchString(num) || i.resultNumber.Text != num {
		t.Fatalf("number %q shown as %q", num, i.resultNumber.Text)
	}
	tickCapture(t, fx.win, "tickets_intake_done")

	d, err := fx.app.TicketByNumber(num)
	if err != nil {
		t.Fatal(err)
	}
	tk := d.Ticket
	if tk.CustomerID != fx.zhang.ID || tk.Mode != models.ModeCarryIn || tk.Symptom != "不制冷，外机不转" || tk.Request != "周末前修好" ||
		tk.PreferredTime != "周六上午" || tk.Priority != models.PriorityUrgent || tk.Source != models.SourceWalkIn ||
		!tk.WarrantyCovered || tk.PurchaseID == nil || tk.Status != models.StatusNew {
		t.Errorf("saved ticket: %+v", tk)
	}
	custEventually(t, "the new ticket in the list", func() bool { return tickHasRow(fx.screen, tk.ID) && fx.screen.selectedID == tk.ID })
	if !custContains(custLabelTexts(fx.screen.list), num) {
		t.Errorf("the list does not show %s", num)
	}
	custUI(func() { test.Tap(i.doneBtn) })
}

func TestTicketIntakeConsultationClosesAtIntake(t *testing.T) {
	fx := newTickFixture(t)
	i := fx.intake(t, fx.zhang.ID)
	custUI(func() {
		i.kind.SetSelected(KindLabel(models.KindConsultation))
		test.Type(i.symptom, "遥控器怎么定时")
	})
	if i.modeRow[1].Visible() || !i.resolutionR[1].Visible() {
		t.Fatal("a consultation shows the repair mode or hides the resolution")
	}
	// Without a resolution the ticket is refused, the problem is shown next
	// to the field and what was typed stays.
	custUI(func() { test.Tap(i.createBtn) })
	custEventually(t, "the resolution error", func() bool { return i.errs["resolution"].Visible() })
	if i.created != nil || i.symptom.Text != "遥控器怎么定时" {
		t.Fatalf("created %v, symptom %q", i.created, i.symptom.Text)
	}
	custUI(func() {
		test.Type(i.resolution, "已教客户设置定时")
		test.Tap(i.createBtn)
	})
	custEventually(t, "the consultation", func() bool { return i.created != nil })
	tk := i.created.Ticket
	if tk.Kind != models.KindConsultation || tk.Status != models.StatusClosed || tk.ClosedAt == nil || tk.Resolution != "已教客户设置定时" ||
		!strings.HasPrefix(tk.Number, "DH20261123-") {
		t.Fatalf("consultation: %+v", tk)
	}
	if !strings.Contains(i.resultInfo.Text, "closed") {
		t.Errorf("result does not say it is closed: %q", i.resultInfo.Text)
	}
	// The list shows open tickets; to show the closed one it clears the
	// filters and searches for its number.
	s := fx.screen
	custEventually(t, "the closed ticket in the list", func() bool { return tickHasRow(s, tk.ID) && s.ready })
	if s.status.SelectedIndex() != tickStatusAll || s.search.Text != tk.Number {
		t.Errorf("filters: status %q, search %q", s.status.Selected, s.search.Text)
	}
}

func TestTicketIntakeFlagsMissingInformation(t *testing.T) {
	fx := newTickFixture(t)
	i := fx.intake(t, fx.zhao.ID)
	if i.selectedPurchase() != nil || !i.productRow[1].Visible() {
		t.Fatal("a customer without purchases should get “not on record” and the product entry")
	}
	for _, want := range []string{"Verify with the sales clerk or the customer", "address", "product model", "purchase date", "fault symptom"} {
		if !i.missing.Visible() || !strings.Contains(i.missing.Text, want) {
			t.Fatalf("warning %q lacks %q", i.missing.Text, want)
		}
	}
	custUI(func() {
		test.Type(i.symptom, "门关不上")
		test.Type(i.product, "海尔冰箱 BCD-470")
	})
	if strings.Contains(i.missing.Text, "fault symptom") || strings.Contains(i.missing.Text, "product model") || !strings.Contains(i.missing.Text, "address") {
		t.Errorf("after typing: %q", i.missing.Text)
	}
	tickCapture(t, fx.win, "tickets_intake_missing")
	// The warning does not block saving.
	custUI(func() { test.Tap(i.createBtn) })
	custEventually(t, "the ticket", func() bool { return i.created != nil || i.formErr.Visible() })
	if i.created == nil {
		t.Fatalf("create failed: %q", i.formErr.Text)
	}
	if got := i.created.Missing; !slices.Contains(got, app.MissingAddress) || !slices.Contains(got, app.MissingPurchaseDate) {
		t.Errorf("missing after create: %v", got)
	}
	if i.created.Ticket.Product != "海尔冰箱 BCD-470" || !i.resultCheck.Visible() {
		t.Errorf("product %q, check shown %v", i.created.Ticket.Product, i.resultCheck.Visible())
	}
}

func TestTicketIntakeFindsCustomerAndWarrantyOverride(t *testing.T) {
	fx := newTickFixture(t)
	i := fx.intake(t, "")
	if got := fx.win.Canvas().Focused(); got != i.search {
		t.Errorf("focus is on %T, want the customer search", got)
	}
	// Enter picks the first result, even before the results arrived.
	custUI(func() {
		test.Type(i.search, "8000")
		i.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
	custEventually(t, "张伟 to be chosen", func() bool { return i.customer != nil })
	if i.customer.ID != fx.zhang.ID || i.searchBox.Visible() || !i.summaryBox.Visible() {
		t.Fatalf("chose %q", i.customer.Name)
	}
	if got := fx.win.Canvas().Focused(); got != i.symptom {
		t.Errorf("focus is on %T, want the symptom", got)
	}
	// Overriding needs a reason; the computed warranty is in, so the
	// override starts at “not covered”.
	custUI(func() {
		test.Type(i.symptom, "漏水")
		i.override.SetChecked(true)
	})
	if !i.overrideBox.Visible() || i.covered.Selected != i.covered.Options[1] {
		t.Fatalf("override: shown %v, choice %q", i.overrideBox.Visible(), i.covered.Selected)
	}
	custUI(func() { test.Tap(i.createBtn) })
	custEventually(t, "the reason error", func() bool { return i.errs["override_reason"].Visible() })
	custUI(func() {
		test.Type(i.reason, "人为损坏")
		test.Tap(i.createBtn)
	})
	custEventually(t, "the ticket", func() bool { return i.created != nil })
	if tk := i.created.Ticket; !tk.WarrantyOverridden || tk.WarrantyCovered || tk.WarrantyOverrideReason != "人为损坏" {
		t.Errorf("override saved as %+v", tk)
	}
}

func TestTicketIntakeNewCustomerInline(t *testing.T) {
	fx := newTickFixture(t)
	i := fx.intake(t, "")
	custUI(func() { test.Type(i.search, "13700001111") })
	custEventually(t, "no result", func() bool { return i.searchReady && i.noResults.Visible() })
	custUI(func() { test.Tap(i.newCustBtn) })
	f := i.custForm
	if f == nil || len(f.phones) == 0 || f.phones[0].number.Text != "13700001111" {
		t.Fatal("the customer form did not take the typed number")
	}
	custUI(func() {
		test.Type(f.name, "孙七")
		test.Tap(f.saveBtn)
	})
	custEventually(t, "the new customer to be chosen", func() bool { return i.customer != nil })
	if i.customer.Name != "孙七" || !i.missing.Visible() {
		t.Errorf("chose %q, missing %q", i.customer.Name, i.missing.Text)
	}
}

func TestTicketListFiltersByStatusAndOverdue(t *testing.T) {
	fx := newTickFixture(t)
	s := fx.screen
	r1 := fx.repair(t, fx.zhang, "不制冷")
	fx.repair(t, fx.zhao, "门关不上\n第二行")
	if _, err := fx.app.CreateTicket(app.IntakeInput{CustomerID: fx.zhang.ID, Kind: models.KindConsultation, Resolution: "已解答"}); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.app.Step(r1.Ticket.ID, 0, models.StepInput{Action: models.ActAssign, TechnicianID: fx.tech.ID}); err != nil {
		t.Fatal(err)
	}
	custUI(func() { s.shown() })
	custEventually(t, "the open tickets", func() bool { return s.ready && len(s.rows) == 2 })
	if s.count.Text != "2 tickets" {
		t.Errorf("count %q", s.count.Text)
	}
	texts := custLabelTexts(s.list)
	for _, want := range []string{"张伟  138 0013 8000   ·   李师傅", "due tomorrow 10:00", "门关不上", "On site"} {
		if !custContains(texts, want) {
			t.Errorf("the list lacks %q: %q", want, texts)
		}
	}
	if custContains(texts, "第二行") {
		t.Error("the list shows more than the symptom's first line")
	}

	custUI(func() { s.status.SetSelectedIndex(tickStatusAll) })
	custEventually(t, "all tickets", func() bool { return s.ready && len(s.rows) == 3 })
	closed := tickStatusBase + slices.Index(models.AllStatuses, models.StatusClosed)
	custUI(func() { s.status.SetSelectedIndex(closed) })
	custEventually(t, "closed tickets", func() bool { return s.ready && len(s.rows) == 1 })
	if s.rows[0].Kind != models.KindConsultation {
		t.Errorf("closed: %+v", s.rows[0])
	}
	assigned := tickStatusBase + slices.Index(models.AllStatuses, models.StatusAssigned)
	custUI(func() { s.status.SetSelectedIndex(assigned) })
	custEventually(t, "assigned tickets", func() bool { return s.ready && len(s.rows) == 1 && s.rows[0].ID == r1.Ticket.ID })
	custUI(func() { s.tech.SetSelectedIndex(1) })
	custEventually(t, "李师傅's tickets", func() bool { return s.ready && s.filter.TechnicianID == fx.tech.ID && len(s.rows) == 1 })

	// Nothing is overdue yet; 25 hours later the first response is.
	custUI(func() {
		s.onClearFilters()
		s.overdue.SetChecked(true)
	})
	custEventually(t, "no overdue tickets", func() bool { return s.ready && s.filter.OverdueOnly && len(s.rows) == 0 })
	fx.clock.Set(tickTestStart.Add(25 * time.Hour))
	custUI(func() { s.shown() })
	custEventually(t, "overdue tickets", func() bool { return s.ready && len(s.rows) == 2 })
	if !custContains(custLabelTexts(s.list), "overdue 1 h") {
		t.Errorf("the list does not say how late: %q", custLabelTexts(s.list))
	}
	tickCapture(t, fx.win, "tickets_list")

	// A bad date is explained and does not reload.
	custUI(func() { test.Type(s.from, "2026-13-01") })
	if !s.dateErr.Visible() {
		t.Error("no error for 2026-13-01")
	}
	custUI(func() {
		s.from.SetText("2026-11-24")
		s.to.SetText("2026-11-23")
	})
	if !s.dateErr.Visible() {
		t.Error("no error for a reversed range")
	}
	custUI(func() { s.from.SetText("2026-11-23") })
	custEventually(t, "the date range", func() bool { return s.ready && !s.dateErr.Visible() && !s.filter.From.IsZero() && len(s.rows) == 2 })
}

func TestTicketListFiltersByKindDeliveryAndPart(t *testing.T) {
	fx := newTickFixture(t)
	s := fx.screen
	fx.repair(t, fx.zhang, "不制冷")
	tpls, err := fx.app.ChecklistTemplates(false)
	if err != nil {
		t.Fatal(err)
	}
	del, err := fx.app.CreateTicket(app.IntakeInput{CustomerID: fx.zhao.ID, Kind: models.KindDelivery, Delivery: app.DeliveryInput{
		Items: []app.DeliveryItemInput{{Product: "沙发", Model: "SF-3"}}, Date: tickTestStart.AddDate(0, 0, 2), Half: models.PM, ChecklistID: tpls[0].ID}})
	if err != nil {
		t.Fatal(err)
	}
	part, err := fx.app.ReportProblem(del.Ticket.ID, app.ProblemInput{Kind: models.ProblemMissingPart, Description: "少一块背板", Raise: models.KindPart, PartName: "背板", PartQty: "1"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"All kinds", "Repair", "Solved by phone", "Delivery and installation", "Replacement part"}; !slices.Equal(s.kind.Options, want) {
		t.Errorf("kind filter offers %q", s.kind.Options)
	}
	custUI(func() { s.shown() })
	custEventually(t, "the open tickets", func() bool { return s.ready && len(s.rows) == 3 })

	custUI(func() { s.kind.SetSelectedIndex(1 + slices.Index(tickKinds, models.KindDelivery)) })
	custEventually(t, "the deliveries", func() bool { return s.ready && s.filter.Kind == models.KindDelivery })
	if len(s.rows) != 1 || s.rows[0].ID != del.Ticket.ID {
		t.Fatalf("deliveries: %+v", s.rows)
	}
	// The row says it is a delivery, its booked day and that it still
	// needs a crew, where a repair shows its visit and symptom.
	texts := custLabelTexts(s.list)
	for _, want := range []string{del.Ticket.Number, "Delivery", "赵六", "Delivery 2026-11-25 Afternoon", "Crew not named yet"} {
		if !custContains(texts, want) {
			t.Errorf("the delivery row lacks %q: %q", want, texts)
		}
	}
	if custContains(texts, "Visit ") {
		t.Errorf("a delivery's day shows as a visit: %q", texts)
	}

	custUI(func() { s.kind.SetSelectedIndex(1 + slices.Index(tickKinds, models.KindPart)) })
	custEventually(t, "the part requests", func() bool { return s.ready && s.filter.Kind == models.KindPart })
	if len(s.rows) != 1 || s.rows[0].ID != part.Ticket.ID || !custContains(custLabelTexts(s.list), "少一块背板") {
		t.Fatalf("part requests: %+v", s.rows)
	}
}

func TestTicketListPagesAsYouScroll(t *testing.T) {
	fx := newTickFixture(t)
	for range 120 {
		fx.repair(t, fx.zhang, "不制冷")
	}
	s := fx.screen
	custUI(func() { s.shown() })
	custEventually(t, "the first page", func() bool { return s.ready && s.count.Text == "120 tickets" })
	if len(s.rows) != tickPageSize {
		t.Fatalf("first page: %d rows", len(s.rows))
	}
	for range 3 {
		custUI(func() { s.list.ScrollToBottom() })
		custWaitIdle(t)
	}
	if len(s.rows) != 120 || s.hasMore {
		t.Errorf("after scrolling: %d rows (more: %v), want 120", len(s.rows), s.hasMore)
	}
	// Searching by number narrows the list, and Enter opens the ticket.
	num := s.rows[77].Number
	custUI(func() { test.Type(s.search, num) })
	custEventually(t, "the search by number", func() bool { return s.ready && s.filter.Query == num })
	if len(s.rows) != 1 || s.rows[0].Number != num {
		t.Fatalf("search %s: %d rows", num, len(s.rows))
	}
	custUI(func() { s.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	if s.selectedID != s.rows[0].ID {
		t.Error("Enter did not open the ticket found")
	}
}

func TestTicketOpenActionShowsTicketAndStartsAction(t *testing.T) {
	fx := newTickFixture(t)
	d := fx.repair(t, fx.zhao, "不通电")
	s := fx.screen
	custUI(func() { s.openTicketAction(d.Ticket.ID, models.ActAssign) })
	custEventually(t, "the ticket selected", func() bool { return s.ready && tickHasRow(s, d.Ticket.ID) })
	if s.selectedID != d.Ticket.ID {
		t.Errorf("selected %q", s.selectedID)
	}
	if fx.win.Canvas().Overlays().Top() == nil {
		t.Error("no dialog opened for the action")
	}
	// The pane reports a change: the row follows without a reload.
	changed, err := fx.app.Step(d.Ticket.ID, 0, models.StepInput{Action: models.ActAssign, TechnicianID: fx.tech.ID})
	if err != nil {
		t.Fatal(err)
	}
	custUI(func() { s.onTicketChanged(changed) })
	if i := slices.IndexFunc(s.rows, func(r app.TicketRow) bool { return r.ID == d.Ticket.ID }); s.rows[i].Status != models.StatusAssigned || s.rows[i].Technician != "李师傅" {
		t.Errorf("row after change: %+v", s.rows[i])
	}
}

func TestTicketDueText(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.Local)
	at := func(d time.Duration) *time.Time { v := now.Add(d); return &v }
	for _, c := range []struct {
		due  *time.Time
		want string
	}{
		{nil, ""},
		{at(-20 * time.Minute), "overdue 20 min"},
		{at(-3*time.Hour - 10*time.Minute), "overdue 3 h"},
		{at(-72 * time.Hour), "overdue 3 days"},
		{at(4 * time.Hour), "due today 14:00"},
		{at(23 * time.Hour), "due tomorrow 09:00"},
		{at(72 * time.Hour), "due 2026-11-26"},
	} {
		if got, _ := tickDueText(c.due, now); got != c.want {
			t.Errorf("%v: got %q, want %q", c.due, got, c.want)
		}
	}
}

// TestTicketsTranslationsComplete checks that every key the Tickets area
// translates has English and Chinese text with the same placeholders, in
// the translation files.
func TestTicketsTranslationsComplete(t *testing.T) {
	keys := map[string]bool{}
	for _, file := range []string{"tickets.go", "intake.go"} {
		for _, k := range custTKeys(t, file) {
			if !strings.HasPrefix(k, "product_type.") {
				keys[k] = true
			}
		}
	}
	// The intake shows app's intake problems.
	src, err := os.ReadFile("../app/tickets.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`"(err\.intake\.[a-z_]+)"`).FindAllStringSubmatch(string(src), -1) {
		keys[m[1]] = true
	}
	custCheckTranslated(t, keys)
}

func TestTicketRowSmallPrintForDeliveries(t *testing.T) {
	repair := app.TicketRow{Kind: models.KindRepair, Symptom: "\n不制冷\n有异响", Product: "格力 空调"}
	if got := tickNoteText(repair); got != "不制冷" {
		t.Errorf("repair: %q", got)
	}
	d := app.TicketRow{Kind: models.KindDelivery, Status: models.StatusNew, Product: "衣柜 YG-2000、床头柜 CT-40"}
	if got := tickNoteText(d); !strings.HasSuffix(got, "衣柜 YG-2000、床头柜 CT-40") || !strings.Contains(got, T("tickets.row.no_crew", "Crew not named yet")) {
		t.Errorf("delivery without crew: %q", got)
	}
	d.Technician, d.Status = "赵师傅", models.StatusScheduled
	if got := tickNoteText(d); got != "衣柜 YG-2000、床头柜 CT-40" {
		t.Errorf("delivery with crew: %q", got)
	}
}
