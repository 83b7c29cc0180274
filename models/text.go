package models

import (
	"encoding/json"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

// CleanText removes from typed or pasted text what nobody means to
// store: control characters (NUL, ESC, bell… U+0000–U+001F, U+007F and
// U+0080–U+009F) and the invisible controls of text direction (U+200E,
// U+200F, U+061C, U+202A–U+202E, U+2066–U+2069: an override shows the rest
// of a name or note reversed, and Fyne then garbles it). "\r\n" and a
// lone "\r" become "\n"; a tab becomes a space (a wrapped Fyne label
// shows a tab as "�" and loses the next letter); bytes that are not UTF-8
// become U+FFFD. Everything else is kept as typed: emoji, combining
// accents, Arabic or Hebrew letters, quotes and SQL-like text (every
// query passes values as parameters).
//
// Every record is cleaned by its BeforeSave hook (cleanStatement), so the
// rule holds whatever path writes; forms clean before validating too, so
// a name of nothing but control characters counts as empty.
func CleanText(s string) string {
	if isCleanText(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		switch {
		case r == '\r':
			if !strings.HasPrefix(s[i+1:], "\n") {
				b.WriteByte('\n')
			}
		case r == '\n':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteByte(' ')
		case isControl(r), unicode.Is(unicode.Bidi_Control, r):
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isControl reports the C0 and C1 control characters and DEL.
func isControl(r rune) bool { return r < 0x20 || r >= 0x7f && r <= 0x9f }

// isCleanText is CleanText's fast path: valid UTF-8 with nothing to
// remove or change.
func isCleanText(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\n' || c == 0x7f {
			return false
		}
		if c >= 0x80 {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n <= 1 || isControl(r) || unicode.Is(unicode.Bidi_Control, r) {
				return false
			}
			i += n - 1
		}
	}
	return true
}

// The text tag of a string field says how the hook cleans it: `text:"raw"`
// leaves it alone (the search text, whose fields are separated by
// U+001F); `text:"json"` cleans the strings inside a JSON value (the
// audit log's changes, a timeline event's details), whose escapes
// (\u0000) would otherwise bring control characters back when read.
const (
	rawText  = "raw"
	jsonText = "json"
)

// cleanStatement applies CleanText to every string field of the record a
// statement writes: the current element of a batch, the model of a
// Create or Save, and the values of Updates (a struct or a map).
func cleanStatement(tx *gorm.DB) {
	st := tx.Statement
	rv := st.ReflectValue
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		if st.CurDestIndex < rv.Len() {
			cleanValue(rv.Index(st.CurDestIndex), st.Schema, false)
		}
	default:
		cleanValue(rv, st.Schema, false)
	}
	if st.Dest != nil && !samePointer(st.Dest, st.Model) {
		cleanValue(reflect.ValueOf(st.Dest), st.Schema, false)
	}
}

// samePointer reports whether a and b point to the same value.
func samePointer(a, b any) bool {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	return va.Kind() == reflect.Pointer && vb.Kind() == reflect.Pointer && va.Pointer() == vb.Pointer()
}

// cleanValue cleans the string fields of a struct (and of the structs it
// embeds, and of values stored serialised, such as a checklist's lines)
// or the string values of a column → value map. Associations (slices of
// records) are left to their own hooks; deep cleans inside slices too.
func cleanValue(v reflect.Value, sch *schema.Schema, deep bool) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() && !isCleanText(v.String()) {
			v.SetString(CleanText(v.String()))
		}
	case reflect.Slice, reflect.Array:
		if deep {
			for i := 0; i < v.Len(); i++ {
				cleanValue(v.Index(i), nil, true)
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f, fv := t.Field(i), v.Field(i)
			switch {
			case !f.IsExported() || f.Tag.Get("text") == rawText:
			case f.Tag.Get("text") == jsonText && fv.Kind() == reflect.String && fv.CanSet():
				fv.SetString(cleanJSONText(fv.String()))
			case f.Anonymous && fv.Kind() == reflect.Struct, fv.Kind() == reflect.String:
				cleanValue(fv, sch, deep)
			case deep || serialised(sch, t, f.Name):
				cleanValue(fv, nil, true)
			}
		}
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			return
		}
		for _, k := range v.MapKeys() {
			tag := ""
			if sch != nil {
				if f := sch.LookUpField(k.String()); f != nil {
					tag = f.Tag.Get("text")
				}
			}
			val := v.MapIndex(k)
			for val.Kind() == reflect.Interface && !val.IsNil() {
				val = val.Elem()
			}
			if tag == rawText || val.Kind() != reflect.String {
				continue
			}
			s := val.String()
			c := CleanText(s)
			if tag == jsonText {
				c = cleanJSONText(s)
			}
			if c != s {
				nv := reflect.New(val.Type()).Elem()
				nv.SetString(c)
				v.SetMapIndex(k, nv)
			}
		}
	}
}

// serialised reports whether field name of the struct type t is stored
// through a GORM serializer (a JSON column holding a slice or struct).
func serialised(sch *schema.Schema, t reflect.Type, name string) bool {
	if sch == nil || sch.ModelType != t {
		return false
	}
	f := sch.LookUpField(name)
	return f != nil && f.Serializer != nil
}

// cleanJSONText cleans the strings inside a JSON text (and the text
// itself when it is not JSON).
func cleanJSONText(s string) string {
	s = CleanText(s) // raw control characters are no JSON anyway
	if !hasControlEscape(s) || !json.Valid([]byte(s)) {
		return s
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return s
	}
	out, err := json.Marshal(cleanJSONValue(v))
	if err != nil {
		return s
	}
	return string(out)
}

// hasControlEscape reports whether a JSON text may hold an escaped
// character that CleanText changes (\u0000, \u202e, \b, \f, \r, \t).
func hasControlEscape(s string) bool {
	for _, e := range []string{`\u`, `\b`, `\f`, `\r`, `\t`} {
		if strings.Contains(s, e) {
			return true
		}
	}
	return false
}

// cleanJSONValue cleans the strings (and keys) of a decoded JSON value.
func cleanJSONValue(v any) any {
	switch x := v.(type) {
	case string:
		return CleanText(x)
	case []any:
		for i := range x {
			x[i] = cleanJSONValue(x[i])
		}
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[CleanText(k)] = cleanJSONValue(e)
		}
		return out
	}
	return v
}

// BeforeSave hooks: every record's text is cleaned as it is written (see
// CleanText). Entities that embed Base get theirs from Base.

// BeforeSave cleans the record's text.
func (b *Base) BeforeSave(tx *gorm.DB) error { cleanStatement(tx); return nil }

// BeforeSave cleans the record's text.
func (s *Setting) BeforeSave(tx *gorm.DB) error { cleanStatement(tx); return nil }

// BeforeSave cleans the record's text.
func (a *AuditEntry) BeforeSave(tx *gorm.DB) error { cleanStatement(tx); return nil }

// BeforeSave cleans the record's text.
func (p *Phone) BeforeSave(tx *gorm.DB) error { cleanStatement(tx); return nil }

// BeforeSave cleans the record's text.
func (a *Address) BeforeSave(tx *gorm.DB) error { cleanStatement(tx); return nil }

// BeforeSave cleans the record's text.
func (e *TicketEvent) BeforeSave(tx *gorm.DB) error { cleanStatement(tx); return nil }

// BeforeSave cleans the record's text.
func (c *ContactAttempt) BeforeSave(tx *gorm.DB) error { cleanStatement(tx); return nil }

// BeforeSave cleans the record's text.
func (i *TicketItem) BeforeSave(tx *gorm.DB) error { cleanStatement(tx); return nil }

// BeforeSave cleans the record's text.
func (p *Payment) BeforeSave(tx *gorm.DB) error { cleanStatement(tx); return nil }

// BeforeSave cleans the record's text.
func (s *Signature) BeforeSave(tx *gorm.DB) error { cleanStatement(tx); return nil }

// BeforeSave cleans the record's text.
func (c *CrewMember) BeforeSave(tx *gorm.DB) error { cleanStatement(tx); return nil }

// BeforeSave cleans the record's text.
func (d *DeliveryItem) BeforeSave(tx *gorm.DB) error { cleanStatement(tx); return nil }

// BeforeSave cleans the record's text.
func (c *TicketCheck) BeforeSave(tx *gorm.DB) error { cleanStatement(tx); return nil }

// BeforeSave cleans the record's text.
func (m *MonthClose) BeforeSave(tx *gorm.DB) error { cleanStatement(tx); return nil }
