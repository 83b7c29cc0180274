package screens

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// verdictTexts are the verdict box's head and finding lines.
func verdictTexts(v *returnVerdictBox) (head string, lines []string, refused []string) {
	for _, o := range v.findings.Objects {
		l := o.(*widget.Label)
		lines = append(lines, l.Text)
		if l.Importance == widget.DangerImportance {
			refused = append(refused, l.Text)
		}
	}
	return v.head.Text, lines, refused
}

func TestIntakeReturnShowsVerdictLive(t *testing.T) {
	fx := newTickFixture(t)
	sofa, err := fx.app.AddPurchase(fx.zhang.ID, models.PurchaseInput{Product: "布艺沙发", Model: "SF-320", ProductType: "furniture", PurchaseDate: "2026-11-20"})
	if err != nil {
		t.Fatal(err)
	}
	i := fx.intake(t, fx.zhang.ID)
	custUI(func() { i.kind.SetSelected(KindLabel(models.KindReturn)) })
	r := i.ret
	if !r.box.Visible() || i.modeRow[1].Visible() || i.symptomRow[1].Visible() || !i.purchaseRow[1].Visible() {
		t.Fatal("a return shows repair fields or hides its section or the purchase")
	}
	n := slices.Index(i.purchaseIDs, sofa.ID)
	custUI(func() { i.purchase.SetSelectedIndex(n) })
	custEventually(t, "the sofa's facts", func() bool { return r.facts != nil && r.purchaseID == sofa.ID })

	head, lines, refused := verdictTexts(r.verdict)
	// Nothing ticked yet: the packaging is not confirmed, so refused.
	if len(refused) != 1 || !strings.Contains(refused[0], "packaging") || !strings.Contains(r.signed.Text, "2026-11-20 (purchase date") {
		t.Fatalf("first verdict: %q %q signed %q", head, lines, r.signed.Text)
	}
	custUI(func() {
		r.complete.SetChecked(true)
		r.typ.SetSelected(ReturnTypeLabel(models.ReturnRefund))
	})
	head, lines, refused = verdictTexts(r.verdict)
	if len(refused) != 0 || r.verdict.head.Importance != widget.SuccessImportance || !strings.Contains(strings.Join(lines, "\n"), "3 days ago: within the 7 days") {
		t.Fatalf("complete, in time: %q %q", head, lines)
	}
	// Used goods are refused, unless there is a quality problem.
	custUI(func() { r.excl[slices.Index(models.AllReturnExclusions, models.ExclUsed)].SetChecked(true) })
	if _, _, refused = verdictTexts(r.verdict); len(refused) != 1 || !strings.Contains(refused[0], "Washed or used") {
		t.Fatalf("used: %q", refused)
	}
	custUI(func() { r.quality.SetChecked(true) })
	_, lines, refused = verdictTexts(r.verdict)
	if len(refused) != 0 || !strings.Contains(strings.Join(lines, "\n"), "the shop pays") {
		t.Fatalf("used with a quality problem: %q", lines)
	}
	custUI(func() {
		r.quality.SetChecked(false)
		r.excl[slices.Index(models.AllReturnExclusions, models.ExclUsed)].SetChecked(false)
	})
	// Gifts kept: the price appears and is deducted.
	if r.giftPrice.Visible() {
		t.Fatal("gift price shown without kept gifts")
	}
	custUI(func() { r.gifts.SetSelected(GiftStatusLabel(models.GiftsKept)) })
	if !r.giftPrice.Visible() {
		t.Fatal("gift price hidden for kept gifts")
	}
	custUI(func() { test.Type(r.giftPrice, "88") })
	if _, lines, _ = verdictTexts(r.verdict); !strings.Contains(strings.Join(lines, "\n"), "¥88.00, is deducted") {
		t.Fatalf("gift deduction: %q", lines)
	}
	// Without a reason the form says what to fix, next to the field.
	custUI(func() { test.Tap(i.createBtn) })
	custWaitIdle(t)
	if i.created != nil || !i.errs["return_reason"].Visible() {
		t.Fatalf("created without a reason; reason error %q", i.errs["return_reason"].Text)
	}
	custUI(func() { test.Type(r.reason, "颜色与样品不符") })
	custUI(func() { test.Tap(i.createBtn) })
	custEventually(t, "the return created", func() bool { return i.created != nil })
	tk := i.created.Ticket
	if tk.Kind != models.KindReturn || tk.Status != models.StatusRequested || tk.GiftPrice != 8800 || tk.FreightBy != models.FreightCustomer || tk.Symptom != "颜色与样品不符" {
		t.Fatalf("created: %+v", tk.AftersalesFields)
	}
	if !strings.Contains(i.resultInfo.Text, "Return (refund)") || !strings.Contains(i.resultInfo.Text, "Freight: The customer") {
		t.Fatalf("result: %q", i.resultInfo.Text)
	}
}

func TestTicketPageReturnSteps(t *testing.T) {
	fx := newTDFixture(t)
	a := fx.app
	// The air conditioner was bought in 2019: a no-reason return is refused.
	d, err := a.CreateTicket(app.IntakeInput{CustomerID: fx.cust.ID, PurchaseID: fx.purchase.ID, Kind: models.KindReturn,
		Return: app.ReturnInput{Type: models.ReturnRefund, Reason: "不想要了", Complete: true}})
	if err != nil {
		t.Fatal(err)
	}
	fx.open(t, d.Ticket.ID)
	p := fx.page
	if !p.ret.section.Visible() || p.ret.verdict.head.Importance != widget.DangerImportance {
		t.Fatalf("refused return: section %v head %q", p.ret.section.Visible(), p.ret.verdict.head.Text)
	}
	if _, _, refused := verdictTexts(p.ret.verdict); len(refused) != 1 || !strings.Contains(refused[0], "2019-06-01") {
		t.Fatalf("refusals: %q", refused)
	}
	if !strings.Contains(p.due.Text, DueRuleLabel(models.DueReturnReject)) {
		t.Fatalf("due: %q", p.due.Text)
	}
	// The step that clears the due rule comes first, highlighted.
	if len(p.actionActs) == 0 || p.actionActs[0] != models.ActRejectReturn || p.actionBtns[0].Importance != widget.HighImportance {
		t.Fatalf("first action on a refused return: %v", p.actionActs)
	}
	// Reject: the reason is prefilled with the rule.
	tapReturn := func(act models.Action) *tdReturnDialog {
		t.Helper()
		i := slices.Index(p.actionActs, act)
		if i < 0 {
			t.Fatalf("no %s button: %v", act, p.actionActs)
		}
		custUI(func() { test.Tap(p.actionBtns[i]) })
		custWaitIdle(t)
		if p.ret.dlg == nil || p.ret.dlg.act != act || p.ret.dlg.form.closed {
			t.Fatalf("%s dialog not open", act)
		}
		return p.ret.dlg
	}
	dlg := tapReturn(models.ActRejectReturn)
	if !strings.Contains(dlg.reason.Text, "days ago") {
		t.Fatalf("reject reason not prefilled: %q", dlg.reason.Text)
	}
	fx.submit(t, dlg.form)
	fx.expectStatus(t, d.Ticket.ID, models.StatusReturnDecided)
	if !strings.Contains(p.ret.facts.Text, "Outcome: Rejected") {
		t.Fatalf("facts: %q", p.ret.facts.Text)
	}

	// A quality problem: received, inspected, refunded.
	d, err = a.CreateTicket(app.IntakeInput{CustomerID: fx.cust.ID, PurchaseID: fx.purchase.ID, Kind: models.KindReturn,
		Return: app.ReturnInput{Type: models.ReturnRefund, Reason: "不制冷", QualityProblem: true, Complete: true}})
	if err != nil {
		t.Fatal(err)
	}
	fx.open(t, d.Ticket.ID)
	if p.ret.verdict.head.Importance != widget.SuccessImportance || !strings.Contains(p.ret.facts.Text, "Freight: The shop") {
		t.Fatalf("quality return: %q / %q", p.ret.verdict.head.Text, p.ret.facts.Text)
	}
	fx.submit(t, tapReturn(models.ActReceiveGoods).form)
	fx.expectStatus(t, d.Ticket.ID, models.StatusGoodsReceived)
	dlg = tapReturn(models.ActInspect)
	fx.submit(t, dlg.form)
	if dlg.form.closed || !dlg.form.errs["note"].Visible() {
		t.Fatal("inspected without findings")
	}
	custUI(func() { test.Type(dlg.note, "压缩机故障，属质量问题") })
	fx.submit(t, dlg.form)
	fx.expectStatus(t, d.Ticket.ID, models.StatusInspected)
	dlg = tapReturn(models.ActRefund)
	custEventually(t, "the payment facts", func() bool { return strings.Contains(dlg.facts.Text, "No payment on record") })
	fx.submit(t, dlg.form)
	if dlg.form.closed || !dlg.form.errs["amount"].Visible() || !dlg.form.errs["method"].Visible() {
		t.Fatal("refund without amount and method")
	}
	custUI(func() {
		test.Type(dlg.amount, "1999")
		dlg.method.SetSelected(PayMethodLabel(models.PayAlipay))
	})
	fx.submit(t, dlg.form)
	fx.expectStatus(t, d.Ticket.ID, models.StatusReturnDecided)
	if !strings.Contains(p.ret.facts.Text, "Refunded · ¥1,999.00 · "+PayMethodLabel(models.PayAlipay)) {
		t.Fatalf("refund shown: %q", p.ret.facts.Text)
	}
}

func TestTicketPageExchangeOpensDelivery(t *testing.T) {
	fx := newTDFixture(t)
	a := fx.app
	d, err := a.CreateTicket(app.IntakeInput{CustomerID: fx.cust.ID, PurchaseID: fx.purchase.ID, Kind: models.KindReturn,
		Return: app.ReturnInput{Type: models.ReturnExchange, Reason: "外机异响", QualityProblem: true, Complete: true}})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []models.StepInput{{Action: models.ActReceiveGoods}, {Action: models.ActInspect, Note: "外机风扇松动"}} {
		if _, err := a.Step(d.Ticket.ID, 0, in); err != nil {
			t.Fatal(err)
		}
	}
	fx.open(t, d.Ticket.ID)
	p := fx.page
	i := slices.Index(p.actionActs, models.ActExchange)
	custUI(func() { test.Tap(p.actionBtns[i]) })
	custWaitIdle(t)
	dlg := p.ret.dlg
	fx.submit(t, dlg.form)
	if dlg.form.closed || !dlg.form.errs["date"].Visible() {
		t.Fatal("exchange without a day")
	}
	custUI(func() {
		test.Type(dlg.date.entry, "2026-03-05")
		dlg.half.SetSelected(HalfLabel(models.AM))
		test.Type(dlg.note, "换新外机")
	})
	fx.submit(t, dlg.form)
	fx.expectStatus(t, d.Ticket.ID, models.StatusReturnDecided)
	got, _ := a.Ticket(d.Ticket.ID)
	if len(got.Raised) != 1 || got.Raised[0].Kind != models.KindDelivery {
		t.Fatalf("raised: %+v", got.Raised)
	}
	if !slices.ContainsFunc(tdTexts(p.delivery.raisedBox), func(s string) bool { return strings.Contains(s, got.Raised[0].Number) }) {
		t.Fatalf("the page does not list the delivery %s: %q", got.Raised[0].Number, tdTexts(p.delivery.raisedBox))
	}
}

func TestReturnTranslationsComplete(t *testing.T) {
	en := custReadJSON(t, "translations/en.json")
	zh := custReadJSON(t, "translations/zh_Hans.json")
	keys := custTKeys(t, "returns.go")
	lit := regexp.MustCompile(`"((?:return\.rule|err\.return|due\.return|due\.inspection)[a-z0-9_.]*)"`)
	for _, f := range []string{"../models/returns.go", "../app/returns.go", "labels.go"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range lit.FindAllStringSubmatch(string(data), -1) {
			keys = append(keys, m[1])
		}
	}
	if len(keys) < 60 {
		t.Fatalf("only %d keys found", len(keys))
	}
	placeholder := regexp.MustCompile(`\{\{\.[A-Za-z]+\}\}`)
	for _, k := range keys {
		if en[k] == "" || zh[k] == "" {
			t.Errorf("%s: en %q, zh %q", k, en[k], zh[k])
			continue
		}
		pe, pz := placeholder.FindAllString(en[k], -1), placeholder.FindAllString(zh[k], -1)
		if !slices.Equal(slices.Sorted(slices.Values(pe)), slices.Sorted(slices.Values(pz))) {
			t.Errorf("%s: placeholders differ: %v / %v", k, pe, pz)
		}
	}
}
