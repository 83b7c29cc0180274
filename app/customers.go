package app

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

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
//
// It must answer in milliseconds on 100 000 customers (docs/performance.md),
// so it never ranks every match: the first tiers come from index range
// scans (name, pinyin and initials prefix; the last four digits of a phone
// through idx_phones_tail), and "the rest" walks idx_customers_recent newest
// first and stops as soon as the page is full. Only a query with fewer
// matches than the page needs reads the whole index, except a complete
// phone number: it finds the customers with that number or an extension of
// it, not one whose address happens to contain the same eleven digits.
// Summaries (with their main phone and address) are then loaded for the
// page only.
func (a *App) SearchCustomers(ctx context.Context, query string, opt SearchOptions) ([]CustomerSummary, error) {
	if opt.Limit <= 0 {
		opt.Limit = 50
	}
	if opt.Limit > 500 {
		opt.Limit = 500
	}
	opt.Offset = max(opt.Offset, 0)
	q := models.ParseSearch(query)
	needle := q.Text
	if q.Digits != "" {
		needle = q.Digits
	}
	db := a.db.WithContext(ctx)
	customers := func() *gorm.DB {
		tx := db.Model(&models.Customer{})
		if !opt.IncludeArchived {
			// Written so that no index serves it: nearly every customer is
			// active, but without statistics SQLite takes "archived_at IS
			// NULL" for a selective index lookup and reads every row.
			tx = tx.Where("(CASE WHEN customers.archived_at IS NULL THEN 1 ELSE 0 END) = 1")
		}
		return tx
	}
	fail := func(err error) ([]CustomerSummary, error) {
		return nil, fmt.Errorf("customers: search %q: %w", query, err)
	}
	want := opt.Offset + opt.Limit
	var ids []string
	seen := map[string]bool{}
	add := func(list []string) {
		for _, id := range list {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	if needle == "" {
		if err := customers().Order("customers.updated_at DESC").Limit(want).Pluck("customers.id", &ids).Error; err != nil {
			return fail(err)
		}
	} else {
		need := func() int { return want - len(ids) }
		// The exact name first.
		var list []string
		if err := customers().Where("customers.name = ?", needle).Order("customers.updated_at DESC").
			Limit(want).Pluck("customers.id", &list).Error; err != nil {
			return fail(err)
		}
		add(list)
		// Then a prefix of name, pinyin or initials.
		if need() > 0 {
			list = nil
			prefix := func(t string) string {
				return fmt.Sprintf("(%[1]s.name >= @lo AND %[1]s.name < @hi OR %[1]s.name_pinyin >= @lo AND %[1]s.name_pinyin < @hi OR %[1]s.name_initials >= @lo AND %[1]s.name_initials < @hi)", t)
			}
			// Range bounds rather than LIKE 'x%', which uses no index
			// under SQLite's default LIKE and is not portable.
			bounds := map[string]any{"lo": needle, "hi": needle + "\U0010FFFF"}
			if utf8.RuneCountInString(needle) < 3 {
				// A short prefix ("z", "张", "zh") can match a large
				// share of all customers, too many to sort: look among
				// the newest first and keep them if they fill the page.
				recent := customers().Select("customers.id, customers.name, customers.name_pinyin, customers.name_initials, customers.updated_at").
					Order("customers.updated_at DESC").Limit(shortPrefixProbe)
				if err := db.Table("(?) AS recent", recent).Where(prefix("recent"), bounds).Where(notIn("recent.id", ids)).
					Order("recent.updated_at DESC").Limit(need()).Pluck("recent.id", &list).Error; err != nil {
					return fail(err)
				}
				if len(list) < need() {
					list = nil
				}
			}
			if list == nil {
				// Three index range scans (SQLite: MULTI-INDEX OR).
				if err := customers().Where(prefix("customers"), bounds).Where(notIn("customers.id", ids)).
					Order("customers.updated_at DESC").Limit(need()).Pluck("customers.id", &list).Error; err != nil {
					return fail(err)
				}
			}
			add(list)
		}
		// Then a phone ending with the digits (one digit is too short to rank).
		if need() > 0 && len(q.Digits) >= 2 {
			tx := customers().Joins("JOIN phones ON phones.customer_id = customers.id").
				Where(phoneTailExpr+" IN ?", phoneTails(q.Digits)).Where(notIn("customers.id", ids))
			if len(q.Digits) > 4 {
				tx = tx.Where("replace(number, '-', '') LIKE ?", "%"+q.Digits)
			}
			var found []struct{ ID string }
			if err := tx.Select("DISTINCT customers.id, customers.updated_at").Order("customers.updated_at DESC").
				Limit(need()).Scan(&found).Error; err != nil {
				return fail(err)
			}
			for _, f := range found {
				add([]string{f.ID})
			}
		}
		// Then everything else that contains the text. A complete phone
		// number (the caller's number: the most frequent search) is looked
		// up by number; the only other customers containing it are that
		// line's extensions. Anything else is scanned for, newest first,
		// stopping when the page is full. search_text is lower case, so
		// LIKE finds what instr would; LIKE is about twice as fast for
		// ASCII text, instr faster for Chinese (docs/performance.md).
		if num, _, err := models.NormalizePhone(q.Digits); need() > 0 && err == nil && num == q.Digits {
			list = nil
			if err := customers().Where("customers.id IN (?)", db.Model(&models.Phone{}).Select("customer_id").
				Where("number > ? AND number < ?", num+"-", num+".")).Where(notIn("customers.id", ids)).
				Order("customers.updated_at DESC").Limit(need()).Pluck("customers.id", &list).Error; err != nil {
				return fail(err)
			}
			add(list)
		} else if need() > 0 {
			list = nil
			contains := gorm.Expr("instr(customers.search_text, ?) > 0", needle)
			if isASCII(needle) {
				contains = gorm.Expr("customers.search_text LIKE ? ESCAPE '\\'", "%"+escapeLike(needle)+"%")
			}
			if err := customers().Where(contains).Where(notIn("customers.id", ids)).
				Order("customers.updated_at DESC").Limit(need()).Pluck("customers.id", &list).Error; err != nil {
				return fail(err)
			}
			add(list)
		}
	}
	if opt.Offset >= len(ids) {
		return nil, nil
	}
	ids = ids[opt.Offset:min(want, len(ids))]
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

// shortPrefixProbe is how many of the newest customers a short prefix is
// first looked for among (see SearchCustomers).
const shortPrefixProbe = 1000

// notIn excludes the customers already found (a no-op for none).
func notIn(column string, ids []string) clause.Expr {
	if len(ids) == 0 {
		return gorm.Expr("1 = 1")
	}
	return gorm.Expr(column+" NOT IN ?", ids)
}

// phoneTailExpr is the last four digits of a phone number; idx_phones_tail
// indexes exactly this expression (SQLite uses an expression index only
// for an identical expression), so "ends with 8000" is an index lookup.
const phoneTailExpr = "substr(replace(number, '-', ''), length(replace(number, '-', '')) - 3, 4)"

// phoneTails lists the values of phoneTailExpr that a number ending with
// digits can have: the last four digits, or every 4-digit completion of a
// shorter ending (10 for three digits, 100 for two).
func phoneTails(digits string) []string {
	if len(digits) >= 4 {
		return []string{digits[len(digits)-4:]}
	}
	out := []string{""}
	for range 4 - len(digits) {
		next := make([]string, 0, len(out)*10)
		for _, p := range out {
			for d := '0'; d <= '9'; d++ {
				next = append(next, p+string(d))
			}
		}
		out = next
	}
	for i := range out {
		out[i] += digits
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// escapeLike makes text match literally inside a LIKE pattern with ESCAPE '\'.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// CountCustomers counts the matches of a search (for "N customers").
func (a *App) CountCustomers(ctx context.Context, query string, includeArchived bool) (int64, error) {
	q := models.ParseSearch(query)
	tx := a.db.WithContext(ctx).Model(&models.Customer{})
	if !includeArchived {
		tx = tx.Where("archived_at IS NULL")
	}
	needle := q.Text
	if q.Digits != "" {
		needle = q.Digits
	}
	if needle != "" {
		tx = tx.Where("instr(search_text, ?) > 0", needle)
	}
	var n int64
	if err := tx.Count(&n).Error; err != nil {
		return 0, fmt.Errorf("customers: count: %w", err)
	}
	return n, nil
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
	return &c, nil
}

// UpdateCustomer validates and saves changes to a customer; phones and
// addresses are replaced by the form's list. The change is in the history.
func (a *App) UpdateCustomer(id string, in models.CustomerInput, opt CreateOptions) (*models.Customer, error) {
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
	return a.Customer(id)
}

// ArchiveCustomer hides a customer from searches without deleting anything:
// their purchases and history stay, and RestoreCustomer brings them back.
func (a *App) ArchiveCustomer(id string) error {
	return a.setArchived("customer", &models.Customer{}, id, true)
}

// RestoreCustomer undoes ArchiveCustomer.
func (a *App) RestoreCustomer(id string) error {
	return a.setArchived("customer", &models.Customer{}, id, false)
}

func (a *App) setArchived(entity string, model any, id string, archive bool) error {
	return a.db.Transaction(func(tx *gorm.DB) error {
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
	return &p, nil
}

// UpdatePurchase validates and saves changes to a purchase.
func (a *App) UpdatePurchase(id string, in models.PurchaseInput) (*models.Purchase, error) {
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
	return a.setArchived("purchase", &models.Purchase{}, id, true)
}

// RestorePurchase undoes ArchivePurchase.
func (a *App) RestorePurchase(id string) error {
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
