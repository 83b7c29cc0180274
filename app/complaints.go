package app

import (
	"fmt"
	"strings"

	"gorm.io/gorm"

	"aftercare/models"
)

// Complaints (投诉, issue 6; models/complaint.go): the intake links the
// job complained about; the steps record who the complaint was reported
// to, who is responsible (with penalty records for the staff named, in
// the same transaction), the proposal, the follow-up calls and the
// customer's acceptance.

func init() { aftersalesSteps[models.ModeComplaint] = complaintStep }

// prepareComplaint links a new complaint to the job it is about, which
// must be another ticket of the same customer; it returns that job's
// number for the timeline ("" when none is linked).
func (a *App) prepareComplaint(tx *gorm.DB, t *models.Ticket, linkedID string) (string, error) {
	linkedID = strings.TrimSpace(linkedID)
	if linkedID == "" {
		return "", nil
	}
	var job models.Ticket
	if err := tx.Select("id, number, customer_id").Where("id = ?", linkedID).Limit(1).Find(&job).Error; err != nil {
		return "", fmt.Errorf("complaints: linked job: %w", err)
	}
	if job.ID == "" || job.CustomerID != t.CustomerID {
		return "", models.NewFieldError("linked", "err.complaint.job_other", "That job is not this customer's: choose one of their tickets, or none.", nil)
	}
	t.LinkedTicketID = &job.ID
	return job.Number, nil
}

// ComplaintManagers lists the active staff a complaint can be reported
// to: business and general managers, by name.
func (a *App) ComplaintManagers() ([]models.Staff, error) {
	all, err := a.StaffList(false)
	if err != nil {
		return nil, err
	}
	var out []models.Staff
	for _, s := range all {
		if isComplaintManager(&s) {
			out = append(out, s)
		}
	}
	return out, nil
}

func isComplaintManager(s *models.Staff) bool {
	return s.Active && (s.HasRole(models.RoleBusinessManager) || s.HasRole(models.RoleGeneralManager))
}

// ResponsibleNames names the staff a complaint found responsible, in the
// order they were named; a member no longer on the list shows as their id.
func (a *App) ResponsibleNames(t *models.Ticket) ([]string, error) {
	if t.ResponsibleStaff == "" {
		return nil, nil
	}
	ids := strings.Split(t.ResponsibleStaff, ",")
	names, err := a.staffNames(ids)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = firstNonEmpty(names[id], id)
	}
	return out, nil
}

// complaintStep is the app side of a complaint step, inside stepTx's
// transaction after models.CheckStep: it checks the people named against
// the staff list and writes the penalty records.
func complaintStep(a *App, tx *gorm.DB, t *models.Ticket, in *models.StepInput, data map[string]any) error {
	now := a.clock()
	switch in.Action {
	case models.ActAcceptComplaint:
		var m models.Staff
		if err := tx.Where("id = ?", in.ReportedToID).Limit(1).Find(&m).Error; err != nil {
			return fmt.Errorf("complaints: manager: %w", err)
		}
		if m.ID == "" || !isComplaintManager(&m) {
			return models.NewFieldError("reported_to", "err.complaint.manager_role",
				"A complaint is reported to an active business manager or general manager.", nil)
		}
		t.ReportedTo = m.Name
		data["reported_to"] = m.Name
		if lim := models.ComplaintLimits(t)[0]; now.After(lim.Due) {
			data["late"] = true // past the hour: the figures count it
		}
	case models.ActResponsibility:
		data["responsible"] = in.Liability
		if models.Responsible(in.Liability) != models.RespStaff {
			in.Crew = nil // staff are named only when staff are responsible
			break
		}
		in.Crew = complaintStaffIDs(in.Crew)
		names := make([]string, 0, len(in.Crew))
		for _, id := range in.Crew {
			var s models.Staff
			if err := tx.Where("id = ?", id).Limit(1).Find(&s).Error; err != nil {
				return fmt.Errorf("complaints: staff: %w", err)
			}
			if s.ID == "" {
				return models.NewFieldError("staff", "err.complaint.staff_unknown", "A staff member named is not on the staff list.", nil)
			}
			names = append(names, s.Name)
		}
		data["staff"] = strings.Join(names, ", ")
		if in.PenaltyRuleID == "" {
			break
		}
		if err := a.require(models.PermConduct); err != nil {
			return models.NewFieldError("penalty", "err.complaint.penalty_denied",
				"Only a manager with the right to record penalties can add one: save the responsibility without a penalty, and ask a business manager to record it.", nil)
		}
		var rule models.ConductRule
		if err := tx.Where("id = ?", in.PenaltyRuleID).Limit(1).Find(&rule).Error; err != nil {
			return fmt.Errorf("complaints: penalty rule: %w", err)
		}
		if rule.ID == "" || rule.ArchivedAt != nil || rule.Kind != models.ConductPenalty {
			return models.NewFieldError("penalty", "err.complaint.penalty_rule", "Choose a penalty rule from the catalogue.", nil)
		}
		for _, id := range in.Crew {
			_, err := a.addRecordTx(tx, models.RecordInput{StaffID: id, Date: models.FormatDate(now), RuleID: rule.ID,
				Amount: in.PenaltyAmount, Source: models.RecComplaint, TicketID: t.ID,
				Note: firstNonEmpty(strings.TrimSpace(in.Note), t.Number)})
			if err != nil {
				return penaltyFieldErr(err)
			}
		}
		data["penalty"] = firstNonEmpty(rule.Name, rule.NameKey)
		data["penalties"] = len(in.Crew)
	case models.ActClose:
		data["accepted"] = true // the note is the customer's acceptance
	}
	return nil
}

// penaltyFieldErr moves the record form's problems to the complaint
// dialog's penalty fields.
func penaltyFieldErr(err error) error {
	fes := models.AsFieldErrors(err)
	if len(fes) == 0 {
		return err
	}
	var out models.ValidationErrors
	for _, fe := range fes {
		c := *fe
		switch c.Field {
		case "rule":
			c.Field = "penalty"
		case "amount":
			c.Field = "penalty_amount"
		}
		out = append(out, &c)
	}
	return out
}

// complaintStaffIDs keeps the first of each id, in order, and drops blanks.
func complaintStaffIDs(ids []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		id = strings.TrimSpace(id)
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
