package models

import "time"

// WarrantyState is whether a purchase is covered today.
type WarrantyState string

// Warranty states.
const (
	WarrantyIn       WarrantyState = "in"       // covered, more than ExpiringDays left
	WarrantyExpiring WarrantyState = "expiring" // covered, ExpiringDays or fewer left
	WarrantyExpired  WarrantyState = "expired"
	WarrantyNone     WarrantyState = "none" // no warranty given (0 months)
)

// ExpiringDays is how close to its end a warranty is shown as "expires soon".
const ExpiringDays = 30

// Warranty is a purchase's warranty on a given day.
type Warranty struct {
	State    WarrantyState
	Expiry   time.Time // the last covered day
	DaysLeft int       // days after today still covered; negative once expired
}

// Covered reports whether a repair today is free (保内).
func (w Warranty) Covered() bool { return w.State == WarrantyIn || w.State == WarrantyExpiring }

// WarrantyOn computes the warranty of a purchase on the day of now. A
// warranty of N months from 15 March covers up to and including 14 March N
// months later; month ends clamp (31 Jan + 1 month ends on 27/28 Feb).
func WarrantyOn(purchaseDate time.Time, months int, now time.Time) Warranty {
	if months <= 0 || purchaseDate.IsZero() {
		return Warranty{State: WarrantyNone}
	}
	expiry := AddMonthsClamped(CivilDate(purchaseDate), months).AddDate(0, 0, -1)
	left := DaysBetween(now, expiry)
	w := Warranty{Expiry: expiry, DaysLeft: left}
	switch {
	case left < 0:
		w.State = WarrantyExpired
	case left <= ExpiringDays:
		w.State = WarrantyExpiring
	default:
		w.State = WarrantyIn
	}
	return w
}

// Warranty returns the purchase's warranty on the day of now.
func (p *Purchase) Warranty(now time.Time) Warranty {
	return WarrantyOn(p.PurchaseDate, p.WarrantyMonths, now)
}
