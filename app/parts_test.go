package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"aftercare/models"
)

func partIntake(c *models.Customer, mod func(*IntakeInput)) IntakeInput {
	in := IntakeInput{CustomerID: c.ID, Kind: models.KindPart, Product: "亚振 卧室套房 YZ-8801",
		Symptom: "床头板运输磕伤", Request: "随下次送货带上", Part: PartInput{
			PriceCode: "part_headboard_18", Category: "gloss_double", Colour: "象牙白", Qty: "1",
			Batch: "PC20261101-03", Inspection: "JY-55812", OrderDate: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)}}
	if mod != nil {
		mod(&in)
	}
	return in
}

func TestPartRequestFromIntake(t *testing.T) {
	a := newTestApp(t)
	c := mustCreate(t, a, "陈静", "13900139000")
	d, err := a.CreateTicket(partIntake(c, func(in *IntakeInput) { in.Priority = models.PriorityUrgent }))
	if err != nil {
		t.Fatal(err)
	}
	tk := d.Ticket
	if !strings.HasPrefix(tk.Number, "BJ") || tk.Mode != models.ModePart || tk.Status != models.StatusRequested {
		t.Fatalf("created %s %s %s", tk.Number, tk.Mode, tk.Status)
	}
	// 20 Nov + 12 days (double-sided gloss: 10–12, the upper bound).
	if tk.PartExpected == nil || models.FormatDate(*tk.PartExpected) != "2026-12-02" || models.FormatDate(*tk.OrderDate) != "2026-11-20" {
		t.Fatalf("dates: order %v expected %v", tk.OrderDate, tk.PartExpected)
	}
	if tk.PartName != "床头板 1.8米" || tk.PartQty != 1 || tk.PartColour != "象牙白" || tk.PartBatch != "PC20261101-03" ||
		tk.PartInspection != "JY-55812" || tk.PartCategory != "gloss_double" || tk.Priority != models.PriorityUrgent || tk.PartChargeable {
		t.Fatalf("form fields: %+v", tk.AftersalesFields)
	}
	if tk.FirstContactAt == nil || len(d.Items) != 0 {
		t.Fatalf("first contact %v, items %v", tk.FirstContactAt, d.Items)
	}
	if d.Events[0].To != models.StatusRequested {
		t.Fatalf("first event: %+v", d.Events[0])
	}
	if d.Due == nil || d.Due.Rule != models.DuePartApprove {
		t.Fatalf("due: %+v", d.Due)
	}

	// Validation: what to fix, per field.
	_, err = a.CreateTicket(partIntake(c, func(in *IntakeInput) {
		in.Symptom, in.Part.PriceCode, in.Part.Category, in.Part.Qty = "", "", "", "0"
	}))
	fe := models.AsFieldErrors(err)
	for _, f := range []string{"part_name", "category", "part_qty", "symptom"} {
		if fe.ForField(f) == nil {
			t.Errorf("no error on %s: %v", f, err)
		}
	}
	_, err = a.CreateTicket(partIntake(c, func(in *IntakeInput) { in.Part.Category = "gone" }))
	if models.AsFieldErrors(err).ForField("category") == nil {
		t.Errorf("unknown category: %v", err)
	}
	_, err = a.CreateTicket(partIntake(c, func(in *IntakeInput) { in.Part.PriceCode, in.Part.PartName, in.Part.Chargeable = "", "侧板", true }))
	if models.AsFieldErrors(err).ForField("part_name") == nil {
		t.Errorf("chargeable typed part without a price: %v", err)
	}
	// A link to another customer's ticket is refused.
	other := mustCreate(t, a, "李娜", "13912345678")
	od, err := a.CreateTicket(partIntake(other, nil))
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.CreateTicket(partIntake(c, func(in *IntakeInput) { in.LinkedTicketID = od.Ticket.Number }))
	if models.AsFieldErrors(err).ForField("linked") == nil {
		t.Errorf("other customer's ticket linked: %v", err)
	}
	linked, err := a.CreateTicket(partIntake(c, func(in *IntakeInput) { in.LinkedTicketID = strings.ToLower(tk.Number) }))
	if err != nil || linked.From == nil || linked.From.Number != tk.Number {
		t.Fatalf("link by number: %v %+v", err, linked)
	}
}

func TestPartChargeableFlowAndPaymentGate(t *testing.T) {
	a := newTestApp(t)
	c := mustCreate(t, a, "陈静", "13900139000")
	d, err := a.CreateTicket(partIntake(c, func(in *IntakeInput) {
		in.Part.PriceCode, in.Part.Category, in.Part.Qty, in.Part.Chargeable = "part_door_panel", "inner_glass", "2", true
	}))
	if err != nil {
		t.Fatal(err)
	}
	id := d.Ticket.ID
	// The price from the list is on the ticket as a charge line.
	if len(d.Items) != 1 || d.Items[0].Code != "part_door_panel" || d.Items[0].Qty != 2 || d.Quote.Total != 34000 || !d.Items[0].Charged {
		t.Fatalf("price line: %+v total %d", d.Items, d.Quote.Total)
	}
	for _, act := range []models.Action{models.ActApprovePart, models.ActProducePart, models.ActWarehousePart} {
		d = step(t, a, id, models.StepInput{Action: act})
	}
	if d.Ticket.Status != models.StatusWarehoused {
		t.Fatalf("status %s", d.Ticket.Status)
	}
	_, err = a.Step(id, 0, models.StepInput{Action: models.ActShipPart})
	if fe := models.AsFieldErrors(err).ForField("payment"); fe == nil || fe.Key != "err.part.unpaid" {
		t.Fatalf("shipped unpaid: %v", err)
	}
	if _, err := a.AddPayment(id, PaymentInput{Method: models.AllPaymentMethods[0], Amount: "200"}); err != nil {
		t.Fatal(err)
	}
	if _, err = a.Step(id, 0, models.StepInput{Action: models.ActShipPart}); err == nil {
		t.Fatal("shipped part-paid")
	}
	if _, err := a.AddPayment(id, PaymentInput{Method: models.AllPaymentMethods[0], Amount: "140"}); err != nil {
		t.Fatal(err)
	}
	d = step(t, a, id, models.StepInput{Action: models.ActShipPart})
	d = step(t, a, id, models.StepInput{Action: models.ActReceivePart})
	if d.Ticket.RepairedAt == nil || d.Due != nil {
		t.Fatalf("received: %+v due %+v", d.Ticket.RepairedAt, d.Due)
	}
	d = step(t, a, id, models.StepInput{Action: models.ActClose})
	if d.Ticket.Status != models.StatusClosed {
		t.Fatalf("closed: %s", d.Ticket.Status)
	}
}

func TestPartApprovalNeedsPlanning(t *testing.T) {
	a := newTestApp(t)
	c := mustCreate(t, a, "陈静", "13900139000")
	d, err := a.CreateTicket(partIntake(c, nil))
	if err != nil {
		t.Fatal(err)
	}
	clerk := staffWithPIN(t, a, "小刘", models.RoleCounter)
	planner := staffWithPIN(t, a, "计划部老周", models.RoleDispatcher)
	signInAs(t, a, clerk)
	if _, err := a.Step(d.Ticket.ID, 0, models.StepInput{Action: models.ActApprovePart}); models.AsFieldErrors(err).ForField("permission") == nil {
		t.Fatalf("counter approved a part request: %v", err)
	}
	signInAs(t, a, planner)
	d2 := step(t, a, d.Ticket.ID, models.StepInput{Action: models.ActApprovePart})
	if d2.Ticket.Status != models.StatusApproved || d2.Due == nil || d2.Due.Rule != models.DuePartLate {
		t.Fatalf("approved: %s due %+v", d2.Ticket.Status, d2.Due)
	}
	// Late against the expected date: on the Today board the day after.
	if got := ClearingAction(models.DuePartLate, models.ModePart, models.StatusApproved); got != models.ActWarehousePart {
		t.Errorf("clearing action %s", got)
	}
	if !strings.HasPrefix(d2.Due.At.In(a.loc()).Format("2006-01-02"), "2026-12-03") {
		t.Errorf("late from %v", d2.Due.At)
	}
}

func TestUnpackApprovalAndRefill(t *testing.T) {
	a := newTestApp(t)
	c := mustCreate(t, a, "陈静", "13900139000")
	d, err := a.CreateTicket(partIntake(c, func(in *IntakeInput) { in.Priority = models.PriorityUrgent }))
	if err != nil {
		t.Fatal(err)
	}
	id := d.Ticket.ID
	in := models.UnpackInput{PackageNo: "KC-1808-02", Reason: "客户周末入住，急需床头板", ApprovedBy: "市场部王经理"}
	if _, err := a.RequestUnpack(id, in); models.AsFieldErrors(err).ForField("unpack") == nil {
		t.Fatalf("unpacked before planning approved: %v", err)
	}
	step(t, a, id, models.StepInput{Action: models.ActApprovePart})
	noApprover := in
	noApprover.ApprovedBy = " "
	if _, err := a.RequestUnpack(id, noApprover); models.AsFieldErrors(err).ForField("approved_by") == nil {
		t.Fatalf("unpacked without the marketing manager's approval: %v", err)
	}
	// Only a business or general manager enters the approval.
	disp := staffWithPIN(t, a, "调度小王", models.RoleDispatcher)
	bm := staffWithPIN(t, a, "业务部李经理", models.RoleBusinessManager)
	signInAs(t, a, disp)
	if _, err := a.RequestUnpack(id, in); models.AsFieldErrors(err).ForField("permission") == nil {
		t.Fatalf("dispatcher recorded an unpacking: %v", err)
	}
	signInAs(t, a, bm)
	d, err = a.RequestUnpack(id, in)
	if err != nil {
		t.Fatal(err)
	}
	if d.Ticket.Status != models.StatusWarehoused {
		t.Fatalf("after unpacking: %s", d.Ticket.Status)
	}
	rows, err := a.Unpacks(id)
	if err != nil || len(rows) != 1 {
		t.Fatalf("unpacks: %v %v", rows, err)
	}
	u := rows[0]
	if u.ApprovedBy != "市场部王经理" || u.RecordedBy != "业务部李经理" || models.FormatDate(u.RefillDue) != "2026-11-30" || u.TicketNumber != d.Ticket.Number || u.Overdue {
		t.Fatalf("unpack row: %+v", u)
	}
	// Overdue after the due day.
	a.clock = func() time.Time { return fixedNow.AddDate(0, 0, 8) }
	open, _ := a.OpenUnpacks()
	if len(open) != 1 || !open[0].Overdue {
		t.Fatalf("open: %+v", open)
	}
	if err := a.MarkRefilled(u.ID); err != nil {
		t.Fatal(err)
	}
	if err := a.MarkRefilled(u.ID); models.AsFieldErrors(err).ForField("unpack") == nil {
		t.Fatalf("refilled twice: %v", err)
	}
	open, _ = a.OpenUnpacks()
	rows, _ = a.Unpacks(id)
	if len(open) != 0 || rows[0].RefilledAt == nil || rows[0].RefilledBy != "业务部李经理" {
		t.Fatalf("after refill: open %v rows %+v", open, rows)
	}
	full, _ := a.Ticket(id)
	var acts []models.Action
	for _, e := range full.Events {
		acts = append(acts, e.Action)
	}
	joined := ""
	for _, x := range acts {
		joined += string(x) + " "
	}
	if !strings.Contains(joined, "unpack_part warehouse_part") || !strings.Contains(joined, "refill_package") {
		t.Fatalf("timeline: %s", joined)
	}
}

func TestPartCategoriesCatalogue(t *testing.T) {
	a := newTestApp(t)
	cats := a.PartCategories()
	if len(cats) != 4 || cats[0].MaxDays != 12 || cats[3].LeadRange() != "2" {
		t.Fatalf("defaults: %+v", cats)
	}
	cats[3].MaxDays = 3
	cats = append(cats, models.PartCategory{NameZH: "软包", NameEN: "Upholstery", MinDays: 5, MaxDays: 7})
	if err := a.SavePartCategories(cats); err != nil {
		t.Fatal(err)
	}
	got := a.PartCategories()
	if len(got) != 5 || got[3].MaxDays != 3 || !strings.HasPrefix(got[4].Key, "cat_") {
		t.Fatalf("saved: %+v", got)
	}
	bad := append([]models.PartCategory(nil), got...)
	bad[0].MinDays = 0
	if err := a.SavePartCategories(bad); models.AsFieldErrors(err).ForField("cat.0.days") == nil {
		t.Fatalf("bad days saved: %v", err)
	}
	hist, err := a.History("settings", keyPartCategories)
	if err != nil || len(hist) != 1 {
		t.Fatalf("audit: %v %v", hist, err)
	}
	// A request uses the edited lead time.
	c := mustCreate(t, a, "陈静", "13900139000")
	d, err := a.CreateTicket(partIntake(c, func(in *IntakeInput) { in.Part.Category = "hardware" }))
	if err != nil || models.FormatDate(*d.Ticket.PartExpected) != "2026-11-23" {
		t.Fatalf("hardware: %v %v", err, d)
	}
	if err := a.ResetPartCategories(); err != nil || len(a.PartCategories()) != 4 {
		t.Fatalf("reset: %v", err)
	}
	// The price list is the fee schedule's part items, with the seed's prices.
	prices := map[string]models.Money{}
	for _, f := range a.PartPriceList() {
		prices[f.Key] = f.Price
	}
	for k, want := range map[string]models.Money{"part_headboard_18": 65000, "part_headboard_15": 60000, "part_headboard_12": 50000,
		"part_bed_rail": 10000, "part_rail_set": 25000, "part_footboard": 10000, "part_bed_legs": 5000, "part_slats": 10000,
		"part_door_panel": 17000, "part_mirror": 10000} {
		if prices[k] != want {
			t.Errorf("%s: %d, want %d", k, prices[k], want)
		}
	}
}

func TestPartRequestsListAndProblemCategory(t *testing.T) {
	f := newDeliveryFixture(t)
	a := f.a
	d, err := a.CreateTicket(f.intake())
	if err != nil {
		t.Fatal(err)
	}
	p, err := a.ReportProblem(d.Ticket.ID, ProblemInput{Kind: models.ProblemMissingPart, Description: "少一块门板", Raise: models.KindPart,
		PartName: "门板", PartQty: "1", PartCategory: "gloss_single"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Ticket.PartCategory != "gloss_single" || p.Ticket.PartExpected == nil || models.FormatDate(*p.Ticket.PartExpected) != "2026-12-03" {
		t.Fatalf("problem part: %+v", p.Ticket.AftersalesFields)
	}
	if _, err := a.CreateTicket(partIntake(f.c, func(in *IntakeInput) { in.Part.Category = "hardware" })); err != nil {
		t.Fatal(err)
	}
	all, err := a.PartRequests(context.Background(), PartFilter{})
	if err != nil || len(all) != 2 {
		t.Fatalf("all: %v %v", all, err)
	}
	hw, _ := a.PartRequests(context.Background(), PartFilter{Category: "hardware"})
	if len(hw) != 1 || hw[0].Customer != "陈静" || hw[0].Batch != "PC20261101-03" {
		t.Fatalf("hardware: %+v", hw)
	}
	if rows, _ := a.PartRequests(context.Background(), PartFilter{From: fixedNow.AddDate(0, 0, 1)}); len(rows) != 0 {
		t.Fatalf("from tomorrow: %+v", rows)
	}
	if rows, _ := a.PartRequests(context.Background(), PartFilter{From: fixedNow, To: fixedNow, Status: models.StatusRequested}); len(rows) != 2 {
		t.Fatalf("today: %+v", rows)
	}
	if rows, _ := a.PartRequests(context.Background(), PartFilter{Status: models.StatusApproved}); len(rows) != 0 {
		t.Fatalf("approved: %+v", rows)
	}
	if p.From == nil || all[1].LinkedNumber != d.Ticket.Number && all[0].LinkedNumber != d.Ticket.Number {
		t.Fatalf("link: %+v", all)
	}
}

// TestOverdueRefills lists for the Today board only the packages not
// refilled by the end of their due day, the most overdue first.
func TestOverdueRefills(t *testing.T) {
	a := newTestApp(t)
	c := mustCreate(t, a, "陈静", "13900139000")
	unpack := func(pkg string, due time.Time) string {
		d, err := a.CreateTicket(partIntake(c, nil))
		if err != nil {
			t.Fatal(err)
		}
		step(t, a, d.Ticket.ID, models.StepInput{Action: models.ActApprovePart})
		if _, err := a.RequestUnpack(d.Ticket.ID, models.UnpackInput{PackageNo: pkg, Reason: "客户急用", ApprovedBy: "市场部王经理", RefillDue: due}); err != nil {
			t.Fatal(err)
		}
		rows, err := a.Unpacks(d.Ticket.ID)
		if err != nil || len(rows) != 1 {
			t.Fatalf("unpacks: %v %v", rows, err)
		}
		return rows[0].ID
	}
	today := fixedNow.In(a.loc())
	unpack("KC-A", today.AddDate(0, 0, 3))
	unpack("KC-B", today.AddDate(0, 0, 1))
	refilled := unpack("KC-C", today.AddDate(0, 0, 1))
	if err := a.MarkRefilled(refilled); err != nil {
		t.Fatal(err)
	}
	names := func() string {
		rows, err := a.OverdueRefills(context.Background(), 0)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range rows {
			if !r.Overdue || r.Customer != "陈静" || r.TicketNumber == "" {
				t.Fatalf("row: %+v", r)
			}
			out = append(out, r.PackageNo)
		}
		return strings.Join(out, ",")
	}
	if got := names(); got != "" {
		t.Fatalf("overdue on the day: %q", got)
	}
	a.clock = func() time.Time { return fixedNow.AddDate(0, 0, 1) } // KC-B's due day: not late yet
	if got := names(); got != "" {
		t.Fatalf("overdue on the due day: %q", got)
	}
	a.clock = func() time.Time { return fixedNow.AddDate(0, 0, 4) }
	if got := names(); got != "KC-B,KC-A" {
		t.Fatalf("overdue: %q", got)
	}
}
