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
	return d.applications(ctx, "assess.Applications", scope, f, true)
}

// RecheckApplications answers assess.Applications without the long
// answers, which the 复核 does not read: the selected clusters'
// applications as AssessApplications gives them otherwise.
func (d *DB) RecheckApplications(ctx context.Context, scope clusterscope.Scope, f Filter) ([]*clusterscope.ClusterData, error) {
	return d.applications(ctx, "assess.Applications", scope, f, false)
}

// applications answers name (assess.Applications), with the long answers
// or without, and the figures from assess.Figures.
func (d *DB) applications(ctx context.Context, name string, scope clusterscope.Scope, f Filter, long bool) ([]*clusterscope.ClusterData, error) {
	args := append(f.args(), sql.Named("long_answers", long))
	return cached(ctx, d, name, scope, args, func() ([]*clusterscope.ClusterData, int, error) {
		type group struct {
			c    clusterscope.Cluster
			obs  []clusterscope.Observation
			figs []clusterscope.Figures
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
		of := func(id string, batch int, recognised bool) *group {
			k := key{id, batch}
			g := index[k]
			if g == nil {
				g = &group{c: clusterscope.Cluster{ID: id, Batch: batch, Recognised: recognised}}
				index[k] = g
				groups = append(groups, g)
			}
			return g
		}
		err := d.AssessFigures(ctx, scope, f, intern, func(id string, batch int, recognised bool, fig clusterscope.Figures) {
			g := of(id, batch, recognised)
			g.figs = append(g.figs, fig)
			n++
		})
		if err != nil {
			return nil, 0, err
		}
		var id, field sql.RawBytes
		err = d.query(ctx, name, scope, func(rows *sql.Rows) error {
			var o clusterscope.Observation
			var year sql.NullInt64
			var text sql.NullString
			var recognised bool
			if err := rows.Scan(&id, &o.Batch, &recognised, &field, &year, &o.AsOf, &text, &o.Num); err != nil {
				return err
			}
			o.ClusterID, o.Field, o.Year, o.Text = intern(id), intern(field), int(year.Int64), numText(text, o.Num)
			g := of(o.ClusterID, o.Batch, recognised)
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
			for _, fig := range g.figs {
				out[i].AddFigures(fig)
			}
			if out[i].Cluster.Name == "" {
				out[i].Cluster.Name = g.c.ID // as view.Clusters names a cluster without a name
			}
		}
		return out, n, nil
	})
}

// AssessFigures answers assess.Figures: it passes add each wide row of the
// selected clusters' applications (the cluster's id made by intern), with
// whether the cluster is a recognised one. It keeps nothing:
// AssessApplications keeps the whole.
func (d *DB) AssessFigures(ctx context.Context, scope clusterscope.Scope, f Filter, intern func([]byte) string,
	add func(id string, batch int, recognised bool, fig clusterscope.Figures)) error {
	var id sql.RawBytes
	var batch, year int
	var recognised bool
	return d.figureRows(ctx, "assess.Figures", scope, f.args(), []any{&id, &batch, &recognised, &year}, &year,
		func(fig clusterscope.Figures) { add(intern(id), batch, recognised, fig) })
}

// figureRows runs a question whose rows are keys (scanned into keys, the
// year among them) and then figures' column of each numeric code, in
// NumericCodes order, and passes add each row's numbers as Figures of the
// year: one allocation of values and one of flags per row.
func (d *DB) figureRows(ctx context.Context, name string, scope clusterscope.Scope, args, keys []any, year *int,
	add func(clusterscope.Figures)) error {
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
		fig := clusterscope.NewFigures(*year)
		for i, v := range scanned {
			fig.Values[i], fig.Has[i] = v.Float64, v.Valid
		}
		add(fig)
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
