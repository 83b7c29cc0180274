package app

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"aftercare/models"
)

// The month-end report (issue 7): every figure defined once in
// docs/kpi.md, computed here from the tickets, their events, the follow-up
// calls, the payments and the penalty/reward records. The dashboard, the
// report PDF, the Excel export and `aftercare report` show the same
// MonthReport.

// MonthReport computes the month's report (YYYY-MM). Managers and finance
// read it.
func (a *App) MonthReport(ctx context.Context, month string) (*models.MonthReport, error) {
	if err := a.require(models.PermReports); err != nil {
		return nil, err
	}
	first, err := models.ParseMonth(month)
	if err != nil {
		return nil, err
	}
	loc := a.loc()
	now := a.clock()
	// The twelve months (this one in full, the previous one's figures,
	// ten more for the trend) are independent reads: two at a time, as
	// many as the PC has cores, each on its own connection (WAL readers
	// do not block each other).
	calcs := make([]*monthCalc, 12) // oldest first
	errs := make([]error, 12)
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < max(2, min(runtime.NumCPU(), 4)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				depth := calcTrend
				switch i {
				case 11:
					depth = calcFull
				case 10:
					depth = calcFigures
				}
				calcs[i], errs[i] = a.computeMonth(ctx, first.AddDate(0, i-11, 0), loc, now, depth)
			}
		}()
	}
	for _, i := range []int{11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0} { // the slow ones first
		work <- i
	}
	close(work)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	cur, prev := calcs[11], calcs[10]
	r := &models.MonthReport{Month: models.MonthOf(first), Start: cur.start, End: cur.end, GeneratedAt: now,
		Figures: cur.figures, Staff: cur.staff, Days: cur.days, Tickets: cur.tickets}
	for i := range r.Figures {
		f := &r.Figures[i]
		if p := findFigure(prev.figures, f.Key, f.Sub); p != nil {
			f.Prev, f.PrevOK = p.Value, p.OK
		} else if f.Unit == models.UnitCount || f.Unit == models.UnitMoney {
			f.PrevOK = true // a breakdown line with nothing last month is a zero
		}
	}
	r.Trend = make([]models.TrendPoint, 0, 12)
	for _, m := range calcs {
		r.Trend = append(r.Trend, m.trend)
	}
	shop, err := a.Shop()
	if err != nil {
		return nil, err
	}
	r.Shop = shop.Name
	mv, err := a.Month(r.Month)
	if err != nil {
		return nil, err
	}
	r.Close = mv.Close
	r.Conduct = a.addConduct(r, mv)
	return r, nil
}

func findFigure(list []models.Figure, key, sub string) *models.Figure {
	for i := range list {
		if list[i].Key == key && list[i].Sub == sub {
			return &list[i]
		}
	}
	return nil
}

// repTicket is the columns of a ticket the figures read.
type repTicket struct {
	ID, Number       string
	Kind             models.TicketKind
	Mode             models.RepairMode
	Status           models.Status
	TechnicianID     *string
	ApptDate         *time.Time
	ApptHalf         models.HalfDay
	ReschedulesShop  int
	ReschedulesCust  int
	Escalations      int
	RepeatOfID       *string
	ReportedAt       time.Time
	FirstContactAt   *time.Time
	ArrivedAt        *time.Time
	RepairedAt       *time.Time
	ClosedAt         *time.Time
	PartExpected     *time.Time
	ReturnOutcome    models.ReturnOutcome
	RefundAmount     models.Money
	Responsible      models.Responsible
	ResponsibleStaff string
}

const repColumns = "id, number, kind, mode, status, technician_id, appt_date, appt_half, reschedules_shop, reschedules_cust, " +
	"escalations, repeat_of_id, reported_at, first_contact_at, arrived_at, repaired_at, closed_at, part_expected, " +
	"return_outcome, refund_amount, responsible, responsible_staff"

// calcDepth is how much of a month computeMonth works out.
type calcDepth int

const (
	// calcFull is the shown month: every figure with the tickets behind
	// it, per staff, days and the ticket sheet.
	calcFull calcDepth = iota
	// calcFigures is the previous month: every figure, no lists.
	calcFigures
	// calcTrend is a month of the trend: the four main rates only.
	calcTrend
)

// scanTickets reads the named columns of the tickets q selects. It scans
// each row into its fields directly: on a month of 8 000 tickets GORM's
// reflection cost more than SQLite's reading (docs/performance.md).
func scanTickets(q *gorm.DB, cols string) ([]repTicket, error) {
	rows, err := q.Model(&models.Ticket{}).Select(cols).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	names := strings.Split(cols, ",")
	for i := range names {
		names[i] = strings.TrimSpace(names[i])
	}
	var out []repTicket
	ptrs := make([]any, len(names))
	for rows.Next() {
		out = append(out, repTicket{})
		t := &out[len(out)-1]
		for i, n := range names {
			p := t.column(n)
			if p == nil {
				return nil, fmt.Errorf("reports: unknown column %q", n)
			}
			ptrs[i] = p
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
	}
	return out, rows.Err()
}

// column is where a ticket column is scanned to.
func (t *repTicket) column(name string) any {
	switch name {
	case "id":
		return &t.ID
	case "number":
		return &t.Number
	case "kind":
		return (*string)(&t.Kind)
	case "mode":
		return (*string)(&t.Mode)
	case "status":
		return (*string)(&t.Status)
	case "technician_id":
		return &t.TechnicianID
	case "appt_date":
		return &t.ApptDate
	case "appt_half":
		return (*string)(&t.ApptHalf)
	case "reschedules_shop":
		return &t.ReschedulesShop
	case "reschedules_cust":
		return &t.ReschedulesCust
	case "escalations":
		return &t.Escalations
	case "repeat_of_id":
		return &t.RepeatOfID
	case "reported_at":
		return &t.ReportedAt
	case "first_contact_at":
		return &t.FirstContactAt
	case "arrived_at":
		return &t.ArrivedAt
	case "repaired_at":
		return &t.RepairedAt
	case "closed_at":
		return &t.ClosedAt
	case "part_expected":
		return &t.PartExpected
	case "return_outcome":
		return (*string)(&t.ReturnOutcome)
	case "refund_amount":
		return (*int64)(&t.RefundAmount)
	case "responsible":
		return (*string)(&t.Responsible)
	case "responsible_staff":
		return &t.ResponsibleStaff
	}
	return nil
}

// monthCalc is one month's computation.
type monthCalc struct {
	start, end time.Time
	figures    []models.Figure
	staff      []models.StaffFigures
	days       []models.DayCount
	tickets    []models.ReportTicket
	trend      models.TrendPoint
}

// inMonth reports whether t falls in [start, end).
func inMonth(t *time.Time, start, end time.Time) bool {
	return t != nil && !t.Before(start) && t.Before(end)
}

// computeMonth computes the figures of the month starting on first (a
// civil date), as much as depth asks for.
func (a *App) computeMonth(ctx context.Context, first time.Time, loc *time.Location, now time.Time, depth calcDepth) (*monthCalc, error) {
	if depth == calcTrend {
		return a.trendMonth(ctx, first, loc, now) // reports_trend.go
	}
	full := depth == calcFull
	start, end := models.MonthBounds(first.Year(), first.Month(), loc)
	m := &monthCalc{start: start, end: end}
	su, eu := start.UTC(), end.UTC()
	civilStart := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, time.UTC)
	civilEnd := civilStart.AddDate(0, 1, 0)
	db := a.db.WithContext(ctx)

	// The month's tickets: reported, ended or finished (parts, returns)
	// in the month, each found through its own index.
	byID := map[string]*repTicket{}
	load := func(q *gorm.DB, cols string) error {
		rows, err := scanTickets(q, cols)
		if err != nil {
			return err
		}
		for i := range rows {
			if _, ok := byID[rows[i].ID]; !ok {
				byID[rows[i].ID] = &rows[i]
			}
		}
		return nil
	}
	type step struct {
		q    *gorm.DB
		cols string
	}
	steps := []step{
		{db.Where("reported_at >= ? AND reported_at < ?", su, eu), repColumns},
		// Closed in the month and reported before it (the rest were read
		// above): the filter is checked in idx_tickets_open.
		{db.Where("closed_at >= ? AND closed_at < ? AND reported_at < ?", su, eu, su), repColumns},
		// Through idx_tickets_kind_done.
		{db.Where("kind IN ? AND repaired_at >= ? AND repaired_at < ?", []models.TicketKind{models.KindPart, models.KindReturn}, su, eu), repColumns},
	}
	for _, st := range steps {
		if err := load(st.q, st.cols); err != nil {
			return nil, fmt.Errorf("reports: %s: tickets: %w", models.MonthOf(first), err)
		}
	}
	// The month's appointments, from idx_tickets_appt_cover with the staff
	// as an IN list (one index range per person).
	var staffIDs []string
	if err := db.Model(&models.Staff{}).Pluck("id", &staffIDs).Error; err != nil {
		return nil, fmt.Errorf("reports: staff: %w", err)
	}
	var appts []repTicket
	if len(staffIDs) > 0 {
		var err error
		if appts, err = scanTickets(db.Where("technician_id IN ? AND appt_date >= ? AND appt_date < ?", staffIDs, civilStart, civilEnd),
			"id, technician_id, appt_date, appt_half, status, reschedules_shop, reschedules_cust, arrived_at"); err != nil {
			return nil, fmt.Errorf("reports: %s: appointments: %w", models.MonthOf(first), err)
		}
	}
	{
		// Every ticket the month touched, booked ones too.
		var missing []string
		for _, t := range appts {
			if _, ok := byID[t.ID]; !ok {
				missing = append(missing, t.ID)
			}
		}
		for _, part := range chunk(missing, 500) {
			if err := load(db.Where("id IN ?", part), repColumns); err != nil {
				return nil, fmt.Errorf("reports: %s: booked tickets: %w", models.MonthOf(first), err)
			}
		}
	}
	all := make([]*repTicket, 0, len(byID))
	for _, t := range byID {
		all = append(all, t)
	}
	sort.Slice(all, func(i, j int) bool {
		if !all[i].ReportedAt.Equal(all[j].ReportedAt) {
			return all[i].ReportedAt.Before(all[j].ReportedAt)
		}
		return all[i].Number < all[j].Number
	})

	// A booking is served when the first arrival (or the installation)
	// falls in its half day; when it does not, a later visit may have.
	servedLater := map[string]bool{}
	var later []repTicket
	for _, t := range appts {
		if t.ArrivedAt != nil && !models.InHalf(t.ArrivedAt.In(loc), *t.ApptDate, t.ApptHalf) {
			later = append(later, t)
		}
	}
	if err := a.laterVisits(db, later, loc, func(t *repTicket) { servedLater[t.ID] = true }); err != nil {
		return nil, fmt.Errorf("reports: %s: visits: %w", models.MonthOf(first), err)
	}

	b := newFigureBuilder(full)
	// Volume.
	received := b.count("received", models.GroupVolume)
	completed := b.count("completed", models.GroupVolume)
	cancelled := b.count("cancelled", models.GroupVolume)
	firstResp := b.share("first_response", models.GroupSpeed, nil)
	onTime := b.share("on_time", models.GroupSpeed, &models.TargetOnTime)
	resolution := b.share("resolution", models.GroupQuality, nil)
	firstFix := b.share("first_visit_fix", models.GroupQuality, nil)
	repeat := b.share("repeat_repair", models.GroupQuality, &models.TargetRepeatRepair)
	escalations := b.count("escalations", models.GroupQuality)
	complaints := b.count("complaints", models.GroupQuality)
	complaintRate := b.share("complaint_rate", models.GroupQuality, &models.TargetComplaintRate)
	abandoned := b.count("mailin_abandoned", models.GroupOperations)
	reschShop := b.count("reschedules_shop", models.GroupOperations)
	reschCust := b.count("reschedules_customer", models.GroupOperations)
	partsOnTime := b.share("parts_on_time", models.GroupOperations, nil)
	refunds := b.money("refunds")
	completion := map[string][]float64{}
	completionIDs := map[string][]string{}

	var jobs []*repTicket // repairs and deliveries closed in the month
	var serviceFault []*repTicket
	onTimeOf := map[string]bool{}
	for _, t := range all {
		reported := inMonth(&t.ReportedAt, su, eu)
		closed := inMonth(t.ClosedAt, su, eu)
		if reported {
			received.add(t.ID, "kind."+string(t.Kind), string(t.Kind))
			if t.Kind == models.KindRepair && t.Mode != "" {
				received.addSub(t.ID, "mode."+string(t.Mode), "mode:"+string(t.Mode))
			}
			if t.Kind != models.KindConsultation && t.Kind != models.KindComplaint {
				due := t.ReportedAt.Add(models.FirstResponseLimit)
				switch {
				case t.FirstContactAt != nil:
					firstResp.addCase(t.ID, !t.FirstContactAt.After(due))
				case t.ClosedAt != nil && t.ClosedAt.Before(due):
					// cancelled within the day without contact: left out
				case now.Before(due):
					// not yet judged
				default:
					firstResp.addCase(t.ID, false)
				}
			}
			if t.Kind == models.KindRepair {
				repeat.addCase(t.ID, t.RepeatOfID == nil)
			}
			if t.Escalations > 0 {
				escalations.add(t.ID, "", "")
			}
			if t.Kind == models.KindComplaint {
				complaints.add(t.ID, "", "")
				if t.Responsible == models.RespStaff || t.Responsible == models.RespShop {
					serviceFault = append(serviceFault, t)
				}
			}
		}
		if closed {
			switch t.Status {
			case models.StatusClosed:
				completed.add(t.ID, "kind."+string(t.Kind), string(t.Kind))
				resolution.addCase(t.ID, true)
				if t.Kind == models.KindRepair || t.Kind == models.KindDelivery {
					jobs = append(jobs, t)
					if t.RepairedAt != nil {
						key := string(t.Mode)
						completion[key] = append(completion[key], t.RepairedAt.Sub(t.ReportedAt).Hours())
						completionIDs[key] = append(completionIDs[key], t.ID)
					}
				}
				if t.Kind == models.KindRepair && t.Mode == models.ModeOnSite {
					firstFix.addCase(t.ID, t.ArrivedAt != nil && t.RepairedAt != nil &&
						models.CivilDate(t.ArrivedAt.In(loc)).Equal(models.CivilDate(t.RepairedAt.In(loc))))
				}
			case models.StatusCancelled, models.StatusAbandoned:
				cancelled.add(t.ID, "", "")
				resolution.addCase(t.ID, false)
				if t.Status == models.StatusAbandoned && t.Mode == models.ModeMailIn {
					abandoned.add(t.ID, "", "")
				}
			}
		}
		if (t.Kind == models.KindPart || t.Kind == models.KindReturn) && inMonth(t.RepairedAt, su, eu) {
			if t.Kind == models.KindPart && t.PartExpected != nil {
				got := models.CivilDate(t.RepairedAt.In(loc))
				partsOnTime.addCase(t.ID, !got.After(models.CivilDate(*t.PartExpected)))
			}
			if t.Kind == models.KindReturn && t.ReturnOutcome == models.OutcomeRefunded {
				refunds.addMoney(t.ID, "", "", t.RefundAmount)
			}
		}
	}
	for i := range appts {
		t := &appts[i]
		if t.Status == models.StatusCancelled {
			continue
		}
		served := servedLater[t.ID] || (t.ArrivedAt != nil && models.InHalf(t.ArrivedAt.In(loc), *t.ApptDate, t.ApptHalf))
		switch {
		case served:
			ok := t.ReschedulesShop == 0
			onTime.addCase(t.ID, ok)
			onTimeOf[t.ID] = ok
		case t.ArrivedAt == nil && now.Before(models.HalfEnd(*t.ApptDate, t.ApptHalf, loc)):
			// still ahead: not judged
		default:
			onTime.addCase(t.ID, false)
			onTimeOf[t.ID] = false
		}
		if t.ReschedulesShop > 0 {
			reschShop.addN(t.ID, t.ReschedulesShop)
		}
		if t.ReschedulesCust > 0 {
			reschCust.addN(t.ID, t.ReschedulesCust)
		}
	}
	jobIDs := make([]string, 0, len(jobs))
	for _, t := range jobs {
		jobIDs = append(jobIDs, t.ID)
	}
	faultIDs := make([]string, 0, len(serviceFault))
	for _, t := range serviceFault {
		faultIDs = append(faultIDs, t.ID)
	}
	// The complaints count against the rate; the jobs are what it is of.
	complaintRate.setShare(models.Share{Hits: len(serviceFault), Count: len(jobs)}, faultIDs, jobIDs)

	// Satisfaction: reached calls done in the month.
	var calls []struct {
		TicketID     string
		Satisfaction int
	}
	if err := db.Model(&models.FollowUp{}).Select("ticket_id, satisfaction").
		Where("done_at >= ? AND done_at < ? AND outcome = ?", su, eu, models.CallReached).Find(&calls).Error; err != nil {
		return nil, fmt.Errorf("reports: %s: follow-up calls: %w", models.MonthOf(first), err)
	}
	satisfaction := b.share("satisfaction", models.GroupQuality, &models.TargetSatisfaction)
	callScores := map[string][]int{}
	for _, c := range calls {
		satisfaction.addCase(c.TicketID, c.Satisfaction >= models.SatisfiedScore)
		callScores[c.TicketID] = append(callScores[c.TicketID], c.Satisfaction)
	}

	trend := models.TrendPoint{Month: models.MonthOf(first), FirstResponse: firstResp.share, OnTime: onTime.share,
		Satisfaction: satisfaction.share, ComplaintRate: complaintRate.share}

	// Open at the month's end, and how old.
	open := b.count("open_end", models.GroupVolume)
	ages, err := a.openAtEnd(db, eu, open)
	if err != nil {
		return nil, fmt.Errorf("reports: %s: open tickets: %w", models.MonthOf(first), err)
	}
	sp := models.SpreadOf(ages)
	b.value("backlog_median_days", models.GroupVolume, models.UnitDays, sp.Median, sp.N > 0, open.ids)
	b.value("backlog_oldest_days", models.GroupVolume, models.UnitDays, sp.Max, sp.N > 0, open.ids)

	// Completion times by mode, deliveries last.
	for _, mode := range append(append([]models.RepairMode{}, models.AllModes...), models.ModeDelivery) {
		key := string(mode)
		b.spread("completion", key, "mode."+key, models.GroupSpeed, models.UnitHours, models.SpreadOf(completion[key]), completionIDs[key])
	}

	// Money.
	var pays []models.Payment
	if err := db.Select("ticket_id, method, amount").Where("at >= ? AND at < ?", su, eu).Find(&pays).Error; err != nil {
		return nil, fmt.Errorf("reports: %s: payments: %w", models.MonthOf(first), err)
	}
	collected := b.money("collected")
	for _, method := range models.AllPaymentMethods {
		collected.subLine("pay."+string(method), string(method)) // every method shows, even at zero
	}
	for _, p := range pays {
		collected.addMoney(p.TicketID, "pay."+string(p.Method), string(p.Method), p.Amount)
	}
	partsBilled := b.money("parts_billed")
	for _, part := range chunk(jobIDs, 500) {
		var items []models.TicketItem
		if err := db.Select("ticket_id, qty, unit_price, charged").Where("ticket_id IN ? AND kind = ? AND charged = ?", part, models.ItemPart, true).Find(&items).Error; err != nil {
			return nil, fmt.Errorf("reports: %s: parts billed: %w", models.MonthOf(first), err)
		}
		for _, it := range items {
			partsBilled.addMoney(it.TicketID, "", "", it.Total())
		}
	}

	m.figures, m.trend = b.figures(), trend
	if !full {
		return m, nil
	}

	// Days of the month: tickets received per day, by kind.
	for d := civilStart; d.Before(civilEnd); d = d.AddDate(0, 0, 1) {
		m.days = append(m.days, models.DayCount{Day: d, ByKind: map[models.TicketKind]int{}})
	}
	for _, t := range all {
		if inMonth(&t.ReportedAt, su, eu) {
			m.days[t.ReportedAt.In(loc).Day()-1].ByKind[t.Kind]++
		}
	}

	// Per staff member.
	staff, err := a.staffFigures(db, all, jobs, onTimeOf, callScores, serviceFault)
	if err != nil {
		return nil, fmt.Errorf("reports: %s: staff: %w", models.MonthOf(first), err)
	}
	m.staff = staff

	// The ticket sheet.
	m.tickets, err = a.reportTickets(db, all, onTimeOf, loc)
	if err != nil {
		return nil, fmt.Errorf("reports: %s: ticket sheet: %w", models.MonthOf(first), err)
	}
	return m, nil
}

// openAtEnd counts the tickets reported before end and not ended by then
// into f, by kind, and returns their ages in days at end.
func (a *App) openAtEnd(db *gorm.DB, end time.Time, f *figureAcc) ([]float64, error) {
	var rows []struct {
		ID         string
		Kind       models.TicketKind
		ReportedAt time.Time
	}
	var ages []float64
	for _, q := range []*gorm.DB{
		db.Where("closed_at IS NULL AND reported_at < ?", end),
		db.Where("closed_at >= ? AND reported_at < ?", end, end),
	} {
		rows = rows[:0]
		if err := q.Model(&models.Ticket{}).Select("id, kind, reported_at").Find(&rows).Error; err != nil {
			return nil, err
		}
		for _, r := range rows {
			f.add(r.ID, "kind."+string(r.Kind), string(r.Kind))
			ages = append(ages, end.Sub(r.ReportedAt).Hours()/24)
		}
	}
	return ages, nil
}

// staffFigures builds the per-person lines: everyone with a job, an
// appointment, a call or a complaint in the month, and every active
// technician and delivery worker.
func (a *App) staffFigures(db *gorm.DB, all, jobs []*repTicket, onTimeOf map[string]bool, callScores map[string][]int, fault []*repTicket) ([]models.StaffFigures, error) {
	var people []models.Staff
	if err := db.Select("id, name, roles, active").Order("name").Find(&people).Error; err != nil {
		return nil, err
	}
	lines := map[string]*models.StaffFigures{}
	var order []string
	line := func(id string) *models.StaffFigures {
		l, ok := lines[id]
		if !ok {
			l = &models.StaffFigures{StaffID: id}
			lines[id] = l
			order = append(order, id)
		}
		return l
	}
	for _, p := range people {
		if p.Active && (p.HasRole(models.RoleTechnician) || p.HasRole(models.RoleDelivery)) {
			line(p.ID)
		}
	}
	// Who worked on each ticket: the technician, and a delivery's crew.
	workers := map[string][]string{}
	var deliveries []string
	for _, t := range all {
		if t.TechnicianID != nil && *t.TechnicianID != "" {
			workers[t.ID] = []string{*t.TechnicianID}
		}
		if t.Kind == models.KindDelivery {
			deliveries = append(deliveries, t.ID)
		}
	}
	for _, part := range chunk(deliveries, 500) {
		if err := addCrews(db, part, workers); err != nil {
			return nil, err
		}
	}
	for _, t := range jobs {
		for _, w := range workers[t.ID] {
			l := line(w)
			l.Jobs++
			l.Tickets = append(l.Tickets, t.ID)
		}
	}
	for id, ok := range onTimeOf {
		for _, w := range workers[id] {
			line(w).OnTime.Add(ok)
		}
	}
	// Calls about tickets outside the month's set still count for the
	// person: look their workers up.
	var missing []string
	for id := range callScores {
		if _, ok := workers[id]; !ok {
			missing = append(missing, id)
		}
	}
	for _, part := range chunk(missing, 500) {
		var rows []struct {
			ID           string
			TechnicianID *string
		}
		if err := db.Model(&models.Ticket{}).Select("id, technician_id").Where("id IN ?", part).Find(&rows).Error; err != nil {
			return nil, err
		}
		for _, r := range rows {
			if r.TechnicianID != nil {
				workers[r.ID] = []string{*r.TechnicianID}
			}
		}
		if err := addCrews(db, part, workers); err != nil {
			return nil, err
		}
	}
	for id, scores := range callScores {
		for _, w := range workers[id] {
			for _, s := range scores {
				line(w).Satisfaction.Add(s >= models.SatisfiedScore)
			}
		}
	}
	for _, t := range fault {
		for _, w := range strings.Split(t.ResponsibleStaff, ",") {
			if w = strings.TrimSpace(w); w != "" {
				line(w).Complaints++
			}
		}
	}
	names := map[string]string{}
	for _, p := range people {
		names[p.ID] = p.Name
	}
	out := make([]models.StaffFigures, 0, len(order))
	for _, id := range order {
		l := lines[id]
		l.Name = names[id]
		out = append(out, *l)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// addCrews adds the crew members of the tickets ids to workers.
func addCrews(db *gorm.DB, ids []string, workers map[string][]string) error {
	var crew []models.CrewMember
	if err := db.Select("ticket_id, staff_id").Where("ticket_id IN ?", ids).Find(&crew).Error; err != nil {
		return err
	}
	for _, c := range crew {
		if !slices.Contains(workers[c.TicketID], c.StaffID) {
			workers[c.TicketID] = append(workers[c.TicketID], c.StaffID)
		}
	}
	return nil
}

// addConduct puts the month's penalties and rewards on the staff lines:
// the approved figures when the month is approved or executed, the
// records as they stand otherwise (provisional). It returns the lines used.
func (a *App) addConduct(r *models.MonthReport, mv *MonthView) []models.StaffLine {
	src := mv.Lines
	final := mv.Close.Status == models.MonthApproved || mv.Close.Status == models.MonthExecuted
	if final && len(mv.Compiled) > 0 {
		src = mv.Compiled
	}
	idx := map[string]int{}
	for i, l := range r.Staff {
		idx[l.StaffID] = i
	}
	for _, c := range src {
		i, ok := idx[c.StaffID]
		if !ok {
			r.Staff = append(r.Staff, models.StaffFigures{StaffID: c.StaffID, Name: c.Name})
			i = len(r.Staff) - 1
			idx[c.StaffID] = i
		}
		s := &r.Staff[i]
		s.Penalties, s.Rewards, s.Net = c.Penalties, c.Rewards, c.Net
	}
	for i := range r.Staff {
		r.Staff[i].Provisional = !final
	}
	sort.SliceStable(r.Staff, func(i, j int) bool { return r.Staff[i].Name < r.Staff[j].Name })
	return src
}

// reportTickets is the month's ticket sheet with charges and payments.
func (a *App) reportTickets(db *gorm.DB, all []*repTicket, onTimeOf map[string]bool, loc *time.Location) ([]models.ReportTicket, error) {
	ids := make([]string, 0, len(all))
	var techs []string
	for _, t := range all {
		ids = append(ids, t.ID)
		if t.TechnicianID != nil {
			techs = append(techs, *t.TechnicianID)
		}
	}
	names, err := a.staffNames(uniqueIDs(techs))
	if err != nil {
		return nil, err
	}
	charged := map[string]models.Money{}
	paid := map[string]models.Money{}
	for _, part := range chunk(ids, 500) {
		var items []models.TicketItem
		if err := db.Select("ticket_id, qty, unit_price, charged").Where("ticket_id IN ?", part).Find(&items).Error; err != nil {
			return nil, err
		}
		for _, it := range items {
			charged[it.TicketID] += it.Total()
		}
		var pays []models.Payment
		if err := db.Select("ticket_id, amount").Where("ticket_id IN ?", part).Find(&pays).Error; err != nil {
			return nil, err
		}
		for _, p := range pays {
			paid[p.TicketID] += p.Amount
		}
	}
	out := make([]models.ReportTicket, 0, len(all))
	for _, t := range all {
		rt := models.ReportTicket{ID: t.ID, Number: t.Number, Kind: t.Kind, Mode: t.Mode, Status: t.Status,
			ReportedAt: t.ReportedAt.In(loc), FirstContactAt: inLoc(t.FirstContactAt, loc), ApptDate: t.ApptDate, ApptHalf: t.ApptHalf,
			ArrivedAt: inLoc(t.ArrivedAt, loc), RepairedAt: inLoc(t.RepairedAt, loc), ClosedAt: inLoc(t.ClosedAt, loc),
			Charged: charged[t.ID], Paid: paid[t.ID], ReschedulesShop: t.ReschedulesShop, ReschedulesCust: t.ReschedulesCust}
		if t.TechnicianID != nil {
			rt.Technician = names[*t.TechnicianID]
		}
		if ok, in := onTimeOf[t.ID]; in {
			rt.OnTime = map[bool]string{true: "yes", false: "no"}[ok]
		}
		if t.FirstContactAt != nil {
			rt.FirstResponseHours, rt.HasFirstResponse = models.Hours(t.FirstContactAt.Sub(t.ReportedAt)), true
		}
		out = append(out, rt)
	}
	return out, nil
}

func inLoc(t *time.Time, loc *time.Location) *time.Time {
	if t == nil {
		return nil
	}
	v := t.In(loc)
	return &v
}

// chunk splits ids into parts of at most n for IN lists.
func chunk(ids []string, n int) [][]string {
	var out [][]string
	for len(ids) > n {
		out = append(out, ids[:n])
		ids = ids[n:]
	}
	if len(ids) > 0 {
		out = append(out, ids)
	}
	return out
}
