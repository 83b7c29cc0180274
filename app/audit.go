package app

import (
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"aftercare/models"
)

// audit writes one audit entry inside the caller's transaction, so the
// record and its history are saved together or not at all.
func (a *App) audit(tx *gorm.DB, entity, id, action string, changes map[string][2]string) error {
	if action == "update" && len(changes) == 0 {
		return nil
	}
	e := models.AuditEntry{At: a.auditTime(), Actor: a.actorName(), EntityType: entity, EntityID: id, Action: action, Changes: auditJSON(changes)}
	if err := tx.Create(&e).Error; err != nil {
		return fmt.Errorf("audit %s %s: %w", entity, id, err)
	}
	return nil
}

func auditJSON(changes map[string][2]string) string {
	data, _ := json.Marshal(changes) // a map of strings always marshals
	return string(data)
}

// diffFields pairs names with before/after values, keeping only changes.
func diffFields(names, before, after []string) map[string][2]string {
	out := map[string][2]string{}
	for i, n := range names {
		if before[i] != after[i] {
			out[n] = [2]string{before[i], after[i]}
		}
	}
	return out
}

// HistoryEntry is an audit entry with its changes decoded.
type HistoryEntry struct {
	models.AuditEntry
	Fields map[string][2]string
}

// History returns the changes to one record, newest first.
func (a *App) History(entity, id string) ([]HistoryEntry, error) {
	var rows []models.AuditEntry
	if err := a.db.Where("entity_type = ? AND entity_id = ?", entity, id).Order("at DESC").Limit(500).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("history %s %s: %w", entity, id, err)
	}
	return decodeHistory(rows), nil
}

func decodeHistory(rows []models.AuditEntry) []HistoryEntry {
	out := make([]HistoryEntry, len(rows))
	for i, r := range rows {
		out[i] = HistoryEntry{AuditEntry: r}
		_ = json.Unmarshal([]byte(r.Changes), &out[i].Fields)
	}
	return out
}

// auditTime is the clock's time, moved on by a microsecond when it does not
// advance past the previous entry's.
func (a *App) auditTime() time.Time {
	a.auditMu.Lock()
	defer a.auditMu.Unlock()
	t := a.clock().UTC()
	if !t.After(a.lastAudit) {
		t = a.lastAudit.Add(time.Microsecond)
	}
	a.lastAudit = t
	return t
}
