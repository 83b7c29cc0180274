package models

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizePhone(t *testing.T) {
	cases := []struct {
		in   string
		want string
		kind PhoneKind
	}{
		// Mobiles as people write them.
		{"13800138000", "13800138000", PhoneMobile},
		{" 138 0013 8000 ", "13800138000", PhoneMobile},
		{"138-0013-8000", "13800138000", PhoneMobile},
		{"(138)0013-8000", "13800138000", PhoneMobile},
		{"138.0013.8000", "13800138000", PhoneMobile},
		{"138\t0013\t8000", "13800138000", PhoneMobile},
		{"+86 138 0013 8000", "13800138000", PhoneMobile},
		{"+8613800138000", "13800138000", PhoneMobile},
		{"+86-138-0013-8000", "13800138000", PhoneMobile},
		{"0086 138 0013 8000", "13800138000", PhoneMobile},
		{"008613800138000", "13800138000", PhoneMobile},
		{"8613800138000", "13800138000", PhoneMobile},
		{"１３８００１３８０００", "13800138000", PhoneMobile},
		{"１３８－００１３－８０００", "13800138000", PhoneMobile},
		{"（１３８）００１３\u30008000", "13800138000", PhoneMobile},
		{"19912345678", "19912345678", PhoneMobile},
		{"16612345678", "16612345678", PhoneMobile},
		// Landlines: 010 and 02x take three-digit area codes, others four;
		// 7 or 8 local digits.
		{"010-88886666", "01088886666", PhoneLandline},
		{"01088886666", "01088886666", PhoneLandline},
		{"(010) 8888 6666", "01088886666", PhoneLandline},
		{"021-5555666", "0215555666", PhoneLandline},
		{"020 8888 6666", "02088886666", PhoneLandline},
		{"029-88886666", "02988886666", PhoneLandline},
		{"0755-8888666", "07558888666", PhoneLandline},
		{"0755-88886666", "075588886666", PhoneLandline},
		{"0755-8888-6666", "075588886666", PhoneLandline},
		{"(0571)88886666", "057188886666", PhoneLandline},
		{"０７５５－８８８８６６６６", "075588886666", PhoneLandline},
		// The country code drops a landline's leading 0.
		{"+86 10 8888 6666", "01088886666", PhoneLandline},
		{"+86 755 8888 6666", "075588886666", PhoneLandline},
		{"0086 21 5555 6666", "02155556666", PhoneLandline},
		{"+86 010 8888 6666", "01088886666", PhoneLandline},
		// Extensions: 转, ext, ext., x, #, and the canonical dash.
		{"010-88886666转123", "01088886666-123", PhoneLandline},
		{"010-88886666 转 123", "01088886666-123", PhoneLandline},
		{"010-88886666 ext 123", "01088886666-123", PhoneLandline},
		{"010-88886666 EXT. 123", "01088886666-123", PhoneLandline},
		{"010-88886666x123", "01088886666-123", PhoneLandline},
		{"010-88886666 X 123", "01088886666-123", PhoneLandline},
		{"010-88886666#123", "01088886666-123", PhoneLandline},
		{"0755-8888666转123456", "07558888666-123456", PhoneLandline},
		{"0755-88886666转１２", "075588886666-12", PhoneLandline},
		{"01088886666-123", "01088886666-123", PhoneLandline},
		{"0755-8888666-12", "07558888666-12", PhoneLandline},
	}
	for _, c := range cases {
		got, kind, err := NormalizePhone(c.in)
		if err != nil || got != c.want || kind != c.kind {
			t.Errorf("NormalizePhone(%q) = %q, %q, %v; want %q, %q", c.in, got, kind, err, c.want, c.kind)
			continue
		}
		again, kind2, err := NormalizePhone(got)
		if err != nil || again != got || kind2 != kind {
			t.Errorf("canonical %q does not normalise to itself: %q, %q, %v", got, again, kind2, err)
		}
		if again, _, err := NormalizePhone(FormatPhone(got)); err != nil || again != got {
			t.Errorf("formatted %q (%q) does not read back: %q, %v", got, FormatPhone(got), again, err)
		}
	}
}

func TestNormalizePhoneErrors(t *testing.T) {
	cases := []struct {
		in, key string
		data    map[string]any
	}{
		{"", "err.phone.required", nil},
		{"   ", "err.phone.required", nil},
		{"\u3000", "err.phone.required", nil},
		{"--", "err.phone.required", nil},
		{"()", "err.phone.required", nil},
		{"138001380a0", "err.phone.bad_chars", map[string]any{"Char": "a"}},
		{"138 0013 8000 张", "err.phone.bad_chars", map[string]any{"Char": "张"}},
		{"138+00138000", "err.phone.bad_chars", map[string]any{"Char": "+"}},
		{"+1 415 555 0100", "err.phone.foreign", nil},
		{"+44 20 7946 0000", "err.phone.foreign", nil},
		{"+", "err.phone.foreign", nil},
		{"010-88886666转12a", "err.phone.bad_ext", nil},
		{"010-88886666 ext 1-2", "err.phone.bad_ext", nil},
		{"010-88886666转1234567", "err.phone.bad_ext_length", nil},
		{"13800138000转12", "err.phone.mobile_ext", nil},
		{"13800138000#1", "err.phone.mobile_ext", nil},
		{"1380013800", "err.phone.mobile_length", map[string]any{"N": 10}},
		{"138001380001", "err.phone.mobile_length", map[string]any{"N": 12}},
		{"+86 138 0013 800", "err.phone.mobile_length", map[string]any{"N": 10}},
		{"12800138000", "err.phone.mobile_prefix", nil},
		{"10086123456", "err.phone.mobile_prefix", nil},
		{"010-888866", "err.phone.landline_length", map[string]any{"Area": "010", "N": 6}},
		{"010-888866661", "err.phone.landline_length", map[string]any{"Area": "010", "N": 9}},
		{"0755-888866", "err.phone.landline_length", map[string]any{"Area": "0755", "N": 6}},
		{"0755", "err.phone.landline_length", map[string]any{"Area": "0755", "N": 0}},
		{"01", "err.phone.landline_length", map[string]any{"Area": "01", "N": 0}},
		{"010-08886666", "err.phone.landline_local", nil},
		{"0755-1888666", "err.phone.landline_local", nil},
		{"88886666", "err.phone.need_area_code", nil},
		{"8888666", "err.phone.need_area_code", nil},
		{"234567", "err.phone.invalid", nil},
		{"123456", "err.phone.mobile_length", map[string]any{"N": 6}},
		{"555555555555", "err.phone.invalid", nil},
		{"9", "err.phone.invalid", nil},
	}
	for _, c := range cases {
		got, kind, err := NormalizePhone(c.in)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Key != c.key || got != "" || kind != "" {
			t.Errorf("NormalizePhone(%q) = %q, %q, %v; want error %s", c.in, got, kind, err, c.key)
			continue
		}
		if fe.Field != "phone" || fe.Error() == "" || strings.Contains(fe.Error(), "{{") {
			t.Errorf("%q: field %q, message %q", c.in, fe.Field, fe.Error())
		}
		for k, v := range c.data {
			if fe.Data[k] != v {
				t.Errorf("%q: Data[%s] = %v, want %v", c.in, k, fe.Data[k], v)
			}
		}
	}
}

func TestFormatPhone(t *testing.T) {
	cases := map[string]string{
		"13800138000":        "138 0013 8000",
		"01088886666":        "010-88886666",
		"0215555666":         "021-5555666",
		"075588886666":       "0755-88886666",
		"07558888666":        "0755-8888666",
		"01088886666-123":    "010-88886666 转 123",
		"075588886666-12":    "0755-88886666 转 12",
		"":                   "",
		"123":                "123",
		"1380013800":         "1380013800", // not canonical: unchanged
		"not a number":       "not a number",
		"0123":               "0123",
		"07558888666-123456": "0755-8888666 转 123456",
	}
	for in, want := range cases {
		if got := FormatPhone(in); got != want {
			t.Errorf("FormatPhone(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAreaCodeLengthAndDigitsOnly(t *testing.T) {
	for d, want := range map[string]int{"010": 3, "01088886666": 3, "020": 3, "029": 3, "0755": 4, "0571": 4, "0311": 4} {
		if got := AreaCodeLength(d); got != want {
			t.Errorf("AreaCodeLength(%q) = %d, want %d", d, got, want)
		}
	}
	for in, want := range map[string]string{"138-0013 8000": "13800138000", "１２a３": "123", "": "", "无": ""} {
		if got := DigitsOnly(in); got != want {
			t.Errorf("DigitsOnly(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzNormalizePhone: never panics; what it returns is canonical (it
// normalises to itself with the same kind), has the shape of its kind, and
// an error is always a FieldError with a key.
func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"13800138000", "+86 138 0013 8000", "0086 13800138000", "010-88886666转123",
		"0755-8888666 ext 12", "01088886666-123", "+86 10 8888 6666", "１３８００１３８０００", "88886666", "",
		"ȺȺȺȺȺȺ#1", "İİ转1", "x", "+", "0-0", "010-88886666-1234567"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		num, kind, err := NormalizePhone(raw)
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Key == "" || num != "" || kind != "" {
				t.Fatalf("%q: bad error %#v (%q, %q)", raw, err, num, kind)
			}
			return
		}
		again, kind2, err := NormalizePhone(num)
		if err != nil || again != num || kind2 != kind {
			t.Fatalf("%q → %q (%s) → %q (%s), %v", raw, num, kind, again, kind2, err)
		}
		main, ext, hasExt := strings.Cut(num, "-")
		if DigitsOnly(main) != main || hasExt && (ext == "" || DigitsOnly(ext) != ext || len(ext) > 6) {
			t.Fatalf("%q → %q is not digits[-ext]", raw, num)
		}
		switch kind {
		case PhoneMobile:
			if len(main) != 11 || main[0] != '1' || main[1] < '3' || hasExt {
				t.Fatalf("%q → %q is no mobile", raw, num)
			}
		case PhoneLandline:
			if !landlineLocalOK(main) || main[AreaCodeLength(main)] < '2' {
				t.Fatalf("%q → %q is no landline", raw, num)
			}
		default:
			t.Fatalf("%q → kind %q", raw, kind)
		}
	})
}
