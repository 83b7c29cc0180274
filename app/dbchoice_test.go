package app

import (
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"aftercare/models"
)

// isolateConfig points the user config folder at a temporary one, so the
// tests never read or write this PC's real choice.
func isolateConfig(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("HOME", dir)
	t.Setenv("AppData", dir)
	t.Setenv(EnvDB, "")
	return dir
}

// TestDatabaseChoiceSaveLoadClear: a saved URL comes back as it was, in a
// file only this user may read, with no temporary file left; "" clears it;
// a file path or nonsense is refused and the earlier choice is kept.
func TestDatabaseChoiceSaveLoadClear(t *testing.T) {
	dir := isolateConfig(t)
	if got, err := LoadDatabaseChoice(); got != "" || err != nil {
		t.Fatalf("nothing saved yet: %q, %v", got, err)
	}
	const u = "postgres://shop:p%40ss@192.168.1.10:5432/aftercare"
	if err := SaveDatabaseChoice("  " + u + " "); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "Aftercare", "database.json")
	st, err := os.Stat(path)
	if err != nil {
		t.Fatalf("the choice is not at %s: %v", path, err)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v: the password must be readable by this user only", st.Mode().Perm())
	}
	if _, err := os.Stat(path + ".part"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("temporary file left behind: %v", err)
	}
	if got, err := LoadDatabaseChoice(); got != u || err != nil {
		t.Fatalf("loaded %q, %v", got, err)
	}
	// Saving again replaces it.
	const u2 = "postgresql://shop@server-pc/aftercare2"
	if err := SaveDatabaseChoice(u2); err != nil {
		t.Fatal(err)
	}
	if got, _ := LoadDatabaseChoice(); got != u2 {
		t.Fatalf("after a second save: %q", got)
	}
	for _, bad := range []string{"/home/shop/aftercare.db", "mysql://x@y/z", "postgres://a b:%zz@host/db"} {
		err := SaveDatabaseChoice(bad)
		var ce *ConnError
		if !errors.As(err, &ce) || ce.Kind != ConnBadURL {
			t.Fatalf("%q: want a bad_url ConnError, got %v", bad, err)
		}
		if got, _ := LoadDatabaseChoice(); got != u2 {
			t.Fatalf("a refused %q changed the choice to %q", bad, got)
		}
	}
	if err := SaveDatabaseChoice(""); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("clearing left the file: %v", err)
	}
	if got, err := LoadDatabaseChoice(); got != "" || err != nil {
		t.Fatalf("after clearing: %q, %v", got, err)
	}
	if err := SaveDatabaseChoice(""); err != nil {
		t.Fatalf("clearing twice: %v", err)
	}
}

// TestDatabaseChoiceDamagedFile: a choice file that cannot be read stops
// the start with a message naming the file, rather than quietly opening
// another database.
func TestDatabaseChoiceDamagedFile(t *testing.T) {
	dir := isolateConfig(t)
	path := filepath.Join(dir, "Aftercare", "database.json")
	os.MkdirAll(filepath.Dir(path), 0o700)
	for _, content := range []string{`{"url": "postgres://x@y/z"`, `{"url": "C:\\shop\\aftercare.db"}`} {
		os.WriteFile(path, []byte(content), 0o600)
		got, err := LoadDatabaseChoice()
		if err == nil || got != "" || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "delete") {
			t.Fatalf("%s: %q, %v", content, got, err)
		}
		if p, err := ResolveDBPath(""); err == nil {
			t.Fatalf("%s: the start went on with %q", content, p)
		}
	}
}

// TestResolveDBPathOrder: --db, then AFTERCARE_DB, then the saved choice,
// then the default file; ResolveDBSource names the same place each time.
func TestResolveDBPathOrder(t *testing.T) {
	dir := isolateConfig(t)
	def := filepath.Join(dir, "Aftercare", "aftercare.db")
	const saved = "postgres://shop:secret@server-pc:5433/aftercare"
	const envURL = "postgres://env@env-host/envdb"
	flagFile := filepath.Join(dir, "flag.db")
	check := func(name, flag, wantPath string, wantSrc DBSource) {
		t.Helper()
		got, err := ResolveDBPath(flag)
		if err != nil || got != wantPath {
			t.Fatalf("%s: ResolveDBPath = %q, %v; want %q", name, got, err, wantPath)
		}
		if src := ResolveDBSource(flag); src != wantSrc {
			t.Fatalf("%s: source %q, want %q", name, src, wantSrc)
		}
	}
	check("nothing set", "", def, SourceDefault)
	if err := SaveDatabaseChoice(saved); err != nil {
		t.Fatal(err)
	}
	check("saved choice", "", saved, SourceSaved)
	t.Setenv(EnvDB, envURL)
	check("environment over the choice", "", envURL, SourceEnv)
	check("flag over both", flagFile, flagFile, SourceFlag)
	check("URL flag", " postgres://f@h/d ", "postgres://f@h/d", SourceFlag)
	t.Setenv(EnvDB, "")
	if err := SaveDatabaseChoice(""); err != nil {
		t.Fatal(err)
	}
	check("choice cleared", "", def, SourceDefault)
}

// TestChooseDatabaseNeedsBackupPermission: a counter clerk may not change
// which database the PC opens; the general manager may.
func TestChooseDatabaseNeedsBackupPermission(t *testing.T) {
	isolateConfig(t)
	a, gm := newSignInApp(t)
	clerk := staffWithPIN(t, a, "小刘", models.RoleCounter)
	signInAs(t, a, clerk)
	const u = "postgres://shop:pw@server-pc/aftercare"
	err := a.ChooseDatabase(u)
	if fe := models.AsFieldErrors(err).ForField("permission"); fe == nil {
		t.Fatalf("a clerk chose the database: %v", err)
	}
	if got, _ := LoadDatabaseChoice(); got != "" {
		t.Fatalf("the refused choice was saved: %q", got)
	}
	a.SignOut()
	if _, err := a.SignIn(gm.ID, "2580"); err != nil {
		t.Fatal(err)
	}
	if err := a.ChooseDatabase(u); err != nil {
		t.Fatal(err)
	}
	if got, _ := LoadDatabaseChoice(); got != u {
		t.Fatalf("saved %q", got)
	}
	if err := a.ChooseDatabase(""); err != nil {
		t.Fatal(err)
	}
	if got, _ := LoadDatabaseChoice(); got != "" {
		t.Fatalf("not cleared: %q", got)
	}
}

// TestSharedDBURL: the form's parts become a URL that gives them back
// exactly, however odd the password; every missing or wrong part is
// reported on its own field at once.
func TestSharedDBURL(t *testing.T) {
	s := SharedDB{Host: " 192.168.1.10 ", Port: "", Database: "售后 db", User: "shop user", Password: "p@ss:w/rd#?%&= 密"}
	raw, err := s.URL()
	if err != nil {
		t.Fatal(err)
	}
	if !IsPostgresURL(raw) || strings.Contains(raw, " ") {
		t.Fatalf("URL %q", raw)
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("%q does not parse: %v", raw, err)
	}
	pw, _ := u.User.Password()
	if u.Hostname() != "192.168.1.10" || u.Port() != "5432" || u.User.Username() != "shop user" || pw != s.Password ||
		strings.TrimPrefix(u.Path, "/") != "售后 db" {
		t.Fatalf("parsed back: host %q port %q user %q password %q path %q", u.Hostname(), u.Port(), u.User.Username(), pw, u.Path)
	}
	if red := RedactURL(raw); strings.Contains(red, "p@ss") || strings.Contains(red, url.QueryEscape(s.Password)) {
		t.Fatalf("redacted %q still holds the password", red)
	}
	back := SharedDBFromURL(raw)
	if back != (SharedDB{Host: "192.168.1.10", Port: "5432", Database: "售后 db", User: "shop user"}) {
		t.Fatalf("form from URL: %+v (the password must not come back)", back)
	}
	// IPv6 and no password.
	raw, err = SharedDB{Host: "::1", Port: "5433", Database: "a", User: "u"}.URL()
	if err != nil || raw != "postgres://u@[::1]:5433/a" {
		t.Fatalf("IPv6: %q, %v", raw, err)
	}
	// Everything wrong at once.
	_, err = SharedDB{Host: "postgres://server", Port: "99999"}.URL()
	fe := models.AsFieldErrors(err)
	for field, key := range map[string]string{"shared_host": "err.shared.host_invalid", "shared_port": "err.shared.port_invalid",
		"shared_database": "err.shared.database_missing", "shared_user": "err.shared.user_missing"} {
		if e := fe.ForField(field); e == nil || e.Key != key {
			t.Fatalf("%s: %v (all: %v)", field, e, err)
		}
	}
	_, err = SharedDB{Port: "x", Database: "d", User: "u"}.URL()
	if e := models.AsFieldErrors(err).ForField("shared_host"); e == nil || e.Key != "err.shared.host_missing" {
		t.Fatalf("missing host: %v", e)
	}
	if got := SharedDBFromURL("/not/a/url.db"); got != (SharedDB{Port: "5432"}) {
		t.Fatalf("a file fills the form: %+v", got)
	}
}
