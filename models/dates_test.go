package models

import (
	"testing"
	"time"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestParseDate(t *testing.T) {
	ok := map[string]time.Time{
		"2026-11-23":   day(2026, 11, 23),
		"2026/11/23":   day(2026, 11, 23),
		"2026.11.23":   day(2026, 11, 23),
		"20261123":     day(2026, 11, 23),
		"2026年11月23日":  day(2026, 11, 23),
		"2026年1月5日":    day(2026, 1, 5),
		"2026年1月5":     day(2026, 1, 5),
		"2026-1-5":     day(2026, 1, 5),
		"2026/01/05":   day(2026, 1, 5),
		" 2026-11-23 ": day(2026, 11, 23),
		"２０２６－１１－２３":   day(2026, 11, 23),
		"2024-02-29":   day(2024, 2, 29),
		"1950-01-01":   day(1950, 1, 1),
		"2200-12-31":   day(2200, 12, 31),
		"2000-02-29":   day(2000, 2, 29),
		"20240229":     day(2024, 2, 29),
	}
	for in, want := range ok {
		got, err := ParseDate(in)
		if err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	bad := map[string]string{
		"":                "err.date.required",
		"  ":              "err.date.required",
		"2026-02-30":      "err.date.invalid",
		"2025-02-29":      "err.date.invalid",
		"1900-02-29":      "err.date.year",
		"2026-13-01":      "err.date.invalid",
		"2026-00-10":      "err.date.invalid",
		"2026-11-00":      "err.date.invalid",
		"2026-04-31":      "err.date.invalid",
		"20261323":        "err.date.invalid",
		"1949-12-31":      "err.date.year",
		"2201-01-01":      "err.date.year",
		"0000-01-01":      "err.date.year",
		"26-11-23":        "err.date.format",
		"2026-11":         "err.date.format",
		"2026-11-23-1":    "err.date.format",
		"abc":             "err.date.format",
		"2026-1x-01":      "err.date.format",
		"2026-11-+3":      "err.date.format",
		"11/23/2026":      "err.date.format",
		"2026 11 23":      "err.date.format",
		"2026-11-1234567": "err.date.format",
	}
	for in, key := range bad {
		got, err := ParseDate(in)
		if err == nil || err.Key != key || !got.IsZero() || err.Field != "date" {
			t.Errorf("ParseDate(%q) = %v, %v; want %s", in, got, err, key)
		}
	}
}

func TestAddMonthsClampedAndDays(t *testing.T) {
	cases := []struct {
		from   time.Time
		months int
		want   time.Time
	}{
		{day(2026, 1, 31), 1, day(2026, 2, 28)},
		{day(2024, 1, 31), 1, day(2024, 2, 29)},
		{day(2024, 2, 29), 12, day(2025, 2, 28)},
		{day(2024, 2, 29), 48, day(2028, 2, 29)},
		{day(2026, 3, 31), 1, day(2026, 4, 30)},
		{day(2026, 12, 15), 1, day(2027, 1, 15)},
		{day(2026, 5, 31), -3, day(2026, 2, 28)},
		{day(2026, 5, 20), 0, day(2026, 5, 20)},
	}
	for _, c := range cases {
		if got := AddMonthsClamped(c.from, c.months); !got.Equal(c.want) {
			t.Errorf("AddMonthsClamped(%s, %d) = %s, want %s", FormatDate(c.from), c.months, FormatDate(got), FormatDate(c.want))
		}
	}
	shanghai := time.FixedZone("CST", 8*3600)
	// 01:00 in Shanghai on 1 March is still 28 February in UTC: the civil
	// date is the one where the moment was taken.
	if got := CivilDate(time.Date(2026, 3, 1, 1, 0, 0, 0, shanghai)); !got.Equal(day(2026, 3, 1)) {
		t.Errorf("CivilDate = %v", got)
	}
	if n := DaysBetween(day(2026, 2, 28), time.Date(2026, 3, 1, 1, 0, 0, 0, shanghai)); n != 1 {
		t.Errorf("DaysBetween = %d, want 1", n)
	}
	if n := DaysBetween(day(2026, 3, 29), day(2026, 3, 30)); n != 1 { // across no DST in UTC
		t.Errorf("DaysBetween = %d", n)
	}
	if FormatDate(time.Time{}) != "" || FormatDate(day(2026, 1, 5)) != "2026-01-05" {
		t.Error("FormatDate")
	}
}

// FuzzParseDate: never panics; an accepted date prints and parses back.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-11-23", "2026年1月5日", "20240229", "２０２６．１．５", "2026-02-30", "-1-1-1", "年月日"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if err.Key == "" || !d.IsZero() {
				t.Fatalf("%q: %v %v", s, d, err)
			}
			return
		}
		again, err := ParseDate(FormatDate(d))
		if err != nil || !again.Equal(d) || d.Year() < 1950 || d.Year() > 2200 {
			t.Fatalf("%q → %v → %v %v", s, d, again, err)
		}
	})
}
