package queries

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"regexp"

	"clusterscope"
)

// maxCachedRows bounds the rows the answers hold (about 300 bytes each).
const maxCachedRows = 100_000

// ask answers the named question for the scope, one value per row read by
// scanRow, and keeps the answer until the next snapshot.
func ask[T any](ctx context.Context, d *DB, name string, scope clusterscope.Scope, scanRow func(*sql.Rows) (T, error), args ...any) ([]T, error) {
	return cached(ctx, d, name, scope, args, func() ([]T, int, error) {
		out := []T{}
		err := d.query(ctx, name, scope, func(rows *sql.Rows) error {
			v, err := scanRow(rows)
			out = append(out, v)
			return err
		}, args...)
		return out, len(out), err
	})
}

// cached returns the answer to the named question with these arguments,
// computing it with build (which also returns its number of rows) when it
// is not known. The key is everything the question binds, so no argument
// can be left out of it.
func cached[T any](ctx context.Context, d *DB, name string, scope clusterscope.Scope, args []any, build func() (T, int, error)) (T, error) {
	if ctx.Value(uncachedKey{}) != nil {
		v, _, err := build()
		return v, err
	}
	key := []any{name, scope}
	for _, a := range args {
		if n, ok := a.(sql.NamedArg); ok {
			a = n.Value // names are the same on every ask of a question
		}
		key = append(key, a)
	}
	b, err := json.Marshal(key)
	if err != nil {
		v, _, err := build()
		return v, err
	}
	v, err := d.answers.Get(string(b), func() (any, int, error) { return build() })
	t, _ := v.(T)
	return t, err
}

type uncachedKey struct{}

// Uncached is ctx for questions answered without the answers' cache: for a
// caller that reads a large selection once, a part at a time (the 复核 of
// thousands of clusters, whose page is cached whole), so that its parts
// neither evict what other pages share nor stay on the heap.
func Uncached(ctx context.Context) context.Context {
	return context.WithValue(ctx, uncachedKey{}, true)
}

// query runs a named question under the read lock. The user's scope is
// bound to every question; the selected() macro applies it.
func (d *DB) query(ctx context.Context, name string, scope clusterscope.Scope, scan func(*sql.Rows) error, args ...any) error {
	// Past a few at once, more questions only share the same cores and
	// each needs its own working memory: the rest wait their turn here.
	select {
	case d.gate <- struct{}{}:
		defer func() { <-d.gate }()
	case <-ctx.Done():
		return fmt.Errorf("query %s: %w", name, ctx.Err())
	}
	d.mu.RLock()
	defer d.mu.RUnlock()
	args = append(args, sql.Named("scope_province", scope.Province), sql.Named("scope_city", scope.City),
		sql.Named("scope_county", scope.County))
	st, err := d.prepared(ctx, name)
	if err != nil {
		return fmt.Errorf("query %s: %w", name, err)
	}
	rows, err := st.QueryContext(ctx, st.bound(args)...)
	if err != nil {
		return fmt.Errorf("query %s: %w", name, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("query %s: %w", name, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("query %s: %w", name, err)
	}
	return nil
}

// prepared is the named question prepared on the database in use, once:
// planning a question through the selected() macro costs as much as
// running it on the wide tables. The caller holds d.mu's read lock.
func (d *DB) prepared(ctx context.Context, name string) (*statement, error) {
	d.stmtMu.Lock()
	defer d.stmtMu.Unlock()
	if st := d.stmts[name]; st != nil {
		return st, nil
	}
	text := SQL(name)
	prep, err := d.db.PrepareContext(ctx, text)
	if err != nil {
		return nil, err
	}
	st := &statement{Stmt: prep, params: map[string]bool{}}
	for _, m := range paramName.FindAllStringSubmatch(text, -1) {
		st.params[m[1]] = true
	}
	if d.stmts == nil {
		d.stmts = map[string]*statement{}
	}
	d.stmts[name] = st
	return st, nil
}

// statement is a prepared question and the parameters its text names.
type statement struct {
	*sql.Stmt
	params map[string]bool
}

var paramName = regexp.MustCompile(`\$([a-z_]+)`)

// bound keeps the named arguments the statement takes: a prepared
// statement refuses others, and every question is given the scope's.
func (st *statement) bound(args []any) []any {
	var out []any
	for _, a := range args {
		if n, ok := a.(sql.NamedArg); !ok || st.params[n.Name] {
			out = append(out, a)
		}
	}
	return out
}

// forgetStatements closes the prepared questions: the database or its
// tables change. The caller holds d.mu's write lock.
func (d *DB) forgetStatements() {
	d.stmtMu.Lock()
	defer d.stmtMu.Unlock()
	for _, st := range d.stmts {
		st.Close()
	}
	d.stmts = nil
}

// Exec runs a named question and discards its rows (tests and warm-up).
func (d *DB) Exec(ctx context.Context, name string, scope clusterscope.Scope, args ...any) error {
	return d.query(ctx, name, scope, func(*sql.Rows) error { return nil }, args...)
}

// interner makes each distinct string of an answer once: ids, names and
// codes repeat over many rows, and a lookup by string(b) does not copy b.
type interner map[string]string

func (m interner) of(b []byte) string {
	s, ok := m[string(b)]
	if !ok {
		s = string(b)
		m[s] = s
	}
	return s
}
