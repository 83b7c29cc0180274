package screens

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/models"
)

// dateField is a YYYY-MM-DD entry with a calendar button, as the ticket
// page's appointment dates are entered.
type dateField struct {
	entry *widget.Entry
	btn   *widget.Button
	pop   *widget.PopUp
	box   fyne.CanvasObject
	win   fyne.Window
	now   func() time.Time

	// OnChanged runs when the text changes, typed or picked.
	OnChanged func(string)
}

// newDateField builds a date entry whose calendar opens in win, at the
// entry's date or else at now.
func newDateField(win fyne.Window, now func() time.Time) *dateField {
	d := &dateField{win: win, now: now}
	d.entry = widget.NewEntry()
	d.entry.SetPlaceHolder(T("tickets.delivery.date_hint", "YYYY-MM-DD"))
	d.entry.OnChanged = func(s string) {
		if d.OnChanged != nil {
			d.OnChanged(s)
		}
	}
	d.btn = widget.NewButtonWithIcon("", theme.CalendarIcon(), d.onPick)
	d.box = container.NewBorder(nil, nil, nil, d.btn, d.entry)
	return d
}

// onPick shows a calendar under the entry.
func (d *dateField) onPick() {
	start := d.now()
	if start.IsZero() {
		start = time.Now()
	}
	if t, err := models.ParseDate(d.entry.Text); err == nil {
		start = t
	}
	cal := widget.NewCalendar(start, d.onPicked)
	d.pop = widget.NewPopUp(cal, d.win.Canvas())
	d.pop.ShowAtRelativePosition(fyne.NewPos(0, d.entry.Size().Height), d.entry)
}

// onPicked writes the chosen day into the entry.
func (d *dateField) onPicked(t time.Time) {
	if d.pop != nil {
		d.pop.Hide()
		d.pop = nil
	}
	d.entry.SetText(t.Format("2006-01-02"))
}

// value reads the date; blank is the zero date (app says it is required).
func (d *dateField) value(field string) (time.Time, *models.FieldError) {
	if strings.TrimSpace(d.entry.Text) == "" {
		return time.Time{}, nil
	}
	t, fe := models.ParseDate(d.entry.Text)
	if fe != nil {
		fe.Field = field
	}
	return t, fe
}
