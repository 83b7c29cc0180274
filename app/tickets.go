package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/schema"

	"aftercare/models"
)

// RepeatWindowDays is the default of how soon after a completed repair of
// the same purchase a new repair counts as a repeat (a quality failure,
// seed 004); the shop's value is ServiceRules().RepeatWindowDays.
const RepeatWindowDays = 90

// ErrConflict is returned when a ticket was changed by someone else since
// it was loaded; the screen reloads it and shows the latest data.
var ErrConflict = errors.New("the ticket was changed by someone else meanwhile")

// ClashError says the technician already has a visit in that half day.
type ClashError struct{ Existing []TicketRow }

func (e *ClashError) Error() string {
	return fmt.Sprintf("the technician already has %d visit(s) in that half day", len(e.Existing))
}

// IntakeInput is the intake form.
type IntakeInput struct {
	CustomerID    string
	PurchaseID    string // "" when the product is not on record
	Kind          models.TicketKind
	Mode          models.RepairMode
	Priority      models.Priority
	Source        models.Source
	Address       string // "" takes the customer's main address
	Product       string // product and model as told, when no purchase is linked
	Symptom       string
	Request       string
	PreferredTime string
	// WarrantyOverride replaces the computed warranty with Covered; it
	// needs a reason (a goodwill repair, a lost invoice confirmed by sales).
	WarrantyOverride bool
	Covered          bool
	OverrideReason   string
	Resolution       string // a consultation solved by phone closes with this
	// Delivery and installation (deliveries.go).
	Delivery DeliveryInput
	// Replacement part request (parts.go); the ticket it comes from is
	// LinkedTicketID.
	Part PartInput
	// LinkedTicketID is the job a complaint is about (optional; one of
	// the customer's tickets; complaints.go).
	LinkedTicketID string
	// Return or exchange against PurchaseID (returns.go).
	Return ReturnInput
}

// Missing-information keys, flagged at intake (seed 000).
const (
	MissingName         = "name"
	MissingAddress      = "address"
	MissingPhone        = "phone"
	MissingModel        = "model"
	MissingPurchaseDate = "purchase_date"
	MissingSymptom      = "symptom"
)

// TicketDetail is a ticket with everything its page shows.
type TicketDetail struct {
	Ticket     models.Ticket
	Customer   models.Customer
	Purchase   *models.Purchase
	Technician string // name, "" when none
	Events     []models.TicketEvent
	Contacts   []models.ContactAttempt
	Items      []models.TicketItem
	Payments   []models.Payment
	Quote      models.Quote
	Paid       models.Money
	Missing    []string
	Warranty   models.Warranty
	Due        *models.Due
	Legal      []models.Action
	RepeatOf   string // number of the earlier ticket, for a repeat repair
	// Deliveries (deliveries.go).
	Crew          []CrewRow // leader first
	DeliveryItems []models.DeliveryItem
	Checks        []models.TicketCheck
	// Linked tickets: those raised from this one, and the one it came from.
	Raised []LinkedTicket
	From   *LinkedTicket
}

// Balance is what the customer still owes.
func (d *TicketDetail) Balance() models.Money { return d.Quote.Total - d.Paid }

// TicketRow is one line of a ticket list.
type TicketRow struct {
	ID           string
	Number       string
	Kind         models.TicketKind
	Mode         models.RepairMode
	Status       models.Status
	Priority     models.Priority
	CustomerName string
	Phone        string
	Technician   string
	ReportedAt   time.Time
	DueAt        *time.Time
	ApptDate     *time.Time
	ApptHalf     models.HalfDay
	Symptom      string
	Product      string // product and model; a delivery's items
}

func (a *App) loc() *time.Location { return a.clock().Location() }

// dueRules returns the shop's due-date rules (cached; see rules.go).
func (a *App) dueRules() models.DueRules { return a.ServiceRules().Due }

// validateIntake checks the intake form.
func validateIntake(in *IntakeInput) error {
	var errs models.ValidationErrors
	add := func(field, key, fallback string) {
		errs = append(errs, models.NewFieldError(field, key, fallback, nil))
	}
	in.Symptom, in.Request = strings.TrimSpace(in.Symptom), strings.TrimSpace(in.Request)
	in.Resolution, in.OverrideReason = strings.TrimSpace(in.Resolution), strings.TrimSpace(in.OverrideReason)
	if in.CustomerID == "" {
		add("customer", "err.intake.customer_required", "Choose or create the customer first.")
	}
	switch in.Kind {
	case models.KindRepair:
		valid := false
		for _, m := range models.AllModes {
			valid = valid || m == in.Mode
		}
		if !valid {
			add("mode", "err.intake.mode_required", "Choose how the repair is done: on site, carry-in, mail-in or return to factory.")
		}
	case models.KindConsultation:
		if in.Resolution == "" {
			add("resolution", "err.intake.resolution_required", "Write how the question was solved on the phone.")
		}
	case models.KindDelivery:
		errs = append(errs, models.AsFieldErrors(checkDelivery(&in.Delivery))...)
	case models.KindPart:
		errs = append(errs, models.AsFieldErrors(checkPart(&in.Part, in.Symptom))...)
	case models.KindComplaint:
		errs = append(errs, models.AsFieldErrors(models.CheckComplaintIntake(in.Symptom))...)
	case models.KindReturn:
		errs = append(errs, models.AsFieldErrors(checkReturnIntake(in))...) // returns.go
	default:
		add("kind", "err.intake.kind_required", "Choose the kind of ticket.")
	}
	if in.WarrantyOverride && in.OverrideReason == "" {
		add("override_reason", "err.intake.override_reason", "Say why the warranty is overridden.")
	}
	if utf8.RuneCountInString(in.Symptom) > 2000 || utf8.RuneCountInString(in.Request) > 2000 {
		add("symptom", "err.intake.too_long", "At most 2000 characters.")
	}
	// The other texts stop at their column sizes: nothing is cut
	// silently, and a page never has to lay out 10 000 characters of
	// address (docs/data-safety.md, "Bad input").
	for _, l := range []struct {
		field, text string
		max         int
	}{
		{"address", in.Address, 500}, {"product", in.Product, 200}, {"preferred_time", in.PreferredTime, 100}, {"resolution", in.Resolution, 2000},
	} {
		if utf8.RuneCountInString(strings.TrimSpace(l.text)) > l.max {
			errs = append(errs, models.NewFieldError(l.field, "err.text.too_long", "At most {{.Max}} characters.", map[string]any{"Max": l.max}))
		}
	}
	if in.Priority == "" {
		in.Priority = models.PriorityNormal
	}
	if in.Source == "" {
		in.Source = models.SourcePhone
	}
	return errs.OrNil()
}

// MissingInfo lists what the seed requires before dispatch and the intake
// lacks: name, address, phone, model, purchase date, symptom. It does not
// block intake; it tells staff what to verify.
func MissingInfo(t *models.Ticket, c *models.Customer, p *models.Purchase) []string {
	var out []string
	if strings.TrimSpace(c.Name) == "" {
		out = append(out, MissingName)
	}
	if strings.TrimSpace(t.Address) == "" {
		out = append(out, MissingAddress)
	}
	if len(c.Phones) == 0 {
		out = append(out, MissingPhone)
	}
	if t.Kind == models.KindPart || t.Kind == models.KindComplaint {
		// A complaint is about the service, not a product to dispatch.
		// A part request names the part; the product's model and purchase
		// date were checked on the delivery it comes from.
		return out
	}
	if p == nil || strings.TrimSpace(p.Model) == "" {
		if !(p == nil && strings.TrimSpace(t.Product) != "" && hasModelLike(t.Product)) {
			out = append(out, MissingModel)
		}
	}
	if p == nil || p.PurchaseDate.IsZero() {
		out = append(out, MissingPurchaseDate)
	}
	if t.Kind == models.KindRepair && strings.TrimSpace(t.Symptom) == "" {
		out = append(out, MissingSymptom)
	}
	return out
}

// hasModelLike guesses whether a typed product names a model: it has a
// Latin letter or digit (KFR-35GW, BCD-470).
func hasModelLike(s string) bool {
	for _, r := range s {
		if r < 128 && (r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
			return true
		}
	}
	return false
}

// nextNumber hands out the next number of the day for a prefix, inside
// the caller's transaction: the counter row is incremented and read back
// in one statement, so two tickets never share a number.
func nextNumber(tx *gorm.DB, prefix string, day time.Time) (string, error) {
	key := day.Format("20060102")
	var seq int
	err := tx.Raw(`INSERT INTO ticket_counters (prefix, day, seq) VALUES (?, ?, 1)
		ON CONFLICT (prefix, day) DO UPDATE SET seq = ticket_counters.seq + 1 RETURNING seq`, prefix, key).Scan(&seq).Error
	if err != nil {
		return "", fmt.Errorf("ticket number: %w", err)
	}
	return models.FormatTicketNumber(prefix, day, seq), nil
}

// CreateTicket opens a ticket from the intake form in one transaction: the
// number, the ticket, its first event; a consultation closes at once.
func (a *App) CreateTicket(in IntakeInput) (*TicketDetail, error) {
	if err := a.require(models.PermTickets); err != nil {
		return nil, err
	}
	if err := validateIntake(&in); err != nil {
		return nil, err
	}
	c, err := a.Customer(in.CustomerID)
	if err != nil {
		return nil, err
	}
	now := a.clock()
	var p *models.Purchase
	if in.PurchaseID != "" {
		for i := range c.Purchases {
			if c.Purchases[i].ID == in.PurchaseID {
				p = &c.Purchases[i]
			}
		}
		if p == nil {
			return nil, models.NewFieldError("purchase", "err.intake.purchase_other", "That purchase is not this customer's.", nil)
		}
	}
	t := models.Ticket{
		Kind: in.Kind, Mode: in.Mode, Status: models.StatusNew, Priority: in.Priority, Source: in.Source,
		CustomerID: c.ID, Address: strings.TrimSpace(in.Address), Product: strings.TrimSpace(in.Product),
		Symptom: in.Symptom, Request: in.Request, PreferredTime: strings.TrimSpace(in.PreferredTime),
		ReportedAt: now.UTC(), StatusSince: now.UTC(), Version: 1,
	}
	if t.Address == "" {
		t.Address = c.MainAddress()
	}
	if p != nil {
		id := p.ID
		t.PurchaseID = &id
		t.WarrantyCovered = p.Warranty(now).Covered()
		if t.Product == "" {
			t.Product = strings.TrimSpace(strings.Join([]string{p.Brand, p.Product, p.Model}, " "))
		}
	}
	if in.WarrantyOverride {
		t.WarrantyOverridden, t.WarrantyCovered, t.WarrantyOverrideReason = true, in.Covered, in.OverrideReason
	}
	t.Mode = models.ModeOf(in.Kind, in.Mode)
	if in.Kind == models.KindDelivery {
		prepareDelivery(&t, &in.Delivery, now)
	}
	if in.Kind == models.KindConsultation {
		t.Status = models.StatusClosed
		t.Resolution = in.Resolution
		v := now.UTC()
		t.FirstContactAt, t.ClosedAt, t.LastContactAt = &v, &v, &v
	}
	var repeatNum string
	err = a.db.Transaction(func(tx *gorm.DB) error {
		if p != nil && in.Kind == models.KindRepair {
			prev, err := a.findRepeat(tx, p.ID, now)
			if err != nil {
				return err
			}
			if prev != nil {
				t.RepeatOfID, repeatNum = &prev.ID, prev.Number
			}
		}
		num, err := nextNumber(tx, in.Kind.NumberPrefix(), now)
		if err != nil {
			return err
		}
		t.Number = num
		t.ID = uuid.NewString()
		var delivery func() error
		if in.Kind == models.KindPart { // the price line runs after the ticket row, like a delivery's items
			if delivery, err = a.createPart(tx, &t, c, &in.Part, in.LinkedTicketID); err != nil { // parts.go
				return err
			}
		}
		about := "" // the number of the job a complaint is about
		if in.Kind == models.KindComplaint {
			if about, err = a.prepareComplaint(tx, &t, in.LinkedTicketID); err != nil { // complaints.go
				return err
			}
		}
		if in.Kind == models.KindDelivery {
			if delivery, err = a.createDelivery(tx, &t, c, &in.Delivery); err != nil {
				return err
			}
		}
		if in.Kind == models.KindReturn {
			if err := a.prepareReturn(tx, &t, p, &in.Return); err != nil { // returns.go
				return err
			}
		}
		a.setDue(&t)
		if err := tx.Create(&t).Error; err != nil {
			return fmt.Errorf("tickets: create: %w", err)
		}
		if err := a.audit(tx, "ticket", t.ID, "create", ticketDiff(&models.Ticket{}, &t)); err != nil {
			return err
		}
		if delivery != nil {
			if err := delivery(); err != nil {
				return err
			}
		}
		note := in.Symptom
		if in.Kind == models.KindConsultation {
			note = in.Resolution
		}
		data := map[string]any{"mode": t.Mode, "source": t.Source, "priority": t.Priority}
		if repeatNum != "" {
			data["repeat_of"] = repeatNum
		}
		if t.WarrantyOverridden {
			data["warranty_override"] = in.OverrideReason
		}
		if about != "" {
			data["about"] = about
		}
		if in.Kind == models.KindReturn {
			a.returnCreateData(&t, data) // returns.go: the verdict on the timeline
		}
		if in.Kind == models.KindDelivery {
			data["date"], data["half"] = models.FormatDate(*t.ApptDate), t.ApptHalf
			data["items"] = len(in.Delivery.Items)
			note = strings.TrimSpace(in.Request)
		}
		to := models.StatusNew
		if t.Kind == models.KindConsultation || t.Kind == models.KindPart || t.Kind == models.KindReturn {
			to = t.Status
		}
		if err := a.event(tx, t.ID, models.ActCreate, "", to, note, data); err != nil {
			return err
		}
		if in.Kind == models.KindDelivery && len(in.Delivery.Crew) > 0 {
			// Crew named at intake: the same step as naming it later.
			t.Status = models.StatusNew
			return a.stepTx(tx, &t, models.StepInput{Action: models.ActAssignCrew, TechnicianID: in.Delivery.LeaderID,
				Crew: in.Delivery.Crew, CrewReason: in.Delivery.CrewReason, AllowClash: in.Delivery.AllowClash})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(in.Delivery.newPurchases) > 0 {
		a.search.refresh(c.ID)
	}
	return a.Ticket(t.ID)
}

// findRepeat finds a repair of the same purchase completed within the
// repeat window before now.
func (a *App) findRepeat(tx *gorm.DB, purchaseID string, now time.Time) (*models.Ticket, error) {
	var prev models.Ticket
	since := now.AddDate(0, 0, -a.ServiceRules().RepeatWindowDays).UTC()
	err := tx.Where("purchase_id = ? AND kind = ? AND repaired_at IS NOT NULL AND repaired_at >= ?", purchaseID, models.KindRepair, since).
		Order("repaired_at DESC").Limit(1).Find(&prev).Error
	if err != nil {
		return nil, fmt.Errorf("tickets: repeat check: %w", err)
	}
	if prev.ID == "" {
		return nil, nil
	}
	return &prev, nil
}

// setDue recomputes the stored due time after a change.
func (a *App) setDue(t *models.Ticket) {
	if d, ok := models.NextDue(t, a.dueRules(), a.loc()); ok {
		v := d.At.UTC()
		t.DueAt = &v
	} else {
		t.DueAt = nil
	}
}

// event appends a timeline entry inside the caller's transaction.
func (a *App) event(tx *gorm.DB, ticketID string, act models.Action, from, to models.Status, note string, data map[string]any) error {
	raw := ""
	if len(data) > 0 {
		b, err := json.Marshal(data)
		if err != nil {
			return err
		}
		raw = string(b)
	}
	e := models.TicketEvent{TicketID: ticketID, At: a.auditTime(), Actor: a.actorName(), Action: act, From: from, To: to, Note: strings.TrimSpace(note), Data: raw}
	if err := tx.Create(&e).Error; err != nil {
		return fmt.Errorf("tickets: timeline: %w", err)
	}
	return nil
}

// Ticket loads a ticket with its customer, purchase, timeline, contacts,
// charges and payments, and what can be done with it now.
func (a *App) Ticket(id string) (*TicketDetail, error) {
	var d TicketDetail
	if err := a.db.Where("id = ?", id).Limit(1).Find(&d.Ticket).Error; err != nil {
		return nil, fmt.Errorf("tickets: load %s: %w", id, err)
	}
	if d.Ticket.ID == "" {
		return nil, fmt.Errorf("tickets: load %s: %w", id, ErrNotFound)
	}
	return a.fillDetail(&d)
}

// TicketByNumber loads a ticket by its readable number.
func (a *App) TicketByNumber(number string) (*TicketDetail, error) {
	var d TicketDetail
	number = strings.ToUpper(strings.TrimSpace(number))
	if err := a.db.Where("number = ?", number).Limit(1).Find(&d.Ticket).Error; err != nil {
		return nil, fmt.Errorf("tickets: load %s: %w", number, err)
	}
	if d.Ticket.ID == "" {
		return nil, fmt.Errorf("tickets: load %s: %w", number, ErrNotFound)
	}
	return a.fillDetail(&d)
}

func (a *App) fillDetail(d *TicketDetail) (*TicketDetail, error) {
	t := &d.Ticket
	c, err := a.Customer(t.CustomerID)
	if err != nil {
		return nil, err
	}
	d.Customer = *c
	if t.PurchaseID != nil {
		for i := range c.Purchases {
			if c.Purchases[i].ID == *t.PurchaseID {
				p := c.Purchases[i]
				d.Purchase = &p
				d.Warranty = p.Warranty(a.clock())
			}
		}
	}
	if t.TechnicianID != nil {
		names, err := a.staffNames([]string{*t.TechnicianID})
		if err != nil {
			return nil, err
		}
		d.Technician = names[*t.TechnicianID]
	}
	q := a.db.Where("ticket_id = ?", t.ID)
	if err := q.Order("at, id").Find(&d.Events).Error; err != nil {
		return nil, fmt.Errorf("tickets: timeline: %w", err)
	}
	if err := a.db.Where("ticket_id = ?", t.ID).Order("at").Find(&d.Contacts).Error; err != nil {
		return nil, fmt.Errorf("tickets: contacts: %w", err)
	}
	if err := a.db.Where("ticket_id = ?", t.ID).Order("created_at, id").Find(&d.Items).Error; err != nil {
		return nil, fmt.Errorf("tickets: items: %w", err)
	}
	if err := a.db.Where("ticket_id = ?", t.ID).Order("at").Find(&d.Payments).Error; err != nil {
		return nil, fmt.Errorf("tickets: payments: %w", err)
	}
	d.Quote = models.QuoteOf(d.Items)
	for _, p := range d.Payments {
		d.Paid += p.Amount
	}
	d.Missing = MissingInfo(t, c, d.Purchase)
	if due, ok := models.NextDue(t, a.dueRules(), a.loc()); ok {
		d.Due = &due
	}
	if t.Kind != models.KindConsultation {
		d.Legal = models.LegalActions(t.Mode, t.Status)
	}
	if err := a.fillDelivery(d); err != nil {
		return nil, err
	}
	if t.RepeatOfID != nil {
		var prev models.Ticket
		a.db.Select("number").Where("id = ?", *t.RepeatOfID).Limit(1).Find(&prev)
		d.RepeatOf = prev.Number
	}
	return d, nil
}

// update saves a changed ticket if nobody else saved it since version,
// and writes its timeline event, in the caller's transaction.
func (a *App) update(tx *gorm.DB, t *models.Ticket, version int) error {
	var before models.Ticket
	if err := tx.Where("id = ?", t.ID).Limit(1).Find(&before).Error; err != nil {
		return fmt.Errorf("tickets: save %s: %w", t.Number, err)
	}
	a.setDue(t)
	t.Version = version + 1
	t.UpdatedAt = a.clock().UTC()
	res := tx.Model(&models.Ticket{}).Where("id = ? AND version = ?", t.ID, version).Select("*").Omit("id", "created_at", "number").Updates(t)
	if res.Error != nil {
		return fmt.Errorf("tickets: save %s: %w", t.Number, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("tickets: save %s: %w", t.Number, ErrConflict)
	}
	// The audit log has every change of a ticket's fields, before → after;
	// the timeline says the same in the shop's words.
	return a.audit(tx, "ticket", t.ID, "update", ticketDiff(&before, t))
}

// ticketDiff lists the ticket fields that differ, as text; the
// bookkeeping fields (version, times of the last save, due time) are left
// out.
func ticketDiff(before, after *models.Ticket) map[string][2]string {
	out := map[string][2]string{}
	bv, av := reflect.ValueOf(before).Elem(), reflect.ValueOf(after).Elem()
	tt := bv.Type()
	for i := 0; i < tt.NumField(); i++ {
		f := tt.Field(i)
		switch f.Name {
		case "Base", "Version", "DueAt", "StatusSince":
			continue
		}
		b, a := auditValue(bv.Field(i)), auditValue(av.Field(i))
		if b != a {
			out[gormColumn(f.Name)] = [2]string{b, a}
		}
	}
	return out
}

// auditValue writes a field as the audit log shows it.
func auditValue(v reflect.Value) string {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	switch x := v.Interface().(type) {
	case time.Time:
		if x.IsZero() {
			return ""
		}
		return x.UTC().Format(time.RFC3339)
	case models.Money:
		return x.Yuan()
	}
	return fmt.Sprint(v.Interface())
}

// gormColumn turns a Go field name into its column name (ApptDate →
// appt_date), as the audit viewer labels fields by column.
func gormColumn(name string) string {
	return schemaNamer.ColumnName("", name)
}

// schemaNamer is GORM's default naming, the one the tables use.
var schemaNamer = schema.NamingStrategy{}

// loadForChange reads a ticket inside a transaction and checks its version.
func loadForChange(tx *gorm.DB, id string, version int) (*models.Ticket, error) {
	var t models.Ticket
	if err := tx.Where("id = ?", id).Limit(1).Find(&t).Error; err != nil {
		return nil, fmt.Errorf("tickets: load %s: %w", id, err)
	}
	if t.ID == "" {
		return nil, fmt.Errorf("tickets: load %s: %w", id, ErrNotFound)
	}
	if version != 0 && t.Version != version {
		return nil, fmt.Errorf("tickets: %s: %w", t.Number, ErrConflict)
	}
	return &t, nil
}

// Step carries out a workflow action on a ticket (assign, schedule,
// arrive, repaired, sign, close…) after checking that it is legal now and
// that the shop's rules allow it. version is the ticket's Version as the
// screen loaded it (0 skips the check). One transaction: the ticket and
// its timeline event.
func (a *App) Step(id string, version int, in models.StepInput) (*TicketDetail, error) {
	err := a.db.Transaction(func(tx *gorm.DB) error {
		t, err := loadForChange(tx, id, version)
		if err != nil {
			return err
		}
		return a.stepTx(tx, t, in)
	})
	if err != nil {
		return nil, err
	}
	return a.Ticket(id)
}

// stepTx checks and applies one action inside the caller's transaction.
func (a *App) stepTx(tx *gorm.DB, t *models.Ticket, in models.StepInput) error {
	if err := a.require(models.StepPermission(in.Action)); err != nil {
		return err
	}
	now := a.clock()
	id := t.ID
	{
		st := models.TicketState{Ticket: t, Today: now, DiscountLimit: a.ServiceRules().DiscountLimitPercent}
		if err := tx.Where("ticket_id = ?", id).Find(&st.Items).Error; err != nil {
			return err
		}
		var paid struct{ Sum int64 }
		if err := tx.Model(&models.Payment{}).Select("COALESCE(SUM(amount), 0) AS sum").Where("ticket_id = ?", id).Scan(&paid).Error; err != nil {
			return err
		}
		st.Paid = models.Money(paid.Sum)
		if t.Status == models.StatusEscalated {
			st.PrevTechnician = derefStr(t.TechnicianID)
		}
		if t.Kind == models.KindDelivery {
			if err := tx.Where("ticket_id = ?", id).Order("position").Find(&st.Checks).Error; err != nil {
				return err
			}
		}
		tr, err := models.CheckStep(st, in)
		if err != nil {
			return err
		}
		data := map[string]any{}
		switch in.Action {
		case models.ActAssign, models.ActReassign:
			tech, err := a.StaffMember(in.TechnicianID)
			if err != nil {
				return err
			}
			if !tech.Active {
				return models.NewFieldError("technician", "err.ticket.technician_inactive", "{{.Name}} is no longer active.", map[string]any{"Name": tech.Name})
			}
			data["technician"] = tech.Name
			if prev := derefStr(t.TechnicianID); prev != "" {
				names, _ := a.staffNames([]string{prev})
				data["previous"] = names[prev]
			}
			// A reassignment moves the booking: check the new person's slot.
			if t.ApptDate != nil && t.Status == models.StatusScheduled {
				if err := a.checkClash(tx, in.TechnicianID, *t.ApptDate, t.ApptHalf, t.ID, in.AllowClash); err != nil {
					return err
				}
			}
		case models.ActAssignCrew:
			if err := a.assignCrewTx(tx, t, in, data); err != nil {
				return err
			}
		case models.ActCompleteInst:
			done, total, missing := models.Progress(st.Checks)
			data["checklist"] = fmt.Sprintf("%d / %d", done, total)
			if missing > 0 {
				data["unticked_required"] = missing
			} else if in.Reason != "" {
				// Nothing to explain: the text is a note, not a reason.
				in.Note, in.Reason = firstNonEmpty(in.Note, in.Reason), ""
			}
		case models.ActSchedule, models.ActReschedule:
			tech := derefStr(t.TechnicianID)
			switch {
			case t.Mode == models.ModeDelivery:
				// A delivery without a crew yet only moves its date; with
				// one, every member's half day is checked.
				if err := a.checkCrewClash(tx, t.ID, in.Date, in.Half, in.AllowClash); err != nil {
					return err
				}
			case tech == "":
				return models.NewFieldError("technician", "err.ticket.technician_required", "Choose a technician.", nil)
			default:
				if err := a.checkClash(tx, tech, in.Date, in.Half, t.ID, in.AllowClash); err != nil {
					return err
				}
			}
			data["date"], data["half"] = models.FormatDate(in.Date), in.Half
			if in.Action == models.ActReschedule {
				data["customer_asked"] = in.CustomerAsked
				data["customer_agreed"] = in.CustomerAsked || in.CustomerAgreed
				if t.ApptDate != nil {
					data["previous"] = models.FormatDate(*t.ApptDate) + " " + string(t.ApptHalf)
				}
			}
		case models.ActReceiveParcel, models.ActShipBack, models.ActSendToFactory:
			data["courier"], data["tracking"] = in.Courier, in.Tracking
			if in.Action == models.ActReceiveParcel {
				data["cost"] = in.Cost.Yuan()
			}
		case models.ActIssueVoucher:
			data["expected"] = models.FormatDate(in.Date)
		case models.ActDecideLiability:
			data["liability"] = in.Liability
		}
		if err := a.aftersalesStep(tx, t, &in, data); err != nil {
			return err
		}
		if in.AllowClash {
			data["clash_confirmed"] = true
		}
		if in.Reason != "" {
			data["reason"] = strings.TrimSpace(in.Reason)
		}
		from := t.Status
		models.ApplyStep(t, tr, in, now.UTC())
		if in.Action == models.ActIssueVoucher && t.VoucherNo == "" {
			t.VoucherNo = "QJ" + strings.TrimPrefix(t.Number, t.Kind.NumberPrefix())
			data["voucher"] = t.VoucherNo
		}
		if err := a.update(tx, t, t.Version); err != nil {
			return err
		}
		if err := a.scheduleFollowUps(tx, t, in.Action); err != nil {
			return err
		}
		return a.event(tx, t.ID, in.Action, from, t.Status, firstNonEmpty(in.Note, in.Reason), data)
	}
}

// DispatchInput books a technician's half day for a ticket from the
// dispatch board.
type DispatchInput struct {
	TicketID       string
	Version        int // as loaded; 0 skips the check
	TechnicianID   string
	Date           time.Time
	Half           models.HalfDay
	Reason         string // needed when an existing booking moves
	CustomerAsked  bool
	CustomerAgreed bool // the customer agreed to a time the shop moved
	AllowClash     bool
}

// Dispatch assigns (or reassigns) the technician and books (or moves) the
// visit in one transaction: the board's single gesture is one action.
func (a *App) Dispatch(in DispatchInput) (*TicketDetail, error) {
	if err := a.require(models.PermDispatch); err != nil {
		return nil, err
	}
	err := a.db.Transaction(func(tx *gorm.DB) error {
		t, err := loadForChange(tx, in.TicketID, in.Version)
		if err != nil {
			return err
		}
		base := models.StepInput{TechnicianID: in.TechnicianID, Date: in.Date, Half: in.Half, Reason: in.Reason,
			CustomerAsked: in.CustomerAsked, CustomerAgreed: in.CustomerAgreed, AllowClash: in.AllowClash}
		switch {
		case t.Status == models.StatusNew || t.Status == models.StatusEscalated:
			base.Action = models.ActAssign
			if err := a.stepTx(tx, t, base); err != nil {
				return err
			}
		case derefStr(t.TechnicianID) != in.TechnicianID:
			// The clash that matters is the new person's target slot,
			// checked below; the reassignment itself does not check the
			// old slot.
			base.Action, base.AllowClash = models.ActReassign, true
			if err := a.stepTx(tx, t, base); err != nil {
				return err
			}
			base.AllowClash = in.AllowClash
		}
		switch t.Status {
		case models.StatusAssigned, models.StatusAwaitingParts:
			base.Action = models.ActSchedule
		case models.StatusScheduled:
			if t.ApptDate != nil && models.CivilDate(*t.ApptDate).Equal(models.CivilDate(in.Date)) && t.ApptHalf == in.Half {
				// Same slot, new technician: only the clash check is left.
				return a.checkClash(tx, in.TechnicianID, in.Date, in.Half, t.ID, in.AllowClash)
			}
			base.Action = models.ActReschedule
		default:
			return models.NewFieldError("action", "err.dispatch.not_bookable", "This ticket cannot be booked now (it is {{.Status}}).", map[string]any{"Status": string(t.Status)})
		}
		return a.stepTx(tx, t, base)
	})
	if err != nil {
		return nil, err
	}
	return a.Ticket(in.TicketID)
}

// checkClash refuses a second visit for a technician in the same half day
// unless the person confirmed it.
func (a *App) checkClash(tx *gorm.DB, techID string, date time.Time, half models.HalfDay, except string, allow bool) error {
	if allow {
		return nil
	}
	rows, err := a.bookings(tx, techID, models.CivilDate(date), half, except)
	if err != nil {
		return err
	}
	if len(rows) > 0 {
		return &ClashError{Existing: rows}
	}
	return nil
}

// checkCrewClash checks every member of a delivery's crew for the half day.
func (a *App) checkCrewClash(tx *gorm.DB, ticketID string, date time.Time, half models.HalfDay, allow bool) error {
	if allow {
		return nil
	}
	var ids []string
	if err := tx.Model(&models.CrewMember{}).Where("ticket_id = ?", ticketID).Pluck("staff_id", &ids).Error; err != nil {
		return err
	}
	var clashes []TicketRow
	for _, id := range ids {
		rows, err := a.bookings(tx, id, models.CivilDate(date), half, ticketID)
		if err != nil {
			return err
		}
		clashes = appendRows(clashes, rows)
	}
	if len(clashes) > 0 {
		return &ClashError{Existing: clashes}
	}
	return nil
}

// bookings lists the open visits of a person in a half day: the repairs
// they are the technician of and the deliveries they are on the crew of.
// Two queries, each on its own index (technician and day; crew member).
func (a *App) bookings(tx *gorm.DB, techID string, date time.Time, half models.HalfDay, except string) ([]TicketRow, error) {
	var rows, crew []TicketRow
	err := a.rowQuery(tx).
		Where("tickets.technician_id = ? AND tickets.appt_date = ? AND tickets.appt_half = ? AND tickets.id <> ?", techID, date, half, except).
		Where("tickets.status = ?", models.StatusScheduled).
		Scan(&rows).Error
	if err == nil {
		err = a.rowQuery(tx).
			Where("tickets.id IN (SELECT ticket_id FROM crew_members WHERE staff_id = ?)", techID).
			Where("tickets.appt_date = ? AND tickets.appt_half = ? AND tickets.id <> ? AND tickets.status = ?", date, half, except, models.StatusScheduled).
			Scan(&crew).Error
	}
	if err != nil {
		return nil, fmt.Errorf("tickets: bookings: %w", err)
	}
	return appendRows(rows, crew), nil
}

// rowQuery selects ticket list rows with the customer's name, main phone
// and the technician's name.
func (a *App) rowQuery(tx *gorm.DB) *gorm.DB {
	if tx == nil {
		tx = a.db
	}
	return tx.Table("tickets").Select(`tickets.id, tickets.number, tickets.kind, tickets.mode, tickets.status,
		tickets.priority, tickets.reported_at, tickets.due_at, tickets.appt_date, tickets.appt_half, tickets.symptom, tickets.product,
		customers.name AS customer_name,
		(SELECT number FROM phones WHERE phones.customer_id = customers.id ORDER BY position LIMIT 1) AS phone,
		staff.name AS technician`).
		Joins("JOIN customers ON customers.id = tickets.customer_id").
		Joins("LEFT JOIN staff ON staff.id = tickets.technician_id")
}

// LogContact records a call or message to the customer. Reaching the
// customer (or an SMS) counts as the first response and as the last
// contact, which restarts progress-call clocks.
func (a *App) LogContact(id string, outcome models.ContactOutcome, note string) (*TicketDetail, error) {
	if err := a.require(models.PermTickets); err != nil {
		return nil, err
	}
	switch outcome {
	case models.ContactReached, models.ContactNoAnswer, models.ContactWrongNumber, models.ContactSMS:
	default:
		return nil, models.NewFieldError("outcome", "err.contact.outcome", "Choose how the call went.", nil)
	}
	if utf8.RuneCountInString(note) > 1000 {
		return nil, models.NewFieldError("note", "err.contact.note_long", "The note has at most 1000 characters.", nil)
	}
	now := a.clock().UTC()
	err := a.db.Transaction(func(tx *gorm.DB) error {
		t, err := loadForChange(tx, id, 0)
		if err != nil {
			return err
		}
		c := models.ContactAttempt{TicketID: id, At: now, Actor: a.actorName(), Outcome: outcome, Note: strings.TrimSpace(note)}
		if err := tx.Create(&c).Error; err != nil {
			return fmt.Errorf("tickets: contact: %w", err)
		}
		models.NoteComplaintContact(t, outcome) // a complaint's customer not reached: 48 h
		if outcome == models.ContactReached || outcome == models.ContactSMS {
			if t.FirstContactAt == nil {
				t.FirstContactAt = &now
			}
			t.LastContactAt = &now
		}
		if err := a.update(tx, t, t.Version); err != nil {
			return err
		}
		return a.event(tx, id, models.ActContact, t.Status, t.Status, note, map[string]any{"outcome": outcome})
	})
	if err != nil {
		return nil, err
	}
	return a.Ticket(id)
}

// AddNote writes a free note on the timeline.
func (a *App) AddNote(id, note string) (*TicketDetail, error) {
	if err := a.require(models.PermTickets); err != nil {
		return nil, err
	}
	note = strings.TrimSpace(note)
	if note == "" {
		return nil, models.NewFieldError("note", "err.ticket.note_required", "Write the note first.", nil)
	}
	if utf8.RuneCountInString(note) > 2000 {
		return nil, models.NewFieldError("note", "err.text.too_long", "At most {{.Max}} characters.", map[string]any{"Max": 2000})
	}
	err := a.db.Transaction(func(tx *gorm.DB) error {
		t, err := loadForChange(tx, id, 0)
		if err != nil {
			return err
		}
		return a.event(tx, id, models.ActNote, t.Status, t.Status, note, nil)
	})
	if err != nil {
		return nil, err
	}
	return a.Ticket(id)
}

// Exported helpers for other files.
func derefStr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}
