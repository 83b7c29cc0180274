package models

import (
	"fmt"
	"testing"
	"time"
)

func TestStackDays(t *testing.T) {
	day := func(d int, by map[TicketKind]int) DayCount {
		return DayCount{Day: time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC), ByKind: by}
	}
	days := []DayCount{
		day(1, map[TicketKind]int{KindConsultation: 2, KindRepair: 3}),
		day(2, map[TicketKind]int{KindDelivery: 4, KindRepair: 5, "zz_other": 1, "aa_other": 0}),
		day(3, nil),
		day(4, map[TicketKind]int{"mm_other": 2, KindComplaint: 1}),
	}
	st := StackDays(days)
	want := fmt.Sprint([]TicketKind{KindRepair, KindDelivery, KindComplaint, KindConsultation, "mm_other", "zz_other"})
	if got := fmt.Sprint(st.Kinds); got != want {
		t.Errorf("kinds %s, want %s (known order, then others by name, none with no tickets)", got, want)
	}
	if st.Peak != 10 {
		t.Errorf("peak %d, want 10 (day 2)", st.Peak)
	}
	if st.Totals[KindRepair] != 8 || st.Totals[KindDelivery] != 4 || st.Totals["mm_other"] != 2 || st.Totals[KindPart] != 0 {
		t.Errorf("totals %v", st.Totals)
	}
	if e := StackDays(nil); e.Peak != 0 || len(e.Kinds) != 0 {
		t.Errorf("no days: %+v", e)
	}
}

func TestCountScale(t *testing.T) {
	for _, c := range []struct{ peak, parts, top, step int }{
		{0, 4, 1, 1},
		{1, 4, 1, 1},
		{3, 4, 3, 1},
		{7, 2, 10, 5},
		{12, 2, 20, 10},
		{21, 4, 30, 10}, // 5.25 a part rounds up to 10
		{40, 4, 40, 10},
		{41, 4, 60, 20},
		{150, 2, 200, 100},
		{999, 4, 1000, 500},
		{5, 0, 5, 1},
	} {
		top, step := CountScale(c.peak, c.parts)
		if top != c.top || step != c.step {
			t.Errorf("CountScale(%d, %d) = %d, %d; want %d, %d", c.peak, c.parts, top, step, c.top, c.step)
		}
		if top < c.peak || top%step != 0 {
			t.Errorf("CountScale(%d, %d): top %d is not a multiple of %d at or above the peak", c.peak, c.parts, top, step)
		}
	}
}

func TestReportRates(t *testing.T) {
	r := &MonthReport{Figures: []Figure{
		{Key: "received", Unit: UnitCount},
		{Key: "first_response", Unit: UnitShare},
		{Key: "on_time", Unit: UnitShare, Sub: "onsite"},
		{Key: "on_time", Unit: UnitShare},
		{Key: "collected", Unit: UnitMoney},
	}}
	var keys []string
	for _, f := range r.Rates() {
		keys = append(keys, f.Key+"/"+f.Sub)
	}
	if fmt.Sprint(keys) != "[first_response/ on_time/]" {
		t.Errorf("rates %v", keys)
	}
}

func TestTrendRatesAndLabels(t *testing.T) {
	p := TrendPoint{Month: "2026-05", FirstResponse: Share{Hits: 1, Count: 2}, OnTime: Share{Hits: 2, Count: 3},
		Satisfaction: Share{Hits: 3, Count: 4}, ComplaintRate: Share{Hits: 4, Count: 5}}
	for i, want := range []int{1, 2, 3, 4} {
		tr := TrendRates[i]
		if got := tr.Share(p); got.Hits != want {
			t.Errorf("%s reads %+v", tr.Key, got)
		}
	}
	if TrendRates[3].LabelKey() != "kpi.complaint_rate" {
		t.Errorf("last line %s", TrendRates[3].LabelKey())
	}
	pts := []TrendPoint{{Month: "2025-12"}, {Month: "2026-01"}, {Month: "2026-02"}, {Month: "bad"}}
	var got []string
	for i := range pts {
		got = append(got, TrendMonthLabel(pts, i))
	}
	if fmt.Sprint(got) != "[2025-12 2026-01 02 bad]" {
		t.Errorf("labels %v", got)
	}
}

// TestTrendDots: months without data are left out and break the line;
// a dot is joined to the one before only when that is the month before.
func TestTrendDots(t *testing.T) {
	share := func(hits, count int) TrendPoint { return TrendPoint{OnTime: Share{Hits: hits, Count: count}} }
	pts := []TrendPoint{share(1, 2), share(3, 4), share(0, 0), share(0, 5), share(5, 5), share(0, 0)}
	got := fmt.Sprint(TrendRates[1].Dots(pts))
	if want := "[{0 0.5 false} {1 0.75 true} {3 0 false} {4 1 true}]"; got != want {
		t.Errorf("dots %s, want %s", got, want)
	}
	if d := TrendRates[0].Dots(pts); len(d) != 0 {
		t.Errorf("a line with no data has dots: %v", d)
	}
}
