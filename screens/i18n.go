package screens

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"aftercare/app"
	"aftercare/assets"
	"aftercare/models"
)

// LoadTranslations registers Aftercare's translations with Fyne. It must
// run before the Fyne app is created. choice is the Settings language:
// "" follows the system, "zh" or "en" force one. Fyne picks a language from
// the OS locale and offers no setter, so a forced Chinese is registered as
// the English table (which every system falls back to) and a forced English
// registers no Chinese table at all.
func LoadTranslations(choice string) error {
	switch choice {
	case app.LanguageChinese:
		data, err := assets.Translations.ReadFile("translations/zh_Hans.json")
		if err != nil {
			return err
		}
		return lang.AddTranslationsForLocale(data, fyne.Locale("en"))
	case app.LanguageEnglish:
		data, err := assets.Translations.ReadFile("translations/en.json")
		if err != nil {
			return err
		}
		return lang.AddTranslationsForLocale(data, fyne.Locale("en"))
	default:
		return lang.AddTranslationsFS(assets.Translations, "translations")
	}
}

// T translates a namespaced key; fallback is the English text, a
// text/template filled from data.
func T(key, fallback string, data ...map[string]any) string {
	if len(data) > 0 {
		return lang.X(key, fallback, data[0])
	}
	return lang.X(key, fallback)
}

// ErrText turns an error from app or models into a sentence for the person
// at the counter: field problems and known conditions are translated, and
// anything else is shown with its detail after a translated lead-in.
func ErrText(err error) string {
	if err == nil {
		return ""
	}
	if fe := models.AsFieldErrors(err); len(fe) > 0 {
		parts := make([]string, len(fe))
		for i, e := range fe {
			parts[i] = FieldErrText(e)
		}
		return strings.Join(parts, "\n")
	}
	var dup *app.DuplicatePhoneError
	if errors.As(err, &dup) {
		return T("err.customer.duplicate_phone", "The number {{.Phone}} already belongs to {{.Name}}.",
			map[string]any{"Phone": models.FormatPhone(dup.Number), "Name": dup.Existing.Name})
	}
	var newer *app.ErrNewerSchema
	if errors.As(err, &newer) {
		return T("err.db.newer_schema", "This database was written by a newer version of Aftercare (schema {{.Found}}; this version understands up to {{.Supported}}). Install the newer version; nothing was changed.",
			map[string]any{"Found": newer.Found, "Supported": newer.Supported})
	}
	if problem, ok := connErrText(err); ok { // a shared database's server, lost or refused
		return problem
	}
	if errors.Is(err, app.ErrConflict) {
		return T("err.ticket.conflict", "Someone else changed this ticket meanwhile (on another PC or screen), so nothing of yours was saved. The latest data is shown: check it and do it again if it is still needed.")
	}
	if errors.Is(err, app.ErrNotFound) {
		return T("err.not_found", "The record no longer exists; it may have been changed on another screen.")
	}
	return T("err.unexpected", "The action did not complete and nothing was saved: {{.Detail}}", map[string]any{"Detail": err.Error()})
}

// FieldErrText translates one field problem. Workflow codes in its data
// (an action, a status) are replaced by their labels first.
func FieldErrText(e *models.FieldError) string {
	data := e.Data
	if act, ok := data["Action"].(string); ok {
		data = copyData(data)
		data["Action"] = ActionLabel(models.Action(act))
	}
	if st, ok := data["Status"].(string); ok {
		data = copyData(data)
		data["Status"] = StatusLabel(models.Status(st))
	}
	if roles, ok := data["Roles"].(string); ok {
		// A refusal names the roles that may do it, in words.
		data = copyData(data)
		var names []string
		for _, r := range strings.Split(roles, ",") {
			if r != "" {
				names = append(names, RoleLabel(models.Role(r)))
			}
		}
		data["Roles"] = strings.Join(names, T("list.sep", ", "))
	}
	return T(e.Key, e.Fallback, data)
}

func copyData(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
