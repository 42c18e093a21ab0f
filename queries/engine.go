package queries

import (
	"context"
	"database/sql"

	"clusterscope"
)

// Memory is what DuckDB holds now.
type Memory struct {
	InUse   int64 // bytes in memory
	Spilled int64 // bytes in its temporary files
}

// EngineMemory answers engine.Memory. It is never cached: it changes by
// the second.
func (d *DB) EngineMemory(ctx context.Context) (Memory, error) {
	var m Memory
	err := d.query(ctx, "engine.Memory", clusterscope.All, func(rows *sql.Rows) error {
		return rows.Scan(&m.InUse, &m.Spilled)
	})
	return m, err
}
