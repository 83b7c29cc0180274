package printing

import (
	"fmt"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"aftercare/models"
)

const deliveryNumber = "SH20261123-004"

// deliveryCheckTexts are the 13 lines of the appliance checklist as the
// Chinese table prints them, plus a long line a manager typed.
func deliveryChecks(t testing.TB, tr Translator) []SlipCheck {
	t.Helper()
	var out []SlipCheck
	for _, it := range models.DefaultChecklist(models.ChecklistAppliance) {
		text := tr.get(it.Key, "")
		if text == "" {
			t.Fatalf("no Chinese text for %s", it.Key)
		}
		out = append(out, SlipCheck{Text: text, Required: it.Required})
	}
	// A typed line, long, optional, with an emoji.
	out[len(out)-1] = SlipCheck{Text: "拍照上传安装完成照片（客厅全景、柜体内部、背板固定点各一张），照片须清晰可见型号标签与安装位置👍 Photos must show the model label."}
	by := []string{"赵师傅", "钱师傅", "孙师傅"}
	for i := range out {
		if i == 4 || i == 9 || i == 12 { // two required lines and the typed one left open
			continue
		}
		out[i].Ticked, out[i].By = true, by[i%3]
		out[i].At = time.Date(2026, 11, 25, 14, 5+i*3, 0, 0, slipPrinted.Location())
	}
	return out
}

// sampleDelivery is a delivery with the long address and notes, n items,
// a crew of three, the 13 lines of the appliance checklist with three
// open and a reason, a signature and an emoji in the customer's name.
func sampleDelivery(t testing.TB, n int) Slip {
	t.Helper()
	s := sampleSlip(t, 0)
	s.Kind, s.Mode, s.Status = "送货安装", "送货安装", "已安装"
	s.Number = deliveryNumber
	s.Technician = "赵师傅"
	s.Request = "电梯可用，下午两点后送货；旧沙发请帮忙搬到楼下"
	s.Appointment = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	s.AppointmentHalf = "下午"
	products := []struct{ product, model, warranty string }{
		{"真皮功能沙发（三人位+贵妃位）电动款", "KUKA-2093", "36个月，保修至 2029-11-24"},
		{"双开门冰箱", "BCD-470WDPG", "12个月，保修至 2027-11-24"},
		{"实木餐桌", "QY-120623", ""},
		{"Washing machine 滚筒洗衣机 10kg", "MG100V11D", "无保修"},
	}
	for i := range n {
		p := products[i%len(products)]
		s.DeliveryItems = append(s.DeliveryItems, SlipDeliveryItem{Product: fmt.Sprintf("%s 第%d件", p.product, i+1), Model: p.model, Qty: 1 + i%3, Warranty: p.warranty})
	}
	s.Crew = []SlipCrew{{Name: "赵师傅", Phone: "138 0000 0001", Leader: true}, {Name: "钱师傅", Phone: "139 0000 0002"}, {Name: "孙师傅😀", Phone: "137 0000 0003"}}
	s.CrewReason = "原定四人，一人病假" // not printed: the crew has three
	s.ChecklistName = "家电安装"
	s.Checklist = deliveryChecks(t, s.T)
	s.ChecklistReason = "客户急着出门，未能当场检查玻璃门与抽屉滑轨；已约定下周一上门复检，届时补做通电试机。"
	s.Items = s.Items[:0]
	s.Items = append(s.Items, SlipItem{Kind: "其他", Name: "旧沙发搬运下楼", Qty: 1, UnitPrice: 5000, Charged: true, Total: 5000})
	s.Total, s.Paid, s.Balance = 5000, 5000, 0
	s.Payments = []SlipPayment{{Method: "现金", Amount: 5000, Receipt: "SJ-20261125-0007", At: time.Date(2026, 11, 25, 15, 40, 0, 0, slipPrinted.Location())}}
	s.SignedAt = time.Date(2026, 11, 25, 15, 45, 0, 0, slipPrinted.Location())
	return s
}

func TestDeliverySlipPDF(t *testing.T) {
	needTool(t, "pdftotext")
	needTool(t, "pdfinfo")
	s := sampleDelivery(t, 6)
	data, err := DeliverySlip(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) > 100<<10 {
		t.Errorf("delivery slip is %d KB; the target is under 100 KB", len(data)>>10)
	}
	path := slipFile(t, "delivery.pdf", data)
	pages := pdfPages(t, path)
	if pages < 1 || pages > 2 {
		t.Fatalf("%d pages for 6 items and 13 checklist lines", pages)
	}
	tr := s.T
	c := slipChecker{t, pageText(t, path, 0)}
	c.has("shop", s.Shop.Name)
	c.has("shop address", s.Shop.Address)
	c.has("hotline", s.Shop.Hotline)
	c.has("title", tr.get("print.delivery.title", ""))
	c.has("number", tr.get("print.doc.number", "")+deliveryNumber)
	c.has("printed", "2026-11-28 16:45")
	for p := 1; p <= pages; p++ {
		c.has("page number", fmt.Sprintf("%d / %d", p, pages))
	}
	c.has("kind", s.Kind)
	c.has("status", s.Status)
	c.has("booked date and half day", "2026-11-25下午")
	c.has("name with the emoji as a box", "王小明□")
	for _, p := range s.Phones {
		c.has("phone", p)
	}
	c.has("address label", tr.get("print.delivery.address", ""))
	c.wrapped("address", s.Address, fullValueW, sizeField)
	c.allHan("address", s.Address)
	c.wrapped("request", s.Request, fullValueW, sizeField)
	for i, it := range s.DeliveryItems {
		c.wrapped(fmt.Sprintf("item %d", i+1), it.Product, 68, sizeTable)
		c.has("model", it.Model)
		if it.Warranty != "" {
			c.wrapped("warranty", it.Warranty, 48, sizeTable)
		}
	}
	c.has("leader", tr.get("print.delivery.leader", "")+"赵师傅13800000001")
	c.has("member", "钱师傅13900000002")
	c.has("member", "孙师傅□13700000003")
	if strings.Contains(c.flat, squash(s.CrewReason)) {
		t.Error("the reason for a small crew prints though three went")
	}
	c.has("checklist name", tr.get("print.delivery.checklist_section", "")+tr.get("print.delivery.title_sep", "")+s.ChecklistName)
	c.has("progress", tr.get("print.delivery.progress", "")+"10 / 13")
	c.has("missing required", tr.get("print.delivery.missing_required", "")+"2")
	textW := contentW - 11 - 10 - 13 - checkByW
	for i, ck := range s.Checklist {
		c.wrapped(fmt.Sprintf("check %d", i+1), ck.Text, textW, sizeTable+0.5)
		c.allHan(fmt.Sprintf("check %d", i+1), ck.Text)
		if ck.Ticked {
			c.has("ticked by and when", ck.By+formatTime(ck.At))
		}
	}
	if n := strings.Count(c.flat, "★"); n != 12 {
		t.Errorf("%d stars; want one on each of the 12 required lines", n)
	}
	c.has("required column", tr.get("print.delivery.check_required", ""))
	c.has("reason label", tr.get("print.delivery.checklist_reason", ""))
	c.wrapped("reason", s.ChecklistReason, contentW-36, sizeField)
	c.allHan("reason", s.ChecklistReason)
	c.has("charge", "旧沙发搬运下楼")
	c.has("total", "¥50.00")
	c.has("receipt", "SJ-20261125-0007")
	c.wrapped("notes", s.Notes, contentW, sizeField)
	c.allHan("notes", s.Notes)
	c.has("hint", tr.get("print.delivery.sign_hint", ""))
	c.has("remarks box", tr.get("print.delivery.remarks", ""))
	c.has("rating", tr.get("print.slip.rating_ok", ""))
	c.has("leader signs", tr.get("print.delivery.leader_signature", ""))
	c.has("customer signature", tr.get("print.slip.customer_signature", ""))
	c.has("signed at", "2026-11-2515:45")
	checkQR(t, path, deliveryNumber)
	checkImages(t, path, 1)
	ticks := checkTicks(t, path, s)
	if ticks != 10 {
		t.Errorf("%d boxes ticked on the page, want 10", ticks)
	}
}

// TestDeliverySlipBreaksPages prints a delivery with 40 items and 40
// checklist lines: every page repeats the header, the item table and the
// checklist continue under their header rows, and nothing is lost.
func TestDeliverySlipBreaksPages(t *testing.T) {
	needTool(t, "pdftotext")
	needTool(t, "pdfinfo")
	s := sampleDelivery(t, 40)
	base := s.Checklist
	for len(s.Checklist) < 40 {
		for _, ck := range base {
			if len(s.Checklist) == 40 {
				break
			}
			ck.Text = fmt.Sprintf("%s（第%d项）", ck.Text, len(s.Checklist)+1)
			s.Checklist = append(s.Checklist, ck)
		}
	}
	data, err := DeliverySlip(s)
	if err != nil {
		t.Fatal(err)
	}
	path := slipFile(t, "delivery-long.pdf", data)
	pages := pdfPages(t, path)
	if pages < 3 {
		t.Fatalf("40 items and 40 lines on %d pages; expected at least 3", pages)
	}
	tr := s.T
	itemsOn, checksOn := 0, 0
	for p := 1; p <= pages; p++ {
		pt := pageText(t, path, p)
		for _, want := range []string{s.Shop.Name, tr.get("print.delivery.title", ""), tr.get("print.doc.number", "") + deliveryNumber, fmt.Sprintf("%d/%d", p, pages)} {
			if !strings.Contains(pt, squash(want)) {
				t.Errorf("page %d lacks the header's %q", p, want)
			}
		}
		if strings.Contains(pt, squash(tr.get("print.delivery.warranty", ""))) {
			itemsOn++
		}
		if strings.Contains(pt, squash(tr.get("print.delivery.check_by", ""))) {
			checksOn++
		}
	}
	if itemsOn < 2 || checksOn < 2 {
		t.Errorf("table headers: items on %d pages, checklist on %d; both tables span pages", itemsOn, checksOn)
	}
	c := slipChecker{t, pageText(t, path, 0)}
	for i, it := range s.DeliveryItems {
		c.wrapped(fmt.Sprintf("item %d", i+1), it.Product, 68, sizeTable)
	}
	textW := contentW - 11 - 10 - 13 - checkByW
	for i, ck := range s.Checklist {
		c.wrapped(fmt.Sprintf("check %d", i+1), ck.Text, textW, sizeTable+0.5)
	}
	c.has("progress", fmt.Sprintf("%d / 40", countTicked(s.Checklist)))
	c.has("signature box on the last page", tr.get("print.slip.customer_signature", ""))
	if ticks := checkTicks(t, path, s); ticks != countTicked(s.Checklist) {
		t.Errorf("%d boxes ticked, want %d", ticks, countTicked(s.Checklist))
	}
}

func countTicked(cs []SlipCheck) int {
	n := 0
	for _, c := range cs {
		if c.Ticked {
			n++
		}
	}
	return n
}

// TestDeliverySlipBlank prints the slip the crew takes along before the
// job: no crew yet or one person with a reason, nothing ticked, no charges,
// no signature. The boxes are empty for a pen.
func TestDeliverySlipBlank(t *testing.T) {
	needTool(t, "pdftotext")
	s := sampleDelivery(t, 2)
	s.Status = "已预约"
	for i := range s.Checklist {
		s.Checklist[i].Ticked, s.Checklist[i].By, s.Checklist[i].At = false, "", time.Time{}
	}
	s.ChecklistReason, s.Items, s.Payments, s.Total, s.Paid, s.Balance = "", nil, nil, 0, 0, 0
	s.Signature, s.Notes = nil, ""
	s.Crew = s.Crew[:1]
	// The appliance checklist as it comes: 13 lines of one line each.
	s.Checklist[12] = SlipCheck{Text: s.T.get("checklist.item.rubbish_removed", ""), Required: true}
	s.CrewReason = "单人送货：床头柜两件，小件无需两人"
	data, err := DeliverySlip(s)
	if err != nil {
		t.Fatal(err)
	}
	path := slipFile(t, "delivery-blank.pdf", data)
	tr := s.T
	c := slipChecker{t, pageText(t, path, 0)}
	c.has("progress", "0 / 13")
	c.has("crew reason", s.CrewReason)
	c.has("crew reason label", tr.get("print.delivery.crew_reason", ""))
	for _, absent := range []string{tr.get("print.slip.charges_section", ""), tr.get("print.delivery.checklist_reason", ""), "2026-11-2515:45"} {
		if strings.Contains(c.flat, squash(absent)) {
			t.Errorf("%q printed on a slip that has none", absent)
		}
	}
	if n := pdfPages(t, path); n != 1 {
		t.Errorf("a delivery of 2 items with the 13 lines of the appliance checklist takes %d pages; want 1", n)
	}
	checkImages(t, path, 0)
	if ticks := checkTicks(t, path, s); ticks != 0 {
		t.Errorf("%d boxes ticked on a blank slip", ticks)
	}
}

// checkTicks renders every page and counts the checklist boxes with a
// tick: a box is where the layout draws it, in the first column, found by
// its dark left and right edges 4.2 mm apart; it is ticked when there is
// ink inside it. Without pdftoppm the test is skipped, like the others
// that read the PDF back.
func checkTicks(t *testing.T, path string, s Slip) int {
	t.Helper()
	needTool(t, "pdftoppm")
	const dpi = 150.0
	dir := t.TempDir()
	run(t, "pdftoppm", "-png", "-r", "150", path, filepath.Join(dir, "p"))
	files, _ := filepath.Glob(filepath.Join(dir, "p*.png"))
	sort.Strings(files)
	px := func(mm float64) int { return int(math.Round(mm / 25.4 * dpi)) }
	boxes, ticked := 0, 0
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(fh)
		fh.Close()
		if err != nil {
			t.Fatal(err)
		}
		dark := func(x, y int) bool {
			for dx := -1; dx <= 1; dx++ {
				if color.GrayModel.Convert(img.At(x+dx, y)).(color.Gray).Y < 110 {
					return true
				}
			}
			return false
		}
		x0 := marginX + (checkBoxColW-checkTickBox)/2
		left, right := px(x0), px(x0+checkTickBox)
		need := px(checkTickBox) - 2
		run := 0
		for y := 0; y < img.Bounds().Dy(); y++ {
			if dark(left, y) && dark(right, y) {
				run++
				continue
			}
			if run >= need && run <= need+4 {
				boxes++
				top := y - run
				ink := false
				for yy := top + 3; yy < y-3; yy++ {
					for xx := left + 3; xx < right-3; xx++ {
						if color.GrayModel.Convert(img.At(xx, yy)).(color.Gray).Y < 110 {
							ink = true
						}
					}
				}
				if ink {
					ticked++
				}
			}
			run = 0
		}
	}
	if boxes != len(s.Checklist) {
		t.Errorf("%d checklist boxes drawn, want %d", boxes, len(s.Checklist))
	}
	return ticked
}

func BenchmarkDeliverySlip(b *testing.B) {
	s := sampleDelivery(b, 6)
	b.ReportAllocs()
	size := 0
	for b.Loop() {
		data, err := DeliverySlip(s)
		if err != nil {
			b.Fatal(err)
		}
		size = len(data)
	}
	if size > 100<<10 {
		b.Errorf("delivery slip is %d KB; the target is under 100 KB", size>>10)
	}
	b.ReportMetric(float64(size)/1024, "KB/pdf")
}
