package screens

import (
	"errors"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// custImportFilters are the row filters of the import preview, in the
// order of the Select.
var custImportFilters = []app.ImportRowStatus{"", app.ImportNew, app.ImportDuplicate, app.ImportError}

// custImportDialog shows every row of an import file with what will happen
// to it, and imports the new rows only when the person confirms. Cancel
// writes nothing.
type custImportDialog struct {
	deps    *Deps
	preview *app.ImportPreview
	// OnImported runs on the UI goroutine after a successful import.
	OnImported func(n int)

	summary   *widget.Label
	filter    *widget.Select
	list      *widget.List
	visible   []int // indexes into preview.Rows that pass the filter
	status    *widget.Label
	importBtn *widget.Button
	cancelBtn *widget.Button
	dlg       *dialog.CustomDialog
}

// onImport asks for a CSV file and previews it.
func (s *customersScreen) onImport() {
	showOpenFile(s.deps.Window, fileChoice{
		title: T("customers.import.choose_title", "Choose a customer file (CSV)"),
		exts:  []string{".csv", ".txt"},
	}, s.onImportFileChosen)
}

// onImportFileChosen reads the chosen file in the background and previews it.
func (s *customersScreen) onImportFileChosen(r fyne.URIReadCloser, err error) {
	if err != nil {
		s.showErr(err)
		return
	}
	if r == nil {
		return // cancelled
	}
	wait := s.showWait(T("customers.import.reading", "Reading {{.File}}…", map[string]any{"File": r.URI().Name()}))
	a := s.deps.App
	custGo(func() func() {
		data, err := io.ReadAll(r)
		_ = r.Close()
		var p *app.ImportPreview
		if err == nil {
			p, err = a.PreviewImport(data)
		}
		return func() {
			wait.Hide()
			s.showImportPreview(p, err)
		}
	})
}

// previewImportData previews file content that is already read (tests and
// drag-and-drop use it) and shows the preview dialog.
func (s *customersScreen) previewImportData(data []byte) {
	a := s.deps.App
	custGo(func() func() {
		p, err := a.PreviewImport(data)
		return func() { s.showImportPreview(p, err) }
	})
}

// showWait shows a small "working" dialog without buttons.
func (s *customersScreen) showWait(text string) dialog.Dialog {
	bar := widget.NewProgressBarInfinite()
	d := dialog.NewCustomWithoutButtons(T("customers.common.please_wait", "Please wait"),
		container.NewVBox(widget.NewLabel(text), bar), s.deps.Window)
	d.Show()
	return d
}

// showImportPreview shows the preview of an import file, or why the file
// cannot be read.
func (s *customersScreen) showImportPreview(p *app.ImportPreview, err error) {
	if err != nil {
		dialog.ShowInformation(T("customers.import.failed_title", "Cannot import this file"), ErrText(err), s.deps.Window)
		return
	}
	d := newCustImportDialog(s.deps, p)
	d.OnImported = s.onImported
	s.importDlg = d
	d.show()
}

// onImported refreshes the list after an import.
func (s *customersScreen) onImported(int) { s.startSearch(0) }

// newCustImportDialog builds the preview dialog.
func newCustImportDialog(deps *Deps, p *app.ImportPreview) *custImportDialog {
	d := &custImportDialog{deps: deps, preview: p}
	d.summary = widget.NewLabel("")
	d.summary.Wrapping = fyne.TextWrapWord
	d.filter = widget.NewSelect(nil, d.onFilter)
	d.list = widget.NewList(d.length, d.newRow, d.updateRow)
	d.status = widget.NewLabel("")
	d.status.Wrapping = fyne.TextWrapWord
	d.status.Hide()
	d.importBtn = widget.NewButtonWithIcon("", theme.ConfirmIcon(), d.onImport)
	d.importBtn.Importance = widget.HighImportance
	d.cancelBtn = widget.NewButtonWithIcon(T("customers.common.cancel", "Cancel"), theme.CancelIcon(), d.onCancel)

	d.update()
	d.filter.SetSelectedIndex(0)

	top := container.NewVBox(d.summary,
		container.NewBorder(nil, nil, widget.NewLabel(T("customers.import.show", "Show")), nil, d.filter),
		widget.NewSeparator())
	body := container.NewBorder(top, d.status, nil, nil, d.list)
	d.dlg = dialog.NewCustomWithoutButtons(T("customers.import.preview_title", "Import customers: check the rows"), body, deps.Window)
	d.dlg.SetButtons([]fyne.CanvasObject{d.cancelBtn, d.importBtn})
	return d
}

// show opens the dialog, large enough to read the rows.
func (d *custImportDialog) show() {
	d.dlg.Resize(fyne.NewSize(860, 620))
	d.dlg.Show()
}

// update shows the preview's totals on the summary, filter and button.
func (d *custImportDialog) update() {
	p := d.preview
	d.summary.SetText(T("customers.import.summary", "{{.Total}} rows in the file: {{.New}} new, {{.Duplicates}} duplicates and {{.Errors}} with errors. Only the new rows are imported; fix the others in the file and import it again.",
		map[string]any{"Total": len(p.Rows), "New": p.New, "Duplicates": p.Duplicates, "Errors": p.Errors}))
	sel := d.filter.SelectedIndex()
	d.filter.SetOptions([]string{
		T("customers.import.filter.all", "All rows ({{.N}})", map[string]any{"N": len(p.Rows)}),
		T("customers.import.filter.new", "New ({{.N}})", map[string]any{"N": p.New}),
		T("customers.import.filter.duplicate", "Duplicates ({{.N}})", map[string]any{"N": p.Duplicates}),
		T("customers.import.filter.error", "Errors ({{.N}})", map[string]any{"N": p.Errors}),
	})
	if sel >= 0 {
		d.filter.SetSelectedIndex(sel)
	}
	if p.New == 1 {
		d.importBtn.SetText(T("customers.import.do_one", "Import 1 customer"))
	} else {
		d.importBtn.SetText(T("customers.import.do", "Import {{.N}} customers", map[string]any{"N": p.New}))
	}
	if p.New == 0 {
		d.importBtn.Disable()
	} else {
		d.importBtn.Enable()
	}
}

// onFilter shows the rows of one status, or all.
func (d *custImportDialog) onFilter(string) {
	i := d.filter.SelectedIndex()
	want := app.ImportRowStatus("")
	if i > 0 && i < len(custImportFilters) {
		want = custImportFilters[i]
	}
	d.visible = d.visible[:0]
	for j, r := range d.preview.Rows {
		if want == "" || r.Status == want {
			d.visible = append(d.visible, j)
		}
	}
	d.list.Refresh()
	d.list.ScrollToTop()
}

// length is the number of rows shown.
func (d *custImportDialog) length() int { return len(d.visible) }

// newRow is the row template: the line number, then the customer on the
// first line and the status below it.
func (d *custImportDialog) newRow() fyne.CanvasObject {
	line := widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Monospace: true})
	who := widget.NewLabel("")
	who.Truncation = fyne.TextTruncateEllipsis
	status := widget.NewLabel("")
	status.Truncation = fyne.TextTruncateEllipsis
	status.SizeName = theme.SizeNameCaptionText
	lineBox := container.New(layout.NewGridWrapLayout(fyne.NewSize(64, who.MinSize().Height)), line)
	return container.NewBorder(nil, nil, lineBox, nil,
		container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()), who, status))
}

// updateRow fills a row; the status is green for new, orange for a
// duplicate and red for an error, with the reason.
func (d *custImportDialog) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(d.visible) {
		return
	}
	r := d.preview.Rows[d.visible[id]]
	row := o.(*fyne.Container)
	texts := row.Objects[0].(*fyne.Container)
	who, status := texts.Objects[0].(*widget.Label), texts.Objects[1].(*widget.Label)
	line := row.Objects[1].(*fyne.Container).Objects[0].(*widget.Label)

	line.SetText(T("customers.import.line", "Line {{.N}}", map[string]any{"N": r.Line}))
	phones := make([]string, len(r.Phones))
	for i, p := range r.Phones {
		phones[i] = models.FormatPhone(p)
	}
	parts := []string{custDash(r.Name), custDash(strings.Join(phones, ", "))}
	if r.Address != "" {
		parts = append(parts, r.Address)
	}
	who.SetText(strings.Join(parts, "  ·  "))

	text, imp := custImportStatus(r)
	status.Importance = imp
	status.SetText(text)
}

// custImportStatus says what happens to a row, and in which colour.
func custImportStatus(r app.ImportRow) (string, widget.Importance) {
	switch r.Status {
	case app.ImportNew:
		return T("customers.import.status.new", "New: will be imported"), widget.SuccessImportance
	case app.ImportDuplicate:
		return T("customers.import.status.duplicate", "Duplicate, skipped: {{.Reason}}", map[string]any{"Reason": custProblem(r.Problem)}), widget.WarningImportance
	}
	return T("customers.import.status.error", "Error, skipped: {{.Reason}}", map[string]any{"Reason": custProblem(r.Problem)}), widget.DangerImportance
}

// custProblem translates a row's problems onto one line.
func custProblem(err error) string {
	if err == nil {
		return ""
	}
	if fe := models.AsFieldErrors(err); len(fe) > 0 {
		parts := make([]string, len(fe))
		for i, e := range fe {
			parts[i] = FieldErrText(e)
		}
		return strings.Join(parts, "; ")
	}
	return ErrText(err)
}

// onCancel closes the preview; nothing was written.
func (d *custImportDialog) onCancel() { d.dlg.Hide() }

// onImport saves the new rows in one transaction in the background. The
// preview is copied because CommitImport marks rows that became duplicates
// meanwhile, while the list may be drawing the original.
func (d *custImportDialog) onImport() {
	if d.preview.New == 0 {
		return
	}
	d.importBtn.Disable()
	d.cancelBtn.Disable()
	d.status.Importance = widget.MediumImportance
	d.status.SetText(T("customers.import.importing", "Importing…"))
	d.status.Show()
	cp := *d.preview
	cp.Rows = append([]app.ImportRow(nil), d.preview.Rows...)
	a := d.deps.App
	custGo(func() func() {
		n, err := a.CommitImport(&cp)
		return func() { d.onImportResult(&cp, n, err) }
	})
}

// onImportResult reports the import, or shows why nothing was imported
// and lets the person try again or cancel.
func (d *custImportDialog) onImportResult(p *app.ImportPreview, n int, err error) {
	d.cancelBtn.Enable()
	if err != nil {
		d.status.Importance = widget.DangerImportance
		d.status.SetText(T("customers.import.nothing_saved", "Nothing was imported: {{.Reason}}", map[string]any{"Reason": ErrText(err)}))
		d.update()
		return
	}
	d.preview = p
	d.dlg.Hide()
	msg := T("customers.import.done", "{{.N}} customers imported.", map[string]any{"N": n})
	if n == 1 {
		msg = T("customers.import.done_one", "1 customer imported.")
	}
	if skipped := p.Duplicates + p.Errors; skipped > 0 {
		msg += "\n" + T("customers.import.done_skipped", "{{.N}} rows were skipped (duplicates or errors).", map[string]any{"N": skipped})
	}
	dialog.ShowInformation(T("customers.import.done_title", "Import finished"), msg, d.deps.Window)
	if d.OnImported != nil {
		d.OnImported(n)
	}
}

// onExport asks where to save the customer list as CSV; archived
// customers are included when "Show archived" is ticked.
func (s *customersScreen) onExport() {
	showSaveFile(s.deps.Window, fileChoice{
		title: T("customers.export.choose_title", "Export customers to a CSV file"),
		exts:  []string{".csv"},
		name:  "customers-" + s.deps.App.Now().Format("20060102") + ".csv",
	}, s.onExportFileChosen)
}

// onExportFileChosen writes the export into the chosen file.
func (s *customersScreen) onExportFileChosen(w fyne.URIWriteCloser, err error) {
	if err != nil {
		s.showErr(err)
		return
	}
	if w == nil {
		return // cancelled
	}
	s.exportTo(w, w.URI().Path())
}

// exportTo writes the customers as CSV in the background, closes w and
// reports how many were written and where.
func (s *customersScreen) exportTo(w io.WriteCloser, where string) {
	includeArchived := s.showArchived.Checked
	a := s.deps.App
	custGo(func() func() {
		n, err := a.ExportCustomers(w, includeArchived)
		err = errors.Join(err, w.Close())
		return func() { s.onExported(n, where, includeArchived, err) }
	})
}

// onExported tells how many customers were exported, and where.
func (s *customersScreen) onExported(n int, where string, includeArchived bool, err error) {
	if err != nil {
		s.showErr(err)
		return
	}
	msg := T("customers.export.done", "{{.N}} customers exported to {{.Path}}", map[string]any{"N": n, "Path": where})
	if includeArchived {
		msg += "\n" + T("customers.export.with_archived", "Archived customers are included.")
	}
	s.exportResult = msg
	dialog.ShowInformation(T("customers.export.done_title", "Export finished"), msg, s.deps.Window)
}
