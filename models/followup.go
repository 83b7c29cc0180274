package models

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Follow-up calls (回访, issue 6; DOMAIN.md "Follow-up visits", seed 004):
// a completed delivery schedules calls at +1 week, +1 month, +3 months,
// +6 months and +1 year; a completed repair one at +3 days. Each call has
// an outcome (reached, not convenient → a call-back time, no answer → try
// again the next day); a call that reached the customer records the
// satisfaction, the answers to the product, delivery and crew questions,
// the crew's conduct as the customer saw it, and any complaint.

// FollowUpJob is the kind of job a call follows up.
type FollowUpJob string

// Jobs that are followed up.
const (
	JobDelivery FollowUpJob = "delivery" // delivery and installation
	JobRepair   FollowUpJob = "repair"
)

// FollowUpStatus is where a call stands.
type FollowUpStatus string

// Follow-up statuses.
const (
	FollowUpDue       FollowUpStatus = "due"       // to call on or after DueDate
	FollowUpCallback  FollowUpStatus = "callback"  // the customer asked to be called at CallbackAt
	FollowUpDone      FollowUpStatus = "done"      // the customer was reached and the call recorded
	FollowUpCancelled FollowUpStatus = "cancelled" // no longer called (the job was undone)
)

// CallOutcome is the result of one attempt.
type CallOutcome string

// Call outcomes.
const (
	CallReached       CallOutcome = "reached"
	CallNotConvenient CallOutcome = "not_convenient"
	CallNoAnswer      CallOutcome = "no_answer"
)

// AllCallOutcomes lists them in form order.
var AllCallOutcomes = []CallOutcome{CallReached, CallNotConvenient, CallNoAnswer}

// Answer is the customer's answer to one question of the script.
type Answer string

// Answers.
const (
	AnswerOK      Answer = "ok"
	AnswerProblem Answer = "problem"
)

// Offset is how long after the job a call is due: a whole number and a
// unit, d(ays), w(eeks), m(onths) or y(ears), e.g. "3d", "1w", "6m", "1y".
type Offset string

// Offset limits: a call is due at most two years after the job.
const (
	maxOffsetDays = 731
	// MaxFollowUps is how many calls one job may schedule.
	MaxFollowUps = 10
)

// Parse splits an offset into its number and unit.
func (o Offset) Parse() (n int, unit byte, ok bool) {
	s := strings.ToLower(strings.TrimSpace(string(o)))
	if len(s) < 2 {
		return 0, 0, false
	}
	unit = s[len(s)-1]
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n < 1 || strings.ContainsAny(s[:len(s)-1], "+-") {
		return 0, 0, false
	}
	limit := map[byte]int{'d': maxOffsetDays, 'w': 104, 'm': 24, 'y': 2}[unit]
	if limit == 0 || n > limit {
		return 0, 0, false
	}
	return n, unit, true
}

// Valid reports whether the offset can be used.
func (o Offset) Valid() bool {
	_, _, ok := o.Parse()
	return ok
}

// Normal is the offset written the one way it is stored: "1w", not " 1W".
func (o Offset) Normal() Offset {
	n, u, ok := o.Parse()
	if !ok {
		return o
	}
	return Offset(strconv.Itoa(n) + string(u))
}

// Apply is the civil date the call falls due for a job done on the civil
// date d. Months and years clamp at month ends: a job on 31 January is
// called on 28 (29) February after one month, one on 29 February on
// 28 February a year later.
func (o Offset) Apply(d time.Time) time.Time {
	d = CivilDate(d)
	n, u, ok := o.Parse()
	if !ok {
		return d
	}
	switch u {
	case 'd':
		return d.AddDate(0, 0, n)
	case 'w':
		return d.AddDate(0, 0, 7*n)
	case 'm':
		return AddMonthsClamped(d, n)
	default:
		return AddMonthsClamped(d, 12*n)
	}
}

// approxDays orders offsets: months count as 30.5 days, years as 365.25.
func (o Offset) approxDays() float64 {
	n, u, _ := o.Parse()
	switch u {
	case 'w':
		return float64(7 * n)
	case 'm':
		return 30.5 * float64(n)
	case 'y':
		return 365.25 * float64(n)
	}
	return float64(n)
}

// FollowUpSchedule says when each kind of job is followed up. It applies
// to jobs completed after it was saved.
type FollowUpSchedule struct {
	Delivery []Offset `json:"delivery"`
	Repair   []Offset `json:"repair"`
}

// DefaultFollowUpSchedule is the shops' procedure (seed 004 "按周、一个月、
// 三个月、半年和一年"; a repair is checked on after three days).
func DefaultFollowUpSchedule() FollowUpSchedule {
	return FollowUpSchedule{
		Delivery: []Offset{"1w", "1m", "3m", "6m", "1y"},
		Repair:   []Offset{"3d"},
	}
}

// For returns the offsets of a job kind.
func (s FollowUpSchedule) For(job FollowUpJob) []Offset {
	if job == JobRepair {
		return s.Repair
	}
	return s.Delivery
}

// Normalize checks both lists and returns them trimmed, written the stored
// way and sorted from the soonest call. An empty list is allowed: that
// kind of job is not followed up. Errors name the field "delivery" or
// "repair".
func (s FollowUpSchedule) Normalize() (FollowUpSchedule, error) {
	var errs ValidationErrors
	norm := func(field string, in []Offset) []Offset {
		out := make([]Offset, 0, len(in))
		seen := map[Offset]bool{}
		for _, o := range in {
			if strings.TrimSpace(string(o)) == "" {
				continue
			}
			if !o.Valid() {
				errs = append(errs, NewFieldError(field, "err.followup.offset",
					"“{{.Value}}” is not a time after the job: write a number and d, w, m or y, e.g. 3d, 1w, 6m, 1y (at most two years).",
					map[string]any{"Value": strings.TrimSpace(string(o))}))
				continue
			}
			n := o.Normal()
			if seen[n] {
				errs = append(errs, NewFieldError(field, "err.followup.offset_twice", "{{.Value}} is listed twice.", map[string]any{"Value": string(n)}))
				continue
			}
			seen[n] = true
			out = append(out, n)
		}
		if len(out) > MaxFollowUps {
			errs = append(errs, NewFieldError(field, "err.followup.too_many", "At most {{.N}} calls per job.", map[string]any{"N": MaxFollowUps}))
		}
		// Insertion sort: the lists are short, and equal lengths (1y / 12m)
		// keep their typed order.
		for i := 1; i < len(out); i++ {
			for j := i; j > 0 && out[j].approxDays() < out[j-1].approxDays(); j-- {
				out[j], out[j-1] = out[j-1], out[j]
			}
		}
		return out
	}
	r := FollowUpSchedule{Delivery: norm("delivery", s.Delivery), Repair: norm("repair", s.Repair)}
	if err := errs.OrNil(); err != nil {
		return s, err
	}
	return r, nil
}

// ScheduledCall is one call a schedule gives a job.
type ScheduledCall struct {
	Offset Offset
	Due    time.Time // civil
}

// Calls lists the calls for a job of kind job completed on the civil date
// done, soonest first. Two offsets landing on one day (1m and 4w in
// February) make one call.
func (s FollowUpSchedule) Calls(job FollowUpJob, done time.Time) []ScheduledCall {
	var out []ScheduledCall
	seen := map[time.Time]bool{}
	for _, o := range s.For(job) {
		if !o.Valid() {
			continue
		}
		d := o.Apply(done)
		if seen[d] {
			continue
		}
		seen[d] = true
		out = append(out, ScheduledCall{Offset: o.Normal(), Due: d})
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Due.Before(out[j-1].Due); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// FollowUp is one follow-up call of a job: scheduled when the job is
// completed, then attempted until the customer is reached.
type FollowUp struct {
	Base
	TicketID   string      `gorm:"size:36;not null;index"`
	CustomerID string      `gorm:"size:36;not null;index"`
	JobKind    FollowUpJob `gorm:"size:10"`
	Offset     Offset      `gorm:"size:6"`
	// DueDate is the civil day the call is due; after an unanswered call,
	// the next day.
	DueDate       time.Time      `gorm:"index:idx_followups_status_due,priority:2"`
	Status        FollowUpStatus `gorm:"size:12;not null;index:idx_followups_status_due,priority:1"`
	Attempts      int
	LastAttemptAt *time.Time
	CallbackAt    *time.Time  `gorm:"index"`   // when the customer asked to be called back
	Outcome       CallOutcome `gorm:"size:16"` // of the last attempt
	Satisfaction  int         // 1–5 when reached
	// The three questions of the script: the product, the delivery (or
	// the visit), the crew (or the technician).
	ProductAnswer  Answer `gorm:"size:8"`
	ProductNote    string
	DeliveryAnswer Answer `gorm:"size:8"`
	DeliveryNote   string
	CrewAnswer     Answer `gorm:"size:8"`
	CrewNote       string
	// Conduct as the customer saw it (seed 001: checked on follow-up calls).
	UniformBreach     bool // not in uniform or untidy
	LanguageBreach    bool // a breach of the language or conduct rules
	TipRefused        bool // a tip or gift politely refused
	Comments          string
	ComplaintTicketID *string    `gorm:"size:36;index"`
	DoneBy            string     `gorm:"size:50"`
	DoneAt            *time.Time `gorm:"index"` // the month's satisfaction figure reads calls by when they were done
	Version           int        `gorm:"not null;default:1"`
}

// CallInput is the call form.
type CallInput struct {
	Version    int // the follow-up's version when the form opened; 0 skips the check
	Outcome    CallOutcome
	CallbackAt time.Time // not convenient: when to call back
	// Reached.
	Satisfaction   int // 1–5
	Product        Answer
	ProductNote    string
	Delivery       Answer
	DeliveryNote   string
	Crew           Answer
	CrewNote       string
	UniformBreach  bool
	LanguageBreach bool
	TipRefused     bool
	Complaint      string // a complaint raised on the call; "" none
	Comments       string
}

// Text limits of the call form.
const (
	callNoteMax     = 500
	callCommentsMax = 2000
	// CallbackMaxDays is how far ahead a call-back may be booked.
	CallbackMaxDays = 60
)

// Normalize trims the form and checks it against the outcome; now is the
// time of the call. What does not belong to the outcome (answers of a call
// nobody picked up) is dropped.
func (in *CallInput) Normalize(now time.Time) error {
	var errs ValidationErrors
	add := func(field, key, fallback string, data map[string]any) {
		errs = append(errs, NewFieldError(field, key, fallback, data))
	}
	in.ProductNote, in.DeliveryNote, in.CrewNote = strings.TrimSpace(in.ProductNote), strings.TrimSpace(in.DeliveryNote), strings.TrimSpace(in.CrewNote)
	in.Complaint, in.Comments = strings.TrimSpace(in.Complaint), strings.TrimSpace(in.Comments)
	if utf8.RuneCountInString(in.Comments) > callCommentsMax {
		add("comments", "err.followup.comments_long", "Comments have at most {{.N}} characters.", map[string]any{"N": callCommentsMax})
	}
	switch in.Outcome {
	case CallReached:
		if in.Satisfaction < 1 || in.Satisfaction > 5 {
			add("satisfaction", "err.followup.satisfaction", "Ask how satisfied the customer is and choose 1 (very unhappy) to 5 (very satisfied).", nil)
		}
		for _, q := range []struct {
			field string
			a     Answer
			note  string
		}{{"product", in.Product, in.ProductNote}, {"delivery", in.Delivery, in.DeliveryNote}, {"crew", in.Crew, in.CrewNote}} {
			switch {
			case q.a != AnswerOK && q.a != AnswerProblem:
				add(q.field, "err.followup.answer", "Choose fine or a problem.", nil)
			case q.a == AnswerProblem && q.note == "":
				add(q.field, "err.followup.problem_note", "Write what the problem is.", nil)
			case utf8.RuneCountInString(q.note) > callNoteMax:
				add(q.field, "err.followup.note_long", "At most {{.N}} characters.", map[string]any{"N": callNoteMax})
			}
		}
		if utf8.RuneCountInString(in.Complaint) > callCommentsMax {
			add("complaint", "err.followup.complaint_long", "The complaint has at most {{.N}} characters.", map[string]any{"N": callCommentsMax})
		}
		in.CallbackAt = time.Time{}
	case CallNotConvenient:
		switch {
		case in.CallbackAt.IsZero():
			add("callback", "err.followup.callback_required", "Ask when it suits the customer and enter the call-back time.", nil)
		case !in.CallbackAt.After(now):
			add("callback", "err.followup.callback_past", "The call-back time must be later than now.", nil)
		case in.CallbackAt.After(now.AddDate(0, 0, CallbackMaxDays)):
			add("callback", "err.followup.callback_far", "Choose a call-back time within {{.N}} days.", map[string]any{"N": CallbackMaxDays})
		}
		in.clearReached()
	case CallNoAnswer:
		in.CallbackAt = time.Time{}
		in.clearReached()
	default:
		add("outcome", "err.followup.outcome", "Choose how the call went: reached, not convenient or no answer.", nil)
	}
	return errs.OrNil()
}

// clearReached drops what only a call that reached the customer records.
func (in *CallInput) clearReached() {
	in.Satisfaction = 0
	in.Product, in.Delivery, in.Crew = "", "", ""
	in.ProductNote, in.DeliveryNote, in.CrewNote = "", "", ""
	in.UniformBreach, in.LanguageBreach, in.TipRefused = false, false, false
	in.Complaint = ""
}

// Observations lists the conduct rule codes (DefaultConductRules) the
// call's observations apply to each member of the crew.
func (in CallInput) Observations() []string {
	var out []string
	if in.UniformBreach {
		out = append(out, "uniform")
	}
	if in.LanguageBreach {
		out = append(out, "conduct")
	}
	if in.TipRefused {
		out = append(out, "gift_refused")
	}
	return out
}

// Open reports whether the call is still to be made.
func (f *FollowUp) Open() bool { return f.Status == FollowUpDue || f.Status == FollowUpCallback }
