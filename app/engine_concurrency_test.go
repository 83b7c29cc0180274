package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"aftercare/models"
)

// TestConcurrentTicketsAndEdits (issue 10) runs on both engines: two App
// instances on one database (two PCs), several goroutines each, create
// tickets at once — every number unique, none lost — and then race to
// change the same ticket from the same loaded version: each round exactly
// one save wins and the other is refused with ErrConflict, so no update is
// lost silently.
func TestConcurrentTicketsAndEdits(t *testing.T) {
	a := newTestApp(t)
	b, err := Open(Options{Path: a.Path(), Clock: func() time.Time { return fixedNow }, Actor: "second PC"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	c := mustCreate(t, a, "张伟", "13800138000")
	techs := []*models.Staff{mustStaff(t, a, "李师傅", models.RoleTechnician), mustStaff(t, a, "王师傅", models.RoleTechnician), mustStaff(t, a, "赵师傅", models.RoleTechnician)}

	const perWorker = 8
	var mu sync.Mutex
	var numbers []string
	var errs []error
	var wg sync.WaitGroup
	for _, app := range []*App{a, b} {
		for range 3 {
			wg.Go(func() {
				for range perWorker {
					d, err := app.CreateTicket(IntakeInput{CustomerID: c.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "不制冷"})
					mu.Lock()
					if err != nil {
						errs = append(errs, err)
					} else {
						numbers = append(numbers, d.Ticket.Number)
					}
					mu.Unlock()
				}
			})
		}
	}
	wg.Wait()
	if len(errs) > 0 {
		t.Fatalf("%d creations failed, first: %v", len(errs), errs[0])
	}
	seen := map[string]bool{}
	for _, n := range numbers {
		if seen[n] {
			t.Fatalf("ticket number %s given twice", n)
		}
		seen[n] = true
	}
	var stored int64
	a.db.Model(&models.Ticket{}).Count(&stored)
	if len(numbers) != 6*perWorker || stored != int64(len(numbers)) {
		t.Fatalf("%d tickets created, %d stored, want %d", len(numbers), stored, 6*perWorker)
	}

	// The same ticket, changed from both PCs at once, round after round.
	id := numbersTicket(t, a, numbers[0])
	for round := range 8 {
		d, err := a.Ticket(id)
		if err != nil {
			t.Fatal(err)
		}
		v, cur := d.Ticket.Version, derefStr(d.Ticket.TechnicianID)
		var picks []string
		for _, s := range techs {
			if s.ID != cur {
				picks = append(picks, s.ID)
			}
		}
		action := models.ActReassign
		if cur == "" {
			action = models.ActAssign
		}
		results := make([]error, 2)
		start := make(chan struct{})
		for i, app := range []*App{a, b} {
			wg.Go(func() {
				<-start
				_, results[i] = app.Step(id, v, models.StepInput{Action: action, TechnicianID: picks[i], Reason: fmt.Sprintf("第%d轮", round)})
			})
		}
		close(start)
		wg.Wait()
		won := -1
		for i, err := range results {
			switch {
			case err == nil:
				if won >= 0 {
					t.Fatalf("round %d: both saves from version %d succeeded: one overwrote the other", round, v)
				}
				won = i
			case !errors.Is(err, ErrConflict):
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if won < 0 {
			t.Fatalf("round %d: both saves refused: %v", round, results)
		}
		after, err := b.Ticket(id)
		if err != nil {
			t.Fatal(err)
		}
		if after.Ticket.Version != v+1 || derefStr(after.Ticket.TechnicianID) != picks[won] {
			t.Fatalf("round %d: version %d technician %s, want %d and the winner's %s", round, after.Ticket.Version, derefStr(after.Ticket.TechnicianID), v+1, picks[won])
		}
	}
}

func numbersTicket(t *testing.T, a *App, number string) string {
	t.Helper()
	d, err := a.TicketByNumber(number)
	if err != nil {
		t.Fatal(err)
	}
	return d.Ticket.ID
}

// TestMoveToRoundTrip (issue 10): a demo database in a file moves to an
// empty PostgreSQL database and back into a new file, with the same
// number of rows in every table and the same month report at each step.
// It needs a server: AFTERCARE_TEST_PG (make test starts one).
func TestMoveToRoundTrip(t *testing.T) {
	if !onPostgres() {
		t.Skipf("no PostgreSQL server for this run: set %s (make test's second pass does)", envTestPG)
	}
	dir := t.TempDir()
	src, err := Open(Options{Path: filepath.Join(dir, "shop.db"), Clock: func() time.Time { return fixedNow }, Actor: "tester", file: true})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if _, err := src.Demo(DemoOptions{Customers: 300, Tickets: 3000, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	want, err := src.MonthReport(ctx, "2026-10")
	if err != nil {
		t.Fatal(err)
	}
	url := freshSchemaURL(t)
	counts, err := src.MoveTo(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	checkCounts(t, "file → server", counts)
	if _, err := src.MoveTo(ctx, url); err == nil {
		t.Fatal("a second move into a database with data was not refused")
	}
	pg, err := Open(Options{Path: url, Local: filepath.Join(dir, "pg.db"), Clock: func() time.Time { return fixedNow }, Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	if !pg.Postgres() {
		t.Fatal("the moved database did not open on the server")
	}
	compareReports(t, "on the server", want, pg)
	back := filepath.Join(dir, "back.db")
	counts2, err := pg.MoveTo(ctx, back)
	if err != nil {
		t.Fatal(err)
	}
	checkCounts(t, "server → file", counts2)
	if !reflect.DeepEqual(tableCounts(counts), tableCounts(counts2)) {
		t.Fatalf("counts differ: file → server %v, server → file %v", counts, counts2)
	}
	if _, err := os.Stat(back + ".part"); err == nil {
		t.Fatal("the scratch file was left behind")
	}
	f, err := Open(Options{Path: back, Clock: func() time.Time { return fixedNow }, Actor: "tester", file: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	compareReports(t, "back in a file", want, f)
	if _, err := pg.MoveTo(ctx, back); err == nil {
		t.Fatal("a move over an existing file was not refused")
	}
}

func checkCounts(t *testing.T, what string, counts []TableCount) {
	t.Helper()
	if len(counts) != len(entities()) {
		t.Fatalf("%s: %d tables counted, want %d", what, len(counts), len(entities()))
	}
	for _, c := range counts {
		if c.Source != c.Copy {
			t.Fatalf("%s: %s has %d rows, the copy %d", what, c.Table, c.Source, c.Copy)
		}
		if (c.Table == "tickets" || c.Table == "customers" || c.Table == "ticket_events") && c.Source == 0 {
			t.Fatalf("%s: no %s: the demo wrote none?", what, c.Table)
		}
	}
}

func tableCounts(counts []TableCount) map[string]int64 {
	m := map[string]int64{}
	for _, c := range counts {
		m[c.Table] = c.Copy
	}
	return m
}

// compareReports checks that the month report computed on got is the
// one computed on the source, figure by figure.
func compareReports(t *testing.T, where string, want *models.MonthReport, got *App) {
	t.Helper()
	r, err := got.MonthReport(context.Background(), want.Month)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Figures) != len(want.Figures) || len(r.Figures) == 0 {
		t.Fatalf("%s: %d figures, want %d", where, len(r.Figures), len(want.Figures))
	}
	tr := func(_, fallback string) string { return fallback }
	for i := range want.Figures {
		w, g := want.Figures[i], r.Figures[i]
		if w.Key != g.Key || w.ValueText(tr) != g.ValueText(tr) || w.DetailText(tr) != g.DetailText(tr) || w.PrevText(tr) != g.PrevText(tr) {
			t.Fatalf("%s: figure %s is %s (%s), want %s %s (%s)", where, g.Key, g.ValueText(tr), g.DetailText(tr), w.Key, w.ValueText(tr), w.DetailText(tr))
		}
	}
	if !reflect.DeepEqual(r.Staff, want.Staff) {
		t.Fatalf("%s: the per-staff lines differ:\n%+v\nwant\n%+v", where, r.Staff, want.Staff)
	}
	if !reflect.DeepEqual(r.Trend, want.Trend) {
		t.Fatalf("%s: the twelve-month trend differs:\n%+v\nwant\n%+v", where, r.Trend, want.Trend)
	}
}
