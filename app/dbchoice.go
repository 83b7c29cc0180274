package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"aftercare/models"
)

// This PC's choice of database (issue 10, "Choosing the database"). A shop
// that moves to a shared PostgreSQL server chooses it once per PC in
// Settings; the choice is kept outside the database (which one to open is
// decided before anything is opened) in the user's config folder, beside
// the default file: Aftercare/database.json. It holds the URL with its
// password, so it is written readable by this user only. --db and
// AFTERCARE_DB still come first, so an IT contact can try another database
// without touching the PC's choice.

// dbChoice is the content of database.json.
type dbChoice struct {
	URL string `json:"url"` // a postgres:// URL; the file is absent for "the file on this PC"
}

// dbChoicePath is database.json, beside the default database file.
func dbChoicePath() (string, error) {
	def, err := DefaultDBPath()
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(def), "database.json"), nil
}

// SaveDatabaseChoice keeps rawURL as this PC's database from the next
// start; "" clears the choice, back to the file on this PC. Only a
// postgres:// URL is kept (a file is chosen with --db).
func SaveDatabaseChoice(rawURL string) error {
	path, err := dbChoicePath()
	if err != nil {
		return err
	}
	rawURL = strings.TrimSpace(rawURL)
	if rawURL == "" {
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("database choice: %w", classifyStorage(err, filepath.Dir(path)))
		}
		return nil
	}
	if _, perr := url.Parse(rawURL); perr != nil || !IsPostgresURL(rawURL) {
		return &ConnError{Kind: ConnBadURL, Location: RedactURL(rawURL), Detail: "not a postgres:// URL"}
	}
	data, err := json.MarshalIndent(dbChoice{URL: rawURL}, "", "  ")
	if err != nil {
		return fmt.Errorf("database choice: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("database choice: %w", classifyStorage(err, filepath.Dir(path)))
	}
	// writeFileAtomic writes through PATH.part, and os.WriteFile keeps the
	// mode of a file that exists: creating the .part first, readable by
	// this user only, keeps the password from ever being in a file others
	// may read.
	tmp := path + ".part"
	os.Remove(tmp)
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("database choice: %w", classifyStorage(err, filepath.Dir(path)))
	}
	f.Close()
	if err := writeFileAtomic(path, data); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("database choice: %w", classifyStorage(err, filepath.Dir(path)))
	}
	return nil
}

// LoadDatabaseChoice is this PC's saved database: a postgres:// URL, or ""
// for the file on this PC. A file that cannot be read is an error that
// says how to get out of it, never a silent switch to another database.
func LoadDatabaseChoice() (string, error) {
	path, err := dbChoicePath()
	if err != nil {
		return "", err
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("database choice %s: %w", path, classifyStorage(err, filepath.Dir(path)))
	}
	var c dbChoice
	if err := json.Unmarshal(data, &c); err != nil || (c.URL != "" && !IsPostgresURL(c.URL)) {
		return "", fmt.Errorf("the saved database choice %s cannot be read: delete that file to use the file on this PC again, or start with --db", path)
	}
	return strings.TrimSpace(c.URL), nil
}

// DBSource says where ResolveDBPath found the database.
type DBSource string

// Where a database path comes from, first to last.
const (
	SourceFlag    DBSource = "flag"    // --db
	SourceEnv     DBSource = "env"     // AFTERCARE_DB
	SourceSaved   DBSource = "saved"   // this PC's choice in Settings (SaveDatabaseChoice)
	SourceDefault DBSource = "default" // the file in the user's config folder
)

// ResolveDBSource says which of ResolveDBPath's places gives the database
// for flag: the start-up screen offers "Use the file on this PC" only when
// the saved choice did, since clearing it would change nothing otherwise.
func ResolveDBSource(flag string) DBSource {
	switch {
	case flag != "":
		return SourceFlag
	case os.Getenv(EnvDB) != "":
		return SourceEnv
	}
	if saved, err := LoadDatabaseChoice(); err == nil && saved != "" {
		return SourceSaved
	}
	return SourceDefault
}

// RedactText removes the password of rawURL from a message (an error met
// while opening it) before it is printed or shown.
func RedactText(msg, rawURL string) string { return redactIn(msg, rawURL) }

// ChooseDatabase saves this PC's database for the next start (Settings):
// a postgres:// URL, or "" for the file on this PC. It changes how the PC
// starts, so it needs the backup permission, like a restore.
func (a *App) ChooseDatabase(rawURL string) error {
	if err := a.require(models.PermBackup); err != nil {
		return err
	}
	return SaveDatabaseChoice(rawURL)
}

// SharedDB is the Settings form of a shared database: the parts of its
// URL, typed one by one so nobody has to escape a password by hand.
type SharedDB struct {
	Host, Port, Database, User, Password string
}

// DefaultPGPort is PostgreSQL's usual port, the form's default.
const DefaultPGPort = "5432"

// URL checks the form and builds its postgres:// URL, each part escaped.
// Every problem is reported at once, on its field.
func (s SharedDB) URL() (string, error) {
	host := strings.TrimSpace(s.Host)
	port := strings.TrimSpace(s.Port)
	db := strings.TrimSpace(s.Database)
	user := strings.TrimSpace(s.User)
	var errs models.ValidationErrors
	switch {
	case host == "":
		errs = append(errs, models.NewFieldError("shared_host", "err.shared.host_missing",
			"Type the server's name or address, for example 192.168.1.10 or SERVER-PC.", nil))
	case strings.ContainsAny(host, " /\\@?#%") || (strings.Contains(host, ":") && net.ParseIP(host) == nil):
		errs = append(errs, models.NewFieldError("shared_host", "err.shared.host_invalid",
			"Type only the server's name or address (for example 192.168.1.10), without postgres://, a port or a slash.", nil))
	}
	if port == "" {
		port = DefaultPGPort
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		errs = append(errs, models.NewFieldError("shared_port", "err.shared.port_invalid",
			"The port is a number from 1 to 65535 (PostgreSQL's usual port is 5432).", nil))
	}
	if db == "" {
		errs = append(errs, models.NewFieldError("shared_database", "err.shared.database_missing",
			"Type the database's name as your IT contact created it on the server, for example aftercare.", nil))
	}
	if user == "" {
		errs = append(errs, models.NewFieldError("shared_user", "err.shared.user_missing",
			"Type the user name your IT contact set up on the server.", nil))
	}
	if len(errs) > 0 {
		return "", errs
	}
	u := url.URL{Scheme: "postgres", Host: net.JoinHostPort(host, port), Path: "/" + db, RawPath: "/" + url.PathEscape(db)}
	if s.Password != "" {
		u.User = url.UserPassword(user, s.Password)
	} else {
		u.User = url.User(user)
	}
	return u.String(), nil
}

// SharedDBFromURL fills the form from a URL, without its password: the
// password is never shown, so it is typed again to change anything.
func SharedDBFromURL(rawURL string) SharedDB {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || !IsPostgresURL(rawURL) {
		return SharedDB{Port: DefaultPGPort}
	}
	s := SharedDB{Host: u.Hostname(), Port: u.Port(), Database: strings.TrimPrefix(u.Path, "/")}
	if s.Port == "" {
		s.Port = DefaultPGPort
	}
	if u.User != nil {
		s.User = u.User.Username()
	}
	return s
}
