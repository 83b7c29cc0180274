package screens

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"aftercare/app"
	"aftercare/models"
)

// fakeOutput replaces the viewer and the printer for a test and records
// the files they were given.
type fakeOutput struct {
	opened, printed []string
	openErr         error
	printErr        error
}

func fakeSlipOutput(t *testing.T) *fakeOutput {
	t.Helper()
	f := &fakeOutput{}
	oldOpen, oldPrint := slipOpen, slipPrint
	slipOpen = func(path string) error { f.opened = append(f.opened, path); return f.openErr }
	slipPrint = func(path string) error { f.printed = append(f.printed, path); return f.printErr }
	t.Cleanup(func() { slipOpen, slipPrint = oldOpen, oldPrint })
	return f
}

// menuLabels are the texts of the print menu's items, separators as "-".
func (pr *tdPrint) menuLabels() []string {
	var out []string
	for _, it := range pr.menu.Items {
		if it.IsSeparator {
			out = append(out, "-")
		} else {
			out = append(out, it.Label)
		}
	}
	return out
}

// choose taps the Print button, then the menu item labelled label, and
// waits for the slip to be written.
func (fx *tdFixture) choose(t *testing.T, label string) {
	t.Helper()
	pr := fx.page.slips
	custUI(func() { test.Tap(pr.button) })
	if pr.menu == nil {
		t.Fatal("the Print button showed no menu")
	}
	for _, it := range pr.menu.Items {
		if it.Label == label {
			custUI(it.Action)
			custWaitIdle(t)
			return
		}
	}
	t.Fatalf("no menu item %q in %v", label, pr.menuLabels())
}

func TestPrintButtonWritesAndOpensTheSlip(t *testing.T) {
	fx := newTDFixture(t)
	out := fakeSlipOutput(t)
	d := fx.newTicket(t, "不制冷")
	fx.open(t, d.Ticket.ID)
	pr := fx.page.slips
	if !pr.button.Visible() || pr.button.Disabled() {
		t.Fatal("no Print button on a repair")
	}

	fx.choose(t, "Service slip")
	want := filepath.Join(fx.app.SlipsDir(), d.Ticket.Number+"-service.pdf")
	if len(out.opened) != 1 || out.opened[0] != want || pr.lastErr != nil {
		t.Fatalf("opened %v (err %v), want %s", out.opened, pr.lastErr, want)
	}
	if data, err := os.ReadFile(want); err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("no PDF at %s: %v", want, err)
	}
	if got := pr.menuLabels(); len(got) != 2 || got[1] != "Service slip: print directly" {
		t.Errorf("menu of an on-site repair: %v", got)
	}

	// Print directly goes to the printer, not the viewer.
	fx.choose(t, "Service slip: print directly")
	if len(out.printed) != 1 || out.printed[0] != want || len(out.opened) != 1 {
		t.Fatalf("printed %v opened %v", out.printed, out.opened)
	}

	// No viewer: the slip is saved and the message says where.
	out.openErr = errors.New("xdg-open: not found")
	fx.choose(t, "Service slip")
	if pr.lastErr == nil || pr.lastPath != want || pr.button.Disabled() {
		t.Errorf("missing viewer: err %v path %s", pr.lastErr, pr.lastPath)
	}
	if !strings.Contains(strings.Join(custLabelTexts(fx.w.Canvas().Overlays().Top()), " "), want) {
		t.Errorf("the message does not say where the slip was saved: %v", custLabelTexts(fx.w.Canvas().Overlays().Top()))
	}
	custUI(func() { fx.w.Canvas().Overlays().Remove(fx.w.Canvas().Overlays().Top()) })

	// A PC that cannot print PDFs directly opens them instead.
	out.printErr = ErrOpenedInstead
	fx.choose(t, "Service slip: print directly")
	if !errors.Is(pr.lastErr, ErrOpenedInstead) || !strings.Contains(strings.Join(custLabelTexts(fx.w.Canvas().Overlays().Top()), " "), "print it from there") {
		t.Errorf("print fallback: %v %v", pr.lastErr, custLabelTexts(fx.w.Canvas().Overlays().Top()))
	}
}

func TestPrintMenuOffersTheSlipsThatFit(t *testing.T) {
	fx := newTDFixture(t)
	fakeSlipOutput(t)
	d, err := fx.app.CreateTicket(app.IntakeInput{CustomerID: fx.cust.ID, PurchaseID: fx.purchase.ID, Kind: models.KindRepair,
		Mode: models.ModeCarryIn, Symptom: "遥控失灵"})
	if err != nil {
		t.Fatal(err)
	}
	id := d.Ticket.ID
	if _, err := fx.app.Step(id, 0, models.StepInput{Action: models.ActReceive}); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.app.Step(id, 0, models.StepInput{Action: models.ActIssueVoucher, Date: tdTestNow.AddDate(0, 0, 3)}); err != nil {
		t.Fatal(err)
	}
	fx.open(t, id)
	fx.choose(t, "Pickup voucher")
	want := []string{"Pickup voucher", "Pickup voucher: print directly", "-", "Service slip", "Service slip: print directly"}
	if got := fx.page.slips.menuLabels(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("menu %v, want %v", got, want)
	}
	if p := fx.page.slips.lastPath; filepath.Base(p) != d.Ticket.Number+"-pickup.pdf" {
		t.Errorf("wrote %s", p)
	}

	// A phone consultation has nothing to print.
	c, err := fx.app.CreateTicket(app.IntakeInput{CustomerID: fx.cust.ID, Kind: models.KindConsultation, Resolution: "电话指导"})
	if err != nil {
		t.Fatal(err)
	}
	fx.open(t, c.Ticket.ID)
	if fx.page.slips.button.Visible() {
		t.Error("Print button on a phone consultation")
	}
}
