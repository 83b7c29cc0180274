package app

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"aftercare/models"
	"aftercare/printing"
)

const slipTestAddress = "广东省深圳市南山区粤海街道科技园南区高新南七道数字技术园B栋二单元十八楼1803室（进小区请走北门，门卫处登记后乘坐右侧电梯）"

// slipFixture is a shop with a customer, a technician and one repair in
// each mode that prints a slip: on site (repaired), carry-in (left with a
// pickup voucher), mail-in (parcel received).
type slipFixture struct {
	a                       *App
	onsite, carryin, mailin *TicketDetail
	bare                    *TicketDetail // carry-in without a voucher yet
}

func newSlipFixture(t *testing.T, a *App) *slipFixture {
	t.Helper()
	if err := a.SaveShop(ShopInfo{Name: "幸福家居售后服务中心", Address: "深圳市宝安区建安一路88号", Hotline: "400-888-6666"}); err != nil {
		t.Fatal(err)
	}
	c, err := a.CreateCustomer(models.CustomerInput{Name: "王小明😀", Phones: []string{"13800138000"}, Addresses: []string{slipTestAddress}}, CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := a.AddPurchase(c.ID, models.PurchaseInput{Product: "冰箱", Brand: "海尔", Model: "BCD-470WDPG", Serial: "SN20190037", PurchaseDate: "2025-06-01", WarrantyMonths: "36"})
	if err != nil {
		t.Fatal(err)
	}
	tech := mustStaff(t, a, "李师傅", models.RoleTechnician)
	open := func(mode models.RepairMode) string {
		d, err := a.CreateTicket(IntakeInput{CustomerID: c.ID, PurchaseID: p.ID, Kind: models.KindRepair, Mode: mode, Symptom: "冷藏室不制冷，压缩机启动后自动停机"})
		if err != nil {
			t.Fatal(err)
		}
		return d.Ticket.ID
	}
	fx := &slipFixture{a: a}
	id := open(models.ModeOnSite)
	step(t, a, id, models.StepInput{Action: models.ActAssign, TechnicianID: tech.ID})
	step(t, a, id, models.StepInput{Action: models.ActSchedule, Date: fixedNow.AddDate(0, 0, 1), Half: models.PM})
	step(t, a, id, models.StepInput{Action: models.ActArrive})
	if _, err := a.AddItem(id, ItemInput{Kind: models.ItemPart, Name: "启动继电器", Qty: "1", Price: "85", Charged: false}); err != nil {
		t.Fatal(err)
	}
	fx.onsite = step(t, a, id, models.StepInput{Action: models.ActRepaired, Note: "更换启动继电器，试机正常"})

	id = open(models.ModeCarryIn)
	step(t, a, id, models.StepInput{Action: models.ActReceive})
	fx.carryin = step(t, a, id, models.StepInput{Action: models.ActIssueVoucher, Date: fixedNow.AddDate(0, 0, 5)})

	id = open(models.ModeMailIn)
	step(t, a, id, models.StepInput{Action: models.ActRequestParcel})
	fx.mailin = step(t, a, id, models.StepInput{Action: models.ActReceiveParcel, Courier: "顺丰速运", Tracking: "SF1234567890", Cost: 2300})

	id = open(models.ModeCarryIn)
	fx.bare = step(t, a, id, models.StepInput{Action: models.ActReceive})
	return fx
}

func zhTranslator(t *testing.T) printing.Translator {
	t.Helper()
	tr, ok := SlipLanguage("zh")
	if !ok {
		t.Fatal("no Chinese table")
	}
	return tr
}

// pdfText extracts a PDF's text without white space, or "" when poppler
// is not installed.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		return ""
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return strings.Join(strings.Fields(string(out)), "")
}

func TestPrintSlipPicksTheSlipAndWritesIntoSlips(t *testing.T) {
	a := newTestApp(t)
	fx := newSlipFixture(t, a)
	tr := zhTranslator(t)
	for _, tc := range []struct {
		d     *TicketDetail
		want  SlipKind
		title string
		text  []string
	}{
		{fx.onsite, SlipService, "维修服务单", []string{"预约上门", "下午", "更换启动继电器，试机正常", "免费", "李师傅", "请在服务完成并确认维修效果后签字", "报修"}},
		{fx.carryin, SlipPickup, "取机凭证", []string{"QJ20261123-002", "2026-11-28", "客户联", "存根联"}},
		{fx.mailin, SlipMailIn, "寄修单", []string{"顺丰速运", "SF1234567890", "¥23.00", "收到包裹", "报修"}},
	} {
		path, err := a.PrintSlip(tc.d.Ticket.ID, SlipAuto, tr)
		if err != nil {
			t.Fatalf("%s: %v", tc.d.Ticket.Number, err)
		}
		want := filepath.Join(a.SlipsDir(), tc.d.Ticket.Number+"-"+string(tc.want)+".pdf")
		if path != want {
			t.Errorf("auto slip of a %s ticket: %s, want %s", tc.d.Ticket.Mode, path, want)
		}
		data, err := os.ReadFile(path)
		if err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) {
			t.Fatalf("%s is not a PDF (%v)", path, err)
		}
		if got := SlipsFor(&tc.d.Ticket); len(got) == 0 || got[0] != tc.want {
			t.Errorf("SlipsFor %s: %v, want %s first", tc.d.Ticket.Mode, got, tc.want)
		}
		text := pdfText(t, path)
		if text == "" {
			continue
		}
		for _, s := range append(tc.text, tc.title, tc.d.Ticket.Number, "幸福家居售后服务中心", "400-888-6666", "王小明□", "BCD-470WDPG") {
			if !strings.Contains(text, s) {
				t.Errorf("%s slip of %s lacks %q", tc.want, tc.d.Ticket.Number, s)
			}
		}
		for _, r := range strings.ReplaceAll(slipTestAddress, " ", "") {
			if !strings.ContainsRune(text, r) {
				t.Errorf("%s slip lacks %q of the address", tc.want, r)
			}
		}
	}

	// Printing again replaces the file: one file per ticket and slip.
	path1, err := a.PrintSlip(fx.onsite.Ticket.ID, SlipService, tr)
	if err != nil {
		t.Fatal(err)
	}
	path2, err := a.PrintSlip(fx.onsite.Ticket.ID, SlipService, tr)
	if err != nil || path1 != path2 {
		t.Fatalf("reprint: %s then %s (%v)", path1, path2, err)
	}
	entries, _ := os.ReadDir(a.SlipsDir())
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 3 || strings.Contains(strings.Join(names, " "), ".part") {
		t.Errorf("slips folder holds %v; want three slips and no temporary files", names)
	}
	// Both slips of a mail-in repair and of a carry-in fit.
	if got := SlipsFor(&fx.mailin.Ticket); len(got) != 2 || got[1] != SlipService {
		t.Errorf("mail-in slips %v", got)
	}
	if got := SlipsFor(&fx.bare.Ticket); len(got) != 1 || got[0] != SlipService {
		t.Errorf("carry-in without voucher: %v", got)
	}
}

func TestPrintSlipRefusesASlipThatDoesNotFit(t *testing.T) {
	a := newTestApp(t)
	fx := newSlipFixture(t, a)
	tr := zhTranslator(t)
	for _, tc := range []struct {
		d    *TicketDetail
		kind SlipKind
		key  string
	}{
		{fx.onsite, SlipPickup, "err.slip.pickup_carryin"},
		{fx.onsite, SlipMailIn, "err.slip.mailin_only"},
		{fx.bare, SlipPickup, "err.slip.pickup_no_voucher"},
		{fx.carryin, SlipDelivery, "err.slip.delivery_not"},
		{fx.carryin, SlipKind("receipt"), "err.slip.kind"},
	} {
		_, err := a.PrintSlip(tc.d.Ticket.ID, tc.kind, tr)
		fe := models.AsFieldErrors(err)
		if len(fe) != 1 || fe[0].Key != tc.key {
			t.Errorf("%s slip of a %s ticket: %v, want %s", tc.kind, tc.d.Ticket.Mode, err, tc.key)
		}
	}
	if _, err := os.Stat(a.SlipsDir()); !os.IsNotExist(err) {
		t.Errorf("a refused slip created the slips folder (%v)", err)
	}
	c := mustCreate(t, a, "李娜", "13912345678")
	d, err := a.CreateTicket(IntakeInput{CustomerID: c.ID, Kind: models.KindConsultation, Resolution: "电话指导重启后恢复"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.PrintSlip(d.Ticket.ID, SlipAuto, tr); models.AsFieldErrors(err).ForField("slip") == nil {
		t.Errorf("a phone consultation printed a slip: %v", err)
	}
	if SlipsFor(&d.Ticket) != nil {
		t.Error("a phone consultation offers slips")
	}
}

// TestPrintSlipChineseFolder keeps a database in a folder with a Chinese
// name and a space: the slips folder beside it works.
func TestPrintSlipChineseFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "幸福家居 售后数据")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	a, err := Open(Options{Path: filepath.Join(dir, "店铺.db"), Clock: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	fx := newSlipFixture(t, a)
	path, err := a.PrintSlip(fx.carryin.Ticket.ID, SlipAuto, nil) // nil: English fallbacks
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(path) != filepath.Join(dir, "slips") || filepath.Base(path) != fx.carryin.Ticket.Number+"-pickup.pdf" {
		t.Errorf("path %s", path)
	}
	if text := pdfText(t, path); text != "" && (!strings.Contains(text, "Pickupvoucher") || !strings.Contains(text, "Customercopy")) {
		t.Errorf("English voucher text: %.200s", text)
	}
}

func TestCommandPrint(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "打印 测试")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "shop.db")
	a, err := Open(Options{Path: db, Clock: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	fx := newSlipFixture(t, a)
	a.Close()
	onsite, carryin := fx.onsite.Ticket.Number, fx.carryin.Ticket.Number

	out := filepath.Join(dir, "服务单.pdf")
	code, stdout, stderr := runCmd(t, db, "print", strings.ToLower(onsite), "--out", out)
	if code != ExitOK || !strings.Contains(stdout, "service") || !strings.Contains(stdout, out) {
		t.Fatalf("print: exit %d %q %q", code, stdout, stderr)
	}
	if data, err := os.ReadFile(out); err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("no PDF at %s: %v", out, err)
	}
	if text := pdfText(t, out); text != "" && !strings.Contains(text, "维修服务单") {
		t.Errorf("the default language is not Chinese: %.200s", text)
	}

	// Without --out the slip goes into the slips folder; --lang en.
	code, stdout, _ = runCmd(t, db, "print", carryin, "--lang", "en")
	want := filepath.Join(dir, "slips", carryin+"-pickup.pdf")
	if code != ExitOK || !strings.Contains(stdout, want) {
		t.Fatalf("print into slips: exit %d %q", code, stdout)
	}
	if text := pdfText(t, want); text != "" && !strings.Contains(text, "Pickupvoucher") {
		t.Errorf("--lang en: %.200s", text)
	}
	code, _, _ = runCmd(t, db, "print", carryin, "--slip", "service", "--out", filepath.Join(dir, "s.pdf"))
	if code != ExitOK {
		t.Errorf("--slip service on a carry-in: exit %d", code)
	}

	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"print", "WX20990101-001", "--out", filepath.Join(dir, "x.pdf")}, ExitFailure, "no ticket WX20990101-001"},
		{[]string{"print", onsite, "--slip", "pickup", "--out", filepath.Join(dir, "x.pdf")}, ExitFailure, "only for carry-in"},
		{[]string{"print"}, ExitUsage, "name one ticket number"},
		{[]string{"print", onsite, "--slip", "receipt"}, ExitUsage, "--slip must be"},
		{[]string{"print", onsite, "--lang", "fr"}, ExitUsage, "--lang must be"},
		{[]string{"print", onsite, "--out", filepath.Join(dir, "no such folder", "x.pdf")}, ExitFailure, "write"},
	} {
		code, _, stderr := runCmd(t, db, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.msg) {
			t.Errorf("%v: exit %d %q, want %d with %q", tc.args, code, stderr, tc.code, tc.msg)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.pdf")); !os.IsNotExist(err) {
		t.Error("a failed print left a file")
	}
}

// printedDelivery is a delivery made through the app, as the crew leaves
// it: a crew of three, six of the eight furniture lines ticked, completed
// with the reason the other two are not, and signed on the pad.
func printedDelivery(t *testing.T) (*deliveryFixture, *TicketDetail) {
	t.Helper()
	f := newDeliveryFixture(t)
	a := f.a
	if err := a.SaveShop(ShopInfo{Name: "幸福家居售后服务中心", Address: "深圳市宝安区建安一路88号", Hotline: "400-888-6666"}); err != nil {
		t.Fatal(err)
	}
	d, err := a.CreateTicket(f.intake(f.lead.ID, f.mate.ID, f.mate2.ID))
	if err != nil {
		t.Fatal(err)
	}
	id := d.Ticket.ID
	if _, err := a.SaveSignature(id, "auto", "陈静", testSignaturePNG(t, true)); fieldKey(err) != "err.signature.before_install" {
		t.Fatalf("signed before the installation: %v", err)
	}
	for _, c := range d.Checks[:6] {
		if d, err = a.TickCheck(id, c.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	d = step(t, a, id, models.StepInput{Action: models.ActCompleteInst, Reason: "客户急着出门，玻璃门下次上门检查"})
	if _, err := a.SaveSignature(id, "auto", "陈静", testSignaturePNG(t, true)); err != nil {
		t.Fatal(err)
	}
	d, err = a.Ticket(id)
	if err != nil {
		t.Fatal(err)
	}
	return f, d
}

func TestPrintDeliverySlip(t *testing.T) {
	f, d := printedDelivery(t)
	a := f.a
	tk := &d.Ticket
	if got := SlipsFor(tk); len(got) != 1 || got[0] != SlipDelivery || AutoSlip(tk) != SlipDelivery {
		t.Fatalf("slips of a delivery: %v, auto %s", got, AutoSlip(tk))
	}
	tr := zhTranslator(t)
	out := filepath.Join(t.TempDir(), "送货单.pdf")
	path, kind, err := a.PrintSlipFile(strings.ToLower(tk.Number), SlipAuto, tr, out)
	if err != nil || kind != SlipDelivery || path != out {
		t.Fatalf("print: %s %s %v", path, kind, err)
	}
	text := pdfText(t, out)
	if text == "" {
		t.Skip("pdftotext is not installed")
	}
	c, _ := a.Customer(f.c.ID)
	var wardrobe *models.Purchase
	for i := range c.Purchases {
		if c.Purchases[i].Product == "衣柜" {
			wardrobe = &c.Purchases[i]
		}
	}
	if wardrobe == nil {
		t.Fatal("the wardrobe was not recorded as a purchase")
	}
	w := wardrobe.Warranty(fixedNow)
	want := []string{"送货安装单", tk.Number, "幸福家居售后服务中心", "400-888-6666", "陈静", "139 0013 9000", "上海市浦东新区世纪大道100号2201室",
		"送货安装", "已安装", "2026-11-25下午", "电梯可用，下午两点后",
		"衣柜", "YG-2000", "床头柜", "CT-40",
		fmt.Sprintf("%d个月，保修至%s", wardrobe.WarrantyMonths, w.Expiry.Format("2006-01-02")),
		"组长赵师傅", "钱师傅", "孙师傅",
		"安装检查表：家具安装", "完成进度：6/8，必检项未完成：2",
		"必检项未完成原因", "客户急着出门，玻璃门下次上门检查",
		"安装组长签字", "客户签字", "服务评价",
	}
	for _, k := range models.DefaultChecklist(models.ChecklistFurniture) {
		want = append(want, tr(k.Key, ""))
	}
	for _, ck := range d.Checks[:6] {
		want = append(want, ck.CheckedBy+ck.CheckedAt.In(a.loc()).Format("2006-01-0215:04"))
	}
	sig, _ := a.Signature(tk.ID, "delivery")
	if sig == nil {
		t.Fatal("the signature is not stored for the delivery slip")
	}
	want = append(want, sig.SignedAt.In(a.loc()).Format("2006-01-0215:04"))
	for _, s := range want {
		if !strings.Contains(text, strings.ReplaceAll(s, " ", "")) {
			t.Errorf("the delivery slip lacks %q", s)
		}
	}
	if strings.Contains(text, "checklist.") {
		t.Error("a checklist key printed untranslated")
	}
	if n := strings.Count(text, "★"); n != 8 {
		t.Errorf("%d required marks; the 8 furniture lines are all required", n)
	}

	// The slip folder and the other slips of a delivery.
	path, err = a.PrintSlip(tk.ID, SlipAuto, tr)
	if err != nil || filepath.Base(path) != tk.Number+"-delivery.pdf" {
		t.Fatalf("into slips: %s %v", path, err)
	}
	if _, err := a.PrintSlip(tk.ID, SlipService, tr); fieldKey(err) != "err.slip.delivery_only" {
		t.Errorf("a service slip of a delivery: %v", err)
	}
	// A part request raised from it has no slip of its own yet.
	p, err := a.ReportProblem(tk.ID, ProblemInput{Kind: models.ProblemMissingPart, Description: "少一包螺丝", Raise: models.KindPart, PartName: "螺丝包", PartQty: "1"})
	if err != nil {
		t.Fatal(err)
	}
	if SlipsFor(&p.Ticket) != nil {
		t.Error("a part request offers slips")
	}
	if _, err := a.PrintSlip(p.Ticket.ID, SlipAuto, tr); fieldKey(err) != "err.slip.part_none" {
		t.Errorf("a part request printed: %v", err)
	}
}

func TestCommandPrintDelivery(t *testing.T) {
	f, d := printedDelivery(t)
	db := f.a.Path()
	number := d.Ticket.Number
	out := filepath.Join(filepath.Dir(db), "送货 安装.pdf")
	for _, args := range [][]string{{"print", number, "--out", out}, {"print", number, "--out", out, "--slip", "delivery"}} {
		os.Remove(out)
		code, stdout, stderr := runCmd(t, db, args...)
		if code != ExitOK || !strings.Contains(stdout, "delivery") || !strings.Contains(stdout, out) {
			t.Fatalf("%v: exit %d %q %q", args, code, stdout, stderr)
		}
		if text := pdfText(t, out); text != "" && (!strings.Contains(text, "送货安装单") || !strings.Contains(text, "完成进度：6/8")) {
			t.Errorf("%v: %.300s", args, text)
		}
	}
	code, _, stderr := runCmd(t, db, "print", number, "--slip", "service", "--out", filepath.Join(filepath.Dir(db), "x.pdf"))
	if code != ExitFailure || !strings.Contains(stderr, "delivery and installation slip only") {
		t.Errorf("--slip service on a delivery: exit %d %q", code, stderr)
	}
	code, stdout, _ := runCmd(t, db, "print", number, "--lang", "en")
	if want := filepath.Join(filepath.Dir(db), "slips", number+"-delivery.pdf"); code != ExitOK || !strings.Contains(stdout, want) {
		t.Fatalf("into slips: exit %d %q", code, stdout)
	} else if text := pdfText(t, want); text != "" && (!strings.Contains(text, "Deliveryandinstallationslip") || !strings.Contains(text, "Floorofthe")) {
		t.Errorf("English delivery slip: %.300s", text)
	}
}
