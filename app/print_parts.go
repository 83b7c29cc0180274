package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"aftercare/models"
	"aftercare/printing"
)

// PartRequestPDF lays out the request form (补件申请单) of a part request.
// t translates the printed labels (nil: English).
func (a *App) PartRequestPDF(ticketID string, t printing.Translator) ([]byte, *TicketDetail, error) {
	d, err := a.Ticket(ticketID)
	if err != nil {
		return nil, nil, err
	}
	tk := &d.Ticket
	if tk.Kind != models.KindPart {
		return nil, d, models.NewFieldError("slip", "err.part.not_part", "Only a replacement part request has a request form.", nil)
	}
	shop, err := a.Shop()
	if err != nil {
		return nil, d, err
	}
	t = slipTranslator(t)
	loc := a.loc()
	r := printing.PartRequest{
		Shop:     printing.Shop{Name: shop.Name, Address: shop.Address, Hotline: shop.Hotline},
		Number:   tk.Number,
		Status:   t("status."+string(tk.Status), string(tk.Status)),
		Customer: d.Customer.Name, Address: firstNonEmpty(tk.Address, d.Customer.MainAddress()),
		Product: tk.Product, PartName: tk.PartName, Colour: tk.PartColour, Qty: tk.PartQty,
		Batch: tk.PartBatch, Inspection: tk.PartInspection, Reason: tk.Symptom, Notes: tk.Request,
		Urgent: tk.Priority == models.PriorityUrgent, Chargeable: tk.PartChargeable,
		Price: d.Quote.Total, Paid: d.Paid, Requested: tk.ReportedAt.In(loc),
		Printed: a.clock().In(loc), T: t,
	}
	if d.Purchase != nil && r.Product == "" {
		r.Product = strings.TrimSpace(strings.Join([]string{d.Purchase.Brand, d.Purchase.Product, d.Purchase.Model}, " "))
	}
	for _, p := range d.Customer.Phones {
		r.Phones = append(r.Phones, models.FormatPhone(p.Number))
	}
	if tk.OrderDate != nil {
		r.OrderDate = *tk.OrderDate
	}
	if tk.PartExpected != nil {
		r.Expected = *tk.PartExpected
	}
	if cat, ok := models.FindPartCategory(a.PartCategories(), tk.PartCategory); ok {
		r.Category, r.LeadRange = partCategoryName(cat, t), cat.LeadRange()
	} else {
		r.Category = tk.PartCategory
	}
	if d.From != nil {
		r.From = d.From.Number
	}
	unpacks, err := a.Unpacks(tk.ID)
	if err != nil {
		return nil, d, err
	}
	for _, u := range unpacks {
		pu := printing.PartUnpack{PackageNo: u.PackageNo, ApprovedBy: u.ApprovedBy, ApprovedAt: u.ApprovedAt.In(loc), RefillDue: u.RefillDue}
		if u.RefilledAt != nil {
			pu.RefilledAt = u.RefilledAt.In(loc)
		}
		r.Unpacks = append(r.Unpacks, pu)
	}
	data, err := printing.PartRequestForm(r)
	if err != nil {
		return nil, d, fmt.Errorf("print part request %s: %w", tk.Number, err)
	}
	return data, d, nil
}

// partCategoryName is a category's name in the reader's language: the
// Chinese name unless the translator is English.
func partCategoryName(c models.PartCategory, t printing.Translator) string {
	if t != nil && t("print.part.name_lang", "en") == "zh" { // "zh" in zh_Hans.json
		return c.NameZH
	}
	return c.NameEN
}

// PartSummaryPDF lays out the summary sheet (补件汇总表) of the part
// requests made from from to to (shop calendar days, inclusive), grouped
// by category in catalogue order; requests of a category no longer in
// the catalogue come last under their code.
func (a *App) PartSummaryPDF(from, to time.Time, t printing.Translator) ([]byte, error) {
	if from.IsZero() || to.IsZero() || models.CivilDate(to).Before(models.CivilDate(from)) {
		return nil, models.NewFieldError("to", "err.part.range", "Choose the first and last day of the period; the last is not before the first.", nil)
	}
	rows, err := a.PartRequests(context.Background(), PartFilter{From: from, To: to})
	if err != nil {
		return nil, err
	}
	shop, err := a.Shop()
	if err != nil {
		return nil, err
	}
	t = slipTranslator(t)
	s := printing.PartSummary{Shop: printing.Shop{Name: shop.Name, Address: shop.Address, Hotline: shop.Hotline},
		From: models.CivilDate(from), To: models.CivilDate(to), Printed: a.clock().In(a.loc()), T: t}
	index := map[string]int{}
	for _, c := range a.PartCategories() {
		index[c.Key] = len(s.Groups)
		s.Groups = append(s.Groups, printing.PartSummaryGroup{Category: partCategoryName(c, t) + " (" + c.LeadRange() + ")"})
	}
	// Oldest first within a category, as the sheet is worked down.
	for i := len(rows) - 1; i >= 0; i-- {
		r := rows[i]
		gi, ok := index[r.Category]
		if !ok {
			name := r.Category
			if name == "" {
				name = t("print.part.no_category", "No category")
			}
			gi = len(s.Groups)
			index[r.Category] = gi
			s.Groups = append(s.Groups, printing.PartSummaryGroup{Category: name})
		}
		l := printing.PartSummaryLine{Number: r.Number, Customer: r.Customer, Product: r.Product, PartName: r.PartName,
			Colour: r.Colour, Qty: r.Qty, Batch: r.Batch, Inspection: r.Inspection, Urgent: r.Urgent,
			Status: t("status."+string(r.Status), string(r.Status))}
		if r.Expected != nil {
			l.Expected = *r.Expected
		}
		s.Groups[gi].Lines = append(s.Groups[gi].Lines, l)
	}
	data, err := printing.PartSummarySheet(s)
	if err != nil {
		return nil, fmt.Errorf("print part summary: %w", err)
	}
	return data, nil
}

// PrintPartRequest writes a part request's form into SlipsDir as
// <number>-part.pdf and returns its path.
func (a *App) PrintPartRequest(ticketID string, t printing.Translator) (string, error) {
	data, d, err := a.PartRequestPDF(ticketID, t)
	if err != nil {
		return "", err
	}
	return a.writePrint(a.SlipsDir(), safeFileName(d.Ticket.Number)+"-part.pdf", data)
}

// PrintPartSummary writes the summary sheet into PrintsDir and returns
// its path.
func (a *App) PrintPartSummary(from, to time.Time, t printing.Translator) (string, error) {
	data, err := a.PartSummaryPDF(from, to, t)
	if err != nil {
		return "", err
	}
	name := fmt.Sprintf("BJ-summary-%s-%s.pdf", from.Format("20060102"), to.Format("20060102"))
	return a.writePrint(a.PrintsDir(), name, data)
}

func (a *App) writePrint(dir, name string, data []byte) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("print: create %s: %w", dir, err)
	}
	path := filepath.Join(dir, name)
	if err := writeFileAtomic(path, data); err != nil {
		os.Remove(path + ".part")
		return "", fmt.Errorf("print: %w", err)
	}
	return path, nil
}
