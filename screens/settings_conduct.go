package screens

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/models"
)

// conductRulesSection is the part of Settings that lists the penalty and
// reward rules (DOMAIN.md "Staff conduct", seed 001) and adds, edits,
// archives and restores them. Records copy the rule's name and amount when
// they are made, so a change here never rewrites them.
type conductRulesSection struct {
	deps    *Deps
	listBox *fyne.Container
	rows    []*crListRow
	newBtn  *widget.Button
	note    *widget.Label // what the last change did
	errText *widget.Label
	view    *viewOnly          // read-only without PermCatalogues (access.go)
	editor  *conductRuleEditor // the editor last opened (tests look at it)
	gen     int
	root    fyne.CanvasObject
}

// crListRow is one rule in the Settings list.
type crListRow struct {
	rule    models.ConductRule
	name    *widget.Label
	kind    *widget.Label
	amount  *widget.Label
	edit    *widget.Button
	archive *widget.Button // Archive, or Restore for an archived rule
}

// crListWidths are the list's columns: name (the rest), kind, amount and
// probation, Edit, Archive/Restore.
var crListWidths = []float32{0, 90, 230, 110, 120}

// newConductRulesSection builds the section and loads the rules.
func newConductRulesSection(d *Deps) *conductRulesSection {
	s := &conductRulesSection{deps: d}
	help := widget.NewLabel(T("settings_conduct.help",
		"The fines and rewards the business manager records for service staff. Changing a rule never changes records already made: they keep the name and amount they were recorded with."))
	help.Wrapping = fyne.TextWrapWord
	s.listBox = container.NewVBox()
	s.newBtn = widget.NewButtonWithIcon(T("settings_conduct.new", "New rule…"), theme.ContentAddIcon(), s.onNew)
	s.note = widget.NewLabel("")
	s.note.Importance = widget.SuccessImportance
	s.note.Wrapping = fyne.TextWrapWord
	s.errText = custErrLabel()
	s.view = newViewOnly(d, models.PermCatalogues)
	s.view.hide(s.newBtn)
	s.root = container.NewVBox(
		heading(T("settings_conduct.title", "Penalty and reward rules")),
		help,
		s.view.hint,
		s.listBox,
		container.NewHBox(s.newBtn),
		s.errText,
		s.note,
	)
	s.load()
	return s
}

// content is the section's widget tree.
func (s *conductRulesSection) content() fyne.CanvasObject { return s.root }

// load reads every rule, archived ones included, off the UI goroutine.
func (s *conductRulesSection) load() {
	s.gen++
	gen, a := s.gen, s.deps.App
	custGo(func() func() {
		rules, err := a.ConductRules(true)
		return func() {
			if gen != s.gen {
				return
			}
			if err != nil {
				custSetErr(s.errText, ErrText(err))
				return
			}
			s.setList(rules)
		}
	})
}

// setList shows the rules; archived ones greyed, with Restore.
func (s *conductRulesSection) setList(rules []models.ConductRule) {
	s.rows = s.rows[:0]
	objs := make([]fyne.CanvasObject, 0, len(rules))
	for _, r := range rules {
		row := &crListRow{rule: r}
		row.name = widget.NewLabelWithStyle(ConductRuleLabel(r), fyne.TextAlignLeading, fyne.TextStyle{Bold: r.ArchivedAt == nil})
		row.name.Wrapping = fyne.TextWrapWord
		row.kind = widget.NewLabel(ConductKindLabel(r.Kind))
		amount := ConductRuleAmount(r)
		if r.Probation {
			amount += T("list.sep", ", ") + T("conduct.probation", "probation")
		}
		row.amount = widget.NewLabel(amount)
		row.amount.Truncation = fyne.TextTruncateEllipsis
		row.edit = widget.NewButtonWithIcon(T("settings_conduct.edit", "Edit…"), theme.DocumentCreateIcon(), func() { s.onEdit(row) })
		if r.ArchivedAt != nil {
			row.name.Importance, row.kind.Importance, row.amount.Importance = widget.LowImportance, widget.LowImportance, widget.LowImportance
			row.name.SetText(row.name.Text + "  " + T("settings_conduct.archived_mark", "(archived)"))
			row.archive = widget.NewButtonWithIcon(T("settings_conduct.restore", "Restore"), theme.ViewRefreshIcon(), func() { s.onArchive(row, false) })
		} else {
			switch r.Kind {
			case models.ConductPenalty:
				row.kind.Importance = widget.DangerImportance
			case models.ConductReward:
				row.kind.Importance = widget.SuccessImportance
			}
			row.archive = widget.NewButtonWithIcon(T("settings_conduct.archive", "Archive"), theme.DeleteIcon(), func() { s.onArchive(row, true) })
		}
		s.view.hide(row.edit, row.archive)
		s.rows = append(s.rows, row)
		objs = append(objs, container.New(&rulesColumns{widths: crListWidths}, row.name, row.kind, row.amount, row.edit, row.archive))
	}
	s.listBox.Objects = objs
	s.listBox.Refresh()
}

// onNew opens the editor on an empty rule.
func (s *conductRulesSection) onNew() { s.openEditor(nil) }

// onEdit opens the editor on a rule.
func (s *conductRulesSection) onEdit(r *crListRow) {
	rule := r.rule
	s.openEditor(&rule)
}

func (s *conductRulesSection) openEditor(r *models.ConductRule) {
	s.note.SetText("")
	s.editor = newConductRuleEditor(s.deps, r)
	s.editor.OnSaved = s.onSaved
	s.editor.dlg.Show()
}

// onSaved says what the save did and lists the rules again.
func (s *conductRulesSection) onSaved(r *models.ConductRule) {
	s.note.SetText(T("settings_conduct.saved", "“{{.Name}}” saved. New records use it; records already made keep what they were recorded with.",
		map[string]any{"Name": ConductRuleLabel(*r)}))
	s.load()
}

// onArchive hides a rule from new records, or brings it back.
func (s *conductRulesSection) onArchive(r *crListRow, archive bool) {
	r.archive.Disable()
	s.note.SetText("")
	custSetErr(s.errText, "")
	a, id, name := s.deps.App, r.rule.ID, ConductRuleLabel(r.rule)
	custGo(func() func() {
		err := a.ArchiveConductRule(id, archive)
		return func() {
			if err != nil {
				r.archive.Enable()
				custSetErr(s.errText, ErrText(err))
				return
			}
			if archive {
				s.note.SetText(T("settings_conduct.archived_note", "“{{.Name}}” is no longer offered for new records; records already made keep it. Restore brings it back.", map[string]any{"Name": name}))
			} else {
				s.note.SetText(T("settings_conduct.restored_note", "“{{.Name}}” is offered for new records again.", map[string]any{"Name": name}))
			}
			s.load()
		}
	})
}

// crKinds are the kinds in the editor's order.
var crKinds = []models.ConductKind{models.ConductPenalty, models.ConductReward, models.ConductDismissal}

// conductRuleEditor is the dialog that adds or changes one rule: its
// name, whether it fines, rewards or dismisses, the amount per time (or
// per case) and whether it puts the person on probation.
type conductRuleEditor struct {
	deps *Deps
	rule *models.ConductRule // nil for a new rule
	// OnSaved runs on the UI goroutine after a successful save.
	OnSaved func(r *models.ConductRule)

	name         *widget.Entry
	kind         *widget.RadioGroup
	amount       *widget.Entry
	amountLabel  *widget.Label
	amountCell   fyne.CanvasObject
	perCase      *widget.Check
	perCaseLabel *widget.Label
	perCaseCell  fyne.CanvasObject
	probation    *widget.Check
	errs         map[string]*widget.Label
	formErr      *widget.Label
	saveBtn      *widget.Button
	body         *fyne.Container
	dlg          *dialog.CustomDialog
	busy         bool
	closed       bool
}

// newConductRuleEditor builds the dialog, filled from r (nil: a new rule).
func newConductRuleEditor(d *Deps, r *models.ConductRule) *conductRuleEditor {
	e := &conductRuleEditor{deps: d, rule: r, errs: map[string]*widget.Label{}}
	grid := container.New(layout.NewFormLayout())
	row := func(label string, field string, o fyne.CanvasObject) (*widget.Label, fyne.CanvasObject) {
		l := widget.NewLabelWithStyle(label, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
		el := custErrLabel()
		e.errs[field] = el
		cell := container.NewVBox(o, el)
		grid.Add(l)
		grid.Add(cell)
		return l, cell
	}
	e.name = widget.NewEntry()
	e.name.SetPlaceHolder(T("settings_conduct.name_hint", "e.g. late for the morning meeting"))
	e.name.OnChanged = func(string) { e.clearErr("name") }
	row(T("settings_conduct.name", "Name")+" *", "name", e.name)

	kinds := make([]string, len(crKinds))
	for i, k := range crKinds {
		kinds[i] = ConductKindLabel(k)
	}
	e.kind = widget.NewRadioGroup(kinds, nil)
	e.kind.Horizontal = true
	e.kind.Required = true
	row(T("settings_conduct.kind", "Kind")+" *", "kind", e.kind)

	e.perCase = widget.NewCheck(T("settings_conduct.per_case", "Amount per case (entered with each record, e.g. damage compensation)"), nil)
	e.perCaseLabel, e.perCaseCell = row("", "per_case", e.perCase)

	e.amount = widget.NewEntry()
	e.amount.SetPlaceHolder(T("settings_conduct.amount_hint", "e.g. 20"))
	e.amount.OnChanged = func(string) { e.clearErr("amount") }
	e.amountLabel, e.amountCell = row(T("settings_conduct.amount", "Amount per time (¥)")+" *", "amount", e.amount)

	e.probation = widget.NewCheck(T("settings_conduct.probation", "Puts the person on probation"), nil)
	row("", "probation", e.probation)

	if r != nil {
		e.name.SetText(ConductRuleLabel(*r))
		for i, k := range crKinds {
			if k == r.Kind {
				e.kind.SetSelected(kinds[i])
			}
		}
		e.perCase.SetChecked(r.PerCase)
		if r.Amount > 0 {
			e.amount.SetText(conductPlain(r.Amount))
		}
		e.probation.SetChecked(r.Probation)
	} else {
		e.kind.SetSelected(kinds[0])
	}
	e.kind.OnChanged = func(string) { e.clearErr("kind"); e.update() }
	e.perCase.OnChanged = func(bool) { e.clearErr("per_case"); e.update() }

	note := widget.NewLabel(T("settings_conduct.editor_help", "Records already made keep the name and amount they were recorded with; the change applies to new records."))
	note.Wrapping = fyne.TextWrapWord
	note.Importance = widget.LowImportance
	e.formErr = custErrLabel()
	e.saveBtn = widget.NewButtonWithIcon(T("settings_conduct.save", "Save"), theme.DocumentSaveIcon(), e.onSave)
	e.saveBtn.Importance = widget.HighImportance
	cancel := widget.NewButtonWithIcon(T("boards.common.cancel", "Cancel"), theme.CancelIcon(), e.close)
	e.body = container.NewVBox(grid, note, e.formErr)
	title := T("settings_conduct.new_title", "New penalty or reward rule")
	if r != nil {
		title = T("settings_conduct.edit_title", "Edit rule: {{.Name}}", map[string]any{"Name": ConductRuleLabel(*r)})
	}
	e.dlg = dialog.NewCustomWithoutButtons(title, e.body, d.Window)
	e.dlg.SetButtons([]fyne.CanvasObject{cancel, e.saveBtn})
	e.update()
	return e
}

// selectedKind is the kind chosen.
func (e *conductRuleEditor) selectedKind() models.ConductKind {
	for i, o := range e.kind.Options {
		if o == e.kind.Selected {
			return crKinds[i]
		}
	}
	return ""
}

// update shows the amount only where the rule has one per time.
func (e *conductRuleEditor) update() {
	k := e.selectedKind()
	if k == models.ConductDismissal {
		e.perCaseLabel.Hide()
		e.perCaseCell.Hide()
	} else {
		e.perCaseLabel.Show()
		e.perCaseCell.Show()
	}
	if k == models.ConductDismissal || e.perCase.Checked {
		e.amountLabel.Hide()
		e.amountCell.Hide()
		e.clearErr("amount")
	} else {
		e.amountLabel.Show()
		e.amountCell.Show()
	}
	e.fit()
}

// input reads the form. A built-in rule's name left as shown is sent as
// "" so it stays translated.
func (e *conductRuleEditor) input() models.ConductRuleInput {
	name := strings.TrimSpace(e.name.Text)
	if r := e.rule; r != nil && r.Name == "" && r.NameKey != "" && name == RuleNameLabel(r.NameKey) {
		name = ""
	}
	k := e.selectedKind()
	return models.ConductRuleInput{Name: name, Kind: k, Amount: e.amount.Text,
		PerCase: e.perCase.Checked && k != models.ConductDismissal, Probation: e.probation.Checked}
}

// onSave saves the rule with one app call.
func (e *conductRuleEditor) onSave() {
	if e.busy || e.closed {
		return
	}
	e.busy = true
	e.saveBtn.Disable()
	in, id, a := e.input(), "", e.deps.App
	if e.rule != nil {
		id = e.rule.ID
	}
	custGo(func() func() {
		r, err := a.SaveConductRule(id, in)
		return func() { e.onResult(r, err) }
	})
}

// onResult closes after a save, or shows the problems at their fields.
func (e *conductRuleEditor) onResult(r *models.ConductRule, err error) {
	e.busy = false
	e.saveBtn.Enable()
	if err == nil {
		e.close()
		if e.OnSaved != nil {
			e.OnSaved(r)
		}
		return
	}
	for _, l := range e.errs {
		custSetErr(l, "")
	}
	var rest []string
	if fe := models.AsFieldErrors(err); len(fe) > 0 {
		for _, f := range fe {
			if l, ok := e.errs[f.Field]; ok {
				custSetErr(l, FieldErrText(f))
			} else {
				rest = append(rest, FieldErrText(f))
			}
		}
	} else {
		rest = append(rest, ErrText(err))
	}
	custSetErr(e.formErr, strings.Join(rest, "\n"))
	e.fit()
}

// clearErr hides a field's problem once it is changed.
func (e *conductRuleEditor) clearErr(field string) {
	if l := e.errs[field]; l != nil && custSetErr(l, "") {
		e.fit()
	}
}

// fit lays the dialog out again after a line appeared or went.
func (e *conductRuleEditor) fit() {
	if e.dlg == nil {
		return
	}
	e.body.Refresh()
	m := e.dlg.MinSize()
	e.dlg.Resize(fyne.NewSize(fyne.Max(600, m.Width), m.Height))
}

// close hides the dialog.
func (e *conductRuleEditor) close() {
	e.closed = true
	e.dlg.Hide()
}
