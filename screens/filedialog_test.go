package screens

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// fileDialogTexts is every text shown on the window's topmost dialog:
// labels, buttons and entries.
func fileDialogTexts(w fyne.Window) []string {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return nil
	}
	var out []string
	for _, c := range test.LaidOutObjects(top) {
		switch o := c.(type) {
		case *widget.Label:
			out = append(out, "label:"+o.Text)
		case *widget.Button:
			out = append(out, "button:"+o.Text)
		case *widget.Entry:
			out = append(out, "entry:"+o.Text)
		}
	}
	return out
}

// TestFileDialogsShowTheChoice opens the save and the open dialog in a
// folder with an Excel file and a text file: each has its title, the
// proposed name, its buttons, starts in the folder and lists only the
// files its filter names; Cancel reaches the callback as "nothing
// chosen".
func TestFileDialogsShowTheChoice(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewWindow(nil)
	defer w.Close()
	w.Resize(fyne.NewSize(1000, 700))
	dir := t.TempDir()
	for _, n := range []string{"月报样本.xlsx", "客户名单.txt"} {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	has := func(texts []string, want string) bool { return slices.Contains(texts, want) }

	saved := 0
	custUI(func() {
		showSaveFile(w, fileChoice{title: "导出月报", exts: []string{".xlsx"}, name: "report-2026-11.xlsx", dir: dir},
			func(wc fyne.URIWriteCloser, err error) {
				if wc != nil || err != nil {
					t.Errorf("cancel gave %v, %v", wc, err)
				}
				saved++
			})
	})
	texts := fileDialogTexts(w)
	for _, want := range []string{"label:导出月报", "entry:report-2026-11.xlsx", "button:Save", "button:Cancel",
		"button:" + filepath.Base(dir), "label:月报样本"} {
		if !has(texts, want) {
			t.Errorf("save dialog: no %q in %q", want, texts)
		}
	}
	if has(texts, "label:客户名单") {
		t.Errorf("save dialog lists a .txt file under a .xlsx filter: %q", texts)
	}
	custUI(func() { test.Tap(backupButton(w.Canvas().Overlays().Top(), "Cancel")) })
	if saved != 1 || w.Canvas().Overlays().Top() != nil {
		t.Fatalf("cancel: callback ran %d times, dialog still shown: %v", saved, w.Canvas().Overlays().Top() != nil)
	}

	custUI(func() {
		showOpenFile(w, fileChoice{title: "选择客户文件", exts: []string{".csv", ".txt"}, dir: dir}, func(fyne.URIReadCloser, error) {})
	})
	texts = fileDialogTexts(w)
	for _, want := range []string{"label:选择客户文件", "button:Open", "button:Cancel", "label:客户名单"} {
		if !has(texts, want) {
			t.Errorf("open dialog: no %q in %q", want, texts)
		}
	}
	if has(texts, "label:月报样本") {
		t.Errorf("open dialog lists a .xlsx file under a .csv/.txt filter: %q", texts)
	}
}
