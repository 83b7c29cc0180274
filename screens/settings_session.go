package screens

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// idleLockSection is the Settings part that sets after how many minutes
// without input the window locks (0 = never). Managers change it; others
// see it read-only.
type idleLockSection struct {
	deps    *Deps
	view    *viewOnly
	minutes *widget.Entry
	problem *widget.Label
	saveBtn *widget.Button
	saved   *widget.Label
	root    fyne.CanvasObject
}

func newIdleLockSection(d *Deps) *idleLockSection {
	s := &idleLockSection{deps: d, view: newViewOnly(d, models.PermCatalogues)}
	s.minutes = widget.NewEntry()
	s.minutes.OnChanged = func(string) { s.saved.SetText(""); s.check() }
	s.minutes.OnSubmitted = func(string) { s.onSave() }
	s.problem = errorLabel()
	s.problem.Hide()
	s.saveBtn = widget.NewButtonWithIcon(T("settings.idle.save", "Save"), theme.DocumentSaveIcon(), s.onSave)
	s.saved = widget.NewLabel("")
	s.saved.Importance = widget.SuccessImportance
	help := widget.NewLabel(T("settings.idle.help", "After this many minutes without a key press or mouse movement the window locks: the person is signed out and the next one signs in with their PIN. 0 means never (not for a shared counter PC)."))
	help.Wrapping = fyne.TextWrapWord
	row := container.NewHBox(
		widget.NewLabel(T("settings.idle.label", "Lock the screen after")),
		container.NewGridWrap(fyne.NewSize(80, s.minutes.MinSize().Height), s.minutes),
		widget.NewLabel(T("settings.idle.unit", "minutes without use")),
		s.saveBtn, s.saved)
	s.view.hide(s.saveBtn)
	s.view.lock(s.minutes)
	s.root = container.NewVBox(heading(T("settings.idle.title", "Screen lock")), s.view.hint, help, row, s.problem)
	return s
}

func (s *idleLockSection) content() fyne.CanvasObject { return s.root }

// load shows the stored value, off the UI goroutine.
func (s *idleLockSection) load() {
	a := s.deps.App
	custGo(func() func() {
		n := a.IdleLockMinutes()
		return func() {
			s.minutes.OnChanged = nil
			s.minutes.SetText(strconv.Itoa(n))
			s.minutes.OnChanged = func(string) { s.saved.SetText(""); s.check() }
			s.saved.SetText("")
			s.check()
		}
	})
}

// check reads the minutes; a problem shows under the row.
func (s *idleLockSection) check() (int, bool) {
	n, err := strconv.Atoi(rulesHalfWidth(strings.TrimSpace(s.minutes.Text)))
	if err != nil || n < 0 || n > app.MaxIdleLockMinutes {
		custSetErr(s.problem, T("err.settings.idle_lock", "Enter the minutes before the screen locks, from 0 (never) to {{.Max}}.", map[string]any{"Max": app.MaxIdleLockMinutes}))
		s.saveBtn.Disable()
		return 0, false
	}
	custSetErr(s.problem, "")
	s.saveBtn.Enable()
	return n, true
}

// onSave stores the minutes; the lock uses them from its next check.
func (s *idleLockSection) onSave() {
	n, ok := s.check()
	if !ok || s.view.on {
		return
	}
	s.saveBtn.Disable()
	a := s.deps.App
	custGo(func() func() {
		err := a.SetIdleLockMinutes(n)
		return func() {
			s.saveBtn.Enable()
			if err != nil {
				custSetErr(s.problem, ErrText(err))
				return
			}
			if n == 0 {
				s.saved.SetText(T("settings.idle.saved_never", "Saved: the screen no longer locks by itself."))
			} else {
				s.saved.SetText(T("settings.idle.saved", "Saved: the screen locks after {{.N}} minutes without use.", map[string]any{"N": n}))
			}
		}
	})
}
