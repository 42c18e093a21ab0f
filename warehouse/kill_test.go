package warehouse_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

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
	os.Exit(m.Run())
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
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "CLUSTERSCOPE_KILL_CHILD="+dir)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
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
			if len(removed) > 0 {
				midLoad++
			}
			t.Logf("killed after %d loads; recover removed %v", len(loads), removed)
			if got, want := files(t, dir), len(s.Observations)+4; len(got) != want { // + loads list, owners index, manifest, lock
				t.Errorf("after recover: %d files %v, want %d", len(got), got, want)
			}
		})
	}
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
