package models

import (
	"strings"
	"time"
)

// The rest of the after-sales cycle (issue 6; DOMAIN.md "Replacement
// parts", "Follow-up visits and complaints", "Returns and exchanges"):
// complaints and returns are tickets with their own workflow rows, like
// deliveries; replacement-part requests (delivery.go) get their request
// form fields here. Follow-up calls are their own records (followup.go).

// Ticket kinds of the after-sales cycle.
const (
	KindComplaint TicketKind = "complaint" // 投诉
	KindReturn    TicketKind = "return"    // 退换货
)

// Workflow modes of complaints and returns.
const (
	ModeComplaint RepairMode = "complaint"
	ModeReturn    RepairMode = "return"
)

// Statuses of complaints and returns.
const (
	StatusAccepted       Status = "accepted"         // complaint recorded and reported to the manager
	StatusResponsibility Status = "responsibility"   // complaint: who is responsible is determined
	StatusProposed       Status = "proposed"         // complaint: a proposal was given to the customer
	StatusFollowingUp    Status = "following_up"     // complaint: following up until solved
	StatusGoodsReceived  Status = "goods_received"   // return: the goods are back at the shop
	StatusInspected      Status = "inspected"        // return: inspected, waiting for the decision
	StatusReturnDecided  Status = "return_completed" // return: refunded, exchanged or rejected
)

// Actions of complaints and returns.
const (
	ActAcceptComplaint Action = "accept_complaint" // recorded and reported within the hour
	ActResponsibility  Action = "set_responsibility"
	ActPropose         Action = "give_proposal"
	ActFollowUp        Action = "follow_up"
	ActReceiveGoods    Action = "receive_goods"
	ActInspect         Action = "inspect"
	ActRefund          Action = "refund"
	ActExchange        Action = "exchange"
	ActRejectReturn    Action = "reject_return"
)

var (
	complaintMode = []RepairMode{ModeComplaint}
	returnMode    = []RepairMode{ModeReturn}
)

// aftersalesTransitions are the complaint and return workflows.
var aftersalesTransitions = []Transition{
	{ActAcceptComplaint, []Status{StatusNew}, StatusAccepted, complaintMode},
	{ActResponsibility, []Status{StatusAccepted}, StatusResponsibility, complaintMode},
	// Responsibility can be re-determined until the proposal is given.
	{ActResponsibility, []Status{StatusResponsibility}, "", complaintMode},
	{ActPropose, []Status{StatusResponsibility}, StatusProposed, complaintMode},
	{ActFollowUp, []Status{StatusProposed, StatusFollowingUp}, StatusFollowingUp, complaintMode},
	{ActClose, []Status{StatusProposed, StatusFollowingUp}, StatusClosed, complaintMode},
	{ActCancel, []Status{StatusNew, StatusAccepted, StatusResponsibility}, StatusCancelled, complaintMode},

	{ActReceiveGoods, []Status{StatusRequested}, StatusGoodsReceived, returnMode},
	{ActInspect, []Status{StatusGoodsReceived}, StatusInspected, returnMode},
	{ActRefund, []Status{StatusInspected}, StatusReturnDecided, returnMode},
	{ActExchange, []Status{StatusInspected}, StatusReturnDecided, returnMode},
	{ActRejectReturn, []Status{StatusRequested, StatusInspected}, StatusReturnDecided, returnMode},
	{ActClose, []Status{StatusReturnDecided}, StatusClosed, returnMode},
	{ActCancel, []Status{StatusRequested, StatusGoodsReceived}, StatusCancelled, returnMode},
}

func init() { Transitions = append(Transitions, aftersalesTransitions...) }

// Responsible says who a complaint found at fault.
type Responsible string

// Responsibilities.
const (
	RespStaff        Responsible = "staff"        // named staff members
	RespShop         Responsible = "shop"         // the shop's process, nobody in particular
	RespManufacturer Responsible = "manufacturer" // the product
	RespLogistics    Responsible = "logistics"
	RespCustomer     Responsible = "customer" // not a service fault
	RespNone         Responsible = "none"     // unfounded
)

// AllResponsibles lists them in form order.
var AllResponsibles = []Responsible{RespStaff, RespShop, RespManufacturer, RespLogistics, RespCustomer, RespNone}

// ServiceFault reports whether the complaint counts against the service
// (the complaint-rate target, DOMAIN.md).
func (r Responsible) ServiceFault() bool { return r == RespStaff || r == RespShop }

// ReturnType is what the customer asks for.
type ReturnType string

// Return types.
const (
	ReturnRefund   ReturnType = "return"   // 退货
	ReturnExchange ReturnType = "exchange" // 换货
)

// ReturnOutcome is how a return ended.
type ReturnOutcome string

// Return outcomes.
const (
	OutcomeRefunded  ReturnOutcome = "refunded"
	OutcomeExchanged ReturnOutcome = "exchanged"
	OutcomeRejected  ReturnOutcome = "rejected"
)

// Complaint, return and part fields live on the ticket (ticket.go): see
// AftersalesFields.
type AftersalesFields struct {
	// Complaints.
	AcceptedAt          *time.Time  // recorded and reported to the manager
	ReportedTo          string      `gorm:"size:50"` // the manager it was reported to
	CustomerUnreachable bool        // the 24-hour limit becomes 48 hours
	Responsible         Responsible `gorm:"size:16"`
	ResponsibleStaff    string      `gorm:"size:400"` // comma-separated staff IDs
	ResponsibilityNote  string
	ResponsibilityAt    *time.Time
	Proposal            string
	ProposedAt          *time.Time
	// Returns and exchanges.
	ReturnType     ReturnType `gorm:"size:10"`
	ReturnReason   string
	QualityProblem bool
	FreightBy      string `gorm:"size:10"` // "shop" or "customer": who is at fault pays
	GoodsBackAt    *time.Time
	InspectedAt    *time.Time
	InspectionNote string
	ReturnOutcome  ReturnOutcome `gorm:"size:10"`
	RefundAmount   Money
	RefundMethod   PaymentMethod `gorm:"size:10"`
	// The rest of the request the return rules were checked with (returns.go).
	ReturnExclusions string     `gorm:"size:200"` // comma-separated ReturnExclusion codes
	ReturnComplete   bool       // every part, accessory and the packaging came back
	GiftStatus       GiftStatus `gorm:"size:10"`
	GiftPrice        Money      // the price of gifts kept, deducted from a refund
	ReturnSignedOn   *time.Time // the day the seven days run from (civil)
	// Replacement parts (the request form, DOMAIN.md "Replacement parts").
	PartCategory   string `gorm:"size:20"`
	PartColour     string `gorm:"size:40"`
	PartBatch      string `gorm:"size:60"` // batch number of the package needing the part
	PartInspection string `gorm:"size:60"` // inspection number of the product
	OrderDate      *time.Time
	PartExpected   *time.Time // from the category's lead time
	PartChargeable bool
}

// checkAftersales validates the complaint, return and part steps; it is
// called from CheckStep for their modes.
func checkAftersales(st TicketState, in StepInput, errs *ValidationErrors) {
	need := func(cond bool, field, key, fallback string) {
		if !cond {
			*errs = append(*errs, NewFieldError(field, key, fallback, nil))
		}
	}
	note := strings.TrimSpace(in.Note)
	if st.Ticket.Mode == ModeComplaint {
		checkComplaint(in, errs) // complaint.go
	}
	if st.Ticket.Mode == ModePart {
		checkPartStep(st, in, errs) // parts.go
	}
	if st.Ticket.Mode == ModeReturn {
		checkReturnStep(st, in, errs) // returns.go
	}
	switch in.Action {
	case ActResponsibility:
		known := false
		for _, r := range AllResponsibles {
			known = known || Responsible(in.Liability) == r
		}
		need(known, "responsible", "err.complaint.responsible_required", "Say who is responsible.")
		need(Responsible(in.Liability) != RespStaff || len(in.Crew) > 0, "staff", "err.complaint.staff_required", "Name the staff members responsible.")
		need(note != "", "note", "err.complaint.finding_required", "Write what was found.")
	case ActPropose:
		need(note != "", "note", "err.complaint.proposal_required", "Write the proposal given to the customer.")
	case ActClose:
		if st.Ticket.Mode == ModeComplaint {
			need(note != "", "note", "err.complaint.acceptance_required", "Write how the customer accepted the solution.")
		}
	case ActRejectReturn:
		need(strings.TrimSpace(in.Reason) != "", "reason", "err.ticket.reason_required", "Write the reason.")
	case ActInspect:
		need(note != "", "note", "err.return.inspection_required", "Write what the inspection found.")
	case ActRefund:
		need(in.Cost > 0, "amount", "err.return.refund_amount", "Enter the refund amount.")
	}
}

// applyAftersales sets the fields a complaint, return or part step records.
func applyAftersales(t *Ticket, in StepInput, now time.Time) {
	v := now
	note := strings.TrimSpace(in.Note)
	if t.Mode == ModeComplaint {
		applyComplaint(t, in, now) // complaint.go
	}
	if t.Mode == ModePart {
		applyPartStep(t, in, now) // parts.go
	}
	if t.Mode == ModeReturn {
		applyReturnStep(t, in) // returns.go
	}
	switch in.Action {
	case ActAcceptComplaint:
		t.AcceptedAt = &v
		if t.FirstContactAt == nil {
			t.FirstContactAt = &v
		}
	case ActResponsibility:
		t.Responsible, t.ResponsibilityNote, t.ResponsibilityAt = Responsible(in.Liability), note, &v
		t.ResponsibleStaff = strings.Join(in.Crew, ",")
	case ActPropose:
		t.Proposal, t.ProposedAt = note, &v
	case ActReceiveGoods:
		t.GoodsBackAt = &v
	case ActInspect:
		t.InspectedAt, t.InspectionNote = &v, note
	case ActRefund:
		t.ReturnOutcome, t.RefundAmount = OutcomeRefunded, in.Cost
	case ActExchange:
		t.ReturnOutcome = OutcomeExchanged
	case ActRejectReturn:
		t.ReturnOutcome = OutcomeRejected
	}
	if in.Action == ActRefund || in.Action == ActExchange || in.Action == ActRejectReturn {
		t.RepairedAt = &v // the job is done: for lists and figures
	}
}
