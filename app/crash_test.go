//go:build !windows

package app

import (
	"bufio"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"aftercare/models"
)

// The crash test: a child process (this test binary, re-run with
// envCrashChild set) opens the database as the window does (with the
// writer's lock) and writes customers and tickets through app in a loop,
// printing each ID after its commit returned. The parent kills it with
// SIGKILL at random moments, many times, then reopens the file and checks
// that the integrity check passes and every ID reported as committed is
// there. Each new child also finds the lock of the killed one and takes it
// over (a stale lock).
//
// make test runs 30 kills (a few seconds); AFTERCARE_CRASH_KILLS=1000 runs
// a longer one.

const envCrashChild = "AFTERCARE_CRASH_CHILD_DB"

// TestCrashChildWriter is the child; it does nothing in a normal run.
func TestCrashChildWriter(t *testing.T) {
	sqliteOnly(t, "a killed writer of the file")
	path := os.Getenv(envCrashChild)
	if path == "" {
		t.Skip("the child process of TestCrashKeepsCommittedWrites")
	}
	a, err := Open(Options{Path: path, Actor: "crash test", Lock: true})
	if err != nil {
		fmt.Printf("ERR open: %v\n", err)
		os.Exit(3)
	}
	stale := 0
	if a.StaleLock != nil {
		stale = a.StaleLock.PID
	}
	fmt.Printf("READY %d %d\n", os.Getpid(), stale)
	pid := os.Getpid()
	var customer string
	for i := 0; ; i++ {
		if i%3 == 2 && customer != "" {
			d, err := a.CreateTicket(IntakeInput{CustomerID: customer, Kind: models.KindRepair, Mode: models.ModeCarryIn, Symptom: "不制冷 " + strconv.Itoa(i)})
			if err != nil {
				fmt.Printf("ERR ticket: %v\n", err)
				os.Exit(4)
			}
			fmt.Printf("T %s\n", d.Ticket.ID)
			continue
		}
		c, err := a.CreateCustomer(models.CustomerInput{Name: fmt.Sprintf("客户%d-%d", pid, i), Phones: []string{fmt.Sprintf("139%04d%04d", pid%10000, i%10000)},
			Addresses: []string{"北京市朝阳区建国路" + strconv.Itoa(i) + "号"}}, CreateOptions{AllowDuplicatePhone: true})
		if err != nil {
			fmt.Printf("ERR customer: %v\n", err)
			os.Exit(4)
		}
		customer = c.ID
		fmt.Printf("C %s\n", c.ID)
	}
}

// TestCrashKeepsCommittedWrites is the parent.
func TestCrashKeepsCommittedWrites(t *testing.T) {
	sqliteOnly(t, "a killed writer of the file")
	if os.Getenv(envCrashChild) != "" {
		t.Skip("in the child")
	}
	kills := 30
	if s := os.Getenv("AFTERCARE_CRASH_KILLS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("AFTERCARE_CRASH_KILLS=%q", s)
		}
		kills = n
	}
	if testing.Short() {
		kills = 5
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	// Migrate once here, so the children spend their time writing.
	a, err := Open(Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	customers, tickets := map[string]bool{}, map[string]bool{}
	staleSeen := 0
	prevPID := 0
	start := time.Now()
	for k := 0; k < kills; k++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChildWriter$", "-test.count=1")
		cmd.Env = append(os.Environ(), envCrashChild+"="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 1024)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// Wait for the child to be writing, then kill it at a random moment.
		ready := false
		deadline := time.After(20 * time.Second)
		for !ready {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("child %d ended before it was ready", k)
				}
				if strings.HasPrefix(l, "ERR") {
					t.Fatalf("child %d: %s", k, l)
				}
				if f := strings.Fields(l); len(f) == 3 && f[0] == "READY" {
					ready = true
					if f[2] != "0" && f[2] == strconv.Itoa(prevPID) {
						staleSeen++
					}
				}
			case <-deadline:
				cmd.Process.Kill()
				t.Fatalf("child %d did not start", k)
			}
		}
		prevPID = cmd.Process.Pid
		time.Sleep(time.Duration(20+rng.Intn(300)) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		for l := range lines { // everything the child wrote before it died
			f := strings.Fields(l)
			switch {
			case strings.HasPrefix(l, "ERR"):
				t.Fatalf("child %d: %s", k, l)
			case len(f) == 2 && f[0] == "C":
				customers[f[1]] = true
			case len(f) == 2 && f[0] == "T":
				tickets[f[1]] = true
			}
		}
		werr := cmd.Wait()
		var ee *exec.ExitError
		if !errors.As(werr, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("child %d did not die of SIGKILL: %v", k, werr)
		}
	}
	if len(customers) == 0 || len(tickets) == 0 {
		t.Fatalf("the children committed nothing (%d customers, %d tickets)", len(customers), len(tickets))
	}
	if staleSeen < kills-1 {
		t.Fatalf("only %d of %d children found the killed one's stale lock", staleSeen, kills-1)
	}
	if err := CheckFile(path); err != nil {
		t.Fatalf("after %d kills: %v", kills, err)
	}
	b, err := Open(Options{Path: path, Lock: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var gotC, gotT []string
	b.db.Model(&models.Customer{}).Pluck("id", &gotC)
	b.db.Model(&models.Ticket{}).Pluck("id", &gotT)
	have := map[string]bool{}
	for _, id := range append(gotC, gotT...) {
		have[id] = true
	}
	for id := range customers {
		if !have[id] {
			t.Fatalf("customer %s was reported committed but is missing", id)
		}
	}
	for id := range tickets {
		if !have[id] {
			t.Fatalf("ticket %s was reported committed but is missing", id)
		}
	}
	t.Logf("%d kills in %.1fs: %d customers and %d tickets reported committed, all present (%d and %d in the file)",
		kills, time.Since(start).Seconds(), len(customers), len(tickets), len(gotC), len(gotT))
}
