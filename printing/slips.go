package printing

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"math"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"

	"aftercare/models"
)

// The slips a customer signs (DOMAIN.md, "Documents the shop prints"):
// the service slip (维修服务单), the pickup voucher of a carry-in repair
// (取机凭证), the shipping note of a mail-in repair (寄修单) and the
// delivery and installation slip (送货安装单, delivery.go). They share
// their parts:
//
//   - newSlipDoc: a Doc whose page header carries the shop, the title, the
//     ticket number and its QR code (drawHeader draws it anywhere, for
//     slips with several copies on a page);
//   - grid / gridRow: bordered label–value blocks, one to three pairs a
//     row, wrapping long values inside their cells; infoStrip and
//     customerBlock (customerRows, productRows) are grids;
//   - itemsTable, totalsRow, paymentsTable, stepsTable: tables whose
//     header row repeats after a page break;
//   - checkbox: an empty or ticked box drawn with lines (the font has no
//     ☐/☑ glyphs); checklistTable draws a whole checklist with them;
//   - signatureBlock: a hint, optional rating boxes and the signature and
//     date boxes at the bottom of the last page, with the captured
//     signature image inside its box.
//
// Every string goes through Sanitize and WrapText; nothing uses MultiCell.

// SlipProduct is the product a ticket is about.
type SlipProduct struct {
	Brand, Product, Model, Serial string
}

// text is the product in one line: brand, product and model.
func (p SlipProduct) text() string {
	return joinNonEmpty(" ", p.Brand, p.Product, p.Model)
}

// SlipItem is one charge line: a call-out fee, labour or a part.
type SlipItem struct {
	Kind      string // translated: 上门费, 工时费, 配件…
	Name      string
	Qty       int
	UnitPrice models.Money
	Charged   bool         // false: free (warranty, goodwill)
	Total     models.Money // what the line charges; 0 when free
}

// SlipPayment is money received.
type SlipPayment struct {
	Method  string // translated: 现金, 微信支付…
	Amount  models.Money
	Receipt string
	At      time.Time
}

// StepKind names a key step of a repair on the slip.
type StepKind string

// The steps a slip's summary can show, in the order a repair meets them.
const (
	StepReported       StepKind = "reported"
	StepVisit          StepKind = "visit" // the booked date and half day
	StepArrived        StepKind = "arrived"
	StepReceived       StepKind = "received" // at the counter
	StepVoucher        StepKind = "voucher"
	StepParcelReceived StepKind = "parcel_received"
	StepAwaitParts     StepKind = "await_parts"
	StepFactorySent    StepKind = "factory_sent"
	StepFactoryBack    StepKind = "factory_back"
	StepEscalated      StepKind = "escalated"
	StepRepaired       StepKind = "repaired"
	StepReady          StepKind = "ready"
	StepCollected      StepKind = "collected"
	StepShippedBack    StepKind = "shipped_back"
	StepSigned         StepKind = "signed"
	StepClosed         StepKind = "closed"
)

// SlipStep is one line of the "what was done" summary.
type SlipStep struct {
	Kind     StepKind
	Label    string    // overrides the printed name of Kind when set
	At       time.Time // in the shop's time zone
	DateOnly bool      // At is a date (a booked visit)
	Note     string    // the half day, the note written with the step…
}

// Parcel is one leg of a mail-in repair.
type Parcel struct {
	Courier  string
	Tracking string
	At       time.Time // received (in) or shipped (out); zero: not yet
	Cost     models.Money
}

// Slip is everything a slip prints, as plain data: labels are
// already translated and times are in the shop's time zone.
type Slip struct {
	Shop
	Number string // ticket number; also encoded in the QR code

	Kind, Mode, Status string // translated labels

	Customer string
	Phones   []string // formatted
	Address  string

	Product        SlipProduct
	Warranty       string    // e.g. 保外（收费）
	WarrantyExpiry time.Time // last covered day of the purchase; zero: unknown

	Symptom, Request string
	Steps            []SlipStep
	Resolution       string // what was done, in words
	Technician       string

	Items                []SlipItem
	Total, Paid, Balance models.Money
	Payments             []SlipPayment
	Notes                string

	// Carry-in.
	VoucherNo    string
	ReceivedAt   time.Time
	ExpectedDate time.Time
	// Mail-in.
	ParcelIn, ParcelOut Parcel
	// Delivery and installation (DeliverySlip).
	Appointment     time.Time // the booked day (a civil date); zero: none
	AppointmentHalf string    // translated: 上午, 下午
	DeliveryItems   []SlipDeliveryItem
	Crew            []SlipCrew // the leader first
	CrewReason      string     // why fewer than two people went
	ChecklistName   string     // translated
	Checklist       []SlipCheck
	ChecklistReason string // why required lines were left unticked

	// Signature is the customer's signature as a PNG (nil: the box stays
	// blank for a pen), captured at SignedAt.
	Signature []byte
	SignedAt  time.Time

	Printed time.Time // zero: now
	T       Translator
}

// Layout of the parts, in millimetres.
const (
	qrSize       = 17.0 // the QR code in the header
	qrGap        = 4.0  // white space left of it (the quiet zone)
	gridLabelW   = 24.0 // label column of a grid
	sigBoxH      = 22.0 // signature and date boxes
	voucherSigH  = 17.0
	halfPage     = pageH / 2
	voucherGap   = 6.0 // between a copy and the cut line
	checkboxSize = 3.3
	ratingH      = 6.5  // the satisfaction row
	remarksH     = 12.0 // the customer's remarks box
	remarksGap   = 2.0
)

// slipDoc is a Doc with a slip's data and the parts all slips share.
type slipDoc struct {
	*Doc
	s        *Slip
	t        Translator
	qr       [][]bool
	subtitle string    // under the title (the copy of a voucher)
	sigImg   *sigImage // the signature, once registered
}

// newSlipDoc starts a slip titled title whose every page header carries
// the shop, the title, the ticket number and its QR code.
func newSlipDoc(s *Slip, title string) (*slipDoc, error) {
	d := New(s.Shop)
	d.SetTranslator(s.T)
	printed := s.Printed
	if printed.IsZero() {
		printed = time.Now()
	}
	d.SetPrinted(printed)
	d.SetTitle(title, s.Number)
	d.pdf.SetSubject(d.title+" "+d.number, true)
	sd := &slipDoc{Doc: d, s: s, t: s.T}
	if n := strings.TrimSpace(s.Number); n != "" {
		qr, err := qrModules(n)
		if err != nil {
			return nil, err
		}
		sd.qr = qr
	}
	d.pdf.SetHeaderFunc(sd.pageHeader)
	return sd, nil
}

func (sd *slipDoc) pageHeader() {
	sd.top = sd.drawHeader(marginTop, true)
	sd.pdf.SetXY(marginX, sd.top)
}

// drawHeader draws (or, with draw false, only measures) the slip header
// with its top at y0: the shop's name, address and hotline on the left;
// the title, the subtitle and the number, then the QR code, on the right;
// a double rule under them. It returns where content starts below it.
func (sd *slipDoc) drawHeader(y0 float64, draw bool) float64 {
	pdf := sd.pdf
	qrW := 0.0
	if sd.qr != nil {
		qrW = qrSize + qrGap
	}
	const rightW = 62.0
	leftW := contentW - rightW - qrW - 4
	lines := func(text string, size, w, x, y, step float64, align string, c rgb) float64 {
		sd.setFont(size, c)
		for _, line := range WrapText(pdf, text, w) {
			if draw {
				pdf.SetXY(x, y)
				pdf.CellFormat(w+2*padH, step, line, "", 0, align, false, 0, "")
			}
			y += step
		}
		return y
	}
	y := lines(Sanitize(sd.shop.Name), sizeShop, leftW, marginX-padH, y0, lineHeight(sizeShop)*0.9, "L", colInk) + 0.8
	if a := strings.TrimSpace(sd.shop.Address); a != "" {
		y = lines(sd.t.get("print.shop.address", "Address: ")+Sanitize(a), sizeSmall, leftW, marginX-padH, y, lineHeight(sizeSmall), "L", colMuted)
	}
	if h := strings.TrimSpace(sd.shop.Hotline); h != "" {
		y = lines(sd.t.get("print.shop.hotline", "Service hotline: ")+Sanitize(h), sizeSmall, leftW, marginX-padH, y, lineHeight(sizeSmall), "L", colMuted)
	}

	rx := pageW - marginX - qrW - rightW - padH
	ry := lines(sd.title, sizeTitle, rightW, rx, y0, lineHeight(sizeTitle)*0.9, "R", colAccent)
	if sd.subtitle != "" {
		ry = lines(Sanitize(sd.subtitle), sizeHeading-1, rightW, rx, ry+0.4, lineHeight(sizeHeading-1), "R", colAccent)
	}
	if sd.number != "" {
		ry = lines(sd.t.get("print.doc.number", "No. ")+sd.number, sizeSmall+1.5, rightW, rx, ry+1, lineHeight(sizeSmall+1.5), "R", colInk)
	}
	bottom := math.Max(y, ry)
	if sd.qr != nil {
		bottom = math.Max(bottom, y0+qrSize+1.2)
	}
	bottom += 1.8
	if draw {
		if sd.qr != nil {
			drawQR(pdf, sd.qr, pageW-marginX-qrSize, y0, qrSize)
		}
		pdf.SetDrawColor(colAccent.r, colAccent.g, colAccent.b)
		pdf.SetLineWidth(0.6)
		pdf.Line(marginX, bottom, pageW-marginX, bottom)
		pdf.SetLineWidth(0.15)
		pdf.Line(marginX, bottom+1, pageW-marginX, bottom+1)
	}
	return bottom + 5
}

// pair is one label and its value in a grid.
type pair struct{ label, value string }

// gridRow lays out one grid row: each pair gets an equal share of the
// width, a shaded label cell and a value cell; long values wrap. An empty
// value prints as a dash so a blank is visibly deliberate.
func (sd *slipDoc) gridRow(pairs ...pair) []cellSpec {
	return sd.gridRowSize(sizeField, pairs...)
}

// gridRowSize is gridRow with text of another size (points).
func (sd *slipDoc) gridRowSize(size float64, pairs ...pair) []cellSpec {
	if len(pairs) == 0 {
		return nil
	}
	share := contentW / float64(len(pairs))
	labelW := gridLabelW
	if len(pairs) > 2 {
		labelW = 20
	}
	pdf := sd.pdfWith(size, colInk)
	cells := make([]cellSpec, 0, 2*len(pairs))
	for _, p := range pairs {
		v := strings.TrimSpace(p.value)
		if v == "" {
			v = "—"
		}
		cells = append(cells,
			cellSpec{w: labelW, lines: WrapText(pdf, Sanitize(p.label), labelW-2*padH), align: "L", fill: &colLabelFill, ink: colMuted},
			cellSpec{w: share - labelW, lines: WrapText(pdf, Sanitize(v), share-labelW-2*padH), align: "L", fill: &colWhite, ink: colInk})
	}
	return cells
}

// rowHeight is the height drawRow gives a row that fits on the page.
func rowHeight(cells []cellSpec, size float64) float64 {
	n := 1
	for _, c := range cells {
		n = max(n, len(c.lines))
	}
	return float64(n)*lineHeight(size) + 2*padV
}

// grid draws rows of pairs as one bordered block.
func (sd *slipDoc) grid(rows ...[]pair) {
	sd.ensurePage()
	for _, r := range rows {
		sd.drawRow(sd.gridRow(r...), sizeField, true, nil)
	}
}

// row is shorthand for a grid row.
func row(pairs ...pair) []pair { return pairs }

func (sd *slipDoc) money(m models.Money) string { return "¥" + m.Yuan() }

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02 15:04")
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// reported is when the ticket was reported, from its steps.
func (s *Slip) reported() time.Time {
	for _, st := range s.Steps {
		if st.Kind == StepReported {
			return st.At
		}
	}
	return time.Time{}
}

// infoStrip shows the ticket's kind and mode, its status and the
// technician in one row.
func (sd *slipDoc) infoStrip() {
	s, t := sd.s, sd.t
	sd.grid(row(pair{t.get("print.slip.kind", "Ticket"), joinNonEmpty(" · ", s.Kind, s.Mode)},
		pair{t.get("print.slip.status", "Status"), s.Status},
		pair{t.get("print.slip.technician", "Technician"), s.Technician}))
}

// customerRows are the customer's name, phones and address (addressLabel
// names it: the service address, the return address…).
func (sd *slipDoc) customerRows(addressLabel string) [][]pair {
	s, t := sd.s, sd.t
	return [][]pair{
		row(pair{t.get("print.customer.name", "Name"), s.Customer},
			pair{t.get("print.customer.phones", "Phone"), strings.Join(s.Phones, t.get("print.slip.list_sep", ", "))}),
		row(pair{addressLabel, s.Address}),
	}
}

// productRows are the product, its serial number and the warranty.
func (sd *slipDoc) productRows() [][]pair {
	s, t := sd.s, sd.t
	return [][]pair{
		row(pair{t.get("print.purchase.product", "Product"), s.Product.text()},
			pair{t.get("print.purchase.serial", "Serial / batch"), s.Product.Serial}),
		row(pair{t.get("print.purchase.warranty", "Warranty"), sd.warrantyText()}),
	}
}

// customerBlock is a section with the customer and the product.
func (sd *slipDoc) customerBlock(addressLabel string) {
	sd.Heading(sd.t.get("print.slip.customer_section", "Customer and product"))
	sd.grid(append(sd.customerRows(addressLabel), sd.productRows()...)...)
}

// warrantyText is the warranty status with the purchase's expiry.
func (sd *slipDoc) warrantyText() string {
	w := sd.s.Warranty
	if !sd.s.WarrantyExpiry.IsZero() {
		w = joinNonEmpty(sd.t.get("print.slip.list_sep", ", "), w,
			sd.t.get("print.slip.warranty_until", "covered until ")+models.FormatDate(sd.s.WarrantyExpiry))
	}
	return w
}

// stepLabel is the printed name of a step.
func (sd *slipDoc) stepLabel(st SlipStep) string {
	if st.Label != "" {
		return st.Label
	}
	t := sd.t
	switch st.Kind {
	case StepReported:
		return t.get("print.step.reported", "Reported")
	case StepVisit:
		return t.get("print.step.visit", "Visit booked")
	case StepArrived:
		return t.get("print.step.arrived", "Technician arrived")
	case StepReceived:
		return t.get("print.step.received", "Received at the counter")
	case StepVoucher:
		return t.get("print.step.voucher", "Pickup voucher issued")
	case StepParcelReceived:
		return t.get("print.step.parcel_received", "Parcel received")
	case StepAwaitParts:
		return t.get("print.step.await_parts", "Waiting for parts")
	case StepFactorySent:
		return t.get("print.step.factory_sent", "Sent to the factory")
	case StepFactoryBack:
		return t.get("print.step.factory_back", "Back from the factory")
	case StepEscalated:
		return t.get("print.step.escalated", "Escalated")
	case StepRepaired:
		return t.get("print.step.repaired", "Repaired and tested")
	case StepReady:
		return t.get("print.step.ready", "Ready for pickup")
	case StepCollected:
		return t.get("print.step.collected", "Collected")
	case StepShippedBack:
		return t.get("print.step.shipped_back", "Shipped back")
	case StepSigned:
		return t.get("print.step.signed", "Customer signed")
	case StepClosed:
		return t.get("print.step.closed", "Closed")
	}
	return string(st.Kind)
}

// stepsTable lists the key steps with their dates.
func (sd *slipDoc) stepsTable() {
	t := sd.t
	cols := []Column{
		{Title: t.get("print.slip.step", "Step"), Width: 36},
		{Title: t.get("print.slip.step_time", "Date"), Width: 32, Align: "C"},
		{Title: t.get("print.slip.step_note", "Details"), Width: 112},
	}
	rows := make([][]string, len(sd.s.Steps))
	for i, st := range sd.s.Steps {
		when := formatTime(st.At)
		if st.DateOnly {
			when = models.FormatDate(st.At)
		}
		rows[i] = []string{sd.stepLabel(st), when, st.Note}
	}
	sd.Table(cols, rows)
}

// serviceBlock is the fault and what was done: the symptom and the
// customer's request, the key steps with their dates, the resolution and
// the notes.
func (sd *slipDoc) serviceBlock() {
	s, t := sd.s, sd.t
	sd.Heading(t.get("print.slip.service_section", "Fault and service"))
	rows := [][]pair{row(pair{t.get("print.slip.symptom", "Fault symptom"), s.Symptom})}
	if strings.TrimSpace(s.Request) != "" {
		rows = append(rows, row(pair{t.get("print.slip.request", "Customer request"), s.Request}))
	}
	sd.grid(rows...)
	if len(s.Steps) > 0 {
		sd.Space(2)
		sd.stepsTable()
		sd.Space(1)
	}
	rows = [][]pair{row(pair{t.get("print.slip.resolution", "Work done"), s.Resolution})}
	if strings.TrimSpace(s.Notes) != "" {
		rows = append(rows, row(pair{t.get("print.slip.notes", "Notes"), s.Notes}))
	}
	sd.grid(rows...)
}

// itemColumns are the columns of the charges table, widths in mm.
func (sd *slipDoc) itemColumns() []Column {
	t := sd.t
	return []Column{
		{Title: t.get("print.purchase.index", "#"), Width: 10, Align: "C"},
		{Title: t.get("print.item.kind", "Type"), Width: 19, Align: "C"},
		{Title: t.get("print.item.name", "Item"), Width: 61},
		{Title: t.get("print.item.qty", "Qty"), Width: 12, Align: "C"},
		{Title: t.get("print.item.unit_price", "Unit price"), Width: 24, Align: "R"},
		{Title: t.get("print.item.charged", "Charge"), Width: 28, Align: "C"},
		{Title: t.get("print.item.total", "Amount"), Width: 26, Align: "R"},
	}
}

// itemsTable lists the charge lines, free ones marked.
func (sd *slipDoc) itemsTable() {
	t := sd.t
	rows := make([][]string, len(sd.s.Items))
	for i, it := range sd.s.Items {
		charged := t.get("print.item.charged_yes", "Charged")
		if !it.Charged {
			charged = t.get("print.item.charged_no", "Free")
		}
		rows[i] = []string{fmt.Sprint(i + 1), it.Kind, it.Name, fmt.Sprint(it.Qty), sd.money(it.UnitPrice), charged, sd.money(it.Total)}
	}
	sd.Table(sd.itemColumns(), rows)
}

// totalsRow shows the charged total, what was paid and what is owed.
func (sd *slipDoc) totalsRow() {
	t := sd.t
	cells := sd.gridRow(
		pair{t.get("print.slip.total", "Total"), sd.money(sd.s.Total)},
		pair{t.get("print.slip.paid", "Paid"), sd.money(sd.s.Paid)},
		pair{t.get("print.slip.balance", "Balance due"), sd.money(sd.s.Balance)},
	)
	for i := 1; i < len(cells); i += 2 {
		cells[i].align = "R"
	}
	cells[len(cells)-1].ink = colAccent
	sd.drawRow(cells, sizeField, true, nil)
}

// paymentsTable lists the payments received.
func (sd *slipDoc) paymentsTable() {
	t := sd.t
	cols := []Column{
		{Title: t.get("print.payment.method", "Paid by"), Width: 40},
		{Title: t.get("print.payment.amount", "Amount"), Width: 40, Align: "R"},
		{Title: t.get("print.payment.receipt", "Receipt no."), Width: 60},
		{Title: t.get("print.payment.time", "Time"), Width: 40, Align: "C"},
	}
	rows := make([][]string, len(sd.s.Payments))
	for i, p := range sd.s.Payments {
		rows[i] = []string{p.Method, sd.money(p.Amount), p.Receipt, formatTime(p.At)}
	}
	sd.Table(cols, rows)
}

// chargesBlock shows the charge lines, the totals and the payments.
func (sd *slipDoc) chargesBlock() {
	t := sd.t
	sd.Heading(t.get("print.slip.charges_section", "Charges"))
	if len(sd.s.Items) == 0 {
		sd.Note(t.get("print.slip.no_items", "No charges."))
	} else {
		sd.itemsTable()
	}
	sd.totalsRow()
	if len(sd.s.Payments) > 0 {
		sd.Space(2)
		sd.paymentsTable()
	}
}

// checkbox draws an empty box, or a ticked one, with its top left corner
// at (x, y): lines, because the font has no ☐/☑ glyphs.
func checkbox(sd *slipDoc, x, y, size float64, ticked bool) {
	pdf := sd.pdf
	pdf.SetDrawColor(colInk.r, colInk.g, colInk.b)
	pdf.SetLineWidth(0.25)
	pdf.Rect(x, y, size, size, "D")
	if ticked {
		pdf.SetLineWidth(0.45)
		pdf.Line(x+size*0.2, y+size*0.55, x+size*0.42, y+size*0.78)
		pdf.Line(x+size*0.42, y+size*0.78, x+size*0.82, y+size*0.22)
	}
}

// sigBox is one box of the signature row.
type sigBox struct {
	label string
	value string  // printed in the box's lower right corner (a name, a time)
	image []byte  // PNG drawn inside the box (the captured signature)
	width float64 // relative
}

// signatureSpec is what a signature block holds.
type signatureSpec struct {
	hint string // above the boxes, e.g. "sign only after the service"
	// remarks labels a blank box across the page for what the customer
	// writes by hand (anything missed on a delivery); "" for none.
	remarks string
	rating  bool // satisfaction tick boxes
	boxes   []sigBox
	height  float64 // of the boxes
}

// customerBoxes are the boxes every slip ends with: an optional first box
// (the technician, the staff member), the customer's signature (the
// captured image when there is one) and the date.
func (sd *slipDoc) customerBoxes(first *sigBox) []sigBox {
	t := sd.t
	var boxes []sigBox
	if first != nil {
		boxes = append(boxes, *first)
	}
	sig := sigBox{label: t.get("print.slip.customer_signature", "Customer signature"), width: 86}
	date := sigBox{label: t.get("print.slip.date", "Date"), width: 44}
	if _, ok := sd.signatureImage(sd.s.Signature); ok {
		sig.image = sd.s.Signature
		date.value = formatTime(sd.s.SignedAt)
	}
	return append(boxes, sig, date)
}

// signatureHeight is how tall a signature block is.
func (sd *slipDoc) signatureHeight(spec signatureSpec) float64 {
	h := spec.height
	if spec.hint != "" {
		h += float64(len(WrapText(sd.pdfWith(sizeSmall+0.5, colInk), Sanitize(spec.hint), contentW-2*padH)))*lineHeight(sizeSmall+0.5) + 1.5
	}
	if spec.remarks != "" {
		h += remarksH + remarksGap
	}
	if spec.rating {
		h += ratingH
	}
	return h
}

// signatureBlock ends a slip: it places the block at the bottom of the
// current page, or at the top of a new one when it no longer fits.
func (sd *slipDoc) signatureBlock(spec signatureSpec) {
	sd.ensurePage()
	h := sd.signatureHeight(spec)
	y := sd.pdf.GetY() + 4
	if y+h > contentLimit {
		sd.AddPage()
		y = sd.pdf.GetY()
	} else {
		y = contentLimit - h
	}
	sd.drawSignature(y, spec)
}

// drawSignature draws a signature block with its top at y.
func (sd *slipDoc) drawSignature(y float64, spec signatureSpec) {
	pdf := sd.pdf
	if spec.hint != "" {
		pdf := sd.pdfWith(sizeSmall+0.5, colInk)
		lh := lineHeight(sizeSmall + 0.5)
		for _, line := range WrapText(pdf, Sanitize(spec.hint), contentW-2*padH) {
			pdf.SetXY(marginX-padH, y)
			pdf.CellFormat(contentW+2*padH, lh, line, "", 0, "L", false, 0, "")
			y += lh
		}
		y += 1.5
	}
	if spec.remarks != "" {
		sd.drawSigBox(sigBox{label: spec.remarks}, marginX, y, contentW, remarksH)
		y += remarksH + remarksGap
	}
	if spec.rating {
		sd.ratingRow(y)
		y += ratingH
	}
	total := 0.0
	for _, b := range spec.boxes {
		total += b.width
	}
	const gap = 4.0
	avail := contentW - gap*float64(len(spec.boxes)-1)
	x := marginX
	for _, b := range spec.boxes {
		w := b.width / total * avail
		sd.drawSigBox(b, x, y, w, spec.height)
		x += w + gap
	}
	pdf.SetXY(marginX, y+spec.height)
}

// drawSigBox draws one box: a label in its top left corner, the image
// fitted inside, the value in its lower right corner.
func (sd *slipDoc) drawSigBox(b sigBox, x, y, w, h float64) {
	pdf := sd.pdf
	pdf.SetDrawColor(colInk.r, colInk.g, colInk.b)
	pdf.SetLineWidth(0.3)
	pdf.Rect(x, y, w, h, "D")
	lh := lineHeight(sizeSmall)
	sd.setFont(sizeSmall, colMuted)
	labelLines := WrapText(pdf, Sanitize(b.label), w-2*padH)
	for i, line := range labelLines {
		pdf.SetXY(x, y+0.8+float64(i)*lh)
		pdf.CellFormat(w, lh, line, "", 0, "L", false, 0, "")
	}
	top := y + 0.8 + float64(len(labelLines))*lh
	if b.image != nil {
		sd.drawSignatureImage(b.image, x+3, top, w-6, y+h-top-1.5)
	}
	if v := strings.TrimSpace(b.value); v != "" {
		sd.setFont(sizeField, colInk)
		vl := WrapText(pdf, Sanitize(v), w-2*padH)
		vh := lineHeight(sizeField)
		for i, line := range vl {
			pdf.SetXY(x, y+h-1-float64(len(vl)-i)*vh)
			pdf.CellFormat(w, vh, line, "", 0, "R", false, 0, "")
		}
	}
}

// drawSignatureImage fits a PNG into the area, keeping its proportions.
func (sd *slipDoc) drawSignatureImage(data []byte, x, y, w, h float64) {
	img, ok := sd.signatureImage(data)
	if !ok || w <= 0 || h <= 0 {
		return
	}
	scale := math.Min(w/img.w, h/img.h)
	iw, ih := img.w*scale, img.h*scale
	sd.pdf.ImageOptions(img.name, x+(w-iw)/2, y+(h-ih)/2, iw, ih, false, pngOptions, 0, "")
}

var pngOptions = gofpdf.ImageOptions{ImageType: "PNG"}

// sigImage is a signature registered with the document.
type sigImage struct {
	name string
	w, h float64 // pixels
}

// signatureImage registers a signature PNG once per document. It is
// decoded and re-encoded as 8-bit RGBA first, so any PNG a signature pad
// produces (16-bit, interlaced, paletted) is one gofpdf reads; one that
// cannot be decoded is left out and its box stays blank for a pen, rather
// than the whole slip failing.
func (sd *slipDoc) signatureImage(data []byte) (sigImage, bool) {
	if sd.sigImg != nil {
		return *sd.sigImg, sd.sigImg.name != ""
	}
	sd.sigImg = &sigImage{}
	if len(data) == 0 {
		return sigImage{}, false
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return sigImage{}, false
	}
	b := img.Bounds()
	if b.Dx() == 0 || b.Dy() == 0 {
		return sigImage{}, false
	}
	rgba := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(rgba, rgba.Bounds(), img, b.Min, draw.Src)
	var buf bytes.Buffer
	if err := png.Encode(&buf, rgba); err != nil {
		return sigImage{}, false
	}
	sd.pdf.RegisterImageOptionsReader("signature", pngOptions, &buf)
	*sd.sigImg = sigImage{name: "signature", w: float64(b.Dx()), h: float64(b.Dy())}
	return *sd.sigImg, true
}

// ratingRow draws the satisfaction question with empty tick boxes: the
// shop asks about satisfaction at the end of every service (seed 002).
func (sd *slipDoc) ratingRow(y float64) {
	t := sd.t
	pdf := sd.pdfWith(sizeField, colInk)
	lh := lineHeight(sizeField)
	x := marginX
	label := Sanitize(t.get("print.slip.rating", "Your rating of the service:"))
	pdf.SetXY(x-padH, y)
	pdf.CellFormat(pdf.GetStringWidth(label)+2*padH, lh, label, "", 0, "L", false, 0, "")
	x += pdf.GetStringWidth(label) + 4
	for _, opt := range []string{
		t.get("print.slip.rating_good", "Satisfied"),
		t.get("print.slip.rating_ok", "Fairly satisfied"),
		t.get("print.slip.rating_bad", "Not satisfied"),
	} {
		checkbox(sd, x, y+(lh-checkboxSize)/2, checkboxSize, false)
		x += checkboxSize + 1.2
		opt = Sanitize(opt)
		sd.setFont(sizeField, colInk)
		pdf.SetXY(x-padH, y)
		pdf.CellFormat(pdf.GetStringWidth(opt)+2*padH, lh, opt, "", 0, "L", false, 0, "")
		x += pdf.GetStringWidth(opt) + 7
	}
}

// signAfterHint is seed 004's rule, printed where the customer signs.
func (sd *slipDoc) signAfterHint() string {
	return sd.t.get("print.slip.sign_after", "Please sign only after the service is finished and you have checked the result. Do not sign before the service.")
}

// ServiceSlip prints the service slip (维修服务单) of a repair: the
// ticket, customer, product and warranty, fault and request, the key
// steps with their dates and what was done, the charges with totals and
// payments, notes, then a satisfaction question and the boxes for the
// technician, the customer's signature and the date. Long content
// continues on further pages, each with the header.
func ServiceSlip(s Slip) ([]byte, error) {
	sd, err := newSlipDoc(&s, s.T.get("print.service.title", "Service slip"))
	if err != nil {
		return nil, err
	}
	t := sd.t
	sd.AddPage()
	sd.infoStrip()
	sd.customerBlock(t.get("print.slip.service_address", "Service address"))
	sd.serviceBlock()
	sd.chargesBlock()
	tech := sigBox{label: t.get("print.slip.technician_signature", "Technician"), value: s.Technician, width: 50}
	sd.signatureBlock(signatureSpec{hint: sd.signAfterHint(), rating: true, boxes: sd.customerBoxes(&tech), height: sigBoxH})
	return sd.Bytes()
}

// MailInNote prints the shipping note of a mail-in repair (寄修单), which
// travels with the parcel back to the customer: the ticket, the customer
// and the return address, the product, the fault, both parcels with their
// couriers, tracking numbers and cost, what was done, the charges, notes,
// and the boxes for the customer's signature and date on receipt.
func MailInNote(s Slip) ([]byte, error) {
	sd, err := newSlipDoc(&s, s.T.get("print.mailin.title", "Mail-in repair note"))
	if err != nil {
		return nil, err
	}
	t := sd.t
	sd.AddPage()
	sd.infoStrip()
	sd.customerBlock(t.get("print.mailin.return_address", "Return address"))
	sd.shippingBlock()
	sd.serviceBlock()
	sd.chargesBlock()
	sd.signatureBlock(signatureSpec{hint: t.get("print.mailin.sign_hint", "Please open the parcel and check the item and its accessories when it arrives; sign only after checking."),
		boxes: sd.customerBoxes(nil), height: sigBoxH})
	return sd.Bytes()
}

// shippingBlock lists the parcel the customer sent and the one shipped
// back.
func (sd *slipDoc) shippingBlock() {
	t := sd.t
	sd.Heading(t.get("print.mailin.shipping_section", "Shipping"))
	cols := []Column{
		{Title: t.get("print.mailin.direction", "Parcel"), Width: 40},
		{Title: t.get("print.mailin.courier", "Courier"), Width: 32},
		{Title: t.get("print.mailin.tracking", "Tracking no."), Width: 48},
		{Title: t.get("print.mailin.date", "Date"), Width: 34, Align: "C"},
		{Title: t.get("print.mailin.cost", "Cost"), Width: 26, Align: "R"},
	}
	leg := func(label string, p Parcel, withCost bool) []string {
		cost := ""
		if withCost && (p.Cost != 0 || p.Tracking != "") {
			cost = sd.money(p.Cost)
		}
		return []string{label, dash(p.Courier), dash(p.Tracking), dash(formatTime(p.At)), dash(cost)}
	}
	sd.Table(cols, [][]string{
		leg(t.get("print.mailin.in", "Customer → shop"), sd.s.ParcelIn, true),
		leg(t.get("print.mailin.out", "Shop → customer"), sd.s.ParcelOut, false),
	})
}

func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// PickupVoucher prints the pickup voucher (取机凭证) of a carry-in repair
// left at the counter: two copies, the customer's and the shop's, each
// with the voucher number, the expected pickup date, the customer, the
// product, the fault and the notes, and the boxes for the staff member,
// the customer's signature and the date. Both copies share one A4 page
// with a cut line when they fit in half a page each; otherwise (very long
// notes) each copy gets its own page or pages.
func PickupVoucher(s Slip) ([]byte, error) {
	title := s.T.get("print.voucher.title", "Pickup voucher")
	sd, err := newSlipDoc(&s, title)
	if err != nil {
		return nil, err
	}
	t := sd.t
	copies := []string{
		t.get("print.voucher.customer_copy", "Customer copy"),
		t.get("print.voucher.shop_copy", "Shop copy"),
	}
	spec := signatureSpec{hint: t.get("print.voucher.hint", "Bring this voucher to collect the item. Check it at the counter before you sign for it."),
		boxes: sd.customerBoxes(&sigBox{label: t.get("print.voucher.staff", "Received by"), width: 50}), height: voucherSigH}

	// Measure one copy (the subtitles are about as long): the header, the
	// rows, the signature block and the line with the print time.
	sd.subtitle = copies[0]
	need := sd.drawHeader(0, false) - voucherHeaderTrim + sd.signatureHeight(spec) + 2 + lineHeight(sizeSmall) + 1
	for _, r := range sd.voucherRows() {
		need += rowHeight(r, sizeVoucher)
	}
	const top, bottom = marginTop, pageH - 10
	if top+need > halfPage-voucherGap || halfPage+voucherGap+need > bottom {
		for _, c := range copies {
			sd.subtitle = c
			sd.AddPage()
			for _, r := range sd.voucherRows() {
				sd.drawRow(r, sizeVoucher, true, nil)
			}
			sd.signatureBlock(spec)
		}
		return sd.Bytes()
	}

	// Two copies on one page, each with its own header and print line;
	// the page has no header or footer of its own.
	sd.pdf.SetHeaderFunc(nil)
	sd.pdf.SetFooterFunc(nil)
	sd.pdf.AddPage()
	areas := [][2]float64{{top, halfPage - voucherGap}, {halfPage + voucherGap, bottom}}
	for i, c := range copies {
		sd.subtitle = c
		y := sd.drawHeader(areas[i][0], true) - voucherHeaderTrim
		sd.pdf.SetXY(marginX, y)
		for _, r := range sd.voucherRows() {
			sd.drawRow(r, sizeVoucher, true, nil)
		}
		lh := lineHeight(sizeSmall)
		sd.drawSignature(areas[i][1]-lh-1-sd.signatureHeight(spec), spec)
		sd.printLine(areas[i][1]-lh, c)
	}
	sd.cutLine(halfPage)
	return sd.Bytes()
}

// Voucher layout: a smaller text and less space under the header, so that
// a copy with an ordinary fault description fits in half a page.
const (
	sizeVoucher       = 9.0
	voucherHeaderTrim = 2.0
)

// voucherRows are the grid rows of one voucher copy.
func (sd *slipDoc) voucherRows() [][]cellSpec {
	s, t := sd.s, sd.t
	rows := [][]pair{
		row(pair{t.get("print.voucher.number", "Voucher no."), s.VoucherNo},
			pair{t.get("print.voucher.expected", "Expected ready"), models.FormatDate(s.ExpectedDate)}),
		row(pair{t.get("print.customer.name", "Name"), s.Customer},
			pair{t.get("print.customer.phones", "Phone"), strings.Join(s.Phones, t.get("print.slip.list_sep", ", "))}),
		row(pair{t.get("print.customer.addresses", "Address"), s.Address}),
		row(pair{t.get("print.purchase.product", "Product"), s.Product.text()},
			pair{t.get("print.purchase.serial", "Serial / batch"), s.Product.Serial}),
		row(pair{t.get("print.purchase.warranty", "Warranty"), sd.warrantyText()},
			pair{t.get("print.voucher.received", "Received"), formatTime(s.ReceivedAt)}),
		row(pair{t.get("print.slip.symptom", "Fault symptom"), s.Symptom}),
	}
	if strings.TrimSpace(s.Request) != "" {
		rows = append(rows, row(pair{t.get("print.slip.request", "Customer request"), s.Request}))
	}
	if strings.TrimSpace(s.Notes) != "" {
		rows = append(rows, row(pair{t.get("print.slip.notes", "Notes"), s.Notes}))
	}
	rows = append(rows, row(pair{t.get("print.voucher.charges", "Charges so far"), sd.money(s.Total)},
		pair{t.get("print.slip.paid", "Paid"), sd.money(s.Paid)}))
	out := make([][]cellSpec, len(rows))
	for i, r := range rows {
		out[i] = sd.gridRowSize(sizeVoucher, r...)
	}
	return out
}

// printLine is the footer of one voucher copy: the print time, the title
// and number, and which copy it is.
func (sd *slipDoc) printLine(y float64, copyName string) {
	pdf := sd.pdf
	sd.setFont(sizeSmall-0.5, colMuted)
	lh := lineHeight(sizeSmall)
	pdf.SetXY(marginX-padH, y)
	pdf.CellFormat(80, lh, sd.t.get("print.footer.printed", "Printed: ")+sd.printed.Format("2006-01-02 15:04"), "", 0, "L", false, 0, "")
	right := Sanitize(joinNonEmpty(" · ", sd.title+" "+sd.number, copyName))
	pdf.SetXY(pageW-marginX-100-padH, y)
	pdf.CellFormat(100+2*padH, lh, right, "", 0, "R", false, 0, "")
}

// cutLine draws a dashed line across the page at y with "cut here" on it.
func (sd *slipDoc) cutLine(y float64) {
	pdf := sd.pdf
	pdf.SetDrawColor(colMuted.r, colMuted.g, colMuted.b)
	pdf.SetLineWidth(0.25)
	pdf.SetDashPattern([]float64{2, 1.5}, 0)
	pdf.Line(6, y, pageW-6, y)
	pdf.SetDashPattern([]float64{}, 0)
	label := Sanitize(sd.t.get("print.voucher.cut", "Cut here"))
	sd.setFont(sizeSmall, colMuted)
	w := pdf.GetStringWidth(label) + 6
	lh := lineHeight(sizeSmall)
	pdf.SetFillColor(colWhite.r, colWhite.g, colWhite.b)
	pdf.SetXY((pageW-w)/2, y-lh/2)
	pdf.CellFormat(w, lh, label, "", 0, "C", true, 0, "")
}
