package screens

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"aftercare/app"
	"aftercare/models"
)

// fuFixture is a database whose clock the test moves, with a delivery by
// a crew of two completed on 2026-03-02.
type fuFixture struct {
	app        *app.App
	mu         sync.Mutex
	now        time.Time
	lead, mate *models.Staff
	delivery   *app.TicketDetail
	nav        *tdFakeNav
}

func (fx *fuFixture) clock() time.Time { fx.mu.Lock(); defer fx.mu.Unlock(); return fx.now }
func (fx *fuFixture) add(d time.Duration) {
	fx.mu.Lock()
	fx.now = fx.now.Add(d)
	fx.mu.Unlock()
}

func newFUFixture(t *testing.T) *fuFixture {
	t.Helper()
	test.NewTempApp(t)
	fx := &fuFixture{now: tdTestNow, nav: &tdFakeNav{}}
	a, err := app.Open(app.Options{Path: filepath.Join(t.TempDir(), "fu.db"), Clock: fx.clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { custWaitIdle(t); a.Close() })
	fx.app = a
	c, err := a.CreateCustomer(models.CustomerInput{Name: "陈静", Phones: []string{"13900139000"}, Addresses: []string{"上海市浦东新区世纪大道100号"}}, app.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	staff := func(name string) *models.Staff {
		s, err := a.CreateStaff(models.StaffInput{Name: name, Roles: []models.Role{models.RoleDelivery}, Active: true})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	fx.lead, fx.mate = staff("赵师傅"), staff("钱师傅")
	tpls, err := a.ChecklistTemplates(false)
	if err != nil || len(tpls) == 0 {
		t.Fatal(tpls, err)
	}
	d, err := a.CreateTicket(app.IntakeInput{CustomerID: c.ID, Kind: models.KindDelivery, Delivery: app.DeliveryInput{
		Items: []app.DeliveryItemInput{{Product: "衣柜", Model: "YG-2000", Qty: "1"}},
		Date:  tdTestNow, Half: models.AM, ChecklistID: tpls[0].ID, Crew: []string{fx.lead.ID, fx.mate.ID}, LeaderID: fx.lead.ID}})
	if err != nil {
		t.Fatal(err)
	}
	for _, ck := range d.Checks {
		if _, err := a.TickCheck(d.Ticket.ID, ck.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	if fx.delivery, err = a.Step(d.Ticket.ID, 0, models.StepInput{Action: models.ActCompleteInst}); err != nil {
		t.Fatal(err)
	}
	return fx
}

// TestFollowUpCallRecordsComplaintAndReward makes the first follow-up call
// of a delivery from the Follow-ups area: the customer praises the crew
// for refusing a tip and complains about a door. One save records the
// call, a reward for each of the crew, and a complaint ticket linked to
// the delivery.
func TestFollowUpCallRecordsComplaintAndReward(t *testing.T) {
	fx := newFUFixture(t)
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1280, 800))
	d := &Deps{App: fx.app, Window: w, Nav: fx.nav}
	s := newFollowUpsScreen(d)
	w.SetContent(s.content())
	custUI(s.shown)
	custWaitIdle(t)
	if len(s.items) != 0 || !s.empty.Visible() {
		t.Fatalf("due on the day of the job: %d", len(s.items))
	}

	// A week later the 1-week call is due.
	fx.add(7 * 24 * time.Hour)
	custUI(s.reload)
	custWaitIdle(t)
	if len(s.items) != 1 || s.list.Hidden {
		t.Fatalf("due after a week: %d", len(s.items))
	}
	if got := s.count.Text; !strings.Contains(got, "1") {
		t.Fatalf("count: %q", got)
	}
	row := s.items[0]
	var view *followUpRowView
	for _, v := range s.rows {
		if v.row.ID == row.ID {
			view = v
		}
	}
	if view == nil || !strings.Contains(view.info.Text, fx.delivery.Ticket.Number) || !strings.Contains(view.info.Text, "陈静") {
		t.Fatalf("row not shown: %+v", view)
	}
	custUI(func() { test.Tap(view.call) })
	custWaitIdle(t)
	f := s.form
	if f == nil || f.dlg == nil || w.Canvas().Overlays().Top() == nil {
		t.Fatal("the call form did not open")
	}
	// The form names the crew and the job; the script is beside it.
	if f.jobBtn.Text != fx.delivery.Ticket.Number || !strings.Contains(f.conductNote.Text, "赵师傅") || !strings.Contains(f.conductNote.Text, "钱师傅") {
		t.Fatalf("job %q, conduct note %q", f.jobBtn.Text, f.conductNote.Text)
	}
	if f.reachedBox.Visible() || f.callbackBox.Visible() {
		t.Fatal("outcome parts shown before an outcome is chosen")
	}

	// Saving with nothing chosen says what is missing and keeps the form.
	custUI(func() { test.Tap(f.saveBtn) })
	custWaitIdle(t)
	if f.saved != nil || !f.errs["outcome"].Visible() {
		t.Fatal("saved without an outcome")
	}

	custUI(func() {
		f.outcome.SetSelected(f.outcome.Options[0]) // reached
	})
	if !f.reachedBox.Visible() {
		t.Fatal("the reached part is hidden after choosing reached")
	}
	custUI(func() {
		f.satisfaction.SetSelected("4")
		f.questions[0].radio.SetSelected(f.questions[0].radio.Options[1]) // the product: a problem
		f.questions[1].radio.SetSelected(f.questions[1].radio.Options[0])
		f.questions[2].radio.SetSelected(f.questions[2].radio.Options[0])
		test.Tap(f.tip)
		test.Tap(f.complaintChk)
	})
	if f.questions[0].note.Disabled() || f.complaint.Disabled() {
		t.Fatal("the problem note or the complaint stays disabled")
	}
	// A problem without a note, and a ticked complaint without text: the
	// form says so under each.
	custUI(func() { test.Tap(f.saveBtn) })
	custWaitIdle(t)
	if f.saved != nil || !f.errs["complaint"].Visible() {
		t.Fatal("an empty complaint was accepted")
	}
	custUI(func() {
		test.Type(f.complaint, "衣柜门关不严")
		test.Tap(f.saveBtn)
	})
	custWaitIdle(t)
	if f.saved != nil || !f.errs["product"].Visible() {
		t.Fatal("a product problem without a note was accepted")
	}
	custUI(func() {
		test.Type(f.questions[0].note, "左门关不严")
		test.Type(f.comments, "表扬两位师傅，婉拒了红包")
		test.Tap(f.saveBtn)
	})
	custWaitIdle(t)
	if f.saved == nil {
		t.Fatalf("not saved: %q", f.formErr.Text)
	}
	fu := f.saved.FollowUp
	if fu.Status != models.FollowUpDone || fu.Satisfaction != 4 || !fu.TipRefused || fu.ProductAnswer != models.AnswerProblem || fu.ComplaintTicketID == nil {
		t.Fatalf("saved: %+v", fu)
	}
	// A reward for each of the crew, from the follow-up call.
	recs, err := fx.app.Records(context.Background(), app.RecordFilter{TicketID: fx.delivery.Ticket.ID})
	if err != nil || len(recs) != 2 {
		t.Fatalf("records: %d %v", len(recs), err)
	}
	for _, r := range recs {
		if r.Kind != models.ConductReward || r.Amount != 2000 || r.Source != models.RecFollowUp {
			t.Fatalf("record: %+v", r)
		}
	}
	// The complaint ticket, linked to the delivery; the form offers to open it.
	ct, err := fx.app.Ticket(*fu.ComplaintTicketID)
	if err != nil || ct.Ticket.Kind != models.KindComplaint || ct.Ticket.Symptom != "衣柜门关不严" || ct.From == nil || ct.From.ID != fx.delivery.Ticket.ID {
		t.Fatalf("complaint: %+v %v", ct, err)
	}
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no offer to open the complaint")
	}
	// The list no longer has the call.
	if len(s.items) != 0 {
		t.Fatalf("still listed: %d", len(s.items))
	}
}

// TestFollowUpsOnTodayBoard shows the due calls on the Today board with
// their count, and the not-convenient outcome moving a call to its time.
func TestFollowUpsOnTodayBoard(t *testing.T) {
	fx := newFUFixture(t)
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1280, 800))
	d := &Deps{App: fx.app, Window: w, Nav: fx.nav}
	s := newTodayScreen(d)
	w.SetContent(s.content())
	custUI(s.reload)
	custWaitIdle(t)
	if s.calls.box.Visible() {
		t.Fatal("the follow-up panel shows with nothing due")
	}
	fx.add(9 * 24 * time.Hour) // two days late
	custUI(s.reload)
	custWaitIdle(t)
	p := s.calls
	if !p.box.Visible() || p.total != 1 || p.badge.text.Text != "1" || !p.rows[0].box.Visible() || p.rows[1].box.Visible() {
		t.Fatalf("panel: visible %v total %d badge %q", p.box.Visible(), p.total, p.badge.text.Text)
	}
	if !strings.Contains(p.rows[0].due.Text, "2") {
		t.Fatalf("late text: %q", p.rows[0].due.Text)
	}
	custUI(func() { test.Tap(p.more) })
	if len(fx.nav.calls) == 0 || fx.nav.calls[len(fx.nav.calls)-1] != "area:nav.followups" {
		t.Fatalf("nav: %v", fx.nav.calls)
	}
	// Not convenient: call back at 16:00 today.
	custUI(func() { test.Tap(p.rows[0].call) })
	custWaitIdle(t)
	f := p.form
	if f == nil || f.dlg == nil {
		t.Fatal("no call form")
	}
	custUI(func() { f.outcome.SetSelected(f.outcome.Options[1]) })
	if !f.callbackBox.Visible() || f.reachedBox.Visible() {
		t.Fatal("the call-back time is not offered")
	}
	custUI(func() {
		f.cbTime.SetSelected("16:00")
		test.Tap(f.saveBtn)
	})
	custWaitIdle(t)
	if f.saved == nil || f.saved.FollowUp.Status != models.FollowUpCallback || f.saved.FollowUp.CallbackAt == nil ||
		f.saved.FollowUp.CallbackAt.In(tdTestNow.Location()).Hour() != 16 {
		t.Fatalf("not convenient: %+v (%s)", f.saved, f.formErr.Text)
	}
	if p.box.Visible() {
		t.Fatal("a call-back shows before its time")
	}
	fx.add(7 * time.Hour) // 17:00
	custUI(s.reload)
	custWaitIdle(t)
	if !p.box.Visible() || !strings.Contains(p.rows[0].due.Text, "16:00") {
		t.Fatalf("call-back due: %v %q", p.box.Visible(), p.rows[0].due.Text)
	}
}

// TestFollowUpScheduleSettings edits the schedule in Settings: problems as
// the manager types, the dates a job done today gets, and the save.
func TestFollowUpScheduleSettings(t *testing.T) {
	fx := newFUFixture(t)
	w := test.NewTempWindow(t, nil)
	s := newFollowUpScheduleSection(&Deps{App: fx.app, Window: w})
	w.SetContent(container.NewVScroll(s.content()))
	custUI(s.load)
	custWaitIdle(t)
	if s.delivery.Text != "1w, 1m, 3m, 6m, 1y" || s.repair.Text != "3d" {
		t.Fatalf("loaded %q / %q", s.delivery.Text, s.repair.Text)
	}
	if !strings.Contains(s.preview.Text, "2026-03-09") || !strings.Contains(s.preview.Text, "2026-03-05") {
		t.Fatalf("preview: %q", s.preview.Text)
	}
	custUI(func() { s.repair.SetText("3d, soon") })
	if !s.repairErr.Visible() || !s.saveBtn.Disabled() || !strings.Contains(s.repairErr.Text, "soon") {
		t.Fatalf("bad offset: %q disabled %v", s.repairErr.Text, s.saveBtn.Disabled())
	}
	custUI(func() {
		s.repair.SetText("2w，3d")
		test.Tap(s.saveBtn)
	})
	custWaitIdle(t)
	if s.repair.Text != "3d, 2w" || s.note.Text == "" {
		t.Fatalf("after save: %q note %q", s.repair.Text, s.note.Text)
	}
	sch, err := fx.app.FollowUpSchedule()
	if err != nil || len(sch.Repair) != 2 || sch.Repair[1] != "2w" {
		t.Fatalf("saved: %+v %v", sch, err)
	}
}

// TestFollowUpScreenshots writes pictures of the call form and the Today
// board's panel, in both languages, when FU_SHOTS names a folder.
func TestFollowUpScreenshots(t *testing.T) {
	dir := shotsDir(t, "FU_SHOTS")
	for _, l := range []string{"en", "zh"} {
		shotsLanguage(t, l)
		fx := newFUFixture(t)
		fyne.CurrentApp().Settings().SetTheme(NewTheme())
		fx.add(9 * 24 * time.Hour)
		w := test.NewTempWindow(t, nil)
		w.Resize(fyne.NewSize(1280, 800))
		d := &Deps{App: fx.app, Window: w, Nav: fx.nav}
		s := newTodayScreen(d)
		w.SetContent(s.content())
		shot := func(name string) {
			writeShot(t, w, filepath.Join(dir, "fu_"+l+"_"+name+".png"), true)
		}
		custUI(s.reload)
		shot("today")
		custUI(func() { test.Tap(s.calls.rows[0].call) })
		custWaitIdle(t)
		f := s.calls.form
		custUI(func() {
			f.outcome.SetSelected(f.outcome.Options[0])
			f.satisfaction.SetSelected("4")
			f.questions[0].radio.SetSelected(f.questions[0].radio.Options[1])
			test.Tap(f.tip)
			test.Tap(f.complaintChk)
			test.Tap(f.saveBtn)
		})
		custWaitIdle(t)
		custUI(func() { f.dlg.Resize(fyne.NewSize(1200, 760)) })
		shot("call")
	}
}
