package queries

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"

	"clusterscope"
)

// AssessApplications answers assess.Applications: each selected cluster's
// application, indexed for the assessment, in batch and id order.
func (d *DB) AssessApplications(ctx context.Context, scope clusterscope.Scope, f Filter) ([]*clusterscope.ClusterData, error) {
	args := f.args()
	return cached(d, "assess.Applications", scope, args, func() ([]*clusterscope.ClusterData, int, error) {
		type group struct {
			c   clusterscope.Cluster
			obs []clusterscope.Observation
		}
		type key struct {
			id    string
			batch int
		}
		var groups []*group
		index := map[key]*group{}
		// Ids and field codes are a few thousand strings over a million rows:
		// each is made once.
		names := map[string]string{}
		intern := func(b []byte) string {
			s, ok := names[string(b)] // a lookup by string(b) does not copy b
			if !ok {
				s = string(b)
				names[s] = s
			}
			return s
		}
		var id, field sql.RawBytes
		var g *group
		n := 0
		err := d.query(ctx, "assess.Applications", scope, func(rows *sql.Rows) error {
			var o clusterscope.Observation
			var year sql.NullInt64
			var text sql.NullString
			var recognised bool
			if err := rows.Scan(&id, &o.Batch, &recognised, &field, &year, &o.AsOf, &text, &o.Num); err != nil {
				return err
			}
			o.ClusterID, o.Field, o.Year, o.Text = intern(id), intern(field), int(year.Int64), numText(text, o.Num)
			if g == nil || g.c.ID != o.ClusterID || g.c.Batch != o.Batch {
				k := key{o.ClusterID, o.Batch}
				if g = index[k]; g == nil {
					g = &group{c: clusterscope.Cluster{ID: o.ClusterID, Batch: o.Batch, Recognised: recognised}}
					index[k] = g
					groups = append(groups, g)
				}
			}
			g.obs = append(g.obs, o)
			n++
			return nil
		}, args...)
		if err != nil {
			return nil, 0, err
		}
		slices.SortFunc(groups, func(a, b *group) int {
			return cmp.Or(cmp.Compare(a.c.Batch, b.c.Batch), strings.Compare(a.c.ID, b.c.ID))
		})
		out := make([]*clusterscope.ClusterData, len(groups))
		for i, g := range groups {
			out[i] = clusterscope.NewClusterData(g.c, g.obs) // names and places from the cover page
			if out[i].Cluster.Name == "" {
				out[i].Cluster.Name = g.c.ID // as view.Clusters names a cluster without a name
			}
		}
		return out, n, nil
	})
}
