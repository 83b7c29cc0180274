package screens

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// Follow-up calls (回访, issue 6): the list of calls due (its own area and
// a panel on the Today board) and the call form, with the shop's call
// script beside it (seed 004). Saving is one app call (app.RecordCall);
// the form shows app's answer under the fields.

// followUpOffsetLabel names an offset: "1 week", "3 months" / "1周", "3个月".
func followUpOffsetLabel(o models.Offset) string {
	n, u, ok := o.Parse()
	if !ok {
		return string(o)
	}
	data := map[string]any{"N": n}
	switch {
	case u == 'd' && n == 1:
		return T("followup.offset.d1", "1 day")
	case u == 'd':
		return T("followup.offset.d", "{{.N}} days", data)
	case u == 'w' && n == 1:
		return T("followup.offset.w1", "1 week")
	case u == 'w':
		return T("followup.offset.w", "{{.N}} weeks", data)
	case u == 'm' && n == 1:
		return T("followup.offset.m1", "1 month")
	case u == 'm':
		return T("followup.offset.m", "{{.N}} months", data)
	case n == 1:
		return T("followup.offset.y1", "1 year")
	}
	return T("followup.offset.y", "{{.N}} years", data)
}

// followUpTitle is a call's name: "1 week follow-up · delivery".
func followUpTitle(o models.Offset, job models.FollowUpJob) string {
	jobText := T("followup.job.delivery", "delivery and installation")
	if job == models.JobRepair {
		jobText = T("followup.job.repair", "repair")
	}
	return T("followup.title", "{{.Offset}} follow-up · {{.Job}}", map[string]any{"Offset": followUpOffsetLabel(o), "Job": jobText})
}

// callOutcomeLabel names an outcome.
func callOutcomeLabel(o models.CallOutcome) string {
	switch o {
	case models.CallReached:
		return T("followup.outcome.reached", "Reached")
	case models.CallNotConvenient:
		return T("followup.outcome.not_convenient", "Not convenient: call back")
	case models.CallNoAnswer:
		return T("followup.outcome.no_answer", "No answer: try tomorrow")
	}
	return string(o)
}

// followUpDueText says when a row became due.
func followUpDueText(r app.FollowUpRow, now time.Time) string {
	if r.Status == models.FollowUpCallback {
		return T("followup.due.callback", "call back {{.Time}}", map[string]any{"Time": r.At.In(now.Location()).Format("01-02 15:04")})
	}
	if days := models.DaysBetween(r.DueDate, now); days > 0 {
		return T("followup.due.overdue", "due {{.Date}} · {{.N}} days late", map[string]any{"Date": models.FormatDate(r.DueDate), "N": days})
	}
	return T("followup.due.today", "due today")
}

// followUpInfoText is a row's second line: ticket, customer, phone,
// product, attempts.
func followUpInfoText(r app.FollowUpRow) string {
	parts := []string{r.TicketNumber, r.CustomerName}
	if r.Phone != "" {
		parts = append(parts, r.Phone)
	}
	if r.Product != "" {
		parts = append(parts, r.Product)
	}
	if r.Attempts > 0 {
		parts = append(parts, T("followup.attempts", "{{.N}} attempt(s) so far", map[string]any{"N": r.Attempts}))
	}
	return strings.Join(parts, "  ·  ")
}

// followUpRowView shows one due call with its Open and Call buttons.
type followUpRowView struct {
	deps   *Deps
	title  *widget.Label
	due    *widget.Label
	info   *widget.Label
	open   *widget.Button
	call   *widget.Button
	box    *fyne.Container
	row    app.FollowUpRow
	onCall func(r app.FollowUpRow)
}

func newFollowUpRowView(d *Deps, onCall func(app.FollowUpRow)) *followUpRowView {
	v := &followUpRowView{deps: d, onCall: onCall}
	v.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.title.Truncation = fyne.TextTruncateEllipsis
	v.due = widget.NewLabel("")
	v.info = widget.NewLabel("")
	v.info.Truncation = fyne.TextTruncateEllipsis
	v.open = widget.NewButtonWithIcon(T("followup.open_job", "Open job"), theme.DocumentIcon(), v.onOpen)
	v.call = widget.NewButtonWithIcon(T("followup.call", "Record call"), theme.MailReplyIcon(), v.onCallTapped)
	v.call.Importance = widget.HighImportance
	text := container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()),
		container.NewBorder(nil, nil, nil, v.due, v.title), v.info)
	v.box = container.NewBorder(nil, nil, nil, container.NewHBox(container.NewCenter(v.open), container.NewCenter(v.call)), text)
	return v
}

func (v *followUpRowView) set(r app.FollowUpRow, now time.Time) {
	v.row = r
	v.title.SetText(followUpTitle(r.Offset, r.JobKind))
	v.due.SetText(followUpDueText(r, now))
	if r.Overdue {
		v.title.Importance, v.due.Importance = widget.DangerImportance, widget.DangerImportance
	} else {
		v.title.Importance, v.due.Importance = widget.MediumImportance, widget.MediumImportance
	}
	v.title.Refresh()
	v.due.Refresh()
	v.info.SetText(followUpInfoText(r))
	v.box.Refresh()
}

func (v *followUpRowView) onOpen() {
	if v.row.ID != "" && v.deps.Nav != nil {
		v.deps.Nav.OpenTicket(v.row.TicketID)
	}
}

func (v *followUpRowView) onCallTapped() {
	if v.row.ID != "" && v.onCall != nil {
		v.onCall(v.row)
	}
}

// followUpsScreen is the Follow-ups area: every call due now, the longest
// waiting first.
type followUpsScreen struct {
	deps    *Deps
	count   *widget.Label
	errText *widget.Label
	list    *widget.List
	empty   fyne.CanvasObject
	refresh *widget.Button
	root    fyne.CanvasObject

	rows map[fyne.CanvasObject]*followUpRowView
	// Loaded state, UI goroutine only.
	items []app.FollowUpRow
	now   time.Time
	gen   int
	form  *callForm // the last form opened (tests look at it)
}

// newFollowUpsScreen builds the area.
func newFollowUpsScreen(d *Deps) *followUpsScreen {
	s := &followUpsScreen{deps: d, rows: map[fyne.CanvasObject]*followUpRowView{}}
	title := widget.NewLabelWithStyle(T("followup.list.title", "Follow-up calls due"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	s.count = widget.NewLabel("")
	s.refresh = widget.NewButtonWithIcon(T("boards.common.refresh", "Refresh"), theme.ViewRefreshIcon(), s.reload)
	s.errText = custErrLabel()
	help := widget.NewLabel(T("followup.list.help",
		"Calls fall due after each completed delivery and repair (the schedule is in Settings). No answer: the call comes back tomorrow; not convenient: at the time the customer chose."))
	help.Wrapping = fyne.TextWrapWord
	s.list = widget.NewList(func() int { return len(s.items) }, s.newRow, s.updateRow)
	s.list.OnSelected = func(widget.ListItemID) { s.list.UnselectAll() }
	well := widget.NewLabelWithStyle(T("followup.list.empty", "No follow-up calls due"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	s.empty = container.NewCenter(container.NewVBox(widget.NewIcon(theme.ConfirmIcon()), well))
	s.empty.Hide()
	head := container.NewVBox(container.NewBorder(nil, nil, container.NewHBox(title, s.count), s.refresh), help, s.errText)
	s.root = container.NewPadded(container.NewBorder(head, nil, nil, nil, container.NewStack(s.list, s.empty)))
	return s
}

func (s *followUpsScreen) content() fyne.CanvasObject { return s.root }

// shown reloads the list.
func (s *followUpsScreen) shown() { s.reload() }

func (s *followUpsScreen) newRow() fyne.CanvasObject {
	v := newFollowUpRowView(s.deps, s.onCall)
	s.rows[v.box] = v
	return v.box
}

func (s *followUpsScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if v := s.rows[o]; v != nil && id < len(s.items) {
		v.set(s.items[id], s.now)
	}
}

// reload fetches the due calls in the background.
func (s *followUpsScreen) reload() {
	s.gen++
	gen, a := s.gen, s.deps.App
	custGo(func() func() {
		rows, err := a.DueFollowUps(context.Background(), 0)
		now := a.Now()
		return func() { s.apply(gen, rows, now, err) }
	})
}

func (s *followUpsScreen) apply(gen int, rows []app.FollowUpRow, now time.Time, err error) {
	if gen != s.gen {
		return
	}
	if err != nil {
		custSetErr(s.errText, ErrText(err))
		return
	}
	custSetErr(s.errText, "")
	s.items, s.now = rows, now
	s.count.SetText(followUpCountText(rows))
	if len(rows) == 0 {
		s.list.Hide()
		s.empty.Show()
	} else {
		s.empty.Hide()
		s.list.Show()
	}
	s.list.Refresh()
}

// followUpCountText is "5 due · 2 late".
func followUpCountText(rows []app.FollowUpRow) string {
	late := 0
	for _, r := range rows {
		if r.Overdue {
			late++
		}
	}
	return T("followup.count", "{{.N}} due · {{.Late}} late", map[string]any{"N": len(rows), "Late": late})
}

// onCall opens the call form; saving reloads the list.
func (s *followUpsScreen) onCall(r app.FollowUpRow) {
	s.form = openCallForm(s.deps, r.ID, func(*app.FollowUpDetail) { s.reload() })
}

// followUpsPanel is the Today board's section of follow-up calls due: the
// first few, each one click from its call form, and the way to all.
type followUpsPanel struct {
	deps  *Deps
	title *widget.Label
	badge *boardBadge
	rows  []*followUpRowView
	more  *widget.Button
	box   *fyne.Container
	gen   int
	total int
	form  *callForm
	// OnSaved runs after a call was recorded from the panel.
	OnSaved func()
}

// followUpsPanelRows is how many calls the Today board lists.
const followUpsPanelRows = 3

func newFollowUpsPanel(d *Deps) *followUpsPanel {
	p := &followUpsPanel{deps: d, badge: newBoardBadge()}
	p.title = widget.NewLabelWithStyle(T("followup.today.title", "Follow-up calls due"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.more = widget.NewButtonWithIcon(T("followup.today.all", "All follow-up calls"), theme.NavigateNextIcon(), p.onMore)
	p.more.Importance = widget.LowImportance
	list := container.NewVBox()
	for i := 0; i < followUpsPanelRows; i++ {
		v := newFollowUpRowView(d, p.onCall)
		p.rows = append(p.rows, v)
		list.Add(v.box)
	}
	p.box = boardPanelBox(p.title, p.badge, p.more, list)
	return p
}

func (p *followUpsPanel) content() fyne.CanvasObject { return p.box }

// reload fetches the due calls in the background.
func (p *followUpsPanel) reload() {
	p.gen++
	gen, a := p.gen, p.deps.App
	custGo(func() func() {
		rows, err := a.DueFollowUps(context.Background(), 0)
		now := a.Now()
		return func() { p.apply(gen, rows, now, err) }
	})
}

func (p *followUpsPanel) apply(gen int, rows []app.FollowUpRow, now time.Time, err error) {
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
	late := false
	for i, v := range p.rows {
		if i < len(rows) {
			v.set(rows[i], now)
			v.box.Show()
		} else {
			v.box.Hide()
		}
	}
	for _, r := range rows {
		late = late || r.Overdue
	}
	c := theme.Color(theme.ColorNamePrimary)
	if late {
		c = theme.Color(theme.ColorNameError)
	}
	p.badge.set(len(rows), c)
	p.box.Show()
	p.box.Refresh()
}

func (p *followUpsPanel) onMore() {
	if p.deps.Nav != nil {
		p.deps.Nav.Area("nav.followups")
	}
}

func (p *followUpsPanel) onCall(r app.FollowUpRow) {
	p.form = openCallForm(p.deps, r.ID, func(*app.FollowUpDetail) {
		p.reload()
		if p.OnSaved != nil {
			p.OnSaved()
		}
	})
}

// callQuestion is one of the script's three questions: fine or a problem,
// and what the problem is.
type callQuestion struct {
	field string
	radio *widget.RadioGroup
	note  *widget.Entry
	err   *widget.Label
	box   fyne.CanvasObject
}

func (q *callQuestion) answer() models.Answer {
	switch q.radio.Selected {
	case T("followup.answer.ok", "Fine"):
		return models.AnswerOK
	case T("followup.answer.problem", "A problem"):
		return models.AnswerProblem
	}
	return ""
}

// callForm is the follow-up call dialog: the job at the top, the script
// on the left, the form on the right.
type callForm struct {
	deps *Deps
	id   string
	// OnSaved runs on the UI goroutine after a successful save.
	OnSaved func(*app.FollowUpDetail)

	det *app.FollowUpDetail
	now time.Time

	outcome      *widget.RadioGroup
	callbackBox  *fyne.Container
	cbDate       *dateField
	cbTime       *widget.Select
	reachedBox   *fyne.Container
	satisfaction *widget.RadioGroup
	questions    []*callQuestion // product, delivery, crew
	uniform      *widget.Check
	language     *widget.Check
	tip          *widget.Check
	conductNote  *widget.Label
	complaintChk *widget.Check
	complaint    *widget.Entry
	comments     *widget.Entry
	jobBtn       *widget.Button
	errs         map[string]*widget.Label
	formErr      *widget.Label
	saveBtn      *widget.Button
	cancelBtn    *widget.Button
	dlg          *dialog.CustomDialog

	busy   bool
	closed bool
	saved  *app.FollowUpDetail // as saved (tests look at it)
}

// callOutcomes are the outcome radio's choices, in order.
var callOutcomes = models.AllCallOutcomes

// callTimes are the call-back times offered: every half hour of the
// working day.
func callTimes() []string {
	var out []string
	for h := 8; h <= 21; h++ {
		out = append(out, fmt.Sprintf("%02d:00", h), fmt.Sprintf("%02d:30", h))
	}
	return out
}

// openCallForm loads the call and its job, then shows the form.
func openCallForm(d *Deps, id string, onSaved func(*app.FollowUpDetail)) *callForm {
	f := &callForm{deps: d, id: id, OnSaved: onSaved, errs: map[string]*widget.Label{}}
	a := d.App
	custGo(func() func() {
		det, err := a.FollowUp(id)
		shop, serr := a.Shop()
		now := a.Now()
		return func() {
			if err == nil && serr != nil {
				err = serr
			}
			f.build(det, shop, now, err)
		}
	})
	return f
}

// build makes the form and shows it.
func (f *callForm) build(det *app.FollowUpDetail, shop app.ShopInfo, now time.Time, err error) {
	if err != nil {
		showError(f.deps.Window, err)
		return
	}
	f.det, f.now = det, now
	fu := det.FollowUp
	job := det.Job

	errLabel := func(field string) *widget.Label {
		l := custErrLabel()
		f.errs[field] = l
		return l
	}

	// The outcome and the call-back time.
	opts := make([]string, len(callOutcomes))
	for i, o := range callOutcomes {
		opts[i] = callOutcomeLabel(o)
	}
	f.outcome = widget.NewRadioGroup(opts, func(string) { f.clearErr("outcome"); f.layoutOutcome() })
	f.outcome.Horizontal = true
	f.cbDate = newDateField(f.deps.Window, func() time.Time { return now })
	f.cbDate.entry.SetText(models.FormatDate(now))
	f.cbDate.OnChanged = func(string) { f.clearErr("callback") }
	f.cbTime = widget.NewSelect(callTimes(), func(string) { f.clearErr("callback") })
	f.cbTime.PlaceHolder = T("followup.form.callback_time_pick", "Time")
	f.callbackBox = container.NewVBox(
		widget.NewLabel(T("followup.form.callback", "Call back on")),
		container.NewBorder(nil, nil, nil, f.cbTime, f.cbDate.box), errLabel("callback"))

	// What a call that reached the customer records.
	f.satisfaction = widget.NewRadioGroup([]string{"1", "2", "3", "4", "5"}, func(string) { f.clearErr("satisfaction") })
	f.satisfaction.Horizontal = true
	satHint := widget.NewLabel(T("followup.form.satisfaction_hint", "1 very unhappy · 3 so-so · 5 very satisfied"))
	satHint.Importance = widget.LowImportance
	deliveryQ := T("followup.form.q_delivery", "Delivery and installation (on time, tidy)")
	crewQ := T("followup.form.q_crew", "The crew")
	if fu.JobKind == models.JobRepair {
		deliveryQ = T("followup.form.q_visit", "The repair (on time, problem solved)")
		crewQ = T("followup.form.q_technician", "The technician")
	}
	qgrid := container.New(layout.NewFormLayout())
	for _, q := range []struct{ field, label string }{
		{"product", T("followup.form.q_product", "The product")}, {"delivery", deliveryQ}, {"crew", crewQ},
	} {
		cq := &callQuestion{field: q.field}
		cq.note = widget.NewEntry()
		cq.note.SetPlaceHolder(T("followup.form.problem_hint", "What is wrong, in the customer's words"))
		cq.note.Disable()
		cq.note.OnChanged = func(string) { f.clearErr(cq.field) }
		cq.radio = widget.NewRadioGroup([]string{T("followup.answer.ok", "Fine"), T("followup.answer.problem", "A problem")}, func(string) {
			f.clearErr(cq.field)
			if cq.answer() == models.AnswerProblem {
				cq.note.Enable()
			} else {
				cq.note.Disable()
			}
		})
		cq.radio.Horizontal = true
		cq.err = errLabel(q.field)
		qgrid.Add(widget.NewLabelWithStyle(q.label, fyne.TextAlignTrailing, fyne.TextStyle{}))
		qgrid.Add(container.NewVBox(cq.radio, cq.note, cq.err))
		f.questions = append(f.questions, cq)
	}
	f.uniform = widget.NewCheck(T("followup.form.uniform", "Not in uniform or untidy (fine)"), func(bool) { f.clearErr("conduct") })
	f.language = widget.NewCheck(T("followup.form.language", "Impolite language or conduct (fine)"), func(bool) { f.clearErr("conduct") })
	f.tip = widget.NewCheck(T("followup.form.tip", "Politely refused a tip, cigarettes or a gift (reward)"), func(bool) { f.clearErr("conduct") })
	f.conductNote = widget.NewLabel(f.conductNoteText())
	f.conductNote.Wrapping = fyne.TextWrapWord
	f.conductNote.Importance = widget.LowImportance
	f.complaint = widget.NewMultiLineEntry()
	f.complaint.SetPlaceHolder(T("followup.form.complaint_hint", "What the customer complains about, in their words"))
	f.complaint.SetMinRowsVisible(3)
	f.complaint.Disable()
	f.complaint.OnChanged = func(string) { f.clearErr("complaint") }
	f.complaintChk = widget.NewCheck(T("followup.form.complaint_check", "The customer raised a complaint: open a complaint ticket"), func(on bool) {
		f.clearErr("complaint")
		if on {
			f.complaint.Enable()
		} else {
			f.complaint.Disable()
		}
	})
	f.reachedBox = container.NewVBox(
		heading(T("followup.form.satisfaction", "Satisfaction *")),
		container.NewHBox(f.satisfaction, satHint), errLabel("satisfaction"),
		heading(T("followup.form.questions", "Questions *")),
		qgrid,
		heading(T("followup.form.conduct", "Conduct the customer saw")),
		f.uniform, f.language, f.tip, f.conductNote, errLabel("conduct"),
		heading(T("followup.form.complaint", "Complaint")),
		f.complaintChk, f.complaint, errLabel("complaint"),
	)

	f.comments = widget.NewMultiLineEntry()
	f.comments.SetPlaceHolder(T("followup.form.comments_hint", "Praise, suggestions, anything else the customer said"))
	f.comments.SetMinRowsVisible(2)
	f.comments.OnChanged = func(string) { f.clearErr("comments") }
	f.formErr = custErrLabel()

	form := container.NewVBox(
		heading(T("followup.form.outcome", "How did the call go? *")),
		f.outcome, errLabel("outcome"),
		f.callbackBox,
		f.reachedBox,
		heading(T("followup.form.comments", "Comments")),
		f.comments, errLabel("comments"),
		f.formErr,
	)
	f.callbackBox.Hide()
	f.reachedBox.Hide()

	script := container.NewVScroll(container.NewPadded(callScript(job, fu, shop)))
	left := container.NewBorder(f.summary(job, det), nil, nil, nil, script)
	split := container.NewHSplit(left, container.NewVScroll(container.NewPadded(form)))
	split.Offset = 0.45

	f.saveBtn = widget.NewButtonWithIcon(T("followup.form.save", "Save"), theme.DocumentSaveIcon(), f.onSave)
	f.saveBtn.Importance = widget.HighImportance
	f.cancelBtn = widget.NewButtonWithIcon(T("followup.form.cancel", "Cancel"), theme.CancelIcon(), f.onCancel)
	f.dlg = dialog.NewCustomWithoutButtons(followUpTitle(fu.Offset, fu.JobKind), split, f.deps.Window)
	f.dlg.SetButtons([]fyne.CanvasObject{f.cancelBtn, f.saveBtn})
	f.dlg.SetOnClosed(func() { f.closed = true })
	f.dlg.Resize(fyne.NewSize(1200, 760))
	f.dlg.Show()
}

// summary is the job at the top of the left column.
func (f *callForm) summary(job *app.TicketDetail, det *app.FollowUpDetail) fyne.CanvasObject {
	t := job.Ticket
	f.jobBtn = widget.NewButtonWithIcon(t.Number, theme.DocumentIcon(), f.onOpenJob)
	f.jobBtn.Importance = widget.LowImportance
	grid := container.New(layout.NewFormLayout())
	add := func(label, value string) {
		if value == "" {
			return
		}
		v := widget.NewLabel(value)
		v.Wrapping = fyne.TextWrapWord
		grid.Add(widget.NewLabelWithStyle(label, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
		grid.Add(v)
	}
	grid.Add(widget.NewLabelWithStyle(T("followup.form.job", "Job"), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
	grid.Add(container.NewHBox(f.jobBtn))
	var phones []string
	for _, p := range job.Customer.Phones {
		phones = append(phones, models.FormatPhone(p.Number))
	}
	add(T("followup.form.customer", "Customer"), job.Customer.Name)
	add(T("followup.form.phone", "Phone"), strings.Join(phones, T("list.sep", ", ")))
	add(T("followup.form.address", "Address"), t.Address)
	add(T("followup.form.items", "Items"), callItemsText(job))
	var staff []string
	for _, s := range det.Staff {
		name := s.Name
		if s.Leader && len(det.Staff) > 1 {
			name = T("followup.form.leader", "{{.Name}} (leader)", map[string]any{"Name": s.Name})
		}
		staff = append(staff, name)
	}
	staffLabel := T("followup.form.crew", "Crew")
	if det.FollowUp.JobKind == models.JobRepair {
		staffLabel = T("followup.form.technician", "Technician")
	}
	add(staffLabel, strings.Join(staff, T("list.sep", ", ")))
	if t.RepairedAt != nil {
		add(T("followup.form.done_on", "Done on"), models.FormatDate(t.RepairedAt.In(f.now.Location())))
	}
	fu := det.FollowUp
	callText := T("followup.form.call_due", "Due {{.Date}}", map[string]any{"Date": models.FormatDate(fu.DueDate)})
	if fu.Attempts > 0 {
		callText += "  ·  " + T("followup.attempts", "{{.N}} attempt(s) so far", map[string]any{"N": fu.Attempts})
	}
	add(T("followup.form.call", "This call"), callText)
	return container.NewVBox(grid, widget.NewSeparator())
}

// callItemsText lists a delivery's items, or a repair's product.
func callItemsText(job *app.TicketDetail) string {
	if len(job.DeliveryItems) == 0 {
		return job.Ticket.Product
	}
	var parts []string
	for _, it := range job.DeliveryItems {
		parts = append(parts, strings.TrimSpace(it.Product+" "+it.Model)+" ×"+strconv.Itoa(it.Qty))
	}
	return strings.Join(parts, T("list.sep", ", "))
}

// conductNoteText says who the observations are recorded for.
func (f *callForm) conductNoteText() string {
	if len(f.det.Staff) == 0 {
		return T("followup.form.conduct_nobody", "Nobody is recorded on this job, so observations cannot be recorded here.")
	}
	names := make([]string, len(f.det.Staff))
	for i, s := range f.det.Staff {
		names[i] = s.Name
	}
	return T("followup.form.conduct_for", "Each ticked line becomes a penalty or reward record for {{.Names}}, from this follow-up call.",
		map[string]any{"Names": strings.Join(names, T("list.sep", ", "))})
}

// callScript is the shop's call script (seed 004), for this job.
func callScript(job *app.TicketDetail, fu models.FollowUp, shop app.ShopInfo) fyne.CanvasObject {
	shopName := shop.Name
	if shopName == "" {
		shopName = T("followup.script.our_shop", "our shop")
	}
	date := ""
	if t := job.Ticket.RepairedAt; t != nil {
		date = models.FormatDate(*t)
	}
	what := callItemsText(job)
	data := map[string]any{"Shop": shopName, "Date": date, "What": what, "Name": job.Customer.Name, "Hotline": shop.Hotline}
	type line struct{ key, fallback string }
	lines := []line{
		{"followup.script.greet", "“Hello, this is the after-sales service of {{.Shop}}. Is it convenient to talk for two minutes?” On a mobile phone, ask whether a call now is all right."},
		{"followup.script.not_convenient", "Not convenient: “Sorry to disturb you. When would suit you? We will call you back then.” Choose Not convenient and the time."},
		{"followup.script.thank", "“Thank you very much for trusting our products.”"},
		{"followup.script.product", "“Are you happy with the {{.What}}? Any problem using it?”"},
	}
	if fu.JobKind == models.JobRepair {
		lines = append(lines,
			line{"followup.script.visit", "“On {{.Date}} we repaired it: did the technician come on time, and is the problem solved?”"},
			line{"followup.script.technician", "“Was the technician in uniform and polite? Did he ask for or accept anything?”"})
	} else {
		lines = append(lines,
			line{"followup.script.delivery", "“On {{.Date}} we delivered and installed it: did we come on time, and was everything cleaned up?”"},
			line{"followup.script.crew", "“Were the crew in uniform and polite? Did they refuse any tip, cigarettes or gifts?”"})
	}
	lines = append(lines,
		line{"followup.script.praise", "Praise: “Thank you, it is what we should do; we will keep getting better.” Write the praise in the comments."},
		line{"followup.script.complaint", "A complaint: listen to the end, then “We are sorry for the trouble. We will record it at once and contact you as soon as possible.” Tick the complaint and write it down."},
		line{"followup.script.close", "“If you need us, call our hotline {{.Hotline}}. Sorry to have disturbed you, goodbye.”"},
	)
	box := container.NewVBox(heading(T("followup.script.title", "Call script")))
	for i, l := range lines {
		// The number in its own column: Chinese lines have no spaces, so
		// a word-wrapped "1. “…" would leave the number alone on a line.
		lbl := widget.NewLabel(T(l.key, l.fallback, data))
		lbl.Wrapping = fyne.TextWrapWord
		box.Add(container.NewBorder(nil, nil, container.NewVBox(widget.NewLabel(strconv.Itoa(i+1)+".")), nil, lbl))
	}
	return box
}

// layoutOutcome shows the parts of the form the chosen outcome needs.
func (f *callForm) layoutOutcome() {
	switch f.selectedOutcome() {
	case models.CallReached:
		f.callbackBox.Hide()
		f.reachedBox.Show()
	case models.CallNotConvenient:
		f.reachedBox.Hide()
		f.callbackBox.Show()
	default:
		f.reachedBox.Hide()
		f.callbackBox.Hide()
	}
}

func (f *callForm) selectedOutcome() models.CallOutcome {
	for i, o := range callOutcomes {
		if f.outcome.Selected == f.outcome.Options[i] {
			return o
		}
	}
	return ""
}

func (f *callForm) clearErr(field string) {
	if l := f.errs[field]; l != nil {
		custSetErr(l, "")
	}
}

// input reads the form; a problem only the form can see is returned.
func (f *callForm) input() (models.CallInput, error) {
	in := models.CallInput{Version: f.det.FollowUp.Version, Outcome: f.selectedOutcome(), Comments: f.comments.Text}
	switch in.Outcome {
	case models.CallNotConvenient:
		if d, err := models.ParseDate(f.cbDate.entry.Text); err == nil && f.cbTime.Selected != "" {
			var h, m int
			fmt.Sscanf(f.cbTime.Selected, "%d:%d", &h, &m)
			loc := f.now.Location()
			in.CallbackAt = time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, loc)
		} else if err != nil && strings.TrimSpace(f.cbDate.entry.Text) != "" {
			return in, models.NewFieldError("callback", err.Key, err.Fallback, err.Data)
		}
	case models.CallReached:
		in.Satisfaction, _ = strconv.Atoi(f.satisfaction.Selected)
		in.Product, in.ProductNote = f.questions[0].answer(), f.questions[0].note.Text
		in.Delivery, in.DeliveryNote = f.questions[1].answer(), f.questions[1].note.Text
		in.Crew, in.CrewNote = f.questions[2].answer(), f.questions[2].note.Text
		in.UniformBreach, in.LanguageBreach, in.TipRefused = f.uniform.Checked, f.language.Checked, f.tip.Checked
		if f.complaintChk.Checked {
			in.Complaint = f.complaint.Text
			if strings.TrimSpace(in.Complaint) == "" {
				return in, models.NewFieldError("complaint", "err.followup.complaint_required", "Write the complaint as the customer told it, or untick it.", nil)
			}
		}
	}
	return in, nil
}

// onSave records the call.
func (f *callForm) onSave() {
	if f.busy {
		return
	}
	for field := range f.errs {
		f.clearErr(field)
	}
	custSetErr(f.formErr, "")
	in, err := f.input()
	if err != nil {
		f.showErr(err)
		return
	}
	f.busy = true
	f.saveBtn.Disable()
	a, id := f.deps.App, f.id
	custGo(func() func() {
		det, err := a.RecordCall(id, in)
		return func() { f.afterSave(det, err) }
	})
}

func (f *callForm) afterSave(det *app.FollowUpDetail, err error) {
	f.busy = false
	f.saveBtn.Enable()
	if err != nil {
		f.showErr(err)
		return
	}
	f.saved = det
	f.dlg.Hide()
	if f.OnSaved != nil {
		f.OnSaved(det)
	}
	if det.Complaint != "" && det.FollowUp.ComplaintTicketID != nil {
		cid := *det.FollowUp.ComplaintTicketID
		dialog.ShowConfirm(T("followup.complaint_opened_title", "Complaint opened"),
			T("followup.complaint_opened", "Complaint {{.Number}} was opened and linked to the job. It must be reported to the manager within the hour. Open it now?",
				map[string]any{"Number": det.Complaint}),
			func(ok bool) {
				if ok && f.deps.Nav != nil {
					f.deps.Nav.OpenTicket(cid)
				}
			}, f.deps.Window)
	}
}

// showErr puts each field problem under its field, the rest at the bottom.
func (f *callForm) showErr(err error) {
	fe := models.AsFieldErrors(err)
	if len(fe) == 0 {
		custSetErr(f.formErr, ErrText(err))
		return
	}
	var rest []string
	for _, e := range fe {
		if l := f.errs[e.Field]; l != nil && (e.Field != "callback" || f.callbackBox.Visible()) {
			custSetErr(l, FieldErrText(e))
		} else {
			rest = append(rest, FieldErrText(e))
		}
	}
	custSetErr(f.formErr, strings.Join(rest, "\n"))
}

func (f *callForm) onCancel() { f.dlg.Hide() }

// onOpenJob closes the form and shows the job.
func (f *callForm) onOpenJob() {
	if f.deps.Nav == nil {
		return
	}
	f.dlg.Hide()
	f.deps.Nav.OpenTicket(f.det.Job.Ticket.ID)
}
