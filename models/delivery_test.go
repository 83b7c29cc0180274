package models_test

import (
	"strings"
	"testing"
	"time"

	"aftercare/models"
)

// dvExpected is the delivery and part workflow written out independently
// of the transition table: status → action → next status ("" keeps it).
var dvExpected = map[models.RepairMode]map[models.Status]map[models.Action]models.Status{
	models.ModeDelivery: {
		models.StatusNew: {models.ActAssignCrew: models.StatusScheduled, models.ActReschedule: "",
			models.ActCancel: models.StatusCancelled},
		models.StatusScheduled: {models.ActAssignCrew: "", models.ActReschedule: "", models.ActArrive: models.StatusInService,
			models.ActCompleteInst: models.StatusInstalled, models.ActCancel: models.StatusCancelled},
		models.StatusInService: {models.ActCompleteInst: models.StatusInstalled, models.ActCancel: models.StatusCancelled},
		models.StatusInstalled: {models.ActSign: models.StatusSigned},
		models.StatusSigned:    {models.ActClose: models.StatusClosed},
	},
	models.ModePart: {
		models.StatusRequested:    {models.ActApprovePart: models.StatusApproved, models.ActCancel: models.StatusCancelled},
		models.StatusApproved:     {models.ActProducePart: models.StatusInProduction, models.ActWarehousePart: models.StatusWarehoused, models.ActCancel: models.StatusCancelled},
		models.StatusInProduction: {models.ActWarehousePart: models.StatusWarehoused, models.ActCancel: models.StatusCancelled},
		models.StatusWarehoused:   {models.ActShipPart: models.StatusShipped, models.ActCancel: models.StatusCancelled},
		models.StatusShipped:      {models.ActReceivePart: models.StatusPartReceived},
		models.StatusPartReceived: {models.ActClose: models.StatusClosed},
	},
}

func TestDeliveryWorkflowMatchesTable(t *testing.T) {
	for mode, byStatus := range dvExpected {
		for _, s := range models.AllStatuses {
			for _, a := range stWorkflowActions {
				want, legal := byStatus[s][a]
				tr, ok := models.Find(a, mode, s)
				if ok != legal {
					t.Errorf("%s: %s from %s: legal=%v, want %v", mode, a, s, ok, legal)
					continue
				}
				if ok && tr.To != want {
					t.Errorf("%s: %s from %s goes to %q, want %q", mode, a, s, tr.To, want)
				}
			}
		}
	}
	// No repair step leaks into deliveries, and no delivery step into repairs.
	for _, a := range models.LegalActions(models.ModeOnSite, models.StatusScheduled) {
		if a == models.ActAssignCrew || a == models.ActCompleteInst {
			t.Errorf("on-site repair offers %s", a)
		}
	}
	for _, a := range models.LegalActions(models.ModeDelivery, models.StatusInService) {
		if a == models.ActRepaired || a == models.ActAwaitParts || a == models.ActEscalate {
			t.Errorf("delivery offers repair step %s", a)
		}
	}
}

func TestCheckCrew(t *testing.T) {
	cases := []struct {
		name           string
		crew           []string
		leader, reason string
		fields         []string
	}{
		{"two with leader", []string{"a", "b"}, "a", "", nil},
		{"three", []string{"a", "b", "c"}, "c", "", nil},
		{"nobody", nil, "", "", []string{"crew"}},
		{"blank ids only", []string{"", ""}, "", "", []string{"crew"}},
		{"one without reason", []string{"a"}, "a", "", []string{"crew_reason"}},
		{"one with reason", []string{"a"}, "a", "the customer carries the small cabinet in", nil},
		{"leader not in crew", []string{"a", "b"}, "c", "", []string{"leader"}},
		{"no leader", []string{"a", "b"}, "", "", []string{"leader"}},
		{"twice", []string{"a", "a"}, "a", "", []string{"crew", "crew_reason"}},
		{"too many", []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, "1", "", []string{"crew"}},
		{"long reason", []string{"a"}, "a", strings.Repeat("因", 501), []string{"crew_reason"}},
	}
	for _, c := range cases {
		err := models.CheckCrew(c.crew, c.leader, c.reason)
		var got []string
		for _, fe := range models.AsFieldErrors(err) {
			got = append(got, fe.Field)
		}
		if strings.Join(got, ",") != strings.Join(c.fields, ",") {
			t.Errorf("%s: fields %v, want %v (%v)", c.name, got, c.fields, err)
		}
	}
}

func TestDefaultChecklists(t *testing.T) {
	f := models.DefaultChecklist(models.ChecklistFurniture)
	a := models.DefaultChecklist(models.ChecklistAppliance)
	if len(f) != 8 {
		t.Fatalf("furniture checklist has %d lines, DOMAIN.md lists 8", len(f))
	}
	if len(a) != 13 {
		t.Fatalf("appliance checklist has %d lines, want the 8 plus 5 appliance lines", len(a))
	}
	keys := map[string]bool{}
	for _, it := range a {
		keys[it.Key] = true
		if !it.Required {
			t.Errorf("%s is not required by default", it.Key)
		}
	}
	for _, it := range f {
		if !keys[it.Key] {
			t.Errorf("appliance checklist lacks furniture line %s", it.Key)
		}
	}
	if models.DefaultChecklist("custom") != nil {
		t.Error("a custom family has built-in lines")
	}
	if err := models.CheckTemplate("", "checklist.name.furniture", f); err != nil {
		t.Errorf("default template invalid: %v", err)
	}
	if err := models.CheckTemplate("  ", "", []models.ChecklistItem{{Text: " "}}); len(models.AsFieldErrors(err)) != 2 {
		t.Errorf("blank name and blank line: %v", err)
	}
	if err := models.CheckTemplate("x", "", nil); err == nil {
		t.Error("an empty template was accepted")
	}
	if models.ChecklistFamilyFor("air_conditioner") != models.ChecklistAppliance || models.ChecklistFamilyFor("furniture") != models.ChecklistFurniture {
		t.Error("checklist family by product type")
	}
}

func TestCompleteNeedsReasonForUntickedRequired(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	tk := &models.Ticket{Kind: models.KindDelivery, Mode: models.ModeDelivery, Status: models.StatusInService}
	ticked := now
	checks := []models.TicketCheck{
		{Required: true, CheckedAt: &ticked}, {Required: true}, {Required: false},
	}
	st := models.TicketState{Ticket: tk, Today: now, Checks: checks}
	_, err := models.CheckStep(st, models.StepInput{Action: models.ActCompleteInst})
	fe := models.AsFieldErrors(err)
	if len(fe) != 1 || fe[0].Key != "err.delivery.unticked_reason" || fe[0].Data["Count"] != 1 {
		t.Fatalf("unticked required line: %v", err)
	}
	tr, err := models.CheckStep(st, models.StepInput{Action: models.ActCompleteInst, Reason: "customer had to leave; hinges checked next visit"})
	if err != nil {
		t.Fatal(err)
	}
	models.ApplyStep(tk, tr, models.StepInput{Action: models.ActCompleteInst, Reason: " customer had to leave "}, now)
	if tk.Status != models.StatusInstalled || tk.RepairedAt == nil || tk.ChecklistReason != "customer had to leave" {
		t.Errorf("after completion: %+v", tk)
	}
	// An unticked optional line needs no reason.
	checks[1].CheckedAt = &ticked
	tk.Status = models.StatusInService
	if _, err := models.CheckStep(models.TicketState{Ticket: tk, Checks: checks}, models.StepInput{Action: models.ActCompleteInst}); err != nil {
		t.Errorf("only optional lines open: %v", err)
	}
	if d, tot, miss := models.Progress(checks); d != 2 || tot != 3 || miss != 0 {
		t.Errorf("progress %d/%d missing %d", d, tot, miss)
	}
}

func TestDeliveryDue(t *testing.T) {
	loc := time.UTC
	r := models.DefaultDueRules
	appt := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	now := time.Date(2026, 11, 23, 16, 0, 0, 0, loc)
	tk := &models.Ticket{Kind: models.KindDelivery, Mode: models.ModeDelivery, Status: models.StatusNew,
		ReportedAt: now, StatusSince: now, FirstContactAt: &now, ApptDate: &appt, ApptHalf: models.AM}
	d, ok := models.NextDue(tk, r, loc)
	if !ok || d.Rule != models.DueCrew || !d.At.Equal(time.Date(2026, 11, 24, 9, 0, 0, 0, loc)) {
		t.Errorf("new delivery due %v %v, want crew by the 9:00 start", d, ok)
	}
	tk.Status = models.StatusScheduled
	if d, _ := models.NextDue(tk, r, loc); d.Rule != models.DueVisit {
		t.Errorf("scheduled: %v", d)
	}
	tk.Status = models.StatusInService
	if d, _ := models.NextDue(tk, r, loc); d.Rule != models.DueInstallDone || !d.At.Equal(time.Date(2026, 11, 24, 13, 0, 0, 0, loc)) {
		t.Errorf("in service: %v", d)
	}
	tk.Status, tk.StatusSince = models.StatusInstalled, now
	if d, _ := models.NextDue(tk, r, loc); d.Rule != models.DueSignatureReturn {
		t.Errorf("installed: %v", d)
	}
	tk.Status = models.StatusClosed
	if _, ok := models.NextDue(tk, r, loc); ok {
		t.Error("a closed delivery is due")
	}
}
