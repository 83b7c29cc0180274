// Command aftercare is 售后管家 (Aftercare), the after-sales service desk of
// a furniture or home-appliance shop. With no command it opens the window;
// with a command (aftercare help) it works on the database without one.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"aftercare/app"
	"aftercare/screens"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	fs := flag.NewFlagSet("aftercare", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dbFlag := fs.String("db", "", "database file (default: $AFTERCARE_DB or the user config folder)")
	smoke := fs.Bool("smoke", false, "open the window (sign-in or first-account screen), wait until it has drawn, and exit")
	if err := fs.Parse(args); err != nil {
		fmt.Fprintf(os.Stderr, "aftercare: %v\n\n", err)
		app.Usage(os.Stderr)
		return app.ExitUsage
	}
	dbPath, err := app.ResolveDBPath(*dbFlag)
	if err != nil {
		fmt.Fprintf(os.Stderr, "aftercare: %v\n", err)
		return app.ExitFailure
	}
	if rest := fs.Args(); len(rest) > 0 {
		if *smoke {
			fmt.Fprintln(os.Stderr, "aftercare: --smoke opens the window and takes no command")
			return app.ExitUsage
		}
		return app.RunCommand(app.CommandEnv{DBPath: dbPath, Stdout: os.Stdout, Stderr: os.Stderr}, rest)
	}
	return runWindow(dbPath, app.ResolveDBSource(*dbFlag) == app.SourceSaved, *smoke)
}

// runWindow opens the database and the main window. A database that cannot
// be opened is reported in a window of its own rather than on a console
// that a Windows user never sees. fromChoice: dbPath is this PC's saved
// choice of a shared database (Settings), which that window may clear.
func runWindow(dbPath string, fromChoice, smoke bool) int {
	start := time.Now()
	// Open checks the file's header, schema and small tables; the full
	// quick_check runs once the window has drawn, and nothing is written
	// until it has passed (app/checkgate.go). Nobody acts in the window
	// until they sign in (or, on a first start, create the first
	// account). Lock: one writer per database file.
	a, openErr := app.Open(app.Options{Path: dbPath, RequireSignIn: true, Lock: true, CheckLater: true})
	choice := ""
	if a != nil {
		choice, _ = a.Language()
	}
	if err := screens.LoadTranslations(choice); err != nil {
		fmt.Fprintf(os.Stderr, "aftercare: translations: %v\n", err)
	}
	fa := fyneapp.NewWithID("com.aftercare.desk")
	fa.Settings().SetTheme(screens.NewTheme())
	fa.SetIcon(screens.IconResource)
	w := fa.NewWindow(screens.T("app.title", "Aftercare 售后管家"))
	w.Resize(fyne.NewSize(1280, 800))
	w.SetMaster()
	// The start-up screen of a database that failed its check, and how
	// the window goes on after a restore there (or Try again on a locked one).
	startup := screens.StartupDeps{Path: dbPath, Window: w, Quit: fa.Quit, FromChoice: fromChoice}
	startup.Opened = func(opened *app.App) {
		a = opened
		if !opened.Postgres() { // "Use the file on this PC" instead of a shared database
			startup.Path, startup.FromChoice = opened.Path(), false
		}
		screens.Start(&screens.Deps{App: a, Window: w})
		screens.AfterCheck(a, startup) // then the day's backup
	}
	if openErr != nil {
		fmt.Fprintf(os.Stderr, "aftercare: %s\n", app.RedactText(openErr.Error(), dbPath))
		startup.Err = openErr
		w.SetContent(screens.StartupError(startup))
	} else {
		screens.Start(&screens.Deps{App: a, Window: w}) // sign-in, then the main window
	}
	code := app.ExitOK
	fa.Lifecycle().SetOnStarted(func() {
		if smoke {
			go smokeCheck(w, fa, start, &code)
		}
		if a != nil { // the full check, then the day's backup, once the window has drawn
			opened := a
			screens.AfterFirstFrame(func() { screens.AfterCheck(opened, startup) })
		}
	})
	w.ShowAndRun()
	if a != nil {
		// A restore in Settings reopens the database as a new App. A
		// database whose check has not passed is not copied (nothing was
		// written to it meanwhile: writes wait for the check).
		cur := a.Current()
		if !cur.Checked() {
			cur.Close()
			return exitCode(openErr, smoke, code)
		}
		if res, err := cur.BackupAtExit(); err != nil {
			fmt.Fprintf(os.Stderr, "aftercare: backup at exit: %v\n", err)
		} else if res != nil && res.SecondErr != nil {
			fmt.Fprintf(os.Stderr, "aftercare: backup at exit: second backup folder: %v\n", res.SecondErr)
		}
		cur.Close()
	}
	return exitCode(openErr, smoke, code)
}

func exitCode(openErr error, smoke bool, code int) int {
	if openErr != nil && smoke {
		return app.ExitFailure
	}
	return code
}

// smokeCheck waits until the window has drawn a frame with content, reports
// the time from start, and quits; it fails after 30 seconds.
func smokeCheck(w fyne.Window, fa fyne.App, start time.Time, code *int) {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		drawn := false
		fyne.DoAndWait(func() {
			img := w.Canvas().Capture()
			drawn = img != nil && img.Bounds().Dx() > 100 && img.Bounds().Dy() > 100
		})
		if drawn {
			fmt.Printf("smoke: window drawn after %d ms\n", time.Since(start).Milliseconds())
			fyne.Do(fa.Quit)
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	fmt.Fprintln(os.Stderr, "smoke: the window did not draw within 30 s")
	*code = app.ExitFailure
	fyne.Do(fa.Quit)
}
