package app

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"aftercare/models"
)

// The twelve-month trend of the four main rates. A shown month computes
// them in Go with its other figures (reports.go); the ten months before
// it are counted by the database instead, from covering indexes, so the
// report does not read 100 000 ticket rows into Go for four numbers per
// month (docs/performance.md, "Month report"). TestTrendMatchesFigures
// checks that both ways give the same shares.
//
// Time arithmetic is SQLite's julianday (days as a float; a tolerance of
// 5e-9 days, under half a millisecond, absorbs its rounding at exactly
// 24 hours); on PostgreSQL the same day number comes from EXTRACT(EPOCH
// FROM …) (julianDay). This is the one place of the report with
// engine-specific SQL.

// trendEps is the tolerance of julianday comparisons, in days.
const trendEps = 5e-9

func (a *App) trendMonth(ctx context.Context, first time.Time, loc *time.Location, now time.Time) (*monthCalc, error) {
	start, end := models.MonthBounds(first.Year(), first.Month(), loc)
	su, eu := start.UTC(), end.UTC()
	civilStart := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, time.UTC)
	civilEnd := civilStart.AddDate(0, 1, 0)
	db := a.db.WithContext(ctx)
	jd := func(expr string) string { return julianDay(db, expr) }
	month := models.MonthOf(first)
	p := models.TrendPoint{Month: month}
	type share struct{ Hits, Count int }
	var s share

	// First response (docs/kpi.md): contacted within 24 hours; not yet
	// contacted is late once the 24 hours are over; cancelled within them
	// without contact is left out. idx_tickets_reported_cover.
	limit := models.FirstResponseLimit.Hours() / 24
	if err := db.Raw(`SELECT
		COALESCE(SUM(CASE WHEN first_contact_at IS NOT NULL AND `+jd("first_contact_at")+` - `+jd("reported_at")+` <= ? THEN 1 ELSE 0 END), 0) AS hits,
		COALESCE(SUM(CASE
			WHEN first_contact_at IS NOT NULL THEN 1
			WHEN closed_at IS NOT NULL AND `+jd("closed_at")+` - `+jd("reported_at")+` < ? THEN 0
			WHEN `+jd("?")+` - `+jd("reported_at")+` < ? THEN 0
			ELSE 1 END), 0) AS count
		FROM tickets WHERE reported_at >= ? AND reported_at < ? AND kind NOT IN ?`,
		limit+trendEps, limit-trendEps, now.UTC(), limit-trendEps, su, eu,
		[]models.TicketKind{models.KindConsultation, models.KindComplaint}).Scan(&s).Error; err != nil {
		return nil, fmt.Errorf("reports: %s: trend first response: %w", month, err)
	}
	p.FirstResponse = models.Share{Hits: s.Hits, Count: s.Count}

	// On time: the month's bookings, served in their half day by the
	// first arrival, with no reschedule by the shop. The half day's
	// window in UTC days: the civil day's julian day, minus the shop's
	// offset, plus the half. idx_tickets_appt_cover.
	var staffIDs []string
	if err := db.Model(&models.Staff{}).Pluck("id", &staffIDs).Error; err != nil {
		return nil, fmt.Errorf("reports: staff: %w", err)
	}
	if len(staffIDs) > 0 {
		_, offSec := start.Zone()
		off := float64(offSec) / 86400
		from := jd("appt_date") + ` - ? + CASE WHEN appt_half = 'pm' THEN 0.5 ELSE 0 END`
		to := jd("appt_date") + ` - ? + CASE WHEN appt_half = 'am' THEN 0.5 ELSE 1 END`
		served := `(arrived_at IS NOT NULL AND ` + jd("arrived_at") + ` >= ` + from + ` - ? AND ` + jd("arrived_at") + ` < ` + to + ` - ?)`
		where := `technician_id IN ? AND appt_date >= ? AND appt_date < ? AND status <> ?`
		args := []any{off, trendEps, off, trendEps}
		q := `SELECT
			COALESCE(SUM(CASE WHEN ` + served + ` AND reschedules_shop = 0 THEN 1 ELSE 0 END), 0) AS hits,
			COALESCE(SUM(CASE WHEN arrived_at IS NULL AND ` + jd("?") + ` < ` + to + ` THEN 0 ELSE 1 END), 0) AS count
			FROM tickets WHERE ` + where
		all := append(append(append([]any{}, args...), now.UTC(), off), staffIDs, civilStart, civilEnd, models.StatusCancelled)
		if err := db.Raw(q, all...).Scan(&s).Error; err != nil {
			return nil, fmt.Errorf("reports: %s: trend on time: %w", month, err)
		}
		// Arrived, but not in the booking: a later visit may have been.
		var later []repTicket
		var err error
		if later, err = scanTickets(db.Where(where+` AND arrived_at IS NOT NULL AND NOT `+served, append([]any{staffIDs, civilStart, civilEnd, models.StatusCancelled}, args...)...),
			"id, appt_date, appt_half, reschedules_shop"); err != nil {
			return nil, fmt.Errorf("reports: %s: trend visits: %w", month, err)
		}
		if err := a.laterVisits(db, later, loc, func(t *repTicket) {
			if t.ReschedulesShop == 0 {
				s.Hits++
			}
		}); err != nil {
			return nil, fmt.Errorf("reports: %s: trend visits: %w", month, err)
		}
		p.OnTime = models.Share{Hits: s.Hits, Count: s.Count}
	}

	// Satisfaction: reached calls done in the month scoring 4 or 5.
	if err := db.Model(&models.FollowUp{}).Select(`COALESCE(SUM(CASE WHEN satisfaction >= ? THEN 1 ELSE 0 END), 0) AS hits, COUNT(*) AS count`, models.SatisfiedScore).
		Where("done_at >= ? AND done_at < ? AND outcome = ?", su, eu, models.CallReached).Scan(&s).Error; err != nil {
		return nil, fmt.Errorf("reports: %s: trend satisfaction: %w", month, err)
	}
	p.Satisfaction = models.Share{Hits: s.Hits, Count: s.Count}

	// Complaint rate: service-fault complaints reported in the month over
	// the repairs and deliveries closed in it. Both counted in indexes.
	// INDEXED BY: without statistics SQLite prefers the equality on kind
	// or status (every closed ticket of ten years) to the month's range.
	var faults, jobs int64
	if err := db.Raw(`SELECT count(*) FROM tickets`+indexedBy(db, "idx_tickets_reported_cover")+`
		WHERE reported_at >= ? AND reported_at < ? AND kind = ? AND responsible IN ?`, su, eu,
		models.KindComplaint, []models.Responsible{models.RespStaff, models.RespShop}).Scan(&faults).Error; err != nil {
		return nil, fmt.Errorf("reports: %s: trend complaints: %w", month, err)
	}
	if err := db.Raw(`SELECT count(*) FROM tickets`+indexedBy(db, "idx_tickets_open")+`
		WHERE closed_at >= ? AND closed_at < ? AND status = ? AND kind IN ?`, su, eu,
		models.StatusClosed, []models.TicketKind{models.KindRepair, models.KindDelivery}).Scan(&jobs).Error; err != nil {
		return nil, fmt.Errorf("reports: %s: trend jobs: %w", month, err)
	}
	p.ComplaintRate = models.Share{Hits: int(faults), Count: int(jobs)}
	return &monthCalc{start: start, end: end, trend: p}, nil
}

// laterVisits reads the arrive and installation steps of bookings whose
// first arrival was not in their half day, and calls served for each that
// a later visit served.
func (a *App) laterVisits(db *gorm.DB, tickets []repTicket, loc *time.Location, served func(*repTicket)) error {
	byID := map[string]*repTicket{}
	ids := make([]string, 0, len(tickets))
	for i := range tickets {
		byID[tickets[i].ID] = &tickets[i]
		ids = append(ids, tickets[i].ID)
	}
	done := map[string]bool{}
	for _, part := range chunk(ids, 500) {
		var evs []models.TicketEvent
		if err := db.Select("ticket_id, at").Where("ticket_id IN ? AND action IN ?", part,
			[]models.Action{models.ActArrive, models.ActCompleteInst}).Find(&evs).Error; err != nil {
			return err
		}
		for _, e := range evs {
			t := byID[e.TicketID]
			if done[t.ID] || t.ApptDate == nil || !models.InHalf(e.At.In(loc), *t.ApptDate, t.ApptHalf) {
				continue
			}
			done[t.ID] = true
			served(t)
		}
	}
	return nil
}

// julianDay is SQLite's julianday(expr) on either engine: days since noon
// of 24 November 4714 BC, as a fraction ("?" for a parameter works too).
func julianDay(db *gorm.DB, expr string) string {
	if isPostgres(db) {
		return "(EXTRACT(EPOCH FROM CAST(" + expr + " AS timestamptz)) / 86400.0 + 2440587.5)"
	}
	return "julianday(" + expr + ")"
}

// indexedBy is SQLite's INDEXED BY clause (a planner hint); PostgreSQL
// plans from its statistics and has no such clause.
func indexedBy(db *gorm.DB, index string) string {
	if isPostgres(db) {
		return ""
	}
	return " INDEXED BY " + index
}
