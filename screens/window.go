package screens

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// Deps are what every screen needs: the application core and the window
// that parents its dialogs.
type Deps struct {
	App    *app.App
	Window fyne.Window
	// Nav moves between areas (open a ticket from the Today board, start an
	// intake from a customer). Tests may leave it nil.
	Nav Navigator
	// SwitchUser signs the person out and shows the sign-in screen (the
	// status bar's button, signin.go); nil when the window has no sign-in.
	SwitchUser func()
}

// Navigator moves the main window to another area and shows a record there.
type Navigator interface {
	OpenTicket(id string)                          // the Tickets area, showing the ticket
	OpenTicketAction(id string, act models.Action) // …and starts an action (Today board)
	OpenCustomer(id string)                        // the Customers area, showing the customer
	NewTicket(customerID string)                   // the intake form, for a customer ("" = find one)
	Area(key string)                               // switch to an area by its nav key ("nav.today"…)
}

// area is one entry of the navigation rail.
type area struct {
	key, fallback string
	icon          fyne.Resource
	content       fyne.CanvasObject
	shown         func() // it is shown: load what it shows again
	hidden        func()
	// changed follows changes made elsewhere while it is shown (another
	// PC, the command line; watchChanges): load again in place, keeping
	// the selection, the scroll position, the filters and whatever is
	// being typed.
	changed func()
}

// mainWindow is the navigation rail, the current area and the status bar.
type mainWindow struct {
	deps    *Deps
	areas   []*area
	nav     *widget.List
	stack   *fyne.Container
	status  *widget.Label
	current int

	today     *todayScreen
	followups *followUpsScreen // follow-up calls due (followups.go)
	tickets   *ticketsScreen
	dispatch  *dispatchScreen
	customers *customersScreen
	staff     *staffScreen
	settings  *settingsScreen
	months    *monthsScreen
	audit     *auditScreen     // nil unless the person may read the audit log
	dashboard *dashboardScreen // nil unless the person may read the month's figures (dashboard.go)
	session   *sessionBar      // who is signed in, Switch user (signin.go)
	root      fyne.CanvasObject

	changes chan struct{} // closed to end watchChanges; nil once ended
}

// Main builds the main window's content: a navigation rail on the left
// with the areas that work, the selected area, and a status bar.
func Main(d *Deps) fyne.CanvasObject { return newMainWindow(d).root }

// newMainWindow builds the main window for the signed-in person.
func newMainWindow(d *Deps) *mainWindow {
	m := &mainWindow{deps: d, current: -1}
	d.Nav = m
	m.today = newTodayScreen(d)
	m.followups = newFollowUpsScreen(d)
	m.tickets = newTicketsScreen(d)
	m.dispatch = newDispatchScreen(d)
	m.customers = newCustomersScreen(d)
	m.staff = newStaffScreen(d)
	m.settings = newSettingsScreen(d)
	m.months = newMonthsScreen(d)
	m.areas = []*area{
		{key: "nav.today", fallback: "Today", icon: theme.HomeIcon(), content: m.today.content(), shown: m.today.shown, hidden: m.today.hidden, changed: m.today.reload},
		{key: "nav.followups", fallback: "Follow-up calls", icon: theme.MailReplyIcon(), content: m.followups.content(), shown: m.followups.shown, changed: m.followups.reload},
		{key: "nav.tickets", fallback: "Tickets", icon: theme.DocumentIcon(), content: m.tickets.content(), shown: m.tickets.shown, changed: m.tickets.onDataChanged},
		{key: "nav.dispatch", fallback: "Dispatch", icon: theme.GridIcon(), content: m.dispatch.content(), shown: m.dispatch.shown, changed: m.dispatch.onDataChanged},
		{key: "nav.customers", fallback: "Customers", icon: theme.AccountIcon(), content: m.customers.content(), shown: m.customers.shown, changed: m.customers.onDataChanged},
		{key: "nav.staff", fallback: "Staff", icon: theme.ListIcon(), content: m.staff.content(), shown: m.staff.shown, changed: m.staff.onDataChanged},
		{key: "nav.months", fallback: "Month close", icon: theme.CalendarIcon(), content: m.months.content(), shown: m.months.shown, changed: m.months.reload},
		{key: "nav.settings", fallback: "Settings", icon: theme.SettingsIcon(), content: m.settings.content(), shown: m.settings.shown, changed: m.settings.onDataChanged},
	}
	m.addAuditArea()     // managers only (audit.go)
	m.addDashboardArea() // managers and finance (dashboard.go)
	m.stack = container.NewStack()
	m.nav = widget.NewList(
		func() int { return len(m.areas) },
		func() fyne.CanvasObject {
			return container.NewHBox(widget.NewIcon(theme.AccountIcon()), widget.NewLabel("Customers——"))
		},
		m.renderNavItem,
	)
	m.nav.OnSelected = m.onNavigate
	m.status = widget.NewLabel("")
	m.status.Truncation = fyne.TextTruncateEllipsis
	m.refreshStatus()
	m.watchCheck()
	m.watchChanges()
	if d.SwitchUser != nil {
		shownSession.set(d.App, d.SwitchUser)
	}

	title := widget.NewLabelWithStyle(T("app.name", "Aftercare"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	rail := container.NewBorder(container.NewVBox(container.NewHBox(widget.NewIcon(IconResource), title), widget.NewSeparator()), nil, nil, nil, m.nav)
	split := container.NewHSplit(rail, m.stack)
	split.Offset = 0.12
	m.session = newSessionBar(d)
	body := container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, nil, m.session.box, m.status)), nil, nil, split)
	m.nav.Select(0)
	maybeWelcome(d, m.refreshAll)
	m.root = body
	return m
}

func (m *mainWindow) renderNavItem(id widget.ListItemID, o fyne.CanvasObject) {
	row := o.(*fyne.Container)
	a := m.areas[id]
	row.Objects[0].(*widget.Icon).SetResource(a.icon)
	row.Objects[1].(*widget.Label).SetText(T(a.key, a.fallback))
}

// onNavigate shows the chosen area and lets it refresh its data.
func (m *mainWindow) onNavigate(id widget.ListItemID) {
	if id == m.current || id < 0 || id >= len(m.areas) {
		return
	}
	if m.current >= 0 && m.areas[m.current].hidden != nil {
		m.areas[m.current].hidden()
	}
	m.current = id
	a := m.areas[id]
	m.stack.Objects = []fyne.CanvasObject{a.content}
	m.stack.Refresh()
	if a.shown != nil {
		a.shown()
	}
}

// refreshAll reloads the visible area, after demo data was loaded.
func (m *mainWindow) refreshAll() {
	if m.current >= 0 && m.areas[m.current].shown != nil {
		m.areas[m.current].shown()
	}
}

func (m *mainWindow) refreshStatus() {
	text := T("status.database", "Database: {{.Path}}", map[string]any{"Path": m.deps.App.Location()}) +
		"    " + T("status.version", "Version {{.Version}}", map[string]any{"Version": app.Version})
	if m.deps.App.Checking() {
		text = T("status.checking", "Checking the database, a moment… (saving waits until it is done)") + "    " + text
	}
	m.status.SetText(text)
}

// watchCheck updates the status bar when the start-up check that runs
// while the window shows (app/checkgate.go) has ended.
func (m *mainWindow) watchCheck() {
	a := m.deps.App
	if !a.Checking() {
		return
	}
	custGo(func() func() {
		a.WaitCheck(context.Background())
		return m.refreshStatus
	})
}

// changesEvery is how often the main window asks whether others changed
// the data (a variable for tests).
var changesEvery = 3 * time.Second

// changesTimeout bounds one look: a shared database that does not answer
// in time is asked again at the next tick.
const changesTimeout = 2 * time.Second

// watchChanges reads app.DataVersion every changesEvery off the UI
// goroutine and, when it moved (another PC or the command line committed;
// on a shared database also this PC's own saves), asks the area shown to
// follow (area.changed). It ends with the main window: at sign-out, when
// the window was left, or with stopChanges.
func (m *mainWindow) watchChanges() {
	stop := make(chan struct{})
	m.changes = stop
	a, every := m.deps.App, changesEvery
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		var last int64
		known := false
		for {
			ctx, cancel := context.WithTimeout(context.Background(), changesTimeout)
			v, err := a.DataVersion(ctx)
			cancel()
			switch {
			case err != nil: // asked again at the next tick
			case !known:
				last, known = v, true
			case v != last:
				last = v
				custGo(func() func() { return func() { m.onDataChanged(stop) } })
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
			if a.Session() == nil {
				return // signed out
			}
		}
	}()
}

// onDataChanged asks the area shown to follow a change made elsewhere,
// unless this window was left meanwhile.
func (m *mainWindow) onDataChanged(stop chan struct{}) {
	if stop != m.changes {
		return
	}
	if m.current < 0 {
		m.stopChanges() // left: signed out or replaced
		return
	}
	if a := m.areas[m.current]; a.changed != nil {
		a.changed()
	}
}

// stopChanges ends watchChanges.
func (m *mainWindow) stopChanges() {
	if m.changes != nil {
		close(m.changes)
		m.changes = nil
	}
}

// shownSession is how to end the signed-in session of the main window
// built last, and its App: a failed start-up check ends it (its idle lock
// would otherwise bring the sign-in back over the start-up error screen).
var shownSession sessionEnd

type sessionEnd struct {
	mu  sync.Mutex
	app *app.App
	end func()
}

func (s *sessionEnd) set(a *app.App, end func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.app, s.end = a, end
}

// take returns how to end a's session, once.
func (s *sessionEnd) take(a *app.App) func() {
	s.mu.Lock()
	defer s.mu.Unlock()
	end := s.end
	if s.app != a {
		end = nil
	}
	s.app, s.end = nil, nil
	return end
}

// AfterFirstFrame runs fn on the UI goroutine once the window has drawn
// its first frame. Animations tick just before each frame is painted, so
// the second tick comes after the first paint; the start-up check and the
// day's backup start there, not while the first frame is drawn.
func AfterFirstFrame(fn func()) {
	ticks := 0
	var anim *fyne.Animation
	anim = fyne.NewAnimation(time.Minute, func(float32) {
		if ticks++; ticks == 2 {
			anim.Stop()
			fn()
		}
	})
	anim.Start()
}

// AfterCheck starts the full start-up check of an App opened with
// CheckLater (the window has drawn) and waits for it off the UI goroutine.
// When it passes, the day's backup follows (a damaged or unchecked
// database is never copied as a backup). When it fails, the App is closed
// (the file untouched, the lock released for a restore) and the window
// shows the start-up error screen: for a damaged database the newest good
// backup and the offer to restore it, d.Opened going on with it.
func AfterCheck(a *app.App, d StartupDeps) {
	a.StartCheck()
	custGo(func() func() {
		err := a.WaitCheck(context.Background())
		switch {
		case err == nil:
			if took := a.CheckTook(); took > 0 {
				fmt.Fprintf(os.Stderr, "aftercare: database checked in %d ms\n", took.Milliseconds())
			}
			StartDailyBackup(a, d.Window)
		case errors.Is(err, app.ErrCheckStopped):
			// The window closed first.
		default:
			return func() { showCheckFailed(a, d, err) }
		}
		return nil
	})
}

// Area switches to the area with the given nav key.
func (m *mainWindow) Area(key string) {
	for i, a := range m.areas {
		if a.key == key {
			m.nav.Select(i)
			return
		}
	}
}

// OpenTicket shows a ticket in the Tickets area.
func (m *mainWindow) OpenTicket(id string) {
	m.Area("nav.tickets")
	m.tickets.openTicket(id)
}

// OpenTicketAction shows a ticket and starts an action on it.
func (m *mainWindow) OpenTicketAction(id string, act models.Action) {
	m.Area("nav.tickets")
	m.tickets.openTicketAction(id, act)
}

// OpenCustomer shows a customer in the Customers area.
func (m *mainWindow) OpenCustomer(id string) {
	m.Area("nav.customers")
	m.customers.showCustomer(id, "")
}

// NewTicket opens the intake form from wherever the person is.
func (m *mainWindow) NewTicket(customerID string) {
	m.tickets.newTicket(customerID)
}

// showCheckFailed ends the session shown on a (its main window, its idle
// lock), closes its dialogs and a itself, and shows the start-up error
// screen instead. UI goroutine.
func showCheckFailed(a *app.App, d StartupDeps, err error) {
	if end := shownSession.take(a); end != nil {
		end()
	}
	c := d.Window.Canvas()
	for o := c.Overlays().Top(); o != nil; o = c.Overlays().Top() {
		c.Overlays().Remove(o)
	}
	a.Close()
	d.Err = err
	d.Window.SetContent(StartupError(d))
}
