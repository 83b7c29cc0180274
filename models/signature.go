package models

import (
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// Signature is a customer's signature captured on the signature pad for
// one slip of a ticket. Signatures are never overwritten: signing again
// adds a row, and the newest of a ticket and slip is the one printed, so
// an earlier signature stays as evidence of what was signed when.
type Signature struct {
	ID        string    `gorm:"primaryKey;size:36"`
	TicketID  string    `gorm:"size:36;not null;index:idx_signatures_ticket_slip,priority:1"`
	Slip      string    `gorm:"size:20;not null;index:idx_signatures_ticket_slip,priority:2"` // service, pickup, mailin (later delivery)
	Signer    string    `gorm:"size:100"`                                                     // the name as the customer gave it; optional
	PNG       []byte    `gorm:"not null"`
	SignedAt  time.Time `gorm:"not null;index:idx_signatures_ticket_slip,priority:3"`
	CreatedAt time.Time
}

// BeforeCreate gives a new signature its UUID.
func (s *Signature) BeforeCreate(*gorm.DB) error {
	if s.ID == "" {
		s.ID = uuid.NewString()
	}
	return nil
}
