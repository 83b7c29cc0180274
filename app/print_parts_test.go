package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"aftercare/models"
)

func TestPartRequestPDFHasEveryField(t *testing.T) {
	a := newTestApp(t)
	c := mustCreate(t, a, "陈静", "13900139000")
	from, err := a.CreateTicket(partIntake(c, func(in *IntakeInput) {
		in.Part.Category = "hardware"
		in.Part.PriceCode, in.Part.PartName = "", "螺丝包"
	}))
	if err != nil {
		t.Fatal(err)
	}
	d, err := a.CreateTicket(partIntake(c, func(in *IntakeInput) {
		in.Priority, in.LinkedTicketID = models.PriorityUrgent, from.Ticket.ID
		in.Part.PriceCode, in.Part.Chargeable, in.Part.Qty = "part_door_panel", true, "2"
	}))
	if err != nil {
		t.Fatal(err)
	}
	step(t, a, d.Ticket.ID, models.StepInput{Action: models.ActApprovePart})
	if _, err := a.RequestUnpack(d.Ticket.ID, models.UnpackInput{PackageNo: "KC-1808-02", Reason: "客户周末入住", ApprovedBy: "王经理"}); err != nil {
		t.Fatal(err)
	}
	path, err := a.PrintPartRequest(d.Ticket.ID, zhTranslator(t))
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(path) != d.Ticket.Number+"-part.pdf" {
		t.Errorf("file %s", path)
	}
	keepPDF(t, path)
	text := pdfText(t, path)
	if text == "" {
		t.Skip("pdftotext is not installed")
	}
	for _, want := range []string{"补件申请单", d.Ticket.Number, "加急", "陈静", "139", "2026-11-20", "亚振卧室套房YZ-8801", "门板", "双面亮光板件",
		"象牙白", "2", "PC20261101-03", "JY-55812", "床头板运输磕伤", "随下次送货带上", "2026-12-02", "（制作周期10–12天）",
		"¥340.00", from.Ticket.Number, "KC-1808-02", "王经理", "2026-11-30", "申请人", "审核（计划部）", "客户须先行付款方可发货"} {
		if !strings.Contains(text, strings.ReplaceAll(want, " ", "")) {
			t.Errorf("request form lacks %q", want)
		}
	}
	phone, err := a.CreateTicket(IntakeInput{CustomerID: c.ID, Kind: models.KindConsultation, Resolution: "电话指导"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.PartRequestPDF(phone.Ticket.ID, nil); models.AsFieldErrors(err).ForField("slip") == nil {
		t.Errorf("a consultation printed a part form: %v", err)
	}
}

func TestPartSummaryPDFGroupedByCategory(t *testing.T) {
	a := newTestApp(t)
	c := mustCreate(t, a, "陈静", "13900139000")
	li := mustCreate(t, a, "李娜", "13912345678")
	mk := func(c *models.Customer, cat, part string, urgent bool) *TicketDetail {
		d, err := a.CreateTicket(partIntake(c, func(in *IntakeInput) {
			in.Part.Category, in.Part.PriceCode, in.Part.PartName = cat, "", part
			if urgent {
				in.Priority = models.PriorityUrgent
			}
		}))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	h1 := mk(c, "hardware", "铰链", false)
	g1 := mk(li, "gloss_double", "顶板", true)
	h2 := mk(li, "hardware", "拉手", false)
	path, err := a.PrintPartSummary(fixedNow, fixedNow, zhTranslator(t))
	if err != nil {
		t.Fatal(err)
	}
	keepPDF(t, path)
	text := pdfText(t, path)
	if text == "" {
		t.Skip("pdftotext is not installed")
	}
	for _, want := range []string{"补件汇总表", "2026-11-23–2026-11-23", "双面亮光板件(10–12)", "五金(2)", "共1单", "共2单", "铰链", "顶板", "拉手",
		"李娜", "象牙白", "PC20261101-03", "JY-55812", "急", "2026-12-02", "已申请", "分类汇总", "合计3", "审核（计划部经理）"} {
		if !strings.Contains(text, want) {
			t.Errorf("summary lacks %q", want)
		}
	}
	// Grouped by category in catalogue order: gloss before hardware, and
	// the two hardware requests together, oldest first.
	gi, hi := strings.Index(text, "双面亮光板件(10–12)"), strings.Index(text, "五金(2)")
	i1, i2, i3 := strings.Index(text, g1.Ticket.Number), strings.Index(text, h1.Ticket.Number), strings.Index(text, h2.Ticket.Number)
	if !(gi < i1 && i1 < hi && hi < i2 && i2 < i3) {
		t.Errorf("order: gloss %d %d, hardware %d %d %d", gi, i1, hi, i2, i3)
	}
	// Nothing in another period.
	path, err = a.PrintPartSummary(fixedNow.AddDate(0, 0, -10), fixedNow.AddDate(0, 0, -1), zhTranslator(t))
	if err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, path); !strings.Contains(text, "此期间没有补件申请") || strings.Contains(text, h1.Ticket.Number) {
		t.Errorf("empty period: %s", text)
	}
	if _, err := a.PartSummaryPDF(fixedNow, fixedNow.AddDate(0, 0, -1), nil); models.AsFieldErrors(err).ForField("to") == nil {
		t.Errorf("reversed range: %v", err)
	}
	_ = os.Remove(path)
}

// keepPDF copies a printed PDF into $AFTERCARE_KEEP_PDF, to look at it.
func keepPDF(t *testing.T, path string) {
	if dir := os.Getenv("AFTERCARE_KEEP_PDF"); dir != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, filepath.Base(path)), data, 0o644)
	}
}
