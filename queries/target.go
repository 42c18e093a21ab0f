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
	ClusterRef
	Code     string      `json:"code"`
	Baseline *float64    `json:"baseline"` // the year before the batch; nil when not given
	Targets  [3]*float64 `json:"targets"`  // the batch's three years (2022–2024 for 2022); the last is the 三年目标值
	Actuals  [3]*float64 `json:"actuals"`  // the actuals of those years; nil: no follow-up report for that year
}

// TargetProgress answers target.Progress. A cluster's names repeat on each
// of its targets' rows, and the answer is a whole batch's on the first
// 目标监测 page: each string is made once, each row's numbers in one
// allocation.
func (d *DB) TargetProgress(ctx context.Context, scope clusterscope.Scope, f Filter) ([]Progress, error) {
	var id, name, province, city, leading, code sql.RawBytes
	intern := interner{}.of
	var nums [7]sql.NullFloat64
	return ask(ctx, d, "target.Progress", scope, func(rows *sql.Rows) (p Progress, err error) {
		if err = rows.Scan(&id, &p.Batch, &name, &province, &city, &leading, &code,
			&nums[0], &nums[1], &nums[2], &nums[3], &nums[4], &nums[5], &nums[6]); err != nil {
			return p, err
		}
		p.ClusterID, p.Name, p.Province, p.City, p.LeadingIndustry, p.Code =
			intern(id), intern(name), intern(province), intern(city), intern(leading), intern(code)
		values := new([7]float64)
		ptrs := [7]**float64{&p.Baseline, &p.Targets[0], &p.Targets[1], &p.Targets[2], &p.Actuals[0], &p.Actuals[1], &p.Actuals[2]}
		for i, v := range nums {
			if v.Valid {
				values[i] = v.Float64
				*ptrs[i] = &values[i]
			}
		}
		return p, nil
	}, f.args()...)
}
