package main

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"clusterscope/dashboard/render"
)

// benchDir holds what a run generates (make bench sets CLUSTERSCOPE_BENCH_DIR
// for every package); otherwise a folder that later runs reuse.
func benchDir() string {
	if d := os.Getenv("CLUSTERSCOPE_BENCH_DIR"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "clusterscope-bench")
}

// benchWarehouse returns the warehouse of n generated clusters of the run,
// with a ministry account "bench" whose password it returns.
func benchWarehouse(b *testing.B, n int) (dir, password string) {
	b.Helper()
	dir = filepath.Join(benchDir(), "w"+strconv.Itoa(n))
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err != nil {
		os.RemoveAll(dir)
		_, st, err := buildBenchData(dir, n)
		if err != nil {
			b.Fatal(err)
		}
		b.Log(st)
	}
	password, err := benchAccount(dir)
	if err != nil {
		b.Fatal(err)
	}
	return dir, password
}

// benchBinary is the product binary these benchmarks measure from outside,
// as an operator runs it: CLUSTERSCOPE_BIN, or built now.
func benchBinary(b *testing.B) string {
	if p := os.Getenv("CLUSTERSCOPE_BIN"); p != "" {
		return p
	}
	p := filepath.Join(b.TempDir(), "clusterscope")
	if out, err := exec.Command("go", "build", "-o", p, "../clusterscope").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	return p
}

// BenchmarkExport renders the comparison page of the demo data set (one
// province) as PNG and as PDF through the headless Chromium of a
// `clusterscope serve` process and reports seconds per file. Skipped
// without a Chromium (see render.FindChromium).
func BenchmarkExport(b *testing.B) {
	if _, err := render.FindChromium(""); err != nil {
		b.Skipf("%v (make test-deps installs Debian's chromium)", err)
	}
	dir, password := benchWarehouse(b, defaultLoadClusters)
	s, err := startServeProc(pinning{}, benchBinary(b), dir, time.Minute)
	if err != nil {
		b.Fatal(err)
	}
	defer s.stop()
	base := s.base
	c, err := loadSignIn(base, "bench", password, 1)
	if err != nil {
		b.Fatal(err)
	}
	// not through Sprintf: the escaped province is full of %
	page := func(format string) string {
		return "/export/compare." + format + "?province=" + url.QueryEscape("宁夏回族自治区")
	}
	get := func(format string) (int, error) {
		res, err := c.Get(base + page(format))
		if err != nil {
			return 0, err
		}
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK {
			return 0, fmt.Errorf("export %s: %s: %s", format, res.Status, errorText(body))
		}
		return len(body), err
	}
	for t0 := time.Now(); ; time.Sleep(200 * time.Millisecond) { // Chromium starts in the background
		if _, err := get("png"); err == nil {
			break
		} else if time.Since(t0) > time.Minute {
			b.Fatal(err)
		}
	}
	for _, format := range []string{"png", "pdf"} {
		b.Run(format, func(b *testing.B) {
			size := 0
			for b.Loop() {
				n, err := get(format)
				if err != nil {
					b.Fatal(err)
				}
				size = n
			}
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/file")
			b.ReportMetric(float64(size)/1024, "KiB")
		})
	}
}

// errorText is what an error page says (its paragraphs), for the log.
func errorText(page []byte) string {
	var out []string
	for _, m := range paragraph.FindAllSubmatch(page, -1) {
		out = append(out, string(m[1]))
	}
	return strings.Join(out, " ")
}

var paragraph = regexp.MustCompile(`<p>([^<]*)`)
