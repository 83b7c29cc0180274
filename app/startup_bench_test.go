package app

import (
	"context"
	"os"
	"testing"
	"time"
)

// The window's start and every screen's first load on a real database
// file (docs/performance.md, "Issue 9: the whole app at scale"):
//
//	AFTERCARE_BENCH_DB=/path/a.db go test ./app -run '^$' -bench 'StartOnFile|ScreenLoadsOnFile' -benchtime 5x
//
// Use a copy: the window's open (StartOnFile) opens the file for writing,
// as the window does (it writes nothing to a database at the current schema).

// BenchmarkStartOnFile is Open as the window calls it: the fast check
// (the small tables), the schema version, and the sign-in screen's two
// queries; the full check and the search index are left for after the
// first frame. fullCheck is that background check alone.
func BenchmarkStartOnFile(b *testing.B) {
	path := benchFile(b)
	b.Run("open", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			a, err := Open(Options{Path: path, RequireSignIn: true, CheckLater: true})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := a.HasAccounts(); err != nil {
				b.Fatal(err)
			}
			if _, err := a.SignInList(); err != nil {
				b.Fatal(err)
			}
			a.Close()
		}
	})
	b.Run("fullCheck", func(b *testing.B) {
		a, err := Open(Options{Path: path, RequireSignIn: true, CheckLater: true})
		if err != nil {
			b.Fatal(err)
		}
		defer a.Close()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if err := a.QuickCheck(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkScreenLoadsOnFile is what each screen reads when it is shown,
// with the limits the screens ask for.
func BenchmarkScreenLoadsOnFile(b *testing.B) {
	path := benchFile(b)
	a, err := Open(Options{Path: path, Clock: time.Now, ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	ctx := context.Background()
	now := a.Now()
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	loads := []struct {
		name string
		load func() (int, error)
	}{
		{"today", func() (int, error) { r, err := a.Today(ctx, 0); return len(r), err }},
		{"followUpsDue", func() (int, error) { r, err := a.DueFollowUps(ctx, 0); return len(r), err }},
		{"ticketsFirstPage", func() (int, error) { r, err := a.ListTickets(ctx, TicketFilter{Limit: 50}); return len(r), err }},
		{"ticketsCountAll", func() (int, error) { n, err := a.CountTickets(ctx, TicketFilter{}); return int(n), err }},
		{"customersFirstPage", func() (int, error) {
			r, err := a.SearchCustomers(ctx, "", SearchOptions{Limit: 50})
			return len(r), err
		}},
		{"customersCount", func() (int, error) { n, err := a.CountCustomers(ctx, "", false); return int(n), err }},
		{"dispatchWeek", func() (int, error) { _, r, err := a.DispatchBoard(ctx, now, 7); return len(r), err }},
		{"ticketsToBook", func() (int, error) { r, err := a.TicketsToBook(ctx, 0); return len(r), err }},
		{"partsThisMonth", func() (int, error) {
			r, err := a.PartRequests(ctx, PartFilter{Limit: 501, From: month, To: now})
			return len(r), err
		}},
		{"partsAll", func() (int, error) { r, err := a.PartRequests(ctx, PartFilter{Limit: 501}); return len(r), err }},
		{"auditFirstPage", func() (int, error) { r, err := a.AuditLog(ctx, AuditFilter{Limit: 100}); return len(r), err }},
		{"staff", func() (int, error) { r, err := a.StaffList(true); return len(r), err }},
	}
	for _, l := range loads {
		b.Run(l.name, func(b *testing.B) {
			n := 0
			for i := 0; i < b.N; i++ {
				var err error
				if n, err = l.load(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n), "rows")
		})
	}
}

func benchFile(b *testing.B) string {
	path := os.Getenv("AFTERCARE_BENCH_DB")
	if path == "" {
		b.Skip("set AFTERCARE_BENCH_DB to a copy of a database file")
	}
	return path
}
