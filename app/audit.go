package app

import (
	"context"
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
	// Record names the changed record for a person reading the audit log
	// (a customer's name, a ticket number); AuditLog fills it where one
	// lookup per page finds it. RecordKey is set instead of (or with, as
	// the English fallback) Record when the name is a built-in one to be
	// translated, such as a seeded conduct rule.
	Record, RecordKey string
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

// AuditFilter narrows the audit log viewer: by who acted (Actor, exactly
// as the log names them), when (From inclusive, To exclusive; zero means
// open) and what kind of record (Entity, e.g. "customer"). Offset and
// Limit page through the newest-first list.
type AuditFilter struct {
	Actor    string
	From, To time.Time
	Entity   string
	Offset   int
	Limit    int
}

// MaxAuditPage is the most entries one AuditLog call returns.
const MaxAuditPage = 500

// AuditLog lists audit entries newest first for the managers' viewer
// (PermAudit), with the changed records named where cheap.
func (a *App) AuditLog(ctx context.Context, f AuditFilter) ([]HistoryEntry, error) {
	if err := a.require(models.PermAudit); err != nil {
		return nil, err
	}
	if f.Limit <= 0 || f.Limit > MaxAuditPage {
		f.Limit = MaxAuditPage
	}
	q := a.db.WithContext(ctx).Model(&models.AuditEntry{})
	if f.Actor != "" {
		q = q.Where("actor = ?", f.Actor)
	}
	if f.Entity != "" {
		q = q.Where("entity_type = ?", f.Entity)
	}
	// Times are stored in UTC; compare in UTC so the stored text compares.
	if !f.From.IsZero() {
		q = q.Where("at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("at < ?", f.To.UTC())
	}
	var rows []models.AuditEntry
	if err := q.Order("at DESC, id DESC").Offset(max(f.Offset, 0)).Limit(f.Limit).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	out := decodeHistory(rows)
	if err := a.nameAuditRecords(ctx, out); err != nil {
		return nil, err
	}
	return out, nil
}

// AuditActors lists everyone the audit log names, for the viewer's
// person filter (PermAudit).
func (a *App) AuditActors() ([]string, error) {
	if err := a.require(models.PermAudit); err != nil {
		return nil, err
	}
	var out []string
	if err := a.db.Model(&models.AuditEntry{}).Distinct("actor").Where("actor <> ''").Order("actor").Pluck("actor", &out).Error; err != nil {
		return nil, fmt.Errorf("audit log: actors: %w", err)
	}
	return out, nil
}

// AuditEntityTypes lists the kinds of record the audit log holds, for the
// viewer's record type filter (PermAudit).
func (a *App) AuditEntityTypes() ([]string, error) {
	if err := a.require(models.PermAudit); err != nil {
		return nil, err
	}
	var out []string
	if err := a.db.Model(&models.AuditEntry{}).Distinct("entity_type").Order("entity_type").Pluck("entity_type", &out).Error; err != nil {
		return nil, fmt.Errorf("audit log: record types: %w", err)
	}
	return out, nil
}

// nameAuditRecords fills Record/RecordKey with one query per kind of
// record on the page. Records without a cheap name keep their id.
func (a *App) nameAuditRecords(ctx context.Context, entries []HistoryEntry) error {
	ids := map[string][]string{}
	for _, e := range entries {
		if e.EntityID != "" {
			ids[e.EntityType] = append(ids[e.EntityType], e.EntityID)
		}
	}
	type name struct{ text, key string }
	names := map[string]map[string]name{} // entity type → id → name
	db := a.db.WithContext(ctx)
	load := func(entity string, query *gorm.DB, pick func(id, text, key string) name) error {
		var rows []struct{ ID, Text, Key string }
		if err := query.Scan(&rows).Error; err != nil {
			return fmt.Errorf("audit log: name %s records: %w", entity, err)
		}
		m := map[string]name{}
		for _, r := range rows {
			m[r.ID] = pick(r.ID, r.Text, r.Key)
		}
		names[entity] = m
		return nil
	}
	plain := func(_, text, key string) name { return name{text: text, key: key} }
	for entity, list := range ids {
		var err error
		switch entity {
		case "customer":
			err = load(entity, db.Table("customers").Select("id, name AS text").Where("id IN ?", list), plain)
		case "staff":
			err = load(entity, db.Table("staff").Select("id, name AS text").Where("id IN ?", list), plain)
		case "ticket":
			err = load(entity, db.Table("tickets").Select("id, number AS text").Where("id IN ?", list), plain)
		case "purchase":
			err = load(entity, db.Table("purchases").
				Select("purchases.id AS id, customers.name || ' · ' || purchases.product AS text").
				Joins("JOIN customers ON customers.id = purchases.customer_id").Where("purchases.id IN ?", list), plain)
		case "conduct_rule":
			err = load(entity, db.Table("conduct_rules").Select("id, name AS text, name_key AS key").Where("id IN ?", list), plain)
		case "conduct_record":
			err = load(entity, db.Table("conduct_records").
				Select("conduct_records.id AS id, staff.name || ' · ' || conduct_records.month AS text").
				Joins("JOIN staff ON staff.id = conduct_records.staff_id").Where("conduct_records.id IN ?", list), plain)
		case "checklist":
			err = load(entity, db.Table("checklist_templates").Select("family AS id, name AS text, name_key AS key").
				Where("family IN ? AND current = ?", list, true), plain)
		}
		if err != nil {
			return err
		}
	}
	for i := range entries {
		e := &entries[i]
		switch e.EntityType {
		case "month", "settings", "demo":
			e.Record = e.EntityID // a month, a setting's key: the screen words it
		case "ticket_check", "ticket_item", "payment":
			// The ticket number travels with the change.
			e.Record = firstNonEmpty(e.Fields["ticket"][1], e.Fields["ticket"][0])
		default:
			if n, ok := names[e.EntityType][e.EntityID]; ok {
				e.Record, e.RecordKey = n.text, n.key
			}
		}
	}
	return nil
}
