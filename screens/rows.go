package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// personRow is the row template the lists of people share (customers,
// the intake's customer search, staff): a bold name with a phone on the
// right, and a caption line below (address or roles).
type personRow struct {
	box                  *fyne.Container
	top                  *fyne.Container
	name, phone, caption *widget.Label
}

// newPersonRow builds the template for a widget.List.
func newPersonRow() fyne.CanvasObject {
	name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	phone := widget.NewLabel("")
	caption := widget.NewLabel("")
	caption.SizeName = theme.SizeNameCaptionText
	caption.Truncation = fyne.TextTruncateEllipsis
	return container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()),
		container.NewBorder(nil, nil, nil, phone, name), caption)
}

// asPersonRow gives the labels of a row made by newPersonRow.
func asPersonRow(o fyne.CanvasObject) personRow {
	box := o.(*fyne.Container)
	top := box.Objects[0].(*fyne.Container)
	return personRow{box: box, top: top, name: top.Objects[0].(*widget.Label),
		phone: top.Objects[1].(*widget.Label), caption: box.Objects[1].(*widget.Label)}
}

// set fills the row; dim greys it (archived or inactive).
func (r personRow) set(name, phone, caption string, dim bool) {
	imp := widget.MediumImportance
	if dim {
		imp = widget.LowImportance
	}
	r.name.Importance, r.phone.Importance, r.caption.Importance = imp, imp, imp
	r.name.SetText(name)
	r.phone.SetText(phone)
	r.caption.SetText(caption)
	r.top.Refresh() // the phone's width changes with its text
}
