package screens

import (
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// signFixture is a database opened the way the window opens it (nobody
// acts until someone signs in), a test window and the sign-in flow with
// a clock and ticker the test drives.
type signFixture struct {
	app   *app.App
	deps  *Deps
	w     fyne.Window
	flow  *sessionFlow
	ticks chan time.Time

	mu    sync.Mutex
	clock time.Time
}

var signTestNow = time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local)

func newSignFixture(t *testing.T) *signFixture {
	t.Helper()
	test.NewTempApp(t)
	fx := &signFixture{clock: signTestNow, ticks: make(chan time.Time)}
	a, err := app.Open(app.Options{Path: filepath.Join(t.TempDir(), "t.db"), Clock: fx.now, RequireSignIn: true})
	if err != nil {
		t.Fatal(err)
	}
	fx.app = a
	fx.w = test.NewTempWindow(t, nil)
	fx.w.Resize(fyne.NewSize(1280, 800))
	fx.deps = &Deps{App: a, Window: fx.w}
	fx.flow = newSessionFlow(fx.deps)
	fx.flow.now = fx.now
	fx.flow.ticks = func() (<-chan time.Time, func()) { return fx.ticks, func() {} }
	t.Cleanup(func() {
		custUI(fx.flow.closeMain)
		custWaitIdle(t)
		a.Close()
	})
	return fx
}

// signedInClerk opens a database that requires sign-in, with the owner
// 王总 (PIN 2580) and the counter clerk 小刘 (PIN 2468), and signs 小刘
// in. setup, when not nil, runs before the sign-in, while staff may still
// be added freely.
func signedInClerk(t *testing.T, now time.Time, setup func(a *app.App)) *app.App {
	t.Helper()
	test.NewTempApp(t)
	a, err := app.Open(app.Options{Path: filepath.Join(t.TempDir(), "t.db"), Clock: func() time.Time { return now }, RequireSignIn: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { custWaitIdle(t); a.Close() })
	if _, err := a.CreateFirstAccount(models.StaffInput{Name: "王总"}, "2580"); err != nil {
		t.Fatal(err)
	}
	clerk, err := a.CreateStaff(models.StaffInput{Name: "小刘", Roles: []models.Role{models.RoleCounter}, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	if setup != nil {
		setup(a)
	}
	if err := a.SetSecret(clerk.ID, "", "2468"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SignIn(clerk.ID, "2468"); err != nil {
		t.Fatal(err)
	}
	return a
}

func (fx *signFixture) now() time.Time {
	fx.mu.Lock()
	defer fx.mu.Unlock()
	return fx.clock
}

func (fx *signFixture) advance(d time.Duration) {
	fx.mu.Lock()
	defer fx.mu.Unlock()
	fx.clock = fx.clock.Add(d)
}

// accounts makes the general manager 王总 (PIN 2580) and the counter clerk
// 小刘 (PIN 4826), and signs out.
func (fx *signFixture) accounts(t *testing.T) (gm, clerk *models.Staff) {
	t.Helper()
	gm, err := fx.app.CreateFirstAccount(models.StaffInput{Name: "王总"}, "2580")
	if err != nil {
		t.Fatal(err)
	}
	clerk, err = fx.app.CreateStaff(models.StaffInput{Name: "小刘", Roles: []models.Role{models.RoleCounter}, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := fx.app.SetSecret(clerk.ID, "", "4826"); err != nil {
		t.Fatal(err)
	}
	fx.app.SignOut()
	return gm, clerk
}

// start shows the first screen and waits for its loads.
func (fx *signFixture) start(t *testing.T) {
	t.Helper()
	custUI(fx.flow.start)
	custWaitIdle(t)
}

// signIn picks a name on the sign-in screen and types the PIN with Enter.
func (fx *signFixture) signIn(t *testing.T, name, pin string) {
	t.Helper()
	s := fx.flow.signIn
	if s == nil {
		t.Fatal("the sign-in screen is not shown")
	}
	var btn *widget.Button
	for _, p := range s.people {
		if p.Name == name {
			btn = s.buttons[p.ID]
		}
	}
	if btn == nil {
		t.Fatalf("no button for %s among %d people", name, len(s.people))
	}
	custUI(func() { test.Tap(btn) })
	custUI(func() {
		test.Type(s.pin, pin)
		s.pin.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
	custWaitIdle(t)
}

// hasArea reports whether the main window's rail offers an area.
func hasArea(m *mainWindow, key string) bool {
	for _, a := range m.areas {
		if a.key == key {
			return true
		}
	}
	return false
}

func TestFirstStartCreatesTheGeneralManager(t *testing.T) {
	fx := newSignFixture(t)
	fx.start(t)
	first := fx.flow.first
	if first == nil || fx.w.Content() != first.root {
		t.Fatal("a new database does not open on the first-account form")
	}
	if !custContains(custLabelTexts(first.root), "General manager") {
		t.Errorf("the form does not say the account becomes the general manager: %q", custLabelTexts(first.root))
	}

	// The two PINs differ: said, nothing created.
	custUI(func() {
		test.Type(first.name, "王总")
		test.Type(first.pins.pin, "2580")
		test.Type(first.pins.again, "2581")
		test.Tap(first.createBtn)
	})
	custWaitIdle(t)
	if first.message.Text != "The two entries are not the same: type the new PIN twice." {
		t.Fatalf("mismatch message %q", first.message.Text)
	}
	if ok, _ := fx.app.HasAccounts(); ok {
		t.Fatal("an account was created from differing PINs")
	}
	// A simple run is refused before anything is stored.
	custUI(func() {
		first.pins.clear()
		test.Type(first.pins.pin, "1234")
		test.Type(first.pins.again, "1234")
		test.Tap(first.createBtn)
	})
	custWaitIdle(t)
	if !strings.Contains(first.message.Text, "simple run") {
		t.Fatalf("simple PIN message %q", first.message.Text)
	}

	// Enter in the second entry creates the account and opens the main window.
	custUI(func() {
		first.pins.clear()
		test.Type(first.pins.pin, "2580")
		test.Type(first.pins.again, "2580")
		first.pins.again.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
	custWaitIdle(t)
	m := fx.flow.main
	if m == nil || fx.flow.first != nil {
		t.Fatalf("no main window after the first account: %q", first.message.Text)
	}
	s := fx.app.Session()
	if s == nil || s.Name != "王总" || !s.Can(models.PermAccounts) {
		t.Fatalf("session %+v", s)
	}
	if m.session.who == nil || !strings.Contains(m.session.who.Text, "王总") || !strings.Contains(m.session.who.Text, "General manager") {
		t.Errorf("status bar: %v", m.session.who)
	}
	if !hasArea(m, "nav.audit") {
		t.Error("the general manager has no audit log area")
	}
	// Then the welcome: shop details and demo data.
	top := fx.w.Canvas().Overlays().Top()
	if top == nil || !custContains(custLabelTexts(top), "Fill in your shop's details") {
		t.Error("the welcome does not follow the first account")
	}
	if list, _ := fx.app.SignInList(); len(list) != 1 || !list[0].HasRole(models.RoleGeneralManager) {
		t.Fatalf("sign-in list %+v", list)
	}
}

func TestSignInWrongPINThenRightAndSwitchUser(t *testing.T) {
	fx := newSignFixture(t)
	fx.accounts(t)
	fx.start(t)
	s := fx.flow.signIn
	if s == nil || fx.w.Content() != s.root || len(s.people) != 2 || s.search.Visible() {
		t.Fatalf("sign-in screen: %+v", s)
	}
	// Nothing chosen: the PIN entry waits.
	if !s.pin.Disabled() || !s.signInBtn.Disabled() {
		t.Error("PIN entry usable before choosing a name")
	}

	fx.signIn(t, "小刘", "1111")
	if fx.app.Session() != nil || fx.flow.main != nil {
		t.Fatal("signed in with a wrong PIN")
	}
	if s.message.Text != "Wrong PIN or password." || s.pin.Text != "" || !strings.Contains(s.who.Text, "小刘") {
		t.Fatalf("after a wrong PIN: message %q, pin %q, who %q", s.message.Text, s.pin.Text, s.who.Text)
	}

	custUI(func() {
		test.Type(s.pin, "4826")
		test.Tap(s.signInBtn)
	})
	custWaitIdle(t)
	m := fx.flow.main
	if m == nil || fx.app.Session() == nil || fx.app.Session().Name != "小刘" {
		t.Fatalf("not signed in: %q", s.message.Text)
	}
	if hasArea(m, "nav.audit") {
		t.Error("a counter clerk sees the audit log")
	}
	if !strings.Contains(m.session.who.Text, "小刘") || !strings.Contains(m.session.who.Text, "Counter") {
		t.Errorf("status bar %q", m.session.who.Text)
	}

	// Switch user: signed out, back on the sign-in screen, nobody chosen.
	custUI(func() { test.Tap(m.session.switchBtn) })
	custWaitIdle(t)
	if fx.app.Session() != nil || fx.flow.main != nil || fx.flow.signIn == nil || fx.w.Content() != fx.flow.signIn.root {
		t.Fatal("Switch user did not return to the sign-in screen")
	}
	if fx.flow.signIn.chosen != nil || fx.flow.signIn.message.Text != "" {
		t.Errorf("after Switch user: chosen %v, message %q", fx.flow.signIn.chosen, fx.flow.signIn.message.Text)
	}
	// The next person gets their own main window.
	fx.signIn(t, "王总", "2580")
	if fx.flow.main == nil || fx.flow.main == m || !hasArea(fx.flow.main, "nav.audit") {
		t.Fatal("the manager's main window")
	}
}

func TestSignInSearchWhenManyPeople(t *testing.T) {
	fx := newSignFixture(t)
	fx.accounts(t)
	// Two people stand in for a big shop (each PIN is a slow bcrypt hash).
	was := bigListAt
	bigListAt = 1
	t.Cleanup(func() { bigListAt = was })
	fx.start(t)
	s := fx.flow.signIn
	if len(s.people) != 2 || !s.search.Visible() {
		t.Fatalf("%d people, search shown %v", len(s.people), s.search.Visible())
	}
	custUI(func() { test.Type(s.search, "王") })
	if len(s.grid.Objects) != 1 || len(s.shown) != 1 {
		t.Fatalf("search left %d buttons", len(s.grid.Objects))
	}
	custUI(func() { s.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	if s.chosen == nil || s.chosen.Name != "王总" || s.pin.Disabled() {
		t.Fatal("Enter in the search did not choose the only match")
	}
	custUI(func() { s.search.SetText("") })
	if len(s.grid.Objects) != 2 {
		t.Fatalf("cleared search shows %d", len(s.grid.Objects))
	}
}

func TestIdleLockAfterTheConfiguredTime(t *testing.T) {
	fx := newSignFixture(t)
	gm, _ := fx.accounts(t)
	if _, err := fx.app.SignIn(gm.ID, "2580"); err != nil {
		t.Fatal(err)
	}
	if err := fx.app.SetIdleLockMinutes(5); err != nil {
		t.Fatal(err)
	}
	if err := fx.app.SetWelcomeDone(); err != nil { // no welcome dialog over the window
		t.Fatal(err)
	}
	fx.start(t) // signed in: straight to the main window
	m := fx.flow.main
	if m == nil {
		t.Fatal("no main window")
	}
	tick := func() {
		fx.ticks <- fx.now()
		time.Sleep(20 * time.Millisecond) // let the tick start its read
		custWaitIdle(t)
	}
	// 4 minutes quiet: still open. A mouse movement counts as use.
	fx.advance(4 * time.Minute)
	tick()
	if fx.flow.main != m {
		t.Fatal("locked after 4 of 5 minutes")
	}
	area := fx.w.Content().(*idleArea)
	custUI(func() { area.MouseMoved(&desktop.MouseEvent{}) })
	// 8 minutes: 4 since the movement. Focusing a field counts too.
	fx.advance(4 * time.Minute)
	custUI(func() {
		m.Area("nav.settings")
		fx.w.Canvas().Focus(m.settings.name)
	})
	custWaitIdle(t)
	if fx.w.Canvas().Focused() != m.settings.name {
		t.Fatal("the shop name field did not take the focus")
	}
	tick()
	if fx.flow.main != m {
		t.Fatal("locked 4 minutes after a mouse movement")
	}
	// Typing into the focused field (the canvas never sees those keys).
	fx.advance(4 * time.Minute)
	custUI(func() { test.Type(m.settings.name, "顺") })
	tick()
	if fx.flow.main != m {
		t.Fatal("locked while typing")
	}
	// 5 quiet minutes after that: locked, the manager chosen again.
	fx.advance(5 * time.Minute)
	tick()
	if fx.flow.main != nil || fx.app.Session() != nil {
		t.Fatal("not locked after 5 quiet minutes")
	}
	s := fx.flow.signIn
	if s == nil || s.chosen == nil || s.chosen.ID != gm.ID || !strings.Contains(s.message.Text, "5 min") {
		t.Fatalf("after the idle lock: %+v", s)
	}
	// Ticks of the closed main window do nothing more.
	custUI(func() { fx.flow.onTick(nil, 1) })

	// 0 = never.
	if _, err := fx.app.SignIn(gm.ID, "2580"); err != nil {
		t.Fatal(err)
	}
	if err := fx.app.SetIdleLockMinutes(0); err != nil {
		t.Fatal(err)
	}
	custUI(fx.flow.showMain)
	fx.advance(24 * time.Hour)
	tick()
	if fx.flow.main == nil {
		t.Fatal("locked with the idle lock off")
	}
}

// TestCounterClerkIsRefusedManagerActions signs in as a counter clerk: the
// fee schedule opens read-only with a hint, and a save that reaches app
// anyway (as from a stale screen) is refused with the roles named.
func TestCounterClerkIsRefusedManagerActions(t *testing.T) {
	fx := newSignFixture(t)
	_, clerk := fx.accounts(t)
	if _, err := fx.app.SignIn(clerk.ID, "4826"); err != nil {
		t.Fatal(err)
	}
	e := newFeeEditor(fx.deps)
	custUI(e.open)
	custWaitIdle(t)
	if e.saveBtn.Visible() || e.addBtn.Visible() || e.defaultsBtn.Visible() || !e.view.hint.Visible() {
		t.Fatal("the fee schedule is editable for a counter clerk")
	}
	if !strings.Contains(e.view.hint.Text, "Business manager, General manager") {
		t.Errorf("hint %q", e.view.hint.Text)
	}
	if len(e.rows) == 0 || !e.rows[0].price.Disabled() || !e.rows[0].remove.Disabled() {
		t.Fatal("fee rows are editable")
	}
	custUI(e.onSave)
	custWaitIdle(t)
	if !e.formErr.Visible() || e.formErr.Text != "小刘 may not do this: it needs one of these roles: Business manager, General manager." {
		t.Fatalf("refusal %q (shown %v)", e.formErr.Text, e.formErr.Visible())
	}

	// The service rules say the refusal too.
	r := newRulesEditor(fx.deps)
	custUI(r.open)
	custWaitIdle(t)
	if r.saveBtn.Visible() || !r.view.hint.Visible() {
		t.Fatal("service rules editable")
	}
	custUI(r.onSave)
	custWaitIdle(t)
	if !strings.Contains(r.status.Text, "may not do this") {
		t.Fatalf("service rules refusal %q", r.status.Text)
	}

	// Settings: shop details and the screen lock read-only.
	st := newSettingsScreen(fx.deps)
	fx.w.SetContent(st.content())
	custUI(st.shown)
	custWaitIdle(t)
	if st.saveBtn.Visible() || !st.name.Disabled() || !st.shopView.hint.Visible() ||
		st.idleLock.saveBtn.Visible() || !st.idleLock.minutes.Disabled() || st.idleLock.minutes.Text != "10" {
		t.Fatal("settings editable for a counter clerk")
	}
	if st.checklists.newBtn.Visible() {
		t.Error("a counter clerk may add checklists")
	}
}

// TestManagerSetsTheIdleLockInSettings saves the minutes through the form.
func TestManagerSetsTheIdleLockInSettings(t *testing.T) {
	fx := newSignFixture(t)
	gm, _ := fx.accounts(t)
	if _, err := fx.app.SignIn(gm.ID, "2580"); err != nil {
		t.Fatal(err)
	}
	st := newSettingsScreen(fx.deps)
	fx.w.SetContent(st.content())
	custUI(st.shown)
	custWaitIdle(t)
	s := st.idleLock
	if !s.saveBtn.Visible() || s.minutes.Disabled() || st.shopView.hint.Visible() {
		t.Fatal("the manager's settings are read-only")
	}
	custUI(func() {
		s.minutes.SetText("")
		test.Type(s.minutes, "abc")
	})
	if !s.problem.Visible() || !s.saveBtn.Disabled() {
		t.Fatal("letters accepted as minutes")
	}
	custUI(func() {
		s.minutes.SetText("")
		test.Type(s.minutes, "３０") // full-width, as a Chinese input method types
		test.Tap(s.saveBtn)
	})
	custWaitIdle(t)
	if fx.app.IdleLockMinutes() != 30 || !strings.Contains(s.saved.Text, "30 minutes") {
		t.Fatalf("saved %d, %q", fx.app.IdleLockMinutes(), s.saved.Text)
	}
}

// TestSignInScreenshots writes the sign-in screens, the audit log and the
// PIN dialog as PNGs for a person to look at (SIGNIN_SHOTS=folder).
func TestSignInScreenshots(t *testing.T) {
	dir := shotsDir(t, "SIGNIN_SHOTS")
	for _, l := range []string{"en", "zh"} {
		shotsLanguage(t, l)
		fx := newSignFixture(t)
		fyne.CurrentApp().Settings().SetTheme(NewTheme())
		shot := func(name string) {
			custWaitIdle(t)
			// A real window lays out again when sizes change; make this one.
			fx.w.Resize(fyne.NewSize(1280, 801))
			fx.w.Resize(fyne.NewSize(1280, 800))
			writeShot(t, fx.w, filepath.Join(dir, "signin_"+l+"_"+name+".png"), false)
		}
		fx.start(t)
		custUI(func() {
			test.Type(fx.flow.first.name, "王总")
			test.Type(fx.flow.first.pins.pin, "2580")
			test.Type(fx.flow.first.pins.again, "2581")
			test.Tap(fx.flow.first.createBtn)
		})
		shot("first")
		custUI(func() {
			fx.flow.first.pins.clear()
			test.Type(fx.flow.first.pins.pin, "2580")
			test.Type(fx.flow.first.pins.again, "2580")
			test.Tap(fx.flow.first.createBtn)
		})
		custWaitIdle(t)
		shot("welcome")
		fx.app.SetWelcomeDone()
		clerk, _ := fx.app.CreateStaff(models.StaffInput{Name: "小刘", Roles: []models.Role{models.RoleCounter}, Active: true})
		fx.app.SetSecret(clerk.ID, "", "4826")
		fx.app.CreateStaff(models.StaffInput{Name: "李师傅", Roles: []models.Role{models.RoleTechnician}, Active: true})
		fx.app.CreateCustomer(models.CustomerInput{Name: "张伟", Phones: []string{"13800138000"}}, app.CreateOptions{})
		custUI(fx.flow.switchUser)
		custWaitIdle(t)
		fx.signIn(t, "小刘", "1111")
		shot("wrong_pin")
		custUI(func() { test.Type(fx.flow.signIn.pin, "4826"); test.Tap(fx.flow.signIn.signInBtn) })
		custWaitIdle(t)
		custUI(func() { fx.flow.main.Area("nav.settings") })
		shot("clerk_settings")
		custUI(func() { fx.flow.main.Area("nav.staff") })
		custUI(func() { test.Tap(fx.flow.main.staff.changeMyPIN) })
		shot("clerk_change_pin")
		custUI(fx.flow.switchUser)
		custWaitIdle(t)
		fx.signIn(t, "王总", "2580")
		m := fx.flow.main
		custUI(func() { m.Area("nav.staff") })
		custWaitIdle(t)
		staffSelect(t, m.staff, "李师傅")
		shot("gm_staff")
		custUI(func() { test.Tap(m.staff.pinBtn) })
		shot("gm_set_pin")
		custUI(func() { m.staff.pinDlg.dlg.Hide() })
		custUI(func() { m.Area("nav.audit") })
		custWaitIdle(t)
		custUI(func() { m.audit.list.Select(0) })
		shot("audit")
	}
}
