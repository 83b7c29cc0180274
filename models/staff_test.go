package models_test

import (
	"sort"
	"strings"
	"testing"

	"aftercare/models"
)

func TestStaffNormalize(t *testing.T) {
	cases := []struct {
		name  string
		in    models.StaffInput
		want  models.Staff
		roles []models.Role
	}{
		{"plain", models.StaffInput{Name: "王师傅", Phone: "138 0013 8000", Roles: []models.Role{models.RoleTechnician}, Active: true, Notes: " 冰箱 "},
			models.Staff{Name: "王师傅", Phone: "13800138000", Roles: "technician", Active: true, Notes: "冰箱"}, []models.Role{models.RoleTechnician}},
		{"spaces collapsed, full-width too", models.StaffInput{Name: "　李　 娜 ", Roles: []models.Role{models.RoleCounter}},
			models.Staff{Name: "李 娜", Roles: "counter"}, []models.Role{models.RoleCounter}},
		{"no phone is fine", models.StaffInput{Name: "Zhang", Phone: "  ", Roles: []models.Role{models.RoleFinance}},
			models.Staff{Name: "Zhang", Roles: "finance"}, []models.Role{models.RoleFinance}},
		{"landline", models.StaffInput{Name: "Zhang", Phone: "010-8888 6666", Roles: []models.Role{models.RoleDispatcher}},
			models.Staff{Name: "Zhang", Phone: "01088886666", Roles: "dispatcher"}, []models.Role{models.RoleDispatcher}},
		{"duplicates removed, sorted", models.StaffInput{Name: "A", Roles: []models.Role{models.RoleTechnician, models.RoleCounter, models.RoleTechnician, models.RoleDelivery}},
			models.Staff{Name: "A", Roles: "counter,delivery,technician"}, []models.Role{models.RoleCounter, models.RoleDelivery, models.RoleTechnician}},
		{"name of 50 characters", models.StaffInput{Name: strings.Repeat("张", 50), Roles: []models.Role{models.RoleCounter}},
			models.Staff{Name: strings.Repeat("张", 50), Roles: "counter"}, []models.Role{models.RoleCounter}},
	}
	for _, c := range cases {
		s := models.Staff{Roles: "old", Name: "old"}
		if err := c.in.Normalize(&s); err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if s.Name != c.want.Name || s.Phone != c.want.Phone || s.Roles != c.want.Roles || s.Active != c.want.Active || s.Notes != c.want.Notes {
			t.Errorf("%s: got %+v, want %+v", c.name, s, c.want)
		}
		got := s.RoleList()
		if len(got) != len(c.roles) {
			t.Errorf("%s: RoleList = %v, want %v", c.name, got, c.roles)
			continue
		}
		for i := range got {
			if got[i] != c.roles[i] || !s.HasRole(c.roles[i]) {
				t.Errorf("%s: RoleList = %v, want %v", c.name, got, c.roles)
			}
		}
	}

	// Every role at once, in reverse: all kept, sorted.
	rev := append([]models.Role{}, models.AllRoles...)
	sort.Slice(rev, func(i, j int) bool { return rev[i] > rev[j] })
	var s models.Staff
	if err := (models.StaffInput{Name: "Boss", Roles: rev}).Normalize(&s); err != nil {
		t.Fatal(err)
	}
	if want := "business_manager,counter,delivery,dispatcher,finance,general_manager,technician"; s.Roles != want {
		t.Errorf("all roles: %q, want %q", s.Roles, want)
	}
}

func TestStaffNormalizeErrors(t *testing.T) {
	tech := []models.Role{models.RoleTechnician}
	cases := []struct {
		name string
		in   models.StaffInput
		want string // sorted field/key pairs; a "*" key matches any
	}{
		{"no name", models.StaffInput{Roles: tech}, "name/err.staff.name_required"},
		{"blank name", models.StaffInput{Name: " 　 ", Roles: tech}, "name/err.staff.name_required"},
		{"long name", models.StaffInput{Name: strings.Repeat("张", 51), Roles: tech}, "name/err.staff.name_long"},
		{"bad phone", models.StaffInput{Name: "A", Phone: "12345", Roles: tech}, "phone/*"},
		{"letters in phone", models.StaffInput{Name: "A", Phone: "138abc", Roles: tech}, "phone/err.phone.bad_chars"},
		{"no role", models.StaffInput{Name: "A"}, "roles/err.staff.role_required"},
		{"unknown role only", models.StaffInput{Name: "A", Roles: []models.Role{"boss"}}, "roles/err.staff.bad_role roles/err.staff.role_required"},
		{"unknown among known", models.StaffInput{Name: "A", Roles: []models.Role{"boss", models.RoleCounter}}, "roles/err.staff.bad_role"},
		{"empty role", models.StaffInput{Name: "A", Roles: []models.Role{""}}, "roles/err.staff.bad_role roles/err.staff.role_required"},
		{"everything wrong", models.StaffInput{Phone: "x"}, "name/err.staff.name_required phone/err.phone.bad_chars roles/err.staff.role_required"},
	}
	for _, c := range cases {
		s := models.Staff{Name: "keep", Roles: "counter"}
		err := c.in.Normalize(&s)
		got := stKeys(err)
		if strings.HasSuffix(c.want, "/*") {
			if !strings.HasPrefix(got, strings.TrimSuffix(c.want, "*")+"err.phone.") || strings.Contains(got, " ") {
				t.Errorf("%s: %q, want %s", c.name, got, c.want)
			}
		} else if got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
		if s.Name != "keep" || s.Roles != "counter" {
			t.Errorf("%s: the record changed on error: %+v", c.name, s)
		}
	}
	if fe := models.AsFieldErrors((models.StaffInput{Name: "A", Roles: []models.Role{"boss"}}).Normalize(&models.Staff{})).ForField("roles"); fe == nil || !strings.Contains(fe.Error(), "boss") {
		t.Errorf("bad role message %v does not name the role", fe)
	}
}

func TestStaffRoles(t *testing.T) {
	s := models.Staff{Roles: "counter,technician"}
	for r, want := range map[models.Role]bool{models.RoleCounter: true, models.RoleTechnician: true, models.RoleDispatcher: false, "tech": false, "counter,technician": false} {
		if got := s.HasRole(r); got != want {
			t.Errorf("HasRole(%q) = %v, want %v", r, got, want)
		}
	}
	empty := models.Staff{}
	if empty.HasRole(models.RoleCounter) || len(empty.RoleList()) != 0 {
		t.Errorf("no roles: HasRole %v, RoleList %v", empty.HasRole(models.RoleCounter), empty.RoleList())
	}
	if len(models.AllRoles) != 7 {
		t.Errorf("AllRoles has %d roles, the issue names 7", len(models.AllRoles))
	}
	if got := (models.Staff{}).TableName(); got != "staff" {
		t.Errorf("TableName = %q", got)
	}
}
