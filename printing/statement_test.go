package printing

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"aftercare/models"
)

const statementLongNote = "客户反映安装后柜门关不严，复查发现铰链未调平、背板螺丝少装两颗；已当场返工并向客户道歉，客户表示谅解但要求记录在案。"

// sampleStatement is a month with three people: 赵师傅 with n records
// (enough to continue on further pages), 钱师傅 with a dismissal and a
// correction of an approved month, and Li Wei with a reward only.
func sampleStatement(t testing.TB, tr Translator, n int) Statement {
	t.Helper()
	day := func(d int) time.Time { return time.Date(2026, 10, d, 0, 0, 0, 0, time.UTC) }
	zhao := StatementStaff{Line: models.StaffLine{StaffID: "z", Name: "赵师傅"}}
	for i := range n {
		r := StatementRecord{Date: day(1 + i%28), Rule: "未穿工装或仪容不整", Qty: 1 + i%2, Source: "抽查"}
		r.Amount = -models.Money(1000 * r.Qty)
		switch i % 5 {
		case 1:
			r.Rule, r.Amount, r.Qty, r.Source = "婉拒小费、香烟或礼品（经客户确认）", 2000, 1, "回访"
			r.Ticket = fmt.Sprintf("SH20261%03d-%03d", i, i)
		case 3:
			r.Rule, r.Amount, r.Qty, r.Probation, r.Source = "安装质量问题（并留职查看）", -20000, 1, true, "投诉"
			r.Ticket, r.Note = fmt.Sprintf("WX20261%03d-%03d", i, i), statementLongNote
		}
		zhao.Records = append(zhao.Records, r)
	}
	qian := StatementStaff{Line: models.StaffLine{StaffID: "q", Name: "钱师傅"}, Records: []StatementRecord{
		{Date: day(20), Rule: "安装不当损坏地面或墙面（按个案定额赔偿）", Qty: 1, Amount: -15075, Source: "送货记录", Ticket: "SH20261020-004", Note: "木地板划伤约30厘米"},
		{Date: day(21), Rule: "索要或收受钱物（开除）", Qty: 1, Dismissal: true, Source: "投诉", Note: "向客户索要红包200元"},
		{Date: day(22), Rule: "未穿工装或仪容不整", Qty: 1, Amount: 1000, Source: "抽查", Adjusts: "2026-09", Note: "9月误记，退回罚款"},
	}}
	li := StatementStaff{Line: models.StaffLine{StaffID: "l", Name: "Li Wei"}, Records: []StatementRecord{
		{Date: day(9), Rule: "婉拒小费、香烟或礼品（经客户确认）", Qty: 1, Amount: 2000, Source: "回访", Ticket: "WX20261009-001"},
	}}
	s := Statement{
		Shop:     Shop{Name: "幸福家居家电售后服务中心", Address: "深圳市宝安区新安街道建安一路88号 幸福家居广场一楼", Hotline: "400-888-6666"},
		Month:    "2026-10",
		Status:   "已汇总，待总经理审批",
		Compiled: SignOff{Name: "孙经理", At: time.Date(2026, 11, 2, 9, 15, 0, 0, slipPrinted.Location())},
		Printed:  slipPrinted,
		T:        tr,
	}
	for _, st := range []*StatementStaff{&li, &qian, &zhao} {
		l := &st.Line
		for _, r := range st.Records {
			l.Records++
			if r.Amount < 0 {
				l.Penalties -= r.Amount
			} else {
				l.Rewards += r.Amount
			}
			l.Net += r.Amount
			l.Probation = l.Probation || r.Probation
			l.Dismissal = l.Dismissal || r.Dismissal
		}
		s.Summary = append(s.Summary, *l)
		s.Staff = append(s.Staff, *st)
		s.Totals.Records += l.Records
		s.Totals.Penalties += l.Penalties
		s.Totals.Rewards += l.Rewards
		s.Totals.Net += l.Net
	}
	return s
}

func TestMonthlyStatementPDF(t *testing.T) {
	needTool(t, "pdftotext")
	needTool(t, "pdfinfo")
	tr := translator(loadTranslations(t, "zh_Hans"))
	s := sampleStatement(t, tr, 45)
	data, err := MonthlyStatement(s)
	if err != nil {
		t.Fatal(err)
	}
	path := slipFile(t, "statement-zh.pdf", data)
	pages := pdfPages(t, path)
	if pages < 3 {
		t.Fatalf("45 records and two more people on %d pages: the blocks should continue over at least 3", pages)
	}
	c := slipChecker{t: t, flat: pageText(t, path, 0)}
	c.has("title", tr.get("print.statement.title", ""))
	c.has("month", "2026-10")
	c.has("status", s.Status)
	c.has("shop", s.Shop.Name)
	c.has("hotline", s.Shop.Hotline)
	c.has("provisional notice", tr.get("print.statement.provisional", ""))
	c.allHan("watermark (rotated: its characters come out one by one)", tr.get("print.statement.watermark", ""))
	for p := 1; p <= pages; p++ {
		c.has("page number", fmt.Sprintf("%d / %d", p, pages))
	}
	// The summary: every person with their totals, and the shop's.
	for _, l := range s.Summary {
		c.has("name", l.Name)
		c.has("penalties of "+l.Name, l.Penalties.Yuan())
		c.has("net of "+l.Name, signedMoney(l.Net))
	}
	c.has("shop total penalties", s.Totals.Penalties.Yuan())
	c.has("shop total net", signedMoney(s.Totals.Net))
	c.has("total", tr.get("print.statement.total", ""))
	c.has("probation", tr.get("print.statement.probation", ""))
	c.has("dismissal", tr.get("print.statement.dismissal", ""))
	// The blocks: every ticket number, the amounts and the notes, whole.
	for _, st := range s.Staff {
		for _, r := range st.Records {
			c.has("ticket", r.Ticket)
			c.has("date", models.FormatDate(r.Date))
			if !r.Dismissal {
				c.has("amount", signedMoney(r.Amount))
			}
			c.allHan("rule", r.Rule)
			c.allHan("note", r.Note)
		}
	}
	c.has("a damage case with fen", "-150.75")
	c.has("an adjustment names the month it corrects", tr.get("print.statement.adjusts", "")+"2026-09")
	// Sign-off: the compiler's name and time, blank date lines for the rest.
	c.has("compiled by", tr.get("print.statement.compiled_by", ""))
	c.has("approved by", tr.get("print.statement.approved_by", ""))
	c.has("executed by", tr.get("print.statement.executed_by", ""))
	c.has("compiler", "孙经理")
	c.has("compiled at", "2026-11-02 09:15")
	if n := strings.Count(c.flat, squash(tr.get("print.statement.date_blank", ""))); n != 2 {
		t.Errorf("%d blank date lines, want 2 (approved and executed are not done)", n)
	}
	// A continued block repeats its table header on the next page.
	ruleCol := squash(tr.get("print.statement.rule", ""))
	for p := 2; p <= pages; p++ {
		if !strings.Contains(pageText(t, path, p), ruleCol) {
			t.Errorf("page %d has no table header %q", p, ruleCol)
		}
		if !strings.Contains(pageText(t, path, p), squash(s.Shop.Name)) {
			t.Errorf("page %d has no shop header", p)
		}
	}
}

func TestMonthlyStatementApprovedEnglish(t *testing.T) {
	needTool(t, "pdftotext")
	needTool(t, "pdfinfo")
	tr := translator(loadTranslations(t, "en"))
	s := sampleStatement(t, tr, 4)
	s.Status, s.Final = "Approved", true
	s.Approved = SignOff{Name: "王总", At: time.Date(2026, 11, 3, 17, 5, 0, 0, slipPrinted.Location())}
	s.Executed = SignOff{Name: "Chen Jing", At: time.Date(2026, 11, 10, 11, 0, 0, 0, slipPrinted.Location())}
	data, err := MonthlyStatement(s)
	if err != nil {
		t.Fatal(err)
	}
	path := slipFile(t, "statement-en.pdf", data)
	if pages := pdfPages(t, path); pages != 1 {
		t.Errorf("a short month takes %d pages", pages)
	}
	c := slipChecker{t: t, flat: pageText(t, path, 0)}
	c.has("title", "Monthly penalty and reward statement")
	c.has("net header", "Net (¥)")
	for _, want := range []string{"孙经理", "2026-11-02 09:15", "王总", "2026-11-03 17:05", "Chen Jing", "2026-11-10 11:00", "Li Wei", "Adjusts a record of 2026-09"} {
		c.has("approved statement", want)
	}
	for _, gone := range []string{"PROVISIONAL", "Provisional:", "Date: ______"} {
		if strings.Contains(c.flat, squash(gone)) {
			t.Errorf("an approved and executed month prints %q", gone)
		}
	}
}

func TestMonthlyStatementEmptyMonth(t *testing.T) {
	needTool(t, "pdftotext")
	needTool(t, "pdfinfo")
	tr := translator(loadTranslations(t, "zh_Hans"))
	data, err := MonthlyStatement(Statement{Shop: Shop{Name: "幸福家居"}, Month: "2026-12", Status: "未汇总", Printed: slipPrinted, T: tr,
		ReturnComment: "请补录12月5日抽查记录", ReturnedBy: "王总", Changed: true})
	if err != nil {
		t.Fatal(err)
	}
	path := slipFile(t, "statement-empty.pdf", data)
	if pages := pdfPages(t, path); pages != 1 {
		t.Errorf("an empty month takes %d pages", pages)
	}
	c := slipChecker{t: t, flat: pageText(t, path, 0)}
	c.has("empty", tr.get("print.statement.no_records", ""))
	c.has("return comment", "请补录12月5日抽查记录")
	c.has("returned by", "王总")
	c.has("changed note", tr.get("print.statement.changed", ""))
	if n := strings.Count(c.flat, squash(tr.get("print.statement.date_blank", ""))); n != 3 {
		t.Errorf("%d blank date lines, want 3", n)
	}
}
