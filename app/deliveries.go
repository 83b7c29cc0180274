package app

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"aftercare/models"
)

// Delivery and installation tickets (送货安装): intake, crew, checklist
// ticks and problems found on delivery. The workflow steps themselves
// (arrive, complete, sign, close) go through Step like a repair's.

// DeliveryInput is the delivery part of the intake form.
type DeliveryInput struct {
	Items       []DeliveryItemInput
	Date        time.Time // the booked day (civil)
	Half        models.HalfDay
	ChecklistID string // a template version's ID (see ChecklistTemplates)
	// The crew may be named at intake or later (AssignCrew).
	Crew       []string // staff IDs
	LeaderID   string
	CrewReason string // why fewer than two go
	AllowClash bool   // the person confirmed a double booking

	newPurchases []models.Purchase
}

// DeliveryItemInput is one line of the items delivered.
type DeliveryItemInput struct {
	PurchaseID string // a purchase on record, or ""
	Product    string
	Model      string
	Qty        string // as typed; "" means 1
	// RecordPurchase adds the item to the customer's purchases (bought
	// today, the product type's warranty), so its warranty is on record.
	RecordPurchase bool
	ProductType    string
}

// checkDelivery validates the delivery part of the intake form.
func checkDelivery(in *DeliveryInput) error {
	var errs models.ValidationErrors
	add := func(field, key, fallback string, data map[string]any) {
		errs = append(errs, models.NewFieldError(field, key, fallback, data))
	}
	switch {
	case len(in.Items) == 0:
		add("items", "err.delivery.items_required", "Add the items to deliver: product, model and quantity.", nil)
	case len(in.Items) > models.MaxDeliveryItems:
		add("items", "err.delivery.items_many", "A delivery has at most {{.Max}} lines.", map[string]any{"Max": models.MaxDeliveryItems})
	}
	for i := range in.Items {
		it := &in.Items[i]
		it.Product, it.Model, it.Qty = strings.TrimSpace(it.Product), strings.TrimSpace(it.Model), strings.TrimSpace(it.Qty)
		n := map[string]any{"N": i + 1}
		if it.Product == "" && it.PurchaseID == "" {
			add("items", "err.delivery.item_product", "Line {{.N}}: enter the product.", n)
		}
		if utf8.RuneCountInString(it.Product) > 100 || utf8.RuneCountInString(it.Model) > 60 {
			add("items", "err.delivery.item_long", "Line {{.N}}: the product has at most 100 characters, the model 60.", n)
		}
		if it.RecordPurchase && it.PurchaseID == "" && strings.TrimSpace(it.ProductType) == "" {
			add("items", "err.delivery.item_type", "Line {{.N}}: choose the product type, so the new purchase gets the right warranty.", n)
		}
		if _, ok := parseQty(it.Qty); !ok {
			add("items", "err.delivery.item_qty", "Line {{.N}}: the quantity is a whole number from 1 to 999.", n)
		}
	}
	if in.Date.IsZero() {
		add("date", "err.delivery.date_required", "Choose the delivery date.", nil)
	}
	if in.Half != models.AM && in.Half != models.PM {
		add("half", "err.ticket.half_required", "Choose morning or afternoon.", nil)
	}
	if in.ChecklistID == "" {
		add("checklist", "err.delivery.checklist_required", "Choose the installation checklist.", nil)
	}
	if len(in.Crew) > 0 || in.LeaderID != "" {
		errs = append(errs, models.AsFieldErrors(models.CheckCrew(in.Crew, in.LeaderID, in.CrewReason))...)
	}
	return errs.OrNil()
}

// parseQty reads a quantity: "" is 1; full-width digits are accepted.
func parseQty(s string) (int, bool) {
	s = strings.TrimSpace(strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return r
	}, s))
	if s == "" {
		return 1, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 1 && n <= 999
}

// prepareDelivery fills a new delivery ticket's booking fields.
func prepareDelivery(t *models.Ticket, in *DeliveryInput, now time.Time) {
	d := models.CivilDate(in.Date)
	t.ApptDate, t.ApptHalf = &d, in.Half
	// The date was agreed with the customer at the sale: the request has
	// had its first response.
	v := now.UTC()
	t.FirstContactAt, t.ScheduledAt = &v, &v
	t.WarrantyCovered = true // new goods: anything found wrong is the shop's
}

// createDelivery checks the date, creates the purchases asked for and
// returns the step that writes items and checklist once the ticket row
// exists (all inside the caller's transaction).
func (a *App) createDelivery(tx *gorm.DB, t *models.Ticket, c *models.Customer, in *DeliveryInput) (func() error, error) {
	now := a.clock()
	if models.CivilDate(in.Date).Before(models.CivilDate(now)) {
		return nil, models.NewFieldError("date", "err.ticket.date_past", "The appointment cannot be in the past.", nil)
	}
	owned := map[string]*models.Purchase{}
	for i := range c.Purchases {
		owned[c.Purchases[i].ID] = &c.Purchases[i]
	}
	items := make([]models.DeliveryItem, len(in.Items))
	for i, it := range in.Items {
		qty, _ := parseQty(it.Qty)
		di := models.DeliveryItem{Position: i + 1, Product: it.Product, Model: it.Model, Qty: qty}
		switch {
		case it.PurchaseID != "":
			p := owned[it.PurchaseID]
			if p == nil {
				return nil, models.NewFieldError("items", "err.intake.purchase_other", "That purchase is not this customer's.", nil)
			}
			id := p.ID
			di.PurchaseID = &id
			if di.Product == "" {
				di.Product = p.Product
			}
			if di.Model == "" {
				di.Model = p.Model
			}
		case it.RecordPurchase:
			p := models.Purchase{CustomerID: c.ID}
			err := a.normalizePurchase(models.PurchaseInput{Product: it.Product, Model: it.Model, ProductType: it.ProductType,
				PurchaseDate: models.FormatDate(now), DeliveryAddress: t.Address}, &p)
			if err != nil {
				return nil, err
			}
			if err := tx.Create(&p).Error; err != nil {
				return nil, fmt.Errorf("deliveries: purchase: %w", err)
			}
			if err := a.audit(tx, "purchase", p.ID, "create", purchaseFields(&models.Purchase{}, &p)); err != nil {
				return nil, err
			}
			in.newPurchases = append(in.newPurchases, p)
			id := p.ID
			di.PurchaseID = &id
		}
		items[i] = di
	}
	if len(in.newPurchases) > 0 {
		if err := tx.Model(&models.Customer{}).Where("id = ?", c.ID).Update("updated_at", now.UTC()).Error; err != nil {
			return nil, err
		}
	}
	// The ticket links the first item's purchase, for its warranty line.
	for _, di := range items {
		if di.PurchaseID != nil && t.PurchaseID == nil {
			id := *di.PurchaseID
			t.PurchaseID = &id
		}
	}
	if t.Product == "" {
		var names []string
		for _, di := range items {
			names = append(names, strings.TrimSpace(di.Product+" "+di.Model))
		}
		t.Product = truncateRunes(strings.Join(names, "、"), 200)
	}
	return func() error {
		for i := range items {
			items[i].TicketID = t.ID
			if err := tx.Create(&items[i]).Error; err != nil {
				return fmt.Errorf("deliveries: items: %w", err)
			}
		}
		if err := a.copyChecklist(tx, t, in.ChecklistID); err != nil {
			return err
		}
		return tx.Model(&models.Ticket{}).Where("id = ?", t.ID).Updates(map[string]any{
			"checklist_template_id": t.ChecklistTemplateID, "checklist_version": t.ChecklistVersion, "checklist_name": t.ChecklistName,
		}).Error
	}, nil
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// CrewInput names a delivery's crew.
type CrewInput struct {
	TicketID   string
	Version    int // as loaded; 0 skips the check
	Crew       []string
	LeaderID   string
	CrewReason string // fewer than two
	Reason     string // why a named crew changes
	AllowClash bool
}

// AssignCrew names (or changes) the crew of a delivery: one transaction,
// with the clash check for every member and a timeline entry.
func (a *App) AssignCrew(in CrewInput) (*TicketDetail, error) {
	return a.Step(in.TicketID, in.Version, models.StepInput{Action: models.ActAssignCrew, TechnicianID: in.LeaderID,
		Crew: in.Crew, CrewReason: in.CrewReason, Reason: in.Reason, AllowClash: in.AllowClash})
}

// assignCrewTx is the crew part of stepTx: every member active, no
// double booking on the day unless confirmed, the crew rows replaced.
func (a *App) assignCrewTx(tx *gorm.DB, t *models.Ticket, in models.StepInput, data map[string]any) error {
	crew := uniqueIDs(in.Crew)
	people := make([]models.Staff, 0, len(crew))
	var names []string
	for _, id := range crew {
		s, err := a.StaffMember(id)
		if err != nil {
			return err
		}
		if !s.Active {
			return models.NewFieldError("crew", "err.ticket.technician_inactive", "{{.Name}} is no longer active.", map[string]any{"Name": s.Name})
		}
		people = append(people, *s)
		names = append(names, s.Name)
	}
	if t.ApptDate != nil && !in.AllowClash {
		var clashes []TicketRow
		for _, id := range crew {
			rows, err := a.bookings(tx, id, models.CivilDate(*t.ApptDate), t.ApptHalf, t.ID)
			if err != nil {
				return err
			}
			clashes = appendRows(clashes, rows)
		}
		if len(clashes) > 0 {
			return &ClashError{Existing: clashes}
		}
	}
	var old []CrewRow
	if err := a.crewRows(tx, t.ID, &old); err != nil {
		return err
	}
	if len(old) > 0 {
		var prev []string
		for _, r := range old {
			prev = append(prev, r.Name)
		}
		data["previous"] = strings.Join(prev, "、")
	}
	// The crew rows are the current assignment, not history: the timeline
	// entry keeps who was on it before.
	if err := tx.Where("ticket_id = ?", t.ID).Delete(&models.CrewMember{}).Error; err != nil {
		return fmt.Errorf("deliveries: crew: %w", err)
	}
	for i, p := range people {
		m := models.CrewMember{TicketID: t.ID, StaffID: p.ID, Leader: p.ID == in.TechnicianID, Position: i + 1}
		if m.Leader {
			data["leader"] = p.Name
		}
		if err := tx.Create(&m).Error; err != nil {
			return fmt.Errorf("deliveries: crew: %w", err)
		}
	}
	data["crew"] = strings.Join(names, "、")
	if len(crew) < models.MinCrew {
		data["crew_reason"] = strings.TrimSpace(in.CrewReason)
	}
	return nil
}

func uniqueIDs(ids []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

func appendRows(dst, src []TicketRow) []TicketRow {
	for _, r := range src {
		dup := false
		for _, d := range dst {
			dup = dup || d.ID == r.ID
		}
		if !dup {
			dst = append(dst, r)
		}
	}
	return dst
}

// CrewRow is a crew member with the name to show.
type CrewRow struct {
	StaffID string
	Name    string
	Phone   string
	Leader  bool
}

func (a *App) crewRows(tx *gorm.DB, ticketID string, out *[]CrewRow) error {
	err := tx.Table("crew_members").Select("crew_members.staff_id, staff.name, staff.phone, crew_members.leader").
		Joins("JOIN staff ON staff.id = crew_members.staff_id").
		Where("crew_members.ticket_id = ?", ticketID).Order("crew_members.leader DESC, crew_members.position").Scan(out).Error
	if err != nil {
		return fmt.Errorf("deliveries: crew: %w", err)
	}
	for i := range *out {
		if p := (*out)[i].Phone; p != "" {
			(*out)[i].Phone = models.FormatPhone(p)
		}
	}
	return nil
}

// tickable: the checklist can be ticked from the booking until the slip
// is signed.
func tickable(s models.Status) bool {
	return s == models.StatusNew || s == models.StatusScheduled || s == models.StatusInService || s == models.StatusInstalled
}

// TickCheck ticks (or unticks) one checklist line of a delivery and
// records who and when. One transaction with its audit entry.
func (a *App) TickCheck(ticketID, checkID string, ticked bool) (*TicketDetail, error) {
	if err := a.require(models.PermTickets); err != nil {
		return nil, err
	}
	err := a.db.Transaction(func(tx *gorm.DB) error {
		t, err := loadForChange(tx, ticketID, 0)
		if err != nil {
			return err
		}
		if t.Kind != models.KindDelivery || !tickable(t.Status) {
			return models.NewFieldError("checklist", "err.delivery.tick_status",
				"The checklist can be ticked until the customer signs; this ticket is {{.Status}}.", map[string]any{"Status": string(t.Status)})
		}
		var c models.TicketCheck
		if err := tx.Where("id = ? AND ticket_id = ?", checkID, ticketID).Limit(1).Find(&c).Error; err != nil {
			return err
		}
		if c.ID == "" {
			return fmt.Errorf("deliveries: checklist line %s: %w", checkID, ErrNotFound)
		}
		if (c.CheckedAt != nil) == ticked {
			return nil
		}
		before, after := "", ""
		upd := map[string]any{"checked_at": nil, "checked_by": ""}
		if ticked {
			now := a.clock().UTC()
			upd = map[string]any{"checked_at": now, "checked_by": a.actorName()}
			after = a.actorName() + " " + now.Format(time.RFC3339)
		} else {
			before = c.CheckedBy + " " + c.CheckedAt.UTC().Format(time.RFC3339)
		}
		if err := tx.Model(&models.TicketCheck{}).Where("id = ?", c.ID).Updates(upd).Error; err != nil {
			return fmt.Errorf("deliveries: tick: %w", err)
		}
		return a.audit(tx, "ticket_check", c.ID, "update", map[string][2]string{"ticket": {"", t.Number}, fmt.Sprintf("line_%d", c.Position): {before, after}})
	})
	if err != nil {
		return nil, err
	}
	return a.Ticket(ticketID)
}

// ProblemInput is a problem found on delivery.
type ProblemInput struct {
	Kind        models.ProblemKind
	ItemID      string // the delivery line it concerns, or ""
	Description string
	// Raise is the linked request: a repair (KindRepair, on site) or a
	// replacement part (KindPart).
	Raise    models.TicketKind
	PartName string // part requests
	PartQty  string
	// PartCategory gives the part's expected date from its lead time
	// (parts.go); "" leaves it for planning's approval.
	PartCategory string
}

// ReportProblem records a problem found on a delivery and opens the
// linked repair or replacement-part request in one transaction; it
// returns the new ticket.
func (a *App) ReportProblem(deliveryID string, in ProblemInput) (*TicketDetail, error) {
	if err := a.require(models.PermTickets); err != nil {
		return nil, err
	}
	in.Description, in.PartName = strings.TrimSpace(in.Description), strings.TrimSpace(in.PartName)
	var errs models.ValidationErrors
	add := func(field, key, fallback string) {
		errs = append(errs, models.NewFieldError(field, key, fallback, nil))
	}
	known := false
	for _, k := range models.AllProblemKinds {
		known = known || k == in.Kind
	}
	if !known {
		add("problem", "err.problem.kind_required", "Choose what is wrong: damage, a missing part, a wrong part or other.")
	}
	if in.Description == "" {
		add("description", "err.problem.description_required", "Describe the problem: which part, what is wrong.")
	} else if utf8.RuneCountInString(in.Description) > 2000 {
		add("description", "err.intake.too_long", "At most 2000 characters.")
	}
	qty := 0
	switch in.Raise {
	case models.KindRepair:
	case models.KindPart:
		if in.PartName == "" {
			add("part_name", "err.problem.part_required", "Name the part to send: panel, door, hinge, screw pack…")
		} else if utf8.RuneCountInString(in.PartName) > 100 {
			add("part_name", "err.problem.part_long", "The part name has at most 100 characters.")
		}
		var ok bool
		if qty, ok = parseQty(in.PartQty); !ok {
			add("part_qty", "err.delivery.item_qty_plain", "The quantity is a whole number from 1 to 999.")
		}
	default:
		add("raise", "err.problem.raise_required", "Choose what to open: a repair or a replacement part request.")
	}
	if err := errs.OrNil(); err != nil {
		return nil, err
	}
	var newID string
	err := a.db.Transaction(func(tx *gorm.DB) error {
		d, err := loadForChange(tx, deliveryID, 0)
		if err != nil {
			return err
		}
		if d.Kind != models.KindDelivery || d.Status == models.StatusCancelled {
			return models.NewFieldError("problem", "err.problem.not_delivery", "Problems are reported on a delivery that was not cancelled.", nil)
		}
		now := a.clock()
		product := d.Product
		var purchaseID *string
		if in.ItemID != "" {
			var it models.DeliveryItem
			if err := tx.Where("id = ? AND ticket_id = ?", in.ItemID, d.ID).Limit(1).Find(&it).Error; err != nil {
				return err
			}
			if it.ID == "" {
				return models.NewFieldError("item", "err.problem.item_other", "That item is not on this delivery.", nil)
			}
			product, purchaseID = strings.TrimSpace(it.Product+" "+it.Model), it.PurchaseID
		}
		v := now.UTC()
		linked := d.ID
		nt := models.Ticket{
			Kind: in.Raise, Mode: models.ModeOf(in.Raise, models.ModeOnSite), Status: models.StatusNew,
			Priority: models.PriorityUrgent, Source: models.SourceDelivery, CustomerID: d.CustomerID, PurchaseID: purchaseID,
			Address: d.Address, Product: product, Symptom: in.Description, ReportedAt: v, StatusSince: v,
			FirstContactAt: &v, LastContactAt: &v, LinkedTicketID: &linked, ProblemKind: in.Kind,
			WarrantyCovered: true, Version: 1,
		}
		if in.Raise == models.KindPart {
			nt.Status, nt.PartName, nt.PartQty = models.StatusRequested, in.PartName, qty
			if err := a.partFromProblem(&nt, in.PartCategory); err != nil { // parts.go
				return err
			}
		}
		num, err := nextNumber(tx, in.Raise.NumberPrefix(), now)
		if err != nil {
			return err
		}
		nt.Number = num
		a.setDue(&nt)
		if err := tx.Create(&nt).Error; err != nil {
			return fmt.Errorf("deliveries: problem ticket: %w", err)
		}
		newID = nt.ID
		data := map[string]any{"problem": in.Kind, "linked": d.Number}
		if in.Raise == models.KindPart {
			data["part"], data["qty"] = in.PartName, qty
		}
		if err := a.event(tx, nt.ID, models.ActCreate, "", nt.Status, in.Description, data); err != nil {
			return err
		}
		return a.event(tx, d.ID, models.ActReportProblem, d.Status, d.Status, in.Description,
			map[string]any{"problem": in.Kind, "raised": nt.Number, "kind": nt.Kind})
	})
	if err != nil {
		return nil, err
	}
	return a.Ticket(newID)
}

// LinkedTicket is a ticket raised from another, or the one it came from.
type LinkedTicket struct {
	ID      string
	Number  string
	Kind    models.TicketKind
	Status  models.Status
	Problem models.ProblemKind
}

// fillDelivery adds a delivery's crew, items, checklist and the tickets
// linked to any ticket.
func (a *App) fillDelivery(d *TicketDetail) error {
	t := &d.Ticket
	if t.Kind == models.KindDelivery {
		if err := a.crewRows(a.db, t.ID, &d.Crew); err != nil {
			return err
		}
		if err := a.db.Where("ticket_id = ?", t.ID).Order("position").Find(&d.DeliveryItems).Error; err != nil {
			return fmt.Errorf("deliveries: items: %w", err)
		}
		if err := a.db.Where("ticket_id = ?", t.ID).Order("position").Find(&d.Checks).Error; err != nil {
			return fmt.Errorf("deliveries: checklist: %w", err)
		}
	}
	q := a.db.Model(&models.Ticket{}).Select("id, number, kind, status, problem_kind AS problem")
	if err := q.Where("linked_ticket_id = ?", t.ID).Order("reported_at").Scan(&d.Raised).Error; err != nil {
		return fmt.Errorf("tickets: linked: %w", err)
	}
	if t.LinkedTicketID != nil {
		var from []LinkedTicket
		if err := a.db.Model(&models.Ticket{}).Select("id, number, kind, status").Where("id = ?", *t.LinkedTicketID).Scan(&from).Error; err != nil {
			return fmt.Errorf("tickets: linked: %w", err)
		}
		if len(from) == 1 {
			d.From = &from[0]
		}
	}
	return nil
}
