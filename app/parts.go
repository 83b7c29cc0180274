package app

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"aftercare/assets"
	"aftercare/models"
)

// Replacement parts (补件, DOMAIN.md "Replacement parts", seed 001): the
// request form at intake, the part categories with their lead times, the
// planning approval, the payment gate before shipping (models), urgent
// unpacking of a stock package, and the list the summary sheet prints.
//
// Prices: the shop's parts price list is the fee schedule's part items
// (assets/catalogue/fee_schedule.json ships the seed's table: headboards,
// rails, footboard, legs, slats, door panel, mirror). A chargeable part's
// price goes on the ticket as a charge line from that list, so the quote,
// the payment and the 10% rule work as for any repair, and the price list
// is edited in one place (Settings → fee schedule).
//
// Permissions: approving a request is planning's step (计划部经理审核):
// PermDispatch, which dispatchers, business and general managers have.
// An unpacking is entered by a manager with PermCatalogues (business or
// general manager) who records the marketing manager's approval by name,
// since the app has no marketing-manager role.

// keyPartCategories stores the shop's edited part categories as JSON.
const keyPartCategories = "catalogue.part_categories"

// DefaultPartCategories are the shipped categories (seed 001 lead times).
func DefaultPartCategories() []models.PartCategory {
	var out []models.PartCategory
	data, err := assets.Catalogue.ReadFile("catalogue/part_categories.json")
	if err == nil {
		err = json.Unmarshal(data, &out)
	}
	if err != nil {
		panic("assets: catalogue/part_categories.json is broken: " + err.Error())
	}
	return out
}

// PartCategories returns the shop's part categories, or the defaults when
// none were saved. Read when a form opens or a request is made, never per
// row of a list (the expected date is stored on the ticket), so it is not
// cached.
func (a *App) PartCategories() []models.PartCategory {
	v, err := a.Setting(keyPartCategories)
	if err != nil {
		return DefaultPartCategories()
	}
	return decodePartCategories(v)
}

func decodePartCategories(v string) []models.PartCategory {
	if v != "" {
		var out []models.PartCategory
		if json.Unmarshal([]byte(v), &out) == nil && models.CheckPartCategories(out) == nil {
			return out
		}
	}
	return DefaultPartCategories()
}

// partKeyPattern is what a category code may look like: it is stored on
// the tickets.
var partKeyPattern = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,20}$`)

// SavePartCategories validates and saves the categories in one
// transaction with an audit entry. New rows get a code; the code of a
// category is kept on tickets, so existing requests keep their category.
func (a *App) SavePartCategories(cats []models.PartCategory) error {
	if err := a.require(models.PermCatalogues); err != nil {
		return err
	}
	if err := models.CheckPartCategories(cats); err != nil {
		return err
	}
	out := make([]models.PartCategory, len(cats))
	taken := map[string]bool{}
	for i, c := range cats {
		c.Key, c.NameZH, c.NameEN = strings.TrimSpace(c.Key), strings.TrimSpace(c.NameZH), strings.TrimSpace(c.NameEN)
		if c.Key != "" && !partKeyPattern.MatchString(c.Key) {
			return models.NewFieldError("cat."+strconv.Itoa(i)+".key", "err.partcat.key", "Row {{.Row}}: the code may use letters, digits, _ . - and at most 20 characters.", map[string]any{"Row": i + 1})
		}
		out[i] = c
		taken[c.Key] = true
	}
	for i := range out {
		if out[i].Key == "" {
			for {
				k := "cat_" + strings.ReplaceAll(uuid.NewString(), "-", "")[:8]
				if !taken[k] {
					out[i].Key, taken[k] = k, true
					break
				}
			}
		}
	}
	data, err := json.Marshal(out)
	if err != nil {
		return err
	}
	return a.writePartCategories(func(tx *gorm.DB) error {
		return setSettings(tx, map[string]string{keyPartCategories: string(data)})
	}, out)
}

// ResetPartCategories goes back to the shipped categories.
func (a *App) ResetPartCategories() error {
	if err := a.require(models.PermCatalogues); err != nil {
		return err
	}
	return a.writePartCategories(func(tx *gorm.DB) error {
		return tx.Where("key = ?", keyPartCategories).Delete(&models.Setting{}).Error
	}, DefaultPartCategories())
}

func (a *App) writePartCategories(write func(tx *gorm.DB) error, after []models.PartCategory) error {
	return a.db.Transaction(func(tx *gorm.DB) error {
		var s models.Setting
		if err := tx.Where("key = ?", keyPartCategories).Limit(1).Find(&s).Error; err != nil {
			return fmt.Errorf("settings: read %s: %w", keyPartCategories, err)
		}
		before := decodePartCategories(s.Value)
		if err := write(tx); err != nil {
			return fmt.Errorf("settings: save %s: %w", keyPartCategories, err)
		}
		return a.audit(tx, "settings", keyPartCategories, "update", partCategoryDiff(before, after))
	})
}

// partCategoryDiff lists the categories added, changed or removed, by code.
func partCategoryDiff(before, after []models.PartCategory) map[string][2]string {
	show := func(c models.PartCategory) string {
		return fmt.Sprintf("%s / %s · %d–%d", c.NameZH, c.NameEN, c.MinDays, c.MaxDays)
	}
	out := map[string][2]string{}
	old := map[string]string{}
	for _, c := range before {
		old[c.Key] = show(c)
	}
	for _, c := range after {
		if s := show(c); old[c.Key] != s {
			out[c.Key] = [2]string{old[c.Key], s}
		}
		delete(old, c.Key)
	}
	for k, s := range old {
		out[k] = [2]string{s, ""}
	}
	return out
}

// PartPriceList is the parts price list: the fee schedule's part items.
func (a *App) PartPriceList() []models.FeeItem {
	var out []models.FeeItem
	for _, f := range a.FeeSchedule() {
		if f.Kind == models.ItemPart {
			out = append(out, f)
		}
	}
	return out
}

// PartInput is the request form (补件制做申请单) beyond the intake's
// common fields: the customer, the product (PurchaseID or Product), the
// reason (Symptom), the notes (Request), urgent (Priority) and the ticket
// it comes from (LinkedTicketID) are on IntakeInput.
type PartInput struct {
	OrderDate  time.Time // 下单日期; zero: today
	PriceCode  string    // fee schedule key of the part, "" when typed
	PartName   string    // "" takes the price list's name
	Category   string    // part category code
	Colour     string
	Qty        string
	Batch      string // batch number of the package needing the part
	Inspection string // inspection number of the product
	Chargeable bool   // the price from the list goes on the ticket
	qty        int
}

// checkPart validates the request form's own fields (validateIntake).
func checkPart(in *PartInput, symptom string) error {
	var errs models.ValidationErrors
	add := func(field, key, fallback string) {
		errs = append(errs, models.NewFieldError(field, key, fallback, nil))
	}
	in.PriceCode, in.PartName, in.Category = strings.TrimSpace(in.PriceCode), strings.TrimSpace(in.PartName), strings.TrimSpace(in.Category)
	in.Colour, in.Batch, in.Inspection = strings.TrimSpace(in.Colour), strings.TrimSpace(in.Batch), strings.TrimSpace(in.Inspection)
	if in.PartName == "" && in.PriceCode == "" {
		add("part_name", "err.problem.part_required", "Name the part to send: panel, door, hinge, screw pack…")
	} else if utf8.RuneCountInString(in.PartName) > models.PartNameMax {
		add("part_name", "err.problem.part_long", "The part name has at most 100 characters.")
	}
	if in.Category == "" {
		add("category", "err.part.category_required", "Choose the part category: it gives the expected date.")
	}
	var ok bool
	if in.qty, ok = parseQty(in.Qty); !ok {
		add("part_qty", "err.delivery.item_qty_plain", "The quantity is a whole number from 1 to 999.")
	}
	if utf8.RuneCountInString(in.Colour) > 40 {
		add("colour", "err.part.colour_long", "The colour has at most 40 characters.")
	}
	if utf8.RuneCountInString(in.Batch) > 60 || utf8.RuneCountInString(in.Inspection) > 60 {
		add("batch", "err.part.number_long", "Batch and inspection numbers have at most 60 characters.")
	}
	if strings.TrimSpace(symptom) == "" {
		add("symptom", "err.part.reason_required", "Write why the part is needed (the reason on the form).")
	}
	if in.Chargeable && in.PriceCode == "" {
		add("part_name", "err.part.price_required", "A chargeable part needs its price: choose the part from the price list.")
	}
	return errs.OrNil()
}

// createPart fills a new part request inside CreateTicket's transaction
// (status requested, the form's fields, the expected date from the
// category's lead time, the ticket it comes from) and returns what runs
// after the ticket row exists: the price line of a chargeable part.
func (a *App) createPart(tx *gorm.DB, t *models.Ticket, c *models.Customer, in *PartInput, linked string) (func() error, error) {
	now := a.clock()
	cat, ok := models.FindPartCategory(a.PartCategories(), in.Category)
	if !ok {
		return nil, models.NewFieldError("category", "err.part.category_unknown", "That part category is not in the catalogue any more: choose another.", nil)
	}
	var price *models.FeeItem
	if in.PriceCode != "" {
		for _, f := range a.PartPriceList() {
			if f.Key == in.PriceCode {
				f := f
				price = &f
			}
		}
		if price == nil {
			return nil, models.NewFieldError("part_name", "err.item.unknown", "That item is not in the fee schedule.", nil)
		}
		if in.PartName == "" {
			in.PartName = price.NameZH
		}
	}
	order := now.In(a.loc())
	if !in.OrderDate.IsZero() {
		if models.CivilDate(in.OrderDate).After(models.CivilDate(order)) {
			return nil, models.NewFieldError("order_date", "err.part.order_future", "The order date cannot be in the future.", nil)
		}
		order = in.OrderDate
	}
	od, exp := models.CivilDate(order), models.PartExpectedDate(order, cat)
	v := now.UTC()
	t.Status, t.PartName, t.PartQty = models.StatusRequested, in.PartName, in.qty
	t.PartCategory, t.PartColour, t.PartBatch, t.PartInspection = cat.Key, in.Colour, in.Batch, in.Inspection
	t.OrderDate, t.PartExpected, t.PartChargeable = &od, &exp, in.Chargeable
	// The customer is on the phone or at the counter: that is the first response.
	t.FirstContactAt, t.LastContactAt = &v, &v
	if linked != "" {
		var from models.Ticket
		if err := tx.Select("id, customer_id").Where("id = ? OR number = ?", linked, strings.ToUpper(linked)).Limit(1).Find(&from).Error; err != nil {
			return nil, err
		}
		if from.ID == "" {
			return nil, models.NewFieldError("linked", "err.part.linked_unknown", "There is no ticket with that number.", nil)
		}
		if from.CustomerID != c.ID {
			return nil, models.NewFieldError("linked", "err.part.linked_other", "That ticket is another customer's.", nil)
		}
		t.LinkedTicketID = &from.ID
	}
	if !in.Chargeable || price == nil {
		return nil, nil
	}
	return func() error {
		item := models.TicketItem{TicketID: t.ID, Kind: models.ItemPart, Code: price.Key, Name: in.PartName,
			Qty: in.qty, UnitPrice: price.Price, SchedulePrice: price.Price, Charged: true}
		if err := tx.Create(&item).Error; err != nil {
			return fmt.Errorf("parts: price line: %w", err)
		}
		if err := a.audit(tx, "ticket_item", item.ID, "create", itemFields(t.Number, &item, "")); err != nil {
			return err
		}
		return a.event(tx, t.ID, models.ActQuote, t.Status, t.Status, item.Name, map[string]any{
			"qty": item.Qty, "price": item.UnitPrice.Yuan(), "schedule_price": item.SchedulePrice.Yuan(), "charged": true})
	}, nil
}

func init() { aftersalesSteps[models.ModePart] = partStep }

// partStep is the app side of a part request's steps, inside stepTx.
func partStep(a *App, tx *gorm.DB, t *models.Ticket, in *models.StepInput, data map[string]any) error {
	switch in.Action {
	case models.ActApprovePart:
		// Planning summarises and approves (计划部经理审核).
		if err := a.require(models.PermDispatch); err != nil {
			return err
		}
		if t.PartExpected == nil {
			if cat, ok := models.FindPartCategory(a.PartCategories(), t.PartCategory); ok {
				exp := models.PartExpectedDate(a.clock().In(a.loc()), cat)
				t.PartExpected = &exp
			}
		}
		if t.PartExpected != nil {
			data["expected"] = models.FormatDate(*t.PartExpected)
		}
	case models.ActShipPart:
		if t.PartChargeable {
			data["paid_before_shipping"] = true
		}
	}
	return nil
}

// partFromProblem fills the category and expected date of a part request
// raised from a delivery problem (ReportProblem); "" leaves them empty.
func (a *App) partFromProblem(t *models.Ticket, category string) error {
	category = strings.TrimSpace(category)
	if category == "" {
		return nil
	}
	cat, ok := models.FindPartCategory(a.PartCategories(), category)
	if !ok {
		return models.NewFieldError("category", "err.part.category_unknown", "That part category is not in the catalogue any more: choose another.", nil)
	}
	today := a.clock().In(a.loc())
	od, exp := models.CivilDate(today), models.PartExpectedDate(today, cat)
	t.PartCategory, t.OrderDate, t.PartExpected = cat.Key, &od, &exp
	return nil
}

// Timeline actions of unpacking (not workflow steps).
const (
	ActUnpack models.Action = "unpack_part"
	ActRefill models.Action = "refill_package"
)

// UnpackRow is an unpacking with its part request.
type UnpackRow struct {
	models.Unpack
	TicketNumber string
	Customer     string
	PartName     string
	Overdue      bool
}

// RequestUnpack records an urgent unpacking of a stock package for an
// approved part request, with the marketing manager's approval, and puts
// the part in the warehouse (the ticket moves to warehoused) in one
// transaction. The package must be refilled by RefillDue.
func (a *App) RequestUnpack(ticketID string, in models.UnpackInput) (*TicketDetail, error) {
	if err := a.require(models.PermCatalogues); err != nil {
		return nil, err
	}
	now := a.clock()
	if err := models.CheckUnpack(&in, now.In(a.loc())); err != nil {
		return nil, err
	}
	if in.ApprovedAt.IsZero() {
		in.ApprovedAt = now
	}
	err := a.db.Transaction(func(tx *gorm.DB) error {
		t, err := loadForChange(tx, ticketID, 0)
		if err != nil {
			return err
		}
		if t.Kind != models.KindPart {
			return models.NewFieldError("unpack", "err.unpack.not_part", "Only a replacement part request can take a part from a stock package.", nil)
		}
		switch t.Status {
		case models.StatusApproved, models.StatusInProduction:
		case models.StatusRequested:
			return models.NewFieldError("unpack", "err.unpack.not_approved", "Planning must approve the request first; then the package can be opened.", nil)
		default:
			return models.NewFieldError("unpack", "err.unpack.status", "The part is already in the warehouse or further: there is nothing to unpack for.", nil)
		}
		u := models.Unpack{TicketID: t.ID, PackageNo: in.PackageNo, Reason: in.Reason, ApprovedBy: in.ApprovedBy,
			ApprovedAt: in.ApprovedAt.UTC(), RecordedBy: a.actorName(), RefillDue: in.RefillDue}
		if err := tx.Create(&u).Error; err != nil {
			return fmt.Errorf("parts: unpack: %w", err)
		}
		if err := a.audit(tx, "unpack", u.ID, "create", map[string][2]string{
			"ticket": {"", t.Number}, "package_no": {"", u.PackageNo}, "reason": {"", u.Reason},
			"approved_by": {"", u.ApprovedBy}, "approved_at": {"", u.ApprovedAt.Format(time.RFC3339)},
			"refill_due": {"", models.FormatDate(u.RefillDue)}}); err != nil {
			return err
		}
		if err := a.event(tx, t.ID, ActUnpack, t.Status, t.Status, u.Reason, map[string]any{
			"package": u.PackageNo, "approved_by": u.ApprovedBy, "refill_due": models.FormatDate(u.RefillDue)}); err != nil {
			return err
		}
		return a.stepTx(tx, t, models.StepInput{Action: models.ActWarehousePart, Note: u.PackageNo})
	})
	if err != nil {
		return nil, err
	}
	return a.Ticket(ticketID)
}

// MarkRefilled records that the part is back in an unpacked package.
func (a *App) MarkRefilled(unpackID string) error {
	if err := a.require(models.PermTickets); err != nil {
		return err
	}
	return a.db.Transaction(func(tx *gorm.DB) error {
		var u models.Unpack
		if err := tx.Where("id = ?", unpackID).Limit(1).Find(&u).Error; err != nil {
			return err
		}
		if u.ID == "" {
			return fmt.Errorf("parts: unpack %s: %w", unpackID, ErrNotFound)
		}
		if u.RefilledAt != nil {
			return models.NewFieldError("unpack", "err.unpack.refilled", "That package was already refilled.", nil)
		}
		v := a.clock().UTC()
		res := tx.Model(&models.Unpack{}).Where("id = ? AND refilled_at IS NULL", u.ID).
			Updates(map[string]any{"refilled_at": v, "refilled_by": a.actorName(), "updated_at": v})
		if res.Error != nil {
			return fmt.Errorf("parts: refill: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("parts: refill: %w", ErrConflict)
		}
		if err := a.audit(tx, "unpack", u.ID, "update", map[string][2]string{
			"refilled_at": {"", v.Format(time.RFC3339)}, "refilled_by": {"", a.actorName()}}); err != nil {
			return err
		}
		var t models.Ticket
		if err := tx.Select("id, status").Where("id = ?", u.TicketID).Limit(1).Find(&t).Error; err != nil {
			return err
		}
		return a.event(tx, u.TicketID, ActRefill, t.Status, t.Status, "", map[string]any{"package": u.PackageNo})
	})
}

// Unpacks lists the unpackings of a part request, newest first.
func (a *App) Unpacks(ticketID string) ([]UnpackRow, error) {
	return a.unpackRows(a.db.Where("unpacks.ticket_id = ?", ticketID))
}

// OpenUnpacks lists the packages not refilled yet, the most overdue first.
func (a *App) OpenUnpacks() ([]UnpackRow, error) {
	return a.unpackRows(a.db.Where("unpacks.refilled_at IS NULL"))
}

// OverdueRefills lists, for the Today board, the unpacked packages whose
// refill is late (not refilled by the end of their due day), the most
// overdue first. It reads the refill_due index; limit ≤ 0 means 100.
func (a *App) OverdueRefills(ctx context.Context, limit int) ([]UnpackRow, error) {
	if limit <= 0 {
		limit = 100
	}
	today := models.CivilDate(a.clock().In(a.loc()))
	return a.unpackRows(a.db.WithContext(ctx).Where("unpacks.refill_due < ? AND unpacks.refilled_at IS NULL", today).Limit(limit))
}

func (a *App) unpackRows(q *gorm.DB) ([]UnpackRow, error) {
	var us []models.Unpack
	if err := q.Order("refill_due, created_at DESC").Find(&us).Error; err != nil {
		return nil, fmt.Errorf("parts: unpacks: %w", err)
	}
	now := a.clock().In(a.loc())
	out := make([]UnpackRow, 0, len(us))
	for _, u := range us {
		r := UnpackRow{Unpack: u, Overdue: u.RefillOverdue(now)}
		var t models.Ticket
		if err := a.db.Select("id, number, customer_id, part_name").Where("id = ?", u.TicketID).Limit(1).Find(&t).Error; err != nil {
			return nil, err
		}
		r.TicketNumber, r.PartName = t.Number, t.PartName
		var c models.Customer
		if err := a.db.Select("id, name").Where("id = ?", t.CustomerID).Limit(1).Find(&c).Error; err != nil {
			return nil, err
		}
		r.Customer = c.Name
		out = append(out, r)
	}
	return out, nil
}

// PartFilter selects part requests for the list and the summary sheet.
type PartFilter struct {
	Status   models.Status // "" all
	Category string        // "" all
	From, To time.Time     // request dates (shop calendar), inclusive; zero: open
	Limit    int           // 0: no limit
}

// PartRow is one part request of the list and the summary sheet.
type PartRow struct {
	ID, Number   string
	Status       models.Status
	Customer     string
	Product      string
	PartName     string
	Category     string // code
	Colour       string
	Qty          int
	Batch        string
	Inspection   string
	Urgent       bool
	Chargeable   bool
	ReportedAt   time.Time
	OrderDate    *time.Time
	Expected     *time.Time
	Late         bool
	LinkedNumber string
}

// PartRequests lists part requests, newest first. A cancelled ctx
// interrupts the query (a newer filter in the list).
func (a *App) PartRequests(ctx context.Context, f PartFilter) ([]PartRow, error) {
	loc := a.loc()
	db := a.db.WithContext(ctx)
	q := db.Model(&models.Ticket{}).Where("kind = ?", models.KindPart)
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.Category != "" {
		q = q.Where("part_category = ?", f.Category)
	}
	if !f.From.IsZero() {
		y, m, d := f.From.Date()
		q = q.Where("reported_at >= ?", time.Date(y, m, d, 0, 0, 0, 0, loc).UTC())
	}
	if !f.To.IsZero() {
		y, m, d := f.To.Date()
		q = q.Where("reported_at < ?", time.Date(y, m, d+1, 0, 0, 0, 0, loc).UTC())
	}
	if f.Limit > 0 {
		q = q.Limit(f.Limit)
	}
	var ts []models.Ticket
	if err := q.Order("reported_at DESC, number DESC").Find(&ts).Error; err != nil {
		return nil, fmt.Errorf("parts: list: %w", err)
	}
	// The customers' names and the linked tickets' numbers: one query
	// each for the whole list, not one per row.
	var custIDs, linkIDs []string
	for i := range ts {
		custIDs = append(custIDs, ts[i].CustomerID)
		if ts[i].LinkedTicketID != nil {
			linkIDs = append(linkIDs, *ts[i].LinkedTicketID)
		}
	}
	names := map[string]string{}
	if custIDs = uniqueIDs(custIDs); len(custIDs) > 0 {
		var cs []models.Customer
		if err := db.Select("id, name").Where("id IN ?", custIDs).Find(&cs).Error; err != nil {
			return nil, fmt.Errorf("parts: list: customers: %w", err)
		}
		for _, c := range cs {
			names[c.ID] = c.Name
		}
	}
	links, err := ticketNumbers(db, linkIDs)
	if err != nil {
		return nil, fmt.Errorf("parts: list: %w", err)
	}
	now := a.clock().In(loc)
	out := make([]PartRow, 0, len(ts))
	for i := range ts {
		t := &ts[i]
		r := PartRow{ID: t.ID, Number: t.Number, Status: t.Status, Customer: names[t.CustomerID], Product: t.Product,
			PartName: t.PartName, Category: t.PartCategory, Colour: t.PartColour, Qty: t.PartQty, Batch: t.PartBatch,
			Inspection: t.PartInspection, Urgent: t.Priority == models.PriorityUrgent, Chargeable: t.PartChargeable,
			ReportedAt: t.ReportedAt, OrderDate: t.OrderDate, Expected: t.PartExpected, Late: models.PartLate(t, now)}
		if t.LinkedTicketID != nil {
			r.LinkedNumber = links[*t.LinkedTicketID]
		}
		out = append(out, r)
	}
	return out, nil
}
