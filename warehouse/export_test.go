package warehouse

// LockForTest takes the write lock as another process would.
func LockForTest(w *Warehouse) (func(), error) { return w.lock() }
