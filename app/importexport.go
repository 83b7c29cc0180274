package app

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"aftercare/models"
)

// ImportRowStatus is what an import will do with one row of the file.
type ImportRowStatus string

// Row statuses of an import preview.
const (
	ImportNew       ImportRowStatus = "new"       // valid, will be imported
	ImportDuplicate ImportRowStatus = "duplicate" // a phone is already known; skipped
	ImportError     ImportRowStatus = "error"     // invalid; skipped
)

// ImportRow is one data row of an import file as the preview shows it.
// For new and duplicate rows the fields are normalised (Phones canonical);
// for error rows they are as written in the file, so the person can see
// what to fix.
type ImportRow struct {
	Line       int // line of the file where the row starts (the header is line 1)
	Name       string
	Phones     []string // canonical numbers (as written for error rows)
	Address    string   // the main address
	Notes      string
	Status     ImportRowStatus
	Problem    error  // why a row is a duplicate (*models.FieldError) or invalid (models.ValidationErrors)
	ExistingID string // for a duplicate of a saved customer: that customer

	// otherAddresses come from the 其他地址 column; they are saved with the
	// customer but not part of the preview.
	otherAddresses []string
}

// ImportPreview is the checked content of an import file, to show before
// anything is saved.
type ImportPreview struct {
	Rows       []ImportRow
	New        int // rows that CommitImport will save
	Duplicates int
	Errors     int
}

// lookupBatch is how many numbers one duplicate lookup asks for, well below
// every database's limit of bound parameters.
const lookupBatch = 500

// importBatch is the number of rows per INSERT statement of an import.
const importBatch = 500

// exportHeader is the first row of an export file. It is a file format, not
// screen text, so it is not translated: PreviewImport reads it back (姓名,
// 手机 and 其他电话 as phones, 地址, 其他地址 one per line, 备注; 创建时间
// is ignored).
var exportHeader = []string{"姓名", "手机", "其他电话", "地址", "其他地址", "备注", "创建时间"}

// PreviewImport reads a customer file (CSV from Excel in GB18030, UTF-8 with
// or without BOM, or UTF-16; see models.DecodeCustomerCSV) and checks every
// row without saving anything: invalid rows carry their validation errors,
// rows with a phone that already belongs to a saved customer or to an
// earlier row of the file are duplicates. A file that cannot be read at all
// returns an error that carries a translation key (models.AsFieldErrors).
func (a *App) PreviewImport(data []byte) (*ImportPreview, error) {
	recs, err := models.DecodeCustomerCSV(data)
	if err != nil {
		return nil, fmt.Errorf("import: read file: %w", err)
	}
	p := &ImportPreview{Rows: make([]ImportRow, len(recs))}
	var numbers []string
	for i, rec := range recs {
		row := ImportRow{
			Line: rec.Line, Name: unescapeCell(rec.Name), Phones: rec.Phones,
			Address: unescapeCell(rec.Address), Notes: unescapeCell(rec.Notes),
		}
		for _, o := range rec.OtherAddresses {
			row.otherAddresses = append(row.otherAddresses, unescapeCell(o))
		}
		var c models.Customer
		if err := row.input().Normalize(&c); err != nil {
			row.Status, row.Problem = ImportError, err
		} else {
			row.Status = ImportNew
			row.Name, row.Notes, row.Address, row.otherAddresses = c.Name, c.Notes, "", nil
			row.Phones = make([]string, len(c.Phones))
			for j, ph := range c.Phones {
				row.Phones[j] = ph.Number
			}
			for j, ad := range c.Addresses {
				if j == 0 {
					row.Address = ad.Text
				} else {
					row.otherAddresses = append(row.otherAddresses, ad.Text)
				}
			}
			numbers = append(numbers, row.Phones...)
		}
		p.Rows[i] = row
	}
	owners, err := lookupOwners(a.db, numbers)
	if err != nil {
		return nil, err
	}
	markDuplicates(p.Rows, owners)
	p.count()
	return p, nil
}

// CommitImport saves every new row of a preview in one transaction (all or
// nothing), with one "import" audit entry per customer. Numbers are checked
// again inside the transaction, since someone may have saved one of them
// since the preview: such rows become duplicates in p and are skipped, so
// committing the same preview twice imports nothing the second time. It
// returns how many customers were saved.
func (a *App) CommitImport(p *ImportPreview) (imported int, err error) {
	if err := a.require(models.PermCustomers); err != nil {
		return 0, err
	}
	if p == nil {
		return 0, fmt.Errorf("import: no preview")
	}
	rows := make([]ImportRow, len(p.Rows))
	copy(rows, p.Rows)
	var numbers []string
	for _, r := range rows {
		if r.Status == ImportNew {
			numbers = append(numbers, r.Phones...)
		}
	}
	if len(numbers) == 0 {
		return 0, nil
	}
	now := a.clock().UTC()
	err = a.db.Transaction(func(tx *gorm.DB) error {
		owners, err := lookupOwners(tx, numbers)
		if err != nil {
			return err
		}
		markDuplicates(rows, owners)
		var cs []models.Customer
		var phones []models.Phone
		var addrs []models.Address
		for _, r := range rows {
			if r.Status != ImportNew {
				continue
			}
			var c models.Customer
			if err := r.input().Normalize(&c); err != nil {
				return fmt.Errorf("import: line %d: %w", r.Line, err)
			}
			c.ID, c.CreatedAt, c.UpdatedAt = uuid.NewString(), now, now
			for i := range c.Phones {
				c.Phones[i].ID, c.Phones[i].CustomerID = uuid.NewString(), c.ID
			}
			for i := range c.Addresses {
				c.Addresses[i].ID, c.Addresses[i].CustomerID = uuid.NewString(), c.ID
			}
			phones = append(phones, c.Phones...)
			addrs = append(addrs, c.Addresses...)
			cs = append(cs, c)
		}
		if len(cs) == 0 {
			return nil
		}
		plain := tx.Omit(clause.Associations)
		if err := plain.CreateInBatches(&cs, importBatch).Error; err != nil {
			return fmt.Errorf("import: save customers: %w", err)
		}
		if err := plain.CreateInBatches(&phones, importBatch).Error; err != nil {
			return fmt.Errorf("import: save phones: %w", err)
		}
		if len(addrs) > 0 {
			if err := plain.CreateInBatches(&addrs, importBatch).Error; err != nil {
				return fmt.Errorf("import: save addresses: %w", err)
			}
		}
		empty := &models.Customer{}
		for i := range cs {
			if err := a.audit(tx, "customer", cs[i].ID, "import", customerFields(empty, &cs[i])); err != nil {
				return fmt.Errorf("import: %w", err)
			}
		}
		imported = len(cs)
		return nil
	})
	if err != nil {
		return 0, err
	}
	a.search.refresh() // new customers only: found by the data_version check
	p.Rows = rows
	p.count()
	return imported, nil
}

// ExportCustomers writes every customer (archived ones too when asked) as a
// CSV file that Excel opens correctly (UTF-8 with a byte order mark, CRLF
// line ends) and PreviewImport reads back. Columns (fixed, not translated):
// 姓名, 手机 (main number), 其他电话 (further numbers separated by " / "),
// 地址 (main address), 其他地址 (further addresses, one per line), 备注 and
// 创建时间 (local time, YYYY-MM-DD HH:MM). Numbers are formatted for reading
// (138 0013 8000), which also stops Excel from turning them into
// 1.38E+10. Cells that Excel would run as a formula (starting with = + - @)
// get a leading apostrophe, which the import removes. Customers are read in
// batches, so a large database is never loaded at once; the order is the
// internal ID order. It returns the number of customers written.
func (a *App) ExportCustomers(w io.Writer, includeArchived bool) (int, error) {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return 0, fmt.Errorf("export: write: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(exportHeader); err != nil {
		return 0, fmt.Errorf("export: write: %w", err)
	}
	q := a.db.Model(&models.Customer{}).
		Preload("Phones", func(db *gorm.DB) *gorm.DB { return db.Order("position") }).
		Preload("Addresses", func(db *gorm.DB) *gorm.DB { return db.Order("position") })
	if !includeArchived {
		q = q.Where("archived_at IS NULL")
	}
	n := 0
	var batch []models.Customer
	err := q.FindInBatches(&batch, 1000, func(*gorm.DB, int) error {
		for i := range batch {
			if err := cw.Write(exportRecord(&batch[i])); err != nil {
				return err
			}
			n++
		}
		cw.Flush()
		return cw.Error()
	}).Error
	if err != nil {
		return n, fmt.Errorf("export: after %d customers: %w", n, err)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return n, fmt.Errorf("export: write: %w", err)
	}
	return n, nil
}

// exportRecord is one customer's row under exportHeader.
func exportRecord(c *models.Customer) []string {
	var phone, addr string
	var morePhones, moreAddrs []string
	for i, p := range c.Phones {
		if i == 0 {
			phone = models.FormatPhone(p.Number)
		} else {
			morePhones = append(morePhones, models.FormatPhone(p.Number))
		}
	}
	for i, ad := range c.Addresses {
		if i == 0 {
			addr = escapeCell(ad.Text)
		} else {
			moreAddrs = append(moreAddrs, escapeCell(ad.Text))
		}
	}
	return []string{
		escapeCell(c.Name), phone, strings.Join(morePhones, " / "),
		addr, strings.Join(moreAddrs, "\n"), escapeCell(c.Notes),
		c.CreatedAt.In(time.Local).Format("2006-01-02 15:04"),
	}
}

// escapeCell stops a spreadsheet from running a cell as a formula.
func escapeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

// unescapeCell undoes escapeCell.
func unescapeCell(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@", rune(s[1])) {
		return s[1:]
	}
	return s
}

// input turns a row back into form input for validation.
func (r *ImportRow) input() models.CustomerInput {
	in := models.CustomerInput{Name: r.Name, Phones: r.Phones, Notes: r.Notes}
	if r.Address != "" || len(r.otherAddresses) > 0 {
		in.Addresses = append([]string{r.Address}, r.otherAddresses...)
	}
	return in
}

// owner is the saved customer a number belongs to.
type owner struct {
	Number     string
	CustomerID string
	Name       string
}

// lookupOwners finds which numbers already belong to a customer, a batch
// of numbers per query. Where several customers share a number, the active,
// most recently changed one is named.
func lookupOwners(db *gorm.DB, numbers []string) (map[string]owner, error) {
	out := map[string]owner{}
	uniq := make([]string, 0, len(numbers))
	seen := make(map[string]bool, len(numbers))
	for _, n := range numbers {
		if !seen[n] {
			seen[n] = true
			uniq = append(uniq, n)
		}
	}
	for start := 0; start < len(uniq); start += lookupBatch {
		chunk := uniq[start:min(start+lookupBatch, len(uniq))]
		var rows []owner
		err := db.Table("phones").
			Select("phones.number AS number, customers.id AS customer_id, customers.name AS name").
			Joins("JOIN customers ON customers.id = phones.customer_id").
			Where("phones.number IN ?", chunk).
			Order("customers.archived_at IS NOT NULL, customers.updated_at DESC").
			Scan(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("import: look up phones: %w", err)
		}
		for _, r := range rows {
			if _, ok := out[r.Number]; !ok {
				out[r.Number] = r
			}
		}
	}
	return out, nil
}

// markDuplicates turns new rows into duplicates when a number belongs to
// a saved customer or to an earlier new row of the file.
func markDuplicates(rows []ImportRow, owners map[string]owner) {
	firstLine := map[string]int{}
rows:
	for i := range rows {
		r := &rows[i]
		if r.Status != ImportNew {
			continue
		}
		for _, n := range r.Phones {
			if o, ok := owners[n]; ok {
				r.Status, r.ExistingID = ImportDuplicate, o.CustomerID
				r.Problem = models.NewFieldError("phone", "err.import.duplicate_db",
					"The number {{.Phone}} already belongs to {{.Name}}.",
					map[string]any{"Name": o.Name, "Phone": models.FormatPhone(n)})
				continue rows
			}
		}
		for _, n := range r.Phones {
			if line, ok := firstLine[n]; ok {
				r.Status = ImportDuplicate
				r.Problem = models.NewFieldError("phone", "err.import.duplicate_row",
					"The number {{.Phone}} is already on line {{.Line}} of this file.",
					map[string]any{"Line": line, "Phone": models.FormatPhone(n)})
				continue rows
			}
		}
		for _, n := range r.Phones {
			firstLine[n] = r.Line
		}
	}
}

// count recomputes the totals from the rows.
func (p *ImportPreview) count() {
	p.New, p.Duplicates, p.Errors = 0, 0, 0
	for _, r := range p.Rows {
		switch r.Status {
		case ImportNew:
			p.New++
		case ImportDuplicate:
			p.Duplicates++
		case ImportError:
			p.Errors++
		}
	}
}
