package models

import (
	"math"
	"sort"
	"time"
)

// The formulas of the month's figures that need no database (docs/kpi.md):
// shares with "no data", targets, medians and the shop's month.

// Share is a rate: Hits out of Count. A share of nothing has no value.
type Share struct {
	Hits, Count int
}

// Value is the share from 0 to 1; ok is false when nothing was counted.
func (s Share) Value() (v float64, ok bool) {
	if s.Count <= 0 {
		return 0, false
	}
	return float64(s.Hits) / float64(s.Count), true
}

// Add counts one case, a hit or not.
func (s *Share) Add(hit bool) {
	s.Count++
	if hit {
		s.Hits++
	}
}

// TargetOp is how a figure is compared with its target.
type TargetOp string

// Target comparisons.
const (
	AtLeast TargetOp = ">=" // on time ≥ 90 %
	Below   TargetOp = "<"  // complaint rate < 3 %
	AtMost  TargetOp = "<=" // repeat repairs ≤ 0 %, i.e. none
)

// Target is the shop's aim for a figure (seed 004).
type Target struct {
	Op    TargetOp
	Value float64 // same unit as the figure: a share from 0 to 1
}

// Met reports whether v meets the target.
func (t Target) Met(v float64) bool {
	const eps = 1e-9
	switch t.Op {
	case AtLeast:
		return v >= t.Value-eps
	case Below:
		return v < t.Value-eps
	case AtMost:
		return v <= t.Value+eps
	}
	return true
}

// The service targets of seed 004 and the issue: on-time service ≥ 90 %,
// satisfaction ≥ 85 %, complaint rate (service fault) < 3 %, no repeat
// repairs.
var (
	TargetOnTime        = Target{AtLeast, 0.90}
	TargetSatisfaction  = Target{AtLeast, 0.85}
	TargetComplaintRate = Target{Below, 0.03}
	TargetRepeatRepair  = Target{AtMost, 0}
)

// FirstResponseLimit is the first-response figure's limit (seed 004:
// "接到服务信息，应在24小时内答复"). The due rule in Settings may be
// stricter; the figure keeps the seed's limit so months stay comparable.
const FirstResponseLimit = 24 * time.Hour

// SatisfiedScore is the lowest score of 1–5 that counts as satisfied.
const SatisfiedScore = 4

// Spread is the mean and median of a list of values (hours, days).
type Spread struct {
	N            int
	Mean, Median float64
	Max          float64
}

// SpreadOf computes the mean, median and largest value; the input is not
// changed. An empty list has N = 0 and no value.
func SpreadOf(values []float64) Spread {
	if len(values) == 0 {
		return Spread{}
	}
	v := append([]float64(nil), values...)
	sort.Float64s(v)
	sum := 0.0
	for _, x := range v {
		sum += x
	}
	s := Spread{N: len(v), Mean: sum / float64(len(v)), Max: v[len(v)-1]}
	if n := len(v); n%2 == 1 {
		s.Median = v[n/2]
	} else {
		s.Median = (v[n/2-1] + v[n/2]) / 2
	}
	return s
}

// MonthBounds returns the first instant of the month containing day and of
// the next month, in loc: the shop's local month decides.
func MonthBounds(year int, month time.Month, loc *time.Location) (start, end time.Time) {
	start = time.Date(year, month, 1, 0, 0, 0, 0, loc)
	return start, start.AddDate(0, 1, 0)
}

// InHalf reports whether t (already in the shop's time zone) falls on the
// civil day and in the half day of an appointment.
func InHalf(t time.Time, day time.Time, half HalfDay) bool {
	y, m, d := t.Date()
	dy, dm, dd := day.Date()
	if y != dy || m != dm || d != dd {
		return false
	}
	switch half {
	case AM:
		return t.Hour() < 12
	case PM:
		return t.Hour() >= 12
	}
	return true // no half day booked: the day is enough
}

// HalfEnd is when an appointment's half day is over, in loc.
func HalfEnd(day time.Time, half HalfDay, loc *time.Location) time.Time {
	y, m, d := day.Date()
	if half == AM {
		return time.Date(y, m, d, 12, 0, 0, 0, loc)
	}
	return time.Date(y, m, d+1, 0, 0, 0, 0, loc)
}

// Hours is a duration in hours, rounded to a tenth.
func Hours(d time.Duration) float64 { return math.Round(d.Hours()*10) / 10 }
