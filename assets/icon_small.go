package assets

import _ "embed"

// IconSmall is Icon reduced to 256×256 for the running app: the window's
// icon and the icon beside the title are drawn a few dozen pixels wide,
// and Fyne decodes the PNG again whenever it rebuilds the image (about
// once a minute on an idle screen), 256 KB of pixels each time instead of
// the 4 MB of the 1024×1024 icon (docs/performance.md, "Memory"). Made
// from icon.png with ImageMagick:
//
//	convert assets/icon.png -resize 256x256 assets/icon-256.png
//
// TestIconSmallIsIcon fails when the two drift apart.
//
//go:embed icon-256.png
var IconSmall []byte
