package app

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"strings"
	"testing"

	"aftercare/models"
)

// testSignaturePNG is a white 200×80 image with a dark diagonal stroke,
// or a blank one when ink is false.
func testSignaturePNG(t *testing.T, ink bool) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 200, 80))
	for y := 0; y < 80; y++ {
		for x := 0; x < 200; x++ {
			img.Set(x, y, color.White)
		}
	}
	if ink {
		for x := 20; x < 180; x++ {
			y := 20 + (x-20)*40/160
			for dy := -2; dy <= 2; dy++ {
				img.Set(x, y+dy, color.Black)
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func fieldKey(err error) string {
	if fe := models.AsFieldErrors(err); len(fe) > 0 {
		return fe[0].Key
	}
	return ""
}

func TestSignatureSavedAndNewestLoaded(t *testing.T) {
	a := newTestApp(t)
	fx := newSlipFixture(t, a)
	id := fx.onsite.Ticket.ID
	if s, err := a.Signature(id, "service"); err != nil || s != nil {
		t.Fatalf("before signing: %v %v", s, err)
	}
	first, err := a.SaveSignature(id, "service", " 王小明 ", testSignaturePNG(t, true))
	if err != nil {
		t.Fatal(err)
	}
	second, err := a.SaveSignature(id, "auto", "", testSignaturePNG(t, true))
	if err != nil {
		t.Fatal(err)
	}
	if first.Signer != "王小明" || second.Slip != "service" || !second.SignedAt.After(first.SignedAt) {
		t.Fatalf("saved %+v then %+v", first, second)
	}
	got, err := a.Signature(id, "service")
	if err != nil || got == nil || got.ID != second.ID || !bytes.Equal(got.PNG, second.PNG) {
		t.Fatalf("newest: %+v %v, want %s", got, err, second.ID)
	}
	var n int64
	a.db.Model(&models.Signature{}).Where("ticket_id = ?", id).Count(&n)
	if n != 2 {
		t.Errorf("%d signatures stored, want both kept", n)
	}
	if s, _ := a.Signature(id, "pickup"); s != nil {
		t.Errorf("a service signature shows as the pickup one")
	}
	d, _ := a.Ticket(id)
	marks := 0
	for _, e := range d.Events {
		if e.Action == models.ActNote && strings.Contains(e.Data, `"signature":"service"`) {
			marks++
		}
	}
	if marks != 2 {
		t.Errorf("%d signature events on the timeline, want 2", marks)
	}
}

func TestSignatureRefusesBlankAndBadImages(t *testing.T) {
	a := newTestApp(t)
	fx := newSlipFixture(t, a)
	id := fx.onsite.Ticket.ID
	for name, tc := range map[string]struct {
		data []byte
		key  string
	}{
		"blank":   {testSignaturePNG(t, false), "err.signature.blank"},
		"not png": {[]byte("not a png at all"), "err.signature.not_png"},
		"empty":   {nil, "err.signature.not_png"},
		"large":   {make([]byte, MaxSignatureBytes+1), "err.signature.too_large"},
	} {
		if _, err := a.SaveSignature(id, "service", "", tc.data); fieldKey(err) != tc.key {
			t.Errorf("%s: %v, want %s", name, err, tc.key)
		}
	}
	if _, err := a.SaveSignature("no-such-ticket", "service", "", testSignaturePNG(t, true)); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown ticket: %v", err)
	}
	if s, _ := a.Signature(id, "service"); s != nil {
		t.Error("a refused signature was stored")
	}
}

func TestServiceSlipSignedOnlyAfterTheService(t *testing.T) {
	a := newTestApp(t)
	fx := newSlipFixture(t, a)
	sig := testSignaturePNG(t, true)
	// Mail-in, parcel received: not repaired yet.
	if _, err := a.SaveSignature(fx.mailin.Ticket.ID, "service", "", sig); fieldKey(err) != "err.signature.before_service" {
		t.Errorf("service slip before the repair: %v", err)
	}
	// The pickup voucher is signed when it is issued, before the repair…
	if _, err := a.SaveSignature(fx.carryin.Ticket.ID, "pickup", "王小明", sig); err != nil {
		t.Errorf("pickup voucher: %v", err)
	}
	// …but not before there is one.
	if _, err := a.SaveSignature(fx.bare.Ticket.ID, "pickup", "", sig); fieldKey(err) != "err.slip.pickup_no_voucher" {
		t.Errorf("pickup without a voucher: %v", err)
	}
	if _, err := a.SaveSignature(fx.onsite.Ticket.ID, "nonsense", "", sig); fieldKey(err) != "err.slip.kind" {
		t.Errorf("unknown slip: %v", err)
	}
}

func TestPrintedSlipCarriesTheSignature(t *testing.T) {
	a := newTestApp(t)
	fx := newSlipFixture(t, a)
	id := fx.onsite.Ticket.ID
	hasImage := func(path string) bool {
		t.Helper()
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return bytes.Contains(data, []byte("/Subtype /Image"))
	}
	path, err := a.PrintSlip(id, SlipService, zhTranslator(t))
	if err != nil {
		t.Fatal(err)
	}
	if hasImage(path) {
		t.Fatal("an unsigned slip has an image")
	}
	if _, err := a.SaveSignature(id, "service", "王小明", testSignaturePNG(t, true)); err != nil {
		t.Fatal(err)
	}
	path, err = a.PrintSlip(id, SlipService, zhTranslator(t))
	if err != nil {
		t.Fatal(err)
	}
	if !hasImage(path) {
		t.Fatal("the signed slip has no image")
	}
	if out, err := exec.Command("pdfimages", "-list", path).Output(); err == nil {
		if lines := strings.Split(strings.TrimSpace(string(out)), "\n"); len(lines) < 3 {
			t.Errorf("pdfimages lists no image:\n%s", out)
		}
	}
	// The signature of one slip is not printed on another.
	if _, err := a.SaveSignature(fx.carryin.Ticket.ID, "pickup", "", testSignaturePNG(t, true)); err != nil {
		t.Fatal(err)
	}
	d, _ := a.Ticket(fx.carryin.Ticket.ID)
	if pdf, _, err := a.SlipPDF(d, SlipService, zhTranslator(t)); err != nil || bytes.Contains(pdf, []byte("/Subtype /Image")) {
		t.Errorf("the pickup signature printed on the service slip (err %v)", err)
	}
}

// TestCanSignDelivery: the customer signs a delivery's slip once it is
// installed, and only that slip.
func TestCanSignDelivery(t *testing.T) {
	for _, tc := range []struct {
		status models.Status
		kind   SlipKind
		key    string
	}{
		{models.StatusNew, SlipAuto, "err.signature.before_install"},
		{models.StatusScheduled, SlipDelivery, "err.signature.before_install"},
		{models.StatusInService, SlipDelivery, "err.signature.before_install"},
		{models.StatusInstalled, SlipAuto, ""},
		{models.StatusSigned, SlipDelivery, ""},
		{models.StatusClosed, SlipDelivery, ""},
		{models.StatusInstalled, SlipService, "err.slip.delivery_only"},
		{models.StatusCancelled, SlipDelivery, "err.signature.before_install"},
	} {
		tk := &models.Ticket{Kind: models.KindDelivery, Mode: models.ModeDelivery, Status: tc.status}
		if got := fieldKey(CanSign(tk, tc.kind)); got != tc.key {
			t.Errorf("%s slip of a %s delivery: %q, want %q", tc.kind, tc.status, got, tc.key)
		}
	}
	part := &models.Ticket{Kind: models.KindPart, Mode: models.ModePart, Status: models.StatusRequested}
	if got := fieldKey(CanSign(part, SlipAuto)); got != "err.slip.part_none" {
		t.Errorf("a part request: %q", got)
	}
}
