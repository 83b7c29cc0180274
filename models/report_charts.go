package models

import (
	"math"
	"sort"
)

// What the month's charts show (issue 7), worked out once from a
// MonthReport so the dashboard (screens/charts.go) and the printed report
// (printing/report_charts.go) draw the same series in the same order on
// the same scale; each draws them its own way.

// ChartKindOrder is the order the daily chart stacks ticket kinds in:
// the daily work at the bottom, consultations on top.
var ChartKindOrder = []TicketKind{KindRepair, KindDelivery, KindPart, KindReturn, KindComplaint, KindConsultation}

// DayStack is the daily chart's data: which kinds to stack, how many of
// each the month received, and the busiest day.
type DayStack struct {
	// Kinds are the kinds received in the month: those of ChartKindOrder
	// in that order, then any other in name order.
	Kinds  []TicketKind
	Totals map[TicketKind]int
	Peak   int // tickets received on the busiest day
}

// StackDays sums the month's days for the daily chart.
func StackDays(days []DayCount) DayStack {
	st := DayStack{Totals: map[TicketKind]int{}}
	for _, d := range days {
		n := 0
		for k, c := range d.ByKind {
			n += c
			st.Totals[k] += c
		}
		st.Peak = max(st.Peak, n)
	}
	known := map[TicketKind]bool{}
	for _, k := range ChartKindOrder {
		known[k] = true
		if st.Totals[k] > 0 {
			st.Kinds = append(st.Kinds, k)
		}
	}
	var rest []TicketKind
	for k, n := range st.Totals {
		if n > 0 && !known[k] {
			rest = append(rest, k)
		}
	}
	sort.Slice(rest, func(i, j int) bool { return rest[i] < rest[j] })
	st.Kinds = append(st.Kinds, rest...)
	return st
}

// CountScale is a count axis for values up to peak: a round grid step
// (1, 2 or 5 × 10ⁿ, at least one ticket) that splits it into about
// parts steps, and the top, the first multiple of the step at or above
// peak (one step for an empty chart).
func CountScale(peak, parts int) (top, step int) {
	step = 1
	if peak > 0 && parts > 0 {
		raw := float64(peak) / float64(parts)
		p := math.Pow(10, math.Floor(math.Log10(raw)))
		s := 10 * p
		for _, m := range []float64{1, 2, 5} {
			if raw <= m*p {
				s = m * p
				break
			}
		}
		step = max(1, int(math.Round(s)))
	}
	top = max(step, (peak+step-1)/step*step)
	return top, step
}

// Rates are the month's rates: the share figures of their own (not
// breakdown lines), in report order.
func (r *MonthReport) Rates() []Figure {
	var out []Figure
	for _, f := range r.Figures {
		if f.Unit == UnitShare && f.Sub == "" {
			out = append(out, f)
		}
	}
	return out
}

// TrendRate is one line of the 12-month chart: a figure's key and its
// share in a month.
type TrendRate struct {
	Key   string
	Share func(TrendPoint) Share
}

// LabelKey is the translation key of the line's name.
func (tr TrendRate) LabelKey() string { return "kpi." + tr.Key }

// TrendRates are the lines of the 12-month chart, the complaint rate
// last (it lives near zero: the dashboard gives it a panel of its own).
var TrendRates = []TrendRate{
	{"first_response", func(p TrendPoint) Share { return p.FirstResponse }},
	{"on_time", func(p TrendPoint) Share { return p.OnTime }},
	{"satisfaction", func(p TrendPoint) Share { return p.Satisfaction }},
	{"complaint_rate", func(p TrendPoint) Share { return p.ComplaintRate }},
}

// TrendDot is a month where a trend line has data: its index in the
// points, its share, and whether the month before has data too (the
// line joins the two; a month without data breaks it).
type TrendDot struct {
	I      int
	Value  float64
	Joined bool
}

// Dots are the months of points where the line has data, oldest first.
func (tr TrendRate) Dots(points []TrendPoint) []TrendDot {
	var out []TrendDot
	for i, p := range points {
		if v, ok := tr.Share(p).Value(); ok {
			out = append(out, TrendDot{I: i, Value: v, Joined: len(out) > 0 && out[len(out)-1].I == i-1})
		}
	}
	return out
}

// TrendMonthLabel is how the 12-month chart names point i under the
// axis when there is little room: the month alone ("03"), with the year
// for the first point and every January ("2026-01").
func TrendMonthLabel(points []TrendPoint, i int) string {
	m := points[i].Month
	if len(m) != 7 || i == 0 || m[5:] == "01" {
		return m
	}
	return m[5:]
}
