package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/models"
)

// Accounts in the Staff area (issue 5): the general manager adds staff and
// sets or resets their PINs (a forgotten PIN, or staff added without one,
// e.g. by the demo data); everyone changes their own PIN with the current
// one. app checks both again.

// initAccounts builds the account widgets of the Staff area.
func (s *staffScreen) initAccounts() {
	s.view = newViewOnly(s.deps, models.PermAccounts)
	s.account = widget.NewLabel("")
	s.pinBtn = widget.NewButtonWithIcon(T("boards.staff.set_pin", "Set PIN…"), theme.LoginIcon(), s.onSetPIN)
	s.changeMyPIN = widget.NewButtonWithIcon(T("boards.staff.change_my_pin", "Change my PIN…"), theme.AccountIcon(), s.onChangeMyPIN)
	if sess := s.deps.App.Session(); sess == nil || sess.System {
		s.changeMyPIN.Hide() // nobody signed in to change a PIN for
	}
}

// staffAccountMark says in a list row whether the person can sign in.
func staffAccountMark(p *models.Staff) string {
	if p.PINHash != "" {
		return T("boards.staff.mark_account", "can sign in")
	}
	return T("boards.staff.mark_no_account", "no PIN yet")
}

// fillAccount shows whether the person in the form can sign in, and the
// PIN button when the signed-in person may set it: a general manager, for
// someone else (their own goes through Change my PIN, with the current one).
func (s *staffScreen) fillAccount(p *models.Staff) {
	sess := s.deps.App.Session()
	switch {
	case p == nil:
		s.account.SetText(T("boards.staff.account_new", "A PIN can be set once the person is saved."))
	case p.PINHash == "":
		s.account.SetText(T("boards.staff.account_none", "No PIN yet: cannot sign in."))
	case p.PINSetAt != nil:
		s.account.SetText(T("boards.staff.account_set", "Can sign in (PIN set {{.Date}}).", map[string]any{"Date": models.FormatDate(p.PINSetAt.Local())}))
	default:
		s.account.SetText(T("boards.staff.account_yes", "Can sign in."))
	}
	defer func() {
		if s.form != nil {
			s.form.Refresh() // the button came or went
		}
	}()
	own := p != nil && sess != nil && sess.StaffID == p.ID
	if p == nil || own || !s.deps.App.Can(models.PermAccounts) {
		s.pinBtn.Hide()
		return
	}
	if p.PINHash == "" {
		s.pinBtn.SetText(T("boards.staff.set_pin", "Set PIN…"))
		s.pinBtn.Importance = widget.HighImportance
	} else {
		s.pinBtn.SetText(T("boards.staff.reset_pin", "Reset PIN…"))
		s.pinBtn.Importance = widget.MediumImportance
	}
	s.pinBtn.Enable()
	s.pinBtn.Show()
	s.pinBtn.Refresh()
}

// pinDialog sets a new PIN: for someone else (a general manager), or one's
// own with the current PIN.
type pinDialog struct {
	staff   models.Staff
	own     bool
	current *widget.Entry // own change only
	pins    *pinPair
	problem *widget.Label
	ok      *widget.Button
	cancel  *widget.Button
	dlg     *dialog.CustomDialog
	busy    bool
}

// onSetPIN opens the PIN dialog for the person in the form.
func (s *staffScreen) onSetPIN() {
	if s.editing == nil {
		return
	}
	s.openPINDialog(*s.editing, false)
}

// onChangeMyPIN opens the PIN dialog for the signed-in person.
func (s *staffScreen) onChangeMyPIN() {
	sess := s.deps.App.Session()
	if sess == nil || sess.System {
		return
	}
	s.openPINDialog(models.Staff{Base: models.Base{ID: sess.StaffID}, Name: sess.Name}, true)
}

func (s *staffScreen) openPINDialog(p models.Staff, own bool) {
	d := &pinDialog{staff: p, own: own}
	d.pins = newPinPair(func() { s.onPINSubmit(d) })
	d.problem = errorLabel()
	d.problem.Hide()
	items := []*widget.FormItem{}
	title := T("boards.staff.pin_title", "New PIN for {{.Name}}", map[string]any{"Name": p.Name})
	intro := T("boards.staff.pin_intro", "Tell {{.Name}} the new PIN in person; they can change it afterwards with Change my PIN.", map[string]any{"Name": p.Name})
	if own {
		title = T("boards.staff.change_my_pin_title", "Change my PIN")
		intro = T("boards.staff.change_my_pin_intro", "Type your current PIN, then the new one twice.")
		d.current = widget.NewPasswordEntry()
		d.current.OnSubmitted = func(string) { fyneFocus(d.pins.pin) }
		items = append(items, widget.NewFormItem(T("boards.staff.current_pin", "Current PIN"), d.current))
	}
	items = append(items,
		widget.NewFormItem(T("account.pin", "PIN or password"), d.pins.pin),
		widget.NewFormItem(T("account.pin_again", "Repeat it"), d.pins.again))
	rules := widget.NewLabel(T("account.pin_rules", "A PIN has 4 to 8 digits and is not a simple run like 1234 or 1111; a password has 8 to 64 characters with a letter and a digit."))
	rules.Wrapping = fyne.TextWrapWord
	rules.Importance = widget.LowImportance
	introLabel := widget.NewLabel(intro)
	introLabel.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(introLabel, widget.NewForm(items...), rules, d.problem)
	d.ok = widget.NewButtonWithIcon(T("boards.staff.pin_save", "Save PIN"), theme.ConfirmIcon(), func() { s.onPINSubmit(d) })
	d.ok.Importance = widget.HighImportance
	d.cancel = widget.NewButtonWithIcon(T("boards.common.cancel", "Cancel"), theme.CancelIcon(), func() { d.dlg.Hide() })
	d.dlg = dialog.NewCustomWithoutButtons(title, body, s.deps.Window)
	d.dlg.SetButtons([]fyne.CanvasObject{d.cancel, d.ok})
	d.dlg.Resize(fyne.NewSize(480, 0))
	s.pinDlg = d
	d.dlg.Show()
	if d.current != nil {
		fyneFocus(d.current)
	} else {
		fyneFocus(d.pins.pin)
	}
}

// onPINSubmit checks the two entries and saves the PIN in the background.
func (s *staffScreen) onPINSubmit(d *pinDialog) {
	if d.busy {
		return
	}
	secret, err := d.pins.value()
	if err != nil {
		custSetErr(d.problem, ErrText(err))
		return
	}
	current := ""
	if d.current != nil {
		current = d.current.Text
	}
	d.busy = true
	d.ok.Disable()
	custSetErr(d.problem, "")
	a, id := s.deps.App, d.staff.ID
	custGo(func() func() {
		err := a.SetSecret(id, current, secret)
		var fresh *models.Staff
		if err == nil {
			fresh, _ = a.StaffMember(id) // the form shows the new PIN date
		}
		return func() {
			d.busy = false
			d.ok.Enable()
			if err != nil {
				custSetErr(d.problem, ErrText(err))
				d.pins.clear()
				return
			}
			d.dlg.Hide()
			msg := T("boards.staff.pin_saved", "New PIN saved: {{.Name}} can sign in with it now.", map[string]any{"Name": d.staff.Name})
			if d.own {
				msg = T("boards.staff.my_pin_saved", "Your PIN is changed; use the new one from now on.")
			}
			s.savedMsg.SetText(msg)
			s.savedMsg.Show()
			if fresh != nil && s.editing != nil && s.editing.ID == id {
				s.editing = fresh
				s.fillAccount(fresh)
			}
			s.form.Refresh()
			s.reload("") // the list's "can sign in" marks
		}
	})
}
