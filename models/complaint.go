package models

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Complaints (投诉, DOMAIN.md "Follow-up visits and complaints", seed
// 004): recorded at once and reported to a manager within 1 hour;
// responsibility determined within 24 hours of the report (48 when the
// customer cannot be reached); a proposal to the customer within 72
// hours; then followed up until the customer accepts the solution. The
// workflow rows are in aftersales.go.

// Complaint time limits, counted from the report (the ticket's
// ReportedAt). They are the seed's own rules and not editable: the
// follow-up cadence after the proposal is the shop's progress-call
// interval (DueRules.PartsProgressDays, 3 days by default).
const (
	ComplaintAcceptLimit         = time.Hour      // recorded and reported to a manager
	ComplaintResponsibilityLimit = 24 * time.Hour // responsibility determined
	ComplaintUnreachableLimit    = 48 * time.Hour // … when the customer could not be reached
	ComplaintProposalLimit       = 72 * time.Hour // a proposal given to the customer
)

// Due rules of complaints.
const (
	DueComplaintAccept         DueRule = "complaint_accept"         // accept and report within 1 h
	DueComplaintResponsibility DueRule = "complaint_responsibility" // responsibility within 24 h (48 h)
	DueComplaintProposal       DueRule = "complaint_proposal"       // proposal within 72 h
	DueComplaintFollowUp       DueRule = "complaint_follow_up"      // follow-up call every few days until closed
)

// ComplaintNoteMax is the longest finding, proposal or follow-up note.
const ComplaintNoteMax = 2000

// ComplaintLimit is one time limit of a complaint: when it is due and,
// once the step is done, when it was done.
type ComplaintLimit struct {
	Rule DueRule
	Due  time.Time
	Done *time.Time
}

// Late reports whether the step was done after its limit, or is still
// open past it at now.
func (l ComplaintLimit) Late(now time.Time) bool {
	if l.Done != nil {
		return l.Done.After(l.Due)
	}
	return now.After(l.Due)
}

// ComplaintLimits lists a complaint's three time limits in order.
func ComplaintLimits(t *Ticket) []ComplaintLimit {
	resp := ComplaintResponsibilityLimit
	if t.CustomerUnreachable {
		resp = ComplaintUnreachableLimit
	}
	return []ComplaintLimit{
		{DueComplaintAccept, t.ReportedAt.Add(ComplaintAcceptLimit), t.AcceptedAt},
		{DueComplaintResponsibility, t.ReportedAt.Add(resp), t.ResponsibilityAt},
		{DueComplaintProposal, t.ReportedAt.Add(ComplaintProposalLimit), t.ProposedAt},
	}
}

// nextDueComplaint is NextDue for complaints: each step by its limit,
// then a follow-up call every PartsProgressDays days after the proposal
// or the last contact, until the complaint is closed.
func nextDueComplaint(t *Ticket, r DueRules, loc *time.Location) (Due, bool) {
	lim := ComplaintLimits(t)
	switch t.Status {
	case StatusNew:
		return Due{lim[0].Rule, lim[0].Due}, true
	case StatusAccepted:
		return Due{lim[1].Rule, lim[1].Due}, true
	case StatusResponsibility:
		return Due{lim[2].Rule, lim[2].Due}, true
	case StatusProposed, StatusFollowingUp:
		since := t.StatusSince
		if t.ProposedAt != nil {
			since = *t.ProposedAt
		}
		if t.LastContactAt != nil && t.LastContactAt.After(since) {
			since = *t.LastContactAt
		}
		days := r.PartsProgressDays
		if days <= 0 {
			days = DefaultDueRules.PartsProgressDays
		}
		return Due{DueComplaintFollowUp, since.In(loc).AddDate(0, 0, days)}, true
	}
	return Due{}, false
}

// CheckComplaintIntake validates what the intake needs for a complaint:
// what the customer complains about.
func CheckComplaintIntake(text string) error {
	if strings.TrimSpace(text) == "" {
		return NewFieldError("symptom", "err.complaint.text_required", "Write what the customer complains about.", nil)
	}
	return nil
}

// NoteComplaintContact records a failed attempt to reach the customer:
// before responsibility is determined it gives the 48-hour limit.
func NoteComplaintContact(t *Ticket, outcome ContactOutcome) {
	if t.Kind != KindComplaint || t.ResponsibilityAt != nil || t.Status.Terminal() {
		return
	}
	if outcome == ContactNoAnswer || outcome == ContactWrongNumber {
		t.CustomerUnreachable = true
	}
}

// checkComplaint adds the complaint steps' own checks to checkAftersales'.
func checkComplaint(in StepInput, errs *ValidationErrors) {
	add := func(field, key, fallback string) {
		*errs = append(*errs, NewFieldError(field, key, fallback, nil))
	}
	note := strings.TrimSpace(in.Note)
	switch in.Action {
	case ActAcceptComplaint:
		if in.ReportedToID == "" {
			add("reported_to", "err.complaint.manager_required", "Choose the manager the complaint was reported to.")
		}
	case ActResponsibility:
		if in.PenaltyRuleID != "" && Responsible(in.Liability) != RespStaff {
			add("penalty", "err.complaint.penalty_staff", "A penalty is recorded only when staff members are found responsible.")
		}
	case ActFollowUp:
		if note == "" {
			add("note", "err.complaint.follow_up_required", "Write what the customer said on the follow-up.")
		}
	}
	if utf8.RuneCountInString(note) > ComplaintNoteMax {
		add("note", "err.complaint.note_long", "At most 2000 characters.")
	}
}

// applyComplaint records what applyAftersales does not: a follow-up call
// is a contact with the customer (it restarts the follow-up clock).
func applyComplaint(t *Ticket, in StepInput, now time.Time) {
	if in.Action == ActFollowUp {
		v := now
		t.LastContactAt = &v
	}
}
