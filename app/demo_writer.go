package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"strings"
)

// The demo's writer: one connection of its own that inserts the rows the
// generators hand it (demoWrite), in large transactions, while they
// generate the next ones on the other core.
//
// Into a database that was empty before the demo started (and for a run
// big enough to matter, demoFastMin) it writes without a journal and
// without waiting for the disk (journal_mode=OFF, synchronous=OFF): if the
// run dies half way there is nothing of value to lose, only a file to
// delete. The WAL and its checkpoints would otherwise write every page
// twice. Leaving WAL mode needs the file to itself, so the App's other
// connections are closed for the load (the pool's idle ones and the
// search index's) and come back afterwards. At the end the report indexes
// are built in one pass (demoLateIndexes), the file goes back to WAL and
// is synced to disk. A file that had data keeps the app's safe settings
// (WAL, synchronous=NORMAL) throughout. docs/performance.md has the
// measurements.

// demoFastMin is the smallest run (customers and tickets together) that
// writes an empty database without a journal; smaller ones take a second
// or two either way.
var demoFastMin = 20000

// demoWroteFast, when set (by tests), learns whether a demo was written
// without a journal.
var demoWroteFast func(bool)

// demoLateIndexes are built after a fast load, in one sorted pass each,
// instead of row by row during it: indexes whose keys do not follow the
// order the rows are written in (a customer's or a purchase's id lands on
// a random page of the index: measured 4–5 µs an insert at a million
// rows, against 1–2 µs for a key written in order and about 1.5 s to
// build a million-row index afterwards), and the month report's wide
// covering indexes (store.go searchIndexes).
var demoLateIndexes = []string{
	"idx_tickets_open", "idx_tickets_kind_done", "idx_tickets_reported_cover", "idx_tickets_appt_cover",
	"idx_tickets_customer_id", "idx_tickets_purchase_id", "idx_follow_ups_customer_id",
	"idx_delivery_items_purchase_id", "idx_purchases_customer_id", "idx_purchases_serial",
	"idx_phones_number", "idx_phones_number_customer", "idx_phones_tail", "idx_phones_customer_id", "idx_addresses_customer_id",
	"idx_customers_name", "idx_customers_name_pinyin", "idx_customers_name_initials", "idx_customers_recent",
}

// demoWriter is the writer's connection and what it changed.
type demoWriter struct {
	a       *App
	ctx     context.Context
	db      *sql.DB
	conn    *sql.Conn
	fast    bool
	late    []string // CREATE statements of the indexes dropped for the load
	release func()   // gives the App its connections back
}

// demoEmpty reports whether the database has no customers, purchases,
// staff or tickets yet.
func (a *App) demoEmpty() (bool, error) {
	for _, table := range []string{"customers", "purchases", "staff", "tickets"} {
		var n int64
		if err := a.db.Raw("SELECT count(*) FROM (SELECT 1 FROM " + table + " LIMIT 1) AS t").Scan(&n).Error; err != nil {
			return false, fmt.Errorf("demo: %w", err)
		}
		if n > 0 {
			return false, nil
		}
	}
	return true, nil
}

// openDemoWriter opens the writer's connection; fast: the database was
// empty, write it without a journal (see above). When the App's
// connections cannot all be closed (another part of the program is using
// the database), it writes with the safe settings instead.
func (a *App) openDemoWriter(fast bool) (*demoWriter, error) {
	w := &demoWriter{a: a, ctx: context.Background()}
	// Without SQLite's per-call mutex: only the writer's goroutine uses
	// this connection, and a million tickets make a hundred million calls.
	db, err := sql.Open("sqlite3", dsn(a.path)+"&_mutex=no")
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	db.SetMaxOpenConns(1)
	w.db = db
	if w.conn, err = db.Conn(w.ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("demo: %w", err)
	}
	// Most of a transaction's new pages stay in memory until it commits
	// (the default cache is 2 MB). Measured: 512 MB is as fast as 1.5 GB.
	if _, err := w.conn.ExecContext(w.ctx, "PRAGMA cache_size = -524288"); err != nil {
		w.close(false)
		return nil, fmt.Errorf("demo: %w", err)
	}
	if fast {
		w.goFast()
	}
	if demoWroteFast != nil {
		demoWroteFast(w.fast)
	}
	return w, nil
}

// goFast closes the App's other connections and switches the file to no
// journal; it stays in WAL mode when that is refused.
func (w *demoWriter) goFast() {
	a := w.a
	sqlDB, err := a.db.DB()
	if err != nil {
		return
	}
	s := a.search
	if s != nil {
		s.sem <- struct{}{} // no build, refresh or version check meanwhile
		if s.conn != nil {
			s.conn.Close()
			s.conn = nil
		}
	}
	sqlDB.SetMaxIdleConns(0) // closes the idle ones
	w.release = func() {
		sqlDB.SetMaxIdleConns(2) // database/sql's default
		if s != nil {
			<-s.sem
		}
	}
	var mode string
	if err := w.conn.QueryRowContext(w.ctx, "PRAGMA journal_mode = OFF").Scan(&mode); err != nil || mode != "off" {
		w.release()
		w.release = nil
		return
	}
	if _, err := w.conn.ExecContext(w.ctx, "PRAGMA synchronous = OFF"); err != nil {
		return
	}
	w.fast = true
	for _, name := range demoLateIndexes {
		var q string
		if err := w.conn.QueryRowContext(w.ctx, "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", name).Scan(&q); err != nil {
			continue
		}
		if _, err := w.conn.ExecContext(w.ctx, `DROP INDEX "`+name+`"`); err == nil {
			w.late = append(w.late, q)
		}
	}
}

// write runs gen, which hands batches of rows to send, and the writer
// (demoWrite) side by side.
func (w *demoWriter) write(sinks []*demoSink, gen func(send func(*demoRows) bool, next func() *demoRows) error) error {
	// The generators make a hundred million short-lived values for a
	// million tickets; with the default GC target the collector takes a
	// third of the two cores. Raised for the bulk load only.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	batches := make(chan *demoRows, 3)
	free := make(chan *demoRows, 5)
	failed := make(chan struct{})
	werr := make(chan error, 1)
	go func() {
		err := demoWrite(w.ctx, w.conn, batches, free, sinks)
		if err != nil {
			close(failed)
			for range batches { // let the generator finish its send
			}
		}
		werr <- err
	}()
	send := func(b *demoRows) bool {
		select {
		case batches <- b:
			return true
		case <-failed:
			return false
		}
	}
	next := func() *demoRows {
		select {
		case b := <-free:
			b.reset()
			return b
		default:
			return &demoRows{}
		}
	}
	gerr := gen(send, next)
	close(batches)
	if err := <-werr; err != nil {
		return err
	}
	return gerr
}

// close ends the writer. After a fast load that went well it builds the
// indexes left for the end, switches the file back to WAL and syncs it;
// then the App gets its connections back.
func (w *demoWriter) close(ok bool) error {
	var err error
	if w.fast && ok {
		err = w.settle()
	}
	if w.conn != nil {
		w.conn.Close()
	}
	w.db.Close()
	if w.release != nil {
		w.release()
	}
	if w.fast && (!ok || err != nil) {
		return errors.Join(err, fmt.Errorf("demo: the database was empty before the demo and was written without a journal: delete %s and run the demo again", w.a.path))
	}
	return err
}

func (w *demoWriter) settle() error {
	// The sorter may use the second core for the index builds.
	w.conn.ExecContext(w.ctx, "PRAGMA threads = 2")
	for _, q := range w.late {
		if _, err := w.conn.ExecContext(w.ctx, q); err != nil {
			return fmt.Errorf("demo: index: %w", err)
		}
	}
	var mode string
	if err := w.conn.QueryRowContext(w.ctx, "PRAGMA journal_mode = WAL").Scan(&mode); err != nil || !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("demo: back to WAL mode: %q %v", mode, err)
	}
	if _, err := w.conn.ExecContext(w.ctx, "PRAGMA synchronous = NORMAL"); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	f, err := os.OpenFile(w.a.path, os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("demo: sync: %w", err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("demo: sync: %w", err)
	}
	return nil
}
