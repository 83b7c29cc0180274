package screens

import (
	"context"
	"image/color"
	"os"
	"path/filepath"
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
	"aftercare/printing"
)

// The Dashboard area (经营看板, issue 7) for the managers and finance:
// the month's figures as tiles grouped as the report groups them, each
// beside the previous month and its target with missed targets marked;
// charts of the tickets per day, the rates against their targets and the
// last 12 months; the per-staff table and the month close. A click on a
// figure lists the tickets behind it, those counting against it first,
// and a ticket opens in the Tickets area. Everything shown comes from
// app.MonthReport and the models' formatting of figures, so the dashboard,
// the PDF and the Excel export say the same.

// dashboardScreen is the Dashboard area.
type dashboardScreen struct {
	deps *Deps

	*monthPicker // the month shown (monthpicker.go)
	busy         *widget.Activity
	closeStatus  *widget.Label
	closeSteps   *widget.Label
	loadErr      *widget.Label
	printBtn     *widget.Button
	exportBtn    *widget.Button

	groups     *fyne.Container // group headings and their tiles
	days       *plot
	daysLegend *fyne.Container
	rates      *plot
	trend      *plot
	staff      *fyne.Container
	staffNote  *widget.Label
	page       *fyne.Container // everything in the left scroller
	scroll     *container.Scroll

	selTitle *widget.Label // the figure whose tickets are listed
	selNote  *widget.Label // how many, how many against, how many left out
	list     *widget.List
	root     fyne.CanvasObject

	// State; read and written only on the UI goroutine.
	report  *models.MonthReport
	gen     int
	cancel  context.CancelFunc // stops the load a newer one replaces
	tiles   []*figureTile
	sel     *dashSel
	selTap  *dashTap // the tile or line whose tickets are listed
	rows    []app.TicketRow
	rowsGen int

	// Following changes made on other PCs (onDataChanged).
	loadedAt  time.Time // when the last computation started
	away      bool      // another area is shown
	followDue bool      // a computation waits for dashFollowGap to pass

	// For tests: the last file written and the outcome shown.
	lastPath string
	lastErr  error
}

// dashSel is the figure (or breakdown line) whose tickets are listed.
type dashSel struct {
	title  string
	ids    []string
	misses map[string]bool // the ids that count against the figure
}

// addDashboardArea adds the Dashboard to the navigation rail, after
// Today, when the signed-in person may read the month's figures.
func (m *mainWindow) addDashboardArea() {
	if !m.deps.App.Can(models.PermReports) {
		return
	}
	m.dashboard = newDashboardScreen(m.deps)
	a := &area{key: "nav.dashboard", fallback: "Dashboard", icon: theme.InfoIcon(), content: m.dashboard.content(),
		shown: m.dashboard.shown, hidden: m.dashboard.hidden, changed: m.dashboard.onDataChanged}
	at := 0
	for i, x := range m.areas {
		if x.key == "nav.today" {
			at = i + 1
		}
	}
	m.areas = append(m.areas[:at], append([]*area{a}, m.areas[at:]...)...)
}

// dashboardDefaultMonth is the month the dashboard opens on: the month
// just ended during the first five days of a month (its figures are what
// the manager reads then), else the current month.
func dashboardDefaultMonth(now time.Time) time.Time {
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	if now.Day() <= 5 {
		return first.AddDate(0, -1, 0)
	}
	return first
}

func newDashboardScreen(d *Deps) *dashboardScreen {
	s := &dashboardScreen{deps: d}
	s.monthPicker = newMonthPicker(dashboardDefaultMonth(d.App.Now()), d.App.Now, s.goTo)
	s.busy = widget.NewActivity()
	s.busy.Hide()
	title := heading(T("dashboard.title", "Dashboard"))
	title.SizeName = theme.SizeNameSubHeadingText
	picker := s.pickerBox(s.busy)
	s.printBtn = widget.NewButtonWithIcon(T("dashboard.print", "Print report"), theme.DocumentPrintIcon(), s.onPrint)
	s.exportBtn = widget.NewButtonWithIcon(T("dashboard.export", "Export to Excel…"), theme.DocumentSaveIcon(), s.onExport)
	header := container.NewBorder(nil, nil, container.NewHBox(title, widget.NewSeparator(), picker),
		container.NewHBox(s.printBtn, s.exportBtn))

	s.closeStatus = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.closeSteps = widget.NewLabel("")
	s.closeSteps.SizeName = theme.SizeNameCaptionText
	s.closeSteps.Wrapping = fyne.TextWrapWord
	s.loadErr = custErrLabel()

	s.groups = container.NewVBox()
	s.days = newPlot(fyne.NewSize(300, 200), dayChart(nil))
	s.daysLegend = container.NewHBox()
	s.rates = newPlot(fyne.NewSize(300, 0), rateChart(nil))
	s.trend = newPlot(fyne.NewSize(300, 280), trendChart(nil))
	s.staff = container.NewVBox()
	s.staffNote = widget.NewLabel("")
	s.staffNote.Importance = widget.WarningImportance
	s.staffNote.Wrapping = fyne.TextWrapWord
	s.staffNote.Hide()
	section := func(text string) fyne.CanvasObject {
		l := heading(text)
		l.SizeName = theme.SizeNameSubHeadingText
		return container.NewVBox(widget.NewSeparator(), l)
	}
	s.page = container.NewVBox(
		s.groups,
		section(T("dashboard.charts.days", "Tickets received per day")), s.daysLegend, s.days,
		section(T("dashboard.charts.rates", "Rates against their targets")), s.rates,
		section(T("dashboard.charts.trend", "The last 12 months")), trendLegend(), s.trend,
		section(T("dashboard.staff", "Per staff member")), s.staffNote, s.staff,
		section(T("dashboard.close", "Month close")), s.closeStatus, s.closeSteps,
	)
	s.scroll = container.NewVScroll(container.NewPadded(s.page))

	s.selTitle = heading(T("dashboard.tickets.title", "Tickets behind a figure"))
	s.selTitle.Wrapping = fyne.TextWrapWord
	s.selNote = widget.NewLabel(T("dashboard.tickets.hint", "Click a figure or one of its lines to list the tickets behind it."))
	s.selNote.Wrapping = fyne.TextWrapWord
	s.list = widget.NewList(func() int { return len(s.rows) }, newDashRow, s.updateRow)
	s.list.OnSelected = s.onTicketSelected
	side := container.NewBorder(container.NewVBox(s.selTitle, s.selNote, widget.NewSeparator()), nil, nil, nil, s.list)

	split := container.NewHSplit(s.scroll, container.NewPadded(side))
	split.Offset = 0.7
	s.root = container.NewPadded(container.NewBorder(container.NewVBox(header, s.loadErr, widget.NewSeparator()), nil, nil, nil, split))
	s.fill()
	return s
}

// content is the area's root object.
func (s *dashboardScreen) content() fyne.CanvasObject { return s.root }

// shown loads the month again: tickets change all day.
func (s *dashboardScreen) shown() {
	s.away = false
	s.reload()
}

// dashFollowGap is the least time between two computations that follow
// changes made on other PCs: the month takes up to a second to compute on
// a large database (docs/performance.md), and a busy shop commits every
// few seconds.
const dashFollowGap = 30 * time.Second

// onDataChanged follows changes made on another PC (window.go): the month
// is computed again, at most once per dashFollowGap; a change within the
// gap is followed when it has passed.
func (s *dashboardScreen) onDataChanged() {
	if s.followDue {
		return
	}
	wait := dashFollowGap - time.Since(s.loadedAt)
	if wait <= 0 {
		s.reload()
		return
	}
	s.followDue = true
	time.AfterFunc(wait, func() { custGo(func() func() { return s.onFollowDue }) })
}

// onFollowDue computes the month once the gap after the last computation
// has passed, unless another area is shown (shown computes it then).
func (s *dashboardScreen) onFollowDue() {
	s.followDue = false
	if !s.away {
		s.reload()
	}
}

// hidden stops a load nobody will look at; its result (a cancellation)
// is dropped, and shown loads again.
func (s *dashboardScreen) hidden() {
	s.away = true
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
		s.gen++
		s.busy.Stop()
		s.busy.Hide()
	}
}

// goTo shows another month: the old month's figures and tickets go at
// once, so nothing of it is read as the new month's.
func (s *dashboardScreen) goTo(m time.Time) {
	s.month = m
	s.report = nil
	s.clearSelection()
	s.fill()
	s.reload()
}

// reload computes the month shown off the UI goroutine; a newer load
// cancels this one and its result is dropped.
func (s *dashboardScreen) reload() {
	if s.cancel != nil {
		s.cancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.gen++
	s.loadedAt = time.Now()
	gen, a, month := s.gen, s.deps.App, s.monthText()
	s.busy.Show()
	s.busy.Start()
	custGo(func() func() {
		r, err := a.MonthReport(ctx, month)
		return func() { s.apply(gen, r, err) }
	})
}

// apply shows a computed month unless a newer load started.
func (s *dashboardScreen) apply(gen int, r *models.MonthReport, err error) {
	if gen != s.gen {
		return
	}
	s.busy.Stop()
	s.busy.Hide()
	s.cancel = nil
	if err != nil {
		custSetErr(s.loadErr, ErrText(err))
		return
	}
	custSetErr(s.loadErr, "")
	s.report = r
	s.fill()
}

// tr is T as the models' formatting of figures wants it.
func (s *dashboardScreen) tr(key, fallback string) string { return T(key, fallback) }

// fill shows the report (or that it is loading).
func (s *dashboardScreen) fill() {
	s.showMonth()
	r := s.report
	s.tiles = nil
	s.groups.RemoveAll()
	s.staff.RemoveAll()
	if r == nil {
		s.groups.Add(widget.NewLabel(T("dashboard.loading", "Computing the month's figures…")))
		s.days.draw, s.rates.draw, s.trend.draw = dayChart(nil), rateChart(nil), trendChart(nil)
		s.rates.setMinHeight(0)
		s.days.Refresh()
		s.trend.Refresh()
		s.daysLegend.RemoveAll()
		s.staffNote.Hide()
		s.closeStatus.SetText("")
		s.closeSteps.SetText("")
		s.page.Refresh()
		return
	}
	s.fillTiles(r)
	s.days.draw = dayChart(r.Days)
	s.days.Refresh()
	s.daysLegend.Objects = dayLegend(r.Days).Objects
	s.daysLegend.Refresh()
	rates := r.Rates()
	s.rates.draw = rateChart(rates)
	s.rates.setMinHeight(float32(len(rates))*rateRowHeight + 8)
	s.trend.draw = trendChart(r.Trend)
	s.trend.Refresh()
	s.fillStaff(r)
	c := r.Close
	s.closeStatus.SetText(T("dashboard.close_status", "Month close: {{.Status}}", map[string]any{"Status": MonthStatusLabel(c.Status)}))
	s.closeStatus.Importance = conductMonthImportance(c.Status)
	s.closeStatus.Refresh()
	// The Month close area's lines: who compiled and approved it, and
	// what comes next.
	s.closeSteps.SetText((&monthsScreen{deps: s.deps}).stepsText(&c))
	s.page.Refresh()
}

// fillTiles makes a tile per figure, grouped; a breakdown line goes into
// its figure's tile, and breakdown lines without a figure line (the
// completion time per mode) share one tile.
func (s *dashboardScreen) fillTiles(r *models.MonthReport) {
	for _, g := range models.FigureGroups {
		var tiles []*figureTile
		var lines [][]int // each tile's breakdown lines
		for i := range r.Figures {
			f := &r.Figures[i]
			if f.Group != g {
				continue
			}
			if n := len(tiles); f.Sub != "" && n > 0 && tiles[n-1].key == f.Key {
				lines[n-1] = append(lines[n-1], i)
				continue
			}
			idx := i
			if f.Sub != "" {
				idx = -1
			}
			tiles = append(tiles, newFigureTile(s, f.Key, idx))
			lines = append(lines, nil)
			if f.Sub != "" {
				lines[len(lines)-1] = append(lines[len(lines)-1], i)
			}
		}
		if len(tiles) == 0 {
			continue
		}
		objs := make([]fyne.CanvasObject, len(tiles))
		for i, t := range tiles {
			for _, l := range breakdownOrder(r.Figures, lines[i], t.fig >= 0) {
				t.addLine(l.idx, l.indent)
			}
			objs[i] = t.tap
		}
		s.tiles = append(s.tiles, tiles...)
		h := heading(T(models.GroupKey(g), g))
		h.SizeName = theme.SizeNameSubHeadingText
		s.groups.Add(h)
		s.groups.Add(container.New(&tileColumns{minW: 250}, objs...))
	}
}

// breakdownLine is a breakdown line's place in its tile.
type breakdownLine struct {
	idx    int
	indent bool // repairs by mode under the repairs of a figure by kind
}

// breakdownOrder orders a tile's breakdown lines: a figure broken down by
// kind and, for repairs, by mode lists the modes right under the repair
// line, indented, rather than where they first occurred.
func breakdownOrder(figs []models.Figure, idxs []int, hasFigure bool) []breakdownLine {
	var kinds, modes []int
	for _, i := range idxs {
		if hasFigure && strings.HasPrefix(figs[i].SubKey, "mode.") {
			modes = append(modes, i)
		} else {
			kinds = append(kinds, i)
		}
	}
	out := make([]breakdownLine, 0, len(idxs))
	placed := false
	for _, i := range kinds {
		out = append(out, breakdownLine{idx: i})
		if figs[i].SubKey == "kind.repair" && !placed {
			for _, m := range modes {
				out = append(out, breakdownLine{idx: m, indent: true})
			}
			placed = true
		}
	}
	if !placed {
		for _, m := range modes {
			out = append(out, breakdownLine{idx: m})
		}
	}
	return out
}

// staffWeights are the per-staff table's column widths.
var staffWeights = []float32{1.2, 1, 0.9, 1, 1.1, 0.9, 0.9, 1.7}

// fillStaff shows the per-staff table; a click on a person lists their
// jobs of the month.
func (s *dashboardScreen) fillStaff(r *models.MonthReport) {
	cell := func(text string, align fyne.TextAlign, bold bool) *widget.Label {
		l := widget.NewLabelWithStyle(text, align, fyne.TextStyle{Bold: bold})
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	right := fyne.TextAlignTrailing
	s.staff.Add(tdRow(staffWeights,
		cell(T("kpi.staff.name", "Staff member"), fyne.TextAlignLeading, true),
		cell(T("kpi.staff.jobs", "Jobs done"), right, true),
		cell(T("kpi.staff.on_time", "On time"), right, true),
		cell(T("kpi.staff.satisfaction", "Satisfaction"), right, true),
		cell(T("kpi.staff.complaints", "Complaints"), right, true),
		cell(T("kpi.staff.penalties", "Penalties"), right, true),
		cell(T("kpi.staff.rewards", "Rewards"), right, true),
		cell(T("kpi.staff.net", "Net"), right, true)))
	provisional := false
	for _, p := range r.Staff {
		onTime, onOK := p.OnTime.Value()
		sat, satOK := p.Satisfaction.Value()
		net := cell(conductSigned(p.Net), right, false)
		switch {
		case p.Net < 0:
			net.Importance = widget.DangerImportance
		case p.Net > 0:
			net.Importance = widget.SuccessImportance
		}
		if p.Provisional {
			provisional = true
			net.SetText(conductSigned(p.Net) + " (" + T("kpi.provisional", "provisional") + ")")
		}
		row := tdRow(staffWeights,
			cell(p.Name, fyne.TextAlignLeading, false),
			cell(models.FormatValue(models.UnitCount, float64(p.Jobs), true, s.tr), right, false),
			cell(models.FormatValue(models.UnitShare, onTime, onOK, s.tr), right, false),
			cell(models.FormatValue(models.UnitShare, sat, satOK, s.tr), right, false),
			cell(models.FormatValue(models.UnitCount, float64(p.Complaints), true, s.tr), right, false),
			cell(conductYuan(p.Penalties), right, false),
			cell(conductYuan(p.Rewards), right, false),
			net)
		p := p
		var tap *dashTap
		tap = newDashTap(row, func() {
			s.showTickets(tap, &dashSel{title: p.Name, ids: p.Tickets})
		})
		s.staff.Add(tap)
	}
	if len(r.Staff) == 0 {
		s.staff.Add(widget.NewLabel(T("dashboard.staff.none", "Nobody did any jobs or had any records this month.")))
	}
	if provisional {
		s.staffNote.SetText(T("dashboard.staff.provisional", "Penalties and rewards are provisional: the month close is not approved yet."))
		s.staffNote.Show()
	} else {
		s.staffNote.Hide()
	}
}

// figureSel is what a click on a figure (or breakdown line) lists.
func (s *dashboardScreen) figureSel(idx int) *dashSel {
	f := &s.report.Figures[idx]
	title := T(f.LabelKey(), f.Key)
	if f.Sub != "" {
		title += " — " + T(f.SubKey, f.Sub)
	}
	sel := &dashSel{title: title, ids: f.Tickets, misses: map[string]bool{}}
	for _, id := range f.Tickets[:min(f.Misses, len(f.Tickets))] {
		sel.misses[id] = true
	}
	return sel
}

// linesSel is a figure with only breakdown lines: all their tickets, the
// ones against any line first.
func (s *dashboardScreen) linesSel(key string, lines []int) *dashSel {
	sel := &dashSel{title: T("kpi."+key, key), misses: map[string]bool{}}
	var rest []string
	for _, i := range lines {
		l := s.figureSel(i)
		for id := range l.misses {
			sel.misses[id] = true
		}
		for _, id := range l.ids {
			if l.misses[id] {
				sel.ids = append(sel.ids, id)
			} else {
				rest = append(rest, id)
			}
		}
	}
	sel.ids = append(sel.ids, rest...)
	return sel
}

// clearSelection empties the ticket list (another month is shown).
func (s *dashboardScreen) clearSelection() {
	s.rowsGen++
	s.sel, s.rows = nil, nil
	if s.selTap != nil {
		s.selTap.setSelected(false)
		s.selTap = nil
	}
	s.selTitle.SetText(T("dashboard.tickets.title", "Tickets behind a figure"))
	s.selNote.SetText(T("dashboard.tickets.hint", "Click a figure or one of its lines to list the tickets behind it."))
	s.list.Refresh()
}

// showTickets lists the tickets behind a figure, loaded off the UI
// goroutine; a newer click wins.
func (s *dashboardScreen) showTickets(from *dashTap, sel *dashSel) {
	if s.selTap != nil {
		s.selTap.setSelected(false)
	}
	s.selTap = from
	if from != nil {
		from.setSelected(true)
	}
	s.sel, s.rows = sel, nil
	s.rowsGen++
	gen, a := s.rowsGen, s.deps.App
	s.selTitle.SetText(sel.title)
	s.selNote.SetText(T("dashboard.loading_tickets", "Loading the tickets…"))
	s.list.UnselectAll()
	s.list.Refresh()
	ids := sel.ids
	custGo(func() func() {
		rows, total, err := a.TicketRowsByID(context.Background(), ids)
		return func() {
			if gen != s.rowsGen {
				return
			}
			if err != nil {
				s.selNote.SetText(ErrText(err))
				return
			}
			s.rows = rows
			s.selNote.SetText(s.selText(total))
			s.list.ScrollToTop()
			s.list.Refresh()
		}
	})
}

// selText says how many tickets are listed, how many count against the
// figure, and how many are left out of a long list.
func (s *dashboardScreen) selText(total int) string {
	if total == 0 {
		return T("dashboard.tickets.none", "No tickets are behind this figure.")
	}
	against := 0
	for _, r := range s.rows {
		if s.sel.misses[r.ID] {
			against++
		}
	}
	// The sentences carry their own leading space: Chinese has none
	// between sentences.
	text := T("dashboard.tickets.count", "{{.N}} tickets.", map[string]any{"N": total})
	if against > 0 {
		text += T("dashboard.tickets.against", " {{.N}} count against the figure and are listed first.", map[string]any{"N": against})
	}
	if total > len(s.rows) {
		text += T("dashboard.tickets.capped", " Only the first {{.Shown}} are listed.", map[string]any{"Shown": len(s.rows)})
	}
	return text
}

// printTr is T for the report's PDF and workbook: they are written in
// the language of the screen.
func printTr() printing.Translator {
	return printing.Translator(func(key, fallback string) string { return T(key, fallback) })
}

// onPrint writes the month's report PDF into the prints folder off the
// UI goroutine and opens it in the PDF viewer, as the other prints do.
func (s *dashboardScreen) onPrint() {
	a, w, month := s.deps.App, s.deps.Window, s.monthText()
	open := slipOpen
	s.printBtn.Disable()
	custGo(func() func() {
		path, err := a.PrintMonthReport(context.Background(), month, printTr())
		var outErr error
		if err == nil {
			outErr = open(path)
		}
		return func() {
			s.printBtn.Enable()
			s.lastPath, s.lastErr = path, firstErr(err, outErr)
			switch {
			case err != nil:
				showError(w, err)
			case outErr != nil:
				dialog.ShowInformation(T("dashboard.print", "Print report"), T("dashboard.print_not_opened",
					"The report was saved as {{.Path}} but could not be opened on this PC ({{.Detail}}). Open it from that folder.",
					map[string]any{"Path": path, "Detail": outErr.Error()}), w)
			}
		}
	})
}

// onExport asks where to save the month's report as an Excel workbook.
func (s *dashboardScreen) onExport() {
	showSaveFile(s.deps.Window, fileChoice{
		title: T("dashboard.export_title", "Export the month's report to an Excel file"),
		exts:  []string{".xlsx"},
		name:  "report-" + s.monthText() + ".xlsx",
	}, s.onExportChosen)
}

// onExportChosen writes the workbook where the person chose. The dialog
// has created the file empty; a name typed without an extension gets
// .xlsx, and that empty file goes.
func (s *dashboardScreen) onExportChosen(wc fyne.URIWriteCloser, err error) {
	if err != nil {
		showError(s.deps.Window, err)
		return
	}
	if wc == nil {
		return // cancelled
	}
	path := wc.URI().Path()
	wc.Close()
	if filepath.Ext(path) == "" {
		os.Remove(path)
		path += ".xlsx"
	}
	s.exportTo(path)
}

// exportTo writes the month's report to path (.xlsx, or .pdf when the
// person typed that) off the UI goroutine and says where it went.
func (s *dashboardScreen) exportTo(path string) {
	a, w, month := s.deps.App, s.deps.Window, s.monthText()
	s.exportBtn.Disable()
	custGo(func() func() {
		err := a.WriteMonthReport(context.Background(), month, path, printTr())
		if err != nil {
			if st, serr := os.Stat(path); serr == nil && st.Size() == 0 {
				os.Remove(path) // the dialog's empty file, not a report
			}
		}
		return func() {
			s.exportBtn.Enable()
			s.lastPath, s.lastErr = path, err
			if err != nil {
				showError(w, err)
				return
			}
			dialog.ShowInformation(T("dashboard.export", "Export to Excel…"), T("dashboard.exported",
				"The report for {{.Month}} was saved as {{.Path}}.", map[string]any{"Month": month, "Path": path}), w)
		}
	})
}

// dashRow is a ticket line of the list: number, a mark when it counts
// against the figure, kind and status, reported; the customer below.
type dashRow struct {
	widget.BaseWidget
	number, kind, reported, customer *widget.Label
	status, miss                     *tickChip
	box                              *fyne.Container
}

func newDashRow() fyne.CanvasObject {
	r := &dashRow{status: newTickChip(), miss: newTickChip()}
	r.number = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.kind = widget.NewLabel("")
	r.kind.Truncation = fyne.TextTruncateEllipsis
	r.reported = widget.NewLabel("")
	r.reported.SizeName = theme.SizeNameCaptionText
	r.customer = widget.NewLabel("")
	r.customer.Truncation = fyne.TextTruncateEllipsis
	r.miss.set(T("dashboard.tickets.missed", "Against"), tickColorProblem)
	line1 := container.NewBorder(nil, nil, container.NewHBox(r.number, container.NewCenter(r.miss.box), container.NewCenter(r.status.box)), nil, r.kind)
	line2 := container.NewBorder(nil, nil, nil, r.reported, r.customer)
	r.box = container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()), line1, line2)
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer draws the row's container.
func (r *dashRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.box) }

func (s *dashboardScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.rows) {
		return
	}
	t, r := s.rows[id], o.(*dashRow)
	r.number.SetText(t.Number)
	if s.sel != nil && s.sel.misses[t.ID] {
		r.miss.box.Show()
	} else {
		r.miss.box.Hide()
	}
	r.status.set(StatusLabel(t.Status), tickStatusColor(t.Status))
	kind := KindLabel(t.Kind)
	if t.Kind == models.KindRepair {
		kind += " · " + ModeLabel(t.Mode)
	}
	r.kind.SetText(kind)
	r.customer.SetText(t.CustomerName)
	r.reported.SetText(T("dashboard.tickets.reported", "Reported {{.At}}",
		map[string]any{"At": t.ReportedAt.In(s.deps.App.Now().Location()).Format("2006-01-02 15:04")}))
	r.box.Refresh()
}

// onTicketSelected opens the ticket in the Tickets area, as the Today
// board does.
func (s *dashboardScreen) onTicketSelected(id widget.ListItemID) {
	s.list.Unselect(id)
	if id < 0 || id >= len(s.rows) || s.deps.Nav == nil {
		return
	}
	s.deps.Nav.OpenTicket(s.rows[id].ID)
}

// dashTap is a clickable part of the dashboard (a tile, a breakdown line,
// a staff row): it shows a pointer and a hover tint, and a border while
// its tickets are listed.
type dashTap struct {
	widget.BaseWidget
	bg, hover *canvas.Rectangle
	content   fyne.CanvasObject
	onTap     func()
	fill      color.Color // resting background
	stroke    color.Color // resting border
	strokeW   float32
}

func newDashTap(content fyne.CanvasObject, onTap func()) *dashTap {
	d := &dashTap{content: content, onTap: onTap, fill: color.Transparent, stroke: color.Transparent}
	d.bg = canvas.NewRectangle(d.fill)
	d.bg.CornerRadius = theme.InputRadiusSize()
	d.hover = canvas.NewRectangle(color.Transparent)
	d.hover.CornerRadius = theme.InputRadiusSize()
	d.ExtendBaseWidget(d)
	return d
}

// style sets the resting background and border.
func (d *dashTap) style(fill, stroke color.Color, width float32) {
	d.fill, d.stroke, d.strokeW = fill, stroke, width
	d.setSelected(false)
}

// setSelected draws the border of the figure being listed.
func (d *dashTap) setSelected(on bool) {
	d.bg.FillColor, d.bg.StrokeColor, d.bg.StrokeWidth = d.fill, d.stroke, d.strokeW
	if on {
		d.bg.StrokeColor, d.bg.StrokeWidth = theme.Color(theme.ColorNamePrimary), 2
	}
	d.bg.Refresh()
}

// CreateRenderer stacks the background, the hover tint and the content.
func (d *dashTap) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(d.bg, d.hover, d.content))
}

// Tapped lists the tickets behind it.
func (d *dashTap) Tapped(*fyne.PointEvent) { d.onTap() }

// Cursor shows that it can be clicked.
func (d *dashTap) Cursor() desktop.Cursor { return desktop.PointerCursor }

// MouseIn tints it under the pointer.
func (d *dashTap) MouseIn(*desktop.MouseEvent) {
	d.hover.FillColor = theme.Color(theme.ColorNameHover)
	d.hover.Refresh()
}

// MouseMoved is needed for desktop.Hoverable.
func (d *dashTap) MouseMoved(*desktop.MouseEvent) {}

// MouseOut removes the tint.
func (d *dashTap) MouseOut() {
	d.hover.FillColor = color.Transparent
	d.hover.Refresh()
}

// figureTile is one figure: its name, value, detail, the previous month
// and the target, "Target missed" when it misses it, and its breakdown
// lines, each clickable.
type figureTile struct {
	tap   *dashTap
	s     *dashboardScreen
	key   string
	fig   int   // the figure line's index in the report; -1 when it has only breakdown lines
	lines []int // breakdown lines' indexes

	value, detail, prev, target, missed *widget.Label
	missedBox                           *fyne.Container
	linesBox                            *fyne.Container
}

// lineWeights are a breakdown line's columns: name, this month, previous
// month.
var lineWeights = []float32{1.4, 1, 1}

func newFigureTile(s *dashboardScreen, key string, idx int) *figureTile {
	t := &figureTile{s: s, key: key, fig: idx}
	title := widget.NewLabelWithStyle(T("kpi."+key, key), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Wrapping = fyne.TextWrapWord
	caption := func() *widget.Label {
		l := widget.NewLabel("")
		l.SizeName = theme.SizeNameCaptionText
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	t.value = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.value.SizeName = theme.SizeNameHeadingText
	t.detail, t.prev, t.target = caption(), caption(), caption()
	t.missed = widget.NewLabelWithStyle(T("kpi.missed", "Target missed"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.missed.Importance = widget.DangerImportance
	t.missedBox = container.NewHBox(widget.NewIcon(theme.NewErrorThemedResource(theme.ErrorIcon())), t.missed)
	t.missedBox.Hide()
	t.linesBox = container.New(layout.NewCustomPaddedVBoxLayout(-theme.Padding()))
	box := container.New(layout.NewCustomPaddedVBoxLayout(-theme.Padding()), title)
	if idx >= 0 {
		f := &s.report.Figures[idx]
		t.value.SetText(f.ValueText(s.tr))
		if f.Missed {
			t.value.Importance = widget.DangerImportance
		}
		box.Add(t.value)
		if d := f.DetailText(s.tr); d != "" {
			t.detail.SetText(d)
			box.Add(t.detail)
		}
		t.prev.SetText(T("dashboard.prev", "Previous month: {{.Value}}", map[string]any{"Value": f.PrevText(s.tr)}))
		box.Add(t.prev)
		if tt := f.TargetText(); tt != "" {
			t.target.SetText(T("dashboard.target", "Target: {{.Target}}", map[string]any{"Target": tt}))
			box.Add(t.target)
		}
		if f.Missed {
			t.missedBox.Show()
		}
		box.Add(t.missedBox)
	}
	box.Add(t.linesBox)
	t.tap = newDashTap(container.New(layout.NewCustomPaddedLayout(4, 6, 8, 8), box), t.onTap)
	fill, stroke, width := theme.Color(theme.ColorNameInputBackground), theme.Color(theme.ColorNameSeparator), float32(1)
	if idx >= 0 && s.report.Figures[idx].Missed {
		fill, stroke, width = boardTint(theme.Color(theme.ColorNameError), 0x1c), theme.Color(theme.ColorNameError), 2
	}
	t.tap.style(fill, stroke, width)
	return t
}

// addLine adds a breakdown line (a row with the line's name, value and
// previous month; its detail below when it has one).
func (t *figureTile) addLine(idx int, indent bool) {
	s := t.s
	f := &s.report.Figures[idx]
	if len(t.lines) == 0 {
		head := func(text string) *widget.Label {
			l := widget.NewLabelWithStyle(text, fyne.TextAlignTrailing, fyne.TextStyle{Italic: true})
			l.SizeName = theme.SizeNameCaptionText
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		}
		t.linesBox.Add(widget.NewSeparator())
		t.linesBox.Add(tdRow(lineWeights, layout.NewSpacer(), head(T("dashboard.lines.this", "This month")), head(T("dashboard.lines.prev", "Last month"))))
	}
	t.lines = append(t.lines, idx)
	small := func(text string, align fyne.TextAlign, bold bool) *widget.Label {
		l := widget.NewLabelWithStyle(text, align, fyne.TextStyle{Bold: bold})
		l.SizeName = theme.SizeNameCaptionText
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	value := small(f.ValueText(s.tr), fyne.TextAlignTrailing, true)
	if f.Missed {
		value.Importance = widget.DangerImportance
	}
	prev := small(f.PrevText(s.tr), fyne.TextAlignTrailing, false)
	nameLabel := small(T(f.SubKey, f.Sub), fyne.TextAlignLeading, false)
	nameLabel.Truncation, nameLabel.Wrapping = fyne.TextTruncateOff, fyne.TextWrapWord
	var name fyne.CanvasObject = nameLabel
	if indent {
		name = container.New(layout.NewCustomPaddedLayout(0, 0, 3*theme.Padding(), 0), name)
	}
	rows := container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()),
		tdRow(lineWeights, name, value, prev))
	if d := f.DetailText(s.tr); d != "" {
		dl := small(d, fyne.TextAlignTrailing, false)
		rows.Add(dl)
	}
	var line *dashTap
	line = newDashTap(rows, func() { s.showTickets(line, s.figureSel(idx)) })
	t.linesBox.Add(line)
}

// onTap lists the figure's tickets: the figure line's, or every line's
// when it has no figure line.
func (t *figureTile) onTap() {
	if t.fig >= 0 {
		t.s.showTickets(t.tap, t.s.figureSel(t.fig))
		return
	}
	t.s.showTickets(t.tap, t.s.linesSel(t.key, t.lines))
}

// tileColumns lays tiles out in as many columns of at least minW as fit,
// each tile under the shortest column so far: tiles differ in height
// with their breakdown lines, and rows of equal height would leave gaps.
type tileColumns struct {
	minW  float32
	width float32 // of the last layout: MinSize measures the tiles for it
}

// arrange places the tiles for a width (when apply) and returns the
// height they take. Each tile is given its column's width before it is
// measured, so wrapped titles are measured where they are shown.
func (l *tileColumns) arrange(objs []fyne.CanvasObject, width float32, apply bool) float32 {
	pad := theme.Padding()
	cols := max(1, int((width+pad)/(l.minW+pad)))
	colW := (width - pad*float32(cols-1)) / float32(cols)
	heights := make([]float32, cols)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		c := 0
		for i := range heights {
			if heights[i] < heights[c] {
				c = i
			}
		}
		o.Resize(fyne.NewSize(colW, o.MinSize().Height))
		h := o.MinSize().Height
		if apply {
			o.Move(fyne.NewPos(float32(c)*(colW+pad), heights[c]))
			o.Resize(fyne.NewSize(colW, h))
		}
		heights[c] += h + pad
	}
	tallest := float32(0)
	for _, h := range heights {
		tallest = max(tallest, h)
	}
	return max(0, tallest-pad)
}

// MinSize is one column wide and as tall as the tiles at the last width.
func (l *tileColumns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w := l.width
	if w < l.minW {
		w = l.minW
	}
	return fyne.NewSize(l.minW, l.arrange(objs, w, false))
}

// Layout places the tiles in columns.
func (l *tileColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	l.arrange(objs, size.Width, true)
}
