package app

import (
	"os"
	"path/filepath"
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
