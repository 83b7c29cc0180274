package app

import (
	"os/exec"
	"strings"
	"testing"
)

// TestCoreDoesNotDependOnFyne keeps the house rule: models, app and
// printing build and test without OpenGL or a display.
func TestCoreDoesNotDependOnFyne(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "aftercare/models/...", "aftercare/app/...", "aftercare/printing/...", "aftercare/assets/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "fyne.io/") {
			t.Fatalf("the core depends on %s: keep Fyne in screens/ and main.go", line)
		}
	}
}
