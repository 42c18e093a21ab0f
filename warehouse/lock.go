package warehouse

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"clusterscope"
)

// lock takes the warehouse's write lock without waiting. The kernel drops
// it when the process dies, so a killed load never leaves a stale lock.
func (w *Warehouse) lock() (unlock func(), err error) {
	f, err := os.OpenFile(filepath.Join(w.dir, lockName), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock warehouse: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, &clusterscope.Error{Code: clusterscope.ECONFLICT,
			Message: "另一个载入正在进行，请等它结束后再试", Err: err}
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// Busy reports whether err refuses a load because another one holds the
// lock: the same load may succeed in a moment.
func Busy(err error) bool { return errors.Is(err, syscall.EWOULDBLOCK) }
