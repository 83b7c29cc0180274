package app

import (
	"testing"

	"aftercare/models"
)

func TestIdleLockMinutesSetting(t *testing.T) {
	a, _ := newSignInApp(t)
	if n := a.IdleLockMinutes(); n != 10 {
		t.Fatalf("default idle lock %d", n)
	}
	for _, bad := range []int{-1, MaxIdleLockMinutes + 1} {
		if err := a.SetIdleLockMinutes(bad); models.AsFieldErrors(err).ForField("idle_lock") == nil {
			t.Errorf("%d minutes accepted: %v", bad, err)
		}
	}
	if err := a.SetIdleLockMinutes(25); err != nil {
		t.Fatal(err)
	}
	if n := a.IdleLockMinutes(); n != 25 {
		t.Fatalf("after saving 25: %d", n)
	}
	if err := a.SetIdleLockMinutes(0); err != nil {
		t.Fatal(err)
	}
	if n := a.IdleLockMinutes(); n != 0 {
		t.Fatalf("0 (never) read back as %d", n)
	}
	h, _ := a.History("settings", keyIdleLockMinutes)
	if len(h) != 2 || h[0].Fields["idle_lock_minutes"] != [2]string{"25", "0"} || h[1].Fields["idle_lock_minutes"] != [2]string{"10", "25"} {
		t.Fatalf("idle lock changes not audited: %+v", h)
	}

	// A counter clerk may not change it; the refusal names the roles.
	signInAs(t, a, staffWithPIN(t, a, "小刘", models.RoleCounter))
	err := a.SetIdleLockMinutes(30)
	fe := models.AsFieldErrors(err).ForField("permission")
	if fe == nil || fe.Data["Roles"] != "business_manager,general_manager" {
		t.Fatalf("clerk changed the idle lock: %v", err)
	}
	if n := a.IdleLockMinutes(); n != 0 {
		t.Fatalf("refused change stored: %d", n)
	}
}
