package models

import (
	"fmt"
	"math"
	"time"
)

// The month-end report's data (issue 7, docs/kpi.md): computed by app
// (app/reports.go), shown by the dashboard, printed by printing/report.go
// and exported to Excel. Plain data, no database.

// Unit is how a figure is measured and shown.
type Unit string

// Figure units.
const (
	UnitCount Unit = "count" // tickets, calls
	UnitShare Unit = "share" // a rate from 0 to 1, shown as a percentage
	UnitHours Unit = "hours" // mean, with the median beside it
	UnitDays  Unit = "days"
	UnitMoney Unit = "money" // Money (fen)
)

// Figure groups, in report order.
const (
	GroupVolume     = "volume"
	GroupSpeed      = "speed"
	GroupQuality    = "quality"
	GroupOperations = "operations"
	GroupMoney      = "money"
)

// FigureGroups lists the groups in report order.
var FigureGroups = []string{GroupVolume, GroupSpeed, GroupQuality, GroupOperations, GroupMoney}

// Figure is one line of the report. Its label is the translation of
// "kpi.<Key>"; a breakdown line (Sub set) is labelled by SubKey (a kind,
// mode or payment method label) under its figure.
type Figure struct {
	Key    string // docs/kpi.md
	Group  string
	Sub    string // breakdown value: a kind, mode or payment method; "" for the figure itself
	SubKey string // translation key of Sub ("kind.repair", "mode.onsite", "pay.cash")
	Unit   Unit
	// Value is the count, the share (0–1), the mean hours or days, or the
	// money in fen; OK is false when there is nothing to count ("no data").
	Value  float64
	OK     bool
	Share  Share   // a share's hits and count
	Median float64 // hours and days: the median beside the mean
	// The same figure for the previous month.
	Prev   float64
	PrevOK bool
	Target *Target
	Missed bool // has data and misses its target
	// Tickets are the tickets behind the figure (ids); for a share, the
	// Misses ones that count against it come first.
	Tickets []string
	Misses  int
}

// StaffFigures is one person's line of the report.
type StaffFigures struct {
	StaffID, Name string
	Jobs          int   // repairs and deliveries closed in the month (technician or crew)
	OnTime        Share // their appointments of the month
	Satisfaction  Share // reached calls about their jobs
	Complaints    int   // service-fault complaints naming them
	Penalties     Money // positive amounts
	Rewards       Money
	Net           Money
	Provisional   bool // the month close is not approved yet
	Tickets       []string
}

// DayCount is the tickets received on one day of the month, by kind.
type DayCount struct {
	Day    time.Time // civil day
	ByKind map[TicketKind]int
}

// TrendPoint is the main rates of one month, for the 12-month chart.
type TrendPoint struct {
	Month         string
	FirstResponse Share
	OnTime        Share
	Satisfaction  Share
	ComplaintRate Share
}

// ReportTicket is one ticket of the month with its times, for the Excel
// sheet finance filters and sums.
type ReportTicket struct {
	ID, Number         string
	Kind               TicketKind
	Mode               RepairMode
	Status             Status
	Technician         string
	ReportedAt         time.Time
	FirstContactAt     *time.Time
	ApptDate           *time.Time
	ApptHalf           HalfDay
	ArrivedAt          *time.Time
	RepairedAt         *time.Time
	ClosedAt           *time.Time
	Charged, Paid      Money
	ReschedulesShop    int
	ReschedulesCust    int
	OnTime             string // "yes", "no" or "" when not an appointment of the month
	FirstResponseHours float64
	HasFirstResponse   bool
}

// MonthReport is a month's figures with the previous month beside them.
type MonthReport struct {
	Month       string // YYYY-MM
	Start, End  time.Time
	Shop        string // the shop's name for the cover
	GeneratedAt time.Time
	Figures     []Figure
	Staff       []StaffFigures
	Days        []DayCount
	Trend       []TrendPoint // the last 12 months, oldest first, ending with this one
	// The month close: penalties and rewards, its status and who compiled
	// and approved it.
	Close   MonthClose
	Conduct []StaffLine
	Tickets []ReportTicket
}

// Figure returns the report's figure by key (and breakdown), or nil.
func (r *MonthReport) Figure(key, sub string) *Figure {
	for i := range r.Figures {
		if r.Figures[i].Key == key && r.Figures[i].Sub == sub {
			return &r.Figures[i]
		}
	}
	return nil
}

// Translate looks up a translation key with an English fallback: the
// screens' T, or the printing translator.
type Translate func(key, fallback string) string

// LabelKey is the translation key of the figure's name.
func (f Figure) LabelKey() string { return "kpi." + f.Key }

// GroupKey is the translation key of a group's heading.
func GroupKey(group string) string { return "kpi.group." + group }

// FormatValue writes a figure's value the way every view shows it:
// "92.3%", "84.0 h", "22.6 d", "¥1,234.50", "17", or "no data".
func FormatValue(u Unit, v float64, ok bool, tr Translate) string {
	if !ok {
		return tr("kpi.no_data", "no data")
	}
	switch u {
	case UnitShare:
		return fmt.Sprintf("%.1f%%", v*100)
	case UnitHours:
		return fmt.Sprintf("%.1f %s", v, tr("kpi.unit.hours", "h"))
	case UnitDays:
		return fmt.Sprintf("%.1f %s", v, tr("kpi.unit.days", "d"))
	case UnitMoney:
		return "¥" + Money(math.Round(v)).Yuan()
	}
	return fmt.Sprintf("%.0f", v)
}

// ValueText is the figure's value for this month.
func (f Figure) ValueText(tr Translate) string { return FormatValue(f.Unit, f.Value, f.OK, tr) }

// PrevText is the figure's value for the previous month.
func (f Figure) PrevText(tr Translate) string { return FormatValue(f.Unit, f.Prev, f.PrevOK, tr) }

// DetailText is what stands beside the value: "111 / 121" for a share,
// "median 50.1 h" for times, "" otherwise.
func (f Figure) DetailText(tr Translate) string {
	if !f.OK {
		return ""
	}
	switch f.Unit {
	case UnitShare:
		return fmt.Sprintf("%d / %d", f.Share.Hits, f.Share.Count)
	case UnitHours, UnitDays:
		if f.Median != 0 || f.Key == "completion" {
			return tr("kpi.median", "median") + " " + FormatValue(f.Unit, f.Median, true, tr)
		}
	}
	return ""
}

// TargetText is the figure's target, "≥ 90%", "< 3%", "0%", or "" when it
// has none.
func (f Figure) TargetText() string {
	if f.Target == nil {
		return ""
	}
	v := fmt.Sprintf("%g%%", math.Round(f.Target.Value*1000)/10)
	if f.Target.Op == AtMost && f.Target.Value == 0 {
		return v
	}
	op := map[TargetOp]string{AtLeast: "≥", Below: "<", AtMost: "≤"}[f.Target.Op]
	return op + " " + v
}
