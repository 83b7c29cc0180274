package app

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"

	"aftercare/models"
)

// The hot queries must be answered from indexes: a missing index fails
// here, not at a shop with ten years of tickets. Each app call below runs
// on a small demo database with a statement recorder; every SELECT it sent
// is explained with SQLite's EXPLAIN QUERY PLAN and must not scan a large
// table nor sort one in a temporary b-tree. SQLite plans from the schema
// (no ANALYZE statistics are kept), so a small database plans as a large
// one. The indexes are documented next to their queries (store.go
// searchIndexes, the gorm tags in models) and in docs/performance.md.

// bigTables grow with the years; the rest (staff, settings, catalogues)
// stay small and may be scanned.
var bigTables = []string{"tickets", "ticket_events", "customers", "phones", "addresses", "purchases",
	"payments", "ticket_items", "follow_ups", "crew_members", "conduct_records", "ticket_checks",
	"delivery_items", "contact_attempts", "audit_logs", "signatures"}

type planStmt struct {
	sql  string
	vars []any
}

// recordStatements registers a recorder on a's connection and returns a
// function that runs fn and hands back the SELECTs it sent.
func recordStatements(t *testing.T, a *App) func(fn func() error) []planStmt {
	t.Helper()
	var mu sync.Mutex
	var on bool
	var got []planStmt
	rec := func(db *gorm.DB) {
		mu.Lock()
		defer mu.Unlock()
		if on && !db.DryRun {
			got = append(got, planStmt{db.Statement.SQL.String(), append([]any(nil), db.Statement.Vars...)})
		}
	}
	cb := a.db.Callback()
	for _, err := range []error{
		cb.Query().After("gorm:query").Register("plan:record", rec),
		cb.Row().After("gorm:row").Register("plan:record", rec),
		cb.Raw().After("gorm:raw").Register("plan:record", rec),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return func(fn func() error) []planStmt {
		mu.Lock()
		got, on = nil, true
		mu.Unlock()
		err := fn()
		mu.Lock()
		on = false
		out := got
		mu.Unlock()
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
}

// plan explains one statement and returns the plan's lines.
func plan(t *testing.T, a *App, s planStmt) []string {
	t.Helper()
	rows, err := a.db.Raw("EXPLAIN QUERY PLAN "+s.sql, s.vars...).Rows()
	if err != nil {
		t.Fatalf("explain %s: %v", s.sql, err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, fmt.Sprintf("%d<%d %s", id, parent, detail))
	}
	return lines
}

// badPlanLine names what is wrong with a plan line of a statement, or "".
// Reading a whole large table is wrong; walking a whole index is wrong
// unless the statement stops after a page (LIMIT: the ticket list walks
// idx_tickets_list in its order). Sorting in a temporary b-tree is not
// checked: the plans sort a page or one customer's rows after an index
// has narrowed them.
func badPlanLine(sql, line string) string {
	limited := strings.Contains(strings.ToUpper(sql), " LIMIT ")
	for _, tb := range bigTables {
		i := strings.Index(line, "SCAN "+tb)
		if i < 0 {
			continue
		}
		rest := line[i+len("SCAN "+tb):]
		if rest != "" && rest[0] != ' ' {
			continue // another table whose name starts the same
		}
		switch {
		case !strings.Contains(rest, "INDEX"):
			return "reads the whole table " + tb
		case !limited:
			return "walks a whole index of " + tb
		}
	}
	return ""
}

func TestHotQueriesUseIndexes(t *testing.T) {
	sqliteOnly(t, "SQLite's EXPLAIN QUERY PLAN")
	a := newTestApp(t)
	if _, err := a.Demo(DemoOptions{Customers: 300, Tickets: 3000, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var tk models.Ticket
	if err := a.db.Where("kind = ? AND technician_id IS NOT NULL", models.KindDelivery).Order("reported_at DESC").First(&tk).Error; err != nil {
		t.Fatal(err)
	}
	var phone models.Phone
	if err := a.db.Where("customer_id = ?", tk.CustomerID).First(&phone).Error; err != nil {
		t.Fatal(err)
	}
	month := models.MonthOf(fixedNow.AddDate(0, -1, 0))
	run := recordStatements(t, a)
	calls := []struct {
		name string
		fn   func() error
	}{
		{"ticket list, first page", func() error { _, err := a.ListTickets(ctx, TicketFilter{}); return err }},
		{"ticket list, open", func() error { _, err := a.ListTickets(ctx, TicketFilter{OpenOnly: true}); return err }},
		{"ticket list, status", func() error {
			_, err := a.ListTickets(ctx, TicketFilter{Statuses: []models.Status{models.StatusScheduled}})
			return err
		}},
		{"ticket list, page 20", func() error { _, err := a.ListTickets(ctx, TicketFilter{Offset: 1000}); return err }},
		{"ticket list, a customer's", func() error { _, err := a.ListTickets(ctx, TicketFilter{CustomerID: tk.CustomerID}); return err }},
		{"ticket list, search phone", func() error { _, err := a.ListTickets(ctx, TicketFilter{Query: phone.Number}); return err }},
		{"ticket list, search last four", func() error {
			_, err := a.ListTickets(ctx, TicketFilter{Query: phone.Number[len(phone.Number)-4:]})
			return err
		}},
		{"ticket list, search number", func() error { _, err := a.ListTickets(ctx, TicketFilter{Query: tk.Number}); return err }},
		{"ticket count", func() error { _, err := a.CountTickets(ctx, TicketFilter{OpenOnly: true}); return err }},
		{"ticket detail", func() error { _, err := a.Ticket(tk.ID); return err }},
		{"today", func() error { _, err := a.Today(ctx, 0); return err }},
		{"dispatch board", func() error { _, _, err := a.DispatchBoard(ctx, fixedNow, 7); return err }},
		{"follow-up calls due", func() error { _, err := a.DueFollowUps(ctx, 100); return err }},
		{"month report", func() error { _, err := a.MonthReport(ctx, month); return err }},
	}
	usedIndexes := map[string]bool{}
	for _, c := range calls {
		stmts := run(c.fn)
		if len(stmts) == 0 {
			t.Errorf("%s: no statement recorded", c.name)
		}
		for _, s := range stmts {
			if !strings.HasPrefix(strings.TrimSpace(strings.ToUpper(s.sql)), "SELECT") {
				continue
			}
			for _, line := range plan(t, a, s) {
				if i := strings.Index(line, "USING "); i >= 0 {
					for _, f := range strings.Fields(line[i:]) {
						if strings.HasPrefix(f, "idx_") {
							usedIndexes[f] = true
						}
					}
				}
				bad := badPlanLine(s.sql, line)
				if bad == "" && c.name == "month report" && (strings.HasSuffix(line, "(status=?)") || strings.HasSuffix(line, "(kind=?)")) {
					// A month's figures read a month, never every ticket
					// of a kind or status of ten years.
					bad = "reads every ticket of one kind or status"
				}
				if bad == "" {
					continue
				}
				t.Errorf("%s %s:\n  %s\n  plan: %s", c.name, bad, trimSQL(s.sql), line)
			}
		}
	}
	// The month report's own indexes (store.go) are the ones it uses.
	for _, ix := range []string{"idx_tickets_open", "idx_tickets_kind_done", "idx_tickets_reported_cover", "idx_tickets_appt_cover", "idx_follow_ups_done_at"} {
		if !usedIndexes[ix] {
			t.Errorf("no hot query used %s", ix)
		}
	}
}

// A plan that reads tickets whole, or walks a whole index without a
// LIMIT, is caught: the check itself can fail.
func TestBadPlanLineCatchesAScan(t *testing.T) {
	sqliteOnly(t, "SQLite's EXPLAIN QUERY PLAN")
	a := newTestApp(t)
	for _, q := range []string{
		"SELECT * FROM tickets WHERE symptom = 'x'",
		"SELECT id FROM tickets INDEXED BY idx_tickets_list ORDER BY due_at IS NULL, due_at",
	} {
		bad := ""
		for _, l := range plan(t, a, planStmt{sql: q}) {
			if b := badPlanLine(q, l); b != "" {
				bad = b
			}
		}
		if bad == "" {
			t.Errorf("%s: not caught", q)
		}
	}
	q := "SELECT id FROM tickets INDEXED BY idx_tickets_list ORDER BY due_at IS NULL, due_at LIMIT 50"
	for _, l := range plan(t, a, planStmt{sql: q}) {
		if b := badPlanLine(q, l); b != "" {
			t.Errorf("a page of the list flagged: %s (%s)", b, l)
		}
	}
}

func trimSQL(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = s[:300] + fmt.Sprintf("… (%d chars)", len(s))
	}
	return s
}
