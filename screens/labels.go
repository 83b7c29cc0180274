package screens

import (
	"aftercare/app"
	"aftercare/models"
)

// Labels for the business vocabulary, in one place so every screen names
// a status, an action or a mode the same way.

// StatusLabel names a ticket status.
func StatusLabel(s models.Status) string {
	switch s {
	case models.StatusNew:
		return T("status.new", "New")
	case models.StatusAssigned:
		return T("status.assigned", "Assigned")
	case models.StatusScheduled:
		return T("status.scheduled", "Scheduled")
	case models.StatusInService:
		return T("status.in_service", "In service")
	case models.StatusAwaitingParts:
		return T("status.awaiting_parts", "Awaiting parts")
	case models.StatusRepaired:
		return T("status.repaired", "Repaired")
	case models.StatusSigned:
		return T("status.signed", "Signed")
	case models.StatusClosed:
		return T("status.closed", "Closed")
	case models.StatusEscalated:
		return T("status.escalated", "Escalated")
	case models.StatusCancelled:
		return T("status.cancelled", "Cancelled")
	case models.StatusAbandoned:
		return T("status.abandoned", "Abandoned by customer")
	case models.StatusReceived:
		return T("status.received", "Received at counter")
	case models.StatusVoucherIssued:
		return T("status.voucher_issued", "Pickup voucher issued")
	case models.StatusReadyForPickup:
		return T("status.ready_for_pickup", "Ready for pickup")
	case models.StatusCollected:
		return T("status.collected", "Collected")
	case models.StatusAwaitingParcel:
		return T("status.awaiting_parcel", "Waiting for parcel")
	case models.StatusParcelReceived:
		return T("status.parcel_received", "Parcel received")
	case models.StatusShippedBack:
		return T("status.shipped_back", "Shipped back")
	case models.StatusSentToFactory:
		return T("status.sent_to_factory", "Sent to factory")
	case models.StatusBackFromFactory:
		return T("status.back_from_factory", "Back from factory")
	case models.StatusInstalled:
		return T("status.installed", "Installed")
	case models.StatusRequested:
		return T("status.requested", "Requested")
	case models.StatusApproved:
		return T("status.approved", "Approved by planning")
	case models.StatusInProduction:
		return T("status.in_production", "In production")
	case models.StatusWarehoused:
		return T("status.warehoused", "In the warehouse")
	case models.StatusShipped:
		return T("status.shipped", "Shipped")
	case models.StatusPartReceived:
		return T("status.part_received", "Received by customer")
	case models.StatusAccepted:
		return T("status.accepted", "Accepted and reported")
	case models.StatusResponsibility:
		return T("status.responsibility", "Responsibility determined")
	case models.StatusProposed:
		return T("status.proposed", "Proposal given")
	case models.StatusFollowingUp:
		return T("status.following_up", "Following up")
	case models.StatusGoodsReceived:
		return T("status.goods_received", "Goods received")
	case models.StatusInspected:
		return T("status.inspected", "Inspected")
	case models.StatusReturnDecided:
		return T("status.return_completed", "Decided")
	}
	return string(s)
}

// ActionLabel names a workflow action as a button says it.
func ActionLabel(a models.Action) string {
	switch a {
	case models.ActAssign:
		return T("action.assign", "Assign technician")
	case models.ActReassign:
		return T("action.reassign", "Reassign")
	case models.ActSchedule:
		return T("action.schedule", "Book visit")
	case models.ActReschedule:
		return T("action.reschedule", "Reschedule")
	case models.ActArrive:
		return T("action.arrive", "Arrived, start service")
	case models.ActAwaitParts:
		return T("action.await_parts", "Waiting for parts")
	case models.ActPartsArrived:
		return T("action.parts_arrived", "Parts arrived")
	case models.ActRepaired:
		return T("action.mark_repaired", "Repaired and tested")
	case models.ActSign:
		return T("action.sign", "Customer signed")
	case models.ActClose:
		return T("action.close", "Close")
	case models.ActEscalate:
		return T("action.escalate", "Escalate (unsolved)")
	case models.ActCancel:
		return T("action.cancel", "Cancel ticket")
	case models.ActAbandon:
		return T("action.abandon", "Abandoned by customer")
	case models.ActReceive:
		return T("action.receive", "Receive at counter")
	case models.ActIssueVoucher:
		return T("action.issue_voucher", "Issue pickup voucher")
	case models.ActStartRepair:
		return T("action.start_repair", "Start repair")
	case models.ActReady:
		return T("action.mark_ready", "Ready for pickup")
	case models.ActCollect:
		return T("action.collect", "Collected and signed")
	case models.ActRequestParcel:
		return T("action.request_parcel", "Address sent, wait for parcel")
	case models.ActReceiveParcel:
		return T("action.receive_parcel", "Parcel received")
	case models.ActShipBack:
		return T("action.ship_back", "Ship back")
	case models.ActSendToFactory:
		return T("action.send_to_factory", "Send to factory")
	case models.ActFactoryBack:
		return T("action.factory_back", "Back from factory")
	case models.ActDecideLiability:
		return T("action.decide_liability", "Decide liability")
	case models.ActCreate:
		return T("action.create", "Ticket opened")
	case models.ActContact:
		return T("action.contact", "Call customer")
	case models.ActQuote:
		return T("action.quote", "Quote changed")
	case models.ActConsent:
		return T("action.consent", "Customer agreed to the quote")
	case models.ActApprove:
		return T("action.approve_quote", "Quote approved")
	case models.ActPay:
		return T("action.pay", "Payment")
	case models.ActNote:
		return T("action.note", "Note")
	case models.ActAssignCrew:
		return T("action.assign_crew", "Assign crew")
	case models.ActCompleteInst:
		return T("action.complete_install", "Delivered and installed")
	case models.ActReportProblem:
		return T("action.report_problem", "Problem found")
	case models.ActTick:
		return T("action.tick", "Checklist")
	case models.ActApprovePart:
		return T("action.approve_part", "Approve (planning)")
	case models.ActProducePart:
		return T("action.produce_part", "In production")
	case models.ActWarehousePart:
		return T("action.warehouse_part", "Into the warehouse")
	case models.ActShipPart:
		return T("action.ship_part", "Shipped to customer")
	case models.ActReceivePart:
		return T("action.receive_part", "Customer received it")
	case app.ActUnpack:
		return T("action.unpack_part", "Unpacked a stock package")
	case app.ActRefill:
		return T("action.refill_package", "Package refilled")
	case models.ActAcceptComplaint:
		return T("action.accept_complaint", "Accept and report")
	case models.ActResponsibility:
		return T("action.set_responsibility", "Determine responsibility")
	case models.ActPropose:
		return T("action.give_proposal", "Give the proposal")
	case models.ActFollowUp:
		return T("action.follow_up", "Follow up")
	case models.ActReceiveGoods:
		return T("action.receive_goods", "Goods received")
	case models.ActInspect:
		return T("action.inspect", "Inspect")
	case models.ActRefund:
		return T("action.refund", "Refund")
	case models.ActExchange:
		return T("action.exchange", "Exchange")
	case models.ActRejectReturn:
		return T("action.reject_return", "Reject")
	}
	return string(a)
}

// KindLabel names a ticket kind.
func KindLabel(k models.TicketKind) string {
	switch k {
	case models.KindRepair:
		return T("kind.repair", "Repair")
	case models.KindConsultation:
		return T("kind.consultation", "Solved by phone")
	case models.KindDelivery:
		return T("kind.delivery", "Delivery and installation")
	case models.KindPart:
		return T("kind.part", "Replacement part")
	case models.KindComplaint:
		return T("kind.complaint", "Complaint")
	case models.KindReturn:
		return T("kind.return", "Return or exchange")
	}
	return string(k)
}

// ModeLabel names a repair mode.
func ModeLabel(m models.RepairMode) string {
	switch m {
	case models.ModeOnSite:
		return T("mode.onsite", "On site")
	case models.ModeCarryIn:
		return T("mode.carryin", "Carry-in")
	case models.ModeMailIn:
		return T("mode.mailin", "Mail-in")
	case models.ModeFactory:
		return T("mode.factory", "Return to factory")
	case models.ModeDelivery:
		return T("mode.delivery", "Delivery")
	case models.ModePart:
		return T("mode.part", "Replacement part")
	case models.ModeComplaint:
		return T("mode.complaint", "Complaint")
	case models.ModeReturn:
		return T("mode.return", "Return or exchange")
	}
	return string(m)
}

// HalfLabel names a half day.
func HalfLabel(h models.HalfDay) string {
	switch h {
	case models.AM:
		return T("half.am", "Morning")
	case models.PM:
		return T("half.pm", "Afternoon")
	}
	return string(h)
}

// PriorityLabel names a priority.
func PriorityLabel(p models.Priority) string {
	if p == models.PriorityUrgent {
		return T("priority.urgent", "Urgent")
	}
	return T("priority.normal", "Normal")
}

// SourceLabel names where a request came from.
func SourceLabel(s models.Source) string {
	switch s {
	case models.SourcePhone:
		return T("source.phone", "Phone")
	case models.SourceWalkIn:
		return T("source.walkin", "Walk-in")
	case models.SourceSales:
		return T("source.sales", "Sales clerk")
	case models.SourceDelivery:
		return T("source.delivery", "Found on delivery")
	}
	return string(s)
}

// DueRuleLabel says why a ticket needs attention.
func DueRuleLabel(r models.DueRule) string {
	switch r {
	case models.DueFirstResponse:
		return T("due.first_response", "First response (within 24 h)")
	case models.DueVisit:
		return T("due.visit", "Visit booked")
	case models.DueParcelChase:
		return T("due.parcel_chase", "Parcel not received after 7 days: call again")
	case models.DueParcelAbandon:
		return T("due.parcel_abandon", "Parcel not received after 15 days: close as abandoned?")
	case models.DueParcelConfirm:
		return T("due.parcel_confirm", "Confirm receipt to the customer (24 h)")
	case models.DuePartsProgress:
		return T("due.parts_progress", "Progress call (every 3 days)")
	case models.DuePickupReminder:
		return T("due.pickup_reminder", "Ready: tell the customer to collect")
	case models.DueVoucherDate:
		return T("due.voucher_date", "Date promised on the pickup voucher")
	case models.DueEscalation:
		return T("due.escalation", "Escalated: decide and re-dispatch")
	case models.DueSchedule:
		return T("due.schedule", "Dispatch and book")
	case models.DueFactoryReturn:
		return T("due.factory_return", "Chase the factory")
	case models.DueSignatureReturn:
		return T("due.signature_return", "Signed slip back, then close")
	case models.DueCrew:
		return T("due.crew", "Name the delivery crew")
	case models.DueInstallDone:
		return T("due.install_done", "Record the installation")
	case models.DuePartApprove:
		return T("due.part_approve", "Part request waiting for approval")
	case models.DuePartLate:
		return T("due.part_late", "Part due in the warehouse (expected date)")
	case models.DueReturnGoods:
		return T("due.return_goods", "Return: goods expected back (10 days)")
	case models.DueReturnReject:
		return T("due.return_reject", "Return refused by the rules: tell the customer, reject")
	case models.DueInspection:
		return T("due.inspection", "Inspect the returned goods (3 working days)")
	case models.DueReturnRefund:
		return T("due.return_refund", "Inspected: refund (finance) or reject")
	case models.DueReturnExchange:
		return T("due.return_exchange", "Inspected: book the exchange or reject")
	case models.DueComplaintAccept:
		return T("due.complaint_accept", "Complaint: accept and report (1 h)")
	case models.DueComplaintResponsibility:
		return T("due.complaint_responsibility", "Complaint: determine responsibility (24 h / 48 h)")
	case models.DueComplaintProposal:
		return T("due.complaint_proposal", "Complaint: proposal to the customer (72 h)")
	case models.DueComplaintFollowUp:
		return T("due.complaint_follow_up", "Complaint: follow-up call")
	}
	return string(r)
}

// OutcomeLabel names a contact attempt's outcome.
func OutcomeLabel(o models.ContactOutcome) string {
	switch o {
	case models.ContactReached:
		return T("contact.reached", "Reached")
	case models.ContactNoAnswer:
		return T("contact.no_answer", "No answer")
	case models.ContactWrongNumber:
		return T("contact.wrong_number", "Wrong number")
	case models.ContactSMS:
		return T("contact.sms_sent", "SMS sent")
	}
	return string(o)
}

// PayMethodLabel names a payment method.
func PayMethodLabel(m models.PaymentMethod) string {
	switch m {
	case models.PayCash:
		return T("pay.cash", "Cash")
	case models.PayWeChat:
		return T("pay.wechat", "WeChat Pay")
	case models.PayAlipay:
		return T("pay.alipay", "Alipay")
	case models.PayCard:
		return T("pay.card", "Bank card")
	}
	return string(m)
}

// RoleLabel names a staff role.
func RoleLabel(r models.Role) string {
	switch r {
	case models.RoleCounter:
		return T("role.counter", "Counter / call operator")
	case models.RoleDispatcher:
		return T("role.dispatcher", "Dispatcher")
	case models.RoleTechnician:
		return T("role.technician", "Technician")
	case models.RoleDelivery:
		return T("role.delivery", "Delivery and installation")
	case models.RoleBusinessManager:
		return T("role.business_manager", "Business manager")
	case models.RoleGeneralManager:
		return T("role.general_manager", "General manager")
	case models.RoleFinance:
		return T("role.finance", "Finance")
	}
	return string(r)
}

// ItemKindLabel names a charge line kind.
func ItemKindLabel(k models.ItemKind) string {
	switch k {
	case models.ItemVisit:
		return T("item.visit", "Call-out fee")
	case models.ItemLabour:
		return T("item.labour", "Labour")
	case models.ItemPart:
		return T("item.part", "Part")
	}
	return T("item.other", "Other")
}

// LiabilityLabel names who pays a factory repair.
func LiabilityLabel(l models.Liability) string {
	switch l {
	case models.LiabilityManufacturer:
		return T("liability.manufacturer", "Manufacturer")
	case models.LiabilityShop:
		return T("liability.shop", "Shop")
	case models.LiabilityCustomer:
		return T("liability.customer", "Customer")
	}
	return string(l)
}

// MissingLabel names an intake field that is still missing.
func MissingLabel(key string) string {
	switch key {
	case app.MissingName:
		return T("missing.name", "name")
	case app.MissingAddress:
		return T("missing.address", "address")
	case app.MissingPhone:
		return T("missing.phone", "phone")
	case app.MissingModel:
		return T("missing.model", "product model")
	case app.MissingPurchaseDate:
		return T("missing.purchase_date", "purchase date")
	case app.MissingSymptom:
		return T("missing.symptom", "fault symptom")
	}
	return key
}

// WarrantyLabel describes a ticket's warranty for the header.
func WarrantyLabel(covered, overridden bool) string {
	switch {
	case covered && overridden:
		return T("warranty.covered_override", "In warranty (overridden)")
	case covered:
		return T("warranty.covered", "In warranty (free)")
	case overridden:
		return T("warranty.charged_override", "Out of warranty (overridden)")
	}
	return T("warranty.charged", "Out of warranty (charged)")
}

// ProblemLabel names a problem found on delivery.
func ProblemLabel(p models.ProblemKind) string {
	switch p {
	case models.ProblemDamage:
		return T("problem.damage", "Damage")
	case models.ProblemMissingPart:
		return T("problem.missing_part", "Missing part")
	case models.ProblemWrongPart:
		return T("problem.wrong_part", "Wrong part")
	case models.ProblemOther:
		return T("problem.other", "Other")
	}
	return string(p)
}

// ChecklistName names a checklist template (or the copy a ticket keeps):
// a built-in one by its translated name.
func ChecklistName(name, nameKey string) string {
	if name != "" {
		return name
	}
	switch nameKey {
	case "checklist.name.furniture":
		return T("checklist.name.furniture", "Furniture installation")
	case "checklist.name.appliance":
		return T("checklist.name.appliance", "Appliance installation")
	}
	return nameKey
}

// CheckLabel is the text of a checklist line: a built-in line translated,
// a typed line as typed.
func CheckLabel(key, text string) string {
	if text != "" || key == "" {
		return text
	}
	return T(key, key)
}
