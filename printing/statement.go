package printing

import (
	"strconv"
	"strings"
	"time"

	"aftercare/models"
)

// The monthly penalty and reward statement (奖罚月度汇总表, issue 5 "Month
// close"): the business manager compiles the month, the general manager
// approves it and finance deducts the fines from the wages or pays the
// rewards with them. The statement shows the shop's summary, one block per
// staff member with their records, and the three sign-offs.

// StatementRecord is one penalty, reward or dismissal on the statement.
type StatementRecord struct {
	Date      time.Time    // civil date
	Rule      string       // translated
	Qty       int          //
	Amount    models.Money // signed: negative fines, positive rewards
	Dismissal bool         // the amount is not the point: print "dismissal"
	// Probation: the record puts the person on probation (the block's
	// heading and the summary say so).
	Probation bool
	Source    string // translated
	Ticket    string // ticket number, "" when none
	Note      string
	// Adjusts is the month (YYYY-MM) of the approved record this one
	// corrects; "" for an ordinary record.
	Adjusts string
}

// StatementStaff is one staff member's block: their totals and records.
type StatementStaff struct {
	Line    models.StaffLine
	Records []StatementRecord
}

// SignOff is one step of the month close: who did it and when; a zero At
// leaves the box blank for a pen.
type SignOff struct {
	Name string
	At   time.Time // in the shop's time zone
}

// Statement is everything a monthly statement prints, as plain data:
// labels translated, times in the shop's time zone.
type Statement struct {
	Shop
	Month  string // YYYY-MM
	Status string // translated month status
	// Final is true once the general manager has approved the month;
	// otherwise every page says the statement is provisional.
	Final bool
	// Returned: the general manager's comment when the month was sent
	// back, with who returned it.
	ReturnComment, ReturnedBy string

	Summary []models.StaffLine // per staff member (as compiled, for a compiled month)
	Totals  models.StaffLine   // the whole shop
	// Changed: the compiled totals differ from the records as they are now.
	Changed bool
	Staff   []StatementStaff

	Compiled, Approved, Executed SignOff

	Printed time.Time // zero: now
	T       Translator
}

// Layout of the statement, in millimetres and points.
const (
	statementSigH     = 20.0
	watermarkSize     = 54.0
	watermarkAlpha    = 0.10
	watermarkAngleDeg = 35.0
)

// colWarn is the ink of the provisional notice and the return comment.
var colWarn = rgb{176, 58, 46}

// MonthlyStatement prints the monthly penalty and reward statement: the
// month and its status; a provisional notice (and a watermark on every
// page) until the general manager has approved it; the general manager's
// comment if the month was returned; the shop's summary table with one
// line per staff member (records, penalties, rewards, net, probation and
// dismissal) and the totals; one block per staff member listing their
// records (date, rule, quantity, amount, source, ticket, note; a
// correction of an approved month names that month); and the boxes for
// compiled by (business manager), approved by (general manager) and
// executed by (finance), with names and dates when done and blank for a
// pen otherwise. Tables continued on a new page repeat their header row.
func MonthlyStatement(s Statement) ([]byte, error) {
	sd, err := newSlipDoc(&Slip{Shop: s.Shop, Printed: s.Printed, T: s.T}, s.T.get("print.statement.title", "Monthly penalty and reward statement"))
	if err != nil {
		return nil, err
	}
	t := sd.t
	sd.subtitle = joinNonEmpty(" · ", s.Month, s.Status)
	mark := Sanitize(t.get("print.statement.watermark", "PROVISIONAL"))
	if !s.Final {
		// Over the content, light: table cells are filled and would hide
		// a mark drawn under them.
		sd.pdf.SetFooterFunc(func() {
			sd.footer()
			drawWatermark(sd, mark)
		})
	}
	sd.AddPage()

	sd.grid(row(pair{t.get("print.statement.month", "Month"), s.Month},
		pair{t.get("print.statement.status", "Status"), s.Status},
		pair{t.get("print.statement.staff_count", "Staff"), strconv.Itoa(len(s.Summary))}))
	if !s.Final {
		sd.notice(t.get("print.statement.provisional", "Provisional: the general manager has not approved this month yet. The amounts may still change; do not pay or deduct them."))
	}
	if c := strings.TrimSpace(s.ReturnComment); c != "" {
		label := t.get("print.statement.returned", "Returned by the general manager")
		if s.ReturnedBy != "" {
			label += " (" + s.ReturnedBy + ")"
		}
		sd.grid(row(pair{label, c}))
	}

	sd.Heading(t.get("print.statement.summary", "Summary for the shop"))
	if len(s.Summary) == 0 {
		sd.Note(t.get("print.statement.no_records", "No penalties or rewards were recorded this month."))
	} else {
		sd.summaryTable(&s)
	}
	if s.Changed {
		sd.notice(t.get("print.statement.changed", "The records changed after the month was compiled: the summary shows the compiled totals, the blocks below the records as they are now. Compile the month again."))
	}

	for _, st := range s.Staff {
		sd.staffBlock(st)
	}

	sd.signatureBlock(signatureSpec{
		hint: t.get("print.statement.sign_hint", "Finance deducts the penalties from the wages and pays the rewards with them only after the general manager has approved the month."),
		boxes: []sigBox{
			sd.signOffBox(t.get("print.statement.compiled_by", "Compiled by (business manager)"), s.Compiled),
			sd.signOffBox(t.get("print.statement.approved_by", "Approved by (general manager)"), s.Approved),
			sd.signOffBox(t.get("print.statement.executed_by", "Executed by (finance)"), s.Executed),
		},
		height: statementSigH,
	})
	return sd.Bytes()
}

// summaryTable is the shop's summary: a line per staff member, then the
// totals.
func (sd *slipDoc) summaryTable(s *Statement) {
	t := sd.t
	cols := []Column{
		{Title: t.get("print.purchase.index", "#"), Width: 9, Align: "C"},
		{Title: t.get("print.statement.staff", "Staff member"), Width: 38},
		{Title: t.get("print.statement.records", "Records"), Width: 17, Align: "C"},
		{Title: t.get("print.statement.penalties", "Penalties (¥)"), Width: 26, Align: "R"},
		{Title: t.get("print.statement.rewards", "Rewards (¥)"), Width: 26, Align: "R"},
		{Title: t.get("print.statement.net_yuan", "Net (¥)"), Width: 26, Align: "R"},
		{Title: t.get("print.statement.flags", "Probation / dismissal"), Width: 38, Align: "C"},
	}
	rows := make([][]string, 0, len(s.Summary)+1)
	for i, l := range s.Summary {
		rows = append(rows, []string{strconv.Itoa(i + 1), l.Name, strconv.Itoa(l.Records),
			l.Penalties.Yuan(), l.Rewards.Yuan(), signedMoney(l.Net), sd.flags(l)})
	}
	rows = append(rows, []string{"", t.get("print.statement.total", "Total"), strconv.Itoa(s.Totals.Records),
		s.Totals.Penalties.Yuan(), s.Totals.Rewards.Yuan(), signedMoney(s.Totals.Net), sd.flagCount(s.Summary)})
	sd.Table(cols, rows)
}

// flags names a person's probation and dismissal, or a dash.
func (sd *slipDoc) flags(l models.StaffLine) string {
	var out []string
	if l.Probation {
		out = append(out, sd.t.get("print.statement.probation", "Probation"))
	}
	if l.Dismissal {
		out = append(out, sd.t.get("print.statement.dismissal", "Dismissal"))
	}
	return dash(strings.Join(out, sd.t.get("print.slip.list_sep", ", ")))
}

// flagCount is the totals row's flags: how many people are on probation
// and how many are dismissed.
func (sd *slipDoc) flagCount(lines []models.StaffLine) string {
	prob, dis := 0, 0
	for _, l := range lines {
		if l.Probation {
			prob++
		}
		if l.Dismissal {
			dis++
		}
	}
	var out []string
	if prob > 0 {
		out = append(out, sd.t.get("print.statement.probation", "Probation")+" "+strconv.Itoa(prob))
	}
	if dis > 0 {
		out = append(out, sd.t.get("print.statement.dismissal", "Dismissal")+" "+strconv.Itoa(dis))
	}
	return dash(strings.Join(out, sd.t.get("print.slip.list_sep", ", ")))
}

// staffBlock is one person's heading with their net amount, and their
// records.
func (sd *slipDoc) staffBlock(st StatementStaff) {
	t := sd.t
	l := st.Line
	aside := joinNonEmpty(" · ",
		t.get("print.statement.records", "Records")+" "+strconv.Itoa(l.Records),
		t.get("print.statement.net", "Net")+" "+signedMoney(l.Net))
	name := l.Name
	if f := sd.flags(l); f != "—" {
		name += " (" + f + ")"
	}
	sd.HeadingAside(name, aside)
	cols := []Column{
		{Title: t.get("print.statement.date", "Date"), Width: 20, Align: "C"},
		{Title: t.get("print.statement.rule", "Rule"), Width: 45},
		{Title: t.get("print.item.qty", "Qty"), Width: 9, Align: "C"},
		{Title: t.get("print.statement.amount", "Amount (¥)"), Width: 21, Align: "R"},
		{Title: t.get("print.statement.source", "Source"), Width: 17, Align: "C"},
		{Title: t.get("print.statement.ticket", "Ticket"), Width: 29},
		{Title: t.get("print.statement.note", "Note"), Width: 39},
	}
	rows := make([][]string, len(st.Records))
	for i, r := range st.Records {
		amount := signedMoney(r.Amount)
		if r.Dismissal && r.Amount == 0 {
			amount = t.get("print.statement.dismissal", "Dismissal")
		}
		note := r.Note
		if r.Adjusts != "" {
			note = joinNonEmpty("\n", t.get("print.statement.adjusts", "Adjusts a record of ")+r.Adjusts, note)
		}
		rows[i] = []string{models.FormatDate(r.Date), r.Rule, strconv.Itoa(r.Qty), amount, r.Source, dash(r.Ticket), note}
	}
	sd.Table(cols, rows)
}

// notice is a paragraph in the warning colour across the page.
func (sd *slipDoc) notice(text string) {
	sd.ensurePage()
	lines := WrapText(sd.pdfWith(sizeField, colWarn), Sanitize(text), contentW-2*padH)
	sd.drawRow([]cellSpec{{w: contentW, lines: lines, align: "L", fill: &colNotice, ink: colWarn}}, sizeField, true, nil)
	sd.Space(1)
}

// signOffBox is a sign-off box: the name and date when the step is done,
// otherwise a blank date line for a pen.
func (sd *slipDoc) signOffBox(label string, s SignOff) sigBox {
	b := sigBox{label: label, width: 1}
	if !s.At.IsZero() {
		b.value = joinNonEmpty("\n", s.Name, formatTime(s.At))
	} else {
		b.value = sd.t.get("print.statement.date_blank", "Date: ______ / ___ / ___")
	}
	return b
}

// signedMoney is an amount with its sign: +20.00, -200.00, 0.00.
func signedMoney(m models.Money) string {
	if m > 0 {
		return "+" + m.Yuan()
	}
	return m.Yuan()
}

// drawWatermark writes text large, light and diagonal across the page.
func drawWatermark(sd *slipDoc, text string) {
	pdf := sd.pdf
	pdf.SetFont(fontFamily, "", watermarkSize)
	pdf.SetTextColor(colWarn.r, colWarn.g, colWarn.b)
	w := pdf.GetStringWidth(text)
	pdf.TransformBegin()
	pdf.SetAlpha(watermarkAlpha, "Normal")
	pdf.TransformRotate(watermarkAngleDeg, pageW/2, pageH/2)
	pdf.Text(pageW/2-w/2, pageH/2+watermarkSize*ptToMM/3, text)
	pdf.SetAlpha(1, "Normal")
	pdf.TransformEnd()
}
