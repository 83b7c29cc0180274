package app

import (
	"crypto/sha1"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"aftercare/models"
)

// The app tests run on both engines (issue 10). With AFTERCARE_TEST_PG set
// to the URL of a PostgreSQL database (`.ci/postgres.sh` starts a server
// and sets it; `make test` runs the app tests once without it and once
// with it), every test database that would be a new file becomes a fresh
// schema of that database instead: Open(Options{Path: TEMP/shop.db})
// opens postgres://…?search_path=t_… and keeps TEMP/shop.db as the local
// name, so backups, prints and slips still land in the test's folder, and
// a second Open of the same path reaches the same schema. A file that
// already exists (a backup, a file a test wrote itself) stays a file.
// Tests of what only the SQLite engine has (the file lock, the integrity
// check, replacing the file) call sqliteOnly.

// envTestPG names the PostgreSQL database the app tests use when set.
const envTestPG = "AFTERCARE_TEST_PG"

var testPG struct {
	base    string
	admin   *sql.DB
	mu      sync.Mutex
	schemas map[string]string // test file path → schema URL
	n       int
}

func init() {
	base := os.Getenv(envTestPG)
	if base == "" {
		return
	}
	testPG.base = base
	testPG.schemas = map[string]string{}
	openHook = pgTestHook
}

// onPostgres reports whether this test run uses PostgreSQL.
func onPostgres() bool { return testPG.base != "" }

// sqliteOnly skips a test of the embedded engine's own parts on the
// PostgreSQL run, saying so.
func sqliteOnly(t testing.TB, why string) {
	t.Helper()
	if onPostgres() {
		t.Skipf("SQLite engine only (%s): runs in the SQLite pass", why)
	}
}

func pgTestHook(opts *Options) {
	if IsPostgresURL(opts.Path) || opts.Path == "" {
		return
	}
	testPG.mu.Lock()
	defer testPG.mu.Unlock()
	if u, ok := testPG.schemas[opts.Path]; ok {
		opts.Local, opts.Path = opts.Path, u
		return
	}
	if _, err := os.Stat(opts.Path); err == nil || opts.ReadOnly {
		return // an existing file stays a file
	}
	if testPG.admin == nil {
		db, err := sql.Open("pgx", testPG.base)
		if err != nil {
			panic(fmt.Sprintf("%s: %v", envTestPG, err))
		}
		testPG.admin = db
	}
	testPG.n++
	sum := sha1.Sum([]byte(fmt.Sprintf("%s|%d|%d", opts.Path, os.Getpid(), testPG.n)))
	schema := "t_" + hex.EncodeToString(sum[:8])
	if _, err := testPG.admin.Exec("CREATE SCHEMA " + schema); err != nil {
		panic(fmt.Sprintf("%s: create schema: %v", envTestPG, err))
	}
	u, err := url.Parse(testPG.base)
	if err != nil {
		panic(fmt.Sprintf("%s: %v", envTestPG, err))
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	testPG.schemas[opts.Path] = u.String()
	opts.Local, opts.Path = opts.Path, u.String()
}

// TestEngineUnderTest says which engine this run tests, so the log of a
// CI run shows that both passes ran.
func TestEngineUnderTest(t *testing.T) {
	a := newTestApp(t)
	if a.Postgres() != onPostgres() {
		t.Fatalf("Postgres() = %v on a run with %s=%q", a.Postgres(), envTestPG, RedactURL(testPG.base))
	}
	t.Logf("engine: postgres=%v, database %s", a.Postgres(), a.Location())
}

// freshSchemaURL is the URL of a new, empty schema of the test server.
func freshSchemaURL(t testing.TB) string {
	t.Helper()
	opts := Options{Path: filepath.Join(t.TempDir(), "fresh.db")}
	pgTestHook(&opts)
	if !IsPostgresURL(opts.Path) {
		t.Fatal("no PostgreSQL server for this run")
	}
	return opts.Path
}

func TestRedactAndLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://shop:s3cr%40t@db.local:5432/aftercare":                    "postgres://shop@db.local:5432/aftercare",
		"postgresql://shop:pw@10.0.0.2/aftercare?password=pw&sslmode=disable": "postgresql://shop@10.0.0.2/aftercare?sslmode=disable",
		`C:\Shop\aftercare.db`: `C:\Shop\aftercare.db`,
	} {
		if got := RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
	if msg := redactIn("failed: password=hunter22 for s3cr@t", "postgres://u:s3cr%40t@h/db"); strings.Contains(msg, "hunter22") || strings.Contains(msg, "s3cr@t") {
		t.Errorf("redactIn left a password: %s", msg)
	}
	p, err := sharedLocalPath("postgres://shop:pw@db.local:6543/aftercare")
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(filepath.Dir(p)) != "aftercare@db.local-6543" || strings.Contains(p, "pw") {
		t.Errorf("local folder %s", p)
	}
}

// TestConnectionFailuresAreNamed: the kinds Settings and the start show.
func TestConnectionFailuresAreNamed(t *testing.T) {
	if err := TestConnection("not a url"); !isConnKind(err, ConnBadURL) {
		t.Errorf("no URL: %v", err)
	}
	// A port nobody listens on (the server's port plus one is not used
	// by postgres.sh; 1 is never a PostgreSQL server).
	if err := TestConnection("postgres://u:secret@127.0.0.1:1/db?connect_timeout=3"); !isConnKind(err, ConnUnreachable) || strings.Contains(err.Error(), "secret") {
		t.Errorf("unreachable: %v", err)
	}
	if !onPostgres() {
		t.Skipf("wrong password and missing database need a server: set %s", envTestPG)
	}
	u, _ := url.Parse(testPG.base)
	bad := *u
	bad.User = url.UserPassword(u.User.Username(), "wrong-password")
	if err := TestConnection(bad.String()); !isConnKind(err, ConnAuth) || strings.Contains(err.Error(), "wrong-password") {
		t.Errorf("wrong password: %v", err)
	}
	missing := *u
	missing.Path = "/no_such_database"
	if err := TestConnection(missing.String()); !isConnKind(err, ConnNoDatabase) {
		t.Errorf("missing database: %v", err)
	}
	if err := TestConnection(testPG.base); err != nil {
		t.Errorf("the test server: %v", err)
	}
	// A database a newer Aftercare wrote.
	a := newTestApp(t)
	if err := a.db.Save(&models.Meta{Key: "schema_version", Value: "999"}).Error; err != nil {
		t.Fatal(err)
	}
	if err := TestConnection(a.url); !isConnKind(err, ConnNewerSchema) {
		t.Errorf("newer schema: %v", err)
	}
}

func isConnKind(err error, kind ConnKind) bool {
	var ce *ConnError
	return errors.As(err, &ce) && ce.Kind == kind
}

// TestSharedDialectorNamesALostServer: a connection lost or refused in the
// middle of the work becomes a *ConnError (the screens' words, no
// password), while a query's own error keeps the driver's translation.
func TestSharedDialectorNamesALostServer(t *testing.T) {
	d := sharedDialector{Dialector: &postgres.Dialector{}, url: "postgres://shop:secret@db.local:5432/aftercare"}
	lost := &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}
	err := d.Translate(fmt.Errorf("query: %w", lost))
	if !isConnKind(err, ConnUnreachable) || strings.Contains(err.Error(), "secret") || !errors.Is(err, lost) {
		t.Fatalf("lost server: %v", err)
	}
	if classifyConn(err, d.url) != err {
		t.Fatal("an already named problem was named again")
	}
	dup := d.Translate(&pgconn.PgError{Code: "23505", Message: "duplicate key"})
	if !errors.Is(dup, gorm.ErrDuplicatedKey) {
		t.Fatalf("unique violation: %v", dup)
	}
}
