package app

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"aftercare/models"
)

// Follow-up calls (回访, issue 6; models/followup.go). Completing a
// delivery or closing a repair schedules its calls in the same
// transaction; RecordCall writes one attempt, and with it the crew's
// penalty and reward records and a complaint ticket when the customer
// raised one.
//
// Permissions: the calls are counter work (PermTickets). The conduct
// observations made on a call are recorded by the call itself, without
// PermConduct: the person on the phone writes down what the customer
// said, as the seed's procedure asks (records "通过回访进行调查统计"); the
// business manager still reviews them in the month close, where they show
// with the source "follow-up call" and the ticket.

// keyFollowUpSchedule stores the shop's follow-up schedule as JSON.
const keyFollowUpSchedule = "followups.schedule"

// FollowUpSchedule returns the shop's schedule: the saved one, or the
// defaults. It is read from the database each time, not cached: it is
// needed only when a job completes and in Settings, and reading it inside
// the completing transaction keeps the two consistent.
func (a *App) FollowUpSchedule() (models.FollowUpSchedule, error) {
	return loadFollowUpSchedule(a.db)
}

// loadFollowUpSchedule reads the schedule through db (the App's or a
// transaction). A stored value that does not decode or check gives the
// defaults.
func loadFollowUpSchedule(db *gorm.DB) (models.FollowUpSchedule, error) {
	var s models.Setting
	if err := db.Where("key = ?", keyFollowUpSchedule).Limit(1).Find(&s).Error; err != nil {
		return models.FollowUpSchedule{}, fmt.Errorf("settings: read %s: %w", keyFollowUpSchedule, err)
	}
	if s.Value == "" {
		return models.DefaultFollowUpSchedule(), nil
	}
	var sch models.FollowUpSchedule
	if json.Unmarshal([]byte(s.Value), &sch) != nil {
		return models.DefaultFollowUpSchedule(), nil
	}
	n, err := sch.Normalize()
	if err != nil {
		return models.DefaultFollowUpSchedule(), nil
	}
	return n, nil
}

// SaveFollowUpSchedule checks and saves the schedule with an audit entry
// in one transaction. It applies to jobs completed from now on; calls
// already scheduled keep their dates.
func (a *App) SaveFollowUpSchedule(s models.FollowUpSchedule) (models.FollowUpSchedule, error) {
	if err := a.require(models.PermCatalogues); err != nil {
		return s, err
	}
	n, err := s.Normalize()
	if err != nil {
		return s, err
	}
	data, err := json.Marshal(n)
	if err != nil {
		return s, err
	}
	err = a.db.Transaction(func(tx *gorm.DB) error {
		before, err := loadFollowUpSchedule(tx)
		if err != nil {
			return err
		}
		if err := setSettings(tx, map[string]string{keyFollowUpSchedule: string(data)}); err != nil {
			return err
		}
		return a.audit(tx, "settings", keyFollowUpSchedule, "update", diffFields([]string{"delivery", "repair"},
			[]string{joinOffsets(before.Delivery), joinOffsets(before.Repair)},
			[]string{joinOffsets(n.Delivery), joinOffsets(n.Repair)}))
	})
	if err != nil {
		return s, err
	}
	return n, nil
}

func joinOffsets(os []models.Offset) string {
	s := make([]string, len(os))
	for i, o := range os {
		s[i] = string(o)
	}
	return strings.Join(s, ",")
}

// followUpJob says which job a step completes: a delivery is followed up
// when it is installed, a repair when it is closed.
func followUpJob(t *models.Ticket, act models.Action) (models.FollowUpJob, bool) {
	switch {
	case act == models.ActCompleteInst && t.Kind == models.KindDelivery:
		return models.JobDelivery, true
	case act == models.ActClose && t.Kind == models.KindRepair:
		return models.JobRepair, true
	}
	return "", false
}

// scheduleFollowUps creates a job's follow-up calls when the step that
// completes it is taken, inside stepTx's transaction. A job that already
// has its calls (completed again after an escalation) keeps them.
func (a *App) scheduleFollowUps(tx *gorm.DB, t *models.Ticket, act models.Action) error {
	job, ok := followUpJob(t, act)
	if !ok {
		return nil
	}
	var n int64
	if err := tx.Model(&models.FollowUp{}).Where("ticket_id = ?", t.ID).Count(&n).Error; err != nil {
		return fmt.Errorf("followups: %s: %w", t.Number, err)
	}
	if n > 0 {
		return nil
	}
	sch, err := loadFollowUpSchedule(tx)
	if err != nil {
		return err
	}
	for _, c := range sch.Calls(job, a.clock()) {
		f := models.FollowUp{TicketID: t.ID, CustomerID: t.CustomerID, JobKind: job, Offset: c.Offset,
			DueDate: c.Due, Status: models.FollowUpDue, Version: 1}
		f.ID = uuid.NewString()
		if err := tx.Create(&f).Error; err != nil {
			return fmt.Errorf("followups: %s: %w", t.Number, err)
		}
		if err := a.audit(tx, "follow_up", f.ID, "create", map[string][2]string{
			"ticket": {"", t.Number}, "offset": {"", string(c.Offset)}, "due": {"", models.FormatDate(c.Due)}}); err != nil {
			return err
		}
	}
	return nil
}

// FollowUpRow is one line of the due list.
type FollowUpRow struct {
	models.FollowUp
	TicketNumber string
	TicketKind   models.TicketKind
	CustomerName string
	Phone        string
	Product      string
	// At is when the call became due: the due day's start (local), or the
	// call-back time.
	At      time.Time
	Overdue bool // due before today, or the call-back time is more than an hour past
}

// followUpRowQuery selects follow-ups with their ticket and customer.
func (a *App) followUpRowQuery(db *gorm.DB) *gorm.DB {
	return db.Table("follow_ups").Select(`follow_ups.*, tickets.number AS ticket_number, tickets.kind AS ticket_kind,
		tickets.product, customers.name AS customer_name,
		(SELECT number FROM phones WHERE phones.customer_id = customers.id ORDER BY position LIMIT 1) AS phone`).
		Joins("JOIN tickets ON tickets.id = follow_ups.ticket_id").
		Joins("JOIN customers ON customers.id = follow_ups.customer_id").
		Where("follow_ups.archived_at IS NULL")
}

// DueFollowUps lists the calls to make now: those due today or earlier,
// and call-backs whose time has come; the longest waiting first. limit ≤ 0
// means 500. Both halves read an index (status + due date, call-back time).
func (a *App) DueFollowUps(ctx context.Context, limit int) ([]FollowUpRow, error) {
	if limit <= 0 {
		limit = 500
	}
	now := a.clock()
	today := models.CivilDate(now)
	db := a.db.WithContext(ctx)
	var due, back []FollowUpRow
	if err := a.followUpRowQuery(db).Where("follow_ups.status = ? AND follow_ups.due_date <= ?", models.FollowUpDue, today).
		Order("follow_ups.due_date, follow_ups.created_at").Limit(limit).Scan(&due).Error; err != nil {
		return nil, fmt.Errorf("followups: due: %w", err)
	}
	if err := a.followUpRowQuery(db).Where("follow_ups.status = ? AND follow_ups.callback_at <= ?", models.FollowUpCallback, now.UTC()).
		Order("follow_ups.callback_at").Limit(limit).Scan(&back).Error; err != nil {
		return nil, fmt.Errorf("followups: call-backs: %w", err)
	}
	loc := now.Location()
	out := make([]FollowUpRow, 0, len(due)+len(back))
	for _, r := range due {
		y, m, d := r.DueDate.Date()
		r.At = time.Date(y, m, d, 0, 0, 0, 0, loc)
		r.Overdue = r.DueDate.Before(today)
		out = append(out, a.finishRow(r))
	}
	for _, r := range back {
		r.At = r.CallbackAt.In(loc)
		r.Overdue = now.Sub(r.At) > time.Hour
		out = append(out, a.finishRow(r))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (a *App) finishRow(r FollowUpRow) FollowUpRow {
	if r.Phone != "" {
		r.Phone = models.FormatPhone(r.Phone)
	}
	return r
}

// FollowUps lists a ticket's follow-up calls in date order.
func (a *App) FollowUps(ticketID string) ([]models.FollowUp, error) {
	var out []models.FollowUp
	if err := a.db.Where("ticket_id = ? AND archived_at IS NULL", ticketID).Order("due_date, created_at").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("followups: %s: %w", ticketID, err)
	}
	return out, nil
}

// FollowUpDetail is what the call form shows: the call, the job with its
// customer, items and crew or technician, and the complaint raised on it.
type FollowUpDetail struct {
	FollowUp  models.FollowUp
	Job       *TicketDetail
	Staff     []CrewRow // the crew (leader first) or the repair's technician
	Complaint string    // the number of the complaint ticket raised on the call
}

// FollowUp loads one follow-up call with its job.
func (a *App) FollowUp(id string) (*FollowUpDetail, error) {
	var f models.FollowUp
	if err := a.db.Where("id = ?", id).Limit(1).Find(&f).Error; err != nil {
		return nil, fmt.Errorf("followups: load %s: %w", id, err)
	}
	if f.ID == "" {
		return nil, fmt.Errorf("followups: load %s: %w", id, ErrNotFound)
	}
	job, err := a.Ticket(f.TicketID)
	if err != nil {
		return nil, err
	}
	d := &FollowUpDetail{FollowUp: f, Job: job}
	if d.Staff, err = a.jobStaff(a.db, &job.Ticket); err != nil {
		return nil, err
	}
	if f.ComplaintTicketID != nil {
		var nums []string
		a.db.Model(&models.Ticket{}).Where("id = ?", *f.ComplaintTicketID).Pluck("number", &nums)
		if len(nums) == 1 {
			d.Complaint = nums[0]
		}
	}
	return d, nil
}

// jobStaff is who did the job: a delivery's crew, leader first, or the
// repair's technician.
func (a *App) jobStaff(db *gorm.DB, t *models.Ticket) ([]CrewRow, error) {
	var out []CrewRow
	if t.Kind == models.KindDelivery {
		if err := a.crewRows(db, t.ID, &out); err != nil {
			return nil, err
		}
		return out, nil
	}
	if id := derefStr(t.TechnicianID); id != "" {
		var s models.Staff
		if err := db.Where("id = ?", id).Limit(1).Find(&s).Error; err != nil {
			return nil, fmt.Errorf("followups: technician: %w", err)
		}
		if s.ID != "" {
			out = append(out, CrewRow{StaffID: s.ID, Name: s.Name, Phone: models.FormatPhone(s.Phone), Leader: true})
		}
	}
	return out, nil
}

// RecordCall records one attempt of a follow-up call in one transaction:
// no answer → tried again the next day; not convenient → called back at
// the time the customer chose; reached → done, with the answers, the
// crew's penalty and reward records for what the customer observed, and a
// complaint ticket linked to the job when the customer raised one.
func (a *App) RecordCall(id string, in models.CallInput) (*FollowUpDetail, error) {
	if err := a.require(models.PermTickets); err != nil {
		return nil, err
	}
	now := a.clock()
	if err := in.Normalize(now); err != nil {
		return nil, err
	}
	err := a.db.Transaction(func(tx *gorm.DB) error {
		var f models.FollowUp
		if err := tx.Where("id = ?", id).Limit(1).Find(&f).Error; err != nil {
			return fmt.Errorf("followups: load %s: %w", id, err)
		}
		if f.ID == "" || f.ArchivedAt != nil {
			return fmt.Errorf("followups: load %s: %w", id, ErrNotFound)
		}
		if !f.Open() || (in.Version != 0 && in.Version != f.Version) {
			return models.NewFieldError("outcome", "err.followup.changed",
				"This call was recorded by someone else meanwhile: close the form and open it again to see what was saved.", nil)
		}
		var t models.Ticket
		if err := tx.Where("id = ?", f.TicketID).Limit(1).Find(&t).Error; err != nil || t.ID == "" {
			return fmt.Errorf("followups: job %s: %w", f.TicketID, firstErrOr(err, ErrNotFound))
		}
		before := f
		v := now.UTC()
		f.Attempts++
		f.LastAttemptAt, f.Outcome = &v, in.Outcome
		data := map[string]any{"follow_up": string(f.Offset), "outcome": string(in.Outcome), "attempt": f.Attempts}
		switch in.Outcome {
		case models.CallNoAnswer:
			f.Status, f.CallbackAt = models.FollowUpDue, nil
			f.DueDate = models.CivilDate(now).AddDate(0, 0, 1)
			data["next"] = models.FormatDate(f.DueDate)
		case models.CallNotConvenient:
			cb := in.CallbackAt.UTC()
			f.Status, f.CallbackAt = models.FollowUpCallback, &cb
			data["callback"] = in.CallbackAt.In(now.Location()).Format("2006-01-02 15:04")
		case models.CallReached:
			f.Status, f.CallbackAt, f.DoneBy, f.DoneAt = models.FollowUpDone, nil, a.actorName(), &v
			f.Satisfaction = in.Satisfaction
			f.ProductAnswer, f.ProductNote = in.Product, in.ProductNote
			f.DeliveryAnswer, f.DeliveryNote = in.Delivery, in.DeliveryNote
			f.CrewAnswer, f.CrewNote = in.Crew, in.CrewNote
			f.UniformBreach, f.LanguageBreach, f.TipRefused = in.UniformBreach, in.LanguageBreach, in.TipRefused
			f.Comments = in.Comments
			data["satisfaction"] = in.Satisfaction
			if err := a.callConduct(tx, &t, &f, in, data); err != nil {
				return err
			}
			if in.Complaint != "" {
				num, err := a.callComplaint(tx, &t, &f, in.Complaint, now)
				if err != nil {
					return err
				}
				data["complaint"] = num
			}
		}
		f.Version++
		res := tx.Model(&models.FollowUp{}).Where("id = ? AND version = ?", f.ID, before.Version).Select("*").Updates(&f)
		if res.Error != nil {
			return fmt.Errorf("followups: save %s: %w", f.ID, res.Error)
		}
		if res.RowsAffected != 1 {
			return models.NewFieldError("outcome", "err.followup.changed",
				"This call was recorded by someone else meanwhile: close the form and open it again to see what was saved.", nil)
		}
		if err := a.audit(tx, "follow_up", f.ID, "update", followUpFields(&before, &f)); err != nil {
			return err
		}
		return a.event(tx, t.ID, models.ActNote, "", "", in.Comments, data)
	})
	if err != nil {
		return nil, err
	}
	return a.FollowUp(id)
}

func firstErrOr(err, or error) error {
	if err != nil {
		return err
	}
	return or
}

// callConduct turns the call's observations into a penalty or reward
// record for each member of the crew (or the technician), through the
// conduct rules by their codes, linked to the job.
func (a *App) callConduct(tx *gorm.DB, t *models.Ticket, f *models.FollowUp, in models.CallInput, data map[string]any) error {
	codes := in.Observations()
	if len(codes) == 0 {
		return nil
	}
	staff, err := a.jobStaff(tx, t)
	if err != nil {
		return err
	}
	if len(staff) == 0 {
		return models.NewFieldError("conduct", "err.followup.no_staff",
			"Nobody is recorded as the crew or technician of {{.Number}}: untick the observations and record them from the Staff area for the person concerned.",
			map[string]any{"Number": t.Number})
	}
	var rules []models.ConductRule
	if err := tx.Where("code IN ? AND archived_at IS NULL", codes).Find(&rules).Error; err != nil {
		return fmt.Errorf("followups: conduct rules: %w", err)
	}
	byCode := map[string]string{}
	for _, r := range rules {
		byCode[r.Code] = r.ID
	}
	today := models.FormatDate(a.clock())
	var n int
	for _, code := range codes {
		ruleID := byCode[code]
		if ruleID == "" {
			return models.NewFieldError("conduct", "err.followup.rule_missing",
				"The penalty and reward rule for this observation was archived: bring it back in Settings, or untick the observation.", nil)
		}
		for _, s := range staff {
			note := fmt.Sprintf("回访 %s · %s", f.Offset, t.Number)
			if _, err := a.addRecordTx(tx, models.RecordInput{StaffID: s.StaffID, Date: today, RuleID: ruleID,
				Source: models.RecFollowUp, TicketID: t.ID, Note: note}); err != nil {
				return err
			}
			n++
		}
	}
	data["conduct_records"] = n
	return nil
}

// callComplaint opens a complaint ticket from the call, linked to the job.
func (a *App) callComplaint(tx *gorm.DB, job *models.Ticket, f *models.FollowUp, text string, now time.Time) (string, error) {
	v := now.UTC()
	linked := job.ID
	nt := models.Ticket{
		Kind: models.KindComplaint, Mode: models.ModeComplaint, Status: models.StatusNew,
		Priority: models.PriorityUrgent, Source: models.SourcePhone, CustomerID: job.CustomerID, PurchaseID: job.PurchaseID,
		Address: job.Address, Product: job.Product, Symptom: text, ReportedAt: v, StatusSince: v,
		FirstContactAt: &v, LastContactAt: &v, LinkedTicketID: &linked, Version: 1,
	}
	num, err := nextNumber(tx, models.KindComplaint.NumberPrefix(), now)
	if err != nil {
		return "", err
	}
	nt.Number = num
	nt.ID = uuid.NewString()
	a.setDue(&nt)
	if err := tx.Create(&nt).Error; err != nil {
		return "", fmt.Errorf("followups: complaint: %w", err)
	}
	if err := a.audit(tx, "ticket", nt.ID, "create", ticketDiff(&models.Ticket{}, &nt)); err != nil {
		return "", err
	}
	if err := a.event(tx, nt.ID, models.ActCreate, "", nt.Status, text,
		map[string]any{"mode": nt.Mode, "source": nt.Source, "linked": job.Number, "follow_up": string(f.Offset)}); err != nil {
		return "", err
	}
	id := nt.ID
	f.ComplaintTicketID = &id
	return nt.Number, nil
}

func followUpFields(b, f *models.FollowUp) map[string][2]string {
	g := func(x *models.FollowUp) []string {
		cb := ""
		if x.CallbackAt != nil {
			cb = x.CallbackAt.Format(time.RFC3339)
		}
		return []string{string(x.Status), fmt.Sprint(x.Attempts), string(x.Outcome), models.FormatDate(x.DueDate), cb,
			fmt.Sprint(x.Satisfaction), string(x.ProductAnswer) + " " + x.ProductNote, string(x.DeliveryAnswer) + " " + x.DeliveryNote,
			string(x.CrewAnswer) + " " + x.CrewNote, fmt.Sprint(x.UniformBreach), fmt.Sprint(x.LanguageBreach), fmt.Sprint(x.TipRefused),
			x.Comments, derefStr(x.ComplaintTicketID)}
	}
	return diffFields([]string{"status", "attempts", "outcome", "due", "callback", "satisfaction", "product", "delivery", "crew",
		"uniform", "language", "tip_refused", "comments", "complaint"}, g(b), g(f))
}
