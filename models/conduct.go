package models

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Staff conduct: penalties and rewards (DOMAIN.md "Staff conduct", seed
// 001). A rule says what a breach or a good deed is worth; a record applies
// a rule to a person on a day, copying the rule's name and amount so a
// later rule change never rewrites it. Months are compiled by the business
// manager, approved by the general manager (then locked) and executed by
// finance.

// ConductKind is whether a rule fines, rewards or dismisses.
type ConductKind string

// Conduct kinds.
const (
	ConductPenalty   ConductKind = "penalty"   // 罚款
	ConductReward    ConductKind = "reward"    // 奖励
	ConductDismissal ConductKind = "dismissal" // 开除 (recorded, no amount)
)

// ConductRule is one line of the rule catalogue.
type ConductRule struct {
	Base
	Code      string      `gorm:"size:40;index"` // built-in rules: a stable code; typed rules: ""
	Name      string      `gorm:"size:100"`      // typed name; "" uses NameKey
	NameKey   string      `gorm:"size:60"`
	Kind      ConductKind `gorm:"size:12;not null"`
	Amount    Money       // per time; 0 with PerCase
	PerCase   bool        // the amount is entered for each case (damage compensation)
	Probation bool        // the record puts the person on probation (留职查看)
	Position  int
}

// DefaultConductRules are the seed's rules.
func DefaultConductRules() []ConductRule {
	return []ConductRule{
		{Code: "uniform", NameKey: "conduct.rule.uniform", Kind: ConductPenalty, Amount: 1000, Position: 1},
		{Code: "conduct", NameKey: "conduct.rule.conduct", Kind: ConductPenalty, Amount: 2000, Position: 2},
		{Code: "gift_refused", NameKey: "conduct.rule.gift_refused", Kind: ConductReward, Amount: 2000, Position: 3},
		{Code: "installation", NameKey: "conduct.rule.installation", Kind: ConductPenalty, Amount: 20000, Probation: true, Position: 4},
		{Code: "damage", NameKey: "conduct.rule.damage", Kind: ConductPenalty, PerCase: true, Position: 5},
		{Code: "money_gifts", NameKey: "conduct.rule.money_gifts", Kind: ConductDismissal, Position: 6},
	}
}

// ConductRuleInput is the rule editor's form.
type ConductRuleInput struct {
	Name      string
	Kind      ConductKind
	Amount    string // yuan per time; ignored for per-case and dismissal rules
	PerCase   bool
	Probation bool
}

// Normalize validates the form into r (keeping r's name key when the name
// is left as it was, see app).
func (in ConductRuleInput) Normalize(r *ConductRule) error {
	var errs ValidationErrors
	name := strings.TrimSpace(in.Name)
	if name == "" && r.NameKey == "" {
		errs = append(errs, NewFieldError("name", "err.conduct.rule_name", "Name the rule, e.g. not in uniform.", nil))
	} else if utf8.RuneCountInString(name) > 100 {
		errs = append(errs, NewFieldError("name", "err.conduct.rule_name_long", "The name has at most 100 characters.", nil))
	}
	var amount Money
	switch in.Kind {
	case ConductPenalty, ConductReward:
		if !in.PerCase {
			m, fe := ParseMoney(in.Amount)
			switch {
			case fe != nil:
				errs = append(errs, NewFieldError("amount", "err.conduct.rule_amount", "Enter the amount per time in yuan, e.g. 20; or mark the rule per case.", nil))
			case m <= 0:
				errs = append(errs, NewFieldError("amount", "err.conduct.rule_amount_zero", "The amount must be more than 0.", nil))
			default:
				amount = m
			}
		}
	case ConductDismissal:
		if in.PerCase {
			errs = append(errs, NewFieldError("per_case", "err.conduct.dismissal_amount", "A dismissal carries no amount.", nil))
		}
	default:
		errs = append(errs, NewFieldError("kind", "err.conduct.rule_kind", "Choose penalty, reward or dismissal.", nil))
	}
	if err := errs.OrNil(); err != nil {
		return err
	}
	if name != "" {
		r.Name, r.NameKey = name, ""
	}
	r.Kind, r.Amount, r.PerCase, r.Probation = in.Kind, amount, in.PerCase && in.Kind != ConductDismissal, in.Probation
	return nil
}

// RecordSource is where a breach or good deed was seen.
type RecordSource string

// Sources of records.
const (
	RecSpotCheck RecordSource = "spot_check"      // 抽查
	RecMeeting   RecordSource = "morning_meeting" // 早会
	RecDelivery  RecordSource = "delivery_record" // 送货记录
	RecFollowUp  RecordSource = "follow_up"       // 回访
	RecComplaint RecordSource = "complaint"       // 投诉
)

// AllRecordSources lists the sources in form order.
var AllRecordSources = []RecordSource{RecSpotCheck, RecMeeting, RecDelivery, RecFollowUp, RecComplaint}

// ConductRecord is one penalty, reward or dismissal of a staff member.
// Amount is signed: negative fines, positive rewards, 0 for a dismissal.
type ConductRecord struct {
	Base
	StaffID   string       `gorm:"size:36;not null;index:idx_conduct_staff_month,priority:1"`
	Month     string       `gorm:"size:7;not null;index;index:idx_conduct_staff_month,priority:2"` // YYYY-MM the record counts in
	Date      time.Time    // the day it happened (civil)
	RuleID    *string      `gorm:"size:36"`
	RuleName  string       `gorm:"size:100"` // the rule as it was: its typed name or its name key
	Kind      ConductKind  `gorm:"size:12"`
	Qty       int          //
	UnitPrice Money        // the rule's amount per time then, or the case amount
	Amount    Money        // signed total
	Probation bool         //
	Dismissal bool         //
	Source    RecordSource `gorm:"size:20"`
	TicketID  *string      `gorm:"size:36;index"`
	Note      string
	// RecordedBy is the person who entered it (their name).
	RecordedBy string `gorm:"size:50"`
	// AdjustsID points to the record of a closed month that this one
	// corrects; the correction counts in its own (later) month.
	AdjustsID *string `gorm:"size:36;index"`
}

// MonthStatus is where a month's close stands.
type MonthStatus string

// Month statuses. A month with no close row is open.
const (
	MonthOpen     MonthStatus = "open"
	MonthCompiled MonthStatus = "compiled" // waiting for the general manager
	MonthReturned MonthStatus = "returned" // sent back with a comment; records editable again
	MonthApproved MonthStatus = "approved" // locked
	MonthExecuted MonthStatus = "executed" // finance has paid or deducted it
)

// Locked reports whether records of a month in s can no longer change.
func (s MonthStatus) Locked() bool { return s == MonthApproved || s == MonthExecuted }

// MonthClose is the close of one month.
type MonthClose struct {
	Month         string      `gorm:"primaryKey;size:7"`
	Status        MonthStatus `gorm:"size:10;not null"`
	CompiledBy    string      `gorm:"size:50"`
	CompiledAt    *time.Time
	ApprovedBy    string `gorm:"size:50"`
	ApprovedAt    *time.Time
	ReturnComment string
	ReturnedBy    string `gorm:"size:50"`
	ReturnedAt    *time.Time
	ExecutedBy    string `gorm:"size:50"`
	ExecutedAt    *time.Time
	// Totals as compiled (JSON of the per-staff lines), so the statement
	// of an approved month prints what was approved.
	Summary   string `text:"json"`
	UpdatedAt time.Time
	Version   int `gorm:"not null;default:1"`
}

// MonthOf is the YYYY-MM of a civil date.
func MonthOf(d time.Time) string { return d.Format("2006-01") }

// ParseMonth reads YYYY-MM (also YYYY/MM, YYYY年M月) and returns the month's
// first day.
func ParseMonth(s string) (time.Time, error) {
	s = strings.TrimSpace(toHalfWidth(s))
	s = strings.NewReplacer("年", "-", "月", "", "/", "-", ".", "-").Replace(s)
	var y, m int
	if _, err := fmt.Sscanf(s, "%d-%d", &y, &m); err != nil || y < 2000 || y > 2200 || m < 1 || m > 12 {
		return time.Time{}, NewFieldError("month", "err.conduct.month_format", "Write the month as YYYY-MM, e.g. 2026-11.", nil)
	}
	return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC), nil
}

// RecordInput is the penalty/reward form.
type RecordInput struct {
	StaffID   string
	Date      string // YYYY-MM-DD
	RuleID    string
	Qty       string // "" is 1
	Amount    string // per-case rules: the amount of this case, in yuan
	Source    RecordSource
	TicketID  string
	Note      string
	AdjustsID string // a correction of a record in a closed month
}

// StaffLine is one person's month: counts and totals.
type StaffLine struct {
	StaffID   string
	Name      string
	Records   int
	Penalties Money // positive sum of fines
	Rewards   Money
	Net       Money // rewards − penalties
	Probation bool
	Dismissal bool
}

// TotalOf adds up staff lines into the shop's line.
func TotalOf(lines []StaffLine) StaffLine {
	var t StaffLine
	for _, l := range lines {
		t.Records += l.Records
		t.Penalties += l.Penalties
		t.Rewards += l.Rewards
		t.Net += l.Net
	}
	return t
}

// Summarise totals records per staff member, in the order of first
// appearance of names sorted by the caller.
func Summarise(records []ConductRecord, names map[string]string) []StaffLine {
	idx := map[string]int{}
	var out []StaffLine
	for _, r := range records {
		i, ok := idx[r.StaffID]
		if !ok {
			i = len(out)
			idx[r.StaffID] = i
			out = append(out, StaffLine{StaffID: r.StaffID, Name: names[r.StaffID]})
		}
		l := &out[i]
		l.Records++
		switch {
		case r.Amount < 0:
			l.Penalties -= r.Amount
		case r.Amount > 0:
			l.Rewards += r.Amount
		}
		l.Net += r.Amount
		l.Probation = l.Probation || r.Probation
		l.Dismissal = l.Dismissal || r.Dismissal
	}
	return out
}
