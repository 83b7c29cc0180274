package screens

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// checklistsSection is the part of Settings that lists the installation
// checklist templates and opens the editor for one of them (issue 4: a
// manager adds, removes, reorders and marks lines required; a ticket keeps
// the version it started with).
type checklistsSection struct {
	deps    *Deps
	listBox *fyne.Container
	rows    []*clListRow
	newBtn  *widget.Button
	note    *widget.Label // what the last change did
	editor  *checklistEditor
	gen     int       // the latest list load; older results are dropped
	view    *viewOnly // read-only without PermCatalogues (access.go)
	root    fyne.CanvasObject
}

// clListRow is one template in the Settings list.
type clListRow struct {
	tpl     models.ChecklistTemplate
	name    *widget.Label
	meta    *widget.Label
	edit    *widget.Button
	restore *widget.Button // only for an archived template
}

// newChecklistsSection builds the section; load fills the list.
func newChecklistsSection(d *Deps) *checklistsSection {
	s := &checklistsSection{deps: d}
	help := widget.NewLabel(T("settings_checklists.section_help",
		"The lines the crew ticks on delivery and installation tickets. Every save makes a new version; tickets already opened keep the lines of the version they started with."))
	help.Wrapping = fyne.TextWrapWord
	s.listBox = container.NewVBox()
	s.newBtn = widget.NewButtonWithIcon(T("settings_checklists.new", "New checklist…"), theme.ContentAddIcon(), s.onNew)
	s.note = widget.NewLabel("")
	s.note.Importance = widget.SuccessImportance
	s.note.Wrapping = fyne.TextWrapWord
	s.view = newViewOnly(d, models.PermCatalogues)
	s.view.hide(s.newBtn)
	s.root = container.NewVBox(
		heading(T("settings_checklists.section_title", "Installation checklists")),
		s.view.hint,
		help,
		s.listBox,
		container.NewHBox(s.newBtn),
		s.note,
	)
	return s
}

// content is the section's widget tree.
func (s *checklistsSection) content() fyne.CanvasObject { return s.root }

// load reads every template, archived ones included, off the UI goroutine.
func (s *checklistsSection) load() {
	s.gen++
	gen := s.gen
	custGo(func() func() {
		list, err := s.deps.App.ChecklistTemplates(true)
		return func() {
			if gen != s.gen {
				return
			}
			if err != nil {
				showError(s.deps.Window, err)
				return
			}
			s.setList(list)
		}
	})
}

// setList shows the templates, the archived ones greyed with Restore.
func (s *checklistsSection) setList(list []models.ChecklistTemplate) {
	s.rows = s.rows[:0]
	objs := make([]fyne.CanvasObject, 0, len(list))
	for _, tpl := range list {
		r := &clListRow{tpl: tpl}
		r.name = widget.NewLabelWithStyle(ChecklistName(tpl.Name, tpl.NameKey), fyne.TextAlignLeading, fyne.TextStyle{Bold: tpl.ArchivedAt == nil})
		r.meta = widget.NewLabel(clMetaText(tpl))
		r.edit = widget.NewButtonWithIcon(T("settings_checklists.edit", "Edit…"), theme.DocumentCreateIcon(), func() { s.onEdit(r) })
		cells := []fyne.CanvasObject{r.name, r.meta, r.edit}
		if tpl.ArchivedAt != nil {
			r.name.Importance, r.meta.Importance = widget.LowImportance, widget.LowImportance
			r.restore = widget.NewButtonWithIcon(T("settings_checklists.restore", "Restore"), theme.ViewRefreshIcon(), func() { s.onRestore(r) })
			s.view.hide(r.restore)
			cells = append(cells, r.restore)
		} else {
			cells = append(cells, layout.NewSpacer())
		}
		cells = append(cells, layout.NewSpacer())
		s.rows = append(s.rows, r)
		objs = append(objs, container.New(&rulesColumns{widths: clListWidths}, cells...))
	}
	s.listBox.Objects = objs
	s.listBox.Refresh()
}

// clListWidths are the widths of the list's columns: name, version and
// size, Edit, Restore, and the rest of the row.
var clListWidths = []float32{260, 220, 110, 130, 0}

// clMetaText is a template's version and size, and whether it is archived.
func clMetaText(tpl models.ChecklistTemplate) string {
	text := T("settings_checklists.meta", "version {{.Version}} · {{.Lines}} lines",
		map[string]any{"Version": tpl.Version, "Lines": len(tpl.Items)})
	if tpl.ArchivedAt != nil {
		text += " · " + T("settings_checklists.archived", "archived")
	}
	return text
}

// onNew opens the editor on an empty template.
func (s *checklistsSection) onNew() {
	s.note.SetText("")
	s.openEditor("")
}

// onEdit opens the editor on a template.
func (s *checklistsSection) onEdit(r *clListRow) {
	s.note.SetText("")
	s.openEditor(r.tpl.Family)
}

func (s *checklistsSection) openEditor(family string) {
	s.editor = newChecklistEditor(s.deps)
	s.editor.OnChanged = s.load
	s.editor.open(family)
}

// onRestore brings an archived template back for new deliveries.
func (s *checklistsSection) onRestore(r *clListRow) {
	r.restore.Disable()
	name := ChecklistName(r.tpl.Name, r.tpl.NameKey)
	custGo(func() func() {
		err := s.deps.App.ArchiveChecklist(r.tpl.Family, false)
		return func() {
			if err != nil {
				r.restore.Enable()
				showError(s.deps.Window, err)
				return
			}
			s.note.SetText(T("settings_checklists.restored_note", "“{{.Name}}” is offered for new deliveries again.", map[string]any{"Name": name}))
			s.load()
		}
	})
}

// clColumnWidths are the widths of a line's columns: number, text (the
// rest), Required, and the move and remove buttons.
var clColumnWidths = []float32{36, 0, 120, 124}

// checklistEditor is the dialog that edits one template: its name and its
// lines (text, required, order). Save writes the form as the next version;
// Revert reloads the saved one; built-in templates can go back to their
// default lines; Archive hides the template from new deliveries.
type checklistEditor struct {
	deps *Deps
	// OnChanged runs on the UI goroutine after anything was stored.
	OnChanged func()

	family   string                    // "" until a new template is first saved
	tpl      *models.ChecklistTemplate // the current version, nil for a new one
	baseline app.ChecklistInput        // the form as loaded, to notice changes
	gen      int                       // the latest load; older results are dropped
	busy     bool                      // a save, reset or archive is running

	heading      *widget.Label // which template is open
	name         *widget.Entry
	nameErr      *widget.Label
	archivedNote *widget.Label
	rows         []*clRow
	rowBox       *fyne.Container
	scroll       *container.Scroll
	formErr      *widget.Label
	status       *widget.Label
	history      *fyne.Container
	addBtn       *widget.Button
	saveBtn      *widget.Button
	revertBtn    *widget.Button
	defaultsBtn  *widget.Button
	archiveBtn   *widget.Button
	closeBtn     *widget.Button
	dlg          *dialog.CustomDialog
	confirm      *feeConfirm // the open question (restore defaults, discard)
	view         *viewOnly   // read-only without PermCatalogues (access.go)
}

// clRow is one line of the template as the editor shows it.
type clRow struct {
	key              string // the built-in line it came from, "" for a typed one
	num              *widget.Label
	text             *widget.Entry
	required         *widget.Check
	up, down, remove *widget.Button
	err              *widget.Label
	box              fyne.CanvasObject
}

// newChecklistEditor builds the dialog; open fills and shows it.
func newChecklistEditor(d *Deps) *checklistEditor {
	e := &checklistEditor{deps: d}
	e.heading = heading("")
	e.name = widget.NewEntry()
	e.name.OnChanged = e.onChanged
	e.nameErr = errorLabel()
	e.nameErr.Hide()
	e.archivedNote = widget.NewLabel(T("settings_checklists.archived_note", "Archived: new deliveries do not offer this checklist. Restore it to use it again."))
	e.archivedNote.Importance = widget.WarningImportance
	e.archivedNote.Wrapping = fyne.TextWrapWord
	e.archivedNote.Hide()
	e.rowBox = container.NewVBox()
	e.scroll = container.NewVScroll(e.rowBox)
	e.formErr = errorLabel()
	e.formErr.Hide()
	e.status = widget.NewLabel("")
	e.status.Importance = widget.SuccessImportance
	e.status.Wrapping = fyne.TextWrapWord
	e.history = container.NewVBox()

	e.addBtn = widget.NewButtonWithIcon(T("settings_checklists.add_line", "Add line"), theme.ContentAddIcon(), e.onAdd)
	e.saveBtn = widget.NewButtonWithIcon(T("settings_checklists.save", "Save"), theme.DocumentSaveIcon(), e.onSave)
	e.saveBtn.Importance = widget.HighImportance
	e.revertBtn = widget.NewButtonWithIcon(T("settings_checklists.revert", "Revert"), theme.ContentUndoIcon(), e.onRevert)
	e.defaultsBtn = widget.NewButtonWithIcon(T("settings_checklists.defaults", "Restore the default lines"), theme.ViewRefreshIcon(), e.onDefaults)
	e.archiveBtn = widget.NewButtonWithIcon(T("settings_checklists.archive", "Archive"), theme.FolderIcon(), e.onArchive)
	e.closeBtn = widget.NewButtonWithIcon(T("settings_checklists.close", "Close"), theme.CancelIcon(), e.onClose)

	help := widget.NewLabel(T("settings_checklists.lines_help",
		"Lines from the built-in list follow the language of each PC; a line you change is kept as you typed it. Required lines must be ticked, or the crew writes why, before the installation is complete."))
	help.Wrapping = fyne.TextWrapWord
	nameForm := widget.NewForm(widget.NewFormItem(T("settings_checklists.name", "Name"), container.NewVBox(e.name, e.nameErr)))
	header := container.New(&rulesColumns{widths: clColumnWidths},
		feeHeader("#"),
		feeHeader(T("settings_checklists.line", "Line")),
		layout.NewSpacer(), // each line's check says "Required"
		layout.NewSpacer(),
	)
	e.view = newViewOnly(d, models.PermCatalogues)
	e.view.hide(e.addBtn, e.saveBtn, e.revertBtn)
	e.view.lock(e.name)
	top := container.NewVBox(e.heading, e.view.hint, nameForm, e.archivedNote, help, header, widget.NewSeparator())
	bottom := container.NewVBox(e.formErr, container.NewHBox(e.addBtn), e.status)
	main := container.NewBorder(top, bottom, nil, nil, e.scroll)

	histHint := widget.NewLabel(T("settings_checklists.history_help",
		"Tickets keep the lines of the version they started with, so older versions stay here."))
	histHint.Wrapping = fyne.TextWrapWord
	histHint.Importance = widget.LowImportance
	histPanel := container.NewBorder(
		container.NewVBox(heading(T("settings_checklists.history", "Versions")), histHint), nil, nil, nil,
		container.NewVScroll(e.history))

	body := container.New(&rulesColumns{widths: []float32{0, 280}}, main, histPanel)
	e.dlg = dialog.NewCustomWithoutButtons(T("settings_checklists.title", "Installation checklists"), body, d.Window)
	e.dlg.SetButtons([]fyne.CanvasObject{e.defaultsBtn, e.archiveBtn, e.revertBtn, e.closeBtn, e.saveBtn})
	e.dlg.Resize(fyne.NewSize(1180, 720))
	return e
}

// open shows the editor on a template's current version, or on an empty
// new template when family is "".
func (e *checklistEditor) open(family string) {
	if family == "" {
		e.fillNew()
		e.dlg.Show()
		e.focus(e.name)
		return
	}
	e.family = family
	e.load(func() { e.dlg.Show() })
}

// load reads the template's versions off the UI goroutine and fills the
// form with the current one; then runs after (if any).
func (e *checklistEditor) load(after func()) {
	e.gen++
	gen, family := e.gen, e.family
	custGo(func() func() {
		vs, err := e.deps.App.ChecklistVersions(family)
		return func() {
			if gen != e.gen {
				return
			}
			if err == nil && len(vs) == 0 {
				err = fmt.Errorf("checklists: %s: %w", family, app.ErrNotFound)
			}
			if err != nil {
				showError(e.deps.Window, err)
				return
			}
			e.fill(clCurrent(vs), vs)
			if after != nil {
				after()
			}
		}
	})
}

// clCurrent picks the current version out of a template's versions.
func clCurrent(vs []models.ChecklistTemplate) *models.ChecklistTemplate {
	for i := range vs {
		if vs[i].Current {
			return &vs[i]
		}
	}
	return &vs[0]
}

// fill puts a stored version into the form and shows the history.
func (e *checklistEditor) fill(tpl *models.ChecklistTemplate, versions []models.ChecklistTemplate) {
	e.tpl, e.family = tpl, tpl.Family
	e.name.OnChanged = nil
	e.name.SetText(ChecklistName(tpl.Name, tpl.NameKey))
	e.name.OnChanged = e.onChanged
	e.name.SetPlaceHolder(ChecklistName("", tpl.NameKey))
	e.rows = e.rows[:0]
	for _, it := range tpl.Items {
		e.rows = append(e.rows, e.newRow(it))
	}
	e.setHistory(versions)
	e.afterFill()
}

// fillNew empties the form for a new template with one line to write.
func (e *checklistEditor) fillNew() {
	e.tpl, e.family = nil, ""
	e.name.OnChanged = nil
	e.name.SetText("")
	e.name.OnChanged = e.onChanged
	e.name.SetPlaceHolder(T("settings_checklists.name_hint", "e.g. 床垫安装"))
	e.rows = []*clRow{e.newRow(models.ChecklistItem{Required: true})}
	e.setHistory(nil)
	e.afterFill()
}

// afterFill lays out a freshly filled form and remembers it as unchanged.
func (e *checklistEditor) afterFill() {
	e.heading.SetText(e.title())
	e.relayout()
	e.baseline = e.input()
	e.formErr.Hide()
	e.updateButtons()
	e.validate()
	e.view.lock(e.rowBox)
}

// title names the template in the dialog's title bar.
func (e *checklistEditor) title() string {
	if e.tpl == nil {
		return T("settings_checklists.new_title", "New installation checklist")
	}
	return T("settings_checklists.edit_title", "Installation checklist: {{.Name}}",
		map[string]any{"Name": ChecklistName(e.tpl.Name, e.tpl.NameKey)})
}

// setHistory lists the stored versions, newest first.
func (e *checklistEditor) setHistory(versions []models.ChecklistTemplate) {
	objs := make([]fyne.CanvasObject, 0, len(versions)+1)
	if len(versions) == 0 {
		l := widget.NewLabel(T("settings_checklists.history_none", "Not saved yet."))
		l.Importance = widget.LowImportance
		objs = append(objs, l)
	}
	for _, v := range versions {
		text := T("settings_checklists.version_row", "Version {{.Version}} · {{.Date}} · {{.Lines}} lines",
			map[string]any{"Version": v.Version, "Date": v.CreatedAt.Local().Format("2006-01-02 15:04"), "Lines": len(v.Items)})
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		if v.Current {
			l.TextStyle.Bold = true
			l.SetText(text + " · " + T("settings_checklists.version_current", "in use"))
		} else {
			l.Importance = widget.LowImportance
		}
		objs = append(objs, l)
	}
	e.history.Objects = objs
	e.history.Refresh()
}

// newRow builds the widgets of one line.
func (e *checklistEditor) newRow(it models.ChecklistItem) *clRow {
	r := &clRow{key: it.Key}
	r.num = widget.NewLabel("")
	r.text = widget.NewEntry()
	r.text.SetText(CheckLabel(it.Key, it.Text))
	r.text.SetPlaceHolder(T("settings_checklists.line_hint", "What the crew checks, e.g. 拍照记录安装完成效果"))
	r.text.OnChanged = e.onChanged
	r.required = widget.NewCheck(T("settings_checklists.required", "Required"), nil)
	r.required.SetChecked(it.Required)
	r.required.OnChanged = func(bool) { e.onChanged("") }
	r.up = widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { e.onMove(r, -1) })
	r.down = widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { e.onMove(r, 1) })
	r.remove = widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { e.onRemove(r) })
	for _, b := range []*widget.Button{r.up, r.down, r.remove} {
		b.Importance = widget.LowImportance
	}
	r.err = errorLabel()
	r.err.Hide()
	cells := container.New(&rulesColumns{widths: clColumnWidths},
		r.num, r.text, r.required, container.NewGridWithColumns(3, r.up, r.down, r.remove))
	r.box = container.NewVBox(cells, r.err)
	return r
}

// relayout shows the lines in their order, numbered, with the move
// buttons that make sense.
func (e *checklistEditor) relayout() {
	objs := make([]fyne.CanvasObject, len(e.rows))
	for i, r := range e.rows {
		objs[i] = r.box
		r.num.SetText(fmt.Sprintf("%d.", i+1))
		feeEnable(r.up, i > 0)
		feeEnable(r.down, i < len(e.rows)-1)
	}
	e.rowBox.Objects = objs
	e.rowBox.Refresh()
	feeEnable(e.addBtn, len(e.rows) < models.MaxChecklistItems)
}

// updateButtons shows the actions that apply to the loaded template.
func (e *checklistEditor) updateButtons() {
	builtIn := e.tpl != nil && models.DefaultChecklist(e.family) != nil
	clShow(e.defaultsBtn, builtIn && !e.view.on)
	clShow(e.archiveBtn, e.tpl != nil && !e.view.on)
	archived := e.tpl != nil && e.tpl.ArchivedAt != nil
	if archived {
		e.archiveBtn.SetText(T("settings_checklists.restore", "Restore"))
		e.archiveBtn.SetIcon(theme.ViewRefreshIcon())
	} else {
		e.archiveBtn.SetText(T("settings_checklists.archive", "Archive"))
		e.archiveBtn.SetIcon(theme.FolderIcon())
	}
	clShow(e.archivedNote, archived)
	for _, b := range []*widget.Button{e.defaultsBtn, e.archiveBtn, e.revertBtn} {
		feeEnable(b, !e.busy)
	}
}

// clShow shows or hides an object.
func clShow(o fyne.CanvasObject, on bool) {
	if on {
		o.Show()
	} else {
		o.Hide()
	}
}

// input reads the form as app takes it. A built-in name or line left as
// its translation stays built-in (Name "", Key kept), so it keeps
// following the language; changed text becomes a typed line.
func (e *checklistEditor) input() app.ChecklistInput {
	in := app.ChecklistInput{Family: e.family, Name: strings.TrimSpace(e.name.Text)}
	if e.tpl != nil && e.tpl.NameKey != "" && (in.Name == "" || in.Name == ChecklistName("", e.tpl.NameKey)) {
		in.Name = ""
	}
	in.Items = make([]models.ChecklistItem, len(e.rows))
	for i, r := range e.rows {
		text := strings.TrimSpace(r.text.Text)
		it := models.ChecklistItem{Text: text, Required: r.required.Checked}
		if r.key != "" && text == CheckLabel(r.key, "") {
			it = models.ChecklistItem{Key: r.key, Required: r.required.Checked}
		}
		in.Items[i] = it
	}
	return in
}

// dirty reports whether the form differs from what was loaded.
func (e *checklistEditor) dirty() bool {
	in := e.input()
	if in.Name != e.baseline.Name || len(in.Items) != len(e.baseline.Items) {
		return true
	}
	for i := range in.Items {
		if in.Items[i] != e.baseline.Items[i] {
			return true
		}
	}
	return false
}

// indexOf finds a line's position, -1 when it was removed.
func (e *checklistEditor) indexOf(r *clRow) int {
	for i, x := range e.rows {
		if x == r {
			return i
		}
	}
	return -1
}

func (e *checklistEditor) onChanged(string) {
	e.status.SetText("")
	e.validate()
}

// onAdd appends an empty required line and puts the cursor in it.
func (e *checklistEditor) onAdd() {
	if len(e.rows) >= models.MaxChecklistItems {
		return
	}
	r := e.newRow(models.ChecklistItem{Required: true})
	e.rows = append(e.rows, r)
	e.relayout()
	e.onChanged("")
	e.scroll.Refresh() // the new line and its message count in the height
	e.scroll.ScrollToBottom()
	e.focus(r.text)
}

// focus puts the cursor in an entry, when there is a canvas to do it.
func (e *checklistEditor) focus(w fyne.Focusable) {
	if c := e.deps.Window.Canvas(); c != nil {
		c.Focus(w)
	}
}

// onMove moves a line up (-1) or down (+1).
func (e *checklistEditor) onMove(r *clRow, by int) {
	i := e.indexOf(r)
	j := i + by
	if i < 0 || j < 0 || j >= len(e.rows) {
		return
	}
	e.rows[i], e.rows[j] = e.rows[j], e.rows[i]
	e.relayout()
	e.onChanged("") // line numbers in the messages follow the order
}

// onRemove takes a line out of the form (stored only with Save).
func (e *checklistEditor) onRemove(r *clRow) {
	i := e.indexOf(r)
	if i < 0 {
		return
	}
	e.rows = append(e.rows[:i], e.rows[i+1:]...)
	e.relayout()
	e.onChanged("")
}

// validate shows every problem of the form where it is and enables Save
// only when the template can be saved.
func (e *checklistEditor) validate() bool {
	in := e.input()
	nameKey := ""
	if e.tpl != nil && in.Name == "" {
		nameKey = e.tpl.NameKey
	}
	err := models.CheckTemplate(in.Name, nameKey, in.Items)
	e.showErrors(err)
	ok := err == nil
	feeEnable(e.saveBtn, ok && !e.busy)
	return ok
}

// showErrors puts the name's problem under the name, each line's under
// its line (by the line number the message carries) and the rest under
// the lines; everything typed stays as it is.
func (e *checklistEditor) showErrors(err error) {
	var name, general []string
	byRow := map[int][]string{}
	for _, fe := range models.AsFieldErrors(err) {
		switch fe.Field {
		case "name":
			name = append(name, FieldErrText(fe))
			continue
		case "items":
			if n, ok := clLineNumber(fe.Data["N"]); ok && n >= 1 && n <= len(e.rows) {
				byRow[n-1] = append(byRow[n-1], FieldErrText(fe))
				continue
			}
		}
		general = append(general, FieldErrText(fe))
	}
	changed := clSetErr(e.nameErr, name)
	for i, r := range e.rows {
		changed = clSetErr(r.err, byRow[i]) || changed
	}
	changed = clSetErr(e.formErr, general) || changed
	if changed {
		e.rowBox.Refresh()
	}
}

// clLineNumber reads the line number a field error carries.
func clLineNumber(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case float64:
		return int(n), true
	}
	return 0, false
}

// clSetErr shows msgs in an error label, or hides it; it reports whether
// the label appeared or went.
func clSetErr(l *widget.Label, msgs []string) bool {
	was := l.Visible()
	l.SetText(strings.Join(msgs, "\n"))
	clShow(l, len(msgs) > 0)
	return was != (len(msgs) > 0)
}

// setBusy disables the actions while a change is being stored.
func (e *checklistEditor) setBusy(busy bool) {
	e.busy = busy
	e.updateButtons()
	e.validate()
}

func (e *checklistEditor) onSave() {
	if e.busy || !e.validate() {
		return
	}
	in := e.input()
	prevID := ""
	if e.tpl != nil {
		prevID = e.tpl.ID
	}
	e.setBusy(true)
	custGo(func() func() {
		saved, err := e.deps.App.SaveChecklist(in)
		var vs []models.ChecklistTemplate
		if err == nil {
			vs, err = e.deps.App.ChecklistVersions(saved.Family)
		}
		return func() { e.saved(saved, vs, prevID, err) }
	})
}

// saved applies the result of a save: problems where they belong with the
// form untouched, or the stored version and what the save did.
func (e *checklistEditor) saved(tpl *models.ChecklistTemplate, versions []models.ChecklistTemplate, prevID string, err error) {
	e.busy = false
	if err != nil {
		e.updateButtons()
		if len(models.AsFieldErrors(err)) > 0 {
			e.showErrors(err)
			feeEnable(e.saveBtn, true)
		} else {
			e.validate()
			showError(e.deps.Window, err)
		}
		return
	}
	e.gen++ // a load still running would bring back the older version
	e.fill(tpl, versions)
	if tpl.ID == prevID {
		e.status.SetText(T("settings_checklists.no_changes", "No changes: nothing to save."))
		return
	}
	e.status.SetText(T("settings_checklists.saved", "Saved as version {{.Version}}. New deliveries use it; tickets already opened keep their lines.",
		map[string]any{"Version": tpl.Version}))
	if e.OnChanged != nil {
		e.OnChanged()
	}
}

// onRevert throws the changes away and shows the stored version again.
func (e *checklistEditor) onRevert() {
	e.status.SetText("")
	if e.family == "" {
		e.fillNew()
		return
	}
	e.load(func() {
		e.status.SetText(T("settings_checklists.reverted", "The saved version is shown again."))
	})
}

// onDefaults asks before the built-in lines replace the template.
func (e *checklistEditor) onDefaults() {
	e.ask(T("settings_checklists.defaults_title", "Restore the default lines"),
		T("settings_checklists.defaults_confirm", "Replace this checklist's name and lines with the built-in ones and save them as a new version? Changes not yet saved are lost. Tickets already opened keep their lines."),
		T("settings_checklists.defaults", "Restore the default lines"), theme.ViewRefreshIcon(), e.onDefaultsConfirmed)
}

// ask shows a question with Cancel and a confirming button.
func (e *checklistEditor) ask(title, question, confirm string, icon fyne.Resource, onConfirm func()) {
	c := &feeConfirm{}
	msg := widget.NewLabel(question)
	msg.Wrapping = fyne.TextWrapWord
	c.cancel = widget.NewButtonWithIcon(T("settings_checklists.cancel", "Cancel"), theme.CancelIcon(), func() { c.dlg.Hide() })
	c.confirm = widget.NewButtonWithIcon(confirm, icon, func() {
		c.dlg.Hide()
		onConfirm()
	})
	c.confirm.Importance = widget.DangerImportance
	c.dlg = dialog.NewCustomWithoutButtons(title, msg, e.deps.Window)
	c.dlg.SetButtons([]fyne.CanvasObject{c.cancel, c.confirm})
	c.dlg.Resize(fyne.NewSize(480, 200))
	e.confirm = c
	c.dlg.Show()
}

// onDefaultsConfirmed stores the built-in lines as the next version.
func (e *checklistEditor) onDefaultsConfirmed() {
	family, prevID := e.family, e.tpl.ID
	e.setBusy(true)
	custGo(func() func() {
		tpl, err := e.deps.App.ResetChecklist(family)
		var vs []models.ChecklistTemplate
		if err == nil {
			vs, err = e.deps.App.ChecklistVersions(family)
		}
		return func() {
			e.busy = false
			if err != nil {
				e.updateButtons()
				e.validate()
				showError(e.deps.Window, err)
				return
			}
			e.gen++
			e.fill(tpl, vs)
			if tpl.ID == prevID {
				e.status.SetText(T("settings_checklists.defaults_same", "This checklist already has the default lines."))
				return
			}
			e.status.SetText(T("settings_checklists.defaults_done", "The default lines are back, saved as version {{.Version}}.",
				map[string]any{"Version": tpl.Version}))
			if e.OnChanged != nil {
				e.OnChanged()
			}
		}
	})
}

// onArchive archives the template, or restores an archived one. The form
// keeps whatever is typed in it.
func (e *checklistEditor) onArchive() {
	archive := e.tpl.ArchivedAt == nil
	family := e.family
	e.status.SetText("")
	e.setBusy(true)
	custGo(func() func() {
		err := e.deps.App.ArchiveChecklist(family, archive)
		var vs []models.ChecklistTemplate
		if err == nil {
			vs, err = e.deps.App.ChecklistVersions(family)
		}
		return func() {
			e.busy = false
			if err == nil && family == e.family && len(vs) > 0 {
				e.tpl = clCurrent(vs)
				e.setHistory(vs)
			}
			e.updateButtons()
			e.validate()
			if err != nil {
				if fes := models.AsFieldErrors(err); len(fes) > 0 {
					clSetErr(e.formErr, []string{ErrText(err)})
				} else {
					showError(e.deps.Window, err)
				}
				return
			}
			if archive {
				e.status.SetText(T("settings_checklists.archived_done", "Archived. New deliveries no longer offer this checklist; tickets that use it keep it."))
			} else {
				e.status.SetText(T("settings_checklists.restored_done", "Restored. New deliveries can use this checklist again."))
			}
			if e.OnChanged != nil {
				e.OnChanged()
			}
		}
	})
}

// onClose closes the editor, asking first when there are unsaved changes.
func (e *checklistEditor) onClose() {
	if !e.dirty() {
		e.dlg.Hide()
		return
	}
	e.ask(T("settings_checklists.discard_title", "Unsaved changes"),
		T("settings_checklists.discard_confirm", "Close without saving? The changes to this checklist are lost."),
		T("settings_checklists.discard", "Discard changes"), theme.DeleteIcon(), e.dlg.Hide)
}
