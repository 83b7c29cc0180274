package screens

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// demoCustomers is how many demo customers the welcome offers to load:
// enough to try the search, few enough to load in a moment.
const demoCustomers = 300

// welcomeDialog greets the first start on an empty database: it offers to
// fill in the shop details printed on slips and to load demo data.
type welcomeDialog struct {
	deps                   *Deps
	name, address, hotline *widget.Entry
	demo                   *widget.Check
	problem                *widget.Label
	dlg                    dialog.Dialog
	done                   func()
}

// maybeWelcome shows the welcome when the database has no customers and the
// welcome has not been dismissed before; it checks off the UI goroutine.
// done runs after demo data or shop details were saved. Only someone who
// may edit the shop details sees it (after a first start, the general
// manager who just created the first account).
func maybeWelcome(d *Deps, done func()) {
	if !d.App.Can(models.PermCatalogues) {
		return
	}
	custGo(func() func() {
		if d.App.WelcomeDone() {
			return nil
		}
		n, err := d.App.CountCustomers(context.Background(), "", true)
		if err != nil || n > 0 {
			return nil
		}
		return func() { newWelcomeDialog(d, done).dlg.Show() }
	})
}

func newWelcomeDialog(d *Deps, done func()) *welcomeDialog {
	w := &welcomeDialog{deps: d, done: done}
	w.name, w.address, w.hotline = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	w.name.SetPlaceHolder(T("settings.shop.name_hint", "e.g. 顺心家居售后服务部"))
	w.hotline.SetPlaceHolder(T("settings.shop.hotline_hint", "e.g. 400-800-1234"))
	w.demo = widget.NewCheck(T("welcome.demo", "Load demo customers to try things out ({{.N}} customers with purchases)", map[string]any{"N": demoCustomers}), nil)
	w.problem = errorLabel()
	intro := widget.NewLabel(T("welcome.intro", "Aftercare keeps your customers, what they bought and their warranties in one file on this PC. Fill in your shop's details now (they are printed on every slip) or later in Settings."))
	intro.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem(T("settings.shop.name", "Shop name"), w.name),
		widget.NewFormItem(T("settings.shop.address", "Address"), w.address),
		widget.NewFormItem(T("settings.shop.hotline", "Service hotline"), w.hotline),
	)
	start := widget.NewButtonWithIcon(T("welcome.start", "Start"), theme.ConfirmIcon(), w.onStart)
	start.Importance = widget.HighImportance
	skip := widget.NewButton(T("welcome.skip", "Later"), w.onSkip)
	body := container.NewVBox(intro, form, w.demo, w.problem, container.NewHBox(layout.NewSpacer(), skip, start))
	w.dlg = dialog.NewCustomWithoutButtons(T("welcome.title", "Welcome to Aftercare 售后管家"), body, d.Window)
	w.dlg.Resize(fyne.NewSize(620, 420))
	return w
}

// onStart saves the shop details (if any were typed), loads demo data if
// asked, and closes the welcome for good.
func (w *welcomeDialog) onStart() {
	info := app.ShopInfo{Name: w.name.Text, Address: w.address.Text, Hotline: w.hotline.Text}
	typed := info.Name != "" || info.Address != "" || info.Hotline != ""
	if typed {
		if err := app.ValidateShop(info); err != nil {
			w.problem.SetText(ErrText(err))
			return
		}
	}
	demo := w.demo.Checked
	w.problem.SetText(T("welcome.working", "Setting up…"))
	custGo(func() func() {
		var err error
		if typed {
			err = w.deps.App.SaveShop(info)
		}
		if err == nil && demo {
			// The demo writes on a connection of its own, which the
			// start-up check's write gate does not see: ask it first.
			if err = w.deps.App.Writable(); err == nil {
				_, err = w.deps.App.Demo(app.DemoOptions{Customers: demoCustomers, Seed: 1})
			}
		}
		if err == nil {
			err = w.deps.App.SetWelcomeDone()
		}
		return func() {
			if err != nil {
				w.problem.SetText(ErrText(err))
				return
			}
			w.dlg.Hide()
			if w.done != nil {
				w.done()
			}
		}
	})
}

func (w *welcomeDialog) onSkip() {
	custGo(func() func() {
		err := w.deps.App.SetWelcomeDone()
		return func() {
			if err != nil {
				showError(w.deps.Window, err)
			}
			w.dlg.Hide()
		}
	})
}

// StartupDeps are what the start-up error screen needs.
type StartupDeps struct {
	Path   string // the database file, or a shared database's URL
	Err    error  // why it did not open
	Window fyne.Window
	Quit   func()
	// FromChoice: Path is this PC's saved choice of a shared database
	// (not --db or AFTERCARE_DB), so going back to the file on this PC
	// is offered when the server cannot be used.
	FromChoice bool
	// Opened goes on with a database that a restore made usable (main.go
	// starts the sign-in on it); nil offers no restore.
	Opened func(*app.App)
}

// StartupError is the window content when the database cannot be opened:
// what happened, where the file is, and a way out. Nothing was written.
// A damaged database comes with the newest good backup and the offer to
// restore it (backup.go); the damaged file is kept, renamed aside.
func StartupError(d StartupDeps) fyne.CanvasObject {
	err := d.Err
	lead := T("startup.error.title", "Aftercare cannot open its database")
	text := startupProblem(err, d.Path)
	var extra fyne.CanvasObject
	var conn *app.ConnError
	var newer *app.ErrNewerSchema
	var damaged *app.DamagedError
	var locked *app.LockedError
	var storageErr *app.StorageError
	switch {
	case errors.As(err, &conn):
		lead = T("startup.shared.title", "Aftercare cannot reach the shared database")
		extra = sharedStartupExtra(d, conn) // settings_database.go
	case errors.As(err, &newer):
		lead = T("startup.error.newer", "This database belongs to a newer version of Aftercare")
	case errors.As(err, &locked):
		lead = T("startup.locked.title", "Aftercare is already open")
		if d.Opened != nil {
			extra = newRetryOpen(d)
		}
	case errors.As(err, &damaged):
		lead = T("startup.damaged.title", "The database is damaged")
		text = T("startup.damaged.body", "Aftercare checked the database when it started and found it damaged (after a power cut or a failing disk, for example). Nothing was written to it, and it is kept as it is.")
		detail := widget.NewLabel(T("startup.error.detail", "Details: {{.Detail}}", map[string]any{"Detail": damaged.Err.Error()}))
		detail.Wrapping = fyne.TextWrapWord
		detail.Importance = widget.LowImportance
		extra = detail
		if d.Opened != nil {
			extra = container.NewVBox(detail, widget.NewSeparator(), newDamagedRestore(d.Path, d.Window, d.Opened).box)
		}
	case errors.As(err, &storageErr):
		lead = T("startup.storage.title", "Aftercare cannot reach its database")
	}
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	where := widget.NewLabel(T("startup.error.path", "Database file: {{.Path}}", map[string]any{"Path": d.Path}))
	where.Wrapping = fyne.TextWrapBreak
	hint := widget.NewLabel(T("startup.error.hint", "The file was not changed. Start Aftercare with --db to use another file, or ask your IT contact to run “aftercare check”."))
	if app.IsPostgresURL(d.Path) { // never the password
		where.SetText(T("startup.shared.where", "Shared database: {{.Location}}", map[string]any{"Location": app.RedactURL(d.Path)}))
		hint.SetText(T("startup.shared.hint", "Nothing was changed. Try again once the server is back, or ask your IT contact."))
	}
	hint.Wrapping = fyne.TextWrapWord
	box := container.NewVBox(widget.NewLabelWithStyle(lead, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), msg, where)
	if extra != nil {
		box.Add(extra)
	}
	box.Add(hint)
	box.Add(container.NewHBox(widget.NewButtonWithIcon(T("startup.error.quit", "Close"), theme.CancelIcon(), d.Quit)))
	box.Add(widget.NewLabel(fmt.Sprintf("Aftercare %s", app.Version)))
	return container.NewVScroll(container.NewPadded(box))
}

// newRetryOpen is "Try again" for a database another Aftercare holds (it
// may be closing, finishing its backup at exit), or a shared database's
// server that did not answer.
func newRetryOpen(d StartupDeps) fyne.CanvasObject {
	status := widget.NewLabel("")
	status.Wrapping = fyne.TextWrapWord
	var btn *widget.Button
	btn = widget.NewButtonWithIcon(T("startup.locked.retry", "Try again"), theme.ViewRefreshIcon(), func() {
		btn.Disable()
		custGo(func() func() {
			// Checked like the first start: the rest once the window goes on (d.Opened).
			a, err := app.Open(app.Options{Path: d.Path, RequireSignIn: true, Lock: true, CheckLater: true})
			return func() {
				btn.Enable()
				if err != nil {
					status.SetText(startupProblem(err, d.Path))
					return
				}
				d.Opened(a)
			}
		})
	})
	return container.NewVBox(container.NewHBox(btn), status)
}
