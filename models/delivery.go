package models

import (
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// Delivery and installation (送货安装, DOMAIN.md "Delivery and
// installation"): a crew of at least two brings the items on a booked date
// and half day, installs them, ticks the installation checklist and has
// the customer sign the slip before leaving.
//
// A delivery ticket is a Ticket of KindDelivery whose Mode is ModeDelivery,
// so the one transition table drives repairs and deliveries alike. The
// crew leader is the ticket's TechnicianID, so lists, the dispatch board
// and clash checks show the leader like a repair's technician.

// Ticket kinds added for deliveries and the requests they raise.
const (
	KindDelivery TicketKind = "delivery" // 送货安装
	KindPart     TicketKind = "part"     // 补件: a replacement part request
)

// Workflow "modes" of the non-repair kinds.
const (
	ModeDelivery RepairMode = "delivery"
	ModePart     RepairMode = "part"
)

// IsRepair reports whether m is one of the repair modes.
func (m RepairMode) IsRepair() bool {
	for _, x := range AllModes {
		if x == m {
			return true
		}
	}
	return false
}

// ModeOf is the workflow mode a new ticket of kind k starts in; repairs
// keep the mode chosen at intake.
func ModeOf(k TicketKind, repairMode RepairMode) RepairMode {
	switch k {
	case KindDelivery:
		return ModeDelivery
	case KindPart:
		return ModePart
	case KindComplaint:
		return ModeComplaint
	case KindReturn:
		return ModeReturn
	case KindConsultation:
		return ""
	}
	return repairMode
}

// Statuses of deliveries and part requests.
const (
	StatusInstalled Status = "installed" // delivery: installed, checklist done or explained

	StatusRequested    Status = "requested"     // part: asked for
	StatusApproved     Status = "approved"      // part: summarised and approved by planning
	StatusInProduction Status = "in_production" // part
	StatusWarehoused   Status = "warehoused"    // part
	StatusShipped      Status = "shipped"       // part: sent with the customer's next delivery
	StatusPartReceived Status = "part_received" // part: the customer has it
)

// Actions of deliveries and part requests.
const (
	ActAssignCrew    Action = "assign_crew"      // name the crew and its leader
	ActCompleteInst  Action = "complete_install" // delivered and installed
	ActReportProblem Action = "report_problem"   // damage, missing or wrong part: a linked ticket
	ActTick          Action = "tick"             // a checklist item ticked or unticked

	ActApprovePart   Action = "approve_part"
	ActProducePart   Action = "produce_part"
	ActWarehousePart Action = "warehouse_part"
	ActShipPart      Action = "ship_part"
	ActReceivePart   Action = "receive_part"
)

var (
	deliveryMode = []RepairMode{ModeDelivery}
	partMode     = []RepairMode{ModePart}
)

// deliveryTransitions is the delivery and part workflow, appended to
// Transitions in init so the repair table above stays readable.
var deliveryTransitions = []Transition{
	// A delivery is booked at intake (date and half day); naming the crew
	// makes it scheduled. Changing the crew later keeps the status.
	{ActAssignCrew, []Status{StatusNew}, StatusScheduled, deliveryMode},
	{ActAssignCrew, []Status{StatusScheduled}, "", deliveryMode},
	{ActReschedule, []Status{StatusNew, StatusScheduled}, "", deliveryMode},
	{ActArrive, []Status{StatusScheduled}, StatusInService, deliveryMode},
	// The counter may record the completion from the returned slip without
	// having recorded the arrival.
	{ActCompleteInst, []Status{StatusScheduled, StatusInService}, StatusInstalled, deliveryMode},
	{ActSign, []Status{StatusInstalled}, StatusSigned, deliveryMode},
	{ActClose, []Status{StatusSigned}, StatusClosed, deliveryMode},
	{ActCancel, []Status{StatusNew, StatusScheduled, StatusInService}, StatusCancelled, deliveryMode},

	// Replacement part requests (补件), raised from a delivery problem.
	{ActApprovePart, []Status{StatusRequested}, StatusApproved, partMode},
	{ActProducePart, []Status{StatusApproved}, StatusInProduction, partMode},
	{ActWarehousePart, []Status{StatusApproved, StatusInProduction}, StatusWarehoused, partMode},
	{ActShipPart, []Status{StatusWarehoused}, StatusShipped, partMode},
	{ActReceivePart, []Status{StatusShipped}, StatusPartReceived, partMode},
	{ActClose, []Status{StatusPartReceived}, StatusClosed, partMode},
	{ActCancel, []Status{StatusRequested, StatusApproved, StatusInProduction, StatusWarehoused}, StatusCancelled, partMode},
}

func init() { Transitions = append(Transitions, deliveryTransitions...) }

// CrewMember is one person of a delivery crew. The leader is also the
// ticket's TechnicianID.
type CrewMember struct {
	ID       string `gorm:"primaryKey;size:36"`
	TicketID string `gorm:"size:36;not null;index"`
	StaffID  string `gorm:"size:36;not null;index"`
	Leader   bool
	Position int
}

// MinCrew is how many people enter a home for a delivery (DOMAIN.md).
const MinCrew = 2

// MaxCrew bounds a crew.
const MaxCrew = 8

// CheckCrew validates a crew: at least one person, no one twice, a leader
// who is in the crew, and a reason when fewer than MinCrew go.
func CheckCrew(crew []string, leader, reason string) error {
	var errs ValidationErrors
	seen := map[string]bool{}
	for _, id := range crew {
		if id == "" {
			continue
		}
		if seen[id] {
			errs = append(errs, NewFieldError("crew", "err.delivery.crew_twice", "The same person is in the crew twice.", nil))
			break
		}
		seen[id] = true
	}
	switch {
	case len(seen) == 0:
		errs = append(errs, NewFieldError("crew", "err.delivery.crew_required", "Choose the crew: at least two people, one of them the leader.", nil))
	case len(seen) > MaxCrew:
		errs = append(errs, NewFieldError("crew", "err.delivery.crew_large", "A crew has at most {{.Max}} people.", map[string]any{"Max": MaxCrew}))
	case leader == "" || !seen[leader]:
		errs = append(errs, NewFieldError("leader", "err.delivery.leader_required", "Choose the crew leader from the crew.", nil))
	}
	if len(seen) > 0 && len(seen) < MinCrew && strings.TrimSpace(reason) == "" {
		errs = append(errs, NewFieldError("crew_reason", "err.delivery.crew_reason", "At least two people go into a home: say why fewer are going.", nil))
	}
	if utf8.RuneCountInString(reason) > 500 {
		errs = append(errs, NewFieldError("crew_reason", "err.ticket.reason_long", "The reason has at most 500 characters.", nil))
	}
	return errs.OrNil()
}

// DeliveryItem is one product on a delivery: product, model and quantity,
// linked to the customer's purchase when it is on record.
type DeliveryItem struct {
	ID         string  `gorm:"primaryKey;size:36"`
	TicketID   string  `gorm:"size:36;not null;index"`
	PurchaseID *string `gorm:"size:36;index"`
	Position   int
	Product    string `gorm:"size:100;not null"`
	Model      string `gorm:"size:60"`
	Qty        int
}

// MaxDeliveryItems bounds the items of one delivery.
const MaxDeliveryItems = 50

// ProblemKind is what went wrong on a delivery.
type ProblemKind string

// Problems found on delivery.
const (
	ProblemDamage      ProblemKind = "damage"       // 损坏
	ProblemMissingPart ProblemKind = "missing_part" // 缺件
	ProblemWrongPart   ProblemKind = "wrong_part"   // 错件
	ProblemOther       ProblemKind = "other"
)

// AllProblemKinds lists the problems in form order.
var AllProblemKinds = []ProblemKind{ProblemDamage, ProblemMissingPart, ProblemWrongPart, ProblemOther}

// ChecklistItem is one line of a checklist template. Key names a built-in
// line whose text is translated; a line a manager typed has Text only.
type ChecklistItem struct {
	Key      string `json:"key,omitempty"`
	Text     string `json:"text,omitempty"`
	Required bool   `json:"required"`
}

// ChecklistTemplate is one version of an installation checklist. Editing
// a template adds a new version (same Family, Version+1, Current) and the
// old one stays, so a ticket keeps the lines it started with.
type ChecklistTemplate struct {
	Base
	Family  string          `gorm:"size:36;not null;index"` // "furniture", "appliance" or a UUID
	Name    string          `gorm:"size:100"`               // typed name; "" uses NameKey
	NameKey string          `gorm:"size:60"`
	Version int             `gorm:"not null"`
	Current bool            `gorm:"index"`
	Items   []ChecklistItem `gorm:"serializer:json"`
}

// Built-in template families.
const (
	ChecklistFurniture = "furniture"
	ChecklistAppliance = "appliance"
)

// Built-in checklist lines (DOMAIN.md, seeds 001 and 002), by key.
var (
	furnitureChecks = []string{
		"checklist.item.floor_covered", "checklist.item.tools_off_floor", "checklist.item.parts_stable",
		"checklist.item.handled_gently", "checklist.item.key_points", "checklist.item.cleaned",
		"checklist.item.care_explained", "checklist.item.customer_inspected",
	}
	applianceExtra = []string{
		"checklist.item.shoe_covers", "checklist.item.drop_cloth", "checklist.item.test_run",
		"checklist.item.usage_explained", "checklist.item.rubbish_removed",
	}
)

// DefaultChecklist returns the built-in lines of a family, every one
// required; nil for a family that is not built in.
func DefaultChecklist(family string) []ChecklistItem {
	var keys []string
	switch family {
	case ChecklistFurniture:
		keys = furnitureChecks
	case ChecklistAppliance:
		// Appliance crews do everything a furniture crew does, and more;
		// shoe covers and the drop cloth come first, at the door.
		keys = append(append(append([]string{}, applianceExtra[:2]...), furnitureChecks...), applianceExtra[2:]...)
	default:
		return nil
	}
	out := make([]ChecklistItem, len(keys))
	for i, k := range keys {
		out[i] = ChecklistItem{Key: k, Required: true}
	}
	return out
}

// ChecklistFamilyFor suggests the checklist for a product type: appliances
// get the appliance list, everything else the furniture list.
func ChecklistFamilyFor(productType string) string {
	switch productType {
	case "furniture", "mattress", "":
		return ChecklistFurniture
	}
	return ChecklistAppliance
}

// MaxChecklistItems bounds a template.
const MaxChecklistItems = 40

// CheckTemplate validates a template's name and lines before it is saved.
func CheckTemplate(name, nameKey string, items []ChecklistItem) error {
	var errs ValidationErrors
	name = strings.TrimSpace(name)
	switch {
	case name == "" && nameKey == "":
		errs = append(errs, NewFieldError("name", "err.checklist.name_required", "Give the checklist a name.", nil))
	case utf8.RuneCountInString(name) > 100:
		errs = append(errs, NewFieldError("name", "err.checklist.name_long", "The name has at most 100 characters.", nil))
	}
	switch {
	case len(items) == 0:
		errs = append(errs, NewFieldError("items", "err.checklist.items_required", "A checklist needs at least one line.", nil))
	case len(items) > MaxChecklistItems:
		errs = append(errs, NewFieldError("items", "err.checklist.items_many", "A checklist has at most {{.Max}} lines.", map[string]any{"Max": MaxChecklistItems}))
	}
	for i, it := range items {
		text := strings.TrimSpace(it.Text)
		if it.Key == "" && text == "" {
			errs = append(errs, NewFieldError("items", "err.checklist.line_empty", "Line {{.N}} is empty: write it or remove it.", map[string]any{"N": i + 1}))
		}
		if utf8.RuneCountInString(text) > 200 {
			errs = append(errs, NewFieldError("items", "err.checklist.line_long", "Line {{.N}} has more than 200 characters.", map[string]any{"N": i + 1}))
		}
	}
	return errs.OrNil()
}

// TicketCheck is one checklist line on a ticket, copied from the template
// version the ticket started with; ticking it records who and when.
type TicketCheck struct {
	ID        string `gorm:"primaryKey;size:36"`
	TicketID  string `gorm:"size:36;not null;index"`
	Position  int
	Key       string `gorm:"size:60"`
	Text      string `gorm:"size:200"`
	Required  bool
	CheckedAt *time.Time
	CheckedBy string `gorm:"size:50"`
}

// Progress counts the ticked lines, e.g. 6 of 8, and the required lines
// still unticked.
func Progress(checks []TicketCheck) (done, total, missingRequired int) {
	for _, c := range checks {
		total++
		if c.CheckedAt != nil {
			done++
		} else if c.Required {
			missingRequired++
		}
	}
	return done, total, missingRequired
}

// BeforeCreate hooks give new rows their UUIDs.
func (c *CrewMember) BeforeCreate(*gorm.DB) error   { setID(&c.ID); return nil }
func (d *DeliveryItem) BeforeCreate(*gorm.DB) error { setID(&d.ID); return nil }
func (c *TicketCheck) BeforeCreate(*gorm.DB) error  { setID(&c.ID); return nil }
