// Command mkicon draws the Aftercare application icon: a white house with a
// wrench across it on a teal-to-blue rounded tile.
//
// The icon is drawn from signed distance functions so that it can be
// re-made at any size without an image editor; it is rendered at four times
// the target size and reduced with a box filter, which gives smooth edges
// using only the standard library.
//
// Usage, from the repository root:
//
//	go run ./assets/internal/mkicon assets/icon.png
package main

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
)

// size is the edge of the finished icon; ss the supersampling factor.
const (
	size = 1024
	ss   = 4
)

func main() {
	out := "assets/icon.png"
	if len(os.Args) > 1 {
		out = os.Args[1]
	}
	big := render(size * ss)
	img := boxDown(big, ss)
	f, err := os.Create(out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := png.Encode(f, img); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// Palette.
var (
	tileTop    = rgb(0x2E, 0xB8, 0xA6) // calm teal
	tileBottom = rgb(0x1C, 0x6C, 0xB4) // service blue
	white      = rgb(0xFF, 0xFF, 0xFF)
)

type fcolor struct{ r, g, b, a float64 } // premultiplied, 0..1

func rgb(r, g, b uint8) fcolor {
	return fcolor{float64(r) / 255, float64(g) / 255, float64(b) / 255, 1}
}

func lerp(a, b fcolor, t float64) fcolor {
	return fcolor{a.r + (b.r-a.r)*t, a.g + (b.g-a.g)*t, a.b + (b.b-a.b)*t, a.a + (b.a-a.a)*t}
}

// over composites src (straight colour c with alpha a) over dst.
func over(dst, c fcolor, a float64) fcolor {
	return fcolor{
		c.r*a + dst.r*(1-a),
		c.g*a + dst.g*(1-a),
		c.b*a + dst.b*(1-a),
		a + dst.a*(1-a),
	}
}

// render draws the icon on an n×n canvas; geometry is in 1024-unit space.
func render(n int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, n, n))
	scale := float64(size) / float64(n)
	for py := 0; py < n; py++ {
		for px := 0; px < n; px++ {
			x := (float64(px) + 0.5) * scale
			y := (float64(py) + 0.5) * scale
			c := shade(x, y)
			i := img.PixOffset(px, py)
			img.Pix[i+0] = uint8(math.Round(clamp01(c.r) * 255))
			img.Pix[i+1] = uint8(math.Round(clamp01(c.g) * 255))
			img.Pix[i+2] = uint8(math.Round(clamp01(c.b) * 255))
			img.Pix[i+3] = uint8(math.Round(clamp01(c.a) * 255))
		}
	}
	return img
}

// shade returns the premultiplied colour of the point (x, y).
func shade(x, y float64) fcolor {
	var c fcolor
	if tile(x, y) > 0 {
		return c
	}
	// Diagonal gradient, lighter at the top left.
	t := clamp01(((x - 64) + (y - 64)) / (2 * 896))
	c = lerp(tileTop, tileBottom, t)
	// Soft shadow of the glyph, offset down.
	if d := glyph(x, y-18); d < 40 {
		a := 0.22 * smooth(40, -10, d)
		c = over(c, fcolor{0.02, 0.12, 0.22, 1}, a)
	}
	if glyph(x, y) <= 0 {
		c = white
	}
	return c
}

// tile is the rounded-square background with a small margin so the icon
// sits well next to others in docks and task bars.
func tile(x, y float64) float64 {
	return roundBox(x-512, y-512, 448, 448, 200)
}

// glyph is the white mark: a house outline and a wrench laid across it,
// with a gap of tile colour where the wrench crosses the house.
func glyph(x, y float64) float64 {
	w, hull := wrench(x, y)
	h := house(x, y)
	h = math.Max(h, -(hull - 26)) // cut the gap around the wrench
	return math.Min(h, w)
}

// house is a thick outline: a roof chevron over walls, with a chimney.
func house(x, y float64) float64 {
	const stroke = 32 // half thickness
	roof := math.Min(
		capsule(x, y, eaveLX, eaveY, ridgeX, ridgeY, stroke),
		capsule(x, y, ridgeX, ridgeY, eaveRX, eaveY, stroke),
	)
	// Walls: the outline of a tall rounded box, kept only under the roof so
	// that they meet the roof lines cleanly.
	body := math.Abs(roundBox(x-512, y-460, 212, 350, 44)) - stroke
	body = math.Max(body, -underRoof(x, y))
	// Chimney on the left slope, standing on the roof.
	chim := roundBox(x-392, y-282, 30, 46, 8)
	chim = math.Max(chim, underRoof(x, y)-stroke)
	return math.Min(math.Min(roof, body), chim)
}

// Roof geometry in icon units.
const (
	ridgeX, ridgeY = 512.0, 214.0
	eaveLX, eaveRX = 190.0, 834.0
	eaveY          = 486.0
)

// underRoof is positive below both roof lines (inside the gable).
func underRoof(x, y float64) float64 {
	return math.Min(lineSide(x, y, ridgeX, ridgeY, eaveLX, eaveY), lineSide(x, y, eaveRX, eaveY, ridgeX, ridgeY))
}

// lineSide is the signed distance from the line a→b, positive on the left
// of the direction of travel (y grows downwards).
func lineSide(x, y, ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	return ((x-ax)*dy - (y-ay)*dx) / math.Hypot(dx, dy)
}

// wrench is an open-ended spanner running from the lower left to the
// upper right at 45 degrees, its jaw at the top right. hull is the same
// shape with its jaw and ring filled in, used to cut the gap around it.
func wrench(x, y float64) (shape, hull float64) {
	// Into wrench-local coordinates: u along the handle, v across.
	cx, cy := 540.0, 600.0
	ang := -math.Pi / 4
	dx, dy := x-cx, y-cy
	u := dx*math.Cos(ang) + dy*math.Sin(ang)
	v := -dx*math.Sin(ang) + dy*math.Cos(ang)
	handle := capsule(u, v, -200, 0, 150, 0, 44)
	// Jaw: a disc with a slot opening outwards along the handle axis.
	head := circle(u, v, 218, 0, 112)
	slot := math.Max(math.Abs(v)-46, 200-u) // half-width 46, from u=200 outwards
	slotRound := circle(u, v, 200, 0, 46)
	jaw := math.Max(head, -math.Min(slot, slotRound))
	// Tail: a ring.
	tail := circle(u, v, -262, 0, 70)
	ring := math.Max(tail, -circle(u, v, -262, 0, 28))
	shape = math.Min(math.Min(handle, jaw), ring)
	hull = math.Min(math.Min(handle, head), tail)
	return shape, hull
}

func circle(x, y, cx, cy, r float64) float64 { return math.Hypot(x-cx, y-cy) - r }

// capsule is the distance to the segment a–b minus r.
func capsule(x, y, ax, ay, bx, by, r float64) float64 {
	pax, pay := x-ax, y-ay
	bax, bay := bx-ax, by-ay
	h := clamp01((pax*bax + pay*bay) / (bax*bax + bay*bay))
	return math.Hypot(pax-bax*h, pay-bay*h) - r
}

// roundBox is the distance to a box of half-size (hx, hy) centred at the
// origin with corner radius r.
func roundBox(x, y, hx, hy, r float64) float64 {
	qx := math.Abs(x) - hx + r
	qy := math.Abs(y) - hy + r
	out := math.Hypot(math.Max(qx, 0), math.Max(qy, 0))
	return out + math.Min(math.Max(qx, qy), 0) - r
}

// smooth goes from 0 at edge0 to 1 at edge1.
func smooth(edge0, edge1, x float64) float64 {
	t := clamp01((x - edge0) / (edge1 - edge0))
	return t * t * (3 - 2*t)
}

func clamp01(v float64) float64 { return math.Max(0, math.Min(1, v)) }

// boxDown averages f×f blocks of premultiplied pixels.
func boxDown(src *image.RGBA, f int) *image.NRGBA {
	n := src.Bounds().Dx() / f
	dst := image.NewNRGBA(image.Rect(0, 0, n, n))
	area := float64(f * f)
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			var r, g, b, a float64
			for j := 0; j < f; j++ {
				i := src.PixOffset(x*f, y*f+j)
				for k := 0; k < f; k++ {
					r += float64(src.Pix[i])
					g += float64(src.Pix[i+1])
					b += float64(src.Pix[i+2])
					a += float64(src.Pix[i+3])
					i += 4
				}
			}
			r, g, b, a = r/area, g/area, b/area, a/area
			c := color.NRGBA{}
			if a > 0 {
				c = color.NRGBA{
					R: uint8(math.Round(math.Min(255, r*255/a))),
					G: uint8(math.Round(math.Min(255, g*255/a))),
					B: uint8(math.Round(math.Min(255, b*255/a))),
					A: uint8(math.Round(a)),
				}
			}
			dst.SetNRGBA(x, y, c)
		}
	}
	return dst
}
