package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"gorm.io/gorm"
)

// move-to copies a whole shop database to the other engine (issue 10,
// docs/postgres.md): from the file into an empty PostgreSQL database, or
// from a server into a new file. The source is only read, from one
// consistent snapshot (it may stay open in the window meanwhile; what is
// saved after the copy began is not in the copy). The target is written
// in one transaction, so a failed move leaves it as empty as it was.
// Every table is counted on both sides afterwards and the counts printed.

func cmdMoveTo(env CommandEnv, a *App, args []string) error {
	if len(args) != 1 {
		return usagef("name the target: a postgres:// URL, or a new file")
	}
	target := strings.TrimSpace(args[0])
	if target == "" {
		return usagef("name the target: a postgres:// URL, or a new file")
	}
	if !IsPostgresURL(target) {
		abs, err := filepath.Abs(target)
		if err != nil {
			return err
		}
		target = abs
	}
	counts, err := a.MoveTo(context.Background(), target)
	if len(counts) > 0 {
		printCounts(env.Stdout, counts)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "moved %s to %s: every table has the same number of rows\n", a.Location(), RedactURL(target))
	if IsPostgresURL(target) {
		fmt.Fprintf(env.Stdout, "start Aftercare with --db %s (or choose it in Settings) on every PC\n", RedactURL(target))
	}
	return nil
}

func printCounts(w io.Writer, counts []TableCount) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "table\tsource\tcopy\t")
	for _, c := range counts {
		fmt.Fprintf(tw, "%s\t%d\t%d\t\n", c.Table, c.Source, c.Copy)
	}
	tw.Flush()
}

// MoveTo copies the whole database into target: a postgres:// URL of an
// empty database (its tables may exist, empty), or the path of a file
// that does not exist yet. It returns each table's counts.
func (a *App) MoveTo(ctx context.Context, target string) ([]TableCount, error) {
	if a.Location() == RedactURL(target) || (!a.pg && sameFile(a.path, target)) {
		return nil, errors.New("move-to: the target is the database itself")
	}
	if !IsPostgresURL(target) {
		if _, err := os.Stat(target); err == nil {
			return nil, fmt.Errorf("move-to: %s exists: move to a new file (a copy never overwrites one)", target)
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return nil, describeStorage(err, filepath.Dir(target), "move-to: create the folder")
		}
		counts, err := copyToFile(ctx, a.db, target+".part", nil)
		if err != nil {
			return counts, fmt.Errorf("move-to %s: %w", target, err)
		}
		if err := settleChecked(target+".part", target); err != nil {
			return counts, err
		}
		return counts, nil
	}
	dst, err := openPostgres(target, false, &gorm.Config{Logger: silentLogger(), SkipDefaultTransaction: true})
	if err != nil {
		return nil, err
	}
	defer func() {
		if s, err := dst.DB(); err == nil {
			s.Close()
		}
	}()
	empty, err := emptyTables(ctx, dst)
	if err != nil {
		return nil, fmt.Errorf("move-to %s: %w", RedactURL(target), err)
	}
	if !empty {
		return nil, fmt.Errorf("move-to %s: that database already holds a shop's data: move to an empty database (create one on the server), nothing was copied", RedactURL(target))
	}
	var counts []TableCount
	err = a.db.WithContext(ctx).Transaction(func(snap *gorm.DB) error {
		return dst.WithContext(ctx).Transaction(func(out *gorm.DB) error {
			if err := createSchema(out); err != nil {
				return err
			}
			var err error
			counts, err = copyAll(ctx, snap, out, nil)
			return err
		})
	}, snapshotTx(a.db))
	if err != nil {
		return counts, fmt.Errorf("move-to %s: nothing was kept there: %w", RedactURL(target), err)
	}
	return counts, nil
}

// sameFile reports whether two paths name the same file.
func sameFile(a, b string) bool {
	fa, err1 := os.Stat(a)
	fb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(fa, fb)
}
