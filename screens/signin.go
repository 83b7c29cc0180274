package screens

import (
	"fmt"
	"reflect"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/models"
)

// Sign-in (issue 5): the window opens on the first-account form while
// nobody can sign in, otherwise on the sign-in screen; the main window
// belongs to the person who signed in. "Switch user" and the idle lock
// sign them out and come back to the sign-in screen; the next person gets
// a main window built afresh for their roles.

// Start fills the window with its first screen. The App must have been
// opened with RequireSignIn; one that acts as a system session (tests)
// goes straight to the main window.
func Start(d *Deps) { newSessionFlow(d).start() }

// idleTick is how often the idle lock looks for input it cannot see as
// events (typing into a field) and compares the quiet time with the limit.
const idleTick = 15 * time.Second

// bigListAt is how many people make the sign-in screen offer a search.
var bigListAt = 12

// sessionFlow moves the window between the sign-in screens and the main
// window. Everything but the tick goroutine runs on the UI goroutine.
type sessionFlow struct {
	deps *Deps
	now  func() time.Time // the idle clock; tests move it
	// ticks starts the idle lock's ticker and returns its channel and how
	// to stop it; tests send ticks themselves.
	ticks func() (<-chan time.Time, func())

	first  *firstAccountScreen // while shown
	signIn *signInScreen       // while shown
	main   *mainWindow         // the signed-in person's window, nil while locked
	idle   *idleWatch          // input watch of the main window
	stop   chan struct{}       // ends the current main window's tick goroutine
}

func newSessionFlow(d *Deps) *sessionFlow {
	return &sessionFlow{deps: d, now: time.Now, ticks: func() (<-chan time.Time, func()) {
		t := time.NewTicker(idleTick)
		return t.C, t.Stop
	}}
}

// start shows the first screen. Counting the accounts is one indexed query
// at start-up, before the window is drawn, so it runs here directly.
func (f *sessionFlow) start() {
	a := f.deps.App
	if s := a.Session(); s != nil {
		f.showMain()
		return
	}
	ok, err := a.HasAccounts()
	if err == nil && !ok {
		f.showFirst()
		return
	}
	f.showSignIn("", ErrText(err))
}

// showFirst shows the form that creates the first account.
func (f *sessionFlow) showFirst() {
	f.first = newFirstAccountScreen(f)
	f.signIn = nil
	f.deps.Window.SetContent(f.first.root)
	f.deps.Window.Canvas().Focus(f.first.name)
}

// showSignIn shows the sign-in screen with preselect chosen (after the
// idle lock: the person who was signed in) and a message.
func (f *sessionFlow) showSignIn(preselect, message string) {
	f.first = nil
	f.signIn = newSignInScreen(f, preselect, message)
	f.deps.Window.SetContent(f.signIn.root)
	f.signIn.load()
}

// showMain builds the signed-in person's main window and starts the idle
// lock. The welcome (shop details, demo data) follows a first start.
func (f *sessionFlow) showMain() {
	f.closeMain()
	f.first, f.signIn = nil, nil
	d := &Deps{App: f.deps.App, Window: f.deps.Window, SwitchUser: f.switchUser}
	f.main = newMainWindow(d)
	c := f.deps.Window.Canvas()
	f.idle = newIdleWatch(f.now, c)
	f.deps.Window.SetContent(newIdleArea(f.main.root, f.idle.touch))
	// Keys typed while no field has focus reach the canvas; typing into a
	// field is seen by the tick's comparison instead.
	c.SetOnTypedKey(func(*fyne.KeyEvent) { f.idle.touch() })
	c.SetOnTypedRune(func(rune) { f.idle.touch() })
	if dc, ok := c.(desktop.Canvas); ok {
		dc.SetOnKeyDown(func(*fyne.KeyEvent) { f.idle.touch() })
	}
	f.watch()
}

// watch runs the idle lock's ticks for the current main window: each tick
// reads the limit (Settings may change it, on any PC) off the UI goroutine
// and checks it on the UI goroutine.
func (f *sessionFlow) watch() {
	stop := make(chan struct{})
	f.stop = stop
	ticks, done := f.ticks()
	a := f.deps.App
	go func() {
		defer done()
		for {
			select {
			case <-stop:
				return
			case <-ticks:
				custGo(func() func() {
					minutes := a.IdleLockMinutes()
					return func() { f.onTick(stop, minutes) }
				})
			}
		}
	}()
}

// onTick locks the window when nobody used it for minutes (0 = never).
func (f *sessionFlow) onTick(stop chan struct{}, minutes int) {
	if stop != f.stop || f.idle == nil {
		return // the window was locked or switched meanwhile
	}
	f.idle.poll()
	if f.idle.due(minutes) {
		f.lock(true, minutes)
	}
}

// switchUser is the status bar's "Switch user".
func (f *sessionFlow) switchUser() { f.lock(false, 0) }

// lock signs the person out, closes their dialogs and main window, and
// shows the sign-in screen; after the idle lock with them chosen, so they
// only type their PIN again.
func (f *sessionFlow) lock(idle bool, minutes int) {
	a := f.deps.App
	prev := a.Session()
	f.closeMain()
	a.SignOut()
	c := f.deps.Window.Canvas()
	for o := c.Overlays().Top(); o != nil; o = c.Overlays().Top() {
		c.Overlays().Remove(o)
	}
	c.SetOnTypedKey(nil)
	c.SetOnTypedRune(nil)
	if dc, ok := c.(desktop.Canvas); ok {
		dc.SetOnKeyDown(nil)
	}
	preselect, msg := "", ""
	if idle {
		if prev != nil {
			preselect = prev.StaffID
		}
		msg = T("signin.locked_idle", "The screen locked after {{.N}} min without use. Sign in again to go on.", map[string]any{"N": minutes})
	}
	f.showSignIn(preselect, msg)
}

// closeMain stops the main window's idle ticks and its areas' timers.
func (f *sessionFlow) closeMain() {
	if f.stop != nil {
		close(f.stop)
		f.stop = nil
	}
	if f.main != nil {
		f.main.leave()
		f.main = nil
	}
	f.idle = nil
}

// leave tells the shown area it is hidden (the Today board stops its
// refresh), before the main window is thrown away.
func (m *mainWindow) leave() {
	if m.current >= 0 && m.areas[m.current].hidden != nil {
		m.areas[m.current].hidden()
	}
	m.current = -1
}

// sessionBar is the status bar's right end: who is signed in, and Switch
// user.
type sessionBar struct {
	who       *widget.Label
	switchBtn *widget.Button
	box       *fyne.Container
}

// newSessionBar is empty for a system session (no sign-in) or without a
// way back to the sign-in screen.
func newSessionBar(d *Deps) *sessionBar {
	b := &sessionBar{box: container.NewHBox()}
	s := d.App.Session()
	if s == nil || s.System || d.SwitchUser == nil {
		return b
	}
	b.who = widget.NewLabelWithStyle(T("session.signed_in", "Signed in: {{.Name}} ({{.Roles}})",
		map[string]any{"Name": s.Name, "Roles": rolesText(s.Roles)}), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	b.switchBtn = widget.NewButtonWithIcon(T("session.switch", "Switch user"), theme.LogoutIcon(), d.SwitchUser)
	b.box.Objects = []fyne.CanvasObject{b.who, b.switchBtn}
	return b
}

// idleWatch measures the time since the last input of the main window.
type idleWatch struct {
	now    func() time.Time
	canvas fyne.Canvas
	last   time.Time
	print  string // what poll saw last
}

func newIdleWatch(now func() time.Time, c fyne.Canvas) *idleWatch {
	w := &idleWatch{now: now, canvas: c}
	w.print = inputPrint(c)
	w.touch()
	return w
}

// touch records input now.
func (w *idleWatch) touch() { w.last = w.now() }

// poll counts as input any change of the focused field, its text or
// cursor, or the open dialogs since the last poll: Fyne gives focused
// widgets the keys, so typing is seen this way.
func (w *idleWatch) poll() {
	if p := inputPrint(w.canvas); p != w.print {
		w.print = p
		w.touch()
	}
}

// due reports whether minutes (> 0) passed without input.
func (w *idleWatch) due(minutes int) bool {
	return minutes > 0 && !w.now().Before(w.last.Add(time.Duration(minutes)*time.Minute))
}

// inputPrint sums up what input changes: the focused object with its
// text and cursor (entries and widgets built on them), and the overlays.
func inputPrint(c fyne.Canvas) string {
	var b strings.Builder
	focused := c.Focused()
	fmt.Fprintf(&b, "%p", focused)
	if focused != nil {
		v := reflect.ValueOf(focused)
		if v.Kind() == reflect.Pointer && !v.IsNil() && v.Elem().Kind() == reflect.Struct {
			e := v.Elem()
			for _, name := range []string{"Text", "CursorRow", "CursorColumn"} {
				sf, ok := e.Type().FieldByName(name)
				if !ok || !sf.IsExported() {
					continue
				}
				if fv, err := e.FieldByIndexErr(sf.Index); err == nil {
					fmt.Fprintf(&b, "|%v", fv.Interface())
				}
			}
		}
	}
	ov := c.Overlays()
	fmt.Fprintf(&b, "|%p|%d", ov.Top(), len(ov.List()))
	return b.String()
}

// idleArea wraps the main window's content and reports mouse movement and
// clicks that reach it (where no button or list row takes them first).
type idleArea struct {
	widget.BaseWidget
	content fyne.CanvasObject
	onInput func()
}

func newIdleArea(content fyne.CanvasObject, onInput func()) *idleArea {
	a := &idleArea{content: content, onInput: onInput}
	a.ExtendBaseWidget(a)
	return a
}

// CreateRenderer shows the content as it is.
func (a *idleArea) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(a.content) }

// MouseIn is input.
func (a *idleArea) MouseIn(*desktop.MouseEvent) { a.onInput() }

// MouseMoved is input.
func (a *idleArea) MouseMoved(*desktop.MouseEvent) { a.onInput() }

// MouseOut is not input.
func (a *idleArea) MouseOut() {}

// MouseDown is input.
func (a *idleArea) MouseDown(*desktop.MouseEvent) { a.onInput() }

// MouseUp is not input of its own.
func (a *idleArea) MouseUp(*desktop.MouseEvent) {}

// pinPair is a new PIN typed twice, masked.
type pinPair struct {
	pin, again *widget.Entry
}

// newPinPair builds the two entries; Enter in the second runs submit.
func newPinPair(submit func()) *pinPair {
	p := &pinPair{pin: widget.NewPasswordEntry(), again: widget.NewPasswordEntry()}
	p.pin.SetPlaceHolder(T("account.pin_hint", "4 to 8 digits, or a password"))
	p.again.SetPlaceHolder(T("account.pin_again_hint", "The same again"))
	p.pin.OnSubmitted = func(string) { fyneFocus(p.again) }
	p.again.OnSubmitted = func(string) { submit() }
	return p
}

// fyneFocus focuses a widget in its window, when it has one.
func fyneFocus(w fyne.Focusable) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(w.(fyne.CanvasObject)); c != nil {
		c.Focus(w)
	}
}

// value returns the new PIN, or a problem when the two entries differ or
// the PIN is too simple (checked here so nothing is sent that app refuses).
func (p *pinPair) value() (string, error) {
	if p.pin.Text != p.again.Text {
		return "", models.NewFieldError("pin_again", "err.account.pin_mismatch", "The two entries are not the same: type the new PIN twice.", nil)
	}
	if _, err := models.CheckSecret(p.pin.Text); err != nil {
		return "", err
	}
	return p.pin.Text, nil
}

// clear empties both entries.
func (p *pinPair) clear() {
	p.pin.SetText("")
	p.again.SetText("")
}

// firstAccountScreen creates the first account on a new database: it
// becomes the general manager, who then adds the others.
type firstAccountScreen struct {
	flow      *sessionFlow
	name      *widget.Entry
	pins      *pinPair
	createBtn *widget.Button
	message   *widget.Label
	busy      bool
	root      fyne.CanvasObject
}

func newFirstAccountScreen(f *sessionFlow) *firstAccountScreen {
	s := &firstAccountScreen{flow: f}
	s.name = widget.NewEntry()
	s.name.SetPlaceHolder(T("boards.staff.name_hint", "e.g. 李建国"))
	s.name.OnSubmitted = func(string) { fyneFocus(s.pins.pin) }
	s.pins = newPinPair(s.onCreate)
	s.createBtn = widget.NewButtonWithIcon(T("first.create", "Create the account and start"), theme.ConfirmIcon(), s.onCreate)
	s.createBtn.Importance = widget.HighImportance
	s.message = errorLabel()
	intro := widget.NewLabel(T("first.intro", "Nobody can sign in yet. Create your own account first: it becomes the general manager, who adds the other staff, sets their PINs, and approves the monthly penalties and rewards."))
	intro.Wrapping = fyne.TextWrapWord
	title := widget.NewLabelWithStyle(T("first.title", "Create the first account"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	form := widget.NewForm(
		widget.NewFormItem(T("first.name", "Your name"), s.name),
		widget.NewFormItem(T("account.pin", "PIN or password"), s.pins.pin),
		widget.NewFormItem(T("account.pin_again", "Repeat it"), s.pins.again),
	)
	role := widget.NewLabel(T("first.role", "Role: {{.Role}}", map[string]any{"Role": RoleLabel(models.RoleGeneralManager)}))
	role.Importance = widget.LowImportance
	card := container.NewVBox(
		container.NewHBox(widget.NewIcon(IconResource), widget.NewLabelWithStyle(T("app.title", "Aftercare 售后管家"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})),
		title, intro, form, role, s.message,
		container.NewHBox(layout.NewSpacer(), s.createBtn),
	)
	s.root = container.NewCenter(container.New(fixedWidth(560), card))
	return s
}

// fixedWidth lays its objects out at one width and as tall as they need
// at that width, so wrapped text is measured where it will be shown.
type fixedWidth float32

// MinSize measures the objects after giving them the width.
func (l fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		o.Resize(fyne.NewSize(float32(l), o.MinSize().Height))
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(float32(l), h)
}

// Layout places the objects at the width.
func (l fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(fyne.NewSize(float32(l), size.Height))
	}
}

// onCreate checks the form and creates the account in the background.
func (s *firstAccountScreen) onCreate() {
	if s.busy {
		return
	}
	in := models.StaffInput{Name: s.name.Text, Roles: []models.Role{models.RoleGeneralManager}, Active: true}
	var tmp models.Staff
	nameErr := in.Normalize(&tmp)
	secret, pinErr := s.pins.value()
	if nameErr != nil || pinErr != nil {
		s.message.SetText(ErrText(append(models.AsFieldErrors(nameErr), models.AsFieldErrors(pinErr)...)))
		return
	}
	s.busy = true
	s.createBtn.Disable()
	s.message.SetText("")
	a := s.flow.deps.App
	custGo(func() func() {
		_, err := a.CreateFirstAccount(in, secret)
		return func() {
			s.busy = false
			s.createBtn.Enable()
			if err != nil {
				s.message.SetText(ErrText(err))
				return
			}
			s.flow.showMain()
		}
	})
}

// signInScreen: pick your name, type your PIN.
type signInScreen struct {
	flow      *sessionFlow
	people    []models.Staff // who can sign in
	shown     []models.Staff // after the search
	buttons   map[string]*widget.Button
	search    *widget.Entry
	grid      *fyne.Container
	chosen    *models.Staff
	preselect string
	who       *widget.Label
	pin       *widget.Entry
	signInBtn *widget.Button
	message   *widget.Label
	note      *widget.Label // why the screen is shown (idle lock)
	busy      bool
	root      fyne.CanvasObject
}

func newSignInScreen(f *sessionFlow, preselect, message string) *signInScreen {
	s := &signInScreen{flow: f, preselect: preselect, buttons: map[string]*widget.Button{}}
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(T("signin.search", "Find your name"))
	s.search.OnChanged = func(string) { s.layoutPeople() }
	s.search.OnSubmitted = s.onSearchSubmit
	s.search.Hide()
	s.grid = container.New(layout.NewGridWrapLayout(fyne.NewSize(190, 56)))
	s.who = widget.NewLabelWithStyle(T("signin.choose", "Choose your name."), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.pin = widget.NewPasswordEntry()
	s.pin.SetPlaceHolder(T("signin.pin_hint", "PIN"))
	s.pin.OnSubmitted = func(string) { s.onSignIn() }
	s.pin.Disable()
	s.signInBtn = widget.NewButtonWithIcon(T("signin.button", "Sign in"), theme.LoginIcon(), s.onSignIn)
	s.signInBtn.Importance = widget.HighImportance
	s.signInBtn.Disable()
	s.message = errorLabel()
	s.message.SetText(message)
	s.note = widget.NewLabel("")
	s.note.Wrapping = fyne.TextWrapWord
	forgot := widget.NewLabel(T("signin.forgot", "Forgot your PIN? A general manager sets a new one in Staff."))
	forgot.Importance = widget.LowImportance
	forgot.Wrapping = fyne.TextWrapWord
	title := widget.NewLabelWithStyle(T("signin.title", "Who is at the desk?"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	head := container.NewVBox(
		container.NewHBox(widget.NewIcon(IconResource), widget.NewLabelWithStyle(T("app.title", "Aftercare 售后管家"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})),
		title, s.search)
	pinRow := container.NewBorder(nil, nil, nil, s.signInBtn, s.pin)
	foot := container.NewVBox(widget.NewSeparator(), s.who, pinRow, s.message, forgot)
	card := container.NewBorder(head, foot, nil, nil, container.NewVScroll(s.grid))
	s.root = container.NewCenter(container.New(layout.NewGridWrapLayout(fyne.NewSize(640, 560)), card))
	return s
}

// load reads who can sign in, off the UI goroutine.
func (s *signInScreen) load() {
	a := s.flow.deps.App
	custGo(func() func() {
		list, err := a.SignInList()
		return func() {
			if s.flow.signIn != s {
				return // signed in or replaced meanwhile
			}
			if err != nil {
				s.message.SetText(ErrText(err))
				return
			}
			s.people = list
			if len(list) > bigListAt {
				s.search.Show()
			}
			s.layoutPeople()
			for i := range list {
				// After the idle lock the person who was signed in; in a
				// shop with one account so far, that one.
				if list[i].ID == s.preselect || len(list) == 1 {
					s.choose(list[i])
				}
			}
			if s.chosen == nil && s.search.Visible() {
				fyneFocus(s.search)
			}
		}
	})
}

// layoutPeople shows a large button per person matching the search.
func (s *signInScreen) layoutPeople() {
	q := strings.ToLower(strings.TrimSpace(s.search.Text))
	s.shown = s.shown[:0]
	objs := make([]fyne.CanvasObject, 0, len(s.people))
	for _, p := range s.people {
		if q != "" && !strings.Contains(strings.ToLower(p.Name), q) {
			continue
		}
		s.shown = append(s.shown, p)
		b := s.buttons[p.ID]
		if b == nil {
			p := p
			b = widget.NewButtonWithIcon(p.Name, theme.AccountIcon(), func() { s.choose(p) })
			s.buttons[p.ID] = b
		}
		objs = append(objs, b)
	}
	s.grid.Objects = objs
	s.grid.Refresh()
}

// onSearchSubmit chooses the only person the search leaves.
func (s *signInScreen) onSearchSubmit(string) {
	if len(s.shown) == 1 {
		s.choose(s.shown[0])
	}
}

// choose marks the person and asks for their PIN.
func (s *signInScreen) choose(p models.Staff) {
	s.chosen = &p
	for id, b := range s.buttons {
		if id == p.ID {
			b.Importance = widget.HighImportance
		} else {
			b.Importance = widget.MediumImportance
		}
		b.Refresh()
	}
	s.who.SetText(T("signin.as", "Sign in as {{.Name}} ({{.Roles}})", map[string]any{"Name": p.Name, "Roles": rolesText(p.RoleList())}))
	s.pin.SetText("")
	s.pin.Enable()
	s.signInBtn.Enable()
	fyneFocus(s.pin)
}

// onSignIn checks the PIN in the background; a wrong one is said and the
// entry emptied for the next try.
func (s *signInScreen) onSignIn() {
	if s.busy {
		return
	}
	if s.chosen == nil {
		s.message.SetText(T("signin.choose_first", "Choose your name first."))
		return
	}
	if strings.TrimSpace(s.pin.Text) == "" {
		s.message.SetText(T("signin.pin_required", "Enter your PIN."))
		fyneFocus(s.pin)
		return
	}
	s.busy = true
	s.signInBtn.Disable()
	s.message.SetText("")
	id, secret, a := s.chosen.ID, s.pin.Text, s.flow.deps.App
	custGo(func() func() {
		_, err := a.SignIn(id, secret)
		return func() {
			s.busy = false
			if s.flow.signIn != s {
				return
			}
			s.signInBtn.Enable()
			if err != nil {
				s.message.SetText(ErrText(err))
				s.pin.SetText("")
				fyneFocus(s.pin)
				return
			}
			s.flow.showMain()
		}
	})
}
