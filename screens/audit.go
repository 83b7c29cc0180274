package screens

import (
	"context"
	"slices"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// auditPage is how many entries one "Load more" adds.
const auditPage = 100

// auditScreen is the Audit log area (审计日志) for managers and finance:
// every change to customers, tickets, records, catalogues and accounts,
// newest first, filtered by person, date and record type; the chosen
// entry's fields before → after on the right.
type auditScreen struct {
	deps *Deps

	actor     *widget.Select
	entity    *widget.Select
	from, to  *widget.Entry
	filterErr *widget.Label
	clearBtn  *widget.Button
	list      *widget.List
	count     *widget.Label
	moreBtn   *widget.Button
	listErr   *widget.Label
	detail    *fyne.Container
	root      fyne.CanvasObject

	// State; read and written only on the UI goroutine.
	actors   []string // the person filter's values, "" = everyone
	entities []string // the record type filter's values, "" = all
	filter   app.AuditFilter
	entries  []app.HistoryEntry
	more     bool // the last page was full: there may be more
	gen      int
	ctx      context.Context // the current filter's loads; a newer filter cancels it
	cancel   context.CancelFunc
	selected int
	filling  bool // the selects are being refilled, not chosen
}

// addAuditArea adds the Audit log to the navigation rail, before Settings,
// when the signed-in person may read it.
func (m *mainWindow) addAuditArea() {
	if !m.deps.App.Can(models.PermAudit) {
		return
	}
	m.audit = newAuditScreen(m.deps)
	a := &area{key: "nav.audit", fallback: "Audit log", icon: theme.HistoryIcon(), content: m.audit.content(), shown: m.audit.shown,
		changed: m.audit.onDataChanged}
	at := len(m.areas)
	for i, x := range m.areas {
		if x.key == "nav.settings" {
			at = i
		}
	}
	m.areas = append(m.areas[:at], append([]*area{a}, m.areas[at:]...)...)
}

func newAuditScreen(d *Deps) *auditScreen {
	s := &auditScreen{deps: d, selected: -1}
	s.actor = widget.NewSelect(nil, func(string) { s.onFilter() })
	s.entity = widget.NewSelect(nil, func(string) { s.onFilter() })
	s.setOptions(nil, nil)
	s.from, s.to = widget.NewEntry(), widget.NewEntry()
	for _, e := range []*widget.Entry{s.from, s.to} {
		e.SetPlaceHolder(T("audit.date_hint", "YYYY-MM-DD"))
		e.OnChanged = func(string) { s.onFilter() }
	}
	s.filterErr = errorLabel()
	s.filterErr.Hide()
	s.clearBtn = widget.NewButtonWithIcon(T("audit.clear", "Clear filters"), theme.ContentClearIcon(), s.onClear)
	s.list = widget.NewList(s.length, s.newRow, s.updateRow)
	s.list.OnSelected = s.onSelected
	s.count = widget.NewLabel("")
	s.count.SizeName = theme.SizeNameCaptionText
	s.moreBtn = widget.NewButtonWithIcon(T("audit.more", "Load more"), theme.MoreVerticalIcon(), s.onMore)
	s.moreBtn.Hide()
	s.listErr = errorLabel()
	s.listErr.Hide()
	s.detail = container.NewVBox()

	sized := func(w float32, o fyne.CanvasObject) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
	}
	title := heading(T("audit.title", "Audit log"))
	title.SizeName = theme.SizeNameSubHeadingText
	filters := container.NewHBox(
		widget.NewLabel(T("audit.person", "Person")), sized(150, s.actor),
		widget.NewLabel(T("audit.record_type", "Record")), sized(170, s.entity),
		widget.NewLabel(T("audit.from", "From")), sized(120, s.from),
		widget.NewLabel(T("audit.to", "to")), sized(120, s.to),
		s.clearBtn,
	)
	top := container.NewVBox(title, filters, s.filterErr, s.listErr, s.count)
	bottom := container.NewHBox(layout.NewSpacer(), s.moreBtn, layout.NewSpacer())
	left := container.NewBorder(top, bottom, nil, nil, s.list)
	split := container.NewHSplit(container.NewPadded(left), container.NewVScroll(container.NewPadded(s.detail)))
	split.Offset = 0.62
	s.root = split
	s.showDetail()
	return s
}

// content is the area's root object.
func (s *auditScreen) content() fyne.CanvasObject { return s.root }

// shown reloads the filter choices and the first page.
func (s *auditScreen) shown() {
	a := s.deps.App
	custGo(func() func() {
		actors, err := a.AuditActors()
		types, terr := a.AuditEntityTypes()
		return func() {
			if err = firstErr(err, terr); err != nil {
				s.setListErr(ErrText(err))
				return
			}
			s.setOptions(actors, types)
		}
	})
	s.reload()
}

// setOptions refills the two selects, keeping what was chosen.
func (s *auditScreen) setOptions(actors, types []string) {
	s.filling = true
	defer func() { s.filling = false }()
	keepActor, keepEntity := s.filter.Actor, s.filter.Entity
	s.actors = append([]string{""}, actors...)
	labels := make([]string, len(s.actors))
	labels[0] = T("audit.everyone", "Everyone")
	copy(labels[1:], actors)
	s.actor.SetOptions(labels)
	s.actor.SetSelectedIndex(max(indexOf(s.actors, keepActor), 0))

	sort.SliceStable(types, func(i, j int) bool { return auditEntityLabel(types[i]) < auditEntityLabel(types[j]) })
	s.entities = append([]string{""}, types...)
	labels = make([]string, len(s.entities))
	labels[0] = T("audit.all_records", "All records")
	for i, t := range types {
		labels[i+1] = auditEntityLabel(t)
	}
	s.entity.SetOptions(labels)
	s.entity.SetSelectedIndex(max(indexOf(s.entities, keepEntity), 0))
}

func indexOf(list []string, v string) int {
	for i, x := range list {
		if x == v {
			return i
		}
	}
	return -1
}

// readFilter reads the filter widgets; a date that is not one is said
// under the filters and the list keeps its last filter.
func (s *auditScreen) readFilter() (app.AuditFilter, bool) {
	var f app.AuditFilter
	if i := s.actor.SelectedIndex(); i > 0 && i < len(s.actors) {
		f.Actor = s.actors[i]
	}
	if i := s.entity.SelectedIndex(); i > 0 && i < len(s.entities) {
		f.Entity = s.entities[i]
	}
	var problems []string
	day := func(e *widget.Entry) time.Time {
		if strings.TrimSpace(e.Text) == "" {
			return time.Time{}
		}
		d, fe := models.ParseDate(e.Text)
		if fe != nil {
			problems = append(problems, FieldErrText(fe))
			return time.Time{}
		}
		// Days are the shop's days: local midnight to midnight.
		return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.Local)
	}
	f.From = day(s.from)
	if to := day(s.to); !to.IsZero() {
		f.To = to.AddDate(0, 0, 1) // "to" includes that day
	}
	if len(problems) == 0 && !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		problems = append(problems, T("audit.range_backwards", "The “from” date is after the “to” date."))
	}
	custSetErr(s.filterErr, strings.Join(problems, "\n"))
	return f, len(problems) == 0
}

// onFilter reloads the list for the changed filter.
func (s *auditScreen) onFilter() {
	if s.filling {
		return
	}
	f, ok := s.readFilter()
	if !ok {
		return
	}
	if f == s.filter && s.entries != nil {
		return
	}
	s.filter = f
	s.reload()
}

// onClear shows everything again.
func (s *auditScreen) onClear() {
	s.filling = true
	s.actor.SetSelectedIndex(0)
	s.entity.SetSelectedIndex(0)
	s.from.SetText("")
	s.to.SetText("")
	s.filling = false
	s.onFilter()
}

// reload reads the first page for the filter, cancelling the loads of the
// filter before (a date typed a digit at a time reloads at every date
// that reads).
func (s *auditScreen) reload() {
	if s.cancel != nil {
		s.cancel()
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.gen++
	s.load(s.gen, 0)
}

// onDataChanged follows changes made on another PC (window.go): the
// entries shown are read again, the chosen one stays chosen and the list
// where it was scrolled.
func (s *auditScreen) onDataChanged() {
	if s.entries == nil {
		return // the first load is under way
	}
	if s.cancel != nil {
		s.cancel()
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.gen++
	s.fetch(s.gen, 0, min(max(len(s.entries), auditPage), app.MaxAuditPage), true)
}

// onMore reads the next page.
func (s *auditScreen) onMore() {
	s.moreBtn.Disable()
	s.load(s.gen, len(s.entries))
}

// load reads one page off the UI goroutine; a result for an older filter
// is dropped.
func (s *auditScreen) load(gen, offset int) { s.fetch(gen, offset, auditPage, false) }

// fetch is load with the number of entries to read; keep shows them in
// place (onDataChanged).
func (s *auditScreen) fetch(gen, offset, limit int, keep bool) {
	f := s.filter
	f.Offset, f.Limit = offset, limit
	a, ctx := s.deps.App, s.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	custGo(func() func() {
		page, err := a.AuditLog(ctx, f)
		if ctx.Err() != nil {
			return nil // a newer filter's load replaces it
		}
		return func() { s.apply(gen, offset, page, err, limit, keep) }
	})
}

// apply shows a loaded page of limit entries asked for: the first
// replaces the list, later ones extend it; keep leaves the chosen entry
// chosen and the list where it was scrolled.
func (s *auditScreen) apply(gen, offset int, page []app.HistoryEntry, err error, limit int, keep bool) {
	if gen != s.gen {
		return
	}
	s.moreBtn.Enable()
	if err != nil {
		s.setListErr(ErrText(err))
		return
	}
	s.setListErr("")
	scrolled := s.list.GetScrollOffset()
	switch {
	case keep:
		chosen := ""
		if s.selected >= 0 && s.selected < len(s.entries) {
			chosen = s.entries[s.selected].ID
		}
		s.entries = page
		s.selected = slices.IndexFunc(page, func(e app.HistoryEntry) bool { return chosen != "" && e.ID == chosen })
		s.list.UnselectAll()
		if s.selected >= 0 {
			s.list.Select(s.selected)
		}
	case offset == 0:
		s.entries = page
		s.selected = -1
		s.list.UnselectAll()
		s.list.ScrollToTop()
	default:
		s.entries = append(s.entries, page...)
	}
	if s.entries == nil {
		s.entries = []app.HistoryEntry{}
	}
	s.more = len(page) == limit
	if s.more {
		s.moreBtn.Show()
	} else {
		s.moreBtn.Hide()
	}
	switch {
	case len(s.entries) == 0:
		s.count.SetText(T("audit.none", "No changes match these filters."))
	case s.more:
		s.count.SetText(T("audit.count_more", "The newest {{.N}} changes; Load more shows older ones.", map[string]any{"N": len(s.entries)}))
	default:
		s.count.SetText(T("audit.count", "{{.N}} changes.", map[string]any{"N": len(s.entries)}))
	}
	s.list.Refresh()
	if keep {
		s.list.ScrollToOffset(scrolled)
	}
	s.showDetail()
}

func (s *auditScreen) setListErr(text string) { custSetErr(s.listErr, text) }

func (s *auditScreen) length() int { return len(s.entries) }

// newRow is an entry's row: when, who, what and the action on top, the
// changes below.
func (s *auditScreen) newRow() fyne.CanvasObject {
	when := widget.NewLabel("2026-11-23 10:00")
	who := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	what := widget.NewLabel("")
	what.Truncation = fyne.TextTruncateEllipsis
	action := widget.NewLabel("")
	changes := widget.NewLabel("")
	changes.SizeName = theme.SizeNameCaptionText
	changes.Truncation = fyne.TextTruncateEllipsis
	top := container.NewBorder(nil, nil, container.NewHBox(when, who), action, what)
	return container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()), top, changes)
}

func (s *auditScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.entries) {
		return
	}
	e := s.entries[id]
	box := o.(*fyne.Container)
	top := box.Objects[0].(*fyne.Container)
	left := top.Objects[1].(*fyne.Container)
	left.Objects[0].(*widget.Label).SetText(e.At.In(time.Local).Format("2006-01-02 15:04"))
	left.Objects[1].(*widget.Label).SetText(e.Actor)
	top.Objects[0].(*widget.Label).SetText(auditWhat(e))
	top.Objects[2].(*widget.Label).SetText(auditActionLabel(e.Action))
	box.Objects[1].(*widget.Label).SetText(auditChangesLine(e))
	top.Refresh()
}

func (s *auditScreen) onSelected(id widget.ListItemID) {
	s.selected = id
	s.showDetail()
}

// showDetail shows the chosen entry with every field before → after.
func (s *auditScreen) showDetail() {
	if s.selected < 0 || s.selected >= len(s.entries) {
		hint := widget.NewLabel(T("audit.pick", "Choose a change to see every field before and after."))
		hint.Wrapping = fyne.TextWrapWord
		hint.Importance = widget.LowImportance
		s.detail.Objects = []fyne.CanvasObject{hint}
		s.detail.Refresh()
		return
	}
	e := s.entries[s.selected]
	objs := []fyne.CanvasObject{
		heading(auditWhat(e)),
		widget.NewLabel(T("audit.detail_line", "{{.Action}} by {{.Who}} on {{.When}}", map[string]any{
			"Action": auditActionLabel(e.Action), "Who": e.Actor, "When": e.At.In(time.Local).Format("2006-01-02 15:04:05")})),
		widget.NewSeparator(),
	}
	names := auditFieldNames(e)
	if len(names) == 0 {
		objs = append(objs, widget.NewLabel(T("audit.no_fields", "No field values were recorded for this change.")))
	}
	for _, n := range names {
		v := e.Fields[n]
		field := widget.NewLabelWithStyle(auditFieldLabel(n), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		change := widget.NewLabel(auditValue(n, v[0]) + "  →  " + auditValue(n, v[1]))
		change.Wrapping = fyne.TextWrapWord
		objs = append(objs, field, change)
	}
	s.detail.Objects = objs
	s.detail.Refresh()
}

// auditFieldNames are an entry's changed fields, sorted by their labels.
func auditFieldNames(e app.HistoryEntry) []string {
	names := make([]string, 0, len(e.Fields))
	for n := range e.Fields {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return auditFieldLabel(names[i]) < auditFieldLabel(names[j]) })
	return names
}

// auditChangesLine is the row's one-line summary of the changes.
func auditChangesLine(e app.HistoryEntry) string {
	parts := []string{}
	for _, n := range auditFieldNames(e) {
		v := e.Fields[n]
		parts = append(parts, auditFieldLabel(n)+": "+auditValue(n, v[0])+" → "+auditValue(n, v[1]))
	}
	return strings.Join(parts, T("audit.sep", "; "))
}

// auditValue shows a stored value in words where the log stores a code
// (roles, yes/no, whether a PIN is set); an empty value is a dash.
func auditValue(field, v string) string {
	if strings.TrimSpace(v) == "" {
		return "—"
	}
	switch {
	case field == "roles":
		var roles []models.Role
		for _, r := range strings.Split(v, ",") {
			roles = append(roles, models.Role(strings.TrimSpace(r)))
		}
		return rolesText(roles)
	case field == "pin" && v == "set":
		return T("audit.value.pin_set", "set")
	case field == "pin" && v == "none":
		return T("audit.value.pin_none", "none")
	case v == "yes" || v == "true":
		return T("audit.value.yes", "yes")
	case v == "no" || v == "false":
		return T("audit.value.no", "no")
	}
	return strings.ReplaceAll(v, "\n", " / ")
}

// auditWhat names the record: its kind and, where app found it, its name.
func auditWhat(e app.HistoryEntry) string {
	kind := auditEntityLabel(e.EntityType)
	name := e.Record
	switch {
	case e.EntityType == "settings":
		name = auditSettingLabel(e.EntityID)
	case e.RecordKey != "":
		name = T(e.RecordKey, e.Record)
	}
	if name == "" {
		return kind
	}
	return kind + " · " + name
}

// auditEntityLabel names a kind of record.
func auditEntityLabel(t string) string {
	switch t {
	case "customer":
		return T("audit.entity.customer", "Customer")
	case "purchase":
		return T("audit.entity.purchase", "Purchase")
	case "ticket":
		return T("audit.entity.ticket", "Ticket")
	case "ticket_check":
		return T("audit.entity.ticket_check", "Checklist tick")
	case "ticket_item":
		return T("audit.entity.ticket_item", "Charge line")
	case "payment":
		return T("audit.entity.payment", "Payment")
	case "staff":
		return T("audit.entity.staff", "Staff and accounts")
	case "checklist":
		return T("audit.entity.checklist", "Installation checklist")
	case "conduct_rule":
		return T("audit.entity.conduct_rule", "Penalty and reward rule")
	case "conduct_record":
		return T("audit.entity.conduct_record", "Penalty or reward")
	case "month":
		return T("audit.entity.month", "Month close")
	case "settings":
		return T("audit.entity.settings", "Settings")
	case "demo":
		return T("audit.entity.demo", "Demo data")
	}
	return t
}

// auditSettingLabel names a setting the log records.
func auditSettingLabel(id string) string {
	switch id {
	case "shop":
		return T("audit.setting.shop", "Shop details")
	case "rules.service":
		return T("audit.setting.rules", "Service rules")
	case "catalogue.fee_schedule":
		return T("audit.setting.fees", "Fee schedule")
	case "session.idle_lock_minutes":
		return T("audit.setting.idle_lock", "Screen lock")
	}
	return id
}

// auditActionLabel names what was done.
func auditActionLabel(a string) string {
	switch a {
	case "create":
		return T("audit.action.create", "Created")
	case "update":
		return T("audit.action.update", "Changed")
	case "archive":
		return T("audit.action.archive", "Archived")
	case "restore":
		return T("audit.action.restore", "Restored")
	case "import":
		return T("audit.action.import", "Imported")
	case "reset":
		return T("audit.action.reset", "Reset to defaults")
	case "void":
		return T("audit.action.void", "Voided")
	case "remove":
		return T("audit.action.remove", "Removed")
	case "pin_reset":
		return T("audit.action.pin_reset", "PIN set by a manager")
	case "pin_change":
		return T("audit.action.pin_change", "Own PIN changed")
	case "demo":
		return T("audit.action.demo", "Demo data loaded")
	case "compiled":
		return T("audit.action.compiled", "Compiled")
	case "returned":
		return T("audit.action.returned", "Returned")
	case "approved":
		return T("audit.action.approved", "Approved")
	case "executed":
		return T("audit.action.executed", "Executed")
	case "open":
		return T("audit.action.reopened", "Reopened")
	}
	return a
}

// auditFieldLabel names a changed field; fields without a label keep
// their stored name.
func auditFieldLabel(n string) string {
	switch n {
	case "name":
		return T("audit.field.name", "Name")
	case "phone", "phones":
		return T("audit.field.phone", "Phone")
	case "addresses", "address", "delivery_address":
		return T("audit.field.address", "Address")
	case "roles":
		return T("audit.field.roles", "Roles")
	case "active":
		return T("audit.field.active", "Active")
	case "notes", "note":
		return T("audit.field.notes", "Notes")
	case "pin":
		return T("audit.field.pin", "PIN")
	case "product":
		return T("audit.field.product", "Product")
	case "model":
		return T("audit.field.model", "Model")
	case "brand":
		return T("audit.field.brand", "Brand")
	case "serial":
		return T("audit.field.serial", "Serial number")
	case "purchase_date":
		return T("audit.field.purchase_date", "Purchase date")
	case "warranty_months":
		return T("audit.field.warranty", "Warranty (months)")
	case "invoice_no":
		return T("audit.field.invoice", "Invoice number")
	case "status":
		return T("audit.field.status", "Status")
	case "amount":
		return T("audit.field.amount", "Amount")
	case "rule":
		return T("audit.field.rule", "Rule")
	case "staff":
		return T("audit.field.staff", "Staff member")
	case "date":
		return T("audit.field.date", "Date")
	case "qty":
		return T("audit.field.qty", "Quantity")
	case "ticket":
		return T("audit.field.ticket", "Ticket")
	case "reason":
		return T("audit.field.reason", "Reason")
	case "lines":
		return T("audit.field.lines", "Lines")
	case "version":
		return T("audit.field.version", "Version")
	case "idle_lock_minutes":
		return T("audit.field.idle_lock", "Lock after (minutes)")
	}
	// Ticket columns and the rest: a translation when there is one.
	return T("audit.field."+n, n)
}
