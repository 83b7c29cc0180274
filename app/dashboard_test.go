package app

import (
	"context"
	"testing"

	"aftercare/models"
)

// TestTicketRowsByIDKeepsOrderOnceEachAndCaps lists more tickets than the
// cap, in an order of its own with repeats and an unknown id: the rows
// come back in that order, each ticket once, at most TicketRowsCap, and
// total counts the distinct ids asked for.
func TestTicketRowsByIDKeepsOrderOnceEachAndCaps(t *testing.T) {
	a, _ := newSignInApp(t)
	if _, err := a.Demo(DemoOptions{Customers: 300, Tickets: TicketRowsCap + 400, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	var all []string
	if err := a.db.Model(&models.Ticket{}).Order("number DESC").Pluck("id", &all).Error; err != nil {
		t.Fatal(err)
	}
	if len(all) <= TicketRowsCap {
		t.Fatalf("the demo made %d tickets, not more than the cap", len(all))
	}
	ctx := context.Background()

	// A short list: its order (oldest number last, as asked), a repeat
	// and an unknown id.
	ask := []string{all[5], all[2], "no-such-ticket", all[9], all[2]}
	rows, total, err := a.TicketRowsByID(ctx, ask)
	if err != nil {
		t.Fatal(err)
	}
	if total != 4 || len(rows) != 3 {
		t.Fatalf("total %d, %d rows; want 4 distinct ids, 3 tickets", total, len(rows))
	}
	for i, id := range []string{all[5], all[2], all[9]} {
		if rows[i].ID != id || rows[i].Number == "" || rows[i].CustomerName == "" {
			t.Errorf("row %d: %+v, want ticket %s with its number and customer", i, rows[i], id)
		}
	}

	// Every ticket, twice: capped, first ones kept in order.
	rows, total, err = a.TicketRowsByID(ctx, append(append([]string{}, all...), all...))
	if err != nil {
		t.Fatal(err)
	}
	if total != len(all) || len(rows) != TicketRowsCap {
		t.Fatalf("total %d (want %d), %d rows (want the cap %d)", total, len(all), len(rows), TicketRowsCap)
	}
	for i := range rows {
		if rows[i].ID != all[i] {
			t.Fatalf("row %d is %s, want %s", i, rows[i].ID, all[i])
		}
	}

	// Only those who may read the month's figures list them.
	signInAs(t, a, staffWithPIN(t, a, "小刘", models.RoleCounter))
	if _, _, err := a.TicketRowsByID(ctx, all[:3]); models.AsFieldErrors(err).ForField("permission") == nil {
		t.Fatalf("a counter clerk listed a figure's tickets: %v", err)
	}
}
