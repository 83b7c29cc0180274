package app

import (
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"aftercare/assets"
	"aftercare/models"
)

// rulesClock is a clock a test can move.
type rulesClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *rulesClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *rulesClock) add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// newRulesApp opens a database with a movable clock at fixedNow.
func newRulesApp(t *testing.T) (*App, *rulesClock) {
	t.Helper()
	clk := &rulesClock{now: fixedNow}
	a, err := Open(Options{Path: filepath.Join(t.TempDir(), "rules.db"), Clock: clk.Now, Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a, clk
}

func TestServiceRulesDefaultsAreTheSeedNumbers(t *testing.T) {
	a := newTestApp(t)
	r := a.ServiceRules()
	want := map[string]int{
		RuleFirstResponseHours: 24, RuleParcelConfirmHours: 24, RuleParcelChaseDays: 7, RuleParcelAbandonDays: 15,
		RulePartsProgressDays: 3, RuleRepeatWindowDays: 90, RuleDiscountLimit: 10, RuleMorningStart: 9, RuleAfternoonStart: 14,
	}
	got := r.RuleValues()
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %d, want %d", k, got[k], v)
		}
	}
	if r != DefaultServiceRules() || r.Due != models.DefaultDueRules {
		t.Fatalf("defaults: %+v", r)
	}
	if err := ValidateServiceRules(r); err != nil {
		t.Fatalf("the defaults do not validate: %v", err)
	}
	if len(RuleRanges) != len(ruleOrder) || len(r.RuleValues()) != len(ruleOrder) {
		t.Fatal("a rule lacks its range or its place in ruleOrder")
	}
}

func TestServiceRulesRoundTripAndAudit(t *testing.T) {
	a := newTestApp(t)
	r := DefaultServiceRules()
	r.Due.FirstResponse = 4 * time.Hour
	r.Due.ParcelChaseDays, r.Due.ParcelAbandonDays = 5, 20
	r.Due.MorningStart, r.Due.AfternoonStart = 8, 13
	r.RepeatWindowDays, r.DiscountLimitPercent = 60, 20
	if err := a.SaveServiceRules(r); err != nil {
		t.Fatal(err)
	}
	if got := a.ServiceRules(); got != r {
		t.Fatalf("cached: %+v", got)
	}
	// A second App on the same file reads what was stored.
	b, err := Open(Options{Path: a.Path(), Clock: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if got := b.ServiceRules(); got != r {
		t.Fatalf("reloaded: %+v", got)
	}
	h, err := a.History("settings", keyServiceRules)
	if err != nil || len(h) != 1 {
		t.Fatalf("history: %v %+v", err, h)
	}
	if f := h[0].Fields[RuleFirstResponseHours]; f != [2]string{"24", "4"} || len(h[0].Fields) != 7 || h[0].Actor != "tester" {
		t.Fatalf("audit: %+v", h[0])
	}
	// Saving the same rules again changes nothing and writes no entry.
	if err := a.SaveServiceRules(r); err != nil {
		t.Fatal(err)
	}
	if h, _ := a.History("settings", keyServiceRules); len(h) != 1 {
		t.Fatalf("an unchanged save was audited: %d entries", len(h))
	}
}

func TestServiceRulesValidation(t *testing.T) {
	a := newTestApp(t)
	cases := []struct {
		name  string
		edit  func(v map[string]int)
		field string
		key   string
	}{
		{"first response 0", func(v map[string]int) { v[RuleFirstResponseHours] = 0 }, RuleFirstResponseHours, "err.rules.range"},
		{"first response 73", func(v map[string]int) { v[RuleFirstResponseHours] = 73 }, RuleFirstResponseHours, "err.rules.range"},
		{"parcel confirm 0", func(v map[string]int) { v[RuleParcelConfirmHours] = 0 }, RuleParcelConfirmHours, "err.rules.range"},
		{"schedule 100", func(v map[string]int) { v[RuleScheduleHours] = 100 }, RuleScheduleHours, "err.rules.range"},
		{"escalation 0", func(v map[string]int) { v[RuleEscalationHours] = 0 }, RuleEscalationHours, "err.rules.range"},
		{"chase 0", func(v map[string]int) { v[RuleParcelChaseDays] = 0 }, RuleParcelChaseDays, "err.rules.range"},
		{"abandon 61", func(v map[string]int) { v[RuleParcelAbandonDays] = 61 }, RuleParcelAbandonDays, "err.rules.range"},
		{"abandon = chase", func(v map[string]int) { v[RuleParcelAbandonDays] = 7 }, RuleParcelAbandonDays, "err.rules.abandon_after_chase"},
		{"abandon < chase", func(v map[string]int) { v[RuleParcelChaseDays], v[RuleParcelAbandonDays] = 20, 10 }, RuleParcelAbandonDays, "err.rules.abandon_after_chase"},
		{"progress 15", func(v map[string]int) { v[RulePartsProgressDays] = 15 }, RulePartsProgressDays, "err.rules.range"},
		{"progress 0", func(v map[string]int) { v[RulePartsProgressDays] = 0 }, RulePartsProgressDays, "err.rules.range"},
		{"pickup 0", func(v map[string]int) { v[RulePickupRemindDays] = 0 }, RulePickupRemindDays, "err.rules.range"},
		{"factory 31", func(v map[string]int) { v[RuleFactoryChaseDays] = 31 }, RuleFactoryChaseDays, "err.rules.range"},
		{"signature 0", func(v map[string]int) { v[RuleSignatureDays] = 0 }, RuleSignatureDays, "err.rules.range"},
		{"morning 5", func(v map[string]int) { v[RuleMorningStart] = 5 }, RuleMorningStart, "err.rules.range"},
		{"morning 13", func(v map[string]int) { v[RuleMorningStart] = 13 }, RuleMorningStart, "err.rules.range"},
		{"afternoon 11", func(v map[string]int) { v[RuleAfternoonStart] = 11 }, RuleAfternoonStart, "err.rules.range"},
		{"afternoon 19", func(v map[string]int) { v[RuleAfternoonStart] = 19 }, RuleAfternoonStart, "err.rules.range"},
		{"afternoon = morning", func(v map[string]int) { v[RuleMorningStart], v[RuleAfternoonStart] = 12, 12 }, RuleAfternoonStart, "err.rules.afternoon_after_morning"},
		{"repeat 6", func(v map[string]int) { v[RuleRepeatWindowDays] = 6 }, RuleRepeatWindowDays, "err.rules.range"},
		{"repeat 366", func(v map[string]int) { v[RuleRepeatWindowDays] = 366 }, RuleRepeatWindowDays, "err.rules.range"},
		{"discount 0", func(v map[string]int) { v[RuleDiscountLimit] = 0 }, RuleDiscountLimit, "err.rules.range"},
		{"discount 51", func(v map[string]int) { v[RuleDiscountLimit] = 51 }, RuleDiscountLimit, "err.rules.range"},
	}
	for _, c := range cases {
		v := DefaultServiceRules().RuleValues()
		c.edit(v)
		err := a.SaveServiceRules(ServiceRulesFromValues(v))
		fe := models.AsFieldErrors(err).ForField(c.field)
		if fe == nil || fe.Key != c.key {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if c.key == "err.rules.range" {
			rg := RuleRanges[c.field]
			if fe.Data["Min"] != rg.Min || fe.Data["Max"] != rg.Max || !strings.Contains(fe.Error(), "from") {
				t.Errorf("%s: the message does not name the range: %q", c.name, fe.Error())
			}
		}
	}
	// Part hours are refused.
	r := DefaultServiceRules()
	r.Due.FirstResponse = 90 * time.Minute
	if fe := models.AsFieldErrors(a.SaveServiceRules(r)).ForField(RuleFirstResponseHours); fe == nil || fe.Key != "err.rules.whole_hours" {
		t.Errorf("90 minutes: %v", fe)
	}
	// Several problems are reported together.
	v := DefaultServiceRules().RuleValues()
	v[RuleFirstResponseHours], v[RuleDiscountLimit] = 0, 99
	if n := len(models.AsFieldErrors(a.SaveServiceRules(ServiceRulesFromValues(v)))); n != 2 {
		t.Errorf("two problems reported as %d", n)
	}
	if got := a.ServiceRules(); got != DefaultServiceRules() {
		t.Fatalf("a refused save changed the rules: %+v", got)
	}
	if h, _ := a.History("settings", keyServiceRules); len(h) != 0 {
		t.Fatalf("a refused save was audited")
	}
}

func TestServiceRulesCacheInvalidatedOnSave(t *testing.T) {
	a := newTestApp(t)
	c := mustCreate(t, a, "张伟", "13800138000")
	intake := IntakeInput{CustomerID: c.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "不制冷"}
	d1, err := a.CreateTicket(intake) // warms the cache with the defaults
	if err != nil {
		t.Fatal(err)
	}
	if d1.Due == nil || !d1.Due.At.Equal(fixedNow.Add(24*time.Hour)) {
		t.Fatalf("default first response due: %+v", d1.Due)
	}
	r := a.ServiceRules()
	r.Due.FirstResponse = 4 * time.Hour
	if err := a.SaveServiceRules(r); err != nil {
		t.Fatal(err)
	}
	d2, err := a.CreateTicket(intake)
	if err != nil {
		t.Fatal(err)
	}
	if d2.Due == nil || d2.Due.Rule != models.DueFirstResponse || !d2.Due.At.Equal(fixedNow.Add(4*time.Hour)) ||
		d2.Ticket.DueAt == nil || !d2.Ticket.DueAt.Equal(fixedNow.Add(4*time.Hour)) {
		t.Fatalf("after the change: due %+v stored %v", d2.Due, d2.Ticket.DueAt)
	}
}

// repairToDone takes a new on-site ticket to repaired.
func repairToDone(t *testing.T, a *App, id, techID string, day time.Time) {
	t.Helper()
	step(t, a, id, models.StepInput{Action: models.ActAssign, TechnicianID: techID})
	step(t, a, id, models.StepInput{Action: models.ActSchedule, Date: day, Half: models.AM})
	step(t, a, id, models.StepInput{Action: models.ActArrive})
	step(t, a, id, models.StepInput{Action: models.ActRepaired})
}

func TestRepeatWindowFromRules(t *testing.T) {
	a, clk := newRulesApp(t)
	c := mustCreate(t, a, "张伟", "13800138000")
	p, err := a.AddPurchase(c.ID, models.PurchaseInput{Product: "空调", Model: "KFR-35GW", PurchaseDate: "2026-06-01", WarrantyMonths: "12"})
	if err != nil {
		t.Fatal(err)
	}
	tech := mustStaff(t, a, "李师傅", models.RoleTechnician)
	intake := IntakeInput{CustomerID: c.ID, PurchaseID: p.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "不制冷"}
	first, err := a.CreateTicket(intake)
	if err != nil {
		t.Fatal(err)
	}
	repairToDone(t, a, first.Ticket.ID, tech.ID, fixedNow)
	clk.add(40 * 24 * time.Hour)

	r := a.ServiceRules()
	r.RepeatWindowDays = 30
	if err := a.SaveServiceRules(r); err != nil {
		t.Fatal(err)
	}
	d, err := a.CreateTicket(intake)
	if err != nil {
		t.Fatal(err)
	}
	if d.RepeatOf != "" {
		t.Fatalf("40 days later with a 30-day window counted as a repeat of %s", d.RepeatOf)
	}
	r.RepeatWindowDays = 60
	if err := a.SaveServiceRules(r); err != nil {
		t.Fatal(err)
	}
	d, err = a.CreateTicket(intake)
	if err != nil {
		t.Fatal(err)
	}
	if d.RepeatOf != first.Ticket.Number {
		t.Fatalf("40 days later with a 60-day window: repeat of %q", d.RepeatOf)
	}
}

func TestDiscountLimitFromRules(t *testing.T) {
	a := newTestApp(t)
	c := mustCreate(t, a, "张伟", "13800138000")
	tech := mustStaff(t, a, "李师傅", models.RoleTechnician)
	gm := mustStaff(t, a, "王总", models.RoleGeneralManager)
	d, err := a.CreateTicket(IntakeInput{CustomerID: c.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "不制冷"})
	if err != nil {
		t.Fatal(err)
	}
	id := d.Ticket.ID
	step(t, a, id, models.StepInput{Action: models.ActAssign, TechnicianID: tech.ID})
	step(t, a, id, models.StepInput{Action: models.ActSchedule, Date: fixedNow, Half: models.PM})
	step(t, a, id, models.StepInput{Action: models.ActArrive})
	// lab_ac_gas is 150 in the schedule: 127.50 is 15% below.
	if _, err := a.AddItem(id, ItemInput{Code: "lab_ac_gas", Qty: "1", Price: "127.50", Charged: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.RecordConsent(id, "客户同意"); err != nil {
		t.Fatal(err)
	}
	// With the default 10%, the general manager must approve.
	if _, err := a.Step(id, 0, models.StepInput{Action: models.ActRepaired}); models.AsFieldErrors(err).ForField("quote") == nil {
		t.Fatalf("15%% below passed with the 10%% limit: %v", err)
	}
	r := a.ServiceRules()
	r.DiscountLimitPercent = 20
	if err := a.SaveServiceRules(r); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ApproveQuote(id, gm.ID); models.AsFieldErrors(err).ForField("approver") == nil {
		t.Fatalf("approval asked for a quote within the 20%% limit: %v", err)
	}
	d = step(t, a, id, models.StepInput{Action: models.ActRepaired})
	if d.Ticket.Status != models.StatusRepaired || d.Ticket.QuoteApprovedAt != nil {
		t.Fatalf("after repair: %s approved %v", d.Ticket.Status, d.Ticket.QuoteApprovedAt)
	}
}

// rulesFee builds a schedule row.
func rulesFee(key string, kind models.ItemKind, zh, en string, price models.Money) models.FeeItem {
	return models.FeeItem{Key: key, Kind: kind, NameZH: zh, NameEN: en, UnitZH: "次", UnitEN: "job", Price: price}
}

func TestFeeScheduleSaveResetAndAudit(t *testing.T) {
	a := newTestApp(t)
	if !slices.Equal(a.FeeSchedule(), assets.FeeSchedule()) {
		t.Fatal("the default schedule is not the shipped one")
	}
	items := a.FeeSchedule()
	items[0].Price = 3500
	items = append(items[:1], items[2:]...) // remove the second item
	items = append(items, rulesFee("", models.ItemPart, " 抽屉滑轨 ", "Drawer rail", 4500))
	if err := a.SaveFeeSchedule(items); err != nil {
		t.Fatal(err)
	}
	got := a.FeeSchedule()
	if len(got) != len(items) || got[0].Price != 3500 {
		t.Fatalf("saved: %d items, first %+v", len(got), got[0])
	}
	added := got[len(got)-1]
	if !strings.HasPrefix(added.Key, "part_") || len(added.Key) != len("part_")+8 || added.NameZH != "抽屉滑轨" {
		t.Fatalf("new row: %+v", added)
	}
	// The generated key is stable: saving again keeps it.
	if err := a.SaveFeeSchedule(got); err != nil {
		t.Fatal(err)
	}
	if k := a.FeeSchedule()[len(got)-1].Key; k != added.Key {
		t.Fatalf("key changed on a second save: %s → %s", added.Key, k)
	}
	// The returned slice is a copy: changing it does not change the cache.
	got[0].Price = 1
	if a.FeeSchedule()[0].Price != 3500 {
		t.Fatal("the cache was changed through a returned slice")
	}
	// A second App on the same file reads the saved schedule.
	b, err := Open(Options{Path: a.Path(), Clock: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if bs := b.FeeSchedule(); len(bs) != len(items) || bs[len(bs)-1].Key != added.Key {
		t.Fatalf("reloaded: %+v", bs)
	}
	h, _ := a.History("settings", keyFeeSchedule)
	if len(h) != 1 {
		t.Fatalf("history: %d entries", len(h))
	}
	def := assets.FeeSchedule()
	if h[0].Fields[def[0].Key][1] == "" || h[0].Fields[def[1].Key][1] != "" || h[0].Fields[added.Key][0] != "" {
		t.Fatalf("audit: %+v", h[0].Fields)
	}
	if err := a.ResetFeeSchedule(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.FeeSchedule(), def) {
		t.Fatal("reset did not restore the defaults")
	}
	if v, _ := a.Setting(keyFeeSchedule); v != "" {
		t.Fatalf("reset left a stored schedule: %q", v)
	}
	if h, _ := a.History("settings", keyFeeSchedule); len(h) != 2 {
		t.Fatalf("reset not audited: %d entries", len(h))
	}
}

func TestFeeScheduleValidation(t *testing.T) {
	a := newTestApp(t)
	ok := rulesFee("a", models.ItemLabour, "调整", "Adjust", 3000)
	long := strings.Repeat("长", 101)
	cases := []struct {
		name  string
		items []models.FeeItem
		field string
		key   string
	}{
		{"empty", nil, "fees", "err.fee.empty"},
		{"duplicate key", []models.FeeItem{ok, ok}, FeeField(1, "key"), "err.fee.key_duplicate"},
		{"bad key", []models.FeeItem{rulesFee("a b", models.ItemLabour, "调整", "Adjust", 1)}, FeeField(0, "key"), "err.fee.key"},
		{"long key", []models.FeeItem{rulesFee(strings.Repeat("k", 41), models.ItemLabour, "调整", "Adjust", 1)}, FeeField(0, "key"), "err.fee.key"},
		{"kind", []models.FeeItem{ok, rulesFee("b", "tip", "小费", "Tip", 1)}, FeeField(1, "kind"), "err.fee.kind"},
		{"no kind", []models.FeeItem{rulesFee("b", "", "小费", "Tip", 1)}, FeeField(0, "kind"), "err.fee.kind"},
		{"chinese name", []models.FeeItem{rulesFee("b", models.ItemPart, "  ", "Rail", 1)}, FeeField(0, "name_zh"), "err.fee.name_zh"},
		{"english name", []models.FeeItem{rulesFee("b", models.ItemPart, "滑轨", "", 1)}, FeeField(0, "name_en"), "err.fee.name_en"},
		{"long name", []models.FeeItem{rulesFee("b", models.ItemPart, long, "Rail", 1)}, FeeField(0, "name_zh"), "err.fee.name_zh"},
		{"long english", []models.FeeItem{rulesFee("b", models.ItemPart, "滑轨", strings.Repeat("x", 101), 1)}, FeeField(0, "name_en"), "err.fee.name_en"},
		{"long unit", []models.FeeItem{{Key: "b", Kind: models.ItemPart, NameZH: "滑轨", NameEN: "Rail", UnitZH: strings.Repeat("个", 21)}}, FeeField(0, "unit"), "err.fee.unit_long"},
		{"negative price", []models.FeeItem{rulesFee("b", models.ItemPart, "滑轨", "Rail", -1)}, FeeField(0, "price"), "err.fee.price_range"},
		{"price too high", []models.FeeItem{rulesFee("b", models.ItemPart, "滑轨", "Rail", 100_000_001)}, FeeField(0, "price"), "err.fee.price_range"},
	}
	for _, c := range cases {
		err := a.SaveFeeSchedule(c.items)
		fe := models.AsFieldErrors(err).ForField(c.field)
		if fe == nil || fe.Key != c.key {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	// The limits themselves are accepted: free items and a 1,000,000 yuan one.
	edge := []models.FeeItem{rulesFee("free", models.ItemOther, "免费检测", "Free check", 0), rulesFee("max", models.ItemOther, "整套更换", "Full set", 100_000_000)}
	if err := a.SaveFeeSchedule(edge); err != nil {
		t.Fatalf("limits refused: %v", err)
	}
	if h, _ := a.History("settings", keyFeeSchedule); len(h) != 1 {
		t.Fatalf("refused saves were audited: %d entries", len(h))
	}
}

func TestRemovingFeeItemKeepsTicketLines(t *testing.T) {
	a := newTestApp(t)
	c := mustCreate(t, a, "张伟", "13800138000")
	d, err := a.CreateTicket(IntakeInput{CustomerID: c.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "不制冷"})
	if err != nil {
		t.Fatal(err)
	}
	id := d.Ticket.ID
	if _, err := a.AddItem(id, ItemInput{Code: "visit_city", Qty: "1", Charged: true}); err != nil {
		t.Fatal(err)
	}
	d, err = a.AddItem(id, ItemInput{Code: "lab_ac_gas", Qty: "2", Price: "140", Charged: true})
	if err != nil {
		t.Fatal(err)
	}
	before := slices.Clone(d.Items)
	// Remove visit_city, reprice and rename lab_ac_gas.
	var items []models.FeeItem
	for _, f := range a.FeeSchedule() {
		switch f.Key {
		case "visit_city":
			continue
		case "lab_ac_gas":
			f.Price, f.NameZH = 20000, "空调加氟（新）"
		}
		items = append(items, f)
	}
	if err := a.SaveFeeSchedule(items); err != nil {
		t.Fatal(err)
	}
	after, err := a.Ticket(id)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(after.Items, before) || after.Quote != d.Quote {
		t.Fatalf("ticket lines changed:\nbefore %+v\nafter  %+v", before, after.Items)
	}
	// The removed item can no longer be added to a new quote.
	if _, err := a.AddItem(id, ItemInput{Code: "visit_city", Qty: "1"}); models.AsFieldErrors(err).ForField("item") == nil {
		t.Fatalf("a removed item was added: %v", err)
	}
}

// BenchmarkServiceRulesCached measures the cost of the rules lookup that
// every due-date computation pays (once per row of the Today board).
func BenchmarkServiceRulesCached(b *testing.B) {
	a := newTestApp(b)
	a.ServiceRules()
	b.ResetTimer()
	for b.Loop() {
		_ = a.dueRules()
	}
}
