package screens

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"aftercare/app"
	"aftercare/models"
)

// TestAuditViewerFiltersByPerson fills the log as two people and reads it
// in the Audit log area as the general manager.
func TestAuditViewerFiltersByPerson(t *testing.T) {
	fx := newSignFixture(t)
	gm, clerk := fx.accounts(t)
	if _, err := fx.app.SignIn(clerk.ID, "4826"); err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"李娜", "王芳"} {
		if _, err := fx.app.CreateCustomer(models.CustomerInput{Name: name, Phones: []string{fmt.Sprintf("1391234567%d", i)}}, app.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := fx.app.SignIn(gm.ID, "2580"); err != nil {
		t.Fatal(err)
	}
	// Enough of the manager's changes for a second page.
	for i := 0; i < auditPage; i++ {
		if _, err := fx.app.CreateCustomer(models.CustomerInput{Name: fmt.Sprintf("客户%03d", i), Phones: []string{fmt.Sprintf("1380000%04d", i)}}, app.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}

	s := newAuditScreen(fx.deps)
	fx.w.SetContent(s.content())
	custUI(s.shown)
	custWaitIdle(t)
	if len(s.entries) != auditPage || !s.moreBtn.Visible() {
		t.Fatalf("first page: %d entries, more %v", len(s.entries), s.moreBtn.Visible())
	}
	if s.entries[0].Record != fmt.Sprintf("客户%03d", auditPage-1) {
		t.Errorf("not newest first: %+v", s.entries[0])
	}
	custUI(func() { test.Tap(s.moreBtn) })
	custWaitIdle(t)
	// + 2 customers by 小刘, + 王总's account, 小刘's record and PIN.
	if len(s.entries) != auditPage+5 || s.moreBtn.Visible() {
		t.Fatalf("after Load more: %d entries, more %v", len(s.entries), s.moreBtn.Visible())
	}
	if !strings.Contains(s.count.Text, fmt.Sprint(auditPage+5)) {
		t.Errorf("count %q", s.count.Text)
	}

	// The person filter offers everyone in the log; choosing 小刘 shows
	// only 小刘's changes, named.
	if strings.Join(s.actor.Options, ",") != "Everyone,小刘,王总" {
		t.Fatalf("person options %q", s.actor.Options)
	}
	custUI(func() { s.actor.SetSelected("小刘") })
	custWaitIdle(t)
	if len(s.entries) != 2 {
		t.Fatalf("小刘's changes: %d", len(s.entries))
	}
	for _, e := range s.entries {
		if e.Actor != "小刘" {
			t.Fatalf("another person's change: %+v", e)
		}
	}
	texts := custLabelTexts(s.list)
	if !custContains(texts, "Customer · 王芳") || !custContains(texts, "Customer · 李娜") || !custContains(texts, "Created") ||
		!custContains(texts, "Name: — → 王芳") {
		t.Errorf("rows show %q", texts)
	}
	custUI(func() { s.list.Select(0) })
	detail := custLabelTexts(s.detail)
	if !custContains(detail, "Created by 小刘 on") || !custContains(detail, "—  →  王芳") {
		t.Errorf("detail shows %q", detail)
	}

	// Record type and dates narrow further; a wrong date is said.
	custUI(func() {
		s.actor.SetSelected("王总")
		s.entity.SetSelected("Staff and accounts")
	})
	custWaitIdle(t)
	if len(s.entries) != 3 { // 王总's account, 小刘's record, 小刘's PIN
		t.Fatalf("王总's staff changes: %d", len(s.entries))
	}
	custUI(func() { test.Type(s.from, "2026-13-01") })
	custWaitIdle(t)
	if !s.filterErr.Visible() || len(s.entries) != 3 {
		t.Fatalf("bad date: error %v, %d entries", s.filterErr.Visible(), len(s.entries))
	}
	custUI(func() {
		s.from.SetText("2026-11-24") // the day after everything happened
	})
	custWaitIdle(t)
	if s.filterErr.Visible() || len(s.entries) != 0 || s.count.Text != "No changes match these filters." {
		t.Fatalf("from tomorrow: %d entries, %q", len(s.entries), s.count.Text)
	}
	custUI(func() {
		s.from.SetText("2026-11-23")
		s.to.SetText("2026-11-23")
	})
	custWaitIdle(t)
	if len(s.entries) != 3 {
		t.Fatalf("today only: %d", len(s.entries))
	}
	custUI(func() { test.Tap(s.clearBtn) })
	custWaitIdle(t)
	if len(s.entries) != auditPage || s.from.Text != "" || s.actor.Selected != "Everyone" {
		t.Fatalf("after clearing: %d entries", len(s.entries))
	}
}
