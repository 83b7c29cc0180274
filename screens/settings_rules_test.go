package screens

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/assets"
	"aftercare/models"
)

// rulesTestNow is the fixed "now" of these tests.
var rulesTestNow = time.Date(2026, 3, 2, 9, 30, 0, 0, time.Local)

// rulesNav is a Navigator that records where Settings sent the person (it
// never does; the editors stay in Settings).
type rulesNav struct{ calls []string }

func (n *rulesNav) OpenTicket(id string) { n.calls = append(n.calls, "ticket "+id) }
func (n *rulesNav) OpenTicketAction(id string, act models.Action) {
	n.calls = append(n.calls, "action "+id)
}
func (n *rulesNav) OpenCustomer(id string)      { n.calls = append(n.calls, "customer "+id) }
func (n *rulesNav) NewTicket(customerID string) { n.calls = append(n.calls, "new "+customerID) }
func (n *rulesNav) Area(key string)             { n.calls = append(n.calls, "area "+key) }

// rulesFixture is a test app, an empty database and the Settings section
// of the rules in a 1280×800 window.
type rulesFixture struct {
	app     *app.App
	w       fyne.Window
	nav     *rulesNav
	section *rulesSection
}

// newRulesFixture opens a temporary database and shows the section. Tests
// must not run in parallel: each test app replaces Fyne's global app.
func newRulesFixture(t *testing.T) *rulesFixture {
	t.Helper()
	test.NewTempApp(t)
	a, err := app.Open(app.Options{Path: filepath.Join(t.TempDir(), "t.db"), Clock: func() time.Time { return rulesTestNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { custWaitIdle(t); a.Close() })
	fx := &rulesFixture{app: a, nav: &rulesNav{}}
	fx.w = test.NewTempWindow(t, nil)
	fx.w.Resize(fyne.NewSize(1280, 800))
	d := &Deps{App: a, Window: fx.w, Nav: fx.nav}
	fx.section = newRulesSection(d)
	fx.w.SetContent(fx.section.content())
	return fx
}

// openRules taps "Service rules…" and waits for the editor to load.
func (fx *rulesFixture) openRules(t *testing.T) *rulesEditor {
	t.Helper()
	custUI(func() { test.Tap(fx.section.rulesBtn) })
	custWaitIdle(t)
	if fx.section.rules == nil {
		t.Fatal("no rules editor")
	}
	return fx.section.rules
}

// openFees taps "Fee schedule…" and waits for the editor to load.
func (fx *rulesFixture) openFees(t *testing.T) *feeEditor {
	t.Helper()
	custUI(func() { test.Tap(fx.section.feesBtn) })
	custWaitIdle(t)
	if fx.section.fees == nil {
		t.Fatal("no fee editor")
	}
	return fx.section.fees
}

// rulesSet replaces an entry's text as typing would.
func rulesSet(e *widget.Entry, text string) {
	custUI(func() { e.SetText(text) })
}

// rulesErr is the problem shown under a rule, "" when hidden.
func rulesErr(e *rulesEditor, name string) string {
	if l := e.errs[name]; l.Visible() {
		return l.Text
	}
	return ""
}

func TestSettingsRulesEditorSavesARule(t *testing.T) {
	fx := newRulesFixture(t)
	e := fx.openRules(t)
	if got := e.entries[app.RuleFirstResponseHours].Text; got != "24" {
		t.Fatalf("first response shows %q", got)
	}
	if got := e.entries[app.RuleDiscountLimit].Text; got != "10" {
		t.Fatalf("discount limit shows %q", got)
	}
	if !custContains(custLabelTexts(fx.w.Canvas().Overlays().Top()), "default 24 · 1–72") {
		t.Fatal("the default and range are not shown as a hint")
	}
	rulesSet(e.entries[app.RuleFirstResponseHours], "4")
	rulesSet(e.entries[app.RuleDiscountLimit], "２０") // full-width digits from a Chinese input method
	if e.saveBtn.Disabled() {
		t.Fatal("Save disabled for valid rules")
	}
	custUI(func() { test.Tap(e.saveBtn) })
	custWaitIdle(t)
	r := fx.app.ServiceRules()
	if r.Due.FirstResponse != 4*time.Hour || r.DiscountLimitPercent != 20 || r.RepeatWindowDays != 90 {
		t.Fatalf("saved: %+v", r)
	}
	if fx.w.Canvas().Overlays().Top() != nil {
		t.Fatal("the editor stayed open after saving")
	}
	if !strings.Contains(fx.section.note.Text, "new tickets") {
		t.Fatalf("note: %q", fx.section.note.Text)
	}
	// Reopened, it shows what was saved; Restore defaults fills in the seed numbers.
	e = fx.openRules(t)
	if e.entries[app.RuleFirstResponseHours].Text != "4" {
		t.Fatalf("reopened: %q", e.entries[app.RuleFirstResponseHours].Text)
	}
	custUI(func() { test.Tap(e.defaultsBtn) })
	if e.entries[app.RuleFirstResponseHours].Text != "24" || e.entries[app.RuleDiscountLimit].Text != "10" || e.status.Text == "" {
		t.Fatalf("defaults: %q %q", e.entries[app.RuleFirstResponseHours].Text, e.status.Text)
	}
	// Cancel discards the refilled form.
	custUI(func() { test.Tap(e.cancelBtn) })
	custWaitIdle(t)
	if fx.app.ServiceRules().Due.FirstResponse != 4*time.Hour {
		t.Fatal("Cancel saved the defaults")
	}
	if len(fx.nav.calls) != 0 {
		t.Fatalf("navigated: %v", fx.nav.calls)
	}
}

func TestSettingsRulesBadInputShowsErrorAndDoesNotSave(t *testing.T) {
	fx := newRulesFixture(t)
	e := fx.openRules(t)
	rulesSet(e.entries[app.RuleMorningStart], "13")
	if got := rulesErr(e, app.RuleMorningStart); !strings.Contains(got, "from 6 to 12") {
		t.Fatalf("morning 13: %q", got)
	}
	if !e.saveBtn.Disabled() {
		t.Fatal("Save enabled with an out-of-range rule")
	}
	rulesSet(e.entries[app.RuleMorningStart], "9")
	rulesSet(e.entries[app.RuleRepeatWindowDays], "ninety")
	if got := rulesErr(e, app.RuleRepeatWindowDays); got != "Enter a whole number." || rulesErr(e, app.RuleMorningStart) != "" {
		t.Fatalf("not a number: %q, morning %q", got, rulesErr(e, app.RuleMorningStart))
	}
	rulesSet(e.entries[app.RuleRepeatWindowDays], "90")
	rulesSet(e.entries[app.RuleParcelAbandonDays], "5") // before the 7-day chase
	if got := rulesErr(e, app.RuleParcelAbandonDays); !strings.Contains(got, "more than 7 days") {
		t.Fatalf("abandon before chase: %q", got)
	}
	custUI(func() {
		test.Tap(e.saveBtn)
		e.onSave() // even called directly, nothing is saved
	})
	custWaitIdle(t)
	if fx.app.ServiceRules() != app.DefaultServiceRules() {
		t.Fatalf("bad input was saved: %+v", fx.app.ServiceRules())
	}
	if h, _ := fx.app.History("settings", "rules.service"); len(h) != 0 {
		t.Fatalf("audit entries: %d", len(h))
	}
	if fx.w.Canvas().Overlays().Top() == nil {
		t.Fatal("the editor closed on bad input")
	}
	rulesSet(e.entries[app.RuleParcelAbandonDays], "15")
	if e.saveBtn.Disabled() || rulesErr(e, app.RuleParcelAbandonDays) != "" {
		t.Fatalf("a fixed rule still refused: %q", rulesErr(e, app.RuleParcelAbandonDays))
	}
}

// rulesRowErr is the problem shown under a fee row, "" when hidden.
func rulesRowErr(r *feeRow) string {
	if r.err.Visible() {
		return r.err.Text
	}
	return ""
}

func TestSettingsFeeEditorAddsMovesAndRemoves(t *testing.T) {
	fx := newRulesFixture(t)
	def := assets.FeeSchedule()
	e := fx.openFees(t)
	if len(e.rows) != len(def) || e.rows[0].nameZH.Text != def[0].NameZH || e.rows[0].price.Text != def[0].Price.Yuan() {
		t.Fatalf("loaded %d rows, first %q %q", len(e.rows), e.rows[0].nameZH.Text, e.rows[0].price.Text)
	}
	if !e.rows[0].up.Disabled() || !e.rows[len(e.rows)-1].down.Disabled() {
		t.Fatal("move buttons at the ends are enabled")
	}
	custUI(func() { test.Tap(e.addBtn) })
	r := e.rows[len(e.rows)-1]
	if !e.saveBtn.Disabled() || !strings.Contains(rulesRowErr(r), "Chinese name") {
		t.Fatalf("an empty new row: save enabled %v, error %q", !e.saveBtn.Disabled(), rulesRowErr(r))
	}
	custUI(func() {
		r.kind.SetSelected(ItemKindLabel(models.ItemPart))
		test.Type(r.nameZH, "抽屉滑轨")
		test.Type(r.nameEN, "Drawer rail")
		test.Type(r.unitZH, "副")
		test.Type(r.unitEN, "pair")
		test.Type(r.price, "45.5")
	})
	if e.saveBtn.Disabled() || rulesRowErr(r) != "" {
		t.Fatalf("a complete row refused: %q", rulesRowErr(r))
	}
	// Move the new row up one place and remove the first item.
	custUI(func() { test.Tap(r.up) })
	if e.rows[len(e.rows)-2] != r {
		t.Fatal("the row did not move up")
	}
	custUI(func() { test.Tap(e.rows[0].remove) })
	custUI(func() { test.Tap(e.saveBtn) })
	custWaitIdle(t)
	got := fx.app.FeeSchedule()
	if len(got) != len(def) || got[0].Key != def[1].Key || got[len(got)-1].Key != def[len(def)-1].Key {
		t.Fatalf("saved order: %d items, first %s, last %s", len(got), got[0].Key, got[len(got)-1].Key)
	}
	added := got[len(got)-2]
	if added.Kind != models.ItemPart || added.NameZH != "抽屉滑轨" || added.NameEN != "Drawer rail" || added.UnitZH != "副" ||
		added.UnitEN != "pair" || added.Price != 4550 || !strings.HasPrefix(added.Key, "part_") {
		t.Fatalf("added item: %+v", added)
	}
	if fx.w.Canvas().Overlays().Top() != nil || !strings.Contains(fx.section.note.Text, "keep their prices") {
		t.Fatalf("after save: overlay %v, note %q", fx.w.Canvas().Overlays().Top(), fx.section.note.Text)
	}
}

func TestSettingsFeeEditorBadInputAndCancel(t *testing.T) {
	fx := newRulesFixture(t)
	e := fx.openFees(t)
	rulesSet(e.rows[0].nameZH, "")
	rulesSet(e.rows[1].price, "abc")
	rulesSet(e.rows[2].price, "2000000")
	if got := rulesRowErr(e.rows[0]); !strings.Contains(got, "Row 1: enter the Chinese name") {
		t.Fatalf("row 1: %q", got)
	}
	if got := rulesRowErr(e.rows[1]); !strings.Contains(got, "Row 2: write the price in yuan") {
		t.Fatalf("row 2: %q", got)
	}
	if got := rulesRowErr(e.rows[2]); !strings.Contains(got, "1,000,000") {
		t.Fatalf("row 3: %q", got)
	}
	if rulesRowErr(e.rows[3]) != "" || !e.saveBtn.Disabled() {
		t.Fatalf("row 4 %q, save enabled %v", rulesRowErr(e.rows[3]), !e.saveBtn.Disabled())
	}
	custUI(func() { e.onSave() })
	custWaitIdle(t)
	if v, _ := fx.app.Setting("catalogue.fee_schedule"); v != "" {
		t.Fatal("bad input was saved")
	}
	// Removing every row is refused with a message for the whole table.
	for len(e.rows) > 0 {
		custUI(func() { test.Tap(e.rows[0].remove) })
	}
	if !e.formErr.Visible() || !strings.Contains(e.formErr.Text, "at least one") || !e.saveBtn.Disabled() {
		t.Fatalf("empty schedule: %q", e.formErr.Text)
	}
	// Cancel discards every change.
	custUI(func() { test.Tap(e.cancelBtn) })
	custWaitIdle(t)
	if !slices.Equal(fx.app.FeeSchedule(), assets.FeeSchedule()) {
		t.Fatal("Cancel changed the schedule")
	}
}

func TestSettingsFeeEditorRestoreDefaults(t *testing.T) {
	fx := newRulesFixture(t)
	items := fx.app.FeeSchedule()
	items[0].Price = 9900
	if err := fx.app.SaveFeeSchedule(items[:3]); err != nil {
		t.Fatal(err)
	}
	e := fx.openFees(t)
	if len(e.rows) != 3 || e.rows[0].price.Text != "99.00" {
		t.Fatalf("loaded %d rows, price %q", len(e.rows), e.rows[0].price.Text)
	}
	custUI(func() { test.Tap(e.defaultsBtn) })
	if e.confirm == nil {
		t.Fatal("no confirmation asked")
	}
	custUI(func() { test.Tap(e.confirm.cancel) })
	custWaitIdle(t)
	if len(fx.app.FeeSchedule()) != 3 {
		t.Fatal("declining the confirmation reset the schedule")
	}
	custUI(func() { test.Tap(e.defaultsBtn) })
	custUI(func() { test.Tap(e.confirm.confirm) })
	custWaitIdle(t)
	def := assets.FeeSchedule()
	if !slices.Equal(fx.app.FeeSchedule(), def) || len(e.rows) != len(def) || e.rows[0].price.Text != def[0].Price.Yuan() {
		t.Fatalf("after restore: %d rows", len(e.rows))
	}
	if e.status.Text == "" || e.saveBtn.Disabled() {
		t.Fatalf("status %q, save disabled %v", e.status.Text, e.saveBtn.Disabled())
	}
}

// TestSettingsRulesTranslationsComplete checks that every key the rules
// editors and their app validation use has English and Chinese text with
// the same placeholders.
func TestSettingsRulesTranslationsComplete(t *testing.T) {
	keys := map[string]bool{}
	for _, file := range []string{"settings_rules.go", "../app/rules.go"} {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`"((?:settings_rules|err\.rules|err\.fee)\.[a-z_.]+)"`).FindAllStringSubmatch(string(src), -1) {
			keys[m[1]] = true
		}
	}
	if len(keys) < 50 {
		t.Fatalf("found only %d keys", len(keys))
	}
	custCheckTranslated(t, keys)
}

// TestSettingsRulesScreenshots writes PNGs of the two editors in English
// and Chinese to the folder named by RULES_SHOTS; without it the test is
// skipped. It registers the Chinese table for the rest of the process, so
// run it alone:
// RULES_SHOTS=/tmp/shots go test ./screens -run TestSettingsRulesScreenshots
func TestSettingsRulesScreenshots(t *testing.T) {
	dir := shotsDir(t, "RULES_SHOTS")
	for _, l := range []string{"en", "zh"} {
		shotsLanguage(t, l)
		fx := newRulesFixture(t)
		fyne.CurrentApp().Settings().SetTheme(NewTheme())
		shot := func(name string) {
			writeShot(t, fx.w, filepath.Join(dir, "rules_"+l+"_"+name+".png"), false)
		}
		shot("section")
		e := fx.openRules(t)
		rulesSet(e.entries[app.RuleParcelAbandonDays], "5")
		rulesSet(e.entries[app.RuleMorningStart], "x")
		shot("rules")
		custUI(func() { test.Tap(e.cancelBtn) })
		fe := fx.openFees(t)
		rulesSet(fe.rows[0].nameZH, "")
		rulesSet(fe.rows[1].price, "abc")
		shot("fees_top")
		custUI(func() { test.Tap(fe.addBtn) })
		rulesSet(fe.rows[1].price, "abc")
		shot("fees")
		custUI(func() { test.Tap(fe.defaultsBtn) })
		shot("fees_confirm")
	}
}
