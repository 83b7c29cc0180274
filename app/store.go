package app

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"aftercare/models"
)

// SchemaVersion is the version of the database layout this build writes.
// Raise it with every migration step in migrations below.
const SchemaVersion = 7

// EnvDB names the environment variable that overrides the database path.
const EnvDB = "AFTERCARE_DB"

// App is the opened shop database and the use cases on it.
type App struct {
	db    *gorm.DB
	path  string // the SQLite file; on PostgreSQL, the local name whose folder holds backups, prints and slips
	pg    bool   // a shared PostgreSQL database (engine.go)
	url   string // its URL, password included: never shown (Location)
	clock func() time.Time
	actor string // the system session's name
	// auth is who is signed in, and the wrong-PIN counters (auth.go).
	auth authState
	// lastAudit keeps audit times strictly increasing, so a history lists
	// changes in the order they were made even when the clock stands still.
	lastAudit time.Time
	auditMu   sync.Mutex
	// settings caches the service rules and fee schedule (rules.go).
	settings settingsCache
	// search is the in-memory customer search index (searchindex.go).
	search *searchIndex
	// MigrationBackup is the copy taken before this start migrated the
	// database, or "" when no migration was needed.
	MigrationBackup string
	// StaleLock is what a process that ended without closing (a crash, a
	// power cut) had written in the lock file; this start took the lock
	// over (lock.go). nil normally.
	StaleLock *LockInfo

	opts       Options             // how it was opened: a restore reopens the same way
	lock       *dbLock             // the writer's lock (lock.go); nil unless Options.Lock
	closeOnce  sync.Once           // Close runs once, however often it is called
	closeErr   error               // what the first Close returned
	replacedBy atomic.Pointer[App] // the App a restore reopened (restore.go)
	backupMu   sync.Mutex          // one automatic backup at a time (start and exit may overlap)
	written    atomic.Bool         // something was written since the last automatic backup
	check      checkGate           // the full start-up check and the write gate (checkgate.go)
	feed       *changeFeed         // a shared database's change notifications (changes.go)
	version    versionConn         // SQLite's data_version for the window (changes.go)
}

// Options are the dependencies of Open.
type Options struct {
	// Path is the SQLite file, created with its folder if missing, or the
	// postgres:// URL of a shared database (engine.go).
	Path string
	// Local, on a shared database only: a file name whose folder holds this
	// PC's automatic backups, prints and slips (no file of that name is
	// written). Empty: the config folder/Aftercare/shared/DB@HOST.db.
	Local string
	Clock func() time.Time // nil means time.Now; tests inject a fixed clock
	Actor string           // who acts, recorded in the audit log ("" = "system")
	// RequireSignIn: nobody acts until a person signs in (the window).
	// Without it the App acts as a system session named Actor (the command
	// line, tests).
	RequireSignIn bool
	// Lock takes the one-writer lock (lock.go): a second Open with Lock on
	// the same file, here or on another PC, is refused with a *LockedError.
	// The window and the writing commands set it.
	Lock bool
	// ReadOnly opens an existing database for reading only, without the
	// lock, so it works while the window has the file open (export,
	// print, backup…). It neither migrates nor writes: an older schema is
	// refused with a message to start Aftercare once.
	ReadOnly bool
	// CheckLater (the window): Open checks the header, the schema and the
	// small tables only, and the full quick_check runs in the background
	// once StartCheck is called; writes are refused until it has passed
	// (checkgate.go). Without it Open runs the full quick_check itself.
	CheckLater bool
	// file: a SQLite file even in the app tests' PostgreSQL pass (the
	// demo's scratch file, engine_test.go).
	file bool
}

// ErrNewerSchema is returned when the database was written by a newer
// version of Aftercare; opening it here could lose data.
type ErrNewerSchema struct{ Found, Supported int }

func (e *ErrNewerSchema) Error() string {
	return fmt.Sprintf("this database was written by a newer version of Aftercare (schema %d; this version understands up to %d): install the newer version", e.Found, e.Supported)
}

// DefaultDBPath is where the shop's database lives unless --db or
// AFTERCARE_DB say otherwise: the user's config folder/Aftercare.
func DefaultDBPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no user config folder: %w", err)
	}
	return filepath.Join(dir, "Aftercare", "aftercare.db"), nil
}

// ResolveDBPath picks the database path: the flag, then the environment,
// then this PC's saved choice (dbchoice.go), then the default.
// A postgres:// URL is returned as it is.
func ResolveDBPath(flag string) (string, error) {
	if IsPostgresURL(flag) {
		return strings.TrimSpace(flag), nil
	}
	if flag != "" {
		return filepath.Abs(flag)
	}
	if env := os.Getenv(EnvDB); IsPostgresURL(env) {
		return strings.TrimSpace(env), nil
	} else if env != "" {
		return filepath.Abs(env)
	}
	if saved, err := LoadDatabaseChoice(); err != nil || saved != "" {
		return saved, err
	}
	return DefaultDBPath()
}

// dsn opens SQLite with WAL, foreign keys, a busy timeout and immediate
// write transactions. They go in the DSN because a PRAGMA run through Exec
// reaches only one pooled connection.
func dsn(path string) string {
	return "file:" + (&url.URL{Path: filepath.ToSlash(path)}).EscapedPath() +
		"?_journal_mode=WAL&_busy_timeout=5000&_foreign_keys=on&_txlock=immediate&_synchronous=NORMAL"
}

// readOnlyDSN opens for reading only: SQLite refuses every write, and a
// transaction does not take the write lock. (VACUUM INTO still works.)
func readOnlyDSN(path string) string {
	return "file:" + (&url.URL{Path: filepath.ToSlash(path)}).EscapedPath() + "?mode=ro&_busy_timeout=5000&_foreign_keys=on"
}

// Open opens (creating if needed) the database at opts.Path, refuses one
// written by a newer version, backs it up before migrating, and migrates.
func Open(opts Options) (*App, error) {
	if openHook != nil && !opts.file {
		openHook(&opts)
	}
	if opts.Path == "" {
		return nil, errors.New("open: no database path")
	}
	a := &App{path: opts.Path, clock: opts.Clock, actor: opts.Actor, opts: opts}
	if a.clock == nil {
		a.clock = time.Now
	}
	if IsPostgresURL(opts.Path) {
		return a.openShared(opts)
	}
	_, statErr := os.Stat(opts.Path)
	existed := statErr == nil
	source := dsn(opts.Path)
	switch {
	case opts.ReadOnly && !existed:
		return nil, fmt.Errorf("open: no database at %s: %w", opts.Path, classifyStorage(statErr, opts.Path))
	case opts.ReadOnly:
		source = readOnlyDSN(opts.Path)
	default:
		if err := os.MkdirAll(filepath.Dir(opts.Path), 0o755); err != nil {
			return nil, describeStorage(err, filepath.Dir(opts.Path), "open: create the database folder")
		}
	}
	if opts.Lock && !opts.ReadOnly {
		l, stale, err := acquireLock(opts.Path, a.clock())
		if err != nil {
			return nil, err
		}
		a.lock, a.StaleLock = l, stale
	}
	db, err := gorm.Open(newStorageDialector(source, opts.Path), a.gormConfig())
	if err != nil {
		a.lock.release()
		if isDamage(err) {
			return nil, &DamagedError{Path: opts.Path, Err: err}
		}
		return nil, describeStorage(err, opts.Path, "open %s", opts.Path)
	}
	a.db = db
	if err := a.setUp(); err != nil {
		a.lock.release()
		return nil, err
	}
	// A damaged file is never written to: check it before migrating. The
	// window checks the parts it reads now and the rest in the background,
	// refusing writes until then (checkgate.go).
	if existed {
		check := a.QuickCheck
		if opts.CheckLater && !opts.ReadOnly {
			check = a.fastCheck
		}
		if err := check(); err != nil {
			a.Close()
			return nil, a.asDamaged(err)
		}
		if opts.CheckLater && !opts.ReadOnly {
			a.pendCheck()
		}
	}
	if opts.ReadOnly {
		if err := a.checkReadableSchema(); err != nil {
			a.Close()
			return nil, err
		}
	} else if err := a.migrate(existed); err != nil {
		a.Close()
		return nil, err
	}
	// Built in the background: opening (the window's cold start) does not
	// wait for it; the first search does. With the check left for later,
	// StartCheck starts it too, after the window's first frame: the build
	// reads 100 000 customers, and its memory and CPU would otherwise add to
	// the first frame's (docs/performance.md, issue 9).
	a.search = newSearchIndex(db)
	if !a.Checking() {
		a.search.start()
	}
	return a, nil
}

// openHook lets the app tests run on PostgreSQL (engine_test.go): it may
// turn a test's file path into the URL of a fresh schema. nil otherwise.
var openHook func(*Options)

// gormConfig is how both engines are opened.
func (a *App) gormConfig() *gorm.Config {
	return &gorm.Config{
		Logger:                 logger.Default.LogMode(logger.Silent),
		SkipDefaultTransaction: true,
		PrepareStmt:            true,
		// Created/updated times follow the injected clock, like everything else.
		NowFunc: func() time.Time { return a.clock().UTC() },
		// Storage errors (full disk, read-only folder…) become *StorageError
		// wherever they are met, COMMIT included (storage_errors.go).
		TranslateError: true,
	}
}

// setUp is what both engines do once connected: the write callbacks and
// the session.
func (a *App) setUp() error {
	if err := a.watchWrites(); err != nil { // backup.go: the exit backup skips an untouched day
		return err
	}
	if err := a.guardWrites(); err != nil { // checkgate.go: no write before the check passed
		return err
	}
	if a.actor == "" {
		a.actor = "system"
	}
	a.auth.failures, a.auth.lockedTo = map[string]int{}, map[string]time.Time{}
	if !a.opts.RequireSignIn {
		a.auth.session = &Session{Name: a.actor, System: true, At: a.clock()}
	}
	return nil
}

// openShared opens a shared PostgreSQL database: no file lock (several PCs
// work at once; the server keeps them apart) and no file check (the
// server checks its own storage); the same schema and migration as a file.
func (a *App) openShared(opts Options) (*App, error) {
	a.pg, a.url = true, strings.TrimSpace(opts.Path)
	a.path = opts.Local
	if a.path == "" {
		p, err := sharedLocalPath(a.url)
		if err != nil {
			return nil, err
		}
		a.path = p
	}
	db, err := openPostgres(a.url, opts.ReadOnly, a.gormConfig())
	if err != nil {
		return nil, err
	}
	a.db = db
	if err := a.setUp(); err != nil {
		a.Close()
		return nil, err
	}
	if opts.ReadOnly {
		err = a.checkReadableSchema()
	} else {
		err = a.migrate(true)
	}
	if err != nil {
		a.Close()
		return nil, err
	}
	var schema string
	if err := db.Raw("SELECT current_schema()").Scan(&schema).Error; err != nil {
		a.Close()
		return nil, classifyConn(err, a.url)
	}
	if !opts.ReadOnly {
		if ok, err := hasChangeTriggers(db); err != nil || !ok {
			if err := changeTriggers(db); err != nil {
				a.Close()
				return nil, err
			}
		}
	}
	a.feed = newChangeFeed(db, a.url, schema)
	a.search = newSearchIndex(db)
	a.search.feed = a.feed
	a.search.start()
	return a, nil
}

// Close releases the database and then the writer's lock; a second call
// does nothing.
func (a *App) Close() error {
	a.closeOnce.Do(func() {
		a.stopCheck()
		if a.search != nil {
			a.search.close()
		}
		a.closeVersion()
		sqlDB, err := a.db.DB()
		if err == nil {
			err = sqlDB.Close()
		}
		a.closeErr = errors.Join(err, a.lock.release())
	})
	return a.closeErr
}

// Path is the database file.
func (a *App) Path() string { return a.path }

// Now is the injected clock.
func (a *App) Now() time.Time { return a.clock() }

// SetActor names the system session (the command line), for the audit
// log; a signed-in person is named by their session.
func (a *App) SetActor(name string) {
	if name == "" {
		name = "system"
	}
	a.auth.mu.Lock()
	defer a.auth.mu.Unlock()
	a.actor = name
	if a.auth.session != nil && a.auth.session.System {
		a.auth.session.Name = name
	}
}

// schemaVersion reads the stored version; 0 means a new or unversioned file.
func (a *App) schemaVersion() (int, error) {
	if !a.db.Migrator().HasTable(&models.Meta{}) {
		return 0, nil
	}
	var m models.Meta
	err := a.db.Where("key = ?", "schema_version").Limit(1).Find(&m).Error
	if err != nil || m.Value == "" {
		return 0, err
	}
	return strconv.Atoi(m.Value)
}

// entities lists every table; migration creates or extends them.
func entities() []any {
	return []any{
		&models.Meta{}, &models.Setting{}, &models.AuditEntry{},
		&models.Customer{}, &models.Phone{}, &models.Address{}, &models.Purchase{},
		&models.Staff{}, &models.Ticket{}, &models.TicketEvent{}, &models.ContactAttempt{},
		&models.TicketItem{}, &models.Payment{}, &models.TicketCounter{},
		&models.Signature{},
		&models.CrewMember{}, &models.DeliveryItem{}, &models.ChecklistTemplate{}, &models.TicketCheck{},
		&models.ConductRule{}, &models.ConductRecord{}, &models.MonthClose{},
		&models.Unpack{},
		&models.FollowUp{}, // follow-up calls (followups.go)
	}
}

// migrate brings the schema to SchemaVersion. Steps are additive (new
// tables, columns, indexes) because AutoMigrate may rebuild a table on
// SQLite; the file is copied aside first whenever there is data to lose.
func (a *App) migrate(existed bool) error {
	v, err := a.schemaVersion()
	if err != nil {
		return fmt.Errorf("open: read schema version: %w", err)
	}
	if v > SchemaVersion {
		return &ErrNewerSchema{Found: v, Supported: SchemaVersion}
	}
	if v == SchemaVersion {
		return nil
	}
	if err := a.checkBeforeWriting(); err != nil {
		return err
	}
	if existed && (v > 0 || a.hasTables()) {
		path, err := a.backupBeside(fmt.Sprintf("pre-v%d", SchemaVersion))
		if err != nil {
			return fmt.Errorf("open: back up before migrating, nothing changed: %w", err)
		}
		// A copy that does not pass the check is no backup: do not migrate.
		if err := CheckFile(path); err != nil {
			return fmt.Errorf("open: the copy taken before migrating (%s) failed its check, nothing changed: %w", path, err)
		}
		a.MigrationBackup = path
	}
	return a.db.Transaction(func(tx *gorm.DB) error {
		if err := tx.AutoMigrate(entities()...); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		for _, ix := range indexesFor(tx) {
			if err := tx.Exec(ix).Error; err != nil {
				return fmt.Errorf("migrate: index: %w", err)
			}
		}
		if err := a.seedChecklists(tx); err != nil {
			return err
		}
		if err := a.seedConductRules(tx); err != nil {
			return err
		}
		return tx.Save(&models.Meta{Key: "schema_version", Value: strconv.Itoa(SchemaVersion)}).Error
	})
}

// searchIndexes are the indexes AutoMigrate cannot declare: phone lookups
// (duplicate checks, the import, the ticket search), the newest-first read
// of customers (the list before the in-memory search index is built, and
// its catch-up after another process's commit), and the ticket list order.
// See docs/performance.md for the measurements.
var searchIndexes = []string{
	`CREATE INDEX IF NOT EXISTS idx_phones_number_customer ON phones(number, customer_id)`,
	// "Ends with these digits" as an index lookup on the last four digits.
	`CREATE INDEX IF NOT EXISTS idx_phones_tail ON phones(` + phoneTailExpr + `)`,
	// Newest first with the text, for the early list and the index's
	// catch-up query. (PostgreSQL limits index entries to
	// about 2.7 kB: there, INCLUDE search_text instead of indexing it.)
	`CREATE INDEX IF NOT EXISTS idx_customers_recent ON customers(updated_at, archived_at, search_text, id)`,
	// The ticket list's order (ListTickets, ticketListOrder), whole and per
	// status, so a page is found by walking an index instead of sorting a
	// million tickets (docs/performance.md, "Tickets").
	`CREATE INDEX IF NOT EXISTS idx_tickets_list ON tickets((due_at IS NULL), due_at, reported_at DESC, id DESC)`,
	`CREATE INDEX IF NOT EXISTS idx_tickets_status_list ON tickets(status, (due_at IS NULL), due_at, reported_at DESC, id DESC)`,
	// The month report (app/reports.go, docs/performance.md "Month
	// report"). Tickets ended in a month and those open at its end
	// (closed_at IS NULL or after it, reported before it) from the index
	// alone; parts and returns finished in a month; and, for the twelve
	// months of the trend, what the four main rates read of the tickets
	// reported and booked in a month, without touching the table.
	`CREATE INDEX IF NOT EXISTS idx_tickets_open ON tickets(closed_at, reported_at, kind, status, id)`,
	`CREATE INDEX IF NOT EXISTS idx_tickets_kind_done ON tickets(kind, repaired_at)`,
	`CREATE INDEX IF NOT EXISTS idx_tickets_reported_cover ON tickets(reported_at, kind, status, first_contact_at, closed_at, responsible, id)`,
	`CREATE INDEX IF NOT EXISTS idx_tickets_appt_cover ON tickets(technician_id, appt_date, appt_half, status, reschedules_shop, reschedules_cust, arrived_at, id)`,
}

// indexesFor is searchIndexes as db's engine writes them: PostgreSQL
// limits an index entry to about 2.7 kB, so there the customers' search
// text is carried in the index (INCLUDE) rather than indexed.
func indexesFor(db *gorm.DB) []string {
	if !isPostgres(db) {
		return searchIndexes
	}
	out := make([]string, len(searchIndexes))
	for i, ix := range searchIndexes {
		out[i] = strings.Replace(ix, "ON customers(updated_at, archived_at, search_text, id)",
			"ON customers(updated_at, archived_at, id) INCLUDE (search_text)", 1)
	}
	return out
}

// checkReadableSchema lets a read-only open go on only with the layout
// this build reads: a newer one is refused as always, an older one needs
// the migration only a writing start may run.
func (a *App) checkReadableSchema() error {
	v, err := a.schemaVersion()
	switch {
	case err != nil:
		return fmt.Errorf("open: read schema version: %w", err)
	case v > SchemaVersion:
		return &ErrNewerSchema{Found: v, Supported: SchemaVersion}
	case v < SchemaVersion:
		return fmt.Errorf("open: %s has the layout of an older version (schema %d, this version writes %d): start Aftercare once to upgrade it, then try again", a.path, v, SchemaVersion)
	}
	return nil
}

func (a *App) hasTables() bool {
	tables, _ := a.db.Migrator().GetTables()
	return len(tables) > 0
}
