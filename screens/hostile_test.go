package screens

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// hostileLong is n characters of mixed Chinese and Latin text with
// control characters, emoji, right-to-left marks, combining accents and a
// word wider than any screen, ending with end.
func hostileLong(n int, end string) string {
	var b strings.Builder
	for i := 0; b.Len() < 4*n; i++ {
		fmt.Fprintf(&b, "第%d段\x00：冰箱不制冷\u202E反向\u202C😀👨\u200d👩\u200d👧 fridge e\u0301 Z\u0337\u0322 '; DROP TABLE tickets;--\t", i)
		if i == 1 {
			b.WriteString(strings.Repeat("W", 150) + " ")
		}
	}
	r := []rune(b.String())[:n-len([]rune(end))]
	return string(r) + end
}

// hostileName is a name at its 50-character limit with the same awkward
// characters.
var hostileName = "王\x00小明\u202E😀\u200F e\u0301 '; DROP TABLE--" + strings.Repeat("长", 24)

// maxScreenWidth is the widest screen the shop's PCs have: a page whose
// minimum width is beyond it would push its window off the screen.
const maxScreenWidth = 1400

// checkFits renders w and fails if its content asks for more width than a
// screen has, naming the widest label.
func checkFits(t *testing.T, w fyne.Window, what string) {
	t.Helper()
	var minW float32
	fyne.DoAndWait(func() {
		custUI(func() {
			w.Canvas().Capture() // draws every object: no panic on any text
			minW = w.Content().MinSize().Width
		})
	})
	t.Logf("%s needs %.0f px of width", what, minW)
	if minW <= maxScreenWidth {
		return
	}
	widest, text := float32(0), ""
	for _, o := range test.LaidOutObjects(w.Content()) {
		if l, ok := o.(*widget.Label); ok && l.MinSize().Width > widest {
			widest, text = l.MinSize().Width, l.Text
		}
	}
	t.Errorf("%s needs %.0f px of width (more than %d); the widest label (%.0f px) is %.60q", what, minW, maxScreenWidth, widest, text)
}

// TestCustomerPageHostileText shows a customer whose name, address, notes
// and phone label hold hostile text at their limits: the page renders and
// the long texts wrap or truncate within the screen's width.
func TestCustomerPageHostileText(t *testing.T) {
	fx := newCustFixture(t)
	c, err := fx.app.CreateCustomer(models.CustomerInput{Name: hostileName, Phones: []string{"13700137000"}, Labels: []string{"家人\x00😀\u202E"},
		Addresses: []string{hostileLong(180, "地址结尾")}, Notes: hostileLong(1900, "备注结尾")}, app.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fx.app.AddPurchase(c.ID, models.PurchaseInput{Product: hostileLong(80, "品"), Brand: "海尔😀\u202E", Model: strings.Repeat("M", 60),
		PurchaseDate: "2025-01-01", Notes: hostileLong(3000, "购买备注结尾")}); err != nil {
		t.Fatal(err)
	}
	custUI(func() { fx.screen.showCustomer(c.ID, "13700137000") })
	custWaitIdle(t)
	custEventually(t, "the customer shown", func() bool {
		return custContains(custLabelTexts(fx.deps.Window.Content()), "备注结尾")
	})
	checkFits(t, fx.deps.Window, "the customer page")
	tickCapture(t, fx.deps.Window, "hostile_customer")
}

// hostileWait waits for the page's background work: laying out long
// wrapped text takes Fyne seconds (docs/data-safety.md), longer than
// custWaitIdle allows.
func hostileWait(t *testing.T) {
	t.Helper()
	start := time.Now()
	for custPending.Load() != 0 {
		if time.Since(start) > time.Minute {
			t.Fatal("the page did not load within a minute")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestTicketPageHostileText shows a ticket whose text fields hold hostile
// text as long as the app lets them be (the symptom, request and notes
// near their limits; the address, product and preferred time, which have
// no limit yet, at their columns' sizes): the page renders, nothing is cut
// and it stays within the screen's width.
func TestTicketPageHostileText(t *testing.T) {
	fx := newTDFixture(t)
	d, err := fx.app.CreateTicket(app.IntakeInput{CustomerID: fx.cust.ID, Kind: models.KindRepair, Mode: models.ModeOnSite,
		Symptom: hostileLong(1900, "症状结尾"), Request: hostileLong(600, "要求结尾"), Address: hostileLong(500, "地址结尾"),
		Product: hostileLong(200, "产品结尾"), PreferredTime: hostileLong(100, "时间结尾")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fx.app.AddNote(d.Ticket.ID, hostileLong(2000, "记录结尾")); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.app.LogContact(d.Ticket.ID, models.ContactReached, hostileLong(900, "联系结尾")); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	custUI(func() { fx.page.show(d.Ticket.ID) })
	hostileWait(t)
	t.Logf("the ticket page loaded in %v", time.Since(start).Round(time.Millisecond))
	tickCapture(t, fx.w, "hostile_ticket")
	texts := strings.Join(tdTexts(fx.w.Content()), "\n")
	custUI(func() { fx.page.tabs.SelectIndex(2) }) // the timeline
	hostileWait(t)
	texts += strings.Join(tdTexts(fx.w.Content()), "\n")
	for _, end := range []string{"症状结尾", "要求结尾", "地址结尾", "产品结尾", "时间结尾", "联系结尾", "记录结尾"} {
		if !strings.Contains(texts, end) {
			t.Errorf("%q is not on the page: the text was cut", end)
		}
	}
	if strings.ContainsRune(texts, 0) {
		t.Error("a NUL reached the page")
	}
	checkFits(t, fx.w, "the ticket page")
	tickCapture(t, fx.w, "hostile_ticket_timeline")
}
