package models

import (
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Role is something a staff member does in the shop.
type Role string

// Roles, as the shops name them (DOMAIN.md, "Who uses it").
const (
	RoleCounter         Role = "counter"          // 前台/话务员
	RoleDispatcher      Role = "dispatcher"       // 调度
	RoleTechnician      Role = "technician"       // 维修员
	RoleDelivery        Role = "delivery"         // 送货安装工
	RoleBusinessManager Role = "business_manager" // 业务部经理
	RoleGeneralManager  Role = "general_manager"  // 总经理
	RoleFinance         Role = "finance"          // 财务
)

// AllRoles lists the roles in the order forms show them.
var AllRoles = []Role{RoleCounter, RoleDispatcher, RoleTechnician, RoleDelivery, RoleBusinessManager, RoleGeneralManager, RoleFinance}

// Staff is a member of the shop's staff. Staff are deactivated, never
// deleted: tickets and records point to them.
type Staff struct {
	Base
	Name   string `gorm:"size:50;not null"`
	Phone  string `gorm:"size:32"`
	Roles  string `gorm:"size:200"` // comma-separated Role values, sorted
	Active bool   `gorm:"not null;default:true"`
	Notes  string
	// PINHash is the bcrypt hash of the person's PIN or password; "" means
	// they cannot sign in (no account yet).
	PINHash  string `gorm:"size:100;not null;default:''" json:"-"`
	PINSetAt *time.Time
}

// TableName keeps "staff" singular, as people say it.
func (Staff) TableName() string { return "staff" }

// HasRole reports whether the staff member has a role.
func (s *Staff) HasRole(r Role) bool {
	for _, x := range strings.Split(s.Roles, ",") {
		if Role(x) == r {
			return true
		}
	}
	return false
}

// RoleList returns the roles as a slice.
func (s *Staff) RoleList() []Role {
	var out []Role
	for _, x := range strings.Split(s.Roles, ",") {
		if x != "" {
			out = append(out, Role(x))
		}
	}
	return out
}

// StaffInput is what the staff form holds.
type StaffInput struct {
	Name   string
	Phone  string
	Roles  []Role
	Active bool
	Notes  string
}

// Normalize validates the staff form and fills s.
func (in StaffInput) Normalize(s *Staff) error {
	var errs ValidationErrors
	name := strings.Join(strings.Fields(toHalfWidth(CleanText(in.Name))), " ")
	if name == "" {
		errs = append(errs, NewFieldError("name", "err.staff.name_required", "Enter the staff member's name.", nil))
	} else if utf8.RuneCountInString(name) > 50 {
		errs = append(errs, NewFieldError("name", "err.staff.name_long", "A name has at most 50 characters.", nil))
	}
	phone := ""
	if strings.TrimSpace(in.Phone) != "" {
		p, _, err := NormalizePhone(in.Phone)
		if err != nil {
			fe := err.(*FieldError)
			fe.Field = "phone"
			errs = append(errs, fe)
		}
		phone = p
	}
	valid := map[Role]bool{}
	for _, r := range AllRoles {
		valid[r] = true
	}
	seen := map[Role]bool{}
	var roles []string
	for _, r := range in.Roles {
		if !valid[r] {
			errs = append(errs, NewFieldError("roles", "err.staff.bad_role", "Unknown role {{.Role}}.", map[string]any{"Role": string(r)}))
			continue
		}
		if !seen[r] {
			seen[r] = true
			roles = append(roles, string(r))
		}
	}
	if len(roles) == 0 {
		errs = append(errs, NewFieldError("roles", "err.staff.role_required", "Choose at least one role.", nil))
	}
	if utf8.RuneCountInString(strings.TrimSpace(in.Notes)) > MaxNotesLen {
		errs = append(errs, NewFieldError("notes", "err.customer.notes_long",
			"Notes have at most {{.Max}} characters.", map[string]any{"Max": MaxNotesLen}))
	}
	if len(errs) > 0 {
		return errs
	}
	sort.Strings(roles)
	s.Name, s.Phone, s.Roles, s.Active, s.Notes = name, phone, strings.Join(roles, ","), in.Active, strings.TrimSpace(in.Notes)
	return nil
}
