package printing

import (
	"fmt"
	"strings"
	"time"

	"aftercare/models"
)

// The delivery and installation slip (送货安装单, DOMAIN.md "Delivery and
// installation"): the crew brings it, ticks the installation checklist
// with the customer and has them sign it before leaving.

// SlipDeliveryItem is one product on a delivery.
type SlipDeliveryItem struct {
	Product, Model string
	Qty            int
	Warranty       string // e.g. 36个月，保修至 2029-11-22; "" when unknown
}

// SlipCrew is one person of a delivery crew.
type SlipCrew struct {
	Name, Phone string
	Leader      bool
}

// SlipCheck is one line of the installation checklist.
type SlipCheck struct {
	Text     string // translated
	Required bool
	Ticked   bool
	By       string    // who ticked it
	At       time.Time // when, in the shop's time zone
}

// Layout of the checklist, in millimetres.
const (
	checkTickBox = 4.2  // the box a line is ticked in; big enough for a pen
	checkBoxColW = 11.0 // the column of the boxes, the first
	checkByW     = 46.0
	deliverySigH = 19.0 // the signature boxes: a little lower than a service slip's, so a delivery fits one page
)

// colNotice fills the label of a notice (the reason required lines were
// left unticked).
var colNotice = rgb{255, 243, 224}

// DeliverySlip prints the delivery and installation slip (送货安装单): the
// ticket with the booked date and half day, the customer and the delivery
// address, the items delivered with their warranty, the crew with its
// leader (and why fewer than two went), the installation checklist as
// drawn tick boxes with who ticked each line and when, the progress
// ("6 / 8") and the written reason for required lines left unticked,
// charges and payments if any, notes, then a box for the customer's
// remarks, the satisfaction question and the boxes for the crew leader,
// the customer's signature and the date. Long content continues on
// further pages, each with the header; a table continued on a new page
// repeats its header row.
func DeliverySlip(s Slip) ([]byte, error) {
	sd, err := newSlipDoc(&s, s.T.get("print.delivery.title", "Delivery and installation slip"))
	if err != nil {
		return nil, err
	}
	t := sd.t
	sd.AddPage()
	sd.infoBlock()
	sd.deliveryItemsBlock()
	sd.checklistBlock()
	if len(s.Items) > 0 || len(s.Payments) > 0 || s.Total != 0 {
		sd.chargesBlock()
	}
	if strings.TrimSpace(s.Notes) != "" {
		sd.Heading(t.get("print.slip.notes", "Notes"))
		sd.paragraphBox(s.Notes)
	}

	leader := sigBox{label: t.get("print.delivery.leader_signature", "Crew leader"), width: 50}
	for _, c := range s.Crew {
		if c.Leader {
			leader.value = c.Name
			break
		}
	}
	sd.signatureBlock(signatureSpec{
		hint:    t.get("print.delivery.sign_hint", "Please sign after the installation, once you have checked the products and the checklist. Write anything missed or wrong in the remarks box. Do not sign before the installation is finished."),
		remarks: t.get("print.delivery.remarks", "Customer's remarks (anything missed or wrong)"),
		rating:  true,
		boxes:   sd.customerBoxes(&leader),
		height:  deliverySigH,
	})
	return sd.Bytes()
}

// infoBlock is the slip's first block, without a heading so that a
// whole delivery fits one page: the ticket's kind, its status and the
// booked date and half day; the customer, the delivery address and the
// customer's request; the crew.
func (sd *slipDoc) infoBlock() {
	s, t := sd.s, sd.t
	booked := ""
	if !s.Appointment.IsZero() {
		booked = joinNonEmpty(" ", models.FormatDate(s.Appointment), s.AppointmentHalf)
	}
	rows := [][]pair{row(pair{t.get("print.slip.kind", "Ticket"), s.Kind},
		pair{t.get("print.slip.status", "Status"), s.Status},
		pair{t.get("print.delivery.appointment", "Booked for"), booked})}
	rows = append(rows, sd.customerRows(t.get("print.delivery.address", "Delivery address"))...)
	if strings.TrimSpace(s.Request) != "" {
		rows = append(rows, row(pair{t.get("print.slip.request", "Customer request"), s.Request}))
	}
	sd.grid(append(rows, sd.crewRows()...)...)
}

// deliveryItemsBlock lists the items delivered with their warranty.
func (sd *slipDoc) deliveryItemsBlock() {
	t := sd.t
	sd.Heading(t.get("print.delivery.items_section", "Items delivered"))
	if len(sd.s.DeliveryItems) == 0 {
		sd.Note(t.get("print.delivery.no_items", "No items recorded."))
		return
	}
	cols := []Column{
		{Title: t.get("print.purchase.index", "#"), Width: 10, Align: "C"},
		{Title: t.get("print.purchase.product", "Product"), Width: 68},
		{Title: t.get("print.purchase.model", "Model"), Width: 40},
		{Title: t.get("print.item.qty", "Qty"), Width: 14, Align: "C"},
		{Title: t.get("print.delivery.warranty", "Warranty"), Width: 48},
	}
	rows := make([][]string, len(sd.s.DeliveryItems))
	for i, it := range sd.s.DeliveryItems {
		rows[i] = []string{fmt.Sprint(i + 1), it.Product, dash(it.Model), fmt.Sprint(it.Qty), dash(it.Warranty)}
	}
	sd.Table(cols, rows)
}

// crewRows name the crew, as the service slip names the technician: the
// leader and the others with their phones, and why fewer than two went.
func (sd *slipDoc) crewRows() [][]pair {
	s, t := sd.s, sd.t
	if len(s.Crew) == 0 {
		return [][]pair{row(pair{t.get("print.delivery.crew_section", "Crew"), t.get("print.delivery.no_crew", "The crew has not been named yet.")})}
	}
	person := func(c SlipCrew) string { return joinNonEmpty(" ", c.Name, c.Phone) }
	var leaders, members []string
	for _, c := range s.Crew {
		if c.Leader {
			leaders = append(leaders, person(c))
		} else {
			members = append(members, person(c))
		}
	}
	// One person a line, so a phone number is never split.
	rows := [][]pair{row(pair{t.get("print.delivery.leader", "Leader"), strings.Join(leaders, "\n")},
		pair{t.get("print.delivery.members", "Crew members"), strings.Join(members, "\n")})}
	if len(s.Crew) < models.MinCrew && strings.TrimSpace(s.CrewReason) != "" {
		rows = append(rows, row(pair{t.get("print.delivery.crew_reason", "Why fewer than two"), s.CrewReason}))
	}
	return rows
}

// checklistBlock is the installation checklist: its name and progress,
// the lines with their tick boxes, and the reason required lines were
// left unticked.
func (sd *slipDoc) checklistBlock() {
	s, t := sd.s, sd.t
	done, missing := 0, 0
	for _, c := range s.Checklist {
		if c.Ticked {
			done++
		} else if c.Required {
			missing++
		}
	}
	progress := fmt.Sprintf("%d / %d", done, len(s.Checklist))
	if missing > 0 {
		progress = joinNonEmpty(t.get("print.slip.list_sep", ", "), progress,
			t.get("print.delivery.missing_required", "required lines not ticked: ")+fmt.Sprint(missing))
	}
	title := t.get("print.delivery.checklist_section", "Installation checklist")
	if name := strings.TrimSpace(s.ChecklistName); name != "" {
		title += t.get("print.delivery.title_sep", ": ") + name
	}
	if len(s.Checklist) == 0 {
		progress = ""
	} else {
		progress = t.get("print.delivery.progress", "Done: ") + progress
	}
	sd.HeadingAside(title, progress)
	if len(s.Checklist) == 0 {
		sd.Note(t.get("print.delivery.no_checks", "This delivery has no checklist."))
	} else {
		sd.checklistTable()
	}
	if strings.TrimSpace(s.ChecklistReason) != "" {
		sd.Space(3)
		sd.noticeRow(t.get("print.delivery.checklist_reason", "Why required lines are not ticked"), s.ChecklistReason)
	}
}

// checklistTable draws the checklist: a drawn box (ticked or empty for a
// pen), the number, the line wrapped in its column, a star on required
// lines, and who ticked it and when. The header row repeats after a page
// break.
func (sd *slipDoc) checklistTable() {
	t := sd.t
	const (
		boxW = checkBoxColW
		numW = 10.0
		reqW = 13.0
	)
	textW := contentW - boxW - numW - reqW - checkByW
	pdf := sd.pdfWith(sizeTable, colInk)
	headCell := func(w float64, title string) cellSpec {
		return cellSpec{w: w, lines: WrapText(pdf, Sanitize(title), w-2*padH), align: "C", fill: &colHeadFill, ink: colInk, middle: true}
	}
	head := []cellSpec{
		headCell(boxW, t.get("print.delivery.check_done", "Done")),
		headCell(numW, t.get("print.purchase.index", "#")),
		headCell(textW, t.get("print.delivery.check_item", "Checklist item")),
		headCell(reqW, t.get("print.delivery.check_required", "Required")),
		headCell(checkByW, t.get("print.delivery.check_by", "Ticked by / time")),
	}
	drawHead := func() { sd.drawRow(head, sizeTable, true, nil) }
	if sd.pdf.GetY()+2*(2*lineHeight(sizeTable)+2*padV) > contentLimit {
		sd.AddPage()
	}
	drawHead()

	const size = sizeTable + 0.5
	lh := lineHeight(size)
	for i, c := range sd.s.Checklist {
		fill := &colWhite
		if i%2 == 1 {
			fill = &colZebra
		}
		pdf := sd.pdfWith(size, colInk)
		ticked := c.Ticked
		box := cellSpec{w: boxW, fill: fill, paint: func(x, y, w, h float64, first bool) {
			if first {
				checkbox(sd, x+(w-checkTickBox)/2, y+padV+(lh-checkTickBox)/2, checkTickBox, ticked)
			}
		}}
		req := ""
		if c.Required {
			req = "★"
		}
		by := ""
		if c.Ticked {
			by = joinNonEmpty(" ", c.By, formatTime(c.At))
		}
		const bySize = sizeSmall - 0.5
		sd.setFont(bySize, colMuted)
		byLines := WrapText(pdf, Sanitize(by), checkByW-2*padH)
		sd.setFont(size, colInk)
		cells := []cellSpec{
			box,
			{w: numW, lines: []string{fmt.Sprint(i + 1)}, align: "C", fill: fill, ink: colInk},
			{w: textW, lines: WrapText(pdf, Sanitize(c.Text), textW-2*padH), align: "L", fill: fill, ink: colInk},
			{w: reqW, lines: []string{req}, align: "C", fill: fill, ink: colAccent},
			{w: checkByW, lines: byLines, align: "L", fill: fill, ink: colMuted, size: bySize},
		}
		sd.drawRow(cells, size, true, drawHead)
	}
}

// noticeRow is a label and a text in a box framed in the accent colour,
// for what the customer must not miss. Its label column is wider than a
// grid's, for a label that says what the text explains.
func (sd *slipDoc) noticeRow(label, text string) {
	const labelW = 36.0
	pdf := sd.pdfWith(sizeField, colInk)
	cells := []cellSpec{
		{w: labelW, lines: WrapText(pdf, Sanitize(label), labelW-2*padH), align: "L", fill: &colNotice, ink: colAccent},
		{w: contentW - labelW, lines: WrapText(pdf, Sanitize(text), contentW-labelW-2*padH), align: "L", fill: &colWhite, ink: colInk,
			paint: func(x, y, w, h float64, first bool) {
				sd.pdf.SetDrawColor(colAccent.r, colAccent.g, colAccent.b)
				sd.pdf.SetLineWidth(0.5)
				sd.pdf.Rect(marginX, y, contentW, h, "D")
			}},
	}
	sd.drawRow(cells, sizeField, true, nil)
}

// paragraphBox prints a text in one bordered box across the page.
func (sd *slipDoc) paragraphBox(text string) {
	sd.ensurePage()
	pdf := sd.pdfWith(sizeField, colInk)
	lines := WrapText(pdf, Sanitize(text), contentW-2*padH)
	sd.drawRow([]cellSpec{{w: contentW, lines: lines, align: "L", fill: &colWhite, ink: colInk}}, sizeField, true, nil)
}
