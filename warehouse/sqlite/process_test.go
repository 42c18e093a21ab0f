package sqlite_test

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"

	"clusterscope"
	"clusterscope/warehouse/sqlite"
)

// The tests below run this test binary again as a second process writing
// the same database: helperEnv names what it does.
const helperEnv = "CLUSTERSCOPE_SQLITE_HELPER"

func TestMain(m *testing.M) {
	if mode := os.Getenv(helperEnv); mode != "" {
		if err := helper(mode, os.Getenv("HELPER_DIR"), os.Getenv("HELPER_NAME")); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

const rounds = 40 // of a "write" helper

// helper writes as one process among several: "write" does rounds of an
// audit entry, a new account and a decision on the subject every writer
// shares (retrying on conflict, as an official would after refreshing);
// "loop" writes an audit entry, a decision and an override per round until
// it is killed, printing each round's number once it is committed.
func helper(mode, dir, name string) error {
	db, err := sqlite.Open(dir)
	if err != nil {
		return err
	}
	defer db.Close()
	for i := 1; mode == "loop" || i <= rounds; i++ {
		if err := db.Audit(clusterscope.AuditEntry{Who: name, Action: clusterscope.AuditLoad, Detail: strconv.Itoa(i)}); err != nil {
			return err
		}
		if mode == "loop" {
			if _, err := db.Decide(sqlite.Decision{Kind: "cluster", Subject: name, Batch: 2022, State: "复核", Who: name, Why: strconv.Itoa(i)}, int64(i-1)); err != nil {
				return err
			}
			if err := db.AddOverride(2022, clusterscope.Override{ClusterID: name, By: name, Reason: strconv.Itoa(i)}); err != nil {
				return err
			}
			fmt.Println(i)
			continue
		}
		if err := db.AddUser(clusterscope.User{Name: fmt.Sprintf("%s-%d", name, i), Role: clusterscope.RoleViewer}, goodPassword); err != nil {
			return err
		}
		for {
			cur, err := db.Current("application", "SHARED", 2022)
			if err != nil {
				return err
			}
			_, err = db.Decide(sqlite.Decision{Kind: "application", Subject: "SHARED", Batch: 2022, State: "复核", Who: name, Why: strconv.Itoa(i)}, cur.Version)
			if clusterscope.ErrorCode(err) != clusterscope.ECONFLICT {
				if err != nil {
					return err
				}
				break
			}
		}
	}
	return nil
}

func helperCmd(t *testing.T, mode, dir, name string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+mode, "HELPER_DIR="+dir, "HELPER_NAME="+name)
	cmd.Stderr = os.Stderr
	return cmd
}

// The server and CLIs writing at once lose nothing: every write of every
// process is there, in one unbroken chain.
func TestProcessesWritingAtOnceLoseNothing(t *testing.T) {
	dir := t.TempDir()
	db := open(t, dir) // the server, writing too
	names := []string{"cli-a", "cli-b"}
	var cmds []*exec.Cmd
	for _, n := range names {
		cmd := helperCmd(t, "write", dir, n)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for i := range rounds {
		if err := db.Audit(clusterscope.AuditEntry{Who: "server", Action: clusterscope.AuditExport, Detail: strconv.Itoa(i)}); err != nil {
			t.Fatal(err)
		}
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("helper: %v", err)
		}
	}
	log, _ := db.AuditLog(0)
	users, _ := db.Users()
	hist, _ := db.History("application", "SHARED", 2022)
	want := len(names) * rounds
	if len(log) != want+rounds || len(users) != want || len(hist) != want {
		t.Errorf("%d audit entries, %d users, %d decisions; want %d, %d, %d", len(log), len(users), len(hist), want+rounds, want, want)
	}
	per := map[string]int{}
	for _, e := range log {
		per[e.Who]++
	}
	for _, d := range hist {
		per[d.Who+"/decisions"]++
	}
	for _, n := range names {
		if per[n] != rounds || per[n+"/decisions"] != rounds {
			t.Errorf("%s: %d entries and %d decisions kept, want %d each", n, per[n], per[n+"/decisions"], rounds)
		}
	}
	if c, err := db.Check(); err != nil || c.Entries != int64(want+rounds) {
		t.Errorf("check: %+v %v", c, err)
	}
}

// A process killed with SIGKILL in the middle of its writes leaves each
// table in the state before the write under way or after it, never
// between, and the database and the chain whole.
func TestKilledWriterLeavesPreviousOrNextState(t *testing.T) {
	dir := t.TempDir()
	for round, after := range []int{3, 17, 41} {
		name := fmt.Sprintf("KILL-%d", round)
		cmd := helperCmd(t, "loop", dir, name)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(out)
		last := 0
		for last < after && lines.Scan() {
			last, _ = strconv.Atoi(lines.Text())
		}
		time.Sleep(time.Duration(round) * 700 * time.Microsecond) // land at other points of a round
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		for lines.Scan() { // what it committed before the signal landed
			last, _ = strconv.Atoi(lines.Text())
		}
		var exit *exec.ExitError
		if err := cmd.Wait(); !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("helper ended with %v before it was killed", err)
		}

		db := open(t, dir) // the next start
		if _, err := db.Check(); err != nil {
			t.Fatalf("after kill %d: %v", round, err)
		}
		log, _ := db.AuditLog(0)
		audits := 0
		for _, e := range log {
			if e.Who == name {
				audits++
			}
		}
		cur, _ := db.Current("cluster", name, 2022)
		overrides, _ := db.OverrideHistory(2022, name)
		got := []int{audits, int(cur.Version), len(overrides)}
		// Written in this order each round: a round cut short has its
		// first writes and not the rest.
		if got[0] < last || got[0] > last+1 || got[1] < last || got[1] > got[0] || got[2] < last || got[2] > got[1] {
			t.Errorf("kill %d after round %d: audit, decisions, overrides = %v; want each %d or %d, in write order",
				round, last, got, last, last+1)
		}
		t.Logf("killed after round %d: audit, decisions, overrides = %v", last, got)
		db.Close()
	}
}
