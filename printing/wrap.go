package printing

import (
	"strings"
	"unicode"

	"github.com/jung-kurt/gofpdf"
)

// WrapText splits text into lines that each fit width (in the document's
// unit) in the current font of pdf, measuring rune by rune with
// GetStringWidth. It never drops or cuts a character, unlike gofpdf's
// MultiCell and SplitText, which lose one Chinese character at every
// automatic break.
//
// Explicit newlines ("\n", "\r\n") always start a new line, and an empty
// paragraph gives an empty line. Chinese, Japanese and Korean text may break
// between any two characters, except before closing punctuation (，。）…)
// and after opening punctuation (（《…) when another break is possible.
// Latin text breaks at spaces; the spaces at a break are consumed. A word
// longer than the width is broken where it must be. A single character
// wider than width gets a line of its own.
//
// Pass text through Sanitize first: gofpdf cannot measure characters above
// U+FFFF.
func WrapText(pdf *gofpdf.Fpdf, text string, width float64) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	_, size := pdf.GetFontSize()
	// Widths add up exactly in glyph units (1/1000 of the font size), so a
	// line measured piecewise matches GetStringWidth of the whole line.
	limit := width * 1000 / size
	w := wrapper{pdf: pdf, limit: limit, widths: map[rune]int{}}
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		lines = append(lines, w.paragraph(para)...)
	}
	return lines
}

type wrapper struct {
	pdf    *gofpdf.Fpdf
	limit  float64 // width in glyph units
	widths map[rune]int
}

func (w *wrapper) width(r rune) int {
	if v, ok := w.widths[r]; ok {
		return v
	}
	v := 0
	if r <= 0xFFFF { // gofpdf indexes a 65536-entry table; guard U+10000
		v = w.pdf.GetStringSymbolWidth(string(r))
	} else {
		v = w.pdf.GetStringSymbolWidth("?")
	}
	w.widths[r] = v
	return v
}

// fits allows for float noise in width conversions.
func (w *wrapper) fits(units int) bool { return float64(units) <= w.limit+1e-9 }

func (w *wrapper) paragraph(para string) []string {
	if para == "" {
		return []string{""}
	}
	var (
		lines []string
		cur   []rune // the line being filled
		curW  int    // its width in glyph units
		// brk is the index in cur where the next line would start if we
		// broke at the last opportunity; spaceAt is where the spaces
		// before that opportunity begin (== brk when there are none).
		brk, spaceAt = -1, -1
		skipSpaces   bool // just broke at spaces: drop the rest of them
		broke        bool // the last thing done was a soft break
	)
	recompute := func() {
		curW = 0
		for _, r := range cur {
			curW += w.width(r)
		}
		brk, spaceAt = -1, -1
		for i := 1; i < len(cur); i++ {
			w.noteBreak(cur, i, &brk, &spaceAt)
		}
	}
	for _, r := range para {
		if skipSpaces && r == ' ' {
			continue
		}
		skipSpaces = false
		rw := w.width(r)
		for len(cur) > 0 && !w.fits(curW+rw) {
			if r == ' ' {
				// Break at this space; it and any that follow are consumed.
				lines = append(lines, string(trimSpacesRight(cur)))
				cur, curW, brk, spaceAt = cur[:0:0], 0, -1, -1
				skipSpaces, broke = true, true
				break
			}
			// A break between the last rune and r is allowed too.
			nb, ns := brk, spaceAt
			w.noteBreak(append(cur, r), len(cur), &nb, &ns)
			if nb == len(cur) && ns > 0 {
				lines = append(lines, string(cur[:ns]))
				cur, curW, brk, spaceAt = cur[:0:0], 0, -1, -1
				broke = true
				break
			}
			if brk > 0 && spaceAt > 0 {
				lines = append(lines, string(cur[:spaceAt]))
				cur = append(cur[:0:0], cur[brk:]...)
			} else {
				// No opportunity: break anywhere rather than overflow.
				lines = append(lines, string(cur))
				cur = cur[:0:0]
			}
			broke = true
			recompute()
		}
		if skipSpaces {
			continue
		}
		cur = append(cur, r)
		curW += rw
		broke = false
		if len(cur) > 1 {
			w.noteBreak(cur, len(cur)-1, &brk, &spaceAt)
		}
	}
	if len(cur) > 0 || !broke {
		lines = append(lines, string(cur))
	}
	return lines
}

// noteBreak records a break opportunity before cur[i] if there is one:
// after a run of spaces (which the break consumes), or next to a CJK
// character, with the usual rules for punctuation.
func (w *wrapper) noteBreak(cur []rune, i int, brk, spaceAt *int) {
	prev, next := cur[i-1], cur[i]
	switch {
	case next == ' ':
		return // break after the spaces instead
	case prev == ' ':
		j := i - 1
		for j > 0 && cur[j-1] == ' ' {
			j--
		}
		if j > 0 { // never leave an empty line of spaces
			*brk, *spaceAt = i, j
		}
	case (isCJK(prev) || isCJK(next)) && !noBreakBefore(next) && !noBreakAfter(prev):
		*brk, *spaceAt = i, i
	}
}

func trimSpacesRight(r []rune) []rune {
	for len(r) > 0 && r[len(r)-1] == ' ' {
		r = r[:len(r)-1]
	}
	return r
}

// isCJK reports characters that may break on either side.
func isCJK(r rune) bool {
	switch {
	case r >= 0x2E80 && r <= 0x9FFF: // radicals, punctuation, kana, Han
		return true
	case r >= 0xAC00 && r <= 0xD7AF: // Hangul
		return true
	case r >= 0xF900 && r <= 0xFAFF: // compatibility ideographs
		return true
	case r >= 0xFE30 && r <= 0xFE4F: // vertical forms
		return true
	case r >= 0xFF00 && r <= 0xFFEF: // full-width forms
		return true
	}
	return unicode.Is(unicode.Han, r)
}

// noBreakBefore are characters that should not start a line.
func noBreakBefore(r rune) bool {
	return strings.ContainsRune("，。、；：？！）》」』】〕〉”’…—·．,.;:?!)]}%％", r)
}

// noBreakAfter are characters that should not end a line.
func noBreakAfter(r rune) bool {
	return strings.ContainsRune("（《「『【〔〈“‘([{¥￥$", r)
}
