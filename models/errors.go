package models

import (
	"bytes"
	"errors"
	"strings"
	"text/template"
)

// FieldError is a validation failure a person can fix. It carries a
// translation key and template data instead of a finished sentence, so the
// screens translate it and the command line can print the English fallback.
type FieldError struct {
	Field    string         // the form field it concerns, e.g. "phone"
	Key      string         // translation key, e.g. "err.phone.mobile_length"
	Fallback string         // English text, a text/template over Data
	Data     map[string]any // values for the template
}

// Error renders the English fallback so logs and the CLI stay readable.
func (e *FieldError) Error() string { return RenderFallback(e.Fallback, e.Data) }

// RenderFallback fills a text/template fallback with data; on a template
// error it returns the template unchanged rather than losing the message.
func RenderFallback(tmpl string, data map[string]any) string {
	if data == nil || !strings.Contains(tmpl, "{{") {
		return tmpl
	}
	t, err := template.New("m").Parse(tmpl)
	if err != nil {
		return tmpl
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return tmpl
	}
	return b.String()
}

// NewFieldError builds a FieldError.
func NewFieldError(field, key, fallback string, data map[string]any) *FieldError {
	return &FieldError{Field: field, Key: key, Fallback: fallback, Data: data}
}

// ValidationErrors collects every problem of one form, so the person sees
// all of them at once rather than one per attempt.
type ValidationErrors []*FieldError

// Error joins the English fallbacks.
func (v ValidationErrors) Error() string {
	parts := make([]string, len(v))
	for i, e := range v {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

// OrNil returns nil when there is no problem, so callers can return it as an error.
func (v ValidationErrors) OrNil() error {
	if len(v) == 0 {
		return nil
	}
	return v
}

// ForField returns the first problem of a field, or nil.
func (v ValidationErrors) ForField(field string) *FieldError {
	for _, e := range v {
		if e.Field == field {
			return e
		}
	}
	return nil
}

// AsFieldErrors extracts the field problems from an error chain: a
// ValidationErrors, a single FieldError, or none.
func AsFieldErrors(err error) ValidationErrors {
	var v ValidationErrors
	if errors.As(err, &v) {
		return v
	}
	var f *FieldError
	if errors.As(err, &f) {
		return ValidationErrors{f}
	}
	return nil
}
