package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"syscall"

	"github.com/mattn/go-sqlite3"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"

	"aftercare/models"
)

// What goes wrong under the database rather than in it: a full disk, a
// read-only folder or file, a folder that is not there (a USB stick or a
// network drive that is gone), a failing disk. Such an error is a
// *StorageError; every SQLite error passes through storageDialector, so
// whatever a write returns carries the kind, and the screens translate it
// like a field problem (it answers errors.As for *models.FieldError, on the
// field "database").

// StorageKind names what is wrong with the storage.
type StorageKind string

// Storage problems.
const (
	StorageFull          StorageKind = "full"           // no space left on the disk
	StorageReadOnly      StorageKind = "read_only"      // the folder or the file may not be written
	StorageMissingFolder StorageKind = "missing_folder" // the folder (drive, USB stick, network share) is not there
	StorageIO            StorageKind = "io"             // the disk reported an error
)

// StorageError is a problem with the disk or folder that holds a file;
// nothing was saved by the action that met it.
type StorageError struct {
	Kind StorageKind
	Path string // the file or folder concerned, when known
	Err  error  // what the OS or SQLite said
}

var storageTexts = map[StorageKind]struct{ key, fallback string }{
	StorageFull: {"err.storage.full",
		"The disk is full, so nothing was saved. Free some space on the disk that holds {{.Path}} (or move the database to a larger disk) and try again."},
	StorageReadOnly: {"err.storage.read_only",
		"{{.Path}} may not be written (a read-only folder, file or disk), so nothing was saved. Ask your IT contact to allow writing there, or start Aftercare with another database file."},
	StorageMissingFolder: {"err.storage.missing_folder",
		"The folder {{.Path}} cannot be reached: is the drive, USB stick or network folder connected? Nothing was saved."},
	StorageIO: {"err.storage.io",
		"The disk reported an error while reading or writing {{.Path}}, so nothing was saved. The disk may be failing: make a backup to another disk and ask your IT contact."},
}

// FieldError is the translatable sentence for the person at the counter.
func (e *StorageError) FieldError() *models.FieldError {
	t := storageTexts[e.Kind]
	if t.key == "" {
		t = storageTexts[StorageIO]
	}
	path := e.Path
	if path == "" {
		path = "the database"
	}
	return models.NewFieldError("database", t.key, t.fallback, map[string]any{"Path": path})
}

func (e *StorageError) Error() string {
	if e.Err == nil {
		return e.FieldError().Error()
	}
	return e.FieldError().Error() + " (" + e.Err.Error() + ")"
}

func (e *StorageError) Unwrap() error { return e.Err }

// As lets models.AsFieldErrors (and so the screens' ErrText) see the
// translatable sentence.
func (e *StorageError) As(target any) bool {
	if p, ok := target.(**models.FieldError); ok {
		*p = e.FieldError()
		return true
	}
	return false
}

// classifyStorage turns an OS or SQLite error about path into a
// *StorageError when it is one of the storage problems, and returns any
// other error unchanged.
func classifyStorage(err error, path string) error {
	if err == nil {
		return nil
	}
	var se *StorageError
	if errors.As(err, &se) {
		return err
	}
	kind := storageKind(err)
	if kind == "" {
		return err
	}
	if kind == StorageMissingFolder && path != "" {
		path = missingAncestor(path)
	}
	return &StorageError{Kind: kind, Path: path, Err: err}
}

func storageKind(err error) StorageKind {
	var sq sqlite3.Error
	if errors.As(err, &sq) {
		switch sq.Code {
		case sqlite3.ErrFull:
			return StorageFull
		case sqlite3.ErrReadonly:
			return StorageReadOnly
		case sqlite3.ErrIoErr:
			if errors.Is(sq.SystemErrno, syscall.ENOSPC) || windowsDiskFull(sq.SystemErrno) {
				return StorageFull
			}
			return StorageIO
		case sqlite3.ErrCantOpen:
			if errors.Is(sq.SystemErrno, syscall.EACCES) || errors.Is(sq.SystemErrno, syscall.EROFS) || errors.Is(sq.SystemErrno, syscall.EPERM) {
				return StorageReadOnly
			}
			return StorageMissingFolder
		}
		return ""
	}
	switch {
	case errors.Is(err, syscall.ENOSPC), windowsDiskFull(err):
		return StorageFull
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS):
		return StorageReadOnly
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		return StorageMissingFolder
	case errors.Is(err, syscall.EIO):
		return StorageIO
	}
	return ""
}

// windowsDiskFull: ERROR_HANDLE_DISK_FULL (39) and ERROR_DISK_FULL (112),
// which Windows reports where Unix says ENOSPC.
func windowsDiskFull(err error) bool {
	var en syscall.Errno
	return runtime.GOOS == "windows" && errors.As(err, &en) && (en == 39 || en == 112)
}

// isDamage: SQLite found the file damaged or not a database at all.
func isDamage(err error) bool {
	var sq sqlite3.Error
	return errors.As(err, &sq) && (sq.Code == sqlite3.ErrCorrupt || sq.Code == sqlite3.ErrNotADB)
}

// missingAncestor names the deepest folder above path that is missing, so
// a message says "E:\ cannot be reached" rather than naming the file.
func missingAncestor(path string) string {
	dir := path
	for {
		parent := filepath.Dir(dir)
		if parent == dir {
			return dir
		}
		if _, err := os.Stat(parent); err == nil {
			return dir
		}
		dir = parent
	}
}

// storageDialector is SQLite with every error that passes through GORM
// classified (see gorm.Config.TranslateError): a full disk met at COMMIT
// is as clear as one met by a statement. Other errors pass unchanged (no
// translation of constraint errors: the code relies on SQLite's own).
type storageDialector struct {
	*sqlite.Dialector
	path string
}

func newStorageDialector(dsn, path string) gorm.Dialector {
	return storageDialector{Dialector: sqlite.Open(dsn).(*sqlite.Dialector), path: path}
}

// Translate implements gorm.ErrorTranslator.
func (d storageDialector) Translate(err error) error { return classifyStorage(err, d.path) }

// describeStorage wraps err with context, keeping a storage problem typed.
func describeStorage(err error, path, format string, args ...any) error {
	return fmt.Errorf(format+": %w", append(args, classifyStorage(err, path))...)
}
