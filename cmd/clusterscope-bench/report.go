package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// benchResults are the lines of `go test -bench` outputs: benchmark name
// (without the -GOMAXPROCS suffix) → unit → value.
type benchResults map[string]map[string]float64

var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+(\d+)\s+(.*)$`)

// readBench parses the benchmark lines of the files; missing files are skipped.
func readBench(paths ...string) benchResults {
	out := benchResults{}
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			m := benchLine.FindStringSubmatch(sc.Text())
			if m == nil {
				continue
			}
			vals := map[string]float64{}
			fs := strings.Fields(m[3])
			for i := 0; i+1 < len(fs); i += 2 {
				if v, err := strconv.ParseFloat(fs[i], 64); err == nil {
					vals[fs[i+1]] = v
				}
			}
			out[m[1]] = vals
		}
		f.Close()
	}
	return out
}

// get returns a value, and whether it was measured.
func (r benchResults) get(name, unit string) (float64, bool) {
	v, ok := r[name][unit]
	return v, ok
}

// report is BENCHMARKS.md being written.
type report struct {
	dir      string
	res      benchResults
	measured string // the analysis's "Measured:" line
	b        strings.Builder
	goals    [][4]string // goal, measured, verdict, why
}

// f appends formatted text.
func (r *report) f(format string, args ...any) { fmt.Fprintf(&r.b, format, args...) }

// goal records a goal's verdict; ok is nil when it was not measured. A
// missed goal points to the section of the analysis that explains it.
func (r *report) goal(name, measured string, ok *bool, section string) {
	verdict, why := "not measured", ""
	if ok != nil && *ok {
		verdict = "**met**"
	} else if ok != nil {
		verdict = "**missed**"
		if section != "" {
			why = r.seeAnalysis(section)
		}
	}
	r.goals = append(r.goals, [4]string{name, measured, verdict, why})
}

// ptr is a verdict for goal.
func ptr(b bool) *bool { return &b }

// newReport is `clusterscope-bench report`, the last step of bench.sh.
func newReport() *cobra.Command {
	var dir, out, command string
	cmd := &cobra.Command{
		Use:   "report --dir DIR --out BENCHMARKS.md",
		Short: "由 make bench 的结果写出 BENCHMARKS.md",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := writeReport(dir, command)
			if err != nil {
				return err
			}
			return os.WriteFile(out, b, 0o644)
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "", "make bench 的结果目录")
	cmd.Flags().StringVar(&out, "out", "BENCHMARKS.md", "输出文件")
	cmd.Flags().StringVar(&command, "command", "make bench", "所用命令")
	return cmd
}

// file returns a result file of the run, trimmed; "" when missing.
func (r *report) file(name string) string {
	b, _ := os.ReadFile(filepath.Join(r.dir, name))
	return strings.TrimSpace(string(b))
}

// loadJSON reads a load run's JSON; nil when missing.
func (r *report) loadJSON(name string) *loadResult {
	var res loadResult
	if json.Unmarshal([]byte(r.file(name)), &res) != nil || len(res.Endpoints) == 0 {
		return nil
	}
	return &res
}

// machine returns the CPU model and the memory of this machine.
func machine() (model, mem string) {
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "MemTotal:"); ok {
				kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
				mem = fmt.Sprintf("%.1f GiB", kb/(1<<20))
			}
		}
	}
	return model, mem
}

// commit is the checked-out commit, marked when the tree has changes.
func commit() string {
	out, err := exec.Command("git", "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "unknown"
	}
	c := strings.TrimSpace(string(out))
	if st, _ := exec.Command("git", "status", "--porcelain").Output(); len(st) > 0 {
		c += " (with uncommitted changes)"
	}
	return c
}

// writeReport composes BENCHMARKS.md from the results in dir.
func writeReport(dir, command string) ([]byte, error) {
	measured, err := analysisDate()
	if err != nil {
		return nil, err
	}
	r := &report{dir: dir, measured: measured, res: readBench(filepath.Join(dir, "queries.txt"), filepath.Join(dir, "queries100k.txt"),
		filepath.Join(dir, "etl.txt"), filepath.Join(dir, "cmd.txt"))}
	r.write(command)
	return []byte(r.b.String()), nil
}

// write composes BENCHMARKS.md: machine, goals, each section of this run,
// then the analysis of an earlier one, under its own date.
func (r *report) write(command string) {
	model, mem := machine()
	r.f("# Benchmarks\n\nWritten by `%s` (issue 7; the load run is issue 6's). The tables are from one run, described below; rerun `make bench` to refresh them. The *Analysis* at the end was written by hand from earlier runs and is not refreshed: it says when it was measured.\n\n", command)
	r.f("| | |\n|---|---|\n| machine | %d cores (`nproc`), %s, %s RAM |\n| date | %s |\n| commit | %s |\n| Go | %s |\n| command | `%s` |\n| load average before / after | %s / %s |\n| analysis measured | %s |\n\n",
		runtime.NumCPU(), model, mem, time.Now().UTC().Format("2006-01-02 15:04 MST"), commit(), runtime.Version(), command,
		r.file("loadavg-before.txt"), r.file("loadavg-after.txt"), r.measured)
	r.f("The machine is shared: other sessions' builds and tests ran during the run (load average above), so latencies under concurrency are pessimistic.\n\n")
	body := strings.Builder{}
	saved := r.b
	r.b = strings.Builder{}
	r.queries()
	r.endpoints()
	r.loads()
	r.memoryStart()
	r.exports()
	r.profiles()
	body.WriteString(r.b.String())
	r.b = saved
	r.f("## Goals of issue 7\n\n| goal | measured | verdict | why missed |\n|---|---|---|---|\n")
	for _, g := range r.goals {
		r.f("| %s | %s | %s | %s |\n", g[0], g[1], g[2], g[3])
	}
	r.f("\n%s%s", body.String(), analysis)
}
