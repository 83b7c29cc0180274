package printing

import (
	"math"
	"strconv"

	"aftercare/models"
)

// The monthly report's charts, drawn with gofpdf lines and rectangles so
// they print sharp and need no image library: tickets received per day
// stacked by kind, each rate against its target, and the main rates of
// the last twelve months.

// Chart geometry, in millimetres and points.
const (
	chartAxisW    = 11.0 // y-axis labels left of a plot
	chartDailyH   = 58.0
	chartTrendH   = 62.0
	chartRateRowH = 7.0
	chartRateBarH = 3.6
	chartRateLblW = 58.0
	chartRateValW = 18.0
	chartLabel    = 6.5 // axis labels
	chartLegend   = 7.5
	chartLegendH  = 6.0
	chartSwatch   = 3.0
)

// chartColours are the series colours, distinct in print and on screen.
var chartColours = []rgb{
	{28, 104, 140},  // accent blue
	{224, 130, 41},  // orange
	{76, 150, 86},   // green
	{142, 84, 160},  // purple
	{196, 64, 64},   // red
	{120, 128, 138}, // grey
	{200, 170, 40},  // ochre
	{60, 170, 180},  // teal
}

// charts draws the three charts, each on the page where it fits whole.
func (rd *reportDoc) charts() {
	rd.dailyChart()
	rd.ratesChart()
	rd.trendChart()
}

// room moves to a new page unless h millimetres and a heading fit.
func (rd *reportDoc) room(h float64) {
	if rd.pdf.GetY()+h+12 > contentLimit {
		rd.AddPage()
	}
}

// label writes a short text in a box at (x, y) of width w.
func (rd *reportDoc) label(text string, x, y, w float64, size float64, c rgb, align string) {
	rd.setFont(size, c)
	rd.pdf.SetXY(x, y)
	lines := WrapText(rd.pdf, Sanitize(text), math.Max(w-2*padH, 1))
	if len(lines) > 0 {
		rd.pdf.CellFormat(w, lineHeight(size), lines[0], "", 0, align, false, 0, "")
	}
}

// legend draws coloured swatches with their labels from the left margin
// at y, wrapping to a second row when needed; it returns the height used.
func (rd *reportDoc) legend(y float64, labels []string, colours []rgb, line bool) float64 {
	pdf := rd.pdfWith(chartLegend, colInk)
	x, top := marginX, y
	lh := lineHeight(chartLegend)
	for i, l := range labels {
		l = Sanitize(l)
		w := chartSwatch + 1.2 + pdf.GetStringWidth(l) + 5
		if x+w > marginX+contentW && x > marginX {
			x, y = marginX, y+lh+0.6
		}
		c := colours[i%len(colours)]
		if line {
			pdf.SetDrawColor(c.r, c.g, c.b)
			pdf.SetLineWidth(0.7)
			pdf.Line(x, y+lh/2, x+chartSwatch+1, y+lh/2)
			pdf.SetFillColor(c.r, c.g, c.b)
			pdf.Circle(x+(chartSwatch+1)/2, y+lh/2, 0.7, "F")
		} else {
			pdf.SetFillColor(c.r, c.g, c.b)
			pdf.Rect(x, y+(lh-chartSwatch)/2, chartSwatch, chartSwatch, "F")
		}
		rd.setFont(chartLegend, colInk)
		pdf.SetXY(x+chartSwatch+1.2, y)
		pdf.CellFormat(pdf.GetStringWidth(l)+2*padH, lh, l, "", 0, "L", false, 0, "")
		x += w
	}
	return y + lh - top
}

// gridY draws the horizontal grid lines and their labels of a plot from
// top to top+h for values 0..hi in steps, labelled by text.
func (rd *reportDoc) gridY(x, top, w, h, hi, step float64, text func(float64) string) {
	pdf := rd.pdf
	for v := 0.0; v <= hi+1e-9; v += step {
		y := top + h - v/hi*h
		pdf.SetDrawColor(colRule.r, colRule.g, colRule.b)
		pdf.SetLineWidth(0.15)
		if v == 0 {
			pdf.SetDrawColor(colMuted.r, colMuted.g, colMuted.b)
			pdf.SetLineWidth(0.3)
		}
		pdf.Line(x, y, x+w, y)
		rd.label(text(v), x-chartAxisW, y-lineHeight(chartLabel)/2, chartAxisW-0.5, chartLabel, colMuted, "R")
	}
}

// dailyChart is the tickets received on each day of the month, a bar per
// day stacked by kind, with a legend giving each kind's month total.
func (rd *reportDoc) dailyChart() {
	days := rd.r.Days
	rd.room(chartDailyH + 2*chartLegendH)
	rd.Heading(rd.T("report.chart.daily", "Tickets received per day, by kind"))
	pdf := rd.pdf
	top := pdf.GetY() + 2
	x0 := marginX + chartAxisW
	w := contentW - chartAxisW
	h := chartDailyH - 8
	st := models.StackDays(days)
	topV, step := models.CountScale(st.Peak, 4)
	maxV := float64(topV)
	rd.gridY(x0, top, w, h, maxV, float64(step), func(v float64) string { return strconv.Itoa(int(v)) })
	if st.Peak == 0 || len(days) == 0 {
		rd.label(rd.T("kpi.no_data", "no data"), x0, top+h/2-3, w, sizeField, colMuted, "C")
	}
	slot := w / float64(max(len(days), 1))
	bw := slot * 0.68
	for i, d := range days {
		x := x0 + float64(i)*slot + (slot-bw)/2
		y := top + h
		for ki, k := range st.Kinds {
			n := d.ByKind[k]
			if n == 0 {
				continue
			}
			bh := float64(n) / maxV * h
			c := chartColours[ki%len(chartColours)]
			pdf.SetFillColor(c.r, c.g, c.b)
			pdf.Rect(x, y-bh, bw, bh, "F")
			y -= bh
		}
		if len(days) <= 16 || i%2 == 0 || i == len(days)-1 {
			rd.label(strconv.Itoa(d.Day.Day()), x0+float64(i)*slot-2, top+h+0.8, slot+4, chartLabel, colMuted, "C")
		}
	}
	labels := make([]string, len(st.Kinds))
	for i, k := range st.Kinds {
		labels[i] = rd.T("kind."+string(k), string(k)) + " " + strconv.Itoa(st.Totals[k])
	}
	y := top + h + lineHeight(chartLabel) + 2
	if len(labels) > 0 {
		y += rd.legend(y, labels, chartColours, false)
	}
	pdf.SetXY(marginX, y+2)
}

// ratesChart is each rate as a horizontal bar from 0 to 100 %, red when
// it misses its target, with the target drawn as a line across its row.
func (rd *reportDoc) ratesChart() {
	rates := rd.r.Rates()
	h := float64(len(rates))*chartRateRowH + lineHeight(chartLabel) + chartLegendH + 4
	rd.room(h)
	rd.Heading(rd.T("report.chart.rates", "Rates against their targets"))
	pdf := rd.pdf
	top := pdf.GetY() + 1
	x0 := marginX + chartRateLblW
	w := contentW - chartRateLblW - chartRateValW
	plotH := float64(len(rates)) * chartRateRowH
	for v := 0; v <= 100; v += 25 {
		x := x0 + float64(v)/100*w
		pdf.SetDrawColor(colRule.r, colRule.g, colRule.b)
		pdf.SetLineWidth(0.15)
		pdf.Line(x, top, x, top+plotH)
		rd.label(strconv.Itoa(v)+"%", x-8, top+plotH+0.5, 16, chartLabel, colMuted, "C")
	}
	good, bad := colAccent, colWarn
	for i, f := range rates {
		y := top + float64(i)*chartRateRowH
		rd.label(rd.T(f.LabelKey(), f.Key), marginX, y+(chartRateRowH-lineHeight(sizeSmall))/2, chartRateLblW-1, sizeSmall, colInk, "L")
		by := y + (chartRateRowH-chartRateBarH)/2
		pdf.SetFillColor(colLabelFill.r, colLabelFill.g, colLabelFill.b)
		pdf.Rect(x0, by, w, chartRateBarH, "F")
		ink := colInk
		if f.OK {
			c := good
			if f.Missed {
				c, ink = bad, bad
			}
			pdf.SetFillColor(c.r, c.g, c.b)
			pdf.Rect(x0, by, math.Max(math.Min(f.Value, 1)*w, 0.3), chartRateBarH, "F")
		}
		if f.Target != nil {
			tx := x0 + math.Min(f.Target.Value, 1)*w
			pdf.SetDrawColor(colInk.r, colInk.g, colInk.b)
			pdf.SetLineWidth(0.6)
			pdf.Line(tx, y+0.5, tx, y+chartRateRowH-0.5)
		}
		rd.label(f.ValueText(rd.mt), x0+w+0.5, y+(chartRateRowH-lineHeight(sizeSmall))/2, chartRateValW-0.5, sizeSmall, ink, "R")
	}
	y := top + plotH + lineHeight(chartLabel) + 1.5
	y += rd.legend(y, []string{rd.T("report.chart.rate", "Rate"), rd.T("kpi.missed", "Missed")}, []rgb{good, bad}, false)
	// The target's swatch is the line it is drawn with.
	rd.setFont(chartLegend, colInk)
	lbl := Sanitize(rd.T("kpi.target", "Target"))
	lx := marginX + contentW - pdf.GetStringWidth(lbl) - 2*padH - 4
	pdf.SetDrawColor(colInk.r, colInk.g, colInk.b)
	pdf.SetLineWidth(0.6)
	pdf.Line(lx, y-lineHeight(chartLegend)+0.6, lx, y-0.6)
	pdf.SetXY(lx+1, y-lineHeight(chartLegend))
	pdf.CellFormat(pdf.GetStringWidth(lbl)+2*padH, lineHeight(chartLegend), lbl, "", 0, "L", false, 0, "")
	pdf.SetXY(marginX, y+2)
}

// trendChart is the main rates of the last twelve months as lines from
// 0 to 100 %; a month with no data breaks its line.
func (rd *reportDoc) trendChart() {
	pts := rd.r.Trend
	rd.room(chartTrendH + chartLegendH)
	rd.Heading(rd.T("report.chart.trend", "Main rates over the last 12 months"))
	pdf := rd.pdf
	top := pdf.GetY() + 2
	x0 := marginX + chartAxisW
	w := contentW - chartAxisW - 4
	h := chartTrendH - 12
	rd.gridY(x0, top, w, h, 1, 0.25, func(v float64) string { return strconv.Itoa(int(math.Round(v*100))) + "%" })
	slot := w / float64(max(len(pts), 1))
	xAt := func(i int) float64 { return x0 + slot*(float64(i)+0.5) }
	for i := range pts {
		rd.label(models.TrendMonthLabel(pts, i), xAt(i)-slot/2-3, top+h+0.8, slot+6, chartLabel, colMuted, "C")
	}
	labels := make([]string, len(models.TrendRates))
	drawn := 0
	for si, s := range models.TrendRates {
		labels[si] = rd.T(s.LabelKey(), s.Key)
		c := chartColours[si%len(chartColours)]
		pdf.SetDrawColor(c.r, c.g, c.b)
		pdf.SetFillColor(c.r, c.g, c.b)
		pdf.SetLineWidth(0.6)
		var px, py float64
		dots := s.Dots(pts)
		for _, d := range dots {
			x, y := xAt(d.I), top+h-math.Min(math.Max(d.Value, 0), 1)*h
			if d.Joined {
				pdf.Line(px, py, x, y)
			}
			pdf.Circle(x, y, 0.8, "F")
			px, py = x, y
		}
		drawn += len(dots)
		if len(dots) == 0 { // a line that is nowhere says so in the legend
			labels[si] += " (" + rd.T("kpi.no_data", "no data") + ")"
		}
	}
	if drawn == 0 {
		rd.label(rd.T("kpi.no_data", "no data"), x0, top+h/2-3, w, sizeField, colMuted, "C")
	}
	y := top + h + lineHeight(chartLabel) + 2
	y += rd.legend(y, labels, chartColours, true)
	pdf.SetXY(marginX, y+2)
}
