package screens

import (
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/models"
)

// partCatsSection is the Settings part that edits the replacement part
// categories and their standard lead times (补件制作时间规定, issue 6): one
// row per category, edited in place, checked as the manager types; Save
// writes the whole list, Revert goes back to what is saved, Restore
// defaults goes back to the shipped categories. Read-only, with a hint,
// for people without the catalogues permission.
type partCatsSection struct {
	deps *Deps

	rows        []*partCatRow
	rowBox      *fyne.Container
	formErr     *widget.Label
	note        *widget.Label
	addBtn      *widget.Button
	saveBtn     *widget.Button
	revertBtn   *widget.Button
	defaultsBtn *widget.Button
	confirm     *dialog.ConfirmDialog // the restore-defaults question, while open
	view        *viewOnly
	root        fyne.CanvasObject

	gen  int
	busy bool
}

// partCatRow is one category as the section edits it.
type partCatRow struct {
	key            string // "" for a new row: app makes one
	nameZH, nameEN *widget.Entry
	minDays        *widget.Entry
	maxDays        *widget.Entry
	lead           *widget.Label // what the expected date uses
	remove         *widget.Button
	err            *widget.Label
	box            fyne.CanvasObject
}

// partCatColumnWidths are the widths of the table's columns; 0 shares the
// width left over.
var partCatColumnWidths = []float32{0, 0, 110, 110, 150, 44}

// newPartCatsSection builds the section; load fills it.
func newPartCatsSection(d *Deps) *partCatsSection {
	s := &partCatsSection{deps: d}
	s.rowBox = container.NewVBox()
	s.formErr = errorLabel()
	s.formErr.Hide()
	s.note = widget.NewLabel("")
	s.note.Importance = widget.SuccessImportance
	s.note.Wrapping = fyne.TextWrapWord
	s.addBtn = widget.NewButtonWithIcon(T("settings_partcats.add", "Add category"), theme.ContentAddIcon(), s.onAdd)
	s.saveBtn = widget.NewButtonWithIcon(T("settings_partcats.save", "Save categories"), theme.DocumentSaveIcon(), s.onSave)
	s.saveBtn.Importance = widget.HighImportance
	s.revertBtn = widget.NewButtonWithIcon(T("settings_partcats.revert", "Revert"), theme.ContentUndoIcon(), s.load)
	s.defaultsBtn = widget.NewButtonWithIcon(T("settings_partcats.defaults", "Restore defaults"), theme.ViewRefreshIcon(), s.onDefaults)
	help := widget.NewLabel(T("settings_partcats.help",
		"Each kind of replacement part with its standard production time in days. A request's expected date is its order date plus the longest time. Changes apply to requests made from now on; requests already made keep their category and expected date."))
	help.Wrapping = fyne.TextWrapWord
	header := container.New(&rulesColumns{widths: partCatColumnWidths},
		feeHeader(T("settings_partcats.name_zh", "Chinese name")),
		feeHeader(T("settings_partcats.name_en", "English name")),
		feeHeader(T("settings_partcats.min_days", "Shortest (days)")),
		feeHeader(T("settings_partcats.max_days", "Longest (days)")),
		feeHeader(T("settings_partcats.lead", "Lead time")),
		layout.NewSpacer(),
	)
	s.view = newViewOnly(d, models.PermCatalogues)
	s.view.hide(s.addBtn, s.saveBtn, s.revertBtn, s.defaultsBtn)
	s.root = container.NewVBox(
		heading(T("settings_partcats.title", "Replacement part categories")),
		s.view.hint, help, header, widget.NewSeparator(), s.rowBox, s.formErr,
		container.NewHBox(s.addBtn, layout.NewSpacer(), s.defaultsBtn, s.revertBtn, s.saveBtn), s.note,
	)
	return s
}

// content is the section's widget tree.
func (s *partCatsSection) content() fyne.CanvasObject { return s.root }

// load reads the saved categories in the background (also Revert).
func (s *partCatsSection) load() {
	s.gen++
	gen, a := s.gen, s.deps.App
	custGo(func() func() {
		cats := a.PartCategories()
		return func() {
			if gen != s.gen {
				return
			}
			s.note.SetText("")
			s.setCategories(cats)
		}
	})
}

// setCategories replaces the table's rows.
func (s *partCatsSection) setCategories(cats []models.PartCategory) {
	s.rows = s.rows[:0]
	for _, c := range cats {
		s.rows = append(s.rows, s.newRow(c))
	}
	s.relayout()
	s.validate()
	s.view.lock(s.rowBox)
}

// newRow builds the widgets of one category.
func (s *partCatsSection) newRow(c models.PartCategory) *partCatRow {
	r := &partCatRow{key: c.Key}
	entry := func(text, hint string) *widget.Entry {
		en := widget.NewEntry()
		en.SetText(text)
		en.SetPlaceHolder(hint)
		en.OnChanged = s.onChanged
		return en
	}
	days := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	r.nameZH = entry(c.NameZH, T("settings_partcats.name_zh_hint", "e.g. 双面亮光板件"))
	r.nameEN = entry(c.NameEN, T("settings_partcats.name_en_hint", "e.g. Double-sided gloss panels"))
	r.minDays = entry(days(c.MinDays), "10")
	r.maxDays = entry(days(c.MaxDays), "12")
	r.lead = widget.NewLabel("")
	r.lead.Importance = widget.LowImportance
	r.remove = widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { s.onRemove(r) })
	r.remove.Importance = widget.LowImportance
	r.err = errorLabel()
	r.err.Hide()
	cells := container.New(&rulesColumns{widths: partCatColumnWidths},
		r.nameZH, r.nameEN, r.minDays, r.maxDays, r.lead, r.remove)
	r.box = container.NewVBox(cells, r.err)
	return r
}

// relayout shows the rows in their order.
func (s *partCatsSection) relayout() {
	objs := make([]fyne.CanvasObject, len(s.rows))
	for i, r := range s.rows {
		objs[i] = r.box
	}
	s.rowBox.Objects = objs
	s.rowBox.Refresh()
}

func (s *partCatsSection) onChanged(string) {
	s.note.SetText("")
	s.validate()
}

// onAdd appends an empty row and puts the cursor in its name.
func (s *partCatsSection) onAdd() {
	r := s.newRow(models.PartCategory{})
	s.rows = append(s.rows, r)
	s.relayout()
	s.validate()
	if c := s.deps.Window.Canvas(); c != nil {
		c.Focus(r.nameZH)
	}
}

// onRemove takes a row out of the table (saved only with Save). Requests
// already made keep the category's code and expected date.
func (s *partCatsSection) onRemove(r *partCatRow) {
	for i, x := range s.rows {
		if x == r {
			s.rows = append(s.rows[:i], s.rows[i+1:]...)
			break
		}
	}
	s.note.SetText("")
	s.relayout()
	s.validate()
}

// partCatFieldOrder puts a row's problems in the order of its columns.
var partCatFieldOrder = map[string]int{"key": 0, "name_zh": 1, "name_en": 2, "days": 3}

// categories reads the table; days that are not whole numbers are
// reported by row.
func (s *partCatsSection) categories() ([]models.PartCategory, map[int][]feeProblem) {
	out := make([]models.PartCategory, len(s.rows))
	bad := map[int][]feeProblem{}
	for i, r := range s.rows {
		c := models.PartCategory{Key: r.key, NameZH: r.nameZH.Text, NameEN: r.nameEN.Text}
		lo, err1 := strconv.Atoi(rulesHalfWidth(strings.TrimSpace(r.minDays.Text)))
		hi, err2 := strconv.Atoi(rulesHalfWidth(strings.TrimSpace(r.maxDays.Text)))
		if err1 != nil || err2 != nil {
			bad[i] = append(bad[i], feeProblem{partCatFieldOrder["days"],
				T("settings_partcats.days_number", "Row {{.Row}}: write the shortest and longest times as whole numbers of days, e.g. 10 and 12.", map[string]any{"Row": i + 1})})
		}
		c.MinDays, c.MaxDays = lo, hi
		out[i] = c
	}
	return out, bad
}

// validate shows each row's problems under it and enables Save only when
// the whole list can be saved.
func (s *partCatsSection) validate() bool {
	cats, bad := s.categories()
	for i, r := range s.rows {
		if _, typo := bad[i]; typo {
			r.lead.SetText("")
			continue
		}
		r.lead.SetText(T("settings_partcats.lead_value", "expected: order date + {{.Max}} days", map[string]any{"Max": cats[i].MaxDays}))
	}
	err := models.CheckPartCategories(cats)
	if s.view.on { // read-only: nothing for this person to fix
		clear(bad)
		err = nil
	}
	general := s.applyErrors(err, bad)
	ok := len(bad) == 0 && general == ""
	if ok && !s.busy {
		s.saveBtn.Enable()
	} else {
		s.saveBtn.Disable()
	}
	return ok
}

// applyErrors adds app's problems to bad (by row; a row whose days are
// not numbers keeps only that message for its days), shows them, and
// returns the text of problems that concern no row.
func (s *partCatsSection) applyErrors(err error, bad map[int][]feeProblem) string {
	var general []string
	for _, fe := range models.AsFieldErrors(err) {
		parts := strings.SplitN(fe.Field, ".", 3)
		if len(parts) == 3 && parts[0] == "cat" {
			if i, convErr := strconv.Atoi(parts[1]); convErr == nil && i >= 0 && i < len(s.rows) {
				col := partCatFieldOrder[parts[2]]
				if parts[2] == "days" && partCatHas(bad[i], col) {
					continue
				}
				bad[i] = append(bad[i], feeProblem{col, FieldErrText(fe)})
				continue
			}
		}
		general = append(general, FieldErrText(fe))
	}
	for i, r := range s.rows {
		probs := bad[i]
		sort.SliceStable(probs, func(a, b int) bool { return probs[a].col < probs[b].col })
		msgs := make([]string, len(probs))
		for j, p := range probs {
			msgs[j] = p.msg
		}
		r.err.SetText(strings.Join(msgs, "\n"))
		if len(msgs) > 0 {
			r.err.Show()
		} else {
			r.err.Hide()
		}
	}
	s.rowBox.Refresh()
	s.formErr.SetText(strings.Join(general, "\n"))
	if len(general) > 0 {
		s.formErr.Show()
	} else {
		s.formErr.Hide()
	}
	return s.formErr.Text
}

// partCatHas reports whether probs has a problem in column col.
func partCatHas(probs []feeProblem, col int) bool {
	for _, p := range probs {
		if p.col == col {
			return true
		}
	}
	return false
}

// onSave saves the whole list.
func (s *partCatsSection) onSave() {
	if s.busy || !s.validate() {
		return
	}
	cats, _ := s.categories()
	s.busy = true
	s.saveBtn.Disable()
	a := s.deps.App
	custGo(func() func() {
		err := a.SavePartCategories(cats)
		saved := a.PartCategories()
		return func() {
			s.busy = false
			if err != nil {
				s.saveBtn.Enable()
				if len(models.AsFieldErrors(err)) > 0 {
					s.applyErrors(err, map[int][]feeProblem{})
				} else {
					showError(s.deps.Window, err)
				}
				return
			}
			s.gen++ // a load started before the save is stale
			s.setCategories(saved)
			s.note.SetText(T("settings_partcats.saved", "Part categories saved. New requests use them; requests already made keep their expected dates."))
		}
	})
}

// onDefaults asks before the categories go back to the shipped ones.
func (s *partCatsSection) onDefaults() {
	s.confirm = dialog.NewConfirm(T("settings_partcats.restore_title", "Restore the default part categories"),
		T("settings_partcats.restore_confirm", "Replace the part categories with the four standard ones and their lead times? Changes not yet saved are lost. Requests already made keep their category and expected date."),
		func(ok bool) {
			if ok {
				s.onDefaultsConfirmed()
			}
		}, s.deps.Window)
	s.confirm.SetConfirmText(T("settings_partcats.defaults", "Restore defaults"))
	s.confirm.SetDismissText(T("settings_rules.cancel", "Cancel"))
	s.confirm.Show()
}

// onDefaultsConfirmed resets the stored categories and shows the defaults.
func (s *partCatsSection) onDefaultsConfirmed() {
	if s.busy {
		return
	}
	s.busy = true
	s.saveBtn.Disable()
	a := s.deps.App
	custGo(func() func() {
		err := a.ResetPartCategories()
		cats := a.PartCategories()
		return func() {
			s.busy = false
			if err != nil {
				showError(s.deps.Window, err)
				s.validate()
				return
			}
			s.gen++
			s.setCategories(cats)
			s.note.SetText(T("settings_partcats.restored", "The standard part categories are restored and saved."))
		}
	})
}
