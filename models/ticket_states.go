package models

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Status is where a ticket stands.
type Status string

// Statuses common to all repairs, then the mode-specific ones.
const (
	StatusNew           Status = "new"
	StatusAssigned      Status = "assigned"
	StatusScheduled     Status = "scheduled"
	StatusInService     Status = "in_service"
	StatusAwaitingParts Status = "awaiting_parts"
	StatusRepaired      Status = "repaired"
	StatusSigned        Status = "signed"
	StatusClosed        Status = "closed"
	StatusEscalated     Status = "escalated"
	StatusCancelled     Status = "cancelled"
	StatusAbandoned     Status = "abandoned"

	StatusReceived       Status = "received"         // carry-in: at the counter
	StatusVoucherIssued  Status = "voucher_issued"   // carry-in: left with a pickup voucher
	StatusReadyForPickup Status = "ready_for_pickup" // carry-in
	StatusCollected      Status = "collected"        // carry-in: handed over, signed

	StatusAwaitingParcel Status = "awaiting_parcel" // mail-in: address sent to the customer
	StatusParcelReceived Status = "parcel_received" // mail-in
	StatusShippedBack    Status = "shipped_back"    // mail-in

	StatusSentToFactory   Status = "sent_to_factory"   // return to factory
	StatusBackFromFactory Status = "back_from_factory" // return to factory
)

// AllStatuses lists every status in workflow order, for filters.
var AllStatuses = []Status{
	StatusNew, StatusReceived, StatusVoucherIssued, StatusAwaitingParcel, StatusParcelReceived,
	StatusAssigned, StatusScheduled, StatusInService, StatusAwaitingParts, StatusSentToFactory,
	StatusBackFromFactory, StatusEscalated, StatusRepaired, StatusReadyForPickup, StatusShippedBack,
	StatusInstalled, StatusSigned, StatusCollected,
	StatusRequested, StatusApproved, StatusInProduction, StatusWarehoused, StatusShipped, StatusPartReceived,
	StatusAccepted, StatusResponsibility, StatusProposed, StatusFollowingUp,
	StatusGoodsReceived, StatusInspected, StatusReturnDecided,
	StatusClosed, StatusCancelled, StatusAbandoned,
}

// Terminal reports whether nothing more happens to a ticket in s.
func (s Status) Terminal() bool {
	return s == StatusClosed || s == StatusCancelled || s == StatusAbandoned
}

// Action is a step a person takes on a ticket.
type Action string

// Actions.
const (
	ActAssign          Action = "assign"
	ActReassign        Action = "reassign"
	ActSchedule        Action = "schedule"
	ActReschedule      Action = "reschedule"
	ActArrive          Action = "arrive"
	ActAwaitParts      Action = "await_parts"
	ActPartsArrived    Action = "parts_arrived"
	ActRepaired        Action = "mark_repaired"
	ActSign            Action = "sign"
	ActClose           Action = "close"
	ActEscalate        Action = "escalate"
	ActCancel          Action = "cancel"
	ActAbandon         Action = "abandon"
	ActReceive         Action = "receive"
	ActIssueVoucher    Action = "issue_voucher"
	ActStartRepair     Action = "start_repair"
	ActReady           Action = "mark_ready"
	ActCollect         Action = "collect"
	ActRequestParcel   Action = "request_parcel"
	ActReceiveParcel   Action = "receive_parcel"
	ActShipBack        Action = "ship_back"
	ActSendToFactory   Action = "send_to_factory"
	ActFactoryBack     Action = "factory_back"
	ActDecideLiability Action = "decide_liability"
	// Recorded on the timeline without changing the status.
	ActCreate  Action = "create"
	ActContact Action = "contact"
	ActQuote   Action = "quote"
	ActConsent Action = "consent"
	ActApprove Action = "approve_quote"
	ActPay     Action = "pay"
	ActNote    Action = "note"
)

// Transition is one legal move: an action from some statuses to another,
// for some repair modes. To "" keeps the status (a reassignment).
type Transition struct {
	Action Action
	From   []Status
	To     Status
	Modes  []RepairMode // empty: every repair mode
}

var (
	bench        = []RepairMode{ModeCarryIn, ModeMailIn, ModeFactory}
	visiting     = []RepairMode{ModeOnSite, ModeFactory}
	beforeRepair = []Status{StatusNew, StatusAssigned, StatusScheduled, StatusInService, StatusAwaitingParts,
		StatusEscalated, StatusReceived, StatusVoucherIssued, StatusAwaitingParcel, StatusParcelReceived,
		StatusSentToFactory, StatusBackFromFactory}
)

// Transitions is the whole workflow (DOMAIN.md, "Tickets"). The order
// matters only for listing actions.
var Transitions = []Transition{
	// On-site: dispatch, book, visit.
	{ActAssign, []Status{StatusNew, StatusEscalated}, StatusAssigned, []RepairMode{ModeOnSite}},
	{ActReassign, []Status{StatusAssigned, StatusScheduled, StatusAwaitingParts}, "", []RepairMode{ModeOnSite}},
	{ActSchedule, []Status{StatusAssigned, StatusAwaitingParts}, StatusScheduled, []RepairMode{ModeOnSite}},
	{ActReschedule, []Status{StatusScheduled}, StatusScheduled, []RepairMode{ModeOnSite}},
	{ActArrive, []Status{StatusScheduled}, StatusInService, []RepairMode{ModeOnSite}},
	// Carry-in: the counter receives the item.
	{ActReceive, []Status{StatusNew}, StatusReceived, []RepairMode{ModeCarryIn}},
	{ActIssueVoucher, []Status{StatusReceived}, StatusVoucherIssued, []RepairMode{ModeCarryIn}},
	// Found to need parts after the bench check: the customer leaves it
	// with a voucher; the repair status stays.
	{ActIssueVoucher, []Status{StatusInService, StatusAwaitingParts}, "", []RepairMode{ModeCarryIn}},
	// Mail-in: the customer sends the item.
	{ActRequestParcel, []Status{StatusNew}, StatusAwaitingParcel, []RepairMode{ModeMailIn}},
	{ActReceiveParcel, []Status{StatusAwaitingParcel}, StatusParcelReceived, []RepairMode{ModeMailIn}},
	// Bench repairs: a technician may be named without changing the status.
	{ActAssign, []Status{StatusReceived, StatusVoucherIssued, StatusParcelReceived, StatusInService, StatusAwaitingParts, StatusBackFromFactory}, "", bench},
	{ActAssign, []Status{StatusEscalated}, StatusInService, bench},
	{ActStartRepair, []Status{StatusReceived, StatusVoucherIssued, StatusParcelReceived}, StatusInService, []RepairMode{ModeCarryIn, ModeMailIn}},
	// Repairing, in every mode.
	{ActAwaitParts, []Status{StatusInService}, StatusAwaitingParts, nil},
	{ActPartsArrived, []Status{StatusAwaitingParts}, StatusInService, bench},
	{ActRepaired, []Status{StatusInService}, StatusRepaired, nil},
	{ActEscalate, []Status{StatusInService, StatusAwaitingParts, StatusRepaired, StatusSigned}, StatusEscalated, nil},
	// Return to factory: from a new factory ticket, or when an on-site or
	// carry-in repair cannot be done here.
	{ActSendToFactory, []Status{StatusNew}, StatusSentToFactory, []RepairMode{ModeFactory}},
	{ActSendToFactory, []Status{StatusInService, StatusAwaitingParts, StatusEscalated}, StatusSentToFactory, []RepairMode{ModeOnSite, ModeCarryIn}},
	{ActFactoryBack, []Status{StatusSentToFactory}, StatusBackFromFactory, []RepairMode{ModeFactory, ModeCarryIn}},
	{ActDecideLiability, []Status{StatusBackFromFactory}, StatusRepaired, []RepairMode{ModeFactory, ModeCarryIn}},
	// Handing back.
	{ActSign, []Status{StatusRepaired}, StatusSigned, visiting},
	{ActReady, []Status{StatusRepaired}, StatusReadyForPickup, []RepairMode{ModeCarryIn}},
	{ActCollect, []Status{StatusRepaired, StatusReadyForPickup}, StatusCollected, []RepairMode{ModeCarryIn}},
	{ActShipBack, []Status{StatusRepaired}, StatusShippedBack, []RepairMode{ModeMailIn}},
	{ActClose, []Status{StatusSigned, StatusCollected, StatusShippedBack}, StatusClosed, nil},
	// Ending early.
	{ActAbandon, []Status{StatusNew, StatusAssigned, StatusScheduled, StatusAwaitingParcel, StatusReadyForPickup, StatusVoucherIssued}, StatusAbandoned, nil},
	// Finished work is closed, not cancelled: cancelling ends a job before
	// the repair is done.
	{ActCancel, beforeRepair, StatusCancelled, nil},
}

// modeAfter: an on-site repair sent to the factory becomes a
// return-to-factory repair (it is signed for on delivery); a carry-in stays
// a carry-in, so the customer still collects it at the counter.
func modeAfter(a Action, m RepairMode) RepairMode {
	if a == ActSendToFactory && m == ModeOnSite {
		return ModeFactory
	}
	return m
}

// Find returns the transition for an action on a ticket in a mode and
// status, or false when the action is not legal now.
func Find(a Action, mode RepairMode, s Status) (Transition, bool) {
	for _, t := range Transitions {
		if t.Action != a || !containsMode(t.Modes, mode) {
			continue
		}
		for _, f := range t.From {
			if f == s {
				return t, true
			}
		}
	}
	return Transition{}, false
}

// LegalActions lists the actions possible for a ticket now, in workflow order.
func LegalActions(mode RepairMode, s Status) []Action {
	var out []Action
	seen := map[Action]bool{}
	for _, t := range Transitions {
		if seen[t.Action] {
			continue
		}
		if _, ok := Find(t.Action, mode, s); ok {
			seen[t.Action] = true
			out = append(out, t.Action)
		}
	}
	return out
}

// containsMode: an empty list means every repair mode (not deliveries
// or part requests, whose rows name their mode).
func containsMode(ms []RepairMode, m RepairMode) bool {
	if len(ms) == 0 {
		return m.IsRepair()
	}
	for _, x := range ms {
		if x == m {
			return true
		}
	}
	return false
}

// StepInput is what a person supplies with an action.
type StepInput struct {
	Action        Action
	TechnicianID  string
	Date          time.Time // appointment or expected date (civil)
	Half          HalfDay
	Reason        string
	CustomerAsked bool // reschedules: the customer asked (else the shop)
	// CustomerAgreed: the customer agreed to a time the shop moved (seed
	// 002: rebook only with the customer's consent, else reassign).
	CustomerAgreed bool
	Courier        string
	Tracking       string
	Cost           Money
	Liability      Liability
	Note           string
	// AllowClash books a technician's half day that already has a visit;
	// the person confirmed the double booking.
	AllowClash bool
	// Deliveries: the crew (staff IDs; the leader is TechnicianID) and why
	// fewer than two go.
	Crew       []string
	CrewReason string
	// Complaints (complaint.go): the manager the complaint was reported
	// to, and a penalty rule (with a per-case amount) recorded for each
	// staff member found responsible.
	ReportedToID  string
	PenaltyRuleID string
	PenaltyAmount string
	// Returns (returns.go): how a refund goes back.
	RefundMethod PaymentMethod
}

// Quote sums a ticket's charge lines against the fee schedule.
type Quote struct {
	Total         Money // charged total
	ScheduleTotal Money // what the schedule asks for the same charged lines
}

// QuoteOf sums the charged lines.
func QuoteOf(items []TicketItem) Quote {
	var q Quote
	for _, i := range items {
		if !i.Charged {
			continue
		}
		q.Total += i.UnitPrice * Money(i.Qty)
		if i.SchedulePrice > 0 {
			q.ScheduleTotal += i.SchedulePrice * Money(i.Qty)
		} else {
			q.ScheduleTotal += i.UnitPrice * Money(i.Qty)
		}
	}
	return q
}

// DiscountLimitPercent is how far below the fee schedule a quote may go
// without the general manager's approval (seed 004).
const DiscountLimitPercent = 10

// NeedsApproval reports whether the quote is more than the limit below
// the schedule. Integer arithmetic: total*100 < schedule*(100-limit).
func (q Quote) NeedsApproval(limitPercent int) bool {
	return q.ScheduleTotal > 0 && int64(q.Total)*100 < int64(q.ScheduleTotal)*int64(100-limitPercent)
}

// TicketState is what the rules need to know about a ticket beyond its
// status: computed by app from the ticket and its lines.
type TicketState struct {
	Ticket         *Ticket
	Items          []TicketItem
	Paid           Money
	PrevTechnician string // the technician before an escalation
	Today          time.Time
	DiscountLimit  int           // percent; 0 means DiscountLimitPercent
	Checks         []TicketCheck // a delivery's checklist
}

// CheckStep validates an action against the workflow and the rules of the
// shop; it returns the transition to apply, or a FieldError saying why not.
func CheckStep(st TicketState, in StepInput) (Transition, error) {
	t := st.Ticket
	tr, ok := Find(in.Action, t.Mode, t.Status)
	if !ok {
		return tr, NewFieldError("action", "err.ticket.illegal",
			"“{{.Action}}” is not possible while the ticket is “{{.Status}}”.",
			map[string]any{"Action": string(in.Action), "Status": string(t.Status)})
	}
	var errs ValidationErrors
	need := func(cond bool, field, key, fallback string) {
		if !cond {
			errs = append(errs, NewFieldError(field, key, fallback, nil))
		}
	}
	reason := strings.TrimSpace(in.Reason)
	switch in.Action {
	case ActAssign, ActReassign:
		need(in.TechnicianID != "", "technician", "err.ticket.technician_required", "Choose a technician.")
		if t.Status == StatusEscalated && in.TechnicianID != "" {
			prev := st.PrevTechnician
			if prev == "" && t.TechnicianID != nil {
				prev = *t.TechnicianID
			}
			need(in.TechnicianID != prev, "technician", "err.ticket.escalate_other",
				"An escalated ticket goes to another technician than the one who could not solve it.")
		}
		if in.Action == ActReassign {
			need(reason != "", "reason", "err.ticket.reassign_reason", "Say why the job is reassigned.")
			need(t.TechnicianID == nil || in.TechnicianID != *t.TechnicianID, "technician", "err.ticket.same_technician", "Choose a different technician.")
		}
	case ActSchedule, ActReschedule:
		need(!in.Date.IsZero(), "date", "err.ticket.date_required", "Choose the appointment date.")
		need(in.Half == AM || in.Half == PM, "half", "err.ticket.half_required", "Choose morning or afternoon.")
		if !in.Date.IsZero() && !st.Today.IsZero() {
			need(!CivilDate(in.Date).Before(CivilDate(st.Today)), "date", "err.ticket.date_past", "The appointment cannot be in the past.")
		}
		if in.Action == ActReschedule {
			need(reason != "", "reason", "err.ticket.reschedule_reason", "Say why the appointment moves.")
			need(in.CustomerAsked || in.CustomerAgreed, "agreed", "err.ticket.reschedule_agreement",
				"The shop is moving the visit: get the customer's agreement to the new time first, or reassign the job.")
			if t.ApptDate != nil && !in.Date.IsZero() {
				need(!CivilDate(*t.ApptDate).Equal(CivilDate(in.Date)) || t.ApptHalf != in.Half, "date", "err.ticket.same_slot", "Choose a different date or half day.")
			}
		}
	case ActRepaired, ActDecideLiability:
		if in.Action == ActDecideLiability {
			need(in.Liability == LiabilityManufacturer || in.Liability == LiabilityShop || in.Liability == LiabilityCustomer,
				"liability", "err.ticket.liability_required", "Say who is liable: manufacturer, shop or customer.")
		}
		q := QuoteOf(st.Items)
		if q.Total > 0 && in.Action == ActRepaired {
			need(t.ConsentAt != nil, "consent", "err.ticket.consent_required",
				"Record the customer's consent to the quote before the repair is done.")
		}
		needApproval(st, t, &errs)
	case ActClose, ActCollect:
		q := QuoteOf(st.Items)
		need(st.Paid >= q.Total, "payment", "err.ticket.unpaid",
			"The customer still owes money: record the payment before closing.")
		needApproval(st, t, &errs)
	case ActIssueVoucher:
		need(!in.Date.IsZero(), "date", "err.ticket.expected_date_required", "Give the expected pickup date.")
		if !in.Date.IsZero() && !st.Today.IsZero() {
			need(!CivilDate(in.Date).Before(CivilDate(st.Today)), "date", "err.ticket.date_past", "The appointment cannot be in the past.")
		}
	case ActReceiveParcel:
		need(strings.TrimSpace(in.Courier) != "", "courier", "err.ticket.courier_required", "Enter the courier.")
		need(strings.TrimSpace(in.Tracking) != "", "tracking", "err.ticket.tracking_required", "Enter the tracking number.")
		need(in.Cost >= 0, "cost", "err.ticket.cost_negative", "The courier cost cannot be negative.")
	case ActShipBack:
		need(strings.TrimSpace(in.Courier) != "", "courier", "err.ticket.courier_required", "Enter the courier.")
		need(strings.TrimSpace(in.Tracking) != "", "tracking", "err.ticket.tracking_required", "Enter the tracking number.")
		needApproval(st, t, &errs)
	case ActCancel, ActAbandon, ActEscalate:
		need(reason != "", "reason", "err.ticket.reason_required", "Write the reason.")
	case ActAssignCrew:
		if err := CheckCrew(in.Crew, in.TechnicianID, in.CrewReason); err != nil {
			errs = append(errs, AsFieldErrors(err)...)
		}
		if t.Status == StatusScheduled {
			need(reason != "", "reason", "err.delivery.change_reason", "Say why the crew changes.")
		}
	case ActCompleteInst:
		if _, _, missing := Progress(st.Checks); missing > 0 && reason == "" {
			errs = append(errs, NewFieldError("reason", "err.delivery.unticked_reason",
				"{{.Count}} required checklist line(s) are not ticked: tick them, or write why (the reason is printed on the slip).",
				map[string]any{"Count": missing}))
		}
	}

	if t.Mode == ModeComplaint || t.Mode == ModeReturn || t.Mode == ModePart {
		checkAftersales(st, in, &errs)
	}
	if utf8.RuneCountInString(reason) > 500 {
		errs = append(errs, NewFieldError("reason", "err.ticket.reason_long", "The reason has at most 500 characters.", nil))
	}
	// The columns' sizes; a complaint's note has its own check.
	type limit struct {
		field, v string
		max      int
	}
	limits := []limit{{"courier", in.Courier, 40}, {"tracking", in.Tracking, 60}}
	if t.Mode != ModeComplaint {
		limits = append(limits, limit{"note", in.Note, ComplaintNoteMax})
	}
	for _, l := range limits {
		if utf8.RuneCountInString(strings.TrimSpace(l.v)) > l.max {
			errs = append(errs, NewFieldError(l.field, "err.text.too_long", "At most {{.Max}} characters.", map[string]any{"Max": l.max}))
		}
	}
	return tr, errs.OrNil()
}

// ApplyStep moves the ticket through a checked transition at time now and
// sets the timestamps and fields the step records. It does not validate:
// call CheckStep first.
func ApplyStep(t *Ticket, tr Transition, in StepInput, now time.Time) {
	t.Mode = modeAfter(in.Action, t.Mode)
	if tr.To != "" && tr.To != t.Status {
		t.Status = tr.To
		t.StatusSince = now
	}
	set := func(p **time.Time) {
		if *p == nil {
			v := now
			*p = &v
		}
	}
	switch in.Action {
	case ActAssign, ActReassign:
		id := in.TechnicianID
		t.TechnicianID = &id
	case ActSchedule, ActReschedule:
		// Booking a date and half day means the customer was reached.
		set(&t.FirstContactAt)
		d := CivilDate(in.Date)
		t.ApptDate, t.ApptHalf = &d, in.Half
		v := now
		t.ScheduledAt = &v
		if in.Action == ActReschedule {
			if in.CustomerAsked {
				t.ReschedulesCust++
			} else {
				t.ReschedulesShop++
			}
		}
	case ActArrive:
		set(&t.ArrivedAt)
	case ActRepaired, ActDecideLiability:
		v := now
		t.RepairedAt = &v
		if in.Action == ActDecideLiability {
			t.Liability = in.Liability
		}
	case ActSign:
		// A re-signed slip after an escalation replaces the first signature time.
		v := now
		t.SignedAt = &v
	case ActCollect:
		v := now
		t.CollectedAt, t.SignedAt = &v, &v
	case ActReady:
		v := now
		t.ReadyAt = &v
	case ActReceive:
		// The customer is at the counter: that is the first response.
		set(&t.FirstContactAt)
		set(&t.ReceivedAt)
	case ActIssueVoucher:
		d := CivilDate(in.Date)
		t.ExpectedReadyDate = &d
	case ActRequestParcel:
		// The address went to the customer: that is the first response.
		set(&t.FirstContactAt)
		v := now
		t.WaitingParcelAt = &v
	case ActReceiveParcel:
		v := now
		t.ReceivedAt = &v
		t.ParcelCourier, t.ParcelTracking, t.ParcelCost = strings.TrimSpace(in.Courier), strings.TrimSpace(in.Tracking), in.Cost
	case ActShipBack:
		v := now
		t.ShippedBackAt = &v
		t.ReturnCourier, t.ReturnTracking = strings.TrimSpace(in.Courier), strings.TrimSpace(in.Tracking)
	case ActSendToFactory:
		v := now
		t.FactorySentAt = &v
		t.FactoryTracking = strings.TrimSpace(in.Tracking)
	case ActFactoryBack:
		v := now
		t.FactoryBackAt = &v
	case ActEscalate:
		t.Escalations++
		t.ApptDate, t.ApptHalf = nil, ""
	case ActClose:
		v := now
		t.ClosedAt = &v
		if strings.TrimSpace(in.Note) != "" {
			t.Resolution = strings.TrimSpace(in.Note)
		}
	case ActCancel, ActAbandon:
		v := now
		t.ClosedAt = &v
		t.CancelReason = strings.TrimSpace(in.Reason)
	case ActAssignCrew:
		id := in.TechnicianID
		t.TechnicianID = &id
		t.CrewReason = ""
		if len(in.Crew) < MinCrew {
			t.CrewReason = strings.TrimSpace(in.CrewReason)
		}
	case ActCompleteInst:
		// The installation is the delivery's "repair": RepairedAt is when
		// the work was done, for lists and figures alike.
		set(&t.ArrivedAt)
		v := now
		t.RepairedAt = &v
		t.ChecklistReason = strings.TrimSpace(in.Reason)
	}
	if t.Mode == ModeComplaint || t.Mode == ModeReturn || t.Mode == ModePart {
		applyAftersales(t, in, now)
	}
}

// needApproval applies the 10% rule: a quote more than the limit below the
// fee schedule needs the general manager's approval. It is checked when the
// repair is done and again at hand-over, so a quote lowered later is caught.
func needApproval(st TicketState, t *Ticket, errs *ValidationErrors) {
	limit := st.DiscountLimit
	if limit == 0 {
		limit = DiscountLimitPercent
	}
	if QuoteOf(st.Items).NeedsApproval(limit) && t.QuoteApprovedAt == nil {
		*errs = append(*errs, NewFieldError("quote", "err.ticket.approval_required",
			"The quote is more than {{.Limit}}% below the fee schedule: the general manager must approve it first.",
			map[string]any{"Limit": limit}))
	}
}
