package app

import (
	"flag"
	"fmt"
	"os"
)

// The backup and restore sub-commands, and how each sub-command opens the
// database: those that only read open it read-only without the writer's
// lock (they work while the window has the file open); the others take
// the lock and are refused while another Aftercare writes.

// readOnlyCommands only read the database.
var readOnlyCommands = map[string]bool{
	"export-customers": true,
	"print":            true,
	"statement":        true,
	"report":           true,
	"backup":           true,
	"move-to":          true, // the source; the target is written by MoveTo
}

// commandOptions is how the sub-command name opens the database.
func commandOptions(env CommandEnv, name string) Options {
	o := Options{Path: env.DBPath, Clock: env.Clock, Actor: "command line"}
	if readOnlyCommands[name] {
		o.ReadOnly = true
	} else {
		o.Lock = true
	}
	return o
}

func cmdBackup(env CommandEnv, a *App, args []string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	to := fs.String("to", "", "the folder to write the copy to (default: the backups folder beside the database)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	dir := *to
	if dir == "" {
		dir = a.BackupsDir()
	}
	path, err := a.BackupTo(dir)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, path)
	return nil
}

func cmdRestore(env CommandEnv, _ *App, args []string) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("name one backup file")
	}
	if _, err := os.Stat(pos[0]); err != nil {
		return fmt.Errorf("no backup at %s: %w", pos[0], err)
	}
	res, err := RestoreFile(env.DBPath, pos[0], env.Clock)
	if err != nil {
		return err
	}
	b := res.Backup
	taken := b.Taken.Local().Format("2006-01-02 15:04")
	if b.FileTime {
		taken += " (file time)"
	}
	fmt.Fprintf(env.Stdout, "restored %s, taken %s (schema %d): %d customers, %d tickets\n", b.Path, taken, b.Schema, b.Customers, b.Tickets)
	switch {
	case res.KeptDamaged:
		fmt.Fprintf(env.Stdout, "the damaged database was moved aside, untouched: %s\n", res.Kept)
	case res.Kept != "":
		fmt.Fprintf(env.Stdout, "the database before the restore is kept at %s\n", res.Kept)
	}
	return nil
}
