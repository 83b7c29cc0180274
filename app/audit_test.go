package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"aftercare/models"
)

// TestAuditLogFiltersAndPages fills the log on three days as two people
// and reads it back the way the viewer does.
func TestAuditLogFiltersAndPages(t *testing.T) {
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	a, err := Open(Options{Path: filepath.Join(t.TempDir(), "shop.db"), Clock: func() time.Time { return now }, RequireSignIn: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	gm, err := a.CreateFirstAccount(models.StaffInput{Name: "王总"}, "2580")
	if err != nil {
		t.Fatal(err)
	}
	clerk := staffWithPIN(t, a, "小刘", models.RoleCounter)
	c := mustCreate(t, a, "张伟", "13800138000")

	now = now.AddDate(0, 0, 1) // 21 November: the clerk works
	signInAs(t, a, clerk)
	p, err := a.AddPurchase(c.ID, models.PurchaseInput{Product: "沙发", PurchaseDate: "2026-10-01"})
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"李娜", "王芳", "赵强"} {
		mustCreate(t, a, name, "1391234567"+string(rune('0'+i)))
	}
	// The clerk may not read the log; the refusal names who may.
	_, err = a.AuditLog(context.Background(), AuditFilter{})
	if fe := models.AsFieldErrors(err).ForField("permission"); fe == nil || !strings.Contains(fe.Data["Roles"].(string), "general_manager") {
		t.Fatalf("clerk read the audit log: %v", err)
	}
	if _, err := a.AuditActors(); models.AsFieldErrors(err).ForField("permission") == nil {
		t.Fatalf("clerk listed the actors: %v", err)
	}

	now = now.AddDate(0, 0, 1) // 22 November: the manager again
	if _, err := a.SignIn(gm.ID, "2580"); err != nil {
		t.Fatal(err)
	}
	if err := a.SetIdleLockMinutes(15); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	all, err := a.AuditLog(ctx, AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	// 王总 created: the account, 小刘, 小刘's PIN, 张伟; 小刘: the purchase,
	// three customers; 王总: the idle lock.
	if len(all) != 9 {
		t.Fatalf("%d entries: %+v", len(all), all)
	}
	for i := 1; i < len(all); i++ {
		if all[i].At.After(all[i-1].At) {
			t.Fatalf("not newest first at %d", i)
		}
	}
	if all[0].EntityType != "settings" || all[0].Actor != "王总" || all[0].Fields["idle_lock_minutes"] != [2]string{"10", "15"} {
		t.Errorf("newest entry: %+v", all[0])
	}
	named := map[string]string{}
	for _, e := range all {
		named[e.EntityType+"/"+e.EntityID] = e.Record
	}
	if named["customer/"+c.ID] != "张伟" || named["staff/"+clerk.ID] != "小刘" || named["purchase/"+p.ID] != "张伟 · 沙发" ||
		named["settings/"+keyIdleLockMinutes] != keyIdleLockMinutes {
		t.Errorf("record names: %v", named)
	}

	// By person.
	byClerk, err := a.AuditLog(ctx, AuditFilter{Actor: "小刘"})
	if err != nil || len(byClerk) != 4 {
		t.Fatalf("小刘's entries: %d %v", len(byClerk), err)
	}
	for _, e := range byClerk {
		if e.Actor != "小刘" || e.At.Before(time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("filtered entry: %+v", e)
		}
	}
	// By date: 21 November only, in another time zone's day bounds too.
	day := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
	byDay, _ := a.AuditLog(ctx, AuditFilter{From: day, To: day.AddDate(0, 0, 1)})
	if len(byDay) != 4 || byDay[0].Actor != "小刘" || byDay[3].EntityType != "purchase" {
		t.Fatalf("21 November: %+v", byDay)
	}
	shanghai := time.FixedZone("CST", 8*3600)
	fromLocal := time.Date(2026, 11, 22, 0, 0, 0, 0, shanghai) // 21 Nov 16:00 UTC: after the clerk's entries
	if late, _ := a.AuditLog(ctx, AuditFilter{From: fromLocal}); len(late) != 1 || late[0].EntityType != "settings" {
		t.Fatalf("from 22 Nov in Shanghai: %+v", late)
	}
	// By record type, and together with a person.
	if cs, _ := a.AuditLog(ctx, AuditFilter{Entity: "customer"}); len(cs) != 4 {
		t.Fatalf("customer entries: %d", len(cs))
	}
	if cs, _ := a.AuditLog(ctx, AuditFilter{Entity: "customer", Actor: "王总"}); len(cs) != 1 || cs[0].Record != "张伟" {
		t.Fatalf("王总's customer entries: %+v", cs)
	}
	// Pages follow on without gaps or repeats.
	var paged []string
	for off := 0; ; off += 4 {
		page, err := a.AuditLog(ctx, AuditFilter{Offset: off, Limit: 4})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page {
			paged = append(paged, e.ID)
		}
		if len(page) < 4 {
			break
		}
	}
	if len(paged) != len(all) {
		t.Fatalf("paged %d of %d", len(paged), len(all))
	}
	for i := range all {
		if paged[i] != all[i].ID {
			t.Fatalf("page order differs at %d", i)
		}
	}

	actors, err := a.AuditActors()
	if err != nil || strings.Join(actors, ",") != "小刘,王总" {
		t.Fatalf("actors %v %v", actors, err)
	}
	types, err := a.AuditEntityTypes()
	if err != nil || strings.Join(types, ",") != "customer,purchase,settings,staff" {
		t.Fatalf("record types %v %v", types, err)
	}
}

// TestAuditLogUsesIndexes checks that the viewer's queries are index
// walks, not scans of a log that grows with every change.
func TestAuditLogUsesIndexes(t *testing.T) {
	sqliteOnly(t, "SQLite's EXPLAIN QUERY PLAN")
	a := newTestApp(t)
	plan := func(q string, args ...any) string {
		var rows []struct {
			ID, Parent, Notused int
			Detail              string
		}
		if err := a.db.Raw("EXPLAIN QUERY PLAN "+q, args...).Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		var parts []string
		for _, r := range rows {
			parts = append(parts, r.Detail)
		}
		return strings.Join(parts, "; ")
	}
	if p := plan(`SELECT * FROM audit_entries WHERE actor = ? ORDER BY at DESC, id DESC LIMIT 100`, "王总"); !strings.Contains(p, "idx_audit_actor_at") {
		t.Errorf("by person: %s", p)
	}
	if p := plan(`SELECT * FROM audit_entries ORDER BY at DESC, id DESC LIMIT 100`); !strings.Contains(p, "idx_audit_entries_at") {
		t.Errorf("newest first: %s", p)
	}
}
