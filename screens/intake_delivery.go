package screens

import (
	"strconv"
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

// intakeDeliveryFields are the delivery section's fields whose problems
// show next to them (the crew picker brings crew, leader and crew_reason).
var intakeDeliveryFields = []string{"items", "date", "half", "checklist"}

// intakeDelivery is the delivery section of the intake (送货安装): the
// items, the booked day, the installation checklist and, optionally, the
// crew. The checklists, the staff and the product types load the first
// time the kind is chosen.
type intakeDelivery struct {
	i *intakeDialog

	rows      []*deliveryItemRow
	rowsBox   *fyne.Container
	addBtn    *widget.Button
	date      *dateField
	half      *widget.RadioGroup
	checklist *widget.Select
	crew      *crewPicker
	loading   *widget.Label
	box       *fyne.Container // the whole section, shown for a delivery

	// Loaded on the UI goroutine by load.
	templates   []models.ChecklistTemplate
	types       []models.ProductType
	loaded      bool
	loadStarted bool

	checklistTouched bool // the person chose a checklist: no more suggestions
	settingList      bool // code is choosing the checklist
}

// newIntakeDelivery builds the section with one empty item row.
func newIntakeDelivery(i *intakeDialog) *intakeDelivery {
	d := &intakeDelivery{i: i}
	for _, f := range intakeDeliveryFields {
		i.errs[f] = custErrLabel()
	}
	d.rowsBox = container.NewVBox()
	d.addBtn = widget.NewButtonWithIcon(T("tickets.delivery.add_item", "Add item"), theme.ContentAddIcon(), d.onAddItem)
	d.addBtn.Importance = widget.LowImportance
	d.date = newDateField(i.deps.Window, func() time.Time { return i.now })
	d.date.OnChanged = func(string) { i.clearErr("date") }
	d.half = widget.NewRadioGroup([]string{HalfLabel(models.AM), HalfLabel(models.PM)}, func(string) { i.clearErr("half") })
	d.half.Horizontal = true
	d.checklist = widget.NewSelect(nil, d.onChecklistChanged)
	d.checklist.PlaceHolder = T("tickets.delivery.checklist_hint", "Choose the installation checklist")
	d.crew = newCrewPicker()
	d.crew.OnChanged = d.onCrewChanged
	i.errs["crew"], i.errs["leader"], i.errs["crew_reason"] = d.crew.crewErr, d.crew.leaderErr, d.crew.reasonErr
	d.loading = widget.NewLabel(T("tickets.delivery.loading", "Loading the checklists and the staff…"))
	d.loading.Importance = widget.LowImportance
	d.addRow()

	label := func(text string, required bool) fyne.CanvasObject {
		if required {
			text += " *"
		}
		return widget.NewLabelWithStyle(text, fyne.TextAlignTrailing, fyne.TextStyle{Bold: required})
	}
	field := func(o fyne.CanvasObject, key string) fyne.CanvasObject {
		return container.NewVBox(o, i.errs[key])
	}
	crewHint := widget.NewLabel(T("tickets.delivery.crew_hint", "Optional now: name the crew here, or later on the dispatch board or the ticket. At least two people go into a home."))
	crewHint.Wrapping = fyne.TextWrapWord
	crewHint.Importance = widget.LowImportance
	when := container.NewGridWithColumns(2, field(d.date.box, "date"), field(d.half, "half"))
	form := container.New(layout.NewFormLayout(),
		label(T("tickets.delivery.items", "Items"), true), container.NewVBox(d.rowsBox, container.NewHBox(d.addBtn), i.errs["items"]),
		label(T("tickets.delivery.date", "Delivery date"), true), when,
		label(T("tickets.delivery.checklist", "Checklist"), true), field(d.checklist, "checklist"),
		label(T("tickets.delivery.crew", "Crew"), false), container.NewVBox(crewHint, d.crew.box),
	)
	title := widget.NewLabelWithStyle(T("tickets.delivery.section", "Delivery and installation"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.box = container.NewVBox(widget.NewSeparator(), title, d.loading, form)
	d.box.Hide()
	return d
}

// show reveals the section and loads what its selects offer, once.
func (d *intakeDelivery) show() {
	d.box.Show()
	if d.loadStarted {
		return
	}
	d.loadStarted = true
	a := d.i.deps.App
	custGo(func() func() {
		tpls, err := a.ChecklistTemplates(false)
		var staff []models.Staff
		if err == nil {
			staff, err = a.StaffList(false)
		}
		types := a.ProductTypes()
		return func() { d.applyLoad(tpls, staff, types, err) }
	})
}

// applyLoad fills the checklist, crew and product type choices.
func (d *intakeDelivery) applyLoad(tpls []models.ChecklistTemplate, staff []models.Staff, types []models.ProductType, err error) {
	if err != nil {
		d.loadStarted = false // the next switch to a delivery tries again
		d.loading.SetText(ErrText(err))
		d.loading.Importance = widget.DangerImportance
		d.loading.Refresh()
		return
	}
	d.loading.Hide()
	d.loaded = true
	d.templates, d.types = tpls, types
	var names []string
	for _, t := range tpls {
		names = append(names, ChecklistName(t.Name, t.NameKey))
	}
	d.settingList = true
	d.checklist.SetOptions(names)
	d.settingList = false
	for _, r := range d.rows {
		r.setTypes(types)
	}
	d.crew.setStaff(crewCandidates(staff), nil, "")
	d.suggestChecklist()
	d.i.refreshForm()
}

// setCustomer offers the customer's purchases in every item row.
func (d *intakeDelivery) setCustomer(c *models.Customer) {
	for _, r := range d.rows {
		r.setPurchases(c)
	}
	d.suggestChecklist()
}

// addRow appends an empty item row.
func (d *intakeDelivery) addRow() *deliveryItemRow {
	r := newDeliveryItemRow(d)
	r.setTypes(d.types)
	r.setPurchases(d.i.customer)
	d.rows = append(d.rows, r)
	d.rowsBox.Add(r.box)
	d.renumber()
	return r
}

// onAddItem adds a row and puts the cursor in its product.
func (d *intakeDelivery) onAddItem() {
	if len(d.rows) >= models.MaxDeliveryItems {
		custSetErr(d.i.errs["items"], T("err.delivery.items_many", "A delivery has at most {{.Max}} lines.", map[string]any{"Max": models.MaxDeliveryItems}))
		d.i.refreshForm()
		return
	}
	r := d.addRow()
	d.i.clearErr("items")
	d.i.refreshForm()
	d.i.focus(r.product)
}

// removeRow drops an item row; the last one stays.
func (d *intakeDelivery) removeRow(r *deliveryItemRow) {
	if len(d.rows) <= 1 {
		return
	}
	for n, x := range d.rows {
		if x == r {
			d.rows = append(d.rows[:n], d.rows[n+1:]...)
			break
		}
	}
	d.rowsBox.Remove(r.box)
	d.renumber()
	d.suggestChecklist()
	d.i.clearErr("items")
	d.i.refreshForm()
}

// renumber writes the line numbers the problems refer to, and allows
// removing a row only while another is left.
func (d *intakeDelivery) renumber() {
	for n, r := range d.rows {
		r.num.SetText(strconv.Itoa(n+1) + ".")
		if len(d.rows) > 1 {
			r.remove.Enable()
		} else {
			r.remove.Disable()
		}
	}
}

// firstType is the product type of the first item: its purchase's, or the
// one chosen for a typed item.
func (d *intakeDelivery) firstType() string {
	if len(d.rows) == 0 {
		return ""
	}
	r := d.rows[0]
	if p := r.purchase(); p != nil {
		return p.ProductType
	}
	return r.typeKey()
}

// suggestChecklist chooses the checklist for the first item's product
// type (furniture or appliance), until the person chooses one.
func (d *intakeDelivery) suggestChecklist() {
	if d.checklistTouched || len(d.templates) == 0 {
		return
	}
	fam := models.ChecklistFamilyFor(d.firstType())
	idx := 0
	for n, t := range d.templates {
		if t.Family == fam {
			idx = n
			break
		}
	}
	if d.checklist.SelectedIndex() == idx {
		return
	}
	d.settingList = true
	d.checklist.SetSelectedIndex(idx)
	d.settingList = false
}

// onChecklistChanged remembers that the person chose the checklist.
func (d *intakeDelivery) onChecklistChanged(string) {
	if !d.settingList {
		d.checklistTouched = true
	}
	d.i.clearErr("checklist")
}

// onCrewChanged clears the crew's problems as the person changes it.
func (d *intakeDelivery) onCrewChanged() {
	for _, f := range []string{"crew", "leader", "crew_reason"} {
		custSetErr(d.i.errs[f], "")
	}
	d.i.refreshForm()
}

// input collects the section for app.CreateTicket; the date's own problem
// (not a date at all) is returned to show instead of "choose the date".
func (d *intakeDelivery) input() (app.DeliveryInput, *models.FieldError) {
	var in app.DeliveryInput
	for _, r := range d.rows {
		in.Items = append(in.Items, r.input())
	}
	date, fe := d.date.value("date")
	in.Date = date
	switch d.half.Selected {
	case HalfLabel(models.AM):
		in.Half = models.AM
	case HalfLabel(models.PM):
		in.Half = models.PM
	}
	if n := d.checklist.SelectedIndex(); n >= 0 && n < len(d.templates) {
		in.ChecklistID = d.templates[n].ID
	}
	in.Crew, in.LeaderID = d.crew.chosen(), d.crew.leaderID()
	if len(in.Crew) > 0 && len(in.Crew) < models.MinCrew {
		in.CrewReason = d.crew.reason.Text
	}
	return in, fe
}

// checklistName names the chosen checklist.
func (d *intakeDelivery) checklistName() string {
	if n := d.checklist.SelectedIndex(); n >= 0 && n < len(d.templates) {
		return ChecklistName(d.templates[n].Name, d.templates[n].NameKey)
	}
	return ""
}

// deliveryItemRow is one line of the items editor: a purchase on record,
// or a product and model typed (optionally recorded as a purchase with
// its product type), and the quantity.
type deliveryItemRow struct {
	d           *intakeDelivery
	num         *widget.Label
	source      *widget.Select
	purchaseIDs []string // option index → purchase ID; "" for a typed item
	product     *widget.Entry
	model       *widget.Entry
	qty         *widget.Entry
	record      *widget.Check
	ptype       *widget.Select
	typeKeys    []string
	remove      *widget.Button
	typed       *fyne.Container // the typed item's fields
	box         *fyne.Container
}

// newDeliveryItemRow builds an empty row, a typed item.
func newDeliveryItemRow(d *intakeDelivery) *deliveryItemRow {
	r := &deliveryItemRow{d: d}
	r.num = widget.NewLabel("")
	r.source = widget.NewSelect(nil, r.onSourceChanged)
	r.product = widget.NewEntry()
	r.product.SetPlaceHolder(T("tickets.delivery.product_hint", "Product, e.g. 三门衣柜"))
	r.product.OnChanged = r.onTyped
	r.model = widget.NewEntry()
	r.model.SetPlaceHolder(T("tickets.delivery.model_hint", "Model, e.g. YG-2000"))
	r.model.OnChanged = r.onTyped
	r.qty = widget.NewEntry()
	r.qty.SetPlaceHolder("1")
	r.qty.OnChanged = r.onTyped
	r.record = widget.NewCheck(T("tickets.delivery.record", "Record as purchase"), func(bool) { d.i.clearErr("items") })
	r.ptype = widget.NewSelect(nil, r.onTypeChanged)
	r.ptype.PlaceHolder = T("tickets.delivery.type_hint", "Product type")
	r.remove = widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { d.removeRow(r) })
	r.remove.Importance = widget.LowImportance

	qtyLabel := widget.NewLabel(T("tickets.delivery.qty", "Qty"))
	qtyBox := container.New(layout.NewGridWrapLayout(fyne.NewSize(64, r.qty.MinSize().Height)), r.qty)
	typeBox := container.New(layout.NewGridWrapLayout(fyne.NewSize(200, r.ptype.MinSize().Height)), r.ptype)
	const numW = 32 // "50." fits
	num := container.New(layout.NewGridWrapLayout(fyne.NewSize(numW, r.num.MinSize().Height)), r.num)
	line1 := container.NewBorder(nil, nil, num, container.NewHBox(qtyLabel, qtyBox, r.remove), r.source)
	r.typed = container.NewBorder(nil, nil, nil, container.NewHBox(r.record, typeBox),
		container.NewGridWithColumns(2, r.product, r.model))
	r.box = container.NewVBox(line1, container.New(layout.NewCustomPaddedLayout(0, 0, numW+theme.Padding(), 0), r.typed))
	return r
}

// setPurchases offers the customer's purchases (archived ones left out)
// and "type the product", keeping the chosen purchase when it is still
// offered.
func (r *deliveryItemRow) setPurchases(c *models.Customer) {
	keep := ""
	if p := r.purchase(); p != nil {
		keep = p.ID
	}
	var opts []string
	r.purchaseIDs = nil
	seen := map[string]int{}
	if c != nil {
		for n := range c.Purchases {
			p := &c.Purchases[n]
			if p.Archived() {
				continue
			}
			text := r.d.i.purchaseText(p)
			seen[text]++
			if seen[text] > 1 {
				text += " #" + strconv.Itoa(seen[text])
			}
			opts = append(opts, text)
			r.purchaseIDs = append(r.purchaseIDs, p.ID)
		}
	}
	opts = append(opts, T("tickets.delivery.typed", "Not on record: type the product below"))
	r.purchaseIDs = append(r.purchaseIDs, "")
	r.source.SetOptions(opts)
	idx := len(opts) - 1
	for n, id := range r.purchaseIDs {
		if id != "" && id == keep {
			idx = n
		}
	}
	r.source.SetSelectedIndex(idx)
	r.onSourceChanged("")
}

// setTypes offers the product types, keeping the chosen one.
func (r *deliveryItemRow) setTypes(types []models.ProductType) {
	keep := r.typeKey()
	var labels []string
	r.typeKeys = nil
	for _, t := range types {
		labels = append(labels, custTypeLabel(t))
		r.typeKeys = append(r.typeKeys, t.Key)
	}
	r.ptype.SetOptions(labels)
	if n := custIndexOf(r.typeKeys, keep); n >= 0 {
		r.ptype.SetSelectedIndex(n)
	}
}

// purchase is the chosen purchase, nil for a typed item.
func (r *deliveryItemRow) purchase() *models.Purchase {
	n := r.source.SelectedIndex()
	c := r.d.i.customer
	if c == nil || n < 0 || n >= len(r.purchaseIDs) || r.purchaseIDs[n] == "" {
		return nil
	}
	for k := range c.Purchases {
		if c.Purchases[k].ID == r.purchaseIDs[n] {
			return &c.Purchases[k]
		}
	}
	return nil
}

// typeKey is the product type chosen for a typed item, "" for none.
func (r *deliveryItemRow) typeKey() string {
	if n := r.ptype.SelectedIndex(); n >= 0 && n < len(r.typeKeys) {
		return r.typeKeys[n]
	}
	return ""
}

// onSourceChanged shows the typed item's fields only for a typed item.
func (r *deliveryItemRow) onSourceChanged(string) {
	intakeSetVisible(r.typed, r.purchase() == nil)
	r.d.i.clearErr("items")
	r.d.suggestChecklist()
	r.d.i.refreshForm()
}

// onTyped clears the items' problem as the person types.
func (r *deliveryItemRow) onTyped(string) { r.d.i.clearErr("items") }

// onTypeChanged may change the suggested checklist.
func (r *deliveryItemRow) onTypeChanged(string) {
	r.d.i.clearErr("items")
	r.d.suggestChecklist()
}

// input is the row for app.
func (r *deliveryItemRow) input() app.DeliveryItemInput {
	if p := r.purchase(); p != nil {
		return app.DeliveryItemInput{PurchaseID: p.ID, Qty: r.qty.Text}
	}
	return app.DeliveryItemInput{Product: r.product.Text, Model: r.model.Text, Qty: r.qty.Text,
		RecordPurchase: r.record.Checked, ProductType: r.typeKey()}
}

// crewCandidates are the people a crew is chosen from: the active staff
// with the delivery role first, then the technicians, each group in the
// order given (app lists them by name).
func crewCandidates(all []models.Staff) []models.Staff {
	var first, rest []models.Staff
	for _, s := range all {
		switch {
		case s.HasRole(models.RoleDelivery):
			first = append(first, s)
		case s.HasRole(models.RoleTechnician):
			rest = append(rest, s)
		}
	}
	return append(first, rest...)
}

// crewColumns is how many people the crew picker shows to a line.
const crewColumns = 4

// crewPicker chooses a delivery crew: the people, the leader among them,
// and why fewer than two go. The intake and the dispatch board use it.
type crewPicker struct {
	staff     []models.Staff  // offered, in the order of the checks
	checks    []*widget.Check // one per person offered
	members   *fyne.Container // the checks, a few to a line
	empty     *widget.Label
	leader    *widget.Select
	leaderRow *fyne.Container
	reason    *widget.Entry
	reasonRow *fyne.Container
	crewErr   *widget.Label
	leaderErr *widget.Label
	reasonErr *widget.Label
	box       *fyne.Container

	// OnChanged runs after the person changes the crew or its leader.
	OnChanged func()
	setting   bool
}

// newCrewPicker builds an empty picker; setStaff fills it.
func newCrewPicker() *crewPicker {
	p := &crewPicker{crewErr: custErrLabel(), leaderErr: custErrLabel(), reasonErr: custErrLabel()}
	p.members = container.NewGridWithColumns(crewColumns)
	p.empty = widget.NewLabel(T("tickets.delivery.no_staff", "No active delivery staff or technicians: add them under Staff."))
	p.empty.Wrapping = fyne.TextWrapWord
	p.empty.Importance = widget.WarningImportance
	p.empty.Hide()
	p.leader = widget.NewSelect(nil, func(string) { p.changed() })
	p.leader.PlaceHolder = T("tickets.delivery.leader_hint", "Choose the crew leader")
	p.reason = widget.NewEntry()
	p.reason.SetPlaceHolder(T("tickets.delivery.crew_reason_hint", "Why fewer than two go, e.g. 只送一把椅子，客户帮忙搬"))
	p.reason.OnChanged = func(string) { p.changed() }
	label := func(text string) fyne.CanvasObject {
		return widget.NewLabelWithStyle(text+" *", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	p.leaderRow = container.NewVBox(container.NewBorder(nil, nil, label(T("tickets.delivery.leader", "Leader")), nil, p.leader), p.leaderErr)
	p.reasonRow = container.NewVBox(container.NewBorder(nil, nil, label(T("tickets.delivery.crew_reason", "Why fewer than two")), nil, p.reason), p.reasonErr)
	p.box = container.NewVBox(p.members, p.empty, p.crewErr, p.leaderRow, p.reasonRow)
	p.onMembersChanged()
	return p
}

// setStaff offers people and ticks those of chosen, with leader leading.
func (p *crewPicker) setStaff(staff []models.Staff, chosen []string, leader string) {
	p.setting = true
	defer func() { p.setting = false }()
	p.staff = staff
	p.checks = nil
	p.members.Objects = nil
	for _, s := range staff {
		c := widget.NewCheck(crewOption(s), func(bool) { p.onMembersChanged() })
		c.Checked = custIndexOf(chosen, s.ID) >= 0
		p.checks = append(p.checks, c)
		p.members.Add(c)
	}
	p.members.Refresh()
	intakeSetVisible(p.empty, len(staff) == 0)
	p.onMembersChanged()
	for _, s := range staff {
		if s.ID == leader && custIndexOf(p.leader.Options, s.Name) >= 0 {
			p.leader.SetSelected(s.Name)
		}
	}
}

// crewOption names a person in the picker: a technician without the
// delivery role says so.
func crewOption(s models.Staff) string {
	if !s.HasRole(models.RoleDelivery) && s.HasRole(models.RoleTechnician) {
		return T("tickets.delivery.staff_role", "{{.Name}} ({{.Role}})", map[string]any{"Name": s.Name, "Role": RoleLabel(models.RoleTechnician)})
	}
	return s.Name
}

// chosenStaff lists the people ticked, in the order offered.
func (p *crewPicker) chosenStaff() []models.Staff {
	var out []models.Staff
	for n, c := range p.checks {
		if c.Checked {
			out = append(out, p.staff[n])
		}
	}
	return out
}

// chosen lists the staff IDs ticked.
func (p *crewPicker) chosen() []string {
	var out []string
	for _, s := range p.chosenStaff() {
		out = append(out, s.ID)
	}
	return out
}

// leaderID is the chosen leader's staff ID, "" for none.
func (p *crewPicker) leaderID() string {
	for _, s := range p.chosenStaff() {
		if s.Name == p.leader.Selected {
			return s.ID
		}
	}
	return ""
}

// onMembersChanged offers the chosen people as leaders (keeping the
// leader while still in the crew; one person leads alone) and asks why
// when fewer than two go.
func (p *crewPicker) onMembersChanged() {
	crew := p.chosenStaff()
	var names []string
	for _, s := range crew {
		names = append(names, s.Name)
	}
	cur := p.leader.Selected
	was := p.setting
	p.setting = true
	p.leader.SetOptions(names)
	switch {
	case cur != "" && custIndexOf(names, cur) >= 0:
		p.leader.SetSelected(cur)
	case len(names) == 1:
		p.leader.SetSelected(names[0])
	default:
		p.leader.ClearSelected()
	}
	p.setting = was
	intakeSetVisible(p.leaderRow, len(crew) > 0)
	intakeSetVisible(p.reasonRow, len(crew) > 0 && len(crew) < models.MinCrew)
	p.changed()
}

// changed tells the owner, unless code is setting the picker.
func (p *crewPicker) changed() {
	if !p.setting && p.OnChanged != nil {
		p.OnChanged()
	}
}

// errLabel is the problem line of a crew field, nil for another field.
func (p *crewPicker) errLabel(field string) *widget.Label {
	switch field {
	case "crew":
		return p.crewErr
	case "leader":
		return p.leaderErr
	case "crew_reason":
		return p.reasonErr
	}
	return nil
}

// askClash lists the jobs the crew already has in the half day and offers
// to book anyway, as the dispatch board does.
func (i *intakeDialog) askClash(in app.IntakeInput, clash *app.ClashError) {
	head := T("tickets.delivery.clash_text", "Someone in this crew already has a job in {{.Slot}}:",
		map[string]any{"Slot": dispatchSlotText(models.CivilDate(in.Delivery.Date), in.Delivery.Half)})
	question := T("tickets.delivery.clash_question", "Book this delivery anyway? The dispatch board shows the clash until one job is moved.")
	i.clashDlg = newClashDialog(i.deps.Window, head, clash.Existing, question, func() { i.create(true) })
}

// intakeDeliverySummary says what a new delivery is: the day, the items,
// the checklist and the crew.
func intakeDeliverySummary(d *app.TicketDetail) string {
	t := &d.Ticket
	day := ""
	if t.ApptDate != nil {
		day = models.FormatDate(*t.ApptDate) + " " + HalfLabel(t.ApptHalf)
	}
	qty := 0
	for _, it := range d.DeliveryItems {
		qty += it.Qty
	}
	lines := []string{T("tickets.delivery.result_booked", "Delivery {{.Day}} · {{.Items}} item(s) · {{.Checklist}}",
		map[string]any{"Day": day, "Items": qty, "Checklist": deliveryChecklistName(t.ChecklistName)})}
	if len(d.Crew) > 0 {
		var names []string
		for _, m := range d.Crew {
			if m.Leader {
				names = append(names, T("tickets.delivery.leader_mark", "{{.Name}} (leader)", map[string]any{"Name": m.Name}))
			} else {
				names = append(names, m.Name)
			}
		}
		lines = append(lines, T("tickets.delivery.result_crew", "Crew: {{.Crew}}", map[string]any{"Crew": strings.Join(names, T("tickets.list_sep", ", "))}))
	}
	return strings.Join(lines, "\n")
}

// intakeDeliveryTodo says what a new delivery still lacks: the crew, an
// address, a phone number; "" when nothing.
func intakeDeliveryTodo(d *app.TicketDetail) string {
	var out []string
	if len(d.Crew) == 0 {
		out = append(out, T("tickets.delivery.result_no_crew", "Crew not named yet: name it on the dispatch board or on the ticket before the delivery day."))
	}
	var fields []string
	for _, k := range d.Missing {
		if k == app.MissingAddress || k == app.MissingPhone || k == app.MissingName {
			fields = append(fields, MissingLabel(k))
		}
	}
	if len(fields) > 0 {
		out = append(out, T("tickets.delivery.result_missing", "Before the delivery, verify: {{.Fields}}",
			map[string]any{"Fields": strings.Join(fields, T("tickets.list_sep", ", "))}))
	}
	return strings.Join(out, "\n")
}

// deliveryChecklistName names the checklist a ticket keeps: a built-in
// one by its key, a typed one as typed.
func deliveryChecklistName(name string) string {
	if strings.HasPrefix(name, "checklist.name.") {
		return ChecklistName("", name)
	}
	return name
}
