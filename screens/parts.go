package screens

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
	"aftercare/printing"
)

// Replacement parts (补件): the request form's section of the intake, the
// part section of the ticket page (form fields, expected date, urgent
// unpacking and its refill, the printed request form), and the list of
// part requests with the summary sheet.

// partCategoryLabel shows a category in the current language with its
// lead time.
func partCategoryLabel(c models.PartCategory) string {
	name := c.NameEN
	if tdZH() || name == "" {
		name = c.NameZH
	}
	return T("parts.category_days", "{{.Name}} ({{.Days}} days)", map[string]any{"Name": name, "Days": c.LeadRange()})
}

// partCategoryName is a category's name by code, or the code itself.
func partCategoryName(cats []models.PartCategory, key string) string {
	if c, ok := models.FindPartCategory(cats, key); ok {
		if tdZH() || c.NameEN == "" {
			return c.NameZH
		}
		return c.NameEN
	}
	return key
}

// partTranslator is the printed documents' translator.
func partTranslator() printing.Translator {
	return func(key, fallback string) string { return T(key, fallback) }
}

// intakePart is the request form's own part of the intake (补件制做申请单):
// order date, part (from the price list or typed), category and the
// expected date it gives, colour, quantity, batch and inspection numbers,
// chargeable, and the ticket it comes from. The customer, product, reason
// (the symptom field), notes (the request field) and urgent (priority)
// are the intake's common fields.
type intakePart struct {
	i   *intakeDialog
	box *fyne.Container

	orderDate  *widget.Entry
	part       *widget.SelectEntry // a price-list name, or typed
	category   *widget.Select
	expected   *widget.Label
	colour     *widget.Entry
	qty        *widget.Entry
	batch      *widget.Entry
	inspection *widget.Entry
	chargeable *widget.Check
	price      *widget.Label
	from       *widget.Select
	linkedErr  *widget.Label

	prices  []models.FeeItem
	cats    []models.PartCategory
	fromIDs []string
	fromFor string // the customer the from options belong to
	gen     int
}

func newIntakePart(i *intakeDialog) *intakePart {
	p := &intakePart{i: i}
	a := i.deps.App
	p.prices, p.cats = a.PartPriceList(), a.PartCategories()
	p.orderDate = widget.NewEntry()
	p.orderDate.SetText(models.FormatDate(i.now))
	p.orderDate.OnChanged = func(string) { p.clear("order_date"); p.updateExpected() }
	var names []string
	for _, f := range p.prices {
		names = append(names, p.priceName(f))
	}
	p.part = widget.NewSelectEntry(names)
	p.part.SetPlaceHolder(T("parts.intake.part_hint", "Choose from the price list, or type, e.g. 顶板"))
	p.part.OnChanged = func(string) { p.clear("part_name"); p.updatePrice() }
	var catNames []string
	for _, c := range p.cats {
		catNames = append(catNames, partCategoryLabel(c))
	}
	p.category = widget.NewSelect(catNames, func(string) { p.clear("category"); p.updateExpected() })
	p.category.PlaceHolder = T("parts.intake.category_hint", "Choose the category")
	p.expected = widget.NewLabel("")
	p.expected.Importance = widget.MediumImportance
	p.colour = widget.NewEntry()
	p.colour.SetPlaceHolder(T("parts.intake.colour_hint", "e.g. 象牙白"))
	p.qty = widget.NewEntry()
	p.qty.SetText("1")
	p.qty.OnChanged = func(string) { p.clear("part_qty"); p.updatePrice() }
	p.batch = widget.NewEntry()
	p.batch.SetPlaceHolder(T("parts.intake.batch_hint", "On the package needing the part"))
	p.inspection = widget.NewEntry()
	p.inspection.SetPlaceHolder(T("parts.intake.inspection_hint", "On the product"))
	p.chargeable = widget.NewCheck(T("parts.intake.chargeable", "Chargeable: the customer pays before it ships"), func(bool) { p.updatePrice() })
	p.price = widget.NewLabel("")
	p.from = widget.NewSelect(nil, nil)
	p.from.PlaceHolder = T("parts.intake.from_hint", "Choose the ticket, or none")
	p.linkedErr = custErrLabel()
	for _, k := range []string{"order_date", "part_name", "category", "part_qty", "colour", "batch"} {
		i.errs[k] = custErrLabel()
	}
	label := func(text string, required bool) fyne.CanvasObject {
		if required {
			text += " *"
		}
		return widget.NewLabelWithStyle(text, fyne.TextAlignTrailing, fyne.TextStyle{Bold: required})
	}
	cell := func(o fyne.CanvasObject, key string) fyne.CanvasObject { return container.NewVBox(o, i.errs[key]) }
	left := container.New(layout.NewFormLayout(),
		label(T("parts.intake.part", "Panel / part"), true), cell(p.part, "part_name"),
		label(T("parts.intake.category", "Category"), true), cell(p.category, "category"),
		label(T("parts.intake.expected", "Expected"), false), p.expected,
		label(T("parts.intake.colour", "Colour"), false), cell(p.colour, "colour"),
		label(T("parts.intake.qty", "Quantity"), true), cell(p.qty, "part_qty"),
	)
	right := container.New(layout.NewFormLayout(),
		label(T("parts.intake.order_date", "Order date"), false), cell(p.orderDate, "order_date"),
		label(T("parts.intake.batch", "Batch no."), false), cell(p.batch, "batch"),
		label(T("parts.intake.inspection", "Inspection no."), false), p.inspection,
		label(T("parts.intake.from", "From ticket"), false), container.NewVBox(p.from, p.linkedErr),
		widget.NewLabel(""), container.NewVBox(p.chargeable, p.price),
	)
	p.box = container.NewVBox(heading(T("parts.intake.title", "Replacement part")),
		container.NewGridWithColumns(2, container.NewPadded(left), container.NewPadded(right)))
	p.box.Hide()
	p.setFrom(nil)
	p.updateExpected()
	p.updatePrice()
	return p
}

func (p *intakePart) priceName(f models.FeeItem) string {
	name := f.NameEN
	if tdZH() || name == "" {
		name = f.NameZH
	}
	return name
}

func (p *intakePart) clear(field string) { p.i.clearErr(field) }

// priceItem is the price-list item whose name is in the part field.
func (p *intakePart) priceItem() *models.FeeItem {
	text := strings.TrimSpace(p.part.Text)
	for k := range p.prices {
		if text != "" && (text == p.priceName(p.prices[k]) || text == p.prices[k].NameZH) {
			return &p.prices[k]
		}
	}
	return nil
}

// categoryValue is the chosen category, if any.
func (p *intakePart) categoryValue() (models.PartCategory, bool) {
	n := p.category.SelectedIndex()
	if n < 0 || n >= len(p.cats) {
		return models.PartCategory{}, false
	}
	return p.cats[n], true
}

// updateExpected shows the expected date the category gives.
func (p *intakePart) updateExpected() {
	c, ok := p.categoryValue()
	if !ok {
		p.expected.SetText(T("parts.intake.expected_none", "Choose the category: it gives the date."))
		return
	}
	from := p.i.now
	if d, fe := models.ParseDate(p.orderDate.Text); fe == nil {
		from = d
	}
	p.expected.SetText(T("parts.intake.expected_value", "{{.Date}} (order date + {{.Days}} days)",
		map[string]any{"Date": models.FormatDate(models.PartExpectedDate(from, c)), "Days": c.MaxDays}))
}

// updatePrice shows what a chargeable part costs from the price list.
func (p *intakePart) updatePrice() {
	f := p.priceItem()
	switch {
	case !p.chargeable.Checked:
		p.price.SetText("")
		p.price.Hide()
		return
	case f == nil:
		p.price.SetText(T("parts.intake.no_price", "Typed parts have no list price: choose the part from the price list to charge it."))
		p.price.Importance = widget.WarningImportance
	default:
		qty, err := parsePartQty(p.qty.Text)
		if err != nil {
			qty = 1
		}
		p.price.SetText(T("parts.intake.price", "{{.Price}} × {{.Qty}} = {{.Total}}, added to the ticket's charges",
			map[string]any{"Price": tdMoney(f.Price), "Qty": qty, "Total": tdMoney(f.Price * models.Money(qty))}))
		p.price.Importance = widget.MediumImportance
	}
	p.price.Show()
	p.price.Refresh()
}

func parsePartQty(s string) (int, error) {
	s = strings.TrimSpace(s)
	n := 0
	if s == "" {
		return 1, nil
	}
	for _, r := range s {
		if r >= '０' && r <= '９' {
			r = r - '０' + '0'
		}
		if r < '0' || r > '9' {
			return 0, errBadQty
		}
		n = n*10 + int(r-'0')
	}
	return n, nil
}

var errBadQty = errors.New("not a whole number")

// setCustomer loads the customer's tickets for the "from ticket" choice.
func (p *intakePart) setCustomer(cust *models.Customer) {
	p.gen++
	if cust == nil {
		p.fromFor = ""
		p.setFrom(nil)
		return
	}
	gen, id, a := p.gen, cust.ID, p.i.deps.App
	custGo(func() func() {
		rows, err := a.ListTickets(context.Background(), app.TicketFilter{CustomerID: id, Limit: 100})
		return func() {
			if gen != p.gen {
				return
			}
			if err != nil {
				custSetErr(p.linkedErr, ErrText(err))
				return
			}
			var jobs []app.TicketRow
			for _, r := range rows {
				if r.Kind != models.KindConsultation {
					jobs = append(jobs, r)
				}
			}
			p.fromFor = id
			p.setFrom(jobs)
		}
	})
}

func (p *intakePart) setFrom(rows []app.TicketRow) {
	opts := []string{T("parts.intake.no_from", "None")}
	p.fromIDs = []string{""}
	for _, r := range rows {
		opts = append(opts, strings.TrimSpace(r.Number+" · "+KindLabel(r.Kind)+" · "+tdShort(firstNonBlank(r.Product, r.Symptom), 30)))
		p.fromIDs = append(p.fromIDs, r.ID)
	}
	p.from.SetOptions(opts)
	p.from.SetSelectedIndex(0)
}

// apply shapes the intake for a part request: no repair mode, warranty,
// preferred time or override; the symptom is the reason and the request
// the notes. It also points the "linked" problem at this section.
func (p *intakePart) apply(kind models.TicketKind) {
	i := p.i
	if kind != models.KindPart {
		p.box.Hide()
		if i.errs["linked"] == p.linkedErr {
			delete(i.errs, "linked")
		}
		return
	}
	for _, row := range [][]fyne.CanvasObject{i.modeRow, i.warrantyRow, i.preferredRow} {
		for _, o := range row {
			o.Hide()
		}
	}
	i.override.Hide()
	i.overrideBox.Hide()
	if l, ok := i.symptomRow[0].(*widget.Label); ok {
		l.SetText(T("parts.intake.reason", "Reason") + " *")
		l.TextStyle.Bold = true
		l.Refresh()
	}
	i.symptom.SetPlaceHolder(T("parts.intake.reason_hint", "Why the part is needed, e.g. 床头板运输磕伤"))
	i.requestLabel.SetText(T("parts.intake.notes", "Notes"))
	i.request.SetPlaceHolder(T("parts.intake.notes_hint", "e.g. send with the next delivery"))
	i.errs["linked"] = p.linkedErr
	p.box.Show()
}

// input is the section's part of the intake.
func (p *intakePart) input() (app.PartInput, string) {
	in := app.PartInput{Colour: p.colour.Text, Qty: p.qty.Text, Batch: p.batch.Text, Inspection: p.inspection.Text,
		Chargeable: p.chargeable.Checked}
	if d, fe := models.ParseDate(p.orderDate.Text); fe == nil {
		in.OrderDate = d
	}
	if f := p.priceItem(); f != nil {
		in.PriceCode = f.Key
		if strings.TrimSpace(p.part.Text) != f.NameZH {
			in.PartName = f.NameZH // the form's name in the shop's language
		}
	} else {
		in.PartName = p.part.Text
	}
	if c, ok := p.categoryValue(); ok {
		in.Category = c.Key
	}
	linked := ""
	if n := p.from.SelectedIndex(); n > 0 && n < len(p.fromIDs) && p.fromFor == p.i.customerID {
		linked = p.fromIDs[n]
	}
	return in, linked
}

// tdPart is the part section of the ticket page: the request form's
// fields, the expected date (late in red), the unpackings with their
// refill, and the buttons to print the form and to record an unpacking.
type tdPart struct {
	p       *ticketDetail
	section *fyne.Container

	part, category, expected, numbers, charge, unpackInfo *widget.Label
	unpacks                                               *fyne.Container
	printBtn, unpackBtn                                   *widget.Button

	rows    []app.UnpackRow
	gen     int
	lastErr error  // for tests: the last print's problem
	lastPDF string // for tests: the last form written
	unpack  *tdForm
}

func newTDPart(p *ticketDetail) *tdPart {
	s := &tdPart{p: p}
	s.part, s.category, s.expected, s.numbers, s.charge = tdValue(), tdValue(), tdValue(), tdValue(), tdValue()
	s.unpackInfo = tdValue()
	s.unpacks = container.NewVBox()
	s.printBtn = widget.NewButtonWithIcon(T("parts.print_form", "Print request form"), theme.DocumentPrintIcon(), s.onPrint)
	s.unpackBtn = widget.NewButtonWithIcon(T("parts.unpack", "Unpack a stock package…"), theme.ContentCutIcon(), s.onUnpack)
	s.section = container.NewVBox(
		container.NewBorder(nil, nil, heading(T("parts.section", "Replacement part")), container.NewHBox(s.unpackBtn, s.printBtn)),
		container.New(layout.NewFormLayout(),
			tdKey(T("parts.key.part", "Part")), s.part,
			tdKey(T("parts.key.category", "Category")), s.category,
			tdKey(T("parts.key.expected", "Expected")), s.expected,
			tdKey(T("parts.key.numbers", "Batch / inspection")), s.numbers,
			tdKey(T("parts.key.charge", "Charge")), s.charge,
			tdKey(T("parts.key.unpacks", "Unpacking")), container.NewVBox(s.unpackInfo, s.unpacks),
		),
		widget.NewSeparator(),
	)
	s.section.Hide()
	return s
}

// fill shows a part request's facts; other tickets hide the section.
func (s *tdPart) fill(d *app.TicketDetail) {
	s.gen++
	t := &d.Ticket
	if t.Kind != models.KindPart {
		s.section.Hide()
		return
	}
	a := s.p.deps.App
	cats := a.PartCategories()
	s.part.SetText(T("parts.part_value", "{{.Part}} × {{.Qty}} · {{.Colour}}", map[string]any{"Part": custDash(t.PartName), "Qty": t.PartQty, "Colour": custDash(t.PartColour)}))
	cat := custDash(partCategoryName(cats, t.PartCategory))
	if c, ok := models.FindPartCategory(cats, t.PartCategory); ok {
		cat = partCategoryLabel(c)
	}
	s.category.SetText(cat)
	exp := T("parts.expected_none", "Not known yet (no category)")
	s.expected.Importance = widget.MediumImportance
	if t.PartExpected != nil {
		exp = models.FormatDate(*t.PartExpected)
		if t.OrderDate != nil {
			exp += " · " + T("parts.ordered", "ordered {{.Date}}", map[string]any{"Date": models.FormatDate(*t.OrderDate)})
		}
		if models.PartLate(t, s.p.now) {
			exp += " · " + T("parts.late", "LATE")
			s.expected.Importance = widget.DangerImportance
		}
	}
	s.expected.SetText(exp)
	s.numbers.SetText(custDash(t.PartBatch) + " / " + custDash(t.PartInspection))
	if t.PartChargeable {
		s.charge.SetText(T("parts.charge_value", "Chargeable: {{.Total}}, paid {{.Paid}} (paid before shipping)",
			map[string]any{"Total": tdMoney(d.Quote.Total), "Paid": tdMoney(d.Paid)}))
	} else {
		s.charge.SetText(T("parts.free", "Free"))
	}
	canUnpack := (t.Status == models.StatusApproved || t.Status == models.StatusInProduction) && a.Can(models.PermCatalogues)
	intakeSetVisible(s.unpackBtn, canUnpack)
	s.section.Show()
	gen, id := s.gen, t.ID
	custGo(func() func() {
		rows, err := a.Unpacks(id)
		return func() {
			if gen == s.gen {
				s.showUnpacks(rows, err)
			}
		}
	})
}

// showUnpacks lists the unpackings, each with its refill or a button.
func (s *tdPart) showUnpacks(rows []app.UnpackRow, err error) {
	s.rows = rows
	s.unpacks.Objects = nil
	switch {
	case err != nil:
		s.unpackInfo.SetText(ErrText(err))
	case len(rows) == 0:
		s.unpackInfo.SetText(T("parts.no_unpacks", "None"))
	default:
		s.unpackInfo.SetText("")
	}
	for _, r := range rows {
		r := r
		text := T("parts.unpack_value", "Package {{.Package}} · approved by {{.Approver}} {{.At}} · refill by {{.Due}}",
			map[string]any{"Package": r.PackageNo, "Approver": r.ApprovedBy, "At": s.p.time(r.ApprovedAt), "Due": models.FormatDate(r.RefillDue)})
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		var right fyne.CanvasObject
		if r.RefilledAt != nil {
			l.SetText(text + " · " + T("parts.refilled_value", "refilled {{.At}} ({{.By}})", map[string]any{"At": s.p.time(*r.RefilledAt), "By": r.RefilledBy}))
		} else {
			if r.Overdue {
				l.Importance = widget.DangerImportance
			}
			b := widget.NewButtonWithIcon(T("parts.mark_refilled", "Mark refilled"), theme.ConfirmIcon(), func() { s.onRefill(r.ID) })
			right = b
		}
		s.unpacks.Add(container.NewBorder(nil, nil, nil, right, l))
	}
	s.unpacks.Refresh()
}

// onRefill records the refill and shows the ticket again.
func (s *tdPart) onRefill(id string) {
	tid := s.p.detail.Ticket.ID
	s.p.change(func(a *app.App) (*app.TicketDetail, error) {
		if err := a.MarkRefilled(id); err != nil {
			return nil, err
		}
		return a.Ticket(tid)
	}, nil, func(err error) {
		if err != nil {
			showError(s.p.deps.Window, err)
		}
	})
}

// onUnpack asks for the package, the reason, the marketing manager who
// approved, and the refill date.
func (s *tdPart) onUnpack() {
	d := s.p.detail
	if d == nil {
		return
	}
	f := newTDForm(s.p)
	f.text(T("parts.unpack_intro", "Only with the marketing manager's signed approval. The part is taken from the package now (the request moves to warehoused); the package is marked and must be refilled by the date below."), widget.MediumImportance)
	pkg, reason, approver, approvedAt, due := widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	pkg.SetPlaceHolder(T("parts.unpack_package_hint", "Number written on the package"))
	approver.SetPlaceHolder(T("parts.unpack_approver_hint", "Marketing manager's name"))
	approvedAt.SetText(s.p.now.Format(tdTimeFormat))
	due.SetText(models.FormatDate(s.p.now.AddDate(0, 0, models.DefaultRefillDays)))
	f.field(T("parts.unpack_package", "Package no."), true, "package", pkg)
	f.field(T("parts.unpack_reason", "Why urgent"), true, "reason", reason)
	f.field(T("parts.unpack_approver", "Approved by"), true, "approved_by", approver)
	f.field(T("parts.unpack_approved_at", "Approved at"), false, "approved_at", approvedAt)
	f.field(T("parts.unpack_refill_due", "Refill by"), true, "refill_due", due)
	s.unpack = f
	id := d.Ticket.ID
	f.open(T("parts.unpack_title", "Urgent unpacking (拆包)"), T("parts.unpack_ok", "Record unpacking"), theme.ContentCutIcon(), 560, func() {
		f.clearErrs()
		in := models.UnpackInput{PackageNo: pkg.Text, Reason: reason.Text, ApprovedBy: approver.Text}
		if at, err := time.ParseInLocation(tdTimeFormat, strings.TrimSpace(approvedAt.Text), s.p.loc); err == nil {
			in.ApprovedAt = at
		} else if strings.TrimSpace(approvedAt.Text) != "" {
			f.showErr(models.NewFieldError("approved_at", "err.unpack.approved_at", "Write the time as YYYY-MM-DD HH:MM.", nil))
			return
		}
		dd, fe := models.ParseDate(due.Text)
		if fe != nil {
			fe.Field = "refill_due"
			f.showErr(fe)
			return
		}
		in.RefillDue = dd
		s.p.change(func(a *app.App) (*app.TicketDetail, error) { return a.RequestUnpack(id, in) }, f, func(err error) {
			if err != nil {
				f.showErr(err)
			}
		})
	})
}

// onPrint writes the request form and opens it.
func (s *tdPart) onPrint() {
	d := s.p.detail
	if d == nil {
		return
	}
	id, a, w := d.Ticket.ID, s.p.deps.App, s.p.deps.Window
	open := slipOpen
	s.printBtn.Disable()
	custGo(func() func() {
		path, err := a.PrintPartRequest(id, partTranslator())
		var openErr error
		if err == nil {
			openErr = open(path)
		}
		return func() {
			s.printBtn.Enable()
			s.lastPDF, s.lastErr = path, firstErr(err, openErr)
			if s.lastErr != nil {
				showError(w, s.lastErr)
			}
		}
	})
}

// partStatuses are the part request statuses, in workflow order.
var partStatuses = []models.Status{models.StatusRequested, models.StatusApproved, models.StatusInProduction,
	models.StatusWarehoused, models.StatusShipped, models.StatusPartReceived, models.StatusClosed, models.StatusCancelled}

// partsList is the list of replacement part requests, filtered by status,
// category and request dates, with the summary sheet (补件汇总表) of the
// dates chosen. Choosing a request opens it on the ticket page.
type partsList struct {
	deps   *Deps
	onOpen func(id string)

	status   *widget.Select
	category *widget.Select
	from, to *widget.Entry
	dateErr  *widget.Label
	count    *widget.Label
	list     *widget.List
	printBtn *widget.Button
	hide     func()

	cats    []models.PartCategory
	rows    []app.PartRow
	gen     int
	ctx     context.Context    // the current filters' load; a newer filter cancels it
	cancel  context.CancelFunc // cancels ctx
	loaded  bool               // for tests: a load finished
	lastPDF string             // for tests: the last summary written
	lastErr error
}

// newPartsList builds the list; load fills it.
func newPartsList(d *Deps, onOpen func(id string)) *partsList {
	l := &partsList{deps: d, onOpen: onOpen, cats: d.App.PartCategories()}
	opts := []string{T("parts.list.all_statuses", "All statuses")}
	for _, s := range partStatuses {
		opts = append(opts, StatusLabel(s))
	}
	l.status = widget.NewSelect(opts, func(string) { l.load() })
	copts := []string{T("parts.list.all_categories", "All categories")}
	for _, c := range l.cats {
		copts = append(copts, partCategoryLabel(c))
	}
	l.category = widget.NewSelect(copts, func(string) { l.load() })
	now := d.App.Now()
	l.from, l.to = widget.NewEntry(), widget.NewEntry()
	l.from.SetText(models.FormatDate(time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)))
	l.to.SetText(models.FormatDate(now))
	l.from.OnChanged = func(string) { l.load() }
	l.to.OnChanged = func(string) { l.load() }
	l.dateErr = custErrLabel()
	l.count = widget.NewLabel("")
	l.count.Importance = widget.LowImportance
	l.list = widget.NewList(func() int { return len(l.rows) },
		func() fyne.CanvasObject {
			t := widget.NewLabel("")
			t.Truncation = fyne.TextTruncateEllipsis
			return t
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(l.rows) {
				lab := o.(*widget.Label)
				lab.SetText(l.rowText(l.rows[i]))
				if l.rows[i].Late {
					lab.Importance = widget.DangerImportance
				} else {
					lab.Importance = widget.MediumImportance
				}
				lab.Refresh()
			}
		})
	l.list.OnSelected = l.onSelected
	l.printBtn = widget.NewButtonWithIcon(T("parts.list.print", "Print summary sheet"), theme.DocumentPrintIcon(), l.onPrint)
	l.status.SetSelectedIndex(0)
	l.category.SetSelectedIndex(0)
	return l
}

// partsListMax is how many requests the list shows at most (a variable for
// tests); the count says when the filters match more.
var partsListMax = 500

// rowText is one request as the list shows it.
func (l *partsList) rowText(r app.PartRow) string {
	exp := "—"
	if r.Expected != nil {
		exp = models.FormatDate(*r.Expected)
	}
	s := strings.Join([]string{r.Number, r.Customer, r.PartName + " × " + strconv.Itoa(r.Qty), partCategoryName(l.cats, r.Category),
		StatusLabel(r.Status), T("parts.list.expected", "expected {{.Date}}", map[string]any{"Date": exp})}, " · ")
	if r.Urgent {
		s = T("parts.list.urgent", "[Urgent]") + " " + s
	}
	if r.Late {
		s += " · " + T("parts.late", "LATE")
	}
	return s
}

// filter reads the filters; a date that cannot be read is shown as such.
func (l *partsList) filter() (app.PartFilter, bool) {
	f := app.PartFilter{Limit: partsListMax + 1} // one more: are there more than the list shows?
	if n := l.status.SelectedIndex(); n > 0 {
		f.Status = partStatuses[n-1]
	}
	if n := l.category.SelectedIndex(); n > 0 && n <= len(l.cats) {
		f.Category = l.cats[n-1].Key
	}
	ok := true
	for _, e := range []struct {
		entry *widget.Entry
		dst   *time.Time
	}{{l.from, &f.From}, {l.to, &f.To}} {
		if strings.TrimSpace(e.entry.Text) == "" {
			continue
		}
		d, fe := models.ParseDate(e.entry.Text)
		if fe != nil {
			custSetErr(l.dateErr, FieldErrText(fe))
			ok = false
			continue
		}
		*e.dst = d
	}
	if ok {
		custSetErr(l.dateErr, "")
	}
	return f, ok
}

// load reads the requests off the UI goroutine, cancelling the load of
// the filters before (a date typed a digit at a time reloads at every
// date that reads).
func (l *partsList) load() {
	if l.status == nil || l.category == nil || l.from == nil || l.to == nil || l.list == nil {
		return // still being built
	}
	f, ok := l.filter()
	if !ok {
		return
	}
	if l.cancel != nil {
		l.cancel()
	}
	l.ctx, l.cancel = context.WithCancel(context.Background())
	l.gen++
	gen, ctx, a := l.gen, l.ctx, l.deps.App
	custGo(func() func() {
		rows, err := a.PartRequests(ctx, f)
		if ctx.Err() != nil {
			return nil // a newer filter's load replaces it
		}
		return func() {
			if gen != l.gen {
				return
			}
			l.loaded = true
			if err != nil {
				l.rows = nil
				l.count.SetText(ErrText(err))
			} else if len(rows) > partsListMax {
				l.rows = rows[:partsListMax]
				l.count.SetText(T("parts.list.count_more", "More than {{.Count}} requests: the first {{.Count}} are listed. Narrow the dates, status or category to see the rest.", map[string]any{"Count": partsListMax}))
			} else {
				l.rows = rows
				l.count.SetText(T("parts.list.count", "{{.Count}} request(s)", map[string]any{"Count": len(rows)}))
			}
			l.list.UnselectAll()
			l.list.Refresh()
		}
	})
}

// onSelected opens the request on the ticket page.
func (l *partsList) onSelected(i widget.ListItemID) {
	if i < 0 || i >= len(l.rows) {
		return
	}
	id := l.rows[i].ID
	if l.hide != nil {
		l.hide()
	}
	if l.onOpen != nil {
		l.onOpen(id)
	}
}

// onPrint writes the summary sheet of the chosen dates and opens it.
func (l *partsList) onPrint() {
	f, ok := l.filter()
	if !ok {
		return
	}
	if f.From.IsZero() || f.To.IsZero() {
		custSetErr(l.dateErr, T("parts.list.dates_required", "Enter the first and last day of the period to print."))
		return
	}
	a, w, open := l.deps.App, l.deps.Window, slipOpen
	l.printBtn.Disable()
	custGo(func() func() {
		path, err := a.PrintPartSummary(f.From, f.To, partTranslator())
		var openErr error
		if err == nil {
			openErr = open(path)
		}
		return func() {
			l.printBtn.Enable()
			l.lastPDF, l.lastErr = path, firstErr(err, openErr)
			if l.lastErr != nil {
				showError(w, l.lastErr)
			}
		}
	})
}

// content lays the list out.
func (l *partsList) content() fyne.CanvasObject {
	top := container.NewVBox(
		container.NewGridWithColumns(2, l.status, l.category),
		container.NewBorder(nil, nil, widget.NewLabel(T("parts.list.requested", "Requested")), nil, container.NewGridWithColumns(2, l.from, l.to)),
		l.dateErr,
		container.NewBorder(nil, nil, nil, l.printBtn, l.count),
		widget.NewSeparator(),
	)
	return container.NewBorder(top, nil, nil, nil, l.list)
}

// showPartsList opens the list in a dialog over the window.
func showPartsList(d *Deps, onOpen func(id string)) *partsList {
	l := newPartsList(d, onOpen)
	dlg := dialog.NewCustom(T("parts.list.title", "Replacement parts"), T("parts.list.close", "Close"), l.content(), d.Window)
	l.hide = dlg.Hide
	dlg.Resize(fyne.NewSize(900, 600))
	dlg.Show()
	l.load()
	return l
}
