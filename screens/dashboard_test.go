package screens

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"aftercare/app"
	"aftercare/models"
)

// dashFixture is the main window of the general manager 王总 on a small
// demo database, showing the Dashboard.
type dashFixture struct {
	*signFixture
	m *mainWindow
	s *dashboardScreen
}

func newDashFixture(t *testing.T) *dashFixture {
	t.Helper()
	fx := newSignFixture(t)
	gm, _ := fx.accounts(t)
	if _, err := fx.app.SignIn(gm.ID, "2580"); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.app.Demo(app.DemoOptions{Customers: 150, Tickets: 1500, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	d := &dashFixture{signFixture: fx}
	custUI(func() {
		d.m = newMainWindow(fx.deps)
		fx.w.SetContent(d.m.root)
	})
	custWaitIdle(t)
	if d.m.dashboard == nil || !hasArea(d.m, "nav.dashboard") {
		t.Fatal("the general manager has no Dashboard area")
	}
	d.s = d.m.dashboard
	custUI(func() { d.m.Area("nav.dashboard") })
	custWaitIdle(t)
	return d
}

// appReport is the app's report for a month, to compare the screen with.
func (d *dashFixture) appReport(t *testing.T, month string) *models.MonthReport {
	t.Helper()
	r, err := d.app.MonthReport(context.Background(), month)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// checkTiles compares the tiles with the app's report of the month: one
// tile per figure line plus one for the figure with only breakdown lines
// (completion), each showing the report's value, previous month, target
// and missed mark, with its breakdown lines inside.
func checkTiles(t *testing.T, s *dashboardScreen, want *models.MonthReport) {
	t.Helper()
	if s.report == nil || s.report.Month != want.Month {
		t.Fatalf("the screen shows %+v, want %s", s.report, want.Month)
	}
	lines := map[string]int{}
	figureLines := 0
	for _, f := range want.Figures {
		if f.Sub == "" {
			figureLines++
		} else {
			lines[f.Key]++
		}
	}
	if len(s.tiles) != figureLines+1 {
		t.Fatalf("%d tiles for %d figure lines and the completion times", len(s.tiles), figureLines)
	}
	tr := func(k, fb string) string { return T(k, fb) }
	missed := 0
	for _, tile := range s.tiles {
		if tile.fig < 0 {
			if tile.key != "completion" || len(tile.lines) != lines["completion"] {
				t.Errorf("tile without a figure line: %s with %d lines", tile.key, len(tile.lines))
			}
			continue
		}
		f := want.Figures[tile.fig]
		if f.Key != tile.key || f.Sub != "" {
			t.Fatalf("tile %s shows figure %+v", tile.key, f)
		}
		if tile.value.Text != f.ValueText(tr) {
			t.Errorf("%s: value %q, app says %q", f.Key, tile.value.Text, f.ValueText(tr))
		}
		if !strings.Contains(tile.prev.Text, f.PrevText(tr)) {
			t.Errorf("%s: previous month %q, app says %q", f.Key, tile.prev.Text, f.PrevText(tr))
		}
		if d := f.DetailText(tr); d != "" && tile.detail.Text != d {
			t.Errorf("%s: detail %q, app says %q", f.Key, tile.detail.Text, d)
		}
		if tt := f.TargetText(); (tt == "") != (tile.target.Text == "") || !strings.Contains(tile.target.Text, tt) {
			t.Errorf("%s: target %q, app says %q", f.Key, tile.target.Text, tt)
		}
		if tile.missedBox.Visible() != f.Missed || (f.Missed && tile.tap.bg.StrokeColor != theme.Color(theme.ColorNameError)) {
			t.Errorf("%s: missed mark shown %v, app says missed %v", f.Key, tile.missedBox.Visible(), f.Missed)
		}
		if f.Missed {
			missed++
		}
		if len(tile.lines) != lines[f.Key] {
			t.Errorf("%s: %d breakdown lines in the tile, the report has %d", f.Key, len(tile.lines), lines[f.Key])
		}
		for _, i := range tile.lines {
			if want.Figures[i].Key != f.Key || want.Figures[i].Sub == "" {
				t.Errorf("%s: line %+v in its tile", f.Key, want.Figures[i])
			}
		}
	}
	if s.staff.Objects == nil || len(s.staff.Objects) != len(want.Staff)+1 {
		t.Errorf("staff table: %d rows for %d people and the header", len(s.staff.Objects), len(want.Staff))
	}
	t.Logf("%s: %d tiles, %d missed", want.Month, len(s.tiles), missed)
}

// tileOf is the tile of a figure.
func tileOf(t *testing.T, s *dashboardScreen, key string) *figureTile {
	t.Helper()
	for _, tile := range s.tiles {
		if tile.key == key {
			return tile
		}
	}
	t.Fatalf("no tile for %s", key)
	return nil
}

func TestDashboardShowsTheMonthsFigures(t *testing.T) {
	d := newDashFixture(t)
	s := d.s
	// The 23rd: the current month.
	if s.monthLabel.Text != "2026-11" || !s.nextBtn.Disabled() || s.busy.Visible() {
		t.Fatalf("month %q, next enabled %v, busy %v", s.monthLabel.Text, !s.nextBtn.Disabled(), s.busy.Visible())
	}
	want := d.appReport(t, "2026-11")
	checkTiles(t, s, want)

	// Charts: a bar per day and kind received, a target line per rate
	// with a target.
	bars := 0
	for _, day := range want.Days {
		for _, n := range day.ByKind {
			if n > 0 {
				bars++
			}
		}
	}
	if got := countObjects[*canvas.Rectangle](s.days.draw(fyne.NewSize(600, 200))); got != bars {
		t.Errorf("day chart: %d bars, %d day-kind pairs with tickets", got, bars)
	}
	targets, rates := 0, 0
	for _, f := range want.Figures {
		if f.Unit == models.UnitShare && f.Sub == "" {
			rates++
			if f.Target != nil {
				targets++
			}
		}
	}
	if got := countObjects[*canvas.Line](s.rates.draw(fyne.NewSize(600, 300))); got != targets || targets == 0 {
		t.Errorf("rate chart: %d target lines, %d rates with a target", got, targets)
	}
	if s.rates.MinSize().Height < float32(rates*rateRowHeight) {
		t.Errorf("rate chart %v high for %d rates", s.rates.MinSize(), rates)
	}
	if len(want.Trend) != 12 || countObjects[*canvas.Circle](s.trend.draw(fyne.NewSize(600, 200))) == 0 {
		t.Errorf("trend chart: %d months, no dots", len(want.Trend))
	}
	if !strings.Contains(s.closeStatus.Text, MonthStatusLabel(want.Close.Status)) {
		t.Errorf("month close %q", s.closeStatus.Text)
	}
}

// countObjects counts the objects of type O.
func countObjects[O fyne.CanvasObject](objs []fyne.CanvasObject) int {
	n := 0
	for _, o := range objs {
		if _, ok := o.(O); ok {
			n++
		}
	}
	return n
}

func TestDashboardDefaultMonth(t *testing.T) {
	for _, c := range []struct {
		now  time.Time
		want string
	}{
		{time.Date(2026, 11, 5, 23, 0, 0, 0, time.Local), "2026-10"},
		{time.Date(2026, 11, 6, 0, 30, 0, 0, time.Local), "2026-11"},
		{time.Date(2027, 1, 1, 8, 0, 0, 0, time.Local), "2026-12"},
		{time.Date(2026, 3, 31, 8, 0, 0, 0, time.Local), "2026-03"},
	} {
		if got := models.MonthOf(dashboardDefaultMonth(c.now)); got != c.want {
			t.Errorf("%v: %s, want %s", c.now, got, c.want)
		}
	}
}

// checkMissedMarks checks that every figure of rep that misses its target
// is marked on its tile, and returns how many there were.
func checkMissedMarks(t *testing.T, s *dashboardScreen, rep *models.MonthReport) int {
	t.Helper()
	marked := 0
	for _, f := range rep.Figures {
		if f.Sub != "" || !f.Missed {
			continue
		}
		marked++
		if tile := tileOf(t, s, f.Key); !tile.missedBox.Visible() || !custContains(custLabelTexts(tile.tap), "Target missed") {
			t.Errorf("%s's %s is not marked as missing the target", rep.Month, f.Key)
		}
	}
	return marked
}

func TestDashboardMonthChangeReloads(t *testing.T) {
	d := newDashFixture(t)
	s := d.s
	custUI(func() { test.Tap(s.tiles[0].tap) })
	custWaitIdle(t)
	if len(s.rows) == 0 {
		t.Fatal("no tickets listed for November's first tile")
	}
	custUI(func() { test.Tap(s.prevBtn) })
	custWaitIdle(t)
	oct := d.appReport(t, "2026-10")
	if s.monthLabel.Text != "2026-10" || s.nextBtn.Disabled() {
		t.Fatalf("after Previous: %q, next disabled %v", s.monthLabel.Text, s.nextBtn.Disabled())
	}
	checkTiles(t, s, oct)
	if s.sel != nil || len(s.rows) != 0 {
		t.Error("November's tickets still listed in October")
	}
	// Every figure that misses its target is marked (checkTiles checks
	// the others are not); November, October or August misses one.
	marked := checkMissedMarks(t, s, oct)

	// Two quick changes: only the last month shows, and a late result of
	// the first is dropped.
	var first int
	custUI(func() {
		s.onPrev()
		first = s.gen
		s.onPrev()
	})
	custWaitIdle(t)
	if s.report == nil || s.report.Month != "2026-08" || s.monthLabel.Text != "2026-08" {
		t.Fatalf("after two quick changes: %q showing %+v", s.monthLabel.Text, s.report)
	}
	custUI(func() { s.apply(first, oct, nil) })
	if s.report.Month != "2026-08" {
		t.Fatalf("a stale result replaced August with %s", s.report.Month)
	}
	aug := d.appReport(t, "2026-08")
	checkTiles(t, s, aug)
	marked += checkMissedMarks(t, s, aug)
	if marked == 0 {
		t.Fatal("the demo's October and August meet every target: the marks are not tested")
	}

	// Next comes back, up to the current month only.
	for range 3 {
		custUI(func() { test.Tap(s.nextBtn) })
		custWaitIdle(t)
	}
	if s.monthLabel.Text != "2026-11" || !s.nextBtn.Disabled() || s.report.Month != "2026-11" {
		t.Fatalf("after Next three times: %q, next disabled %v", s.monthLabel.Text, s.nextBtn.Disabled())
	}

	// Leaving the area while a month loads cancels it without an error.
	custUI(func() {
		s.onPrev()
		d.m.Area("nav.today")
	})
	custWaitIdle(t)
	if s.loadErr.Visible() || s.busy.Visible() {
		t.Fatalf("after leaving during a load: error %q, busy %v", s.loadErr.Text, s.busy.Visible())
	}
	custUI(func() { d.m.Area("nav.dashboard") })
	custWaitIdle(t)
	if s.report == nil || s.report.Month != "2026-10" {
		t.Fatalf("coming back: %+v", s.report)
	}
}

func TestDashboardNotOfferedToAClerk(t *testing.T) {
	a := signedInClerk(t, signTestNow, nil)
	w := test.NewTempWindow(t, nil)
	var m *mainWindow
	custUI(func() { m = newMainWindow(&Deps{App: a, Window: w}) })
	custWaitIdle(t)
	if hasArea(m, "nav.dashboard") || m.dashboard != nil {
		t.Fatal("a counter clerk is offered the Dashboard")
	}
}

func TestDashboardListsTheTicketsBehindAFigure(t *testing.T) {
	d := newDashFixture(t)
	s := d.s
	want := d.appReport(t, "2026-11")
	distinct := func(ids []string) int {
		seen := map[string]bool{}
		for _, id := range ids {
			seen[id] = true
		}
		return min(len(seen), app.TicketRowsCap)
	}

	// A figure: all its tickets.
	recv := tileOf(t, s, "received")
	custUI(func() { test.Tap(recv.tap) })
	custWaitIdle(t)
	f := want.Figure("received", "")
	if n := distinct(f.Tickets); len(s.rows) != n || n == 0 || !strings.Contains(s.selNote.Text, fmt.Sprint(n)) {
		t.Fatalf("received: %d rows (%q), want %d", len(s.rows), s.selNote.Text, n)
	}
	if recv.tap.bg.StrokeColor != theme.Color(theme.ColorNamePrimary) {
		t.Error("the tile listed is not marked")
	}

	// A breakdown line: its own tickets.
	line := want.Figures[recv.lines[0]]
	custUI(func() { s.showTickets(nil, s.figureSel(recv.lines[0])) })
	custWaitIdle(t)
	if n := distinct(line.Tickets); len(s.rows) != n || !strings.Contains(s.selTitle.Text, T(line.SubKey, line.Sub)) {
		t.Fatalf("%s/%s: %d rows, want %d; title %q", line.Key, line.Sub, len(s.rows), n, s.selTitle.Text)
	}

	// A rate with tickets against it: those first, marked.
	var rate *models.Figure
	for i := range want.Figures {
		if g := &want.Figures[i]; g.Sub == "" && g.Misses > 0 {
			rate = g
			break
		}
	}
	if rate == nil {
		t.Fatal("no figure of the demo month has tickets against it")
	}
	custUI(func() { test.Tap(tileOf(t, s, rate.Key).tap) })
	custWaitIdle(t)
	if len(s.rows) != distinct(rate.Tickets) {
		t.Fatalf("%s: %d rows, want %d", rate.Key, len(s.rows), distinct(rate.Tickets))
	}
	for i, r := range s.rows {
		against := i < rate.Misses
		if r.ID != rate.Tickets[i] || s.sel.misses[r.ID] != against {
			t.Fatalf("%s row %d: %s against %v, want %s against %v", rate.Key, i, r.ID, s.sel.misses[r.ID], rate.Tickets[i], against)
		}
		row := newDashRow().(*dashRow)
		custUI(func() { s.updateRow(i, row) })
		if row.miss.box.Visible() != against || row.number.Text != r.Number {
			t.Errorf("%s row %d: shows %q, marked %v", rate.Key, i, row.number.Text, row.miss.box.Visible())
		}
	}
	if !strings.Contains(s.selNote.Text, "count against") {
		t.Errorf("note %q", s.selNote.Text)
	}

	// Choosing a ticket opens it in the Tickets area.
	id := s.rows[0].ID
	custUI(func() { s.list.Select(0) })
	custWaitIdle(t)
	if d.m.areas[d.m.current].key != "nav.tickets" || d.m.tickets.selectedID != id {
		t.Fatalf("area %s, ticket %q; want ticket %s", d.m.areas[d.m.current].key, d.m.tickets.selectedID, id)
	}

	// Another month clears the list.
	custUI(func() { d.m.Area("nav.dashboard") })
	custWaitIdle(t)
	custUI(func() { test.Tap(s.prevBtn) })
	custWaitIdle(t)
	if len(s.rows) != 0 || s.selTap != nil {
		t.Error("the list survives a month change")
	}
}

func TestDashboardPrintAndExport(t *testing.T) {
	d := newDashFixture(t)
	s := d.s
	var opened []string
	old := slipOpen
	slipOpen = func(p string) error { opened = append(opened, p); return nil }
	t.Cleanup(func() { slipOpen = old })

	custUI(func() { test.Tap(s.printBtn) })
	custWaitIdle(t)
	if s.lastErr != nil || filepath.Base(s.lastPath) != "report-2026-11.pdf" || len(opened) != 1 || opened[0] != s.lastPath {
		t.Fatalf("print: %q, %v, opened %q", s.lastPath, s.lastErr, opened)
	}
	if b, err := os.ReadFile(s.lastPath); err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
		t.Fatalf("the report is not a PDF: %v", err)
	}

	dir := t.TempDir()
	xlsx := filepath.Join(dir, "月报.xlsx")
	custUI(func() { s.exportTo(xlsx) })
	custWaitIdle(t)
	if b, err := os.ReadFile(xlsx); s.lastErr != nil || err != nil || !bytes.HasPrefix(b, []byte("PK")) {
		t.Fatalf("export: %v, %v", s.lastErr, err)
	}

	// A name typed without an extension becomes .xlsx; the dialog's
	// empty file goes.
	bare := filepath.Join(dir, "report")
	wc, err := storage.Writer(storage.NewFileURI(bare))
	if err != nil {
		t.Fatal(err)
	}
	custUI(func() { s.onExportChosen(wc, nil) })
	custWaitIdle(t)
	if _, err := os.Stat(bare + ".xlsx"); err != nil || s.lastPath != bare+".xlsx" {
		t.Fatalf("no workbook at %s.xlsx: %v", bare, err)
	}
	if _, err := os.Stat(bare); !os.IsNotExist(err) {
		t.Error("the empty file the dialog made is left behind")
	}

	// Another extension is refused with a sentence that names the two.
	custUI(func() { s.exportTo(filepath.Join(dir, "report.txt")) })
	custWaitIdle(t)
	if s.lastErr == nil || !strings.Contains(ErrText(s.lastErr), ".xlsx") {
		t.Fatalf("a .txt export: %v", s.lastErr)
	}
}

func TestDashboardTranslationsComplete(t *testing.T) {
	keys := map[string]bool{"nav.dashboard": true}
	for _, file := range []string{"dashboard.go", "charts.go"} {
		for _, k := range custTKeys(t, file) {
			keys[k] = true
		}
	}
	custCheckTranslated(t, keys)
}

// TestDashboardShots writes the Dashboard in English and Chinese into
// $DASH_SHOTS for a person to look at.
func TestDashboardShots(t *testing.T) {
	dir := shotsDir(t, "DASH_SHOTS")
	for _, l := range []string{"en", "zh"} {
		shotsLanguage(t, l)
		d := newDashFixture(t)
		fyne.CurrentApp().Settings().SetTheme(NewTheme())
		d.w.Resize(fyne.NewSize(1400, 900))
		writeShot(t, d.w, filepath.Join(dir, "dash_"+l+"_top.png"), true)
		custUI(func() { test.Tap(d.s.tiles[0].tap) })
		custUI(func() { d.s.scroll.ScrollToOffset(fyne.NewPos(0, d.s.groups.Size().Height)) })
		writeShot(t, d.w, filepath.Join(dir, "dash_"+l+"_charts.png"), true)
		custUI(func() { d.s.scroll.ScrollToBottom() })
		writeShot(t, d.w, filepath.Join(dir, "dash_"+l+"_bottom.png"), true)
	}
}

// TestDashboardBreakdownOrder puts the repairs by mode right under the
// repair line of a figure by kind, indented, whatever order the report
// first met them in; a figure of modes alone keeps its order.
func TestDashboardBreakdownOrder(t *testing.T) {
	figs := []models.Figure{
		{Key: "received", SubKey: "kind.delivery"},
		{Key: "received", SubKey: "mode.onsite"},
		{Key: "received", SubKey: "kind.repair"},
		{Key: "received", SubKey: "mode.carryin"},
		{Key: "received", SubKey: "kind.consultation"},
	}
	got := breakdownOrder(figs, []int{0, 1, 2, 3, 4}, true)
	want := []breakdownLine{{0, false}, {2, false}, {1, true}, {3, true}, {4, false}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("by kind: %v, want %v", got, want)
	}
	if got := breakdownOrder(figs, []int{3, 1}, false); fmt.Sprint(got) != fmt.Sprint([]breakdownLine{{3, false}, {1, false}}) {
		t.Errorf("modes alone: %v", got)
	}
	if got := breakdownOrder(figs, []int{0, 1}, true); fmt.Sprint(got) != fmt.Sprint([]breakdownLine{{0, false}, {1, false}}) {
		t.Errorf("modes without a repair line: %v", got)
	}
}
