package app

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"aftercare/models"
)

// Complaints and returns in the ticket demo (demo_aftersales.go says
// where they come from). Each is walked through models.CheckStep and
// ApplyStep like any ticket, with what the app writes besides the step
// (complaintStep, returnStep): the manager it was reported to, the penalty
// records of the staff found responsible, the verdict of the return
// rules, the refund, the exchange's delivery.

// demoComplaintReq is a complaint to raise.
type demoComplaintReq struct {
	id        string   // made in advance: a call's follow-up row names it
	job       *demoJob // the job complained about; nil for none
	grievance *demoGrievance
	text      string
	source    models.Source
	priority  models.Priority
	actor     *demoStaffer   // who records it
	call      *demoCallRaise // raised on a follow-up call
	offset    models.Offset  // of that call
}

// demoGrievance is what a customer complains about and how it ends: who
// is found responsible, the finding, the proposal, and the penalty rule
// for the staff found responsible ("" none).
type demoGrievance struct {
	area     string            // product, visit or crew: what the call's answers were about
	job      models.TicketKind // "" any job
	text     string
	resp     models.Responsible
	finding  string
	proposal string
	penalty  string
}

// grievance picks a complaint that fits the job and the area (any area
// for ""); complaints about staff need a crew or a technician.
func (g *demoTicketGen) grievance(j *demoJob, area string) *demoGrievance {
	var c [32]*demoGrievance
	n := 0
	for i := range demoGrievances {
		gr := &demoGrievances[i]
		if area != "" && gr.area != area || j != nil && gr.job != "" && gr.job != j.kind ||
			gr.resp == models.RespStaff && (j == nil || len(j.staff) == 0) || n == len(c) {
			continue
		}
		c[n] = gr
		n++
	}
	if n == 0 {
		return &demoGrievances[len(demoGrievances)-1]
	}
	return c[g.r.IntN(n)]
}

// complaintTicket makes a complaint reported at rep, as CreateTicket does
// (or callComplaint, for one raised on a follow-up call), walks it and
// adds its rows; steer takes it to a given state instead.
func (g *demoTicketGen) complaintTicket(b *demoRows, rep time.Time, req *demoComplaintReq, steer *demoPair) error {
	s := g.reset(b, rep, steer != nil)
	t := &s.t
	j := req.job
	t.ID = req.id
	t.Number = g.number(models.KindComplaint, rep)
	t.Kind, t.Mode, t.Status, t.Priority, t.Source = models.KindComplaint, models.ModeComplaint, models.StatusNew, req.priority, req.source
	v := rep.UTC()
	t.ReportedAt, t.StatusSince, t.CreatedAt, t.UpdatedAt, t.Version = v, v, v, v, 1
	t.Symptom = req.text
	actor := req.actor
	if actor == nil {
		actor = g.who(g.counters, rep)
	}
	data := s.kv()
	s.aboutJob = j
	if j != nil {
		s.cust = j.cust
		t.CustomerID = g.custs[j.cust].id
		linked := j.id
		t.LinkedTicketID = &linked
		if j.goods != nil {
			id := j.goods.id
			t.PurchaseID = &id
		}
	} else {
		s.cust = g.customerAt(rep)
		t.CustomerID = g.custs[s.cust].id
	}
	if req.call != nil { // as callComplaint copies the job
		t.Address, t.Product = j.address, j.product
		first, last := v, v
		t.FirstContactAt, t.LastContactAt = &first, &last
		data = append(data, demoKV{"mode", string(t.Mode), false}, demoKV{"source", string(t.Source), false},
			demoKV{"linked", j.number, false}, demoKV{"follow_up", string(req.offset), false})
	} else { // at the counter: the purchase's warranty and product, the main address
		t.Address = g.custs[s.cust].address
		if j != nil {
			t.Product = j.product
			if j.goods != nil {
				t.Product = j.goods.product
				t.WarrantyCovered = models.WarrantyOn(j.goods.date, j.goods.months, rep).Covered()
			}
		}
		data = append(data, demoKV{"mode", string(t.Mode), false}, demoKV{"source", string(t.Source), false},
			demoKV{"priority", string(t.Priority), false})
		if j != nil {
			data = append(data, demoKV{"about", j.number, false})
		}
	}
	s.event(rep, actor, models.ActCreate, "", t.Status, t.Symptom, data)
	g.nComplaints++
	if c := req.call; c != nil {
		b.args[demoArgFollowUpsOther] = append(b.args[demoArgFollowUpsOther], c.row...)
		b.args[demoArgEvents] = append(b.args[demoArgEvents], c.event(t.Number)...)
		g.nFollowUps++
		g.nEvents++
	}
	gr := req.grievance
	var err error
	if steer != nil {
		for _, act := range g.paths[*steer] {
			if err = s.doComplaint(act, gr); err != nil {
				break
			}
		}
	} else {
		err = s.complaintWalk(gr)
	}
	if err != nil {
		return err
	}
	s.finish()
	return nil
}

// steeredComplaint makes a complaint about a recent job (if there is one)
// that reaches the pair p.
func (g *demoTicketGen) steeredComplaint(b *demoRows, rep time.Time, p *demoPair) error {
	var j *demoJob
	for range 8 {
		if len(g.recentJobs) == 0 {
			break
		}
		c := g.recentJobs[g.r.IntN(len(g.recentJobs))]
		if c.done.Before(rep.Add(-time.Hour)) {
			j = c
			break
		}
	}
	gr := g.grievance(j, "")
	return g.complaintTicket(b, rep, &demoComplaintReq{id: g.idAt(rep), job: j, grievance: gr, text: gr.text,
		source: models.SourcePhone, priority: models.PriorityUrgent}, p)
}

// complaintWalk: recorded and reported to a manager within the hour, the
// customer called (not always reached at once: then 48 hours), the
// responsibility, the proposal, a follow-up call or two, the acceptance.
// A few are withdrawn.
func (s *demoSim) complaintWalk(gr *demoGrievance) error {
	g := s.g
	acts := []models.Action{models.ActAcceptComplaint, models.ActResponsibility, models.ActPropose}
	switch {
	case g.chance(0.02):
		acts = []models.Action{models.ActCancel}
	case g.chance(0.03):
		acts = []models.Action{models.ActAcceptComplaint, models.ActCancel}
	}
	for i, act := range acts {
		if err := s.doComplaint(act, gr); err != nil {
			return err
		}
		if i == 0 && act == models.ActAcceptComplaint && !s.done {
			// The customer is called to hear their side.
			if g.chance(0.2) && s.after(g.between(10*time.Minute, 3*time.Hour)) {
				s.contact(g.who(g.counters, s.cur), models.ContactNoAnswer, "")
			}
			if !s.done && s.after(g.between(10*time.Minute, 5*time.Hour)) {
				s.contact(g.who(g.counters, s.cur), models.ContactReached, "已联系客户了解详细情况")
			}
		}
	}
	if s.t.Status != models.StatusProposed {
		return nil
	}
	for range g.weighted(45, 40, 15) {
		if err := s.doComplaint(models.ActFollowUp, gr); err != nil {
			return err
		}
	}
	return s.doComplaint(models.ActClose, gr)
}

// doComplaint carries out one step of a complaint, with what
// complaintStep writes for it.
func (s *demoSim) doComplaint(act models.Action, gr *demoGrievance) error {
	g, t := s.g, &s.t
	return s.take(act, func(st *demoStory) error {
		switch act {
		case models.ActAcceptComplaint:
			st.actor = g.who(g.counters, s.cur)
			st.d = g.between(3*time.Minute, 45*time.Minute)
			if !s.forced && g.chance(0.06) {
				st.d = g.between(65*time.Minute, 4*time.Hour)
			}
		case models.ActResponsibility:
			st.actor = g.bm
			st.d = g.between(2*time.Hour, 20*time.Hour)
			if !s.forced && g.chance(0.05) {
				st.d = g.between(25*time.Hour, 40*time.Hour)
			}
		case models.ActPropose:
			st.actor = g.bm
			st.d = g.between(time.Hour, 24*time.Hour)
			st.in.Note = gr.proposal
		case models.ActFollowUp:
			st.actor = g.who(g.counters, s.cur)
			st.d = g.between(2*24*time.Hour, 4*24*time.Hour)
			st.in.Note = g.pick(demoComplaintFollowUps)
		case models.ActClose:
			st.actor = g.who(g.counters, s.cur)
			st.d = g.between(24*time.Hour, 4*24*time.Hour)
			st.in.Note = g.pick(demoComplaintAcceptances)
		case models.ActCancel:
			st.actor = g.who(g.counters, s.cur)
			st.d = g.between(30*time.Minute, 24*time.Hour)
			st.in.Reason = g.pick(demoComplaintWithdrawals)
		default:
			return fmt.Errorf("demo tickets: no complaint story for %s", act)
		}
		return nil
	}, func(st *demoStory) (bool, error) {
		in, more := &st.in, s.more[:0]
		switch act {
		case models.ActAcceptComplaint:
			m := g.bm
			if g.chance(0.25) {
				m = g.gm
			}
			in.ReportedToID = m.id
			t.ReportedTo = m.name
			more = append(more, demoKV{"reported_to", m.name, false})
			if lim := models.ComplaintLimits(t)[0]; s.cur.After(lim.Due) {
				more = append(more, demoKV{"late", "true", true})
			}
		case models.ActResponsibility:
			more = s.responsibility(in, st.actor, gr, more)
		case models.ActClose:
			more = append(more, demoKV{"accepted", "true", true})
		}
		s.extra = more
		return false, nil
	})
}

// responsibility fills the responsibility step: who is responsible (the
// job's crew or technician when staff are), the finding, and the penalty
// records of the staff, as complaintStep writes them.
func (s *demoSim) responsibility(in *models.StepInput, actor *demoStaffer, gr *demoGrievance, more []demoKV) []demoKV {
	g, t := s.g, &s.t
	resp := gr.resp
	var staff []*demoStaffer
	if j := s.aboutJob; resp == models.RespStaff && j != nil {
		staff = j.staff
	}
	if resp == models.RespStaff && len(staff) == 0 {
		resp = models.RespShop
	}
	in.Liability, in.Note = models.Liability(resp), gr.finding
	more = append(more, demoKV{"responsible", string(resp), false})
	if resp != models.RespStaff {
		return more
	}
	names := make([]string, len(staff))
	for i, st := range staff {
		in.Crew = append(in.Crew, st.id)
		names[i] = st.name
	}
	more = append(more, demoKV{"staff", strings.Join(names, ", "), false})
	rule := g.conductRules[gr.penalty]
	if rule == nil || g.noConduct || !g.chance(0.7) {
		return more
	}
	unit := rule.Amount
	if rule.PerCase {
		unit = models.Money(200+100*g.r.IntN(4)) * 100
	}
	id := t.ID
	for i, st := range staff {
		g.record(s.b, s.ms, s.cur.Add(time.Duration(i)*time.Microsecond), models.CivilDate(s.cur), st, rule, unit,
			models.RecComplaint, &id, firstNonEmpty(in.Note, t.Number), actor.name, nil)
	}
	s.shift = time.Duration(len(staff)) * time.Microsecond
	return append(more, demoKV{"penalty", firstNonEmpty(rule.Name, rule.NameKey), false},
		demoKV{"penalties", strconv.Itoa(len(staff)), true})
}

// Returns and exchanges.

// demoReturnReq is a return to raise: the signed delivery it follows.
type demoReturnReq struct{ job *demoJob }

// demoExchange is a return waiting at its exchange step for the
// replacement's delivery to get its number.
type demoExchange struct {
	t          models.Ticket
	ms, last   time.Time
	cust       int32
	job        *demoJob
	date       time.Time
	half       models.HalfDay
	note       string
	id, number string       // the replacement delivery's
	actor      *demoStaffer // who booked it
}

// returnTicket makes a return or exchange reported at rep, as
// CreateTicket with prepareReturn does, and walks it; steer takes it to a
// given state instead.
func (g *demoTicketGen) returnTicket(b *demoRows, rep time.Time, req *demoReturnReq, steer *demoPair) error {
	s := g.reset(b, rep, steer != nil)
	t := &s.t
	j := req.job
	gd := j.goods
	t.ID = g.idAt(rep)
	t.Number = g.number(models.KindReturn, rep)
	t.Kind, t.Mode, t.Status, t.Priority = models.KindReturn, models.ModeReturn, models.StatusRequested, models.PriorityNormal
	t.Source = []models.Source{models.SourcePhone, models.SourceWalkIn}[g.weighted(60, 40)]
	s.cust = j.cust
	t.CustomerID, t.Address = g.custs[j.cust].id, g.custs[j.cust].address
	id := gd.id
	t.PurchaseID, t.Product = &id, gd.product
	t.WarrantyCovered = models.WarrantyOn(gd.date, gd.months, rep).Covered()
	v := rep.UTC()
	t.ReportedAt, t.StatusSince, t.CreatedAt, t.UpdatedAt, t.Version = v, v, v, v, 1
	first, last := v, v
	t.FirstContactAt, t.LastContactAt = &first, &last

	// The request, checked against the rules.
	r := models.ReturnRequest{Type: models.ReturnRefund, QualityProblem: g.chance(0.45), Today: models.CivilDate(rep),
		Complete: g.chance(0.92)}
	if g.chance(0.4) {
		r.Type = models.ReturnExchange
	}
	if r.QualityProblem {
		r.Reason = g.pick(demoQualityReasons[gd.typ != "furniture" && gd.typ != "mattress"])
	} else {
		r.Reason = g.pick(demoNoReasonReturns)
	}
	switch {
	case g.chance(0.05):
		r.Exclusions = []models.ReturnExclusion{models.ExclUsed}
	case g.chance(0.02):
		r.Exclusions = []models.ReturnExclusion{models.ExclNonReturnable}
	}
	switch g.weighted(80, 15, 5) {
	case 1:
		r.Gifts = models.GiftsReturned
	case 2:
		r.Gifts, r.GiftPrice = models.GiftsKept, models.Money(50+10*g.r.IntN(16))*100
	}
	// The seven days run from the latest signed delivery of the purchase
	// (returnFacts).
	if last := g.lastSigned[gd.id]; last != nil && last.signed.Before(rep) {
		j = last
	}
	signed := gd.date
	if !j.signed.IsZero() {
		signed = models.CivilDate(j.signed.In(g.loc))
	}
	r.SignedAt = signed
	verdict := models.CheckReturn(r)
	t.ReturnType, t.ReturnReason, t.QualityProblem, t.FreightBy = r.Type, r.Reason, r.QualityProblem, verdict.FreightBy
	t.ReturnExclusions, t.ReturnComplete, t.GiftStatus = models.JoinExclusions(r.Exclusions), r.Complete, r.Gifts
	if r.Gifts == models.GiftsKept {
		t.GiftPrice = r.GiftPrice
	}
	t.ReturnSignedOn = &signed
	t.Symptom = r.Reason
	data := append(s.kv(), demoKV{"mode", string(t.Mode), false}, demoKV{"source", string(t.Source), false},
		demoKV{"priority", string(t.Priority), false}, demoKV{"return_type", string(t.ReturnType), false},
		demoKV{"quality", strconv.FormatBool(t.QualityProblem), true}, demoKV{"freight", verdict.FreightBy, false},
		demoKV{"allowed", strconv.FormatBool(verdict.Allowed), true}, demoKV{"signed_on", models.FormatDate(signed), false})
	var refused []string
	for _, f := range verdict.Refusals() {
		refused = append(refused, f.Rule)
	}
	if len(refused) > 0 {
		data = append(data, demoKV{"refused", strings.Join(refused, ","), false})
	}
	if verdict.Deduction > 0 {
		data = append(data, demoKV{"deduction", verdict.Deduction.Yuan(), false})
	}
	s.event(rep, g.who(g.counters, rep), models.ActCreate, "", t.Status, t.Symptom, data)
	g.nReturns++
	s.aboutJob = j
	var err error
	if steer != nil {
		for _, act := range g.paths[*steer] {
			if err = s.doReturn(act, verdict.Allowed); err != nil {
				break
			}
		}
	} else {
		err = s.returnWalk(verdict.Allowed)
	}
	if err != nil {
		return err
	}
	if s.deferred {
		s.b.tickets++ // its row waits for the exchange (exchangeTicket)
		g.nTickets++
		return nil
	}
	s.finish()
	return nil
}

// steeredReturn makes a return that reaches the pair p, of a delivery
// signed in the week before (or the latest one signed; when none was
// signed yet, the slot gets an ordinary ticket).
func (g *demoTicketGen) steeredReturn(b *demoRows, rep time.Time, p *demoPair) error {
	var in, latest []*demoJob
	for _, j := range g.recentSigned {
		switch {
		case !j.signed.Before(rep.Add(-time.Hour)):
		case j.signed.After(rep.AddDate(0, 0, -models.ReturnWindowDays)):
			in = append(in, j)
		case len(latest) == 0 || j.signed.After(latest[0].signed):
			latest = []*demoJob{j}
		}
	}
	if len(in) > 0 {
		latest = in
	}
	if len(latest) == 0 {
		return g.ticket(b, rep, nil, 0)
	}
	return g.returnTicket(b, rep, &demoReturnReq{job: latest[g.r.IntN(len(latest))]}, p)
}

// returnWalk: refused requests are rejected (a few taken back as
// goodwill); the goods come back, are inspected, and the money is
// refunded or the goods exchanged; a few are withdrawn.
func (s *demoSim) returnWalk(allowed bool) error {
	g := s.g
	if g.chance(0.03) {
		return s.doReturn(models.ActCancel, allowed)
	}
	if !allowed && g.chance(0.85) {
		if err := s.doReturn(models.ActRejectReturn, allowed); err != nil {
			return err
		}
		return s.doReturn(models.ActClose, allowed)
	}
	for _, act := range []models.Action{models.ActReceiveGoods, models.ActInspect} {
		if err := s.doReturn(act, allowed); err != nil {
			return err
		}
	}
	decide := models.ActRefund
	switch {
	case !s.t.QualityProblem && g.chance(0.08):
		decide = models.ActRejectReturn // the inspection finds it used or damaged
	case s.t.ReturnType == models.ReturnExchange:
		decide = models.ActExchange
	}
	if err := s.doReturn(decide, allowed); err != nil || s.deferred {
		return err
	}
	return s.doReturn(models.ActClose, allowed)
}

// doReturn carries out one step of a return, with what returnStep writes.
func (s *demoSim) doReturn(act models.Action, allowed bool) error {
	g, t := s.g, &s.t
	return s.take(act, func(st *demoStory) error {
		in := &st.in
		st.actor = g.who(g.counters, s.cur)
		switch act {
		case models.ActReceiveGoods:
			st.d = g.between(4*time.Hour, 6*24*time.Hour)
			in.Note = g.pick(demoGoodsBackNotes)
			if !allowed {
				in.Reason = g.pick(demoGoodwillReasons)
			}
		case models.ActInspect:
			st.actor = g.tech(s.cur, "")
			st.d = g.between(2*time.Hour, 60*time.Hour)
			in.Note = "商品完好，配件包装齐全，可以办理"
			if t.QualityProblem {
				in.Note = "检测确认质量问题属实，同意办理"
			}
		case models.ActRefund:
			st.actor = g.fin
			st.d = g.between(time.Hour, 20*time.Hour)
		case models.ActExchange:
			st.d = g.between(30*time.Minute, 8*time.Hour)
			in.Note = "换同款新品，已与客户约好送货时间"
		case models.ActRejectReturn:
			st.actor = g.bm
			st.d = g.between(time.Hour, 20*time.Hour)
			in.Reason = demoRejectReason(t, g.loc)
			if t.Status == models.StatusInspected {
				in.Reason = "检测发现商品有使用痕迹，不符合无理由退货条件，已与客户沟通"
			}
		case models.ActClose:
			st.d = g.between(4*time.Hour, 3*24*time.Hour)
			if g.chance(0.3) {
				in.Note = g.pick(demoReturnCloseNotes)
			}
		case models.ActCancel:
			st.d = g.between(time.Hour, 3*24*time.Hour)
			in.Reason = g.pick(demoReturnWithdrawals)
		default:
			return fmt.Errorf("demo tickets: no return story for %s", act)
		}
		return nil
	}, func(st *demoStory) (bool, error) {
		in, more := &st.in, s.more[:0]
		switch act {
		case models.ActReceiveGoods:
			if !allowed {
				more = append(more, demoKV{"goodwill", "true", true})
			}
		case models.ActRefund:
			lo, hi := demoPrice(s.goodsType())
			price := models.Money(lo+10*g.r.IntN((hi-lo)/10+1)) * 100
			deduction := models.CheckReturn(models.ReturnRequestOf(t, g.loc)).Deduction
			in.Cost = price - deduction
			in.RefundMethod = models.AllPaymentMethods[g.weighted(25, 40, 20, 15)]
			more = append(more, demoKV{"amount", in.Cost.Yuan(), false}, demoKV{"method", string(in.RefundMethod), false})
			if deduction > 0 {
				more = append(more, demoKV{"deduction", deduction.Yuan(), false})
			}
		case models.ActExchange:
			// The replacement's delivery is booked in this step: it takes
			// the next ticket slot, and the step waits for its number.
			day := models.CivilDate(s.cur).AddDate(0, 0, 1+g.r.IntN(4))
			half := models.AM
			if g.chance(0.5) {
				half = models.PM
			}
			s.deferred = true
			g.raise(demoPending{at: s.cur, exchange: &demoExchange{t: *t, ms: s.ms, last: s.last, cust: s.cust, job: s.aboutJob,
				date: day, half: half, note: in.Note}})
			return true, nil
		}
		s.extra = more
		return false, nil
	})
}

// goodsType is the product type of what the return is about.
func (s *demoSim) goodsType() string {
	if j := s.aboutJob; j != nil && j.goods != nil {
		return j.goods.typ
	}
	return ""
}

// resume takes up a return that waited for its exchange.
func (g *demoTicketGen) resume(b *demoRows, ex *demoExchange) *demoSim {
	s := g.reset(b, ex.ms, false)
	s.t, s.last, s.cust, s.aboutJob = ex.t, ex.last, ex.cust, ex.job
	s.cur = ex.last
	return s
}

// exchangeTicket makes the replacement's delivery of an exchange at its
// moment, after the return's exchange step (which names it) and the
// return's close.
func (g *demoTicketGen) exchangeTicket(b *demoRows, at time.Time, ex *demoExchange) error {
	ex.id, ex.number = g.idAt(at), g.number(models.KindDelivery, at)
	ex.actor = g.who(g.counters, at)
	s := g.resume(b, ex)
	s.cur = at
	in := models.StepInput{Action: models.ActExchange, Date: ex.date, Half: ex.half, Note: ex.note}
	s.extra = append(s.more[:0], demoKV{"delivery", ex.number, false}, demoKV{"date", models.FormatDate(ex.date), false},
		demoKV{"half", string(ex.half), false})
	if err := s.step(in, ex.actor); err != nil {
		return err
	}
	if err := s.doReturn(models.ActClose, true); err != nil {
		return err
	}
	s.finishRow()
	return g.deliveryTicket(b, at, nil, 0, ex)
}

// demoRejectReason is what the shop tells the customer when the rules
// refuse a return.
func demoRejectReason(t *models.Ticket, loc *time.Location) string {
	for _, f := range models.CheckReturn(models.ReturnRequestOf(t, loc)).Refusals() {
		switch f.Rule {
		case "window", "signed_unknown":
			return "已超过7天无理由退换期限，已向客户解释"
		case string(models.ExclUsed):
			return "商品已使用，不符合无理由退换条件"
		case string(models.ExclNonReturnable):
			return "特价商品，购买时已注明不退不换"
		case "incomplete":
			return "原包装和配件不全，不符合无理由退货条件"
		}
	}
	return "不符合退换货条件，已向客户解释"
}

// demoPrice is the price range, in yuan, of goods of a product type.
func demoPrice(typ string) (lo, hi int) {
	switch typ {
	case "furniture":
		return 1500, 9000
	case "mattress":
		return 1500, 6000
	case "air_conditioner":
		return 2500, 6000
	case "large_appliance":
		return 2000, 8000
	case "water_heater":
		return 1200, 4000
	case "kitchen_appliance":
		return 1500, 5000
	}
	return 300, 1500
}

// demoGrievances: the last one fits any job.
var demoGrievances = []demoGrievance{
	{"crew", "", "师傅上门态度不好，说话很冲", models.RespStaff, "经核实，师傅与客户沟通时语气生硬，属服务态度问题", "当面向客户道歉，对责任人进行教育并按制度处罚", "conduct"},
	{"crew", "", "师傅上门没穿鞋套，把地板踩脏了", models.RespStaff, "经核实，师傅未按规范穿戴鞋套", "安排人员上门清洁并向客户道歉", "uniform"},
	{"crew", models.KindDelivery, "安装时把墙面刮花了，要求赔偿", models.RespStaff, "经核实，安装时搬运不当刮伤墙面", "由责任人照价赔偿墙面修补费用", "damage"},
	{"crew", models.KindDelivery, "柜门装歪了，关不严", models.RespStaff, "经核实，安装时未调平，属安装质量问题", "安排师傅免费上门返工，责任人按制度处罚", "installation"},
	{"crew", models.KindRepair, "维修完没收拾现场就走了", models.RespStaff, "经核实，师傅维修后未清理现场", "向客户道歉，对责任人进行教育", ""},
	{"visit", models.KindDelivery, "送货时间改了好几次，耽误上班", models.RespShop, "经核实，因排单冲突多次改约", "向客户道歉，赠送免费保养一次，调整排单规则", ""},
	{"visit", "", "约好的时间没人来，也没人通知", models.RespShop, "经核实，调度未及时通知客户改期", "向客户道歉，优先安排上门", ""},
	{"visit", models.KindRepair, "打了好几次电话都没人告诉维修进度", models.RespShop, "经核实，配件到货后未及时联系客户", "专人跟进，每两天向客户通报进度", ""},
	{"visit", models.KindDelivery, "送来的货外包装破损，柜体有磕碰", models.RespLogistics, "经核实，物流运输途中磕碰", "更换受损部件，费用由物流公司承担", ""},
	{"product", models.KindDelivery, "沙发用了不到一个月坐垫就塌了", models.RespManufacturer, "经检测，海绵回弹不达标，属产品质量问题", "联系厂家免费更换坐垫海绵", ""},
	{"product", models.KindDelivery, "送来的颜色和订的不一样", models.RespLogistics, "经核实，仓库发货时拿错颜色", "三天内免费更换为订购的颜色", ""},
	{"product", models.KindRepair, "修好没几天又坏了", models.RespManufacturer, "经检测，更换的配件存在质量问题", "免费更换配件并延长保修三个月", ""},
	{"product", models.KindRepair, "觉得维修收费太贵", models.RespNone, "经核实，收费符合价目表，已向客户解释", "向客户说明收费标准，客户表示理解", ""},
	{"product", "", "客户自行拆装后损坏，要求免费维修", models.RespCustomer, "经核实，损坏系客户自行拆装所致，不属服务问题", "按保外维修处理，人工费八折优惠", ""},
	{"product", "", "产品有异味，家里老人小孩受不了", models.RespManufacturer, "经检测，异味属新品正常气味，各项指标符合国家标准", "指导客户通风，三个月内免费上门复检", ""},
}

var (
	demoComplaintFollowUps   = []string{"已回访客户，处理方案正在落实", "客户表示基本满意，等待上门处理", "配件已到，已约好上门时间", "客户对进度表示理解"}
	demoComplaintAcceptances = []string{"客户接受处理方案，表示满意", "已按方案处理完毕，客户确认结案", "客户表示理解，同意结案"}
	demoComplaintWithdrawals = []string{"客户表示误会，撤回投诉", "客户已与师傅沟通解决，撤回投诉"}
	demoNoReasonReturns      = []string{"颜色和家里装修不搭", "尺寸买大了，放不下", "家人不喜欢这个款式", "买重复了", "看到更合适的款式"}
	demoQualityReasons       = map[bool][]string{
		false: {"沙发面料有明显色差", "柜门有裂纹", "床板有异响", "床垫有异味", "抽屉滑轨变形"},
		true:  {"运行噪音太大", "屏幕有坏点", "不制冷", "机身有漏水", "开机就报故障代码"},
	}
	demoGoodsBackNotes    = []string{"已上门取回商品", "客户已送回商品", "物流已将商品退回仓库"}
	demoGoodwillReasons   = []string{"老客户，经理特批按退货处理", "客户情绪激动，经理同意破例受理"}
	demoReturnCloseNotes  = []string{"退款已到账，客户确认", "换货已安排，客户满意", "已向客户解释处理结果"}
	demoReturnWithdrawals = []string{"客户决定不退了", "客户与家人商量后决定保留"}
)
