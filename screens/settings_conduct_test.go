package screens

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"aftercare/app"
	"aftercare/models"
)

// crFixture is a fresh database and the Settings section of the conduct
// rules in a window.
type crFixture struct {
	app     *app.App
	w       fyne.Window
	section *conductRulesSection
}

func newCRFixture(t *testing.T) *crFixture {
	t.Helper()
	test.NewTempApp(t)
	a, err := app.Open(app.Options{Path: filepath.Join(t.TempDir(), "t.db"), Clock: func() time.Time { return tdTestNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { custWaitIdle(t); a.Close() })
	fx := &crFixture{app: a}
	fx.w = test.NewTempWindow(t, nil)
	fx.w.Resize(fyne.NewSize(1100, 800))
	custUI(func() {
		fx.section = newConductRulesSection(&Deps{App: a, Window: fx.w})
		fx.w.SetContent(fx.section.content())
	})
	custWaitIdle(t)
	return fx
}

// row finds the list row of a rule.
func (fx *crFixture) row(t *testing.T, id string) *crListRow {
	t.Helper()
	for _, r := range fx.section.rows {
		if r.rule.ID == id {
			return r
		}
	}
	t.Fatalf("no row for rule %s", id)
	return nil
}

// TestSettingsConductEditKeepsHistory: the uniform fine goes from 10 to
// 15; the record made before keeps −10, a new one is −15, and the
// built-in name stays translated (no typed name is stored).
func TestSettingsConductEditKeepsHistory(t *testing.T) {
	fx := newCRFixture(t)
	if len(fx.section.rows) != 6 {
		t.Fatalf("%d rules listed", len(fx.section.rows))
	}
	staff, err := fx.app.CreateStaff(models.StaffInput{Name: "李师傅", Roles: []models.Role{models.RoleTechnician}, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	uniform := cdRule(t, fx.app, "uniform")
	old, err := fx.app.AddRecord(models.RecordInput{StaffID: staff.ID, Date: "2026-03-01", RuleID: uniform.ID, Source: models.RecSpotCheck})
	if err != nil {
		t.Fatal(err)
	}
	r := fx.row(t, uniform.ID)
	if r.name.Text != "Not in uniform or untidy" || r.amount.Text != "−¥10 per time" || r.kind.Text != "Fine" {
		t.Fatalf("row %q %q %q", r.name.Text, r.kind.Text, r.amount.Text)
	}
	custUI(func() { test.Tap(r.edit) })
	e := fx.section.editor
	if e == nil || e.name.Text != "Not in uniform or untidy" || e.amount.Text != "10" || e.kind.Selected != "Fine" {
		t.Fatal("the editor is not filled from the rule")
	}
	custUI(func() { e.amount.SetText("") })
	custUI(func() { test.Tap(e.saveBtn) })
	custWaitIdle(t)
	if e.closed || cdShown(e.errs["amount"]) == "" {
		t.Fatal("an empty amount was accepted or not shown at the field")
	}
	custUI(func() { e.amount.SetText("15") })
	custUI(func() { test.Tap(e.saveBtn) })
	custWaitIdle(t)
	if !e.closed {
		t.Fatalf("not saved: %q", cdShown(e.formErr))
	}
	after := cdRule(t, fx.app, "uniform")
	if after.Amount != 1500 || after.Name != "" || after.NameKey != "conduct.rule.uniform" {
		t.Fatalf("rule after the edit: %+v", after)
	}
	if r := fx.row(t, uniform.ID); r.amount.Text != "−¥15 per time" {
		t.Fatalf("list shows %q", r.amount.Text)
	}
	if !strings.Contains(fx.section.note.Text, "records already made keep") {
		t.Fatalf("note %q", fx.section.note.Text)
	}
	recs, err := fx.app.Records(context.Background(), app.RecordFilter{StaffID: staff.ID})
	if err != nil || len(recs) != 1 || recs[0].ID != old.ID || recs[0].Amount != -1000 || recs[0].UnitPrice != 1000 {
		t.Fatalf("old record after the edit: %+v %v", recs, err)
	}
	rec, err := fx.app.AddRecord(models.RecordInput{StaffID: staff.ID, Date: "2026-03-02", RuleID: uniform.ID, Source: models.RecSpotCheck})
	if err != nil || rec.Amount != -1500 {
		t.Fatalf("new record %+v %v", rec, err)
	}
}

// TestSettingsConductNewArchiveRestore adds a reward per case, renames it,
// archives it (no longer offered) and restores it.
func TestSettingsConductNewArchiveRestore(t *testing.T) {
	fx := newCRFixture(t)
	custUI(func() { test.Tap(fx.section.newBtn) })
	e := fx.section.editor
	if !e.amountCell.Visible() {
		t.Fatal("a new fine per time hides its amount")
	}
	custUI(func() { test.Tap(e.saveBtn) })
	custWaitIdle(t)
	if cdShown(e.errs["name"]) == "" {
		t.Fatal("a rule without a name was not refused at the name")
	}
	custUI(func() {
		e.name.SetText("主动帮客户搬运旧家具")
		e.kind.SetSelected("Reward")
		e.perCase.SetChecked(true)
	})
	if e.amountCell.Visible() {
		t.Fatal("a per-case rule asks for an amount per time")
	}
	custUI(func() { e.kind.SetSelected("Dismissal") })
	if e.perCaseCell.Visible() {
		t.Fatal("a dismissal offers per case")
	}
	custUI(func() { e.kind.SetSelected("Reward") })
	custUI(func() { test.Tap(e.saveBtn) })
	custWaitIdle(t)
	if !e.closed || len(fx.section.rows) != 7 {
		t.Fatalf("not added: %q", cdShown(e.formErr))
	}
	added := fx.section.rows[6]
	if added.rule.Name != "主动帮客户搬运旧家具" || added.rule.Kind != models.ConductReward || !added.rule.PerCase || added.amount.Text != "amount per case" {
		t.Fatalf("added %+v", added.rule)
	}
	custUI(func() { test.Tap(added.archive) })
	custWaitIdle(t)
	if offered, _ := fx.app.ConductRules(false); len(offered) != 6 {
		t.Fatalf("%d rules offered after archiving", len(offered))
	}
	r := fx.row(t, added.rule.ID)
	if !strings.Contains(r.name.Text, "(archived)") || r.archive.Text != "Restore" {
		t.Fatalf("archived row %q / %q", r.name.Text, r.archive.Text)
	}
	custUI(func() { test.Tap(r.archive) })
	custWaitIdle(t)
	if offered, _ := fx.app.ConductRules(false); len(offered) != 7 {
		t.Fatalf("%d rules offered after restoring", len(offered))
	}
	if !strings.Contains(fx.section.note.Text, "offered for new records again") {
		t.Fatalf("note %q", fx.section.note.Text)
	}
}

// TestSettingsConductInSettings: the section is part of Settings.
func TestSettingsConductInSettings(t *testing.T) {
	fx := newCRFixture(t)
	var s *settingsScreen
	custUI(func() { s = newSettingsScreen(&Deps{App: fx.app, Window: fx.w}) })
	fx.w.SetContent(s.content())
	custWaitIdle(t)
	if !custContains(custLabelTexts(s.content()), "Penalty and reward rules") {
		t.Fatal("Settings lacks the conduct rules")
	}
}

// TestSettingsConductViewOnly: a counter clerk sees the rules but no
// button to change them, and a hint naming the roles that may.
func TestSettingsConductViewOnly(t *testing.T) {
	a := signedInClerk(t, tdTestNow, nil)
	w := test.NewTempWindow(t, nil)
	var s *conductRulesSection
	custUI(func() {
		s = newConductRulesSection(&Deps{App: a, Window: w})
		w.SetContent(s.content())
	})
	custWaitIdle(t)
	if len(s.rows) != 6 || s.rows[0].edit.Visible() || s.rows[0].archive.Visible() || s.newBtn.Visible() {
		t.Fatal("a counter clerk is offered to change the rules")
	}
	if !s.view.hint.Visible() || !strings.Contains(s.view.hint.Text, RoleLabel(models.RoleBusinessManager)) {
		t.Fatalf("hint %q", s.view.hint.Text)
	}
}
