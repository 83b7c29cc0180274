package screens

import (
	"strings"

	"aftercare/models"
)

// Labels for the staff conduct vocabulary (issue 5): where a record was
// seen, what a rule does, where a month's close stands, and the names of
// rules and records.

// RecordSourceLabel names where a penalty or reward was seen.
func RecordSourceLabel(s models.RecordSource) string {
	switch s {
	case models.RecSpotCheck:
		return T("conduct.source.spot_check", "Spot check")
	case models.RecMeeting:
		return T("conduct.source.morning_meeting", "Morning meeting")
	case models.RecDelivery:
		return T("conduct.source.delivery_record", "Delivery record")
	case models.RecFollowUp:
		return T("conduct.source.follow_up", "Follow-up call")
	case models.RecComplaint:
		return T("conduct.source.complaint", "Complaint")
	}
	return string(s)
}

// ConductKindLabel names what a rule does.
func ConductKindLabel(k models.ConductKind) string {
	switch k {
	case models.ConductPenalty:
		return T("conduct.kind.penalty", "Fine")
	case models.ConductReward:
		return T("conduct.kind.reward", "Reward")
	case models.ConductDismissal:
		return T("conduct.kind.dismissal", "Dismissal")
	}
	return string(k)
}

// MonthStatusLabel names where a month's close stands.
func MonthStatusLabel(s models.MonthStatus) string {
	switch s {
	case models.MonthOpen, "":
		return T("conduct.month_status.open", "Open")
	case models.MonthCompiled:
		return T("conduct.month_status.compiled", "Compiled, waiting for approval")
	case models.MonthReturned:
		return T("conduct.month_status.returned", "Returned for correction")
	case models.MonthApproved:
		return T("conduct.month_status.approved", "Approved and locked")
	case models.MonthExecuted:
		return T("conduct.month_status.executed", "Executed by finance")
	}
	return string(s)
}

// conductRuleKeyPrefix starts the translation key a built-in rule's name
// is stored as (on the rule and on the records made with it).
const conductRuleKeyPrefix = "conduct.rule."

// RuleNameLabel shows the name a record or rule carries: a typed name as
// it is, a built-in rule's name key in the person's language.
func RuleNameLabel(name string) string {
	if !strings.HasPrefix(name, conductRuleKeyPrefix) {
		return name
	}
	fallback, ok := conductRuleNames[name]
	if !ok {
		fallback = strings.ReplaceAll(strings.TrimPrefix(name, conductRuleKeyPrefix), "_", " ")
	}
	return T(name, fallback)
}

// conductRuleNames are the English names of the built-in rules, the
// fallback when a translation table is missing.
var conductRuleNames = map[string]string{
	"conduct.rule.uniform":      "Not in uniform or untidy",
	"conduct.rule.conduct":      "Breach of the language or conduct rules",
	"conduct.rule.gift_refused": "Tip, cigarettes or gifts politely refused (confirmed by the customer)",
	"conduct.rule.installation": "Installation quality problem (and probation)",
	"conduct.rule.damage":       "Damage to floors or walls by bad installation (amount per case)",
	"conduct.rule.money_gifts":  "Asking for or accepting money or gifts (dismissal)",
}

// ConductRuleLabel names a catalogue rule.
func ConductRuleLabel(r models.ConductRule) string {
	if r.Name != "" {
		return r.Name
	}
	return RuleNameLabel(r.NameKey)
}

// conductYuan shows an amount without a sign and without ".00":
// "¥20", "¥12.50", "¥1,200".
func conductYuan(m models.Money) string {
	if m < 0 {
		m = -m
	}
	return "¥" + strings.TrimSuffix(m.Yuan(), ".00")
}

// conductSigned shows a record's amount with its sign: "−¥20" for a
// fine, "+¥20" for a reward, "¥0" for nothing.
func conductSigned(m models.Money) string {
	switch {
	case m < 0:
		return "−" + conductYuan(m)
	case m > 0:
		return "+" + conductYuan(m)
	}
	return conductYuan(0)
}

// ConductRuleAmount says what a rule is worth: "−¥20 per time",
// "+¥20 per time", "amount per case" or "dismissal".
func ConductRuleAmount(r models.ConductRule) string {
	switch {
	case r.Kind == models.ConductDismissal:
		return T("conduct.amount.dismissal", "dismissal, no amount")
	case r.PerCase:
		return T("conduct.amount.per_case", "amount per case")
	case r.Kind == models.ConductReward:
		return T("conduct.amount.reward", "+{{.Amount}} per time", map[string]any{"Amount": conductYuan(r.Amount)})
	}
	return T("conduct.amount.penalty", "−{{.Amount}} per time", map[string]any{"Amount": conductYuan(r.Amount)})
}

// conductRuleOption is a rule as the record form offers it: its name and
// what it is worth, and "probation" when it carries it (unless its name
// says so already).
func conductRuleOption(r models.ConductRule) string {
	name, worth := ConductRuleLabel(r), ConductRuleAmount(r)
	if p := T("conduct.probation", "probation"); r.Probation && !strings.Contains(name, p) {
		worth += T("list.sep", ", ") + p
	}
	return T("conduct.rule_option", "{{.Name}}  ({{.Worth}})", map[string]any{"Name": name, "Worth": worth})
}
