package main

import (
	"strings"
	"testing"
)

// TestPlanPinning: the server and the generator get a CPU each where two
// exist and taskset is there; otherwise nothing is pinned and the report
// says why, rather than pretend.
func TestPlanPinning(t *testing.T) {
	for _, tc := range []struct {
		cpus           int
		taskset        bool
		pinned         bool
		server, client string
		note           string
	}{
		{1, true, false, "", "", "1 CPU"},
		{2, false, false, "", "", "taskset is missing"},
		{2, true, true, "0", "1", "server on CPU 0"},
		{8, true, true, "0", "1", "of 8 CPUs"},
	} {
		p := planPinning(tc.cpus, tc.taskset)
		if p.Pinned != tc.pinned || p.Server != tc.server || p.Client != tc.client {
			t.Errorf("%d CPUs, taskset %v: pinned %v server %q client %q, want %v %q %q", tc.cpus, tc.taskset, p.Pinned, p.Server, p.Client, tc.pinned, tc.server, tc.client)
		}
		if !strings.Contains(p.Note, tc.note) {
			t.Errorf("%d CPUs, taskset %v: the report would say %q, want it to say %q", tc.cpus, tc.taskset, p.Note, tc.note)
		}
		if cmd := p.command(p.Server, "serve"); p.Pinned != strings.HasSuffix(cmd.Path, "taskset") {
			t.Errorf("%d CPUs: the server runs as %v", tc.cpus, cmd.Args)
		}
	}
}

// TestCountCPUList reads the kernel's CPU lists.
func TestCountCPUList(t *testing.T) {
	for in, want := range map[string]int{"0": 1, "0-1": 2, "0-3,6": 5, "0,2,4-5": 4, "": 0} {
		if got := countCPUList(in); got != want {
			t.Errorf("%q: %d CPUs, want %d", in, got, want)
		}
	}
}
