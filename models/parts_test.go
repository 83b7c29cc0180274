package models

import (
	"errors"
	"testing"
	"time"
)

var testPartCats = []PartCategory{
	{Key: "gloss_double", NameZH: "双面亮光板件", NameEN: "Double-sided gloss panels", MinDays: 10, MaxDays: 12},
	{Key: "gloss_single", NameZH: "单面亮光板件", NameEN: "Single-sided gloss panels", MinDays: 8, MaxDays: 10},
	{Key: "inner_glass", NameZH: "内桶板及玻璃", NameEN: "Inner panels and glass", MinDays: 2, MaxDays: 4},
	{Key: "hardware", NameZH: "五金", NameEN: "Hardware", MinDays: 2, MaxDays: 2},
}

func TestPartExpectedDateUsesUpperBound(t *testing.T) {
	// Late evening in the shop: the date counts, not the clock time.
	from := time.Date(2026, 12, 25, 22, 30, 0, 0, time.UTC)
	cases := []struct {
		key   string
		want  string
		shown string
	}{
		{"gloss_double", "2027-01-06", "10–12"},
		{"gloss_single", "2027-01-04", "8–10"},
		{"inner_glass", "2026-12-29", "2–4"},
		{"hardware", "2026-12-27", "2"},
	}
	for _, c := range cases {
		cat, ok := FindPartCategory(testPartCats, c.key)
		if !ok {
			t.Fatalf("%s not found", c.key)
		}
		if got := FormatDate(PartExpectedDate(from, cat)); got != c.want {
			t.Errorf("%s: expected %s, want %s", c.key, got, c.want)
		}
		if got := cat.LeadRange(); got != c.shown {
			t.Errorf("%s: range %q, want %q", c.key, got, c.shown)
		}
	}
	// Leap day.
	if got := FormatDate(PartExpectedDate(time.Date(2028, 2, 27, 9, 0, 0, 0, time.UTC), testPartCats[2])); got != "2028-03-02" {
		t.Errorf("leap year: %s", got)
	}
	if _, ok := FindPartCategory(testPartCats, "nope"); ok {
		t.Error("unknown category found")
	}
}

func TestCheckPartCategories(t *testing.T) {
	if err := CheckPartCategories(testPartCats); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	bad := []PartCategory{
		{Key: "a", NameZH: "甲", NameEN: "A", MinDays: 5, MaxDays: 3},
		{Key: "a", NameZH: "", NameEN: "B", MinDays: 1, MaxDays: 91},
		{Key: "c", NameZH: "丙", NameEN: "", MinDays: 0, MaxDays: 2},
	}
	err := CheckPartCategories(bad)
	var errs ValidationErrors
	if !errors.As(err, &errs) {
		t.Fatalf("want validation errors, got %v", err)
	}
	want := map[string]bool{"cat.0.days": true, "cat.1.key": true, "cat.1.name_zh": true, "cat.1.days": true, "cat.2.name_en": true, "cat.2.days": true}
	got := map[string]bool{}
	for _, e := range errs {
		got[e.Field] = true
	}
	for f := range want {
		if !got[f] {
			t.Errorf("no error on %s (got %v)", f, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("errors on %v, want %v", got, want)
	}
	if CheckPartCategories(nil) == nil {
		t.Error("an empty catalogue passed")
	}
}

func partTicket(st Status) *Ticket {
	return &Ticket{Kind: KindPart, Mode: ModePart, Status: st, ReportedAt: time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)}
}

func TestPartShipPaymentGate(t *testing.T) {
	price := []TicketItem{{Kind: ItemPart, Name: "门板", Qty: 1, UnitPrice: 17000, Charged: true}}
	cases := []struct {
		name       string
		chargeable bool
		items      []TicketItem
		paid       Money
		wantErr    string
	}{
		{"free part ships", false, nil, 0, ""},
		{"chargeable without a price line", true, nil, 0, "err.part.no_price"},
		{"chargeable unpaid", true, price, 0, "err.part.unpaid"},
		{"chargeable part-paid", true, price, 10000, "err.part.unpaid"},
		{"chargeable paid", true, price, 17000, ""},
		{"a charged line on a free part is still owed", false, price, 0, "err.part.unpaid"},
	}
	for _, c := range cases {
		tk := partTicket(StatusWarehoused)
		tk.PartChargeable = c.chargeable
		_, err := CheckStep(TicketState{Ticket: tk, Items: c.items, Paid: c.paid}, StepInput{Action: ActShipPart})
		if c.wantErr == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		var errs ValidationErrors
		if !errors.As(err, &errs) || errs[0].Key != c.wantErr {
			t.Errorf("%s: got %v, want %s", c.name, err, c.wantErr)
		}
	}
	// The gate is only on shipping: approving an unpaid chargeable part is fine.
	tk := partTicket(StatusRequested)
	tk.PartChargeable = true
	if _, err := CheckStep(TicketState{Ticket: tk, Items: price}, StepInput{Action: ActApprovePart}); err != nil {
		t.Errorf("approve: %v", err)
	}
}

func TestPartLateDue(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	exp := time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC)
	tk := partTicket(StatusInProduction)
	now := tk.ReportedAt
	tk.FirstContactAt, tk.StatusSince, tk.PartExpected = &now, now, &exp
	d, ok := NextDue(tk, DefaultDueRules, loc)
	if !ok || d.Rule != DuePartLate || !d.At.Equal(time.Date(2026, 11, 11, 0, 0, 0, 0, loc)) {
		t.Fatalf("due: %+v %v", d, ok)
	}
	if PartLate(tk, time.Date(2026, 11, 10, 23, 59, 0, 0, loc)) {
		t.Error("late on the expected day itself")
	}
	if !PartLate(tk, time.Date(2026, 11, 11, 8, 0, 0, 0, loc)) {
		t.Error("not late the day after")
	}
	tk.Status = StatusWarehoused
	if PartLate(tk, time.Date(2026, 12, 1, 8, 0, 0, 0, loc)) {
		t.Error("a warehoused part is not late")
	}
	// No category, no expected date: nothing to be late against.
	tk.Status, tk.PartExpected = StatusApproved, nil
	if _, ok := NextDue(tk, DefaultDueRules, loc); ok {
		t.Error("due without an expected date")
	}
	// Received: the job is done.
	tk.Status = StatusShipped
	tr, err := CheckStep(TicketState{Ticket: tk}, StepInput{Action: ActReceivePart})
	if err != nil {
		t.Fatal(err)
	}
	ApplyStep(tk, tr, StepInput{Action: ActReceivePart}, now)
	if tk.Status != StatusPartReceived || tk.RepairedAt == nil {
		t.Errorf("received: %s %v", tk.Status, tk.RepairedAt)
	}
}

func TestCheckUnpack(t *testing.T) {
	today := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	in := UnpackInput{PackageNo: " B-2211-07 ", Reason: "客户婚期临近", ApprovedBy: "王经理"}
	if err := CheckUnpack(&in, today); err != nil {
		t.Fatal(err)
	}
	if in.PackageNo != "B-2211-07" || FormatDate(in.RefillDue) != "2026-11-30" {
		t.Errorf("normalised: %+v", in)
	}
	// Without the marketing manager's approval it cannot go ahead.
	err := CheckUnpack(&UnpackInput{PackageNo: "B1", Reason: "急", RefillDue: today.AddDate(0, 0, -1)}, today)
	var errs ValidationErrors
	if !errors.As(err, &errs) {
		t.Fatalf("want errors, got %v", err)
	}
	got := map[string]bool{}
	for _, e := range errs {
		got[e.Key] = true
	}
	if !got["err.unpack.approver"] || !got["err.unpack.refill_past"] || len(got) != 2 {
		t.Errorf("errors: %v", got)
	}
	u := Unpack{RefillDue: CivilDate(today)}
	if u.RefillOverdue(today.Add(13 * time.Hour)) {
		t.Error("overdue on its due day")
	}
	if !u.RefillOverdue(today.AddDate(0, 0, 1)) {
		t.Error("not overdue the next day")
	}
	v := today
	u.RefilledAt = &v
	if u.RefillOverdue(today.AddDate(0, 0, 5)) {
		t.Error("a refilled package is overdue")
	}
}
