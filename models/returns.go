package models

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Returns and exchanges (退换货, DOMAIN.md "Returns and exchanges", seeds
// 003 and 004): the rules a request is checked against at the counter, the
// freight and gift money they decide, and the return's due steps.
//
// Decisions recorded here so the code and the screens agree:
//   - The seven days run from the day the goods were signed for (the
//     delivery's signed slip; the purchase date when no signed delivery is
//     on record). The signing day is day 0, so a request on day 7 is in
//     time and one on day 8 is not (the seed's "168 hours").
//   - A quality problem is not limited by the seven days, and washed or
//     used goods, intimate items, non-returnable special offers and missing
//     packaging do not refuse it: the fault is the shop's, and using the
//     goods is how it showed. The inspection confirms the fault. Altered
//     goods, a part of a bundle (send a replacement part instead) and free
//     gifts are refused either way.
//   - A request the rules refuse is still recorded, with the verdict, so
//     the shop has it on file and rejects it with the rule as the reason;
//     taking the goods back anyway needs a written reason (goodwill).
//   - Gifts that came with the goods come back with them, or their price is
//     deducted from the refund; an exchange keeps the gifts with the
//     customer and deducts nothing.
//   - Freight: whoever is at fault pays. A quality problem: the shop; a
//     no-reason return: the customer.

// ReturnWindowDays is how long after signing a no-reason return or
// exchange may be asked for.
const ReturnWindowDays = 7

// ReturnExclusion is a kind of goods the shop does not take back.
type ReturnExclusion string

// Exclusions (seed 003 "以下情况不提供退换货服务").
const (
	ExclIntimate      ReturnExclusion = "intimate"       // 贴身物品
	ExclBundlePart    ReturnExclusion = "bundle_part"    // 组合商品或礼包中的部分产品
	ExclUsed          ReturnExclusion = "used"           // 已水洗或使用过
	ExclAltered       ReturnExclusion = "altered"        // 已修改或加工过
	ExclFreeGift      ReturnExclusion = "free_gift"      // 附送的赠品、礼品
	ExclNonReturnable ReturnExclusion = "non_returnable" // 特价或注明不退换
)

// AllReturnExclusions lists them in form order.
var AllReturnExclusions = []ReturnExclusion{ExclIntimate, ExclBundlePart, ExclUsed, ExclAltered, ExclFreeGift, ExclNonReturnable}

// refusesQuality reports whether an exclusion refuses a quality-problem
// return too (see the decisions above).
func (e ReturnExclusion) refusesQuality() bool {
	return e == ExclBundlePart || e == ExclAltered || e == ExclFreeGift
}

// GiftStatus says what happened to the gifts that came with the goods.
type GiftStatus string

// Gift statuses.
const (
	GiftsNone     GiftStatus = ""         // no gifts came with the goods
	GiftsReturned GiftStatus = "returned" // they come back with the goods
	GiftsKept     GiftStatus = "kept"     // kept or lost: their price is deducted
)

// Who pays the freight (Ticket.FreightBy).
const (
	FreightShop     = "shop"
	FreightCustomer = "customer"
)

// ReturnRequest is what the rules need to know about a return or exchange.
type ReturnRequest struct {
	Type           ReturnType
	Reason         string
	QualityProblem bool
	SignedAt       time.Time // the day the goods were signed for (civil); zero when unknown
	Today          time.Time // the day of the request (civil)
	Exclusions     []ReturnExclusion
	Complete       bool // every part, accessory and the packaging are there
	Gifts          GiftStatus
	GiftPrice      Money // the price of the gifts kept
}

// ReturnFinding is one rule that applies to a request, explained.
type ReturnFinding struct {
	Rule    string      // "window", "quality", an exclusion, "incomplete", "gifts", "freight", "signed_unknown"
	Refuses bool        // the rule refuses the request
	Message *FieldError // the explanation (Field is the rule)
}

// ReturnVerdict is the rules' answer to a request.
type ReturnVerdict struct {
	Allowed   bool
	Findings  []ReturnFinding // every rule that applies, refusing ones first
	FreightBy string          // FreightShop or FreightCustomer
	Deduction Money           // taken off the refund for gifts kept
	Days      int             // days since signing; -1 when unknown
	Deadline  time.Time       // the last day of the seven (zero when unknown)
}

// Refusals are the findings that refuse the request.
func (v ReturnVerdict) Refusals() []ReturnFinding {
	var out []ReturnFinding
	for _, f := range v.Findings {
		if f.Refuses {
			out = append(out, f)
		}
	}
	return out
}

// CheckReturn applies the shop's return rules to a request. It never
// fails: an incomplete form gets a verdict on what is known (Validate
// says what is missing).
func CheckReturn(r ReturnRequest) ReturnVerdict {
	v := ReturnVerdict{Days: -1, FreightBy: FreightCustomer}
	var refuse, note []ReturnFinding
	add := func(refuses bool, rule, key, fallback string, data map[string]any) {
		f := ReturnFinding{Rule: rule, Refuses: refuses, Message: NewFieldError(rule, key, fallback, data)}
		if refuses {
			refuse = append(refuse, f)
		} else {
			note = append(note, f)
		}
	}
	q := r.QualityProblem
	if !r.SignedAt.IsZero() && !r.Today.IsZero() {
		signed := CivilDate(r.SignedAt)
		v.Deadline = signed.AddDate(0, 0, ReturnWindowDays)
		v.Days = int(CivilDate(r.Today).Sub(signed).Hours() / 24)
	}
	data := map[string]any{"Days": v.Days, "Limit": ReturnWindowDays, "Signed": FormatDate(r.SignedAt), "Deadline": FormatDate(v.Deadline)}
	switch {
	case q:
		add(false, "quality", "return.rule.quality",
			"Quality problem: the {{.Limit}}-day limit for no-reason returns does not apply; the inspection confirms the fault.", data)
	case v.Days < 0:
		add(true, "signed_unknown", "return.rule.signed_unknown",
			"The day the goods were signed for is not on record: a no-reason return can be checked only against it. Record the purchase date first.", data)
	case v.Days > ReturnWindowDays:
		add(true, "window", "return.rule.window_past",
			"Signed for on {{.Signed}}, {{.Days}} days ago: no-reason returns and exchanges end after {{.Limit}} days ({{.Deadline}}).", data)
	default:
		add(false, "window", "return.rule.window_ok",
			"Signed for on {{.Signed}}, {{.Days}} days ago: within the {{.Limit}} days for no-reason returns (until {{.Deadline}}).", data)
	}
	seen := map[ReturnExclusion]bool{}
	for _, e := range r.Exclusions {
		if seen[e] {
			continue
		}
		seen[e] = true
		refuses := !q || e.refusesQuality()
		switch e {
		case ExclIntimate:
			if refuses {
				add(true, string(e), "return.rule.intimate", "Intimate items are not returned or exchanged once tried.", nil)
			} else {
				add(false, string(e), "return.rule.intimate_quality", "Intimate item with a quality problem: handled as a fault, not as a no-reason return.", nil)
			}
		case ExclBundlePart:
			add(true, string(e), "return.rule.bundle_part",
				"One item of a set or bundle is not returned alone. For a faulty piece, open a replacement part request.", nil)
		case ExclUsed:
			if refuses {
				add(true, string(e), "return.rule.used", "Washed or used goods are not returned or exchanged without a quality problem.", nil)
			} else {
				add(false, string(e), "return.rule.used_quality", "Used goods with a quality problem: using them is how the fault showed.", nil)
			}
		case ExclAltered:
			add(true, string(e), "return.rule.altered", "Goods that were altered or reworked are not returned or exchanged.", nil)
		case ExclFreeGift:
			add(true, string(e), "return.rule.free_gift", "Free gifts are not returned or exchanged.", nil)
		case ExclNonReturnable:
			if refuses {
				add(true, string(e), "return.rule.non_returnable", "This special offer was marked non-returnable at the sale.", nil)
			} else {
				add(false, string(e), "return.rule.non_returnable_quality", "Non-returnable special offer, but a quality problem is still the shop's to put right.", nil)
			}
		}
	}
	if !r.Complete {
		if q {
			add(false, "incomplete", "return.rule.incomplete_quality", "Parts or packaging are missing: list them at the inspection.", nil)
		} else {
			add(true, "incomplete", "return.rule.incomplete", "No-reason returns need every part, accessory and the original packaging.", nil)
		}
	}
	switch {
	case r.Gifts == GiftsKept && r.Type == ReturnExchange:
		add(false, "gifts", "return.rule.gifts_exchange", "Exchange: the gifts stay with the customer; nothing is deducted.", nil)
	case r.Gifts == GiftsKept:
		v.Deduction = r.GiftPrice
		add(false, "gifts", "return.rule.gifts_kept", "The gifts are not returned: their price, ¥{{.Price}}, is deducted from the refund.",
			map[string]any{"Price": r.GiftPrice.Yuan()})
	case r.Gifts == GiftsReturned:
		add(false, "gifts", "return.rule.gifts_returned", "The gifts come back with the goods: nothing is deducted.", nil)
	}
	if q {
		v.FreightBy = FreightShop
		add(false, "freight", "return.rule.freight_shop", "Freight: the shop pays, as the fault is the shop's (who is at fault pays).", nil)
	} else {
		add(false, "freight", "return.rule.freight_customer", "Freight: the customer pays both ways for a no-reason return (who is at fault pays).", nil)
	}
	v.Findings = append(refuse, note...)
	v.Allowed = len(refuse) == 0
	return v
}

// Validate says what the form still lacks: the type, the reason, the
// signing day (not in the future), a price for gifts kept.
func (r ReturnRequest) Validate() error {
	var errs ValidationErrors
	if r.Type != ReturnRefund && r.Type != ReturnExchange {
		errs = append(errs, NewFieldError("return_type", "err.return.type_required", "Choose return (refund) or exchange.", nil))
	}
	reason := strings.TrimSpace(r.Reason)
	switch {
	case reason == "":
		errs = append(errs, NewFieldError("return_reason", "err.return.reason_required", "Write why the customer returns the goods.", nil))
	case utf8.RuneCountInString(reason) > 500:
		errs = append(errs, NewFieldError("return_reason", "err.ticket.reason_long", "The reason has at most 500 characters.", nil))
	}
	if !r.SignedAt.IsZero() && !r.Today.IsZero() && CivilDate(r.SignedAt).After(CivilDate(r.Today)) {
		errs = append(errs, NewFieldError("purchase", "err.return.signed_future", "The goods were signed for after today: check the purchase date.", nil))
	}
	for _, e := range r.Exclusions {
		known := false
		for _, x := range AllReturnExclusions {
			known = known || e == x
		}
		if !known {
			errs = append(errs, NewFieldError("exclusions", "err.return.exclusion_unknown", "Unknown exclusion “{{.Code}}”.", map[string]any{"Code": string(e)}))
		}
	}
	switch r.Gifts {
	case GiftsNone, GiftsReturned:
	case GiftsKept:
		if r.GiftPrice <= 0 && r.Type != ReturnExchange {
			errs = append(errs, NewFieldError("gift_price", "err.return.gift_price", "Enter the price of the gifts kept: it is deducted from the refund.", nil))
		}
	default:
		errs = append(errs, NewFieldError("gifts", "err.return.gifts_unknown", "Say whether gifts came with the goods and whether they come back.", nil))
	}
	return errs.OrNil()
}

// ReturnRequestOf rebuilds the request a return ticket was checked with:
// the verdict is recomputed from the stored answers and the day of the
// request, so it never drifts from the rules that decided it.
func ReturnRequestOf(t *Ticket, loc *time.Location) ReturnRequest {
	r := ReturnRequest{Type: t.ReturnType, Reason: t.ReturnReason, QualityProblem: t.QualityProblem,
		Today: CivilDate(t.ReportedAt.In(loc)), Complete: t.ReturnComplete, Gifts: t.GiftStatus, GiftPrice: t.GiftPrice}
	if t.ReturnSignedOn != nil {
		r.SignedAt = CivilDate(*t.ReturnSignedOn)
	}
	r.Exclusions = ParseExclusions(t.ReturnExclusions)
	return r
}

// ParseExclusions reads the stored comma-separated exclusion codes.
func ParseExclusions(s string) []ReturnExclusion {
	var out []ReturnExclusion
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, ReturnExclusion(p))
		}
	}
	return out
}

// JoinExclusions writes exclusion codes for storage, in form order.
func JoinExclusions(es []ReturnExclusion) string {
	var out []string
	for _, x := range AllReturnExclusions {
		for _, e := range es {
			if e == x {
				out = append(out, string(x))
				break
			}
		}
	}
	return strings.Join(out, ",")
}

// Due rules of returns.
const (
	DueReturnGoods    DueRule = "return_goods"    // the goods are expected back within ReturnGoodsDays
	DueReturnReject   DueRule = "return_reject"   // the rules refuse the request: tell the customer and reject it
	DueInspection     DueRule = "inspection"      // goods back: inspect within InspectionWorkingDays
	DueReturnRefund   DueRule = "return_refund"   // inspected: refund (or reject) within a working day
	DueReturnExchange DueRule = "return_exchange" // inspected: book the exchange (or reject) within a working day
)

// Return limits (seed 003: goods sent back within 10 days of the request;
// inspection takes 2–3 working days; refunds within a working day).
const (
	ReturnGoodsDays       = 10
	InspectionWorkingDays = 3
	DecisionWorkingDays   = 1
)

// AddWorkingDays moves n working days on from t, skipping Saturdays and
// Sundays, keeping the time of day (in t's location). A start on a weekend
// counts from the next Monday.
func AddWorkingDays(t time.Time, n int) time.Time {
	for t.Weekday() == time.Saturday || t.Weekday() == time.Sunday {
		t = t.AddDate(0, 0, 1)
	}
	for n > 0 {
		t = t.AddDate(0, 0, 1)
		if t.Weekday() != time.Saturday && t.Weekday() != time.Sunday {
			n--
		}
	}
	return t
}

// nextDueReturn is NextDue for returns and exchanges.
func nextDueReturn(t *Ticket, loc *time.Location) (Due, bool) {
	switch t.Status {
	case StatusRequested:
		if !CheckReturn(ReturnRequestOf(t, loc)).Allowed {
			return Due{DueReturnReject, AddWorkingDays(t.StatusSince.In(loc), DecisionWorkingDays)}, true
		}
		return Due{DueReturnGoods, t.StatusSince.In(loc).AddDate(0, 0, ReturnGoodsDays)}, true
	case StatusGoodsReceived:
		from := t.StatusSince
		if t.GoodsBackAt != nil {
			from = *t.GoodsBackAt
		}
		return Due{DueInspection, AddWorkingDays(from.In(loc), InspectionWorkingDays)}, true
	case StatusInspected:
		rule := DueReturnRefund
		if t.ReturnType == ReturnExchange {
			rule = DueReturnExchange
		}
		return Due{rule, AddWorkingDays(t.StatusSince.In(loc), DecisionWorkingDays)}, true
	}
	return Due{}, false
}

// checkReturnStep adds the return rules to CheckStep (aftersales.go):
// taking back goods the rules refused needs a reason; a refund needs its
// method; an exchange needs the replacement's delivery day.
func checkReturnStep(st TicketState, in StepInput, errs *ValidationErrors) {
	t := st.Ticket
	need := func(cond bool, field, key, fallback string) {
		if !cond {
			*errs = append(*errs, NewFieldError(field, key, fallback, nil))
		}
	}
	switch in.Action {
	case ActReceiveGoods:
		loc := time.UTC
		if !st.Today.IsZero() {
			loc = st.Today.Location()
		}
		if !CheckReturn(ReturnRequestOf(t, loc)).Allowed {
			need(strings.TrimSpace(in.Reason) != "", "reason", "err.return.goodwill_reason",
				"The rules refuse this return: reject it, or write why the shop takes the goods back anyway (e.g. the manager's goodwill).")
		}
	case ActRefund:
		need(t.ReturnType != ReturnExchange || strings.TrimSpace(in.Reason) != "", "reason", "err.return.refund_for_exchange",
			"The customer asked for an exchange: write why the money is refunded instead.")
		known := false
		for _, m := range AllPaymentMethods {
			known = known || in.RefundMethod == m
		}
		need(known, "method", "err.return.method_required", "Choose how the money goes back: cash, WeChat, Alipay or card.")
	case ActExchange:
		need(!in.Date.IsZero(), "date", "err.return.exchange_date", "Choose the day the replacement is delivered.")
		need(in.Half == AM || in.Half == PM, "half", "err.ticket.half_required", "Choose morning or afternoon.")
		if !in.Date.IsZero() && !st.Today.IsZero() {
			need(!CivilDate(in.Date).Before(CivilDate(st.Today)), "date", "err.ticket.date_past", "The appointment cannot be in the past.")
		}
	}
}

// applyReturnStep records what a return step adds to applyAftersales.
func applyReturnStep(t *Ticket, in StepInput) {
	if in.Action == ActRefund {
		t.RefundMethod = in.RefundMethod
	}
}
