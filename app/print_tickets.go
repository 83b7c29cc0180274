package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"aftercare/assets"
	"aftercare/models"
	"aftercare/printing"
)

// SlipKind names a slip a ticket can print.
type SlipKind string

// Slips. SlipAuto picks the right one for the ticket (see AutoSlip).
const (
	SlipService  SlipKind = "service"  // 维修服务单
	SlipPickup   SlipKind = "pickup"   // 取机凭证, carry-in
	SlipMailIn   SlipKind = "mailin"   // 寄修单, mail-in
	SlipDelivery SlipKind = "delivery" // 送货安装单, deliveries
	SlipAuto     SlipKind = "auto"
)

// ParseSlipKind reads a slip kind as the command line spells it.
func ParseSlipKind(s string) (SlipKind, bool) {
	switch k := SlipKind(strings.ToLower(strings.TrimSpace(s))); k {
	case SlipService, SlipDelivery, SlipPickup, SlipMailIn, SlipAuto:
		return k, true
	case "":
		return SlipAuto, true
	}
	return "", false
}

// SlipsDir is the folder beside the database where slips are written:
// one file per ticket and slip, replaced by every new print.
func (a *App) SlipsDir() string { return filepath.Join(filepath.Dir(a.path), "slips") }

// waitingForPickup: a carry-in left at the counter with a voucher and not
// yet handed back.
func waitingForPickup(t *models.Ticket) bool {
	return t.Mode == models.ModeCarryIn && t.VoucherNo != "" && t.CollectedAt == nil && !t.Status.Terminal()
}

// AutoSlip is the slip a ticket prints by default: the delivery and
// installation slip of a delivery, the pickup voucher of a carry-in
// waiting for pickup, the shipping note of a mail-in repair, otherwise
// the service slip.
func AutoSlip(t *models.Ticket) SlipKind {
	switch {
	case t.Kind == models.KindDelivery:
		return SlipDelivery
	case waitingForPickup(t):
		return SlipPickup
	case t.Mode == models.ModeMailIn:
		return SlipMailIn
	}
	return SlipService
}

// SlipsFor lists the slips that fit a ticket, the default first: a
// delivery has its one slip; a ticket that is neither a repair nor a
// delivery has none.
func SlipsFor(t *models.Ticket) []SlipKind {
	switch t.Kind {
	case models.KindDelivery:
		return []SlipKind{SlipDelivery}
	case models.KindRepair:
	default:
		return nil
	}
	var out []SlipKind
	for _, k := range []SlipKind{AutoSlip(t), SlipPickup, SlipMailIn, SlipService} {
		if checkSlip(t, k) == nil && !containsSlip(out, k) {
			out = append(out, k)
		}
	}
	return out
}

func containsSlip(ks []SlipKind, k SlipKind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// checkSlip says why a slip does not fit a ticket, or nil.
func checkSlip(t *models.Ticket, k SlipKind) error {
	switch t.Kind {
	case models.KindDelivery:
		if k != SlipDelivery {
			return models.NewFieldError("slip", "err.slip.delivery_only", "A delivery ticket prints the delivery and installation slip only.", nil)
		}
		return nil
	case models.KindPart:
		return models.NewFieldError("slip", "err.slip.part_none", "A replacement part request has no slip of its own yet; print the slip of the delivery it was raised from.", nil)
	case models.KindRepair:
	default:
		return models.NewFieldError("slip", "err.slip.not_repair", "Only repair and delivery tickets have a slip to print.", nil)
	}
	switch k {
	case SlipDelivery:
		return models.NewFieldError("slip", "err.slip.delivery_not", "The delivery and installation slip is only for delivery tickets, and this ticket is not one.", nil)
	case SlipService:
		return nil
	case SlipPickup:
		if t.Mode != models.ModeCarryIn {
			return models.NewFieldError("slip", "err.slip.pickup_carryin", "A pickup voucher is only for carry-in repairs, and this ticket is not one.", nil)
		}
		if t.VoucherNo == "" {
			return models.NewFieldError("slip", "err.slip.pickup_no_voucher", "Issue the pickup voucher first: it records the expected pickup date.", nil)
		}
		return nil
	case SlipMailIn:
		if t.Mode != models.ModeMailIn {
			return models.NewFieldError("slip", "err.slip.mailin_only", "A mail-in note is only for mail-in repairs, and this ticket is not one.", nil)
		}
		return nil
	}
	return models.NewFieldError("slip", "err.slip.kind", "Choose the slip: service, delivery, pickup, mailin or auto.", nil)
}

// SlipPDF lays out a slip of a loaded ticket and returns the PDF and the
// slip it printed (SlipAuto resolved). t translates the printed labels.
func (a *App) SlipPDF(d *TicketDetail, kind SlipKind, t printing.Translator) ([]byte, SlipKind, error) {
	if kind == SlipAuto || kind == "" {
		kind = AutoSlip(&d.Ticket)
	}
	if err := checkSlip(&d.Ticket, kind); err != nil {
		return nil, kind, err
	}
	s, err := a.slipData(d, kind, t)
	if err != nil {
		return nil, kind, err
	}
	var data []byte
	switch kind {
	case SlipPickup:
		data, err = printing.PickupVoucher(s)
	case SlipMailIn:
		data, err = printing.MailInNote(s)
	case SlipDelivery:
		data, err = printing.DeliverySlip(s)
	default:
		data, err = printing.ServiceSlip(s)
	}
	if err != nil {
		return nil, kind, fmt.Errorf("print %s %s: %w", kind, d.Ticket.Number, err)
	}
	return data, kind, nil
}

// PrintSlip writes a ticket's slip as <number>-<slip>.pdf in SlipsDir
// (WX20261123-007-service.pdf) and returns its path. A new print of the
// same slip replaces the file, since the slip shows the ticket as it is
// now; the file is written through a temporary file and a rename, so a
// viewer never sees half a slip. If the old file is locked (open in a
// viewer on Windows), the slip is written beside it with the time in its
// name instead.
func (a *App) PrintSlip(ticketID string, kind SlipKind, t printing.Translator) (string, error) {
	d, err := a.Ticket(ticketID)
	if err != nil {
		return "", err
	}
	data, kind, err := a.SlipPDF(d, kind, t)
	if err != nil {
		return "", err
	}
	dir := a.SlipsDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("print slip: create %s: %w", dir, err)
	}
	base := safeFileName(d.Ticket.Number) + "-" + string(kind)
	path := filepath.Join(dir, base+".pdf")
	if err := writeFileAtomic(path, data); err != nil {
		os.Remove(path + ".part") // left behind when the rename failed
		if _, serr := os.Stat(path); serr != nil {
			return "", fmt.Errorf("print slip: %w", err)
		}
		alt := filepath.Join(dir, base+"-"+a.clock().Format("150405")+".pdf")
		if err2 := writeFileAtomic(alt, data); err2 != nil {
			return "", fmt.Errorf("print slip: %w", errors.Join(err, err2))
		}
		return alt, nil
	}
	return path, nil
}

// safeFileName keeps letters, digits, '-' and '_' of a ticket number, so
// the name is valid on every OS whatever the number scheme becomes.
func safeFileName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteRune('_')
		}
	}
	if b.Len() == 0 {
		return "ticket"
	}
	return b.String()
}

// slipTranslator never returns "": a nil table or a missing key gives the
// English fallback.
func slipTranslator(t printing.Translator) printing.Translator {
	return func(key, fallback string) string {
		if t == nil {
			return fallback
		}
		if s := t(key, fallback); s != "" {
			return s
		}
		return fallback
	}
}

// slipData turns a ticket into the plain data of its slip kind: labels
// translated with t, times in the shop's time zone.
func (a *App) slipData(d *TicketDetail, kind SlipKind, t printing.Translator) (printing.Slip, error) {
	shop, err := a.Shop()
	if err != nil {
		return printing.Slip{}, err
	}
	t = slipTranslator(t)
	tk := &d.Ticket
	loc := a.loc()
	local := func(p *time.Time) time.Time {
		if p == nil {
			return time.Time{}
		}
		return p.In(loc)
	}
	// Vocabulary shared with the screens (status.new, mode.onsite…); the
	// code itself is the last resort.
	label := func(prefix, code string) string {
		if code == "" {
			return ""
		}
		return t(prefix+code, strings.ReplaceAll(code, "_", " "))
	}
	s := printing.Slip{
		Shop:       printing.Shop{Name: shop.Name, Address: shop.Address, Hotline: shop.Hotline},
		Number:     tk.Number,
		Kind:       label("kind.", string(tk.Kind)),
		Mode:       label("mode.", string(tk.Mode)),
		Status:     label("status.", string(tk.Status)),
		Customer:   d.Customer.Name,
		Address:    firstNonEmpty(tk.Address, d.Customer.MainAddress()),
		Symptom:    tk.Symptom,
		Request:    tk.Request,
		Resolution: tk.Resolution,
		Technician: d.Technician,
		Total:      d.Quote.Total,
		Paid:       d.Paid,
		Balance:    d.Balance(),
		VoucherNo:  tk.VoucherNo,
		ReceivedAt: local(tk.ReceivedAt),
		ParcelIn:   printing.Parcel{Courier: tk.ParcelCourier, Tracking: tk.ParcelTracking, Cost: tk.ParcelCost},
		ParcelOut:  printing.Parcel{Courier: tk.ReturnCourier, Tracking: tk.ReturnTracking, At: local(tk.ShippedBackAt)},
		Printed:    a.clock().In(loc),
		T:          t,
	}
	if tk.Mode == models.ModeMailIn {
		s.ParcelIn.At = local(tk.ReceivedAt)
	}
	if tk.ExpectedReadyDate != nil {
		s.ExpectedDate = *tk.ExpectedReadyDate // a civil date: no zone conversion
	}
	for _, p := range d.Customer.Phones {
		s.Phones = append(s.Phones, models.FormatPhone(p.Number))
	}
	if p := d.Purchase; p != nil {
		s.Product = printing.SlipProduct{Brand: p.Brand, Product: p.Product, Model: p.Model, Serial: p.Serial}
		if d.Warranty.State != models.WarrantyNone {
			s.WarrantyExpiry = d.Warranty.Expiry
		}
	} else {
		s.Product = printing.SlipProduct{Product: tk.Product}
	}
	switch {
	case tk.WarrantyCovered && tk.WarrantyOverridden:
		s.Warranty = t("warranty.covered_override", "In warranty (overridden)")
	case tk.WarrantyCovered:
		s.Warranty = t("warranty.covered", "In warranty (free)")
	case tk.WarrantyOverridden:
		s.Warranty = t("warranty.charged_override", "Out of warranty (overridden)")
	default:
		s.Warranty = t("warranty.charged", "Out of warranty (charged)")
	}
	for _, it := range d.Items {
		s.Items = append(s.Items, printing.SlipItem{Kind: label("item.", string(it.Kind)), Name: it.Name, Qty: it.Qty,
			UnitPrice: it.UnitPrice, Charged: it.Charged, Total: it.Total()})
	}
	for _, p := range d.Payments {
		s.Payments = append(s.Payments, printing.SlipPayment{Method: label("pay.", string(p.Method)), Amount: p.Amount,
			Receipt: p.ReceiptNo, At: p.At.In(loc)})
	}
	if s.Resolution == "" { // before the close, what the technician wrote when done
		for _, e := range d.Events {
			if (e.Action == models.ActRepaired || e.Action == models.ActDecideLiability) && e.Note != "" {
				s.Resolution = e.Note
			}
		}
	}
	s.Steps = slipSteps(d, label, loc)
	s.Notes = slipNotes(tk, t, label, loc)
	if tk.Kind == models.KindDelivery {
		a.deliverySlipData(&s, d, t, label)
	}
	// The newest signature of this slip from the pad goes in the box;
	// without one the box is left blank for a pen.
	sig, err := a.Signature(tk.ID, string(kind))
	if err != nil {
		return printing.Slip{}, err
	}
	if sig != nil {
		s.Signature, s.SignedAt = sig.PNG, sig.SignedAt.In(loc)
	}
	return s, nil
}

// slipSteps summarises the timeline in its key steps with their dates: a
// visit booked and moved shows once, with the last date and half day.
func slipSteps(d *TicketDetail, label func(prefix, code string) string, loc *time.Location) []printing.SlipStep {
	var out []printing.SlipStep
	visit := -1
	for _, e := range d.Events {
		var data map[string]any
		if e.Data != "" {
			_ = json.Unmarshal([]byte(e.Data), &data)
		}
		str := func(k string) string { v, _ := data[k].(string); return v }
		st := printing.SlipStep{At: e.At.In(loc), Note: e.Note}
		switch e.Action {
		case models.ActCreate:
			st.Kind, st.At = printing.StepReported, d.Ticket.ReportedAt.In(loc)
			st.Note = label("source.", string(d.Ticket.Source))
		case models.ActSchedule, models.ActReschedule:
			day, err := time.Parse("2006-01-02", str("date"))
			if err != nil {
				continue
			}
			st = printing.SlipStep{Kind: printing.StepVisit, At: day, DateOnly: true, Note: label("half.", str("half"))}
			if visit >= 0 {
				out[visit] = st
				continue
			}
			visit = len(out)
		case models.ActArrive:
			st.Kind = printing.StepArrived
		case models.ActReceive:
			st.Kind = printing.StepReceived
		case models.ActIssueVoucher:
			st.Kind = printing.StepVoucher
			st.Note = strings.TrimSpace(strings.Join([]string{str("voucher"), str("expected"), e.Note}, " "))
		case models.ActReceiveParcel:
			st.Kind = printing.StepParcelReceived
			st.Note = strings.TrimSpace(strings.Join([]string{str("courier"), str("tracking"), e.Note}, " "))
		case models.ActAwaitParts:
			st.Kind = printing.StepAwaitParts
		case models.ActSendToFactory:
			st.Kind = printing.StepFactorySent
			st.Note = strings.TrimSpace(strings.Join([]string{str("tracking"), e.Note}, " "))
		case models.ActFactoryBack:
			st.Kind = printing.StepFactoryBack
		case models.ActEscalate:
			st.Kind = printing.StepEscalated
		case models.ActRepaired, models.ActDecideLiability:
			st.Kind = printing.StepRepaired
		case models.ActReady:
			st.Kind = printing.StepReady
		case models.ActCollect:
			st.Kind = printing.StepCollected
		case models.ActShipBack:
			st.Kind = printing.StepShippedBack
			st.Note = strings.TrimSpace(strings.Join([]string{str("courier"), str("tracking"), e.Note}, " "))
		case models.ActSign:
			st.Kind = printing.StepSigned
		case models.ActClose:
			st.Kind = printing.StepClosed
		default:
			continue
		}
		out = append(out, st)
	}
	return out
}

// slipNotes are the facts of the ticket a customer should see with the
// charges: a warranty decided by hand, the agreed quote, the manager's
// approval, who is liable for a factory repair, why the job ended early.
func slipNotes(tk *models.Ticket, t printing.Translator, label func(prefix, code string) string, loc *time.Location) string {
	var lines []string
	if tk.WarrantyOverridden && tk.WarrantyOverrideReason != "" {
		lines = append(lines, t("print.note.warranty_override", "Warranty decided by the shop: ")+tk.WarrantyOverrideReason)
	}
	if tk.ConsentAt != nil {
		lines = append(lines, strings.TrimSpace(t("print.note.consent", "Customer agreed to the quote on ")+
			tk.ConsentAt.In(loc).Format("2006-01-02 15:04")+" "+tk.ConsentNote))
	}
	if tk.QuoteApprovedBy != "" {
		lines = append(lines, t("print.note.approved", "Price approved by the general manager: ")+tk.QuoteApprovedBy)
	}
	if tk.Liability != "" {
		lines = append(lines, t("print.note.liability", "Liable for the factory repair: ")+label("liability.", string(tk.Liability)))
	}
	if tk.CancelReason != "" {
		lines = append(lines, t("print.note.ended", "Ended because: ")+tk.CancelReason)
	}
	return strings.Join(lines, "\n")
}

// SlipLanguage is the translation table slips print with on the command
// line: "zh" (the default: slips are for the shop's customers) or "en".
func SlipLanguage(lang string) (printing.Translator, bool) {
	var code string
	switch strings.ToLower(strings.TrimSpace(lang)) {
	case "", "zh", "zh_hans", "zh-hans", "zh-cn":
		code = assets.LangChinese
	case "en":
		code = assets.LangEnglish
	default:
		return nil, false
	}
	tr := assets.Translator(code)
	return func(key, fallback string) string { return tr(key, fallback) }, true
}

// PrintSlipFile prints the slip of the ticket numbered number: to out
// when given (written atomically), else into SlipsDir as PrintSlip does.
// It returns the file written and the slip printed.
func (a *App) PrintSlipFile(number string, kind SlipKind, t printing.Translator, out string) (string, SlipKind, error) {
	d, err := a.TicketByNumber(number)
	if errors.Is(err, ErrNotFound) {
		return "", kind, fmt.Errorf("no ticket %s in %s", strings.ToUpper(strings.TrimSpace(number)), a.path)
	}
	if err != nil {
		return "", kind, err
	}
	if out == "" {
		if kind == SlipAuto || kind == "" {
			kind = AutoSlip(&d.Ticket)
		}
		path, err := a.PrintSlip(d.Ticket.ID, kind, t)
		return path, kind, err
	}
	data, kind, err := a.SlipPDF(d, kind, t)
	if err != nil {
		return "", kind, err
	}
	if err := writeFileAtomic(out, data); err != nil {
		return "", kind, fmt.Errorf("write %s: %w", out, err)
	}
	return out, kind, nil
}

// deliverySlipData fills the delivery part of a slip: the booked day, the
// items with the warranty of the purchase each is linked to, the crew,
// and the checklist the ticket keeps with who ticked each line and when.
func (a *App) deliverySlipData(s *printing.Slip, d *TicketDetail, t printing.Translator, label func(prefix, code string) string) {
	tk := &d.Ticket
	loc := a.loc()
	if tk.ApptDate != nil {
		s.Appointment = *tk.ApptDate // a civil date: no zone conversion
		s.AppointmentHalf = label("half.", string(tk.ApptHalf))
	}
	purchases := map[string]*models.Purchase{}
	for i := range d.Customer.Purchases {
		purchases[d.Customer.Purchases[i].ID] = &d.Customer.Purchases[i]
	}
	now := a.clock()
	for _, it := range d.DeliveryItems {
		item := printing.SlipDeliveryItem{Product: it.Product, Model: it.Model, Qty: it.Qty}
		if it.PurchaseID != nil {
			if p := purchases[*it.PurchaseID]; p != nil {
				item.Warranty = purchaseWarranty(p, now, t)
			}
		}
		s.DeliveryItems = append(s.DeliveryItems, item)
	}
	for _, c := range d.Crew {
		s.Crew = append(s.Crew, printing.SlipCrew{Name: c.Name, Phone: models.FormatPhone(c.Phone), Leader: c.Leader})
	}
	s.CrewReason = tk.CrewReason
	s.ChecklistName = checklistName(tk.ChecklistName, t)
	english := assets.Translator(assets.LangEnglish)
	for _, c := range d.Checks {
		text := c.Text
		if text == "" && c.Key != "" {
			text = t(c.Key, english(c.Key, c.Key))
		}
		ck := printing.SlipCheck{Text: text, Required: c.Required, Ticked: c.CheckedAt != nil, By: c.CheckedBy}
		if c.CheckedAt != nil {
			ck.At = c.CheckedAt.In(loc)
		}
		s.Checklist = append(s.Checklist, ck)
	}
	s.ChecklistReason = tk.ChecklistReason
}

// purchaseWarranty is the warranty of a delivered item: its length and
// last covered day ("36个月，保修至 2029-11-22"), or none.
func purchaseWarranty(p *models.Purchase, now time.Time, t printing.Translator) string {
	w := p.Warranty(now)
	if w.State == models.WarrantyNone {
		return t("print.warranty.none", "None")
	}
	return fmt.Sprint(p.WarrantyMonths) + t("print.delivery.months", " months") + t("print.slip.list_sep", ", ") +
		t("print.slip.warranty_until", "covered until ") + models.FormatDate(w.Expiry)
}

// checklistName is the printed name of a ticket's checklist: a built-in
// one's key ("checklist.name.furniture") translated, a typed one as typed.
func checklistName(name string, t printing.Translator) string {
	if strings.HasPrefix(name, "checklist.name.") {
		return t(name, assets.Translator(assets.LangEnglish)(name, strings.TrimPrefix(name, "checklist.name.")))
	}
	return name
}
