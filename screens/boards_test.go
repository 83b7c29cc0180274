package screens

import (
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

// boardsNow is the "now" of the board tests: a Monday morning.
var boardsNow = time.Date(2026, 3, 2, 10, 0, 0, 0, time.Local)

// boardsNav is a Navigator that records what the boards asked for.
type boardsNav struct {
	opened     []string
	actions    []boardsNavAction
	newTickets []string
	customers  []string
	areas      []string
}

// boardsNavAction is one OpenTicketAction call.
type boardsNavAction struct {
	id  string
	act models.Action
}

// OpenTicket records the ticket opened.
func (n *boardsNav) OpenTicket(id string) { n.opened = append(n.opened, id) }

// OpenTicketAction records the ticket and the action started.
func (n *boardsNav) OpenTicketAction(id string, act models.Action) {
	n.actions = append(n.actions, boardsNavAction{id, act})
}

// OpenCustomer records the customer opened.
func (n *boardsNav) OpenCustomer(id string) { n.customers = append(n.customers, id) }

// NewTicket records an intake started.
func (n *boardsNav) NewTicket(custID string) { n.newTickets = append(n.newTickets, custID) }

// Area records an area switch.
func (n *boardsNav) Area(key string) { n.areas = append(n.areas, key) }

// boardsFixture is a test app with a clock the test can move, a database,
// a window and a recording navigator.
type boardsFixture struct {
	app  *app.App
	deps *Deps
	nav  *boardsNav
	w    fyne.Window

	mu    sync.Mutex
	clock time.Time
}

// newBoardsFixture opens a temporary database whose clock reads boardsNow.
func newBoardsFixture(t *testing.T) *boardsFixture {
	t.Helper()
	test.NewTempApp(t)
	fx := &boardsFixture{nav: &boardsNav{}, clock: boardsNow}
	a, err := app.Open(app.Options{Path: filepath.Join(t.TempDir(), "t.db"), Clock: fx.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { custWaitIdle(t); a.Close() })
	fx.app = a
	fx.w = test.NewTempWindow(t, nil)
	fx.w.Resize(fyne.NewSize(1280, 800))
	fx.deps = &Deps{App: a, Window: fx.w, Nav: fx.nav}
	return fx
}

// now is the app's clock.
func (fx *boardsFixture) now() time.Time {
	fx.mu.Lock()
	defer fx.mu.Unlock()
	return fx.clock
}

// setNow moves the app's clock.
func (fx *boardsFixture) setNow(t time.Time) {
	fx.mu.Lock()
	defer fx.mu.Unlock()
	fx.clock = t
}

// customer creates a customer with one phone.
func (fx *boardsFixture) customer(t *testing.T, name, phone, address string) *models.Customer {
	t.Helper()
	c, err := fx.app.CreateCustomer(models.CustomerInput{Name: name, Phones: []string{phone}, Addresses: []string{address}}, app.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// ticket opens an on-site repair ticket for a customer.
func (fx *boardsFixture) ticket(t *testing.T, c *models.Customer, symptom string) *app.TicketDetail {
	t.Helper()
	d, err := fx.app.CreateTicket(app.IntakeInput{CustomerID: c.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: symptom, PreferredTime: "上午"})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// show puts a screen's content in the window and runs its shown().
func (fx *boardsFixture) show(t *testing.T, content fyne.CanvasObject, shown func()) {
	t.Helper()
	fx.w.SetContent(content)
	custUI(shown)
	custWaitIdle(t)
}

func TestTodayBoardOverdueFirstAndActions(t *testing.T) {
	fx := newBoardsFixture(t)
	c := fx.customer(t, "张伟", "13800138000", "北京市朝阳区建国路88号")
	fx.setNow(boardsNow.Add(-30 * time.Hour))
	old := fx.ticket(t, c, "空调不制冷")
	fx.setNow(boardsNow.Add(-20 * time.Hour))
	dueToday := fx.ticket(t, c, "洗衣机漏水")
	fx.setNow(boardsNow)
	fx.ticket(t, c, "刚报修") // first response due tomorrow: not on the board

	s := newTodayScreen(fx.deps)
	t.Cleanup(s.hidden)
	fx.show(t, s.content(), s.shown)

	if len(s.entries) != 4 || !s.entries[0].header || !s.entries[0].overdue || s.entries[1].item.ID != old.Ticket.ID ||
		!s.entries[2].header || s.entries[2].overdue || s.entries[3].item.ID != dueToday.Ticket.ID {
		t.Fatalf("entries = %+v", s.entries)
	}
	if s.overdueN.num.Text != "1" || s.todayN.num.Text != "1" || s.visitsN.num.Text != "0" || s.parcelsN.num.Text != "0" {
		t.Errorf("summary: overdue %s, today %s, visits %s, parcels %s", s.overdueN.num.Text, s.todayN.num.Text, s.visitsN.num.Text, s.parcelsN.num.Text)
	}
	if s.empty.Visible() {
		t.Error("the empty state is shown with tickets due")
	}

	// The overdue row comes first, says how late it is, and its buttons
	// open the ticket and its clearing action.
	var row *todayRow
	var headerTexts []string
	for _, r := range s.rows {
		if r.header.Visible() {
			headerTexts = append(headerTexts, r.headerTitle.Text+" "+r.badge.text.Text)
		}
		if r.id == old.Ticket.ID && r.ticket.Visible() {
			row = r
		}
	}
	if row == nil {
		t.Fatal("the overdue ticket is not rendered")
	}
	if !slices.Contains(headerTexts, "Overdue 1") || !slices.Contains(headerTexts, "Due today 1") {
		t.Errorf("section headings: %q", headerTexts)
	}
	if row.due.Text != "overdue 6 h" || row.rule.Text != "First response (within 24 h)" {
		t.Errorf("overdue row: rule %q, due %q", row.rule.Text, row.due.Text)
	}
	for _, want := range []string{old.Ticket.Number, "张伟", "138 0013 8000", "New", "On site", "no technician"} {
		if !strings.Contains(row.info.Text, want) {
			t.Errorf("row info %q lacks %q", row.info.Text, want)
		}
	}
	if row.action.Text != "Call customer" {
		t.Errorf("action button = %q", row.action.Text)
	}
	custUI(func() { test.Tap(row.action) })
	if len(fx.nav.actions) != 1 || fx.nav.actions[0] != (boardsNavAction{old.Ticket.ID, models.ActContact}) {
		t.Errorf("OpenTicketAction calls = %+v", fx.nav.actions)
	}
	custUI(func() { test.Tap(row.open) })
	if len(fx.nav.opened) != 1 || fx.nav.opened[0] != old.Ticket.ID {
		t.Errorf("OpenTicket calls = %v", fx.nav.opened)
	}
	custUI(func() { test.Tap(s.newBtn) })
	if len(fx.nav.newTickets) != 1 || fx.nav.newTickets[0] != "" {
		t.Errorf("NewTicket calls = %q", fx.nav.newTickets)
	}

	// Later in the day the second one is overdue too.
	fx.setNow(boardsNow.Add(5 * time.Hour))
	custUI(s.reload)
	custWaitIdle(t)
	if s.overdueN.num.Text != "2" || len(s.entries) != 3 {
		t.Errorf("after 5 h: overdue %s, %d entries", s.overdueN.num.Text, len(s.entries))
	}
}

func TestTodayBoardEmpty(t *testing.T) {
	fx := newBoardsFixture(t)
	s := newTodayScreen(fx.deps)
	t.Cleanup(s.hidden)
	fx.show(t, s.content(), s.shown)
	if !s.empty.Visible() || s.list.Visible() {
		t.Fatal("no empty state on an empty board")
	}
	texts := custLabelTexts(s.empty)
	if !custContains(texts, "Nothing due — well done") || !custContains(texts, "Mon 2026-03-02") {
		t.Errorf("empty state says %q", texts)
	}
}

func TestDispatchBoardBooksClashesAndMoves(t *testing.T) {
	fx := newBoardsFixture(t)
	tech, err := fx.app.CreateStaff(models.StaffInput{Name: "李师傅", Phone: "13900139000", Roles: []models.Role{models.RoleTechnician}, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fx.app.CreateStaff(models.StaffInput{Name: "王师傅", Roles: []models.Role{models.RoleTechnician}, Active: true}); err != nil {
		t.Fatal(err)
	}
	first := fx.ticket(t, fx.customer(t, "张伟", "13800138000", "北京市朝阳区建国路88号"), "空调不制冷")
	second := fx.ticket(t, fx.customer(t, "李娜", "13912345678", "上海市浦东新区世纪大道1号"), "冰箱不制冷")

	s := newDispatchScreen(fx.deps)
	fx.show(t, s.content(), s.shown)
	if len(s.techs) != 2 || len(s.toBook) != 2 {
		t.Fatalf("board: %d technicians, %d to book", len(s.techs), len(s.toBook))
	}
	if s.toBook[0].Address == "" || s.toBook[0].PreferredTime != "上午" || s.toBook[0].Version == 0 {
		t.Errorf("to book row lacks address, preferred time or version: %+v", s.toBook[0])
	}
	today := models.CivilDate(boardsNow)
	amKey := app.BookingKey(tech.ID, today, models.AM)
	if c := s.cells[amKey]; c == nil || c.stateName() != "free" {
		t.Fatalf("李师傅's morning today: %+v", c)
	}

	// Select the first ticket, tap 李师傅's morning: booked.
	custUI(func() { s.toBookList.Select(boardsIndexOf(s.toBook, first.Ticket.ID)) })
	if s.sel == nil || s.sel.ticketID != first.Ticket.ID || s.openBtn.Disabled() {
		t.Fatalf("selection = %+v", s.sel)
	}
	custUI(func() { test.Tap(s.cells[amKey]) })
	custWaitIdle(t)
	cell := s.cells[amKey]
	if cell.stateName() != "booked" || len(cell.chips) != 1 || cell.chips[0].row.ID != first.Ticket.ID || cell.chips[0].name.Text != "张伟" {
		t.Fatalf("after booking: state %s, chips %d", cell.stateName(), len(cell.chips))
	}
	if len(s.toBook) != 1 || s.sel != nil || !strings.Contains(s.message.Text, "Booked "+first.Ticket.Number) {
		t.Errorf("after booking: %d to book, selection %+v, message %q", len(s.toBook), s.sel, s.message.Text)
	}

	// The second ticket in the same half day: a clash to confirm.
	custUI(func() { s.toBookList.Select(0) })
	custUI(func() { test.Tap(s.cells[amKey]) })
	custWaitIdle(t)
	if s.clashDlg == nil || !strings.Contains(s.clashDlg.message.Text, first.Ticket.Number) || !strings.Contains(s.clashDlg.message.Text, "李师傅") {
		t.Fatalf("clash dialog: %+v", s.clashDlg)
	}
	custUI(func() { test.Tap(s.clashDlg.bookAnyway) })
	custWaitIdle(t)
	cell = s.cells[amKey]
	if cell.stateName() != "clash" || len(cell.chips) != 2 || cell.state.Text != "Clash: 2 visits" {
		t.Fatalf("after Book anyway: state %s (%q), chips %d", cell.stateName(), cell.state.Text, len(cell.chips))
	}
	d, err := fx.app.Ticket(second.Ticket.ID)
	if err != nil || d.Ticket.Status != models.StatusScheduled || d.Technician != "李师傅" {
		t.Fatalf("second ticket: %v %+v", err, d)
	}

	// Pick the second one in the cell and move it to the afternoon: the
	// move needs a reason.
	custUI(func() { test.Tap(boardsChip(cell, second.Ticket.ID)) })
	if s.sel == nil || !s.sel.booked || s.sel.ticketID != second.Ticket.ID {
		t.Fatalf("chip selection = %+v", s.sel)
	}
	custUI(func() { test.Tap(s.openBtn) })
	if len(fx.nav.opened) != 1 || fx.nav.opened[0] != second.Ticket.ID {
		t.Errorf("Open ticket: %v", fx.nav.opened)
	}
	pmKey := app.BookingKey(tech.ID, today, models.PM)
	custUI(func() { test.Tap(s.cells[pmKey]) })
	if s.reasonDlg == nil || !s.reasonDlg.customer.Visible() {
		t.Fatal("no reason asked for a move")
	}
	custUI(func() { test.Tap(s.reasonDlg.ok) })
	if !s.reasonDlg.reasonEr.Visible() {
		t.Error("a move without a reason was accepted")
	}
	custUI(func() { test.Type(s.reasonDlg.reason, "客户上午不在家") })
	custUI(func() { s.reasonDlg.customer.SetChecked(true) })
	custUI(func() { test.Tap(s.reasonDlg.ok) })
	custWaitIdle(t)
	if s.cells[amKey].stateName() != "booked" || s.cells[pmKey].stateName() != "booked" {
		t.Fatalf("after the move: morning %s, afternoon %s (%q)", s.cells[amKey].stateName(), s.cells[pmKey].stateName(), s.message.Text)
	}
	d, _ = fx.app.Ticket(second.Ticket.ID)
	if d.Ticket.ApptHalf != models.PM || d.Ticket.ReschedulesCust != 1 {
		t.Errorf("moved ticket: half %s, customer reschedules %d", d.Ticket.ApptHalf, d.Ticket.ReschedulesCust)
	}

	// Next week and back.
	custUI(func() { test.Tap(s.nextBtn) })
	custWaitIdle(t)
	if s.cells[amKey] != nil || s.cells[app.BookingKey(tech.ID, today.AddDate(0, 0, 7), models.AM)] == nil {
		t.Error("next week does not show the following seven days")
	}
	custUI(func() { test.Tap(s.todayBtn) })
	custWaitIdle(t)
	if s.cells[amKey] == nil || s.cells[amKey].stateName() != "booked" {
		t.Error("Today does not come back to this week")
	}
}

// delivery books a delivery for a customer on a half day, with a crew
// (leader first) or none.
func (fx *boardsFixture) delivery(t *testing.T, c *models.Customer, day time.Time, half models.HalfDay, reason string, crew ...string) *app.TicketDetail {
	t.Helper()
	tpls, err := fx.app.ChecklistTemplates(false)
	if err != nil {
		t.Fatal(err)
	}
	in := app.IntakeInput{CustomerID: c.ID, Kind: models.KindDelivery, Delivery: app.DeliveryInput{
		Items: []app.DeliveryItemInput{{Product: "衣柜", Model: "YG-2000"}}, Date: day, Half: half, ChecklistID: tpls[0].ID,
		Crew: crew, CrewReason: reason}}
	if len(crew) > 0 {
		in.Delivery.LeaderID = crew[0]
	}
	d, err := fx.app.CreateTicket(in)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// staff adds an active staff member with roles.
func (fx *boardsFixture) staff(t *testing.T, name string, roles ...models.Role) *models.Staff {
	t.Helper()
	s, err := fx.app.CreateStaff(models.StaffInput{Name: name, Roles: roles, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestTodayBoardShowsDueDeliveries(t *testing.T) {
	fx := newBoardsFixture(t)
	zhao := fx.staff(t, "赵师傅", models.RoleDelivery)
	qian := fx.staff(t, "钱师傅", models.RoleDelivery)
	sun := fx.staff(t, "孙师傅", models.RoleDelivery)
	c := fx.customer(t, "陈静", "13900139000", "上海市浦东新区世纪大道100号")
	today := models.CivilDate(boardsNow)
	noCrew := fx.delivery(t, c, today, models.PM, "")                          // name the crew by 14:00
	late := fx.delivery(t, c, today, models.AM, "", zhao.ID, qian.ID)          // the crew was due at 09:00
	onSite := fx.delivery(t, c, today, models.PM, "只送一把椅子", sun.ID)            // installing this afternoon
	fx.delivery(t, c, today.AddDate(0, 0, 3), models.AM, "", zhao.ID, qian.ID) // nothing due today
	if _, err := fx.app.Step(onSite.Ticket.ID, 0, models.StepInput{Action: models.ActArrive}); err != nil {
		t.Fatal(err)
	}

	s := newTodayScreen(fx.deps)
	t.Cleanup(s.hidden)
	fx.show(t, s.content(), s.shown)
	var ids []string
	for _, e := range s.entries {
		ids = append(ids, e.item.ID)
	}
	want := []string{"", late.Ticket.ID, "", noCrew.Ticket.ID, onSite.Ticket.ID}
	if !slices.Equal(ids, want) {
		t.Fatalf("entries %q, want %q", ids, want)
	}
	if s.overdueN.num.Text != "1" || s.todayN.num.Text != "2" || s.visitsN.num.Text != "1" {
		t.Errorf("summary: overdue %s, today %s, visits %s", s.overdueN.num.Text, s.todayN.num.Text, s.visitsN.num.Text)
	}
	rows := map[string]*todayRow{}
	for _, r := range s.rows {
		if r.id != "" && r.ticket.Visible() {
			rows[r.id] = r
		}
	}
	for _, c := range []struct {
		d                  *app.TicketDetail
		rule, action, info string
	}{
		{late, "Visit booked", "Arrived, start service", "赵师傅  ·  Mon 03-02 Morning"},
		{noCrew, "Name the delivery crew", "Assign crew", "no crew yet  ·  Mon 03-02 Afternoon"},
		{onSite, "Record the installation", "Delivered and installed", "孙师傅"},
	} {
		r := rows[c.d.Ticket.ID]
		if r == nil {
			t.Fatalf("%s is not rendered", c.d.Ticket.Number)
		}
		if r.rule.Text != c.rule || r.action.Text != c.action || !strings.Contains(r.info.Text, c.info) || !strings.Contains(r.info.Text, "Delivery") {
			t.Errorf("%s: rule %q, action %q, info %q", c.d.Ticket.Number, r.rule.Text, r.action.Text, r.info.Text)
		}
		if r.action.Size().Width < r.action.MinSize().Width {
			t.Errorf("%s: the action button is cut (%v < %v)", c.d.Ticket.Number, r.action.Size().Width, r.action.MinSize().Width)
		}
	}
	custUI(func() { test.Tap(rows[noCrew.Ticket.ID].action) })
	if len(fx.nav.actions) != 1 || fx.nav.actions[0] != (boardsNavAction{noCrew.Ticket.ID, models.ActAssignCrew}) {
		t.Errorf("OpenTicketAction calls = %+v", fx.nav.actions)
	}
}

func TestDispatchBoardShowsDeliveriesAndAssignsCrew(t *testing.T) {
	fx := newBoardsFixture(t)
	li := fx.staff(t, "李师傅", models.RoleTechnician)
	zhao := fx.staff(t, "赵师傅", models.RoleDelivery)
	qian := fx.staff(t, "钱师傅", models.RoleDelivery)
	c := fx.customer(t, "陈静", "13900139000", "上海市浦东新区世纪大道100号")
	today := models.CivilDate(boardsNow)
	tomorrow := today.AddDate(0, 0, 1)
	crewed := fx.delivery(t, c, tomorrow, models.PM, "", zhao.ID, qian.ID)
	open := fx.delivery(t, c, tomorrow, models.AM, "")
	repair := fx.ticket(t, fx.customer(t, "张伟", "13800138000", "北京市朝阳区建国路88号"), "空调不制冷")

	s := newDispatchScreen(fx.deps)
	fx.show(t, s.content(), s.shown)
	var names []string
	for _, p := range s.techs {
		names = append(names, p.Name)
	}
	if !slices.Equal(names, []string{"李师傅", "赵师傅", "钱师傅"}) {
		t.Fatalf("board rows: %q", names)
	}

	// The crewed delivery is in both crew members' afternoon, marked as a
	// delivery; the one without a crew sits in the "Crew needed" row.
	for _, who := range []*models.Staff{zhao, qian} {
		cell := s.cells[app.BookingKey(who.ID, tomorrow, models.PM)]
		if cell == nil || cell.stateName() != "booked" || len(cell.chips) != 1 || cell.chips[0].row.ID != crewed.Ticket.ID ||
			!cell.chips[0].delivery || cell.chips[0].name.Text != "Delivery · 陈静" {
			t.Fatalf("%s's afternoon: %+v", who.Name, cell)
		}
	}
	if cell := s.cells[app.BookingKey(li.ID, tomorrow, models.PM)]; cell.stateName() != "free" {
		t.Errorf("李师傅's afternoon: %s", cell.stateName())
	}
	noCrewKey := app.BookingKey(app.NoCrew, tomorrow, models.AM)
	if cell := s.cells[noCrewKey]; cell == nil || cell.stateName() != "nocrew" || len(cell.chips) != 1 || cell.chips[0].row.ID != open.Ticket.ID {
		t.Fatalf("crew needed row: %+v", cell)
	}
	if !custContains(custLabelTexts(s.namesScroll.Content), "Crew needed") {
		t.Errorf("row names: %q", custLabelTexts(s.namesScroll.Content))
	}

	// A repair is not booked with delivery staff.
	custUI(func() { s.toBookList.Select(boardsIndexOf(s.toBook, repair.Ticket.ID)) })
	custUI(func() { test.Tap(s.cells[app.BookingKey(zhao.ID, today, models.PM)]) })
	custWaitIdle(t)
	if !strings.Contains(s.message.Text, "赵师傅 is delivery staff") || len(s.toBook) != 1 {
		t.Errorf("repair on delivery staff: %q, %d to book", s.message.Text, len(s.toBook))
	}

	// A delivery tapped onto another day is refused: its date moves on
	// the ticket, and nothing is booked.
	custUI(func() { test.Tap(boardsChip(s.cells[noCrewKey], open.Ticket.ID)) })
	if s.sel == nil || !s.sel.delivery || !strings.Contains(s.selLabel.Text, "put them on the crew") {
		t.Fatalf("delivery selection: %+v %q", s.sel, s.selLabel.Text)
	}
	custUI(func() { test.Tap(s.cells[app.BookingKey(qian.ID, today, models.PM)]) })
	custWaitIdle(t)
	if s.crewDlg != nil || !strings.Contains(s.message.Text, "is a delivery booked for Tue 03-03 Morning") {
		t.Errorf("other day: dialog %v, message %q", s.crewDlg != nil, s.message.Text)
	}
	if d, _ := fx.app.Ticket(open.Ticket.ID); d.Ticket.Status != models.StatusNew || d.Ticket.TechnicianID != nil {
		t.Fatalf("the refused delivery changed: %s", d.Ticket.Status)
	}

	// Tapped onto 钱师傅's morning of the booked day: the crew question,
	// 钱师傅 leading; one person needs a reason, two do not.
	custUI(func() { test.Tap(s.cells[app.BookingKey(qian.ID, tomorrow, models.AM)]) })
	cd := s.crewDlg
	if cd == nil || cd.reason != nil || !slices.Equal(cd.picker.chosen(), []string{qian.ID}) || cd.picker.leaderID() != qian.ID || !cd.picker.reasonRow.Visible() {
		t.Fatalf("crew question: %+v", cd)
	}
	custUI(func() { test.Tap(cd.ok) })
	custWaitIdle(t)
	if !strings.Contains(cd.picker.reasonErr.Text, "At least two people") {
		t.Fatalf("crew of one without a reason: %q / %q", cd.picker.reasonErr.Text, cd.formErr.Text)
	}
	custUI(func() { tickCrew(cd.picker, "赵师傅") })
	custUI(func() { test.Tap(cd.ok) })
	custWaitIdle(t)
	d, err := fx.app.Ticket(open.Ticket.ID)
	if err != nil || d.Ticket.Status != models.StatusScheduled || len(d.Crew) != 2 || d.Technician != "钱师傅" {
		t.Fatalf("after Assign crew: %v %s %+v", err, d.Ticket.Status, d.Crew)
	}
	if d.Ticket.ApptDate == nil || !models.CivilDate(*d.Ticket.ApptDate).Equal(tomorrow) || d.Ticket.ApptHalf != models.AM {
		t.Errorf("the booked day moved: %v %s", d.Ticket.ApptDate, d.Ticket.ApptHalf)
	}
	if s.cells[noCrewKey] != nil || !strings.Contains(s.message.Text, "led by 钱师傅") {
		t.Errorf("after Assign crew: crew-needed row %v, message %q", s.cells[noCrewKey] != nil, s.message.Text)
	}
	for _, who := range []*models.Staff{zhao, qian} {
		if cell := s.cells[app.BookingKey(who.ID, tomorrow, models.AM)]; cell == nil || boardsChip(cell, open.Ticket.ID) == nil {
			t.Errorf("%s's morning lacks the delivery", who.Name)
		}
	}

	// 李师傅 has a repair tomorrow afternoon; adding him to the other
	// delivery's crew asks why the crew changes, then about the clash.
	if _, err := fx.app.Dispatch(app.DispatchInput{TicketID: repair.Ticket.ID, TechnicianID: li.ID, Date: tomorrow, Half: models.PM}); err != nil {
		t.Fatal(err)
	}
	custUI(s.reload)
	custWaitIdle(t)
	custUI(func() { test.Tap(boardsChip(s.cells[app.BookingKey(zhao.ID, tomorrow, models.PM)], crewed.Ticket.ID)) })
	custUI(func() { test.Tap(s.cells[app.BookingKey(li.ID, tomorrow, models.PM)]) })
	cd = s.crewDlg
	if cd == nil || cd.reason == nil || len(cd.picker.chosen()) != 3 || cd.picker.leaderID() != zhao.ID {
		t.Fatalf("crew change question: %+v", cd)
	}
	custUI(func() { test.Tap(cd.ok) })
	custWaitIdle(t)
	if !strings.Contains(cd.reasonErr.Text, "Say why the crew changes") {
		t.Fatalf("change without a reason: %q / %q", cd.reasonErr.Text, cd.formErr.Text)
	}
	custUI(func() { test.Type(cd.reason, "衣柜太重，加一人") })
	custUI(func() { test.Tap(cd.ok) })
	custWaitIdle(t)
	if s.clashDlg == nil || !strings.Contains(s.clashDlg.message.Text, repair.Ticket.Number) {
		t.Fatalf("no clash question: %+v", s.clashDlg)
	}
	custUI(func() { test.Tap(s.clashDlg.bookAnyway) })
	custWaitIdle(t)
	cell := s.cells[app.BookingKey(li.ID, tomorrow, models.PM)]
	if cell.stateName() != "clash" || len(cell.chips) != 2 {
		t.Fatalf("李师傅's afternoon: %s, %d chips (%q)", cell.stateName(), len(cell.chips), s.message.Text)
	}
	if d, _ := fx.app.Ticket(crewed.Ticket.ID); len(d.Crew) != 3 || d.Technician != "赵师傅" {
		t.Errorf("crew after the change: %+v", d.Crew)
	}
}

// boardsIndexOf finds a ticket in the To book list.
func boardsIndexOf(rows []app.BookableRow, id string) int {
	for i, r := range rows {
		if r.ID == id {
			return i
		}
	}
	return -1
}

// boardsChip finds a ticket's chip in a cell.
func boardsChip(c *dispatchCell, id string) *dispatchChip {
	for _, ch := range c.chips {
		if ch.row.ID == id {
			return ch
		}
	}
	return nil
}

func TestStaffFormValidatesSavesAndDeactivates(t *testing.T) {
	fx := newBoardsFixture(t)
	s := newStaffScreen(fx.deps)
	fx.show(t, s.content(), s.shown)
	if !s.empty.Visible() || !custContains(custLabelTexts(s.empty), "Add your technicians") {
		t.Fatal("no empty state without staff")
	}

	// Empty name and no role: refused, with the problems under the fields.
	custUI(func() { test.Tap(s.saveBtn) })
	custWaitIdle(t)
	if !s.nameErr.Visible() || !s.rolesErr.Visible() || s.rolesErr.Text != "Choose at least one role." {
		t.Fatalf("errors: name %q (%v), roles %q (%v)", s.nameErr.Text, s.nameErr.Visible(), s.rolesErr.Text, s.rolesErr.Visible())
	}
	if list, _ := fx.app.StaffList(true); len(list) != 0 {
		t.Fatalf("%d staff saved from an empty form", len(list))
	}

	// The problems go as they are fixed; a technician is saved.
	custUI(func() { test.Type(s.name, "李师傅") })
	if s.nameErr.Visible() {
		t.Error("the name error stays after typing a name")
	}
	custUI(func() { test.Type(s.phone, "139 0013 9000") })
	custUI(func() { s.roles[models.RoleTechnician].SetChecked(true) })
	if s.rolesErr.Visible() {
		t.Error("the roles error stays after choosing a role")
	}
	custUI(func() { test.Tap(s.saveBtn) })
	custWaitIdle(t)
	if len(s.staff) != 1 || s.editing == nil || !s.savedMsg.Visible() || s.techHint.Visible() || s.empty.Visible() {
		t.Fatalf("after save: %d staff, editing %v, saved %v", len(s.staff), s.editing, s.savedMsg.Visible())
	}
	texts := custLabelTexts(s.list)
	if !custContains(texts, "李师傅") || !custContains(texts, "139 0013 9000") || !custContains(texts, "Technician") {
		t.Errorf("list shows %q", texts)
	}

	// Deactivate: still listed, greyed, marked inactive; Reactivate offered.
	custUI(func() { test.Tap(s.deactivateBtn) })
	if s.deactivateDlg == nil {
		t.Fatal("no confirmation before deactivating")
	}
	custUI(func() { test.Tap(s.deactivateDlg.confirm) })
	custWaitIdle(t)
	list, err := fx.app.StaffList(true)
	if err != nil || len(list) != 1 || list[0].Active {
		t.Fatalf("after deactivating: %v %+v", err, list)
	}
	if len(s.staff) != 1 || s.staff[0].Active || !custContains(custLabelTexts(s.list), "李师傅  (inactive)") {
		t.Errorf("list after deactivating: %q", custLabelTexts(s.list))
	}
	if s.deactivateBtn.Text != "Reactivate" || !s.techHint.Visible() {
		t.Errorf("button %q, technician hint %v", s.deactivateBtn.Text, s.techHint.Visible())
	}

	// Someone added as inactive from the start stays inactive.
	custUI(s.onNew)
	custUI(func() { test.Type(s.name, "老周") })
	custUI(func() { s.roles[models.RoleGeneralManager].SetChecked(true) })
	custUI(func() { s.active.SetChecked(false) })
	custUI(func() { test.Tap(s.saveBtn) })
	custWaitIdle(t)
	if s.editing == nil || s.editing.Active || len(s.staff) != 2 || s.staff[0].Active || s.staff[1].Active {
		t.Errorf("inactive new staff: editing %+v, list %+v", s.editing, s.staff)
	}
}

// TestBoardsTranslationsComplete checks that every key the boards translate
// has English and Chinese text with the same placeholders: boards.* keys
// in the translation files.
func TestBoardsTranslationsComplete(t *testing.T) {
	en := custReadJSON(t, "translations/en.json")
	zh := custReadJSON(t, "translations/zh_Hans.json")
	enAll := custReadJSON(t, append([]string{"translations/en.json"}, boardsFragments(t, "en")...)...)
	zhAll := custReadJSON(t, append([]string{"translations/zh_Hans.json"}, boardsFragments(t, "zh_Hans")...)...)
	keys := map[string]bool{}
	for _, file := range []string{"today.go", "dispatch.go", "staff.go", "labels.go"} {
		for _, k := range custTKeys(t, file) {
			if !strings.HasPrefix(k, "product_type.") {
				keys[k] = true
			}
		}
	}
	// The problems the staff form and the board can show.
	errKey := regexp.MustCompile(`"(err\.(?:staff|dispatch)\.[a-z0-9_.]+)"`)
	for _, f := range []string{"../models/staff.go", "../app/staff.go", "../app/tickets.go"} {
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
		e, z := enAll[k], zhAll[k]
		if strings.HasPrefix(k, "boards.") || strings.HasPrefix(k, "err.staff.") || strings.HasPrefix(k, "err.dispatch.") {
			e, z = en[k], zh[k]
		}
		if e == "" || z == "" {
			t.Errorf("%s: en %q, zh %q", k, e, z)
			continue
		}
		pe, pz := placeholder.FindAllString(e, -1), placeholder.FindAllString(z, -1)
		if !slices.Equal(slices.Sorted(slices.Values(pe)), slices.Sorted(slices.Values(pz))) {
			t.Errorf("%s: placeholders differ: %v / %v", k, pe, pz)
		}
	}
}

// boardsFragments lists every fragment of a language, relative to assets/.
func boardsFragments(t *testing.T, lang string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "assets", "translations", lang+".json"))
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = filepath.Join("translations", filepath.Base(f))
	}
	return out
}
