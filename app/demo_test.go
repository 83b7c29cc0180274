package app

import (
	"context"
	"strings"
	"testing"

	"gorm.io/gorm"

	"aftercare/models"
)

// demoSnapshot lists id, name and phones of every customer in id order.
func demoSnapshot(t *testing.T, a *App) []string {
	t.Helper()
	var cs []models.Customer
	if err := a.db.Preload("Phones", func(db *gorm.DB) *gorm.DB { return db.Order("position") }).Order("id").Find(&cs).Error; err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(cs))
	for i, c := range cs {
		var nums []string
		for _, p := range c.Phones {
			nums = append(nums, p.ID+"="+p.Number)
		}
		out[i] = c.ID + " " + c.Name + " " + strings.Join(nums, ",") + " " + c.CreatedAt.String()
	}
	return out
}

func TestDemoDeterministic(t *testing.T) {
	a, b := newTestApp(t), newTestApp(t)
	ra, err := a.Demo(DemoOptions{Customers: 300, Seed: 42})
	if err != nil {
		t.Fatal(err)
	}
	rb, err := b.Demo(DemoOptions{Customers: 300, Seed: 42})
	if err != nil {
		t.Fatal(err)
	}
	if ra != rb {
		t.Fatalf("counts differ: %+v vs %+v", ra, rb)
	}
	sa, sb := demoSnapshot(t, a), demoSnapshot(t, b)
	if len(sa) != 300 {
		t.Fatalf("%d customers, want 300", len(sa))
	}
	for i := range sa {
		if sa[i] != sb[i] {
			t.Fatalf("same seed, different data:\n%s\n%s", sa[i], sb[i])
		}
	}
	c := newTestApp(t)
	if _, err := c.Demo(DemoOptions{Customers: 300, Seed: 43}); err != nil {
		t.Fatal(err)
	}
	if sc := demoSnapshot(t, c); sc[0] == sa[0] && sc[1] == sa[1] {
		t.Fatal("another seed gave the same data")
	}
}

func TestDemoCountsAndSearch(t *testing.T) {
	a := newTestApp(t)
	res, err := a.Demo(DemoOptions{Customers: 500, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	count := func(model any) int {
		var n int64
		if err := a.db.Model(model).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		return int(n)
	}
	if res.Customers != 500 || count(&models.Customer{}) != 500 {
		t.Fatalf("customers: result %d, table %d", res.Customers, count(&models.Customer{}))
	}
	if res.Phones != count(&models.Phone{}) || res.Phones < 500 {
		t.Fatalf("phones: result %d, table %d", res.Phones, count(&models.Phone{}))
	}
	if res.Addresses != count(&models.Address{}) || res.Purchases != count(&models.Purchase{}) {
		t.Fatalf("result %+v does not match the tables", res)
	}
	if res.Purchases < 500 || res.Purchases > 3*500 {
		t.Fatalf("%d purchases for 500 customers", res.Purchases)
	}
	var distinct int64
	a.db.Raw("SELECT count(DISTINCT number) FROM phones").Scan(&distinct)
	if int(distinct) != res.Phones {
		t.Fatalf("%d distinct numbers among %d phones", distinct, res.Phones)
	}
	// Every generated record passes the same rules as typed input.
	var cs []models.Customer
	a.db.Preload("Phones", byPosition).Preload("Addresses", byPosition).Preload("Purchases", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).Find(&cs)
	for _, c := range cs {
		var in models.CustomerInput
		in.Name, in.Notes = c.Name, c.Notes
		for _, p := range c.Phones {
			in.Phones = append(in.Phones, p.Number)
		}
		for _, ad := range c.Addresses {
			in.Addresses = append(in.Addresses, ad.Text)
		}
		var again models.Customer
		if err := in.Normalize(&again); err != nil {
			t.Fatalf("demo customer %s is invalid: %v", c.Name, err)
		}
		if again.SearchText != c.SearchText || again.NameInitials != c.NameInitials {
			t.Fatalf("derived fields differ for %s: %q vs %q", c.Name, c.SearchText, again.SearchText)
		}
		if c.CreatedAt.After(fixedNow) || c.UpdatedAt.Before(c.CreatedAt) {
			t.Fatalf("%s: created %v updated %v", c.Name, c.CreatedAt, c.UpdatedAt)
		}
		for _, p := range c.Purchases {
			if p.PurchaseDate.After(fixedNow) || p.PurchaseDate.Before(fixedNow.AddDate(-10, 0, -2)) || p.Brand == "" || p.Model == "" || p.WarrantyMonths <= 0 {
				t.Fatalf("purchase %+v", p)
			}
		}
	}
	// The counter finds a demo customer by the last four digits of a phone.
	target := cs[123]
	last4 := target.Phones[0].Number[len(target.Phones[0].Number)-4:]
	if strings.Contains(target.Phones[0].Number, "-") {
		last4 = strings.ReplaceAll(target.Phones[0].Number, "-", "")
		last4 = last4[len(last4)-4:]
	}
	found, err := a.SearchCustomers(context.Background(), last4, SearchOptions{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	ok := false
	for _, f := range found {
		ok = ok || f.ID == target.ID
	}
	if !ok {
		t.Fatalf("search %q did not find %s (%v)", last4, target.Name, found)
	}
	// One audit entry for the whole run.
	h, err := a.History("demo", "")
	if err != nil || len(h) != 1 || h[0].Fields["customers"][1] != "500" {
		t.Fatalf("demo audit entry: %+v %v", h, err)
	}
}
