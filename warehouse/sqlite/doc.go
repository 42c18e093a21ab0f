// Package sqlite keeps the state that people change — accounts, overrides,
// decisions with their history, and the audit log — in one embedded SQLite
// database beside the Parquet warehouse, as benbjohnson/wtf keeps its
// sqlite/ package apart from the domain. Parquet and DuckDB stay the store
// of the form data; nothing analytical lives here.
//
// The driver is modernc.org/sqlite, SQLite translated to pure Go. Of the
// three candidates, github.com/mattn/go-sqlite3 is the most used but needs
// cgo: every clean build, and every target through a cross C compiler,
// compiles SQLite's C amalgamation, on top of the DuckDB already linked
// through cgo. github.com/ncruces/go-sqlite3 runs SQLite as WebAssembly
// under wazero, also without cgo, but compiles the Wasm module at every
// process start (the CLI is short-lived) and implements the locking
// between processes anew in Go, per OS. modernc runs SQLite's own C
// sources translated to Go, so its locking is SQLite's; it cross-compiles
// with GOOS/GOARCH alone and follows SQLite's releases. It is slower than
// cgo on heavy queries, which does not matter for a few writes a minute.
//
// The database is opened in WAL mode with a busy timeout, foreign keys on
// and synchronous=FULL (a committed write survives a power cut, as the
// fsynced audit.log did). Every write runs in BEGIN IMMEDIATE, so the
// server and the CLI writing at once queue for the lock instead of failing
// halfway through a read-then-write.
package sqlite
