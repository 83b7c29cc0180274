// Package assets embeds the files Aftercare ships inside its binary: the
// CJK font (so Chinese renders on a PC with no Chinese fonts), the icon,
// the translations and the default catalogues. It never imports Fyne, so
// printing/ and the command line use the same files as the window.
package assets

import (
	"embed"
	"encoding/json"
	"strings"
	"sync"

	"aftercare/models"
)

// FontTTF is WenQuanYi Micro Hei (Apache-2.0), the first face of Debian's
// wqy-microhei.ttc saved as TrueType; see fonts/README.md.
//
//go:embed fonts/wqy-microhei.ttf
var FontTTF []byte

// Icon is the application icon, a 1024×1024 PNG drawn by internal/mkicon.
//
//go:embed icon.png
var Icon []byte

// Translations holds en.json and zh_Hans.json (flat key → text objects).
//
//go:embed translations/en.json translations/zh_Hans.json
var Translations embed.FS

// Catalogue holds the default catalogues a manager can edit later.
//
//go:embed catalogue/*.json
var Catalogue embed.FS

// Language codes as the translation files name them.
const (
	LangEnglish = "en"
	LangChinese = "zh_Hans"
)

var (
	tableMu sync.Mutex
	tables  = map[string]map[string]string{}
)

// Table returns the translation table of a language ("en" or "zh_Hans").
func Table(lang string) map[string]string {
	tableMu.Lock()
	defer tableMu.Unlock()
	if t, ok := tables[lang]; ok {
		return t
	}
	t := map[string]string{}
	if data, err := Translations.ReadFile("translations/" + lang + ".json"); err == nil {
		_ = json.Unmarshal(data, &t)
	}
	tables[lang] = t
	return t
}

// Translator returns a lookup for places with no Fyne (the command line,
// printing): the text of key in lang, else the fallback, with {{.X}}
// placeholders filled from data.
func Translator(lang string) func(key, fallback string, data ...map[string]any) string {
	t := Table(lang)
	return func(key, fallback string, data ...map[string]any) string {
		s, ok := t[key]
		if !ok || s == "" {
			s = fallback
		}
		if len(data) > 0 && strings.Contains(s, "{{") {
			return models.RenderFallback(s, data[0])
		}
		return s
	}
}

// ProductTypes returns the default product types and their warranty months.
func ProductTypes() []models.ProductType {
	var out []models.ProductType
	data, err := Catalogue.ReadFile("catalogue/product_types.json")
	if err == nil {
		err = json.Unmarshal(data, &out)
	}
	if err != nil {
		panic("assets: catalogue/product_types.json is broken: " + err.Error())
	}
	return out
}

// FeeSchedule returns the default fee schedule and parts price list
// (DOMAIN.md "Replacement parts" prices and common repair items).
func FeeSchedule() []models.FeeItem {
	var out []models.FeeItem
	data, err := Catalogue.ReadFile("catalogue/fee_schedule.json")
	if err == nil {
		err = json.Unmarshal(data, &out)
	}
	if err != nil {
		panic("assets: catalogue/fee_schedule.json is broken: " + err.Error())
	}
	return out
}
