package app

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"aftercare/models"
)

// Penalty and reward records and the month close (issue 5; models/conduct.go).

// seedConductRules creates the seed's rule catalogue once (a migration step).
func (a *App) seedConductRules(tx *gorm.DB) error {
	var n int64
	if err := tx.Model(&models.ConductRule{}).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	for _, r := range models.DefaultConductRules() {
		r.ID = uuid.NewString()
		if err := tx.Create(&r).Error; err != nil {
			return fmt.Errorf("conduct: seed rules: %w", err)
		}
	}
	return nil
}

// ConductRules returns the rule catalogue in order; archived rules only
// when asked.
func (a *App) ConductRules(includeArchived bool) ([]models.ConductRule, error) {
	var out []models.ConductRule
	q := a.db.Order("position, created_at")
	if !includeArchived {
		q = q.Where("archived_at IS NULL")
	}
	if err := q.Find(&out).Error; err != nil {
		return nil, fmt.Errorf("conduct: rules: %w", err)
	}
	return out, nil
}

// SaveConductRule adds a rule (id "") or changes one. Records keep the
// name and amount they were made with, so a change never rewrites them.
// An empty Name keeps a built-in rule's translated name.
func (a *App) SaveConductRule(id string, in models.ConductRuleInput) (*models.ConductRule, error) {
	if err := a.require(models.PermCatalogues); err != nil {
		return nil, err
	}
	var r models.ConductRule
	err := a.db.Transaction(func(tx *gorm.DB) error {
		action := "create"
		var before models.ConductRule
		if id != "" {
			if err := tx.Where("id = ?", id).Limit(1).Find(&r).Error; err != nil {
				return err
			}
			if r.ID == "" {
				return fmt.Errorf("conduct: rule %s: %w", id, ErrNotFound)
			}
			before, action = r, "update"
		}
		if err := in.Normalize(&r); err != nil {
			return err
		}
		if id == "" {
			var max struct{ N int }
			tx.Model(&models.ConductRule{}).Select("COALESCE(MAX(position), 0) AS n").Scan(&max)
			r.Position = max.N + 1
			r.ID = uuid.NewString()
			if err := tx.Create(&r).Error; err != nil {
				return fmt.Errorf("conduct: rule: %w", err)
			}
		} else if err := tx.Save(&r).Error; err != nil {
			return fmt.Errorf("conduct: rule: %w", err)
		}
		return a.audit(tx, "conduct_rule", r.ID, action, ruleFields(&before, &r))
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

func ruleFields(b, r *models.ConductRule) map[string][2]string {
	f := func(x *models.ConductRule) []string {
		if x.ID == "" {
			return []string{"", "", "", "", ""}
		}
		return []string{firstNonEmpty(x.Name, x.NameKey), string(x.Kind), x.Amount.Yuan(), fmt.Sprint(x.PerCase), fmt.Sprint(x.Probation)}
	}
	return diffFields([]string{"name", "kind", "amount", "per_case", "probation"}, f(b), f(r))
}

// ArchiveConductRule hides a rule from new records (or brings it back).
func (a *App) ArchiveConductRule(id string, archive bool) error {
	if err := a.require(models.PermCatalogues); err != nil {
		return err
	}
	return a.setArchived("conduct_rule", &models.ConductRule{}, id, archive)
}

// monthStatus reads a month's close status in tx (open when never compiled).
func monthStatus(tx *gorm.DB, month string) (*models.MonthClose, error) {
	var m models.MonthClose
	if err := tx.Where("month = ?", month).Limit(1).Find(&m).Error; err != nil {
		return nil, fmt.Errorf("months: %s: %w", month, err)
	}
	if m.Month == "" {
		m = models.MonthClose{Month: month, Status: models.MonthOpen}
	}
	return &m, nil
}

// errMonthClosed says why a record of a compiled or approved month cannot
// change.
func errMonthClosed(m *models.MonthClose) error {
	if m.Status.Locked() {
		return models.NewFieldError("date", "err.conduct.month_locked",
			"{{.Month}} is approved and locked: enter a correction in an open month as an adjustment of the original record.",
			map[string]any{"Month": m.Month})
	}
	return models.NewFieldError("date", "err.conduct.month_compiled",
		"{{.Month}} is compiled and waiting for the general manager: reopen it first, or wait until it is returned.",
		map[string]any{"Month": m.Month})
}

// checkRecord validates the form against the rule and the staff member
// and fills rec, inside tx.
func (a *App) checkRecord(tx *gorm.DB, in models.RecordInput, rec *models.ConductRecord) error {
	var errs models.ValidationErrors
	add := func(field, key, fallback string) {
		errs = append(errs, models.NewFieldError(field, key, fallback, nil))
	}
	var staff models.Staff
	if in.StaffID != "" {
		tx.Where("id = ?", in.StaffID).Limit(1).Find(&staff)
	}
	if staff.ID == "" {
		add("staff", "err.conduct.staff_required", "Choose the staff member.")
	}
	date, derr := models.ParseDate(in.Date)
	if derr != nil {
		errs = append(errs, models.NewFieldError("date", derr.Key, derr.Fallback, derr.Data))
	} else if models.CivilDate(date).After(models.CivilDate(a.clock())) {
		add("date", "err.conduct.date_future", "The date cannot be in the future.")
	}
	var rule models.ConductRule
	if in.RuleID != "" {
		tx.Where("id = ?", in.RuleID).Limit(1).Find(&rule)
	}
	if rule.ID == "" || rule.ArchivedAt != nil && rec.RuleID == nil {
		add("rule", "err.conduct.rule_required", "Choose the rule.")
	}
	qty, ok := parseQty(in.Qty)
	if !ok {
		add("qty", "err.delivery.item_qty_plain", "The quantity is a whole number from 1 to 999.")
	}
	known := false
	for _, s := range models.AllRecordSources {
		known = known || s == in.Source
	}
	if !known {
		add("source", "err.conduct.source_required", "Say where it was seen: spot check, morning meeting, delivery record, follow-up call or complaint.")
	}
	if utf8.RuneCountInString(in.Note) > 1000 {
		add("note", "err.conduct.note_long", "The note has at most 1000 characters.")
	}
	adjust := strings.TrimSpace(in.AdjustsID) != ""
	var unit models.Money
	switch {
	case rule.ID == "":
	case adjust || rule.PerCase:
		// A case amount, or a correction's amount: typed; a correction may
		// give money back (+) or take more (−).
		text := strings.TrimSpace(in.Amount)
		sign := models.Money(1)
		if adjust && (strings.HasPrefix(text, "-") || strings.HasPrefix(text, "−")) {
			sign, text = -1, strings.TrimLeft(text, "-−")
		}
		text = strings.TrimPrefix(text, "+")
		m, fe := models.ParseMoney(text)
		if fe != nil || m == 0 {
			add("amount", "err.conduct.amount_required", "Enter the amount of this case in yuan, e.g. 150.")
		}
		unit = sign * m
	default:
		unit = rule.Amount
	}
	if in.TicketID != "" {
		var n int64
		tx.Model(&models.Ticket{}).Where("id = ?", in.TicketID).Count(&n)
		if n == 0 {
			add("ticket", "err.conduct.ticket_unknown", "That ticket does not exist.")
		}
	}
	if err := errs.OrNil(); err != nil {
		return err
	}
	rec.StaffID, rec.Date, rec.Month = staff.ID, models.CivilDate(date), models.MonthOf(date)
	rid := rule.ID
	rec.RuleID, rec.RuleName, rec.Kind = &rid, firstNonEmpty(rule.Name, rule.NameKey), rule.Kind
	rec.Qty, rec.UnitPrice, rec.Probation, rec.Dismissal = qty, unit, rule.Probation, rule.Kind == models.ConductDismissal
	rec.Amount = unit * models.Money(qty)
	if !adjust && rule.Kind == models.ConductPenalty {
		rec.Amount = -rec.Amount
	}
	if rule.Kind == models.ConductDismissal && !adjust {
		rec.UnitPrice, rec.Amount = 0, 0
	}
	rec.Source, rec.Note = in.Source, strings.TrimSpace(in.Note)
	rec.TicketID = nil
	if in.TicketID != "" {
		t := in.TicketID
		rec.TicketID = &t
	}
	if adjust {
		var orig models.ConductRecord
		tx.Where("id = ?", in.AdjustsID).Limit(1).Find(&orig)
		if orig.ID == "" {
			return models.NewFieldError("adjusts", "err.conduct.adjust_unknown", "The record to correct does not exist.", nil)
		}
		om, err := monthStatus(tx, orig.Month)
		if err != nil {
			return err
		}
		if !om.Status.Locked() {
			return models.NewFieldError("adjusts", "err.conduct.adjust_open", "{{.Month}} is not approved yet: change the record itself instead of adding an adjustment.", map[string]any{"Month": orig.Month})
		}
		if rec.Month <= orig.Month {
			return models.NewFieldError("date", "err.conduct.adjust_later", "An adjustment goes into a month after {{.Month}}.", map[string]any{"Month": orig.Month})
		}
		if orig.StaffID != rec.StaffID {
			return models.NewFieldError("staff", "err.conduct.adjust_staff", "An adjustment is for the same staff member as the original record.", nil)
		}
		id := orig.ID
		rec.AdjustsID = &id
		// A correction changes money only: the original record keeps any
		// probation or dismissal it carried.
		rec.Probation, rec.Dismissal = false, false
	}
	m, err := monthStatus(tx, rec.Month)
	if err != nil {
		return err
	}
	if m.Status != models.MonthOpen && m.Status != models.MonthReturned {
		return errMonthClosed(m)
	}
	return nil
}

// AddRecord records a penalty, reward or dismissal: one transaction with
// its audit entry. Records of a compiled or approved month are refused.
func (a *App) AddRecord(in models.RecordInput) (*models.ConductRecord, error) {
	if err := a.require(models.PermConduct); err != nil {
		return nil, err
	}
	var rec *models.ConductRecord
	err := a.db.Transaction(func(tx *gorm.DB) (err error) {
		rec, err = a.addRecordTx(tx, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return rec, nil
}

// addRecordTx checks and writes one record with its ticket event and audit
// entry inside the caller's transaction, without a permission check: the
// caller decides who may record (AddRecord: PermConduct; a follow-up call
// records what the customer said about the crew, followups.go).
func (a *App) addRecordTx(tx *gorm.DB, in models.RecordInput) (*models.ConductRecord, error) {
	var rec models.ConductRecord
	if err := a.checkRecord(tx, in, &rec); err != nil {
		return nil, err
	}
	rec.RecordedBy = a.actorName()
	rec.ID = uuid.NewString()
	if err := tx.Create(&rec).Error; err != nil {
		return nil, fmt.Errorf("conduct: record: %w", err)
	}
	if rec.TicketID != nil {
		if err := a.event(tx, *rec.TicketID, models.ActNote, "", "", rec.Note, map[string]any{"conduct": rec.RuleName, "amount": rec.Amount.Yuan(), "staff_id": rec.StaffID}); err != nil {
			return nil, err
		}
	}
	if err := a.audit(tx, "conduct_record", rec.ID, "create", recordFields(&models.ConductRecord{}, &rec)); err != nil {
		return nil, err
	}
	return &rec, nil
}

// UpdateRecord changes a record of an open (or returned) month.
func (a *App) UpdateRecord(id string, in models.RecordInput) (*models.ConductRecord, error) {
	if err := a.require(models.PermConduct); err != nil {
		return nil, err
	}
	var rec models.ConductRecord
	err := a.db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("id = ?", id).Limit(1).Find(&rec).Error; err != nil {
			return err
		}
		if rec.ID == "" || rec.ArchivedAt != nil {
			return fmt.Errorf("conduct: record %s: %w", id, ErrNotFound)
		}
		before := rec
		old, err := monthStatus(tx, rec.Month)
		if err != nil {
			return err
		}
		if old.Status != models.MonthOpen && old.Status != models.MonthReturned {
			return errMonthClosed(old)
		}
		if err := a.checkRecord(tx, in, &rec); err != nil {
			return err
		}
		if err := tx.Save(&rec).Error; err != nil {
			return fmt.Errorf("conduct: record: %w", err)
		}
		return a.audit(tx, "conduct_record", rec.ID, "update", recordFields(&before, &rec))
	})
	if err != nil {
		return nil, err
	}
	return &rec, nil
}

// VoidRecord withdraws a record entered by mistake in an open month: it is
// archived (kept, with its audit trail), not deleted, and counts no more.
func (a *App) VoidRecord(id, reason string) error {
	if err := a.require(models.PermConduct); err != nil {
		return err
	}
	if strings.TrimSpace(reason) == "" {
		return models.NewFieldError("reason", "err.ticket.reason_required", "Write the reason.", nil)
	}
	return a.db.Transaction(func(tx *gorm.DB) error {
		var rec models.ConductRecord
		if err := tx.Where("id = ?", id).Limit(1).Find(&rec).Error; err != nil {
			return err
		}
		if rec.ID == "" || rec.ArchivedAt != nil {
			return fmt.Errorf("conduct: record %s: %w", id, ErrNotFound)
		}
		m, err := monthStatus(tx, rec.Month)
		if err != nil {
			return err
		}
		if m.Status != models.MonthOpen && m.Status != models.MonthReturned {
			return errMonthClosed(m)
		}
		now := a.clock().UTC()
		if err := tx.Model(&models.ConductRecord{}).Where("id = ?", id).Update("archived_at", now).Error; err != nil {
			return err
		}
		return a.audit(tx, "conduct_record", id, "void", map[string][2]string{"reason": {"", strings.TrimSpace(reason)}})
	})
}

func recordFields(b, r *models.ConductRecord) map[string][2]string {
	f := func(x *models.ConductRecord) []string {
		if x.ID == "" {
			return []string{"", "", "", "", "", "", "", ""}
		}
		return []string{x.StaffID, models.FormatDate(x.Date), x.RuleName, fmt.Sprint(x.Qty), x.Amount.Yuan(), string(x.Source), derefStr(x.TicketID), x.Note}
	}
	return diffFields([]string{"staff", "date", "rule", "qty", "amount", "source", "ticket", "note"}, f(b), f(r))
}

// RecordFilter selects records.
type RecordFilter struct {
	Month    string // YYYY-MM; "" any
	StaffID  string
	TicketID string
	Voided   bool // include voided records
	Limit    int  // 0 or more than MaxRecordPage: MaxRecordPage
	Offset   int
}

// MaxRecordPage is the most records one Records call returns.
const MaxRecordPage = 5000

// Records lists records, newest first; the id makes the order total, so
// pages neither repeat nor skip records of the same day. The month (the
// date's) leads the order so that a person's page is read in the order of
// idx_conduct_staff_month and sorted only within its months, not after
// reading all their records. A cancelled ctx interrupts the query.
func (a *App) Records(ctx context.Context, f RecordFilter) ([]models.ConductRecord, error) {
	if f.Limit <= 0 || f.Limit > MaxRecordPage {
		f.Limit = MaxRecordPage
	}
	q := a.db.WithContext(ctx).Model(&models.ConductRecord{})
	if f.Month != "" {
		q = q.Where("month = ?", f.Month)
	}
	if f.StaffID != "" {
		q = q.Where("staff_id = ?", f.StaffID)
	}
	if f.TicketID != "" {
		q = q.Where("ticket_id = ?", f.TicketID)
	}
	if !f.Voided {
		q = q.Where("archived_at IS NULL")
	}
	var out []models.ConductRecord
	if err := q.Order("month DESC, date DESC, created_at DESC, id DESC").Offset(max(f.Offset, 0)).Limit(f.Limit).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("conduct: records: %w", err)
	}
	return out, nil
}

// RecordMonth is a month as a person's record list shows it: the month's
// close status and the person's net amount over all their records of the
// month, not only those of the page.
type RecordMonth struct {
	Status models.MonthStatus
	Net    models.Money
}

// RecordPage is a page of one person's records with what the rows show
// beside them, each read in one query for the whole page (no query per
// row).
type RecordPage struct {
	Records  []models.ConductRecord
	Months   map[string]RecordMonth // YYYY-MM → status and net
	Tickets  map[string]string      // linked ticket id → number
	Adjusted map[string]time.Time   // id of a corrected record → its date
}

// StaffRecords reads a page of a person's records (voided ones left out),
// newest first, with the page's months, ticket numbers and corrected
// records. A cancelled ctx interrupts it.
func (a *App) StaffRecords(ctx context.Context, staffID string, offset, limit int) (*RecordPage, error) {
	recs, err := a.Records(ctx, RecordFilter{StaffID: staffID, Offset: offset, Limit: limit})
	if err != nil {
		return nil, err
	}
	p := &RecordPage{Records: recs, Months: map[string]RecordMonth{}, Tickets: map[string]string{}, Adjusted: map[string]time.Time{}}
	var months, tickets, originals []string
	for _, r := range recs {
		months = append(months, r.Month)
		if r.TicketID != nil {
			tickets = append(tickets, *r.TicketID)
		}
		if r.AdjustsID != nil {
			originals = append(originals, *r.AdjustsID)
		}
	}
	if len(recs) == 0 {
		return p, nil
	}
	db := a.db.WithContext(ctx)
	// Months without a close row are open.
	var ms []struct {
		Month  string
		Status *string
		Net    models.Money
	}
	if err := db.Table("conduct_records").
		Select("conduct_records.month AS month, month_closes.status AS status, CAST(SUM(conduct_records.amount) AS BIGINT) AS net").
		Joins("LEFT JOIN month_closes ON month_closes.month = conduct_records.month").
		Where("conduct_records.staff_id = ? AND conduct_records.archived_at IS NULL AND conduct_records.month IN ?", staffID, uniqueIDs(months)).
		Group("conduct_records.month, month_closes.status").Scan(&ms).Error; err != nil {
		return nil, fmt.Errorf("conduct: records: months: %w", err)
	}
	for _, m := range ms {
		st := models.MonthOpen
		if m.Status != nil && *m.Status != "" {
			st = models.MonthStatus(*m.Status)
		}
		p.Months[m.Month] = RecordMonth{Status: st, Net: m.Net}
	}
	if p.Tickets, err = ticketNumbers(db, tickets); err != nil {
		return nil, fmt.Errorf("conduct: records: %w", err)
	}
	if originals = uniqueIDs(originals); len(originals) > 0 {
		var rows []models.ConductRecord
		if err := db.Select("id, date").Where("id IN ?", originals).Find(&rows).Error; err != nil {
			return nil, fmt.Errorf("conduct: records: corrected records: %w", err)
		}
		for _, r := range rows {
			p.Adjusted[r.ID] = r.Date
		}
	}
	return p, nil
}

// ticketNumbers maps ticket ids to their numbers in one query (ids may
// repeat; a ticket that does not exist is left out).
func ticketNumbers(db *gorm.DB, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if ids = uniqueIDs(ids); len(ids) == 0 {
		return out, nil
	}
	var rows []models.Ticket
	if err := db.Select("id, number").Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("ticket numbers: %w", err)
	}
	for _, t := range rows {
		out[t.ID] = t.Number
	}
	return out, nil
}

// MonthView is a month's close with its per-staff lines and records.
type MonthView struct {
	Close   models.MonthClose
	Lines   []models.StaffLine // by name
	Records []models.ConductRecord
	Totals  models.StaffLine // the whole shop
	// Compiled: the lines as compiled (from the stored summary), for a
	// compiled, approved or executed month.
	Compiled []models.StaffLine
}

// Month returns a month's records, totals and close status.
func (a *App) Month(month string) (*MonthView, error) {
	start, err := models.ParseMonth(month)
	if err != nil {
		return nil, err
	}
	month = models.MonthOf(start)
	v := &MonthView{}
	m, err := monthStatus(a.db, month)
	if err != nil {
		return nil, err
	}
	v.Close = *m
	if err := a.db.Where("month = ? AND archived_at IS NULL", month).Order("date, created_at").Find(&v.Records).Error; err != nil {
		return nil, fmt.Errorf("months: records: %w", err)
	}
	v.Lines, err = a.summarise(v.Records)
	if err != nil {
		return nil, err
	}
	v.Totals = models.TotalOf(v.Lines)
	if m.Summary != "" {
		_ = json.Unmarshal([]byte(m.Summary), &v.Compiled)
	}
	return v, nil
}

func (a *App) summarise(recs []models.ConductRecord) ([]models.StaffLine, error) {
	ids := map[string]bool{}
	var list []string
	for _, r := range recs {
		if !ids[r.StaffID] {
			ids[r.StaffID] = true
			list = append(list, r.StaffID)
		}
	}
	names, err := a.staffNames(list)
	if err != nil {
		return nil, err
	}
	lines := models.Summarise(recs, names)
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].Name < lines[j].Name })
	return lines, nil
}

// changeMonth moves a month's close from one of the statuses in from to
// to, inside one transaction with its audit entry; fill sets the fields of
// the step.
func (a *App) changeMonth(month string, perm models.Permission, from []models.MonthStatus, to models.MonthStatus, fill func(tx *gorm.DB, m *models.MonthClose, now time.Time) error) (*MonthView, error) {
	if err := a.require(perm); err != nil {
		return nil, err
	}
	start, err := models.ParseMonth(month)
	if err != nil {
		return nil, err
	}
	month = models.MonthOf(start)
	err = a.db.Transaction(func(tx *gorm.DB) error {
		m, err := monthStatus(tx, month)
		if err != nil {
			return err
		}
		ok := false
		for _, f := range from {
			ok = ok || m.Status == f
		}
		if !ok {
			return models.NewFieldError("month", "err.month.step", "{{.Month}} is {{.MonthStatus}}: this step is not possible now.",
				map[string]any{"Month": month, "MonthStatus": string(m.Status)})
		}
		before := m.Status
		now := a.clock().UTC()
		if err := fill(tx, m, now); err != nil {
			return err
		}
		m.Status, m.UpdatedAt = to, now
		m.Version++
		if err := tx.Save(m).Error; err != nil {
			return fmt.Errorf("months: %s: %w", month, err)
		}
		return a.audit(tx, "month", month, string(to), map[string][2]string{"status": {string(before), string(to)}})
	})
	if err != nil {
		return nil, err
	}
	return a.Month(month)
}

// CompileMonth is the business manager's month-end compilation: it stores
// the per-staff totals and sends the month to the general manager.
func (a *App) CompileMonth(month string) (*MonthView, error) {
	return a.changeMonth(month, models.PermMonthCompile, []models.MonthStatus{models.MonthOpen, models.MonthReturned}, models.MonthCompiled,
		func(tx *gorm.DB, m *models.MonthClose, now time.Time) error {
			start, _ := models.ParseMonth(m.Month)
			if start.After(models.CivilDate(a.clock())) {
				return models.NewFieldError("month", "err.month.future", "{{.Month}} has not begun yet.", map[string]any{"Month": m.Month})
			}
			var recs []models.ConductRecord
			if err := tx.Where("month = ? AND archived_at IS NULL", m.Month).Find(&recs).Error; err != nil {
				return err
			}
			lines, err := a.summarise(recs)
			if err != nil {
				return err
			}
			b, _ := json.Marshal(lines)
			m.Summary, m.CompiledBy, m.CompiledAt = string(b), a.actorName(), &now
			m.ReturnComment = ""
			return nil
		})
}

// ReopenMonth takes a compiled month back before the general manager has
// decided (the compiler found a mistake).
func (a *App) ReopenMonth(month string) (*MonthView, error) {
	return a.changeMonth(month, models.PermMonthCompile, []models.MonthStatus{models.MonthCompiled}, models.MonthOpen,
		func(tx *gorm.DB, m *models.MonthClose, now time.Time) error {
			m.Summary, m.CompiledBy, m.CompiledAt = "", "", nil
			return nil
		})
}

// ApproveMonth is the general manager's approval: the month's records are
// locked from now on.
func (a *App) ApproveMonth(month string) (*MonthView, error) {
	return a.changeMonth(month, models.PermMonthApprove, []models.MonthStatus{models.MonthCompiled}, models.MonthApproved,
		func(tx *gorm.DB, m *models.MonthClose, now time.Time) error {
			m.ApprovedBy, m.ApprovedAt = a.actorName(), &now
			return nil
		})
}

// ReturnMonth sends a compiled month back to the business manager with
// the general manager's comment; its records can change again.
func (a *App) ReturnMonth(month, comment string) (*MonthView, error) {
	comment = strings.TrimSpace(comment)
	if comment == "" {
		if err := a.require(models.PermMonthApprove); err != nil {
			return nil, err
		}
		return nil, models.NewFieldError("comment", "err.month.comment_required", "Say what to correct before the month is compiled again.", nil)
	}
	return a.changeMonth(month, models.PermMonthApprove, []models.MonthStatus{models.MonthCompiled}, models.MonthReturned,
		func(tx *gorm.DB, m *models.MonthClose, now time.Time) error {
			m.ReturnComment, m.ReturnedBy, m.ReturnedAt = comment, a.actorName(), &now
			return nil
		})
}

// ExecuteMonth is finance's mark that the approved month was paid or
// deducted with wages.
func (a *App) ExecuteMonth(month string) (*MonthView, error) {
	return a.changeMonth(month, models.PermMonthExecute, []models.MonthStatus{models.MonthApproved}, models.MonthExecuted,
		func(tx *gorm.DB, m *models.MonthClose, now time.Time) error {
			m.ExecutedBy, m.ExecutedAt = a.actorName(), &now
			return nil
		})
}
