package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"clusterscope"
	"clusterscope/dashboard/render"
	"clusterscope/warehouse"
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
	wh, err := warehouse.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	password = randomPassword()
	if err := wh.AddUser(clusterscope.User{Name: "bench", Role: clusterscope.RoleMinistry}, password); err != nil {
		if err := wh.SetPassword("bench", password); err != nil {
			b.Fatal(err)
		}
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

// freeAddr is a loopback address with a free port.
func freeAddr(b *testing.B) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// BenchmarkServe10k starts `clusterscope serve` on 10,000 clusters as its
// own process, twice, and reports for each start the time from exec to the
// login page served and to the first page's JSON after signing in: first
// (start-s, first-data-s) right after a load, when the server builds the
// snapshot's DuckDB file, then a restart (restart-s, restart-data-s) that
// opens it. On the restarted server: cold-p99-ms, each distinct request of
// the mix asked once, one at a time (the first visitor of each page); the
// load run's throughput and p99 (32 connections, CLUSTERSCOPE_BENCH_LOAD
// long, 20s by default); and rss-MB, its peak resident memory (VmHWM).
// Run with -benchtime 1x.
func BenchmarkServe10k(b *testing.B) {
	dir, password := benchWarehouse(b, 10000)
	bin := benchBinary(b)
	dur := 20 * time.Second
	if d, err := time.ParseDuration(os.Getenv("CLUSTERSCOPE_BENCH_LOAD")); err == nil {
		dur = d
	}
	for b.Loop() {
		os.RemoveAll(filepath.Join(dir, "cache")) // as right after a load
		first := startServe(b, bin, dir, password)
		first.stop()
		again := startServe(b, bin, dir, password)
		os.Setenv("CLUSTERSCOPE_PASSWORD", password)
		res, err := loadTest(context.Background(), loadOptions{Addr: again.addr, User: "bench", Duration: dur,
			Connections: 32, Requests: 5_000_000, Warmup: true}, io.Discard)
		if err != nil {
			again.stop()
			b.Fatal(err)
		}
		rss := peakRSS(again.cmd.Process.Pid)
		again.stop()
		res.writeJSON(filepath.Join(benchDir(), "serve-10000.json"))
		if res.Total.Errors > 0 {
			b.Errorf("%d errors: %s", res.Total.Errors, res.FirstError)
		}
		b.ReportMetric(first.login.Seconds(), "start-s")
		b.ReportMetric(first.data.Seconds(), "first-data-s")
		b.ReportMetric(again.login.Seconds(), "restart-s")
		b.ReportMetric(again.data.Seconds(), "restart-data-s")
		b.ReportMetric(res.Total.PerSecond, "req/s")
		b.ReportMetric(res.Total.P99, "p99-ms")
		b.ReportMetric(rss, "rss-MB")
		if res.Warmup != nil {
			b.ReportMetric(res.Warmup.P99, "cold-p99-ms")
		}
	}
}

// started is a `clusterscope serve` process, how long it took from exec
// to the login page and to the first page's JSON after signing in, and
// the client signed in as "bench".
type started struct {
	cmd         *exec.Cmd
	addr        string
	login, data time.Duration
	client      *http.Client
}

func (s *started) stop() { s.cmd.Process.Signal(syscall.SIGTERM); s.cmd.Wait() }

func startServe(b *testing.B, bin, dir, password string) *started {
	b.Helper()
	s := &started{addr: freeAddr(b)}
	s.cmd = exec.Command(bin, "serve", "--data", dir, "--addr", s.addr)
	s.cmd.Stdout, s.cmd.Stderr = io.Discard, io.Discard
	t0 := time.Now()
	if err := s.cmd.Start(); err != nil {
		b.Fatal(err)
	}
	base := "http://" + s.addr
	for {
		res, err := http.Get(base + "/login")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Since(t0) > time.Minute {
			s.stop()
			b.Fatal("server did not start")
		}
		time.Sleep(5 * time.Millisecond)
	}
	s.login = time.Since(t0)
	var err error
	if s.client, err = loadSignIn(base, "bench", password, 1); err != nil {
		s.stop()
		b.Fatal(err)
	}
	s.data = time.Since(t0)
	return s
}

// peakRSS is VmHWM of the process, in MB.
func peakRSS(pid int) float64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
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
	s := startServe(b, benchBinary(b), dir, password)
	defer s.stop()
	c, base := s.client, "http://"+s.addr
	page := "/export/compare.%s?province=" + "%E5%AE%81%E5%A4%8F%E5%9B%9E%E6%97%8F%E8%87%AA%E6%B2%BB%E5%8C%BA"
	get := func(format string) (int, error) {
		res, err := c.Get(base + fmt.Sprintf(page, format))
		if err != nil {
			return 0, err
		}
		defer res.Body.Close()
		n, err := io.Copy(io.Discard, res.Body)
		if res.StatusCode != http.StatusOK {
			return 0, fmt.Errorf("export %s: %s", format, res.Status)
		}
		return int(n), err
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
