package screens

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// tdFollowUps is the ticket page's list of the job's follow-up calls
// (回访, issue 6): each call's due date and offset, where it stands, the
// outcome, the satisfaction and who made it; a call that is due now has a
// "Call now" button that opens the call form (followups.go).
type tdFollowUps struct {
	p *ticketDetail

	section *fyne.Container
	title   *widget.Label
	list    *fyne.Container
	gen     int

	calls []models.FollowUp         // the calls shown (tests look at them)
	btns  map[string]*widget.Button // "Call now" by follow-up id
	form  *callForm                 // the call form last opened
}

// newTDFollowUps builds the (hidden) section.
func newTDFollowUps(p *ticketDetail) *tdFollowUps {
	f := &tdFollowUps{p: p, btns: map[string]*widget.Button{}}
	f.title = heading(T("ticket_followups.title", "Follow-up calls"))
	f.list = container.NewVBox()
	f.section = container.NewVBox(f.title, f.list, widget.NewSeparator())
	f.section.Hide()
	return f
}

// fill loads the calls of the ticket shown.
func (f *tdFollowUps) fill(d *app.TicketDetail) {
	f.gen++
	gen, id, a := f.gen, d.Ticket.ID, f.p.deps.App
	custGo(func() func() {
		calls, err := a.FollowUps(id)
		now := a.Now()
		return func() { f.apply(gen, calls, now, err) }
	})
}

// apply lists the calls unless another ticket was asked for meanwhile.
func (f *tdFollowUps) apply(gen int, calls []models.FollowUp, now time.Time, err error) {
	if gen != f.gen {
		return
	}
	f.calls = calls
	f.btns = map[string]*widget.Button{}
	var objs []fyne.CanvasObject
	if err != nil {
		l := errorLabel()
		l.SetText(ErrText(err))
		objs = append(objs, l)
	}
	done := 0
	for _, c := range calls {
		if c.Status == models.FollowUpDone {
			done++
		}
		objs = append(objs, f.row(c, now))
	}
	f.title.SetText(T("ticket_followups.title_n", "Follow-up calls ({{.Done}} of {{.N}} made)", map[string]any{"Done": done, "N": len(calls)}))
	f.list.Objects = objs
	if len(objs) == 0 {
		f.section.Hide()
	} else {
		f.section.Show()
	}
	f.list.Refresh()
	// The section came or changed after the page was laid out.
	if sc := f.p.scroll; sc != nil && sc.Content != nil {
		sc.Content.Refresh()
		sc.Refresh()
	}
}

// row is one call: what and when on the left, its state below, and the
// Call now button when it is due.
func (f *tdFollowUps) row(c models.FollowUp, now time.Time) fyne.CanvasObject {
	head := widget.NewLabelWithStyle(T("ticket_followups.when", "{{.Date}} · after {{.Offset}}",
		map[string]any{"Date": models.FormatDate(c.DueDate), "Offset": followUpOffsetLabel(c.Offset)}), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	status := widget.NewLabel(followUpStatusLabel(c.Status))
	status.Importance = followUpStatusImportance(c, now)
	info := widget.NewLabel(followUpCallText(c, now))
	info.Wrapping = fyne.TextWrapWord
	info.Importance = widget.LowImportance
	var right fyne.CanvasObject
	if followUpCallable(c, now) {
		id := c.ID
		b := widget.NewButtonWithIcon(T("ticket_followups.call_now", "Call now"), theme.MailReplyIcon(), func() { f.onCall(id) })
		b.Importance = widget.HighImportance
		f.btns[id] = b
		right = container.NewCenter(b)
	}
	return container.NewBorder(nil, nil, nil, right,
		container.NewVBox(container.NewHBox(head, status), info))
}

// followUpCallable reports whether a call is due now: its day has come,
// or the call-back time the customer chose has passed.
func followUpCallable(c models.FollowUp, now time.Time) bool {
	switch c.Status {
	case models.FollowUpDue:
		return !models.CivilDate(c.DueDate).After(models.CivilDate(now))
	case models.FollowUpCallback:
		return c.CallbackAt != nil && !c.CallbackAt.After(now)
	}
	return false
}

// followUpStatusLabel names where a call stands.
func followUpStatusLabel(s models.FollowUpStatus) string {
	switch s {
	case models.FollowUpDue:
		return T("followup.status.due", "To call")
	case models.FollowUpCallback:
		return T("followup.status.callback", "Call back")
	case models.FollowUpDone:
		return T("followup.status.done", "Done")
	case models.FollowUpCancelled:
		return T("followup.status.cancelled", "Cancelled")
	}
	return string(s)
}

// followUpStatusImportance colours the status: done green, late red,
// due now blue, not yet grey.
func followUpStatusImportance(c models.FollowUp, now time.Time) widget.Importance {
	switch {
	case c.Status == models.FollowUpDone:
		return widget.SuccessImportance
	case c.Status == models.FollowUpCancelled:
		return widget.LowImportance
	case c.Status == models.FollowUpDue && models.CivilDate(c.DueDate).Before(models.CivilDate(now)):
		return widget.DangerImportance
	case followUpCallable(c, now):
		return widget.HighImportance
	}
	return widget.MediumImportance
}

// followUpCallText is a call's second line: the outcome of the last
// attempt, the satisfaction, who called and when, the call-back time, a
// complaint raised on it.
func followUpCallText(c models.FollowUp, now time.Time) string {
	loc := now.Location()
	var parts []string
	if c.Outcome != "" {
		parts = append(parts, callOutcomeLabel(c.Outcome))
	}
	if c.Status == models.FollowUpCallback && c.CallbackAt != nil {
		parts = append(parts, T("followup.due.callback", "call back {{.Time}}", map[string]any{"Time": c.CallbackAt.In(loc).Format("01-02 15:04")}))
	}
	if c.Satisfaction > 0 {
		parts = append(parts, T("ticket_followups.satisfaction", "satisfaction {{.N}}/5", map[string]any{"N": strconv.Itoa(c.Satisfaction)}))
	}
	if c.DoneBy != "" {
		at := ""
		if c.DoneAt != nil {
			at = c.DoneAt.In(loc).Format(tdTimeFormat)
		}
		parts = append(parts, strings.TrimSpace(T("ticket_followups.called_by", "called by {{.Name}} {{.At}}", map[string]any{"Name": c.DoneBy, "At": at})))
	}
	if c.Attempts > 0 && c.Status != models.FollowUpDone {
		parts = append(parts, T("followup.attempts", "{{.N}} attempt(s) so far", map[string]any{"N": c.Attempts}))
	}
	if c.ComplaintTicketID != nil {
		parts = append(parts, T("ticket_followups.complaint", "complaint raised"))
	}
	if len(parts) == 0 {
		return T("ticket_followups.not_called", "not called yet")
	}
	return strings.Join(parts, "  ·  ")
}

// onCall opens the call form; saving shows the ticket again.
func (f *tdFollowUps) onCall(id string) {
	f.form = openCallForm(f.p.deps, id, func(*app.FollowUpDetail) { f.p.reload() })
}
