package printing

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"aftercare/models"
)

// signaturePNG draws a small handwritten-looking stroke on a transparent
// background, as the signature pad stores it.
func signaturePNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 300, 100))
	ink := color.NRGBA{20, 30, 90, 255}
	for x := 10; x < 290; x++ {
		fx := float64(x)
		y := 50 + 28*math.Sin(fx/17) + 10*math.Sin(fx/5)
		for dy := -2; dy <= 2; dy++ {
			img.Set(x, int(y)+dy, ink)
		}
	}
	for y := 15; y < 85; y++ { // a stroke across
		for dx := -2; dx <= 2; dx++ {
			img.Set(60+y/3+dx, y, ink)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const (
	slipNumber  = "WX20261123-007"
	longSymptom = "冷藏室不制冷，冷冻室结霜严重，压缩机启动后约十分钟自动停机，夜间有“咔哒”异响；客户已自行断电重启两次，故障依旧。"
)

var slipPrinted = time.Date(2026, 11, 28, 16, 45, 0, 0, time.FixedZone("CST", 8*3600))

// sampleSlip is a repair with the long address and notes of the customer
// record test, an emoji in the name, n charge lines and a signature.
func sampleSlip(t testing.TB, n int) Slip {
	t.Helper()
	tr := translator(loadTranslations(t, "zh_Hans"))
	day := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, slipPrinted.Location()) }
	kinds := []string{"上门费", "工时费", "配件", "配件", "其他"}
	var items []SlipItem
	var total models.Money
	for i := range n {
		it := SlipItem{Kind: kinds[i%len(kinds)], Name: fmt.Sprintf("压缩机启动继电器（原厂配件）第%d号", i+1), Qty: 1 + i%3,
			UnitPrice: models.Money(1250 + 100*i), Charged: i%4 != 1}
		if i == 3 {
			it.Name = "冷凝器风扇电机总成 Condenser fan motor assembly, original part with two-year parts warranty 原装"
		}
		if it.Charged {
			it.Total = it.UnitPrice * models.Money(it.Qty)
			total += it.Total
		}
		items = append(items, it)
	}
	paid := total / 2
	return Slip{
		Shop:           Shop{Name: "幸福家居家电售后服务中心", Address: "深圳市宝安区新安街道建安一路88号 幸福家居广场一楼", Hotline: "400-888-6666"},
		Number:         slipNumber,
		Kind:           "维修",
		Mode:           "上门",
		Status:         "已维修",
		Customer:       emojiName,
		Phones:         []string{"138 0013 8000", "0755-8888 6666 转 12"},
		Address:        longAddress,
		Product:        SlipProduct{Brand: "海尔", Product: "双开门冰箱", Model: "BCD-470WDPG", Serial: "SN20190037"},
		Warranty:       "保外（收费）",
		WarrantyExpiry: time.Date(2025, 5, 31, 0, 0, 0, 0, time.UTC),
		Symptom:        longSymptom,
		Request:        "尽快上门，周末下午在家",
		Steps: []SlipStep{
			{Kind: StepReported, At: day(23, 9, 30), Note: "电话报修"},
			{Kind: StepVisit, At: day(24, 0, 0), DateOnly: true, Note: "上午"},
			{Kind: StepArrived, At: day(24, 9, 52)},
			{Kind: StepAwaitParts, At: day(24, 10, 40), Note: "启动继电器损坏，需订购原厂配件"},
			{Kind: StepRepaired, At: day(27, 15, 10), Note: "更换启动继电器和风扇电机，试机两小时制冷正常"},
		},
		Resolution:   "更换压缩机启动继电器及冷凝器风扇电机，清理冷凝器灰尘，试机制冷正常；已向客户说明日常保养方法。",
		Technician:   "李师傅",
		Items:        items,
		Total:        total,
		Paid:         paid,
		Balance:      total - paid,
		Payments:     []SlipPayment{{Method: "微信支付", Amount: paid, Receipt: "SJ-20261127-0042", At: day(27, 15, 30)}},
		Notes:        longNotes,
		VoucherNo:    "QJ20261123-007",
		ReceivedAt:   day(23, 10, 5),
		ExpectedDate: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC),
		ParcelIn:     Parcel{Courier: "顺丰速运", Tracking: "SF1234567890123", At: day(23, 14, 0), Cost: 2300},
		ParcelOut:    Parcel{Courier: "中通快递", Tracking: "ZT9876543210", At: day(28, 11, 0)},
		Signature:    signaturePNG(t),
		SignedAt:     day(27, 15, 20),
		Printed:      slipPrinted,
		T:            tr,
	}
}

// slipFile writes a slip to a temporary file (and to PRINTING_SAMPLE_DIR
// when set, for looking at it) and returns the path.
func slipFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("PRINTING_SAMPLE_DIR"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, name), data, 0o644)
	}
	return path
}

// pdfPages checks the page size is A4 and returns the page count.
func pdfPages(t *testing.T, path string) int {
	t.Helper()
	info := run(t, "pdfinfo", path)
	if !regexp.MustCompile(`Page size:\s+595(\.\d+)? x 841\.89 pts \(A4\)`).MatchString(info) {
		t.Errorf("page size is not A4:\n%s", info)
	}
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindStringSubmatch(info)
	if m == nil {
		t.Fatalf("no page count:\n%s", info)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// pageText is one page's text (0: all pages), white space removed.
func pageText(t *testing.T, path string, page int) string {
	t.Helper()
	args := []string{"-layout", "-enc", "UTF-8"}
	if page > 0 {
		args = append(args, "-f", strconv.Itoa(page), "-l", strconv.Itoa(page))
	}
	return squash(run(t, "pdftotext", append(args, path, "-")...))
}

// slipChecker asserts what a slip's text contains.
type slipChecker struct {
	t    *testing.T
	flat string
}

func (c slipChecker) has(what, s string) {
	c.t.Helper()
	if s = squash(s); s != "" && !strings.Contains(c.flat, s) {
		c.t.Errorf("%s %q is missing from the PDF text", what, s)
	}
}

// wrapped checks a value that wraps in a cell of width w (mm) at size
// points, line by line: pdftotext puts the neighbouring cells between
// its lines.
func (c slipChecker) wrapped(what, s string, w, size float64) {
	c.t.Helper()
	pdf := measurer()
	pdf.SetFont(fontFamily, "", size)
	defer pdf.SetFont(fontFamily, "", 10)
	for _, line := range WrapText(pdf, Sanitize(s), w-2*padH) {
		c.has(what, line)
	}
}

// allHan checks that every Han character of s appears in the text at
// least as often as in s: nothing is lost at a line break.
func (c slipChecker) allHan(what, s string) {
	c.t.Helper()
	want := map[rune]int{}
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			want[r]++
		}
	}
	got := map[rune]int{}
	for _, r := range c.flat {
		got[r]++
	}
	for r, n := range want {
		if got[r] < n {
			c.t.Errorf("%s: character %q appears %d times in the input, %d in the PDF", what, r, n, got[r])
		}
	}
}

const (
	fullValueW = contentW - gridLabelW
	halfValueW = contentW/2 - gridLabelW
)

// commonChecks are the fields every slip prints.
func commonChecks(c slipChecker, s Slip, tr Translator, pages int) {
	c.has("shop", s.Shop.Name)
	c.has("shop address", s.Shop.Address)
	c.has("hotline", s.Shop.Hotline)
	c.has("printed", "2026-11-28 16:45")
	for p := 1; p <= pages; p++ {
		c.has("page number", fmt.Sprintf("%d / %d", p, pages))
	}
	c.has("name with the emoji as a box", "王小明□")
	for _, p := range s.Phones {
		c.has("phone", p)
	}
	c.wrapped("address", s.Address, fullValueW, sizeField)
	c.allHan("address", s.Address)
	c.has("brand", s.Product.Brand)
	c.has("model", s.Product.Model)
	c.has("serial", s.Product.Serial)
	c.has("warranty", s.Warranty)
	c.has("warranty expiry", "2025-05-31")
	c.allHan("symptom", s.Symptom)
	c.allHan("notes", s.Notes)
	c.has("customer signature", tr.get("print.slip.customer_signature", ""))
	c.has("date", tr.get("print.slip.date", ""))
}

func TestServiceSlipPDF(t *testing.T) {
	needTool(t, "pdftotext")
	needTool(t, "pdfinfo")
	s := sampleSlip(t, 25)
	data, err := ServiceSlip(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) > 100<<10 {
		t.Errorf("service slip is %d KB; the target is under 100 KB", len(data)>>10)
	}
	path := slipFile(t, "service.pdf", data)
	pages := pdfPages(t, path)
	if pages < 2 {
		t.Fatalf("25 charge lines fit on %d page; expected a page break", pages)
	}
	tr := s.T
	c := slipChecker{t, pageText(t, path, 0)}
	commonChecks(c, s, tr, pages)
	c.has("title", tr.get("print.service.title", ""))
	c.has("kind and mode", "维修·上门")
	c.has("status", s.Status)
	c.has("technician", s.Technician)
	c.wrapped("symptom", s.Symptom, fullValueW, sizeField)
	c.has("request", s.Request)
	c.wrapped("resolution", s.Resolution, fullValueW, sizeField)
	c.wrapped("notes", s.Notes, fullValueW, sizeField)
	for _, st := range s.Steps {
		c.has("step", (&slipDoc{t: tr}).stepLabel(st))
		c.has("step note", st.Note)
	}
	c.has("reported", "2026-11-2309:30")
	c.has("visit date", "2026-11-24上午")
	c.has("repaired", "2026-11-2715:10")
	for i, it := range s.Items {
		c.has(fmt.Sprintf("item %d unit price", i+1), "¥"+it.UnitPrice.Yuan())
	}
	c.wrapped("item 4 name", s.Items[3].Name, 61.0/180*contentW, sizeTable)
	c.has("total", "¥"+s.Total.Yuan())
	c.has("paid", "¥"+s.Paid.Yuan())
	c.has("balance", "¥"+s.Balance.Yuan())
	c.has("payment receipt", "SJ-20261127-0042")
	c.has("free line", tr.get("print.item.charged_no", ""))
	c.has("sign-after line (seed 004)", tr.get("print.slip.sign_after", ""))
	c.has("rating", tr.get("print.slip.rating_ok", ""))
	c.has("signed at", "2026-11-2715:20")

	// Every page repeats the header: shop, title, number.
	for p := 1; p <= pages; p++ {
		pt := pageText(t, path, p)
		for _, want := range []string{s.Shop.Name, tr.get("print.service.title", ""), tr.get("print.doc.number", "") + slipNumber} {
			if !strings.Contains(pt, squash(want)) {
				t.Errorf("page %d lacks the header's %q", p, want)
			}
		}
	}
	// The charges table continues on page 2 under its header row.
	p2 := pageText(t, path, 2)
	if !strings.Contains(p2, squash(tr.get("print.item.unit_price", ""))) {
		t.Error("the charges table header is not repeated on page 2")
	}
	checkQR(t, path, slipNumber)
	checkImages(t, path, 1)
}

func TestMailInNotePDF(t *testing.T) {
	needTool(t, "pdftotext")
	needTool(t, "pdfinfo")
	s := sampleSlip(t, 4)
	s.Mode, s.Status = "寄修", "已寄回"
	data, err := MailInNote(s)
	if err != nil {
		t.Fatal(err)
	}
	path := slipFile(t, "mailin.pdf", data)
	pages := pdfPages(t, path)
	tr := s.T
	c := slipChecker{t, pageText(t, path, 0)}
	commonChecks(c, s, tr, pages)
	c.has("title", tr.get("print.mailin.title", ""))
	c.has("return address label", tr.get("print.mailin.return_address", ""))
	for _, p := range []Parcel{s.ParcelIn, s.ParcelOut} {
		c.has("courier", p.Courier)
		c.has("tracking", p.Tracking)
	}
	c.has("parcel cost", "¥23.00")
	c.has("shipped back", "2026-11-2811:00")
	c.has("total", "¥"+s.Total.Yuan())
	c.has("check on receipt", tr.get("print.mailin.sign_hint", ""))
	checkQR(t, path, slipNumber)
	checkImages(t, path, 1)
}

func TestPickupVoucherPDF(t *testing.T) {
	needTool(t, "pdftotext")
	needTool(t, "pdfinfo")
	for _, tc := range []struct {
		name  string
		notes string
		pages int
	}{
		{"short", "附件：遥控器一个，电源线一根。机身右侧有划痕（收机前已有）。", 1},
		{"long", longNotes + "\n" + longNotes, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := sampleSlip(t, 3)
			s.Mode, s.Status, s.Notes = "送修", "已开取机凭证", tc.notes
			s.Signature, s.SignedAt = nil, time.Time{}
			data, err := PickupVoucher(s)
			if err != nil {
				t.Fatal(err)
			}
			path := slipFile(t, "voucher-"+tc.name+".pdf", data)
			pages := pdfPages(t, path)
			if pages != tc.pages {
				t.Errorf("%d pages, want %d", pages, tc.pages)
			}
			tr := s.T
			flat := pageText(t, path, 0)
			c := slipChecker{t, flat}
			c.has("shop", s.Shop.Name)
			c.has("hotline", s.Shop.Hotline)
			c.has("name", "王小明□")
			c.wrapped("address", s.Address, fullValueW, sizeField)
			c.allHan("address", s.Address)
			c.allHan("notes", s.Notes)
			c.allHan("symptom", s.Symptom)
			c.has("voucher number", s.VoucherNo)
			c.has("expected date", "2026-11-30")
			c.has("received", "2026-11-2310:05")
			c.has("charges", "¥"+s.Total.Yuan())
			c.has("hint", tr.get("print.voucher.hint", ""))
			// Both copies carry everything; each names which copy it is.
			for _, want := range []string{tr.get("print.voucher.title", ""), s.VoucherNo, s.Shop.Name, tr.get("print.slip.customer_signature", "")} {
				if n := strings.Count(flat, squash(want)); n < 2 {
					t.Errorf("%q appears %d times; want it on both copies", want, n)
				}
			}
			c.has("customer copy", tr.get("print.voucher.customer_copy", ""))
			c.has("shop copy", tr.get("print.voucher.shop_copy", ""))
			if tc.pages == 1 {
				c.has("cut line", tr.get("print.voucher.cut", ""))
			}
			checkQR(t, path, slipNumber)
			checkImages(t, path, 0)
		})
	}
}

// TestSlipsEnglish prints each slip with the English table and without a
// number, signature or steps: nothing is missing and nothing breaks.
func TestSlipsEnglish(t *testing.T) {
	needTool(t, "pdftotext")
	s := sampleSlip(t, 2)
	s.T = translator(loadTranslations(t, "en"))
	s.Steps, s.Payments, s.Signature = nil, nil, []byte("not a png")
	for name, f := range map[string]func(Slip) ([]byte, error){"service": ServiceSlip, "mailin": MailInNote, "pickup": PickupVoucher, "delivery": DeliverySlip} {
		data, err := f(s)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		flat := pageText(t, slipFile(t, "en-"+name+".pdf", data), 0)
		for _, want := range []string{"Customer signature", "Date", slipNumber} {
			if !strings.Contains(flat, squash(want)) {
				t.Errorf("%s: %q missing", name, want)
			}
		}
		if strings.Contains(flat, "维修服务单") || strings.Contains(flat, "送货安装单") || strings.Contains(flat, "客户签字") {
			t.Errorf("%s: Chinese labels in an English slip", name)
		}
	}
}

// checkImages checks whether the PDF shows an image (the signature) or
// none.
func checkImages(t *testing.T, path string, want int) {
	t.Helper()
	if _, err := exec.LookPath("pdfimages"); err != nil {
		return
	}
	out := run(t, "pdfimages", "-list", path)
	n := 0
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) > 2 && f[2] == "image" {
			n++
		}
	}
	// A voucher draws the one registered image on both copies.
	if (want == 0) != (n == 0) {
		t.Errorf("%d images in the PDF, want %d:\n%s", n, want, out)
	}
}

// checkQR renders the first page and compares the QR code in the header,
// module by module, with the code of number: it is drawn where the layout
// says and exactly as encoded.
func checkQR(t *testing.T, path, number string) {
	t.Helper()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		return
	}
	const dpi = 300.0
	out := filepath.Join(t.TempDir(), "page")
	run(t, "pdftoppm", "-png", "-r", "300", "-f", "1", "-l", "1", "-singlefile", path, out)
	f, err := os.Open(out + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	modules, err := qrModules(number)
	if err != nil {
		t.Fatal(err)
	}
	px := func(mm float64) int { return int(math.Round(mm / 25.4 * dpi)) }
	m := qrSize / float64(len(modules))
	x0, y0 := pageW-marginX-qrSize, marginTop
	bad := 0
	for r, row := range modules {
		for c, dark := range row {
			cx, cy := px(x0+(float64(c)+0.5)*m), px(y0+(float64(r)+0.5)*m)
			g := color.GrayModel.Convert(img.At(cx, cy)).(color.Gray).Y
			if (g < 128) != dark {
				bad++
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d QR modules differ from the code of %s", bad, len(modules)*len(modules), number)
	}
}

func BenchmarkServiceSlip(b *testing.B) {
	s := sampleSlip(b, 12)
	b.ReportAllocs()
	size := 0
	for b.Loop() {
		data, err := ServiceSlip(s)
		if err != nil {
			b.Fatal(err)
		}
		size = len(data)
	}
	b.ReportMetric(float64(size)/1024, "KB/pdf")
}
