package screens

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"aftercare/models"
)

// staffRowCaption is the caption of a person's row in the Staff list.
func staffRowCaption(t *testing.T, s *staffScreen, name string) string {
	t.Helper()
	for i := range s.staff {
		if s.staff[i].Name == name {
			row := s.newListRow()
			s.updateListRow(i, row)
			return asPersonRow(row).caption.Text
		}
	}
	t.Fatalf("%s is not listed", name)
	return ""
}

// staffSelect chooses a person in the list.
func staffSelect(t *testing.T, s *staffScreen, name string) {
	t.Helper()
	for i := range s.staff {
		if s.staff[i].Name == name {
			custUI(func() { s.list.Select(i) })
			return
		}
	}
	t.Fatalf("%s is not listed", name)
}

// TestGeneralManagerSetsPINsInStaff: staff added without a PIN (as the
// demo data adds them) get one from the general manager in the Staff area.
func TestGeneralManagerSetsPINsInStaff(t *testing.T) {
	fx := newSignFixture(t)
	gm, _ := fx.accounts(t)
	if _, err := fx.app.SignIn(gm.ID, "2580"); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.app.CreateStaff(models.StaffInput{Name: "李师傅", Roles: []models.Role{models.RoleTechnician}, Active: true}); err != nil {
		t.Fatal(err)
	}
	s := newStaffScreen(fx.deps)
	fx.w.SetContent(s.content())
	custUI(s.shown)
	custWaitIdle(t)
	if !strings.HasSuffix(staffRowCaption(t, s, "李师傅"), "no PIN yet") || !strings.HasSuffix(staffRowCaption(t, s, "王总"), "can sign in") {
		t.Fatalf("account marks: %q / %q", staffRowCaption(t, s, "李师傅"), staffRowCaption(t, s, "王总"))
	}
	if !s.newBtn.Visible() || !s.saveBtn.Visible() || s.view.hint.Visible() || !s.changeMyPIN.Visible() {
		t.Fatal("the general manager's Staff area is read-only")
	}

	staffSelect(t, s, "李师傅")
	if !s.pinBtn.Visible() || s.pinBtn.Text != "Set PIN…" || s.account.Text != "No PIN yet: cannot sign in." {
		t.Fatalf("PIN button %q (%v), account %q", s.pinBtn.Text, s.pinBtn.Visible(), s.account.Text)
	}
	custUI(func() { test.Tap(s.pinBtn) })
	d := s.pinDlg
	if d == nil || d.current != nil {
		t.Fatal("no PIN dialog, or it asks the manager for the technician's current PIN")
	}
	custUI(func() {
		test.Type(d.pins.pin, "1357")
		test.Type(d.pins.again, "1358")
		test.Tap(d.ok)
	})
	custWaitIdle(t)
	if !d.problem.Visible() || !strings.Contains(d.problem.Text, "not the same") {
		t.Fatalf("mismatch: %q", d.problem.Text)
	}
	custUI(func() {
		d.pins.clear()
		test.Type(d.pins.pin, "1357")
		test.Type(d.pins.again, "1357")
		d.pins.again.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
	custWaitIdle(t)
	if d.problem.Visible() || s.savedMsg.Text != "New PIN saved: 李师傅 can sign in with it now." {
		t.Fatalf("after saving: problem %q, message %q", d.problem.Text, s.savedMsg.Text)
	}
	if s.account.Text != "Can sign in (PIN set 2026-11-23)." || s.pinBtn.Text != "Reset PIN…" {
		t.Errorf("form after saving: %q, %q", s.account.Text, s.pinBtn.Text)
	}
	if !strings.HasSuffix(staffRowCaption(t, s, "李师傅"), "can sign in") {
		t.Errorf("list mark %q", staffRowCaption(t, s, "李师傅"))
	}
	if list, _ := fx.app.SignInList(); len(list) != 3 {
		t.Fatalf("sign-in list has %d people", len(list))
	}

	// Their own PIN goes through Change my PIN, with the current one.
	staffSelect(t, s, "王总")
	if s.pinBtn.Visible() {
		t.Error("the manager can reset their own PIN without the current one")
	}
}

// TestClerkChangesOwnPINButCannotManageStaff: a counter clerk sees the
// staff read-only and changes only their own PIN.
func TestClerkChangesOwnPINButCannotManageStaff(t *testing.T) {
	fx := newSignFixture(t)
	_, clerk := fx.accounts(t)
	if _, err := fx.app.SignIn(clerk.ID, "4826"); err != nil {
		t.Fatal(err)
	}
	s := newStaffScreen(fx.deps)
	fx.w.SetContent(s.content())
	custUI(s.shown)
	custWaitIdle(t)
	if s.newBtn.Visible() || s.saveBtn.Visible() || s.deactivateBtn.Visible() || !s.view.hint.Visible() || !s.name.Disabled() {
		t.Fatal("a counter clerk can edit staff")
	}
	if !strings.Contains(s.view.hint.Text, "General manager") {
		t.Errorf("hint %q", s.view.hint.Text)
	}
	staffSelect(t, s, "王总")
	if s.pinBtn.Visible() {
		t.Fatal("a counter clerk can reset the manager's PIN")
	}

	custUI(func() { test.Tap(s.changeMyPIN) })
	d := s.pinDlg
	if d == nil || d.current == nil {
		t.Fatal("Change my PIN does not ask for the current PIN")
	}
	custUI(func() {
		test.Type(d.current, "0000")
		test.Type(d.pins.pin, "9753")
		test.Type(d.pins.again, "9753")
		test.Tap(d.ok)
	})
	custWaitIdle(t)
	if d.problem.Text != "The current PIN is wrong." {
		t.Fatalf("wrong current PIN: %q", d.problem.Text)
	}
	custUI(func() {
		d.current.SetText("4826")
		test.Type(d.pins.pin, "9753")
		test.Type(d.pins.again, "9753")
		test.Tap(d.ok)
	})
	custWaitIdle(t)
	if d.problem.Visible() || !strings.Contains(s.savedMsg.Text, "Your PIN is changed") {
		t.Fatalf("after changing: problem %q, message %q", d.problem.Text, s.savedMsg.Text)
	}
	fx.app.SignOut()
	if _, err := fx.app.SignIn(clerk.ID, "9753"); err != nil {
		t.Fatalf("the new PIN does not sign in: %v", err)
	}
}
