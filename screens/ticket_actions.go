package screens

import (
	"errors"
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

// tdForm is a small dialog of labelled fields with a problem line under
// each, shared by the action and charge dialogs of the ticket page. A
// problem of a field the dialog does not show goes to the line at the
// bottom; the dialog stays open with what was typed.
type tdForm struct {
	p         *ticketDetail
	grid      *fyne.Container
	errs      map[string]*widget.Label // field → its problem
	entries   []*widget.Entry          // single-line entries: Enter submits
	formErr   *widget.Label
	okBtn     *widget.Button
	cancelBtn *widget.Button
	body      *fyne.Container
	dlg       *dialog.CustomDialog
	okText    string
	width     float32
	busy      bool
	closed    bool
}

// newTDForm starts an empty form for the ticket page.
func newTDForm(p *ticketDetail) *tdForm {
	f := &tdForm{p: p, errs: map[string]*widget.Label{}}
	f.grid = container.New(layout.NewFormLayout())
	f.formErr = custErrLabel()
	return f
}

// field adds a labelled row; key names the field in models' problems.
// It returns the row's label and cell, to hide a row that does not apply
// (the form layout skips a row whose two cells are hidden).
func (f *tdForm) field(label string, required bool, key string, o fyne.CanvasObject) (*widget.Label, fyne.CanvasObject) {
	if required {
		label += " *"
	}
	l := widget.NewLabelWithStyle(label, fyne.TextAlignTrailing, fyne.TextStyle{Bold: required})
	if e, ok := o.(*widget.Entry); ok && !e.MultiLine {
		f.entries = append(f.entries, e)
	}
	cell := o
	if key != "" {
		e := custErrLabel()
		f.errs[key] = e
		cell = container.NewVBox(o, e)
	}
	f.grid.Add(l)
	f.grid.Add(cell)
	return l, cell
}

// text adds a row with only a text, such as an explanation.
func (f *tdForm) text(s string, imp widget.Importance) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	l.Importance = imp
	f.grid.Add(widget.NewLabel(""))
	f.grid.Add(l)
	return l
}

// open shows the dialog; onOK runs when the main button is pressed.
func (f *tdForm) open(title, okText string, icon fyne.Resource, width float32, onOK func()) {
	f.okText, f.width = okText, width
	for _, e := range f.entries {
		e.OnSubmitted = func(string) { onOK() }
	}
	f.okBtn = widget.NewButtonWithIcon(okText, icon, onOK)
	f.okBtn.Importance = widget.HighImportance
	f.cancelBtn = widget.NewButtonWithIcon(T("ticket_detail.cancel", "Cancel"), theme.CancelIcon(), f.close)
	f.body = container.NewVBox(f.grid, f.formErr)
	f.dlg = dialog.NewCustomWithoutButtons(title, f.body, f.p.deps.Window)
	f.dlg.SetButtons([]fyne.CanvasObject{f.cancelBtn, f.okBtn})
	f.dlg.Resize(fyne.NewSize(fyne.Max(width, f.dlg.MinSize().Width), f.dlg.MinSize().Height))
	f.p.form = f
	f.dlg.Show()
}

// close hides the dialog.
func (f *tdForm) close() {
	f.closed = true
	if f.dlg != nil {
		f.dlg.Hide()
	}
}

// setBusy disables the buttons while a save runs.
func (f *tdForm) setBusy(on bool) {
	f.busy = on
	if f.okBtn == nil {
		return
	}
	if on {
		f.okBtn.SetText(T("ticket_detail.saving", "Saving…"))
		f.okBtn.Disable()
	} else {
		f.okBtn.SetText(f.okText)
		f.okBtn.Enable()
	}
}

// clearErrs hides every problem.
func (f *tdForm) clearErrs() {
	for _, l := range f.errs {
		custSetErr(l, "")
	}
	custSetErr(f.formErr, "")
}

// showErr shows field problems under their fields and anything else at
// the bottom, and keeps the dialog open.
func (f *tdForm) showErr(err error) {
	f.clearErrs()
	var rest []string
	if fe := models.AsFieldErrors(err); len(fe) > 0 {
		for _, e := range fe {
			if l, ok := f.errs[e.Field]; ok && l.Text == "" {
				custSetErr(l, FieldErrText(e))
				continue
			}
			rest = append(rest, FieldErrText(e))
		}
	} else {
		rest = append(rest, ErrText(err))
	}
	custSetErr(f.formErr, strings.Join(rest, "\n"))
	f.fit()
}

// fit lays the dialog out again after a problem line appeared or went.
func (f *tdForm) fit() {
	if f.body == nil || f.dlg == nil {
		return
	}
	f.body.Refresh()
	m := f.dlg.MinSize()
	f.dlg.Resize(fyne.NewSize(fyne.Max(f.width, m.Width), m.Height))
}

// newTDDateField is the ticket page's date entry: the shared dateField,
// its calendar opening at the page's today.
func newTDDateField(p *ticketDetail) *dateField {
	return newDateField(p.deps.Window, func() time.Time { return p.now })
}

// tdActionDialog asks for what models.CheckStep needs for one action and
// submits it with app.Step at the version the page loaded.
type tdActionDialog struct {
	p       *ticketDetail
	act     models.Action
	id      string
	version int
	techs   []models.Staff // the technicians offered
	form    *tdForm

	tech      *widget.Select
	date      *dateField
	half      *widget.RadioGroup
	reason    *widget.Entry
	custAsked *widget.Check
	agreed    *widget.Check
	courier   *widget.Entry
	tracking  *widget.Entry
	cost      *widget.Entry
	liability *widget.RadioGroup
	note      *widget.Entry

	clash *tdClashDialog // the double-booking question, while shown
}

// tdLiabilities are the liability choices in form order.
var tdLiabilities = []models.Liability{models.LiabilityManufacturer, models.LiabilityShop, models.LiabilityCustomer}

// startAction opens the dialog for an action on the ticket shown. Asked
// before the ticket has loaded (the Today board opens a ticket and an
// action at once), it waits for the load.
func (p *ticketDetail) startAction(act models.Action) {
	if p.id == "" {
		return
	}
	if p.detail == nil || p.detail.Ticket.ID != p.id {
		p.pendingAct = act
		return
	}
	legal := false
	for _, a := range p.detail.Legal {
		legal = legal || a == act
	}
	if !legal {
		tdSetBanner(p.notice, T("ticket_detail.not_legal", "“{{.Action}}” is not possible now: the ticket is “{{.Status}}”.",
			map[string]any{"Action": ActionLabel(act), "Status": StatusLabel(p.detail.Ticket.Status)}))
		return
	}
	if p.complaint.start(act) { // complaint steps have their own dialogs (complaints.go)
		return
	}
	if act == models.ActAssignCrew {
		p.startCrew()
		return
	}
	if p.startReturnAction(act) { // returns.go
		return
	}
	if act == models.ActAssign || act == models.ActReassign {
		a, id := p.deps.App, p.id
		custGo(func() func() {
			techs, err := a.StaffWithRole(models.RoleTechnician)
			return func() { p.openAction(id, act, techs, err) }
		})
		return
	}
	p.openAction(p.id, act, nil, nil)
}

// openAction builds and shows the dialog of an action on ticket id,
// unless another ticket was opened meanwhile.
func (p *ticketDetail) openAction(id string, act models.Action, techs []models.Staff, err error) {
	if err != nil {
		showError(p.deps.Window, err)
		return
	}
	if p.detail == nil || p.detail.Ticket.ID != id {
		return
	}
	t := &p.detail.Ticket
	d := &tdActionDialog{p: p, act: act, id: t.ID, version: t.Version, techs: techs, form: newTDForm(p)}
	f := d.form
	f.text(T("ticket_detail.action.for", "{{.Number}} · {{.Customer}} · now {{.Status}}",
		map[string]any{"Number": t.Number, "Customer": p.detail.Customer.Name, "Status": StatusLabel(t.Status)}), widget.MediumImportance)
	if t.Kind == models.KindPart && t.PartName != "" {
		f.text(T("ticket_detail.extra.part", "Replacement part: {{.Part}} × {{.Qty}}", map[string]any{"Part": t.PartName, "Qty": t.PartQty}), widget.MediumImportance)
	}
	switch act {
	case models.ActAssign, models.ActReassign:
		var names []string
		for _, s := range techs {
			names = append(names, s.Name)
		}
		d.tech = widget.NewSelect(names, nil)
		d.tech.PlaceHolder = T("ticket_detail.action.tech_hint", "Choose a technician")
		f.field(T("ticket_detail.technician", "Technician"), true, "technician", d.tech)
		if len(techs) == 0 {
			f.text(T("ticket_detail.action.no_techs", "No active technician in the staff list: add one in Settings first."), widget.DangerImportance)
		}
		if act == models.ActReassign {
			d.reason = d.reasonEntry()
			f.field(T("ticket_detail.action.reason", "Reason"), true, "reason", d.reason)
		}
	case models.ActSchedule, models.ActReschedule:
		d.date = newTDDateField(p)
		f.entries = append(f.entries, d.date.entry)
		f.field(T("ticket_detail.action.date", "Date"), true, "date", d.date.box)
		d.half = widget.NewRadioGroup([]string{HalfLabel(models.AM), HalfLabel(models.PM)}, nil)
		d.half.Horizontal = true
		f.field(T("ticket_detail.action.half", "Half day"), true, "half", d.half)
		switch {
		case t.Kind == models.KindDelivery && len(p.detail.Crew) > 0:
			var names []string
			for _, c := range p.detail.Crew {
				names = append(names, c.Name)
			}
			f.text(T("ticket_detail.action.crew_by", "Delivered by {{.Names}}; every one of them is checked for that half day.",
				map[string]any{"Names": tdJoin(names)}), widget.LowImportance)
		case p.detail.Technician != "":
			f.text(T("ticket_detail.action.visit_by", "Visit by {{.Name}}.", map[string]any{"Name": p.detail.Technician}), widget.LowImportance)
		}
		if act == models.ActReschedule {
			d.reason = d.reasonEntry()
			f.field(T("ticket_detail.action.reason", "Reason"), true, "reason", d.reason)
			d.custAsked = widget.NewCheck(T("ticket_detail.action.customer_asked", "The customer asked for the change"), nil)
			f.field("", false, "", d.custAsked)
			d.agreed = widget.NewCheck(T("ticket_detail.action.customer_agreed", "The customer agreed to the new time"), nil)
			f.field("", false, "agreed", d.agreed)
		}
	case models.ActIssueVoucher:
		d.date = newTDDateField(p)
		f.entries = append(f.entries, d.date.entry)
		f.field(T("ticket_detail.action.expected", "Expected pickup date"), true, "date", d.date.box)
	case models.ActReceiveParcel:
		d.courier, d.tracking = widget.NewEntry(), widget.NewEntry()
		d.cost = widget.NewEntry()
		d.cost.SetPlaceHolder(T("ticket_detail.action.cost_hint", "Yuan, e.g. 18"))
		f.field(T("ticket_detail.data.courier", "Courier"), true, "courier", d.courier)
		f.field(T("ticket_detail.data.tracking", "Tracking no."), true, "tracking", d.tracking)
		f.field(T("ticket_detail.action.cost", "Courier cost (¥)"), false, "cost", d.cost)
	case models.ActShipBack:
		d.courier, d.tracking = widget.NewEntry(), widget.NewEntry()
		f.field(T("ticket_detail.data.courier", "Courier"), true, "courier", d.courier)
		f.field(T("ticket_detail.data.tracking", "Tracking no."), true, "tracking", d.tracking)
	case models.ActSendToFactory:
		d.tracking = widget.NewEntry()
		f.field(T("ticket_detail.data.tracking", "Tracking no."), false, "tracking", d.tracking)
	case models.ActDecideLiability:
		var labels []string
		for _, l := range tdLiabilities {
			labels = append(labels, LiabilityLabel(l))
		}
		d.liability = widget.NewRadioGroup(labels, nil)
		d.liability.Horizontal = true
		f.field(T("ticket_detail.action.liability", "Who is liable"), true, "liability", d.liability)
	case models.ActCompleteInst:
		done, total, missing := models.Progress(p.detail.Checks)
		f.text(T("ticket_detail.complete.progress", "Checklist: {{.Progress}} ticked.", map[string]any{"Progress": tdProgressText(done, total)}), widget.MediumImportance)
		if missing > 0 {
			f.text(T("ticket_detail.complete.missing", "{{.Count}} required line(s) are not ticked. Tick them on the Checklist tab, or write here why they were left: the reason is printed on the slip.",
				map[string]any{"Count": missing}), widget.WarningImportance)
			d.reason = d.reasonEntry()
			d.reason.SetPlaceHolder(T("ticket_detail.complete.reason_hint", "e.g. the customer had to leave; glass doors checked at the next visit"))
			f.field(T("ticket_detail.complete.reason", "Why not ticked"), true, "reason", d.reason)
		} else {
			d.note = widget.NewEntry()
			d.note.SetPlaceHolder(T("ticket_detail.action.note_hint", "Optional note for the timeline"))
			f.field(T("ticket_detail.action.note", "Note"), false, "note", d.note)
		}
	case models.ActCancel, models.ActAbandon, models.ActEscalate:
		d.reason = d.reasonEntry()
		f.field(T("ticket_detail.action.reason", "Reason"), true, "reason", d.reason)
	case models.ActClose:
		d.note = widget.NewMultiLineEntry()
		d.note.Wrapping = fyne.TextWrapWord
		d.note.SetMinRowsVisible(2)
		d.note.SetPlaceHolder(T("ticket_detail.action.resolution_hint", "What was done; optional"))
		f.field(T("ticket_detail.action.resolution", "Resolution"), false, "note", d.note)
	default:
		d.note = widget.NewEntry()
		d.note.SetPlaceHolder(T("ticket_detail.action.note_hint", "Optional note for the timeline"))
		f.field(T("ticket_detail.action.note", "Note"), false, "note", d.note)
	}
	p.action = d
	f.open(ActionLabel(act), ActionLabel(act), tdActionIcon(act), 520, d.onSubmit)
}

// reasonEntry is a short multi-line entry for a reason.
func (d *tdActionDialog) reasonEntry() *widget.Entry {
	e := widget.NewMultiLineEntry()
	e.Wrapping = fyne.TextWrapWord
	e.SetMinRowsVisible(2)
	return e
}

// input collects the dialog into a StepInput; problems of reading the
// date or the cost are returned as field problems.
func (d *tdActionDialog) input() (models.StepInput, error) {
	in := models.StepInput{Action: d.act}
	var errs models.ValidationErrors
	if d.tech != nil {
		if i := d.tech.SelectedIndex(); i >= 0 && i < len(d.techs) {
			in.TechnicianID = d.techs[i].ID
		}
	}
	if d.date != nil {
		t, fe := d.date.value("date")
		if fe != nil {
			errs = append(errs, fe)
		}
		in.Date = t
	}
	if d.half != nil {
		switch d.half.Selected {
		case HalfLabel(models.AM):
			in.Half = models.AM
		case HalfLabel(models.PM):
			in.Half = models.PM
		}
	}
	if d.reason != nil {
		in.Reason = d.reason.Text
	}
	if d.custAsked != nil {
		in.CustomerAsked = d.custAsked.Checked
	}
	if d.agreed != nil {
		in.CustomerAgreed = d.agreed.Checked
	}
	if d.courier != nil {
		in.Courier = d.courier.Text
	}
	if d.tracking != nil {
		in.Tracking = d.tracking.Text
	}
	if d.cost != nil && strings.TrimSpace(d.cost.Text) != "" {
		m, fe := models.ParseMoney(d.cost.Text)
		if fe != nil {
			fe.Field = "cost"
			errs = append(errs, fe)
		}
		in.Cost = m
	}
	if d.liability != nil {
		for i, l := range d.liability.Options {
			if l == d.liability.Selected {
				in.Liability = tdLiabilities[i]
			}
		}
	}
	if d.note != nil {
		in.Note = d.note.Text
	}
	return in, errs.OrNil()
}

// onSubmit carries out the action.
func (d *tdActionDialog) onSubmit() { d.submit(false) }

// submit checks what can be checked here and calls app.Step off the UI
// goroutine; allowClash books a half day that already has a visit.
func (d *tdActionDialog) submit(allowClash bool) {
	if d.form.busy {
		return
	}
	in, err := d.input()
	if err != nil {
		d.form.showErr(err)
		return
	}
	in.AllowClash = allowClash
	d.form.clearErrs()
	id, version := d.id, d.version
	d.p.change(func(a *app.App) (*app.TicketDetail, error) { return a.Step(id, version, in) }, d.form, d.onResult)
}

// onResult handles a refused step: a double booking asks first, anything
// else is shown in the dialog.
func (d *tdActionDialog) onResult(err error) {
	if err == nil {
		return
	}
	var clash *app.ClashError
	if errors.As(err, &clash) {
		d.showClash(clash)
		return
	}
	d.form.showErr(err)
}

// tdClashDialog asks whether to book a technician's half day that
// already has a visit.
type tdClashDialog struct {
	message    *widget.Label
	back       *widget.Button
	bookAnyway *widget.Button
	dlg        *dialog.CustomDialog
}

// showClash lists the visits already in the slot, with "Book anyway".
func (d *tdActionDialog) showClash(e *app.ClashError) {
	who := d.p.detail.Technician
	if d.tech != nil && d.tech.Selected != "" {
		who = d.tech.Selected
	}
	head := T("ticket_detail.clash.message", "{{.Name}} already has a visit in this half day:", map[string]any{"Name": who})
	advice := T("ticket_detail.clash.advice", "Book anyway only if the technician can do both, e.g. two visits close together.")
	if d.p.detail.Ticket.Kind == models.KindDelivery {
		head = T("ticket_detail.clash.crew_message", "Someone in this crew already has a job in this half day:")
		advice = T("ticket_detail.clash.crew_advice", "Book anyway only if the crew can do both jobs, e.g. two deliveries close together.")
	}
	d.clash = d.p.openClash(e, head, advice, d.onClashBack, d.onBookAnyway)
}

// openClash asks whether to book a half day that already has jobs: head
// says who, the jobs are listed, advice says when to go ahead. onBack
// and onAnyway run after the question is closed.
func (p *ticketDetail) openClash(e *app.ClashError, head, advice string, onBack, onAnyway func()) *tdClashDialog {
	c := &tdClashDialog{}
	var lines []string
	for _, r := range e.Existing {
		line := r.Number + " · " + r.CustomerName
		if r.ApptDate != nil {
			line += " · " + models.FormatDate(*r.ApptDate) + " " + HalfLabel(r.ApptHalf)
		}
		if r.Symptom != "" {
			line += " · " + r.Symptom
		}
		lines = append(lines, line)
	}
	c.message = widget.NewLabel(head + "\n" + strings.Join(lines, "\n") + "\n\n" + advice)
	c.message.Wrapping = fyne.TextWrapWord
	c.back = widget.NewButtonWithIcon(T("ticket_detail.clash.back", "Choose another time"), theme.NavigateBackIcon(), func() {
		c.dlg.Hide()
		onBack()
	})
	c.bookAnyway = widget.NewButtonWithIcon(T("ticket_detail.clash.book_anyway", "Book anyway"), theme.ConfirmIcon(), func() {
		c.dlg.Hide()
		onAnyway()
	})
	c.bookAnyway.Importance = widget.WarningImportance
	c.dlg = dialog.NewCustomWithoutButtons(T("ticket_detail.clash.title", "Double booking"), c.message, p.deps.Window)
	c.dlg.SetButtons([]fyne.CanvasObject{c.back, c.bookAnyway})
	c.dlg.Resize(fyne.NewSize(520, c.dlg.MinSize().Height+20))
	p.clash = c
	c.dlg.Show()
	return c
}

// closeClash forgets the double-booking question (its buttons hide it).
func (d *tdActionDialog) closeClash() { d.clash = nil }

// onClashBack returns to the dialog to choose another slot.
func (d *tdActionDialog) onClashBack() { d.closeClash() }

// onBookAnyway books the slot although it has a visit.
func (d *tdActionDialog) onBookAnyway() {
	d.closeClash()
	d.submit(true)
}

// tdItemDialog adds a charge line: from the fee schedule (price
// prefilled and editable) or typed by hand.
type tdItemDialog struct {
	p            *ticketDetail
	fromSchedule bool
	form         *tdForm
	shown        []models.FeeItem // the fee items offered after the filter

	filter  *widget.Entry
	fee     *widget.Select
	kind    *widget.Select
	name    *widget.Entry
	qty     *widget.Entry
	price   *widget.Entry
	charged *widget.Check
}

// tdItemKinds are the line kinds offered for a hand-typed line.
var tdItemKinds = []models.ItemKind{models.ItemVisit, models.ItemLabour, models.ItemPart, models.ItemOther}

// onAddFee opens the dialog to add a line from the fee schedule.
func (p *ticketDetail) onAddFee() { p.openItem(true) }

// onAddOther opens the dialog to add a line typed by hand.
func (p *ticketDetail) onAddOther() { p.openItem(false) }

// openItem builds and shows the add-line dialog.
func (p *ticketDetail) openItem(fromSchedule bool) {
	if p.detail == nil {
		return
	}
	d := &tdItemDialog{p: p, fromSchedule: fromSchedule, form: newTDForm(p)}
	f := d.form
	d.qty = widget.NewEntry()
	d.qty.SetText("1")
	d.price = widget.NewEntry()
	d.price.SetPlaceHolder(T("ticket_detail.items.price_hint", "Yuan, e.g. 80"))
	d.charged = widget.NewCheck(T("ticket_detail.items.charged_check", "Charge the customer (not covered by warranty)"), nil)
	d.charged.SetChecked(!p.detail.Ticket.WarrantyCovered)
	title := T("ticket_detail.items.add_other_title", "Add a charge or part")
	if fromSchedule {
		title = T("ticket_detail.items.add_fee_title", "Add from the fee schedule")
		d.filter = widget.NewEntry()
		d.filter.SetPlaceHolder(T("ticket_detail.items.filter_hint", "Type to narrow the list, e.g. 上门 or hinge"))
		d.filter.OnChanged = d.onFilter
		d.fee = widget.NewSelect(nil, d.onFeeChosen)
		d.fee.PlaceHolder = T("ticket_detail.items.fee_hint", "Choose an item")
		d.onFilter("")
		f.field(T("ticket_detail.items.search", "Search"), false, "", d.filter)
		f.field(T("ticket_detail.items.name", "Item"), true, "item", d.fee)
	} else {
		var kinds []string
		for _, k := range tdItemKinds {
			kinds = append(kinds, ItemKindLabel(k))
		}
		d.kind = widget.NewSelect(kinds, nil)
		d.kind.SetSelectedIndex(2)
		d.name = widget.NewEntry()
		f.field(T("ticket_detail.items.kind", "Kind"), true, "kind", d.kind)
		f.field(T("ticket_detail.items.name", "Item"), true, "name", d.name)
	}
	f.field(T("ticket_detail.items.qty", "Qty"), true, "qty", d.qty)
	f.field(T("ticket_detail.items.unit_price", "Unit price (¥)"), !fromSchedule, "price", d.price)
	f.field("", false, "", d.charged)
	if p.detail.Ticket.WarrantyCovered {
		f.text(T("ticket_detail.items.warranty_note", "This repair is under warranty: lines are free unless you tick “Charge”."), widget.LowImportance)
	}
	p.item = d
	f.open(title, T("ticket_detail.items.add", "Add"), theme.ContentAddIcon(), 560, d.onSubmit)
}

// tdFeeLabel shows a fee item in the current language with its price.
func tdFeeLabel(fi models.FeeItem) string {
	name, unit := fi.NameEN, fi.UnitEN
	if tdZH() || name == "" {
		name, unit = fi.NameZH, fi.UnitZH
	}
	s := name + " — " + tdMoney(fi.Price)
	if unit != "" {
		s += " / " + unit
	}
	return s
}

// onFilter narrows the fee items to those matching the typed text.
func (d *tdItemDialog) onFilter(text string) {
	q := strings.ToLower(strings.TrimSpace(text))
	d.shown = nil
	var labels []string
	for _, fi := range d.p.fees {
		hay := strings.ToLower(fi.NameZH + " " + fi.NameEN + " " + fi.Key + " " + string(fi.Kind))
		if q == "" || strings.Contains(hay, q) {
			d.shown = append(d.shown, fi)
			labels = append(labels, tdFeeLabel(fi))
		}
	}
	sel := d.fee.Selected
	d.fee.SetOptions(labels)
	if custIndexOf(labels, sel) < 0 {
		d.fee.ClearSelected()
	}
	if len(labels) == 1 {
		d.fee.SetSelectedIndex(0)
	}
}

// selectedFee is the chosen fee item, if any.
func (d *tdItemDialog) selectedFee() (models.FeeItem, bool) {
	i := d.fee.SelectedIndex()
	if i < 0 || i >= len(d.shown) {
		return models.FeeItem{}, false
	}
	return d.shown[i], true
}

// onFeeChosen prefills the price from the schedule.
func (d *tdItemDialog) onFeeChosen(string) {
	if fi, ok := d.selectedFee(); ok {
		d.price.SetText(fi.Price.Yuan())
	}
}

// onSubmit adds the line with app.AddItem.
func (d *tdItemDialog) onSubmit() {
	if d.form.busy {
		return
	}
	in := app.ItemInput{Qty: d.qty.Text, Price: d.price.Text, Charged: d.charged.Checked}
	if d.fromSchedule {
		fi, ok := d.selectedFee()
		if !ok {
			d.form.showErr(models.NewFieldError("item", "ticket_detail.items.choose", "Choose an item from the fee schedule.", nil))
			return
		}
		in.Code, in.Kind = fi.Key, fi.Kind
	} else {
		if i := d.kind.SelectedIndex(); i >= 0 && i < len(tdItemKinds) {
			in.Kind = tdItemKinds[i]
		}
		in.Name = d.name.Text
	}
	id := d.p.detail.Ticket.ID
	d.form.clearErrs()
	d.p.change(func(a *app.App) (*app.TicketDetail, error) { return a.AddItem(id, in) }, d.form, d.onResult)
}

// onResult shows a refused line in the dialog.
func (d *tdItemDialog) onResult(err error) {
	if err != nil {
		d.form.showErr(err)
	}
}

// tdNoteForm is a dialog with one note, such as the customer's consent.
type tdNoteForm struct {
	p    *ticketDetail
	id   string
	form *tdForm
	note *widget.Entry
}

// onConsent records that the customer agreed to the quote.
func (p *ticketDetail) onConsent() {
	if p.detail == nil {
		return
	}
	d := p.detail
	n := &tdNoteForm{p: p, id: d.Ticket.ID, form: newTDForm(p)}
	n.form.text(T("ticket_detail.consent.explain", "Tell the customer the charged total of {{.Total}} and record that they agreed before the repair.",
		map[string]any{"Total": tdMoney(d.Quote.Total)}), widget.MediumImportance)
	n.note = widget.NewEntry()
	n.note.SetPlaceHolder(T("ticket_detail.consent.note_hint", "How they agreed, e.g. by phone, signed the quote"))
	n.form.field(T("ticket_detail.action.note", "Note"), false, "consent", n.note)
	p.consentForm = n
	n.form.open(T("ticket_detail.consent.title", "Customer agreed to the quote"), T("ticket_detail.consent.save", "Record consent"), theme.ConfirmIcon(), 520, n.onSubmit)
}

// onSubmit records the consent with app.RecordConsent.
func (n *tdNoteForm) onSubmit() {
	if n.form.busy {
		return
	}
	id, note := n.id, n.note.Text
	n.p.change(func(a *app.App) (*app.TicketDetail, error) { return a.RecordConsent(id, note) }, n.form, n.onResult)
}

// onResult shows a refused change in the dialog.
func (n *tdNoteForm) onResult(err error) {
	if err != nil {
		n.form.showErr(err)
	}
}

// tdApproveForm picks the general manager who approves a discount.
type tdApproveForm struct {
	p    *ticketDetail
	id   string
	form *tdForm
	gms  []models.Staff
	who  *widget.Select
}

// onApprove loads the general managers and asks which one approves.
func (p *ticketDetail) onApprove() {
	if p.detail == nil {
		return
	}
	a := p.deps.App
	custGo(func() func() {
		gms, err := a.StaffWithRole(models.RoleGeneralManager)
		return func() { p.openApprove(gms, err) }
	})
}

// openApprove shows the approval dialog.
func (p *ticketDetail) openApprove(gms []models.Staff, err error) {
	if err != nil {
		showError(p.deps.Window, err)
		return
	}
	if p.detail == nil {
		return
	}
	d := p.detail
	ap := &tdApproveForm{p: p, id: d.Ticket.ID, form: newTDForm(p), gms: gms}
	var names []string
	for _, s := range gms {
		names = append(names, s.Name)
	}
	ap.who = widget.NewSelect(names, nil)
	ap.who.PlaceHolder = T("ticket_detail.approve.hint", "Choose the general manager")
	if s := p.deps.App.Session(); s != nil && !s.System {
		// Signed in: the core records the signed-in person as the approver,
		// so the form shows them and does not offer a choice.
		ap.who.SetSelected(s.Name)
		ap.who.Disable()
	}
	ap.form.text(T("ticket_detail.approve.explain", "Quote {{.Total}} against the fee schedule's {{.Schedule}}. Only a general manager may approve it.",
		map[string]any{"Total": tdMoney(d.Quote.Total), "Schedule": tdMoney(d.Quote.ScheduleTotal)}), widget.MediumImportance)
	ap.form.field(T("ticket_detail.approve.who", "Approved by"), true, "approver", ap.who)
	if len(gms) == 0 {
		ap.form.text(T("ticket_detail.approve.none", "No active general manager in the staff list: add one in Settings first."), widget.DangerImportance)
	}
	p.approveForm = ap
	ap.form.open(T("ticket_detail.approve.title", "Approve the discount"), T("ticket_detail.approve.save", "Approve"), theme.ConfirmIcon(), 520, ap.onSubmit)
}

// onSubmit records the approval with app.ApproveQuote.
func (ap *tdApproveForm) onSubmit() {
	if ap.form.busy {
		return
	}
	id, gm := ap.id, ""
	if s := ap.p.deps.App.Session(); s != nil && !s.System {
		gm = s.StaffID // the core checks the signed-in person's role
	} else {
		i := ap.who.SelectedIndex()
		if i < 0 || i >= len(ap.gms) {
			ap.form.showErr(models.NewFieldError("approver", "ticket_detail.approve.choose", "Choose the general manager who approves.", nil))
			return
		}
		gm = ap.gms[i].ID
	}
	ap.p.change(func(a *app.App) (*app.TicketDetail, error) { return a.ApproveQuote(id, gm) }, ap.form, ap.onResult)
}

// onResult shows a refused approval in the dialog.
func (ap *tdApproveForm) onResult(err error) {
	if err != nil {
		ap.form.showErr(err)
	}
}

// tdPayForm records a payment.
type tdPayForm struct {
	p       *ticketDetail
	id      string
	form    *tdForm
	method  *widget.RadioGroup
	amount  *widget.Entry
	receipt *widget.Entry
}

// onPay opens the payment dialog with the balance prefilled.
func (p *ticketDetail) onPay() {
	if p.detail == nil {
		return
	}
	d := p.detail
	pf := &tdPayForm{p: p, id: d.Ticket.ID, form: newTDForm(p)}
	var labels []string
	for _, m := range models.AllPaymentMethods {
		labels = append(labels, PayMethodLabel(m))
	}
	pf.method = widget.NewRadioGroup(labels, nil)
	pf.method.Horizontal = true
	pf.amount = widget.NewEntry()
	if d.Balance() > 0 {
		pf.amount.SetText(d.Balance().Yuan())
	}
	pf.receipt = widget.NewEntry()
	pf.form.text(T("ticket_detail.pay.owed", "Balance owed: {{.Balance}}", map[string]any{"Balance": tdMoney(d.Balance())}), widget.MediumImportance)
	pf.form.field(T("ticket_detail.pay.method", "Method"), true, "method", pf.method)
	pf.form.field(T("ticket_detail.pay.amount_yuan", "Amount (¥)"), true, "amount", pf.amount)
	pf.form.field(T("ticket_detail.pay.receipt", "Receipt no."), false, "receipt", pf.receipt)
	p.pay = pf
	pf.form.open(T("ticket_detail.pay.title_new", "Record payment"), T("ticket_detail.pay.save", "Record"), theme.ConfirmIcon(), 560, pf.onSubmit)
}

// onSubmit records the payment with app.AddPayment.
func (pf *tdPayForm) onSubmit() {
	if pf.form.busy {
		return
	}
	in := app.PaymentInput{Amount: pf.amount.Text, ReceiptNo: pf.receipt.Text}
	for i, l := range pf.method.Options {
		if l == pf.method.Selected {
			in.Method = models.AllPaymentMethods[i]
		}
	}
	id := pf.id
	pf.p.change(func(a *app.App) (*app.TicketDetail, error) { return a.AddPayment(id, in) }, pf.form, pf.onResult)
}

// onResult shows a refused payment in the dialog.
func (pf *tdPayForm) onResult(err error) {
	if err != nil {
		pf.form.showErr(err)
	}
}
