package assets

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// keyUses finds translation keys in the source: T("key", …) calls in
// screens and printing, and the Key of every FieldError in models and app.
var keyUses = regexp.MustCompile(`(?:\bT\(|\bt\(|NewFieldError\([^,()]+(?:\([a-z]*\))?,\s*)"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"`)

func loadTable(t *testing.T, name string) map[string]string {
	t.Helper()
	data, err := Translations.ReadFile("translations/" + name)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

// TestEveryKeyTranslated fails when a key used in the code is missing from
// either language, or when the two files do not hold the same keys.
func TestEveryKeyTranslated(t *testing.T) {
	en, zh := loadTable(t, "en.json"), loadTable(t, "zh_Hans.json")
	used := map[string]string{}
	for _, dir := range []string{"../models", "../app", "../screens", "../printing", ".."} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
				continue
			}
			path := filepath.Join(dir, e.Name())
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range keyUses.FindAllStringSubmatch(string(src), -1) {
				used[m[1]] = path
			}
		}
	}
	if len(used) < 20 {
		t.Fatalf("found only %d keys in the source; the scanner is broken", len(used))
	}
	var missing []string
	for k, where := range used {
		if en[k] == "" {
			missing = append(missing, "en.json: "+k+" ("+where+")")
		}
		if zh[k] == "" {
			missing = append(missing, "zh_Hans.json: "+k+" ("+where+")")
		}
	}
	for k := range en {
		if _, ok := zh[k]; !ok {
			missing = append(missing, "zh_Hans.json lacks "+k)
		}
	}
	for k := range zh {
		if _, ok := en[k]; !ok {
			missing = append(missing, "en.json lacks "+k)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Fatalf("%d translations missing:\n%s", len(missing), strings.Join(missing, "\n"))
	}
}

// TestChineseIsChinese catches a Chinese table that was filled with
// English by mistake: most of its texts must contain Han characters.
func TestChineseIsChinese(t *testing.T) {
	zh := loadTable(t, "zh_Hans.json")
	han := regexp.MustCompile(`\p{Han}`)
	var english []string
	for k, v := range zh {
		if !han.MatchString(v) {
			english = append(english, k+" = "+v)
		}
	}
	if len(english) > len(zh)/10 {
		sort.Strings(english)
		t.Fatalf("%d of %d Chinese texts have no Chinese characters:\n%s", len(english), len(zh), strings.Join(english, "\n"))
	}
}

// TestPlaceholdersMatch fails when a Chinese text lacks a {{.X}} the
// English one has (or has one more): the value would go missing on screen.
func TestPlaceholdersMatch(t *testing.T) {
	en, zh := loadTable(t, "en.json"), loadTable(t, "zh_Hans.json")
	ph := regexp.MustCompile(`\{\{\s*\.[A-Za-z]+\s*\}\}`)
	norm := func(s string) string {
		found := ph.FindAllString(strings.ReplaceAll(s, " ", ""), -1)
		sort.Strings(found)
		return strings.Join(found, ",")
	}
	for k, e := range en {
		if z, ok := zh[k]; ok && norm(e) != norm(z) {
			t.Errorf("%s: placeholders differ: en %q / zh %q", k, norm(e), norm(z))
		}
	}
}
