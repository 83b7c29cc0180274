package app

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"aftercare/models"
)

// MaxSignatureBytes bounds a stored signature image: a pad's PNG is a few
// kilobytes, so anything near this is not a signature.
const MaxSignatureBytes = 512 << 10

// minSignatureInk is how many dark pixels a signature needs at least, so
// an empty or nearly empty pad is not stored as a signature.
const minSignatureInk = 20

// signedAfterService are the states in which the service is done, so the
// customer may sign the service slip (seed: sign only after the service
// and after checking the repair).
var signedAfterService = map[models.Status]bool{
	models.StatusRepaired: true, models.StatusReadyForPickup: true, models.StatusSigned: true,
	models.StatusCollected: true, models.StatusShippedBack: true, models.StatusClosed: true,
}

// signedAfterInstall are the states in which a delivery is installed, so
// the customer may sign its slip (DOMAIN.md: ticked and signed by the
// customer before the crew leaves).
var signedAfterInstall = map[models.Status]bool{
	models.StatusInstalled: true, models.StatusSigned: true, models.StatusClosed: true,
}

// SaveSignature stores the customer's signature for one slip of a ticket
// (slip "auto" means the ticket's AutoSlip) and notes it on the timeline,
// in one transaction. A new signature never replaces an old one; the
// newest is the one printed. The service slip is signed only once the
// service is done, the delivery slip once the delivery is installed, a
// pickup voucher once it has been issued.
func (a *App) SaveSignature(ticketID, slip, signer string, pngData []byte) (*models.Signature, error) {
	if err := a.require(models.PermTickets); err != nil {
		return nil, err
	}
	kind, ok := ParseSlipKind(slip)
	if !ok {
		return nil, models.NewFieldError("slip", "err.slip.kind", "Choose the slip: service, delivery, pickup, mailin or auto.", nil)
	}
	signer = strings.TrimSpace(signer)
	if utf8.RuneCountInString(signer) > 100 {
		return nil, models.NewFieldError("signer", "err.signature.signer_long", "The signer's name can have at most 100 characters.", nil)
	}
	if err := checkSignatureImage(pngData); err != nil {
		return nil, err
	}
	var sig *models.Signature
	err := a.db.Transaction(func(tx *gorm.DB) error {
		t, err := loadForChange(tx, ticketID, 0)
		if err != nil {
			return err
		}
		if kind == SlipAuto {
			kind = AutoSlip(t)
		}
		if err := CanSign(t, kind); err != nil {
			return err
		}
		sig = &models.Signature{TicketID: t.ID, Slip: string(kind), Signer: signer, PNG: pngData, SignedAt: a.auditTime()}
		if err := tx.Create(sig).Error; err != nil {
			return fmt.Errorf("signatures: save for %s: %w", t.Number, err)
		}
		data := map[string]any{"signature": string(kind)}
		return a.event(tx, t.ID, models.ActNote, t.Status, t.Status, signer, data)
	})
	if err != nil {
		return nil, err
	}
	return sig, nil
}

// CanSign says why the customer cannot sign a slip of the ticket now, or
// nil: the slip must fit the ticket, the service slip is signed only
// after the service and the delivery slip only after the installation.
func CanSign(t *models.Ticket, kind SlipKind) error {
	if kind == SlipAuto || kind == "" {
		kind = AutoSlip(t)
	}
	if err := checkSlip(t, kind); err != nil {
		return err
	}
	if kind == SlipService && !signedAfterService[t.Status] {
		return models.NewFieldError("signature", "err.signature.before_service",
			"The customer signs the service slip only after the service, once the repair is done and checked; this ticket is not repaired yet.", nil)
	}
	if kind == SlipDelivery && !signedAfterInstall[t.Status] {
		return models.NewFieldError("signature", "err.signature.before_install",
			"The customer signs the delivery slip only after the installation; this delivery is not installed yet.", nil)
	}
	return nil
}

// checkSignatureImage refuses what is not a signature: too large, not a
// PNG, or blank (fewer than a few dark pixels).
func checkSignatureImage(data []byte) error {
	if len(data) > MaxSignatureBytes {
		return models.NewFieldError("signature", "err.signature.too_large", "The signature image is too large (at most 512 KB).", nil)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return models.NewFieldError("signature", "err.signature.not_png", "The signature could not be read as an image; please sign again.", nil)
	}
	if darkPixels(img, minSignatureInk) < minSignatureInk {
		return models.NewFieldError("signature", "err.signature.blank", "The signature is empty: ask the customer to sign on the pad.", nil)
	}
	return nil
}

// darkPixels counts opaque dark pixels, stopping at limit.
func darkPixels(img image.Image, limit int) int {
	b := img.Bounds()
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, al := img.At(x, y).RGBA()
			if al < 0x8000 {
				continue
			}
			// Luma on 16-bit channels; below about half grey counts as ink.
			if (299*r+587*g+114*bl)/1000 < 0x8000 {
				n++
				if n >= limit {
					return n
				}
			}
		}
	}
	return n
}

// Signature returns the newest signature of a ticket's slip, or nil when
// the customer has not signed it.
func (a *App) Signature(ticketID, slip string) (*models.Signature, error) {
	var s models.Signature
	err := a.db.Where("ticket_id = ? AND slip = ?", ticketID, slip).
		Order("signed_at DESC, created_at DESC").Limit(1).Find(&s).Error
	if err != nil {
		return nil, fmt.Errorf("signatures: load %s %s: %w", ticketID, slip, err)
	}
	if s.ID == "" {
		return nil, nil
	}
	return &s, nil
}
