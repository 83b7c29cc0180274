package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"aftercare/models"
)

// Restore puts a backup in the place of the live database:
//
//  1. the backup is inspected (integrity check, schema, counts) and
//     refused when damaged, not an Aftercare database, or newer than this
//     build;
//  2. the current database is kept: a checked copy in the backups folder
//     tagged pre-restore, or, when it is damaged, the file itself (with
//     its -wal and -shm) renamed aside untouched as
//     aftercare.db.damaged-2026-11-23T10-00;
//  3. the backup is copied to a temporary file in the database's folder,
//     synced and checked, the live file's stale -wal/-shm are removed, and
//     the copy is renamed over the live file (a rename within one folder
//     is atomic: the file is either the old database or the whole backup);
//  4. the database is reopened (migrated when the backup is older).
//
// The writer's lock is held throughout, so no other Aftercare opens the
// file half-way.

// DamagedError: the database failed its integrity check when it was
// opened. Nothing was written to it.
type DamagedError struct {
	Path string
	Err  error
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("the database %s is damaged and was not opened (nothing was written to it): %v", e.Path, e.Err)
}

func (e *DamagedError) Unwrap() error { return e.Err }

// BackupInfo describes a backup file before it is restored.
type BackupInfo struct {
	Path string
	// Taken is when the copy was made: the time written into it, or, for
	// a file without one (an older copy), its modification time.
	Taken     time.Time
	FileTime  bool // Taken is the file's modification time
	Size      int64
	Schema    int
	Customers int64
	Tickets   int64
	// Problem is why the file cannot be restored (a failed integrity
	// check, a newer schema); nil for a good backup.
	Problem error
}

// Good reports whether the backup can be restored.
func (b *BackupInfo) Good() bool { return b != nil && b.Problem == nil }

// InspectBackup opens a backup read-only and reports its date, schema,
// counts and integrity. An error means the file could not be read as an
// Aftercare database at all.
func InspectBackup(path string) (*BackupInfo, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, describeStorage(err, path, "backup %s", path)
	}
	if st.IsDir() {
		return nil, notABackup(path)
	}
	info := &BackupInfo{Path: path, Size: st.Size(), Taken: st.ModTime(), FileTime: true}
	db, err := openReadOnly(path)
	if err != nil {
		return nil, notABackup(path)
	}
	defer closeGorm(db)
	var tables []string
	if err := db.Raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('app_meta', 'customers', 'tickets')`).Scan(&tables).Error; err != nil {
		if isDamage(err) {
			info.Problem = fmt.Errorf("integrity check failed: %w", err)
			return info, nil
		}
		return nil, notABackup(path)
	}
	if len(tables) < 3 {
		return nil, notABackup(path)
	}
	var meta []models.Meta
	if err := db.Where("key IN ?", []string{"schema_version", metaBackupTakenAt}).Find(&meta).Error; err != nil {
		info.Problem = fmt.Errorf("integrity check failed: %w", err)
		return info, nil
	}
	for _, m := range meta {
		switch m.Key {
		case "schema_version":
			info.Schema, _ = strconv.Atoi(m.Value)
		case metaBackupTakenAt:
			if t, err := time.Parse(time.RFC3339, m.Value); err == nil {
				info.Taken, info.FileTime = t, false
			}
		}
	}
	if err := checkDB(db); err != nil {
		info.Problem = err
		return info, nil
	}
	if info.Schema > SchemaVersion {
		info.Problem = &ErrNewerSchema{Found: info.Schema, Supported: SchemaVersion}
		return info, nil
	}
	db.Raw(`SELECT count(*) FROM customers`).Scan(&info.Customers)
	db.Raw(`SELECT count(*) FROM tickets`).Scan(&info.Tickets)
	return info, nil
}

func notABackup(path string) error {
	return models.NewFieldError("backup_file", "err.backup.not_aftercare",
		"{{.Path}} is not an Aftercare database or backup. Choose a file from the backups folder or one made with “Back up now”.", map[string]any{"Path": path})
}

// RestoreResult says what a restore did.
type RestoreResult struct {
	Backup BackupInfo // what was restored
	// Kept is where the database that was replaced went: a checked copy
	// tagged pre-restore, or the damaged file renamed aside.
	Kept        string
	KeptDamaged bool
}

// checkRestorable refuses a backup that cannot be restored over dbPath.
func checkRestorable(dbPath, file string) (*BackupInfo, error) {
	if sameFolder(file, dbPath) {
		return nil, models.NewFieldError("backup_file", "err.backup.is_live", "That is the database in use, not a backup. Choose a backup file.", nil)
	}
	info, err := InspectBackup(file)
	if err != nil {
		return nil, err
	}
	if info.Problem != nil {
		var newer *ErrNewerSchema
		if errors.As(info.Problem, &newer) {
			return info, newer
		}
		return info, models.NewFieldError("backup_file", "err.backup.damaged",
			"This backup is damaged and cannot be restored ({{.Detail}}). Choose another one.", map[string]any{"Detail": info.Problem.Error()})
	}
	return info, nil
}

// Restore replaces the open database with the backup in file (see the top
// of this file) and returns the reopened App, which the caller uses from
// then on; a is closed. On an error before anything changed, a is
// returned open and unchanged. Needs the backup permission.
func (a *App) Restore(file string) (*App, *RestoreResult, error) {
	if err := a.require(models.PermBackup); err != nil {
		return a, nil, err
	}
	if a.opts.ReadOnly {
		return a, nil, errors.New("restore: the database was opened read-only")
	}
	info, err := checkRestorable(a.path, file)
	if err != nil {
		return a, nil, err
	}
	if err := os.MkdirAll(a.BackupsDir(), 0o755); err != nil {
		return a, nil, describeStorage(err, a.BackupsDir(), "restore: keep the current database first, nothing changed")
	}
	kept, err := a.writeBackup(uniquePath(filepath.Join(a.BackupsDir(), preRestoreName(a.path, a.clock()))))
	if err != nil {
		return a, nil, fmt.Errorf("restore: keep the current database first, nothing changed: %w", err)
	}
	if a.pg {
		return a.restoreShared(info, file, kept)
	}
	// From here the database is closed; the lock passes to the reopened App.
	lock := a.lock
	a.lock = nil
	a.Close()
	reopen := func() (*App, error) {
		opts := a.opts
		opts.Lock = false // the lock is held already
		n, err := Open(opts)
		if err != nil {
			return nil, err
		}
		n.lock, n.opts.Lock = lock, a.opts.Lock
		a.replacedBy.Store(n)
		return n, nil
	}
	res := &RestoreResult{Backup: *info, Kept: kept}
	if err := replaceLive(a.path, file); err != nil {
		n, rerr := reopen() // the live file was not replaced
		if rerr != nil {
			lock.release()
			return nil, nil, errors.Join(fmt.Errorf("restore: %w", err), rerr)
		}
		return n, nil, fmt.Errorf("restore: nothing changed: %w", err)
	}
	n, err := reopen()
	if err != nil {
		// The backup passed its checks but does not open: put the kept copy back.
		if perr := replaceLive(a.path, kept); perr == nil {
			if back, berr := reopen(); berr == nil {
				return back, nil, fmt.Errorf("restore: the backup did not open (%w); the database was put back as it was", err)
			}
		}
		lock.release()
		return nil, nil, fmt.Errorf("restore: the backup did not open (%w); the database before the restore is kept at %s", err, kept)
	}
	return n, res, nil
}

// Current is the App to use: a, or the App a restore reopened in its place.
func (a *App) Current() *App {
	for {
		n := a.replacedBy.Load()
		if n == nil {
			return a
		}
		a = n
	}
}

func preRestoreName(dbPath string, now time.Time) string {
	return fmt.Sprintf("%s-%s-pre-restore.db", dbStem(dbPath), now.Format("2006-01-02-150405"))
}

// RestoreFile restores a backup over a database that is not open here:
// the command line, and the start-up window when the database is damaged.
// It takes the writer's lock (refused while Aftercare has the file open),
// keeps the current database (a checked copy, or the damaged file renamed
// aside) and replaces it.
func RestoreFile(dbPath, file string, clock func() time.Time) (*RestoreResult, error) {
	if clock == nil {
		clock = time.Now
	}
	opts := Options{Path: dbPath, Clock: clock}
	if openHook != nil {
		openHook(&opts) // the app tests' PostgreSQL pass (engine_test.go)
	}
	if IsPostgresURL(opts.Path) {
		// A shared database: restored through an App like from the
		// window, in one transaction, while other PCs may be working.
		a, err := Open(opts)
		if err != nil {
			return nil, err
		}
		n, res, err := a.Restore(file)
		if n != nil {
			n.Close()
		}
		return res, err
	}
	lock, _, err := acquireLock(dbPath, clock())
	if err != nil {
		return nil, err
	}
	defer lock.release()
	info, err := checkRestorable(dbPath, file)
	if err != nil {
		return nil, err
	}
	res := &RestoreResult{Backup: *info}
	if _, err := os.Stat(dbPath); err == nil {
		res.Kept, res.KeptDamaged, err = keepCurrent(dbPath, clock())
		if err != nil {
			return nil, fmt.Errorf("restore: keep the current database first, nothing changed: %w", err)
		}
	}
	if err := replaceLive(dbPath, file); err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	return res, nil
}

// keepCurrent keeps the database about to be replaced: a healthy one as a
// checked copy in the backups folder, a damaged one renamed aside.
func keepCurrent(dbPath string, now time.Time) (string, bool, error) {
	if db, err := openReadOnly(dbPath); err == nil {
		var res []string
		qerr := db.Raw("PRAGMA quick_check").Scan(&res).Error
		if qerr == nil && len(res) == 1 && res[0] == "ok" {
			dir := backupsDir(dbPath)
			if err := os.MkdirAll(dir, 0o755); err != nil {
				closeGorm(db)
				return "", false, describeStorage(err, dir, "create %s", dir)
			}
			kept, err := writeBackupFrom(db, uniquePath(filepath.Join(dir, preRestoreName(dbPath, now))), now)
			closeGorm(db)
			return kept, false, err
		}
		closeGorm(db)
	}
	aside, err := MoveDamagedAside(dbPath, now)
	return aside, true, err
}

// MoveDamagedAside renames a damaged database, with its -wal and -shm,
// to aftercare.db.damaged-2026-11-23T10-00 (-wal, -shm): kept untouched
// for recovery, never deleted.
func MoveDamagedAside(dbPath string, now time.Time) (string, error) {
	aside := uniquePath(dbPath + ".damaged-" + now.Format("2006-01-02T15-04"))
	if err := os.Rename(dbPath, aside); err != nil {
		return "", describeStorage(err, filepath.Dir(dbPath), "move the damaged database aside")
	}
	for _, sfx := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(dbPath + sfx); err == nil {
			if err := os.Rename(dbPath+sfx, aside+sfx); err != nil {
				return aside, describeStorage(err, filepath.Dir(dbPath), "move the damaged database's %s aside", sfx)
			}
		}
	}
	syncDir(filepath.Dir(dbPath))
	return aside, nil
}

// replaceLive puts a copy of src in the place of the closed database at
// dbPath: copy to a temporary file in the same folder, sync, check, remove
// the old -wal/-shm (they belong to the old file and would be replayed
// into the new one), rename over.
func replaceLive(dbPath, src string) error {
	tmp := dbPath + ".restore-part"
	if err := copyFile(src, tmp); err != nil {
		os.Remove(tmp)
		return describeStorage(err, filepath.Dir(dbPath), "copy the backup into place")
	}
	if err := CheckFile(tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("the copied backup failed its check: %w", err)
	}
	for _, sfx := range []string{"-wal", "-shm"} {
		if err := os.Remove(dbPath + sfx); err != nil && !errors.Is(err, os.ErrNotExist) {
			os.Remove(tmp)
			return describeStorage(err, filepath.Dir(dbPath), "remove the old %s file", sfx)
		}
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		os.Remove(tmp)
		return describeStorage(err, filepath.Dir(dbPath), "put the backup in place")
	}
	syncDir(filepath.Dir(dbPath))
	return nil
}

// NewestGoodBackup finds the newest backup of dbPath that passes its
// checks and this build can open: the automatic copies in the backups
// folder, and the copies beside the database (before a migration or a
// restore). nil when there is none.
func NewestGoodBackup(dbPath string) (*BackupInfo, error) {
	type cand struct {
		path string
		mod  time.Time
	}
	var cands []cand
	stem := dbStem(dbPath) + "-"
	for _, dir := range []string{backupsDir(dbPath), filepath.Dir(dbPath)} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			n := e.Name()
			if e.IsDir() || !strings.HasPrefix(n, stem) || !strings.HasSuffix(n, ".db") {
				continue
			}
			if fi, err := e.Info(); err == nil {
				cands = append(cands, cand{filepath.Join(dir, n), fi.ModTime()})
			}
		}
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i].mod.After(cands[j].mod) })
	for _, c := range cands {
		if info, err := InspectBackup(c.path); err == nil && info.Good() {
			return info, nil
		}
	}
	return nil, nil
}

// restoreShared puts a backup file's rows in the place of a shared
// database's, in one transaction (all or nothing: the other PCs see the
// old data until it commits), then reopens, which migrates a backup of an
// older version. The current data was kept in kept first.
func (a *App) restoreShared(info *BackupInfo, file, kept string) (*App, *RestoreResult, error) {
	src, err := openReadOnly(file)
	if err != nil {
		return a, nil, fmt.Errorf("restore: open %s: %w", file, err)
	}
	defer func() {
		if s, err := src.DB(); err == nil {
			s.Close()
		}
	}()
	ctx := context.Background()
	if err := replaceRows(ctx, src, a.db); err != nil {
		return a, nil, fmt.Errorf("restore: nothing changed: %w", err)
	}
	a.Close()
	n, err := Open(a.opts)
	if err != nil {
		return nil, nil, fmt.Errorf("restore: the backup was restored but the database did not open again (%w); the data before the restore is kept at %s", err, kept)
	}
	a.replacedBy.Store(n)
	return n, &RestoreResult{Backup: *info, Kept: kept}, nil
}
