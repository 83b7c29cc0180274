package app

import (
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"aftercare/models"
)

// Returns and exchanges (退换货): a request against a purchase, checked by
// the return rules (models/returns.go) and stored with the answers it was
// checked with; then goods received, inspected, and refunded (finance),
// exchanged (a new delivery ticket) or rejected.
//
// Decisions:
//   - A request the rules refuse is recorded all the same, with its verdict
//     on the timeline: the shop has it on file and rejects it with the rule
//     as the reason (or, with a written reason, takes the goods back as
//     goodwill).
//   - The seven days run from the signed slip of the delivery that brought
//     the purchase, else from the purchase date.
//   - A refund is not a negative payment: the money paid stays on the
//     delivery it was paid for; the refund is RefundAmount/RefundMethod on
//     the return and a timeline entry, so the day's takings stay as
//     received and the refunds are listed by return.
//   - The refund is at most what was paid on the purchase's deliveries
//     (when anything was paid there) less the price of gifts kept, and goes
//     back by the method of that payment unless a reason is written.
//   - An exchange books the replacement's delivery in the same step: the
//     same purchase, the day and half day asked in the step, the current
//     checklist for the product type; the crew is named later like any
//     delivery's. The new delivery's LinkedTicketID is the return.

// ReturnInput is the return part of the intake form.
type ReturnInput struct {
	Type           models.ReturnType
	Reason         string
	QualityProblem bool
	Exclusions     []models.ReturnExclusion
	Complete       bool // every part, accessory and the packaging are there
	Gifts          models.GiftStatus
	GiftPrice      string // yuan as typed; the price of gifts kept

	giftPrice models.Money
}

func init() { aftersalesSteps[models.ModeReturn] = returnStep }

// checkReturnIntake validates the return part of the intake: a purchase,
// the type, the reason, the gifts. The rules' verdict does not block the
// intake (see the decisions above). The reason is the ticket's symptom, so
// lists show it.
func checkReturnIntake(in *IntakeInput) error {
	var errs models.ValidationErrors
	r := &in.Return
	r.Reason = strings.TrimSpace(r.Reason)
	if in.PurchaseID == "" {
		errs = append(errs, models.NewFieldError("purchase", "err.return.purchase_required",
			"Choose the purchase the goods come from: the return rules run from its signing day.", nil))
	}
	r.giftPrice = 0
	if r.Gifts == models.GiftsKept && strings.TrimSpace(r.GiftPrice) != "" {
		m, fe := models.ParseMoney(r.GiftPrice)
		if fe != nil {
			fe.Field = "gift_price"
			errs = append(errs, fe)
		}
		r.giftPrice = m
	}
	req := models.ReturnRequest{Type: r.Type, Reason: r.Reason, Exclusions: r.Exclusions, Gifts: r.Gifts, GiftPrice: r.giftPrice}
	for _, fe := range models.AsFieldErrors(req.Validate()) {
		if fe.Field != "gift_price" || errs.ForField("gift_price") == nil {
			errs = append(errs, fe)
		}
	}
	if in.Symptom == "" {
		in.Symptom = r.Reason
	}
	return errs.OrNil()
}

// ReturnFacts is what the shop's records say about a purchase being
// returned: when it was signed for and what was paid for it.
type ReturnFacts struct {
	SignedOn time.Time // civil; zero when unknown
	Delivery string    // the signed delivery it was taken from; "" means the purchase date
	Paid     models.Money
	Method   models.PaymentMethod // of the latest payment; "" when nothing was paid
}

// ReturnFacts looks up a purchase's signing day and payments, for the
// intake's live verdict and the refund dialog.
func (a *App) ReturnFacts(purchaseID string) (*ReturnFacts, error) {
	var p models.Purchase
	if err := a.db.Where("id = ?", purchaseID).Limit(1).Find(&p).Error; err != nil {
		return nil, fmt.Errorf("returns: purchase: %w", err)
	}
	if p.ID == "" {
		return nil, fmt.Errorf("returns: purchase %s: %w", purchaseID, ErrNotFound)
	}
	return a.returnFacts(a.db, &p)
}

// returnFacts reads the facts in tx.
func (a *App) returnFacts(tx *gorm.DB, p *models.Purchase) (*ReturnFacts, error) {
	f := &ReturnFacts{}
	if !p.PurchaseDate.IsZero() {
		f.SignedOn = models.CivilDate(p.PurchaseDate)
	}
	sub := tx.Model(&models.DeliveryItem{}).Select("ticket_id").Where("purchase_id = ?", p.ID)
	deliveries := func() *gorm.DB {
		return tx.Model(&models.Ticket{}).Where("kind = ? AND (purchase_id = ? OR id IN (?))", models.KindDelivery, p.ID, sub)
	}
	var signed models.Ticket
	if err := deliveries().Where("signed_at IS NOT NULL").Order("signed_at DESC").Limit(1).Find(&signed).Error; err != nil {
		return nil, fmt.Errorf("returns: signed delivery: %w", err)
	}
	if signed.ID != "" {
		f.SignedOn, f.Delivery = models.CivilDate(signed.SignedAt.In(a.loc())), signed.Number
	}
	var pays []models.Payment
	if err := tx.Where("ticket_id IN (?)", deliveries().Select("id")).Order("at").Find(&pays).Error; err != nil {
		return nil, fmt.Errorf("returns: payments: %w", err)
	}
	for _, pay := range pays {
		f.Paid += pay.Amount
		f.Method = pay.Method
	}
	return f, nil
}

// prepareReturn fills a new return ticket from the form and the records,
// inside CreateTicket's transaction: the request is checked against the
// rules and stored with every answer, the freight payer decided.
func (a *App) prepareReturn(tx *gorm.DB, t *models.Ticket, p *models.Purchase, in *ReturnInput) error {
	if p == nil {
		return models.NewFieldError("purchase", "err.return.purchase_required",
			"Choose the purchase the goods come from: the return rules run from its signing day.", nil)
	}
	facts, err := a.returnFacts(tx, p)
	if err != nil {
		return err
	}
	now := a.clock()
	req := models.ReturnRequest{Type: in.Type, Reason: in.Reason, QualityProblem: in.QualityProblem, SignedAt: facts.SignedOn,
		Today: models.CivilDate(now), Exclusions: in.Exclusions, Complete: in.Complete, Gifts: in.Gifts, GiftPrice: in.giftPrice}
	if err := req.Validate(); err != nil {
		return err
	}
	v := models.CheckReturn(req)
	// The customer is at the counter or on the phone: the request has had
	// its first response.
	at := now.UTC()
	t.Status, t.FirstContactAt, t.LastContactAt = models.StatusRequested, &at, &at
	t.ReturnType, t.ReturnReason, t.QualityProblem, t.FreightBy = in.Type, in.Reason, in.QualityProblem, v.FreightBy
	t.ReturnExclusions, t.ReturnComplete = models.JoinExclusions(in.Exclusions), in.Complete
	t.GiftStatus, t.GiftPrice = in.Gifts, 0
	if in.Gifts == models.GiftsKept {
		t.GiftPrice = in.giftPrice
	}
	if !facts.SignedOn.IsZero() {
		d := facts.SignedOn
		t.ReturnSignedOn = &d
	}
	return nil
}

// returnCreateData puts the verdict on the return's first timeline entry.
func (a *App) returnCreateData(t *models.Ticket, data map[string]any) {
	v := models.CheckReturn(models.ReturnRequestOf(t, a.loc()))
	data["return_type"], data["quality"], data["freight"], data["allowed"] = t.ReturnType, t.QualityProblem, v.FreightBy, v.Allowed
	if t.ReturnSignedOn != nil {
		data["signed_on"] = models.FormatDate(*t.ReturnSignedOn)
	}
	var refused []string
	for _, f := range v.Refusals() {
		refused = append(refused, f.Rule)
	}
	if len(refused) > 0 {
		data["refused"] = strings.Join(refused, ",")
	}
	if v.Deduction > 0 {
		data["deduction"] = v.Deduction.Yuan()
	}
}

// returnStep is the app side of a return's steps (see aftersales.go).
func returnStep(a *App, tx *gorm.DB, t *models.Ticket, in *models.StepInput, data map[string]any) error {
	switch in.Action {
	case models.ActReceiveGoods:
		if !models.CheckReturn(models.ReturnRequestOf(t, a.loc())).Allowed {
			data["goodwill"] = true
		}
	case models.ActRefund:
		return a.refundStep(tx, t, in, data)
	case models.ActExchange:
		return a.exchangeStep(tx, t, in, data)
	}
	return nil
}

// refundStep checks the refund against what was paid and the original
// payment method.
func (a *App) refundStep(tx *gorm.DB, t *models.Ticket, in *models.StepInput, data map[string]any) error {
	facts := &ReturnFacts{}
	if t.PurchaseID != nil {
		var p models.Purchase
		if err := tx.Where("id = ?", *t.PurchaseID).Limit(1).Find(&p).Error; err != nil {
			return fmt.Errorf("returns: purchase: %w", err)
		}
		if p.ID != "" {
			var err error
			if facts, err = a.returnFacts(tx, &p); err != nil {
				return err
			}
		}
	}
	deduction := models.CheckReturn(models.ReturnRequestOf(t, a.loc())).Deduction
	var errs models.ValidationErrors
	if facts.Paid > 0 && in.Cost > facts.Paid-deduction {
		errs = append(errs, models.NewFieldError("amount", "err.return.refund_over",
			"The refund is at most ¥{{.Max}}: ¥{{.Paid}} paid, less ¥{{.Deduction}} for the gifts kept.",
			map[string]any{"Max": (facts.Paid - deduction).Yuan(), "Paid": facts.Paid.Yuan(), "Deduction": deduction.Yuan()}))
	}
	if facts.Method != "" && in.RefundMethod != facts.Method && strings.TrimSpace(in.Reason) == "" {
		errs = append(errs, models.NewFieldError("reason", "err.return.method_differs",
			"Refunds go back by the original payment method: write why this refund goes another way.", nil))
	}
	if err := errs.OrNil(); err != nil {
		return err
	}
	data["amount"], data["method"] = in.Cost.Yuan(), in.RefundMethod
	if deduction > 0 {
		data["deduction"] = deduction.Yuan()
	}
	if facts.Method != "" && facts.Method != in.RefundMethod {
		data["paid_by"] = facts.Method
	}
	return nil
}

// exchangeStep books the replacement's delivery, linked to the return.
func (a *App) exchangeStep(tx *gorm.DB, t *models.Ticket, in *models.StepInput, data map[string]any) error {
	if t.PurchaseID == nil {
		return models.NewFieldError("purchase", "err.return.purchase_required",
			"Choose the purchase the goods come from: the return rules run from its signing day.", nil)
	}
	c := &models.Customer{}
	c.ID = t.CustomerID
	if err := tx.Where("customer_id = ?", t.CustomerID).Find(&c.Purchases).Error; err != nil {
		return fmt.Errorf("returns: purchases: %w", err)
	}
	var p *models.Purchase
	for i := range c.Purchases {
		if c.Purchases[i].ID == *t.PurchaseID {
			p = &c.Purchases[i]
		}
	}
	if p == nil {
		return fmt.Errorf("returns: purchase %s: %w", *t.PurchaseID, ErrNotFound)
	}
	tpl, err := currentChecklist(tx, models.ChecklistFamilyFor(p.ProductType))
	if err != nil {
		return err
	}
	din := DeliveryInput{Items: []DeliveryItemInput{{PurchaseID: p.ID, Product: p.Product, Model: p.Model, Qty: "1"}},
		Date: in.Date, Half: in.Half, ChecklistID: tpl.ID}
	if err := checkDelivery(&din); err != nil {
		return err
	}
	now := a.clock()
	linked := t.ID
	note := strings.TrimSpace(in.Note)
	nt := models.Ticket{Kind: models.KindDelivery, Mode: models.ModeDelivery, Status: models.StatusNew, Priority: models.PriorityNormal,
		Source: t.Source, CustomerID: t.CustomerID, Address: t.Address, Request: note,
		ReportedAt: now.UTC(), StatusSince: now.UTC(), LinkedTicketID: &linked, Version: 1}
	prepareDelivery(&nt, &din, now)
	num, err := nextNumber(tx, models.KindDelivery.NumberPrefix(), now)
	if err != nil {
		return err
	}
	nt.Number, nt.ID = num, uuid.NewString()
	write, err := a.createDelivery(tx, &nt, c, &din)
	if err != nil {
		return err
	}
	a.setDue(&nt)
	if err := tx.Create(&nt).Error; err != nil {
		return fmt.Errorf("returns: exchange delivery: %w", err)
	}
	if err := a.audit(tx, "ticket", nt.ID, "create", ticketDiff(&models.Ticket{}, &nt)); err != nil {
		return err
	}
	if err := write(); err != nil {
		return err
	}
	if err := a.event(tx, nt.ID, models.ActCreate, "", nt.Status, note, map[string]any{"mode": nt.Mode, "source": nt.Source,
		"date": models.FormatDate(in.Date), "half": in.Half, "items": 1, "exchange_for": t.Number}); err != nil {
		return err
	}
	data["delivery"], data["date"], data["half"] = nt.Number, models.FormatDate(in.Date), in.Half
	return nil
}

// RefundInput is the refund dialog.
type RefundInput struct {
	TicketID string
	Version  int    // as loaded; 0 skips the check
	Amount   string // yuan as typed
	Method   models.PaymentMethod
	Reason   string // why the method differs from the payment, or an exchange is refunded
	Note     string
}

// Refund pays a return's money back (finance): the amount as typed, by
// the method chosen or, when none is, the original payment's.
func (a *App) Refund(in RefundInput) (*TicketDetail, error) {
	var cost models.Money
	if strings.TrimSpace(in.Amount) != "" {
		m, fe := models.ParseMoney(in.Amount)
		if fe != nil {
			fe.Field = "amount"
			return nil, fe
		}
		cost = m
	}
	if in.Method == "" {
		var t models.Ticket
		if err := a.db.Select("purchase_id").Where("id = ?", in.TicketID).Limit(1).Find(&t).Error; err != nil {
			return nil, fmt.Errorf("returns: load %s: %w", in.TicketID, err)
		}
		if t.PurchaseID != nil {
			if f, err := a.ReturnFacts(*t.PurchaseID); err == nil {
				in.Method = f.Method
			}
		}
	}
	return a.Step(in.TicketID, in.Version, models.StepInput{Action: models.ActRefund, Cost: cost, RefundMethod: in.Method,
		Reason: in.Reason, Note: in.Note})
}
