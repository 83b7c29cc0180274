package app

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"aftercare/models"
)

func runCmd(t *testing.T, db string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := RunCommand(CommandEnv{DBPath: db, Stdout: &out, Stderr: &errb, Clock: func() time.Time { return fixedNow }}, args)
	return code, out.String(), errb.String()
}

func TestCommandImportDryRunThenImport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "shop.db")
	csv := filepath.Join(dir, "in.csv")
	content := "姓名,手机,地址,备注\n" +
		"张伟,138 0013 8000,\"北京市朝阳区建国路88号,3单元\",老客户\n" +
		"李娜,13912345678,上海市,\"两行\n备注\"\n" +
		"王芳,13800138000,广州,同一号码\n" +
		"坏号码,12345,深圳,\n"
	if err := os.WriteFile(csv, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCmd(t, db, "import-customers", csv, "--dry-run")
	if code != ExitOK {
		t.Fatalf("dry run exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if last := lines[len(lines)-1]; last != "imported 2, duplicates 1, errors 1" {
		t.Fatalf("summary %q\n%s", last, out)
	}
	if !strings.Contains(out, "line 5: duplicate") || !strings.Contains(out, "line 6: error") {
		t.Fatalf("problems not listed with their lines:\n%s", out)
	}
	// The dry run wrote nothing: a real import still imports both.
	code, out, errs = runCmd(t, db, "import-customers", csv)
	if code != ExitOK || !strings.HasSuffix(strings.TrimSpace(out), "imported 2, duplicates 1, errors 1") {
		t.Fatalf("import exit %d: %s %s", code, out, errs)
	}
	code, out, _ = runCmd(t, db, "import-customers", csv)
	if code != ExitOK || !strings.HasSuffix(strings.TrimSpace(out), "imported 0, duplicates 3, errors 1") {
		t.Fatalf("second import: %s", out)
	}
	exp := filepath.Join(dir, "out.csv")
	code, out, errs = runCmd(t, db, "export-customers", exp)
	if code != ExitOK || !strings.Contains(out, "exported 2 customers") {
		t.Fatalf("export exit %d: %s %s", code, out, errs)
	}
	data, _ := os.ReadFile(exp)
	if !bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) || !bytes.Contains(data, []byte("北京市朝阳区建国路88号,3单元")) {
		t.Fatalf("export content:\n%s", data)
	}
	if code, out, _ = runCmd(t, db, "check"); code != ExitOK || out != "ok\n" {
		t.Fatalf("check: %d %q", code, out)
	}
}

func TestCommandUsageAndFailures(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "shop.db")
	cases := []struct {
		args []string
		code int
		in   string // expected in stdout or stderr
	}{
		{[]string{"help"}, ExitOK, "import-customers"},
		{[]string{"version"}, ExitOK, Version},
		{[]string{"frobnicate"}, ExitUsage, "unknown command"},
		{[]string{"import-customers"}, ExitUsage, "name one CSV file"},
		{[]string{"import-customers", "--bogus", "x.csv"}, ExitUsage, "usage:"},
		{[]string{"import-customers", filepath.Join(dir, "missing.csv")}, ExitFailure, "missing.csv"},
		{[]string{"demo", "--customers", "-1"}, ExitUsage, "--customers"},
		{[]string{"version", "extra"}, ExitUsage, "no arguments"},
	}
	if code, _, errs := runCmd(t, db, "check"); code != ExitFailure || !strings.Contains(errs, "no database") {
		t.Errorf("check on a missing file: exit %d, %q", code, errs)
	}
	for _, c := range cases {
		code, out, errs := runCmd(t, db, c.args...)
		if code != c.code || !strings.Contains(out+errs, c.in) {
			t.Errorf("%v: exit %d (want %d), output %q %q, want %q", c.args, code, c.code, out, errs, c.in)
		}
	}
}

func TestCommandDemoIsDeterministic(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.db", "b.db"} {
		code, out, errs := runCmd(t, filepath.Join(dir, name), "demo", "--customers", "50", "--seed", "7")
		if code != ExitOK || !strings.Contains(out, "demo: 50 customers") {
			t.Fatalf("demo: %d %s %s", code, out, errs)
		}
	}
	var exports [2]string
	for i, name := range []string{"a.db", "b.db"} {
		f := filepath.Join(dir, name+".csv")
		if code, _, errs := runCmd(t, filepath.Join(dir, name), "export-customers", f); code != ExitOK {
			t.Fatal(errs)
		}
		data, _ := os.ReadFile(f)
		exports[i] = string(data)
	}
	if exports[0] != exports[1] || strings.Count(exports[0], "\n") != 51 {
		t.Fatalf("same seed, different data (or wrong count)")
	}
}

func TestCommandStatement(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "shop.db")
	a, err := Open(Options{Path: db, Clock: func() time.Time { return fixedNow }, Actor: "孙经理"})
	if err != nil {
		t.Fatal(err)
	}
	zhao := mustStaff(t, a, "赵师傅", models.RoleDelivery)
	if _, err := a.AddRecord(models.RecordInput{StaffID: zhao.ID, Date: "2026-10-03", RuleID: ruleByCode(t, a, "conduct").ID, Qty: "2", Source: models.RecMeeting}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.CompileMonth("2026-10"); err != nil {
		t.Fatal(err)
	}
	a.Close()

	out := filepath.Join(dir, "oct.pdf")
	code, stdout, stderr := runCmd(t, db, "statement", "--month", "2026-10", "--out", out, "--lang", "en")
	if code != ExitOK || !strings.Contains(stdout, "printed the statement of 2026-10 to "+out) {
		t.Fatalf("exit %d: %q %q", code, stdout, stderr)
	}
	if n := pdfA4Pages(t, out); n > 1 { // 0: no poppler
		t.Errorf("one person's month takes %d pages", n)
	}
	if text := pdfText(t, out); text != "" {
		for _, want := range []string{"赵师傅", "-40.00", "孙经理", "Provisional:", "Approvedby(generalmanager)"} {
			if !strings.Contains(text, want) {
				t.Errorf("%q is missing from the statement", want)
			}
		}
	}
	// Without --out: Chinese, into the prints folder beside the database.
	code, stdout, _ = runCmd(t, db, "statement", "--month", "2026年10月")
	want := filepath.Join(dir, "prints", "statement-2026-10.pdf")
	if code != ExitOK || !strings.Contains(stdout, want) {
		t.Fatalf("default: exit %d, %q", code, stdout)
	}
	if _, err := os.Stat(want); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
		in   string
	}{
		{[]string{"statement"}, ExitUsage, "--month YYYY-MM"},
		{[]string{"statement", "--month", "2026-13"}, ExitUsage, "--month must be YYYY-MM"},
		{[]string{"statement", "--month", "2026-10", "--lang", "fr"}, ExitUsage, "--lang must be zh or en"},
		{[]string{"statement", "--month", "2026-10", "extra"}, ExitUsage, "unexpected argument"},
		{[]string{"statement", "--month", "2026-10", "--out", filepath.Join(dir, "missing", "x.pdf")}, ExitFailure, "missing"},
		{[]string{"help"}, ExitOK, "statement"},
	} {
		code, stdout, stderr := runCmd(t, db, c.args...)
		if code != c.code || !strings.Contains(stdout+stderr, c.in) {
			t.Errorf("%v: exit %d (want %d), %q %q, want %q", c.args, code, c.code, stdout, stderr, c.in)
		}
	}
}
