package models

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Replacement parts (补件, DOMAIN.md "Replacement parts", seed 001): a part
// request is a Ticket of KindPart (delivery.go has its statuses and
// transitions, aftersales.go its request-form fields). This file holds the
// rules that are the parts' own: the categories and their production lead
// times, the expected date, the payment gate before shipping, the late
// rule of the Today board, and urgent unpacking of a stock package (拆包).

// PartCategory is a kind of part with its standard production time, in
// calendar days (seed 001: "补件制作时间规定"). The expected date uses
// MaxDays, the upper bound, so the shop promises what it can keep.
type PartCategory struct {
	Key     string `json:"key"`
	NameZH  string `json:"name_zh"`
	NameEN  string `json:"name_en"`
	MinDays int    `json:"min_days"`
	MaxDays int    `json:"max_days"`
}

// Limits of a part category.
const (
	PartLeadMaxDays = 90
	PartNameMax     = 100
)

// LeadRange is the lead time as the form shows it: "10–12" or "2".
func (c PartCategory) LeadRange() string {
	if c.MinDays == c.MaxDays {
		return strconv.Itoa(c.MaxDays)
	}
	return strconv.Itoa(c.MinDays) + "–" + strconv.Itoa(c.MaxDays)
}

// PartExpectedDate is the civil date a part of category c ordered on
// from should be made and in the warehouse: from + the upper bound of the
// lead time, in calendar days.
func PartExpectedDate(from time.Time, c PartCategory) time.Time {
	return CivilDate(from).AddDate(0, 0, c.MaxDays)
}

// FindPartCategory finds a category by key.
func FindPartCategory(cats []PartCategory, key string) (PartCategory, bool) {
	for _, c := range cats {
		if c.Key == key {
			return c, true
		}
	}
	return PartCategory{}, false
}

// CheckPartCategories validates a category catalogue as the editor holds
// it. Fields are named "cat.<row>.<field>" so the editor can put each
// message next to its row.
func CheckPartCategories(cats []PartCategory) error {
	var errs ValidationErrors
	if len(cats) == 0 {
		errs = append(errs, NewFieldError("categories", "err.partcat.empty", "Keep at least one part category.", nil))
	}
	seen := map[string]int{}
	for i, c := range cats {
		row := map[string]any{"Row": i + 1}
		field := func(f string) string { return "cat." + strconv.Itoa(i) + "." + f }
		key := strings.TrimSpace(c.Key)
		if key != "" {
			if first, dup := seen[key]; dup {
				errs = append(errs, NewFieldError(field("key"), "err.partcat.key_duplicate", "Row {{.Row}} has the same code as row {{.First}}.",
					map[string]any{"Row": i + 1, "First": first + 1}))
			} else {
				seen[key] = i
			}
		}
		if s := strings.TrimSpace(c.NameZH); s == "" || utf8.RuneCountInString(s) > 50 {
			errs = append(errs, NewFieldError(field("name_zh"), "err.partcat.name_zh", "Row {{.Row}}: enter the Chinese name (at most 50 characters).", row))
		}
		if s := strings.TrimSpace(c.NameEN); s == "" || utf8.RuneCountInString(s) > 50 {
			errs = append(errs, NewFieldError(field("name_en"), "err.partcat.name_en", "Row {{.Row}}: enter the English name (at most 50 characters).", row))
		}
		if c.MinDays < 1 || c.MaxDays > PartLeadMaxDays || c.MinDays > c.MaxDays {
			errs = append(errs, NewFieldError(field("days"), "err.partcat.days",
				"Row {{.Row}}: the lead time is from 1 to 90 days, and the shortest is not longer than the longest.", row))
		}
	}
	return errs.OrNil()
}

// DuePartLate: an approved part is not in the warehouse by its expected
// date (the Today board shows it as late).
const DuePartLate DueRule = "part_late"

// partDue is the due step of an approved part request: the expected date
// (the start of that day in loc). A request without an expected date (no
// category was given) has nothing to be late against.
func partDue(t *Ticket, loc *time.Location) (Due, bool) {
	if t.PartExpected == nil {
		return Due{}, false
	}
	y, m, d := t.PartExpected.Date()
	return Due{DuePartLate, time.Date(y, m, d, 0, 0, 0, 0, loc).AddDate(0, 0, 1)}, true
}

// PartLate reports whether a part request is past its expected date at
// now (still not in the warehouse on the day after the expected date).
func PartLate(t *Ticket, now time.Time) bool {
	if t.Kind != KindPart || (t.Status != StatusApproved && t.Status != StatusInProduction) {
		return false
	}
	d, ok := partDue(t, now.Location())
	return ok && !now.Before(d.At)
}

// checkPartStep validates the steps of a part request (called from
// checkAftersales for ModePart). The payment gate (seed 001: "客户必须先行
// 汇款方可发货"): a chargeable part ships only once the customer has paid
// the whole quote.
func checkPartStep(st TicketState, in StepInput, errs *ValidationErrors) {
	t := st.Ticket
	if in.Action != ActShipPart {
		return
	}
	q := QuoteOf(st.Items)
	if t.PartChargeable && q.Total == 0 {
		*errs = append(*errs, NewFieldError("payment", "err.part.no_price",
			"This part is chargeable but has no price on the ticket: add the price line first.", nil))
		return
	}
	if st.Paid < q.Total {
		*errs = append(*errs, NewFieldError("payment", "err.part.unpaid",
			"This part is chargeable: the customer pays before it ships. Still owed: {{.Owed}} yuan; record the payment first.",
			map[string]any{"Owed": (q.Total - st.Paid).Yuan()}))
	}
}

// applyPartStep records what a part step means beyond its status: the
// part reaching the customer is the job done, for lists and figures.
func applyPartStep(t *Ticket, in StepInput, now time.Time) {
	if in.Action == ActReceivePart {
		v := now
		t.RepairedAt = &v
	}
}

// Unpack is an urgent unpacking (拆包) of a stock package to take a part
// at once: seed 001 requires the marketing manager's signed approval, a
// mark on the package, a record, and the refill within the set time. The
// app has no marketing-manager role, so the approver's name and the time
// of the approval are recorded as told, entered by a manager with the
// catalogue permission (business or general manager); RecordedBy is who
// entered it.
type Unpack struct {
	Base
	TicketID   string    `gorm:"size:36;not null;index"`
	PackageNo  string    `gorm:"size:60;not null"` // the stock package opened, as marked on it
	Reason     string    `gorm:"size:500"`
	ApprovedBy string    `gorm:"size:50;not null"` // the marketing manager who approved
	ApprovedAt time.Time // when the approval was given
	RecordedBy string    `gorm:"size:50"`
	RefillDue  time.Time `gorm:"index"` // civil date by which the part is back in the package
	RefilledAt *time.Time
	RefilledBy string `gorm:"size:50"`
}

// DefaultRefillDays is the default time to refill an unpacked package.
const DefaultRefillDays = 7

// RefillOverdue reports whether the refill of u is late at now: not
// refilled and past the end of its due day.
func (u *Unpack) RefillOverdue(now time.Time) bool {
	if u.RefilledAt != nil || u.RefillDue.IsZero() {
		return false
	}
	return CivilDate(now).After(CivilDate(u.RefillDue))
}

// UnpackInput is an unpacking as the manager enters it.
type UnpackInput struct {
	PackageNo  string
	Reason     string
	ApprovedBy string
	ApprovedAt time.Time // zero: now
	RefillDue  time.Time // zero: DefaultRefillDays from today
}

// CheckUnpack validates an unpacking against today's date.
func CheckUnpack(in *UnpackInput, today time.Time) error {
	var errs ValidationErrors
	in.PackageNo, in.Reason, in.ApprovedBy = strings.TrimSpace(in.PackageNo), strings.TrimSpace(in.Reason), strings.TrimSpace(in.ApprovedBy)
	if in.PackageNo == "" || utf8.RuneCountInString(in.PackageNo) > 60 {
		errs = append(errs, NewFieldError("package", "err.unpack.package", "Enter the number of the package that is opened (at most 60 characters).", nil))
	}
	if in.Reason == "" || utf8.RuneCountInString(in.Reason) > 500 {
		errs = append(errs, NewFieldError("reason", "err.unpack.reason", "Say why the customer needs the part urgently (at most 500 characters).", nil))
	}
	if in.ApprovedBy == "" || utf8.RuneCountInString(in.ApprovedBy) > 50 {
		errs = append(errs, NewFieldError("approved_by", "err.unpack.approver",
			"Enter the name of the marketing manager who approved the unpacking: it cannot go ahead without that approval.", nil))
	}
	if !in.ApprovedAt.IsZero() && in.ApprovedAt.After(today.Add(time.Minute)) {
		errs = append(errs, NewFieldError("approved_at", "err.unpack.approved_future", "The approval cannot be in the future.", nil))
	}
	if in.RefillDue.IsZero() {
		in.RefillDue = CivilDate(today).AddDate(0, 0, DefaultRefillDays)
	} else if CivilDate(in.RefillDue).Before(CivilDate(today)) {
		errs = append(errs, NewFieldError("refill_due", "err.unpack.refill_past", "The refill date cannot be in the past.", nil))
	}
	in.RefillDue = CivilDate(in.RefillDue)
	return errs.OrNil()
}
