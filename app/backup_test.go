package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"aftercare/models"
)

// backupNames lists the file names in dir, sorted.
func backupNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

func mustInspect(t *testing.T, path string) *BackupInfo {
	t.Helper()
	info, err := InspectBackup(path)
	if err != nil {
		t.Fatalf("inspect %s: %v", path, err)
	}
	if !info.Good() {
		t.Fatalf("%s is not a good backup: %v", path, info.Problem)
	}
	return info
}

// TestDailyBackupOncePerDayThenAtExit: the first start of a day makes the
// day's copy and the month's; a second start the same day makes none;
// the exit refreshes the day's copy with the day's work while the month's
// copy stays the first of the month.
func TestDailyBackupOncePerDayThenAtExit(t *testing.T) {
	a, clk := newRulesApp(t)
	mustCreate(t, a, "张伟", "13800138000")
	res, err := a.DailyBackupIfDue()
	if err != nil || res == nil {
		t.Fatalf("first start of the day: %+v %v", res, err)
	}
	dir := filepath.Join(filepath.Dir(a.Path()), "backups")
	if res.Daily != filepath.Join(dir, "rules-2026-11-23-daily.db") || res.Monthly != filepath.Join(dir, "rules-2026-11-monthly.db") {
		t.Fatalf("names: %q %q", res.Daily, res.Monthly)
	}
	if got := backupNames(t, dir); strings.Join(got, " ") != "rules-2026-11-23-daily.db rules-2026-11-monthly.db" {
		t.Fatalf("backups folder: %v", got)
	}
	info := mustInspect(t, res.Daily)
	if !info.Taken.Equal(fixedNow) || info.FileTime || info.Customers != 1 || info.Schema != SchemaVersion {
		t.Fatalf("daily copy: %+v", info)
	}
	if day, _ := a.Setting(keyLastBackupDay); day != "2026-11-23" {
		t.Fatalf("last backup day %q", day)
	}
	clk.add(2 * time.Hour)
	if again, err := a.DailyBackupIfDue(); err != nil || again != nil {
		t.Fatalf("second start the same day made a backup: %+v %v", again, err)
	}
	// Nothing written since the day's backup: the exit has nothing to add.
	if none, err := a.BackupAtExit(); err != nil || none != nil {
		t.Fatalf("an exit without changes made a backup: %+v %v", none, err)
	}
	mustCreate(t, a, "李娜", "13912345678")
	exit, err := a.BackupAtExit()
	if err != nil || exit.Daily != res.Daily || exit.Monthly != "" {
		t.Fatalf("exit backup: %+v %v", exit, err)
	}
	if info := mustInspect(t, exit.Daily); info.Customers != 2 || !info.Taken.Equal(fixedNow.Add(2*time.Hour)) {
		t.Fatalf("the exit did not refresh the day's copy: %+v", info)
	}
	if info := mustInspect(t, res.Monthly); info.Customers != 1 {
		t.Fatalf("the month's copy changed: %+v", info)
	}
	if at, path, err := a.LastAutoBackup(); err != nil || !at.Equal(fixedNow.Add(2*time.Hour)) || path != res.Daily {
		t.Fatalf("last backup: %v %q %v", at, path, err)
	}
	// The next day is due again.
	clk.add(24 * time.Hour)
	next, err := a.DailyBackupIfDue()
	if err != nil || next == nil || filepath.Base(next.Daily) != "rules-2026-11-24-daily.db" || next.Monthly != "" {
		t.Fatalf("next day: %+v %v", next, err)
	}
	// A day's copy that disappeared is made again on the next start.
	os.Remove(next.Daily)
	if again, err := a.DailyBackupIfDue(); err != nil || again == nil {
		t.Fatalf("a missing copy of today was not made again: %+v %v", again, err)
	}
}

// TestBackupRotationKeeps14DailyAnd12Monthly runs backups over fifteen
// months and then sixteen days in a row, and checks what is left, and that
// other files survive.
func TestBackupRotationKeeps14DailyAnd12Monthly(t *testing.T) {
	a, clk := newRulesApp(t)
	mustCreate(t, a, "张伟", "13800138000")
	dir := a.BackupsDir()
	os.MkdirAll(dir, 0o755)
	keep := []string{"rules-backup-20250101-100000.db", "rules-2025-01-01-120000-pre-restore.db", "other-2025-01-01-daily.db", "rules-2025-01-01-daily.db.txt"}
	for _, n := range keep {
		os.WriteFile(filepath.Join(dir, n), []byte("not ours to remove"), 0o644)
	}
	// One start a month for 15 months, then every day for 16 days.
	var days []time.Time
	for m := 0; m < 15; m++ {
		days = append(days, fixedNow.AddDate(0, m, 0))
	}
	last := days[len(days)-1]
	for i := 1; i <= 16; i++ {
		days = append(days, last.AddDate(0, 0, i))
	}
	var removed int
	for _, d := range days {
		clk.add(d.Sub(clk.Now()))
		res, err := a.DailyBackupIfDue()
		if err != nil || res == nil {
			t.Fatalf("%s: %+v %v", d.Format("2006-01-02"), res, err)
		}
		removed += len(res.Removed)
	}
	var daily, monthly []string
	for _, n := range backupNames(t, dir) {
		switch {
		case strings.HasPrefix(n, "rules-") && strings.HasSuffix(n, "-daily.db"):
			daily = append(daily, n)
		case strings.HasPrefix(n, "rules-") && strings.HasSuffix(n, "-monthly.db"):
			monthly = append(monthly, n)
		}
	}
	end := days[len(days)-1]
	if len(daily) != KeepDaily || daily[0] != "rules-"+end.AddDate(0, 0, -13).Format("2006-01-02")+"-daily.db" || daily[13] != "rules-"+end.Format("2006-01-02")+"-daily.db" {
		t.Fatalf("daily copies kept: %d %v", len(daily), daily)
	}
	if len(monthly) != KeepMonthly || monthly[11] != "rules-"+end.Format("2006-01")+"-monthly.db" || monthly[0] != "rules-"+end.AddDate(0, -11, 0).Format("2006-01")+"-monthly.db" {
		t.Fatalf("monthly copies kept: %d %v", len(monthly), monthly)
	}
	// The month's copy is the first backup of its month.
	first := map[string]time.Time{}
	for _, d := range days {
		if m := d.Format("2006-01"); first[m].IsZero() {
			first[m] = d
		}
	}
	if want := len(days) - KeepDaily + len(first) - KeepMonthly; removed != want {
		t.Fatalf("removed %d copies, want %d", removed, want)
	}
	for _, n := range keep {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Fatalf("rotation removed %s", n)
		}
	}
	for _, n := range monthly {
		m := strings.TrimSuffix(strings.TrimPrefix(n, "rules-"), "-monthly.db")
		if info := mustInspect(t, filepath.Join(dir, n)); !info.Taken.Equal(first[m]) {
			t.Fatalf("%s was taken %v, want the month's first backup %v", n, info.Taken, first[m])
		}
	}
}

// TestFailedCopyIsRemovedNotCounted: a copy that fails its check is
// removed and reported, and the good copy of the same name stays.
func TestFailedCopyIsRemovedNotCounted(t *testing.T) {
	a := newTestApp(t)
	mustCreate(t, a, "张伟", "13800138000")
	res, err := a.AutoBackupNow()
	if err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(res.Daily)
	// A damaged copy arrives as the next ".part" of the same name.
	bad := append([]byte(nil), good...)
	for i := 4096; i < len(bad) && i < 4*4096; i++ {
		bad[i] = 0x5A
	}
	tmp := res.Daily + ".part"
	os.WriteFile(tmp, bad, 0o644)
	err = settleChecked(tmp, res.Daily)
	if err == nil || !strings.Contains(err.Error(), "failed its check") {
		t.Fatalf("a damaged copy was accepted: %v", err)
	}
	if _, serr := os.Stat(tmp); !errors.Is(serr, os.ErrNotExist) {
		t.Fatal("the failed copy was left behind")
	}
	if now, _ := os.ReadFile(res.Daily); string(now) != string(good) {
		t.Fatal("the good copy was replaced by a failed one")
	}
	// A backups folder that cannot be made: reported, nothing counted.
	b := newTestApp(t)
	os.WriteFile(b.BackupsDir(), []byte("a file where the folder should be"), 0o644)
	if _, err := b.AutoBackupNow(); err == nil {
		t.Fatal("a backup into an impossible folder reported success")
	}
	if day, _ := b.Setting(keyLastBackupDay); day != "" {
		t.Fatalf("a failed backup was recorded as the day's: %q", day)
	}
}

// TestSecondBackupFolder: the automatic backup is copied to the second
// folder and rotated there; a missing folder (USB stick unplugged) is
// reported without failing the backup, and is not created.
func TestSecondBackupFolder(t *testing.T) {
	a, clk := newRulesApp(t)
	mustCreate(t, a, "张伟", "13800138000")
	usb := filepath.Join(t.TempDir(), "U盘")
	if err := a.SetSecondBackupFolder(usb); models.AsFieldErrors(err).ForField("backup_folder") == nil {
		t.Fatalf("a missing folder was accepted: %v", err)
	}
	if err := a.SetSecondBackupFolder(filepath.Dir(a.Path())); models.AsFieldErrors(err).ForField("backup_folder") == nil {
		t.Fatalf("the database's own folder was accepted: %v", err)
	}
	os.MkdirAll(usb, 0o755)
	if err := a.SetSecondBackupFolder(usb); err != nil {
		t.Fatal(err)
	}
	if got, _ := a.SecondBackupFolder(); got != usb {
		t.Fatalf("second folder %q", got)
	}
	res, err := a.DailyBackupIfDue()
	if err != nil || res.SecondErr != nil || len(res.Second) != 2 {
		t.Fatalf("backup with a second folder: %+v %v", res, err)
	}
	if got := backupNames(t, usb); strings.Join(got, " ") != "rules-2026-11-23-daily.db rules-2026-11-monthly.db" {
		t.Fatalf("second folder holds %v", got)
	}
	mustInspect(t, filepath.Join(usb, "rules-2026-11-23-daily.db"))
	// Rotation in the second folder too: with fifteen older copies there,
	// the next backup leaves the fourteen newest.
	for i := 1; i <= 15; i++ {
		os.WriteFile(filepath.Join(usb, "rules-2026-10-"+fmt.Sprintf("%02d", i)+"-daily.db"), []byte("old"), 0o644)
	}
	clk.add(24 * time.Hour)
	if res, err := a.DailyBackupIfDue(); err != nil || res.SecondErr != nil {
		t.Fatalf("next day: %+v %v", res, err)
	}
	var dailies []string
	for _, name := range backupNames(t, usb) {
		if strings.HasSuffix(name, "-daily.db") {
			dailies = append(dailies, name)
		}
	}
	if len(dailies) != KeepDaily || dailies[0] != "rules-2026-10-04-daily.db" || dailies[13] != "rules-2026-11-24-daily.db" {
		t.Fatalf("daily copies in the second folder: %v", dailies)
	}
	// The stick is unplugged.
	os.RemoveAll(usb)
	clk.add(24 * time.Hour)
	res, err = a.DailyBackupIfDue()
	if err != nil || res == nil {
		t.Fatalf("a missing second folder failed the backup: %v", err)
	}
	var se *StorageError
	if !errors.As(res.SecondErr, &se) || se.Kind != StorageMissingFolder {
		t.Fatalf("missing second folder reported as %v", res.SecondErr)
	}
	if fe := models.AsFieldErrors(res.SecondErr).ForField("database"); fe == nil || fe.Key != "err.storage.missing_folder" {
		t.Fatalf("not translatable: %v", res.SecondErr)
	}
	if _, err := os.Stat(usb); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("the missing second folder was created")
	}
	mustInspect(t, res.Daily)
	if err := a.SetSecondBackupFolder(""); err != nil {
		t.Fatal(err)
	}
}

// TestBackupNeedsBackupPermission: counter staff may neither copy the
// whole database nor set where copies go; a business manager may.
func TestBackupNeedsBackupPermission(t *testing.T) {
	a, _ := newSignInApp(t)
	ids := map[models.Role]string{}
	for _, r := range []models.Role{models.RoleCounter, models.RoleBusinessManager} {
		s, err := a.CreateStaff(models.StaffInput{Name: string(r), Roles: []models.Role{r}, Active: true})
		if err != nil {
			t.Fatal(err)
		}
		if err := a.SetSecret(s.ID, "", "2468"); err != nil {
			t.Fatal(err)
		}
		ids[r] = s.ID
	}
	dir := t.TempDir()
	if _, err := a.SignIn(ids[models.RoleCounter], "2468"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.BackupTo(dir); models.AsFieldErrors(err).ForField("permission") == nil {
		t.Fatalf("counter backed up: %v", err)
	}
	if err := a.SetSecondBackupFolder(dir); models.AsFieldErrors(err).ForField("permission") == nil {
		t.Fatalf("counter set the second folder: %v", err)
	}
	if len(backupNames(t, dir)) != 0 {
		t.Fatal("a refused backup wrote a file")
	}
	a.SignOut()
	if _, err := a.SignIn(ids[models.RoleBusinessManager], "2468"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.BackupTo(dir); err != nil {
		t.Fatal(err)
	}
}

// An exit while the start-of-day backup is still copying waits for it and
// does not copy the file a second time.
func TestExitWaitsForTheDailyBackup(t *testing.T) {
	a, _ := newRulesApp(t)
	mustCreate(t, a, "张伟", "13800138000")
	done := make(chan *AutoBackup, 1)
	a.backupMu.Lock() // the daily backup has started: it holds the lock
	go func() {
		res, err := a.BackupAtExit()
		if err != nil {
			t.Error(err)
		}
		done <- res
	}()
	time.Sleep(100 * time.Millisecond) // the window closed meanwhile
	// The daily backup finishes: its copy is in place, the work in it.
	if err := os.MkdirAll(a.BackupsDir(), 0o755); err != nil {
		t.Fatal(err)
	}
	a.written.Store(false)
	if _, err := a.writeBackup(filepath.Join(a.BackupsDir(), dailyName(a.path, a.clock()))); err != nil {
		t.Fatal(err)
	}
	a.backupMu.Unlock()
	if res := <-done; res != nil {
		t.Fatalf("the exit copied the database again: %+v", res)
	}
}
