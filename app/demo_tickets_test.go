package app

import (
	"context"
	"database/sql"
	"fmt"
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
	// The seeded checklists and conduct rules have random IDs, which
	// deliveries and records copy: give them the same IDs in every test
	// database.
	if err := a.db.Exec("UPDATE checklist_templates SET id = family || '-' || version").Error; err != nil {
		t.Fatal(err)
	}
	if err := a.db.Exec("UPDATE conduct_rules SET id = 'rule-' || code").Error; err != nil {
		t.Fatal(err)
	}
	res, err := a.Demo(demoTicketOpts)
	if err != nil {
		t.Fatal(err)
	}
	return a, res
}

// dumpTable lists every row of a table, every column as text, in rowid
// order (on PostgreSQL, which has no rowid, in the order of the first
// column: the ID).
func dumpTable(t testing.TB, a *App, table string) []string {
	t.Helper()
	order := "rowid"
	if a.Postgres() {
		order = "1"
	}
	rows, err := a.db.Raw("SELECT * FROM " + table + " ORDER BY " + order).Rows()
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

var demoTicketTablesForDump = []string{"staff", "tickets", "ticket_events", "contact_attempts", "ticket_items", "payments", "ticket_counters",
	"purchases", "crew_members", "delivery_items", "ticket_checks", "follow_ups", "conduct_records", "month_closes", "customers", "phones", "addresses"}

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
// (mode, status) a repair, a delivery, a part request, a complaint or a
// return can be in.
func workflowPairs() map[demoPairKey]bool {
	seen := map[demoPairKey]bool{}
	var queue []demoPairKey
	starts := []demoPairKey{{models.ModeDelivery, models.StatusNew}, {models.ModePart, models.StatusRequested},
		{models.ModeComplaint, models.StatusNew}, {models.ModeReturn, models.StatusRequested}}
	for _, m := range models.AllModes {
		starts = append(starts, demoPairKey{m, models.StatusNew})
	}
	for _, p := range starts {
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
	numRe := regexp.MustCompile(`^(WX|DH|SH|BJ|TS|TH)(\d{8})-(\d{3,})$`)
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
	checkDemoDeliveries(t, a, tickets, all)
}

// checkDemoDeliveries checks the deliveries and the tickets raised from
// them against the app's rules: items from the customer's purchases, a
// crew with its leader (or a reason), the checklist of a template version
// ticked by the crew, the problems on both timelines.
func checkDemoDeliveries(t *testing.T, a *App, tickets []models.Ticket, all bool) {
	t.Helper()
	now, loc := a.clock(), a.loc()
	today := models.CivilDate(now.In(loc))
	var items []models.DeliveryItem
	var crew []models.CrewMember
	var checks []models.TicketCheck
	var tpls []models.ChecklistTemplate
	var purchases []models.Purchase
	var staff []models.Staff
	var events []models.TicketEvent
	a.db.Order("ticket_id, position").Find(&items)
	a.db.Order("ticket_id, position").Find(&crew)
	a.db.Order("ticket_id, position").Find(&checks)
	a.db.Find(&tpls)
	a.db.Find(&purchases)
	a.db.Find(&staff)
	a.db.Where("action IN ?", []models.Action{models.ActCompleteInst, models.ActReportProblem}).Order("ticket_id, at").Find(&events)
	itemsOf := map[string][]models.DeliveryItem{}
	for _, x := range items {
		itemsOf[x.TicketID] = append(itemsOf[x.TicketID], x)
	}
	crewOf := map[string][]models.CrewMember{}
	for _, x := range crew {
		crewOf[x.TicketID] = append(crewOf[x.TicketID], x)
	}
	checksOf := map[string][]models.TicketCheck{}
	for _, x := range checks {
		checksOf[x.TicketID] = append(checksOf[x.TicketID], x)
	}
	tplByID := map[string]*models.ChecklistTemplate{}
	for i := range tpls {
		tplByID[tpls[i].ID] = &tpls[i]
	}
	purchaseByID := map[string]*models.Purchase{}
	for i := range purchases {
		purchaseByID[purchases[i].ID] = &purchases[i]
	}
	staffByID, staffByName := map[string]*models.Staff{}, map[string]*models.Staff{}
	for i := range staff {
		staffByID[staff[i].ID], staffByName[staff[i].Name] = &staff[i], &staff[i]
	}
	completions, problems := map[string]models.TicketEvent{}, map[string]models.TicketEvent{}
	for _, e := range events {
		if e.Action == models.ActCompleteInst {
			completions[e.TicketID] = e
		} else {
			problems[e.TicketID] = e
		}
	}
	byID := map[string]*models.Ticket{}
	for i := range tickets {
		byID[tickets[i].ID] = &tickets[i]
	}
	legal := workflowPairs()
	deliveries, single, unticked, multi, raisedRepairs, raisedParts, withProblem := 0, 0, 0, 0, 0, 0, 0
	var comingDays, noCrew, awaitingSlip int
	for i := range tickets {
		tk := &tickets[i]
		exchange := false // the replacement of an exchanged purchase (demo_aftersales_test.go checks the rest)
		if tk.LinkedTicketID != nil {
			d := byID[*tk.LinkedTicketID]
			exchange = tk.Kind == models.KindDelivery && d != nil && d.Kind == models.KindReturn
		}
		if tk.LinkedTicketID != nil && tk.Kind != models.KindComplaint && !exchange {
			d := byID[*tk.LinkedTicketID]
			if d == nil || d.Kind != models.KindDelivery || d.CustomerID != tk.CustomerID || tk.Source != models.SourceDelivery || tk.ProblemKind == "" {
				t.Fatalf("%s is linked to %v, not a delivery of the same customer (source %s, problem %q)", tk.Number, d, tk.Source, tk.ProblemKind)
			}
			e, ok := problems[d.ID]
			if !ok || !e.At.Equal(tk.ReportedAt) || !strings.Contains(e.Data, `"raised":"`+tk.Number+`"`) ||
				(e.From != models.StatusInService && e.From != models.StatusInstalled) {
				t.Fatalf("%s: the delivery %s does not record the problem that raised it: %+v", tk.Number, d.Number, e)
			}
			switch tk.Kind {
			case models.KindPart:
				raisedParts++
				if tk.Mode != models.ModePart || tk.PartName == "" || tk.PartQty < 1 {
					t.Fatalf("%s: part request %s %q ×%d", tk.Number, tk.Mode, tk.PartName, tk.PartQty)
				}
				// Ordered the day it was raised, expected after its category's lead time.
				c, ok := models.FindPartCategory(a.PartCategories(), tk.PartCategory)
				if !ok || tk.OrderDate == nil || tk.PartExpected == nil || !tk.OrderDate.Equal(models.CivilDate(tk.ReportedAt.In(loc))) ||
					!tk.PartExpected.Equal(models.PartExpectedDate(tk.ReportedAt.In(loc), c)) {
					t.Fatalf("%s: category %q ordered %v expected %v", tk.Number, tk.PartCategory, tk.OrderDate, tk.PartExpected)
				}
			case models.KindRepair:
				raisedRepairs++
				if tk.Mode != models.ModeOnSite && tk.Mode != models.ModeFactory {
					t.Fatalf("%s: a repair raised on delivery is done on site, not %s", tk.Number, tk.Mode)
				}
			default:
				t.Fatalf("%s: a %s raised from a delivery", tk.Number, tk.Kind)
			}
		} else if tk.Kind == models.KindPart || tk.Source == models.SourceDelivery {
			t.Fatalf("%s (%s, source %s) is not linked to a delivery", tk.Number, tk.Kind, tk.Source)
		}
		if tk.Kind != models.KindDelivery {
			continue
		}
		deliveries++
		if tk.Mode != models.ModeDelivery || !legal[demoPairKey{tk.Mode, tk.Status}] || !strings.HasPrefix(tk.Number, models.KindDelivery.NumberPrefix()) {
			t.Fatalf("%s: a delivery in %s/%s", tk.Number, tk.Mode, tk.Status)
		}
		if _, ok := problems[tk.ID]; ok {
			withProblem++
		}
		// Items: the first from a purchase of the customer bought in the
		// days before the delivery was booked.
		its := itemsOf[tk.ID]
		if len(its) == 0 || len(its) > 4 || its[0].PurchaseID == nil || tk.PurchaseID == nil || *its[0].PurchaseID != *tk.PurchaseID {
			t.Fatalf("%s: items %+v, purchase %v", tk.Number, its, tk.PurchaseID)
		}
		if len(its) > 1 {
			multi++
		}
		p := purchaseByID[*tk.PurchaseID]
		booked := models.CivilDate(tk.ReportedAt.In(loc))
		if p == nil || p.CustomerID != tk.CustomerID || p.Product != its[0].Product || p.Model != its[0].Model ||
			p.PurchaseDate.After(booked) || !exchange && p.PurchaseDate.Before(booked.AddDate(0, 0, -4)) {
			t.Fatalf("%s booked %s: purchase %+v, item %+v", tk.Number, models.FormatDate(booked), p, its[0])
		}
		for j, it := range its {
			if it.Position != j+1 || it.Qty < 1 || it.Product == "" {
				t.Fatalf("%s: item %+v", tk.Number, it)
			}
		}
		if tk.ApptDate == nil || tk.ApptDate.Before(booked) || (tk.ApptHalf != models.AM && tk.ApptHalf != models.PM) || tk.FirstContactAt == nil {
			t.Fatalf("%s booked %s for %v %s", tk.Number, models.FormatDate(booked), tk.ApptDate, tk.ApptHalf)
		}
		// The crew: named once the delivery is scheduled, led by the
		// ticket's technician, two or more or a reason.
		cm := crewOf[tk.ID]
		ids, leaders, names := []string{}, 0, map[string]bool{}
		for _, m := range cm {
			s := staffByID[m.StaffID]
			if s == nil || !s.HasRole(models.RoleDelivery) {
				t.Fatalf("%s: crew member %s is not delivery staff", tk.Number, m.StaffID)
			}
			ids = append(ids, m.StaffID)
			names[s.Name] = true
			if m.Leader {
				leaders++
				if tk.TechnicianID == nil || *tk.TechnicianID != m.StaffID {
					t.Fatalf("%s: the leader %s is not the ticket's technician %v", tk.Number, m.StaffID, tk.TechnicianID)
				}
			}
		}
		switch {
		case tk.TechnicianID == nil:
			if len(cm) > 0 || (tk.Status != models.StatusNew && tk.Status != models.StatusCancelled) {
				t.Fatalf("%s is %s with no leader and %d crew rows", tk.Number, tk.Status, len(cm))
			}
			if tk.Status == models.StatusNew && !tk.ApptDate.Before(today) {
				noCrew++
			}
		case leaders != 1 || models.CheckCrew(ids, *tk.TechnicianID, tk.CrewReason) != nil:
			t.Fatalf("%s: crew %v, %d leaders, reason %q: %v", tk.Number, ids, leaders, tk.CrewReason, models.CheckCrew(ids, *tk.TechnicianID, tk.CrewReason))
		case len(cm) < models.MinCrew:
			single++
		}
		if tk.Status == models.StatusScheduled && !tk.ApptDate.Before(today) {
			comingDays++
		}
		// The checklist: the lines of the template version it names, the
		// family the goods call for.
		tpl := tplByID[derefStr(tk.ChecklistTemplateID)]
		cs := checksOf[tk.ID]
		if tpl == nil || tpl.Version != tk.ChecklistVersion || len(cs) != len(tpl.Items) ||
			(tk.ChecklistName != tpl.Name && tk.ChecklistName != tpl.NameKey) || tpl.Family != models.ChecklistFamilyFor(p.ProductType) {
			t.Fatalf("%s: checklist %v v%d %q (%d lines) for a %s", tk.Number, tk.ChecklistTemplateID, tk.ChecklistVersion, tk.ChecklistName, len(cs), p.ProductType)
		}
		for j, c := range cs {
			line := tpl.Items[j]
			if c.Position != j+1 || c.Key != line.Key || c.Text != line.Text || c.Required != line.Required {
				t.Fatalf("%s: line %d %+v is not the template's %+v", tk.Number, j+1, c, line)
			}
			if c.CheckedAt == nil {
				if c.CheckedBy != "" {
					t.Fatalf("%s: line %d unticked but checked by %q", tk.Number, j+1, c.CheckedBy)
				}
				continue
			}
			// Ticked on site by the crew, or at the counter from the slip
			// (then the completion records the arrival too).
			by := staffByName[c.CheckedBy]
			if by == nil || !names[c.CheckedBy] && !by.HasRole(models.RoleCounter) || c.CheckedAt.After(now) || c.CheckedAt.Before(tk.ReportedAt) ||
				names[c.CheckedBy] && tk.ArrivedAt != nil && c.CheckedAt.Before(*tk.ArrivedAt) || tk.RepairedAt != nil && c.CheckedAt.After(*tk.RepairedAt) {
				t.Fatalf("%s: line %d ticked by %q at %v (arrived %v, installed %v)", tk.Number, j+1, c.CheckedBy, c.CheckedAt, tk.ArrivedAt, tk.RepairedAt)
			}
		}
		done, total, missing := models.Progress(cs)
		if tk.RepairedAt != nil {
			e, ok := completions[tk.ID]
			if !ok || !strings.Contains(e.Data, fmt.Sprintf(`"checklist":"%d / %d"`, done, total)) || (missing > 0) != (tk.ChecklistReason != "") {
				t.Fatalf("%s: %d / %d ticked, %d required missing, reason %q, completion %+v", tk.Number, done, total, missing, tk.ChecklistReason, e)
			}
			if missing > 0 {
				unticked++
			}
			if tk.Status == models.StatusInstalled && !tk.RepairedAt.Before(now.AddDate(0, 0, -3)) {
				awaitingSlip++
			}
		} else if tk.ChecklistReason != "" {
			t.Fatalf("%s: a checklist reason before the installation", tk.Number)
		}
	}
	share := float64(deliveries) / float64(len(tickets))
	if share < 0.22 || share > 0.34 {
		t.Errorf("%d deliveries among %d tickets", deliveries, len(tickets))
	}
	if withProblem != raisedRepairs+raisedParts {
		t.Errorf("%d deliveries report a problem, %d tickets raised", withProblem, raisedRepairs+raisedParts)
	}
	if all && (single == 0 || unticked == 0 || multi == 0 || raisedRepairs == 0 || raisedParts == 0 ||
		comingDays == 0 || noCrew == 0 || awaitingSlip == 0) {
		t.Errorf("crews of one %d, unticked completions %d, several items %d, raised repairs %d, parts %d; "+
			"scheduled in the coming days %d, without crew %d, waiting for the slip %d",
			single, unticked, multi, raisedRepairs, raisedParts, comingDays, noCrew, awaitingSlip)
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
		// Each event starts where the one before left the ticket (the notes
		// of follow-up calls and conduct records name no status).
		status := evs[0].To
		for j, e := range evs[1:] {
			if !e.At.After(evs[j].At) {
				t.Fatalf("%s: event %d %s at %v, not after %v", tk.Number, j+1, e.Action, e.At, evs[j].At)
			}
			if e.Action == models.ActNote && e.From == "" && e.To == "" {
				continue
			}
			if e.From != status {
				t.Fatalf("%s: event %d %s from %s at %v after %s at %v", tk.Number, j+1, e.Action, e.From, e.At, status, evs[j].At)
			}
			status = e.To
		}
		// Notes and reported problems do not change the ticket itself.
		if status != tk.Status || tk.Version != 1+len(evs)-1-countAction(evs, models.ActNote)-countAction(evs, models.ActReportProblem) {
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
		// (A ticket escalated after its repair and not repaired again
		// still shows the first repair's time: its new quote came later.)
		again := false
		for _, e := range evs {
			again = again || e.Action == models.ActEscalate && tk.RepairedAt != nil && e.At.After(*tk.RepairedAt)
		}
		if tk.RepairedAt != nil && q.Total > 0 && !again && (tk.ConsentAt == nil || tk.ConsentAt.After(*tk.RepairedAt)) {
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
	case d.Ticket.Mode == models.ModeComplaint && legal[models.ActClose]:
		return models.StepInput{Action: models.ActClose, Note: "测试：客户接受处理方案"}
	case d.Ticket.Mode == models.ModeReturn && legal[models.ActRejectReturn]:
		return models.StepInput{Action: models.ActRejectReturn, Reason: "测试：不符合退货条件"}
	case legal[models.ActCancel]:
		return models.StepInput{Action: models.ActCancel, Reason: "测试：取消"}
	case legal[models.ActAbandon]:
		return models.StepInput{Action: models.ActAbandon, Reason: "测试：放弃"}
	case legal[models.ActClose]:
		return models.StepInput{Action: models.ActClose}
	case legal[models.ActSign]:
		return models.StepInput{Action: models.ActSign}
	case legal[models.ActReceivePart]:
		return models.StepInput{Action: models.ActReceivePart}
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
	tables := append(append([]*demoTable(nil), demoTables...), demoCheckTable)
	for _, tb := range tables {
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
	// Every value is stored as text or as a number, never as a blob.
	for _, tb := range tables {
		for _, c := range tb.cols {
			var types []string
			a.db.Raw(`SELECT DISTINCT typeof("` + c + `") FROM ` + tb.name).Scan(&types)
			for _, typ := range types {
				if typ != "text" && typ != "integer" && typ != "null" {
					t.Errorf("%s.%s has %s values", tb.name, c, typ)
				}
			}
		}
	}
	if a.Postgres() {
		return // the demo's rows reach a server through the models (copydb.go): stored as the app's own
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

	// A delivery made through the app, with its crew, a ticked line and a
	// purchase recorded with it, against a finished demo delivery.
	var buy models.Purchase
	a.db.Where("customer_id = ? AND delivery_address <> ''", cust.ID).Limit(1).Find(&buy)
	crew, _ := a.StaffWithRole(models.RoleDelivery)
	tpls, _ := a.ChecklistTemplates(false)
	app, err := a.CreateTicket(IntakeInput{CustomerID: cust.ID, Kind: models.KindDelivery, Delivery: DeliveryInput{
		Items: []DeliveryItemInput{{Product: "衣柜", Model: "YG-1", RecordPurchase: true, ProductType: "furniture"}, {PurchaseID: buy.ID}},
		Date:  fixedNow.AddDate(0, 0, 2), Half: models.AM, ChecklistID: tpls[0].ID,
		Crew: []string{crew[0].ID, crew[1].ID}, LeaderID: crew[0].ID, AllowClash: true}})
	if err != nil || buy.ID == "" {
		t.Fatalf("delivery through the app (purchase %q): %v", buy.ID, err)
	}
	if app, err = a.TickCheck(app.Ticket.ID, app.Checks[0].ID, true); err != nil {
		t.Fatal(err)
	}
	var demoDelivery models.Ticket
	a.db.Where("kind = ? AND status = ? AND crew_reason = ''", models.KindDelivery, models.StatusClosed).Order("number").Limit(1).Find(&demoDelivery)
	var appBuy, demoBuy, demoCheck, appCheck string
	a.db.Raw("SELECT purchase_id FROM delivery_items WHERE ticket_id = ? AND position = 1", app.Ticket.ID).Scan(&appBuy)
	a.db.Raw("SELECT id FROM purchases WHERE substr(id, 15, 1) = '7' ORDER BY id LIMIT 1").Scan(&demoBuy) // made by the ticket generator
	a.db.Raw("SELECT id FROM ticket_checks WHERE ticket_id = ? AND checked_at IS NOT NULL LIMIT 1", demoDelivery.ID).Scan(&demoCheck)
	a.db.Raw("SELECT id FROM ticket_checks WHERE ticket_id = ? AND checked_at IS NOT NULL LIMIT 1", app.Ticket.ID).Scan(&appCheck)
	pairs := []struct {
		tb        *demoTable
		demo, app string
	}{
		{demoTicketTable, demoDelivery.ID, app.Ticket.ID},
		{demoPurchaseTable, demoBuy, appBuy},
		{demoCheckTable, demoCheck, appCheck},
	}
	for _, q := range []struct{ tb *demoTable }{{demoCrewTable}, {demoDeliveryTable}} {
		var demoRow, appRow string
		a.db.Raw("SELECT id FROM "+q.tb.name+" WHERE ticket_id = ? AND position = 1", demoDelivery.ID).Scan(&demoRow)
		a.db.Raw("SELECT id FROM "+q.tb.name+" WHERE ticket_id = ? AND position = 1", app.Ticket.ID).Scan(&appRow)
		pairs = append(pairs, struct {
			tb        *demoTable
			demo, app string
		}{q.tb, demoRow, appRow})
	}
	// The after-sales rows: the app's delivery installed (its follow-up
	// calls scheduled) and its first call recorded, a record and the
	// month closed, a customer typed in; against the demo's.
	for _, c := range app.Checks[1:] {
		if app, err = a.TickCheck(app.Ticket.ID, c.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	app = step(t, a, app.Ticket.ID, models.StepInput{Action: models.ActArrive})
	app = step(t, a, app.Ticket.ID, models.StepInput{Action: models.ActCompleteInst})
	calls, err := a.FollowUps(app.Ticket.ID)
	if err != nil || len(calls) == 0 {
		t.Fatalf("the app's delivery has %d calls: %v", len(calls), err)
	}
	if _, err := a.RecordCall(calls[0].ID, models.CallInput{Outcome: models.CallReached, Satisfaction: 4, Product: models.AnswerOK,
		Delivery: models.AnswerProblem, DeliveryNote: "晚到", Crew: models.AnswerOK, TipRefused: true, Comments: "好"}); err != nil {
		t.Fatal(err)
	}
	month := models.MonthOf(fixedNow)
	var rules []models.ConductRule
	a.db.Where("code = ?", "damage").Find(&rules)
	rec, err := a.AddRecord(models.RecordInput{StaffID: crew[0].ID, Date: models.FormatDate(fixedNow), RuleID: rules[0].ID, Amount: "150",
		Source: models.RecSpotCheck, Note: "x"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []func(string) (*MonthView, error){a.CompileMonth, a.ApproveMonth, a.ExecuteMonth} {
		if _, err := f(month); err != nil {
			t.Fatal(err)
		}
	}
	typed, err := a.CreateCustomer(models.CustomerInput{Name: "王小明", Phones: []string{"13912345678", "0755-86001234"}, Labels: []string{"本人", "单位"},
		Addresses: []string{"深圳市南山区科技路1号"}, Notes: "x"}, CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var demoCall, demoRec, demoMonth, demoPhone, demoAddr, appPhone, appAddr string
	a.db.Raw("SELECT id FROM follow_ups WHERE status = 'done' AND ticket_id <> ? AND delivery_answer = 'problem' ORDER BY id LIMIT 1", app.Ticket.ID).Scan(&demoCall)
	a.db.Raw("SELECT id FROM conduct_records WHERE id <> ? AND ticket_id IS NOT NULL ORDER BY id LIMIT 1", rec.ID).Scan(&demoRec)
	a.db.Raw("SELECT month FROM month_closes WHERE month <> ? AND status = 'executed' ORDER BY month LIMIT 1", month).Scan(&demoMonth)
	a.db.Raw("SELECT id FROM phones WHERE customer_id = ? AND position = 0", cust.ID).Scan(&demoPhone)
	a.db.Raw("SELECT id FROM addresses WHERE customer_id = ? AND position = 0", cust.ID).Scan(&demoAddr)
	a.db.Raw("SELECT id FROM phones WHERE customer_id = ? AND position = 0", typed.ID).Scan(&appPhone)
	a.db.Raw("SELECT id FROM addresses WHERE customer_id = ? AND position = 0", typed.ID).Scan(&appAddr)
	appCall := calls[0].ID
	for _, p := range []struct {
		tb        *demoTable
		demo, app string
	}{
		{demoFollowUpTable, demoCall, appCall}, {demoConductTable, demoRec, rec.ID}, {demoMonthTable, demoMonth, month},
		{demoCustomerTable, cust.ID, typed.ID}, {demoPhoneTable, demoPhone, appPhone}, {demoAddressTable, demoAddr, appAddr},
	} {
		pairs = append(pairs, p)
	}
	timeRe := regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\+00:00$`)
	for _, p := range pairs {
		dv, av := rowTypes(t, a, p.tb, p.demo), rowTypes(t, a, p.tb, p.app)
		if dv == nil || av == nil {
			t.Fatalf("%s: no demo row %q or app row %q", p.tb.name, p.demo, p.app)
		}
		for i, c := range p.tb.cols {
			if dv[i][0] == "null" || av[i][0] == "null" {
				continue
			}
			if dv[i][0] != av[i][0] || timeRe.MatchString(av[i][1]) != timeRe.MatchString(dv[i][1]) {
				t.Errorf("%s.%s: demo %s %q, app %s %q", p.tb.name, c, dv[i][0], dv[i][1], av[i][0], av[i][1])
			}
		}
	}
}

// rowTypes reads each column's storage type and text of one row (by its
// id, or its month for a month close).
func rowTypes(t *testing.T, a *App, tb *demoTable, id string) [][2]string {
	t.Helper()
	var sel []string
	for _, c := range tb.cols {
		sel = append(sel, `typeof("`+c+`"), CAST("`+c+`" AS TEXT)`)
	}
	key := "id"
	if tb == demoMonthTable {
		key = "month"
	}
	rows, err := a.db.Raw("SELECT "+strings.Join(sel, ", ")+" FROM "+tb.name+" WHERE "+key+" = ?", id).Rows()
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if !rows.Next() {
		return nil
	}
	vals := make([]sql.NullString, 2*len(tb.cols))
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		t.Fatal(err)
	}
	out := make([][2]string, len(tb.cols))
	for i := range out {
		out[i] = [2]string{vals[2*i].String, vals[2*i+1].String}
	}
	return out
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

// Demo deliveries load like the app's own, offer the next steps of the
// delivery workflow, and take them.
func TestDemoDeliveriesLoadAndStep(t *testing.T) {
	a, _ := newTicketDemo(t)
	crew, err := a.StaffWithRole(models.RoleDelivery)
	if err != nil || len(crew) < 4 {
		t.Fatalf("%d active delivery staff: %v", len(crew), err)
	}
	// What each status must offer (and the repair steps it must not).
	next := map[models.Status]models.Action{
		models.StatusNew: models.ActAssignCrew, models.StatusScheduled: models.ActArrive, models.StatusInService: models.ActCompleteInst,
		models.StatusInstalled: models.ActSign, models.StatusSigned: models.ActClose,
	}
	for _, st := range []models.Status{models.StatusNew, models.StatusScheduled, models.StatusInService, models.StatusInstalled,
		models.StatusSigned, models.StatusClosed, models.StatusCancelled} {
		var tk models.Ticket
		a.db.Where("kind = ? AND status = ?", models.KindDelivery, st).Order("number").Limit(1).Find(&tk)
		if tk.ID == "" {
			t.Fatalf("no demo delivery is %s", st)
		}
		d, err := a.Ticket(tk.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.DeliveryItems) == 0 || len(d.Checks) == 0 || len(d.Events) == 0 || (d.Due != nil) == st.Terminal() {
			t.Fatalf("%s loads incompletely: %d items, %d lines, %d events, due %v", tk.Number, len(d.DeliveryItems), len(d.Checks), len(d.Events), d.Due)
		}
		if tk.TechnicianID != nil && (len(d.Crew) == 0 || !d.Crew[0].Leader || d.Crew[0].Name != d.Technician) {
			t.Fatalf("%s: crew %+v, technician %q", tk.Number, d.Crew, d.Technician)
		}
		if st.Terminal() {
			if len(d.Legal) != 0 {
				t.Fatalf("%s is %s and still offers %v", tk.Number, st, d.Legal)
			}
			continue
		}
		if !containsAction(d.Legal, next[st]) || containsAction(d.Legal, models.ActAssign) || containsAction(d.Legal, models.ActRepaired) {
			t.Fatalf("%s (%s) offers %v", tk.Number, st, d.Legal)
		}
		switch st {
		case models.StatusNew:
			d, err = a.AssignCrew(CrewInput{TicketID: tk.ID, Version: d.Ticket.Version, Crew: []string{crew[0].ID, crew[1].ID},
				LeaderID: crew[1].ID, AllowClash: true})
		case models.StatusScheduled, models.StatusInService:
			for _, c := range d.Checks {
				if d, err = a.TickCheck(tk.ID, c.ID, true); err != nil {
					t.Fatal(err)
				}
			}
			if st == models.StatusScheduled {
				d = step(t, a, tk.ID, models.StepInput{Action: models.ActArrive})
			}
			d, err = a.Step(tk.ID, d.Ticket.Version, models.StepInput{Action: models.ActCompleteInst})
			if err == nil {
				last := d.Events[len(d.Events)-1]
				n := len(d.Checks)
				if !strings.Contains(last.Data, fmt.Sprintf(`"%d / %d"`, n, n)) || n < 8 {
					t.Fatalf("%s: completion %+v", tk.Number, last)
				}
			}
		default:
			d, err = a.Step(tk.ID, d.Ticket.Version, models.StepInput{Action: next[st]})
		}
		if err != nil {
			t.Fatalf("%s (%s): %v", tk.Number, st, err)
		}
		if d.Ticket.Status == st && st != models.StatusNew || st == models.StatusNew && d.Ticket.Status != models.StatusScheduled {
			t.Fatalf("%s stayed %s", tk.Number, d.Ticket.Status)
		}
	}
	// A delivery with a problem shows the ticket it raised, and that
	// ticket shows where it came from; a part request gets approved.
	var raised models.Ticket
	a.db.Where("kind = ? AND status = ?", models.KindPart, models.StatusRequested).Order("number").Limit(1).Find(&raised)
	d, err := a.Ticket(derefStr(raised.LinkedTicketID))
	if err != nil || len(d.Raised) == 0 {
		t.Fatalf("delivery of %s: %v %+v", raised.Number, err, d)
	}
	r, err := a.Ticket(raised.ID)
	if err != nil || r.From == nil || r.From.Number != d.Ticket.Number || !containsAction(r.Legal, models.ActApprovePart) || r.Due == nil {
		t.Fatalf("%s: %v from %+v legal %v", raised.Number, err, r.From, r.Legal)
	}
	if r, err = a.Step(raised.ID, r.Ticket.Version, models.StepInput{Action: models.ActApprovePart}); err != nil || r.Ticket.Status != models.StatusApproved {
		t.Fatalf("approve %s: %v", raised.Number, err)
	}
	// The boards show deliveries: due today or overdue, booked this week.
	today, err := a.Today(context.Background(), 500)
	if err != nil {
		t.Fatal(err)
	}
	onToday := 0
	for _, it := range today {
		if it.Kind == models.KindDelivery {
			onToday++
		}
	}
	_, board, err := a.DispatchBoard(context.Background(), fixedNow, 7)
	if err != nil {
		t.Fatal(err)
	}
	booked := 0
	for _, b := range board {
		for _, r := range b.Tickets {
			if r.Kind == models.KindDelivery {
				booked++
			}
		}
	}
	if onToday == 0 || booked == 0 {
		t.Fatalf("%d deliveries on Today, %d on the dispatch board", onToday, booked)
	}
}

// The writer puts the columns that are the same in every row into the
// statement and binds the rest; a chunk where one differs is bound whole.
func TestDemoSinkConstants(t *testing.T) {
	tb := &demoTable{"x", []string{"id", "gone", "zero", "empty", "kind", "note"}, 10}
	sk := &demoSink{name: tb.name, width: len(tb.cols), rows: tb.rows, sql: tb.insertSQL}
	var rows []any
	for i := range 200 {
		rows = append(rows, strconv.Itoa(i), nil, int64(0), "", "delivery", "它's "+strconv.Itoa(i%2))
	}
	sk.learn(rows[:len(rows)-6])
	if sk.lit != nil {
		t.Fatal("learnt from fewer than 200 rows")
	}
	sk.learn(rows)
	if want := []int{0, 5}; fmt.Sprint(sk.keep) != fmt.Sprint(want) || !sk.constant(rows[:60]) {
		t.Fatalf("bound columns %v, want %v", sk.keep, want)
	}
	if got, want := tb.insertSQL(1, sk.lit), `INSERT INTO x ("id","gone","zero","empty","kind","note") VALUES (?,NULL,0,'','delivery',?)`; got != want {
		t.Fatalf("\n got %s\nwant %s", got, want)
	}
	rows[6*7+4] = "repair"
	if sk.constant(rows[:60]) || !sk.constant(rows[60:120]) {
		t.Fatal("a chunk with another kind is not told apart")
	}
	if demoLiteral("it's") != `'it''s'` || demoLiteral(true) != "1" || demoLiteral(3.5) != "-" {
		t.Fatal("literals")
	}
}
