package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"aftercare/models"
)

// damageFile overwrites bytes in the middle of a database file, as a
// failing disk would; the file must be big enough to have a middle.
func damageFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil || len(data) < 8*4096 {
		t.Fatalf("%s too small to damage: %d bytes, %v", path, len(data), err)
	}
	for i := 2 * 4096; i < 6*4096; i++ {
		data[i] = 0xA5
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return data
}

// fillCustomers adds n customers with long addresses, so the file has
// pages enough to damage.
func fillCustomers(t *testing.T, a *App, n int, from int) {
	t.Helper()
	for i := from; i < from+n; i++ {
		_, err := a.CreateCustomer(models.CustomerInput{Name: "客户" + fmt.Sprint(i), Phones: []string{fmt.Sprintf("1380013%04d", i)},
			Addresses: []string{"北京市朝阳区建国路88号" + strings.Repeat("楼", 20)}}, CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func countCustomers(t *testing.T, a *App) int64 {
	t.Helper()
	n, err := a.CountCustomers(context.Background(), "", true)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestInspectBackupShowsDateCountsAndIntegrity: what the restore dialog
// shows before anything changes, and what it refuses.
func TestInspectBackupShowsDateCountsAndIntegrity(t *testing.T) {
	a := newTestApp(t)
	c := mustCreate(t, a, "张伟", "13800138000")
	mustCreate(t, a, "李娜", "13912345678")
	if _, err := a.CreateTicket(IntakeInput{CustomerID: c.ID, Kind: models.KindRepair, Mode: models.ModeCarryIn, Symptom: "不制冷"}); err != nil {
		t.Fatal(err)
	}
	path, err := a.BackupTo(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	info := mustInspect(t, path)
	if !info.Taken.Equal(fixedNow) || info.FileTime || info.Schema != SchemaVersion || info.Customers != 2 || info.Tickets != 1 {
		t.Fatalf("inspect: %+v", info)
	}
	// A copy without the time written in it shows its file time.
	plain := filepath.Join(t.TempDir(), "plain.db")
	if _, err := a.vacuumInto(plain); err != nil {
		t.Fatal(err)
	}
	mt := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	os.Chtimes(plain, mt, mt)
	if info := mustInspect(t, plain); !info.FileTime || !info.Taken.Equal(mt) {
		t.Fatalf("file time: %+v", info)
	}
	// A text file is not a backup.
	txt := filepath.Join(t.TempDir(), "notes.db")
	os.WriteFile(txt, []byte(strings.Repeat("这不是数据库\n", 1000)), 0o644)
	if _, err := InspectBackup(txt); models.AsFieldErrors(err).ForField("backup_file") == nil {
		t.Fatalf("a text file inspected as a backup: %v", err)
	}
	// A damaged copy is reported as such.
	fillCustomers(t, a, 300, 0)
	big, err := a.BackupTo(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	damageFile(t, big)
	if info, err := InspectBackup(big); err != nil || info.Good() {
		t.Fatalf("a damaged backup: %+v %v", info, err)
	}
	// A copy from a newer version cannot be restored here.
	a.db.Save(&models.Meta{Key: "schema_version", Value: fmt.Sprint(SchemaVersion + 1)})
	newer, err := a.BackupTo(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var ns *ErrNewerSchema
	if info, err := InspectBackup(newer); err != nil || !errors.As(info.Problem, &ns) {
		t.Fatalf("a newer backup: %+v %v", info, err)
	}
}

// TestRestoreKeepsCurrentAndReopens: the window's restore keeps the
// current database as a pre-restore copy and reopens on the backup.
func TestRestoreKeepsCurrentAndReopens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shop.db")
	clock := func() time.Time { return fixedNow }
	a, err := Open(Options{Path: path, Clock: clock, Lock: true})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { a.Current().Close() }()
	mustCreate(t, a, "张伟", "13800138000")
	backup, err := a.BackupTo(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, a, "李娜", "13912345678")
	// Refusals change nothing.
	if n, _, err := a.Restore(a.Path()); n != a || models.AsFieldErrors(err).ForField("backup_file") == nil {
		t.Fatalf("restoring the live file over itself: %v", err)
	}
	n, res, err := a.Restore(backup)
	if err != nil {
		t.Fatal(err)
	}
	if n == a || a.Current() != n || n.Path() != path {
		t.Fatal("the restore did not hand over a reopened App")
	}
	if got := countCustomers(t, n); got != 1 {
		t.Fatalf("%d customers after the restore, want the backup's 1", got)
	}
	if res.Backup.Customers != 1 || res.KeptDamaged || filepath.Dir(res.Kept) != n.BackupsDir() || !strings.HasSuffix(res.Kept, "-pre-restore.db") {
		t.Fatalf("result: %+v", res)
	}
	if kept := mustInspect(t, res.Kept); kept.Customers != 2 {
		t.Fatalf("the database before the restore was not kept whole: %+v", kept)
	}
	// The reopened App holds the writer's lock (a file's) and works.
	if _, err := Open(Options{Path: path, Lock: true}); !onPostgres() && !errors.As(err, new(*LockedError)) {
		t.Fatalf("a second writer after the restore: %v", err)
	}
	mustCreate(t, n, "王芳", "13700137000")
	if err := n.Check(); err != nil {
		t.Fatal(err)
	}
	// The old App is closed.
	if _, err := a.CountCustomers(context.Background(), "", true); err == nil {
		t.Fatal("the replaced App still reads")
	}
}

// TestRestoreRefusals: only people with the backup permission restore,
// and a damaged or newer backup is refused before anything changes.
func TestRestoreRefusals(t *testing.T) {
	a, _ := newSignInApp(t)
	mustCreate(t, a, "张伟", "13800138000")
	fillCustomers(t, a, 300, 0)
	good, err := a.BackupTo(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	bad, err := a.BackupTo(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	damageFile(t, bad)
	n, _, err := a.Restore(bad)
	if n != a || models.AsFieldErrors(err).ForField("backup_file") == nil {
		t.Fatalf("a damaged backup: %v", err)
	}
	s, err := a.CreateStaff(models.StaffInput{Name: "前台", Roles: []models.Role{models.RoleCounter}, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	a.SetSecret(s.ID, "", "2468")
	a.SignOut()
	if _, err := a.SignIn(s.ID, "2468"); err != nil {
		t.Fatal(err)
	}
	if n, _, err := a.Restore(good); n != a || models.AsFieldErrors(err).ForField("permission") == nil {
		t.Fatalf("counter restored: %v", err)
	}
	if got := countCustomers(t, a); got != 301 {
		t.Fatalf("a refused restore changed the data: %d customers", got)
	}
	if _, err := os.Stat(a.BackupsDir()); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a refused restore wrote a pre-restore copy")
	}
}

// TestDamagedDatabaseOffersNewestGoodBackup: a damaged database is refused
// at start; the newest good backup is found (a newer damaged one is
// passed over); restoring it moves the damaged file aside untouched.
func TestDamagedDatabaseOffersNewestGoodBackup(t *testing.T) {
	sqliteOnly(t, "a damaged database file")
	dir := t.TempDir()
	path := filepath.Join(dir, "shop.db")
	clk := &rulesClock{now: fixedNow}
	a, err := Open(Options{Path: path, Clock: clk.Now, Lock: true})
	if err != nil {
		t.Fatal(err)
	}
	fillCustomers(t, a, 300, 0)
	if _, err := a.DailyBackupIfDue(); err != nil {
		t.Fatal(err)
	}
	fillCustomers(t, a, 10, 300)
	clk.add(24 * time.Hour)
	res, err := a.DailyBackupIfDue()
	if err != nil {
		t.Fatal(err)
	}
	damageFile(t, res.Daily) // the newest copy went bad too
	a.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	a.Close()
	damaged := damageFile(t, path)

	_, err = Open(Options{Path: path, Clock: clk.Now, Lock: true})
	var de *DamagedError
	if !errors.As(err, &de) || de.Path != path {
		t.Fatalf("a damaged database: %v", err)
	}
	if holder, _ := LockHolder(path); holder != nil {
		t.Fatalf("the refused open kept the lock: %+v", holder)
	}
	best, err := NewestGoodBackup(path)
	if err != nil || best == nil {
		t.Fatalf("no good backup found: %v", err)
	}
	if filepath.Base(best.Path) != "shop-2026-11-23-daily.db" && filepath.Base(best.Path) != "shop-2026-11-monthly.db" {
		t.Fatalf("newest good backup: %s", best.Path)
	}
	if best.Customers != 300 {
		t.Fatalf("backup counts: %+v", best)
	}
	// Not while another Aftercare holds the file.
	l, _, err := acquireLock(path, clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := RestoreFile(path, best.Path, clk.Now); !errors.As(err, new(*LockedError)) {
		t.Fatalf("restored under another writer's lock: %v", err)
	}
	l.release()
	clk.add(time.Hour)
	out, err := RestoreFile(path, best.Path, clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	if !out.KeptDamaged || out.Kept != path+".damaged-2026-11-24T11-00" {
		t.Fatalf("kept: %+v", out)
	}
	if aside, _ := os.ReadFile(out.Kept); string(aside) != string(damaged) {
		t.Fatal("the damaged file was changed")
	}
	b, err := Open(Options{Path: path, Clock: clk.Now, Lock: true})
	if err != nil {
		t.Fatalf("after the restore: %v", err)
	}
	defer b.Close()
	if got := countCustomers(t, b); got != 300 {
		t.Fatalf("%d customers after the restore", got)
	}
}

// TestCommandBackupAndRestore: `backup` prints the copy's path; `restore`
// prints what it restored and where the old database went, and is refused
// while a window has the database open.
func TestCommandBackupAndRestore(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "shop.db")
	a, err := Open(Options{Path: db, Clock: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, a, "张伟", "13800138000")
	mustCreate(t, a, "李娜", "13912345678")
	a.Close()
	code, out, errs := runCmd(t, db, "backup")
	copyPath := strings.TrimSpace(out)
	if code != ExitOK || filepath.Dir(copyPath) != filepath.Join(dir, "backups") || CheckFile(copyPath) != nil {
		t.Fatalf("backup: %d %q %s", code, out, errs)
	}
	usb := filepath.Join(dir, "U盘")
	if code, out, errs := runCmd(t, db, "backup", "--to", usb); code != ExitOK || filepath.Dir(strings.TrimSpace(out)) != usb {
		t.Fatalf("backup --to: %d %q %s", code, out, errs)
	}
	b, err := Open(Options{Path: db, Clock: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, b, "王芳", "13700137000")
	b.Close()

	holder, err := Open(Options{Path: db, Lock: true})
	if err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	// A file is restored only when no Aftercare has it open; a shared
	// database while others work (in one transaction).
	if code, _, errs := runCmd(t, db, "restore", copyPath); !onPostgres() && (code != ExitFailure || !strings.Contains(errs, host)) {
		t.Fatalf("restore while open: %d %s", code, errs)
	}
	holder.Close()
	if code, _, _ := runCmd(t, db, "restore"); code != ExitUsage {
		t.Fatalf("restore without a file: exit %d", code)
	}
	if code, _, errs := runCmd(t, db, "restore", filepath.Join(dir, "none.db")); code != ExitFailure || !strings.Contains(errs, "none.db") {
		t.Fatalf("restore of a missing file: %d %s", code, errs)
	}
	code, out, errs = runCmd(t, db, "restore", copyPath)
	if code != ExitOK || !strings.Contains(out, "2 customers, 0 tickets") || !strings.Contains(out, "taken 20") || !strings.Contains(out, "pre-restore") {
		t.Fatalf("restore: %d %q %s", code, out, errs)
	}
	c, err := Open(Options{Path: db, Clock: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if n := countCustomers(t, c); n != 2 {
		t.Fatalf("%d customers after the restore", n)
	}
}
