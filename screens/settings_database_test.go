package screens

import (
	"errors"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// dbTestPassword is typed into the form; no label may ever show it.
const dbTestPassword = "p@ss:w/rd#?%秘"

// isolateDBConfig points the user config folder (where this PC's choice
// of database is kept) at a temporary folder.
func isolateDBConfig(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("HOME", dir)
	t.Setenv("AppData", dir)
	t.Setenv(app.EnvDB, "")
}

// stubSharedTest replaces the connection test by answer, recording the
// URLs it was asked about.
func stubSharedTest(t *testing.T, answer func(u string) error) *[]string {
	t.Helper()
	var asked []string
	old := testSharedDB
	testSharedDB = func(u string) error {
		asked = append(asked, u)
		return answer(u)
	}
	t.Cleanup(func() { testSharedDB = old })
	return &asked
}

// newDatabaseFixture shows the Settings database section on a fresh file,
// loaded, for a person who may change it.
func newDatabaseFixture(t *testing.T) (*app.App, *databaseSection, fyne.Window, *int) {
	t.Helper()
	isolateDBConfig(t)
	test.NewTempApp(t)
	a, err := app.Open(app.Options{Path: filepath.Join(t.TempDir(), "t.db"), Clock: func() time.Time { return rulesTestNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { custWaitIdle(t); a.Close() })
	s, w, quits := showDatabaseSection(t, a)
	return a, s, w, quits
}

// showDatabaseSection shows the section for a's signed-in person, loaded;
// the count is how many times it closed Aftercare.
func showDatabaseSection(t *testing.T, a *app.App) (*databaseSection, fyne.Window, *int) {
	t.Helper()
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1280, 900))
	var s *databaseSection
	quits := 0
	custUI(func() {
		s = newDatabaseSection(&Deps{App: a, Window: w})
		s.quit = func() { quits++ }
		w.SetContent(container.NewVScroll(s.content()))
	})
	custUI(s.load)
	custWaitIdle(t)
	return s, w, &quits
}

// fillShared types a server's details into the form.
func fillShared(s *databaseSection, host, port, db, user, password string) {
	custUI(func() {
		s.host.SetText(host)
		s.port.SetText(port)
		s.database.SetText(db)
		s.user.SetText(user)
		s.password.SetText(password)
	})
}

// tapWait taps b as a person would and waits for the answer.
func tapWait(t *testing.T, b *widget.Button) {
	t.Helper()
	custUI(func() { test.Tap(b) })
	custWaitIdle(t)
}

// noPassword fails when any label in o shows the password.
func noPassword(t *testing.T, where string, o fyne.CanvasObject) {
	t.Helper()
	for _, txt := range custLabelTexts(o) {
		if strings.Contains(txt, dbTestPassword) || strings.Contains(txt, url.QueryEscape(dbTestPassword)) || strings.Contains(txt, "p%40ss") {
			t.Fatalf("%s shows the password: %q", where, txt)
		}
	}
}

// TestSettingsDatabaseTestEachProblem: a form with missing parts says
// what to fill in under each field and tests nothing; each way a server
// can fail gets its own message (with the driver's words below); only a
// test that passed lets the database be chosen, and changing a field
// takes that back.
func TestSettingsDatabaseTestEachProblem(t *testing.T) {
	var answer error
	asked := stubSharedTest(t, func(string) error { return answer })
	_, s, w, _ := newDatabaseFixture(t)
	if !strings.Contains(s.choice.Text, "the file on this PC") || s.localBtn.Visible() || !s.useBtn.Disabled() || s.port.Text != "5432" {
		t.Fatalf("fresh: choice %q, local button %v, use disabled %v, port %q", s.choice.Text, s.localBtn.Visible(), s.useBtn.Disabled(), s.port.Text)
	}
	fillShared(s, "", "5432", "", "", "")
	tapWait(t, s.testBtn)
	for field, want := range map[string]string{"shared_host": "server's name or address", "shared_database": "database's name", "shared_user": "user name"} {
		if l := s.fieldErr[field]; !l.Visible() || !strings.Contains(l.Text, want) {
			t.Fatalf("%s: %q (visible %v)", field, l.Text, l.Visible())
		}
	}
	if len(*asked) != 0 {
		t.Fatal("an incomplete form was tested")
	}
	// Typing into a field clears its problem.
	custUI(func() { s.host.SetText("192.168.1.10") })
	if s.fieldErr["shared_host"].Visible() {
		t.Fatal("the host's problem stays after typing")
	}
	fillShared(s, "192.168.1.10", "", "aftercare", "shop", dbTestPassword)
	cases := []struct {
		kind app.ConnKind
		want string
	}{
		{app.ConnUnreachable, "no database server answers"},
		{app.ConnAuth, "refused the user name or password"},
		{app.ConnNoDatabase, "no database of that name"},
		{app.ConnNewerSchema, "newer version of Aftercare"},
		{app.ConnOther, "could not be used"},
	}
	for _, c := range cases {
		answer = &app.ConnError{Kind: c.kind, Location: "postgres://shop@192.168.1.10:5432/aftercare", Detail: "driver said " + string(c.kind)}
		tapWait(t, s.testBtn)
		if !strings.HasPrefix(s.result.Text, "Connection failed: ") || !strings.Contains(s.result.Text, c.want) ||
			!s.detail.Visible() || !strings.Contains(s.detail.Text, "driver said "+string(c.kind)) {
			t.Fatalf("%s: result %q, detail %q", c.kind, s.result.Text, s.detail.Text)
		}
		if !s.useBtn.Disabled() || s.testBtn.Disabled() || s.busy.Visible() {
			t.Fatalf("%s: use disabled %v, test disabled %v, busy %v", c.kind, s.useBtn.Disabled(), s.testBtn.Disabled(), s.busy.Visible())
		}
	}
	// The URL tested carries every part, the password escaped.
	last := (*asked)[len(*asked)-1]
	u, err := url.Parse(last)
	if err != nil {
		t.Fatalf("tested %q: %v", last, err)
	}
	if pw, _ := u.User.Password(); pw != dbTestPassword || u.Host != "192.168.1.10:5432" || u.Path != "/aftercare" || u.User.Username() != "shop" {
		t.Fatalf("tested %q", last)
	}
	answer = nil
	tapWait(t, s.testBtn)
	if s.result.Text != "Connection works: the server 192.168.1.10:5432 answers and the database aftercare can be used." || s.useBtn.Disabled() || s.detail.Visible() {
		t.Fatalf("passed: %q, use disabled %v", s.result.Text, s.useBtn.Disabled())
	}
	custUI(func() { s.port.SetText("5433") })
	if !s.useBtn.Disabled() || s.result.Text != "" {
		t.Fatalf("after a change: use disabled %v, result %q", s.useBtn.Disabled(), s.result.Text)
	}
	noPassword(t, "the section", w.Content())
}

// TestSettingsDatabaseUseAndBack: a tested database is saved as this PC's
// choice (never shown with its password), the person is told it counts
// from the next start and may close Aftercare now; "Use the file on this
// PC again" clears it.
func TestSettingsDatabaseUseAndBack(t *testing.T) {
	stubSharedTest(t, func(string) error { return nil })
	_, s, w, quits := newDatabaseFixture(t)
	fillShared(s, "server-pc", "5433", "aftercare", "shop", dbTestPassword)
	tapWait(t, s.testBtn)
	tapWait(t, s.useBtn)
	saved, err := app.LoadDatabaseChoice()
	if err != nil || !strings.HasPrefix(saved, "postgres://shop:") || !strings.HasSuffix(saved, "@server-pc:5433/aftercare") {
		t.Fatalf("saved %q, %v", saved, err)
	}
	if got := backupOverlayTexts(w); !strings.Contains(got, "From the next start, this PC uses the shared database postgres://shop@server-pc:5433/aftercare.") ||
		!strings.Contains(got, "aftercare move-to") {
		t.Fatalf("dialog: %q", got)
	}
	noPassword(t, "the dialog", w.Canvas().Overlays().Top())
	if !strings.Contains(s.choice.Text, "postgres://shop@server-pc:5433/aftercare") || !strings.Contains(s.choice.Text, "next start") || !s.localBtn.Visible() {
		t.Fatalf("choice %q, local button %v", s.choice.Text, s.localBtn.Visible())
	}
	noPassword(t, "the section", w.Content())
	tapWait(t, backupButton(w.Canvas().Overlays().Top(), "Close Aftercare now"))
	if *quits != 1 || w.Canvas().Overlays().Top() != nil {
		t.Fatalf("close now: %d quits, dialog still up %v", *quits, w.Canvas().Overlays().Top() != nil)
	}
	// Reloading (Settings shown again) fills the form without the password.
	custUI(func() { s.filled = false; s.host.SetText(""); s.password.SetText("") })
	custUI(s.load)
	custWaitIdle(t)
	if s.host.Text != "server-pc" || s.port.Text != "5433" || s.database.Text != "aftercare" || s.user.Text != "shop" || s.password.Text != "" {
		t.Fatalf("form from the choice: %q %q %q %q password %q", s.host.Text, s.port.Text, s.database.Text, s.user.Text, s.password.Text)
	}
	tapWait(t, s.localBtn)
	if got, _ := app.LoadDatabaseChoice(); got != "" {
		t.Fatalf("not cleared: %q", got)
	}
	if got := backupOverlayTexts(w); !strings.Contains(got, "this PC uses the file on this PC again") {
		t.Fatalf("dialog: %q", got)
	}
	tapWait(t, backupButton(w.Canvas().Overlays().Top(), "Later"))
	if *quits != 1 || s.localBtn.Visible() || !strings.Contains(s.choice.Text, "the file on this PC") {
		t.Fatalf("later: %d quits, local button %v, choice %q", *quits, s.localBtn.Visible(), s.choice.Text)
	}
}

// TestSettingsDatabaseStaleTestDropped: the answer to a test of what the
// form said before a change is not shown, and does not allow choosing.
func TestSettingsDatabaseStaleTestDropped(t *testing.T) {
	release := make(chan struct{})
	stubSharedTest(t, func(string) error { <-release; return nil })
	_, s, _, _ := newDatabaseFixture(t)
	fillShared(s, "server-pc", "5432", "aftercare", "shop", "pw")
	custUI(func() { test.Tap(s.testBtn) })
	if !s.testBtn.Disabled() || !s.busy.Visible() || !strings.Contains(s.result.Text, "Testing") {
		t.Fatalf("while testing: test disabled %v, busy %v, %q", s.testBtn.Disabled(), s.busy.Visible(), s.result.Text)
	}
	custUI(func() { s.database.SetText("aftercare2") })
	close(release)
	custWaitIdle(t)
	if !s.useBtn.Disabled() || s.result.Text != "" || s.testBtn.Disabled() || s.busy.Visible() {
		t.Fatalf("stale answer applied: use disabled %v, result %q", s.useBtn.Disabled(), s.result.Text)
	}
}

// TestSettingsDatabaseUnreachableServer asks a real port where nothing
// listens: the message says so, without the password.
func TestSettingsDatabaseUnreachableServer(t *testing.T) {
	_, s, w, _ := newDatabaseFixture(t)
	fillShared(s, "127.0.0.1", "1", "aftercare", "shop", dbTestPassword)
	custUI(func() { test.Tap(s.testBtn) })
	custEventually(t, "the test's answer", func() bool { return !s.testBtn.Disabled() })
	if !strings.Contains(s.result.Text, "no database server answers at that address") || !s.useBtn.Disabled() {
		t.Fatalf("result %q", s.result.Text)
	}
	noPassword(t, "the section", w.Content())
}

// TestSettingsDatabaseViewOnly: a counter clerk sees where the data is and
// the saved choice, but no form to change it.
func TestSettingsDatabaseViewOnly(t *testing.T) {
	isolateDBConfig(t)
	a := signedInClerk(t, rulesTestNow, nil)
	s, _, _ := showDatabaseSection(t, a)
	if s.editor.Visible() {
		t.Fatal("a counter clerk is offered to change the database")
	}
	if !s.view.hint.Visible() || !strings.Contains(s.view.hint.Text, RoleLabel(models.RoleGeneralManager)) || !strings.Contains(s.choice.Text, "the file on this PC") {
		t.Fatalf("hint %q, choice %q", s.view.hint.Text, s.choice.Text)
	}
	// A choice that reaches app anyway is refused.
	if err := a.ChooseDatabase("postgres://x@y/z"); models.AsFieldErrors(err).ForField("permission") == nil {
		t.Fatalf("clerk's choice: %v", err)
	}
}

// TestSettingsShowsLocationWithoutPassword: the Database section of the
// whole Settings screen shows where the data is.
func TestSettingsShowsLocationWithoutPassword(t *testing.T) {
	a, _, _, _ := newDatabaseFixture(t)
	w := test.NewTempWindow(t, nil)
	var st *settingsScreen
	custUI(func() {
		st = newSettingsScreen(&Deps{App: a, Window: w})
		w.SetContent(st.content())
	})
	custUI(st.shown)
	custWaitIdle(t)
	texts := custLabelTexts(w.Content())
	if !custContains(texts, a.Location()) || !custContains(texts, "Saved choice for this PC") || !custContains(texts, "Shared database (several PCs)") {
		t.Fatalf("settings:\n%s", strings.Join(texts, "\n"))
	}
}

// TestStartupSharedDatabaseProblem: a shared database that cannot be used
// at start gets its own screen: the problem in words, where (without the
// password), Try again, and, only when the URL is this PC's saved choice,
// the way back to the file on this PC, which opens that file and forgets
// the choice.
func TestStartupSharedDatabaseProblem(t *testing.T) {
	isolateDBConfig(t)
	test.NewTempApp(t)
	const raw = "postgres://aftercare:" + "s3cret-pw" + "@127.0.0.1:1/aftercare_test"
	if err := app.SaveDatabaseChoice(raw); err != nil {
		t.Fatal(err)
	}
	_, openErr := app.Open(app.Options{Path: raw, RequireSignIn: true, Lock: true, CheckLater: true})
	var ce *app.ConnError
	if !errors.As(openErr, &ce) || ce.Kind != app.ConnUnreachable {
		t.Fatalf("open: %v", openErr)
	}
	for _, fromChoice := range []bool{false, true} {
		w := test.NewTempWindow(t, nil)
		w.Resize(fyne.NewSize(1000, 700))
		var opened *app.App
		d := StartupDeps{Path: raw, Err: openErr, Window: w, Quit: func() {}, FromChoice: fromChoice, Opened: func(a *app.App) { opened = a }}
		custUI(func() { w.SetContent(StartupError(d)) })
		texts := custLabelTexts(w.Content())
		all := strings.Join(texts, "\n")
		if !custContains(texts, "Aftercare cannot reach the shared database") ||
			!custContains(texts, "The shared database cannot be used: no database server answers at that address") ||
			!custContains(texts, "Shared database: postgres://aftercare@127.0.0.1:1/aftercare_test") || strings.Contains(all, "s3cret") {
			t.Fatalf("screen:\n%s", all)
		}
		if backupButton(w.Content(), "Try again") == nil || backupButton(w.Content(), "Close") == nil {
			t.Fatal("no Try again or Close")
		}
		local := backupButton(w.Content(), "Use the file on this PC")
		if (local != nil) != fromChoice {
			t.Fatalf("from the saved choice %v: use-the-file button %v", fromChoice, local != nil)
		}
		tapWait(t, backupButton(w.Content(), "Try again"))
		if texts := custLabelTexts(w.Content()); opened != nil || len(texts) == 0 || strings.Count(strings.Join(texts, "\n"), "no database server answers") < 2 {
			t.Fatalf("try again:\n%s", strings.Join(texts, "\n"))
		}
		if !fromChoice {
			continue
		}
		tapWait(t, local)
		if opened == nil {
			t.Fatalf("the file on this PC did not open:\n%s", strings.Join(custLabelTexts(w.Content()), "\n"))
		}
		t.Cleanup(func() { opened.Close() })
		def, _ := app.DefaultDBPath()
		if opened.Postgres() || opened.Path() != def {
			t.Fatalf("opened %s, want %s", opened.Location(), def)
		}
		if got, _ := app.LoadDatabaseChoice(); got != "" {
			t.Fatalf("the choice stays: %q", got)
		}
	}
}

// TestStartupSharedWrongPassword: the wrong password has its own words.
func TestStartupSharedWrongPassword(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	err := &app.ConnError{Kind: app.ConnAuth, Location: "postgres://aftercare@db-server/aftercare", Detail: "password authentication failed for user \"aftercare\""}
	custUI(func() {
		w.SetContent(StartupError(StartupDeps{Path: "postgres://aftercare:wrong@db-server/aftercare", Err: err, Window: w, Quit: func() {}}))
	})
	all := strings.Join(custLabelTexts(w.Content()), "\n")
	if !strings.Contains(all, "refused the user name or password") || !strings.Contains(all, "password authentication failed") ||
		strings.Contains(all, ":wrong@") || backupButton(w.Content(), "Use the file on this PC") != nil {
		t.Fatalf("screen:\n%s", all)
	}
}
