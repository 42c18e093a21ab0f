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
	return ask(ctx, d, "report.Received", scope, func(rows *sql.Rows) (r Receipt, err error) {
		var at string // as the warehouse writes it: RFC 3339, UTC
		var stated sql.NullString
		if err = rows.Scan(&r.ClusterID, &r.Batch, &r.Year, &at, &stated); err != nil {
			return r, err
		}
		r.Stated = stated.String
		if r.Loaded, err = time.Parse(time.RFC3339, at); err != nil {
			return r, fmt.Errorf("report %s/%d on %d: load time %q: %w", r.ClusterID, r.Batch, r.Year, at, err)
		}
		return r, nil
	}, f.args()...)
}

// ReportObservations answers report.Observations.
func (d *DB) ReportObservations(ctx context.Context, scope clusterscope.Scope, f Filter) ([]clusterscope.Observation, error) {
	return ask(ctx, d, "report.Observations", scope, func(rows *sql.Rows) (o clusterscope.Observation, err error) {
		var year sql.NullInt64
		var text sql.NullString
		err = rows.Scan(&o.ClusterID, &o.Batch, &o.Report, &o.Field, &year, &o.AsOf, &text, &o.Num)
		o.Year, o.Text = int(year.Int64), numText(text, o.Num)
		return o, err
	}, f.args()...)
}

// Contact is one contact field of a cluster's application.
type Contact struct {
	ClusterID string
	Batch     int
	Field     string
	Value     string
}

// ReportContacts answers report.Contacts.
func (d *DB) ReportContacts(ctx context.Context, scope clusterscope.Scope, f Filter) ([]Contact, error) {
	return ask(ctx, d, "report.Contacts", scope, func(rows *sql.Rows) (c Contact, err error) {
		var v sql.NullString
		err = rows.Scan(&c.ClusterID, &c.Batch, &c.Field, &v)
		c.Value = v.String
		return c, err
	}, f.args()...)
}
