package models_test

import (
	"testing"
	"time"
	_ "time/tzdata" // a DST zone for one case, whatever the machine has

	"aftercare/models"
)

var dueLoc = time.FixedZone("CST", 8*3600)

func dueAt(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, dueLoc)
}

func duePtr(t time.Time) *time.Time { return &t }

func dueCivil(y int, m time.Month, d int) *time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return &t
}

// dueTicket is a repair already answered (first contact made), so the
// status rules apply; cases that test the first response clear it.
func dueTicket(mode models.RepairMode, s models.Status, since time.Time) *models.Ticket {
	return &models.Ticket{Kind: models.KindRepair, Mode: mode, Status: s, StatusSince: since,
		ReportedAt: since.Add(-time.Hour), FirstContactAt: duePtr(since.Add(-30 * time.Minute))}
}

func TestNextDue(t *testing.T) {
	r := models.DefaultDueRules
	type tc struct {
		name string
		t    *models.Ticket
		rule models.DueRule // "" = nothing due
		at   time.Time
	}
	mod := func(tk *models.Ticket, f func(*models.Ticket)) *models.Ticket { f(tk); return tk }
	mailIn := func(sent time.Time, contact *time.Time) *models.Ticket {
		return mod(dueTicket(models.ModeMailIn, models.StatusAwaitingParcel, sent), func(tk *models.Ticket) {
			tk.WaitingParcelAt, tk.LastContactAt, tk.FirstContactAt = duePtr(sent), contact, nil
		})
	}
	rep := dueAt(2026, 11, 23, 10, 0)
	cases := []tc{
		// First response.
		{"first response 24 h after report", mod(dueTicket(models.ModeOnSite, models.StatusNew, rep), func(tk *models.Ticket) { tk.ReportedAt, tk.FirstContactAt = rep, nil }),
			models.DueFirstResponse, dueAt(2026, 11, 24, 10, 0)},
		{"first response over a month end", mod(dueTicket(models.ModeOnSite, models.StatusNew, rep), func(tk *models.Ticket) { tk.ReportedAt, tk.FirstContactAt = dueAt(2026, 1, 31, 18, 30), nil }),
			models.DueFirstResponse, dueAt(2026, 2, 1, 18, 30)},
		{"first response before a booked visit", mod(dueTicket(models.ModeOnSite, models.StatusScheduled, rep), func(tk *models.Ticket) {
			tk.ReportedAt, tk.FirstContactAt, tk.ApptDate, tk.ApptHalf = rep, nil, dueCivil(2026, 11, 28), models.AM
		}), models.DueFirstResponse, dueAt(2026, 11, 24, 10, 0)},
		{"no first response while awaiting the parcel", mailIn(rep, nil), models.DueParcelChase, dueAt(2026, 11, 30, 10, 0)},
		{"answered: dispatch within a day", dueTicket(models.ModeOnSite, models.StatusNew, rep), models.DueSchedule, dueAt(2026, 11, 24, 10, 0)},
		{"assigned: book within a day", dueTicket(models.ModeOnSite, models.StatusAssigned, rep), models.DueSchedule, dueAt(2026, 11, 24, 10, 0)},
		{"received at the counter", dueTicket(models.ModeCarryIn, models.StatusReceived, rep), models.DueSchedule, dueAt(2026, 11, 24, 10, 0)},
		// Visits.
		{"visit AM at 9:00", mod(dueTicket(models.ModeOnSite, models.StatusScheduled, rep), func(tk *models.Ticket) { tk.ApptDate, tk.ApptHalf = dueCivil(2026, 11, 25), models.AM }),
			models.DueVisit, dueAt(2026, 11, 25, 9, 0)},
		{"visit PM at 14:00", mod(dueTicket(models.ModeOnSite, models.StatusScheduled, rep), func(tk *models.Ticket) { tk.ApptDate, tk.ApptHalf = dueCivil(2026, 11, 25), models.PM }),
			models.DueVisit, dueAt(2026, 11, 25, 14, 0)},
		{"visit on leap day", mod(dueTicket(models.ModeOnSite, models.StatusScheduled, rep), func(tk *models.Ticket) { tk.ApptDate, tk.ApptHalf = dueCivil(2028, 2, 29), models.PM }),
			models.DueVisit, dueAt(2028, 2, 29, 14, 0)},
		{"visit on 31 December", mod(dueTicket(models.ModeOnSite, models.StatusScheduled, rep), func(tk *models.Ticket) { tk.ApptDate, tk.ApptHalf = dueCivil(2026, 12, 31), models.AM }),
			models.DueVisit, dueAt(2026, 12, 31, 9, 0)},
		// Mail-in: chase at +7 days, abandon offer at +15 after a contact past the chase.
		{"parcel: Jan 31 + 7", mailIn(dueAt(2026, 1, 31, 15, 0), nil), models.DueParcelChase, dueAt(2026, 2, 7, 15, 0)},
		{"parcel: contact before the chase", mailIn(dueAt(2026, 1, 31, 15, 0), duePtr(dueAt(2026, 2, 3, 9, 0))), models.DueParcelChase, dueAt(2026, 2, 7, 15, 0)},
		{"parcel: contact the evening before the chase day", mailIn(dueAt(2026, 1, 31, 15, 0), duePtr(dueAt(2026, 2, 6, 20, 0))), models.DueParcelChase, dueAt(2026, 2, 7, 15, 0)},
		{"parcel: contact after the chase → abandon at Jan 31 + 15", mailIn(dueAt(2026, 1, 31, 15, 0), duePtr(dueAt(2026, 2, 7, 15, 1))), models.DueParcelAbandon, dueAt(2026, 2, 15, 15, 0)},
		{"parcel: into leap day", mailIn(dueAt(2028, 2, 22, 11, 0), nil), models.DueParcelChase, dueAt(2028, 2, 29, 11, 0)},
		{"parcel: from leap day", mailIn(dueAt(2028, 2, 29, 11, 0), nil), models.DueParcelChase, dueAt(2028, 3, 7, 11, 0)},
		{"parcel: abandon from leap day", mailIn(dueAt(2028, 2, 29, 11, 0), duePtr(dueAt(2028, 3, 8, 9, 0))), models.DueParcelAbandon, dueAt(2028, 3, 15, 11, 0)},
		{"parcel: common year Feb 22 + 7", mailIn(dueAt(2027, 2, 22, 11, 0), nil), models.DueParcelChase, dueAt(2027, 3, 1, 11, 0)},
		{"parcel: over the year end", mailIn(dueAt(2026, 12, 28, 17, 0), nil), models.DueParcelChase, dueAt(2027, 1, 4, 17, 0)},
		{"parcel: abandon over the year end", mailIn(dueAt(2026, 12, 28, 17, 0), duePtr(dueAt(2027, 1, 5, 9, 0))), models.DueParcelAbandon, dueAt(2027, 1, 12, 17, 0)},
		{"parcel: days counted in the shop's zone", mailIn(time.Date(2026, 1, 31, 20, 0, 0, 0, time.UTC), nil), models.DueParcelChase, dueAt(2026, 2, 8, 4, 0)},
		{"parcel: no WaitingParcelAt, from the status start", mod(mailIn(dueAt(2026, 3, 1, 8, 0), nil), func(tk *models.Ticket) { tk.WaitingParcelAt = nil }),
			models.DueParcelChase, dueAt(2026, 3, 8, 8, 0)},
		// Parcel received.
		{"parcel received: confirm within 24 h", mod(dueTicket(models.ModeMailIn, models.StatusParcelReceived, rep), func(tk *models.Ticket) { tk.ReceivedAt = duePtr(rep) }),
			models.DueParcelConfirm, dueAt(2026, 11, 24, 10, 0)},
		{"parcel received: contact before receipt does not confirm", mod(dueTicket(models.ModeMailIn, models.StatusParcelReceived, rep), func(tk *models.Ticket) {
			tk.ReceivedAt, tk.LastContactAt = duePtr(rep), duePtr(rep.Add(-time.Minute))
		}), models.DueParcelConfirm, dueAt(2026, 11, 24, 10, 0)},
		{"parcel received: confirmed, progress every 3 days", mod(dueTicket(models.ModeMailIn, models.StatusParcelReceived, rep), func(tk *models.Ticket) {
			tk.ReceivedAt, tk.LastContactAt = duePtr(rep), duePtr(dueAt(2026, 11, 23, 16, 0))
		}), models.DuePartsProgress, dueAt(2026, 11, 26, 16, 0)},
		// Awaiting parts: every 3 days from the later of status start and last contact.
		{"parts: from the status start", dueTicket(models.ModeCarryIn, models.StatusAwaitingParts, dueAt(2026, 1, 30, 10, 0)), models.DuePartsProgress, dueAt(2026, 2, 2, 10, 0)},
		{"parts: contact before the status start", mod(dueTicket(models.ModeCarryIn, models.StatusAwaitingParts, dueAt(2026, 1, 30, 10, 0)), func(tk *models.Ticket) { tk.LastContactAt = duePtr(dueAt(2026, 1, 29, 10, 0)) }),
			models.DuePartsProgress, dueAt(2026, 2, 2, 10, 0)},
		{"parts: from the last contact", mod(dueTicket(models.ModeOnSite, models.StatusAwaitingParts, dueAt(2026, 1, 30, 10, 0)), func(tk *models.Ticket) { tk.LastContactAt = duePtr(dueAt(2026, 2, 1, 17, 45)) }),
			models.DuePartsProgress, dueAt(2026, 2, 4, 17, 45)},
		{"parts: over leap day", dueTicket(models.ModeMailIn, models.StatusAwaitingParts, dueAt(2028, 2, 27, 10, 0)), models.DuePartsProgress, dueAt(2028, 3, 1, 10, 0)},
		{"parts: over the year end", dueTicket(models.ModeMailIn, models.StatusAwaitingParts, dueAt(2026, 12, 30, 10, 0)), models.DuePartsProgress, dueAt(2027, 1, 2, 10, 0)},
		{"in service: same progress rule", dueTicket(models.ModeCarryIn, models.StatusInService, dueAt(2026, 11, 23, 10, 0)), models.DuePartsProgress, dueAt(2026, 11, 26, 10, 0)},
		// Ready for pickup: at once until contacted, then every 3 days.
		{"ready: due at once", dueTicket(models.ModeCarryIn, models.StatusReadyForPickup, rep), models.DuePickupReminder, rep},
		{"ready: old contact", mod(dueTicket(models.ModeCarryIn, models.StatusReadyForPickup, rep), func(tk *models.Ticket) { tk.LastContactAt = duePtr(rep.Add(-time.Hour)) }), models.DuePickupReminder, rep},
		{"ready: contacted at that moment", mod(dueTicket(models.ModeCarryIn, models.StatusReadyForPickup, rep), func(tk *models.Ticket) { tk.LastContactAt = duePtr(rep) }), models.DuePickupReminder, dueAt(2026, 11, 26, 10, 0)},
		{"ready: contacted, +3 days over a month end", mod(dueTicket(models.ModeCarryIn, models.StatusReadyForPickup, rep), func(tk *models.Ticket) { tk.LastContactAt = duePtr(dueAt(2026, 11, 29, 11, 0)) }), models.DuePickupReminder, dueAt(2026, 12, 2, 11, 0)},
		// Others.
		{"voucher date at opening", mod(dueTicket(models.ModeCarryIn, models.StatusVoucherIssued, rep), func(tk *models.Ticket) { tk.ExpectedReadyDate = dueCivil(2026, 11, 30) }),
			models.DueVoucherDate, dueAt(2026, 11, 30, 9, 0)},
		{"escalation within 24 h", dueTicket(models.ModeOnSite, models.StatusEscalated, dueAt(2026, 12, 31, 16, 0)), models.DueEscalation, dueAt(2027, 1, 1, 16, 0)},
		{"factory: chase after 7 days", dueTicket(models.ModeFactory, models.StatusSentToFactory, dueAt(2026, 1, 28, 9, 0)), models.DueFactoryReturn, dueAt(2026, 2, 4, 9, 0)},
		{"repaired: slip back in 2 days", dueTicket(models.ModeOnSite, models.StatusRepaired, dueAt(2028, 2, 28, 18, 0)), models.DueSignatureReturn, dueAt(2028, 3, 1, 18, 0)},
		{"shipped back", dueTicket(models.ModeMailIn, models.StatusShippedBack, rep), models.DueSignatureReturn, dueAt(2026, 11, 25, 10, 0)},
		// Nothing due.
		{"closed", dueTicket(models.ModeOnSite, models.StatusClosed, rep), "", time.Time{}},
		{"cancelled, never answered", mod(dueTicket(models.ModeOnSite, models.StatusCancelled, rep), func(tk *models.Ticket) { tk.FirstContactAt = nil }), "", time.Time{}},
		{"abandoned", dueTicket(models.ModeMailIn, models.StatusAbandoned, rep), "", time.Time{}},
		{"consultation", mod(dueTicket("", models.StatusNew, rep), func(tk *models.Ticket) { tk.Kind, tk.FirstContactAt = models.KindConsultation, nil }), "", time.Time{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := models.NextDue(c.t, r, dueLoc)
			if c.rule == "" {
				if ok {
					t.Fatalf("NextDue = %+v, want nothing due", got)
				}
				return
			}
			if !ok || got.Rule != c.rule || !got.At.Equal(c.at) {
				t.Fatalf("NextDue = %s at %v (%v), want %s at %v", got.Rule, got.At.In(dueLoc), ok, c.rule, c.at)
			}
		})
	}
	t.Logf("%d NextDue cases", len(cases))
}

// The limits come from the rules, not from constants.
func TestNextDueUsesTheRules(t *testing.T) {
	r := models.DefaultDueRules
	r.ParcelChaseDays, r.ParcelAbandonDays, r.PartsProgressDays, r.FirstResponse, r.MorningStart = 5, 10, 2, 4*time.Hour, 8
	sent := dueAt(2026, 11, 23, 10, 0)
	tk := &models.Ticket{Kind: models.KindRepair, Mode: models.ModeMailIn, Status: models.StatusAwaitingParcel, StatusSince: sent, WaitingParcelAt: &sent}
	if d, _ := models.NextDue(tk, r, dueLoc); d.Rule != models.DueParcelChase || !d.At.Equal(dueAt(2026, 11, 28, 10, 0)) {
		t.Errorf("chase: %+v", d)
	}
	tk.LastContactAt = duePtr(dueAt(2026, 11, 29, 10, 0))
	if d, _ := models.NextDue(tk, r, dueLoc); d.Rule != models.DueParcelAbandon || !d.At.Equal(dueAt(2026, 12, 3, 10, 0)) {
		t.Errorf("abandon: %+v", d)
	}
	tk = &models.Ticket{Kind: models.KindRepair, Mode: models.ModeOnSite, Status: models.StatusNew, ReportedAt: sent, StatusSince: sent}
	if d, _ := models.NextDue(tk, r, dueLoc); d.Rule != models.DueFirstResponse || !d.At.Equal(sent.Add(4*time.Hour)) {
		t.Errorf("first response: %+v", d)
	}
	if got := r.ApptStart(time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), models.AM, dueLoc); !got.Equal(dueAt(2026, 11, 25, 8, 0)) {
		t.Errorf("ApptStart AM = %v", got)
	}
}

// Calendar days, not 24-hour periods: a progress call stays at the same
// wall-clock time across a DST change (the shop's own zone has none).
func TestNextDueAcrossDST(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	tk := &models.Ticket{Kind: models.KindRepair, Mode: models.ModeCarryIn, Status: models.StatusAwaitingParts,
		StatusSince: time.Date(2026, 3, 27, 10, 0, 0, 0, berlin), FirstContactAt: duePtr(time.Date(2026, 3, 26, 10, 0, 0, 0, berlin))}
	d, _ := models.NextDue(tk, models.DefaultDueRules, berlin)
	if want := time.Date(2026, 3, 30, 10, 0, 0, 0, berlin); !d.At.Equal(want) {
		t.Errorf("NextDue over DST = %v, want %v", d.At, want)
	}
}

func TestDueOverdueAndToday(t *testing.T) {
	due := models.Due{Rule: models.DueVisit, At: dueAt(2026, 11, 23, 15, 0)}
	endOfDay := models.Due{Rule: models.DueVisit, At: time.Date(2026, 11, 23, 23, 59, 59, 0, dueLoc)}
	midnight := models.Due{Rule: models.DueVisit, At: dueAt(2026, 11, 24, 0, 0)}
	cases := []struct {
		name           string
		d              models.Due
		now            time.Time
		overdue, today bool
	}{
		{"one second before", due, due.At.Add(-time.Second), false, true},
		{"exactly at the due time", due, due.At, false, true},
		{"one second after", due, due.At.Add(time.Second), true, false},
		{"a day late", due, due.At.AddDate(0, 0, 1), true, false},
		{"morning of the due day", due, dueAt(2026, 11, 23, 0, 0), false, true},
		{"day before", due, dueAt(2026, 11, 22, 23, 59), false, false},
		{"due 23:59:59 today", endOfDay, dueAt(2026, 11, 23, 8, 0), false, true},
		{"due 00:00 tomorrow", midnight, dueAt(2026, 11, 23, 8, 0), false, false},
		{"due 00:00 tomorrow, at 23:59:59", midnight, time.Date(2026, 11, 23, 23, 59, 59, 0, dueLoc), false, false},
		{"due 00:00, at 00:00", midnight, midnight.At, false, true},
		{"due stored in UTC, day taken in the shop's zone", models.Due{At: time.Date(2026, 11, 23, 17, 0, 0, 0, time.UTC)}, dueAt(2026, 11, 23, 9, 0), false, false},
		{"due stored in UTC, same shop day", models.Due{At: time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)}, dueAt(2026, 11, 23, 9, 0), false, true},
	}
	for _, c := range cases {
		if got := c.d.Overdue(c.now); got != c.overdue {
			t.Errorf("%s: Overdue = %v, want %v", c.name, got, c.overdue)
		}
		if got := c.d.DueToday(c.now); got != c.today {
			t.Errorf("%s: DueToday = %v, want %v", c.name, got, c.today)
		}
	}
}

// The clerk sees "chase the parcel" under Due today in the morning and
// phones at 09:00; the chase was due at 15:00 (the hour the address was
// sent a week ago). The call must clear it, not leave it to turn overdue.
func TestNextDueParcelChaseClearedOnTheDay(t *testing.T) {
	// fixed: 	t.Skip("bug: a contact on the chase day but before the chase's hour does not move the mail-in ticket to the abandon offer")
	sent := dueAt(2026, 11, 16, 15, 0)
	tk := &models.Ticket{Kind: models.KindRepair, Mode: models.ModeMailIn, Status: models.StatusAwaitingParcel,
		StatusSince: sent, WaitingParcelAt: &sent, ReportedAt: sent, LastContactAt: duePtr(dueAt(2026, 11, 23, 9, 0))}
	d, _ := models.NextDue(tk, models.DefaultDueRules, dueLoc)
	if d.Rule != models.DueParcelAbandon || !d.At.Equal(dueAt(2026, 12, 1, 15, 0)) {
		t.Errorf("after the day-7 call: %s at %v, want parcel_abandon at 2026-12-01 15:00", d.Rule, d.At.In(dueLoc))
	}
}

// Steps that cannot happen without reaching the customer (agreeing a
// visit, the customer at the counter, the address sent for the parcel)
// answer the request: the first-response rule must not come back with a
// due time days in the past and hide the step's own due time.
func TestNextDueFirstResponseAnsweredBySteps(t *testing.T) {
	// fixed: 	t.Skip("bug: FirstContactAt is only set by LogContact; schedule/receive/request_parcel leave the first response open, so it overrides the visit, schedule and parcel-confirm due times")
	reported := dueAt(2026, 11, 10, 10, 0)
	st := models.TicketState{Today: dueAt(2026, 11, 10, 11, 0)}
	cases := []struct {
		name  string
		mode  models.RepairMode
		steps []models.StepInput
		rule  models.DueRule
	}{
		{"on-site booked", models.ModeOnSite, []models.StepInput{{Action: models.ActAssign, TechnicianID: "A"}, {Action: models.ActSchedule, Date: dueAt(2026, 11, 20, 0, 0), Half: models.AM}}, models.DueVisit},
		{"carry-in at the counter", models.ModeCarryIn, []models.StepInput{{Action: models.ActReceive}}, models.DueSchedule},
		{"mail-in parcel arrived", models.ModeMailIn, []models.StepInput{{Action: models.ActRequestParcel}, {Action: models.ActReceiveParcel, Courier: "顺丰", Tracking: "SF1"}}, models.DueParcelConfirm},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tk := &models.Ticket{Kind: models.KindRepair, Mode: c.mode, Status: models.StatusNew, ReportedAt: reported, StatusSince: reported}
			stRun(t, tk, st, reported.Add(time.Hour), c.steps...)
			if d, _ := models.NextDue(tk, models.DefaultDueRules, dueLoc); d.Rule != c.rule {
				t.Errorf("NextDue = %s at %v, want %s", d.Rule, d.At.In(dueLoc), c.rule)
			}
		})
	}
}
