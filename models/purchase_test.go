package models

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

var purchaseToday = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func TestPurchaseNormalize(t *testing.T) {
	in := PurchaseInput{
		Product: " 空调 ", ProductType: " air_conditioner ", Brand: " 格力 ", Model: " KFR-35GW ", Serial: " SN123 ",
		PurchaseDate: "2026年11月23日", InvoiceNo: " 12345678 ", WarrantyMonths: "７２",
		DeliveryAddress: " 北京市朝阳区 ", Notes: " 以旧换新 ",
	}
	var p Purchase
	if err := in.Normalize(&p, purchaseToday); err != nil {
		t.Fatal(err)
	}
	want := Purchase{Product: "空调", ProductType: "air_conditioner", Brand: "格力", Model: "KFR-35GW", Serial: "SN123",
		PurchaseDate: day(2026, 11, 23), InvoiceNo: "12345678", WarrantyMonths: 72, DeliveryAddress: "北京市朝阳区", Notes: "以旧换新"}
	if !reflect.DeepEqual(p, want) {
		t.Fatalf("got %+v\nwant %+v", p, want)
	}
	// An empty warranty is 0 here (the app fills in the type's default).
	var q Purchase
	if err := (PurchaseInput{Product: "沙发", PurchaseDate: "2016-01-01"}).Normalize(&q, purchaseToday); err != nil || q.WarrantyMonths != 0 {
		t.Fatalf("%+v %v", q, err)
	}
	if err := (PurchaseInput{Product: "沙发", PurchaseDate: "2016-01-01", WarrantyMonths: "240"}).Normalize(&q, purchaseToday); err != nil || q.WarrantyMonths != 240 {
		t.Fatalf("240 months: %v", err)
	}
}

func TestPurchaseNormalizeErrors(t *testing.T) {
	long := strings.Repeat("长", 61)
	cases := []struct {
		name  string
		in    PurchaseInput
		field string
		key   string
	}{
		{"no product", PurchaseInput{Product: "  ", PurchaseDate: "2026-01-01"}, "product", "err.purchase.product_required"},
		{"long product", PurchaseInput{Product: strings.Repeat("床", 101), PurchaseDate: "2026-01-01"}, "product", "err.purchase.product_long"},
		{"no date", PurchaseInput{Product: "床"}, "purchase_date", "err.date.required"},
		{"bad date", PurchaseInput{Product: "床", PurchaseDate: "yesterday"}, "purchase_date", "err.date.format"},
		{"impossible date", PurchaseInput{Product: "床", PurchaseDate: "2026-02-30"}, "purchase_date", "err.date.invalid"},
		{"old year", PurchaseInput{Product: "床", PurchaseDate: "1900-01-01"}, "purchase_date", "err.date.year"},
		{"tomorrow", PurchaseInput{Product: "床", PurchaseDate: "2026-11-24"}, "purchase_date", "err.purchase.date_future"},
		{"negative warranty", PurchaseInput{Product: "床", PurchaseDate: "2026-01-01", WarrantyMonths: "-1"}, "warranty_months", "err.purchase.warranty_range"},
		{"warranty too long", PurchaseInput{Product: "床", PurchaseDate: "2026-01-01", WarrantyMonths: "241"}, "warranty_months", "err.purchase.warranty_range"},
		{"warranty not a number", PurchaseInput{Product: "床", PurchaseDate: "2026-01-01", WarrantyMonths: "1.5"}, "warranty_months", "err.purchase.warranty_range"},
		{"warranty in words", PurchaseInput{Product: "床", PurchaseDate: "2026-01-01", WarrantyMonths: "一年"}, "warranty_months", "err.purchase.warranty_range"},
		{"long brand", PurchaseInput{Product: "床", PurchaseDate: "2026-01-01", Brand: long}, "brand", "err.purchase.field_long"},
		{"long model", PurchaseInput{Product: "床", PurchaseDate: "2026-01-01", Model: long}, "model", "err.purchase.field_long"},
		{"long serial", PurchaseInput{Product: "床", PurchaseDate: "2026-01-01", Serial: long}, "serial", "err.purchase.field_long"},
		{"long invoice", PurchaseInput{Product: "床", PurchaseDate: "2026-01-01", InvoiceNo: long}, "invoice_no", "err.purchase.field_long"},
	}
	for _, c := range cases {
		p := Purchase{Product: "before"}
		err := c.in.Normalize(&p, purchaseToday)
		ve, ok := err.(ValidationErrors)
		if !ok || len(ve) != 1 || ve[0].Field != c.field || ve[0].Key != c.key {
			t.Errorf("%s: %v; want %s on %s", c.name, err, c.key, c.field)
		}
		if p.Product != "before" {
			t.Errorf("%s: purchase changed on error", c.name)
		}
	}
	// All problems at once, in form order.
	err := PurchaseInput{Brand: long, Model: long, Serial: long, InvoiceNo: long, WarrantyMonths: "x"}.Normalize(&Purchase{}, purchaseToday)
	var fields []string
	for _, fe := range AsFieldErrors(err) {
		fields = append(fields, fe.Field)
	}
	if strings.Join(fields, ",") != "product,purchase_date,warranty_months,brand,model,serial,invoice_no" {
		t.Fatalf("fields %v", fields)
	}
}
