package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"aftercare/models"
)

// complaintFixture is a shop with a manager, an installer, a customer and
// the job the customer complains about, on a clock the test moves.
type complaintFixture struct {
	a          *App
	now        time.Time
	c          *models.Customer
	job        *TicketDetail
	bm, fitter *models.Staff
}

func newComplaintFixture(t *testing.T, signIn bool) *complaintFixture {
	t.Helper()
	f := &complaintFixture{now: fixedNow}
	a, err := Open(Options{Path: filepath.Join(t.TempDir(), "shop.db"), Clock: func() time.Time { return f.now }, Actor: "tester", RequireSignIn: signIn})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	f.a = a
	if signIn {
		if _, err := a.CreateFirstAccount(models.StaffInput{Name: "王总"}, "2580"); err != nil {
			t.Fatal(err)
		}
	}
	f.c = mustCreate(t, a, "刘芳", "13811112222")
	f.bm = mustStaff(t, a, "孙经理", models.RoleBusinessManager)
	f.fitter = mustStaff(t, a, "赵师傅", models.RoleDelivery)
	f.job, err = a.CreateTicket(IntakeInput{CustomerID: f.c.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "衣柜门板脱落"})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// complain opens a complaint about the job, reported at the fixture's now.
func (f *complaintFixture) complain(t *testing.T) *TicketDetail {
	t.Helper()
	d, err := f.a.CreateTicket(IntakeInput{CustomerID: f.c.ID, Kind: models.KindComplaint, Priority: models.PriorityUrgent,
		Symptom: "安装师傅没穿工服，还把地板划了", LinkedTicketID: f.job.Ticket.ID})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// todayRule is the complaint's line on the Today board, if any.
func todayRule(t *testing.T, a *App, id string) (TodayItem, bool) {
	t.Helper()
	items, err := a.Today(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.ID == id {
			return it, true
		}
	}
	return TodayItem{}, false
}

func TestComplaintThroughEveryState(t *testing.T) {
	f := newComplaintFixture(t, false)
	a := f.a
	d := f.complain(t)
	tk := d.Ticket
	if !strings.HasPrefix(tk.Number, "TS20261123-") || tk.Mode != models.ModeComplaint || tk.Status != models.StatusNew ||
		tk.Priority != models.PriorityUrgent || tk.LinkedTicketID == nil || *tk.LinkedTicketID != f.job.Ticket.ID {
		t.Fatalf("created: %s %s %s %s linked %v", tk.Number, tk.Mode, tk.Status, tk.Priority, tk.LinkedTicketID)
	}
	if d.From == nil || d.From.Number != f.job.Ticket.Number {
		t.Fatalf("the job complained about: %+v", d.From)
	}
	if len(d.Missing) != 0 {
		t.Errorf("a complaint flags missing product data: %v", d.Missing)
	}
	if !strings.Contains(d.Events[0].Data, f.job.Ticket.Number) {
		t.Errorf("create event data: %s", d.Events[0].Data)
	}
	if d.Due == nil || d.Due.Rule != models.DueComplaintAccept || !d.Due.At.Equal(fixedNow.Add(time.Hour)) {
		t.Fatalf("due after intake: %+v", d.Due)
	}
	if !containsAction(d.Legal, models.ActAcceptComplaint) || !containsAction(d.Legal, models.ActCancel) || len(d.Legal) != 2 {
		t.Fatalf("legal when new: %v", d.Legal)
	}

	// Accepted and reported to the business manager after 40 minutes.
	f.now = fixedNow.Add(40 * time.Minute)
	if _, err := a.Step(tk.ID, 0, models.StepInput{Action: models.ActAcceptComplaint, ReportedToID: f.fitter.ID}); models.AsFieldErrors(err).ForField("reported_to") == nil {
		t.Fatalf("reported to an installer: %v", err)
	}
	d = step(t, a, tk.ID, models.StepInput{Action: models.ActAcceptComplaint, ReportedToID: f.bm.ID, Note: "已电话报告孙经理"})
	if d.Ticket.Status != models.StatusAccepted || d.Ticket.ReportedTo != "孙经理" || d.Ticket.AcceptedAt == nil {
		t.Fatalf("accepted: %s %q", d.Ticket.Status, d.Ticket.ReportedTo)
	}
	if d.Due.Rule != models.DueComplaintResponsibility || !d.Due.At.Equal(fixedNow.Add(24*time.Hour)) {
		t.Fatalf("due after accepting: %+v", d.Due)
	}
	last := d.Events[len(d.Events)-1]
	if !strings.Contains(last.Data, "孙经理") || strings.Contains(last.Data, "late") {
		t.Errorf("accept event: %s", last.Data)
	}

	// The installer is responsible: named, and fined for the uniform.
	f.now = fixedNow.Add(5 * time.Hour)
	uniform := ruleByCode(t, a, "uniform")
	d = step(t, a, tk.ID, models.StepInput{Action: models.ActResponsibility, Liability: models.Liability(models.RespStaff),
		Crew: []string{f.fitter.ID, f.fitter.ID}, Note: "赵师傅未穿工服，地板划伤属实", PenaltyRuleID: uniform.ID})
	if d.Ticket.Status != models.StatusResponsibility || d.Ticket.Responsible != models.RespStaff || d.Ticket.ResponsibleStaff != f.fitter.ID {
		t.Fatalf("responsibility: %s %s %q", d.Ticket.Status, d.Ticket.Responsible, d.Ticket.ResponsibleStaff)
	}
	if names, _ := a.ResponsibleNames(&d.Ticket); len(names) != 1 || names[0] != "赵师傅" {
		t.Fatalf("responsible names: %v", names)
	}
	recs, err := a.Records(context.Background(), RecordFilter{TicketID: tk.ID})
	if err != nil || len(recs) != 1 {
		t.Fatalf("penalty records: %v %v", recs, err)
	}
	if r := recs[0]; r.StaffID != f.fitter.ID || r.Amount != -1000 || r.Source != models.RecComplaint || r.Month != "2026-11" {
		t.Fatalf("penalty: %+v", r)
	}
	if d.Due.Rule != models.DueComplaintProposal || !d.Due.At.Equal(fixedNow.Add(72*time.Hour)) {
		t.Fatalf("due after responsibility: %+v", d.Due)
	}

	// Proposal, two follow-up calls, then closed with the customer's acceptance.
	f.now = fixedNow.Add(30 * time.Hour)
	d = step(t, a, tk.ID, models.StepInput{Action: models.ActPropose, Note: "免费上门修补地板，赠送保养一次"})
	if d.Ticket.Status != models.StatusProposed || d.Ticket.Proposal == "" || d.Due.Rule != models.DueComplaintFollowUp ||
		!d.Due.At.Equal(f.now.AddDate(0, 0, 3)) {
		t.Fatalf("proposed: %s %+v", d.Ticket.Status, d.Due)
	}
	if _, err := a.Step(tk.ID, 0, models.StepInput{Action: models.ActFollowUp}); models.AsFieldErrors(err).ForField("note") == nil {
		t.Fatalf("follow-up without a note: %v", err)
	}
	f.now = fixedNow.Add(100 * time.Hour)
	d = step(t, a, tk.ID, models.StepInput{Action: models.ActFollowUp, Note: "地板已修补，顾客基本满意"})
	if d.Ticket.Status != models.StatusFollowingUp || !d.Due.At.Equal(f.now.AddDate(0, 0, 3)) {
		t.Fatalf("followed up: %s %+v", d.Ticket.Status, d.Due)
	}
	if _, err := a.Step(tk.ID, 0, models.StepInput{Action: models.ActClose}); models.AsFieldErrors(err).ForField("note") == nil {
		t.Fatalf("closed without the acceptance: %v", err)
	}
	d = step(t, a, tk.ID, models.StepInput{Action: models.ActClose, Note: "顾客接受处理结果，同意结案"})
	if d.Ticket.Status != models.StatusClosed || d.Ticket.Resolution != "顾客接受处理结果，同意结案" || d.Due != nil || len(d.Legal) != 0 {
		t.Fatalf("closed: %s %q %+v %v", d.Ticket.Status, d.Ticket.Resolution, d.Due, d.Legal)
	}
	for _, l := range models.ComplaintLimits(&d.Ticket) {
		if l.Late(f.now) {
			t.Errorf("%s late: due %v done %v", l.Rule, l.Due, l.Done)
		}
	}
	var acts []string
	for _, e := range d.Events {
		acts = append(acts, string(e.Action))
	}
	want := "create,accept_complaint,note,set_responsibility,give_proposal,follow_up,close"
	if got := strings.Join(acts, ","); got != want {
		t.Fatalf("timeline: %s\nwant %s", got, want)
	}
}

func TestComplaintDeadlinesOnTheBoard(t *testing.T) {
	f := newComplaintFixture(t, false)
	a := f.a
	tk := f.complain(t).Ticket

	// 1 hour to accept and report.
	f.now = fixedNow.Add(59 * time.Minute)
	it, ok := todayRule(t, a, tk.ID)
	if !ok || it.Overdue || it.Rule != models.DueComplaintAccept || it.Action != models.ActAcceptComplaint {
		t.Fatalf("at 59 min: %v %+v", ok, it)
	}
	f.now = fixedNow.Add(61 * time.Minute)
	if it, _ = todayRule(t, a, tk.ID); !it.Overdue {
		t.Fatalf("at 61 min not overdue: %+v", it)
	}
	acc := step(t, a, tk.ID, models.StepInput{Action: models.ActAcceptComplaint, ReportedToID: f.bm.ID})
	if !strings.Contains(acc.Events[len(acc.Events)-1].Data, `"late":true`) {
		t.Errorf("late acceptance not marked: %s", acc.Events[len(acc.Events)-1].Data)
	}

	// 24 hours to determine responsibility.
	f.now = fixedNow.Add(23 * time.Hour)
	if it, ok = todayRule(t, a, tk.ID); !ok || it.Overdue || it.Rule != models.DueComplaintResponsibility || it.Action != models.ActResponsibility {
		t.Fatalf("at 23 h: %v %+v", ok, it)
	}
	f.now = fixedNow.Add(25 * time.Hour)
	if it, _ = todayRule(t, a, tk.ID); !it.Overdue {
		t.Fatalf("at 25 h not overdue: %+v", it)
	}
	// The customer cannot be reached: 48 hours.
	d, err := a.LogContact(tk.ID, models.ContactNoAnswer, "无人接听")
	if err != nil {
		t.Fatal(err)
	}
	if !d.Ticket.CustomerUnreachable || d.Due.Rule != models.DueComplaintResponsibility || !d.Due.At.Equal(fixedNow.Add(48*time.Hour)) {
		t.Fatalf("unreachable: %v %+v", d.Ticket.CustomerUnreachable, d.Due)
	}
	if _, ok := todayRule(t, a, tk.ID); ok {
		t.Fatal("due tomorrow, yet on today's board")
	}
	f.now = fixedNow.Add(47 * time.Hour)
	if it, ok = todayRule(t, a, tk.ID); !ok || it.Overdue {
		t.Fatalf("at 47 h: %v %+v", ok, it)
	}
	f.now = fixedNow.Add(49 * time.Hour)
	if it, _ = todayRule(t, a, tk.ID); !it.Overdue {
		t.Fatalf("at 49 h not overdue: %+v", it)
	}
	step(t, a, tk.ID, models.StepInput{Action: models.ActResponsibility, Liability: models.Liability(models.RespManufacturer), Note: "门板批次质量问题"})
	// A failed call after responsibility changes nothing more.
	d, _ = a.LogContact(tk.ID, models.ContactReached, "已联系")

	// 72 hours for the proposal, counted from the report.
	if d.Due.Rule != models.DueComplaintProposal || !d.Due.At.Equal(fixedNow.Add(72*time.Hour)) || d.Due.Overdue(f.now) {
		t.Fatalf("proposal due: %+v", d.Due)
	}
	f.now = fixedNow.Add(73 * time.Hour)
	if it, _ = todayRule(t, a, tk.ID); !it.Overdue || it.Action != models.ActPropose {
		t.Fatalf("at 73 h: %+v", it)
	}
	d = step(t, a, tk.ID, models.StepInput{Action: models.ActPropose, Note: "厂家补发门板，免费安装"})
	lim := models.ComplaintLimits(&d.Ticket)
	// Accepted at 61 min, responsibility at 49 h of 48, proposal at 73 h of 72.
	if !lim[0].Late(f.now) || !lim[1].Late(f.now) || !lim[1].Due.Equal(fixedNow.Add(48*time.Hour)) || !lim[2].Late(f.now) {
		t.Fatalf("lateness: accept %v resp %v proposal %v", lim[0].Late(f.now), lim[1].Late(f.now), lim[2].Late(f.now))
	}
	// Then a follow-up every 3 days, not on the board before.
	if _, ok := todayRule(t, a, tk.ID); ok {
		t.Fatal("on the board right after the proposal")
	}
	f.now = fixedNow.Add(73*time.Hour).AddDate(0, 0, 3).Add(time.Minute)
	if it, ok = todayRule(t, a, tk.ID); !ok || !it.Overdue || it.Action != models.ActFollowUp {
		t.Fatalf("follow-up due: %v %+v", ok, it)
	}
}

func TestComplaintIntakeChecks(t *testing.T) {
	f := newComplaintFixture(t, false)
	a := f.a
	_, err := a.CreateTicket(IntakeInput{CustomerID: f.c.ID, Kind: models.KindComplaint, Symptom: "  "})
	if models.AsFieldErrors(err).ForField("symptom") == nil {
		t.Fatalf("no complaint text accepted: %v", err)
	}
	other := mustCreate(t, a, "周杰", "13933334444")
	theirs, err := a.CreateTicket(IntakeInput{CustomerID: other.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "冰箱不制冷"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.CreateTicket(IntakeInput{CustomerID: f.c.ID, Kind: models.KindComplaint, Symptom: "态度差", LinkedTicketID: theirs.Ticket.ID})
	if models.AsFieldErrors(err).ForField("linked") == nil {
		t.Fatalf("another customer's job accepted: %v", err)
	}
	// Without a job: fine.
	d, err := a.CreateTicket(IntakeInput{CustomerID: f.c.ID, Kind: models.KindComplaint, Symptom: "电话一直打不通"})
	if err != nil || d.Ticket.LinkedTicketID != nil || d.From != nil {
		t.Fatalf("complaint without a job: %v %+v", err, d)
	}
	// Staff are named only when staff are responsible; a penalty then.
	step(t, a, d.Ticket.ID, models.StepInput{Action: models.ActAcceptComplaint, ReportedToID: f.bm.ID})
	_, err = a.Step(d.Ticket.ID, 0, models.StepInput{Action: models.ActResponsibility, Liability: models.Liability(models.RespShop),
		Note: "话务排班不足", PenaltyRuleID: ruleByCode(t, a, "uniform").ID})
	if models.AsFieldErrors(err).ForField("penalty") == nil {
		t.Fatalf("penalty without staff: %v", err)
	}
	_, err = a.Step(d.Ticket.ID, 0, models.StepInput{Action: models.ActResponsibility, Liability: models.Liability(models.RespStaff),
		Crew: []string{f.fitter.ID}, Note: "损坏地板", PenaltyRuleID: ruleByCode(t, a, "damage").ID})
	if models.AsFieldErrors(err).ForField("penalty_amount") == nil {
		t.Fatalf("per-case penalty without an amount: %v", err)
	}
	_, err = a.Step(d.Ticket.ID, 0, models.StepInput{Action: models.ActResponsibility, Liability: models.Liability(models.RespStaff),
		Crew: []string{f.fitter.ID}, Note: "表扬", PenaltyRuleID: ruleByCode(t, a, "gift_refused").ID})
	if models.AsFieldErrors(err).ForField("penalty") == nil {
		t.Fatalf("a reward rule as a penalty: %v", err)
	}
	d = step(t, a, d.Ticket.ID, models.StepInput{Action: models.ActResponsibility, Liability: models.Liability(models.RespStaff),
		Crew: []string{f.fitter.ID}, Note: "损坏地板", PenaltyRuleID: ruleByCode(t, a, "damage").ID, PenaltyAmount: "300"})
	recs, _ := a.Records(context.Background(), RecordFilter{TicketID: d.Ticket.ID})
	if len(recs) != 1 || recs[0].Amount != -30000 {
		t.Fatalf("per-case penalty: %+v", recs)
	}
}

func TestComplaintPenaltyNeedsConductRight(t *testing.T) {
	f := newComplaintFixture(t, true)
	a := f.a
	clerk := staffWithPIN(t, a, "小刘", models.RoleCounter)
	tk := f.complain(t).Ticket
	signInAs(t, a, clerk)
	step(t, a, tk.ID, models.StepInput{Action: models.ActAcceptComplaint, ReportedToID: f.bm.ID})
	in := models.StepInput{Action: models.ActResponsibility, Liability: models.Liability(models.RespStaff),
		Crew: []string{f.fitter.ID}, Note: "未穿工服", PenaltyRuleID: ruleByCode(t, a, "uniform").ID}
	_, err := a.Step(tk.ID, 0, in)
	if models.AsFieldErrors(err).ForField("penalty") == nil {
		t.Fatalf("counter staff recorded a penalty: %v", err)
	}
	// Refused as a whole: nothing was saved.
	d, _ := a.Ticket(tk.ID)
	recs, _ := a.Records(context.Background(), RecordFilter{TicketID: tk.ID})
	if d.Ticket.Status != models.StatusAccepted || len(recs) != 0 {
		t.Fatalf("after the refusal: %s, %d records", d.Ticket.Status, len(recs))
	}
	// Without the penalty the counter may determine responsibility.
	in.PenaltyRuleID = ""
	if d = step(t, a, tk.ID, in); d.Ticket.Status != models.StatusResponsibility {
		t.Fatalf("status %s", d.Ticket.Status)
	}
}
