package screens

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

var backupTestNow = time.Date(2026, 11, 23, 10, 0, 0, 0, time.Local)

// backupButton finds a visible button by its text inside o.
func backupButton(o fyne.CanvasObject, text string) *widget.Button {
	for _, c := range test.LaidOutObjects(o) {
		if b, ok := c.(*widget.Button); ok && b.Visible() && b.Text == text {
			return b
		}
	}
	return nil
}

// backupOverlayTexts is every label on the topmost dialog.
func backupOverlayTexts(w fyne.Window) string {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	return strings.Join(custLabelTexts(top), "\n")
}

func newBackupApp(t *testing.T, path string, customers int) *app.App {
	t.Helper()
	a, err := app.Open(app.Options{Path: path, Clock: func() time.Time { return backupTestNow }, Lock: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < customers; i++ {
		if _, err := a.CreateCustomer(models.CustomerInput{Name: fmt.Sprintf("客户%d", i), Phones: []string{fmt.Sprintf("1380013%04d", i)},
			Addresses: []string{"北京市朝阳区建国路88号" + strings.Repeat("楼", 20)}}, app.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

// TestSettingsBackupSectionAndRestore: the section shows the last
// automatic backup and the second folder; a restore confirmed in the
// dialog (date and counts shown first) reopens the window on the backup.
func TestSettingsBackupSectionAndRestore(t *testing.T) {
	test.NewTempApp(t)
	a := newBackupApp(t, filepath.Join(t.TempDir(), "shop.db"), 2)
	t.Cleanup(func() { custWaitIdle(t); a.Current().Close() })
	res, err := a.AutoBackupNow()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.CreateCustomer(models.CustomerInput{Name: "后来的客户", Phones: []string{"13700137000"}}, app.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1280, 800))
	d := &Deps{App: a, Window: w}
	var b *backupSection
	custUI(func() {
		b = newBackupSection(d)
		w.SetContent(container.NewVScroll(b.content()))
	})
	custUI(b.load)
	custWaitIdle(t)
	if !strings.Contains(b.auto.Text, "2026-11-23 10:00") || !strings.Contains(b.auto.Text, res.Daily) {
		t.Fatalf("last automatic backup: %q", b.auto.Text)
	}
	if !strings.Contains(b.second.Text, "none") || !b.clearBtn.Disabled() || !b.restoreBtn.Visible() || b.view.hint.Visible() {
		t.Fatalf("second folder: %q", b.second.Text)
	}
	usb := t.TempDir()
	custUI(func() { b.setSecond(usb) })
	custEventually(t, "the second folder shown", func() bool { return strings.Contains(b.second.Text, usb) && !b.clearBtn.Disabled() })

	// The confirmation names the date and the counts, and nothing happens
	// until Restore is pressed.
	info, err := app.InspectBackup(res.Daily)
	if err != nil {
		t.Fatal(err)
	}
	confirmed := false
	custUI(func() { confirmRestore(w, info, "KEEPS", func() { confirmed = true }) })
	text := backupOverlayTexts(w)
	for _, want := range []string{"2026-11-23 10:00", "2 customers", "0 tickets", res.Daily, "KEEPS"} {
		if !strings.Contains(text, want) {
			t.Fatalf("the confirmation lacks %q:\n%s", want, text)
		}
	}
	custUI(func() { test.Tap(backupButton(w.Canvas().Overlays().Top(), "Cancel")) })
	if confirmed || w.Canvas().Overlays().Top() != nil {
		t.Fatal("cancel restored or left the dialog open")
	}

	custUI(func() { b.restore(info) })
	custEventually(t, "the restore", func() bool { return a.Current() != a && strings.Contains(backupOverlayTexts(w), "Restored the backup") })
	n := a.Current()
	if got, _ := n.CountCustomers(t.Context(), "", true); got != 2 {
		t.Fatalf("%d customers after the restore, want the backup's 2", got)
	}
	if !strings.Contains(backupOverlayTexts(w), "pre-restore") {
		t.Fatalf("the result does not say where the old database went:\n%s", backupOverlayTexts(w))
	}
}

// TestSettingsBackupViewOnlyForCounter: counter staff see the backup
// section without the buttons that change or copy anything.
func TestSettingsBackupViewOnlyForCounter(t *testing.T) {
	a := signedInClerk(t, backupTestNow, nil)
	w := test.NewTempWindow(t, nil)
	var s *settingsScreen
	custUI(func() {
		s = newSettingsScreen(&Deps{App: a, Window: w})
		w.SetContent(s.content())
	})
	custWaitIdle(t)
	if s.backupBtn.Visible() || s.backup.restoreBtn.Visible() || s.backup.chooseBtn.Visible() || !s.backup.view.hint.Visible() {
		t.Fatal("counter staff are offered backup or restore")
	}
}

// TestStartupDamagedOffersNewestBackup: a damaged database opens on the
// start-up screen, which finds the newest good backup, shows its counts,
// and after confirmation restores it and goes on with the restored file;
// the damaged file is kept aside.
func TestStartupDamagedOffersNewestBackup(t *testing.T) {
	test.NewTempApp(t)
	path := filepath.Join(t.TempDir(), "shop.db")
	a := newBackupApp(t, path, 300)
	if _, err := a.DailyBackupIfDue(); err != nil {
		t.Fatal(err)
	}
	a.Close()
	data, _ := os.ReadFile(path)
	for i := 2 * 4096; i < 6*4096 && i < len(data); i++ {
		data[i] = 0xA5
	}
	os.WriteFile(path, data, 0o644)
	os.Remove(path + "-wal")
	_, openErr := app.Open(app.Options{Path: path, Lock: true})
	if !errors.As(openErr, new(*app.DamagedError)) {
		t.Fatalf("open: %v", openErr)
	}
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1280, 800))
	var opened *app.App
	t.Cleanup(func() {
		custWaitIdle(t)
		if opened != nil {
			opened.Close()
		}
	})
	custUI(func() {
		w.SetContent(StartupError(StartupDeps{Path: path, Err: openErr, Window: w, Quit: func() {},
			Opened: func(n *app.App) { opened = n }}))
	})
	custEventually(t, "the newest backup", func() bool {
		return custContains(custLabelTexts(w.Content()), "300 customers") && backupButton(w.Content(), "Restore this backup…") != nil
	})
	texts := strings.Join(custLabelTexts(w.Content()), "\n")
	for _, want := range []string{"The database is damaged", "Nothing was written", path} {
		if !strings.Contains(texts, want) {
			t.Fatalf("start-up screen lacks %q:\n%s", want, texts)
		}
	}
	custUI(func() { test.Tap(backupButton(w.Content(), "Restore this backup…")) })
	if !strings.Contains(backupOverlayTexts(w), "damaged-") {
		t.Fatalf("the confirmation does not say the damaged file is kept:\n%s", backupOverlayTexts(w))
	}
	custUI(func() { test.Tap(backupButton(w.Canvas().Overlays().Top(), "Restore")) })
	custEventually(t, "the restored database", func() bool { return opened != nil })
	if got, _ := opened.CountCustomers(t.Context(), "", true); got != 300 {
		t.Fatalf("%d customers after the restore", got)
	}
	matches, _ := filepath.Glob(path + ".damaged-*[0-9]") // not its -wal and -shm
	if len(matches) != 1 {
		t.Fatalf("damaged file kept as %v", matches)
	}
	if kept, _ := os.ReadFile(matches[0]); string(kept) != string(data) {
		t.Fatal("the damaged file was changed")
	}
}

// TestStartupLockedNamesThePC: a second start on an open database says
// which PC has it.
func TestStartupLockedNamesThePC(t *testing.T) {
	test.NewTempApp(t)
	path := filepath.Join(t.TempDir(), "shop.db")
	a := newBackupApp(t, path, 0)
	defer a.Close()
	_, err := app.Open(app.Options{Path: path, Lock: true})
	host, _ := os.Hostname()
	w := test.NewTempWindow(t, nil)
	var opened *app.App
	custUI(func() {
		w.SetContent(StartupError(StartupDeps{Path: path, Err: err, Window: w, Quit: func() {}, Opened: func(n *app.App) { opened = n }}))
	})
	texts := strings.Join(custLabelTexts(w.Content()), "\n")
	if !strings.Contains(texts, "Aftercare is already open") || !strings.Contains(texts, host) {
		t.Fatalf("locked start-up screen:\n%s", texts)
	}
	// Try again: still open elsewhere, then closed there.
	custUI(func() { test.Tap(backupButton(w.Content(), "Try again")) })
	custWaitIdle(t)
	if opened != nil {
		t.Fatal("opened while another Aftercare holds the file")
	}
	a.Close()
	custUI(func() { test.Tap(backupButton(w.Content(), "Try again")) })
	custEventually(t, "the database opened", func() bool { return opened != nil })
	opened.Close()
}
