package screens

import (
	"context"
	"image/color"
	"strconv"
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

// todayRefreshEvery is how often the Today board reloads while it is shown:
// tickets fall due as the day goes on, and colleagues clear others.
const todayRefreshEvery = 60 * time.Second

// todayClearingActions are the actions app.ClearingAction can name; the
// action buttons are as wide as the widest of them, so the rows line up.
var todayClearingActions = []models.Action{
	models.ActContact, models.ActArrive, models.ActAbandon, models.ActAssign, models.ActReceive,
	models.ActRequestParcel, models.ActStartRepair, models.ActSchedule, models.ActReady,
	models.ActShipBack, models.ActSign, models.ActDecideLiability, models.ActClose,
	models.ActAssignCrew, models.ActCompleteInst, models.ActApprovePart,
	models.ActReceiveGoods, models.ActRejectReturn, models.ActInspect, models.ActRefund, models.ActExchange, // returns
	models.ActAcceptComplaint, models.ActResponsibility, models.ActPropose, models.ActFollowUp,
}

// todayEntry is one line of the board's list: a section heading (Overdue,
// Due today) or a ticket.
type todayEntry struct {
	header  bool
	overdue bool // the section: overdue, or due later today
	count   int  // for a heading: how many tickets the section holds
	item    app.TodayItem
}

// todayScreen is the Today board (工作台): what the counter must do today,
// overdue first, each ticket one click from its page and from the action
// that clears it.
type todayScreen struct {
	deps *Deps

	date       *widget.Label
	overdueN   *boardTile
	todayN     *boardTile
	visitsN    *boardTile
	parcelsN   *boardTile
	errLabel   *widget.Label
	list       *widget.List
	empty      fyne.CanvasObject
	emptyDate  *widget.Label
	newBtn     *widget.Button
	refreshBtn *widget.Button
	calls      *followUpsPanel // follow-up calls due (followups.go)
	refills    *refillsPanel   // unpacked packages not refilled in time (today_refills.go)
	root       fyne.CanvasObject

	rows        map[fyne.CanvasObject]*todayRow // list row templates by their root
	actionWidth float32                         // the widest clearing action button
	headerH     float32                         // the height of a section heading
	rowH        float32                         // the height of a ticket row
	headerIdx   []int                           // the lines that are headings now

	// Loaded state; read and written only on the UI goroutine.
	entries []todayEntry
	now     time.Time // the app's clock when the list was loaded
	gen     int       // bumped by every load; older answers are dropped
	stop    chan struct{}
}

// todayRow is the list's row template: either a section heading with its
// count badge, or a ticket with its two buttons.
type todayRow struct {
	s *todayScreen

	header      *fyne.Container
	headerTitle *widget.Label
	badge       *boardBadge
	ticket      *fyne.Container
	rule        *widget.Label
	due         *widget.Label
	info        *widget.Label
	open        *widget.Button
	action      *widget.Button

	id  string        // the ticket shown, "" for a heading
	act models.Action // its clearing action
}

// newTodayScreen builds the Today board.
func newTodayScreen(d *Deps) *todayScreen {
	s := &todayScreen{deps: d, rows: map[fyne.CanvasObject]*todayRow{}}
	for _, a := range todayClearingActions {
		if w := widget.NewButton(ActionLabel(a), nil).MinSize().Width; w > s.actionWidth {
			s.actionWidth = w
		}
	}

	title := widget.NewLabelWithStyle(T("boards.today.title", "Today"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	s.date = widget.NewLabel("")
	s.newBtn = widget.NewButtonWithIcon(T("boards.today.new_ticket", "New ticket"), theme.ContentAddIcon(), s.onNewTicket)
	s.newBtn.Importance = widget.HighImportance
	s.refreshBtn = widget.NewButtonWithIcon(T("boards.common.refresh", "Refresh"), theme.ViewRefreshIcon(), s.reload)
	top := container.NewBorder(nil, nil, container.NewHBox(title, s.date), container.NewHBox(s.refreshBtn, s.newBtn))

	s.overdueN = newBoardTile(T("boards.today.sum_overdue", "Overdue"))
	s.todayN = newBoardTile(T("boards.today.sum_today", "Due today"))
	s.visitsN = newBoardTile(T("boards.today.sum_visits", "Visits today"))
	s.parcelsN = newBoardTile(T("boards.today.sum_parcels", "Parcels to chase"))
	strip := container.NewGridWithColumns(4, s.overdueN.box, s.todayN.box, s.visitsN.box, s.parcelsN.box)

	s.errLabel = custErrLabel()

	probe := s.newRowObject()
	s.headerH, s.rowH = probe.header.MinSize().Height, probe.ticket.MinSize().Height
	s.list = widget.NewList(s.listLength, s.newRow, s.updateRow)
	s.list.OnSelected = s.onSelected

	well := widget.NewLabelWithStyle(T("boards.today.empty", "Nothing due — well done"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	well.SizeName = theme.SizeNameSubHeadingText
	s.emptyDate = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	s.empty = container.NewCenter(container.NewVBox(widget.NewIcon(theme.ConfirmIcon()), well, s.emptyDate))
	s.empty.Hide()

	s.calls = newFollowUpsPanel(d)
	s.refills = newRefillsPanel(d)
	head := container.NewVBox(top, strip, s.errLabel, s.calls.content(), s.refills.content())
	s.root = container.NewPadded(container.NewBorder(head, nil, nil, nil, container.NewStack(s.list, s.empty)))
	s.applySummary(nil, time.Time{})
	return s
}

// content is the area's root object for the main window.
func (s *todayScreen) content() fyne.CanvasObject { return s.root }

// shown reloads the board and keeps it fresh every minute while it is on
// screen.
func (s *todayScreen) shown() {
	s.reload()
	if s.stop != nil {
		return
	}
	stop := make(chan struct{})
	s.stop = stop
	go s.tick(stop)
}

// hidden stops the minute-by-minute refresh when another area is shown.
func (s *todayScreen) hidden() {
	if s.stop != nil {
		close(s.stop)
		s.stop = nil
	}
}

// tick reloads the board every todayRefreshEvery until stop closes.
func (s *todayScreen) tick(stop chan struct{}) {
	t := time.NewTicker(todayRefreshEvery)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			fyne.Do(func() {
				select {
				case <-stop: // hidden meanwhile
				default:
					s.reload()
				}
			})
		}
	}
}

// reload fetches what is due in the background.
func (s *todayScreen) reload() {
	s.calls.reload()
	s.refills.reload()
	s.gen++
	gen, a := s.gen, s.deps.App
	custGo(func() func() {
		items, err := a.Today(context.Background(), 0)
		now := a.Now()
		return func() { s.apply(gen, now, items, err) }
	})
}

// apply shows a loaded list unless a newer load started meanwhile.
func (s *todayScreen) apply(gen int, now time.Time, items []app.TodayItem, err error) {
	if gen != s.gen {
		return
	}
	if err != nil {
		custSetErr(s.errLabel, ErrText(err))
		return
	}
	custSetErr(s.errLabel, "")
	s.now = now
	dateText := T("boards.today.date", "{{.Weekday}} {{.Date}}", map[string]any{"Weekday": boardWeekday(now), "Date": models.FormatDate(now)})
	s.date.SetText(dateText)
	s.emptyDate.SetText(dateText)

	var overdue, today []app.TodayItem
	for _, it := range items {
		if it.Overdue {
			overdue = append(overdue, it)
		} else {
			today = append(today, it)
		}
	}
	s.entries = s.entries[:0]
	if len(overdue) > 0 {
		s.entries = append(s.entries, todayEntry{header: true, overdue: true, count: len(overdue)})
		for _, it := range overdue {
			s.entries = append(s.entries, todayEntry{overdue: true, item: it})
		}
	}
	if len(today) > 0 {
		s.entries = append(s.entries, todayEntry{header: true, count: len(today)})
		for _, it := range today {
			s.entries = append(s.entries, todayEntry{item: it})
		}
	}
	s.applySummary(items, now)
	if len(s.entries) == 0 {
		s.list.Hide()
		s.empty.Show()
	} else {
		s.empty.Hide()
		s.list.Show()
	}
	s.list.UnselectAll()
	s.list.Refresh()
	// Headings are shorter than ticket rows; a line that was a heading in
	// the last load gets a ticket row's height back.
	for _, i := range s.headerIdx {
		s.list.SetItemHeight(i, s.rowH)
	}
	s.headerIdx = s.headerIdx[:0]
	for i, e := range s.entries {
		if e.header {
			s.list.SetItemHeight(i, s.headerH)
			s.headerIdx = append(s.headerIdx, i)
		}
	}
}

// applySummary fills the strip of counts above the list.
func (s *todayScreen) applySummary(items []app.TodayItem, now time.Time) {
	var overdue, today, visits, parcels int
	for _, it := range items {
		if it.Overdue {
			overdue++
		} else {
			today++
		}
		switch it.Rule {
		case models.DueVisit:
			if boardSameDay(it.Due, now) {
				visits++
			}
		case models.DueParcelChase, models.DueParcelAbandon:
			parcels++
		}
	}
	neutral := theme.Color(theme.ColorNameInputBackground)
	pick := func(n int, c color.Color) color.Color {
		if n == 0 {
			return neutral
		}
		return boardTint(c, 0x40)
	}
	s.overdueN.set(overdue, pick(overdue, theme.Color(theme.ColorNameError)))
	s.todayN.set(today, pick(today, theme.Color(theme.ColorNamePrimary)))
	s.visitsN.set(visits, pick(visits, theme.Color(theme.ColorNamePrimary)))
	s.parcelsN.set(parcels, pick(parcels, theme.Color(theme.ColorNameWarning)))
}

// boardSameDay reports whether t falls on now's calendar day, in now's zone.
func boardSameDay(t, now time.Time) bool {
	y1, m1, d1 := t.In(now.Location()).Date()
	y2, m2, d2 := now.Date()
	return y1 == y2 && m1 == m2 && d1 == d2
}

// listLength is the number of list lines, headings included.
func (s *todayScreen) listLength() int { return len(s.entries) }

// newRow is the list's row template.
func (s *todayScreen) newRow() fyne.CanvasObject {
	r := s.newRowObject()
	root := container.NewStack(r.header, r.ticket)
	s.rows[root] = r
	return root
}

// newRowObject builds the widgets of one row template.
func (s *todayScreen) newRowObject() *todayRow {
	r := &todayRow{s: s}
	r.headerTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.badge = newBoardBadge()
	r.header = container.NewHBox(r.headerTitle, container.NewCenter(r.badge.box))

	r.rule = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.rule.Truncation = fyne.TextTruncateEllipsis
	r.due = widget.NewLabel("")
	r.info = widget.NewLabel("")
	r.info.Truncation = fyne.TextTruncateEllipsis
	r.open = widget.NewButtonWithIcon(T("boards.today.open", "Open"), theme.DocumentIcon(), r.onOpen)
	r.action = widget.NewButton("", r.onAction)
	r.action.Importance = widget.HighImportance
	actionBox := container.New(layout.NewGridWrapLayout(fyne.NewSize(s.actionWidth, r.action.MinSize().Height)), r.action)
	buttons := container.NewHBox(container.NewCenter(r.open), container.NewCenter(actionBox))
	text := container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()),
		container.NewBorder(nil, nil, nil, r.due, r.rule), r.info)
	r.ticket = container.NewBorder(nil, nil, nil, buttons, text)
	return r
}

// updateRow fills a row with a heading or a ticket.
func (s *todayScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	r := s.rows[o]
	if r == nil || id >= len(s.entries) {
		return
	}
	e := s.entries[id]
	if e.header {
		r.id = ""
		r.ticket.Hide()
		r.header.Show()
		if e.overdue {
			r.headerTitle.SetText(T("boards.today.section_overdue", "Overdue"))
			r.badge.set(e.count, theme.Color(theme.ColorNameError))
		} else {
			r.headerTitle.SetText(T("boards.today.section_today", "Due today"))
			r.badge.set(e.count, theme.Color(theme.ColorNamePrimary))
		}
		r.header.Refresh()
		return
	}
	r.header.Hide()
	r.ticket.Show()
	it := e.item
	r.id, r.act = it.ID, it.Action
	rule := DueRuleLabel(it.Rule)
	if it.Priority == models.PriorityUrgent {
		rule += "  ·  " + PriorityLabel(it.Priority)
	}
	r.rule.SetText(rule)
	r.due.SetText(todayDueText(it, s.now))
	if it.Overdue {
		r.rule.Importance, r.due.Importance = widget.DangerImportance, widget.DangerImportance
	} else {
		r.rule.Importance, r.due.Importance = widget.MediumImportance, widget.MediumImportance
	}
	r.rule.Refresh()
	r.due.Refresh()
	r.info.SetText(todayInfoText(it))
	r.action.SetText(ActionLabel(it.Action))
	r.ticket.Refresh() // the due time's width changes with its text
}

// todayInfoText is a ticket row's second line: number, customer, phone,
// status, mode and technician (a delivery's crew leader, or that it has no
// crew yet, and its booked half day).
func todayInfoText(it app.TodayItem) string {
	parts := []string{it.Number, it.CustomerName}
	if it.Phone != "" {
		parts = append(parts, models.FormatPhone(it.Phone))
	}
	parts = append(parts, StatusLabel(it.Status))
	if it.Mode != "" {
		parts = append(parts, ModeLabel(it.Mode))
	}
	switch {
	case it.Technician != "":
		parts = append(parts, it.Technician)
	case it.Kind == models.KindDelivery:
		parts = append(parts, T("boards.today.no_crew", "no crew yet"))
	case it.Kind != models.KindPart:
		parts = append(parts, T("boards.common.no_technician", "no technician"))
	}
	if it.Kind == models.KindDelivery && it.ApptDate != nil {
		parts = append(parts, dispatchSlotText(models.CivilDate(*it.ApptDate), it.ApptHalf))
	}
	return strings.Join(parts, "  ·  ")
}

// todayDueText says when a ticket is due: "overdue 26 h" or "today 14:00".
func todayDueText(it app.TodayItem, now time.Time) string {
	if it.Overdue {
		d := now.Sub(it.Due)
		switch {
		case d < time.Hour:
			return T("boards.today.overdue_min", "overdue {{.N}} min", map[string]any{"N": max(1, int(d.Minutes()))})
		case d < 48*time.Hour:
			return T("boards.today.overdue_hours", "overdue {{.N}} h", map[string]any{"N": int(d.Hours())})
		default:
			return T("boards.today.overdue_days", "overdue {{.N}} days", map[string]any{"N": int(d.Hours() / 24)})
		}
	}
	loc := now.Location()
	if loc == nil {
		loc = time.Local
	}
	return T("boards.today.due_at", "today {{.Time}}", map[string]any{"Time": it.Due.In(loc).Format("15:04")})
}

// onSelected drops the highlight: the buttons act, the row itself does not.
func (s *todayScreen) onSelected(widget.ListItemID) { s.list.UnselectAll() }

// onNewTicket starts an intake for a customer still to be found.
func (s *todayScreen) onNewTicket() {
	if s.deps.Nav != nil {
		s.deps.Nav.NewTicket("")
	}
}

// onOpen shows the row's ticket.
func (r *todayRow) onOpen() {
	if r.id != "" && r.s.deps.Nav != nil {
		r.s.deps.Nav.OpenTicket(r.id)
	}
}

// onAction opens the row's ticket and starts the action that clears it.
func (r *todayRow) onAction() {
	if r.id != "" && r.s.deps.Nav != nil {
		r.s.deps.Nav.OpenTicketAction(r.id, r.act)
	}
}

// boardWeekday names a date's day of the week, short: Mon / 周一.
func boardWeekday(t time.Time) string {
	switch t.Weekday() {
	case time.Monday:
		return T("boards.weekday.mon", "Mon")
	case time.Tuesday:
		return T("boards.weekday.tue", "Tue")
	case time.Wednesday:
		return T("boards.weekday.wed", "Wed")
	case time.Thursday:
		return T("boards.weekday.thu", "Thu")
	case time.Friday:
		return T("boards.weekday.fri", "Fri")
	case time.Saturday:
		return T("boards.weekday.sat", "Sat")
	}
	return T("boards.weekday.sun", "Sun")
}

// boardTint is a theme colour made translucent, for cell and tile
// backgrounds that must keep dark text readable.
func boardTint(c color.Color, alpha uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = alpha
	return n
}

// boardBadge is a count in a coloured pill, beside a section heading.
type boardBadge struct {
	bg   *canvas.Rectangle
	text *canvas.Text
	box  *fyne.Container
}

// newBoardBadge builds an empty badge.
func newBoardBadge() *boardBadge {
	b := &boardBadge{bg: canvas.NewRectangle(color.Transparent), text: canvas.NewText("", color.White)}
	b.bg.CornerRadius = 9
	b.text.TextStyle = fyne.TextStyle{Bold: true}
	b.text.TextSize = theme.Size(theme.SizeNameCaptionText) + 1
	b.box = container.NewStack(b.bg, container.New(layout.NewCustomPaddedLayout(1, 1, 8, 8), container.NewCenter(b.text)))
	return b
}

// set shows n on a background of colour c.
func (b *boardBadge) set(n int, c color.Color) {
	b.bg.FillColor = c
	b.text.Text = strconv.Itoa(n)
	b.bg.Refresh()
	b.text.Refresh()
	b.box.Refresh()
}

// boardPanelBox lays out a small panel of the Today board: its title with
// the count badge and, at the right, more, over list. It starts hidden;
// the panel shows it when it has rows.
func boardPanelBox(title fyne.CanvasObject, badge *boardBadge, more, list fyne.CanvasObject) *fyne.Container {
	box := container.NewVBox(container.NewHBox(title, container.NewCenter(badge.box), layout.NewSpacer(), more), list)
	box.Hide()
	return box
}

// boardTile is one count of a summary strip: a big number over a caption,
// on a tinted card.
type boardTile struct {
	bg      *canvas.Rectangle
	num     *canvas.Text
	caption *widget.Label
	box     *fyne.Container
}

// newBoardTile builds a tile with its caption.
func newBoardTile(caption string) *boardTile {
	t := &boardTile{bg: canvas.NewRectangle(color.Transparent), num: canvas.NewText("0", theme.Color(theme.ColorNameForeground))}
	t.bg.CornerRadius = theme.Size(theme.SizeNameInputRadius) * 2
	t.num.TextSize = theme.Size(theme.SizeNameHeadingText)
	t.num.TextStyle = fyne.TextStyle{Bold: true}
	t.caption = widget.NewLabel(caption)
	t.caption.Truncation = fyne.TextTruncateEllipsis
	inner := container.New(layout.NewCustomPaddedVBoxLayout(-theme.Padding()),
		container.New(layout.NewCustomPaddedLayout(4, 0, theme.InnerPadding(), 0), t.num), t.caption)
	t.box = container.NewStack(t.bg, inner)
	return t
}

// set shows n on a background of colour c.
func (t *boardTile) set(n int, c color.Color) {
	t.num.Text = strconv.Itoa(n)
	t.bg.FillColor = c
	t.num.Refresh()
	t.bg.Refresh()
}
