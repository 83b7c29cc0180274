package screens

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"aftercare/app"
	"aftercare/models"
)

// newPartCatsFixture shows the part categories section of Settings on an
// empty database, loaded.
func newPartCatsFixture(t *testing.T) (*app.App, *partCatsSection) {
	t.Helper()
	test.NewTempApp(t)
	a, err := app.Open(app.Options{Path: filepath.Join(t.TempDir(), "t.db"), Clock: func() time.Time { return rulesTestNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { custWaitIdle(t); a.Close() })
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1280, 800))
	var s *partCatsSection
	custUI(func() {
		s = newPartCatsSection(&Deps{App: a, Window: w})
		w.SetContent(container.NewVScroll(s.content()))
	})
	custUI(s.load)
	custWaitIdle(t)
	return a, s
}

// partCatErr is the problem shown under row i, "" when hidden.
func partCatErr(s *partCatsSection, i int) string {
	if r := s.rows[i]; r.err.Visible() {
		return r.err.Text
	}
	return ""
}

// TestSettingsPartCategoriesEdit edits the categories: problems at their
// rows as the manager types, a new category saved with a code, a removed
// one gone, Revert back to what is saved and Restore defaults.
func TestSettingsPartCategoriesEdit(t *testing.T) {
	a, s := newPartCatsFixture(t)
	if len(s.rows) != 4 || s.rows[0].nameZH.Text != "双面亮光板件" || s.rows[0].minDays.Text != "10" || s.rows[0].maxDays.Text != "12" ||
		!strings.Contains(s.rows[0].lead.Text, "12") || s.saveBtn.Disabled() || s.view.hint.Visible() {
		t.Fatalf("loaded: %d rows, save disabled %v", len(s.rows), s.saveBtn.Disabled())
	}
	// Days that are not numbers, then the shortest longer than the longest.
	custUI(func() { s.rows[1].minDays.SetText("八") })
	if got := partCatErr(s, 1); !strings.Contains(got, "Row 2") || !strings.Contains(got, "whole numbers") || !s.saveBtn.Disabled() {
		t.Fatalf("not a number: %q, save disabled %v", got, s.saveBtn.Disabled())
	}
	custUI(func() { s.rows[1].minDays.SetText("１５") }) // full-width digits from a Chinese input method
	if got := partCatErr(s, 1); !strings.Contains(got, "Row 2") || !strings.Contains(got, "from 1 to 90") {
		t.Fatalf("shortest > longest: %q", got)
	}
	custUI(func() { s.rows[1].minDays.SetText("7") })
	if partCatErr(s, 1) != "" || s.saveBtn.Disabled() {
		t.Fatalf("still a problem: %q", partCatErr(s, 1))
	}
	// A new row without names says so at its row.
	custUI(func() { test.Tap(s.addBtn) })
	if len(s.rows) != 5 || !strings.Contains(partCatErr(s, 4), "Row 5: enter the Chinese name") || !s.saveBtn.Disabled() {
		t.Fatalf("new row: %q", partCatErr(s, 4))
	}
	custUI(func() {
		r := s.rows[4]
		r.nameZH.SetText("实木配件")
		r.nameEN.SetText("Solid wood parts")
		r.minDays.SetText("15")
		r.maxDays.SetText("20")
		test.Tap(s.rows[3].remove) // hardware
	})
	if len(s.rows) != 4 || s.saveBtn.Disabled() {
		t.Fatalf("after remove: %d rows, %q", len(s.rows), partCatErr(s, 3))
	}
	custUI(func() { test.Tap(s.saveBtn) })
	custWaitIdle(t)
	if s.note.Text == "" {
		t.Fatalf("no saved note: %q", s.formErr.Text)
	}
	cats := a.PartCategories()
	if len(cats) != 4 || cats[1].MinDays != 7 || cats[3].NameZH != "实木配件" || cats[3].Key == "" || cats[3].MaxDays != 20 {
		t.Fatalf("saved: %+v", cats)
	}
	if _, ok := models.FindPartCategory(cats, "hardware"); ok {
		t.Fatal("the removed category was saved")
	}
	if s.rows[3].key != cats[3].Key {
		t.Fatal("the table does not hold the new code after saving")
	}

	// Revert drops unsaved changes.
	custUI(func() { s.rows[0].nameZH.SetText("改了没保存") })
	custUI(func() { test.Tap(s.revertBtn) })
	custWaitIdle(t)
	if s.rows[0].nameZH.Text != "双面亮光板件" || len(s.rows) != 4 || s.rows[3].nameZH.Text != "实木配件" {
		t.Fatalf("after revert: %q", s.rows[0].nameZH.Text)
	}

	// Restore defaults asks first, then saves the standard four.
	custUI(func() { test.Tap(s.defaultsBtn) })
	if s.confirm == nil {
		t.Fatal("no question before restoring")
	}
	if len(a.PartCategories()) != 4 || a.PartCategories()[3].Key == "hardware" {
		t.Fatal("restored before the answer")
	}
	custUI(s.onDefaultsConfirmed)
	custWaitIdle(t)
	cats = a.PartCategories()
	if cats[3].Key != "hardware" || s.rows[3].nameZH.Text != "五金" || !strings.Contains(s.note.Text, "restored") {
		t.Fatalf("after restore: %+v / %q", cats, s.note.Text)
	}
}

// TestSettingsPartCategoriesViewOnly: a counter clerk sees the categories
// read-only, with the roles that may change them.
func TestSettingsPartCategoriesViewOnly(t *testing.T) {
	a := signedInClerk(t, rulesTestNow, nil)
	w := test.NewTempWindow(t, nil)
	var s *partCatsSection
	custUI(func() {
		s = newPartCatsSection(&Deps{App: a, Window: w})
		w.SetContent(s.content())
	})
	custUI(s.load)
	custWaitIdle(t)
	if len(s.rows) != 4 || s.saveBtn.Visible() || s.addBtn.Visible() || s.defaultsBtn.Visible() || s.revertBtn.Visible() {
		t.Fatal("a counter clerk is offered to change the categories")
	}
	if !s.rows[0].nameZH.Disabled() || !s.rows[0].maxDays.Disabled() || !s.rows[0].remove.Disabled() {
		t.Fatal("category rows are editable")
	}
	if !s.view.hint.Visible() || !strings.Contains(s.view.hint.Text, RoleLabel(models.RoleBusinessManager)) {
		t.Fatalf("hint %q", s.view.hint.Text)
	}
	// A save that reaches app anyway is refused, and nothing changes.
	custUI(s.onSave)
	custWaitIdle(t)
	if len(a.PartCategories()) != 4 || !s.formErr.Visible() || !strings.Contains(s.formErr.Text, "may not do this") {
		t.Fatalf("refusal %q", s.formErr.Text)
	}
}
