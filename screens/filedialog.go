package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// fileChoice is what a file dialog asks for: every import and export
// dialog of the app has the same size, buttons and filter, so they are
// set up here once.
type fileChoice struct {
	title string
	exts  []string // the extensions listed, with the dot: ".csv"
	name  string   // a save dialog's proposed file name
	dir   string   // the folder it opens in; "" for the dialog's own choice
}

// showSaveFile asks where to save a file; onChosen gets the file the
// dialog created, or nil when the person cancelled.
func showSaveFile(w fyne.Window, c fileChoice, onChosen func(fyne.URIWriteCloser, error)) *dialog.FileDialog {
	fd := dialog.NewFileSave(onChosen, w)
	if c.name != "" {
		fd.SetFileName(c.name)
	}
	c.setUp(fd, T("customers.export.save", "Save"))
	fd.Show()
	return fd
}

// showOpenFile asks for a file to read; onChosen gets it open, or nil
// when the person cancelled.
func showOpenFile(w fyne.Window, c fileChoice, onChosen func(fyne.URIReadCloser, error)) *dialog.FileDialog {
	fd := dialog.NewFileOpen(onChosen, w)
	c.setUp(fd, T("customers.import.open", "Open"))
	fd.Show()
	return fd
}

// setUp gives fd the choice's title, filter and folder, the confirm
// text and the size every file dialog of the app has.
func (c fileChoice) setUp(fd *dialog.FileDialog, confirm string) {
	if len(c.exts) > 0 {
		fd.SetFilter(storage.NewExtensionFileFilter(c.exts))
	}
	fd.SetTitleText(c.title)
	if c.dir != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(c.dir)); err == nil {
			fd.SetLocation(l)
		}
	}
	fd.SetConfirmText(confirm)
	fd.SetDismissText(T("customers.common.cancel", "Cancel"))
	fd.Resize(fyne.NewSize(800, 560))
}
