package app

import (
	"strings"
	"testing"

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
