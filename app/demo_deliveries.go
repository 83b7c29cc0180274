package app

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"aftercare/models"
)

// The delivery half of the ticket demo (demo_tickets.go): deliveries and
// installations of the goods the shop sold, with their crews, items and
// checklists, and the repairs and replacement-part requests raised from
// the problems crews find.
//
// A delivery is booked when the goods are sold: it links a purchase of the
// customer from the days before, or records the sale with it, as the
// intake form's "add to the customer's purchases" does. Like a repair it
// is walked one action at a time through models.CheckStep and ApplyStep.

const (
	// demoDeliveryShare of the tickets are deliveries: a shop delivers far
	// more than it repairs.
	demoDeliveryShare = 0.27
	// demoProblemShare of the deliveries report a problem.
	demoProblemShare = 0.03
	// demoRecentDeliveries: the last slots are deliveries, so that a small
	// demo also has deliveries open on the boards.
	demoRecentDeliveries = 6
)

// demoPending is a ticket to raise from a delivery at a later moment, when
// the generator gets there (tickets are made in report order).
type demoPending struct {
	at       time.Time
	delivery string
	number   string
	status   models.Status // the delivery's, at that moment
	actor    *demoStaffer
	cust     int32
	address  string
	product  string // the item's product and model
	name     string // the item's product, for its faults
	purchase *string
	problem  *demoProblem
	goal     *demoPair  // steered part request
	goods    *demoGoods // the item's purchase
	seq      int        // raised order (demoPendingQueue)
	// Or one of the after-sales tickets (demo_aftersales.go).
	complaint *demoComplaintReq
	ret       *demoReturnReq
	exchange  *demoExchange
}

// deliveredPurchase picks a purchase bought one to four days before rep,
// delivered to an address and not delivered yet; -1 for none.
func (g *demoTicketGen) deliveredPurchase(rep time.Time) int {
	civil := models.CivilDate(rep)
	for g.pk < len(g.purch) && !g.purch[g.pk].date.After(civil) {
		g.pk++
	}
	lo, hi := civil.AddDate(0, 0, -4), civil.AddDate(0, 0, -1)
	pick, n := -1, 0
	for i, seen := g.pk-1, 0; i >= 0 && seen < 400; i, seen = i-1, seen+1 {
		p := &g.purch[i]
		if p.date.Before(lo) {
			break
		}
		if p.date.After(hi) || p.delivered || p.deliverTo == "" {
			continue
		}
		n++
		if g.r.IntN(n) == 0 { // every candidate equally likely
			pick = i
		}
	}
	return pick
}

// sold records goods sold at rep to be delivered, as the intake form's
// "add to the customer's purchases" does (with the brand, serial and
// invoice the demo's purchases have).
func (g *demoTicketGen) sold(b *demoRows, c *demoCust, prod *demoProduct, rep time.Time) models.Purchase {
	var cu models.Customer
	cu.ID = c.id
	if c.address != "" {
		cu.Addresses = []models.Address{{Text: c.address}}
	}
	p := g.sales.purchaseOn(&cu, prod, models.CivilDate(rep))
	p.ID = g.idAt(rep)
	p.CreatedAt, p.UpdatedAt = rep.UTC(), rep.UTC()
	b.args[demoArgPurchases] = append(b.args[demoArgPurchases], p.ID, demoTS(p.CreatedAt), demoTS(p.UpdatedAt), nil, p.CustomerID,
		p.Product, p.ProductType, p.Brand, p.Model, p.Serial, demoTS(p.PurchaseDate), p.InvoiceNo, int64(p.WarrantyMonths),
		p.DeliveryAddress, p.Notes)
	g.nPurchases++
	return p
}

// deliveryTicket makes one delivery booked at rep, walks it and adds its
// rows to b. steer is a delivery pair to steer it to, or a part-request
// pair that the request raised from it is steered to; recent numbers the
// last few deliveries (see demoSim.recent).
func (g *demoTicketGen) deliveryTicket(b *demoRows, rep time.Time, steer *demoPair, recent int, ex *demoExchange) error {
	s := g.reset(b, rep, steer != nil)
	s.recent = recent
	t := &s.t
	g.nDeliveries++
	if ex != nil {
		return s.exchangeDelivery(ex)
	}
	t.ID = g.idAt(rep)
	t.Number = g.number(models.KindDelivery, rep)
	t.Kind, t.Mode, t.Status, t.Priority = models.KindDelivery, models.ModeDelivery, models.StatusNew, models.PriorityNormal
	t.Source = []models.Source{models.SourceSales, models.SourceWalkIn, models.SourcePhone}[g.weighted(70, 18, 12)]
	t.ReportedAt, t.StatusSince = rep.UTC(), rep.UTC()
	t.CreatedAt, t.UpdatedAt, t.Version = rep.UTC(), rep.UTC(), 1
	t.WarrantyCovered = true // new goods: anything found wrong is the shop's
	if steer != nil && steer.mode == models.ModePart {
		s.partGoal = steer
	}

	// The goods: a purchase from the days before, or sold now.
	var first models.DeliveryItem
	pi := -1
	if s.partGoal == nil {
		pi = g.deliveredPurchase(rep)
	}
	if pi >= 0 {
		p := &g.purch[pi]
		p.delivered = true
		s.goods, s.hasGoods = p.goods(), true
		id := p.id
		first = models.DeliveryItem{PurchaseID: &id, Product: p.name, Model: p.model}
		s.cust, s.family = p.cust, models.ChecklistFamilyFor(p.typ)
		t.CustomerID, t.Address = g.custs[p.cust].id, p.deliverTo
	} else {
		prod := &demoProducts[demoDelivered[g.r.IntN(len(demoDelivered))]]
		if s.partGoal != nil {
			prod = &demoProducts[demoWardrobe] // panels and hinges to send
		}
		s.cust = g.customerAt(rep)
		for range 6 { // delivered to a customer with an address
			if g.custs[s.cust].address != "" {
				break
			}
			s.cust = g.customerAt(rep)
		}
		c := &g.custs[s.cust]
		pu := g.sold(b, c, prod, rep)
		s.goods, s.hasGoods = demoGoods{id: pu.ID, product: strings.TrimSpace(strings.Join([]string{pu.Brand, pu.Product, pu.Model}, " ")),
			name: pu.Product, model: pu.Model, typ: pu.ProductType, date: pu.PurchaseDate, months: pu.WarrantyMonths}, true
		id := pu.ID
		first = models.DeliveryItem{PurchaseID: &id, Product: pu.Product, Model: pu.Model}
		s.family = models.ChecklistFamilyFor(prod.typ)
		t.CustomerID, t.Address = c.id, c.address
	}
	t.PurchaseID = first.PurchaseID
	s.item, s.itemName, s.itemBuy = strings.TrimSpace(first.Product+" "+first.Model), first.Product, first.PurchaseID

	// What goes with it: chairs with a table, a hob with a hood.
	first.Qty = 1
	items := append(make([]models.DeliveryItem, 0, 4), first)
	if comp := demoCompanions[first.Product]; len(comp) > 0 {
		n := min([]int{0, 1, 2, 3}[g.weighted(62, 26, 9, 3)], len(comp))
		start := g.r.IntN(len(comp))
		for i := range n {
			c := &comp[(start+i)%len(comp)]
			items = append(items, models.DeliveryItem{Product: c.product, Model: g.sales.pattern(c.model),
				Qty: c.qty[0] + g.r.IntN(c.qty[1]-c.qty[0]+1)})
		}
	}
	names := make([]string, len(items))
	for i := range items {
		it := &items[i]
		it.Position = i + 1
		names[i] = strings.TrimSpace(it.Product + " " + it.Model)
		b.args[demoArgDelivery] = append(b.args[demoArgDelivery], g.idAt(rep), t.ID, demoStr(it.PurchaseID), int64(it.Position),
			it.Product, it.Model, int64(it.Qty))
	}
	t.Product = truncateRunes(strings.Join(names, "、"), 200)
	t.Request = g.pick(demoDeliveryRequests)

	// Booked with the customer at the sale (prepareDelivery).
	date, half := s.deliveryDate(rep)
	t.ApptDate, t.ApptHalf = &date, half
	v := rep.UTC()
	t.FirstContactAt, t.ScheduledAt = &v, &v

	s.copyChecklist()
	data := append(s.kv(), demoKV{"mode", string(t.Mode), false}, demoKV{"priority", string(t.Priority), false},
		demoKV{"source", string(t.Source), false}, demoKV{"date", models.FormatDate(date), false},
		demoKV{"half", string(half), false}, demoKV{"items", strconv.Itoa(len(items)), true})
	s.event(rep, g.who(g.counters, rep), models.ActCreate, "", t.Status, t.Request, data)

	var err error
	if steer != nil && steer.mode == models.ModeDelivery {
		for _, act := range g.paths[*steer] {
			if err = s.doDelivery(act); err != nil {
				break
			}
		}
	} else {
		err = s.deliveryWalk()
	}
	if err != nil {
		return err
	}
	s.finish()
	return nil
}

// copyChecklist copies the lines of the current version of the goods'
// checklist, as copyChecklist does.
func (s *demoSim) copyChecklist() {
	t := &s.t
	s.tpl = 0
	if s.family == models.ChecklistAppliance {
		s.tpl = 1
	}
	tpl := s.g.tpls[s.tpl]
	tplID := tpl.ID
	t.ChecklistTemplateID, t.ChecklistVersion, t.ChecklistName = &tplID, tpl.Version, tpl.Name
	if tpl.Name == "" {
		t.ChecklistName = tpl.NameKey
	}
	for i, it := range tpl.Items {
		s.checks = append(s.checks, models.TicketCheck{Position: i + 1, Key: it.Key, Text: it.Text, Required: it.Required})
	}
}

// exchangeDelivery books the replacement of exchanged goods as
// exchangeStep does (the same purchase as the only item, the day asked in
// the step, linked to the return, the return's source) and walks it like
// any delivery.
func (s *demoSim) exchangeDelivery(ex *demoExchange) error {
	g, t := s.g, &s.t
	gd := ex.job.goods
	rep := s.cur
	t.ID, t.Number = ex.id, ex.number
	t.Kind, t.Mode, t.Status, t.Priority = models.KindDelivery, models.ModeDelivery, models.StatusNew, models.PriorityNormal
	t.Source, t.CustomerID, t.Address, t.Request = ex.t.Source, ex.t.CustomerID, ex.t.Address, ex.note
	v := rep.UTC()
	t.ReportedAt, t.StatusSince, t.CreatedAt, t.UpdatedAt, t.Version = v, v, v, v, 1
	linked := ex.t.ID
	t.LinkedTicketID, t.WarrantyCovered = &linked, true
	date := ex.date
	t.ApptDate, t.ApptHalf = &date, ex.half
	t.FirstContactAt, t.ScheduledAt = &v, &v
	id := gd.id
	t.PurchaseID = &id
	s.cust, s.goods, s.hasGoods, s.family = ex.cust, *gd, true, models.ChecklistFamilyFor(gd.typ)
	s.item, s.itemName, s.itemBuy = strings.TrimSpace(gd.name+" "+gd.model), gd.name, t.PurchaseID
	t.Product = truncateRunes(s.item, 200)
	s.b.args[demoArgDelivery] = append(s.b.args[demoArgDelivery], g.idAt(rep), t.ID, id, int64(1), gd.name, gd.model, int64(1))
	s.copyChecklist()
	s.event(rep, ex.actor, models.ActCreate, "", t.Status, t.Request, append(s.kv(), demoKV{"mode", string(t.Mode), false},
		demoKV{"source", string(t.Source), false}, demoKV{"date", models.FormatDate(date), false}, demoKV{"half", string(ex.half), false},
		demoKV{"items", "1", true}, demoKV{"exchange_for", ex.t.Number, false}))
	if err := s.deliveryWalk(); err != nil {
		return err
	}
	s.finish()
	return nil
}

// deliveryDate is the day and half day booked at the sale: mostly within
// the week, sometimes the same afternoon. The last few deliveries are
// booked around the clock's day (see demoSim.recent).
func (s *demoSim) deliveryDate(rep time.Time) (time.Time, models.HalfDay) {
	g := s.g
	half := models.AM
	if g.chance(0.5) {
		half = models.PM
	}
	k := 1 + g.weighted(30, 26, 18, 11, 8, 5, 2)
	switch {
	case s.forced:
		k = 1
	case rep.Hour() < 11 && g.chance(0.05):
		k, half = 0, models.PM
	}
	d := models.CivilDate(rep).AddDate(0, 0, k)
	if s.recent > 0 {
		today := models.CivilDate(g.now)
		want := today.AddDate(0, 0, -1) // installed yesterday, slip not back
		switch s.recent % 3 {
		case 2: // in the next days, crew named
			want = today.AddDate(0, 0, 1+g.r.IntN(3))
		case 0: // later in the week, no crew yet
			want = today.AddDate(0, 0, 2+g.r.IntN(3))
		}
		d = models.CivilDate(rep).AddDate(0, 0, 1)
		if want.After(d) {
			d = want
		}
	}
	return d, half
}

// deliveryWalk takes a delivery from its booking to the close: the crew,
// perhaps a new date, the visit, the checklist, the signed slip.
func (s *demoSim) deliveryWalk() error {
	g := s.g
	var acts [3]models.Action
	n := 0
	plain := !s.forced && s.recent == 0 // no detours for steered and recent ones
	if plain {
		switch {
		case g.chance(0.02):
			return s.doDelivery(models.ActCancel)
		case g.chance(0.03): // the date moves before the crew is named
			acts[n] = models.ActReschedule
			n++
		}
	}
	acts[n] = models.ActAssignCrew
	n++
	for _, act := range acts[:n] {
		if err := s.doDelivery(act); err != nil {
			return err
		}
	}
	if plain {
		switch {
		case g.chance(0.03):
			if err := s.doDelivery(models.ActAssignCrew); err != nil { // someone else goes
				return err
			}
		case g.chance(0.06):
			if err := s.doDelivery(models.ActReschedule); err != nil {
				return err
			}
		case g.chance(0.015):
			return s.doDelivery(models.ActCancel)
		}
	}
	// Most crews report their arrival; for the others the counter records
	// the installation from the slip they bring back.
	arrive := s.partGoal != nil || g.chance(0.93)
	problem := s.partGoal != nil || g.chance(demoProblemShare)
	early := g.chance(0.6)
	if arrive {
		if err := s.doDelivery(models.ActArrive); err != nil {
			return err
		}
		switch {
		case problem && early:
			s.reportProblem()
		case !problem && plain && g.chance(0.004):
			return s.doDelivery(models.ActCancel) // refused at the door
		}
	}
	if err := s.doDelivery(models.ActCompleteInst); err != nil {
		return err
	}
	if problem {
		s.reportProblem()
	}
	if err := s.doDelivery(models.ActSign); err != nil {
		return err
	}
	return s.doDelivery(models.ActClose)
}

// doDelivery carries out one delivery action: its time and actor, the step
// and the crew's bookings. Nothing happens once the clock is reached.
func (s *demoSim) doDelivery(act models.Action) error {
	if s.done {
		return nil
	}
	g, t := s.g, &s.t
	in := models.StepInput{Action: act}
	var actor *demoStaffer
	var crew []*demoStaffer
	ok := true
	switch act {
	case models.ActAssignCrew:
		actor = g.who(g.dispatchers, s.cur)
		if s.recent > 0 && s.recent%3 == 0 { // named the day before
			ok = s.until(s.g.rules.ApptStart(*t.ApptDate, t.ApptHalf, g.loc).AddDate(0, 0, -1).Add(-g.between(0, 3*time.Hour)))
		} else {
			ok = s.after(s.beforeVisit(10*time.Minute, 20*time.Hour))
		}
		if t.Status == models.StatusScheduled {
			in.Reason = g.pick(demoCrewChangeReasons)
		}
		if ok {
			crew = s.pickCrew()
			in.Crew = make([]string, len(crew))
			for i, m := range crew {
				in.Crew[i] = m.id
			}
			in.TechnicianID = crew[0].id
			if len(crew) < models.MinCrew {
				in.CrewReason = g.pick(demoCrewReasons)
			}
			in.AllowClash = s.bookCrew(crew, *t.ApptDate, t.ApptHalf)
		}
	case models.ActReschedule:
		actor = g.who(g.dispatchers, s.cur)
		ok = s.after(s.beforeVisit(30*time.Minute, 3*24*time.Hour))
		if ok {
			in.CustomerAsked, in.CustomerAgreed = g.chance(0.7), true
			if in.CustomerAsked {
				in.Reason = g.pick(demoDeliveryCustomerReschedules)
			} else {
				in.Reason = g.pick(demoDeliveryShopReschedules)
			}
			in.Date, in.Half = s.apptDate(s.cur, t.ApptDate)
			if in.Date.Equal(models.CivilDate(*t.ApptDate)) && in.Half == t.ApptHalf {
				in.Half = demoOther(in.Half)
			}
			if len(s.crew) > 0 {
				in.AllowClash = s.bookCrew(s.crew, in.Date, in.Half)
			}
		}
	case models.ActArrive:
		actor = s.leader()
		day := *t.ApptDate
		at := time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, g.loc).Add(g.between(0, 150*time.Minute))
		if t.ApptHalf == models.PM {
			at = time.Date(day.Year(), day.Month(), day.Day(), 14, 0, 0, 0, g.loc).Add(g.between(0, 210*time.Minute))
		}
		ok = s.until(at)
	case models.ActCompleteInst:
		actor, ok = s.install(&in)
	case models.ActSign:
		// The crew hands the signed slip in at the counter.
		actor = g.who(g.counters, s.cur)
		d := g.between(time.Hour, 30*time.Hour)
		if !s.forced && (g.chance(0.08) || s.recent%3 == 1) {
			d = g.between(3*24*time.Hour, 6*24*time.Hour)
		}
		ok = s.after(d)
		in.Note = "送货安装单已签字交回"
	case models.ActClose:
		actor = g.who(g.counters, s.cur)
		ok = s.after(g.between(4*time.Hour, 60*time.Hour))
		if g.chance(0.3) {
			in.Note = g.pick(demoDeliveryCloseNotes)
		}
	case models.ActCancel:
		actor = g.who(g.counters, s.cur)
		if t.Status == models.StatusInService {
			ok = s.after(g.between(10*time.Minute, 40*time.Minute))
			in.Reason = "客户拒收，货物已拉回仓库"
		} else {
			ok = s.after(s.beforeVisit(30*time.Minute, 48*time.Hour))
			in.Reason = g.pick(demoDeliveryCancelReasons)
		}
	default:
		return fmt.Errorf("demo tickets: no delivery story for %s", act)
	}
	if ok && !s.cur.After(s.last) {
		ok = s.after(g.between(time.Minute, 5*time.Minute))
	}
	if !ok || s.done {
		return nil
	}
	if act == models.ActCancel || act == models.ActArrive || act == models.ActCompleteInst {
		s.endBooking()
	}
	if err := s.step(in, actor); err != nil {
		return err
	}
	switch act {
	case models.ActAssignCrew:
		s.crew = append(s.crew[:0], crew...)
	case models.ActCompleteInst:
		s.completed(act) // the follow-up calls (demo_aftersales.go)
	case models.ActSign:
		s.signed()
	}
	return nil
}

// beforeVisit is a delay from lo to hi that leaves an hour before the
// booked half day begins, where there is room for it.
func (s *demoSim) beforeVisit(lo, hi time.Duration) time.Duration {
	start := s.g.rules.ApptStart(*s.t.ApptDate, s.t.ApptHalf, s.g.loc)
	if room := start.Add(-time.Hour).Sub(s.cur); room < hi {
		hi = max(room, lo)
	}
	return s.g.between(lo, hi)
}

// pickCrew names two (sometimes three, rarely one) delivery people
// employed now, the leader first.
func (s *demoSim) pickCrew() []*demoStaffer {
	g := s.g
	size := 1 + g.weighted(4, 62, 34)
	if s.forced {
		size = 2
	}
	var pool [24]*demoStaffer
	n := 0
	for _, m := range g.delivery {
		if m.employed(s.cur) && n < len(pool) {
			pool[n] = m
			n++
		}
	}
	if n == 0 {
		return []*demoStaffer{g.delivery[len(g.delivery)-1]}
	}
	size = min(size, n)
	crew := make([]*demoStaffer, size)
	for i := range size {
		j := i + g.r.IntN(n-i)
		pool[i], pool[j] = pool[j], pool[i]
		crew[i] = pool[i]
	}
	return crew
}

// bookCrew moves the ticket's bookings to the crew's half day; true when
// one of them already has a visit then (the clash the dispatcher confirms).
func (s *demoSim) bookCrew(crew []*demoStaffer, date time.Time, half models.HalfDay) bool {
	clash := false
	for _, m := range crew {
		clash = clash || s.g.booked(demoSlot(m, date, half), s.cur)
	}
	s.endBooking()
	for _, m := range crew {
		s.book(demoSlot(m, date, half))
	}
	return clash
}

func (s *demoSim) leader() *demoStaffer {
	if len(s.crew) > 0 {
		return s.crew[0]
	}
	return s.g.who(s.g.counters, s.cur)
}

func demoNames(crew []*demoStaffer) string {
	names := make([]string, len(crew))
	for i, m := range crew {
		names[i] = m.name
	}
	return strings.Join(names, "、")
}

// install is the installation: the leader ticks the checklist while the
// crew works and records the completion; without a recorded arrival the
// counter enters both from the slip in the evening. Ticks that would fall
// after the clock have not happened yet. A few crews leave required lines
// unticked and say why.
func (s *demoSim) install(in *models.StepInput) (*demoStaffer, bool) {
	g, t := s.g, &s.t
	var actor *demoStaffer
	var from, end time.Time
	day := *t.ApptDate
	if t.Status == models.StatusInService {
		actor = s.leader()
		d := g.between(30*time.Minute, 2*time.Hour)
		if s.family == models.ChecklistFurniture {
			d = g.between(50*time.Minute, 200*time.Minute)
		}
		from, end = s.cur, s.cur.Add(s.adj(d))
		if late := time.Date(day.Year(), day.Month(), day.Day(), 20, 20, 0, 0, g.loc); end.After(late) {
			end = late
			if !end.After(s.cur) {
				end = s.cur.Add(10 * time.Minute)
			}
		}
	} else {
		actor = g.who(g.counters, s.cur)
		end = time.Date(day.Year(), day.Month(), day.Day(), 18, 0, 0, 0, g.loc).Add(g.between(0, 150*time.Minute))
		if !end.After(s.cur) {
			end = s.cur.Add(g.between(10*time.Minute, 2*time.Hour))
		}
		from = end.Add(-g.between(2*time.Minute, 6*time.Minute))
	}
	n := len(s.checks)
	skip1, skip2 := -1, -1
	if !s.forced && g.chance(0.04) {
		skip1 = n - 1 - g.r.IntN(min(n, 4)) // mostly the last lines: care, inspection, rubbish
		if g.chance(0.3) {
			skip2 = g.r.IntN(n)
		}
	}
	span := end.Sub(from)
	for i := range s.checks {
		if i == skip1 || i == skip2 {
			continue
		}
		at := from.Add(span * time.Duration(i+1) / time.Duration(n+1)).Truncate(time.Second)
		if at.After(g.now) {
			break
		}
		v := at.UTC()
		c := &s.checks[i]
		c.CheckedAt, c.CheckedBy = &v, actor.name
	}
	if !s.until(end) {
		return actor, false
	}
	if _, _, missing := models.Progress(s.checks); missing > 0 {
		in.Reason = g.pick(demoChecklistReasons)
	} else if g.chance(0.25) {
		in.Note = g.pick(demoInstallNotes)
	}
	return actor, true
}

// reportProblem: the crew finds damage, a missing or a wrong part. The
// ticket it raises is made when the generator reaches this moment (see
// run), together with the delivery's timeline entry, as ReportProblem
// writes both.
func (s *demoSim) reportProblem() {
	if s.done || s.problem {
		return
	}
	g, t := s.g, &s.t
	if !s.after(g.between(5*time.Minute, 40*time.Minute)) {
		return
	}
	s.problem = true
	g.raise(demoPending{at: s.cur, delivery: t.ID, number: t.Number, status: t.Status, actor: s.leader(), cust: s.cust,
		address: t.Address, product: s.item, name: s.itemName, purchase: s.itemBuy, goods: s.goodsRef(),
		problem: g.problemFor(s.itemName, s.family, s.partGoal != nil), goal: s.partGoal})
}

// problemFor picks a problem that fits the product.
func (g *demoTicketGen) problemFor(product, family string, part bool) *demoProblem {
	var c [64]*demoProblem
	n := 0
	for i := range demoProblems {
		p := &demoProblems[i]
		if part && p.part == "" || n == len(c) {
			continue
		}
		if p.product == product || p.product == "" && p.family == family {
			c[n] = p
			n++
		}
	}
	if n == 0 { // a part for goods that have none listed: a screw pack
		return &demoProblems[0]
	}
	return c[g.r.IntN(n)]
}

// linked makes the ticket raised from a delivery's problem, as
// App.ReportProblem does (with the delivery's timeline entry), and walks
// it: a repair like any on-site repair, a part request through its stages.
func (g *demoTicketGen) linked(b *demoRows, p *demoPending) error {
	pr := p.problem
	kind := models.KindRepair
	if pr.part != "" {
		kind = models.KindPart
	}
	s := g.reset(b, p.at, p.goal != nil)
	t := &s.t
	t.ID = g.idAt(p.at)
	t.Number = g.number(kind, p.at)
	b.args[demoArgEvents] = append(b.args[demoArgEvents], g.idAt(p.at), p.delivery, demoTS(p.at), p.actor.name,
		string(models.ActReportProblem), string(p.status), string(p.status), pr.desc,
		demoJSON(append(s.kv(), demoKV{"problem", string(pr.kind), false}, demoKV{"raised", t.Number, false}, demoKV{"kind", string(kind), false})))
	g.nEvents++

	t.Kind, t.Mode, t.Status = kind, models.ModeOf(kind, models.ModeOnSite), models.StatusNew
	t.Priority, t.Source = models.PriorityUrgent, models.SourceDelivery
	t.CustomerID, t.PurchaseID = g.custs[p.cust].id, p.purchase
	t.Address, t.Product, t.Symptom = p.address, p.product, pr.desc
	v := p.at.UTC()
	t.ReportedAt, t.StatusSince, t.CreatedAt, t.UpdatedAt = v, v, v, v
	first, last := v, v
	t.FirstContactAt, t.LastContactAt = &first, &last
	linked := p.delivery
	t.LinkedTicketID, t.ProblemKind = &linked, pr.kind
	s.cust = p.cust
	if p.goods != nil {
		s.goods, s.hasGoods = *p.goods, true
	}
	t.WarrantyCovered, t.Version = true, 1
	data := append(s.kv(), demoKV{"problem", string(pr.kind), false}, demoKV{"linked", p.number, false})
	if kind == models.KindPart {
		t.Status = models.StatusRequested
		t.PartName, t.PartQty = pr.part, pr.qty[0]+g.r.IntN(pr.qty[1]-pr.qty[0]+1)
		if c, ok := g.partCats[pr.cat]; ok { // as App.partFromProblem
			od, exp := models.CivilDate(p.at), models.PartExpectedDate(p.at, c)
			t.PartCategory, t.OrderDate, t.PartExpected = c.Key, &od, &exp
		}
		data = append(data, demoKV{"part", t.PartName, false}, demoKV{"qty", strconv.Itoa(t.PartQty), true})
	}
	s.event(p.at, p.actor, models.ActCreate, "", t.Status, pr.desc, data)

	var err error
	switch {
	case kind == models.KindRepair:
		s.fault = demoFaultOf(p.name)
		err = s.walk()
	case p.goal != nil:
		for _, act := range g.paths[*p.goal] {
			if err = s.doPart(act, pr); err != nil {
				break
			}
		}
	default:
		err = s.partWalk(pr)
	}
	if err != nil {
		return err
	}
	s.finish()
	return nil
}

// partWalk takes a replacement part through its stages (DOMAIN.md: lead
// times of days for panels and glass, hardware from stock).
func (s *demoSim) partWalk(pr *demoProblem) error {
	if s.g.chance(0.03) {
		return s.doPart(models.ActCancel, pr)
	}
	acts := []models.Action{models.ActApprovePart, models.ActProducePart, models.ActWarehousePart, models.ActShipPart,
		models.ActReceivePart, models.ActClose}
	if pr.cat == "hardware" {
		acts = append(acts[:1], acts[2:]...) // from stock
	}
	for _, act := range acts {
		if err := s.doPart(act, pr); err != nil {
			return err
		}
	}
	return nil
}

// doPart carries out one step of a part request.
func (s *demoSim) doPart(act models.Action, pr *demoProblem) error {
	return s.take(act, func(st *demoStory) error {
		g, t := s.g, &s.t
		switch act {
		case models.ActApprovePart: // planning sums up the requests and approves
			st.actor = g.bm
			st.d = g.between(time.Hour, 20*time.Hour)
			if !s.forced && g.chance(0.1) {
				st.d = g.between(26*time.Hour, 72*time.Hour)
			}
			st.in.Note = "已汇总，同意补件"
		case models.ActProducePart:
			st.actor = g.bm
			st.d = g.between(time.Hour, 24*time.Hour)
			st.in.Note = "已下生产单"
		case models.ActWarehousePart:
			st.actor = g.who(g.delivery, s.cur)
			if c, ok := g.partCats[pr.cat]; ok && t.Status == models.StatusInProduction {
				// Made in the category's lead time, a few late.
				st.d = g.between(time.Duration(c.MinDays)*24*time.Hour, time.Duration(c.MaxDays+1)*24*time.Hour)
				if !s.forced && g.chance(0.1) {
					st.d += g.between(24*time.Hour, 5*24*time.Hour)
				}
				st.in.Note = "补件已生产入库"
			} else {
				st.d = g.between(2*time.Hour, 40*time.Hour)
				st.in.Note = "仓库有现货"
			}
		case models.ActShipPart:
			st.actor = g.who(g.delivery, s.cur)
			st.d = g.between(2*time.Hour, 72*time.Hour)
			st.in.Note = g.pick(demoPartShipNotes)
		case models.ActReceivePart:
			st.actor = g.who(g.delivery, s.cur)
			st.d = g.between(4*time.Hour, 72*time.Hour)
			st.in.Note = "客户已收到补件，师傅已装好"
		case models.ActClose:
			st.actor = g.who(g.counters, s.cur)
			st.d = g.between(2*time.Hour, 48*time.Hour)
			if g.chance(0.3) {
				st.in.Note = "回访客户，补件已装好，客户满意"
			}
		case models.ActCancel:
			st.actor = g.who(g.counters, s.cur)
			st.d = g.between(time.Hour, 48*time.Hour)
			st.in.Reason = g.pick(demoPartCancelReasons)
		default:
			return fmt.Errorf("demo tickets: no part story for %s", act)
		}
		return nil
	}, nil)
}

// demoStory is how one step of a ticket happens: who takes it, how long
// after the last thing that happened, and the step's form.
type demoStory struct {
	in    models.StepInput
	actor *demoStaffer
	d     time.Duration
}

// take carries out one step as story tells it; nothing happens once the
// clock is reached. When its time has come, then (if given) adds what the
// app side of the step writes, and may take the step over (done).
func (s *demoSim) take(act models.Action, story func(*demoStory) error, then func(*demoStory) (done bool, err error)) error {
	if s.done {
		return nil
	}
	st := demoStory{in: models.StepInput{Action: act}}
	if err := story(&st); err != nil {
		return err
	}
	if !s.after(st.d) {
		return nil
	}
	if then != nil {
		if done, err := then(&st); done || err != nil {
			return err
		}
	}
	return s.step(st.in, st.actor)
}

// deliveryRows appends a delivery's crew and checklist as they stand at
// the end of its walk.
func (s *demoSim) deliveryRows() {
	g, t, b := s.g, &s.t, s.b
	for i, m := range s.crew {
		b.args[demoArgCrew] = append(b.args[demoArgCrew], g.idAt(s.ms), t.ID, m.id, i == 0, int64(i+1))
	}
	// One person ticks a delivery's lines (install), so who is written
	// once; the other columns come from the template (demoChecksSQL).
	by := ""
	for i := range s.checks {
		by = max(by, s.checks[i].CheckedBy)
	}
	b.checks[s.tpl] = append(b.checks[s.tpl], t.ID, by)
	for i := range s.checks {
		b.checks[s.tpl] = append(b.checks[s.tpl], g.idAt(s.ms), demoTime(s.checks[i].CheckedAt))
	}
}

// demoDelivered lists the products delivered to the home; demoWardrobe is
// the wardrobe among them.
var demoDelivered, demoWardrobe = func() ([]int, int) {
	var out []int
	wardrobe := 0
	for i, p := range demoProducts {
		if p.deliver {
			out = append(out, i)
		}
		if p.product == "衣柜" {
			wardrobe = i
		}
	}
	return out, wardrobe
}()

// demoCompanion is an item delivered with a product (typed on the
// delivery, not a purchase on record).
type demoCompanion struct {
	product, model string // model: a demoGen.pattern
	qty            [2]int
}

var demoCompanions = map[string][]demoCompanion{
	"布艺沙发":  {{"茶几", "CJ-DDD", [2]int{1, 1}}, {"角几", "JJ-DD", [2]int{1, 2}}, {"脚踏", "JT-DD", [2]int{1, 1}}},
	"真皮沙发":  {{"茶几", "CJ-DDD", [2]int{1, 1}}, {"角几", "JJ-DD", [2]int{1, 2}}},
	"实木床":   {{"床头柜", "CTG-DDD", [2]int{1, 2}}, {"床垫", "{XLM|SB}-DDD-1.8", [2]int{1, 1}}},
	"衣柜":    {{"斗柜", "DG-DDD", [2]int{1, 1}}, {"梳妆台", "SZT-DDD", [2]int{1, 1}}},
	"餐桌":    {{"餐椅", "CY-DDD", [2]int{4, 6}}, {"餐边柜", "CBG-DDD", [2]int{1, 1}}},
	"电视柜":   {{"茶几", "CJ-DDD", [2]int{1, 1}}},
	"书桌":    {{"书椅", "SY-DDD", [2]int{1, 1}}, {"书架", "SJ-DDD", [2]int{1, 1}}},
	"油烟机":   {{"燃气灶", "JZT-{FD|DB}D{A|B}", [2]int{1, 1}}, {"消毒柜", "ZTD{100|110}-DD", [2]int{1, 1}}},
	"燃气灶":   {{"油烟机", "CXW-{200|258}-DD{A|B}", [2]int{1, 1}}},
	"电视":    {{"电视挂架", "GJ-{55|65|75}", [2]int{1, 1}}},
	"洗衣机":   {{"干衣机", "GDND{90|100}-DD", [2]int{1, 1}}, {"洗衣机叠放架", "DF-DD", [2]int{1, 1}}},
	"空调":    {{"空调", "KFR-{26|35}GW/DDDD", [2]int{1, 2}}},
	"冰箱":    {{"冰箱底座", "DZ-DD", [2]int{1, 1}}},
	"电热水器":  {{"混水阀", "HSF-DD", [2]int{1, 1}}},
	"燃气热水器": {{"燃气管", "RQG-1.5m", [2]int{1, 1}}},
}

// demoProblem is a problem a crew finds, and what it raises: a part
// request (part named, with its category of the part catalogue: hardware
// comes from stock, the others are made) or an on-site repair. product ""
// fits any goods of the family.
type demoProblem struct {
	family, product string
	kind            models.ProblemKind
	desc            string
	part            string
	qty             [2]int
	cat             string
}

var demoProblems = []demoProblem{
	{models.ChecklistFurniture, "", models.ProblemMissingPart, "安装时发现缺少螺丝包", "螺丝包", [2]int{1, 1}, "hardware"},
	{models.ChecklistFurniture, "", models.ProblemMissingPart, "少一块抽屉面板，抽屉装不上", "抽屉面板", [2]int{1, 1}, "gloss_single"},
	{models.ChecklistFurniture, "", models.ProblemDamage, "门板运输途中磕碰，有明显凹痕", "门板", [2]int{1, 1}, "gloss_double"},
	{models.ChecklistFurniture, "", models.ProblemWrongPart, "门板颜色与订单不符", "门板", [2]int{1, 2}, "gloss_double"},
	{models.ChecklistFurniture, "", models.ProblemMissingPart, "铰链数量不够，柜门装不上", "铰链", [2]int{2, 4}, "hardware"},
	{models.ChecklistFurniture, "", models.ProblemDamage, "玻璃层板开箱发现碎裂", "玻璃层板", [2]int{1, 1}, "inner_glass"},
	{models.ChecklistFurniture, "", models.ProblemWrongPart, "拉手型号发错，与样品不一致", "拉手", [2]int{2, 6}, "hardware"},
	{models.ChecklistFurniture, "", models.ProblemDamage, "柜体安装后柜门缝隙大，需上门调整", "", [2]int{}, ""},
	{models.ChecklistFurniture, "", models.ProblemOther, "客户反映安装后有异响，需上门检查", "", [2]int{}, ""},
	{models.ChecklistFurniture, "衣柜", models.ProblemDamage, "侧板边角磕破", "侧板", [2]int{1, 1}, "gloss_single"},
	{models.ChecklistFurniture, "实木床", models.ProblemDamage, "床头板边角磕破，油漆脱落", "床头板", [2]int{1, 1}, "gloss_double"},
	{models.ChecklistFurniture, "实木床", models.ProblemMissingPart, "缺床板条", "床板条", [2]int{1, 1}, "hardware"},
	{models.ChecklistFurniture, "布艺沙发", models.ProblemDamage, "沙发布面有污渍，需上门处理", "", [2]int{}, ""},
	{models.ChecklistFurniture, "真皮沙发", models.ProblemDamage, "扶手皮面运输划伤，需上门修补", "", [2]int{}, ""},
	{models.ChecklistFurniture, "餐桌", models.ProblemDamage, "桌面有划痕，需上门补漆", "", [2]int{}, ""},
	{models.ChecklistFurniture, "床垫", models.ProblemWrongPart, "床垫尺寸与床架不符，需上门换货处理", "", [2]int{}, ""},
	{models.ChecklistAppliance, "", models.ProblemDamage, "外壳运输途中刮花", "", [2]int{}, ""},
	{models.ChecklistAppliance, "", models.ProblemOther, "试机异常，需技师上门检测", "", [2]int{}, ""},
	{models.ChecklistAppliance, "冰箱", models.ProblemDamage, "冰箱门体有凹陷", "", [2]int{}, ""},
	{models.ChecklistAppliance, "空调", models.ProblemOther, "试机制冷效果差，需技师上门检测", "", [2]int{}, ""},
	{models.ChecklistAppliance, "空调", models.ProblemMissingPart, "铜管长度不够，外机暂未安装", "", [2]int{}, ""},
	{models.ChecklistAppliance, "电视", models.ProblemDamage, "开机后屏幕有亮线，疑似运输损坏", "", [2]int{}, ""},
	{models.ChecklistAppliance, "洗衣机", models.ProblemOther, "试机时滚筒异响", "", [2]int{}, ""},
	{models.ChecklistAppliance, "油烟机", models.ProblemOther, "安装后噪音大，需技师上门检查", "", [2]int{}, ""},
	{models.ChecklistAppliance, "燃气热水器", models.ProblemOther, "试机点不着火", "", [2]int{}, ""},
}

var (
	demoDeliveryRequests = []string{"", "", "电梯可用", "无电梯，5楼，需搬运上楼", "下午两点后送货", "送货前一小时电话联系",
		"旧家具需要搬走", "需拆旧机", "小区货车需提前预约进出", "希望周末送货", "客户家人代收", "新房，注意保护地板"}
	demoCrewReasons                 = []string{"另一位师傅临时请假，已征得客户同意一人送装", "小件商品，一人可完成", "客户家人帮忙搬运，一人安装"}
	demoCrewChangeReasons           = []string{"原定师傅请假", "当天单量过多，调整人员", "客户要求换安装师傅", "顺路安排"}
	demoDeliveryCustomerReschedules = []string{"新房还没收房", "客户临时出差", "家里装修未完工", "客户要求改到周末", "家里没人"}
	demoDeliveryShopReschedules     = []string{"货未到仓", "车辆安排不开", "下雨无法送货", "前一单安装超时"}
	demoDeliveryCancelReasons       = []string{"客户退货", "客户自提，不需送货", "重复登记", "房子未交付，客户要求暂缓，以后再约"}
	demoChecklistReasons            = []string{"客户赶时间，未逐项验收，已电话确认", "现场停电，未能试机，来电后电话指导",
		"客户家人代收，保养说明已留纸条", "旧家具未搬走，客户表示自行处理", "部分配件待补，补件后再检查"}
	demoInstallNotes       = []string{"安装完成，客户验收满意", "已试机，运行正常", "已讲解使用和保养方法"}
	demoDeliveryCloseNotes = []string{"回访客户，安装满意", "回访：客户对送货师傅服务满意", "客户评价五星"}
	demoPartShipNotes      = []string{"随下次送货带给客户", "已安排师傅送货上门安装", "快递寄出，已告知客户单号"}
	demoPartCancelReasons  = []string{"客户表示不需要了", "重复申请", "仓库找到原件，已随单补发"}
)
