package screens

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
	"aftercare/printing"
)

// The Month close area (月结, issue 5 "Month close"): the business
// manager compiles a month's penalties and rewards, the general manager
// approves it or returns it with a comment, finance marks it executed.
// The screen shows the month's status with who did each step, the totals
// per staff member and the shop's, and the month's records; it offers the
// steps the month's status allows, enabled for the roles that may take
// them. app checks the roles again and its refusal is shown as it comes.

// monthsScreen is the Month close area.
type monthsScreen struct {
	deps         *Deps
	*monthPicker // the month shown (monthpicker.go)

	printBtn  *widget.Button
	printMenu *fyne.Menu // the menu last shown; tests pick items from it

	status      *widget.Label // the month's status
	steps       *widget.Label // compiled by / approved by / executed by, one line each
	returnedBy  *widget.Label // "returned by … on …"
	returned    *widget.Label // the general manager's comment, large
	returnedBox *fyne.Container
	changed     *widget.Label // the compiled totals differ from the records

	compileBtn, reopenBtn, approveBtn, returnBtn, executeBtn *widget.Button
	roleHint                                                 *widget.Label // which role the disabled steps need
	actionErr                                                *widget.Label // a refusal or failure
	actionMsg                                                *widget.Label // what the last step did
	loadErr                                                  *widget.Label

	summary      *widget.Table
	summaryEmpty *widget.Label
	records      *widget.Table
	recordsTitle *widget.Label
	top, body    *fyne.Container // laid out again when a line appears or goes
	root         fyne.CanvasObject

	// State; read and written only on the UI goroutine.
	view  *app.MonthStatement
	names map[string]string // staff id → name, from the view's lines
	gen   int
	busy  bool

	confirm   *monthConfirm      // the last question asked (tests answer it)
	returnDlg *monthReturnDialog // the last return form

	// For tests: the last statement written and the outcome shown.
	lastPath string
	lastErr  error
}

// monthConfirm asks before a step that cannot be taken back.
type monthConfirm struct {
	dlg        *dialog.CustomDialog
	ok, cancel *widget.Button
}

// monthReturnDialog asks the general manager what to correct.
type monthReturnDialog struct {
	dlg          *dialog.CustomDialog
	comment      *widget.Entry
	err          *widget.Label
	send, cancel *widget.Button
}

// Column widths of the tables.
var (
	monthSummaryWidths = []float32{170, 80, 110, 110, 120, 110, 90}
	monthRecordWidths  = []float32{100, 110, 310, 50, 100, 110, 150, 100, 210}
)

// newMonthsScreen builds the Month close area, showing the default month.
func newMonthsScreen(d *Deps) *monthsScreen {
	s := &monthsScreen{deps: d, names: map[string]string{}}
	s.monthPicker = newMonthPicker(defaultCloseMonth(d.App.Now()), d.App.Now, s.goTo)
	s.printBtn = widget.NewButtonWithIcon(T("months.print", "Print statement"), theme.DocumentPrintIcon(), s.onPrintTap)
	title := widget.NewLabelWithStyle(T("months.title", "Month close"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	picker := s.pickerBox()
	header := container.NewBorder(nil, nil, container.NewHBox(title, widget.NewSeparator(), picker), s.printBtn)

	s.status = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.steps = widget.NewLabel("")
	s.steps.Wrapping = fyne.TextWrapWord
	s.returnedBy = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.returnedBy.Importance = widget.WarningImportance
	s.returnedBy.Wrapping = fyne.TextWrapWord
	s.returned = widget.NewLabel("")
	s.returned.SizeName = theme.SizeNameSubHeadingText
	s.returned.Importance = widget.WarningImportance
	s.returned.Wrapping = fyne.TextWrapWord
	s.returnedBox = container.NewVBox(widget.NewSeparator(),
		container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, s.returnedBy), s.returned, widget.NewSeparator())
	s.returnedBox.Hide()
	s.changed = custErrLabel()
	s.changed.Importance = widget.WarningImportance

	s.compileBtn = widget.NewButtonWithIcon(T("months.compile", "Compile month"), theme.DocumentCreateIcon(), s.onCompile)
	s.compileBtn.Importance = widget.HighImportance
	s.reopenBtn = widget.NewButtonWithIcon(T("months.reopen", "Reopen"), theme.ContentUndoIcon(), s.onReopen)
	s.approveBtn = widget.NewButtonWithIcon(T("months.approve", "Approve"), theme.ConfirmIcon(), s.onApprove)
	s.approveBtn.Importance = widget.HighImportance
	s.returnBtn = widget.NewButtonWithIcon(T("months.return", "Return with comment"), theme.MailReplyIcon(), s.onReturn)
	s.executeBtn = widget.NewButtonWithIcon(T("months.execute", "Mark executed"), theme.ConfirmIcon(), s.onExecute)
	s.executeBtn.Importance = widget.HighImportance
	s.roleHint = custErrLabel()
	s.roleHint.Importance = widget.WarningImportance
	s.actionErr = custErrLabel()
	s.actionMsg = widget.NewLabel("")
	s.actionMsg.Importance = widget.SuccessImportance
	s.actionMsg.Wrapping = fyne.TextWrapWord
	s.actionMsg.Hide()
	s.loadErr = custErrLabel()
	actions := container.NewHBox(s.compileBtn, s.reopenBtn, s.approveBtn, s.returnBtn, s.executeBtn)

	s.top = container.NewVBox(header, widget.NewSeparator(), s.status, s.steps, s.returnedBox, s.changed,
		actions, s.roleHint, s.actionErr, s.actionMsg, s.loadErr)

	s.summary = s.newTable(monthSummaryWidths, s.summaryLength, s.summaryHeader, s.updateSummaryCell)
	s.summaryEmpty = widget.NewLabel("")
	s.summaryEmpty.Alignment = fyne.TextAlignCenter
	s.summaryEmpty.Wrapping = fyne.TextWrapWord
	s.summaryEmpty.Hide()
	s.records = s.newTable(monthRecordWidths, s.recordsLength, s.recordHeader, s.updateRecordCell)
	s.records.OnSelected = s.onRecordSelected
	s.recordsTitle = heading("")
	summaryBox := container.NewBorder(heading(T("months.summary", "Totals per staff member")), nil, nil, nil,
		container.NewStack(s.summary, container.NewCenter(s.summaryEmpty)))
	recordsBox := container.NewBorder(s.recordsTitle, nil, nil, nil, s.records)
	split := container.NewVSplit(summaryBox, recordsBox)
	split.Offset = 0.4
	s.body = container.NewBorder(s.top, nil, nil, nil, split)
	s.root = container.NewPadded(s.body)
	s.fill()
	return s
}

// defaultCloseMonth is the month the screen opens on: in the first ten
// days of a month the previous one is usually being closed.
func defaultCloseMonth(now time.Time) time.Time {
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	if now.Day() <= 10 {
		return first.AddDate(0, -1, 0)
	}
	return first
}

// content is the area's root object for the main window.
func (s *monthsScreen) content() fyne.CanvasObject { return s.root }

// shown reloads the month: records may have been added elsewhere, and the
// person signed in may have changed.
func (s *monthsScreen) shown() { s.reload() }

// goTo shows another month; the last step's messages belong to the old one.
func (s *monthsScreen) goTo(m time.Time) {
	s.month = m
	s.view = nil
	custSetErr(s.actionErr, "")
	s.actionMsg.Hide()
	s.fill()
	s.reload()
}

// reload fetches the month shown.
func (s *monthsScreen) reload() {
	s.gen++
	gen, a, month := s.gen, s.deps.App, s.monthText()
	custGo(func() func() {
		v, err := a.MonthStatement(month)
		return func() { s.apply(gen, v, err) }
	})
}

// apply shows a loaded month unless a newer load started.
func (s *monthsScreen) apply(gen int, v *app.MonthStatement, err error) {
	if gen != s.gen {
		return
	}
	if err != nil {
		custSetErr(s.loadErr, monthErrText(err))
		s.relayout()
		return
	}
	custSetErr(s.loadErr, "")
	s.view = v
	s.names = map[string]string{}
	for _, l := range v.Lines {
		s.names[l.StaffID] = l.Name
	}
	s.fill()
}

// fill shows the month's status, steps and tables, and the steps the
// month allows the signed-in person.
func (s *monthsScreen) fill() {
	s.showMonth()
	v := s.view
	for _, b := range []*widget.Button{s.compileBtn, s.reopenBtn, s.approveBtn, s.returnBtn, s.executeBtn} {
		b.Hide()
	}
	if v == nil {
		s.status.SetText("")
		s.steps.SetText(T("months.loading", "Loading…"))
		s.returnedBox.Hide()
		custSetErr(s.changed, "")
		custSetErr(s.roleHint, "")
		s.printBtn.Disable()
		s.summaryEmpty.Hide()
		s.summary.Refresh()
		s.records.Refresh()
		s.recordsTitle.SetText(T("months.records", "Records"))
		s.relayout()
		return
	}
	c := v.Close
	s.status.SetText(T("months.status", "Status: {{.Status}}", map[string]any{"Status": MonthStatusLabel(c.Status)}))
	s.status.Importance = conductMonthImportance(c.Status)
	s.status.Refresh()
	s.steps.SetText(s.stepsText(&c))
	if strings.TrimSpace(c.ReturnComment) != "" && c.Status == models.MonthReturned {
		s.returnedBy.SetText(T("months.returned_by", "Returned by {{.Name}} on {{.At}} with this comment:",
			map[string]any{"Name": c.ReturnedBy, "At": s.when(c.ReturnedAt)}))
		s.returned.SetText(c.ReturnComment)
		s.returnedBox.Show()
	} else {
		s.returnedBox.Hide()
	}
	custSetErr(s.changed, s.changedText())
	s.fillActions(c.Status)
	s.printBtn.Enable()

	if len(v.Lines) == 0 {
		s.summaryEmpty.SetText(T("months.empty", "No penalties or rewards were recorded in {{.Month}}.", map[string]any{"Month": c.Month}))
		s.summaryEmpty.Show()
	} else {
		s.summaryEmpty.Hide()
	}
	s.summary.Refresh()
	s.records.UnselectAll()
	s.records.Refresh()
	s.recordsTitle.SetText(T("months.records_count", "Records ({{.N}})", map[string]any{"N": len(v.Records)}))
	s.relayout()
}

// relayout lays the top part out again after lines were shown or hidden.
func (s *monthsScreen) relayout() {
	s.top.Refresh()
	s.body.Refresh()
}

// stepsText says who took each step of the close and when.
func (s *monthsScreen) stepsText(c *models.MonthClose) string {
	var lines []string
	if c.CompiledAt != nil {
		lines = append(lines, T("months.compiled_by", "Compiled by {{.Name}} on {{.At}}", map[string]any{"Name": c.CompiledBy, "At": s.when(c.CompiledAt)}))
	}
	if c.ApprovedAt != nil {
		lines = append(lines, T("months.approved_by", "Approved by {{.Name}} on {{.At}}", map[string]any{"Name": c.ApprovedBy, "At": s.when(c.ApprovedAt)}))
	}
	if c.ExecutedAt != nil {
		lines = append(lines, T("months.executed_by", "Marked executed by {{.Name}} on {{.At}}", map[string]any{"Name": c.ExecutedBy, "At": s.when(c.ExecutedAt)}))
	}
	switch c.Status {
	case models.MonthOpen, models.MonthReturned:
		lines = append(lines, T("months.next.compile", "Next: the business manager compiles the month and sends it to the general manager."))
	case models.MonthCompiled:
		lines = append(lines, T("months.next.approve", "Next: the general manager approves the month or returns it with a comment. Its records cannot change meanwhile."))
	case models.MonthApproved:
		lines = append(lines, T("months.next.execute", "The month is locked. Next: finance deducts the penalties from the wages, pays the rewards and marks the month executed."))
	case models.MonthExecuted:
		lines = append(lines, T("months.next.done", "The month is closed. Corrections go into a later month as adjustments."))
	}
	return strings.Join(lines, "\n")
}

// when is a step's time in the shop's time zone.
func (s *monthsScreen) when(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.In(s.deps.App.Now().Location()).Format("2006-01-02 15:04")
}

// changedText warns when the records no longer match the totals as
// compiled; "" when they do.
func (s *monthsScreen) changedText() string {
	v := s.view
	if v == nil || !v.CompiledDiffers() {
		return ""
	}
	var compiled models.Money
	for _, l := range v.Compiled {
		compiled += l.Net
	}
	text := T("months.changed", "The records no longer match the totals compiled on {{.At}}: net {{.Compiled}} then, {{.Now}} now.",
		map[string]any{"At": s.when(v.Close.CompiledAt), "Compiled": conductSigned(compiled), "Now": conductSigned(v.Totals.Net)})
	if v.Close.Status == models.MonthCompiled {
		text += " " + T("months.changed_reopen", "Reopen the month and compile it again, so the general manager approves the right totals.")
	}
	return text
}

// monthStep is one step of the close a status offers.
type monthStep struct {
	btn  *widget.Button
	perm models.Permission
	name string
}

// fillActions shows the steps the month's status allows; those the
// signed-in person's roles do not allow are disabled, with a line naming
// the roles that may take them.
func (s *monthsScreen) fillActions(st models.MonthStatus) {
	var steps []monthStep
	switch st {
	case models.MonthOpen, models.MonthReturned:
		steps = []monthStep{{s.compileBtn, models.PermMonthCompile, T("months.compile", "Compile month")}}
	case models.MonthCompiled:
		steps = []monthStep{
			{s.approveBtn, models.PermMonthApprove, T("months.approve", "Approve")},
			{s.returnBtn, models.PermMonthApprove, T("months.return", "Return with comment")},
			{s.reopenBtn, models.PermMonthCompile, T("months.reopen", "Reopen")},
		}
	case models.MonthApproved:
		steps = []monthStep{{s.executeBtn, models.PermMonthExecute, T("months.execute", "Mark executed")}}
	}
	a := s.deps.App
	var hints []string
	seen := map[models.Permission]bool{}
	for _, step := range steps {
		step.btn.Show()
		if a.Can(step.perm) && !s.busy {
			step.btn.Enable()
			continue
		}
		step.btn.Disable()
		if !a.Can(step.perm) && !seen[step.perm] {
			seen[step.perm] = true
			hints = append(hints, T("months.needs_role", "{{.Step}} needs one of these roles: {{.Roles}}.",
				map[string]any{"Step": monthPermSteps(step.perm), "Roles": rolesText(models.RolesFor(step.perm))}))
		}
	}
	custSetErr(s.roleHint, strings.Join(hints, "\n"))
}

// monthPermSteps names the steps a permission allows, for the role hint.
func monthPermSteps(p models.Permission) string {
	switch p {
	case models.PermMonthCompile:
		return T("months.perm.compile", "Compiling or reopening the month")
	case models.PermMonthApprove:
		return T("months.perm.approve", "Approving or returning the month")
	case models.PermMonthExecute:
		return T("months.perm.execute", "Marking the month executed")
	}
	return string(p)
}

// monthErrText is ErrText with a month's status named in words.
func monthErrText(err error) string {
	fe := models.AsFieldErrors(err)
	if len(fe) == 0 {
		return ErrText(err)
	}
	parts := make([]string, len(fe))
	for i, e := range fe {
		if st, ok := e.Data["MonthStatus"].(string); ok {
			c := *e
			c.Data = copyData(e.Data)
			c.Data["MonthStatus"] = MonthStatusLabel(models.MonthStatus(st))
			e = &c
		}
		parts[i] = FieldErrText(e)
	}
	return strings.Join(parts, "\n")
}

// The tables.

// newTable makes a table with a header row and the given column widths.
func (s *monthsScreen) newTable(widths []float32, length func() (int, int), header func(col int) (string, fyne.TextAlign), update func(widget.TableCellID, fyne.CanvasObject)) *widget.Table {
	t := widget.NewTable(length, func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}, update)
	t.ShowHeaderRow = true
	t.CreateHeader = func() fyne.CanvasObject {
		l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			l := o.(*widget.Label)
			text, align := header(id.Col)
			l.Alignment = align
			l.SetText(text)
		}
	}
	for i, w := range widths {
		t.SetColumnWidth(i, w)
	}
	return t
}

func (s *monthsScreen) summaryLength() (int, int) {
	if s.view == nil || len(s.view.Lines) == 0 {
		return 0, len(monthSummaryWidths)
	}
	return len(s.view.Lines) + 1, len(monthSummaryWidths) // the shop's totals last
}

func (s *monthsScreen) summaryHeader(col int) (string, fyne.TextAlign) {
	titles := []string{
		T("months.col.staff", "Staff member"),
		T("months.col.records", "Records"),
		T("months.col.penalties", "Penalties"),
		T("months.col.rewards", "Rewards"),
		T("months.col.net", "Net"),
		T("months.col.probation", "Probation"),
		T("months.col.dismissal", "Dismissal"),
	}
	if col < 0 || col >= len(titles) {
		return "", fyne.TextAlignLeading
	}
	return titles[col], summaryAlign(col)
}

// summaryAlign lines up a summary column: names left, amounts right,
// flags centred.
func summaryAlign(col int) fyne.TextAlign {
	switch {
	case col == 0:
		return fyne.TextAlignLeading
	case col >= 5:
		return fyne.TextAlignCenter
	}
	return fyne.TextAlignTrailing
}

// summaryText is the text of a summary cell; the row after the people is
// the shop's totals.
func (s *monthsScreen) summaryText(row, col int) string {
	v := s.view
	if v == nil || row < 0 || row > len(v.Lines) {
		return ""
	}
	l, total := v.Totals, row == len(v.Lines)
	if !total {
		l = v.Lines[row]
	}
	flag := func(on bool, n int) string {
		switch {
		case total && n > 0:
			return strconv.Itoa(n)
		case !total && on:
			return T("months.yes", "Yes")
		}
		return "—"
	}
	switch col {
	case 0:
		if total {
			return T("months.total", "Shop total")
		}
		return l.Name
	case 1:
		return strconv.Itoa(l.Records)
	case 2:
		return conductYuan(l.Penalties)
	case 3:
		return conductYuan(l.Rewards)
	case 4:
		return conductSigned(l.Net)
	case 5, 6:
		n := 0
		for _, x := range v.Lines {
			if col == 5 && x.Probation || col == 6 && x.Dismissal {
				n++
			}
		}
		return flag(col == 5 && l.Probation || col == 6 && l.Dismissal, n)
	}
	return ""
}

func (s *monthsScreen) updateSummaryCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	l.SetText(s.summaryText(id.Row, id.Col))
	bold := s.view != nil && id.Row == len(s.view.Lines)
	align := summaryAlign(id.Col)
	imp := widget.MediumImportance
	if id.Col == 4 && s.view != nil {
		if strings.HasPrefix(l.Text, "−") {
			imp = widget.DangerImportance
		} else if strings.HasPrefix(l.Text, "+") {
			imp = widget.SuccessImportance
		}
	}
	if (id.Col == 5 || id.Col == 6) && l.Text != "—" {
		imp = widget.DangerImportance
	}
	if l.TextStyle.Bold != bold || l.Alignment != align || l.Importance != imp {
		l.TextStyle.Bold, l.Alignment, l.Importance = bold, align, imp
		l.Refresh()
	}
}

func (s *monthsScreen) recordsLength() (int, int) {
	if s.view == nil {
		return 0, len(monthRecordWidths)
	}
	return len(s.view.Records), len(monthRecordWidths)
}

func (s *monthsScreen) recordHeader(col int) (string, fyne.TextAlign) {
	titles := []string{
		T("months.col.date", "Date"),
		T("months.col.person", "Person"),
		T("months.col.rule", "Rule"),
		T("months.col.qty", "Qty"),
		T("months.col.amount", "Amount"),
		T("months.col.source", "Source"),
		T("months.col.ticket", "Ticket"),
		T("months.col.recorded_by", "Recorded by"),
		T("months.col.note", "Note"),
	}
	if col < 0 || col >= len(titles) {
		return "", fyne.TextAlignLeading
	}
	return titles[col], recordAlign(col)
}

// recordAlign lines up a record column: the quantity centred, the amount
// right, the rest left.
func recordAlign(col int) fyne.TextAlign {
	switch col {
	case 3:
		return fyne.TextAlignCenter
	case 4:
		return fyne.TextAlignTrailing
	}
	return fyne.TextAlignLeading
}

// recordText is the text of a record cell. A correction of an approved
// month says which month it corrects.
func (s *monthsScreen) recordText(row, col int) string {
	v := s.view
	if v == nil || row < 0 || row >= len(v.Records) {
		return ""
	}
	r := v.Records[row]
	switch col {
	case 0:
		return models.FormatDate(r.Date)
	case 1:
		return s.names[r.StaffID]
	case 2:
		rule := RuleNameLabel(r.RuleName)
		if r.AdjustsID != nil {
			rule = T("months.adjusts", "Correction of {{.Month}}", map[string]any{"Month": v.AdjustedMonths[*r.AdjustsID]}) + ": " + rule
		}
		return rule
	case 3:
		return strconv.Itoa(r.Qty)
	case 4:
		if r.Dismissal && r.Amount == 0 {
			return ConductKindLabel(models.ConductDismissal)
		}
		return conductSigned(r.Amount)
	case 5:
		return RecordSourceLabel(r.Source)
	case 6:
		if r.TicketID != nil {
			return v.TicketNumbers[*r.TicketID]
		}
		return "—"
	case 7:
		return r.RecordedBy
	case 8:
		return strings.ReplaceAll(r.Note, "\n", " ")
	}
	return ""
}

func (s *monthsScreen) updateRecordCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	l.SetText(s.recordText(id.Row, id.Col))
	align := recordAlign(id.Col)
	imp := widget.MediumImportance
	if id.Col == 4 && s.view != nil && id.Row < len(s.view.Records) {
		switch r := s.view.Records[id.Row]; {
		case r.Amount < 0 || r.Dismissal:
			imp = widget.DangerImportance
		case r.Amount > 0:
			imp = widget.SuccessImportance
		}
	}
	if id.Col == 6 && l.Text != "—" {
		imp = widget.HighImportance // opens the ticket
	}
	if l.Alignment != align || l.Importance != imp {
		l.Alignment, l.Importance = align, imp
		l.Refresh()
	}
}

// onRecordSelected opens a record's ticket when its number is picked.
func (s *monthsScreen) onRecordSelected(id widget.TableCellID) {
	s.records.Unselect(id)
	v := s.view
	if v == nil || id.Row < 0 || id.Row >= len(v.Records) || id.Col != 6 || s.deps.Nav == nil {
		return
	}
	if t := v.Records[id.Row].TicketID; t != nil {
		s.deps.Nav.OpenTicket(*t)
	}
}

// The steps of the close.

// onCompile asks the business manager to confirm the month's totals.
func (s *monthsScreen) onCompile() {
	v := s.view
	if v == nil {
		return
	}
	msg := T("months.compile_confirm", "Compile {{.Month}}? {{.Records}} records of {{.People}} people, net {{.Net}}, go to the general manager for approval. The month's records cannot change until it is approved or returned.",
		map[string]any{"Month": v.Close.Month, "Records": v.Totals.Records, "People": len(v.Lines), "Net": conductSigned(v.Totals.Net)})
	s.ask(T("months.compile_title", "Compile month"), msg, T("months.compile", "Compile month"), func() {
		s.run(T("months.done.compile", "Compiled: the month is waiting for the general manager's approval."), s.deps.App.CompileMonth)
	})
}

// onReopen takes a compiled month back before the general manager decides.
func (s *monthsScreen) onReopen() {
	s.run(T("months.done.reopen", "Reopened: records can be changed again; compile the month when they are right."), s.deps.App.ReopenMonth)
}

// onApprove asks the general manager to confirm the approval.
func (s *monthsScreen) onApprove() {
	v := s.view
	if v == nil {
		return
	}
	msg := T("months.approve_confirm", "Approve {{.Month}} with net {{.Net}}? Its records are locked from then on: corrections go into a later month as adjustments, and finance can pay or deduct the amounts.",
		map[string]any{"Month": v.Close.Month, "Net": conductSigned(v.Totals.Net)})
	s.ask(T("months.approve_title", "Approve month"), msg, T("months.approve", "Approve"), func() {
		s.run(T("months.done.approve", "Approved: the month is locked, and finance can execute it."), s.deps.App.ApproveMonth)
	})
}

// onExecute asks finance to confirm the month was paid or deducted.
func (s *monthsScreen) onExecute() {
	v := s.view
	if v == nil {
		return
	}
	msg := T("months.execute_confirm", "Mark {{.Month}} executed? Say so once the penalties were deducted from the wages and the rewards paid with them.",
		map[string]any{"Month": v.Close.Month})
	s.ask(T("months.execute_title", "Mark month executed"), msg, T("months.execute", "Mark executed"), func() {
		s.run(T("months.done.execute", "Marked executed: the month is closed."), s.deps.App.ExecuteMonth)
	})
}

// ask shows a question with a confirm and a cancel button.
func (s *monthsScreen) ask(title, msg, okText string, onOK func()) {
	c := &monthConfirm{}
	text := widget.NewLabel(msg)
	text.Wrapping = fyne.TextWrapWord
	c.cancel = widget.NewButtonWithIcon(T("boards.common.cancel", "Cancel"), theme.CancelIcon(), func() { c.dlg.Hide() })
	c.ok = widget.NewButtonWithIcon(okText, theme.ConfirmIcon(), func() {
		c.dlg.Hide()
		onOK()
	})
	c.ok.Importance = widget.HighImportance
	c.dlg = dialog.NewCustomWithoutButtons(title, text, s.deps.Window)
	c.dlg.SetButtons([]fyne.CanvasObject{c.cancel, c.ok})
	c.dlg.Resize(fyne.NewSize(480, 220))
	s.confirm = c
	c.dlg.Show()
}

// onReturn asks the general manager what to correct.
func (s *monthsScreen) onReturn() {
	if s.view == nil {
		return
	}
	r := &monthReturnDialog{}
	r.comment = widget.NewMultiLineEntry()
	r.comment.Wrapping = fyne.TextWrapWord
	r.comment.SetMinRowsVisible(4)
	r.comment.SetPlaceHolder(T("months.return_hint", "e.g. the 12th spot check of 赵师傅 is missing; check the damage amount of the 20th"))
	r.comment.OnChanged = func(string) { custSetErr(r.err, "") }
	r.err = custErrLabel()
	intro := widget.NewLabel(T("months.return_intro", "Say what the business manager should correct. The month goes back to them, its records can change again, and they compile it again."))
	intro.Wrapping = fyne.TextWrapWord
	r.cancel = widget.NewButtonWithIcon(T("boards.common.cancel", "Cancel"), theme.CancelIcon(), func() { r.dlg.Hide() })
	r.send = widget.NewButtonWithIcon(T("months.return", "Return with comment"), theme.MailReplyIcon(), func() { s.onReturnSend(r) })
	r.send.Importance = widget.HighImportance
	r.dlg = dialog.NewCustomWithoutButtons(T("months.return_title", "Return the month"), container.NewVBox(intro, r.comment, r.err), s.deps.Window)
	r.dlg.SetButtons([]fyne.CanvasObject{r.cancel, r.send})
	r.dlg.Resize(fyne.NewSize(520, 320))
	s.returnDlg = r
	r.dlg.Show()
}

// onReturnSend returns the month; the form stays open with the problem
// when the comment is missing or app refuses.
func (s *monthsScreen) onReturnSend(r *monthReturnDialog) {
	comment := strings.TrimSpace(r.comment.Text)
	if comment == "" {
		custSetErr(r.err, T("err.month.comment_required", "Say what to correct before the month is compiled again."))
		return
	}
	a, month := s.deps.App, s.monthText()
	r.send.Disable()
	custGo(func() func() {
		_, err := a.ReturnMonth(month, comment)
		return func() {
			r.send.Enable()
			if fe := models.AsFieldErrors(err).ForField("comment"); fe != nil {
				custSetErr(r.err, FieldErrText(fe))
				return
			}
			r.dlg.Hide()
			s.done(err, T("months.done.return", "Returned to the business manager with your comment."))
		}
	})
}

// run takes a step of the close off the UI goroutine, then shows its
// outcome and the month as it is now.
func (s *monthsScreen) run(okText string, step func(month string) (*app.MonthView, error)) {
	if s.busy {
		return
	}
	s.busy = true
	month := s.monthText()
	custSetErr(s.actionErr, "")
	s.actionMsg.Hide()
	if s.view != nil {
		s.fillActions(s.view.Close.Status)
	}
	custGo(func() func() {
		_, err := step(month)
		return func() {
			s.busy = false
			s.done(err, okText)
		}
	})
}

// done shows a step's outcome (a refusal names the role it needs) and
// reloads the month.
func (s *monthsScreen) done(err error, okText string) {
	if err != nil {
		custSetErr(s.actionErr, monthErrText(err))
		s.actionMsg.Hide()
	} else {
		custSetErr(s.actionErr, "")
		s.actionMsg.SetText(okText)
		s.actionMsg.Show()
	}
	s.relayout()
	s.reload()
}

// Printing the statement.

// buildPrintMenu offers the statement to open in the PDF viewer or to send
// straight to the printer.
func (s *monthsScreen) buildPrintMenu() *fyne.Menu {
	open := fyne.NewMenuItem(T("months.print_open", "Open the statement"), func() { s.onPrint(false) })
	open.Icon = theme.DocumentIcon()
	direct := fyne.NewMenuItem(T("months.print_direct", "Print the statement directly"), func() { s.onPrint(true) })
	direct.Icon = theme.DocumentPrintIcon()
	return fyne.NewMenu("", open, direct)
}

// onPrintTap shows the print menu under the button.
func (s *monthsScreen) onPrintTap() {
	s.printMenu = s.buildPrintMenu()
	c := fyne.CurrentApp().Driver().CanvasForObject(s.printBtn)
	if c == nil {
		return
	}
	widget.ShowPopUpMenuAtRelativePosition(s.printMenu, c, fyne.NewPos(0, s.printBtn.Size().Height), s.printBtn)
}

// onPrint writes the statement into the prints folder off the UI
// goroutine (in the language of the screen), then opens it or sends it to
// the printer, as the ticket page does with its slips.
func (s *monthsScreen) onPrint(direct bool) {
	a, w, month := s.deps.App, s.deps.Window, s.monthText()
	open, send := slipOpen, slipPrint
	s.printBtn.Disable()
	custGo(func() func() {
		path, err := a.PrintStatement(month, printing.Translator(func(key, fallback string) string { return T(key, fallback) }))
		var outErr error
		if err == nil {
			if direct {
				outErr = send(path)
			} else {
				outErr = open(path)
			}
		}
		return func() {
			s.printBtn.Enable()
			s.lastPath, s.lastErr = path, firstErr(err, outErr)
			title := T("months.print", "Print statement")
			switch {
			case err != nil:
				dialog.ShowError(errors.New(monthErrText(err)), w)
			case errors.Is(outErr, ErrOpenedInstead):
				dialog.ShowInformation(title, T("print_slip.opened_instead",
					"This PC cannot send the PDF straight to the printer, so it was opened in the viewer: print it from there. It is saved as {{.Path}}.",
					map[string]any{"Path": path}), w)
			case outErr != nil && direct:
				dialog.ShowInformation(title, T("months.print_not_printed",
					"The statement was saved as {{.Path}} but could not be sent to the printer ({{.Detail}}). Open it from that folder and print it from the viewer.",
					map[string]any{"Path": path, "Detail": outErr.Error()}), w)
			case outErr != nil:
				dialog.ShowInformation(title, T("months.print_not_opened",
					"The statement was saved as {{.Path}} but could not be opened on this PC ({{.Detail}}). Open it from that folder.",
					map[string]any{"Path": path, "Detail": outErr.Error()}), w)
			}
		}
	})
}
