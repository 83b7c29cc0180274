package screens

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// cdRule finds a seeded rule by its code.
func cdRule(t *testing.T, a *app.App, code string) models.ConductRule {
	t.Helper()
	rules, err := a.ConductRules(true)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		if r.Code == code {
			return r
		}
	}
	t.Fatalf("no rule %s", code)
	return models.ConductRule{}
}

// cdOpened waits for a record dialog to load and show.
func cdOpened(t *testing.T, w fyne.Window, c *conductDialog) {
	t.Helper()
	custWaitIdle(t)
	if c == nil || c.dlg == nil || w.Canvas().Overlays().Top() == nil {
		t.Fatal("the record dialog did not open")
	}
}

// cdPick chooses a person, a rule and a source in the dialog.
func cdPick(t *testing.T, c *conductDialog, staffID, ruleID string, src models.RecordSource) {
	t.Helper()
	custUI(func() {
		for i, p := range c.staff {
			if p.ID == staffID {
				c.staffSel.SetSelectedIndex(i)
			}
		}
		for i, r := range c.rules {
			if r.ID == ruleID {
				c.ruleSel.SetSelectedIndex(i)
			}
		}
		for i, s := range models.AllRecordSources {
			if s == src {
				c.source.SetSelectedIndex(i)
			}
		}
	})
	if c.staffSel.SelectedIndex() < 0 || c.ruleSel.SelectedIndex() < 0 || c.source.SelectedIndex() < 0 {
		t.Fatal("could not pick the person, rule or source")
	}
}

// cdShown is the text of a problem label, "" while hidden.
func cdShown(l *widget.Label) string {
	if l.Visible() {
		return l.Text
	}
	return ""
}

// cdPanel shows a person's records panel in its own window.
func cdPanel(t *testing.T, a *app.App, nav Navigator, p *models.Staff) (*conductPanel, fyne.Window) {
	t.Helper()
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(800, 700))
	panel := newConductPanel(&Deps{App: a, Window: w, Nav: nav})
	w.SetContent(container.NewVScroll(panel.content()))
	custUI(func() { panel.show(p) })
	custWaitIdle(t)
	return panel, w
}

// cdRow is the row the panel's list draws for its i-th record.
func cdRow(t *testing.T, c *conductPanel, i int) *conductRow {
	t.Helper()
	var r *conductRow
	custUI(func() { r = c.recordRow(i) })
	if r == nil || r.rec.ID != c.recs[i].ID {
		t.Fatalf("record %d of %d is not drawn", i, len(c.recs))
	}
	return r
}

// cdShownTexts are the texts of the labels and links drawn inside o: it
// walks the renderers the window made, skipping hidden objects (unlike
// test.LaidOutObjects, which makes new renderers and would take a
// widget.List's scroller from the window's).
func cdShownTexts(o fyne.CanvasObject) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *widget.Label:
			if x.Text != "" {
				out = append(out, x.Text)
			}
		case *widget.Hyperlink:
			if x.Text != "" {
				out = append(out, x.Text)
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

// TestConductRecordPenaltyFromTicket records a fine from a repair ticket:
// the ticket is linked, the amount comes from the rule, and the record is
// listed on the ticket page and in the person's panel with a link back.
func TestConductRecordPenaltyFromTicket(t *testing.T) {
	fx := newTDFixture(t)
	d := fx.newTicket(t, "不制冷")
	if _, err := fx.app.Dispatch(app.DispatchInput{TicketID: d.Ticket.ID, Version: d.Ticket.Version, TechnicianID: fx.tech2.ID, Date: tdTestNow.AddDate(0, 0, 1), Half: models.AM}); err != nil {
		t.Fatal(err)
	}
	fx.open(t, d.Ticket.ID)
	if fx.page.conduct.section.Visible() {
		t.Fatal("the records section shows before there is any record")
	}
	custUI(func() { test.Tap(fx.page.conduct.button) })
	c := fx.page.conduct.dlg
	cdOpened(t, fx.w, c)
	// The technician of the ticket is offered first; the ticket is shown
	// by its number and cannot be changed.
	if c.staff[0].ID != fx.tech2.ID || !strings.Contains(c.staffSel.Options[0], "technician of this ticket") {
		t.Fatalf("first offered: %q", c.staffSel.Options[0])
	}
	if c.ticketText == nil || c.ticketText.Text != d.Ticket.Number || c.ticket != nil {
		t.Fatalf("linked ticket shown as %v", c.ticketText)
	}
	if c.date.entry.Text != "2026-03-02" {
		t.Fatalf("date defaults to %q", c.date.entry.Text)
	}
	uniform := cdRule(t, fx.app, "uniform")
	cdPick(t, c, fx.tech2.ID, uniform.ID, models.RecSpotCheck)
	if c.amountCell.Visible() {
		t.Fatal("the amount is asked for a rule with a fixed amount")
	}
	if !strings.Contains(c.ruleSel.Selected, "−¥10 per time") {
		t.Fatalf("rule option %q", c.ruleSel.Selected)
	}
	custUI(func() { c.qty.SetText("2") })
	custUI(func() { test.Tap(c.okBtn) })
	custWaitIdle(t)
	if !c.closed || c.saved == nil {
		t.Fatalf("not saved: %q", cdShown(c.formErr))
	}
	rec := c.saved
	if rec.TicketID == nil || *rec.TicketID != d.Ticket.ID || rec.Amount != -2000 || rec.Qty != 2 || rec.StaffID != fx.tech2.ID || rec.Source != models.RecSpotCheck {
		t.Fatalf("record %+v", rec)
	}
	custEventually(t, "the record on the ticket page", func() bool { return len(fx.page.conduct.recs) == 1 })
	if !fx.page.conduct.section.Visible() {
		t.Fatal("the records section is hidden")
	}
	texts := custLabelTexts(fx.page.conduct.section)
	if !custContains(texts, "赵师傅") || !custContains(texts, "−¥20") || !custContains(texts, "Not in uniform or untidy × 2") {
		t.Fatalf("ticket page lists %q", texts)
	}

	if tl := strings.Join(tdTexts(fx.page.events), "\n"); !strings.Contains(tl, "Penalty/reward: Not in uniform or untidy · Amount: −¥20") || strings.Contains(tl, "staff_id") {
		t.Fatalf("timeline %q", tl)
	}

	// The Staff panel lists it under March, with the ticket's number.
	nav := &tdFakeNav{}
	panel, _ := cdPanel(t, fx.app, nav, fx.tech2)
	if len(panel.recs) != 1 {
		t.Fatalf("%d records", len(panel.recs))
	}
	row := cdRow(t, panel, 0)
	if row.amount.Text != "−¥20" || row.amount.Importance != widget.DangerImportance {
		t.Fatalf("amount %q importance %v", row.amount.Text, row.amount.Importance)
	}
	if !row.ticket.Visible() || row.ticket.Text != d.Ticket.Number || !row.edit.Visible() || !row.void.Visible() || row.adjust.Visible() {
		t.Fatalf("row: ticket %q shown %v, edit %v, void %v, adjust %v", row.ticket.Text, row.ticket.Visible(), row.edit.Visible(), row.void.Visible(), row.adjust.Visible())
	}
	texts = cdShownTexts(panel.content())
	for _, want := range []string{"2026-03", "Open", "Net −¥20", "Spot check", "Penalties and rewards: 赵师傅"} {
		if !custContains(texts, want) {
			t.Fatalf("panel lacks %q: %q", want, texts)
		}
	}
	custUI(func() { dlvTapLink(row.ticket) })
	if len(nav.calls) != 1 || nav.calls[0] != "ticket:"+d.Ticket.ID {
		t.Fatalf("link opened %v", nav.calls)
	}
}

// TestConductFromDeliveryOffersCrewFirst: on a delivery the crew comes
// first and the source is the delivery record; the installation rule
// carries −200 and probation.
func TestConductFromDeliveryOffersCrewFirst(t *testing.T) {
	fx := newDlvFixture(t)
	d := fx.newDelivery(t, fx.mate2.ID, fx.mate1.ID)
	fx.open(t, d.Ticket.ID)
	custUI(func() { test.Tap(fx.page.conduct.button) })
	c := fx.page.conduct.dlg
	cdOpened(t, fx.w, c)
	if c.staff[0].ID != fx.mate2.ID || c.staff[1].ID != fx.mate1.ID || !strings.Contains(c.staffSel.Options[1], "crew of this delivery") {
		t.Fatalf("offered first: %q", c.staffSel.Options[:2])
	}
	if c.source.Selected != "Delivery record" {
		t.Fatalf("source %q", c.source.Selected)
	}
	inst := cdRule(t, fx.app, "installation")
	cdPick(t, c, fx.mate1.ID, inst.ID, models.RecDelivery)
	custUI(func() { test.Tap(c.okBtn) })
	custWaitIdle(t)
	if c.saved == nil || c.saved.Amount != -20000 || !c.saved.Probation || c.saved.Source != models.RecDelivery {
		t.Fatalf("saved %+v; %q", c.saved, cdShown(c.formErr))
	}
	custEventually(t, "the record on the delivery", func() bool { return len(fx.page.conduct.recs) == 1 })
}

// TestConductPerCaseRuleNeedsAmount: the damage rule shows the amount
// field; leaving it empty keeps the dialog open with the message at the
// field and what was typed; entering it saves.
func TestConductPerCaseRuleNeedsAmount(t *testing.T) {
	fx := newTDFixture(t)
	panel, w := cdPanel(t, fx.app, nil, fx.tech)
	if !custContains(cdShownTexts(panel.content()), "No penalties or rewards recorded for 李师傅.") {
		t.Fatal("no empty state")
	}
	custUI(func() { test.Tap(panel.recordBtn) })
	c := panel.dlg
	cdOpened(t, w, c)
	if c.staffSel.SelectedIndex() < 0 || c.staff[c.staffSel.SelectedIndex()].ID != fx.tech.ID {
		t.Fatal("the person of the panel is not chosen")
	}
	damage := cdRule(t, fx.app, "damage")
	cdPick(t, c, fx.tech.ID, damage.ID, models.RecComplaint)
	if !c.amountCell.Visible() || !strings.Contains(c.ruleSel.Selected, "amount per case") {
		t.Fatalf("amount field hidden for %q", c.ruleSel.Selected)
	}
	custUI(func() { c.note.SetText("客厅地板划伤") })
	custUI(func() { test.Tap(c.okBtn) })
	custWaitIdle(t)
	if c.closed || c.saved != nil {
		t.Fatal("saved without an amount")
	}
	if msg := cdShown(c.errs["amount"]); !strings.Contains(msg, "amount of this case") {
		t.Fatalf("amount problem %q (form: %q)", msg, cdShown(c.formErr))
	}
	if c.note.Text != "客厅地板划伤" || c.ruleSel.SelectedIndex() < 0 {
		t.Fatal("the form lost what was typed")
	}
	custUI(func() { c.amount.SetText("150") })
	if cdShown(c.errs["amount"]) != "" {
		t.Fatal("the problem stays after typing")
	}
	custUI(func() { test.Tap(c.okBtn) })
	custWaitIdle(t)
	if c.saved == nil || c.saved.Amount != -15000 || c.saved.Note != "客厅地板划伤" {
		t.Fatalf("saved %+v", c.saved)
	}
	custEventually(t, "the record in the panel", func() bool { return len(panel.recs) == 1 })
	if a := cdRow(t, panel, 0).amount.Text; a != "−¥150" {
		t.Fatalf("amount %q", a)
	}
	// A typed ticket number that does not exist is refused at the field.
	edit := cdRow(t, panel, 0).edit
	custUI(func() { test.Tap(edit) })
	e := panel.dlg
	cdOpened(t, w, e)
	if e.amount.Text != "150" || e.note.Text != "客厅地板划伤" || e.source.Selected != "Complaint" {
		t.Fatalf("edit form: %q %q %q", e.amount.Text, e.note.Text, e.source.Selected)
	}
	custUI(func() { e.ticket.SetText("WX-NOPE") })
	custUI(func() { test.Tap(e.okBtn) })
	custWaitIdle(t)
	if msg := cdShown(e.errs["ticket"]); !strings.Contains(msg, "WX-NOPE") {
		t.Fatalf("ticket problem %q", msg)
	}
	d := fx.newTicket(t, "漏水")
	custUI(func() { e.ticket.SetText(strings.ToLower(d.Ticket.Number)); e.amount.SetText("180") })
	custUI(func() { test.Tap(e.okBtn) })
	custWaitIdle(t)
	if e.saved == nil || e.saved.ID != c.saved.ID || e.saved.Amount != -18000 || e.saved.TicketID == nil || *e.saved.TicketID != d.Ticket.ID {
		t.Fatalf("edited %+v", e.saved)
	}
}

// TestConductVoidWithReason: voiding asks for the reason; the record is
// then no longer listed or counted, but stays on file.
func TestConductVoidWithReason(t *testing.T) {
	fx := newTDFixture(t)
	gift := cdRule(t, fx.app, "gift_refused")
	if _, err := fx.app.AddRecord(models.RecordInput{StaffID: fx.tech.ID, Date: "2026-03-01", RuleID: gift.ID, Source: models.RecFollowUp}); err != nil {
		t.Fatal(err)
	}
	panel, _ := cdPanel(t, fx.app, nil, fx.tech)
	if len(panel.recs) != 1 || cdRow(t, panel, 0).amount.Text != "+¥20" || cdRow(t, panel, 0).amount.Importance != widget.SuccessImportance {
		t.Fatalf("records %d", len(panel.recs))
	}
	void := cdRow(t, panel, 0).void
	custUI(func() { test.Tap(void) })
	v := panel.void
	custUI(func() { test.Tap(v.okBtn) })
	custWaitIdle(t)
	if v.closed || !strings.Contains(cdShown(v.errText), "reason") {
		t.Fatalf("voided without a reason: %q", cdShown(v.errText))
	}
	custUI(func() { v.reason.SetText("记错了人") })
	custUI(func() { test.Tap(v.okBtn) })
	custEventually(t, "the record gone", func() bool { return len(panel.recs) == 0 && panel.empty.Visible() && !panel.listBox.Visible() })
	if !v.closed {
		t.Fatal("the dialog stays open")
	}
	all, err := fx.app.Records(context.Background(), app.RecordFilter{StaffID: fx.tech.ID, Voided: true})
	if err != nil || len(all) != 1 || all[0].ArchivedAt == nil {
		t.Fatalf("voided record on file: %v %v", all, err)
	}
}

// TestConductLockedMonthOffersAdjust: a record of an approved month has
// only Adjust; the adjustment goes into the current month and points to
// the original, which stays as it was.
func TestConductLockedMonthOffersAdjust(t *testing.T) {
	fx := newTDFixture(t)
	inst := cdRule(t, fx.app, "installation")
	orig, err := fx.app.AddRecord(models.RecordInput{StaffID: fx.tech.ID, Date: "2026-02-10", RuleID: inst.ID, Source: models.RecFollowUp})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fx.app.CompileMonth("2026-02"); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.app.ApproveMonth("2026-02"); err != nil {
		t.Fatal(err)
	}
	panel, w := cdPanel(t, fx.app, nil, fx.tech)
	if len(panel.recs) != 1 {
		t.Fatalf("%d records", len(panel.recs))
	}
	row := cdRow(t, panel, 0)
	if !row.adjust.Visible() || row.edit.Visible() || row.void.Visible() {
		t.Fatal("a locked record offers Edit or Void, or no Adjust")
	}
	if !custContains(cdShownTexts(panel.content()), "Approved and locked") {
		t.Fatal("the month's status is not shown")
	}
	custUI(func() { test.Tap(row.adjust) })
	c := panel.dlg
	cdOpened(t, w, c)
	if c.mode != conductAdjust || c.staffSel.Disabled() == false || !c.amountCell.Visible() || !c.hint.Visible() ||
		!strings.Contains(c.hint.Text, "2026-02 is approved and locked") {
		t.Fatalf("adjust form: hint %q", c.hint.Text)
	}
	if c.rule() == nil || c.rule().ID != inst.ID || c.date.entry.Text != "2026-03-02" {
		t.Fatal("the adjustment does not start from the original")
	}
	// A date in the locked month is refused at the date.
	custUI(func() { c.date.entry.SetText("2026-02-20"); c.amount.SetText("+100") })
	custUI(func() { test.Tap(c.okBtn) })
	custWaitIdle(t)
	if msg := cdShown(c.errs["date"]); msg == "" {
		t.Fatalf("locked date accepted; form says %q", cdShown(c.formErr))
	}
	custUI(func() { c.date.entry.SetText("2026-03-02"); c.note.SetText("复查后减半") })
	custUI(func() { test.Tap(c.okBtn) })
	custWaitIdle(t)
	adj := c.saved
	if adj == nil || adj.Month != "2026-03" || adj.AdjustsID == nil || *adj.AdjustsID != orig.ID || adj.Amount != 10000 {
		t.Fatalf("adjustment %+v; %q", adj, cdShown(c.formErr))
	}
	custEventually(t, "two records", func() bool { return len(panel.recs) == 2 })
	if r0, r1 := cdRow(t, panel, 0), cdRow(t, panel, 1); r0.rec.ID != adj.ID || !r0.edit.Visible() || r0.adjust.Visible() || !r1.adjust.Visible() || r1.edit.Visible() {
		t.Fatal("the adjustment is not listed first, in the open month")
	}
	texts := cdShownTexts(panel.content())
	if !custContains(texts, "corrects the record of 2026-02-10") || !custContains(texts, "Net +¥100") || !custContains(texts, "Net −¥200") {
		t.Fatalf("panel %q", texts)
	}
	feb, _ := fx.app.Month("2026-02")
	if len(feb.Records) != 1 || feb.Records[0].Amount != -20000 {
		t.Fatal("the locked month changed")
	}
}

// TestConductCounterClerkRefused: a counter clerk signed in may open the
// dialog but the save is refused with a message naming the roles.
func TestConductCounterClerkRefused(t *testing.T) {
	var tech *models.Staff
	a := signedInClerk(t, tdTestNow, func(a *app.App) {
		var err error
		if tech, err = a.CreateStaff(models.StaffInput{Name: "李师傅", Roles: []models.Role{models.RoleTechnician}, Active: true}); err != nil {
			t.Fatal(err)
		}
	})
	panel, w := cdPanel(t, a, nil, tech)
	custUI(func() { test.Tap(panel.recordBtn) })
	c := panel.dlg
	cdOpened(t, w, c)
	cdPick(t, c, tech.ID, cdRule(t, a, "uniform").ID, models.RecSpotCheck)
	custUI(func() { test.Tap(c.okBtn) })
	custWaitIdle(t)
	msg := cdShown(c.formErr)
	if c.closed || !strings.Contains(msg, "小刘") || !strings.Contains(msg, RoleLabel(models.RoleBusinessManager)) || !strings.Contains(msg, RoleLabel(models.RoleGeneralManager)) {
		t.Fatalf("refusal %q", msg)
	}
	if recs, _ := a.Records(context.Background(), app.RecordFilter{}); len(recs) != 0 {
		t.Fatal("a record was saved")
	}
}

// TestConductPanelInStaffScreen: selecting a person in the Staff area
// shows their records under the form.
func TestConductPanelInStaffScreen(t *testing.T) {
	fx := newTDFixture(t)
	uniform := cdRule(t, fx.app, "uniform")
	if _, err := fx.app.AddRecord(models.RecordInput{StaffID: fx.tech2.ID, Date: "2026-03-01", RuleID: uniform.ID, Source: models.RecMeeting}); err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1100, 800))
	s := newStaffScreen(&Deps{App: fx.app, Window: w})
	w.SetContent(s.content())
	custUI(s.shown)
	custWaitIdle(t)
	for i, p := range s.staff {
		if p.ID == fx.tech2.ID {
			custUI(func() { s.list.Select(i) })
		}
	}
	custEventually(t, "the panel", func() bool {
		texts := cdShownTexts(s.content())
		return custContains(texts, "Penalties and rewards: 赵师傅") && custContains(texts, "Morning meeting")
	})
	if s.editing == nil || s.editing.ID != fx.tech2.ID {
		t.Fatal("the staff form does not follow the selection")
	}
}

// TestConductPanelPagesAsScrolled: the panel reads a page of records,
// draws only the rows in view, and reads the next page when the list is
// scrolled to its end; a month split between two pages keeps one header
// whose net is the whole month's. Choosing another person cancels the
// load of the one before.
func TestConductPanelPagesAsScrolled(t *testing.T) {
	fx := newTDFixture(t)
	keep := conductPage
	conductPage = 10
	t.Cleanup(func() { conductPage = keep })
	uniform, gift := cdRule(t, fx.app, "uniform"), cdRule(t, fx.app, "gift_refused")
	add := func(date string, r models.ConductRule, n int) {
		for range n {
			if _, err := fx.app.AddRecord(models.RecordInput{StaffID: fx.tech.ID, Date: date, RuleID: r.ID, Source: models.RecSpotCheck}); err != nil {
				t.Fatal(err)
			}
		}
	}
	add("2026-03-01", uniform, 6) // −10 each
	add("2026-02-10", gift, 8)    // +20 each: four on the first page, four on the second
	add("2026-01-15", uniform, 11)

	panel, _ := cdPanel(t, fx.app, nil, fx.tech)
	if len(panel.recs) != 10 || !panel.more {
		t.Fatalf("first page: %d records, more %v", len(panel.recs), panel.more)
	}
	if drawn := len(panel.bound); drawn == 0 || drawn >= len(panel.items) {
		t.Fatalf("%d of %d rows drawn: the list should draw only those in view", drawn, len(panel.items))
	}
	if m := panel.months["2026-02"]; m.Net != 16000 {
		t.Fatalf("February's net %v: it should count the month's records not loaded yet", m.Net)
	}
	headers := func() (n int, feb int) {
		for _, it := range panel.items {
			if it.rec < 0 {
				n++
				if it.month == "2026-02" {
					feb++
				}
			}
		}
		return n, feb
	}
	custUI(func() { panel.list.ScrollToBottom() })
	custEventually(t, "the second page", func() bool { return len(panel.recs) == 20 })
	if n, feb := headers(); n != 3 || feb != 1 {
		t.Fatalf("%d month headers, %d for February", n, feb)
	}
	custUI(func() { panel.list.ScrollToBottom() })
	custEventually(t, "the last page", func() bool { return len(panel.recs) == 25 && !panel.more })
	for i := 1; i < len(panel.recs); i++ {
		if panel.recs[i].ID == panel.recs[i-1].ID || panel.recs[i].Date.After(panel.recs[i-1].Date) {
			t.Fatalf("record %d repeated or out of order", i)
		}
	}
	texts := cdShownTexts(panel.content())
	if !custContains(texts, "2026-01") || !custContains(texts, "Net −¥110") {
		t.Fatalf("January's header not drawn at the end: %q", texts)
	}
	// A save reads again as many as were shown, so the list stays put.
	custUI(panel.reload)
	custWaitIdle(t)
	if len(panel.recs) != 25 || panel.more {
		t.Fatalf("after a reload: %d records, more %v", len(panel.recs), panel.more)
	}
	// Another person cancels this person's load.
	custUI(func() { panel.show(fx.tech) })
	var ctx context.Context
	custUI(func() { ctx = panel.ctx; panel.show(fx.tech2) })
	if ctx.Err() == nil {
		t.Fatal("the load of the person before was not cancelled")
	}
	custWaitIdle(t)
	if len(panel.recs) != 0 || !panel.empty.Visible() || !strings.Contains(panel.empty.Text, "赵师傅") {
		t.Fatalf("after choosing 赵师傅: %d records, %q", len(panel.recs), panel.empty.Text)
	}
}

// TestConductScreenshots writes pictures of the dialog, the panel, the
// ticket page and the rule editor, in both languages, when CD_SHOTS names
// a folder.
func TestConductScreenshots(t *testing.T) {
	dir := shotsDir(t, "CD_SHOTS")
	for _, l := range []string{"en", "zh"} {
		shotsLanguage(t, l)
		fx := newDlvFixture(t)
		fyne.CurrentApp().Settings().SetTheme(NewTheme())
		shot := func(w fyne.Window, name string) {
			writeShot(t, w, filepath.Join(dir, "cd_"+l+"_"+name+".png"), true)
		}
		d := fx.newDelivery(t, fx.mate1.ID, fx.mate2.ID)
		inst, damage, gift := cdRule(t, fx.app, "installation"), cdRule(t, fx.app, "damage"), cdRule(t, fx.app, "gift_refused")
		fx.app.AddRecord(models.RecordInput{StaffID: fx.mate1.ID, Date: "2026-02-10", RuleID: inst.ID, Source: models.RecFollowUp, Note: "柜门不平"})
		fx.app.AddRecord(models.RecordInput{StaffID: fx.mate1.ID, Date: "2026-02-12", RuleID: gift.ID, Source: models.RecFollowUp})
		fx.app.CompileMonth("2026-02")
		fx.app.ApproveMonth("2026-02")
		fx.app.AddRecord(models.RecordInput{StaffID: fx.mate1.ID, Date: "2026-03-01", RuleID: damage.ID, Amount: "150", Source: models.RecDelivery, TicketID: d.Ticket.ID, Note: "客厅地板划伤"})
		fx.open(t, d.Ticket.ID)
		shot(fx.w, "ticket")
		custUI(func() { test.Tap(fx.page.conduct.button) })
		custWaitIdle(t)
		c := fx.page.conduct.dlg
		cdPick(t, c, fx.mate2.ID, damage.ID, models.RecDelivery)
		custUI(func() { test.Tap(c.okBtn) })
		shot(fx.w, "dialog_error")
		custUI(c.close)
		panel, w := cdPanel(t, fx.app, nil, fx.mate1)
		shot(w, "panel")
		for i := range panel.recs {
			if r := panel.recordRow(i); r != nil && r.adjust.Visible() {
				custUI(func() { test.Tap(r.adjust) })
				break
			}
		}
		shot(w, "adjust")
		sec := newCRFixture(t)
		shot(sec.w, "rules")
		custUI(func() { test.Tap(sec.section.rows[0].edit) })
		shot(sec.w, "rule_editor")
	}
}
