package app

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"
)

// Changes made by others (issue 10: "changes made on one PC appear on the
// others without a restart"). DataVersion is a number that changes after
// another connection — another PC, the command line — has committed; the
// window compares it every few seconds and reloads the screen shown when
// it moved, and the customer search index catches up with it before every
// search (searchindex.go).
//
//   - SQLite: PRAGMA data_version, read on one dedicated connection (its
//     value is per connection and changes with every commit of any other
//     connection, of this process or another).
//   - PostgreSQL: every Aftercare table has a statement trigger that sends
//     NOTIFY on a channel named after the schema; one connection LISTENs
//     and counts. A notification is delivered only after its transaction
//     committed, so a reader that saw the count move sees the rows. Our own
//     commits count too: the cost is one extra reload after a save.

// changeFeed counts notifications on a shared database.
//
// A count alone would lag: a notification arrives a moment after its
// commit, so a search right after this PC's own import could read the old
// count and miss the new rows (SQLite's data_version moves at the commit
// itself). version therefore sends a marker of its own on the channel and
// waits for it to come back: notifications arrive in commit order, so by
// then every commit made before the call has been counted.
type changeFeed struct {
	db      *gorm.DB // sends the markers
	url     string
	channel string
	id      string // marks this feed's markers
	n       atomic.Int64
	ctx     context.Context
	cancel  context.CancelFunc
	once    sync.Once
	ready   chan struct{} // closed once the first LISTEN is in place
	done    chan struct{}

	mu      sync.Mutex
	marker  int64
	waiters map[string]chan struct{}
}

// markerWait is how long version waits for its marker before it says
// "changed" anyway (the listening connection was lost meanwhile).
const markerWait = 3 * time.Second

func newChangeFeed(db *gorm.DB, rawURL, schema string) *changeFeed {
	ctx, cancel := context.WithCancel(context.Background())
	return &changeFeed{db: db, url: rawURL, channel: "aftercare:" + schema, id: uuid.NewString(), ctx: ctx, cancel: cancel,
		ready: make(chan struct{}), done: make(chan struct{}), waiters: map[string]chan struct{}{}}
}

// run keeps one listening connection, reconnecting after a loss; each
// (re)connection counts as a change, since anything may have been
// committed while nobody listened.
func (f *changeFeed) run() {
	defer close(f.done)
	readyOnce := sync.Once{}
	prefix := "marker:" + f.id + ":"
	for f.ctx.Err() == nil {
		conn, err := pgx.Connect(f.ctx, f.url)
		if err == nil {
			_, err = conn.Exec(f.ctx, "LISTEN "+quoteIdent(f.channel))
		}
		if err != nil {
			if conn != nil {
				conn.Close(context.Background())
			}
			f.n.Add(1)
			select {
			case <-f.ctx.Done():
			case <-time.After(2 * time.Second):
			}
			continue
		}
		f.n.Add(1)
		readyOnce.Do(func() { close(f.ready) })
		for {
			note, err := conn.WaitForNotification(f.ctx)
			if err != nil {
				break
			}
			switch {
			case strings.HasPrefix(note.Payload, prefix):
				f.mu.Lock()
				if ch, ok := f.waiters[note.Payload]; ok {
					close(ch)
					delete(f.waiters, note.Payload)
				}
				f.mu.Unlock()
			case strings.HasPrefix(note.Payload, "marker:"): // another PC's marker: no change
			default:
				f.n.Add(1)
			}
		}
		conn.Close(context.Background())
	}
	readyOnce.Do(func() { close(f.ready) })
}

// version is the count of commits seen, including every commit made
// before the call.
func (f *changeFeed) version(ctx context.Context) (int64, error) {
	f.once.Do(func() { go f.run() })
	select {
	case <-f.ready:
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	f.mu.Lock()
	f.marker++
	payload := fmt.Sprintf("marker:%s:%d", f.id, f.marker)
	ch := make(chan struct{})
	f.waiters[payload] = ch
	f.mu.Unlock()
	forget := func() {
		f.mu.Lock()
		delete(f.waiters, payload)
		f.mu.Unlock()
	}
	// Bookkeeping: the marker is no change of the shop's data (backup.go).
	if err := f.db.WithContext(context.WithValue(ctx, bookkeepingKey{}, true)).Exec("SELECT pg_notify(?, ?)", f.channel, payload).Error; err != nil {
		forget()
		return 0, err
	}
	select {
	case <-ch:
	case <-ctx.Done():
		forget()
		return 0, ctx.Err()
	case <-time.After(markerWait):
		forget()
		f.n.Add(1) // the listener may have missed something: say "changed"
	}
	return f.n.Load(), nil
}

func (f *changeFeed) close() {
	f.cancel()
	f.once.Do(func() { close(f.done) }) // never started
	<-f.done
}

// changeTriggers installs (again) the NOTIFY triggers on a shared
// database; they are not part of the portable schema, so a file copied
// in by move-to or restore gets them at its next start.
func changeTriggers(db *gorm.DB) error {
	stmts := []string{`CREATE OR REPLACE FUNCTION aftercare_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('aftercare:' || current_schema(), TG_TABLE_NAME);
	RETURN NULL;
END $$`}
	for _, m := range entities() {
		s, err := tableOf(db, m)
		if err != nil {
			return err
		}
		t := quoteIdent(s.Table)
		stmts = append(stmts,
			`DROP TRIGGER IF EXISTS aftercare_changes ON `+t,
			`CREATE TRIGGER aftercare_changes AFTER INSERT OR UPDATE OR DELETE ON `+t+` FOR EACH STATEMENT EXECUTE FUNCTION aftercare_notify()`)
	}
	// Bookkeeping: no change of the shop's data (backup.go).
	return db.WithContext(context.WithValue(context.Background(), bookkeepingKey{}, true)).Transaction(func(tx *gorm.DB) error {
		for _, q := range stmts {
			if err := tx.Exec(q).Error; err != nil {
				return fmt.Errorf("change notifications: %w", err)
			}
		}
		return nil
	})
}

// hasChangeTriggers reports whether every table has its trigger.
func hasChangeTriggers(db *gorm.DB) (bool, error) {
	var n int64
	err := db.Raw(`SELECT count(*) FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
		JOIN pg_namespace ns ON ns.oid = c.relnamespace
		WHERE tg.tgname = 'aftercare_changes' AND ns.nspname = current_schema()`).Scan(&n).Error
	return n == int64(len(entities())), err
}

// versionConn is the SQLite connection that reads data_version for the
// window (the search index has its own).
type versionConn struct {
	mu   sync.Mutex
	conn *sql.Conn
}

// DataVersion changes after a commit by another connection (another PC on
// a shared database; another process, such as the command line, on a
// file). The window reloads the screen shown when it moved.
func (a *App) DataVersion(ctx context.Context) (int64, error) {
	if a.feed != nil {
		return a.feed.version(ctx)
	}
	a.version.mu.Lock()
	defer a.version.mu.Unlock()
	if a.version.conn == nil {
		sqlDB, err := a.db.DB()
		if err != nil {
			return 0, err
		}
		conn, err := sqlDB.Conn(ctx)
		if err != nil {
			return 0, err
		}
		a.version.conn = conn
	}
	var v int64
	if err := a.version.conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
		if ctx.Err() == nil {
			a.version.conn.Close()
			a.version.conn = nil
		}
		return 0, err
	}
	return v, nil
}

func (a *App) closeVersion() {
	if a.feed != nil {
		a.feed.close()
	}
	a.version.mu.Lock()
	defer a.version.mu.Unlock()
	if a.version.conn != nil {
		a.version.conn.Close()
		a.version.conn = nil
	}
}
