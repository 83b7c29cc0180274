package screens

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"aftercare/app"
	"aftercare/models"
)

// TestTicketPageFollowUps lists a delivery's five follow-up calls on its
// page; the one due gets a Call now button that opens the call form, and
// the call recorded there shows on the page with its outcome, the
// satisfaction and who called.
func TestTicketPageFollowUps(t *testing.T) {
	fx := newFUFixture(t)
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1280, 800))
	page := newTicketDetail(&Deps{App: fx.app, Window: w, Nav: fx.nav})
	w.SetContent(page.content())
	id := fx.delivery.Ticket.ID
	show := func() {
		custUI(func() { page.show(id) })
		custWaitIdle(t)
	}
	show()
	s := page.followUps
	if !s.section.Visible() || len(s.calls) != 5 || len(s.btns) != 0 {
		t.Fatalf("on the day of the job: visible %v, %d calls, %d buttons", s.section.Visible(), len(s.calls), len(s.btns))
	}
	texts := strings.Join(custLabelTexts(s.section), "\n")
	for _, want := range []string{"2026-03-09 · after 1 week", "2027-03-02 · after 1 year", "To call", "not called yet", "(0 of 5 made)"} {
		if !strings.Contains(texts, want) {
			t.Fatalf("section lacks %q:\n%s", want, texts)
		}
	}

	// A week later the first call is due: only it can be called.
	fx.add(7 * 24 * time.Hour)
	show()
	first := s.calls[0]
	b := s.btns[first.ID]
	if len(s.btns) != 1 || b == nil || first.Offset != "1w" {
		t.Fatalf("buttons after a week: %d", len(s.btns))
	}
	custUI(func() { test.Tap(b) })
	custWaitIdle(t)
	f := s.form
	if f == nil || f.dlg == nil || f.det.FollowUp.ID != first.ID {
		t.Fatal("Call now did not open the call form for that call")
	}
	custUI(func() {
		f.outcome.SetSelected(f.outcome.Options[0]) // reached
		f.satisfaction.SetSelected("5")
		for _, q := range f.questions {
			q.radio.SetSelected(q.radio.Options[0])
		}
		test.Tap(f.saveBtn)
	})
	custWaitIdle(t)
	if f.saved == nil {
		t.Fatalf("not saved: %q", f.formErr.Text)
	}
	// Saving showed the page again: the call is done, by whom, how.
	if page.followUps.calls[0].Status != models.FollowUpDone || len(s.btns) != 0 {
		t.Fatalf("after the call: %+v, %d buttons", page.followUps.calls[0], len(s.btns))
	}
	texts = strings.Join(custLabelTexts(s.section), "\n")
	for _, want := range []string{"Done", "Reached", "satisfaction 5/5", "called by", "(1 of 5 made)"} {
		if !strings.Contains(texts, want) {
			t.Fatalf("section lacks %q:\n%s", want, texts)
		}
	}

	// A ticket without calls has no section.
	c, err := fx.app.CreateTicket(app.IntakeInput{CustomerID: fx.delivery.Ticket.CustomerID, Kind: models.KindPart, Product: "衣柜", Symptom: "门板变形",
		Part: app.PartInput{PartName: "门板", Category: "hardware", Qty: "1"}})
	if err != nil {
		t.Fatal(err)
	}
	id = c.Ticket.ID
	show()
	if s.section.Visible() || len(s.calls) != 0 {
		t.Fatal("a part request shows follow-up calls")
	}
}

// TestGaps6Screenshots writes pictures of the ticket page's follow-up
// calls, the Today board's overdue refills and the part categories in
// Settings, in both languages, when GAPS6_SHOTS names a folder.
func TestGaps6Screenshots(t *testing.T) {
	dir := shotsDir(t, "GAPS6_SHOTS")
	for _, l := range []string{"en", "zh"} {
		shotsLanguage(t, l)
		fx := newFUFixture(t)
		fyne.CurrentApp().Settings().SetTheme(NewTheme())
		a := fx.app
		pd, err := a.CreateTicket(app.IntakeInput{CustomerID: fx.delivery.Ticket.CustomerID, Kind: models.KindPart, Product: "衣柜", Symptom: "门板变形",
			Part: app.PartInput{PartName: "门板", Category: "gloss_single", Qty: "1"}})
		if err != nil {
			t.Fatal(err)
		}
		a.Step(pd.Ticket.ID, 0, models.StepInput{Action: models.ActApprovePart})
		if _, err := a.RequestUnpack(pd.Ticket.ID, models.UnpackInput{PackageNo: "KC-0302", Reason: "客户急用", ApprovedBy: "市场部王经理"}); err != nil {
			t.Fatal(err)
		}
		fx.add(9 * 24 * time.Hour)
		w := test.NewTempWindow(t, nil)
		w.Resize(fyne.NewSize(1280, 800))
		d := &Deps{App: a, Window: w, Nav: fx.nav}
		shot := func(name string) {
			writeShot(t, w, filepath.Join(dir, "g6_"+l+"_"+name+".png"), true)
		}
		s := newTodayScreen(d)
		w.SetContent(s.content())
		custUI(s.reload)
		shot("today")
		page := newTicketDetail(d)
		w.SetContent(page.content())
		custUI(func() { page.show(fx.delivery.Ticket.ID) })
		custWaitIdle(t)
		custUI(func() { page.scroll.ScrollToOffset(fyne.NewPos(0, page.followUps.section.Position().Y-200)) })
		shot("ticket")
		pc := newPartCatsSection(d)
		w.SetContent(container.NewVScroll(pc.content()))
		custUI(pc.load)
		custWaitIdle(t)
		custUI(func() { test.Tap(pc.addBtn); pc.rows[1].minDays.SetText("x") })
		shot("partcats")
	}
}
