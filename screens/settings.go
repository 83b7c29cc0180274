package screens

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// settingsScreen edits the shop details printed on slips, the language,
// shows where the data lives, and makes a backup on demand.
type settingsScreen struct {
	deps *Deps

	name, address, hotline *widget.Entry
	nameErr, hotlineErr    *widget.Label
	saveBtn                *widget.Button
	saved                  *widget.Label
	language               *widget.RadioGroup
	languageNote           *widget.Label
	backupBtn              *widget.Button
	backupResult           *widget.Label
	backup                 *backupSection // automatic backups, second folder, restore (backup.go)
	checklists             *checklistsSection
	conductRules           *conductRulesSection     // penalty and reward rules (settings_conduct.go)
	shopView               *viewOnly                // shop details: read-only without PermCatalogues
	idleLock               *idleLockSection         // screen lock minutes (settings_session.go)
	followUps              *followUpScheduleSection // follow-up call schedule (settings_followups.go)
	partCats               *partCatsSection         // replacement part categories (settings_partcats.go)
	database               *databaseSection         // this PC's database: a shared server (settings_database.go)
	root                   fyne.CanvasObject
}

// languages pairs the Settings choices with their labels.
var languages = []struct{ code, key, fallback string }{
	{app.LanguageSystem, "settings.language.system", "Follow the system"},
	{app.LanguageChinese, "settings.language.zh", "中文"},
	{app.LanguageEnglish, "settings.language.en", "English"},
}

func newSettingsScreen(d *Deps) *settingsScreen {
	s := &settingsScreen{deps: d}
	s.name = widget.NewEntry()
	s.name.SetPlaceHolder(T("settings.shop.name_hint", "e.g. 顺心家居售后服务部"))
	s.address = widget.NewEntry()
	s.address.SetPlaceHolder(T("settings.shop.address_hint", "Street, building, city"))
	s.hotline = widget.NewEntry()
	s.hotline.SetPlaceHolder(T("settings.shop.hotline_hint", "e.g. 400-800-1234"))
	s.nameErr, s.hotlineErr = errorLabel(), errorLabel()
	s.name.OnChanged = func(string) { s.validate() }
	s.hotline.OnChanged = func(string) { s.validate() }
	s.saveBtn = widget.NewButtonWithIcon(T("settings.shop.save", "Save shop details"), theme.DocumentSaveIcon(), s.onSaveShop)
	s.saveBtn.Importance = widget.HighImportance
	s.saved = widget.NewLabel("")

	labels := make([]string, len(languages))
	for i, l := range languages {
		labels[i] = T(l.key, l.fallback)
	}
	s.language = widget.NewRadioGroup(labels, nil)
	s.language.Horizontal = true
	s.language.Required = true
	s.languageNote = widget.NewLabel("")

	dbPath := widget.NewLabel(d.App.Location()) // a shared database's URL without its password
	dbPath.Wrapping = fyne.TextWrapBreak
	openFolder := widget.NewButtonWithIcon(T("settings.db.open_folder", "Open folder"), theme.FolderOpenIcon(), s.onOpenFolder)

	s.backupBtn = widget.NewButtonWithIcon(T("settings.backup.now", "Back up now…"), theme.DownloadIcon(), s.onBackup)
	s.backupResult = widget.NewLabel("")
	s.backupResult.Wrapping = fyne.TextWrapWord
	s.backup = newBackupSection(d)
	s.backup.view.hide(s.backupBtn)
	s.checklists = newChecklistsSection(d)
	s.conductRules = newConductRulesSection(d)

	shopForm := widget.NewForm(
		widget.NewFormItem(T("settings.shop.name", "Shop name"), container.NewVBox(s.name, s.nameErr)),
		widget.NewFormItem(T("settings.shop.address", "Address"), s.address),
		widget.NewFormItem(T("settings.shop.hotline", "Service hotline"), container.NewVBox(s.hotline, s.hotlineErr)),
	)
	s.shopView = newViewOnly(d, models.PermCatalogues)
	s.shopView.hide(s.saveBtn)
	s.shopView.lock(shopForm)
	s.idleLock = newIdleLockSection(d)
	s.followUps = newFollowUpScheduleSection(d)
	s.partCats = newPartCatsSection(d)
	s.database = newDatabaseSection(d)
	s.root = container.NewVScroll(container.NewPadded(container.NewVBox(
		heading(T("settings.shop.title", "Shop details (printed on every slip)")),
		s.shopView.hint,
		shopForm,
		container.NewHBox(s.saveBtn, s.saved),
		widget.NewSeparator(),
		heading(T("settings.language.title", "Language")),
		s.language,
		s.languageNote,
		widget.NewSeparator(),
		s.idleLock.content(),
		widget.NewSeparator(),
		newRulesSection(d).content(),
		widget.NewSeparator(),
		s.conductRules.content(),
		widget.NewSeparator(),
		s.followUps.content(),
		widget.NewSeparator(),
		s.partCats.content(),
		widget.NewSeparator(),
		s.checklists.content(),
		widget.NewSeparator(),
		heading(T("settings.db.title", "Database")),
		container.NewBorder(nil, nil, widget.NewLabel(T("settings.db.location", "Location:")), openFolder, dbPath),
		s.database.content(),
		widget.NewSeparator(),
		heading(T("settings.backup.title", "Backup")),
		widget.NewLabel(T("settings.backup.help", "Copy the whole database to another folder, for example a USB stick. The copy is checked before it counts.")),
		container.NewHBox(s.backupBtn),
		s.backupResult,
		s.backup.content(),
	)))
	return s
}

func (s *settingsScreen) content() fyne.CanvasObject { return s.root }

// shown reloads the saved values, so the screen never shows stale data.
func (s *settingsScreen) shown() {
	go s.load()
	s.checklists.load()
	s.idleLock.load()
	s.followUps.load()
	s.partCats.load()
	s.database.load()
	s.backup.load()
	s.conductRules.load()
}

// onDataChanged follows changes made on another PC (window.go) in the
// parts of the page that only list: checklists, penalty and reward rules,
// backups. The forms (shop details, schedules, categories, idle lock)
// load again when the area is shown, never under what is being typed.
func (s *settingsScreen) onDataChanged() {
	s.checklists.load()
	s.conductRules.load()
	s.backup.load()
}

func (s *settingsScreen) load() {
	shop, err := s.deps.App.Shop()
	choice, lerr := s.deps.App.Language()
	fyne.Do(func() {
		if err != nil || lerr != nil {
			showError(s.deps.Window, firstErr(err, lerr))
			return
		}
		s.name.SetText(shop.Name)
		s.address.SetText(shop.Address)
		s.hotline.SetText(shop.Hotline)
		s.saved.SetText("")
		s.language.OnChanged = nil
		for i, l := range languages {
			if l.code == choice {
				s.language.SetSelected(T(languages[i].key, languages[i].fallback))
			}
		}
		s.language.OnChanged = s.onLanguage
		s.validate()
	})
}

// validate shows field problems as the person types and enables Save only
// when the details can be saved.
func (s *settingsScreen) validate() bool {
	ok := true
	s.nameErr.SetText("")
	s.hotlineErr.SetText("")
	err := app.ValidateShop(app.ShopInfo{Name: s.name.Text, Address: s.address.Text, Hotline: s.hotline.Text})
	for _, fe := range models.AsFieldErrors(err) {
		ok = false
		switch fe.Field {
		case "shop_name":
			s.nameErr.SetText(FieldErrText(fe))
		case "shop_hotline":
			s.hotlineErr.SetText(FieldErrText(fe))
		}
	}
	if s.shopView.on { // read-only: nothing for this person to fix
		s.nameErr.SetText("")
		s.hotlineErr.SetText("")
	}
	if ok {
		s.saveBtn.Enable()
	} else {
		s.saveBtn.Disable()
	}
	return ok
}

func (s *settingsScreen) onSaveShop() {
	if !s.validate() {
		return
	}
	info := app.ShopInfo{Name: s.name.Text, Address: s.address.Text, Hotline: s.hotline.Text}
	s.saveBtn.Disable()
	go func() {
		err := s.deps.App.SaveShop(info)
		fyne.Do(func() {
			s.saveBtn.Enable()
			if err != nil {
				showError(s.deps.Window, err)
				return
			}
			s.saved.SetText(T("settings.shop.saved", "Saved."))
		})
	}()
}

func (s *settingsScreen) onLanguage(label string) {
	code := app.LanguageSystem
	for _, l := range languages {
		if T(l.key, l.fallback) == label {
			code = l.code
		}
	}
	go func() {
		err := s.deps.App.SetLanguage(code)
		fyne.Do(func() {
			if err != nil {
				showError(s.deps.Window, err)
				return
			}
			s.languageNote.SetText(T("settings.language.next_start", "The language changes the next time Aftercare starts."))
		})
	}()
}

func (s *settingsScreen) onOpenFolder() {
	if err := OpenPath(filepath.Dir(s.deps.App.Path())); err != nil {
		showError(s.deps.Window, err)
	}
}

func (s *settingsScreen) onBackup() {
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			showError(s.deps.Window, err)
			return
		}
		if dir == nil {
			return
		}
		s.backupBtn.Disable()
		s.backupResult.SetText(T("settings.backup.running", "Backing up…"))
		go s.backupTo(dir.Path())
	}, s.deps.Window)
	d.Show()
}

func (s *settingsScreen) backupTo(dir string) {
	path, err := s.deps.App.BackupTo(dir)
	fyne.Do(func() {
		s.backupBtn.Enable()
		if err != nil {
			s.backupResult.SetText("")
			showError(s.deps.Window, err)
			return
		}
		s.backupResult.SetText(T("settings.backup.done", "Backup written and checked: {{.Path}}", map[string]any{"Path": path}))
	})
}

// OpenPath opens a file or folder with the system's viewer. Fyne's OpenURL
// mishandles Windows drive paths, so each OS gets its own opener.
func OpenPath(path string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("explorer", filepath.Clean(path))
	case "darwin":
		cmd = exec.Command("open", path)
	default:
		cmd = exec.Command("xdg-open", path)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	go cmd.Wait()
	return nil
}

// heading is a bold section title.
func heading(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// errorLabel is the red text under a field that says what to fix.
func errorLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	return l
}

// showError shows an error in the person's language.
func showError(w fyne.Window, err error) {
	dialog.ShowError(fmt.Errorf("%s", ErrText(err)), w)
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
