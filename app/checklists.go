package app

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"aftercare/models"
)

// Installation checklist templates (models/delivery.go). Every save adds a
// version; tickets copy the lines of the version they start with, so an
// edit never changes a ticket already open or a slip already printed.

// seedChecklists creates the built-in furniture and appliance templates
// when they do not exist yet (a migration step, idempotent).
func (a *App) seedChecklists(tx *gorm.DB) error {
	for _, fam := range []string{models.ChecklistFurniture, models.ChecklistAppliance} {
		var n int64
		if err := tx.Model(&models.ChecklistTemplate{}).Where("family = ?", fam).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		t := models.ChecklistTemplate{Family: fam, NameKey: "checklist.name." + fam, Version: 1, Current: true, Items: models.DefaultChecklist(fam)}
		t.ID = uuid.NewString()
		if err := tx.Create(&t).Error; err != nil {
			return fmt.Errorf("checklists: seed %s: %w", fam, err)
		}
	}
	return nil
}

// ChecklistTemplates returns the current version of every template, the
// built-in ones first; archived templates only when asked.
func (a *App) ChecklistTemplates(includeArchived bool) ([]models.ChecklistTemplate, error) {
	var out []models.ChecklistTemplate
	q := a.db.Where("current = ?", true)
	if !includeArchived {
		q = q.Where("archived_at IS NULL")
	}
	err := q.Order("CASE family WHEN 'furniture' THEN 0 WHEN 'appliance' THEN 1 ELSE 2 END, created_at, id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("checklists: list: %w", err)
	}
	return out, nil
}

// ChecklistVersions returns every version of a template, newest first.
func (a *App) ChecklistVersions(family string) ([]models.ChecklistTemplate, error) {
	var out []models.ChecklistTemplate
	if err := a.db.Where("family = ?", family).Order("version DESC").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("checklists: versions: %w", err)
	}
	return out, nil
}

// currentChecklist loads the current version of a family in tx.
func currentChecklist(tx *gorm.DB, family string) (*models.ChecklistTemplate, error) {
	var t models.ChecklistTemplate
	if err := tx.Where("family = ? AND current = ?", family, true).Limit(1).Find(&t).Error; err != nil {
		return nil, fmt.Errorf("checklists: load %s: %w", family, err)
	}
	if t.ID == "" {
		return nil, fmt.Errorf("checklists: %s: %w", family, ErrNotFound)
	}
	return &t, nil
}

// ChecklistInput is the template editor's form. Family "" creates a new
// template. Name "" keeps a built-in template's translated name. Lines
// keep their Key only while their Text is empty (unchanged built-in text).
type ChecklistInput struct {
	Family string
	Name   string
	Items  []models.ChecklistItem
}

// SaveChecklist validates the form and saves it as the template's next
// version (the first, for a new template). Saving unchanged lines and name
// adds no version. One transaction, with its audit entry.
func (a *App) SaveChecklist(in ChecklistInput) (*models.ChecklistTemplate, error) {
	if err := a.require(models.PermCatalogues); err != nil {
		return nil, err
	}
	items := make([]models.ChecklistItem, 0, len(in.Items))
	for _, it := range in.Items {
		it.Text = strings.TrimSpace(it.Text)
		if it.Text != "" {
			it.Key = ""
		}
		items = append(items, it)
	}
	name := strings.TrimSpace(in.Name)
	var saved models.ChecklistTemplate
	err := a.db.Transaction(func(tx *gorm.DB) error {
		var prev *models.ChecklistTemplate
		if in.Family != "" {
			p, err := currentChecklist(tx, in.Family)
			if err != nil {
				return err
			}
			prev = p
		}
		nameKey := ""
		if prev != nil && name == "" {
			nameKey = prev.NameKey
		}
		if err := models.CheckTemplate(name, nameKey, items); err != nil {
			return err
		}
		if prev != nil && prev.Name == name && prev.NameKey == nameKey && sameItems(prev.Items, items) {
			saved = *prev
			return nil
		}
		saved = models.ChecklistTemplate{Family: in.Family, Name: name, NameKey: nameKey, Version: 1, Current: true, Items: items}
		saved.ID = uuid.NewString()
		if prev != nil {
			saved.Version = prev.Version + 1
			saved.ArchivedAt = prev.ArchivedAt
			if err := tx.Model(&models.ChecklistTemplate{}).Where("family = ?", in.Family).Update("current", false).Error; err != nil {
				return fmt.Errorf("checklists: save: %w", err)
			}
		} else {
			saved.Family = uuid.NewString()
		}
		if err := tx.Create(&saved).Error; err != nil {
			return fmt.Errorf("checklists: save: %w", err)
		}
		before := ""
		if prev != nil {
			before = checklistAuditText(prev)
		}
		action := "create"
		if prev != nil {
			action = "update"
		}
		return a.audit(tx, "checklist", saved.Family, action, map[string][2]string{
			"version": {fmt.Sprint(saved.Version - 1), fmt.Sprint(saved.Version)},
			"lines":   {before, checklistAuditText(&saved)},
		})
	})
	if err != nil {
		return nil, err
	}
	return &saved, nil
}

// ResetChecklist saves a built-in template's default lines and name as
// its next version.
func (a *App) ResetChecklist(family string) (*models.ChecklistTemplate, error) {
	if err := a.require(models.PermCatalogues); err != nil {
		return nil, err
	}
	def := models.DefaultChecklist(family)
	if def == nil {
		return nil, models.NewFieldError("family", "err.checklist.not_builtin", "Only the built-in checklists have defaults to go back to.", nil)
	}
	var saved models.ChecklistTemplate
	err := a.db.Transaction(func(tx *gorm.DB) error {
		prev, err := currentChecklist(tx, family)
		if err != nil {
			return err
		}
		if prev.Name == "" && sameItems(prev.Items, def) {
			saved = *prev
			return nil
		}
		if err := tx.Model(&models.ChecklistTemplate{}).Where("family = ?", family).Update("current", false).Error; err != nil {
			return err
		}
		saved = models.ChecklistTemplate{Family: family, NameKey: "checklist.name." + family, Version: prev.Version + 1, Current: true, Items: def}
		saved.ID = uuid.NewString()
		saved.ArchivedAt = prev.ArchivedAt
		if err := tx.Create(&saved).Error; err != nil {
			return fmt.Errorf("checklists: reset: %w", err)
		}
		return a.audit(tx, "checklist", family, "reset", map[string][2]string{
			"version": {fmt.Sprint(prev.Version), fmt.Sprint(saved.Version)},
			"lines":   {checklistAuditText(prev), checklistAuditText(&saved)},
		})
	})
	if err != nil {
		return nil, err
	}
	return &saved, nil
}

// ArchiveChecklist hides a template from new deliveries (its versions stay
// for the tickets that use them); restore brings it back. The last active
// template cannot be archived: a delivery always has a checklist.
func (a *App) ArchiveChecklist(family string, archive bool) error {
	if err := a.require(models.PermCatalogues); err != nil {
		return err
	}
	return a.db.Transaction(func(tx *gorm.DB) error {
		cur, err := currentChecklist(tx, family)
		if err != nil {
			return err
		}
		if (cur.ArchivedAt != nil) == archive {
			return nil
		}
		if archive {
			var active int64
			if err := tx.Model(&models.ChecklistTemplate{}).Where("current = ? AND archived_at IS NULL", true).Count(&active).Error; err != nil {
				return err
			}
			if active <= 1 {
				return models.NewFieldError("family", "err.checklist.last", "This is the only checklist left: deliveries need one. Add another before archiving it.", nil)
			}
		}
		var at any
		action := "restore"
		if archive {
			now := a.clock().UTC()
			at, action = &now, "archive"
		}
		if err := tx.Model(&models.ChecklistTemplate{}).Where("family = ?", family).Update("archived_at", at).Error; err != nil {
			return fmt.Errorf("checklists: %s: %w", action, err)
		}
		return a.audit(tx, "checklist", family, action, nil)
	})
}

func sameItems(a, b []models.ChecklistItem) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func checklistAuditText(t *models.ChecklistTemplate) string {
	b, _ := json.Marshal(t.Items)
	return string(b)
}

// copyChecklist gives a new delivery ticket the lines of a template's
// current version, inside the caller's transaction. id "" takes the
// family that suits the first item's product type.
func (a *App) copyChecklist(tx *gorm.DB, tk *models.Ticket, id string) error {
	var tpl models.ChecklistTemplate
	if err := tx.Where("id = ?", id).Limit(1).Find(&tpl).Error; err != nil {
		return fmt.Errorf("checklists: load: %w", err)
	}
	if tpl.ID == "" {
		return models.NewFieldError("checklist", "err.delivery.checklist_required", "Choose the installation checklist.", nil)
	}
	if !tpl.Current {
		// The form was opened before a manager saved a new version: use it.
		cur, err := currentChecklist(tx, tpl.Family)
		if err != nil {
			return err
		}
		tpl = *cur
	}
	tk.ChecklistTemplateID, tk.ChecklistVersion = &tpl.ID, tpl.Version
	tk.ChecklistName = tpl.Name
	if tpl.Name == "" {
		tk.ChecklistName = tpl.NameKey
	}
	for i, it := range tpl.Items {
		c := models.TicketCheck{TicketID: tk.ID, Position: i + 1, Key: it.Key, Text: it.Text, Required: it.Required}
		if err := tx.Create(&c).Error; err != nil {
			return fmt.Errorf("checklists: copy: %w", err)
		}
	}
	return nil
}
