package queries

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"clusterscope"
)

// Receipt is when one follow-up report of a cluster came.
type Receipt struct {
	ClusterID string
	Batch     int
	Year      int // the year reported on
	clusterscope.Receipt
}

// ReportReceived answers report.Received.
func (d *DB) ReportReceived(ctx context.Context, scope clusterscope.Scope, f Filter) ([]Receipt, error) {
	// a cluster's reports come together, a load's time is on all it
	// brought, and the stated days repeat: each is made once
	in := interner{}
	var id, at, stated sql.RawBytes // at: as the warehouse writes it, RFC 3339 UTC
	var lastID, lastAt string
	var loaded time.Time
	return ask(ctx, d, "report.Received", scope, func(rows *sql.Rows) (r Receipt, err error) {
		if err = rows.Scan(&id, &r.Batch, &r.Year, &at, &stated); err != nil {
			return r, err
		}
		if string(id) != lastID {
			lastID = string(id)
		}
		r.ClusterID, r.Stated = lastID, in.of(stated)
		if string(at) != lastAt || lastAt == "" {
			if loaded, err = time.Parse(time.RFC3339, string(at)); err != nil {
				return r, fmt.Errorf("report %s/%d on %d: load time %q: %w", r.ClusterID, r.Batch, r.Year, at, err)
			}
			lastAt = string(at)
		}
		r.Loaded = loaded
		return r, nil
	}, f.args()...)
}

// ReportObservations answers report.Observations: every follow-up report
// of the selected clusters (report > 0) as the 复核 reads it, its texts
// (not the long answers) from report.Observations, its numbers from
// report.Figures; not sorted.
func (d *DB) ReportObservations(ctx context.Context, scope clusterscope.Scope, f Filter) ([]*clusterscope.Report, error) {
	args := f.args()
	return cached(ctx, d, "report.Observations", scope, args, func() ([]*clusterscope.Report, int, error) {
		type key struct {
			id          string
			batch, year int
		}
		index := map[key]*clusterscope.Report{}
		var out []*clusterscope.Report
		of := func(id string, batch, year int) *clusterscope.Report {
			k := key{id, batch, year}
			r := index[k]
			if r == nil {
				r = clusterscope.NewReport(id, batch, year)
				index[k] = r
				out = append(out, r)
			}
			return r
		}
		n := 0
		intern := interner{}.of // ids and codes repeat over every row
		err := d.ReportFigures(ctx, scope, f, intern, func(id string, batch, report int, fig clusterscope.Figures) {
			of(id, batch, report).AddFigures(fig)
			n++
		})
		if err != nil {
			return nil, 0, err
		}
		var id, field sql.RawBytes
		err = d.query(ctx, "report.Observations", scope, func(rows *sql.Rows) error {
			o := clusterscope.Observation{}
			var year sql.NullInt64
			var text sql.NullString
			if err := rows.Scan(&id, &o.Batch, &o.Report, &field, &year, &o.AsOf, &text); err != nil {
				return err
			}
			o.ClusterID, o.Field, o.Year, o.Text = intern(id), intern(field), int(year.Int64), text.String
			of(o.ClusterID, o.Batch, o.Report).Add(o)
			n++
			return nil
		}, args...)
		return out, n, err
	})
}

// ReportFigures answers report.Figures: it passes add each wide row of the
// selected clusters' follow-up reports, with the report it belongs to (the
// cluster's id made by intern). It keeps nothing: ReportObservations keeps
// the whole.
func (d *DB) ReportFigures(ctx context.Context, scope clusterscope.Scope, f Filter, intern func([]byte) string,
	add func(id string, batch, report int, fig clusterscope.Figures)) error {
	var id sql.RawBytes
	var batch, report, year int
	return d.figureRows(ctx, "report.Figures", scope, f.args(), []any{&id, &batch, &report, &year}, &year,
		func(fig clusterscope.Figures) { add(intern(id), batch, report, fig) })
}

// ContactFields are the application's fields a reminder names, in the
// order of report.Contacts' columns.
var ContactFields = [...]string{"authority", "authority_contact", "authority_phone", "operator", "operator_contact", "operator_phone"}

// Contact is whom to remind of a cluster's reports: the application's value
// of each of ContactFields, "" where it gives none.
type Contact struct {
	ClusterID string
	Batch     int
	Values    [len(ContactFields)]string
}

// ReportContacts answers report.Contacts for the selected clusters among
// of (by batch and ID): one row per cluster whose application gives any of
// ContactFields. It is not kept in the answers' cache: the clusters asked
// are a page's own.
func (d *DB) ReportContacts(ctx context.Context, scope clusterscope.Scope, f Filter, of []clusterscope.Cluster) ([]Contact, error) {
	ids, batches := make([]string, len(of)), make([]int32, len(of))
	for i, c := range of {
		ids[i], batches[i] = c.ID, int32(c.Batch)
	}
	var out []Contact
	var v [len(ContactFields)]sql.NullString
	err := d.query(ctx, "report.Contacts", scope, func(rows *sql.Rows) error {
		var c Contact
		if err := rows.Scan(&c.ClusterID, &c.Batch, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]); err != nil {
			return err
		}
		for i := range v {
			c.Values[i] = v[i].String
		}
		out = append(out, c)
		return nil
	}, append(f.args(), sql.Named("ids", ids), sql.Named("batches", batches))...)
	return out, err
}
