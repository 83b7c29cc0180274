package app

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"aftercare/models"
)

// returnFixture: a general manager (signed in), a counter clerk and a
// finance clerk with PINs, a customer with a sofa delivered and signed for
// on 2026-11-18 and paid ¥3,000 by WeChat on that delivery, and a
// wardrobe bought on 2026-11-01 with no delivery on record.
type returnFixture struct {
	a           *App
	clerk, fin  *models.Staff
	c           *models.Customer
	sofa, wardr *models.Purchase
	delivery    string // the sofa's delivery number
}

func newReturnFixture(t *testing.T) *returnFixture {
	t.Helper()
	a, _ := newSignInApp(t)
	f := &returnFixture{a: a}
	mk := func(name string, r models.Role) *models.Staff { return staffWithPIN(t, a, name, r) }
	f.clerk, f.fin = mk("前台小李", models.RoleCounter), mk("会计小陈", models.RoleFinance)
	f.c = mustCreate(t, a, "周敏", "13600136000")
	var err error
	if f.sofa, err = a.AddPurchase(f.c.ID, models.PurchaseInput{Product: "布艺沙发", Model: "SF-320", ProductType: "furniture", PurchaseDate: "2026-11-15", WarrantyMonths: "36"}); err != nil {
		t.Fatal(err)
	}
	if f.wardr, err = a.AddPurchase(f.c.ID, models.PurchaseInput{Product: "衣柜", Model: "YG-2000", ProductType: "furniture", PurchaseDate: "2026-11-01", WarrantyMonths: "36"}); err != nil {
		t.Fatal(err)
	}
	tpls, err := a.ChecklistTemplates(false)
	if err != nil {
		t.Fatal(err)
	}
	d, err := a.CreateTicket(IntakeInput{CustomerID: f.c.ID, Kind: models.KindDelivery, Delivery: DeliveryInput{
		Items: []DeliveryItemInput{{PurchaseID: f.sofa.ID, Qty: "1"}}, Date: fixedNow, Half: models.AM, ChecklistID: tpls[0].ID}})
	if err != nil {
		t.Fatal(err)
	}
	f.delivery = d.Ticket.Number
	// The delivery was signed for on the 18th and the goods paid on it.
	signed := time.Date(2026, 11, 18, 15, 0, 0, 0, time.UTC)
	if err := a.db.Model(&models.Ticket{}).Where("id = ?", d.Ticket.ID).Updates(map[string]any{"signed_at": signed, "status": models.StatusClosed}).Error; err != nil {
		t.Fatal(err)
	}
	if err := a.db.Create(&models.Payment{TicketID: d.Ticket.ID, At: signed, Method: models.PayWeChat, Amount: 300000}).Error; err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *returnFixture) as(t *testing.T, s *models.Staff) {
	t.Helper()
	signInAs(t, f.a, s)
}

func lastEventData(t *testing.T, d *TicketDetail) map[string]any {
	t.Helper()
	e := d.Events[len(d.Events)-1]
	out := map[string]any{}
	if e.Data != "" {
		if err := json.Unmarshal([]byte(e.Data), &out); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func refusedFor(err error, perm models.Permission) bool {
	fe := models.AsFieldErrors(err).ForField("permission")
	return fe != nil && fe.Data["Permission"] == string(perm)
}

func TestReturnRefundedByFinance(t *testing.T) {
	f := newReturnFixture(t)
	a := f.a
	f.as(t, f.clerk)
	facts, err := a.ReturnFacts(f.sofa.ID)
	if err != nil || models.FormatDate(facts.SignedOn) != "2026-11-18" || facts.Delivery != f.delivery || facts.Paid != 300000 || facts.Method != models.PayWeChat {
		t.Fatalf("facts: %+v %v", facts, err)
	}
	d, err := a.CreateTicket(IntakeInput{CustomerID: f.c.ID, PurchaseID: f.sofa.ID, Kind: models.KindReturn, Source: models.SourceWalkIn,
		Return: ReturnInput{Type: models.ReturnRefund, Reason: "颜色与样品不符", Complete: true, Gifts: models.GiftsKept, GiftPrice: "88"}})
	if err != nil {
		t.Fatal(err)
	}
	tk := d.Ticket
	if !strings.HasPrefix(tk.Number, "TH20261123-") || tk.Mode != models.ModeReturn || tk.Status != models.StatusRequested {
		t.Fatalf("created %s %s %s", tk.Number, tk.Mode, tk.Status)
	}
	if tk.FreightBy != models.FreightCustomer || tk.GiftPrice != 8800 || tk.ReturnSignedOn == nil || models.FormatDate(*tk.ReturnSignedOn) != "2026-11-18" || tk.Symptom != "颜色与样品不符" {
		t.Fatalf("stored request: freight=%s gift=%d signed=%v symptom=%q", tk.FreightBy, tk.GiftPrice, tk.ReturnSignedOn, tk.Symptom)
	}
	if data := lastEventData(t, d); data["allowed"] != true || data["deduction"] != "88.00" || data["signed_on"] != "2026-11-18" {
		t.Fatalf("create event: %v", data)
	}
	if d.Due == nil || d.Due.Rule != models.DueReturnGoods || !d.Due.At.Equal(fixedNow.AddDate(0, 0, 10)) {
		t.Fatalf("due: %+v", d.Due)
	}
	id := d.Ticket.ID
	d = step(t, a, id, models.StepInput{Action: models.ActReceiveGoods})
	if d.Ticket.GoodsBackAt == nil || d.Due == nil || d.Due.Rule != models.DueInspection || !d.Due.At.Equal(time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)) {
		t.Fatalf("after receiving: %v due %+v", d.Ticket.GoodsBackAt, d.Due)
	}
	if _, err := a.Step(id, 0, models.StepInput{Action: models.ActInspect}); models.AsFieldErrors(err).ForField("note") == nil {
		t.Fatalf("inspected without findings: %v", err)
	}
	d = step(t, a, id, models.StepInput{Action: models.ActInspect, Note: "外观完好，配件齐全，包装完整"})
	if d.Ticket.Status != models.StatusInspected || d.Ticket.InspectionNote == "" || d.Due.Rule != models.DueReturnRefund {
		t.Fatalf("after inspection: %s %+v", d.Ticket.Status, d.Due)
	}
	// The counter may not pay money back: the refusal names finance.
	if _, err := a.Refund(RefundInput{TicketID: id, Amount: "2912"}); !refusedFor(err, models.PermRefund) ||
		!strings.Contains(models.AsFieldErrors(err)[0].Data["Roles"].(string), string(models.RoleFinance)) {
		t.Fatalf("counter refunded: %v", err)
	}
	f.as(t, f.fin)
	if _, err := a.Refund(RefundInput{TicketID: id, Amount: "3000"}); models.AsFieldErrors(err).ForField("amount") == nil ||
		!strings.Contains(err.Error(), "2,912.00") {
		t.Fatalf("refund over paid less gifts: %v", err)
	}
	if _, err := a.Refund(RefundInput{TicketID: id, Amount: "2912", Method: models.PayCash}); models.AsFieldErrors(err).ForField("reason") == nil {
		t.Fatalf("refund by another method without a reason: %v", err)
	}
	if _, err := a.Refund(RefundInput{TicketID: id, Amount: "abc"}); models.AsFieldErrors(err).ForField("amount") == nil {
		t.Fatalf("unreadable amount: %v", err)
	}
	d, err = a.Refund(RefundInput{TicketID: id, Version: d.Ticket.Version, Amount: "2,912.00"})
	if err != nil {
		t.Fatal(err)
	}
	tk = d.Ticket
	if tk.Status != models.StatusReturnDecided || tk.ReturnOutcome != models.OutcomeRefunded || tk.RefundAmount != 291200 || tk.RefundMethod != models.PayWeChat || d.Due != nil {
		t.Fatalf("after refund: %s %s %d %s due %+v", tk.Status, tk.ReturnOutcome, tk.RefundAmount, tk.RefundMethod, d.Due)
	}
	if data := lastEventData(t, d); data["amount"] != "2,912.00" || data["method"] != "wechat" || data["deduction"] != "88.00" || d.Events[len(d.Events)-1].Actor != "会计小陈" {
		t.Fatalf("refund event: %v by %s", data, d.Events[len(d.Events)-1].Actor)
	}
	// No payment was turned negative: the money received stays as received.
	var sum struct{ S int64 }
	a.db.Model(&models.Payment{}).Select("SUM(amount) AS s").Scan(&sum)
	if sum.S != 300000 {
		t.Fatalf("payments changed: %d", sum.S)
	}
	f.as(t, f.clerk)
	d = step(t, a, id, models.StepInput{Action: models.ActClose})
	if d.Ticket.Status != models.StatusClosed {
		t.Fatalf("closed: %s", d.Ticket.Status)
	}
}

func TestReturnRefusedIsRecordedThenRejected(t *testing.T) {
	f := newReturnFixture(t)
	a := f.a
	f.as(t, f.clerk)
	// The wardrobe was bought 22 days ago and is used: recorded, refused.
	d, err := a.CreateTicket(IntakeInput{CustomerID: f.c.ID, PurchaseID: f.wardr.ID, Kind: models.KindReturn,
		Return: ReturnInput{Type: models.ReturnRefund, Reason: "不想要了", Complete: true, Exclusions: []models.ReturnExclusion{models.ExclUsed}}})
	if err != nil {
		t.Fatal(err)
	}
	if data := lastEventData(t, d); data["allowed"] != false || data["refused"] != "window,used" {
		t.Fatalf("create event: %v", data)
	}
	v := models.CheckReturn(models.ReturnRequestOf(&d.Ticket, time.UTC))
	if v.Allowed || v.Days != 22 || d.Ticket.ReturnExclusions != "used" {
		t.Fatalf("stored verdict: %+v", v)
	}
	if d.Due == nil || d.Due.Rule != models.DueReturnReject || ClearingAction(d.Due.Rule, d.Ticket.Mode, d.Ticket.Status) != models.ActRejectReturn {
		t.Fatalf("refused request due: %+v", d.Due)
	}
	id := d.Ticket.ID
	if _, err := a.Step(id, 0, models.StepInput{Action: models.ActReceiveGoods}); models.AsFieldErrors(err).ForField("reason") == nil {
		t.Fatalf("refused goods taken back without a reason: %v", err)
	}
	if _, err := a.Step(id, 0, models.StepInput{Action: models.ActRejectReturn}); models.AsFieldErrors(err).ForField("reason") == nil {
		t.Fatalf("rejected without a reason: %v", err)
	}
	d = step(t, a, id, models.StepInput{Action: models.ActRejectReturn, Reason: "超过7天无理由退货期限，且已使用"})
	if d.Ticket.Status != models.StatusReturnDecided || d.Ticket.ReturnOutcome != models.OutcomeRejected || d.Ticket.RefundAmount != 0 {
		t.Fatalf("after reject: %s %s", d.Ticket.Status, d.Ticket.ReturnOutcome)
	}
	// Goodwill: another refused request taken back with a reason.
	d, err = a.CreateTicket(IntakeInput{CustomerID: f.c.ID, PurchaseID: f.wardr.ID, Kind: models.KindReturn,
		Return: ReturnInput{Type: models.ReturnRefund, Reason: "搬家用不上", Complete: true}})
	if err != nil {
		t.Fatal(err)
	}
	d = step(t, a, d.Ticket.ID, models.StepInput{Action: models.ActReceiveGoods, Reason: "老客户，经理同意通融"})
	if data := lastEventData(t, d); data["goodwill"] != true || data["reason"] == nil {
		t.Fatalf("goodwill event: %v", data)
	}
}

func TestExchangeBooksLinkedDelivery(t *testing.T) {
	f := newReturnFixture(t)
	a := f.a
	f.as(t, f.clerk)
	// A quality problem on day 22: the seven days do not apply; the shop
	// pays the freight.
	d, err := a.CreateTicket(IntakeInput{CustomerID: f.c.ID, PurchaseID: f.wardr.ID, Kind: models.KindReturn,
		Return: ReturnInput{Type: models.ReturnExchange, Reason: "柜门开裂", QualityProblem: true, Exclusions: []models.ReturnExclusion{models.ExclUsed}}})
	if err != nil {
		t.Fatal(err)
	}
	if d.Ticket.FreightBy != models.FreightShop || lastEventData(t, d)["allowed"] != true {
		t.Fatalf("quality exchange: freight=%s %v", d.Ticket.FreightBy, lastEventData(t, d))
	}
	id := d.Ticket.ID
	step(t, a, id, models.StepInput{Action: models.ActReceiveGoods})
	step(t, a, id, models.StepInput{Action: models.ActInspect, Note: "左门板开裂，属质量问题"})
	if _, err := a.Step(id, 0, models.StepInput{Action: models.ActExchange}); models.AsFieldErrors(err).ForField("date") == nil {
		t.Fatalf("exchange without a day: %v", err)
	}
	day := fixedNow.AddDate(0, 0, 2)
	d = step(t, a, id, models.StepInput{Action: models.ActExchange, Date: day, Half: models.PM, Note: "换同款新柜"})
	if d.Ticket.Status != models.StatusReturnDecided || d.Ticket.ReturnOutcome != models.OutcomeExchanged {
		t.Fatalf("after exchange: %s %s", d.Ticket.Status, d.Ticket.ReturnOutcome)
	}
	if len(d.Raised) != 1 || d.Raised[0].Kind != models.KindDelivery || !strings.HasPrefix(d.Raised[0].Number, "SH") {
		t.Fatalf("raised: %+v", d.Raised)
	}
	if data := lastEventData(t, d); data["delivery"] != d.Raised[0].Number || data["date"] != models.FormatDate(day) {
		t.Fatalf("exchange event: %v", data)
	}
	nd, err := a.Ticket(d.Raised[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	nt := nd.Ticket
	if nd.From == nil || nd.From.ID != id || nt.Status != models.StatusNew || nt.ApptDate == nil || !models.CivilDate(*nt.ApptDate).Equal(models.CivilDate(day)) || nt.ApptHalf != models.PM {
		t.Fatalf("delivery: from %+v %s %v %s", nd.From, nt.Status, nt.ApptDate, nt.ApptHalf)
	}
	if len(nd.DeliveryItems) != 1 || nd.DeliveryItems[0].PurchaseID == nil || *nd.DeliveryItems[0].PurchaseID != f.wardr.ID || nd.DeliveryItems[0].Product != "衣柜" {
		t.Fatalf("delivery items: %+v", nd.DeliveryItems)
	}
	if len(nd.Checks) == 0 || nt.ChecklistName != "checklist.name.furniture" || nt.Request != "换同款新柜" || nd.Due == nil || nd.Due.Rule != models.DueCrew {
		t.Fatalf("delivery checklist %d %q request %q due %+v", len(nd.Checks), nt.ChecklistName, nt.Request, nd.Due)
	}
	if nd.Events[0].Action != models.ActCreate || !strings.Contains(nd.Events[0].Data, d.Ticket.Number) {
		t.Fatalf("delivery timeline: %+v", nd.Events[0])
	}
}

func TestReturnIntakeProblems(t *testing.T) {
	f := newReturnFixture(t)
	a := f.a
	f.as(t, f.clerk)
	cases := []struct {
		name  string
		in    IntakeInput
		field string
	}{
		{"no purchase", IntakeInput{Return: ReturnInput{Type: models.ReturnRefund, Reason: "x"}}, "purchase"},
		{"no type", IntakeInput{PurchaseID: f.sofa.ID, Return: ReturnInput{Reason: "x"}}, "return_type"},
		{"no reason", IntakeInput{PurchaseID: f.sofa.ID, Return: ReturnInput{Type: models.ReturnRefund}}, "return_reason"},
		{"gifts kept, no price", IntakeInput{PurchaseID: f.sofa.ID, Return: ReturnInput{Type: models.ReturnRefund, Reason: "x", Gifts: models.GiftsKept}}, "gift_price"},
		{"gifts kept, bad price", IntakeInput{PurchaseID: f.sofa.ID, Return: ReturnInput{Type: models.ReturnRefund, Reason: "x", Gifts: models.GiftsKept, GiftPrice: "八十"}}, "gift_price"},
	}
	for _, c := range cases {
		c.in.CustomerID, c.in.Kind = f.c.ID, models.KindReturn
		_, err := a.CreateTicket(c.in)
		if models.AsFieldErrors(err).ForField(c.field) == nil {
			t.Errorf("%s: no problem on %s: %v", c.name, c.field, err)
		}
		if n := len(models.AsFieldErrors(err)); c.name == "gifts kept, bad price" && n != 1 {
			t.Errorf("%s: %d problems, want the one about the price: %v", c.name, n, err)
		}
	}
	var n int64
	a.db.Model(&models.Ticket{}).Where("kind = ?", models.KindReturn).Count(&n)
	if n != 0 {
		t.Fatalf("%d returns created from bad forms", n)
	}
}
