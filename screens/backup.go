package screens

import (
	"fmt"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aftercare/app"
	"aftercare/models"
)

// Backups in the window (issue 8): the day's automatic backup after the
// window shows, the Settings section (last automatic backup, second backup
// folder, restore), and the restore dialogs shared with the start-up
// screen of a damaged database (welcome.go).

// StartDailyBackup makes the day's automatic backup off the UI goroutine
// (main.go calls it once the window has shown, so the window never waits
// for it) and shows a dialog only when something went wrong.
func StartDailyBackup(a *app.App, w fyne.Window) {
	custGo(func() func() {
		res, err := a.DailyBackupIfDue()
		switch {
		case err != nil:
			fmt.Fprintf(os.Stderr, "aftercare: daily backup: %v\n", err)
		case res == nil:
			return nil // made earlier today
		default:
			fmt.Fprintf(os.Stderr, "aftercare: daily backup %s written in %d ms\n", res.Daily, res.Took.Milliseconds())
			if res.SecondErr == nil {
				return nil
			}
		}
		return func() { showAutoBackupProblem(w, res, err) }
	})
}

// showAutoBackupProblem says what failed: the backup itself, or only its
// copy in the second backup folder.
func showAutoBackupProblem(w fyne.Window, res *app.AutoBackup, err error) {
	var msg string
	if err != nil {
		msg = T("backup.auto.failed", "Today's automatic backup failed: {{.Detail}}\n\nYour data is still in the database. Make a backup with Settings → Back up now, and tell your IT contact.",
			map[string]any{"Detail": ErrText(err)})
	} else {
		msg = T("backup.auto.second_failed", "Today's automatic backup was made, but it could not be copied to the second backup folder: {{.Detail}}",
			map[string]any{"Detail": ErrText(res.SecondErr)})
	}
	l := widget.NewLabel(msg)
	l.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(T("backup.auto.title", "Automatic backup"), T("backup.ok", "OK"), l, w)
	d.Resize(fyne.NewSize(560, 240))
	d.Show()
}

// backupSection is the Settings part below "Back up now": the automatic
// backups, the second backup folder and the restore.
type backupSection struct {
	deps       *Deps
	auto       *widget.Label // when the last automatic backup was made
	second     *widget.Label // the second backup folder, or that there is none
	chooseBtn  *widget.Button
	clearBtn   *widget.Button
	restoreBtn *widget.Button
	view       *viewOnly
	gen        int // load generation: a slow load never overwrites a newer one
	root       fyne.CanvasObject
}

func newBackupSection(d *Deps) *backupSection {
	b := &backupSection{deps: d}
	b.auto = widget.NewLabel("")
	b.auto.Wrapping = fyne.TextWrapWord
	b.second = widget.NewLabel("")
	b.second.Wrapping = fyne.TextWrapBreak
	b.chooseBtn = widget.NewButtonWithIcon(T("backup.second.choose", "Choose…"), theme.FolderOpenIcon(), b.onChooseSecond)
	b.clearBtn = widget.NewButtonWithIcon(T("backup.second.clear", "Stop copying there"), theme.ContentClearIcon(), b.onClearSecond)
	b.restoreBtn = widget.NewButtonWithIcon(T("backup.restore.button", "Restore from a backup…"), theme.HistoryIcon(), b.onRestore)
	b.view = newViewOnly(d, models.PermBackup)
	b.view.hide(b.chooseBtn, b.clearBtn, b.restoreBtn)
	policy := widget.NewLabel(T("backup.auto.policy", "Aftercare also backs up by itself, at the first start of each day and when it closes, into {{.Dir}}. It keeps the last {{.Days}} days and the first copy of each month for {{.Months}} months.",
		map[string]any{"Dir": d.App.BackupsDir(), "Days": app.KeepDaily, "Months": app.KeepMonthly}))
	policy.Wrapping = fyne.TextWrapWord
	secondHelp := widget.NewLabel(T("backup.second.help", "Second backup folder (for example a USB stick that stays plugged in): every automatic backup is copied there too."))
	secondHelp.Wrapping = fyne.TextWrapWord
	restoreHelp := widget.NewLabel(T("backup.restore.help", "Restoring replaces everything in the database with a backup. You see the backup's date and counts before anything changes, and the current database is kept as a backup first."))
	restoreHelp.Wrapping = fyne.TextWrapWord
	b.root = container.NewVBox(
		policy, b.auto,
		secondHelp,
		container.NewBorder(nil, nil, nil, container.NewHBox(b.chooseBtn, b.clearBtn), b.second),
		widget.NewSeparator(),
		heading(T("backup.restore.title", "Restore")),
		restoreHelp,
		container.NewHBox(b.restoreBtn),
		b.view.hint,
	)
	return b
}

func (b *backupSection) content() fyne.CanvasObject { return b.root }

// load reads the last automatic backup and the second folder.
func (b *backupSection) load() {
	b.gen++
	gen, a := b.gen, b.deps.App
	custGo(func() func() {
		at, path, err := a.LastAutoBackup()
		second, serr := a.SecondBackupFolder()
		return func() {
			if gen != b.gen {
				return
			}
			if err = firstErr(err, serr); err != nil {
				b.auto.SetText(ErrText(err))
				return
			}
			if at.IsZero() {
				b.auto.SetText(T("backup.auto.none", "No automatic backup has been made yet; the first is made when Aftercare starts."))
			} else {
				b.auto.SetText(T("backup.auto.last", "Last automatic backup: {{.At}} ({{.Path}})",
					map[string]any{"At": at.Local().Format("2006-01-02 15:04"), "Path": path}))
			}
			if second == "" {
				b.second.SetText(T("backup.second.none", "Second backup folder: none"))
				b.clearBtn.Disable()
			} else {
				b.second.SetText(T("backup.second.current", "Second backup folder: {{.Path}}", map[string]any{"Path": second}))
				b.clearBtn.Enable()
			}
		}
	})
}

func (b *backupSection) onChooseSecond() {
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			showError(b.deps.Window, err)
			return
		}
		if dir != nil {
			b.setSecond(dir.Path())
		}
	}, b.deps.Window)
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

func (b *backupSection) onClearSecond() { b.setSecond("") }

func (b *backupSection) setSecond(dir string) {
	a := b.deps.App
	custGo(func() func() {
		err := a.SetSecondBackupFolder(dir)
		return func() {
			if err != nil {
				showError(b.deps.Window, err)
			}
			b.load()
		}
	})
}

// onRestore: choose a file, see what it holds, confirm, restore, and
// start again on the restored data (everyone signs in again).
func (b *backupSection) onRestore() {
	d := b.deps
	pickBackup(d.Window, d.App.BackupsDir(), func(info *app.BackupInfo) {
		confirmRestore(d.Window, info, T("backup.restore.keeps_current", "The current database is first kept as a backup in {{.Dir}}.", map[string]any{"Dir": d.App.BackupsDir()}), func() {
			b.restore(info)
		})
	})
}

// restore runs the confirmed restore off the UI goroutine.
func (b *backupSection) restore(info *app.BackupInfo) {
	d := b.deps
	wait := showWorking(d.Window, T("backup.restore.working", "Restoring…"))
	old := d.App
	custGo(func() func() {
		n, res, err := old.Restore(info.Path)
		return func() {
			wait.Hide()
			if n != nil && n != old {
				handOver(d, n) // the old App is closed: continue on the reopened one
			}
			if err != nil {
				showError(d.Window, err)
				return
			}
			showRestored(d.Window, res)
		}
	})
}

// handOver ends the window flow of the replaced App (its main window,
// its idle timer) and starts the sign-in on the reopened one.
func handOver(d *Deps, n *app.App) {
	if d.SwitchUser != nil {
		d.SwitchUser()
	}
	Start(&Deps{App: n, Window: d.Window})
}

// pickBackup asks for a backup file (starting in dir), inspects it off the
// UI goroutine and passes a good one on; a damaged one is explained.
func pickBackup(w fyne.Window, dir string, next func(*app.BackupInfo)) {
	fd := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			showError(w, err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		inspectBackup(w, path, next)
	}, w)
	fd.SetFilter(storage.NewExtensionFileFilter([]string{".db"}))
	fd.SetTitleText(T("backup.restore.choose", "Choose a backup file"))
	if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
		fd.SetLocation(l)
	}
	fd.Resize(fyne.NewSize(800, 560))
	fd.Show()
}

// inspectBackup reads a backup's date, counts and integrity off the UI
// goroutine; a good one goes on to next.
func inspectBackup(w fyne.Window, path string, next func(*app.BackupInfo)) {
	wait := showWorking(w, T("backup.restore.checking", "Checking the backup…"))
	custGo(func() func() {
		info, err := app.InspectBackup(path)
		return func() {
			wait.Hide()
			switch {
			case err != nil:
				showError(w, err)
			case !info.Good():
				showError(w, models.NewFieldError("backup_file", "err.backup.damaged",
					"This backup is damaged and cannot be restored ({{.Detail}}). Choose another one.", map[string]any{"Detail": ErrText(info.Problem)}))
			default:
				next(info)
			}
		}
	})
}

// backupInfoText is what a backup holds, for the confirmations.
func backupInfoText(info *app.BackupInfo) string {
	taken := info.Taken.Local().Format("2006-01-02 15:04")
	if info.FileTime {
		taken += " " + T("backup.info.file_time", "(the file's date)")
	}
	return T("backup.info", "Backup file: {{.Path}}\nTaken: {{.Taken}}\nIt holds {{.Customers}} customers and {{.Tickets}} tickets.",
		map[string]any{"Path": info.Path, "Taken": taken, "Customers": info.Customers, "Tickets": info.Tickets})
}

// confirmRestore shows the backup's date and counts and what happens to
// the current database, and runs yes only when the person confirms.
func confirmRestore(w fyne.Window, info *app.BackupInfo, keeps string, yes func()) {
	msg := widget.NewLabel(backupInfoText(info) + "\n\n" +
		T("backup.restore.replaces", "Everything entered after this backup was taken will be replaced by it.") + "\n" + keeps + "\n" +
		T("backup.restore.sign_in", "Afterwards everyone signs in again."))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(T("backup.restore.confirm_title", "Restore this backup?"),
		T("backup.restore.confirm", "Restore"), T("backup.cancel", "Cancel"), msg, func(ok bool) {
			if ok {
				yes()
			}
		}, w)
	d.Resize(fyne.NewSize(620, 320))
	d.Show()
}

// showRestored says what was restored and where the old database went.
func showRestored(w fyne.Window, res *app.RestoreResult) {
	kept := T("backup.restore.kept", "The database before the restore is kept at {{.Path}}.", map[string]any{"Path": res.Kept})
	if res.KeptDamaged {
		kept = T("backup.restore.kept_damaged", "The damaged database is kept untouched at {{.Path}}.", map[string]any{"Path": res.Kept})
	}
	b := res.Backup
	l := widget.NewLabel(T("backup.restore.done", "Restored the backup taken {{.Taken}}: {{.Customers}} customers, {{.Tickets}} tickets.",
		map[string]any{"Taken": b.Taken.Local().Format("2006-01-02 15:04"), "Customers": b.Customers, "Tickets": b.Tickets}) + "\n" + kept)
	l.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(T("backup.restore.done_title", "Backup restored"), T("backup.ok", "OK"), l, w)
	d.Resize(fyne.NewSize(560, 220))
	d.Show()
}

// showWorking is a modal "working…" box; Hide it when done.
func showWorking(w fyne.Window, text string) dialog.Dialog {
	bar := widget.NewProgressBarInfinite()
	d := dialog.NewCustomWithoutButtons(text, bar, w)
	d.Resize(fyne.NewSize(360, 100))
	d.Show()
	return d
}

// damagedRestore is the start-up screen's offer for a damaged database:
// the newest good backup, found off the UI goroutine, or another file.
type damagedRestore struct {
	path   string // the damaged database
	w      fyne.Window
	opened func(*app.App)
	status *widget.Label
	newest *widget.Button
	other  *widget.Button
	best   *app.BackupInfo
	box    *fyne.Container
}

func newDamagedRestore(path string, w fyne.Window, opened func(*app.App)) *damagedRestore {
	r := &damagedRestore{path: path, w: w, opened: opened}
	r.status = widget.NewLabel(T("startup.damaged.looking", "Looking for the newest good backup…"))
	r.status.Wrapping = fyne.TextWrapWord
	r.newest = widget.NewButtonWithIcon(T("startup.damaged.restore_newest", "Restore this backup…"), theme.HistoryIcon(), r.onNewest)
	r.newest.Importance = widget.HighImportance
	r.newest.Hide()
	r.other = widget.NewButtonWithIcon(T("startup.damaged.restore_other", "Choose another backup…"), theme.FolderOpenIcon(), r.onOther)
	r.box = container.NewVBox(r.status, container.NewHBox(r.newest, r.other))
	custGo(r.find)
	return r
}

// find looks through the backups (each is checked, which may take a few
// seconds on a large database).
func (r *damagedRestore) find() func() {
	best, err := app.NewestGoodBackup(r.path)
	return func() {
		r.best = best
		switch {
		case err != nil:
			r.status.SetText(ErrText(err))
		case best == nil:
			r.status.SetText(T("startup.damaged.no_backup", "No good backup was found in {{.Dir}}. If you have one elsewhere (a USB stick), choose it; otherwise ask your IT contact: the damaged file can often be repaired.",
				map[string]any{"Dir": filepath.Join(filepath.Dir(r.path), "backups")}))
		default:
			r.status.SetText(T("startup.damaged.newest", "The newest good backup:") + "\n" + backupInfoText(best))
			r.newest.Show()
		}
	}
}

func (r *damagedRestore) onNewest() {
	if r.best != nil {
		r.confirm(r.best)
	}
}

func (r *damagedRestore) onOther() {
	pickBackup(r.w, filepath.Join(filepath.Dir(r.path), "backups"), r.confirm)
}

// confirm asks, then restores and opens the restored database.
func (r *damagedRestore) confirm(info *app.BackupInfo) {
	keeps := T("backup.restore.keeps_damaged", "The damaged database is kept untouched for recovery, renamed to {{.Name}}.damaged-… in the same folder.",
		map[string]any{"Name": filepath.Base(r.path)})
	confirmRestore(r.w, info, keeps, func() {
		wait := showWorking(r.w, T("backup.restore.working", "Restoring…"))
		custGo(func() func() {
			res, err := app.RestoreFile(r.path, info.Path, nil)
			var a *app.App
			if err == nil {
				a, err = app.Open(app.Options{Path: r.path, RequireSignIn: true, Lock: true})
			}
			return func() {
				wait.Hide()
				if err != nil {
					showError(r.w, err)
					return
				}
				r.opened(a)
				showRestored(r.w, res)
			}
		})
	})
}
