package app

import (
	"strconv"

	"gorm.io/gorm"

	"aftercare/models"
)

// The idle lock (issue 5: "the screen locks after a configurable idle
// time"). The window signs the person out after this many minutes without
// a key or mouse input; the value lives with the shop's settings, so every
// counter PC locks the same way.

const keyIdleLockMinutes = "session.idle_lock_minutes"

// Idle lock limits: 0 turns the lock off; at most a working day.
const (
	DefaultIdleLockMinutes = 10
	MaxIdleLockMinutes     = 480
)

// IdleLockMinutes is how long the window waits without input before it
// locks; 0 means never. Unset or unreadable values give the default.
func (a *App) IdleLockMinutes() int {
	v, err := a.Setting(keyIdleLockMinutes)
	if err != nil || v == "" {
		return DefaultIdleLockMinutes
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > MaxIdleLockMinutes {
		return DefaultIdleLockMinutes
	}
	return n
}

// SetIdleLockMinutes saves the idle lock time (0 = never lock), audited.
func (a *App) SetIdleLockMinutes(n int) error {
	if err := a.require(models.PermCatalogues); err != nil {
		return err
	}
	if n < 0 || n > MaxIdleLockMinutes {
		return models.NewFieldError("idle_lock", "err.settings.idle_lock",
			"Enter the minutes before the screen locks, from 0 (never) to {{.Max}}.", map[string]any{"Max": MaxIdleLockMinutes})
	}
	before := strconv.Itoa(a.IdleLockMinutes())
	after := strconv.Itoa(n)
	return a.db.Transaction(func(tx *gorm.DB) error {
		if err := setSettings(tx, map[string]string{keyIdleLockMinutes: after}); err != nil {
			return err
		}
		return a.audit(tx, "settings", keyIdleLockMinutes, "update", diffFields([]string{"idle_lock_minutes"}, []string{before}, []string{after}))
	})
}
