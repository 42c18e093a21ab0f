package docx

import (
	"regexp"
	"strconv"
	"strings"

	"clusterscope"
)

// keys are the texts a label cell is known by, as norms.
func (c cell) keys() map[string]bool {
	k := map[string]bool{norm(c.text): true, norm(c.text + c.note): true}
	for _, a := range c.alts {
		k[norm(a)], k[norm(a+c.note)] = true, true
	}
	return k
}

// blank is a row with nothing typed in it (a merged label above aside).
func blank(r *drow) bool {
	for _, c := range r.cells {
		if !c.merged && strings.TrimSpace(c.text) != "" {
			return false
		}
	}
	return true
}

// rowText is a row's text for a message.
func rowText(r *drow) string {
	var parts []string
	for _, c := range r.cells {
		if t := strings.TrimSpace(strings.ReplaceAll(c.text, "\n", " ")); t != "" {
			parts = append(parts, t)
		}
	}
	s := []rune(strings.Join(parts, " | "))
	if len(s) > 40 {
		s = append(s[:40], '…')
	}
	return string(s)
}

// partReader reads one part's rows.
type partReader struct {
	rd       *reader
	p        *part
	specs    []*row
	keys     map[*row][]map[string]bool
	matched  map[*row]bool
	lastHead map[*row]*drow
	anchor   string
	targets  *drow // part 八's target header, once found
	plan     []string
	strange  bool // a table of part 八 that is not the target table was seen
}

func (rd *reader) readPart(p *part, blocks []block) {
	pr := &partReader{rd: rd, p: p, keys: map[*row][]map[string]bool{}, matched: map[*row]bool{}, lastHead: map[*row]*drow{}}
	for _, t := range p.tables {
		for _, r := range t.rows {
			if r.own {
				continue
			}
			pr.specs = append(pr.specs, r)
			for i := 0; i < r.lead; i++ {
				pr.keys[r] = append(pr.keys[r], r.cells[i].keys())
			}
		}
	}
	if rd.fixed == nil {
		rd.fixed = planTexts(rd.cat, rd.batch)
	}
	for _, b := range blocks {
		if b.para != nil {
			if t := strings.TrimSpace(b.para.text); p.n == 8 && rd.lo.kind == Application && t != "" && !rd.fixed[norm(t)] {
				pr.plan = append(pr.plan, t)
			}
			continue
		}
		for _, r := range b.tbl.rows {
			if !blank(r) {
				pr.row(r)
			}
		}
	}
	for _, s := range pr.specs {
		if pr.matched[s] || s.fixed {
			continue
		}
		at := place{part: p, row: s.name}
		what := "docx.row_not_found"
		if s.head {
			what = "docx.header_not_found"
		}
		rd.errorf(&at, firstField(s), clusterscope.M(what, s.name))
		for _, c := range s.cells {
			if c.val != nil {
				pr.spoilValue(s, c)
			}
		}
	}
	if p.n == 8 && rd.lo.kind == Application {
		rd.put(key{"plan_text", 0}, strings.Join(pr.plan, "\n"), place{part: p})
		if pr.strange {
			rd.problem(clusterscope.SevWarning, &place{part: p}, "", clusterscope.M("docx.extra_table"))
		}
	}
}

func firstField(s *row) string {
	for _, c := range s.cells {
		if c.val != nil && !strings.HasPrefix(c.val.field, "#") {
			if c.val.ticks {
				return c.val.opts[0].field
			}
			return c.val.field
		}
	}
	return ""
}

// spoilValue records the values of a cell as not read.
func (pr *partReader) spoilValue(s *row, c cell) {
	at := place{part: pr.p, row: s.name, col: c.val.col}
	if c.val.ticks {
		for _, o := range c.val.opts {
			pr.rd.spoil(key{o.field, 0}, at)
		}
		return
	}
	pr.rd.spoil(key{c.val.field, c.val.year}, at)
}

// match finds the layout's row for a row of the document by its leading
// labels: among rows of the same labels, the one under the row matched
// last, else the first not yet matched. dup is a row matched before.
func (pr *partReader) match(r *drow) (s *row, dup bool) {
	var cands []*row
	for _, sp := range pr.specs {
		if len(r.cells) < sp.lead {
			continue
		}
		ok := true
		for i, k := range pr.keys[sp] {
			if !k[norm(r.cells[i].text)] {
				ok = false
				break
			}
		}
		if ok {
			cands = append(cands, sp)
		}
	}
	for _, c := range cands {
		if c.under != "" && c.under == pr.anchor && !pr.matched[c] {
			return c, false
		}
	}
	for _, c := range cands {
		if !pr.matched[c] {
			return c, false
		}
	}
	if len(cands) > 0 {
		return cands[0], true
	}
	return nil, false
}

func (pr *partReader) row(r *drow) {
	s, dup := pr.match(r)
	if s == nil {
		s = pr.headerByYears(r)
	}
	switch {
	case s == nil && pr.targets != nil && (r.tbl == pr.targets.tbl || r.tbl.cols == pr.targets.tbl.cols):
		pr.ownTarget(r)
	case s == nil && pr.p.n == 8:
		pr.strange = true
	case s == nil:
		pr.rd.problem(clusterscope.SevWarning, &place{part: pr.p}, "", clusterscope.M("docx.extra_row", rowText(r)))
	case dup && !s.head && !s.fixed && !pr.valuesBlank(s, r):
		pr.rd.errorf(&place{part: pr.p, row: s.name}, firstField(s), clusterscope.M("docx.row_twice", s.name))
		for _, c := range s.cells {
			if c.val != nil {
				pr.spoilValue(s, c)
			}
		}
	case dup:
	default:
		pr.matched[s] = true
		if s.under == "" {
			pr.anchor = s.name
		}
		switch {
		case s.head:
			pr.lastHead[s] = r
			pr.checkHeader(s, r)
			if pr.p.n == 8 {
				pr.targets = r
			}
		case !s.fixed:
			pr.values(s, r)
		}
	}
}

// valuesBlank reports whether a row has nothing after its labels.
func (pr *partReader) valuesBlank(s *row, r *drow) bool {
	for _, c := range r.cells[min(s.lead, len(r.cells)):] {
		if strings.TrimSpace(c.text) != "" && !c.merged {
			return false
		}
	}
	return true
}

// headerByYears finds a header not yet seen by its years, when its label
// cells were merged or reworded: the row names every year of the header.
func (pr *partReader) headerByYears(r *drow) *row {
	for _, s := range pr.specs {
		if !s.head || pr.matched[s] {
			continue
		}
		n := 0
		for _, c := range s.cells[s.lead:] {
			switch y := yearOf(c.text); {
			case y == 0:
			case headerCell(r, 0, y) == nil:
				n = -1
			default:
				n++
			}
			if n < 0 {
				break
			}
		}
		if n > 0 {
			return s
		}
	}
	return nil
}

var yearPattern = regexp.MustCompile(`(19|20)\d\d`)

// yearOf is the year a header cell names (2019年, 2021年基准值), or 0.
func yearOf(text string) int {
	m := yearPattern.FindString(foldString(text))
	y, _ := strconv.Atoi(m)
	return y
}

// checkHeader checks that a header has the years of the form's batch.
func (pr *partReader) checkHeader(s *row, r *drow) {
	for _, c := range s.cells[s.lead:] {
		y := yearOf(c.text)
		if y == 0 || headerCell(r, 0, y) != nil {
			continue
		}
		var have []string
		for _, d := range r.cells[min(s.lead, len(r.cells)):] {
			if t := strings.TrimSpace(d.text); t != "" {
				have = append(have, t)
			}
		}
		pr.rd.errorf(&place{part: pr.p, row: s.name}, "", clusterscope.M("docx.header_year", c.text, clusterscope.M("join.list", have), pr.rd.batch))
	}
}

// headerCell is the cell of a header row that names the year.
func headerCell(h *drow, from, year int) *dcell {
	for _, c := range h.cells[min(from, len(h.cells)):] {
		if yearOf(c.text) == year {
			return c
		}
	}
	return nil
}

// values reads the values of a matched row: a value between two labels is
// the cells between them; a yearly value is the cell under its year in the
// header above (and under its sub-header, 主持数量).
func (pr *partReader) values(s *row, r *drow) {
	pos := s.lead
	var pending *cell
	var byHead []cell
	for _, c := range s.cells[s.lead:] {
		switch {
		case c.val == nil:
			j := pos
			k := c.keys()
			for j < len(r.cells) && !k[norm(r.cells[j].text)] {
				j++
			}
			if j == len(r.cells) {
				pr.rd.errorf(&place{part: pr.p, row: s.name}, firstField(s), clusterscope.M("docx.cell_missing", c.text))
				for _, x := range s.cells {
					if x.val != nil {
						pr.spoilValue(s, x)
					}
				}
				return
			}
			if pending != nil {
				pr.value(s, *pending, r.cells[pos:j])
				pending = nil
			}
			pos = j + 1
		case c.val.year != 0 && !c.val.byRow && s.header != nil:
			byHead = append(byHead, c)
		default:
			cc := c
			pending = &cc
		}
	}
	if pending != nil {
		pr.value(s, *pending, r.cells[min(pos, len(r.cells)):])
	}
	for _, c := range byHead {
		at := place{part: pr.p, row: s.name, col: c.val.col}
		cells, msg := pr.underHeader(s.header, s.subHead, r, s.lead, c.val.year, c.val.sub)
		if !msg.IsZero() {
			pr.rd.errorf(&at, c.val.field, msg)
			pr.rd.spoil(key{c.val.field, c.val.year}, at)
			continue
		}
		pr.value(s, c, cells)
	}
}

// underHeader finds the cells of row r from its cell from on that sit
// under the header's cell of the year (and its sub-header's cell named
// sub): they share grid columns. msg says why there are none.
func (pr *partReader) underHeader(head, subHead *row, r *drow, from, year int, sub string) ([]*dcell, clusterscope.Message) {
	h := pr.lastHead[head]
	if h == nil {
		return nil, clusterscope.M("docx.no_year_header")
	}
	hc := headerCell(h, 0, year)
	if hc == nil {
		return nil, clusterscope.M("docx.year_not_in_header", year)
	}
	if h.tbl != r.tbl && h.tbl.cols != r.tbl.cols {
		return nil, clusterscope.M("docx.split_table")
	}
	lo, hi := hc.start, hc.end
	if sub != "" {
		sh := pr.lastHead[subHead]
		var found *dcell
		if sh != nil {
			for _, c := range sh.cells {
				if norm(c.text) == norm(sub) && c.start < hi && c.end > lo {
					found = c
				}
			}
		}
		if found == nil {
			return nil, clusterscope.M("docx.sub_not_in_header", year, sub)
		}
		lo, hi = found.start, found.end
	}
	var out []*dcell
	for _, c := range r.cells[min(from, len(r.cells)):] {
		if c.start < hi && c.end > lo {
			if c.start < lo || c.end > hi {
				return nil, clusterscope.M("docx.merged_years")
			}
			out = append(out, c)
		}
	}
	return out, clusterscope.Message{}
}
