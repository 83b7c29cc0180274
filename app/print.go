package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"aftercare/models"
	"aftercare/printing"
)

// PrintsDir is the folder beside the database where printed documents are
// written, so they are found again and go along with the data.
func (a *App) PrintsDir() string { return filepath.Join(filepath.Dir(a.path), "prints") }

// PrintCustomerRecord writes a customer's record sheet (客户档案: contact
// details and every purchase with its warranty on today's date) as a PDF in
// PrintsDir and returns its path. t translates the printed labels.
func (a *App) PrintCustomerRecord(id string, t printing.Translator) (string, error) {
	c, err := a.Customer(id)
	if err != nil {
		return "", err
	}
	shop, err := a.Shop()
	if err != nil {
		return "", err
	}
	active := make([]models.Purchase, 0, len(c.Purchases))
	for _, p := range c.Purchases {
		if !p.Archived() {
			active = append(active, p)
		}
	}
	number := "C-" + strings.ToUpper(c.ID[:8])
	data, err := printing.CustomerRecord(printing.CustomerSheet{
		Shop:      printing.Shop{Name: shop.Name, Address: shop.Address, Hotline: shop.Hotline},
		Number:    number,
		Customer:  *c,
		Purchases: active,
		Now:       a.clock(),
		T:         t,
	})
	if err != nil {
		return "", fmt.Errorf("print customer %s: %w", id, err)
	}
	dir := a.PrintsDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("print customer: create %s: %w", dir, err)
	}
	path := filepath.Join(dir, fmt.Sprintf("%s-%s.pdf", number, a.clock().Format("20060102-150405")))
	if err := writeFileAtomic(path, data); err != nil {
		return "", fmt.Errorf("print customer: %w", err)
	}
	return path, nil
}

// writeFileAtomic writes through a temporary file and a rename, so a full
// disk or a crash never leaves a half-written document under the real name.
func writeFileAtomic(path string, data []byte) error {
	tmp := path + ".part"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}
