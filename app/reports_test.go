package app

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/google/uuid"

	"aftercare/models"
)

// The fixture month: March 2026 in a shop at UTC+8. Every ticket is written
// by hand with the times that matter, and every figure's expected value is
// worked out in the comments of TestMonthReportFixture.

var shanghai = time.FixedZone("CST", 8*3600)

// local is a time in the shop's zone.
func local(mo time.Month, d, h, m int) time.Time { return time.Date(2026, mo, d, h, m, 0, 0, shanghai) }

func localp(mo time.Month, d, h, m int) *time.Time { v := local(mo, d, h, m).UTC(); return &v }

func civil(mo time.Month, d int) *time.Time {
	v := time.Date(2026, mo, d, 0, 0, 0, 0, time.UTC)
	return &v
}

type reportFixture struct {
	a          *App
	now        *time.Time
	tk         map[string]*models.Ticket
	A, B, C, D *models.Staff
}

func newReportFixture(t *testing.T) *reportFixture {
	t.Helper()
	now := local(time.April, 10, 9, 0)
	f := &reportFixture{now: &now, tk: map[string]*models.Ticket{}}
	a, err := Open(Options{Path: filepath.Join(t.TempDir(), "shop.db"), Clock: func() time.Time { return *f.now }, Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	f.a = a
	f.A = mustStaff(t, a, "技师甲", models.RoleTechnician)
	f.B = mustStaff(t, a, "技师乙", models.RoleTechnician)
	f.C = mustStaff(t, a, "安装丙", models.RoleDelivery)
	f.D = mustStaff(t, a, "安装丁", models.RoleDelivery)
	return f
}

// ticket writes a ticket as it stands after its steps.
func (f *reportFixture) ticket(t *testing.T, name string, tk models.Ticket) *models.Ticket {
	t.Helper()
	if tk.CustomerID == "" {
		tk.CustomerID = mustCreate(t, f.a, "顾客"+name, fmt.Sprintf("138%08d", len(f.tk)+1)).ID
	}
	tk.Number = "T-" + name
	tk.ReportedAt = tk.ReportedAt.UTC()
	tk.StatusSince, tk.Version = tk.ReportedAt, 1
	if err := f.a.db.Create(&tk).Error; err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	f.tk[name] = &tk
	return &tk
}

func (f *reportFixture) event(t *testing.T, name string, act models.Action, at time.Time) {
	t.Helper()
	e := models.TicketEvent{ID: uuid.NewString(), TicketID: f.tk[name].ID, At: at.UTC(), Action: act, Actor: "tester"}
	if err := f.a.db.Create(&e).Error; err != nil {
		t.Fatal(err)
	}
}

func (f *reportFixture) create(t *testing.T, v any) {
	t.Helper()
	if err := f.a.db.Create(v).Error; err != nil {
		t.Fatal(err)
	}
}

func sp(s string) *string { return &s }

// build writes the fixture. Times are the shop's local times (UTC+8).
func (f *reportFixture) build(t *testing.T) {
	A, B, C, D := f.A.ID, f.B.ID, f.C.ID, f.D.ID
	// T1: on-site repair, reported 2 Mar 10:00, contacted 15:00 (5 h),
	// booked 4 Mar morning, arrived 07:30 (23:30 on 3 Mar in UTC: the
	// shop's day decides), repaired 11:30, closed 12:00.
	// Two charged parts at ¥50, paid ¥150 by WeChat on 4 Mar.
	f.ticket(t, "T1", models.Ticket{Kind: models.KindRepair, Mode: models.ModeOnSite, Status: models.StatusClosed,
		TechnicianID: &A, ApptDate: civil(3, 4), ApptHalf: models.AM,
		ReportedAt: local(3, 2, 10, 0), FirstContactAt: localp(3, 2, 15, 0), ArrivedAt: localp(3, 4, 7, 30),
		RepairedAt: localp(3, 4, 11, 30), ClosedAt: localp(3, 4, 12, 0)})
	f.event(t, "T1", models.ActArrive, local(3, 4, 7, 30))
	f.create(t, &models.TicketItem{ID: uuid.NewString(), TicketID: f.tk["T1"].ID, Kind: models.ItemPart, Name: "门铰链", Qty: 2, UnitPrice: 5000, Charged: true})
	f.create(t, &models.Payment{ID: uuid.NewString(), TicketID: f.tk["T1"].ID, At: local(3, 4, 12, 0).UTC(), Method: models.PayWeChat, Amount: 15000})

	// T2: on-site repair, reported 5 Mar 09:00, contacted 6 Mar 12:00
	// (27 h: late), booked 7 Mar afternoon after one reschedule by the
	// shop, arrived 14:00, waited for parts, came back 10 Mar 10:00,
	// repaired 11:00, closed 12:00. A free (warranty) part.
	f.ticket(t, "T2", models.Ticket{Kind: models.KindRepair, Mode: models.ModeOnSite, Status: models.StatusClosed,
		TechnicianID: &B, ApptDate: civil(3, 7), ApptHalf: models.PM, ReschedulesShop: 1,
		ReportedAt: local(3, 5, 9, 0), FirstContactAt: localp(3, 6, 12, 0), ArrivedAt: localp(3, 7, 14, 0),
		RepairedAt: localp(3, 10, 11, 0), ClosedAt: localp(3, 10, 12, 0)})
	f.event(t, "T2", models.ActArrive, local(3, 7, 14, 0))
	f.event(t, "T2", models.ActAwaitParts, local(3, 7, 15, 0))
	f.event(t, "T2", models.ActArrive, local(3, 10, 10, 0))
	f.create(t, &models.TicketItem{ID: uuid.NewString(), TicketID: f.tk["T2"].ID, Kind: models.ItemPart, Name: "压缩机", Qty: 1, UnitPrice: 8000, Charged: false})

	// T3: carry-in repair reported 28 Feb 23:30 local (15:30 UTC): a
	// February ticket. Repaired 1 Mar 09:00, closed 10:00: completed in
	// March. A charged part ¥30. Paid ¥50 cash on 27 Feb (February) and
	// ¥80 cash on 1 Mar 00:30 local (28 Feb 16:30 UTC: March).
	f.ticket(t, "T3", models.Ticket{Kind: models.KindRepair, Mode: models.ModeCarryIn, Status: models.StatusClosed,
		TechnicianID: &B, ReportedAt: local(2, 28, 23, 30), FirstContactAt: localp(2, 28, 23, 30),
		RepairedAt: localp(3, 1, 9, 0), ClosedAt: localp(3, 1, 10, 0)})
	f.create(t, &models.TicketItem{ID: uuid.NewString(), TicketID: f.tk["T3"].ID, Kind: models.ItemPart, Name: "电源板", Qty: 1, UnitPrice: 3000, Charged: true})
	f.create(t, &models.Payment{ID: uuid.NewString(), TicketID: f.tk["T3"].ID, At: local(2, 27, 12, 0).UTC(), Method: models.PayCash, Amount: 5000})
	f.create(t, &models.Payment{ID: uuid.NewString(), TicketID: f.tk["T3"].ID, At: local(3, 1, 0, 30).UTC(), Method: models.PayCash, Amount: 8000})

	// T4: on-site repair reported 31 Mar 23:30 local, a repeat of T1,
	// contacted 1 Apr 08:00 (8.5 h), still open.
	f.ticket(t, "T4", models.Ticket{Kind: models.KindRepair, Mode: models.ModeOnSite, Status: models.StatusAssigned,
		TechnicianID: &A, RepeatOfID: &f.tk["T1"].ID, ReportedAt: local(3, 31, 23, 30), FirstContactAt: localp(4, 1, 8, 0)})

	// T5: reported 1 Apr 07:00 local (31 Mar 23:00 UTC): April, not March.
	f.ticket(t, "T5", models.Ticket{Kind: models.KindRepair, Mode: models.ModeOnSite, Status: models.StatusNew,
		ReportedAt: local(4, 1, 7, 0)})

	// T6: delivery reported 10 Mar 10:00, contacted 10:05, crew C (leader)
	// and D, booked 12 Mar morning, installed 11:00, closed 12:00.
	f.ticket(t, "T6", models.Ticket{Kind: models.KindDelivery, Mode: models.ModeDelivery, Status: models.StatusClosed,
		TechnicianID: &C, ApptDate: civil(3, 12), ApptHalf: models.AM,
		ReportedAt: local(3, 10, 10, 0), FirstContactAt: localp(3, 10, 10, 5), ArrivedAt: localp(3, 12, 11, 0),
		RepairedAt: localp(3, 12, 11, 0), ClosedAt: localp(3, 12, 12, 0)})
	f.event(t, "T6", models.ActCompleteInst, local(3, 12, 11, 0))
	f.create(t, &models.CrewMember{ID: uuid.NewString(), TicketID: f.tk["T6"].ID, StaffID: C, Leader: true})
	f.create(t, &models.CrewMember{ID: uuid.NewString(), TicketID: f.tk["T6"].ID, StaffID: D, Position: 1})

	// T7: a phone consultation on 15 Mar, closed the same day.
	f.ticket(t, "T7", models.Ticket{Kind: models.KindConsultation, Status: models.StatusClosed,
		ReportedAt: local(3, 15, 9, 0), ClosedAt: localp(3, 15, 9, 20)})

	// T8: mail-in repair reported 3 Mar 10:00, address sent 11:00,
	// escalated once, abandoned 25 Mar (the parcel never came).
	f.ticket(t, "T8", models.Ticket{Kind: models.KindRepair, Mode: models.ModeMailIn, Status: models.StatusAbandoned,
		Escalations: 1, ReportedAt: local(3, 3, 10, 0), FirstContactAt: localp(3, 3, 11, 0), ClosedAt: localp(3, 25, 10, 0)})

	// T9, T10: complaints on 20 and 21 Mar; T9 is A's fault, T10 the
	// manufacturer's. Both still open.
	f.ticket(t, "T9", models.Ticket{Kind: models.KindComplaint, Mode: models.ModeComplaint, Status: models.StatusResponsibility,
		ReportedAt: local(3, 20, 10, 0), AftersalesFields: models.AftersalesFields{Responsible: models.RespStaff, ResponsibleStaff: A}})
	f.ticket(t, "T10", models.Ticket{Kind: models.KindComplaint, Mode: models.ModeComplaint, Status: models.StatusResponsibility,
		ReportedAt: local(3, 21, 10, 0), AftersalesFields: models.AftersalesFields{Responsible: models.RespManufacturer}})

	// T11: part requested 5 Mar (contacted at once), expected 20 Mar,
	// received 18 Mar: on time. T12: requested 10 Feb, expected 1 Mar,
	// received 3 Mar: late. Neither is closed.
	f.ticket(t, "T11", models.Ticket{Kind: models.KindPart, Mode: models.ModePart, Status: models.StatusPartReceived,
		ReportedAt: local(3, 5, 10, 0), FirstContactAt: localp(3, 5, 10, 0), RepairedAt: localp(3, 18, 15, 0),
		AftersalesFields: models.AftersalesFields{PartExpected: civil(3, 20)}})
	f.ticket(t, "T12", models.Ticket{Kind: models.KindPart, Mode: models.ModePart, Status: models.StatusPartReceived,
		ReportedAt: local(2, 10, 10, 0), FirstContactAt: localp(2, 10, 10, 0), RepairedAt: localp(3, 3, 15, 0),
		AftersalesFields: models.AftersalesFields{PartExpected: civil(3, 1)}})

	// T13: a return reported 16 Mar 10:00, contacted 12:00, refunded ¥300
	// on 22 Mar, not closed yet.
	f.ticket(t, "T13", models.Ticket{Kind: models.KindReturn, Mode: models.ModeReturn, Status: models.StatusReturnDecided,
		ReportedAt: local(3, 16, 10, 0), FirstContactAt: localp(3, 16, 12, 0), RepairedAt: localp(3, 22, 10, 0),
		AftersalesFields: models.AftersalesFields{ReturnOutcome: models.OutcomeRefunded, RefundAmount: 30000}})

	// T14: on-site repair reported 25 Mar 10:00, never contacted, booked
	// 28 Mar morning after the customer moved it twice, nobody came.
	f.ticket(t, "T14", models.Ticket{Kind: models.KindRepair, Mode: models.ModeOnSite, Status: models.StatusScheduled,
		TechnicianID: &B, ApptDate: civil(3, 28), ApptHalf: models.AM, ReschedulesCust: 2, ReportedAt: local(3, 25, 10, 0)})

	// T15: carry-in repair reported 8 Mar 10:00, cancelled at 12:00
	// before any contact.
	f.ticket(t, "T15", models.Ticket{Kind: models.KindRepair, Mode: models.ModeCarryIn, Status: models.StatusCancelled,
		ReportedAt: local(3, 8, 10, 0), ClosedAt: localp(3, 8, 12, 0)})

	// T16: on-site repair reported 20 Feb, contacted at once, booked for
	// 20 Mar morning; the technician came at 13:00 (05:00 UTC, which would
	// be morning in UTC): not on time. Still being repaired.
	f.ticket(t, "T16", models.Ticket{Kind: models.KindRepair, Mode: models.ModeOnSite, Status: models.StatusInService,
		TechnicianID: &A, ApptDate: civil(3, 20), ApptHalf: models.AM,
		ReportedAt: local(2, 20, 10, 0), FirstContactAt: localp(2, 20, 11, 0), ArrivedAt: localp(3, 20, 13, 0)})
	f.event(t, "T16", models.ActArrive, local(3, 20, 13, 0))

	// Follow-up calls: T6 reached on 19 Mar, 5 points; T1 reached on
	// 20 Mar, 3 points; T1 again on 21 Mar, no answer; T6 reached on
	// 1 Apr 01:00 local (31 Mar 17:00 UTC: April), 2 points.
	call := func(name string, at time.Time, outcome models.CallOutcome, score int) {
		tk := f.tk[name]
		done := at.UTC()
		f.create(t, &models.FollowUp{TicketID: tk.ID, CustomerID: tk.CustomerID, JobKind: models.JobRepair, DueDate: *civil(at.Month(), at.Day()),
			Status: models.FollowUpDone, Outcome: outcome, Satisfaction: score, DoneAt: &done, Version: 1})
	}
	call("T6", local(3, 19, 10, 0), models.CallReached, 5)
	call("T1", local(3, 20, 10, 0), models.CallReached, 3)
	call("T1", local(3, 21, 10, 0), models.CallNoAnswer, 0)
	call("T6", local(4, 1, 1, 0), models.CallReached, 2)

	// A penalty of ¥50 for A in March; the month is not approved.
	f.create(t, &models.ConductRecord{StaffID: A, Month: "2026-03", Date: *civil(3, 20), Kind: models.ConductPenalty, Qty: 1, UnitPrice: 5000, Amount: -5000, RuleName: "服务态度", RecordedBy: "tester"})
}

func TestMonthReportFixture(t *testing.T) {
	f := newReportFixture(t)
	f.build(t)
	r, err := f.a.MonthReport(context.Background(), "2026-03")
	if err != nil {
		t.Fatal(err)
	}
	ids := func(names ...string) []string {
		var out []string
		for _, n := range names {
			out = append(out, f.tk[n].ID)
		}
		sort.Strings(out)
		return out
	}
	type want struct {
		key, sub string
		value    float64
		ok       bool
		share    models.Share
		missed   bool
		tickets  []string // nil: not checked
		prev     float64
	}
	day := 24.0
	cases := []want{
		// Received in March (local): T1 T2 T4 T6 T7 T8 T9 T10 T11 T13 T14
		// T15 = 12. Not T3 (28 Feb 23:30 local) nor T5 (1 Apr 07:00 local,
		// though 31 Mar in UTC). February: T3, T12 and T16.
		{key: "received", value: 12, ok: true, tickets: ids("T1", "T2", "T4", "T6", "T7", "T8", "T9", "T10", "T11", "T13", "T14", "T15"), prev: 3},
		// Repairs T1 T2 T4 T8 T14 T15; by mode: on site T1 T2 T4 T14, mail-in T8, carry-in T15.
		{key: "received", sub: "repair", value: 6, ok: true, prev: 2},
		{key: "received", sub: "mode:onsite", value: 4, ok: true},
		{key: "received", sub: "mode:carryin", value: 1, ok: true, prev: 1},
		{key: "received", sub: "mode:mailin", value: 1, ok: true},
		{key: "received", sub: "complaint", value: 2, ok: true},
		// Closed as done in March: T1 T2 T3 T6 T7.
		{key: "completed", value: 5, ok: true, tickets: ids("T1", "T2", "T3", "T6", "T7")},
		{key: "completed", sub: "repair", value: 3, ok: true},
		// T8 abandoned, T15 cancelled.
		{key: "cancelled", value: 2, ok: true, tickets: ids("T8", "T15")},
		// Open at 1 Apr 00:00 local: T4 T9 T10 T11 T12 T13 T14 T16.
		{key: "open_end", value: 8, ok: true, tickets: ids("T4", "T9", "T10", "T11", "T12", "T13", "T14", "T16")},
		// Ages at the month's end in days: T4 0.02, T14 6.58, T10 10.58,
		// T9 11.58, T13 15.58, T11 26.58, T16 39.58, T12 49.58 → median
		// (11.58 + 15.58) / 2 = 13 d 14 h, oldest 49 d 14 h.
		{key: "backlog_median_days", value: 13 + 14/day, ok: true},
		{key: "backlog_oldest_days", value: 49 + 14/day, ok: true},
		// First response: T1 5 h ✓, T2 27 h ✗, T4 8.5 h ✓, T6 ✓, T8 ✓,
		// T11 ✓, T13 ✓, T14 never and past 24 h ✗; T15 was cancelled
		// within 24 h without contact: left out; T7 (phone), T9 and T10
		// (complaints) do not count. 6 / 8.
		{key: "first_response", value: 0.75, ok: true, share: models.Share{Hits: 6, Count: 8}},
		// On time: appointments in March: T1 ✓ (4 Mar AM, came 07:30),
		// T2 ✗ (came on the booked half day but the shop had moved it),
		// T6 ✓, T14 ✗ (nobody came), T16 ✗ (came in the afternoon). 2 / 5
		// = 40 %, below 90 %.
		{key: "on_time", value: 0.4, ok: true, share: models.Share{Hits: 2, Count: 5}, missed: true},
		// Completion, report → done: on site T1 49.5 h and T2 122 h (mean
		// 85.75); carry-in T3 9.5 h; delivery T6 49 h; mail-in: none.
		{key: "completion", sub: "onsite", value: 85.75, ok: true},
		{key: "completion", sub: "carryin", value: 9.5, ok: true},
		{key: "completion", sub: "delivery", value: 49, ok: true},
		{key: "completion", sub: "mailin", ok: false},
		// Resolution: ended in March T1 T2 T3 T6 T7 closed, T8 T15 not: 5 / 7.
		{key: "resolution", value: 5.0 / 7, ok: true, share: models.Share{Hits: 5, Count: 7}},
		// First visit: on-site repairs closed in March: T1 ✓, T2 ✗ (two
		// visits, waited for parts). 1 / 2.
		{key: "first_visit_fix", value: 0.5, ok: true, share: models.Share{Hits: 1, Count: 2}},
		// Repeats: 1 (T4) of the 6 repairs reported: 16.7 %, target 0.
		{key: "repeat_repair", value: 1.0 / 6, ok: true, share: models.Share{Hits: 1, Count: 6}, missed: true},
		// Escalated: T8.
		{key: "escalations", value: 1, ok: true, tickets: ids("T8")},
		// Satisfaction: reached calls done in March: T6 5 ✓, T1 3 ✗ (the
		// unanswered call and the April call do not count). 1 / 2.
		{key: "satisfaction", value: 0.5, ok: true, share: models.Share{Hits: 1, Count: 2}, missed: true},
		// Complaint rate: service-fault complaints T9 / jobs closed T1 T2
		// T3 T6 = 1 / 4 = 25 %, above 3 %.
		{key: "complaint_rate", value: 0.25, ok: true, share: models.Share{Hits: 1, Count: 4}, missed: true},
		{key: "complaints", value: 2, ok: true},
		{key: "mailin_abandoned", value: 1, ok: true},
		// Reschedules of March's appointments: T2 once by the shop, T14
		// twice by the customer.
		{key: "reschedules_shop", value: 1, ok: true},
		{key: "reschedules_customer", value: 2, ok: true},
		// Parts received in March: T11 on time, T12 late. 1 / 2.
		{key: "parts_on_time", value: 0.5, ok: true, share: models.Share{Hits: 1, Count: 2}},
		// Collected: T1 ¥150 WeChat + T3 ¥80 cash (1 Mar 00:30 local) =
		// ¥230; February had T3's ¥50.
		{key: "collected", value: 23000, ok: true, prev: 5000},
		{key: "collected", sub: "wechat", value: 15000, ok: true},
		{key: "collected", sub: "cash", value: 8000, ok: true, prev: 5000},
		{key: "collected", sub: "card", value: 0, ok: true},
		// Parts billed on jobs closed in March: T1 2 × ¥50 + T3 ¥30 =
		// ¥130 (T2's part was free).
		{key: "parts_billed", value: 13000, ok: true},
		// Refunds: T13 ¥300.
		{key: "refunds", value: 30000, ok: true},
	}
	for _, c := range cases {
		fig := r.Figure(c.key, c.sub)
		if fig == nil {
			t.Errorf("%s/%s: missing", c.key, c.sub)
			continue
		}
		if fig.OK != c.ok || (c.ok && math.Abs(fig.Value-c.value) > 1e-6) {
			t.Errorf("%s/%s = %v (ok %v), want %v (ok %v)", c.key, c.sub, fig.Value, fig.OK, c.value, c.ok)
		}
		if fig.Unit == models.UnitShare && fig.Share != c.share {
			t.Errorf("%s: share %+v, want %+v", c.key, fig.Share, c.share)
		}
		if fig.Missed != c.missed {
			t.Errorf("%s/%s: missed %v, want %v", c.key, c.sub, fig.Missed, c.missed)
		}
		if c.tickets != nil {
			got := append([]string{}, fig.Tickets...)
			sort.Strings(got)
			if len(got) != len(c.tickets) || !slices.Equal(got, c.tickets) {
				t.Errorf("%s: %d tickets behind it, want %d", c.key, len(got), len(c.tickets))
			}
		}
		if c.prev != 0 && math.Abs(fig.Prev-c.prev) > 1e-6 {
			t.Errorf("%s/%s: previous month %v, want %v", c.key, c.sub, fig.Prev, c.prev)
		}
	}
	// The tickets counting against a rate come first: on time lists T2,
	// T14 and T16, then T1 and T6.
	if ot := r.Figure("on_time", ""); ot.Misses != 3 || !slices.Equal(sortedCopy(ot.Tickets[:3]), ids("T2", "T14", "T16")) {
		t.Errorf("on time: misses %d, first %v", ot.Misses, ot.Tickets)
	}

	// Per staff. A: T1 on time, T16 not (1/2); T1's call scored 3 (0/1);
	// named in
	// complaint T9, penalty ¥50 (provisional). B: T2 and T3 closed, T2
	// and T14 not on time (0/2). C and D: the delivery T6, on time, its
	// call scored 5.
	type line struct {
		jobs       int
		onTime     models.Share
		sat        models.Share
		complaints int
		penalties  models.Money
	}
	wantStaff := map[string]line{
		f.A.ID: {1, models.Share{Hits: 1, Count: 2}, models.Share{Hits: 0, Count: 1}, 1, 5000},
		f.B.ID: {2, models.Share{Hits: 0, Count: 2}, models.Share{}, 0, 0},
		f.C.ID: {1, models.Share{Hits: 1, Count: 1}, models.Share{Hits: 1, Count: 1}, 0, 0},
		f.D.ID: {1, models.Share{Hits: 1, Count: 1}, models.Share{Hits: 1, Count: 1}, 0, 0},
	}
	if len(r.Staff) != 4 {
		t.Errorf("%d staff lines, want 4", len(r.Staff))
	}
	for _, s := range r.Staff {
		w, ok := wantStaff[s.StaffID]
		if !ok {
			t.Errorf("unexpected staff line %s", s.Name)
			continue
		}
		got := line{s.Jobs, s.OnTime, s.Satisfaction, s.Complaints, s.Penalties}
		if got != w {
			t.Errorf("%s: %+v, want %+v", s.Name, got, w)
		}
		if !s.Provisional {
			t.Errorf("%s: not marked provisional in an open month", s.Name)
		}
		if s.StaffID == f.A.ID && s.Net != -5000 {
			t.Errorf("A's net %v, want -5000", s.Net)
		}
	}

	// Tickets per day: 12 in March's 31 days; 2 on the 20th/21st are
	// complaints; the 31st has T4 (23:30 local) and not T5.
	if len(r.Days) != 31 {
		t.Fatalf("%d days", len(r.Days))
	}
	total := 0
	for _, d := range r.Days {
		for _, n := range d.ByKind {
			total += n
		}
	}
	if total != 12 || r.Days[30].ByKind[models.KindRepair] != 1 || r.Days[19].ByKind[models.KindComplaint] != 1 {
		t.Errorf("days: total %d, 31st %v, 20th %v", total, r.Days[30].ByKind, r.Days[19].ByKind)
	}
	// The trend ends with March and agrees with its figures.
	if len(r.Trend) != 12 || r.Trend[11].Month != "2026-03" || r.Trend[11].OnTime != (models.Share{Hits: 2, Count: 5}) || r.Trend[0].Month != "2025-04" {
		t.Errorf("trend: %+v", r.Trend)
	}
	// The ticket sheet has every ticket the month touched: reported,
	// ended, booked or finished in March (T1–T4, T6–T16 but not T5).
	if len(r.Tickets) != 15 {
		t.Errorf("ticket sheet: %d rows, want 15", len(r.Tickets))
	}
	for _, rt := range r.Tickets {
		if rt.Number == "T-T1" && (rt.Charged != 10000 || rt.Paid != 15000 || rt.OnTime != "yes" || rt.FirstResponseHours != 5) {
			t.Errorf("T1 row: %+v", rt)
		}
	}
}

// In the current month, what cannot be judged yet is left out: at 25 Mar
// 11:00, T14 (reported an hour ago, booked for the 28th) counts neither in
// first response nor in on time.
func TestMonthReportLeavesOutWhatIsNotDue(t *testing.T) {
	f := newReportFixture(t)
	f.build(t)
	*f.now = local(3, 25, 11, 0)
	r, err := f.a.MonthReport(context.Background(), "2026-03")
	if err != nil {
		t.Fatal(err)
	}
	// First response as in the fixture without T14: 6 / 7.
	if s := r.Figure("first_response", "").Share; s != (models.Share{Hits: 6, Count: 7}) {
		t.Errorf("first response %+v, want 6/7", s)
	}
	// On time without T14: 2 / 4.
	if s := r.Figure("on_time", "").Share; s != (models.Share{Hits: 2, Count: 4}) {
		t.Errorf("on time %+v, want 2/4", s)
	}
}

// An empty database: every figure says "no data" or zero, nothing divides
// by zero.
func TestMonthReportNoData(t *testing.T) {
	a := newTestApp(t)
	r, err := a.MonthReport(context.Background(), "2026-03")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Figures) == 0 {
		t.Fatal("no figures")
	}
	for _, f := range r.Figures {
		switch f.Unit {
		case models.UnitShare, models.UnitHours, models.UnitDays:
			if f.OK || math.IsNaN(f.Value) || math.IsInf(f.Value, 0) {
				t.Errorf("%s/%s: ok %v value %v on an empty database", f.Key, f.Sub, f.OK, f.Value)
			}
			if got := f.ValueText(func(_, fb string) string { return fb }); got != "no data" {
				t.Errorf("%s shows %q", f.Key, got)
			}
		default:
			if !f.OK || f.Value != 0 {
				t.Errorf("%s/%s: %v (ok %v), want 0", f.Key, f.Sub, f.Value, f.OK)
			}
		}
		if f.Missed {
			t.Errorf("%s: a figure without data marked as missing its target", f.Key)
		}
	}
	if len(r.Staff) != 0 || len(r.Tickets) != 0 || len(r.Trend) != 12 {
		t.Errorf("staff %d, tickets %d, trend %d", len(r.Staff), len(r.Tickets), len(r.Trend))
	}
}

// Only managers and finance read the figures.
func TestMonthReportNeedsPermission(t *testing.T) {
	a := newTestApp(t)
	signInAs(t, a, staffWithPIN(t, a, "前台", models.RoleCounter))
	if _, err := a.MonthReport(context.Background(), "2026-03"); models.AsFieldErrors(err).ForField("permission") == nil {
		t.Fatalf("a clerk read the month report: %v", err)
	}
}

func sortedCopy(s []string) []string {
	out := append([]string{}, s...)
	sort.Strings(out)
	return out
}

// The trend months are counted by the database (reports_trend.go); the
// shown month in Go. Both must give the same four shares, on the fixture
// (with its time-zone and month-end edges, at two "now"s) and on twelve
// months of demo data.
func TestTrendMatchesFigures(t *testing.T) {
	check := func(t *testing.T, a *App, months []time.Time) {
		t.Helper()
		ctx := context.Background()
		for _, m := range months {
			goWay, err := a.computeMonth(ctx, m, a.loc(), a.clock(), calcFigures)
			if err != nil {
				t.Fatal(err)
			}
			sqlWay, err := a.trendMonth(ctx, m, a.loc(), a.clock())
			if err != nil {
				t.Fatal(err)
			}
			if goWay.trend != sqlWay.trend {
				t.Errorf("%s: figures %+v, trend %+v", models.MonthOf(m), goWay.trend, sqlWay.trend)
			}
		}
	}
	t.Run("fixture", func(t *testing.T) {
		f := newReportFixture(t)
		f.build(t)
		months := []time.Time{*civil(2, 1), *civil(3, 1), *civil(4, 1)}
		check(t, f.a, months)
		*f.now = local(3, 25, 11, 0)
		check(t, f.a, months)
	})
	t.Run("demo", func(t *testing.T) {
		a := newTestApp(t)
		if _, err := a.Demo(DemoOptions{Customers: 300, Tickets: 4000, Seed: 5}); err != nil {
			t.Fatal(err)
		}
		first := time.Date(fixedNow.Year(), fixedNow.Month(), 1, 0, 0, 0, 0, time.UTC)
		var months []time.Time
		for i := 0; i < 12; i++ {
			months = append(months, first.AddDate(0, -i, 0))
		}
		check(t, a, months)
		r, err := a.MonthReport(context.Background(), models.MonthOf(first.AddDate(0, -1, 0)))
		if err != nil {
			t.Fatal(err)
		}
		if s := r.Trend[5].OnTime; s.Count == 0 {
			t.Errorf("demo month %s has no appointments: the comparison proves nothing", r.Trend[5].Month)
		}
	})
}
