package models

import (
	"strings"
	"time"
)

// CivilDate drops the clock time and zone of t, keeping its calendar date
// as seen where t was taken, at 00:00 UTC. Dates are stored and compared in
// this form so that a purchase on 31 January is the same day everywhere.
func CivilDate(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// AddMonthsClamped adds months to a civil date, clamping to the last day of
// the target month: 31 January + 1 month is 28 (or 29) February, not 3 March.
func AddMonthsClamped(d time.Time, months int) time.Time {
	y, m, day := d.Date()
	first := time.Date(y, m+time.Month(months), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	if day > last {
		day = last
	}
	return time.Date(first.Year(), first.Month(), day, 0, 0, 0, 0, time.UTC)
}

// DaysBetween counts calendar days from a to b (negative when b is earlier).
func DaysBetween(a, b time.Time) int {
	return int(CivilDate(b).Sub(CivilDate(a)).Hours() / 24)
}

// ParseDate reads a date as people type it: 2026-11-23, 2026/11/23,
// 2026.11.23, 20261123 or 2026年11月23日, with or without leading zeros.
func ParseDate(s string) (time.Time, *FieldError) {
	s = strings.TrimSpace(toHalfWidth(s))
	if s == "" {
		return time.Time{}, NewFieldError("date", "err.date.required", "Enter a date as YYYY-MM-DD.", nil)
	}
	bad := NewFieldError("date", "err.date.format", "“{{.Value}}” is not a date; write it as YYYY-MM-DD, e.g. 2026-03-15.", map[string]any{"Value": s})
	var parts []string
	if len(s) == 8 && isDigits(s) {
		parts = []string{s[:4], s[4:6], s[6:]}
	} else {
		norm := strings.NewReplacer("年", "-", "月", "-", "日", "", "/", "-", ".", "-").Replace(s)
		parts = strings.Split(strings.TrimSuffix(norm, "-"), "-")
	}
	if len(parts) != 3 {
		return time.Time{}, bad
	}
	y, ok1 := atoi(parts[0])
	m, ok2 := atoi(parts[1])
	d, ok3 := atoi(parts[2])
	if !ok1 || !ok2 || !ok3 || len(parts[0]) != 4 {
		return time.Time{}, bad
	}
	if y < 1950 || y > 2200 {
		return time.Time{}, NewFieldError("date", "err.date.year", "The year {{.Year}} is out of range.", map[string]any{"Year": y})
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || t.Day() != d {
		return time.Time{}, NewFieldError("date", "err.date.invalid", "{{.Value}} does not exist in the calendar.", map[string]any{"Value": s})
	}
	return t, nil
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// FormatDate prints a civil date as YYYY-MM-DD; the zero date prints "".
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}
