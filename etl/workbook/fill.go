package workbook

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"clusterscope"
)

// Group is the observations of one workbook: a cluster's application
// (Report 0) or one of its yearly follow-up reports (Report the year).
type Group struct {
	Kind      Kind
	ClusterID string
	Batch     int
	Report    int
	Obs       []clusterscope.Observation
}

// Name is a file name for the group's workbook, without a folder:
// NX-ZW-001-2022-申报表.xlsx, NX-ZW-001-2022-2023年度报告.xlsx.
func (g Group) Name() string {
	if g.Kind == FollowUp {
		return fmt.Sprintf("%s-%d-%d年度报告.xlsx", g.ClusterID, g.Batch, g.Report)
	}
	return fmt.Sprintf("%s-%d-申报表.xlsx", g.ClusterID, g.Batch)
}

// Split groups observations (a long CSV's, say) by the workbook that holds
// them: one application per cluster and batch, one follow-up report per
// cluster, batch and report year. Groups come in the order their clusters
// first appear, each cluster's application before its reports, reports by
// year; within a group the observations keep their order.
func Split(obs []clusterscope.Observation) []Group {
	type key struct {
		id     string
		batch  int
		report int
	}
	index := map[key]int{}
	clusterRank := map[key]int{}
	var groups []Group
	for _, o := range obs {
		k := key{o.ClusterID, o.Batch, o.Report}
		i, ok := index[k]
		if !ok {
			ck := key{o.ClusterID, o.Batch, 0}
			if _, seen := clusterRank[ck]; !seen {
				clusterRank[ck] = len(clusterRank)
			}
			kind := Application
			if o.Report > 0 {
				kind = FollowUp
			}
			i = len(groups)
			index[k] = i
			groups = append(groups, Group{Kind: kind, ClusterID: o.ClusterID, Batch: o.Batch, Report: o.Report})
		}
		groups[i].Obs = append(groups[i].Obs, o)
	}
	slices.SortStableFunc(groups, func(a, b Group) int {
		ra, rb := clusterRank[key{a.ClusterID, a.Batch, 0}], clusterRank[key{b.ClusterID, b.Batch, 0}]
		if ra != rb {
			return ra - rb
		}
		return a.Report - b.Report
	})
	return groups
}

// Fill writes the workbook of the kind for the batch — the same workbook
// Template writes — filled with one cluster's observations as a person would
// type them: numbers as numbers, dates as date cells with a date format
// (yyyy-mm-dd, or yyyy-mm and yyyy for a month or a year), 是/否/不涉及 and
// the other choices as text, ticks as 是 or 否, texts as text. An
// application takes every field with its history years and part 八's
// targets, an applicant's own targets in the blank rows of the target sheet
// (at most five); a follow-up report takes the actuals of one report year,
// which goes on the cover. Read gives the observations back, except that a
// single-value field given with the year before the batch comes back with
// year 0 (the form has one cell for it) and, in an application, a tick that
// is not given comes back as false (an unticked box).
//
// Fill refuses observations the workbook has no cell for: of another
// cluster, batch or report, an unknown field or year, a sixth own target.
// Missing values are left blank, as a person leaves them; Read reports them.
func Fill(w io.Writer, kind Kind, batch int, obs []clusterscope.Observation) error {
	if !kind.valid() {
		return fmt.Errorf("workbook fill: unknown kind %q", kind)
	}
	if batch < clusterscope.FirstBatch || batch > clusterscope.LastBatch {
		return fmt.Errorf("workbook fill: batch %d outside %d–%d", batch, clusterscope.FirstBatch, clusterscope.LastBatch)
	}
	if len(obs) == 0 {
		return fmt.Errorf("workbook fill: no observations")
	}
	fm := newForm(clusterscope.DefaultCatalog(), kind, batch)
	f := excelize.NewFile()
	defer f.Close()
	tw := &templateWriter{f: f, fm: fm}
	if err := tw.write(); err != nil {
		return fmt.Errorf("workbook fill %s %d: %w", kind, batch, err)
	}
	fl := &filler{tw: tw, fm: fm, kind: kind, batch: batch, cells: map[string]string{}, own: map[string]int{}}
	if err := fl.fill(obs); err != nil {
		return fmt.Errorf("workbook fill %s %s %d: %w", obs[0].ClusterID, kind, batch, err)
	}
	if tw.err != nil {
		return fmt.Errorf("workbook fill %s %s %d: %w", obs[0].ClusterID, kind, batch, tw.err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("workbook fill %s %s %d: write: %w", obs[0].ClusterID, kind, batch, err)
	}
	return nil
}

// place is where a line sits: its sheet, the line and its worksheet row.
type place struct {
	s   *sheet
	l   line
	row int
}

type filler struct {
	tw     *templateWriter
	fm     *form
	kind   Kind
	batch  int
	places map[string]place  // by code
	cells  map[string]string // sheet!cell → the field that filled it
	own    map[string]int    // own target code → its #ownN row's place index (1-based)
	dates  map[string]int    // date styles by number format
}

func (fl *filler) fill(obs []clusterscope.Observation) error {
	fl.places = map[string]place{}
	for _, s := range fl.fm.sheets {
		for i, l := range s.lines {
			if l.code != "" {
				fl.places[l.code] = place{s: s, l: l, row: s.row(i)}
			}
		}
	}
	id, report := obs[0].ClusterID, obs[0].Report
	if !clusterscope.ValidClusterID(id) {
		return fmt.Errorf("cluster id %q is not valid", id)
	}
	if fl.kind == Application && report != 0 {
		return fmt.Errorf("%s is a follow-up actual of %d, not part of an application", obs[0].Field, report)
	}
	if fl.kind == FollowUp && (report < fl.batch || report > fl.batch+clusterscope.FollowUpYears) {
		return fmt.Errorf("%s %d is no follow-up actual of batch %d", obs[0].Field, obs[0].Year, fl.batch)
	}
	fl.meta(codeClusterID, id)
	if fl.kind == FollowUp {
		fl.meta(codeReportYear, report)
	}
	for _, o := range obs {
		switch {
		case o.ClusterID != id || o.Batch != fl.batch:
			return fmt.Errorf("%s %d and %s %d in one workbook", id, fl.batch, o.ClusterID, o.Batch)
		case o.Report != report:
			return fmt.Errorf("%s: report %d and %d in one workbook", o.Field, report, o.Report)
		}
		if err := fl.observation(o); err != nil {
			return err
		}
	}
	return nil
}

// meta writes a cover cell: the cluster id as text, a year as a number.
func (fl *filler) meta(code string, v any) {
	p := fl.places[code]
	fl.tw.check(fl.tw.f.SetCellValue(p.s.name, cell(colValue, p.row), v))
}

func (fl *filler) observation(o clusterscope.Observation) error {
	if code, ok := strings.CutPrefix(o.Field, "target."); ok && fl.kind == Application {
		if code, meta, _ := strings.Cut(code, ":"); clusterscope.DefaultCatalog().Target(code) == nil {
			return fl.ownTarget(o, code, meta)
		}
	}
	p, ok := fl.places[o.Field]
	if !ok || p.l.typ != lineValue {
		return fmt.Errorf("%s: the %s workbook has no row for it", o.Field, fl.kind)
	}
	col := colValue
	switch {
	case p.l.years != nil:
		j := slices.Index(p.l.years, o.Year)
		if j < 0 {
			return fmt.Errorf("%s: the workbook has no column for the year %d", o.Field, o.Year)
		}
		col += j
	case fl.kind == FollowUp && o.Year != o.Report:
		return fmt.Errorf("%s: year %d in the report on %d", o.Field, o.Year, o.Report)
	case fl.kind == Application && o.Year != 0 && o.Year != fl.batch-1:
		return fmt.Errorf("%s: a single value with the year %d", o.Field, o.Year)
	}
	return fl.set(p.s.name, col, p.row, p.l.kind, o)
}

// ownTarget writes a row of an applicant's own target: name in B, unit in
// C, values by year, code in H, direction in I.
func (fl *filler) ownTarget(o clusterscope.Observation, code, meta string) error {
	n, ok := fl.own[code]
	if !ok {
		n = len(fl.own) + 1
		if n > ownTargets {
			return fmt.Errorf("%s: the target sheet has rows for %d own targets", o.Field, ownTargets)
		}
		fl.own[code] = n
		p := fl.places[fmt.Sprintf("#own%d", n)]
		if err := fl.set(p.s.name, colExtra, p.row, clusterscope.KindText, clusterscope.Observation{Field: o.Field, Text: code}); err != nil {
			return err
		}
	}
	p := fl.places[fmt.Sprintf("#own%d", n)]
	switch meta {
	case "label":
		return fl.set(p.s.name, colLabel, p.row, clusterscope.KindText, o)
	case "unit":
		return fl.set(p.s.name, colUnit, p.row, clusterscope.KindText, o)
	case "direction":
		dir := map[string]string{"up": "越高越好", "down": "越低越好"}[o.Text]
		if dir == "" {
			return fmt.Errorf("%s: direction %q", o.Field, o.Text)
		}
		o.Text = dir
		return fl.set(p.s.name, colNote, p.row, clusterscope.KindText, o)
	case "":
		j := slices.Index(p.l.years, o.Year)
		if j < 0 {
			return fmt.Errorf("%s: the target sheet has no column for the year %d", o.Field, o.Year)
		}
		return fl.set(p.s.name, colValue+j, p.row, clusterscope.KindNumber, o)
	}
	return fmt.Errorf("%s: unknown target attribute %q", o.Field, meta)
}

// set writes one value into a cell as a person types it.
func (fl *filler) set(sh string, col, row int, k clusterscope.Kind, o clusterscope.Observation) error {
	f, ref := fl.tw.f, cell(col, row)
	if prev, dup := fl.cells[sh+"!"+ref]; dup {
		return fmt.Errorf("%s and %s both go to %s!%s", prev, o.Field, sh, ref)
	}
	fl.cells[sh+"!"+ref] = o.Field
	switch {
	case k.Numeric():
		v, err := number(o)
		if err != nil {
			return err
		}
		return f.SetCellFloat(sh, ref, v, -1, 64)
	case k == clusterscope.KindCheck:
		tick := "否"
		if o.Text == "true" {
			tick = "是"
		}
		return f.SetCellStr(sh, ref, tick)
	case k == clusterscope.KindDate:
		return fl.date(sh, ref, o)
	}
	return f.SetCellStr(sh, ref, o.Text)
}

func number(o clusterscope.Observation) (float64, error) {
	if o.Num != nil {
		return *o.Num, nil
	}
	v, err := strconv.ParseFloat(o.Text, 64)
	if err != nil {
		return 0, fmt.Errorf("%s: %q is not a number", o.Field, o.Text)
	}
	return v, nil
}

// dateFormats are the number formats of a date by the precision of its
// canonical text: a day, a month, a year.
var dateFormats = []struct{ layout, format string }{
	{"2006-01-02", "yyyy-mm-dd"}, {"2006-01", "yyyy-mm"}, {"2006", "yyyy"},
}

// date writes a date as the serial number a spreadsheet stores, with a
// format that shows the precision it was given.
func (fl *filler) date(sh, ref string, o clusterscope.Observation) error {
	for _, d := range dateFormats {
		t, err := time.Parse(d.layout, o.Text)
		if err != nil {
			continue
		}
		style, err := fl.dateStyle(d.format)
		if err != nil {
			return err
		}
		days := t.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
		if err := fl.tw.f.SetCellFloat(sh, ref, days, 0, 64); err != nil {
			return err
		}
		return fl.tw.f.SetCellStyle(sh, ref, ref, style)
	}
	return fmt.Errorf("%s: %q is not a date", o.Field, o.Text)
}

// dateStyle is the template's date input style with the number format.
func (fl *filler) dateStyle(format string) (int, error) {
	if id, ok := fl.dates[format]; ok {
		return id, nil
	}
	st, err := fl.tw.f.GetStyle(fl.tw.st["date"])
	if err != nil {
		return 0, err
	}
	st.NumFmt, st.CustomNumFmt = 0, &format
	id, err := fl.tw.f.NewStyle(st)
	if err != nil {
		return 0, err
	}
	if fl.dates == nil {
		fl.dates = map[string]int{}
	}
	fl.dates[format] = id
	return id, nil
}
