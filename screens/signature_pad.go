package screens

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// sigInk and sigPaper are the pad's colours whatever the theme: it looks
// like the paper the signature is printed on.
var (
	sigInk   = color.Gray{Y: 0x10}
	sigPaper = color.White
	sigGuide = color.Gray{Y: 0xC8}
)

// sigStrokeWidth is the pen's width on screen, in Fyne units.
const sigStrokeWidth float32 = 2.5

// signaturePad is a box to sign in with a mouse, a pen or a finger: each
// drag is one stroke, a tap a dot. It keeps the strokes as points in its
// own coordinates and renders them as PNG for storing (see PNG).
type signaturePad struct {
	widget.BaseWidget

	// OnChanged is called after every stroke and after Clear.
	OnChanged func()

	min     fyne.Size
	strokes [][]fyne.Position
	drawing bool // a drag is under way: points join the last stroke
}

// newSignaturePad makes an empty pad at least min in size.
func newSignaturePad(min fyne.Size) *signaturePad {
	p := &signaturePad{min: min}
	p.ExtendBaseWidget(p)
	return p
}

// clamp keeps a point inside the pad, so a stroke that leaves the box
// ends at its edge.
func (p *signaturePad) clamp(pos fyne.Position) fyne.Position {
	s := p.Size()
	pos.X = float32(math.Max(0, math.Min(float64(pos.X), float64(s.Width))))
	pos.Y = float32(math.Max(0, math.Min(float64(pos.Y), float64(s.Height))))
	return pos
}

// Dragged adds the pointer's position to the current stroke, starting a
// new stroke (where the drag began) when none is under way.
func (p *signaturePad) Dragged(e *fyne.DragEvent) {
	pos := p.clamp(e.Position)
	if !p.drawing {
		p.drawing = true
		start := p.clamp(e.Position.Subtract(e.Dragged))
		p.strokes = append(p.strokes, []fyne.Position{start})
	}
	last := &p.strokes[len(p.strokes)-1]
	*last = append(*last, pos)
	p.Refresh()
}

// DragEnd ends the current stroke.
func (p *signaturePad) DragEnd() {
	if !p.drawing {
		return
	}
	p.drawing = false
	p.changed()
}

// Tapped draws a dot (the dot over an i, a full stop).
func (p *signaturePad) Tapped(e *fyne.PointEvent) {
	p.drawing = false
	p.strokes = append(p.strokes, []fyne.Position{p.clamp(e.Position)})
	p.Refresh()
	p.changed()
}

func (p *signaturePad) changed() {
	if p.OnChanged != nil {
		p.OnChanged()
	}
}

// Clear removes every stroke.
func (p *signaturePad) Clear() {
	p.strokes, p.drawing = nil, false
	p.Refresh()
	p.changed()
}

// Empty reports whether nothing has been drawn.
func (p *signaturePad) Empty() bool { return len(p.strokes) == 0 }

// MinSize is the size the pad asked for.
func (p *signaturePad) MinSize() fyne.Size {
	p.ExtendBaseWidget(p)
	return p.BaseWidget.MinSize().Max(p.min)
}

// PNG renders the strokes in dark ink on white at width×height pixels,
// scaled from the pad's size, anti-aliased: each segment is drawn as a
// row of overlapping discs (a capsule), each pixel as dark as the part of
// it the pen covered.
func (p *signaturePad) PNG(width, height int) ([]byte, error) {
	img := image.NewGray(image.Rect(0, 0, width, height))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	size := p.Size()
	if size.Width <= 0 || size.Height <= 0 {
		size = p.MinSize()
	}
	sx, sy := float64(width)/float64(size.Width), float64(height)/float64(size.Height)
	r := math.Max(1.2, float64(sigStrokeWidth)/2*math.Min(sx, sy))
	pt := func(q fyne.Position) (float64, float64) { return float64(q.X) * sx, float64(q.Y) * sy }
	for _, st := range p.strokes {
		x0, y0 := pt(st[0])
		if len(st) == 1 {
			sigCapsule(img, x0, y0, x0, y0, r)
		}
		for _, q := range st[1:] {
			x1, y1 := pt(q)
			sigCapsule(img, x0, y0, x1, y1, r)
			x0, y0 = x1, y1
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// sigCapsule darkens the pixels within r of the segment (x0,y0)-(x1,y1):
// the union of discs of radius r stamped along it. Coverage falls off
// over the last pixel for smooth edges; overlapping stamps take the
// darker value rather than adding up, so joints do not blot.
func sigCapsule(img *image.Gray, x0, y0, x1, y1, r float64) {
	b := img.Bounds()
	minX := int(math.Floor(math.Min(x0, x1) - r - 1))
	maxX := int(math.Ceil(math.Max(x0, x1) + r + 1))
	minY := int(math.Floor(math.Min(y0, y1) - r - 1))
	maxY := int(math.Ceil(math.Max(y0, y1) + r + 1))
	dx, dy := x1-x0, y1-y0
	l2 := dx*dx + dy*dy
	for y := max(minY, b.Min.Y); y < min(maxY+1, b.Max.Y); y++ {
		for x := max(minX, b.Min.X); x < min(maxX+1, b.Max.X); x++ {
			px, py := float64(x)+0.5, float64(y)+0.5
			t := 0.0
			if l2 > 0 {
				t = math.Max(0, math.Min(1, ((px-x0)*dx+(py-y0)*dy)/l2))
			}
			d := math.Hypot(px-(x0+t*dx), py-(y0+t*dy))
			cover := math.Max(0, math.Min(1, r+0.5-d))
			if cover == 0 {
				continue
			}
			v := uint8(255 - cover*float64(255-sigInk.Y))
			i := img.PixOffset(x, y)
			if v < img.Pix[i] {
				img.Pix[i] = v
			}
		}
	}
}

// CreateRenderer draws the paper, a guide line to sign on and the strokes.
func (p *signaturePad) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(sigPaper)
	bg.StrokeColor = sigGuide
	bg.StrokeWidth = 1
	guide := canvas.NewLine(sigGuide)
	guide.StrokeWidth = 1
	return &sigPadRenderer{pad: p, bg: bg, guide: guide}
}

type sigPadRenderer struct {
	pad   *signaturePad
	bg    *canvas.Rectangle
	guide *canvas.Line
	ink   []fyne.CanvasObject
}

func (r *sigPadRenderer) Layout(s fyne.Size) {
	r.bg.Resize(s)
	r.guide.Position1 = fyne.NewPos(s.Width*0.05, s.Height*0.75)
	r.guide.Position2 = fyne.NewPos(s.Width*0.95, s.Height*0.75)
}

func (r *sigPadRenderer) MinSize() fyne.Size { return r.pad.min }

// Refresh rebuilds the ink: a line per segment, a dot per tap.
func (r *sigPadRenderer) Refresh() {
	r.ink = r.ink[:0]
	for _, st := range r.pad.strokes {
		if len(st) == 1 {
			c := canvas.NewCircle(sigInk)
			d := sigStrokeWidth + 1
			c.Resize(fyne.NewSquareSize(d))
			c.Move(st[0].SubtractXY(d/2, d/2))
			r.ink = append(r.ink, c)
			continue
		}
		for i := 1; i < len(st); i++ {
			l := canvas.NewLine(sigInk)
			l.StrokeWidth = sigStrokeWidth
			l.Position1, l.Position2 = st[i-1], st[i]
			r.ink = append(r.ink, l)
		}
	}
	r.Layout(r.pad.Size())
	r.bg.Refresh()
	r.guide.Refresh()
	canvas.Refresh(r.pad)
}

func (r *sigPadRenderer) Objects() []fyne.CanvasObject {
	return append([]fyne.CanvasObject{r.bg, r.guide}, r.ink...)
}

func (r *sigPadRenderer) Destroy() {}

// signatureDialog asks the customer to sign one slip of a ticket: the
// pad, the signer's name, Clear, Save (only once something is drawn) and
// Cancel. Save stores the signature through app off the UI goroutine;
// a refusal is shown inside the dialog, which stays open.
type signatureDialog struct {
	deps     *Deps
	ticketID string
	slip     string
	onSaved  func()

	pad       *signaturePad
	signer    *widget.Entry
	errLabel  *widget.Label
	clearBtn  *widget.Button
	saveBtn   *widget.Button
	cancelBtn *widget.Button
	dlg       dialog.Dialog

	saving bool
	saved  *models.Signature // for tests: the signature stored
}

// sigPadSize is the pad's size in the dialog; sigPNGScale how many pixels
// the stored image has per unit, so the printed signature is sharp.
var sigPadSize = fyne.NewSize(560, 220)

const sigPNGScale = 2

// newSignatureDialog builds and shows the dialog for a ticket's slip;
// onSaved runs on the UI goroutine after the signature is stored.
func newSignatureDialog(d *Deps, detail *app.TicketDetail, slip string, onSaved func()) *signatureDialog {
	s := &signatureDialog{deps: d, ticketID: detail.Ticket.ID, slip: slip, onSaved: onSaved}
	s.pad = newSignaturePad(sigPadSize)
	s.pad.OnChanged = s.updateButtons
	s.signer = widget.NewEntry()
	s.signer.SetPlaceHolder(T("signature.signer_placeholder", "Name as the customer gives it (optional)"))
	s.signer.SetText(detail.Customer.Name)
	s.errLabel = widget.NewLabel("")
	s.errLabel.Wrapping = fyne.TextWrapWord
	s.errLabel.Importance = widget.DangerImportance
	s.errLabel.Hide()
	s.clearBtn = widget.NewButtonWithIcon(T("signature.clear", "Clear"), theme.ContentClearIcon(), s.onClear)
	s.saveBtn = widget.NewButtonWithIcon(T("signature.save", "Save"), theme.ConfirmIcon(), s.onSave)
	s.saveBtn.Importance = widget.HighImportance
	s.cancelBtn = widget.NewButtonWithIcon(T("signature.cancel", "Cancel"), theme.CancelIcon(), s.onCancel)

	hint := T("signature.hint", "Sign in the box with the mouse, a pen or a finger.")
	if app.SlipKind(slip) == app.SlipService {
		hint = T("signature.hint_service", "Sign only after the service, once you have checked the repair.")
	}
	hintLabel := widget.NewLabel(hint)
	hintLabel.Wrapping = fyne.TextWrapWord
	form := container.New(layout.NewFormLayout(),
		widget.NewLabel(T("signature.signer", "Signed by")), s.signer)
	buttons := container.NewHBox(s.clearBtn, layout.NewSpacer(), s.cancelBtn, s.saveBtn)
	body := container.NewVBox(hintLabel, s.pad, form, s.errLabel, buttons)

	title := T("signature.title", "Customer signature: {{.Slip}} {{.Number}}",
		map[string]any{"Slip": SlipLabel(app.SlipKind(slip)), "Number": detail.Ticket.Number})
	s.dlg = dialog.NewCustomWithoutButtons(title, body, d.Window)
	s.updateButtons()
	s.dlg.Show()
	return s
}

// updateButtons allows Save only with something drawn and nothing saving.
func (s *signatureDialog) updateButtons() {
	if s.pad.Empty() || s.saving {
		s.saveBtn.Disable()
	} else {
		s.saveBtn.Enable()
	}
	if s.saving {
		s.clearBtn.Disable()
	} else {
		s.clearBtn.Enable()
	}
}

func (s *signatureDialog) onClear() {
	s.pad.Clear()
	s.showErr(nil)
}

func (s *signatureDialog) onCancel() { s.dlg.Hide() }

func (s *signatureDialog) showErr(err error) {
	if err == nil {
		s.errLabel.Hide()
		return
	}
	s.errLabel.SetText(ErrText(err))
	s.errLabel.Show()
}

// onSave renders the pad and stores it off the UI goroutine.
func (s *signatureDialog) onSave() {
	if s.pad.Empty() || s.saving {
		return
	}
	size := s.pad.Size()
	if size.Width <= 0 || size.Height <= 0 {
		size = sigPadSize
	}
	data, err := s.pad.PNG(int(size.Width*sigPNGScale), int(size.Height*sigPNGScale))
	if err != nil {
		s.showErr(err)
		return
	}
	s.saving = true
	s.updateButtons()
	a, id, slip, signer := s.deps.App, s.ticketID, s.slip, s.signer.Text
	custGo(func() func() {
		sig, err := a.SaveSignature(id, slip, signer, data)
		return func() {
			s.saving = false
			s.updateButtons()
			if err != nil {
				s.showErr(err)
				return
			}
			s.saved = sig
			s.dlg.Hide()
			if s.onSaved != nil {
				s.onSaved()
			}
		}
	})
}

// tdSign is the "Customer signature" button in the ticket page's header,
// with the time of the signature already stored for the ticket's slip.
type tdSign struct {
	p      *ticketDetail
	button *widget.Button
	signed *widget.Label
	slip   app.SlipKind
	dialog *signatureDialog // the dialog last opened; tests use it
}

func newTDSign(p *ticketDetail) *tdSign {
	s := &tdSign{p: p}
	s.button = widget.NewButtonWithIcon(T("signature.button", "Customer signature"), theme.DocumentCreateIcon(), s.onTap)
	s.button.Hide()
	s.signed = widget.NewLabel("")
	s.signed.Importance = widget.SuccessImportance
	s.signed.Hide()
	return s
}

// fill shows the button for tickets with a slip to sign and loads the
// time of the newest signature of the ticket's default slip.
func (s *tdSign) fill(d *app.TicketDetail) {
	s.signed.Hide()
	if len(app.SlipsFor(&d.Ticket)) == 0 {
		s.button.Hide()
		return
	}
	s.slip = app.AutoSlip(&d.Ticket)
	s.button.Show()
	a, id, slip, gen := s.p.deps.App, d.Ticket.ID, s.slip, s.p.gen
	custGo(func() func() {
		sig, err := a.Signature(id, string(slip))
		return func() {
			if gen != s.p.gen || err != nil || sig == nil {
				return
			}
			s.signed.SetText(T("signature.signed_at", "Signed at {{.Time}}", map[string]any{"Time": s.p.time(sig.SignedAt)}))
			s.signed.Show()
		}
	})
}

// onTap opens the pad, or says why the customer cannot sign yet.
func (s *tdSign) onTap() {
	d := s.p.detail
	if d == nil {
		return
	}
	if err := app.CanSign(&d.Ticket, s.slip); err != nil {
		dialog.ShowInformation(T("signature.button", "Customer signature"), ErrText(err), s.p.deps.Window)
		return
	}
	s.dialog = newSignatureDialog(s.p.deps, d, string(s.slip), s.p.reload)
}
