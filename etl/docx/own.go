package docx

import (
	"fmt"
	"hash/fnv"
	"regexp"
	"strconv"
	"strings"

	"clusterscope"
	"clusterscope/etl/notice"
)

// Reading a value from its cells: text, ticks, a choice; and the own
// targets an applicant adds to the target table.

// value reads one value from its cells.
func (pr *partReader) value(s *row, c cell, cells []*dcell) {
	rd := pr.rd
	at := place{part: pr.p, row: s.name, col: c.val.col}
	fail := func(m clusterscope.Message) {
		field := c.val.field
		if c.val.ticks {
			field = c.val.opts[0].field
		}
		rd.errorf(&at, field, m)
		pr.spoilValue(s, c)
	}
	var texts []string
	for _, x := range cells {
		switch {
		case x.merged && strings.TrimSpace(x.text) != "":
			fail(clusterscope.M("docx.merged_with_above"))
			return
		case x.nested:
			fail(clusterscope.M("docx.nested_table"))
			return
		case x.conflict:
			fail(clusterscope.M("docx.tick_conflict"))
			return
		}
		if t := strings.TrimSpace(x.text); t != "" {
			texts = append(texts, t)
		}
	}
	if len(texts) > 1 {
		fail(clusterscope.M("docx.split_cell", quoted(texts)))
		return
	}
	text := strings.Join(texts, "")
	v := c.val
	switch {
	case v.ticks:
		found, on := ticked(text, v.opts)
		for i, o := range v.opts {
			k := key{o.field, 0}
			if !found[i] {
				rd.errorf(&at, o.field, clusterscope.M("docx.option_missing", quoted([]string{o.text})))
				rd.spoil(k, at)
				continue
			}
			rd.put(k, strconv.FormatBool(on[i]), at)
		}
	case len(v.opts) > 0:
		pr.choice(v, text, at)
	default:
		rd.put(key{v.field, v.year}, text, at)
	}
}

// choice reads a 是/否 (or other) choice: one option ticked.
func (pr *partReader) choice(v *value, text string, at place) {
	rd := pr.rd
	k := key{v.field, v.year}
	found, on := ticked(text, v.opts)
	var names, chosen, lost []string
	value := ""
	for i, o := range v.opts {
		names = append(names, o.text)
		if on[i] {
			chosen, value = append(chosen, o.text), o.value
		}
		if !found[i] {
			lost = append(lost, o.text)
		}
	}
	switch {
	case len(chosen) == 1 && len(lost) == 0, len(chosen) == 1 && len(lost) == len(v.opts)-1 && !strings.ContainsAny(text, "☐□"):
		rd.put(k, value, at)
	case len(chosen) > 1:
		rd.errorf(&at, v.field, clusterscope.M("docx.ticked_many", clusterscope.M("join.list", chosen)))
		rd.spoil(k, at)
	case len(lost) == len(v.opts) && strings.TrimSpace(text) != "":
		rd.errorf(&at, v.field, clusterscope.M("docx.tick_unknown", text, quoted(names)))
		rd.spoil(k, at)
	case len(lost) > 0:
		rd.errorf(&at, v.field, clusterscope.M("docx.option_missing", quoted(lost)))
		rd.spoil(k, at)
	default:
		rd.put(k, "", at) // nothing ticked: missing, if required
	}
}

// quoted is names each in 「」, one after another.
func quoted(names []string) clusterscope.Message {
	ms := make(clusterscope.Messages, len(names))
	for i, n := range names {
		ms[i] = clusterscope.M("text.quoted", n)
	}
	return clusterscope.M("join.concat", ms)
}

// ownTag is the hidden text the writer puts beside an own target's name:
// its code and direction.
var ownTag = regexp.MustCompile(`#([a-z][a-z0-9_]{0,47})(?:/(up|down))?`)

// dots are the form's "….." rows, which invite own targets.
func dots(s string) bool {
	return strings.Trim(norm(s), ".…。·") == ""
}

// ownTarget reads a row the applicant added to the target table: 方向,
// 指标 (its name), 单位 and the values under the header's years.
func (pr *partReader) ownTarget(r *drow) {
	rd := pr.rd
	if len(r.cells) < 3 {
		rd.problem(clusterscope.SevWarning, &place{part: pr.p}, "", clusterscope.M("docx.own_row_short", rowText(r)))
		return
	}
	label := strings.TrimSpace(r.cells[1].text)
	unit := strings.TrimSpace(r.cells[2].text)
	head := pr.specs[0]
	years := notice.TargetYears(rd.batch)
	cells := make([][]*dcell, len(years))
	empty := unit == ""
	for i, y := range years {
		cs, msg := pr.underHeader(head, nil, r, 3, y, "")
		if !msg.IsZero() {
			rd.errorf(&place{part: pr.p, row: label, col: fmt.Sprintf("%d 年", y)}, "", msg)
			return
		}
		cells[i] = cs
		empty = empty && strings.TrimSpace(joinCells(cs)) == ""
	}
	if dots(label) && empty {
		return
	}
	at := place{part: pr.p, row: label}
	if dots(label) {
		at.row = rowText(r)
		rd.errorf(&at, "", clusterscope.M("docx.own_name_missing"))
		return
	}
	for _, t := range rd.cat.Targets {
		if norm(t.Label) == norm(label) {
			rd.errorf(&at, "target."+t.Code, clusterscope.M("docx.own_is_template", label, t.Direction))
			rd.spoil(key{"target." + t.Code, 0}, at)
			return
		}
	}
	code, dir := "", ""
	if m := ownTag.FindStringSubmatch(r.cells[1].hidden); m != nil {
		code, dir = m[1], m[2]
	} else {
		h := fnv.New32a()
		h.Write([]byte(norm(label)))
		code = fmt.Sprintf("own_%08x", h.Sum32())
	}
	field := "target." + code
	if rd.own[code] || rd.cat.Target(code) != nil {
		rd.errorf(&at, field, clusterscope.M("docx.own_twice", label))
		return
	}
	if rd.own == nil {
		rd.own = map[string]bool{}
	}
	rd.own[code] = true
	w := want{kind: clusterscope.KindText}
	rd.at.mark(field, 0, at)
	rd.observe(field+":label", 0, label, at, w)
	if unit != "" {
		rd.observe(field+":unit", 0, unit, at, w)
	}
	if dir != "" {
		rd.observe(field+":direction", 0, dir, at, w)
	}
	for i, y := range years {
		yat := at
		yat.col = fmt.Sprintf("%d 年", y)
		rd.at.mark(field, y, yat)
		text := joinCells(cells[i])
		if text == "" {
			rd.errorf(&yat, field, clusterscope.M("form.own_value_missing", y))
			continue
		}
		rd.observe(field, y, text, yat, want{kind: clusterscope.KindNumber, unit: unit})
	}
}
