package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"aftercare/models"
)

// openCheckLater opens path as the window does: the full check left for
// StartCheck. run, when not nil, replaces the full check.
func openCheckLater(t *testing.T, path string, run func(context.Context) error) *App {
	t.Helper()
	a, err := Open(Options{Path: path, Clock: func() time.Time { return fixedNow }, Actor: "tester", CheckLater: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if run != nil {
		a.check.run = run
	}
	return a
}

// shopFile makes a closed database file with n customers with long
// addresses (pages enough to damage) and returns its path.
func shopFile(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shop.db")
	a, err := Open(Options{Path: path, Clock: func() time.Time { return fixedNow }, Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	fillCustomers(t, a, n, 0)
	a.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	a.Close()
	return path
}

func wantRefusal(t *testing.T, err error, key string) {
	t.Helper()
	fe := models.AsFieldErrors(err)
	if len(fe) != 1 || fe[0].Key != key {
		t.Fatalf("got %v, want the refusal %s", err, key)
	}
}

// TestWritesWaitForTheStartCheck: while the full check runs, every kind of
// write is refused with "Checking the database" and saves nothing; reads
// and searches work; once it has passed, the same saves work.
func TestWritesWaitForTheStartCheck(t *testing.T) {
	sqliteOnly(t, "the start-up integrity check of the file")
	path := shopFile(t, 3)
	release := make(chan struct{})
	a := openCheckLater(t, path, func(ctx context.Context) error {
		select {
		case <-release:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	if !a.Checking() || a.Checked() {
		t.Fatal("the check should be pending after a CheckLater open")
	}
	a.StartCheck()
	ctx := context.Background()
	tables := []string{"customers", "phones", "tickets", "ticket_events", "ticket_counters", "settings", "audit_entries"}
	counts := func() map[string]int64 {
		m := map[string]int64{}
		for _, tb := range tables {
			m[tb] = tableCount(t, a, tb)
		}
		return m
	}
	before := counts()
	in := models.CustomerInput{Name: "王芳", Phones: []string{"13700137000"}, Addresses: []string{"上海市徐汇区"}}
	_, err := a.CreateCustomer(in, CreateOptions{})
	wantRefusal(t, err, "err.database.checking")
	// A ticket (its number comes from INSERT … RETURNING, read with Scan),
	// a setting, a raw UPDATE and a plain VACUUM are refused too.
	var cust models.Customer
	if err := a.db.Order("id").First(&cust).Error; err != nil {
		t.Fatal(err)
	}
	_, err = a.CreateTicket(IntakeInput{CustomerID: cust.ID, Kind: models.KindRepair, Mode: models.ModeCarryIn, Symptom: "不制冷"})
	wantRefusal(t, err, "err.database.checking")
	wantRefusal(t, a.SetIdleLockMinutes(5), "err.database.checking")
	wantRefusal(t, a.db.Exec("UPDATE customers SET name = 'x'").Error, "err.database.checking")
	wantRefusal(t, a.db.Exec("VACUUM").Error, "err.database.checking")
	if after := counts(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("rows after refused saves %v, before %v", after, before)
	}
	if n := tableCount(t, a, "customers WHERE name = 'x'"); n != 0 {
		t.Fatal("the raw UPDATE went through")
	}
	// Reading, searching and copying work meanwhile.
	if got, err := a.SearchCustomers(ctx, "客户", SearchOptions{}); err != nil || len(got) != int(before["customers"]) {
		t.Fatalf("search during the check: %d, %v", len(got), err)
	}
	if _, err := a.vacuumInto(filepath.Join(t.TempDir(), "copy.db")); err != nil {
		t.Fatalf("VACUUM INTO during the check: %v", err)
	}
	close(release)
	if err := a.WaitCheck(ctx); err != nil {
		t.Fatal(err)
	}
	if a.Checking() || !a.Checked() {
		t.Fatal("the check should have passed")
	}
	if _, err := a.CreateCustomer(in, CreateOptions{}); err != nil {
		t.Fatalf("after the check: %v", err)
	}
	if _, err := a.CreateTicket(IntakeInput{CustomerID: cust.ID, Kind: models.KindRepair, Mode: models.ModeCarryIn, Symptom: "不制冷"}); err != nil {
		t.Fatalf("ticket after the check: %v", err)
	}
	if n := tableCount(t, a, "customers"); n != before["customers"]+1 {
		t.Fatalf("%d customers after the check, want %d", n, before["customers"]+1)
	}
}

// damageTable overwrites the root page of table in a closed database
// file, as a failing disk would, and returns the file's bytes.
func damageTable(t *testing.T, path, table string) []byte {
	t.Helper()
	db, err := openReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	var root int64
	err = db.Raw("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?", table).Scan(&root).Error
	closeGorm(db)
	if err != nil || root < 2 {
		t.Fatalf("root page of %s: %d, %v", table, root, err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := (root - 1) * 4096; i < root*4096; i++ {
		data[i] = 0xA5
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return data
}

// TestBackgroundCheckFindsDamage: damage in a big table passes the fast
// check (the window opens), the background check finds it and returns the
// *DamagedError the start-up screen shows, writes stay refused, and the
// file is not changed.
func TestBackgroundCheckFindsDamage(t *testing.T) {
	sqliteOnly(t, "the start-up integrity check of the file")
	path := shopFile(t, 200)
	damaged := damageTable(t, path, "addresses")
	a := openCheckLater(t, path, nil)
	a.StartCheck()
	err := a.WaitCheck(context.Background())
	var de *DamagedError
	if !errors.As(err, &de) || de.Path != path {
		t.Fatalf("background check: got %v, want a *DamagedError for %s", err, path)
	}
	if a.Checked() || a.Checking() {
		t.Fatal("a failed check is neither passed nor running")
	}
	_, err = a.CreateCustomer(models.CustomerInput{Name: "王芳", Phones: []string{"13700137000"}}, CreateOptions{})
	wantRefusal(t, err, "err.database.check_failed")
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(after, damaged) {
		t.Fatal("the damaged file was changed")
	}
	// The command line's start (the full check before anything) refuses it.
	if b, err := Open(Options{Path: path}); !errors.As(err, &de) {
		if b != nil {
			b.Close()
		}
		t.Fatalf("full-check open: got %v, want a *DamagedError", err)
	}
}

// TestFastCheckRefusesDamagedStart: damage the fast check can see (a
// start table, a file cut short, a file that is not a database) is
// refused by Open itself, and nothing is written.
func TestFastCheckRefusesDamagedStart(t *testing.T) {
	sqliteOnly(t, "the start-up integrity check of the file")
	t.Run("start table", func(t *testing.T) {
		path := shopFile(t, 3)
		damaged := damageTable(t, path, "settings")
		wantDamagedOpen(t, path, damaged)
	})
	t.Run("cut short", func(t *testing.T) {
		path := shopFile(t, 200)
		data, _ := os.ReadFile(path)
		cut := data[:len(data)-2*4096] // the last pages: customers' rows, which no start table uses
		os.WriteFile(path, cut, 0o644)
		wantDamagedOpen(t, path, cut)
	})
	t.Run("not a database", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "shop.db")
		junk := bytes.Repeat([]byte("售后管家 not a database "), 400)
		os.WriteFile(path, junk, 0o644)
		wantDamagedOpen(t, path, junk)
	})
}

func wantDamagedOpen(t *testing.T, path string, want []byte) {
	t.Helper()
	a, err := Open(Options{Path: path, CheckLater: true, Lock: true})
	var de *DamagedError
	if !errors.As(err, &de) {
		if a != nil {
			a.Close()
		}
		t.Fatalf("got %v, want a *DamagedError", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, want) {
		t.Fatal("the damaged file was changed")
	}
}

// TestMigrationWaitsForTheFullCheck: a start that must migrate writes, so
// it runs the full check first even when the window asked for it later;
// a damaged file is refused unchanged.
func TestMigrationWaitsForTheFullCheck(t *testing.T) {
	sqliteOnly(t, "the start-up integrity check of the file")
	path := shopFile(t, 200)
	b, err := Open(Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.db.Save(&models.Meta{Key: "schema_version", Value: strconv.Itoa(SchemaVersion - 1)}).Error; err != nil {
		t.Fatal(err)
	}
	b.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	b.Close()
	wantDamagedOpen(t, path, damageTable(t, path, "addresses"))
	if matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "shop-pre-v*")); len(matches) != 0 {
		t.Fatalf("a pre-migration copy of a damaged file was made: %v", matches)
	}
}

// TestCloseStopsTheCheck: closing the window during the check stops it,
// and WaitCheck says so rather than reporting damage.
func TestCloseStopsTheCheck(t *testing.T) {
	sqliteOnly(t, "the start-up integrity check of the file")
	path := shopFile(t, 3)
	started := make(chan struct{})
	a := openCheckLater(t, path, func(ctx context.Context) error {
		close(started)
		<-ctx.Done()
		return ctx.Err()
	})
	a.StartCheck()
	<-started
	a.Close()
	err := a.WaitCheck(context.Background())
	var de *DamagedError
	if !errors.Is(err, ErrCheckStopped) || errors.As(err, &de) {
		t.Fatalf("got %v, want ErrCheckStopped", err)
	}
	// Never started, then closed: the same.
	b := openCheckLater(t, path, nil)
	b.Close()
	if err := b.WaitCheck(context.Background()); !errors.Is(err, ErrCheckStopped) {
		t.Fatalf("never started: got %v", err)
	}
}

func TestWritesSQL(t *testing.T) {
	for sql, want := range map[string]bool{
		"SELECT * FROM customers":              false,
		"  select 1":                           false,
		"PRAGMA quick_check":                   false,
		"VACUUM INTO '/tmp/x.db'":              false,
		"vacuum into ?":                        false,
		"VACUUM":                               true,
		"WITH t AS (SELECT 1) SELECT * FROM t": false,
		"WITH t AS (SELECT 1) INSERT INTO x SELECT * FROM t":   true,
		"INSERT INTO ticket_counters VALUES (1) RETURNING seq": true,
		"\n\tUPDATE customers SET name = ?":                    true,
		"DELETE FROM phones":                                   true,
		"CREATE INDEX IF NOT EXISTS i ON t(x)":                 true,
		"(SELECT 1)":                                           false,
		"":                                                     false,
	} {
		if got := writesSQL(sql); got != want {
			t.Errorf("writesSQL(%q) = %v, want %v", sql, got, want)
		}
	}
}
