package screens

import (
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// tdDelivery is the delivery part of the ticket page: the Delivery
// section (booked day, items, crew, checklist), the Checklist tab, the
// links between a delivery and the tickets raised from it, and the crew
// and problem dialogs. The links show on any ticket that has them.
type tdDelivery struct {
	p *ticketDetail

	// The Delivery section, shown for deliveries only.
	section    *fyne.Container
	booked     *widget.Label
	crew       *widget.Label
	checklist  *widget.Label
	itemRows   *fyne.Container
	noItems    *widget.Label
	problemBtn *widget.Button

	// Links: where this ticket came from, and what was raised from it.
	fromBox     *fyne.Container
	fromLink    *widget.Hyperlink
	raisedBox   *fyne.Container
	raisedList  *fyne.Container
	raisedLinks []*widget.Hyperlink

	// The Checklist tab.
	tab      *container.TabItem
	page     fyne.CanvasObject
	progress *widget.Label // "6 / 8", large
	bar      *widget.ProgressBar
	missing  *widget.Label // required lines still open
	locked   *widget.Label // why ticking is off
	reason   *widget.Label // the written reason for unticked lines
	tickErr  *widget.Label
	lines    *fyne.Container
	checks   []*widget.Check // one per line, in order; rebuilt by every fill
	whos     []*widget.Label // who ticked and when, beside each line
	pending  map[string]bool // lines being saved → the value asked for

	// The dialogs last opened; tests look at them.
	crewDlg *tdCrewDialog
	problem *tdProblemDialog
}

// newTDDelivery builds the delivery widgets; fill shows what fits.
func newTDDelivery(p *ticketDetail) *tdDelivery {
	d := &tdDelivery{p: p, pending: map[string]bool{}}
	d.booked, d.crew, d.checklist = tdValue(), tdValue(), tdValue()
	d.itemRows = container.NewVBox()
	d.noItems = widget.NewLabel(T("ticket_detail.delivery.no_items", "No items recorded."))
	d.noItems.Importance = widget.LowImportance
	d.problemBtn = widget.NewButtonWithIcon(T("ticket_detail.problem.button", "Problem found…"), theme.WarningIcon(), d.onProblem)
	d.problemBtn.Importance = widget.WarningImportance
	itemHead := tdRow(tdDeliveryWeights,
		tdHead(T("ticket_detail.delivery.item_product", "Product")), tdHead(T("ticket_detail.delivery.item_model", "Model")),
		tdHeadR(T("ticket_detail.items.qty", "Qty")), tdHead(T("ticket_detail.warranty", "Warranty")))
	d.section = container.NewVBox(
		container.NewBorder(nil, nil, heading(T("ticket_detail.delivery.title", "Delivery and installation")), d.problemBtn),
		container.New(layout.NewFormLayout(),
			tdKey(T("ticket_detail.delivery.booked", "Booked for")), d.booked,
			tdKey(T("ticket_detail.delivery.crew", "Crew")), d.crew,
			tdKey(T("ticket_detail.delivery.checklist", "Checklist")), d.checklist,
		),
		itemHead,
		d.noItems,
		d.itemRows,
		widget.NewSeparator(),
	)
	d.section.Hide()

	d.fromLink = widget.NewHyperlink("", nil)
	d.fromLink.OnTapped = d.onOpenFrom
	d.fromBox = container.NewHBox(widget.NewIcon(theme.NavigateBackIcon()), tdKey(T("ticket_detail.links.from", "Raised from")), d.fromLink)
	d.fromBox.Hide()
	d.raisedList = container.NewVBox()
	d.raisedBox = container.NewVBox(heading(T("ticket_detail.links.raised", "Tickets raised from this one")), d.raisedList, widget.NewSeparator())
	d.raisedBox.Hide()

	d.buildChecklist()
	return d
}

// tdDeliveryWeights are the column shares of the items table.
var tdDeliveryWeights = []float32{3, 2.2, 0.8, 3.2}

// buildChecklist makes the Checklist tab: the progress, why ticking is
// off when it is, and one line per check.
func (d *tdDelivery) buildChecklist() {
	d.progress = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.progress.SizeName = theme.SizeNameHeadingText
	d.bar = widget.NewProgressBar()
	d.missing = tdBanner(widget.WarningImportance)
	d.locked = tdBanner(widget.MediumImportance)
	d.locked.TextStyle.Bold = false
	d.reason = tdBanner(widget.MediumImportance)
	d.reason.TextStyle.Bold = false
	d.tickErr = custErrLabel()
	d.lines = container.NewVBox()
	legend := widget.NewLabel(T("ticket_detail.checklist.legend", "Tick each line when it is done; lines marked “required” must be ticked or explained before the delivery is complete."))
	legend.Wrapping = fyne.TextWrapWord
	legend.Importance = widget.LowImportance
	d.page = container.NewVBox(
		container.NewBorder(nil, nil,
			container.NewHBox(d.progress, container.NewCenter(tdKey(T("ticket_detail.checklist.ticked", "ticked")))), nil,
			container.NewVBox(layout.NewSpacer(), d.bar, layout.NewSpacer())),
		d.missing,
		d.locked,
		d.reason,
		d.tickErr,
		legend,
		widget.NewSeparator(),
		d.lines,
	)
	d.tab = container.NewTabItemWithIcon(T("ticket_detail.tab.checklist", "Checklist"), theme.ConfirmIcon(), tdTabStub())
}

// tdTickable mirrors app: the checklist can be ticked from the booking
// until the customer signs.
func tdTickable(s models.Status) bool {
	return s == models.StatusNew || s == models.StatusScheduled || s == models.StatusInService || s == models.StatusInstalled
}

// tdTickLocked says why a delivery's checklist cannot be ticked now.
func tdTickLocked(s models.Status) string {
	switch s {
	case models.StatusSigned:
		return T("ticket_detail.checklist.locked_signed", "The customer has signed the slip: the checklist is final and can no longer be ticked.")
	case models.StatusClosed:
		return T("ticket_detail.checklist.locked_closed", "The delivery is closed: the checklist can no longer be ticked.")
	case models.StatusCancelled:
		return T("ticket_detail.checklist.locked_cancelled", "The delivery was cancelled: there is nothing to tick.")
	}
	return T("ticket_detail.checklist.locked", "The checklist cannot be ticked while the delivery is “{{.Status}}”.", map[string]any{"Status": StatusLabel(s)})
}

// fill shows the delivery section, the checklist and the links for a
// ticket; for other kinds only the links.
func (d *tdDelivery) fill(td *app.TicketDetail) {
	t := &td.Ticket
	d.fillLinks(td)
	if t.Kind != models.KindDelivery {
		d.section.Hide()
		return
	}
	if t.ApptDate != nil {
		d.booked.SetText(models.FormatDate(*t.ApptDate) + " " + HalfLabel(t.ApptHalf))
	} else {
		d.booked.SetText("—")
	}
	d.fillCrew(td)
	done, total, _ := models.Progress(td.Checks)
	name := ChecklistName("", t.ChecklistName)
	if !strings.HasPrefix(t.ChecklistName, "checklist.name.") {
		name = ChecklistName(t.ChecklistName, "")
	}
	d.checklist.SetText(T("ticket_detail.delivery.checklist_value", "{{.Name}} · version {{.Version}} · {{.Done}} / {{.Total}} ticked",
		map[string]any{"Name": custDash(name), "Version": t.ChecklistVersion, "Done": done, "Total": total}))
	d.fillItems(td)
	tdEnable(d.problemBtn, t.Status != models.StatusCancelled)
	if t.Status == models.StatusCancelled {
		d.problemBtn.Hide()
	} else {
		d.problemBtn.Show()
	}
	d.section.Show()
	d.fillChecklist(td)
}

// fillCrew lists the crew, leader first and marked, with the reason
// when fewer than two go.
func (d *tdDelivery) fillCrew(td *app.TicketDetail) {
	if len(td.Crew) == 0 {
		d.crew.Importance = widget.WarningImportance
		d.crew.SetText(T("ticket_detail.delivery.no_crew", "No crew yet: use “Assign crew” (at least two people, one of them the leader)."))
		return
	}
	var names []string
	for _, c := range td.Crew {
		n := c.Name
		if c.Leader {
			n = T("ticket_detail.delivery.leader", "{{.Name}} (leader)", map[string]any{"Name": c.Name})
		}
		if c.Phone != "" {
			n += " " + c.Phone
		}
		names = append(names, n)
	}
	text := tdJoin(names)
	if len(td.Crew) < models.MinCrew && td.Ticket.CrewReason != "" {
		text += "\n" + T("ticket_detail.delivery.crew_reason", "Fewer than two because: {{.Reason}}", map[string]any{"Reason": td.Ticket.CrewReason})
	}
	d.crew.Importance = widget.MediumImportance
	d.crew.SetText(text)
}

// fillItems lists the items delivered with the warranty of the purchase
// each is linked to.
func (d *tdDelivery) fillItems(td *app.TicketDetail) {
	var rows []fyne.CanvasObject
	for _, it := range td.DeliveryItems {
		war := tdCell(T("ticket_detail.delivery.not_on_record", "Not on record"), fyne.TextAlignLeading)
		war.Importance = widget.LowImportance
		if it.PurchaseID != nil {
			war.SetText(T("ticket_detail.delivery.on_record", "On record"))
			for i := range td.Customer.Purchases {
				pu := &td.Customer.Purchases[i]
				if pu.ID == *it.PurchaseID {
					text, imp := custWarrantyText(pu.Warranty(d.p.now))
					war.Importance = imp
					war.SetText(text)
				}
			}
		}
		rows = append(rows, tdRow(tdDeliveryWeights,
			tdCell(it.Product, fyne.TextAlignLeading),
			tdCell(custDash(it.Model), fyne.TextAlignLeading),
			tdCell(strconv.Itoa(it.Qty), fyne.TextAlignTrailing),
			war))
	}
	d.itemRows.Objects = rows
	d.itemRows.Refresh()
	if len(rows) == 0 {
		d.noItems.Show()
	} else {
		d.noItems.Hide()
	}
}

// tdLinkText describes a linked ticket: number, kind, status and the
// problem it was raised for.
func tdLinkText(l app.LinkedTicket) string {
	parts := []string{l.Number, KindLabel(l.Kind), StatusLabel(l.Status)}
	if l.Problem != "" {
		parts = append(parts, ProblemLabel(l.Problem))
	}
	return strings.Join(parts, " · ")
}

// fillLinks shows where the ticket came from and what was raised from it.
func (d *tdDelivery) fillLinks(td *app.TicketDetail) {
	if td.From != nil {
		d.fromLink.SetText(tdLinkText(*td.From))
		d.fromBox.Show()
	} else {
		d.fromBox.Hide()
	}
	d.raisedLinks = nil
	var objs []fyne.CanvasObject
	for _, r := range td.Raised {
		id := r.ID
		l := widget.NewHyperlink(tdLinkText(r), nil)
		l.OnTapped = func() { d.p.openTicket(id) }
		d.raisedLinks = append(d.raisedLinks, l)
		objs = append(objs, l)
	}
	d.raisedList.Objects = objs
	d.raisedList.Refresh()
	if len(objs) == 0 {
		d.raisedBox.Hide()
	} else {
		d.raisedBox.Show()
	}
}

// onOpenFrom opens the ticket this one was raised from.
func (d *tdDelivery) onOpenFrom() {
	if td := d.p.detail; td != nil && td.From != nil {
		d.p.openTicket(td.From.ID)
	}
}

// progressText is "6 / 8".
func tdProgressText(done, total int) string { return strconv.Itoa(done) + " / " + strconv.Itoa(total) }

// fillChecklist shows the progress and one line per check: ticked or
// not, required or not, who ticked it and when.
func (d *tdDelivery) fillChecklist(td *app.TicketDetail) {
	t := &td.Ticket
	done, total, missing := models.Progress(td.Checks)
	d.progress.SetText(tdProgressText(done, total))
	d.bar.Max = float64(max(total, 1))
	d.bar.SetValue(float64(done))
	d.tab.Text = T("ticket_detail.tab.checklist_n", "Checklist ({{.Progress}})", map[string]any{"Progress": tdProgressText(done, total)})
	open := tdTickable(t.Status)
	if open {
		tdSetBanner(d.locked, "")
	} else {
		tdSetBanner(d.locked, tdTickLocked(t.Status))
	}
	if missing > 0 && open {
		tdSetBanner(d.missing, T("ticket_detail.checklist.missing", "{{.Count}} required line(s) not ticked yet. To complete the delivery without them, write why: the reason is printed on the slip.",
			map[string]any{"Count": missing}))
	} else {
		tdSetBanner(d.missing, "")
	}
	if t.ChecklistReason != "" {
		tdSetBanner(d.reason, T("ticket_detail.checklist.reason", "Unticked lines explained: {{.Reason}}", map[string]any{"Reason": t.ChecklistReason}))
	} else {
		tdSetBanner(d.reason, "")
	}
	d.checks, d.whos = nil, nil
	var rows []fyne.CanvasObject
	for i, c := range td.Checks {
		i, c := i, c
		ticked := c.CheckedAt != nil
		want, saving := d.pending[c.ID]
		if saving {
			ticked = want
		}
		chk := widget.NewCheck("", nil)
		chk.SetChecked(ticked)
		chk.OnChanged = func(on bool) { d.onTick(i, c.ID, on) }
		if !open || saving {
			chk.Disable()
		}
		segs := []widget.RichTextSegment{&widget.TextSegment{Text: strconv.Itoa(c.Position) + ". " + CheckLabel(c.Key, c.Text),
			Style: widget.RichTextStyle{Inline: true, TextStyle: fyne.TextStyle{Bold: c.Required && !ticked}}}}
		if c.Required {
			segs = append(segs, &widget.TextSegment{Text: "  " + T("ticket_detail.checklist.required", "required"),
				Style: widget.RichTextStyle{Inline: true, ColorName: tdRequiredColor(ticked), SizeName: theme.SizeNameCaptionText}})
		}
		text := widget.NewRichText(segs...)
		text.Wrapping = fyne.TextWrapWord
		who := widget.NewLabel("")
		who.Importance = widget.LowImportance
		switch {
		case saving:
			who.SetText(T("ticket_detail.saving", "Saving…"))
		case c.CheckedAt != nil:
			who.Importance = widget.SuccessImportance
			who.SetText(T("ticket_detail.checklist.ticked_by", "{{.Who}} · {{.Time}}", map[string]any{"Who": custDash(c.CheckedBy), "Time": d.p.time(*c.CheckedAt)}))
		}
		d.checks = append(d.checks, chk)
		d.whos = append(d.whos, who)
		rows = append(rows, container.NewBorder(nil, nil, chk, who, text))
	}
	d.lines.Objects = rows
	d.lines.Refresh()
}

// tdRequiredColor: an open required line is marked in the warning
// colour, a ticked one quietly.
func tdRequiredColor(ticked bool) fyne.ThemeColorName {
	if ticked {
		return theme.ColorNamePlaceHolder
	}
	return theme.ColorNameWarning
}

// onTick saves a tick (or untick) off the UI goroutine; the line shows
// the value asked for, disabled, until app answers.
func (d *tdDelivery) onTick(i int, checkID string, on bool) {
	td := d.p.detail
	if td == nil || i >= len(td.Checks) || td.Checks[i].ID != checkID {
		return
	}
	if _, busy := d.pending[checkID]; busy || (td.Checks[i].CheckedAt != nil) == on {
		return
	}
	d.pending[checkID] = on
	custSetErr(d.tickErr, "")
	d.checks[i].Disable()
	d.whos[i].SetText(T("ticket_detail.saving", "Saving…"))
	a, p, id := d.p.deps.App, d.p, td.Ticket.ID
	custGo(func() func() {
		nd, err := a.TickCheck(id, checkID, on)
		now := a.Now()
		return func() {
			delete(d.pending, checkID)
			p.onChangeResult(nd, now, err, nil, d.onTickResult)
		}
	})
}

// onTickResult shows a refused tick and puts the line back as saved.
func (d *tdDelivery) onTickResult(err error) {
	if err == nil || d.p.detail == nil {
		return
	}
	custSetErr(d.tickErr, ErrText(err))
	if d.p.detail.Ticket.Kind == models.KindDelivery {
		d.fillChecklist(d.p.detail)
	}
}

// tdCrewDialog names a delivery's crew: the people (active staff, the
// delivery crew first), the leader among them, why fewer than two go,
// and why a named crew changes.
type tdCrewDialog struct {
	p       *ticketDetail
	id      string
	version int
	staff   []models.Staff // offered, in the order of the options
	form    *tdForm

	members    *widget.CheckGroup
	leader     *widget.Select
	crewReason *widget.Entry
	reasonRow  [2]fyne.CanvasObject // the crew reason's label and cell
	reason     *widget.Entry        // why the crew changes; nil when none is named yet
	count      *widget.Label
}

// tdCrewStaff orders the staff for the crew dialog: those with the
// delivery role first, each group by name as app lists them.
func tdCrewStaff(all []models.Staff) []models.Staff {
	var first, rest []models.Staff
	for _, s := range all {
		if s.HasRole(models.RoleDelivery) {
			first = append(first, s)
		} else {
			rest = append(rest, s)
		}
	}
	return append(first, rest...)
}

// tdStaffOption is how a person is offered in the crew list: the name
// and their roles.
func tdStaffOption(s models.Staff) string {
	var roles []string
	for _, r := range s.RoleList() {
		roles = append(roles, RoleLabel(r))
	}
	if len(roles) == 0 {
		return s.Name
	}
	return s.Name + " · " + tdJoin(roles)
}

// startCrew loads the active staff and opens the crew dialog.
func (p *ticketDetail) startCrew() {
	a, id := p.deps.App, p.id
	custGo(func() func() {
		staff, err := a.StaffList(false)
		return func() { p.openCrew(id, staff, err) }
	})
}

// openCrew builds and shows the crew dialog, unless another ticket was
// opened meanwhile.
func (p *ticketDetail) openCrew(id string, staff []models.Staff, err error) {
	if err != nil {
		showError(p.deps.Window, err)
		return
	}
	if p.detail == nil || p.detail.Ticket.ID != id {
		return
	}
	td := p.detail
	t := &td.Ticket
	c := &tdCrewDialog{p: p, id: t.ID, version: t.Version, staff: tdCrewStaff(staff), form: newTDForm(p)}
	f := c.form
	f.text(T("ticket_detail.action.for", "{{.Number}} · {{.Customer}} · now {{.Status}}",
		map[string]any{"Number": t.Number, "Customer": td.Customer.Name, "Status": StatusLabel(t.Status)}), widget.MediumImportance)
	if t.ApptDate != nil {
		f.text(T("ticket_detail.crew.booked", "Delivery booked for {{.Date}}.", map[string]any{"Date": models.FormatDate(*t.ApptDate) + " " + HalfLabel(t.ApptHalf)}), widget.LowImportance)
	}
	var opts []string
	for _, s := range c.staff {
		opts = append(opts, tdStaffOption(s))
	}
	c.members = widget.NewCheckGroup(opts, nil)
	c.leader = widget.NewSelect(nil, nil)
	c.leader.PlaceHolder = T("ticket_detail.crew.leader_hint", "Choose the leader from the crew")
	c.crewReason = widget.NewMultiLineEntry()
	c.crewReason.Wrapping = fyne.TextWrapWord
	c.crewReason.SetMinRowsVisible(2)
	c.crewReason.SetPlaceHolder(T("ticket_detail.crew.reason_hint", "e.g. a single small item; the customer helps carry"))
	c.count = widget.NewLabel("")
	c.count.Importance = widget.LowImportance

	// Prefill with the crew named so far.
	var sel []string
	leaderName := ""
	for _, m := range td.Crew {
		for i, s := range c.staff {
			if s.ID == m.StaffID {
				sel = append(sel, opts[i])
				if m.Leader {
					leaderName = s.Name
				}
			}
		}
	}
	c.members.Selected = sel
	c.crewReason.SetText(t.CrewReason)

	f.field(T("ticket_detail.crew.members", "Crew"), true, "crew", container.NewVBox(c.members, c.count))
	if len(c.staff) == 0 {
		f.text(T("ticket_detail.crew.no_staff", "No active staff in the staff list: add the delivery crew in Settings first."), widget.DangerImportance)
	}
	f.field(T("ticket_detail.crew.leader", "Leader"), true, "leader", c.leader)
	l, cell := f.field(T("ticket_detail.crew.why_fewer", "Why fewer than two"), true, "crew_reason", c.crewReason)
	c.reasonRow = [2]fyne.CanvasObject{l, cell}
	if t.Status == models.StatusScheduled {
		c.reason = widget.NewMultiLineEntry()
		c.reason.Wrapping = fyne.TextWrapWord
		c.reason.SetMinRowsVisible(2)
		f.field(T("ticket_detail.crew.change_reason", "Why the crew changes"), true, "reason", c.reason)
	}
	c.members.OnChanged = func([]string) { c.onMembersChanged() }
	c.onMembersChanged()
	if leaderName != "" {
		c.leader.SetSelected(leaderName)
	}
	p.delivery.crewDlg = c
	f.open(ActionLabel(models.ActAssignCrew), T("ticket_detail.crew.save", "Save crew"), theme.AccountIcon(), 560, c.onSubmit)
}

// chosen lists the staff ticked, in the order offered.
func (c *tdCrewDialog) chosen() []models.Staff {
	var out []models.Staff
	for i, o := range c.members.Options {
		for _, s := range c.members.Selected {
			if s == o {
				out = append(out, c.staff[i])
				break
			}
		}
	}
	return out
}

// onMembersChanged offers the chosen people as leaders, keeps the leader
// when still in the crew, and asks why when fewer than two go.
func (c *tdCrewDialog) onMembersChanged() {
	crew := c.chosen()
	var names []string
	for _, s := range crew {
		names = append(names, s.Name)
	}
	cur := c.leader.Selected
	c.leader.SetOptions(names)
	switch {
	case custIndexOf(names, cur) >= 0:
		c.leader.SetSelected(cur)
	case len(names) == 1:
		c.leader.SetSelected(names[0])
	default:
		c.leader.ClearSelected()
	}
	c.count.SetText(T("ticket_detail.crew.count", "{{.N}} chosen; at least two people go into a home.", map[string]any{"N": len(crew)}))
	few := len(crew) > 0 && len(crew) < models.MinCrew
	for _, o := range c.reasonRow {
		if few {
			o.Show()
		} else {
			o.Hide()
		}
	}
	c.form.fit()
}

// onSubmit saves the crew.
func (c *tdCrewDialog) onSubmit() { c.submit(false) }

// submit calls app.AssignCrew off the UI goroutine; allowClash books
// people who already have a job in the half day.
func (c *tdCrewDialog) submit(allowClash bool) {
	if c.form.busy {
		return
	}
	in := app.CrewInput{TicketID: c.id, Version: c.version, AllowClash: allowClash}
	for _, s := range c.chosen() {
		in.Crew = append(in.Crew, s.ID)
		if s.Name == c.leader.Selected {
			in.LeaderID = s.ID
		}
	}
	if len(in.Crew) < models.MinCrew {
		in.CrewReason = c.crewReason.Text
	}
	if c.reason != nil {
		in.Reason = c.reason.Text
	}
	c.form.clearErrs()
	c.p.change(func(a *app.App) (*app.TicketDetail, error) { return a.AssignCrew(in) }, c.form, c.onResult)
}

// onResult asks about a double booking, or shows why the crew was refused.
func (c *tdCrewDialog) onResult(err error) {
	if err == nil {
		return
	}
	var clash *app.ClashError
	if errors.As(err, &clash) {
		c.p.openClash(clash, T("ticket_detail.clash.crew_message", "Someone in this crew already has a job in this half day:"),
			T("ticket_detail.clash.crew_advice", "Book anyway only if the crew can do both jobs, e.g. two deliveries close together."),
			func() {}, func() { c.submit(true) })
		return
	}
	c.form.showErr(err)
}

// tdProblemDialog records a problem found on a delivery and opens the
// linked repair or replacement-part request.
type tdProblemDialog struct {
	p     *ticketDetail
	id    string
	items []models.DeliveryItem
	form  *tdForm

	kind        *widget.RadioGroup
	item        *widget.Select
	description *widget.Entry
	raise       *widget.RadioGroup
	partName    *widget.Entry
	partQty     *widget.Entry
	partRows    []fyne.CanvasObject // the part fields' labels and cells
	raiseSet    bool                // the person chose what to open

	created *app.TicketDetail // the ticket opened; for tests
}

// tdRaiseKinds are what a problem can open, in form order.
var tdRaiseKinds = []models.TicketKind{models.KindRepair, models.KindPart}

// tdRaiseLabel names what a problem opens.
func tdRaiseLabel(k models.TicketKind) string {
	if k == models.KindPart {
		return T("ticket_detail.problem.raise_part", "A replacement part request")
	}
	return T("ticket_detail.problem.raise_repair", "A repair (on site)")
}

// tdItemLabel names a delivery line in the problem dialog.
func tdItemLabel(it models.DeliveryItem) string {
	s := strings.TrimSpace(it.Product + " " + it.Model)
	if it.Qty > 1 {
		s += " ×" + strconv.Itoa(it.Qty)
	}
	return s
}

// onProblem opens the problem dialog.
func (d *tdDelivery) onProblem() {
	td := d.p.detail
	if td == nil || td.Ticket.Kind != models.KindDelivery || td.Ticket.Status == models.StatusCancelled {
		return
	}
	p := d.p
	pd := &tdProblemDialog{p: p, id: td.Ticket.ID, items: td.DeliveryItems, form: newTDForm(p)}
	f := pd.form
	f.text(T("ticket_detail.problem.explain", "{{.Number}} · {{.Customer}}: record what is wrong and open the repair or part request in one step; it is linked to this delivery.",
		map[string]any{"Number": td.Ticket.Number, "Customer": td.Customer.Name}), widget.MediumImportance)
	var kinds []string
	for _, k := range models.AllProblemKinds {
		kinds = append(kinds, ProblemLabel(k))
	}
	pd.kind = widget.NewRadioGroup(kinds, func(string) { pd.onKindChanged() })
	pd.kind.Horizontal = true
	f.field(T("ticket_detail.problem.kind", "What is wrong"), true, "problem", pd.kind)
	var items []string
	for _, it := range pd.items {
		items = append(items, tdItemLabel(it))
	}
	pd.item = widget.NewSelect(items, nil)
	pd.item.PlaceHolder = T("ticket_detail.problem.item_hint", "The whole delivery (no single item)")
	f.field(T("ticket_detail.problem.item", "Item"), false, "item", pd.item)
	pd.description = widget.NewMultiLineEntry()
	pd.description.Wrapping = fyne.TextWrapWord
	pd.description.SetMinRowsVisible(3)
	pd.description.SetPlaceHolder(T("ticket_detail.problem.description_hint", "Which part, what is wrong, e.g. left door panel scratched in transit"))
	f.field(T("ticket_detail.problem.description", "Description"), true, "description", pd.description)
	var raises []string
	for _, k := range tdRaiseKinds {
		raises = append(raises, tdRaiseLabel(k))
	}
	pd.raise = widget.NewRadioGroup(raises, func(string) { pd.raiseSet = true; pd.onRaiseChanged() })
	f.field(T("ticket_detail.problem.raise", "Open"), true, "raise", pd.raise)
	pd.partName = widget.NewEntry()
	pd.partName.SetPlaceHolder(T("ticket_detail.problem.part_hint", "e.g. door panel 60×40, hinge, screw pack"))
	pd.partQty = widget.NewEntry()
	pd.partQty.SetText("1")
	l1, c1 := f.field(T("ticket_detail.problem.part", "Part"), true, "part_name", pd.partName)
	l2, c2 := f.field(T("ticket_detail.items.qty", "Qty"), true, "part_qty", pd.partQty)
	pd.partRows = []fyne.CanvasObject{l1, c1, l2, c2}
	pd.onRaiseChanged()
	d.problem = pd
	f.open(T("ticket_detail.problem.title", "Problem found on delivery"), T("ticket_detail.problem.save", "Record and open"), theme.WarningIcon(), 600, pd.onSubmit)
}

// onKindChanged suggests what to open, until the person chooses: a
// missing or wrong part needs a part, damage and the rest a repair.
func (pd *tdProblemDialog) onKindChanged() {
	if pd.raiseSet {
		return
	}
	k := pd.selectedKind()
	switch k {
	case models.ProblemMissingPart, models.ProblemWrongPart:
		pd.raise.SetSelected(tdRaiseLabel(models.KindPart))
	case "":
		return
	default:
		pd.raise.SetSelected(tdRaiseLabel(models.KindRepair))
	}
	pd.raiseSet = false // a suggestion, not a choice
}

// selectedKind is the problem kind chosen, or "".
func (pd *tdProblemDialog) selectedKind() models.ProblemKind {
	for i, o := range pd.kind.Options {
		if o == pd.kind.Selected {
			return models.AllProblemKinds[i]
		}
	}
	return ""
}

// selectedRaise is what to open, or "".
func (pd *tdProblemDialog) selectedRaise() models.TicketKind {
	for i, o := range pd.raise.Options {
		if o == pd.raise.Selected {
			return tdRaiseKinds[i]
		}
	}
	return ""
}

// onRaiseChanged shows the part fields for a part request only.
func (pd *tdProblemDialog) onRaiseChanged() {
	part := pd.selectedRaise() == models.KindPart
	for _, o := range pd.partRows {
		if part {
			o.Show()
		} else {
			o.Hide()
		}
	}
	pd.form.fit()
}

// onSubmit records the problem with app.ReportProblem, then opens the
// new ticket.
func (pd *tdProblemDialog) onSubmit() {
	if pd.form.busy {
		return
	}
	in := app.ProblemInput{Kind: pd.selectedKind(), Description: pd.description.Text, Raise: pd.selectedRaise()}
	if i := pd.item.SelectedIndex(); i >= 0 && i < len(pd.items) {
		in.ItemID = pd.items[i].ID
	}
	if in.Raise == models.KindPart {
		in.PartName, in.PartQty = pd.partName.Text, pd.partQty.Text
	}
	pd.form.clearErrs()
	pd.form.setBusy(true)
	a, id := pd.p.deps.App, pd.id
	custGo(func() func() {
		nt, err := a.ReportProblem(id, in)
		return func() { pd.onResult(nt, err) }
	})
}

// onResult closes the dialog and opens the new ticket, or shows why the
// problem was refused.
func (pd *tdProblemDialog) onResult(nt *app.TicketDetail, err error) {
	pd.form.setBusy(false)
	if err != nil {
		pd.form.showErr(err)
		return
	}
	pd.created = nt
	pd.form.close()
	p := pd.p
	p.changed++
	if p.id == pd.id {
		p.reload() // the delivery lists the new ticket
	}
	if p.OnChanged != nil {
		p.OnChanged(nt)
	}
	p.openTicket(nt.Ticket.ID)
}
