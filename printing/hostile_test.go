package printing

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
)

// hostileEnd ends the long hostile text: finding it in the PDF proves the
// text was wrapped onto further lines and pages rather than clipped.
const hostileEnd = "结尾标记END-OF-TEXT"

// hostileLong is more than 10 000 characters of mixed Chinese and Latin
// text carrying every kind of awkward character a pasted text can hold:
// control characters, right-to-left marks and overrides, emoji (above
// U+FFFF, with joiners and skin tones), combining accents, SQL-like text,
// one very long unbroken word; it ends with hostileEnd.
func hostileLong() string {
	var b strings.Builder
	for i := 0; b.Len() < 30000; i++ {
		fmt.Fprintf(&b, "第%d段：冰箱冷藏室不制冷 fridge not cooling\x00\x07\x1b[31m，客户说“压缩机”响\u202E反向文字\u202C\u200F标记\u200E；", i)
		fmt.Fprintf(&b, "emoji 😀👨\u200d👩\u200d👧👍🏽🇨🇳 combining e\u0301 a\u0308 Z\u0337\u0322\u0353 '; DROP TABLE tickets;-- \t tab\r\n")
		if i == 7 {
			b.WriteString(strings.Repeat("W", 400) + "\n") // no break opportunity
		}
	}
	b.WriteString(hostileEnd)
	return b.String()
}

// hostileShort is a field-sized text with the same awkward characters.
const hostileShort = "王\x00小明\u202E😀\r\n'; DROP TABLE--\u200F e\u0301\x1b"

// checkHostilePDF runs the checks both slips share: A4 pages and not too
// many of them, the header on every page, the signature box on the last,
// the end of the long text present, nothing raw that should not be.
func checkHostilePDF(t *testing.T, name string, data []byte, s Slip, title string, maxPages int) {
	t.Helper()
	path := slipFile(t, name, data)
	pages := pdfPages(t, path)
	if pages < 2 || pages > maxPages {
		t.Fatalf("%d pages; the long text needs more than one and at most %d", pages, maxPages)
	}
	tr := s.T
	for p := 1; p <= pages; p++ {
		pt := pageText(t, path, p)
		for _, want := range []string{s.Shop.Name, title, tr.get("print.doc.number", "") + s.Number, fmt.Sprintf("%d/%d", p, pages)} {
			if !strings.Contains(pt, squash(want)) {
				t.Errorf("page %d lacks the header's %q", p, want)
			}
		}
	}
	last := pageText(t, path, pages)
	if !strings.Contains(last, squash(tr.get("print.slip.customer_signature", ""))) {
		t.Error("the signature box is not on the last page")
	}
	raw := run(t, "pdftotext", "-enc", "UTF-8", path, "-")
	all := squash(raw)
	if n := strings.Count(all, squash(hostileEnd)); n < 1 {
		t.Errorf("the end of the long text (%q) is missing: clipped", hostileEnd)
	}
	for _, r := range raw {
		switch {
		case r == '\n' || r == '\f' || r == ' ':
		case unicode.IsControl(r):
			t.Fatalf("control character %U in the PDF text", r)
		case unicode.Is(unicode.Bidi_Control, r):
			t.Fatalf("raw bidirectional control %U in the PDF text", r)
		case r > 0xFFFF:
			t.Fatalf("character %U above U+FFFF in the PDF text", r)
		}
	}
	c := slipChecker{t, all}
	c.allHan("long text", hostileLong())
	c.has("SQL-like text as typed", "';DROPTABLEtickets;--")
	c.has("the name with its control characters gone", "王小明")
	// A line of the long text as the slip wraps it, whole.
	c.has("a wrapped line", "fridgenotcooling")
}

// TestServiceSlipHostileText prints a service slip whose every text field
// carries hostile text and the symptom, resolution and notes 10 000+
// characters each.
func TestServiceSlipHostileText(t *testing.T) {
	needTool(t, "pdftotext")
	needTool(t, "pdfinfo")
	s := sampleSlip(t, 3)
	long := hostileLong()
	s.Customer, s.Address, s.Request = hostileShort, hostileShort+long[:300], hostileShort
	s.Phones = []string{hostileShort}
	s.Product = SlipProduct{Brand: hostileShort, Product: hostileShort, Model: hostileShort, Serial: hostileShort}
	s.Symptom, s.Resolution, s.Notes = long, long, long
	s.Technician = hostileShort
	s.Steps[3].Note = long[:2000]
	s.Items[0].Name = hostileShort
	s.Payments[0].Receipt = hostileShort
	data, err := ServiceSlip(s)
	if err != nil {
		t.Fatal(err)
	}
	checkHostilePDF(t, "hostile-service.pdf", data, s, s.T.get("print.service.title", ""), 40)
}

// TestDeliverySlipHostileText prints a delivery slip with hostile text in
// its items, crew, checklist lines and reasons.
func TestDeliverySlipHostileText(t *testing.T) {
	needTool(t, "pdftotext")
	needTool(t, "pdfinfo")
	s := sampleDelivery(t, 3)
	long := hostileLong()
	s.Customer, s.Request, s.Address = hostileShort, long, hostileShort
	s.DeliveryItems[0].Product, s.DeliveryItems[0].Model = hostileShort+long[:500], hostileShort
	s.Crew[1].Name = hostileShort
	s.Checklist[0].Text = hostileShort
	s.Checklist[1].Text = long[:1500]
	s.ChecklistReason, s.Notes = long, long
	data, err := DeliverySlip(s)
	if err != nil {
		t.Fatal(err)
	}
	checkHostilePDF(t, "hostile-delivery.pdf", data, s, s.T.get("print.delivery.title", ""), 40)
}
