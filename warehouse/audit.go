package warehouse

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"

	"clusterscope"
)

const (
	auditName  = "audit.log"
	auditField = 500 // characters kept of each text field
	auditChunk = 64 << 10
)

// auditMu orders appends within the process; flock orders them across
// processes (the CLI and the dashboard write to the same log).
var auditMu sync.Mutex

// Audit appends one entry to the audit log, a JSON line per entry, and
// syncs it to disk before returning. A zero At means now.
func (w *Warehouse) Audit(e clusterscope.AuditEntry) (err error) {
	if !e.Action.Valid() {
		return fmt.Errorf("audit: unknown action %q", e.Action)
	}
	if e.At.IsZero() {
		e.At = time.Now()
	}
	e.At = e.At.UTC().Truncate(time.Second)
	e.Who, e.Target, e.Detail, e.IP = clip(e.Who), clip(e.Target), clip(e.Detail), clip(e.IP)
	line, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	line = append(line, '\n')

	auditMu.Lock()
	defer auditMu.Unlock()
	path := filepath.Join(w.dir, auditName)
	_, statErr := os.Stat(path)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("audit: %w", cerr)
		}
	}()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		return fmt.Errorf("audit: lock: %w", err)
	}
	defer syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	// A crash mid-write may have left a line without its newline: end it,
	// so that the new entry stays readable.
	if st, err := f.Stat(); err == nil && st.Size() > 0 {
		last := make([]byte, 1)
		if _, err := f.ReadAt(last, st.Size()-1); err == nil && last[0] != '\n' {
			line = append([]byte{'\n'}, line...)
		}
	}
	if _, err := f.Write(line); err != nil {
		return fmt.Errorf("audit: write: %w", err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("audit: sync: %w", err)
	}
	if errors.Is(statErr, fs.ErrNotExist) {
		if err := syncDir(w.dir); err != nil {
			return fmt.Errorf("audit: %w", err)
		}
	}
	return nil
}

// AuditLog returns up to limit entries, newest first; limit ≤ 0 means all.
// It reads the log backwards, so a long log costs only what is returned.
// Lines that cannot be parsed (a write cut short by a crash) are skipped.
func (w *Warehouse) AuditLog(limit int) ([]clusterscope.AuditEntry, error) {
	f, err := os.Open(filepath.Join(w.dir, auditName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	var out []clusterscope.AuditEntry
	var rest []byte // the start of a line whose beginning lies further back
	for end := st.Size(); end > 0; {
		start := max(0, end-auditChunk)
		buf := make([]byte, int(end-start)+len(rest))
		if _, err := f.ReadAt(buf[:end-start], start); err != nil {
			return nil, fmt.Errorf("read audit log: %w", err)
		}
		copy(buf[end-start:], rest)
		lines := bytes.Split(buf, []byte{'\n'})
		rest = nil
		if start > 0 {
			rest, lines = lines[0], lines[1:]
		}
		for i := len(lines) - 1; i >= 0; i-- {
			var e clusterscope.AuditEntry
			if len(lines[i]) == 0 || json.Unmarshal(lines[i], &e) != nil {
				continue
			}
			if out = append(out, e); limit > 0 && len(out) >= limit {
				return out, nil
			}
		}
		end = start
	}
	return out, nil
}

// clip keeps the first auditField characters of s, so that nobody can fill
// the disk through a login form.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= auditField {
		return s
	}
	return string([]rune(s)[:auditField]) + "…"
}
