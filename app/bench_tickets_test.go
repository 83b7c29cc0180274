package app

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"aftercare/models"
)

// The ticket benchmarks share one database: the 100 000-customer
// benchmark database (bench_test.go) copied beside it, plus a 1 000 000
// ticket demo (seed 1), built once per `go test` process in the folder
// that TestMain removes. Each query is also run as the same SQL, with the
// same arguments, straight through database/sql on the same file: the
// floor the app's own overhead is measured against.
const benchTickets = 1000000

var (
	ticketBenchOnce sync.Once
	ticketBenchApp  *App
	ticketBenchSQL  *sql.DB
	ticketBenchErr  error
	// ticketBenchCapture switches the statement recorder on.
	ticketBenchCapture atomic.Bool
	ticketBenchStmts   []benchStmt
)

// benchStmt is one statement an app call ran, as GORM sent it.
type benchStmt struct {
	sql  string
	vars []any
}

func ticketBenchDB(b *testing.B) *App {
	b.Helper()
	base := benchDB(b) // skips in -short mode; makes benchDir
	ticketBenchOnce.Do(func() {
		path, err := base.vacuumInto(filepath.Join(benchDir, "tickets.db"))
		if err != nil {
			ticketBenchErr = err
			return
		}
		a, err := Open(Options{Path: path, Clock: func() time.Time { return fixedNow }})
		if err != nil {
			ticketBenchErr = err
			return
		}
		start := time.Now()
		res, err := a.Demo(DemoOptions{Tickets: benchTickets, Seed: 1})
		if err != nil {
			ticketBenchErr = err
			return
		}
		took := time.Since(start)
		st, _ := os.Stat(path)
		fmt.Fprintf(os.Stderr, "bench: %d staff, %d tickets, %d events in %v; database %d MB\n",
			res.Staff, res.Tickets, res.Events, took.Round(100*time.Millisecond), st.Size()>>20)
		rec := func(db *gorm.DB) {
			if ticketBenchCapture.Load() && !db.DryRun { // GORM builds subqueries in dry runs
				ticketBenchStmts = append(ticketBenchStmts, benchStmt{db.Statement.SQL.String(), append([]any(nil), db.Statement.Vars...)})
			}
		}
		cb := a.db.Callback()
		for _, err := range []error{
			cb.Query().After("gorm:query").Register("bench:record", rec),
			cb.Row().After("gorm:row").Register("bench:record", rec),
			cb.Raw().After("gorm:raw").Register("bench:record", rec),
		} {
			if err != nil {
				ticketBenchErr = err
				return
			}
		}
		ticketBenchApp = a
		ticketBenchSQL, ticketBenchErr = sql.Open("sqlite3", dsn(path))
	})
	if ticketBenchErr != nil {
		b.Fatal(ticketBenchErr)
	}
	return ticketBenchApp
}

// captureStmts runs fn once and returns the statements it sent.
func captureStmts(b *testing.B, fn func() error) []benchStmt {
	b.Helper()
	ticketBenchStmts = nil
	ticketBenchCapture.Store(true)
	err := fn()
	ticketBenchCapture.Store(false)
	if err != nil {
		b.Fatal(err)
	}
	if len(ticketBenchStmts) == 0 {
		b.Fatal("no statement recorded")
	}
	return ticketBenchStmts
}

// benchTicketQuery measures an app call ("app") against the same
// statements run through database/sql, prepared once, reading every
// column of every row ("sql").
func benchTicketQuery(b *testing.B, fn func() (int, error)) {
	ticketBenchDB(b)
	n := 0
	stmts := captureStmts(b, func() (err error) { n, err = fn(); return err })
	b.Run("app", func(b *testing.B) {
		for range b.N {
			if _, err := fn(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(n), "rows")
	})
	b.Run("sql", func(b *testing.B) {
		ctx := context.Background()
		prepared := make([]*sql.Stmt, len(stmts))
		for i, s := range stmts {
			st, err := ticketBenchSQL.PrepareContext(ctx, s.sql)
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			prepared[i] = st
		}
		b.ResetTimer()
		for range b.N {
			for i, st := range prepared {
				if err := drain(st.QueryContext(ctx, stmts[i].vars...)); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(len(stmts)), "statements")
	})
}

// drain reads every column of every row.
func drain(rows *sql.Rows, err error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]sql.RawBytes, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
	}
	return rows.Err()
}

func benchList(b *testing.B, f TicketFilter) {
	a := ticketBenchDB(b)
	benchTicketQuery(b, func() (int, error) {
		rows, err := a.ListTickets(context.Background(), f)
		return len(rows), err
	})
}

// BenchmarkTicketListFirstPageStatusFilter is the ticket list opened with
// a status filter: one status, and all open ones.
func BenchmarkTicketListFirstPageStatusFilter(b *testing.B) {
	b.Run("scheduled", func(b *testing.B) {
		benchList(b, TicketFilter{Statuses: []models.Status{models.StatusScheduled}})
	})
	b.Run("open", func(b *testing.B) { benchList(b, TicketFilter{OpenOnly: true}) })
}

// BenchmarkTicketListPage1000 is page 1 000 of the unfiltered list (50 a
// page, OFFSET 50 000), as the list pages today; "keyset" reads the same
// page after the last row of page 999 instead (the page lies among the
// tickets with nothing due, ordered newest first).
func BenchmarkTicketListPage1000(b *testing.B) {
	a := ticketBenchDB(b)
	const offset = 50000
	b.Run("offset", func(b *testing.B) { benchList(b, TicketFilter{Offset: offset}) })
	b.Run("keyset", func(b *testing.B) {
		ctx := context.Background()
		prev, err := a.ListTickets(ctx, TicketFilter{Offset: offset - 1, Limit: 1})
		if err != nil || len(prev) != 1 {
			b.Fatal("no row before the page", err)
		}
		last := prev[0]
		if last.DueAt != nil {
			b.Skip("page 1 000 is among the tickets with a due time; this keyset query covers the others")
		}
		keyset := func() ([]TicketRow, error) {
			var rows []TicketRow
			err := a.rowQuery(a.db.WithContext(ctx)).
				Where("(tickets.due_at IS NULL) = true AND tickets.due_at IS NULL AND (tickets.reported_at, tickets.id) < (?, ?)", last.ReportedAt, last.ID).
				Order("tickets.reported_at DESC, tickets.id DESC").Limit(50).Scan(&rows).Error
			return rows, err
		}
		want, err := a.ListTickets(ctx, TicketFilter{Offset: offset})
		if err != nil {
			b.Fatal(err)
		}
		got, err := keyset()
		if err != nil || len(got) != len(want) {
			b.Fatalf("keyset page: %d rows, want %d (%v)", len(got), len(want), err)
		}
		for i := range got {
			if got[i].ID != want[i].ID {
				b.Fatalf("keyset row %d is %s, the offset page has %s", i, got[i].Number, want[i].Number)
			}
		}
		benchTicketQuery(b, func() (int, error) {
			rows, err := keyset()
			return len(rows), err
		})
	})
}

// BenchmarkTicketDetail loads the ticket with the longest timeline.
func BenchmarkTicketDetail(b *testing.B) {
	a := ticketBenchDB(b)
	var longest struct {
		TicketID string
		N        int
	}
	// The longest timeline among a year of tickets (the whole table takes
	// seconds to group).
	err := a.db.Raw(`SELECT ticket_id, count(*) AS n FROM ticket_events WHERE ticket_id IN
		(SELECT id FROM tickets WHERE reported_at >= ?) GROUP BY ticket_id ORDER BY n DESC, ticket_id LIMIT 1`,
		fixedNow.AddDate(-1, 0, 0).UTC()).Scan(&longest).Error
	if err != nil || longest.TicketID == "" {
		b.Fatal("no ticket", err)
	}
	benchTicketQuery(b, func() (int, error) {
		d, err := a.Ticket(longest.TicketID)
		if err != nil {
			return 0, err
		}
		return len(d.Events), nil
	})
}

// BenchmarkToday is the Today board: overdue and due today.
func BenchmarkToday(b *testing.B) {
	a := ticketBenchDB(b)
	benchTicketQuery(b, func() (int, error) {
		items, err := a.Today(context.Background(), 0)
		return len(items), err
	})
}

// BenchmarkTicketSearchPhone searches the list by a customer's whole
// mobile number and by its last four digits.
func BenchmarkTicketSearchPhone(b *testing.B) {
	a := ticketBenchDB(b)
	var number string
	err := a.db.Raw(`SELECT phones.number FROM phones JOIN tickets ON tickets.customer_id = phones.customer_id
		WHERE phones.kind = ? AND phones.position = 0 ORDER BY tickets.reported_at DESC LIMIT 1`, models.PhoneMobile).Scan(&number).Error
	if err != nil || number == "" {
		b.Fatal("no customer with a mobile and tickets", err)
	}
	b.Run("full", func(b *testing.B) { benchList(b, TicketFilter{Query: number}) })
	b.Run("last4", func(b *testing.B) { benchList(b, TicketFilter{Query: number[len(number)-4:]}) })
}

// planRecorder records the statements of app calls on a test database,
// to show their EXPLAIN QUERY PLAN.
type planRecorder struct {
	a     *App
	on    bool
	stmts []benchStmt
}

func newPlanRecorder(t *testing.T, a *App) *planRecorder {
	r := &planRecorder{a: a}
	rec := func(db *gorm.DB) {
		if r.on && !db.DryRun {
			r.stmts = append(r.stmts, benchStmt{db.Statement.SQL.String(), append([]any(nil), db.Statement.Vars...)})
		}
	}
	cb := a.db.Callback()
	if err := cb.Query().After("gorm:query").Register("plan:record", rec); err != nil {
		t.Fatal(err)
	}
	if err := cb.Row().After("gorm:row").Register("plan:record", rec); err != nil {
		t.Fatal(err)
	}
	return r
}

// plans runs fn and returns the plan of each statement it sent.
func (r *planRecorder) plans(t *testing.T, fn func() error) []string {
	t.Helper()
	r.stmts, r.on = nil, true
	err := fn()
	r.on = false
	if err != nil {
		t.Fatal(err)
	}
	var plans []string
	for _, s := range r.stmts {
		rows, err := r.a.db.Raw("EXPLAIN QUERY PLAN "+s.sql, s.vars...).Rows()
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for rows.Next() {
			var id, parent, notUsed int
			var detail string
			if err := rows.Scan(&id, &parent, &notUsed, &detail); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, detail)
		}
		rows.Close()
		plans = append(plans, strings.Join(lines, "; "))
	}
	return plans
}

// fullScan reports whether a plan reads the whole tickets table.
func fullScan(plan string) bool {
	for _, step := range strings.Split(plan, "; ") {
		if step == "SCAN tickets" || strings.HasPrefix(step, "SCAN tickets USING") && !strings.Contains(step, "COVERING") {
			return true
		}
	}
	return false
}

// TestTicketQueriesUseIndexes fails when the list with a status filter or
// the Today board reads the whole tickets table, which at a million
// tickets takes far longer than their 20 ms and 50 ms budgets.
func TestTicketQueriesUseIndexes(t *testing.T) {
	sqliteOnly(t, "SQLite's EXPLAIN QUERY PLAN")
	a := newTestApp(t)
	if _, err := a.Demo(DemoOptions{Customers: 100, Tickets: 300, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	cases := []struct {
		name string
		fn   func() error
	}{
		{"list scheduled", func() error {
			_, err := a.ListTickets(ctx, TicketFilter{Statuses: []models.Status{models.StatusScheduled}})
			return err
		}},
		{"list open", func() error { _, err := a.ListTickets(ctx, TicketFilter{OpenOnly: true}); return err }},
		{"today", func() error { _, err := a.Today(ctx, 0); return err }},
	}
	r := newPlanRecorder(t, a)
	for _, c := range cases {
		plans := r.plans(t, c.fn)
		for _, p := range plans {
			if strings.Contains(p, "tickets") && fullScan(p) {
				t.Errorf("%s reads the whole tickets table: %s", c.name, p)
			}
		}
		t.Logf("%s: %s", c.name, strings.Join(plans, " || "))
	}
}

// TestListTicketsReadsLikeGORM compares each page ListTickets reads by
// hand (scanTicketRows) with the same statement read by GORM's Scan, as
// the list read it before: every column, NULLs included (no technician,
// nothing due, no appointment).
func TestListTicketsReadsLikeGORM(t *testing.T) {
	a := newTestApp(t)
	if _, err := a.Demo(DemoOptions{Customers: 100, Tickets: 300, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var noTech, noDue, due, noAppt, appt int
	for _, f := range []TicketFilter{
		{}, {OpenOnly: true}, {Statuses: []models.Status{models.StatusScheduled}},
		{Offset: 120, Limit: 100}, {Limit: 500}, {Query: "1"},
	} {
		got, err := a.ListTickets(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		limit := f.Limit
		if limit == 0 {
			limit = 50
		}
		page := a.ticketFilter(a.db.WithContext(ctx).Table("tickets").Select("tickets.id"), f).
			Order(ticketListOrder).Limit(limit).Offset(f.Offset)
		var want []TicketRow
		if err := a.rowQuery(a.db.WithContext(ctx)).Where("tickets.id IN (?)", page).
			Order(ticketListOrder).Scan(&want).Error; err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 || len(got) != len(want) {
			t.Fatalf("%+v: %d rows, GORM read %d", f, len(got), len(want))
		}
		for i := range got {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("%+v: row %d\n got %+v\nwant %+v", f, i, got[i], want[i])
			}
			r := got[i]
			for _, c := range []struct {
				n  *int
				ok bool
			}{{&noTech, r.Technician == ""}, {&noDue, r.DueAt == nil}, {&due, r.DueAt != nil}, {&noAppt, r.ApptDate == nil}, {&appt, r.ApptDate != nil}} {
				if c.ok {
					*c.n++
				}
			}
		}
	}
	if noTech == 0 || noDue == 0 || due == 0 || noAppt == 0 || appt == 0 {
		t.Fatalf("the pages lack a kind of row: %d without technician, %d/%d without/with a due time, %d/%d without/with an appointment",
			noTech, noDue, due, noAppt, appt)
	}
}

// BenchmarkMonthReport is the month-end report of issue 7 on the
// 1 000 000-ticket database: the last full month before the demo's "now"
// and a month in the middle of its ten years (where more tickets closed
// after the month's end are still open at it). It includes the previous
// month and the twelve months of the trend.
func BenchmarkMonthReport(b *testing.B) {
	a := ticketBenchDB(b)
	for _, month := range []string{"2026-10", "2021-06"} {
		b.Run(month, func(b *testing.B) {
			benchTicketQuery(b, func() (int, error) {
				r, err := a.MonthReport(context.Background(), month)
				if err != nil {
					return 0, err
				}
				return len(r.Tickets), nil
			})
		})
	}
}
