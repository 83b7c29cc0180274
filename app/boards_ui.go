package app

import (
	"context"
	"fmt"

	"aftercare/models"
)

// BookableRow is an on-site ticket waiting for a visit to be booked, with
// what the dispatcher needs to place it on the board: where the customer
// lives, when they would like the visit, who has it now, and the version
// the board saw (so a booking notices a change made meanwhile).
type BookableRow struct {
	TicketRow
	TechnicianID  string
	Address       string
	PreferredTime string
	Version       int
}

// ToBookStatuses are the statuses of an on-site ticket that still needs a
// slot on the dispatch board.
var ToBookStatuses = []models.Status{models.StatusNew, models.StatusAssigned, models.StatusAwaitingParts, models.StatusEscalated}

// TicketsToBook lists the on-site tickets that need a visit booked (new,
// assigned, awaiting parts, escalated), soonest due first. limit bounds
// the list (default 200, at most 500).
func (a *App) TicketsToBook(ctx context.Context, limit int) ([]BookableRow, error) {
	if limit <= 0 {
		limit = 200
	}
	if limit > 500 {
		limit = 500
	}
	var rows []BookableRow
	err := a.filtered(ctx, TicketFilter{Mode: models.ModeOnSite, Statuses: ToBookStatuses}).
		Select(`tickets.id, tickets.number, tickets.kind, tickets.mode, tickets.status,
		tickets.priority, tickets.reported_at, tickets.due_at, tickets.appt_date, tickets.appt_half, tickets.symptom, tickets.product,
		customers.name AS customer_name,
		(SELECT number FROM phones WHERE phones.customer_id = customers.id ORDER BY position LIMIT 1) AS phone,
		staff.name AS technician, tickets.technician_id, tickets.address, tickets.preferred_time, tickets.version`).
		Order("tickets.due_at IS NULL, tickets.due_at, tickets.reported_at").
		Limit(limit).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("tickets: to book: %w", err)
	}
	return rows, nil
}
