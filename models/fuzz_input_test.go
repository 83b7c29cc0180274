package models

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// Fuzz targets for the parsers of typed text that phone_test.go,
// ticket_test.go, dates_test.go and csvimport_test.go do not cover. The
// seeds carry what people paste: full-width digits, 元/¥, spaces of every
// width, control characters, emoji, right-to-left marks.

// hostileSeeds are seeds every text target gets.
var hostileSeeds = []string{"", " ", "\x00", "王\x00小明\x1b[31m\a", "'; DROP TABLE tickets;--", "😀👨\u200d👩\u200d👧",
	"\u202E反向\u202C\u200F", "e\u0301 Z\u0337\u0322", "\r\n\t", "\u3000全角　空格\u3000", "\xff\xfe", "１２３４５６"}

// fieldErr fails unless err is a *FieldError with a translation key.
func fieldErr(t *testing.T, in string, err error) {
	t.Helper()
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Key == "" {
		t.Fatalf("%q: error %#v is not a FieldError with a key", in, err)
	}
}

// FuzzCleanText: the result is valid UTF-8 without control characters
// other than newlines and without direction controls, cleaning it again
// changes nothing, and it is the input with exactly those taken out (and
// tabs made spaces). The same
// text as a JSON column (cleanJSONText): JSON stays JSON and none of its
// strings decodes to a control character.
func FuzzCleanText(f *testing.F) {
	for _, s := range hostileSeeds {
		f.Add(s)
	}
	f.Add("a\rb\r\nc\n\rd\u0085e\u009f\u007f")
	f.Add(`{"name":["王\u0000小明","王小明\r\n"],"n":12345678901234567890}`)
	f.Add(`["\u001b[31m", {"\u0007k": "\u0085"}, 1.5e300, null, true]`)
	f.Fuzz(func(t *testing.T, s string) {
		checkCleanJSON(t, s)
		out := CleanText(s)
		if !utf8.ValidString(out) || strings.ContainsRune(out, '\r') {
			t.Fatalf("CleanText(%q) = %q", s, out)
		}
		for _, r := range out {
			if unicode.IsControl(r) && r != '\n' || unicode.Is(unicode.Bidi_Control, r) {
				t.Fatalf("CleanText(%q) = %q keeps %U", s, out, r)
			}
		}
		if again := CleanText(out); again != out {
			t.Fatalf("CleanText(%q) = %q, again %q", s, out, again)
		}
		// The reference: line ends to \n, tabs to spaces, then every
		// other control character and direction control out.
		var want strings.Builder
		ref := strings.ReplaceAll(strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\r\n", "\n"), "\r", "\n")
		for _, r := range strings.ReplaceAll(ref, "\t", " ") {
			if !unicode.IsControl(r) && !unicode.Is(unicode.Bidi_Control, r) || r == '\n' {
				want.WriteRune(r)
			}
		}
		if out != want.String() {
			t.Fatalf("CleanText(%q) = %q, want %q", s, out, want.String())
		}
	})
}

// checkCleanJSON is FuzzCleanText's check of cleanJSONText.
func checkCleanJSON(t *testing.T, s string) {
	j := cleanJSONText(s)
	if again := cleanJSONText(j); again != j {
		t.Fatalf("cleanJSONText(%q) = %q, again %q", s, j, again)
	}
	if !json.Valid([]byte(CleanText(s))) {
		if j != CleanText(s) {
			t.Fatalf("cleanJSONText(%q) = %q; not JSON, want CleanText", s, j)
		}
		return
	}
	dec := json.NewDecoder(strings.NewReader(j))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("cleanJSONText(%q) = %q is no JSON: %v", s, j, err)
	}
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			if CleanText(x) != x {
				t.Fatalf("cleanJSONText(%q) = %q holds %q", s, j, x)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for k, e := range x {
				walk(k)
				walk(e)
			}
		}
	}
	walk(v)
}

// FuzzParseMonth: an accepted month is the first day of a month between
// 2000 and 2200 and MonthOf prints it back to the same month; a refusal
// is a FieldError.
func FuzzParseMonth(f *testing.F) {
	for _, s := range append(hostileSeeds, "2026-11", "2026/1", "2026年11月", "２０２６－１１", " 2026.3 ", "2026-13", "1999-12", "2026-11-05", "-1--1", "9999999999999999999-1") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMonth(s)
		if err != nil {
			fieldErr(t, s, err)
			if !m.IsZero() {
				t.Fatalf("%q: %v with an error", s, m)
			}
			return
		}
		if m.Day() != 1 || m.Hour() != 0 || m.Location() != time.UTC || m.Year() < 2000 || m.Year() > 2200 {
			t.Fatalf("ParseMonth(%q) = %v", s, m)
		}
		again, err := ParseMonth(MonthOf(m))
		if err != nil || !again.Equal(m) {
			t.Fatalf("ParseMonth(%q) = %v → %q → %v, %v", s, m, MonthOf(m), again, err)
		}
	})
}

// FuzzCheckSecret: an accepted PIN is 4 to 8 ASCII digits, neither one
// digit repeated nor a run; an accepted password is 8 to 64 characters
// with a letter and a digit; what is accepted is accepted again as
// itself (the hash is of that text); a refusal is a FieldError.
func FuzzCheckSecret(f *testing.F) {
	for _, s := range append(hostileSeeds, "1357", "１３５７", " 2468 ", "1234", "0000", "123456789", "abc12345", "密码abc12345", "٣٤٥٦") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := CheckSecret(s)
		if err != nil {
			fieldErr(t, s, err)
			return
		}
		n := utf8.RuneCountInString(got)
		if isDigits(got) {
			if n < MinPIN || n > MaxPIN || allSame(got) || isRun(got) {
				t.Fatalf("CheckSecret(%q) accepted the PIN %q", s, got)
			}
		} else if n < MinPassword || n > MaxPassword || !strings.ContainsFunc(got, unicode.IsLetter) || !strings.ContainsFunc(got, unicode.IsDigit) {
			t.Fatalf("CheckSecret(%q) accepted the password %q", s, got)
		}
		if again, err := CheckSecret(got); err != nil || again != got {
			t.Fatalf("CheckSecret(%q) = %q, again %q, %v", s, got, again, err)
		}
	})
}

// FuzzParseSearch: the prepared text is lower case, trimmed, with single
// spaces; Digits holds only digits; Latin text holds only a–z; preparing
// the prepared text again changes nothing.
func FuzzParseSearch(f *testing.F) {
	for _, s := range append(hostileSeeds, "张伟", "ZW", "zhang wei", "138-0013 8000", "(010) 8888", "+86", "WX2026", "ＡＢＣ　１２") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := ParseSearch(s)
		if q.Text != strings.TrimSpace(q.Text) || strings.Contains(q.Text, "  ") || strings.ToLower(q.Text) != q.Text && utf8.ValidString(q.Text) {
			t.Fatalf("ParseSearch(%q).Text = %q", s, q.Text)
		}
		if q.Digits != "" && !isDigits(q.Digits) {
			t.Fatalf("ParseSearch(%q).Digits = %q", s, q.Digits)
		}
		if q.Latin && strings.ContainsFunc(q.Text, func(r rune) bool { return r < 'a' || r > 'z' }) {
			t.Fatalf("ParseSearch(%q) Latin with %q", s, q.Text)
		}
		if again := ParseSearch(q.Text); again != q {
			t.Fatalf("ParseSearch(%q) = %+v, again %+v", s, q, again)
		}
	})
}

// FuzzOffset: an accepted follow-up offset is a positive number within
// its unit's limit; written the normal way it parses to the same and
// stays normal; the call falls due after the job and within two years.
func FuzzOffset(f *testing.F) {
	for _, s := range append(hostileSeeds, "3d", "1w", "6M", " 1y ", "731d", "732d", "25m", "+1d", "-1d", "0d", "1x", "１ｗ", "99999999999999999999d") {
		f.Add(s)
	}
	job := time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		o := Offset(s)
		n, unit, ok := o.Parse()
		if ok != o.Valid() {
			t.Fatalf("%q: Parse ok=%v, Valid=%v", s, ok, o.Valid())
		}
		if !ok {
			if o.Normal() != o || !o.Apply(job).Equal(job) {
				t.Fatalf("%q: an invalid offset changed: %q, %v", s, o.Normal(), o.Apply(job))
			}
			return
		}
		if n < 1 || !strings.ContainsRune("dwmy", rune(unit)) {
			t.Fatalf("%q parsed to %d %c", s, n, unit)
		}
		norm := o.Normal()
		n2, u2, ok2 := norm.Parse()
		if !ok2 || n2 != n || u2 != unit || norm.Normal() != norm {
			t.Fatalf("%q → %q → %d %c %v", s, norm, n2, u2, ok2)
		}
		due := o.Apply(job)
		if !due.After(job) || due.After(job.AddDate(2, 0, 1)) {
			t.Fatalf("%q: due %v after a job on %v", s, due, job)
		}
	})
}

// FuzzCustomerInput fuzzes the customer form (name, phone, label,
// address, notes): a refusal is a list of FieldErrors; an accepted form
// stores a trimmed name within the limits, without control characters,
// pinyin keys of lower-case ASCII letters and digits, and a search text
// whose U+001F separators are exactly the ones between its fields (so no
// typed text can make a match span two fields).
func FuzzCustomerInput(f *testing.F) {
	f.Add("张伟", "138 0013 8000", "本人", "北京市朝阳区建国路88号", "老客户")
	f.Add("王\x00小明\x1f", "１３８００１３８０００", "家人\x1f", "地址\x1f\u202E反向", "备注\r\n第二行\t😀")
	f.Add("'; DROP TABLE customers;--", "010-88886666转123", "", "Robert'); --", "\x1b[31m")
	f.Add(strings.Repeat("长", 51), "13800138000", strings.Repeat("标", 21), strings.Repeat("址", 201), strings.Repeat("注", 2001))
	f.Add("\x00\x07", "+86 138 0013 8000", "x", "\u3000", "")
	f.Fuzz(func(t *testing.T, name, phone, label, address, notes string) {
		in := CustomerInput{Name: name, Phones: []string{phone}, Labels: []string{label}, Addresses: []string{address}, Notes: notes}
		var c Customer
		err := in.Normalize(&c)
		if err != nil {
			errs := AsFieldErrors(err)
			if len(errs) == 0 {
				t.Fatalf("%+v: %v is no FieldError", in, err)
			}
			for _, e := range errs {
				if e.Key == "" || e.Field == "" {
					t.Fatalf("%+v: %#v", in, e)
				}
			}
			if c.Name != "" || c.SearchText != "" {
				t.Fatalf("a refused form filled the customer: %+v", c)
			}
			return
		}
		for _, s := range []string{c.Name, c.Notes, c.MainAddress(), c.Phones[0].Label} {
			if CleanText(s) != s || s != strings.TrimSpace(s) {
				t.Fatalf("%+v stored %q", in, s)
			}
		}
		if c.Name == "" || utf8.RuneCountInString(c.Name) > MaxNameLen || utf8.RuneCountInString(c.MainAddress()) > MaxAddressLen ||
			utf8.RuneCountInString(c.Notes) > MaxNotesLen || utf8.RuneCountInString(c.Phones[0].Label) > MaxLabelLen {
			t.Fatalf("%+v: over a limit: %+v", in, c)
		}
		for _, k := range []string{c.NamePinyin, c.NameInitials} {
			if strings.ContainsFunc(k, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') }) {
				t.Fatalf("%q: pinyin key %q", c.Name, k)
			}
		}
		fields := 3 + len(c.Phones) + len(c.Addresses)
		if n := strings.Count(c.SearchText, "\x1f"); n != fields+1 {
			t.Fatalf("search text %q has %d separators for %d fields", c.SearchText, n, fields)
		}
	})
}
