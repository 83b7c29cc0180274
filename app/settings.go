package app

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"aftercare/assets"
	"aftercare/models"
)

// Setting keys.
const (
	keyShopName     = "shop.name"
	keyShopAddress  = "shop.address"
	keyShopHotline  = "shop.hotline"
	keyLanguage     = "ui.language"
	keyWelcomeDone  = "ui.welcome_done"
	keyProductTypes = "catalogue.product_types"
)

// Language choices in Settings.
const (
	LanguageSystem  = ""
	LanguageChinese = "zh"
	LanguageEnglish = "en"
)

// ShopInfo is printed on every slip.
type ShopInfo struct {
	Name    string
	Address string
	Hotline string
}

// Setting reads one setting, "" when unset.
func (a *App) Setting(key string) (string, error) {
	var s models.Setting
	if err := a.db.Where("key = ?", key).Limit(1).Find(&s).Error; err != nil {
		return "", fmt.Errorf("settings: read %s: %w", key, err)
	}
	return s.Value, nil
}

func setSettings(tx *gorm.DB, kv map[string]string) error {
	for k, v := range kv {
		if err := tx.Save(&models.Setting{Key: k, Value: v}).Error; err != nil {
			return fmt.Errorf("settings: save %s: %w", k, err)
		}
	}
	return nil
}

// Shop returns the shop's name, address and hotline.
func (a *App) Shop() (ShopInfo, error) {
	var rows []models.Setting
	if err := a.db.Where("key IN ?", []string{keyShopName, keyShopAddress, keyShopHotline}).Find(&rows).Error; err != nil {
		return ShopInfo{}, fmt.Errorf("settings: read shop: %w", err)
	}
	var s ShopInfo
	for _, r := range rows {
		switch r.Key {
		case keyShopName:
			s.Name = r.Value
		case keyShopAddress:
			s.Address = r.Value
		case keyShopHotline:
			s.Hotline = r.Value
		}
	}
	return s, nil
}

// ValidateShop checks the shop details; the form calls it as the person types.
func ValidateShop(s ShopInfo) error {
	s.Name, s.Address, s.Hotline = strings.TrimSpace(s.Name), strings.TrimSpace(s.Address), strings.TrimSpace(s.Hotline)
	var errs models.ValidationErrors
	if s.Name == "" {
		errs = append(errs, models.NewFieldError("shop_name", "err.shop.name_required", "Enter the shop's name; it is printed on every slip.", nil))
	} else if utf8.RuneCountInString(s.Name) > 60 {
		errs = append(errs, models.NewFieldError("shop_name", "err.shop.name_long", "The shop name has at most 60 characters.", nil))
	}
	if utf8.RuneCountInString(s.Address) > 200 {
		errs = append(errs, models.NewFieldError("shop_address", "err.shop.address_long", "The address has at most 200 characters.", nil))
	}
	if s.Hotline != "" && !validHotline(s.Hotline) {
		errs = append(errs, models.NewFieldError("shop_hotline", "err.shop.hotline",
			"The hotline may contain digits, spaces, dashes and brackets only, e.g. 400-800-1234.", nil))
	}
	return errs.OrNil()
}

// SaveShop validates and saves the shop details in one transaction.
func (a *App) SaveShop(s ShopInfo) error {
	if err := a.require(models.PermCatalogues); err != nil {
		return err
	}
	s.Name, s.Address, s.Hotline = strings.TrimSpace(s.Name), strings.TrimSpace(s.Address), strings.TrimSpace(s.Hotline)
	if err := ValidateShop(s); err != nil {
		return err
	}
	before, _ := a.Shop()
	return a.db.Transaction(func(tx *gorm.DB) error {
		if err := setSettings(tx, map[string]string{keyShopName: s.Name, keyShopAddress: s.Address, keyShopHotline: s.Hotline}); err != nil {
			return err
		}
		return a.audit(tx, "settings", "shop", "update", diffFields(
			[]string{"name", "address", "hotline"},
			[]string{before.Name, before.Address, before.Hotline},
			[]string{s.Name, s.Address, s.Hotline}))
	})
}

// validHotline accepts 400/800 service numbers, landlines and mobiles as
// people write them; the shop's own number is free-form within that.
func validHotline(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '+' || r == '/':
		default:
			return false
		}
	}
	return digits >= 5 && digits <= 20
}

// Language returns the Settings language choice (LanguageSystem by default).
func (a *App) Language() (string, error) { return a.Setting(keyLanguage) }

// SetLanguage saves the language choice; it applies on the next start.
func (a *App) SetLanguage(lang string) error {
	switch lang {
	case LanguageSystem, LanguageChinese, LanguageEnglish:
	default:
		return models.NewFieldError("language", "err.settings.language", "Choose 中文, English or follow the system.", nil)
	}
	return a.db.Transaction(func(tx *gorm.DB) error { return setSettings(tx, map[string]string{keyLanguage: lang}) })
}

// WelcomeDone reports whether the first-start welcome was dismissed.
func (a *App) WelcomeDone() bool {
	v, _ := a.Setting(keyWelcomeDone)
	return v == "1"
}

// SetWelcomeDone records that the welcome was shown and dismissed.
func (a *App) SetWelcomeDone() error {
	return a.db.Transaction(func(tx *gorm.DB) error { return setSettings(tx, map[string]string{keyWelcomeDone: "1"}) })
}

// ProductTypes returns the product types with their default warranty
// months: the shop's edited list, or the shipped defaults.
func (a *App) ProductTypes() []models.ProductType {
	if v, err := a.Setting(keyProductTypes); err == nil && v != "" {
		var out []models.ProductType
		if json.Unmarshal([]byte(v), &out) == nil && len(out) > 0 {
			return out
		}
	}
	return assets.ProductTypes()
}

// ProductType finds a product type by key.
func (a *App) ProductType(key string) (models.ProductType, bool) {
	for _, t := range a.ProductTypes() {
		if t.Key == key {
			return t, true
		}
	}
	return models.ProductType{}, false
}
