// Package etl reads applications and follow-up reports (long CSV, JSON,
// Excel workbooks and Word documents), validates them against the form's catalog and loads
// each valid file into the warehouse — all of a file or nothing of it.
package etl

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"strings"

	"clusterscope"
	"clusterscope/etl/docx"
	"clusterscope/etl/workbook"
	"clusterscope/warehouse"
)

// MaxFileSize refuses files no real application comes near, before reading them.
const MaxFileSize = 64 << 20

// Result is what happened to one file.
type Result struct {
	File     string
	Load     clusterscope.Load
	Fresh    bool // false: this exact file was loaded before, nothing changed
	Problems []clusterscope.Problem
	Moves    []clusterscope.Move // clusters the load put in another region (audited)
	// Clusters are the entries the file holds and the places its
	// applications give them, once it is read and valid.
	Clusters []clusterscope.ClusterKey
	Places   map[clusterscope.ClusterKey]clusterscope.Place
}

// Read reads one file by its extension (.csv: ReadCSV, .json: ReadJSON,
// .xlsx: workbook.Read, .docx: docx.Read)
// and validates it (Validate) without loading it. It returns the
// observations, every problem (errors and warnings) and the file's SHA-256.
func Read(path string) ([]clusterscope.Observation, []clusterscope.Problem, string, error) {
	name := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, "", clusterscope.Errorf(clusterscope.EINVALID, "无法打开 %s：%v", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, "", fmt.Errorf("read %s: %w", path, err)
	}
	if st.Size() > MaxFileSize {
		return nil, []clusterscope.Problem{fileProblem(clusterscope.SevError, name,
			clusterscope.M("file.too_big", st.Size()>>20, MaxFileSize>>20))}, "", nil
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, nil, "", fmt.Errorf("read %s: %w", path, err)
	}
	sum := sha256.Sum256(data)
	if lock := lockProblem(name); lock != nil {
		return nil, lock, hex.EncodeToString(sum[:]), nil
	}
	var (
		obs      []clusterscope.Observation
		problems []clusterscope.Problem
	)
	opt := checkOptions{unread: map[string]bool{}}
	switch ext := strings.ToLower(filepath.Ext(name)); ext {
	case ".csv":
		obs, problems = ReadCSV(data, name)
	case ".json":
		obs, problems = ReadJSON(data, name)
		cat := clusterscope.DefaultCatalog()
		opt.at = func(o clusterscope.Observation) (string, string) { return "", jsonPath(cat, o) }
	case ".xlsx", ".xls": // workbook.Read explains that an old .xls must be saved as .xlsx
		var cells workbook.Cells
		obs, problems, cells = workbook.Read(bytes.NewReader(data), int64(len(data)), name)
		opt.at = cells.Of
	case ".docx", ".doc": // docx.Read explains that an old .doc must be saved as .docx
		var at docx.Places
		obs, problems, at = docx.Read(bytes.NewReader(data), int64(len(data)), name)
		opt.place = at.Place
		maps.Copy(opt.unread, at.Unread())
	default:
		problems = unsupported(name, ext)
	}
	for _, p := range problems {
		opt.unread[p.Field] = true
	}
	problems = append(problems, validate(name, obs, opt)...)
	problems = append(openProblems(path), problems...)
	return obs, problems, hex.EncodeToString(sum[:]), nil
}

// LoadFile validates one file and, if it has no errors, stores it as one
// load. A file with any error stores nothing and returns a
// *clusterscope.ValidationError listing every problem. Every cluster of the
// file must lie within scope, the loader's region, and not be stored for
// another region already (the warehouse checks, under its lock).
func LoadFile(w *warehouse.Warehouse, path, by string, scope clusterscope.Scope, synthetic bool) (Result, error) {
	res, in, err := prepare(path, by, scope, synthetic)
	if err != nil {
		return res, err
	}
	out, err := w.LoadAll([]warehouse.Input{in})
	if err != nil {
		return res, err
	}
	return stored(res, out[0])
}

// stored is a file's result once the warehouse has taken or refused it.
func stored(res Result, st warehouse.Stored) (Result, error) {
	if st.Refused != nil {
		res.Problems = append(res.Problems, st.Refused...)
		return res, &clusterscope.ValidationError{File: res.File, Problems: res.Problems}
	}
	res.Load, res.Fresh, res.Moves = st.Load, st.Fresh, st.Moves
	return res, nil
}

// File is one file to load, and whether its data is synthetic (演示数据).
type File struct {
	Path      string
	Synthetic bool
}

// maxBatchRows bounds the observations LoadFiles holds before storing them.
const maxBatchRows = 1 << 19

// LoadFiles loads files as LoadFile does, each all or nothing, but stores
// the valid ones several at a time under one manifest replace (see
// warehouse.LoadAll). read is called after each file is read, done with each
// file's result, in order, once its batch is stored; a storage failure fails
// the files of its batch, and those before are kept.
func LoadFiles(w *warehouse.Warehouse, files []File, by string, scope clusterscope.Scope, read func(), done func(Result, error)) {
	type pending struct {
		res   Result
		err   error
		input int // in batch; -1 when refused
	}
	var queue []pending
	var batch []warehouse.Input
	rows := 0
	flush := func() {
		var out []warehouse.Stored
		var err error
		if len(batch) > 0 {
			out, err = w.LoadAll(batch)
		}
		for _, p := range queue {
			if p.input >= 0 {
				if p.err = err; err == nil {
					p.res, p.err = stored(p.res, out[p.input])
				}
			}
			done(p.res, p.err)
		}
		queue, batch, rows = nil, nil, 0
	}
	for _, f := range files {
		res, in, err := prepare(f.Path, by, scope, f.Synthetic)
		read()
		p := pending{res: res, err: err, input: -1}
		if err == nil {
			p.input = len(batch)
			batch = append(batch, in)
			rows += len(in.Observations)
		}
		queue = append(queue, p)
		if rows >= maxBatchRows {
			flush()
		}
	}
	flush()
}

// prepare reads and validates a file for storing.
func prepare(path, by string, scope clusterscope.Scope, synthetic bool) (Result, warehouse.Input, error) {
	res := Result{File: path}
	obs, problems, sum, err := Read(path)
	if err != nil {
		return res, warehouse.Input{}, err
	}
	res.Problems = problems
	for _, p := range problems {
		if p.Severity == clusterscope.SevError {
			return res, warehouse.Input{}, &clusterscope.ValidationError{File: path, Problems: problems}
		}
	}
	res.Clusters, res.Places = clusterscope.Claims(obs)
	return res, warehouse.Input{File: path, SHA256: sum, By: by, Synthetic: synthetic, Observations: obs, Scope: scope}, nil
}

// DemoFile reports whether the file is one of the demo's own, which say
// what they are in their names (演示数据-…): its data is synthetic.
func DemoFile(path string) bool { return strings.HasPrefix(filepath.Base(path), "演示数据") }

// AuditLoad records a new load of res in the audit log: who, the file, the
// load and the file's SHA-256. The CLI and the browser's uploads both call it.
func AuditLoad(w *warehouse.Warehouse, by, ip string, res Result) error {
	return w.Audit(clusterscope.AuditEntry{Who: by, Action: clusterscope.AuditLoad, Target: res.File, IP: ip,
		Detail: fmt.Sprintf("第 %d 次载入，%d 行，SHA-256 %s", res.Load.ID, res.Load.Rows, res.Load.SHA256)})
}

// loadable is whether a file's type is one Read reads.
func loadable(p string) bool {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".csv", ".xlsx", ".xls", ".json", ".docx", ".doc":
		return true
	}
	return false
}
