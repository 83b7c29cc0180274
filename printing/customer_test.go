package printing

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"aftercare/models"
)

func TestCustomerRecordPDF(t *testing.T) {
	needTool(t, "pdftotext")
	needTool(t, "pdfinfo")
	sheet := sampleSheet(t, 40)
	data, err := CustomerRecord(sheet)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "customer.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("PRINTING_SAMPLE_DIR"); dir != "" { // for looking at it
		_ = os.WriteFile(filepath.Join(dir, "customer.pdf"), data, 0o644)
	}

	info := run(t, "pdfinfo", path)
	if !regexp.MustCompile(`Page size:\s+595(\.\d+)? x 841\.89 pts \(A4\)`).MatchString(info) {
		t.Errorf("page size is not A4:\n%s", info)
	}
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindStringSubmatch(info)
	if m == nil {
		t.Fatalf("no page count:\n%s", info)
	}
	pages, _ := strconv.Atoi(m[1])
	if pages < 2 {
		t.Fatalf("40 purchases fit on %d page; expected a page break", pages)
	}

	text := run(t, "pdftotext", "-layout", "-enc", "UTF-8", path, "-")
	flat := squash(text)
	tr := translator(loadTranslations(t, "zh_Hans"))
	mustHave := func(what, s string) {
		t.Helper()
		if s = squash(s); s != "" && !strings.Contains(flat, s) {
			t.Errorf("%s %q is missing from the PDF text", what, s)
		}
	}

	// Header, footer and labels.
	mustHave("shop", sheet.Shop.Name)
	mustHave("shop address", sheet.Shop.Address)
	mustHave("hotline", sheet.Shop.Hotline)
	mustHave("title", tr.get("print.customer.title", ""))
	mustHave("number", "C-3F2A9C1E")
	mustHave("printed", "2025-06-18 14:30")
	for p := 1; p <= pages; p++ {
		mustHave("page number", strconv.Itoa(p)+" / "+strconv.Itoa(pages))
	}

	// Customer fields; the emoji prints as a box.
	mustHave("name", "王小明□")
	for _, p := range sheet.Customer.Phones {
		mustHave("phone", models.FormatPhone(p.Number))
		mustHave("phone label", p.Label)
	}
	for _, a := range sheet.Customer.Addresses {
		mustHave("address", a.Text)
	}
	mustHave("customer since", "2019-03-02")
	mustHave("notes", longNotes)
	for _, long := range []string{longAddress, longNotes} {
		want := map[rune]int{}
		for _, r := range long {
			if unicode.Is(unicode.Han, r) {
				want[r]++
			}
		}
		got := map[rune]int{}
		for _, r := range flat {
			got[r]++
		}
		for r, n := range want {
			if got[r] < n {
				t.Errorf("character %q appears %d times in the input, %d in the PDF", r, n, got[r])
			}
		}
	}

	// Every purchase cell: values that wrap in their column are checked
	// line by line, since pdftotext puts other columns between the lines.
	cols := purchaseColumns(tr)
	pdf := measurer()
	pdf.SetFont(fontFamily, "", sizeTable)
	defer pdf.SetFont(fontFamily, "", 10)
	total := 0.0
	for _, c := range cols {
		total += c.Width
	}
	for i, p := range sheet.Purchases {
		w := p.Warranty(sheet.Now)
		cells := []string{strconv.Itoa(i + 1), p.Product, p.Brand, p.Model, p.Serial,
			models.FormatDate(p.PurchaseDate), p.InvoiceNo, strconv.Itoa(p.WarrantyMonths),
			warrantyText(tr, w.State), expiryText(w)}
		for j, cell := range cells {
			for _, line := range WrapText(pdf, cell, cols[j].Width/total*contentW-2*padH) {
				mustHave("purchase "+strconv.Itoa(i+1)+" column "+strconv.Itoa(j), line)
			}
		}
	}

	// The table's header row is repeated on the page it continues on.
	last := run(t, "pdftotext", "-layout", "-enc", "UTF-8", "-f", strconv.Itoa(pages), "-l", strconv.Itoa(pages), path, "-")
	for _, c := range cols {
		for _, line := range WrapText(pdf, c.Title, c.Width/total*contentW-2*padH) {
			if !strings.Contains(squash(last), squash(line)) {
				t.Errorf("header %q is not repeated on page %d", line, pages)
			}
		}
	}
	if strings.Count(flat, squash(tr.get("print.purchase.expiry", ""))) < 2 {
		t.Error("the table header appears only once")
	}
}

func TestCustomerRecordEnglishAndEmpty(t *testing.T) {
	needTool(t, "pdftotext")
	sheet := sampleSheet(t, 0)
	sheet.T = translator(loadTranslations(t, "en"))
	sheet.Customer.Phones = nil
	sheet.Customer.Addresses = nil
	sheet.Customer.Notes = ""
	data, err := CustomerRecord(sheet)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "empty.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	flat := squash(run(t, "pdftotext", "-layout", "-enc", "UTF-8", path, "-"))
	for _, s := range []string{"Customer record", "No purchases recorded.", "Printed:", "1 / 1", "王小明□"} {
		if !strings.Contains(flat, squash(s)) {
			t.Errorf("%q missing", s)
		}
	}
	if strings.Contains(flat, "客户档案") {
		t.Error("Chinese title in an English document")
	}
}

// TestTranslationsComplete checks that every key the printing code asks
// for is in both translation files, with the code's fallback as English.
func TestTranslationsComplete(t *testing.T) {
	en, zh := loadTranslations(t, "en"), loadTranslations(t, "zh_Hans")
	files, _ := filepath.Glob("*.go")
	used := regexp.MustCompile(`get\("(print\.[a-z0-9_.]+)", "([^"]*)"\)`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range used.FindAllStringSubmatch(string(src), -1) {
			if en[m[1]] != m[2] {
				t.Errorf("%s: key %s has fallback %q in code, %q in en.json", f, m[1], m[2], en[m[1]])
			}
			if _, ok := zh[m[1]]; !ok {
				t.Errorf("%s: key %s is missing from zh_Hans.json", f, m[1])
			}
		}
	}
}

// TestNoFyne keeps printing buildable without OpenGL or a display.
func TestNoFyne(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go tool not in PATH")
	}
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	if strings.Contains(string(out), "fyne.io") {
		t.Error("printing depends on fyne.io")
	}
}

func BenchmarkCustomerRecord(b *testing.B) {
	sheet := sampleSheet(b, 12)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := CustomerRecord(sheet); err != nil {
			b.Fatal(err)
		}
	}
}
