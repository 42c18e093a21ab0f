package queries

import (
	"context"
	"database/sql"

	"clusterscope"
)

// Progress is one numeric target of a cluster (part 八's, or the
// applicant's own) with its years side by side: the baseline and the stage
// targets as applied for, beside the follow-up actuals of the same code.
type Progress struct {
	ClusterID string      `json:"cluster_id"`
	Batch     int         `json:"batch"`
	Code      string      `json:"code"`
	Baseline  *float64    `json:"baseline"` // the year before the batch; nil when not given
	Targets   [3]*float64 `json:"targets"`  // the batch's three years (2022–2024 for 2022); the last is the 三年目标值
	Actuals   [3]*float64 `json:"actuals"`  // the actuals of those years; nil: no follow-up report for that year
}

// TargetProgress answers target.Progress a row at a time, for each to
// reduce: at 10,000 clusters the answer is some 100,000 rows, of which the
// 目标监测 page keeps one code's and counts the rest, so it is neither
// cached nor held. A cluster's id repeats on its targets' rows, which
// mostly come together, and the codes on every cluster's: each string is
// made about once.
// The numbers are read into the same array for every row: they are each's
// only during the call, and a caller that keeps one copies it.
func (d *DB) TargetProgress(ctx context.Context, scope clusterscope.Scope, f Filter, each func(Progress) error) error {
	var id, code sql.RawBytes
	var lastID string
	intern := interner{}.of
	var nums [7]sql.NullFloat64
	var row [7]float64
	return d.query(ctx, "target.Progress", scope, func(rows *sql.Rows) error {
		var p Progress
		if err := rows.Scan(&id, &p.Batch, &code, &nums[0], &nums[1], &nums[2], &nums[3], &nums[4], &nums[5], &nums[6]); err != nil {
			return err
		}
		if lastID != string(id) {
			lastID = string(id)
		}
		p.ClusterID, p.Code = lastID, intern(code)
		ptrs := [7]**float64{&p.Baseline, &p.Targets[0], &p.Targets[1], &p.Targets[2], &p.Actuals[0], &p.Actuals[1], &p.Actuals[2]}
		for i, v := range nums {
			if v.Valid {
				row[i] = v.Float64 // not a new array a row: 1,000,000 rows at 100,000 clusters
				*ptrs[i] = &row[i]
			}
		}
		return each(p)
	}, f.args()...)
}
