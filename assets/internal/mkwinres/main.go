// Command mkwinres writes the Windows resources of aftercare.exe: an .ico
// made from assets/icon.png (PNG-compressed entries at 256, 64, 48, 32 and
// 16 pixels) and a resource script with the icon and the version
// information Explorer shows. `make windows` compiles the script with
// mingw-w64's windres into a .syso that go build links in.
//
// Usage, from the repository root:
//
//	go run ./assets/internal/mkwinres -version 0.1.0 -build 1 -out dist/winres
package main

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

func main() {
	src := flag.String("icon", "assets/icon.png", "the square PNG icon")
	out := flag.String("out", "dist/winres", "folder for app.ico and app.rc")
	version := flag.String("version", "0.0.0", "version, major.minor.patch")
	build := flag.Int("build", 0, "build number")
	flag.Parse()
	if err := run(*src, *out, *version, *build); err != nil {
		fmt.Fprintln(os.Stderr, "mkwinres:", err)
		os.Exit(1)
	}
}

func run(src, out, version string, build int) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	ico, err := makeICO(img, []int{256, 64, 48, 32, 16})
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "app.ico"), ico, 0o644); err != nil {
		return err
	}
	parts := strings.Split(version, ".")
	nums := [3]int{}
	for i := 0; i < 3 && i < len(parts); i++ {
		n, err := strconv.Atoi(parts[i])
		if err != nil {
			return fmt.Errorf("version %q: %w", version, err)
		}
		nums[i] = n
	}
	rc := fmt.Sprintf(`1 ICON "app.ico"
1 VERSIONINFO
FILEVERSION %[1]d,%[2]d,%[3]d,%[4]d
PRODUCTVERSION %[1]d,%[2]d,%[3]d,%[4]d
FILEOS 0x4
FILETYPE 0x1
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "040904B0"
    BEGIN
      VALUE "CompanyName", "Aftercare"
      VALUE "FileDescription", "Aftercare - after-sales service desk"
      VALUE "FileVersion", "%[5]s"
      VALUE "InternalName", "aftercare"
      VALUE "OriginalFilename", "aftercare.exe"
      VALUE "ProductName", "Aftercare"
      VALUE "ProductVersion", "%[5]s"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x0409, 1200
  END
END
`, nums[0], nums[1], nums[2], build, version)
	return os.WriteFile(filepath.Join(out, "app.rc"), []byte(rc), 0o644)
}

// makeICO builds an icon file whose entries are PNG images (supported by
// Windows Vista and later), one per size, each an area-average reduction.
func makeICO(src image.Image, sizes []int) ([]byte, error) {
	var images [][]byte
	for _, s := range sizes {
		var b bytes.Buffer
		if err := png.Encode(&b, shrink(src, s)); err != nil {
			return nil, err
		}
		images = append(images, b.Bytes())
	}
	var out bytes.Buffer
	binary.Write(&out, binary.LittleEndian, [3]uint16{0, 1, uint16(len(sizes))})
	offset := 6 + 16*len(sizes)
	for i, s := range sizes {
		dim := uint8(s)
		if s >= 256 {
			dim = 0 // 0 means 256
		}
		binary.Write(&out, binary.LittleEndian, struct {
			W, H, Colors, Reserved uint8
			Planes, BitCount       uint16
			Size, Offset           uint32
		}{dim, dim, 0, 0, 1, 32, uint32(len(images[i])), uint32(offset)})
		offset += len(images[i])
	}
	for _, img := range images {
		out.Write(img)
	}
	return out.Bytes(), nil
}

// shrink reduces a square image to n×n by averaging the source pixels
// that fall in each target pixel (premultiplied, so edges stay clean).
func shrink(src image.Image, n int) *image.NRGBA {
	b := src.Bounds()
	dst := image.NewNRGBA(image.Rect(0, 0, n, n))
	sx, sy := float64(b.Dx())/float64(n), float64(b.Dy())/float64(n)
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			x0, x1 := b.Min.X+int(float64(x)*sx), b.Min.X+int(float64(x+1)*sx)
			y0, y1 := b.Min.Y+int(float64(y)*sy), b.Min.Y+int(float64(y+1)*sy)
			var r, g, bl, a, cnt float64
			for yy := y0; yy < y1; yy++ {
				for xx := x0; xx < x1; xx++ {
					c := color.NRGBAModel.Convert(src.At(xx, yy)).(color.NRGBA)
					al := float64(c.A) / 255
					r += float64(c.R) * al
					g += float64(c.G) * al
					bl += float64(c.B) * al
					a += al
					cnt++
				}
			}
			if a > 0 {
				dst.SetNRGBA(x, y, color.NRGBA{uint8(r/a + .5), uint8(g/a + .5), uint8(bl/a + .5), uint8(a/cnt*255 + .5)})
			}
		}
	}
	return dst
}
