package models

import "time"

// DueRule names why a ticket needs attention; screens translate it.
type DueRule string

// Due rules (seed 002, 004; DOMAIN.md "Tickets").
const (
	DueFirstResponse   DueRule = "first_response"   // contact the customer within 24 h of the report
	DueVisit           DueRule = "visit"            // the booked visit
	DueParcelChase     DueRule = "parcel_chase"     // mail-in parcel not received after 7 days: call again
	DueParcelAbandon   DueRule = "parcel_abandon"   // after 15 days: offer to close as abandoned
	DueParcelConfirm   DueRule = "parcel_confirm"   // confirm receipt to the customer within 24 h
	DuePartsProgress   DueRule = "parts_progress"   // awaiting parts: progress call every 3 days
	DuePickupReminder  DueRule = "pickup_reminder"  // carry-in ready but not collected
	DueVoucherDate     DueRule = "voucher_date"     // the date promised on the pickup voucher
	DueEscalation      DueRule = "escalation"       // an escalated ticket needs a decision within a day
	DueSchedule        DueRule = "schedule"         // assigned but no appointment booked yet
	DueFactoryReturn   DueRule = "factory_return"   // sent to the factory: chase the factory
	DueSignatureReturn DueRule = "signature_return" // repaired on site: the signed slip must come back
	DueCrew            DueRule = "crew"             // delivery booked but no crew named yet
	DueInstallDone     DueRule = "install_done"     // crew on site: record the installation
	DuePartApprove     DueRule = "part_approve"     // part request waiting for planning's approval
)

// DueRules are the shop's time limits; defaults from the seeds, editable
// in Settings.
type DueRules struct {
	FirstResponse     time.Duration
	ParcelChaseDays   int
	ParcelAbandonDays int
	ParcelConfirm     time.Duration
	PartsProgressDays int
	PickupRemindDays  int
	EscalationHours   int
	ScheduleHours     int
	FactoryChaseDays  int
	SignatureDays     int
	MorningStart      int // hour an AM appointment is due
	AfternoonStart    int // hour a PM appointment is due
}

// DefaultDueRules are the limits from the shop procedures.
var DefaultDueRules = DueRules{
	FirstResponse:     24 * time.Hour,
	ParcelChaseDays:   7,
	ParcelAbandonDays: 15,
	ParcelConfirm:     24 * time.Hour,
	PartsProgressDays: 3,
	PickupRemindDays:  3,
	EscalationHours:   24,
	ScheduleHours:     24,
	FactoryChaseDays:  7,
	SignatureDays:     2,
	MorningStart:      9,
	AfternoonStart:    14,
}

// Due is a ticket's next due step.
type Due struct {
	Rule DueRule
	At   time.Time
}

// ApptStart is when a booked half day begins, in loc.
func (r DueRules) ApptStart(date time.Time, half HalfDay, loc *time.Location) time.Time {
	h := r.MorningStart
	if half == PM {
		h = r.AfternoonStart
	}
	y, m, d := date.Date()
	return time.Date(y, m, d, h, 0, 0, 0, loc)
}

// NextDue computes the next step that is due for a ticket, or false when
// nothing is (a closed ticket, or one waiting on nobody). Times are in loc,
// the shop's time zone.
func NextDue(t *Ticket, r DueRules, loc *time.Location) (Due, bool) {
	if t.Status.Terminal() || t.Kind == KindConsultation {
		return Due{}, false
	}
	days := func(from time.Time, n int) time.Time { return from.In(loc).AddDate(0, 0, n) }
	lastTouch := func(since time.Time) time.Time {
		if t.LastContactAt != nil && t.LastContactAt.After(since) {
			return *t.LastContactAt
		}
		return since
	}
	if t.Kind == KindComplaint {
		return nextDueComplaint(t, r, loc) // complaint.go: its own limits from the report
	}
	// The first response rule comes before everything else.
	if t.FirstContactAt == nil && t.Status != StatusAwaitingParcel {
		return Due{DueFirstResponse, t.ReportedAt.Add(r.FirstResponse)}, true
	}
	if t.Kind == KindDelivery || t.Kind == KindPart {
		return nextDueDelivery(t, r, loc)
	}
	if t.Kind == KindReturn {
		return nextDueReturn(t, loc) // returns.go
	}
	switch t.Status {
	case StatusNew, StatusAssigned, StatusReceived:
		return Due{DueSchedule, t.StatusSince.Add(time.Duration(r.ScheduleHours) * time.Hour)}, true
	case StatusScheduled:
		if t.ApptDate != nil {
			return Due{DueVisit, r.ApptStart(*t.ApptDate, t.ApptHalf, loc)}, true
		}
	case StatusAwaitingParcel:
		since := t.StatusSince
		if t.WaitingParcelAt != nil {
			since = *t.WaitingParcelAt
		}
		chase := days(since, r.ParcelChaseDays)
		// A chase call any time on the due day clears it.
		chaseDay := time.Date(chase.Year(), chase.Month(), chase.Day(), 0, 0, 0, 0, loc)
		if t.LastContactAt == nil || t.LastContactAt.Before(chaseDay) {
			return Due{DueParcelChase, chase}, true
		}
		return Due{DueParcelAbandon, days(since, r.ParcelAbandonDays)}, true
	case StatusParcelReceived:
		if t.ReceivedAt != nil && (t.LastContactAt == nil || t.LastContactAt.Before(*t.ReceivedAt)) {
			return Due{DueParcelConfirm, t.ReceivedAt.Add(r.ParcelConfirm)}, true
		}
		return Due{DuePartsProgress, days(lastTouch(t.StatusSince), r.PartsProgressDays)}, true
	case StatusAwaitingParts, StatusInService:
		return Due{DuePartsProgress, days(lastTouch(t.StatusSince), r.PartsProgressDays)}, true
	case StatusVoucherIssued:
		if t.ExpectedReadyDate != nil {
			return Due{DueVoucherDate, r.ApptStart(*t.ExpectedReadyDate, AM, loc)}, true
		}
	case StatusReadyForPickup:
		since := t.StatusSince
		if t.LastContactAt == nil || t.LastContactAt.Before(since) {
			return Due{DuePickupReminder, since}, true
		}
		return Due{DuePickupReminder, days(*t.LastContactAt, r.PickupRemindDays)}, true
	case StatusEscalated:
		return Due{DueEscalation, t.StatusSince.Add(time.Duration(r.EscalationHours) * time.Hour)}, true
	case StatusSentToFactory:
		return Due{DueFactoryReturn, days(lastTouch(t.StatusSince), r.FactoryChaseDays)}, true
	case StatusRepaired, StatusSigned, StatusCollected, StatusShippedBack, StatusBackFromFactory:
		return Due{DueSignatureReturn, days(t.StatusSince, r.SignatureDays)}, true
	}
	return Due{}, false
}

// nextDueDelivery is NextDue for deliveries and part requests.
func nextDueDelivery(t *Ticket, r DueRules, loc *time.Location) (Due, bool) {
	appt := time.Time{}
	if t.ApptDate != nil {
		appt = r.ApptStart(*t.ApptDate, t.ApptHalf, loc)
	}
	switch t.Status {
	case StatusNew:
		// Name the crew within the scheduling limit, and in any case
		// before the crew must leave.
		due := t.StatusSince.Add(time.Duration(r.ScheduleHours) * time.Hour)
		if !appt.IsZero() && appt.Before(due) {
			due = appt
		}
		return Due{DueCrew, due}, true
	case StatusScheduled:
		if !appt.IsZero() {
			return Due{DueVisit, appt}, true
		}
	case StatusInService:
		from := appt
		if from.IsZero() || t.ArrivedAt != nil && t.ArrivedAt.After(from) {
			from = t.StatusSince
			if t.ArrivedAt != nil {
				from = *t.ArrivedAt
			}
		}
		return Due{DueInstallDone, from.Add(InstallHours * time.Hour)}, true
	case StatusInstalled, StatusSigned:
		return Due{DueSignatureReturn, t.StatusSince.In(loc).AddDate(0, 0, r.SignatureDays)}, true
	case StatusRequested:
		return Due{DuePartApprove, t.StatusSince.Add(time.Duration(r.ScheduleHours) * time.Hour)}, true
	case StatusApproved, StatusInProduction:
		return partDue(t, loc) // parts.go: late against the expected date
	}
	return Due{}, false
}

// InstallHours is how long after the start of the booked half day (or the
// arrival) the installation is expected to be recorded.
const InstallHours = 4

// Overdue reports whether a due time has passed at now.
func (d Due) Overdue(now time.Time) bool { return now.After(d.At) }

// DueToday reports whether a due time falls on now's calendar day (and
// has not passed).
func (d Due) DueToday(now time.Time) bool {
	if d.Overdue(now) {
		return false
	}
	y1, m1, d1 := now.Date()
	y2, m2, d2 := d.At.In(now.Location()).Date()
	return y1 == y2 && m1 == m2 && d1 == d2
}
