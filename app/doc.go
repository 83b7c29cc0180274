// Package app is Aftercare's core: it opens the database, migrates and
// backs it up, and carries out every use case a screen or a sub-command
// needs, one transaction per user action. It imports models and never Fyne,
// so it builds and tests without a display.
package app
