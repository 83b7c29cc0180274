package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// This file holds the SQLite-only parts: consistent copies and integrity
// checks. A future shared-database engine replaces them here, in one place.

// backupBeside copies the live database next to it, named with a tag and
// the time: aftercare.db → aftercare-pre-v2-20261123-101500.db.
func (a *App) backupBeside(tag string) (string, error) {
	base := strings.TrimSuffix(filepath.Base(a.path), filepath.Ext(a.path))
	name := fmt.Sprintf("%s-%s-%s.db", base, tag, a.clock().Format("20060102-150405"))
	return a.vacuumInto(filepath.Join(filepath.Dir(a.path), name))
}

// BackupTo writes a consistent copy of the live database into dir (created
// if missing) and verifies it before reporting its path.
func (a *App) BackupTo(dir string) (string, error) {
	if dir == "" {
		return "", errors.New("backup: no folder chosen")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("backup: create folder %s: %w", dir, err)
	}
	base := strings.TrimSuffix(filepath.Base(a.path), filepath.Ext(a.path))
	name := fmt.Sprintf("%s-backup-%s.db", base, a.clock().Format("20060102-150405"))
	path, err := a.vacuumInto(filepath.Join(dir, name))
	if err != nil {
		return "", err
	}
	if err := CheckFile(path); err != nil {
		os.Remove(path)
		return "", fmt.Errorf("backup: the copy failed its check and was removed: %w", err)
	}
	return path, nil
}

// vacuumInto makes a consistent copy of the live database; it never
// overwrites an existing file (a second copy in the same second gets a suffix).
func (a *App) vacuumInto(target string) (string, error) {
	ext := filepath.Ext(target)
	stem := strings.TrimSuffix(target, ext)
	for i := 2; ; i++ {
		if _, err := os.Stat(target); errors.Is(err, os.ErrNotExist) {
			break
		}
		target = fmt.Sprintf("%s-%d%s", stem, i, ext)
	}
	if err := a.db.Exec("VACUUM INTO ?", target).Error; err != nil {
		return "", fmt.Errorf("backup to %s: %w", target, err)
	}
	return target, nil
}

// Check runs SQLite's full integrity check and a foreign key check on the
// open database.
func (a *App) Check() error { return checkDB(a.db) }

// QuickCheck is the fast check run at every start.
func (a *App) QuickCheck() error {
	var res []string
	if err := a.db.Raw("PRAGMA quick_check").Scan(&res).Error; err != nil {
		return fmt.Errorf("quick check: %w", err)
	}
	if len(res) != 1 || res[0] != "ok" {
		return fmt.Errorf("quick check: the database is damaged: %s", strings.Join(res, "; "))
	}
	return nil
}

// CheckFile opens a database file read-only and checks it.
func CheckFile(path string) error {
	db, err := gorm.Open(sqlite.Open("file:"+filepath.ToSlash(path)+"?mode=ro"), &gorm.Config{Logger: logger.Default.LogMode(logger.Silent)})
	if err != nil {
		return err
	}
	defer func() {
		if s, err := db.DB(); err == nil {
			s.Close()
		}
	}()
	return checkDB(db)
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
