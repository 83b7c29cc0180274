package assets

import (
	"bytes"
	"image"
	"image/png"
	"testing"
)

// TestIconSmallIsIcon checks that IconSmall is Icon at 256×256: each of
// its pixels against the average of the 4×4 block of the big icon it
// stands for (ImageMagick's filter differs from that box a little at the
// edges, a redrawn icon differs everywhere).
func TestIconSmallIsIcon(t *testing.T) {
	big, err := png.Decode(bytes.NewReader(Icon))
	if err != nil {
		t.Fatal(err)
	}
	small, err := png.Decode(bytes.NewReader(IconSmall))
	if err != nil {
		t.Fatal(err)
	}
	if small.Bounds() != image.Rect(0, 0, 256, 256) || big.Bounds() != image.Rect(0, 0, 1024, 1024) {
		t.Fatalf("sizes %v and %v", small.Bounds(), big.Bounds())
	}
	var diff, n float64
	for y := range 256 {
		for x := range 256 {
			var sum [4]float64
			for dy := range 4 {
				for dx := range 4 {
					r, g, b, a := big.At(4*x+dx, 4*y+dy).RGBA()
					sum[0], sum[1], sum[2], sum[3] = sum[0]+float64(r), sum[1]+float64(g), sum[2]+float64(b), sum[3]+float64(a)
				}
			}
			r, g, b, a := small.At(x, y).RGBA()
			for i, v := range []uint32{r, g, b, a} {
				d := float64(v) - sum[i]/16
				if d < 0 {
					d = -d
				}
				diff += d
				n++
			}
		}
	}
	// Mean difference per channel, as a share of full scale.
	if mean := diff / n / 0xffff; mean > 0.01 {
		t.Fatalf("IconSmall differs from Icon by %.1f%% per channel on average: remake it (assets/icon_small.go)", 100*mean)
	} else {
		t.Logf("mean difference %.3f%% per channel", 100*mean)
	}
}
