package screens

import (
	"context"
	"errors"
	"image/color"
	"maps"
	"sort"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// Penalty and reward records (issue 5, DOMAIN.md "Staff conduct"): the
// record dialog (new, edit, and the adjustment of a record of a locked
// month), the records panel of the Staff area, and the ticket page's
// button and list. Every save is one app call; app decides what is
// allowed (roles, locked months) and the dialog shows its answer.

// conductMode is what the record dialog does.
type conductMode int

const (
	conductAdd    conductMode = iota // a new record
	conductEdit                      // change a record of an open or returned month
	conductAdjust                    // correct a record of a locked month in a later month
)

// conductDialogOpts say what the record dialog starts from.
type conductDialogOpts struct {
	StaffID  string                // the person chosen first ("" lets the user choose)
	Ticket   *app.TicketDetail     // opened from this ticket: linked, its crew offered first
	TicketNo string                // the number of the record's linked ticket (edit, adjust)
	Edit     *models.ConductRecord // the record being changed
	Adjusts  *models.ConductRecord // the locked record being corrected
}

// conductDialog is the penalty/reward form. It loads the staff and the
// rules, then shows; a failed save keeps it open with what was typed and
// the problems under their fields.
type conductDialog struct {
	deps *Deps
	mode conductMode
	opts conductDialogOpts
	// OnSaved runs on the UI goroutine after a successful save.
	OnSaved func(rec *models.ConductRecord)

	staff    []models.Staff       // offered, in the select's order
	rules    []models.ConductRule // offered, in the select's order
	ticketID string               // the linked ticket known without a lookup
	ticketNo string               // its number

	hint        *widget.Label // the adjustment's explanation
	staffSel    *widget.Select
	date        *dateField
	ruleSel     *widget.Select
	qty         *widget.Entry
	amountLabel *widget.Label
	amountCell  fyne.CanvasObject
	amount      *widget.Entry
	amountHint  *widget.Label
	source      *widget.Select
	ticketText  *widget.Label // the linked ticket's number, opened from a ticket
	ticket      *widget.Entry // a ticket number to link, otherwise
	note        *widget.Entry
	errs        map[string]*widget.Label
	formErr     *widget.Label
	okBtn       *widget.Button
	cancelBtn   *widget.Button
	body        *fyne.Container
	dlg         *dialog.CustomDialog

	busy   bool
	closed bool
	saved  *models.ConductRecord // the record as saved (tests look at it)
}

// openConductDialog loads what the form offers and shows it.
func openConductDialog(d *Deps, o conductDialogOpts, onSaved func(*models.ConductRecord)) *conductDialog {
	c := &conductDialog{deps: d, opts: o, OnSaved: onSaved, errs: map[string]*widget.Label{}}
	switch {
	case o.Adjusts != nil:
		c.mode = conductAdjust
	case o.Edit != nil:
		c.mode = conductEdit
	}
	a := d.App
	custGo(func() func() {
		staff, err := a.StaffList(true)
		rules, rerr := a.ConductRules(true)
		now := a.Now()
		return func() { c.build(staff, rules, now, firstErr(err, rerr)) }
	})
	return c
}

// base is the record the form starts from: the one edited or corrected.
func (c *conductDialog) base() *models.ConductRecord {
	if c.opts.Adjusts != nil {
		return c.opts.Adjusts
	}
	return c.opts.Edit
}

// build makes the form from the loaded staff and rules and shows it.
func (c *conductDialog) build(staff []models.Staff, rules []models.ConductRule, now time.Time, err error) {
	if err != nil {
		showError(c.deps.Window, err)
		return
	}
	base := c.base()
	chosen := c.opts.StaffID
	if base != nil {
		chosen = base.StaffID
	}
	c.staff = conductStaffOrder(staff, c.opts.Ticket, chosen)
	ruleID := ""
	if base != nil && base.RuleID != nil {
		ruleID = *base.RuleID
	}
	for _, r := range rules {
		if r.ArchivedAt == nil || r.ID == ruleID {
			c.rules = append(c.rules, r)
		}
	}
	if t := c.opts.Ticket; t != nil {
		c.ticketID, c.ticketNo = t.Ticket.ID, t.Ticket.Number
	} else if base != nil && base.TicketID != nil {
		c.ticketID, c.ticketNo = *base.TicketID, c.opts.TicketNo
	}

	grid := container.New(layout.NewFormLayout())
	row := func(label string, required bool, field string, o fyne.CanvasObject) (*widget.Label, fyne.CanvasObject) {
		if required {
			label += " *"
		}
		l := widget.NewLabelWithStyle(label, fyne.TextAlignTrailing, fyne.TextStyle{Bold: required})
		e := custErrLabel()
		c.errs[field] = e
		cell := container.NewVBox(o, e)
		grid.Add(l)
		grid.Add(cell)
		return l, cell
	}

	c.hint = widget.NewLabel("")
	c.hint.Wrapping = fyne.TextWrapWord
	c.hint.Importance = widget.WarningImportance
	if c.mode == conductAdjust {
		c.hint.SetText(T("conduct.dialog.adjust_hint",
			"{{.Month}} is approved and locked, so its records no longer change. A correction goes into a later, open month as an adjustment that points to the original record ({{.Date}}, {{.Rule}}, {{.Amount}}). Enter + to give money back, − to deduct more.",
			map[string]any{"Month": base.Month, "Date": models.FormatDate(base.Date), "Rule": RuleNameLabel(base.RuleName), "Amount": conductSigned(base.Amount)}))
	} else {
		c.hint.Hide()
	}

	names := make([]string, len(c.staff))
	for i, p := range c.staff {
		names[i] = c.staffOption(p)
	}
	c.staffSel = widget.NewSelect(conductUnique(names), func(string) { c.clearErr("staff") })
	c.staffSel.PlaceHolder = T("conduct.dialog.staff_pick", "Choose the staff member")
	for i, p := range c.staff {
		if p.ID == chosen {
			c.staffSel.SetSelectedIndex(i)
		}
	}
	if c.mode == conductAdjust || base != nil && base.AdjustsID != nil {
		c.staffSel.Disable() // an adjustment is for the same person
	}
	row(T("conduct.dialog.staff", "Staff member"), true, "staff", c.staffSel)

	c.date = newDateField(c.deps.Window, func() time.Time { return now })
	c.date.OnChanged = func(string) { c.clearErr("date") }
	if c.mode == conductEdit {
		c.date.entry.SetText(models.FormatDate(base.Date))
	} else {
		c.date.entry.SetText(models.FormatDate(now))
	}
	row(T("conduct.dialog.date", "Date"), true, "date", c.date.box)

	opts := make([]string, len(c.rules))
	for i, r := range c.rules {
		opts[i] = conductRuleOption(r)
	}
	c.ruleSel = widget.NewSelect(conductUnique(opts), nil)
	c.ruleSel.PlaceHolder = T("conduct.dialog.rule_pick", "Choose the rule")
	for i, r := range c.rules {
		if r.ID == ruleID {
			c.ruleSel.SetSelectedIndex(i)
		}
	}
	c.ruleSel.OnChanged = c.onRuleChanged
	row(T("conduct.dialog.rule", "Rule"), true, "rule", c.ruleSel)

	c.qty = widget.NewEntry()
	c.qty.SetPlaceHolder("1")
	c.qty.OnChanged = func(string) { c.clearErr("qty") }
	if c.mode == conductEdit && base.Qty > 1 {
		c.qty.SetText(strconv.Itoa(base.Qty))
	}
	row(T("conduct.dialog.qty", "Times"), false, "qty", c.qty)

	c.amount = widget.NewEntry()
	c.amount.OnChanged = func(string) { c.clearErr("amount") }
	c.amountHint = widget.NewLabel("")
	c.amountHint.SizeName = theme.SizeNameCaptionText
	c.amountHint.Wrapping = fyne.TextWrapWord
	if c.mode == conductAdjust || base != nil && base.AdjustsID != nil {
		c.amount.SetPlaceHolder(T("conduct.dialog.adjust_amount_hint", "+20 or −20"))
		c.amountHint.SetText(T("conduct.dialog.adjust_amount_help", "+ gives money back to the person, − deducts more."))
		if c.mode == conductEdit {
			c.amount.SetText(conductPlainSigned(base.UnitPrice))
		}
	} else {
		c.amount.SetPlaceHolder(T("conduct.dialog.amount_hint", "e.g. 150"))
		c.amountHint.SetText(T("conduct.dialog.amount_help", "This rule has no fixed amount: enter what this case costs, in yuan."))
		if c.mode == conductEdit && base.UnitPrice != 0 {
			c.amount.SetText(conductPlain(base.UnitPrice))
		}
	}
	c.amountLabel, c.amountCell = row(T("conduct.dialog.amount", "Amount (¥)"), true, "amount", container.NewVBox(c.amount, c.amountHint))

	srcs := make([]string, len(models.AllRecordSources))
	for i, s := range models.AllRecordSources {
		srcs[i] = RecordSourceLabel(s)
	}
	c.source = widget.NewSelect(srcs, func(string) { c.clearErr("source") })
	c.source.PlaceHolder = T("conduct.dialog.source_pick", "Where was it seen?")
	want := models.RecordSource("")
	switch {
	case base != nil:
		want = base.Source
	case c.opts.Ticket != nil && c.opts.Ticket.Ticket.Kind == models.KindDelivery:
		want = models.RecDelivery
	}
	for i, s := range models.AllRecordSources {
		if s == want {
			c.source.SetSelectedIndex(i)
		}
	}
	row(T("conduct.dialog.source", "Source"), true, "source", c.source)

	if c.opts.Ticket != nil {
		c.ticketText = widget.NewLabelWithStyle(c.ticketNo, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		row(T("conduct.dialog.ticket", "Ticket"), false, "ticket", c.ticketText)
	} else {
		c.ticket = widget.NewEntry()
		c.ticket.SetPlaceHolder(T("conduct.dialog.ticket_hint", "Ticket number, if it concerns one"))
		c.ticket.SetText(c.ticketNo)
		c.ticket.OnChanged = func(string) { c.clearErr("ticket") }
		row(T("conduct.dialog.ticket", "Ticket"), false, "ticket", c.ticket)
	}

	c.note = widget.NewMultiLineEntry()
	c.note.Wrapping = fyne.TextWrapWord
	c.note.SetMinRowsVisible(2)
	c.note.SetPlaceHolder(T("conduct.dialog.note_hint", "What happened, who confirmed it"))
	c.note.OnChanged = func(string) { c.clearErr("note") }
	if c.mode == conductEdit {
		c.note.SetText(base.Note)
	}
	row(T("conduct.dialog.note", "Note"), false, "note", c.note)

	c.formErr = custErrLabel()
	c.onRuleChanged("")

	title, okText := T("conduct.dialog.title", "Record a penalty or reward"), T("conduct.dialog.save_new", "Record")
	switch c.mode {
	case conductEdit:
		title, okText = T("conduct.dialog.edit_title", "Change a penalty or reward"), T("conduct.dialog.save", "Save")
	case conductAdjust:
		title, okText = T("conduct.dialog.adjust_title", "Adjust a record of a locked month"), T("conduct.dialog.save_adjust", "Record adjustment")
	}
	c.okBtn = widget.NewButtonWithIcon(okText, theme.ConfirmIcon(), c.onOK)
	c.okBtn.Importance = widget.HighImportance
	c.cancelBtn = widget.NewButtonWithIcon(T("boards.common.cancel", "Cancel"), theme.CancelIcon(), c.close)
	c.body = container.NewVBox(c.hint, grid, c.formErr)
	c.dlg = dialog.NewCustomWithoutButtons(title, c.body, c.deps.Window)
	c.dlg.SetButtons([]fyne.CanvasObject{c.cancelBtn, c.okBtn})
	c.fit()
	c.dlg.Show()
}

// conductStaffOrder is the staff the form offers: active people (and the
// person already chosen even if inactive), those working on the ticket
// first — a delivery's crew, a repair's technician.
func conductStaffOrder(all []models.Staff, t *app.TicketDetail, chosen string) []models.Staff {
	first := map[string]int{}
	if t != nil {
		for i, m := range t.Crew {
			first[m.StaffID] = i + 1
		}
		if t.Ticket.TechnicianID != nil {
			if _, ok := first[*t.Ticket.TechnicianID]; !ok {
				first[*t.Ticket.TechnicianID] = len(first) + 1
			}
		}
	}
	var out []models.Staff
	for _, p := range all {
		if p.Active || p.ID == chosen {
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := first[out[i].ID], first[out[j].ID]
		switch {
		case a != 0 && b != 0:
			return a < b
		case a != 0 || b != 0:
			return a != 0
		}
		return false
	})
	return out
}

// staffOption is a person as the select shows them: marked when they work
// on the ticket, or when they are inactive.
func (c *conductDialog) staffOption(p models.Staff) string {
	s := p.Name
	if t := c.opts.Ticket; t != nil {
		on := t.Ticket.TechnicianID != nil && *t.Ticket.TechnicianID == p.ID
		for _, m := range t.Crew {
			on = on || m.StaffID == p.ID
		}
		if on && t.Ticket.Kind == models.KindDelivery {
			s += "  " + T("conduct.dialog.crew_mark", "(crew of this delivery)")
		} else if on {
			s += "  " + T("conduct.dialog.tech_mark", "(technician of this ticket)")
		}
	}
	if !p.Active {
		s += "  " + T("boards.staff.inactive_mark", "(inactive)")
	}
	return s
}

// conductUnique makes select options distinct, so the index of the text
// chosen is the index of the thing meant.
func conductUnique(opts []string) []string {
	seen := map[string]int{}
	out := make([]string, len(opts))
	for i, o := range opts {
		seen[o]++
		if n := seen[o]; n > 1 {
			o += " (" + strconv.Itoa(n) + ")"
		}
		out[i] = o
	}
	return out
}

// rule is the rule chosen, or nil.
func (c *conductDialog) rule() *models.ConductRule {
	if i := c.ruleSel.SelectedIndex(); i >= 0 && i < len(c.rules) {
		return &c.rules[i]
	}
	return nil
}

// amountShown reports whether the form asks for an amount: a per-case
// rule, or a correction (which states its own amount).
func (c *conductDialog) amountShown() bool {
	if c.mode == conductAdjust || c.opts.Edit != nil && c.opts.Edit.AdjustsID != nil {
		return true
	}
	r := c.rule()
	return r != nil && r.PerCase
}

// onRuleChanged shows the amount only where the rule does not fix it.
func (c *conductDialog) onRuleChanged(string) {
	c.clearErr("rule")
	if c.amountShown() {
		c.amountLabel.Show()
		c.amountCell.Show()
	} else {
		c.clearErr("amount")
		c.amountLabel.Hide()
		c.amountCell.Hide()
	}
	c.fit()
}

// clearErr hides a field's problem once the person changes the field.
func (c *conductDialog) clearErr(field string) {
	if l := c.errs[field]; l != nil && custSetErr(l, "") {
		c.fit()
	}
}

// fit lays the dialog out again after a line appeared or went.
func (c *conductDialog) fit() {
	if c.body == nil || c.dlg == nil {
		return
	}
	c.body.Refresh()
	m := c.dlg.MinSize()
	c.dlg.Resize(fyne.NewSize(fyne.Max(560, m.Width), m.Height))
}

// input reads the form; ticketNo is a typed ticket number still to look
// up ("" when the ticket is known or there is none).
func (c *conductDialog) input() (in models.RecordInput, ticketNo string) {
	if i := c.staffSel.SelectedIndex(); i >= 0 && i < len(c.staff) {
		in.StaffID = c.staff[i].ID
	}
	in.Date = c.date.entry.Text
	if r := c.rule(); r != nil {
		in.RuleID = r.ID
	}
	in.Qty = c.qty.Text
	if c.amountShown() {
		in.Amount = c.amount.Text
	}
	if i := c.source.SelectedIndex(); i >= 0 && i < len(models.AllRecordSources) {
		in.Source = models.AllRecordSources[i]
	}
	if c.ticket == nil {
		in.TicketID = c.ticketID
	} else if typed := strings.TrimSpace(c.ticket.Text); typed != "" {
		if c.ticketID != "" && strings.EqualFold(typed, c.ticketNo) {
			in.TicketID = c.ticketID
		} else {
			ticketNo = typed
		}
	}
	in.Note = c.note.Text
	if c.mode == conductAdjust {
		in.AdjustsID = c.opts.Adjusts.ID
	} else if c.mode == conductEdit && c.opts.Edit.AdjustsID != nil {
		in.AdjustsID = *c.opts.Edit.AdjustsID
	}
	return in, ticketNo
}

// onOK saves the form with one app call (after looking up a typed ticket
// number).
func (c *conductDialog) onOK() {
	if c.busy || c.closed {
		return
	}
	in, ticketNo := c.input()
	c.setBusy(true)
	a, mode := c.deps.App, c.mode
	editID := ""
	if c.opts.Edit != nil {
		editID = c.opts.Edit.ID
	}
	custGo(func() func() {
		if ticketNo != "" {
			t, err := a.TicketByNumber(ticketNo)
			if errors.Is(err, app.ErrNotFound) {
				err = models.NewFieldError("ticket", "err.conduct.ticket_number", "No ticket has the number {{.Number}}.", map[string]any{"Number": ticketNo})
			}
			if err != nil {
				return func() { c.onResult(nil, err) }
			}
			in.TicketID = t.Ticket.ID
		}
		var rec *models.ConductRecord
		var err error
		if mode == conductEdit {
			rec, err = a.UpdateRecord(editID, in)
		} else {
			rec, err = a.AddRecord(in)
		}
		return func() { c.onResult(rec, err) }
	})
}

// onResult closes the dialog after a save, or shows the problems.
func (c *conductDialog) onResult(rec *models.ConductRecord, err error) {
	c.setBusy(false)
	if err != nil {
		c.showErr(err)
		return
	}
	c.saved = rec
	c.close()
	if c.OnSaved != nil {
		c.OnSaved(rec)
	}
}

// showErr puts each problem under its field; others (a refusal, a locked
// month's adjustment link) at the bottom.
func (c *conductDialog) showErr(err error) {
	for _, l := range c.errs {
		custSetErr(l, "")
	}
	var rest []string
	if fe := models.AsFieldErrors(err); len(fe) > 0 {
		for _, e := range fe {
			l, ok := c.errs[e.Field]
			if ok && (e.Field != "amount" || c.amountShown()) {
				text := FieldErrText(e)
				if l.Text != "" {
					text = l.Text + "\n" + text
				}
				custSetErr(l, text)
				continue
			}
			rest = append(rest, FieldErrText(e))
		}
	} else {
		rest = append(rest, ErrText(err))
	}
	custSetErr(c.formErr, strings.Join(rest, "\n"))
	c.fit()
}

// setBusy disables the buttons while a save runs.
func (c *conductDialog) setBusy(on bool) {
	c.busy = on
	if c.okBtn == nil {
		return
	}
	if on {
		c.okBtn.Disable()
	} else {
		c.okBtn.Enable()
	}
}

// close hides the dialog.
func (c *conductDialog) close() {
	c.closed = true
	if c.dlg != nil {
		c.dlg.Hide()
	}
}

// conductPlain is an amount as typed in a form: "150", "12.5".
func conductPlain(m models.Money) string {
	if m < 0 {
		m = -m
	}
	s := strings.ReplaceAll(m.Yuan(), ",", "")
	return strings.TrimSuffix(s, ".00")
}

// conductPlainSigned is a correction's amount as typed: "+20", "−20".
func conductPlainSigned(m models.Money) string {
	if m < 0 {
		return "−" + conductPlain(m)
	}
	return "+" + conductPlain(m)
}

// conductEventAmount shows the amount a ticket's timeline event carries
// (yuan as stored, "-10.00") with its sign: "−¥10", "+¥20".
func conductEventAmount(yuan string) string {
	neg := strings.HasPrefix(yuan, "-")
	s := "¥" + strings.TrimSuffix(strings.TrimPrefix(yuan, "-"), ".00")
	if neg {
		return "−" + s
	}
	return "+" + s
}

// conductAmountLabel is a record's amount in red (a fine) or green (a
// reward); a dismissal says so in red.
func conductAmountLabel(r models.ConductRecord) *widget.Label {
	l := widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	conductSetAmount(l, r)
	return l
}

// conductSetAmount shows a record's amount in l, coloured as
// conductAmountLabel says.
func conductSetAmount(l *widget.Label, r models.ConductRecord) {
	switch {
	case r.Dismissal && r.Amount == 0:
		l.Text, l.Importance = ConductKindLabel(models.ConductDismissal), widget.DangerImportance
	case r.Amount < 0:
		l.Text, l.Importance = conductSigned(r.Amount), widget.DangerImportance
	case r.Amount > 0:
		l.Text, l.Importance = conductSigned(r.Amount), widget.SuccessImportance
	default:
		l.Text, l.Importance = conductSigned(0), widget.MediumImportance
	}
	l.Refresh()
}

// conductRuleText is a record's rule with its count: "Not in uniform × 2".
func conductRuleText(r models.ConductRecord) string {
	s := RuleNameLabel(r.RuleName)
	if r.Qty > 1 {
		s += " × " + strconv.Itoa(r.Qty)
	}
	return s
}

// conductCaption is a small grey label.
func conductCaption(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.SizeName = theme.SizeNameCaptionText
	l.Importance = widget.LowImportance
	return l
}

// conductShort is the first line of a note, cut to n characters.
func conductShort(s string, n int) string {
	r := []rune(firstLine(s))
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return string(r)
}

// conductMonthImportance colours a month's status: open plain, waiting
// orange, locked green, paid grey.
func conductMonthImportance(s models.MonthStatus) widget.Importance {
	switch s {
	case models.MonthCompiled, models.MonthReturned:
		return widget.WarningImportance
	case models.MonthApproved:
		return widget.SuccessImportance
	case models.MonthExecuted:
		return widget.LowImportance
	}
	return widget.MediumImportance
}

// conductPage is how many records the panel reads at a time (a variable
// for tests).
var conductPage = 50

// conductLoadAhead: the next page is read when a row this close to the
// end of the loaded ones is drawn.
const conductLoadAhead = 5

// conductListMax is the tallest the panel's list grows; beyond it the
// list scrolls inside the Staff area.
const conductListMax = 480

// conductPanel is the Staff area's list of one person's penalties and
// rewards, grouped by month with the month's close status and net
// amount. Records of open or returned months can be changed or voided;
// those of locked months are corrected by an adjustment in a later month.
// The list draws only the rows in view and reads the records a page at a
// time as the person scrolls (app.StaffRecords: one query per page for
// the months, the ticket numbers and the corrected records).
type conductPanel struct {
	deps *Deps

	person    *models.Staff
	title     *widget.Label
	recordBtn *widget.Button
	help      *widget.Label
	errLabel  *widget.Label
	empty     *widget.Label
	list      *widget.List
	sizer     *canvas.Rectangle // gives the list its height in the Staff area's scroll
	listBox   *fyne.Container
	root      *fyne.Container

	// State; read and written only on the UI goroutine.
	gen         int
	ctx         context.Context // the person's loads; another person or a reload cancels it
	cancel      context.CancelFunc
	recs        []models.ConductRecord
	items       []conductItem                     // the list's rows: month headers and records
	months      map[string]app.RecordMonth        // month → status and the person's net
	numbers     map[string]string                 // ticket ID → number
	adjusted    map[string]time.Time              // corrected record ID → its date
	more        bool                              // the last page was full: there may be more
	loadingMore bool                              // a next page is being read
	headerH     float32                           // a month header row's height
	recordH     float32                           // a record row's height
	bound       map[widget.ListItemID]*conductRow // the row drawn for each item
	heights     map[widget.ListItemID]float32     // the row heights set on the list

	// What tests look at: the dialogs last opened.
	dlg  *conductDialog
	void *conductVoidDialog
}

// conductItem is one row of the panel's list: a month's header (rec < 0)
// or a record (its index in recs).
type conductItem struct {
	month string
	rec   int
}

// conductRow is a row of the list: a month's header or a record, the
// other part hidden.
type conductRow struct {
	widget.BaseWidget
	rec models.ConductRecord // the record shown (zero on a header)

	header             *fyne.Container
	month, state, net  *widget.Label
	record             *fyne.Container
	date, rule, amount *widget.Label
	source, probation  *widget.Label
	ticket             *widget.Hyperlink
	rest               *widget.Label // corrects …, recorded by …, the note
	edit, void, adjust *widget.Button
	box                *fyne.Container
}

// CreateRenderer draws the row's container.
func (r *conductRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.box) }

// newConductPanel builds the panel, hidden until show names a person.
func newConductPanel(d *Deps) *conductPanel {
	c := &conductPanel{deps: d, bound: map[widget.ListItemID]*conductRow{}, heights: map[widget.ListItemID]float32{}}
	c.title = heading("")
	c.recordBtn = widget.NewButtonWithIcon(T("conduct.panel.record", "Record penalty/reward…"), theme.ContentAddIcon(), c.onRecord)
	c.help = widget.NewLabel(T("conduct.panel.help", "Grouped by the month they count in. Records of an approved month are locked: correct them with an adjustment in a later month."))
	c.help.Wrapping = fyne.TextWrapWord
	c.help.Importance = widget.LowImportance
	c.errLabel = custErrLabel()
	c.empty = widget.NewLabel("")
	c.empty.Importance = widget.LowImportance
	c.empty.Wrapping = fyne.TextWrapWord
	c.list = widget.NewList(func() int { return len(c.items) }, c.newRow, c.updateRow)
	c.list.OnSelected = func(id widget.ListItemID) { c.list.Unselect(id) } // rows act through their buttons
	probe := newConductRowWidgets(c)
	c.headerH, c.recordH = probe.header.MinSize().Height, probe.record.MinSize().Height
	c.sizer = canvas.NewRectangle(color.Transparent)
	c.listBox = container.NewStack(c.sizer, c.list)
	c.listBox.Hide()
	c.root = container.NewVBox(
		widget.NewSeparator(),
		container.NewBorder(nil, nil, nil, c.recordBtn, c.title),
		c.help,
		c.errLabel,
		c.empty,
		c.listBox,
	)
	c.root.Hide()
	return c
}

// content is the panel's root object.
func (c *conductPanel) content() fyne.CanvasObject { return c.root }

// follow keeps the panel on the person selected in a staff list: it runs
// after the list's own handlers.
func (c *conductPanel) follow(list *widget.List, at func(id widget.ListItemID) *models.Staff) {
	sel, unsel := list.OnSelected, list.OnUnselected
	list.OnSelected = func(id widget.ListItemID) {
		if sel != nil {
			sel(id)
		}
		c.show(at(id))
	}
	list.OnUnselected = func(id widget.ListItemID) {
		if unsel != nil {
			unsel(id)
		}
		c.show(nil)
	}
}

// show loads a person's records from the first page; nil hides the
// panel. The loads of the person before are cancelled.
func (c *conductPanel) show(p *models.Staff) {
	if c.cancel != nil {
		c.cancel()
		c.cancel = nil
	}
	c.gen++
	c.person = p
	c.recs, c.items, c.more, c.loadingMore = nil, nil, false, false
	c.list.Refresh()
	c.list.ScrollToTop()
	if p == nil {
		c.root.Hide()
		return
	}
	c.title.SetText(T("conduct.panel.title", "Penalties and rewards: {{.Name}}", map[string]any{"Name": p.Name}))
	c.root.Show()
	c.reload()
}

// reload reads the person's records again from the first, as many pages
// as were shown, so the list stays where it was after a save; it cancels
// the loads before.
func (c *conductPanel) reload() {
	if c.person == nil {
		return
	}
	if c.cancel != nil {
		c.cancel()
	}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	c.gen++
	c.loadingMore = false
	pages := max((len(c.recs)+conductPage-1)/conductPage, 1)
	limit := min(pages*conductPage, app.MaxRecordPage)
	c.load(0, limit)
}

// loadMore reads the next page when the last one was full.
func (c *conductPanel) loadMore() {
	if !c.more || c.loadingMore || c.ctx == nil || c.person == nil {
		return
	}
	c.loadingMore = true
	c.load(len(c.recs), conductPage)
}

// load reads limit records from offset off the UI goroutine; a result
// for another person or an older load is dropped.
func (c *conductPanel) load(offset, limit int) {
	gen, ctx, id, a := c.gen, c.ctx, c.person.ID, c.deps.App
	custGo(func() func() {
		page, err := a.StaffRecords(ctx, id, offset, limit)
		if ctx.Err() != nil {
			return nil // a newer load replaces it
		}
		return func() { c.apply(gen, offset, limit, page, err) }
	})
}

// apply shows a loaded page: the first replaces the list, later ones
// extend it (a month split between two pages keeps one header).
func (c *conductPanel) apply(gen, offset, limit int, page *app.RecordPage, err error) {
	if gen != c.gen || offset > 0 && offset != len(c.recs) {
		return
	}
	c.loadingMore = false
	if err != nil {
		c.more = false
		custSetErr(c.errLabel, ErrText(err))
		c.root.Refresh()
		return
	}
	custSetErr(c.errLabel, "")
	if offset == 0 {
		c.recs, c.items = nil, nil
		c.months, c.numbers, c.adjusted = map[string]app.RecordMonth{}, map[string]string{}, map[string]time.Time{}
	}
	c.recs = append(c.recs, page.Records...)
	maps.Copy(c.months, page.Months)
	maps.Copy(c.numbers, page.Tickets)
	maps.Copy(c.adjusted, page.Adjusted)
	for i := offset; i < len(c.recs); i++ {
		m := c.recs[i].Month
		if n := len(c.items); n == 0 || c.items[n-1].month != m {
			c.items = append(c.items, conductItem{month: m, rec: -1})
		}
		c.items = append(c.items, conductItem{month: m, rec: i})
	}
	c.more = len(page.Records) == limit
	c.layoutList()
	if len(c.recs) == 0 {
		c.empty.SetText(T("conduct.panel.empty", "No penalties or rewards recorded for {{.Name}}.", map[string]any{"Name": c.person.Name}))
		c.empty.Show()
	} else {
		c.empty.Hide()
	}
	c.root.Refresh()
}

// layoutList sets the rows' heights and the list's: as tall as its rows,
// at most conductListMax.
func (c *conductPanel) layoutList() {
	if len(c.items) == 0 {
		c.listBox.Hide()
		c.list.Refresh()
		return
	}
	// Records take the row template's height; only the headers (and rows
	// that were headers before a reload) are set, since each change
	// refreshes the whole list.
	total := theme.Padding() * float32(len(c.items)-1)
	for id, it := range c.items {
		h := c.recordH
		if it.rec < 0 {
			h = c.headerH
		}
		if set, ok := c.heights[id]; ok && set != h || !ok && it.rec < 0 {
			c.list.SetItemHeight(id, h)
			c.heights[id] = h
		}
		total += h
	}
	c.sizer.SetMinSize(fyne.NewSize(0, min(total, conductListMax)))
	c.listBox.Show()
	c.list.Refresh()
}

// newRow is a row of the list, both parts built, one shown.
func (c *conductPanel) newRow() fyne.CanvasObject { return newConductRowWidgets(c) }

// newConductRowWidgets builds a row: the month header (the month, its
// status and the net), and the record (the date, rule and amount; the
// source, ticket, who recorded it and the note; the buttons the month's
// status allows).
func newConductRowWidgets(c *conductPanel) *conductRow {
	r := &conductRow{}
	r.month = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.state = widget.NewLabel("")
	r.net = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	r.header = container.NewBorder(nil, nil, container.NewHBox(r.month, r.state), r.net)

	r.date = widget.NewLabel("")
	r.rule = widget.NewLabel("")
	r.rule.Truncation = fyne.TextTruncateEllipsis
	r.amount = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	top := container.NewBorder(nil, nil, r.date, r.amount, r.rule)
	r.source = conductCaption("")
	r.probation = conductCaption(T("conduct.probation", "probation"))
	r.probation.Importance = widget.WarningImportance
	r.ticket = widget.NewHyperlink("", nil)
	r.ticket.OnTapped = func() {
		if r.rec.TicketID != nil {
			c.openTicket(*r.rec.TicketID)
		}
	}
	r.rest = conductCaption("")
	r.rest.Truncation = fyne.TextTruncateEllipsis
	below := container.NewBorder(nil, nil, container.NewHBox(r.source, r.probation, r.ticket), nil, r.rest)
	r.edit = widget.NewButtonWithIcon(T("conduct.panel.edit", "Edit…"), theme.DocumentCreateIcon(), func() { c.onEdit(r.rec) })
	r.void = widget.NewButtonWithIcon(T("conduct.panel.void", "Void…"), theme.DeleteIcon(), func() { c.onVoid(r.rec) })
	r.adjust = widget.NewButtonWithIcon(T("conduct.panel.adjust", "Adjust…"), theme.ContentRedoIcon(), func() { c.onAdjust(r.rec) })
	r.record = container.NewBorder(nil, nil, nil, container.NewHBox(r.edit, r.void, r.adjust), container.NewVBox(top, below))

	r.box = container.NewStack(r.header, r.record)
	r.ExtendBaseWidget(r)
	return r
}

// updateRow fills a row for its item and reads the next page when the
// row is near the end of those loaded.
func (c *conductPanel) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(c.items) {
		return
	}
	r := o.(*conductRow)
	for k, b := range c.bound {
		if b == r {
			delete(c.bound, k)
		}
	}
	c.bound[id] = r
	if it := c.items[id]; it.rec < 0 {
		c.fillHeader(r, it.month)
	} else {
		c.fillRecord(r, c.recs[it.rec])
	}
	r.box.Refresh()
	if id >= len(c.items)-conductLoadAhead {
		c.loadMore()
	}
}

// fillHeader shows a month's line: the month, its status and the
// person's net of the whole month.
func (c *conductPanel) fillHeader(r *conductRow, month string) {
	m := c.months[month]
	r.rec = models.ConductRecord{}
	r.record.Hide()
	conductClear(r.date, r.rule, r.amount, r.source, r.rest)
	r.ticket.SetText("")
	r.month.SetText(month)
	r.state.SetText(MonthStatusLabel(m.Status))
	r.state.Importance = conductMonthImportance(m.Status)
	r.net.SetText(T("conduct.panel.net", "Net {{.Amount}}", map[string]any{"Amount": conductSigned(m.Net)}))
	switch {
	case m.Net < 0:
		r.net.Importance = widget.DangerImportance
	case m.Net > 0:
		r.net.Importance = widget.SuccessImportance
	default:
		r.net.Importance = widget.MediumImportance
	}
	r.header.Show()
}

// fillRecord shows a record and the buttons its month's status allows.
func (c *conductPanel) fillRecord(r *conductRow, rec models.ConductRecord) {
	st := c.months[rec.Month].Status
	r.rec = rec
	r.header.Hide()
	conductClear(r.month, r.state, r.net)
	r.date.SetText(models.FormatDate(rec.Date))
	r.rule.SetText(conductRuleText(rec))
	conductSetAmount(r.amount, rec)
	r.source.SetText(RecordSourceLabel(rec.Source))
	conductShowIf(rec.Probation, r.probation)
	if rec.TicketID != nil {
		n := c.numbers[*rec.TicketID]
		if n == "" {
			n = "?"
		}
		r.ticket.SetText(n)
		r.ticket.Show()
	} else {
		r.ticket.SetText("")
		r.ticket.Hide()
	}
	var rest []string
	if rec.AdjustsID != nil {
		rest = append(rest, c.adjustsText(*rec.AdjustsID))
	}
	if rec.RecordedBy != "" {
		rest = append(rest, T("conduct.panel.recorded_by", "recorded by {{.Name}}", map[string]any{"Name": rec.RecordedBy}))
	}
	if rec.Note != "" {
		rest = append(rest, conductShort(rec.Note, 40))
	}
	r.rest.SetText(strings.Join(rest, "    "))
	editable := st == models.MonthOpen || st == models.MonthReturned || st == ""
	conductShowIf(editable, r.edit, r.void)
	conductShowIf(st.Locked(), r.adjust)
	r.record.Show()
}

// conductClear empties the labels of a row's hidden part, so nothing
// reads them as shown.
func conductClear(labels ...*widget.Label) {
	for _, l := range labels {
		l.SetText("")
	}
}

// conductShowIf shows or hides objects.
func conductShowIf(show bool, objs ...fyne.CanvasObject) {
	for _, o := range objs {
		if show {
			o.Show()
		} else {
			o.Hide()
		}
	}
}

// recordRow is the row drawn for the i-th record loaded (nil when it is
// not in view).
func (c *conductPanel) recordRow(i int) *conductRow {
	for id, it := range c.items {
		if it.rec == i {
			return c.bound[id]
		}
	}
	return nil
}

// adjustsText says which record an adjustment corrects.
func (c *conductPanel) adjustsText(id string) string {
	if d, ok := c.adjusted[id]; ok {
		return T("conduct.panel.adjusts", "corrects the record of {{.Date}}", map[string]any{"Date": models.FormatDate(d)})
	}
	return T("conduct.panel.adjusts_other", "corrects a record of a locked month")
}

// openTicket shows a linked ticket in the Tickets area.
func (c *conductPanel) openTicket(id string) {
	if c.deps.Nav != nil {
		c.deps.Nav.OpenTicket(id)
	}
}

// ticketNo is the number of a record's linked ticket.
func (c *conductPanel) ticketNo(r models.ConductRecord) string {
	if r.TicketID == nil {
		return ""
	}
	return c.numbers[*r.TicketID]
}

// onRecord opens the record dialog for the person shown.
func (c *conductPanel) onRecord() {
	if c.person == nil {
		return
	}
	c.dlg = openConductDialog(c.deps, conductDialogOpts{StaffID: c.person.ID}, c.onSaved)
}

// onEdit opens the dialog on a record of an open or returned month.
func (c *conductPanel) onEdit(r models.ConductRecord) {
	c.dlg = openConductDialog(c.deps, conductDialogOpts{Edit: &r, TicketNo: c.ticketNo(r)}, c.onSaved)
}

// onAdjust opens the dialog for a correction of a locked record.
func (c *conductPanel) onAdjust(r models.ConductRecord) {
	c.dlg = openConductDialog(c.deps, conductDialogOpts{Adjusts: &r, TicketNo: c.ticketNo(r)}, c.onSaved)
}

// onSaved shows the records again after a save.
func (c *conductPanel) onSaved(*models.ConductRecord) { c.reload() }

// onVoid asks for the reason before voiding a record.
func (c *conductPanel) onVoid(r models.ConductRecord) {
	c.void = newConductVoidDialog(c.deps, r, c.reload)
}

// conductVoidDialog asks why a record is withdrawn, then voids it: the
// record is kept with its reason in the audit log and counts no more.
type conductVoidDialog struct {
	deps    *Deps
	rec     models.ConductRecord
	reason  *widget.Entry
	errText *widget.Label
	okBtn   *widget.Button
	body    *fyne.Container
	dlg     *dialog.CustomDialog
	done    func()
	busy    bool
	closed  bool
}

// newConductVoidDialog shows the question.
func newConductVoidDialog(d *Deps, r models.ConductRecord, done func()) *conductVoidDialog {
	v := &conductVoidDialog{deps: d, rec: r, done: done}
	msg := widget.NewLabel(T("conduct.void.question", "Void the record of {{.Date}}: {{.Rule}}, {{.Amount}}? It stays on file with your reason but no longer counts.",
		map[string]any{"Date": models.FormatDate(r.Date), "Rule": conductRuleText(r), "Amount": conductSigned(r.Amount)}))
	msg.Wrapping = fyne.TextWrapWord
	v.reason = widget.NewEntry()
	v.reason.SetPlaceHolder(T("conduct.void.reason_hint", "Why, e.g. recorded for the wrong person"))
	v.reason.OnSubmitted = func(string) { v.onOK() }
	v.errText = custErrLabel()
	v.okBtn = widget.NewButtonWithIcon(T("conduct.void.ok", "Void record"), theme.DeleteIcon(), v.onOK)
	v.okBtn.Importance = widget.DangerImportance
	cancel := widget.NewButtonWithIcon(T("boards.common.cancel", "Cancel"), theme.CancelIcon(), v.close)
	v.body = container.NewVBox(msg, widget.NewLabelWithStyle(T("conduct.void.reason", "Reason *"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), v.reason, v.errText)
	v.dlg = dialog.NewCustomWithoutButtons(T("conduct.void.title", "Void a record"), v.body, d.Window)
	v.dlg.SetButtons([]fyne.CanvasObject{cancel, v.okBtn})
	v.dlg.Resize(fyne.NewSize(480, v.dlg.MinSize().Height))
	v.dlg.Show()
	return v
}

// onOK voids the record with the reason typed.
func (v *conductVoidDialog) onOK() {
	if v.busy || v.closed {
		return
	}
	v.busy = true
	v.okBtn.Disable()
	a, id, reason := v.deps.App, v.rec.ID, v.reason.Text
	custGo(func() func() {
		err := a.VoidRecord(id, reason)
		return func() { v.onResult(err) }
	})
}

// onResult closes after the void, or says what is wrong.
func (v *conductVoidDialog) onResult(err error) {
	v.busy = false
	v.okBtn.Enable()
	if err != nil {
		custSetErr(v.errText, ErrText(err))
		v.body.Refresh()
		v.dlg.Resize(fyne.NewSize(480, v.dlg.MinSize().Height))
		return
	}
	v.close()
	if v.done != nil {
		v.done()
	}
}

// close hides the dialog.
func (v *conductVoidDialog) close() {
	v.closed = true
	v.dlg.Hide()
}

// tdConduct is the ticket page's part of the records: the
// "Penalty/reward…" button and the records linked to the ticket.
type tdConduct struct {
	p *ticketDetail

	button  *widget.Button
	section *fyne.Container
	list    *fyne.Container
	gen     int
	cancel  context.CancelFunc // the load of the ticket before; the next ticket cancels it

	recs []models.ConductRecord // the records shown (tests look at them)
	dlg  *conductDialog         // the dialog last opened
}

// newTDConduct builds the button and the (hidden) list.
func newTDConduct(p *ticketDetail) *tdConduct {
	c := &tdConduct{p: p}
	c.button = widget.NewButtonWithIcon(T("conduct.ticket.button", "Penalty/reward…"), theme.ContentAddIcon(), c.onRecord)
	c.list = container.NewVBox()
	c.section = container.NewVBox(heading(T("conduct.ticket.title", "Penalties and rewards for this ticket")), c.list, widget.NewSeparator())
	c.section.Hide()
	return c
}

// fill loads the records linked to the ticket shown, cancelling the load
// of the ticket before.
func (c *tdConduct) fill(d *app.TicketDetail) {
	if c.cancel != nil {
		c.cancel()
	}
	var ctx context.Context
	ctx, c.cancel = context.WithCancel(context.Background())
	c.gen++
	gen, id, a := c.gen, d.Ticket.ID, c.p.deps.App
	custGo(func() func() {
		recs, err := a.Records(ctx, app.RecordFilter{TicketID: id})
		if ctx.Err() != nil {
			return nil // another ticket's load replaces it
		}
		var staff []models.Staff
		if err == nil && len(recs) > 0 {
			staff, err = a.StaffList(true)
		}
		return func() { c.apply(gen, recs, staff, err) }
	})
}

// apply lists the records unless another ticket was asked for meanwhile.
func (c *tdConduct) apply(gen int, recs []models.ConductRecord, staff []models.Staff, err error) {
	if gen != c.gen {
		return
	}
	c.recs = recs
	names := map[string]string{}
	for _, s := range staff {
		names[s.ID] = s.Name
	}
	var objs []fyne.CanvasObject
	if err != nil {
		objs = append(objs, errorLabel())
		objs[0].(*widget.Label).SetText(ErrText(err))
	}
	for _, r := range recs {
		who := widget.NewLabelWithStyle(names[r.StaffID], fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		rule := widget.NewLabel(conductRuleText(r))
		rule.Truncation = fyne.TextTruncateEllipsis
		caption := models.FormatDate(r.Date) + " · " + RecordSourceLabel(r.Source)
		if r.RecordedBy != "" {
			caption += " · " + T("conduct.panel.recorded_by", "recorded by {{.Name}}", map[string]any{"Name": r.RecordedBy})
		}
		objs = append(objs, container.NewVBox(
			container.NewBorder(nil, nil, who, conductAmountLabel(r), rule),
			conductCaption(caption)))
	}
	c.list.Objects = objs
	if len(objs) == 0 {
		c.section.Hide()
	} else {
		c.section.Show()
	}
	// The section came or changed after the page was laid out.
	if sc := c.p.scroll; sc != nil && sc.Content != nil {
		sc.Content.Refresh()
		sc.Refresh()
	}
}

// onRecord opens the record dialog with the ticket linked.
func (c *tdConduct) onRecord() {
	if c.p.detail == nil {
		return
	}
	c.dlg = openConductDialog(c.p.deps, conductDialogOpts{Ticket: c.p.detail}, func(*models.ConductRecord) { c.p.reload() })
}
