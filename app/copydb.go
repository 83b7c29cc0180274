package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/schema"
)

// Copying a whole shop database from one engine to the other (issue 10):
// `move-to` (file → server and back), the automatic and manual backups of
// a shared database (always a portable SQLite file, so a restore works on
// either engine) and the restore of such a file into a server. Every row
// of every table goes through the models, so each engine stores the
// values its own way (times, booleans); nothing is translated by hand.

// TableCount is one table's rows in the source and in the copy.
type TableCount struct {
	Table  string
	Source int64
	Copy   int64
}

// copyParams is how many values one INSERT carries at most: SQLite allows
// 32 766 parameters per statement, PostgreSQL 65 535.
const copyParams = 30000

// isPostgres reports whether db talks to PostgreSQL.
func isPostgres(db *gorm.DB) bool { return db.Dialector.Name() == "postgres" }

// createSchema creates every table and index of SchemaVersion in an empty
// database, without the seed rows (the copy brings the source's).
func createSchema(db *gorm.DB) error {
	if err := db.AutoMigrate(entities()...); err != nil {
		return fmt.Errorf("create the tables: %w", err)
	}
	for _, ix := range indexesFor(db) {
		if err := db.Exec(ix).Error; err != nil {
			return fmt.Errorf("create an index: %w", err)
		}
	}
	return nil
}

// tableOf is the table name of an entity.
func tableOf(db *gorm.DB, model any) (*schema.Schema, error) {
	stmt := &gorm.Statement{DB: db}
	if err := stmt.Parse(model); err != nil {
		return nil, err
	}
	return stmt.Schema, nil
}

// emptyTables reports whether db has no rows in any Aftercare table (the
// tables may exist: a server database prepared by hand, or a first start).
func emptyTables(ctx context.Context, db *gorm.DB) (bool, error) {
	for _, m := range entities() {
		s, err := tableOf(db, m)
		if err != nil {
			return false, err
		}
		if !db.Migrator().HasTable(s.Table) {
			continue
		}
		var n int64
		if err := db.WithContext(ctx).Table(s.Table).Limit(1).Count(&n).Error; err != nil {
			return false, err
		}
		if n > 0 {
			return false, nil
		}
	}
	return true, nil
}

// wipeTables deletes every row of every Aftercare table in dst (inside
// the restore's transaction: all or nothing).
func wipeTables(ctx context.Context, tx *gorm.DB) error {
	ents := entities()
	for i := len(ents) - 1; i >= 0; i-- {
		s, err := tableOf(tx, ents[i])
		if err != nil {
			return err
		}
		if err := tx.WithContext(ctx).Exec("DELETE FROM " + quoteIdent(s.Table)).Error; err != nil {
			return fmt.Errorf("empty %s: %w", s.Table, err)
		}
	}
	return nil
}

// copyAll copies every row of every table from src to dst, table by table
// in the order of entities() (the referenced tables first), and counts
// both sides afterwards. progress, when set, hears each table as it ends.
func copyAll(ctx context.Context, src, dst *gorm.DB, progress func(TableCount)) ([]TableCount, error) {
	var counts []TableCount
	for _, m := range entities() {
		s, err := tableOf(src, m)
		if err != nil {
			return counts, err
		}
		if !src.Migrator().HasTable(s.Table) {
			continue // an older schema (the copy before a migration)
		}
		if _, err := copyTable(ctx, src, dst, m, s); err != nil {
			return counts, fmt.Errorf("copy %s: %w", s.Table, err)
		}
		c := TableCount{Table: s.Table}
		if err := src.WithContext(ctx).Table(s.Table).Count(&c.Source).Error; err != nil {
			return counts, fmt.Errorf("count %s: %w", s.Table, err)
		}
		if err := dst.WithContext(ctx).Table(s.Table).Count(&c.Copy).Error; err != nil {
			return counts, fmt.Errorf("count %s in the copy: %w", s.Table, err)
		}
		counts = append(counts, c)
		if progress != nil {
			progress(c)
		}
		if c.Source != c.Copy {
			return counts, fmt.Errorf("copy %s: %d rows in the source, %d in the copy", s.Table, c.Source, c.Copy)
		}
	}
	return counts, nil
}

// copyTable streams one table in primary-key order into dst, in batches,
// without hooks (the rows are already clean and have their IDs) and
// without associations (each table is copied on its own).
func copyTable(ctx context.Context, src, dst *gorm.DB, model any, s *schema.Schema) (int64, error) {
	order := make([]string, 0, len(s.PrimaryFieldDBNames))
	for _, c := range s.PrimaryFieldDBNames {
		order = append(order, quoteIdent(c))
	}
	rows, err := src.WithContext(ctx).Session(&gorm.Session{PrepareStmt: false}).
		Table(s.Table).Order(strings.Join(order, ", ")).Rows()
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	typ := reflect.TypeOf(model).Elem()
	copyBatch := max(1, min(500, copyParams/max(1, len(s.DBNames))))
	batch := reflect.MakeSlice(reflect.SliceOf(typ), 0, copyBatch)
	ins := dst.WithContext(ctx).Session(&gorm.Session{SkipHooks: true, PrepareStmt: false}).Omit(clause.Associations)
	var n int64
	flush := func() error {
		if batch.Len() == 0 {
			return nil
		}
		p := reflect.New(batch.Type())
		p.Elem().Set(batch)
		zeros := zerosWithDefaults(ctx, s, batch) // before Create, which sets them
		if err := ins.Table(s.Table).Create(p.Interface()).Error; err != nil {
			return err
		}
		if err := restoreZeros(ctx, dst, s, zeros); err != nil {
			return err
		}
		n += int64(batch.Len())
		batch = batch.Slice(0, 0)
		return nil
	}
	for rows.Next() {
		v := reflect.New(typ)
		if err := src.ScanRows(rows, v.Interface()); err != nil {
			return n, err
		}
		batch = reflect.Append(batch, v.Elem())
		if batch.Len() == copyBatch {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	return n, flush()
}

// copyToFile writes the whole database open in src (either engine) into
// a new SQLite file at path, from one consistent snapshot of src, and
// returns the counts. The file is written without a journal (it is
// checked, then renamed into place, by the caller) and removed on error.
func copyToFile(ctx context.Context, src *gorm.DB, path string, progress func(TableCount)) ([]TableCount, error) {
	if _, err := os.Stat(path); err == nil {
		return nil, fmt.Errorf("%s exists: a copy never overwrites a file", path)
	}
	dst, err := gorm.Open(sqlite.Open("file:"+filepath.ToSlash(path)+"?_journal_mode=OFF&_synchronous=OFF&_foreign_keys=off"),
		&gorm.Config{Logger: silentLogger(), SkipDefaultTransaction: true, NowFunc: func() time.Time { return time.Now().UTC() }})
	if err != nil {
		return nil, err
	}
	closeDst := func() error {
		s, err := dst.DB()
		if err != nil {
			return err
		}
		return s.Close()
	}
	var counts []TableCount
	err = createSchema(dst)
	if err == nil {
		err = src.WithContext(ctx).Transaction(func(snap *gorm.DB) error {
			return dst.Transaction(func(out *gorm.DB) error {
				var err error
				counts, err = copyAll(ctx, snap, out, progress)
				return err
			})
		}, snapshotTx(src))
	}
	if err = errors.Join(err, closeDst()); err != nil {
		os.Remove(path)
		return counts, err
	}
	return counts, nil
}

// CheckShared reads every table of a shared database to the end (the
// command-line check; the server checks its own storage and enforces the
// references itself).
func (a *App) CheckShared(ctx context.Context) error {
	for _, m := range entities() {
		s, err := tableOf(a.db, m)
		if err != nil {
			return err
		}
		var n int64
		if err := a.db.WithContext(ctx).Table(s.Table).Count(&n).Error; err != nil {
			return fmt.Errorf("check %s: %w", s.Table, err)
		}
	}
	return nil
}

// snapshotTx is a read transaction that sees one state of the whole
// database: REPEATABLE READ on PostgreSQL; SQLite's read transactions are
// snapshots already (and its driver accepts no isolation level).
func snapshotTx(db *gorm.DB) *sql.TxOptions {
	if isPostgres(db) {
		return &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	return &sql.TxOptions{ReadOnly: true}
}

// zerosWithDefaults lists, for each field with a default tag, the
// primary keys of the rows where it is zero: GORM's INSERT replaces such a
// zero with the default and sets it on the row (a Staff.Active false would
// arrive as true), so restoreZeros writes them back afterwards.
func zerosWithDefaults(ctx context.Context, s *schema.Schema, batch reflect.Value) map[*schema.Field][]any {
	if len(s.PrimaryFields) != 1 {
		return nil
	}
	pk := s.PrimaryFields[0]
	out := map[*schema.Field][]any{}
	for _, f := range s.Fields {
		if f.DBName == "" || f.DefaultValueInterface == nil {
			continue
		}
		for i := 0; i < batch.Len(); i++ {
			row := batch.Index(i)
			if _, zero := f.ValueOf(ctx, row); zero {
				id, _ := pk.ValueOf(ctx, row)
				out[f] = append(out[f], id)
			}
		}
	}
	return out
}

func restoreZeros(ctx context.Context, dst *gorm.DB, s *schema.Schema, zeros map[*schema.Field][]any) error {
	for f, ids := range zeros {
		zero := reflect.Zero(f.FieldType).Interface()
		if err := dst.WithContext(ctx).Exec("UPDATE "+quoteIdent(s.Table)+" SET "+quoteIdent(f.DBName)+" = ? WHERE "+quoteIdent(s.PrimaryFields[0].DBName)+" IN ?", zero, ids).Error; err != nil {
			return fmt.Errorf("%s.%s: %w", s.Table, f.DBName, err)
		}
	}
	return nil
}

// replaceRows puts every row of src in the place of dst's, in one
// transaction of dst: the restore of a backup into a server, and the demo
// on a server.
func replaceRows(ctx context.Context, src, dst *gorm.DB) error {
	return dst.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := wipeTables(ctx, tx); err != nil {
			return err
		}
		_, err := copyAll(ctx, src, tx, nil)
		return err
	})
}
