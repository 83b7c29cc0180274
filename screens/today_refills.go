package screens

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// refillsPanel is the Today board's section of unpacked stock packages
// (拆包, seed 001) whose refill is overdue: how many, the first few, each
// one click from its part request, where the refill is recorded.
type refillsPanel struct {
	deps  *Deps
	title *widget.Label
	badge *boardBadge
	rows  []*refillRowView
	more  *widget.Label // "and N more" when there are more than the rows shown
	box   *fyne.Container
	gen   int
	total int
}

// refillsPanelRows is how many overdue refills the Today board lists.
const refillsPanelRows = 3

// refillRowView shows one overdue refill with its Open button.
type refillRowView struct {
	deps  *Deps
	title *widget.Label
	due   *widget.Label
	info  *widget.Label
	open  *widget.Button
	box   *fyne.Container
	row   app.UnpackRow
}

func newRefillRowView(d *Deps) *refillRowView {
	v := &refillRowView{deps: d}
	v.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.title.Truncation = fyne.TextTruncateEllipsis
	v.title.Importance = widget.DangerImportance
	v.due = widget.NewLabel("")
	v.due.Importance = widget.DangerImportance
	v.info = widget.NewLabel("")
	v.info.Truncation = fyne.TextTruncateEllipsis
	v.open = widget.NewButtonWithIcon(T("refills.today.open", "Open part request"), theme.DocumentIcon(), v.onOpen)
	text := container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()),
		container.NewBorder(nil, nil, nil, v.due, v.title), v.info)
	v.box = container.NewBorder(nil, nil, nil, container.NewCenter(v.open), text)
	return v
}

// set shows r as it stands at now.
func (v *refillRowView) set(r app.UnpackRow, now time.Time) {
	v.row = r
	title := T("refills.today.package", "Package {{.Package}}", map[string]any{"Package": r.PackageNo})
	if r.PartName != "" {
		title += "  ·  " + r.PartName
	}
	v.title.SetText(title)
	v.due.SetText(T("refills.today.late", "refill by {{.Date}} · {{.N}} days late",
		map[string]any{"Date": models.FormatDate(r.RefillDue), "N": models.DaysBetween(r.RefillDue, now)}))
	parts := []string{r.TicketNumber, r.Customer,
		T("refills.today.approved_by", "approved by {{.Name}}", map[string]any{"Name": r.ApprovedBy})}
	v.info.SetText(strings.Join(parts, "  ·  "))
	v.box.Refresh()
}

func (v *refillRowView) onOpen() {
	if v.row.TicketID != "" && v.deps.Nav != nil {
		v.deps.Nav.OpenTicket(v.row.TicketID)
	}
}

func newRefillsPanel(d *Deps) *refillsPanel {
	p := &refillsPanel{deps: d, badge: newBoardBadge()}
	p.title = widget.NewLabelWithStyle(T("refills.today.title", "Unpacked packages not refilled in time"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.more = widget.NewLabel("")
	p.more.Importance = widget.LowImportance
	list := container.NewVBox()
	for i := 0; i < refillsPanelRows; i++ {
		v := newRefillRowView(d)
		p.rows = append(p.rows, v)
		list.Add(v.box)
	}
	p.box = boardPanelBox(p.title, p.badge, p.more, list)
	return p
}

func (p *refillsPanel) content() fyne.CanvasObject { return p.box }

// reload fetches the overdue refills in the background.
func (p *refillsPanel) reload() {
	p.gen++
	gen, a := p.gen, p.deps.App
	custGo(func() func() {
		rows, err := a.OverdueRefills(context.Background(), 0)
		now := a.Now()
		return func() { p.apply(gen, rows, now, err) }
	})
}

func (p *refillsPanel) apply(gen int, rows []app.UnpackRow, now time.Time, err error) {
	if gen != p.gen {
		return
	}
	p.total = len(rows)
	if err != nil || len(rows) == 0 {
		// The board's own list reports database problems; an empty panel
		// takes no room.
		p.box.Hide()
		return
	}
	for i, v := range p.rows {
		if i < len(rows) {
			v.set(rows[i], now)
			v.box.Show()
		} else {
			v.box.Hide()
		}
	}
	if n := len(rows) - len(p.rows); n > 0 {
		p.more.SetText(T("refills.today.more", "and {{.N}} more", map[string]any{"N": n}))
		p.more.Show()
	} else {
		p.more.Hide()
	}
	p.badge.set(len(rows), theme.Color(theme.ColorNameError))
	p.box.Show()
	p.box.Refresh()
}
