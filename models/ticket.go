package models

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// TicketKind is what a ticket is about.
type TicketKind string

// Ticket kinds (deliveries and part requests are in delivery.go). Later
// kinds (return, complaint) join with their own number prefixes.
const (
	KindRepair       TicketKind = "repair"       // 维修
	KindConsultation TicketKind = "consultation" // 电话处理
)

// NumberPrefix is the readable prefix of a kind's ticket numbers.
func (k TicketKind) NumberPrefix() string {
	switch k {
	case KindConsultation:
		return "DH"
	case KindDelivery:
		return "SH"
	case KindPart:
		return "BJ"
	case KindComplaint:
		return "TS"
	case KindReturn:
		return "TH"
	default:
		return "WX"
	}
}

// RepairMode is how a repair is carried out (seed 002, 001).
type RepairMode string

// Repair modes.
const (
	ModeOnSite  RepairMode = "onsite"  // 上门
	ModeCarryIn RepairMode = "carryin" // 送修
	ModeMailIn  RepairMode = "mailin"  // 寄修
	ModeFactory RepairMode = "factory" // 返厂
)

// AllModes lists the repair modes in form order.
var AllModes = []RepairMode{ModeOnSite, ModeCarryIn, ModeMailIn, ModeFactory}

// HalfDay is the morning or afternoon of an appointment.
type HalfDay string

// Half days.
const (
	AM HalfDay = "am" // 上午
	PM HalfDay = "pm" // 下午
)

// Priority orders tickets of the same due time.
type Priority string

// Priorities.
const (
	PriorityNormal Priority = "normal"
	PriorityUrgent Priority = "urgent"
)

// Source is how the request reached the shop.
type Source string

// Sources.
const (
	SourcePhone    Source = "phone"    // 电话
	SourceWalkIn   Source = "walkin"   // 到店
	SourceSales    Source = "sales"    // 导购转来
	SourceDelivery Source = "delivery" // found by a delivery crew
)

// Ticket is one service job (工单), from report to close.
type Ticket struct {
	Base
	Number   string     `gorm:"size:24;uniqueIndex;not null"`
	Kind     TicketKind `gorm:"size:20;not null;index"`
	Mode     RepairMode `gorm:"size:16"`
	Status   Status     `gorm:"size:24;not null;index:idx_tickets_status_due,priority:1"`
	Priority Priority   `gorm:"size:10"`
	Source   Source     `gorm:"size:10"`

	CustomerID string  `gorm:"size:36;not null;index"`
	PurchaseID *string `gorm:"size:36;index"`
	// What the customer said, kept as typed at intake.
	Address       string `gorm:"size:500"`
	Product       string `gorm:"size:200"` // product and model when no purchase is linked
	Symptom       string
	Request       string
	PreferredTime string `gorm:"size:100"`
	Resolution    string // phone consultations and closing notes

	WarrantyCovered        bool
	WarrantyOverridden     bool
	WarrantyOverrideReason string

	TechnicianID    *string    `gorm:"size:36;index:idx_tickets_tech_appt,priority:1"`
	ApptDate        *time.Time `gorm:"index:idx_tickets_tech_appt,priority:2"`
	ApptHalf        HalfDay    `gorm:"size:2"`
	ReschedulesShop int        // reschedules the shop asked for
	ReschedulesCust int        // reschedules the customer asked for
	Escalations     int
	RepeatOfID      *string `gorm:"size:36"`

	ReportedAt     time.Time `gorm:"index"`
	FirstContactAt *time.Time
	ScheduledAt    *time.Time
	ArrivedAt      *time.Time
	RepairedAt     *time.Time
	SignedAt       *time.Time
	ClosedAt       *time.Time `gorm:"index"`
	StatusSince    time.Time  // when the current status began
	LastContactAt  *time.Time // last successful contact, for progress calls

	// Carry-in.
	ReceivedAt        *time.Time // at the counter, or the parcel for mail-in
	VoucherNo         string     `gorm:"size:24"`
	ExpectedReadyDate *time.Time
	ReadyAt           *time.Time
	CollectedAt       *time.Time
	// Mail-in.
	ParcelCourier   string `gorm:"size:40"`
	ParcelTracking  string `gorm:"size:60"`
	ParcelCost      Money
	ReturnCourier   string `gorm:"size:40"`
	ReturnTracking  string `gorm:"size:60"`
	ShippedBackAt   *time.Time
	WaitingParcelAt *time.Time // when the address was sent to the customer
	// Return to factory.
	FactorySentAt   *time.Time
	FactoryBackAt   *time.Time
	FactoryTracking string    `gorm:"size:60"`
	Liability       Liability `gorm:"size:16"`

	// Charges.
	ConsentAt       *time.Time // the customer agreed to the quote
	ConsentNote     string
	QuoteApprovedBy string `gorm:"size:50"` // general manager, for quotes >10% below the schedule
	QuoteApprovedAt *time.Time
	CancelReason    string

	// Delivery and installation (delivery.go): the crew leader is
	// TechnicianID, the booked day ApptDate/ApptHalf.
	CrewReason          string  // why fewer than two people go
	ChecklistTemplateID *string `gorm:"size:36"`
	ChecklistVersion    int
	ChecklistName       string `gorm:"size:100"` // the template's name when the ticket started
	ChecklistReason     string // why required checklist lines were left unticked
	// A ticket raised from another (a problem found on delivery).
	LinkedTicketID *string     `gorm:"size:36;index"`
	ProblemKind    ProblemKind `gorm:"size:16"`
	// Replacement part requests.
	PartName string `gorm:"size:100"`
	PartQty  int

	// Complaints, returns and the part request form (aftersales.go).
	AftersalesFields `gorm:"embedded"`

	// DueAt is the time the next step is due (see NextDue), kept so lists
	// can sort and filter by it; every change of the ticket recomputes it.
	DueAt *time.Time `gorm:"index;index:idx_tickets_status_due,priority:2"`
	// Version counts saves, so two people editing one ticket notice.
	Version int `gorm:"not null;default:1"`
}

// Liability says who pays a return-to-factory repair.
type Liability string

// Liabilities.
const (
	LiabilityManufacturer Liability = "manufacturer"
	LiabilityShop         Liability = "shop"
	LiabilityCustomer     Liability = "customer"
)

// TicketEvent is one line of a ticket's timeline: who did what, when.
type TicketEvent struct {
	ID       string    `gorm:"primaryKey;size:36"`
	TicketID string    `gorm:"size:36;not null;index:idx_events_ticket_at,priority:1"`
	At       time.Time `gorm:"index:idx_events_ticket_at,priority:2"`
	Actor    string    `gorm:"size:50"`
	Action   Action    `gorm:"size:24"`
	From     Status    `gorm:"size:24"`
	To       Status    `gorm:"size:24"`
	Note     string
	Data     string `text:"json"` // JSON details of the step (technician, date, tracking…)
}

// ContactOutcome is the result of one attempt to reach the customer.
type ContactOutcome string

// Contact outcomes.
const (
	ContactReached     ContactOutcome = "reached"
	ContactNoAnswer    ContactOutcome = "no_answer"
	ContactWrongNumber ContactOutcome = "wrong_number"
	ContactSMS         ContactOutcome = "sms_sent"
)

// ContactAttempt is one call or message to the customer about a ticket.
type ContactAttempt struct {
	ID       string         `gorm:"primaryKey;size:36"`
	TicketID string         `gorm:"size:36;not null;index"`
	At       time.Time      `gorm:"not null"`
	Actor    string         `gorm:"size:50"`
	Outcome  ContactOutcome `gorm:"size:16"`
	Note     string
}

// ItemKind is what a charge line is for.
type ItemKind string

// Charge line kinds.
const (
	ItemVisit  ItemKind = "visit"  // 上门费
	ItemLabour ItemKind = "labour" // 工时费
	ItemPart   ItemKind = "part"   // 配件
	ItemOther  ItemKind = "other"
)

// TicketItem is one line of the quote and of the parts used: a visit fee,
// a labour item or a part, with the schedule's price for comparison.
type TicketItem struct {
	ID            string   `gorm:"primaryKey;size:36"`
	TicketID      string   `gorm:"size:36;not null;index"`
	Kind          ItemKind `gorm:"size:10"`
	Code          string   `gorm:"size:40"` // fee schedule key, "" when typed by hand
	Name          string   `gorm:"size:100;not null"`
	Qty           int
	UnitPrice     Money // the price quoted
	SchedulePrice Money // the fee schedule's price; 0 when not in the schedule
	Charged       bool  // false: free under warranty or goodwill
	CreatedAt     time.Time
}

// Total is the line's charged amount.
func (i TicketItem) Total() Money {
	if !i.Charged {
		return 0
	}
	return i.UnitPrice * Money(i.Qty)
}

// PaymentMethod is how a customer paid.
type PaymentMethod string

// Payment methods.
const (
	PayCash   PaymentMethod = "cash"
	PayWeChat PaymentMethod = "wechat"
	PayAlipay PaymentMethod = "alipay"
	PayCard   PaymentMethod = "card"
)

// AllPaymentMethods lists the methods in form order.
var AllPaymentMethods = []PaymentMethod{PayCash, PayWeChat, PayAlipay, PayCard}

// Payment is money received for a ticket.
type Payment struct {
	ID        string        `gorm:"primaryKey;size:36"`
	TicketID  string        `gorm:"size:36;not null;index"`
	At        time.Time     `gorm:"not null;index"`
	Actor     string        `gorm:"size:50"`
	Method    PaymentMethod `gorm:"size:10"`
	Amount    Money
	ReceiptNo string `gorm:"size:40"`
}

// TicketCounter hands out the daily sequence of ticket numbers.
type TicketCounter struct {
	Prefix string `gorm:"primaryKey;size:8"`
	Day    string `gorm:"primaryKey;size:8"` // YYYYMMDD
	Seq    int
}

// FormatTicketNumber builds a number people can read aloud: prefix, date
// and a daily sequence, e.g. WX20261122-007.
func FormatTicketNumber(prefix string, day time.Time, seq int) string {
	return fmt.Sprintf("%s%s-%03d", prefix, day.Format("20060102"), seq)
}

// Money is an amount in fen (0.01 yuan), so sums are exact.
type Money int64

// Yuan formats the amount as 1,234.50.
func (m Money) Yuan() string {
	neg := m < 0
	if neg {
		m = -m
	}
	s := fmt.Sprintf("%d.%02d", int64(m)/100, int64(m)%100)
	whole, frac := s[:len(s)-3], s[len(s)-3:]
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	if neg {
		return "-" + whole + frac
	}
	return whole + frac
}

// ParseMoney reads an amount of yuan as typed: 120, 120.5, 1,200.00, ¥80.
func ParseMoney(s string) (Money, *FieldError) {
	s = toHalfWidth(s)
	clean := make([]rune, 0, len(s))
	for _, r := range s {
		switch {
		case r == ',' || r == ' ' || r == '¥' || r == '￥' || r == '元':
		default:
			clean = append(clean, r)
		}
	}
	str := string(clean)
	bad := NewFieldError("amount", "err.money.format", "Write an amount in yuan, e.g. 120 or 85.50.", nil)
	if str == "" {
		return 0, bad
	}
	whole, frac, hasFrac := cut(str, '.')
	if !isDigits(whole) || hasFrac && (len(frac) == 0 || len(frac) > 2 || !isDigits(frac)) || len(whole) > 9 {
		return 0, bad
	}
	n, _ := atoi(whole)
	if len(whole) > 6 {
		n = 0
		for _, r := range whole {
			n = n*10 + int(r-'0')
		}
	}
	f := 0
	if hasFrac {
		f, _ = atoi(frac)
		if len(frac) == 1 {
			f *= 10
		}
	}
	return Money(n)*100 + Money(f), nil
}

func cut(s string, sep rune) (string, string, bool) {
	for i, r := range s {
		if r == sep {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

// BeforeCreate hooks give new rows their UUIDs.
func (e *TicketEvent) BeforeCreate(*gorm.DB) error    { setID(&e.ID); return nil }
func (c *ContactAttempt) BeforeCreate(*gorm.DB) error { setID(&c.ID); return nil }
func (i *TicketItem) BeforeCreate(*gorm.DB) error     { setID(&i.ID); return nil }
func (p *Payment) BeforeCreate(*gorm.DB) error        { setID(&p.ID); return nil }

func setID(id *string) {
	if *id == "" {
		*id = uuid.NewString()
	}
}
