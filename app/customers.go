package app

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"aftercare/models"
)

// ErrNotFound is returned when a record does not exist.
var ErrNotFound = errors.New("not found")

// DuplicatePhoneError says a phone number already belongs to another
// customer; the screen offers to open that customer instead.
type DuplicatePhoneError struct {
	Number   string
	Existing CustomerSummary
}

func (e *DuplicatePhoneError) Error() string {
	return fmt.Sprintf("the number %s already belongs to %s", models.FormatPhone(e.Number), e.Existing.Name)
}

// CustomerSummary is one row of the customer list.
type CustomerSummary struct {
	ID       string
	Name     string
	Phone    string // main phone, canonical
	Address  string // main address
	Archived bool
}

// SearchOptions page and filter a customer search.
type SearchOptions struct {
	Limit           int // default 50, at most 500
	Offset          int
	IncludeArchived bool
}

// CreateOptions adjust CreateCustomer.
type CreateOptions struct {
	// AllowDuplicatePhone saves even when a number belongs to someone else
	// (family members sharing a landline); the person confirmed it.
	AllowDuplicatePhone bool
}

const summaryColumns = `customers.id, customers.name, customers.archived_at IS NOT NULL AS archived,
	(SELECT number FROM phones WHERE phones.customer_id = customers.id ORDER BY position LIMIT 1) AS phone,
	(SELECT text FROM addresses WHERE addresses.customer_id = customers.id ORDER BY position LIMIT 1) AS address`

// SearchCustomers finds customers as the counter types: by any part of the
// name, any part of any phone (typically the last four digits), full
// pinyin or initials, or any part of an address. Closer matches come first:
// exact name, then name/pinyin/initials prefix, then phone ending, then the
// rest, most recently changed first. An empty query lists recent customers.
// A complete phone number finds the customers with that number or an
// extension of it, not one whose address happens to contain the same eleven
// digits.
//
// It must answer in milliseconds on 100 000 customers (docs/performance.md):
// a substring match reads every customer, which SQLite cannot do fast
// enough, so the matching and ranking run over the in-memory search index
// (searchindex.go) and only the page's summaries (with their main phone and
// address) are read from SQLite. Until the index is built, right after the
// database is opened, the list of recent customers comes from SQLite and a
// search waits for the index.
func (a *App) SearchCustomers(ctx context.Context, query string, opt SearchOptions) ([]CustomerSummary, error) {
	if opt.Limit <= 0 {
		opt.Limit = 50
	}
	if opt.Limit > 500 {
		opt.Limit = 500
	}
	opt.Offset = max(opt.Offset, 0)
	q := models.ParseSearch(query)
	fail := func(err error) ([]CustomerSummary, error) {
		return nil, fmt.Errorf("customers: search %q: %w", query, cancelled(ctx, err))
	}
	db := a.db.WithContext(ctx)
	var ids []string
	if q.Text == "" && !a.search.isReady() {
		// The list before anything is typed, at start: newest first, ties
		// by ID as the index orders them, so later pages join up.
		tx := db.Model(&models.Customer{})
		if !opt.IncludeArchived {
			// Written so that no index serves it: nearly every customer is
			// active, but without statistics SQLite takes "archived_at IS
			// NULL" for a selective index lookup and reads every row.
			tx = tx.Where("(CASE WHEN customers.archived_at IS NULL THEN 1 ELSE 0 END) = 1")
		}
		if err := tx.Order("customers.updated_at DESC, customers.id").Offset(opt.Offset).Limit(opt.Limit).
			Pluck("customers.id", &ids).Error; err != nil {
			return fail(err)
		}
	} else {
		var err error
		if ids, _, err = a.search.find(ctx, q, opt.IncludeArchived, opt.Offset, opt.Limit); err != nil {
			return fail(err)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	var rows []CustomerSummary
	if err := db.Model(&models.Customer{}).Select(summaryColumns).Where("customers.id IN ?", ids).Scan(&rows).Error; err != nil {
		return fail(err)
	}
	byID := make(map[string]CustomerSummary, len(rows))
	for _, r := range rows {
		byID[r.ID] = r
	}
	out := make([]CustomerSummary, 0, len(ids))
	for _, id := range ids {
		if r, ok := byID[id]; ok {
			out = append(out, r)
		}
	}
	return out, nil
}

// phoneTailExpr is the last four digits of a phone number, indexed by
// idx_phones_tail (store.go). The search no longer uses that index (it
// matches in memory), but migrations are additive, so it stays.
const phoneTailExpr = "substr(replace(number, '-', ''), length(replace(number, '-', '')) - 3, 4)"

// CountCustomers counts the customers whose search text contains the query
// (for "N customers"): the same scan of the search index as
// SearchCustomers, shared with it when both ask about the same text.
func (a *App) CountCustomers(ctx context.Context, query string, includeArchived bool) (int64, error) {
	q := models.ParseSearch(query)
	if q.Text == "" && !a.search.isReady() {
		tx := a.db.WithContext(ctx).Model(&models.Customer{})
		if !includeArchived {
			tx = tx.Where("archived_at IS NULL")
		}
		var n int64
		if err := tx.Count(&n).Error; err != nil {
			return 0, fmt.Errorf("customers: count: %w", cancelled(ctx, err))
		}
		return n, nil
	}
	_, n, err := a.search.find(ctx, q, includeArchived, 0, 0)
	if err != nil {
		return 0, fmt.Errorf("customers: count: %w", cancelled(ctx, err))
	}
	return int64(n), nil
}

// Customer loads a customer with phones, addresses and purchases (archived
// purchases included, newest first).
func (a *App) Customer(id string) (*models.Customer, error) {
	var c models.Customer
	err := a.db.
		Preload("Phones", func(db *gorm.DB) *gorm.DB { return db.Order("position") }).
		Preload("Addresses", func(db *gorm.DB) *gorm.DB { return db.Order("position") }).
		Preload("Purchases", func(db *gorm.DB) *gorm.DB { return db.Order("purchase_date DESC, created_at DESC") }).
		Where("id = ?", id).Limit(1).Find(&c).Error
	if err != nil {
		return nil, fmt.Errorf("customers: load %s: %w", id, err)
	}
	if c.ID == "" {
		return nil, fmt.Errorf("customers: load %s: %w", id, ErrNotFound)
	}
	return &c, nil
}

// CustomerByPhone finds the customer owning a canonical number, if any,
// skipping the customer with id except.
func (a *App) CustomerByPhone(tx *gorm.DB, number, except string) (*CustomerSummary, error) {
	if tx == nil {
		tx = a.db
	}
	var rows []CustomerSummary
	err := tx.Model(&models.Customer{}).Select(summaryColumns).
		Where("customers.id IN (SELECT customer_id FROM phones WHERE number = ?)", number).
		Where("customers.id <> ?", except).
		Order("customers.archived_at IS NOT NULL, customers.updated_at DESC").Limit(1).Scan(&rows).Error
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	return &rows[0], nil
}

func (a *App) checkDuplicatePhones(tx *gorm.DB, c *models.Customer, except string) error {
	for _, p := range c.Phones {
		other, err := a.CustomerByPhone(tx, p.Number, except)
		if err != nil {
			return fmt.Errorf("customers: check phone: %w", err)
		}
		if other != nil {
			return &DuplicatePhoneError{Number: p.Number, Existing: *other}
		}
	}
	return nil
}

// CreateCustomer validates and saves a new customer with its phones and
// addresses in one transaction. A phone that belongs to someone else is
// refused with a DuplicatePhoneError unless opt allows it.
func (a *App) CreateCustomer(in models.CustomerInput, opt CreateOptions) (*models.Customer, error) {
	if err := a.require(models.PermCustomers); err != nil {
		return nil, err
	}
	var c models.Customer
	if err := in.Normalize(&c); err != nil {
		return nil, err
	}
	err := a.db.Transaction(func(tx *gorm.DB) error {
		if !opt.AllowDuplicatePhone {
			if err := a.checkDuplicatePhones(tx, &c, ""); err != nil {
				return err
			}
		}
		if err := tx.Create(&c).Error; err != nil {
			return fmt.Errorf("customers: create: %w", err)
		}
		return a.audit(tx, "customer", c.ID, "create", customerFields(&models.Customer{}, &c))
	})
	if err != nil {
		return nil, err
	}
	a.search.refresh(c.ID)
	return &c, nil
}

// UpdateCustomer validates and saves changes to a customer; phones and
// addresses are replaced by the form's list. The change is in the history.
func (a *App) UpdateCustomer(id string, in models.CustomerInput, opt CreateOptions) (*models.Customer, error) {
	if err := a.require(models.PermCustomers); err != nil {
		return nil, err
	}
	old, err := a.Customer(id)
	if err != nil {
		return nil, err
	}
	c := *old
	if err := in.Normalize(&c); err != nil {
		return nil, err
	}
	err = a.db.Transaction(func(tx *gorm.DB) error {
		if !opt.AllowDuplicatePhone {
			if err := a.checkDuplicatePhones(tx, &c, id); err != nil {
				return err
			}
		}
		if err := tx.Where("customer_id = ?", id).Delete(&models.Phone{}).Error; err != nil {
			return fmt.Errorf("customers: update phones: %w", err)
		}
		if err := tx.Where("customer_id = ?", id).Delete(&models.Address{}).Error; err != nil {
			return fmt.Errorf("customers: update addresses: %w", err)
		}
		for i := range c.Phones {
			c.Phones[i].ID, c.Phones[i].CustomerID = "", id
		}
		for i := range c.Addresses {
			c.Addresses[i].ID, c.Addresses[i].CustomerID = "", id
		}
		res := tx.Model(&models.Customer{}).Where("id = ?", id).Updates(map[string]any{
			"name": c.Name, "name_pinyin": c.NamePinyin, "name_initials": c.NameInitials,
			"notes": c.Notes, "search_text": c.SearchText, "updated_at": a.clock().UTC(),
		})
		if res.Error != nil {
			return fmt.Errorf("customers: update %s: %w", id, res.Error)
		}
		if len(c.Phones) > 0 {
			if err := tx.Create(&c.Phones).Error; err != nil {
				return fmt.Errorf("customers: save phones: %w", err)
			}
		}
		if len(c.Addresses) > 0 {
			if err := tx.Create(&c.Addresses).Error; err != nil {
				return fmt.Errorf("customers: save addresses: %w", err)
			}
		}
		return a.audit(tx, "customer", id, "update", customerFields(old, &c))
	})
	if err != nil {
		return nil, err
	}
	a.search.refresh(id)
	return a.Customer(id)
}

// ArchiveCustomer hides a customer from searches without deleting anything:
// their purchases and history stay, and RestoreCustomer brings them back.
func (a *App) ArchiveCustomer(id string) error {
	if err := a.require(models.PermCustomers); err != nil {
		return err
	}
	return a.setArchived("customer", &models.Customer{}, id, true)
}

// RestoreCustomer undoes ArchiveCustomer.
func (a *App) RestoreCustomer(id string) error {
	if err := a.require(models.PermCustomers); err != nil {
		return err
	}
	return a.setArchived("customer", &models.Customer{}, id, false)
}

func (a *App) setArchived(entity string, model any, id string, archive bool) error {
	err := a.db.Transaction(func(tx *gorm.DB) error {
		var val any
		action := "restore"
		if archive {
			val, action = a.clock().UTC(), "archive"
		}
		res := tx.Model(model).Where("id = ?", id).Updates(map[string]any{"archived_at": val, "updated_at": a.clock().UTC()})
		if res.Error != nil {
			return fmt.Errorf("%s: %s %s: %w", entity, action, id, res.Error)
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("%s: %s %s: %w", entity, action, id, ErrNotFound)
		}
		return a.audit(tx, entity, id, action, nil)
	})
	if err == nil && entity == "customer" {
		a.search.refresh(id)
	}
	return err
}

// customerFields lists what changed between two versions of a customer.
func customerFields(before, after *models.Customer) map[string][2]string {
	return diffFields(
		[]string{"name", "phones", "addresses", "notes"},
		[]string{before.Name, phoneList(before), addressList(before), before.Notes},
		[]string{after.Name, phoneList(after), addressList(after), after.Notes})
}

func phoneList(c *models.Customer) string {
	parts := make([]string, len(c.Phones))
	for i, p := range c.Phones {
		parts[i] = models.FormatPhone(p.Number)
		if p.Label != "" {
			parts[i] += " (" + p.Label + ")"
		}
	}
	return strings.Join(parts, ", ")
}

func addressList(c *models.Customer) string {
	parts := make([]string, len(c.Addresses))
	for i, p := range c.Addresses {
		parts[i] = p.Text
	}
	return strings.Join(parts, " | ")
}

// CustomerHistory returns the changes to a customer and its purchases,
// newest first.
func (a *App) CustomerHistory(id string) ([]HistoryEntry, error) {
	var rows []models.AuditEntry
	err := a.db.Where("(entity_type = 'customer' AND entity_id = ?) OR (entity_type = 'purchase' AND entity_id IN (SELECT id FROM purchases WHERE customer_id = ?))", id, id).
		Order("at DESC").Limit(500).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("customers: history %s: %w", id, err)
	}
	return decodeHistory(rows), nil
}

// AddPurchase validates and saves a purchase for a customer. An empty
// warranty takes the product type's default.
func (a *App) AddPurchase(customerID string, in models.PurchaseInput) (*models.Purchase, error) {
	if err := a.require(models.PermCustomers); err != nil {
		return nil, err
	}
	p := models.Purchase{CustomerID: customerID}
	if err := a.normalizePurchase(in, &p); err != nil {
		return nil, err
	}
	err := a.db.Transaction(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&models.Customer{}).Where("id = ?", customerID).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("purchases: customer %s: %w", customerID, ErrNotFound)
		}
		if err := tx.Create(&p).Error; err != nil {
			return fmt.Errorf("purchases: create: %w", err)
		}
		if err := tx.Model(&models.Customer{}).Where("id = ?", customerID).Update("updated_at", a.clock().UTC()).Error; err != nil {
			return err
		}
		return a.audit(tx, "purchase", p.ID, "create", purchaseFields(&models.Purchase{}, &p))
	})
	if err != nil {
		return nil, err
	}
	a.search.refresh(customerID) // its updated_at moved
	return &p, nil
}

// UpdatePurchase validates and saves changes to a purchase.
func (a *App) UpdatePurchase(id string, in models.PurchaseInput) (*models.Purchase, error) {
	if err := a.require(models.PermCustomers); err != nil {
		return nil, err
	}
	var old models.Purchase
	if err := a.db.Where("id = ?", id).Limit(1).Find(&old).Error; err != nil {
		return nil, fmt.Errorf("purchases: load %s: %w", id, err)
	}
	if old.ID == "" {
		return nil, fmt.Errorf("purchases: load %s: %w", id, ErrNotFound)
	}
	p := old
	if err := a.normalizePurchase(in, &p); err != nil {
		return nil, err
	}
	p.UpdatedAt = a.clock().UTC()
	err := a.db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Save(&p).Error; err != nil {
			return fmt.Errorf("purchases: update %s: %w", id, err)
		}
		return a.audit(tx, "purchase", id, "update", purchaseFields(&old, &p))
	})
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// ArchivePurchase hides a purchase entered by mistake; it is kept for
// tickets that refer to it.
func (a *App) ArchivePurchase(id string) error {
	if err := a.require(models.PermCustomers); err != nil {
		return err
	}
	return a.setArchived("purchase", &models.Purchase{}, id, true)
}

// RestorePurchase undoes ArchivePurchase.
func (a *App) RestorePurchase(id string) error {
	if err := a.require(models.PermCustomers); err != nil {
		return err
	}
	return a.setArchived("purchase", &models.Purchase{}, id, false)
}

func (a *App) normalizePurchase(in models.PurchaseInput, p *models.Purchase) error {
	defaulted := strings.TrimSpace(in.WarrantyMonths) == ""
	if err := in.Normalize(p, a.clock()); err != nil {
		return err
	}
	if defaulted {
		if t, ok := a.ProductType(p.ProductType); ok {
			p.WarrantyMonths = t.WarrantyMonths
		}
	}
	return nil
}

func purchaseFields(before, after *models.Purchase) map[string][2]string {
	return diffFields(
		[]string{"product", "type", "brand", "model", "serial", "purchase_date", "invoice_no", "warranty_months", "delivery_address", "notes"},
		[]string{before.Product, before.ProductType, before.Brand, before.Model, before.Serial, models.FormatDate(before.PurchaseDate), before.InvoiceNo, monthsText(before), before.DeliveryAddress, before.Notes},
		[]string{after.Product, after.ProductType, after.Brand, after.Model, after.Serial, models.FormatDate(after.PurchaseDate), after.InvoiceNo, monthsText(after), after.DeliveryAddress, after.Notes})
}

func monthsText(p *models.Purchase) string {
	if p.ID == "" && p.Product == "" {
		return ""
	}
	return strconv.Itoa(p.WarrantyMonths)
}
