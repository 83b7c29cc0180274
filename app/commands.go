package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Version is the application version; FyneApp.toml carries the same.
const Version = "0.1.0"

// CommandEnv is what a sub-command runs with.
type CommandEnv struct {
	DBPath string // resolved database path
	Stdout io.Writer
	Stderr io.Writer
	Clock  func() time.Time // nil means time.Now
}

// Exit codes of the sub-commands.
const (
	ExitOK      = 0
	ExitFailure = 1
	ExitUsage   = 2
)

// errUsage marks a mistake in how a command was called (exit 2).
type errUsage struct{ msg string }

func (e *errUsage) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &errUsage{fmt.Sprintf(format, a...)} }

// command is one sub-command of the binary.
type command struct {
	name, args, help string
	needsDB          bool
	run              func(env CommandEnv, a *App, args []string) error
}

func commands() []command {
	return []command{
		{"import-customers", "FILE [--dry-run]", "import customers from a CSV file (Excel on a Chinese PC, or UTF-8); prints problems and a summary", true, cmdImport},
		{"export-customers", "FILE", "export all customers to a CSV file that opens in Excel (UTF-8 with BOM)", true, cmdExport},
		{"demo", "[--customers N] [--tickets N] [--seed S]", "fill the database with realistic demo customers, purchases, staff and tickets", true, cmdDemo},
		{"print", "TICKET-NUMBER [--out FILE.pdf] [--slip service|delivery|pickup|mailin] [--lang zh|en]", "print a ticket's slip as a PDF (default: the right slip for the ticket, in Chinese, into the slips folder beside the database)", true, cmdPrint},
		{"statement", "--month YYYY-MM [--out FILE.pdf] [--lang zh|en]", "print a month's penalty and reward statement as a PDF (default: in Chinese, into the prints folder beside the database)", true, cmdStatement},
		{"report", "--month YYYY-MM --out FILE.pdf|FILE.xlsx [--lang zh|en]", "write a month's after-sales report: a PDF for the manager or an Excel workbook for finance (format from the extension)", true, cmdReport},
		{"backup", "[--to DIR]", "write a checked copy of the database (default: into the backups folder beside it); prints its path", true, cmdBackup},
		{"restore", "FILE", "replace the database with a backup, keeping the current one first; prints what was restored", false, cmdRestore},
		{"move-to", "POSTGRES_URL|FILE", "copy the whole database into an empty PostgreSQL database (several PCs), or from one into a new file; checks and prints every table's count", true, cmdMoveTo},
		{"check", "", "check the database's integrity; prints ok when healthy", false, cmdCheck},
		{"version", "", "print the version", false, cmdVersion},
		{"help", "", "list the commands", false, nil},
	}
}

// Usage lists the commands, for `aftercare help` and usage errors.
func Usage(w io.Writer) {
	fmt.Fprintf(w, "Aftercare %s — after-sales service for furniture and appliance shops\n\n", Version)
	fmt.Fprintln(w, "usage: aftercare [--db PATH] [--smoke]            open the window (--smoke: draw once and exit)")
	fmt.Fprintln(w, "       aftercare [--db PATH] <command> [arguments]")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-18s %-28s %s\n", c.name, c.args, c.help)
	}
	fmt.Fprintf(w, "\nThe database is --db PATH, else $%s, else the shared database chosen in Settings, else %s.\n", EnvDB, defaultPathForHelp())
}

func defaultPathForHelp() string {
	p, err := DefaultDBPath()
	if err != nil {
		return "the user config folder/Aftercare/aftercare.db"
	}
	return p
}

// IsCommand reports whether name is a sub-command.
func IsCommand(name string) bool {
	for _, c := range commands() {
		if c.name == name {
			return true
		}
	}
	return false
}

// RunCommand runs a sub-command (args[0] is its name) and returns the exit
// code: 0 success, 1 failure with a message on stderr, 2 bad usage.
func RunCommand(env CommandEnv, args []string) int {
	if len(args) == 0 {
		Usage(env.Stderr)
		return ExitUsage
	}
	var cmd *command
	for _, c := range commands() {
		if c.name == args[0] {
			cmd = &c
			break
		}
	}
	switch {
	case cmd == nil:
		fmt.Fprintf(env.Stderr, "aftercare: unknown command %q\n\n", args[0])
		Usage(env.Stderr)
		return ExitUsage
	case cmd.name == "help":
		Usage(env.Stdout)
		return ExitOK
	}
	var a *App
	if cmd.needsDB {
		var err error
		a, err = Open(commandOptions(env, cmd.name)) // commands_backup.go: read-only or locked
		if err != nil {
			fmt.Fprintf(env.Stderr, "aftercare: %s\n", RedactText(err.Error(), env.DBPath))
			return ExitFailure
		}
		defer a.Close()
	}
	err := cmd.run(env, a, args[1:])
	var ue *errUsage
	switch {
	case errors.As(err, &ue):
		fmt.Fprintf(env.Stderr, "aftercare %s: %s\nusage: aftercare [--db PATH] %s %s\n", cmd.name, ue.msg, cmd.name, cmd.args)
		return ExitUsage
	case err != nil:
		fmt.Fprintf(env.Stderr, "aftercare %s: %s\n", cmd.name, RedactText(err.Error(), env.DBPath))
		return ExitFailure
	}
	return ExitOK
}

// parseArgs parses flags that may come before or after positional arguments.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usagef("%v", err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func cmdVersion(env CommandEnv, _ *App, args []string) error {
	if len(args) > 0 {
		return usagef("takes no arguments")
	}
	fmt.Fprintf(env.Stdout, "aftercare %s (schema %d)\n", Version, SchemaVersion)
	return nil
}

func cmdCheck(env CommandEnv, _ *App, args []string) error {
	if len(args) > 0 {
		return usagef("takes no arguments")
	}
	if _, err := os.Stat(env.DBPath); err != nil {
		// A shared database: the server checks its own storage; what is
		// checked here is that this version reads it, table by table.
		a, oerr := Open(Options{Path: env.DBPath, ReadOnly: true})
		if oerr != nil {
			if IsPostgresURL(env.DBPath) {
				return oerr
			}
			return fmt.Errorf("no database at %s: %w", RedactURL(env.DBPath), err)
		}
		defer a.Close()
		if err := a.CheckShared(context.Background()); err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, "ok")
		return nil
	}
	if err := CheckFile(env.DBPath); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "ok")
	return nil
}

func cmdImport(env CommandEnv, a *App, args []string) error {
	fs := flag.NewFlagSet("import-customers", flag.ContinueOnError)
	dry := fs.Bool("dry-run", false, "write nothing")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("name one CSV file")
	}
	data, err := os.ReadFile(pos[0])
	if err != nil {
		return fmt.Errorf("read %s: %w", pos[0], err)
	}
	p, err := a.PreviewImport(data)
	if err != nil {
		return err
	}
	for _, r := range p.Rows {
		if r.Status == ImportNew {
			continue
		}
		fmt.Fprintf(env.Stdout, "line %d: %s: %s: %s\n", r.Line, r.Status, r.Name, oneLine(r.Problem))
	}
	imported := p.New
	if !*dry {
		if imported, err = a.CommitImport(p); err != nil {
			return err
		}
	}
	fmt.Fprintf(env.Stdout, "imported %d, duplicates %d, errors %d\n", imported, p.Duplicates, p.Errors)
	return nil
}

func oneLine(err error) string {
	if err == nil {
		return ""
	}
	return strings.ReplaceAll(err.Error(), "\n", " ")
}

func cmdExport(env CommandEnv, a *App, args []string) error {
	fs := flag.NewFlagSet("export-customers", flag.ContinueOnError)
	archived := fs.Bool("archived", false, "include archived customers")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("name the CSV file to write")
	}
	tmp := pos[0] + ".part"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("create %s: %w", pos[0], err)
	}
	n, err := a.ExportCustomers(f, *archived)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, pos[0])
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("export to %s: %w", pos[0], err)
	}
	fmt.Fprintf(env.Stdout, "exported %d customers to %s\n", n, pos[0])
	return nil
}

func cmdDemo(env CommandEnv, a *App, args []string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	n := fs.Int("customers", 1000, "how many customers")
	tickets := fs.Int("tickets", 0, "how many tickets (with staff), over the past ten years")
	seed := fs.Int64("seed", 1, "random seed; the same seed gives the same data")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	if *n < 0 || *n > 10_000_000 {
		return usagef("--customers must be between 0 and 10000000")
	}
	if *tickets < 0 || *tickets > 10_000_000 {
		return usagef("--tickets must be between 0 and 10000000")
	}
	start := time.Now()
	res, err := a.Demo(DemoOptions{Customers: *n, Tickets: *tickets, Seed: *seed})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "demo: %d customers, %d purchases, %d staff, %d tickets, %d events in %.1fs\n",
		res.Customers, res.Purchases, res.Staff, res.Tickets, res.Events, time.Since(start).Seconds())
	return nil
}

func cmdPrint(env CommandEnv, a *App, args []string) error {
	fs := flag.NewFlagSet("print", flag.ContinueOnError)
	out := fs.String("out", "", "the PDF file to write")
	slip := fs.String("slip", "auto", "service, delivery, pickup, mailin or auto")
	lang := fs.String("lang", "zh", "zh or en")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("name one ticket number")
	}
	kind, ok := ParseSlipKind(*slip)
	if !ok {
		return usagef("--slip must be service, delivery, pickup, mailin or auto")
	}
	tr, ok := SlipLanguage(*lang)
	if !ok {
		return usagef("--lang must be zh or en")
	}
	path, kind, err := a.PrintSlipFile(pos[0], kind, tr, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "printed the %s slip of %s to %s\n", kind, strings.ToUpper(strings.TrimSpace(pos[0])), path)
	return nil
}

func cmdStatement(env CommandEnv, a *App, args []string) error {
	m, err := parseMonthArgs("statement", "the PDF file to write", args)
	if err != nil {
		return err
	}
	path, err := a.PrintStatementFile(m.month, m.tr, m.out)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "printed the statement of %s to %s\n", m.month, path)
	return nil
}
