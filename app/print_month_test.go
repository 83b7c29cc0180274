package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestMonthPrintBesideAFileItCannotReplace: when a month's print cannot
// replace the old one (open in a viewer on Windows; here a folder of
// that name stands in the way), the statement and the report are
// written beside it with the time in their names; when nothing stands
// there, the failure is reported and nothing is written.
func TestMonthPrintBesideAFileItCannotReplace(t *testing.T) {
	a := newTestApp(t)
	for _, base := range []string{"statement-2026-10", "report-2026-10"} {
		if err := os.MkdirAll(filepath.Join(a.PrintsDir(), base+".pdf", "in-the-way"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	at := a.clock().Format("150405")
	stmt, err := a.PrintStatement("2026-10", zhTranslator(t))
	if want := filepath.Join(a.PrintsDir(), "statement-2026-10-"+at+".pdf"); err != nil || stmt != want {
		t.Errorf("statement: %s (%v), want %s", stmt, err, want)
	}
	rep, err := a.PrintMonthReport(context.Background(), "2026-10", zhTranslator(t))
	if want := filepath.Join(a.PrintsDir(), "report-2026-10-"+at+".pdf"); err != nil || rep != want {
		t.Errorf("report: %s (%v), want %s", rep, err, want)
	}
	for _, p := range []string{stmt, rep} {
		if b, err := os.ReadFile(p); err != nil || len(b) < 4 || string(b[:4]) != "%PDF" {
			t.Errorf("%s is not a PDF: %v", p, err)
		}
	}

	if path, err := a.writeMonthPrint(filepath.Join("no-such-folder", "statement-2026-10"), []byte("%PDF")); err == nil {
		t.Errorf("a print into a missing folder went to %s", path)
	}
	if m, _ := filepath.Glob(filepath.Join(a.PrintsDir(), "no-such-folder*")); len(m) != 0 {
		t.Errorf("a failed print left %v", m)
	}
}
