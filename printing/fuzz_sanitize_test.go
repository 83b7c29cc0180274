package printing

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// FuzzSanitize: never panics; what it returns prints with the font (no
// control characters but newlines, no direction controls, nothing above
// U+FFFF, every character in the font), sanitising it again changes
// nothing, and every Chinese character (that the font has) and ASCII
// letter or digit of the input is still there, in order.
func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"王小明😀", "沙发\x00坏了\r\n第二行\t制表\x1b[31m红\x07铃", "'; DROP TABLE tickets;--",
		"地址\u202E反向\u202C 和 \u200F标记\u200E", "e\u0301 a\u0308 Z\u0337\u0322\u0353", "👨\u200d👩\u200d👧 🇨🇳 👍🏽",
		"\ufeff１２３元￥", "\xff\xfe无效", "\u2028\u2029\u00a0", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Sanitize(s)
		for _, r := range out {
			switch {
			case r == '\n':
			case unicode.IsControl(r), unicode.Is(unicode.Bidi_Control, r), r > 0xFFFF, !fontHas(r):
				t.Fatalf("Sanitize(%q) = %q keeps %U", s, out, r)
			}
		}
		if again := Sanitize(out); again != out {
			t.Fatalf("Sanitize(%q) = %q, again %q", s, out, again)
		}
		var want, got []rune
		keep := func(r rune) bool {
			return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) || unicode.Is(unicode.Han, r) && fontHas(r)
		}
		// Compared decomposed: a dropped control character may let a
		// letter and its accent compose.
		for _, r := range norm.NFD.String(strings.ToValidUTF8(s, "\ufffd")) {
			if keep(r) {
				want = append(want, r)
			}
		}
		for _, r := range norm.NFD.String(out) {
			if keep(r) {
				got = append(got, r)
			}
		}
		if string(want) != string(got) {
			t.Fatalf("Sanitize(%q) = %q lost text: want %q, got %q", s, out, string(want), string(got))
		}
	})
}
