package screens

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"aftercare/app"
	"aftercare/models"
)

// TestTodayRefillsOverdue shows an unpacked package on the Today board
// once its refill is late, with its count; Open shows the part request,
// and the refill takes it off the board.
func TestTodayRefillsOverdue(t *testing.T) {
	fx := newFUFixture(t)
	a := fx.app
	d, err := a.CreateTicket(app.IntakeInput{CustomerID: fx.delivery.Ticket.CustomerID, Kind: models.KindPart, Product: "衣柜", Symptom: "门板变形",
		Part: app.PartInput{PartName: "门板", Category: "gloss_single", Qty: "1"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Step(d.Ticket.ID, 0, models.StepInput{Action: models.ActApprovePart}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.RequestUnpack(d.Ticket.ID, models.UnpackInput{PackageNo: "KC-0302", Reason: "客户急用", ApprovedBy: "市场部王经理"}); err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1280, 800))
	s := newTodayScreen(&Deps{App: a, Window: w, Nav: fx.nav})
	w.SetContent(s.content())
	custUI(s.reload)
	custWaitIdle(t)
	p := s.refills
	if p.box.Visible() || p.total != 0 {
		t.Fatal("a refill shows before it is late")
	}
	// Due in 7 days; on the 7th day it is not late yet, on the 9th two days.
	fx.add(7 * 24 * time.Hour)
	custUI(s.reload)
	custWaitIdle(t)
	if p.box.Visible() {
		t.Fatal("late on its due day")
	}
	fx.add(2 * 24 * time.Hour)
	custUI(s.reload)
	custWaitIdle(t)
	r := p.rows[0]
	if !p.box.Visible() || p.total != 1 || p.badge.text.Text != "1" || !r.box.Visible() || p.rows[1].box.Visible() || p.more.Visible() {
		t.Fatalf("panel: visible %v total %d badge %q", p.box.Visible(), p.total, p.badge.text.Text)
	}
	if !strings.Contains(r.title.Text, "KC-0302") || !strings.Contains(r.title.Text, "门板") ||
		!strings.Contains(r.due.Text, "2026-03-09") || !strings.Contains(r.due.Text, "2 days") ||
		!strings.Contains(r.info.Text, d.Ticket.Number) || !strings.Contains(r.info.Text, "陈静") || !strings.Contains(r.info.Text, "市场部王经理") {
		t.Fatalf("row: %q / %q / %q", r.title.Text, r.due.Text, r.info.Text)
	}
	custUI(func() { test.Tap(r.open) })
	if n := len(fx.nav.calls); n == 0 || fx.nav.calls[n-1] != "ticket:"+d.Ticket.ID {
		t.Fatalf("nav: %v", fx.nav.calls)
	}
	if err := a.MarkRefilled(r.row.ID); err != nil {
		t.Fatal(err)
	}
	custUI(s.reload)
	custWaitIdle(t)
	if p.box.Visible() || p.total != 0 {
		t.Fatal("a refilled package stays on the board")
	}
}
