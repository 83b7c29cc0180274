package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"aftercare/models"
)

// fuClockApp opens a database with a movable clock at fixedNow.
func fuClockApp(t *testing.T) (*App, *rulesClock) {
	t.Helper()
	clk := &rulesClock{now: fixedNow}
	a, err := Open(Options{Path: filepath.Join(t.TempDir(), "fu.db"), Clock: clk.Now, Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a, clk
}

// fuCompleteDelivery books a delivery with a crew of two and completes it.
func fuCompleteDelivery(t *testing.T, f *deliveryFixture) *TicketDetail {
	t.Helper()
	d, err := f.a.CreateTicket(f.intake(f.lead.ID, f.mate.ID))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range d.Checks {
		if d, err = f.a.TickCheck(d.Ticket.ID, c.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	if fus, _ := f.a.FollowUps(d.Ticket.ID); len(fus) != 0 {
		t.Fatalf("scheduled before completion: %d", len(fus))
	}
	return step(t, f.a, d.Ticket.ID, models.StepInput{Action: models.ActCompleteInst})
}

func fuReached() models.CallInput {
	return models.CallInput{Outcome: models.CallReached, Satisfaction: 5, Product: models.AnswerOK,
		Delivery: models.AnswerOK, Crew: models.AnswerOK}
}

func TestFollowUpsScheduledWhenDeliveryCompletes(t *testing.T) {
	f := newDeliveryFixture(t)
	a := f.a
	d := fuCompleteDelivery(t, f)
	fus, err := a.FollowUps(d.Ticket.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Completed on 2026-11-23.
	want := []struct {
		off models.Offset
		due string
	}{{"1w", "2026-11-30"}, {"1m", "2026-12-23"}, {"3m", "2027-02-23"}, {"6m", "2027-05-23"}, {"1y", "2027-11-23"}}
	if len(fus) != len(want) {
		t.Fatalf("follow-ups: %d", len(fus))
	}
	for i, w := range want {
		fu := fus[i]
		if fu.Offset != w.off || models.FormatDate(fu.DueDate) != w.due || fu.Status != models.FollowUpDue ||
			fu.JobKind != models.JobDelivery || fu.CustomerID != f.c.ID {
			t.Errorf("call %d: %s %s %s %s", i, fu.Offset, models.FormatDate(fu.DueDate), fu.Status, fu.JobKind)
		}
	}
	// Signing and closing the delivery schedules nothing more.
	step(t, a, d.Ticket.ID, models.StepInput{Action: models.ActSign})
	step(t, a, d.Ticket.ID, models.StepInput{Action: models.ActClose})
	if fus, _ := a.FollowUps(d.Ticket.ID); len(fus) != 5 {
		t.Fatalf("after close: %d", len(fus))
	}
	// Nothing is due today.
	if rows, err := a.DueFollowUps(context.Background(), 0); err != nil || len(rows) != 0 {
		t.Fatalf("due today: %d %v", len(rows), err)
	}
}

func TestFollowUpScheduledWhenRepairCloses(t *testing.T) {
	a := newTestApp(t)
	c := mustCreate(t, a, "张伟", "13800138000")
	tech := mustStaff(t, a, "李师傅", models.RoleTechnician)
	// The shop's schedule: a repair is called after 3 days and after 2 weeks.
	if _, err := a.SaveFollowUpSchedule(models.FollowUpSchedule{Delivery: []models.Offset{"1m"}, Repair: []models.Offset{"2W", "3d"}}); err != nil {
		t.Fatal(err)
	}
	s, _ := a.FollowUpSchedule()
	if len(s.Repair) != 2 || s.Repair[0] != "3d" || s.Repair[1] != "2w" {
		t.Fatalf("saved schedule: %+v", s)
	}
	if _, err := a.SaveFollowUpSchedule(models.FollowUpSchedule{Repair: []models.Offset{"soon"}}); models.AsFieldErrors(err).ForField("repair") == nil {
		t.Fatalf("a bad offset saved: %v", err)
	}
	if _, err := a.SaveFollowUpSchedule(models.FollowUpSchedule{Delivery: []models.Offset{"1w"}, Repair: []models.Offset{"3d"}}); err != nil {
		t.Fatal(err)
	}
	d, err := a.CreateTicket(IntakeInput{CustomerID: c.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Product: "格力空调", Symptom: "不制冷"})
	if err != nil {
		t.Fatal(err)
	}
	id := d.Ticket.ID
	step(t, a, id, models.StepInput{Action: models.ActAssign, TechnicianID: tech.ID})
	step(t, a, id, models.StepInput{Action: models.ActSchedule, Date: fixedNow.AddDate(0, 0, 1), Half: models.AM})
	step(t, a, id, models.StepInput{Action: models.ActArrive})
	step(t, a, id, models.StepInput{Action: models.ActRepaired})
	step(t, a, id, models.StepInput{Action: models.ActSign})
	if fus, _ := a.FollowUps(id); len(fus) != 0 {
		t.Fatalf("scheduled before the close: %d", len(fus))
	}
	step(t, a, id, models.StepInput{Action: models.ActClose})
	fus, _ := a.FollowUps(id)
	if len(fus) != 1 || fus[0].Offset != "3d" || models.FormatDate(fus[0].DueDate) != "2026-11-26" || fus[0].JobKind != models.JobRepair {
		t.Fatalf("repair follow-ups: %+v", fus)
	}
	// The call form names the technician.
	det, err := a.FollowUp(fus[0].ID)
	if err != nil || len(det.Staff) != 1 || det.Staff[0].StaffID != tech.ID || det.Job.Ticket.Number != d.Ticket.Number {
		t.Fatalf("detail: %+v %v", det, err)
	}
}

func TestFollowUpOutcomesAndDueList(t *testing.T) {
	a, clk := fuClockApp(t)
	f := &deliveryFixture{a: a, c: mustCreate(t, a, "陈静", "13900139000")}
	f.lead = mustStaff(t, a, "赵师傅", models.RoleDelivery)
	f.mate = mustStaff(t, a, "钱师傅", models.RoleDelivery)
	tpls, _ := a.ChecklistTemplates(false)
	f.furniture = tpls[0]
	d := fuCompleteDelivery(t, f)
	ctx := context.Background()

	// A week later the first call is due.
	clk.add(7 * 24 * time.Hour)
	rows, err := a.DueFollowUps(ctx, 0)
	if err != nil || len(rows) != 1 {
		t.Fatalf("due after a week: %d %v", len(rows), err)
	}
	r := rows[0]
	if r.Offset != "1w" || r.TicketNumber != d.Ticket.Number || r.CustomerName != "陈静" || r.Phone == "" || r.Overdue {
		t.Fatalf("row: %+v", r)
	}
	id := r.ID

	// No answer: tried again the next day; the attempt is counted.
	det, err := a.RecordCall(id, models.CallInput{Outcome: models.CallNoAnswer, Satisfaction: 3})
	if err != nil {
		t.Fatal(err)
	}
	fu := det.FollowUp
	if fu.Status != models.FollowUpDue || fu.Attempts != 1 || models.FormatDate(fu.DueDate) != "2026-12-01" || fu.Satisfaction != 0 {
		t.Fatalf("no answer: %+v", fu)
	}
	if rows, _ := a.DueFollowUps(ctx, 0); len(rows) != 0 {
		t.Fatalf("still due today after no answer: %d", len(rows))
	}
	// A stale form (the version it opened with) is refused.
	if _, err := a.RecordCall(id, models.CallInput{Version: 1, Outcome: models.CallNoAnswer}); models.AsFieldErrors(err).ForField("outcome") == nil {
		t.Fatalf("stale version accepted: %v", err)
	}

	// Next day, not convenient: a call-back time is needed, then it waits.
	clk.add(24 * time.Hour)
	if rows, _ := a.DueFollowUps(ctx, 0); len(rows) != 1 || !rows[0].At.Equal(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("due again: %+v", rows)
	}
	if _, err := a.RecordCall(id, models.CallInput{Outcome: models.CallNotConvenient}); models.AsFieldErrors(err).ForField("callback") == nil {
		t.Fatalf("not convenient without a time: %v", err)
	}
	back := clk.Now().Add(5 * time.Hour)
	det, err = a.RecordCall(id, models.CallInput{Outcome: models.CallNotConvenient, CallbackAt: back})
	if err != nil {
		t.Fatal(err)
	}
	if fu := det.FollowUp; fu.Status != models.FollowUpCallback || fu.CallbackAt == nil || !fu.CallbackAt.Equal(back) || fu.Attempts != 2 {
		t.Fatalf("not convenient: %+v", fu)
	}
	if rows, _ := a.DueFollowUps(ctx, 0); len(rows) != 0 {
		t.Fatalf("a call-back shows before its time: %d", len(rows))
	}
	clk.add(5 * time.Hour)
	rows, _ = a.DueFollowUps(ctx, 0)
	if len(rows) != 1 || rows[0].Status != models.FollowUpCallback || !rows[0].At.Equal(back) {
		t.Fatalf("call-back due: %+v", rows)
	}

	// Reached: done, with the answers; the job's timeline has the call.
	in := fuReached()
	in.Satisfaction, in.Crew, in.CrewNote, in.Comments = 4, models.AnswerProblem, "师傅到得晚了半小时", "总体满意"
	det, err = a.RecordCall(id, in)
	if err != nil {
		t.Fatal(err)
	}
	fu = det.FollowUp
	if fu.Status != models.FollowUpDone || fu.Satisfaction != 4 || fu.CrewAnswer != models.AnswerProblem || fu.CrewNote == "" ||
		fu.DoneBy != "tester" || fu.DoneAt == nil || fu.Attempts != 3 || fu.Comments != "总体满意" || fu.ComplaintTicketID != nil {
		t.Fatalf("reached: %+v", fu)
	}
	if rows, _ := a.DueFollowUps(ctx, 0); len(rows) != 0 {
		t.Fatalf("done call still due: %d", len(rows))
	}
	if _, err := a.RecordCall(id, fuReached()); models.AsFieldErrors(err).ForField("outcome") == nil {
		t.Fatalf("a done call recorded again: %v", err)
	}
	job, _ := a.Ticket(d.Ticket.ID)
	var calls int
	for _, e := range job.Events {
		if e.Action == models.ActNote && strings.Contains(e.Data, `"follow_up":"1w"`) {
			calls++
		}
	}
	if calls != 3 {
		t.Fatalf("timeline has %d call lines", calls)
	}
	// No conduct records: nothing was observed.
	if recs, _ := a.Records(context.Background(), RecordFilter{TicketID: d.Ticket.ID}); len(recs) != 0 {
		t.Fatalf("records: %d", len(recs))
	}
	// Overdue: the 1-month call, looked at a week after its day.
	clk.add(30 * 24 * time.Hour)
	rows, _ = a.DueFollowUps(ctx, 0)
	if len(rows) != 1 || rows[0].Offset != "1m" || !rows[0].Overdue {
		t.Fatalf("overdue: %+v", rows)
	}
}

func TestFollowUpCallRecordsConductAndComplaint(t *testing.T) {
	a, gm := newSignInApp(t)
	clerk := staffWithPIN(t, a, "前台小刘", models.RoleCounter)
	f := &deliveryFixture{a: a, c: mustCreate(t, a, "陈静", "13900139000")}
	f.lead = mustStaff(t, a, "赵师傅", models.RoleDelivery)
	f.mate = mustStaff(t, a, "钱师傅", models.RoleDelivery)
	tpls, _ := a.ChecklistTemplates(false)
	f.furniture = tpls[0]
	d := fuCompleteDelivery(t, f)
	fus, _ := a.FollowUps(d.Ticket.ID)
	id := fus[0].ID

	// The counter, without the conduct permission, records the call.
	signInAs(t, a, clerk)
	if _, err := a.SaveFollowUpSchedule(models.DefaultFollowUpSchedule()); models.AsFieldErrors(err).ForField("permission") == nil {
		t.Fatalf("counter saved the schedule: %v", err)
	}
	// A complaint that is too long fails the whole call: nothing is written.
	in := fuReached()
	in.TipRefused, in.UniformBreach = true, true
	in.Complaint = strings.Repeat("柜", 2001)
	if _, err := a.RecordCall(id, in); models.AsFieldErrors(err).ForField("complaint") == nil {
		t.Fatalf("long complaint: %v", err)
	}
	in.Complaint = "衣柜门关不严，师傅说下次来修一直没来"
	in.Satisfaction, in.Product, in.ProductNote = 2, models.AnswerProblem, "柜门关不严"
	det, err := a.RecordCall(id, in)
	if err != nil {
		t.Fatal(err)
	}
	if det.FollowUp.ComplaintTicketID == nil || !strings.HasPrefix(det.Complaint, "TS20261123-") {
		t.Fatalf("complaint: %+v %q", det.FollowUp, det.Complaint)
	}
	// Each crew member gets a reward and a fine, linked to the job, from
	// the follow-up call, recorded by the clerk.
	recs, err := a.Records(context.Background(), RecordFilter{TicketID: d.Ticket.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4 {
		t.Fatalf("records: %d", len(recs))
	}
	var sum models.Money
	per := map[string]int{}
	for _, r := range recs {
		if r.Source != models.RecFollowUp || r.RecordedBy != "前台小刘" || r.Month != "2026-11" {
			t.Errorf("record: %+v", r)
		}
		sum += r.Amount
		per[r.StaffID]++
	}
	// +20 reward and −10 uniform fine for each of two people.
	if sum != 2*(2000-1000) || per[f.lead.ID] != 2 || per[f.mate.ID] != 2 {
		t.Fatalf("amounts %d, per person %v", sum, per)
	}
	// The complaint ticket is new, from the phone, linked to the job.
	c, err := a.Ticket(*det.FollowUp.ComplaintTicketID)
	if err != nil {
		t.Fatal(err)
	}
	ct := c.Ticket
	if ct.Kind != models.KindComplaint || ct.Mode != models.ModeComplaint || ct.Status != models.StatusNew ||
		ct.Source != models.SourcePhone || ct.LinkedTicketID == nil || *ct.LinkedTicketID != d.Ticket.ID ||
		ct.Symptom != in.Complaint || ct.CustomerID != f.c.ID || c.From == nil || c.From.Number != d.Ticket.Number {
		t.Fatalf("complaint ticket: %+v", ct)
	}
	job, _ := a.Ticket(d.Ticket.ID)
	if len(job.Raised) != 1 || job.Raised[0].Number != det.Complaint {
		t.Fatalf("raised from the job: %+v", job.Raised)
	}

	// A repair with no technician recorded cannot take observations.
	if _, err := a.SignIn(gm.ID, "2580"); err != nil {
		t.Fatal(err)
	}
	rep, err := a.CreateTicket(IntakeInput{CustomerID: f.c.ID, Kind: models.KindRepair, Mode: models.ModeCarryIn, Product: "微波炉", Symptom: "不加热"})
	if err != nil {
		t.Fatal(err)
	}
	fake := models.FollowUp{TicketID: rep.Ticket.ID, CustomerID: f.c.ID, JobKind: models.JobRepair, Offset: "3d",
		DueDate: models.CivilDate(fixedNow), Status: models.FollowUpDue, Version: 1}
	if err := a.db.Create(&fake).Error; err != nil {
		t.Fatal(err)
	}
	in = fuReached()
	in.LanguageBreach = true
	if _, err := a.RecordCall(fake.ID, in); models.AsFieldErrors(err).ForField("conduct") == nil {
		t.Fatalf("observation without staff: %v", err)
	}
	var again models.FollowUp
	a.db.Where("id = ?", fake.ID).Find(&again)
	if again.Status != models.FollowUpDue || again.Attempts != 0 {
		t.Fatalf("a failed call changed the record: %+v", again)
	}
}
