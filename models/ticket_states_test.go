package models_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"aftercare/models"
)

// stWorkflowActions are the actions that move a ticket through the
// workflow; stTimelineActions only write the timeline.
var (
	stWorkflowActions = []models.Action{
		models.ActAssign, models.ActReassign, models.ActSchedule, models.ActReschedule, models.ActArrive,
		models.ActAwaitParts, models.ActPartsArrived, models.ActRepaired, models.ActSign, models.ActClose,
		models.ActEscalate, models.ActCancel, models.ActAbandon, models.ActReceive, models.ActIssueVoucher,
		models.ActStartRepair, models.ActReady, models.ActCollect, models.ActRequestParcel,
		models.ActReceiveParcel, models.ActShipBack, models.ActSendToFactory, models.ActFactoryBack,
		models.ActDecideLiability,
		// Deliveries and part requests (delivery_test.go).
		models.ActAssignCrew, models.ActCompleteInst, models.ActApprovePart, models.ActProducePart,
		models.ActWarehousePart, models.ActShipPart, models.ActReceivePart,
		// Complaints and returns (aftersales_test.go).
		models.ActAcceptComplaint, models.ActResponsibility, models.ActPropose, models.ActFollowUp,
		models.ActReceiveGoods, models.ActInspect, models.ActRefund, models.ActExchange, models.ActRejectReturn,
	}
	stTimelineActions = []models.Action{
		models.ActCreate, models.ActContact, models.ActQuote, models.ActConsent, models.ActApprove,
		models.ActPay, models.ActNote,
	}
)

// stStay marks an action that keeps the status (Transition.To == "").
const stStay = models.Status("")

type stMoves map[models.Status]map[models.Action]models.Status

// stReachable is, per mode, every status a ticket of that mode can be in
// (DOMAIN.md "Tickets", issue 3 "Workflow"). Sending an on-site job to the
// factory turns it into a factory job; a carry-in stays a carry-in, since it
// comes back to the counter for collection.
var stReachable = map[models.RepairMode][]models.Status{
	models.ModeOnSite: {models.StatusNew, models.StatusAssigned, models.StatusScheduled, models.StatusInService,
		models.StatusAwaitingParts, models.StatusRepaired, models.StatusSigned, models.StatusEscalated,
		models.StatusClosed, models.StatusCancelled, models.StatusAbandoned},
	models.ModeCarryIn: {models.StatusNew, models.StatusReceived, models.StatusVoucherIssued, models.StatusInService,
		models.StatusAwaitingParts, models.StatusRepaired, models.StatusReadyForPickup, models.StatusCollected,
		models.StatusEscalated, models.StatusSentToFactory, models.StatusBackFromFactory,
		models.StatusClosed, models.StatusCancelled, models.StatusAbandoned},
	models.ModeMailIn: {models.StatusNew, models.StatusAwaitingParcel, models.StatusParcelReceived, models.StatusInService,
		models.StatusAwaitingParts, models.StatusRepaired, models.StatusShippedBack, models.StatusEscalated,
		models.StatusClosed, models.StatusCancelled, models.StatusAbandoned},
	models.ModeFactory: {models.StatusNew, models.StatusSentToFactory, models.StatusBackFromFactory, models.StatusRepaired,
		models.StatusSigned, models.StatusEscalated, models.StatusInService, models.StatusAwaitingParts,
		models.StatusClosed, models.StatusCancelled, models.StatusAbandoned},
}

// stExpected builds the independent table of legal moves for a mode: the
// mode's own steps plus the rules that hold in every mode.
func stExpected(mode models.RepairMode) stMoves {
	S := func(pairs ...any) map[models.Action]models.Status {
		m := map[models.Action]models.Status{}
		for i := 0; i < len(pairs); i += 2 {
			m[pairs[i].(models.Action)] = pairs[i+1].(models.Status)
		}
		return m
	}
	var own stMoves
	switch mode {
	case models.ModeOnSite: // new→assigned→scheduled→in service→(awaiting parts)→repaired→signed→closed
		own = stMoves{
			models.StatusNew:           S(models.ActAssign, models.StatusAssigned),
			models.StatusAssigned:      S(models.ActReassign, stStay, models.ActSchedule, models.StatusScheduled),
			models.StatusScheduled:     S(models.ActReassign, stStay, models.ActReschedule, models.StatusScheduled, models.ActArrive, models.StatusInService),
			models.StatusInService:     S(models.ActSendToFactory, models.StatusSentToFactory),
			models.StatusAwaitingParts: S(models.ActReassign, stStay, models.ActSchedule, models.StatusScheduled, models.ActSendToFactory, models.StatusSentToFactory),
			models.StatusRepaired:      S(models.ActSign, models.StatusSigned),
			models.StatusEscalated:     S(models.ActAssign, models.StatusAssigned, models.ActSendToFactory, models.StatusSentToFactory),
		}
	case models.ModeCarryIn: // new→received→(voucher issued)→in service→…→repaired→(ready)→collected→closed
		own = stMoves{
			models.StatusNew:           S(models.ActReceive, models.StatusReceived),
			models.StatusReceived:      S(models.ActIssueVoucher, models.StatusVoucherIssued, models.ActStartRepair, models.StatusInService, models.ActAssign, stStay),
			models.StatusVoucherIssued: S(models.ActStartRepair, models.StatusInService, models.ActAssign, stStay),
			// A voucher can also be issued after the bench check finds parts are needed.
			models.StatusInService:     S(models.ActAssign, stStay, models.ActSendToFactory, models.StatusSentToFactory, models.ActIssueVoucher, stStay),
			models.StatusAwaitingParts: S(models.ActPartsArrived, models.StatusInService, models.ActAssign, stStay, models.ActSendToFactory, models.StatusSentToFactory, models.ActIssueVoucher, stStay),
			// A carry-in sent to the factory stays a carry-in: it comes back to the counter.
			models.StatusSentToFactory:   S(models.ActFactoryBack, models.StatusBackFromFactory),
			models.StatusBackFromFactory: S(models.ActDecideLiability, models.StatusRepaired, models.ActAssign, stStay),
			models.StatusRepaired:        S(models.ActReady, models.StatusReadyForPickup, models.ActCollect, models.StatusCollected),
			models.StatusReadyForPickup:  S(models.ActCollect, models.StatusCollected),
			models.StatusEscalated:       S(models.ActAssign, models.StatusInService, models.ActSendToFactory, models.StatusSentToFactory),
		}
	case models.ModeMailIn: // new→awaiting parcel→parcel received→in service→…→repaired→shipped back→closed
		own = stMoves{
			models.StatusNew:            S(models.ActRequestParcel, models.StatusAwaitingParcel),
			models.StatusAwaitingParcel: S(models.ActReceiveParcel, models.StatusParcelReceived),
			models.StatusParcelReceived: S(models.ActStartRepair, models.StatusInService, models.ActAssign, stStay),
			models.StatusInService:      S(models.ActAssign, stStay),
			models.StatusAwaitingParts:  S(models.ActPartsArrived, models.StatusInService, models.ActAssign, stStay),
			models.StatusRepaired:       S(models.ActShipBack, models.StatusShippedBack),
			models.StatusEscalated:      S(models.ActAssign, models.StatusInService),
		}
	case models.ModeFactory: // sent→back→liability decided (→repaired)→signed→closed
		own = stMoves{
			models.StatusNew:             S(models.ActSendToFactory, models.StatusSentToFactory),
			models.StatusSentToFactory:   S(models.ActFactoryBack, models.StatusBackFromFactory),
			models.StatusBackFromFactory: S(models.ActDecideLiability, models.StatusRepaired, models.ActAssign, stStay),
			models.StatusInService:       S(models.ActAssign, stStay),
			models.StatusAwaitingParts:   S(models.ActPartsArrived, models.StatusInService, models.ActAssign, stStay),
			models.StatusRepaired:        S(models.ActSign, models.StatusSigned),
			models.StatusEscalated:       S(models.ActAssign, models.StatusInService),
		}
	}
	// Rules of every mode.
	common := []struct {
		a    models.Action
		from []models.Status
		to   models.Status
	}{
		{models.ActAwaitParts, []models.Status{models.StatusInService}, models.StatusAwaitingParts},
		{models.ActRepaired, []models.Status{models.StatusInService}, models.StatusRepaired},
		{models.ActEscalate, []models.Status{models.StatusInService, models.StatusAwaitingParts, models.StatusRepaired, models.StatusSigned}, models.StatusEscalated},
		{models.ActClose, []models.Status{models.StatusSigned, models.StatusCollected, models.StatusShippedBack}, models.StatusClosed},
		// The customer gives up or cannot be reached: before work starts,
		// while the parcel never comes, or when the item is never collected.
		{models.ActAbandon, []models.Status{models.StatusNew, models.StatusAssigned, models.StatusScheduled,
			models.StatusVoucherIssued, models.StatusAwaitingParcel, models.StatusReadyForPickup}, models.StatusAbandoned},
	}
	for _, s := range stReachable[mode] {
		if own[s] == nil {
			own[s] = map[models.Action]models.Status{}
		}
		// Cancelling ends a job before the repair is done; finished work is closed.
		switch s {
		case models.StatusNew, models.StatusAssigned, models.StatusScheduled, models.StatusInService, models.StatusAwaitingParts,
			models.StatusEscalated, models.StatusReceived, models.StatusVoucherIssued, models.StatusAwaitingParcel,
			models.StatusParcelReceived, models.StatusSentToFactory, models.StatusBackFromFactory:
			own[s][models.ActCancel] = models.StatusCancelled
		}
		for _, c := range common {
			for _, f := range c.from {
				if f == s {
					own[s][c.a] = c.to
				}
			}
		}
	}
	return own
}

func stIsReachable(mode models.RepairMode, s models.Status) bool {
	for _, x := range stReachable[mode] {
		if x == s {
			return true
		}
	}
	return false
}

func TestTransitionTableEveryModeStatusAction(t *testing.T) {
	legal, illegal := 0, 0
	for _, mode := range models.AllModes {
		exp := stExpected(mode)
		for _, s := range models.AllStatuses {
			if !stIsReachable(mode, s) {
				continue // checked by TestTransitionReachability
			}
			for _, a := range stWorkflowActions {
				tr, ok := models.Find(a, mode, s)
				want, wantOK := exp[s][a]
				if ok != wantOK {
					t.Errorf("Find(%s, %s, %s) legal = %v, want %v", a, mode, s, ok, wantOK)
					continue
				}
				if !ok {
					illegal++
					if tr.Action != "" || tr.To != "" {
						t.Errorf("Find(%s, %s, %s) illegal but returned %+v", a, mode, s, tr)
					}
					continue
				}
				legal++
				if tr.Action != a || tr.To != want {
					t.Errorf("Find(%s, %s, %s) = %s → %q, want → %q", a, mode, s, tr.Action, tr.To, want)
				}
			}
			for _, a := range stTimelineActions {
				if _, ok := models.Find(a, mode, s); ok {
					t.Errorf("timeline action %s is a transition in %s/%s", a, mode, s)
				}
			}
		}
	}
	t.Logf("%d legal and %d illegal (mode, status, action) cases", legal, illegal)
}

// Whatever the mode says, nothing leaves a terminal status: checked on
// every mode × terminal status × action, reachable or not.
func TestTransitionTerminalIsFinal(t *testing.T) {
	terminal := map[models.Status]bool{models.StatusClosed: true, models.StatusCancelled: true, models.StatusAbandoned: true}
	for _, s := range models.AllStatuses {
		if s.Terminal() != terminal[s] {
			t.Errorf("%s.Terminal() = %v, want %v", s, s.Terminal(), terminal[s])
		}
	}
	for _, mode := range append(append([]models.RepairMode{}, models.AllModes...), "") {
		for s := range terminal {
			for _, a := range append(append([]models.Action{}, stWorkflowActions...), stTimelineActions...) {
				if tr, ok := models.Find(a, mode, s); ok {
					t.Errorf("Find(%s, %q, %s) = %+v: a terminal ticket moved", a, mode, s, tr)
				}
			}
			if got := models.LegalActions(mode, s); len(got) != 0 {
				t.Errorf("LegalActions(%q, %s) = %v, want none", mode, s, got)
			}
		}
	}
}

// Following the implemented table from "new" reaches exactly the statuses
// the domain names for each mode (and the mode change to factory).
func TestTransitionReachability(t *testing.T) {
	type node struct {
		m models.RepairMode
		s models.Status
	}
	for _, start := range models.AllModes {
		seen := map[node]bool{{start, models.StatusNew}: true}
		queue := []node{{start, models.StatusNew}}
		for len(queue) > 0 {
			n := queue[0]
			queue = queue[1:]
			for _, a := range stWorkflowActions {
				tr, ok := models.Find(a, n.m, n.s)
				if !ok {
					continue
				}
				next := node{n.m, tr.To}
				if tr.To == "" {
					next.s = n.s
				}
				if a == models.ActSendToFactory && n.m == models.ModeOnSite {
					next.m = models.ModeFactory
				}
				if !seen[next] {
					seen[next] = true
					queue = append(queue, next)
				}
			}
		}
		for n := range seen {
			if !stIsReachable(n.m, n.s) {
				t.Errorf("from %s/new the table reaches %s/%s, which the domain does not have", start, n.m, n.s)
			}
		}
		for _, s := range stReachable[start] {
			if !seen[node{start, s}] {
				t.Errorf("%s: status %s cannot be reached from new", start, s)
			}
		}
		if start == models.ModeOnSite {
			if !seen[node{models.ModeFactory, models.StatusClosed}] {
				t.Errorf("%s: a job sent to the factory cannot be closed", start)
			}
		}
	}
}

func TestTransitionActionsAreKnown(t *testing.T) {
	known := map[models.Action]bool{}
	for _, a := range stWorkflowActions {
		known[a] = true
	}
	for _, tr := range models.Transitions {
		if !known[tr.Action] {
			t.Errorf("transition %s is missing from the test's action list", tr.Action)
		}
		if len(tr.From) == 0 {
			t.Errorf("transition %s has no From", tr.Action)
		}
		for _, f := range tr.From {
			if f.Terminal() {
				t.Errorf("transition %s leaves terminal %s", tr.Action, f)
			}
		}
	}
}

func TestTransitionLegalActions(t *testing.T) {
	first := map[models.Action]int{}
	for i, tr := range models.Transitions {
		if _, ok := first[tr.Action]; !ok {
			first[tr.Action] = i
		}
	}
	for _, mode := range models.AllModes {
		for _, s := range models.AllStatuses {
			got := models.LegalActions(mode, s)
			dup := map[models.Action]bool{}
			for _, a := range got {
				if dup[a] {
					t.Errorf("LegalActions(%s, %s) = %v: %s twice", mode, s, got, a)
				}
				dup[a] = true
				if _, ok := models.Find(a, mode, s); !ok {
					t.Errorf("LegalActions(%s, %s) lists %s, which Find refuses", mode, s, a)
				}
			}
			for _, a := range stWorkflowActions {
				if _, ok := models.Find(a, mode, s); ok && !dup[a] {
					t.Errorf("LegalActions(%s, %s) = %v misses %s", mode, s, got, a)
				}
			}
			if !sort.SliceIsSorted(got, func(i, j int) bool { return first[got[i]] < first[got[j]] }) {
				t.Errorf("LegalActions(%s, %s) = %v: not in workflow order", mode, s, got)
			}
		}
	}
	spot := []struct {
		mode models.RepairMode
		s    models.Status
		want string
	}{
		{models.ModeOnSite, models.StatusNew, "assign abandon cancel"},
		{models.ModeOnSite, models.StatusScheduled, "reassign reschedule arrive abandon cancel"},
		{models.ModeOnSite, models.StatusInService, "await_parts mark_repaired escalate send_to_factory cancel"},
		{models.ModeOnSite, models.StatusEscalated, "assign send_to_factory cancel"},
		{models.ModeCarryIn, models.StatusReceived, "assign issue_voucher start_repair cancel"},
		{models.ModeCarryIn, models.StatusRepaired, "escalate mark_ready collect"},
		{models.ModeMailIn, models.StatusAwaitingParcel, "receive_parcel abandon cancel"},
		{models.ModeMailIn, models.StatusRepaired, "escalate ship_back"},
		{models.ModeFactory, models.StatusBackFromFactory, "assign decide_liability cancel"},
		{models.ModeFactory, models.StatusSigned, "escalate close"},
	}
	for _, c := range spot {
		var names []string
		for _, a := range models.LegalActions(c.mode, c.s) {
			names = append(names, string(a))
		}
		if got := strings.Join(names, " "); got != c.want {
			t.Errorf("LegalActions(%s, %s) = %q, want %q", c.mode, c.s, got, c.want)
		}
	}
}

// ---- CheckStep ----

var (
	stCST   = time.FixedZone("CST", 8*3600)
	stToday = time.Date(2026, 11, 23, 22, 30, 0, 0, stCST) // late evening: still the 23rd in the shop
	stNow   = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
)

func stStr(s string) *string         { return &s }
func stTimeP(t time.Time) *time.Time { return &t }
func stDate(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, stCST)
}

func stTicket(mode models.RepairMode, s models.Status) *models.Ticket {
	return &models.Ticket{Kind: models.KindRepair, Mode: mode, Status: s, StatusSince: stNow.Add(-48 * time.Hour),
		ReportedAt: stNow.Add(-72 * time.Hour)}
}

// stKeys renders a CheckStep error as sorted "field/key" pairs.
func stKeys(err error) string {
	var out []string
	for _, fe := range models.AsFieldErrors(err) {
		out = append(out, fe.Field+"/"+fe.Key)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

func stItems(unit, sched models.Money, charged bool) []models.TicketItem {
	return []models.TicketItem{{Kind: models.ItemLabour, Name: "labour", Qty: 1, UnitPrice: unit, SchedulePrice: sched, Charged: charged}}
}

func TestCheckStepRules(t *testing.T) {
	long500 := strings.Repeat("修", 500)
	type tc struct {
		name string
		t    *models.Ticket
		st   func(*models.TicketState)
		in   models.StepInput
		want string // sorted "field/key" list; "" = accepted
	}
	withTech := func(mode models.RepairMode, s models.Status, id string) *models.Ticket {
		return stWith(stTicket(mode, s), func(t *models.Ticket) { t.TechnicianID = stStr(id) })
	}
	scheduled := stWith(withTech(models.ModeOnSite, models.StatusScheduled, "A"), func(t *models.Ticket) {
		d := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
		t.ApptDate, t.ApptHalf = &d, models.AM
	})
	repaired := func(mode models.RepairMode) *models.Ticket { return stTicket(mode, models.StatusRepaired) }
	inService := func(consent, approved bool) *models.Ticket {
		return stWith(stTicket(models.ModeOnSite, models.StatusInService), func(t *models.Ticket) {
			if consent {
				t.ConsentAt = stTimeP(stNow)
			}
			if approved {
				t.QuoteApprovedAt, t.QuoteApprovedBy = stTimeP(stNow), "总经理"
			}
		})
	}
	items := func(it []models.TicketItem) func(*models.TicketState) {
		return func(s *models.TicketState) { s.Items = it }
	}
	cases := []tc{
		// The workflow.
		{"illegal action", stTicket(models.ModeOnSite, models.StatusNew), nil, models.StepInput{Action: models.ActClose}, "action/err.ticket.illegal"},
		{"illegal for the mode", stTicket(models.ModeMailIn, models.StatusNew), nil, models.StepInput{Action: models.ActReceive}, "action/err.ticket.illegal"},
		{"nothing leaves closed", stTicket(models.ModeOnSite, models.StatusClosed), nil, models.StepInput{Action: models.ActCancel, Reason: "x"}, "action/err.ticket.illegal"},
		// Assign and reassign.
		{"assign needs a technician", stTicket(models.ModeOnSite, models.StatusNew), nil, models.StepInput{Action: models.ActAssign}, "technician/err.ticket.technician_required"},
		{"assign", stTicket(models.ModeOnSite, models.StatusNew), nil, models.StepInput{Action: models.ActAssign, TechnicianID: "A"}, ""},
		{"bench assign keeps status", withTech(models.ModeCarryIn, models.StatusInService, "A"), nil, models.StepInput{Action: models.ActAssign, TechnicianID: "A"}, ""},
		{"escalated: same technician refused", withTech(models.ModeOnSite, models.StatusEscalated, "A"), nil, models.StepInput{Action: models.ActAssign, TechnicianID: "A"}, "technician/err.ticket.escalate_other"},
		{"escalated bench: same technician refused", withTech(models.ModeCarryIn, models.StatusEscalated, "A"), nil, models.StepInput{Action: models.ActAssign, TechnicianID: "A"}, "technician/err.ticket.escalate_other"},
		{"escalated: another technician", withTech(models.ModeOnSite, models.StatusEscalated, "A"), nil, models.StepInput{Action: models.ActAssign, TechnicianID: "B"}, ""},
		{"escalated: PrevTechnician wins", withTech(models.ModeOnSite, models.StatusEscalated, "B"), func(s *models.TicketState) { s.PrevTechnician = "A" }, models.StepInput{Action: models.ActAssign, TechnicianID: "A"}, "technician/err.ticket.escalate_other"},
		{"escalated: PrevTechnician, other one ok", withTech(models.ModeOnSite, models.StatusEscalated, "B"), func(s *models.TicketState) { s.PrevTechnician = "A" }, models.StepInput{Action: models.ActAssign, TechnicianID: "C"}, ""},
		{"escalated: nobody before", stTicket(models.ModeMailIn, models.StatusEscalated), nil, models.StepInput{Action: models.ActAssign, TechnicianID: "A"}, ""},
		{"escalated: empty technician, one error", withTech(models.ModeOnSite, models.StatusEscalated, "A"), nil, models.StepInput{Action: models.ActAssign}, "technician/err.ticket.technician_required"},
		{"reassign needs a reason", withTech(models.ModeOnSite, models.StatusAssigned, "A"), nil, models.StepInput{Action: models.ActReassign, TechnicianID: "B", Reason: "  "}, "reason/err.ticket.reassign_reason"},
		{"reassign to the same technician", withTech(models.ModeOnSite, models.StatusScheduled, "A"), nil, models.StepInput{Action: models.ActReassign, TechnicianID: "A", Reason: "sick"}, "technician/err.ticket.same_technician"},
		{"reassign with nothing", withTech(models.ModeOnSite, models.StatusAssigned, "A"), nil, models.StepInput{Action: models.ActReassign}, "reason/err.ticket.reassign_reason technician/err.ticket.technician_required"},
		{"reassign", withTech(models.ModeOnSite, models.StatusAwaitingParts, "A"), nil, models.StepInput{Action: models.ActReassign, TechnicianID: "B", Reason: "sick"}, ""},
		// Schedule and reschedule.
		{"schedule needs date and half", withTech(models.ModeOnSite, models.StatusAssigned, "A"), nil, models.StepInput{Action: models.ActSchedule}, "date/err.ticket.date_required half/err.ticket.half_required"},
		{"schedule bad half", withTech(models.ModeOnSite, models.StatusAssigned, "A"), nil, models.StepInput{Action: models.ActSchedule, Date: stDate(2026, 11, 24), Half: "morning"}, "half/err.ticket.half_required"},
		{"schedule yesterday", withTech(models.ModeOnSite, models.StatusAssigned, "A"), nil, models.StepInput{Action: models.ActSchedule, Date: stDate(2026, 11, 22), Half: models.PM}, "date/err.ticket.date_past"},
		{"schedule today", withTech(models.ModeOnSite, models.StatusAssigned, "A"), nil, models.StepInput{Action: models.ActSchedule, Date: stDate(2026, 11, 23), Half: models.AM}, ""},
		{"schedule today as a civil date", withTech(models.ModeOnSite, models.StatusAssigned, "A"), nil, models.StepInput{Action: models.ActSchedule, Date: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), Half: models.PM}, ""},
		{"schedule tomorrow", withTech(models.ModeOnSite, models.StatusAwaitingParts, "A"), nil, models.StepInput{Action: models.ActSchedule, Date: stDate(2026, 11, 24), Half: models.PM}, ""},
		{"schedule, no clock: no past check", withTech(models.ModeOnSite, models.StatusAssigned, "A"), func(s *models.TicketState) { s.Today = time.Time{} }, models.StepInput{Action: models.ActSchedule, Date: stDate(2020, 1, 1), Half: models.PM}, ""},
		{"reschedule needs a reason", scheduled, nil, models.StepInput{Action: models.ActReschedule, CustomerAgreed: true, Date: stDate(2026, 11, 26), Half: models.AM}, "reason/err.ticket.reschedule_reason"},
		{"reschedule to the same slot", scheduled, nil, models.StepInput{Action: models.ActReschedule, CustomerAgreed: true, Date: stDate(2026, 11, 25), Half: models.AM, Reason: "customer away"}, "date/err.ticket.same_slot"},
		{"reschedule other half", scheduled, nil, models.StepInput{Action: models.ActReschedule, CustomerAgreed: true, Date: stDate(2026, 11, 25), Half: models.PM, Reason: "customer away"}, ""},
		{"reschedule other day", scheduled, nil, models.StepInput{Action: models.ActReschedule, Date: stDate(2026, 11, 26), Half: models.AM, Reason: "customer away", CustomerAsked: true}, ""},
		{"reschedule into the past", scheduled, nil, models.StepInput{Action: models.ActReschedule, CustomerAgreed: true, Date: stDate(2026, 11, 20), Half: models.AM, Reason: "x"}, "date/err.ticket.date_past"},
		{"reschedule with nothing", scheduled, nil, models.StepInput{Action: models.ActReschedule, CustomerAgreed: true}, "date/err.ticket.date_required half/err.ticket.half_required reason/err.ticket.reschedule_reason"},
		{"shop moves the visit without the customer's agreement", scheduled, nil, models.StepInput{Action: models.ActReschedule, Date: stDate(2026, 11, 26), Half: models.AM, Reason: "van broke"}, "agreed/err.ticket.reschedule_agreement"},
		// Consent and the 10% rule.
		{"repaired, free", inService(false, false), items(stItems(15000, 15000, false)), models.StepInput{Action: models.ActRepaired}, ""},
		{"repaired, no lines", inService(false, false), nil, models.StepInput{Action: models.ActRepaired}, ""},
		{"repaired, charged, no consent", inService(false, false), items(stItems(15000, 15000, true)), models.StepInput{Action: models.ActRepaired}, "consent/err.ticket.consent_required"},
		{"repaired, charged, consent", inService(true, false), items(stItems(15000, 15000, true)), models.StepInput{Action: models.ActRepaired}, ""},
		{"exactly 10% below", inService(true, false), items(stItems(9000, 10000, true)), models.StepInput{Action: models.ActRepaired}, ""},
		{"10.01% below", inService(true, false), items(stItems(8999, 10000, true)), models.StepInput{Action: models.ActRepaired}, "quote/err.ticket.approval_required"},
		{"10.01% below, approved", inService(true, true), items(stItems(8999, 10000, true)), models.StepInput{Action: models.ActRepaired}, ""},
		{"fen rounding: 300 of 333 is 9.9% below", inService(true, false), items(stItems(300, 333, true)), models.StepInput{Action: models.ActRepaired}, ""},
		{"fen rounding: 299 of 333 is 10.2% below", inService(true, false), items(stItems(299, 333, true)), models.StepInput{Action: models.ActRepaired}, "quote/err.ticket.approval_required"},
		{"charged at 0: approval, no consent", inService(false, false), items(stItems(0, 10000, true)), models.StepInput{Action: models.ActRepaired}, "quote/err.ticket.approval_required"},
		{"both missing", inService(false, false), items(stItems(5000, 10000, true)), models.StepInput{Action: models.ActRepaired}, "consent/err.ticket.consent_required quote/err.ticket.approval_required"},
		{"limit 20%: 15% below ok", inService(true, false), func(s *models.TicketState) { s.Items = stItems(8500, 10000, true); s.DiscountLimit = 20 }, models.StepInput{Action: models.ActRepaired}, ""},
		{"limit 20%: 21% below", inService(true, false), func(s *models.TicketState) { s.Items = stItems(7900, 10000, true); s.DiscountLimit = 20 }, models.StepInput{Action: models.ActRepaired}, "quote/err.ticket.approval_required"},
		{"above the schedule", inService(true, false), items(stItems(12000, 10000, true)), models.StepInput{Action: models.ActRepaired}, ""},
		{"liability required", stTicket(models.ModeFactory, models.StatusBackFromFactory), nil, models.StepInput{Action: models.ActDecideLiability}, "liability/err.ticket.liability_required"},
		{"liability, no consent needed", stTicket(models.ModeFactory, models.StatusBackFromFactory), items(stItems(10000, 10000, true)), models.StepInput{Action: models.ActDecideLiability, Liability: models.LiabilityCustomer}, ""},
		{"liability, discount needs approval", stTicket(models.ModeFactory, models.StatusBackFromFactory), items(stItems(5000, 10000, true)), models.StepInput{Action: models.ActDecideLiability, Liability: models.LiabilityShop}, "quote/err.ticket.approval_required"},
		// Money owed.
		{"close unpaid", stTicket(models.ModeOnSite, models.StatusSigned), func(s *models.TicketState) { s.Items = stItems(10000, 10000, true); s.Paid = 9999 }, models.StepInput{Action: models.ActClose}, "payment/err.ticket.unpaid"},
		{"close paid", stTicket(models.ModeOnSite, models.StatusSigned), func(s *models.TicketState) { s.Items = stItems(10000, 10000, true); s.Paid = 10000 }, models.StepInput{Action: models.ActClose}, ""},
		{"close overpaid", stTicket(models.ModeMailIn, models.StatusShippedBack), func(s *models.TicketState) { s.Items = stItems(10000, 10000, true); s.Paid = 20000 }, models.StepInput{Action: models.ActClose}, ""},
		{"close free", stTicket(models.ModeCarryIn, models.StatusCollected), items(stItems(10000, 10000, false)), models.StepInput{Action: models.ActClose}, ""},
		{"collect unpaid", repaired(models.ModeCarryIn), items(stItems(10000, 10000, true)), models.StepInput{Action: models.ActCollect}, "payment/err.ticket.unpaid"},
		{"collect from ready, paid", stTicket(models.ModeCarryIn, models.StatusReadyForPickup), func(s *models.TicketState) { s.Items = stItems(10000, 10000, true); s.Paid = 10000 }, models.StepInput{Action: models.ActCollect}, ""},
		// Carry-in and mail-in details.
		{"voucher needs a date", stTicket(models.ModeCarryIn, models.StatusReceived), nil, models.StepInput{Action: models.ActIssueVoucher}, "date/err.ticket.expected_date_required"},
		{"voucher", stTicket(models.ModeCarryIn, models.StatusReceived), nil, models.StepInput{Action: models.ActIssueVoucher, Date: stDate(2026, 11, 30)}, ""},
		{"parcel needs courier, tracking, cost ≥ 0", stTicket(models.ModeMailIn, models.StatusAwaitingParcel), nil, models.StepInput{Action: models.ActReceiveParcel, Courier: " ", Tracking: "\t", Cost: -1}, "cost/err.ticket.cost_negative courier/err.ticket.courier_required tracking/err.ticket.tracking_required"},
		{"parcel, free courier", stTicket(models.ModeMailIn, models.StatusAwaitingParcel), nil, models.StepInput{Action: models.ActReceiveParcel, Courier: "顺丰", Tracking: "SF123", Cost: 0}, ""},
		{"ship back needs courier and tracking", repaired(models.ModeMailIn), nil, models.StepInput{Action: models.ActShipBack}, "courier/err.ticket.courier_required tracking/err.ticket.tracking_required"},
		{"ship back", repaired(models.ModeMailIn), nil, models.StepInput{Action: models.ActShipBack, Courier: "顺丰", Tracking: "SF9"}, ""},
		// Reasons.
		{"cancel needs a reason", stTicket(models.ModeOnSite, models.StatusNew), nil, models.StepInput{Action: models.ActCancel, Reason: " "}, "reason/err.ticket.reason_required"},
		{"abandon needs a reason", stTicket(models.ModeMailIn, models.StatusAwaitingParcel), nil, models.StepInput{Action: models.ActAbandon}, "reason/err.ticket.reason_required"},
		{"escalate needs a reason", stTicket(models.ModeOnSite, models.StatusSigned), nil, models.StepInput{Action: models.ActEscalate}, "reason/err.ticket.reason_required"},
		{"reason of 500 characters", stTicket(models.ModeOnSite, models.StatusNew), nil, models.StepInput{Action: models.ActCancel, Reason: " " + long500 + " "}, ""},
		{"reason of 501 characters", stTicket(models.ModeOnSite, models.StatusNew), nil, models.StepInput{Action: models.ActCancel, Reason: long500 + "x"}, "reason/err.ticket.reason_long"},
		{"long reason on any action", withTech(models.ModeOnSite, models.StatusAssigned, "A"), nil, models.StepInput{Action: models.ActReassign, TechnicianID: "B", Reason: long500 + "x"}, "reason/err.ticket.reason_long"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := models.TicketState{Ticket: c.t, Today: stToday}
			if c.st != nil {
				c.st(&st)
			}
			tr, err := models.CheckStep(st, c.in)
			if got := stKeys(err); got != c.want {
				t.Fatalf("CheckStep(%s on %s/%s) = %q (%v), want %q", c.in.Action, c.t.Mode, c.t.Status, got, err, c.want)
			}
			if err != nil && models.AsFieldErrors(err)[0].Error() == "" {
				t.Errorf("empty message")
			}
			legal := c.want != "action/err.ticket.illegal"
			if legal && tr.Action != c.in.Action {
				t.Errorf("transition %+v, want one for %s", tr, c.in.Action)
			}
		})
	}
	t.Logf("%d CheckStep cases", len(cases))
}

func TestCheckStepIllegalMessage(t *testing.T) {
	_, err := models.CheckStep(models.TicketState{Ticket: stTicket(models.ModeMailIn, models.StatusAwaitingParcel)}, models.StepInput{Action: models.ActShipBack})
	msg := fmt.Sprint(err)
	if !strings.Contains(msg, "ship_back") || !strings.Contains(msg, "awaiting_parcel") {
		t.Errorf("illegal step message %q does not say what and why", msg)
	}
}

func TestCheckStepLiabilityMustBeKnown(t *testing.T) {
	// fixed: 	t.Skip("bug: CheckStep accepts any non-empty Liability on decide_liability; it must be manufacturer, shop or customer")
	_, err := models.CheckStep(models.TicketState{Ticket: stTicket(models.ModeFactory, models.StatusBackFromFactory)},
		models.StepInput{Action: models.ActDecideLiability, Liability: "the neighbour"})
	if got := stKeys(err); got != "liability/err.ticket.liability_required" {
		t.Errorf("unknown liability: %q, want liability/err.ticket.liability_required", got)
	}
}

// ---- ApplyStep ----

func TestApplyStep(t *testing.T) {
	now := time.Date(2026, 11, 23, 3, 15, 0, 0, time.UTC)
	earlier := now.Add(-5 * time.Hour)
	apptDay := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	type tc struct {
		name  string
		t     *models.Ticket
		in    models.StepInput
		check func(t *testing.T, tk *models.Ticket)
	}
	base := func(mode models.RepairMode, s models.Status) *models.Ticket {
		tk := stTicket(mode, s)
		tk.StatusSince = earlier
		tk.TechnicianID = stStr("A")
		return tk
	}
	eq := func(t *testing.T, what string, got *time.Time, want time.Time) {
		t.Helper()
		if got == nil || !got.Equal(want) {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	statusNow := func(t *testing.T, tk *models.Ticket, s models.Status) {
		t.Helper()
		if tk.Status != s || !tk.StatusSince.Equal(now) {
			t.Errorf("status %s since %v, want %s since %v", tk.Status, tk.StatusSince, s, now)
		}
	}
	cases := []tc{
		{"assign", base(models.ModeOnSite, models.StatusNew), models.StepInput{Action: models.ActAssign, TechnicianID: "B"}, func(t *testing.T, tk *models.Ticket) {
			statusNow(t, tk, models.StatusAssigned)
			if *tk.TechnicianID != "B" {
				t.Errorf("technician %s", *tk.TechnicianID)
			}
		}},
		{"reassign keeps status and its start", base(models.ModeOnSite, models.StatusScheduled), models.StepInput{Action: models.ActReassign, TechnicianID: "C", Reason: "sick"}, func(t *testing.T, tk *models.Ticket) {
			if tk.Status != models.StatusScheduled || !tk.StatusSince.Equal(earlier) || *tk.TechnicianID != "C" {
				t.Errorf("got %s since %v tech %s", tk.Status, tk.StatusSince, *tk.TechnicianID)
			}
		}},
		{"schedule", base(models.ModeOnSite, models.StatusAssigned), models.StepInput{Action: models.ActSchedule, Date: time.Date(2026, 11, 25, 0, 0, 0, 0, stCST), Half: models.PM}, func(t *testing.T, tk *models.Ticket) {
			statusNow(t, tk, models.StatusScheduled)
			eq(t, "ApptDate", tk.ApptDate, apptDay)
			eq(t, "ScheduledAt", tk.ScheduledAt, now)
			if tk.ApptDate.Location() != time.UTC || tk.ApptHalf != models.PM || tk.ReschedulesCust+tk.ReschedulesShop != 0 {
				t.Errorf("appt %v %s, reschedules %d/%d", tk.ApptDate, tk.ApptHalf, tk.ReschedulesShop, tk.ReschedulesCust)
			}
		}},
		{"reschedule, shop asked", stWith(base(models.ModeOnSite, models.StatusScheduled), func(tk *models.Ticket) { tk.ApptDate, tk.ApptHalf, tk.ScheduledAt = &apptDay, models.AM, &earlier }),
			models.StepInput{Action: models.ActReschedule, Date: time.Date(2026, 11, 26, 0, 0, 0, 0, stCST), Half: models.AM, Reason: "van broke"}, func(t *testing.T, tk *models.Ticket) {
				eq(t, "ApptDate", tk.ApptDate, apptDay.AddDate(0, 0, 1))
				eq(t, "ScheduledAt", tk.ScheduledAt, now)
				if tk.ReschedulesShop != 1 || tk.ReschedulesCust != 0 || !tk.StatusSince.Equal(earlier) {
					t.Errorf("reschedules %d/%d, since %v", tk.ReschedulesShop, tk.ReschedulesCust, tk.StatusSince)
				}
			}},
		{"reschedule, customer asked", stWith(base(models.ModeOnSite, models.StatusScheduled), func(tk *models.Ticket) { tk.ApptDate, tk.ApptHalf, tk.ReschedulesCust = &apptDay, models.AM, 2 }),
			models.StepInput{Action: models.ActReschedule, Date: apptDay, Half: models.PM, Reason: "away", CustomerAsked: true}, func(t *testing.T, tk *models.Ticket) {
				if tk.ReschedulesShop != 0 || tk.ReschedulesCust != 3 || tk.ApptHalf != models.PM {
					t.Errorf("reschedules %d/%d half %s", tk.ReschedulesShop, tk.ReschedulesCust, tk.ApptHalf)
				}
			}},
		{"arrive", base(models.ModeOnSite, models.StatusScheduled), models.StepInput{Action: models.ActArrive}, func(t *testing.T, tk *models.Ticket) {
			statusNow(t, tk, models.StatusInService)
			eq(t, "ArrivedAt", tk.ArrivedAt, now)
		}},
		{"await parts", base(models.ModeOnSite, models.StatusInService), models.StepInput{Action: models.ActAwaitParts}, func(t *testing.T, tk *models.Ticket) {
			statusNow(t, tk, models.StatusAwaitingParts)
		}},
		{"repaired", base(models.ModeOnSite, models.StatusInService), models.StepInput{Action: models.ActRepaired}, func(t *testing.T, tk *models.Ticket) {
			statusNow(t, tk, models.StatusRepaired)
			eq(t, "RepairedAt", tk.RepairedAt, now)
		}},
		{"decide liability", base(models.ModeFactory, models.StatusBackFromFactory), models.StepInput{Action: models.ActDecideLiability, Liability: models.LiabilityManufacturer}, func(t *testing.T, tk *models.Ticket) {
			statusNow(t, tk, models.StatusRepaired)
			eq(t, "RepairedAt", tk.RepairedAt, now)
			if tk.Liability != models.LiabilityManufacturer {
				t.Errorf("liability %q", tk.Liability)
			}
		}},
		{"sign", base(models.ModeOnSite, models.StatusRepaired), models.StepInput{Action: models.ActSign}, func(t *testing.T, tk *models.Ticket) {
			statusNow(t, tk, models.StatusSigned)
			eq(t, "SignedAt", tk.SignedAt, now)
		}},
		{"collect signs and collects", base(models.ModeCarryIn, models.StatusReadyForPickup), models.StepInput{Action: models.ActCollect}, func(t *testing.T, tk *models.Ticket) {
			statusNow(t, tk, models.StatusCollected)
			eq(t, "CollectedAt", tk.CollectedAt, now)
			eq(t, "SignedAt", tk.SignedAt, now)
		}},
		{"ready", base(models.ModeCarryIn, models.StatusRepaired), models.StepInput{Action: models.ActReady}, func(t *testing.T, tk *models.Ticket) {
			statusNow(t, tk, models.StatusReadyForPickup)
			eq(t, "ReadyAt", tk.ReadyAt, now)
		}},
		{"receive", base(models.ModeCarryIn, models.StatusNew), models.StepInput{Action: models.ActReceive}, func(t *testing.T, tk *models.Ticket) {
			statusNow(t, tk, models.StatusReceived)
			eq(t, "ReceivedAt", tk.ReceivedAt, now)
		}},
		{"voucher", base(models.ModeCarryIn, models.StatusReceived), models.StepInput{Action: models.ActIssueVoucher, Date: time.Date(2026, 11, 30, 18, 0, 0, 0, stCST)}, func(t *testing.T, tk *models.Ticket) {
			statusNow(t, tk, models.StatusVoucherIssued)
			eq(t, "ExpectedReadyDate", tk.ExpectedReadyDate, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC))
		}},
		{"start repair", base(models.ModeCarryIn, models.StatusVoucherIssued), models.StepInput{Action: models.ActStartRepair}, func(t *testing.T, tk *models.Ticket) {
			statusNow(t, tk, models.StatusInService)
		}},
		{"request parcel", base(models.ModeMailIn, models.StatusNew), models.StepInput{Action: models.ActRequestParcel}, func(t *testing.T, tk *models.Ticket) {
			statusNow(t, tk, models.StatusAwaitingParcel)
			eq(t, "WaitingParcelAt", tk.WaitingParcelAt, now)
		}},
		{"receive parcel", base(models.ModeMailIn, models.StatusAwaitingParcel), models.StepInput{Action: models.ActReceiveParcel, Courier: " 顺丰 ", Tracking: " SF1 ", Cost: 1500}, func(t *testing.T, tk *models.Ticket) {
			statusNow(t, tk, models.StatusParcelReceived)
			eq(t, "ReceivedAt", tk.ReceivedAt, now)
			if tk.ParcelCourier != "顺丰" || tk.ParcelTracking != "SF1" || tk.ParcelCost != 1500 {
				t.Errorf("parcel %q %q %d", tk.ParcelCourier, tk.ParcelTracking, tk.ParcelCost)
			}
		}},
		{"ship back", base(models.ModeMailIn, models.StatusRepaired), models.StepInput{Action: models.ActShipBack, Courier: " 中通 ", Tracking: " ZT2 "}, func(t *testing.T, tk *models.Ticket) {
			statusNow(t, tk, models.StatusShippedBack)
			eq(t, "ShippedBackAt", tk.ShippedBackAt, now)
			if tk.ReturnCourier != "中通" || tk.ReturnTracking != "ZT2" {
				t.Errorf("return %q %q", tk.ReturnCourier, tk.ReturnTracking)
			}
		}},
		{"send to factory from on-site", base(models.ModeOnSite, models.StatusInService), models.StepInput{Action: models.ActSendToFactory, Tracking: " DB3 "}, func(t *testing.T, tk *models.Ticket) {
			statusNow(t, tk, models.StatusSentToFactory)
			eq(t, "FactorySentAt", tk.FactorySentAt, now)
			if tk.Mode != models.ModeFactory || tk.FactoryTracking != "DB3" {
				t.Errorf("mode %s tracking %q", tk.Mode, tk.FactoryTracking)
			}
		}},
		{"send to factory from carry-in", base(models.ModeCarryIn, models.StatusEscalated), models.StepInput{Action: models.ActSendToFactory}, func(t *testing.T, tk *models.Ticket) {
			if tk.Mode != models.ModeCarryIn || tk.Status != models.StatusSentToFactory {
				t.Errorf("mode %s status %s", tk.Mode, tk.Status)
			}
		}},
		{"other steps keep the mode", base(models.ModeCarryIn, models.StatusInService), models.StepInput{Action: models.ActRepaired}, func(t *testing.T, tk *models.Ticket) {
			if tk.Mode != models.ModeCarryIn {
				t.Errorf("mode %s", tk.Mode)
			}
		}},
		{"factory back", base(models.ModeFactory, models.StatusSentToFactory), models.StepInput{Action: models.ActFactoryBack}, func(t *testing.T, tk *models.Ticket) {
			statusNow(t, tk, models.StatusBackFromFactory)
			eq(t, "FactoryBackAt", tk.FactoryBackAt, now)
		}},
		{"escalate clears the appointment and counts", stWith(base(models.ModeOnSite, models.StatusInService), func(tk *models.Ticket) { tk.ApptDate, tk.ApptHalf, tk.Escalations = &apptDay, models.AM, 1 }),
			models.StepInput{Action: models.ActEscalate, Reason: "still leaks"}, func(t *testing.T, tk *models.Ticket) {
				statusNow(t, tk, models.StatusEscalated)
				if tk.Escalations != 2 || tk.ApptDate != nil || tk.ApptHalf != "" || *tk.TechnicianID != "A" {
					t.Errorf("escalations %d appt %v %q tech %v", tk.Escalations, tk.ApptDate, tk.ApptHalf, *tk.TechnicianID)
				}
			}},
		{"close", stWith(base(models.ModeOnSite, models.StatusSigned), func(tk *models.Ticket) { tk.Resolution = "old" }), models.StepInput{Action: models.ActClose, Note: "  replaced the hinge "}, func(t *testing.T, tk *models.Ticket) {
			statusNow(t, tk, models.StatusClosed)
			eq(t, "ClosedAt", tk.ClosedAt, now)
			if tk.Resolution != "replaced the hinge" {
				t.Errorf("resolution %q", tk.Resolution)
			}
		}},
		{"close without note keeps the resolution", stWith(base(models.ModeCarryIn, models.StatusCollected), func(tk *models.Ticket) { tk.Resolution = "old" }), models.StepInput{Action: models.ActClose, Note: " "}, func(t *testing.T, tk *models.Ticket) {
			if tk.Resolution != "old" {
				t.Errorf("resolution %q", tk.Resolution)
			}
		}},
		{"cancel", base(models.ModeOnSite, models.StatusScheduled), models.StepInput{Action: models.ActCancel, Reason: " bought a new one "}, func(t *testing.T, tk *models.Ticket) {
			statusNow(t, tk, models.StatusCancelled)
			eq(t, "ClosedAt", tk.ClosedAt, now)
			if tk.CancelReason != "bought a new one" {
				t.Errorf("reason %q", tk.CancelReason)
			}
		}},
		{"abandon", base(models.ModeMailIn, models.StatusAwaitingParcel), models.StepInput{Action: models.ActAbandon, Reason: "no time"}, func(t *testing.T, tk *models.Ticket) {
			statusNow(t, tk, models.StatusAbandoned)
			eq(t, "ClosedAt", tk.ClosedAt, now)
			if tk.CancelReason != "no time" {
				t.Errorf("reason %q", tk.CancelReason)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr, ok := models.Find(c.in.Action, c.t.Mode, c.t.Status)
			if !ok {
				t.Fatalf("%s not legal in %s/%s", c.in.Action, c.t.Mode, c.t.Status)
			}
			models.ApplyStep(c.t, tr, c.in, now)
			c.check(t, c.t)
		})
	}
	t.Logf("%d ApplyStep cases", len(cases))
}

func stWith(tk *models.Ticket, f func(*models.Ticket)) *models.Ticket { f(tk); return tk }

// stRun checks and applies steps in order, failing on the first refusal.
func stRun(t *testing.T, tk *models.Ticket, st models.TicketState, now time.Time, steps ...models.StepInput) {
	t.Helper()
	st.Ticket = tk
	for i, in := range steps {
		tr, err := models.CheckStep(st, in)
		if err != nil {
			t.Fatalf("step %d %s in %s/%s: %v", i, in.Action, tk.Mode, tk.Status, err)
		}
		models.ApplyStep(tk, tr, in, now.Add(time.Duration(i)*time.Hour))
	}
}

func TestWorkflowPaths(t *testing.T) {
	d := stDate(2026, 11, 25)
	paid := models.TicketState{Today: stToday}
	cases := []struct {
		name  string
		mode  models.RepairMode
		steps []models.StepInput
		want  models.Status
	}{
		{"on-site with parts and escalation", models.ModeOnSite, []models.StepInput{
			{Action: models.ActAssign, TechnicianID: "A"},
			{Action: models.ActSchedule, Date: d, Half: models.AM},
			{Action: models.ActArrive},
			{Action: models.ActAwaitParts},
			{Action: models.ActSchedule, Date: d.AddDate(0, 0, 3), Half: models.PM},
			{Action: models.ActArrive},
			{Action: models.ActRepaired},
			{Action: models.ActSign},
			{Action: models.ActEscalate, Reason: "still broken"},
			{Action: models.ActAssign, TechnicianID: "B"},
			{Action: models.ActSchedule, Date: d.AddDate(0, 0, 5), Half: models.AM},
			{Action: models.ActArrive},
			{Action: models.ActRepaired},
			{Action: models.ActSign},
			{Action: models.ActClose},
		}, models.StatusClosed},
		{"carry-in with voucher", models.ModeCarryIn, []models.StepInput{
			{Action: models.ActReceive},
			{Action: models.ActIssueVoucher, Date: d},
			{Action: models.ActStartRepair},
			{Action: models.ActAwaitParts},
			{Action: models.ActPartsArrived},
			{Action: models.ActRepaired},
			{Action: models.ActReady},
			{Action: models.ActCollect},
			{Action: models.ActClose},
		}, models.StatusClosed},
		{"carry-in on the spot", models.ModeCarryIn, []models.StepInput{
			{Action: models.ActReceive}, {Action: models.ActStartRepair}, {Action: models.ActRepaired}, {Action: models.ActCollect}, {Action: models.ActClose},
		}, models.StatusClosed},
		{"carry-in to the factory", models.ModeCarryIn, []models.StepInput{
			{Action: models.ActReceive}, {Action: models.ActStartRepair}, {Action: models.ActSendToFactory},
			{Action: models.ActFactoryBack}, {Action: models.ActDecideLiability, Liability: models.LiabilityManufacturer},
			{Action: models.ActCollect}, {Action: models.ActClose},
		}, models.StatusClosed},
		{"mail-in", models.ModeMailIn, []models.StepInput{
			{Action: models.ActRequestParcel},
			{Action: models.ActReceiveParcel, Courier: "顺丰", Tracking: "SF1", Cost: 2300},
			{Action: models.ActStartRepair},
			{Action: models.ActRepaired},
			{Action: models.ActShipBack, Courier: "顺丰", Tracking: "SF2"},
			{Action: models.ActClose},
		}, models.StatusClosed},
		{"mail-in abandoned", models.ModeMailIn, []models.StepInput{
			{Action: models.ActRequestParcel}, {Action: models.ActAbandon, Reason: "day 15, no time"},
		}, models.StatusAbandoned},
		{"factory", models.ModeFactory, []models.StepInput{
			{Action: models.ActSendToFactory}, {Action: models.ActFactoryBack},
			{Action: models.ActDecideLiability, Liability: models.LiabilityCustomer}, {Action: models.ActSign}, {Action: models.ActClose},
		}, models.StatusClosed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tk := stTicket(c.mode, models.StatusNew)
			stRun(t, tk, paid, stNow, c.steps...)
			if tk.Status != c.want {
				t.Errorf("ended in %s, want %s", tk.Status, c.want)
			}
		})
	}
}

// After an escalation from "signed" the job is repaired and signed again:
// the signature must not predate the repair it confirms (seed 004: the
// customer signs only after the service).
func TestApplyStepResignAfterEscalation(t *testing.T) {
	// fixed: 	t.Skip("bug: ApplyStep keeps the first SignedAt on a second sign, so SignedAt < RepairedAt after an escalation")
	tk := stTicket(models.ModeOnSite, models.StatusSigned)
	tk.TechnicianID = stStr("A")
	first := stNow.Add(-24 * time.Hour)
	tk.RepairedAt, tk.SignedAt = stTimeP(first), stTimeP(first)
	stRun(t, tk, models.TicketState{Today: stToday}, stNow,
		models.StepInput{Action: models.ActEscalate, Reason: "still broken"},
		models.StepInput{Action: models.ActAssign, TechnicianID: "B"},
		models.StepInput{Action: models.ActSchedule, Date: stDate(2026, 11, 25), Half: models.AM},
		models.StepInput{Action: models.ActArrive},
		models.StepInput{Action: models.ActRepaired},
		models.StepInput{Action: models.ActSign},
	)
	if tk.SignedAt.Before(*tk.RepairedAt) {
		t.Errorf("SignedAt %v before RepairedAt %v", tk.SignedAt, tk.RepairedAt)
	}
}
