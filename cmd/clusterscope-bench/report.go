package main

import (
	"bufio"
	"cmp"
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
	goals    [][4]string // issue 7's: goal, measured, verdict, why
	goals17  []goalRow
	q10      benchResults // the queries benchmarks at 10k (queries.txt) and 100k, for the floors
	q100     benchResults
	// questionsProfile is where bench.sh keeps the questions' CPU profile.
	questionsProfile string
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

// commit is the checked-out commit, marked when the tree has changes: the
// run's, which bench.sh writes to commit.txt when it starts, so that a
// report written again from its results still names it.
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
	r, err := composeReport(dir, command)
	if err != nil {
		return nil, err
	}
	return []byte(r.b.String()), nil
}

// composeReport reads the results in dir and writes the report, whose
// goals it keeps for the tests.
func composeReport(dir, command string) (*report, error) {
	measured, err := analysisDate()
	if err != nil {
		return nil, err
	}
	r := &report{dir: dir, measured: measured, res: readBench(filepath.Join(dir, "queries.txt"), filepath.Join(dir, "queries100k.txt"),
		filepath.Join(dir, "etl.txt"), filepath.Join(dir, "cmd.txt")),
		q10: readBench(filepath.Join(dir, "queries.txt")), q100: readBench(filepath.Join(dir, "queries100k.txt"))}
	r.questionsProfile = r.file("questions-profile.txt")
	r.write(command)
	return r, nil
}

// write composes BENCHMARKS.md: machine, goals, each section of this run,
// then the analysis of an earlier one, under its own date.
func (r *report) write(command string) {
	model, mem := machine()
	r.f("# Benchmarks\n\nWritten by `%s` (issues 7 and 17; the load run is issue 6's). The tables are from one run, described below; rerun `make bench` to refresh them. The *Analysis* at the end was written by hand from earlier runs and is not refreshed: it says when it was measured.\n\n", command)
	r.f("| | |\n|---|---|\n| machine | %d cores (`nproc`), %s, %s RAM |\n| date | %s |\n| commit | %s |\n| Go | %s |\n| command | `%s` |\n| server and load generator | %s |\n| load average before / after | %s / %s |\n| time taken | %s |\n| analysis measured | %s |\n\n",
		runtime.NumCPU(), model, mem, cmp.Or(r.file("date.txt"), time.Now().UTC().Format("2006-01-02 15:04 MST")), cmp.Or(r.file("commit.txt"), commit()),
		runtime.Version(), command,
		r.pinningLine(), r.file("loadavg-before.txt"), r.file("loadavg-after.txt"), r.timings(), r.measured)
	r.f("The machine is shared: other sessions' builds and tests ran during the run (load average above), so latencies are pessimistic, and more so for a process pinned to one CPU, which cannot move to the other when that one is busy.\n\n")
	body := strings.Builder{}
	saved := r.b
	r.b = strings.Builder{}
	r.issue17()
	r.queries()
	r.endpoints()
	r.loads()
	r.exports()
	r.profiles()
	body.WriteString(r.b.String())
	r.b = saved
	r.f("## Goals of issue 17\n\n| goal | target | measured | verdict | profile to look at |\n|---|---|---|---|---|\n")
	for _, g := range r.goals17 {
		r.f("| %s | %s | %s | %s | %s |\n", g.Goal, g.Target, g.Measured, g.Verdict, g.Look)
	}
	r.f("\n## Goals of issue 7\n\n| goal | measured | verdict | why missed |\n|---|---|---|---|\n")
	for _, g := range r.goals {
		r.f("| %s | %s | %s | %s |\n", g[0], g[1], g[2], g[3])
	}
	r.f("\n%s%s", body.String(), analysis)
}

// pinningLine says where the server and the generator ran, from the 10k
// pages run (or the 100k one).
func (r *report) pinningLine() string {
	for _, n := range []int{10000, 100000} {
		if p := r.pagesRun(n); p != nil {
			return p.Pinning.Note
		}
	}
	return "not recorded (no pages run)"
}

// timings is bench.sh's timings.txt ("phase seconds" lines) on one line.
func (r *report) timings() string {
	var parts []string
	total := 0.0
	for _, l := range strings.Split(r.file("timings.txt"), "\n") {
		name, v, ok := strings.Cut(l, "\t")
		sec, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if !ok || err != nil {
			continue
		}
		total += sec
		parts = append(parts, fmt.Sprintf("%s %.1f min", name, sec/60))
	}
	if len(parts) == 0 {
		return "not recorded"
	}
	return fmt.Sprintf("%.1f min: %s", total/60, strings.Join(parts, ", "))
}
