package queries

import (
	"context"
	"database/sql"

	"clusterscope"
)

// Filter selects clusters; zero values select everything (within scope).
type Filter struct {
	Batch           int
	Province        string
	City            string
	IndustryType    string
	LeadingIndustry string
	Status          string // "", "recognised" or "candidate"
	Q               string // part of a name, or a cluster id
}

func (f Filter) args() []any {
	return []any{sql.Named("batch", f.Batch), sql.Named("province", f.Province), sql.Named("city", f.City),
		sql.Named("industry_type", f.IndustryType), sql.Named("leading_industry", f.LeadingIndustry),
		sql.Named("status", f.Status), sql.Named("q", f.Q)}
}

// Option is a value a filter can take, with its number of clusters.
type Option struct {
	Value    string `json:"value"`
	Clusters int    `json:"clusters"`
}

// FilterOptions answers filter.Options: per filter name, its values.
func (d *DB) FilterOptions(ctx context.Context, scope clusterscope.Scope, f Filter) (map[string][]Option, error) {
	args := f.args()
	return cached(ctx, d, "filter.Options", scope, args, func() (map[string][]Option, int, error) {
		out, n := map[string][]Option{}, 0
		err := d.query(ctx, "filter.Options", scope, func(rows *sql.Rows) error {
			var name string
			var o Option
			err := rows.Scan(&name, &o.Value, &o.Clusters)
			out[name] = append(out[name], o)
			n++ // rows, not names, count against the bound
			return err
		}, args...)
		return out, n, err
	})
}
