package screens

import (
	"context"
	"errors"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// Shape of the dispatch grid. Cells keep a fixed width so the board stays
// readable however many technicians there are; a row grows in height only
// when one of its half days holds more than one visit.
const (
	dispatchDays   = 7
	dispatchCellW  = 108 // one half day
	dispatchNameW  = 128 // the technician column
	dispatchPad    = 4   // inside a cell
	dispatchChipIn = 3   // inside a ticket chip
)

// dispatchHalves are the half days of a date, in board order.
var dispatchHalves = []models.HalfDay{models.AM, models.PM}

// dispatchSel is the ticket the dispatcher picked, waiting to be placed in
// a half day: one from To book, or one already booked in the grid.
type dispatchSel struct {
	ticketID string
	number   string
	customer string
	status   models.Status
	techID   string     // its technician now, "" for none
	date     *time.Time // its booked date (civil), nil when not booked
	half     models.HalfDay
	version  int      // as loaded, 0 when unknown (a booked chip)
	booked   bool     // picked from the grid
	delivery bool     // a delivery: the board names its crew, it does not move it
	crew     []string // a delivery's crew, leader first
}

// dispatchScreen is the dispatch board (派工排班): technicians and delivery
// staff down the side, a week of half days across, and the on-site tickets
// still to book. Pick a ticket, then tap a half day: the ticket is
// assigned and booked there in one step. A delivery shows in every crew
// member's half day (the ones without a crew in a "Crew needed" row on
// top); picking one and tapping a person's cell on its booked half day
// names the crew with app.AssignCrew. Its date moves on the ticket only.
type dispatchScreen struct {
	deps *Deps

	prevBtn, todayBtn, nextBtn, refreshBtn *widget.Button
	rangeLabel                             *widget.Label
	toBookList                             *widget.List
	toBookCount                            *widget.Label
	selLabel                               *widget.Label
	openBtn, clearBtn                      *widget.Button
	message                                *widget.Label
	corner                                 *fyne.Container
	headerScroll                           *container.Scroll
	namesScroll                            *container.Scroll
	gridScroll                             *container.Scroll
	gridArea                               *fyne.Container // the frozen-pane grid or the no-technician note
	gridPanes                              *fyne.Container // header, technician column and cells
	headerPane                             *fyne.Container // the corner and the header row
	noTechs                                fyne.CanvasObject
	root                                   fyne.CanvasObject

	// Loaded state; read and written only on the UI goroutine.
	from     time.Time // first day shown (civil)
	today    time.Time // civil, by the app clock at the last load
	techs    []models.Staff
	board    map[string]*app.Booking
	toBook   []app.BookableRow
	cells    map[string]*dispatchCell // by app.BookingKey
	sel      *dispatchSel
	gen      int
	busy     bool // a booking is being saved
	syncing  bool // the panes are being scrolled together
	textH    float32
	chipH    float32
	headerH  float32
	halfRowH float32

	// keptReason is the reason typed for a move that someone else's change
	// refused, offered again when the same ticket is moved.
	keptReason struct{ ticketID, text string }

	reasonDlg *dispatchReasonDialog // the last "why does it move" question (tests look at it)
	clashDlg  *dispatchClashDialog  // the last double-booking question (tests look at it)
	crewDlg   *dispatchCrewDialog   // the last crew question (tests look at it)
}

// newDispatchScreen builds the dispatch board.
func newDispatchScreen(d *Deps) *dispatchScreen {
	s := &dispatchScreen{deps: d, cells: map[string]*dispatchCell{}, board: map[string]*app.Booking{}}
	caption := theme.Size(theme.SizeNameCaptionText)
	s.textH = fyne.MeasureText("Hg国", caption, fyne.TextStyle{}).Height
	s.chipH = 2*s.textH + 2*dispatchChipIn

	title := widget.NewLabelWithStyle(T("boards.dispatch.title", "Dispatch board"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	s.prevBtn = widget.NewButtonWithIcon(T("boards.dispatch.prev_week", "Previous week"), theme.NavigateBackIcon(), s.onPrevWeek)
	s.todayBtn = widget.NewButton(T("boards.dispatch.today", "Today"), s.onToday)
	s.nextBtn = widget.NewButtonWithIcon(T("boards.dispatch.next_week", "Next week"), theme.NavigateNextIcon(), s.onNextWeek)
	s.nextBtn.IconPlacement = widget.ButtonIconTrailingText
	s.refreshBtn = widget.NewButtonWithIcon(T("boards.common.refresh", "Refresh"), theme.ViewRefreshIcon(), s.reload)
	s.rangeLabel = widget.NewLabel("")
	top := container.NewBorder(nil, nil, container.NewHBox(title, s.rangeLabel),
		container.NewHBox(s.prevBtn, s.todayBtn, s.nextBtn, s.refreshBtn))

	// To book, on the left.
	s.toBookList = widget.NewList(s.toBookLength, s.newToBookRow, s.updateToBookRow)
	s.toBookList.OnSelected = s.onToBookSelected
	s.toBookCount = widget.NewLabel("")
	s.toBookCount.SizeName = theme.SizeNameCaptionText
	s.toBookCount.Wrapping = fyne.TextWrapWord
	left := container.NewBorder(container.NewVBox(heading(T("boards.dispatch.to_book", "To book")), s.toBookCount), nil, nil, nil, s.toBookList)

	// The selection bar above the grid.
	s.selLabel = widget.NewLabel("")
	s.selLabel.Wrapping = fyne.TextWrapWord
	s.openBtn = widget.NewButtonWithIcon(T("boards.dispatch.open_ticket", "Open ticket"), theme.DocumentIcon(), s.onOpenTicket)
	s.clearBtn = widget.NewButtonWithIcon(T("boards.dispatch.clear", "Clear"), theme.CancelIcon(), s.onClearSelection)
	selBar := container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), container.NewHBox(s.openBtn, s.clearBtn), s.selLabel)

	// The grid with its frozen header row and technician column.
	s.headerScroll = container.NewHScroll(container.NewWithoutLayout())
	s.namesScroll = container.NewVScroll(container.NewWithoutLayout())
	s.gridScroll = container.NewScroll(container.NewWithoutLayout())
	s.headerScroll.OnScrolled = s.onHeaderScrolled
	s.namesScroll.OnScrolled = s.onNamesScrolled
	s.gridScroll.OnScrolled = s.onGridScrolled
	s.corner = container.NewStack()
	noTechs := widget.NewLabel(T("boards.dispatch.no_staff", "No active technicians or delivery staff yet. Add staff with the Technician or Delivery role under Staff; they appear here as rows."))
	noTechs.Wrapping = fyne.TextWrapWord
	noTechs.Alignment = fyne.TextAlignCenter
	s.noTechs = container.NewCenter(container.New(layout.NewGridWrapLayout(fyne.NewSize(420, 80)), noTechs))
	s.noTechs.Hide()
	s.headerPane = container.NewBorder(nil, nil, s.corner, nil, s.headerScroll)
	s.gridPanes = container.NewBorder(s.headerPane, nil, s.namesScroll, nil, s.gridScroll)
	s.gridArea = container.NewStack(s.gridPanes, s.noTechs)

	s.message = widget.NewLabel("")
	s.message.Wrapping = fyne.TextWrapWord
	legend := container.NewHBox(
		dispatchSwatch(dispatchFreeColor(), T("boards.dispatch.legend_free", "Free")),
		dispatchSwatch(dispatchBookedColor(), T("boards.dispatch.legend_booked", "Booked")),
		dispatchSwatch(dispatchClashColor(), T("boards.dispatch.legend_clash", "Clash (double booked)")),
		dispatchSwatch(dispatchDeliveryColor(), T("boards.dispatch.legend_delivery", "Delivery")),
		dispatchSwatch(dispatchPastColor(), T("boards.dispatch.legend_past", "Past")),
	)
	bottom := container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, legend, nil, s.message))
	right := container.NewBorder(container.NewVBox(selBar, widget.NewSeparator()), bottom, nil, nil, s.gridArea)

	split := container.NewHSplit(container.NewPadded(left), container.NewPadded(right))
	split.Offset = 0.26
	s.root = container.NewBorder(container.NewPadded(top), nil, nil, nil, split)
	s.showSelection()
	return s
}

// content is the area's root object for the main window.
func (s *dispatchScreen) content() fyne.CanvasObject { return s.root }

// shown reloads the board: bookings change in other areas and on other PCs.
func (s *dispatchScreen) shown() { s.reload() }

// onDataChanged follows changes made on another PC (window.go): the board
// loads again, keeping the week, the scroll position and the picked ticket
// (apply); not while a booking is being saved, which reloads after.
func (s *dispatchScreen) onDataChanged() {
	if !s.busy {
		s.reload()
	}
}

// reload fetches the week's bookings and the tickets to book in the
// background.
func (s *dispatchScreen) reload() {
	a := s.deps.App
	s.today = models.CivilDate(a.Now())
	if s.from.IsZero() {
		s.from = s.today
	}
	s.gen++
	gen, from := s.gen, s.from
	s.rangeLabel.SetText(models.FormatDate(from) + " – " + models.FormatDate(from.AddDate(0, 0, dispatchDays-1)))
	custGo(func() func() {
		ctx := context.Background()
		techs, board, err := a.DispatchBoard(ctx, from, dispatchDays)
		var rows []app.BookableRow
		if err == nil {
			rows, err = a.TicketsToBook(ctx, 0)
		}
		return func() { s.apply(gen, techs, board, rows, err) }
	})
}

// apply shows a loaded board unless a newer load started meanwhile.
func (s *dispatchScreen) apply(gen int, techs []models.Staff, board map[string]*app.Booking, rows []app.BookableRow, err error) {
	if gen != s.gen {
		return
	}
	if err != nil {
		s.setMessage(ErrText(err), widget.DangerImportance)
		return
	}
	s.techs, s.board, s.toBook = techs, board, rows
	if s.board == nil {
		s.board = map[string]*app.Booking{}
	}
	s.keepSelection()
	s.toBookList.UnselectAll()
	if s.sel != nil && !s.sel.booked {
		for i, r := range s.toBook {
			if r.ID == s.sel.ticketID {
				s.toBookList.Select(i)
			}
		}
	}
	s.toBookList.Refresh()
	switch len(rows) {
	case 0:
		s.toBookCount.SetText(T("boards.dispatch.to_book_none", "Every on-site ticket has a visit booked."))
	case 1:
		s.toBookCount.SetText(T("boards.dispatch.to_book_one", "1 on-site ticket needs a visit."))
	default:
		s.toBookCount.SetText(T("boards.dispatch.to_book_n", "{{.N}} on-site tickets need a visit.", map[string]any{"N": len(rows)}))
	}
	s.buildGrid()
	s.showSelection()
}

// keepSelection drops the picked ticket when it is no longer where it was
// picked (booked or changed elsewhere meanwhile), and refreshes what is
// known about it.
func (s *dispatchScreen) keepSelection() {
	if s.sel == nil {
		return
	}
	if !s.sel.booked {
		for _, r := range s.toBook {
			if r.ID == s.sel.ticketID {
				s.sel = dispatchSelOfRow(r)
				return
			}
		}
		s.sel = nil
		return
	}
	for _, b := range s.board {
		for _, t := range b.Tickets {
			if t.ID == s.sel.ticketID {
				s.sel = dispatchSelOfBooking(b, t)
				return
			}
		}
	}
	s.sel = nil
}

// dispatchSelOfRow picks a ticket from To book.
func dispatchSelOfRow(r app.BookableRow) *dispatchSel {
	return &dispatchSel{ticketID: r.ID, number: r.Number, customer: r.CustomerName, status: r.Status,
		techID: r.TechnicianID, version: r.Version}
}

// dispatchSelOfBooking picks a ticket booked in a half day.
func dispatchSelOfBooking(b *app.Booking, t app.TicketRow) *dispatchSel {
	d := models.CivilDate(b.Date)
	return &dispatchSel{ticketID: t.ID, number: t.Number, customer: t.CustomerName, status: t.Status,
		techID: b.TechnicianID, date: &d, half: b.Half, booked: true,
		delivery: t.Kind == models.KindDelivery, crew: b.Crews[t.ID]}
}

// dispatchRow is a row of the grid: a person, or the deliveries without
// a crew (id app.NoCrew).
type dispatchRow struct {
	id, name, phone string
}

// gridRows are the grid's rows: "Crew needed" on top when a delivery of
// the week has no crew yet, then the staff.
func (s *dispatchScreen) gridRows() []dispatchRow {
	var rows []dispatchRow
	for _, b := range s.board {
		if b.TechnicianID == app.NoCrew && len(b.Tickets) > 0 && !b.Date.Before(s.from) && b.Date.Before(s.from.AddDate(0, 0, dispatchDays)) {
			rows = append(rows, dispatchRow{id: app.NoCrew, name: T("boards.dispatch.no_crew_row", "Crew needed")})
			break
		}
	}
	for _, t := range s.techs {
		rows = append(rows, dispatchRow{id: t.ID, name: t.Name, phone: t.Phone})
	}
	return rows
}

// buildGrid lays out the header, the technician column and the cells for
// the loaded week, keeping the scroll position.
func (s *dispatchScreen) buildGrid() {
	s.cells = map[string]*dispatchCell{}
	if len(s.techs) == 0 {
		s.noTechs.Show()
		s.gridScroll.Hide()
		s.headerScroll.Hide()
		s.namesScroll.Hide()
		s.corner.Hide()
		return
	}
	s.noTechs.Hide()
	s.gridScroll.Show()
	s.headerScroll.Show()
	s.namesScroll.Show()
	s.corner.Show()

	pad := theme.Padding()
	dayW := 2*dispatchCellW + pad
	dayH := s.textH + 2*dispatchPad + 4
	halfH := s.textH + 2*dispatchPad

	// Header: one box per day over its two half days.
	days := container.New(dispatchFixedRow{fyne.NewSize(dayW, dayH)})
	halves := container.New(dispatchFixedRow{fyne.NewSize(dispatchCellW, halfH)})
	for i := 0; i < dispatchDays; i++ {
		date := s.from.AddDate(0, 0, i)
		isToday := date.Equal(s.today)
		text := boardWeekday(date) + "  " + date.Format("01-02")
		if isToday {
			text = T("boards.dispatch.today_mark", "{{.Day}} (today)", map[string]any{"Day": text})
		}
		days.Add(dispatchHeaderBox(text, true, isToday))
		for _, h := range dispatchHalves {
			halves.Add(dispatchHeaderBox(HalfLabel(h), false, isToday))
		}
	}
	// The header and the technician column leave room for their own
	// scroll bars, which would otherwise cover the half-day names.
	bar := theme.Size(theme.SizeNameScrollBarSmall) + 2
	header := container.New(layout.NewCustomPaddedLayout(0, bar, 0, 0), container.New(layout.NewCustomPaddedVBoxLayout(pad), days, halves))
	s.headerScroll.Content = header
	cornerLabel := dispatchHeaderBox(T("boards.dispatch.staff", "Staff"), true, false)
	s.corner.Objects = []fyne.CanvasObject{container.New(dispatchFixedRow{fyne.NewSize(dispatchNameW+bar, dayH+pad+halfH)}, cornerLabel)}
	s.corner.Refresh()

	// One row per person, after the deliveries still without a crew.
	rows := container.New(layout.NewCustomPaddedVBoxLayout(pad))
	names := container.New(layout.NewCustomPaddedVBoxLayout(pad))
	for _, person := range s.gridRows() {
		most := 1
		for i := 0; i < dispatchDays; i++ {
			for _, h := range dispatchHalves {
				if b := s.board[app.BookingKey(person.id, s.from.AddDate(0, 0, i), h)]; b != nil && len(b.Tickets) > most {
					most = len(b.Tickets)
				}
			}
		}
		rowH := 2*dispatchPad + s.textH + float32(most)*(s.chipH+2) + 2
		row := container.New(dispatchFixedRow{fyne.NewSize(dispatchCellW, rowH)})
		for i := 0; i < dispatchDays; i++ {
			date := s.from.AddDate(0, 0, i)
			for _, h := range dispatchHalves {
				key := app.BookingKey(person.id, date, h)
				c := newDispatchCell(s, person.id, date, h, s.board[key])
				s.cells[key] = c
				row.Add(c)
			}
		}
		rows.Add(row)
		names.Add(container.New(dispatchFixedRow{fyne.NewSize(dispatchNameW, rowH)}, dispatchNameBox(person)))
	}
	s.gridScroll.Content = rows
	s.namesScroll.Content = container.New(layout.NewCustomPaddedLayout(0, 0, 0, bar), names)
	// The panes' sizes follow their new content: lay them out again.
	s.headerPane.Refresh()
	s.gridPanes.Refresh()
	s.headerScroll.Refresh()
	s.namesScroll.Refresh()
	s.gridScroll.Refresh()
	s.onGridScrolled(s.gridScroll.Offset)
}

// dispatchFixedRow lays its objects out left to right, each exactly size,
// with the theme padding between them. Unlike a grid-wrap layout it never
// wraps, so a row of the board stays one row inside its scroller.
type dispatchFixedRow struct{ size fyne.Size }

// Layout places the objects side by side.
func (l dispatchFixedRow) Layout(objs []fyne.CanvasObject, _ fyne.Size) {
	x := float32(0)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		o.Resize(l.size)
		o.Move(fyne.NewPos(x, 0))
		x += l.size.Width + theme.Padding()
	}
}

// MinSize is the width of all the objects side by side.
func (l dispatchFixedRow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	n := 0
	for _, o := range objs {
		if o.Visible() {
			n++
		}
	}
	if n == 0 {
		return fyne.NewSize(0, 0)
	}
	return fyne.NewSize(float32(n)*l.size.Width+float32(n-1)*theme.Padding(), l.size.Height)
}

// dispatchHeaderBox is a header cell: a day (bold) or a half day, tinted
// for today.
func dispatchHeaderBox(text string, strong, today bool) fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameHeaderBackground))
	if today {
		bg.FillColor = boardTint(theme.Color(theme.ColorNamePrimary), 0x38)
	}
	bg.CornerRadius = 3
	t := canvas.NewText(text, theme.Color(theme.ColorNameForeground))
	t.Alignment = fyne.TextAlignCenter
	t.TextStyle = fyne.TextStyle{Bold: strong}
	if !strong {
		t.TextSize = theme.Size(theme.SizeNameCaptionText)
	}
	return container.NewStack(bg, container.NewCenter(t))
}

// dispatchNameBox is a person's name (or "Crew needed") at the start of
// their row.
func dispatchNameBox(row dispatchRow) fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameHeaderBackground))
	if row.id == app.NoCrew {
		bg.FillColor = boardTint(theme.Color(theme.ColorNameWarning), 0x40)
	}
	bg.CornerRadius = 3
	name := widget.NewLabelWithStyle(row.name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	objs := []fyne.CanvasObject{name}
	if row.phone != "" {
		phone := canvas.NewText(models.FormatPhone(row.phone), theme.Color(theme.ColorNamePlaceHolder))
		phone.TextSize = theme.Size(theme.SizeNameCaptionText)
		objs = append(objs, container.New(layout.NewCustomPaddedLayout(0, 0, theme.InnerPadding(), 0), phone))
	}
	return container.NewStack(bg, container.New(layout.NewCustomPaddedVBoxLayout(-theme.Padding()), objs...))
}

// onGridScrolled moves the frozen header and technician column with the grid.
func (s *dispatchScreen) onGridScrolled(p fyne.Position) {
	if s.syncing {
		return
	}
	s.syncing = true
	s.headerScroll.ScrollToOffset(fyne.NewPos(p.X, 0))
	s.namesScroll.ScrollToOffset(fyne.NewPos(0, p.Y))
	s.syncing = false
}

// onHeaderScrolled moves the grid when the header row is scrolled.
func (s *dispatchScreen) onHeaderScrolled(p fyne.Position) {
	if s.syncing {
		return
	}
	s.syncing = true
	s.gridScroll.ScrollToOffset(fyne.NewPos(p.X, s.gridScroll.Offset.Y))
	s.syncing = false
}

// onNamesScrolled moves the grid when the technician column is scrolled.
func (s *dispatchScreen) onNamesScrolled(p fyne.Position) {
	if s.syncing {
		return
	}
	s.syncing = true
	s.gridScroll.ScrollToOffset(fyne.NewPos(s.gridScroll.Offset.X, p.Y))
	s.syncing = false
}

// onPrevWeek shows the seven days before.
func (s *dispatchScreen) onPrevWeek() { s.from = s.from.AddDate(0, 0, -dispatchDays); s.reload() }

// onNextWeek shows the seven days after.
func (s *dispatchScreen) onNextWeek() { s.from = s.from.AddDate(0, 0, dispatchDays); s.reload() }

// onToday shows the week starting today.
func (s *dispatchScreen) onToday() { s.from = time.Time{}; s.reload() }

// toBookLength is the number of tickets to book.
func (s *dispatchScreen) toBookLength() int { return len(s.toBook) }

// newToBookRow is the To book row template: number, customer and status;
// the address; the preferred time and the technician.
func (s *dispatchScreen) newToBookRow() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	status := widget.NewLabel("")
	addr := widget.NewLabel("")
	addr.SizeName = theme.SizeNameCaptionText
	addr.Truncation = fyne.TextTruncateEllipsis
	more := widget.NewLabel("")
	more.SizeName = theme.SizeNameCaptionText
	more.Truncation = fyne.TextTruncateEllipsis
	return container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()),
		container.NewBorder(nil, nil, nil, status, title), addr, more)
}

// updateToBookRow fills a To book row.
func (s *dispatchScreen) updateToBookRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.toBook) {
		return
	}
	r := s.toBook[id]
	box := o.(*fyne.Container)
	top := box.Objects[0].(*fyne.Container)
	title, status := top.Objects[0].(*widget.Label), top.Objects[1].(*widget.Label)
	addr, more := box.Objects[1].(*widget.Label), box.Objects[2].(*widget.Label)
	title.SetText(r.Number + "  " + r.CustomerName)
	status.SetText(StatusLabel(r.Status))
	status.Importance = widget.MediumImportance
	if r.Status == models.StatusEscalated {
		status.Importance = widget.DangerImportance
	}
	status.Refresh()
	top.Refresh() // the status width changes with its text
	if r.Address == "" {
		addr.SetText(T("boards.dispatch.no_address", "No address"))
	} else {
		addr.SetText(r.Address)
	}
	parts := []string{}
	if r.PreferredTime != "" {
		parts = append(parts, T("boards.dispatch.preferred", "Prefers {{.Time}}", map[string]any{"Time": r.PreferredTime}))
	}
	if r.Technician != "" {
		parts = append(parts, r.Technician)
	} else {
		parts = append(parts, T("boards.common.no_technician", "no technician"))
	}
	if r.Priority == models.PriorityUrgent {
		parts = append(parts, PriorityLabel(r.Priority))
	}
	more.SetText(strings.Join(parts, "  ·  "))
}

// onToBookSelected picks a ticket from To book.
func (s *dispatchScreen) onToBookSelected(id widget.ListItemID) {
	if id < 0 || id >= len(s.toBook) {
		return
	}
	if s.sel != nil && !s.sel.booked && s.sel.ticketID == s.toBook[id].ID {
		return
	}
	s.sel = dispatchSelOfRow(s.toBook[id])
	s.setMessage("", widget.MediumImportance)
	s.showSelection()
}

// onChipTapped picks a ticket already booked in a half day.
func (s *dispatchScreen) onChipTapped(c *dispatchCell, t app.TicketRow) {
	s.sel = dispatchSelOfBooking(c.booking, t)
	s.toBookList.UnselectAll()
	s.setMessage("", widget.MediumImportance)
	s.showSelection()
}

// onClearSelection drops the picked ticket.
func (s *dispatchScreen) onClearSelection() {
	s.sel = nil
	s.toBookList.UnselectAll()
	s.showSelection()
}

// onOpenTicket shows the picked ticket in the Tickets area.
func (s *dispatchScreen) onOpenTicket() {
	if s.sel != nil && s.deps.Nav != nil {
		s.deps.Nav.OpenTicket(s.sel.ticketID)
	}
}

// showSelection describes the picked ticket above the grid and marks its
// chip.
func (s *dispatchScreen) showSelection() {
	for _, c := range s.cells {
		c.markSelected(s.sel)
	}
	if s.sel == nil {
		s.selLabel.SetText(T("boards.dispatch.how", "Choose a ticket from To book, or a booked one in the grid, then tap a half day to book it there."))
		s.openBtn.Disable()
		s.clearBtn.Disable()
		return
	}
	s.openBtn.Enable()
	s.clearBtn.Enable()
	sel := s.sel
	what := sel.number + "  " + sel.customer + "  ·  " + StatusLabel(sel.status)
	switch {
	case sel.delivery && len(sel.crew) > 0:
		var names []string
		for _, id := range sel.crew {
			names = append(names, s.techName(id))
		}
		what += "  ·  " + strings.Join(names, T("tickets.list_sep", ", "))
	case sel.delivery:
		what += "  ·  " + T("boards.today.no_crew", "no crew yet")
	case sel.techID != "":
		what += "  ·  " + s.techName(sel.techID)
	}
	if sel.date != nil {
		what += "  ·  " + dispatchSlotText(*sel.date, sel.half)
	}
	if sel.delivery {
		s.selLabel.SetText(T("boards.dispatch.selected_delivery", "Selected: {{.Ticket}}. Tap a person's half day on the booked day to put them on the crew.", map[string]any{"Ticket": what}))
		return
	}
	s.selLabel.SetText(T("boards.dispatch.selected", "Selected: {{.Ticket}}. Tap a half day to book it there.", map[string]any{"Ticket": what}))
}

// techName is a person's name from the loaded board.
func (s *dispatchScreen) techName(id string) string {
	if p := s.person(id); p != nil {
		return p.Name
	}
	return "?"
}

// person is a person of the loaded board, nil when not on it.
func (s *dispatchScreen) person(id string) *models.Staff {
	for i := range s.techs {
		if s.techs[i].ID == id {
			return &s.techs[i]
		}
	}
	return nil
}

// dispatchSlotText names a half day: "Tue 11-24 Morning".
func dispatchSlotText(date time.Time, half models.HalfDay) string {
	return boardWeekday(date) + " " + date.Format("01-02") + " " + HalfLabel(half)
}

// setMessage shows the outcome of the last gesture below the grid.
func (s *dispatchScreen) setMessage(text string, imp widget.Importance) {
	s.message.Importance = imp
	s.message.SetText(text)
}

// onCellTapped books the picked ticket into a half day, asking why when
// an existing booking moves or changes hands.
func (s *dispatchScreen) onCellTapped(c *dispatchCell) {
	if s.busy {
		return
	}
	sel := s.sel
	if sel == nil {
		s.setMessage(T("boards.dispatch.pick_first", "First choose a ticket: from To book on the left, or a booked one in the grid."), widget.WarningImportance)
		return
	}
	if c.techID == app.NoCrew {
		s.setMessage(T("boards.dispatch.no_crew_cell", "This row holds the deliveries whose crew is not named yet: pick one, then tap a person's half day on its booked day."), widget.WarningImportance)
		return
	}
	if c.date.Before(s.today) {
		s.setMessage(T("boards.dispatch.past", "That half day is in the past; choose today or later."), widget.WarningImportance)
		return
	}
	sameSlot := sel.date != nil && sel.date.Equal(c.date) && sel.half == c.half
	if sel.delivery {
		s.onDeliveryCellTapped(c, sel, sameSlot)
		return
	}
	if p := s.person(c.techID); p != nil && !p.HasRole(models.RoleTechnician) {
		s.setMessage(T("boards.dispatch.not_technician", "{{.Name}} is delivery staff, not a technician: book repairs with a technician.", map[string]any{"Name": p.Name}), widget.WarningImportance)
		return
	}
	if sel.status == models.StatusScheduled && sameSlot && sel.techID == c.techID {
		s.setMessage(T("boards.dispatch.already_there", "{{.Number}} is already booked in that half day.", map[string]any{"Number": sel.number}), widget.MediumImportance)
		return
	}
	in := app.DispatchInput{TicketID: sel.ticketID, Version: sel.version, TechnicianID: c.techID, Date: c.date, Half: c.half}
	reassign := sel.techID != "" && sel.techID != c.techID && sel.status != models.StatusNew && sel.status != models.StatusEscalated
	reschedule := sel.status == models.StatusScheduled && !sameSlot
	if reassign || reschedule {
		s.askReason(in, sel, reschedule)
		return
	}
	s.submit(in)
}

// submit saves a booking in the background.
func (s *dispatchScreen) submit(in app.DispatchInput) {
	s.busy = true
	s.setMessage(T("boards.dispatch.booking", "Booking…"), widget.LowImportance)
	a := s.deps.App
	custGo(func() func() {
		d, err := a.Dispatch(in)
		return func() { s.afterDispatch(in, d, err) }
	})
}

// afterDispatch reports a booking: a clash asks for confirmation, other
// problems are explained, success reloads the board.
func (s *dispatchScreen) afterDispatch(in app.DispatchInput, d *app.TicketDetail, err error) {
	s.busy = false
	var clash *app.ClashError
	switch {
	case errors.As(err, &clash):
		s.setMessage("", widget.MediumImportance)
		s.askClash(in, clash)
		return
	case errors.Is(err, app.ErrConflict):
		// The ticket stays picked if it is still where it was (apply).
		s.setMessage(T("boards.dispatch.conflict", "Someone else changed this ticket meanwhile, so it was not booked and nothing was saved. The board now shows the latest: check it and book again."), widget.WarningImportance)
		if in.Reason != "" {
			s.keptReason.ticketID, s.keptReason.text = in.TicketID, in.Reason
		}
		s.reload()
		return
	case err != nil:
		msg := ErrText(err)
		s.setMessage(msg, widget.DangerImportance)
		dialog.ShowInformation(T("boards.dispatch.not_booked", "Not booked"), msg, s.deps.Window)
		return
	}
	s.setMessage(T("boards.dispatch.booked", "Booked {{.Number}} ({{.Customer}}) with {{.Technician}}, {{.Slot}}.", map[string]any{
		"Number": d.Ticket.Number, "Customer": d.Customer.Name, "Technician": d.Technician, "Slot": dispatchSlotText(in.Date, in.Half)}),
		widget.SuccessImportance)
	if s.keptReason.ticketID == in.TicketID {
		s.keptReason.ticketID, s.keptReason.text = "", ""
	}
	s.sel = nil
	s.toBookList.UnselectAll()
	s.reload()
}

// onDeliveryCellTapped names a delivery's crew from the board: a person's
// half day on the booked day opens the crew question with them added. A
// delivery is never booked with app.Dispatch (that assigns a repair's
// technician); its date moves on the ticket, with the customer told.
func (s *dispatchScreen) onDeliveryCellTapped(c *dispatchCell, sel *dispatchSel, sameSlot bool) {
	if !sameSlot {
		slot := ""
		if sel.date != nil {
			slot = dispatchSlotText(*sel.date, sel.half)
		}
		s.setMessage(T("boards.dispatch.delivery_other_day", "{{.Number}} is a delivery booked for {{.Slot}}: tap a person's half day then to put them on the crew. To move the date, open the ticket and reschedule it with the customer.",
			map[string]any{"Number": sel.number, "Slot": slot}), widget.WarningImportance)
		return
	}
	s.askCrew(sel, c.techID)
}

// dispatchClashQuestion asks whether to double-book on the board.
func dispatchClashQuestion() string {
	return T("boards.dispatch.clash_question", "Book a second visit in the same half day anyway? The cell will show a clash until one is moved.")
}

// dispatchCrewDialog names a delivery's crew from the board.
type dispatchCrewDialog struct {
	dlg       *dialog.CustomDialog
	picker    *crewPicker
	reason    *widget.Entry // why a named crew changes; nil for a first crew
	reasonErr *widget.Label
	formErr   *widget.Label
	ok        *widget.Button
	cancel    *widget.Button
	sel       *dispatchSel
}

// askCrew opens the crew question for a delivery with the person tapped
// added to its crew (the first person of a new crew leads it).
func (s *dispatchScreen) askCrew(sel *dispatchSel, add string) {
	crew := append([]string{}, sel.crew...)
	if custIndexOf(crew, add) < 0 {
		crew = append(crew, add)
	}
	leader := add
	if len(sel.crew) > 0 {
		leader = sel.crew[0]
	}
	cd := &dispatchCrewDialog{picker: newCrewPicker(), reasonErr: custErrLabel(), formErr: custErrLabel(), sel: sel}
	cd.picker.setStaff(crewCandidates(s.techs), crew, leader)
	cd.picker.OnChanged = func() { cd.clearErrs() }
	slot := ""
	if sel.date != nil {
		slot = dispatchSlotText(*sel.date, sel.half)
	}
	msg := widget.NewLabel(T("boards.dispatch.crew_text", "{{.Number}} ({{.Customer}}), delivery {{.Slot}}: choose the crew and its leader. At least two people go into a home.",
		map[string]any{"Number": sel.number, "Customer": sel.customer, "Slot": slot}))
	msg.Wrapping = fyne.TextWrapWord
	form := container.NewVBox(msg, cd.picker.box)
	if sel.status == models.StatusScheduled {
		cd.reason = widget.NewEntry()
		cd.reason.SetPlaceHolder(T("boards.dispatch.crew_reason_hint", "e.g. 钱师傅请假, 王师傅顶上"))
		cd.reason.OnChanged = func(string) { custSetErr(cd.reasonErr, "") }
		form.Add(widget.NewLabelWithStyle(T("boards.dispatch.crew_change_reason", "Why the crew changes")+" *", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		form.Add(cd.reason)
		form.Add(cd.reasonErr)
	}
	form.Add(cd.formErr)
	cd.cancel = widget.NewButtonWithIcon(T("boards.common.cancel", "Cancel"), theme.CancelIcon(), func() { cd.dlg.Hide() })
	cd.ok = widget.NewButtonWithIcon(ActionLabel(models.ActAssignCrew), theme.ConfirmIcon(), func() { s.onCrewOK(cd, false) })
	cd.ok.Importance = widget.HighImportance
	cd.dlg = dialog.NewCustomWithoutButtons(ActionLabel(models.ActAssignCrew), form, s.deps.Window)
	cd.dlg.SetButtons([]fyne.CanvasObject{cd.cancel, cd.ok})
	cd.dlg.Resize(fyne.NewSize(640, cd.dlg.MinSize().Height))
	s.crewDlg = cd
	cd.dlg.Show()
}

// clearErrs hides the crew question's problems.
func (cd *dispatchCrewDialog) clearErrs() {
	for _, l := range []*widget.Label{cd.picker.crewErr, cd.picker.leaderErr, cd.picker.reasonErr, cd.reasonErr, cd.formErr} {
		custSetErr(l, "")
	}
}

// onCrewOK saves the crew with app.AssignCrew (the booked day stays);
// allowClash books people who already have a job in the half day.
func (s *dispatchScreen) onCrewOK(cd *dispatchCrewDialog, allowClash bool) {
	if s.busy {
		return
	}
	cd.clearErrs()
	in := app.CrewInput{TicketID: cd.sel.ticketID, Crew: cd.picker.chosen(), LeaderID: cd.picker.leaderID(), AllowClash: allowClash}
	if len(in.Crew) > 0 && len(in.Crew) < models.MinCrew {
		in.CrewReason = cd.picker.reason.Text
	}
	if cd.reason != nil {
		in.Reason = cd.reason.Text
	}
	s.busy = true
	cd.ok.Disable()
	s.setMessage(T("boards.dispatch.saving_crew", "Saving the crew…"), widget.LowImportance)
	a := s.deps.App
	custGo(func() func() {
		d, err := a.AssignCrew(in)
		return func() { s.afterCrew(cd, d, err) }
	})
}

// afterCrew reports a crew: a clash asks for confirmation, problems show
// next to their fields, success reloads the board.
func (s *dispatchScreen) afterCrew(cd *dispatchCrewDialog, d *app.TicketDetail, err error) {
	s.busy = false
	cd.ok.Enable()
	var clash *app.ClashError
	switch {
	case errors.As(err, &clash):
		s.setMessage("", widget.MediumImportance)
		slot := ""
		if cd.sel.date != nil {
			slot = dispatchSlotText(*cd.sel.date, cd.sel.half)
		}
		head := T("boards.dispatch.crew_clash_text", "Someone in this crew already has a job in {{.Slot}}:", map[string]any{"Slot": slot})
		s.clashDlg = newClashDialog(s.deps.Window, head, clash.Existing, dispatchClashQuestion(), func() { s.onCrewOK(cd, true) })
		return
	case errors.Is(err, app.ErrConflict):
		// The question stays open with what was chosen and typed; saving
		// again writes the crew onto the latest delivery.
		msg := T("boards.dispatch.crew_conflict", "Not saved: someone else changed this delivery meanwhile, so nothing of yours was saved. The board behind now shows the latest: check the crew and save again.")
		custSetErr(cd.formErr, msg)
		cd.dlg.Resize(fyne.NewSize(640, cd.dlg.MinSize().Height))
		s.setMessage(msg, widget.WarningImportance)
		s.reload()
		return
	case err != nil:
		s.setMessage("", widget.MediumImportance)
		var rest []string
		if fes := models.AsFieldErrors(err); len(fes) > 0 {
			for _, fe := range fes {
				l := cd.picker.errLabel(fe.Field)
				if fe.Field == "reason" && cd.reason != nil {
					l = cd.reasonErr
				}
				if l != nil && l.Text == "" {
					custSetErr(l, FieldErrText(fe))
				} else {
					rest = append(rest, FieldErrText(fe))
				}
			}
		} else {
			rest = append(rest, ErrText(err))
		}
		custSetErr(cd.formErr, strings.Join(rest, "\n"))
		cd.dlg.Resize(fyne.NewSize(640, cd.dlg.MinSize().Height))
		return
	}
	cd.dlg.Hide()
	var names []string
	for _, m := range d.Crew {
		names = append(names, m.Name)
	}
	s.setMessage(T("boards.dispatch.crew_saved", "Crew of {{.Number}} ({{.Customer}}), {{.Slot}}: {{.Crew}}, led by {{.Leader}}.", map[string]any{
		"Number": d.Ticket.Number, "Customer": d.Customer.Name, "Slot": dispatchSlotText(models.CivilDate(*d.Ticket.ApptDate), d.Ticket.ApptHalf),
		"Crew": strings.Join(names, T("tickets.list_sep", ", ")), "Leader": d.Technician}), widget.SuccessImportance)
	s.sel = nil
	s.toBookList.UnselectAll()
	s.reload()
}

// dispatchReasonDialog asks why a booking moves and whether the customer
// asked for it.
type dispatchReasonDialog struct {
	dlg      *dialog.CustomDialog
	reason   *widget.Entry
	reasonEr *widget.Label
	customer *widget.Check
	agreed   *widget.Check
	ok       *widget.Button
	cancel   *widget.Button
}

// askReason opens the reason question for a move, then books.
func (s *dispatchScreen) askReason(in app.DispatchInput, sel *dispatchSel, reschedule bool) {
	r := &dispatchReasonDialog{}
	from := T("boards.common.no_technician", "no technician")
	if sel.techID != "" {
		from = s.techName(sel.techID)
	}
	if sel.date != nil {
		from += ", " + dispatchSlotText(*sel.date, sel.half)
	}
	to := s.techName(in.TechnicianID) + ", " + dispatchSlotText(in.Date, in.Half)
	msg := widget.NewLabel(T("boards.dispatch.move_text", "Move {{.Number}} ({{.Customer}}) from {{.From}} to {{.To}}?",
		map[string]any{"Number": sel.number, "Customer": sel.customer, "From": from, "To": to}))
	msg.Wrapping = fyne.TextWrapWord
	r.reason = widget.NewEntry()
	r.reason.SetPlaceHolder(T("boards.dispatch.reason_hint", "Why, e.g. 李师傅请假 / customer not home that day"))
	if s.keptReason.ticketID == sel.ticketID {
		r.reason.SetText(s.keptReason.text) // typed before someone else's change refused the move
	}
	r.reasonEr = custErrLabel()
	r.customer = widget.NewCheck(T("boards.dispatch.customer_asked", "The customer asked for the change"), nil)
	r.agreed = widget.NewCheck(T("ticket_detail.action.customer_agreed", "The customer agreed to the new time"), nil)
	if !reschedule {
		r.customer.Hide()
		r.agreed.Hide()
	}
	r.cancel = widget.NewButtonWithIcon(T("boards.common.cancel", "Cancel"), theme.CancelIcon(), func() { r.dlg.Hide() })
	r.ok = widget.NewButtonWithIcon(T("boards.dispatch.move", "Move"), theme.ConfirmIcon(), func() { s.onReasonOK(r, in) })
	r.ok.Importance = widget.HighImportance
	r.reason.OnSubmitted = func(string) { s.onReasonOK(r, in) }
	form := container.NewVBox(msg,
		widget.NewLabelWithStyle(T("boards.dispatch.reason", "Reason")+" *", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		r.reason, r.reasonEr, r.customer, r.agreed)
	r.dlg = dialog.NewCustomWithoutButtons(T("boards.dispatch.move_title", "Move booking"), form, s.deps.Window)
	r.dlg.SetButtons([]fyne.CanvasObject{r.cancel, r.ok})
	r.dlg.Resize(fyne.NewSize(520, 260))
	s.reasonDlg = r
	r.dlg.Show()
	if c := s.deps.Window.Canvas(); c != nil {
		c.Focus(r.reason)
	}
}

// onReasonOK books the move once a reason is given.
func (s *dispatchScreen) onReasonOK(r *dispatchReasonDialog, in app.DispatchInput) {
	reason := strings.TrimSpace(r.reason.Text)
	if reason == "" {
		custSetErr(r.reasonEr, T("boards.dispatch.reason_required", "Say why the booking moves."))
		return
	}
	r.dlg.Hide()
	in.Reason, in.CustomerAsked, in.CustomerAgreed = reason, r.customer.Checked, r.agreed.Checked
	s.submit(in)
}

// dispatchClashDialog asks whether to double-book a half day.
type dispatchClashDialog struct {
	dlg        *dialog.CustomDialog
	message    *widget.Label
	bookAnyway *widget.Button
	cancel     *widget.Button
}

// askClash lists what is already in the half day and offers to book anyway.
func (s *dispatchScreen) askClash(in app.DispatchInput, clash *app.ClashError) {
	head := T("boards.dispatch.clash_text", "{{.Technician}} already has in {{.Slot}}:", map[string]any{
		"Technician": s.techName(in.TechnicianID), "Slot": dispatchSlotText(in.Date, in.Half)})
	s.clashDlg = newClashDialog(s.deps.Window, head, clash.Existing, dispatchClashQuestion(), func() {
		in.AllowClash = true
		s.submit(in)
	})
}

// newClashDialog shows the double-booking question: head says who and
// when, then the jobs already there, then question; "Book anyway" runs
// onAnyway.
func newClashDialog(w fyne.Window, head string, existing []app.TicketRow, question string, onAnyway func()) *dispatchClashDialog {
	c := &dispatchClashDialog{}
	lines := []string{head}
	for _, t := range existing {
		line := "•  " + t.Number + "  " + t.CustomerName
		if t.Technician != "" {
			line += " · " + t.Technician
		}
		if sym := strings.TrimSpace(t.Symptom); sym != "" {
			line += " — " + custShort(sym)
		}
		lines = append(lines, line)
	}
	lines = append(lines, "", question)
	c.message = widget.NewLabel(strings.Join(lines, "\n"))
	c.message.Wrapping = fyne.TextWrapWord
	c.cancel = widget.NewButtonWithIcon(T("boards.common.cancel", "Cancel"), theme.CancelIcon(), func() { c.dlg.Hide() })
	c.bookAnyway = widget.NewButtonWithIcon(T("boards.dispatch.book_anyway", "Book anyway"), theme.WarningIcon(), func() {
		c.dlg.Hide()
		onAnyway()
	})
	c.bookAnyway.Importance = widget.WarningImportance
	c.dlg = dialog.NewCustomWithoutButtons(T("boards.dispatch.clash_title", "Double booking"), c.message, w)
	c.dlg.SetButtons([]fyne.CanvasObject{c.cancel, c.bookAnyway})
	c.dlg.Resize(fyne.NewSize(520, 240))
	c.dlg.Show()
	return c
}

// dispatchFreeColor and its siblings are the cell backgrounds.
func dispatchFreeColor() color.Color { return theme.Color(theme.ColorNameInputBackground) }

// dispatchBookedColor is the background of a half day with one visit.
func dispatchBookedColor() color.Color {
	return boardTint(theme.Color(theme.ColorNameSuccess), 0x40)
}

// dispatchClashColor is the background of a double-booked half day.
func dispatchClashColor() color.Color { return boardTint(theme.Color(theme.ColorNameError), 0x55) }

// dispatchDeliveryColor is the background of a delivery's chip.
func dispatchDeliveryColor() color.Color {
	return boardTint(theme.Color(theme.ColorNameWarning), 0x50)
}

// dispatchPastColor is the background of a half day already gone.
func dispatchPastColor() color.Color { return boardTint(theme.Color(theme.ColorNameDisabled), 0x20) }

// dispatchSwatch is a legend entry: a colour and what it means.
func dispatchSwatch(c color.Color, text string) fyne.CanvasObject {
	r := canvas.NewRectangle(c)
	r.CornerRadius = 3
	r.StrokeColor = theme.Color(theme.ColorNameSeparator)
	r.StrokeWidth = 1
	r.SetMinSize(fyne.NewSize(18, 14))
	l := widget.NewLabel(text)
	l.SizeName = theme.SizeNameCaptionText
	return container.NewHBox(container.NewCenter(r), l)
}

// dispatchCell is a technician's half day on the board: its state on top,
// then a chip per booked ticket. Tapping a chip picks that ticket; tapping
// anywhere else books the picked ticket here.
type dispatchCell struct {
	widget.BaseWidget
	s       *dispatchScreen
	techID  string
	date    time.Time // civil
	half    models.HalfDay
	booking *app.Booking // nil when free
	bg      *canvas.Rectangle
	state   *canvas.Text
	chips   []*dispatchChip
}

// newDispatchCell builds a cell for a half day and its booking (or nil).
func newDispatchCell(s *dispatchScreen, techID string, date time.Time, half models.HalfDay, b *app.Booking) *dispatchCell {
	c := &dispatchCell{s: s, techID: techID, date: date, half: half, booking: b}
	c.bg = canvas.NewRectangle(dispatchFreeColor())
	c.bg.CornerRadius = 4
	c.state = canvas.NewText("", theme.Color(theme.ColorNamePlaceHolder))
	c.state.TextSize = theme.Size(theme.SizeNameCaptionText)
	if b != nil {
		for _, t := range b.Tickets {
			c.chips = append(c.chips, newDispatchChip(c, t))
		}
	}
	c.paint()
	c.ExtendBaseWidget(c)
	return c
}

// stateName is the cell's state: "past", "free", "booked", "clash", or in
// the row of deliveries without a crew "nocrew" (or "" when empty).
func (c *dispatchCell) stateName() string {
	switch {
	case c.techID == app.NoCrew && c.booking != nil && len(c.booking.Tickets) > 0:
		return "nocrew"
	case c.techID == app.NoCrew:
		return ""
	case c.booking != nil && c.booking.Clash():
		return "clash"
	case c.booking != nil && len(c.booking.Tickets) > 0:
		return "booked"
	case c.date.Before(c.s.today):
		return "past"
	}
	return "free"
}

// paint colours the cell and writes its state.
func (c *dispatchCell) paint() {
	c.state.TextStyle = fyne.TextStyle{}
	c.state.Color = theme.Color(theme.ColorNamePlaceHolder)
	switch c.stateName() {
	case "nocrew":
		c.bg.FillColor = boardTint(theme.Color(theme.ColorNameWarning), 0x40)
		c.state.Text = T("boards.dispatch.cell_no_crew", "No crew: {{.N}}", map[string]any{"N": len(c.booking.Tickets)})
		c.state.Color = theme.Color(theme.ColorNameForeground)
		c.state.TextStyle = fyne.TextStyle{Bold: true}
	case "": // an empty half day of the crew-needed row
		c.bg.FillColor = boardTint(theme.Color(theme.ColorNameWarning), 0x14)
		c.state.Text = ""
	case "clash":
		c.bg.FillColor = dispatchClashColor()
		c.state.Text = T("boards.dispatch.cell_clash", "Clash: {{.N}} visits", map[string]any{"N": len(c.booking.Tickets)})
		c.state.Color = theme.Color(theme.ColorNameError)
		c.state.TextStyle = fyne.TextStyle{Bold: true}
	case "booked":
		c.bg.FillColor = dispatchBookedColor()
		c.state.Text = T("boards.dispatch.cell_booked", "Booked")
		c.state.Color = theme.Color(theme.ColorNameForeground)
	case "past":
		c.bg.FillColor = dispatchPastColor()
		c.state.Text = ""
	default:
		c.bg.FillColor = dispatchFreeColor()
		c.state.Text = T("boards.dispatch.cell_free", "Free")
	}
}

// markSelected highlights the chip of the picked ticket.
func (c *dispatchCell) markSelected(sel *dispatchSel) {
	for _, ch := range c.chips {
		ch.setSelected(sel != nil && sel.booked && sel.ticketID == ch.row.ID)
	}
}

// CreateRenderer lays out the state line and the chips.
func (c *dispatchCell) CreateRenderer() fyne.WidgetRenderer {
	objs := []fyne.CanvasObject{c.state}
	for _, ch := range c.chips {
		objs = append(objs, ch)
	}
	body := container.New(layout.NewCustomPaddedVBoxLayout(2), objs...)
	return widget.NewSimpleRenderer(container.NewStack(c.bg,
		container.New(layout.NewCustomPaddedLayout(dispatchPad, dispatchPad, dispatchPad, dispatchPad), body)))
}

// Tapped books the picked ticket into this half day.
func (c *dispatchCell) Tapped(*fyne.PointEvent) { c.s.onCellTapped(c) }

// Cursor shows that the cell can be tapped.
func (c *dispatchCell) Cursor() desktop.Cursor { return desktop.PointerCursor }

// dispatchChip is a booked ticket in a cell: its number over the
// customer; a delivery is tinted and marked as one.
type dispatchChip struct {
	widget.BaseWidget
	cell     *dispatchCell
	row      app.TicketRow
	delivery bool
	bg       *canvas.Rectangle
	number   *canvas.Text
	name     *canvas.Text
}

// newDispatchChip builds the chip of a booked ticket.
func newDispatchChip(c *dispatchCell, t app.TicketRow) *dispatchChip {
	size := theme.Size(theme.SizeNameCaptionText)
	width := float32(dispatchCellW - 2*dispatchPad - 2*dispatchChipIn)
	ch := &dispatchChip{cell: c, row: t, delivery: t.Kind == models.KindDelivery}
	ch.bg = canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	ch.bg.CornerRadius = 3
	ch.bg.StrokeWidth = 1
	ch.number = canvas.NewText(boardFit(t.Number, size, true, width), theme.Color(theme.ColorNameForeground))
	ch.number.TextSize = size
	ch.number.TextStyle = fyne.TextStyle{Bold: true}
	name := t.CustomerName
	if ch.delivery {
		name = T("boards.dispatch.delivery_chip", "Delivery · {{.Customer}}", map[string]any{"Customer": t.CustomerName})
	}
	ch.name = canvas.NewText(boardFit(name, size, false, width), theme.Color(theme.ColorNameForeground))
	ch.name.TextSize = size
	ch.setSelected(false)
	ch.ExtendBaseWidget(ch)
	return ch
}

// setSelected shows whether the chip's ticket is the picked one.
func (ch *dispatchChip) setSelected(on bool) {
	if on {
		ch.bg.FillColor = boardTint(theme.Color(theme.ColorNamePrimary), 0x70)
		ch.bg.StrokeColor = theme.Color(theme.ColorNamePrimary)
		ch.bg.StrokeWidth = 2
	} else {
		ch.bg.FillColor = theme.Color(theme.ColorNameBackground)
		if ch.delivery {
			ch.bg.FillColor = dispatchDeliveryColor()
		}
		ch.bg.StrokeColor = theme.Color(theme.ColorNameSeparator)
		ch.bg.StrokeWidth = 1
	}
	ch.bg.Refresh()
}

// CreateRenderer stacks the number over the customer's name.
func (ch *dispatchChip) CreateRenderer() fyne.WidgetRenderer {
	text := container.New(layout.NewCustomPaddedVBoxLayout(0), ch.number, ch.name)
	return widget.NewSimpleRenderer(container.NewStack(ch.bg,
		container.New(layout.NewCustomPaddedLayout(dispatchChipIn, dispatchChipIn, dispatchChipIn, dispatchChipIn), text)))
}

// Tapped picks the chip's ticket.
func (ch *dispatchChip) Tapped(*fyne.PointEvent) { ch.cell.s.onChipTapped(ch.cell, ch.row) }

// Cursor shows that the chip can be tapped.
func (ch *dispatchChip) Cursor() desktop.Cursor { return desktop.PointerCursor }

// boardFit shortens text with an ellipsis until it fits width at size.
func boardFit(text string, size float32, bold bool, width float32) string {
	style := fyne.TextStyle{Bold: bold}
	if fyne.MeasureText(text, size, style).Width <= width {
		return text
	}
	r := []rune(text)
	for len(r) > 0 {
		r = r[:len(r)-1]
		if fyne.MeasureText(string(r)+"…", size, style).Width <= width {
			break
		}
	}
	return string(r) + "…"
}
