package app

import (
	"context"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"aftercare/models"
)

func TestDispatchBoardShowsDeliveriesOnEveryCrewMember(t *testing.T) {
	f := newDeliveryFixture(t)
	a := f.a
	tech := mustStaff(t, a, "李师傅", models.RoleTechnician)
	both := mustStaff(t, a, "周师傅", models.RoleTechnician, models.RoleDelivery)
	gone := mustStaff(t, a, "吴师傅", models.RoleDelivery)
	if _, err := a.UpdateStaff(gone.ID, models.StaffInput{Name: gone.Name, Roles: []models.Role{models.RoleDelivery}, Active: false}); err != nil {
		t.Fatal(err)
	}

	// A delivery with a crew of two, another still without a crew, a
	// repair booked the same afternoon, and a cancelled delivery.
	crewed, err := a.CreateTicket(f.intake(f.lead.ID, f.mate.ID))
	if err != nil {
		t.Fatal(err)
	}
	open, err := a.CreateTicket(f.intake())
	if err != nil {
		t.Fatal(err)
	}
	cancelled, err := a.CreateTicket(f.intake(f.mate2.ID, both.ID))
	if err != nil {
		t.Fatal(err)
	}
	step(t, a, cancelled.Ticket.ID, models.StepInput{Action: models.ActCancel, Reason: "客户退单"})
	day := models.CivilDate(fixedNow.AddDate(0, 0, 2))
	r, err := a.CreateTicket(IntakeInput{CustomerID: f.c.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "不制冷"})
	if err != nil {
		t.Fatal(err)
	}
	step(t, a, r.Ticket.ID, models.StepInput{Action: models.ActAssign, TechnicianID: tech.ID})
	step(t, a, r.Ticket.ID, models.StepInput{Action: models.ActSchedule, Date: day, Half: models.PM})

	staff, board, err := a.DispatchBoard(context.Background(), fixedNow, 7)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range staff {
		names = append(names, s.Name)
	}
	// Technicians first (周师傅 has both roles and shows once), then the
	// active delivery staff.
	if !slices.Equal(names, []string{"周师傅", "李师傅", "孙师傅", "赵师傅", "钱师傅"}) {
		t.Fatalf("board staff: %q", names)
	}

	for _, who := range []*models.Staff{f.lead, f.mate} {
		b := board[BookingKey(who.ID, day, models.PM)]
		if b == nil || len(b.Tickets) != 1 || b.Tickets[0].ID != crewed.Ticket.ID || b.Tickets[0].Kind != models.KindDelivery {
			t.Fatalf("%s's afternoon: %+v", who.Name, b)
		}
		if crew := b.Crews[crewed.Ticket.ID]; !slices.Equal(crew, []string{f.lead.ID, f.mate.ID}) {
			t.Errorf("%s's afternoon: crew %v, want the leader first", who.Name, crew)
		}
		if b.Tickets[0].Technician != "赵师傅" {
			t.Errorf("the delivery's leader shows as %q", b.Tickets[0].Technician)
		}
	}
	if b := board[BookingKey(f.mate2.ID, day, models.PM)]; b != nil {
		t.Errorf("a cancelled delivery is on the board: %+v", b)
	}
	noCrew := board[BookingKey(NoCrew, day, models.PM)]
	if noCrew == nil || len(noCrew.Tickets) != 1 || noCrew.Tickets[0].ID != open.Ticket.ID || noCrew.Crews[open.Ticket.ID] != nil {
		t.Fatalf("deliveries without a crew: %+v", noCrew)
	}
	rb := board[BookingKey(tech.ID, day, models.PM)]
	if rb == nil || len(rb.Tickets) != 1 || rb.Tickets[0].ID != r.Ticket.ID || rb.Crews != nil {
		t.Fatalf("the repair: %+v", rb)
	}
	if len(board) != 4 {
		t.Errorf("%d bookings, want 4: %+v", len(board), board)
	}

	// A second delivery for 赵师傅 that afternoon is a clash in his cell
	// only.
	if _, err := a.CreateTicket(withClash(f.intake(f.lead.ID, f.mate2.ID))); err != nil {
		t.Fatal(err)
	}
	_, board, err = a.DispatchBoard(context.Background(), fixedNow, 7)
	if err != nil {
		t.Fatal(err)
	}
	if b := board[BookingKey(f.lead.ID, day, models.PM)]; b == nil || !b.Clash() || len(b.Crews) != 2 {
		t.Errorf("赵师傅's double booking: %+v", b)
	}
	if b := board[BookingKey(f.mate.ID, day, models.PM)]; b == nil || b.Clash() {
		t.Errorf("钱师傅's afternoon: %+v", b)
	}

	// Outside the days asked for, nothing.
	_, board, err = a.DispatchBoard(context.Background(), fixedNow.AddDate(0, 0, 3), 7)
	if err != nil || len(board) != 0 {
		t.Errorf("the next days: %v %+v", err, board)
	}
}

// withClash confirms a double booking on an intake.
func withClash(in IntakeInput) IntakeInput {
	in.Delivery.AllowClash = true
	return in
}

// TestDispatchBoardQueriesUseIndexes checks that the board reads the
// tickets through their status index and the crews through crew_members'
// ticket index, never by scanning a table.
func TestDispatchBoardQueriesUseIndexes(t *testing.T) {
	sqliteOnly(t, "SQLite's EXPLAIN QUERY PLAN")
	a := newTestApp(t)
	start, end := models.CivilDate(fixedNow), models.CivilDate(fixedNow).AddDate(0, 0, 7)
	var rows []TicketRow
	var crews []boardCrew
	for name, sql := range map[string]string{
		"tickets": a.db.ToSQL(func(tx *gorm.DB) *gorm.DB { return a.boardTickets(tx, start, end).Scan(&rows) }),
		"crews":   a.db.ToSQL(func(tx *gorm.DB) *gorm.DB { return boardCrews(tx, start, end).Scan(&crews) }),
	} {
		var plan []struct {
			ID, Parent, Notused int
			Detail              string
		}
		if err := a.db.Raw("EXPLAIN QUERY PLAN " + sql).Scan(&plan).Error; err != nil {
			t.Fatal(err)
		}
		var details []string
		for _, p := range plan {
			details = append(details, p.Detail)
		}
		text := strings.Join(details, "\n")
		if !strings.Contains(text, "SEARCH tickets USING INDEX") || strings.Contains(text, "SCAN tickets") ||
			strings.Contains(text, "SCAN crew_members") || name == "crews" && !strings.Contains(text, "SEARCH crew_members USING INDEX") {
			t.Errorf("%s query plan for %s:\n%s", name, sql, text)
		}
	}
}
