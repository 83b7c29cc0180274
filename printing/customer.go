package printing

import (
	"strconv"
	"strings"
	"time"

	"aftercare/models"
)

// CustomerSheet is everything a customer record prints.
type CustomerSheet struct {
	Shop
	// Number is the document number at the top right; empty uses the
	// start of the customer's ID.
	Number    string
	Customer  models.Customer
	Purchases []models.Purchase // nil: Customer.Purchases
	Now       time.Time         // print time and the day warranties are judged on; zero: now
	T         Translator
}

// CustomerRecord prints a customer record ("客户档案"): the customer's name,
// phones, addresses and notes, then a table of purchases with each one's
// warranty state and expiry on the day of s.Now. It is one page for most
// customers and continues on further pages as needed.
func CustomerRecord(s CustomerSheet) ([]byte, error) {
	now := s.Now
	if now.IsZero() {
		now = time.Now()
	}
	t := s.T
	c := s.Customer
	d := New(s.Shop)
	d.SetTranslator(t)
	d.SetPrinted(now)
	number := s.Number
	if number == "" && c.ID != "" {
		id := strings.ToUpper(strings.ReplaceAll(c.ID, "-", ""))
		number = "C-" + id[:min(8, len(id))]
	}
	d.SetTitle(t.get("print.customer.title", "Customer record"), number)

	d.Heading(t.get("print.customer.section", "Customer"))
	d.Field(t.get("print.customer.name", "Name"), c.Name)
	var phones []string
	for _, p := range c.Phones {
		line := models.FormatPhone(p.Number)
		if l := strings.TrimSpace(p.Label); l != "" {
			line += " (" + l + ")"
		}
		phones = append(phones, line)
	}
	d.Field(t.get("print.customer.phones", "Phone"), strings.Join(phones, "\n"))
	var addrs []string
	for i, a := range c.Addresses {
		line := a.Text
		if len(c.Addresses) > 1 {
			line = strconv.Itoa(i+1) + ". " + line
		}
		if l := strings.TrimSpace(a.Label); l != "" {
			line += " (" + l + ")"
		}
		addrs = append(addrs, line)
	}
	d.Field(t.get("print.customer.addresses", "Address"), strings.Join(addrs, "\n"))
	if !c.CreatedAt.IsZero() {
		d.Field(t.get("print.customer.since", "Customer since"), models.FormatDate(c.CreatedAt.In(now.Location())))
	}
	d.Field(t.get("print.customer.notes", "Notes"), c.Notes)

	purchases := s.Purchases
	if purchases == nil {
		purchases = c.Purchases
	}
	d.Heading(t.get("print.customer.purchases", "Purchases") + " (" + strconv.Itoa(len(purchases)) + ")")
	if len(purchases) == 0 {
		d.Note(t.get("print.customer.no_purchases", "No purchases recorded."))
		return d.Bytes()
	}
	cols := purchaseColumns(t)
	rows := make([][]string, len(purchases))
	for i, p := range purchases {
		w := models.WarrantyOn(p.PurchaseDate, p.WarrantyMonths, now)
		rows[i] = []string{
			strconv.Itoa(i + 1),
			p.Product,
			p.Brand,
			p.Model,
			p.Serial,
			models.FormatDate(p.PurchaseDate),
			p.InvoiceNo,
			strconv.Itoa(p.WarrantyMonths),
			warrantyText(t, w.State),
			expiryText(w),
		}
	}
	d.Table(cols, rows)
	return d.Bytes()
}

// warrantyText is the printed name of a warranty state.
func warrantyText(t Translator, s models.WarrantyState) string {
	switch s {
	case models.WarrantyIn:
		return t.get("print.warranty.in", "Covered")
	case models.WarrantyExpiring:
		return t.get("print.warranty.expiring", "Expiring")
	case models.WarrantyExpired:
		return t.get("print.warranty.expired", "Expired")
	default:
		return t.get("print.warranty.none", "None")
	}
}

// expiryText is the last covered day, or a dash when there is no warranty.
func expiryText(w models.Warranty) string {
	if w.State == models.WarrantyNone {
		return "—"
	}
	return models.FormatDate(w.Expiry)
}

// purchaseColumns are the columns of the purchase table, widths in mm.
func purchaseColumns(t Translator) []Column {
	return []Column{
		{Title: t.get("print.purchase.index", "#"), Width: 9.5, Align: "C"},
		{Title: t.get("print.purchase.product", "Product"), Width: 25.5},
		{Title: t.get("print.purchase.brand", "Brand"), Width: 16},
		{Title: t.get("print.purchase.model", "Model"), Width: 23},
		{Title: t.get("print.purchase.serial", "Serial / batch"), Width: 21},
		{Title: t.get("print.purchase.date", "Purchased"), Width: 18.5, Align: "C"},
		{Title: t.get("print.purchase.invoice", "Invoice no."), Width: 18},
		{Title: t.get("print.purchase.warranty_months", "Months"), Width: 14, Align: "C"},
		{Title: t.get("print.purchase.warranty", "Warranty"), Width: 16, Align: "C"},
		{Title: t.get("print.purchase.expiry", "Covered until"), Width: 18.5, Align: "C"},
	}
}
