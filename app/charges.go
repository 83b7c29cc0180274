package app

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"aftercare/models"
)

const keyFeeSchedule = "catalogue.fee_schedule"

// FeeSchedule returns the fee schedule and parts price list: the shop's
// edited list, or the shipped defaults. Cached; see rules.go.
func (a *App) FeeSchedule() []models.FeeItem { return a.feeSchedule() }

// ItemInput is one charge line as the quote form holds it.
type ItemInput struct {
	Code    string // fee schedule key; "" for a line typed by hand
	Kind    models.ItemKind
	Name    string
	Qty     string
	Price   string // yuan as typed; "" takes the schedule's price
	Charged bool
}

// AddItem adds a quote line or a part used. A line from the fee schedule
// remembers the schedule's price, so a discount is visible and the 10%
// rule can be applied. Changing the quote clears an earlier consent and
// approval: the customer and the manager agreed to another amount.
func (a *App) AddItem(ticketID string, in ItemInput) (*TicketDetail, error) {
	if err := a.require(models.PermTickets); err != nil {
		return nil, err
	}
	item := models.TicketItem{TicketID: ticketID, Kind: in.Kind, Code: in.Code, Charged: in.Charged}
	var errs models.ValidationErrors
	if in.Code != "" {
		found := false
		for _, f := range a.FeeSchedule() {
			if f.Key == in.Code {
				found = true
				item.Kind, item.SchedulePrice, item.UnitPrice = f.Kind, f.Price, f.Price
				if item.Name = strings.TrimSpace(in.Name); item.Name == "" {
					item.Name = f.NameZH
				}
			}
		}
		if !found {
			errs = append(errs, models.NewFieldError("item", "err.item.unknown", "That item is not in the fee schedule.", nil))
		}
	} else {
		item.Name = strings.TrimSpace(in.Name)
		if item.Name == "" {
			errs = append(errs, models.NewFieldError("name", "err.item.name_required", "Name the item.", nil))
		} else if utf8.RuneCountInString(item.Name) > 100 {
			errs = append(errs, models.NewFieldError("name", "err.item.name_long", "At most 100 characters.", nil))
		}
	}
	switch item.Kind {
	case models.ItemVisit, models.ItemLabour, models.ItemPart, models.ItemOther:
	default:
		errs = append(errs, models.NewFieldError("kind", "err.item.kind", "Choose visit, labour, part or other.", nil))
	}
	qty := 1
	if s := strings.TrimSpace(in.Qty); s != "" {
		n, ok := parseSmallInt(s)
		if !ok || n < 1 || n > 999 {
			errs = append(errs, models.NewFieldError("qty", "err.item.qty", "The quantity is a whole number from 1 to 999.", nil))
		}
		qty = n
	}
	item.Qty = qty
	if strings.TrimSpace(in.Price) != "" {
		m, fe := models.ParseMoney(in.Price)
		if fe != nil {
			fe.Field = "price"
			errs = append(errs, fe)
		}
		item.UnitPrice = m
	} else if in.Code == "" {
		errs = append(errs, models.NewFieldError("price", "err.item.price_required", "Enter the price.", nil))
	}
	if err := errs.OrNil(); err != nil {
		return nil, err
	}
	err := a.db.Transaction(func(tx *gorm.DB) error {
		t, err := loadForChange(tx, ticketID, 0)
		if err != nil {
			return err
		}
		if t.Status.Terminal() {
			return models.NewFieldError("item", "err.item.closed", "The ticket is closed; its charges can no longer change.", nil)
		}
		if err := tx.Create(&item).Error; err != nil {
			return fmt.Errorf("tickets: add item: %w", err)
		}
		if err := a.audit(tx, "ticket_item", item.ID, "create", itemFields(t.Number, &item, "")); err != nil {
			return err
		}
		t.ConsentAt, t.ConsentNote, t.QuoteApprovedAt, t.QuoteApprovedBy = nil, "", nil, ""
		if err := a.update(tx, t, t.Version); err != nil {
			return err
		}
		return a.event(tx, ticketID, models.ActQuote, t.Status, t.Status, item.Name, map[string]any{
			"qty": item.Qty, "price": item.UnitPrice.Yuan(), "schedule_price": item.SchedulePrice.Yuan(), "charged": item.Charged})
	})
	if err != nil {
		return nil, err
	}
	return a.Ticket(ticketID)
}

// RemoveItem takes a line off the quote (before the ticket closes). The
// timeline keeps what was removed.
func (a *App) RemoveItem(ticketID, itemID string) (*TicketDetail, error) {
	if err := a.require(models.PermTickets); err != nil {
		return nil, err
	}
	err := a.db.Transaction(func(tx *gorm.DB) error {
		t, err := loadForChange(tx, ticketID, 0)
		if err != nil {
			return err
		}
		if t.Status.Terminal() {
			return models.NewFieldError("item", "err.item.closed", "The ticket is closed; its charges can no longer change.", nil)
		}
		var item models.TicketItem
		if err := tx.Where("id = ? AND ticket_id = ?", itemID, ticketID).Limit(1).Find(&item).Error; err != nil {
			return err
		}
		if item.ID == "" {
			return fmt.Errorf("tickets: item %s: %w", itemID, ErrNotFound)
		}
		// A quote line is not referred to by anything else; the timeline
		// records it, so removing the row loses nothing.
		if err := tx.Delete(&item).Error; err != nil {
			return fmt.Errorf("tickets: remove item: %w", err)
		}
		if err := a.audit(tx, "ticket_item", item.ID, "remove", itemFields(t.Number, &item, "before")); err != nil {
			return err
		}
		t.ConsentAt, t.ConsentNote, t.QuoteApprovedAt, t.QuoteApprovedBy = nil, "", nil, ""
		if err := a.update(tx, t, t.Version); err != nil {
			return err
		}
		return a.event(tx, ticketID, models.ActQuote, t.Status, t.Status, "", map[string]any{
			"removed": item.Name, "qty": item.Qty, "price": item.UnitPrice.Yuan()})
	})
	if err != nil {
		return nil, err
	}
	return a.Ticket(ticketID)
}

// RecordConsent records that the customer agreed to the quote, before
// the repair goes ahead.
func (a *App) RecordConsent(ticketID, note string) (*TicketDetail, error) {
	if err := a.require(models.PermTickets); err != nil {
		return nil, err
	}
	now := a.clock().UTC()
	err := a.db.Transaction(func(tx *gorm.DB) error {
		t, err := loadForChange(tx, ticketID, 0)
		if err != nil {
			return err
		}
		if t.Status.Terminal() {
			return models.NewFieldError("consent", "err.item.closed", "The ticket is closed; its charges can no longer change.", nil)
		}
		var items []models.TicketItem
		if err := tx.Where("ticket_id = ?", ticketID).Find(&items).Error; err != nil {
			return err
		}
		q := models.QuoteOf(items)
		if q.Total == 0 {
			return models.NewFieldError("consent", "err.consent.nothing", "There is nothing to agree to: the quote has no charged lines.", nil)
		}
		t.ConsentAt, t.ConsentNote = &now, strings.TrimSpace(note)
		if err := a.update(tx, t, t.Version); err != nil {
			return err
		}
		return a.event(tx, ticketID, models.ActConsent, t.Status, t.Status, note, map[string]any{"total": q.Total.Yuan()})
	})
	if err != nil {
		return nil, err
	}
	return a.Ticket(ticketID)
}

// ApproveQuote records the general manager's approval of a quote more
// than 10% below the fee schedule. The approver must have that role.
func (a *App) ApproveQuote(ticketID, approverID string) (*TicketDetail, error) {
	if err := a.require(models.PermQuoteApprove); err != nil {
		return nil, err
	}
	if s := a.Session(); !s.System {
		// A signed-in general manager approves as themselves.
		approverID = s.StaffID
	}
	approver, err := a.StaffMember(approverID)
	if err != nil {
		return nil, err
	}
	if !approver.Active || !approver.HasRole(models.RoleGeneralManager) {
		return nil, models.NewFieldError("approver", "err.quote.approver_role", "Only a general manager can approve a quote below the fee schedule.", nil)
	}
	now := a.clock().UTC()
	err = a.db.Transaction(func(tx *gorm.DB) error {
		t, err := loadForChange(tx, ticketID, 0)
		if err != nil {
			return err
		}
		var items []models.TicketItem
		if err := tx.Where("ticket_id = ?", ticketID).Find(&items).Error; err != nil {
			return err
		}
		q := models.QuoteOf(items)
		if !q.NeedsApproval(a.ServiceRules().DiscountLimitPercent) {
			return models.NewFieldError("approver", "err.quote.no_approval_needed", "This quote is within the fee schedule and needs no approval.", nil)
		}
		t.QuoteApprovedAt, t.QuoteApprovedBy = &now, approver.Name
		if err := a.update(tx, t, t.Version); err != nil {
			return err
		}
		return a.event(tx, ticketID, models.ActApprove, t.Status, t.Status, "", map[string]any{
			"approver": approver.Name, "total": q.Total.Yuan(), "schedule_total": q.ScheduleTotal.Yuan()})
	})
	if err != nil {
		return nil, err
	}
	return a.Ticket(ticketID)
}

// PaymentInput is one payment as typed.
type PaymentInput struct {
	Method    models.PaymentMethod
	Amount    string
	ReceiptNo string
}

// AddPayment records money received. It refuses more than is owed.
func (a *App) AddPayment(ticketID string, in PaymentInput) (*TicketDetail, error) {
	if err := a.require(models.PermTickets); err != nil {
		return nil, err
	}
	var errs models.ValidationErrors
	valid := false
	for _, m := range models.AllPaymentMethods {
		valid = valid || m == in.Method
	}
	if !valid {
		errs = append(errs, models.NewFieldError("method", "err.payment.method", "Choose cash, WeChat Pay, Alipay or bank card.", nil))
	}
	amount, fe := models.ParseMoney(in.Amount)
	if fe != nil {
		fe.Field = "amount"
		errs = append(errs, fe)
	} else if amount <= 0 {
		errs = append(errs, models.NewFieldError("amount", "err.payment.positive", "The amount must be more than zero.", nil))
	}
	receipt := strings.TrimSpace(in.ReceiptNo)
	if utf8.RuneCountInString(receipt) > 40 {
		errs = append(errs, models.NewFieldError("receipt", "err.payment.receipt_long", "The receipt number has at most 40 characters.", nil))
	}
	if err := errs.OrNil(); err != nil {
		return nil, err
	}
	now := a.clock().UTC()
	err := a.db.Transaction(func(tx *gorm.DB) error {
		t, err := loadForChange(tx, ticketID, 0)
		if err != nil {
			return err
		}
		var items []models.TicketItem
		if err := tx.Where("ticket_id = ?", ticketID).Find(&items).Error; err != nil {
			return err
		}
		var paid struct{ Sum int64 }
		if err := tx.Model(&models.Payment{}).Select("COALESCE(SUM(amount), 0) AS sum").Where("ticket_id = ?", ticketID).Scan(&paid).Error; err != nil {
			return err
		}
		owed := models.QuoteOf(items).Total - models.Money(paid.Sum)
		if amount > owed {
			return models.NewFieldError("amount", "err.payment.too_much", "The customer owes {{.Owed}} yuan; the payment is more than that.", map[string]any{"Owed": owed.Yuan()})
		}
		p := models.Payment{TicketID: ticketID, At: now, Actor: a.actorName(), Method: in.Method, Amount: amount, ReceiptNo: receipt}
		if err := tx.Create(&p).Error; err != nil {
			return fmt.Errorf("tickets: payment: %w", err)
		}
		if err := a.audit(tx, "payment", p.ID, "create", map[string][2]string{"ticket": {"", t.Number},
			"method": {"", string(p.Method)}, "amount": {"", p.Amount.Yuan()}, "receipt_no": {"", p.ReceiptNo}}); err != nil {
			return err
		}
		if err := a.update(tx, t, t.Version); err != nil {
			return err
		}
		return a.event(tx, ticketID, models.ActPay, t.Status, t.Status, "", map[string]any{
			"method": in.Method, "amount": amount.Yuan(), "receipt": receipt})
	})
	if err != nil {
		return nil, err
	}
	return a.Ticket(ticketID)
}

// itemFields is a charge line for the audit log: as the after values of a
// new line, or the before values of a removed one (side "before").
func itemFields(number string, it *models.TicketItem, side string) map[string][2]string {
	out := map[string][2]string{"ticket": {"", number}}
	for k, v := range map[string]string{"name": it.Name, "qty": fmt.Sprint(it.Qty), "unit_price": it.UnitPrice.Yuan(),
		"schedule_price": it.SchedulePrice.Yuan(), "charged": fmt.Sprint(it.Charged)} {
		if side == "before" {
			out[k] = [2]string{v, ""}
		} else {
			out[k] = [2]string{"", v}
		}
	}
	return out
}

func parseSmallInt(s string) (int, bool) {
	if s == "" || len(s) > 6 {
		return 0, false
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, true
}
