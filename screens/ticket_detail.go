package screens

import (
	"encoding/json"
	"errors"
	"fmt"
	"image/color"
	"sort"
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

// ticketDetail is the ticket page shown beside the ticket list: the
// header with the state and its dates, the actions legal now, the
// customer and product, and tabs for calls, charges and the timeline.
// Every change goes through app off the UI goroutine (custGo) and the
// page then shows the ticket as app returned it.
type ticketDetail struct {
	deps *Deps

	// OnChanged is called on the UI goroutine after any successful change
	// of the ticket, with the ticket as it now is (the list refreshes).
	OnChanged func(d *app.TicketDetail)

	id         string            // the ticket shown or being loaded; "" for none
	gen        int               // bumped by every load; older answers are dropped
	detail     *app.TicketDetail // the ticket as last loaded
	now        time.Time         // the app's clock when it was loaded
	loc        *time.Location    // the shop's time zone (the clock's)
	fees       []models.FeeItem  // the fee schedule, loaded with the ticket
	pendingAct models.Action     // an action asked for before the ticket arrived

	stack     *fyne.Container
	empty     fyne.CanvasObject
	emptyText *widget.Label
	body      fyne.CanvasObject
	scroll    *container.Scroll

	// Header.
	stale       *widget.Button // "Changed on another PC — reload", while the page waits for the person (refresh)
	notice      *widget.Label
	number      *widget.Label
	status      *widget.Label
	kindMode    *widget.Label
	urgent      *widget.Label
	reported    *widget.Label
	technician  *widget.Label
	appt        *widget.Label
	due         *widget.Label
	warranty    *widget.Label
	purchaseWar *widget.Label
	reschedules *widget.Label
	extraKey    *widget.Label
	extra       *widget.Label
	repeat      *widget.Label
	missing     *widget.Label

	// Actions legal now.
	actionBox  *fyne.Container
	noActions  *widget.Label
	actionActs []models.Action
	actionBtns []*widget.Button

	// Customer block.
	custName        *widget.Label
	openCustomerBtn *widget.Button
	phones          *widget.Label
	address         *widget.Label
	product         *widget.Label
	symptom         *widget.Label
	request         *widget.Label
	preferred       *widget.Label

	// Tabs: AppTabs is the tab bar; the selected tab's page is shown in
	// tabBody, so the page is as tall as that tab and no taller.
	tabs        *container.AppTabs
	tabBody     *fyne.Container
	contactsTab *container.TabItem
	chargesTab  *container.TabItem
	timelineTab *container.TabItem

	// Contact log tab.
	outcome     *widget.RadioGroup
	contactNote *widget.Entry
	logBtn      *widget.Button
	contactErr  *widget.Label
	contactList *fyne.Container
	noContacts  *widget.Label

	// Charges tab.
	approvalWarn *widget.Label
	approveBtn   *widget.Button
	approvalBox  *fyne.Container
	approvedBy   *widget.Label
	itemRows     *fyne.Container
	noItems      *widget.Label
	addFeeBtn    *widget.Button
	addOtherBtn  *widget.Button
	totals       *widget.Label
	consent      *widget.Label
	consentBtn   *widget.Button
	payRows      *fyne.Container
	noPayments   *widget.Label
	payBtn       *widget.Button

	// Timeline tab.
	noteEntry *widget.Entry
	noteBtn   *widget.Button
	noteErr   *widget.Label
	events    *fyne.Container

	// The dialogs last opened; tests look at them.
	action      *tdActionDialog
	item        *tdItemDialog
	consentForm *tdNoteForm
	approveForm *tdApproveForm
	pay         *tdPayForm
	form        *tdForm
	clash       *tdClashDialog
	changed     int // successful changes, for tests

	slips    *tdPrint    // the Print button and its menu of slips
	sign     *tdSign     // the Customer signature button and when it was signed
	delivery *tdDelivery // deliveries: items, crew, checklist; links between tickets
	ret      *tdReturn   // returns: the request, the rules' verdict, the steps (returns.go)
	conduct  *tdConduct  // penalties and rewards linked to the ticket (conduct.go)
	// The job's follow-up calls (followups_ticket.go).
	followUps *tdFollowUps

	// Complaints: findings, proposal, time limits, step dialogs (complaints.go).
	complaint *tdComplaint
	part      *tdPart // replacement parts: form fields, unpacking, request form (parts.go)

	techKey *widget.Label // "Technician", or "Crew leader" on a delivery
	apptKey *widget.Label // "Appointment", or "Delivery date"
	tabPage map[*container.TabItem]fyne.CanvasObject
	shownID string // the ticket showDetail last showed
}

// tdTimeFormat is how times are shown on the ticket page.
const tdTimeFormat = "2006-01-02 15:04"

// newTicketDetail builds the ticket page, showing its empty state.
func newTicketDetail(d *Deps) *ticketDetail {
	p := &ticketDetail{deps: d, loc: time.Local}

	p.emptyText = widget.NewLabelWithStyle(T("ticket_detail.empty", "Select a ticket in the list to see it here."),
		fyne.TextAlignCenter, fyne.TextStyle{})
	p.emptyText.Wrapping = fyne.TextWrapWord
	tip := widget.NewLabelWithStyle(T("ticket_detail.empty_tip", "The page shows the customer, the steps possible now, calls, charges and the whole timeline."),
		fyne.TextAlignCenter, fyne.TextStyle{})
	tip.SizeName = theme.SizeNameCaptionText
	tip.Wrapping = fyne.TextWrapWord
	p.empty = container.NewCenter(container.NewVBox(
		container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(64), widget.NewIcon(theme.DocumentIcon()))), p.emptyText, tip))

	p.buildHeader()
	p.slips = newTDPrint(p)
	p.sign = newTDSign(p)
	p.delivery = newTDDelivery(p)
	p.ret = newTDReturn(p)
	p.conduct = newTDConduct(p)
	p.followUps = newTDFollowUps(p)
	p.complaint = newTDComplaint(p)
	p.part = newTDPart(p)
	p.buildCustomer()
	contacts := p.buildContacts()
	charges := p.buildCharges()
	timeline := p.buildTimeline()

	p.contactsTab = container.NewTabItemWithIcon(T("ticket_detail.tab.contacts", "Contact log"), theme.MailComposeIcon(), tdTabStub())
	p.chargesTab = container.NewTabItemWithIcon(T("ticket_detail.tab.charges", "Charges"), theme.ListIcon(), tdTabStub())
	p.timelineTab = container.NewTabItemWithIcon(T("ticket_detail.tab.timeline", "Timeline"), theme.HistoryIcon(), tdTabStub())
	p.tabPage = map[*container.TabItem]fyne.CanvasObject{p.contactsTab: contacts, p.chargesTab: charges,
		p.timelineTab: timeline, p.delivery.tab: p.delivery.page}
	p.tabs = container.NewAppTabs(p.contactsTab, p.chargesTab, p.timelineTab)
	p.tabBody = container.NewStack(contacts)
	p.tabs.OnSelected = p.onTabSelected

	p.extraKey = tdKey(T("ticket_detail.details", "Details"))
	p.techKey = tdKey(T("ticket_detail.technician", "Technician"))
	p.apptKey = tdKey(T("ticket_detail.appointment", "Appointment"))
	service := container.NewVBox(
		container.NewBorder(nil, nil, heading(T("ticket_detail.service", "Service")), nil),
		container.New(layout.NewFormLayout(),
			tdKey(T("ticket_detail.reported", "Reported")), p.reported,
			p.techKey, p.technician,
			p.apptKey, p.appt,
			tdKey(T("ticket_detail.due", "Due")), p.due,
			tdKey(T("ticket_detail.warranty", "Warranty")), container.NewVBox(p.warranty, p.purchaseWar),
			tdKey(T("ticket_detail.reschedules", "Reschedules")), p.reschedules,
			p.extraKey, p.extra,
		),
	)
	customer := container.NewVBox(
		container.NewBorder(nil, nil, heading(T("ticket_detail.customer", "Customer")), p.openCustomerBtn, p.custName),
		container.New(layout.NewFormLayout(),
			tdKey(T("ticket_detail.phones", "Phones")), p.phones,
			tdKey(T("ticket_detail.address", "Address")), p.address,
			tdKey(T("ticket_detail.product", "Product")), p.product,
			tdKey(T("ticket_detail.symptom", "Symptom")), p.symptom,
			tdKey(T("ticket_detail.request", "Request")), p.request,
			tdKey(T("ticket_detail.preferred", "Preferred time")), p.preferred,
		),
	)
	header := container.NewVBox(
		p.stale,
		p.notice,
		container.NewBorder(nil, nil, nil, container.NewHBox(p.urgent, p.kindMode, p.sign.signed, p.sign.button, p.slips.button),
			container.NewHBox(p.number, container.NewCenter(p.status))),
		p.delivery.fromBox,
		container.NewBorder(nil, nil, heading(T("ticket_detail.next_step", "Next step:")), container.NewVBox(p.conduct.button),
			container.NewStack(p.actionBox, p.noActions)),
		p.repeat,
		p.missing,
		widget.NewSeparator(),
		tdRow([]float32{1, 1}, customer, service),
		widget.NewSeparator(),
		p.delivery.section,
		p.complaint.section,
		p.part.section,
		p.ret.section,
		p.delivery.raisedBox,
		p.followUps.section,
		p.conduct.section,
	)
	p.scroll = container.NewVScroll(container.NewPadded(container.NewVBox(header, p.tabs, p.tabBody)))
	p.body = p.scroll
	p.stack = container.NewStack(p.empty)
	return p
}

// tdTabStub is the empty content of a tab item: the tab's page is shown
// below the bar instead (see ticketDetail.tabBody).
func tdTabStub() fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(0, 0))
	return r
}

// tdKey is a field name in an info block.
func tdKey(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignTrailing, fyne.TextStyle{})
	l.Importance = widget.LowImportance
	return l
}

// tdValue is a wrapping, selectable value in an info block: staff copy
// numbers, addresses and tracking numbers from it.
func tdValue() *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	l.Selectable = true
	return l
}

// tdBanner is a wrapping warning line that takes no space while empty.
func tdBanner(imp widget.Importance) *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	l.Importance = imp
	l.TextStyle.Bold = true
	l.Hide()
	return l
}

// tdSetBanner shows text in a banner, or hides it when text is "".
func tdSetBanner(l *widget.Label, text string) {
	l.SetText(text)
	if text == "" {
		l.Hide()
	} else {
		l.Show()
	}
}

// buildHeader makes the widgets of the header and the action bar.
func (p *ticketDetail) buildHeader() {
	p.stale = widget.NewButtonWithIcon(T("ticket_detail.changed_elsewhere", "Changed on another PC — reload"), theme.ViewRefreshIcon(), p.onReloadStale)
	p.stale.Importance = widget.WarningImportance
	p.stale.Hide()
	p.notice = tdBanner(widget.WarningImportance)
	p.number = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true, Monospace: false})
	p.number.SizeName = theme.SizeNameHeadingText
	p.number.Selectable = true
	p.status = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.status.SizeName = theme.SizeNameSubHeadingText
	p.kindMode = widget.NewLabel("")
	p.urgent = widget.NewLabelWithStyle(T("priority.urgent", "Urgent"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.urgent.Importance = widget.DangerImportance
	p.urgent.Hide()
	p.reported, p.technician, p.appt, p.due = tdValue(), tdValue(), tdValue(), tdValue()
	p.warranty, p.purchaseWar, p.reschedules, p.extra = tdValue(), tdValue(), tdValue(), tdValue()
	p.repeat = tdBanner(widget.DangerImportance)
	p.missing = tdBanner(widget.WarningImportance)
	p.actionBox = container.New(layout.NewRowWrapLayout())
	p.noActions = widget.NewLabel(T("ticket_detail.no_actions", "Nothing more can be done with this ticket."))
	p.noActions.Importance = widget.LowImportance
	p.noActions.Hide()
}

// buildCustomer makes the widgets of the customer block.
func (p *ticketDetail) buildCustomer() {
	p.custName = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.custName.Selectable = true
	p.openCustomerBtn = widget.NewButtonWithIcon(T("ticket_detail.open_customer", "Open customer"), theme.AccountIcon(), p.onOpenCustomer)
	if p.deps.Nav == nil {
		p.openCustomerBtn.Hide()
	}
	p.phones, p.address, p.product = tdValue(), tdValue(), tdValue()
	p.symptom, p.request, p.preferred = tdValue(), tdValue(), tdValue()
}

// buildContacts makes the Contact log tab: the calls so far and a form to
// log one, beside the call script.
func (p *ticketDetail) buildContacts() fyne.CanvasObject {
	var labels []string
	for _, o := range tdOutcomes {
		labels = append(labels, OutcomeLabel(o))
	}
	// Vertical: four options side by side would set the page's minimum
	// width wider than its share of the window.
	p.outcome = widget.NewRadioGroup(labels, nil)
	p.contactNote = widget.NewMultiLineEntry()
	p.contactNote.Wrapping = fyne.TextWrapWord
	p.contactNote.SetMinRowsVisible(2)
	p.contactNote.SetPlaceHolder(T("ticket_detail.contact.note_hint", "What was said, e.g. booked for tomorrow morning"))
	p.logBtn = widget.NewButtonWithIcon(T("ticket_detail.contact.log", "Log call"), theme.ContentAddIcon(), p.onLogContact)
	p.logBtn.Importance = widget.HighImportance
	p.contactErr = custErrLabel()
	p.contactList = container.NewVBox()
	p.noContacts = widget.NewLabel(T("ticket_detail.contact.none", "No calls logged yet."))
	p.noContacts.Importance = widget.LowImportance

	form := container.NewVBox(
		heading(T("ticket_detail.contact.new", "Log a call")),
		p.outcome,
		p.contactNote,
		p.contactErr,
		container.NewHBox(p.logBtn),
		widget.NewSeparator(),
		heading(T("ticket_detail.contact.list", "Calls and messages, newest first")),
		p.noContacts,
		p.contactList,
	)
	script := widget.NewLabel(strings.Join([]string{
		T("ticket_detail.script.1", "1. Greet, give your name and the shop; ask whether it is convenient to talk."),
		T("ticket_detail.script.2", "2. Confirm the address, the product model and the fault; rule out false faults (power, settings, usage)."),
		T("ticket_detail.script.3", "3. Book a date and a half day (morning or afternoon) and say who will come."),
		T("ticket_detail.script.4", "4. Remind the customer to have the warranty card and invoice ready."),
		T("ticket_detail.script.5", "5. Call again 30 minutes before arrival; arrive 5–10 minutes early."),
		T("ticket_detail.script.6", "Unreachable: try again later and send an SMS. Nobody home: wait briefly, leave a note, rebook and tell the supervisor."),
	}, "\n"))
	script.Wrapping = fyne.TextWrapWord
	scriptCard := container.NewVBox(heading(T("ticket_detail.script.title", "Call script")), script)
	return tdRow([]float32{3, 2}, form, scriptCard)
}

// tdOutcomes are the contact outcomes in the order the form offers them.
var tdOutcomes = []models.ContactOutcome{models.ContactReached, models.ContactNoAnswer, models.ContactWrongNumber, models.ContactSMS}

// buildCharges makes the Charges tab: quote lines, totals, consent,
// approval and payments.
func (p *ticketDetail) buildCharges() fyne.CanvasObject {
	p.approvalWarn = widget.NewLabel("")
	p.approvalWarn.Wrapping = fyne.TextWrapWord
	p.approvalWarn.Importance = widget.DangerImportance
	p.approvalWarn.TextStyle.Bold = true
	p.approveBtn = widget.NewButtonWithIcon(T("ticket_detail.approve", "Approve (general manager)…"), theme.ConfirmIcon(), p.onApprove)
	p.approvalBox = container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), p.approveBtn, p.approvalWarn)
	p.approvalBox.Hide()
	p.approvedBy = tdBanner(widget.SuccessImportance)

	p.itemRows = container.NewVBox()
	p.noItems = widget.NewLabel(T("ticket_detail.items.none", "No charges or parts yet."))
	p.noItems.Importance = widget.LowImportance
	p.addFeeBtn = widget.NewButtonWithIcon(T("ticket_detail.items.add_fee", "Add from fee schedule…"), theme.ContentAddIcon(), p.onAddFee)
	p.addFeeBtn.Importance = widget.HighImportance
	p.addOtherBtn = widget.NewButtonWithIcon(T("ticket_detail.items.add_other", "Add other…"), theme.ContentAddIcon(), p.onAddOther)
	p.totals = widget.NewLabel("")
	p.totals.Wrapping = fyne.TextWrapWord
	p.totals.TextStyle.Bold = true
	p.consent = widget.NewLabel("")
	p.consent.Wrapping = fyne.TextWrapWord
	p.consentBtn = widget.NewButtonWithIcon(T("ticket_detail.consent.button", "Customer agreed…"), theme.ConfirmIcon(), p.onConsent)

	p.payRows = container.NewVBox()
	p.noPayments = widget.NewLabel(T("ticket_detail.pay.none", "No payments yet."))
	p.noPayments.Importance = widget.LowImportance
	p.payBtn = widget.NewButtonWithIcon(T("ticket_detail.pay.record", "Record payment…"), theme.ContentAddIcon(), p.onPay)

	itemHead := tdRow(tdItemWeights,
		tdHead(T("ticket_detail.items.kind", "Kind")), tdHead(T("ticket_detail.items.name", "Item")),
		tdHeadR(T("ticket_detail.items.qty", "Qty")), tdHeadR(T("ticket_detail.items.price", "Price")),
		tdHeadR(T("ticket_detail.items.schedule", "Schedule")), tdHead(T("ticket_detail.items.charged", "Charged")),
		tdHeadR(T("ticket_detail.items.total", "Total")), widget.NewLabel(""))
	payHead := tdRow(tdPayWeights,
		tdHead(T("ticket_detail.pay.time", "Time")), tdHead(T("ticket_detail.pay.method", "Method")),
		tdHeadR(T("ticket_detail.pay.amount", "Amount")), tdHead(T("ticket_detail.pay.receipt", "Receipt no.")),
		tdHead(T("ticket_detail.pay.by", "By")))
	return container.NewVBox(
		p.approvalBox,
		p.approvedBy,
		itemHead,
		widget.NewSeparator(),
		p.noItems,
		p.itemRows,
		container.NewHBox(p.addFeeBtn, p.addOtherBtn),
		widget.NewSeparator(),
		p.totals,
		container.NewBorder(nil, nil, nil, p.consentBtn, p.consent),
		widget.NewSeparator(),
		heading(T("ticket_detail.pay.title", "Payments")),
		payHead,
		p.noPayments,
		p.payRows,
		container.NewHBox(p.payBtn),
	)
}

// Column shares of the charge and payment tables.
var (
	tdItemWeights = []float32{1.3, 2.8, 0.6, 1.2, 1.2, 1.1, 1.2, 0.5}
	tdPayWeights  = []float32{1.6, 1.2, 1.2, 1.4, 1.2}
)

// tdHead is a table heading cell.
func tdHead(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// tdHeadR is a right-aligned table heading cell (numbers).
func tdHeadR(text string) *widget.Label {
	l := tdHead(text)
	l.Alignment = fyne.TextAlignTrailing
	return l
}

// tdCell is a table cell that truncates rather than pushing columns apart.
func tdCell(text string, align fyne.TextAlign) *widget.Label {
	l := widget.NewLabelWithStyle(text, align, fyne.TextStyle{})
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// buildTimeline makes the Timeline tab: a note entry and every event.
func (p *ticketDetail) buildTimeline() fyne.CanvasObject {
	p.noteEntry = widget.NewEntry()
	p.noteEntry.SetPlaceHolder(T("ticket_detail.note.hint", "Add a note to the timeline, e.g. customer will call back after 6 pm"))
	p.noteEntry.OnSubmitted = func(string) { p.onAddNote() }
	p.noteBtn = widget.NewButtonWithIcon(T("ticket_detail.note.add", "Add note"), theme.ContentAddIcon(), p.onAddNote)
	p.noteErr = custErrLabel()
	p.events = container.NewVBox()
	return container.NewVBox(
		container.NewBorder(nil, nil, nil, p.noteBtn, p.noteEntry),
		p.noteErr,
		p.events,
	)
}

// content is the page's root object.
func (p *ticketDetail) content() fyne.CanvasObject { return p.stack }

// show loads a ticket off the UI goroutine and shows it.
func (p *ticketDetail) show(id string) {
	if id != p.id {
		tdSetBanner(p.notice, "")
		p.stale.Hide()
		p.pendingAct = ""
	}
	p.id = id
	p.gen++
	gen := p.gen
	a := p.deps.App
	custGo(func() func() {
		d, err := a.Ticket(id)
		fees, now := a.FeeSchedule(), a.Now()
		return func() { p.apply(gen, d, fees, now, err) }
	})
}

// reload shows the latest saved state of the ticket shown.
func (p *ticketDetail) reload() {
	if p.id != "" {
		p.show(p.id)
	}
}

// refresh follows changes made elsewhere (another PC, the command line):
// the ticket is read again off the UI goroutine and, when it changed,
// shown at once if nothing is being edited on the page; otherwise the
// banner offers the reload, so nothing typed or chosen is disturbed.
func (p *ticketDetail) refresh() {
	if p.id == "" || p.detail == nil || p.detail.Ticket.ID != p.id {
		return // nothing shown, or a load is under way and reads the latest
	}
	gen, id, a := p.gen, p.id, p.deps.App
	custGo(func() func() {
		d, err := a.Ticket(id)
		fees, now := a.FeeSchedule(), a.Now()
		return func() { p.applyRefresh(gen, d, fees, now, err) }
	})
}

// applyRefresh shows a ticket read by refresh if it changed since the
// page loaded it and nobody is editing there. A failed read keeps the
// page as it is: the next change tries again.
func (p *ticketDetail) applyRefresh(gen int, d *app.TicketDetail, fees []models.FeeItem, now time.Time, err error) {
	if gen != p.gen || err != nil || p.detail == nil || tdStamp(d) == tdStamp(p.detail) {
		return
	}
	if p.editing() {
		p.stale.Show()
		return
	}
	p.apply(gen, d, fees, now, nil)
}

// editing reports whether someone is working on the page: a dialog is
// open over the window (a step's form, a question, a calendar), or a call
// or a note is being written inline.
func (p *ticketDetail) editing() bool {
	if strings.TrimSpace(p.noteEntry.Text) != "" || strings.TrimSpace(p.contactNote.Text) != "" || p.outcome.Selected != "" {
		return true
	}
	c := p.deps.Window.Canvas()
	return c != nil && c.Overlays().Top() != nil
}

// onReloadStale is the banner: show the latest saved state. The inline
// call and note forms are not part of what a load fills, so their text stays.
func (p *ticketDetail) onReloadStale() {
	p.stale.Hide()
	p.reload()
}

// tdStamp sums up what others can change on a ticket page: the ticket's
// version (every step and field change), the customer, and the rows that
// are added without a step (calls, charges, payments, crew, ticks, links,
// timeline events).
func tdStamp(d *app.TicketDetail) string {
	done, _, _ := models.Progress(d.Checks)
	return fmt.Sprint(d.Ticket.Version, d.Ticket.UpdatedAt.UnixNano(), d.Customer.UpdatedAt.UnixNano(), d.Technician,
		len(d.Events), len(d.Contacts), len(d.Items), len(d.Payments), len(d.Crew), len(d.DeliveryItems), done, len(d.Raised))
}

// clear shows the empty state with its hint.
func (p *ticketDetail) clear() {
	p.clearWith(T("ticket_detail.empty", "Select a ticket in the list to see it here."))
}

// clearWith shows the empty state with a message.
func (p *ticketDetail) clearWith(message string) {
	p.id, p.detail, p.pendingAct = "", nil, ""
	p.gen++
	p.emptyText.SetText(message)
	p.stack.Objects = []fyne.CanvasObject{p.empty}
	p.stack.Refresh()
}

// apply shows a loaded ticket unless another one was asked for meanwhile.
func (p *ticketDetail) apply(gen int, d *app.TicketDetail, fees []models.FeeItem, now time.Time, err error) {
	if gen != p.gen {
		return
	}
	if err != nil {
		p.clearWith(ErrText(err))
		return
	}
	p.fees, p.now, p.loc = fees, now, now.Location()
	p.showDetail(d)
	if p.pendingAct != "" {
		act := p.pendingAct
		p.pendingAct = ""
		p.startAction(act)
	}
}

// showDetail fills the page from a ticket.
func (p *ticketDetail) showDetail(d *app.TicketDetail) {
	p.detail = d
	p.stale.Hide() // this is the latest
	p.fillHeader(d)
	p.slips.fill(d)
	p.sign.fill(d)
	p.delivery.fill(d)
	p.ret.fill(d)
	p.complaint.fill(d)
	p.part.fill(d)
	p.conduct.fill(d)
	p.followUps.fill(d)
	p.fillActions(d)
	p.fillCustomer(d)
	p.fillContacts(d)
	p.fillCharges(d)
	p.fillTimeline(d)
	p.contactsTab.Text = T("ticket_detail.tab.contacts_n", "Contact log ({{.N}})", map[string]any{"N": len(d.Contacts)})
	p.chargesTab.Text = T("ticket_detail.tab.charges_n", "Charges ({{.Total}})", map[string]any{"Total": tdMoney(d.Quote.Total)})
	p.timelineTab.Text = T("ticket_detail.tab.timeline_n", "Timeline ({{.N}})", map[string]any{"N": len(d.Events)})
	p.setTabs(d)
	p.tabs.Refresh()
	if len(p.stack.Objects) != 1 || p.stack.Objects[0] != p.body {
		p.stack.Objects = []fyne.CanvasObject{p.body}
		p.stack.Refresh()
	}
	p.scroll.Refresh()
}

// onTabSelected shows the chosen tab's page below the bar.
func (p *ticketDetail) onTabSelected(item *container.TabItem) {
	page, ok := p.tabPage[item]
	if !ok {
		return
	}
	p.tabBody.Objects = []fyne.CanvasObject{page}
	p.tabBody.Refresh()
	p.scroll.Refresh()
}

// setTabs puts the Checklist tab first on a delivery and takes it away
// on other tickets. A delivery newly opened starts on its checklist.
func (p *ticketDetail) setTabs(d *app.TicketDetail) {
	isDelivery := d.Ticket.Kind == models.KindDelivery
	fresh := d.Ticket.ID != p.shownID
	p.shownID = d.Ticket.ID
	has := len(p.tabs.Items) > 0 && p.tabs.Items[0] == p.delivery.tab
	switch {
	case isDelivery && !has:
		p.tabs.SetItems(append([]*container.TabItem{p.delivery.tab}, p.tabs.Items...))
	case !isDelivery && has:
		p.tabs.SetItems(append([]*container.TabItem(nil), p.tabs.Items[1:]...))
	}
	if isDelivery && fresh {
		p.tabs.Select(p.delivery.tab)
	}
	// SetItems keeps the selected index, not the item: show what is
	// selected now.
	if sel := p.tabs.Selected(); sel != nil {
		p.onTabSelected(sel)
	}
}

// openTicket shows another ticket: through the main window when there is
// one (the list follows), else on this page.
func (p *ticketDetail) openTicket(id string) {
	if p.deps.Nav != nil {
		p.deps.Nav.OpenTicket(id)
		return
	}
	p.show(id)
}

// tdMoney shows an amount of money in yuan.
func tdMoney(m models.Money) string { return "¥" + m.Yuan() }

// tdZH reports whether the interface is in Chinese, for the catalogue
// names that carry both languages.
func tdZH() bool { return T("ticket_detail.lang", "en") == "zh" }

// tdJoin joins list items with the separator of the current language.
func tdJoin(items []string) string {
	return strings.Join(items, T("ticket_detail.list_sep", ", "))
}

// time formats a stored time in the shop's zone.
func (p *ticketDetail) time(t time.Time) string { return t.In(p.loc).Format(tdTimeFormat) }

// timeP formats an optional time, "—" when unset.
func (p *ticketDetail) timeP(t *time.Time) string {
	if t == nil {
		return "—"
	}
	return p.time(*t)
}

// tdStatusImportance colours a status: done green, ended grey, escalated
// red, waiting on someone orange, in progress in the brand colour.
func tdStatusImportance(s models.Status) widget.Importance {
	switch s {
	case models.StatusClosed, models.StatusSigned, models.StatusCollected, models.StatusShippedBack, models.StatusPartReceived:
		return widget.SuccessImportance
	case models.StatusCancelled, models.StatusAbandoned:
		return widget.LowImportance
	case models.StatusEscalated:
		return widget.DangerImportance
	case models.StatusNew, models.StatusAwaitingParcel, models.StatusAwaitingParts, models.StatusReadyForPickup, models.StatusRequested:
		return widget.WarningImportance
	}
	return widget.HighImportance
}

// fillHeader shows the number, state, dates and warnings.
func (p *ticketDetail) fillHeader(d *app.TicketDetail) {
	t := &d.Ticket
	p.number.SetText(t.Number)
	p.status.Importance = tdStatusImportance(t.Status)
	p.status.SetText(StatusLabel(t.Status))
	km := KindLabel(t.Kind)
	if t.Mode != "" && t.Mode.IsRepair() { // a delivery's or part request's mode is its kind
		km += " · " + ModeLabel(t.Mode)
	}
	// Urgent is shown on its own, in red; normal goes without saying.
	p.kindMode.SetText(km)
	if t.Priority == models.PriorityUrgent {
		p.urgent.Show()
	} else {
		p.urgent.Hide()
	}
	p.reported.SetText(p.time(t.ReportedAt) + " · " + SourceLabel(t.Source))
	p.technician.SetText(custDash(d.Technician))
	if t.Kind == models.KindDelivery {
		p.techKey.SetText(T("ticket_detail.delivery.leader_key", "Crew leader"))
		p.apptKey.SetText(T("ticket_detail.delivery.date_key", "Delivery date"))
	} else {
		p.techKey.SetText(T("ticket_detail.technician", "Technician"))
		p.apptKey.SetText(T("ticket_detail.appointment", "Appointment"))
	}
	if t.ApptDate != nil {
		p.appt.SetText(models.FormatDate(*t.ApptDate) + " " + HalfLabel(t.ApptHalf))
	} else {
		p.appt.SetText("—")
	}
	p.fillDue(d)
	p.warranty.SetText(WarrantyLabel(t.WarrantyCovered, t.WarrantyOverridden) + tdIf(t.WarrantyOverrideReason != "", "\n"+
		T("ticket_detail.override_reason", "Reason: {{.Reason}}", map[string]any{"Reason": t.WarrantyOverrideReason})))
	if d.Purchase != nil {
		text, imp := custWarrantyText(d.Warranty)
		p.purchaseWar.Importance = imp
		p.purchaseWar.SetText(text)
	} else {
		p.purchaseWar.Importance = widget.LowImportance
		p.purchaseWar.SetText(T("ticket_detail.no_purchase", "Not linked to a purchase on record"))
	}
	p.reschedules.SetText(T("ticket_detail.reschedules_value", "Shop {{.Shop}} · customer {{.Customer}} · escalations {{.Escalations}}",
		map[string]any{"Shop": t.ReschedulesShop, "Customer": t.ReschedulesCust, "Escalations": t.Escalations}))
	if extra := p.extraLines(t); extra != "" {
		p.extra.SetText(extra)
		p.extraKey.Show()
		p.extra.Show()
	} else {
		p.extraKey.Hide()
		p.extra.Hide()
	}
	if d.RepeatOf != "" {
		tdSetBanner(p.repeat, T("ticket_detail.repeat", "Repeat repair of {{.Number}}: the same product was repaired within 90 days.",
			map[string]any{"Number": d.RepeatOf}))
	} else {
		tdSetBanner(p.repeat, "")
	}
	if len(d.Missing) > 0 {
		var names []string
		for _, m := range d.Missing {
			names = append(names, MissingLabel(m))
		}
		tdSetBanner(p.missing, T("ticket_detail.missing", "Missing before dispatch: {{.List}}. Ask the customer and complete the record.",
			map[string]any{"List": tdJoin(names)}))
	} else {
		tdSetBanner(p.missing, "")
	}
}

// fillDue shows the next due step, red when it is overdue.
func (p *ticketDetail) fillDue(d *app.TicketDetail) {
	if d.Due == nil {
		p.due.Importance = widget.LowImportance
		p.due.SetText(T("ticket_detail.due_none", "Nothing due"))
		return
	}
	text := DueRuleLabel(d.Due.Rule) + " · " + p.time(d.Due.At)
	switch {
	case d.Due.Overdue(p.now):
		p.due.Importance = widget.DangerImportance
		text = T("ticket_detail.overdue", "Overdue: {{.Due}}", map[string]any{"Due": text})
	case d.Due.DueToday(p.now):
		p.due.Importance = widget.WarningImportance
	default:
		p.due.Importance = widget.MediumImportance
	}
	p.due.SetText(text)
}

// tdIf returns s when cond holds, else "".
func tdIf(cond bool, s string) string {
	if cond {
		return s
	}
	return ""
}

// extraLines lists the mode-specific facts recorded so far: voucher,
// parcels, factory, liability, resolution, cancel reason.
func (p *ticketDetail) extraLines(t *models.Ticket) string {
	var lines []string
	add := func(ok bool, s string) {
		if ok {
			lines = append(lines, s)
		}
	}
	add(t.VoucherNo != "", T("ticket_detail.extra.voucher", "Pickup voucher {{.No}}", map[string]any{"No": t.VoucherNo}))
	if t.ExpectedReadyDate != nil {
		lines = append(lines, T("ticket_detail.extra.expected", "Expected ready {{.Date}}", map[string]any{"Date": models.FormatDate(*t.ExpectedReadyDate)}))
	}
	add(t.ParcelTracking != "", T("ticket_detail.extra.parcel", "Parcel in: {{.Courier}} {{.Tracking}}, cost {{.Cost}}",
		map[string]any{"Courier": t.ParcelCourier, "Tracking": t.ParcelTracking, "Cost": tdMoney(t.ParcelCost)}))
	add(t.ReturnTracking != "", T("ticket_detail.extra.return", "Shipped back: {{.Courier}} {{.Tracking}}",
		map[string]any{"Courier": t.ReturnCourier, "Tracking": t.ReturnTracking}))
	add(t.FactorySentAt != nil, T("ticket_detail.extra.factory", "Sent to factory {{.Time}} {{.Tracking}}",
		map[string]any{"Time": p.timeP(t.FactorySentAt), "Tracking": t.FactoryTracking}))
	add(t.Liability != "", T("ticket_detail.extra.liability", "Liable: {{.Who}}", map[string]any{"Who": LiabilityLabel(t.Liability)}))
	add(t.Resolution != "", T("ticket_detail.extra.resolution", "Resolution: {{.Text}}", map[string]any{"Text": t.Resolution}))
	add(t.CancelReason != "", T("ticket_detail.extra.cancel", "Ended because: {{.Reason}}", map[string]any{"Reason": t.CancelReason}))
	add(t.ProblemKind != "", T("ticket_detail.extra.problem", "Problem found on delivery: {{.Kind}}", map[string]any{"Kind": ProblemLabel(t.ProblemKind)}))
	add(t.PartName != "", T("ticket_detail.extra.part", "Replacement part: {{.Part}} × {{.Qty}}", map[string]any{"Part": t.PartName, "Qty": t.PartQty}))
	add(t.ChecklistReason != "", T("ticket_detail.extra.checklist_reason", "Checklist lines left unticked because: {{.Reason}}", map[string]any{"Reason": t.ChecklistReason}))
	return strings.Join(lines, "\n")
}

// tdActionOrder puts the actions that end or escalate a ticket after the
// ordinary next steps.
func tdActionOrder(a models.Action) int {
	switch a {
	case models.ActEscalate:
		return 1
	case models.ActAbandon:
		return 2
	case models.ActCancel:
		return 3
	}
	return 0
}

// tdActionIcon picks an icon for an action button.
func tdActionIcon(a models.Action) fyne.Resource {
	switch a {
	case models.ActAssign, models.ActReassign, models.ActAssignCrew:
		return theme.AccountIcon()
	case models.ActSchedule, models.ActReschedule, models.ActIssueVoucher:
		return theme.CalendarIcon()
	case models.ActRepaired, models.ActClose, models.ActDecideLiability, models.ActCompleteInst, models.ActApprovePart, models.ActReceivePart:
		return theme.ConfirmIcon()
	case models.ActSign, models.ActCollect:
		return theme.DocumentCreateIcon()
	case models.ActRequestParcel, models.ActShipBack, models.ActSendToFactory, models.ActShipPart:
		return theme.MailSendIcon()
	case models.ActReceiveParcel, models.ActFactoryBack, models.ActReceive, models.ActWarehousePart:
		return theme.DownloadIcon()
	case models.ActProducePart:
		return theme.SettingsIcon()
	case models.ActEscalate:
		return theme.WarningIcon()
	case models.ActCancel, models.ActAbandon:
		return theme.CancelIcon()
	}
	return theme.NavigateNextIcon()
}

// fillActions makes one button per action legal now, and nothing else.
func (p *ticketDetail) fillActions(d *app.TicketDetail) {
	acts := append([]models.Action(nil), d.Legal...)
	sort.SliceStable(acts, func(i, j int) bool { return tdActionOrder(acts[i]) < tdActionOrder(acts[j]) })
	// The step that clears what is due comes first and is highlighted
	// (e.g. "Reject" on a return the rules refuse).
	if d.Due != nil {
		clear := app.ClearingAction(d.Due.Rule, d.Ticket.Mode, d.Ticket.Status)
		for i, a := range acts {
			if a == clear && i > 0 && tdActionOrder(a) == 0 {
				acts = append([]models.Action{a}, append(acts[:i:i], acts[i+1:]...)...)
				break
			}
		}
	}
	p.actionActs, p.actionBtns = acts, nil
	var objs []fyne.CanvasObject
	for i, act := range acts {
		act := act
		b := widget.NewButtonWithIcon(ActionLabel(act), tdActionIcon(act), func() { p.startAction(act) })
		if i == 0 && tdActionOrder(act) == 0 {
			b.Importance = widget.HighImportance
		}
		p.actionBtns = append(p.actionBtns, b)
		objs = append(objs, b)
	}
	p.actionBox.Objects = objs
	p.actionBox.Refresh()
	if len(acts) == 0 {
		p.noActions.Show()
	} else {
		p.noActions.Hide()
	}
}

// fillCustomer shows who the ticket is for and what is broken.
func (p *ticketDetail) fillCustomer(d *app.TicketDetail) {
	t := &d.Ticket
	p.custName.SetText(d.Customer.Name)
	p.phones.SetText(custPhoneLines(&d.Customer))
	p.address.SetText(custDash(t.Address))
	if t.Kind == models.KindDelivery {
		p.product.SetText(custDash(t.Product)) // every item; the table is below
	} else {
		p.product.SetText(custDash(tdProduct(d)))
	}
	p.symptom.SetText(custDash(t.Symptom))
	p.request.SetText(custDash(t.Request))
	p.preferred.SetText(custDash(t.PreferredTime))
}

// tdProduct describes the product: the purchase on record, or what was
// typed at intake.
func tdProduct(d *app.TicketDetail) string {
	pu := d.Purchase
	if pu == nil {
		return d.Ticket.Product
	}
	var parts []string
	for _, s := range []string{pu.Brand, pu.Product, pu.Model} {
		if strings.TrimSpace(s) != "" {
			parts = append(parts, s)
		}
	}
	text := strings.Join(parts, " ")
	if pu.Serial != "" {
		text += "\n" + T("ticket_detail.serial", "Serial/batch: {{.Serial}}", map[string]any{"Serial": pu.Serial})
	}
	if !pu.PurchaseDate.IsZero() {
		text += "\n" + T("ticket_detail.bought", "Bought {{.Date}}", map[string]any{"Date": models.FormatDate(pu.PurchaseDate)})
	}
	return text
}

// onOpenCustomer shows the ticket's customer in the Customers area.
func (p *ticketDetail) onOpenCustomer() {
	if p.detail != nil && p.deps.Nav != nil {
		p.deps.Nav.OpenCustomer(p.detail.Customer.ID)
	}
}

// tdOutcomeColor colours a call outcome.
func tdOutcomeColor(o models.ContactOutcome) fyne.ThemeColorName {
	switch o {
	case models.ContactReached:
		return theme.ColorNameSuccess
	case models.ContactWrongNumber:
		return theme.ColorNameError
	case models.ContactNoAnswer:
		return theme.ColorNameWarning
	}
	return theme.ColorNamePrimary
}

// fillContacts lists the calls, newest first.
func (p *ticketDetail) fillContacts(d *app.TicketDetail) {
	var objs []fyne.CanvasObject
	for i := len(d.Contacts) - 1; i >= 0; i-- {
		c := d.Contacts[i]
		head := p.time(c.At) + " · " + custDash(c.Actor) + " · " + OutcomeLabel(c.Outcome)
		objs = append(objs, tdEntry(head, tdOutcomeColor(c.Outcome), c.Note))
	}
	p.contactList.Objects = objs
	p.contactList.Refresh()
	if len(objs) == 0 {
		p.noContacts.Show()
	} else {
		p.noContacts.Hide()
	}
}

// tdEntry is one entry of a log: a coloured first line and the text
// under it, in one block so the entries sit close together.
func tdEntry(head string, headColor fyne.ThemeColorName, body string) *widget.RichText {
	segs := []widget.RichTextSegment{&widget.TextSegment{Text: head,
		Style: widget.RichTextStyle{ColorName: headColor, TextStyle: fyne.TextStyle{Bold: true}}}}
	for _, line := range strings.Split(body, "\n") {
		if strings.TrimSpace(line) != "" {
			segs = append(segs, &widget.TextSegment{Text: line, Style: widget.RichTextStyleParagraph})
		}
	}
	rt := widget.NewRichText(segs...)
	rt.Wrapping = fyne.TextWrapWord
	return rt
}

// feeName is a catalogue line's name in the current language, or the
// name stored on the line.
func (p *ticketDetail) feeName(it models.TicketItem) string {
	if it.Code != "" && !tdZH() {
		for _, f := range p.fees {
			if f.Key == it.Code && f.NameZH == it.Name && f.NameEN != "" {
				return f.NameEN
			}
		}
	}
	return it.Name
}

// fillCharges shows the quote lines, totals, consent, approval and
// payments, and enables what can be done now.
func (p *ticketDetail) fillCharges(d *app.TicketDetail) {
	t := &d.Ticket
	closed := t.Status.Terminal()
	var rows []fyne.CanvasObject
	for _, it := range d.Items {
		it := it
		rm := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { p.onRemoveItem(it) })
		if closed {
			rm.Disable()
		}
		charged := T("ticket_detail.no", "No")
		if it.Charged {
			charged = T("ticket_detail.yes", "Yes")
		}
		sched := "—"
		if it.SchedulePrice > 0 {
			sched = tdMoney(it.SchedulePrice)
		}
		price := tdCell(tdMoney(it.UnitPrice), fyne.TextAlignTrailing)
		if it.SchedulePrice > 0 && it.UnitPrice < it.SchedulePrice {
			price.Importance = widget.WarningImportance // below the schedule
		}
		rows = append(rows, tdRow(tdItemWeights,
			tdCell(ItemKindLabel(it.Kind), fyne.TextAlignLeading),
			tdCell(p.feeName(it), fyne.TextAlignLeading),
			tdCell(strconv.Itoa(it.Qty), fyne.TextAlignTrailing),
			price,
			tdCell(sched, fyne.TextAlignTrailing),
			tdCell(charged, fyne.TextAlignLeading),
			tdCell(tdMoney(it.Total()), fyne.TextAlignTrailing),
			rm))
	}
	p.itemRows.Objects = rows
	p.itemRows.Refresh()
	if len(rows) == 0 {
		p.noItems.Show()
	} else {
		p.noItems.Hide()
	}
	tdEnable(p.addFeeBtn, !closed)
	tdEnable(p.addOtherBtn, !closed)

	q := d.Quote
	p.totals.SetText(T("ticket_detail.totals", "Charged total {{.Total}} · Fee schedule {{.Schedule}} · Paid {{.Paid}} · Balance {{.Balance}}",
		map[string]any{"Total": tdMoney(q.Total), "Schedule": tdMoney(q.ScheduleTotal), "Paid": tdMoney(d.Paid), "Balance": tdMoney(d.Balance())}))

	// The shop's limit from Settings; cached in app (the background load of
	// the ticket read it), so this does not touch the database.
	limit := p.deps.App.ServiceRules().DiscountLimitPercent
	needs := q.NeedsApproval(limit)
	if needs && t.QuoteApprovedAt == nil {
		p.approvalWarn.SetText(T("ticket_detail.approval_needed", "This quote is more than {{.Limit}}% below the fee schedule ({{.Total}} against {{.Schedule}}). The general manager must approve it before the repair is marked done.",
			map[string]any{"Limit": limit, "Total": tdMoney(q.Total), "Schedule": tdMoney(q.ScheduleTotal)}))
		p.approvalBox.Show()
	} else {
		p.approvalBox.Hide()
	}
	if t.QuoteApprovedAt != nil {
		tdSetBanner(p.approvedBy, T("ticket_detail.approved_by", "Discount approved by {{.Name}} on {{.Time}}.",
			map[string]any{"Name": t.QuoteApprovedBy, "Time": p.time(*t.QuoteApprovedAt)}))
	} else {
		tdSetBanner(p.approvedBy, "")
	}

	switch {
	case t.ConsentAt != nil:
		p.consent.Importance = widget.SuccessImportance
		text := T("ticket_detail.consent.given", "The customer agreed to the quote on {{.Time}}.", map[string]any{"Time": p.time(*t.ConsentAt)})
		if t.ConsentNote != "" {
			text += " " + t.ConsentNote
		}
		p.consent.SetText(text)
	case q.Total > 0:
		p.consent.Importance = widget.WarningImportance
		p.consent.SetText(T("ticket_detail.consent.missing", "The customer has not agreed to the quote yet: tell them the cost and record their consent before repairing."))
	default:
		p.consent.Importance = widget.LowImportance
		p.consent.SetText(T("ticket_detail.consent.nothing", "Nothing charged: no consent needed."))
	}
	p.consent.Refresh()
	tdEnable(p.consentBtn, !closed && q.Total > 0 && t.ConsentAt == nil)

	var pays []fyne.CanvasObject
	for _, pm := range d.Payments {
		pays = append(pays, tdRow(tdPayWeights,
			tdCell(p.time(pm.At), fyne.TextAlignLeading),
			tdCell(PayMethodLabel(pm.Method), fyne.TextAlignLeading),
			tdCell(tdMoney(pm.Amount), fyne.TextAlignTrailing),
			tdCell(custDash(pm.ReceiptNo), fyne.TextAlignLeading),
			tdCell(pm.Actor, fyne.TextAlignLeading)))
	}
	p.payRows.Objects = pays
	p.payRows.Refresh()
	if len(pays) == 0 {
		p.noPayments.Show()
	} else {
		p.noPayments.Hide()
	}
	tdEnable(p.payBtn, d.Balance() > 0)
}

// tdEnable enables or disables a button.
func tdEnable(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

// fillTimeline lists every event, newest first.
func (p *ticketDetail) fillTimeline(d *app.TicketDetail) {
	var objs []fyne.CanvasObject
	for i := len(d.Events) - 1; i >= 0; i-- {
		e := d.Events[i]
		head := p.time(e.At) + " · " + custDash(e.Actor) + " · " + ActionLabel(e.Action)
		switch {
		case e.From == "" && e.To != "":
			head += " · " + StatusLabel(e.To)
		case e.From != e.To && e.To != "":
			head += " · " + StatusLabel(e.From) + " → " + StatusLabel(e.To)
		}
		var lines []string
		if det := tdEventDetails(e); det != "" {
			lines = append(lines, det)
		}
		if e.Note != "" {
			lines = append(lines, e.Note)
		}
		objs = append(objs, tdEntry(head, theme.ColorNamePrimary, strings.Join(lines, "\n")), widget.NewSeparator())
	}
	p.events.Objects = objs
	p.events.Refresh()
}

// tdEventDetails renders the JSON details of a timeline event readably:
// known keys with their translated names and values, then any others.
func tdEventDetails(e models.TicketEvent) string {
	if e.Data == "" {
		return ""
	}
	var m map[string]any
	if json.Unmarshal([]byte(e.Data), &m) != nil {
		return e.Data
	}
	str := func(k string) string {
		v, ok := m[k]
		if !ok || v == nil {
			return ""
		}
		switch x := v.(type) {
		case string:
			return x
		case bool:
			if x {
				return T("ticket_detail.yes", "Yes")
			}
			return T("ticket_detail.no", "No")
		case float64:
			return strconv.FormatFloat(x, 'f', -1, 64)
		}
		b, _ := json.Marshal(v)
		return string(b)
	}
	money := func(k string) string {
		if s := str(k); s != "" {
			return "¥" + s
		}
		return ""
	}
	var parts []string
	done := map[string]bool{}
	add := func(k, text string) {
		done[k] = true
		if text != "" {
			parts = append(parts, text)
		}
	}
	field := func(k, label, value string) {
		if value == "" {
			done[k] = true
			return
		}
		add(k, label+T("ticket_detail.colon", ": ")+value)
	}
	if s := str("mode"); s != "" {
		field("mode", T("ticket_detail.data.mode", "Mode"), ModeLabel(models.RepairMode(s)))
	}
	done["mode"] = true
	if s := str("source"); s != "" {
		field("source", T("ticket_detail.source", "Source"), SourceLabel(models.Source(s)))
	}
	done["source"] = true
	if s := str("priority"); s != "" {
		field("priority", T("ticket_detail.priority", "Priority"), PriorityLabel(models.Priority(s)))
	}
	done["priority"] = true
	field("repeat_of", T("ticket_detail.data.repeat_of", "Repeat of"), str("repeat_of"))
	field("warranty_override", T("ticket_detail.data.warranty_override", "Warranty overridden"), str("warranty_override"))
	field("technician", T("ticket_detail.technician", "Technician"), str("technician"))
	if s := str("previous"); s != "" {
		if date, half, ok := strings.Cut(s, " "); ok && (half == string(models.AM) || half == string(models.PM)) {
			s = date + " " + HalfLabel(models.HalfDay(half))
		}
		field("previous", T("ticket_detail.data.previous", "Before"), s)
	}
	done["previous"] = true
	if s := str("date"); s != "" {
		field("date", T("ticket_detail.appointment", "Appointment"), strings.TrimSpace(s+" "+HalfLabel(models.HalfDay(str("half")))))
	}
	done["date"], done["half"] = true, true
	if _, ok := m["customer_asked"]; ok {
		who := T("ticket_detail.data.asked_shop", "the shop")
		if b, _ := m["customer_asked"].(bool); b {
			who = T("ticket_detail.data.asked_customer", "the customer")
		}
		add("customer_asked", T("ticket_detail.data.asked_by", "Asked by {{.Who}}", map[string]any{"Who": who}))
	}
	field("expected", T("ticket_detail.data.expected", "Expected ready"), str("expected"))
	field("voucher", T("ticket_detail.data.voucher", "Voucher"), str("voucher"))
	field("courier", T("ticket_detail.data.courier", "Courier"), str("courier"))
	field("tracking", T("ticket_detail.data.tracking", "Tracking no."), str("tracking"))
	field("cost", T("ticket_detail.data.cost", "Courier cost"), money("cost"))
	if s := str("liability"); s != "" {
		field("liability", T("ticket_detail.data.liability", "Liable"), LiabilityLabel(models.Liability(s)))
	}
	done["liability"] = true
	if s := str("outcome"); s != "" {
		field("outcome", T("ticket_detail.data.outcome", "Outcome"), OutcomeLabel(models.ContactOutcome(s)))
	}
	done["outcome"] = true
	field("removed", T("ticket_detail.data.removed", "Removed"), str("removed"))
	field("qty", T("ticket_detail.items.qty", "Qty"), str("qty"))
	field("price", T("ticket_detail.items.price", "Price"), money("price"))
	if s := str("schedule_price"); s != "" && s != "0.00" {
		field("schedule_price", T("ticket_detail.items.schedule", "Schedule"), "¥"+s)
	}
	done["schedule_price"] = true
	field("charged", T("ticket_detail.items.charged", "Charged"), str("charged"))
	field("total", T("ticket_detail.data.total", "Quote total"), money("total"))
	field("schedule_total", T("ticket_detail.data.schedule_total", "Fee schedule total"), money("schedule_total"))
	field("approver", T("ticket_detail.data.approver", "Approved by"), str("approver"))
	if s := str("method"); s != "" {
		field("method", T("ticket_detail.pay.method", "Method"), PayMethodLabel(models.PaymentMethod(s)))
	}
	done["method"] = true
	if s := str("conduct"); s != "" {
		// A penalty or reward recorded for this ticket (conduct.go).
		field("conduct", T("ticket_detail.data.conduct", "Penalty/reward"), RuleNameLabel(s))
		if amt := str("amount"); amt != "" && amt != "0.00" {
			add("amount", T("ticket_detail.pay.amount", "Amount")+T("ticket_detail.colon", ": ")+conductEventAmount(amt))
		}
		done["amount"], done["staff_id"] = true, true
	}
	if !done["amount"] {
		field("amount", T("ticket_detail.pay.amount", "Amount"), money("amount"))
	}
	field("receipt", T("ticket_detail.pay.receipt", "Receipt no."), str("receipt"))
	if b, _ := m["clash_confirmed"].(bool); b {
		add("clash_confirmed", T("ticket_detail.data.clash_confirmed", "Double booking confirmed"))
	}
	done["clash_confirmed"] = true
	field("crew", T("ticket_detail.data.crew", "Crew"), str("crew"))
	field("leader", T("ticket_detail.data.leader", "Leader"), str("leader"))
	field("crew_reason", T("ticket_detail.data.crew_reason", "Fewer than two because"), str("crew_reason"))
	field("checklist", T("ticket_detail.data.checklist", "Checklist ticked"), str("checklist"))
	field("unticked_required", T("ticket_detail.data.unticked", "Required lines unticked"), str("unticked_required"))
	field("items", T("ticket_detail.data.items", "Items"), str("items"))
	if s := str("problem"); s != "" {
		field("problem", T("ticket_detail.data.problem", "Problem"), ProblemLabel(models.ProblemKind(s)))
	}
	done["problem"] = true
	if s := str("kind"); s != "" {
		field("kind", T("ticket_detail.items.kind", "Kind"), KindLabel(models.TicketKind(s)))
	}
	done["kind"] = true
	field("raised", T("ticket_detail.data.raised", "Opened"), str("raised"))
	field("linked", T("ticket_detail.data.linked", "Raised from"), str("linked"))
	field("part", T("ticket_detail.data.part", "Part"), str("part"))
	if s := str("signature"); s != "" {
		field("signature", T("ticket_detail.data.signature", "Customer signed"), SlipLabel(app.SlipKind(s)))
	}
	done["signature"] = true
	if r := str("reason"); r != "" && strings.TrimSpace(r) != strings.TrimSpace(e.Note) {
		field("reason", T("ticket_detail.data.reason", "Reason"), r)
	}
	done["reason"] = true
	var rest []string
	for k := range m {
		if !done[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		if s := str(k); s != "" {
			parts = append(parts, k+T("ticket_detail.colon", ": ")+s)
		}
	}
	return strings.Join(parts, " · ")
}

// onLogContact records a call with its outcome and note.
func (p *ticketDetail) onLogContact() {
	if p.detail == nil {
		return
	}
	var outcome models.ContactOutcome
	for i, l := range p.outcome.Options {
		if l == p.outcome.Selected {
			outcome = tdOutcomes[i]
		}
	}
	id, note := p.detail.Ticket.ID, p.contactNote.Text
	custSetErr(p.contactErr, "")
	p.logBtn.Disable()
	var refused bool // set off the UI goroutine, read in the result
	p.change(func(a *app.App) (*app.TicketDetail, error) {
		d, err := a.LogContact(id, outcome, note)
		refused = errors.Is(err, app.ErrConflict)
		return d, err
	}, nil, func(err error) { p.onContactResult(err, refused) })
}

// onContactResult clears the call form after a save, or shows the
// problem; a call refused because someone else changed the ticket keeps
// what was typed, to be saved again on the latest version.
func (p *ticketDetail) onContactResult(err error, refused bool) {
	p.logBtn.Enable()
	if refused {
		custSetErr(p.contactErr, tdKeptText())
		return
	}
	if err != nil {
		custSetErr(p.contactErr, ErrText(err))
		return
	}
	p.outcome.SetSelected("")
	p.contactNote.SetText("")
}

// onAddNote writes the typed note on the timeline.
func (p *ticketDetail) onAddNote() {
	if p.detail == nil {
		return
	}
	id, note := p.detail.Ticket.ID, p.noteEntry.Text
	custSetErr(p.noteErr, "")
	p.noteBtn.Disable()
	var refused bool // set off the UI goroutine, read in the result
	p.change(func(a *app.App) (*app.TicketDetail, error) {
		d, err := a.AddNote(id, note)
		refused = errors.Is(err, app.ErrConflict)
		return d, err
	}, nil, func(err error) { p.onNoteResult(err, refused) })
}

// onNoteResult clears the note entry after a save, or shows the problem;
// a note refused because someone else changed the ticket stays typed.
func (p *ticketDetail) onNoteResult(err error, refused bool) {
	p.noteBtn.Enable()
	if refused {
		custSetErr(p.noteErr, tdKeptText())
		return
	}
	if err != nil {
		custSetErr(p.noteErr, ErrText(err))
		return
	}
	p.noteEntry.SetText("")
}

// onRemoveItem asks before taking a line off the quote.
func (p *ticketDetail) onRemoveItem(it models.TicketItem) {
	if p.detail == nil {
		return
	}
	id := p.detail.Ticket.ID
	dialog.ShowConfirm(T("ticket_detail.items.remove_title", "Remove charge"),
		T("ticket_detail.items.remove_question", "Remove “{{.Name}}” from the quote? The customer's consent and any approval must then be given again.",
			map[string]any{"Name": p.feeName(it)}),
		func(ok bool) {
			if ok {
				p.removeItem(id, it.ID)
			}
		}, p.deps.Window)
}

// removeItem takes a line off the quote.
func (p *ticketDetail) removeItem(ticketID, itemID string) {
	p.change(func(a *app.App) (*app.TicketDetail, error) { return a.RemoveItem(ticketID, itemID) }, nil, p.onPlainError)
}

// onPlainError shows a problem of a change that has no form.
func (p *ticketDetail) onPlainError(err error) {
	if err != nil {
		showError(p.deps.Window, err)
	}
}

// change runs a change of the ticket off the UI goroutine and applies its
// result: the ticket as saved, or a problem. f is the dialog that asked
// for it (nil for the inline forms); onResult gets the problem, or nil.
func (p *ticketDetail) change(work func(a *app.App) (*app.TicketDetail, error), f *tdForm, onResult func(error)) {
	if f != nil {
		f.setBusy(true)
	}
	a := p.deps.App
	custGo(func() func() {
		d, err := work(a)
		now := a.Now()
		return func() { p.onChangeResult(d, now, err, f, onResult) }
	})
}

// onChangeResult shows the changed ticket and tells the list; when
// someone else changed the ticket first it says so and shows the latest.
func (p *ticketDetail) onChangeResult(d *app.TicketDetail, now time.Time, err error, f *tdForm, onResult func(error)) {
	if f != nil {
		f.setBusy(false)
	}
	switch {
	case err == nil:
		if f != nil {
			f.close()
		}
		tdSetBanner(p.notice, "")
		p.changed++
		if d.Ticket.ID == p.id {
			p.gen++ // an older load must not replace this newer state
			p.now, p.loc = now, now.Location()
			p.showDetail(d)
		}
		if onResult != nil {
			onResult(nil)
		}
		if p.OnChanged != nil {
			p.OnChanged(d)
		}
	case errors.Is(err, app.ErrConflict):
		msg := T("ticket_detail.conflict", "Someone else changed this ticket meanwhile, so nothing was saved. The latest version is shown now: check it and try again.")
		tdSetBanner(p.notice, msg)
		p.reload()
		if f != nil {
			f.showConflict() // the form keeps what was typed
		} else {
			dialog.ShowInformation(T("ticket_detail.conflict_title", "Ticket changed elsewhere"), msg, p.deps.Window)
		}
		if onResult != nil {
			onResult(nil) // told above; the inline forms see the refusal themselves
		}
	default:
		if onResult != nil {
			onResult(err)
		}
	}
}

// showConflict keeps a form open after a change by someone else refused
// it: what was typed stays there to be copied, and OK stays off, because
// the form holds the ticket as it was; the page behind shows the latest.
func (f *tdForm) showConflict() {
	f.clearErrs()
	custSetErr(f.formErr, T("ticket_detail.conflict_form", "Not saved: someone else changed this ticket meanwhile, so nothing of yours was saved. The page behind now shows the latest version. What you typed is still here: copy what you need, close this window and start again."))
	if f.okBtn != nil {
		f.okBtn.Disable()
	}
	f.fit()
}

// tdKeptText tells, under an inline form, that its text was not saved
// because of someone else's change, and is kept.
func tdKeptText() string {
	return T("ticket_detail.conflict_kept", "Not saved: someone else changed this ticket meanwhile. Your text is kept: check the latest version above and save again.")
}

// tdColumns lays out a row of cells at fixed shares of the width, so the
// rows of a table line up whatever their texts.
type tdColumns struct{ weights []float32 }

// tdRow makes a table row of cells laid out by weights.
func tdRow(weights []float32, cells ...fyne.CanvasObject) *fyne.Container {
	return container.New(&tdColumns{weights: weights}, cells...)
}

// MinSize is the sum of the cells' widths and the tallest cell.
func (c *tdColumns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for _, o := range objs {
		m := o.MinSize()
		w += m.Width
		h = fyne.Max(h, m.Height)
	}
	if n := len(objs); n > 1 {
		w += theme.Padding() * float32(n-1)
	}
	return fyne.NewSize(w, h)
}

// Layout gives each cell its share of the width.
func (c *tdColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	var total float32
	for i := range objs {
		total += c.weight(i)
	}
	pad := theme.Padding()
	avail := size.Width - pad*float32(len(objs)-1)
	x := float32(0)
	for i, o := range objs {
		w := avail * c.weight(i) / total
		o.Resize(fyne.NewSize(w, size.Height))
		o.Move(fyne.NewPos(x, 0))
		x += w + pad
	}
}

// weight is the share of cell i (1 past the given weights).
func (c *tdColumns) weight(i int) float32 {
	if i < len(c.weights) {
		return c.weights[i]
	}
	return 1
}
