package screens

import (
	"context"
	"image/color"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// Paging and timing of the ticket list.
const (
	tickPageSize    = 50                     // rows fetched per page
	tickLoadAhead   = 10                     // fetch the next page this many rows before the end
	tickSearchDelay = 150 * time.Millisecond // debounce: wait for the typist to pause
	tickKeepMax     = 500                    // rows a reload in place reads at most (app's limit)
)

// Fixed options at the head of the filter selects; the rest follow in
// the order of models.AllStatuses, models.AllModes and the technicians.
const (
	tickStatusOpen = 0 // open tickets only (the default)
	tickStatusAll  = 1 // every status
	tickStatusBase = 2 // index of models.AllStatuses[0]
)

// tickKinds are the kinds the kind filter offers after "All kinds".
var tickKinds = []models.TicketKind{models.KindRepair, models.KindConsultation, models.KindDelivery, models.KindPart}

// ticketsScreen is the Tickets area: filters and a paged list of tickets,
// soonest due first, on the left; the chosen ticket on the right.
type ticketsScreen struct {
	deps *Deps

	search   *widget.Entry
	status   *widget.Select
	kind     *widget.Select
	mode     *widget.Select
	tech     *widget.Select
	from, to *widget.Entry
	dateErr  *widget.Label
	overdue  *widget.Check
	clearBtn *widget.Button
	count    *widget.Label
	list     *widget.List
	newBtn   *widget.Button
	detail   *ticketDetail
	root     fyne.CanvasObject

	techs []models.Staff // the technician filter's options after "All"

	// List state; read and written only on the UI goroutine.
	rows          []app.TicketRow
	now           time.Time          // the clock when the rows were loaded, for due times
	gen           int                // bumped by every load; older answers are dropped
	ctx           context.Context    // the current load, cancelled by the next one
	cancel        context.CancelFunc // cancels ctx
	filter        app.TicketFilter   // the filter of the rows shown
	ready         bool               // the current load's first page is shown
	hasMore       bool               // the last page was full, so there may be more
	loadingMore   bool               // a next page is being fetched
	selectedID    string             // the ticket on the right
	pendingSelect string             // highlight this ticket when a load contains it
	revealing     bool               // the filters were already widened for pendingSelect
	settingFilter bool               // code is setting the filters: no load per widget change

	intake *intakeDialog // the last intake dialog opened (tests look at it)

	parts        *partsList        // the replacement parts list last opened
	partsOverlay fyne.CanvasObject // its dialog on the window while open
}

// newTicketsScreen builds the Tickets area.
func newTicketsScreen(d *Deps) *ticketsScreen {
	// The selects report their defaults as changes; nothing loads until shown.
	s := &ticketsScreen{deps: d, settingFilter: true}
	defer func() { s.settingFilter = false }()
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(T("tickets.search.hint", "Ticket number, customer name or phone digits"))
	s.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	s.search.OnChanged = s.onSearchChanged
	s.search.OnSubmitted = s.onSearchSubmitted

	statuses := []string{T("tickets.filter.open", "Open tickets"), T("tickets.filter.all_statuses", "All statuses")}
	for _, st := range models.AllStatuses {
		statuses = append(statuses, StatusLabel(st))
	}
	s.status = widget.NewSelect(statuses, s.onFilterChanged)
	s.status.SetSelectedIndex(tickStatusOpen)

	kinds := []string{T("tickets.filter.all_kinds", "All kinds")}
	for _, k := range tickKinds {
		kinds = append(kinds, KindLabel(k))
	}
	s.kind = widget.NewSelect(kinds, s.onFilterChanged)
	s.kind.SetSelectedIndex(0)

	modes := []string{T("tickets.filter.all_modes", "All repair modes")}
	for _, m := range models.AllModes {
		modes = append(modes, ModeLabel(m))
	}
	s.mode = widget.NewSelect(modes, s.onFilterChanged)
	s.mode.SetSelectedIndex(0)

	s.tech = widget.NewSelect([]string{T("tickets.filter.all_technicians", "All technicians")}, s.onFilterChanged)
	s.tech.SetSelectedIndex(0)

	s.from = widget.NewEntry()
	s.from.SetPlaceHolder(T("tickets.filter.from", "From YYYY-MM-DD"))
	s.from.OnChanged = s.onDateChanged
	s.to = widget.NewEntry()
	s.to.SetPlaceHolder(T("tickets.filter.to", "To YYYY-MM-DD"))
	s.to.OnChanged = s.onDateChanged
	s.dateErr = custErrLabel()

	s.overdue = widget.NewCheck(T("tickets.filter.overdue", "Overdue only"), s.onOverdueChanged)
	s.clearBtn = widget.NewButtonWithIcon(T("tickets.filter.clear", "Clear filters"), theme.ContentClearIcon(), s.onClearFilters)
	s.clearBtn.Importance = widget.LowImportance

	s.count = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	s.count.Importance = widget.LowImportance
	s.count.Truncation = fyne.TextTruncateEllipsis

	s.list = widget.NewList(s.listLength, s.newListRow, s.updateListRow)
	s.list.OnSelected = s.onListSelected

	s.newBtn = widget.NewButtonWithIcon(T("tickets.new", "New ticket"), theme.ContentAddIcon(), s.onNew)
	s.newBtn.Importance = widget.HighImportance

	s.detail = newTicketDetail(d)
	s.detail.OnChanged = s.onTicketChanged

	reported := widget.NewLabel(T("tickets.filter.reported", "Reported"))
	top := container.NewVBox(
		s.search,
		container.NewGridWithColumns(2, s.status, s.kind),
		container.NewGridWithColumns(2, s.mode, s.tech),
		container.NewBorder(nil, nil, reported, nil, container.NewGridWithColumns(2, s.from, s.to)),
		s.dateErr,
		container.NewBorder(nil, nil, s.overdue, s.clearBtn, s.count),
		widget.NewSeparator(),
	)
	// The replacement part requests and their summary sheet (parts.go).
	partsBtn := widget.NewButtonWithIcon(T("parts.list.open", "Replacement parts"), theme.ListIcon(), s.onParts)
	bottom := container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, nil, partsBtn, s.newBtn))
	left := container.NewBorder(top, bottom, nil, nil, s.list)
	split := container.NewHSplit(container.NewPadded(left), s.detail.content())
	split.Offset = 0.4
	s.root = split
	return s
}

// content is the area's root object for the main window.
func (s *ticketsScreen) content() fyne.CanvasObject { return s.root }

// shown runs each time the area is shown: the technicians and the list may
// be stale after work in other areas, so load them again.
func (s *ticketsScreen) shown() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(s.search); c != nil {
		c.Focus(s.search)
	}
	s.loadTechnicians()
	s.startLoad(0)
	s.detail.refresh()
}

// onDataChanged follows changes made on another PC (window.go): the list
// loads again in place, the ticket on the right reloads unless it is being
// edited, and the replacement parts list, while open, loads again.
func (s *ticketsScreen) onDataChanged() {
	if s.ready && !s.loadingMore && s.pendingSelect == "" {
		s.loadList(0, true) // else a load is under way and reads the latest
	}
	s.detail.refresh()
	if s.parts != nil && slices.Contains(s.deps.Window.Canvas().Overlays().List(), s.partsOverlay) {
		s.parts.load()
	}
}

// onParts opens the replacement part requests and their summary sheet
// (parts.go) over the window.
func (s *ticketsScreen) onParts() {
	s.parts = showPartsList(s.deps, s.openTicket)
	s.partsOverlay = s.deps.Window.Canvas().Overlays().Top()
}

// openTicket shows a ticket on the right and highlights it in the list;
// when the filters hide it, they are cleared and the list searches for its
// number, so the ticket is always in view.
func (s *ticketsScreen) openTicket(id string) {
	s.selectedID = id
	s.detail.show(id)
	s.pendingSelect, s.revealing = id, false
	if !s.startLoad(0) {
		s.reveal(id) // the date filter is invalid: clear it
	}
}

// openTicketAction opens a ticket and starts an action on it (the Today
// board's one click); the pane opens the action's dialog.
func (s *ticketsScreen) openTicketAction(id string, act models.Action) {
	s.openTicket(id)
	s.detail.startAction(act)
}

// newTicket opens the intake dialog, for a customer or ("") with a search
// for one.
func (s *ticketsScreen) newTicket(customerID string) {
	dlg := newIntakeDialog(s.deps, customerID)
	dlg.OnCreated = s.onTicketCreated
	s.intake = dlg
	dlg.show()
}

// onNew starts a global intake: find or create the customer first.
func (s *ticketsScreen) onNew() { s.newTicket("") }

// onTicketCreated shows a new ticket in the list and on the right.
func (s *ticketsScreen) onTicketCreated(d *app.TicketDetail) { s.openTicket(d.Ticket.ID) }

// onTicketChanged updates the ticket's row after a change in the pane. The
// row stays even when it no longer matches the filters, so it does not
// vanish under the person's eyes; the next load drops it.
func (s *ticketsScreen) onTicketChanged(d *app.TicketDetail) {
	if d == nil {
		return
	}
	for i := range s.rows {
		r := &s.rows[i]
		if r.ID != d.Ticket.ID {
			continue
		}
		t := &d.Ticket
		r.Status, r.Mode, r.Priority, r.Symptom = t.Status, t.Mode, t.Priority, t.Symptom
		r.Technician, r.DueAt, r.ApptDate, r.ApptHalf = d.Technician, t.DueAt, t.ApptDate, t.ApptHalf
		s.now = s.deps.App.Now()
		s.list.RefreshItem(i)
		return
	}
}

// onSearchChanged reloads after the typist pauses.
func (s *ticketsScreen) onSearchChanged(string) { s.startLoad(tickSearchDelay) }

// onSearchSubmitted (Enter) opens the first ticket found, which is what
// the counter wants after typing a whole ticket number.
func (s *ticketsScreen) onSearchSubmitted(string) {
	if s.ready && s.filter.Query == strings.TrimSpace(s.search.Text) && len(s.rows) > 0 {
		s.selectIndex(0)
	}
}

// onFilterChanged reloads after a select changed.
func (s *ticketsScreen) onFilterChanged(string) { s.startLoad(0) }

// onOverdueChanged reloads with or without the overdue condition.
func (s *ticketsScreen) onOverdueChanged(bool) { s.startLoad(0) }

// onDateChanged reloads once both dates are valid (or empty).
func (s *ticketsScreen) onDateChanged(string) { s.startLoad(tickSearchDelay) }

// onClearFilters returns every filter to its default.
func (s *ticketsScreen) onClearFilters() {
	s.resetFilters(tickStatusOpen, "")
	s.startLoad(0)
}

// resetFilters sets every filter to its default, the status filter to
// status and the search to query, without a load per widget.
func (s *ticketsScreen) resetFilters(status int, query string) {
	s.settingFilter = true
	defer func() { s.settingFilter = false }()
	s.search.SetText(query)
	s.status.SetSelectedIndex(status)
	s.kind.SetSelectedIndex(0)
	s.mode.SetSelectedIndex(0)
	s.tech.SetSelectedIndex(0)
	s.from.SetText("")
	s.to.SetText("")
	s.overdue.SetChecked(false)
	custSetErr(s.dateErr, "")
}

// currentFilter reads the filter widgets. It reports false, and says why
// under the dates, when a date cannot be read.
func (s *ticketsScreen) currentFilter() (app.TicketFilter, bool) {
	f := app.TicketFilter{Query: strings.TrimSpace(s.search.Text), OverdueOnly: s.overdue.Checked, Limit: tickPageSize}
	switch i := s.status.SelectedIndex(); {
	case i == tickStatusAll:
	case i >= tickStatusBase && i-tickStatusBase < len(models.AllStatuses):
		f.Statuses = []models.Status{models.AllStatuses[i-tickStatusBase]}
	default:
		f.OpenOnly = true
	}
	if i := s.kind.SelectedIndex(); i > 0 && i <= len(tickKinds) {
		f.Kind = tickKinds[i-1]
	}
	if i := s.mode.SelectedIndex(); i > 0 && i <= len(models.AllModes) {
		f.Mode = models.AllModes[i-1]
	}
	f.TechnicianID = s.techID()

	msg := ""
	var err *models.FieldError
	if strings.TrimSpace(s.from.Text) != "" {
		if f.From, err = models.ParseDate(s.from.Text); err != nil {
			msg = FieldErrText(err)
		}
	}
	if msg == "" && strings.TrimSpace(s.to.Text) != "" {
		if f.To, err = models.ParseDate(s.to.Text); err != nil {
			msg = FieldErrText(err)
		}
	}
	if msg == "" && !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		msg = T("tickets.filter.dates_reversed", "The start date is after the end date.")
	}
	custSetErr(s.dateErr, msg)
	return f, msg == ""
}

// techID is the technician chosen in the filter, "" for all.
func (s *ticketsScreen) techID() string {
	if i := s.tech.SelectedIndex(); i > 0 && i <= len(s.techs) {
		return s.techs[i-1].ID
	}
	return ""
}

// loadTechnicians refreshes the technician filter in the background.
func (s *ticketsScreen) loadTechnicians() {
	a := s.deps.App
	custGo(func() func() {
		techs, err := a.StaffWithRole(models.RoleTechnician)
		return func() { s.applyTechnicians(techs, err) }
	})
}

// applyTechnicians fills the technician filter, keeping the chosen one;
// when that person is gone, the filter falls back to all and reloads.
func (s *ticketsScreen) applyTechnicians(techs []models.Staff, err error) {
	if err != nil {
		s.showCountError(err)
		return
	}
	prev := s.techID()
	opts := []string{T("tickets.filter.all_technicians", "All technicians")}
	idx := 0
	for i, t := range techs {
		opts = append(opts, t.Name)
		if t.ID == prev {
			idx = i + 1
		}
	}
	s.settingFilter = true
	s.techs = techs
	s.tech.SetOptions(opts)
	s.tech.SetSelectedIndex(idx)
	s.settingFilter = false
	if prev != "" && idx == 0 {
		s.startLoad(0)
	}
}

// startLoad cancels the running load and starts a new one for the filters
// after delay, with the count alongside. It reports false when the filters
// cannot be read (an invalid date), in which case the list stays as it is.
func (s *ticketsScreen) startLoad(delay time.Duration) bool { return s.loadList(delay, false) }

// loadList is startLoad; keep reloads in place, after a change on another
// PC: as many rows as are loaded, the highlight and the scroll position
// kept.
func (s *ticketsScreen) loadList(delay time.Duration, keep bool) bool {
	if s.settingFilter {
		return true
	}
	f, ok := s.currentFilter()
	if !ok {
		return false
	}
	if s.cancel != nil {
		s.cancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.ctx, s.cancel = ctx, cancel
	s.gen++
	s.ready, s.loadingMore = false, false
	s.filter = f
	gen, a := s.gen, s.deps.App
	q := f
	if keep {
		q.Limit = min(max(len(s.rows), tickPageSize), tickKeepMax)
	}
	custGo(func() func() {
		if !custSleep(ctx, delay) {
			return nil
		}
		rows, err := a.ListTickets(ctx, q)
		if ctx.Err() != nil {
			return nil
		}
		now := a.Now()
		return func() { s.applyLoad(gen, rows, now, err, q.Limit, keep) }
	})
	custGo(func() func() {
		if !custSleep(ctx, delay) {
			return nil
		}
		n, err := a.CountTickets(ctx, f)
		if ctx.Err() != nil {
			return nil
		}
		return func() { s.applyCount(gen, n, err) }
	})
	return true
}

// applyLoad shows the first page of a load (limit rows asked for) unless a
// newer one started, and highlights the ticket on the right (or the one
// asked for) if it is there; keep leaves the list where it was scrolled.
func (s *ticketsScreen) applyLoad(gen int, rows []app.TicketRow, now time.Time, err error, limit int, keep bool) {
	if gen != s.gen {
		return
	}
	s.ready = true
	if err != nil {
		s.showCountError(err)
		return
	}
	s.rows, s.now = rows, now
	s.hasMore = len(rows) == limit
	offset := s.list.GetScrollOffset()
	s.list.UnselectAll()
	s.list.Refresh()

	pending := s.pendingSelect
	want := pending
	if want == "" {
		want = s.selectedID
	}
	idx := -1
	for i, r := range s.rows {
		if want != "" && r.ID == want {
			idx = i
			break
		}
	}
	if idx >= 0 {
		s.selectedID = want // so the selection does not load the pane again
		s.list.Select(idx)
	}
	if keep {
		s.list.ScrollToOffset(offset)
		return
	}
	switch {
	case pending != "" && idx >= 0:
		s.list.ScrollTo(idx)
		s.pendingSelect, s.revealing = "", false
	case pending != "" && !s.revealing:
		s.reveal(pending)
	case pending != "":
		s.pendingSelect, s.revealing = "", false // it is gone; the pane says so
		s.list.ScrollToTop()
	case idx < 0:
		s.list.ScrollToTop()
	}
}

// reveal clears the filters that hide a ticket and searches for its number.
func (s *ticketsScreen) reveal(id string) {
	s.revealing = true
	a := s.deps.App
	custGo(func() func() {
		d, err := a.Ticket(id)
		return func() { s.applyReveal(id, d, err) }
	})
}

// applyReveal widens the filters to show the ticket looked up by reveal,
// unless the person asked for another ticket meanwhile.
func (s *ticketsScreen) applyReveal(id string, d *app.TicketDetail, err error) {
	if s.pendingSelect != id {
		return
	}
	if err != nil {
		s.pendingSelect, s.revealing = "", false
		s.showCountError(err)
		return
	}
	s.resetFilters(tickStatusAll, d.Ticket.Number)
	s.startLoad(0)
}

// applyCount shows "N tickets" unless a newer load started.
func (s *ticketsScreen) applyCount(gen int, n int64, err error) {
	if gen != s.gen {
		return
	}
	if err != nil {
		s.showCountError(err)
		return
	}
	s.count.Importance = widget.LowImportance
	if n == 1 {
		s.count.SetText(T("tickets.count_one", "1 ticket"))
	} else {
		s.count.SetText(T("tickets.count", "{{.N}} tickets", map[string]any{"N": n}))
	}
}

// showCountError shows a load problem where the count goes.
func (s *ticketsScreen) showCountError(err error) {
	s.count.Importance = widget.DangerImportance
	s.count.SetText(ErrText(err))
}

// loadMore fetches the next page of the current load.
func (s *ticketsScreen) loadMore() {
	if !s.hasMore || s.loadingMore || !s.ready || s.ctx == nil {
		return
	}
	s.loadingMore = true
	gen, ctx, f, a := s.gen, s.ctx, s.filter, s.deps.App
	f.Offset = len(s.rows)
	custGo(func() func() {
		rows, err := a.ListTickets(ctx, f)
		if ctx.Err() != nil {
			return nil
		}
		return func() { s.applyMore(gen, f.Offset, rows, err) }
	})
}

// applyMore appends a further page to the list.
func (s *ticketsScreen) applyMore(gen, offset int, rows []app.TicketRow, err error) {
	if gen != s.gen || offset != len(s.rows) {
		return
	}
	s.loadingMore = false
	if err != nil {
		s.hasMore = false
		s.showCountError(err)
		return
	}
	s.rows = append(s.rows, rows...)
	s.hasMore = len(rows) == tickPageSize
	s.list.Refresh()
}

// listLength is the number of loaded rows.
func (s *ticketsScreen) listLength() int { return len(s.rows) }

// tickRow holds the widgets of one list row, so updates need no type
// assertions on the container tree.
type tickRow struct {
	number  *widget.Label
	chip    *tickChip
	urgent  *tickChip
	mode    *widget.Label
	due     *widget.Label
	who     *widget.Label
	appt    *widget.Label
	symptom *widget.Label
	line1   *fyne.Container
	line2   *fyne.Container
}

// tickRowBox is a list row's container, carrying its widgets.
type tickRowBox struct {
	widget.BaseWidget
	row *tickRow
	box *fyne.Container
}

// CreateRenderer draws the row's container.
func (b *tickRowBox) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(b.box) }

// newListRow is the row template: number, status, mode and due time on
// the first line; customer, phone, technician and appointment on the
// second; the symptom's first line in small print.
func (s *ticketsScreen) newListRow() fyne.CanvasObject {
	r := &tickRow{chip: newTickChip(), urgent: newTickChip()}
	r.urgent.set(T("tickets.row.urgent", "URGENT"), tickColorProblem)
	r.number = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.mode = widget.NewLabel("")
	r.due = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	r.who = widget.NewLabel("")
	r.who.Truncation = fyne.TextTruncateEllipsis
	r.appt = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{})
	r.symptom = widget.NewLabel("")
	r.symptom.SizeName = theme.SizeNameCaptionText
	r.symptom.Truncation = fyne.TextTruncateEllipsis
	r.line1 = container.NewBorder(nil, nil, container.NewHBox(r.number, container.NewCenter(r.chip.box), r.mode, container.NewCenter(r.urgent.box)), r.due)
	r.line2 = container.NewBorder(nil, nil, nil, r.appt, r.who)
	b := &tickRowBox{row: r, box: container.New(layout.NewCustomPaddedVBoxLayout(-2.5*theme.Padding()), r.line1, r.line2, r.symptom)}
	b.ExtendBaseWidget(b)
	return b
}

// updateListRow fills a row and asks for the next page when the person
// scrolls near the end.
func (s *ticketsScreen) updateListRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.rows) {
		return
	}
	t := s.rows[id]
	r := o.(*tickRowBox).row
	r.number.SetText(t.Number)
	if t.Priority == models.PriorityUrgent {
		r.urgent.box.Show()
	} else {
		r.urgent.box.Hide()
	}
	r.chip.set(StatusLabel(t.Status), tickStatusColor(t.Status))
	if t.Kind == models.KindConsultation {
		r.mode.SetText(KindLabel(t.Kind))
	} else {
		r.mode.SetText(ModeLabel(t.Mode))
	}
	due, imp := tickDueText(t.DueAt, s.now)
	r.due.Importance = imp
	r.due.SetText(due)

	who := t.CustomerName
	if t.Phone != "" {
		who += "  " + models.FormatPhone(t.Phone)
	}
	if t.Technician != "" {
		who += "   ·   " + t.Technician
	}
	r.who.SetText(who)
	if t.Kind == models.KindDelivery {
		r.appt.SetText(tickDeliveryDayText(t.ApptDate, t.ApptHalf))
	} else {
		r.appt.SetText(tickApptText(t.ApptDate, t.ApptHalf))
	}
	r.symptom.SetText(tickNoteText(t))
	r.line1.Refresh() // the due time's width changes with its text
	r.line2.Refresh()
	if id >= len(s.rows)-tickLoadAhead {
		s.loadMore()
	}
}

// onListSelected shows the chosen ticket on the right.
func (s *ticketsScreen) onListSelected(id widget.ListItemID) {
	if id < 0 || id >= len(s.rows) {
		return
	}
	if s.rows[id].ID == s.selectedID {
		return // re-highlighting after a load; the pane is current
	}
	s.selectedID = s.rows[id].ID
	s.pendingSelect = ""
	s.detail.show(s.selectedID)
}

// selectIndex highlights a row and shows its ticket.
func (s *ticketsScreen) selectIndex(i int) {
	s.list.Select(i)
	s.list.ScrollTo(i)
}

// tickDueText says when a ticket's next step is due, relative to now:
// "overdue 3 h" in red, "due today 14:00" in orange, "due tomorrow 09:00",
// or the date.
func tickDueText(due *time.Time, now time.Time) (string, widget.Importance) {
	if due == nil || now.IsZero() {
		return "", widget.LowImportance
	}
	at := due.In(now.Location())
	if now.After(at) {
		late := now.Sub(at)
		switch {
		case late < time.Hour:
			return T("tickets.due.overdue_min", "overdue {{.N}} min", map[string]any{"N": max(1, int(late.Minutes()))}), widget.DangerImportance
		case late < 48*time.Hour:
			return T("tickets.due.overdue_hours", "overdue {{.N}} h", map[string]any{"N": int(late.Hours())}), widget.DangerImportance
		default:
			return T("tickets.due.overdue_days", "overdue {{.N}} days", map[string]any{"N": int(late.Hours() / 24)}), widget.DangerImportance
		}
	}
	clock := at.Format("15:04")
	switch models.DaysBetween(now, at) {
	case 0:
		return T("tickets.due.today", "due today {{.Time}}", map[string]any{"Time": clock}), widget.WarningImportance
	case 1:
		return T("tickets.due.tomorrow", "due tomorrow {{.Time}}", map[string]any{"Time": clock}), widget.MediumImportance
	}
	return T("tickets.due.on", "due {{.Date}}", map[string]any{"Date": at.Format("2006-01-02")}), widget.LowImportance
}

// tickApptText names an appointment: "Visit 2026-11-24 Morning", or "".
func tickApptText(date *time.Time, half models.HalfDay) string {
	if date == nil || date.IsZero() {
		return ""
	}
	return T("tickets.row.appt", "Visit {{.Date}} {{.Half}}", map[string]any{"Date": models.FormatDate(*date), "Half": HalfLabel(half)})
}

// tickDeliveryDayText names a delivery's booked day: "Delivery
// 2026-11-25 Afternoon", or "".
func tickDeliveryDayText(date *time.Time, half models.HalfDay) string {
	if date == nil || date.IsZero() {
		return ""
	}
	return T("tickets.row.delivery_day", "Delivery {{.Date}} {{.Half}}", map[string]any{"Date": models.FormatDate(*date), "Half": HalfLabel(half)})
}

// tickNoteText is a row's small print: the symptom's first line; for a
// delivery its items, and that it still needs a crew when none is named.
func tickNoteText(t app.TicketRow) string {
	if t.Kind != models.KindDelivery {
		return tickFirstLine(t.Symptom)
	}
	if t.Technician == "" && !t.Status.Terminal() {
		return T("tickets.row.no_crew", "Crew not named yet") + " · " + tickFirstLine(t.Product)
	}
	return tickFirstLine(t.Product)
}

// tickFirstLine is the first non-empty line of a text.
func tickFirstLine(s string) string {
	for _, line := range strings.Split(s, "\n") {
		if l := strings.TrimSpace(line); l != "" {
			return l
		}
	}
	return ""
}

// tickChip is a small coloured tag: a ticket's status at a glance.
type tickChip struct {
	bg   *canvas.Rectangle
	text *canvas.Text
	box  *fyne.Container
}

// newTickChip builds an empty chip.
func newTickChip() *tickChip {
	c := &tickChip{bg: canvas.NewRectangle(color.Transparent), text: canvas.NewText("", theme.Color(theme.ColorNameForeground))}
	c.bg.CornerRadius = 4
	c.text.TextSize = theme.CaptionTextSize()
	c.text.TextStyle = fyne.TextStyle{Bold: true}
	c.box = container.NewStack(c.bg, container.New(layout.NewCustomPaddedLayout(1, 1, 6, 6), c.text))
	return c
}

// set shows text on a background tinted with col.
func (c *tickChip) set(text string, col color.NRGBA) {
	tint := col
	tint.A = 0x38
	c.bg.FillColor = tint
	c.bg.StrokeColor = col
	c.bg.StrokeWidth = 1
	c.text.Text = text
	c.text.Color = theme.Color(theme.ColorNameForeground)
	c.text.TextSize = theme.CaptionTextSize()
	c.bg.Refresh()
	c.text.Refresh()
	c.box.Refresh()
}

// Status chip colours, by what the ticket is waiting for.
var (
	tickColorNew      = color.NRGBA{R: 0x0e, G: 0x7c, B: 0x86, A: 0xff} // brand teal: not started
	tickColorProgress = color.NRGBA{R: 0x2f, G: 0x6f, B: 0xd6, A: 0xff} // blue: with us
	tickColorWaiting  = color.NRGBA{R: 0xe0, G: 0x8a, B: 0x00, A: 0xff} // orange: waiting on parts, parcel, factory
	tickColorProblem  = color.NRGBA{R: 0xd3, G: 0x2f, B: 0x2f, A: 0xff} // red: escalated
	tickColorDone     = color.NRGBA{R: 0x2e, G: 0x9d, B: 0x4f, A: 0xff} // green: repaired, handing back
	tickColorEnded    = color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xff} // grey: closed, cancelled
)

// tickStatusColor is the chip colour of a status.
func tickStatusColor(st models.Status) color.NRGBA {
	switch st {
	case models.StatusNew:
		return tickColorNew
	case models.StatusEscalated:
		return tickColorProblem
	case models.StatusAwaitingParts, models.StatusAwaitingParcel, models.StatusSentToFactory, models.StatusVoucherIssued:
		return tickColorWaiting
	case models.StatusRepaired, models.StatusSigned, models.StatusReadyForPickup, models.StatusCollected, models.StatusShippedBack:
		return tickColorDone
	case models.StatusClosed, models.StatusCancelled, models.StatusAbandoned:
		return tickColorEnded
	}
	return tickColorProgress
}
