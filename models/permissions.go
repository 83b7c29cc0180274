package models

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Permission is something a person may do; roles grant permissions
// (issue 5, "Sign-in and roles"). app checks them on every guarded action.
type Permission string

// Permissions.
const (
	PermCustomers    Permission = "customers"     // create and update customers and purchases
	PermTickets      Permission = "tickets"       // open tickets, record calls, notes, charges, payments, work steps
	PermDispatch     Permission = "dispatch"      // assign technicians and crews, book and move visits
	PermCatalogues   Permission = "catalogues"    // fee schedule, checklists, service rules, conduct rules, shop details
	PermConduct      Permission = "conduct"       // record penalties and rewards
	PermMonthCompile Permission = "month_compile" // compile the month
	PermMonthApprove Permission = "month_approve" // approve or return a month
	PermQuoteApprove Permission = "quote_approve" // approve a quote below the fee schedule
	PermMonthExecute Permission = "month_execute" // mark an approved month executed
	PermRefund       Permission = "refund"        // record refunds
	PermAccounts     Permission = "accounts"      // create staff accounts, reset PINs
	PermAudit        Permission = "audit"         // read the audit log
	PermBackup       Permission = "backup"        // back up and restore the database
	PermReports      Permission = "reports"       // read the month's figures, the dashboard and the monthly report
)

// AllPermissions lists the permissions in the order the role table shows them.
var AllPermissions = []Permission{PermCustomers, PermTickets, PermDispatch, PermCatalogues, PermConduct,
	PermMonthCompile, PermMonthApprove, PermQuoteApprove, PermMonthExecute, PermRefund, PermAccounts, PermAudit, PermBackup, PermReports}

// RolePermissions is who may do what. Counter staff create and update
// customers and tickets; dispatchers also assign and schedule; business
// managers also edit catalogues, record penalties and rewards and compile
// the month; the general manager approves months and quotes below the fee
// schedule and manages accounts; finance executes approved months and
// records refunds. Technicians and delivery crews update the tickets they
// work on (steps, ticks, notes).
var RolePermissions = map[Role][]Permission{
	RoleCounter:         {PermCustomers, PermTickets},
	RoleTechnician:      {PermTickets},
	RoleDelivery:        {PermTickets},
	RoleDispatcher:      {PermCustomers, PermTickets, PermDispatch},
	RoleBusinessManager: {PermCustomers, PermTickets, PermDispatch, PermCatalogues, PermConduct, PermMonthCompile, PermAudit, PermBackup, PermReports},
	RoleGeneralManager: {PermCustomers, PermTickets, PermDispatch, PermCatalogues, PermConduct, PermMonthCompile,
		PermMonthApprove, PermQuoteApprove, PermAccounts, PermAudit, PermBackup, PermReports},
	RoleFinance: {PermMonthExecute, PermRefund, PermAudit, PermReports},
}

// Grants reports whether any of roles grants p.
func Grants(roles []Role, p Permission) bool {
	for _, r := range roles {
		for _, x := range RolePermissions[r] {
			if x == p {
				return true
			}
		}
	}
	return false
}

// RolesFor lists the roles that grant p, in form order: what a refusal
// message names.
func RolesFor(p Permission) []Role {
	var out []Role
	for _, r := range AllRoles {
		if Grants([]Role{r}, p) {
			out = append(out, r)
		}
	}
	return out
}

// StepPermission is the permission a workflow action needs: dispatching
// steps need PermDispatch, approving a quote PermQuoteApprove, a return's
// refund PermRefund, everything else PermTickets.
func StepPermission(a Action) Permission {
	switch a {
	case ActAssign, ActReassign, ActSchedule, ActReschedule, ActAssignCrew:
		return PermDispatch
	case ActApprove:
		return PermQuoteApprove
	case ActRefund:
		return PermRefund // finance pays the money back (returns.go)
	}
	return PermTickets
}

// PIN and password rules.
const (
	MinPIN      = 4
	MaxPIN      = 8
	MinPassword = 8
	MaxPassword = 64
)

// CheckSecret validates a new PIN (4–8 digits) or password (8–64
// characters with a letter and a digit). Full-width digits count as digits.
func CheckSecret(s string) (string, error) {
	s = toHalfWidth(strings.TrimSpace(s))
	n := utf8.RuneCountInString(s)
	if isDigits(s) {
		if n < MinPIN || n > MaxPIN {
			return "", NewFieldError("pin", "err.account.pin_length", "A PIN has 4 to 8 digits.", nil)
		}
		if allSame(s) || isRun(s) {
			return "", NewFieldError("pin", "err.account.pin_simple", "Choose a PIN that is not all one digit or a simple run like 1234.", nil)
		}
		return s, nil
	}
	if n < MinPassword || n > MaxPassword {
		return "", NewFieldError("pin", "err.account.password_length", "Use a PIN of 4 to 8 digits, or a password of 8 to 64 characters.", nil)
	}
	letter, digit := false, false
	for _, r := range s {
		letter = letter || unicode.IsLetter(r)
		digit = digit || unicode.IsDigit(r)
	}
	if !letter || !digit {
		return "", NewFieldError("pin", "err.account.password_mix", "A password needs at least one letter and one digit.", nil)
	}
	return s, nil
}

func allSame(s string) bool {
	for i := 1; i < len(s); i++ {
		if s[i] != s[0] {
			return false
		}
	}
	return true
}

// isRun: 1234, 4321, 23456…
func isRun(s string) bool {
	up, down := true, true
	for i := 1; i < len(s); i++ {
		up = up && s[i] == s[i-1]+1
		down = down && s[i] == s[i-1]-1
	}
	return up || down
}
