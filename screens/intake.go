package screens

import (
	"context"
	"errors"
	"image/color"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// intakeSearchLimit is how many customers the intake's search shows.
const intakeSearchLimit = 8

// Values behind the intake's radio groups, in the order of their options.
var (
	intakeKinds      = []models.TicketKind{models.KindRepair, models.KindConsultation, models.KindDelivery, models.KindComplaint, models.KindPart, models.KindReturn}
	intakePriorities = []models.Priority{models.PriorityNormal, models.PriorityUrgent}
	intakeSources    = []models.Source{models.SourcePhone, models.SourceWalkIn, models.SourceSales}
)

// intakeFields are the fields whose problems show next to them; any other
// problem goes under the form.
var intakeFields = []string{"customer", "kind", "mode", "purchase", "override_reason", "symptom", "resolution",
	"product", "address", "preferred_time"}

// intakeDialog opens a ticket: the customer (found or created inline), what
// the ticket is about, the product and its warranty, the fault, and how
// and when the customer wants it handled. It flags information the shop
// needs before dispatch without blocking the intake, and after creation it
// shows the ticket's number to read to the customer.
type intakeDialog struct {
	deps *Deps

	// OnCreated runs on the UI goroutine after the ticket is created.
	OnCreated func(*app.TicketDetail)

	fixedCustomer bool             // opened for one customer: no search
	customer      *models.Customer // the chosen customer, once loaded
	customerID    string           // chosen (maybe still loading); "" for none
	custGen       int              // bumped by every customer load
	now           time.Time        // the clock, for warranties

	// Finding the customer.
	search       *widget.Entry
	resultList   *widget.List
	noResults    *widget.Label
	newCustBtn   *widget.Button
	searchBox    *fyne.Container
	results      []app.CustomerSummary
	searchGen    int
	searchCancel context.CancelFunc
	searchQuery  string
	searchReady  bool
	pickFirst    bool          // Enter was pressed before the results arrived
	custForm     *customerForm // the last customer form opened (tests look at it)

	// The chosen customer.
	custName   *widget.Label
	custPhones *widget.Label
	custAddr   *widget.Label
	changeBtn  *widget.Button
	summaryBox *fyne.Container

	kind        *widget.RadioGroup
	mode        *widget.RadioGroup
	modeRow     []fyne.CanvasObject // label and field, hidden for a consultation
	purchase    *widget.Select
	purchaseIDs []string // option index → purchase ID, "" for not on record
	product     *widget.Entry
	productRow  []fyne.CanvasObject
	// Rows a delivery does not show: its items carry the purchases, the
	// goods are new (no warranty question), it has no fault and its day
	// is booked in the delivery section.
	purchaseRow  []fyne.CanvasObject
	warrantyRow  []fyne.CanvasObject
	symptomRow   []fyne.CanvasObject
	preferredRow []fyne.CanvasObject
	requestLabel *widget.Label
	delivery     *intakeDelivery  // the delivery section
	complaint    *intakeComplaint // the complaint section (complaints.go)
	part         *intakePart      // the replacement part section (parts.go)
	ret          *intakeReturn    // the return or exchange section (returns.go)
	warranty     *widget.Label
	override     *widget.Check
	covered      *widget.RadioGroup
	reason       *widget.Entry
	overrideBox  *fyne.Container
	address      *widget.SelectEntry
	symptom      *intakeMultiEntry
	request      *widget.Entry
	preferred    *widget.Entry
	priority     *widget.RadioGroup
	source       *widget.RadioGroup
	resolution   *intakeMultiEntry
	resolutionR  []fyne.CanvasObject
	missing      *widget.Label
	errs         map[string]*widget.Label
	formErr      *widget.Label

	createBtn *widget.Button
	cancelBtn *widget.Button
	doneBtn   *widget.Button

	form         fyne.CanvasObject
	stack        *fyne.Container
	resultNumber *canvas.Text
	resultInfo   *widget.Label
	resultRepeat *widget.Label
	resultCheck  *widget.Label
	dlg          *dialog.CustomDialog
	clashDlg     *dispatchClashDialog // the last double-booking question (tests look at it)

	saving  bool
	created *app.TicketDetail
}

// intakeMultiEntry is a multi-line entry where Tab moves to the next
// field, as at every other field of the form, instead of typing a tab.
type intakeMultiEntry struct{ widget.Entry }

// newIntakeMultiEntry builds a word-wrapping multi-line entry.
func newIntakeMultiEntry(rows int, hint string) *intakeMultiEntry {
	e := &intakeMultiEntry{}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.ExtendBaseWidget(e)
	e.SetMinRowsVisible(rows)
	e.SetPlaceHolder(hint)
	return e
}

// AcceptsTab lets Tab move the focus on.
func (e *intakeMultiEntry) AcceptsTab() bool { return false }

// newIntakeDialog builds the intake for a customer, or with a search for
// one when customerID is "".
func newIntakeDialog(d *Deps, customerID string) *intakeDialog {
	i := &intakeDialog{deps: d, fixedCustomer: customerID != "", now: d.App.Now(), errs: map[string]*widget.Label{}}
	for _, f := range intakeFields {
		i.errs[f] = custErrLabel()
	}
	i.buildCustomer()

	kinds := make([]string, len(intakeKinds))
	for n, k := range intakeKinds {
		kinds[n] = KindLabel(k)
	}
	i.kind = widget.NewRadioGroup(kinds, nil)
	i.kind.Required = true // one under the other: three kinds do not fit across a column in English
	i.kind.SetSelected(kinds[0])
	i.kind.OnChanged = i.onKindChanged // after the default, as the rest of the form is not built yet

	modes := make([]string, len(models.AllModes))
	for n, m := range models.AllModes {
		modes[n] = ModeLabel(m)
	}
	i.mode = widget.NewRadioGroup(modes, nil)
	i.mode.Required = true
	i.mode.SetSelected(modes[0])
	i.mode.OnChanged = i.onModeChanged

	i.purchase = widget.NewSelect(nil, i.onPurchaseChanged)
	i.purchase.PlaceHolder = T("tickets.intake.purchase_hint", "Choose the product the ticket is about")
	i.product = widget.NewEntry()
	i.product.SetPlaceHolder(T("tickets.intake.product_hint", "Product and model, e.g. 格力空调 KFR-35GW"))
	i.product.OnChanged = i.onFieldChanged
	i.warranty = widget.NewLabel("")
	i.warranty.Wrapping = fyne.TextWrapWord
	i.override = widget.NewCheck(T("tickets.intake.override", "Override warranty"), i.onOverrideChanged)
	i.covered = widget.NewRadioGroup([]string{
		T("tickets.intake.covered", "Covered (free)"),
		T("tickets.intake.not_covered", "Not covered (charged)"),
	}, nil)
	i.covered.Horizontal, i.covered.Required = true, true
	i.reason = widget.NewEntry()
	i.reason.SetPlaceHolder(T("tickets.intake.override_reason_hint", "Reason, e.g. invoice lost, confirmed by the sales clerk"))
	i.reason.OnChanged = i.onReasonChanged
	i.overrideBox = container.NewVBox(i.covered, i.reason, i.errs["override_reason"])
	i.overrideBox.Hide()

	i.address = widget.NewSelectEntry(nil)
	i.address.SetPlaceHolder(T("tickets.intake.address_hint", "Where the repair or pickup takes place"))
	i.address.OnChanged = i.onFieldChanged

	i.symptom = newIntakeMultiEntry(4, T("tickets.intake.symptom_hint", "What is wrong, in the customer's words, e.g. 不制冷, 门关不上"))
	i.symptom.OnChanged = i.onSymptomChanged
	i.request = widget.NewEntry()
	i.request.SetPlaceHolder(T("tickets.intake.request_hint", "e.g. wants it fixed before the weekend"))
	i.preferred = widget.NewEntry()
	i.preferred.SetPlaceHolder(T("tickets.intake.preferred_hint", "e.g. Saturday morning, after 6 pm"))
	i.preferred.OnChanged = func(string) { i.clearErr("preferred_time") }

	prios := make([]string, len(intakePriorities))
	for n, p := range intakePriorities {
		prios[n] = PriorityLabel(p)
	}
	i.priority = widget.NewRadioGroup(prios, nil)
	i.priority.Horizontal, i.priority.Required = true, true
	i.priority.SetSelected(prios[0])
	sources := make([]string, len(intakeSources))
	for n, s := range intakeSources {
		sources[n] = SourceLabel(s)
	}
	i.source = widget.NewRadioGroup(sources, nil)
	i.source.Horizontal, i.source.Required = true, true
	i.source.SetSelected(sources[0])

	i.resolution = newIntakeMultiEntry(3, T("tickets.intake.resolution_hint", "How the question was solved on the phone"))
	i.resolution.OnChanged = i.onResolutionChanged

	i.missing = widget.NewLabel("")
	i.missing.Importance = widget.WarningImportance
	i.missing.Wrapping = fyne.TextWrapWord
	i.missing.Hide()
	i.formErr = custErrLabel()
	i.delivery = newIntakeDelivery(i)
	i.complaint = newIntakeComplaint(i)
	i.part = newIntakePart(i)
	i.ret = newIntakeReturn(i)

	i.createBtn = widget.NewButtonWithIcon(T("tickets.intake.create", "Create ticket"), theme.ConfirmIcon(), i.onCreate)
	i.createBtn.Importance = widget.HighImportance
	i.cancelBtn = widget.NewButtonWithIcon(T("tickets.common.cancel", "Cancel"), theme.CancelIcon(), i.onCancel)
	i.doneBtn = widget.NewButtonWithIcon(T("tickets.intake.done", "Done"), theme.ConfirmIcon(), i.onCancel)
	i.doneBtn.Importance = widget.HighImportance

	i.form = i.buildForm()
	i.stack = container.NewStack(i.form)
	i.dlg = dialog.NewCustomWithoutButtons(T("tickets.intake.title", "New ticket"), i.stack, d.Window)
	i.dlg.SetButtons([]fyne.CanvasObject{i.cancelBtn, i.createBtn})
	i.onKindChanged(i.kind.Selected)
	i.setPurchases(nil)
	if i.fixedCustomer {
		i.pickCustomer(customerID)
	}
	return i
}

// buildCustomer makes the customer section: the search with its results
// and "New customer…", and the chosen customer's summary.
func (i *intakeDialog) buildCustomer() {
	i.search = widget.NewEntry()
	i.search.SetPlaceHolder(T("tickets.intake.search_hint", "Find the customer: name, pinyin or phone digits"))
	i.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	i.search.OnChanged = i.onSearchChanged
	i.search.OnSubmitted = i.onSearchSubmitted
	i.resultList = widget.NewList(i.resultCount, i.newResultRow, i.updateResultRow)
	i.resultList.OnSelected = i.onResultSelected
	i.noResults = widget.NewLabel(T("tickets.intake.no_customer", "No customer found. Check the spelling, or create a new customer."))
	i.noResults.Wrapping = fyne.TextWrapWord
	i.noResults.Importance = widget.LowImportance
	i.noResults.Hide()
	i.newCustBtn = widget.NewButtonWithIcon(T("tickets.intake.new_customer", "New customer…"), theme.ContentAddIcon(), i.onNewCustomer)
	space := canvas.NewRectangle(color.Transparent)
	space.SetMinSize(fyne.NewSize(0, 4*42))
	i.searchBox = container.NewVBox(i.search,
		container.NewStack(space, i.resultList, container.NewPadded(i.noResults)),
		container.NewHBox(i.newCustBtn))

	i.custName = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	i.custName.Truncation = fyne.TextTruncateEllipsis
	i.custPhones = widget.NewLabel("")
	i.custPhones.Wrapping = fyne.TextWrapWord
	i.custAddr = widget.NewLabel("")
	i.custAddr.Wrapping = fyne.TextWrapWord
	i.changeBtn = widget.NewButtonWithIcon(T("tickets.intake.change_customer", "Change"), theme.SearchIcon(), i.onChangeCustomer)
	i.changeBtn.Importance = widget.LowImportance
	if i.fixedCustomer {
		i.changeBtn.Hide()
	}
	i.summaryBox = container.NewVBox(
		container.NewBorder(nil, nil, nil, i.changeBtn, i.custName),
		container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()), i.custPhones, i.custAddr))
	if i.fixedCustomer {
		i.searchBox.Hide()
	} else {
		i.summaryBox.Hide()
	}
}

// buildForm lays the fields out in two columns: who and what product on
// the left, what is wrong and how to handle it on the right. Tab follows
// the columns top to bottom.
func (i *intakeDialog) buildForm() fyne.CanvasObject {
	label := func(text string, required bool) fyne.CanvasObject {
		if required {
			text += " *"
		}
		return widget.NewLabelWithStyle(text, fyne.TextAlignTrailing, fyne.TextStyle{Bold: required})
	}
	field := func(o fyne.CanvasObject, key string) fyne.CanvasObject {
		return container.NewVBox(o, i.errs[key])
	}
	i.productRow = []fyne.CanvasObject{label(T("tickets.intake.product", "Product / model"), false), field(i.product, "product")}
	i.modeRow = []fyne.CanvasObject{label(T("tickets.intake.mode", "Repair mode"), true), field(i.mode, "mode")}
	i.resolutionR = []fyne.CanvasObject{label(T("tickets.intake.resolution", "Resolution"), true), field(i.resolution, "resolution")}
	i.purchaseRow = []fyne.CanvasObject{label(T("tickets.intake.purchase", "Purchase"), false), field(i.purchase, "purchase")}
	i.warrantyRow = []fyne.CanvasObject{label(T("tickets.intake.warranty", "Warranty"), false), container.NewVBox(i.warranty, i.override, i.overrideBox)}
	i.symptomRow = []fyne.CanvasObject{label(T("tickets.intake.symptom", "Fault symptom"), false), field(i.symptom, "symptom")}
	i.preferredRow = []fyne.CanvasObject{label(T("tickets.intake.preferred", "Preferred time"), false), field(i.preferred, "preferred_time")}
	i.requestLabel = widget.NewLabelWithStyle(T("tickets.intake.request", "Customer's request"), fyne.TextAlignTrailing, fyne.TextStyle{})

	left := container.New(layout.NewFormLayout(),
		label(T("tickets.intake.customer", "Customer"), true), field(container.NewVBox(i.searchBox, i.summaryBox), "customer"),
		i.purchaseRow[0], i.purchaseRow[1],
		i.productRow[0], i.productRow[1],
		i.warrantyRow[0], i.warrantyRow[1],
		label(T("tickets.intake.address", "Address"), false), field(i.address, "address"),
	)
	right := container.New(layout.NewFormLayout(),
		label(T("tickets.intake.kind", "Kind"), true), field(i.kind, "kind"),
		i.modeRow[0], i.modeRow[1],
		i.symptomRow[0], i.symptomRow[1],
		i.requestLabel, i.request,
		i.preferredRow[0], i.preferredRow[1],
		label(T("tickets.intake.priority", "Priority"), false), i.priority,
		label(T("tickets.intake.source", "Source"), false), i.source,
		i.resolutionR[0], i.resolutionR[1],
	)
	cols := container.NewGridWithColumns(2, container.NewPadded(left), container.NewPadded(right))
	body := container.NewVBox(cols, container.NewPadded(i.delivery.box), container.NewPadded(i.complaint.box), container.NewPadded(i.part.box),
		container.NewPadded(i.ret.box))
	return container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), i.missing, i.formErr), nil, nil,
		container.NewVScroll(body))
}

// refreshForm lays the form out again after fields appeared or went.
func (i *intakeDialog) refreshForm() {
	if i.form != nil {
		i.form.Refresh()
	}
}

// show opens the dialog with the cursor in the customer search, or in the
// symptom when the customer is known.
func (i *intakeDialog) show() {
	size := fyne.NewSize(1060, 700)
	if c := i.deps.Window.Canvas(); c != nil {
		ws := c.Size()
		if ws.Width > 0 && ws.Height > 0 {
			size = fyne.NewSize(min(size.Width, ws.Width-40), min(size.Height, ws.Height-40))
		}
	}
	i.dlg.Resize(size)
	i.dlg.Show()
	if i.fixedCustomer {
		i.focus(i.symptom)
	} else {
		i.focus(i.search)
	}
}

// focus puts the cursor in a field of the dialog.
func (i *intakeDialog) focus(o fyne.Focusable) {
	if c := i.deps.Window.Canvas(); c != nil {
		c.Focus(o)
	}
}

// onSearchChanged searches for customers after the typist pauses.
func (i *intakeDialog) onSearchChanged(string) { i.startSearch(custSearchDelay) }

// onSearchSubmitted (Enter) picks the first customer found, waiting for the
// running search when its results are not in yet.
func (i *intakeDialog) onSearchSubmitted(text string) {
	if i.searchReady && text == i.searchQuery {
		if len(i.results) > 0 {
			i.pickCustomer(i.results[0].ID)
		}
		return
	}
	i.pickFirst = true
	i.startSearch(0)
}

// startSearch cancels the running customer search and starts one for the
// search box's text after delay.
func (i *intakeDialog) startSearch(delay time.Duration) {
	if i.searchCancel != nil {
		i.searchCancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	i.searchCancel = cancel
	i.searchGen++
	i.searchReady = false
	gen, q, a := i.searchGen, i.search.Text, i.deps.App
	i.searchQuery = q
	if strings.TrimSpace(q) == "" {
		i.applySearch(gen, nil, nil)
		return
	}
	custGo(func() func() {
		if !custSleep(ctx, delay) {
			return nil
		}
		rows, err := a.SearchCustomers(ctx, q, app.SearchOptions{Limit: intakeSearchLimit})
		if ctx.Err() != nil {
			return nil
		}
		return func() { i.applySearch(gen, rows, err) }
	})
}

// applySearch shows the customers found unless a newer search started.
func (i *intakeDialog) applySearch(gen int, rows []app.CustomerSummary, err error) {
	if gen != i.searchGen {
		return
	}
	i.searchReady = true
	if err != nil {
		i.results = nil
		i.noResults.SetText(ErrText(err))
		i.noResults.Show()
	} else {
		i.results = rows
		i.noResults.SetText(T("tickets.intake.no_customer", "No customer found. Check the spelling, or create a new customer."))
		if len(rows) == 0 && strings.TrimSpace(i.searchQuery) != "" {
			i.noResults.Show()
		} else {
			i.noResults.Hide()
		}
	}
	i.resultList.UnselectAll()
	i.resultList.Refresh()
	i.resultList.ScrollToTop()
	if i.pickFirst {
		i.pickFirst = false
		if len(i.results) > 0 {
			i.pickCustomer(i.results[0].ID)
		}
	}
}

// resultCount is the number of customers found.
func (i *intakeDialog) resultCount() int { return len(i.results) }

// newResultRow is a found customer: name and main phone, address below.
func (i *intakeDialog) newResultRow() fyne.CanvasObject { return newPersonRow() }

// updateResultRow fills a found customer's row.
func (i *intakeDialog) updateResultRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(i.results) {
		return
	}
	r := i.results[id]
	addr := r.Address
	if addr == "" {
		addr = T("tickets.intake.no_address", "No address on record")
	}
	asPersonRow(o).set(r.Name, models.FormatPhone(r.Phone), addr, false)
}

// onResultSelected picks a customer from the results.
func (i *intakeDialog) onResultSelected(id widget.ListItemID) {
	if id >= 0 && id < len(i.results) {
		i.pickCustomer(i.results[id].ID)
	}
}

// onNewCustomer opens the customer form; what was typed in the search is
// carried over (digits as the phone, other text as the name).
func (i *intakeDialog) onNewCustomer() {
	f := newCustomerForm(i.deps, nil, customerFromSearch(i.search.Text))
	f.OnSaved = i.onCustomerCreated
	f.OnOpenExisting = i.onOpenExisting
	i.custForm = f
	f.show()
}

// onCustomerCreated uses the customer just created.
func (i *intakeDialog) onCustomerCreated(c *models.Customer) { i.pickCustomer(c.ID) }

// onOpenExisting uses the customer who already has the number typed.
func (i *intakeDialog) onOpenExisting(c app.CustomerSummary) { i.pickCustomer(c.ID) }

// onChangeCustomer goes back to the search.
func (i *intakeDialog) onChangeCustomer() {
	i.customerID, i.customer = "", nil
	i.custGen++
	i.summaryBox.Hide()
	i.searchBox.Show()
	i.resultList.UnselectAll()
	i.setPurchases(nil)
	i.delivery.setCustomer(nil)
	i.address.SetOptions(nil)
	i.address.SetText("")
	i.updateMissing()
	i.form.Refresh()
	i.focus(i.search)
}

// pickCustomer chooses the customer, loads their phones, addresses and
// purchases, and moves the cursor to the symptom.
func (i *intakeDialog) pickCustomer(id string) {
	if i.searchCancel != nil {
		i.searchCancel()
	}
	i.pickFirst = false
	i.customerID, i.customer = id, nil
	i.custGen++
	gen, a := i.custGen, i.deps.App
	custSetErr(i.errs["customer"], "")
	i.custName.SetText(T("tickets.common.loading", "Loading…"))
	i.custPhones.SetText("")
	i.custAddr.SetText("")
	i.searchBox.Hide()
	i.summaryBox.Show()
	i.form.Refresh()
	i.focus(i.symptom)
	custGo(func() func() {
		c, err := a.Customer(id)
		now := a.Now()
		return func() { i.applyCustomer(gen, c, now, err) }
	})
}

// applyCustomer shows the loaded customer and fills the purchases and
// addresses, unless another customer was chosen meanwhile.
func (i *intakeDialog) applyCustomer(gen int, c *models.Customer, now time.Time, err error) {
	if gen != i.custGen {
		return
	}
	if err != nil {
		i.custName.SetText("")
		custSetErr(i.errs["customer"], ErrText(err))
		i.form.Refresh()
		return
	}
	i.customer, i.now = c, now
	i.custName.SetText(c.Name)
	i.custPhones.SetText(custPhoneLines(c))
	addr := custAddressLines(c)
	if addr == "" {
		addr = T("tickets.intake.no_address", "No address on record")
	}
	i.custAddr.SetText(addr)
	var addrs []string
	for _, a := range c.Addresses {
		addrs = append(addrs, a.Text)
	}
	i.address.SetOptions(addrs)
	i.address.SetText(c.MainAddress())
	i.setPurchases(c)
	i.delivery.setCustomer(c)
	i.complaint.setCustomer(c)
	i.part.setCustomer(c)
	i.form.Refresh()
}

// setPurchases offers the customer's purchases (archived ones left out)
// and "not on record"; a customer with one purchase gets it chosen, one
// with none gets "not on record".
func (i *intakeDialog) setPurchases(c *models.Customer) {
	var opts []string
	i.purchaseIDs = nil
	seen := map[string]int{}
	if c != nil {
		for n := range c.Purchases {
			p := &c.Purchases[n]
			if p.Archived() {
				continue
			}
			text := i.purchaseText(p)
			seen[text]++
			if seen[text] > 1 { // options are told apart by their text
				text += " #" + strconv.Itoa(seen[text])
			}
			opts = append(opts, text)
			i.purchaseIDs = append(i.purchaseIDs, p.ID)
		}
	}
	opts = append(opts, T("tickets.intake.not_on_record", "Not on record (type the product below)"))
	i.purchaseIDs = append(i.purchaseIDs, "")
	i.purchase.SetOptions(opts)
	i.purchase.ClearSelected()
	switch len(opts) {
	case 1:
		if c != nil {
			i.purchase.SetSelectedIndex(0)
		}
	case 2:
		i.purchase.SetSelectedIndex(0)
	}
	i.onPurchaseChanged(i.purchase.Selected)
}

// purchaseText names a purchase in the select: product, brand and model,
// date and warranty.
func (i *intakeDialog) purchaseText(p *models.Purchase) string {
	text := p.Product
	if bm := strings.TrimSpace(p.Brand + " " + p.Model); bm != "" {
		text += " · " + bm
	}
	w, _ := custWarrantyText(p.Warranty(i.now))
	return text + " · " + T("tickets.intake.bought", "bought {{.Date}}", map[string]any{"Date": models.FormatDate(p.PurchaseDate)}) + " · " + w
}

// selectedPurchase is the chosen purchase, or nil for none or not on record.
func (i *intakeDialog) selectedPurchase() *models.Purchase {
	n := i.purchase.SelectedIndex()
	if i.customer == nil || n < 0 || n >= len(i.purchaseIDs) || i.purchaseIDs[n] == "" {
		return nil
	}
	for k := range i.customer.Purchases {
		if i.customer.Purchases[k].ID == i.purchaseIDs[n] {
			return &i.customer.Purchases[k]
		}
	}
	return nil
}

// onPurchaseChanged shows the product entry when no purchase is on record
// and the warranty of the chosen one.
func (i *intakeDialog) onPurchaseChanged(string) {
	custSetErr(i.errs["purchase"], "")
	p := i.selectedPurchase()
	switch {
	case i.customer == nil:
		for _, o := range i.productRow {
			o.Hide()
		}
		i.purchase.Disable()
		i.warranty.SetText(T("tickets.intake.choose_customer", "Choose the customer first."))
		i.warranty.Importance = widget.LowImportance
	case p == nil:
		for _, o := range i.productRow {
			intakeSetVisible(o, i.kindValue() != models.KindDelivery)
		}
		i.purchase.Enable()
		i.warranty.SetText(T("tickets.intake.warranty_unknown", "No purchase on record: charged unless the warranty is overridden."))
		i.warranty.Importance = widget.LowImportance
	default:
		i.purchase.Enable()
		for _, o := range i.productRow {
			o.Hide()
		}
		text, imp := custWarrantyText(p.Warranty(i.now))
		i.warranty.Importance = imp
		i.warranty.SetText(text)
	}
	i.warranty.Refresh()
	if i.ret != nil {
		i.ret.setPurchase(p) // returns.go: the signing day for the rules
	}
	i.updateMissing()
	if i.form != nil {
		i.form.Refresh()
	}
}

// computedCovered is whether the chosen purchase is in warranty today.
func (i *intakeDialog) computedCovered() bool {
	p := i.selectedPurchase()
	return p != nil && p.Warranty(i.now).Covered()
}

// onOverrideChanged reveals the override's choice and reason; the choice
// starts at the opposite of the computed warranty, since that is the
// point of overriding.
func (i *intakeDialog) onOverrideChanged(on bool) {
	if on {
		if i.computedCovered() {
			i.covered.SetSelected(i.covered.Options[1])
		} else {
			i.covered.SetSelected(i.covered.Options[0])
		}
		i.overrideBox.Show()
		i.focus(i.reason)
	} else {
		i.overrideBox.Hide()
		custSetErr(i.errs["override_reason"], "")
	}
	i.form.Refresh()
}

// onKindChanged shows the repair mode and warranty override for a repair,
// the resolution for a consultation solved by phone, and for a delivery
// the delivery section instead of the purchase, warranty, fault and
// preferred time.
func (i *intakeDialog) onKindChanged(string) {
	kind := i.kindValue()
	consult, deliv := kind == models.KindConsultation, kind == models.KindDelivery
	for _, o := range i.modeRow {
		intakeSetVisible(o, !consult && !deliv)
	}
	for _, o := range i.resolutionR {
		intakeSetVisible(o, consult)
	}
	for _, row := range [][]fyne.CanvasObject{i.purchaseRow, i.warrantyRow, i.symptomRow, i.preferredRow} {
		for _, o := range row {
			intakeSetVisible(o, !deliv)
		}
	}
	for _, o := range i.productRow {
		intakeSetVisible(o, !deliv && i.customer != nil && i.selectedPurchase() == nil)
	}
	intakeSetVisible(i.override, !consult && !deliv)
	if consult {
		i.overrideBox.Hide()
		i.createBtn.SetText(T("tickets.intake.create_closed", "Create and close"))
	} else {
		intakeSetVisible(i.overrideBox, !deliv && i.override.Checked)
		i.createBtn.SetText(T("tickets.intake.create", "Create ticket"))
	}
	if deliv {
		i.requestLabel.SetText(T("tickets.delivery.notes", "Notes"))
		i.request.SetPlaceHolder(T("tickets.delivery.notes_hint", "e.g. lift available, after 2 pm; old sofa to take away"))
		i.address.SetPlaceHolder(T("tickets.delivery.address_hint", "Where the goods are delivered and installed"))
		i.delivery.show()
	} else {
		i.requestLabel.SetText(T("tickets.intake.request", "Customer's request"))
		i.request.SetPlaceHolder(T("tickets.intake.request_hint", "e.g. wants it fixed before the weekend"))
		i.address.SetPlaceHolder(T("tickets.intake.address_hint", "Where the repair or pickup takes place"))
		i.delivery.box.Hide()
	}
	i.complaint.apply(kind)
	i.part.apply(kind)
	i.ret.apply(kind)
	custSetErr(i.errs["kind"], "")
	i.updateMissing()
	i.refreshForm()
}

// intakeSetVisible shows or hides o.
func intakeSetVisible(o fyne.CanvasObject, on bool) {
	if on {
		o.Show()
	} else {
		o.Hide()
	}
}

// onModeChanged clears the mode's problem once one is chosen.
func (i *intakeDialog) onModeChanged(string) { i.clearErr("mode") }

// onSymptomChanged updates the missing-information line.
func (i *intakeDialog) onSymptomChanged(string) {
	i.clearErr("symptom")
	i.updateMissing()
}

// onResolutionChanged clears the resolution's problem as the person types.
func (i *intakeDialog) onResolutionChanged(string) { i.clearErr("resolution") }

// onReasonChanged clears the override reason's problem as the person types.
func (i *intakeDialog) onReasonChanged(string) { i.clearErr("override_reason") }

// onFieldChanged updates the missing-information line.
func (i *intakeDialog) onFieldChanged(string) {
	i.clearErr("product")
	i.clearErr("address")
	i.clearErr("preferred_time")
	i.updateMissing()
}

// clearErr hides a field's problem.
func (i *intakeDialog) clearErr(field string) {
	if custSetErr(i.errs[field], "") && i.form != nil {
		i.form.Refresh()
	}
}

// kindValue is the chosen kind.
func (i *intakeDialog) kindValue() models.TicketKind {
	for n, k := range intakeKinds {
		if i.kind.Selected == i.kind.Options[n] {
			return k
		}
	}
	return ""
}

// modeValue is the chosen repair mode, "" for none.
func (i *intakeDialog) modeValue() models.RepairMode {
	for n, m := range models.AllModes {
		if i.mode.Selected == i.mode.Options[n] {
			return m
		}
	}
	return ""
}

// input collects the form in the shape app.CreateTicket takes. For a
// delivery it also returns the problem of a delivery date that cannot be
// read, which app would only report as missing.
func (i *intakeDialog) input() (app.IntakeInput, *models.FieldError) {
	in := app.IntakeInput{
		CustomerID: i.customerID, Kind: i.kindValue(), Address: i.address.Text,
		Symptom: i.symptom.Text, Request: i.request.Text, PreferredTime: i.preferred.Text,
		Priority: models.PriorityNormal, Source: models.SourcePhone,
	}
	for n, p := range intakePriorities {
		if i.priority.Selected == i.priority.Options[n] {
			in.Priority = p
		}
	}
	for n, s := range intakeSources {
		if i.source.Selected == i.source.Options[n] {
			in.Source = s
		}
	}
	if in.Kind == models.KindDelivery {
		// The items carry the products; the request is the notes.
		in.Symptom, in.PreferredTime = "", ""
		var fe *models.FieldError
		in.Delivery, fe = i.delivery.input()
		return in, fe
	}
	if p := i.selectedPurchase(); p != nil {
		in.PurchaseID = p.ID
	} else {
		in.Product = i.product.Text
	}
	switch in.Kind {
	case models.KindConsultation:
		in.Resolution = i.resolution.Text
	case models.KindComplaint:
		in.LinkedTicketID = i.complaint.linked()
	case models.KindPart:
		in.Part, in.LinkedTicketID = i.part.input()
	case models.KindReturn:
		// returns.go; the reason is the ticket's symptom (app fills it).
		in.Return, in.Symptom, in.PreferredTime = i.ret.input(), "", ""
	default:
		in.Mode = i.modeValue()
		if i.override.Checked {
			in.WarrantyOverride = true
			in.Covered = i.covered.Selected == i.covered.Options[0]
			in.OverrideReason = i.reason.Text
		}
	}
	return in, nil
}

// updateMissing shows what the shop still needs before dispatch, by the
// same rules as app.MissingInfo. It never blocks creating the ticket.
func (i *intakeDialog) updateMissing() {
	if i.missing == nil {
		return
	}
	text := ""
	if i.customer != nil && i.kindValue() == models.KindRepair {
		in, _ := i.input()
		t := &models.Ticket{Kind: in.Kind, Address: strings.TrimSpace(in.Address), Product: strings.TrimSpace(in.Product), Symptom: in.Symptom}
		if t.Address == "" {
			t.Address = i.customer.MainAddress() // as CreateTicket does
		}
		keys := app.MissingInfo(t, i.customer, i.selectedPurchase())
		if len(keys) > 0 {
			names := make([]string, len(keys))
			for n, k := range keys {
				names[n] = MissingLabel(k)
			}
			text = T("tickets.intake.missing", "Verify with the sales clerk or the customer: {{.Fields}}",
				map[string]any{"Fields": strings.Join(names, T("tickets.list_sep", ", "))})
		}
	}
	if i.missing.Text == text && i.missing.Visible() == (text != "") {
		return
	}
	i.missing.SetText(text)
	intakeSetVisible(i.missing, text != "")
	if i.form != nil {
		i.form.Refresh()
	}
}

// setSaving marks a running create: the button is disabled and says so.
func (i *intakeDialog) setSaving(on bool) {
	i.saving = on
	if on {
		i.createBtn.SetText(T("tickets.common.saving", "Saving…"))
		i.createBtn.Disable()
		return
	}
	i.createBtn.Enable()
	i.onKindChanged(i.kind.Selected) // restores the button's text
}

// onCreate creates the ticket in the background.
func (i *intakeDialog) onCreate() { i.create(false) }

// create saves the form; allowClash books a crew that already has a job
// in the half day, as the person confirmed.
func (i *intakeDialog) create(allowClash bool) {
	if i.saving || i.created != nil {
		return
	}
	for _, l := range i.errs {
		custSetErr(l, "")
	}
	custSetErr(i.formErr, "")
	in, dateErr := i.input()
	in.Delivery.AllowClash = allowClash
	a := i.deps.App
	i.setSaving(true)
	custGo(func() func() {
		d, err := a.CreateTicket(in)
		return func() { i.onCreateResult(in, dateErr, d, err) }
	})
}

// onCreateResult shows the new number, or the problems next to their
// fields with everything typed kept. A date that could not be read is
// explained as such rather than as missing; a crew already booked in the
// half day is asked about.
func (i *intakeDialog) onCreateResult(in app.IntakeInput, dateErr *models.FieldError, d *app.TicketDetail, err error) {
	i.setSaving(false)
	var clash *app.ClashError
	if errors.As(err, &clash) {
		i.askClash(in, clash)
		return
	}
	if err != nil {
		var other []string
		if fes := models.AsFieldErrors(err); len(fes) > 0 {
			for _, fe := range fes {
				if fe.Field == "date" && dateErr != nil {
					fe = dateErr
				}
				l, ok := i.errs[fe.Field]
				switch {
				case !ok:
					other = append(other, FieldErrText(fe))
				case l.Text == "":
					custSetErr(l, FieldErrText(fe))
				default: // several problems of one field, e.g. two item lines
					custSetErr(l, l.Text+"\n"+FieldErrText(fe))
				}
			}
		} else {
			other = append(other, ErrText(err))
		}
		custSetErr(i.formErr, strings.Join(other, "\n"))
		i.form.Refresh()
		return
	}
	i.created = d
	i.showResult(d)
	if i.OnCreated != nil {
		i.OnCreated(d)
	}
}

// showResult replaces the form with the new ticket's number, large enough
// to read aloud, and says when the repair is a repeat.
func (i *intakeDialog) showResult(d *app.TicketDetail) {
	t := &d.Ticket
	i.resultNumber = canvas.NewText(t.Number, theme.Color(theme.ColorNamePrimary))
	i.resultNumber.Alignment = fyne.TextAlignCenter
	i.resultNumber.TextSize = 2.4 * theme.TextSize()
	i.resultNumber.TextStyle = fyne.TextStyle{Bold: true}
	what := KindLabel(t.Kind)
	if t.Kind == models.KindRepair {
		what += " · " + ModeLabel(t.Mode)
	}
	what += " · " + d.Customer.Name
	if p := d.Customer.MainPhone(); p != "" {
		what += " " + models.FormatPhone(p)
	}
	if t.Status == models.StatusClosed {
		what += "\n" + T("tickets.intake.closed_at_intake", "Solved by phone: the ticket is closed.")
	}
	if t.Kind == models.KindDelivery {
		what += "\n" + intakeDeliverySummary(d)
	}
	if t.Kind == models.KindReturn {
		what += "\n" + returnCreatedSummary(d, i.now.Location())
	}
	i.resultInfo = widget.NewLabelWithStyle(what, fyne.TextAlignCenter, fyne.TextStyle{})
	i.resultInfo.Wrapping = fyne.TextWrapWord
	i.resultRepeat = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	i.resultRepeat.Importance = widget.DangerImportance
	i.resultRepeat.Wrapping = fyne.TextWrapWord
	if d.RepeatOf != "" {
		i.resultRepeat.SetText(T("tickets.intake.repeat", "Repeat repair: the same product was repaired in {{.Number}} within {{.Days}} days.",
			map[string]any{"Number": d.RepeatOf, "Days": i.deps.App.ServiceRules().RepeatWindowDays}))
	} else {
		i.resultRepeat.Hide()
	}
	i.resultCheck = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	i.resultCheck.Importance = widget.WarningImportance
	i.resultCheck.Wrapping = fyne.TextWrapWord
	switch {
	case t.Kind == models.KindRepair && len(d.Missing) > 0:
		names := make([]string, len(d.Missing))
		for n, k := range d.Missing {
			names[n] = MissingLabel(k)
		}
		i.resultCheck.SetText(T("tickets.intake.missing_after", "Before dispatch, verify: {{.Fields}}",
			map[string]any{"Fields": strings.Join(names, T("tickets.list_sep", ", "))}))
	case t.Kind == models.KindDelivery && intakeDeliveryTodo(d) != "":
		i.resultCheck.SetText(intakeDeliveryTodo(d))
	default:
		i.resultCheck.Hide()
	}
	title := widget.NewLabelWithStyle(T("tickets.intake.created", "Ticket created. Give the customer this number:"), fyne.TextAlignCenter, fyne.TextStyle{})
	icon := widget.NewIcon(theme.ConfirmIcon())
	width := canvas.NewRectangle(color.Transparent) // the wrapping labels take this width
	width.SetMinSize(fyne.NewSize(600, 0))
	panel := container.NewVBox(
		container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(48), icon)),
		title, i.resultNumber, i.resultInfo, i.resultRepeat, i.resultCheck)
	i.stack.Objects = []fyne.CanvasObject{container.NewCenter(container.NewStack(width, panel))}
	i.stack.Refresh()
	i.dlg.SetButtons([]fyne.CanvasObject{i.doneBtn})
	i.dlg.Resize(fyne.NewSize(680, 420))
	i.focus(i.doneBtn)
}

// onCancel closes the dialog (Cancel before creation, Done after it).
func (i *intakeDialog) onCancel() {
	if i.searchCancel != nil {
		i.searchCancel()
	}
	i.dlg.Hide()
}
