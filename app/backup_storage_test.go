package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"aftercare/models"
)

// Storage problems: a full disk, a read-only folder, a missing folder
// give a typed, translatable error and save nothing.

func wantStorage(t *testing.T, err error, kind StorageKind) {
	t.Helper()
	var se *StorageError
	if !errors.As(err, &se) || se.Kind != kind {
		t.Fatalf("want a %s storage error, got %v", kind, err)
	}
	fe := models.AsFieldErrors(err).ForField("database")
	if fe == nil || fe.Key != "err.storage."+string(kind) {
		t.Fatalf("not translatable as err.storage.%s: %v", kind, err)
	}
}

func tableCount(t *testing.T, a *App, table string) int64 {
	t.Helper()
	var n int64
	if err := a.db.Raw("SELECT count(*) FROM " + table).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// TestFullDiskSavesNothing simulates a full disk with PRAGMA
// max_page_count (SQLite then fails writes with SQLITE_FULL, as on a full
// disk): customers are added until the disk is full; the failing customer
// and a ticket tried after it leave no trace, the message says the disk is
// full, and once there is room again the same save works.
func TestFullDiskSavesNothing(t *testing.T) {
	sqliteOnly(t, "a full disk under the database file")
	a := newTestApp(t)
	c := mustCreate(t, a, "张伟", "13800138000")
	var pages int64
	a.db.Raw("PRAGMA page_count").Scan(&pages)
	limitPages(t, a, pages+8)
	var full error
	var failed models.CustomerInput
	saved := 0
	for i := 0; i < 2000 && full == nil; i++ {
		in := models.CustomerInput{Name: "客户" + strings.Repeat("长", i%5), Phones: []string{"1390013" + fourDigits(i)},
			Addresses: []string{"北京市朝阳区建国路88号" + strings.Repeat("楼", 150)}, Notes: strings.Repeat("老客户", 100)}
		if _, err := a.CreateCustomer(in, CreateOptions{}); err != nil {
			full, failed = err, in
			break
		}
		saved++
	}
	if full == nil {
		t.Fatal("the simulated disk never filled up")
	}
	wantStorage(t, full, StorageFull)
	if n := tableCount(t, a, "customers"); n != int64(saved)+1 {
		t.Fatalf("%d customers, want %d: a half-written customer?", n, saved+1)
	}
	if n := tableCount(t, a, "phones WHERE number = '"+failed.Phones[0]+"'"); n != 0 {
		t.Fatal("the failing customer's phone was saved")
	}
	// Fill the last free bytes with small customers, then try a ticket.
	for i := 0; i < 2000; i++ {
		if _, err := a.CreateCustomer(models.CustomerInput{Name: "小", Phones: []string{"1370013" + fourDigits(i)}}, CreateOptions{}); err != nil {
			wantStorage(t, err, StorageFull)
			break
		}
	}
	tickets, events := tableCount(t, a, "tickets"), tableCount(t, a, "ticket_events")
	_, err := a.CreateTicket(IntakeInput{CustomerID: c.ID, Kind: models.KindRepair, Mode: models.ModeCarryIn, Symptom: "不制冷"})
	if err == nil {
		t.Fatal("a ticket was saved on a full disk")
	}
	wantStorage(t, err, StorageFull)
	if tableCount(t, a, "tickets") != tickets || tableCount(t, a, "ticket_events") != events {
		t.Fatal("a ticket or its events were half saved")
	}
	if err := a.Check(); err != nil {
		t.Fatalf("the full disk damaged the database: %v", err)
	}
	// Room again: the same save works.
	limitPages(t, a, 1073741823)
	if _, err := a.CreateCustomer(failed, CreateOptions{}); err != nil {
		t.Fatalf("after freeing space: %v", err)
	}
}

// limitPages sets PRAGMA max_page_count, a per-connection setting, on
// every pooled connection: the pool is capped at three (a transaction,
// a read beside it, and the search index's own data_version connection),
// and each connection that can be taken gets the setting.
func limitPages(t *testing.T, a *App, pages int64) {
	t.Helper()
	sqlDB, err := a.db.DB()
	if err != nil {
		t.Fatal(err)
	}
	sqlDB.SetMaxOpenConns(3)
	sqlDB.SetMaxIdleConns(3)
	var conns []*sql.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for len(conns) < 3 {
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		c, err := sqlDB.Conn(ctx)
		cancel()
		if err != nil {
			break // the rest is held by the search index
		}
		conns = append(conns, c)
		if _, err := c.ExecContext(context.Background(), fmt.Sprintf("PRAGMA max_page_count = %d", pages)); err != nil {
			t.Fatal(err)
		}
	}
	if len(conns) < 2 {
		t.Fatalf("only %d connections could be limited", len(conns))
	}
}

func fourDigits(i int) string {
	return string([]byte{byte('0' + i/1000%10), byte('0' + i/100%10), byte('0' + i/10%10), byte('0' + i%10)})
}

// TestReadOnlyDatabaseRefusesWrites opens the database so that SQLite may
// not write it (what a read-only file or disk gives): a save is refused
// with the read-only message and nothing is written. It runs as root too,
// where chmod cannot make a folder read-only.
func TestReadOnlyDatabaseRefusesWrites(t *testing.T) {
	sqliteOnly(t, "a read-only database file")
	a := newTestApp(t)
	mustCreate(t, a, "张伟", "13800138000")
	path := a.Path()
	a.Close()
	before, _ := os.ReadFile(path)
	ro, err := Open(Options{Path: path, ReadOnly: true, Clock: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	_, err = ro.CreateCustomer(models.CustomerInput{Name: "李娜", Phones: []string{"13912345678"}}, CreateOptions{})
	wantStorage(t, err, StorageReadOnly)
	if n := tableCount(t, ro, "customers"); n != 1 {
		t.Fatalf("%d customers", n)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Fatal("the read-only open changed the file")
	}
}

// TestReadOnlyFolderWithChmod makes the database folder and file
// read-only for real. Root ignores such permissions (CI may run as root):
// then the test is skipped, saying so; TestReadOnlyDatabaseRefusesWrites
// covers the message.
func TestReadOnlyFolderWithChmod(t *testing.T) {
	sqliteOnly(t, "a read-only database folder")
	dir := filepath.Join(t.TempDir(), "shop")
	path := filepath.Join(dir, "shop.db")
	a, err := Open(Options{Path: path, Lock: true})
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, a, "张伟", "13800138000")
	a.Close()
	os.Chmod(path, 0o444)
	os.Chmod(path+".lock", 0o444)
	os.Chmod(dir, 0o555)
	t.Cleanup(func() { os.Chmod(dir, 0o755); os.Chmod(path, 0o644); os.Chmod(path+".lock", 0o644) })
	if f, err := os.Create(filepath.Join(dir, "probe")); err == nil {
		f.Close()
		os.Remove(filepath.Join(dir, "probe"))
		t.Skip("chmod does not stop this user (root) from writing; TestReadOnlyDatabaseRefusesWrites simulates a read-only database instead")
	}
	before, _ := os.ReadFile(path)
	_, err = Open(Options{Path: path, Lock: true})
	wantStorage(t, err, StorageReadOnly)
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Fatal("the file changed")
	}
	// A new database in a read-only folder.
	_, err = Open(Options{Path: filepath.Join(dir, "new", "shop.db"), Lock: true})
	wantStorage(t, err, StorageReadOnly)
}

// TestMissingDatabaseFolder: a folder that cannot be there (a file stands
// where it should be, as when a drive letter or network folder is gone)
// is named in the message.
func TestMissingDatabaseFolder(t *testing.T) {
	sqliteOnly(t, "a missing database folder")
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "E盘"), []byte("not a folder"), 0o644)
	path := filepath.Join(dir, "E盘", "Aftercare", "aftercare.db")
	_, err := Open(Options{Path: path, Lock: true})
	wantStorage(t, err, StorageMissingFolder)
	var se *StorageError
	errors.As(err, &se)
	if se.Path != filepath.Join(dir, "E盘", "Aftercare") {
		t.Fatalf("names %q", se.Path)
	}
	// Read-only commands on a database that is not there.
	if _, err := Open(Options{Path: filepath.Join(dir, "none.db"), ReadOnly: true}); err == nil || !strings.Contains(err.Error(), "no database") {
		t.Fatalf("read-only open of a missing file: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "none.db")); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a read-only open created the file")
	}
}
