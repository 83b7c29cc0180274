package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"aftercare/models"
)

// One writer: a lock file beside the database (aftercare.db.lock) says
// which PC and process have it open, and an OS lock on that file
// (flock on Unix, LockFileEx on Windows) decides. The OS drops the lock
// when a process ends, however it ends, so a lock file whose OS lock is
// free was left by a crash: it is stale, and the next start takes it over
// and rewrites it. The file is never deleted, so two starts can never lock
// two different files of the same name.
//
// Commands that only read (check, export, print, statement, report,
// backup) open without the lock (Options.ReadOnly) and so work while the
// window has the database open.

// LockInfo is what the lock file says about the process holding it.
type LockInfo struct {
	Host  string    `json:"host"`
	PID   int       `json:"pid"`
	Since time.Time `json:"since"`
}

// LockedError: another Aftercare has the database open for writing.
type LockedError struct {
	Path string // the database file
	LockInfo
}

func (e *LockedError) fieldError() *models.FieldError {
	host := e.Host
	if host == "" {
		host = "another PC"
	}
	since := ""
	if !e.Since.IsZero() {
		since = e.Since.Local().Format("2006-01-02 15:04")
	}
	return models.NewFieldError("database", "err.db.locked",
		"Aftercare is already using this database on {{.Host}} (process {{.PID}}, since {{.Since}}). Only one Aftercare may work on it at a time: close it there first, then start again.",
		map[string]any{"Host": host, "PID": e.PID, "Since": since, "Path": e.Path})
}

func (e *LockedError) Error() string { return e.fieldError().Error() }

// As lets the screens translate it like a field problem.
func (e *LockedError) As(target any) bool {
	if p, ok := target.(**models.FieldError); ok {
		*p = e.fieldError()
		return true
	}
	return false
}

// dbLock is a held lock on a database file.
type dbLock struct {
	f    *os.File
	path string
}

// lockPath is the lock file of a database.
func lockPath(dbPath string) string { return dbPath + ".lock" }

// acquireLock takes the writer's lock of dbPath, or says who holds it.
// stale is what a process that ended without releasing it had written
// (nil when the lock was free and empty).
func acquireLock(dbPath string, now time.Time) (l *dbLock, stale *LockInfo, err error) {
	lp := lockPath(dbPath)
	f, err := os.OpenFile(lp, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, nil, describeStorage(err, filepath.Dir(dbPath), "open: lock %s", lp)
	}
	ok, err := tryLockFile(f)
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("open: lock %s: %w", lp, err)
	}
	if !ok {
		info, _ := readLockInfo(f)
		f.Close()
		le := &LockedError{Path: dbPath}
		if info != nil {
			le.LockInfo = *info
		}
		return nil, nil, le
	}
	stale, _ = readLockInfo(f)
	host, _ := os.Hostname()
	data, _ := json.Marshal(LockInfo{Host: host, PID: os.Getpid(), Since: now})
	if err := rewriteLock(f, data); err != nil {
		unlockFile(f)
		f.Close()
		return nil, nil, describeStorage(err, lp, "open: write the lock file %s", lp)
	}
	return &dbLock{f: f, path: lp}, stale, nil
}

func rewriteLock(f *os.File, data []byte) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	if _, err := f.WriteAt(data, 0); err != nil {
		return err
	}
	return f.Sync()
}

// readLockInfo reads what the holder wrote; nil for an empty file.
func readLockInfo(f *os.File) (*LockInfo, error) {
	data, err := io.ReadAll(io.NewSectionReader(f, 0, 4096))
	if err != nil || len(strings.TrimSpace(string(data))) == 0 {
		return nil, err
	}
	var info LockInfo
	if err := json.Unmarshal(data, &info); err != nil {
		return nil, err
	}
	return &info, nil
}

// release empties the lock file and lets go of the OS lock.
func (l *dbLock) release() error {
	if l == nil || l.f == nil {
		return nil
	}
	terr := l.f.Truncate(0)
	uerr := unlockFile(l.f)
	cerr := l.f.Close()
	l.f = nil
	return errors.Join(terr, uerr, cerr)
}

// LockHolder says who holds the writer's lock of dbPath, or nil when
// nobody does (then the file is left as it was).
func LockHolder(dbPath string) (*LockInfo, error) {
	f, err := os.OpenFile(lockPath(dbPath), os.O_RDWR, 0)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ok, err := tryLockFile(f)
	if err != nil {
		return nil, err
	}
	if ok {
		unlockFile(f)
		return nil, nil
	}
	info, err := readLockInfo(f)
	if info == nil && err == nil {
		info = &LockInfo{}
	}
	return info, err
}
