package app

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"aftercare/models"
)

// fixedNow is the injected clock of the app tests.
var fixedNow = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// newTestApp opens a fresh database file in a temporary folder.
func newTestApp(t testing.TB) *App {
	t.Helper()
	a, err := Open(Options{Path: filepath.Join(t.TempDir(), "shop.db"), Clock: func() time.Time { return fixedNow }, Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func mustCreate(t testing.TB, a *App, name string, phones ...string) *models.Customer {
	t.Helper()
	c, err := a.CreateCustomer(models.CustomerInput{Name: name, Phones: phones, Addresses: []string{"北京市朝阳区建国路88号"}}, CreateOptions{})
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	return c
}

func TestCreateSearchCustomer(t *testing.T) {
	a := newTestApp(t)
	mustCreate(t, a, "张伟", "138 0013 8000")
	mustCreate(t, a, "李娜", "+86 139-1234-5678", "010-88886666")
	mustCreate(t, a, "长江", "13700001111")
	ctx := context.Background()
	cases := []struct {
		q    string
		want []string
	}{
		{"8000", []string{"张伟"}},
		{"zw", []string{"张伟"}},
		{"zhangwei", []string{"张伟"}},
		{"ZW", []string{"张伟"}},
		{"李", []string{"李娜"}},
		{"8888", []string{"李娜"}},
		{"5678", []string{"李娜"}},
		{"cj", []string{"长江"}}, // surname reading of 长
		{"建国路", []string{"张伟", "李娜", "长江"}},
		{"no such", nil},
	}
	for _, c := range cases {
		got, err := a.SearchCustomers(ctx, c.q, SearchOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, g := range got {
			names = append(names, g.Name)
		}
		if len(names) != len(c.want) {
			t.Errorf("search %q = %v, want %v", c.q, names, c.want)
			continue
		}
		for _, w := range c.want {
			found := false
			for _, n := range names {
				found = found || n == w
			}
			if !found {
				t.Errorf("search %q = %v, want %v", c.q, names, c.want)
			}
		}
	}
}

func TestDuplicatePhoneRefused(t *testing.T) {
	a := newTestApp(t)
	first := mustCreate(t, a, "张伟", "13800138000")
	_, err := a.CreateCustomer(models.CustomerInput{Name: "王芳", Phones: []string{"0086 138-0013-8000"}}, CreateOptions{})
	var dup *DuplicatePhoneError
	if !errors.As(err, &dup) || dup.Existing.ID != first.ID {
		t.Fatalf("want duplicate of %s, got %v", first.ID, err)
	}
	if n, _ := a.CountCustomers(context.Background(), "", false); n != 1 {
		t.Fatalf("duplicate was saved: %d customers", n)
	}
	if _, err := a.CreateCustomer(models.CustomerInput{Name: "王芳", Phones: []string{"13800138000"}}, CreateOptions{AllowDuplicatePhone: true}); err != nil {
		t.Fatalf("confirmed duplicate refused: %v", err)
	}
}

func TestInvalidCustomerSavesNothing(t *testing.T) {
	a := newTestApp(t)
	_, err := a.CreateCustomer(models.CustomerInput{Name: "", Phones: []string{"12345"}}, CreateOptions{})
	fe := models.AsFieldErrors(err)
	if fe.ForField("name") == nil || fe.ForField("phone") == nil {
		t.Fatalf("want name and phone problems, got %v", err)
	}
	if n, _ := a.CountCustomers(context.Background(), "", true); n != 0 {
		t.Fatalf("%d customers saved from invalid input", n)
	}
}

func TestUpdateArchiveHistory(t *testing.T) {
	a := newTestApp(t)
	c := mustCreate(t, a, "张伟", "13800138000")
	_, err := a.UpdateCustomer(c.ID, models.CustomerInput{Name: "张伟强", Phones: []string{"13800138000", "021-55556666"}, Addresses: []string{"上海市浦东新区"}}, CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := a.Customer(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "张伟强" || len(got.Phones) != 2 || got.Phones[1].Number != "02155556666" || got.MainAddress() != "上海市浦东新区" {
		t.Fatalf("update not saved: %+v", got)
	}
	if r, _ := a.SearchCustomers(context.Background(), "5666", SearchOptions{}); len(r) != 1 {
		t.Fatalf("new phone not searchable: %v", r)
	}
	if err := a.ArchiveCustomer(c.ID); err != nil {
		t.Fatal(err)
	}
	if r, _ := a.SearchCustomers(context.Background(), "张伟", SearchOptions{}); len(r) != 0 {
		t.Fatalf("archived customer still listed: %v", r)
	}
	if r, _ := a.SearchCustomers(context.Background(), "张伟", SearchOptions{IncludeArchived: true}); len(r) != 1 || !r[0].Archived {
		t.Fatalf("archived customer not found with IncludeArchived: %v", r)
	}
	h, err := a.CustomerHistory(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 3 || h[0].Action != "archive" && h[2].Action != "archive" {
		t.Fatalf("history: %+v", h)
	}
	var upd *HistoryEntry
	for i := range h {
		if h[i].Action == "update" {
			upd = &h[i]
		}
	}
	if upd == nil || upd.Fields["name"] != [2]string{"张伟", "张伟强"} || upd.Actor != "tester" {
		t.Fatalf("update entry: %+v", upd)
	}
}

func TestPurchaseWarrantyDefault(t *testing.T) {
	a := newTestApp(t)
	c := mustCreate(t, a, "张伟", "13800138000")
	p, err := a.AddPurchase(c.ID, models.PurchaseInput{Product: "空调", ProductType: "air_conditioner", PurchaseDate: "2024-01-31"})
	if err != nil {
		t.Fatal(err)
	}
	if p.WarrantyMonths != 72 {
		t.Fatalf("default warranty = %d, want 72", p.WarrantyMonths)
	}
	if w := p.Warranty(fixedNow); w.State != models.WarrantyIn {
		t.Fatalf("warranty %+v", w)
	}
	_, err = a.AddPurchase(c.ID, models.PurchaseInput{Product: "沙发", PurchaseDate: "2027-01-01"})
	if models.AsFieldErrors(err).ForField("purchase_date") == nil {
		t.Fatalf("future date accepted: %v", err)
	}
}

func TestReopenKeepsDataAndRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shop.db")
	a, err := Open(Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.CreateCustomer(models.CustomerInput{Name: "张伟", Phones: []string{"13800138000"}}, CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	a.db.Save(&models.Meta{Key: "schema_version", Value: "999"})
	a.Close()
	_, err = Open(Options{Path: path})
	var newer *ErrNewerSchema
	if !errors.As(err, &newer) || newer.Found != 999 {
		t.Fatalf("want ErrNewerSchema, got %v", err)
	}
}

func TestPrintCustomerRecord(t *testing.T) {
	a := newTestApp(t)
	c := mustCreate(t, a, "张伟", "13800138000")
	if _, err := a.AddPurchase(c.ID, models.PurchaseInput{Product: "冰箱", Brand: "海尔", PurchaseDate: "2025-05-01", WarrantyMonths: "12"}); err != nil {
		t.Fatal(err)
	}
	path, err := a.PrintCustomerRecord(c.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(data, []byte("%PDF")) || filepath.Dir(path) != a.PrintsDir() {
		t.Fatalf("printed %s: %v (%d bytes)", path, err, len(data))
	}
	if _, err := a.PrintCustomerRecord("no-such-id", nil); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing customer: %v", err)
	}
}

// TestOlderSchemaIsBackedUpBeforeMigrating opens a database that claims an
// older schema: the file is copied beside itself, checked, and keeps the data.
func TestOlderSchemaIsBackedUpBeforeMigrating(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shop.db")
	a, err := Open(Options{Path: path, Clock: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.CreateCustomer(models.CustomerInput{Name: "张伟", Phones: []string{"13800138000"}}, CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	a.db.Save(&models.Meta{Key: "schema_version", Value: "1"})
	a.Close()
	b, err := Open(Options{Path: path, Clock: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if b.MigrationBackup == "" || filepath.Dir(b.MigrationBackup) != filepath.Dir(path) {
		t.Fatalf("no backup beside the database: %q", b.MigrationBackup)
	}
	if err := CheckFile(b.MigrationBackup); err != nil {
		t.Fatalf("backup does not pass the check: %v", err)
	}
	if v, _ := b.schemaVersion(); v != SchemaVersion {
		t.Fatalf("schema after migration = %d", v)
	}
	if n, _ := b.CountCustomers(context.Background(), "", true); n != 1 {
		t.Fatalf("%d customers after migrating", n)
	}
	// A fresh database needs no backup.
	c, err := Open(Options{Path: filepath.Join(t.TempDir(), "new.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.MigrationBackup != "" {
		t.Fatalf("backup of a new database: %s", c.MigrationBackup)
	}
}
