package app

import (
	"fmt"

	"gorm.io/gorm"

	"aftercare/models"
)

// StaffList returns the staff, active first, by name; inactive ones only
// when asked.
func (a *App) StaffList(includeInactive bool) ([]models.Staff, error) {
	var out []models.Staff
	tx := a.db.Order("active DESC, name")
	if !includeInactive {
		tx = tx.Where("active = ?", true)
	}
	if err := tx.Find(&out).Error; err != nil {
		return nil, fmt.Errorf("staff: list: %w", err)
	}
	return out, nil
}

// StaffWithRole returns the active staff who have a role, by name.
func (a *App) StaffWithRole(r models.Role) ([]models.Staff, error) {
	all, err := a.StaffList(false)
	if err != nil {
		return nil, err
	}
	var out []models.Staff
	for _, s := range all {
		if s.HasRole(r) {
			out = append(out, s)
		}
	}
	return out, nil
}

// StaffMember loads one staff member.
func (a *App) StaffMember(id string) (*models.Staff, error) {
	var s models.Staff
	if err := a.db.Where("id = ?", id).Limit(1).Find(&s).Error; err != nil {
		return nil, fmt.Errorf("staff: load %s: %w", id, err)
	}
	if s.ID == "" {
		return nil, fmt.Errorf("staff: load %s: %w", id, ErrNotFound)
	}
	return &s, nil
}

// CreateStaff validates and saves a new staff member.
func (a *App) CreateStaff(in models.StaffInput) (*models.Staff, error) {
	if err := a.require(models.PermAccounts); err != nil {
		return nil, err
	}
	var s models.Staff
	if err := in.Normalize(&s); err != nil {
		return nil, err
	}
	err := a.db.Transaction(func(tx *gorm.DB) error {
		if err := a.checkStaffName(tx, s.Name, ""); err != nil {
			return err
		}
		if err := tx.Create(&s).Error; err != nil {
			return fmt.Errorf("staff: create: %w", err)
		}
		// Active has a database default of true, and GORM leaves a false
		// value out of the INSERT (and reads the default back): save an
		// inactive person's flag explicitly.
		if !in.Active {
			s.Active = false
			if err := tx.Model(&s).Update("active", false).Error; err != nil {
				return err
			}
		}
		return a.audit(tx, "staff", s.ID, "create", staffFields(&models.Staff{}, &s))
	})
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// UpdateStaff validates and saves changes; deactivating keeps the record
// for the tickets that name them.
func (a *App) UpdateStaff(id string, in models.StaffInput) (*models.Staff, error) {
	if err := a.require(models.PermAccounts); err != nil {
		return nil, err
	}
	old, err := a.StaffMember(id)
	if err != nil {
		return nil, err
	}
	s := *old
	if err := in.Normalize(&s); err != nil {
		return nil, err
	}
	err = a.db.Transaction(func(tx *gorm.DB) error {
		if err := a.checkStaffName(tx, s.Name, id); err != nil {
			return err
		}
		if err := tx.Model(&models.Staff{}).Where("id = ?", id).Updates(map[string]any{
			"name": s.Name, "phone": s.Phone, "roles": s.Roles, "active": s.Active, "notes": s.Notes, "updated_at": a.clock().UTC(),
		}).Error; err != nil {
			return fmt.Errorf("staff: update %s: %w", id, err)
		}
		return a.audit(tx, "staff", id, "update", staffFields(old, &s))
	})
	if err != nil {
		return nil, err
	}
	return a.StaffMember(id)
}

// checkStaffName refuses a second active staff member with the same name:
// dispatch lists show names, and two 张伟 there would be a trap.
func (a *App) checkStaffName(tx *gorm.DB, name, except string) error {
	var n int64
	if err := tx.Model(&models.Staff{}).Where("name = ? AND id <> ? AND active = ?", name, except, true).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return models.NewFieldError("name", "err.staff.name_taken", "Another active staff member is called {{.Name}}; add a distinguishing mark, e.g. 张伟(大).", map[string]any{"Name": name})
	}
	return nil
}

func staffFields(before, after *models.Staff) map[string][2]string {
	b := func(s *models.Staff) string {
		if s.ID == "" && s.Name == "" {
			return ""
		}
		if s.Active {
			return "yes"
		}
		return "no"
	}
	return diffFields([]string{"name", "phone", "roles", "active", "notes"},
		[]string{before.Name, before.Phone, before.Roles, b(before), before.Notes},
		[]string{after.Name, after.Phone, after.Roles, b(after), after.Notes})
}

// staffNames maps ids to names for display.
func (a *App) staffNames(ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []models.Staff
	if err := a.db.Select("id, name").Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.ID] = r.Name
	}
	return out, nil
}
