package screens

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"aftercare/app"
)

// damagedLater makes a database with a good daily backup whose last pages
// (customers' rows, which the start reads none of) are overwritten, as a
// failing disk would: it opens with CheckLater, and only the full check
// finds the damage. It returns the path and the damaged bytes.
func damagedLater(t *testing.T) (string, []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shop.db")
	a := newBackupApp(t, path, 300)
	if _, err := a.DailyBackupIfDue(); err != nil {
		t.Fatal(err)
	}
	a.Close()
	os.Remove(path + "-wal")
	data, _ := os.ReadFile(path)
	for i := len(data) - 3*4096; i < len(data); i++ {
		data[i] = 0xA5
	}
	os.WriteFile(path, data, 0o644)
	return path, data
}

// openShopCheckLater makes a database with customers and opens it as the
// window does, its full check left for later.
func openShopCheckLater(t *testing.T, customers int) *app.App {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shop.db")
	newBackupApp(t, path, customers).Close()
	a, err := app.Open(app.Options{Path: path, Clock: func() time.Time { return backupTestNow }, CheckLater: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { custWaitIdle(t); a.Close() })
	return a
}

// TestBackgroundCheckShowsDamagedScreen: the window opens on a database
// whose damage only the full check finds; when the check (started after
// the first frame) fails, the window shows the damaged-database screen
// with the newest good backup, over the sign-in screen or over a signed-in
// main window alike, and the file is left as it was.
func TestBackgroundCheckShowsDamagedScreen(t *testing.T) {
	for _, signIn := range []bool{true, false} {
		name := "main window"
		if signIn {
			name = "sign-in screen"
		}
		t.Run(name, func(t *testing.T) {
			test.NewTempApp(t)
			path, damaged := damagedLater(t)
			a, err := app.Open(app.Options{Path: path, Clock: func() time.Time { return backupTestNow }, Lock: true, RequireSignIn: signIn, CheckLater: true})
			if err != nil {
				t.Fatalf("the fast check should let this file open: %v", err)
			}
			t.Cleanup(func() { custWaitIdle(t); a.Close() })
			if !a.Checking() {
				t.Fatal("the full check should be pending")
			}
			w := test.NewTempWindow(t, nil)
			w.Resize(fyne.NewSize(1280, 800))
			custUI(func() { Start(&Deps{App: a, Window: w}) })
			custUI(func() { AfterCheck(a, StartupDeps{Path: path, Window: w, Quit: func() {}, Opened: func(*app.App) {}}) })
			custEventually(t, "the damaged-database screen", func() bool {
				texts := custLabelTexts(w.Content())
				return custContains(texts, "The database is damaged") && custContains(texts, "300 customers")
			})
			if err := a.WaitCheck(t.Context()); !errors.As(err, new(*app.DamagedError)) {
				t.Fatalf("WaitCheck: %v", err)
			}
			custWaitIdle(t)
			// Nothing (the idle lock of the ended session, a late load) puts
			// another screen over it.
			time.Sleep(100 * time.Millisecond)
			custWaitIdle(t)
			if texts := custLabelTexts(w.Content()); !custContains(texts, "The database is damaged") || backupButton(w.Content(), "Restore this backup…") == nil {
				t.Fatalf("the damaged-database screen went away:\n%s", strings.Join(texts, "\n"))
			}
			if after, _ := os.ReadFile(path); string(after) != string(damaged) {
				t.Fatal("the damaged file was changed")
			}
		})
	}
}

// TestStatusBarSaysCheckingUntilDone: the main window's status bar says
// the database is being checked while it is, and no more once it passed;
// a save meanwhile would be refused with the same words (app tests).
func TestStatusBarSaysCheckingUntilDone(t *testing.T) {
	test.NewTempApp(t)
	a := openShopCheckLater(t, 3)
	path := a.Path()
	var m *mainWindow
	d := &Deps{App: a, Window: test.NewTempWindow(t, nil)}
	var first string
	custUI(func() { m = newMainWindow(d); first = m.status.Text })
	custEventually(t, "the check to pass", a.Checked)
	custWaitIdle(t)
	if !strings.Contains(first, "Checking the database") {
		t.Fatalf("status while checking: %q", first)
	}
	if got := m.status.Text; strings.Contains(got, "Checking the database") || !strings.Contains(got, path) {
		t.Fatalf("status after the check: %q", got)
	}
	if ErrText(app.ErrChecking) != "Checking the database, a moment… Nothing was saved: try again in a few seconds." {
		t.Fatalf("refusal text: %q", ErrText(app.ErrChecking))
	}
}

// TestWelcomeDemoWaitsForTheCheck: the demo data writes on a connection
// of its own, past the write gate's callbacks; the welcome asks the gate
// first, so demo data asked for during the check is refused with the
// same words and writes nothing.
func TestWelcomeDemoWaitsForTheCheck(t *testing.T) {
	test.NewTempApp(t)
	a := openShopCheckLater(t, 0)
	w := test.NewTempWindow(t, nil)
	var dlg *welcomeDialog
	custUI(func() {
		dlg = newWelcomeDialog(&Deps{App: a, Window: w}, nil)
		dlg.demo.SetChecked(true)
		dlg.onStart()
	})
	custEventually(t, "the refusal", func() bool { return strings.Contains(dlg.problem.Text, "Checking the database") })
	if n, err := a.CountCustomers(t.Context(), "", true); err != nil || n != 0 {
		t.Fatalf("%d customers after a refused demo, %v", n, err)
	}
	if err := a.WaitCheck(t.Context()); err != nil {
		t.Fatal(err)
	}
	custUI(dlg.onStart)
	custEventually(t, "the demo data", func() bool {
		n, _ := a.CountCustomers(t.Context(), "", true)
		return n == demoCustomers
	})
}
