package printing

import (
	"fmt"

	"github.com/jung-kurt/gofpdf"
	// gofpdf draws no barcodes of its own. skip2/go-qrcode (MIT) is a small
	// pure-Go encoder with no dependencies; only its module matrix is used,
	// and the modules are drawn here as vector rectangles.
	qrcode "github.com/skip2/go-qrcode"
)

// qrModules encodes text as a QR code with medium error correction (15%:
// a slip that is folded, stamped or smudged still scans) and returns its
// modules, dark = true, without the quiet zone: the white page around the
// code is the quiet zone, and the layout keeps it clear.
func qrModules(text string) ([][]bool, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("printing: QR code of %q: %w", text, err)
	}
	q.DisableBorder = true
	return q.Bitmap(), nil
}

// drawQR draws modules as a size×size square with its top left corner at
// (x, y), in filled rectangles: each run of dark modules in a row is one
// rectangle, so a ticket number's code (21×21 modules) costs about a
// hundred short path operations.
//
// Vector rather than an embedded PNG: measured for WX20261123-007 in a
// compressed PDF, the rectangles add 587 bytes and a 21-pixel PNG image
// 605 bytes, so size does not decide; rectangles print crisp at any
// printer resolution, while viewers and printer drivers may smooth a
// scaled-up 21-pixel image into a blur that scanners misread.
func drawQR(pdf *gofpdf.Fpdf, modules [][]bool, x, y, size float64) {
	n := len(modules)
	if n == 0 {
		return
	}
	m := size / float64(n)
	pdf.SetFillColor(0, 0, 0)
	for r, row := range modules {
		for c := 0; c < len(row); {
			if !row[c] {
				c++
				continue
			}
			start := c
			for c < len(row) && row[c] {
				c++
			}
			// A hair of overlap (0.01 mm) closes the seams some viewers
			// show between adjacent rectangles.
			pdf.Rect(x+float64(start)*m, y+float64(r)*m, float64(c-start)*m+0.01, m+0.01, "F")
		}
	}
}
