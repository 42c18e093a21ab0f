package docx

import (
	"archive/zip"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"

	"clusterscope"
	"clusterscope/dashboard/words"
	"clusterscope/etl/notice"
	"clusterscope/etl/ooxml"
)

// docxFormat names the document in the package checks' messages.
var docxFormat = ooxml.Format{
	Noun:   clusterscope.M("ooxml.document"),
	OLE:    clusterscope.M("docx.old_format"),
	NotZip: clusterscope.M("docx.not_zip"),
}

// Read reads a filled 申报表 or follow-up report (.docx). name is the file
// name used in problems. It returns the typed observations and every
// problem, each naming the part, the table, the row's label and the year
// column; at locates each observation for the problems found later. It
// never panics on any input: a file that is no Word document, or no 申报表,
// is one clear problem. The observations of the values that were fine are
// returned all the same, except when the cover's cluster id or batch is
// wrong.
func Read(r io.ReaderAt, size int64, name string) (obs []clusterscope.Observation, probs []clusterscope.Problem, at Places) {
	defer func() {
		if v := recover(); v != nil {
			obs, probs, at = nil, []clusterscope.Problem{fileProblem(name, clusterscope.M("docx.corrupt"))}, Places{}
		}
	}()
	zr, msg := ooxml.Check(r, size, docxFormat)
	if !msg.IsZero() {
		return nil, []clusterscope.Problem{fileProblem(name, msg)}, Places{}
	}
	body, msg := mainPart(zr)
	if !msg.IsZero() {
		return nil, []clusterscope.Problem{fileProblem(name, msg)}, Places{}
	}
	blocks, err := parseBody(body)
	if err != nil {
		return nil, []clusterscope.Problem{fileProblem(name, clusterscope.M("docx.bad_body"))}, Places{}
	}
	rd := &reader{name: name, cat: clusterscope.DefaultCatalog()}
	obs, probs = rd.read(blocks)
	return obs, probs, rd.at
}

func fileProblem(name string, msg clusterscope.Message) clusterscope.Problem {
	return words.Posed(clusterscope.Problem{Severity: clusterscope.SevError, File: name}, msg)
}

// mainPart unpacks the document's main part, found as Word finds it: by
// the package's relationships, else at word/document.xml.
func mainPart(zr *zip.Reader) ([]byte, clusterscope.Message) {
	files := map[string]*zip.File{}
	for _, zf := range zr.File {
		files[strings.TrimPrefix(strings.ReplaceAll(zf.Name, `\`, "/"), "/")] = zf
	}
	target := "word/document.xml"
	if rels := files["_rels/.rels"]; rels != nil {
		if b, err := ooxml.ReadPart(rels); err == nil {
			if t := officeDocument(b); t != "" {
				target = strings.TrimPrefix(path.Clean("/"+t), "/")
			}
		}
	}
	zf := files[target]
	if zf == nil {
		if files["xl/workbook.xml"] != nil {
			return nil, clusterscope.M("docx.is_workbook")
		}
		return nil, docxFormat.NotZip
	}
	b, err := ooxml.ReadPart(zf)
	if err != nil {
		return nil, ooxml.UnpackProblem(docxFormat, zf.Name)
	}
	return b, clusterscope.Message{}
}

var officeDocRel = regexp.MustCompile(`<Relationship\b[^>]*Type="[^"]*/officeDocument"[^>]*>`)
var targetAttr = regexp.MustCompile(`Target="([^"]*)"`)

func officeDocument(rels []byte) string {
	m := officeDocRel.Find(rels)
	if m == nil {
		return ""
	}
	if t := targetAttr.FindSubmatch(m); t != nil {
		return string(t[1])
	}
	return ""
}

// place is where a value is in the document.
type place struct {
	part *part
	row  string
	col  string
}

// set puts the place into a problem; a place without a row (a part, the
// plan) names no table.
func (p place) set(pr *clusterscope.Problem) {
	pr.Part, pr.Row, pr.Column = p.part.name(), p.row, p.col
	if p.row != "" {
		pr.Table = p.part.tname
	}
}

type key struct {
	field string
	year  int
}

// got is a value as read from one place: its text, or bad when a problem
// was said about it already.
type got struct {
	text string
	at   place
	bad  bool
}

type reader struct {
	name  string
	cat   *clusterscope.Catalog
	lo    *layout
	id    string
	batch int
	rep   int // the follow-up report's year

	got   map[key][]got
	order []key
	want  map[key]want
	own   map[string]bool // own target codes read
	fixed map[string]bool // part 八's own lines (planTexts)
	at    Places
	obs   []clusterscope.Observation
	probs []clusterscope.Problem
}

// want is a value the form asks for: its kind, whether it is required,
// the row's unit, and its place.
type want struct {
	kind     clusterscope.Kind
	required bool
	unit     string
	label    string
	at       place
}

func (rd *reader) problem(sev clusterscope.Severity, at *place, field string, m clusterscope.Message) {
	p := words.Posed(clusterscope.Problem{Severity: sev, File: rd.name, Field: field}, m)
	if at != nil {
		at.set(&p)
	}
	if field != "" {
		p.Label = rd.labelOf(field)
	}
	rd.probs = append(rd.probs, p)
}

func (rd *reader) errorf(at *place, field string, m clusterscope.Message) {
	rd.problem(clusterscope.SevError, at, field, m)
}

func (rd *reader) labelOf(field string) string {
	if code, ok := strings.CutPrefix(field, "target."); ok {
		code, _, _ = strings.Cut(code, ":")
		if t := rd.cat.Target(code); t != nil {
			return "目标：" + t.Label
		}
		return "目标：" + code
	}
	if strings.HasPrefix(field, "#") {
		return ""
	}
	return rd.cat.Label(field)
}

// sections are the blocks of each part of the document, by the part's
// heading; the cover is what comes before part 一.
type sections struct {
	kind   Kind
	blocks map[int][]block
	seen   map[int]bool
}

// split finds the title and the parts' headings.
func split(blocks []block) (*sections, clusterscope.Message) {
	s := &sections{blocks: map[int][]block{}, seen: map[int]bool{0: true}}
	title := -1
	for i, b := range blocks {
		if b.para == nil {
			continue
		}
		switch norm(b.para.text) {
		case norm(notice.Title):
			s.kind = Application
		case norm(notice.FollowUpTitle):
			s.kind = FollowUp
		default:
			continue
		}
		title = i
		break
	}
	if title < 0 {
		return nil, clusterscope.M("docx.no_title", notice.Title, notice.FollowUpTitle)
	}
	headings := map[string]int{}
	for n := 1; n <= 9; n++ {
		headings[norm(notice.Part(n))] = n
	}
	headings[norm("八、发展目标指标")] = 8
	cur := 0
	for _, b := range blocks[title+1:] {
		if b.para != nil {
			if n, ok := headings[norm(b.para.text)]; ok && !s.seen[n] {
				cur, s.seen[n] = n, true
				continue
			}
		}
		s.blocks[cur] = append(s.blocks[cur], b)
	}
	return s, clusterscope.Message{}
}

func (rd *reader) read(blocks []block) ([]clusterscope.Observation, []clusterscope.Problem) {
	s, msg := split(blocks)
	if !msg.IsZero() {
		return nil, []clusterscope.Problem{fileProblem(rd.name, msg)}
	}
	if !rd.meta(s) {
		return nil, rd.probs
	}
	rd.lo = newLayout(rd.cat, s.kind, rd.batch)
	rd.got, rd.want = map[key][]got{}, map[key]want{}
	for _, p := range rd.lo.parts {
		rd.expect(p)
		if !s.seen[p.n] {
			rd.errorf(&place{part: p}, "", clusterscope.M("docx.part_missing", p.heading))
			for _, k := range rd.partKeys(p) {
				rd.at.unread(k.field)
			}
			continue
		}
		rd.readPart(p, s.blocks[p.n])
	}
	rd.resolve()
	return rd.obs, rd.probs
}

// meta reads the cover's cluster id, batch and report year before the rest:
// the batch gives the form's years. ok is false, with a problem, when one
// cannot be read.
func (rd *reader) meta(s *sections) bool {
	cover := newPart(0)
	texts := map[string]string{}
	for _, b := range s.blocks[0] {
		if b.tbl == nil {
			continue
		}
		for _, r := range b.tbl.rows {
			if len(r.cells) >= 2 {
				k := norm(r.cells[0].text)
				if _, dup := texts[k]; !dup {
					texts[k] = strings.TrimSpace(foldString(joinCells(r.cells[1:])))
				}
			}
		}
	}
	get := func(label string) (string, bool) {
		v, ok := texts[norm(label)]
		if !ok {
			rd.errorf(&place{part: cover, row: label}, "", clusterscope.M("docx.cover_row_missing", label))
		} else if v == "" {
			rd.errorf(&place{part: cover, row: label}, "", clusterscope.M("form.fill_in", label))
			return "", false
		}
		return v, ok
	}
	batchLabel := labelBatch
	if s.kind == FollowUp {
		batchLabel = "认定批次（年度）"
	}
	id, ok1 := get(labelClusterID)
	bt, ok2 := get(batchLabel)
	ok := ok1 && ok2
	if ok1 && !clusterscope.ValidClusterID(id) {
		rd.errorf(&place{part: cover, row: labelClusterID}, "", clusterscope.M("entry.bad_cluster_id", id))
		ok = false
	}
	b, err := strconv.Atoi(yearText(bt))
	if ok2 && (err != nil || b < clusterscope.FirstBatch || b > clusterscope.LastBatch) {
		rd.errorf(&place{part: cover, row: batchLabel}, "", clusterscope.M("docx.bad_batch", bt, clusterscope.FirstBatch, clusterscope.LastBatch))
		ok = false
	}
	rd.id, rd.batch = id, b
	if s.kind == FollowUp && ok {
		rt, ok3 := get(labelReport)
		y, err := strconv.Atoi(yearText(rt))
		if ok3 && (err != nil || y < b || y > b+clusterscope.FollowUpYears) {
			rd.errorf(&place{part: cover, row: labelReport}, "", clusterscope.M("form.bad_report_year", rt, b, b+clusterscope.FollowUpYears))
			ok3 = false
		}
		rd.rep, ok = y, ok3
	}
	return ok
}

// yearText is a year as typed on the cover (2022, 2022年, 2022年度) without its words.
func yearText(s string) string {
	return strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(s), "度"), "年")
}

func joinCells(cs []*dcell) string {
	var parts []string
	for _, c := range cs {
		if t := strings.TrimSpace(c.text); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, "\n")
}

// expect registers the values of a part, in the form's order.
func (rd *reader) expect(p *part) {
	for _, t := range p.tables {
		for _, r := range t.rows {
			for _, c := range r.cells {
				if c.val == nil || strings.HasPrefix(c.val.field, "#") {
					continue
				}
				at := place{part: p, row: r.name, col: c.val.col}
				if c.val.ticks {
					for _, o := range c.val.opts {
						rd.wantKey(key{o.field, 0}, at, clusterscope.KindCheck, "")
					}
					continue
				}
				rd.wantKey(key{c.val.field, c.val.year}, at, c.val.kind, r.unit(rd.cat))
			}
		}
	}
	if p.n == 8 && rd.lo.kind == Application {
		rd.wantKey(key{"plan_text", 0}, place{part: p}, clusterscope.KindText3000, "")
	}
}

// unit is the unit of a row's values: its field's, or its target's.
func (r *row) unit(cat *clusterscope.Catalog) string {
	for _, c := range r.cells {
		if c.val == nil {
			continue
		}
		if code, ok := strings.CutPrefix(c.val.field, "target."); ok {
			if t := cat.Target(code); t != nil {
				return t.Unit
			}
		}
		if f := cat.Field(c.val.field); f != nil {
			return f.Unit
		}
	}
	return ""
}

func (rd *reader) wantKey(k key, at place, kind clusterscope.Kind, unit string) {
	if _, ok := rd.want[k]; ok {
		return // a field the form asks in two places: the first names it
	}
	required := rd.lo.kind == Application
	if f := rd.cat.Field(k.field); f != nil {
		required = required && f.Required
	}
	rd.want[k] = want{kind: kind, required: required, unit: unit, at: at}
	rd.order = append(rd.order, k)
	rd.at.mark(k.field, k.year, at)
}

// partKeys are the values of the part.
func (rd *reader) partKeys(p *part) []key {
	var ks []key
	for _, k := range rd.order {
		if rd.want[k].at.part == p {
			ks = append(ks, k)
		}
	}
	return ks
}

// put records a value read at a place.
func (rd *reader) put(k key, text string, at place) {
	rd.got[k] = append(rd.got[k], got{text: text, at: at})
}

// spoil records that a value was not read: a problem said why.
func (rd *reader) spoil(k key, at place) {
	rd.got[k] = append(rd.got[k], got{at: at, bad: true})
	rd.at.unread(k.field)
}
