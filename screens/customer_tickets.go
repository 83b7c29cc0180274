package screens

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
)

// customerTickets is the Tickets tab of the customer page: every ticket of
// the customer, newest due first; tapping one opens it in the Tickets area.
type customerTickets struct {
	deps  *Deps
	rows  []app.TicketRow
	list  *widget.List
	empty *widget.Label
	root  fyne.CanvasObject
}

func newCustomerTickets(d *Deps) *customerTickets {
	ct := &customerTickets{deps: d}
	ct.list = widget.NewList(ct.length, ct.newRow, ct.updateRow)
	ct.list.OnSelected = ct.onSelected
	ct.empty = widget.NewLabel(T("customers.tickets.none", "No tickets yet."))
	ct.empty.Importance = widget.LowImportance
	ct.root = container.NewStack(ct.list, container.NewCenter(ct.empty))
	return ct
}

// customerTicketsLimit bounds the tab; a customer with more has their
// tickets in the Tickets area's search.
const customerTicketsLimit = 200

// load fetches the customer's tickets; apply runs on the UI goroutine.
func (ct *customerTickets) load(customerID string, apply func(rows []app.TicketRow, err error)) {
	a := ct.deps.App
	custGo(func() func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		rows, err := a.ListTickets(ctx, app.TicketFilter{CustomerID: customerID, Limit: customerTicketsLimit})
		return func() { apply(rows, err) }
	})
}

// set shows rows.
func (ct *customerTickets) set(rows []app.TicketRow) {
	ct.rows = rows
	ct.list.UnselectAll()
	ct.list.Refresh()
	if len(rows) == 0 {
		ct.empty.Show()
	} else {
		ct.empty.Hide()
	}
}

func (ct *customerTickets) length() int { return len(ct.rows) }

func (ct *customerTickets) newRow() fyne.CanvasObject {
	num := widget.NewLabelWithStyle("WX20260000-000", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	status := widget.NewLabel("")
	detail := widget.NewLabel("")
	detail.Truncation = fyne.TextTruncateEllipsis
	return container.NewBorder(nil, nil, container.NewHBox(num, status), nil, detail)
}

func (ct *customerTickets) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(ct.rows) {
		return
	}
	r := ct.rows[id]
	c := o.(*fyne.Container)
	detail := c.Objects[0].(*widget.Label)
	left := c.Objects[1].(*fyne.Container)
	left.Objects[0].(*widget.Label).SetText(r.Number)
	st := left.Objects[1].(*widget.Label)
	st.SetText(StatusLabel(r.Status))
	st.Importance = widget.MediumImportance
	if r.Status.Terminal() {
		st.Importance = widget.LowImportance
	}
	st.Refresh()
	text := KindLabel(r.Kind)
	if r.Mode != "" {
		text += " · " + ModeLabel(r.Mode)
	}
	text += " · " + r.ReportedAt.Local().Format("2006-01-02")
	if r.Symptom != "" {
		text += " · " + firstLine(r.Symptom)
	}
	detail.SetText(text)
}

func (ct *customerTickets) onSelected(id widget.ListItemID) {
	if id < len(ct.rows) && ct.deps.Nav != nil {
		ct.deps.Nav.OpenTicket(ct.rows[id].ID)
	}
	ct.list.UnselectAll()
}

// firstLine is the first line of a text, for one-line rows.
func firstLine(s string) string {
	for i, r := range s {
		if r == '\n' {
			return s[:i]
		}
	}
	return s
}
