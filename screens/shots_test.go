package screens

import (
	"encoding/json"
	"image/png"
	"os"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// Helpers for the screenshot tests: each writes PNGs of its screens in
// English and Chinese, for a person to look at, into the folder an
// environment variable names, and is skipped without it.

// shotsDir returns the folder the environment variable env names and
// skips the test when it is not set.
func shotsDir(t *testing.T, env string) string {
	t.Helper()
	dir := os.Getenv(env)
	if dir == "" {
		t.Skip("set " + env + " to a folder to write screenshots")
	}
	return dir
}

// shotsLanguage prepares the pass for language l ("en" or "zh"). For "zh"
// it registers the Chinese table under the English locale, for the rest
// of the process, so screenshot tests are run alone.
func shotsLanguage(t *testing.T, l string) {
	t.Helper()
	if l != "zh" {
		return
	}
	b, _ := json.Marshal(custReadJSON(t, "translations/zh_Hans.json"))
	if err := lang.AddTranslationsForLocale(b, fyne.Locale("en")); err != nil {
		t.Fatal(err)
	}
}

// writeShot waits for the screens' background work and writes w's canvas
// to path. With relayout it lays the content out again first: the test
// canvas does not grow containers whose content grew (the real driver
// does so every frame).
func writeShot(t *testing.T, w fyne.Window, path string, relayout bool) {
	t.Helper()
	custWaitIdle(t)
	if relayout {
		custUI(func() { w.Content().Refresh() })
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	png.Encode(f, w.Canvas().Capture())
	f.Close()
}
