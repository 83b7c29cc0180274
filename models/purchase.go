package models

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Purchase is something a customer bought; it decides whether a repair is
// free (in warranty, 保内) or charged (保外).
type Purchase struct {
	Base
	CustomerID      string    `gorm:"size:36;not null;index"`
	Product         string    `gorm:"size:100;not null"` // 沙发, 冰箱…
	ProductType     string    `gorm:"size:40"`           // key of a product type, e.g. furniture
	Brand           string    `gorm:"size:60"`
	Model           string    `gorm:"size:60"`
	Serial          string    `gorm:"size:60;index"` // serial or batch number
	PurchaseDate    time.Time // a civil date, stored at 00:00 UTC
	InvoiceNo       string    `gorm:"size:60"`
	WarrantyMonths  int
	DeliveryAddress string `gorm:"size:500"`
	Notes           string
}

// ProductType is a kind of product with its default warranty length.
type ProductType struct {
	Key            string `json:"key"`
	NameEN         string `json:"name_en"`
	NameZH         string `json:"name_zh"`
	WarrantyMonths int    `json:"warranty_months"`
}

// PurchaseInput is what a person types into the purchase form.
type PurchaseInput struct {
	Product         string
	ProductType     string
	Brand           string
	Model           string
	Serial          string
	PurchaseDate    string // YYYY-MM-DD (also YYYY/MM/DD, YYYY.MM.DD, YYYY年M月D日)
	InvoiceNo       string
	WarrantyMonths  string
	DeliveryAddress string
	Notes           string
}

// MaxWarrantyMonths bounds the warranty length a person can enter.
const MaxWarrantyMonths = 240

// Normalize validates the purchase form against today's date and fills p.
func (in PurchaseInput) Normalize(p *Purchase, today time.Time) error {
	var errs ValidationErrors
	product := strings.TrimSpace(CleanText(in.Product))
	if product == "" {
		errs = append(errs, NewFieldError("product", "err.purchase.product_required", "Enter the product, e.g. sofa or refrigerator.", nil))
	} else if utf8.RuneCountInString(product) > 100 {
		errs = append(errs, NewFieldError("product", "err.purchase.product_long", "The product has at most 100 characters.", nil))
	}
	date, derr := ParseDate(in.PurchaseDate)
	if derr != nil {
		derr.Field = "purchase_date"
		errs = append(errs, derr)
	} else if date.After(CivilDate(today)) {
		errs = append(errs, NewFieldError("purchase_date", "err.purchase.date_future", "The purchase date cannot be in the future.", nil))
	}
	months := 0
	if s := strings.TrimSpace(toHalfWidth(in.WarrantyMonths)); s != "" {
		n, ok := atoi(s)
		if !ok || n < 0 || n > MaxWarrantyMonths {
			errs = append(errs, NewFieldError("warranty_months", "err.purchase.warranty_range",
				"Warranty is a whole number of months from 0 to {{.Max}}.", map[string]any{"Max": MaxWarrantyMonths}))
		}
		months = n
	}
	// In form order (a map would report them in random order).
	for _, f := range [...]struct{ field, v string }{{"brand", in.Brand}, {"model", in.Model}, {"serial", in.Serial}, {"invoice_no", in.InvoiceNo}} {
		if utf8.RuneCountInString(strings.TrimSpace(f.v)) > 60 {
			errs = append(errs, NewFieldError(f.field, "err.purchase.field_long", "At most 60 characters.", nil))
		}
	}
	if len(errs) > 0 {
		return errs
	}
	p.Product = product
	p.ProductType = strings.TrimSpace(in.ProductType)
	p.Brand = strings.TrimSpace(in.Brand)
	p.Model = strings.TrimSpace(in.Model)
	p.Serial = strings.TrimSpace(in.Serial)
	p.PurchaseDate = date
	p.InvoiceNo = strings.TrimSpace(in.InvoiceNo)
	p.WarrantyMonths = months
	p.DeliveryAddress = strings.TrimSpace(in.DeliveryAddress)
	p.Notes = strings.TrimSpace(in.Notes)
	return nil
}

func atoi(s string) (int, bool) {
	if s == "" || len(s) > 6 {
		return 0, false
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, true
}
