package screens

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// Paging and timing of the customer search.
const (
	custPageSize    = 50                     // rows fetched per page
	custLoadAhead   = 10                     // fetch the next page this many rows before the end
	custSearchDelay = 150 * time.Millisecond // debounce: wait for the typist to pause
	custKeepMax     = 500                    // rows a search again in place reads at most (app's limit)
)

// custPending counts background jobs of the customer screens that have not
// yet applied their result. Tests wait for it to reach zero before they
// look at widgets; reading it through an atomic also orders their reads
// after the jobs' writes.
var custPending atomic.Int64

// custApplyMu serialises the results applied by custGo.
var custApplyMu sync.Mutex

// custGo runs work off the UI goroutine and then applies the function it
// returns (if any) on the UI goroutine with fyne.Do. Every database call of
// the customer screens goes through here.
func custGo(work func() (apply func())) {
	custPending.Add(1)
	go func() {
		apply := work()
		if apply == nil {
			custPending.Add(-1)
			return
		}
		fyne.Do(func() {
			defer custPending.Add(-1)
			// Uncontended in the app, where fyne.Do runs everything on one
			// goroutine; the test driver runs it on the caller's goroutine,
			// so this keeps two results from being applied at once there.
			custApplyMu.Lock()
			defer custApplyMu.Unlock()
			apply()
		})
	}()
}

// custSleep waits d unless ctx ends first; it reports whether to go on.
func custSleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// custErrLabel is a red, wrapping label for a field's problem; it stays
// hidden (and takes no space) while there is none.
func custErrLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// custSetErr shows text in an error label, or hides the label when text
// is "". It reports whether the label changed, in which case the form
// around it must lay out again (a shown label takes space).
func custSetErr(l *widget.Label, text string) bool {
	changed := l.Text != text || l.Visible() != (text != "")
	if !changed {
		return false
	}
	l.SetText(text)
	if text == "" {
		l.Hide()
	} else {
		l.Show()
	}
	return true
}

// customersScreen is the Customers area: a search box and a paged list of
// results on the left, the selected customer's details on the right.
type customersScreen struct {
	deps *Deps

	search       *widget.Entry
	list         *widget.List
	count        *widget.Label
	showArchived *widget.Check
	newBtn       *widget.Button
	importBtn    *widget.Button
	exportBtn    *widget.Button
	detail       *customerDetail
	root         fyne.CanvasObject

	// Search state; read and written only on the UI goroutine.
	results       []app.CustomerSummary
	gen           int                // bumped by every search; older answers are dropped
	ctx           context.Context    // the current search, cancelled by the next one
	cancel        context.CancelFunc // cancels ctx
	query         string             // the text the current search is for
	archived      bool               // whether the current search includes archived customers
	ready         bool               // the current search's first page is shown
	hasMore       bool               // the last page was full, so there may be more
	loadingMore   bool               // a next page is being fetched
	selectFirst   bool               // Enter was pressed before the results arrived
	pendingSelect string             // highlight this customer when the results contain it

	form         *customerForm     // the last customer form opened (tests look at it)
	importDlg    *custImportDialog // the last import preview shown (tests look at it)
	exportResult string            // the last export's report (tests look at it)
}

// newCustomersScreen builds the Customers area.
func newCustomersScreen(d *Deps) *customersScreen {
	s := &customersScreen{deps: d}
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(T("customers.search.hint", "Name, pinyin, any part of a phone, or address"))
	s.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	s.search.OnChanged = s.onSearchChanged
	s.search.OnSubmitted = s.onSearchSubmitted

	s.list = widget.NewList(s.listLength, s.newListRow, s.updateListRow)
	s.list.OnSelected = s.onListSelected

	s.count = widget.NewLabel("")
	s.count.SizeName = theme.SizeNameCaptionText
	s.count.Truncation = fyne.TextTruncateEllipsis
	s.showArchived = widget.NewCheck(T("customers.show_archived", "Show archived"), s.onShowArchived)

	s.newBtn = widget.NewButtonWithIcon(T("customers.new", "New customer"), theme.ContentAddIcon(), s.onNew)
	s.newBtn.Importance = widget.HighImportance
	s.importBtn = widget.NewButtonWithIcon(T("customers.import", "Import…"), theme.DownloadIcon(), s.onImport)
	s.exportBtn = widget.NewButtonWithIcon(T("customers.export", "Export…"), theme.UploadIcon(), s.onExport)

	s.detail = newCustomerDetail(s)

	top := container.NewVBox(
		s.search,
		container.NewBorder(nil, nil, nil, s.showArchived, s.count),
	)
	buttons := container.NewVBox(
		widget.NewSeparator(),
		container.NewBorder(nil, nil, nil, container.NewHBox(s.importBtn, s.exportBtn), s.newBtn),
	)
	left := container.NewBorder(top, buttons, nil, nil, s.list)
	split := container.NewHSplit(container.NewPadded(left), s.detail.content())
	split.Offset = 0.34
	s.root = split
	return s
}

// content is the area's root object for the main window.
func (s *customersScreen) content() fyne.CanvasObject { return s.root }

// shown runs each time the area is shown: the list may be stale after work
// in other areas, so search again (at once) and focus the search box.
func (s *customersScreen) shown() {
	// Focus only once the area is on the window: the first call comes
	// while the main window is still being built.
	if c := fyne.CurrentApp().Driver().CanvasForObject(s.search); c != nil {
		c.Focus(s.search)
	}
	s.startSearch(0)
	if id := s.detail.customerID(); id != "" {
		s.detail.load(id)
	}
}

// onDataChanged follows changes made on another PC (window.go): the same
// search again in place and the customer on the right, which only shows
// (its forms are dialogs of their own).
func (s *customersScreen) onDataChanged() {
	if s.ready && !s.loadingMore && !s.selectFirst && s.pendingSelect == "" {
		s.runSearch(0, true) // else a search is under way and reads the latest
	}
	if id := s.detail.customerID(); id != "" {
		s.detail.load(id)
	}
}

// onSearchChanged starts a debounced search for every keystroke.
func (s *customersScreen) onSearchChanged(string) { s.startSearch(custSearchDelay) }

// onShowArchived searches again with or without archived customers.
func (s *customersScreen) onShowArchived(bool) { s.startSearch(0) }

// onSearchSubmitted (Enter) selects the first result, waiting for the
// search that is still running if the results are not in yet.
func (s *customersScreen) onSearchSubmitted(text string) {
	if text == s.query && s.showArchived.Checked == s.archived && s.loaded() {
		if len(s.results) > 0 {
			s.selectIndex(0)
		}
		return
	}
	s.selectFirst = true
	s.startSearch(0)
}

// loaded reports whether the results of the current search are applied.
func (s *customersScreen) loaded() bool { return s.ready }

// startSearch cancels the running search and starts a new one for the
// search box's text after delay. The count is fetched alongside.
func (s *customersScreen) startSearch(delay time.Duration) { s.runSearch(delay, false) }

// runSearch is startSearch; keep searches again in place, after a change on
// another PC: as many rows as are loaded, the highlight and the scroll
// position kept.
func (s *customersScreen) runSearch(delay time.Duration, keep bool) {
	if s.cancel != nil {
		s.cancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.ctx, s.cancel = ctx, cancel
	s.gen++
	s.ready, s.loadingMore = false, false
	gen, q, archived := s.gen, s.search.Text, s.showArchived.Checked
	s.query, s.archived = q, archived
	a, limit := s.deps.App, custPageSize
	if keep {
		limit = min(max(len(s.results), custPageSize), custKeepMax)
	}
	custGo(func() func() {
		if !custSleep(ctx, delay) {
			return nil
		}
		rows, err := a.SearchCustomers(ctx, q, app.SearchOptions{Limit: limit, IncludeArchived: archived})
		if ctx.Err() != nil {
			return nil
		}
		return func() { s.applySearch(gen, rows, err, limit, keep) }
	})
	custGo(func() func() {
		if !custSleep(ctx, delay) {
			return nil
		}
		n, err := a.CountCustomers(ctx, q, archived)
		if ctx.Err() != nil {
			return nil
		}
		return func() { s.applyCount(gen, n, err) }
	})
}

// applySearch shows the first page of a search (limit rows asked for)
// unless a newer one started; keep leaves the list where it was scrolled.
func (s *customersScreen) applySearch(gen int, rows []app.CustomerSummary, err error, limit int, keep bool) {
	if gen != s.gen {
		return
	}
	s.ready = true // Enter can now act on these results directly
	if err != nil {
		s.count.SetText(ErrText(err))
		s.count.Importance = widget.DangerImportance
		s.count.Refresh()
		return
	}
	s.results = rows
	s.hasMore = len(rows) == limit
	offset := s.list.GetScrollOffset()
	s.list.UnselectAll()
	s.list.Refresh()
	// Highlight the customer on the right if the results contain them, but
	// scroll to them only when they were asked for (after New or Open
	// existing); otherwise the best matches at the top stay in view.
	pending := s.pendingSelect
	want := pending
	if want == "" {
		want = s.detail.customerID()
	}
	scrolled := false
	for i, r := range s.results {
		if r.ID == want {
			s.list.Select(i)
			s.pendingSelect = ""
			scrolled = pending != ""
			break
		}
	}
	switch {
	case keep:
		s.list.ScrollToOffset(offset)
	case !scrolled:
		s.list.ScrollToTop()
	}
	if s.selectFirst {
		s.selectFirst = false
		if len(s.results) > 0 {
			s.selectIndex(0)
		}
	}
}

// applyCount shows "N customers" for the search unless a newer one started.
func (s *customersScreen) applyCount(gen int, n int64, err error) {
	if gen != s.gen {
		return
	}
	s.count.Importance = widget.MediumImportance
	switch {
	case err != nil:
		s.count.Importance = widget.DangerImportance
		s.count.SetText(ErrText(err))
		return
	case n == 1:
		s.count.SetText(T("customers.count_one", "1 customer"))
	default:
		s.count.SetText(T("customers.count", "{{.N}} customers", map[string]any{"N": n}))
	}
}

// loadMore fetches the next page of the current search.
func (s *customersScreen) loadMore() {
	if !s.hasMore || s.loadingMore || s.ctx == nil {
		return
	}
	s.loadingMore = true
	gen, ctx, q, archived, offset := s.gen, s.ctx, s.query, s.archived, len(s.results)
	a := s.deps.App
	custGo(func() func() {
		rows, err := a.SearchCustomers(ctx, q, app.SearchOptions{Limit: custPageSize, Offset: offset, IncludeArchived: archived})
		if ctx.Err() != nil {
			return nil
		}
		return func() { s.applyMore(gen, offset, rows, err) }
	})
}

// applyMore appends a further page to the list.
func (s *customersScreen) applyMore(gen, offset int, rows []app.CustomerSummary, err error) {
	if gen != s.gen || offset != len(s.results) {
		return
	}
	s.loadingMore = false
	if err != nil {
		s.hasMore = false
		s.count.Importance = widget.DangerImportance
		s.count.SetText(ErrText(err))
		return
	}
	s.results = append(s.results, rows...)
	s.hasMore = len(rows) == custPageSize
	s.list.Refresh()
}

// listLength is the number of loaded results.
func (s *customersScreen) listLength() int { return len(s.results) }

// newListRow is the list's row template: name and main phone on the first
// line, main address below in small print.
func (s *customersScreen) newListRow() fyne.CanvasObject { return newPersonRow() }

// updateListRow fills a row and asks for the next page when the person
// scrolls near the end.
func (s *customersScreen) updateListRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.results) {
		return
	}
	r := s.results[id]
	nameText := r.Name
	if r.Archived {
		nameText += "  " + T("customers.archived_mark", "(archived)")
	}
	addr := r.Address
	if addr == "" {
		addr = T("customers.no_address", "No address")
	}
	asPersonRow(o).set(nameText, models.FormatPhone(r.Phone), addr, r.Archived)
	if id >= len(s.results)-custLoadAhead {
		s.loadMore()
	}
}

// onListSelected shows the chosen customer on the right.
func (s *customersScreen) onListSelected(id widget.ListItemID) {
	if id < 0 || id >= len(s.results) {
		return
	}
	if s.results[id].ID == s.detail.customerID() {
		return // re-highlighting after a refresh; the pane is current
	}
	s.detail.load(s.results[id].ID)
}

// selectIndex highlights a result and shows it.
func (s *customersScreen) selectIndex(i int) {
	s.list.Select(i)
	s.list.ScrollTo(i)
}

// showCustomer shows a customer on the right and brings it into the list by
// searching for query (typically its phone number), highlighting it there.
func (s *customersScreen) showCustomer(id, query string) {
	s.pendingSelect = id
	s.detail.load(id)
	if s.search.Text == query {
		s.startSearch(0)
		return
	}
	s.search.SetText(query) // starts the search through OnChanged
}

// refresh searches again and reloads the customer on the right, after a
// change made in a dialog.
func (s *customersScreen) refresh() {
	s.startSearch(0)
	if id := s.detail.customerID(); id != "" {
		s.detail.load(id)
	}
}

// customerFromSearch starts a new customer from what was typed in a
// search box: digits as the phone, other (non-Latin) text as the name.
func customerFromSearch(text string) models.CustomerInput {
	in := models.CustomerInput{}
	if q := models.ParseSearch(text); q.Digits != "" && len(q.Digits) >= 7 {
		in.Phones = []string{text}
	} else if q.Text != "" && q.Digits == "" && !q.Latin {
		in.Name = text
	}
	return in
}

// onNew opens the form for a new customer. What the person typed in the
// search box is carried over: digits as the phone, other text as the name,
// because the counter usually searches first and creates when nothing is found.
func (s *customersScreen) onNew() {
	f := newCustomerForm(s.deps, nil, customerFromSearch(s.search.Text))
	f.OnSaved = s.onCustomerCreated
	f.OnOpenExisting = s.onOpenExisting
	s.form = f
	f.show()
}

// onCustomerCreated shows the new customer, found by its main phone.
func (s *customersScreen) onCustomerCreated(c *models.Customer) {
	s.showCustomer(c.ID, c.MainPhone())
}

// onCustomerEdited refreshes the list and the pane after an edit.
func (s *customersScreen) onCustomerEdited(*models.Customer) { s.refresh() }

// onOpenExisting shows the customer who already has a number, as chosen in
// the duplicate-phone dialog.
func (s *customersScreen) onOpenExisting(c app.CustomerSummary) {
	if c.Archived && !s.showArchived.Checked {
		s.showArchived.SetChecked(true) // or the list could not show them
	}
	s.showCustomer(c.ID, c.Phone)
}

// onEdit opens the form for the customer on the right.
func (s *customersScreen) onEdit(c *models.Customer) {
	f := newCustomerForm(s.deps, c, customerInputOf(c))
	f.OnSaved = s.onCustomerEdited
	f.OnOpenExisting = s.onOpenExisting
	s.form = f
	f.show()
}

// confirmArchive asks before archiving or restoring a customer.
func (s *customersScreen) confirmArchive(c *models.Customer) {
	title := T("customers.archive.title", "Archive customer")
	msg := T("customers.archive.confirm", "Archive {{.Name}}? The customer disappears from searches; purchases and history are kept, and you can restore them with Show archived.", map[string]any{"Name": c.Name})
	ok := T("customers.archive", "Archive")
	if c.Archived() {
		title = T("customers.restore.title", "Restore customer")
		msg = T("customers.restore.confirm", "Restore {{.Name}}? The customer appears in searches again.", map[string]any{"Name": c.Name})
		ok = T("customers.restore", "Restore")
	}
	d := dialog.NewConfirm(title, msg, func(yes bool) {
		if yes {
			s.setArchived(c.ID, !c.Archived())
		}
	}, s.deps.Window)
	d.SetConfirmText(ok)
	d.SetDismissText(T("customers.common.cancel", "Cancel"))
	d.Show()
}

// setArchived archives or restores a customer in the background.
func (s *customersScreen) setArchived(id string, archive bool) {
	a := s.deps.App
	custGo(func() func() {
		var err error
		if archive {
			err = a.ArchiveCustomer(id)
		} else {
			err = a.RestoreCustomer(id)
		}
		return func() { s.afterChange(err) }
	})
}

// afterChange reports a failed change or refreshes after a successful one.
func (s *customersScreen) afterChange(err error) {
	if err != nil {
		s.showErr(err)
	}
	s.refresh()
}

// showErr shows an error in the person's language in a dialog.
func (s *customersScreen) showErr(err error) {
	dialog.ShowInformation(T("customers.common.error", "Something went wrong"), ErrText(err), s.deps.Window)
}

// customerInputOf turns a saved customer back into form input.
func customerInputOf(c *models.Customer) models.CustomerInput {
	in := models.CustomerInput{Name: c.Name, Notes: c.Notes}
	for _, p := range c.Phones {
		in.Phones = append(in.Phones, models.FormatPhone(p.Number))
		in.Labels = append(in.Labels, p.Label)
	}
	for _, a := range c.Addresses {
		in.Addresses = append(in.Addresses, a.Text)
	}
	return in
}

// custWarrantyText describes a warranty for the counter, with the colour
// it is shown in: green in warranty, orange expiring, red expired, grey none.
func custWarrantyText(w models.Warranty) (string, widget.Importance) {
	date := models.FormatDate(w.Expiry)
	switch w.State {
	case models.WarrantyIn:
		return T("customers.warranty.in", "In warranty until {{.Date}}", map[string]any{"Date": date}), widget.SuccessImportance
	case models.WarrantyExpiring:
		if w.DaysLeft == 0 {
			return T("customers.warranty.expires_today", "In warranty, expires today"), widget.WarningImportance
		}
		if w.DaysLeft == 1 {
			return T("customers.warranty.expires_tomorrow", "In warranty, expires tomorrow ({{.Date}})", map[string]any{"Date": date}), widget.WarningImportance
		}
		return T("customers.warranty.expiring", "In warranty, expires in {{.N}} days ({{.Date}})", map[string]any{"N": w.DaysLeft, "Date": date}), widget.WarningImportance
	case models.WarrantyExpired:
		return T("customers.warranty.expired", "Out of warranty since {{.Date}}", map[string]any{"Date": models.FormatDate(w.Expiry.AddDate(0, 0, 1))}), widget.DangerImportance
	}
	return T("customers.warranty.none", "No warranty"), widget.LowImportance
}

// customerDetail is the right-hand pane: one customer's contact details,
// purchases with their warranty, and the history of changes.
type customerDetail struct {
	s *customersScreen

	id       string // the customer shown or being loaded; "" for none
	gen      int    // bumped by every load; older answers are dropped
	customer *models.Customer
	history  []app.HistoryEntry
	types    []models.ProductType // the catalogue, loaded with the customer
	now      time.Time
	selID    string // the selected purchase

	stack     *fyne.Container
	empty     fyne.CanvasObject
	emptyText *widget.Label
	body      fyne.CanvasObject

	name      *widget.Label
	badge     *widget.Label
	phones    *widget.Label
	addresses *widget.Label
	notes     *widget.Label
	stamps    *widget.Label

	editBtn            *widget.Button
	printBtn           *widget.Button
	archiveBtn         *widget.Button
	addPurchaseBtn     *widget.Button
	editPurchaseBtn    *widget.Button
	archivePurchaseBtn *widget.Button

	purchaseList  *widget.List
	noPurchases   *widget.Label
	historyList   *widget.List
	tabs          *container.AppTabs
	ticketsTab    *container.TabItem
	tickets       *customerTickets
	newTicketBtn  *widget.Button
	purchasesTab  *container.TabItem
	historyTab    *container.TabItem
	historyHeight map[int]float32
}

// newCustomerDetail builds the pane, showing its empty state.
func newCustomerDetail(s *customersScreen) *customerDetail {
	d := &customerDetail{s: s, historyHeight: map[int]float32{}}

	d.emptyText = widget.NewLabelWithStyle(T("customers.empty", "Select a customer on the left, or create a new one."),
		fyne.TextAlignCenter, fyne.TextStyle{})
	tip := widget.NewLabelWithStyle(T("customers.empty_tip", "Tip: search by the last four digits of a phone, pinyin initials (zw for 张伟) or part of an address."),
		fyne.TextAlignCenter, fyne.TextStyle{})
	tip.SizeName = theme.SizeNameCaptionText
	icon := widget.NewIcon(theme.AccountIcon())
	d.empty = container.NewCenter(container.NewVBox(
		container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(64), icon)), d.emptyText, tip))

	d.name = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.name.SizeName = theme.SizeNameSubHeadingText
	d.name.Truncation = fyne.TextTruncateEllipsis
	d.badge = widget.NewLabel(T("customers.archived_badge", "Archived"))
	d.badge.Importance = widget.WarningImportance
	d.phones = d.valueLabel()
	d.addresses = d.valueLabel()
	d.notes = d.valueLabel()
	d.stamps = widget.NewLabel("")
	d.stamps.SizeName = theme.SizeNameCaptionText
	d.stamps.Importance = widget.LowImportance

	d.editBtn = widget.NewButtonWithIcon(T("customers.edit", "Edit"), theme.DocumentCreateIcon(), d.onEdit)
	d.archiveBtn = widget.NewButtonWithIcon(T("customers.archive", "Archive"), theme.DeleteIcon(), d.onArchive)
	d.printBtn = widget.NewButtonWithIcon(T("customers.print", "Print record"), theme.DocumentPrintIcon(), d.onPrint)
	d.newTicketBtn = widget.NewButtonWithIcon(T("customers.new_ticket", "New ticket"), theme.ContentAddIcon(), d.onNewTicket)
	d.newTicketBtn.Importance = widget.HighImportance
	d.addPurchaseBtn = widget.NewButtonWithIcon(T("customers.purchase.add", "Add purchase"), theme.ContentAddIcon(), d.onAddPurchase)
	d.editPurchaseBtn = widget.NewButtonWithIcon(T("customers.purchase.edit", "Edit purchase"), theme.DocumentCreateIcon(), d.onEditPurchase)
	d.archivePurchaseBtn = widget.NewButtonWithIcon(T("customers.purchase.archive", "Archive purchase"), theme.DeleteIcon(), d.onArchivePurchase)

	d.purchaseList = widget.NewList(d.purchaseCount, d.newPurchaseRow, d.updatePurchaseRow)
	d.purchaseList.OnSelected = d.onPurchaseSelected
	d.purchaseList.OnUnselected = d.onPurchaseUnselected
	d.noPurchases = widget.NewLabelWithStyle(T("customers.no_purchases", "No purchases yet. Add what the customer bought to see whether a repair is free."),
		fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	d.noPurchases.Wrapping = fyne.TextWrapWord
	d.noPurchases.Importance = widget.LowImportance

	d.historyList = widget.NewList(d.historyCount, d.newHistoryRow, d.updateHistoryRow)

	header := container.NewBorder(nil, nil, nil,
		container.NewHBox(d.badge, d.newTicketBtn, d.editBtn, d.printBtn, d.archiveBtn), d.name)
	info := container.New(layout.NewFormLayout(),
		d.keyLabel(T("customers.phones", "Phones")), d.phones,
		d.keyLabel(T("customers.addresses", "Addresses")), d.addresses,
		d.keyLabel(T("customers.notes", "Notes")), d.notes,
	)
	top := container.NewVBox(header, info, d.stamps)

	purchases := container.NewBorder(
		container.NewHBox(d.addPurchaseBtn, d.editPurchaseBtn, d.archivePurchaseBtn), nil, nil, nil,
		// A wrapped label in a Center shrinks to one letter a line: the box
		// gives it the full width and the spacers centre it.
		container.NewStack(d.purchaseList, container.NewVBox(layout.NewSpacer(), d.noPurchases, layout.NewSpacer())))
	d.purchasesTab = container.NewTabItemWithIcon(T("customers.tab.purchases", "Purchases"), theme.ListIcon(), purchases)
	d.historyTab = container.NewTabItemWithIcon(T("customers.tab.history", "History"), theme.HistoryIcon(), d.historyList)
	d.tickets = newCustomerTickets(s.deps)
	d.ticketsTab = container.NewTabItemWithIcon(T("customers.tab.tickets", "Tickets"), theme.DocumentIcon(), d.tickets.root)
	d.tabs = container.NewAppTabs(d.purchasesTab, d.ticketsTab, d.historyTab)

	d.body = container.NewPadded(container.NewBorder(container.NewVBox(top, widget.NewSeparator()), nil, nil, nil, d.tabs))
	d.stack = container.NewStack(d.empty)
	return d
}

// content is the pane's root object.
func (d *customerDetail) content() fyne.CanvasObject { return d.stack }

// valueLabel is a wrapping label for a value in the info block.
func (d *customerDetail) valueLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	l.Selectable = true // staff copy phone numbers and addresses
	return l
}

// keyLabel is a field name in the info block.
func (d *customerDetail) keyLabel(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignTrailing, fyne.TextStyle{})
	l.Importance = widget.LowImportance
	return l
}

// customerID is the customer shown (or being loaded), "" when none.
func (d *customerDetail) customerID() string { return d.id }

// load fetches a customer with purchases and history in the background and
// then shows them.
func (d *customerDetail) load(id string) {
	d.id = id
	d.gen++
	gen := d.gen
	a := d.s.deps.App
	custGo(func() func() {
		c, err := a.Customer(id)
		var hist []app.HistoryEntry
		if err == nil {
			hist, err = a.CustomerHistory(id)
		}
		types, now := a.ProductTypes(), a.Now()
		return func() { d.apply(gen, c, hist, types, now, err) }
	})
}

// clear shows the empty state.
func (d *customerDetail) clear(message string) {
	d.id, d.customer, d.history, d.selID = "", nil, nil, ""
	d.gen++
	d.emptyText.SetText(message)
	d.stack.Objects = []fyne.CanvasObject{d.empty}
	d.stack.Refresh()
}

// apply shows a loaded customer unless another one was chosen meanwhile.
func (d *customerDetail) apply(gen int, c *models.Customer, hist []app.HistoryEntry, types []models.ProductType, now time.Time, err error) {
	if gen != d.gen {
		return
	}
	if err != nil {
		d.clear(ErrText(err))
		return
	}
	d.customer, d.history, d.types, d.now = c, hist, types, now

	d.name.SetText(c.Name)
	d.tickets.load(c.ID, func(rows []app.TicketRow, err error) { d.applyTickets(gen, rows, err) })
	if c.Archived() {
		d.badge.Show()
		d.archiveBtn.SetText(T("customers.restore", "Restore"))
		d.archiveBtn.SetIcon(theme.ViewRefreshIcon())
	} else {
		d.badge.Hide()
		d.archiveBtn.SetText(T("customers.archive", "Archive"))
		d.archiveBtn.SetIcon(theme.DeleteIcon())
	}
	d.phones.SetText(custPhoneLines(c))
	d.addresses.SetText(custDash(custAddressLines(c)))
	d.notes.SetText(custDash(c.Notes))
	d.stamps.SetText(T("customers.stamps", "Created {{.Created}} · Updated {{.Updated}}", map[string]any{
		"Created": c.CreatedAt.Local().Format("2006-01-02 15:04"),
		"Updated": c.UpdatedAt.Local().Format("2006-01-02 15:04"),
	}))

	found := false
	for _, p := range c.Purchases {
		found = found || p.ID == d.selID
	}
	if !found {
		d.selID = ""
	}
	d.purchaseList.UnselectAll()
	d.purchaseList.Refresh()
	for i, p := range c.Purchases {
		if p.ID == d.selID {
			d.purchaseList.Select(i)
		}
	}
	if len(c.Purchases) == 0 {
		d.noPurchases.Show()
	} else {
		d.noPurchases.Hide()
	}
	d.purchasesTab.Text = T("customers.tab.purchases_n", "Purchases ({{.N}})", map[string]any{"N": len(c.Purchases)})
	d.historyTab.Text = T("customers.tab.history_n", "History ({{.N}})", map[string]any{"N": len(hist)})
	d.tabs.Refresh()
	d.historyHeight = map[int]float32{}
	d.historyList.Refresh()
	d.historyList.ScrollToTop()
	d.updatePurchaseButtons()

	if len(d.stack.Objects) != 1 || d.stack.Objects[0] != d.body {
		d.stack.Objects = []fyne.CanvasObject{d.body}
		d.stack.Refresh()
	}
}

// custDash shows an em dash for an empty value, so a blank is visibly blank.
func custDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// custPhoneLines lists the phones, formatted, one per line with their label.
func custPhoneLines(c *models.Customer) string {
	out := ""
	for i, p := range c.Phones {
		if i > 0 {
			out += "\n"
		}
		out += models.FormatPhone(p.Number)
		if p.Label != "" {
			out += "  (" + p.Label + ")"
		}
	}
	return custDash(out)
}

// custAddressLines lists the addresses one per line.
func custAddressLines(c *models.Customer) string {
	out := ""
	for i, a := range c.Addresses {
		if i > 0 {
			out += "\n"
		}
		out += a.Text
	}
	return out
}

// purchaseCount is the number of purchases shown.
func (d *customerDetail) purchaseCount() int {
	if d.customer == nil {
		return 0
	}
	return len(d.customer.Purchases)
}

// newPurchaseRow is a purchase row template: the product, brand and model
// with the warranty status on the right, and below them in small print
// the type, purchase date, warranty length, serial, invoice and address.
func (d *customerDetail) newPurchaseRow() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	status := widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	details := widget.NewLabel("")
	details.SizeName = theme.SizeNameCaptionText
	details.Truncation = fyne.TextTruncateEllipsis
	return container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()),
		container.NewBorder(nil, nil, nil, status, title), details)
}

// updatePurchaseRow fills a purchase row. The status is coloured by the
// warranty (green, orange, red, grey); archived purchases are all grey.
func (d *customerDetail) updatePurchaseRow(id widget.ListItemID, o fyne.CanvasObject) {
	if d.customer == nil || id >= len(d.customer.Purchases) {
		return
	}
	p := &d.customer.Purchases[id]
	box := o.(*fyne.Container)
	top := box.Objects[0].(*fyne.Container)
	title, status := top.Objects[0].(*widget.Label), top.Objects[1].(*widget.Label)
	details := box.Objects[1].(*widget.Label)

	text := p.Product
	if bm := strings.TrimSpace(p.Brand + " " + p.Model); bm != "" {
		text += "  ·  " + bm
	}
	if p.Archived() {
		text += "  " + T("customers.archived_mark", "(archived)")
	}
	statusText, imp := custWarrantyText(p.Warranty(d.now))
	var parts []string
	if p.ProductType != "" {
		parts = append(parts, custProductTypeName(d.types, p.ProductType))
	}
	parts = append(parts, T("customers.purchase.purchased_on", "Purchased {{.Date}}", map[string]any{"Date": models.FormatDate(p.PurchaseDate)}))
	if p.WarrantyMonths > 0 {
		parts = append(parts, T("customers.purchase.months_n", "{{.N}} months warranty", map[string]any{"N": p.WarrantyMonths}))
	}
	if p.Serial != "" {
		parts = append(parts, T("customers.purchase.serial_n", "Serial {{.Serial}}", map[string]any{"Serial": p.Serial}))
	}
	if p.InvoiceNo != "" {
		parts = append(parts, T("customers.purchase.invoice_n", "Invoice {{.No}}", map[string]any{"No": p.InvoiceNo}))
	}
	if p.DeliveryAddress != "" {
		parts = append(parts, T("customers.purchase.delivered_to", "Delivered to {{.Address}}", map[string]any{"Address": p.DeliveryAddress}))
	}

	title.Importance, details.Importance, status.Importance = widget.MediumImportance, widget.MediumImportance, imp
	if p.Archived() {
		title.Importance, details.Importance, status.Importance = widget.LowImportance, widget.LowImportance, widget.LowImportance
	}
	title.SetText(text)
	status.SetText(statusText)
	details.SetText(strings.Join(parts, "   ·   "))
	top.Refresh() // the status width changes with its text
}

// onPurchaseSelected remembers the chosen purchase for Edit and Archive.
func (d *customerDetail) onPurchaseSelected(id widget.ListItemID) {
	if d.customer != nil && id >= 0 && id < len(d.customer.Purchases) {
		d.selID = d.customer.Purchases[id].ID
	}
	d.updatePurchaseButtons()
}

// onPurchaseUnselected forgets the chosen purchase.
func (d *customerDetail) onPurchaseUnselected(widget.ListItemID) {
	d.selID = ""
	d.updatePurchaseButtons()
}

// selectedPurchase is the chosen purchase, or nil.
func (d *customerDetail) selectedPurchase() *models.Purchase {
	if d.customer == nil || d.selID == "" {
		return nil
	}
	for i := range d.customer.Purchases {
		if d.customer.Purchases[i].ID == d.selID {
			return &d.customer.Purchases[i]
		}
	}
	return nil
}

// updatePurchaseButtons enables Edit/Archive purchase for a selection and
// turns Archive into Restore for an archived purchase.
func (d *customerDetail) updatePurchaseButtons() {
	p := d.selectedPurchase()
	if p == nil {
		d.editPurchaseBtn.Disable()
		d.archivePurchaseBtn.Disable()
		d.archivePurchaseBtn.SetText(T("customers.purchase.archive", "Archive purchase"))
		return
	}
	d.editPurchaseBtn.Enable()
	d.archivePurchaseBtn.Enable()
	if p.Archived() {
		d.archivePurchaseBtn.SetText(T("customers.purchase.restore", "Restore purchase"))
		d.archivePurchaseBtn.SetIcon(theme.ViewRefreshIcon())
	} else {
		d.archivePurchaseBtn.SetText(T("customers.purchase.archive", "Archive purchase"))
		d.archivePurchaseBtn.SetIcon(theme.DeleteIcon())
	}
}

// onEdit opens the customer form.
func (d *customerDetail) onEdit() {
	if d.customer != nil {
		d.s.onEdit(d.customer)
	}
}

// applyTickets shows the customer's tickets if the pane still shows them.
func (d *customerDetail) applyTickets(gen int, rows []app.TicketRow, err error) {
	if gen != d.gen {
		return
	}
	if err != nil {
		d.s.showErr(err)
		return
	}
	d.tickets.set(rows)
	d.ticketsTab.Text = T("customers.tab.tickets_n", "Tickets ({{.N}})", map[string]any{"N": len(rows)})
	d.tabs.Refresh()
}

// onNewTicket opens the intake form for this customer.
func (d *customerDetail) onNewTicket() {
	if d.customer != nil && d.s.deps.Nav != nil {
		d.s.deps.Nav.NewTicket(d.customer.ID)
	}
}

// onPrint writes the customer's record sheet (contact details, purchases
// and warranties) as a PDF beside the database and opens it.
func (d *customerDetail) onPrint() {
	if d.customer == nil {
		return
	}
	id, a, w := d.customer.ID, d.s.deps.App, d.s.deps.Window
	d.printBtn.Disable()
	custGo(func() func() {
		path, err := a.PrintCustomerRecord(id, func(key, fallback string) string { return T(key, fallback) })
		var openErr error
		if err == nil {
			openErr = OpenPath(path)
		}
		return func() {
			d.printBtn.Enable()
			switch {
			case err != nil:
				showError(w, err)
			case openErr != nil:
				// The PDF exists; only the viewer is missing. Say where it is.
				dialog.ShowInformation(T("customers.print.title", "Customer record"),
					T("customers.print.not_opened", "The record was saved as {{.Path}} but could not be opened on this PC ({{.Detail}}). Open it from that folder.",
						map[string]any{"Path": path, "Detail": openErr.Error()}), w)
			}
		}
	})
}

// onArchive asks to archive (or restore) the customer.
func (d *customerDetail) onArchive() {
	if d.customer != nil {
		d.s.confirmArchive(d.customer)
	}
}

// onAddPurchase opens the purchase form for a new purchase.
func (d *customerDetail) onAddPurchase() {
	if d.customer == nil {
		return
	}
	f := newPurchaseForm(d.s.deps, d.customer, nil, d.types)
	f.OnSaved = d.onPurchaseSaved
	f.show()
}

// onEditPurchase opens the purchase form for the chosen purchase.
func (d *customerDetail) onEditPurchase() {
	p := d.selectedPurchase()
	if p == nil {
		return
	}
	f := newPurchaseForm(d.s.deps, d.customer, p, d.types)
	f.OnSaved = d.onPurchaseSaved
	f.show()
}

// onPurchaseSaved selects the saved purchase and reloads the pane.
func (d *customerDetail) onPurchaseSaved(p *models.Purchase) {
	d.selID = p.ID
	d.s.refresh()
}

// onArchivePurchase asks before archiving or restoring the chosen purchase.
func (d *customerDetail) onArchivePurchase() {
	p := d.selectedPurchase()
	if p == nil {
		return
	}
	id, archived := p.ID, p.Archived()
	title := T("customers.purchase.archive_title", "Archive purchase")
	msg := T("customers.purchase.archive_confirm", "Archive the purchase “{{.Product}}”? Use this for a purchase entered by mistake; it stays in the history and can be restored.", map[string]any{"Product": p.Product})
	ok := T("customers.purchase.archive_ok", "Archive")
	if archived {
		title = T("customers.purchase.restore_title", "Restore purchase")
		msg = T("customers.purchase.restore_confirm", "Restore the purchase “{{.Product}}”?", map[string]any{"Product": p.Product})
		ok = T("customers.restore", "Restore")
	}
	dlg := dialog.NewConfirm(title, msg, func(yes bool) {
		if yes {
			d.setPurchaseArchived(id, !archived)
		}
	}, d.s.deps.Window)
	dlg.SetConfirmText(ok)
	dlg.SetDismissText(T("customers.common.cancel", "Cancel"))
	dlg.Show()
}

// setPurchaseArchived archives or restores a purchase in the background.
func (d *customerDetail) setPurchaseArchived(id string, archive bool) {
	a := d.s.deps.App
	custGo(func() func() {
		var err error
		if archive {
			err = a.ArchivePurchase(id)
		} else {
			err = a.RestorePurchase(id)
		}
		return func() { d.s.afterChange(err) }
	})
}

// historyCount is the number of history entries.
func (d *customerDetail) historyCount() int { return len(d.history) }

// newHistoryRow is a history entry template: a bold line saying when, who
// and what, and below it each changed field.
func (d *customerDetail) newHistoryRow() fyne.CanvasObject {
	head := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.Truncation = fyne.TextTruncateEllipsis
	body := widget.NewLabel("")
	body.Truncation = fyne.TextTruncateEllipsis
	return container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()), head, body)
}

// updateHistoryRow fills a history entry and sizes its row to its lines.
func (d *customerDetail) updateHistoryRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(d.history) {
		return
	}
	box := o.(*fyne.Container)
	head, body := box.Objects[0].(*widget.Label), box.Objects[1].(*widget.Label)
	h := d.history[id]
	head.SetText(d.historyHead(h))
	lines := d.historyLines(h)
	body.SetText(lines)
	if lines == "" {
		body.Hide()
	} else {
		body.Show()
	}
	if _, ok := d.historyHeight[id]; !ok {
		height := box.MinSize().Height
		d.historyHeight[id] = height
		d.historyList.SetItemHeight(id, height)
	}
}

// custHistoryFields is the order and English names of the recorded fields.
var custHistoryFields = []struct{ field, key, fallback string }{
	{"name", "customers.field.name", "Name"},
	{"phones", "customers.field.phones", "Phones"},
	{"addresses", "customers.field.addresses", "Addresses"},
	{"notes", "customers.field.notes", "Notes"},
	{"product", "customers.field.product", "Product"},
	{"type", "customers.field.type", "Product type"},
	{"brand", "customers.field.brand", "Brand"},
	{"model", "customers.field.model", "Model"},
	{"serial", "customers.field.serial", "Serial / batch"},
	{"purchase_date", "customers.field.purchase_date", "Purchase date"},
	{"invoice_no", "customers.field.invoice_no", "Invoice no."},
	{"warranty_months", "customers.field.warranty_months", "Warranty months"},
	{"delivery_address", "customers.field.delivery_address", "Delivery address"},
}

// custHistoryActions names what an audit entry did, by entity.action.
var custHistoryActions = map[string]struct{ key, fallback string }{
	"customer.create":  {"customers.history.customer_create", "Customer created"},
	"customer.update":  {"customers.history.customer_update", "Customer edited"},
	"customer.archive": {"customers.history.customer_archive", "Customer archived"},
	"customer.restore": {"customers.history.customer_restore", "Customer restored"},
	"customer.import":  {"customers.history.customer_import", "Customer imported"},
	"purchase.create":  {"customers.history.purchase_create", "Purchase added: {{.Product}}"},
	"purchase.update":  {"customers.history.purchase_update", "Purchase edited: {{.Product}}"},
	"purchase.archive": {"customers.history.purchase_archive", "Purchase archived: {{.Product}}"},
	"purchase.restore": {"customers.history.purchase_restore", "Purchase restored: {{.Product}}"},
}

// historyHead says when, who and what: "2026-03-01 14:05 · 王芳 · Customer edited".
func (d *customerDetail) historyHead(h app.HistoryEntry) string {
	who := h.Actor
	if who == "" || who == "system" {
		who = T("customers.history.system", "system")
	}
	what := h.EntityType + " " + h.Action
	if m, ok := custHistoryActions[h.EntityType+"."+h.Action]; ok {
		what = T(m.key, m.fallback, map[string]any{"Product": d.purchaseName(h.EntityID)})
	}
	return h.At.Local().Format("2006-01-02 15:04") + "  ·  " + who + "  ·  " + what
}

// purchaseName names a purchase of the shown customer for the history.
func (d *customerDetail) purchaseName(id string) string {
	if d.customer != nil {
		for _, p := range d.customer.Purchases {
			if p.ID == id {
				return p.Product
			}
		}
	}
	return "?"
}

// historyLines lists the changed fields, "Field: before → after", one per line.
func (d *customerDetail) historyLines(h app.HistoryEntry) string {
	out := ""
	for _, f := range custHistoryFields {
		ch, ok := h.Fields[f.field]
		if !ok {
			continue
		}
		before, after := ch[0], ch[1]
		if f.field == "type" {
			before, after = custProductTypeName(d.types, before), custProductTypeName(d.types, after)
		}
		field := T(f.key, f.fallback)
		var line string
		if h.Action == "create" && before == "" {
			line = T("customers.history.field_set", "{{.Field}}: {{.Value}}", map[string]any{"Field": field, "Value": custShort(after)})
		} else {
			line = T("customers.history.field_change", "{{.Field}}: {{.Before}}  →  {{.After}}", map[string]any{
				"Field": field, "Before": custShort(custDash(before)), "After": custShort(custDash(after))})
		}
		if out != "" {
			out += "\n"
		}
		out += line
	}
	return out
}

// custShort keeps a history value to one readable line.
func custShort(s string) string {
	r := []rune(s)
	for i, c := range r {
		if c == '\n' || c == '\r' {
			r[i] = ' '
		}
	}
	if len(r) > 80 {
		return string(r[:79]) + "…"
	}
	return string(r)
}

// custProductTypeName is a product type's name in the current language, or
// the key itself for a type no longer in the catalogue.
func custProductTypeName(types []models.ProductType, key string) string {
	for _, t := range types {
		if t.Key == key {
			return custTypeLabel(t)
		}
	}
	return key
}

// custTypeLabel is a product type's name in the current language; the
// Chinese names are in the zh_Hans translation under product_type.<key>.
func custTypeLabel(t models.ProductType) string { return T("product_type."+t.Key, t.NameEN) }
