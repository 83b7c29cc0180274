package app

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"aftercare/models"
)

// TestSecondWriterRefusedNamingThePC: a second writer on the same file is
// refused with the PC's name; reading commands still work meanwhile,
// writing ones do not; after the first closes, the file opens again.
func TestSecondWriterRefusedNamingThePC(t *testing.T) {
	sqliteOnly(t, "the one-writer lock of the file")
	dir := t.TempDir()
	path := filepath.Join(dir, "shop.db")
	clock := func() time.Time { return fixedNow }
	a, err := Open(Options{Path: path, Clock: clock, Lock: true})
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, a, "张伟", "13800138000")
	host, _ := os.Hostname()

	_, err = Open(Options{Path: path, Clock: clock, Lock: true})
	var le *LockedError
	if !errors.As(err, &le) || le.Host != host || le.PID != os.Getpid() || !le.Since.Equal(fixedNow) {
		t.Fatalf("second writer: %v (%+v)", err, le)
	}
	if !strings.Contains(err.Error(), host) {
		t.Fatalf("the message does not name the PC: %v", err)
	}
	if fe := models.AsFieldErrors(err).ForField("database"); fe == nil || fe.Key != "err.db.locked" || fe.Data["Host"] != host {
		t.Fatalf("not translatable: %+v", fe)
	}
	if info, err := LockHolder(path); err != nil || info == nil || info.PID != os.Getpid() {
		t.Fatalf("holder: %+v %v", info, err)
	}

	// Reading commands work while the window has the file open.
	out := filepath.Join(dir, "out.csv")
	if code, stdout, stderr := runCmd(t, path, "export-customers", out); code != ExitOK || !strings.Contains(stdout, "exported 1") {
		t.Fatalf("export while open: %d %s %s", code, stdout, stderr)
	}
	if code, stdout, stderr := runCmd(t, path, "backup", "--to", filepath.Join(dir, "copies")); code != ExitOK || CheckFile(strings.TrimSpace(stdout)) != nil {
		t.Fatalf("backup while open: %d %s %s", code, stdout, stderr)
	}
	if code, stdout, _ := runCmd(t, path, "check"); code != ExitOK || stdout != "ok\n" {
		t.Fatalf("check while open: %d %s", code, stdout)
	}
	// A read-only open writes nothing.
	ro, err := Open(Options{Path: path, Clock: clock, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ro.CreateCustomer(models.CustomerInput{Name: "李娜", Phones: []string{"13912345678"}}, CreateOptions{}); err == nil {
		t.Fatal("a read-only open wrote")
	}
	ro.Close()
	// Writing commands are refused with the same message.
	csv := filepath.Join(dir, "in.csv")
	os.WriteFile(csv, []byte("姓名,手机\n李娜,13912345678\n"), 0o644)
	for _, args := range [][]string{{"import-customers", csv}, {"demo", "--customers", "5"}} {
		if code, _, stderr := runCmd(t, path, args...); code != ExitFailure || !strings.Contains(stderr, host) {
			t.Fatalf("%v while open: %d %s", args, code, stderr)
		}
	}
	if n := countCustomers(t, a); n != 1 {
		t.Fatalf("a refused command wrote: %d customers", n)
	}
	a.Close()
	a.Close() // twice is harmless
	if info, _ := LockHolder(path); info != nil {
		t.Fatalf("lock held after close: %+v", info)
	}
	b, err := Open(Options{Path: path, Clock: clock, Lock: true})
	if err != nil {
		t.Fatal(err)
	}
	if b.StaleLock != nil {
		t.Fatalf("a clean close left a stale lock: %+v", b.StaleLock)
	}
	b.Close()
}

// TestStaleLockIsTakenOver: a lock file left by a process that is gone
// (its OS lock is free) is detected and rewritten by the next start. The
// crash test does the same with real killed processes.
func TestStaleLockIsTakenOver(t *testing.T) {
	sqliteOnly(t, "the one-writer lock of the file")
	path := filepath.Join(t.TempDir(), "shop.db")
	gone := LockInfo{Host: "前台电脑", PID: 999999, Since: fixedNow.Add(-time.Hour)}
	data, _ := json.Marshal(gone)
	os.WriteFile(path+".lock", data, 0o644)
	a, err := Open(Options{Path: path, Clock: func() time.Time { return fixedNow }, Lock: true})
	if err != nil {
		t.Fatalf("a stale lock blocked the start: %v", err)
	}
	defer a.Close()
	if a.StaleLock == nil || a.StaleLock.Host != "前台电脑" || a.StaleLock.PID != 999999 {
		t.Fatalf("stale lock not reported: %+v", a.StaleLock)
	}
	info, err := LockHolder(path)
	if err != nil || info == nil || info.PID != os.Getpid() {
		t.Fatalf("the lock file was not taken over: %+v %v", info, err)
	}
}
