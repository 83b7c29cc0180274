package printing

import (
	"strconv"
	"strings"
	"time"

	"aftercare/models"
)

// Replacement-part documents (seed 001): the request form (补件制做申请单)
// of one part request, and the summary sheet (补件汇总表) planning approves,
// grouped by category so hardware and panels can go to production on
// separate sheets.

// PartRequest is everything the request form prints, as plain data:
// labels already translated, dates civil.
type PartRequest struct {
	Shop
	Number   string // also encoded in the QR code
	Status   string // translated
	Customer string
	Phones   []string
	Address  string

	OrderDate  time.Time // 下单日期; zero: not given
	Product    string
	PartName   string
	Category   string // translated name
	LeadRange  string // "10–12", days
	Colour     string
	Qty        int
	Batch      string
	Inspection string
	Reason     string
	Notes      string
	Urgent     bool
	Chargeable bool
	Price      models.Money // the charged total; 0 when free
	Paid       models.Money
	Expected   time.Time // zero: not known yet
	From       string    // number of the ticket it comes from
	Requested  time.Time // when the request was made, in the shop's zone

	Unpacks []PartUnpack

	Printed time.Time // zero: now
	T       Translator
}

// PartUnpack is an urgent unpacking of a stock package for the request.
type PartUnpack struct {
	PackageNo  string
	ApprovedBy string
	ApprovedAt time.Time
	RefillDue  time.Time
	RefilledAt time.Time // zero: not refilled yet
}

// PartRequestForm lays out the request form of one part request.
func PartRequestForm(r PartRequest) ([]byte, error) {
	t := r.T
	sd, err := newSlipDoc(&Slip{Shop: r.Shop, Number: r.Number, Printed: r.Printed, T: t},
		t.get("print.part.title", "Replacement part request"))
	if err != nil {
		return nil, err
	}
	if r.Urgent {
		sd.subtitle = t.get("print.part.urgent", "URGENT")
	}
	sd.AddPage()
	yes, no := t.get("print.part.yes", "Yes"), t.get("print.part.no", "No")
	yn := func(b bool) string {
		if b {
			return yes
		}
		return no
	}
	date := func(d time.Time) string {
		if d.IsZero() {
			return ""
		}
		return models.FormatDate(d)
	}
	sd.Heading(t.get("print.part.customer", "Customer"))
	sd.grid(
		row(pair{t.get("print.part.customer_name", "Customer"), r.Customer},
			pair{t.get("print.part.phone", "Phone"), strings.Join(r.Phones, ", ")}),
		row(pair{t.get("print.part.address", "Address"), r.Address}),
		row(pair{t.get("print.part.order_date", "Order date"), date(r.OrderDate)},
			pair{t.get("print.part.requested", "Requested"), formatTime(r.Requested)}),
	)
	sd.Heading(t.get("print.part.part", "Part"))
	expected := date(r.Expected)
	if expected != "" && r.LeadRange != "" {
		expected += " " + strings.ReplaceAll(t.get("print.part.lead", "(lead time {{.Days}} days)"), "{{.Days}}", r.LeadRange)
	}
	sd.grid(
		row(pair{t.get("print.part.product", "Product"), r.Product}),
		row(pair{t.get("print.part.part_name", "Panel / part"), r.PartName},
			pair{t.get("print.part.category", "Category"), r.Category}),
		row(pair{t.get("print.part.colour", "Colour"), r.Colour},
			pair{t.get("print.part.qty", "Quantity"), strconv.Itoa(r.Qty)}),
		row(pair{t.get("print.part.batch", "Batch no. (package)"), r.Batch},
			pair{t.get("print.part.inspection", "Inspection no. (product)"), r.Inspection}),
		row(pair{t.get("print.part.expected", "Expected"), expected},
			pair{t.get("print.part.urgent_label", "Urgent"), yn(r.Urgent)}),
		row(pair{t.get("print.part.reason", "Reason"), r.Reason}),
		row(pair{t.get("print.part.notes", "Notes"), r.Notes}),
	)
	charge := no
	if r.Chargeable {
		charge = yes + " · " + sd.money(r.Price) + " · " + t.get("print.part.paid", "paid") + " " + sd.money(r.Paid)
	}
	sd.grid(
		row(pair{t.get("print.part.chargeable", "Chargeable"), charge},
			pair{t.get("print.part.status", "Status"), r.Status}),
		row(pair{t.get("print.part.from", "From ticket"), r.From}),
	)
	if r.Chargeable {
		sd.Note(t.get("print.part.pay_first", "Chargeable part: the customer pays before it ships."))
	}
	if len(r.Unpacks) > 0 {
		sd.Heading(t.get("print.part.unpacks", "Urgent unpacking"))
		cols := []Column{
			{Title: t.get("print.part.package", "Package no."), Width: 40},
			{Title: t.get("print.part.approved_by", "Approved by (marketing manager)"), Width: 50},
			{Title: t.get("print.part.refill_due", "Refill by"), Width: 30, Align: "C"},
			{Title: t.get("print.part.refilled", "Refilled"), Width: 30, Align: "C"},
		}
		var rows [][]string
		for _, u := range r.Unpacks {
			refilled := ""
			if !u.RefilledAt.IsZero() {
				refilled = formatTime(u.RefilledAt)
			}
			rows = append(rows, []string{u.PackageNo, joinNonEmpty(" · ", u.ApprovedBy, formatTime(u.ApprovedAt)), date(u.RefillDue), refilled})
		}
		sd.Table(cols, rows)
	}
	sd.signatureBlock(signatureSpec{
		boxes: []sigBox{
			{label: t.get("print.part.sign_requester", "Requested by"), width: 60},
			{label: t.get("print.part.sign_approver", "Approved by (planning)"), width: 60},
			{label: t.get("print.slip.date", "Date"), width: 40},
		},
		height: sigBoxH,
	})
	return sd.Bytes()
}

// PartSummaryLine is one request on the summary sheet.
type PartSummaryLine struct {
	Number, Customer, Product, PartName, Colour string
	Qty                                         int
	Batch, Inspection                           string
	Urgent                                      bool
	Expected                                    time.Time // zero: not known
	Status                                      string    // translated
}

// PartSummaryGroup is one category of the summary sheet.
type PartSummaryGroup struct {
	Category string // translated name
	Lines    []PartSummaryLine
}

// PartSummary is the summary sheet for a date range.
type PartSummary struct {
	Shop
	From, To time.Time // civil dates
	Groups   []PartSummaryGroup
	Printed  time.Time
	T        Translator
}

// PartSummarySheet lays out the summary sheet: a table per category with
// its count, then the counts of all categories.
func PartSummarySheet(s PartSummary) ([]byte, error) {
	t := s.T
	sd, err := newSlipDoc(&Slip{Shop: s.Shop, Printed: s.Printed, T: t}, t.get("print.part.summary_title", "Replacement part summary"))
	if err != nil {
		return nil, err
	}
	sd.subtitle = models.FormatDate(s.From) + " – " + models.FormatDate(s.To)
	sd.AddPage()
	total := 0
	for _, g := range s.Groups {
		total += len(g.Lines)
	}
	count := func(n int) string {
		return strings.ReplaceAll(t.get("print.part.count", "{{.Count}} request(s)"), "{{.Count}}", strconv.Itoa(n))
	}
	if total == 0 {
		sd.Note(t.get("print.part.none", "No replacement part requests in this period."))
	}
	yes := t.get("print.part.urgent_mark", "Urgent")
	cols := []Column{
		{Title: t.get("print.part.col_number", "No."), Width: 26},
		{Title: t.get("print.part.col_customer", "Customer"), Width: 14},
		{Title: t.get("print.part.col_product", "Product"), Width: 19},
		{Title: t.get("print.part.col_part", "Part"), Width: 18},
		{Title: t.get("print.part.col_colour", "Colour"), Width: 11},
		{Title: t.get("print.part.col_qty", "Qty"), Width: 7, Align: "C"},
		{Title: t.get("print.part.col_batch", "Batch"), Width: 18},
		{Title: t.get("print.part.col_inspection", "Inspection"), Width: 17},
		{Title: t.get("print.part.col_urgent", "Urgent"), Width: 8, Align: "C"},
		{Title: t.get("print.part.col_expected", "Expected"), Width: 21, Align: "C"},
		{Title: t.get("print.part.col_status", "Status"), Width: 14},
	}
	for _, g := range s.Groups {
		if len(g.Lines) == 0 {
			continue
		}
		sd.HeadingAside(g.Category, count(len(g.Lines)))
		var rows [][]string
		for _, l := range g.Lines {
			u, exp := "", ""
			if l.Urgent {
				u = yes
			}
			if !l.Expected.IsZero() {
				exp = models.FormatDate(l.Expected)
			}
			rows = append(rows, []string{l.Number, l.Customer, l.Product, l.PartName, l.Colour, strconv.Itoa(l.Qty),
				l.Batch, l.Inspection, u, exp, l.Status})
		}
		sd.Table(cols, rows)
	}
	if total > 0 {
		sd.Heading(t.get("print.part.totals", "Counts by category"))
		var rows [][]string
		for _, g := range s.Groups {
			if len(g.Lines) > 0 {
				rows = append(rows, []string{g.Category, strconv.Itoa(len(g.Lines))})
			}
		}
		rows = append(rows, []string{t.get("print.part.total", "Total"), strconv.Itoa(total)})
		sd.Table([]Column{{Title: t.get("print.part.category", "Category"), Width: 120}, {Title: t.get("print.part.col_qty_requests", "Requests"), Width: 60, Align: "R"}}, rows)
	}
	sd.signatureBlock(signatureSpec{
		boxes: []sigBox{
			{label: t.get("print.part.sign_compiled", "Compiled by (after-sales)"), width: 60},
			{label: t.get("print.part.sign_planning", "Approved by (planning manager)"), width: 60},
			{label: t.get("print.slip.date", "Date"), width: 40},
		},
		height: sigBoxH,
	})
	return sd.Bytes()
}
