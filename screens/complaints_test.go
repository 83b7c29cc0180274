package screens

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

func TestIntakeComplaintAboutAJob(t *testing.T) {
	fx := newTickFixture(t)
	job, err := fx.app.CreateTicket(app.IntakeInput{CustomerID: fx.zhang.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "不制冷"})
	if err != nil {
		t.Fatal(err)
	}
	i := fx.intake(t, fx.zhang.ID)
	c := i.complaint
	custUI(func() { i.kind.SetSelected(KindLabel(models.KindComplaint)) })
	custEventually(t, "the customer's jobs", func() bool { return c.jobsFor == fx.zhang.ID })

	// The repair-only fields give way; the fault row is the complaint.
	if !c.box.Visible() || i.modeRow[1].Visible() || i.warrantyRow[1].Visible() || i.preferredRow[1].Visible() || !i.symptomRow[1].Visible() {
		t.Fatal("a complaint shows repair fields or hides its own")
	}
	if !i.symptomRow[0].Visible() || complaintLabelText(i.symptomRow[0]) != "Complaint *" {
		t.Errorf("fault row label %q", complaintLabelText(i.symptomRow[0]))
	}
	tickCapture(t, fx.win, "complaint_intake")
	if len(c.job.Options) != 2 || !strings.HasPrefix(c.job.Options[1], job.Ticket.Number) || c.job.SelectedIndex() != 0 {
		t.Fatalf("jobs offered: %q (selected %d)", c.job.Options, c.job.SelectedIndex())
	}

	// No complaint text: refused, shown at the field.
	custUI(func() { test.Tap(i.createBtn) })
	custEventually(t, "the refusal", func() bool { return !i.saving })
	if i.created != nil || i.errs["symptom"].Text == "" || !i.errs["symptom"].Visible() {
		t.Fatalf("empty complaint: created %v, problem %q", i.created != nil, i.errs["symptom"].Text)
	}
	custUI(func() {
		test.Type(i.symptom, "上门师傅迟到两小时，态度很差")
		c.job.SetSelectedIndex(1)
		i.priority.SetSelected(PriorityLabel(models.PriorityUrgent))
		test.Tap(i.createBtn)
	})
	custEventually(t, "the complaint", func() bool { return i.created != nil })
	tk := i.created.Ticket
	if tk.Kind != models.KindComplaint || !strings.HasPrefix(tk.Number, "TS") || tk.Priority != models.PriorityUrgent ||
		tk.LinkedTicketID == nil || *tk.LinkedTicketID != job.Ticket.ID || tk.Symptom != "上门师傅迟到两小时，态度很差" {
		t.Fatalf("created %+v", tk)
	}
	if i.resultCheck.Visible() {
		t.Errorf("a complaint flags missing data: %q", i.resultCheck.Text)
	}
	// Back to a repair: the fault row is the fault again.
	i2 := fx.intake(t, fx.zhang.ID)
	custUI(func() {
		i2.kind.SetSelected(KindLabel(models.KindComplaint))
		i2.kind.SetSelected(KindLabel(models.KindRepair))
	})
	if complaintLabelText(i2.symptomRow[0]) != "Fault symptom" || i2.complaint.box.Visible() || !i2.modeRow[1].Visible() {
		t.Errorf("repair after complaint: label %q", complaintLabelText(i2.symptomRow[0]))
	}
}

// complaintLabelText is the text of a form label.
func complaintLabelText(o fyne.CanvasObject) string {
	if l, ok := o.(*widget.Label); ok {
		return l.Text
	}
	return ""
}

// tapComplaintAction taps the page's button for a complaint step and
// waits for its dialog.
func tapComplaintAction(t *testing.T, fx *tdFixture, act models.Action) *tdComplaintDialog {
	t.Helper()
	p := fx.page
	n := slices.Index(p.actionActs, act)
	if n < 0 {
		t.Fatalf("no %s button; buttons: %v", act, p.actionActs)
	}
	p.complaint.dlg = nil
	custUI(func() { test.Tap(p.actionBtns[n]) })
	custWaitIdle(t)
	d := p.complaint.dlg
	if d == nil || d.act != act || d.form.closed {
		t.Fatalf("%s dialog not open", act)
	}
	return d
}

func TestComplaintStepsOnTheTicketPage(t *testing.T) {
	fx := newTDFixture(t)
	a := fx.app
	bm, err := a.CreateStaff(models.StaffInput{Name: "孙经理", Roles: []models.Role{models.RoleBusinessManager}, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	job := fx.newTicket(t, "不制冷")
	if _, err := a.Step(job.Ticket.ID, 0, models.StepInput{Action: models.ActAssign, TechnicianID: fx.tech2.ID}); err != nil {
		t.Fatal(err)
	}
	cd, err := a.CreateTicket(app.IntakeInput{CustomerID: fx.cust.ID, Kind: models.KindComplaint, Symptom: "赵师傅上门没穿工服，说话很冲", LinkedTicketID: job.Ticket.ID})
	if err != nil {
		t.Fatal(err)
	}
	id := cd.Ticket.ID
	fx.open(t, id)
	c := fx.page.complaint
	if !c.section.Visible() || c.text.Text != "赵师傅上门没穿工服，说话很冲" || c.reported.Text != "Not yet" || len(c.limits.Objects) != 3 {
		t.Fatalf("section: visible %v text %q reported %q limits %d", c.section.Visible(), c.text.Text, c.reported.Text, len(c.limits.Objects))
	}
	if l := c.limits.Objects[0].(*widget.Label); l.Text != "Complaint: accept and report (1 h): by 2026-03-02 11:00" {
		t.Errorf("first limit %q", l.Text)
	}
	if !fx.page.delivery.fromBox.Visible() || !strings.HasPrefix(fx.page.delivery.fromLink.Text, job.Ticket.Number) {
		t.Errorf("the job complained about is not linked: %q", fx.page.delivery.fromLink.Text)
	}

	// Accept: the manager is required, and offered alone (王总 and 孙经理).
	d := tapComplaintAction(t, fx, models.ActAcceptComplaint)
	if !slices.Equal(d.manager.Options, []string{"孙经理", "王总"}) {
		t.Fatalf("managers offered: %q", d.manager.Options)
	}
	fx.submit(t, d.form)
	if d.form.closed || d.form.errs["reported_to"].Text == "" {
		t.Fatalf("accepted without a manager: %q", d.form.errs["reported_to"].Text)
	}
	custUI(func() { d.manager.SetSelected("孙经理") })
	fx.submit(t, d.form)
	fx.expectStatus(t, id, models.StatusAccepted)
	if !strings.HasPrefix(c.reported.Text, "孙经理 · ") || c.limits.Objects[0].(*widget.Label).Importance != widget.SuccessImportance {
		t.Errorf("after accepting: %q", c.reported.Text)
	}

	// Responsibility: the job's technician comes first and is ticked; a
	// penalty from the catalogue for him.
	d = tapComplaintAction(t, fx, models.ActResponsibility)
	if d.staffRow[1].Visible() || d.penaltyRow[1].Visible() {
		t.Error("staff rows shown before staff are chosen as responsible")
	}
	custUI(func() { d.resp.SetSelected(ResponsibleLabel(models.RespStaff)) })
	if !d.staffRow[1].Visible() || d.penalty.Disabled() {
		t.Fatal("staff rows hidden, or the penalty off for a manager")
	}
	if d.staff[0].ID != fx.tech2.ID || !d.checks[0].Checked || d.checks[1].Checked {
		t.Fatalf("staff offered: first %s ticked %v", d.staff[0].Name, d.checks[0].Checked)
	}
	// A per-case rule asks for its amount.
	pick := func(code string) {
		for n, r := range d.rules {
			if r.Code == code {
				custUI(func() { d.penalty.SetSelectedIndex(n + 1) })
				return
			}
		}
		t.Fatalf("no penalty rule %s offered", code)
	}
	pick("damage")
	if !d.amountRow[1].Visible() {
		t.Error("no amount asked for a per-case rule")
	}
	pick("uniform")
	if d.amountRow[1].Visible() {
		t.Error("amount asked for a fixed rule")
	}
	tickCapture(t, fx.w, "complaint_responsibility")
	fx.submit(t, d.form)
	if d.form.closed || d.form.errs["note"].Text == "" {
		t.Fatal("responsibility saved without the finding")
	}
	custUI(func() { test.Type(d.note, "未穿工服属实") })
	fx.submit(t, d.form)
	fx.expectStatus(t, id, models.StatusResponsibility)
	recs, err := a.Records(context.Background(), app.RecordFilter{TicketID: id})
	if err != nil || len(recs) != 1 || recs[0].StaffID != fx.tech2.ID || recs[0].Amount != -1000 {
		t.Fatalf("penalty records: %+v %v", recs, err)
	}
	custEventually(t, "the staff named", func() bool { return strings.Contains(c.resp.Text, "Staff: 赵师傅") })

	// Proposal, follow-up, close with the customer's acceptance.
	for _, s := range []struct {
		act  models.Action
		text string
		want models.Status
	}{
		{models.ActPropose, "向顾客道歉，赠送一次免费清洗", models.StatusProposed},
		{models.ActFollowUp, "顾客表示接受道歉", models.StatusFollowingUp},
		{models.ActClose, "顾客满意，同意结案", models.StatusClosed},
	} {
		d = tapComplaintAction(t, fx, s.act)
		fx.submit(t, d.form)
		if d.form.closed || d.form.errs["note"].Text == "" {
			t.Fatalf("%s saved without its text", s.act)
		}
		custUI(func() { test.Type(d.note, s.text) })
		fx.submit(t, d.form)
		fx.expectStatus(t, id, s.want)
	}
	tickCapture(t, fx.w, "complaint_page")
	if !strings.Contains(c.proposal.Text, "赠送一次免费清洗") || bm.ID == "" {
		t.Errorf("proposal shown %q", c.proposal.Text)
	}
	for _, o := range c.limits.Objects {
		if l := o.(*widget.Label); l.Importance != widget.SuccessImportance {
			t.Errorf("limit not met on time: %q", l.Text)
		}
	}
}
