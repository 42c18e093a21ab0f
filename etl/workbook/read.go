package workbook

import (
	"archive/zip"
	"hash/crc32"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"clusterscope"
	"clusterscope/dashboard/words"
	"clusterscope/etl/ooxml"
)

// xlsx names the workbook in the package checks' messages.
var xlsx = ooxml.Format{
	Noun:   clusterscope.M("ooxml.workbook"),
	OLE:    clusterscope.M("xlsx.old_format"),
	NotZip: clusterscope.M("xlsx.not_zip"),
}

// Read reads a filled workbook. name is the file name used in problems. It
// returns the typed observations and every problem found (errors and
// warnings), each located by file, sheet, cell and field label. It never
// panics on any input; a file that is not a workbook or not ours is one clear
// problem. A caller refuses the file when any problem is an error; the
// observations of the cells that were fine are returned all the same, except
// when the cover's cluster id, batch or report year is wrong. cells tells
// the sheet and cell of each observation.
func Read(r io.ReaderAt, size int64, name string) (obs []clusterscope.Observation, probs []clusterscope.Problem, cells Cells) {
	defer func() {
		if v := recover(); v != nil {
			obs, probs, cells = nil, []clusterscope.Problem{fileProblem(name, clusterscope.M("xlsx.corrupt"))}, Cells{}
		}
	}()
	zr, msg := ooxml.Check(r, size, xlsx)
	if !msg.IsZero() {
		return nil, []clusterscope.Problem{fileProblem(name, msg)}, Cells{}
	}
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{
		RawCellValue: true, UnzipSizeLimit: MaxUnzippedSize, UnzipXMLSizeLimit: MaxUnzippedSize})
	if err != nil {
		if msg = unpackAll(zr); msg.IsZero() {
			msg = clusterscope.M("xlsx.cannot_open")
		}
		return nil, []clusterscope.Problem{fileProblem(name, msg)}, Cells{}
	}
	defer f.Close()
	if msg := checkParts(zr, f); !msg.IsZero() {
		return nil, []clusterscope.Problem{fileProblem(name, msg)}, Cells{}
	}
	rd := &reader{f: f, name: name, cat: clusterscope.DefaultCatalog()}
	obs, probs = rd.read()
	return obs, probs, rd.cells
}

func fileProblem(name string, msg clusterscope.Message) clusterscope.Problem {
	return words.Posed(clusterscope.Problem{Severity: clusterscope.SevError, File: name}, msg)
}

// Each part must be what the zip declares, its size and its checksum: the
// spreadsheet library silently keeps the first part of a part that unpacks
// to more than it says, or that is damaged. What it unpacks is bounded by
// the declared sizes checkPackage checked.

// checkParts compares each part excelize unpacked with its declared size
// and checksum, which spares unpacking the parts a second time; it returns
// the problem, or none.
func checkParts(zr *zip.Reader, f *excelize.File) clusterscope.Message {
	kept := map[string]*zip.File{}
	for _, zf := range zr.File {
		kept[pkgName(zf.Name)] = zf // of parts of one name, excelize keeps the last
	}
	for _, zf := range zr.File {
		b := part(f, pkgName(zf.Name))
		if kept[pkgName(zf.Name)] == zf && (uint64(len(b)) != zf.UncompressedSize64 ||
			zf.CRC32 != 0 && crc32.ChecksumIEEE(b) != zf.CRC32) { // archive/zip checks no checksum of 0 either
			return unpackProblem(zf.Name)
		}
	}
	return clusterscope.Message{}
}

// pkgName is the name excelize keeps a zip part under.
func pkgName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	switch strings.ToLower(name) {
	case "[content_types].xml":
		return "[Content_Types].xml"
	case strings.ToLower(sstPart):
		return sstPart
	}
	return name
}

// unpackAll unpacks every part, for the problem of a workbook excelize
// cannot open; it returns the problem, or none.
func unpackAll(zr *zip.Reader) clusterscope.Message {
	for _, zf := range zr.File {
		if _, err := ooxml.ReadPart(zf); err != nil {
			return unpackProblem(zf.Name)
		}
	}
	return clusterscope.Message{}
}

func unpackProblem(part string) clusterscope.Message { return ooxml.UnpackProblem(xlsx, part) }

// reader reads one opened workbook.
type reader struct {
	f        *excelize.File
	name     string
	cat      *clusterscope.Catalog
	fm       *form
	date1904 bool

	id     string
	batch  int
	report int
	metaOK bool
	owns   map[string]int // own target code → row

	paths  map[string]string // sheet name → worksheet part
	grids  map[string]*grid
	sst    []string
	sstErr error

	scratch     bool     // shown's scratch sheet is there
	scratchPart string   // the part excelize would make it in
	fmts        []string // number format code of each cell style, read on first use

	cells Cells

	obs   []clusterscope.Observation
	probs []clusterscope.Problem
}

func (rd *reader) problem(sev clusterscope.Severity, sheet, ref, field, label string, m clusterscope.Message) {
	rd.probs = append(rd.probs, words.Posed(clusterscope.Problem{Severity: sev, File: rd.name, Sheet: sheet, Cell: ref,
		Field: field, Label: label}, m))
}

func (rd *reader) errorf(sheet, ref string, l line, m clusterscope.Message) {
	rd.problem(clusterscope.SevError, sheet, ref, l.field, l.label, m)
}

func (rd *reader) read() ([]clusterscope.Observation, []clusterscope.Problem) {
	notOurs := []clusterscope.Problem{fileProblem(rd.name,
		clusterscope.M("xlsx.not_ours"))}
	sheets := rd.f.GetSheetList()
	if !slices.Contains(sheets, coverSheet) {
		return nil, notOurs
	}
	m := ""
	if g, err := rd.grid(coverSheet); err == nil {
		m = g.at("A1").value
	}
	kind, batch, ok := parseMarker(m)
	switch {
	case !ok && strings.HasPrefix(strings.TrimSpace(m), "clusterscope/"):
		return nil, []clusterscope.Problem{fileProblem(rd.name, clusterscope.M("xlsx.other_form", m))}
	case !ok:
		return nil, notOurs
	case batch < clusterscope.FirstBatch || batch > clusterscope.LastBatch:
		return nil, []clusterscope.Problem{fileProblem(rd.name, clusterscope.M("xlsx.marker_batch", m, batch))}
	}
	rd.fm = newForm(rd.cat, kind, batch)
	for _, dn := range rd.f.GetDefinedName() {
		if dn.Name == definedName && strings.Trim(dn.RefersTo, `="`) != m {
			rd.problem(clusterscope.SevError, coverSheet, "A1", "", "", clusterscope.M("xlsx.marker_name", definedName, dn.RefersTo))
		}
	}
	if p, _ := rd.f.GetWorkbookProps(); p.Date1904 != nil {
		rd.date1904 = *p.Date1904
	}
	for _, sh := range sheets {
		if visible, _ := rd.f.GetSheetVisible(sh); !visible {
			rd.problem(clusterscope.SevError, sh, "", "", "", clusterscope.M("xlsx.hidden_sheet"))
		}
		if rd.fm.sheet(sh) == nil {
			rd.problem(clusterscope.SevWarning, sh, "", "", "", clusterscope.M("xlsx.extra_sheet"))
		}
	}
	var found []*located
	for _, s := range rd.fm.sheets {
		if !slices.Contains(sheets, s.name) {
			rd.problem(clusterscope.SevError, s.name, "", "", "", clusterscope.M("xlsx.missing_sheet", s.name))
			continue
		}
		if loc := rd.locate(s); loc != nil {
			rd.checkMerges(loc)
			found = append(found, loc)
		}
	}
	rd.meta(found)
	for _, loc := range found {
		rd.values(loc)
	}
	if !rd.metaOK {
		return nil, rd.probs
	}
	return rd.obs, rd.probs
}

// meta reads the cover's cluster id, batch and report year.
func (rd *reader) meta(found []*located) {
	rd.id, rd.batch, rd.report, rd.metaOK = "X", rd.fm.batch, rd.fm.batch, false
	if len(found) == 0 || found[0].s.name != coverSheet {
		return
	}
	loc, ok := found[0], true
	for i, l := range loc.s.lines {
		r, has := loc.rows[i]
		if l.typ != lineMeta {
			continue
		}
		if !has {
			ok = false
			continue
		}
		ref := cell(colValue, r)
		v, good := rd.cellValue(loc.s.name, ref, l)
		switch n, err := strconv.Atoi(v); {
		case !good:
			ok = false
		case v == "":
			rd.errorf(loc.s.name, ref, l, clusterscope.M("form.fill_in", l.label))
			ok = false
		case l.code == codeClusterID && !clusterscope.ValidClusterID(v):
			rd.errorf(loc.s.name, ref, l, clusterscope.M("entry.bad_cluster_id", v))
			ok = false
		case l.code == codeClusterID:
			rd.id = v
		case l.code == codeBatch && (err != nil || n != rd.fm.batch):
			rd.errorf(loc.s.name, ref, l, clusterscope.M("xlsx.batch_mismatch", v, rd.fm.batch))
			ok = false
		case l.code == codeReportYear && (err != nil || n < rd.fm.batch || n > rd.fm.batch+clusterscope.FollowUpYears):
			rd.errorf(loc.s.name, ref, l, clusterscope.M("form.bad_report_year", v, rd.fm.batch, rd.fm.batch+clusterscope.FollowUpYears))
			ok = false
		case l.code == codeReportYear:
			rd.report = n
		}
	}
	rd.metaOK = ok
}
