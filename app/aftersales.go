package app

import (
	"gorm.io/gorm"

	"aftercare/models"
)

// aftersalesStep is the app side of a complaint, return or part-request
// step: what the step writes besides the ticket (records, linked tickets,
// checks against other tables). Each area registers its function for its
// mode in its own file (complaints.go, returns.go, parts.go).
type aftersalesStepFunc func(a *App, tx *gorm.DB, t *models.Ticket, in *models.StepInput, data map[string]any) error

var aftersalesSteps = map[models.RepairMode]aftersalesStepFunc{}

// aftersalesStep runs the registered step of the ticket's mode, inside
// stepTx's transaction, before the ticket is saved.
func (a *App) aftersalesStep(tx *gorm.DB, t *models.Ticket, in *models.StepInput, data map[string]any) error {
	if f := aftersalesSteps[t.Mode]; f != nil {
		return f(a, tx, t, in, data)
	}
	return nil
}
