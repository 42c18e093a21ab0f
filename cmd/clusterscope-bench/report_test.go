package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// fakeRun writes the result files of a make bench run whose every goal
// that the analysis explains is missed.
func fakeRun(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"queries.txt": "BenchmarkQuestions/10000/batch.List/go-2 64 1 ns/op 90 p50-ms 300 p99-ms\n" +
			"BenchmarkQuestions/10000/batch.List/cached-2 64 1 ns/op 20 p50-ms 50 p99-ms\n" +
			"BenchmarkQuestions/10000/batch.List/floor-2 64 1 ns/op 10 p50-ms 100 p99-ms\n",
		"etl.txt": "BenchmarkWorkbooks/load-2 1 1 ns/op 40 s/1000\nBenchmarkWorkbooks/floor-2 1 1 ns/op 20 s/1000\n",
		"pages-10000.json": fakePages(t, 10000, func(p *pagesResult) {
			p.Cached.Total.P99 = 40 // endpoints and cold start missed
			p.RestartS[0] = 1.2
		}),
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestReportDatesTheAnalysis: the figures measured by hand appear once, in
// the analysis at the end, under the date they were measured; what the
// report says of this run (tables and verdicts) carries none of them, and
// each missed goal points to a section the analysis has.
func TestReportDatesTheAnalysis(t *testing.T) {
	b, err := writeReport(fakeRun(t), "make bench")
	if err != nil {
		t.Fatal(err)
	}
	out := string(b)
	measured, _ := analysisDate()
	if !strings.HasSuffix(out, analysis) {
		t.Fatal("the report does not end with the analysis as written")
	}
	thisRun := strings.TrimSuffix(out, analysis)
	if !strings.Contains(thisRun, "| analysis measured | "+measured+" |") {
		t.Errorf("the report's header does not say when the analysis was measured (%q)", measured)
	}
	for _, old := range []string{"245 rows per cluster", "≈ 20,000 rows", "≈ 68 MB", "870 MB", "28.4 → 229.5", "3,280 → 3,947"} {
		if !strings.Contains(analysis, old) {
			t.Errorf("analysis.md lost %q", old)
		}
		if strings.Contains(thisRun, old) {
			t.Errorf("the figure %q of an earlier run is reported as this run's", old)
		}
	}
	pointers := regexp.MustCompile(`see \*Analysis: ([^*]+)\* \(measured ([^)]+)\)`).FindAllStringSubmatch(thisRun, -1)
	if len(pointers) < 5 {
		t.Fatalf("%d missed goals point to the analysis, want every one of the fake run's:\n%s", len(pointers), thisRun)
	}
	for _, p := range pointers {
		if !strings.Contains(analysis, "\n### "+p[1]+"\n") {
			t.Errorf("a missed goal points to *Analysis: %s*, which analysis.md does not have", p[1])
		}
		if !strings.HasPrefix(measured, p[2]) {
			t.Errorf("pointer dated %q, analysis measured %q", p[2], measured)
		}
	}
}

// TestReportRefusesAnUndatedAnalysis: without its "Measured:" line the
// analysis would read as this run's, so no report is written.
func TestReportRefusesAnUndatedAnalysis(t *testing.T) {
	saved := analysis
	t.Cleanup(func() { analysis = saved })
	analysis = strings.Replace(saved, "\nMeasured: ", "\nFrom: ", 1)
	if _, err := writeReport(fakeRun(t), "make bench"); err == nil {
		t.Error("a report was written with an analysis that does not say when it was measured")
	}
}
