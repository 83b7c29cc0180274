package screens

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// Complaints (投诉, issue 6): the intake's complaint section, the
// Complaint section of the ticket page with the time limits, and the
// dialogs of the complaint steps.

// ResponsibleLabel names who a complaint found responsible.
func ResponsibleLabel(r models.Responsible) string {
	switch r {
	case models.RespStaff:
		return T("complaint.resp.staff", "Staff members")
	case models.RespShop:
		return T("complaint.resp.shop", "The shop's process")
	case models.RespManufacturer:
		return T("complaint.resp.manufacturer", "The manufacturer (product)")
	case models.RespLogistics:
		return T("complaint.resp.logistics", "Logistics")
	case models.RespCustomer:
		return T("complaint.resp.customer", "The customer (not a service fault)")
	case models.RespNone:
		return T("complaint.resp.none", "Unfounded")
	}
	return string(r)
}

// complaintLimitsHint explains the time limits, at the intake and in the
// dialogs.
func complaintLimitsHint() string {
	return T("complaint.limits_hint", "Accept and report to a manager within 1 hour; responsibility within 24 hours (48 if the customer cannot be reached); a proposal within 72 hours; then follow up until the customer accepts.")
}

// intakeComplaint is the complaint part of the intake: the complaint text
// uses the fault row (relabelled), the urgency the priority; this section
// adds the job complained about, one of the customer's tickets.
type intakeComplaint struct {
	i *intakeDialog

	job     *widget.Select
	jobIDs  []string // option index → ticket ID, "" for none
	jobsFor string   // the customer the options are for
	gen     int      // bumped by every load
	box     *fyne.Container
}

// newIntakeComplaint builds the section, hidden until the kind is chosen.
func newIntakeComplaint(i *intakeDialog) *intakeComplaint {
	c := &intakeComplaint{i: i}
	c.job = widget.NewSelect(nil, nil)
	c.job.PlaceHolder = T("complaint.intake.job_hint", "Choose the job, or none")
	i.errs["linked"] = custErrLabel()
	hint := widget.NewLabel(complaintLimitsHint())
	hint.Wrapping = fyne.TextWrapWord
	hint.Importance = widget.MediumImportance
	c.box = container.NewVBox(
		heading(T("complaint.intake.title", "Complaint")),
		container.New(layout.NewFormLayout(),
			widget.NewLabelWithStyle(T("complaint.intake.job", "About the job"), fyne.TextAlignTrailing, fyne.TextStyle{}),
			container.NewVBox(c.job, i.errs["linked"]),
		),
		hint,
	)
	c.box.Hide()
	c.setJobs(nil)
	return c
}

// setCustomer loads the customer's tickets to choose the job from.
func (c *intakeComplaint) setCustomer(cust *models.Customer) {
	c.gen++
	if cust == nil {
		c.jobsFor = ""
		c.setJobs(nil)
		return
	}
	gen, id, a := c.gen, cust.ID, c.i.deps.App
	custGo(func() func() {
		rows, err := a.ListTickets(context.Background(), app.TicketFilter{CustomerID: id, Limit: 100})
		return func() { c.applyJobs(gen, id, rows, err) }
	})
}

// applyJobs offers the loaded tickets, unless another customer was
// chosen meanwhile.
func (c *intakeComplaint) applyJobs(gen int, customerID string, rows []app.TicketRow, err error) {
	if gen != c.gen {
		return
	}
	if err != nil {
		custSetErr(c.i.errs["linked"], ErrText(err))
		return
	}
	var jobs []app.TicketRow
	for _, r := range rows {
		if r.Kind != models.KindConsultation && r.Kind != models.KindComplaint {
			jobs = append(jobs, r)
		}
	}
	c.jobsFor = customerID
	c.setJobs(jobs)
}

// setJobs fills the choice: "none" first, then the jobs, newest first.
func (c *intakeComplaint) setJobs(rows []app.TicketRow) {
	opts := []string{T("complaint.intake.no_job", "None (not about one job)")}
	c.jobIDs = []string{""}
	for _, r := range rows {
		what := firstNonBlank(r.Product, r.Symptom)
		opts = append(opts, strings.TrimSpace(r.Number+" · "+KindLabel(r.Kind)+" · "+StatusLabel(r.Status)+" · "+tdShort(what, 30)))
		c.jobIDs = append(c.jobIDs, r.ID)
	}
	c.job.SetOptions(opts)
	c.job.SetSelectedIndex(0)
}

// linked is the chosen job's ticket ID, "" for none or when the options
// are not the chosen customer's.
func (c *intakeComplaint) linked() string {
	n := c.job.SelectedIndex()
	if n < 0 || n >= len(c.jobIDs) || c.jobsFor != c.i.customerID {
		return ""
	}
	return c.jobIDs[n]
}

// apply shapes the form for the kind chosen (after onKindChanged's
// general rules): a complaint has no repair mode, warranty or preferred
// time, and its fault row is the complaint.
func (c *intakeComplaint) apply(kind models.TicketKind) {
	i := c.i
	compl := kind == models.KindComplaint
	if l, ok := i.symptomRow[0].(*widget.Label); ok {
		if compl {
			l.SetText(T("complaint.intake.text", "Complaint") + " *")
			l.TextStyle.Bold = true
		} else {
			l.SetText(T("tickets.intake.symptom", "Fault symptom"))
			l.TextStyle.Bold = false
		}
		l.Refresh()
	}
	if compl {
		i.symptom.SetPlaceHolder(T("complaint.intake.text_hint", "What the customer complains about, in their words, e.g. 安装师傅没穿工服，地板被划伤"))
		for _, row := range [][]fyne.CanvasObject{i.modeRow, i.warrantyRow, i.preferredRow} {
			for _, o := range row {
				o.Hide()
			}
		}
		i.override.Hide()
		i.overrideBox.Hide()
		c.box.Show()
		return
	}
	i.symptom.SetPlaceHolder(T("tickets.intake.symptom_hint", "What is wrong, in the customer's words, e.g. 不制冷, 门关不上"))
	c.box.Hide()
}

// firstNonBlank returns the first string that is not blank.
func firstNonBlank(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return strings.TrimSpace(x)
		}
	}
	return ""
}

// tdShort cuts s to n characters with an ellipsis.
func tdShort(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n]) + "…"
}

// tdComplaint is the Complaint section of the ticket page: the complaint,
// who it was reported to, the responsibility and the staff named, the
// proposal, and the three time limits, each done in time, late or open.
type tdComplaint struct {
	p *ticketDetail

	section     *fyne.Container
	text        *widget.Label
	reported    *widget.Label
	resp        *widget.Label
	proposal    *widget.Label
	limits      *fyne.Container
	unreachable *widget.Label

	namesGen int // bumped by every fill; older name loads are dropped
	respText string

	dlg *tdComplaintDialog // the dialog last opened; tests look at it
}

// newTDComplaint builds the section, hidden until a complaint is shown.
func newTDComplaint(p *ticketDetail) *tdComplaint {
	c := &tdComplaint{p: p}
	c.text, c.reported, c.resp, c.proposal = tdValue(), tdValue(), tdValue(), tdValue()
	c.text.TextStyle.Bold = true
	c.limits = container.NewVBox()
	c.unreachable = tdBanner(widget.MediumImportance)
	c.unreachable.TextStyle.Bold = false
	c.section = container.NewVBox(
		heading(T("complaint.section", "Complaint")),
		container.New(layout.NewFormLayout(),
			tdKey(T("complaint.key.text", "Complaint")), c.text,
			tdKey(T("complaint.key.reported", "Reported to")), c.reported,
			tdKey(T("complaint.key.responsibility", "Responsibility")), c.resp,
			tdKey(T("complaint.key.proposal", "Proposal")), c.proposal,
			tdKey(T("complaint.key.limits", "Time limits")), c.limits,
		),
		c.unreachable,
		widget.NewSeparator(),
	)
	c.section.Hide()
	return c
}

// fill shows a complaint's facts; other tickets hide the section.
func (c *tdComplaint) fill(d *app.TicketDetail) {
	c.namesGen++
	t := &d.Ticket
	if t.Kind != models.KindComplaint {
		c.section.Hide()
		return
	}
	p := c.p
	c.text.SetText(custDash(t.Symptom))
	if t.AcceptedAt != nil {
		c.reported.SetText(T("complaint.reported_value", "{{.Name}} · {{.Time}}", map[string]any{"Name": t.ReportedTo, "Time": p.time(*t.AcceptedAt)}))
	} else {
		c.reported.SetText(T("complaint.not_yet", "Not yet"))
	}
	c.respText = ""
	if t.ResponsibilityAt != nil {
		c.respText = ResponsibleLabel(t.Responsible) + " · " + p.time(*t.ResponsibilityAt)
		if t.ResponsibilityNote != "" {
			c.respText += "\n" + t.ResponsibilityNote
		}
		c.resp.SetText(c.respText)
		if t.ResponsibleStaff != "" {
			gen, a, tk := c.namesGen, p.deps.App, *t
			custGo(func() func() {
				names, err := a.ResponsibleNames(&tk)
				return func() { c.applyNames(gen, names, err) }
			})
		}
	} else {
		c.resp.SetText(T("complaint.not_yet", "Not yet"))
	}
	if t.ProposedAt != nil {
		c.proposal.SetText(p.time(*t.ProposedAt) + "\n" + t.Proposal)
	} else {
		c.proposal.SetText(T("complaint.not_yet", "Not yet"))
	}
	c.limits.Objects = nil
	for _, l := range models.ComplaintLimits(t) {
		c.limits.Add(c.limitLabel(l, t.Status.Terminal()))
	}
	c.limits.Refresh()
	if t.CustomerUnreachable {
		tdSetBanner(c.unreachable, T("complaint.unreachable", "The customer could not be reached: responsibility is due within 48 hours of the report."))
	} else {
		tdSetBanner(c.unreachable, "")
	}
	c.section.Show()
}

// limitLabel shows one time limit: done in time (green), done late or
// overdue (red), open (due time).
func (c *tdComplaint) limitLabel(l models.ComplaintLimit, ended bool) *widget.Label {
	p := c.p
	data := map[string]any{"Step": DueRuleLabel(l.Rule), "Due": p.time(l.Due)}
	lbl := widget.NewLabel("")
	lbl.Wrapping = fyne.TextWrapWord
	switch {
	case l.Done != nil && !l.Late(p.now):
		data["Done"] = p.time(*l.Done)
		lbl.SetText(T("complaint.limit.on_time", "{{.Step}}: done {{.Done}} (limit {{.Due}})", data))
		lbl.Importance = widget.SuccessImportance
	case l.Done != nil:
		data["Done"] = p.time(*l.Done)
		lbl.SetText(T("complaint.limit.late", "{{.Step}}: done late {{.Done}} (limit {{.Due}})", data))
		lbl.Importance = widget.DangerImportance
	case ended:
		lbl.SetText(T("complaint.limit.not_done", "{{.Step}}: not done (limit {{.Due}})", data))
		lbl.Importance = widget.LowImportance
	case l.Late(p.now):
		lbl.SetText(T("complaint.limit.overdue", "{{.Step}}: overdue since {{.Due}}", data))
		lbl.Importance = widget.DangerImportance
	default:
		lbl.SetText(T("complaint.limit.open", "{{.Step}}: by {{.Due}}", data))
	}
	return lbl
}

// applyNames adds the staff named to the responsibility line.
func (c *tdComplaint) applyNames(gen int, names []string, err error) {
	if gen != c.namesGen {
		return
	}
	if err != nil {
		c.resp.SetText(c.respText + "\n" + ErrText(err))
		return
	}
	if len(names) > 0 {
		c.resp.SetText(c.respText + "\n" + T("complaint.staff_named", "Staff: {{.Names}}", map[string]any{"Names": tdJoin(names)}))
	}
}

// tdComplaintActs are the complaint steps with their own dialog; cancel
// uses the page's generic one.
var tdComplaintActs = []models.Action{models.ActAcceptComplaint, models.ActResponsibility, models.ActPropose, models.ActFollowUp, models.ActClose}

// start opens a complaint step's dialog and reports true, or false when
// the action is not one of them (the caller has checked it is legal).
// What the dialog offers (managers, staff, penalty rules) loads first.
func (c *tdComplaint) start(act models.Action) bool {
	p := c.p
	if p.detail == nil || p.detail.Ticket.Kind != models.KindComplaint {
		return false
	}
	known := false
	for _, a := range tdComplaintActs {
		known = known || a == act
	}
	if !known {
		return false
	}
	id, a := p.detail.Ticket.ID, p.deps.App
	linked := complaintDeref(p.detail.Ticket.LinkedTicketID)
	custGo(func() func() {
		var o tdComplaintOffer
		var err error
		switch act {
		case models.ActAcceptComplaint:
			o.managers, err = a.ComplaintManagers()
		case models.ActResponsibility:
			o.staff, err = a.StaffList(false)
			if err == nil {
				o.rules, err = a.ConductRules(false)
			}
			if err == nil && linked != "" {
				if job, jerr := a.Ticket(linked); jerr == nil {
					o.job = job
				}
			}
			o.canPenalise = a.Can(models.PermConduct)
		}
		return func() { c.open(id, act, o, err) }
	})
	return true
}

func complaintDeref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// tdComplaintOffer is what a complaint dialog offers, loaded off the UI
// goroutine.
type tdComplaintOffer struct {
	managers    []models.Staff
	staff       []models.Staff
	rules       []models.ConductRule
	job         *app.TicketDetail // the job complained about: its people come first
	canPenalise bool
}

// tdComplaintDialog is the dialog of one complaint step.
type tdComplaintDialog struct {
	c       *tdComplaint
	act     models.Action
	id      string
	version int
	form    *tdForm

	managers []models.Staff
	manager  *widget.Select

	resp       *widget.RadioGroup
	staff      []models.Staff // offered, in the order of the checks
	checks     []*widget.Check
	staffRow   []fyne.CanvasObject
	rules      []models.ConductRule // penalty rules; option i+1
	penalty    *widget.Select
	penaltyRow []fyne.CanvasObject
	amount     *widget.Entry
	amountRow  []fyne.CanvasObject

	note *widget.Entry
}

// open builds and shows the dialog, unless another ticket was opened
// meanwhile.
func (c *tdComplaint) open(id string, act models.Action, o tdComplaintOffer, err error) {
	p := c.p
	if err != nil {
		showError(p.deps.Window, err)
		return
	}
	if p.detail == nil || p.detail.Ticket.ID != id {
		return
	}
	t := &p.detail.Ticket
	d := &tdComplaintDialog{c: c, act: act, id: id, version: t.Version, form: newTDForm(p)}
	f := d.form
	f.text(T("ticket_detail.action.for", "{{.Number}} · {{.Customer}} · now {{.Status}}",
		map[string]any{"Number": t.Number, "Customer": p.detail.Customer.Name, "Status": StatusLabel(t.Status)}), widget.MediumImportance)
	f.text(tdShort(t.Symptom, 120), widget.LowImportance)
	if due := p.detail.Due; due != nil && act != models.ActClose {
		imp := widget.MediumImportance
		if due.Overdue(p.now) {
			imp = widget.DangerImportance
		}
		f.text(T("complaint.dialog.due", "{{.Step}}: by {{.Due}}", map[string]any{"Step": DueRuleLabel(due.Rule), "Due": p.time(due.At)}), imp)
	}
	d.note = widget.NewMultiLineEntry()
	d.note.Wrapping = fyne.TextWrapWord
	d.note.SetMinRowsVisible(3)
	switch act {
	case models.ActAcceptComplaint:
		var names []string
		for _, s := range o.managers {
			names = append(names, s.Name)
		}
		d.managers = o.managers
		d.manager = widget.NewSelect(names, nil)
		d.manager.PlaceHolder = T("complaint.dialog.manager_hint", "Choose the manager")
		if len(names) == 1 {
			d.manager.SetSelectedIndex(0)
		}
		f.field(T("complaint.dialog.manager", "Reported to"), true, "reported_to", d.manager)
		if len(names) == 0 {
			f.text(T("complaint.dialog.no_managers", "No active business or general manager in the staff list: add one under Staff first."), widget.DangerImportance)
		}
		d.note.SetPlaceHolder(T("complaint.dialog.accept_hint", "Optional, e.g. reported by phone"))
		f.field(T("ticket_detail.action.note", "Note"), false, "note", d.note)
	case models.ActResponsibility:
		d.buildResponsibility(o)
	case models.ActPropose:
		d.note.SetPlaceHolder(T("complaint.dialog.proposal_hint", "What the shop offers, e.g. 免费更换门板，周六上午上门"))
		f.field(T("complaint.dialog.proposal", "Proposal to the customer"), true, "note", d.note)
	case models.ActFollowUp:
		d.note.SetPlaceHolder(T("complaint.dialog.follow_up_hint", "What the customer said, e.g. 门板已换，还在观察"))
		f.field(T("complaint.dialog.follow_up", "Follow-up call"), true, "note", d.note)
	case models.ActClose:
		d.note.SetPlaceHolder(T("complaint.dialog.acceptance_hint", "e.g. 顾客对处理结果满意，同意结案"))
		f.field(T("complaint.dialog.acceptance", "The customer's acceptance"), true, "note", d.note)
	}
	c.dlg = d
	f.open(ActionLabel(act), ActionLabel(act), tdActionIcon(act), 600, d.onSubmit)
}

// buildResponsibility adds who is responsible, the staff named (the
// job's technician or crew first and ticked), the penalty and the
// finding.
func (d *tdComplaintDialog) buildResponsibility(o tdComplaintOffer) {
	f, t := d.form, &d.c.p.detail.Ticket
	var labels []string
	for _, r := range models.AllResponsibles {
		labels = append(labels, ResponsibleLabel(r))
	}
	d.resp = widget.NewRadioGroup(labels, func(string) { d.onRespChanged() })
	f.field(T("complaint.dialog.responsible", "Who is responsible"), true, "responsible", d.resp)

	// The people of the job complained about first, and ticked.
	var jobPeople []string
	if o.job != nil {
		if id := complaintDeref(o.job.Ticket.TechnicianID); id != "" {
			jobPeople = append(jobPeople, id)
		}
		for _, m := range o.job.Crew {
			if custIndexOf(jobPeople, m.StaffID) < 0 {
				jobPeople = append(jobPeople, m.StaffID)
			}
		}
	}
	chosen := jobPeople
	if t.ResponsibleStaff != "" {
		chosen = strings.Split(t.ResponsibleStaff, ",")
	}
	var first, rest []models.Staff
	for _, s := range o.staff {
		if custIndexOf(jobPeople, s.ID) >= 0 {
			first = append(first, s)
		} else {
			rest = append(rest, s)
		}
	}
	d.staff = append(first, rest...)
	grid := container.NewGridWithColumns(3)
	for _, s := range d.staff {
		ch := widget.NewCheck(s.Name, nil)
		ch.Checked = custIndexOf(chosen, s.ID) >= 0
		d.checks = append(d.checks, ch)
		grid.Add(ch)
	}
	l, cell := f.field(T("complaint.dialog.staff", "Staff responsible"), true, "staff", grid)
	d.staffRow = []fyne.CanvasObject{l, cell}

	opts := []string{T("complaint.dialog.no_penalty", "No penalty")}
	for _, r := range o.rules {
		if r.Kind == models.ConductPenalty {
			d.rules = append(d.rules, r)
			opts = append(opts, conductRuleOption(r))
		}
	}
	d.penalty = widget.NewSelect(opts, func(string) { d.onPenaltyChanged() })
	d.penalty.SetSelectedIndex(0)
	var penaltyCell fyne.CanvasObject = d.penalty
	if !o.canPenalise {
		d.penalty.Disable()
		why := widget.NewLabel(T("complaint.dialog.penalty_right", "Only a business or general manager records penalties: save the responsibility and ask them to add the penalty."))
		why.Wrapping = fyne.TextWrapWord
		why.Importance = widget.LowImportance
		penaltyCell = container.NewVBox(d.penalty, why)
	}
	l, cell = f.field(T("complaint.dialog.penalty", "Penalty for each"), false, "penalty", penaltyCell)
	d.penaltyRow = []fyne.CanvasObject{l, cell}
	d.amount = widget.NewEntry()
	d.amount.SetPlaceHolder(T("complaint.dialog.amount_hint", "Yuan, e.g. 150"))
	l, cell = f.field(T("complaint.dialog.amount", "Amount of this case"), true, "penalty_amount", d.amount)
	d.amountRow = []fyne.CanvasObject{l, cell}

	d.note.SetPlaceHolder(T("complaint.dialog.finding_hint", "What was found, e.g. 赵师傅安装时未穿工服，划伤地板属实"))
	f.field(T("complaint.dialog.finding", "Finding"), true, "note", d.note)
	if t.Responsible != "" {
		d.resp.SetSelected(ResponsibleLabel(t.Responsible))
		d.note.SetText(t.ResponsibilityNote)
	}
	d.onRespChanged()
}

// respValue is the responsibility chosen, "" for none.
func (d *tdComplaintDialog) respValue() models.Responsible {
	for n, r := range models.AllResponsibles {
		if d.resp.Selected == d.resp.Options[n] {
			return r
		}
	}
	return ""
}

// onRespChanged shows the staff and penalty rows only when staff are
// responsible.
func (d *tdComplaintDialog) onRespChanged() {
	staff := d.respValue() == models.RespStaff
	for _, o := range append(append([]fyne.CanvasObject{}, d.staffRow...), d.penaltyRow...) {
		intakeSetVisible(o, staff)
	}
	d.onPenaltyChanged()
}

// chosenRule is the penalty rule chosen, nil for none.
func (d *tdComplaintDialog) chosenRule() *models.ConductRule {
	n := d.penalty.SelectedIndex() - 1
	if n < 0 || n >= len(d.rules) || d.respValue() != models.RespStaff {
		return nil
	}
	return &d.rules[n]
}

// onPenaltyChanged asks for the amount of a per-case rule.
func (d *tdComplaintDialog) onPenaltyChanged() {
	if d.amountRow == nil {
		return
	}
	r := d.chosenRule()
	for _, o := range d.amountRow {
		intakeSetVisible(o, r != nil && r.PerCase)
	}
	d.form.fit()
}

// input collects the dialog into a StepInput.
func (d *tdComplaintDialog) input() models.StepInput {
	in := models.StepInput{Action: d.act, Note: d.note.Text}
	if d.manager != nil {
		if n := d.manager.SelectedIndex(); n >= 0 && n < len(d.managers) {
			in.ReportedToID = d.managers[n].ID
		}
	}
	if d.resp != nil {
		in.Liability = models.Liability(d.respValue())
		if d.respValue() == models.RespStaff {
			for n, ch := range d.checks {
				if ch.Checked {
					in.Crew = append(in.Crew, d.staff[n].ID)
				}
			}
			if r := d.chosenRule(); r != nil {
				in.PenaltyRuleID = r.ID
				if r.PerCase {
					in.PenaltyAmount = d.amount.Text
				}
			}
		}
	}
	return in
}

// onSubmit carries out the step with app.Step at the version loaded.
func (d *tdComplaintDialog) onSubmit() {
	if d.form.busy {
		return
	}
	in := d.input()
	d.form.clearErrs()
	id, version := d.id, d.version
	d.c.p.change(func(a *app.App) (*app.TicketDetail, error) { return a.Step(id, version, in) }, d.form, d.onResult)
}

// onResult shows a refused step in the dialog.
func (d *tdComplaintDialog) onResult(err error) {
	if err != nil {
		d.form.showErr(err)
	}
}
