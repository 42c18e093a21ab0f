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
	fail := func(format string, args ...any) {
		field := c.val.field
		if c.val.ticks {
			field = c.val.opts[0].field
		}
		rd.errorf(&at, field, format, args...)
		pr.spoilValue(s, c)
	}
	var texts []string
	for _, x := range cells {
		switch {
		case x.merged && strings.TrimSpace(x.text) != "":
			fail("本格与上一行的单元格合并了：各行的值请分格填写")
			return
		case x.nested:
			fail("本格中插入了表格：请直接填写")
			return
		case x.conflict:
			fail("勾选框显示的符号与它的勾选状态不一致（内容控件被改写）：请在 Word 中重新点选")
			return
		}
		if t := strings.TrimSpace(x.text); t != "" {
			texts = append(texts, t)
		}
	}
	if len(texts) > 1 {
		fail("本格被拆成了几个单元格，都填了内容（「%s」）：请合并为一格填写", strings.Join(texts, "」「"))
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
				rd.errorf(&at, o.field, "找不到选项「%s」和它的勾选框 ☐：勾选时请只把 ☐ 改为 ☑，选项文字请勿改动", o.text)
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
		rd.errorf(&at, v.field, "勾选了多个选项（%s）：只能勾选一个", strings.Join(chosen, "、"))
		rd.spoil(k, at)
	case len(lost) == len(v.opts) && strings.TrimSpace(text) != "":
		rd.errorf(&at, v.field, "无法识别的勾选「%s」：请在「%s」中勾选一个（把 ☐ 改为 ☑）", text, strings.Join(names, "」「"))
		rd.spoil(k, at)
	case len(lost) > 0:
		rd.errorf(&at, v.field, "找不到选项「%s」和它的勾选框 ☐：勾选时请只把 ☐ 改为 ☑，选项文字请勿改动", strings.Join(lost, "」「"))
		rd.spoil(k, at)
	default:
		rd.put(k, "", at) // nothing ticked: missing, if required
	}
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
		rd.problem(clusterscope.SevWarning, &place{part: pr.p}, "", "有模板之外的行「%s」，未读取：自定指标请按「方向、指标、单位、各年数值」填写", rowText(r))
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
		if msg != "" {
			rd.errorf(&place{part: pr.p, row: label, col: fmt.Sprintf("%d 年", y)}, "", "%s", msg)
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
		rd.errorf(&at, "", "自定指标须在「指标」一格填写指标名称")
		return
	}
	for _, t := range rd.cat.Targets {
		if norm(t.Label) == norm(label) {
			rd.errorf(&at, "target."+t.Code, "「%s」是模板已有的指标，应在方向「%s」下：请勿移动模板的行", label, t.Direction)
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
		rd.errorf(&at, field, "自定指标「%s」重复：请删除多余的一行", label)
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
			rd.errorf(&yat, field, "自定指标的 %d 年数值未填写", y)
			continue
		}
		rd.observe(field, y, text, yat, want{kind: clusterscope.KindNumber, unit: unit})
	}
}
