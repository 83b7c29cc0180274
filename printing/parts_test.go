package printing

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestPartRequestFormLongReasonAndEnglish(t *testing.T) {
	needTool(t, "pdftotext")
	reason := strings.Repeat("床头板在运输途中磕伤，右上角掉漆约三厘米，客户要求整块更换。", 6)
	r := PartRequest{Shop: Shop{Name: "亚振家具售后服务部", Address: "上海市浦东新区世纪大道100号", Hotline: "400-800-1234"},
		Number: "BJ20261123-004", Status: "Requested", Customer: "陈静", Phones: []string{"139 0013 9000"},
		OrderDate: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), Product: "卧室套房 YZ-8801", PartName: "床头板 1.8米",
		Category: "Double-sided gloss panels", LeadRange: "10–12", Colour: "象牙白", Qty: 1, Batch: "PC20261101-03",
		Inspection: "JY-55812", Reason: reason, Notes: "随下次送货", Urgent: true,
		Expected: time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC), Printed: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	data, err := PartRequestForm(r)
	if err != nil {
		t.Fatal(err)
	}
	path := slipFile(t, "part-request.pdf", data)
	if n := pdfPages(t, path); n != 1 {
		t.Errorf("%d pages", n)
	}
	c := slipChecker{t: t, flat: pageText(t, path, 0)}
	for _, s := range []string{"Replacement part request", "URGENT", "BJ20261123-004", "亚振家具售后服务部", "400-800-1234", "陈静",
		"2026-11-20", "床头板 1.8米", "Double-sided gloss panels", "象牙白", "PC20261101-03", "JY-55812",
		"2026-12-02 (lead time 10–12 days)", "随下次送货", "Requested by", "Approved by (planning)"} {
		c.has(s, s)
	}
	c.has("reason", reason) // nothing lost at the line breaks
	if strings.Contains(c.flat, "Urgent unpacking") {
		t.Error("an unpacking table without unpackings")
	}
}

func TestPartSummarySheetCountsPerCategory(t *testing.T) {
	needTool(t, "pdftotext")
	line := func(n string) PartSummaryLine {
		return PartSummaryLine{Number: n, Customer: "李娜", Product: "衣柜", PartName: "门板", Colour: "白", Qty: 2, Batch: "B1", Inspection: "J1", Status: "已申请"}
	}
	var many []PartSummaryLine
	for i := 0; i < 40; i++ {
		many = append(many, line(fmt.Sprintf("BJ20261101-%03d", i+1)))
	}
	s := PartSummary{From: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC),
		Groups: []PartSummaryGroup{{Category: "Hardware (2)", Lines: many}, {Category: "Glass (2–4)"}, {Category: "Panels (8–10)", Lines: []PartSummaryLine{line("BJ20261102-001")}}}}
	data, err := PartSummarySheet(s)
	if err != nil {
		t.Fatal(err)
	}
	path := slipFile(t, "part-summary.pdf", data)
	if n := pdfPages(t, path); n < 2 {
		t.Errorf("40 lines on %d page(s)", n)
	}
	c := slipChecker{t: t, flat: pageText(t, path, 0)}
	for _, want := range []string{"Replacement part summary", "2026-11-01 – 2026-11-30", "Hardware (2)", "40 request(s)", "Panels (8–10)",
		"1 request(s)", "BJ20261101-040", "BJ20261102-001", "Counts by category", "Total41"} {
		c.has(want, want)
	}
	if strings.Contains(c.flat, "Glass (2–4)") {
		t.Error("an empty category is printed")
	}
}
