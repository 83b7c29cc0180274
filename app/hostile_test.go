package app

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"gorm.io/gorm"

	"aftercare/models"
)

// hostileEnd ends the long hostile text, so a test sees that nothing was
// cut from its end.
const hostileEnd = "结尾标记END"

// hostileTexts are what people paste into text fields: control
// characters, emoji above U+FFFF, SQL-like text, right-to-left marks,
// combining accents, and more than 10 000 characters of mixed Chinese and
// Latin text (kind "long").
func hostileTexts() map[string]string {
	var long strings.Builder
	for i := 0; long.Len() < 30000; i++ {
		fmt.Fprintf(&long, "第%d段：冰箱冷藏室不制冷 fridge not cooling，客户说压缩机响 noise at night；", i)
	}
	long.WriteString(hostileEnd)
	return map[string]string{
		"control":   "王\x00小明\r\n第二行\t制表\x1b[31m红\a铃\x7f\u0085\x1f",
		"emoji":     "冰箱😀👨\u200d👩\u200d👧🇨🇳👍🏽",
		"sql":       "'; DROP TABLE tickets;-- \" OR 1=1 --",
		"rtl":       "地址\u202E反向文字\u202C和\u200F标记\u200E",
		"combining": "e\u0301 a\u0308 Z\u0337\u0322\u0353 王\u0301",
		"long":      long.String(),
	}
}

// visible is a text as a reader sees it: no white space, no control
// characters, no direction controls. What is stored must look like what
// was typed.
func visible(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return -1
		}
		return r
	}, s)
}

// hostileField is one text field: save stores text through the app layer
// and returns a function that reads the stored value back (through the
// app layer too). A text longer than max characters (0: no limit) is
// refused with a FieldError naming field.
type hostileField struct {
	name  string
	field string
	max   int
	save  func(t *testing.T, text string) (func() string, error)
}

// checkHostileFields saves every hostile text in every field: a text
// within the field's limit is stored as typed without its control and
// direction characters (newlines stay, tabs become spaces), and a long
// one is not cut; one over the limit is refused with a FieldError on the
// field.
func checkHostileFields(t *testing.T, fields []hostileField) {
	t.Helper()
	for _, f := range fields {
		for kind, text := range hostileTexts() {
			read, err := f.save(t, text)
			if n := utf8.RuneCountInString(strings.TrimSpace(models.CleanText(text))); f.max > 0 && n > f.max {
				if fe := models.AsFieldErrors(err).ForField(f.field); fe == nil || fe.Key == "" {
					t.Errorf("%s (%s): %d characters: want a FieldError on %q, got %v", f.name, kind, n, f.field, err)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s (%s): %v", f.name, kind, err)
				continue
			}
			got := read()
			if models.CleanText(got) != got {
				t.Errorf("%s (%s): stored control characters: %q", f.name, kind, got)
			}
			if visible(got) != visible(text) {
				t.Errorf("%s (%s): stored %.80q, typed %.80q", f.name, kind, got, text)
			}
			if kind == "long" && !strings.HasSuffix(got, hostileEnd) {
				t.Errorf("%s: the long text was cut (%d characters stored)", f.name, len([]rune(got)))
			}
		}
	}
}

// reloadTicket reads a ticket back through the app layer.
func reloadTicket(t *testing.T, a *App, id string) *TicketDetail {
	t.Helper()
	d, err := a.Ticket(id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// intakeField returns a builder of hostileFields that open a ticket with
// create, the text put in by edit, and read it back with get.
func intakeField(a *App, create func(func(*IntakeInput)) (*TicketDetail, error)) func(name, field string, max int,
	edit func(*IntakeInput, string), get func(*TicketDetail) string) hostileField {
	return func(name, field string, max int, edit func(*IntakeInput, string), get func(*TicketDetail) string) hostileField {
		return hostileField{name, field, max, func(t *testing.T, text string) (func() string, error) {
			d, err := create(func(in *IntakeInput) { edit(in, text) })
			if err != nil {
				return nil, err
			}
			return func() string { return get(reloadTicket(t, a, d.Ticket.ID)) }, nil
		}}
	}
}

// TestHostileTextCustomer: a customer's name, address, notes and phone
// label.
func TestHostileTextCustomer(t *testing.T) {
	a := newTestApp(t)
	phone := 0
	create := func(t *testing.T, in models.CustomerInput) (*models.Customer, error) {
		phone++
		in.Phones = []string{fmt.Sprintf("139%08d", phone)}
		if in.Name == "" {
			in.Name = "测试"
		}
		return a.CreateCustomer(in, CreateOptions{})
	}
	reread := func(t *testing.T, id string) *models.Customer {
		c, err := a.Customer(id)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	field := func(name, limit string, max int, in func(string) models.CustomerInput, get func(*models.Customer) string) hostileField {
		return hostileField{name, limit, max, func(t *testing.T, text string) (func() string, error) {
			c, err := create(t, in(text))
			if err != nil {
				return nil, err
			}
			return func() string { return get(reread(t, c.ID)) }, nil
		}}
	}
	checkHostileFields(t, []hostileField{
		field("name", "name", models.MaxNameLen, func(s string) models.CustomerInput { return models.CustomerInput{Name: s} },
			func(c *models.Customer) string { return c.Name }),
		field("address", "address", models.MaxAddressLen, func(s string) models.CustomerInput { return models.CustomerInput{Addresses: []string{s}} },
			func(c *models.Customer) string { return c.MainAddress() }),
		field("notes", "notes", models.MaxNotesLen, func(s string) models.CustomerInput { return models.CustomerInput{Notes: s} },
			func(c *models.Customer) string { return c.Notes }),
		field("phone label", "phone", models.MaxLabelLen, func(s string) models.CustomerInput {
			return models.CustomerInput{Labels: []string{s}}
		}, func(c *models.Customer) string { return c.Phones[0].Label }),
	})

	// The search finds the names as they look, and cannot be made to
	// match across fields with a pasted separator.
	ctx := context.Background()
	for q, want := range map[string]string{"王小明": "王小明", "drop table": "'; DROP TABLE tickets;--"} {
		rows, err := a.SearchCustomers(ctx, q, SearchOptions{})
		found := false
		for _, r := range rows {
			found = found || strings.HasPrefix(visible(r.Name), visible(want))
		}
		if err != nil || !found {
			t.Errorf("search %q: %+v, %v", q, rows, err)
		}
	}
	// 测试's search text is "…\x1f测试\x1fceshi\x1fcs\x1f…".
	if n, err := a.CountCustomers(ctx, "测试", false); err != nil || n < 10 {
		t.Fatalf("search 测试: %d, %v", n, err)
	}
	if n, err := a.CountCustomers(ctx, "试\x1fce", false); err != nil || n != 0 {
		t.Errorf("a pasted separator matched across fields: %d, %v", n, err)
	}
}

// TestHostileTextTicket: a repair ticket's symptom, request, address,
// product, preferred time, timeline note, contact note, a step's reason
// and tracking number.
func TestHostileTextTicket(t *testing.T) {
	a := newTestApp(t)
	c := mustCreate(t, a, "张伟", "13800138000")
	intake := func(edit func(*IntakeInput)) (*TicketDetail, error) {
		in := IntakeInput{CustomerID: c.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "不制冷"}
		edit(&in)
		return a.CreateTicket(in)
	}
	ticket := func(t *testing.T, id string) *TicketDetail { return reloadTicket(t, a, id) }
	field := intakeField(a, intake)
	// after opens a ticket, then does something with text on it.
	after := func(name, limit string, max int, mode models.RepairMode, do func(id, text string) error, get func(*TicketDetail) string) hostileField {
		return hostileField{name, limit, max, func(t *testing.T, text string) (func() string, error) {
			d, err := intake(func(in *IntakeInput) { in.Mode = mode })
			if err != nil {
				t.Fatal(err)
			}
			if err := do(d.Ticket.ID, text); err != nil {
				return nil, err
			}
			return func() string { return get(ticket(t, d.Ticket.ID)) }, nil
		}}
	}
	lastEvent := func(d *TicketDetail) string {
		for _, e := range d.Events {
			if e.Action == models.ActNote || e.Action == models.ActContact {
				return e.Note
			}
		}
		return ""
	}
	checkHostileFields(t, []hostileField{
		field("symptom", "symptom", 2000, func(in *IntakeInput, s string) { in.Symptom = s }, func(d *TicketDetail) string { return d.Ticket.Symptom }),
		field("request", "symptom", 2000, func(in *IntakeInput, s string) { in.Request = s }, func(d *TicketDetail) string { return d.Ticket.Request }),
		field("address", "address", 500, func(in *IntakeInput, s string) { in.Address = s }, func(d *TicketDetail) string { return d.Ticket.Address }),
		field("product", "product", 200, func(in *IntakeInput, s string) { in.Product = s }, func(d *TicketDetail) string { return d.Ticket.Product }),
		field("preferred time", "preferred_time", 100, func(in *IntakeInput, s string) { in.PreferredTime = s }, func(d *TicketDetail) string { return d.Ticket.PreferredTime }),
		after("timeline note", "note", 2000, models.ModeOnSite, func(id, s string) error { _, err := a.AddNote(id, s); return err }, lastEvent),
		after("contact note", "note", 1000, models.ModeOnSite, func(id, s string) error { _, err := a.LogContact(id, models.ContactReached, s); return err },
			func(d *TicketDetail) string { return d.Contacts[0].Note }),
		after("cancel reason", "reason", 500, models.ModeOnSite, func(id, s string) error {
			_, err := a.Step(id, 0, models.StepInput{Action: models.ActCancel, Reason: s})
			return err
		}, func(d *TicketDetail) string { return d.Ticket.CancelReason }),
		after("factory tracking", "tracking", 60, models.ModeFactory, func(id, s string) error {
			_, err := a.Step(id, 0, models.StepInput{Action: models.ActSendToFactory, Tracking: s})
			return err
		}, func(d *TicketDetail) string { return d.Ticket.FactoryTracking }),
	})
	// SQL-like text is data: every table is still there.
	if n, err := a.CountTickets(context.Background(), TicketFilter{Query: "'; DROP TABLE tickets;--"}); err != nil {
		t.Fatalf("ticket search: %d, %v", n, err)
	}
	if n, err := a.CountTickets(context.Background(), TicketFilter{}); err != nil || n < 20 {
		t.Fatalf("tickets after the SQL-like texts: %d, %v", n, err)
	}
}

// TestHostileTextDelivery: a delivery's request, items, crew reason and
// the reason required lines were left unticked.
func TestHostileTextDelivery(t *testing.T) {
	f := newDeliveryFixture(t)
	a := f.a
	create := func(edit func(*IntakeInput)) (*TicketDetail, error) {
		in := f.intake(f.lead.ID, f.mate.ID)
		in.Delivery.AllowClash = true
		in.Delivery.Items[0].RecordPurchase = false
		edit(&in)
		return a.CreateTicket(in)
	}
	ticket := func(t *testing.T, id string) *TicketDetail { return reloadTicket(t, a, id) }
	field := intakeField(a, create)
	checkHostileFields(t, []hostileField{
		field("request", "symptom", 2000, func(in *IntakeInput, s string) { in.Request = s }, func(d *TicketDetail) string { return d.Ticket.Request }),
		field("item product", "items", 100, func(in *IntakeInput, s string) { in.Delivery.Items[0].Product = s },
			func(d *TicketDetail) string { return d.DeliveryItems[0].Product }),
		field("item model", "items", 60, func(in *IntakeInput, s string) { in.Delivery.Items[0].Model = s },
			func(d *TicketDetail) string { return d.DeliveryItems[0].Model }),
		field("crew reason", "crew_reason", 500, func(in *IntakeInput, s string) {
			in.Delivery.Crew, in.Delivery.CrewReason = []string{f.lead.ID}, s
		}, func(d *TicketDetail) string { return d.Ticket.CrewReason }),
		{"unticked reason", "reason", 500, func(t *testing.T, s string) (func() string, error) {
			d, err := create(func(*IntakeInput) {})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.Step(d.Ticket.ID, 0, models.StepInput{Action: models.ActCompleteInst, Reason: s}); err != nil {
				return nil, err
			}
			return func() string { return ticket(t, d.Ticket.ID).Ticket.ChecklistReason }, nil
		}},
	})
}

// TestHostileTextFollowUpAndConduct: a follow-up call's comments, a
// conduct record's note and the reason a record is voided (kept in the
// audit log's JSON, whose escapes must not bring control characters back).
func TestHostileTextFollowUpAndConduct(t *testing.T) {
	f := newDeliveryFixture(t)
	a := f.a
	var calls []models.FollowUp
	nextCall := func(t *testing.T) models.FollowUp {
		if len(calls) == 0 {
			d, err := a.CreateTicket(func() IntakeInput {
				in := f.intake(f.lead.ID, f.mate.ID)
				in.Delivery.AllowClash = true
				return in
			}())
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range d.Checks {
				if _, err := a.TickCheck(d.Ticket.ID, c.ID, true); err != nil {
					t.Fatal(err)
				}
			}
			step(t, a, d.Ticket.ID, models.StepInput{Action: models.ActCompleteInst})
			if calls, err = a.FollowUps(d.Ticket.ID); err != nil || len(calls) == 0 {
				t.Fatalf("follow-ups: %d, %v", len(calls), err)
			}
		}
		c := calls[0]
		calls = calls[1:]
		return c
	}
	rule := ruleByCode(t, a, "uniform")
	record := func(t *testing.T, note string) (*models.ConductRecord, error) {
		return a.AddRecord(models.RecordInput{StaffID: f.lead.ID, Date: "2026-11-20", RuleID: rule.ID, Source: models.RecSpotCheck, Note: note})
	}
	records := func(t *testing.T, id string) models.ConductRecord {
		recs, err := a.Records(context.Background(), RecordFilter{StaffID: f.lead.ID, Voided: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			if r.ID == id {
				return r
			}
		}
		t.Fatalf("record %s not found", id)
		return models.ConductRecord{}
	}
	checkHostileFields(t, []hostileField{
		{"call comments", "comments", 2000, func(t *testing.T, s string) (func() string, error) {
			fu := nextCall(t)
			in := fuReached()
			in.Comments = s
			if _, err := a.RecordCall(fu.ID, in); err != nil {
				return nil, err
			}
			return func() string {
				d, err := a.FollowUp(fu.ID)
				if err != nil {
					t.Fatal(err)
				}
				return d.FollowUp.Comments
			}, nil
		}},
		{"conduct note", "note", 1000, func(t *testing.T, s string) (func() string, error) {
			rec, err := record(t, s)
			if err != nil {
				return nil, err
			}
			return func() string { return records(t, rec.ID).Note }, nil
		}},
		{"void reason", "", 0, func(t *testing.T, s string) (func() string, error) {
			rec, err := record(t, "")
			if err != nil {
				t.Fatal(err)
			}
			if err := a.VoidRecord(rec.ID, s); err != nil {
				return nil, err
			}
			return func() string {
				h, err := a.History("conduct_record", rec.ID)
				if err != nil || len(h) == 0 {
					t.Fatalf("history: %v %v", h, err)
				}
				return h[0].Fields["reason"][1]
			}, nil
		}},
	})
}

// TestEveryEntityCleansItsText: every table's records pass through the
// BeforeSave hook that removes control characters, so a new entity cannot
// forget it (the counters and the schema version hold no typed text).
func TestEveryEntityCleansItsText(t *testing.T) {
	type saver interface{ BeforeSave(*gorm.DB) error }
	for _, e := range entities() {
		switch e.(type) {
		case *models.Meta, *models.TicketCounter:
			continue
		}
		if _, ok := e.(saver); !ok {
			t.Errorf("%s has no BeforeSave hook cleaning its text (models/text.go)", reflect.TypeOf(e).Elem().Name())
		}
	}
}

// A ticket's other texts stop at their column sizes with a message, and
// nothing is saved: the intake keeps what was typed.
func TestIntakeTextLimits(t *testing.T) {
	a := newTestApp(t)
	c := mustCreate(t, a, "长文本", "13800138123")
	long := strings.Repeat("路", 501)
	for _, in := range []IntakeInput{
		{CustomerID: c.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "不制冷", Address: long},
		{CustomerID: c.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "不制冷", Product: long[:201*3]},
		{CustomerID: c.ID, Kind: models.KindConsultation, Resolution: strings.Repeat("答", 2001)},
	} {
		if _, err := a.CreateTicket(in); models.AsFieldErrors(err) == nil {
			t.Errorf("a too long text was accepted: %v", err)
		}
	}
	var n int64
	a.db.Model(&models.Ticket{}).Count(&n)
	if n != 0 {
		t.Fatalf("%d tickets saved", n)
	}
	d, err := a.CreateTicket(IntakeInput{CustomerID: c.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "不制冷", Address: long[:500*3]})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.AddNote(d.Ticket.ID, strings.Repeat("记", 2001)); models.AsFieldErrors(err).ForField("note") == nil {
		t.Errorf("a 2001-character note: %v", err)
	}
}
