package docx

import (
	"errors"
	"strings"

	"clusterscope"
)

// resolve turns what was read into observations: a value read in two
// places must be the same, a required value that is nowhere is missing.
func (rd *reader) resolve() {
	for _, k := range rd.order {
		w := rd.want[k]
		gs := rd.got[k]
		var texts []got
		bad := false
		for _, g := range gs {
			bad = bad || g.bad
			if !g.bad && strings.TrimSpace(g.text) != "" {
				texts = append(texts, g)
			}
		}
		switch {
		case bad:
			continue
		case len(gs) == 0: // its row was not found: said so
			continue
		case len(texts) == 0:
			if w.required {
				rd.errorf(&w.at, k.field, "%s", missing(w.kind))
				rd.at.unread(k.field)
			}
			continue
		}
		first := texts[0]
		conflict := false
		for _, g := range texts[1:] {
			if strings.TrimSpace(g.text) != strings.TrimSpace(first.text) {
				rd.errorf(&g.at, k.field, "与%s填写的「%s」不一致（此处为「%s」）：同一项请填写相同的内容", placeText(first.at), first.text, g.text)
				conflict = true
			}
		}
		if conflict {
			rd.at.unread(k.field)
			continue
		}
		rd.at.mark(k.field, k.year, first.at)
		rd.observe(k.field, k.year, first.text, first.at, w)
	}
}

func placeText(at place) string {
	var p clusterscope.Problem
	at.set(&p)
	return p.Place()
}

// observe types one value through the catalog.
func (rd *reader) observe(field string, year int, text string, at place, w want) {
	switch {
	case w.kind.Numeric() && !strings.HasPrefix(field, "#"):
		v, warn, msg := numberText(text, w.kind, w.unit)
		if msg != "" {
			rd.errorf(&at, field, "%s", msg)
			rd.at.unread(field)
			return
		}
		if warn != "" {
			rd.problem(clusterscope.SevWarning, &at, field, "%s", warn)
		}
		text = v
	case w.kind == clusterscope.KindDate:
		text = dateText(text)
	case w.kind == clusterscope.KindPhone:
		text = strings.TrimSpace(foldString(text))
	}
	if rd.lo.kind == FollowUp {
		year = rd.rep
	}
	o, err := rd.cat.Observe(rd.id, rd.batch, field, year, text)
	if err != nil {
		var ee *clusterscope.EntryError
		msg := err.Error()
		if errors.As(err, &ee) {
			msg = ee.Message
		}
		rd.errorf(&at, field, "%s", msg)
		rd.at.unread(field)
		return
	}
	rd.obs = append(rd.obs, o)
}

// missing is the message for an empty required value of the kind.
func missing(k clusterscope.Kind) string {
	switch {
	case k.Numeric():
		return "必填项未填写（无相关情况时填 0 或“无”）"
	case k == clusterscope.KindYesNo || k == clusterscope.KindYesNoNA || k == clusterscope.KindIndustryType:
		return "未勾选：请在一个选项前的 ☐ 中打勾（改为 ☑）"
	case k.MaxChars() > 0 || k == clusterscope.KindText:
		return "必填项未填写（无相关情况时填写“无”）"
	}
	return "必填项未填写"
}
