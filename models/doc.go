// Package models holds Aftercare's GORM entities and the pure rules of the
// business: validation, phone normalisation, pinyin keys, warranty, CSV
// decoding. It makes no database calls, does no I/O and never imports Fyne,
// so every rule here is testable with plain table tests.
package models
