package app

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"aftercare/models"
)

// deliveryFixture is a customer, a crew of three and the checklists.
type deliveryFixture struct {
	a                 *App
	c                 *models.Customer
	lead, mate, mate2 *models.Staff
	furniture         models.ChecklistTemplate
	appliance         models.ChecklistTemplate
}

func newDeliveryFixture(t *testing.T) *deliveryFixture {
	t.Helper()
	a := newTestApp(t)
	f := &deliveryFixture{a: a, c: mustCreate(t, a, "陈静", "13900139000")}
	f.lead = mustStaff(t, a, "赵师傅", models.RoleDelivery)
	f.mate = mustStaff(t, a, "钱师傅", models.RoleDelivery)
	f.mate2 = mustStaff(t, a, "孙师傅", models.RoleDelivery)
	tpls, err := a.ChecklistTemplates(false)
	if err != nil || len(tpls) != 2 {
		t.Fatalf("seeded checklists: %v %v", tpls, err)
	}
	f.furniture, f.appliance = tpls[0], tpls[1]
	return f
}

func (f *deliveryFixture) intake(crew ...string) IntakeInput {
	in := IntakeInput{CustomerID: f.c.ID, Kind: models.KindDelivery, Address: "上海市浦东新区世纪大道100号 2201室",
		Request: "电梯可用，下午两点后", Delivery: DeliveryInput{
			Items: []DeliveryItemInput{
				{Product: "衣柜", Model: "YG-2000", Qty: "1", RecordPurchase: true, ProductType: "furniture"},
				{Product: "床头柜", Model: "CT-40", Qty: "２"},
			},
			Date: fixedNow.AddDate(0, 0, 2), Half: models.PM, ChecklistID: f.furniture.ID,
		}}
	if len(crew) > 0 {
		in.Delivery.Crew, in.Delivery.LeaderID = crew, crew[0]
	}
	return in
}

func TestDeliveryFromIntakeToClose(t *testing.T) {
	f := newDeliveryFixture(t)
	a := f.a
	d, err := a.CreateTicket(f.intake())
	if err != nil {
		t.Fatal(err)
	}
	tk := d.Ticket
	if !strings.HasPrefix(tk.Number, "SH20261123-") || tk.Mode != models.ModeDelivery || tk.Status != models.StatusNew {
		t.Fatalf("created %s %s %s", tk.Number, tk.Mode, tk.Status)
	}
	if len(d.DeliveryItems) != 2 || d.DeliveryItems[1].Qty != 2 || d.DeliveryItems[0].PurchaseID == nil || d.DeliveryItems[1].PurchaseID != nil {
		t.Fatalf("items: %+v", d.DeliveryItems)
	}
	if len(d.Checks) != 8 || tk.ChecklistVersion != 1 || tk.ChecklistName != "checklist.name.furniture" {
		t.Fatalf("checklist: %d lines, v%d %q", len(d.Checks), tk.ChecklistVersion, tk.ChecklistName)
	}
	if d.Due == nil || d.Due.Rule != models.DueCrew {
		t.Fatalf("due: %+v", d.Due)
	}
	// The new purchase is on the customer's record with its warranty.
	c, _ := a.Customer(f.c.ID)
	if len(c.Purchases) != 1 || c.Purchases[0].Product != "衣柜" || c.Purchases[0].WarrantyMonths == 0 {
		t.Fatalf("purchases: %+v", c.Purchases)
	}
	if !containsAction(d.Legal, models.ActAssignCrew) || containsAction(d.Legal, models.ActAssign) {
		t.Fatalf("legal: %v", d.Legal)
	}

	// A crew of one needs a reason; a crew of two does not.
	_, err = a.AssignCrew(CrewInput{TicketID: tk.ID, Crew: []string{f.lead.ID}, LeaderID: f.lead.ID})
	if fe := models.AsFieldErrors(err); len(fe) != 1 || fe[0].Field != "crew_reason" {
		t.Fatalf("crew of one: %v", err)
	}
	d, err = a.AssignCrew(CrewInput{TicketID: tk.ID, Version: d.Ticket.Version, Crew: []string{f.mate.ID, f.lead.ID}, LeaderID: f.lead.ID})
	if err != nil {
		t.Fatal(err)
	}
	if d.Ticket.Status != models.StatusScheduled || len(d.Crew) != 2 || !d.Crew[0].Leader || d.Crew[0].Name != "赵师傅" || d.Technician != "赵师傅" {
		t.Fatalf("crew: %s %+v tech %q", d.Ticket.Status, d.Crew, d.Technician)
	}

	// Completing with required lines unticked needs a reason.
	id := d.Ticket.ID
	for _, c := range d.Checks[:6] {
		if d, err = a.TickCheck(id, c.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	done, total, missing := models.Progress(d.Checks)
	if done != 6 || total != 8 || missing != 2 || d.Checks[0].CheckedBy == "" || d.Checks[0].CheckedAt == nil {
		t.Fatalf("progress %d / %d, missing %d, first %+v", done, total, missing, d.Checks[0])
	}
	if _, err := a.Step(id, 0, models.StepInput{Action: models.ActCompleteInst}); err == nil {
		t.Fatal("completed with required lines unticked and no reason")
	}
	d = step(t, a, id, models.StepInput{Action: models.ActCompleteInst, Reason: "客户急着出门，玻璃门下次上门检查"})
	if d.Ticket.Status != models.StatusInstalled || d.Ticket.ChecklistReason == "" || d.Ticket.RepairedAt == nil {
		t.Fatalf("after completion: %s reason %q", d.Ticket.Status, d.Ticket.ChecklistReason)
	}
	last := d.Events[len(d.Events)-1]
	if last.Action != models.ActCompleteInst || !strings.Contains(last.Data, `"6 / 8"`) {
		t.Fatalf("completion event: %+v", last)
	}
	// Still tickable until signed; not after.
	if _, err := a.TickCheck(id, d.Checks[6].ID, true); err != nil {
		t.Fatal(err)
	}
	step(t, a, id, models.StepInput{Action: models.ActSign})
	if _, err := a.TickCheck(id, d.Checks[7].ID, true); err == nil {
		t.Fatal("ticked after signing")
	}
	d = step(t, a, id, models.StepInput{Action: models.ActClose})
	if d.Ticket.Status != models.StatusClosed || d.Due != nil {
		t.Fatalf("closed: %s %+v", d.Ticket.Status, d.Due)
	}
}

func containsAction(as []models.Action, x models.Action) bool {
	for _, a := range as {
		if a == x {
			return true
		}
	}
	return false
}

func TestDeliveryIntakeValidation(t *testing.T) {
	f := newDeliveryFixture(t)
	in := f.intake()
	in.Delivery.Items = []DeliveryItemInput{{Product: "", Qty: "0"}}
	in.Delivery.Half = ""
	in.Delivery.ChecklistID = ""
	_, err := f.a.CreateTicket(in)
	fields := map[string]bool{}
	for _, fe := range models.AsFieldErrors(err) {
		fields[fe.Field] = true
	}
	for _, want := range []string{"items", "half", "checklist"} {
		if !fields[want] {
			t.Errorf("no %s error in %v", want, err)
		}
	}
	in = f.intake()
	in.Delivery.Items[0].ProductType = ""
	if fe := models.AsFieldErrors(mustFail(f.a.CreateTicket(in))); len(fe) != 1 || fe[0].Key != "err.delivery.item_type" {
		t.Errorf("new purchase without a product type: %v", fe)
	}
	in = f.intake()
	in.Delivery.Date = fixedNow.AddDate(0, 0, -1)
	if _, err := f.a.CreateTicket(in); err == nil {
		t.Error("a delivery in the past was accepted")
	}
	var n int64
	f.a.db.Model(&models.Ticket{}).Count(&n)
	var p int64
	f.a.db.Model(&models.Purchase{}).Count(&p)
	if n != 0 || p != 0 {
		t.Errorf("a refused intake left %d tickets and %d purchases", n, p)
	}
}

func TestDeliveryCrewAtIntakeAndClash(t *testing.T) {
	f := newDeliveryFixture(t)
	a := f.a
	d, err := a.CreateTicket(f.intake(f.lead.ID, f.mate.ID))
	if err != nil {
		t.Fatal(err)
	}
	if d.Ticket.Status != models.StatusScheduled || len(d.Crew) != 2 {
		t.Fatalf("crew at intake: %s %+v", d.Ticket.Status, d.Crew)
	}
	// The mate is booked that half day: a second delivery with them clashes.
	_, err = a.CreateTicket(f.intake(f.mate2.ID, f.mate.ID))
	var clash *ClashError
	if !errors.As(err, &clash) || len(clash.Existing) != 1 || clash.Existing[0].Number != d.Ticket.Number {
		t.Fatalf("clash: %v", err)
	}
	in := f.intake(f.mate2.ID, f.mate.ID)
	in.Delivery.AllowClash = true
	if _, err := a.CreateTicket(in); err != nil {
		t.Fatalf("confirmed double booking: %v", err)
	}
	// A repair technician's visit clashes with their delivery too.
	rows, err := a.bookings(a.db, f.mate.ID, models.CivilDate(fixedNow.AddDate(0, 0, 2)), models.PM, "")
	if err != nil || len(rows) != 2 {
		t.Fatalf("bookings of a crew member: %d %v", len(rows), err)
	}
	// Changing the crew of a scheduled delivery needs a reason and keeps the status.
	_, err = a.AssignCrew(CrewInput{TicketID: d.Ticket.ID, Crew: []string{f.lead.ID, f.mate2.ID}, LeaderID: f.mate2.ID, AllowClash: true})
	if fe := models.AsFieldErrors(err); len(fe) != 1 || fe[0].Field != "reason" {
		t.Fatalf("crew change without reason: %v", err)
	}
	d, err = a.AssignCrew(CrewInput{TicketID: d.Ticket.ID, Crew: []string{f.lead.ID, f.mate2.ID}, LeaderID: f.mate2.ID, Reason: "钱师傅请假", AllowClash: true})
	if err != nil {
		t.Fatal(err)
	}
	last := d.Events[len(d.Events)-1]
	if d.Ticket.Status != models.StatusScheduled || d.Technician != "孙师傅" || !strings.Contains(last.Data, "钱师傅") {
		t.Fatalf("after change: %s %s %s", d.Ticket.Status, d.Technician, last.Data)
	}
	// Rescheduling moves the whole crew's booking.
	d = step(t, a, d.Ticket.ID, models.StepInput{Action: models.ActReschedule, Date: fixedNow.AddDate(0, 0, 3), Half: models.AM,
		Reason: "客户改期", CustomerAsked: true})
	if d.Ticket.Status != models.StatusScheduled || d.Ticket.ReschedulesCust != 1 {
		t.Fatalf("rescheduled: %s %d", d.Ticket.Status, d.Ticket.ReschedulesCust)
	}
}

func TestDeliveryProblemRaisesLinkedTickets(t *testing.T) {
	f := newDeliveryFixture(t)
	a := f.a
	d, err := a.CreateTicket(f.intake(f.lead.ID, f.mate.ID))
	if err != nil {
		t.Fatal(err)
	}
	item := d.DeliveryItems[0]
	r, err := a.ReportProblem(d.Ticket.ID, ProblemInput{Kind: models.ProblemDamage, ItemID: item.ID, Description: "左门板运输中磕坏", Raise: models.KindRepair})
	if err != nil {
		t.Fatal(err)
	}
	if r.Ticket.Kind != models.KindRepair || r.Ticket.Mode != models.ModeOnSite || r.From == nil || r.From.Number != d.Ticket.Number ||
		r.Ticket.PurchaseID == nil || *r.Ticket.PurchaseID != *item.PurchaseID || r.Ticket.Source != models.SourceDelivery {
		t.Fatalf("repair raised: %+v from %+v", r.Ticket, r.From)
	}
	p, err := a.ReportProblem(d.Ticket.ID, ProblemInput{Kind: models.ProblemMissingPart, Description: "少一包螺丝", Raise: models.KindPart, PartName: "螺丝包", PartQty: "1"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Ticket.Kind != models.KindPart || p.Ticket.Status != models.StatusRequested || !strings.HasPrefix(p.Ticket.Number, "BJ") || p.Ticket.PartQty != 1 {
		t.Fatalf("part raised: %+v", p.Ticket)
	}
	if len(p.Missing) != 0 {
		t.Fatalf("part request flags missing information: %v", p.Missing)
	}
	if !containsAction(p.Legal, models.ActApprovePart) {
		t.Fatalf("part legal: %v", p.Legal)
	}
	d, _ = a.Ticket(d.Ticket.ID)
	if len(d.Raised) != 2 || countAction(d.Events, models.ActReportProblem) != 2 {
		t.Fatalf("delivery links: %+v", d.Raised)
	}
	if _, err := a.ReportProblem(d.Ticket.ID, ProblemInput{Kind: models.ProblemWrongPart, Description: "x", Raise: models.KindPart}); err == nil {
		t.Fatal("part request without the part's name")
	}
	if _, err := a.ReportProblem(r.Ticket.ID, ProblemInput{Kind: models.ProblemWrongPart, Description: "x", Raise: models.KindRepair}); err == nil {
		t.Fatal("a problem reported on a repair")
	}
}

func TestChecklistVersions(t *testing.T) {
	f := newDeliveryFixture(t)
	a := f.a
	d, err := a.CreateTicket(f.intake())
	if err != nil {
		t.Fatal(err)
	}
	items := append([]models.ChecklistItem{}, f.furniture.Items...)
	items = append(items, models.ChecklistItem{Text: "拍照上传安装完成照片", Required: false})
	items[0], items[1] = items[1], items[0]
	v2, err := a.SaveChecklist(ChecklistInput{Family: f.furniture.Family, Items: items})
	if err != nil {
		t.Fatal(err)
	}
	if v2.Version != 2 || v2.NameKey != "checklist.name.furniture" || len(v2.Items) != 9 {
		t.Fatalf("v2: %+v", v2)
	}
	// Saving the same again adds nothing.
	same, err := a.SaveChecklist(ChecklistInput{Family: f.furniture.Family, Items: items})
	if err != nil || same.ID != v2.ID {
		t.Fatalf("unchanged save made a version: %v %v", same, err)
	}
	// The open ticket keeps its 8 lines; a new one (even from the stale
	// form's v1 ID) gets the 9 of v2.
	d, _ = a.Ticket(d.Ticket.ID)
	if len(d.Checks) != 8 {
		t.Fatalf("open ticket changed: %d lines", len(d.Checks))
	}
	d2, err := a.CreateTicket(f.intake())
	if err != nil {
		t.Fatal(err)
	}
	if len(d2.Checks) != 9 || d2.Ticket.ChecklistVersion != 2 || d2.Checks[0].Key != "checklist.item.tools_off_floor" || d2.Checks[8].Required {
		t.Fatalf("new ticket: v%d %+v", d2.Ticket.ChecklistVersion, d2.Checks)
	}
	vs, _ := a.ChecklistVersions(f.furniture.Family)
	if len(vs) != 2 || !vs[0].Current || vs[1].Current {
		t.Fatalf("versions: %+v", vs)
	}
	// A new template, archive and restore, the last one protected.
	own, err := a.SaveChecklist(ChecklistInput{Name: "床垫", Items: []models.ChecklistItem{{Text: "拆除旧床垫", Required: true}}})
	if err != nil || own.Family == "" || own.Version != 1 {
		t.Fatalf("new template: %+v %v", own, err)
	}
	if err := a.ArchiveChecklist(own.Family, true); err != nil {
		t.Fatal(err)
	}
	if err := a.ArchiveChecklist(f.appliance.Family, true); err != nil {
		t.Fatal(err)
	}
	if err := a.ArchiveChecklist(f.furniture.Family, true); err == nil {
		t.Fatal("archived the last checklist")
	}
	list, _ := a.ChecklistTemplates(false)
	if len(list) != 1 {
		t.Fatalf("active after archiving: %d", len(list))
	}
	if _, err := a.ResetChecklist(f.furniture.Family); err != nil {
		t.Fatal(err)
	}
	list, _ = a.ChecklistTemplates(false)
	if len(list) != 1 || list[0].Version != 3 || len(list[0].Items) != 8 {
		t.Fatalf("after reset: %+v", list)
	}
	if _, err := a.SaveChecklist(ChecklistInput{Family: f.furniture.Family, Items: []models.ChecklistItem{{Text: "  "}}}); err == nil {
		t.Fatal("an empty line was saved")
	}
	h, _ := a.History("checklist", f.furniture.Family)
	if len(h) != 2 {
		t.Fatalf("audit entries: %d", len(h))
	}
}

func TestTodayShowsDeliveriesWithTheirNextStep(t *testing.T) {
	f := newDeliveryFixture(t)
	a := f.a
	in := f.intake()
	in.Delivery.Date = fixedNow // this afternoon, no crew yet
	d, err := a.CreateTicket(in)
	if err != nil {
		t.Fatal(err)
	}
	items, err := a.Today(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].Number != d.Ticket.Number || items[0].Rule != models.DueCrew ||
		items[0].Action != models.ActAssignCrew || items[0].Overdue {
		t.Fatalf("today: %+v", items)
	}
	cases := []struct {
		rule models.DueRule
		st   models.Status
		want models.Action
	}{
		{models.DueInstallDone, models.StatusInService, models.ActCompleteInst},
		{models.DueSignatureReturn, models.StatusInstalled, models.ActSign},
		{models.DueSignatureReturn, models.StatusSigned, models.ActClose},
		{models.DueVisit, models.StatusScheduled, models.ActArrive},
	}
	for _, c := range cases {
		if got := ClearingAction(c.rule, models.ModeDelivery, c.st); got != c.want {
			t.Errorf("%s in %s: %s, want %s", c.rule, c.st, got, c.want)
		}
		if _, ok := models.Find(c.want, models.ModeDelivery, c.st); !ok {
			t.Errorf("%s is not legal for a delivery in %s", c.want, c.st)
		}
	}
	if got := ClearingAction(models.DuePartApprove, models.ModePart, models.StatusRequested); got != models.ActApprovePart {
		t.Errorf("part approval: %s", got)
	}
}

// TestMigrationFromV3AddsDeliveriesAndSeedsChecklists turns a database
// back into the version 3 layout (no delivery tables, no checklist rows)
// and reopens it: the tables come back, the built-in checklists are
// seeded once, and the repair already there is untouched.
func TestMigrationFromV3AddsDeliveriesAndSeedsChecklists(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shop.db")
	a, err := Open(Options{Path: path, Clock: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	c := mustCreate(t, a, "张伟", "13800138000")
	r, err := a.CreateTicket(IntakeInput{CustomerID: c.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "不制冷"})
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"crew_members", "delivery_items", "checklist_templates", "ticket_checks"} {
		if err := a.db.Exec("DROP TABLE " + table).Error; err != nil {
			t.Fatal(err)
		}
	}
	a.db.Save(&models.Meta{Key: "schema_version", Value: "3"})
	a.Close()
	for i := 0; i < 2; i++ {
		b, err := Open(Options{Path: path, Clock: func() time.Time { return fixedNow }})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 && b.MigrationBackup == "" {
			t.Fatal("no backup before migrating to v4")
		}
		tpls, err := b.ChecklistTemplates(true)
		if err != nil || len(tpls) != 2 {
			t.Fatalf("checklists after migration (open %d): %d %v", i+1, len(tpls), err)
		}
		d, err := b.Ticket(r.Ticket.ID)
		if err != nil || d.Ticket.Number != r.Ticket.Number || d.Ticket.Mode != models.ModeOnSite || len(d.Checks) != 0 {
			t.Fatalf("repair after migration: %+v %v", d, err)
		}
		b.Close()
	}
}

func mustFail(_ *TicketDetail, err error) error { return err }
