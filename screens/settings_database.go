package screens

import (
	"errors"
	"net"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// Choosing the database (issue 10): the Settings part where a shop with
// several PCs points this PC at its shared PostgreSQL server, tests the
// connection and keeps the choice for the next start (app/dbchoice.go),
// and the start-up screen's way out when that server cannot be used.
// The password is typed, never shown: the form is filled back from the
// saved choice without it.

// testSharedDB tests a connection; tests replace it to play each answer
// of a server.
var testSharedDB = app.TestConnection

// databaseSection is the shared database form under Settings → Database.
type databaseSection struct {
	deps   *Deps
	view   *viewOnly // the form needs the backup permission
	choice *widget.Label

	host, port, database, user, password *widget.Entry
	fieldErr                             map[string]*widget.Label // app's field name → its problem

	testBtn, useBtn, localBtn *widget.Button
	busy                      *widget.Activity
	result, detail            *widget.Label
	editor                    *fyne.Container // the form and its buttons: hidden without the permission

	saved   string // this PC's saved choice ("" = the file on this PC)
	tested  string // the URL whose test passed, while the form still says it
	filled  bool   // the form was filled from the saved choice once
	gen     int    // test generation: the answer to an older form is dropped
	loadGen int    // load generation: a slow load never overwrites a newer one
	quit    func() // closes Aftercare (the restart offer)
	root    fyne.CanvasObject
}

func newDatabaseSection(d *Deps) *databaseSection {
	s := &databaseSection{deps: d, quit: func() { fyne.CurrentApp().Quit() }}
	s.view = newViewOnly(d, models.PermBackup)
	s.choice = widget.NewLabel("")
	s.choice.Wrapping = fyne.TextWrapWord
	help := widget.NewLabel(T("settings.shared.help", "A shared database lets several PCs work on the same customers and tickets. It needs a PostgreSQL server set up by your IT contact; “aftercare move-to URL” copies this shop's data there (docs/postgres.md)."))
	help.Wrapping = fyne.TextWrapWord

	s.host, s.port, s.database, s.user = widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	s.password = widget.NewPasswordEntry()
	s.host.SetPlaceHolder(T("settings.shared.host_hint", "Name or address, e.g. 192.168.1.10"))
	s.port.SetText(app.DefaultPGPort)
	s.database.SetPlaceHolder(T("settings.shared.database_hint", "e.g. aftercare"))
	s.fieldErr = map[string]*widget.Label{}
	field := func(name string, e *widget.Entry) fyne.CanvasObject {
		l := errorLabel()
		l.Hide()
		s.fieldErr[name] = l
		e.OnChanged = func(string) { s.onEdited(l) }
		return container.NewVBox(e, l)
	}
	form := widget.NewForm(
		widget.NewFormItem(T("settings.shared.host", "Server"), field("shared_host", s.host)),
		widget.NewFormItem(T("settings.shared.port", "Port"), field("shared_port", s.port)),
		widget.NewFormItem(T("settings.shared.database", "Database name"), field("shared_database", s.database)),
		widget.NewFormItem(T("settings.shared.user", "User name"), field("shared_user", s.user)),
		widget.NewFormItem(T("settings.shared.password", "Password"), s.password),
	)
	s.password.OnChanged = func(string) { s.onEdited(nil) }

	s.testBtn = widget.NewButtonWithIcon(T("settings.shared.test", "Test the connection"), theme.MediaPlayIcon(), s.onTest)
	s.useBtn = widget.NewButtonWithIcon(T("settings.shared.use", "Use this shared database"), theme.ConfirmIcon(), s.onUse)
	s.useBtn.Importance = widget.HighImportance
	s.useBtn.Disable()
	s.localBtn = widget.NewButtonWithIcon(T("settings.shared.use_local", "Use the file on this PC again"), theme.ComputerIcon(), s.onUseLocal)
	s.localBtn.Hide()
	s.busy = widget.NewActivity()
	s.busy.Hide()
	s.result = widget.NewLabel("")
	s.result.Wrapping = fyne.TextWrapWord
	s.detail = widget.NewLabel("")
	s.detail.Wrapping = fyne.TextWrapWord
	s.detail.Importance = widget.LowImportance
	s.detail.Hide()

	s.editor = container.NewVBox(
		heading(T("settings.shared.title", "Shared database (several PCs)")),
		help,
		form,
		container.NewHBox(s.testBtn, s.busy, s.useBtn, layout.NewSpacer(), s.localBtn),
		s.result,
		s.detail,
	)
	s.view.hide(s.editor)
	s.root = container.NewVBox(s.choice, s.view.hint, s.editor)
	return s
}

func (s *databaseSection) content() fyne.CanvasObject { return s.root }

// load reads this PC's saved choice; the form is filled from it the first
// time (without the password), never over what someone is typing.
func (s *databaseSection) load() {
	s.loadGen++
	gen := s.loadGen
	custGo(func() func() {
		saved, err := app.LoadDatabaseChoice()
		return func() {
			if gen != s.loadGen {
				return
			}
			if err != nil {
				s.choice.SetText(ErrText(err))
				return
			}
			s.showSaved(saved)
			if s.filled {
				return
			}
			s.filled = true
			from := saved
			if from == "" && s.deps.App.Postgres() {
				from = s.deps.App.Location()
			}
			if from != "" {
				f := app.SharedDBFromURL(from)
				s.host.SetText(f.Host)
				s.port.SetText(f.Port)
				s.database.SetText(f.Database)
				s.user.SetText(f.User)
				s.onEdited(nil)
			}
		}
	})
}

// showSaved says which database this PC opens at its next start, and
// whether that is another one than it uses now.
func (s *databaseSection) showSaved(saved string) {
	s.saved = saved
	var text string
	changes := false
	if saved == "" {
		text = T("settings.shared.choice_local", "Saved choice for this PC: the file on this PC.")
		changes = s.deps.App.Postgres()
		s.localBtn.Hide()
	} else {
		text = T("settings.shared.choice_shared", "Saved choice for this PC: the shared database {{.Location}}.",
			map[string]any{"Location": app.RedactURL(saved)})
		changes = !s.deps.App.Postgres() || s.deps.App.Location() != app.RedactURL(saved)
		if !s.view.on {
			s.localBtn.Show()
		}
	}
	if changes {
		text += "\n" + T("settings.shared.next_start", "It is used from the next start.")
	}
	s.choice.SetText(text)
}

// form is what the fields say.
func (s *databaseSection) form() app.SharedDB {
	return app.SharedDB{Host: s.host.Text, Port: s.port.Text, Database: s.database.Text, User: s.user.Text, Password: s.password.Text}
}

// onEdited: a changed field clears its problem, and the earlier test no
// longer speaks for the form (nor does one still running).
func (s *databaseSection) onEdited(problem *widget.Label) {
	if problem != nil {
		problem.SetText("")
		problem.Hide()
	}
	if s.tested == "" && !s.busy.Visible() {
		return
	}
	s.gen++
	s.tested = ""
	s.useBtn.Disable()
	s.idle()
	s.result.SetText("")
	s.detail.Hide()
}

// idle ends the test's busy state.
func (s *databaseSection) idle() {
	s.busy.Stop()
	s.busy.Hide()
	s.testBtn.Enable()
}

// showFieldErrors puts each problem under its field; it reports whether
// there were any.
func (s *databaseSection) showFieldErrors(err error) bool {
	fes := models.AsFieldErrors(err)
	for _, fe := range fes {
		if l := s.fieldErr[fe.Field]; l != nil {
			l.SetText(FieldErrText(fe))
			l.Show()
		}
	}
	return len(fes) > 0
}

// onTest checks the form and tests the connection off the UI goroutine.
func (s *databaseSection) onTest() {
	f := s.form()
	u, err := f.URL()
	if err != nil {
		if !s.showFieldErrors(err) {
			s.result.SetText(ErrText(err))
		}
		return
	}
	s.gen++
	gen := s.gen
	s.tested = ""
	s.useBtn.Disable()
	s.testBtn.Disable()
	s.busy.Show()
	s.busy.Start()
	s.result.SetText(T("settings.shared.testing", "Testing the connection…"))
	s.detail.Hide()
	custGo(func() func() {
		err := testSharedDB(u)
		return func() {
			if gen != s.gen {
				return
			}
			s.idle()
			if err != nil {
				s.showTestFailed(err)
				return
			}
			s.tested = u
			s.useBtn.Enable()
			at := app.SharedDBFromURL(u)
			s.result.SetText(T("settings.shared.test_ok", "Connection works: the server {{.Server}} answers and the database {{.Database}} can be used.",
				map[string]any{"Server": net.JoinHostPort(at.Host, at.Port), "Database": at.Database}))
		}
	})
}

// showTestFailed says what is wrong in the shop's words, the driver's own
// words (without the password) below for the IT contact.
func (s *databaseSection) showTestFailed(err error) {
	problem, ok := connErrText(err)
	if !ok {
		s.result.SetText(ErrText(err))
		return
	}
	s.result.SetText(T("settings.shared.test_failed", "Connection failed: {{.Problem}}.", map[string]any{"Problem": problem}))
	var ce *app.ConnError
	if errors.As(err, &ce) && ce.Detail != "" {
		s.detail.SetText(T("startup.error.detail", "Details: {{.Detail}}", map[string]any{"Detail": ce.Detail}))
		s.detail.Show()
	}
}

// onUse keeps the tested database as this PC's choice.
func (s *databaseSection) onUse() {
	u, err := s.form().URL()
	if err != nil || u != s.tested {
		s.useBtn.Disable() // the form changed since the test
		return
	}
	s.choose(u)
}

// onUseLocal clears the choice: the file on this PC from the next start.
func (s *databaseSection) onUseLocal() { s.choose("") }

// choose saves the choice off the UI goroutine and offers to close
// Aftercare, since the database is chosen at start.
func (s *databaseSection) choose(u string) {
	a := s.deps.App
	s.useBtn.Disable()
	s.localBtn.Disable()
	custGo(func() func() {
		err := a.ChooseDatabase(u)
		def, derr := app.DefaultDBPath()
		return func() {
			s.localBtn.Enable()
			if err != nil {
				if s.tested != "" {
					s.useBtn.Enable()
				}
				showError(s.deps.Window, err)
				return
			}
			s.showSaved(u)
			var msg string
			if u != "" {
				msg = T("settings.shared.saved_shared", "From the next start, this PC uses the shared database {{.Location}}. If the shop's data are still in the file on this PC, have them copied there first with “aftercare move-to”.",
					map[string]any{"Location": app.RedactURL(u)})
			} else {
				if derr != nil {
					def = derr.Error()
				}
				msg = T("settings.shared.saved_local", "From the next start, this PC uses the file on this PC again: {{.Path}}.", map[string]any{"Path": def})
			}
			s.showRestart(msg)
		}
	})
}

// showRestart says the choice takes effect at the next start and offers
// to close Aftercare now.
func (s *databaseSection) showRestart(msg string) {
	l := widget.NewLabel(msg)
	l.Wrapping = fyne.TextWrapWord
	var dlg dialog.Dialog
	later := widget.NewButton(T("settings.shared.later", "Later"), func() { dlg.Hide() })
	closeNow := widget.NewButtonWithIcon(T("settings.shared.close_now", "Close Aftercare now"), theme.LogoutIcon(), func() {
		dlg.Hide()
		s.quit()
	})
	closeNow.Importance = widget.HighImportance
	dlg = dialog.NewCustomWithoutButtons(T("settings.shared.saved_title", "Database chosen"),
		container.NewVBox(l, container.NewHBox(layout.NewSpacer(), later, closeNow)), s.deps.Window)
	dlg.Resize(fyne.NewSize(560, 220))
	dlg.Show()
}

// connErrText is the translated problem of a shared database that could
// not be used, and whether err was one.
func connErrText(err error) (string, bool) {
	var ce *app.ConnError
	if !errors.As(err, &ce) {
		return "", false
	}
	key, english := ce.MessageKey()
	return T(key, english), true
}

// startupProblem is what the start-up screen says about an error opening
// path: a shared database's problem in the shop's words, anything else as
// ErrText says it, never with the password.
func startupProblem(err error, path string) string {
	if problem, ok := connErrText(err); ok {
		return T("startup.shared.problem", "The shared database cannot be used: {{.Problem}}.", map[string]any{"Problem": problem})
	}
	return app.RedactText(ErrText(err), path)
}

// sharedStartupExtra is the start-up screen's part for a shared database
// that could not be used: the driver's words, "Try again", and, when the
// database came from this PC's saved choice, the way back to the file on
// this PC.
func sharedStartupExtra(d StartupDeps, ce *app.ConnError) fyne.CanvasObject {
	box := container.NewVBox()
	if ce.Detail != "" {
		detail := widget.NewLabel(T("startup.error.detail", "Details: {{.Detail}}", map[string]any{"Detail": ce.Detail}))
		detail.Wrapping = fyne.TextWrapWord
		detail.Importance = widget.LowImportance
		box.Add(detail)
	}
	if d.Opened == nil {
		return box
	}
	box.Add(newRetryOpen(d))
	if d.FromChoice {
		box.Add(widget.NewSeparator())
		box.Add(newUseLocalFile(d))
	}
	return box
}

// newUseLocalFile is "Use the file on this PC": it opens the PC's own
// database file and, once that worked, forgets the saved shared database,
// so a file that cannot be opened either leaves the choice as it was.
func newUseLocalFile(d StartupDeps) fyne.CanvasObject {
	def, derr := app.DefaultDBPath()
	help := widget.NewLabel(T("startup.shared.use_local_help", "Or go back to this PC's own database file ({{.Path}}): the saved shared database is forgotten, and can be chosen again in Settings.",
		map[string]any{"Path": def}))
	help.Wrapping = fyne.TextWrapWord
	status := widget.NewLabel("")
	status.Wrapping = fyne.TextWrapWord
	var btn *widget.Button
	btn = widget.NewButtonWithIcon(T("startup.shared.use_local", "Use the file on this PC"), theme.ComputerIcon(), func() {
		if derr != nil {
			status.SetText(ErrText(derr))
			return
		}
		btn.Disable()
		custGo(func() func() {
			a, err := app.Open(app.Options{Path: def, RequireSignIn: true, Lock: true, CheckLater: true})
			if err == nil {
				if err = app.SaveDatabaseChoice(""); err != nil {
					a.Close()
					a = nil
				}
			}
			return func() {
				btn.Enable()
				if err != nil {
					status.SetText(ErrText(err))
					return
				}
				d.Opened(a)
			}
		})
	})
	return container.NewVBox(help, container.NewHBox(btn), status)
}
