package screens

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/models"
)

// purchaseForm is the dialog that adds or edits a purchase: what the
// customer bought, when, and how long its warranty runs. The warranty end
// and status are shown live while the person types.
type purchaseForm struct {
	deps     *Deps
	customer *models.Customer
	editing  *models.Purchase // nil for a new purchase
	types    []models.ProductType
	now      time.Time

	// OnSaved runs on the UI goroutine after a successful save.
	OnSaved func(*models.Purchase)

	product     *widget.Entry
	productType *widget.Select
	brand       *widget.Entry
	model       *widget.Entry
	serial      *widget.Entry
	date        *widget.Entry
	dateBtn     *widget.Button
	datePopUp   *widget.PopUp
	invoice     *widget.Entry
	months      *widget.Entry
	expiry      *widget.Label
	address     *widget.SelectEntry
	notes       *widget.Entry
	errs        map[string]*widget.Label // field → its problem
	formErr     *widget.Label
	saveBtn     *widget.Button
	cancelBtn   *widget.Button
	body        *fyne.Container // laid out again when a problem appears or goes
	dlg         *dialog.CustomDialog

	typeKeys      []string        // option index → product type key
	touched       map[string]bool // fields the person has edited
	autoMonths    bool            // months came from the product type, so a new type may replace them
	settingMonths bool            // months are being filled by the form, not typed
	valid         bool
	saving        bool
}

// custPurchaseFields are the validated fields, in the order of the form.
var custPurchaseFields = []string{"product", "brand", "model", "serial", "purchase_date", "invoice_no", "warranty_months"}

// newPurchaseForm builds the form for a new purchase (editing nil) or an
// existing one. types is the product catalogue, loaded off the UI goroutine.
func newPurchaseForm(d *Deps, c *models.Customer, editing *models.Purchase, types []models.ProductType) *purchaseForm {
	f := &purchaseForm{deps: d, customer: c, editing: editing, types: types, now: d.App.Now(),
		errs: map[string]*widget.Label{}, touched: map[string]bool{}}
	for _, k := range custPurchaseFields {
		f.errs[k] = custErrLabel()
	}

	f.product = f.entry(T("customers.purchase_form.product_hint", "e.g. 三人沙发, refrigerator"), "product")
	f.brand = f.entry("", "brand")
	f.model = f.entry("", "model")
	f.serial = f.entry(T("customers.purchase_form.serial_hint", "Serial number or batch number"), "serial")
	f.invoice = f.entry("", "invoice_no")
	f.date = f.entry(T("customers.purchase_form.date_hint", "YYYY-MM-DD"), "purchase_date")
	f.dateBtn = widget.NewButtonWithIcon("", theme.CalendarIcon(), f.onPickDate)
	f.months = widget.NewEntry()
	f.months.SetPlaceHolder(T("customers.purchase_form.months_hint", "From the product type"))
	f.months.OnChanged = f.onMonthsChanged
	f.months.OnSubmitted = f.onSubmit
	f.expiry = widget.NewLabel("")
	f.expiry.Wrapping = fyne.TextWrapWord

	var labels []string
	for _, t := range types {
		labels = append(labels, custTypeLabel(t))
		f.typeKeys = append(f.typeKeys, t.Key)
	}
	if editing != nil && editing.ProductType != "" && custIndexOf(f.typeKeys, editing.ProductType) < 0 {
		labels = append(labels, editing.ProductType) // a type since removed from the catalogue
		f.typeKeys = append(f.typeKeys, editing.ProductType)
	}
	f.productType = widget.NewSelect(labels, f.onTypeChanged)
	f.productType.PlaceHolder = T("customers.purchase_form.type_hint", "Choose the kind of product")

	var addrs []string
	for _, a := range c.Addresses {
		addrs = append(addrs, a.Text)
	}
	f.address = widget.NewSelectEntry(addrs)
	f.address.SetPlaceHolder(T("customers.purchase_form.address_hint", "Where it was delivered"))
	f.notes = widget.NewMultiLineEntry()
	f.notes.Wrapping = fyne.TextWrapWord
	f.notes.SetMinRowsVisible(2)
	f.formErr = custErrLabel()

	f.saveBtn = widget.NewButtonWithIcon(T("customers.common.save", "Save"), theme.DocumentSaveIcon(), f.onSave)
	f.saveBtn.Importance = widget.HighImportance
	f.cancelBtn = widget.NewButtonWithIcon(T("customers.common.cancel", "Cancel"), theme.CancelIcon(), f.onCancel)
	f.fill(editing)

	field := func(o fyne.CanvasObject, key string) fyne.CanvasObject {
		if key == "" {
			return o
		}
		return container.NewVBox(o, f.errs[key])
	}
	label := func(text string, required bool) fyne.CanvasObject {
		if required {
			text += " *"
		}
		return widget.NewLabelWithStyle(text, fyne.TextAlignTrailing, fyne.TextStyle{Bold: required})
	}
	grid := container.New(layout.NewFormLayout(),
		label(T("customers.purchase_form.product", "Product"), true), field(f.product, "product"),
		label(T("customers.purchase_form.type", "Product type"), false), f.productType,
		label(T("customers.purchase_form.brand", "Brand"), false), field(f.brand, "brand"),
		label(T("customers.purchase_form.model", "Model"), false), field(f.model, "model"),
		label(T("customers.purchase_form.serial", "Serial / batch"), false), field(f.serial, "serial"),
		label(T("customers.purchase_form.date", "Purchase date"), true), field(container.NewBorder(nil, nil, nil, f.dateBtn, f.date), "purchase_date"),
		label(T("customers.purchase_form.invoice", "Invoice no."), false), field(f.invoice, "invoice_no"),
		label(T("customers.purchase_form.months", "Warranty (months)"), false), container.NewVBox(f.months, f.errs["warranty_months"], f.expiry),
		label(T("customers.purchase_form.address", "Delivery address"), false), f.address,
		label(T("customers.purchase_form.notes", "Notes"), false), f.notes,
	)
	f.body = container.NewBorder(nil, f.formErr, nil, nil, container.NewVScroll(grid))

	title := T("customers.purchase_form.new_title", "Add purchase for {{.Name}}", map[string]any{"Name": c.Name})
	if editing != nil {
		title = T("customers.purchase_form.edit_title", "Edit purchase: {{.Product}}", map[string]any{"Product": editing.Product})
	}
	f.dlg = dialog.NewCustomWithoutButtons(title, f.body, d.Window)
	f.dlg.SetButtons([]fyne.CanvasObject{f.cancelBtn, f.saveBtn})
	f.validate()
	return f
}

// entry makes a single-line entry that validates on every keystroke.
func (f *purchaseForm) entry(hint, field string) *widget.Entry {
	e := widget.NewEntry()
	e.SetPlaceHolder(hint)
	e.OnChanged = func(string) {
		f.touched[field] = true
		f.validate()
	}
	e.OnSubmitted = f.onSubmit
	return e
}

// custIndexOf is the index of s in list, or -1.
func custIndexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

// fill puts a saved purchase into the fields, or the defaults for a new one
// (the customer's main address). Nothing counts as typed yet.
func (f *purchaseForm) fill(p *models.Purchase) {
	if p == nil {
		f.address.SetText(f.customer.MainAddress())
		return
	}
	f.product.SetText(p.Product)
	f.brand.SetText(p.Brand)
	f.model.SetText(p.Model)
	f.serial.SetText(p.Serial)
	f.date.SetText(models.FormatDate(p.PurchaseDate))
	f.invoice.SetText(p.InvoiceNo)
	f.setMonths(strconv.Itoa(p.WarrantyMonths))
	if i := custIndexOf(f.typeKeys, p.ProductType); i >= 0 {
		f.productType.SetSelectedIndex(i)
	}
	f.autoMonths = false // the saved months stay unless the person changes them
	f.address.SetText(p.DeliveryAddress)
	f.notes.SetText(p.Notes)
	for _, k := range custPurchaseFields {
		f.touched[k] = true
	}
}

// show opens the dialog with the cursor in the product.
func (f *purchaseForm) show() {
	f.dlg.Resize(fyne.NewSize(620, 600))
	f.dlg.Show()
	if c := f.deps.Window.Canvas(); c != nil {
		c.Focus(f.product)
	}
}

// selectedType is the chosen product type, if any.
func (f *purchaseForm) selectedType() (models.ProductType, bool) {
	i := f.productType.SelectedIndex()
	if i < 0 || i >= len(f.typeKeys) {
		return models.ProductType{}, false
	}
	for _, t := range f.types {
		if t.Key == f.typeKeys[i] {
			return t, true
		}
	}
	return models.ProductType{Key: f.typeKeys[i]}, false
}

// onTypeChanged fills the warranty months from the product type when the
// person has not typed their own.
func (f *purchaseForm) onTypeChanged(string) {
	if t, ok := f.selectedType(); ok && (strings.TrimSpace(f.months.Text) == "" || f.autoMonths) {
		f.setMonths(strconv.Itoa(t.WarrantyMonths))
		f.autoMonths = true
	}
	f.validate()
}

// setMonths fills the months without counting it as typed.
func (f *purchaseForm) setMonths(text string) {
	f.settingMonths = true
	f.months.SetText(text)
	f.settingMonths = false
}

// onMonthsChanged validates; typed months are kept when the type changes.
func (f *purchaseForm) onMonthsChanged(string) {
	if !f.settingMonths {
		f.autoMonths = false
		f.touched["warranty_months"] = true
	}
	f.validate()
}

// onPickDate shows a calendar under the date field.
func (f *purchaseForm) onPickDate() {
	c := f.deps.Window.Canvas()
	start := f.now
	if t, err := models.ParseDate(f.date.Text); err == nil {
		start = t
	}
	cal := widget.NewCalendar(start, f.onDatePicked)
	f.datePopUp = widget.NewPopUp(cal, c)
	f.datePopUp.ShowAtRelativePosition(fyne.NewPos(0, f.date.Size().Height), f.date)
}

// onDatePicked writes the chosen day into the date field.
func (f *purchaseForm) onDatePicked(t time.Time) {
	if f.datePopUp != nil {
		f.datePopUp.Hide()
		f.datePopUp = nil
	}
	f.date.SetText(t.Format("2006-01-02"))
}

// input collects what is typed, in the shape the models validate.
func (f *purchaseForm) input() models.PurchaseInput {
	in := models.PurchaseInput{
		Product: f.product.Text, Brand: f.brand.Text, Model: f.model.Text, Serial: f.serial.Text,
		PurchaseDate: f.date.Text, InvoiceNo: f.invoice.Text, WarrantyMonths: f.months.Text,
		DeliveryAddress: f.address.Text, Notes: f.notes.Text,
	}
	if i := f.productType.SelectedIndex(); i >= 0 && i < len(f.typeKeys) {
		in.ProductType = f.typeKeys[i]
	}
	return in
}

// validate runs the rules of saving (models.PurchaseInput.Normalize), shows
// each problem under its field once the person has typed there, shows the
// warranty this purchase would have today, and enables Save when valid.
func (f *purchaseForm) validate() {
	var p models.Purchase
	err := f.input().Normalize(&p, f.now)
	errs := models.AsFieldErrors(err)
	f.valid = err == nil
	changed := false
	for _, k := range custPurchaseFields {
		text := ""
		if f.touched[k] {
			text = custFieldText(errs.ForField(k))
		}
		if custSetErr(f.errs[k], text) {
			changed = true
		}
	}
	if f.showExpiry(errs) {
		changed = true
	}
	if changed && f.body != nil {
		f.body.Refresh()
	}
	if f.valid && !f.saving {
		f.saveBtn.Enable()
	} else {
		f.saveBtn.Disable()
	}
}

// showExpiry shows the warranty's end and today's status, computed as the
// detail pane does, once the date and months are readable. It reports
// whether the text changed (it may wrap onto another line).
func (f *purchaseForm) showExpiry(errs models.ValidationErrors) bool {
	text := T("customers.purchase_form.expiry_unknown", "Enter the purchase date and warranty to see when it ends.")
	imp := widget.LowImportance
	date, derr := models.ParseDate(f.date.Text)
	monthsText := strings.TrimSpace(f.months.Text)
	months, merr := strconv.Atoi(monthsText)
	if monthsText == "" {
		if t, ok := f.selectedType(); ok {
			months, merr = t.WarrantyMonths, nil
		}
	}
	if derr == nil && merr == nil && errs.ForField("warranty_months") == nil && errs.ForField("purchase_date") == nil {
		text, imp = custWarrantyText(models.WarrantyOn(date, months, f.now))
	}
	if f.expiry.Text == text && f.expiry.Importance == imp {
		return false
	}
	f.expiry.Importance = imp
	f.expiry.SetText(text)
	return true
}

// onSubmit saves when Enter is pressed and the input is valid.
func (f *purchaseForm) onSubmit(string) {
	if f.valid && !f.saving {
		f.onSave()
	}
}

// onCancel closes the form without saving.
func (f *purchaseForm) onCancel() {
	f.dlg.Hide()
}

// onSave saves in the background and closes the form when done; on an
// error the form stays open with everything that was typed.
func (f *purchaseForm) onSave() {
	f.validate()
	if !f.valid || f.saving {
		return
	}
	f.saving = true
	f.saveBtn.Disable()
	f.saveBtn.SetText(T("customers.common.saving", "Saving…"))
	custSetErr(f.formErr, "")
	in, a, customerID := f.input(), f.deps.App, f.customer.ID
	editID := ""
	if f.editing != nil {
		editID = f.editing.ID
	}
	custGo(func() func() {
		var p *models.Purchase
		var err error
		if editID == "" {
			p, err = a.AddPurchase(customerID, in)
		} else {
			p, err = a.UpdatePurchase(editID, in)
		}
		return func() { f.onSaveResult(p, err) }
	})
}

// onSaveResult closes the form or shows why the save failed.
func (f *purchaseForm) onSaveResult(p *models.Purchase, err error) {
	f.saving = false
	f.saveBtn.SetText(T("customers.common.save", "Save"))
	if err != nil {
		for _, k := range custPurchaseFields {
			f.touched[k] = true
		}
		f.validate()
		custSetErr(f.formErr, ErrText(err))
		f.body.Refresh()
		return
	}
	f.dlg.Hide()
	if f.OnSaved != nil {
		f.OnSaved(p)
	}
}
