package screens

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"aftercare/app"
	"aftercare/models"
)

// TestAuditNewerFilterCancelsOlderLoad: typing a date a digit at a time
// reloads at every date that reads; each reload cancels the load of the
// filter before it, whose result is never shown, and the list ends on
// the last filter's entries.
func TestAuditNewerFilterCancelsOlderLoad(t *testing.T) {
	fx := newSignFixture(t)
	gm, _ := fx.accounts(t)
	if _, err := fx.app.SignIn(gm.ID, "2580"); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if _, err := fx.app.CreateCustomer(models.CustomerInput{Name: fmt.Sprintf("客户%d", i), Phones: []string{fmt.Sprintf("1380000%04d", i)}}, app.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	s := newAuditScreen(fx.deps)
	fx.w.SetContent(s.content())
	custUI(s.shown)
	custWaitIdle(t)
	first := s.ctx
	if first == nil || first.Err() != nil || len(s.entries) == 0 {
		t.Fatalf("first load: ctx %v, %d entries", first, len(s.entries))
	}
	day := fx.app.Now().Format("2006-01-02")
	var seen []error
	custUI(func() {
		test.Type(s.from, day[:len(day)-1]) // "2026-11-2" reads as a date: a load
		mid := s.ctx
		test.Type(s.from, day[len(day)-1:]) // the whole date: a newer load
		seen = append(seen, first.Err(), mid.Err(), s.ctx.Err())
	})
	custWaitIdle(t)
	if seen[0] == nil || seen[1] == nil || seen[2] != nil {
		t.Fatalf("cancelled: first %v, middle %v, last %v (want the older two cancelled)", seen[0], seen[1], seen[2])
	}
	if s.filter.From.Format("2006-01-02") != day || len(s.entries) == 0 {
		t.Fatalf("list after typing: filter from %v, %d entries", s.filter.From, len(s.entries))
	}
	for _, e := range s.entries {
		if e.At.Before(s.filter.From) {
			t.Fatalf("an entry before the filter's day: %+v", e)
		}
	}
}

// TestPartsListSaysWhenCapped: the list shows at most partsListMax
// requests, and then says that the filters match more instead of counting
// only the rows it loaded.
func TestPartsListSaysWhenCapped(t *testing.T) {
	fx := newTickFixture(t)
	old := partsListMax
	partsListMax = 2
	t.Cleanup(func() { partsListMax = old })
	for _, part := range []string{"铰链", "顶板", "抽屉滑轨"} {
		if _, err := fx.app.CreateTicket(app.IntakeInput{CustomerID: fx.zhang.ID, Kind: models.KindPart, Symptom: "损坏",
			Part: app.PartInput{PartName: part, Category: "hardware", Qty: "1"}}); err != nil {
			t.Fatal(err)
		}
	}
	var l *partsList
	custUI(func() { l = showPartsList(fx.deps, func(string) {}) })
	custEventually(t, "the list", func() bool { return l.loaded && len(l.rows) > 0 })
	custWaitIdle(t)
	if len(l.rows) != 2 || !strings.Contains(l.count.Text, "More than 2 requests") {
		t.Fatalf("capped list: %d rows, count %q", len(l.rows), l.count.Text)
	}
	custUI(func() { l.category.SetSelectedIndex(1) }) // another category: none
	custEventually(t, "the narrower list", func() bool { return len(l.rows) == 0 })
	custWaitIdle(t)
	if !strings.Contains(l.count.Text, "0 request") {
		t.Fatalf("count %q", l.count.Text)
	}
}
