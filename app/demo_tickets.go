package app

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/google/uuid"

	"aftercare/models"
)

// The ticket half of the demo: staff and tickets in every state of the
// workflow, with their timelines, calls, charges and payments; about a
// quarter of them deliveries (demo_deliveries.go); the follow-up calls,
// complaints, returns and conduct records that follow them
// (demo_aftersales.go, demo_complaints.go).
//
// Each ticket is walked through the workflow one action at a time with
// models.CheckStep and models.ApplyStep, exactly as App.Step would, from
// its report time forward; an action that would fall after the injected
// clock does not happen, so old tickets are finished and recent ones are
// open wherever their next step is due. A few dozen tickets are instead
// steered (by the shortest path through the workflow) to every (mode,
// status) pair that the workflow can reach, so a small demo shows them all.
//
// Rows are written with raw multi-row INSERTs in large transactions by a
// second goroutine while the first one generates, because GORM's per-row
// reflection would take longer than the whole run (demo_writer.go). That
// writer is what the run waits for, so it binds as few values as it can
// (demoSink), a statement's values in one call (demo_bind.go).

const (
	// demoTicketsPerTx bounds one transaction: a few large transactions are
	// much faster on SQLite than many small ones.
	demoTicketsPerTx = 100000
	// demoTicketsPerBatch is how many tickets (with their rows) the
	// generator hands to the writer at once.
	demoTicketsPerBatch = 2000
	// demoForcedWindow: the tickets steered to a given state are reported at
	// least this long before the clock, so their whole path fits.
	demoForcedWindow = 45 * 24 * time.Hour
)

// demoTable is one table the writer fills, with the columns in the order
// the generator appends values.
type demoTable struct {
	name string
	cols []string
	rows int // rows per INSERT statement (SQLite allows 32 766 variables)
}

var (
	demoTicketTable = &demoTable{"tickets", []string{
		"id", "created_at", "updated_at", "archived_at", "number", "kind", "mode", "status", "priority", "source",
		"customer_id", "purchase_id", "address", "product", "symptom", "request", "preferred_time", "resolution",
		"warranty_covered", "warranty_overridden", "warranty_override_reason",
		"technician_id", "appt_date", "appt_half", "reschedules_shop", "reschedules_cust", "escalations", "repeat_of_id",
		"reported_at", "first_contact_at", "scheduled_at", "arrived_at", "repaired_at", "signed_at", "closed_at",
		"status_since", "last_contact_at",
		"received_at", "voucher_no", "expected_ready_date", "ready_at", "collected_at",
		"parcel_courier", "parcel_tracking", "parcel_cost", "return_courier", "return_tracking", "shipped_back_at", "waiting_parcel_at",
		"factory_sent_at", "factory_back_at", "factory_tracking", "liability",
		"consent_at", "consent_note", "quote_approved_by", "quote_approved_at", "cancel_reason", "due_at", "version",
		"crew_reason", "checklist_template_id", "checklist_version", "checklist_name", "checklist_reason",
		"linked_ticket_id", "problem_kind", "part_name", "part_qty",
		"accepted_at", "reported_to", "customer_unreachable", "responsible", "responsible_staff", "responsibility_note",
		"responsibility_at", "proposal", "proposed_at", "return_type", "return_reason", "quality_problem", "freight_by",
		"goods_back_at", "inspected_at", "inspection_note", "return_outcome", "refund_amount", "refund_method",
		"return_exclusions", "return_complete", "gift_status", "gift_price", "return_signed_on",
		"part_category", "part_colour", "part_batch", "part_inspection", "order_date", "part_expected", "part_chargeable",
	}, 100}
	demoEventTable   = &demoTable{"ticket_events", []string{"id", "ticket_id", "at", "actor", "action", "from", "to", "note", "data"}, 500}
	demoContactTable = &demoTable{"contact_attempts", []string{"id", "ticket_id", "at", "actor", "outcome", "note"}, 500}
	demoItemTable    = &demoTable{"ticket_items", []string{"id", "ticket_id", "kind", "code", "name", "qty", "unit_price", "schedule_price", "charged", "created_at"}, 500}
	demoPaymentTable = &demoTable{"payments", []string{"id", "ticket_id", "at", "actor", "method", "amount", "receipt_no"}, 500}
	demoStaffTable   = &demoTable{"staff", []string{"id", "created_at", "updated_at", "archived_at", "name", "phone", "roles", "active", "notes",
		"pin_hash", "pin_set_at"}, 500}
	// Deliveries: goods sold with the delivery, the crews, the items and
	// the checklists.
	demoPurchaseTable = &demoTable{"purchases", []string{"id", "created_at", "updated_at", "archived_at", "customer_id", "product", "product_type",
		"brand", "model", "serial", "purchase_date", "invoice_no", "warranty_months", "delivery_address", "notes"}, 500}
	demoCrewTable     = &demoTable{"crew_members", []string{"id", "ticket_id", "staff_id", "leader", "position"}, 500}
	demoDeliveryTable = &demoTable{"delivery_items", []string{"id", "ticket_id", "purchase_id", "position", "product", "model", "qty"}, 500}
	demoTables        = []*demoTable{demoCustomerTable, demoPhoneTable, demoAddressTable, demoStaffTable, demoTicketTable, demoEventTable, demoContactTable, demoItemTable, demoPaymentTable,
		demoPurchaseTable, demoCrewTable, demoDeliveryTable, demoFollowUpTable, demoConductTable, demoMonthTable}
	// demoCheckTable is written by demoChecksSQL, the lines of a
	// checklist at a time (rows: deliveries per INSERT).
	demoCheckTable = &demoTable{"ticket_checks", []string{"id", "ticket_id", "position", "key", "text", "required", "checked_at", "checked_by"}, 64}
)

// Where rows go in demoRows.args: the tables in demoTables order, then the
// tickets of the other kinds, kept apart because each kind leaves other
// columns empty (see demoSink.lit).
const (
	demoArgCustomers = iota // the customer half (demo.go)
	demoArgPhones
	demoArgAddresses
	demoArgStaff
	demoArgTickets
	demoArgEvents
	demoArgContacts
	demoArgItems
	demoArgPayments
	demoArgPurchases
	demoArgCrew
	demoArgDelivery
	demoArgFollowUps // calls reached at the first attempt, nothing noted (demo_aftersales.go)
	demoArgConduct
	demoArgMonths
	demoArgDeliveryTickets
	demoArgConsultations
	demoArgBenchTickets      // repairs not on site, part requests
	demoArgAftersalesTickets // complaints, returns
	demoArgNotes             // calls' timeline notes without a text
	demoArgFollowUpsOpen     // calls not made yet
	demoArgFollowUpsOther    // the other calls
	demoNTables
)

// demoSlots is the table of each place in demoRows.args.
var demoSlots = func() [demoNTables]*demoTable {
	var out [demoNTables]*demoTable
	copy(out[:], demoTables)
	out[demoArgDeliveryTickets], out[demoArgConsultations], out[demoArgBenchTickets] = demoTicketTable, demoTicketTable, demoTicketTable
	out[demoArgAftersalesTickets], out[demoArgNotes] = demoTicketTable, demoEventTable
	out[demoArgFollowUpsOpen], out[demoArgFollowUpsOther] = demoFollowUpTable, demoFollowUpTable
	return out
}()

// insertSQL is a multi-row INSERT; lit, when given, has an SQL literal for
// the columns that are not bound.
func (tb *demoTable) insertSQL(rows int, lit []string) string {
	var b strings.Builder
	b.WriteString("INSERT INTO ")
	b.WriteString(tb.name)
	b.WriteString(" (")
	for i, c := range tb.cols {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"') // "from" and "to" are keywords
		b.WriteString(c)
		b.WriteByte('"')
	}
	b.WriteString(") VALUES ")
	row := "(" + strings.Repeat("?,", len(tb.cols)-1) + "?)"
	if lit != nil {
		var rb strings.Builder
		rb.WriteByte('(')
		for i, l := range lit {
			if i > 0 {
				rb.WriteByte(',')
			}
			if l == "" {
				l = "?"
			}
			rb.WriteString(l)
		}
		rb.WriteByte(')')
		row = rb.String()
	}
	for i := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(row)
	}
	return b.String()
}

// demoRows is a batch of rows as flat INSERT arguments, one slice per
// table in demoTables order.
type demoRows struct {
	args [demoNTables][]any
	// checks are the deliveries' checklists, by template (demoTicketGen.
	// tpls): for each delivery its ticket and who ticked, then each line's
	// ID and tick time (see demoChecksSQL).
	checks  [2][]any
	tickets int
}

func (b *demoRows) reset() {
	for i := range b.args {
		clear(b.args[i])
		b.args[i] = b.args[i][:0]
	}
	for i := range b.checks {
		clear(b.checks[i])
		b.checks[i] = b.checks[i][:0]
	}
	b.tickets = 0
}

// demoChecksSQL inserts the checklists of n deliveries that copied tpl. A
// line's position, key, text and requirement are the same on every
// delivery: the key and text are bound once (parameters 1 to 2L), then
// each delivery binds its ticket, who ticked, and each line's ID and tick
// time: 2L+2 values a delivery instead of eight a line.
func demoChecksSQL(tpl *models.ChecklistTemplate, n int) string {
	l := len(tpl.Items)
	var b strings.Builder
	b.WriteString(`INSERT INTO ticket_checks ("id","ticket_id","position","key","text","required","checked_at","checked_by") VALUES `)
	p := 2 * l
	for k := range n {
		ticket, by := p+1, p+2
		for j, it := range tpl.Items {
			if k > 0 || j > 0 {
				b.WriteByte(',')
			}
			req := 0
			if it.Required {
				req = 1
			}
			id, at := p+3+2*j, p+4+2*j
			fmt.Fprintf(&b, "(?%d,?%d,%d,?%d,?%d,%d,?%d,CASE WHEN ?%d IS NULL THEN '' ELSE ?%d END)", id, ticket, j+1, 2*j+1, 2*j+2, req, at, at, by)
		}
		p += 2 + 2*l
	}
	return b.String()
}

// demoFinish writes what ends a demo in one transaction: the day counters,
// so tickets made after the demo continue each day's sequence, and the
// audit entries (one for the customers, one for the tickets).
func (a *App) demoFinish(w *demoWriter, opt DemoOptions, res *DemoResult, cg *demoGen, g *demoTicketGen) error {
	ctx := w.ctx
	tx, err := w.conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer tx.Rollback()
	audit := func(id, action string, changes map[string][2]string) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO audit_entries (id, at, actor, entity_type, entity_id, action, changes) VALUES (?,?,?,?,?,?,?)`,
			id, demoTS(a.auditTime()), a.actorName(), "demo", "", action, auditJSON(changes))
		return err
	}
	if opt.Customers > 0 {
		if err := audit(cg.id(), "demo", map[string][2]string{
			"customers": {"", strconv.Itoa(res.Customers)},
			"purchases": {"", strconv.Itoa(res.Purchases)},
			"seed":      {"", strconv.FormatInt(opt.Seed, 10)},
		}); err != nil {
			return fmt.Errorf("demo: audit: %w", err)
		}
	}
	if g != nil {
		keys := make([]string, 0, len(g.seq))
		for k := range g.seq {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for len(keys) > 0 {
			n := min(len(keys), 500)
			q := "INSERT INTO ticket_counters (prefix, day, seq) VALUES " + strings.TrimSuffix(strings.Repeat("(?,?,?),", n), ",") +
				" ON CONFLICT (prefix, day) DO UPDATE SET seq = excluded.seq"
			args := make([]any, 0, 3*n)
			for _, k := range keys[:n] {
				args = append(args, k[:2], k[2:], int64(g.seq[k]))
			}
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				return fmt.Errorf("demo tickets: counters: %w", err)
			}
			keys = keys[n:]
		}
		if err := audit(g.idAt(g.now), "demo_tickets", map[string][2]string{
			"staff":      {"", strconv.Itoa(g.nStaff)},
			"tickets":    {"", strconv.Itoa(g.nTickets)},
			"events":     {"", strconv.Itoa(g.nEvents)},
			"seed":       {"", strconv.FormatInt(opt.Seed, 10)},
			"contacts":   {"", strconv.Itoa(g.nContacts)},
			"payments":   {"", strconv.Itoa(g.nPayments)},
			"deliveries": {"", strconv.Itoa(g.nDeliveries)},
			"purchases":  {"", strconv.Itoa(g.nPurchases)},
			"follow_ups": {"", strconv.Itoa(g.nFollowUps)},
			"complaints": {"", strconv.Itoa(g.nComplaints)},
			"returns":    {"", strconv.Itoa(g.nReturns)},
			"records":    {"", strconv.Itoa(g.nRecords)},
			"months":     {"", strconv.Itoa(g.nMonths)},
		}); err != nil {
			return fmt.Errorf("demo tickets: audit: %w", err)
		}
		res.Staff, res.Tickets, res.Events = g.nStaff, g.nTickets, g.nEvents
		res.Purchases += g.nPurchases
		res.FollowUps, res.Complaints, res.Returns, res.Records, res.Months = g.nFollowUps, g.nComplaints, g.nReturns, g.nRecords, g.nMonths
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if !w.fast {
		// Leave no large WAL file behind (skipped if someone else is reading).
		w.conn.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	}
	return nil
}

// demoSink is one kind of INSERT the writer runs: width values a row (a
// delivery, for checklists), up to rows of them a statement, bound after
// the fixed values.
type demoSink struct {
	name  string
	width int
	rows  int
	fixed []any
	sql   func(rows int, lit []string) string
	args  func(b *demoRows) []any
	// Columns with one value in every row of the first large batch (a
	// tenth of a ticket's columns are empty for every ticket of a kind):
	// their value (lits, SQL literals in lit, "" for the others) goes in
	// the statement, and chunks whose rows all still have it bind only the
	// other columns. Each bound value is a cgo call and a copy.
	lit  []string
	lits []any
	keep []int // the columns bound when lit is used
}

// demoSinks are the places of demoRows.args, then the checklists of each
// template.
func demoSinks(tpls []*models.ChecklistTemplate) []*demoSink {
	var out []*demoSink
	for i, tb := range demoSlots {
		out = append(out, &demoSink{name: tb.name, width: len(tb.cols), rows: tb.rows, sql: tb.insertSQL,
			args: func(b *demoRows) []any { return b.args[i] }})
	}
	for k, tpl := range tpls {
		var fixed []any
		for _, it := range tpl.Items {
			fixed = append(fixed, it.Key, it.Text)
		}
		out = append(out, &demoSink{name: demoCheckTable.name, width: 2 + 2*len(tpl.Items), rows: demoCheckTable.rows, fixed: fixed,
			sql: func(n int, _ []string) string { return demoChecksSQL(tpl, n) }, args: func(b *demoRows) []any { return b.checks[k] }})
	}
	return out
}

// learn finds the sink's constant columns in a batch of at least 200 rows.
func (sk *demoSink) learn(args []any) {
	if sk.lit != nil || sk.fixed != nil || len(args) < 200*sk.width {
		return
	}
	lit := make([]string, sk.width)
	lits := make([]any, sk.width)
	var keep []int
	for c := range sk.width {
		v := args[c]
		for r := c + sk.width; r < len(args) && lit[c] != "-"; r += sk.width {
			if args[r] != v {
				lit[c] = "-"
			}
		}
		if lit[c] == "" {
			lit[c] = demoLiteral(v)
		}
		if lit[c] == "-" {
			lit[c] = ""
		}
		if lit[c] == "" {
			keep = append(keep, c)
		}
		lits[c] = v
	}
	if len(keep) == sk.width {
		lit, keep = []string{}, nil // nothing constant: never look again
	}
	sk.lit, sk.lits, sk.keep = lit, lits, keep
}

// constant reports whether every row of chunk has the learnt constants.
func (sk *demoSink) constant(chunk []any) bool {
	if len(sk.keep) == 0 {
		return false
	}
	for r := 0; r < len(chunk); r += sk.width {
		for c, l := range sk.lit {
			if l != "" && chunk[r+c] != sk.lits[c] {
				return false
			}
		}
	}
	return true
}

// demoLiteral writes a value as SQL, or "-" for one that is left bound.
func demoLiteral(v any) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case bool:
		if v {
			return "1"
		}
		return "0"
	case int64:
		return strconv.FormatInt(v, 10)
	case string:
		if len(v) <= 40 {
			return "'" + strings.ReplaceAll(v, "'", "''") + "'"
		}
	}
	return "-"
}

// demoWrite inserts the batches in transactions of about demoTicketsPerTx
// tickets, with prepared statements (see demoSinks). It talks to the
// driver directly (database/sql would convert and copy each of the
// hundred million arguments of a million tickets once more), and binds
// through demoBinder where it can.
func demoWrite(ctx context.Context, conn *sql.Conn, batches <-chan *demoRows, free chan<- *demoRows, sinks []*demoSink) error {
	return conn.Raw(func(dc any) (err error) {
		c, ok := dc.(interface {
			driver.ConnPrepareContext
			driver.ConnBeginTx
		})
		if !ok {
			return fmt.Errorf("demo tickets: the database driver cannot prepare statements")
		}
		var bd demoBinder // demo_bind.go
		handles := map[driver.Stmt]unsafe.Pointer{}
		exec := func(st driver.Stmt, args []driver.NamedValue) error {
			h, ok := handles[st]
			if !ok {
				h = demoStmtHandle(st)
				handles[st] = h
			}
			if done, err := bd.exec(h, args); done {
				return err
			}
			x, ok := st.(driver.StmtExecContext)
			if !ok {
				return fmt.Errorf("demo tickets: the database driver cannot execute statements")
			}
			_, err := x.ExecContext(ctx, args)
			return err
		}
		var tx driver.Tx
		// Statements of the full size and of every power of two below it:
		// the rest of a batch goes in a few of those rather than in one
		// statement prepared for its size (parsing an INSERT of hundreds
		// of rows costs as much as running it).
		// Statements by size, negative for the ones with the constants.
		stmts := make([]map[int]driver.Stmt, len(sinks))
		named := make([][]driver.NamedValue, len(sinks))
		for i, sk := range sinks {
			named[i] = make([]driver.NamedValue, len(sk.fixed)+sk.rows*sk.width)
			for j := range named[i] {
				named[i][j].Ordinal = j + 1
			}
			for j, v := range sk.fixed {
				named[i][j].Value = v
			}
			stmts[i] = map[int]driver.Stmt{}
		}
		defer func() {
			for i := range stmts {
				for _, st := range stmts[i] {
					st.Close()
				}
			}
		}()
		stmt := func(i, rows int, lit bool) (driver.Stmt, error) {
			key := rows
			var l []string
			if lit {
				key, l = -rows, sinks[i].lit
			}
			if st, ok := stmts[i][key]; ok {
				return st, nil
			}
			st, err := c.PrepareContext(ctx, sinks[i].sql(rows, l))
			if err != nil {
				return nil, fmt.Errorf("demo tickets: prepare %s: %w", sinks[i].name, err)
			}
			stmts[i][key] = st
			return st, nil
		}
		defer func() {
			if tx != nil {
				tx.Rollback()
			}
		}()
		inTx := 0
		for b := range batches {
			if tx == nil {
				if tx, err = c.BeginTx(ctx, driver.TxOptions{}); err != nil {
					return fmt.Errorf("demo tickets: %w", err)
				}
			}
			for i, sk := range sinks {
				args, width := sk.args(b), sk.width
				sk.learn(args)
				for len(args) > 0 {
					rows := min(len(args)/width, sk.rows)
					if rows < sk.rows {
						rows = 1 << (bits.Len(uint(rows)) - 1)
					}
					n := rows * width
					lit := sk.constant(args[:n])
					st, err := stmt(i, rows, lit)
					if err != nil {
						return err
					}
					nv := named[i][:len(sk.fixed)+n]
					if lit {
						nv = nv[:rows*len(sk.keep)]
						for r := range rows {
							row, out := args[r*width:], nv[r*len(sk.keep):]
							for j, c := range sk.keep {
								out[j].Value = row[c]
							}
						}
					} else {
						for j, v := range args[:n] {
							nv[len(sk.fixed)+j].Value = v
						}
					}
					if err = exec(st, nv); err != nil {
						return fmt.Errorf("demo tickets: insert %s: %w", sk.name, err)
					}
					args = args[n:]
				}
			}
			inTx += b.tickets
			select {
			case free <- b:
			default:
			}
			if inTx >= demoTicketsPerTx {
				err = tx.Commit()
				tx, inTx = nil, 0
				if err != nil {
					return fmt.Errorf("demo tickets: commit: %w", err)
				}
			}
		}
		if tx != nil {
			err = tx.Commit()
			tx = nil
			if err != nil {
				return fmt.Errorf("demo tickets: commit: %w", err)
			}
		}
		return nil
	})
}

// Demo data read back from the customer tables.
type demoCust struct {
	id, address string
	created     time.Time
}

type demoPurchase struct {
	id       string
	cust     int32
	product  string // as CreateTicket fills Ticket.Product: brand, product, model
	fault    *demoFault
	date     time.Time // civil
	months   int
	suburban bool
	// For deliveries: what the delivery item shows, the product type (for
	// the checklist), where it is delivered ("" for goods taken home).
	name, model, typ, deliverTo string
	delivered                   bool
}

// goods is what a ticket about the purchase records of it.
func (p *demoPurchase) goods() demoGoods {
	return demoGoods{id: p.id, product: p.product, name: p.name, model: p.model, typ: p.typ, date: p.date, months: p.months}
}

type demoStaffer struct {
	id, name string
	roles    []models.Role
	from, to time.Time // employed from, until (zero: still here)
	slot     int64     // number in the booking key (see demoSlot)
}

func (s *demoStaffer) employed(at time.Time) bool {
	return !at.Before(s.from) && (s.to.IsZero() || at.Before(s.to))
}

// isField: a technician or delivery staff (their work is followed up).
func (s *demoStaffer) isField() bool {
	for _, r := range s.roles {
		if r == models.RoleTechnician || r == models.RoleDelivery {
			return true
		}
	}
	return false
}

type demoRepair struct {
	id, number string
	at         time.Time
}

type demoBooking struct{ from, to time.Time }

// demoPair is a (kind, mode, status) the workflow can reach.
type demoPair struct {
	mode   models.RepairMode
	status models.Status
}

// demoTicketGen draws every value from one PCG stream of its own, so the
// tickets depend only on the seed, the clock and the rows already there.
type demoTicketGen struct {
	a         *App
	r         *rand.Rand
	loc       *time.Location
	now       time.Time // the clock, in loc
	rules     models.DueRules
	discount  int
	repeatWin int
	fees      map[string]models.FeeItem
	feesByKnd map[models.ItemKind][]models.FeeItem

	custs       []demoCust
	byCreated   []int32 // customers by creation time
	purch       []demoPurchase
	loadedPurch []demoPurchaseRow // read by load, until prepare
	pk, ck      int               // purchases and customers that exist at the current report time

	staff       []*demoStaffer
	techs       []*demoStaffer
	counters    []*demoStaffer
	dispatchers []*demoStaffer
	delivery    []*demoStaffer
	bm, gm, fin *demoStaffer
	tpls        []*models.ChecklistTemplate // the checklists deliveries copy (demoRows.checks)
	partCats    map[string]models.PartCategory
	sales       *demoGen          // draws the goods sold with a delivery
	names       map[string]string // staff id → name
	taken       map[string]bool   // names of active staff already there

	seq      map[string]int // prefix+YYYYMMDD → last number of the day
	repairs  map[int32][]demoRepair
	recent   []int32 // ring of recently repaired purchases, for repeat repairs
	bookings map[int64][]demoBooking
	legal    map[demoPair][]models.Action
	paths    map[demoPair][]models.Action
	forced   map[int]demoPair
	counts   []int // tickets per day, oldest first
	first    time.Time

	sim                                  demoSim
	pending                              demoPendingQueue // tickets to raise later, by time
	nPending                             int
	nStaff, nTickets, nEvents, nContacts int
	nPayments, nPurchases, nDeliveries   int

	// After-sales (demo_aftersales.go).
	schedule                                             models.FollowUpSchedule
	conductRules                                         map[string]*models.ConductRule // by code
	staffByID                                            map[string]*demoStaffer
	recentJobs                                           []*demoJob          // completed jobs, for steered complaints
	recentSigned                                         []*demoJob          // signed deliveries, for steered returns
	lastSigned                                           map[string]*demoJob // the latest signed delivery of a purchase
	noConduct                                            bool                // the database has records or month closes: make none
	crewJob                                              map[[2]int32]demoJobRef
	records                                              []*demoRecord
	recKV                                                []demoKV
	nFollowUps, nComplaints, nReturns, nRecords, nMonths int
}

func (a *App) newDemoTicketGen(seed int64) (*demoTicketGen, error) {
	now := a.clock()
	g := &demoTicketGen{
		a:            a,
		r:            rand.New(rand.NewPCG(uint64(seed)^0x7469636b657473, uint64(seed)+0x2545f4914f6cdd1d)),
		loc:          now.Location(),
		now:          now.Truncate(time.Second),
		rules:        a.dueRules(),
		discount:     a.ServiceRules().DiscountLimitPercent,
		repeatWin:    a.ServiceRules().RepeatWindowDays,
		fees:         map[string]models.FeeItem{},
		feesByKnd:    map[models.ItemKind][]models.FeeItem{},
		seq:          map[string]int{},
		repairs:      map[int32][]demoRepair{},
		bookings:     map[int64][]demoBooking{},
		names:        map[string]string{},
		taken:        map[string]bool{},
		staffByID:    map[string]*demoStaffer{},
		crewJob:      map[[2]int32]demoJobRef{},
		lastSigned:   map[string]*demoJob{},
		conductRules: map[string]*models.ConductRule{},
	}
	g.sales = &demoGen{r: g.r, now: g.now.UTC(), today: models.CivilDate(g.now), types: map[string]models.ProductType{}}
	for _, t := range a.ProductTypes() {
		g.sales.types[t.Key] = t
	}
	g.partCats = map[string]models.PartCategory{}
	for _, c := range a.PartCategories() {
		g.partCats[c.Key] = c
	}
	for _, f := range a.FeeSchedule() {
		g.fees[f.Key] = f
		g.feesByKnd[f.Kind] = append(g.feesByKnd[f.Kind], f)
	}
	if err := g.load(); err != nil {
		return nil, err
	}
	return g, nil
}

// prepare adds the customers and purchases the demo has just made to
// those already there, hires the staff and plans n tickets.
func (g *demoTicketGen) prepare(n int, custs []demoCust, purch []models.Purchase) error {
	g.custs = append(g.custs, custs...)
	if len(g.custs) == 0 {
		return errDemoNoCustomers
	}
	sort.Slice(g.custs, func(i, j int) bool { return g.custs[i].id < g.custs[j].id })
	byID := make(map[string]int32, len(g.custs))
	for i := range g.custs {
		byID[g.custs[i].id] = int32(i)
	}
	g.byCreated = make([]int32, len(g.custs))
	for i := range g.byCreated {
		g.byCreated[i] = int32(i)
	}
	sort.SliceStable(g.byCreated, func(i, j int) bool {
		return g.custs[g.byCreated[i]].created.Before(g.custs[g.byCreated[j]].created)
	})
	for _, p := range purch {
		g.loadedPurch = append(g.loadedPurch, demoPurchaseRow{p.CustomerID, p.ID, p.Product, p.Brand, p.Model, p.PurchaseDate,
			p.WarrantyMonths, p.ProductType, p.DeliveryAddress})
	}
	sort.Slice(g.loadedPurch, func(i, j int) bool {
		a, b := &g.loadedPurch[i], &g.loadedPurch[j]
		if !a.date.Equal(b.date) {
			return a.date.Before(b.date)
		}
		return a.id < b.id
	})
	for _, r := range g.loadedPurch {
		ci, ok := byID[r.cust]
		if !ok {
			continue
		}
		p := demoPurchase{id: r.id, cust: ci, date: models.CivilDate(r.date), months: r.months, typ: r.typ, deliverTo: r.deliverTo,
			product: strings.TrimSpace(strings.Join([]string{r.brand, r.product, r.model}, " ")), fault: demoFaultOf(r.product),
			suburban: strings.Contains(g.custs[ci].address, "镇"), name: r.product, model: r.model}
		g.purch = append(g.purch, p)
	}
	g.loadedPurch = nil
	g.makeStaff(n)
	g.workflow()
	g.plan(n)
	return nil
}

// errDemoNoCustomers: tickets need customers.
var errDemoNoCustomers = fmt.Errorf("demo tickets: there are no customers to raise tickets for: add --customers")

// demoPurchaseRow is a purchase as read from the database.
type demoPurchaseRow struct {
	cust, id, product, brand, model string
	date                            time.Time
	months                          int
	typ, deliverTo                  string
}

// load reads the customers, their main addresses, their purchases, the
// day counters, the staff names and the settings already in the database
// (prepare adds the demo's own customers).
func (g *demoTicketGen) load() error {
	db := g.a.db
	rows, err := db.Raw(`SELECT c.id, c.created_at,
		COALESCE((SELECT text FROM addresses WHERE addresses.customer_id = c.id ORDER BY position LIMIT 1), '')
		FROM customers c WHERE c.archived_at IS NULL`).Rows()
	if err != nil {
		return fmt.Errorf("demo tickets: read customers: %w", err)
	}
	for rows.Next() {
		var c demoCust
		if err := rows.Scan(&c.id, &c.created, &c.address); err != nil {
			rows.Close()
			return fmt.Errorf("demo tickets: read customers: %w", err)
		}
		g.custs = append(g.custs, c)
	}
	rows.Close()
	rows, err = db.Raw(`SELECT customer_id, id, product, brand, model, purchase_date, warranty_months, product_type, delivery_address
		FROM purchases WHERE archived_at IS NULL`).Rows()
	if err != nil {
		return fmt.Errorf("demo tickets: read purchases: %w", err)
	}
	for rows.Next() {
		var p demoPurchaseRow
		if err := rows.Scan(&p.cust, &p.id, &p.product, &p.brand, &p.model, &p.date, &p.months, &p.typ, &p.deliverTo); err != nil {
			rows.Close()
			return fmt.Errorf("demo tickets: read purchases: %w", err)
		}
		g.loadedPurch = append(g.loadedPurch, p)
	}
	rows.Close()

	var counters []models.TicketCounter
	if err := db.Find(&counters).Error; err != nil {
		return fmt.Errorf("demo tickets: read counters: %w", err)
	}
	for _, c := range counters {
		g.seq[c.Prefix+c.Day] = c.Seq
	}
	var taken []string
	if err := db.Model(&models.Staff{}).Where("active = ?", true).Pluck("name", &taken).Error; err != nil {
		return fmt.Errorf("demo tickets: read staff: %w", err)
	}
	for _, n := range taken {
		g.taken[n] = true
	}
	if g.schedule, err = loadFollowUpSchedule(db); err != nil {
		return fmt.Errorf("demo tickets: %w", err)
	}
	// Penalty and reward records and month closes are made only where
	// there are none yet: a month already compiled takes no more records,
	// and a demo month close would not count the shop's own records.
	var conduct int64
	if err := db.Raw("SELECT (SELECT count(*) FROM (SELECT 1 FROM conduct_records LIMIT 1)) + (SELECT count(*) FROM (SELECT 1 FROM month_closes LIMIT 1))").
		Scan(&conduct).Error; err != nil {
		return fmt.Errorf("demo tickets: %w", err)
	}
	g.noConduct = conduct > 0
	rules, err := g.a.ConductRules(false)
	if err != nil {
		return fmt.Errorf("demo tickets: %w", err)
	}
	for i := range rules {
		if r := &rules[i]; r.Code != "" {
			g.conductRules[r.Code] = r
		}
	}
	// The installation checklists a delivery made now would copy.
	for _, fam := range []string{models.ChecklistFurniture, models.ChecklistAppliance} {
		tpl, err := currentChecklist(db, fam)
		if err != nil {
			return fmt.Errorf("demo tickets: %w", err)
		}
		g.tpls = append(g.tpls, tpl)
	}
	return nil
}

// workflow lists the legal actions of every (mode, status) and finds the
// shortest action path from intake to each pair the workflow can reach.
func (g *demoTicketGen) workflow() {
	g.legal = map[demoPair][]models.Action{}
	g.paths = map[demoPair][]models.Action{}
	var actions []models.Action
	seen := map[models.Action]bool{}
	for _, t := range models.Transitions {
		if !seen[t.Action] {
			seen[t.Action] = true
			actions = append(actions, t.Action)
		}
	}
	type node struct {
		p    demoPair
		path []models.Action
	}
	var queue []node
	for _, p := range demoStarts() {
		g.paths[p] = nil
		queue = append(queue, node{p, nil})
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		g.legal[n.p] = models.LegalActions(n.p.mode, n.p.status)
		if n.p.status.Terminal() {
			continue
		}
		for _, act := range actions {
			tr, ok := models.Find(act, n.p.mode, n.p.status)
			if !ok {
				continue
			}
			t := models.Ticket{Mode: n.p.mode, Status: n.p.status}
			models.ApplyStep(&t, tr, models.StepInput{Action: act}, time.Time{})
			next := demoPair{t.Mode, t.Status}
			if _, done := g.paths[next]; done {
				continue
			}
			path := append(append([]models.Action(nil), n.path...), act)
			g.paths[next] = path
			queue = append(queue, node{next, path})
		}
	}
}

// demoStarts are the pairs tickets start in: a repair in each mode, a
// delivery, and a part request (raised from a delivery).
func demoStarts() []demoPair {
	var out []demoPair
	for _, m := range models.AllModes {
		out = append(out, demoPair{m, models.StatusNew})
	}
	return append(out, demoPair{models.ModeDelivery, models.StatusNew}, demoPair{models.ModePart, models.StatusRequested},
		demoPair{models.ModeComplaint, models.StatusNew}, demoPair{models.ModeReturn, models.StatusRequested})
}

// plan spreads the tickets over the ten years before the clock: more as
// the shop sold more (the purchases of the six years before each day),
// more in summer (air conditioners) and fewer at the Spring Festival. It
// also picks the tickets steered to each reachable state.
func (g *demoTicketGen) plan(n int) {
	today := time.Date(g.now.Year(), g.now.Month(), g.now.Day(), 0, 0, 0, 0, g.loc)
	g.first = today.AddDate(-10, 0, 0)
	days := 0
	for d := g.first; !d.After(today); d = d.AddDate(0, 0, 1) {
		days++
	}
	w := make([]float64, days)
	lo, hi := 0, 0
	base := 0.08 * float64(len(g.purch))
	total := 0.0
	for i := range w {
		d := g.first.AddDate(0, 0, i)
		civil := models.CivilDate(d)
		for hi < len(g.purch) && !g.purch[hi].date.After(civil) {
			hi++
		}
		for lo < hi && g.purch[lo].date.Before(civil.AddDate(-6, 0, 0)) {
			lo++
		}
		x := float64(hi-lo) + base
		switch d.Month() {
		case time.June:
			x *= 1.25
		case time.July, time.August:
			x *= 1.5
		case time.February:
			x *= 0.7
		case time.December, time.January:
			x *= 1.1
		}
		if d.Weekday() == time.Sunday {
			x *= 0.85
		}
		if i == days-1 { // today, up to the clock
			open, shut := d.Add(8*time.Hour+30*time.Minute), d.Add(20*time.Hour)
			switch {
			case !g.now.After(open):
				x = 0
			case g.now.Before(shut):
				x *= float64(g.now.Sub(open)) / float64(shut.Sub(open))
			}
		}
		w[i] = x
		total += x
	}
	g.counts = make([]int, days)
	acc, given := 0.0, 0
	for i, x := range w {
		acc += x
		c := int(float64(n)*acc/total+0.5) - given
		g.counts[i] = c
		given += c
	}
	// The steered tickets: the ones just before the forced window, one per
	// reachable pair (terminal pairs too, so rare endings also show).
	var pairs []demoPair
	for p := range g.paths {
		pairs = append(pairs, p)
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].mode != pairs[j].mode {
			return pairs[i].mode < pairs[j].mode
		}
		return pairs[i].status < pairs[j].status
	})
	end := 0 // tickets reported before the window
	cut := g.now.Add(-demoForcedWindow)
	for i, c := range g.counts {
		if !g.first.AddDate(0, 0, i+1).After(cut) {
			end += c
		}
	}
	g.forced = map[int]demoPair{}
	for i, p := range pairs {
		if idx := end - 1 - i; idx >= 0 {
			g.forced[idx] = p
		}
	}
}

// run generates every ticket in report order, adding rows to b and
// sending them in batches.
func (g *demoTicketGen) run(b *demoRows, send func(*demoRows) bool, next func() *demoRows) error {
	for _, s := range g.staff {
		active := s.to.IsZero()
		updated := s.from
		if !active {
			updated = s.to
		}
		roles := make([]string, len(s.roles))
		for i, r := range s.roles {
			roles[i] = string(r)
		}
		sort.Strings(roles)
		b.args[demoArgStaff] = append(b.args[demoArgStaff], s.id, demoTS(s.from), demoTS(updated), nil, s.name, g.pick(demoMobilePrefixes)+g.digits(8),
			strings.Join(roles, ","), active, demoStaffNote(s), "", nil) // no sign-in PIN
	}
	g.nStaff = len(g.staff)
	idx, total := 0, 0
	for _, c := range g.counts {
		total += c
	}
	var steer []demoPair // steered tickets waiting for a free slot
	times := make([]int, 0, 512)
	for day, c := range g.counts {
		d := g.first.AddDate(0, 0, day)
		open := d.Add(8*time.Hour + 30*time.Minute)
		span := int(d.Add(20*time.Hour).Sub(open) / time.Second)
		if day == len(g.counts)-1 {
			span = min(span, int(g.now.Sub(open)/time.Second))
		}
		times = times[:0]
		for range c {
			times = append(times, g.r.IntN(max(span, 1)))
		}
		sort.Ints(times)
		for _, sec := range times {
			// Each slot makes one ticket, so the count is exact. A ticket
			// raised from a delivery takes the first slot at or after the
			// moment the problem was reported (it keeps that moment, so
			// numbers still follow report order); a steered ticket whose
			// slot it took waits for the next one.
			at := open.Add(time.Duration(sec) * time.Second)
			if p, ok := g.forced[idx]; ok {
				steer = append(steer, p)
			}
			var err error
			p := g.nextPending(at)
			switch {
			case p != nil:
				err = g.made(b, p)
			case len(steer) > 0:
				p := steer[0]
				steer = steer[1:]
				err = g.ticket(b, at, &p, 0)
			default:
				err = g.ticket(b, at, nil, max(0, idx-(total-demoRecentDeliveries)+1))
			}
			if err != nil {
				return err
			}
			idx++
			if idx%20000 == 0 {
				g.pruneBookings(d)
			}
			if b.tickets >= demoTicketsPerBatch {
				if !send(b) {
					return nil
				}
				b = next()
			}
		}
	}
	g.unmade(b)
	g.conduct(b)
	send(b)
	return nil
}

// Random helpers.

func (g *demoTicketGen) chance(p float64) bool { return g.r.Float64() < p }

func (g *demoTicketGen) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *demoTicketGen) weighted(w ...int) int {
	total := 0
	for _, x := range w {
		total += x
	}
	n := g.r.IntN(total)
	for i, x := range w {
		if n < x {
			return i
		}
		n -= x
	}
	return len(w) - 1
}

func (g *demoTicketGen) between(lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	return (lo + time.Duration(g.r.Int64N(int64(hi-lo)))).Truncate(time.Second)
}

func (g *demoTicketGen) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.r.IntN(10))
	}
	return string(b)
}

// idAt makes a UUID (version 7 layout) from a moment and the random
// stream: repeatable with the seed, and rising with time, so the primary
// key indexes fill at their end instead of at random pages.
func (g *demoTicketGen) idAt(at time.Time) string {
	var u uuid.UUID
	ms := uint64(at.UnixMilli())
	for i := range 6 {
		u[i] = byte(ms >> (40 - 8*i))
	}
	x, y := g.r.Uint64(), g.r.Uint64()
	u[6] = 0x70 | byte(x&0x0f)
	u[7] = byte(x >> 8)
	u[8] = 0x80 | byte((x>>16)&0x3f)
	for i := range 7 {
		u[9+i] = byte(y >> (8 * i))
	}
	return u.String()
}

// makeStaff hires the shop: counter clerks, a dispatcher, 8–15
// technicians (more for more tickets), a delivery crew and the managers;
// some technicians and a clerk left years ago.
func (g *demoTicketGen) makeStaff(n int) {
	start := time.Date(g.now.Year()-11, time.March, 1, 9, 0, 0, 0, g.loc)
	used := map[string]bool{}
	name := func() string {
		for {
			var b strings.Builder
			b.WriteString(demoSurnames[g.r.IntN(60)])
			female := g.chance(0.3)
			b.WriteString(g.pick(demoGiven[female][0]))
			if g.chance(0.75) {
				b.WriteString(g.pick(demoGiven[female][1]))
			}
			s := b.String()
			if !used[s] && !g.taken[s] {
				used[s] = true
				return s
			}
		}
	}
	hire := func(roles []models.Role, from, to time.Time) *demoStaffer {
		s := &demoStaffer{name: name(), roles: roles, from: from, to: to}
		s.id = g.idAt(from)
		g.staff = append(g.staff, s)
		g.names[s.id] = s.name
		g.staffByID[s.id] = s
		return s
	}
	joined := func() time.Time { // some time after the start, at least half a year ago
		span := g.now.AddDate(0, -6, 0).Sub(start.AddDate(1, 0, 0))
		d := start.AddDate(1, 0, 0).Add(g.between(0, span))
		return time.Date(d.Year(), d.Month(), d.Day(), 9, 0, 0, 0, g.loc)
	}
	left := func() time.Time {
		d := g.now.AddDate(-7, 0, 0).Add(g.between(0, 4*365*24*time.Hour))
		return time.Date(d.Year(), d.Month(), d.Day(), 18, 0, 0, 0, g.loc)
	}
	g.gm = hire([]models.Role{models.RoleGeneralManager}, start, time.Time{})
	g.bm = hire([]models.Role{models.RoleBusinessManager}, start, time.Time{})
	g.fin = hire([]models.Role{models.RoleFinance}, start, time.Time{})
	g.dispatchers = append(g.dispatchers, hire([]models.Role{models.RoleDispatcher}, start, time.Time{}))
	g.counters = append(g.counters,
		hire([]models.Role{models.RoleCounter}, start, time.Time{}),
		hire([]models.Role{models.RoleCounter}, start, left()),
		hire([]models.Role{models.RoleCounter}, joined(), time.Time{}))
	techs := 8 + min(7, n/140000)
	for i := range techs {
		from := start
		if i >= 3 {
			from = joined()
		}
		roles := []models.Role{models.RoleTechnician}
		if i == 4 {
			roles = append(roles, models.RoleDelivery)
		}
		g.techs = append(g.techs, hire(roles, from, time.Time{}))
	}
	for range 3 {
		g.techs = append(g.techs, hire([]models.Role{models.RoleTechnician}, start, left()))
	}
	// Delivery crews of two or three: about a quarter of the tickets are
	// deliveries, so the crews grow with the shop as the technicians do.
	g.delivery = append(g.delivery, g.techs[4]) // also a technician
	for i := range 6 + min(8, n/125000) {
		from := start
		if i >= 2 {
			from = joined()
		}
		g.delivery = append(g.delivery, hire([]models.Role{models.RoleDelivery}, from, time.Time{}))
	}
	for range 2 {
		g.delivery = append(g.delivery, hire([]models.Role{models.RoleDelivery}, start, left()))
	}
	// Everyone's half days are booked under a number of their own.
	for i, s := range g.staff {
		s.slot = int64(i)
	}
}

func demoStaffNote(s *demoStaffer) string {
	if !s.to.IsZero() && len(s.roles) == 1 && s.roles[0] == models.RoleDelivery {
		return "已离职"
	}
	for _, r := range s.roles {
		switch r {
		case models.RoleTechnician:
			if !s.to.IsZero() {
				return "已离职"
			}
			return "持电工证、制冷证"
		case models.RoleDelivery:
			return "负责送货安装、返厂取送"
		}
	}
	return ""
}

// who picks a staff member of a group employed at a moment (the first
// one if nobody is).
func (g *demoTicketGen) who(group []*demoStaffer, at time.Time) *demoStaffer {
	var c [24]*demoStaffer
	n := 0
	for _, s := range group {
		if s.employed(at) && n < len(c) {
			c[n] = s
			n++
		}
	}
	if n == 0 {
		return group[0]
	}
	return c[g.r.IntN(n)]
}

// tech picks a technician employed at a moment, other than except.
func (g *demoTicketGen) tech(at time.Time, except string) *demoStaffer {
	var c [24]*demoStaffer
	n := 0
	for _, s := range g.techs {
		if s.employed(at) && s.id != except && n < len(c) {
			c[n] = s
			n++
		}
	}
	if n == 0 {
		for _, s := range g.techs {
			if s.to.IsZero() && s.id != except {
				return s
			}
		}
		return g.techs[0]
	}
	return c[g.r.IntN(n)]
}

// booked reports whether a technician's half day has a visit at a moment,
// as App.checkClash would find it.
func (g *demoTicketGen) booked(key int64, at time.Time) bool {
	for _, b := range g.bookings[key] {
		if !at.Before(b.from) && (b.to.IsZero() || at.Before(b.to)) {
			return true
		}
	}
	return false
}

// pruneBookings forgets the half days long past: tickets are made in
// report order and book days ahead, never months back.
func (g *demoTicketGen) pruneBookings(day time.Time) {
	old := models.CivilDate(day).AddDate(0, 0, -120).Unix() / 86400
	for k := range g.bookings {
		if k&(1<<32-1)>>1 < old {
			delete(g.bookings, k)
		}
	}
}

func demoSlot(tech *demoStaffer, date time.Time, half models.HalfDay) int64 {
	k := tech.slot<<32 | date.Unix()/86400<<1
	if half == models.PM {
		k |= 1
	}
	return k
}

// pickPurchase chooses what a ticket reported at rep is about: mostly a
// purchase of the last three years, sometimes an older one, and in one
// case in twenty one repaired within the repeat window (a repeat repair);
// -1 for none. Other picks skip purchases repaired within the window: a
// million tickets on a hundred thousand customers' purchases would
// otherwise make every fourth ticket a repeat.
func (g *demoTicketGen) pickPurchase(rep time.Time) int {
	civil := models.CivilDate(rep)
	for g.pk < len(g.purch) && !g.purch[g.pk].date.After(civil) {
		g.pk++
	}
	if g.pk == 0 {
		return -1
	}
	since := rep.AddDate(0, 0, -g.repeatWin)
	if len(g.recent) > 0 && g.chance(0.05) {
		for range 4 {
			p := g.recent[g.r.IntN(len(g.recent))]
			if r := g.repeatOf(p, rep); r != nil && r.at.After(since.AddDate(0, 0, 5)) {
				return int(p)
			}
		}
	}
	lo := 0
	if g.chance(0.6) {
		lo = sort.Search(g.pk, func(i int) bool { return !g.purch[i].date.Before(civil.AddDate(-3, 0, 0)) })
		if lo >= g.pk {
			lo = 0
		}
	}
	for range 4 {
		p := lo + g.r.IntN(g.pk-lo)
		if g.repeatOf(int32(p), rep) == nil {
			return p
		}
	}
	return -1
}

// customerAt picks any customer registered by rep.
func (g *demoTicketGen) customerAt(rep time.Time) int32 {
	for g.ck < len(g.byCreated) && !g.custs[g.byCreated[g.ck]].created.After(rep) {
		g.ck++
	}
	if g.ck == 0 {
		return g.byCreated[0]
	}
	return g.byCreated[g.r.IntN(g.ck)]
}

// repeatOf finds the repair of the same purchase completed within the
// repeat window before rep, as App.findRepeat does at intake.
func (g *demoTicketGen) repeatOf(p int32, rep time.Time) *demoRepair {
	since := rep.AddDate(0, 0, -g.repeatWin)
	var best *demoRepair
	rs := g.repairs[p]
	for i := range rs {
		r := &rs[i]
		if r.at.Before(since) || r.at.After(rep) {
			continue
		}
		if best == nil || r.at.After(best.at) {
			best = r
		}
	}
	return best
}

func (g *demoTicketGen) noteRepair(p int32, t *models.Ticket) {
	rs := append(g.repairs[p], demoRepair{t.ID, t.Number, t.RepairedAt.In(g.loc)})
	if len(rs) > 3 {
		rs = rs[len(rs)-3:]
	}
	g.repairs[p] = rs
	if len(g.recent) < 4096 {
		g.recent = append(g.recent, p)
	} else {
		g.recent[g.r.IntN(len(g.recent))] = p
	}
}

// ticket makes one ticket reported at rep, walks it and adds its rows to
// b: steered to *steer when given. recent > 0 numbers the last few slots,
// always deliveries, so that even a small demo has some on the boards.
func (g *demoTicketGen) ticket(b *demoRows, rep time.Time, steer *demoPair, recent int) error {
	forced := steer != nil
	var target demoPair
	if forced {
		target = *steer
	}
	switch {
	case forced && (target.mode == models.ModeDelivery || target.mode == models.ModePart):
		return g.deliveryTicket(b, rep, steer, 0, nil)
	case forced && target.mode == models.ModeComplaint:
		return g.steeredComplaint(b, rep, steer)
	case forced && target.mode == models.ModeReturn:
		return g.steeredReturn(b, rep, steer)
	case !forced && (recent > 0 || g.chance(demoDeliveryShare)):
		return g.deliveryTicket(b, rep, nil, recent, nil)
	}
	s := g.reset(b, rep, forced)
	t := &s.t
	kind := models.KindRepair
	if !forced && g.chance(0.15) {
		kind = models.KindConsultation
	}
	pi := -1
	if kind == models.KindRepair && g.chance(0.88) || kind == models.KindConsultation && g.chance(0.4) {
		pi = g.pickPurchase(rep)
	}
	var p *demoPurchase
	var cust int32
	if pi >= 0 {
		p = &g.purch[pi]
		cust = p.cust
		s.fault = p.fault
		s.goods, s.hasGoods = p.goods(), true
	} else {
		cust = g.customerAt(rep)
		s.fault = demoFaultList[g.r.IntN(len(demoFaultList))]
	}
	t.ID = g.idAt(rep)
	t.Number = g.number(kind, rep)
	t.Kind, t.Status, t.Priority, t.Source = kind, models.StatusNew, models.PriorityNormal, models.SourcePhone
	s.cust = cust
	t.CustomerID = g.custs[cust].id
	t.Address = g.custs[cust].address
	t.ReportedAt, t.StatusSince = rep.UTC(), rep.UTC()
	t.CreatedAt, t.UpdatedAt, t.Version = rep.UTC(), rep.UTC(), 1
	if p != nil {
		id := p.id
		t.PurchaseID = &id
		t.Product = p.product
		t.WarrantyCovered = models.WarrantyOn(p.date, p.months, rep).Covered()
	} else {
		t.Product = s.fault.product
		if g.chance(0.5) {
			t.Product = g.pick(demoBrandsOf(s.fault)) + " " + s.fault.product
		}
	}
	if kind == models.KindConsultation {
		return s.consultation()
	}
	// The mode follows the product: sofas and air conditioners are
	// repaired at home, rice cookers come to the counter or by parcel.
	w := s.fault.modes
	mode := models.AllModes[g.weighted(w[0], w[1], w[2], w[3])]
	if forced {
		mode = g.startMode(target)
	}
	t.Mode = mode
	switch {
	case mode == models.ModeCarryIn && g.chance(0.8):
		t.Source = models.SourceWalkIn
	case g.chance(0.1):
		t.Source = models.SourceSales
	case g.chance(0.1):
		t.Source = models.SourceWalkIn
	}
	if g.chance(0.06) {
		t.Priority = models.PriorityUrgent
	}
	t.Symptom = g.pick(s.fault.symptoms)
	if g.chance(0.1) {
		t.Symptom += "，" + g.pick(demoSymptomExtras)
	}
	t.Request = g.pick(demoRequests)
	if mode == models.ModeOnSite {
		t.PreferredTime = g.pick(demoPreferredTimes)
	}
	data := s.kv()
	data = append(data, demoKV{"mode", string(t.Mode), false}, demoKV{"priority", string(t.Priority), false}, demoKV{"source", string(t.Source), false})
	if p != nil {
		if r := g.repeatOf(int32(pi), rep); r != nil {
			id := r.id
			t.RepeatOfID = &id
			data = append(data, demoKV{"repeat_of", r.number, false})
		}
		if g.chance(0.02) {
			t.WarrantyOverridden, t.WarrantyCovered = true, g.chance(0.85)
			t.WarrantyOverrideReason = g.pick(demoOverrideReasons)
			data = append(data, demoKV{"warranty_override", t.WarrantyOverrideReason, false})
		}
	}
	s.slow = !forced && g.chance(0.04)
	s.event(rep, g.who(g.counters, rep), models.ActCreate, "", t.Status, t.Symptom, data)
	var err error
	if forced {
		err = s.path(g.paths[target])
	} else {
		err = s.walk()
	}
	if err != nil {
		return err
	}
	if t.RepairedAt != nil && p != nil {
		g.noteRepair(int32(pi), t)
	}
	s.finish()
	return nil
}

// reset starts a new ticket in the one simulation the generator reuses.
func (g *demoTicketGen) reset(b *demoRows, rep time.Time, forced bool) *demoSim {
	s := &g.sim
	*s = demoSim{g: g, b: b, cur: rep, ms: rep, forced: forced, data: s.data[:0], items: s.items[:0], crew: s.crew[:0], checks: s.checks[:0],
		more: s.more[:0]}
	return s
}

// number hands out the next number of the day, as nextNumber does.
func (g *demoTicketGen) number(kind models.TicketKind, at time.Time) string {
	prefix := kind.NumberPrefix()
	key := prefix + at.Format("20060102")
	g.seq[key]++
	return models.FormatTicketNumber(prefix, at, g.seq[key])
}

// startMode is the mode a ticket starts in to reach a pair (an on-site
// repair sent to the factory becomes a factory repair).
func (g *demoTicketGen) startMode(p demoPair) models.RepairMode {
	path := g.paths[p]
	for _, m := range models.AllModes {
		t := models.Ticket{Mode: m, Status: models.StatusNew}
		ok := true
		for _, act := range path {
			tr, found := models.Find(act, t.Mode, t.Status)
			if !found {
				ok = false
				break
			}
			models.ApplyStep(&t, tr, models.StepInput{Action: act}, time.Time{})
		}
		if ok && t.Mode == p.mode && t.Status == p.status {
			return m
		}
	}
	return p.mode
}

// demoKV is one field of an event's JSON details.
type demoKV struct {
	k, v string
	raw  bool // a number or a boolean
}

// demoJSON writes the details as json.Marshal writes a map: keys sorted.
func demoJSON(kvs []demoKV) string {
	if len(kvs) == 0 {
		return ""
	}
	for i := 1; i < len(kvs); i++ {
		for j := i; j > 0 && kvs[j].k < kvs[j-1].k; j-- {
			kvs[j], kvs[j-1] = kvs[j-1], kvs[j]
		}
	}
	var b strings.Builder
	b.WriteByte('{')
	for i, kv := range kvs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		b.WriteString(kv.k)
		b.WriteString(`":`)
		switch {
		case kv.raw:
			b.WriteString(kv.v)
		case jsonPlain(kv.v):
			b.WriteByte('"')
			b.WriteString(kv.v)
			b.WriteByte('"')
		default:
			q, _ := json.Marshal(kv.v)
			b.Write(q)
		}
	}
	b.WriteByte('}')
	return b.String()
}

// jsonPlain: nothing in s that json.Marshal would escape.
func jsonPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c == 0xe2 {
			return false
		}
	}
	return true
}

// demoSim is the ticket being walked.
type demoSim struct {
	g      *demoTicketGen
	b      *demoRows
	t      models.Ticket
	ms     time.Time // the moment its row IDs are made from
	cur    time.Time // the ticket's own clock, in the shop's zone
	last   time.Time // when its last event happened
	done   bool      // the next thing would happen after the clock
	forced bool
	slow   bool
	fault  *demoFault
	fix    *demoFix
	tech   *demoStaffer
	items  []models.TicketItem
	paid   models.Money
	data   []demoKV
	quoted bool
	awaits int
	moved  int // reassignments
	next   models.Action
	reason string
	bk     [4]demoBk // the open bookings (see book)
	nbk    int

	// Deliveries.
	crew     []*demoStaffer // leader first
	checks   []models.TicketCheck
	family   string    // checklist family of the goods
	tpl      int       // its template, in demoTicketGen.tpls
	cust     int32     // the customer
	item     string    // the first item: product and model,
	itemName string    // its product,
	itemBuy  *string   // and its purchase
	problem  bool      // a problem was reported
	partGoal *demoPair // steered: raise a part request that reaches this pair

	// After-sales (demo_aftersales.go, demo_complaints.go).
	goods    demoGoods // what the ticket is about, when a purchase is on record
	hasGoods bool
	followed bool     // the job's calls are scheduled
	lastJob  *demoJob // the job as completed
	aboutJob *demoJob // the job a complaint or a return is about
	deferred bool     // a return waits for its exchange's delivery
	more     []demoKV // what the app side of a step adds (a buffer)
	extra    []demoKV // … for the next step
	shift    time.Duration
	// recent > 0: one of the last deliveries, booked around the clock's
	// day, by recent%3: 1 installed the day before and waiting for the
	// signed slip, 2 in the next days, 0 later, no crew named yet.
	recent int
}

func (s *demoSim) kv() []demoKV { return s.data[:0] }

// adj stretches a short delay for a slow ticket (up to ten days) and
// shortens long ones for a steered ticket (whose path must fit before the
// clock).
func (s *demoSim) adj(d time.Duration) time.Duration {
	switch {
	case s.forced && d > 12*time.Hour:
		d = 12*time.Hour - time.Duration(s.g.r.IntN(3600))*time.Second
	case s.slow && d <= 48*time.Hour:
		d = min(d*time.Duration(3+s.g.r.IntN(4)), 10*24*time.Hour)
	}
	return d
}

// after moves the clock of the ticket on by d (within working hours,
// 08:00–20:30) and reports false when that is after the app's clock.
func (s *demoSim) after(d time.Duration) bool {
	return s.until(s.cur.Add(max(s.adj(d), time.Minute)))
}

// wait lets d pass with a progress call every `every` days meanwhile.
func (s *demoSim) wait(d time.Duration, every int, actor *demoStaffer, note string) bool {
	end := s.cur.Add(max(s.adj(d), time.Minute))
	return s.chase(end, every, actor, note) && s.until(end)
}

// until moves to a moment (at least a minute on).
func (s *demoSim) until(at time.Time) bool {
	g := s.g
	if min := s.cur.Add(time.Minute); at.Before(min) {
		at = min
	}
	at = at.In(g.loc).Truncate(time.Second)
	if h := at.Hour()*60 + at.Minute(); h < 8*60 || h >= 20*60+30 {
		day := at
		if h >= 20*60+30 {
			day = at.AddDate(0, 0, 1)
		}
		at = time.Date(day.Year(), day.Month(), day.Day(), 8, 0, 0, 0, g.loc).Add(g.between(0, 90*time.Minute))
	}
	if at.After(g.now) {
		s.done = true
		return false
	}
	s.cur = at
	return true
}

func (s *demoSim) touch(at time.Time) {
	s.t.Version++
	s.t.UpdatedAt = at.UTC()
}

func (s *demoSim) event(at time.Time, actor *demoStaffer, act models.Action, from, to models.Status, note string, data []demoKV) {
	g := s.g
	s.last = at
	s.b.args[demoArgEvents] = append(s.b.args[demoArgEvents], g.idAt(s.ms), s.t.ID, demoTS(at), actor.name, string(act), string(from), string(to), note, demoJSON(data))
	g.nEvents++
}

// step checks and applies one workflow action at the current time, as
// App.stepTx does, and writes its timeline event.
func (s *demoSim) step(in models.StepInput, actor *demoStaffer) error {
	g, t := s.g, &s.t
	st := models.TicketState{Ticket: t, Items: s.items, Paid: s.paid, Today: s.cur, DiscountLimit: g.discount, Checks: s.checks}
	if t.Status == models.StatusEscalated {
		st.PrevTechnician = derefStr(t.TechnicianID)
	}
	tr, err := models.CheckStep(st, in)
	if err != nil {
		return fmt.Errorf("demo tickets: %s %s (%s, %s): %w", t.Number, in.Action, t.Mode, t.Status, err)
	}
	data := s.kv()
	switch in.Action {
	case models.ActAssign, models.ActReassign:
		data = append(data, demoKV{"technician", g.names[in.TechnicianID], false})
		if prev := derefStr(t.TechnicianID); prev != "" {
			data = append(data, demoKV{"previous", g.names[prev], false})
		}
	case models.ActSchedule, models.ActReschedule:
		data = append(data, demoKV{"date", models.FormatDate(in.Date), false}, demoKV{"half", string(in.Half), false})
		if in.Action == models.ActReschedule {
			data = append(data, demoKV{"customer_asked", strconv.FormatBool(in.CustomerAsked), true},
				demoKV{"customer_agreed", strconv.FormatBool(in.CustomerAsked || in.CustomerAgreed), true})
			if t.ApptDate != nil {
				data = append(data, demoKV{"previous", models.FormatDate(*t.ApptDate) + " " + string(t.ApptHalf), false})
			}
		}
	case models.ActReceiveParcel, models.ActShipBack, models.ActSendToFactory:
		data = append(data, demoKV{"courier", in.Courier, false}, demoKV{"tracking", in.Tracking, false})
		if in.Action == models.ActReceiveParcel {
			data = append(data, demoKV{"cost", in.Cost.Yuan(), false})
		}
	case models.ActIssueVoucher:
		data = append(data, demoKV{"expected", models.FormatDate(in.Date), false})
	case models.ActDecideLiability:
		data = append(data, demoKV{"liability", string(in.Liability), false})
	case models.ActAssignCrew: // as App.assignCrewTx records it
		if len(s.crew) > 0 {
			data = append(data, demoKV{"previous", demoNames(s.crew), false})
		}
		names := make([]string, len(in.Crew))
		for i, id := range in.Crew {
			names[i] = g.names[id]
		}
		data = append(data, demoKV{"crew", strings.Join(names, "、"), false}, demoKV{"leader", g.names[in.TechnicianID], false})
		if len(in.Crew) < models.MinCrew {
			data = append(data, demoKV{"crew_reason", in.CrewReason, false})
		}
	case models.ActCompleteInst:
		done, total, missing := models.Progress(s.checks)
		data = append(data, demoKV{"checklist", strconv.Itoa(done) + " / " + strconv.Itoa(total), false})
		if missing > 0 {
			data = append(data, demoKV{"unticked_required", strconv.Itoa(missing), true})
		}
	}
	if in.AllowClash {
		data = append(data, demoKV{"clash_confirmed", "true", true})
	}
	if in.Reason != "" {
		data = append(data, demoKV{"reason", in.Reason, false})
	}
	data = append(data, s.extra...)
	from := t.Status
	models.ApplyStep(t, tr, in, s.cur.UTC())
	if in.Action == models.ActIssueVoucher && t.VoucherNo == "" {
		t.VoucherNo = "QJ" + strings.TrimPrefix(t.Number, t.Kind.NumberPrefix())
		data = append(data, demoKV{"voucher", t.VoucherNo, false})
	}
	s.touch(s.cur)
	// After the notes of records made in the step, as the app writes them.
	s.event(s.cur.Add(s.shift), actor, in.Action, from, t.Status, firstNonEmpty(in.Note, in.Reason), data)
	s.data, s.extra, s.shift = data, nil, 0
	return nil
}

// contact logs a call, as App.LogContact does.
func (s *demoSim) contact(actor *demoStaffer, outcome models.ContactOutcome, note string) {
	g, t := s.g, &s.t
	at := s.cur.UTC()
	s.b.args[demoArgContacts] = append(s.b.args[demoArgContacts], g.idAt(s.ms), t.ID, demoTS(at), actor.name, string(outcome), note)
	g.nContacts++
	models.NoteComplaintContact(t, outcome) // a complaint's customer not reached: 48 h
	if outcome == models.ContactReached || outcome == models.ContactSMS {
		if t.FirstContactAt == nil {
			v := at
			t.FirstContactAt = &v
		}
		v := at
		t.LastContactAt = &v
	}
	s.touch(s.cur)
	s.event(s.cur, actor, models.ActContact, t.Status, t.Status, note, append(s.kv(), demoKV{"outcome", string(outcome), false}))
}

// call tries to reach the customer after d; a first failed attempt is
// followed by another a few hours later. False when the clock is reached.
func (s *demoSim) call(d time.Duration, actor *demoStaffer, note string) bool {
	g := s.g
	if !s.after(d) {
		return false
	}
	switch g.weighted(80, 14, 2, 4) {
	case 1:
		s.contact(actor, models.ContactNoAnswer, "")
		if !s.after(g.between(time.Hour, 4*time.Hour)) {
			return false
		}
	case 2:
		s.contact(actor, models.ContactWrongNumber, "号码有误，已核对客户资料")
		if !s.after(g.between(10*time.Minute, time.Hour)) {
			return false
		}
		s.contact(actor, models.ContactSMS, "已短信联系客户")
		return true
	case 3:
		s.contact(actor, models.ContactSMS, note)
		return true
	}
	s.contact(actor, models.ContactReached, note)
	return true
}

// chase makes progress calls every `every` days while waiting until at.
func (s *demoSim) chase(until time.Time, every int, actor *demoStaffer, note string) bool {
	g := s.g
	for {
		next := s.cur.AddDate(0, 0, every).Add(-g.between(0, 6*time.Hour))
		if !next.Before(until.Add(-12 * time.Hour)) {
			return true
		}
		if g.chance(0.1) { // forgotten: the ticket shows overdue meanwhile
			next = next.AddDate(0, 0, 1)
			if !next.Before(until.Add(-12 * time.Hour)) {
				return true
			}
		}
		if !s.until(next) {
			return false
		}
		if g.chance(0.85) {
			s.contact(actor, models.ContactReached, note)
		} else {
			s.contact(actor, models.ContactNoAnswer, "")
		}
	}
}

// consultation closes a phone consultation at intake.
func (s *demoSim) consultation() error {
	g, t := s.g, &s.t
	t.Mode = ""
	t.Status = models.StatusClosed
	t.Resolution = g.pick(demoResolutions)
	t.Symptom = g.pick(demoQuestions)
	v := t.ReportedAt
	t.FirstContactAt, t.ClosedAt, t.LastContactAt = &v, &v, &v
	s.event(s.cur, g.who(g.counters, s.cur), models.ActCreate, "", models.StatusClosed, t.Resolution,
		append(s.kv(), demoKV{"mode", "", false}, demoKV{"priority", string(t.Priority), false}, demoKV{"source", string(t.Source), false}))
	s.finish()
	return nil
}

// finish stores the due time as App.setDue does and appends the row.
func (s *demoSim) finish() {
	s.finishRow()
	s.b.tickets++
	s.g.nTickets++
}

// finishRow appends the row of a ticket counted already (a return that
// waited for its exchange).
func (s *demoSim) finishRow() {
	t := &s.t
	s.g.a.setDue(t)
	if s.nbk > 0 && t.Status != models.StatusScheduled {
		s.endBooking()
	}
	slot := demoArgTickets // on-site repairs
	switch {
	case t.Kind == models.KindDelivery:
		slot = demoArgDeliveryTickets
	case t.Kind == models.KindConsultation:
		slot = demoArgConsultations
	case t.Kind == models.KindComplaint || t.Kind == models.KindReturn:
		slot = demoArgAftersalesTickets
	case t.Mode != models.ModeOnSite:
		slot = demoArgBenchTickets
	}
	s.b.args[slot] = append(s.b.args[slot], t.ID, demoTS(t.CreatedAt), demoTS(t.UpdatedAt), nil, t.Number, string(t.Kind), string(t.Mode), string(t.Status),
		string(t.Priority), string(t.Source), t.CustomerID, demoStr(t.PurchaseID), t.Address, t.Product, t.Symptom, t.Request,
		t.PreferredTime, t.Resolution, t.WarrantyCovered, t.WarrantyOverridden, t.WarrantyOverrideReason,
		demoStr(t.TechnicianID), demoTime(t.ApptDate), string(t.ApptHalf), int64(t.ReschedulesShop), int64(t.ReschedulesCust),
		int64(t.Escalations), demoStr(t.RepeatOfID),
		demoTS(t.ReportedAt), demoTime(t.FirstContactAt), demoTime(t.ScheduledAt), demoTime(t.ArrivedAt), demoTime(t.RepairedAt),
		demoTime(t.SignedAt), demoTime(t.ClosedAt), demoTS(t.StatusSince), demoTime(t.LastContactAt),
		demoTime(t.ReceivedAt), t.VoucherNo, demoTime(t.ExpectedReadyDate), demoTime(t.ReadyAt), demoTime(t.CollectedAt),
		t.ParcelCourier, t.ParcelTracking, int64(t.ParcelCost), t.ReturnCourier, t.ReturnTracking, demoTime(t.ShippedBackAt),
		demoTime(t.WaitingParcelAt), demoTime(t.FactorySentAt), demoTime(t.FactoryBackAt), t.FactoryTracking, string(t.Liability),
		demoTime(t.ConsentAt), t.ConsentNote, t.QuoteApprovedBy, demoTime(t.QuoteApprovedAt), t.CancelReason, demoTime(t.DueAt),
		int64(t.Version),
		t.CrewReason, demoStr(t.ChecklistTemplateID), int64(t.ChecklistVersion), t.ChecklistName, t.ChecklistReason,
		demoStr(t.LinkedTicketID), string(t.ProblemKind), t.PartName, int64(t.PartQty),
		demoTime(t.AcceptedAt), t.ReportedTo, t.CustomerUnreachable, string(t.Responsible), t.ResponsibleStaff, t.ResponsibilityNote,
		demoTime(t.ResponsibilityAt), t.Proposal, demoTime(t.ProposedAt), string(t.ReturnType), t.ReturnReason, t.QualityProblem, t.FreightBy,
		demoTime(t.GoodsBackAt), demoTime(t.InspectedAt), t.InspectionNote, string(t.ReturnOutcome), int64(t.RefundAmount), string(t.RefundMethod),
		t.ReturnExclusions, t.ReturnComplete, string(t.GiftStatus), int64(t.GiftPrice), demoTime(t.ReturnSignedOn),
		t.PartCategory, t.PartColour, t.PartBatch, t.PartInspection, demoTime(t.OrderDate), demoTime(t.PartExpected), t.PartChargeable)
	if t.Kind == models.KindDelivery {
		s.deliveryRows()
	}
}

// demoTS formats a time exactly as the SQLite driver stores a bound
// time.Time (its SQLiteTimestampFormats[0]), here on the generator's core
// rather than the writer's.
func demoTS(t time.Time) string {
	t = t.UTC()
	if t.Nanosecond() != 0 || t.Year() < 1000 || t.Year() > 9999 {
		return t.Format("2006-01-02 15:04:05.999999999-07:00")
	}
	var b [25]byte
	y, mo, d := t.Date()
	h, mi, sec := t.Clock()
	put := func(i, v, n int) {
		for j := i + n - 1; j >= i; j-- {
			b[j] = byte('0' + v%10)
			v /= 10
		}
	}
	put(0, y, 4)
	b[4] = '-'
	put(5, int(mo), 2)
	b[7] = '-'
	put(8, d, 2)
	b[10] = ' '
	put(11, h, 2)
	b[13] = ':'
	put(14, mi, 2)
	b[16] = ':'
	put(17, sec, 2)
	copy(b[19:], "+00:00")
	return string(b[:])
}

func demoStr(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}

func demoTime(p *time.Time) any {
	if p == nil {
		return nil
	}
	return demoTS(*p)
}

// walk takes the ticket from intake onward, choosing each next action
// among the legal ones with a shop's usual odds, until it ends or the
// clock is reached.
func (s *demoSim) walk() error {
	for n := 0; n < 60 && !s.done && !s.t.Status.Terminal(); n++ {
		act := s.next
		s.next = ""
		if act == "" {
			act = s.choose()
		}
		if act == "" {
			return nil
		}
		if err := s.do(act); err != nil {
			return err
		}
	}
	return nil
}

// path takes the ticket along the given actions (a steered ticket).
func (s *demoSim) path(acts []models.Action) error {
	for _, act := range acts {
		if s.done {
			return nil
		}
		if err := s.do(act); err != nil {
			return err
		}
	}
	return nil
}

func (s *demoSim) choose() models.Action {
	legal := s.g.legal[demoPair{s.t.Mode, s.t.Status}]
	var w [32]float64
	total := 0.0
	for i, a := range legal {
		w[i] = s.weight(a)
		total += w[i]
	}
	if total == 0 {
		return ""
	}
	x := s.g.r.Float64() * total
	for i, a := range legal {
		if x < w[i] {
			return a
		}
		x -= w[i]
	}
	return legal[len(legal)-1]
}

// weight is how likely an action is next, in the ticket's state.
func (s *demoSim) weight(a models.Action) float64 {
	t := &s.t
	st := t.Status
	switch a {
	case models.ActAssign:
		if st == models.StatusNew || st == models.StatusEscalated {
			return 100
		}
		if t.TechnicianID == nil {
			return 400
		}
		return 0
	case models.ActReassign:
		if s.moved == 0 {
			return 1.5
		}
	case models.ActSchedule, models.ActReceive, models.ActRequestParcel, models.ActFactoryBack, models.ActDecideLiability,
		models.ActSign, models.ActShipBack, models.ActClose, models.ActPartsArrived:
		return 100
	case models.ActReschedule:
		if t.ReschedulesCust+t.ReschedulesShop < 2 {
			return 8
		}
	case models.ActArrive:
		return 92
	case models.ActIssueVoucher:
		if t.VoucherNo != "" {
			return 0
		}
		switch st {
		case models.StatusReceived:
			return 55
		case models.StatusAwaitingParts:
			return 60
		case models.StatusInService:
			return 2
		}
	case models.ActReceiveParcel:
		return 90
	case models.ActStartRepair:
		if st == models.StatusReceived {
			return 45
		}
		return 100
	case models.ActAwaitParts:
		if s.awaits < 2 {
			if s.fix != nil && s.fix.parts && s.awaits == 0 {
				return 20
			}
			return 4
		}
	case models.ActRepaired:
		return 80
	case models.ActEscalate:
		if t.Escalations < 2 {
			switch st {
			case models.StatusInService:
				return 2.5
			case models.StatusAwaitingParts:
				return 1.5
			case models.StatusRepaired:
				return 0.6
			case models.StatusSigned:
				return 0.5
			}
		}
	case models.ActSendToFactory:
		switch st {
		case models.StatusNew:
			return 100
		case models.StatusEscalated:
			return 20
		}
		return 1.5
	case models.ActReady:
		return 75
	case models.ActCollect:
		if st == models.StatusRepaired {
			return 25
		}
		return 100
	case models.ActAbandon:
		switch st {
		case models.StatusAwaitingParcel:
			return 7
		case models.StatusReadyForPickup:
			return 1.2
		case models.StatusScheduled:
			return 0.8
		}
		return 0.4
	case models.ActCancel:
		switch st {
		case models.StatusNew:
			return 2
		case models.StatusEscalated:
			return 8
		case models.StatusAssigned, models.StatusScheduled:
			return 1.3
		case models.StatusReceived, models.StatusParcelReceived:
			return 1
		}
		return 0.4
	}
	return 0
}

// do carries out one action: the time it takes, what must happen first
// (the customer's consent, a payment), the step itself, and what follows
// at once (a quote when the repair starts, a call when an item is ready).
func (s *demoSim) do(act models.Action) error {
	g, t := s.g, &s.t
	in := models.StepInput{Action: act}
	var actor *demoStaffer
	ok := true
	switch act {
	case models.ActAssign:
		switch t.Status {
		case models.StatusNew:
			ok = s.after(g.between(10*time.Minute, 4*time.Hour))
			actor = g.who(g.dispatchers, s.cur)
		case models.StatusEscalated:
			ok = s.after(g.between(2*time.Hour, 20*time.Hour))
			actor = g.bm
			in.Note = g.pick(demoAnalyses)
		default:
			ok = s.after(g.between(5*time.Minute, time.Hour))
			actor = g.who(g.counters, s.cur)
		}
		if ok {
			s.tech = g.tech(s.cur, derefStr(t.TechnicianID))
			in.TechnicianID = s.tech.id
		}
	case models.ActReassign:
		ok = s.after(g.between(time.Hour, 20*time.Hour))
		actor = g.who(g.dispatchers, s.cur)
		if ok {
			s.moved++
			s.tech = g.tech(s.cur, derefStr(t.TechnicianID))
			in.TechnicianID, in.Reason = s.tech.id, g.pick(demoReassignReasons)
			if t.Status == models.StatusScheduled && t.ApptDate != nil {
				key := demoSlot(s.tech, *t.ApptDate, t.ApptHalf)
				in.AllowClash = g.booked(key, s.cur)
				s.endBooking()
				s.book(key)
			}
		}
	case models.ActSchedule:
		actor = g.who(g.dispatchers, s.cur)
		if t.Status == models.StatusAwaitingParts {
			ok = s.waitParts()
		} else if t.FirstContactAt == nil && g.chance(0.2) {
			ok = s.call(g.between(5*time.Minute, 3*time.Hour), actor, "")
		}
		if ok {
			ok = s.after(g.between(5*time.Minute, 6*time.Hour))
		}
		if ok {
			in.Date, in.Half = s.apptDate(s.cur, nil)
			in.Note = "约" + models.FormatDate(in.Date) + demoHalfName(in.Half) + "上门"
			key := demoSlot(s.techOf(), in.Date, in.Half)
			in.AllowClash = g.booked(key, s.cur)
			s.book(key)
		}
	case models.ActReschedule:
		actor = g.who(g.dispatchers, s.cur)
		appt := g.rules.ApptStart(*t.ApptDate, t.ApptHalf, g.loc)
		if d := appt.Sub(s.cur); d > 2*time.Hour {
			ok = s.after(g.between(30*time.Minute, d-time.Hour))
		} else {
			ok = s.after(g.between(10*time.Minute, time.Hour))
		}
		if ok {
			in.CustomerAsked = g.chance(0.6)
			in.CustomerAgreed = true
			if in.CustomerAsked {
				in.Reason = g.pick(demoCustomerReschedules)
			} else {
				in.Reason = g.pick(demoShopReschedules)
			}
			in.Date, in.Half = s.apptDate(s.cur, t.ApptDate)
			if in.Date.Equal(models.CivilDate(*t.ApptDate)) && in.Half == t.ApptHalf {
				in.Half = demoOther(in.Half)
			}
			key := demoSlot(s.techOf(), in.Date, in.Half)
			in.AllowClash = g.booked(key, s.cur)
			s.endBooking()
			s.book(key)
		}
	case models.ActArrive:
		actor = s.techOf()
		day := *t.ApptDate
		at := time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, g.loc).Add(g.between(0, 150*time.Minute))
		if t.ApptHalf == models.PM {
			at = time.Date(day.Year(), day.Month(), day.Day(), 14, 0, 0, 0, g.loc).Add(g.between(0, 210*time.Minute))
		}
		if s.slow && !s.forced {
			at = at.AddDate(0, 0, 2+g.r.IntN(5))
		}
		ok = s.until(at)
		if ok {
			s.endBooking()
		}
	case models.ActReceive:
		actor = g.who(g.counters, s.cur)
		if t.Source == models.SourceWalkIn {
			ok = s.after(g.between(5*time.Minute, 30*time.Minute))
		} else {
			ok = s.after(g.between(2*time.Hour, 72*time.Hour))
		}
		in.Note = g.pick(demoReceiveNotes)
	case models.ActIssueVoucher:
		actor = g.who(g.counters, s.cur)
		if t.Status == models.StatusReceived {
			ok = s.after(g.between(10*time.Minute, time.Hour))
		} else {
			ok = s.after(g.between(time.Hour, 20*time.Hour))
		}
		in.Date = models.CivilDate(s.cur).AddDate(0, 0, 2+g.r.IntN(6))
	case models.ActRequestParcel:
		actor = g.who(g.counters, s.cur)
		ok = s.after(g.between(10*time.Minute, 6*time.Hour))
		in.Note = "已短信发送寄修地址和注意事项"
	case models.ActReceiveParcel:
		actor = g.who(g.counters, s.cur)
		ok = s.wait(g.between(2*24*time.Hour, 12*24*time.Hour), g.rules.ParcelChaseDays, actor, "客户称这两天寄出")
		in.Courier = g.pick(demoCouriers)
		in.Tracking = demoTracking(g, in.Courier)
		if g.chance(0.7) {
			in.Cost = models.Money(1200 + 100*g.r.IntN(14))
		}
	case models.ActStartRepair:
		actor = s.techOf()
		switch t.Status {
		case models.StatusReceived:
			ok = s.after(g.between(time.Hour, 30*time.Hour))
		case models.StatusVoucherIssued:
			ok = s.after(g.between(4*time.Hour, 72*time.Hour))
		default:
			ok = s.after(g.between(2*time.Hour, 48*time.Hour))
		}
	case models.ActAwaitParts:
		actor = s.techOf()
		ok = s.after(g.between(20*time.Minute, 2*time.Hour))
		s.awaits++
		in.Note = "需订购配件"
		if s.fix != nil {
			in.Note = "需订购配件：" + s.fix.note
		}
	case models.ActPartsArrived:
		actor = g.who(g.counters, s.cur)
		ok = s.waitParts()
		in.Note = "配件已到"
	case models.ActRepaired:
		actor = s.techOf()
		if t.Mode == models.ModeOnSite {
			ok = s.after(g.between(20*time.Minute, 150*time.Minute))
		} else {
			ok = s.after(g.between(time.Hour, 48*time.Hour))
		}
		ok = ok && s.approve() && s.consent()
		in.Note = s.fixNote()
	case models.ActEscalate:
		actor = s.techOf()
		if t.Status == models.StatusRepaired || t.Status == models.StatusSigned {
			ok = s.after(g.between(24*time.Hour, 20*24*time.Hour))
			actor = g.who(g.counters, s.cur)
			in.Reason = "维修后故障复现，客户来电"
		} else {
			ok = s.after(g.between(time.Hour, 48*time.Hour))
			in.Reason = g.pick(demoEscalateReasons)
		}
	case models.ActSendToFactory:
		actor = g.who(g.delivery, s.cur)
		if t.Status == models.StatusNew && t.FirstContactAt == nil {
			ok = s.call(g.between(10*time.Minute, 5*time.Hour), g.who(g.counters, s.cur), "约定上门取件返厂")
		}
		ok = ok && s.after(g.between(4*time.Hour, 72*time.Hour))
		in.Courier, in.Tracking = "德邦物流", "DPK"+g.digits(12)
		in.Note = "已发厂家检测维修"
	case models.ActFactoryBack:
		actor = g.who(g.delivery, s.cur)
		ok = s.wait(g.between(7*24*time.Hour, 30*24*time.Hour), g.rules.FactoryChaseDays, g.who(g.counters, s.cur), "已催厂家，告知客户进度")
		in.Note = "厂家已修复返回"
	case models.ActDecideLiability:
		actor = g.bm
		ok = s.after(g.between(time.Hour, 40*time.Hour))
		switch {
		case t.WarrantyCovered && g.chance(0.85):
			in.Liability = models.LiabilityManufacturer
		case t.WarrantyCovered:
			in.Liability = models.LiabilityShop
		case g.chance(0.8):
			in.Liability = models.LiabilityCustomer
		default:
			in.Liability = models.LiabilityManufacturer
		}
		if ok && in.Liability == models.LiabilityCustomer && !s.quoted {
			s.quoted = true
			ok = s.factoryQuote()
		}
		ok = ok && s.approve()
	case models.ActSign:
		actor = s.techOf()
		ok = s.pay(actor, 0) && s.after(g.between(2*time.Minute, 15*time.Minute))
		in.Note = "客户签字确认"
	case models.ActReady:
		actor = g.who(g.counters, s.cur)
		ok = s.after(g.between(10*time.Minute, 10*time.Hour))
	case models.ActCollect:
		actor = g.who(g.counters, s.cur)
		if t.Status == models.StatusReadyForPickup {
			ok = s.wait(g.between(2*time.Hour, 6*24*time.Hour), g.rules.PickupRemindDays, actor, "提醒客户凭取机凭证来店取机")
		} else {
			ok = s.after(g.between(10*time.Minute, time.Hour))
		}
		ok = ok && s.pay(actor, 1)
		in.Note = "客户已取机并签字"
	case models.ActShipBack:
		actor = g.who(g.counters, s.cur)
		ok = s.pay(g.fin, 2) && s.after(g.between(2*time.Hour, 48*time.Hour))
		in.Courier = g.pick(demoCouriers)
		in.Tracking = demoTracking(g, in.Courier)
	case models.ActClose:
		actor = g.who(g.counters, s.cur)
		switch t.Status {
		case models.StatusSigned:
			ok = s.after(g.between(4*time.Hour, 60*time.Hour))
		case models.StatusShippedBack:
			ok = s.after(g.between(2*24*time.Hour, 6*24*time.Hour))
			in.Note = "客户已签收"
		default:
			ok = s.after(g.between(time.Minute, 30*time.Minute))
		}
		ok = ok && s.pay(g.fin, 1)
		if g.chance(0.3) {
			in.Note = g.pick(demoCloseNotes)
		}
	case models.ActCancel:
		actor = g.who(g.counters, s.cur)
		in.Reason = s.reason
		if in.Reason == "" {
			in.Reason = g.pick(demoCancelReasons)
		}
		ok = s.after(g.between(time.Hour, 72*time.Hour))
	case models.ActAbandon:
		actor = g.who(g.counters, s.cur)
		switch t.Status {
		case models.StatusAwaitingParcel:
			d := time.Duration(g.rules.ParcelAbandonDays)*24*time.Hour + g.between(0, 3*24*time.Hour)
			ok = s.wait(d, g.rules.ParcelChaseDays, actor, "客户称还没寄出")
			in.Reason = "超过15天未寄出机器，与客户确认后关闭"
		case models.StatusReadyForPickup:
			ok = s.wait(g.between(20*24*time.Hour, 60*24*time.Hour), g.rules.PickupRemindDays*3, actor, "再次提醒客户取机")
			in.Reason = "客户长期未取机，多次提醒无果"
		default:
			ok = s.after(g.between(24*time.Hour, 7*24*time.Hour))
			in.Reason = g.pick(demoAbandonReasons)
		}
	default:
		return fmt.Errorf("demo tickets: no story for %s", act)
	}
	if ok && !s.cur.After(s.last) { // after a payment or consent just taken
		ok = s.after(g.between(time.Minute, 5*time.Minute))
	}
	if !ok || s.done {
		return nil
	}
	if act == models.ActCancel || act == models.ActAbandon || act == models.ActArrive {
		s.endBooking()
	}
	if err := s.step(in, actor); err != nil {
		return err
	}
	if act == models.ActClose {
		s.completed(act) // a repair's follow-up call
	}
	s.followUp()
	return nil
}

// followUp is what happens right after a step.
func (s *demoSim) followUp() {
	g, t := s.g, &s.t
	switch t.Status {
	case models.StatusInService:
		if !s.quoted {
			s.quoted = true
			s.quote()
		}
	case models.StatusParcelReceived:
		if s.after(g.between(time.Hour, 8*time.Hour)) {
			s.contact(g.who(g.counters, s.cur), models.ContactSMS, "已收到您寄来的机器，检测后联系您")
		}
	case models.StatusReadyForPickup:
		if s.after(g.between(5*time.Minute, time.Hour)) {
			s.contact(g.who(g.counters, s.cur), models.ContactSMS, "机器已修好，请凭取机凭证来店取机")
		}
	}
}

func (s *demoSim) techOf() *demoStaffer {
	if s.tech != nil {
		return s.tech
	}
	if id := derefStr(s.t.TechnicianID); id != "" {
		for _, x := range s.g.techs {
			if x.id == id {
				s.tech = x
				return x
			}
		}
	}
	return s.g.who(s.g.counters, s.cur)
}

// apptDate books a half day: the same afternoon if it is early, mostly
// the next day or two; a moved visit goes one to four days later.
func (s *demoSim) apptDate(at time.Time, prev *time.Time) (time.Time, models.HalfDay) {
	g := s.g
	today := models.CivilDate(at)
	half := models.AM
	if g.chance(0.5) {
		half = models.PM
	}
	if prev != nil {
		d := models.CivilDate(*prev).AddDate(0, 0, 1+g.r.IntN(4))
		if d.Before(today) {
			d = today.AddDate(0, 0, 1)
		}
		return d, half
	}
	k := g.weighted(20, 45, 20, 10, 5)
	if s.forced {
		k = 1
	}
	if k == 0 {
		if at.Hour() >= 11 {
			k = 1
		} else {
			half = models.PM
		}
	}
	return today.AddDate(0, 0, k), half
}

func demoOther(h models.HalfDay) models.HalfDay {
	if h == models.AM {
		return models.PM
	}
	return models.AM
}

func demoHalfName(h models.HalfDay) string {
	if h == models.PM {
		return "下午"
	}
	return "上午"
}

// book records the ticket's visit in a person's half day from now (a
// delivery books each member of its crew).
func (s *demoSim) book(key int64) {
	s.g.bookings[key] = append(s.g.bookings[key], demoBooking{from: s.cur})
	if s.nbk < len(s.bk) {
		s.bk[s.nbk] = demoBk{key, len(s.g.bookings[key]) - 1}
		s.nbk++
	}
}

// endBooking frees the half days when the visit happens or moves.
func (s *demoSim) endBooking() {
	for _, b := range s.bk[:s.nbk] {
		s.g.bookings[b.key][b.idx].to = s.cur
	}
	s.nbk = 0
}

// demoBk is one of the ticket's bookings: a half day and its place there.
type demoBk struct {
	key int64
	idx int
}

// waitParts waits for ordered parts with a progress call every few days.
func (s *demoSim) waitParts() bool {
	g := s.g
	return s.wait(g.between(2*24*time.Hour, 12*24*time.Hour), g.rules.PartsProgressDays, g.who(g.counters, s.cur), "告知客户配件进度")
}

func (s *demoSim) fixNote() string {
	if s.fix != nil {
		return s.fix.note
	}
	return "维修完成，试机正常"
}

// quote prices the repair from the fee schedule when it is not covered;
// a covered repair may list the parts used, free of charge.
func (s *demoSim) quote() {
	g, t := s.g, &s.t
	s.fix = &s.fault.fixes[g.r.IntN(len(s.fault.fixes))]
	actor := s.techOf()
	if t.Mode != models.ModeOnSite {
		actor = g.who(g.counters, s.cur)
	}
	if t.WarrantyCovered {
		if g.chance(0.35) {
			for _, k := range s.fix.fees {
				if f, ok := g.fees[k]; ok && f.Kind == models.ItemPart {
					if !s.after(g.between(2*time.Minute, 20*time.Minute)) {
						return
					}
					s.addItem(actor, f, 1, f.Price, false)
				}
			}
		}
		return
	}
	var lines []models.FeeItem
	if t.Mode == models.ModeOnSite {
		key := "visit_city"
		if s.purchaseSuburban() {
			key = "visit_suburb"
		}
		if f, ok := g.fees[key]; ok {
			lines = append(lines, f)
		} else if fs := g.feesByKnd[models.ItemVisit]; len(fs) > 0 {
			lines = append(lines, fs[0])
		}
	}
	for _, k := range s.fix.fees {
		if f, ok := g.fees[k]; ok {
			lines = append(lines, f)
		} else if fs := g.feesByKnd[models.ItemLabour]; len(fs) > 0 {
			lines = append(lines, fs[g.r.IntN(len(fs))])
		}
	}
	if len(lines) == 0 {
		return
	}
	big := false
	disc := g.weighted(86, 8, 6)
	for i, f := range lines {
		if !s.after(g.between(2*time.Minute, 10*time.Minute)) {
			return
		}
		qty := 1
		if f.Key == "part_hinge" || f.Key == "part_handle" {
			qty = 2 + g.r.IntN(3)
		}
		price, charged := f.Price, true
		if f.Kind == models.ItemVisit && g.chance(0.05) {
			charged = false // waived for a loyal customer
		}
		if i == len(lines)-1 && f.Kind != models.ItemVisit {
			switch disc {
			case 1: // rounded down, within the limit
				price = f.Price * 95 / 100 / 500 * 500
			case 2: // a bigger discount: needs the general manager
				price = f.Price * models.Money(55+g.r.IntN(25)) / 100 / 500 * 500
				big = true
			}
		}
		s.addItem(actor, f, qty, price, charged)
	}
	q := models.QuoteOf(s.items)
	if q.Total == 0 {
		return
	}
	if big && q.NeedsApproval(g.discount) {
		if !s.after(g.between(10*time.Minute, 3*time.Hour)) {
			return
		}
		s.approveNow()
	}
	if !s.forced && g.chance(0.06) {
		s.next, s.reason = models.ActCancel, "客户不接受报价，不修了"
		return
	}
	if t.Mode != models.ModeOnSite {
		if !s.call(g.between(10*time.Minute, 4*time.Hour), actor, "告知报价"+q.Total.Yuan()+"元，客户同意维修") {
			return
		}
	}
	if !s.after(g.between(time.Minute, 20*time.Minute)) {
		return
	}
	s.consentNow(actor, "客户同意报价")
	if g.chance(0.05) && t.Mode != models.ModeOnSite {
		s.pay(actor, 3)
	}
}

func (s *demoSim) purchaseSuburban() bool { return strings.Contains(s.t.Address, "镇") }

// factoryQuote: the factory's charge when the customer is liable.
func (s *demoSim) factoryQuote() bool {
	g := s.g
	if !s.after(g.between(10*time.Minute, 3*time.Hour)) {
		return false
	}
	price := models.Money(8000 + 1000*g.r.IntN(40))
	actor := g.bm
	s.addHand(actor, "返厂维修费（厂家报价）", price)
	if !s.call(g.between(10*time.Minute, 4*time.Hour), g.who(g.counters, s.cur), "告知厂家维修费用，客户同意") ||
		!s.after(g.between(time.Minute, 10*time.Minute)) {
		return false
	}
	s.consentNow(g.who(g.counters, s.cur), "客户同意厂家维修费用")
	return true
}

// addItem adds a fee schedule line, as App.AddItem does.
func (s *demoSim) addItem(actor *demoStaffer, f models.FeeItem, qty int, price models.Money, charged bool) {
	g, t := s.g, &s.t
	it := models.TicketItem{ID: g.idAt(s.ms), TicketID: t.ID, Kind: f.Kind, Code: f.Key, Name: f.NameZH, Qty: qty,
		UnitPrice: price, SchedulePrice: f.Price, Charged: charged, CreatedAt: s.cur.UTC()}
	s.saveItem(actor, it)
}

func (s *demoSim) addHand(actor *demoStaffer, name string, price models.Money) {
	g, t := s.g, &s.t
	it := models.TicketItem{ID: g.idAt(s.ms), TicketID: t.ID, Kind: models.ItemOther, Name: name, Qty: 1,
		UnitPrice: price, Charged: true, CreatedAt: s.cur.UTC()}
	s.saveItem(actor, it)
}

func (s *demoSim) saveItem(actor *demoStaffer, it models.TicketItem) {
	t := &s.t
	s.items = append(s.items, it)
	s.b.args[demoArgItems] = append(s.b.args[demoArgItems], it.ID, it.TicketID, string(it.Kind), it.Code, it.Name, int64(it.Qty),
		int64(it.UnitPrice), int64(it.SchedulePrice), it.Charged, demoTS(it.CreatedAt))
	t.ConsentAt, t.ConsentNote, t.QuoteApprovedAt, t.QuoteApprovedBy = nil, "", nil, ""
	s.touch(s.cur)
	s.event(s.cur, actor, models.ActQuote, t.Status, t.Status, it.Name, append(s.kv(),
		demoKV{"qty", strconv.Itoa(it.Qty), true}, demoKV{"price", it.UnitPrice.Yuan(), false},
		demoKV{"schedule_price", it.SchedulePrice.Yuan(), false}, demoKV{"charged", strconv.FormatBool(it.Charged), true}))
}

// consent makes sure a quote was agreed before the repair is marked done.
func (s *demoSim) consent() bool {
	if s.t.ConsentAt != nil || models.QuoteOf(s.items).Total == 0 {
		return true
	}
	if !s.after(s.g.between(time.Minute, 10*time.Minute)) {
		return false
	}
	s.consentNow(s.techOf(), "客户同意报价")
	return true
}

func (s *demoSim) consentNow(actor *demoStaffer, note string) {
	t := &s.t
	q := models.QuoteOf(s.items)
	v := s.cur.UTC()
	t.ConsentAt, t.ConsentNote = &v, note
	s.touch(s.cur)
	s.event(s.cur, actor, models.ActConsent, t.Status, t.Status, note, append(s.kv(), demoKV{"total", q.Total.Yuan(), false}))
}

// approve gets the general manager's approval when the quote needs it.
func (s *demoSim) approve() bool {
	if s.t.QuoteApprovedAt != nil || !models.QuoteOf(s.items).NeedsApproval(s.g.discount) {
		return true
	}
	if !s.after(s.g.between(10*time.Minute, 2*time.Hour)) {
		return false
	}
	s.approveNow()
	return true
}

func (s *demoSim) approveNow() {
	t, gm := &s.t, s.g.gm
	q := models.QuoteOf(s.items)
	v := s.cur.UTC()
	t.QuoteApprovedAt, t.QuoteApprovedBy = &v, gm.name
	s.touch(s.cur)
	s.event(s.cur, gm, models.ActApprove, t.Status, t.Status, "", append(s.kv(),
		demoKV{"approver", gm.name, false}, demoKV{"total", q.Total.Yuan(), false}, demoKV{"schedule_total", q.ScheduleTotal.Yuan(), false}))
}

// pay records what the customer still owes (where: 0 on site, 1 at the
// counter, 2 by transfer before shipping, 3 a deposit of half).
func (s *demoSim) pay(actor *demoStaffer, where int) bool {
	g, t := s.g, &s.t
	owed := models.QuoteOf(s.items).Total - s.paid
	if owed <= 0 {
		return true
	}
	if where == 3 {
		owed = owed / 2 / 100 * 100
		if owed <= 0 {
			return true
		}
	}
	if !s.after(g.between(time.Minute, 15*time.Minute)) {
		return false
	}
	var m models.PaymentMethod
	switch where {
	case 0:
		m = models.AllPaymentMethods[[]int{0, 1, 2}[g.weighted(20, 55, 25)]]
	case 2:
		m = models.AllPaymentMethods[1+g.weighted(60, 40)]
	default:
		m = models.AllPaymentMethods[g.weighted(25, 40, 20, 15)]
	}
	receipt := ""
	switch m {
	case models.PayCash:
		receipt = "SJ" + g.digits(7)
	case models.PayWeChat:
		receipt = "4200" + g.digits(24)
	case models.PayAlipay:
		receipt = s.cur.Format("20060102") + "2200" + g.digits(16)
	case models.PayCard:
		receipt = g.digits(12)
	}
	at := s.cur.UTC()
	s.b.args[demoArgPayments] = append(s.b.args[demoArgPayments], g.idAt(s.ms), t.ID, demoTS(at), actor.name, string(m), int64(owed), receipt)
	g.nPayments++
	s.paid += owed
	s.touch(s.cur)
	s.event(s.cur, actor, models.ActPay, t.Status, t.Status, "", append(s.kv(),
		demoKV{"method", string(m), false}, demoKV{"amount", owed.Yuan(), false}, demoKV{"receipt", receipt, false}))
	return true
}

func demoTracking(g *demoTicketGen, courier string) string {
	switch courier {
	case "顺丰速运":
		return "SF" + g.digits(13)
	case "京东物流":
		return "JDX" + g.digits(12)
	case "邮政EMS":
		return "1" + g.digits(12)
	case "中通快递":
		return "7" + g.digits(13)
	}
	return "YT" + g.digits(13)
}

// What goes wrong with each product, how it is fixed (with the fee
// schedule keys it charges; parts: usually ordered), and how it is
// usually repaired (weights of on-site, carry-in, mail-in, factory).

type demoFix struct {
	note  string
	fees  []string
	parts bool
}

type demoFault struct {
	product  string
	symptoms []string
	fixes    []demoFix
	modes    [4]int
	brands   []string
}

var demoFaultList = []*demoFault{
	{"布艺沙发", []string{"坐垫塌陷，坐下去有响声", "布套开线", "沙发脚松动", "功能位推不动", "布面起球严重"},
		[]demoFix{{"更换坐垫海绵，试坐正常", []string{"lab_sofa_foam"}, true}, {"加固沙发脚", []string{"lab_hardware"}, false}, {"布面补色处理", []string{"lab_sofa_refinish"}, false}}, [4]int{90, 3, 0, 7}, nil},
	{"真皮沙发", []string{"皮面开裂", "扶手掉色", "坐垫塌陷", "电动功能位不工作"},
		[]demoFix{{"皮面修补补色", []string{"lab_sofa_refinish"}, false}, {"更换海绵", []string{"lab_sofa_foam"}, true}, {"更换功能位电机", []string{"lab_motor", "part_motor"}, true}}, [4]int{90, 0, 0, 10}, nil},
	{"实木床", []string{"床架晃动有异响", "床板条断裂", "床头板开裂", "床脚松动", "床边变形"},
		[]demoFix{{"床架加固，异响消除", []string{"lab_bed_fix"}, false}, {"更换床板条", []string{"part_slats"}, true}, {"更换床头板", []string{"part_headboard_18"}, true}, {"更换床脚", []string{"part_bed_legs"}, false}, {"更换床边", []string{"part_bed_rail"}, true}}, [4]int{92, 0, 0, 8}, nil},
	{"衣柜", []string{"门板下垂关不严", "铰链断裂", "抽屉滑轨卡顿", "移门脱轨", "拉手脱落", "镜子松动"},
		[]demoFix{{"调整门板铰链", []string{"lab_adjust"}, false}, {"更换铰链", []string{"lab_hardware", "part_hinge"}, false}, {"更换抽屉滑轨", []string{"lab_hardware", "part_drawer_rail"}, false}, {"更换门板", []string{"part_door_panel"}, true}, {"更换拉手", []string{"part_handle"}, false}}, [4]int{95, 0, 0, 5}, nil},
	{"餐桌", []string{"桌面开裂", "桌腿松动晃动", "桌面起泡"},
		[]demoFix{{"桌腿加固", []string{"lab_hardware"}, false}, {"拆装调整", []string{"lab_reassemble"}, false}}, [4]int{90, 0, 0, 10}, nil},
	{"电视柜", []string{"抽屉滑轨损坏", "柜门下垂", "拉手脱落"},
		[]demoFix{{"更换滑轨", []string{"lab_hardware", "part_drawer_rail"}, false}, {"调整柜门", []string{"lab_adjust"}, false}, {"更换拉手", []string{"part_handle"}, false}}, [4]int{95, 0, 0, 5}, nil},
	{"书桌", []string{"升降卡顿", "桌面晃动", "抽屉拉不开"},
		[]demoFix{{"调整五金", []string{"lab_hardware"}, false}, {"重新拆装", []string{"lab_reassemble"}, false}}, [4]int{90, 5, 0, 5}, nil},
	{"床垫", []string{"床垫中间塌陷", "弹簧异响", "面料开线", "有异味"},
		[]demoFix{{"检测后返厂处理", []string{"lab_diagnose"}, false}}, [4]int{75, 0, 0, 25}, nil},
	{"空调", []string{"不制冷", "不制热", "室内机漏水", "外机噪音大", "遥控无反应", "显示E1故障代码", "制冷效果差"},
		[]demoFix{{"加氟后试机正常", []string{"lab_ac_gas"}, false}, {"清洗内外机，疏通排水管", []string{"lab_ac_clean"}, false}, {"更换电脑主板", []string{"lab_board", "part_board"}, true}, {"更换压缩机", []string{"lab_compressor", "part_compressor"}, true}, {"更换风机电机", []string{"lab_motor", "part_motor"}, true}, {"更换遥控器", []string{"part_remote"}, false}}, [4]int{96, 0, 0, 4}, nil},
	{"冰箱", []string{"冷藏室不制冷", "冷冻室结霜严重", "压缩机不停机", "有异响", "门封条老化漏冷"},
		[]demoFix{{"更换压缩机，试机制冷正常", []string{"lab_compressor", "part_compressor"}, true}, {"更换电脑板", []string{"lab_board", "part_board"}, true}, {"检测调整温控", []string{"lab_diagnose"}, false}}, [4]int{94, 0, 0, 6}, nil},
	{"洗衣机", []string{"不脱水", "排水慢", "滚筒异响", "显示E21", "门锁打不开", "漏水"},
		[]demoFix{{"更换电机", []string{"lab_motor", "part_motor"}, true}, {"更换电脑板", []string{"lab_board", "part_board"}, true}, {"清理排水泵异物", []string{"lab_diagnose"}, false}}, [4]int{95, 0, 0, 5}, nil},
	{"电视", []string{"黑屏有声音", "屏幕有竖线", "无法开机", "遥控失灵", "无信号"},
		[]demoFix{{"更换主板", []string{"lab_board", "part_board"}, true}, {"更换遥控器", []string{"part_remote"}, false}, {"系统升级，恢复正常", []string{"lab_diagnose"}, false}}, [4]int{80, 10, 0, 10}, nil},
	{"燃气热水器", []string{"点不着火", "水温忽冷忽热", "显示E1", "有燃气味"},
		[]demoFix{{"清洗热交换器", []string{"lab_heater_clean"}, false}, {"更换控制板", []string{"lab_board", "part_board"}, true}, {"更换风机", []string{"lab_motor", "part_motor"}, true}}, [4]int{97, 0, 0, 3}, nil},
	{"电热水器", []string{"不加热", "漏电保护跳闸", "水不热", "漏水"},
		[]demoFix{{"清洗内胆，更换镁棒", []string{"lab_heater_clean"}, false}, {"更换电脑板", []string{"lab_board", "part_board"}, true}}, [4]int{97, 0, 0, 3}, nil},
	{"油烟机", []string{"吸力小", "噪音大", "不工作", "漏油"},
		[]demoFix{{"清洗油烟机", []string{"lab_hood_clean"}, false}, {"更换电机", []string{"lab_motor", "part_motor"}, true}, {"更换滤网", []string{"part_filter"}, false}}, [4]int{97, 0, 0, 3}, nil},
	{"燃气灶", []string{"打不着火", "火焰发红", "熄火保护失灵"},
		[]demoFix{{"检测调整", []string{"lab_diagnose"}, false}, {"更换点火器", []string{"lab_board", "part_board"}, true}}, [4]int{97, 2, 0, 1}, nil},
	{"消毒柜", []string{"不加热", "门关不严", "不工作"},
		[]demoFix{{"更换主板", []string{"lab_board", "part_board"}, true}, {"调整门铰链", []string{"lab_adjust"}, false}}, [4]int{80, 15, 0, 5}, nil},
	{"电饭煲", []string{"不加热", "煮饭夹生", "显示E3", "按键失灵"},
		[]demoFix{{"更换主板", []string{"lab_board", "part_board"}, true}, {"检测后恢复", []string{"lab_diagnose"}, false}}, [4]int{5, 65, 25, 5}, nil},
	{"微波炉", []string{"不加热", "转盘不转", "打火", "按键失灵"},
		[]demoFix{{"更换主板", []string{"lab_board", "part_board"}, true}, {"更换电机", []string{"lab_motor", "part_motor"}, true}, {"检测后恢复", []string{"lab_diagnose"}, false}}, [4]int{5, 65, 25, 5}, nil},
	{"净水器", []string{"出水慢", "漏水", "一直排废水", "滤芯到期提醒"},
		[]demoFix{{"更换滤芯", []string{"part_filter"}, false}, {"更换电脑板", []string{"lab_board", "part_board"}, true}, {"检测调整", []string{"lab_diagnose"}, false}}, [4]int{85, 10, 5, 0}, nil},
}

var demoFaultByProduct = func() map[string]*demoFault {
	m := map[string]*demoFault{}
	for _, f := range demoFaultList {
		m[f.product] = f
		for _, p := range demoProducts {
			if p.product == f.product {
				f.brands = p.brands
			}
		}
	}
	return m
}()

// demoFaultOf: the faults of a product, or of a sofa for one not listed.
func demoFaultOf(product string) *demoFault {
	if f := demoFaultByProduct[product]; f != nil {
		return f
	}
	return demoFaultList[0]
}

func demoBrandsOf(f *demoFault) []string {
	if len(f.brands) == 0 {
		return []string{"杂牌"}
	}
	return f.brands
}

var (
	demoSymptomExtras       = []string{"已经好几天了", "客户很着急", "之前修过一次", "家里有老人小孩", "刚过保修期"}
	demoRequests            = []string{"", "", "", "尽快上门", "上门前电话联系", "希望周末处理", "要求更换新机", "师傅上门穿鞋套", "先报价再维修"}
	demoPreferredTimes      = []string{"", "", "周六上午", "工作日下午", "明天上午", "晚上6点后", "随时", "中午12点前"}
	demoOverrideReasons     = []string{"发票遗失，销售确认购买日期", "老客户，经理特批保内", "厂家延保活动", "送货安装时损坏"}
	demoReceiveNotes        = []string{"", "外观完好，附件齐全", "外观有划痕，已拍照登记", "无包装，仅主机", "附电源线和遥控器"}
	demoAnalyses            = []string{"业务经理分析：原技师判断有误，改派", "疑难故障，改派经验丰富的师傅", "客户投诉，换人处理"}
	demoReassignReasons     = []string{"原师傅请假", "顺路安排", "原师傅当天单量过多", "客户要求换师傅"}
	demoEscalateReasons     = []string{"疑难故障，需高级技师处理", "更换配件后仍未修好", "需厂家技术支持", "客户对维修方案有异议"}
	demoCancelReasons       = []string{"客户已自行修好", "客户不需要维修了", "重复登记", "客户已购买新机", "非本店售出商品，已告知客户"}
	demoAbandonReasons      = []string{"多次联系不上客户", "客户放弃维修", "客户搬家，无法上门"}
	demoCloseNotes          = []string{"维修完成，客户满意", "回访客户，使用正常", "客户评价五星"}
	demoCustomerReschedules = []string{"客户临时有事", "客户要求改到周末", "家里没人", "客户出差"}
	demoShopReschedules     = []string{"师傅前一单超时", "配件未到", "下雨无法安装外机", "车辆故障"}
	demoCouriers            = []string{"顺丰速运", "中通快递", "圆通速递", "京东物流", "邮政EMS"}
	demoQuestions           = []string{"遥控器怎么设置", "滤网怎么清洗", "保修期多久", "冰箱温度怎么调", "热水器冬天怎么防冻",
		"插头跳闸怎么办", "什么时候送货", "沙发怎么保养", "空调显示代码什么意思", "洗衣机怎么自清洁"}
	demoResolutions = []string{"指导客户重新配对遥控器，已恢复", "告知客户滤网清洗方法", "解释保修政策，客户满意",
		"指导客户调整温控档位", "告知防冻排水方法", "指导复位漏电保护插头，恢复正常", "查询送货时间并告知客户",
		"告知真皮沙发保养方法", "解释故障代码含义，指导断电重启后恢复", "指导客户使用自清洁程序"}
)
