package app

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"aftercare/models"
)

func ruleByCode(t *testing.T, a *App, code string) models.ConductRule {
	t.Helper()
	rules, err := a.ConductRules(false)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		if r.Code == code {
			return r
		}
	}
	t.Fatalf("no rule %s in %d rules", code, len(rules))
	return models.ConductRule{}
}

func TestConductRecordsTotalsAndMonthClose(t *testing.T) {
	a := newTestApp(t) // fixedNow is 2026-11-23
	zhao := mustStaff(t, a, "赵师傅", models.RoleDelivery)
	qian := mustStaff(t, a, "钱师傅", models.RoleDelivery)
	if rules, _ := a.ConductRules(false); len(rules) != 6 {
		t.Fatalf("seeded rules: %d", len(rules))
	}
	uniform, gift, inst, damage, dismiss := ruleByCode(t, a, "uniform"), ruleByCode(t, a, "gift_refused"),
		ruleByCode(t, a, "installation"), ruleByCode(t, a, "damage"), ruleByCode(t, a, "money_gifts")
	add := func(staff, date string, r models.ConductRule, qty, amount string) *models.ConductRecord {
		t.Helper()
		rec, err := a.AddRecord(models.RecordInput{StaffID: staff, Date: date, RuleID: r.ID, Qty: qty, Amount: amount, Source: models.RecSpotCheck})
		if err != nil {
			t.Fatalf("record %s: %v", r.Code, err)
		}
		return rec
	}
	add(zhao.ID, "2026-10-03", uniform, "2", "")       // −20
	add(zhao.ID, "2026-10-09", gift, "", "")           // +20
	first := add(zhao.ID, "2026-10-15", inst, "1", "") // −200, probation
	add(qian.ID, "2026-10-20", damage, "1", "150")     // −150
	add(qian.ID, "2026-10-21", dismiss, "1", "")       // dismissal, 0
	if first.Amount != -20000 || !first.Probation {
		t.Fatalf("installation record: %+v", first)
	}
	// Per-case rules need the amount.
	if _, err := a.AddRecord(models.RecordInput{StaffID: qian.ID, Date: "2026-10-22", RuleID: damage.ID, Source: models.RecSpotCheck}); models.AsFieldErrors(err).ForField("amount") == nil {
		t.Fatalf("damage without amount: %v", err)
	}
	if _, err := a.AddRecord(models.RecordInput{StaffID: qian.ID, Date: "2026-12-01", RuleID: uniform.ID, Source: models.RecSpotCheck}); models.AsFieldErrors(err).ForField("date") == nil {
		t.Fatalf("future date: %v", err)
	}
	// A rule change does not rewrite the records made with it.
	if _, err := a.SaveConductRule(uniform.ID, models.ConductRuleInput{Kind: models.ConductPenalty, Amount: "15"}); err != nil {
		t.Fatal(err)
	}
	v, err := a.Month("2026-10")
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Lines) != 2 || v.Lines[0].Name != "赵师傅" && v.Lines[1].Name != "赵师傅" {
		t.Fatalf("lines: %+v", v.Lines)
	}
	byName := map[string]models.StaffLine{}
	for _, l := range v.Lines {
		byName[l.Name] = l
	}
	z, q := byName["赵师傅"], byName["钱师傅"]
	if z.Penalties != 22000 || z.Rewards != 2000 || z.Net != -20000 || !z.Probation || z.Records != 3 {
		t.Fatalf("赵师傅: %+v", z)
	}
	if q.Penalties != 15000 || q.Net != -15000 || !q.Dismissal {
		t.Fatalf("钱师傅: %+v", q)
	}
	if v.Totals.Net != -35000 || v.Close.Status != models.MonthOpen {
		t.Fatalf("totals %+v status %s", v.Totals, v.Close.Status)
	}
	// Compile, return with a comment, compile again, approve, execute.
	if _, err := a.ApproveMonth("2026-10"); models.AsFieldErrors(err).ForField("month") == nil {
		t.Fatalf("approving an open month: %v", err)
	}
	if v, err = a.CompileMonth("2026-10"); err != nil || v.Close.Status != models.MonthCompiled || len(v.Compiled) != 2 {
		t.Fatalf("compiled: %+v %v", v, err)
	}
	if _, err := a.AddRecord(models.RecordInput{StaffID: zhao.ID, Date: "2026-10-30", RuleID: uniform.ID, Source: models.RecMeeting}); models.AsFieldErrors(err).ForField("date") == nil {
		t.Fatalf("record in a compiled month: %v", err)
	}
	if _, err := a.ReturnMonth("2026-10", " "); models.AsFieldErrors(err).ForField("comment") == nil {
		t.Fatalf("return without comment: %v", err)
	}
	if v, err = a.ReturnMonth("2026-10", "钱师傅的赔偿金额请核实"); err != nil || v.Close.Status != models.MonthReturned {
		t.Fatalf("returned: %v", err)
	}
	if _, err := a.UpdateRecord(first.ID, models.RecordInput{StaffID: zhao.ID, Date: "2026-10-15", RuleID: inst.ID, Source: models.RecDelivery, Note: "改为送货记录"}); err != nil {
		t.Fatalf("edit in a returned month: %v", err)
	}
	if _, err = a.CompileMonth("2026-10"); err != nil {
		t.Fatal(err)
	}
	if v, err = a.ApproveMonth("2026-10"); err != nil || v.Close.Status != models.MonthApproved || v.Close.ApprovedBy != "tester" {
		t.Fatalf("approved: %+v %v", v.Close, err)
	}
	// Locked: no edit, no void, no new record in October.
	if _, err := a.UpdateRecord(first.ID, models.RecordInput{StaffID: zhao.ID, Date: "2026-10-15", RuleID: inst.ID, Source: models.RecDelivery}); models.AsFieldErrors(err).ForField("date") == nil {
		t.Fatalf("edit after approval: %v", err)
	}
	if err := a.VoidRecord(first.ID, "录错了"); models.AsFieldErrors(err).ForField("date") == nil {
		t.Fatalf("void after approval: %v", err)
	}
	// A correction goes into November and points to the original.
	if _, err := a.AddRecord(models.RecordInput{StaffID: zhao.ID, Date: "2026-10-31", RuleID: inst.ID, Amount: "+100", Source: models.RecComplaint, AdjustsID: first.ID}); err == nil {
		t.Fatal("an adjustment in the locked month itself")
	}
	adj, err := a.AddRecord(models.RecordInput{StaffID: zhao.ID, Date: "2026-11-05", RuleID: inst.ID, Amount: "+100", Source: models.RecComplaint, AdjustsID: first.ID, Note: "复核后减半"})
	if err != nil {
		t.Fatal(err)
	}
	if adj.Month != "2026-11" || adj.Amount != 10000 || adj.AdjustsID == nil || *adj.AdjustsID != first.ID || adj.Probation {
		t.Fatalf("adjustment: %+v", adj)
	}
	nov, _ := a.Month("2026-11")
	if nov.Totals.Net != 10000 {
		t.Fatalf("November: %+v", nov.Totals)
	}
	if v, err = a.ExecuteMonth("2026-10"); err != nil || v.Close.Status != models.MonthExecuted {
		t.Fatalf("executed: %v", err)
	}
	// Every step is in the audit log.
	h, _ := a.History("month", "2026-10")
	if len(h) != 5 {
		t.Fatalf("month audit entries: %d", len(h))
	}
	rh, _ := a.History("conduct_record", first.ID)
	if len(rh) != 2 || !strings.Contains(rh[0].Changes, "送货记录") && !strings.Contains(rh[0].Changes, "delivery_record") {
		t.Fatalf("record audit: %+v", rh)
	}
}

func TestMonthStepsNeedTheirRoles(t *testing.T) {
	a, gm := newSignInApp(t)
	mk := func(name string, r models.Role) *models.Staff { return staffWithPIN(t, a, name, r) }
	bm, fin, clerk := mk("业务经理", models.RoleBusinessManager), mk("会计", models.RoleFinance), mk("前台", models.RoleCounter)
	worker := mk("赵师傅", models.RoleDelivery)
	as := func(s *models.Staff) { signInAs(t, a, s) }
	refused := func(err error) bool { return models.AsFieldErrors(err).ForField("permission") != nil }
	uniform := ruleByCode(t, a, "uniform")
	rec := models.RecordInput{StaffID: worker.ID, Date: "2026-10-03", RuleID: uniform.ID, Source: models.RecSpotCheck}
	as(clerk)
	if _, err := a.AddRecord(rec); !refused(err) {
		t.Fatalf("counter recorded a penalty: %v", err)
	}
	as(bm)
	if _, err := a.AddRecord(rec); err != nil {
		t.Fatal(err)
	}
	as(fin)
	if _, err := a.CompileMonth("2026-10"); !refused(err) {
		t.Fatalf("finance compiled: %v", err)
	}
	as(bm)
	if _, err := a.CompileMonth("2026-10"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ApproveMonth("2026-10"); !refused(err) {
		t.Fatalf("business manager approved: %v", err)
	}
	if err := a.SetSecret(gm.ID, "2580", "2468"); !refused(err) {
		t.Fatalf("business manager reset the GM's PIN: %v", err)
	}
	if _, err := a.SignIn(gm.ID, "2580"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ExecuteMonth("2026-10"); !refused(err) && err == nil {
		t.Fatal("executed before approval")
	}
	if _, err := a.ApproveMonth("2026-10"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ExecuteMonth("2026-10"); !refused(err) {
		t.Fatalf("general manager executed: %v", err)
	}
	as(fin)
	if v, err := a.ExecuteMonth("2026-10"); err != nil || v.Close.ExecutedBy != "会计" || v.Close.ApprovedBy != "王总" || v.Close.CompiledBy != "业务经理" {
		t.Fatalf("executed: %+v %v", v, err)
	}
}

// TestRecordsPagesAndStaffRecords: Records pages through a person's
// records in one total order (several on the same day neither repeat nor
// go missing between pages); StaffRecords gives each page's months with
// the person's net over the whole month (records of later pages, but not
// other people's or voided ones), the linked tickets' numbers and the
// corrected records' dates.
func TestRecordsPagesAndStaffRecords(t *testing.T) {
	a := newTestApp(t) // fixedNow is 2026-11-23
	zhao := mustStaff(t, a, "赵师傅", models.RoleDelivery)
	qian := mustStaff(t, a, "钱师傅", models.RoleDelivery)
	uniform, gift, inst := ruleByCode(t, a, "uniform"), ruleByCode(t, a, "gift_refused"), ruleByCode(t, a, "installation")
	c := mustCreate(t, a, "张伟", "13800138000")
	tk, err := a.CreateTicket(IntakeInput{CustomerID: c.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "不制冷"})
	if err != nil {
		t.Fatal(err)
	}
	add := func(staff, date string, r models.ConductRule, in models.RecordInput) *models.ConductRecord {
		t.Helper()
		in.StaffID, in.Date, in.RuleID, in.Source = staff, date, r.ID, models.RecSpotCheck
		rec, err := a.AddRecord(in)
		if err != nil {
			t.Fatalf("record %s %s: %v", r.Code, date, err)
		}
		return rec
	}
	orig := add(zhao.ID, "2026-09-12", inst, models.RecordInput{}) // −200
	add(zhao.ID, "2026-09-20", gift, models.RecordInput{})         // +20
	if _, err := a.CompileMonth("2026-09"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ApproveMonth("2026-09"); err != nil {
		t.Fatal(err)
	}
	for range 4 { // four on one day: only created_at and id order them
		add(zhao.ID, "2026-10-08", uniform, models.RecordInput{}) // −10 each
	}
	add(zhao.ID, "2026-10-09", gift, models.RecordInput{TicketID: tk.Ticket.ID}) // +20
	voided := add(zhao.ID, "2026-10-10", inst, models.RecordInput{})
	if err := a.VoidRecord(voided.ID, "记错了人"); err != nil {
		t.Fatal(err)
	}
	add(qian.ID, "2026-10-08", inst, models.RecordInput{})                                          // someone else's
	adj := add(zhao.ID, "2026-11-02", inst, models.RecordInput{Amount: "+100", AdjustsID: orig.ID}) // +100

	ctx := context.Background()
	all, err := a.Records(ctx, RecordFilter{StaffID: zhao.ID})
	if err != nil || len(all) != 8 {
		t.Fatalf("all records: %d %v", len(all), err)
	}
	var paged []string
	seen := map[string]bool{}
	for off := 0; ; off += 3 {
		page, err := a.Records(ctx, RecordFilter{StaffID: zhao.ID, Offset: off, Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page {
			if seen[r.ID] {
				t.Fatalf("record %s on two pages", r.ID)
			}
			seen[r.ID] = true
			paged = append(paged, r.ID)
		}
		if len(page) < 3 {
			break
		}
	}
	if len(paged) != len(all) {
		t.Fatalf("pages gave %d records, all %d", len(paged), len(all))
	}
	for i := range all {
		if paged[i] != all[i].ID {
			t.Fatalf("record %d differs between pages and the whole list", i)
		}
	}
	if all[0].ID != adj.ID || all[len(all)-1].ID != orig.ID {
		t.Fatal("not newest first")
	}

	// The second page of two: 2026-10-08 records only, but October's net is
	// the whole month's: 4 × −10 + 20 (the voided −200 and 钱师傅's left out).
	p, err := a.StaffRecords(ctx, zhao.ID, 2, 2)
	if err != nil || len(p.Records) != 2 {
		t.Fatalf("page: %+v %v", p, err)
	}
	if m := p.Months["2026-10"]; m.Net != -2000 || m.Status != models.MonthOpen || len(p.Months) != 1 {
		t.Fatalf("October on page 2: %+v", p.Months)
	}
	first, err := a.StaffRecords(ctx, zhao.ID, 0, 2)
	if err != nil {
		t.Fatal(err)
	}
	if first.Months["2026-11"].Net != 10000 || first.Tickets[tk.Ticket.ID] != tk.Ticket.Number ||
		!first.Adjusted[orig.ID].Equal(orig.Date) || len(first.Adjusted) != 1 {
		t.Fatalf("first page: months %+v tickets %v adjusted %v", first.Months, first.Tickets, first.Adjusted)
	}
	last, err := a.StaffRecords(ctx, zhao.ID, 6, 10)
	if err != nil || len(last.Records) != 2 {
		t.Fatalf("last page: %v", err)
	}
	if m := last.Months["2026-09"]; m.Status != models.MonthApproved || m.Net != -18000 {
		t.Fatalf("September: %+v", m)
	}
	if none, err := a.StaffRecords(ctx, zhao.ID, 8, 10); err != nil || len(none.Records) != 0 || len(none.Months) != 0 {
		t.Fatalf("past the end: %+v %v", none, err)
	}
}

// TestRecordsAndPartsStopWhenCancelled: a cancelled context ends the
// records and part request queries with its error instead of a result.
func TestRecordsAndPartsStopWhenCancelled(t *testing.T) {
	a := newTestApp(t)
	zhao := mustStaff(t, a, "赵师傅", models.RoleDelivery)
	if _, err := a.AddRecord(models.RecordInput{StaffID: zhao.ID, Date: "2026-11-02", RuleID: ruleByCode(t, a, "uniform").ID, Source: models.RecMeeting}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if recs, err := a.Records(ctx, RecordFilter{StaffID: zhao.ID}); err != nil || len(recs) != 1 {
		t.Fatalf("before cancelling: %d %v", len(recs), err)
	}
	cancel()
	if recs, err := a.Records(ctx, RecordFilter{StaffID: zhao.ID}); !errors.Is(err, context.Canceled) || recs != nil {
		t.Fatalf("Records after cancel: %d records, %v", len(recs), err)
	}
	if p, err := a.StaffRecords(ctx, zhao.ID, 0, 50); !errors.Is(err, context.Canceled) || p != nil {
		t.Fatalf("StaffRecords after cancel: %v", err)
	}
	if rows, err := a.PartRequests(ctx, PartFilter{}); !errors.Is(err, context.Canceled) || rows != nil {
		t.Fatalf("PartRequests after cancel: %d rows, %v", len(rows), err)
	}
}

// BenchmarkStaffRecordsOnFile is the Staff screen's penalties and rewards
// panel on a real database file, for the person with the most records
// (docs/performance.md, "Every screen's first load"):
//
//	AFTERCARE_BENCH_DB=/path/a.db go test ./app -run '^$' -bench StaffRecordsOnFile -benchtime 20x
//
// firstPage is what the panel reads when a person is chosen, lastPage a
// page at the end of their records; formerPanel is what the panel read
// before it was paged (every record, then the month's close and figures
// for each month and the ticket's detail for each linked ticket), kept
// to compare.
func BenchmarkStaffRecordsOnFile(b *testing.B) {
	a, err := Open(Options{Path: benchFile(b), Clock: time.Now, ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	ctx := context.Background()
	var top struct {
		StaffID string
		N       int
	}
	if err := a.db.Raw("SELECT staff_id, COUNT(*) AS n FROM conduct_records WHERE archived_at IS NULL GROUP BY staff_id ORDER BY n DESC LIMIT 1").Scan(&top).Error; err != nil || top.N == 0 {
		b.Fatalf("no records to page through: %v", err)
	}
	page := func(offset int) func() (int, error) {
		return func() (int, error) {
			p, err := a.StaffRecords(ctx, top.StaffID, offset, 50)
			if err != nil {
				return 0, err
			}
			return len(p.Records), nil
		}
	}
	former := func() (int, error) {
		recs, err := a.Records(ctx, RecordFilter{StaffID: top.StaffID})
		months, tickets := map[string]bool{}, map[string]bool{}
		for _, r := range recs {
			if err != nil {
				break
			}
			if !months[r.Month] {
				months[r.Month] = true
				_, err = a.Month(r.Month)
			}
			if r.TicketID != nil && !tickets[*r.TicketID] {
				tickets[*r.TicketID] = true
				_, err = a.Ticket(*r.TicketID)
			}
		}
		return len(recs), err
	}
	for _, l := range []struct {
		name string
		load func() (int, error)
	}{{"firstPage", page(0)}, {"lastPage", page((top.N - 1) / 50 * 50)}, {"formerPanel", former}} {
		b.Run(l.name, func(b *testing.B) {
			n := 0
			for b.Loop() {
				if n, err = l.load(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n), "records")
		})
	}
}

// TestStaffRecordsUseIndexes fails when the penalties and rewards panel's
// page sorts all of a person's records before its LIMIT (the order must
// follow idx_conduct_staff_month and sort only within months) or reads
// the months, tickets or corrected records other than by index.
func TestStaffRecordsUseIndexes(t *testing.T) {
	sqliteOnly(t, "SQLite's EXPLAIN QUERY PLAN")
	a := newTestApp(t)
	zhao := mustStaff(t, a, "赵师傅", models.RoleDelivery)
	c := mustCreate(t, a, "张伟", "13800138000")
	tk, err := a.CreateTicket(IntakeInput{CustomerID: c.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "不制冷"})
	if err != nil {
		t.Fatal(err)
	}
	inst := ruleByCode(t, a, "installation")
	orig, err := a.AddRecord(models.RecordInput{StaffID: zhao.ID, Date: "2026-10-03", RuleID: inst.ID, Source: models.RecSpotCheck, TicketID: tk.Ticket.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.CompileMonth("2026-10"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ApproveMonth("2026-10"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AddRecord(models.RecordInput{StaffID: zhao.ID, Date: "2026-11-03", RuleID: inst.ID, Amount: "+100", Source: models.RecComplaint, AdjustsID: orig.ID}); err != nil {
		t.Fatal(err)
	}
	r := newPlanRecorder(t, a)
	plans := r.plans(t, func() error { _, err := a.StaffRecords(context.Background(), zhao.ID, 0, 50); return err })
	if len(plans) != 4 {
		t.Fatalf("%d statements, want 4 (records, months, tickets, corrected records): %q", len(plans), plans)
	}
	if !strings.Contains(plans[0], "idx_conduct_staff_month") || strings.Contains(plans[0], "TEMP B-TREE FOR ORDER BY") {
		t.Errorf("the page sorts all the person's records: %s", plans[0])
	}
	if !strings.Contains(plans[1], "idx_conduct_staff_month") {
		t.Errorf("the months' nets do not use the person's index: %s", plans[1])
	}
	for _, p := range plans[2:] {
		if strings.Contains(p, "SCAN ") {
			t.Errorf("a lookup by id scans: %s", p)
		}
	}
	t.Logf("%s", strings.Join(plans, " || "))
}
