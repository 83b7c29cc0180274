package models

import (
	"math"
	"testing"
	"time"
)

func TestShareNoDataAndTargets(t *testing.T) {
	var s Share
	if _, ok := s.Value(); ok {
		t.Fatal("an empty share has a value")
	}
	s.Add(true)
	s.Add(false)
	s.Add(true)
	if v, ok := s.Value(); !ok || math.Abs(v-2.0/3) > 1e-12 {
		t.Fatalf("2 of 3 = %v %v", v, ok)
	}
	cases := []struct {
		t    Target
		v    float64
		want bool
	}{
		{TargetOnTime, 0.90, true}, {TargetOnTime, 0.8999, false}, {TargetOnTime, 1, true},
		{TargetComplaintRate, 0.0299, true}, {TargetComplaintRate, 0.03, false},
		{TargetRepeatRepair, 0, true}, {TargetRepeatRepair, 0.001, false},
		{TargetSatisfaction, 0.85, true}, {TargetSatisfaction, 0.849, false},
	}
	for _, c := range cases {
		if got := c.t.Met(c.v); got != c.want {
			t.Errorf("%v %v met(%v) = %v", c.t.Op, c.t.Value, c.v, got)
		}
	}
}

func TestSpreadOf(t *testing.T) {
	if s := SpreadOf(nil); s.N != 0 || s.Mean != 0 {
		t.Fatalf("empty: %+v", s)
	}
	in := []float64{5, 1, 3, 10}
	s := SpreadOf(in)
	if s.N != 4 || s.Mean != 4.75 || s.Median != 4 || s.Max != 10 {
		t.Fatalf("%+v", s)
	}
	if in[0] != 5 {
		t.Fatal("input sorted in place")
	}
	if s := SpreadOf([]float64{7, 2, 9}); s.Median != 7 {
		t.Fatalf("odd median %+v", s)
	}
}

func TestHalfDays(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	day := time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC) // a civil day
	at := func(h, m int) time.Time { return time.Date(2026, 3, 4, h, m, 0, 0, loc) }
	cases := []struct {
		t    time.Time
		half HalfDay
		want bool
	}{
		{at(7, 30), AM, true}, {at(11, 59), AM, true}, {at(12, 0), AM, false}, {at(12, 0), PM, true},
		{at(23, 59), PM, true}, {at(9, 0), PM, false}, {at(9, 0), "", true},
		{time.Date(2026, 3, 5, 1, 0, 0, 0, loc), PM, false},
	}
	for _, c := range cases {
		if got := InHalf(c.t, day, c.half); got != c.want {
			t.Errorf("%v in %s: %v", c.t, c.half, got)
		}
	}
	if e := HalfEnd(day, AM, loc); !e.Equal(at(12, 0)) {
		t.Errorf("AM ends %v", e)
	}
	if e := HalfEnd(day, PM, loc); !e.Equal(time.Date(2026, 3, 5, 0, 0, 0, 0, loc)) {
		t.Errorf("PM ends %v", e)
	}
	s, e := MonthBounds(2026, time.December, loc)
	if !s.Equal(time.Date(2026, 12, 1, 0, 0, 0, 0, loc)) || !e.Equal(time.Date(2027, 1, 1, 0, 0, 0, 0, loc)) {
		t.Errorf("December %v – %v", s, e)
	}
	if s.UTC().Day() != 30 { // 1 Dec 00:00 in Beijing is still 30 Nov in UTC
		t.Errorf("UTC start %v", s.UTC())
	}
}

func TestFigureTexts(t *testing.T) {
	tr := func(_, fb string) string { return fb }
	f := Figure{Key: "on_time", Unit: UnitShare, Value: 0.5, OK: true, Share: Share{2, 4}, Target: &TargetOnTime, PrevOK: false}
	if f.ValueText(tr) != "50.0%" || f.DetailText(tr) != "2 / 4" || f.PrevText(tr) != "no data" || f.TargetText() != "≥ 90%" {
		t.Errorf("%q %q %q %q", f.ValueText(tr), f.DetailText(tr), f.PrevText(tr), f.TargetText())
	}
	g := Figure{Key: "repeat_repair", Unit: UnitShare, Target: &TargetRepeatRepair}
	if g.TargetText() != "0%" || g.ValueText(tr) != "no data" {
		t.Errorf("%q %q", g.TargetText(), g.ValueText(tr))
	}
	if c := (Figure{Key: "complaint_rate", Target: &TargetComplaintRate}); c.TargetText() != "< 3%" {
		t.Errorf("%q", c.TargetText())
	}
	m := Figure{Unit: UnitMoney, Value: 123456, OK: true}
	if m.ValueText(tr) != "¥1,234.56" {
		t.Errorf("%q", m.ValueText(tr))
	}
	h := Figure{Key: "completion", Unit: UnitHours, Value: 85.75, Median: 85.75, OK: true}
	if h.ValueText(tr) != "85.8 h" || h.DetailText(tr) != "median 85.8 h" {
		t.Errorf("%q %q", h.ValueText(tr), h.DetailText(tr))
	}
}
