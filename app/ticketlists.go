package app

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"

	"aftercare/models"
)

// TicketFilter narrows the ticket list.
type TicketFilter struct {
	Statuses     []models.Status
	OpenOnly     bool // leave out closed, cancelled and abandoned
	Kind         models.TicketKind
	Mode         models.RepairMode
	TechnicianID string
	CustomerID   string
	From, To     time.Time // reported between (civil dates, inclusive); zero = open
	OverdueOnly  bool
	Query        string // ticket number, customer name, phone digits
	Limit        int    // default 50, at most 500
	Offset       int
}

// openStatuses are the statuses of tickets still in progress. The open
// filter lists them (status IN …) rather than excluding the finished ones:
// NOT IN cannot use an index and read all tickets (270 ms at a million).
var openStatuses = func() []models.Status {
	var out []models.Status
	for _, s := range models.AllStatuses {
		if !s.Terminal() {
			out = append(out, s)
		}
	}
	return out
}()

func (a *App) filtered(ctx context.Context, f TicketFilter) *gorm.DB {
	return a.ticketFilter(a.rowQuery(a.db.WithContext(ctx)), f)
}

// ticketFilter adds a filter's conditions to a query on tickets; they
// name only tickets' columns, so they serve with or without the joins.
func (a *App) ticketFilter(tx *gorm.DB, f TicketFilter) *gorm.DB {
	if len(f.Statuses) > 0 {
		tx = tx.Where("tickets.status IN ?", f.Statuses)
	}
	if f.OpenOnly {
		tx = tx.Where("tickets.status IN ?", openStatuses)
	}
	if f.Kind != "" {
		tx = tx.Where("tickets.kind = ?", f.Kind)
	}
	if f.Mode != "" {
		tx = tx.Where("tickets.mode = ?", f.Mode)
	}
	if f.TechnicianID != "" {
		tx = tx.Where("tickets.technician_id = ?", f.TechnicianID)
	}
	if f.CustomerID != "" {
		tx = tx.Where("tickets.customer_id = ?", f.CustomerID)
	}
	loc := a.loc()
	if !f.From.IsZero() {
		y, m, d := f.From.Date()
		tx = tx.Where("tickets.reported_at >= ?", time.Date(y, m, d, 0, 0, 0, 0, loc).UTC())
	}
	if !f.To.IsZero() {
		y, m, d := f.To.Date()
		tx = tx.Where("tickets.reported_at < ?", time.Date(y, m, d+1, 0, 0, 0, 0, loc).UTC())
	}
	if f.OverdueOnly {
		tx = tx.Where("tickets.due_at IS NOT NULL AND tickets.due_at < ?", a.clock().UTC())
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		sq := models.ParseSearch(q)
		upper := strings.ToUpper(q)
		switch {
		case looksLikeTicketNumber(upper):
			tx = tx.Where("tickets.number LIKE ?", upper+"%")
		case sq.Digits != "" && len(sq.Digits) >= 3:
			tx = tx.Where("tickets.customer_id IN (SELECT customer_id FROM phones WHERE "+contains(tx, "number")+")", sq.Digits)
		default:
			tx = tx.Where("tickets.customer_id IN (SELECT id FROM customers WHERE "+contains(tx, "search_text")+")", sq.Text)
		}
	}
	return tx
}

// looksLikeTicketNumber: two letters then digits (WX2026…).
func looksLikeTicketNumber(s string) bool {
	return len(s) >= 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' && s[2] >= '0' && s[2] <= '9'
}

// ticketListOrder sorts the list: soonest due first, then the tickets with
// nothing due, newest first; the id makes the order total, so pages
// neither repeat nor skip tickets reported in the same second. The
// indexes idx_tickets_list and idx_tickets_status_list (store.go) hold
// tickets in this order.
const ticketListOrder = "tickets.due_at IS NULL, tickets.due_at, tickets.reported_at DESC, tickets.id DESC"

// ListTickets returns a page of tickets, soonest due first (tickets with
// nothing due last, newest first). The page's ids are found on the
// tickets' indexes alone and only those fifty rows are joined to their
// customer and technician: joining before the LIMIT/OFFSET joined every
// skipped row too (page 1 000 took 10 s at a million tickets).
func (a *App) ListTickets(ctx context.Context, f TicketFilter) ([]TicketRow, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	if f.Limit > 500 {
		f.Limit = 500
	}
	page := a.ticketFilter(a.db.WithContext(ctx).Table("tickets").Select("tickets.id"), f).
		Order(ticketListOrder).Limit(f.Limit).Offset(f.Offset)
	rows, err := a.rowQuery(a.db.WithContext(ctx)).Where("tickets.id IN (?)", page).
		Order(ticketListOrder).Rows()
	if err != nil {
		return nil, fmt.Errorf("tickets: list: %w", err)
	}
	list, err := scanTicketRows(rows, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("tickets: list: %w", err)
	}
	return list, nil
}

// scanTicketRows reads the rows of a rowQuery, each column straight into
// its field: filling them by GORM's reflection was most of what a page
// cost beyond the query itself (docs/performance.md, "Tickets").
func scanTicketRows(rows *sql.Rows, capacity int) ([]TicketRow, error) {
	defer rows.Close()
	names, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	out := make([]TicketRow, 0, capacity)
	ptrs := make([]any, len(names))
	for rows.Next() {
		out = append(out, TicketRow{})
		r := &out[len(out)-1]
		for i, n := range names {
			if ptrs[i] = r.column(n); ptrs[i] == nil {
				return nil, fmt.Errorf("unknown column %q", n)
			}
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
	}
	return out, rows.Err()
}

// column is where a column of rowQuery is scanned to; NULL reads as an
// empty text, a zero time or no time, as GORM's Scan had it.
func (r *TicketRow) column(name string) any {
	switch name {
	case "id":
		return textCol{&r.ID}
	case "number":
		return textCol{&r.Number}
	case "kind":
		return textCol{(*string)(&r.Kind)}
	case "mode":
		return textCol{(*string)(&r.Mode)}
	case "status":
		return textCol{(*string)(&r.Status)}
	case "priority":
		return textCol{(*string)(&r.Priority)}
	case "customer_name":
		return textCol{&r.CustomerName}
	case "phone":
		return textCol{&r.Phone}
	case "technician":
		return textCol{&r.Technician}
	case "reported_at":
		return timeCol{&r.ReportedAt}
	case "due_at":
		return optTimeCol{&r.DueAt}
	case "appt_date":
		return optTimeCol{&r.ApptDate}
	case "appt_half":
		return textCol{(*string)(&r.ApptHalf)}
	case "symptom":
		return textCol{&r.Symptom}
	case "product":
		return textCol{&r.Product}
	}
	return nil
}

// textCol scans a text column, NULL as "".
type textCol struct{ p *string }

func (c textCol) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*c.p = ""
	case string:
		*c.p = v
	case []byte:
		*c.p = string(v)
	default:
		return fmt.Errorf("%T is not text", v)
	}
	return nil
}

// timeCol scans a time column, NULL as the zero time.
type timeCol struct{ p *time.Time }

func (c timeCol) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*c.p = time.Time{}
	case time.Time:
		*c.p = v
	default:
		return fmt.Errorf("%T is not a time", v)
	}
	return nil
}

// optTimeCol scans a time column that may be empty, NULL as nil.
type optTimeCol struct{ p **time.Time }

func (c optTimeCol) Scan(v any) error {
	if v == nil {
		*c.p = nil
		return nil
	}
	var t time.Time
	if err := (timeCol{&t}).Scan(v); err != nil {
		return err
	}
	*c.p = &t
	return nil
}

// CountTickets counts the tickets a filter matches.
func (a *App) CountTickets(ctx context.Context, f TicketFilter) (int64, error) {
	var n int64
	f.Limit, f.Offset = 0, 0
	err := a.filtered(ctx, f).Select("count(*)").Scan(&n).Error
	if err != nil {
		return 0, fmt.Errorf("tickets: count: %w", err)
	}
	return n, nil
}

// TodayItem is a line of the Today board: a ticket, why it needs
// attention, and the action that clears it.
type TodayItem struct {
	TicketRow
	Rule    models.DueRule
	Due     time.Time
	Overdue bool
	Action  models.Action // what clears it; ActContact for calls
}

// ClearingAction is the action that clears a due rule.
func ClearingAction(r models.DueRule, mode models.RepairMode, st models.Status) models.Action {
	switch r {
	case models.DueVisit:
		return models.ActArrive
	case models.DueParcelAbandon:
		return models.ActAbandon
	case models.DueEscalation:
		return models.ActAssign
	case models.DueSchedule:
		if st == models.StatusNew && mode == models.ModeOnSite {
			return models.ActAssign
		}
		if mode == models.ModeCarryIn && st == models.StatusNew {
			return models.ActReceive
		}
		if mode == models.ModeMailIn && st == models.StatusNew {
			return models.ActRequestParcel
		}
		if st == models.StatusReceived {
			return models.ActStartRepair
		}
		return models.ActSchedule
	case models.DueVoucherDate:
		return models.ActContact
	case models.DueCrew:
		return models.ActAssignCrew
	case models.DueInstallDone:
		return models.ActCompleteInst
	case models.DuePartApprove:
		return models.ActApprovePart
	case models.DueReturnGoods:
		return models.ActReceiveGoods
	case models.DueReturnReject:
		return models.ActRejectReturn
	case models.DueInspection:
		return models.ActInspect
	case models.DueReturnRefund:
		return models.ActRefund
	case models.DueReturnExchange:
		return models.ActExchange
	case models.DuePartLate:
		return models.ActWarehousePart
	case models.DueComplaintAccept:
		return models.ActAcceptComplaint
	case models.DueComplaintResponsibility:
		return models.ActResponsibility
	case models.DueComplaintProposal:
		return models.ActPropose
	case models.DueComplaintFollowUp:
		return models.ActFollowUp
	case models.DueSignatureReturn:
		switch st {
		case models.StatusInstalled:
			return models.ActSign
		case models.StatusRepaired:
			switch mode {
			case models.ModeCarryIn:
				return models.ActReady
			case models.ModeMailIn:
				return models.ActShipBack
			}
			return models.ActSign
		case models.StatusBackFromFactory:
			return models.ActDecideLiability
		}
		return models.ActClose
	}
	return models.ActContact
}

// Today lists what needs doing now: overdue first (oldest first), then
// what falls due later today. limit bounds the list (default 500).
func (a *App) Today(ctx context.Context, limit int) ([]TodayItem, error) {
	if limit <= 0 {
		limit = 500
	}
	now := a.clock()
	y, m, d := now.Date()
	endOfDay := time.Date(y, m, d+1, 0, 0, 0, 0, now.Location()).UTC()
	var rows []TicketRow
	err := a.rowQuery(a.db.WithContext(ctx)).
		Where("tickets.due_at IS NOT NULL AND tickets.due_at < ?", endOfDay).
		Order("tickets.due_at").Limit(limit).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("tickets: today: %w", err)
	}
	// The rule is recomputed from the full ticket, which knows why it is due.
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var full []models.Ticket
	if len(ids) > 0 {
		if err := a.db.WithContext(ctx).Where("id IN ?", ids).Find(&full).Error; err != nil {
			return nil, fmt.Errorf("tickets: today: %w", err)
		}
	}
	byID := map[string]*models.Ticket{}
	for i := range full {
		byID[full[i].ID] = &full[i]
	}
	out := make([]TodayItem, 0, len(rows))
	for _, r := range rows {
		t := byID[r.ID]
		if t == nil {
			continue
		}
		due, ok := models.NextDue(t, a.dueRules(), a.loc())
		if !ok {
			continue
		}
		out = append(out, TodayItem{TicketRow: r, Rule: due.Rule, Due: due.At, Overdue: due.Overdue(now),
			Action: ClearingAction(due.Rule, t.Mode, t.Status)})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Overdue != out[j].Overdue {
			return out[i].Overdue
		}
		return out[i].Due.Before(out[j].Due)
	})
	return out, nil
}

// Booking is a person's half day on the dispatch board: a technician's
// visits and the deliveries a person is on the crew of. The deliveries
// booked without a crew yet sit in the bookings of NoCrew.
type Booking struct {
	TechnicianID string    // the person; NoCrew for deliveries without a crew
	Date         time.Time // civil
	Half         models.HalfDay
	Tickets      []TicketRow
	// Crews holds, for each delivery in Tickets, its crew's staff IDs,
	// leader first: one delivery shows on every member's half day.
	Crews map[string][]string
}

// NoCrew is the TechnicianID of the board's bookings that hold the
// deliveries booked for a half day whose crew is not named yet.
const NoCrew = ""

// Clash reports a double booking.
func (b Booking) Clash() bool { return len(b.Tickets) > 1 }

// boardStatuses are the statuses a ticket shows on the board with: a
// booked visit, or a delivery booked at intake still waiting for its crew.
var boardStatuses = []models.Status{models.StatusScheduled, models.StatusNew}

// DispatchBoard returns the active technicians and delivery staff (the
// technicians first, each person once) and their bookings for days
// starting at from (civil), keyed by BookingKey: a repair in its
// technician's half day, a delivery in every crew member's half day, and
// the deliveries without a crew under NoCrew. Two queries: the tickets of
// the days (on the status index), then the crews of those deliveries (on
// crew_members' ticket index).
func (a *App) DispatchBoard(ctx context.Context, from time.Time, days int) ([]models.Staff, map[string]*Booking, error) {
	all, err := a.StaffList(false)
	if err != nil {
		return nil, nil, err
	}
	var people, delivery []models.Staff
	for _, s := range all {
		switch {
		case s.HasRole(models.RoleTechnician):
			people = append(people, s)
		case s.HasRole(models.RoleDelivery):
			delivery = append(delivery, s)
		}
	}
	people = append(people, delivery...)
	start := models.CivilDate(from)
	end := start.AddDate(0, 0, days)
	var rows []struct {
		TicketRow
		TechnicianID string
	}
	if err := a.boardTickets(a.db.WithContext(ctx), start, end).Scan(&rows).Error; err != nil {
		return nil, nil, fmt.Errorf("dispatch board: %w", err)
	}
	var crews []boardCrew
	if err := boardCrews(a.db.WithContext(ctx), start, end).Scan(&crews).Error; err != nil {
		return nil, nil, fmt.Errorf("dispatch board: crews: %w", err)
	}
	crewOf := map[string][]string{}
	for _, c := range crews {
		crewOf[c.TicketID] = append(crewOf[c.TicketID], c.StaffID)
	}
	board := map[string]*Booking{}
	add := func(person string, r TicketRow) {
		k := BookingKey(person, *r.ApptDate, r.ApptHalf)
		b := board[k]
		if b == nil {
			b = &Booking{TechnicianID: person, Date: models.CivilDate(*r.ApptDate), Half: r.ApptHalf}
			board[k] = b
		}
		b.Tickets = append(b.Tickets, r)
		if crew, ok := crewOf[r.ID]; ok {
			if b.Crews == nil {
				b.Crews = map[string][]string{}
			}
			b.Crews[r.ID] = crew
		}
	}
	for _, r := range rows {
		if r.ApptDate == nil {
			continue
		}
		switch {
		case r.Kind != models.KindDelivery:
			if r.Status == models.StatusScheduled && r.TechnicianID != NoCrew {
				add(r.TechnicianID, r.TicketRow)
			}
		case r.Status == models.StatusScheduled && len(crewOf[r.ID]) > 0:
			for _, id := range crewOf[r.ID] {
				add(id, r.TicketRow)
			}
		default:
			add(NoCrew, r.TicketRow)
		}
	}
	return people, board, nil
}

// boardTickets selects the tickets booked between start and end (civil,
// end excluded) that the board may show, on the status index.
func (a *App) boardTickets(tx *gorm.DB, start, end time.Time) *gorm.DB {
	return a.rowQuery(tx).Select(`tickets.id, tickets.number, tickets.kind, tickets.mode, tickets.status,
		tickets.priority, tickets.reported_at, tickets.due_at, tickets.appt_date, tickets.appt_half, tickets.symptom, tickets.product,
		customers.name AS customer_name, staff.name AS technician, tickets.technician_id`).
		Where("tickets.status IN ? AND tickets.appt_date >= ? AND tickets.appt_date < ?", boardStatuses, start, end).
		Order("tickets.appt_date, tickets.appt_half, tickets.number")
}

// boardCrew is a crew member of a delivery on the board.
type boardCrew struct{ TicketID, StaffID string }

// boardCrews selects the crews of the deliveries booked between start and
// end (civil, end excluded), each crew leader first.
func boardCrews(tx *gorm.DB, start, end time.Time) *gorm.DB {
	return tx.Model(&models.CrewMember{}).Select("ticket_id, staff_id").
		Where(`ticket_id IN (SELECT id FROM tickets WHERE status = ? AND kind = ? AND appt_date >= ? AND appt_date < ?)`,
			models.StatusScheduled, models.KindDelivery, start, end).
		Order("ticket_id, leader DESC, position")
}

// BookingKey identifies a person's half day on the board.
func BookingKey(techID string, date time.Time, half models.HalfDay) string {
	return techID + "|" + models.FormatDate(date) + "|" + string(half)
}
