package screens

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"aftercare/models"
)

// sigGrey reads the grey level of a pixel of a rendered signature.
func sigGrey(img image.Image, x, y int) uint8 {
	r, g, b, _ := img.At(x, y).RGBA()
	return uint8((r + g + b) / 3 >> 8)
}

func decodeSig(t *testing.T, data []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func TestSignaturePadDrawsStrokes(t *testing.T) {
	test.NewTempApp(t)
	pad := newSignaturePad(fyne.NewSize(560, 220))
	changes := 0
	pad.OnChanged = func() { changes++ }
	w := test.NewTempWindow(t, pad)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(560, 220))
	if !pad.Empty() {
		t.Fatal("a new pad is not empty")
	}

	// One drag through the canvas: a horizontal stroke from (100,100) to
	// (300,100); the pad fills the window.
	test.Drag(w.Canvas(), fyne.NewPos(300, 100), 200, 0)
	// One drag in several events, as a mouse sends them: down to the right.
	pad.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(410, 60)}, Dragged: fyne.Delta{DX: 10, DY: 10}})
	pad.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(450, 100)}, Dragged: fyne.Delta{DX: 40, DY: 40}})
	pad.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(490, 180)}, Dragged: fyne.Delta{DX: 40, DY: 80}})
	pad.DragEnd()
	if pad.Empty() || len(pad.strokes) != 2 || len(pad.strokes[1]) != 4 || changes != 2 {
		t.Fatalf("strokes %v, %d changes", pad.strokes, changes)
	}
	test.TapAt(pad, fyne.NewPos(280, 110)) // a dot in the middle
	if len(pad.strokes) != 3 || len(pad.strokes[2]) != 1 {
		t.Fatalf("a tap made no dot: %v", pad.strokes)
	}

	data, err := pad.PNG(560, 220)
	if err != nil {
		t.Fatal(err)
	}
	img := decodeSig(t, data)
	if img.Bounds().Dx() != 560 || img.Bounds().Dy() != 220 {
		t.Fatalf("size %v", img.Bounds())
	}
	for _, p := range []image.Point{{150, 100}, {250, 100}, {430, 80}, {470, 140}, {280, 110}} {
		if g := sigGrey(img, p.X, p.Y); g > 80 {
			t.Errorf("no ink at %v on the stroke (grey %d)", p, g)
		}
	}
	for _, p := range []image.Point{{150, 120}, {50, 50}, {500, 30}, {10, 210}} {
		if g := sigGrey(img, p.X, p.Y); g != 255 {
			t.Errorf("ink at %v off the stroke (grey %d)", p, g)
		}
	}
	// Anti-aliased: the stroke's edge has grey levels between ink and paper.
	grey := false
	for y := 95; y < 105; y++ {
		if g := sigGrey(img, 200, y); g > 0x20 && g < 0xF0 {
			grey = true
		}
	}
	if !grey {
		t.Error("the stroke's edge is not anti-aliased")
	}
	// Scaled: twice the pixels, the stroke in the same place.
	data2, _ := pad.PNG(1120, 440)
	if g := sigGrey(decodeSig(t, data2), 300, 200); g > 80 {
		t.Errorf("no ink in the scaled image (grey %d)", g)
	}

	pad.Clear()
	if !pad.Empty() || changes != 4 {
		t.Fatalf("Clear left %v (%d changes)", pad.strokes, changes)
	}
	blank, _ := pad.PNG(100, 50)
	img = decodeSig(t, blank)
	for y := 0; y < 50; y++ {
		for x := 0; x < 100; x++ {
			if sigGrey(img, x, y) != 255 {
				t.Fatalf("ink at %d,%d after Clear", x, y)
			}
		}
	}
}

// repairedTicket takes a new on-site repair through to repaired.
func (fx *tdFixture) repairedTicket(t *testing.T) string {
	t.Helper()
	id := fx.newTicket(t, "不制冷").Ticket.ID
	for _, in := range []models.StepInput{
		{Action: models.ActAssign, TechnicianID: fx.tech.ID},
		{Action: models.ActSchedule, Date: tdTestNow.AddDate(0, 0, 1), Half: models.AM},
		{Action: models.ActArrive},
		{Action: models.ActRepaired, Note: "更换启动电容"},
	} {
		if _, err := fx.app.Step(id, 0, in); err != nil {
			t.Fatalf("%s: %v", in.Action, err)
		}
	}
	return id
}

func TestSignatureDialogSavesForARepairedTicket(t *testing.T) {
	fx := newTDFixture(t)
	id := fx.repairedTicket(t)
	fx.open(t, id)
	sg := fx.page.sign
	if !sg.button.Visible() || sg.signed.Visible() {
		t.Fatal("no signature button, or signed before signing")
	}
	custUI(func() { test.Tap(sg.button) })
	dlg := sg.dialog
	if dlg == nil {
		t.Fatal("the button opened no dialog")
	}
	if !dlg.saveBtn.Disabled() {
		t.Error("Save is enabled on an empty pad")
	}
	if got := dlg.signer.Text; got != "张伟" {
		t.Errorf("signer prefilled with %q", got)
	}
	// Sign with a drag on the window's canvas, where the pad is shown.
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(dlg.pad)
	custUI(func() {
		test.Drag(fx.w.Canvas(), pos.AddXY(300, 120), 200, 40)
		test.Drag(fx.w.Canvas(), pos.AddXY(320, 60), 0, 100)
	})
	if dlg.pad.Empty() || dlg.saveBtn.Disabled() {
		t.Fatalf("the drag drew nothing (strokes %v) or Save stays disabled", dlg.pad.strokes)
	}
	custUI(func() {
		test.Tap(dlg.clearBtn)
	})
	if !dlg.pad.Empty() || !dlg.saveBtn.Disabled() {
		t.Fatal("Clear left the pad signed")
	}
	custUI(func() { test.Drag(fx.w.Canvas(), pos.AddXY(300, 120), 200, 40) })
	custUI(func() { dlg.signer.SetText("张伟（本人）"); test.Tap(dlg.saveBtn) })
	custWaitIdle(t)
	custWaitIdle(t) // the reload started after saving, then the signature time
	if dlg.errLabel.Visible() {
		t.Fatalf("save failed: %s", dlg.errLabel.Text)
	}
	sig, err := fx.app.Signature(id, "service")
	if err != nil || sig == nil || sig.Signer != "张伟（本人）" || sig.ID != dlg.saved.ID {
		t.Fatalf("stored %+v %v", sig, err)
	}
	// The stroke crosses x=200 of the pad near y=100: the image, at twice
	// the pad's size, has ink there.
	img := decodeSig(t, sig.PNG)
	var darkest uint8 = 255
	for y := 2 * 90; y < 2*110; y++ {
		darkest = min(darkest, sigGrey(img, 2*200, y))
	}
	if img.Bounds().Dx() != 1120 || darkest > 80 {
		t.Errorf("the stored image lacks the stroke (%v)", img.Bounds())
	}
	custEventually(t, "the signed time on the page", func() bool {
		return sg.signed.Visible() && strings.Contains(sg.signed.Text, fx.page.time(sig.SignedAt))
	})
}

func TestSignatureButtonExplainsWhyNotYet(t *testing.T) {
	fx := newTDFixture(t)
	d := fx.newTicket(t, "不制冷")
	fx.open(t, d.Ticket.ID)
	custUI(func() { test.Tap(fx.page.sign.button) })
	if fx.page.sign.dialog != nil {
		t.Fatal("the pad opened before the service")
	}
	if text := strings.Join(custLabelTexts(fx.w.Canvas().Overlays().Top()), " "); !strings.Contains(text, "only after the service") {
		t.Errorf("no reason shown: %q", text)
	}
}
