package app

import (
	"database/sql"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"aftercare/models"
)

// demoTicketOpts is the small ticket demo the tests share.
var demoTicketOpts = DemoOptions{Customers: 300, Tickets: 2000, Seed: 5}

func newTicketDemo(t testing.TB) (*App, DemoResult) {
	t.Helper()
	a := newTestApp(t)
	res, err := a.Demo(demoTicketOpts)
	if err != nil {
		t.Fatal(err)
	}
	return a, res
}

// dumpTable lists every row of a table, every column as text, in rowid order.
func dumpTable(t testing.TB, a *App, table string) []string {
	t.Helper()
	rows, err := a.db.Raw("SELECT * FROM " + table + " ORDER BY rowid").Rows()
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]sql.RawBytes, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var out []string
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = string(v)
			if v == nil {
				parts[i] = "NULL"
			}
		}
		out = append(out, strings.Join(parts, "|"))
	}
	return out
}

var demoTicketTablesForDump = []string{"staff", "tickets", "ticket_events", "contact_attempts", "ticket_items", "payments", "ticket_counters"}

func TestDemoTicketsDeterministic(t *testing.T) {
	a, ra := newTicketDemo(t)
	b, rb := newTicketDemo(t)
	if ra != rb {
		t.Fatalf("counts differ: %+v vs %+v", ra, rb)
	}
	if ra.Tickets != 2000 || ra.Staff < 15 || ra.Events < 5*ra.Tickets {
		t.Fatalf("counts: %+v", ra)
	}
	for _, table := range demoTicketTablesForDump {
		da, db := dumpTable(t, a, table), dumpTable(t, b, table)
		if len(da) != len(db) || len(da) == 0 {
			t.Fatalf("%s: %d rows vs %d", table, len(da), len(db))
		}
		for i := range da {
			if da[i] != db[i] {
				t.Fatalf("%s row %d differs:\n%s\n%s", table, i, da[i], db[i])
			}
		}
	}
	var n int64
	a.db.Table("ticket_events").Count(&n)
	if int(n) != ra.Events {
		t.Fatalf("%d events in the table, result says %d", n, ra.Events)
	}
	c := newTestApp(t)
	opt := demoTicketOpts
	opt.Seed++
	if _, err := c.Demo(opt); err != nil {
		t.Fatal(err)
	}
	if dumpTable(t, c, "tickets")[0] == dumpTable(t, a, "tickets")[0] {
		t.Fatal("another seed gave the same tickets")
	}
}

// demoPairKey names a (mode, status) pair.
type demoPairKey struct {
	Mode   models.RepairMode
	Status models.Status
}

// workflowPairs walks the workflow table from intake in every mode: every
// (mode, status) a repair can be in.
func workflowPairs() map[demoPairKey]bool {
	seen := map[demoPairKey]bool{}
	var queue []demoPairKey
	for _, m := range models.AllModes {
		p := demoPairKey{m, models.StatusNew}
		seen[p] = true
		queue = append(queue, p)
	}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, tr := range models.Transitions {
			found, ok := models.Find(tr.Action, p.Mode, p.Status)
			if !ok {
				continue
			}
			t := models.Ticket{Mode: p.Mode, Status: p.Status}
			models.ApplyStep(&t, found, models.StepInput{Action: tr.Action}, time.Time{})
			if n := (demoPairKey{t.Mode, t.Status}); !seen[n] {
				seen[n] = true
				queue = append(queue, n)
			}
		}
	}
	return seen
}

func TestDemoTicketsCoverWorkflowAndRules(t *testing.T) {
	a, _ := newTicketDemo(t)
	checkDemoTickets(t, a, true)
}

// The shop's clock is in China: day numbers and due times follow it.
func TestDemoTicketsInShopTimeZone(t *testing.T) {
	cst := fixedNow.In(time.FixedZone("CST", 8*3600)).Add(-3 * time.Hour) // 15:00 in Beijing
	a, err := Open(Options{Path: filepath.Join(t.TempDir(), "shop.db"), Clock: func() time.Time { return cst }})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.Demo(DemoOptions{Customers: 100, Tickets: 600, Seed: 9}); err != nil {
		t.Fatal(err)
	}
	checkDemoTickets(t, a, false)
}

// checkDemoTickets checks every ticket against the workflow, NextDue and
// the numbering; all: every reachable (mode, status) must appear.
func checkDemoTickets(t *testing.T, a *App, all bool) {
	t.Helper()
	var tickets []models.Ticket
	if err := a.db.Order("reported_at, number").Find(&tickets).Error; err != nil {
		t.Fatal(err)
	}
	want := workflowPairs()
	got := map[demoPairKey]int{}
	now, loc := a.clock(), a.loc()
	open, overdue, consultations := 0, 0, 0
	numRe := regexp.MustCompile(`^(WX|DH)(\d{8})-(\d{3,})$`)
	seqs := map[string][]int{}
	for i := range tickets {
		tk := &tickets[i]
		if tk.Kind == models.KindConsultation {
			consultations++
			if tk.Status != models.StatusClosed || tk.Mode != "" || tk.DueAt != nil {
				t.Fatalf("%s: a consultation is closed at intake: %+v", tk.Number, tk)
			}
		} else {
			p := demoPairKey{tk.Mode, tk.Status}
			if !want[p] {
				t.Fatalf("%s is in %v, which the workflow cannot reach", tk.Number, p)
			}
			got[p]++
		}
		// DueAt is what App.setDue stores.
		due, ok := models.NextDue(tk, a.dueRules(), loc)
		switch {
		case !ok && tk.DueAt != nil, ok && (tk.DueAt == nil || !tk.DueAt.Equal(due.At)):
			t.Fatalf("%s (%s %s): due_at %v, NextDue %v %v", tk.Number, tk.Mode, tk.Status, tk.DueAt, due, ok)
		}
		if !tk.Status.Terminal() {
			open++
			if tk.DueAt != nil && tk.DueAt.Before(now) {
				overdue++
			}
			if all && tk.ReportedAt.Before(now.AddDate(0, -6, 0)) {
				t.Errorf("%s is still %s half a year after it was reported (%v)", tk.Number, tk.Status, tk.ReportedAt)
			}
		}
		m := numRe.FindStringSubmatch(tk.Number)
		if m == nil || m[1] != tk.Kind.NumberPrefix() || m[2] != tk.ReportedAt.In(loc).Format("20060102") {
			t.Fatalf("number %s does not match kind %s reported %v", tk.Number, tk.Kind, tk.ReportedAt)
		}
		seq, _ := strconv.Atoi(m[3])
		seqs[m[1]+m[2]] = append(seqs[m[1]+m[2]], seq)
	}
	for p := range want {
		if got[p] == 0 && all {
			t.Errorf("no demo ticket is %s/%s", p.Mode, p.Status)
		}
	}
	if consultations == 0 || open == 0 || overdue == 0 || overdue == open {
		t.Errorf("consultations %d, open %d, overdue %d", consultations, open, overdue)
	}
	// Daily sequences run 1, 2, 3… in report order, and the counters
	// continue them.
	var counters []models.TicketCounter
	a.db.Find(&counters)
	byKey := map[string]int{}
	for _, c := range counters {
		byKey[c.Prefix+c.Day] = c.Seq
	}
	for key, s := range seqs {
		for i, n := range s {
			if n != i+1 {
				t.Fatalf("%s: sequence %v", key, s)
			}
		}
		if byKey[key] != len(s) {
			t.Fatalf("%s: counter %d, %d tickets", key, byKey[key], len(s))
		}
	}
	if len(byKey) != len(seqs) {
		t.Fatalf("%d counters for %d days", len(byKey), len(seqs))
	}
}

func TestDemoTicketsTimelinesAndCharges(t *testing.T) {
	a, _ := newTicketDemo(t)
	var tickets []models.Ticket
	a.db.Find(&tickets)
	var events []models.TicketEvent
	a.db.Order("ticket_id, at, id").Find(&events)
	byTicket := map[string][]models.TicketEvent{}
	for _, e := range events {
		byTicket[e.TicketID] = append(byTicket[e.TicketID], e)
	}
	var items []models.TicketItem
	a.db.Find(&items)
	quotes := map[string][]models.TicketItem{}
	for _, it := range items {
		quotes[it.TicketID] = append(quotes[it.TicketID], it)
	}
	paid := map[string]models.Money{}
	var pays []models.Payment
	a.db.Find(&pays)
	methods := map[models.PaymentMethod]int{}
	for _, p := range pays {
		paid[p.TicketID] += p.Amount
		methods[p.Method]++
	}
	charged, repeats, escalated, rescheduled, approved := 0, 0, 0, 0, 0
	for i := range tickets {
		tk := &tickets[i]
		evs := byTicket[tk.ID]
		if len(evs) == 0 || evs[0].Action != models.ActCreate || evs[0].From != "" {
			t.Fatalf("%s: the timeline does not start with its creation", tk.Number)
		}
		// Each event starts where the one before left the ticket.
		status := evs[0].To
		for j, e := range evs[1:] {
			if e.From != status || !e.At.After(evs[j].At) {
				t.Fatalf("%s: event %d %s from %s at %v after %s at %v", tk.Number, j+1, e.Action, e.From, e.At, status, evs[j].At)
			}
			status = e.To
		}
		if status != tk.Status || tk.Version != 1+len(evs)-1-countAction(evs, models.ActNote) {
			t.Fatalf("%s: timeline ends in %s, ticket is %s (version %d, %d events)", tk.Number, status, tk.Status, tk.Version, len(evs))
		}
		q := models.QuoteOf(quotes[tk.ID])
		if paid[tk.ID] > q.Total {
			t.Fatalf("%s: paid %s for a quote of %s", tk.Number, paid[tk.ID].Yuan(), q.Total.Yuan())
		}
		if tk.Status == models.StatusClosed && tk.Kind == models.KindRepair {
			if paid[tk.ID] != q.Total {
				t.Fatalf("%s closed with %s paid of %s", tk.Number, paid[tk.ID].Yuan(), q.Total.Yuan())
			}
			if q.Total > 0 {
				charged++
				if tk.WarrantyCovered && tk.Liability != models.LiabilityCustomer {
					t.Fatalf("%s: a covered repair was charged", tk.Number)
				}
			}
		}
		if tk.RepairedAt != nil && q.Total > 0 && (tk.ConsentAt == nil || tk.ConsentAt.After(*tk.RepairedAt)) {
			t.Fatalf("%s repaired without the customer's consent to %s", tk.Number, q.Total.Yuan())
		}
		if q.NeedsApproval(models.DiscountLimitPercent) && tk.RepairedAt != nil {
			if tk.QuoteApprovedAt == nil {
				t.Fatalf("%s: a quote %s below %s was not approved", tk.Number, q.Total.Yuan(), q.ScheduleTotal.Yuan())
			}
			approved++
		}
		if tk.RepeatOfID != nil {
			repeats++
		}
		if tk.Escalations > 0 {
			escalated++
		}
		if tk.ReschedulesCust+tk.ReschedulesShop > 0 {
			rescheduled++
		}
	}
	if charged == 0 || repeats == 0 || escalated == 0 || rescheduled == 0 || approved == 0 || len(methods) != 4 {
		t.Fatalf("charged %d, repeats %d, escalated %d, rescheduled %d, approved %d, methods %v",
			charged, repeats, escalated, rescheduled, approved, methods)
	}
	// Every code on a charge line comes from the fee schedule.
	fees := map[string]models.FeeItem{}
	for _, f := range a.FeeSchedule() {
		fees[f.Key] = f
	}
	for _, it := range items {
		if f, ok := fees[it.Code]; it.Code != "" && (!ok || f.Price != it.SchedulePrice || f.NameZH != it.Name) {
			t.Fatalf("charge line %+v is not the fee schedule's %+v", it, f)
		}
	}
}

func countAction(evs []models.TicketEvent, act models.Action) int {
	n := 0
	for _, e := range evs {
		if e.Action == act {
			n++
		}
	}
	return n
}

// demoStepFor picks a legal action that needs nothing but a reason, or
// the natural next step, for an open demo ticket.
func demoStepFor(t *testing.T, a *App, d *TicketDetail) models.StepInput {
	legal := map[models.Action]bool{}
	for _, act := range d.Legal {
		legal[act] = true
	}
	switch {
	case d.Ticket.Status == models.StatusScheduled:
		return models.StepInput{Action: models.ActArrive}
	case d.Ticket.Status == models.StatusNew && d.Ticket.Mode == models.ModeOnSite:
		techs, err := a.StaffWithRole(models.RoleTechnician)
		if err != nil || len(techs) == 0 {
			t.Fatal("no active technicians", err)
		}
		return models.StepInput{Action: models.ActAssign, TechnicianID: techs[0].ID}
	case legal[models.ActEscalate]:
		return models.StepInput{Action: models.ActEscalate, Reason: "测试：升级处理"}
	case legal[models.ActCancel]:
		return models.StepInput{Action: models.ActCancel, Reason: "测试：取消"}
	case legal[models.ActAbandon]:
		return models.StepInput{Action: models.ActAbandon, Reason: "测试：放弃"}
	case legal[models.ActClose]:
		return models.StepInput{Action: models.ActClose}
	}
	t.Fatalf("%s (%s %s): no simple step among %v", d.Ticket.Number, d.Ticket.Mode, d.Ticket.Status, d.Legal)
	return models.StepInput{}
}

func TestDemoTicketsLoadAndStep(t *testing.T) {
	a, _ := newTicketDemo(t)
	var open []models.Ticket
	a.db.Where("status NOT IN ?", []models.Status{models.StatusClosed, models.StatusCancelled, models.StatusAbandoned}).
		Order("number").Find(&open)
	done := map[demoPairKey]bool{}
	for _, tk := range open {
		p := demoPairKey{tk.Mode, tk.Status}
		if done[p] {
			continue
		}
		done[p] = true
		d, err := a.Ticket(tk.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Events) == 0 || d.Customer.ID == "" || d.Paid > d.Quote.Total || (d.Ticket.TechnicianID != nil && d.Technician == "") {
			t.Fatalf("%s loads incompletely: %d events, customer %q, technician %q", tk.Number, len(d.Events), d.Customer.ID, d.Technician)
		}
		in := demoStepFor(t, a, d)
		after, err := a.Step(tk.ID, d.Ticket.Version, in)
		if err != nil {
			t.Fatalf("%s (%s %s): %s: %v", tk.Number, tk.Mode, tk.Status, in.Action, err)
		}
		if len(after.Events) != len(d.Events)+1 || after.Ticket.Version != d.Ticket.Version+1 {
			t.Fatalf("%s: the step was not recorded", tk.Number)
		}
	}
	if len(done) < 30 {
		t.Fatalf("only %d open (mode, status) pairs", len(done))
	}
	// A closed, charged ticket loads with its quote paid.
	var closed models.Ticket
	a.db.Where("status = ? AND consent_at IS NOT NULL", models.StatusClosed).Order("number").Limit(1).Find(&closed)
	d, err := a.Ticket(closed.ID)
	if err != nil || d.Quote.Total == 0 || d.Balance() != 0 || len(d.Payments) == 0 || d.Due != nil {
		t.Fatalf("closed charged ticket %s: %v %+v", closed.Number, err, d)
	}
}

func TestDemoTicketsNumbersContinue(t *testing.T) {
	a, _ := newTicketDemo(t)
	var cust models.Customer
	a.db.Order("id").Limit(1).Find(&cust)
	// Today: the next number after the demo's.
	var c models.TicketCounter
	a.db.Where("prefix = ? AND day = ?", "WX", fixedNow.Format("20060102")).Limit(1).Find(&c)
	d, err := a.CreateTicket(IntakeInput{CustomerID: cust.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "不制冷"})
	if err != nil {
		t.Fatal(err)
	}
	if want := models.FormatTicketNumber("WX", fixedNow, c.Seq+1); d.Ticket.Number != want {
		t.Fatalf("after the demo: %s, want %s", d.Ticket.Number, want)
	}
	// A past day with many demo tickets, for both prefixes.
	for _, prefix := range []string{"WX", "DH"} {
		var busy models.TicketCounter
		a.db.Where("prefix = ?", prefix).Order("seq DESC, day").Limit(1).Find(&busy)
		day, _ := time.ParseInLocation("20060102", busy.Day, fixedNow.Location())
		clock := day.Add(19 * time.Hour)
		b, err := Open(Options{Path: a.Path(), Clock: func() time.Time { return clock }})
		if err != nil {
			t.Fatal(err)
		}
		in := IntakeInput{CustomerID: cust.ID, Kind: models.KindRepair, Mode: models.ModeCarryIn, Symptom: "不加热"}
		if prefix == "DH" {
			in = IntakeInput{CustomerID: cust.ID, Kind: models.KindConsultation, Resolution: "电话指导"}
		}
		d, err := b.CreateTicket(in)
		b.Close()
		if err != nil {
			t.Fatal(err)
		}
		if want := models.FormatTicketNumber(prefix, day, busy.Seq+1); d.Ticket.Number != want || busy.Seq < 1 {
			t.Fatalf("on %s: %s, want %s", busy.Day, d.Ticket.Number, want)
		}
	}
}

func TestDemoTicketsRowsLikeTheApp(t *testing.T) {
	a, _ := newTicketDemo(t)
	// The generator's column lists cover every column of its tables.
	for _, tb := range demoTables {
		cols, err := a.db.Migrator().ColumnTypes(tb.name)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, c := range cols {
			names = append(names, c.Name())
		}
		got := append([]string(nil), tb.cols...)
		sort.Strings(names)
		sort.Strings(got)
		if strings.Join(names, ",") != strings.Join(got, ",") {
			t.Errorf("%s: table has %v, the demo writes %v", tb.name, names, got)
		}
	}
	// Times and flags are stored exactly as GORM stores the app's own rows.
	var cust models.Customer
	a.db.Order("id").Limit(1).Find(&cust)
	d, err := a.CreateTicket(IntakeInput{CustomerID: cust.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "x"})
	if err != nil {
		t.Fatal(err)
	}
	shape := func(id string) string {
		var s string
		a.db.Raw(`SELECT typeof(reported_at) || typeof(created_at) || typeof(warranty_covered) || typeof(version) || typeof(status_since) || '|' ||
			regexp_like FROM (SELECT *, CASE WHEN reported_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]*+00:00' THEN 'ok' ELSE reported_at END AS regexp_like FROM tickets) WHERE id = ?`, id).Scan(&s)
		return s
	}
	var demo models.Ticket
	a.db.Where("id <> ?", d.Ticket.ID).Order("number").Limit(1).Find(&demo)
	if got, want := shape(demo.ID), shape(d.Ticket.ID); got != want || !strings.HasSuffix(want, "|ok") {
		t.Fatalf("demo row stored as %q, the app's as %q", got, want)
	}
	for _, ts := range []time.Time{fixedNow, fixedNow.Add(1500 * time.Millisecond), time.Date(2019, 2, 3, 4, 5, 6, 0, time.FixedZone("CST", 8*3600))} {
		if got, want := demoTS(ts), ts.UTC().Format("2006-01-02 15:04:05.999999999-07:00"); got != want {
			t.Fatalf("demoTS(%v) = %s, want %s", ts, got, want)
		}
	}
}

func TestDemoTicketsNeedCustomers(t *testing.T) {
	a := newTestApp(t)
	if _, err := a.Demo(DemoOptions{Tickets: 10, Seed: 1}); err == nil || !strings.Contains(err.Error(), "customers") {
		t.Fatalf("tickets without customers: %v", err)
	}
}

func TestCommandDemoTickets(t *testing.T) {
	db := filepath.Join(t.TempDir(), "shop.db")
	code, out, errs := runCmd(t, db, "demo", "--customers", "60", "--tickets", "300", "--seed", "2")
	if code != ExitOK || !strings.Contains(out, "demo: 60 customers") || !strings.Contains(out, "300 tickets") {
		t.Fatalf("demo: %d %q %q", code, out, errs)
	}
	if code, _, errs = runCmd(t, db, "demo", "--tickets", "-1"); code != ExitUsage || !strings.Contains(errs, "--tickets") {
		t.Fatalf("negative tickets: %d %q", code, errs)
	}
	a, err := Open(Options{Path: db, Clock: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	var n int64
	a.db.Model(&models.Ticket{}).Count(&n)
	var audits int64
	a.db.Model(&models.AuditEntry{}).Where("action = ?", "demo_tickets").Count(&audits)
	if n != 300 || audits != 1 {
		t.Fatalf("%d tickets, %d audit entries", n, audits)
	}
}
