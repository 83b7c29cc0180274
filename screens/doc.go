// Package screens is Aftercare's Fyne user interface: one file per screen
// or dialog, each an unexported struct that keeps its widgets as fields
// (so tests can tap and type into them) and calls package app for every
// action. It never touches the database directly.
package screens
