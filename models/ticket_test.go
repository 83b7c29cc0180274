package models_test

import (
	"testing"
	"time"

	"aftercare/models"
)

func TestParseMoney(t *testing.T) {
	ok := []struct {
		in   string
		want models.Money
	}{
		{"120", 12000},
		{"120.5", 12050},
		{"120.50", 12050},
		{"120.05", 12005},
		{"1,200.00", 120000},
		{"¥80", 8000},
		{"￥80", 8000},
		{"80元", 8000},
		{" 85.50 ", 8550},
		{"１２０", 12000},       // full-width digits from a Chinese IME
		{"１，２００．５０", 120050}, // full-width comma and point
		{"0.05", 5},
		{"0.5", 50},
		{"0", 0},
		{"0.00", 0},
		{"007", 700},
		{"1234567", 123456700}, // beyond atoi's six digits
		{"999999999.99", 99999999999},
		{"999,999,999", 99999999900},
	}
	for _, c := range ok {
		got, err := models.ParseMoney(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseMoney(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	bad := []string{"", "  ", "¥", "元", "abc", "1.234", "-5", "+5", "1.", ".5", "1.2.3", "1e3", "12a", "1,2a",
		"1234567890", "10000000000", "99999999999999999999", "１.２３４", "5 块", "0x10"}
	for _, in := range bad {
		got, err := models.ParseMoney(in)
		if err == nil || got != 0 {
			t.Errorf("ParseMoney(%q) = %d, %v; want an error", in, got, err)
			continue
		}
		if err.Field != "amount" || err.Key != "err.money.format" || err.Error() == "" {
			t.Errorf("ParseMoney(%q) error %+v", in, err)
		}
	}
	t.Logf("%d good and %d bad amounts", len(ok), len(bad))
}

func TestMoneyYuan(t *testing.T) {
	cases := []struct {
		m    models.Money
		want string
	}{
		{0, "0.00"}, {5, "0.05"}, {50, "0.50"}, {100, "1.00"}, {12050, "120.50"}, {99999, "999.99"},
		{100000, "1,000.00"}, {123456789, "1,234,567.89"}, {100000000, "1,000,000.00"},
		{99999999999, "999,999,999.99"}, {-5, "-0.05"}, {-123456, "-1,234.56"},
	}
	for _, c := range cases {
		if got := c.m.Yuan(); got != c.want {
			t.Errorf("Money(%d).Yuan() = %q, want %q", c.m, got, c.want)
		}
		if c.m >= 0 {
			if back, err := models.ParseMoney(c.want); err != nil || back != c.m {
				t.Errorf("ParseMoney(%q) = %d, %v; want %d", c.want, back, err, c.m)
			}
		}
	}
}

// FuzzParseMoney: never panics; an accepted amount is not negative, and
// it formats and parses back to itself.
func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"120", "120.5", "1,200.00", "¥80", "１２０", "0.05", "abc", "1.234", "-5", "", "999999999.99", "9999999999", "１，２００．５０", "元", "1.", ".5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := models.ParseMoney(s)
		if err != nil {
			if m != 0 || err.Key != "err.money.format" {
				t.Fatalf("ParseMoney(%q) = %d, %+v", s, m, err)
			}
			return
		}
		if m < 0 || m > 99999999999 {
			t.Fatalf("ParseMoney(%q) = %d: out of range", s, m)
		}
		y := m.Yuan()
		back, err := models.ParseMoney(y)
		if err != nil || back != m {
			t.Fatalf("ParseMoney(%q) = %d → %q → %d, %v", s, m, y, back, err)
		}
	})
}

func TestFormatTicketNumber(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	cases := []struct {
		prefix string
		day    time.Time
		seq    int
		want   string
	}{
		{"WX", time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC), 7, "WX20261122-007"},
		{"WX", time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC), 1, "WX20261122-001"},
		{"WX", time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC), 999, "WX20261122-999"},
		{"WX", time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC), 1000, "WX20261122-1000"},
		{"DH", time.Date(2028, 2, 29, 9, 0, 0, 0, time.UTC), 42, "DH20280229-042"},
		// The day as the shop sees it: 23:30 in Beijing is 15:30 UTC.
		{"WX", time.Date(2026, 12, 31, 23, 30, 0, 0, cst), 3, "WX20261231-003"},
	}
	for _, c := range cases {
		if got := models.FormatTicketNumber(c.prefix, c.day, c.seq); got != c.want {
			t.Errorf("FormatTicketNumber(%q, %v, %d) = %q, want %q", c.prefix, c.day, c.seq, got, c.want)
		}
	}
	for k, want := range map[models.TicketKind]string{models.KindRepair: "WX", models.KindConsultation: "DH", "other": "WX"} {
		if got := k.NumberPrefix(); got != want {
			t.Errorf("%s.NumberPrefix() = %q, want %q", k, got, want)
		}
	}
}

func TestQuoteOf(t *testing.T) {
	line := func(unit, sched models.Money, qty int, charged bool) models.TicketItem {
		return models.TicketItem{Kind: models.ItemPart, Name: "x", Qty: qty, UnitPrice: unit, SchedulePrice: sched, Charged: charged}
	}
	cases := []struct {
		name          string
		items         []models.TicketItem
		total, sched  models.Money
		needsApproval bool
	}{
		{"none", nil, 0, 0, false},
		{"one at the schedule", []models.TicketItem{line(5000, 5000, 1, true)}, 5000, 5000, false},
		{"quantity", []models.TicketItem{line(17000, 17000, 3, true)}, 51000, 51000, false},
		{"uncharged lines excluded", []models.TicketItem{line(5000, 5000, 1, true), line(65000, 65000, 1, false)}, 5000, 5000, false},
		{"only uncharged", []models.TicketItem{line(65000, 65000, 2, false)}, 0, 0, false},
		{"no schedule price: own price", []models.TicketItem{line(3000, 0, 2, true)}, 6000, 6000, false},
		{"mixed", []models.TicketItem{line(4000, 5000, 1, true), line(3000, 0, 1, true), line(100, 100, 10, false)}, 7000, 8000, true},
		{"discount hidden by an unscheduled line", []models.TicketItem{line(8000, 10000, 1, true), line(10000, 0, 1, true)}, 18000, 20000, false},
		{"20% off", []models.TicketItem{line(8000, 10000, 1, true)}, 8000, 10000, true},
		{"exactly 10% off", []models.TicketItem{line(9000, 10000, 1, true)}, 9000, 10000, false},
		{"10.01% off", []models.TicketItem{line(8999, 10000, 1, true)}, 8999, 10000, true},
		{"10% off per unit, qty 3", []models.TicketItem{line(4500, 5000, 3, true)}, 13500, 15000, false},
	}
	for _, c := range cases {
		q := models.QuoteOf(c.items)
		if q.Total != c.total || q.ScheduleTotal != c.sched {
			t.Errorf("%s: QuoteOf = %+v, want total %d schedule %d", c.name, q, c.total, c.sched)
		}
		if got := q.NeedsApproval(models.DiscountLimitPercent); got != c.needsApproval {
			t.Errorf("%s: NeedsApproval = %v, want %v", c.name, got, c.needsApproval)
		}
		var sum models.Money
		for _, i := range c.items {
			sum += i.Total()
		}
		if sum != q.Total {
			t.Errorf("%s: sum of line totals %d ≠ quote %d", c.name, sum, q.Total)
		}
	}
	if (models.Quote{Total: 0, ScheduleTotal: 0}).NeedsApproval(10) {
		t.Error("an empty quote needs no approval")
	}
	if !(models.Quote{Total: 1, ScheduleTotal: 1000}).NeedsApproval(0) || (models.Quote{Total: 1000, ScheduleTotal: 1000}).NeedsApproval(0) {
		t.Error("limit 0: any discount needs approval, none does not")
	}
}
