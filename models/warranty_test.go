package models

import (
	"testing"
	"time"
)

func TestWarrantyOn(t *testing.T) {
	cases := []struct {
		name     string
		bought   time.Time
		months   int
		now      time.Time
		state    WarrantyState
		expiry   time.Time
		daysLeft int
	}{
		{"plain year", day(2025, 3, 15), 12, day(2025, 6, 1), WarrantyIn, day(2026, 3, 14), 286},
		{"month-end clamps", day(2026, 1, 31), 1, day(2026, 2, 1), WarrantyExpiring, day(2026, 2, 27), 26},
		{"month-end clamps in a leap year", day(2024, 1, 31), 1, day(2024, 2, 1), WarrantyExpiring, day(2024, 2, 28), 27},
		{"leap day plus 12 months", day(2024, 2, 29), 12, day(2024, 3, 1), WarrantyIn, day(2025, 2, 27), 363},
		{"leap day plus 48 months", day(2024, 2, 29), 48, day(2024, 3, 1), WarrantyIn, day(2028, 2, 28), 1459},
		{"31 days left is not expiring", day(2025, 12, 1), 12, day(2026, 10, 30), WarrantyIn, day(2026, 11, 30), 31},
		{"30 days left is expiring", day(2025, 12, 1), 12, day(2026, 10, 31), WarrantyExpiring, day(2026, 11, 30), 30},
		{"last covered day", day(2025, 12, 1), 12, day(2026, 11, 30), WarrantyExpiring, day(2026, 11, 30), 0},
		{"day after expiry", day(2025, 12, 1), 12, day(2026, 12, 1), WarrantyExpired, day(2026, 11, 30), -1},
		{"long expired", day(2016, 5, 1), 36, day(2026, 11, 23), WarrantyExpired, day(2019, 4, 30), -2764},
		{"clock time and zone do not matter", day(2025, 12, 1), 12, time.Date(2026, 11, 30, 23, 59, 0, 0, time.FixedZone("CST", 8*3600)), WarrantyExpiring, day(2026, 11, 30), 0},
		{"bought today", day(2026, 11, 23), 72, time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), WarrantyIn, day(2032, 11, 22), 2191},
	}
	for _, c := range cases {
		w := WarrantyOn(c.bought, c.months, c.now)
		if w.State != c.state || !w.Expiry.Equal(c.expiry) || w.DaysLeft != c.daysLeft {
			t.Errorf("%s: %+v; want %s, expiry %s, %d days", c.name, w, c.state, FormatDate(c.expiry), c.daysLeft)
		}
		if w.Covered() != (c.state == WarrantyIn || c.state == WarrantyExpiring) {
			t.Errorf("%s: Covered = %v", c.name, w.Covered())
		}
	}
	for _, months := range []int{0, -12} {
		if w := WarrantyOn(day(2026, 1, 1), months, day(2026, 1, 2)); w.State != WarrantyNone || w.Covered() || !w.Expiry.IsZero() {
			t.Errorf("%d months: %+v", months, w)
		}
	}
	if w := WarrantyOn(time.Time{}, 12, day(2026, 1, 2)); w.State != WarrantyNone {
		t.Errorf("no purchase date: %+v", w)
	}
	p := Purchase{PurchaseDate: day(2026, 1, 1), WarrantyMonths: 12}
	if w := p.Warranty(day(2026, 6, 1)); w.State != WarrantyIn {
		t.Errorf("Purchase.Warranty: %+v", w)
	}
}
