package app

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"aftercare/models"
	"aftercare/printing"
)

// openXLSX opens a workbook written by WriteMonthReport.
func openXLSX(t *testing.T, path string) *excelize.File {
	t.Helper()
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return x
}

// rawCell is a cell's stored value (a number as Excel stores it).
func rawCell(t *testing.T, x *excelize.File, sheet string, col, row int) string {
	t.Helper()
	ref, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		t.Fatal(err)
	}
	v, err := x.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// numCell is a cell's stored number.
func numCell(t *testing.T, x *excelize.File, sheet string, col, row int) float64 {
	t.Helper()
	v := rawCell(t, x, sheet, col, row)
	n, err := strconv.ParseFloat(v, 64)
	if err != nil {
		t.Fatalf("%s!%d,%d holds %q, not a number", sheet, col, row, v)
	}
	return n
}

// numFormat is the custom number format of a cell.
func numFormat(t *testing.T, x *excelize.File, sheet string, col, row int) string {
	t.Helper()
	ref, _ := excelize.CoordinatesToCellName(col, row)
	id, err := x.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := x.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt == nil {
		return ""
	}
	return *st.CustomNumFmt
}

// checkWorkbook checks a month's workbook against its report: the three
// sheets with their headers frozen and filtered, every figure's number in
// its unit and format, the staff lines, and one row per ticket with real
// date-times and money that sums.
func checkWorkbook(t *testing.T, path string, r *models.MonthReport, tr printing.Translator) {
	t.Helper()
	x := openXLSX(t, path)
	sheets := []string{tr("report.sheet.figures", ""), tr("report.sheet.staff", ""), tr("report.sheet.tickets", "")}
	if got := x.GetSheetList(); strings.Join(got, "|") != strings.Join(sheets, "|") {
		t.Fatalf("sheets %v, want %v", got, sheets)
	}
	for _, s := range sheets {
		p, err := x.GetPanes(s)
		if err != nil || !p.Freeze || p.YSplit != 1 {
			t.Errorf("%s: header row not frozen: %+v %v", s, p, err)
		}
	}
	filters := 0
	for _, dn := range x.GetDefinedName() {
		if dn.Name == "_xlnm._FilterDatabase" {
			filters++
		}
	}
	if filters != len(sheets) {
		t.Errorf("%d sheets have a filter, want %d", filters, len(sheets))
	}

	fig := sheets[0]
	if h := rawCell(t, x, fig, 4, 1); h != tr("kpi.this_month", "") {
		t.Errorf("figures header %q", h)
	}
	for i, f := range r.Figures {
		row := i + 2
		if got := rawCell(t, x, fig, 1, row); got != tr(f.LabelKey(), f.Key) {
			t.Errorf("row %d: figure %q, want %s", row, got, f.Key)
		}
		if !f.OK {
			if got := rawCell(t, x, fig, 4, row); got != tr("kpi.no_data", "") {
				t.Errorf("%s/%s without data shows %q", f.Key, f.Sub, got)
			}
			continue
		}
		want, format := f.Value, map[models.Unit]string{models.UnitShare: "0.0%", models.UnitMoney: "#,##0.00",
			models.UnitHours: "0.0", models.UnitDays: "0.0", models.UnitCount: "0"}[f.Unit]
		if f.Unit == models.UnitMoney {
			want /= 100
		}
		if got := numCell(t, x, fig, 4, row); math.Abs(got-want) > 1e-9 {
			t.Errorf("%s/%s: %v in the workbook, %v in the report", f.Key, f.Sub, got, want)
		}
		if got := numFormat(t, x, fig, 4, row); got != format {
			t.Errorf("%s/%s shown as %q, want %q", f.Key, f.Sub, got, format)
		}
		if missed := rawCell(t, x, fig, 8, row) != ""; missed != f.Missed {
			t.Errorf("%s/%s: missed mark %v, report says %v", f.Key, f.Sub, missed, f.Missed)
		}
	}
	// The payments by method add up to the total collected.
	total, parts := 0.0, 0.0
	for i, f := range r.Figures {
		if f.Key == "collected" {
			if f.Sub == "" {
				total = numCell(t, x, fig, 4, i+2)
			} else {
				parts += numCell(t, x, fig, 4, i+2)
			}
		}
	}
	if math.Abs(total-parts) > 0.001 {
		t.Errorf("collected %.2f, by method %.2f", total, parts)
	}

	staff := sheets[1]
	rows, err := x.GetRows(staff)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(r.Staff)+1 {
		t.Errorf("staff sheet has %d rows for %d people", len(rows)-1, len(r.Staff))
	}
	for i, s := range r.Staff {
		if rows[i+1][0] != s.Name || numCell(t, x, staff, 8, i+2) != float64(s.Net)/100 || numCell(t, x, staff, 2, i+2) != float64(s.Jobs) {
			t.Errorf("staff row %d: %v, want %s jobs %d net %s", i+2, rows[i+1], s.Name, s.Jobs, s.Net.Yuan())
		}
	}

	tickets := sheets[2]
	rows, err = x.GetRows(tickets)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows)-1 != len(r.Tickets) {
		t.Fatalf("ticket sheet has %d rows for %d tickets", len(rows)-1, len(r.Tickets))
	}
	var paid, charged models.Money
	sumPaid, sumCharged := 0.0, 0.0
	loc := r.Start.Location()
	for i, tk := range r.Tickets {
		row := i + 2
		if rows[i+1][0] != tk.Number {
			t.Fatalf("ticket row %d is %q, want %s", row, rows[i+1][0], tk.Number)
		}
		at, err := excelize.ExcelDateToTime(numCell(t, x, tickets, 6, row), false)
		if err != nil {
			t.Fatal(err)
		}
		want := tk.ReportedAt.In(loc)
		if at.Format("2006-01-02 15:04:05") != want.Format("2006-01-02 15:04:05") {
			t.Errorf("%s reported %s in the workbook, %s in the shop", tk.Number, at.Format(time.DateTime), want.Format(time.DateTime))
		}
		if numFormat(t, x, tickets, 6, row) != "yyyy-mm-dd hh:mm" {
			t.Errorf("%s: reported time not formatted as a date-time", tk.Number)
		}
		paid += tk.Paid
		charged += tk.Charged
		sumPaid += numCell(t, x, tickets, 18, row)
		sumCharged += numCell(t, x, tickets, 17, row)
	}
	if math.Abs(sumPaid-float64(paid)/100) > 0.001 || math.Abs(sumCharged-float64(charged)/100) > 0.001 {
		t.Errorf("paid sums to %.2f (want %s), charged to %.2f (want %s)", sumPaid, paid.Yuan(), sumCharged, charged.Yuan())
	}
}

// TestWriteMonthReportFixture writes the hand-built March 2026 (a shop at
// UTC+8 with calls, complaints and a penalty) as a workbook and a PDF and
// reads both back.
func TestWriteMonthReportFixture(t *testing.T) {
	f := newReportFixture(t)
	f.build(t)
	ctx := context.Background()
	r, err := f.a.MonthReport(ctx, "2026-03")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Tickets) == 0 || r.Figure("satisfaction", "") == nil || !r.Figure("satisfaction", "").OK {
		t.Fatal("fixture: the month should have tickets and satisfaction")
	}
	dir := t.TempDir()
	tr := zhTranslator(t)
	xlsx := filepath.Join(dir, "三月报告.XLSX") // the extension in any case
	if err := f.a.WriteMonthReport(ctx, "2026-03", xlsx, tr); err != nil {
		t.Fatal(err)
	}
	checkWorkbook(t, xlsx, r, tr)

	en, _ := SlipLanguage("en")
	pdf := filepath.Join(dir, "march.pdf")
	if err := f.a.WriteMonthReport(ctx, "2026-03", pdf, en); err != nil {
		t.Fatal(err)
	}
	if pages := pdfA4Pages(t, pdf); pages != 0 && pages < 3 {
		t.Errorf("the report has %d pages", pages)
	}
	if text := pdfText(t, pdf); text != "" {
		mt := models.Translate(en)
		for _, want := range []string{"Monthly after-sales report", "2026-03", "技师甲", "安装丙", "Customer satisfaction", "Compiled by (business manager)"} {
			if !strings.Contains(text, strings.Join(strings.Fields(want), "")) {
				t.Errorf("the PDF lacks %q", want)
			}
		}
		for _, fg := range r.Figures {
			if v := strings.Join(strings.Fields(fg.ValueText(mt)), ""); !strings.Contains(text, v) {
				t.Errorf("the PDF lacks %s/%s = %q", fg.Key, fg.Sub, v)
			}
		}
	}
	for _, p := range []string{xlsx, pdf} {
		if _, err := os.Stat(p + ".part"); err == nil {
			t.Errorf("%s.part left behind", p)
		}
	}
}

// TestWriteMonthReportDemo writes a month of the demo shop (about 170
// tickets a month) in both formats.
func TestWriteMonthReportDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("demo data")
	}
	a := newTestApp(t)
	if _, err := a.Demo(DemoOptions{Customers: 2000, Tickets: 20000, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	month := fixedNow.AddDate(0, -1, 0).Format("2006-01")
	r, err := a.MonthReport(ctx, month)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Tickets) < 50 {
		t.Fatalf("demo month %s has %d tickets", month, len(r.Tickets))
	}
	dir := t.TempDir()
	tr := zhTranslator(t)
	xlsx := filepath.Join(dir, "r.xlsx")
	start := time.Now()
	if err := a.WriteMonthReport(ctx, month, xlsx, tr); err != nil {
		t.Fatal(err)
	}
	t.Logf("xlsx of %d tickets in %v", len(r.Tickets), time.Since(start))
	checkWorkbook(t, xlsx, r, tr)
	pdf := filepath.Join(dir, "r.pdf")
	if err := a.WriteMonthReport(ctx, month, pdf, tr); err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, pdf); text != "" {
		for _, s := range r.Staff {
			if !strings.Contains(text, strings.Join(strings.Fields(s.Name), "")) {
				t.Errorf("the PDF lacks %s", s.Name)
			}
		}
		for _, key := range []string{"report.title", "report.chart.daily", "report.chart.rates", "report.chart.trend", "kpi.group.volume", "kpi.group.money"} {
			if !strings.Contains(text, tr(key, "")) {
				t.Errorf("the PDF lacks %s", key)
			}
		}
	}
}

// TestPrintMonthReportAndBadExtension: the print goes into the prints
// folder by month; any other extension than .pdf or .xlsx is refused
// before anything is written.
func TestPrintMonthReportAndBadExtension(t *testing.T) {
	a := newTestApp(t)
	ctx := context.Background()
	path, err := a.PrintMonthReport(ctx, "2026-10", zhTranslator(t))
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(a.PrintsDir(), "report-2026-10.pdf"); path != want {
		t.Errorf("printed to %s, want %s", path, want)
	}
	if again, err := a.PrintMonthReport(ctx, "2026年10月", zhTranslator(t)); err != nil || again != path {
		t.Errorf("a second print went to %s (%v), want it to replace %s", again, err, path)
	}
	bad := filepath.Join(t.TempDir(), "report.csv")
	err = a.WriteMonthReport(ctx, "2026-10", bad, zhTranslator(t))
	var fe *models.FieldError
	if !errors.As(err, &fe) || fe.Field != "out" || fe.Key != "err.report.extension" {
		t.Fatalf("a .csv gave %v", err)
	}
	if _, err := os.Stat(bad); err == nil {
		t.Error("a refused extension still wrote a file")
	}
	if err := a.WriteMonthReport(ctx, "2026-13", filepath.Join(t.TempDir(), "r.pdf"), nil); models.AsFieldErrors(err).ForField("month") == nil {
		t.Errorf("month 13 gave %v", err)
	}
}

// TestWriteMonthReportNeedsPermission: a delivery worker cannot export
// the figures, and nothing is written.
func TestWriteMonthReportNeedsPermission(t *testing.T) {
	fx := newStatementFixture(t)
	fx.as(t, fx.gm)
	givePIN(t, fx.a, fx.zhao)
	fx.as(t, fx.zhao)
	out := filepath.Join(t.TempDir(), "r.xlsx")
	if err := fx.a.WriteMonthReport(context.Background(), "2026-10", out, nil); models.AsFieldErrors(err).ForField("permission") == nil {
		t.Fatalf("a delivery worker exported the report: %v", err)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("the refused export wrote a file")
	}
}

// TestCommandReport runs `aftercare report` on a shop whose October was
// compiled, approved and executed: usage errors name what to fix, and
// both formats are written with the month's people and sign-offs.
func TestCommandReport(t *testing.T) {
	fx := newStatementFixture(t)
	db := fx.a.Path()
	fx.a.Close() // the command opens the database itself
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"report", "--out", filepath.Join(dir, "r.pdf")}, "name the month with --month YYYY-MM"},
		{[]string{"report", "--month", "2026-13", "--out", filepath.Join(dir, "r.pdf")}, "--month must be YYYY-MM"},
		{[]string{"report", "--month", "2026-10"}, "name the file to write with --out"},
		{[]string{"report", "--month", "2026-10", "--out", filepath.Join(dir, "r.csv")}, "--out must end in .pdf or .xlsx"},
		{[]string{"report", "--month", "2026-10", "--out", filepath.Join(dir, "r.pdf"), "--lang", "fr"}, "--lang must be zh or en"},
		{[]string{"report", "extra", "--month", "2026-10", "--out", filepath.Join(dir, "r.pdf")}, "unexpected argument"},
	} {
		code, _, errs := runCmd(t, db, tc.args...)
		if code != ExitUsage || !strings.Contains(errs, tc.want) || !strings.Contains(errs, "usage: aftercare [--db PATH] report --month") {
			t.Errorf("%v: exit %d, stderr %q; want usage error %q", tc.args, code, errs, tc.want)
		}
	}
	for _, name := range []string{"r.xlsx", "r.pdf"} {
		out := filepath.Join(dir, name)
		code, stdout, errs := runCmd(t, db, "report", "--month", "2026-10", "--out", out, "--lang", "en")
		if code != ExitOK || !strings.Contains(stdout, "wrote the report of 2026-10 to "+out) {
			t.Fatalf("report to %s: exit %d %s %s", name, code, stdout, errs)
		}
	}
	x := openXLSX(t, filepath.Join(dir, "r.xlsx"))
	if x.GetSheetName(0) != "Figures" {
		t.Errorf("--lang en gave sheet %q", x.GetSheetName(0))
	}
	// An approved month: the staff lines are final, not provisional.
	rows, err := x.GetRows("Staff")
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, r := range rows[1:] {
		names[r[0]] = true
		if len(r) == 9 && r[8] != "" {
			t.Errorf("%s is marked %q in an approved month", r[0], r[8])
		}
	}
	if !names["赵师傅"] || !names["钱师傅"] {
		t.Errorf("staff sheet %v", rows)
	}
	if text := pdfText(t, filepath.Join(dir, "r.pdf")); text != "" {
		for _, want := range []string{"赵师傅", "钱师傅", "孙经理", "王总", "Executedbyfinance"} {
			if !strings.Contains(text, want) {
				t.Errorf("the PDF lacks %q", want)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "r.csv")); err == nil {
		t.Error("the refused .csv was written")
	}
}

// BenchmarkMonthReportExport measures writing a demo month (20 000
// tickets over ten years, about 250 in the month) as a workbook and as a
// PDF, from a report computed once.
func BenchmarkMonthReportExport(b *testing.B) {
	a := newTestApp(b)
	if _, err := a.Demo(DemoOptions{Customers: 2000, Tickets: 20000, Seed: 3}); err != nil {
		b.Fatal(err)
	}
	r, err := a.MonthReport(context.Background(), fixedNow.AddDate(0, -1, 0).Format("2006-01"))
	if err != nil {
		b.Fatal(err)
	}
	tr, _ := SlipLanguage("zh")
	b.Run("xlsx", func(b *testing.B) {
		b.ReportAllocs()
		size := 0
		for b.Loop() {
			data, err := monthReportXLSX(r, tr)
			if err != nil {
				b.Fatal(err)
			}
			size = len(data)
		}
		b.ReportMetric(float64(len(r.Tickets)), "tickets")
		b.ReportMetric(float64(size)/1024, "KB")
	})
	// A month of a 1 000 000-ticket shop has about 8 000 tickets: the
	// demo month's, repeated.
	big := *r
	big.Tickets = nil
	for len(big.Tickets) < 10000 {
		big.Tickets = append(big.Tickets, r.Tickets...)
	}
	b.Run("xlsx-10k", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := monthReportXLSX(&big, tr); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(big.Tickets)), "tickets")
	})
	b.Run("pdf", func(b *testing.B) {
		b.ReportAllocs()
		size := 0
		for b.Loop() {
			data, err := printing.MonthlyReport(printing.Shop{Name: "幸福家居"}, r, tr)
			if err != nil {
				b.Fatal(err)
			}
			size = len(data)
		}
		b.ReportMetric(float64(size)/1024, "KB")
	})
}
