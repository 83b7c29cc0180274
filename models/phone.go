package models

import (
	"strings"
	"unicode"
)

// PhoneKind tells a mainland mobile number from a landline.
type PhoneKind string

// Phone kinds.
const (
	PhoneMobile   PhoneKind = "mobile"
	PhoneLandline PhoneKind = "landline"
)

// NormalizePhone turns what a person typed into the canonical form used for
// storage, comparison and search: digits only, without a +86/0086 prefix;
// a landline extension follows a dash ("01088886666-123"). Full-width digits
// from a Chinese input method are accepted. It reports the kind, or a
// FieldError that says what to fix; nothing invalid comes back as a number.
func NormalizePhone(raw string) (string, PhoneKind, error) {
	s := strings.TrimSpace(toHalfWidth(raw))
	if s == "" {
		return "", "", NewFieldError("phone", "err.phone.required", "Enter a phone number.", nil)
	}
	// Split off an extension written as 转, ext, x or #.
	ext := ""
	// ASCII-only lower case keeps byte offsets equal to those of s
	// (strings.ToLower may change a character's length and so the offset).
	lower := strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
	for _, sep := range []string{"转", "ext.", "ext", "x", "#"} {
		if i := strings.Index(lower, sep); i > 0 {
			ext = strings.TrimSpace(lower[i+len(sep):])
			s = s[:i]
			break
		}
	}
	var digits strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '.' || r == '\t':
		case r == '+' && i == 0:
		default:
			return "", "", NewFieldError("phone", "err.phone.bad_chars",
				"A phone number may contain only digits, spaces, dashes and brackets; remove “{{.Char}}”.",
				map[string]any{"Char": string(r)})
		}
	}
	d := digits.String()
	hadPlus := strings.HasPrefix(s, "+")
	intl := false // written with the country code, which drops a landline's 0
	switch {
	case hadPlus && strings.HasPrefix(d, "86"):
		d, intl = d[2:], true
	case hadPlus:
		return "", "", NewFieldError("phone", "err.phone.foreign",
			"Only mainland China numbers are accepted; a number starting with + must start with +86.", nil)
	case strings.HasPrefix(d, "0086"):
		d, intl = d[4:], true
	case len(d) == 13 && strings.HasPrefix(d, "861"):
		d = d[2:]
	}
	// +86 10 8888 6666 is Beijing's 010-88886666: mobiles start with 13-19.
	if intl && d != "" && d[0] != '0' && (d[0] != '1' || strings.HasPrefix(d, "10")) {
		d = "0" + d
	}
	// The canonical form writes an extension after a dash
	// ("01088886666-123"); read it back as one when the digits before the
	// last dash make a whole landline and either are written without
	// separators (the canonical form) or all the digits together are no
	// landline ("0755-8888666-12").
	if i := strings.LastIndexByte(s, '-'); ext == "" && !intl && i > 0 {
		head, tail := DigitsOnly(s[:i]), strings.TrimSpace(s[i+1:])
		if isDigits(tail) && len(tail) <= 6 && landlineLocalOK(head) && (head == s[:i] || !landlineLocalOK(d)) {
			d, ext = head, tail
		}
	}
	for _, r := range ext {
		if r < '0' || r > '9' {
			return "", "", NewFieldError("phone", "err.phone.bad_ext",
				"The extension may contain only digits.", nil)
		}
	}
	if len(ext) > 6 {
		return "", "", NewFieldError("phone", "err.phone.bad_ext_length",
			"An extension has at most 6 digits.", nil)
	}
	if d == "" {
		return "", "", NewFieldError("phone", "err.phone.required", "Enter a phone number.", nil)
	}
	switch {
	case d[0] == '1':
		if ext != "" {
			return "", "", NewFieldError("phone", "err.phone.mobile_ext",
				"A mobile number has no extension.", nil)
		}
		if len(d) != 11 {
			return "", "", NewFieldError("phone", "err.phone.mobile_length",
				"A mobile number has 11 digits; this one has {{.N}}.", map[string]any{"N": len(d)})
		}
		if d[1] < '3' {
			return "", "", NewFieldError("phone", "err.phone.mobile_prefix",
				"A mobile number starts with 13 to 19; check the second digit.", nil)
		}
		return d, PhoneMobile, nil
	case d[0] == '0':
		area := AreaCodeLength(d)
		local := len(d) - area
		if local != 7 && local != 8 {
			return "", "", NewFieldError("phone", "err.phone.landline_length",
				"A landline is the area code {{.Area}} and 7 or 8 digits; this one has {{.N}} after the area code.",
				map[string]any{"Area": d[:min(area, len(d))], "N": max(local, 0)})
		}
		if d[area] == '0' || d[area] == '1' {
			return "", "", NewFieldError("phone", "err.phone.landline_local",
				"A landline number after the area code does not start with 0 or 1.", nil)
		}
		if ext != "" {
			d += "-" + ext
		}
		return d, PhoneLandline, nil
	case len(d) == 7 || len(d) == 8:
		return "", "", NewFieldError("phone", "err.phone.need_area_code",
			"Add the area code in front of a landline number, e.g. 010-12345678.", nil)
	default:
		return "", "", NewFieldError("phone", "err.phone.invalid",
			"This is not a mainland mobile (11 digits starting with 1) or a landline with area code.", nil)
	}
}

// AreaCodeLength gives the length of the area code of a landline in digits
// (with its leading 0): 010 and 02x are three digits, all others four.
func AreaCodeLength(d string) int {
	if strings.HasPrefix(d, "010") || strings.HasPrefix(d, "02") {
		return 3
	}
	return 4
}

// FormatPhone renders a canonical number for reading aloud and printing:
// 138 0013 8000, 010-88886666, 0755-8888666 转 12.
func FormatPhone(canonical string) string {
	num, ext, _ := strings.Cut(canonical, "-")
	if len(num) == 11 && num[0] == '1' {
		return num[:3] + " " + num[3:7] + " " + num[7:]
	}
	if len(num) > 4 && num[0] == '0' {
		a := AreaCodeLength(num)
		out := num[:a] + "-" + num[a:]
		if ext != "" {
			out += " 转 " + ext
		}
		return out
	}
	return canonical
}

// DigitsOnly keeps the ASCII digits of s (after full-width conversion); the
// search box uses it to decide that a query is a phone fragment.
func DigitsOnly(s string) string {
	var b strings.Builder
	for _, r := range toHalfWidth(s) {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// toHalfWidth maps full-width ASCII forms (０-９, Ａ-Ｚ, －, （） and the
// ideographic space) to their ASCII counterparts.
func toHalfWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\u3000':
			return ' '
		case r >= '\uFF01' && r <= '\uFF5E':
			return r - 0xFEE0
		case unicode.IsSpace(r):
			return ' '
		}
		return r
	}, s)
}

// landlineLocalOK reports whether digits are an area code followed by 7 or
// 8 digits, the shape of a landline without extension.
func landlineLocalOK(d string) bool {
	if d == "" || d[0] != '0' {
		return false
	}
	local := len(d) - AreaCodeLength(d)
	return local == 7 || local == 8
}
