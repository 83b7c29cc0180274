package app

import (
	"bytes"
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"

	"aftercare/models"
	"aftercare/printing"
)

// The month's report as an Excel workbook for finance (issue 7): a sheet
// of figures, one of staff and one listing the month's tickets with their
// times. Numbers are written as numbers (shares as 0.923 shown as 92.3%,
// money in yuan with two decimals, hours as hours) and times as real
// Excel date-times in the shop's time zone, so finance can filter and
// sum; each sheet's header row is frozen and filtered.

// Number formats of the workbook.
const (
	xlsxShare    = "0.0%"
	xlsxMoney    = "#,##0.00"
	xlsxHours    = "0.0"
	xlsxCount    = "0"
	xlsxDateTime = "yyyy-mm-dd hh:mm"
	xlsxDate     = "yyyy-mm-dd"
)

// xlsxBook is a workbook being written, with its styles by number format.
type xlsxBook struct {
	f      *excelize.File
	t      printing.Translator
	styles map[string]int
	header int
}

// style returns the id of the style showing numbers in format.
func (b *xlsxBook) style(format string) (int, error) {
	if id, ok := b.styles[format]; ok {
		return id, nil
	}
	f := format
	id, err := b.f.NewStyle(&excelize.Style{CustomNumFmt: &f})
	if err != nil {
		return 0, err
	}
	b.styles[format] = id
	return id, nil
}

// xcell is one cell: a value and the number format it is shown in ("" for
// text and whole numbers as they are).
type xcell struct {
	v      any
	format string
}

// excelTime is t as Excel stores it: the shop's wall-clock time, since a
// workbook has no time zones (excelize counts from a UTC epoch).
func excelTime(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
}

// timeCell is a date-time cell, or an empty one for a step not reached.
func timeCell(t *time.Time, loc *time.Location) xcell {
	if t == nil || t.IsZero() {
		return xcell{}
	}
	return xcell{excelTime(t.In(loc)), xlsxDateTime}
}

// sheet writes one sheet through a stream writer (a month of a large
// shop has thousands of tickets): the header row, the rows, the column
// widths, the frozen header and the filter over everything.
func (b *xlsxBook) sheet(index int, name string, headers []string, widths []float64, rows [][]xcell) error {
	f := b.f
	if index == 0 {
		if err := f.SetSheetName(f.GetSheetName(0), name); err != nil {
			return err
		}
	} else if _, err := f.NewSheet(name); err != nil {
		return err
	}
	end, err := excelize.CoordinatesToCellName(len(headers), len(rows)+1)
	if err != nil {
		return err
	}
	// The used range and the filter go on the sheet before it is
	// streamed; readers that trust the range (pandas in read-only mode)
	// would otherwise see one cell.
	if err := f.SetSheetDimension(name, "A1:"+end); err != nil {
		return err
	}
	if err := f.AutoFilter(name, "A1:"+end, nil); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	values := make([]any, len(headers))
	for i, h := range headers {
		values[i] = excelize.Cell{StyleID: b.header, Value: h}
	}
	if err := sw.SetRow("A1", values); err != nil {
		return err
	}
	for r, row := range rows {
		for i := range values {
			values[i] = nil
			if i >= len(row) || row[i].v == nil {
				continue
			}
			c := excelize.Cell{Value: row[i].v}
			if row[i].format != "" {
				if c.StyleID, err = b.style(row[i].format); err != nil {
					return err
				}
			}
			values[i] = c
		}
		cell, err := excelize.CoordinatesToCellName(1, r+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, values); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// figureNumber is a figure's value as a number in its unit: shares from 0
// to 1, money in yuan, hours and days; the "no data" text otherwise.
func figureNumber(u models.Unit, v float64, ok bool, t printing.Translator) xcell {
	if !ok {
		return xcell{v: t("kpi.no_data", "no data")}
	}
	switch u {
	case models.UnitShare:
		return xcell{v, xlsxShare}
	case models.UnitMoney:
		return xcell{v / 100, xlsxMoney}
	case models.UnitHours, models.UnitDays:
		return xcell{v, xlsxHours}
	}
	return xcell{v, xlsxCount}
}

// unitText names a figure's unit in the unit column.
func unitText(u models.Unit, t printing.Translator) string {
	switch u {
	case models.UnitShare:
		return "%"
	case models.UnitHours:
		return t("kpi.unit.hours", "h")
	case models.UnitDays:
		return t("kpi.unit.days", "d")
	case models.UnitMoney:
		return t("report.unit.yuan", "yuan")
	}
	return ""
}

// shareCell is a person's share as a number, "no data" when empty.
func shareCell(s models.Share, t printing.Translator) xcell {
	v, ok := s.Value()
	return figureNumber(models.UnitShare, v, ok, t)
}

// moneyCell is an amount in yuan.
func moneyCell(m models.Money) xcell { return xcell{float64(m) / 100, xlsxMoney} }

// monthReportXLSX writes the month's report r as an Excel workbook,
// labelled by t.
func monthReportXLSX(r *models.MonthReport, t printing.Translator) ([]byte, error) {
	t = slipTranslator(t)
	f := excelize.NewFile()
	defer f.Close()
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E2EAEF"}},
		Border: []excelize.Border{{Type: "bottom", Color: "8A96A3", Style: 1}}})
	if err != nil {
		return nil, fmt.Errorf("report %s: excel: %w", r.Month, err)
	}
	b := &xlsxBook{f: f, t: t, styles: map[string]int{}, header: header}
	title := t("report.title", "Monthly after-sales report") + " " + r.Month
	if err := f.SetDocProps(&excelize.DocProperties{Title: title, Creator: "Aftercare", Created: excelTime(r.GeneratedAt).Format(time.RFC3339)}); err != nil {
		return nil, fmt.Errorf("report %s: excel: %w", r.Month, err)
	}
	loc := r.Start.Location()
	if err := b.sheet(0, t("report.sheet.figures", "Figures"), []string{
		t("kpi.figure", "Figure"), t("report.col.breakdown", "Breakdown"), t("report.col.unit", "Unit"),
		t("kpi.this_month", "This month"), t("kpi.median", "median"), t("kpi.prev_month", "Previous month"),
		t("kpi.target", "Target"), t("kpi.missed", "Missed"),
	}, []float64{30, 18, 8, 14, 12, 14, 10, 10}, figureRows(r, t)); err != nil {
		return nil, fmt.Errorf("report %s: excel figures: %w", r.Month, err)
	}
	if err := b.sheet(1, t("report.sheet.staff", "Staff"), []string{
		t("kpi.staff.name", "Staff member"), t("kpi.staff.jobs", "Jobs done"), t("kpi.staff.on_time", "On time"),
		t("kpi.staff.satisfaction", "Satisfaction"), t("kpi.staff.complaints", "Complaints"),
		t("report.col.penalties", "Penalties (yuan)"), t("report.col.rewards", "Rewards (yuan)"), t("report.col.net", "Net (yuan)"),
		t("kpi.provisional", "Provisional"),
	}, []float64{16, 10, 10, 10, 10, 14, 14, 14, 10}, staffRows(r, t)); err != nil {
		return nil, fmt.Errorf("report %s: excel staff: %w", r.Month, err)
	}
	if err := b.sheet(2, t("report.sheet.tickets", "Tickets"), []string{
		t("report.col.number", "Ticket no."), t("report.col.kind", "Kind"), t("report.col.mode", "Mode"),
		t("report.col.status", "Status"), t("report.col.technician", "Technician"), t("report.col.reported", "Reported"),
		t("report.col.first_contact", "First contact"), t("report.col.first_response_hours", "First response (hours)"),
		t("report.col.appt_day", "Appointment day"), t("report.col.appt_half", "Half day"),
		t("report.col.arrived", "Arrived"), t("report.col.done", "Done"), t("report.col.closed", "Closed"),
		t("report.col.on_time", "On time"), t("report.col.resched_shop", "Reschedules (shop)"),
		t("report.col.resched_customer", "Reschedules (customer)"), t("report.col.charged", "Charged (yuan)"),
		t("report.col.paid", "Paid (yuan)"),
	}, []float64{17, 10, 10, 14, 10, 17, 17, 10, 12, 8, 17, 17, 17, 8, 10, 10, 12, 12}, ticketRows(r, t, loc)); err != nil {
		return nil, fmt.Errorf("report %s: excel tickets: %w", r.Month, err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("report %s: excel: %w", r.Month, err)
	}
	return buf.Bytes(), nil
}

// figureRows are the figures in report order, a breakdown line naming
// its kind, mode or payment method.
func figureRows(r *models.MonthReport, t printing.Translator) [][]xcell {
	rows := make([][]xcell, 0, len(r.Figures))
	missed := t("kpi.missed", "Missed")
	for _, f := range r.Figures {
		sub := ""
		if f.Sub != "" {
			sub = t(f.SubKey, f.Sub)
		}
		median := xcell{}
		if (f.Unit == models.UnitHours || f.Unit == models.UnitDays) && f.OK && f.DetailText(models.Translate(t)) != "" {
			median = xcell{f.Median, xlsxHours}
		}
		mark := ""
		if f.Missed {
			mark = missed
		}
		rows = append(rows, []xcell{{v: t(f.LabelKey(), f.Key)}, {v: sub}, {v: unitText(f.Unit, t)},
			figureNumber(f.Unit, f.Value, f.OK, t), median, figureNumber(f.Unit, f.Prev, f.PrevOK, t),
			{v: f.TargetText()}, {v: mark}})
	}
	return rows
}

// staffRows are the per-person lines.
func staffRows(r *models.MonthReport, t printing.Translator) [][]xcell {
	rows := make([][]xcell, 0, len(r.Staff))
	for _, s := range r.Staff {
		prov := ""
		if s.Provisional {
			prov = t("kpi.provisional", "Provisional")
		}
		rows = append(rows, []xcell{{v: s.Name}, {s.Jobs, xlsxCount}, shareCell(s.OnTime, t), shareCell(s.Satisfaction, t),
			{s.Complaints, xlsxCount}, moneyCell(s.Penalties), moneyCell(s.Rewards), moneyCell(s.Net), {v: prov}})
	}
	return rows
}

// ticketRows are the month's tickets with their times.
func ticketRows(r *models.MonthReport, t printing.Translator, loc *time.Location) [][]xcell {
	rows := make([][]xcell, 0, len(r.Tickets))
	label := func(prefix, v string) xcell {
		if v == "" {
			return xcell{}
		}
		return xcell{v: t(prefix+v, v)}
	}
	for _, tk := range r.Tickets {
		first := xcell{}
		if tk.HasFirstResponse {
			first = xcell{tk.FirstResponseHours, xlsxHours}
		}
		appt := xcell{}
		if tk.ApptDate != nil {
			appt = xcell{excelTime(*tk.ApptDate), xlsxDate}
		}
		onTime := xcell{}
		switch tk.OnTime {
		case "yes":
			onTime.v = t("report.yes", "yes")
		case "no":
			onTime.v = t("report.no", "no")
		}
		reported := tk.ReportedAt
		rows = append(rows, []xcell{{v: tk.Number}, label("kind.", string(tk.Kind)), label("mode.", string(tk.Mode)),
			label("status.", string(tk.Status)), {v: tk.Technician}, timeCell(&reported, loc), timeCell(tk.FirstContactAt, loc),
			first, appt, label("half.", string(tk.ApptHalf)), timeCell(tk.ArrivedAt, loc), timeCell(tk.RepairedAt, loc),
			timeCell(tk.ClosedAt, loc), onTime, {tk.ReschedulesShop, xlsxCount}, {tk.ReschedulesCust, xlsxCount},
			moneyCell(tk.Charged), moneyCell(tk.Paid)})
	}
	return rows
}
