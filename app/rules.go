package app

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"aftercare/assets"
	"aftercare/models"
)

// keyServiceRules stores the shop's edited service rules as JSON.
const keyServiceRules = "rules.service"

// ServiceRules are the shop's time limits and service rules: the seeds'
// numbers as defaults, editable by a manager in Settings (DOMAIN.md: "ship
// them as defaults … never as hidden constants").
type ServiceRules struct {
	Due                  models.DueRules
	RepeatWindowDays     int // a repair of the same purchase this soon after another is a repeat
	DiscountLimitPercent int // how far below the fee schedule a quote may go without approval
}

// DefaultServiceRules are the numbers of the shop procedures (seeds 002, 004).
func DefaultServiceRules() ServiceRules {
	return ServiceRules{Due: models.DefaultDueRules, RepeatWindowDays: RepeatWindowDays, DiscountLimitPercent: models.DiscountLimitPercent}
}

// RuleRange is the accepted range of one editable rule; the editor shows
// it and validation names it.
type RuleRange struct{ Min, Max int }

// Field names of the service rules, as FieldErrors and the editor use them.
const (
	RuleFirstResponseHours = "first_response_hours"
	RuleParcelConfirmHours = "parcel_confirm_hours"
	RuleScheduleHours      = "schedule_hours"
	RuleEscalationHours    = "escalation_hours"
	RuleParcelChaseDays    = "parcel_chase_days"
	RuleParcelAbandonDays  = "parcel_abandon_days"
	RulePartsProgressDays  = "parts_progress_days"
	RulePickupRemindDays   = "pickup_remind_days"
	RuleFactoryChaseDays   = "factory_chase_days"
	RuleSignatureDays      = "signature_days"
	RuleMorningStart       = "morning_start"
	RuleAfternoonStart     = "afternoon_start"
	RuleRepeatWindowDays   = "repeat_window_days"
	RuleDiscountLimit      = "discount_limit_percent"
)

// RuleRanges are the sensible limits of every rule. The discount limit
// starts at 1 because models.TicketState reads 0 as "the default 10%".
var RuleRanges = map[string]RuleRange{
	RuleFirstResponseHours: {1, 72},
	RuleParcelConfirmHours: {1, 72},
	RuleScheduleHours:      {1, 72},
	RuleEscalationHours:    {1, 72},
	RuleParcelChaseDays:    {1, 60},
	RuleParcelAbandonDays:  {1, 60},
	RulePartsProgressDays:  {1, 14},
	RulePickupRemindDays:   {1, 14},
	RuleFactoryChaseDays:   {1, 30},
	RuleSignatureDays:      {1, 14},
	RuleMorningStart:       {6, 12},
	RuleAfternoonStart:     {12, 18},
	RuleRepeatWindowDays:   {7, 365},
	RuleDiscountLimit:      {1, 50},
}

// RuleValues flattens the rules to whole numbers by field name (hours,
// days, an hour of the day, a percentage), as the editor shows them.
func (r ServiceRules) RuleValues() map[string]int {
	d := r.Due
	return map[string]int{
		RuleFirstResponseHours: int(d.FirstResponse / time.Hour),
		RuleParcelConfirmHours: int(d.ParcelConfirm / time.Hour),
		RuleScheduleHours:      d.ScheduleHours,
		RuleEscalationHours:    d.EscalationHours,
		RuleParcelChaseDays:    d.ParcelChaseDays,
		RuleParcelAbandonDays:  d.ParcelAbandonDays,
		RulePartsProgressDays:  d.PartsProgressDays,
		RulePickupRemindDays:   d.PickupRemindDays,
		RuleFactoryChaseDays:   d.FactoryChaseDays,
		RuleSignatureDays:      d.SignatureDays,
		RuleMorningStart:       d.MorningStart,
		RuleAfternoonStart:     d.AfternoonStart,
		RuleRepeatWindowDays:   r.RepeatWindowDays,
		RuleDiscountLimit:      r.DiscountLimitPercent,
	}
}

// ServiceRulesFromValues is the inverse of RuleValues; a missing name
// keeps the default.
func ServiceRulesFromValues(v map[string]int) ServiceRules {
	r := DefaultServiceRules()
	get := func(name string, dst *int) {
		if n, ok := v[name]; ok {
			*dst = n
		}
	}
	hours := func(name string, dst *time.Duration) {
		if n, ok := v[name]; ok {
			*dst = time.Duration(n) * time.Hour
		}
	}
	hours(RuleFirstResponseHours, &r.Due.FirstResponse)
	hours(RuleParcelConfirmHours, &r.Due.ParcelConfirm)
	get(RuleScheduleHours, &r.Due.ScheduleHours)
	get(RuleEscalationHours, &r.Due.EscalationHours)
	get(RuleParcelChaseDays, &r.Due.ParcelChaseDays)
	get(RuleParcelAbandonDays, &r.Due.ParcelAbandonDays)
	get(RulePartsProgressDays, &r.Due.PartsProgressDays)
	get(RulePickupRemindDays, &r.Due.PickupRemindDays)
	get(RuleFactoryChaseDays, &r.Due.FactoryChaseDays)
	get(RuleSignatureDays, &r.Due.SignatureDays)
	get(RuleMorningStart, &r.Due.MorningStart)
	get(RuleAfternoonStart, &r.Due.AfternoonStart)
	get(RuleRepeatWindowDays, &r.RepeatWindowDays)
	get(RuleDiscountLimit, &r.DiscountLimitPercent)
	return r
}

// ruleOrder is the order of validation messages and audit fields.
var ruleOrder = []string{
	RuleFirstResponseHours, RuleScheduleHours, RuleMorningStart, RuleAfternoonStart, RuleEscalationHours,
	RuleParcelChaseDays, RuleParcelAbandonDays, RuleParcelConfirmHours,
	RulePartsProgressDays, RulePickupRemindDays, RuleFactoryChaseDays, RuleSignatureDays,
	RuleRepeatWindowDays, RuleDiscountLimit,
}

// ValidateServiceRules checks every rule against its range and the rules
// against each other; the editor calls it as the manager types.
func ValidateServiceRules(r ServiceRules) error {
	var errs models.ValidationErrors
	if r.Due.FirstResponse%time.Hour != 0 || r.Due.ParcelConfirm%time.Hour != 0 {
		field := RuleFirstResponseHours
		if r.Due.FirstResponse%time.Hour == 0 {
			field = RuleParcelConfirmHours
		}
		errs = append(errs, models.NewFieldError(field, "err.rules.whole_hours", "Use whole hours.", nil))
	}
	v := r.RuleValues()
	bad := map[string]bool{}
	for _, name := range ruleOrder {
		rg := RuleRanges[name]
		if n := v[name]; n < rg.Min || n > rg.Max {
			bad[name] = true
			errs = append(errs, models.NewFieldError(name, "err.rules.range", "Enter a whole number from {{.Min}} to {{.Max}}.",
				map[string]any{"Min": rg.Min, "Max": rg.Max}))
		}
	}
	if !bad[RuleParcelChaseDays] && !bad[RuleParcelAbandonDays] && v[RuleParcelAbandonDays] <= v[RuleParcelChaseDays] {
		errs = append(errs, models.NewFieldError(RuleParcelAbandonDays, "err.rules.abandon_after_chase",
			"The offer to close comes after the chase call: more than {{.Chase}} days.", map[string]any{"Chase": v[RuleParcelChaseDays]}))
	}
	if !bad[RuleMorningStart] && !bad[RuleAfternoonStart] && v[RuleAfternoonStart] <= v[RuleMorningStart] {
		errs = append(errs, models.NewFieldError(RuleAfternoonStart, "err.rules.afternoon_after_morning",
			"Afternoon visits start after morning visits: later than {{.Morning}}:00.", map[string]any{"Morning": v[RuleMorningStart]}))
	}
	return errs.OrNil()
}

// settingsCache holds the decoded rules and fee schedule of one App, so
// the hot paths (a due date per row of the Today board) never read the
// database. gen changes on every save, so a load that raced a save does
// not put the old value back.
type settingsCache struct {
	mu    sync.RWMutex
	gen   uint64
	rules *ServiceRules
	fees  []models.FeeItem
}

// cache returns the App's settings cache.
func (a *App) cache() *settingsCache { return &a.settings }

// invalidate drops the cached rules and fee schedule after a save.
func (c *settingsCache) invalidate() {
	c.mu.Lock()
	c.gen++
	c.rules, c.fees = nil, nil
	c.mu.Unlock()
}

// ServiceRules returns the shop's service rules: the saved ones, or the
// defaults when none were saved (or the stored value cannot be read).
// Cached: only the first call after a save reads the database.
func (a *App) ServiceRules() ServiceRules {
	c := a.cache()
	c.mu.RLock()
	r, gen := c.rules, c.gen
	c.mu.RUnlock()
	if r != nil {
		return *r
	}
	loaded, err := a.loadServiceRules(a.db)
	if err != nil {
		return DefaultServiceRules() // not cached: the next call tries again
	}
	c.mu.Lock()
	if c.gen == gen {
		c.rules = &loaded
	}
	c.mu.Unlock()
	return loaded
}

// storedRules is the JSON form of ServiceRules: whole numbers with units
// in their names, so the stored text is readable and a rule added later
// takes its default in an older file.
type storedRules struct {
	FirstResponseHours int `json:"first_response_hours"`
	ParcelConfirmHours int `json:"parcel_confirm_hours"`
	ScheduleHours      int `json:"schedule_hours"`
	EscalationHours    int `json:"escalation_hours"`
	ParcelChaseDays    int `json:"parcel_chase_days"`
	ParcelAbandonDays  int `json:"parcel_abandon_days"`
	PartsProgressDays  int `json:"parts_progress_days"`
	PickupRemindDays   int `json:"pickup_remind_days"`
	FactoryChaseDays   int `json:"factory_chase_days"`
	SignatureDays      int `json:"signature_days"`
	MorningStart       int `json:"morning_start"`
	AfternoonStart     int `json:"afternoon_start"`
	RepeatWindowDays   int `json:"repeat_window_days"`
	DiscountLimit      int `json:"discount_limit_percent"`
}

// toStored converts rules to their stored form.
func toStored(r ServiceRules) storedRules {
	v := r.RuleValues()
	return storedRules{
		FirstResponseHours: v[RuleFirstResponseHours], ParcelConfirmHours: v[RuleParcelConfirmHours],
		ScheduleHours: v[RuleScheduleHours], EscalationHours: v[RuleEscalationHours],
		ParcelChaseDays: v[RuleParcelChaseDays], ParcelAbandonDays: v[RuleParcelAbandonDays],
		PartsProgressDays: v[RulePartsProgressDays], PickupRemindDays: v[RulePickupRemindDays],
		FactoryChaseDays: v[RuleFactoryChaseDays], SignatureDays: v[RuleSignatureDays],
		MorningStart: v[RuleMorningStart], AfternoonStart: v[RuleAfternoonStart],
		RepeatWindowDays: v[RuleRepeatWindowDays], DiscountLimit: v[RuleDiscountLimit],
	}
}

// fromStored converts the stored form back.
func fromStored(s storedRules) ServiceRules {
	return ServiceRulesFromValues(map[string]int{
		RuleFirstResponseHours: s.FirstResponseHours, RuleParcelConfirmHours: s.ParcelConfirmHours,
		RuleScheduleHours: s.ScheduleHours, RuleEscalationHours: s.EscalationHours,
		RuleParcelChaseDays: s.ParcelChaseDays, RuleParcelAbandonDays: s.ParcelAbandonDays,
		RulePartsProgressDays: s.PartsProgressDays, RulePickupRemindDays: s.PickupRemindDays,
		RuleFactoryChaseDays: s.FactoryChaseDays, RuleSignatureDays: s.SignatureDays,
		RuleMorningStart: s.MorningStart, RuleAfternoonStart: s.AfternoonStart,
		RuleRepeatWindowDays: s.RepeatWindowDays, RuleDiscountLimit: s.DiscountLimit,
	})
}

// loadServiceRules reads the rules through db (the App's or a transaction).
// A stored value that does not decode or validate gives the defaults.
func (a *App) loadServiceRules(db *gorm.DB) (ServiceRules, error) {
	var s models.Setting
	if err := db.Where("key = ?", keyServiceRules).Limit(1).Find(&s).Error; err != nil {
		return ServiceRules{}, fmt.Errorf("settings: read %s: %w", keyServiceRules, err)
	}
	if s.Value == "" {
		return DefaultServiceRules(), nil
	}
	st := toStored(DefaultServiceRules()) // fields missing from the text keep their defaults
	if json.Unmarshal([]byte(s.Value), &st) != nil {
		return DefaultServiceRules(), nil
	}
	r := fromStored(st)
	if ValidateServiceRules(r) != nil {
		return DefaultServiceRules(), nil
	}
	return r, nil
}

// SaveServiceRules validates and saves the rules in one transaction with
// an audit entry. They apply to tickets created and steps taken from now
// on; stored due times of open tickets move at their next change.
func (a *App) SaveServiceRules(r ServiceRules) error {
	if err := a.require(models.PermCatalogues); err != nil {
		return err
	}
	if err := ValidateServiceRules(r); err != nil {
		return err
	}
	data, err := json.Marshal(toStored(r))
	if err != nil {
		return err
	}
	err = a.db.Transaction(func(tx *gorm.DB) error {
		before, err := a.loadServiceRules(tx)
		if err != nil {
			return err
		}
		if err := setSettings(tx, map[string]string{keyServiceRules: string(data)}); err != nil {
			return err
		}
		bv, av := before.RuleValues(), r.RuleValues()
		b, af := make([]string, len(ruleOrder)), make([]string, len(ruleOrder))
		for i, name := range ruleOrder {
			b[i], af[i] = strconv.Itoa(bv[name]), strconv.Itoa(av[name])
		}
		return a.audit(tx, "settings", keyServiceRules, "update", diffFields(ruleOrder, b, af))
	})
	a.cache().invalidate() // also after a failure: the next read sees what the database holds
	return err
}

// Fee schedule limits.
const (
	feeNameMax  = 100
	feeUnitMax  = 20
	feeKeyMax   = 40 // models.TicketItem.Code is 40 wide
	feePriceMax = models.Money(1_000_000 * 100)
)

// feeKeyPattern is what a schedule key may look like: it is stored on
// ticket lines as their code.
var feeKeyPattern = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)

// feeSchedule returns a copy of the cached fee schedule, reading it on
// the first call after a save.
func (a *App) feeSchedule() []models.FeeItem {
	c := a.cache()
	c.mu.RLock()
	fees, gen := c.fees, c.gen
	c.mu.RUnlock()
	if fees != nil {
		return slices.Clone(fees)
	}
	v, err := a.Setting(keyFeeSchedule)
	if err != nil {
		return assets.FeeSchedule() // not cached: the next call tries again
	}
	fees = decodeFees(v)
	c.mu.Lock()
	if c.gen == gen {
		c.fees = fees
	}
	c.mu.Unlock()
	return slices.Clone(fees)
}

// decodeFees reads a stored schedule; empty or unreadable gives the defaults.
func decodeFees(v string) []models.FeeItem {
	if v != "" {
		var out []models.FeeItem
		if json.Unmarshal([]byte(v), &out) == nil && len(out) > 0 {
			return out
		}
	}
	return assets.FeeSchedule()
}

// FeeField names the field of a fee schedule row in a FieldError, e.g.
// "fee.3.price"; the editor puts the message next to that row.
func FeeField(row int, field string) string { return "fee." + strconv.Itoa(row) + "." + field }

// ValidateFeeSchedule checks a fee schedule as the editor holds it: an
// empty key is allowed (SaveFeeSchedule generates one).
func ValidateFeeSchedule(items []models.FeeItem) error {
	var errs models.ValidationErrors
	if len(items) == 0 {
		errs = append(errs, models.NewFieldError("fees", "err.fee.empty", "Keep at least one item in the fee schedule.", nil))
	}
	seen := map[string]int{}
	for i, it := range items {
		row := map[string]any{"Row": i + 1}
		add := func(field, key, fallback string, data map[string]any) {
			f := FeeField(i, field)
			errs = append(errs, models.NewFieldError(f, key, fallback, data))
		}
		key := strings.TrimSpace(it.Key)
		if key != "" {
			if len(key) > feeKeyMax || !feeKeyPattern.MatchString(key) {
				add("key", "err.fee.key", "Row {{.Row}}: the item code may use letters, digits, _ . - and at most 40 characters.", row)
			} else if first, dup := seen[key]; dup {
				add("key", "err.fee.key_duplicate", "Row {{.Row}} has the same code as row {{.First}}.", map[string]any{"Row": i + 1, "First": first + 1})
			} else {
				seen[key] = i
			}
		}
		switch it.Kind {
		case models.ItemVisit, models.ItemLabour, models.ItemPart, models.ItemOther:
		default:
			add("kind", "err.fee.kind", "Row {{.Row}}: choose call-out fee, labour, part or other.", row)
		}
		for _, n := range []struct{ field, text, key, fallback string }{
			{"name_zh", it.NameZH, "err.fee.name_zh", "Row {{.Row}}: enter the Chinese name (at most 100 characters)."},
			{"name_en", it.NameEN, "err.fee.name_en", "Row {{.Row}}: enter the English name (at most 100 characters)."},
		} {
			if s := strings.TrimSpace(n.text); s == "" || utf8.RuneCountInString(s) > feeNameMax {
				add(n.field, n.key, n.fallback, row)
			}
		}
		if utf8.RuneCountInString(strings.TrimSpace(it.UnitZH)) > feeUnitMax || utf8.RuneCountInString(strings.TrimSpace(it.UnitEN)) > feeUnitMax {
			add("unit", "err.fee.unit_long", "Row {{.Row}}: a unit has at most 20 characters.", row)
		}
		if it.Price < 0 || it.Price > feePriceMax {
			add("price", "err.fee.price_range", "Row {{.Row}}: the price is from 0 to 1,000,000 yuan.", row)
		}
	}
	return errs.OrNil()
}

// newFeeKey makes a stable code for a new schedule row: its kind and a
// short random suffix, e.g. "part_3f9a1c2e".
func newFeeKey(kind models.ItemKind, taken map[string]bool) string {
	prefix := string(kind)
	if prefix == "" || !feeKeyPattern.MatchString(prefix) || len(prefix) > 20 {
		prefix = "item"
	}
	for {
		k := prefix + "_" + strings.ReplaceAll(uuid.NewString(), "-", "")[:8]
		if !taken[k] {
			return k
		}
	}
}

// normalizeFees trims the texts and gives new rows a key.
func normalizeFees(items []models.FeeItem) []models.FeeItem {
	out := make([]models.FeeItem, len(items))
	taken := map[string]bool{}
	for i, it := range items {
		it.Key, it.NameZH, it.NameEN = strings.TrimSpace(it.Key), strings.TrimSpace(it.NameZH), strings.TrimSpace(it.NameEN)
		it.UnitZH, it.UnitEN = strings.TrimSpace(it.UnitZH), strings.TrimSpace(it.UnitEN)
		out[i] = it
		taken[it.Key] = true
	}
	for i := range out {
		if out[i].Key == "" {
			out[i].Key = newFeeKey(out[i].Kind, taken)
			taken[out[i].Key] = true
		}
	}
	return out
}

// SaveFeeSchedule validates and saves the whole fee schedule in one
// transaction with an audit entry. Rows without a key get one. Lines
// already on tickets keep their own copy of name and prices, so editing
// or removing an item never changes an existing ticket.
func (a *App) SaveFeeSchedule(items []models.FeeItem) error {
	if err := a.require(models.PermCatalogues); err != nil {
		return err
	}
	if err := ValidateFeeSchedule(items); err != nil {
		return err
	}
	items = normalizeFees(items)
	data, err := json.Marshal(items)
	if err != nil {
		return err
	}
	return a.writeFees(func(tx *gorm.DB) error {
		return setSettings(tx, map[string]string{keyFeeSchedule: string(data)})
	}, items)
}

// ResetFeeSchedule goes back to the shipped fee schedule (and follows it
// when a later version ships new defaults).
func (a *App) ResetFeeSchedule() error {
	if err := a.require(models.PermCatalogues); err != nil {
		return err
	}
	return a.writeFees(func(tx *gorm.DB) error {
		if err := tx.Where("key = ?", keyFeeSchedule).Delete(&models.Setting{}).Error; err != nil {
			return fmt.Errorf("settings: reset %s: %w", keyFeeSchedule, err)
		}
		return nil
	}, assets.FeeSchedule())
}

// writeFees runs write and audits the change from the stored schedule to
// after in one transaction, then drops the cached copy.
func (a *App) writeFees(write func(tx *gorm.DB) error, after []models.FeeItem) error {
	err := a.db.Transaction(func(tx *gorm.DB) error {
		var s models.Setting
		if err := tx.Where("key = ?", keyFeeSchedule).Limit(1).Find(&s).Error; err != nil {
			return fmt.Errorf("settings: read %s: %w", keyFeeSchedule, err)
		}
		before := decodeFees(s.Value)
		if err := write(tx); err != nil {
			return err
		}
		return a.audit(tx, "settings", keyFeeSchedule, "update", feeDiff(before, after))
	})
	a.cache().invalidate()
	return err
}

// feeDiff lists the schedule items that were added, changed or removed,
// by key, each as "kind · 中文名 / English · unit · price"; moving an item
// is recorded as "order".
func feeDiff(before, after []models.FeeItem) map[string][2]string {
	show := func(f models.FeeItem) string {
		return fmt.Sprintf("%s · %s / %s · %s/%s · %s", f.Kind, f.NameZH, f.NameEN, f.UnitZH, f.UnitEN, f.Price.Yuan())
	}
	out := map[string][2]string{}
	old := map[string]string{}
	var oldKeys, newKeys []string
	for _, f := range before {
		old[f.Key] = show(f)
		oldKeys = append(oldKeys, f.Key)
	}
	for _, f := range after {
		newKeys = append(newKeys, f.Key)
		if s := show(f); old[f.Key] != s {
			out[f.Key] = [2]string{old[f.Key], s}
		}
		delete(old, f.Key)
	}
	for k, s := range old {
		out[k] = [2]string{s, ""}
	}
	if !slices.Equal(oldKeys, newKeys) {
		out["order"] = [2]string{strings.Join(oldKeys, ","), strings.Join(newKeys, ",")}
	}
	return out
}
