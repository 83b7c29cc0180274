package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
)

// demoShared adds demo data to a shared database: the generator writes
// SQLite (demo_writer.go), so the database is copied into a temporary
// file, the demo runs there exactly as on a file (same settings, same
// rows already present, so the same output for a seed), and the result
// replaces the server's rows in one transaction. Meant for a database
// nobody else is writing to at the time (a new shop, a trial, tests):
// what another PC saved meanwhile would be replaced.
func (a *App) demoShared(opt DemoOptions) (DemoResult, error) {
	var res DemoResult
	dir, err := os.MkdirTemp("", "aftercare-demo-")
	if err != nil {
		return res, fmt.Errorf("demo: %w", err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	path := filepath.Join(dir, "demo.db")
	if _, err := copyToFile(ctx, a.db, path, nil); err != nil {
		return res, fmt.Errorf("demo: copy the database to a scratch file: %w", err)
	}
	tmp, err := Open(Options{Path: path, Clock: a.clock, Actor: a.actor, file: true})
	if err != nil {
		return res, fmt.Errorf("demo: %w", err)
	}
	defer tmp.Close()
	if res, err = tmp.Demo(opt); err != nil {
		return res, err
	}
	if err := replaceRows(ctx, tmp.db, a.db); err != nil {
		return res, fmt.Errorf("demo: copy into the shared database, nothing was added: %w", err)
	}
	a.cache().invalidate()
	a.search.invalidate()
	return res, nil
}
