package screens

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/models"
)

// monthPicker is the "← YYYY-MM →" of the Month close and the Dashboard:
// it steps a month at a time and never past the current month. Screens
// embed it, so s.month, s.prevBtn, s.onPrev… are the picker's.
type monthPicker struct {
	month            time.Time // the first day of the month shown (civil)
	now              func() time.Time
	goTo             func(time.Time) // the screen shows another month
	prevBtn, nextBtn *widget.Button
	monthLabel       *widget.Label
}

// newMonthPicker starts at month; goTo is called with the month stepped to.
func newMonthPicker(month time.Time, now func() time.Time, goTo func(time.Time)) *monthPicker {
	p := &monthPicker{month: month, now: now, goTo: goTo}
	p.prevBtn = widget.NewButtonWithIcon("", theme.NavigateBackIcon(), p.onPrev)
	p.nextBtn = widget.NewButtonWithIcon("", theme.NavigateNextIcon(), p.onNext)
	p.monthLabel = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	p.monthLabel.SizeName = theme.SizeNameSubHeadingText
	return p
}

// pickerBox lays the picker out, with extra objects after it.
func (p *monthPicker) pickerBox(extra ...fyne.CanvasObject) *fyne.Container {
	return container.NewHBox(append([]fyne.CanvasObject{p.prevBtn, p.monthLabel, p.nextBtn}, extra...)...)
}

// monthText is the month as the screens and prints write it, YYYY-MM.
func (p *monthPicker) monthText() string { return models.MonthOf(p.month) }

// thisMonth is the first day of the current month.
func (p *monthPicker) thisMonth() time.Time {
	now := p.now()
	return time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
}

func (p *monthPicker) onPrev() { p.goTo(p.month.AddDate(0, -1, 0)) }

// onNext moves a month on, never past the current month.
func (p *monthPicker) onNext() {
	if next := p.month.AddDate(0, 1, 0); !next.After(p.thisMonth()) {
		p.goTo(next)
	}
}

// showMonth writes the month and enables Next only before the current one.
func (p *monthPicker) showMonth() {
	p.monthLabel.SetText(p.monthText())
	if p.month.Before(p.thisMonth()) {
		p.nextBtn.Enable()
	} else {
		p.nextBtn.Disable()
	}
}
