package main

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// serveProc is a `clusterscope serve` process the benchmarks measure from
// outside, as an operator runs it: pinned to the server's CPUs, and able to
// profile a span of its life (its hidden --cpuprofile-dir: SIGUSR1 starts,
// SIGUSR2 writes).
type serveProc struct {
	pid         int
	base        string
	profDir     string
	ready       time.Duration // exec → /readyz answers 200 (the snapshot is open)
	wait        func() error
	profileLine chan string // the server's "cpuprofile: …" lines

	mu   sync.Mutex
	tail []string // its last lines of stderr, for errors
}

// startServeProc starts `bin serve` on a free loopback port over the
// warehouse dir and waits until it is ready (or readyWithin has passed).
func startServeProc(pin pinning, bin, dir string, readyWithin time.Duration) (*serveProc, error) {
	addr, err := freeLoopback()
	if err != nil {
		return nil, err
	}
	prof, err := os.MkdirTemp("", "clusterscope-serve-prof-")
	if err != nil {
		return nil, err
	}
	cmd := pin.command(pin.Server, bin, "serve", "--data", dir, "--addr", addr, "--cpuprofile-dir", prof)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &serveProc{pid: cmd.Process.Pid, base: "http://" + addr, profDir: prof, wait: cmd.Wait, profileLine: make(chan string, 4)}
	go s.readStderr(stderr)
	for {
		res, err := http.Get(s.base + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Since(t0) > readyWithin {
			s.stop()
			return nil, fmt.Errorf("serve not ready after %s: %s", readyWithin, s.lastLines())
		}
		time.Sleep(10 * time.Millisecond)
	}
	s.ready = time.Since(t0)
	return s, nil
}

func (s *serveProc) readStderr(r interface{ Read([]byte) (int, error) }) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(l, "cpuprofile: ") {
			s.profileLine <- l
			continue
		}
		s.mu.Lock()
		s.tail = append(s.tail[max(0, len(s.tail)-19):], l)
		s.mu.Unlock()
	}
}

func (s *serveProc) lastLines() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.tail, "\n")
}

// lastError is the server's last logged error (else its last line): what
// a failed request's 500 does not say.
func (s *serveProc) lastError() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.tail) - 1; i >= 0; i-- {
		if strings.Contains(s.tail[i], "level=ERROR") {
			return s.tail[i]
		}
	}
	if len(s.tail) > 0 {
		return s.tail[len(s.tail)-1]
	}
	return ""
}

// freeLoopback is a loopback address with a free port.
func freeLoopback() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// signal sends sig and waits for the server's line saying it acted.
func (s *serveProc) signal(sig syscall.Signal, want string) (string, error) {
	if err := syscall.Kill(s.pid, sig); err != nil {
		return "", err
	}
	select {
	case l := <-s.profileLine:
		if rest, ok := strings.CutPrefix(l, "cpuprofile: "+want+" "); ok {
			return rest, nil
		}
		return "", fmt.Errorf("serve: %s", l)
	case <-time.After(30 * time.Second):
		return "", fmt.Errorf("serve did not answer %v", sig)
	}
}

// profile runs f with the server's CPU profiled and writes that profile
// to path; f's own error comes first.
func (s *serveProc) profile(path string, f func() error) error {
	if _, err := s.signal(syscall.SIGUSR1, "started"); err != nil {
		return err
	}
	ferr := f()
	written, err := s.signal(syscall.SIGUSR2, "written")
	if ferr != nil {
		return ferr
	}
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	b, err := os.ReadFile(written) // the server's folder may be on another file system
	if err != nil {
		return err
	}
	os.Remove(written)
	return os.WriteFile(path, b, 0o644)
}

// peakRSS is the server's VmHWM so far, in MB.
func (s *serveProc) peakRSS() float64 { return kbField(strconv.Itoa(s.pid), "VmHWM:") / 1024 }

// kbField is a "… kB" field of /proc/PID/status, in kB.
func kbField(pid, key string) float64 {
	kb, _ := strconv.ParseFloat(strings.TrimSuffix(statusField(pid, key), " kB"), 64)
	return kb
}

// stop ends the server as an operator does (SIGTERM), killing it if it
// has not stopped within a minute.
func (s *serveProc) stop() {
	syscall.Kill(s.pid, syscall.SIGTERM)
	done := make(chan struct{})
	go func() { s.wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		syscall.Kill(s.pid, syscall.SIGKILL)
		<-done
	}
	os.RemoveAll(s.profDir)
}
