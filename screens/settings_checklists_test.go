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
	"aftercare/models"
)

// clFixture is a test app, a fresh database (with the two built-in
// checklists) and the Settings section of the checklists in a window.
type clFixture struct {
	app     *app.App
	w       fyne.Window
	section *checklistsSection
}

// newClFixture opens a temporary database and shows the loaded section.
// Tests must not run in parallel: each test app replaces Fyne's global app.
func newClFixture(t *testing.T) *clFixture {
	t.Helper()
	test.NewTempApp(t)
	a, err := app.Open(app.Options{Path: filepath.Join(t.TempDir(), "t.db"), Clock: func() time.Time { return rulesTestNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { custWaitIdle(t); a.Close() })
	fx := &clFixture{app: a}
	fx.w = test.NewTempWindow(t, nil)
	fx.w.Resize(fyne.NewSize(1280, 800))
	fx.section = newChecklistsSection(&Deps{App: a, Window: fx.w, Nav: &rulesNav{}})
	fx.w.SetContent(fx.section.content())
	custUI(fx.section.load)
	custWaitIdle(t)
	return fx
}

// row finds the list row of a family.
func (fx *clFixture) row(t *testing.T, family string) *clListRow {
	t.Helper()
	for _, r := range fx.section.rows {
		if r.tpl.Family == family {
			return r
		}
	}
	t.Fatalf("no list row for %s", family)
	return nil
}

// edit taps a template's Edit button and waits for the editor to load.
func (fx *clFixture) edit(t *testing.T, family string) *checklistEditor {
	t.Helper()
	r := fx.row(t, family)
	custUI(func() { test.Tap(r.edit) })
	custWaitIdle(t)
	e := fx.section.editor
	if e == nil || e.tpl == nil || e.family != family || fx.w.Canvas().Overlays().Top() == nil {
		t.Fatal("the editor did not open on the template")
	}
	return e
}

// current is the stored current version of a family.
func (fx *clFixture) current(t *testing.T, family string) models.ChecklistTemplate {
	t.Helper()
	vs, err := fx.app.ChecklistVersions(family)
	if err != nil || len(vs) == 0 {
		t.Fatalf("versions of %s: %v", family, err)
	}
	return *clCurrent(vs)
}

// clTap taps a button and waits for what it started.
func clTap(t *testing.T, b fyne.Tappable) {
	t.Helper()
	custUI(func() { test.Tap(b) })
	custWaitIdle(t)
}

// clErr is the problem shown under a line, "" when hidden.
func clErr(r *clRow) string {
	if r.err.Visible() {
		return r.err.Text
	}
	return ""
}

func TestSettingsChecklistsEditBuiltInSavesVersion2(t *testing.T) {
	fx := newClFixture(t)
	if len(fx.section.rows) != 2 || fx.section.rows[0].tpl.Family != models.ChecklistFurniture {
		t.Fatalf("list: %d rows", len(fx.section.rows))
	}
	if got := fx.row(t, models.ChecklistFurniture).meta.Text; got != "version 1 · 8 lines" {
		t.Fatalf("furniture meta %q", got)
	}
	e := fx.edit(t, models.ChecklistFurniture)
	def := models.DefaultChecklist(models.ChecklistFurniture)
	if len(e.rows) != 8 || e.rows[0].text.Text != CheckLabel(def[0].Key, "") || !e.rows[0].required.Checked {
		t.Fatalf("loaded %d rows, first %q", len(e.rows), e.rows[0].text.Text)
	}
	if e.name.Text != ChecklistName("", "checklist.name.furniture") || !e.defaultsBtn.Visible() || !e.archiveBtn.Visible() {
		t.Fatalf("name %q, defaults %v, archive %v", e.name.Text, e.defaultsBtn.Visible(), e.archiveBtn.Visible())
	}
	if !e.rows[0].up.Disabled() || !e.rows[7].down.Disabled() || e.rows[0].down.Disabled() {
		t.Fatal("move buttons at the ends")
	}
	// Swap the first two lines, un-require the third, rewrite the fourth
	// and add a typed line that is not required.
	custUI(func() { test.Tap(e.rows[0].down) })
	custUI(func() { test.Tap(e.rows[2].required) })
	rulesSet(e.rows[3].text, "螺丝孔、铰链、抽屉滑轨逐一检查")
	custUI(func() { test.Tap(e.addBtn) })
	last := e.rows[len(e.rows)-1]
	if len(e.rows) != 9 || !strings.Contains(clErr(last), "Line 9 is empty") || !e.saveBtn.Disabled() {
		t.Fatalf("new line: %d rows, error %q", len(e.rows), clErr(last))
	}
	custUI(func() {
		test.Type(last.text, "拍照上传安装完成照片")
		test.Tap(last.required)
	})
	if clErr(last) != "" || e.saveBtn.Disabled() || e.rows[8].num.Text != "9." {
		t.Fatalf("filled line refused: %q", clErr(last))
	}
	clTap(t, e.saveBtn)
	if !strings.Contains(e.status.Text, "Saved as version 2") {
		t.Fatalf("status %q", e.status.Text)
	}
	want := []models.ChecklistItem{
		{Key: def[1].Key, Required: true}, {Key: def[0].Key, Required: true}, {Key: def[2].Key, Required: false},
		{Text: "螺丝孔、铰链、抽屉滑轨逐一检查", Required: true},
		def[4], def[5], def[6], def[7],
		{Text: "拍照上传安装完成照片", Required: false},
	}
	cur := fx.current(t, models.ChecklistFurniture)
	if cur.Version != 2 || cur.Name != "" || cur.NameKey != "checklist.name.furniture" || !slices.Equal(cur.Items, want) {
		t.Fatalf("stored v%d name %q/%q items %+v", cur.Version, cur.Name, cur.NameKey, cur.Items)
	}
	if vs, _ := fx.app.ChecklistVersions(models.ChecklistFurniture); len(vs) != 2 || len(vs[1].Items) != 8 {
		t.Fatal("version 1 was not kept")
	}
	hist := custLabelTexts(e.history)
	if len(hist) != 2 || !strings.Contains(hist[0], "Version 2 · 2026-03-02 09:30 · 9 lines · in use") || !strings.Contains(hist[1], "Version 1") {
		t.Fatalf("history %q", hist)
	}
	if got := fx.row(t, models.ChecklistFurniture).meta.Text; got != "version 2 · 9 lines" {
		t.Fatalf("list not refreshed: %q", got)
	}
	// The form shows what was stored; saving it again changes nothing.
	if e.rows[3].key != "" || e.rows[0].key != def[1].Key || e.dirty() {
		t.Fatal("the form was not refilled from the saved version")
	}
	clTap(t, e.saveBtn)
	if !strings.Contains(e.status.Text, "No changes") {
		t.Fatalf("second save: %q", e.status.Text)
	}
	if vs, _ := fx.app.ChecklistVersions(models.ChecklistFurniture); len(vs) != 2 {
		t.Fatalf("an unchanged save made version %d", len(vs))
	}
}

func TestSettingsChecklistsBlankLineShownNothingSaved(t *testing.T) {
	fx := newClFixture(t)
	e := fx.edit(t, models.ChecklistAppliance)
	n := len(e.rows)
	custUI(func() { test.Tap(e.rows[0].down) })
	rulesSet(e.rows[4].text, "   ")
	rulesSet(e.name, "家电安装（新）")
	if got := clErr(e.rows[4]); !strings.Contains(got, "Line 5 is empty: write it or remove it.") {
		t.Fatalf("blank line: %q", got)
	}
	if clErr(e.rows[3]) != "" || !e.saveBtn.Disabled() {
		t.Fatalf("other line %q, save enabled %v", clErr(e.rows[3]), !e.saveBtn.Disabled())
	}
	custUI(e.onSave) // even called directly, nothing is saved
	custWaitIdle(t)
	if cur := fx.current(t, models.ChecklistAppliance); cur.Version != 1 || cur.Name != "" {
		t.Fatalf("a blank line was saved: v%d", cur.Version)
	}
	// Nothing typed is lost; moving the blank line moves its message.
	if len(e.rows) != n || e.name.Text != "家电安装（新）" || e.rows[1].key != models.DefaultChecklist(models.ChecklistAppliance)[0].Key {
		t.Fatal("the form lost the edits")
	}
	custUI(func() { test.Tap(e.rows[4].up) })
	if !strings.Contains(clErr(e.rows[3]), "Line 4 is empty") || clErr(e.rows[4]) != "" {
		t.Fatalf("after moving: %q / %q", clErr(e.rows[3]), clErr(e.rows[4]))
	}
	// Problems the app reports land where they belong, the form untouched.
	custUI(func() {
		e.saved(nil, nil, e.tpl.ID, models.ValidationErrors{
			models.NewFieldError("name", "err.checklist.name_long", "The name has at most 100 characters.", nil),
			models.NewFieldError("items", "err.checklist.line_long", "Line {{.N}} has more than 200 characters.", map[string]any{"N": 2}),
			models.NewFieldError("items", "err.checklist.items_many", "A checklist has at most {{.Max}} lines.", map[string]any{"Max": 40}),
		})
	})
	if !e.nameErr.Visible() || !strings.Contains(e.nameErr.Text, "100 characters") ||
		!strings.Contains(clErr(e.rows[1]), "Line 2 has more than 200") || !strings.Contains(e.formErr.Text, "at most 40 lines") || !e.formErr.Visible() {
		t.Fatalf("app errors: name %q, line 2 %q, form %q", e.nameErr.Text, clErr(e.rows[1]), e.formErr.Text)
	}
	if len(e.rows) != n || e.name.Text != "家电安装（新）" || e.rows[3].text.Text != "   " {
		t.Fatal("an app error cleared the form")
	}
	// Removing the blank line makes the form savable.
	custUI(func() { test.Tap(e.rows[3].remove) })
	if e.saveBtn.Disabled() || e.nameErr.Visible() {
		t.Fatalf("still refused: %q", e.nameErr.Text)
	}
	clTap(t, e.saveBtn)
	if cur := fx.current(t, models.ChecklistAppliance); cur.Version != 2 || cur.Name != "家电安装（新）" || len(cur.Items) != n-1 {
		t.Fatalf("saved v%d %q %d lines", cur.Version, cur.Name, len(cur.Items))
	}
}

func TestSettingsChecklistsNewTemplate(t *testing.T) {
	fx := newClFixture(t)
	clTap(t, fx.section.newBtn)
	e := fx.section.editor
	if e == nil || e.tpl != nil || len(e.rows) != 1 || fx.w.Canvas().Overlays().Top() == nil {
		t.Fatal("no empty editor")
	}
	if e.defaultsBtn.Visible() || e.archiveBtn.Visible() || !strings.Contains(e.heading.Text, "New") {
		t.Fatal("a new template offers defaults or archive")
	}
	if !strings.Contains(e.nameErr.Text, "Give the checklist a name") || !strings.Contains(clErr(e.rows[0]), "Line 1 is empty") {
		t.Fatalf("empty form: %q / %q", e.nameErr.Text, clErr(e.rows[0]))
	}
	custUI(func() {
		test.Type(e.name, "床垫安装")
		test.Type(e.rows[0].text, "拆除旧床垫并带走")
		test.Tap(e.addBtn)
	})
	custUI(func() {
		test.Type(e.rows[1].text, "测量床架尺寸")
		test.Tap(e.rows[1].required)
	})
	clTap(t, e.saveBtn)
	if !strings.Contains(e.status.Text, "Saved as version 1") || e.tpl == nil || e.family == "" {
		t.Fatalf("status %q", e.status.Text)
	}
	list, _ := fx.app.ChecklistTemplates(false)
	if len(list) != 3 {
		t.Fatalf("%d templates", len(list))
	}
	got := list[2]
	want := []models.ChecklistItem{{Text: "拆除旧床垫并带走", Required: true}, {Text: "测量床架尺寸"}}
	if got.Family != e.family || got.Name != "床垫安装" || got.NameKey != "" || got.Version != 1 || !slices.Equal(got.Items, want) {
		t.Fatalf("stored %+v", got)
	}
	if e.defaultsBtn.Visible() || !e.archiveBtn.Visible() || len(custLabelTexts(e.history)) != 1 {
		t.Fatal("after the first save: buttons or history wrong")
	}
	if len(fx.section.rows) != 3 || fx.section.rows[2].name.Text != "床垫安装" || fx.section.rows[2].meta.Text != "version 1 · 2 lines" {
		t.Fatalf("list: %d rows", len(fx.section.rows))
	}
	// A second save of the same form is the same template, not another.
	clTap(t, e.saveBtn)
	if list, _ := fx.app.ChecklistTemplates(false); len(list) != 3 || !strings.Contains(e.status.Text, "No changes") {
		t.Fatalf("second save: %d templates, %q", len(list), e.status.Text)
	}
}

func TestSettingsChecklistsArchiveRestoreAndLastActive(t *testing.T) {
	fx := newClFixture(t)
	own, err := fx.app.SaveChecklist(app.ChecklistInput{Name: "床垫安装", Items: []models.ChecklistItem{{Text: "拆除旧床垫", Required: true}}})
	if err != nil {
		t.Fatal(err)
	}
	custUI(fx.section.load)
	custWaitIdle(t)
	e := fx.edit(t, own.Family)
	rulesSet(e.rows[0].text, "拆除旧床垫并带走") // an unsaved edit survives archiving
	clTap(t, e.archiveBtn)
	if !strings.Contains(e.status.Text, "Archived") || e.archiveBtn.Text != "Restore" || !e.archivedNote.Visible() {
		t.Fatalf("after archive: %q, button %q", e.status.Text, e.archiveBtn.Text)
	}
	if e.rows[0].text.Text != "拆除旧床垫并带走" || !e.dirty() {
		t.Fatal("archiving lost the typed text")
	}
	if list, _ := fx.app.ChecklistTemplates(false); len(list) != 2 {
		t.Fatalf("active after archive: %d", len(list))
	}
	r := fx.row(t, own.Family)
	if r.restore == nil || r.name.Importance != widget.LowImportance || !strings.Contains(r.meta.Text, "archived") {
		t.Fatal("the archived template is not greyed with Restore in the list")
	}
	clTap(t, r.restore)
	if list, _ := fx.app.ChecklistTemplates(false); len(list) != 3 {
		t.Fatalf("active after restore: %d", len(list))
	}
	if r := fx.row(t, own.Family); r.restore != nil || !strings.Contains(fx.section.note.Text, "床垫安装") {
		t.Fatalf("list after restore: note %q", fx.section.note.Text)
	}
	// Archive everything but furniture; then furniture is refused.
	for _, fam := range []string{own.Family, models.ChecklistAppliance} {
		if err := fx.app.ArchiveChecklist(fam, true); err != nil {
			t.Fatal(err)
		}
	}
	custUI(func() { test.Tap(e.closeBtn) }) // dirty: asks first
	if e.confirm == nil || fx.w.Canvas().Overlays().Top() == nil {
		t.Fatal("closing with changes did not ask")
	}
	clTap(t, e.confirm.confirm)
	e = fx.edit(t, models.ChecklistFurniture)
	clTap(t, e.archiveBtn)
	if !e.formErr.Visible() || !strings.Contains(e.formErr.Text, "only checklist left") || e.archiveBtn.Text != "Archive" {
		t.Fatalf("last active: %q", e.formErr.Text)
	}
	if list, _ := fx.app.ChecklistTemplates(false); len(list) != 1 || list[0].Family != models.ChecklistFurniture {
		t.Fatal("the last active checklist was archived")
	}
}

func TestSettingsChecklistsResetDefaults(t *testing.T) {
	fx := newClFixture(t)
	short := models.DefaultChecklist(models.ChecklistFurniture)[:3]
	short[1].Required = false
	if _, err := fx.app.SaveChecklist(app.ChecklistInput{Family: models.ChecklistFurniture, Name: "家具安装（简）", Items: short}); err != nil {
		t.Fatal(err)
	}
	custUI(fx.section.load)
	custWaitIdle(t)
	e := fx.edit(t, models.ChecklistFurniture)
	if e.name.Text != "家具安装（简）" || len(e.rows) != 3 || e.rows[1].required.Checked {
		t.Fatalf("loaded %q, %d rows", e.name.Text, len(e.rows))
	}
	clTap(t, e.defaultsBtn)
	if e.confirm == nil {
		t.Fatal("no confirmation asked")
	}
	clTap(t, e.confirm.cancel)
	if cur := fx.current(t, models.ChecklistFurniture); cur.Version != 2 {
		t.Fatal("declining reset the checklist")
	}
	clTap(t, e.defaultsBtn)
	clTap(t, e.confirm.confirm)
	cur := fx.current(t, models.ChecklistFurniture)
	if cur.Version != 3 || cur.Name != "" || !slices.Equal(cur.Items, models.DefaultChecklist(models.ChecklistFurniture)) {
		t.Fatalf("after reset: v%d %q %+v", cur.Version, cur.Name, cur.Items)
	}
	if len(e.rows) != 8 || e.name.Text != ChecklistName("", "checklist.name.furniture") || !strings.Contains(e.status.Text, "version 3") {
		t.Fatalf("form after reset: %d rows, %q, %q", len(e.rows), e.name.Text, e.status.Text)
	}
	if len(custLabelTexts(e.history)) != 3 || fx.row(t, models.ChecklistFurniture).meta.Text != "version 3 · 8 lines" {
		t.Fatal("history or list not refreshed")
	}
	// Again: nothing to restore.
	clTap(t, e.defaultsBtn)
	clTap(t, e.confirm.confirm)
	if cur := fx.current(t, models.ChecklistFurniture); cur.Version != 3 || !strings.Contains(e.status.Text, "already") {
		t.Fatalf("second reset: v%d %q", cur.Version, e.status.Text)
	}
}

func TestSettingsChecklistsRevertAndClose(t *testing.T) {
	fx := newClFixture(t)
	e := fx.edit(t, models.ChecklistFurniture)
	custUI(func() { test.Tap(e.rows[0].remove) })
	rulesSet(e.name, "家具")
	if !e.dirty() || len(e.rows) != 7 {
		t.Fatal("edits not noticed")
	}
	clTap(t, e.revertBtn)
	if e.dirty() || len(e.rows) != 8 || e.name.Text != ChecklistName("", "checklist.name.furniture") || e.status.Text == "" {
		t.Fatalf("after revert: %d rows, %q", len(e.rows), e.name.Text)
	}
	// Unchanged, Close closes without asking; nothing was stored.
	e.confirm = nil
	clTap(t, e.closeBtn)
	if e.confirm != nil || fx.w.Canvas().Overlays().Top() != nil {
		t.Fatal("Close asked or stayed open without changes")
	}
	if cur := fx.current(t, models.ChecklistFurniture); cur.Version != 1 {
		t.Fatalf("stored v%d", cur.Version)
	}
	// A changed form asks; Cancel keeps the editor and the changes.
	e = fx.edit(t, models.ChecklistFurniture)
	custUI(func() { test.Tap(e.rows[0].required) })
	clTap(t, e.closeBtn)
	clTap(t, e.confirm.cancel)
	if fx.w.Canvas().Overlays().Top() == nil || e.rows[0].required.Checked {
		t.Fatal("cancelling the question lost the editor or the change")
	}
}

// TestSettingsChecklistsInSettings checks the hook: the Settings screen
// shows the checklists section.
func TestSettingsChecklistsInSettings(t *testing.T) {
	fx := newClFixture(t)
	s := newSettingsScreen(&Deps{App: fx.app, Window: fx.w})
	if s.checklists == nil || !slices.Contains(test.LaidOutObjects(s.content()), s.checklists.content()) {
		t.Fatal("Settings does not show the checklists section")
	}
}

// TestSettingsChecklistsTranslationsComplete checks that every key the
// checklist editor and its validation use has English and Chinese text
// with the same placeholders.
func TestSettingsChecklistsTranslationsComplete(t *testing.T) {
	keys := map[string]bool{}
	for _, file := range []string{"settings_checklists.go", "../models/delivery.go", "../app/checklists.go"} {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`"((?:settings_checklists|err\.checklist|checklist\.item)\.[a-z_.]+)"`).FindAllStringSubmatch(string(src), -1) {
			keys[m[1]] = true
		}
	}
	if len(keys) < 50 {
		t.Fatalf("found only %d keys", len(keys))
	}
	custCheckTranslated(t, keys)
}

// TestSettingsChecklistsScreenshots writes PNGs of the editor in English
// and Chinese to the folder named by CHECKLIST_SHOTS; without it the test
// is skipped. It registers the Chinese table for the rest of the process,
// so run it alone.
func TestSettingsChecklistsScreenshots(t *testing.T) {
	dir := shotsDir(t, "CHECKLIST_SHOTS")
	for _, l := range []string{"en", "zh"} {
		shotsLanguage(t, l)
		fx := newClFixture(t)
		fyne.CurrentApp().Settings().SetTheme(NewTheme())
		shot := func(name string) {
			writeShot(t, fx.w, filepath.Join(dir, "checklists_"+l+"_"+name+".png"), false)
		}
		if err := fx.app.ArchiveChecklist(models.ChecklistAppliance, true); err != nil {
			t.Fatal(err)
		}
		custUI(fx.section.load)
		shot("section")
		e := fx.edit(t, models.ChecklistFurniture)
		custUI(func() { test.Tap(e.rows[0].down) })
		clTap(t, e.saveBtn)
		custUI(func() { test.Tap(e.addBtn) })
		shot("editor")
		custUI(func() { test.Tap(e.rows[len(e.rows)-1].remove) })
		clTap(t, e.defaultsBtn)
		shot("confirm")
	}
}
