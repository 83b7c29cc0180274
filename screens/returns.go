package screens

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// Returns and exchanges (退换货) on the screens: the intake section with
// the rules' verdict shown live, the return's facts on the ticket page and
// the dialogs of its steps (receive, inspect, refund, exchange, reject).

// Values behind the return section's radio groups, in option order.
var (
	returnTypes = []models.ReturnType{models.ReturnRefund, models.ReturnExchange}
	returnGifts = []models.GiftStatus{models.GiftsNone, models.GiftsReturned, models.GiftsKept}
)

// intakeReturnFields are the return section's fields whose problems show
// next to them.
var intakeReturnFields = []string{"return_type", "return_reason", "exclusions", "gifts", "gift_price"}

// ReturnTypeLabel names what the customer asks for.
func ReturnTypeLabel(t models.ReturnType) string {
	switch t {
	case models.ReturnRefund:
		return T("return.type.return", "Return (refund)")
	case models.ReturnExchange:
		return T("return.type.exchange", "Exchange")
	}
	return string(t)
}

// ExclusionLabel names a kind of goods the shop does not take back.
func ExclusionLabel(e models.ReturnExclusion) string {
	switch e {
	case models.ExclIntimate:
		return T("return.excl.intimate", "Intimate item, tried on or used")
	case models.ExclBundlePart:
		return T("return.excl.bundle_part", "Only part of a set or bundle")
	case models.ExclUsed:
		return T("return.excl.used", "Washed or used")
	case models.ExclAltered:
		return T("return.excl.altered", "Altered or reworked")
	case models.ExclFreeGift:
		return T("return.excl.free_gift", "A free gift")
	case models.ExclNonReturnable:
		return T("return.excl.non_returnable", "Special offer marked non-returnable")
	}
	return string(e)
}

// GiftStatusLabel says what happens to the gifts.
func GiftStatusLabel(g models.GiftStatus) string {
	switch g {
	case models.GiftsNone:
		return T("return.gifts.none", "No gifts")
	case models.GiftsReturned:
		return T("return.gifts.returned", "Gifts come back")
	case models.GiftsKept:
		return T("return.gifts.kept", "Gifts kept (price deducted)")
	}
	return string(g)
}

// FreightLabel names who pays the freight.
func FreightLabel(by string) string {
	switch by {
	case models.FreightShop:
		return T("return.freight.shop", "The shop")
	case models.FreightCustomer:
		return T("return.freight.customer", "The customer")
	}
	return by
}

// OutcomeReturnLabel names how a return ended.
func OutcomeReturnLabel(o models.ReturnOutcome) string {
	switch o {
	case models.OutcomeRefunded:
		return T("return.outcome.refunded", "Refunded")
	case models.OutcomeExchanged:
		return T("return.outcome.exchanged", "Exchanged")
	case models.OutcomeRejected:
		return T("return.outcome.rejected", "Rejected")
	}
	return string(o)
}

// returnVerdictBox shows a verdict: a head line (allowed or refused) and
// one line per rule that applies, refusals in red.
type returnVerdictBox struct {
	head     *widget.Label
	findings *fyne.Container
	box      *fyne.Container
}

func newReturnVerdictBox() *returnVerdictBox {
	v := &returnVerdictBox{head: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), findings: container.NewVBox()}
	v.head.Wrapping = fyne.TextWrapWord
	v.box = container.NewVBox(v.head, v.findings)
	return v
}

// message shows only a head line (nothing to judge yet).
func (v *returnVerdictBox) message(text string) {
	v.head.Importance = widget.LowImportance
	v.head.SetText(text)
	v.findings.Objects = nil
	v.findings.Refresh()
}

// show writes a verdict; recorded says whether the request is already on
// file (the ticket page) or about to be (the intake).
func (v *returnVerdictBox) show(verdict models.ReturnVerdict, recorded bool) {
	switch {
	case verdict.Allowed:
		v.head.Importance = widget.SuccessImportance
		v.head.SetText(T("return.verdict.allowed", "The return rules allow this request."))
	case recorded:
		v.head.Importance = widget.DangerImportance
		v.head.SetText(T("return.verdict.refused_recorded", "The return rules refuse this request: reject it with the rule as the reason, or take the goods back as goodwill with a written reason."))
	default:
		v.head.Importance = widget.DangerImportance
		v.head.SetText(T("return.verdict.refused", "The return rules refuse this request. It can still be recorded, then rejected on the ticket with the rule as the reason."))
	}
	var objs []fyne.CanvasObject
	for _, f := range verdict.Findings {
		l := widget.NewLabel("• " + FieldErrText(f.Message))
		l.Wrapping = fyne.TextWrapWord
		if f.Refuses {
			l.Importance = widget.DangerImportance
		}
		objs = append(objs, l)
	}
	v.findings.Objects = objs
	v.findings.Refresh()
}

// returnRefusalText lists the refusing rules, one per line: the reason a
// rejection is prefilled with.
func returnRefusalText(v models.ReturnVerdict) string {
	var lines []string
	for _, f := range v.Refusals() {
		lines = append(lines, FieldErrText(f.Message))
	}
	return strings.Join(lines, "\n")
}

// intakeReturn is the return section of the intake: what the customer
// asks for and why, the exclusion checklist, the gifts, and the verdict of
// the rules as the counter fills it in. The purchase is the intake's.
type intakeReturn struct {
	i *intakeDialog

	typ       *widget.RadioGroup
	reason    *intakeMultiEntry
	quality   *widget.Check
	excl      []*widget.Check // in models.AllReturnExclusions order
	complete  *widget.Check
	gifts     *widget.RadioGroup
	giftPrice *widget.Entry
	signed    *widget.Label
	verdict   *returnVerdictBox
	box       *fyne.Container

	purchaseID string               // the purchase the facts are for
	facts      *app.ReturnFacts     // loaded for purchaseID; nil while loading or none
	factsErr   error                // the load's problem
	gen        int                  // bumped by every facts load
	shown      bool                 // the kind is Return
	lastReq    models.ReturnRequest // what the verdict was computed from (tests)
}

// newIntakeReturn builds the (hidden) section.
func newIntakeReturn(i *intakeDialog) *intakeReturn {
	r := &intakeReturn{i: i}
	for _, f := range intakeReturnFields {
		i.errs[f] = custErrLabel()
	}
	types := make([]string, len(returnTypes))
	for n, t := range returnTypes {
		types[n] = ReturnTypeLabel(t)
	}
	r.typ = widget.NewRadioGroup(types, func(string) { i.clearErr("return_type"); r.update() })
	r.typ.Horizontal = true
	r.reason = newIntakeMultiEntry(2, T("return.intake.reason_hint", "Why, in the customer's words, e.g. 颜色与样品不符, 柜门开裂"))
	r.reason.OnChanged = func(string) { i.clearErr("return_reason") }
	r.quality = widget.NewCheck(T("return.intake.quality", "Quality problem (the shop's fault)"), func(bool) { r.update() })
	var checks []fyne.CanvasObject
	for _, e := range models.AllReturnExclusions {
		c := widget.NewCheck(ExclusionLabel(e), func(bool) { r.update() })
		r.excl = append(r.excl, c)
		checks = append(checks, c)
	}
	r.complete = widget.NewCheck(T("return.intake.complete", "Every part, accessory and the original packaging are there"), func(bool) { r.update() })
	gifts := make([]string, len(returnGifts))
	for n, g := range returnGifts {
		gifts[n] = GiftStatusLabel(g)
	}
	r.gifts = widget.NewRadioGroup(gifts, func(string) { i.clearErr("gift_price"); r.update() })
	r.gifts.Horizontal, r.gifts.Required = true, true
	r.gifts.SetSelected(gifts[0])
	r.giftPrice = widget.NewEntry()
	r.giftPrice.SetPlaceHolder(T("return.intake.gift_price_hint", "Price of the gifts kept, yuan, e.g. 88"))
	r.giftPrice.OnChanged = func(string) { i.clearErr("gift_price"); r.update() }
	r.giftPrice.Hide()
	r.signed = widget.NewLabel("")
	r.signed.Wrapping = fyne.TextWrapWord
	r.verdict = newReturnVerdictBox()

	label := func(text string, required bool) fyne.CanvasObject {
		if required {
			text += " *"
		}
		return widget.NewLabelWithStyle(text, fyne.TextAlignTrailing, fyne.TextStyle{Bold: required})
	}
	field := func(o fyne.CanvasObject, key string) fyne.CanvasObject { return container.NewVBox(o, i.errs[key]) }
	exclHint := widget.NewLabel(T("return.intake.excl_hint", "Tick what applies; the rules below say what it means."))
	exclHint.Importance = widget.LowImportance
	form := container.New(layout.NewFormLayout(),
		label(T("return.intake.type", "Customer asks for"), true), field(r.typ, "return_type"),
		label(T("return.intake.reason", "Reason"), true), field(container.NewVBox(r.reason, r.quality), "return_reason"),
		label(T("return.intake.signed", "Signed for"), false), r.signed,
		label(T("return.intake.exclusions", "Exclusions"), false), field(container.NewVBox(exclHint, container.NewGridWithColumns(2, checks...), r.complete), "exclusions"),
		label(T("return.intake.gifts", "Gifts"), false), container.NewVBox(field(r.gifts, "gifts"), field(r.giftPrice, "gift_price")),
		label(T("return.intake.verdict", "Rules"), false), r.verdict.box,
	)
	title := widget.NewLabelWithStyle(T("return.intake.section", "Return or exchange"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.box = container.NewVBox(widget.NewSeparator(), title, form)
	r.box.Hide()
	r.update()
	return r
}

// apply shows the section for a return and hides the repair-only fields
// (mode, fault, preferred time, warranty override); called after the
// intake's own kind handling.
func (r *intakeReturn) apply(kind models.TicketKind) {
	r.shown = kind == models.KindReturn
	intakeSetVisible(r.box, r.shown)
	if !r.shown {
		return
	}
	for _, row := range [][]fyne.CanvasObject{r.i.modeRow, r.i.symptomRow, r.i.preferredRow} {
		for _, o := range row {
			o.Hide()
		}
	}
	r.i.override.Hide()
	r.i.overrideBox.Hide()
	r.setPurchase(r.i.selectedPurchase())
}

// setPurchase loads the signing day and payments of the chosen purchase
// (only while the section is shown).
func (r *intakeReturn) setPurchase(p *models.Purchase) {
	id := ""
	if p != nil {
		id = p.ID
	}
	if !r.shown || id == r.purchaseID && (r.facts != nil || r.factsErr != nil) {
		r.update()
		return
	}
	r.purchaseID, r.facts, r.factsErr = id, nil, nil
	r.gen++
	if id == "" {
		r.update()
		return
	}
	gen, a := r.gen, r.i.deps.App
	r.update()
	custGo(func() func() {
		f, err := a.ReturnFacts(id)
		return func() { r.applyFacts(gen, f, err) }
	})
}

// applyFacts shows the loaded facts unless another purchase was chosen.
func (r *intakeReturn) applyFacts(gen int, f *app.ReturnFacts, err error) {
	if gen != r.gen {
		return
	}
	r.facts, r.factsErr = f, err
	r.update()
	r.i.refreshForm()
}

// request collects what the rules need from the section.
func (r *intakeReturn) request() models.ReturnRequest {
	in := r.input()
	req := models.ReturnRequest{Type: in.Type, Reason: in.Reason, QualityProblem: in.QualityProblem, Exclusions: in.Exclusions,
		Complete: in.Complete, Gifts: in.Gifts, Today: models.CivilDate(r.i.now)}
	if in.Gifts == models.GiftsKept {
		if m, fe := models.ParseMoney(in.GiftPrice); fe == nil {
			req.GiftPrice = m
		}
	}
	if r.facts != nil {
		req.SignedAt = r.facts.SignedOn
	}
	return req
}

// update recomputes the verdict and the signing line from the form.
func (r *intakeReturn) update() {
	if r.verdict == nil {
		return // still being built
	}
	intakeSetVisible(r.giftPrice, r.giftValue() == models.GiftsKept)
	switch {
	case r.purchaseID == "":
		r.signed.SetText(T("return.intake.no_purchase", "Choose the purchase above: the seven days run from the day it was signed for."))
		r.signed.Importance = widget.WarningImportance
		r.verdict.message(T("return.intake.verdict_wait", "The rules are checked once the purchase is chosen."))
		r.signed.Refresh()
		return
	case r.factsErr != nil:
		r.signed.SetText(ErrText(r.factsErr))
		r.signed.Importance = widget.DangerImportance
		r.verdict.message("")
		r.signed.Refresh()
		return
	case r.facts == nil:
		r.signed.SetText(T("tickets.common.loading", "Loading…"))
		r.signed.Importance = widget.LowImportance
		r.verdict.message("")
		r.signed.Refresh()
		return
	}
	r.signed.Importance = widget.MediumImportance
	switch {
	case r.facts.SignedOn.IsZero():
		r.signed.SetText(T("return.intake.signed_unknown", "Not on record"))
		r.signed.Importance = widget.WarningImportance
	case r.facts.Delivery != "":
		r.signed.SetText(T("return.intake.signed_delivery", "{{.Date}}, slip of delivery {{.Number}}",
			map[string]any{"Date": models.FormatDate(r.facts.SignedOn), "Number": r.facts.Delivery}))
	default:
		r.signed.SetText(T("return.intake.signed_purchase", "{{.Date}} (purchase date; no signed delivery on record)",
			map[string]any{"Date": models.FormatDate(r.facts.SignedOn)}))
	}
	r.signed.Refresh()
	r.lastReq = r.request()
	r.verdict.show(models.CheckReturn(r.lastReq), false)
}

// typeValue is the chosen type, "" for none.
func (r *intakeReturn) typeValue() models.ReturnType {
	for n, t := range returnTypes {
		if r.typ.Selected == r.typ.Options[n] {
			return t
		}
	}
	return ""
}

// giftValue is the chosen gift status.
func (r *intakeReturn) giftValue() models.GiftStatus {
	for n, g := range returnGifts {
		if r.gifts.Selected == r.gifts.Options[n] {
			return g
		}
	}
	return models.GiftsNone
}

// input collects the section in the shape app.CreateTicket takes.
func (r *intakeReturn) input() app.ReturnInput {
	in := app.ReturnInput{Type: r.typeValue(), Reason: r.reason.Text, QualityProblem: r.quality.Checked,
		Complete: r.complete.Checked, Gifts: r.giftValue()}
	for n, c := range r.excl {
		if c.Checked {
			in.Exclusions = append(in.Exclusions, models.AllReturnExclusions[n])
		}
	}
	if in.Gifts == models.GiftsKept {
		in.GiftPrice = r.giftPrice.Text
	}
	return in
}

// returnCreatedSummary is the intake's result line for a new return.
func returnCreatedSummary(d *app.TicketDetail, loc *time.Location) string {
	t := &d.Ticket
	v := models.CheckReturn(models.ReturnRequestOf(t, loc))
	s := ReturnTypeLabel(t.ReturnType) + " · " + T("return.detail.freight", "Freight: {{.Who}}", map[string]any{"Who": FreightLabel(t.FreightBy)})
	if !v.Allowed {
		s += "\n" + T("return.created.refused", "The rules refuse it: reject it on the ticket, the reason is prefilled.")
	}
	return s
}

// tdReturn is the return's section of the ticket page: the request, the
// rules' verdict and what the steps recorded.
type tdReturn struct {
	p       *ticketDetail
	facts   *widget.Label
	verdict *returnVerdictBox
	section *fyne.Container
	dlg     *tdReturnDialog // the step dialog last opened (tests look at it)
}

func newTDReturn(p *ticketDetail) *tdReturn {
	r := &tdReturn{p: p, facts: widget.NewLabel(""), verdict: newReturnVerdictBox()}
	r.facts.Wrapping = fyne.TextWrapWord
	r.section = container.NewVBox(heading(T("return.detail.title", "Return or exchange")), r.facts, r.verdict.box, widget.NewSeparator())
	r.section.Hide()
	return r
}

// fill shows a return's section, or hides it on other tickets.
func (r *tdReturn) fill(d *app.TicketDetail) {
	t := &d.Ticket
	if t.Kind != models.KindReturn {
		r.section.Hide()
		return
	}
	var lines []string
	add := func(ok bool, s string) {
		if ok {
			lines = append(lines, s)
		}
	}
	what := ReturnTypeLabel(t.ReturnType)
	if t.QualityProblem {
		what += " · " + T("return.detail.quality", "quality problem")
	}
	lines = append(lines, what+" · "+T("return.detail.reason", "Reason: {{.Text}}", map[string]any{"Text": t.ReturnReason}))
	if t.ReturnSignedOn != nil {
		lines = append(lines, T("return.detail.signed", "Signed for {{.Date}}", map[string]any{"Date": models.FormatDate(*t.ReturnSignedOn)}))
	}
	var excl []string
	for _, e := range models.ParseExclusions(t.ReturnExclusions) {
		excl = append(excl, ExclusionLabel(e))
	}
	add(len(excl) > 0, T("return.detail.exclusions", "Exclusions: {{.List}}", map[string]any{"List": tdJoin(excl)}))
	add(!t.ReturnComplete, T("return.detail.incomplete", "Parts or packaging missing"))
	gifts := GiftStatusLabel(t.GiftStatus)
	if t.GiftStatus == models.GiftsKept && t.GiftPrice > 0 {
		gifts += " · " + tdMoney(t.GiftPrice)
	}
	lines = append(lines, T("return.detail.gifts", "Gifts: {{.Text}}", map[string]any{"Text": gifts}))
	lines = append(lines, T("return.detail.freight", "Freight: {{.Who}}", map[string]any{"Who": FreightLabel(t.FreightBy)}))
	add(t.GoodsBackAt != nil, T("return.detail.goods_back", "Goods back {{.Time}}", map[string]any{"Time": r.p.timeP(t.GoodsBackAt)}))
	add(t.InspectedAt != nil, T("return.detail.inspected", "Inspected {{.Time}}: {{.Note}}", map[string]any{"Time": r.p.timeP(t.InspectedAt), "Note": t.InspectionNote}))
	if t.ReturnOutcome != "" {
		out := OutcomeReturnLabel(t.ReturnOutcome)
		if t.ReturnOutcome == models.OutcomeRefunded {
			out += " · " + tdMoney(t.RefundAmount) + " · " + PayMethodLabel(t.RefundMethod)
		}
		lines = append(lines, T("return.detail.outcome", "Outcome: {{.Text}}", map[string]any{"Text": out}))
	}
	r.facts.SetText(strings.Join(lines, "\n"))
	r.verdict.show(models.CheckReturn(models.ReturnRequestOf(t, r.p.loc)), true)
	r.section.Show()
}

// tdReturnDialog is the dialog of one return step.
type tdReturnDialog struct {
	p       *ticketDetail
	act     models.Action
	id      string
	version int
	form    *tdForm

	reason *widget.Entry
	note   *widget.Entry
	amount *widget.Entry
	method *widget.Select
	date   *dateField
	half   *widget.RadioGroup
	facts  *widget.Label
}

// startReturnAction opens the dialog of a return step; it reports false
// for actions it does not handle (close, cancel use the generic dialog).
func (p *ticketDetail) startReturnAction(act models.Action) bool {
	if p.detail == nil || p.detail.Ticket.Kind != models.KindReturn {
		return false
	}
	switch act {
	case models.ActReceiveGoods, models.ActInspect, models.ActRefund, models.ActExchange, models.ActRejectReturn:
	default:
		return false
	}
	t := &p.detail.Ticket
	d := &tdReturnDialog{p: p, act: act, id: t.ID, version: t.Version, form: newTDForm(p)}
	f := d.form
	f.text(T("ticket_detail.action.for", "{{.Number}} · {{.Customer}} · now {{.Status}}",
		map[string]any{"Number": t.Number, "Customer": p.detail.Customer.Name, "Status": StatusLabel(t.Status)}), widget.MediumImportance)
	f.text(ReturnTypeLabel(t.ReturnType)+" · "+tdProduct(p.detail), widget.MediumImportance)
	verdict := models.CheckReturn(models.ReturnRequestOf(t, p.loc))
	multi := func(rows int, hint string) *widget.Entry {
		e := widget.NewMultiLineEntry()
		e.Wrapping = fyne.TextWrapWord
		e.SetMinRowsVisible(rows)
		e.SetPlaceHolder(hint)
		return e
	}
	switch act {
	case models.ActReceiveGoods:
		if !verdict.Allowed {
			f.text(T("return.action.refused", "The rules refuse this return:")+"\n"+returnRefusalText(verdict), widget.DangerImportance)
			d.reason = multi(2, T("return.action.goodwill_hint", "Why the shop takes the goods back anyway, e.g. the manager agreed as goodwill"))
			f.field(T("ticket_detail.action.reason", "Reason"), true, "reason", d.reason)
		} else {
			d.note = widget.NewEntry()
			d.note.SetPlaceHolder(T("return.action.receive_hint", "Optional: how they came back, e.g. by courier 顺丰, freight paid by the customer"))
			f.field(T("ticket_detail.action.note", "Note"), false, "note", d.note)
		}
		f.text(T("return.action.receive_due", "The inspection is due within 3 working days."), widget.LowImportance)
	case models.ActInspect:
		d.note = multi(3, T("return.action.inspect_hint", "What the inspection found: condition, parts and packaging, the fault"))
		f.field(T("return.action.findings", "Findings"), true, "note", d.note)
	case models.ActRefund:
		d.facts = widget.NewLabel(T("tickets.common.loading", "Loading…"))
		d.facts.Wrapping = fyne.TextWrapWord
		f.grid.Add(widget.NewLabel(""))
		f.grid.Add(d.facts)
		d.amount = widget.NewEntry()
		d.amount.SetPlaceHolder(T("ticket_detail.action.cost_hint", "Yuan, e.g. 18"))
		f.field(T("return.action.amount", "Refund (¥)"), true, "amount", d.amount)
		var methods []string
		for _, m := range models.AllPaymentMethods {
			methods = append(methods, PayMethodLabel(m))
		}
		d.method = widget.NewSelect(methods, nil)
		d.method.PlaceHolder = T("return.action.method_hint", "How the money goes back")
		f.field(T("return.action.method", "Method"), true, "method", d.method)
		d.reason = multi(2, T("return.action.refund_reason_hint", "Only when needed: why another method, or why an exchange is refunded"))
		f.field(T("ticket_detail.action.reason", "Reason"), false, "reason", d.reason)
		d.note = widget.NewEntry()
		d.note.SetPlaceHolder(T("ticket_detail.action.note_hint", "Optional note for the timeline"))
		f.field(T("ticket_detail.action.note", "Note"), false, "note", d.note)
		d.loadRefundFacts(verdict.Deduction)
	case models.ActExchange:
		f.text(T("return.action.exchange_info", "The replacement is delivered like any delivery: a new delivery ticket is opened for this day, with the checklist for the product type; name the crew on the dispatch board."), widget.LowImportance)
		d.date = newTDDateField(p)
		f.entries = append(f.entries, d.date.entry)
		f.field(T("tickets.delivery.date", "Delivery date"), true, "date", d.date.box)
		d.half = widget.NewRadioGroup([]string{HalfLabel(models.AM), HalfLabel(models.PM)}, nil)
		d.half.Horizontal = true
		f.field(T("ticket_detail.action.half", "Half day"), true, "half", d.half)
		d.note = widget.NewEntry()
		d.note.SetPlaceHolder(T("return.action.exchange_hint", "Optional: what is delivered instead, e.g. 同款新柜, 换胡桃色"))
		f.field(T("tickets.delivery.notes", "Notes"), false, "note", d.note)
	case models.ActRejectReturn:
		d.reason = multi(3, T("return.action.reject_hint", "Why the return is rejected; this is what the customer is told"))
		if !verdict.Allowed {
			d.reason.SetText(returnRefusalText(verdict))
		}
		f.field(T("ticket_detail.action.reason", "Reason"), true, "reason", d.reason)
	}
	p.ret.dlg = d
	f.open(ActionLabel(act), ActionLabel(act), tdActionIcon(act), 560, d.onSubmit)
	return true
}

// loadRefundFacts fills the refund dialog with what was paid and how, and
// prefills the amount (paid less gifts kept) and the original method.
func (d *tdReturnDialog) loadRefundFacts(deduction models.Money) {
	pid := d.p.detail.Ticket.PurchaseID
	if pid == nil {
		d.facts.SetText(T("return.action.paid_unknown", "No payment on record for this purchase: enter the amount paid back and choose the method."))
		return
	}
	a, id := d.p.deps.App, *pid
	custGo(func() func() {
		f, err := a.ReturnFacts(id)
		return func() { d.applyRefundFacts(f, deduction, err) }
	})
}

// applyRefundFacts shows the loaded payment facts unless the dialog was
// closed or the person started typing.
func (d *tdReturnDialog) applyRefundFacts(f *app.ReturnFacts, deduction models.Money, err error) {
	if d.form.closed {
		return
	}
	switch {
	case err != nil:
		d.facts.SetText(ErrText(err))
		d.facts.Importance = widget.DangerImportance
	case f.Paid == 0:
		d.facts.SetText(T("return.action.paid_unknown", "No payment on record for this purchase: enter the amount paid back and choose the method."))
	default:
		d.facts.SetText(T("return.action.paid", "Paid {{.Paid}} by {{.Method}}; gifts kept {{.Deduction}}: at most {{.Max}} back, by the same method.",
			map[string]any{"Paid": tdMoney(f.Paid), "Method": PayMethodLabel(f.Method), "Deduction": tdMoney(deduction), "Max": tdMoney(f.Paid - deduction)}))
		if d.amount.Text == "" {
			d.amount.SetText((f.Paid - deduction).Yuan())
		}
		if d.method.Selected == "" {
			d.method.SetSelected(PayMethodLabel(f.Method))
		}
	}
	d.facts.Refresh()
	d.form.fit()
}

// input collects the dialog; problems reading the date are field problems.
func (d *tdReturnDialog) input() (models.StepInput, error) {
	in := models.StepInput{Action: d.act}
	if d.reason != nil {
		in.Reason = d.reason.Text
	}
	if d.note != nil {
		in.Note = d.note.Text
	}
	if d.date != nil {
		t, fe := d.date.value("date")
		if fe != nil {
			return in, fe
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
	if d.method != nil {
		if n := d.method.SelectedIndex(); n >= 0 {
			in.RefundMethod = models.AllPaymentMethods[n]
		}
	}
	return in, nil
}

// onSubmit carries out the step; a refund goes through app.Refund, which
// reads the amount as typed.
func (d *tdReturnDialog) onSubmit() {
	if d.form.busy {
		return
	}
	in, err := d.input()
	if err != nil {
		d.form.showErr(err)
		return
	}
	d.form.clearErrs()
	id, version := d.id, d.version
	onResult := func(err error) {
		if err != nil {
			d.form.showErr(err)
		}
	}
	if d.act == models.ActRefund {
		amount := d.amount.Text
		d.p.change(func(a *app.App) (*app.TicketDetail, error) {
			return a.Refund(app.RefundInput{TicketID: id, Version: version, Amount: amount, Method: in.RefundMethod, Reason: in.Reason, Note: in.Note})
		}, d.form, onResult)
		return
	}
	d.p.change(func(a *app.App) (*app.TicketDetail, error) { return a.Step(id, version, in) }, d.form, onResult)
}
