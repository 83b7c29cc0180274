package printing

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"aftercare/models"
)

// sampleReport is October 2026 of a busy shop, built by hand: every
// group, breakdown lines, completion times by mode (no parent line), a
// missed on-time and complaint target, satisfaction with no data, three
// people (one with a Latin name), a month close compiled by the business
// manager and not yet approved, 31 days of tickets and twelve months of
// trend with a month of no data.
func sampleReport() *models.MonthReport {
	loc := time.FixedZone("CST", 8*3600)
	start := time.Date(2026, 10, 1, 0, 0, 0, 0, loc)
	share := func(key, group string, hits, count int, target *models.Target, prevV float64) models.Figure {
		s := models.Share{Hits: hits, Count: count}
		v, ok := s.Value()
		f := models.Figure{Key: key, Group: group, Unit: models.UnitShare, Value: v, OK: ok, Share: s, Target: target, Prev: prevV, PrevOK: true}
		f.Missed = ok && target != nil && !target.Met(v)
		return f
	}
	count := func(key, group, sub, subKey string, n, prev float64) models.Figure {
		return models.Figure{Key: key, Group: group, Sub: sub, SubKey: subKey, Unit: models.UnitCount, Value: n, OK: true, Prev: prev, PrevOK: true}
	}
	money := func(key, sub, subKey string, fen, prev float64) models.Figure {
		return models.Figure{Key: key, Group: models.GroupMoney, Sub: sub, SubKey: subKey, Unit: models.UnitMoney, Value: fen, OK: true, Prev: prev, PrevOK: true}
	}
	hours := func(sub string, mean, median, prev float64, ok bool) models.Figure {
		return models.Figure{Key: "completion", Group: models.GroupSpeed, Sub: sub, SubKey: "mode." + sub, Unit: models.UnitHours,
			Value: mean, Median: median, OK: ok, Prev: prev, PrevOK: prev > 0}
	}
	figs := []models.Figure{
		count("received", models.GroupVolume, "", "", 412, 398),
		count("received", models.GroupVolume, "repair", "kind.repair", 251, 240),
		count("received", models.GroupVolume, "delivery", "kind.delivery", 118, 120),
		count("received", models.GroupVolume, "mode:onsite", "mode.onsite", 160, 150),
		count("completed", models.GroupVolume, "", "", 377, 380),
		count("open_end", models.GroupVolume, "", "", 96, 61),
		{Key: "backlog_median_days", Group: models.GroupVolume, Unit: models.UnitDays, Value: 6.4, OK: true, Prev: 5.1, PrevOK: true},
		share("first_response", models.GroupSpeed, 380, 399, nil, 0.941),
		share("on_time", models.GroupSpeed, 171, 204, &models.TargetOnTime, 0.912),
		hours("onsite", 52.3, 47.9, 49.5, true),
		hours("carryin", 103.7, 96.2, 0, true),
		hours("mailin", 0, 0, 0, false),
		share("resolution", models.GroupQuality, 370, 391, nil, 0.95),
		share("satisfaction", models.GroupQuality, 0, 0, &models.TargetSatisfaction, 0),
		share("complaint_rate", models.GroupQuality, 14, 301, &models.TargetComplaintRate, 0.021),
		share("repeat_repair", models.GroupQuality, 251, 251, &models.TargetRepeatRepair, 0),
		count("complaints", models.GroupQuality, "", "", 17, 9),
		count("reschedules_shop", models.GroupOperations, "", "", 23, 11),
		share("parts_on_time", models.GroupOperations, 40, 44, nil, 0.9),
		money("collected", "", "", 8623450, 7900000),
		money("collected", "cash", "pay.cash", 1200050, 1000000),
		money("collected", "wechat", "pay.wechat", 7423400, 6900000),
		money("refunds", "", "", 129900, 0),
	}
	// repeat_repair: 251 first repairs of 251 is 100 % "not a repeat"; the
	// figure counts repeats, so make it a share of repeats: 3 of 251.
	for i := range figs {
		if figs[i].Key == "repeat_repair" {
			figs[i] = share("repeat_repair", models.GroupQuality, 3, 251, &models.TargetRepeatRepair, 0)
		}
	}
	r := &models.MonthReport{
		Month: "2026-10", Start: start, End: start.AddDate(0, 1, 0), Shop: "幸福家居家电售后服务中心",
		GeneratedAt: time.Date(2026, 11, 2, 8, 30, 0, 0, time.UTC),
		Figures:     figs,
		Staff: []models.StaffFigures{
			{StaffID: "z", Name: "赵师傅", Jobs: 61, OnTime: models.Share{Hits: 50, Count: 57}, Satisfaction: models.Share{Hits: 9, Count: 10},
				Complaints: 2, Penalties: 20000, Rewards: 2000, Net: -18000, Provisional: true},
			{StaffID: "q", Name: "钱师傅", Jobs: 48, OnTime: models.Share{Hits: 44, Count: 45}, Penalties: 15075, Net: -15075, Provisional: true},
			{StaffID: "l", Name: "Li Wei", Jobs: 0, Rewards: 5000, Net: 5000, Provisional: true},
		},
		Conduct: []models.StaffLine{
			{StaffID: "l", Name: "Li Wei", Records: 1, Rewards: 5000, Net: 5000},
			{StaffID: "q", Name: "钱师傅", Records: 2, Penalties: 15075, Net: -15075, Dismissal: true},
			{StaffID: "z", Name: "赵师傅", Records: 3, Penalties: 20000, Rewards: 2000, Net: -18000, Probation: true},
		},
	}
	compiled := time.Date(2026, 11, 1, 1, 15, 0, 0, time.UTC) // 09:15 in the shop
	r.Close = models.MonthClose{Month: "2026-10", Status: models.MonthCompiled, CompiledBy: "孙经理", CompiledAt: &compiled}
	for d := 1; d <= 31; d++ {
		day := time.Date(2026, 10, d, 0, 0, 0, 0, time.UTC)
		by := map[models.TicketKind]int{models.KindRepair: 4 + d%7, models.KindDelivery: 2 + d%4}
		if d%3 == 0 {
			by[models.KindComplaint] = 1
		}
		if d%5 == 0 {
			by[models.KindPart] = 2
		}
		r.Days = append(r.Days, models.DayCount{Day: day, ByKind: by})
	}
	for i := 11; i >= 0; i-- {
		m := start.AddDate(0, -i, 0)
		p := models.TrendPoint{Month: models.MonthOf(m),
			FirstResponse: models.Share{Hits: 90 + i%5, Count: 100},
			OnTime:        models.Share{Hits: 80 + i, Count: 100},
			Satisfaction:  models.Share{Hits: 85 + i%3, Count: 100},
			ComplaintRate: models.Share{Hits: 2 + i%3, Count: 100}}
		if i == 4 {
			p.Satisfaction = models.Share{} // no calls that month: a gap in the line
		}
		r.Trend = append(r.Trend, p)
	}
	return r
}

var reportShop = Shop{Name: "幸福家居家电售后服务中心", Address: "深圳市宝安区新安街道建安一路88号", Hotline: "400-888-6666"}

// checkReport asserts what every monthly report prints: the title, month
// and shop, every figure's label and its texts, the group headings, the
// charts' headings and legends, the staff and the penalty summary.
func checkReport(t *testing.T, path string, r *models.MonthReport, tr Translator) slipChecker {
	t.Helper()
	pages := pdfPages(t, path)
	c := slipChecker{t: t, flat: pageText(t, path, 0)}
	mt := models.Translate(tr.get)
	c.has("title", tr.get("report.title", ""))
	c.has("month", r.Month)
	c.has("shop", reportShop.Name)
	c.has("period", "2026-10-01 – 2026-10-31")
	c.has("generated in the shop's time", "2026-11-02 16:30")
	for _, g := range models.FigureGroups {
		c.has("group heading", tr.get(models.GroupKey(g), "MISSING "+g))
	}
	for _, f := range r.Figures {
		label := tr.get(f.LabelKey(), "MISSING "+f.Key)
		if f.Sub != "" {
			label = tr.get(f.SubKey, "MISSING "+f.SubKey)
		}
		c.has("label of "+f.Key+"/"+f.Sub, label)
		c.has("value of "+f.Key+"/"+f.Sub, f.ValueText(mt))
		c.has("previous of "+f.Key+"/"+f.Sub, f.PrevText(mt))
		c.has("detail of "+f.Key+"/"+f.Sub, f.DetailText(mt))
		c.has("target of "+f.Key, f.TargetText())
	}
	for _, key := range []string{"kpi.figure", "kpi.this_month", "kpi.prev_month", "kpi.target", "kpi.missed", "report.col.detail",
		"report.highlights", "report.chart.daily", "report.chart.rates", "report.chart.trend", "report.staff", "report.conduct",
		"kpi.staff.name", "kpi.staff.jobs", "kpi.staff.on_time", "kpi.staff.penalties", "kpi.staff.net", "report.sign_hint",
		"print.statement.compiled_by", "print.statement.approved_by", "kind.repair", "kind.delivery", "kind.complaint", "kind.part"} {
		c.has(key, tr.get(key, "MISSING "+key))
	}
	for _, s := range r.Staff {
		c.has("staff name", s.Name)
		c.has("net of "+s.Name, signedMoney(s.Net))
		c.has("penalties of "+s.Name, s.Penalties.Yuan())
	}
	for p := 2; p <= pages; p++ {
		if !strings.Contains(pageText(t, path, p), squash(reportShop.Name)) {
			t.Errorf("page %d has no shop header", p)
		}
		c.has("page number", fmt.Sprintf("%d / %d", p, pages))
	}
	return c
}

func TestMonthlyReportChinese(t *testing.T) {
	needTool(t, "pdftotext")
	needTool(t, "pdfinfo")
	tr := translator(loadTranslations(t, "zh_Hans"))
	r := sampleReport()
	// Enough people for the staff table to continue on another page.
	for i := range 40 {
		r.Staff = append(r.Staff, models.StaffFigures{StaffID: fmt.Sprint(i), Name: fmt.Sprintf("安装工%02d", i), Jobs: i,
			OnTime: models.Share{Hits: i, Count: 40}, Provisional: true})
	}
	data, err := MonthlyReport(reportShop, r, tr)
	if err != nil {
		t.Fatal(err)
	}
	path := slipFile(t, "report-zh.pdf", data)
	pages := pdfPages(t, path)
	if pages < 5 || pages > 7 {
		t.Errorf("the report takes %d pages; expected the cover, the figures, the charts and the staff on 5 to 7", pages)
	}
	c := checkReport(t, path, r, tr)
	// Every page with staff lines repeats the table's header row.
	staffPages := 0
	for p := 2; p <= pages; p++ {
		text := pageText(t, path, p)
		if strings.Contains(text, "安装工") {
			staffPages++
			if !strings.Contains(text, squash(tr.get("kpi.staff.jobs", ""))) {
				t.Errorf("page %d has staff lines without the table header", p)
			}
		}
	}
	if staffPages < 2 {
		t.Errorf("the staff table is on %d page(s); the fixture should make it continue", staffPages)
	}
	// Completion times have no line of their own: their lines carry the
	// figure's name with the mode.
	c.has("completion by mode", tr.get("kpi.completion", "")+" — "+tr.get("mode.onsite", ""))
	c.has("no data", tr.get("kpi.no_data", ""))
	c.has("on-time missed", "83.8%")
	// The missed word appears beside each missed figure in the table, and
	// on the cover's legend: on time and complaint rate missed.
	missed := 0
	for _, f := range r.Figures {
		if f.Missed {
			missed++
		}
	}
	if missed != 3 {
		t.Fatalf("fixture: %d missed figures, want on time, complaint rate and repeat repairs", missed)
	}
	if n := strings.Count(c.flat, squash(tr.get("kpi.missed", ""))); n < missed {
		t.Errorf("the word for a missed target appears %d times for %d missed figures", n, missed)
	}
	// Not approved: the amounts are provisional, the compiler signed, the
	// general manager's box is blank.
	c.has("provisional", tr.get("kpi.provisional", ""))
	c.has("provisional note", tr.get("report.staff_provisional", ""))
	c.has("close status", tr.get("conduct.month_status.compiled", ""))
	c.has("compiler", "孙经理")
	c.has("compiled at, shop time", "2026-11-01 09:15")
	if n := strings.Count(c.flat, squash(tr.get("print.statement.date_blank", ""))); n != 1 {
		t.Errorf("%d blank date lines, want 1 (approval)", n)
	}
	c.has("dismissal flag", tr.get("print.statement.dismissal", ""))
	c.has("conduct total net", signedMoney(-28075))
	// The cover has no page header: the title stands once on page 1 only
	// as the cover's own title, and page 2 carries the running header.
	if !strings.Contains(pageText(t, path, 2), squash(tr.get("report.title", ""))) {
		t.Error("page 2 has no report title in its header")
	}
}

func TestMonthlyReportEnglishApproved(t *testing.T) {
	needTool(t, "pdftotext")
	needTool(t, "pdfinfo")
	tr := translator(loadTranslations(t, "en"))
	r := sampleReport()
	approved := time.Date(2026, 11, 3, 9, 5, 0, 0, time.UTC)
	r.Close.Status, r.Close.ApprovedBy, r.Close.ApprovedAt = models.MonthApproved, "Wang Zong", &approved
	for i := range r.Staff {
		r.Staff[i].Provisional = false
	}
	data, err := MonthlyReport(reportShop, r, tr)
	if err != nil {
		t.Fatal(err)
	}
	path := slipFile(t, "report-en.pdf", data)
	c := checkReport(t, path, r, tr)
	c.has("title", "Monthly after-sales report")
	c.has("completion by mode", "Completion time")
	for _, want := range []string{"孙经理", "2026-11-01 09:15", "Wang Zong", "2026-11-03 17:05", "Approved and locked"} {
		c.has("approved report", want)
	}
	for _, gone := range []string{"Date: ______", tr.get("report.staff_provisional", ""), tr.get("kpi.provisional", ""), "Provisional"} {
		if strings.Contains(c.flat, squash(gone)) {
			t.Errorf("an approved month prints %q", gone)
		}
	}
}

// TestMonthlyReportEmptyMonth: a month with nothing at all prints "no
// data" rather than zeros, with blank sign-off lines.
func TestMonthlyReportEmptyMonth(t *testing.T) {
	needTool(t, "pdftotext")
	needTool(t, "pdfinfo")
	tr := translator(loadTranslations(t, "zh_Hans"))
	start := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	r := &models.MonthReport{Month: "2026-12", Start: start, End: start.AddDate(0, 1, 0), GeneratedAt: start,
		Figures: []models.Figure{{Key: "on_time", Group: models.GroupSpeed, Unit: models.UnitShare, Target: &models.TargetOnTime}}}
	for d := 1; d <= 31; d++ {
		r.Days = append(r.Days, models.DayCount{Day: start.AddDate(0, 0, d-1), ByKind: map[models.TicketKind]int{}})
	}
	data, err := MonthlyReport(reportShop, r, tr)
	if err != nil {
		t.Fatal(err)
	}
	path := slipFile(t, "report-empty.pdf", data)
	c := slipChecker{t: t, flat: pageText(t, path, 0)}
	c.has("no data", tr.get("kpi.no_data", ""))
	c.has("no staff", tr.get("report.staff_none", ""))
	c.has("no records", tr.get("print.statement.no_records", ""))
	if n := strings.Count(c.flat, squash(tr.get("print.statement.date_blank", ""))); n != 2 {
		t.Errorf("%d blank date lines, want 2", n)
	}
	if strings.Contains(c.flat, squash(tr.get("kpi.missed", ""))+"83") {
		t.Error("an empty month marks a missed target")
	}
}

// TestMonthlyReportCharts renders the chart page and counts what was
// drawn: a bar for each of the 31 days (their repair part at the bottom,
// in the first series colour), and every kind's, the missed rate's and
// the target's colours.
func TestMonthlyReportCharts(t *testing.T) {
	needTool(t, "pdftoppm")
	tr := translator(loadTranslations(t, "zh_Hans"))
	r := sampleReport()
	data, err := MonthlyReport(reportShop, r, tr)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "r.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	page := chartPage(t, path, tr)
	run(t, "pdftoppm", "-png", "-r", "100", "-f", fmt.Sprint(page), "-l", fmt.Sprint(page), "-singlefile", path, filepath.Join(dir, "p"))
	f, err := os.Open(filepath.Join(dir, "p.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if bars := maxRuns(img, chartColours[0]); bars != len(r.Days) {
		t.Errorf("%d bars side by side in the daily chart, want one per day (%d)", bars, len(r.Days))
	}
	for i, want := range []rgb{chartColours[1], chartColours[2], chartColours[3], colWarn} {
		if n := maxRuns(img, want); n == 0 {
			t.Errorf("colour %d %v is not drawn on the chart page", i, want)
		}
	}
}

// maxRuns is the largest number of separate runs of colour c (two pixels
// or more) on one row of img.
func maxRuns(img image.Image, c rgb) int {
	near := func(x, y int) bool {
		r, g, b, _ := img.At(x, y).RGBA()
		d := func(v uint32, w int) int { return int(v>>8) - w }
		abs := func(v int) int { return max(v, -v) }
		return abs(d(r, c.r))+abs(d(g, c.g))+abs(d(b, c.b)) < 40
	}
	best := 0
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		runs, length := 0, 0
		for x := bounds.Min.X; x <= bounds.Max.X; x++ {
			if x < bounds.Max.X && near(x, y) {
				length++
				continue
			}
			if length >= 2 {
				runs++
			}
			length = 0
		}
		best = max(best, runs)
	}
	return best
}

// chartPage finds the page with the daily chart's heading.
func chartPage(t *testing.T, path string, tr Translator) int {
	t.Helper()
	want := squash(tr.get("report.chart.daily", ""))
	for p := 1; p <= pdfPages(t, path); p++ {
		if strings.Contains(pageText(t, path, p), want) {
			return p
		}
	}
	t.Fatal("no page with the daily chart")
	return 0
}

func BenchmarkMonthlyReport(b *testing.B) {
	tr := translator(loadTranslations(b, "zh_Hans"))
	r := sampleReport()
	b.ReportAllocs()
	size := 0
	for b.Loop() {
		data, err := MonthlyReport(reportShop, r, tr)
		if err != nil {
			b.Fatal(err)
		}
		size = len(data)
	}
	b.ReportMetric(float64(size)/1024, "KB/pdf")
}
