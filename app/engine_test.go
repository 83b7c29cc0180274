package app

import (
	"crypto/sha1"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
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
