package app

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"aftercare/models"
)

// FuzzParseQty: an accepted quantity is a whole number from 1 to 999 that
// reads back as itself; a blank is one.
func FuzzParseQty(f *testing.F) {
	for _, s := range []string{"", " ", "1", "２", " 12 ", "999", "1000", "0", "-1", "+5", "1.5", "１２３", "3件", "\x00", "٣", "1e3", "0x10", "😀"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := parseQty(s)
		if strings.TrimSpace(s) == "" && (!ok || n != 1) {
			t.Fatalf("parseQty(%q) = %d, %v; a blank is 1", s, n, ok)
		}
		if !ok {
			return
		}
		if n < 1 || n > 999 {
			t.Fatalf("parseQty(%q) = %d", s, n)
		}
		if back, ok := parseQty(strconv.Itoa(n)); !ok || back != n {
			t.Fatalf("parseQty(%q) = %d → %d, %v", s, n, back, ok)
		}
	})
}

// FuzzSearch types anything into the customer search and the ticket
// list's search box: neither ever fails, the count agrees with the rows,
// every customer found holds the query in its search text (or the phone
// digits), and a query that begins a ticket number finds that ticket.
func FuzzSearch(f *testing.F) {
	a := newTestApp(f)
	var texts = map[string]string{} // customer ID → search text
	for _, in := range []models.CustomerInput{
		{Name: "张伟", Phones: []string{"138 0013 8000"}, Addresses: []string{"北京市朝阳区建国路88号"}},
		{Name: "王\x00小明😀", Phones: []string{"010-88886666转123"}, Addresses: []string{"上海市\u202E浦东新区\u200F 'x'"}},
		{Name: "'; DROP TABLE customers;--", Phones: []string{"13900139000"}, Notes: "e\u0301 Z\u0337"},
	} {
		c, err := a.CreateCustomer(in, CreateOptions{})
		if err != nil {
			f.Fatal(err)
		}
		texts[c.ID] = c.SearchText
	}
	var first string
	for id := range texts {
		first = id
		break
	}
	d, err := a.CreateTicket(IntakeInput{CustomerID: first, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "不制冷"})
	if err != nil {
		f.Fatal(err)
	}
	number := d.Ticket.Number
	for _, s := range []string{"", "张", "zw", "zhangwei", "8000", "138 0013 8000", "１３８", number, strings.ToLower(number[:6]), number[:4],
		"'; DROP TABLE customers;--", "%", "_", "\\", "\"", "\x00", "\x1f", "😀", "\u202E", "e\u0301", "\r\n\t", "\u3000王\u3000",
		strings.Repeat("长", 3000)} {
		f.Add(s)
	}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, q string) {
		rows, err := a.SearchCustomers(ctx, q, SearchOptions{Limit: 10})
		if err != nil {
			t.Fatalf("SearchCustomers(%q): %v", q, err)
		}
		n, err := a.CountCustomers(ctx, q, false)
		if err != nil || n != int64(len(rows)) {
			t.Fatalf("CountCustomers(%q) = %d, %v; %d rows", q, n, err, len(rows))
		}
		if sq := models.ParseSearch(q); sq.Text != "" {
			for _, r := range rows {
				st := texts[r.ID]
				if !strings.Contains(st, sq.Text) && (sq.Digits == "" || !strings.Contains(st, sq.Digits)) {
					t.Fatalf("%q (%+v) found %q, whose search text is %q", q, sq, r.Name, st)
				}
			}
		}
		tickets, err := a.ListTickets(ctx, TicketFilter{Query: q})
		if err != nil {
			t.Fatalf("ListTickets(%q): %v", q, err)
		}
		tn, err := a.CountTickets(ctx, TicketFilter{Query: q})
		if err != nil || tn != int64(len(tickets)) {
			t.Fatalf("CountTickets(%q) = %d, %v; %d rows", q, tn, err, len(tickets))
		}
		if p := strings.ToUpper(strings.TrimSpace(q)); len(p) >= 3 && strings.HasPrefix(number, p) && looksLikeTicketNumber(p) && len(tickets) != 1 {
			t.Fatalf("%q: %d tickets; the number %s begins so", q, len(tickets), number)
		}
	})
}
