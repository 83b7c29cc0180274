//go:build !windows

package screens

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// printFile queues a PDF on the default printer with CUPS's lp (macOS and
// Linux both ship it). lp returns once the job is queued; the timeout
// only guards against a hung print service.
func printFile(path string) error {
	// Absolute, so the name can never be read as an option.
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "lp", abs).CombinedOutput()
	if err != nil {
		if msg := strings.TrimSpace(string(out)); msg != "" {
			return fmt.Errorf("lp: %s", msg)
		}
		return fmt.Errorf("lp: %w", err)
	}
	return nil
}
