package screens

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"aftercare/assets"
)

// fontResource is the embedded CJK font, so Chinese renders the same on a
// PC that has no Chinese fonts installed.
var fontResource = fyne.NewStaticResource("wqy-microhei.ttf", assets.FontTTF)

// IconResource is the application icon as the running app shows it, at
// 256×256 (assets.IconSmall): decoding the 1024×1024 icon cost 4 MB each
// time Fyne rebuilt the image.
var IconResource = fyne.NewStaticResource("icon.png", assets.IconSmall)

// shopTheme is Fyne's default theme with the embedded CJK font for every
// text style and the brand colour of the icon.
type shopTheme struct{ fyne.Theme }

// NewTheme returns Aftercare's theme.
func NewTheme() fyne.Theme { return &shopTheme{Theme: theme.DefaultTheme()} }

// Font returns the embedded CJK font for every style: Fyne's bundled fonts
// have no Chinese glyphs and the system fallback differs from PC to PC.
func (t *shopTheme) Font(fyne.TextStyle) fyne.Resource { return fontResource }

// Color uses the brand teal for the primary colour and keeps the rest.
func (t *shopTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNamePrimary:
		return color.NRGBA{R: 0x0e, G: 0x7c, B: 0x86, A: 0xff}
	case theme.ColorNameFocus:
		return color.NRGBA{R: 0x0e, G: 0x7c, B: 0x86, A: 0x7f}
	case theme.ColorNameSelection:
		return color.NRGBA{R: 0x0e, G: 0x7c, B: 0x86, A: 0x40}
	}
	return t.Theme.Color(n, v)
}
