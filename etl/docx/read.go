package docx

import (
	"archive/zip"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"

	"clusterscope"
	"clusterscope/etl/notice"
	"clusterscope/etl/ooxml"
)

// docxFormat names the document in the package checks' messages.
var docxFormat = ooxml.Format{
	Noun: "文档",
	OLE: "文件是旧版 Word 97-2003 文档（.doc）或已加密：请用 Word 或 WPS 打开，去除密码，" +
		"用「另存为」保存为 Word 文档（.docx）后上传",
	NotZip: "不是 Word 文档（.docx）文件：请用系统下载的申报表 Word 模板填写后上传",
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
			obs, probs, at = nil, []clusterscope.Problem{fileProblem(name, "文件已损坏，无法读取：请用 Word 或 WPS 打开后另存为 .docx 再上传")}, Places{}
		}
	}()
	zr, msg := ooxml.Check(r, size, docxFormat)
	if msg != "" {
		return nil, []clusterscope.Problem{fileProblem(name, msg)}, Places{}
	}
	body, msg := mainPart(zr)
	if msg != "" {
		return nil, []clusterscope.Problem{fileProblem(name, msg)}, Places{}
	}
	blocks, err := parseBody(body)
	if err != nil {
		return nil, []clusterscope.Problem{fileProblem(name, "文档内容无法解析（word/document.xml 已损坏）：请用 Word 或 WPS 打开后另存为 .docx 再上传")}, Places{}
	}
	rd := &reader{name: name, cat: clusterscope.DefaultCatalog()}
	obs, probs = rd.read(blocks)
	return obs, probs, rd.at
}

func fileProblem(name, msg string) clusterscope.Problem {
	return clusterscope.Problem{Severity: clusterscope.SevError, File: name, Message: msg}
}

// mainPart unpacks the document's main part, found as Word finds it: by
// the package's relationships, else at word/document.xml.
func mainPart(zr *zip.Reader) ([]byte, string) {
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
			return nil, "这是 Excel 工作簿，不是 Word 文档：请把文件扩展名改为 .xlsx 后上传"
		}
		return nil, docxFormat.NotZip
	}
	b, err := ooxml.ReadPart(zf)
	if err != nil {
		return nil, ooxml.UnpackProblem(docxFormat, zf.Name)
	}
	return b, ""
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

func (rd *reader) problem(sev clusterscope.Severity, at *place, field, format string, args ...any) {
	p := clusterscope.Problem{Severity: sev, File: rd.name, Field: field}.With(format, args...)
	if at != nil {
		at.set(&p)
	}
	if field != "" {
		p.Label = rd.labelOf(field)
	}
	rd.probs = append(rd.probs, p)
}

func (rd *reader) errorf(at *place, field, format string, args ...any) {
	rd.problem(clusterscope.SevError, at, field, format, args...)
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
func split(blocks []block) (*sections, string) {
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
		return nil, "不是中小企业特色产业集群申报表：文档中找不到标题「" + notice.Title + "」（或「" + notice.FollowUpTitle +
			"」）。请用系统下载的申报表 Word 模板填写，标题、各部分标题和表格的项目名称请勿改动"
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
	return s, ""
}

func (rd *reader) read(blocks []block) ([]clusterscope.Observation, []clusterscope.Problem) {
	s, msg := split(blocks)
	if msg != "" {
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
			rd.errorf(&place{part: p}, "", "缺少「%s」：文档中找不到这一部分的标题，请勿删除或改动申报表各部分的标题", p.heading)
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
			rd.errorf(&place{part: cover, row: label}, "", "封面缺少「%s」一行：请使用系统下载的申报表 Word 模板，封面的表格请勿删改", label)
		} else if v == "" {
			rd.errorf(&place{part: cover, row: label}, "", "请填写%s", label)
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
		rd.errorf(&place{part: cover, row: labelClusterID}, "", "集群编号「%s」无效：应为 1–64 位字母、数字、- 或 _", id)
		ok = false
	}
	b, err := strconv.Atoi(yearText(bt))
	if ok2 && (err != nil || b < clusterscope.FirstBatch || b > clusterscope.LastBatch) {
		rd.errorf(&place{part: cover, row: batchLabel}, "", "批次「%s」无效：应为 %d–%d 之间的年份", bt, clusterscope.FirstBatch, clusterscope.LastBatch)
		ok = false
	}
	rd.id, rd.batch = id, b
	if s.kind == FollowUp && ok {
		rt, ok3 := get(labelReport)
		y, err := strconv.Atoi(yearText(rt))
		if ok3 && (err != nil || y < b || y > b+clusterscope.FollowUpYears) {
			rd.errorf(&place{part: cover, row: labelReport}, "", "报告年度「%s」无效：应为 %d–%d", rt, b, b+clusterscope.FollowUpYears)
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
