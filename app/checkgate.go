package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"aftercare/models"
)

// The start-up check (issue 8: "every start runs a quick integrity check;
// a damaged database is never written to") on a database of ten years.
//
// SQLite's quick_check reads every page: 14 s for a 6 GB file in the page
// cache, about 50 s from disk. The window does not wait for that. With
// Options.CheckLater, Open runs a fast check instead (the file's header,
// the schema, a quick_check of the small tables the start reads), and the
// full quick_check runs off the UI goroutine once the window has drawn
// (StartCheck). Until it has passed, every write is refused in one place,
// the GORM callbacks registered by guardWrites, with "Checking the database,
// a moment…"; when it fails, every write stays refused and WaitCheck returns
// the *DamagedError that the start-up screen shows. The file is not written
// to in either case. A start that must migrate runs the full check first
// (checkBeforeWriting): the migration writes.
//
// Without CheckLater (the command line, tests) Open runs the full
// quick_check itself, as before, and the gate is open from the start.

// Check states; the zero value is "checked" (a new file, or a full check
// that Open ran itself).
type checkState int

const (
	checkPassed  checkState = iota
	checkPending            // the full check has not started
	checkRunning
	checkFailed
)

// checkGate holds the state of the full start-up check.
type checkGate struct {
	mu      sync.Mutex
	state   checkState
	err     error         // why it failed (a *DamagedError when damage was found)
	done    chan struct{} // closed when a pending check has ended
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	took    time.Duration
	stopped bool // the App is closing: no check starts any more
	// run is the full check; tests replace it to hold it open or fail it.
	run func(ctx context.Context) error
}

// startTables are read at start (the schema version, settings, the
// sign-in list) or hold the shop's configuration; they stay small however
// many years of tickets the file holds, so their quick_check costs
// milliseconds.
var startTables = []string{"app_meta", "settings", "staff", "ticket_counters", "checklist_templates", "conduct_rules", "month_closes"}

// ErrChecking is the refusal of a write while the start-up check runs.
var ErrChecking = models.NewFieldError("database", "err.database.checking",
	"Checking the database, a moment… Nothing was saved: try again in a few seconds.", nil)

// ErrCheckStopped: the App closed before its start-up check ended (the
// window was closed meanwhile); nothing was found.
var ErrCheckStopped = errors.New("the database was closed before its check ended")

// errCheckFailedWrites refuses writes after the check found a problem.
var errCheckFailedWrites = models.NewFieldError("database", "err.database.check_failed",
	"The database failed its check, so nothing can be saved. Close Aftercare and restore a backup when it starts.", nil)

// fastCheck is what a CheckLater start checks before the window: the
// file's header and schema (SQLite's first read refuses a file that is not
// a database, or shorter than its header says, as malformed), and
// quick_check of the small tables the start reads.
func (a *App) fastCheck() error {
	var have []string
	if err := a.db.Raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ?`, startTables).Scan(&have).Error; err != nil {
		return fmt.Errorf("quick check: read the schema: %w", err)
	}
	for _, t := range have {
		if err := quickCheckDB(context.Background(), a.db, t); err != nil {
			return err
		}
	}
	return nil
}

// quickCheckDB runs PRAGMA quick_check on db, of one table and its
// indexes when table is not "" (SQLite 3.33 and later), of the whole file
// otherwise. Damage is reported as errQuickCheckFailed.
func quickCheckDB(ctx context.Context, db *gorm.DB, table string) error {
	sql := "PRAGMA quick_check"
	if table != "" {
		sql = "PRAGMA quick_check(" + quoteIdent(table) + ")"
	}
	var res []string
	if err := db.WithContext(ctx).Raw(sql).Scan(&res).Error; err != nil {
		if isDamage(err) {
			return fmt.Errorf("%w: %w", errQuickCheckFailed, err)
		}
		return fmt.Errorf("quick check: %w", err)
	}
	if len(res) != 1 || res[0] != "ok" {
		return fmt.Errorf("%w: %s", errQuickCheckFailed, strings.Join(res, "; "))
	}
	return nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// asDamaged turns a failed check into the error Open and WaitCheck return:
// a *DamagedError when damage was found.
func (a *App) asDamaged(err error) error {
	if errors.Is(err, errQuickCheckFailed) || isDamage(err) {
		return &DamagedError{Path: a.path, Err: err}
	}
	return fmt.Errorf("open %s: %w", a.path, err)
}

// pendCheck leaves the full check for StartCheck.
func (a *App) pendCheck() {
	g := &a.check
	g.mu.Lock()
	defer g.mu.Unlock()
	g.state, g.done = checkPending, make(chan struct{})
	if g.run == nil {
		g.run = func(ctx context.Context) error { return quickCheckDB(ctx, a.db, "") }
	}
}

// StartCheck starts the full start-up check in the background when it is
// still to be done (the window calls it once it has drawn); it does
// nothing otherwise. Writes are refused until it has passed.
func (a *App) StartCheck() {
	g := &a.check
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.state != checkPending || g.stopped {
		return
	}
	g.state = checkRunning
	ctx, cancel := context.WithCancel(context.Background())
	g.cancel = cancel
	g.wg.Add(1)
	go a.runCheck(ctx, g.run)
	if a.search != nil {
		a.search.start() // left by Open for after the first frame
	}
}

func (a *App) runCheck(ctx context.Context, run func(context.Context) error) {
	g := &a.check
	defer g.wg.Done()
	start := time.Now()
	err := run(ctx)
	g.mu.Lock()
	defer g.mu.Unlock()
	g.took = time.Since(start)
	switch {
	case err == nil:
		g.state = checkPassed
	case ctx.Err() != nil:
		// Closed before the check ended: the state stays "not passed".
		g.state, g.err = checkFailed, fmt.Errorf("open %s: %w", a.path, ErrCheckStopped)
	default:
		g.state, g.err = checkFailed, a.asDamaged(err)
	}
	close(g.done)
}

// WaitCheck starts the full start-up check if it has not started and
// waits for it: nil when it passed (or there was nothing to check), the
// *DamagedError when it found damage, or why it could not run; ctx's error
// when ctx ends first.
func (a *App) WaitCheck(ctx context.Context) error {
	a.StartCheck()
	g := &a.check
	g.mu.Lock()
	done := g.done
	g.mu.Unlock()
	if done != nil {
		select {
		case <-done:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.err
}

// Checking reports whether the start-up check has yet to pass: the status
// bar says so, and writes are refused meanwhile.
func (a *App) Checking() bool {
	a.check.mu.Lock()
	defer a.check.mu.Unlock()
	return a.check.state == checkPending || a.check.state == checkRunning
}

// Checked reports whether the start-up check has passed (or there was
// nothing to check): the exit backup copies only a checked database.
func (a *App) Checked() bool {
	a.check.mu.Lock()
	defer a.check.mu.Unlock()
	return a.check.state == checkPassed
}

// CheckTook is how long the background check took (0 until it ended).
func (a *App) CheckTook() time.Duration {
	a.check.mu.Lock()
	defer a.check.mu.Unlock()
	return a.check.took
}

// Writable says whether a write may go ahead: nil once the start-up check
// has passed, ErrChecking while it runs, a refusal after it failed. Every
// statement that writes passes it (guardWrites); a writer that bypasses
// GORM (the demo generator's own connection) asks it first.
func (a *App) Writable() error {
	a.check.mu.Lock()
	defer a.check.mu.Unlock()
	switch a.check.state {
	case checkPassed:
		return nil
	case checkFailed:
		return errCheckFailedWrites
	}
	// A write before the window asked for the check (an App reopened
	// after a restore) starts it: it must end some time.
	if a.check.state == checkPending {
		go a.StartCheck()
	}
	return ErrChecking
}

// checkBeforeWriting runs a pending full check now, before the first
// write Open itself makes (a migration).
func (a *App) checkBeforeWriting() error {
	if !a.Checking() {
		return nil
	}
	return a.WaitCheck(context.Background())
}

// stopCheck stops a running check (Close) and waits for it to end.
func (a *App) stopCheck() {
	a.check.mu.Lock()
	a.check.stopped = true
	if a.check.state == checkPending { // never started: it never will
		a.check.state, a.check.err = checkFailed, fmt.Errorf("open %s: %w", a.path, ErrCheckStopped)
		close(a.check.done)
	}
	cancel := a.check.cancel
	a.check.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	a.check.wg.Wait()
}

// guardWrites refuses, before it reaches SQLite, every statement that
// would change the database while Writable refuses: creates, updates and
// deletes, and raw statements that write (Exec, and Raw(…).Scan of an
// INSERT … RETURNING).
func (a *App) guardWrites() error {
	gate := func(always bool) func(*gorm.DB) {
		return func(db *gorm.DB) {
			if db.Error != nil || db.DryRun {
				return
			}
			if !always && !writesSQL(db.Statement.SQL.String()) {
				return
			}
			if err := a.Writable(); err != nil {
				db.AddError(err)
			}
		}
	}
	cb := a.db.Callback()
	for _, err := range []error{
		cb.Create().Before("*").Register("checkgate:create", gate(true)),
		cb.Update().Before("*").Register("checkgate:update", gate(true)),
		cb.Delete().Before("*").Register("checkgate:delete", gate(true)),
		cb.Raw().Before("*").Register("checkgate:raw", gate(false)),
		cb.Row().Before("*").Register("checkgate:row", gate(false)),
		cb.Query().Before("*").Register("checkgate:query", gate(false)),
	} {
		if err != nil {
			return fmt.Errorf("open: %w", err)
		}
	}
	return nil
}

// writesSQL says whether a raw statement changes the database. Reads,
// PRAGMAs and VACUUM INTO (a copy elsewhere) do not; a plain VACUUM
// rewrites the file.
func writesSQL(sql string) bool {
	s := strings.TrimLeft(sql, " \t\r\n(")
	word := s
	if i := strings.IndexAny(s, " \t\r\n("); i >= 0 {
		word = s[:i]
	}
	switch strings.ToUpper(word) {
	case "", "SELECT", "PRAGMA", "EXPLAIN", "BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE", "VALUES":
		return false
	case "VACUUM":
		return !strings.Contains(strings.ToUpper(s), " INTO ")
	case "WITH":
		u := strings.ToUpper(s)
		for _, w := range []string{"INSERT ", "UPDATE ", "DELETE ", "REPLACE "} {
			if strings.Contains(u, w) {
				return true
			}
		}
		return false
	}
	return true
}
