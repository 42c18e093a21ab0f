package warehouse_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"clusterscope"
	"clusterscope/warehouse"
	"clusterscope/warehouse/sqlite"
)

// TestMain lets the test binary act as a loading process to be killed.
func TestMain(m *testing.M) {
	if dir := os.Getenv("CLUSTERSCOPE_KILL_CHILD"); dir != "" {
		w, err := warehouse.Open(dir)
		if err != nil {
			os.Exit(2)
		}
		obs := observations(30000, "42.5")
		for i := 0; ; i++ {
			if _, _, err := w.Load(warehouse.Input{File: "big.csv", SHA256: fmt.Sprint(i), Observations: obs}); err != nil {
				os.Exit(3)
			}
		}
	}
	if dir := os.Getenv("CLUSTERSCOPE_KILL_WRITER"); dir != "" {
		w, err := warehouse.Open(dir)
		if err != nil {
			os.Exit(2)
		}
		for i := 0; ; i++ { // as the dashboard records an override: the decision with its entry
			reason := fmt.Sprintf("r%d", i)
			if w.AddOverride(2022, clusterscope.Override{ClusterID: "C-00001", By: "admin", Reason: reason},
				clusterscope.AuditEntry{Who: "admin", Action: clusterscope.AuditOverride, Target: "2022/C-00001", Detail: reason}) != nil {
				os.Exit(3)
			}
		}
	}
	os.Exit(m.Run())
}

// TestKillDuringStateWrite kills (kill -9) a process recording overrides
// and their audit entries: each write is there whole or not at all — the
// overrides are r0, r1, … without a gap, each with its audit entry (one
// transaction: never an override that is not audited), and the chain is
// whole.
func TestKillDuringStateWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	for i := range 5 {
		delay := time.Duration(20+i*37) * time.Millisecond
		t.Run(fmt.Sprintf("kill%d_after%v", i, delay), func(t *testing.T) {
			dir := t.TempDir()
			cmd := startChild(t, "CLUSTERSCOPE_KILL_WRITER", dir)
			time.Sleep(delay)
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()

			w := open(t, dir)
			history, err := w.OverrideHistory(2022, "C-00001")
			if err != nil {
				t.Fatal(err)
			}
			log, err := w.AuditLog(0)
			if err != nil {
				t.Fatal(err)
			}
			for j, o := range history {
				if o.Reason != fmt.Sprintf("r%d", j) {
					t.Fatalf("override %d is %q: a write lost or half-done", j, o.Reason)
				}
			}
			for j, e := range slices.Backward(log) {
				if e.Detail != fmt.Sprintf("r%d", len(log)-1-j) {
					t.Fatalf("audit entry %d is %q", len(log)-1-j, e.Detail)
				}
			}
			if len(history) != len(log) {
				t.Errorf("%d overrides, %d audit entries: a decision without its record", len(history), len(log))
			}
			if c, err := w.VerifyAudit(); err != nil || !c.OK() {
				t.Errorf("chain after the kill: %+v %v", c, err)
			}
			t.Logf("killed after %d overrides, %d audit entries", len(history), len(log))
		})
	}
}

// TestKillDuringLoad kills a loading process (kill -9) at several moments:
// the manifest must always name complete, readable files and the loads they
// record, and Recover must remove every half-written file.
func TestKillDuringLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	midLoad := 0
	defer func() {
		if midLoad < 3 && !t.Failed() {
			t.Errorf("only %d kills landed in the middle of a load: the test proved too little", midLoad)
		}
	}()
	// Kill at spread-out moments after a completed load, and (odd rounds)
	// just after the next load has started writing, so that kills land in
	// the middle of writes however fast or slow the machine is.
	for i := 0; i < 12; i++ {
		delay := time.Duration(1 + (i*i)%70)
		if i%2 == 1 {
			delay = time.Duration(i % 5)
		}
		t.Run(fmt.Sprintf("kill%02d_after%dms", i, delay), func(t *testing.T) {
			dir := t.TempDir()
			cmd := startChild(t, "CLUSTERSCOPE_KILL_CHILD", dir)
			// Wait for at least one completed load, then kill mid-way.
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			deadline := time.Now().Add(20 * time.Second)
			for {
				if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err == nil && (i%2 == 0 || writing(dir)) {
					break
				}
				select {
				case err := <-exited:
					t.Fatalf("loading process ended by itself: %v", err)
				default:
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatal("child never completed a load")
				}
				time.Sleep(time.Millisecond)
			}
			time.Sleep(delay * time.Millisecond)
			cmd.Process.Signal(syscall.SIGKILL)
			<-exited

			w := open(t, dir)
			s, err := w.Snapshot()
			if err != nil {
				t.Fatalf("manifest unreadable after kill: %v", err)
			}
			loads, _ := w.Loads()
			if len(loads) != len(s.Observations) || int64(len(loads)) != s.Version {
				t.Fatalf("manifest inconsistent: %d loads, %d files, version %d", len(loads), len(s.Observations), s.Version)
			}
			for _, f := range append(s.Observations, s.Loads) {
				if n := parquetRows(t, f); f != s.Loads && n != 30000 {
					t.Errorf("%s has %d rows, want 30000", f, n)
				}
			}
			removed, err := w.Recover()
			if err != nil {
				t.Fatal(err)
			}
			if len(removed.Interrupted) > 0 {
				midLoad++
			}
			t.Logf("killed after %d loads; recover removed %v", len(loads), removed)
			if got, want := files(t, dir), len(s.Observations)+4; len(got) != want { // + loads list, owners index, manifest, lock
				t.Errorf("after recover: %d files %v, want %d", len(got), got, want)
			}
		})
	}
}

// startChild starts this test binary as the child of TestMain that env
// names, writing into dir.
func startChild(t *testing.T, env, dir string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), env+"="+dir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// writing reports whether a load has a file half-written.
func writing(dir string) bool {
	for _, sub := range []string{"observations", "loads"} {
		m, _ := filepath.Glob(filepath.Join(dir, sub, "*.tmp"))
		if len(m) > 0 {
			return true
		}
	}
	return false
}

func parquetRows(t *testing.T, path string) int64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("live file missing: %v", err)
	}
	defer f.Close()
	st, _ := f.Stat()
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		t.Fatalf("live file %s unreadable: %v", path, err)
	}
	return pf.NumRows()
}

// files lists the warehouse's files, but for the state database's, which
// a load does not write.
func files(t *testing.T, dir string) []string {
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasPrefix(d.Name(), sqlite.FileName) {
			out = append(out, p)
		}
		return err
	})
	sort.Strings(out)
	return out
}
