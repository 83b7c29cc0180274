package app

import (
	"context"
	"fmt"

	"aftercare/models"
)

// The dashboard's reads (issue 7): the tickets behind a figure of the
// month's report, listed the way the Tickets area lists them.

// TicketRowsCap bounds the tickets listed behind one figure: a month of a
// large shop can have tens of thousands behind "received", more than
// anyone reads in a list. The caller says how many were left out.
const TicketRowsCap = 3000

// ticketRowsChunk keeps each IN list well under the bound variable limits
// of SQLite and PostgreSQL.
const ticketRowsChunk = 500

// TicketRowsByID returns the list rows of the tickets with these ids, in
// the order given (a figure's tickets that count against it come first),
// each ticket once and at most TicketRowsCap of them. total is the number
// of distinct ids asked for, so the caller can say how many are not
// listed. An id with no ticket is skipped.
func (a *App) TicketRowsByID(ctx context.Context, ids []string) (rows []TicketRow, total int, err error) {
	if err := a.require(models.PermReports); err != nil {
		return nil, 0, err
	}
	seen := make(map[string]bool, len(ids))
	var want []string
	for _, id := range ids {
		if id == "" || seen[id] {
			continue
		}
		seen[id] = true
		total++
		if len(want) < TicketRowsCap {
			want = append(want, id)
		}
	}
	byID := make(map[string]TicketRow, len(want))
	for start := 0; start < len(want); start += ticketRowsChunk {
		chunk := want[start:min(start+ticketRowsChunk, len(want))]
		var part []TicketRow
		if err := a.rowQuery(a.db.WithContext(ctx)).Where("tickets.id IN ?", chunk).Scan(&part).Error; err != nil {
			return nil, 0, fmt.Errorf("tickets: rows by id: %w", err)
		}
		for _, r := range part {
			byID[r.ID] = r
		}
	}
	rows = make([]TicketRow, 0, len(want))
	for _, id := range want {
		if r, ok := byID[id]; ok {
			rows = append(rows, r)
		}
	}
	return rows, total, nil
}
