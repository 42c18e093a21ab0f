package queries

import (
	"context"
	"database/sql"

	"clusterscope"
)

// Applications answers assess.Applications: each selected cluster's
// application, indexed for the assessment, in batch and id order.
func (d *DB) Applications(ctx context.Context, scope clusterscope.Scope, f Filter) ([]*clusterscope.ClusterData, error) {
	return cached(d, func() ([]*clusterscope.ClusterData, int, error) {
		n := 0
		var (
			out  []*clusterscope.ClusterData
			cur  clusterscope.Cluster
			obs  []clusterscope.Observation
			have bool
		)
		flush := func() {
			if have {
				out = append(out, clusterscope.NewClusterData(cur, obs))
			}
			obs = nil
		}
		err := d.query(ctx, "assess.Applications", scope, func(rows *sql.Rows) error {
			var c clusterscope.Cluster
			var o clusterscope.Observation
			var year sql.NullInt64
			if err := rows.Scan(&c.ID, &c.Batch, &c.Name, &c.Province, &c.City, &c.County, &c.LeadingIndustry,
				&c.IndustryType, &c.Recognised, &o.Field, &year, &o.AsOf, &o.Text, &o.Num); err != nil {
				return err
			}
			if !have || c.ID != cur.ID || c.Batch != cur.Batch {
				flush()
				cur, have = c, true
			}
			o.ClusterID, o.Batch, o.Year = c.ID, c.Batch, int(year.Int64)
			obs = append(obs, o)
			n++
			return nil
		}, f.args()...)
		flush()
		return out, n, err
	}, "assess.Applications", scope, f)
}
