package printing

import (
	"encoding/binary"
	"errors"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"aftercare/assets"
)

// errBadFont means the embedded font has no usable Unicode cmap.
var errBadFont = errors.New("printing: cannot read the font's cmap")

// replacement is printed in place of a character the font cannot draw.
// WenQuanYi Micro Hei has U+25A1 WHITE SQUARE; the "?" fallback only
// matters if the font is ever swapped for one without it.
var replacement = sync.OnceValue(func() string {
	if fontHas('□') {
		return "□"
	}
	return "?"
})

// fontRunes is the set of BMP characters the embedded font maps to a
// glyph, read once from its cmap table.
var fontRunes = sync.OnceValue(func() []uint64 {
	set, err := parseCmapBMP(assets.FontTTF)
	if err != nil {
		// Without a cmap we cannot tell; assume printable ASCII only, so
		// that everything else shows as a visible replacement.
		set = make([]uint64, 0x10000/64)
		for r := 0x20; r < 0x7f; r++ {
			set[r/64] |= 1 << (r % 64)
		}
	}
	return set
})

// fontHas reports whether the embedded font draws r.
func fontHas(r rune) bool {
	if r < 0 || r > 0xFFFF {
		return false
	}
	set := fontRunes()
	return set[r/64]&(1<<(r%64)) != 0
}

// Sanitize makes s safe to print with the embedded font and gofpdf:
// characters above U+FFFF (emoji, which gofpdf cannot encode) and
// characters the font lacks become a visible "□" (or "?" if the font has
// no white square), so a reader sees that something was there. Control
// characters are removed except newlines ("\r\n" and "\r" become "\n");
// tabs and other spaces become plain spaces. Invisible joiners and
// variation selectors that only shape emoji are dropped rather than boxed.
//
// Text is composed first (Unicode NFC), so a letter typed with a
// combining accent prints as the accented letter the font has; an
// accented letter the font lacks prints as its letter with the accents
// the font has, and an accent it cannot draw is dropped. Direction
// controls (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069, U+061C) and a
// byte-order mark are dropped: a slip is laid out left to right, and a
// raw override would reorder the text when it is copied out of the PDF.
func Sanitize(s string) string {
	if isPlain(s) {
		return s
	}
	out := sanitizeRunes(norm.NFC.String(s))
	// Dropping a control character can bring a letter and its accent
	// together: compose again until nothing changes, so that sanitising
	// twice gives the same text.
	for range 3 {
		if norm.NFC.IsNormalString(out) {
			break
		}
		out = sanitizeRunes(norm.NFC.String(out))
	}
	return out
}

// sanitizeRunes is Sanitize's pass over composed text.
func sanitizeRunes(s string) string {
	rep := replacement()
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteString(rep) // invalid UTF-8
		case r == '\r':
			b.WriteByte('\n')
			if i < len(s) && s[i] == '\n' {
				i++
			}
		case r == '\n':
			b.WriteByte('\n')
		case r == '\t', r == '\u00a0', r == '\u2028', r == '\u2029':
			b.WriteByte(' ')
		case unicode.IsControl(r):
			// dropped
		case isEmojiShaping(r), unicode.Is(unicode.Bidi_Control, r), r == '\ufeff':
			// dropped: part of an emoji sequence whose base is boxed, a
			// direction mark, or a byte-order mark pasted from a file
		case unicode.Is(unicode.Mn, r) && !fontHas(r):
			// dropped: an accent the font cannot draw on its letter
		case r > 0xFFFF, !fontHas(r):
			if d, ok := decomposed(r); ok {
				b.WriteString(d)
			} else {
				b.WriteString(rep)
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// decomposed is an accented letter the font lacks as its base letter and
// the accents the font has (ǚ in pinyin prints as ü or u rather than as
// a box); ok is false when the font lacks the base letter too.
func decomposed(r rune) (string, bool) {
	d := norm.NFD.String(string(r))
	base, n := utf8.DecodeRuneInString(d)
	if n == len(d) || !fontHas(base) {
		return "", false
	}
	var b strings.Builder
	b.WriteRune(base)
	for _, m := range d[n:] {
		if fontHas(m) {
			b.WriteRune(m)
		}
	}
	return b.String(), true
}

// isPlain is the fast path: printable ASCII needs no change.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

// isEmojiShaping reports zero-width joiners, variation selectors, skin tone
// modifiers and tag characters: they never print on their own.
func isEmojiShaping(r rune) bool {
	switch {
	case r == '\u200d', r == '\u20e3':
		return true
	case r >= 0xFE00 && r <= 0xFE0F:
		return true
	case r >= 0x1F3FB && r <= 0x1F3FF:
		return true
	case r >= 0xE0020 && r <= 0xE007F, r >= 0xE0100 && r <= 0xE01EF:
		return true
	}
	return false
}

// parseCmapBMP reads the Windows Unicode BMP (3,1) format 4 subtable of a
// TrueType font and returns a bit set of the characters it maps to a glyph
// other than .notdef.
func parseCmapBMP(ttf []byte) ([]uint64, error) {
	be := binary.BigEndian
	if len(ttf) < 12 {
		return nil, errBadFont
	}
	numTables := int(be.Uint16(ttf[4:]))
	var cmap []byte
	for i := 0; i < numTables; i++ {
		rec := 12 + 16*i
		if rec+16 > len(ttf) {
			return nil, errBadFont
		}
		if string(ttf[rec:rec+4]) == "cmap" {
			off, n := int(be.Uint32(ttf[rec+8:])), int(be.Uint32(ttf[rec+12:]))
			if off < 0 || n < 0 || off+n > len(ttf) {
				return nil, errBadFont
			}
			cmap = ttf[off : off+n]
		}
	}
	if len(cmap) < 4 {
		return nil, errBadFont
	}
	var sub []byte
	for i := 0; i < int(be.Uint16(cmap[2:])); i++ {
		rec := 4 + 8*i
		if rec+8 > len(cmap) {
			return nil, errBadFont
		}
		pid, eid, off := be.Uint16(cmap[rec:]), be.Uint16(cmap[rec+2:]), int(be.Uint32(cmap[rec+4:]))
		if pid == 3 && eid == 1 && off+14 <= len(cmap) && be.Uint16(cmap[off:]) == 4 {
			sub = cmap[off:]
			break
		}
	}
	if sub == nil {
		return nil, errBadFont
	}
	length := int(be.Uint16(sub[2:]))
	if length > len(sub) || length < 14 {
		return nil, errBadFont
	}
	sub = sub[:length]
	segs := int(be.Uint16(sub[6:])) / 2
	ends, starts, deltas, offs := 14, 16+2*segs, 16+4*segs, 16+6*segs
	if offs+2*segs > len(sub) {
		return nil, errBadFont
	}
	set := make([]uint64, 0x10000/64)
	for s := 0; s < segs; s++ {
		end := int(be.Uint16(sub[ends+2*s:]))
		start := int(be.Uint16(sub[starts+2*s:]))
		delta := int(be.Uint16(sub[deltas+2*s:]))
		ro := int(be.Uint16(sub[offs+2*s:]))
		for c := start; c <= end && c <= 0xFFFF; c++ {
			glyph := 0
			if ro == 0 {
				glyph = (c + delta) & 0xFFFF
			} else {
				p := offs + 2*s + ro + 2*(c-start)
				if p+2 > len(sub) {
					continue
				}
				if g := int(be.Uint16(sub[p:])); g != 0 {
					glyph = (g + delta) & 0xFFFF
				}
			}
			if glyph != 0 {
				set[c/64] |= 1 << (c % 64)
			}
		}
	}
	return set, nil
}
