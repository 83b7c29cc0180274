package screens

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"aftercare/app"
	"aftercare/models"
)

// deliveryCrew adds two delivery staff to a tickets fixture.
func deliveryCrew(t *testing.T, fx *tickFixture) (lead, mate *models.Staff) {
	t.Helper()
	var err error
	lead, err = fx.app.CreateStaff(models.StaffInput{Name: "赵师傅", Roles: []models.Role{models.RoleDelivery}, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	mate, err = fx.app.CreateStaff(models.StaffInput{Name: "钱师傅", Roles: []models.Role{models.RoleDelivery}, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	return lead, mate
}

// deliveryIntake opens the intake for a customer, chooses a delivery and
// waits for the checklists and staff.
func deliveryIntake(t *testing.T, fx *tickFixture, customerID string) *intakeDialog {
	t.Helper()
	i := fx.intake(t, customerID)
	custUI(func() { i.kind.SetSelected(KindLabel(models.KindDelivery)) })
	custEventually(t, "the delivery section to load", func() bool { return i.delivery.loaded })
	return i
}

// tickCrew ticks the people named in the crew picker.
func tickCrew(p *crewPicker, names ...string) {
	for n, s := range p.staff {
		if slices.Contains(names, s.Name) {
			p.checks[n].SetChecked(true)
		}
	}
}

// typeIndex is the index of a product type in a row's type select.
func typeIndex(r *deliveryItemRow, key string) int { return slices.Index(r.typeKeys, key) }

func TestIntakeDeliveryCreatesTicketWithItemsDateChecklistAndCrew(t *testing.T) {
	fx := newTickFixture(t)
	deliveryCrew(t, fx)
	zhang, err := fx.app.Customer(fx.zhang.ID)
	if err != nil || len(zhang.Purchases) != 1 {
		t.Fatalf("zhang: %v %+v", err, zhang)
	}
	i := deliveryIntake(t, fx, fx.zhang.ID)
	d := i.delivery

	// The repair-only fields give way to the delivery section.
	if !d.box.Visible() || i.modeRow[1].Visible() || i.symptomRow[1].Visible() || i.purchaseRow[1].Visible() ||
		i.warrantyRow[1].Visible() || i.productRow[1].Visible() || i.preferredRow[1].Visible() {
		t.Fatal("a delivery shows repair fields or hides its section")
	}
	if i.requestLabel.Text != "Notes" {
		t.Errorf("request label %q", i.requestLabel.Text)
	}
	// Delivery staff first, then the technician, marked as one.
	var offered []string
	for _, c := range d.crew.checks {
		offered = append(offered, c.Text)
	}
	if !slices.Equal(offered, []string{"赵师傅", "钱师傅", "李师傅 (Technician)"}) {
		t.Errorf("crew offered: %q", offered)
	}
	if len(d.rows) != 1 || !d.rows[0].remove.Disabled() || !d.rows[0].typed.Visible() {
		t.Fatalf("the editor starts with one typed row that cannot be removed: %d rows", len(d.rows))
	}
	if d.checklist.Selected != "Furniture installation" {
		t.Errorf("default checklist %q", d.checklist.Selected)
	}

	// The first item's product type suggests the checklist.
	r0 := d.rows[0]
	custUI(func() {
		test.Type(r0.product, "三门衣柜")
		test.Type(r0.model, "YG-2000")
		r0.ptype.SetSelectedIndex(typeIndex(r0, "large_appliance"))
	})
	if d.checklist.Selected != "Appliance installation" {
		t.Errorf("checklist for an appliance: %q", d.checklist.Selected)
	}
	custUI(func() {
		r0.ptype.SetSelectedIndex(typeIndex(r0, "furniture"))
		r0.record.SetChecked(true)
	})
	if d.checklist.Selected != "Furniture installation" {
		t.Errorf("checklist for furniture: %q", d.checklist.Selected)
	}

	// A second line is the customer's purchase on record, two of them.
	custUI(func() { test.Tap(d.addBtn) })
	if len(d.rows) != 2 || d.rows[0].remove.Disabled() || d.rows[1].num.Text != "2." {
		t.Fatalf("after Add item: %d rows", len(d.rows))
	}
	r1 := d.rows[1]
	custUI(func() {
		r1.source.SetSelectedIndex(0)
		r1.qty.SetText("2")
	})
	if r1.typed.Visible() || !strings.Contains(r1.source.Selected, "空调") {
		t.Errorf("a purchase row shows the typed fields or the wrong purchase: %q", r1.source.Selected)
	}
	// A third line added and removed again.
	custUI(func() { test.Tap(d.addBtn) })
	custUI(func() { test.Tap(d.rows[2].remove) })
	if len(d.rows) != 2 {
		t.Fatalf("after removing: %d rows", len(d.rows))
	}

	custUI(func() {
		test.Type(d.date.entry, "2026-11-25")
		d.half.SetSelected(HalfLabel(models.PM))
		tickCrew(d.crew, "赵师傅", "钱师傅")
	})
	if d.crew.reasonRow.Visible() || !d.crew.leaderRow.Visible() || len(d.crew.leader.Options) != 2 {
		t.Fatalf("crew of two: reason %v, leader options %q", d.crew.reasonRow.Visible(), d.crew.leader.Options)
	}
	custUI(func() {
		d.crew.leader.SetSelected("赵师傅")
		test.Type(i.request, "有电梯，下午两点后")
	})
	tickCapture(t, fx.win, "intake_delivery")
	custUI(func() { test.Tap(i.createBtn) })
	custEventually(t, "the delivery to be created", func() bool { return i.created != nil || i.formErr.Visible() })
	if i.created == nil {
		t.Fatalf("create failed: %q", i.formErr.Text)
	}
	tickCapture(t, fx.win, "intake_delivery_done")

	got, err := fx.app.TicketByNumber(i.created.Ticket.Number)
	if err != nil {
		t.Fatal(err)
	}
	tk := got.Ticket
	if !strings.HasPrefix(tk.Number, "SH20261123-") || tk.Kind != models.KindDelivery || tk.Status != models.StatusScheduled ||
		tk.ApptDate == nil || models.FormatDate(*tk.ApptDate) != "2026-11-25" || tk.ApptHalf != models.PM ||
		tk.Request != "有电梯，下午两点后" || tk.Address != "北京市朝阳区建国路88号" || tk.ChecklistName != "checklist.name.furniture" {
		t.Fatalf("saved ticket: %+v", tk)
	}
	items := got.DeliveryItems
	if len(items) != 2 || items[0].Product != "三门衣柜" || items[0].Model != "YG-2000" || items[0].Qty != 1 || items[0].PurchaseID == nil ||
		items[1].Product != "空调" || items[1].Qty != 2 || items[1].PurchaseID == nil || *items[1].PurchaseID != zhang.Purchases[0].ID {
		t.Fatalf("items: %+v", items)
	}
	if len(got.Checks) != 8 {
		t.Errorf("checklist lines: %d", len(got.Checks))
	}
	if len(got.Crew) != 2 || !got.Crew[0].Leader || got.Crew[0].Name != "赵师傅" || got.Crew[1].Name != "钱师傅" {
		t.Errorf("crew: %+v", got.Crew)
	}
	// The typed item was recorded as a furniture purchase.
	c, err := fx.app.Customer(fx.zhang.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Purchases) != 2 || !slices.ContainsFunc(c.Purchases, func(p models.Purchase) bool {
		return p.Product == "三门衣柜" && p.ProductType == "furniture" && p.WarrantyMonths == 36
	}) {
		t.Errorf("purchases: %+v", c.Purchases)
	}

	// The result: the number, the booked day, the crew; nothing missing.
	for _, want := range []string{"Delivery and installation · 张伟", "Delivery 2026-11-25 Afternoon · 3 item(s) · Furniture installation", "Crew: 赵师傅 (leader), 钱师傅"} {
		if !strings.Contains(i.resultInfo.Text, want) {
			t.Errorf("result %q lacks %q", i.resultInfo.Text, want)
		}
	}
	if i.resultNumber.Text != tk.Number || i.resultCheck.Visible() {
		t.Errorf("result number %q, check %q", i.resultNumber.Text, i.resultCheck.Text)
	}
	custUI(func() { test.Tap(i.doneBtn) })
}

func TestIntakeDeliveryShowsProblemsNextToFields(t *testing.T) {
	fx := newTickFixture(t)
	deliveryCrew(t, fx)
	i := deliveryIntake(t, fx, fx.zhao.ID)
	d := i.delivery
	create := func() {
		t.Helper()
		custUI(func() { test.Tap(i.createBtn) })
		custEventually(t, "the answer", func() bool { return !i.saving })
	}

	// Nothing filled in, the checklist cleared, two people without a
	// leader: every problem shows next to its field.
	custUI(func() {
		d.checklist.ClearSelected()
		tickCrew(d.crew, "赵师傅", "钱师傅")
	})
	if d.crew.leader.Selected != "赵师傅" {
		t.Errorf("the first person ticked does not lead: %q", d.crew.leader.Selected)
	}
	custUI(func() { d.crew.leader.ClearSelected() })
	create()
	if i.created != nil {
		t.Fatal("an empty delivery was created")
	}
	for field, want := range map[string]string{
		"items":     "Line 1: enter the product.",
		"date":      "Choose the delivery date.",
		"half":      "Choose morning or afternoon.",
		"checklist": "Choose the installation checklist.",
		"leader":    "Choose the crew leader from the crew.",
	} {
		if l := i.errs[field]; !l.Visible() || !strings.Contains(l.Text, want) {
			t.Errorf("%s: %q (shown %v), want %q", field, l.Text, l.Visible(), want)
		}
	}
	if i.errs["symptom"].Visible() || i.errs["mode"].Visible() {
		t.Error("repair problems shown for a delivery")
	}

	// Every item line's problem shows under the items; a date that is not
	// one says so; what was typed stays.
	custUI(func() {
		test.Type(d.rows[0].product, "餐桌")
		test.Tap(d.addBtn)
	})
	custUI(func() {
		test.Type(d.rows[1].product, "餐椅")
		d.rows[1].qty.SetText("四")
		test.Type(d.date.entry, "2026-13-40")
		d.half.SetSelected(HalfLabel(models.AM))
		d.checklist.SetSelectedIndex(0)
		d.crew.leader.SetSelected("钱师傅")
	})
	custUI(func() { d.rows[0].qty.SetText("0") })
	create()
	items := i.errs["items"].Text
	if !strings.Contains(items, "Line 1: the quantity") || !strings.Contains(items, "Line 2: the quantity") {
		t.Errorf("items problems: %q", items)
	}
	if !strings.Contains(i.errs["date"].Text, "2026-13-40 does not exist in the calendar") {
		t.Errorf("date problem: %q", i.errs["date"].Text)
	}
	if i.errs["half"].Visible() || i.errs["checklist"].Visible() || i.errs["leader"].Visible() {
		t.Error("fixed fields still show problems")
	}
	if d.rows[1].product.Text != "餐椅" || d.date.entry.Text != "2026-13-40" || len(d.rows) != 2 {
		t.Error("the form lost what was typed")
	}

	// A past day, and a crew of one without a reason.
	custUI(func() {
		d.rows[0].qty.SetText("1")
		d.rows[1].qty.SetText("4")
		d.date.entry.SetText("2026-11-20")
		d.crew.checks[0].SetChecked(false)
	})
	if !d.crew.reasonRow.Visible() || d.crew.leader.Selected != "钱师傅" {
		t.Fatalf("one person: reason shown %v, leader %q", d.crew.reasonRow.Visible(), d.crew.leader.Selected)
	}
	create()
	if !strings.Contains(i.errs["crew_reason"].Text, "At least two people go into a home") {
		t.Errorf("crew reason problem: %q", i.errs["crew_reason"].Text)
	}
	custUI(func() { test.Type(d.crew.reason, "只送两把椅子") })
	create()
	if !strings.Contains(i.errs["date"].Text, "cannot be in the past") {
		t.Errorf("past date problem: %q", i.errs["date"].Text)
	}
	custUI(func() { d.date.entry.SetText("2026-11-24") })
	create()
	if i.created == nil {
		t.Fatalf("not created: %q %q", i.formErr.Text, i.errs["items"].Text)
	}
	got := i.created
	if len(got.DeliveryItems) != 2 || got.DeliveryItems[1].Qty != 4 || len(got.Crew) != 1 || got.Ticket.CrewReason != "只送两把椅子" {
		t.Errorf("created: items %+v crew %+v reason %q", got.DeliveryItems, got.Crew, got.Ticket.CrewReason)
	}
	// 赵六 has no address on record: the result says so.
	if !i.resultCheck.Visible() || !strings.Contains(i.resultCheck.Text, "verify: address") {
		t.Errorf("result check: %q", i.resultCheck.Text)
	}
}

func TestIntakeDeliveryClashOffersBookAnyway(t *testing.T) {
	fx := newTickFixture(t)
	lead, mate := deliveryCrew(t, fx)
	tpls, err := fx.app.ChecklistTemplates(false)
	if err != nil {
		t.Fatal(err)
	}
	day := tickTestStart.AddDate(0, 0, 2)
	first, err := fx.app.CreateTicket(app.IntakeInput{CustomerID: fx.zhao.ID, Kind: models.KindDelivery, Delivery: app.DeliveryInput{
		Items: []app.DeliveryItemInput{{Product: "沙发"}}, Date: day, Half: models.AM, ChecklistID: tpls[0].ID,
		Crew: []string{lead.ID, mate.ID}, LeaderID: lead.ID}})
	if err != nil {
		t.Fatal(err)
	}

	i := deliveryIntake(t, fx, fx.zhang.ID)
	d := i.delivery
	custUI(func() {
		test.Type(d.rows[0].product, "床垫")
		test.Type(d.date.entry, models.FormatDate(day))
		d.half.SetSelected(HalfLabel(models.AM))
		tickCrew(d.crew, "赵师傅", "李师傅")
		d.crew.leader.SetSelected("李师傅")
	})
	custUI(func() { test.Tap(i.createBtn) })
	custEventually(t, "the clash question", func() bool { return i.clashDlg != nil })
	if i.created != nil || !strings.Contains(i.clashDlg.message.Text, first.Ticket.Number) || !strings.Contains(i.clashDlg.message.Text, "赵六") {
		t.Fatalf("clash question: %q", i.clashDlg.message.Text)
	}
	custUI(func() { test.Tap(i.clashDlg.bookAnyway) })
	custEventually(t, "the booking anyway", func() bool { return i.created != nil || i.formErr.Visible() })
	if i.created == nil || len(i.created.Crew) != 2 || i.created.Technician != "李师傅" {
		t.Fatalf("after Book anyway: %v %q", i.created, i.formErr.Text)
	}
}

// TestIntakeDeliveryTranslationsComplete checks that every key the
// delivery intake translates, and the delivery problems app and models
// can return to it, have English and Chinese text with the same
// placeholders.
func TestIntakeDeliveryTranslationsComplete(t *testing.T) {
	keys := map[string]bool{}
	for _, k := range custTKeys(t, "intake_delivery.go") {
		if !strings.HasPrefix(k, "product_type.") {
			keys[k] = true
		}
	}
	for _, f := range []string{"../app/deliveries.go", "../models/delivery.go"} {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`"(err\.delivery\.[a-z_]+)"`).FindAllStringSubmatch(string(src), -1) {
			keys[m[1]] = true
		}
	}
	custCheckTranslated(t, keys)
}
