package warehouse

// LockForTest takes the write lock as another process would.
func LockForTest(w *Warehouse) (func(), error) { return w.lock() }

// SetWriteLimitForTest makes every file write fail with ENOSPC past n bytes.
func SetWriteLimitForTest(w *Warehouse, n int) { w.writeLimit = n }
