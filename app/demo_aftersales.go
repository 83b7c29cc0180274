package app

import (
	"container/heap"
	"encoding/json"
	"sort"
	"strconv"
	"time"

	"aftercare/models"
)

// The after-sales half of the ticket demo (demo_tickets.go): the
// follow-up calls of completed jobs, complaints (TS…) and returns and
// exchanges (TH…) raised from them, and the staff's penalty and reward
// records with the month closes.
//
// Everything here follows the jobs it belongs to, as the app writes it:
//   - A delivery's calls are scheduled when it is installed (+1w, +1m,
//     +3m, +6m, +1y by default), a repair's when it is closed (+3d), from
//     the shop's schedule (scheduleFollowUps). Calls whose day has come are
//     made: no answer (tried again the next day), not convenient (called
//     back when the customer said), reached (the answers, the satisfaction,
//     mostly 4–5). Each attempt is a note on the job's timeline
//     (RecordCall); the first call's conduct observations become records
//     for the crew or the technician (callConduct).
//   - A complaint names a completed job of its customer: raised on a call
//     that went badly (callComplaint) or reported by the customer
//     (CreateTicket), about 1–3 % of jobs. When staff are found
//     responsible they are the job's crew or technician.
//   - A return or exchange follows a signed delivery of the same customer,
//     mostly within the seven days; an exchange books the replacement's
//     delivery (exchangeStep).
//   - Records come from spot checks, morning meetings and delivery records
//     (a few per person and month), follow-up calls and complaints; every
//     month before the clock's is compiled, approved and executed when its
//     dates have passed.
//
// A ticket raised later (a complaint, a return, an exchange's delivery)
// takes the first ticket slot at or after its moment (demoTicketGen.run),
// so numbers follow report order and the count stays exact. What a raised
// ticket's number appears in (the call's timeline note, the return's
// exchange step) is written when that ticket is made; when the run ends
// before a slot comes, the call is written without its complaint and the
// return stays inspected, as if it had not happened yet.

const (
	// demoDirectComplaintShare of completed jobs get a complaint the
	// customer reports by phone or at the counter (more come from calls).
	demoDirectComplaintShare = 0.006
	// demoReturnShare of signed deliveries are returned or exchanged.
	demoReturnShare = 0.012
	// demoMaxAttempts: the last attempt of a call reaches the customer.
	demoMaxAttempts = 4
)

var (
	demoFollowUpTable = &demoTable{"follow_ups", []string{"id", "created_at", "updated_at", "archived_at", "ticket_id", "customer_id",
		"job_kind", "offset", "due_date", "status", "attempts", "last_attempt_at", "callback_at", "outcome", "satisfaction",
		"product_answer", "product_note", "delivery_answer", "delivery_note", "crew_answer", "crew_note",
		"uniform_breach", "language_breach", "tip_refused", "comments", "complaint_ticket_id", "done_by", "done_at", "version"}, 500}
	demoConductTable = &demoTable{"conduct_records", []string{"id", "created_at", "updated_at", "archived_at", "staff_id", "month", "date",
		"rule_id", "rule_name", "kind", "qty", "unit_price", "amount", "probation", "dismissal", "source", "ticket_id", "note",
		"recorded_by", "adjusts_id"}, 500}
	demoMonthTable = &demoTable{"month_closes", []string{"month", "status", "compiled_by", "compiled_at", "approved_by", "approved_at",
		"return_comment", "returned_by", "returned_at", "executed_by", "executed_at", "summary", "updated_at", "version"}, 200}
)

// demoGoods is what was delivered or repaired: a purchase on record.
type demoGoods struct {
	id               string
	product          string // brand, product and model, as a ticket shows it
	name, model, typ string
	date             time.Time // bought (civil)
	months           int       // warranty
}

// demoJob is a completed job (a delivery installed, a repair closed), as
// its follow-up calls, complaints and returns see it.
type demoJob struct {
	id, number string
	kind       models.TicketKind
	cust       int32
	address    string
	product    string
	goods      *demoGoods
	staff      []*demoStaffer // the crew, leader first, or the technician
	done       time.Time      // installed or closed
	signed     time.Time      // a delivery's signed slip (zero before)
	source     models.Source
}

// demoPendingQueue holds the tickets to raise, earliest first; equal times
// in the order raised.
type demoPendingQueue []*demoPending

func (q demoPendingQueue) Len() int { return len(q) }
func (q demoPendingQueue) Less(i, j int) bool {
	if !q[i].at.Equal(q[j].at) {
		return q[i].at.Before(q[j].at)
	}
	return q[i].seq < q[j].seq
}
func (q demoPendingQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *demoPendingQueue) Push(x any)   { *q = append(*q, x.(*demoPending)) }
func (q *demoPendingQueue) Pop() any {
	old := *q
	p := old[len(old)-1]
	old[len(old)-1] = nil
	*q = old[:len(old)-1]
	return p
}

// raise queues a ticket to raise at p.at.
func (g *demoTicketGen) raise(p demoPending) {
	g.nPending++
	p.seq = g.nPending
	heap.Push(&g.pending, &p)
}

// nextPending returns the earliest ticket to raise if it is due by at.
func (g *demoTicketGen) nextPending(at time.Time) *demoPending {
	if len(g.pending) == 0 || g.pending[0].at.After(at) {
		return nil
	}
	return heap.Pop(&g.pending).(*demoPending)
}

// made makes a raised ticket in its slot.
func (g *demoTicketGen) made(b *demoRows, p *demoPending) error {
	switch {
	case p.complaint != nil:
		return g.complaintTicket(b, p.at, p.complaint, nil)
	case p.ret != nil:
		return g.returnTicket(b, p.at, p.ret, nil)
	case p.exchange != nil:
		return g.exchangeTicket(b, p.at, p.exchange)
	}
	return g.linked(b, p)
}

// unmade writes what waited for a ticket the run ended before: the call
// without its complaint, the return as it stood before the exchange.
func (g *demoTicketGen) unmade(b *demoRows) {
	for len(g.pending) > 0 {
		p := heap.Pop(&g.pending).(*demoPending)
		switch {
		case p.complaint != nil && p.complaint.call != nil:
			c := p.complaint.call
			c.row[demoFollowUpComplaint] = nil
			b.args[demoArgFollowUpsOther] = append(b.args[demoArgFollowUpsOther], c.row...)
			b.args[demoArgEvents] = append(b.args[demoArgEvents], c.event(""))
			g.nEvents++
		case p.exchange != nil:
			g.resume(b, p.exchange).finishRow() // counted when it was reported
		}
	}
}

// The job's follow-up calls.

// demoCallRaise is the call that raised a complaint: its follow-up row and
// its timeline note, written when the complaint gets its number.
type demoCallRaise struct {
	row                     []any // the follow-up row (demoFollowUpTable)
	id, ticket, actor, note string
	at                      time.Time
	data                    []demoKV
}

// event is the call's timeline note, naming the complaint (number "" for
// none).
func (c *demoCallRaise) event(number string) []any {
	data := append([]demoKV(nil), c.data...)
	if number != "" {
		data = append(data, demoKV{"complaint", number, false})
	}
	return []any{c.id, c.ticket, demoTS(c.at), c.actor, string(models.ActNote), "", "", c.note, demoJSON(data)}
}

// demoFollowUpComplaint is the place of complaint_ticket_id in a row.
var demoFollowUpComplaint = func() int {
	for i, c := range demoFollowUpTable.cols {
		if c == "complaint_ticket_id" {
			return i
		}
	}
	panic("follow_ups: no complaint_ticket_id")
}()

// job describes the ticket just completed.
func (s *demoSim) job() *demoJob {
	t := &s.t
	j := &demoJob{id: t.ID, number: t.Number, kind: t.Kind, cust: s.cust, address: t.Address, product: t.Product,
		done: s.cur, source: t.Source}
	j.goods = s.goodsRef()
	if t.Kind == models.KindDelivery {
		j.staff = append(j.staff, s.crew...)
	} else if id := derefStr(t.TechnicianID); id != "" {
		if tech := s.g.staffByID[id]; tech != nil {
			j.staff = append(j.staff, tech)
		}
	}
	return j
}

// completed is what follows the step act when it completes a job (a
// delivery installed, a repair closed): its follow-up calls, as
// scheduleFollowUps makes them in the same transaction, and now and then
// a complaint.
func (s *demoSim) completed(act models.Action) {
	g, t := s.g, &s.t
	jk, ok := followUpJob(t, act)
	if !ok || s.followed {
		return
	}
	s.followed = true
	j := s.job()
	s.lastJob = j
	g.noteJob(j)
	for i, c := range g.schedule.Calls(jk, s.cur) {
		s.followCall(j, jk, c, i == 0)
	}
	if !s.forced && g.chance(demoDirectComplaintShare) {
		at := s.cur.Add(g.between(2*time.Hour, 20*24*time.Hour))
		if !at.After(g.now) {
			gr := g.grievance(j, "")
			g.raise(demoPending{at: at, complaint: &demoComplaintReq{id: g.idAt(at), job: j, grievance: gr, text: gr.text,
				source:   []models.Source{models.SourcePhone, models.SourceWalkIn}[g.weighted(80, 20)],
				priority: []models.Priority{models.PriorityNormal, models.PriorityUrgent}[g.weighted(55, 45)]}})
		}
	}
}

// signed: a delivery's signed slip came back. Now and then the customer
// returns or exchanges the goods, mostly within the seven days.
func (s *demoSim) signed() {
	g, j := s.g, s.lastJob
	if j == nil {
		return
	}
	j.signed = s.cur
	if j.goods != nil {
		g.lastSigned[j.goods.id] = j
	}
	if len(g.recentSigned) < 512 {
		g.recentSigned = append(g.recentSigned, j)
	} else {
		g.recentSigned[g.r.IntN(len(g.recentSigned))] = j
	}
	if s.forced || s.recent > 0 || j.goods == nil || !g.chance(demoReturnShare) {
		return
	}
	day := models.CivilDate(s.cur).AddDate(0, 0, []int{1, 2, 3, 4, 5, 6, 7, 9, 12}[g.weighted(14, 18, 16, 13, 11, 9, 9, 6, 4)])
	at := time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, g.loc).Add(g.between(0, 10*time.Hour))
	if !at.After(g.now) {
		g.raise(demoPending{at: at, ret: &demoReturnReq{job: j}})
	}
}

// goodsRef is a copy of the ticket's goods, nil when none is on record.
func (s *demoSim) goodsRef() *demoGoods {
	if !s.hasGoods {
		return nil
	}
	gd := s.goods
	return &gd
}

// noteJob remembers recent jobs (for steered complaints) and each crew
// member's first delivery of a month (delivery records cite it).
func (g *demoTicketGen) noteJob(j *demoJob) {
	if len(g.recentJobs) < 512 {
		g.recentJobs = append(g.recentJobs, j)
	} else {
		g.recentJobs[g.r.IntN(len(g.recentJobs))] = j
	}
	if j.kind != models.KindDelivery {
		return
	}
	m := demoMonthIndex(g.first, j.done)
	for _, st := range j.staff {
		k := [2]int32{int32(st.slot), int32(m)}
		if _, ok := g.crewJob[k]; !ok {
			g.crewJob[k] = demoJobRef{j.id, j.number, j.done}
		}
	}
}

// demoJobRef names a job a record cites.
type demoJobRef struct {
	id, number string
	at         time.Time
}

func demoMonthIndex(first, at time.Time) int {
	return (at.Year()-first.Year())*12 + int(at.Month()) - int(first.Month())
}

// callDay is when the clerk gets to a call due on a civil day: during the
// day, a few a day or three late.
func (g *demoTicketGen) callDay(due time.Time) time.Time {
	d := time.Date(due.Year(), due.Month(), due.Day(), 9, 0, 0, 0, g.loc)
	if g.chance(0.12) {
		d = d.AddDate(0, 0, 1+g.r.IntN(3))
	}
	return d.Add(g.between(0, 8*time.Hour+30*time.Minute))
}

// followCall makes one follow-up call of a job, attempt by attempt, until the
// customer is reached or the next attempt would come after the clock.
func (s *demoSim) followCall(j *demoJob, jk models.FollowUpJob, sc models.ScheduledCall, first bool) {
	g, b := s.g, s.b
	created := s.cur.UTC()
	f := demoFollow{id: g.idAt(s.ms), status: models.FollowUpDue, due: sc.Due, updated: created}
	at := g.callDay(sc.Due)
	var raise *demoCallRaise
	var gr *demoGrievance
	for f.attempts < demoMaxAttempts && !at.After(g.now) {
		caller := g.who(g.counters, at)
		outcome := models.CallReached
		if f.attempts < demoMaxAttempts-1 {
			outcome = []models.CallOutcome{models.CallReached, models.CallNoAnswer, models.CallNotConvenient}[g.weighted(78, 14, 8)]
		}
		f.attempts++
		v := at.UTC()
		f.last, f.outcome, f.updated = &v, outcome, v
		data := append(s.more[:0], demoKV{"follow_up", string(sc.Offset), false}, demoKV{"outcome", string(outcome), false},
			demoKV{"attempt", strconv.Itoa(f.attempts), true})
		note := ""
		next := at
		switch outcome {
		case models.CallNoAnswer:
			f.status, f.callback = models.FollowUpDue, nil
			f.due = models.CivilDate(at).AddDate(0, 0, 1)
			data = append(data, demoKV{"next", models.FormatDate(f.due), false})
			next = time.Date(f.due.Year(), f.due.Month(), f.due.Day(), 9, 0, 0, 0, g.loc).Add(g.between(0, 8*time.Hour+30*time.Minute))
		case models.CallNotConvenient:
			cb := g.callback(at)
			cbu := cb.UTC()
			f.status, f.callback = models.FollowUpCallback, &cbu
			data = append(data, demoKV{"callback", cb.Format("2006-01-02 15:04"), false})
			next = cb.Add(g.between(0, 20*time.Minute))
		default:
			f.status, f.callback, f.doneBy, f.done = models.FollowUpDone, nil, caller.name, &v
			gr = s.answers(&f, j, first)
			note = f.comments
			data = append(data, demoKV{"satisfaction", strconv.Itoa(f.sat), true})
			if n := s.callConduct(&f, j, sc.Offset, at, caller); n > 0 {
				data = append(data, demoKV{"conduct_records", strconv.Itoa(n), true})
			}
		}
		evAt := at
		if f.records > 0 {
			evAt = at.Add(time.Duration(f.records) * time.Microsecond) // after the records' notes, as RecordCall writes them
		}
		if gr != nil {
			raise = &demoCallRaise{id: g.idAt(s.ms), ticket: j.id, actor: caller.name, note: note, at: evAt,
				data: append([]demoKV(nil), data...)}
			break
		}
		g.callEvent(b, s.ms, j.id, evAt, caller.name, note, data)
		if outcome == models.CallReached {
			break
		}
		at = next
	}
	row := f.row(j, jk, sc.Offset, created, g)
	if raise != nil {
		// The complaint takes its number when the generator gets to it.
		cid := g.idAt(raise.at)
		row[demoFollowUpComplaint] = cid
		raise.row = row
		g.raise(demoPending{at: raise.at, complaint: &demoComplaintReq{id: cid, job: j, grievance: gr, text: f.complaint,
			source: models.SourcePhone, priority: models.PriorityUrgent, call: raise, offset: sc.Offset,
			actor: g.who(g.counters, raise.at)}})
		return
	}
	slot := demoArgFollowUpsOther
	switch {
	case f.attempts == 0:
		slot = demoArgFollowUpsOpen
	case f.plain():
		slot = demoArgFollowUps
	}
	b.args[slot] = append(b.args[slot], row...)
	g.nFollowUps++
}

// callEvent writes a call's timeline note; those without a note go
// where the constant columns are literals.
func (g *demoTicketGen) callEvent(b *demoRows, ms time.Time, ticket string, at time.Time, actor, note string, data []demoKV) {
	slot := demoArgEvents
	if note == "" {
		slot = demoArgNotes
	}
	b.args[slot] = append(b.args[slot], g.idAt(ms), ticket, demoTS(at), actor, string(models.ActNote), "", "", note, demoJSON(data))
	g.nEvents++
}

// callback is when a customer who could not talk asks to be called: in a
// few hours or days, at a round time in the day.
func (g *demoTicketGen) callback(at time.Time) time.Time {
	cb := at.Add(g.between(2*time.Hour, 3*24*time.Hour))
	d := time.Date(cb.Year(), cb.Month(), cb.Day(), 0, 0, 0, 0, g.loc)
	mins := cb.Hour()*60 + cb.Minute()
	if mins < 9*60 || mins > 20*60 {
		if mins > 20*60 {
			d = d.AddDate(0, 0, 1)
		}
		mins = 9*60 + 30*g.r.IntN(20)
	}
	return d.Add(time.Duration(mins/10*10) * time.Minute)
}

// demoFollow is one follow-up call as it stands.
type demoFollow struct {
	id                     string
	status                 models.FollowUpStatus
	due                    time.Time
	attempts               int
	last, callback, done   *time.Time
	updated                time.Time
	outcome                models.CallOutcome
	sat                    int
	ans                    [3]models.Answer
	notes                  [3]string
	uniform, language, tip bool
	comments, doneBy       string
	complaint              string // what the customer complained about
	records                int    // conduct records the call made
}

// plain: reached at the first attempt, every answer fine, nothing noted.
func (f *demoFollow) plain() bool {
	return f.status == models.FollowUpDone && f.attempts == 1 && f.ans == [3]models.Answer{models.AnswerOK, models.AnswerOK, models.AnswerOK} &&
		f.notes == [3]string{} && !f.uniform && !f.language && !f.tip && f.comments == ""
}

func (f *demoFollow) row(j *demoJob, jk models.FollowUpJob, off models.Offset, created time.Time, g *demoTicketGen) []any {
	return []any{f.id, demoTS(created), demoTS(f.updated), nil, j.id, g.custs[j.cust].id, string(jk), string(off), demoTS(f.due),
		string(f.status), int64(f.attempts), demoTime(f.last), demoTime(f.callback), string(f.outcome), int64(f.sat),
		string(f.ans[0]), f.notes[0], string(f.ans[1]), f.notes[1], string(f.ans[2]), f.notes[2],
		f.uniform, f.language, f.tip, f.comments, nil, f.doneBy, demoTime(f.done), int64(1 + f.attempts)}
}

// answers fills a call that reached the customer: the satisfaction, the
// three questions (the delivery and the crew are asked about on the first
// call), the conduct the customer saw, comments, and now and then a
// complaint (returned).
func (s *demoSim) answers(f *demoFollow, j *demoJob, first bool) *demoGrievance {
	g := s.g
	f.sat = []int{5, 4, 3, 2, 1}[g.weighted(640, 270, 60, 22, 8)]
	low := f.sat <= 2
	prob := func(good, mid, bad float64) bool {
		switch {
		case f.sat >= 4:
			return g.chance(good)
		case f.sat == 3:
			return g.chance(mid)
		}
		return g.chance(bad)
	}
	f.ans = [3]models.Answer{models.AnswerOK, models.AnswerOK, models.AnswerOK}
	delivery := j.kind == models.KindDelivery
	if prob(0.01, 0.3, 0.6) {
		f.ans[0], f.notes[0] = models.AnswerProblem, g.pick(demoProductNotes[delivery])
	}
	if first && prob(0.005, 0.2, 0.45) {
		f.ans[1], f.notes[1] = models.AnswerProblem, g.pick(demoVisitNotes[delivery])
	}
	if first && len(j.staff) > 0 && prob(0.005, 0.2, 0.45) {
		f.ans[2], f.notes[2] = models.AnswerProblem, g.pick(demoCrewNotes)
	}
	if low && f.ans == [3]models.Answer{models.AnswerOK, models.AnswerOK, models.AnswerOK} {
		f.ans[0], f.notes[0] = models.AnswerProblem, g.pick(demoProductNotes[delivery])
	}
	if first && len(j.staff) > 0 {
		f.uniform, f.language, f.tip = g.chance(0.003), g.chance(0.002), g.chance(0.008)
	}
	switch {
	case f.sat == 5 && g.chance(0.12):
		f.comments = g.pick(demoPraise[delivery])
	case !low && f.ans != [3]models.Answer{models.AnswerOK, models.AnswerOK, models.AnswerOK} && g.chance(0.3):
		f.comments = "已记录客户意见，转相关部门跟进"
	}
	if !low || !g.chance(0.2) {
		return nil
	}
	area := "product"
	switch {
	case f.ans[2] == models.AnswerProblem:
		area = "crew"
	case f.ans[1] == models.AnswerProblem:
		area = "visit"
	}
	gr := g.grievance(j, area)
	f.complaint = gr.text
	return gr
}

// callConduct records the conduct the customer saw for each member of the
// crew (or the technician), as callConduct does; it returns how many.
func (s *demoSim) callConduct(f *demoFollow, j *demoJob, off models.Offset, at time.Time, caller *demoStaffer) int {
	g := s.g
	codes := models.CallInput{UniformBreach: f.uniform, LanguageBreach: f.language, TipRefused: f.tip}.Observations()
	if len(j.staff) == 0 || g.noConduct {
		f.uniform, f.language, f.tip = false, false, false
		return 0
	}
	id := j.id
	for _, code := range codes {
		rule := g.conductRules[code]
		if rule == nil {
			continue
		}
		for _, st := range j.staff {
			g.record(s.b, s.ms, at.Add(time.Duration(f.records)*time.Microsecond), models.CivilDate(at), st, rule, rule.Amount,
				models.RecFollowUp, &id, "回访 "+string(off)+" · "+j.number, caller.name, nil)
			f.records++
		}
	}
	return f.records
}

// Penalty and reward records.

// demoRecord is what a month close sums of a record.
type demoRecord struct {
	id        string
	staff     *demoStaffer
	month     string
	amount    models.Money
	probation bool
	dismissal bool
	rule      *models.ConductRule
	created   time.Time
}

// record writes one penalty, reward or dismissal record as addRecordTx
// does (with its note on the ticket it cites, at the same moment), and
// remembers it for the month close. unit is the amount per time (a case
// amount, or a correction's signed amount when adjusts is set).
func (g *demoTicketGen) record(b *demoRows, ms, at, date time.Time, st *demoStaffer, rule *models.ConductRule, unit models.Money,
	source models.RecordSource, ticket *string, note, by string, adjusts *string) *demoRecord {
	amount := unit
	if adjusts == nil && rule.Kind == models.ConductPenalty {
		amount = -amount
	}
	probation, dismissal := rule.Probation, rule.Kind == models.ConductDismissal
	if dismissal && adjusts == nil {
		unit, amount = 0, 0
	}
	if adjusts != nil {
		probation, dismissal = false, false
	}
	name := firstNonEmpty(rule.Name, rule.NameKey)
	r := &demoRecord{id: g.idAt(ms), staff: st, month: models.MonthOf(date), amount: amount, probation: probation,
		dismissal: dismissal, rule: rule, created: at}
	ruleID := rule.ID
	b.args[demoArgConduct] = append(b.args[demoArgConduct], r.id, demoTS(at), demoTS(at), nil, st.id, r.month, demoTS(date),
		ruleID, name, string(rule.Kind), int64(1), int64(unit), int64(amount), probation, dismissal, string(source),
		demoStr(ticket), note, by, demoStr(adjusts))
	if ticket != nil {
		b.args[demoArgEvents] = append(b.args[demoArgEvents], g.idAt(ms), *ticket, demoTS(at), by, string(models.ActNote), "", "", note,
			demoJSON(append(g.recKV[:0], demoKV{"conduct", name, false}, demoKV{"amount", amount.Yuan(), false}, demoKV{"staff_id", st.id, false})))
		g.nEvents++
	}
	g.records = append(g.records, r)
	g.nRecords++
	return r
}

// conduct writes the records of spot checks, morning meetings and
// delivery records (a few per person and month), a dismissal, now and
// then a correction of an approved month, and the month closes.
func (g *demoTicketGen) conduct(b *demoRows) {
	if len(g.conductRules) == 0 || len(g.staff) == 0 || g.noConduct {
		return
	}
	today := models.CivilDate(g.now)
	firstMonth := time.Date(g.first.Year(), g.first.Month(), 1, 0, 0, 0, 0, g.loc)
	months := demoMonthIndex(firstMonth, g.now) + 1
	by := func(st *demoStaffer) *demoStaffer {
		if st == g.bm {
			return g.gm
		}
		return g.bm
	}
	// One who left was dismissed (a gift accepted, confirmed by the customer).
	for _, st := range g.techs {
		if !st.to.IsZero() && st.to.Before(g.now) {
			if rule := g.conductRules["money_gifts"]; rule != nil {
				day := models.CivilDate(st.to)
				at := time.Date(day.Year(), day.Month(), day.Day(), 10, 0, 0, 0, g.loc)
				g.record(b, at, at, day, st, rule, 0, models.RecComplaint, nil, "经核实收受客户红包，按制度予以开除", by(st).name, nil)
			}
			break
		}
	}
	for m := range months {
		start := firstMonth.AddDate(0, m, 0)
		end := start.AddDate(0, 1, 0)
		for _, st := range g.staff {
			from, to := st.from, st.to
			if to.IsZero() || to.After(g.now) {
				to = g.now
			}
			if !from.Before(end) || !to.After(start) {
				continue
			}
			w := []int{15, 30, 28, 17, 10}
			field := st.isField()
			if !field {
				w = []int{45, 35, 15, 5}
			}
			for range g.weighted(w...) {
				lo, hi := from, to
				if lo.Before(start) {
					lo = start
				}
				if hi.After(end) {
					hi = end
				}
				day := models.CivilDate(lo.Add(g.between(0, hi.Sub(lo))).In(g.loc))
				if day.After(today) {
					continue
				}
				g.periodic(b, st, day, m, field, by(st))
			}
		}
	}
	g.adjustments(b, firstMonth, months)
	g.months(b, firstMonth, months)
}

// periodic writes one record of a spot check, a morning meeting or a
// delivery record on a day.
func (g *demoTicketGen) periodic(b *demoRows, st *demoStaffer, day time.Time, m int, field bool, by *demoStaffer) {
	source := []models.RecordSource{models.RecSpotCheck, models.RecMeeting, models.RecDelivery}[g.weighted(45, 35, 20)]
	if !field && source == models.RecDelivery {
		source = models.RecSpotCheck
	}
	var code, note string
	var ticket *string
	unit := models.Money(0)
	at := time.Date(day.Year(), day.Month(), day.Day(), 17, 0, 0, 0, g.loc).Add(g.between(0, 150*time.Minute))
	switch source {
	case models.RecMeeting:
		at = time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, g.loc).Add(g.between(0, 40*time.Minute))
		code = []string{"uniform", "conduct", "gift_refused"}[g.weighted(50, 30, 20)]
	case models.RecSpotCheck:
		code = []string{"uniform", "conduct", "gift_refused"}[g.weighted(45, 30, 25)]
	default:
		code = []string{"gift_refused", "conduct", "damage", "installation"}[g.weighted(45, 30, 15, 10)]
		if ref, ok := g.crewJob[[2]int32{int32(st.slot), int32(m)}]; ok && ref.at.Before(at) && models.CivilDate(ref.at.In(g.loc)).Equal(day) {
			id := ref.id
			ticket = &id
			note = ref.number
		}
	}
	rule := g.conductRules[code]
	if rule == nil {
		return
	}
	unit = rule.Amount
	if rule.PerCase {
		unit = models.Money(100+50*g.r.IntN(7)) * 100
	}
	note = firstNonEmpty(g.pick(demoRecordNotes[code]), note)
	if ticket != nil {
		note += " · " + derefStr(g.numbers(ticket))
	}
	g.record(b, at, at, day, st, rule, unit, source, ticket, note, by.name, nil)
}

// numbers is the number of a job a record cites.
func (g *demoTicketGen) numbers(ticket *string) *string {
	for _, ref := range g.crewJob {
		if ref.id == *ticket {
			n := ref.number
			return &n
		}
	}
	return nil
}

// adjustments corrects a fine of an approved month now and then: the
// money goes back in a later month, pointing to the original record.
func (g *demoTicketGen) adjustments(b *demoRows, firstMonth time.Time, months int) {
	var fines []*demoRecord
	for _, r := range g.records {
		if r.amount < 0 && !r.probation {
			fines = append(fines, r)
		}
	}
	if len(fines) == 0 {
		return
	}
	sort.SliceStable(fines, func(i, j int) bool { return fines[i].created.Before(fines[j].created) })
	for k := 0; k < months/18; k++ {
		orig := fines[g.r.IntN(len(fines))]
		start, _ := time.ParseInLocation("2006-01", orig.month, g.loc)
		day := start.AddDate(0, 1, 12+g.r.IntN(15))
		at := time.Date(day.Year(), day.Month(), day.Day(), 15, 0, 0, 0, g.loc).Add(g.between(0, 3*time.Hour))
		if at.After(g.now) {
			continue
		}
		id := orig.id
		g.record(b, at, at, models.CivilDate(at), orig.staff, orig.rule, -orig.amount, models.RecSpotCheck, nil,
			"更正：经核实该笔罚款有误，予以退回", g.bm.name, &id)
	}
}

// months writes the month closes: compiled by the business manager in the
// first days of the next month (a few sent back once and compiled again),
// approved by the general manager, executed by finance on pay day; each
// step only once its time has passed.
func (g *demoTicketGen) months(b *demoRows, firstMonth time.Time, months int) {
	byMonth := map[string][]models.ConductRecord{}
	for _, r := range g.records {
		byMonth[r.month] = append(byMonth[r.month], models.ConductRecord{StaffID: r.staff.id, Amount: r.amount, Probation: r.probation, Dismissal: r.dismissal})
	}
	for m := range months {
		start := firstMonth.AddDate(0, m, 0)
		next := start.AddDate(0, 1, 0)
		month := models.MonthOf(start)
		at := func(d time.Time, days int) time.Time {
			return time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, g.loc).AddDate(0, 0, days).Add(g.between(0, 6*time.Hour))
		}
		compiled := at(next, g.r.IntN(3))
		var returned time.Time
		if g.chance(0.06) {
			returned = compiled.Add(g.between(3*time.Hour, 30*time.Hour))
			compiled = returned.Add(g.between(2*time.Hour, 20*time.Hour))
		}
		approved := compiled.Add(g.between(4*time.Hour, 3*24*time.Hour))
		executed := at(next, 9+g.r.IntN(3))
		if !executed.After(approved) {
			executed = approved.Add(g.between(2*time.Hour, 2*24*time.Hour))
		}
		if compiled.After(g.now) || !returned.IsZero() && returned.After(g.now) {
			continue
		}
		lines := models.Summarise(byMonth[month], g.names)
		sort.SliceStable(lines, func(i, j int) bool { return lines[i].Name < lines[j].Name })
		summary, _ := json.Marshal(lines)
		status, steps, last := models.MonthCompiled, 1, compiled
		var appBy, exBy string
		var appAt, exAt any
		if !approved.After(g.now) {
			status, steps, last, appBy, appAt = models.MonthApproved, 2, approved, g.gm.name, demoTS(approved)
			if !executed.After(g.now) {
				status, steps, last, exBy, exAt = models.MonthExecuted, 3, executed, g.fin.name, demoTS(executed)
			}
		}
		var retBy string
		var retAt any
		if !returned.IsZero() {
			steps += 2
			retBy, retAt = g.gm.name, demoTS(returned)
		}
		b.args[demoArgMonths] = append(b.args[demoArgMonths], month, string(status), g.bm.name, demoTS(compiled), appBy, appAt,
			"", retBy, retAt, exBy, exAt, string(summary), demoTS(last), int64(steps))
		g.nMonths++
	}
}

var (
	demoProductNotes = map[bool][]string{
		true:  {"抽屉推拉有点卡", "沙发坐垫有点塌", "柜门关不太严", "冰箱运行声音偏大", "床头有轻微异响", "空调制冷效果一般"},
		false: {"修好后偶尔还有异响", "用了几天又有点小毛病", "效果比之前好，但还不太稳定", "遥控有时不灵"},
	}
	demoVisitNotes = map[bool][]string{
		true:  {"送货比约定时间晚了一个多小时", "送货前没有提前打电话", "改了两次送货时间"},
		false: {"师傅上门比约定时间晚", "上门前没有提前打电话", "等了两天才安排上门"},
	}
	demoCrewNotes = []string{"师傅没穿工服", "安装后包装垃圾没带走", "师傅说话不太客气", "师傅没穿鞋套"}
	demoPraise    = map[bool][]string{
		true:  {"师傅很专业，安装很仔细", "送货很准时，服务很好", "师傅很有礼貌，还帮忙把旧家具搬下楼", "安装又快又好，谢谢"},
		false: {"维修很及时，师傅很专业", "师傅讲解得很清楚", "服务很好，谢谢", "修好了，用着很正常"},
	}
	demoRecordNotes = map[string][]string{
		"uniform":      {"早会检查未穿工服", "抽查时工服不整洁", "未佩戴工牌"},
		"conduct":      {"与客户沟通用语不规范", "上门未按规范自我介绍", "在客户家中接打私人电话"},
		"gift_refused": {"婉拒客户红包，客户来电表扬", "谢绝客户递烟，客户确认", "婉拒客户赠送的礼品"},
		"damage":       {"搬运时磕坏客户家门框，照价赔偿", "安装时划伤客户地板，照价赔偿"},
		"installation": {"安装质量问题返工，留职查看", "柜门安装不平整，客户投诉返工"},
	}
)
