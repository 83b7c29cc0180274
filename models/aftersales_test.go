package models_test

import (
	"testing"

	"aftercare/models"
)

// asExpected is the complaint and return workflow written out
// independently of the transition table.
var asExpected = map[models.RepairMode]map[models.Status]map[models.Action]models.Status{
	models.ModeComplaint: {
		models.StatusNew:            {models.ActAcceptComplaint: models.StatusAccepted, models.ActCancel: models.StatusCancelled},
		models.StatusAccepted:       {models.ActResponsibility: models.StatusResponsibility, models.ActCancel: models.StatusCancelled},
		models.StatusResponsibility: {models.ActResponsibility: "", models.ActPropose: models.StatusProposed, models.ActCancel: models.StatusCancelled},
		models.StatusProposed:       {models.ActFollowUp: models.StatusFollowingUp, models.ActClose: models.StatusClosed},
		models.StatusFollowingUp:    {models.ActFollowUp: models.StatusFollowingUp, models.ActClose: models.StatusClosed},
	},
	models.ModeReturn: {
		models.StatusRequested:     {models.ActReceiveGoods: models.StatusGoodsReceived, models.ActRejectReturn: models.StatusReturnDecided, models.ActCancel: models.StatusCancelled},
		models.StatusGoodsReceived: {models.ActInspect: models.StatusInspected, models.ActCancel: models.StatusCancelled},
		models.StatusInspected:     {models.ActRefund: models.StatusReturnDecided, models.ActExchange: models.StatusReturnDecided, models.ActRejectReturn: models.StatusReturnDecided},
		models.StatusReturnDecided: {models.ActClose: models.StatusClosed},
	},
}

func TestComplaintAndReturnWorkflowsMatchTable(t *testing.T) {
	for mode, byStatus := range asExpected {
		for _, s := range models.AllStatuses {
			for _, a := range stWorkflowActions {
				want, legal := byStatus[s][a]
				tr, ok := models.Find(a, mode, s)
				if ok != legal {
					t.Errorf("%s: %s from %s: legal=%v, want %v", mode, a, s, ok, legal)
					continue
				}
				if ok && tr.To != want {
					t.Errorf("%s: %s from %s goes to %q, want %q", mode, a, s, tr.To, want)
				}
			}
		}
	}
	if models.ModeOf(models.KindComplaint, "") != models.ModeComplaint || models.ModeOf(models.KindReturn, "") != models.ModeReturn {
		t.Error("ModeOf for complaints and returns")
	}
	if models.KindComplaint.NumberPrefix() != "TS" || models.KindReturn.NumberPrefix() != "TH" {
		t.Error("number prefixes")
	}
}
