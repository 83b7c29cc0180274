package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"aftercare/models"
)

func TestShopDetailsValidateAndSave(t *testing.T) {
	a := newTestApp(t)
	err := a.SaveShop(ShopInfo{Name: " ", Hotline: "call us"})
	fe := models.AsFieldErrors(err)
	if fe.ForField("shop_name") == nil || fe.ForField("shop_hotline") == nil {
		t.Fatalf("want name and hotline problems, got %v", err)
	}
	want := ShopInfo{Name: "顺心家居售后服务部", Address: "长沙市芙蓉区五一大道1号", Hotline: "400-800-1234"}
	if err := a.SaveShop(want); err != nil {
		t.Fatal(err)
	}
	got, err := a.Shop()
	if err != nil || got != want {
		t.Fatalf("shop = %+v, %v", got, err)
	}
	h, _ := a.History("settings", "shop")
	if len(h) != 1 || h[0].Fields["name"][1] != want.Name {
		t.Fatalf("settings change not audited: %+v", h)
	}
}

func TestLanguageChoice(t *testing.T) {
	a := newTestApp(t)
	if l, _ := a.Language(); l != LanguageSystem {
		t.Fatalf("default language %q", l)
	}
	if err := a.SetLanguage("fr"); models.AsFieldErrors(err).ForField("language") == nil {
		t.Fatalf("unknown language accepted: %v", err)
	}
	if err := a.SetLanguage(LanguageChinese); err != nil {
		t.Fatal(err)
	}
	if l, _ := a.Language(); l != LanguageChinese {
		t.Fatalf("language %q", l)
	}
}

func TestBackupToFolderIsCheckedCopy(t *testing.T) {
	a := newTestApp(t)
	mustCreate(t, a, "张伟", "13800138000")
	dir := filepath.Join(t.TempDir(), "U盘", "备份")
	p1, err := a.BackupTo(dir)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := a.BackupTo(dir)
	if err != nil || p1 == p2 {
		t.Fatalf("second backup in the same second: %q %q %v", p1, p2, err)
	}
	for _, p := range []string{p1, p2} {
		if err := CheckFile(p); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
	}
	b, err := Open(Options{Path: p1})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := b.CustomerByPhone(nil, "13800138000", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := a.BackupTo(""); err == nil {
		t.Fatal("backup with no folder")
	}
	ro := filepath.Join(t.TempDir(), "ro")
	os.MkdirAll(ro, 0o500)
	if os.Getuid() != 0 { // root writes anywhere
		if _, err := a.BackupTo(ro); err == nil {
			t.Fatal("backup into a read-only folder reported success")
		}
	}
}

// TestDamagedDatabaseIsNotOpened writes garbage into the middle of a
// database file: Open must refuse it and leave the file as it was.
func TestDamagedDatabaseIsNotOpened(t *testing.T) {
	sqliteOnly(t, "a damaged database file")
	path := filepath.Join(t.TempDir(), "shop.db")
	a, err := Open(Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 300; i++ {
		if _, err := a.CreateCustomer(models.CustomerInput{Name: "张伟", Phones: []string{"1380013" + fmt.Sprintf("%04d", i)}, Addresses: []string{"北京市朝阳区建国路88号" + strings.Repeat("楼", 20)}}, CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	a.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	a.Close()
	data, err := os.ReadFile(path)
	if err != nil || len(data) < 8*4096 {
		t.Fatalf("database too small to damage: %d bytes, %v", len(data), err)
	}
	for i := 2 * 4096; i < 6*4096; i++ {
		data[i] = 0xA5
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := Open(Options{Path: path}); err == nil {
		b.Close()
		t.Fatal("a damaged database was opened")
	}
	after, _ := os.ReadFile(path)
	if string(after) != string(data) {
		t.Fatal("the damaged file was changed")
	}
}
