package models

import (
	"testing"
	"time"
)

// complaintAt is a new complaint reported at 09:20 on a Monday.
func complaintAt() *Ticket {
	rep := time.Date(2026, 11, 23, 9, 20, 0, 0, time.UTC)
	return &Ticket{Kind: KindComplaint, Mode: ModeComplaint, Status: StatusNew, ReportedAt: rep, StatusSince: rep}
}

func TestComplaintDueRules(t *testing.T) {
	loc := time.UTC
	rep := complaintAt().ReportedAt
	at := func(h time.Duration) *time.Time { v := rep.Add(h); return &v }
	cases := []struct {
		name  string
		set   func(*Ticket)
		rule  DueRule
		due   time.Time
		nodue bool
	}{
		{"new: accept within 1 h, not the 24 h first response", func(*Ticket) {}, DueComplaintAccept, rep.Add(time.Hour), false},
		{"accepted: responsibility within 24 h of the report", func(t *Ticket) {
			t.Status, t.AcceptedAt, t.StatusSince = StatusAccepted, at(30*time.Minute), *at(30 * time.Minute)
		}, DueComplaintResponsibility, rep.Add(24 * time.Hour), false},
		{"accepted, customer unreachable: 48 h", func(t *Ticket) {
			t.Status, t.AcceptedAt, t.CustomerUnreachable = StatusAccepted, at(2*time.Hour), true
		}, DueComplaintResponsibility, rep.Add(48 * time.Hour), false},
		{"responsibility: proposal within 72 h of the report", func(t *Ticket) {
			t.Status, t.ResponsibilityAt = StatusResponsibility, at(20*time.Hour)
		}, DueComplaintProposal, rep.Add(72 * time.Hour), false},
		{"proposed: follow-up 3 days after the proposal", func(t *Ticket) {
			t.Status, t.ProposedAt, t.StatusSince = StatusProposed, at(50*time.Hour), *at(50 * time.Hour)
		}, DueComplaintFollowUp, rep.Add(50*time.Hour).AddDate(0, 0, 3), false},
		{"following up: 3 days after the last call", func(t *Ticket) {
			t.Status, t.ProposedAt, t.LastContactAt = StatusFollowingUp, at(50*time.Hour), at(100*time.Hour)
		}, DueComplaintFollowUp, rep.Add(100*time.Hour).AddDate(0, 0, 3), false},
		{"a contact before the proposal does not count", func(t *Ticket) {
			t.Status, t.ProposedAt, t.LastContactAt = StatusProposed, at(50*time.Hour), at(10*time.Hour)
		}, DueComplaintFollowUp, rep.Add(50*time.Hour).AddDate(0, 0, 3), false},
		{"closed: nothing", func(t *Ticket) { t.Status = StatusClosed }, "", time.Time{}, true},
		{"cancelled: nothing", func(t *Ticket) { t.Status = StatusCancelled }, "", time.Time{}, true},
	}
	for _, c := range cases {
		tk := complaintAt()
		c.set(tk)
		d, ok := NextDue(tk, DefaultDueRules, loc)
		if c.nodue {
			if ok {
				t.Errorf("%s: due %+v", c.name, d)
			}
			continue
		}
		if !ok || d.Rule != c.rule || !d.At.Equal(c.due) {
			t.Errorf("%s: got %v %s %v, want %s %v", c.name, ok, d.Rule, d.At, c.rule, c.due)
		}
	}
	// The follow-up interval is the shop's progress-call interval.
	tk := complaintAt()
	tk.Status, tk.ProposedAt = StatusProposed, at(0)
	r := DefaultDueRules
	r.PartsProgressDays = 5
	if d, _ := NextDue(tk, r, loc); !d.At.Equal(rep.AddDate(0, 0, 5)) {
		t.Errorf("5-day follow-up: %v", d.At)
	}
}

func TestComplaintLimitsLate(t *testing.T) {
	tk := complaintAt()
	rep := tk.ReportedAt
	early, late := rep.Add(50*time.Minute), rep.Add(25*time.Hour)
	tk.AcceptedAt, tk.ResponsibilityAt = &early, &late
	lim := ComplaintLimits(tk)
	if len(lim) != 3 || lim[0].Late(rep) || !lim[1].Late(rep) {
		t.Fatalf("limits: %+v", lim)
	}
	// Open and past its limit: late; open and within: not.
	if lim[2].Late(rep.Add(71*time.Hour)) || !lim[2].Late(rep.Add(73*time.Hour)) {
		t.Errorf("proposal lateness wrong: %+v", lim[2])
	}
	// Unreachable: the responsibility done at 25 h is on time.
	tk.CustomerUnreachable = true
	if ComplaintLimits(tk)[1].Late(rep) {
		t.Error("25 h with the customer unreachable counted late")
	}
}

func TestNoteComplaintContact(t *testing.T) {
	cases := []struct {
		outcome ContactOutcome
		set     func(*Ticket)
		want    bool
	}{
		{ContactNoAnswer, func(*Ticket) {}, true},
		{ContactWrongNumber, func(*Ticket) {}, true},
		{ContactReached, func(*Ticket) {}, false},
		{ContactSMS, func(*Ticket) {}, false},
		{ContactNoAnswer, func(t *Ticket) { v := t.ReportedAt; t.ResponsibilityAt = &v }, false},
		{ContactNoAnswer, func(t *Ticket) { t.Kind, t.Mode = KindRepair, ModeOnSite }, false},
	}
	for i, c := range cases {
		tk := complaintAt()
		c.set(tk)
		NoteComplaintContact(tk, c.outcome)
		if tk.CustomerUnreachable != c.want {
			t.Errorf("case %d (%s): unreachable = %v", i, c.outcome, tk.CustomerUnreachable)
		}
	}
}

func TestComplaintStepChecks(t *testing.T) {
	st := func(s Status) TicketState {
		tk := complaintAt()
		tk.Status = s
		return TicketState{Ticket: tk}
	}
	cases := []struct {
		name  string
		s     Status
		in    StepInput
		field string // "" when the step is allowed
	}{
		{"accept without a manager", StatusNew, StepInput{Action: ActAcceptComplaint}, "reported_to"},
		{"accept", StatusNew, StepInput{Action: ActAcceptComplaint, ReportedToID: "m1"}, ""},
		{"responsibility needs who", StatusAccepted, StepInput{Action: ActResponsibility, Note: "查明"}, "responsible"},
		{"staff needs names", StatusAccepted, StepInput{Action: ActResponsibility, Liability: Liability(RespStaff), Note: "查明"}, "staff"},
		{"penalty only for staff", StatusAccepted, StepInput{Action: ActResponsibility, Liability: Liability(RespShop), Note: "流程问题", PenaltyRuleID: "r"}, "penalty"},
		{"staff with a penalty", StatusAccepted, StepInput{Action: ActResponsibility, Liability: Liability(RespStaff), Crew: []string{"s1"}, Note: "未穿工服", PenaltyRuleID: "r"}, ""},
		{"re-determined", StatusResponsibility, StepInput{Action: ActResponsibility, Liability: Liability(RespManufacturer), Note: "面板色差"}, ""},
		{"proposal needs text", StatusResponsibility, StepInput{Action: ActPropose}, "note"},
		{"follow-up needs text", StatusProposed, StepInput{Action: ActFollowUp, Note: " "}, "note"},
		{"follow-up", StatusProposed, StepInput{Action: ActFollowUp, Note: "顾客说门板已换好"}, ""},
		{"close needs the acceptance", StatusFollowingUp, StepInput{Action: ActClose}, "note"},
		{"close", StatusFollowingUp, StepInput{Action: ActClose, Note: "顾客满意，同意结案"}, ""},
		{"proposal before responsibility", StatusAccepted, StepInput{Action: ActPropose, Note: "x"}, "action"},
		{"cancel after the proposal", StatusProposed, StepInput{Action: ActCancel, Reason: "x"}, "action"},
		{"cancel needs a reason", StatusNew, StepInput{Action: ActCancel}, "reason"},
	}
	for _, c := range cases {
		_, err := CheckStep(st(c.s), c.in)
		fes := AsFieldErrors(err)
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%s: refused: %v", c.name, err)
		case c.field != "" && fes.ForField(c.field) == nil:
			t.Errorf("%s: want a problem of %q, got %v", c.name, c.field, err)
		}
	}
}

func TestComplaintApply(t *testing.T) {
	tk := complaintAt()
	now := tk.ReportedAt.Add(30 * time.Minute)
	tr, err := CheckStep(TicketState{Ticket: tk}, StepInput{Action: ActAcceptComplaint, ReportedToID: "m"})
	if err != nil {
		t.Fatal(err)
	}
	ApplyStep(tk, tr, StepInput{Action: ActAcceptComplaint, ReportedToID: "m"}, now)
	if tk.Status != StatusAccepted || tk.AcceptedAt == nil || !tk.AcceptedAt.Equal(now) {
		t.Fatalf("accepted: %s %v", tk.Status, tk.AcceptedAt)
	}
	tk.Status = StatusProposed
	later := now.Add(80 * time.Hour)
	in := StepInput{Action: ActFollowUp, Note: "已回访"}
	tr, _ = CheckStep(TicketState{Ticket: tk}, in)
	ApplyStep(tk, tr, in, later)
	if tk.Status != StatusFollowingUp || tk.LastContactAt == nil || !tk.LastContactAt.Equal(later) {
		t.Fatalf("follow-up: %s %v", tk.Status, tk.LastContactAt)
	}
}

func TestCheckComplaintIntake(t *testing.T) {
	if err := CheckComplaintIntake(" \n "); AsFieldErrors(err).ForField("symptom") == nil {
		t.Errorf("blank complaint accepted: %v", err)
	}
	if err := CheckComplaintIntake("安装师傅态度差"); err != nil {
		t.Errorf("refused: %v", err)
	}
}
