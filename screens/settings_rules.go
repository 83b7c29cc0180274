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

	"aftercare/app"
	"aftercare/models"
)

// rulesSection is the part of Settings that opens the service rules and
// fee schedule editors (DOMAIN.md: the shops' numbers are defaults a
// manager edits in Settings).
type rulesSection struct {
	deps     *Deps
	rulesBtn *widget.Button
	feesBtn  *widget.Button
	note     *widget.Label // what the last save did
	rules    *rulesEditor  // the open editor, or the last one
	fees     *feeEditor
	root     fyne.CanvasObject
}

// newRulesSection builds the Settings section with its two buttons.
func newRulesSection(d *Deps) *rulesSection {
	s := &rulesSection{deps: d}
	s.rulesBtn = widget.NewButtonWithIcon(T("settings_rules.open_rules", "Service rules…"), theme.HistoryIcon(), s.onOpenRules)
	s.feesBtn = widget.NewButtonWithIcon(T("settings_rules.open_fees", "Fee schedule…"), theme.ListIcon(), s.onOpenFees)
	help := widget.NewLabel(T("settings_rules.section_help",
		"Time limits for calls and visits, the repeat-repair window and the discount a quote may have without the general manager; the call-out fees, labour and parts prices used in quotes. Changes apply to new tickets and steps from now on."))
	help.Wrapping = fyne.TextWrapWord
	s.note = widget.NewLabel("")
	s.note.Importance = widget.SuccessImportance
	s.root = container.NewVBox(
		heading(T("settings_rules.section_title", "Service rules and fees")),
		help,
		container.NewHBox(s.rulesBtn, s.feesBtn),
		s.note,
	)
	return s
}

// content is the section's widget tree.
func (s *rulesSection) content() fyne.CanvasObject { return s.root }

// onOpenRules opens the service rules editor.
func (s *rulesSection) onOpenRules() {
	s.note.SetText("")
	s.rules = newRulesEditor(s.deps)
	s.rules.OnSaved = s.onRulesSaved
	s.rules.open()
}

// onOpenFees opens the fee schedule editor.
func (s *rulesSection) onOpenFees() {
	s.note.SetText("")
	s.fees = newFeeEditor(s.deps)
	s.fees.OnSaved = s.onFeesSaved
	s.fees.open()
}

func (s *rulesSection) onRulesSaved() {
	s.note.SetText(T("settings_rules.rules_saved", "Service rules saved. They apply to new tickets and steps from now on."))
}

func (s *rulesSection) onFeesSaved() {
	s.note.SetText(T("settings_rules.fees_saved", "Fee schedule saved. New quotes use it; lines already on tickets keep their prices."))
}

// rulesUnit is how a rule is measured.
type rulesUnit int

const (
	rulesHours rulesUnit = iota
	rulesDays
	rulesClock
	rulesPercent
)

// label names the unit next to the entry.
func (u rulesUnit) label() string {
	switch u {
	case rulesHours:
		return T("settings_rules.unit.hours", "hours")
	case rulesDays:
		return T("settings_rules.unit.days", "days")
	case rulesClock:
		return T("settings_rules.unit.clock", "o'clock")
	}
	return "%"
}

// rulesField is one editable rule of the form.
type rulesField struct {
	name          string // app.Rule… field name
	key, fallback string
	unit          rulesUnit
}

// rulesGroup is a titled block of the form.
type rulesGroup struct {
	key, fallback string
	fields        []rulesField
}

// rulesGroups lays out the rules form: two columns of groups.
var rulesGroups = [2][]rulesGroup{{
	{"settings_rules.group.response", "Response and visits", []rulesField{
		{app.RuleFirstResponseHours, "settings_rules.first_response", "First contact within", rulesHours},
		{app.RuleScheduleHours, "settings_rules.schedule", "Book a visit within", rulesHours},
		{app.RuleMorningStart, "settings_rules.morning", "Morning visits start at", rulesClock},
		{app.RuleAfternoonStart, "settings_rules.afternoon", "Afternoon visits start at", rulesClock},
		{app.RuleEscalationHours, "settings_rules.escalation", "Decide an escalation within", rulesHours},
	}},
	{"settings_rules.group.quality", "Quality and prices", []rulesField{
		{app.RuleRepeatWindowDays, "settings_rules.repeat", "Repeat repair if within", rulesDays},
		{app.RuleDiscountLimit, "settings_rules.discount", "Discount without approval up to", rulesPercent},
	}},
}, {
	{"settings_rules.group.mail_in", "Mail-in parcels", []rulesField{
		{app.RuleParcelChaseDays, "settings_rules.parcel_chase", "Call again if not received after", rulesDays},
		{app.RuleParcelAbandonDays, "settings_rules.parcel_abandon", "Offer to close as abandoned after", rulesDays},
		{app.RuleParcelConfirmHours, "settings_rules.parcel_confirm", "Confirm receipt within", rulesHours},
	}},
	{"settings_rules.group.progress", "Keeping customers informed", []rulesField{
		{app.RulePartsProgressDays, "settings_rules.parts_progress", "Progress call while waiting, every", rulesDays},
		{app.RulePickupRemindDays, "settings_rules.pickup", "Remind to collect, every", rulesDays},
		{app.RuleFactoryChaseDays, "settings_rules.factory", "Chase the factory every", rulesDays},
		{app.RuleSignatureDays, "settings_rules.signature", "Signed slip back within", rulesDays},
	}},
}}

// rulesEditor is the dialog that edits the service rules: one number per
// rule with its unit, its default and its range, checked as the manager
// types; Save writes them all, Restore defaults refills the form.
type rulesEditor struct {
	deps *Deps
	// OnSaved runs on the UI goroutine after a successful save.
	OnSaved func()

	entries     map[string]*widget.Entry
	errs        map[string]*widget.Label
	status      *widget.Label
	saveBtn     *widget.Button
	cancelBtn   *widget.Button
	defaultsBtn *widget.Button
	body        *fyne.Container // laid out again when a problem appears or goes
	dlg         *dialog.CustomDialog
	saving      bool
	view        *viewOnly // read-only without PermCatalogues (access.go)
}

// newRulesEditor builds the form; open loads the saved rules and shows it.
func newRulesEditor(d *Deps) *rulesEditor {
	e := &rulesEditor{deps: d, entries: map[string]*widget.Entry{}, errs: map[string]*widget.Label{}}
	defaults := app.DefaultServiceRules().RuleValues()
	// One label width for every group, so the entries line up down the
	// column in either language.
	labelCols := &rulesColumns{widths: []float32{0, 0}}
	var cols [2]fyne.CanvasObject
	for c, groups := range rulesGroups {
		box := container.NewVBox()
		for _, g := range groups {
			box.Add(heading(T(g.key, g.fallback)))
			for _, f := range g.fields {
				label := widget.NewLabelWithStyle(T(f.key, f.fallback), fyne.TextAlignTrailing, fyne.TextStyle{})
				labelCols.widths[0] = max(labelCols.widths[0], label.MinSize().Width)
				box.Add(container.New(labelCols, container.NewVBox(label), e.fieldRow(f, defaults[f.name])))
			}
		}
		cols[c] = box
	}
	note := widget.NewLabel(T("settings_rules.rules_help",
		"Changes apply to new tickets and steps from now on; due times already shown on open tickets move at their next step."))
	note.Wrapping = fyne.TextWrapWord
	e.status = widget.NewLabel("")
	e.status.Wrapping = fyne.TextWrapWord
	e.saveBtn = widget.NewButtonWithIcon(T("settings_rules.save", "Save"), theme.DocumentSaveIcon(), e.onSave)
	e.saveBtn.Importance = widget.HighImportance
	e.cancelBtn = widget.NewButtonWithIcon(T("settings_rules.cancel", "Cancel"), theme.CancelIcon(), e.onCancel)
	e.defaultsBtn = widget.NewButtonWithIcon(T("settings_rules.restore", "Restore defaults"), theme.ViewRefreshIcon(), e.onDefaults)
	e.body = container.NewGridWithColumns(2, cols[0], cols[1])
	e.view = newViewOnly(d, models.PermCatalogues)
	e.view.hide(e.saveBtn, e.defaultsBtn)
	e.view.lock(e.body)
	body := container.NewBorder(container.NewVBox(e.view.hint, note), e.status, nil, nil, container.NewVScroll(e.body))
	e.dlg = dialog.NewCustomWithoutButtons(T("settings_rules.rules_title", "Service rules"), body, d.Window)
	e.dlg.SetButtons([]fyne.CanvasObject{e.defaultsBtn, e.cancelBtn, e.saveBtn})
	e.dlg.Resize(fyne.NewSize(1100, 560))
	return e
}

// fieldRow is an entry with its unit, the default and range as a hint,
// and its problem underneath.
func (e *rulesEditor) fieldRow(f rulesField, def int) fyne.CanvasObject {
	entry := widget.NewEntry()
	entry.OnChanged = e.onChanged
	rg := app.RuleRanges[f.name]
	hint := widget.NewLabel(T("settings_rules.hint", "default {{.Default}} · {{.Min}}–{{.Max}}",
		map[string]any{"Default": def, "Min": rg.Min, "Max": rg.Max}))
	hint.Importance = widget.LowImportance
	errLabel := errorLabel()
	errLabel.Hide()
	e.entries[f.name], e.errs[f.name] = entry, errLabel
	sized := container.NewGridWrap(fyne.NewSize(72, entry.MinSize().Height), entry)
	return container.NewVBox(container.NewHBox(sized, widget.NewLabel(f.unit.label()), hint), errLabel)
}

// open loads the rules in force and shows the dialog.
func (e *rulesEditor) open() {
	custGo(func() func() {
		r := e.deps.App.ServiceRules()
		return func() {
			e.fill(r)
			e.dlg.Show()
		}
	})
}

// fill puts rules into the entries.
func (e *rulesEditor) fill(r app.ServiceRules) {
	for name, v := range r.RuleValues() {
		if en := e.entries[name]; en != nil {
			en.OnChanged = nil
			en.SetText(strconv.Itoa(v))
			en.OnChanged = e.onChanged
		}
	}
	e.validate()
}

func (e *rulesEditor) onChanged(string) {
	e.status.SetText("")
	e.validate()
}

// values reads the entries; a field that is not a whole number gets its
// problem in bad and is left out of the values.
func (e *rulesEditor) values() (map[string]int, map[string]string) {
	v, bad := map[string]int{}, map[string]string{}
	for name, en := range e.entries {
		n, err := strconv.Atoi(rulesHalfWidth(strings.TrimSpace(en.Text)))
		if err != nil {
			bad[name] = T("settings_rules.not_number", "Enter a whole number.")
			continue
		}
		v[name] = n
	}
	return v, bad
}

// validate shows every field's problem and enables Save only when the
// rules can be saved. A field that is not a number is checked against the
// others as its default, so the rest still get their messages.
func (e *rulesEditor) validate() bool {
	v, bad := e.values()
	for _, fe := range models.AsFieldErrors(app.ValidateServiceRules(app.ServiceRulesFromValues(v))) {
		if _, seen := bad[fe.Field]; !seen {
			bad[fe.Field] = FieldErrText(fe)
		}
	}
	e.showErrors(bad)
	ok := len(bad) == 0
	if ok && !e.saving {
		e.saveBtn.Enable()
	} else {
		e.saveBtn.Disable()
	}
	return ok
}

// showErrors puts each problem under its field and hides the others.
func (e *rulesEditor) showErrors(bad map[string]string) {
	changed := false
	for name, l := range e.errs {
		msg := bad[name]
		changed = changed || l.Visible() != (msg != "")
		l.SetText(msg)
		if msg != "" {
			l.Show()
		} else {
			l.Hide()
		}
	}
	if changed {
		e.body.Refresh()
	}
}

func (e *rulesEditor) onSave() {
	if e.saving || !e.validate() {
		return
	}
	v, _ := e.values()
	r := app.ServiceRulesFromValues(v)
	e.saving = true
	e.saveBtn.Disable()
	custGo(func() func() {
		err := e.deps.App.SaveServiceRules(r)
		return func() { e.saved(err) }
	})
}

// saved applies the result of a save: problems next to their fields, or
// the dialog closes.
func (e *rulesEditor) saved(err error) {
	e.saving = false
	if err != nil {
		if fes := models.AsFieldErrors(err); len(fes) > 0 {
			bad := map[string]string{}
			var other []string // e.g. a refusal naming the roles that may
			for _, fe := range fes {
				if e.errs[fe.Field] != nil {
					bad[fe.Field] = FieldErrText(fe)
				} else {
					other = append(other, FieldErrText(fe))
				}
			}
			e.showErrors(bad)
			e.status.SetText(strings.Join(other, "\n"))
		} else {
			showError(e.deps.Window, err)
		}
		e.saveBtn.Enable()
		return
	}
	e.dlg.Hide()
	if e.OnSaved != nil {
		e.OnSaved()
	}
}

func (e *rulesEditor) onCancel() { e.dlg.Hide() }

// onDefaults refills the form with the shop procedures' numbers; nothing
// is saved until Save.
func (e *rulesEditor) onDefaults() {
	e.fill(app.DefaultServiceRules())
	e.status.SetText(T("settings_rules.defaults_filled", "The default numbers are filled in. Press Save to use them."))
}

// rulesHalfWidth turns full-width digits (typed with a Chinese input
// method) into ASCII.
func rulesHalfWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return r
	}, s)
}

// feeKinds are the kinds a fee schedule item can have, in menu order.
var feeKinds = []models.ItemKind{models.ItemVisit, models.ItemLabour, models.ItemPart, models.ItemOther}

// feeColumnWidths are the widths of the fee table's columns; 0 shares the
// width left over.
var feeColumnWidths = []float32{130, 0, 0, 80, 88, 110, 124}

// feeEditor is the dialog that edits the fee schedule as a table: every
// row is edited in place; rows are added, removed and moved; Save writes
// the whole schedule at once and Cancel discards the changes.
type feeEditor struct {
	deps *Deps
	// OnSaved runs on the UI goroutine after a save or a reset.
	OnSaved func()

	rows        []*feeRow
	rowBox      *fyne.Container
	scroll      *container.Scroll
	formErr     *widget.Label
	status      *widget.Label
	addBtn      *widget.Button
	saveBtn     *widget.Button
	cancelBtn   *widget.Button
	defaultsBtn *widget.Button
	dlg         *dialog.CustomDialog
	confirm     *feeConfirm // the restore-defaults question, while open
	saving      bool
	view        *viewOnly // read-only without PermCatalogues (access.go)
}

// feeRow is one item of the schedule as the table edits it.
type feeRow struct {
	key                                   string // "" for a new row: app makes one
	kind                                  *widget.Select
	nameZH, nameEN, unitZH, unitEN, price *widget.Entry
	up, down, remove                      *widget.Button
	err                                   *widget.Label
	box                                   fyne.CanvasObject
}

// feeConfirm asks before the schedule goes back to the defaults.
type feeConfirm struct {
	dlg     *dialog.CustomDialog
	confirm *widget.Button
	cancel  *widget.Button
}

// newFeeEditor builds the dialog; open loads the schedule and shows it.
func newFeeEditor(d *Deps) *feeEditor {
	e := &feeEditor{deps: d}
	e.rowBox = container.NewVBox()
	e.scroll = container.NewVScroll(e.rowBox)
	e.formErr = errorLabel()
	e.formErr.Hide()
	e.status = widget.NewLabel("")
	e.status.Importance = widget.SuccessImportance
	e.addBtn = widget.NewButtonWithIcon(T("settings_rules.fee.add", "Add item"), theme.ContentAddIcon(), e.onAdd)
	e.saveBtn = widget.NewButtonWithIcon(T("settings_rules.save", "Save"), theme.DocumentSaveIcon(), e.onSave)
	e.saveBtn.Importance = widget.HighImportance
	e.cancelBtn = widget.NewButtonWithIcon(T("settings_rules.cancel", "Cancel"), theme.CancelIcon(), e.onCancel)
	e.defaultsBtn = widget.NewButtonWithIcon(T("settings_rules.restore", "Restore defaults"), theme.ViewRefreshIcon(), e.onDefaults)

	note := widget.NewLabel(T("settings_rules.fee.help",
		"Prices in yuan. Changes apply to quotes made from now on; lines already on tickets keep their names and prices, even when an item is removed here."))
	note.Wrapping = fyne.TextWrapWord
	header := container.New(&rulesColumns{widths: feeColumnWidths},
		feeHeader(T("settings_rules.fee.kind", "Kind")),
		feeHeader(T("settings_rules.fee.name_zh", "Chinese name")),
		feeHeader(T("settings_rules.fee.name_en", "English name")),
		feeHeader(T("settings_rules.fee.unit_zh", "Unit")),
		feeHeader(T("settings_rules.fee.unit_en", "Unit (EN)")),
		feeHeader(T("settings_rules.fee.price", "Price (¥)")),
		layout.NewSpacer(),
	)
	e.view = newViewOnly(d, models.PermCatalogues)
	e.view.hide(e.saveBtn, e.defaultsBtn, e.addBtn)
	top := container.NewVBox(e.view.hint, note, header, widget.NewSeparator())
	bottom := container.NewVBox(e.formErr, container.NewHBox(e.addBtn, e.status))
	body := container.NewBorder(top, bottom, nil, nil, e.scroll)
	e.dlg = dialog.NewCustomWithoutButtons(T("settings_rules.fees_title", "Fee schedule"), body, d.Window)
	e.dlg.SetButtons([]fyne.CanvasObject{e.defaultsBtn, e.cancelBtn, e.saveBtn})
	e.dlg.Resize(fyne.NewSize(1180, 700))
	return e
}

// feeHeader is a bold column title.
func feeHeader(text string) fyne.CanvasObject {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// open loads the schedule in force and shows the dialog.
func (e *feeEditor) open() {
	custGo(func() func() {
		items := e.deps.App.FeeSchedule()
		return func() {
			e.setItems(items)
			e.dlg.Show()
		}
	})
}

// setItems replaces the table's rows.
func (e *feeEditor) setItems(items []models.FeeItem) {
	e.rows = e.rows[:0]
	for _, it := range items {
		e.rows = append(e.rows, e.newRow(it))
	}
	e.relayout()
	e.validate()
	e.view.lock(e.rowBox)
}

// newRow builds the widgets of one item.
func (e *feeEditor) newRow(it models.FeeItem) *feeRow {
	r := &feeRow{key: it.Key}
	labels := make([]string, len(feeKinds))
	for i, k := range feeKinds {
		labels[i] = ItemKindLabel(k)
	}
	r.kind = widget.NewSelect(labels, nil)
	for i, k := range feeKinds {
		if k == it.Kind {
			r.kind.SetSelectedIndex(i)
		}
	}
	r.kind.OnChanged = e.onChanged
	entry := func(text, hint string) *widget.Entry {
		en := widget.NewEntry()
		en.SetText(text)
		en.SetPlaceHolder(hint)
		en.OnChanged = e.onChanged
		return en
	}
	r.nameZH = entry(it.NameZH, T("settings_rules.fee.name_zh_hint", "e.g. 抽屉滑轨"))
	r.nameEN = entry(it.NameEN, T("settings_rules.fee.name_en_hint", "e.g. Drawer rail"))
	r.unitZH = entry(it.UnitZH, "个")
	r.unitEN = entry(it.UnitEN, "pc")
	price := ""
	if it.Key != "" || it.Price != 0 {
		price = it.Price.Yuan()
	}
	r.price = entry(price, "0.00")
	r.up = widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { e.onMove(r, -1) })
	r.down = widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { e.onMove(r, 1) })
	r.remove = widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { e.onRemove(r) })
	for _, b := range []*widget.Button{r.up, r.down, r.remove} {
		b.Importance = widget.LowImportance
	}
	r.err = errorLabel()
	r.err.Hide()
	cells := container.New(&rulesColumns{widths: feeColumnWidths},
		r.kind, r.nameZH, r.nameEN, r.unitZH, r.unitEN, r.price,
		container.NewGridWithColumns(3, r.up, r.down, r.remove))
	r.box = container.NewVBox(cells, r.err)
	return r
}

// relayout shows the rows in their order and enables the move buttons
// that make sense.
func (e *feeEditor) relayout() {
	objs := make([]fyne.CanvasObject, len(e.rows))
	for i, r := range e.rows {
		objs[i] = r.box
		feeEnable(r.up, i > 0)
		feeEnable(r.down, i < len(e.rows)-1)
	}
	e.rowBox.Objects = objs
	e.rowBox.Refresh()
}

// feeEnable enables or disables a button.
func feeEnable(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

// indexOf finds a row's position, -1 when it was removed.
func (e *feeEditor) indexOf(r *feeRow) int {
	for i, x := range e.rows {
		if x == r {
			return i
		}
	}
	return -1
}

func (e *feeEditor) onChanged(string) {
	e.status.SetText("")
	e.validate()
}

// onAdd appends an empty labour row and puts the cursor in its name.
func (e *feeEditor) onAdd() {
	r := e.newRow(models.FeeItem{Kind: models.ItemLabour})
	e.rows = append(e.rows, r)
	e.relayout()
	e.validate()
	e.scroll.ScrollToBottom()
	if c := e.deps.Window.Canvas(); c != nil {
		c.Focus(r.nameZH)
	}
}

// onMove moves a row up (-1) or down (+1).
func (e *feeEditor) onMove(r *feeRow, by int) {
	i := e.indexOf(r)
	j := i + by
	if i < 0 || j < 0 || j >= len(e.rows) {
		return
	}
	e.rows[i], e.rows[j] = e.rows[j], e.rows[i]
	e.relayout()
	e.validate() // row numbers in the messages follow the order
}

// onRemove takes a row out of the table (saved only with Save).
func (e *feeEditor) onRemove(r *feeRow) {
	i := e.indexOf(r)
	if i < 0 {
		return
	}
	e.rows = append(e.rows[:i], e.rows[i+1:]...)
	e.relayout()
	e.validate()
}

// feeFieldOrder puts a row's problems in the order of its columns.
var feeFieldOrder = map[string]int{"key": 0, "kind": 1, "name_zh": 2, "name_en": 3, "unit": 4, "price": 5}

// feeProblem is one message under a row, with its column for ordering.
type feeProblem struct {
	col int
	msg string
}

// items reads the table; prices that do not parse are reported by row.
func (e *feeEditor) items() ([]models.FeeItem, map[int][]feeProblem) {
	out := make([]models.FeeItem, len(e.rows))
	bad := map[int][]feeProblem{}
	for i, r := range e.rows {
		it := models.FeeItem{Key: r.key, NameZH: r.nameZH.Text, NameEN: r.nameEN.Text, UnitZH: r.unitZH.Text, UnitEN: r.unitEN.Text}
		if k := r.kind.SelectedIndex(); k >= 0 && k < len(feeKinds) {
			it.Kind = feeKinds[k]
		}
		if s := strings.TrimSpace(r.price.Text); s == "" {
			bad[i] = append(bad[i], feeProblem{feeFieldOrder["price"], T("settings_rules.fee.price_required", "Row {{.Row}}: enter the price (0 for free).", map[string]any{"Row": i + 1})})
		} else if m, fe := models.ParseMoney(s); fe != nil {
			bad[i] = append(bad[i], feeProblem{feeFieldOrder["price"], T("settings_rules.fee.price_format", "Row {{.Row}}: write the price in yuan, e.g. 120 or 85.50.", map[string]any{"Row": i + 1})})
		} else {
			it.Price = m
		}
		out[i] = it
	}
	return out, bad
}

// validate shows each row's problems under it and enables Save only when
// the whole schedule can be saved.
func (e *feeEditor) validate() bool {
	items, bad := e.items()
	general := e.applyErrors(app.ValidateFeeSchedule(items), bad)
	ok := len(bad) == 0 && general == ""
	if ok && !e.saving {
		e.saveBtn.Enable()
	} else {
		e.saveBtn.Disable()
	}
	return ok
}

// applyErrors adds app's problems to bad (by row), shows them, and
// returns the text of problems that concern no row.
func (e *feeEditor) applyErrors(err error, bad map[int][]feeProblem) string {
	var general []string
	for _, fe := range models.AsFieldErrors(err) {
		parts := strings.SplitN(fe.Field, ".", 3)
		if len(parts) == 3 && parts[0] == "fee" {
			if i, convErr := strconv.Atoi(parts[1]); convErr == nil && i >= 0 && i < len(e.rows) {
				bad[i] = append(bad[i], feeProblem{feeFieldOrder[parts[2]], FieldErrText(fe)})
				continue
			}
		}
		general = append(general, FieldErrText(fe))
	}
	changed := false
	for i, r := range e.rows {
		probs := bad[i]
		sort.SliceStable(probs, func(a, b int) bool { return probs[a].col < probs[b].col })
		msgs := make([]string, len(probs))
		for j, p := range probs {
			msgs[j] = p.msg
		}
		changed = changed || r.err.Visible() != (len(msgs) > 0)
		r.err.SetText(strings.Join(msgs, "\n"))
		if len(msgs) > 0 {
			r.err.Show()
		} else {
			r.err.Hide()
		}
	}
	if changed {
		e.rowBox.Refresh()
	}
	e.formErr.SetText(strings.Join(general, "\n"))
	if len(general) > 0 {
		e.formErr.Show()
	} else {
		e.formErr.Hide()
	}
	return e.formErr.Text
}

func (e *feeEditor) onSave() {
	if e.saving || !e.validate() {
		return
	}
	items, _ := e.items()
	e.saving = true
	e.saveBtn.Disable()
	custGo(func() func() {
		err := e.deps.App.SaveFeeSchedule(items)
		return func() { e.saved(err) }
	})
}

// saved applies the result of a save: problems by their rows, or the
// dialog closes.
func (e *feeEditor) saved(err error) {
	e.saving = false
	if err != nil {
		if len(models.AsFieldErrors(err)) > 0 {
			e.applyErrors(err, map[int][]feeProblem{})
		} else {
			showError(e.deps.Window, err)
		}
		e.saveBtn.Enable()
		return
	}
	e.dlg.Hide()
	if e.OnSaved != nil {
		e.OnSaved()
	}
}

func (e *feeEditor) onCancel() { e.dlg.Hide() }

// onDefaults asks before replacing the schedule with the shipped one.
func (e *feeEditor) onDefaults() {
	c := &feeConfirm{}
	msg := widget.NewLabel(T("settings_rules.fee.restore_confirm",
		"Replace the whole fee schedule with the default items and prices? Changes not yet saved are lost. Lines already on tickets keep their prices."))
	msg.Wrapping = fyne.TextWrapWord
	c.cancel = widget.NewButtonWithIcon(T("settings_rules.cancel", "Cancel"), theme.CancelIcon(), func() { c.dlg.Hide() })
	c.confirm = widget.NewButtonWithIcon(T("settings_rules.restore", "Restore defaults"), theme.ViewRefreshIcon(), e.onDefaultsConfirmed)
	c.confirm.Importance = widget.DangerImportance
	c.dlg = dialog.NewCustomWithoutButtons(T("settings_rules.fee.restore_title", "Restore the default fee schedule"), msg, e.deps.Window)
	c.dlg.SetButtons([]fyne.CanvasObject{c.cancel, c.confirm})
	c.dlg.Resize(fyne.NewSize(480, 200))
	e.confirm = c
	c.dlg.Show()
}

// onDefaultsConfirmed resets the stored schedule and shows the defaults.
func (e *feeEditor) onDefaultsConfirmed() {
	e.confirm.dlg.Hide()
	e.saving = true
	e.saveBtn.Disable()
	custGo(func() func() {
		err := e.deps.App.ResetFeeSchedule()
		items := e.deps.App.FeeSchedule()
		return func() {
			e.saving = false
			if err != nil {
				showError(e.deps.Window, err)
				e.validate()
				return
			}
			e.setItems(items)
			e.status.SetText(T("settings_rules.fee.restored", "The default fee schedule is restored and saved."))
			if e.OnSaved != nil {
				e.OnSaved()
			}
		}
	})
}

// rulesColumns lays objects out in a row of columns of fixed widths; a
// width of 0 shares what is left equally.
type rulesColumns struct{ widths []float32 }

// rulesFlexMin is the least width of a shared column.
const rulesFlexMin = 120

// MinSize is the fixed widths, the shared columns at their least, and the
// tallest object.
func (l *rulesColumns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	pad := theme.Padding()
	var w, h float32
	for i, o := range objs {
		cw := l.width(i)
		if cw == 0 {
			cw = rulesFlexMin
		}
		w += cw
		if i > 0 {
			w += pad
		}
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(w, h)
}

// Layout places the columns left to right.
func (l *rulesColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	fixed, flex := float32(0), 0
	for i := range objs {
		if cw := l.width(i); cw > 0 {
			fixed += cw
		} else {
			flex++
		}
	}
	share := float32(0)
	if flex > 0 {
		share = max(rulesFlexMin, (size.Width-fixed-pad*float32(len(objs)-1))/float32(flex))
	}
	x := float32(0)
	for i, o := range objs {
		cw := l.width(i)
		if cw == 0 {
			cw = share
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(cw, size.Height))
		x += cw + pad
	}
}

// width is column i's fixed width, 0 for a shared one.
func (l *rulesColumns) width(i int) float32 {
	if i < len(l.widths) {
		return l.widths[i]
	}
	return 0
}
