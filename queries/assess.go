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
// application, indexed for the assessment, in batch and id order. Its
// texts and targets come from assess.Applications, its figures from
// assess.Figures.
func (d *DB) AssessApplications(ctx context.Context, scope clusterscope.Scope, f Filter) ([]*clusterscope.ClusterData, error) {
	args := f.args()
	return cached(ctx, d, "assess.Applications", scope, args, func() ([]*clusterscope.ClusterData, int, error) {
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
		// Ids and field codes are a few thousand strings over a million rows.
		intern := interner{}.of
		n := 0
		add := func(o clusterscope.Observation, recognised bool) {
			k := key{o.ClusterID, o.Batch}
			g := index[k]
			if g == nil {
				g = &group{c: clusterscope.Cluster{ID: o.ClusterID, Batch: o.Batch, Recognised: recognised}}
				index[k] = g
				groups = append(groups, g)
			}
			g.obs = append(g.obs, o)
			n++
		}
		if err := d.AssessFigures(ctx, scope, f, intern, add); err != nil {
			return nil, 0, err
		}
		var id, field sql.RawBytes
		err := d.query(ctx, "assess.Applications", scope, func(rows *sql.Rows) error {
			var o clusterscope.Observation
			var year sql.NullInt64
			var text sql.NullString
			var recognised bool
			if err := rows.Scan(&id, &o.Batch, &recognised, &field, &year, &o.AsOf, &text, &o.Num); err != nil {
				return err
			}
			o.ClusterID, o.Field, o.Year, o.Text = intern(id), intern(field), int(year.Int64), numText(text, o.Num)
			add(o, recognised)
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

// AssessFigures answers assess.Figures: it passes add each figure of the
// selected clusters' applications as an observation of the application
// (the cluster's id made by intern), with whether the cluster is a
// recognised one. It keeps nothing: AssessApplications keeps the whole.
func (d *DB) AssessFigures(ctx context.Context, scope clusterscope.Scope, f Filter, intern func([]byte) string,
	add func(o clusterscope.Observation, recognised bool)) error {
	var id sql.RawBytes
	var batch, year int
	var recognised bool
	return d.figureRows(ctx, "assess.Figures", scope, f.args(), []any{&id, &batch, &recognised, &year},
		func() clusterscope.Observation {
			return clusterscope.Observation{ClusterID: intern(id), Batch: batch, Year: year, AsOf: year}
		},
		func(o clusterscope.Observation) { add(o, recognised) })
}

// figureRows runs a question whose rows are keys (scanned into keys) and
// then figures' column of each numeric code, in NumericCodes order, and
// passes add each number of a row as an observation: the row's keys as
// key makes them once it is scanned, with the code, the number and its
// text. A row's numbers are one allocation.
func (d *DB) figureRows(ctx context.Context, name string, scope clusterscope.Scope, args, keys []any,
	key func() clusterscope.Observation, add func(clusterscope.Observation)) error {
	codes := clusterscope.DefaultCatalog().NumericCodes()
	scanned := make([]sql.NullFloat64, len(codes))
	dest := slices.Clone(keys)
	for i := range scanned {
		dest = append(dest, &scanned[i])
	}
	return d.query(ctx, name, scope, func(rows *sql.Rows) error {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		row := key()
		values := make([]float64, len(codes))
		for i, v := range scanned {
			if v.Valid {
				values[i] = v.Float64
				o := row
				o.Field, o.Num = codes[i], &values[i]
				o.Text = numText(sql.NullString{}, o.Num)
				add(o)
			}
		}
		return nil
	}, args...)
}

// AssessCopies answers assess.Copies: the other applications of the batch
// that share a text or a contact with the cluster's, loosely matched, each
// with only those texts and its name. Beside the cluster's own application
// they are what clusterscope.ConsistencyOf needs, so that a profile does
// not read its whole batch.
func (d *DB) AssessCopies(ctx context.Context, scope clusterscope.Scope, batch int, id string) ([]*clusterscope.ClusterData, error) {
	args := []any{sql.Named("batch", batch), sql.Named("cluster_id", id)}
	return cached(ctx, d, "assess.Copies", scope, args, func() ([]*clusterscope.ClusterData, int, error) {
		var out []*clusterscope.ClusterData
		var c clusterscope.Cluster
		var obs []clusterscope.Observation
		flush := func() {
			if c.ID != "" {
				out = append(out, clusterscope.NewClusterData(c, obs))
			}
		}
		n := 0
		err := d.query(ctx, "assess.Copies", scope, func(rows *sql.Rows) error {
			var o clusterscope.Observation
			var name string
			var year sql.NullInt64
			if err := rows.Scan(&o.ClusterID, &name, &o.Field, &year, &o.AsOf, &o.Text); err != nil {
				return err
			}
			if o.ClusterID != c.ID {
				flush()
				c, obs = clusterscope.Cluster{ID: o.ClusterID, Batch: batch, Name: name}, nil
			}
			o.Batch, o.Year = batch, int(year.Int64)
			obs = append(obs, o)
			n++
			return nil
		}, args...)
		flush()
		return out, n, err
	})
}
