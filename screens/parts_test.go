package screens

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"aftercare/app"
	"aftercare/models"
)

func TestIntakePartRequestCreatesTicket(t *testing.T) {
	fx := newTickFixture(t)
	from := fx.repair(t, fx.zhang, "床头板开裂")
	i := fx.intake(t, fx.zhang.ID)
	custUI(func() { i.kind.SetSelected(KindLabel(models.KindPart)) })
	custEventually(t, "the from-ticket choice", func() bool { return len(i.part.fromIDs) == 2 })
	p := i.part
	if !p.box.Visible() || i.modeRow[1].Visible() || i.warrantyRow[1].Visible() || i.preferredRow[1].Visible() || i.override.Visible() {
		t.Fatal("a part request shows repair fields or hides its section")
	}
	if i.requestLabel.Text != "Notes" {
		t.Errorf("request label %q", i.requestLabel.Text)
	}

	// Nothing filled in: the problems show next to the section's fields.
	custUI(func() { test.Tap(i.createBtn) })
	custEventually(t, "the problems", func() bool { return i.errs["category"].Visible() })
	if !i.errs["part_name"].Visible() || !i.errs["symptom"].Visible() || i.created != nil {
		t.Fatalf("problems: part %q symptom %q", i.errs["part_name"].Text, i.errs["symptom"].Text)
	}

	custUI(func() {
		p.part.SetText("Door panel")   // from the price list (English UI)
		p.category.SetSelectedIndex(2) // inner panels and glass, 2–4 days
		test.Type(p.colour, "胡桃色")
		p.qty.SetText("2")
		test.Type(p.batch, "PC-1101")
		test.Type(p.inspection, "JY-77")
		p.orderDate.SetText("2026-11-20")
		p.chargeable.SetChecked(true)
		p.from.SetSelectedIndex(1)
		i.priority.SetSelected(i.priority.Options[1])
		i.symptom.SetText("门板安装时划伤")
		i.request.SetText("随下次送货")
	})
	tickCapture(t, fx.win, "parts_intake")
	if !strings.Contains(p.expected.Text, "2026-11-24") {
		t.Errorf("expected shown: %q", p.expected.Text)
	}
	if !strings.Contains(p.price.Text, "¥340.00") {
		t.Errorf("price shown: %q", p.price.Text)
	}
	custUI(func() { test.Tap(i.createBtn) })
	custEventually(t, "the part request", func() bool { return i.created != nil || i.formErr.Text != "" })
	if i.created == nil {
		t.Fatalf("not created: %q", i.formErr.Text)
	}
	d, err := fx.app.Ticket(i.created.Ticket.ID)
	if err != nil {
		t.Fatal(err)
	}
	tk := d.Ticket
	if tk.Kind != models.KindPart || tk.Status != models.StatusRequested || tk.PartName != "门板" || tk.PartQty != 2 ||
		tk.PartColour != "胡桃色" || tk.PartBatch != "PC-1101" || tk.PartInspection != "JY-77" || tk.PartCategory != "inner_glass" ||
		!tk.PartChargeable || tk.Priority != models.PriorityUrgent || tk.Symptom != "门板安装时划伤" || tk.Request != "随下次送货" {
		t.Fatalf("ticket: %+v %+v", tk, tk.AftersalesFields)
	}
	if models.FormatDate(*tk.PartExpected) != "2026-11-24" || d.From == nil || d.From.ID != from.Ticket.ID || d.Quote.Total != 34000 {
		t.Fatalf("expected %v from %+v quote %d", tk.PartExpected, d.From, d.Quote.Total)
	}
}

func TestPartSectionUnpackAndPrint(t *testing.T) {
	fx := newTDFixture(t)
	d, err := fx.app.CreateTicket(app.IntakeInput{CustomerID: fx.cust.ID, Kind: models.KindPart, Product: "衣柜", Symptom: "门板变形",
		Priority: models.PriorityUrgent, Part: app.PartInput{PartName: "门板", Category: "gloss_single", Qty: "1", Colour: "白"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fx.app.Step(d.Ticket.ID, 0, models.StepInput{Action: models.ActApprovePart}); err != nil {
		t.Fatal(err)
	}
	fx.open(t, d.Ticket.ID)
	s := fx.page.part
	if !s.section.Visible() || !s.unpackBtn.Visible() || !strings.Contains(s.part.Text, "门板") || !strings.Contains(s.category.Text, "8–10") {
		t.Fatalf("section: %q %q", s.part.Text, s.category.Text)
	}
	custUI(func() { fx.w.Resize(fyne.NewSize(900, 1000)) })
	tickCapture(t, fx.w, "parts_section")
	custUI(func() { test.Tap(s.unpackBtn) })
	f := s.unpack
	if f == nil {
		t.Fatal("no unpack form")
	}
	// Without the approver it is refused, next to the field.
	custUI(func() {
		entries := f.entries
		entries[0].SetText("KC-01")
		entries[1].SetText("客户急用")
		test.Tap(f.okBtn)
	})
	custEventually(t, "the approver problem", func() bool { return f.errs["approved_by"].Text != "" })
	custUI(func() {
		f.entries[2].SetText("市场部王经理")
		test.Tap(f.okBtn)
	})
	custEventually(t, "the unpacking", func() bool { return len(s.rows) == 1 })
	if fx.status(t, d.Ticket.ID) != models.StatusWarehoused || s.unpackBtn.Visible() {
		t.Fatalf("after unpacking: %s", fx.status(t, d.Ticket.ID))
	}
	var opened string
	old := slipOpen
	slipOpen = func(path string) error { opened = path; return nil }
	defer func() { slipOpen = old }()
	custUI(func() { test.Tap(s.printBtn) })
	custEventually(t, "the request form", func() bool { return s.lastPDF != "" || s.lastErr != nil })
	if s.lastErr != nil || opened != s.lastPDF || !strings.HasSuffix(opened, "-part.pdf") {
		t.Fatalf("print: %v %q", s.lastErr, opened)
	}
}

func TestPartsListFiltersAndPrintsSummary(t *testing.T) {
	fx := newTickFixture(t)
	mk := func(cat, part string) *app.TicketDetail {
		d, err := fx.app.CreateTicket(app.IntakeInput{CustomerID: fx.zhang.ID, Kind: models.KindPart, Symptom: "损坏",
			Part: app.PartInput{PartName: part, Category: cat, Qty: "1"}})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	hinge := mk("hardware", "铰链")
	mk("gloss_double", "顶板")
	var opened []string
	var l *partsList
	custUI(func() { l = showPartsList(fx.deps, func(id string) { opened = append(opened, id) }) })
	custEventually(t, "the list", func() bool { return l.loaded && len(l.rows) == 2 })
	tickCapture(t, fx.win, "parts_list")
	custUI(func() { l.category.SetSelectedIndex(4) }) // hardware
	custEventually(t, "hardware only", func() bool { return len(l.rows) == 1 })
	if !strings.Contains(l.rowText(l.rows[0]), "铰链") || l.rows[0].ID != hinge.Ticket.ID {
		t.Fatalf("row: %q", l.rowText(l.rows[0]))
	}
	custUI(func() { l.from.SetText("2099-13-01") })
	if l.dateErr.Text == "" {
		t.Error("a bad date is not explained")
	}
	custUI(func() { l.from.SetText(""); l.to.SetText("") })
	custUI(func() { test.Tap(l.printBtn) })
	if l.dateErr.Text == "" {
		t.Error("printing without dates is not explained")
	}
	var printed string
	old := slipOpen
	slipOpen = func(path string) error { printed = path; return nil }
	defer func() { slipOpen = old }()
	now := fx.app.Now()
	custUI(func() {
		l.from.SetText(models.FormatDate(now))
		l.to.SetText(models.FormatDate(now))
		test.Tap(l.printBtn)
	})
	custEventually(t, "the summary", func() bool { return l.lastPDF != "" || l.lastErr != nil })
	if l.lastErr != nil || printed == "" {
		t.Fatalf("summary: %v %q", l.lastErr, printed)
	}
	custUI(func() { l.list.Select(0) })
	if len(opened) != 1 || opened[0] != hinge.Ticket.ID {
		t.Fatalf("opened %v", opened)
	}
}

// TestPartsNewerFilterCancelsOlderLoad: typing a date a digit at a time
// reloads the list at every date that reads; each load cancels the one of
// the filters before it, and the list ends on the last filters' requests.
func TestPartsNewerFilterCancelsOlderLoad(t *testing.T) {
	fx := newTickFixture(t)
	if _, err := fx.app.CreateTicket(app.IntakeInput{CustomerID: fx.zhang.ID, Kind: models.KindPart, Symptom: "损坏",
		Part: app.PartInput{PartName: "铰链", Category: "hardware", Qty: "1"}}); err != nil {
		t.Fatal(err)
	}
	var l *partsList
	custUI(func() { l = showPartsList(fx.deps, func(string) {}) })
	custEventually(t, "the list", func() bool { return l.loaded && len(l.rows) == 1 })
	first := l.ctx
	if first == nil || first.Err() != nil {
		t.Fatalf("first load's context: %v", first)
	}
	day := models.FormatDate(fx.app.Now())
	var seen []error
	custUI(func() {
		l.from.SetText("")
		mid := l.ctx // no from date: a load
		l.from.SetText(day)
		seen = append(seen, first.Err(), mid.Err(), l.ctx.Err())
	})
	custWaitIdle(t)
	if seen[0] == nil || seen[1] == nil || seen[2] != nil {
		t.Fatalf("cancelled: first %v, middle %v, last %v (want the older two cancelled)", seen[0], seen[1], seen[2])
	}
	if len(l.rows) != 1 || !strings.Contains(l.count.Text, "1 request") {
		t.Fatalf("list after the filters: %d rows, %q", len(l.rows), l.count.Text)
	}
}
