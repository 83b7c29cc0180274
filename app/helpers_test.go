package app

import (
	"testing"

	"aftercare/models"
)

// testPIN is the PIN of the accounts tests create for signing in as
// someone other than the first account (the general manager of
// newSignInApp, whose PIN is 2580).
const testPIN = "2468"

// givePIN sets s's PIN to testPIN; the app must be acting as someone
// who manages accounts (the first account, or the system session).
func givePIN(t testing.TB, a *App, s *models.Staff) {
	t.Helper()
	if err := a.SetSecret(s.ID, "", testPIN); err != nil {
		t.Fatalf("PIN for %s: %v", s.Name, err)
	}
}

// staffWithPIN creates an active staff member with roles who can sign
// in with testPIN.
func staffWithPIN(t testing.TB, a *App, name string, roles ...models.Role) *models.Staff {
	t.Helper()
	s := mustStaff(t, a, name, roles...)
	givePIN(t, a, s)
	return s
}

// signInAs signs s in with testPIN: the app acts as them from then on.
func signInAs(t testing.TB, a *App, s *models.Staff) {
	t.Helper()
	if _, err := a.SignIn(s.ID, testPIN); err != nil {
		t.Fatalf("sign in as %s: %v", s.Name, err)
	}
}
