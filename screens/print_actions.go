package screens

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/printing"
)

// ErrOpenedInstead says a PDF could not be sent to the printer directly
// (no application registers a print action for PDFs on this PC) and was
// opened in the viewer instead, to be printed from there.
var ErrOpenedInstead = errors.New("opened in the PDF viewer instead of printing directly")

// PrintFile sends a PDF to the default printer without showing it: the
// "print" action of the PDF application on Windows (ShellExecute; when
// there is none the file is opened instead and ErrOpenedInstead returned),
// `lp` on macOS and Linux (CUPS).
func PrintFile(path string) error { return printFile(path) }

// slipOpen and slipPrint are what the print actions call; tests replace
// them so that no viewer or printer is started.
var (
	slipOpen  = OpenPath
	slipPrint = PrintFile
)

// SlipLabel names a slip as the print menu says it.
func SlipLabel(k app.SlipKind) string {
	switch k {
	case app.SlipService:
		return T("print_slip.service", "Service slip")
	case app.SlipPickup:
		return T("print_slip.pickup", "Pickup voucher")
	case app.SlipMailIn:
		return T("print_slip.mailin", "Mail-in note")
	case app.SlipDelivery:
		return T("print_slip.delivery", "Delivery slip")
	}
	return string(k)
}

// tdPrint is the Print button in the ticket page's header: it offers the
// slips that fit the ticket, each to open in the PDF viewer or to send
// straight to the printer. The PDF is written into the slips folder
// beside the database first, so it is kept whatever the viewer does.
type tdPrint struct {
	p      *ticketDetail
	button *widget.Button
	menu   *fyne.Menu // the menu last shown; tests pick items from it
	kinds  []app.SlipKind

	// For tests: the last file written and the outcome shown.
	lastPath string
	lastErr  error
}

// newTDPrint makes the button; fill shows it for tickets with slips.
func newTDPrint(p *ticketDetail) *tdPrint {
	pr := &tdPrint{p: p}
	pr.button = widget.NewButtonWithIcon(T("print_slip.button", "Print"), theme.DocumentPrintIcon(), pr.onTap)
	pr.button.Hide()
	return pr
}

// fill offers the slips that fit the ticket shown; a ticket without any
// (a phone consultation) has no Print button.
func (pr *tdPrint) fill(d *app.TicketDetail) {
	pr.kinds = app.SlipsFor(&d.Ticket)
	if len(pr.kinds) == 0 {
		pr.button.Hide()
	} else {
		pr.button.Show()
	}
}

// buildMenu lists each slip twice: to open, then to print directly. The
// right slip for the ticket comes first.
func (pr *tdPrint) buildMenu() *fyne.Menu {
	var items []*fyne.MenuItem
	for i, k := range pr.kinds {
		if i > 0 {
			items = append(items, fyne.NewMenuItemSeparator())
		}
		open := fyne.NewMenuItem(SlipLabel(k), func() { pr.onPrint(k, false) })
		open.Icon = theme.DocumentIcon()
		direct := fyne.NewMenuItem(T("print_slip.direct", "{{.Slip}}: print directly", map[string]any{"Slip": SlipLabel(k)}),
			func() { pr.onPrint(k, true) })
		direct.Icon = theme.DocumentPrintIcon()
		items = append(items, open, direct)
	}
	return fyne.NewMenu("", items...)
}

// onTap shows the menu of slips under the button.
func (pr *tdPrint) onTap() {
	if pr.p.detail == nil || len(pr.kinds) == 0 {
		return
	}
	pr.menu = pr.buildMenu()
	c := fyne.CurrentApp().Driver().CanvasForObject(pr.button)
	if c == nil {
		return
	}
	widget.ShowPopUpMenuAtRelativePosition(pr.menu, c, fyne.NewPos(0, pr.button.Size().Height), pr.button)
}

// onPrint writes the slip off the UI goroutine, then opens it or sends
// it to the printer. When only the viewer or the printer fails, the
// person is told where the PDF was saved.
func (pr *tdPrint) onPrint(kind app.SlipKind, direct bool) {
	d := pr.p.detail
	if d == nil {
		return
	}
	id, a, w := d.Ticket.ID, pr.p.deps.App, pr.p.deps.Window
	open, send := slipOpen, slipPrint
	pr.button.Disable()
	custGo(func() func() {
		path, err := a.PrintSlip(id, kind, printing.Translator(func(key, fallback string) string { return T(key, fallback) }))
		var outErr error
		if err == nil {
			if direct {
				outErr = send(path)
			} else {
				outErr = open(path)
			}
		}
		return func() {
			pr.button.Enable()
			pr.lastPath, pr.lastErr = path, firstErr(err, outErr)
			title := SlipLabel(kind)
			switch {
			case err != nil:
				showError(w, err)
			case errors.Is(outErr, ErrOpenedInstead):
				dialog.ShowInformation(title, T("print_slip.opened_instead",
					"This PC cannot send the PDF straight to the printer, so it was opened in the viewer: print it from there. It is saved as {{.Path}}.",
					map[string]any{"Path": path}), w)
			case outErr != nil && direct:
				dialog.ShowInformation(title, T("print_slip.not_printed",
					"The slip was saved as {{.Path}} but could not be sent to the printer ({{.Detail}}). Open it from that folder and print it from the viewer.",
					map[string]any{"Path": path, "Detail": outErr.Error()}), w)
			case outErr != nil:
				dialog.ShowInformation(title, T("print_slip.not_opened",
					"The slip was saved as {{.Path}} but could not be opened on this PC ({{.Detail}}). Open it from that folder.",
					map[string]any{"Path": path, "Detail": outErr.Error()}), w)
			}
		}
	})
}
