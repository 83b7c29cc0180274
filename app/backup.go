package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"aftercare/models"
)

// This file holds the SQLite-only parts: consistent copies and integrity
// checks. A future shared-database engine replaces them here, in one place.
//
// Every copy is made the same way (writeBackup): VACUUM INTO a ".part"
// file, the time it was taken written into the copy's app_meta, a full
// integrity check of the copy, fsync, and only then the rename to its
// name. A copy that fails is removed and the error returned: it never
// takes the place of a good one, and rotation never counts it.
//
// Automatic copies live in the backups folder beside the database:
//
//	aftercare-2026-11-23-daily.db   one per day: the first start of the day
//	                                makes it, each exit refreshes it
//	aftercare-2026-11-monthly.db    the month's copy: a copy of the first
//	                                good daily backup of that month
//
// Rotation keeps the 14 newest daily and the 12 newest monthly copies and
// never touches any other file (a pre-restore or pre-migration copy, a
// copy made with "Back up now"). The second backup folder (Settings, e.g.
// a USB stick) gets the same files and the same rotation; when it cannot
// be reached the backup still counts and the problem is reported.

// Rotation limits.
const (
	KeepDaily   = 14
	KeepMonthly = 12
)

// Setting keys of the backups.
const (
	keySecondBackupFolder = "backup.second_folder"
	keyLastBackupDay      = "backup.last_day" // YYYY-MM-DD of the last good automatic backup
	keyLastBackupAt       = "backup.last_at"  // RFC 3339 time of it
	keyLastBackupPath     = "backup.last_path"
)

// metaBackupTakenAt is the app_meta row each copy carries: when it was
// taken (InspectBackup shows it; the file time changes when a copy is
// copied again).
const metaBackupTakenAt = "backup_taken_at"

// AutoBackup reports an automatic backup.
type AutoBackup struct {
	Daily   string        // the day's copy
	Monthly string        // the month's copy, when this backup started it
	Second  []string      // the copies written to the second backup folder
	Removed []string      // old copies rotation removed
	Took    time.Duration // how long it took
	// SecondErr: the second backup folder could not be written (a missing
	// USB stick). The backup beside the database still counts.
	SecondErr error
}

// BackupsDir is the folder of the automatic backups, beside the database.
func (a *App) BackupsDir() string { return backupsDir(a.path) }

func backupsDir(dbPath string) string { return filepath.Join(filepath.Dir(dbPath), "backups") }

// dbStem is the database's name without its extension: aftercare.db → aftercare.
func dbStem(dbPath string) string {
	return strings.TrimSuffix(filepath.Base(dbPath), filepath.Ext(dbPath))
}

func dailyName(dbPath string, day time.Time) string {
	return fmt.Sprintf("%s-%s-daily.db", dbStem(dbPath), day.Format("2006-01-02"))
}

func monthlyName(dbPath string, day time.Time) string {
	return fmt.Sprintf("%s-%s-monthly.db", dbStem(dbPath), day.Format("2006-01"))
}

// backupBeside copies the live database next to it, named with a tag and
// the time: aftercare.db → aftercare-pre-v2-20261123-101500.db.
func (a *App) backupBeside(tag string) (string, error) {
	name := fmt.Sprintf("%s-%s-%s.db", dbStem(a.path), tag, a.clock().Format("20060102-150405"))
	return a.writeBackup(uniquePath(filepath.Join(filepath.Dir(a.path), name)))
}

// BackupTo writes a consistent copy of the live database into dir (created
// if missing) and verifies it before reporting its path ("Back up now").
func (a *App) BackupTo(dir string) (string, error) {
	if err := a.require(models.PermBackup); err != nil {
		return "", err
	}
	if strings.TrimSpace(dir) == "" {
		return "", models.NewFieldError("backup_folder", "err.backup.no_folder", "Choose the folder to back up to.", nil)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", describeStorage(err, dir, "backup: create folder %s", dir)
	}
	name := fmt.Sprintf("%s-backup-%s.db", dbStem(a.path), a.clock().Format("20060102-150405"))
	return a.writeBackup(uniquePath(filepath.Join(dir, name)))
}

// uniquePath returns target, or target with -2, -3… before the extension
// when a file of that name exists: a copy never overwrites another.
func uniquePath(target string) string {
	ext := filepath.Ext(target)
	stem := strings.TrimSuffix(target, ext)
	for i := 2; ; i++ {
		if _, err := os.Lstat(target); errors.Is(err, os.ErrNotExist) {
			return target
		}
		target = fmt.Sprintf("%s-%d%s", stem, i, ext)
	}
}

// vacuumInto makes an unchecked consistent copy of the live database (for
// benchmarks that need a quick scratch copy); it never overwrites a file.
func (a *App) vacuumInto(target string) (string, error) {
	target = uniquePath(target)
	if a.pg {
		_, err := copyToFile(context.Background(), a.db, target, nil)
		return target, err
	}
	if err := a.db.Exec("VACUUM INTO ?", target).Error; err != nil {
		return "", fmt.Errorf("backup to %s: %w", target, err)
	}
	return target, nil
}

// writeBackup makes a checked copy of the live database at target,
// replacing a file of that name only once the copy has passed its check.
func (a *App) writeBackup(target string) (string, error) {
	return writeBackupFrom(a.db, target, a.clock())
}

// writeBackupFrom copies the database open in db (read-write or
// read-only) to target, stamped with the time at.
func writeBackupFrom(db *gorm.DB, target string, at time.Time) (string, error) {
	tmp := target + ".part"
	os.Remove(tmp) // left by a copy that was interrupted
	copyInto := func() error { return db.Exec("VACUUM INTO ?", tmp).Error }
	if isPostgres(db) {
		// A shared database is backed up as the same SQLite file: a
		// restore works on either engine (copydb.go).
		copyInto = func() error { _, err := copyToFile(context.Background(), db, tmp, nil); return err }
	}
	if err := copyInto(); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("backup to %s: %w", target, classifyStorage(err, filepath.Dir(target)))
	}
	if err := stampBackup(tmp, at); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("backup to %s: %w", target, classifyStorage(err, filepath.Dir(target)))
	}
	if err := settleChecked(tmp, target); err != nil {
		return "", err
	}
	return target, nil
}

// settleChecked checks the copy at tmp, makes it durable and renames it to
// target; a copy that fails is removed.
func settleChecked(tmp, target string) error {
	if err := CheckFile(tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup to %s: the copy failed its check and was removed: %w", target, err)
	}
	if err := syncFile(tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup to %s: %w", target, classifyStorage(err, filepath.Dir(target)))
	}
	if err := os.Rename(tmp, target); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup to %s: %w", target, classifyStorage(err, filepath.Dir(target)))
	}
	syncDir(filepath.Dir(target))
	return nil
}

// stampBackup writes when the copy was taken into the copy itself.
func stampBackup(path string, at time.Time) error {
	db, err := gorm.Open(sqlite.Open("file:"+filepath.ToSlash(path)+"?_journal_mode=DELETE"), &gorm.Config{Logger: logger.Default.LogMode(logger.Silent)})
	if err != nil {
		return err
	}
	err = db.Save(&models.Meta{Key: metaBackupTakenAt, Value: at.Format(time.RFC3339)}).Error
	if s, derr := db.DB(); derr == nil {
		err = errors.Join(err, s.Close())
	}
	return err
}

// copyChecked copies a backup file into dir under the same name through a
// checked ".part" file.
func copyChecked(src, dir string) (string, error) {
	target := filepath.Join(dir, filepath.Base(src))
	tmp := target + ".part"
	if err := copyFile(src, tmp); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("copy %s to %s: %w", filepath.Base(src), dir, classifyStorage(err, dir))
	}
	if err := settleChecked(tmp, target); err != nil {
		return "", err
	}
	return target, nil
}

// copyFile copies src to dst (created or truncated) and syncs it.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	return errors.Join(err, out.Close())
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	return errors.Join(err, f.Close())
}

// syncDir makes a rename durable on Unix; Windows cannot open a folder
// this way, and its renames need no such step.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// DailyBackupIfDue makes the day's automatic backup unless one was made
// today; the window calls it after it has shown (off the UI goroutine).
// It returns nil, nil when nothing was due.
func (a *App) DailyBackupIfDue() (*AutoBackup, error) {
	if a.opts.ReadOnly {
		return nil, nil
	}
	today := a.clock().Format("2006-01-02")
	last, err := a.Setting(keyLastBackupDay)
	if err != nil {
		return nil, err
	}
	if last == today {
		if _, err := os.Stat(filepath.Join(a.BackupsDir(), dailyName(a.path, a.clock()))); err == nil {
			return nil, nil
		}
	}
	return a.AutoBackupNow()
}

// BackupAtExit refreshes the day's automatic backup with the day's work;
// the window calls it when it closes. When nothing was written since
// today's backup there is nothing to add, and it returns nil, nil: on a
// database of ten years (5 GB) a copy takes a minute, which a person
// opening the app only to look something up should not wait for.
func (a *App) BackupAtExit() (*AutoBackup, error) {
	if a.opts.ReadOnly {
		return nil, nil
	}
	// A start-of-day backup still running is waited for first: it may be
	// the copy this exit would make again (on a 6 GB file, minutes).
	a.backupMu.Lock()
	_, statErr := os.Stat(filepath.Join(a.BackupsDir(), dailyName(a.path, a.clock())))
	upToDate := !a.written.Load() && statErr == nil
	a.backupMu.Unlock()
	if upToDate {
		return nil, nil
	}
	return a.AutoBackupNow()
}

// bookkeepingKey marks the context of the backup's own record in the
// settings, which is no change of the shop's data.
type bookkeepingKey struct{}

// watchWrites notes every statement that changed a row, for BackupAtExit.
func (a *App) watchWrites() error {
	mark := func(db *gorm.DB) {
		if db.Statement.Context != nil && db.Statement.Context.Value(bookkeepingKey{}) != nil {
			return
		}
		if sql := strings.TrimSpace(db.Statement.SQL.String()); len(sql) > 6 && (strings.EqualFold(sql[:6], "VACUUM") || strings.EqualFold(sql[:6], "PRAGMA")) {
			return // the copy itself, and settings of the connection
		}
		if !db.DryRun && db.Error == nil && db.Statement.RowsAffected > 0 {
			a.written.Store(true)
		}
	}
	cb := a.db.Callback()
	for _, err := range []error{
		cb.Create().After("gorm:create").Register("backup:written", mark),
		cb.Update().After("gorm:update").Register("backup:written", mark),
		cb.Delete().After("gorm:delete").Register("backup:written", mark),
		cb.Raw().After("gorm:raw").Register("backup:written", mark),
	} {
		if err != nil {
			return fmt.Errorf("open: %w", err)
		}
	}
	return nil
}

// AutoBackupNow writes (or refreshes) the day's copy in the backups
// folder, starts the month's copy when the month has none, copies both to
// the second backup folder when one is set, rotates, and records the day.
func (a *App) AutoBackupNow() (*AutoBackup, error) {
	a.backupMu.Lock()
	defer a.backupMu.Unlock()
	start := time.Now()
	now := a.clock()
	dir := a.BackupsDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, describeStorage(err, dir, "backup: create %s", dir)
	}
	res := &AutoBackup{}
	// Writes from here on are after the copy: the exit backup takes them.
	a.written.Store(false)
	daily, err := a.writeBackup(filepath.Join(dir, dailyName(a.path, now)))
	if err != nil {
		a.written.Store(true) // the day's work is still not in a backup
		return nil, err
	}
	res.Daily = daily
	written := []string{daily}
	monthly := filepath.Join(dir, monthlyName(a.path, now))
	if _, err := os.Stat(monthly); errors.Is(err, os.ErrNotExist) {
		if err := copyAs(daily, monthly); err != nil {
			return nil, err
		}
		res.Monthly = monthly
		written = append(written, monthly)
	}
	removed, err := rotate(dir, a.path)
	res.Removed = append(res.Removed, removed...)
	if err != nil {
		return nil, err
	}
	// Recording the backup is not work the next backup must take.
	if err := a.db.WithContext(context.WithValue(context.Background(), bookkeepingKey{}, true)).Transaction(func(tx *gorm.DB) error {
		return setSettings(tx, map[string]string{keyLastBackupDay: now.Format("2006-01-02"), keyLastBackupAt: now.Format(time.RFC3339), keyLastBackupPath: daily})
	}); err != nil {
		return nil, fmt.Errorf("backup: record the day: %w", err)
	}
	if second, _ := a.SecondBackupFolder(); second != "" {
		res.Second, res.SecondErr = a.copyToSecond(second, written)
	}
	res.Took = time.Since(start)
	return res, nil
}

// copyAs copies a checked backup to another name in the same folder,
// checked again before it counts.
func copyAs(src, target string) error {
	tmp := target + ".part"
	if err := copyFile(src, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup to %s: %w", target, classifyStorage(err, filepath.Dir(target)))
	}
	return settleChecked(tmp, target)
}

// copyToSecond copies the new files into the second backup folder and
// rotates it. The folder is never created: a USB stick that is not
// plugged in must not turn into a folder on the local disk.
func (a *App) copyToSecond(dir string, files []string) ([]string, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, describeStorage(err, dir, "second backup folder %s", dir)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("second backup folder %s is not a folder", dir)
	}
	var out []string
	for _, f := range files {
		p, err := copyChecked(f, dir)
		if err != nil {
			return out, err
		}
		out = append(out, p)
	}
	_, err = rotate(dir, a.path)
	return out, err
}

// rotate removes the daily copies beyond the newest KeepDaily and the
// monthly ones beyond the newest KeepMonthly of this database in dir.
// Only files named like automatic copies of this database are touched.
func rotate(dir, dbPath string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, describeStorage(err, dir, "backup: read %s", dir)
	}
	stem := regexp.QuoteMeta(dbStem(dbPath))
	dailyRe := regexp.MustCompile(`^` + stem + `-\d{4}-\d{2}-\d{2}-daily\.db$`)
	monthlyRe := regexp.MustCompile(`^` + stem + `-\d{4}-\d{2}-monthly\.db$`)
	var daily, monthly []string
	for _, e := range entries {
		switch n := e.Name(); {
		case e.IsDir():
		case dailyRe.MatchString(n):
			daily = append(daily, n)
		case monthlyRe.MatchString(n):
			monthly = append(monthly, n)
		}
	}
	var removed []string
	var errs []error
	for _, set := range []struct {
		names []string
		keep  int
	}{{daily, KeepDaily}, {monthly, KeepMonthly}} {
		// The names hold the date: newest first by name.
		sort.Sort(sort.Reverse(sort.StringSlice(set.names)))
		for _, n := range set.names[min(set.keep, len(set.names)):] {
			p := filepath.Join(dir, n)
			if err := os.Remove(p); err != nil {
				errs = append(errs, err)
				continue
			}
			removed = append(removed, p)
		}
	}
	return removed, errors.Join(errs...)
}

// LastAutoBackup is when the last automatic backup was made and where;
// zero when none was.
func (a *App) LastAutoBackup() (time.Time, string, error) {
	at, err := a.Setting(keyLastBackupAt)
	if err != nil || at == "" {
		return time.Time{}, "", err
	}
	path, err := a.Setting(keyLastBackupPath)
	if err != nil {
		return time.Time{}, "", err
	}
	t, err := time.Parse(time.RFC3339, at)
	if err != nil {
		return time.Time{}, "", nil
	}
	return t, path, nil
}

// SecondBackupFolder is the folder that also receives the automatic
// backups, "" when none is set.
func (a *App) SecondBackupFolder() (string, error) { return a.Setting(keySecondBackupFolder) }

// SetSecondBackupFolder sets (or, with "", clears) the second backup
// folder. The folder must exist now; later, a missing one is reported at
// each backup and not created.
func (a *App) SetSecondBackupFolder(dir string) error {
	if err := a.require(models.PermBackup); err != nil {
		return err
	}
	dir = strings.TrimSpace(dir)
	if dir != "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return models.NewFieldError("backup_folder", "err.backup.folder_missing", "The folder {{.Path}} cannot be reached. Plug in the drive or choose another folder.", map[string]any{"Path": dir})
		}
		dir = abs
		st, err := os.Stat(dir)
		if err != nil || !st.IsDir() {
			return models.NewFieldError("backup_folder", "err.backup.folder_missing", "The folder {{.Path}} cannot be reached. Plug in the drive or choose another folder.", map[string]any{"Path": dir})
		}
		if sameFolder(dir, a.BackupsDir()) || sameFolder(dir, filepath.Dir(a.path)) {
			return models.NewFieldError("backup_folder", "err.backup.folder_same", "Choose a folder on another disk or a USB stick: this one already holds the database or its backups.", nil)
		}
	}
	before, err := a.SecondBackupFolder()
	if err != nil {
		return err
	}
	return a.db.Transaction(func(tx *gorm.DB) error {
		if err := setSettings(tx, map[string]string{keySecondBackupFolder: dir}); err != nil {
			return err
		}
		return a.audit(tx, "settings", keySecondBackupFolder, "update", diffFields([]string{"second_backup_folder"}, []string{before}, []string{dir}))
	})
}

func sameFolder(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	if err1 == nil && err2 == nil {
		return os.SameFile(sa, sb)
	}
	return filepath.Clean(a) == filepath.Clean(b)
}

// Check runs SQLite's full integrity check and a foreign key check on the
// open database.
func (a *App) Check() error {
	if a.pg { // the server checks its storage and references itself
		return a.CheckShared(context.Background())
	}
	return checkDB(a.db)
}

// QuickCheck is SQLite's quick_check of the whole file, run at every
// start: by Open itself, or for the window in the background once it has
// drawn (checkgate.go).
func (a *App) QuickCheck() error {
	if a.pg {
		return a.CheckShared(context.Background())
	}
	return quickCheckDB(context.Background(), a.db, "")
}

// errQuickCheckFailed: SQLite's quick check found damage (as opposed to
// not being able to run it at all: a busy or unreadable file).
var errQuickCheckFailed = errors.New("quick check: the database is damaged")

// CheckFile opens a database file read-only and checks it.
func CheckFile(path string) error {
	db, err := openReadOnly(path)
	if err != nil {
		return err
	}
	defer closeGorm(db)
	return checkDB(db)
}

// openReadOnly opens a database file that must not be changed (a backup,
// a damaged file) for reading only.
func openReadOnly(path string) (*gorm.DB, error) {
	return gorm.Open(sqlite.Open("file:"+filepath.ToSlash(path)+"?mode=ro"), &gorm.Config{Logger: logger.Default.LogMode(logger.Silent)})
}

func closeGorm(db *gorm.DB) {
	if s, err := db.DB(); err == nil {
		s.Close()
	}
}

func checkDB(db *gorm.DB) error {
	var res []string
	if err := db.Raw("PRAGMA integrity_check").Scan(&res).Error; err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if len(res) != 1 || res[0] != "ok" {
		return fmt.Errorf("integrity check failed: %s", strings.Join(res, "; "))
	}
	var fk []map[string]any
	if err := db.Raw("PRAGMA foreign_key_check").Scan(&fk).Error; err != nil {
		return fmt.Errorf("foreign key check: %w", err)
	}
	if len(fk) > 0 {
		return fmt.Errorf("foreign key check: %d rows point to missing records", len(fk))
	}
	return nil
}
