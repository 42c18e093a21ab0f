package docx

import (
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
				rd.errorf(&w.at, k.field, missing(w.kind))
				rd.at.unread(k.field)
			}
			continue
		}
		first := texts[0]
		conflict := false
		for _, g := range texts[1:] {
			if strings.TrimSpace(g.text) != strings.TrimSpace(first.text) {
				rd.errorf(&g.at, k.field, clusterscope.M("docx.differs", placeOf(first.at), first.text, g.text))
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

func placeOf(at place) clusterscope.Message {
	var p clusterscope.Problem
	at.set(&p)
	return p.Where()
}

// observe types one value through the catalog.
func (rd *reader) observe(field string, year int, text string, at place, w want) {
	switch {
	case w.kind.Numeric() && !strings.HasPrefix(field, "#"):
		v, warn, msg := numberText(text, w.kind, w.unit)
		if !msg.IsZero() {
			rd.errorf(&at, field, msg)
			rd.at.unread(field)
			return
		}
		if !warn.IsZero() {
			rd.problem(clusterscope.SevWarning, &at, field, warn)
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
		rd.errorf(&at, field, clusterscope.AsEntryError(err).Says)
		rd.at.unread(field)
		return
	}
	rd.obs = append(rd.obs, o)
}

// missing is the message for an empty required value of the kind.
func missing(k clusterscope.Kind) clusterscope.Message {
	switch {
	case k.Numeric():
		return clusterscope.M("docx.missing_number", "无")
	case k == clusterscope.KindYesNo || k == clusterscope.KindYesNoNA || k == clusterscope.KindIndustryType:
		return clusterscope.M("docx.not_ticked")
	case k.MaxChars() > 0 || k == clusterscope.KindText:
		return clusterscope.M("form.missing_text", "无")
	}
	return clusterscope.M("form.missing")
}
