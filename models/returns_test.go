package models_test

import (
	"sort"
	"strings"
	"testing"
	"time"

	"aftercare/models"
)

func civil(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// rules lists a verdict's findings as "rule" or "rule!" for refusing ones,
// sorted, so a table can say exactly which rules apply.
func rules(v models.ReturnVerdict) string {
	var out []string
	for _, f := range v.Findings {
		s := f.Rule
		if f.Refuses {
			s += "!"
		}
		if f.Message == nil || f.Message.Key == "" || f.Message.Field != f.Rule {
			s += "?nomessage"
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

func TestCheckReturnEveryRule(t *testing.T) {
	signed := civil(2026, 11, 2)
	base := func() models.ReturnRequest {
		return models.ReturnRequest{Type: models.ReturnRefund, Reason: "颜色不喜欢", SignedAt: signed, Today: civil(2026, 11, 5), Complete: true}
	}
	cases := []struct {
		name    string
		edit    func(*models.ReturnRequest)
		allowed bool
		rules   string
		freight string
		deduct  models.Money
	}{
		{"no reason, in time, complete", func(*models.ReturnRequest) {}, true, "freight window", models.FreightCustomer, 0},
		{"signing day itself", func(r *models.ReturnRequest) { r.Today = signed }, true, "freight window", models.FreightCustomer, 0},
		{"day 7 is in time", func(r *models.ReturnRequest) { r.Today = civil(2026, 11, 9) }, true, "freight window", models.FreightCustomer, 0},
		{"day 8 is too late", func(r *models.ReturnRequest) { r.Today = civil(2026, 11, 10) }, false, "freight window!", models.FreightCustomer, 0},
		{"signing day unknown", func(r *models.ReturnRequest) { r.SignedAt = time.Time{} }, false, "freight signed_unknown!", models.FreightCustomer, 0},
		{"quality, day 40", func(r *models.ReturnRequest) { r.QualityProblem, r.Today = true, civil(2026, 12, 12) }, true, "freight quality", models.FreightShop, 0},
		{"quality, signing unknown", func(r *models.ReturnRequest) { r.QualityProblem, r.SignedAt = true, time.Time{} }, true, "freight quality", models.FreightShop, 0},
		{"intimate", func(r *models.ReturnRequest) { r.Exclusions = []models.ReturnExclusion{models.ExclIntimate} }, false, "freight intimate! window", models.FreightCustomer, 0},
		{"intimate, quality", func(r *models.ReturnRequest) {
			r.QualityProblem, r.Exclusions = true, []models.ReturnExclusion{models.ExclIntimate}
		}, true, "freight intimate quality", models.FreightShop, 0},
		{"bundle part", func(r *models.ReturnRequest) { r.Exclusions = []models.ReturnExclusion{models.ExclBundlePart} }, false, "bundle_part! freight window", models.FreightCustomer, 0},
		{"bundle part, quality", func(r *models.ReturnRequest) {
			r.QualityProblem, r.Exclusions = true, []models.ReturnExclusion{models.ExclBundlePart}
		}, false, "bundle_part! freight quality", models.FreightShop, 0},
		{"used", func(r *models.ReturnRequest) { r.Exclusions = []models.ReturnExclusion{models.ExclUsed} }, false, "freight used! window", models.FreightCustomer, 0},
		{"used, quality", func(r *models.ReturnRequest) {
			r.QualityProblem, r.Exclusions = true, []models.ReturnExclusion{models.ExclUsed}
		}, true, "freight quality used", models.FreightShop, 0},
		{"altered", func(r *models.ReturnRequest) { r.Exclusions = []models.ReturnExclusion{models.ExclAltered} }, false, "altered! freight window", models.FreightCustomer, 0},
		{"altered, quality", func(r *models.ReturnRequest) {
			r.QualityProblem, r.Exclusions = true, []models.ReturnExclusion{models.ExclAltered}
		}, false, "altered! freight quality", models.FreightShop, 0},
		{"free gift", func(r *models.ReturnRequest) { r.Exclusions = []models.ReturnExclusion{models.ExclFreeGift} }, false, "free_gift! freight window", models.FreightCustomer, 0},
		{"free gift, quality", func(r *models.ReturnRequest) {
			r.QualityProblem, r.Exclusions = true, []models.ReturnExclusion{models.ExclFreeGift}
		}, false, "free_gift! freight quality", models.FreightShop, 0},
		{"non-returnable offer", func(r *models.ReturnRequest) { r.Exclusions = []models.ReturnExclusion{models.ExclNonReturnable} }, false, "freight non_returnable! window", models.FreightCustomer, 0},
		{"non-returnable offer, quality", func(r *models.ReturnRequest) {
			r.QualityProblem, r.Exclusions = true, []models.ReturnExclusion{models.ExclNonReturnable}
		}, true, "freight non_returnable quality", models.FreightShop, 0},
		{"parts or packaging missing", func(r *models.ReturnRequest) { r.Complete = false }, false, "freight incomplete! window", models.FreightCustomer, 0},
		{"parts missing, quality", func(r *models.ReturnRequest) { r.Complete, r.QualityProblem = false, true }, true, "freight incomplete quality", models.FreightShop, 0},
		{"gifts returned", func(r *models.ReturnRequest) { r.Gifts = models.GiftsReturned }, true, "freight gifts window", models.FreightCustomer, 0},
		{"gifts kept: deducted", func(r *models.ReturnRequest) { r.Gifts, r.GiftPrice = models.GiftsKept, 8800 }, true, "freight gifts window", models.FreightCustomer, 8800},
		{"gifts kept on an exchange: nothing deducted", func(r *models.ReturnRequest) {
			r.Type, r.Gifts, r.GiftPrice = models.ReturnExchange, models.GiftsKept, 8800
		}, true, "freight gifts window", models.FreightCustomer, 0},
		{"exchange late", func(r *models.ReturnRequest) { r.Type, r.Today = models.ReturnExchange, civil(2026, 11, 20) }, false, "freight window!", models.FreightCustomer, 0},
		{"duplicate exclusions count once", func(r *models.ReturnRequest) {
			r.Exclusions = []models.ReturnExclusion{models.ExclUsed, models.ExclUsed}
		}, false, "freight used! window", models.FreightCustomer, 0},
		{"everything at once", func(r *models.ReturnRequest) {
			r.Today, r.Complete, r.Exclusions = civil(2026, 11, 30), false, models.AllReturnExclusions
		}, false, "altered! bundle_part! free_gift! freight incomplete! intimate! non_returnable! used! window!", models.FreightCustomer, 0},
	}
	for _, c := range cases {
		r := base()
		c.edit(&r)
		v := models.CheckReturn(r)
		if v.Allowed != c.allowed || rules(v) != c.rules || v.FreightBy != c.freight || v.Deduction != c.deduct {
			t.Errorf("%s: allowed=%v rules=%q freight=%s deduct=%d; want %v %q %s %d",
				c.name, v.Allowed, rules(v), v.FreightBy, v.Deduction, c.allowed, c.rules, c.freight, c.deduct)
		}
		// Refusing findings come first, so the screen leads with them.
		for i := 1; i < len(v.Findings); i++ {
			if v.Findings[i].Refuses && !v.Findings[i-1].Refuses {
				t.Errorf("%s: a refusal after a note: %q", c.name, rules(v))
			}
		}
		if len(v.Refusals()) == 0 != v.Allowed {
			t.Errorf("%s: Refusals %d but allowed=%v", c.name, len(v.Refusals()), v.Allowed)
		}
	}
}

func TestReturnWindowAcrossMonthEnds(t *testing.T) {
	cases := []struct {
		signed, lastDay time.Time
	}{
		{civil(2026, 1, 28), civil(2026, 2, 4)},
		{civil(2026, 2, 25), civil(2026, 3, 4)},   // 28-day February
		{civil(2028, 2, 25), civil(2028, 3, 3)},   // leap year
		{civil(2026, 4, 30), civil(2026, 5, 7)},   // 30-day month
		{civil(2026, 12, 28), civil(2027, 1, 4)},  // year end
		{civil(2026, 10, 31), civil(2026, 11, 7)}, // 31-day month
	}
	for _, c := range cases {
		r := models.ReturnRequest{Type: models.ReturnRefund, Reason: "x", SignedAt: c.signed, Complete: true}
		r.Today = c.lastDay
		v := models.CheckReturn(r)
		if !v.Allowed || v.Days != 7 || !v.Deadline.Equal(c.lastDay) {
			t.Errorf("signed %s, asked %s: allowed=%v days=%d deadline=%s", models.FormatDate(c.signed), models.FormatDate(r.Today), v.Allowed, v.Days, models.FormatDate(v.Deadline))
		}
		r.Today = c.lastDay.AddDate(0, 0, 1)
		if v := models.CheckReturn(r); v.Allowed || v.Days != 8 {
			t.Errorf("signed %s, asked %s: allowed=%v days=%d, want refused on day 8", models.FormatDate(c.signed), models.FormatDate(r.Today), v.Allowed, v.Days)
		}
	}
	// The time of day does not count: signed late in the evening, asked
	// early on day 7.
	r := models.ReturnRequest{Type: models.ReturnRefund, Reason: "x", Complete: true,
		SignedAt: time.Date(2026, 11, 2, 23, 50, 0, 0, time.UTC), Today: time.Date(2026, 11, 9, 0, 5, 0, 0, time.UTC)}
	if v := models.CheckReturn(r); !v.Allowed || v.Days != 7 {
		t.Errorf("times of day: %+v", v)
	}
}

func TestReturnMessagesRender(t *testing.T) {
	r := models.ReturnRequest{Type: models.ReturnRefund, SignedAt: civil(2026, 11, 2), Today: civil(2026, 11, 12), Gifts: models.GiftsKept, GiftPrice: 12050}
	v := models.CheckReturn(r)
	var all []string
	for _, f := range v.Findings {
		all = append(all, f.Message.Error())
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{"2026-11-02", "10 days ago", "after 7 days (2026-11-09)", "¥120.50", "customer pays"} {
		if !strings.Contains(text, want) {
			t.Errorf("messages lack %q:\n%s", want, text)
		}
	}
}

func TestReturnRequestValidate(t *testing.T) {
	ok := models.ReturnRequest{Type: models.ReturnRefund, Reason: "尺寸不合适", SignedAt: civil(2026, 11, 2), Today: civil(2026, 11, 3)}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid request: %v", err)
	}
	cases := []struct {
		name  string
		edit  func(*models.ReturnRequest)
		field string
	}{
		{"no type", func(r *models.ReturnRequest) { r.Type = "" }, "return_type"},
		{"odd type", func(r *models.ReturnRequest) { r.Type = "swap" }, "return_type"},
		{"no reason", func(r *models.ReturnRequest) { r.Reason = "  " }, "return_reason"},
		{"long reason", func(r *models.ReturnRequest) { r.Reason = strings.Repeat("长", 501) }, "return_reason"},
		{"signed after today", func(r *models.ReturnRequest) { r.SignedAt = civil(2026, 11, 4) }, "purchase"},
		{"unknown exclusion", func(r *models.ReturnRequest) { r.Exclusions = []models.ReturnExclusion{"broken"} }, "exclusions"},
		{"gifts kept without a price", func(r *models.ReturnRequest) { r.Gifts = models.GiftsKept }, "gift_price"},
		{"odd gift status", func(r *models.ReturnRequest) { r.Gifts = "lost" }, "gifts"},
	}
	for _, c := range cases {
		r := ok
		c.edit(&r)
		if fe := models.AsFieldErrors(r.Validate()).ForField(c.field); fe == nil {
			t.Errorf("%s: no problem on %s: %v", c.name, c.field, r.Validate())
		}
	}
	ex := ok
	ex.Type, ex.Gifts = models.ReturnExchange, models.GiftsKept
	if err := ex.Validate(); err != nil {
		t.Errorf("an exchange keeps the gifts without a price: %v", err)
	}
}

func TestExclusionsRoundTrip(t *testing.T) {
	s := models.JoinExclusions([]models.ReturnExclusion{models.ExclFreeGift, models.ExclIntimate, "nonsense"})
	if s != "intimate,free_gift" {
		t.Fatalf("join: %q", s)
	}
	if got := models.ParseExclusions(s); len(got) != 2 || got[0] != models.ExclIntimate || got[1] != models.ExclFreeGift {
		t.Fatalf("parse: %v", got)
	}
	if models.ParseExclusions("") != nil {
		t.Fatal("empty parses to nothing")
	}
}

func TestAddWorkingDays(t *testing.T) {
	at := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }
	cases := []struct {
		from time.Time
		n    int
		want time.Time
	}{
		{at(2026, 11, 23, 10), 3, at(2026, 11, 26, 10)}, // Monday → Thursday
		{at(2026, 11, 26, 10), 3, at(2026, 12, 1, 10)},  // Thursday → Tuesday, over the weekend and the month end
		{at(2026, 11, 27, 16), 1, at(2026, 11, 30, 16)}, // Friday → Monday
		{at(2026, 11, 28, 9), 3, at(2026, 12, 3, 9)},    // Saturday counts from Monday
		{at(2026, 11, 29, 9), 2, at(2026, 12, 2, 9)},    // Sunday counts from Monday
		{at(2026, 12, 30, 9), 3, at(2027, 1, 4, 9)},     // Wednesday → Monday, over the year end
		{at(2028, 2, 25, 9), 3, at(2028, 3, 1, 9)},      // Friday → Wednesday over a leap day
		{at(2026, 11, 24, 9), 0, at(2026, 11, 24, 9)},
	}
	for _, c := range cases {
		if got := models.AddWorkingDays(c.from, c.n); !got.Equal(c.want) {
			t.Errorf("%s + %d working days = %s, want %s", c.from.Format("Mon 2006-01-02"), c.n, got.Format("Mon 2006-01-02 15:04"), c.want.Format("Mon 2006-01-02 15:04"))
		}
	}
}

func TestReturnDueSteps(t *testing.T) {
	loc := time.UTC
	since := time.Date(2026, 11, 27, 15, 0, 0, 0, loc) // a Friday
	signed := civil(2026, 11, 25)
	tk := &models.Ticket{Kind: models.KindReturn, Mode: models.ModeReturn, Status: models.StatusRequested,
		ReportedAt: since, StatusSince: since, FirstContactAt: &since,
		AftersalesFields: models.AftersalesFields{ReturnType: models.ReturnRefund, ReturnReason: "x", ReturnComplete: true, ReturnSignedOn: &signed}}
	want := []struct {
		st   models.Status
		rule models.DueRule
		at   time.Time
	}{
		{models.StatusRequested, models.DueReturnGoods, time.Date(2026, 12, 7, 15, 0, 0, 0, loc)},
		{models.StatusGoodsReceived, models.DueInspection, time.Date(2026, 12, 2, 15, 0, 0, 0, loc)},
		{models.StatusInspected, models.DueReturnRefund, time.Date(2026, 11, 30, 15, 0, 0, 0, loc)},
	}
	for _, w := range want {
		tk.Status = w.st
		d, ok := models.NextDue(tk, models.DefaultDueRules, loc)
		if !ok || d.Rule != w.rule || !d.At.Equal(w.at) {
			t.Errorf("%s: due %+v %v, want %s at %s", w.st, d, ok, w.rule, w.at)
		}
	}
	for _, s := range []models.Status{models.StatusReturnDecided, models.StatusClosed, models.StatusCancelled} {
		tk.Status = s
		if d, ok := models.NextDue(tk, models.DefaultDueRules, loc); ok {
			t.Errorf("%s: nothing is due, got %+v", s, d)
		}
	}
	// An exchange is booked; a request the rules refuse is rejected
	// within a working day instead of waiting for the goods.
	tk.Status, tk.ReturnType = models.StatusInspected, models.ReturnExchange
	if d, _ := models.NextDue(tk, models.DefaultDueRules, loc); d.Rule != models.DueReturnExchange {
		t.Errorf("inspected exchange: %+v", d)
	}
	tk.Status, tk.ReturnExclusions = models.StatusRequested, "altered"
	if d, _ := models.NextDue(tk, models.DefaultDueRules, loc); d.Rule != models.DueReturnReject || !d.At.Equal(time.Date(2026, 11, 30, 15, 0, 0, 0, loc)) {
		t.Errorf("refused request: %+v", d)
	}
	tk.ReturnType, tk.ReturnExclusions = models.ReturnRefund, ""
	// The goods' arrival, not the status change, starts the inspection.
	back := time.Date(2026, 11, 30, 9, 0, 0, 0, loc)
	tk.Status, tk.GoodsBackAt = models.StatusGoodsReceived, &back
	if d, _ := models.NextDue(tk, models.DefaultDueRules, loc); !d.At.Equal(time.Date(2026, 12, 3, 9, 0, 0, 0, loc)) {
		t.Errorf("inspection due %s", d.At)
	}
}

func TestReturnStepRules(t *testing.T) {
	today := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	signed := civil(2026, 11, 20)
	mk := func(st models.Status, allowed bool) *models.Ticket {
		tk := &models.Ticket{Kind: models.KindReturn, Mode: models.ModeReturn, Status: st, ReportedAt: today,
			AftersalesFields: models.AftersalesFields{ReturnType: models.ReturnRefund, ReturnReason: "不喜欢", ReturnComplete: true, ReturnSignedOn: &signed}}
		if !allowed {
			tk.ReturnExclusions = "used"
		}
		return tk
	}
	check := func(tk *models.Ticket, in models.StepInput) models.ValidationErrors {
		_, err := models.CheckStep(models.TicketState{Ticket: tk, Today: today}, in)
		return models.AsFieldErrors(err)
	}
	// Receiving goods the rules refused needs a reason; allowed ones do not.
	if errs := check(mk(models.StatusRequested, true), models.StepInput{Action: models.ActReceiveGoods}); len(errs) != 0 {
		t.Errorf("allowed return refused at receive: %v", errs)
	}
	if errs := check(mk(models.StatusRequested, false), models.StepInput{Action: models.ActReceiveGoods}); errs.ForField("reason") == nil {
		t.Error("refused return received without a reason")
	}
	if errs := check(mk(models.StatusRequested, false), models.StepInput{Action: models.ActReceiveGoods, Reason: "经理同意通融"}); len(errs) != 0 {
		t.Errorf("goodwill with a reason: %v", errs)
	}
	// Refunds: amount and method; an exchange request refunded needs a reason.
	insp := mk(models.StatusInspected, true)
	errs := check(insp, models.StepInput{Action: models.ActRefund})
	if errs.ForField("amount") == nil || errs.ForField("method") == nil {
		t.Errorf("refund without amount and method: %v", errs)
	}
	if errs := check(insp, models.StepInput{Action: models.ActRefund, Cost: 100, RefundMethod: "bitcoin"}); errs.ForField("method") == nil {
		t.Error("unknown refund method accepted")
	}
	if errs := check(insp, models.StepInput{Action: models.ActRefund, Cost: 100, RefundMethod: models.PayWeChat}); len(errs) != 0 {
		t.Errorf("good refund: %v", errs)
	}
	insp.ReturnType = models.ReturnExchange
	if errs := check(insp, models.StepInput{Action: models.ActRefund, Cost: 100, RefundMethod: models.PayWeChat}); errs.ForField("reason") == nil {
		t.Error("an exchange refunded without saying why")
	}
	// Exchanges: the replacement's delivery day, not in the past.
	if errs := check(insp, models.StepInput{Action: models.ActExchange}); errs.ForField("date") == nil || errs.ForField("half") == nil {
		t.Errorf("exchange without a day: %v", errs)
	}
	if errs := check(insp, models.StepInput{Action: models.ActExchange, Date: civil(2026, 11, 22), Half: models.AM}); errs.ForField("date") == nil {
		t.Error("exchange delivered in the past")
	}
	if errs := check(insp, models.StepInput{Action: models.ActExchange, Date: civil(2026, 11, 25), Half: models.PM}); len(errs) != 0 {
		t.Errorf("good exchange: %v", errs)
	}
	// Applying a refund records amount, method and outcome.
	tr, _ := models.Find(models.ActRefund, models.ModeReturn, models.StatusInspected)
	insp.ReturnType = models.ReturnRefund
	models.ApplyStep(insp, tr, models.StepInput{Action: models.ActRefund, Cost: 45600, RefundMethod: models.PayAlipay}, today)
	if insp.Status != models.StatusReturnDecided || insp.RefundAmount != 45600 || insp.RefundMethod != models.PayAlipay || insp.ReturnOutcome != models.OutcomeRefunded {
		t.Errorf("after refund: %s %d %s %s", insp.Status, insp.RefundAmount, insp.RefundMethod, insp.ReturnOutcome)
	}
}
