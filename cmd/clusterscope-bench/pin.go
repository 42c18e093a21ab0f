package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// taskset pins processes to CPUs (util-linux); golang.org/x/sys is not a
// direct requirement of the module, and a child pinned before it starts
// (taskset -c CPU cmd) never runs elsewhere.
const taskset = "/usr/bin/taskset"

// pinning says where the server and the load generator run. On a machine
// of two or more CPUs the server gets CPU 0 and the generator (this
// process, and the loads it runs) CPU 1, each with GOMAXPROCS=1; on one
// CPU, or without taskset, both share what there is and Note says so.
type pinning struct {
	Pinned     bool
	Server     string // CPU list of the server, as taskset takes it ("" when not pinned)
	Client     string // of the generator
	MachineCPU int    // online CPUs of the machine
	Note       string // what the report says
}

// onlineCPUs counts the machine's CPUs (not this process's affinity, which
// runtime.NumCPU reports and an earlier pinning would narrow).
func onlineCPUs() int {
	b, err := os.ReadFile("/sys/devices/system/cpu/online")
	if err != nil {
		return runtime.NumCPU()
	}
	return countCPUList(strings.TrimSpace(string(b)))
}

// countCPUList counts a kernel CPU list such as "0-3,6".
func countCPUList(s string) int {
	n := 0
	for _, part := range strings.Split(s, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := strconv.Atoi(lo)
		if err != nil {
			continue
		}
		b := a
		if isRange {
			if b, err = strconv.Atoi(hi); err != nil {
				continue
			}
		}
		n += b - a + 1
	}
	return n
}

// planPinning decides the pinning for a machine of cpus CPUs, with or
// without taskset.
func planPinning(cpus int, haveTaskset bool) pinning {
	p := pinning{MachineCPU: cpus}
	switch {
	case cpus < 2:
		p.Note = fmt.Sprintf("this machine has %d CPU: the server and the load generator share it (not pinned), so every figure under load includes the generator's work", cpus)
	case !haveTaskset:
		p.Note = fmt.Sprintf("%s is missing: the server and the load generator share the %d CPUs (not pinned)", taskset, cpus)
	default:
		p.Pinned, p.Server, p.Client = true, "0", "1"
		p.Note = fmt.Sprintf("server on CPU 0 (taskset -c 0, GOMAXPROCS=1), load generator and loads on CPU 1 (GOMAXPROCS=1), of %d CPUs", cpus)
	}
	return p
}

// currentPinning plans for this machine.
func currentPinning() pinning {
	_, err := os.Stat(taskset)
	return planPinning(onlineCPUs(), err == nil)
}

// command is name args… run on cpus when pinned, with GOMAXPROCS to match.
func (p pinning) command(cpus string, name string, args ...string) *exec.Cmd {
	if !p.Pinned {
		return exec.Command(name, args...)
	}
	cmd := exec.Command(taskset, append([]string{"-c", cpus, name}, args...)...)
	cmd.Env = append(os.Environ(), "GOMAXPROCS="+strconv.Itoa(countCPUList(cpus)))
	return cmd
}

// pinSelf moves every thread of this process to the generator's CPU (new
// threads inherit it) and sets GOMAXPROCS to match.
func (p pinning) pinSelf() error {
	if !p.Pinned {
		return nil
	}
	out, err := exec.Command(taskset, "-a", "-p", "-c", p.Client, strconv.Itoa(os.Getpid())).CombinedOutput()
	if err != nil {
		return fmt.Errorf("taskset -a -p -c %s: %v: %s", p.Client, err, out)
	}
	runtime.GOMAXPROCS(countCPUList(p.Client))
	return nil
}

// allowedCPUs is the Cpus_allowed_list of a process ("self" or a pid), as
// the kernel reports it: what the report states, not what was asked.
func allowedCPUs(pid string) string {
	return statusField(pid, "Cpus_allowed_list:")
}

// statusField is one field of /proc/PID/status, trimmed; "" when absent.
func statusField(pid, key string) string {
	b, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return ""
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, key); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// cpuSeconds is the CPU time a process ("self" or a pid) has used, user
// and system, from /proc/PID/stat (in clock ticks of 1/100 s, Linux's
// USER_HZ); 0 when unreadable.
func cpuSeconds(pid string) float64 {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return 0
	}
	// The command name (field 2) may hold spaces: count from its ")".
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0
	}
	u, _ := strconv.ParseFloat(fields[11], 64)
	st, _ := strconv.ParseFloat(fields[12], 64)
	return (u + st) / 100
}

// runQueueSeconds is how long the threads of a process ("self" or a pid)
// have waited for a CPU while runnable (the second field of each
// /proc/PID/task/TID/schedstat, in ns): on a shared machine, the time
// other work took from it.
func runQueueSeconds(pid string) float64 {
	tasks, _ := filepath.Glob("/proc/" + pid + "/task/*/schedstat")
	total := 0.0
	for _, t := range tasks {
		b, err := os.ReadFile(t)
		if err != nil {
			continue
		}
		if f := strings.Fields(string(b)); len(f) >= 2 {
			ns, _ := strconv.ParseFloat(f[1], 64)
			total += ns / 1e9
		}
	}
	return total
}
