package app

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"aftercare/models"
)

func init() { bcryptCost = bcrypt.MinCost } // tests: hashing speed is not the point

// newSignInApp opens a database the way the window does: nobody acts until
// someone signs in. It creates the first account (general manager, PIN
// 2580) and returns the app signed in as them.
func newSignInApp(t *testing.T) (*App, *models.Staff) {
	t.Helper()
	a, err := Open(Options{Path: filepath.Join(t.TempDir(), "shop.db"), Clock: func() time.Time { return fixedNow }, RequireSignIn: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if ok, _ := a.HasAccounts(); ok {
		t.Fatal("a new database has accounts")
	}
	gm, err := a.CreateFirstAccount(models.StaffInput{Name: "王总"}, "2580")
	if err != nil {
		t.Fatal(err)
	}
	return a, gm
}

func TestSignInAndPINs(t *testing.T) {
	a, gm := newSignInApp(t)
	if s := a.Session(); s == nil || s.StaffID != gm.ID || !s.Can(models.PermAccounts) {
		t.Fatalf("after the first account: %+v", s)
	}
	var stored models.Staff
	a.db.Where("id = ?", gm.ID).Find(&stored)
	if stored.PINHash == "" || strings.Contains(stored.PINHash, "2580") || bcrypt.CompareHashAndPassword([]byte(stored.PINHash), []byte("2580")) != nil {
		t.Fatalf("PIN hash: %q", stored.PINHash)
	}
	if _, err := a.CreateFirstAccount(models.StaffInput{Name: "李四"}, "1357"); err == nil {
		t.Fatal("a second first account")
	}
	clerk, err := a.CreateStaff(models.StaffInput{Name: "小刘", Roles: []models.Role{models.RoleCounter}, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	// No PIN yet: cannot sign in, not in the list.
	if list, _ := a.SignInList(); len(list) != 1 {
		t.Fatalf("sign-in list: %d", len(list))
	}
	if err := a.SetSecret(clerk.ID, "", "1234"); models.AsFieldErrors(err).ForField("pin") == nil {
		t.Fatalf("a simple run accepted: %v", err)
	}
	if err := a.SetSecret(clerk.ID, "", "4826"); err != nil {
		t.Fatal(err)
	}
	a.SignOut()
	if a.Session() != nil {
		t.Fatal("still signed in")
	}
	if _, err := a.CreateCustomer(models.CustomerInput{Name: "张三", Phones: []string{"13800138000"}}, CreateOptions{}); err != ErrNotSignedIn {
		t.Fatalf("signed out: %v", err)
	}
	if _, err := a.SignIn(clerk.ID, "4827"); models.AsFieldErrors(err).ForField("pin") == nil {
		t.Fatalf("wrong PIN: %v", err)
	}
	if _, err := a.SignIn(clerk.ID, "４８２６"); err != nil {
		t.Fatalf("full-width PIN: %v", err)
	}
	if a.Session().Name != "小刘" || a.actorName() != "小刘" {
		t.Fatal("session name")
	}
	// The clerk cannot reset the manager's PIN, but changes their own with the current one.
	if err := a.SetSecret(gm.ID, "", "9753"); models.AsFieldErrors(err).ForField("permission") == nil {
		t.Fatalf("clerk reset the manager's PIN: %v", err)
	}
	if err := a.SetSecret(clerk.ID, "0000", "97531"); models.AsFieldErrors(err).ForField("current") == nil {
		t.Fatalf("own change without the current PIN: %v", err)
	}
	if err := a.SetSecret(clerk.ID, "4826", "97531"); err != nil {
		t.Fatal(err)
	}
	h, _ := a.History("staff", clerk.ID)
	if len(h) < 3 || h[0].Action != "pin_change" || h[0].Actor != "小刘" || strings.Contains(h[0].Changes, "9753") {
		t.Fatalf("audit of PIN changes: %+v", h[0])
	}
	// Five wrong PINs lock the person out for a minute.
	a.SignOut()
	for i := 0; i < maxFailures; i++ {
		a.SignIn(clerk.ID, "1111")
	}
	if _, err := a.SignIn(clerk.ID, "97531"); models.AsFieldErrors(err).ForField("pin") == nil || !strings.Contains(err.Error(), "seconds") {
		t.Fatalf("after five wrong PINs: %v", err)
	}
}

// TestRolesAreEnforcedInApp signs in as each role and tries each guarded
// action; the expected table is written out here, independent of
// models.RolePermissions.
func TestRolesAreEnforcedInApp(t *testing.T) {
	a, gm := newSignInApp(t)
	people := map[models.Role]*models.Staff{models.RoleGeneralManager: gm}
	for i, r := range []models.Role{models.RoleCounter, models.RoleDispatcher, models.RoleTechnician, models.RoleDelivery, models.RoleBusinessManager, models.RoleFinance} {
		people[r] = staffWithPIN(t, a, "员工"+string(rune('A'+i)), r)
	}
	if err := a.SetSecret(gm.ID, "2580", testPIN); err != nil {
		t.Fatal(err)
	}
	c := mustCreate(t, a, "陈静", "13900139000")
	tech := mustStaff(t, a, "李师傅", models.RoleTechnician)
	d, err := a.CreateTicket(IntakeInput{CustomerID: c.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "门铰链松"})
	if err != nil {
		t.Fatal(err)
	}
	tpls, _ := a.ChecklistTemplates(false)
	actions := []struct {
		name string
		do   func() error
		// roles allowed (the rest are refused)
		allowed []models.Role
	}{
		{"create customer", func() error {
			_, err := a.CreateCustomer(models.CustomerInput{Name: "新客户", Phones: []string{"1380013" + time.Now().Format("0405")}}, CreateOptions{AllowDuplicatePhone: true})
			return err
		}, []models.Role{models.RoleCounter, models.RoleDispatcher, models.RoleBusinessManager, models.RoleGeneralManager}},
		{"note on a ticket", func() error { _, err := a.AddNote(d.Ticket.ID, "客户来电"); return err },
			[]models.Role{models.RoleCounter, models.RoleDispatcher, models.RoleTechnician, models.RoleDelivery, models.RoleBusinessManager, models.RoleGeneralManager}},
		{"assign technician", func() error {
			_, err := a.Step(d.Ticket.ID, 0, models.StepInput{Action: models.ActAssign, TechnicianID: tech.ID})
			if err == nil { // undo, so the next role can assign again
				a.db.Model(&models.Ticket{}).Where("id = ?", d.Ticket.ID).Updates(map[string]any{"status": models.StatusNew, "technician_id": nil})
			}
			return err
		}, []models.Role{models.RoleDispatcher, models.RoleBusinessManager, models.RoleGeneralManager}},
		{"edit checklist", func() error {
			_, err := a.SaveChecklist(ChecklistInput{Family: tpls[0].Family, Items: tpls[0].Items})
			return err
		}, []models.Role{models.RoleBusinessManager, models.RoleGeneralManager}},
		{"save service rules", func() error { return a.SaveServiceRules(a.ServiceRules()) },
			[]models.Role{models.RoleBusinessManager, models.RoleGeneralManager}},
		{"add staff", func() error {
			_, err := a.CreateStaff(models.StaffInput{Name: "临时工" + time.Now().Format("150405.000000"), Roles: []models.Role{models.RoleDelivery}, Active: true})
			return err
		}, []models.Role{models.RoleGeneralManager}},
	}
	for _, act := range actions {
		for role, person := range people {
			signInAs(t, a, person)
			err := act.do()
			want := containsRole(act.allowed, role)
			refused := models.AsFieldErrors(err).ForField("permission") != nil
			switch {
			case want && err != nil:
				t.Errorf("%s as %s: refused: %v", act.name, role, err)
			case !want && !refused:
				t.Errorf("%s as %s: allowed (err %v)", act.name, role, err)
			}
			if refused {
				fe := models.AsFieldErrors(err).ForField("permission")
				for _, r := range act.allowed {
					if !strings.Contains(fe.Data["Roles"].(string), string(r)) {
						t.Errorf("%s: the refusal does not name %s: %v", act.name, r, fe.Data)
					}
				}
			}
		}
	}
}

// TestTicketChangesAreInTheAuditLog: creating a ticket, a step, a charge
// line and a payment each leave an audit entry, written with the change.
func TestTicketChangesAreInTheAuditLog(t *testing.T) {
	a := newTestApp(t)
	c := mustCreate(t, a, "张伟", "13800138000")
	tech := mustStaff(t, a, "李师傅", models.RoleTechnician)
	d, err := a.CreateTicket(IntakeInput{CustomerID: c.ID, Kind: models.KindRepair, Mode: models.ModeOnSite, Symptom: "不制冷"})
	if err != nil {
		t.Fatal(err)
	}
	id := d.Ticket.ID
	step(t, a, id, models.StepInput{Action: models.ActAssign, TechnicianID: tech.ID})
	d, err = a.AddItem(id, ItemInput{Kind: models.ItemVisit, Name: "上门费", Qty: "1", Price: "50", Charged: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.AddPayment(id, PaymentInput{Method: models.PayCash, Amount: "50"}); err != nil {
		t.Fatal(err)
	}
	h, err := a.History("ticket", id)
	if err != nil {
		t.Fatal(err)
	}
	var create, assign bool
	for _, e := range h {
		create = create || e.Action == "create" && e.Fields["number"][1] == d.Ticket.Number
		assign = assign || e.Action == "update" && e.Fields["status"] == [2]string{"new", "assigned"} && e.Fields["technician_id"][1] == tech.ID
	}
	if !create || !assign {
		t.Fatalf("ticket audit entries: %+v", h)
	}
	items, _ := a.History("ticket_item", d.Items[0].ID)
	if len(items) != 1 || items[0].Fields["unit_price"][1] != "50.00" || items[0].Actor != "tester" {
		t.Fatalf("item audit: %+v", items)
	}
	var pays int64
	a.db.Model(&models.AuditEntry{}).Where("entity_type = ?", "payment").Count(&pays)
	if pays != 1 {
		t.Fatalf("payment audit entries: %d", pays)
	}
}
