package screens

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// dlvFixture is the ticket page fixture with a delivery crew of two and
// the seeded checklists; the person at the counter is 前台小王.
type dlvFixture struct {
	*tdFixture
	mate1, mate2 *models.Staff // delivery and installation crew
	furniture    models.ChecklistTemplate
}

func newDlvFixture(t *testing.T) *dlvFixture {
	t.Helper()
	fx := &dlvFixture{tdFixture: newTDFixture(t)}
	fx.app.SetActor("前台小王")
	for _, p := range []struct {
		name string
		dst  **models.Staff
	}{{"钱师傅", &fx.mate1}, {"孙师傅", &fx.mate2}} {
		s, err := fx.app.CreateStaff(models.StaffInput{Name: p.name, Roles: []models.Role{models.RoleDelivery}, Active: true})
		if err != nil {
			t.Fatal(err)
		}
		*p.dst = s
	}
	tpls, err := fx.app.ChecklistTemplates(false)
	if err != nil || len(tpls) < 1 || tpls[0].Family != models.ChecklistFurniture {
		t.Fatalf("checklists: %v %v", tpls, err)
	}
	fx.furniture = tpls[0]
	return fx
}

// newDelivery books a wardrobe (recorded as a purchase) and two bedside
// tables for the day after tomorrow, afternoon; crew IDs, leader first.
func (fx *dlvFixture) newDelivery(t *testing.T, crew ...string) *app.TicketDetail {
	t.Helper()
	in := app.IntakeInput{CustomerID: fx.cust.ID, Kind: models.KindDelivery, Request: "电梯可用，下午两点后",
		Delivery: app.DeliveryInput{
			Items: []app.DeliveryItemInput{
				{Product: "衣柜", Model: "YG-2000", Qty: "1", RecordPurchase: true, ProductType: "furniture"},
				{Product: "床头柜", Model: "CT-40", Qty: "2"},
			},
			Date: tdTestNow.AddDate(0, 0, 2), Half: models.PM, ChecklistID: fx.furniture.ID,
		}}
	if len(crew) > 0 {
		in.Delivery.Crew, in.Delivery.LeaderID = crew, crew[0]
	}
	d, err := fx.app.CreateTicket(in)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// installed takes a new delivery through crew, every tick and completion.
func (fx *dlvFixture) installed(t *testing.T) *app.TicketDetail {
	t.Helper()
	d := fx.newDelivery(t, fx.mate1.ID, fx.mate2.ID)
	id := d.Ticket.ID
	for _, c := range d.Checks {
		if _, err := fx.app.TickCheck(id, c.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	d, err := fx.app.Step(id, 0, models.StepInput{Action: models.ActCompleteInst})
	if err != nil || d.Ticket.Status != models.StatusInstalled {
		t.Fatalf("complete: %v", err)
	}
	return d
}

// tapCheck taps checklist line i on the page and waits for the save.
func (fx *dlvFixture) tapCheck(t *testing.T, i int) {
	t.Helper()
	dl := fx.page.delivery
	if i >= len(dl.checks) {
		t.Fatalf("no checklist line %d (%d lines)", i, len(dl.checks))
	}
	custUI(func() { test.Tap(dl.checks[i]) })
	custWaitIdle(t)
}

func TestDeliveryDetailShowsTheDelivery(t *testing.T) {
	fx := newDlvFixture(t)
	d := fx.newDelivery(t)
	fx.open(t, d.Ticket.ID)
	p, dl := fx.page, fx.page.delivery

	if !dl.section.Visible() || !dl.problemBtn.Visible() {
		t.Fatal("no delivery section or Problem button on a delivery")
	}
	day := tdTestNow.AddDate(0, 0, 2).Format("2006-01-02")
	if dl.booked.Text != day+" "+HalfLabel(models.PM) || p.appt.Text != dl.booked.Text || p.apptKey.Text != "Delivery date" {
		t.Errorf("booked %q, appointment %q (%q)", dl.booked.Text, p.appt.Text, p.apptKey.Text)
	}
	if !strings.Contains(dl.crew.Text, "No crew yet") {
		t.Errorf("crew: %q", dl.crew.Text)
	}
	if want := "Furniture installation · version 1 · 0 / 8 ticked"; dl.checklist.Text != want {
		t.Errorf("checklist %q, want %q", dl.checklist.Text, want)
	}
	// The items, with the warranty of the purchase the wardrobe was
	// recorded as, and none for the bedside tables.
	if len(dl.itemRows.Objects) != 2 {
		t.Fatalf("%d item rows", len(dl.itemRows.Objects))
	}
	row1, row2 := strings.Join(custLabelTexts(dl.itemRows.Objects[0]), "|"), strings.Join(custLabelTexts(dl.itemRows.Objects[1]), "|")
	if !strings.Contains(row1, "衣柜|YG-2000|1|In warranty until") || row2 != "床头柜|CT-40|2|Not on record" {
		t.Errorf("items: %q / %q", row1, row2)
	}
	// The checklist tab comes first and is shown, one line per check.
	if p.tabs.Items[0] != dl.tab || p.tabs.Selected() != dl.tab || p.tabBody.Objects[0] != dl.page {
		t.Fatal("the checklist tab is not first and selected")
	}
	if len(dl.checks) != 8 || dl.progress.Text != "0 / 8" || dl.tab.Text != "Checklist (0 / 8)" {
		t.Fatalf("%d lines, progress %q, tab %q", len(dl.checks), dl.progress.Text, dl.tab.Text)
	}
	lines := strings.Join(tdTexts(dl.lines), "\n")
	first := "1. " + CheckLabel(d.Checks[0].Key, d.Checks[0].Text)
	if d.Checks[0].Key == "" || !strings.Contains(lines, first) || strings.Count(lines, "required") != 8 {
		t.Errorf("checklist lines:\n%s", lines)
	}
	if !slices.Contains(p.actionActs, models.ActAssignCrew) || !slices.Contains(p.actionActs, models.ActReschedule) || slices.Contains(p.actionActs, models.ActAssign) {
		t.Errorf("actions %v", p.actionActs)
	}

	// A crew of one shows why.
	if _, err := fx.app.AssignCrew(app.CrewInput{TicketID: d.Ticket.ID, Crew: []string{fx.mate1.ID}, LeaderID: fx.mate1.ID, CrewReason: "只有一件小家具"}); err != nil {
		t.Fatal(err)
	}
	fx.open(t, d.Ticket.ID)
	if want := "钱师傅 (leader)\nFewer than two because: 只有一件小家具"; dl.crew.Text != want {
		t.Errorf("crew of one: %q, want %q", dl.crew.Text, want)
	}

	// A repair has no delivery section and no checklist tab.
	r := fx.newTicket(t, "不制冷")
	fx.open(t, r.Ticket.ID)
	if dl.section.Visible() || slices.Contains(p.tabs.Items, dl.tab) || p.tabBody.Objects[0] == dl.page || p.techKey.Text != "Technician" {
		t.Error("a repair shows the delivery parts")
	}
	if len(p.tabs.Items) != 3 || p.tabBody.Objects[0] != p.tabPage[p.tabs.Selected()] {
		t.Errorf("tabs after the switch: %d, body does not match the selected tab", len(p.tabs.Items))
	}
}

func TestDeliveryChecklistTicking(t *testing.T) {
	fx := newDlvFixture(t)
	d := fx.newDelivery(t, fx.mate1.ID, fx.mate2.ID)
	id := d.Ticket.ID
	fx.open(t, id)
	dl := fx.page.delivery

	fx.tapCheck(t, 0)
	fx.tapCheck(t, 2)
	if dl.progress.Text != "2 / 8" || dl.tab.Text != "Checklist (2 / 8)" || !strings.Contains(dl.checklist.Text, "2 / 8") {
		t.Fatalf("progress %q, tab %q", dl.progress.Text, dl.tab.Text)
	}
	stamp := "前台小王 · " + tdTestNow.Format(tdTimeFormat)
	if !dl.checks[0].Checked || dl.checks[1].Checked || !dl.checks[2].Checked || dl.whos[0].Text != stamp || dl.whos[1].Text != "" {
		t.Errorf("lines: %v %v %v, who %q / %q", dl.checks[0].Checked, dl.checks[1].Checked, dl.checks[2].Checked, dl.whos[0].Text, dl.whos[1].Text)
	}
	got, _ := fx.app.Ticket(id)
	c := got.Checks[0]
	if c.CheckedAt == nil || !c.CheckedAt.Equal(tdTestNow) || c.CheckedBy != "前台小王" || got.Checks[1].CheckedAt != nil || got.Checks[2].CheckedAt == nil {
		t.Fatalf("stored: %+v", got.Checks[:3])
	}
	if !strings.Contains(dl.missing.Text, "6 required") {
		t.Errorf("missing banner %q", dl.missing.Text)
	}

	// Unticking clears who and when.
	fx.tapCheck(t, 2)
	if got, _ = fx.app.Ticket(id); got.Checks[2].CheckedAt != nil || got.Checks[2].CheckedBy != "" || dl.progress.Text != "1 / 8" {
		t.Fatalf("untick: %+v, progress %q", got.Checks[2], dl.progress.Text)
	}

	// Once the customer has signed, ticking is off and the page says why.
	for _, c := range got.Checks[1:] {
		fx.app.TickCheck(id, c.ID, true)
	}
	for _, in := range []models.StepInput{{Action: models.ActCompleteInst}, {Action: models.ActSign}} {
		if _, err := fx.app.Step(id, 0, in); err != nil {
			t.Fatal(err)
		}
	}
	fx.open(t, id)
	dl = fx.page.delivery
	if dl.progress.Text != "8 / 8" || !dl.locked.Visible() || !strings.Contains(dl.locked.Text, "signed") || dl.missing.Visible() {
		t.Fatalf("after signing: %q locked %q", dl.progress.Text, dl.locked.Text)
	}
	for i, chk := range dl.checks {
		if !chk.Disabled() {
			t.Fatalf("line %d can still be ticked", i)
		}
	}
	fx.tapCheck(t, 0)
	if got, _ = fx.app.Ticket(id); got.Checks[0].CheckedAt == nil || !dl.checks[0].Checked {
		t.Error("a disabled line was unticked")
	}
}

func TestDeliveryCompleteAsksWhyRequiredLinesAreOpen(t *testing.T) {
	fx := newDlvFixture(t)
	d := fx.newDelivery(t, fx.mate1.ID, fx.mate2.ID)
	id := d.Ticket.ID
	for _, c := range d.Checks[:7] {
		if _, err := fx.app.TickCheck(id, c.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	fx.open(t, id)
	dlg := fx.tapAction(t, models.ActCompleteInst)
	if dlg.reason == nil || dlg.note != nil {
		t.Fatal("the dialog does not ask for the reason")
	}
	texts := strings.Join(custLabelTexts(dlg.form.grid), "\n")
	if !strings.Contains(texts, "7 / 8") || !strings.Contains(texts, "1 required line") || !strings.Contains(texts, "printed on the slip") {
		t.Errorf("dialog texts:\n%s", texts)
	}
	fx.submit(t, dlg.form)
	if dlg.form.closed || !strings.Contains(dlg.form.errs["reason"].Text, "not ticked") {
		t.Fatalf("completed without a reason: %q", dlg.form.errs["reason"].Text)
	}
	fx.expectStatus(t, id, models.StatusScheduled)
	custUI(func() { test.Type(dlg.reason, "客户急着出门，签字环节改天补") })
	fx.submit(t, dlg.form)
	fx.expectStatus(t, id, models.StatusInstalled)
	got, _ := fx.app.Ticket(id)
	if got.Ticket.ChecklistReason != "客户急着出门，签字环节改天补" {
		t.Fatalf("reason stored %q", got.Ticket.ChecklistReason)
	}
	dl := fx.page.delivery
	if !strings.Contains(dl.reason.Text, "客户急着出门") || !strings.Contains(fx.page.extra.Text, "客户急着出门") {
		t.Errorf("reason not shown: %q / %q", dl.reason.Text, fx.page.extra.Text)
	}
	if !custContains(tdTexts(fx.page.events), "Checklist ticked: 7 / 8") {
		t.Errorf("timeline: %v", tdTexts(fx.page.events))
	}

	// Everything ticked: no reason asked, only a note.
	d2 := fx.newDelivery(t, fx.mate1.ID, fx.mate2.ID)
	for _, c := range d2.Checks {
		fx.app.TickCheck(d2.Ticket.ID, c.ID, true)
	}
	fx.app.Step(d2.Ticket.ID, 0, models.StepInput{Action: models.ActReschedule, Date: tdTestNow.AddDate(0, 0, 3), Half: models.AM, Reason: "客户改期", CustomerAsked: true})
	fx.open(t, d2.Ticket.ID)
	dlg = fx.tapAction(t, models.ActCompleteInst)
	if dlg.reason != nil || dlg.note == nil {
		t.Fatal("a reason is asked although every line is ticked")
	}
	fx.submit(t, dlg.form)
	fx.expectStatus(t, d2.Ticket.ID, models.StatusInstalled)
}

func TestDeliveryAssignCrewDialog(t *testing.T) {
	fx := newDlvFixture(t)
	d := fx.newDelivery(t)
	id := d.Ticket.ID
	fx.open(t, id)
	p := fx.page

	custUI(func() { test.Tap(p.actionBtns[slices.Index(p.actionActs, models.ActAssignCrew)]) })
	custWaitIdle(t)
	c := p.delivery.crewDlg
	if c == nil || c.form.closed {
		t.Fatal("no crew dialog")
	}
	// The delivery crew first, then the other active staff.
	if len(c.staff) != 5 || !c.staff[0].HasRole(models.RoleDelivery) || !c.staff[1].HasRole(models.RoleDelivery) || c.staff[2].HasRole(models.RoleDelivery) {
		t.Fatalf("staff offered: %+v", c.members.Options)
	}
	if c.reason != nil || c.reasonRow[0].Visible() {
		t.Error("a change reason or the crew reason is asked before anyone is chosen")
	}
	opt := func(s *models.Staff) string {
		return c.members.Options[slices.IndexFunc(c.staff, func(x models.Staff) bool { return x.ID == s.ID })]
	}

	// One person: the leader is chosen for them and the reason is asked.
	custUI(func() { c.members.SetSelected([]string{opt(fx.mate2)}) })
	if c.leader.Selected != "孙师傅" || !c.reasonRow[0].Visible() || !c.reasonRow[1].Visible() {
		t.Fatalf("one person: leader %q, reason shown %v", c.leader.Selected, c.reasonRow[1].Visible())
	}
	fx.submit(t, c.form)
	if c.form.closed || !strings.Contains(c.form.errs["crew_reason"].Text, "fewer") {
		t.Fatalf("a crew of one without a reason: %q", c.form.errs["crew_reason"].Text)
	}
	// Two people: no reason needed; the leader stays.
	custUI(func() { c.members.SetSelected([]string{opt(fx.mate1), opt(fx.mate2)}) })
	if c.reasonRow[1].Visible() || c.leader.Selected != "孙师傅" || len(c.leader.Options) != 2 {
		t.Fatalf("two people: leader %q of %v", c.leader.Selected, c.leader.Options)
	}
	fx.submit(t, c.form)
	fx.expectStatus(t, id, models.StatusScheduled)
	got, _ := fx.app.Ticket(id)
	if !c.form.closed || len(got.Crew) != 2 || !got.Crew[0].Leader || got.Crew[0].StaffID != fx.mate2.ID {
		t.Fatalf("crew stored: %+v", got.Crew)
	}
	dl := p.delivery
	if !strings.Contains(dl.crew.Text, "孙师傅 (leader)") || !strings.Contains(dl.crew.Text, "钱师傅") || p.technician.Text != "孙师傅" || p.techKey.Text != "Crew leader" {
		t.Errorf("crew on page %q, leader %q", dl.crew.Text, p.technician.Text)
	}

	// Another delivery the same half day with 钱师傅: a double booking,
	// booked anyway. The crew is prefilled and a change needs a reason.
	other := fx.newDelivery(t, fx.tech.ID, fx.tech2.ID)
	fx.open(t, other.Ticket.ID)
	custUI(func() { p.startAction(models.ActAssignCrew) })
	custWaitIdle(t)
	c = p.delivery.crewDlg
	if len(c.members.Selected) != 2 || c.leader.Selected != "李师傅" || c.reason == nil {
		t.Fatalf("prefill: %v leader %q, change reason asked %v", c.members.Selected, c.leader.Selected, c.reason != nil)
	}
	custUI(func() {
		c.members.SetSelected([]string{opt(fx.mate1), opt(fx.mate2)})
		test.Type(c.reason, "李师傅临时有维修任务")
	})
	if c.leader.Selected != "" {
		t.Errorf("the leader %q stayed although not in the crew", c.leader.Selected)
	}
	fx.submit(t, c.form)
	if c.form.errs["leader"].Text == "" {
		t.Fatal("no leader: nothing said")
	}
	custUI(func() {
		c.leader.SetSelected("钱师傅")
	})
	fx.submit(t, c.form)
	if p.clash == nil || !strings.Contains(p.clash.message.Text, d.Ticket.Number) || !strings.Contains(p.clash.message.Text, "crew") {
		t.Fatalf("no double-booking question: %+v", p.clash)
	}
	custUI(func() { test.Tap(p.clash.bookAnyway) })
	custWaitIdle(t)
	got, _ = fx.app.Ticket(other.Ticket.ID)
	if len(got.Crew) != 2 || got.Crew[0].StaffID != fx.mate1.ID || got.Crew[1].StaffID != fx.mate2.ID || !c.form.closed {
		t.Fatalf("crew after book anyway: %+v", got.Crew)
	}
	events := tdTexts(p.events)
	if !custContains(events, "Leader: 钱师傅") || !custContains(events, "孙师傅") || !custContains(events, "Before: 李师傅、赵师傅") ||
		!custContains(events, "Double booking confirmed") || !custContains(events, "李师傅临时有维修任务") {
		t.Errorf("timeline: %v", tdTexts(p.events))
	}
}

func TestDeliveryProblemOpensALinkedPartRequest(t *testing.T) {
	fx := newDlvFixture(t)
	d := fx.newDelivery(t, fx.mate1.ID, fx.mate2.ID)
	id := d.Ticket.ID
	fx.open(t, id)
	dl := fx.page.delivery
	if dl.raisedBox.Visible() || dl.fromBox.Visible() {
		t.Fatal("links shown on a delivery without any")
	}
	custUI(func() { test.Tap(dl.problemBtn) })
	pd := dl.problem
	if pd == nil || pd.form.closed || pd.partRows[1].Visible() {
		t.Fatal("no problem dialog, or part fields before choosing a part request")
	}
	fx.submit(t, pd.form)
	for _, f := range []string{"problem", "description", "raise"} {
		if pd.form.errs[f].Text == "" {
			t.Errorf("nothing said under %s", f)
		}
	}
	// A missing part suggests a part request, which asks for the part.
	custUI(func() {
		pd.kind.SetSelected(ProblemLabel(models.ProblemMissingPart))
		pd.item.SetSelectedIndex(1)
		test.Type(pd.description, "床头柜少一个抽屉面板")
	})
	if pd.selectedRaise() != models.KindPart || !pd.partRows[1].Visible() || !pd.partRows[3].Visible() {
		t.Fatal("a missing part did not lead to the part fields")
	}
	custUI(func() { pd.partQty.SetText("0") })
	fx.submit(t, pd.form)
	if pd.form.closed || pd.form.errs["part_name"].Text == "" || pd.form.errs["part_qty"].Text == "" {
		t.Fatalf("part name/qty problems: %q %q", pd.form.errs["part_name"].Text, pd.form.errs["part_qty"].Text)
	}
	custUI(func() {
		test.Type(pd.partName, "抽屉面板")
		pd.partQty.SetText("2")
	})
	fx.submit(t, pd.form)
	custWaitIdle(t)
	if !pd.form.closed || pd.created == nil {
		t.Fatalf("not created: %q", pd.form.formErr.Text)
	}
	nt := pd.created.Ticket
	if nt.Kind != models.KindPart || nt.Status != models.StatusRequested || nt.PartName != "抽屉面板" || nt.PartQty != 2 ||
		nt.LinkedTicketID == nil || *nt.LinkedTicketID != id || nt.ProblemKind != models.ProblemMissingPart || nt.Product != "床头柜 CT-40" {
		t.Fatalf("part request: %+v", nt)
	}
	if last := fx.nav.calls[len(fx.nav.calls)-1]; last != "ticket:"+nt.ID {
		t.Fatalf("the new ticket was not opened: %v", fx.nav.calls)
	}
	// The delivery lists it (the fake navigator left the delivery shown).
	custEventually(t, "the raised ticket listed", func() bool { return len(dl.raisedLinks) == 1 })
	if !dl.raisedBox.Visible() || !strings.Contains(dl.raisedLinks[0].Text, nt.Number) || !strings.Contains(dl.raisedLinks[0].Text, KindLabel(models.KindPart)) ||
		!strings.Contains(dl.raisedLinks[0].Text, StatusLabel(models.StatusRequested)) {
		t.Errorf("raised link %q", dl.raisedLinks[0].Text)
	}
	custUI(func() { dlvTapLink(dl.raisedLinks[0]) })
	if n := len(fx.nav.calls); n < 2 || fx.nav.calls[n-1] != "ticket:"+nt.ID || fx.nav.calls[n-2] != "ticket:"+nt.ID {
		t.Errorf("the link did not open the ticket: %v", fx.nav.calls)
	}

	// The part request shows where it came from and what it is for; its
	// steps are plain confirmations with a note.
	fx.open(t, nt.ID)
	p := fx.page
	if !dl.fromBox.Visible() || !strings.Contains(dl.fromLink.Text, d.Ticket.Number) || dl.section.Visible() {
		t.Fatalf("from link %q", dl.fromLink.Text)
	}
	if !strings.Contains(p.extra.Text, "抽屉面板 × 2") || !strings.Contains(p.extra.Text, "Missing part") {
		t.Errorf("details %q", p.extra.Text)
	}
	custUI(func() { dlvTapLink(dl.fromLink) })
	if last := fx.nav.calls[len(fx.nav.calls)-1]; last != "ticket:"+id {
		t.Errorf("the from link opened %s", last)
	}
	dlg := fx.tapAction(t, models.ActApprovePart)
	if dlg.note == nil || !custContains(custLabelTexts(dlg.form.grid), "抽屉面板 × 2") {
		t.Fatal("the approval has no note or does not name the part")
	}
	custUI(func() { test.Type(dlg.note, "计划部已排产") })
	fx.submit(t, dlg.form)
	fx.expectStatus(t, nt.ID, models.StatusApproved)

	// A repair raised from the same delivery, for damage.
	fx.open(t, id)
	custUI(func() { test.Tap(dl.problemBtn) })
	pd = dl.problem
	custUI(func() {
		pd.kind.SetSelected(ProblemLabel(models.ProblemDamage))
		test.Type(pd.description, "衣柜侧板磕伤")
	})
	if pd.selectedRaise() != models.KindRepair || pd.partRows[1].Visible() {
		t.Fatal("damage did not suggest a repair")
	}
	fx.submit(t, pd.form)
	custWaitIdle(t)
	if pd.created == nil || pd.created.Ticket.Kind != models.KindRepair || pd.created.Ticket.Mode != models.ModeOnSite {
		t.Fatalf("repair: %+v", pd.created)
	}
	custEventually(t, "two raised tickets", func() bool { return len(dl.raisedLinks) == 2 })
}

// dlvTapLink taps a link on its text, as a person would (a tap beside
// the text does nothing).
func dlvTapLink(l *widget.Hyperlink) {
	m := l.MinSize()
	test.TapAt(l, fyne.NewPos(m.Width/2, m.Height/2))
}

// TestDeliverySignAndPrint signs the delivery slip on the pad after the
// installation and prints it from the Print menu.
func TestDeliverySignAndPrint(t *testing.T) {
	fx := newDlvFixture(t)
	out := fakeSlipOutput(t)
	d := fx.installed(t)
	id := d.Ticket.ID
	fx.open(t, id)
	sg, pr := fx.page.sign, fx.page.slips
	if !sg.button.Visible() || !pr.button.Visible() {
		t.Fatalf("a delivery has no signature (%v) or Print (%v) button", sg.button.Visible(), pr.button.Visible())
	}
	if sg.slip != app.SlipDelivery {
		t.Fatalf("the pad signs the %q slip", sg.slip)
	}

	custUI(func() { test.Tap(sg.button) })
	dlg := sg.dialog
	if dlg == nil {
		t.Fatal("the button opened no pad")
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(dlg.pad)
	custUI(func() {
		test.Drag(fx.w.Canvas(), pos.AddXY(100, 120), 250, -30)
		test.Drag(fx.w.Canvas(), pos.AddXY(200, 60), 10, 100)
	})
	if len(dlg.pad.strokes) != 2 || dlg.saveBtn.Disabled() {
		t.Fatalf("strokes %d", len(dlg.pad.strokes))
	}
	custUI(func() { test.Tap(dlg.saveBtn) })
	custWaitIdle(t)
	custWaitIdle(t)
	if dlg.errLabel.Visible() {
		t.Fatalf("save failed: %s", dlg.errLabel.Text)
	}
	sig, err := fx.app.Signature(id, string(app.SlipDelivery))
	if err != nil || sig == nil || sig.Signer != "张伟" || len(sig.PNG) == 0 {
		t.Fatalf("signature: %+v %v", sig, err)
	}
	custEventually(t, "the signed time", func() bool { return sg.signed.Visible() })

	fx.choose(t, SlipLabel(app.SlipDelivery))
	want := filepath.Join(fx.app.SlipsDir(), d.Ticket.Number+"-delivery.pdf")
	if len(out.opened) != 1 || out.opened[0] != want || pr.lastErr != nil {
		t.Fatalf("opened %v (err %v), want %s", out.opened, pr.lastErr, want)
	}
	if data, err := os.ReadFile(want); err != nil || !strings.HasPrefix(string(data), "%PDF-") {
		t.Fatalf("no PDF at %s: %v", want, err)
	}
	if labels := pr.menuLabels(); labels[0] != SlipLabel(app.SlipDelivery) {
		t.Errorf("menu %v: the delivery slip is not first", labels)
	}
}

// TestDeliveryRescheduleAndCancel moves a delivery like an on-site visit
// and cancels another with a reason.
func TestDeliveryRescheduleAndCancel(t *testing.T) {
	fx := newDlvFixture(t)
	d := fx.newDelivery(t, fx.mate1.ID, fx.mate2.ID)
	id := d.Ticket.ID
	fx.open(t, id)
	dlg := fx.tapAction(t, models.ActReschedule)
	if !custContains(custLabelTexts(dlg.form.grid), "钱师傅") {
		t.Error("the reschedule dialog does not name the crew")
	}
	day := tdTestNow.AddDate(0, 0, 4)
	custUI(func() {
		test.Type(dlg.date.entry, day.Format("2006-01-02"))
		dlg.half.SetSelected(HalfLabel(models.AM))
	})
	fx.submit(t, dlg.form)
	if dlg.form.errs["reason"].Text == "" || dlg.form.errs["agreed"].Text == "" {
		t.Fatalf("reason/agreement not asked: %q %q", dlg.form.errs["reason"].Text, dlg.form.errs["agreed"].Text)
	}
	custUI(func() {
		test.Type(dlg.reason, "客户家装修未完")
		dlg.custAsked.SetChecked(true)
	})
	fx.submit(t, dlg.form)
	got, _ := fx.app.Ticket(id)
	if !dlg.form.closed || got.Ticket.ApptDate == nil || models.FormatDate(*got.Ticket.ApptDate) != day.Format("2006-01-02") || got.Ticket.ReschedulesCust != 1 {
		t.Fatalf("rescheduled: %+v", got.Ticket.ApptDate)
	}
	if fx.page.delivery.booked.Text != day.Format("2006-01-02")+" "+HalfLabel(models.AM) {
		t.Errorf("booked %q", fx.page.delivery.booked.Text)
	}

	dlg = fx.tapAction(t, models.ActCancel)
	custUI(func() { test.Type(dlg.reason, "客户退单") })
	fx.submit(t, dlg.form)
	fx.expectStatus(t, id, models.StatusCancelled)
	dl := fx.page.delivery
	if dl.problemBtn.Visible() || !strings.Contains(dl.locked.Text, "cancelled") {
		t.Errorf("cancelled: problem button %v, %q", dl.problemBtn.Visible(), dl.locked.Text)
	}
}

// TestDeliveryDetailScreenshots writes PNGs of a delivery's page and its
// dialogs, in English and Chinese, to the folder named by TD_SHOTS; it is
// skipped without it. Run it alone (it registers the Chinese table):
// TD_SHOTS=/tmp/shots go test ./screens -run TestDeliveryDetailScreenshots
func TestDeliveryDetailScreenshots(t *testing.T) {
	dir := shotsDir(t, "TD_SHOTS")
	for _, l := range []string{"en", "zh"} {
		shotsLanguage(t, l)
		fx := newDlvFixture(t)
		fyne.CurrentApp().Settings().SetTheme(NewTheme())
		d := fx.newDelivery(t, fx.mate1.ID, fx.mate2.ID)
		id := d.Ticket.ID
		for _, c := range d.Checks[:5] {
			fx.app.TickCheck(id, c.ID, true)
		}
		part, err := fx.app.ReportProblem(id, app.ProblemInput{Kind: models.ProblemMissingPart, Description: "少一个抽屉面板", Raise: models.KindPart, PartName: "抽屉面板", PartQty: "1"})
		if err != nil {
			t.Fatal(err)
		}
		fx.open(t, id)
		shot := func(name string) {
			writeShot(t, fx.w, filepath.Join(dir, "dlv_"+l+"_"+name+".png"), false)
		}
		shot("page")
		fx.w.Resize(fyne.NewSize(770, 1600))
		shot("page_tall")
		fx.w.Resize(fyne.NewSize(770, 800))
		custUI(func() { fx.page.startAction(models.ActAssignCrew) })
		shot("crew")
		custUI(func() { test.Tap(fx.page.form.cancelBtn) })
		fx.tapAction(t, models.ActCompleteInst)
		shot("complete")
		custUI(func() { test.Tap(fx.page.form.cancelBtn) })
		custUI(func() { test.Tap(fx.page.delivery.problemBtn) })
		custUI(func() { fx.page.delivery.problem.kind.SetSelected(ProblemLabel(models.ProblemWrongPart)) })
		shot("problem")
		custUI(func() { test.Tap(fx.page.form.cancelBtn) })
		fx.open(t, part.Ticket.ID)
		shot("part")
	}
}
