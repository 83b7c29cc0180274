package screens

import (
	"fmt"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/models"
)

// The dashboard's charts (issue 7), drawn with Fyne's canvas primitives
// so they need no image library and follow the theme: tickets received
// per day stacked by kind, each rate against its target, and the main
// rates of the last 12 months. Each chart is a plot whose objects are
// drawn again for its size whenever it is laid out or its data changes.

// plot is a chart widget: draw returns its objects for a size.
type plot struct {
	widget.BaseWidget
	min  fyne.Size
	draw func(size fyne.Size) []fyne.CanvasObject
}

// newPlot makes a chart at least min in size.
func newPlot(min fyne.Size, draw func(fyne.Size) []fyne.CanvasObject) *plot {
	p := &plot{min: min, draw: draw}
	p.ExtendBaseWidget(p)
	return p
}

// setMinHeight changes how tall the chart wants to be (the rate chart
// grows with its rows).
func (p *plot) setMinHeight(h float32) {
	p.min.Height = h
	p.Refresh()
}

// CreateRenderer draws the chart for its size.
func (p *plot) CreateRenderer() fyne.WidgetRenderer { return &plotRenderer{p: p} }

type plotRenderer struct {
	p    *plot
	size fyne.Size
	objs []fyne.CanvasObject
}

// Layout draws the chart again for the new size.
func (r *plotRenderer) Layout(s fyne.Size) {
	r.size = s
	r.objs = r.p.draw(s)
}

func (r *plotRenderer) MinSize() fyne.Size { return r.p.min }

// Refresh draws the chart again with its data.
func (r *plotRenderer) Refresh() {
	r.objs = r.p.draw(r.size)
	canvas.Refresh(r.p)
}

func (r *plotRenderer) Objects() []fyne.CanvasObject { return r.objs }

func (r *plotRenderer) Destroy() {}

// Drawing helpers; positions are inside the plot.

func chartText(s string, size float32, c color.Color, x, y float32, align fyne.TextAlign) *canvas.Text {
	t := canvas.NewText(s, c)
	t.TextSize = size
	w := fyne.MeasureText(s, size, t.TextStyle).Width
	switch align {
	case fyne.TextAlignTrailing:
		x -= w
	case fyne.TextAlignCenter:
		x -= w / 2
	}
	t.Move(fyne.NewPos(x, y))
	t.Resize(fyne.NewSize(w, size*1.4))
	return t
}

func chartRect(c color.Color, x, y, w, h float32) *canvas.Rectangle {
	r := canvas.NewRectangle(c)
	r.Move(fyne.NewPos(x, y))
	r.Resize(fyne.NewSize(w, h))
	return r
}

func chartLine(c color.Color, width, x1, y1, x2, y2 float32) *canvas.Line {
	l := canvas.NewLine(c)
	l.StrokeWidth = width
	l.Position1, l.Position2 = fyne.NewPos(x1, y1), fyne.NewPos(x2, y2)
	return l
}

// chartEmpty is a chart with nothing to draw: the reason, centred.
func chartEmpty(size fyne.Size, text string) []fyne.CanvasObject {
	ts := theme.Size(theme.SizeNameText)
	return []fyne.CanvasObject{chartText(text, ts, theme.Color(theme.ColorNamePlaceHolder), size.Width/2, size.Height/2-ts/2, fyne.TextAlignCenter)}
}

// kindColor is a kind's colour in the day chart and its legend.
func kindColor(k models.TicketKind) color.Color {
	name := map[models.TicketKind]string{
		models.KindRepair: theme.ColorBlue, models.KindDelivery: theme.ColorGreen, models.KindConsultation: theme.ColorGray,
		models.KindPart: theme.ColorOrange, models.KindReturn: theme.ColorPurple, models.KindComplaint: theme.ColorRed,
	}[k]
	if name == "" {
		name = theme.ColorBrown
	}
	return theme.PrimaryColorNamed(name)
}

// chartLegend is a row of colour swatches with their names.
func chartLegend(colors []color.Color, names []string) *fyne.Container {
	box := container.NewHBox()
	for i, c := range colors {
		box.Add(dispatchSwatch(c, names[i]))
	}
	return box
}

// dayChart draws the tickets received per day of the month, stacked by
// kind, with the count axis on the left and day numbers below.
func dayChart(days []models.DayCount) func(fyne.Size) []fyne.CanvasObject {
	st := models.StackDays(days)
	return func(size fyne.Size) []fyne.CanvasObject {
		if st.Peak == 0 || size.Width < 60 || size.Height < 40 {
			return chartEmpty(size, T("dashboard.chart.no_tickets", "No tickets were received this month."))
		}
		cs := theme.Size(theme.SizeNameCaptionText)
		fg, grid := theme.Color(theme.ColorNameForeground), theme.Color(theme.ColorNameSeparator)
		topN, step := models.CountScale(st.Peak, 2)
		top := float64(topN)
		left := fyne.MeasureText(fmt.Sprint(topN), cs, fyne.TextStyle{}).Width + 8
		x0, y0, x1, y1 := left, cs/2+2, size.Width-4, size.Height-cs*1.6
		var objs []fyne.CanvasObject
		for v := 0; v <= topN; v += step {
			y := y1 - float32(float64(v)/top)*(y1-y0)
			objs = append(objs, chartLine(grid, 1, x0, y, x1, y),
				chartText(fmt.Sprint(v), cs, fg, x0-4, y-cs*0.7, fyne.TextAlignTrailing))
		}
		slot := (x1 - x0) / float32(len(days))
		bar := max(1, slot*0.7)
		for i, d := range days {
			x := x0 + slot*float32(i) + (slot-bar)/2
			y := y1
			for _, k := range st.Kinds {
				n := d.ByKind[k]
				if n == 0 {
					continue
				}
				h := float32(float64(n) / top * float64(y1-y0))
				objs = append(objs, chartRect(kindColor(k), x, y-h, bar, h))
				y -= h
			}
			day := d.Day.Day()
			if day == 1 || day%5 == 0 || i == len(days)-1 && day%5 > 2 {
				objs = append(objs, chartText(fmt.Sprint(day), cs, fg, x+bar/2, y1+2, fyne.TextAlignCenter))
			}
		}
		return objs
	}
}

// dayLegend names the kinds received in the month, in the chart's colours.
func dayLegend(days []models.DayCount) *fyne.Container {
	var colors []color.Color
	var names []string
	for _, k := range models.StackDays(days).Kinds {
		colors, names = append(colors, kindColor(k)), append(names, KindLabel(k))
	}
	return chartLegend(colors, names)
}

// rateRowHeight is the height of one rate's bar in the rate chart.
const rateRowHeight = 28

// rateChart draws each rate as a horizontal bar from 0 to 100 %, red when
// it misses its target, green when it meets one, with the target drawn as
// a vertical line across the bar; the value and the target on the right.
func rateChart(figs []models.Figure) func(fyne.Size) []fyne.CanvasObject {
	return func(size fyne.Size) []fyne.CanvasObject {
		if len(figs) == 0 || size.Width < 200 {
			return nil
		}
		ts, cs := theme.Size(theme.SizeNameText), theme.Size(theme.SizeNameCaptionText)
		fg, dim := theme.Color(theme.ColorNameForeground), theme.Color(theme.ColorNamePlaceHolder)
		labelW := min(size.Width*0.36, 240)
		valueW := float32(150)
		x0, x1 := labelW+8, size.Width-valueW
		var objs []fyne.CanvasObject
		for i, f := range figs {
			y := float32(i)*rateRowHeight + 4
			label := boardFit(T(f.LabelKey(), f.Key), ts, false, labelW)
			objs = append(objs, chartText(label, ts, fg, 0, y+2, fyne.TextAlignLeading))
			barY, barH := y+4, float32(rateRowHeight-10)
			objs = append(objs, chartRect(theme.Color(theme.ColorNameInputBackground), x0, barY, x1-x0, barH))
			value := f.ValueText(func(k, fb string) string { return T(k, fb) })
			if f.OK {
				c := theme.Color(theme.ColorNamePrimary)
				switch {
				case f.Missed:
					c = theme.Color(theme.ColorNameError)
				case f.Target != nil:
					c = theme.Color(theme.ColorNameSuccess)
				}
				if w := float32(f.Value) * (x1 - x0); w > 0 {
					objs = append(objs, chartRect(c, x0, barY, w, barH))
				}
			}
			if f.Target != nil {
				tx := x0 + float32(f.Target.Value)*(x1-x0)
				objs = append(objs, chartLine(fg, 2, tx, barY-3, tx, barY+barH+3))
			}
			vc := fg
			if f.Missed {
				vc = theme.Color(theme.ColorNameError)
			} else if !f.OK {
				vc = dim
			}
			objs = append(objs, chartText(value, ts, vc, x1+8, y+2, fyne.TextAlignLeading))
			if t := f.TargetText(); t != "" {
				objs = append(objs, chartText(t, cs, dim, size.Width, y+4, fyne.TextAlignTrailing))
			}
		}
		return objs
	}
}

// trendSeries is one line of the 12-month chart in its colour.
type trendSeries struct {
	models.TrendRate
	color color.Color
}

// trendLines are the main rates the 12-month chart draws
// (models.TrendRates), each in its colour.
func trendLines() []trendSeries {
	names := []string{theme.ColorBlue, theme.ColorGreen, theme.ColorOrange, theme.ColorRed}
	out := make([]trendSeries, len(models.TrendRates))
	for i, r := range models.TrendRates {
		out[i] = trendSeries{r, theme.PrimaryColorNamed(names[i%len(names)])}
	}
	return out
}

// trendLegend names the 12-month chart's lines.
func trendLegend() *fyne.Container {
	var colors []color.Color
	var names []string
	for _, s := range trendLines() {
		colors, names = append(colors, s.color), append(names, T(s.LabelKey(), s.Key))
	}
	return chartLegend(colors, names)
}

// trendChart draws the main rates of the last 12 months in two panels:
// first response, on time and satisfaction above, on a scale from a round
// share below the lowest of them to 100 %; the complaint rate below on
// its own scale with its 3 % target dashed, since it lives near zero and
// would be a flat line on the others' scale. A dot marks each month with
// data, joined to the month before when it has data too; the months are
// written under the lower panel.
func trendChart(points []models.TrendPoint) func(fyne.Size) []fyne.CanvasObject {
	return func(size fyne.Size) []fyne.CanvasObject {
		if len(points) == 0 || size.Width < 100 || size.Height < 100 {
			return nil
		}
		cs := theme.Size(theme.SizeNameCaptionText)
		fg := theme.Color(theme.ColorNameForeground)
		lines := trendLines()
		upper, lower := lines[:3], lines[3:]
		lo := 1.0
		for _, sr := range upper {
			for _, p := range points {
				if v, ok := sr.Share(p).Value(); ok {
					lo = math.Min(lo, v)
				}
			}
		}
		lo = math.Max(0, math.Floor(lo*10-0.5)/10) // a round share below the lowest
		hiLow := 0.05
		for _, p := range points {
			if v, ok := lower[0].Share(p).Value(); ok && v > hiLow {
				hiLow = math.Ceil(v*20) / 20
			}
		}
		left := fyne.MeasureText("100%", cs, fyne.TextStyle{}).Width + 8
		x0, x1 := left, size.Width-8
		bottom := size.Height - cs*1.6
		split := (bottom - cs) * 0.68
		gap := cs * 2
		step := (x1 - x0) / float32(len(points))
		xAt := func(i int) float32 { return x0 + step*(float32(i)+0.5) }

		var objs []fyne.CanvasObject
		objs = trendPanel(objs, points, upper, xAt, x0, x1, cs/2+2, split, lo, 1, []float64{lo, (lo + 1) / 2, 1}, nil)
		target := models.TargetComplaintRate.Value
		objs = trendPanel(objs, points, lower, xAt, x0, x1, split+gap, bottom, 0, hiLow, []float64{0, hiLow}, &target)

		long := step >= fyne.MeasureText("2026-12", cs, fyne.TextStyle{}).Width+6
		for i, p := range points {
			label := p.Month
			if !long {
				label = models.TrendMonthLabel(points, i)
			}
			objs = append(objs, chartText(label, cs, fg, xAt(i), bottom+2, fyne.TextAlignCenter))
		}
		return objs
	}
}

// trendPanel draws series between y0 (top, hi) and y1 (bottom, lo) with
// grid lines at ticks and, when target is set, that share dashed.
func trendPanel(objs []fyne.CanvasObject, points []models.TrendPoint, series []trendSeries, xAt func(int) float32,
	x0, x1, y0, y1 float32, lo, hi float64, ticks []float64, target *float64) []fyne.CanvasObject {
	cs := theme.Size(theme.SizeNameCaptionText)
	fg, grid := theme.Color(theme.ColorNameForeground), theme.Color(theme.ColorNameSeparator)
	yAt := func(v float64) float32 { return y1 - float32((v-lo)/(hi-lo))*(y1-y0) }
	for _, f := range ticks {
		y := yAt(f)
		objs = append(objs, chartLine(grid, 1, x0, y, x1, y),
			chartText(fmt.Sprintf("%g%%", math.Round(f*1000)/10), cs, fg, x0-4, y-cs*0.7, fyne.TextAlignTrailing))
	}
	if target != nil {
		y := yAt(*target)
		for x := x0; x < x1; x += 10 {
			objs = append(objs, chartLine(series[0].color, 1, x, y, min(x+5, x1), y))
		}
		objs = append(objs, chartText(fmt.Sprintf("%g%%", math.Round(*target*1000)/10), cs, series[0].color, x0-4, y-cs*0.7, fyne.TextAlignTrailing))
	}
	for _, s := range series {
		var px, py float32
		for _, d := range s.Dots(points) {
			x, y := xAt(d.I), yAt(math.Max(lo, d.Value))
			if d.Joined {
				objs = append(objs, chartLine(s.color, 2, px, py, x, y))
			}
			dot := canvas.NewCircle(s.color)
			dot.Resize(fyne.NewSquareSize(7))
			dot.Move(fyne.NewPos(x-3.5, y-3.5))
			objs = append(objs, dot)
			px, py = x, y
		}
	}
	return objs
}
