package models

import (
	"testing"
	"time"
)

func fuDate(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestFollowUpOffsetApply(t *testing.T) {
	cases := []struct {
		done time.Time
		off  Offset
		want time.Time
	}{
		{fuDate(2026, 1, 31), "1m", fuDate(2026, 2, 28)},
		{fuDate(2028, 1, 31), "1m", fuDate(2028, 2, 29)}, // leap year
		{fuDate(2028, 2, 29), "1y", fuDate(2029, 2, 28)},
		{fuDate(2028, 2, 29), "12m", fuDate(2029, 2, 28)},
		{fuDate(2026, 8, 31), "3m", fuDate(2026, 11, 30)},
		{fuDate(2026, 8, 31), "6m", fuDate(2027, 2, 28)},
		{fuDate(2026, 12, 28), "1w", fuDate(2027, 1, 4)},
		{fuDate(2026, 2, 27), "3d", fuDate(2026, 3, 2)},
		{fuDate(2028, 2, 27), "3d", fuDate(2028, 3, 1)},
		{time.Date(2026, 3, 5, 23, 30, 0, 0, time.FixedZone("CST", 8*3600)), "1d", fuDate(2026, 3, 6)},
	}
	for _, c := range cases {
		if got := c.off.Apply(c.done); !got.Equal(c.want) {
			t.Errorf("%s + %s = %s, want %s", FormatDate(c.done), c.off, FormatDate(got), FormatDate(c.want))
		}
	}
}

func TestFollowUpOffsetParse(t *testing.T) {
	good := map[Offset]Offset{"1w": "1w", " 3D ": "3d", "6m": "6m", "1y": "1y", "2y": "2y", "104w": "104w", "24m": "24m"}
	for in, want := range good {
		if !in.Valid() || in.Normal() != want {
			t.Errorf("%q: valid %v normal %q", in, in.Valid(), in.Normal())
		}
	}
	for _, bad := range []Offset{"", "w", "0d", "-1m", "+1m", "1x", "3", "1.5m", "3y", "800d", "25m"} {
		if bad.Valid() {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestFollowUpScheduleCalls(t *testing.T) {
	s := DefaultFollowUpSchedule()
	got := s.Calls(JobDelivery, fuDate(2027, 8, 31))
	want := []time.Time{fuDate(2027, 9, 7), fuDate(2027, 9, 30), fuDate(2027, 11, 30), fuDate(2028, 2, 29), fuDate(2028, 8, 31)}
	if len(got) != len(want) {
		t.Fatalf("calls: %+v", got)
	}
	for i := range want {
		if !got[i].Due.Equal(want[i]) {
			t.Errorf("call %d (%s): %s, want %s", i, got[i].Offset, FormatDate(got[i].Due), FormatDate(want[i]))
		}
	}
	if r := s.Calls(JobRepair, fuDate(2026, 12, 30)); len(r) != 1 || r[0].Offset != "3d" || !r[0].Due.Equal(fuDate(2027, 1, 2)) {
		t.Fatalf("repair: %+v", r)
	}
	// 4w and 1m on one day in February make one call.
	s2 := FollowUpSchedule{Delivery: []Offset{"1m", "4w"}}
	if c := s2.Calls(JobDelivery, fuDate(2026, 2, 1)); len(c) != 1 {
		t.Fatalf("same day twice: %+v", c)
	}
}

func TestFollowUpScheduleNormalize(t *testing.T) {
	n, err := FollowUpSchedule{Delivery: []Offset{"1Y", " 1w", "", "3m"}, Repair: nil}.Normalize()
	if err != nil {
		t.Fatal(err)
	}
	if len(n.Delivery) != 3 || n.Delivery[0] != "1w" || n.Delivery[1] != "3m" || n.Delivery[2] != "1y" || len(n.Repair) != 0 {
		t.Fatalf("normalized: %+v", n)
	}
	_, err = FollowUpSchedule{Delivery: []Offset{"1w", "1W"}, Repair: []Offset{"soon"}}.Normalize()
	fe := AsFieldErrors(err)
	if len(fe) != 2 || fe[0].Field != "delivery" || fe[0].Key != "err.followup.offset_twice" || fe[1].Field != "repair" || fe[1].Key != "err.followup.offset" {
		t.Fatalf("errors: %v", err)
	}
	many := make([]Offset, 0, 11)
	for i := 1; i <= 11; i++ {
		many = append(many, Offset(string(rune('0'+i%10))+"d"))
	}
	many[9], many[10] = "10w", "11w"
	if _, err := (FollowUpSchedule{Delivery: many}).Normalize(); err == nil {
		t.Fatal("11 calls accepted")
	}
}

func TestCallInputNormalize(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	reached := func() CallInput {
		return CallInput{Outcome: CallReached, Satisfaction: 5, Product: AnswerOK, Delivery: AnswerOK, Crew: AnswerOK, Comments: "  很满意 "}
	}
	in := reached()
	if err := in.Normalize(now); err != nil || in.Comments != "很满意" {
		t.Fatalf("good call: %v %q", err, in.Comments)
	}
	fields := func(in CallInput) []string {
		var out []string
		for _, fe := range AsFieldErrors(in.Normalize(now)) {
			out = append(out, fe.Field)
		}
		return out
	}
	same := func(got []string, want ...string) bool {
		if len(got) != len(want) {
			return false
		}
		for i := range got {
			if got[i] != want[i] {
				return false
			}
		}
		return true
	}
	for _, sat := range []int{0, 6, -1} {
		in := reached()
		in.Satisfaction = sat
		if f := fields(in); !same(f, "satisfaction") {
			t.Errorf("satisfaction %d: %v", sat, f)
		}
	}
	in = reached()
	in.Product, in.Crew, in.CrewNote = AnswerProblem, "", ""
	if f := fields(in); !same(f, "product", "crew") {
		t.Errorf("answers: %v", f)
	}
	in = reached()
	long := ""
	for i := 0; i < 2001; i++ {
		long += "好"
	}
	in.Comments = long
	if f := fields(in); !same(f, "comments") {
		t.Errorf("long comments: %v", f)
	}
	// Not convenient needs a call-back time in the future, within 60 days.
	nc := CallInput{Outcome: CallNotConvenient, Satisfaction: 4, TipRefused: true}
	if f := fields(nc); !same(f, "callback") {
		t.Errorf("no call-back: %v", f)
	}
	nc.CallbackAt = now.Add(-time.Minute)
	if f := fields(nc); !same(f, "callback") {
		t.Errorf("past call-back: %v", f)
	}
	nc.CallbackAt = now.AddDate(0, 0, 61)
	if f := fields(nc); !same(f, "callback") {
		t.Errorf("far call-back: %v", f)
	}
	nc.CallbackAt = now.Add(3 * time.Hour)
	if err := nc.Normalize(now); err != nil || nc.Satisfaction != 0 || nc.TipRefused || len(nc.Observations()) != 0 {
		t.Fatalf("not convenient kept reached-only answers: %v %+v", err, nc)
	}
	na := CallInput{Outcome: CallNoAnswer, CallbackAt: now.Add(time.Hour), Complaint: "x"}
	if err := na.Normalize(now); err != nil || !na.CallbackAt.IsZero() || na.Complaint != "" {
		t.Fatalf("no answer: %v %+v", err, na)
	}
	if f := fields(CallInput{}); !same(f, "outcome") {
		t.Errorf("no outcome: %v", f)
	}
	obs := CallInput{UniformBreach: true, TipRefused: true}.Observations()
	if !same(obs, "uniform", "gift_refused") {
		t.Errorf("observations: %v", obs)
	}
}
