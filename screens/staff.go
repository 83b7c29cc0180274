package screens

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/models"
)

// staffScreen is the Staff area (员工): everyone in the shop with their
// roles on the left, the chosen person's form on the right. Staff are
// deactivated, never deleted: tickets and records point to them.
type staffScreen struct {
	deps *Deps

	list      *widget.List
	count     *widget.Label
	newBtn    *widget.Button
	empty     fyne.CanvasObject
	techHint  *widget.Label
	listError *widget.Label

	formTitle     *widget.Label
	name          *widget.Entry
	nameErr       *widget.Label
	phone         *widget.Entry
	phoneErr      *widget.Label
	roles         map[models.Role]*widget.Check
	rolesErr      *widget.Label
	active        *widget.Check
	notes         *widget.Entry
	notesErr      *widget.Label
	formErr       *widget.Label
	savedMsg      *widget.Label
	saveBtn       *widget.Button
	deactivateBtn *widget.Button
	form          *fyne.Container // laid out again when a problem appears or goes
	root          fyne.CanvasObject

	// State; read and written only on the UI goroutine.
	staff   []models.Staff
	editing *models.Staff // nil while adding someone new
	tried   bool          // a save was attempted: check the form as the person types
	saving  bool
	gen     int
	filling bool // the form is being filled from a record, not typed

	deactivateDlg *staffConfirmDialog // the last deactivate question (tests look at it)

	// Accounts (issue 5): who can sign in, PINs set by the general
	// manager, everyone's own PIN change (staff_accounts.go).
	view        *viewOnly // read-only for everyone but the general manager
	grid        fyne.CanvasObject
	account     *widget.Label // whether the person in the form can sign in
	pinBtn      *widget.Button
	changeMyPIN *widget.Button
	pinDlg      *pinDialog // the last PIN dialog (tests look at it)

	conduct *conductPanel // the selected person's penalties and rewards
}

// staffConfirmDialog asks before deactivating someone.
type staffConfirmDialog struct {
	dlg     *dialog.CustomDialog
	confirm *widget.Button
	cancel  *widget.Button
}

// newStaffScreen builds the Staff area.
func newStaffScreen(d *Deps) *staffScreen {
	s := &staffScreen{deps: d, roles: map[models.Role]*widget.Check{}}

	s.list = widget.NewList(s.listLength, s.newListRow, s.updateListRow)
	s.list.OnSelected = s.onSelected
	s.count = widget.NewLabel("")
	s.count.SizeName = theme.SizeNameCaptionText
	s.newBtn = widget.NewButtonWithIcon(T("boards.staff.new", "New staff member"), theme.ContentAddIcon(), s.onNew)
	s.newBtn.Importance = widget.HighImportance
	s.techHint = widget.NewLabel(T("boards.staff.no_technician", "No active technician yet: tickets cannot be dispatched until someone has the Technician role."))
	s.techHint.Importance = widget.WarningImportance
	s.techHint.Wrapping = fyne.TextWrapWord
	s.techHint.Hide()
	s.listError = custErrLabel()
	emptyText := widget.NewLabel(T("boards.staff.empty", "No staff yet. Add your technicians first, so tickets can be dispatched to them; then the counter, dispatchers and managers."))
	emptyText.Wrapping = fyne.TextWrapWord
	emptyText.Alignment = fyne.TextAlignCenter
	s.empty = container.NewCenter(container.New(layout.NewGridWrapLayout(fyne.NewSize(320, 120)), emptyText))
	s.empty.Hide()
	title := widget.NewLabelWithStyle(T("boards.staff.title", "Staff"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	s.initAccounts()
	leftTop := container.NewVBox(container.NewBorder(nil, nil, title, container.NewHBox(s.changeMyPIN, s.newBtn)), s.count, s.techHint, s.listError)
	left := container.NewBorder(leftTop, nil, nil, nil, container.NewStack(s.list, s.empty))

	// The form.
	s.formTitle = heading("")
	s.name = widget.NewEntry()
	s.name.SetPlaceHolder(T("boards.staff.name_hint", "e.g. 李建国"))
	s.name.OnChanged = s.onChanged
	s.nameErr = custErrLabel()
	s.phone = widget.NewEntry()
	s.phone.SetPlaceHolder(T("boards.staff.phone_hint", "Mobile, for the dispatcher to call"))
	s.phone.OnChanged = s.onChanged
	s.phoneErr = custErrLabel()
	checks := make([]fyne.CanvasObject, 0, len(models.AllRoles))
	for _, r := range models.AllRoles {
		c := widget.NewCheck(RoleLabel(r), s.onCheck)
		s.roles[r] = c
		checks = append(checks, c)
	}
	s.rolesErr = custErrLabel()
	s.active = widget.NewCheck(T("boards.staff.active_check", "Active (can be assigned work)"), s.onCheck)
	s.notes = widget.NewMultiLineEntry()
	s.notes.Wrapping = fyne.TextWrapWord
	s.notes.SetMinRowsVisible(3)
	s.notes.SetPlaceHolder(T("boards.staff.notes_hint", "e.g. air conditioners only; no Sunday work"))
	s.notes.OnChanged = s.onChanged
	s.notesErr = custErrLabel()
	s.formErr = custErrLabel()
	s.savedMsg = widget.NewLabel("")
	s.savedMsg.Importance = widget.SuccessImportance
	s.savedMsg.Hide()

	required := func(text string) fyne.CanvasObject {
		return widget.NewLabelWithStyle(text+" *", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	}
	optional := func(text string) fyne.CanvasObject {
		return widget.NewLabelWithStyle(text, fyne.TextAlignTrailing, fyne.TextStyle{})
	}
	grid := container.New(layout.NewFormLayout(),
		required(T("boards.staff.name", "Name")), container.NewVBox(s.name, s.nameErr),
		optional(T("boards.staff.phone", "Phone")), container.NewVBox(s.phone, s.phoneErr),
		required(T("boards.staff.roles", "Roles")), container.NewVBox(container.NewGridWithColumns(2, checks...), s.rolesErr),
		optional(T("boards.staff.status", "Status")), s.active,
		optional(T("boards.staff.notes", "Notes")), container.NewVBox(s.notes, s.notesErr),
		optional(T("boards.staff.account", "Sign-in")), container.NewHBox(s.account, s.pinBtn),
	)
	s.grid = grid
	s.saveBtn = widget.NewButtonWithIcon(T("boards.common.save", "Save"), theme.DocumentSaveIcon(), s.onSave)
	s.saveBtn.Importance = widget.HighImportance
	s.deactivateBtn = widget.NewButtonWithIcon(T("boards.staff.deactivate", "Deactivate"), theme.DeleteIcon(), s.onDeactivate)
	buttons := container.NewBorder(nil, nil, s.deactivateBtn, s.saveBtn)
	s.form = container.NewVBox(s.formTitle, s.view.hint, grid, s.formErr, s.savedMsg, buttons)
	s.view.hide(s.newBtn, s.saveBtn, s.deactivateBtn)
	s.view.lock(grid)
	// The selected person's penalties and rewards, below the form (conduct.go).
	conduct := newConductPanel(d)
	s.conduct = conduct
	conduct.follow(s.list, func(i widget.ListItemID) *models.Staff {
		if i < 0 || i >= len(s.staff) {
			return nil
		}
		p := s.staff[i]
		return &p
	})
	right := container.NewVScroll(container.NewPadded(container.NewVBox(s.form, conduct.content())))

	split := container.NewHSplit(container.NewPadded(left), right)
	split.Offset = 0.38
	s.root = split
	s.fill(nil)
	return s
}

// content is the area's root object for the main window.
func (s *staffScreen) content() fyne.CanvasObject { return s.root }

// shown reloads the list; another PC may have changed it.
func (s *staffScreen) shown() { s.reload("") }

// reload fetches the staff, inactive included, and then selects selectID
// (or the person being edited).
func (s *staffScreen) reload(selectID string) { s.load(selectID, false) }

// onDataChanged follows changes made on another PC (window.go): the list
// loads again in place (see keepPlace).
func (s *staffScreen) onDataChanged() {
	if !s.saving {
		s.load("", true)
	}
}

// load fetches the staff; keep shows them in place (keepPlace).
func (s *staffScreen) load(selectID string, keep bool) {
	s.gen++
	gen, a := s.gen, s.deps.App
	custGo(func() func() {
		list, err := a.StaffList(true)
		return func() { s.apply(gen, list, err, selectID, keep) }
	})
}

// apply shows the loaded list unless a newer load started.
func (s *staffScreen) apply(gen int, list []models.Staff, err error, selectID string, keep bool) {
	if gen != s.gen {
		return
	}
	if err != nil {
		custSetErr(s.listError, ErrText(err))
		return
	}
	custSetErr(s.listError, "")
	s.staff = list
	active, techs := 0, 0
	for i := range list {
		if list[i].Active {
			active++
			if list[i].HasRole(models.RoleTechnician) {
				techs++
			}
		}
	}
	s.count.SetText(T("boards.staff.count", "{{.N}} people, {{.Active}} active", map[string]any{"N": len(list), "Active": active}))
	if len(list) == 0 {
		s.list.Hide()
		s.empty.Show()
		s.techHint.Hide()
	} else {
		s.empty.Hide()
		s.list.Show()
		if techs == 0 {
			s.techHint.Show()
		} else {
			s.techHint.Hide()
		}
	}
	if selectID == "" && s.editing != nil {
		selectID = s.editing.ID
	}
	if keep {
		s.keepPlace(selectID)
		return
	}
	s.list.UnselectAll()
	s.list.Refresh()
	for i := range s.staff {
		if s.staff[i].ID == selectID {
			s.list.Select(i)
			s.list.ScrollTo(i)
		}
	}
}

// keepPlace shows a list loaded again after a change on another PC
// without moving it: the person in the form stays highlighted and is
// filled in again only when their record changed and nothing was typed in
// the form; their penalties and rewards load again as far as shown.
func (s *staffScreen) keepPlace(id string) {
	offset := s.list.GetScrollOffset()
	s.list.Refresh()
	idx := slices.IndexFunc(s.staff, func(p models.Staff) bool { return p.ID == id })
	if idx < 0 {
		s.list.ScrollToOffset(offset)
		return
	}
	if p := s.staff[idx]; s.editing != nil && s.editing.ID == id && !p.UpdatedAt.Equal(s.editing.UpdatedAt) &&
		staffSameInput(s.input(), staffInputOf(s.editing)) {
		s.fill(&p)
	}
	s.list.Select(idx) // a no-op while it is highlighted already
	s.list.ScrollToOffset(offset)
	s.conduct.reload()
}

// staffSameInput reports whether two staff forms hold the same values
// (roles in any order).
func staffSameInput(a, b models.StaffInput) bool {
	ra, rb := slices.Clone(a.Roles), slices.Clone(b.Roles)
	slices.Sort(ra)
	slices.Sort(rb)
	return a.Name == b.Name && a.Phone == b.Phone && a.Active == b.Active && a.Notes == b.Notes && slices.Equal(ra, rb)
}

// listLength is the number of staff loaded.
func (s *staffScreen) listLength() int { return len(s.staff) }

// newListRow is a staff row: name and phone, roles below.
func (s *staffScreen) newListRow() fyne.CanvasObject { return newPersonRow() }

// updateListRow fills a staff row; inactive people are greyed.
func (s *staffScreen) updateListRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.staff) {
		return
	}
	p := s.staff[id]
	text := p.Name
	if !p.Active {
		text += "  " + T("boards.staff.inactive_mark", "(inactive)")
	}
	asPersonRow(o).set(text, models.FormatPhone(p.Phone), staffRolesText(p.RoleList())+"  ·  "+staffAccountMark(&p), !p.Active)
}

// staffRolesText joins role names for a list row.
func staffRolesText(roles []models.Role) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = RoleLabel(r)
	}
	return strings.Join(names, T("boards.staff.role_sep", ", "))
}

// onSelected shows the chosen person in the form.
func (s *staffScreen) onSelected(id widget.ListItemID) {
	if id < 0 || id >= len(s.staff) {
		return
	}
	if s.editing != nil && s.editing.ID == s.staff[id].ID {
		return // re-highlighting after a reload; keep what is being typed
	}
	p := s.staff[id]
	s.fill(&p)
}

// onNew empties the form for someone new.
func (s *staffScreen) onNew() {
	s.list.UnselectAll()
	s.fill(nil)
	if c := s.deps.Window.Canvas(); c != nil {
		c.Focus(s.name)
	}
}

// fill puts a record (nil: a new person) into the form.
func (s *staffScreen) fill(p *models.Staff) {
	s.filling = true
	defer func() { s.filling = false }()
	s.editing, s.tried = p, false
	in := models.StaffInput{Active: true}
	if p != nil {
		in = staffInputOf(p)
		s.formTitle.SetText(T("boards.staff.edit_title", "Edit: {{.Name}}", map[string]any{"Name": p.Name}))
		s.deactivateBtn.Enable()
		if p.Active {
			s.deactivateBtn.SetText(T("boards.staff.deactivate", "Deactivate"))
			s.deactivateBtn.SetIcon(theme.DeleteIcon())
		} else {
			s.deactivateBtn.SetText(T("boards.staff.reactivate", "Reactivate"))
			s.deactivateBtn.SetIcon(theme.ViewRefreshIcon())
		}
	} else {
		s.formTitle.SetText(T("boards.staff.new_title", "New staff member"))
		s.deactivateBtn.SetText(T("boards.staff.deactivate", "Deactivate"))
		s.deactivateBtn.SetIcon(theme.DeleteIcon())
		s.deactivateBtn.Disable()
	}
	s.name.SetText(in.Name)
	s.phone.SetText(in.Phone)
	for _, r := range models.AllRoles {
		s.roles[r].SetChecked(false)
	}
	for _, r := range in.Roles {
		if c := s.roles[r]; c != nil {
			c.SetChecked(true)
		}
	}
	s.active.SetChecked(in.Active)
	s.notes.SetText(in.Notes)
	s.showErrors(nil)
	s.savedMsg.Hide()
	s.fillAccount(p)
}

// staffInputOf turns a record back into form input.
func staffInputOf(p *models.Staff) models.StaffInput {
	phone := ""
	if p.Phone != "" {
		phone = models.FormatPhone(p.Phone)
	}
	return models.StaffInput{Name: p.Name, Phone: phone, Roles: p.RoleList(), Active: p.Active, Notes: p.Notes}
}

// input reads the form.
func (s *staffScreen) input() models.StaffInput {
	in := models.StaffInput{Name: s.name.Text, Phone: s.phone.Text, Active: s.active.Checked, Notes: s.notes.Text}
	for _, r := range models.AllRoles {
		if s.roles[r].Checked {
			in.Roles = append(in.Roles, r)
		}
	}
	return in
}

// onChanged checks the form again after a failed save, so the problems go
// away as they are fixed.
func (s *staffScreen) onChanged(string) { s.afterEdit() }

// onCheck is onChanged for the check boxes.
func (s *staffScreen) onCheck(bool) { s.afterEdit() }

// afterEdit re-validates once a save was tried, and hides the last "saved".
func (s *staffScreen) afterEdit() {
	if s.filling {
		return
	}
	s.savedMsg.Hide()
	if s.tried {
		var tmp models.Staff
		s.showErrors(s.input().Normalize(&tmp))
	}
}

// showErrors puts each problem under its field; others go under the form.
func (s *staffScreen) showErrors(err error) {
	fe := models.AsFieldErrors(err)
	text := func(field string) string {
		var parts []string
		for _, e := range fe {
			if e.Field == field {
				parts = append(parts, FieldErrText(e))
			}
		}
		return strings.Join(parts, "\n")
	}
	changed := custSetErr(s.nameErr, text("name"))
	changed = custSetErr(s.phoneErr, text("phone")) || changed
	changed = custSetErr(s.rolesErr, text("roles")) || changed
	changed = custSetErr(s.notesErr, text("notes")) || changed
	other := ""
	if err != nil && len(fe) == 0 {
		other = ErrText(err)
	} else {
		var parts []string
		for _, e := range fe {
			switch e.Field {
			case "name", "phone", "roles", "notes":
			default:
				parts = append(parts, FieldErrText(e))
			}
		}
		other = strings.Join(parts, "\n")
	}
	changed = custSetErr(s.formErr, other) || changed
	if changed {
		s.form.Refresh()
	}
}

// onSave checks the form and creates or updates the person in the background.
func (s *staffScreen) onSave() {
	if s.saving {
		return
	}
	s.tried = true
	in := s.input()
	var tmp models.Staff
	if err := in.Normalize(&tmp); err != nil {
		s.showErrors(err)
		return
	}
	s.showErrors(nil)
	s.save(in)
}

// save writes the input for the person being edited (or a new one).
func (s *staffScreen) save(in models.StaffInput) {
	s.saving = true
	s.saveBtn.Disable()
	a := s.deps.App
	id := ""
	if s.editing != nil {
		id = s.editing.ID
	}
	custGo(func() func() {
		var p *models.Staff
		var err error
		if id == "" {
			p, err = a.CreateStaff(in)
		} else {
			p, err = a.UpdateStaff(id, in)
		}
		return func() { s.afterSave(p, err) }
	})
}

// afterSave shows the problems of a failed save, or the saved record.
func (s *staffScreen) afterSave(p *models.Staff, err error) {
	s.saving = false
	s.saveBtn.Enable()
	if err != nil {
		s.showErrors(err)
		return
	}
	s.fill(p)
	s.savedMsg.SetText(T("boards.staff.saved", "Saved {{.Name}}.", map[string]any{"Name": p.Name}))
	s.savedMsg.Show()
	s.form.Refresh()
	s.reload(p.ID)
}

// onDeactivate asks before deactivating the person in the form, or
// reactivates an inactive one at once.
func (s *staffScreen) onDeactivate() {
	p := s.editing
	if p == nil || s.saving {
		return
	}
	if !p.Active {
		in := staffInputOf(p)
		in.Active = true
		s.tried = true
		s.save(in)
		return
	}
	c := &staffConfirmDialog{}
	msg := widget.NewLabel(T("boards.staff.deactivate_confirm", "Deactivate {{.Name}}? They stay on the tickets and records they worked on, but can no longer be assigned new work. You can reactivate them later.", map[string]any{"Name": p.Name}))
	msg.Wrapping = fyne.TextWrapWord
	c.cancel = widget.NewButtonWithIcon(T("boards.common.cancel", "Cancel"), theme.CancelIcon(), func() { c.dlg.Hide() })
	c.confirm = widget.NewButtonWithIcon(T("boards.staff.deactivate", "Deactivate"), theme.DeleteIcon(), func() { s.onDeactivateConfirmed(c, p) })
	c.confirm.Importance = widget.DangerImportance
	c.dlg = dialog.NewCustomWithoutButtons(T("boards.staff.deactivate_title", "Deactivate staff member"), msg, s.deps.Window)
	c.dlg.SetButtons([]fyne.CanvasObject{c.cancel, c.confirm})
	c.dlg.Resize(fyne.NewSize(460, 200))
	s.deactivateDlg = c
	c.dlg.Show()
}

// onDeactivateConfirmed saves the person as inactive, keeping the rest of
// their record as stored.
func (s *staffScreen) onDeactivateConfirmed(c *staffConfirmDialog, p *models.Staff) {
	c.dlg.Hide()
	in := staffInputOf(p)
	in.Active = false
	s.tried = true
	s.save(in)
}
