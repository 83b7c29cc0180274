package app

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"aftercare/models"
)

// demoAftersales loads what the after-sales checks need of a demo.
type demoAftersales struct {
	tickets   map[string]*models.Ticket
	byNumber  map[string]*models.Ticket
	follow    []models.FollowUp
	events    map[string][]models.TicketEvent
	crew      map[string][]string // ticket → staff ids, leader first
	records   []models.ConductRecord
	staffName map[string]string
}

func loadDemoAftersales(t *testing.T, a *App) *demoAftersales {
	t.Helper()
	d := &demoAftersales{tickets: map[string]*models.Ticket{}, byNumber: map[string]*models.Ticket{}, events: map[string][]models.TicketEvent{},
		crew: map[string][]string{}, staffName: map[string]string{}}
	var tickets []models.Ticket
	var events []models.TicketEvent
	var crew []models.CrewMember
	var staff []models.Staff
	for _, err := range []error{
		a.db.Find(&tickets).Error,
		a.db.Order("ticket_id, at, id").Find(&events).Error,
		a.db.Order("ticket_id, position").Find(&crew).Error,
		a.db.Order(`ticket_id, "offset"`).Find(&d.follow).Error,
		a.db.Find(&d.records).Error,
		a.db.Find(&staff).Error,
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	for i := range tickets {
		d.tickets[tickets[i].ID], d.byNumber[tickets[i].Number] = &tickets[i], &tickets[i]
	}
	for _, e := range events {
		d.events[e.TicketID] = append(d.events[e.TicketID], e)
	}
	for _, c := range crew {
		d.crew[c.TicketID] = append(d.crew[c.TicketID], c.StaffID)
	}
	for _, s := range staff {
		d.staffName[s.ID] = s.Name
	}
	return d
}

// jobStaff is who did a job: the crew, leader first, or the technician.
func (d *demoAftersales) jobStaff(tk *models.Ticket) []string {
	if tk.Kind == models.KindDelivery {
		return d.crew[tk.ID]
	}
	if tk.TechnicianID != nil {
		return []string{*tk.TechnicianID}
	}
	return nil
}

func eventData(t *testing.T, e models.TicketEvent) map[string]any {
	t.Helper()
	m := map[string]any{}
	if e.Data != "" {
		if err := json.Unmarshal([]byte(e.Data), &m); err != nil {
			t.Fatalf("event %s data %q: %v", e.Action, e.Data, err)
		}
	}
	return m
}

// Every completed job has the calls the schedule gives it, made as the
// call form records them: one timeline note per attempt, done when the
// customer was reached, open when its time has not come.
func TestDemoFollowUps(t *testing.T) {
	a, res := newTicketDemo(t)
	d := loadDemoAftersales(t, a)
	now, loc := a.clock(), a.loc()
	today := models.CivilDate(now.In(loc))
	sch := models.DefaultFollowUpSchedule()
	if res.FollowUps != len(d.follow) || res.FollowUps == 0 {
		t.Fatalf("result %d follow-ups, table %d", res.FollowUps, len(d.follow))
	}
	byJob := map[string][]models.FollowUp{}
	for _, f := range d.follow {
		byJob[f.TicketID] = append(byJob[f.TicketID], f)
	}
	jobs := 0
	for _, tk := range d.tickets {
		var done *time.Time
		var jk models.FollowUpJob
		switch {
		case tk.Kind == models.KindDelivery && tk.RepairedAt != nil:
			done, jk = tk.RepairedAt, models.JobDelivery
		case tk.Kind == models.KindRepair && tk.Status == models.StatusClosed:
			done, jk = tk.ClosedAt, models.JobRepair
		}
		calls := byJob[tk.ID]
		if done == nil {
			if len(calls) > 0 {
				t.Fatalf("%s (%s %s) has %d follow-up calls", tk.Number, tk.Kind, tk.Status, len(calls))
			}
			continue
		}
		jobs++
		want := sch.Calls(jk, done.In(loc))
		if len(calls) != len(want) {
			t.Fatalf("%s: %d calls, the schedule gives %d", tk.Number, len(calls), len(want))
		}
		scheduled := map[models.Offset]time.Time{}
		for _, c := range want {
			scheduled[c.Offset] = c.Due
		}
		notes := map[string][]models.TicketEvent{}
		for _, e := range d.events[tk.ID] {
			if e.Action == models.ActNote && e.From == "" {
				if off, ok := eventData(t, e)["follow_up"].(string); ok {
					notes[off] = append(notes[off], e)
				}
			}
		}
		for _, f := range calls {
			due, ok := scheduled[f.Offset]
			if !ok || f.JobKind != jk || f.CustomerID != tk.CustomerID || !f.CreatedAt.Equal(*done) || f.Version != 1+f.Attempts {
				t.Fatalf("%s: call %+v (scheduled %v)", tk.Number, f, want)
			}
			ns := notes[string(f.Offset)]
			if len(ns) != f.Attempts {
				t.Fatalf("%s %s: %d attempts, %d timeline notes", tk.Number, f.Offset, f.Attempts, len(ns))
			}
			if f.Attempts == 0 {
				if !f.DueDate.Equal(due) || f.Status != models.FollowUpDue || f.LastAttemptAt != nil {
					t.Fatalf("%s %s: not called yet but %+v", tk.Number, f.Offset, f)
				}
				// Not called yet: its day is near (a clerk a few days behind) or to come.
				if f.DueDate.Before(today.AddDate(0, 0, -4)) {
					t.Fatalf("%s %s: due %v and never called", tk.Number, f.Offset, f.DueDate)
				}
				continue
			}
			last := ns[len(ns)-1]
			data := eventData(t, last)
			if !last.At.Equal(*f.LastAttemptAt) && !last.At.After(*f.LastAttemptAt) || data["outcome"] != string(f.Outcome) ||
				f.LastAttemptAt.Before(due.Add(-24*time.Hour)) || f.LastAttemptAt.After(now) {
				t.Fatalf("%s %s: last attempt %v %s, note %+v", tk.Number, f.Offset, f.LastAttemptAt, f.Outcome, last)
			}
			switch f.Status {
			case models.FollowUpDone:
				if f.Outcome != models.CallReached || f.DoneAt == nil || !f.DoneAt.Equal(*f.LastAttemptAt) || f.DoneBy != last.Actor ||
					f.Satisfaction < 1 || f.Satisfaction > 5 || data["satisfaction"] != float64(f.Satisfaction) ||
					f.ProductAnswer == "" || f.DeliveryAnswer == "" || f.CrewAnswer == "" {
					t.Fatalf("%s %s: done %+v, note %s", tk.Number, f.Offset, f, last.Data)
				}
			case models.FollowUpCallback:
				if f.Outcome != models.CallNotConvenient || f.CallbackAt == nil || !f.CallbackAt.After(*f.LastAttemptAt) || f.CallbackAt.Before(now.Add(-4*24*time.Hour)) {
					t.Fatalf("%s %s: call-back %+v", tk.Number, f.Offset, f)
				}
			case models.FollowUpDue:
				if f.Outcome != models.CallNoAnswer || !f.DueDate.Equal(models.CivilDate(f.LastAttemptAt.In(loc)).AddDate(0, 0, 1)) || f.DueDate.Before(today.AddDate(0, 0, -4)) {
					t.Fatalf("%s %s: tried again %+v", tk.Number, f.Offset, f)
				}
			default:
				t.Fatalf("%s %s: status %s", tk.Number, f.Offset, f.Status)
			}
		}
	}
	// Mostly satisfied; some tried more than once; some still to call.
	var done, happy, retried, open int
	for _, f := range d.follow {
		if f.Status == models.FollowUpDone {
			done++
			if f.Satisfaction >= models.SatisfiedScore {
				happy++
			}
		} else {
			open++
		}
		if f.Attempts > 1 {
			retried++
		}
	}
	if jobs == 0 || done == 0 || float64(happy)/float64(done) < 0.8 || retried == 0 || open == 0 {
		t.Fatalf("%d jobs, %d calls done (%d satisfied), %d tried again, %d open", jobs, done, happy, retried, open)
	}
	// The call list shows the demo's due calls, and a call can be recorded.
	due, err := a.DueFollowUps(context.Background(), 0)
	if err != nil || len(due) == 0 {
		t.Fatalf("due calls: %d, %v", len(due), err)
	}
	rec, err := a.RecordCall(due[0].ID, models.CallInput{Version: due[0].Version, Outcome: models.CallReached, Satisfaction: 5,
		Product: models.AnswerOK, Delivery: models.AnswerOK, Crew: models.AnswerOK})
	if err != nil || rec.FollowUp.Status != models.FollowUpDone || rec.FollowUp.Attempts != due[0].Attempts+1 {
		t.Fatalf("record a demo call: %v %+v", err, rec)
	}
}

// Complaints name a completed job of their customer (its crew or
// technician when staff are responsible); returns follow a signed delivery
// of their customer; an exchange books the replacement's delivery.
func TestDemoComplaintsAndReturns(t *testing.T) {
	a, res := newTicketDemo(t)
	d := loadDemoAftersales(t, a)
	loc := a.loc()
	var complaints, fromCalls, staffFault, penalised, returns, exchanged, refunded, rejected, jobs, old int
	records := map[string]int{} // complaint → penalty records
	for _, r := range d.records {
		if r.Source == models.RecComplaint && r.TicketID != nil {
			records[*r.TicketID]++
		}
	}
	calls := map[string]models.FollowUp{}
	for _, f := range d.follow {
		if f.ComplaintTicketID != nil {
			calls[*f.ComplaintTicketID] = f
		}
	}
	for _, tk := range d.tickets {
		if tk.Kind == models.KindDelivery && tk.RepairedAt != nil || tk.Kind == models.KindRepair && tk.Status == models.StatusClosed {
			jobs++
		}
		evs := d.events[tk.ID]
		switch tk.Kind {
		case models.KindComplaint:
			complaints++
			if tk.LinkedTicketID == nil {
				continue
			}
			job := d.tickets[*tk.LinkedTicketID]
			if job == nil || job.CustomerID != tk.CustomerID || (job.Kind != models.KindDelivery && job.Kind != models.KindRepair) ||
				job.RepairedAt == nil || !job.RepairedAt.Before(tk.ReportedAt) {
				t.Fatalf("%s is about %+v", tk.Number, job)
			}
			if f, ok := calls[tk.ID]; ok {
				fromCalls++
				if f.TicketID != job.ID || f.DoneAt == nil || !f.DoneAt.Equal(tk.ReportedAt) || f.Satisfaction > 2 || tk.Priority != models.PriorityUrgent {
					t.Fatalf("%s: raised on call %+v", tk.Number, f)
				}
			}
			if tk.Responsible == models.RespStaff {
				staffFault++
				if tk.ResponsibleStaff != strings.Join(d.jobStaff(job), ",") {
					t.Fatalf("%s names %q, the job %s was done by %v", tk.Number, tk.ResponsibleStaff, job.Number, d.jobStaff(job))
				}
				var penalty map[string]any
				for _, e := range evs {
					if e.Action == models.ActResponsibility {
						penalty = eventData(t, e)
					}
				}
				if n, ok := penalty["penalties"]; ok {
					penalised++
					if int(n.(float64)) != records[tk.ID] || records[tk.ID] != len(d.jobStaff(job)) {
						t.Fatalf("%s: %v penalties on the timeline, %d records", tk.Number, n, records[tk.ID])
					}
				} else if records[tk.ID] != 0 {
					t.Fatalf("%s: %d records without a penalty", tk.Number, records[tk.ID])
				}
			}
			// Accepted within the hour mostly; the limits are what NextDue reads.
			if tk.AcceptedAt != nil && tk.ReportedTo == "" {
				t.Fatalf("%s accepted without a manager", tk.Number)
			}
		case models.KindReturn:
			returns++
			if tk.PurchaseID == nil || tk.ReturnSignedOn == nil {
				t.Fatalf("%s: purchase %v, signed %v", tk.Number, tk.PurchaseID, tk.ReturnSignedOn)
			}
			// The latest signed delivery of the same purchase and customer
			// (returnFacts), mostly in the week before; later requests are
			// refused unless the goods are faulty.
			var signed *models.Ticket
			for _, x := range d.tickets {
				if x.Kind == models.KindDelivery && x.SignedAt != nil && x.PurchaseID != nil && *x.PurchaseID == *tk.PurchaseID &&
					x.CustomerID == tk.CustomerID && x.SignedAt.Before(tk.ReportedAt) && (signed == nil || x.SignedAt.After(*signed.SignedAt)) {
					signed = x
				}
			}
			if signed == nil || !models.CivilDate(signed.SignedAt.In(loc)).Equal(*tk.ReturnSignedOn) {
				t.Fatalf("%s (signed %v) follows %+v", tk.Number, tk.ReturnSignedOn, signed)
			}
			v := models.CheckReturn(models.ReturnRequestOf(tk, loc))
			switch {
			case v.Days > models.ReturnWindowDays && !tk.QualityProblem && v.Allowed:
				t.Fatalf("%s: asked %d days after signing and allowed: %+v", tk.Number, v.Days, v)
			case v.Days > 12:
				old++
			}
			create := eventData(t, evs[0])
			if create["allowed"] != v.Allowed || create["freight"] != v.FreightBy || tk.FreightBy != v.FreightBy {
				t.Fatalf("%s: verdict %+v, timeline %v", tk.Number, v, create)
			}
			switch tk.ReturnOutcome {
			case models.OutcomeExchanged:
				exchanged++
				var num string
				for _, e := range evs {
					if e.Action == models.ActExchange {
						num, _ = eventData(t, e)["delivery"].(string)
					}
				}
				nd := d.byNumber[num]
				if nd == nil || nd.LinkedTicketID == nil || *nd.LinkedTicketID != tk.ID || nd.Kind != models.KindDelivery ||
					derefStr(nd.PurchaseID) != *tk.PurchaseID || nd.CustomerID != tk.CustomerID || nd.Source != tk.Source ||
					!nd.ReportedAt.Equal(*tk.RepairedAt) {
					t.Fatalf("%s exchanged for %q: %+v", tk.Number, num, nd)
				}
			case models.OutcomeRefunded:
				refunded++
				if tk.RefundAmount <= 0 || tk.RefundMethod == "" || tk.ReturnType != models.ReturnRefund {
					t.Fatalf("%s refunded %s by %q", tk.Number, tk.RefundAmount.Yuan(), tk.RefundMethod)
				}
			case models.OutcomeRejected:
				rejected++
			}
			// Goods taken back against the rules only with a reason.
			for _, e := range evs {
				if e.Action == models.ActReceiveGoods && !v.Allowed && (eventData(t, e)["goodwill"] != true || e.Note == "") {
					t.Fatalf("%s: refused by the rules, taken back without a reason: %+v", tk.Number, e)
				}
			}
		case models.KindDelivery:
			if tk.LinkedTicketID != nil {
				if r := d.tickets[*tk.LinkedTicketID]; r != nil && r.Kind == models.KindReturn && r.ReturnOutcome != models.OutcomeExchanged {
					t.Fatalf("%s replaces %s, which was not exchanged", tk.Number, r.Number)
				}
			}
		}
	}
	share := float64(complaints) / float64(jobs)
	if res.Complaints != complaints || res.Returns != returns || share < 0.005 || share > 0.05 || fromCalls == 0 || staffFault == 0 ||
		penalised == 0 || returns == 0 || refunded+exchanged+rejected == 0 || old > 3 {
		t.Fatalf("%d jobs: %d complaints (%d from calls, %d staff at fault, %d penalised), %d returns (%d refunded, %d exchanged, %d rejected, %d asked weeks after signing)",
			jobs, complaints, fromCalls, staffFault, penalised, returns, refunded, exchanged, rejected, old)
	}
}

// The records of spot checks, meetings, delivery records, calls and
// complaints, and the month closes: every past month compiled from its
// records (the stored totals are the records' totals), approved and
// executed; an approved month refuses new records.
func TestDemoConductAndMonths(t *testing.T) {
	a, res := newTicketDemo(t)
	d := loadDemoAftersales(t, a)
	rules := map[string]models.ConductRule{}
	all, _ := a.ConductRules(true)
	for _, r := range all {
		rules[r.ID] = r
	}
	byID := map[string]models.ConductRecord{}
	for _, r := range d.records {
		byID[r.ID] = r
	}
	now := a.clock()
	sources := map[models.RecordSource]int{}
	perMonth := map[string]int{}
	for _, r := range d.records {
		rule, ok := rules[derefStr(r.RuleID)]
		name := firstNonEmpty(rule.Name, rule.NameKey)
		if !ok || r.RuleName != name || r.Kind != rule.Kind || r.Month != models.MonthOf(r.Date) || r.Date.After(now) || r.Qty != 1 {
			t.Fatalf("record %+v (rule %+v)", r, rule)
		}
		want := r.UnitPrice
		if r.AdjustsID == nil && rule.Kind == models.ConductPenalty {
			want = -want
		}
		if r.Amount != want || !rule.PerCase && r.AdjustsID == nil && rule.Kind != models.ConductDismissal && r.UnitPrice != rule.Amount {
			t.Fatalf("record %+v: amount for rule %+v", r, rule)
		}
		if r.AdjustsID != nil {
			orig, ok := byID[*r.AdjustsID]
			if !ok || orig.StaffID != r.StaffID || orig.Month >= r.Month || r.Amount != -orig.Amount {
				t.Fatalf("adjustment %+v of %+v", r, orig)
			}
			m, _ := monthStatus(a.db, orig.Month)
			if !m.Status.Locked() || m.ApprovedAt == nil || !m.ApprovedAt.Before(r.CreatedAt) {
				t.Fatalf("adjustment %+v of a month %+v not approved before it", r, m)
			}
		}
		if r.TicketID != nil {
			found := false
			for _, e := range d.events[*r.TicketID] {
				found = found || e.Action == models.ActNote && e.At.Equal(r.CreatedAt) && strings.Contains(e.Data, `"staff_id":"`+r.StaffID+`"`)
			}
			if !found {
				t.Fatalf("record %+v: no note on its ticket", r)
			}
		}
		if d.staffName[r.StaffID] == "" || r.RecordedBy == "" {
			t.Fatalf("record %+v: staff %q, recorded by %q", r, d.staffName[r.StaffID], r.RecordedBy)
		}
		sources[r.Source]++
		perMonth[r.Month]++
	}
	if res.Records != len(d.records) || len(sources) != len(models.AllRecordSources) {
		t.Fatalf("%d records (result %d) by source %v", len(d.records), res.Records, sources)
	}
	// A few per person and month.
	var staff []models.Staff
	a.db.Find(&staff)
	if avg := float64(len(d.records)) / float64(len(perMonth)) / float64(len(staff)); avg < 0.5 || avg > 12 {
		t.Fatalf("%.2f records per person and month", avg)
	}
	var closes []models.MonthClose
	a.db.Order("month").Find(&closes)
	if res.Months != len(closes) || len(closes) < 100 {
		t.Fatalf("%d month closes (result %d)", len(closes), res.Months)
	}
	thisMonth := models.MonthOf(models.CivilDate(now.In(a.loc())))
	for i, m := range closes {
		if m.Month >= thisMonth || i > 0 && closes[i-1].Month >= m.Month || m.CompiledAt == nil || m.CompiledBy == "" {
			t.Fatalf("close %+v", m)
		}
		start, _ := models.ParseMonth(m.Month)
		if m.CompiledAt.Before(start.AddDate(0, 1, 0).Add(-8*time.Hour)) || m.CompiledAt.After(now) {
			t.Fatalf("%s compiled %v", m.Month, m.CompiledAt)
		}
		if m.Status == models.MonthExecuted && (m.ApprovedAt == nil || m.ExecutedAt == nil || !m.ExecutedAt.After(*m.ApprovedAt) || !m.ApprovedAt.After(*m.CompiledAt)) {
			t.Fatalf("executed %+v", m)
		}
		v, err := a.Month(m.Month)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Compiled) != len(v.Lines) {
			t.Fatalf("%s: compiled %d lines, records give %d", m.Month, len(v.Compiled), len(v.Lines))
		}
		for j := range v.Lines {
			if v.Compiled[j] != v.Lines[j] {
				t.Fatalf("%s: compiled %+v, records give %+v", m.Month, v.Compiled[j], v.Lines[j])
			}
		}
	}
	// Closed months are closed to the app too; the current one is open.
	var tech models.Staff
	a.db.Where("roles LIKE ? AND active = ?", "%technician%", true).Order("name").Limit(1).Find(&tech)
	old := closes[len(closes)-2]
	start, _ := models.ParseMonth(old.Month)
	in := models.RecordInput{StaffID: tech.ID, Date: models.FormatDate(start.AddDate(0, 0, 3)), RuleID: "rule-uniform", Source: models.RecSpotCheck}
	if _, err := a.AddRecord(in); err == nil || !strings.Contains(err.Error(), old.Month) {
		t.Fatalf("a record in the closed month %s: %v", old.Month, err)
	}
	in.Date = models.FormatDate(now)
	if _, err := a.AddRecord(in); err != nil {
		t.Fatalf("a record this month: %v", err)
	}
}

// Into an empty database a large demo writes without a journal and puts
// everything back: the same rows as the safe way, the file in WAL mode,
// whole, with every index, and the App working on it.
func TestDemoFastLoad(t *testing.T) {
	sqliteOnly(t, "the demo writer's journal modes of the file")
	defer func(n int) { demoFastMin, demoWroteFast = n, nil }(demoFastMin)
	var modes []bool
	demoWroteFast = func(fast bool) { modes = append(modes, fast) }
	demoFastMin = 0
	fast, _ := newTicketDemo(t)
	demoFastMin = 1 << 30
	safe, _ := newTicketDemo(t)
	if len(modes) != 2 || !modes[0] || modes[1] {
		t.Fatalf("written fast: %v, want the first only", modes)
	}
	for _, table := range append(demoTicketTablesForDump, "audit_entries") {
		df, ds := dumpTable(t, fast, table), dumpTable(t, safe, table)
		if strings.Join(df, "\n") != strings.Join(ds, "\n") {
			t.Fatalf("%s: the fast load wrote %d rows, the safe one %d, or other values", table, len(df), len(ds))
		}
	}
	var mode, check string
	fast.db.Raw("PRAGMA journal_mode").Scan(&mode)
	fast.db.Raw("PRAGMA integrity_check").Scan(&check)
	if mode != "wal" || check != "ok" {
		t.Fatalf("after a fast load: journal %q, integrity %q", mode, check)
	}
	indexes := func(a *App) []string {
		var out []string
		a.db.Raw("SELECT name || ' ' || COALESCE(sql, '') FROM sqlite_master WHERE type = 'index' ORDER BY name").Scan(&out)
		return out
	}
	if fi, si := indexes(fast), indexes(safe); strings.Join(fi, "\n") != strings.Join(si, "\n") || len(fi) < 50 {
		t.Fatalf("indexes after a fast load differ:\n%s\n--\n%s", strings.Join(fi, "\n"), strings.Join(si, "\n"))
	}
	// The App goes on: its search finds a demo customer, a ticket can be made.
	var c models.Customer
	fast.db.Preload("Phones").Order("id").Limit(1).Find(&c)
	found, err := fast.SearchCustomers(context.Background(), c.Name, SearchOptions{Limit: 50})
	if err != nil || len(found) == 0 {
		t.Fatalf("search %q after a fast load: %v %v", c.Name, found, err)
	}
	if _, err := fast.CreateTicket(IntakeInput{CustomerID: c.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "不制冷"}); err != nil {
		t.Fatal(err)
	}
	// A database with data keeps the safe settings (and is still whole).
	demoFastMin = 0
	if empty, err := fast.demoEmpty(); err != nil || empty {
		t.Fatalf("a database with the demo in it is empty: %v %v", empty, err)
	}
	if _, err := fast.Demo(DemoOptions{Customers: 10, Tickets: 20, Seed: 8}); err != nil || len(modes) != 3 || modes[2] {
		t.Fatalf("a demo into a database with data: %v, written fast: %v", err, modes)
	}
	path := filepath.Join(t.TempDir(), "x.db")
	b, err := Open(Options{Path: path, Clock: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if empty, err := b.demoEmpty(); err != nil || !empty {
		t.Fatalf("a new database is not empty: %v %v", empty, err)
	}
}

// The writer binds a statement's values in one call on the driver's own
// statement: the same values come back as the driver would have stored
// them, an empty text stays text, and a failed insert says why.
func TestDemoBinder(t *testing.T) {
	a := newTestApp(t)
	w, err := a.openDemoWriter(false)
	if err != nil {
		t.Fatal(err)
	}
	defer w.close(true)
	if _, err := w.conn.ExecContext(w.ctx, `CREATE TABLE bind_x (id TEXT PRIMARY KEY, n INTEGER, f NUMERIC, s TEXT, e TEXT, z TEXT)`); err != nil {
		t.Fatal(err)
	}
	err = w.conn.Raw(func(dc any) error {
		c := dc.(driver.ConnPrepareContext)
		st, err := c.PrepareContext(w.ctx, `INSERT INTO bind_x VALUES (?,?,?,?,?,?),(?,?,?,?,?,?)`)
		if err != nil {
			return err
		}
		defer st.Close()
		h := demoStmtHandle(st)
		if h == nil {
			t.Fatal("no statement handle in the driver's statement")
		}
		var bd demoBinder
		args := make([]driver.NamedValue, 12)
		for i, v := range []any{"a", int64(-7), true, "售后管家", "", nil, "b", int64(1 << 40), false, "x'y", "", nil} {
			args[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
		}
		if done, err := bd.exec(h, args); !done || err != nil {
			t.Fatalf("exec: %v %v", done, err)
		}
		if done, err := bd.exec(h, args); !done || err == nil || !strings.Contains(err.Error(), "UNIQUE") {
			t.Fatalf("a second insert of the same ids: %v %v", done, err)
		}
		args[0].Value = 3.5
		if done, _ := bd.exec(h, args); done {
			t.Fatal("a float was bound")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	rows, err := w.conn.QueryContext(w.ctx, `SELECT id || '|' || n || '|' || f || '|' || s || '|' || typeof(e) || e || '|' || typeof(z) FROM bind_x ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		rows.Scan(&s)
		got = append(got, s)
	}
	rows.Close()
	if want := "a|-7|1|售后管家|text|null,b|1099511627776|0|x'y|text|null"; strings.Join(got, ",") != want {
		t.Fatalf("stored %v, want %s", got, want)
	}
}
