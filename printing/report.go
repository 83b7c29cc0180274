package printing

import (
	"errors"
	"strconv"
	"time"

	"aftercare/models"
)

// The monthly after-sales report (月度售后服务报告, issue 7) the general
// manager reads at month end: a cover with the key figures; every figure
// of docs/kpi.md grouped as the dashboard groups them, beside the
// previous month and its target, missed targets in red with a drawn
// cross and the word; the charts (report_charts.go); the per-staff
// table; the month's penalties and rewards with the state of the month
// close; and the sign-offs of the business manager, who compiles it, and
// the general manager, who approves it. Every value is formatted by
// models (Figure.ValueText and friends), so the paper says what the
// dashboard says.

// colMissFill shades a figure row whose target was missed.
var colMissFill = rgb{253, 236, 234}

// Layout of the report, in millimetres and points.
const (
	coverShopSize  = 22.0
	coverTitleSize = 26.0
	coverMonthSize = 22.0
	tileH          = 30.0
	tileGap        = 4.0
	tileValueSize  = 16.0
	missMarkSize   = 2.6
	reportSigH     = 20.0
	// keepWithHeading is the room a section needs below its heading (a
	// table's header and two rows) not to leave the heading alone at the
	// foot of a page.
	keepWithHeading = 22.0
)

// reportDoc is the monthly report being laid out.
type reportDoc struct {
	*slipDoc
	r   *models.MonthReport
	loc *time.Location
	mt  models.Translate // the translator as models' formatting wants it
}

// T translates a label of the report.
func (rd *reportDoc) T(key, fallback string) string { return rd.slipDoc.t.get(key, fallback) }

// MonthlyReport prints the month's report r for shop, labelled by tr: A4,
// the shop's header and the month on every page after the cover, tables
// repeating their header row on a new page, the charts drawn with lines
// and rectangles.
func MonthlyReport(shop Shop, r *models.MonthReport, tr Translator) ([]byte, error) {
	if r == nil {
		return nil, errors.New("printing: monthly report: no report")
	}
	printed := r.GeneratedAt
	if printed.IsZero() {
		printed = time.Now()
	}
	loc := r.Start.Location()
	sd, err := newSlipDoc(&Slip{Shop: shop, Printed: printed.In(loc), T: tr}, tr.get("report.title", "Monthly after-sales report"))
	if err != nil {
		return nil, err
	}
	sd.subtitle = r.Month
	rd := &reportDoc{slipDoc: sd, r: r, loc: loc, mt: models.Translate(tr.get)}
	// The cover has no page header: it is the header.
	sd.pdf.SetHeaderFunc(func() {
		if sd.pdf.PageNo() == 1 {
			sd.top = marginTop
			sd.pdf.SetXY(marginX, sd.top)
			return
		}
		sd.pageHeader()
	})
	rd.cover()
	rd.figures()
	rd.charts()
	rd.staff()
	rd.conduct()
	rd.signOff()
	return sd.Bytes()
}

// closeStatus is the month close's status in words.
func (rd *reportDoc) closeStatus() string {
	s := rd.r.Close.Status
	if s == "" {
		s = models.MonthOpen
	}
	return rd.T("conduct.month_status."+string(s), string(s))
}

// final reports whether the general manager has approved the month's
// penalties and rewards.
func (rd *reportDoc) final() bool { return rd.r.Close.Status.Locked() }

// centred writes text centred across the page from y and returns where
// the next line starts.
func (rd *reportDoc) centred(text string, size float64, c rgb, y float64) float64 {
	pdf := rd.pdfWith(size, c)
	lh := lineHeight(size)
	for _, line := range WrapText(pdf, Sanitize(text), contentW-2*padH) {
		pdf.SetXY(marginX, y)
		pdf.CellFormat(contentW, lh, line, "", 0, "C", false, 0, "")
		y += lh
	}
	return y
}

// cover is the first page: the shop, the title and the month, when the
// report was made and where the month close stands, and the key figures
// as tiles.
func (rd *reportDoc) cover() {
	pdf, r := rd.pdf, rd.r
	rd.AddPage()
	y := rd.centred(rd.shop.Name, coverShopSize, colInk, 46) + 5
	pdf.SetDrawColor(colAccent.r, colAccent.g, colAccent.b)
	pdf.SetLineWidth(0.8)
	pdf.Line(marginX+45, y, pageW-marginX-45, y)
	y = rd.centred(rd.title, coverTitleSize, colAccent, y+7) + 3
	y = rd.centred(r.Month, coverMonthSize, colInk, y) + 12
	pdf.SetXY(marginX, y)
	period := ""
	if !r.Start.IsZero() && r.End.After(r.Start) {
		period = models.FormatDate(r.Start) + " – " + models.FormatDate(r.End.In(rd.loc).AddDate(0, 0, -1))
	}
	rd.grid(row(pair{rd.T("report.period", "Period"), period},
		pair{rd.T("report.generated", "Generated"), formatTime(rd.printed)}),
		row(pair{rd.T("report.close_status", "Penalty and reward month close"), rd.closeStatus()}))

	rd.Heading(rd.T("report.highlights", "Key figures"))
	rd.tiles([]string{"received", "completed", "open_end", "collected"})
	rd.tiles([]string{"first_response", "on_time", "satisfaction", "complaint_rate"})
	rd.missLegend()
}

// tiles draws one row of figure tiles: the figure's name, its value
// large, its target and last month's value; a missed target turns the
// tile red and crosses it.
func (rd *reportDoc) tiles(keys []string) {
	pdf := rd.pdf
	n := float64(len(keys))
	w := (contentW - tileGap*(n-1)) / n
	y := pdf.GetY()
	if y+tileH > contentLimit {
		rd.AddPage()
		y = pdf.GetY()
	}
	for i, key := range keys {
		x := marginX + float64(i)*(w+tileGap)
		f := rd.r.Figure(key, "")
		if f == nil {
			f = &models.Figure{Key: key}
		}
		ink, border := colInk, colRule
		if f.Missed {
			ink, border = colWarn, colWarn
		}
		pdf.SetFillColor(colLabelFill.r, colLabelFill.g, colLabelFill.b)
		if f.Missed {
			pdf.SetFillColor(colMissFill.r, colMissFill.g, colMissFill.b)
		}
		pdf.SetDrawColor(border.r, border.g, border.b)
		pdf.SetLineWidth(0.3)
		pdf.Rect(x, y, w, tileH, "FD")
		ly := y + 1.2
		rd.setFont(sizeSmall, colMuted)
		for _, line := range WrapText(pdf, Sanitize(rd.T(f.LabelKey(), key)), w-2*padH-missMarkSize-1) {
			pdf.SetXY(x, ly)
			pdf.CellFormat(w, lineHeight(sizeSmall), line, "", 0, "L", false, 0, "")
			ly += lineHeight(sizeSmall)
		}
		if f.Missed {
			drawMiss(pdf, x+w-missMarkSize-1.5, y+1.5, missMarkSize)
		}
		footLH := lineHeight(sizeSmall - 1)
		rd.setFont(tileValueSize, ink)
		pdf.SetXY(x, y+tileH-1-2*footLH-lineHeight(tileValueSize))
		pdf.CellFormat(w, lineHeight(tileValueSize), Sanitize(f.ValueText(rd.mt)), "", 0, "L", false, 0, "")
		foot := []string{rd.T("kpi.prev_month", "Previous month") + " " + f.PrevText(rd.mt)}
		if tt := f.TargetText(); tt != "" {
			foot = append([]string{rd.T("kpi.target", "Target") + " " + tt}, foot...)
		}
		rd.setFont(sizeSmall-1, colMuted)
		fy := y + tileH - 1 - float64(len(foot))*footLH
		for _, text := range foot {
			pdf.SetXY(x, fy)
			pdf.CellFormat(w, footLH, WrapText(pdf, Sanitize(text), w-2*padH)[0], "", 0, "L", false, 0, "")
			fy += footLH
		}
	}
	pdf.SetXY(marginX, y+tileH+tileGap)
}

// drawMiss draws the mark of a missed target: a cross of two red
// strokes in a square of side size (the font has no ✗).
func drawMiss(pdf interface {
	SetDrawColor(r, g, b int)
	SetLineWidth(w float64)
	Line(x1, y1, x2, y2 float64)
}, x, y, size float64) {
	pdf.SetDrawColor(colWarn.r, colWarn.g, colWarn.b)
	pdf.SetLineWidth(0.5)
	pdf.Line(x, y, x+size, y+size)
	pdf.Line(x+size, y, x, y+size)
}

// missLegend explains the cross in one line.
func (rd *reportDoc) missLegend() {
	pdf := rd.pdfWith(sizeSmall, colMuted)
	y := pdf.GetY()
	lh := lineHeight(sizeSmall)
	drawMiss(pdf, marginX+0.5, y+(lh-missMarkSize)/2, missMarkSize)
	rd.setFont(sizeSmall, colMuted)
	text := Sanitize(rd.T("report.miss_legend", "Target missed (red, crossed)"))
	pdf.SetXY(marginX+missMarkSize+1, y)
	pdf.CellFormat(contentW-missMarkSize-1, lh, text, "", 0, "L", false, 0, "")
	pdf.SetXY(marginX, y+lh+1)
}

// figureLabel names a figure line: the figure, or for a breakdown line
// its kind, mode or payment method under the figure (indented), or with
// the figure's name when the figure has no line of its own (completion
// times by mode).
func (rd *reportDoc) figureLabel(f models.Figure) (string, bool) {
	name := rd.T(f.LabelKey(), f.Key)
	if f.Sub == "" {
		return name, false
	}
	sub := rd.T(f.SubKey, f.Sub)
	if rd.r.Figure(f.Key, "") == nil {
		return name + " — " + sub, false
	}
	return "    · " + sub, true
}

// figures lists every figure, group by group.
func (rd *reportDoc) figures() {
	rd.AddPage()
	cols := []Column{
		{Title: rd.T("kpi.figure", "Figure"), Width: 62},
		{Title: rd.T("kpi.this_month", "This month"), Width: 29, Align: "R"},
		{Title: rd.T("report.col.detail", "Detail"), Width: 33, Align: "R"},
		{Title: rd.T("kpi.prev_month", "Previous month"), Width: 29, Align: "R"},
		{Title: rd.T("kpi.target", "Target"), Width: 27, Align: "C"},
	}
	missed := rd.T("kpi.missed", "Missed")
	first := true
	for _, g := range models.FigureGroups {
		var rows [][]tableCell
		for _, f := range rd.r.Figures {
			if f.Group != g {
				continue
			}
			label, sub := rd.figureLabel(f)
			row := []tableCell{{text: label}, {text: f.ValueText(rd.mt)}, {text: f.DetailText(rd.mt)},
				{text: f.PrevText(rd.mt)}, {text: f.TargetText()}}
			if sub {
				row[0].ink = &colMuted
			}
			if f.Missed {
				row[1].ink, row[4].ink = &colWarn, &colWarn
				row[4].text = joinNonEmpty("\n", row[4].text, missed)
				row[1].paint = func(x, y, w, h float64, first bool) {
					if first {
						drawMiss(rd.pdf, x+1.6, y+padV+(lineHeight(sizeTable)-missMarkSize)/2, missMarkSize)
					}
				}
				for i := range row {
					row[i].fill = &colMissFill
				}
			}
			rows = append(rows, row)
		}
		if len(rows) == 0 {
			continue
		}
		rd.room(keepWithHeading)
		rd.Heading(rd.T(models.GroupKey(g), g))
		if first {
			rd.missLegend()
			first = false
		}
		rd.table(cols, rows)
	}
}

// staffShare is a person's share as the figures show one: "92.3% (12 / 13)".
func (rd *reportDoc) staffShare(s models.Share) string {
	v, ok := s.Value()
	f := models.Figure{Unit: models.UnitShare, Value: v, OK: ok, Share: s}
	if d := f.DetailText(rd.mt); d != "" {
		return f.ValueText(rd.mt) + "\n" + d
	}
	return f.ValueText(rd.mt)
}

// staff is the per-person table; penalties, rewards and net are marked
// provisional until the month close is approved.
func (rd *reportDoc) staff() {
	rd.room(keepWithHeading + 12)
	rd.Heading(rd.T("report.staff", "Per staff member"))
	if len(rd.r.Staff) == 0 {
		rd.Note(rd.T("report.staff_none", "Nobody worked on a ticket this month."))
		return
	}
	provisional := false
	for _, s := range rd.r.Staff {
		provisional = provisional || s.Provisional
	}
	if provisional {
		rd.notice(rd.T("report.staff_provisional", "Penalties, rewards and net are provisional: the general manager has not approved this month's penalties and rewards yet."))
	}
	cols := []Column{
		{Title: rd.T("kpi.staff.name", "Staff member"), Width: 30},
		{Title: rd.T("kpi.staff.jobs", "Jobs done"), Width: 17, Align: "R"},
		{Title: rd.T("kpi.staff.on_time", "On time"), Width: 23, Align: "R"},
		{Title: rd.T("kpi.staff.satisfaction", "Satisfaction"), Width: 23, Align: "R"},
		{Title: rd.T("kpi.staff.complaints", "Complaints"), Width: 20, Align: "R"},
		{Title: rd.T("kpi.staff.penalties", "Penalties"), Width: 22, Align: "R"},
		{Title: rd.T("kpi.staff.rewards", "Rewards"), Width: 22, Align: "R"},
		{Title: rd.T("kpi.staff.net", "Net"), Width: 23, Align: "R"},
	}
	mark := rd.T("kpi.provisional", "Provisional")
	rows := make([][]tableCell, 0, len(rd.r.Staff))
	for _, s := range rd.r.Staff {
		net := tableCell{text: signedMoney(s.Net)}
		if s.Provisional {
			net.text += "\n" + mark
			net.ink = &colWarn
		}
		rows = append(rows, []tableCell{{text: dash(s.Name)}, {text: strconv.Itoa(s.Jobs)}, {text: rd.staffShare(s.OnTime)},
			{text: rd.staffShare(s.Satisfaction)}, {text: strconv.Itoa(s.Complaints)},
			{text: s.Penalties.Yuan()}, {text: s.Rewards.Yuan()}, net})
	}
	rd.table(cols, rows)
}

// conduct is the month's penalty and reward summary with its totals and
// where the month close stands.
func (rd *reportDoc) conduct() {
	r := rd.r
	rd.HeadingAside(rd.T("report.conduct", "Penalties and rewards"), rd.closeStatus())
	if len(r.Conduct) == 0 {
		rd.Note(rd.T("print.statement.no_records", "No penalties or rewards were recorded this month."))
		return
	}
	s := Statement{Summary: r.Conduct, Totals: models.TotalOf(r.Conduct)}
	rd.summaryTable(&s)
	if !rd.final() {
		rd.notice(rd.T("print.statement.provisional", "Provisional: the general manager has not approved this month yet. The amounts may still change; do not pay or deduct them."))
	}
}

// signOff ends the report with the business manager's and the general
// manager's boxes: names and times from the month close once done, blank
// date lines for a pen otherwise.
func (rd *reportDoc) signOff() {
	c := rd.r.Close
	at := func(p *time.Time) time.Time {
		if p == nil {
			return time.Time{}
		}
		return p.In(rd.loc)
	}
	compiled := SignOff{Name: c.CompiledBy, At: at(c.CompiledAt)}
	approved := SignOff{Name: c.ApprovedBy, At: at(c.ApprovedAt)}
	if c.Status == models.MonthOpen || c.Status == models.MonthReturned || c.Status == "" {
		// Sent back or never compiled: the earlier signatures no longer stand.
		compiled, approved = SignOff{}, SignOff{}
	}
	rd.signatureBlock(signatureSpec{
		hint: rd.T("report.sign_hint", "The business manager compiles this report; the general manager approves it."),
		boxes: []sigBox{
			rd.signOffBox(rd.T("print.statement.compiled_by", "Compiled by (business manager)"), compiled),
			rd.signOffBox(rd.T("print.statement.approved_by", "Approved by (general manager)"), approved),
		},
		height: reportSigH,
	})
}
