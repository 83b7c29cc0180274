package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Two engines (issue 10, docs/postgres.md): the embedded SQLite file, the
// default, and a shared PostgreSQL server for a shop with several PCs.
// Options.Path says which: a postgres:// URL or a file path. Everything in
// app/ runs on both; the SQLite-only parts (the file lock, the integrity
// check, VACUUM INTO, restore by replacing the file, the demo's bulk
// writer) branch on a.pg. Dialect differences in SQL go through the few
// helpers below rather than through scattered checks.

// IsPostgresURL reports whether a --db or AFTERCARE_DB value names a
// PostgreSQL server rather than a file.
func IsPostgresURL(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// RedactURL shows a database location without its password: the URL's
// password, a password=… parameter, and anything that does not parse.
// Files are returned as they are.
func RedactURL(s string) string {
	if !IsPostgresURL(s) {
		return s
	}
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return "postgres://…"
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	for k := range q {
		if strings.EqualFold(k, "password") {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// redactIn removes the password of url from a message (a driver error may
// repeat the connection string).
func redactIn(msg, rawURL string) string {
	if u, err := url.Parse(strings.TrimSpace(rawURL)); err == nil && u.User != nil {
		if pw, ok := u.User.Password(); ok && pw != "" {
			msg = strings.ReplaceAll(msg, pw, "****")
			msg = strings.ReplaceAll(msg, url.QueryEscape(pw), "****")
		}
	}
	return passwordParam.ReplaceAllString(msg, "${1}****")
}

var passwordParam = regexp.MustCompile(`(?i)(password=)[^&\s]+`)

// sharedLocalPath is where a PC keeps its own files for a shared database
// (automatic backups, prints, slips): a name in a folder of the user's
// config folder, one per server and database (Aftercare/shared/DB@HOST/).
// No file of that name is written.
func sharedLocalPath(rawURL string) (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no user config folder: %w", err)
	}
	name := "shared"
	if u, err := url.Parse(strings.TrimSpace(rawURL)); err == nil {
		db := strings.TrimPrefix(u.Path, "/")
		if db == "" {
			db = u.User.Username()
		}
		name = db + "@" + u.Hostname()
		if p := u.Port(); p != "" && p != "5432" {
			name += "-" + p
		}
	}
	name = unsafeName.ReplaceAllString(name, "_")
	return filepath.Join(dir, "Aftercare", "shared", name, name+".db"), nil
}

var unsafeName = regexp.MustCompile(`[^\p{L}\p{N}@._-]+`)

// Postgres reports whether the database is a shared PostgreSQL server.
func (a *App) Postgres() bool { return a.pg }

// Location is the database as people may see it: the file's path, or the
// server's URL without its password.
func (a *App) Location() string {
	if a.pg {
		return RedactURL(a.url)
	}
	return a.path
}

// openPostgres connects to the server at rawURL; read-only connections
// refuse every write in the server itself.
func openPostgres(rawURL string, readOnly bool, cfg *gorm.Config) (*gorm.DB, error) {
	dsn := strings.TrimSpace(rawURL)
	if readOnly {
		dsn = withParam(dsn, "default_transaction_read_only", "on")
	}
	// The server's time zone does not matter (timestamptz), but dates are
	// cut in the shop's zone by the app; UTC keeps what is stored the same
	// on every PC.
	dsn = withParam(dsn, "timezone", "UTC")
	dsn = withParam(dsn, "connect_timeout", "8")
	d := postgres.New(postgres.Config{DSN: dsn}).(*postgres.Dialector)
	db, err := gorm.Open(sharedDialector{Dialector: d, url: rawURL}, cfg)
	if err != nil {
		return nil, classifyConn(err, rawURL)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, classifyConn(err, rawURL)
	}
	// A generous cap: a write transaction may read the settings through a
	// second connection while other goroutines wait on its row locks
	// (ticket numbers), and a small cap would deadlock them. The window
	// has a few goroutines, so a PC holds a few connections.
	// Idle ones are kept a while: opening one costs the server a process
	// and a password exchange, too slow to repeat at every keystroke.
	sqlDB.SetMaxOpenConns(32)
	sqlDB.SetMaxIdleConns(32)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
	defer cancel()
	if err := sqlDB.PingContext(ctx); err != nil {
		sqlDB.Close()
		return nil, classifyConn(err, rawURL)
	}
	return db, nil
}

func withParam(dsn, key, value string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn
	}
	q := u.Query()
	if q.Get(key) == "" {
		q.Set(key, value)
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// ConnKind names why a shared database could not be used.
type ConnKind string

// Connection problems, each with its own message in Settings and at start.
const (
	ConnBadURL      ConnKind = "bad_url"      // the URL does not parse
	ConnUnreachable ConnKind = "unreachable"  // no server answers at that address
	ConnAuth        ConnKind = "auth"         // wrong user name or password
	ConnNoDatabase  ConnKind = "no_database"  // the server has no database of that name
	ConnNewerSchema ConnKind = "newer_schema" // a newer Aftercare wrote it
	ConnOther       ConnKind = "other"
)

// ConnError is a shared database that could not be opened, with the
// password removed from everything it says.
type ConnError struct {
	Kind     ConnKind
	Location string // the URL without its password
	Detail   string // what the driver said, without the password
	err      error  // the driver's error, for errors.Is (context ends)
}

func (e *ConnError) Unwrap() error { return e.err }

// sharedDialector is PostgreSQL with a lost or refused connection met in
// the middle of the work (the server switched off, the network gone)
// turned into a *ConnError, as storageDialector does for a file's disk:
// the screens then say what happened in the shop's words. Other errors
// get the driver's own translation.
type sharedDialector struct {
	*postgres.Dialector
	url string
}

// Translate implements gorm.ErrorTranslator.
func (d sharedDialector) Translate(err error) error {
	var ce *pgconn.ConnectError
	var op *net.OpError
	if errors.As(err, &ce) || errors.As(err, &op) {
		return classifyConn(err, d.url)
	}
	return d.Dialector.Translate(err)
}

func (e *ConnError) Error() string {
	return fmt.Sprintf("shared database %s: %s: %s", e.Location, connTexts[e.Kind].en, e.Detail)
}

var connTexts = map[ConnKind]struct{ key, en string }{
	ConnBadURL:      {"err.conn.bad_url", "the address is not a PostgreSQL URL: write it as postgres://user:password@host:5432/database"},
	ConnUnreachable: {"err.conn.unreachable", "no database server answers at that address: check the host name and port, that the server PC is on, and that its firewall lets this PC in"},
	ConnAuth:        {"err.conn.auth", "the server refused the user name or password: check them with whoever set up the server"},
	ConnNoDatabase:  {"err.conn.no_database", "the server has no database of that name: create it (empty) on the server, or correct the name after the last /"},
	ConnNewerSchema: {"err.conn.newer_schema", "this database was written by a newer version of Aftercare: install the newer version on this PC"},
	ConnOther:       {"err.conn.other", "the database server could not be used"},
}

// MessageKey is the translation key and English text of the problem.
func (e *ConnError) MessageKey() (key, english string) {
	t := connTexts[e.Kind]
	return t.key, t.en
}

// connectTimeout: a server that does not answer in that time is not reachable.
const connectTimeout = 8 * time.Second

func silentLogger() logger.Interface { return logger.Default.LogMode(logger.Silent) }

// classifyConn turns what pgx says about a failed connection into a kind.
func classifyConn(err error, rawURL string) error {
	if err == nil {
		return nil
	}
	if ce, ok := errors.AsType[*ConnError](err); ok {
		return ce // already named (by sharedDialector)
	}
	loc := RedactURL(rawURL)
	detail := redactIn(err.Error(), rawURL)
	var pgErr *pgconn.PgError
	var netErr net.Error
	var dnsErr *net.DNSError
	kind := ConnOther
	switch {
	case errors.As(err, &pgErr) && pgErr.Code == "28P01", errors.As(err, &pgErr) && pgErr.Code == "28000":
		kind = ConnAuth
	case errors.As(err, &pgErr) && pgErr.Code == "3D000":
		kind = ConnNoDatabase
	case errors.As(err, &dnsErr), errors.As(err, &netErr), strings.Contains(detail, "connection refused"),
		strings.Contains(detail, "no such host"), strings.Contains(detail, "i/o timeout"), strings.Contains(detail, "dial error"):
		kind = ConnUnreachable
	case strings.Contains(detail, "password authentication failed"):
		kind = ConnAuth
	case strings.Contains(detail, "does not exist") && strings.Contains(detail, "database"):
		kind = ConnNoDatabase
	case strings.Contains(detail, "cannot parse"), strings.Contains(detail, "invalid"):
		kind = ConnBadURL
	}
	return &ConnError{Kind: kind, Location: loc, Detail: detail, err: err}
}

// TestConnection opens the shared database at rawURL as a start would,
// without migrating or keeping it open, and says what is wrong: the
// Settings button "Test the connection". A database Aftercare has not
// used yet is fine (it is set up at the first start); one written by a
// newer version is not.
func TestConnection(rawURL string) error {
	if !IsPostgresURL(rawURL) {
		return &ConnError{Kind: ConnBadURL, Location: RedactURL(rawURL), Detail: "not a postgres:// URL"}
	}
	if _, err := url.Parse(strings.TrimSpace(rawURL)); err != nil {
		return &ConnError{Kind: ConnBadURL, Location: RedactURL(rawURL), Detail: redactIn(err.Error(), rawURL)}
	}
	db, err := openPostgres(rawURL, true, &gorm.Config{Logger: silentLogger()})
	if err != nil {
		return err
	}
	defer func() {
		if s, err := db.DB(); err == nil {
			s.Close()
		}
	}()
	probe := &App{db: db, pg: true}
	v, err := probe.schemaVersion()
	if err != nil {
		return classifyConn(err, rawURL)
	}
	if v > SchemaVersion {
		return &ConnError{Kind: ConnNewerSchema, Location: RedactURL(rawURL), Detail: fmt.Sprintf("schema %d, this version understands up to %d", v, SchemaVersion)}
	}
	return nil
}

// contains is "column contains the parameter" on either engine: a plain
// substring test (no LIKE: its wildcards and its case rules differ).
func contains(db *gorm.DB, column string) string {
	if isPostgres(db) {
		return "strpos(" + column + ", ?) > 0"
	}
	return "instr(" + column + ", ?) > 0"
}

// cancelled makes an error met after ctx ended say so (errors.Is
// context.Canceled or DeadlineExceeded): PostgreSQL's driver reports a
// connection attempt cut short by the context as a network timeout, which
// the screens would show as a failure instead of dropping it.
// (The network's clock may pass the deadline a moment before the
// context's timer has fired: the deadline is compared too.)
func cancelled(ctx context.Context, err error) error {
	if err == nil {
		return err
	}
	cause := ctx.Err()
	if d, ok := ctx.Deadline(); cause == nil && ok && !time.Now().Before(d) {
		cause = context.DeadlineExceeded
	}
	if cause == nil || errors.Is(err, cause) {
		return err
	}
	return fmt.Errorf("%w: %w", cause, err)
}
