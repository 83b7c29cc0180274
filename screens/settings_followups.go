package screens

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/models"
)

// followUpScheduleSection is the Settings part that edits when completed
// jobs are followed up (issue 6): one list of offsets per kind of job,
// with the dates a job completed today would get, saved by a manager with
// the catalogues permission.
type followUpScheduleSection struct {
	deps *Deps

	delivery    *widget.Entry
	repair      *widget.Entry
	deliveryErr *widget.Label
	repairErr   *widget.Label
	preview     *widget.Label
	note        *widget.Label
	saveBtn     *widget.Button
	defaultsBtn *widget.Button
	view        *viewOnly
	root        fyne.CanvasObject

	now  time.Time
	gen  int
	busy bool
}

// newFollowUpScheduleSection builds the section; load fills it.
func newFollowUpScheduleSection(d *Deps) *followUpScheduleSection {
	s := &followUpScheduleSection{deps: d, now: d.App.Now()}
	s.delivery, s.repair = widget.NewEntry(), widget.NewEntry()
	s.delivery.SetPlaceHolder("1w, 1m, 3m, 6m, 1y")
	s.repair.SetPlaceHolder("3d")
	s.delivery.OnChanged = func(string) { s.validate() }
	s.repair.OnChanged = func(string) { s.validate() }
	s.deliveryErr, s.repairErr = custErrLabel(), custErrLabel()
	s.preview = widget.NewLabel("")
	s.preview.Wrapping = fyne.TextWrapWord
	s.preview.Importance = widget.LowImportance
	s.note = widget.NewLabel("")
	s.note.Importance = widget.SuccessImportance
	s.saveBtn = widget.NewButtonWithIcon(T("settings_followups.save", "Save schedule"), theme.DocumentSaveIcon(), s.onSave)
	s.saveBtn.Importance = widget.HighImportance
	s.defaultsBtn = widget.NewButtonWithIcon(T("settings_followups.defaults", "Restore defaults"), theme.ViewRefreshIcon(), s.onDefaults)
	help := widget.NewLabel(T("settings_followups.help",
		"When calls fall due after a completed job: a number and d (days), w (weeks), m (months) or y (years), separated by commas. A month after 31 January is the last day of February. Applies to jobs completed from now on; calls already scheduled keep their dates. Leave a line empty to make no calls for that kind of job."))
	help.Wrapping = fyne.TextWrapWord
	form := container.New(layout.NewFormLayout(),
		widget.NewLabelWithStyle(T("settings_followups.delivery", "After a delivery"), fyne.TextAlignTrailing, fyne.TextStyle{}),
		container.NewVBox(s.delivery, s.deliveryErr),
		widget.NewLabelWithStyle(T("settings_followups.repair", "After a repair"), fyne.TextAlignTrailing, fyne.TextStyle{}),
		container.NewVBox(s.repair, s.repairErr),
	)
	s.view = newViewOnly(d, models.PermCatalogues)
	s.view.hide(s.saveBtn, s.defaultsBtn)
	s.view.lock(form)
	s.root = container.NewVBox(
		heading(T("settings_followups.title", "Follow-up calls")),
		s.view.hint, help, form, s.preview,
		container.NewHBox(s.saveBtn, s.defaultsBtn), s.note,
	)
	return s
}

// content is the section's widget tree.
func (s *followUpScheduleSection) content() fyne.CanvasObject { return s.root }

// load reads the saved schedule in the background.
func (s *followUpScheduleSection) load() {
	s.gen++
	gen, a := s.gen, s.deps.App
	custGo(func() func() {
		sch, err := a.FollowUpSchedule()
		now := a.Now()
		return func() {
			if gen != s.gen {
				return
			}
			if err != nil {
				showError(s.deps.Window, err)
				return
			}
			s.now = now
			s.note.SetText("")
			s.fill(sch)
		}
	})
}

func (s *followUpScheduleSection) fill(sch models.FollowUpSchedule) {
	s.delivery.SetText(joinOffsetsText(sch.Delivery))
	s.repair.SetText(joinOffsetsText(sch.Repair))
	s.validate()
}

func joinOffsetsText(os []models.Offset) string {
	parts := make([]string, len(os))
	for i, o := range os {
		parts[i] = string(o)
	}
	return strings.Join(parts, ", ")
}

// splitOffsets reads a typed list: commas (also Chinese ones), semicolons
// or spaces between offsets.
func splitOffsets(text string) []models.Offset {
	f := strings.FieldsFunc(text, func(r rune) bool {
		return r == ',' || r == '，' || r == ';' || r == '；' || r == '、' || r == ' ' || r == '\t'
	})
	out := make([]models.Offset, len(f))
	for i, s := range f {
		out[i] = models.Offset(s)
	}
	return out
}

// schedule is the typed schedule.
func (s *followUpScheduleSection) schedule() models.FollowUpSchedule {
	return models.FollowUpSchedule{Delivery: splitOffsets(s.delivery.Text), Repair: splitOffsets(s.repair.Text)}
}

// validate shows problems as the manager types, and the dates a job done
// today would be called on.
func (s *followUpScheduleSection) validate() bool {
	n, err := s.schedule().Normalize()
	fe := models.AsFieldErrors(err)
	msg := func(field string) string {
		var parts []string
		for _, e := range fe {
			if e.Field == field {
				parts = append(parts, FieldErrText(e))
			}
		}
		return strings.Join(parts, "\n")
	}
	custSetErr(s.deliveryErr, msg("delivery"))
	custSetErr(s.repairErr, msg("repair"))
	if err != nil {
		s.preview.SetText("")
		s.saveBtn.Disable()
		return false
	}
	s.saveBtn.Enable()
	dates := func(job models.FollowUpJob) string {
		calls := n.Calls(job, s.now)
		if len(calls) == 0 {
			return T("settings_followups.no_calls", "no calls")
		}
		parts := make([]string, len(calls))
		for i, c := range calls {
			parts[i] = models.FormatDate(c.Due)
		}
		return strings.Join(parts, T("list.sep", ", "))
	}
	s.preview.SetText(T("settings_followups.preview",
		"A delivery completed today ({{.Today}}) is called on {{.Delivery}}; a repair closed today on {{.Repair}}.",
		map[string]any{"Today": models.FormatDate(s.now), "Delivery": dates(models.JobDelivery), "Repair": dates(models.JobRepair)}))
	return true
}

// onDefaults refills the form with the shipped schedule (not yet saved).
func (s *followUpScheduleSection) onDefaults() {
	s.fill(models.DefaultFollowUpSchedule())
	s.note.SetText("")
}

// onSave saves the schedule.
func (s *followUpScheduleSection) onSave() {
	if s.busy || !s.validate() {
		return
	}
	s.busy = true
	s.saveBtn.Disable()
	a, sch := s.deps.App, s.schedule()
	custGo(func() func() {
		saved, err := a.SaveFollowUpSchedule(sch)
		return func() {
			s.busy = false
			s.saveBtn.Enable()
			if err != nil {
				if fe := models.AsFieldErrors(err); len(fe) > 0 && (fe[0].Field == "delivery" || fe[0].Field == "repair") {
					s.validate()
					return
				}
				showError(s.deps.Window, err)
				return
			}
			s.fill(saved)
			s.note.SetText(T("settings_followups.saved", "Follow-up schedule saved. Jobs completed from now on use it."))
		}
	})
}
