package app

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"aftercare/assets"
	"aftercare/models"
)

// statementFixture is a signed-in shop whose October 2026 was compiled by
// the business manager, approved by the general manager and executed by
// finance, with a correction of one of its records in November.
type statementFixture struct {
	a           *App
	gm, bm, fin *models.Staff
	zhao, qian  *models.Staff
	ticket      string                // number of the ticket a record points to
	first       *models.ConductRecord // the installation problem corrected in November
}

func newStatementFixture(t *testing.T) *statementFixture {
	t.Helper()
	a, gm := newSignInApp(t)
	fx := &statementFixture{a: a, gm: gm}
	if err := a.SaveShop(ShopInfo{Name: "幸福家居售后服务中心", Address: "深圳市宝安区建安一路88号", Hotline: "400-888-6666"}); err != nil {
		t.Fatal(err)
	}
	mk := func(name string, role models.Role, pin bool) *models.Staff {
		if pin {
			return staffWithPIN(t, a, name, role)
		}
		return mustStaff(t, a, name, role)
	}
	fx.bm, fx.fin = mk("孙经理", models.RoleBusinessManager, true), mk("会计小陈", models.RoleFinance, true)
	fx.zhao, fx.qian = mk("赵师傅", models.RoleDelivery, false), mk("钱师傅", models.RoleDelivery, false)
	c, err := a.CreateCustomer(models.CustomerInput{Name: "王小明", Phones: []string{"13800138000"}, Addresses: []string{"深圳市南山区科技园"}}, CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	d, err := a.CreateTicket(IntakeInput{CustomerID: c.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "衣柜门板脱落"})
	if err != nil {
		t.Fatal(err)
	}
	fx.ticket = d.Ticket.Number
	fx.as(t, fx.bm)
	add := func(staff *models.Staff, date, code, amount, note string, ticket string) *models.ConductRecord {
		t.Helper()
		rec, err := a.AddRecord(models.RecordInput{StaffID: staff.ID, Date: date, RuleID: ruleByCode(t, a, code).ID, Amount: amount,
			Source: models.RecSpotCheck, TicketID: ticket, Note: note})
		if err != nil {
			t.Fatalf("record %s: %v", code, err)
		}
		return rec
	}
	add(fx.zhao, "2026-10-03", "uniform", "", "", "")
	add(fx.zhao, "2026-10-09", "gift_refused", "", "客户来电表扬", "")
	fx.first = add(fx.zhao, "2026-10-15", "installation", "", "柜门未调平，返工一次", d.Ticket.ID)
	add(fx.qian, "2026-10-20", "damage", "150.50", "木地板划伤", "")
	add(fx.qian, "2026-10-21", "money_gifts", "", "", "")
	if _, err := a.CompileMonth("2026-10"); err != nil {
		t.Fatal(err)
	}
	fx.as(t, gm)
	if _, err := a.ApproveMonth("2026-10"); err != nil {
		t.Fatal(err)
	}
	fx.as(t, fx.fin)
	if _, err := a.ExecuteMonth("2026-10"); err != nil {
		t.Fatal(err)
	}
	fx.as(t, fx.bm)
	if _, err := a.AddRecord(models.RecordInput{StaffID: fx.zhao.ID, Date: "2026-11-05", RuleID: ruleByCode(t, a, "installation").ID, Amount: "+100",
		Source: models.RecComplaint, AdjustsID: fx.first.ID, Note: "复核后减半"}); err != nil {
		t.Fatal(err)
	}
	return fx
}

func (fx *statementFixture) as(t *testing.T, s *models.Staff) {
	t.Helper()
	if s.ID != fx.gm.ID {
		signInAs(t, fx.a, s)
	} else if _, err := fx.a.SignIn(s.ID, "2580"); err != nil {
		t.Fatal(err)
	}
}

// pdfA4Pages checks with pdfinfo that a PDF is A4 and returns its page
// count; 0 when poppler is not installed.
func pdfA4Pages(t *testing.T, path string) int {
	t.Helper()
	if _, err := exec.LookPath("pdfinfo"); err != nil {
		return 0
	}
	out, err := exec.Command("pdfinfo", path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, out)
	}
	if !regexp.MustCompile(`Page size:\s+595(\.\d+)? x 841\.89 pts \(A4\)`).Match(out) {
		t.Errorf("not A4:\n%s", out)
	}
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("no page count:\n%s", out)
	}
	n := 0
	for _, c := range m[1] {
		n = n*10 + int(c-'0')
	}
	return n
}

func TestStatementOfAnExecutedMonth(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed")
	}
	fx := newStatementFixture(t)
	zh := assets.Translator(assets.LangChinese)
	path, err := fx.a.PrintStatement("2026/10", zhTranslator(t))
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(fx.a.PrintsDir(), "statement-2026-10.pdf"); path != want {
		t.Fatalf("written to %s, want %s", path, want)
	}
	if n := pdfA4Pages(t, path); n != 1 {
		t.Errorf("%d pages for two people", n)
	}
	text := pdfText(t, path)
	has := func(what, s string) {
		t.Helper()
		if s = strings.Join(strings.Fields(s), ""); !strings.Contains(text, s) {
			t.Errorf("%s %q is missing", what, s)
		}
	}
	has("title", zh("print.statement.title", ""))
	has("status", zh("conduct.month_status.executed", "Executed by finance"))
	has("shop", "幸福家居售后服务中心")
	for _, name := range []string{"赵师傅", "钱师傅"} {
		has("staff", name)
	}
	// 赵师傅: −10 −200 +20 = −190; 钱师傅: −150.50 and a dismissal.
	for _, amount := range []string{"-10.00", "+20.00", "-200.00", "-190.00", "210.00", "-150.50", "360.50", "-340.50"} {
		has("amount", amount)
	}
	has("ticket number", fx.ticket)
	has("translated rule", zh("conduct.rule.installation", ""))
	has("translated source", zh("conduct.source.spot_check", "Spot check"))
	has("note", "柜门未调平，返工一次")
	has("probation", zh("print.statement.probation", ""))
	has("dismissal", zh("print.statement.dismissal", ""))
	// The sign-off lines with who did each step and when.
	for _, s := range []string{"print.statement.compiled_by", "print.statement.approved_by", "print.statement.executed_by"} {
		has("sign-off", zh(s, ""))
	}
	for _, name := range []string{"孙经理", "王总", "会计小陈"} {
		has("signed off by", name)
	}
	if n := strings.Count(text, "2026-11-2310:00"); n != 4 {
		t.Errorf("%d times 2026-11-23 10:00, want 4: three sign-offs and the print time", n)
	}
	if strings.Contains(text, strings.Join(strings.Fields(zh("print.statement.provisional", "")), "")) {
		t.Error("an executed month is marked provisional")
	}
	// Printing again replaces the file.
	if again, err := fx.a.PrintStatement("2026-10", zhTranslator(t)); err != nil || again != path {
		t.Fatalf("second print: %s %v", again, err)
	}
}

func TestStatementOfAnOpenMonthIsProvisional(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed")
	}
	fx := newStatementFixture(t)
	en, ok := SlipLanguage("en")
	if !ok {
		t.Fatal("no English")
	}
	out := filepath.Join(t.TempDir(), "nov.pdf")
	path, err := fx.a.PrintStatementFile("2026-11", en, out)
	if err != nil || path != out {
		t.Fatalf("%s %v", path, err)
	}
	if n := pdfA4Pages(t, out); n != 1 {
		t.Errorf("%d pages", n)
	}
	text := pdfText(t, out)
	for _, want := range []string{"Monthly penalty and reward statement", "2026-11", "Provisional:", "赵师傅", "+100.00",
		"Adjusts a record of 2026-10", "复核后减半", "Compiled by (business manager)", "Date: ______ / ___ / ___"} {
		if !strings.Contains(text, strings.Join(strings.Fields(want), "")) {
			t.Errorf("%q is missing", want)
		}
	}
	if strings.Count(text, "Date:______/___/___") != 3 {
		t.Error("an open month should leave all three sign-off dates blank")
	}
	if strings.Contains(text, "孙经理") {
		t.Error("an open month names a compiler")
	}
}

func TestStatementMonthDiffersFromCompiled(t *testing.T) {
	fx := newStatementFixture(t)
	a := fx.a
	// Compile November, then rename the person: names do not count.
	if _, err := a.CompileMonth("2026-11"); err != nil {
		t.Fatal(err)
	}
	ms, err := a.MonthStatement("2026-11")
	if err != nil {
		t.Fatal(err)
	}
	if ms.CompiledDiffers() {
		t.Fatal("a freshly compiled month differs")
	}
	if ms.AdjustedMonths[fx.first.ID] != "2026-10" {
		t.Fatalf("adjusted months: %v", ms.AdjustedMonths)
	}
	// A compiled summary that no longer matches the records is noticed.
	ms.Compiled[0].Penalties += 100
	if !ms.CompiledDiffers() {
		t.Fatal("a changed total was not noticed")
	}
	ms.Compiled = append(ms.Compiled, models.StaffLine{StaffID: "x"})
	if !ms.CompiledDiffers() {
		t.Fatal("an extra person was not noticed")
	}
	if _, err := a.StatementPDF("2026-13", nil); models.AsFieldErrors(err).ForField("month") == nil {
		t.Fatalf("month 13: %v", err)
	}
	if _, err := os.Stat(a.PrintsDir()); err == nil {
		t.Fatal("a refused statement created the prints folder")
	}
}
