package etl

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"time"

	"clusterscope"
	"clusterscope/etl/workbook"
	"clusterscope/warehouse"
)

// Intake is clusterscope.Intake over a warehouse: the browser's way in,
// through the very Read, LoadFiles and audit of `clusterscope validate` and
// `clusterscope load --as`.
type Intake struct {
	W *warehouse.Warehouse
	// Wait is how long Store waits for another load (the CLI's, another
	// upload's) to release the lock before answering that it is busy.
	Wait time.Duration
}

var _ clusterscope.Intake = (*Intake)(nil)

// busyRetry is how often Store tries the lock again while it waits.
const busyRetry = 200 * time.Millisecond

// Check reads and validates each file and, when it has no error, checks its
// clusters against the owners the warehouse holds now, for u's scope (Store
// checks again, under the lock). It stores nothing.
func (in *Intake) Check(ctx context.Context, u clusterscope.User, files []clusterscope.Upload) ([]clusterscope.FileResult, error) {
	if !u.CanLoad() {
		return nil, clusterscope.Errorf(clusterscope.EFORBIDDEN, "用户 %s（%s）无权载入数据", u.Name, u.Role.Label())
	}
	out := make([]clusterscope.FileResult, len(files))
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		res, input, err := prepare(f.Path, u.Name, u.Scope, false)
		r := clusterscope.FileResult{Upload: f, Problems: res.Problems, Outcome: clusterscope.UploadRefused}
		var ve *clusterscope.ValidationError
		switch {
		case errors.As(err, &ve):
		case err != nil:
			return nil, err
		default:
			r.SHA256 = input.SHA256
			owners, err := in.W.OwnersOf(res.Clusters)
			if err != nil {
				return nil, err
			}
			refused, moves := clusterscope.CheckOwners(filepath.Base(f.Path), input.Observations, owners, u.Scope)
			r.Problems, r.Moves = append(r.Problems, refused...), moves
			r.Places, r.Clusters = places(res, owners), res.Clusters
			if len(refused) == 0 {
				r.Outcome = clusterscope.UploadChecked
			}
		}
		out[i] = r
	}
	return out, nil
}

// Store loads the files as `clusterscope load --as u` does, and audits each
// new load. While another load holds the lock it tries again, for Wait;
// then it is EUNAVAILABLE and nothing of the files is stored.
func (in *Intake) Store(ctx context.Context, u clusterscope.User, files []clusterscope.Upload) ([]clusterscope.FileResult, error) {
	if !u.CanLoad() {
		return nil, clusterscope.Errorf(clusterscope.EFORBIDDEN, "用户 %s（%s）无权载入数据", u.Name, u.Role.Label())
	}
	list := make([]File, len(files))
	for i, f := range files {
		list[i] = File{Path: f.Path, Synthetic: DemoFile(f.Name)}
	}
	deadline := time.Now().Add(in.Wait)
	for {
		out, busy, err := in.store(u, files, list)
		if err != nil || !busy {
			return out, err
		}
		if time.Now().After(deadline) {
			return nil, clusterscope.Errorf(clusterscope.EUNAVAILABLE, "另一个载入正在进行，请稍后再试（已等待 %d 秒）", int(in.Wait.Seconds()))
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(busyRetry):
		}
	}
}

// store is one try of Store: busy when the lock was held and nothing was
// stored, so the whole try may be made again.
func (in *Intake) store(u clusterscope.User, files []clusterscope.Upload, list []File) (out []clusterscope.FileResult, busy bool, err error) {
	var keys []clusterscope.ClusterKey
	var read []Result
	LoadFiles(in.W, list, u.Name, u.Scope, func() {}, func(res Result, lerr error) {
		r := clusterscope.FileResult{Upload: files[len(out)], Problems: res.Problems, Outcome: clusterscope.UploadRefused}
		var ve *clusterscope.ValidationError
		switch {
		case errors.As(lerr, &ve):
			r.Problems = ve.Problems
		case warehouse.Busy(lerr):
			busy, r.Error = true, clusterscope.ErrorMessage(lerr)
		case lerr != nil:
			r.Error = clusterscope.ErrorMessage(lerr)
		default:
			r.SHA256, r.Load, r.Moves = res.Load.SHA256, &res.Load, res.Moves
			r.Outcome = clusterscope.UploadRepeated
			if res.Fresh {
				r.Outcome = clusterscope.UploadLoaded
				if aerr := AuditLoad(in.W, u.Name, "", res); aerr != nil && err == nil {
					err = aerr
				}
			}
			keys = append(keys, res.Clusters...)
		}
		out, read = append(out, r), append(read, res)
	})
	if busy && len(keys) == 0 {
		return nil, true, nil
	}
	if err != nil {
		return nil, false, err
	}
	// Where the stored files' clusters are now: whoever may download them again.
	owners, err := in.W.OwnersOf(keys)
	if err != nil {
		return nil, false, err
	}
	for i := range out {
		if out[i].Load != nil {
			out[i].Places, out[i].Clusters = places(read[i], owners), read[i].Clusters
		}
	}
	return out, false, nil
}

// places are the distinct places of a file's clusters: those its
// applications give, else those the warehouse holds.
func places(res Result, owners map[clusterscope.ClusterKey]clusterscope.Owner) []clusterscope.Place {
	var out []clusterscope.Place
	seen := map[clusterscope.Place]bool{}
	for _, k := range res.Clusters {
		p, ok := res.Places[k]
		if !ok {
			o, known := owners[k]
			if !known || !o.Application {
				continue
			}
			p = o.Place
		}
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// Template writes the blank workbook of the kind for the batch, as
// `clusterscope template` does.
func (in *Intake) Template(w io.Writer, kind clusterscope.TemplateKind, batch int) error {
	k := workbook.Kind(kind)
	if k != workbook.Application && k != workbook.FollowUp {
		return clusterscope.Errorf(clusterscope.EINVALID, "模板类型「%s」无效：应为 application（申报表）或 followup（年度跟踪报告）", kind)
	}
	if batch < clusterscope.FirstBatch || batch > clusterscope.LastBatch {
		return clusterscope.Errorf(clusterscope.EINVALID, "批次「%d」无效：应为 %d–%d 之间的年份", batch, clusterscope.FirstBatch, clusterscope.LastBatch)
	}
	return workbook.Template(w, k, batch)
}
