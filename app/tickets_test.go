package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"aftercare/models"
)

func mustStaff(t testing.TB, a *App, name string, roles ...models.Role) *models.Staff {
	t.Helper()
	s, err := a.CreateStaff(models.StaffInput{Name: name, Roles: roles, Active: true})
	if err != nil {
		t.Fatalf("staff %s: %v", name, err)
	}
	return s
}

func step(t testing.TB, a *App, id string, in models.StepInput) *TicketDetail {
	t.Helper()
	d, err := a.Step(id, 0, in)
	if err != nil {
		t.Fatalf("%s: %v", in.Action, err)
	}
	return d
}

func TestOnSiteRepairFromIntakeToClose(t *testing.T) {
	a := newTestApp(t)
	c := mustCreate(t, a, "张伟", "13800138000")
	p, err := a.AddPurchase(c.ID, models.PurchaseInput{Product: "空调", Brand: "格力", Model: "KFR-35GW", PurchaseDate: "2019-06-01", WarrantyMonths: "12"})
	if err != nil {
		t.Fatal(err)
	}
	tech := mustStaff(t, a, "李师傅", models.RoleTechnician)
	gm := mustStaff(t, a, "王总", models.RoleGeneralManager)
	d, err := a.CreateTicket(IntakeInput{CustomerID: c.ID, PurchaseID: p.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "不制冷"})
	if err != nil {
		t.Fatal(err)
	}
	if d.Ticket.Number != "WX20261123-001" || d.Ticket.WarrantyCovered || len(d.Missing) != 0 {
		t.Fatalf("intake: %s covered=%v missing=%v", d.Ticket.Number, d.Ticket.WarrantyCovered, d.Missing)
	}
	if d.Due == nil || d.Due.Rule != models.DueFirstResponse {
		t.Fatalf("due: %+v", d.Due)
	}
	id := d.Ticket.ID
	if _, err := a.LogContact(id, models.ContactReached, "约明天上午"); err != nil {
		t.Fatal(err)
	}
	step(t, a, id, models.StepInput{Action: models.ActAssign, TechnicianID: tech.ID})
	tomorrow := fixedNow.AddDate(0, 0, 1)
	step(t, a, id, models.StepInput{Action: models.ActSchedule, Date: tomorrow, Half: models.AM})
	step(t, a, id, models.StepInput{Action: models.ActArrive})
	if _, err := a.AddItem(id, ItemInput{Code: "visit_city", Qty: "1", Charged: true}); err != nil {
		t.Fatal(err)
	}
	// 150 → 100 is more than 10% below the schedule: needs the GM.
	if _, err := a.AddItem(id, ItemInput{Code: "lab_ac_gas", Qty: "1", Price: "100", Charged: true}); err != nil {
		t.Fatal(err)
	}
	_, err = a.Step(id, 0, models.StepInput{Action: models.ActRepaired})
	fe := models.AsFieldErrors(err)
	if fe.ForField("consent") == nil || fe.ForField("quote") == nil {
		t.Fatalf("repair without consent and approval: %v", err)
	}
	if _, err := a.ApproveQuote(id, tech.ID); models.AsFieldErrors(err).ForField("approver") == nil {
		t.Fatalf("a technician approved a quote: %v", err)
	}
	if _, err := a.ApproveQuote(id, gm.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.RecordConsent(id, "客户同意"); err != nil {
		t.Fatal(err)
	}
	step(t, a, id, models.StepInput{Action: models.ActRepaired})
	step(t, a, id, models.StepInput{Action: models.ActSign})
	if _, err := a.Step(id, 0, models.StepInput{Action: models.ActClose}); models.AsFieldErrors(err).ForField("payment") == nil {
		t.Fatalf("closed unpaid: %v", err)
	}
	if _, err := a.AddPayment(id, PaymentInput{Method: models.PayWeChat, Amount: "200"}); models.AsFieldErrors(err).ForField("amount") == nil {
		t.Fatalf("overpayment accepted: %v", err)
	}
	if _, err := a.AddPayment(id, PaymentInput{Method: models.PayWeChat, Amount: "130", ReceiptNo: "R1"}); err != nil {
		t.Fatal(err)
	}
	d = step(t, a, id, models.StepInput{Action: models.ActClose})
	if d.Ticket.Status != models.StatusClosed || d.Ticket.ClosedAt == nil || d.Due != nil || d.Ticket.DueAt != nil {
		t.Fatalf("closed: %+v", d.Ticket)
	}
	if len(d.Events) < 10 {
		t.Fatalf("timeline has %d events", len(d.Events))
	}
	// An illegal step says why.
	_, err = a.Step(id, 0, models.StepInput{Action: models.ActArrive})
	if models.AsFieldErrors(err).ForField("action") == nil {
		t.Fatalf("arrive on a closed ticket: %v", err)
	}
	// A new repair of the same purchase within 90 days is a repeat.
	d2, err := a.CreateTicket(IntakeInput{CustomerID: c.ID, PurchaseID: p.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "又不制冷"})
	if err != nil {
		t.Fatal(err)
	}
	if d2.RepeatOf != d.Ticket.Number || d2.Ticket.Number != "WX20261123-002" {
		t.Fatalf("repeat: %q number %s", d2.RepeatOf, d2.Ticket.Number)
	}
}

func TestTicketNumbersUniqueUnderConcurrency(t *testing.T) {
	a := newTestApp(t)
	c := mustCreate(t, a, "张伟", "13800138000")
	var wg sync.WaitGroup
	nums := make([]string, 20)
	errs := make([]error, 20)
	for i := range nums {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			d, err := a.CreateTicket(IntakeInput{CustomerID: c.ID, Kind: models.KindRepair, Mode: models.ModeCarryIn, Symptom: fmt.Sprint(i)})
			errs[i] = err
			if err == nil {
				nums[i] = d.Ticket.Number
			}
		}(i)
	}
	wg.Wait()
	seen := map[string]bool{}
	for i, n := range nums {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if seen[n] || !strings.HasPrefix(n, "WX20261123-") {
			t.Fatalf("number %q repeated or malformed", n)
		}
		seen[n] = true
	}
}

func TestClashNeedsConfirmation(t *testing.T) {
	a := newTestApp(t)
	c := mustCreate(t, a, "张伟", "13800138000")
	tech := mustStaff(t, a, "李师傅", models.RoleTechnician)
	day := fixedNow.AddDate(0, 0, 2)
	var ids []string
	for i := 0; i < 2; i++ {
		d, err := a.CreateTicket(IntakeInput{CustomerID: c.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "x"})
		if err != nil {
			t.Fatal(err)
		}
		step(t, a, d.Ticket.ID, models.StepInput{Action: models.ActAssign, TechnicianID: tech.ID})
		ids = append(ids, d.Ticket.ID)
	}
	step(t, a, ids[0], models.StepInput{Action: models.ActSchedule, Date: day, Half: models.PM})
	_, err := a.Step(ids[1], 0, models.StepInput{Action: models.ActSchedule, Date: day, Half: models.PM})
	var clash *ClashError
	if !errors.As(err, &clash) || len(clash.Existing) != 1 || clash.Existing[0].ID != ids[0] {
		t.Fatalf("want clash with the first ticket, got %v", err)
	}
	step(t, a, ids[1], models.StepInput{Action: models.ActSchedule, Date: day, Half: models.PM, AllowClash: true})
	_, board, err := a.DispatchBoard(context.Background(), fixedNow, 7)
	if err != nil {
		t.Fatal(err)
	}
	b := board[BookingKey(tech.ID, models.CivilDate(day), models.PM)]
	if b == nil || !b.Clash() {
		t.Fatalf("board does not show the clash: %+v", board)
	}
}

func TestStaleVersionRefused(t *testing.T) {
	a := newTestApp(t)
	c := mustCreate(t, a, "张伟", "13800138000")
	tech := mustStaff(t, a, "李师傅", models.RoleTechnician)
	d, err := a.CreateTicket(IntakeInput{CustomerID: c.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "x"})
	if err != nil {
		t.Fatal(err)
	}
	v := d.Ticket.Version
	if _, err := a.Step(d.Ticket.ID, v, models.StepInput{Action: models.ActAssign, TechnicianID: tech.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Step(d.Ticket.ID, v, models.StepInput{Action: models.ActAbandon, Reason: "x"}); !errors.Is(err, ErrConflict) {
		t.Fatalf("stale save: %v", err)
	}
}

func TestTodayOverdueFirst(t *testing.T) {
	a := newTestApp(t)
	c := mustCreate(t, a, "张伟", "13800138000")
	clock := fixedNow.Add(-30 * time.Hour)
	a.clock = func() time.Time { return clock }
	old, err := a.CreateTicket(IntakeInput{CustomerID: c.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "old"})
	if err != nil {
		t.Fatal(err)
	}
	clock = fixedNow
	fresh, err := a.CreateTicket(IntakeInput{CustomerID: c.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "new"})
	if err != nil {
		t.Fatal(err)
	}
	items, err := a.Today(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].ID != old.Ticket.ID || !items[0].Overdue || items[0].Rule != models.DueFirstResponse || items[0].Action != models.ActContact {
		t.Fatalf("today: %+v (fresh %s)", items, fresh.Ticket.ID)
	}
	rows, err := a.ListTickets(context.Background(), TicketFilter{OverdueOnly: true})
	if err != nil || len(rows) != 1 {
		t.Fatalf("overdue filter: %v %v", rows, err)
	}
	rows, _ = a.ListTickets(context.Background(), TicketFilter{Query: "8000"})
	if len(rows) != 2 {
		t.Fatalf("phone search: %d rows", len(rows))
	}
}

func TestDispatchAssignsBooksAndMoves(t *testing.T) {
	a := newTestApp(t)
	c := mustCreate(t, a, "张伟", "13800138000")
	li := mustStaff(t, a, "李师傅", models.RoleTechnician)
	wang := mustStaff(t, a, "王师傅", models.RoleTechnician)
	d, err := a.CreateTicket(IntakeInput{CustomerID: c.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "x"})
	if err != nil {
		t.Fatal(err)
	}
	day := fixedNow.AddDate(0, 0, 1)
	d, err = a.Dispatch(DispatchInput{TicketID: d.Ticket.ID, TechnicianID: li.ID, Date: day, Half: models.AM})
	if err != nil || d.Ticket.Status != models.StatusScheduled || d.Technician != "李师傅" {
		t.Fatalf("dispatch: %v %+v", err, d)
	}
	// Moving to another technician and day needs a reason.
	_, err = a.Dispatch(DispatchInput{TicketID: d.Ticket.ID, TechnicianID: wang.ID, Date: day.AddDate(0, 0, 1), Half: models.PM})
	if models.AsFieldErrors(err).ForField("reason") == nil {
		t.Fatalf("move without reason: %v", err)
	}
	_, err = a.Dispatch(DispatchInput{TicketID: d.Ticket.ID, TechnicianID: wang.ID, Date: day.AddDate(0, 0, 1), Half: models.PM, Reason: "李师傅请假"})
	if models.AsFieldErrors(err).ForField("agreed") == nil {
		t.Fatalf("shop moved the visit without the customer's agreement: %v", err)
	}
	d, err = a.Dispatch(DispatchInput{TicketID: d.Ticket.ID, TechnicianID: wang.ID, Date: day.AddDate(0, 0, 1), Half: models.PM, Reason: "李师傅请假", CustomerAgreed: true})
	if err != nil || d.Technician != "王师傅" || d.Ticket.ApptHalf != models.PM || d.Ticket.ReschedulesShop != 1 {
		t.Fatalf("move: %v %+v", err, d.Ticket)
	}
}

func TestCreateInactiveStaff(t *testing.T) {
	a := newTestApp(t)
	s, err := a.CreateStaff(models.StaffInput{Name: "赵师傅", Roles: []models.Role{models.RoleTechnician}, Active: false})
	if err != nil {
		t.Fatal(err)
	}
	got, err := a.StaffMember(s.ID)
	if err != nil || got.Active || s.Active {
		t.Fatalf("inactive staff saved as active: %+v %v", got, err)
	}
}
