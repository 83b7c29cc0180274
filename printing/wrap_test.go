package printing

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// checkWrap verifies the two promises of WrapText: every line fits (unless
// it is a single character wider than the width), and the lines put back
// together give the text, minus only spaces at soft breaks.
func checkWrap(t *testing.T, text string, width float64, lines []string) {
	t.Helper()
	pdf := measurer()
	for i, l := range lines {
		if strings.Contains(l, "\n") {
			t.Fatalf("line %d contains a newline: %q", i, l)
		}
		if w := pdf.GetStringWidth(l); w > width+1e-9 && utf8.RuneCountInString(l) > 1 {
			t.Fatalf("line %d %q is %.3f wide, more than %.3f", i, l, w, width)
		}
	}
	rest := strings.ReplaceAll(text, "\r\n", "\n")
	rest = strings.ReplaceAll(rest, "\r", "\n")
	for i, l := range lines {
		if !strings.HasPrefix(rest, l) {
			t.Fatalf("line %d %q does not continue the text at %q\nlines: %q", i, l, trunc(rest), lines)
		}
		rest = rest[len(l):]
		if i == len(lines)-1 {
			break
		}
		// Between two lines: spaces consumed by a soft break, then at most
		// one explicit newline.
		rest = strings.TrimLeft(rest, " ")
		rest = strings.TrimPrefix(rest, "\n")
	}
	if strings.Trim(rest, " ") != "" {
		t.Fatalf("text left over after the last line: %q\nlines: %q", trunc(rest), lines)
	}
	if want := strings.Count(text, "\n") + 1; len(lines) < want {
		t.Fatalf("%d lines for %d paragraphs", len(lines), want)
	}
}

func trunc(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

func TestWrapTextExamples(t *testing.T) {
	pdf := measurer()
	cases := []struct {
		text  string
		width float64
		want  []string
	}{
		{"", 50, []string{""}},
		{"hello world", 200, []string{"hello world"}},
		{"a\n\nb", 50, []string{"a", "", "b"}},
		{"a\r\nb\rc", 50, []string{"a", "b", "c"}},
		{"hello world", measureStr("hello wor"), []string{"hello", "world"}},
		{"hello   world", measureStr("world"), []string{"hello", "world"}},
		{"售后服务中心", measureStr("售后服务"), []string{"售后服务", "中心"}},
		// No line starts with closing punctuation when a break is possible.
		{"售后服务，中心", measureStr("售后服务"), []string{"售后服", "务，中心"}},
		// A word longer than the width is cut where it must be.
		{"ABCDEFGHIJ", measureStr("ABCDE"), []string{"ABCDE", "FGHIJ"}},
	}
	for _, c := range cases {
		got := WrapText(pdf, c.text, c.width)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("WrapText(%q, %.2f) = %q, want %q", c.text, c.width, got, c.want)
		}
		checkWrap(t, c.text, c.width, got)
	}
}

func measureStr(s string) float64 { return measurer().GetStringWidth(s) }

var wrapAlphabet = []rune("售后管家沙发冰箱空调维修上门安装，。（）《》、：ABCDEFabcdefxyzW0123456789-/.,()  \n")

func randomText(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		switch r.IntN(10) {
		case 0, 1: // runs of spaces and Latin words are common in real notes
			b.WriteString(strings.Repeat(" ", 1+r.IntN(3)))
		case 2:
			b.WriteString([]string{"Prefers", "calls", "after", "6pm", "warranty", "BCD-470WDPG"}[r.IntN(6)])
		default:
			b.WriteRune(wrapAlphabet[r.IntN(len(wrapAlphabet))])
		}
	}
	return b.String()
}

func TestWrapTextRandom(t *testing.T) {
	pdf := measurer()
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		text := randomText(r, r.IntN(120))
		width := 1 + r.Float64()*80 // from narrower than one character to 80 mm
		if i%3 == 0 {
			width = 3.6 + r.Float64()*10 // a few characters wide
		}
		checkWrap(t, text, width, WrapText(pdf, text, width))
	}
}

func TestSanitize(t *testing.T) {
	cases := map[string]string{
		"plain ASCII 123":         "plain ASCII 123",
		"王小明😀":                    "王小明□",
		"👍🏻 ok":                   "□ ok",
		"👨‍👩‍👧 family":            "□□□ family",
		"tab\there":               "tab here",
		"a\r\nb\rc\nd":            "a\nb\nc\nd",
		"bell\x07\x00null":        "bellnull",
		"\uE000private":           "□private",
		"bad\xffutf8":             "bad□utf8",
		"全角：（）《》—…·￥":             "全角：（）《》—…·￥",
		"♥️ heart":                "♥ heart",
		"non\u00a0breaking":       "non breaking",
		"\U00010000 first astral": "□ first astral",
	}
	for in, want := range cases {
		if got := Sanitize(in); got != want {
			t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLongFieldAcrossPages: a value taller than a page continues on the
// next page without losing a character.
func TestLongFieldAcrossPages(t *testing.T) {
	needTool(t, "pdftotext")
	needTool(t, "pdfinfo")
	var b strings.Builder
	for b.Len() < 9000 {
		b.WriteString(longNotes)
		b.WriteString("\n")
	}
	value := b.String()
	d := New(Shop{Name: "测试"})
	d.SetTitle("Test", "T-1")
	d.Field("Notes", value)
	path := filepath.Join(t.TempDir(), "long.pdf")
	if err := d.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	if info := run(t, "pdfinfo", path); !strings.Contains(info, "Pages:           2") && !strings.Contains(info, "Pages:           3") {
		t.Fatalf("expected 2 or 3 pages:\n%s", info)
	}
	got := map[rune]int{}
	for _, r := range run(t, "pdftotext", "-enc", "UTF-8", path, "-") {
		got[r]++
	}
	want := map[rune]int{}
	for _, r := range value {
		if unicode.Is(unicode.Han, r) || unicode.IsLetter(r) || unicode.IsDigit(r) {
			want[r]++
		}
	}
	for r, n := range want {
		if got[r] < n {
			t.Errorf("%q: %d in the value, %d in the PDF", r, n, got[r])
		}
	}
}

func TestWriteFileAndEmptyDoc(t *testing.T) {
	d := New(Shop{})
	path := filepath.Join(t.TempDir(), "empty.pdf")
	if err := d.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil || !strings.HasPrefix(string(data), "%PDF-") {
		t.Fatalf("not a PDF: %v", err)
	}
	again, err := d.Bytes()
	if err != nil || string(again) != string(data) {
		t.Fatal("Bytes after WriteFile differs")
	}
}

func FuzzWrapText(f *testing.F) {
	f.Add("售后管家 Aftercare 0123", uint16(300))
	f.Add("hello   world\n\n沙发，冰箱。", uint16(50))
	f.Add("王小明😀\r\n", uint16(10))
	f.Add("", uint16(0))
	f.Fuzz(func(t *testing.T, text string, w uint16) {
		if len(text) > 2000 {
			return
		}
		s := Sanitize(text)
		for _, r := range s {
			if r != '\n' && (!fontHas(r) || unicode.IsControl(r)) {
				t.Fatalf("Sanitize left %U in %q", r, s)
			}
		}
		width := 0.5 + float64(w%2000)/10 // 0.5 to 200 mm
		checkWrap(t, s, width, WrapText(measurer(), s, width))
	})
}
