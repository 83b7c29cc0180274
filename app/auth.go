package app

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"

	"aftercare/models"
)

// Sign-in and roles (issue 5). The window opens the App with
// RequireSignIn: nothing can be read or changed until a person signs in
// with their PIN, and every guarded action checks the person's roles here,
// whatever the screens show. The command line and tests open it without
// RequireSignIn and act as a system session named by Options.Actor: whoever
// runs a command already holds the database file.

// Session is the person acting.
type Session struct {
	StaffID string
	Name    string
	Roles   []models.Role
	System  bool // the command line or a test: every permission
	At      time.Time
}

// Can reports whether the session may do p.
func (s *Session) Can(p models.Permission) bool {
	return s != nil && (s.System || models.Grants(s.Roles, p))
}

// ErrNotSignedIn is returned by guarded actions when nobody is signed in.
var ErrNotSignedIn = models.NewFieldError("session", "err.session.signed_out", "Sign in first.", nil)

// bcryptCost is the work factor of PIN hashes: about 50–100 ms on a
// counter PC, slow enough against guessing a stolen file's PINs.
var bcryptCost = bcrypt.DefaultCost

// Guessing limits: after maxFailures wrong PINs in a row a person waits
// lockoutFor before the next try.
const (
	maxFailures = 5
	lockoutFor  = time.Minute
)

type authState struct {
	mu       sync.Mutex
	session  *Session
	failures map[string]int
	lockedTo map[string]time.Time
}

// Session returns who is signed in, or nil.
func (a *App) Session() *Session {
	a.auth.mu.Lock()
	defer a.auth.mu.Unlock()
	if a.auth.session == nil {
		return nil
	}
	s := *a.auth.session
	return &s
}

// require refuses an action the signed-in person's roles do not allow,
// naming the roles that do.
func (a *App) require(p models.Permission) error {
	s := a.Session()
	if s == nil {
		return ErrNotSignedIn
	}
	if s.Can(p) {
		return nil
	}
	roles := models.RolesFor(p)
	codes := make([]string, len(roles))
	for i, r := range roles {
		codes[i] = string(r)
	}
	return models.NewFieldError("permission", "err.permission.denied",
		"{{.Name}} may not do this: it needs one of these roles: {{.Roles}}.",
		map[string]any{"Name": s.Name, "Roles": strings.Join(codes, ","), "Permission": string(p)})
}

// Can reports whether the signed-in person may do p (screens use it to
// show or hide buttons; app checks again on the action).
func (a *App) Can(p models.Permission) bool { return a.Session().Can(p) }

// HasAccounts reports whether any active staff member can sign in. On a
// first start there is none, and the first account is created first.
func (a *App) HasAccounts() (bool, error) {
	var n int64
	if err := a.db.Model(&models.Staff{}).Where("active = ? AND pin_hash <> ''", true).Count(&n).Error; err != nil {
		return false, fmt.Errorf("accounts: %w", err)
	}
	return n > 0, nil
}

// SignInList returns the people who can sign in, by name.
func (a *App) SignInList() ([]models.Staff, error) {
	var out []models.Staff
	if err := a.db.Where("active = ? AND pin_hash <> ''", true).Order("name").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("accounts: %w", err)
	}
	return out, nil
}

// SignIn checks a person's PIN or password and makes them the one acting.
// Wrong secrets are counted; after five in a row the person waits a minute.
func (a *App) SignIn(staffID, secret string) (*Session, error) {
	now := a.clock()
	a.auth.mu.Lock()
	if until, ok := a.auth.lockedTo[staffID]; ok && now.Before(until) {
		a.auth.mu.Unlock()
		secs := int(until.Sub(now).Seconds()) + 1
		return nil, models.NewFieldError("pin", "err.session.locked_out", "Too many wrong PINs: try again in {{.Seconds}} seconds.", map[string]any{"Seconds": secs})
	}
	a.auth.mu.Unlock()
	s, err := a.StaffMember(staffID)
	if err != nil {
		return nil, err
	}
	wrong := models.NewFieldError("pin", "err.session.wrong_pin", "Wrong PIN or password.", nil)
	if !s.Active || s.PINHash == "" {
		return nil, wrong
	}
	secret = normalizeSecret(secret)
	if bcrypt.CompareHashAndPassword([]byte(s.PINHash), []byte(secret)) != nil {
		a.auth.mu.Lock()
		a.auth.failures[staffID]++
		if a.auth.failures[staffID] >= maxFailures {
			a.auth.lockedTo[staffID] = now.Add(lockoutFor)
			a.auth.failures[staffID] = 0
		}
		a.auth.mu.Unlock()
		return nil, wrong
	}
	sess := &Session{StaffID: s.ID, Name: s.Name, Roles: s.RoleList(), At: now}
	a.auth.mu.Lock()
	delete(a.auth.failures, staffID)
	delete(a.auth.lockedTo, staffID)
	a.auth.session = sess
	a.auth.mu.Unlock()
	return a.Session(), nil
}

// SignOut ends the session (switching user, or the idle lock).
func (a *App) SignOut() {
	a.auth.mu.Lock()
	defer a.auth.mu.Unlock()
	if a.auth.session != nil && a.auth.session.System {
		return
	}
	a.auth.session = nil
}

// actorName is who the audit log and the timeline name: the signed-in
// person, or the system session's name.
func (a *App) actorName() string {
	if s := a.Session(); s != nil {
		return s.Name
	}
	return a.actor
}

// normalizeSecret trims and turns full-width digits into ASCII, as the
// PIN was stored.
func normalizeSecret(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return r
	}, strings.TrimSpace(s))
}

func hashSecret(secret string) (string, error) {
	clean, err := models.CheckSecret(secret)
	if err != nil {
		return "", err
	}
	h, err := bcrypt.GenerateFromPassword([]byte(clean), bcryptCost)
	if err != nil {
		return "", fmt.Errorf("accounts: hash: %w", err)
	}
	return string(h), nil
}

// CreateFirstAccount makes the first account, the general manager, on a
// database where nobody can sign in yet, and signs them in. It is refused
// once any account exists.
func (a *App) CreateFirstAccount(in models.StaffInput, secret string) (*models.Staff, error) {
	hash, herr := hashSecret(secret)
	in.Active = true
	if !containsRole(in.Roles, models.RoleGeneralManager) {
		in.Roles = append(in.Roles, models.RoleGeneralManager)
	}
	var s models.Staff
	if err := in.Normalize(&s); err != nil || herr != nil {
		return nil, append(models.AsFieldErrors(err), models.AsFieldErrors(herr)...).OrNil()
	}
	s.PINHash = hash
	now := a.clock().UTC()
	s.PINSetAt = &now
	err := a.db.Transaction(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&models.Staff{}).Where("active = ? AND pin_hash <> ''", true).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return models.NewFieldError("session", "err.account.first_exists", "The first account already exists: sign in, and a general manager adds the others.", nil)
		}
		if err := a.checkStaffName(tx, s.Name, ""); err != nil {
			return err
		}
		if err := tx.Create(&s).Error; err != nil {
			return fmt.Errorf("accounts: create: %w", err)
		}
		// Nobody is signed in yet: the entry names the new account.
		return tx.Create(&models.AuditEntry{At: a.auditTime(), Actor: s.Name, EntityType: "staff", EntityID: s.ID, Action: "create",
			Changes: auditJSON(map[string][2]string{"name": {"", s.Name}, "roles": {"", s.Roles}, "pin": {"", "set"}})}).Error
	})
	if err != nil {
		return nil, err
	}
	if _, err := a.SignIn(s.ID, secret); err != nil {
		return nil, err
	}
	return &s, nil
}

func containsRole(rs []models.Role, r models.Role) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// SetSecret sets a staff member's PIN or password: a general manager for
// anyone (a forgotten PIN), everyone for themselves with their current one.
func (a *App) SetSecret(staffID, current, secret string) error {
	s := a.Session()
	if s == nil {
		return ErrNotSignedIn
	}
	own := s.StaffID == staffID
	if !own {
		if err := a.require(models.PermAccounts); err != nil {
			return err
		}
	}
	target, err := a.StaffMember(staffID)
	if err != nil {
		return err
	}
	if own && !s.System && target.PINHash != "" &&
		bcrypt.CompareHashAndPassword([]byte(target.PINHash), []byte(normalizeSecret(current))) != nil {
		return models.NewFieldError("current", "err.account.current_wrong", "The current PIN is wrong.", nil)
	}
	hash, err := hashSecret(secret)
	if err != nil {
		return err
	}
	now := a.clock().UTC()
	return a.db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Model(&models.Staff{}).Where("id = ?", staffID).Updates(map[string]any{"pin_hash": hash, "pin_set_at": now}).Error; err != nil {
			return fmt.Errorf("accounts: set PIN: %w", err)
		}
		action := "pin_reset"
		if own {
			action = "pin_change"
		}
		before := "none"
		if target.PINHash != "" {
			before = "set"
		}
		return a.audit(tx, "staff", staffID, action, map[string][2]string{"pin": {before, "set"}})
	})
}
