package models

import (
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// Base is embedded in every entity: a UUID primary key, timestamps and an
// archive mark. Records that others point to are archived, never deleted.
type Base struct {
	ID         string     `gorm:"primaryKey;size:36" json:"id"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
	ArchivedAt *time.Time `gorm:"index" json:"archived_at,omitempty"`
}

// BeforeCreate gives a new record its UUID unless the caller chose one.
func (b *Base) BeforeCreate(*gorm.DB) error {
	if b.ID == "" {
		b.ID = uuid.NewString()
	}
	return nil
}

// Archived reports whether the record is archived.
func (b *Base) Archived() bool { return b.ArchivedAt != nil }

// Setting is one key/value pair of the shop's settings, stored in the
// database so every PC of a shop sees the same values.
type Setting struct {
	Key       string `gorm:"primaryKey;size:100"`
	Value     string `text:"json"` // plain text or JSON (see CleanText)
	UpdatedAt time.Time
}

// Meta holds facts about the database itself, such as its schema version.
type Meta struct {
	Key   string `gorm:"primaryKey;size:100"`
	Value string
}

// TableName keeps the name stable whatever GORM's pluralisation does.
func (Meta) TableName() string { return "app_meta" }

// AuditEntry records one change to a record: who, when, what, and the
// fields before and after (a JSON object field → [before, after]).
// Indexed for the viewer: newest first (at), by person (actor, at), and a
// record's history (entity type, id).
type AuditEntry struct {
	ID         string    `gorm:"primaryKey;size:36"`
	At         time.Time `gorm:"index;index:idx_audit_actor_at,priority:2"`
	Actor      string    `gorm:"size:100;index:idx_audit_actor_at,priority:1"` // the viewer's person filter, newest first
	EntityType string    `gorm:"size:40;index:idx_audit_entity,priority:1"`
	EntityID   string    `gorm:"size:36;index:idx_audit_entity,priority:2"`
	Action     string    `gorm:"size:20"` // create, update, archive, restore, import
	Changes    string    `text:"json"`    // JSON: {"field": ["before", "after"]}
}

// BeforeCreate gives a new entry its UUID.
func (a *AuditEntry) BeforeCreate(*gorm.DB) error {
	if a.ID == "" {
		a.ID = uuid.NewString()
	}
	return nil
}
