// Package printing lays out Aftercare's paper documents (customer records
// now; repair slips, vouchers, statements and the monthly report later) as
// A4 PDFs with gofpdf and the embedded WenQuanYi Micro Hei font. It takes
// plain data from models and returns bytes or writes a file; it never
// imports Fyne, so every layout can be generated and checked in a test
// without a display.
//
// Text never goes through gofpdf's MultiCell or SplitText, which lose a
// Chinese character at every automatic line break: WrapText measures and
// breaks lines itself and each line is written with CellFormat. Every
// string passes through Sanitize, so an emoji or a character the font
// lacks prints as a visible box instead of breaking the document.
//
// Labels come from a Translator supplied by the caller, so this package
// holds no Chinese or English wording of its own beyond fallbacks.
package printing

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"

	"aftercare/assets"
)

// Shop identifies the shop in the header of every page.
type Shop struct {
	Name    string
	Address string
	Hotline string
}

// Translator returns the text of key in the reader's language, or
// fallback (English) when it has none. A nil Translator uses fallbacks.
type Translator func(key, fallback string) string

func (t Translator) get(key, fallback string) string {
	if t == nil {
		return fallback
	}
	if s := t(key, fallback); s != "" {
		return s
	}
	return fallback
}

// Column describes one column of a Table.
type Column struct {
	Title string
	// Width is relative: widths are scaled so that the table always spans
	// the page between the margins. Giving them in millimetres out of 180
	// keeps them readable.
	Width float64
	Align string // "L" (default), "C" or "R"
}

// Page geometry in millimetres (A4 portrait).
const (
	pageW        = 210.0
	pageH        = 297.0
	marginX      = 15.0
	marginTop    = 12.0
	contentW     = pageW - 2*marginX
	footerRuleY  = pageH - 15.0
	contentLimit = footerRuleY - 3.0 // nothing is drawn below this
	padH         = 1.4               // left/right padding inside cells
	padV         = 1.1               // top/bottom padding inside cells
	ptToMM       = 25.4 / 72
	fontFamily   = "wqy"
	nbAlias      = "{nb}"
)

// Text sizes in points.
const (
	sizeShop    = 17
	sizeTitle   = 15
	sizeSmall   = 8.5
	sizeHeading = 11
	sizeField   = 9.5
	sizeTable   = 8.5
)

type rgb struct{ r, g, b int }

// Palette: dark ink, thin grey rules and one accent taken from the icon.
var (
	colInk       = rgb{34, 38, 43}
	colMuted     = rgb{105, 113, 122}
	colRule      = rgb{184, 192, 200}
	colLabelFill = rgb{242, 245, 247}
	colHeadFill  = rgb{226, 234, 239}
	colZebra     = rgb{249, 250, 251}
	colAccent    = rgb{28, 104, 140}
	colWhite     = rgb{255, 255, 255}
)

// Doc builds one A4 document: a header with the shop and the document's
// title and number on every page, a footer with the print time and "N / M",
// and content added top to bottom with Heading, Field, Table and Note. It
// breaks pages itself (repeating a table's header row) rather than relying
// on gofpdf's automatic page break.
type Doc struct {
	pdf     *gofpdf.Fpdf
	shop    Shop
	t       Translator
	title   string
	number  string
	printed time.Time
	top     float64 // where content starts below the header
	out     []byte
	outErr  error
	done    bool
}

// New starts an A4 document for shop with the embedded font registered.
// Errors (a font gofpdf rejects, for instance) surface from Bytes.
func New(shop Shop) *Doc {
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(marginX, marginTop, marginX)
	pdf.SetCellMargin(padH)
	pdf.AliasNbPages(nbAlias)
	pdf.SetCreator("Aftercare", true)
	pdf.SetCatalogSort(true)
	pdf.AddUTF8FontFromBytes(fontFamily, "", assets.FontTTF)
	d := &Doc{pdf: pdf, shop: shop, printed: time.Now()}
	pdf.SetHeaderFunc(d.header)
	pdf.SetFooterFunc(d.footer)
	return d
}

// SetTranslator sets the source of the labels the document prints itself
// (footer, header captions).
func (d *Doc) SetTranslator(t Translator) { d.t = t }

// SetTitle sets the document title and number shown at the top right of
// every page; call it before adding content.
func (d *Doc) SetTitle(title, number string) {
	d.title, d.number = Sanitize(title), Sanitize(number)
	d.pdf.SetTitle(d.title, true)
}

// SetPrinted sets the print time shown in the footer (default: now).
func (d *Doc) SetPrinted(t time.Time) {
	d.printed = t
	d.pdf.SetCreationDate(t)
	d.pdf.SetModificationDate(t)
}

// PDF gives direct access to the page for drawing what the helpers do not
// cover (tick boxes, signature lines). Write text with CellFormat after
// WrapText and Sanitize, never with MultiCell.
func (d *Doc) PDF() *gofpdf.Fpdf { return d.pdf }

// AddPage starts a new page; the header and footer are drawn for it.
func (d *Doc) AddPage() {
	d.pdf.AddPage()
	d.pdf.SetXY(marginX, d.top)
}

func (d *Doc) ensurePage() {
	if d.pdf.PageNo() == 0 {
		d.AddPage()
	}
}

// Space adds vertical space (millimetres), or starts a new page if the
// space would reach the footer.
func (d *Doc) Space(mm float64) {
	d.ensurePage()
	if d.pdf.GetY()+mm > contentLimit {
		d.AddPage()
		return
	}
	d.pdf.SetY(d.pdf.GetY() + mm)
}

func (d *Doc) setFont(size float64, c rgb) {
	d.pdf.SetFont(fontFamily, "", size)
	d.pdf.SetTextColor(c.r, c.g, c.b)
}

func lineHeight(size float64) float64 { return size * ptToMM * 1.45 }

// header draws the shop on the left and the title and number on the right,
// then a double rule.
func (d *Doc) header() {
	pdf := d.pdf
	const rightW = 64.0
	leftW := contentW - rightW - 4
	y := marginTop
	d.setFont(sizeShop, colInk)
	for _, line := range WrapText(pdf, Sanitize(d.shop.Name), leftW) {
		pdf.SetXY(marginX-padH, y)
		pdf.CellFormat(leftW, lineHeight(sizeShop)*0.9, line, "", 0, "L", false, 0, "")
		y += lineHeight(sizeShop) * 0.9
	}
	y += 0.8
	d.setFont(sizeSmall, colMuted)
	var info []string
	if a := strings.TrimSpace(d.shop.Address); a != "" {
		info = append(info, d.t.get("print.shop.address", "Address: ")+Sanitize(a))
	}
	if h := strings.TrimSpace(d.shop.Hotline); h != "" {
		info = append(info, d.t.get("print.shop.hotline", "Service hotline: ")+Sanitize(h))
	}
	for _, text := range info {
		for _, line := range WrapText(pdf, text, leftW) {
			pdf.SetXY(marginX-padH, y)
			pdf.CellFormat(leftW, lineHeight(sizeSmall), line, "", 0, "L", false, 0, "")
			y += lineHeight(sizeSmall)
		}
	}

	ry := marginTop
	d.setFont(sizeTitle, colAccent)
	for _, line := range WrapText(pdf, d.title, rightW) {
		pdf.SetXY(pageW-marginX-rightW+padH, ry)
		pdf.CellFormat(rightW, lineHeight(sizeTitle)*0.9, line, "", 0, "R", false, 0, "")
		ry += lineHeight(sizeTitle) * 0.9
	}
	if d.number != "" {
		ry += 1.2
		d.setFont(sizeSmall+0.5, colInk)
		for _, line := range WrapText(pdf, d.t.get("print.doc.number", "No. ")+d.number, rightW) {
			pdf.SetXY(pageW-marginX-rightW+padH, ry)
			pdf.CellFormat(rightW, lineHeight(sizeSmall), line, "", 0, "R", false, 0, "")
			ry += lineHeight(sizeSmall)
		}
	}

	y = math.Max(y, ry) + 1.8
	pdf.SetDrawColor(colAccent.r, colAccent.g, colAccent.b)
	pdf.SetLineWidth(0.6)
	pdf.Line(marginX, y, pageW-marginX, y)
	pdf.SetLineWidth(0.15)
	pdf.Line(marginX, y+1, pageW-marginX, y+1)
	d.top = y + 5
	pdf.SetXY(marginX, d.top)
}

// footer draws a thin rule, the print time, the title and "N / M".
func (d *Doc) footer() {
	pdf := d.pdf
	pdf.SetDrawColor(colRule.r, colRule.g, colRule.b)
	pdf.SetLineWidth(0.2)
	pdf.Line(marginX, footerRuleY, pageW-marginX, footerRuleY)
	d.setFont(sizeSmall-0.5, colMuted)
	y := footerRuleY + 1.2
	h := lineHeight(sizeSmall)
	printed := d.t.get("print.footer.printed", "Printed: ") + d.printed.Format("2006-01-02 15:04")
	pdf.SetXY(marginX-padH, y)
	pdf.CellFormat(70, h, printed, "", 0, "L", false, 0, "")
	if mid := strings.TrimSpace(d.title + "  " + d.number); mid != "" {
		pdf.SetXY(pageW/2-40, y)
		pdf.CellFormat(80, h, mid, "", 0, "C", false, 0, "")
	}
	// The total is an alias filled in when the file is written; measure
	// with this page's number, which has as many digits in most documents.
	n := pdf.PageNo()
	text := fmt.Sprintf("%d / %s", n, nbAlias)
	w := pdf.GetStringWidth(fmt.Sprintf("%d / %d", n, n))
	pdf.SetXY(pageW-marginX-w-padH, y)
	pdf.CellFormat(w+2*padH, h, text, "", 0, "L", false, 0, "")
}

// Heading starts a section: an accent bar and the title. It moves to a new
// page if there is no room for the heading and a little content under it.
func (d *Doc) Heading(text string) { d.HeadingAside(text, "") }

// HeadingAside is a Heading with a short text at its right end (a count,
// a progress); the title wraps in the width left of it.
func (d *Doc) HeadingAside(text, aside string) {
	d.ensurePage()
	pdf := d.pdf
	y := pdf.GetY()
	if y > d.top+0.1 {
		y += 3.5
	}
	if y+20 > contentLimit {
		d.AddPage()
		y = pdf.GetY()
	}
	lh := lineHeight(sizeHeading)
	var asideLines []string
	asideW := 0.0
	if aside = Sanitize(strings.TrimSpace(aside)); aside != "" {
		d.setFont(sizeField, colInk)
		asideW = math.Min(pdf.GetStringWidth(aside), contentW/2)
		asideLines = WrapText(pdf, aside, asideW)
		asideW += 4
	}
	d.setFont(sizeHeading, colAccent)
	lines := WrapText(pdf, Sanitize(text), contentW-4-asideW)
	pdf.SetFillColor(colAccent.r, colAccent.g, colAccent.b)
	pdf.Rect(marginX, y+0.9, 1.1, lh*float64(len(lines))-1.8, "F")
	for i, line := range lines {
		pdf.SetXY(marginX+2.6-padH, y+float64(i)*lh)
		pdf.CellFormat(contentW-2.6-asideW, lh, line, "", 0, "L", false, 0, "")
	}
	if len(asideLines) > 0 {
		d.setFont(sizeField, colInk)
		for i, line := range asideLines {
			pdf.SetXY(marginX+contentW-asideW, y+float64(i)*lh)
			pdf.CellFormat(asideW+padH, lh, line, "", 0, "R", false, 0, "")
		}
	}
	y += lh * float64(max(len(lines), len(asideLines)))
	pdf.SetXY(marginX, y+1.6)
}

// Note prints a paragraph of small muted text across the page.
func (d *Doc) Note(text string) {
	d.ensurePage()
	lines := WrapText(d.pdfWith(sizeField, colMuted), Sanitize(text), contentW-2*padH)
	d.drawRow([]cellSpec{{w: contentW, lines: lines, align: "L", ink: colMuted}}, sizeField, false, nil)
}

func (d *Doc) pdfWith(size float64, c rgb) *gofpdf.Fpdf {
	d.setFont(size, c)
	return d.pdf
}

// Field prints one row of a two-column label/value grid; consecutive calls
// form one bordered block. Long values wrap, and a value taller than the
// rest of the page continues on the next.
func (d *Doc) Field(label, value string) {
	d.ensurePage()
	const labelW = 30.0
	pdf := d.pdfWith(sizeField, colInk)
	cells := []cellSpec{
		{w: labelW, lines: WrapText(pdf, Sanitize(label), labelW-2*padH), align: "L", fill: &colLabelFill, ink: colMuted},
		{w: contentW - labelW, lines: WrapText(pdf, Sanitize(value), contentW-labelW-2*padH), align: "L", fill: &colWhite, ink: colInk},
	}
	d.drawRow(cells, sizeField, true, nil)
}

// Table prints a table across the page: a shaded header row, repeated at
// the top of every page the table continues on, and rows whose cells wrap.
// Missing cells print empty; extra cells are ignored.
func (d *Doc) Table(columns []Column, rows [][]string) {
	cells := make([][]tableCell, len(rows))
	for r, row := range rows {
		cells[r] = make([]tableCell, len(row))
		for i, text := range row {
			cells[r][i].text = text
		}
	}
	d.table(columns, cells)
}

// tableCell is one cell of a table: its text and, when set, its own ink,
// background and a drawing over it (the monthly report's missed targets
// and provisional amounts).
type tableCell struct {
	text  string
	ink   *rgb // nil: the table's ink
	fill  *rgb // nil: white, or the zebra shade on every other row
	paint func(x, y, w, h float64, first bool)
}

// table is Table with cells that may carry their own colours and marks.
func (d *Doc) table(columns []Column, rows [][]tableCell) {
	if len(columns) == 0 {
		return
	}
	d.ensurePage()
	total := 0.0
	for _, c := range columns {
		total += math.Max(c.Width, 0)
	}
	widths := make([]float64, len(columns))
	for i, c := range columns {
		if total > 0 {
			widths[i] = math.Max(c.Width, 0) / total * contentW
		} else {
			widths[i] = contentW / float64(len(columns))
		}
	}
	pdf := d.pdfWith(sizeTable, colInk)
	head := make([]cellSpec, len(columns))
	for i, c := range columns {
		head[i] = cellSpec{w: widths[i], lines: WrapText(pdf, Sanitize(c.Title), widths[i]-2*padH), align: "C", fill: &colHeadFill, ink: colInk, middle: true}
	}
	drawHead := func() { d.drawRow(head, sizeTable, true, nil) }

	// Keep the header with at least the first row.
	lh := lineHeight(sizeTable)
	if d.pdf.GetY()+2*(2*lh+2*padV) > contentLimit {
		d.AddPage()
	}
	drawHead()
	for r, row := range rows {
		cells := make([]cellSpec, len(columns))
		pdf := d.pdfWith(sizeTable, colInk)
		for i, c := range columns {
			var tc tableCell
			if i < len(row) {
				tc = row[i]
			}
			fill, ink := &colWhite, colInk
			if r%2 == 1 {
				fill = &colZebra
			}
			if tc.fill != nil {
				fill = tc.fill
			}
			if tc.ink != nil {
				ink = *tc.ink
			}
			align := c.Align
			if align == "" {
				align = "L"
			}
			cells[i] = cellSpec{w: widths[i], lines: WrapText(pdf, Sanitize(tc.text), widths[i]-2*padH), align: align,
				fill: fill, ink: ink, paint: tc.paint}
		}
		d.drawRow(cells, sizeTable, true, drawHead)
	}
	d.pdf.SetY(math.Min(d.pdf.GetY()+1, contentLimit))
}

// cellSpec is one cell of a row: its width, wrapped lines and colours.
type cellSpec struct {
	w     float64
	lines []string
	align string
	fill  *rgb // nil: no background
	ink   rgb
	// middle centres the lines vertically in a taller row (header cells).
	middle bool
	// size, when set, is a smaller text size (points) for this cell; its
	// lines keep the row's line height. Wrap the lines at this size.
	size float64
	// paint, when set, draws over the cell once the row (or the part of a
	// split row on this page) is drawn: a tick box, a frame. first is
	// false for the parts after a page break.
	paint func(x, y, w, h float64, first bool)
}

// drawRow draws cells side by side from the left margin at the current Y.
// A row that does not fit moves to the next page; a row taller than that
// (long notes) is split across pages line by line, never inside a line.
// onNewPage runs after each page break (to repeat a table header).
func (d *Doc) drawRow(cells []cellSpec, size float64, border bool, onNewPage func()) {
	pdf := d.pdf
	lh := lineHeight(size)
	n := 1
	for _, c := range cells {
		n = max(n, len(c.lines))
	}
	newPage := func() {
		d.AddPage()
		if onNewPage != nil {
			onNewPage()
		}
	}
	fresh := false
	for start := 0; start < n; {
		y := pdf.GetY()
		fit := int(math.Floor((contentLimit - y - 2*padV + 1e-6) / lh))
		left := n - start
		if fit < left && !fresh {
			// Split here only a tall block that leaves a few lines on
			// each side; otherwise move it whole to the next page.
			if fit < 3 || left < 6 {
				newPage()
				fresh = true
				continue
			}
		}
		k := min(max(fit, 1), left)
		h := float64(k)*lh + 2*padV
		x := marginX
		pdf.SetDrawColor(colRule.r, colRule.g, colRule.b)
		pdf.SetLineWidth(0.2)
		for _, c := range cells {
			style := ""
			if c.fill != nil {
				pdf.SetFillColor(c.fill.r, c.fill.g, c.fill.b)
				style = "F"
			}
			if border {
				style += "D"
			}
			if style != "" {
				pdf.Rect(x, y, c.w, h, style)
			}
			if c.size > 0 {
				d.setFont(c.size, c.ink)
			} else {
				d.setFont(size, c.ink)
			}
			shift := 0.0
			if c.middle {
				shown := min(len(c.lines), start+k) - start
				shift = float64(k-max(shown, 0)) * lh / 2
			}
			for i := start; i < start+k && i < len(c.lines); i++ {
				pdf.SetXY(x, y+padV+shift+float64(i-start)*lh)
				pdf.CellFormat(c.w, lh, c.lines[i], "", 0, c.align, false, 0, "")
			}
			x += c.w
		}
		x = marginX
		for _, c := range cells {
			if c.paint != nil {
				c.paint(x, y, c.w, h, start == 0)
			}
			x += c.w
		}
		pdf.SetXY(marginX, y+h)
		start += k
		if start < n {
			newPage()
			fresh = true
		}
	}
}

// Bytes finishes the document and returns the PDF. It may be called more
// than once; the document cannot be changed afterwards.
func (d *Doc) Bytes() ([]byte, error) {
	if d.done {
		return d.out, d.outErr
	}
	d.done = true
	d.ensurePage()
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		d.outErr = fmt.Errorf("printing: %w", err)
		return nil, d.outErr
	}
	d.out = buf.Bytes()
	return d.out, nil
}

// WriteFile finishes the document and writes it to path.
func (d *Doc) WriteFile(path string) error {
	b, err := d.Bytes()
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("printing: %w", err)
	}
	return nil
}
