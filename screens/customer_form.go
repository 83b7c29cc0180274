package screens

import (
	"errors"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// customerForm is the dialog that creates or edits a customer. Problems are
// shown under each field while the person types, Save stays disabled until
// the input is valid, and a failed save keeps everything that was typed.
type customerForm struct {
	deps    *Deps
	editing *models.Customer // nil for a new customer

	// OnSaved runs on the UI goroutine after a successful save.
	OnSaved func(*models.Customer)
	// OnOpenExisting runs when the person chooses to open the customer who
	// already has the number instead of saving.
	OnOpenExisting func(app.CustomerSummary)

	name        *widget.Entry
	nameErr     *widget.Label
	nameTouched bool
	phones      []*custPhoneRow
	phoneBox    *fyne.Container
	addPhone    *widget.Button
	addresses   []*custAddressRow
	addressBox  *fyne.Container
	addAddress  *widget.Button
	notes       *widget.Entry
	notesErr    *widget.Label
	formErr     *widget.Label
	saveBtn     *widget.Button
	cancelBtn   *widget.Button
	body        *fyne.Container // laid out again when a problem appears or goes
	dlg         *dialog.CustomDialog
	dup         *custDuplicateDialog // the duplicate-phone question, while open

	valid  bool // the input passes models.CustomerInput.Normalize
	saving bool // a save is running in the background
}

// custPhoneRow is one phone line of the form: number, optional label
// (本人, 家人, 单位…), its problem and a remove button.
type custPhoneRow struct {
	number  *widget.Entry
	label   *widget.Entry
	err     *widget.Label
	remove  *widget.Button
	box     fyne.CanvasObject
	touched bool
}

// custAddressRow is one address line of the form.
type custAddressRow struct {
	text    *widget.Entry
	err     *widget.Label
	remove  *widget.Button
	box     fyne.CanvasObject
	touched bool
}

// custDuplicateDialog asks what to do when a number already belongs to
// another customer.
type custDuplicateDialog struct {
	dlg        *dialog.CustomDialog
	message    *widget.Label
	open       *widget.Button
	saveAnyway *widget.Button
	back       *widget.Button
}

// newCustomerForm builds the form; editing is nil for a new customer, and
// in pre-fills the fields (the customer being edited, or what the person
// typed into the search box).
func newCustomerForm(d *Deps, editing *models.Customer, in models.CustomerInput) *customerForm {
	f := &customerForm{deps: d, editing: editing}

	f.name = widget.NewEntry()
	f.name.SetPlaceHolder(T("customers.form.name_hint", "e.g. 张伟"))
	f.name.SetText(in.Name)
	f.nameTouched = in.Name != ""
	f.name.OnChanged = f.onNameChanged
	f.name.OnSubmitted = f.onSubmit
	f.nameErr = custErrLabel()

	f.phoneBox = container.NewVBox()
	f.addPhone = widget.NewButtonWithIcon(T("customers.form.add_phone", "Add phone"), theme.ContentAddIcon(), f.onAddPhone)
	f.addPhone.Importance = widget.LowImportance
	for i, p := range in.Phones {
		label := ""
		if i < len(in.Labels) {
			label = in.Labels[i]
		}
		f.appendPhone(p, label)
	}
	if len(f.phones) == 0 {
		f.appendPhone("", "")
	}

	f.addressBox = container.NewVBox()
	f.addAddress = widget.NewButtonWithIcon(T("customers.form.add_address", "Add address"), theme.ContentAddIcon(), f.onAddAddress)
	f.addAddress.Importance = widget.LowImportance
	for _, a := range in.Addresses {
		f.appendAddress(a)
	}
	if len(f.addresses) == 0 {
		f.appendAddress("")
	}

	f.notes = widget.NewMultiLineEntry()
	f.notes.Wrapping = fyne.TextWrapWord
	f.notes.SetMinRowsVisible(3)
	f.notes.SetPlaceHolder(T("customers.form.notes_hint", "Anything staff should know, e.g. call after 6 pm"))
	f.notes.SetText(in.Notes)
	f.notes.OnChanged = f.onNotesChanged
	f.notesErr = custErrLabel()
	f.formErr = custErrLabel()

	f.saveBtn = widget.NewButtonWithIcon(T("customers.common.save", "Save"), theme.DocumentSaveIcon(), f.onSave)
	f.saveBtn.Importance = widget.HighImportance
	f.cancelBtn = widget.NewButtonWithIcon(T("customers.common.cancel", "Cancel"), theme.CancelIcon(), f.onCancel)

	required := func(text string) fyne.CanvasObject {
		return widget.NewLabelWithStyle(text+" *", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	}
	optional := func(text string) fyne.CanvasObject {
		return widget.NewLabelWithStyle(text, fyne.TextAlignTrailing, fyne.TextStyle{})
	}
	grid := container.New(layout.NewFormLayout(),
		required(T("customers.form.name", "Name")), container.NewVBox(f.name, f.nameErr),
		required(T("customers.form.phones", "Phones")), container.NewVBox(f.phoneBox, container.NewHBox(f.addPhone)),
		optional(T("customers.form.addresses", "Addresses")), container.NewVBox(f.addressBox, container.NewHBox(f.addAddress)),
		optional(T("customers.form.notes", "Notes")), container.NewVBox(f.notes, f.notesErr),
	)
	f.body = container.NewBorder(nil, f.formErr, nil, nil, container.NewVScroll(grid))

	title := T("customers.form.new_title", "New customer")
	if editing != nil {
		title = T("customers.form.edit_title", "Edit customer: {{.Name}}", map[string]any{"Name": editing.Name})
		f.touchAll()
	}
	f.dlg = dialog.NewCustomWithoutButtons(title, f.body, d.Window)
	f.dlg.SetButtons([]fyne.CanvasObject{f.cancelBtn, f.saveBtn})
	f.validate()
	return f
}

// show opens the dialog with the cursor in the name.
func (f *customerForm) show() {
	f.dlg.Resize(fyne.NewSize(660, 560))
	f.dlg.Show()
	if c := f.deps.Window.Canvas(); c != nil {
		c.Focus(f.name)
	}
}

// appendPhone adds a phone row with the given content.
func (f *customerForm) appendPhone(number, label string) {
	r := &custPhoneRow{touched: number != ""}
	r.number = widget.NewEntry()
	r.number.SetPlaceHolder(T("customers.form.phone_hint", "Mobile or landline with area code"))
	r.number.SetText(number)
	r.number.OnChanged = func(string) { r.touched = true; f.validate() }
	r.number.OnSubmitted = f.onSubmit
	r.label = widget.NewEntry()
	r.label.SetPlaceHolder(T("customers.form.phone_label_hint", "Label, e.g. 本人"))
	r.label.SetText(label)
	r.label.OnSubmitted = f.onSubmit
	r.err = custErrLabel()
	r.remove = widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), func() { f.removePhone(r) })
	r.remove.Importance = widget.LowImportance
	labelBox := container.New(layout.NewGridWrapLayout(fyne.NewSize(150, r.label.MinSize().Height)), r.label)
	r.box = container.NewBorder(nil, r.err, nil, container.NewHBox(labelBox, r.remove), r.number)
	f.phones = append(f.phones, r)
	f.layoutPhones()
}

// appendAddress adds an address row with the given content.
func (f *customerForm) appendAddress(text string) {
	r := &custAddressRow{touched: text != ""}
	r.text = widget.NewEntry()
	r.text.SetPlaceHolder(T("customers.form.address_hint", "District, street, building, room"))
	r.text.SetText(text)
	r.text.OnChanged = func(string) { r.touched = true; f.validate() }
	r.text.OnSubmitted = f.onSubmit
	r.err = custErrLabel()
	r.remove = widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), func() { f.removeAddress(r) })
	r.remove.Importance = widget.LowImportance
	r.box = container.NewBorder(nil, r.err, nil, r.remove, r.text)
	f.addresses = append(f.addresses, r)
	f.layoutAddresses()
}

// layoutPhones shows the phone rows; a single row cannot be removed and
// no row can be added beyond the limit.
func (f *customerForm) layoutPhones() {
	objs := make([]fyne.CanvasObject, len(f.phones))
	for i, r := range f.phones {
		objs[i] = r.box
		if len(f.phones) > 1 {
			r.remove.Show()
		} else {
			r.remove.Hide()
		}
	}
	f.phoneBox.Objects = objs
	f.phoneBox.Refresh()
	if f.body != nil {
		f.body.Refresh() // the rows below move
	}
	if len(f.phones) >= models.MaxPhones {
		f.addPhone.Disable()
	} else {
		f.addPhone.Enable()
	}
}

// layoutAddresses shows the address rows, like layoutPhones.
func (f *customerForm) layoutAddresses() {
	objs := make([]fyne.CanvasObject, len(f.addresses))
	for i, r := range f.addresses {
		objs[i] = r.box
		if len(f.addresses) > 1 {
			r.remove.Show()
		} else {
			r.remove.Hide()
		}
	}
	f.addressBox.Objects = objs
	f.addressBox.Refresh()
	if f.body != nil {
		f.body.Refresh() // the rows below move
	}
	if len(f.addresses) >= models.MaxAddresses {
		f.addAddress.Disable()
	} else {
		f.addAddress.Enable()
	}
}

// onAddPhone adds an empty phone row and puts the cursor in it.
func (f *customerForm) onAddPhone() {
	if len(f.phones) >= models.MaxPhones {
		return
	}
	f.appendPhone("", "")
	f.focus(f.phones[len(f.phones)-1].number)
	f.validate()
}

// onAddAddress adds an empty address row and puts the cursor in it.
func (f *customerForm) onAddAddress() {
	if len(f.addresses) >= models.MaxAddresses {
		return
	}
	f.appendAddress("")
	f.focus(f.addresses[len(f.addresses)-1].text)
	f.validate()
}

// removePhone deletes a phone row.
func (f *customerForm) removePhone(r *custPhoneRow) {
	for i, p := range f.phones {
		if p == r && len(f.phones) > 1 {
			f.phones = append(f.phones[:i], f.phones[i+1:]...)
			break
		}
	}
	f.layoutPhones()
	f.validate()
}

// removeAddress deletes an address row.
func (f *customerForm) removeAddress(r *custAddressRow) {
	for i, a := range f.addresses {
		if a == r && len(f.addresses) > 1 {
			f.addresses = append(f.addresses[:i], f.addresses[i+1:]...)
			break
		}
	}
	f.layoutAddresses()
	f.validate()
}

// focus puts the cursor in an entry of the dialog.
func (f *customerForm) focus(e *widget.Entry) {
	if c := f.deps.Window.Canvas(); c != nil {
		c.Focus(e)
	}
}

// onNameChanged validates after every keystroke in the name.
func (f *customerForm) onNameChanged(string) {
	f.nameTouched = true
	f.validate()
}

// onNotesChanged validates after every keystroke in the notes.
func (f *customerForm) onNotesChanged(string) { f.validate() }

// touchAll makes every field show its problem, e.g. after a failed save or
// when editing a saved customer.
func (f *customerForm) touchAll() {
	f.nameTouched = true
	for _, r := range f.phones {
		r.touched = true
	}
	for _, r := range f.addresses {
		r.touched = true
	}
}

// input collects what is typed, in the shape the models validate.
func (f *customerForm) input() models.CustomerInput {
	in := models.CustomerInput{Name: f.name.Text, Notes: f.notes.Text}
	for _, r := range f.phones {
		in.Phones = append(in.Phones, r.number.Text)
		in.Labels = append(in.Labels, r.label.Text)
	}
	for _, r := range f.addresses {
		in.Addresses = append(in.Addresses, r.text.Text)
	}
	return in
}

// custIndexedField names the i-th field of a kind as the models do:
// "phone", "phone1", "phone2"…
func custIndexedField(kind string, i int) string {
	if i == 0 {
		return kind
	}
	return kind + strconv.Itoa(i)
}

// custFieldText translates a field's problem, "" when there is none.
func custFieldText(e *models.FieldError) string {
	if e == nil {
		return ""
	}
	return FieldErrText(e)
}

// validate runs the same rules as saving (models.CustomerInput.Normalize),
// shows each problem next to its field once the person has typed there,
// and enables Save only when there is none.
func (f *customerForm) validate() {
	err := f.input().Normalize(&models.Customer{})
	errs := models.AsFieldErrors(err)
	f.valid = err == nil

	changed := false
	show := func(l *widget.Label, touched bool, fe *models.FieldError) {
		text := ""
		if touched {
			text = custFieldText(fe)
		}
		if custSetErr(l, text) {
			changed = true
		}
	}
	show(f.nameErr, f.nameTouched, errs.ForField("name"))
	for i, r := range f.phones {
		show(r.err, r.touched, errs.ForField(custIndexedField("phone", i)))
	}
	for i, r := range f.addresses {
		show(r.err, r.touched, errs.ForField(custIndexedField("address", i)))
	}
	show(f.notesErr, true, errs.ForField("notes"))
	if changed && f.body != nil {
		f.body.Refresh()
	}
	f.updateSave()
}

// updateSave enables Save for valid input when no save is running.
func (f *customerForm) updateSave() {
	if f.valid && !f.saving {
		f.saveBtn.Enable()
	} else {
		f.saveBtn.Disable()
	}
}

// setSaving marks a running save: Save is disabled and says so.
func (f *customerForm) setSaving(on bool) {
	f.saving = on
	if on {
		f.saveBtn.SetText(T("customers.common.saving", "Saving…"))
	} else {
		f.saveBtn.SetText(T("customers.common.save", "Save"))
	}
	f.updateSave()
}

// onSubmit saves when Enter is pressed in a single-line field and the
// input is valid.
func (f *customerForm) onSubmit(string) {
	if f.valid && !f.saving {
		f.onSave()
	}
}

// onSave saves the customer, refusing a number that belongs to someone else.
func (f *customerForm) onSave() { f.save(app.CreateOptions{}) }

// onCancel closes the form without saving.
func (f *customerForm) onCancel() { f.dlg.Hide() }

// save runs CreateCustomer or UpdateCustomer in the background.
func (f *customerForm) save(opt app.CreateOptions) {
	f.validate()
	if !f.valid || f.saving {
		return
	}
	custSetErr(f.formErr, "")
	f.setSaving(true)
	in, a := f.input(), f.deps.App
	id := ""
	if f.editing != nil {
		id = f.editing.ID
	}
	custGo(func() func() {
		var c *models.Customer
		var err error
		if id == "" {
			c, err = a.CreateCustomer(in, opt)
		} else {
			c, err = a.UpdateCustomer(id, in, opt)
		}
		return func() { f.onSaveResult(c, err) }
	})
}

// onSaveResult closes the form after a save, asks about a duplicate
// number, or shows the problem and keeps everything that was typed.
func (f *customerForm) onSaveResult(c *models.Customer, err error) {
	f.setSaving(false)
	var dup *app.DuplicatePhoneError
	switch {
	case err == nil:
		f.dlg.Hide()
		if f.OnSaved != nil {
			f.OnSaved(c)
		}
	case errors.As(err, &dup):
		f.showDuplicate(dup)
	default:
		f.touchAll()
		f.validate()
		custSetErr(f.formErr, ErrText(err))
		f.body.Refresh()
	}
}

// showDuplicate names the customer who already has the number and offers
// to open them, to save anyway (a shared family or office number), or to
// go back to the form.
func (f *customerForm) showDuplicate(dup *app.DuplicatePhoneError) {
	q := &custDuplicateDialog{}
	who := dup.Existing.Name
	if dup.Existing.Archived {
		who += " " + T("customers.archived_mark", "(archived)")
	}
	text := T("customers.dup.message", "The number {{.Phone}} already belongs to {{.Name}}.",
		map[string]any{"Phone": models.FormatPhone(dup.Number), "Name": who})
	if dup.Existing.Address != "" {
		text += "\n" + T("customers.dup.address", "Address: {{.Address}}", map[string]any{"Address": dup.Existing.Address})
	}
	text += "\n\n" + T("customers.dup.advice", "If this is the same person, open the existing customer. If the number is shared, for example by family members, save anyway.")
	q.message = widget.NewLabel(text)
	q.message.Wrapping = fyne.TextWrapWord

	q.back = widget.NewButtonWithIcon(T("customers.dup.back", "Back to form"), theme.NavigateBackIcon(), f.onDuplicateBack)
	q.saveAnyway = widget.NewButtonWithIcon(T("customers.dup.save_anyway", "Save anyway"), theme.DocumentSaveIcon(), f.onDuplicateSaveAnyway)
	q.open = widget.NewButtonWithIcon(T("customers.dup.open", "Open existing customer"), theme.AccountIcon(), func() { f.onDuplicateOpen(dup.Existing) })
	q.open.Importance = widget.HighImportance

	q.dlg = dialog.NewCustomWithoutButtons(T("customers.dup.title", "Phone number already registered"), q.message, f.deps.Window)
	q.dlg.SetButtons([]fyne.CanvasObject{q.back, q.saveAnyway, q.open})
	q.dlg.Resize(fyne.NewSize(560, q.dlg.MinSize().Height+40))
	f.dup = q
	q.dlg.Show()
}

// closeDuplicate closes the duplicate question.
func (f *customerForm) closeDuplicate() {
	if f.dup != nil {
		f.dup.dlg.Hide()
		f.dup = nil
	}
}

// onDuplicateBack returns to the form with everything as typed.
func (f *customerForm) onDuplicateBack() { f.closeDuplicate() }

// onDuplicateSaveAnyway saves although the number is someone else's.
func (f *customerForm) onDuplicateSaveAnyway() {
	f.closeDuplicate()
	f.save(app.CreateOptions{AllowDuplicatePhone: true})
}

// onDuplicateOpen drops the form and shows the existing customer.
func (f *customerForm) onDuplicateOpen(existing app.CustomerSummary) {
	f.closeDuplicate()
	f.dlg.Hide()
	if f.OnOpenExisting != nil {
		f.OnOpenExisting(existing)
	}
}
