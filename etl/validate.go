package etl

import (
	"math"
	"strconv"
	"strings"

	"clusterscope"
	"clusterscope/dashboard/words"
	"clusterscope/warehouse/region"
)

// Validate checks the observations of one file across rows, per the form's
// 填报说明, for each cluster and batch in it. Errors (refusing the file):
// numbers with more than two decimals (填报说明 2); shares outside 0–100
// (growth rates, labels with 增速 or 增长率, may be anything); more SMEs than
// enterprises in a year; a 所属地区 that is no real province, city and county
// (region.Valid); and, when the cluster's application is in the file, a
// required field missing (a yearly field needs each of its three years).
// Warnings (kept, shown): a target baseline that differs from the
// application's own value for that year, and a 所属地区 that is a development
// zone. A cluster with only follow-up actuals in the file is not checked for
// the application's fields. Each problem names the file, where the value is
// (Observation.Line, or a workbook's sheet and cell; none for a missing
// value in a CSV) and the field's label.
func Validate(name string, obs []clusterscope.Observation) []clusterscope.Problem {
	return validate(name, obs, checkOptions{})
}

// checkOptions adapts Validate to a format: at locates a value (a
// workbook's sheet and cell, which replace the line, or a JSON path as the
// cell), unread lists the fields whose values the reader refused, which are
// not reported missing a second time.
type checkOptions struct {
	at     func(clusterscope.Observation) (sheet, cell string)
	place  func(clusterscope.Observation, *clusterscope.Problem) // a Word document's part, table, row and column
	unread map[string]bool
}

type validator struct {
	name     string
	cat      *clusterscope.Catalog
	opt      checkOptions
	problems []clusterscope.Problem
}

func validate(name string, obs []clusterscope.Observation, opt checkOptions) []clusterscope.Problem {
	v := &validator{name: name, cat: clusterscope.DefaultCatalog(), opt: opt}
	type key struct {
		id    string
		batch int
	}
	var order []key
	groups := map[key][]clusterscope.Observation{}
	for _, o := range obs {
		k := key{o.ClusterID, o.Batch}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], o)
	}
	for _, k := range order {
		v.cluster(k.id, k.batch, groups[k])
	}
	return v.problems
}

// cluster checks one cluster and batch.
func (v *validator) cluster(id string, batch int, obs []clusterscope.Observation) {
	application := false
	for _, o := range obs {
		v.number(o)
		application = application || o.Report == 0
	}
	v.smes(obs)
	if !application {
		return
	}
	app := map[string]clusterscope.Observation{} // "field|asof" of the application
	for _, o := range obs {
		if o.Report == 0 {
			app[o.Field+"|"+strconv.Itoa(o.AsOf)] = o
		}
	}
	v.baselines(batch, app)
	v.place(batch, app)
	v.required(id, batch, app)
}

// number checks decimals and the range of shares.
func (v *validator) number(o clusterscope.Observation) {
	if o.Num == nil {
		return
	}
	if _, frac, ok := strings.Cut(o.Text, "."); ok && len(frac) > 2 {
		v.add(clusterscope.SevError, o, clusterscope.M("check.decimals", o.Text, len(frac)))
	}
	if v.isShare(o.Field) && (*o.Num < 0 || *o.Num > 100) {
		v.add(clusterscope.SevError, o, clusterscope.M("check.share_range", o.Text))
	}
}

// isShare reports whether the field or target is a percentage bounded by
// 0–100: a percent that is not a growth rate.
func (v *validator) isShare(field string) bool {
	if code, ok := strings.CutPrefix(field, "target."); ok {
		t := v.cat.Target(code)
		return t != nil && t.Unit == "%" // part 八's percent targets are all shares
	}
	f := v.cat.Field(field)
	return f != nil && f.Kind == clusterscope.KindPercent && !f.Growth
}

// smes checks 中小企业数量 ≤ 企业数量 for each year of the application and
// of each follow-up report.
func (v *validator) smes(obs []clusterscope.Observation) {
	type year struct{ report, asOf int }
	ent := map[year]clusterscope.Observation{}
	for _, o := range obs {
		if o.Field == "enterprises" && o.Num != nil {
			ent[year{o.Report, o.AsOf}] = o
		}
	}
	for _, o := range obs {
		if o.Field != "sme_enterprises" || o.Num == nil {
			continue
		}
		if e, ok := ent[year{o.Report, o.AsOf}]; ok && *o.Num > *e.Num {
			v.add(clusterscope.SevError, o, clusterscope.M("check.smes", o.AsOf, o.Text, e.Text, v.where(e)))
		}
	}
}

// baselines compares each target's baseline (batch-1) with the
// application's own value of the same code for that year.
func (v *validator) baselines(batch int, app map[string]clusterscope.Observation) {
	base := strconv.Itoa(batch - 1)
	for _, t := range v.cat.Targets {
		if v.cat.Field(t.Code) == nil {
			continue
		}
		tg, ok1 := app["target."+t.Code+"|"+base]
		own, ok2 := app[t.Code+"|"+base]
		if !ok1 || !ok2 || tg.Num == nil || own.Num == nil {
			continue
		}
		if math.Abs(*tg.Num-*own.Num) > 0.004 {
			v.add(clusterscope.SevWarning, tg, clusterscope.M("check.baseline",
				tg.Text, base, v.cat.Label(t.Code), own.Text, v.where(own)))
		}
	}
}

// place checks 所属地区 against the region table.
func (v *validator) place(batch int, app map[string]clusterscope.Observation) {
	at := "|" + strconv.Itoa(batch-1)
	prov, ok1 := app["province"+at]
	city, ok2 := app["city"+at]
	county, ok3 := app["county"+at]
	if !ok1 || !ok2 || !ok3 {
		return // reported as missing
	}
	ok, reason := region.Valid(prov.Text, city.Text, county.Text)
	switch {
	case ok && !reason.IsZero():
		v.add(clusterscope.SevWarning, county, reason)
	case !ok:
		wrong := county
		if p := region.FindProvince(prov.Text); p == nil {
			wrong = prov
		} else if p.City(city.Text) == nil {
			wrong = city
		}
		v.add(clusterscope.SevError, wrong, clusterscope.M("check.place", prov.Text, city.Text, county.Text, reason))
	}
}

// required reports the required fields the application lacks.
func (v *validator) required(id string, batch int, app map[string]clusterscope.Observation) {
	for _, f := range v.cat.Fields {
		if !f.Required || v.opt.unread[f.Code] {
			continue
		}
		years := []int{batch - 1}
		if f.Yearly {
			years = []int{batch - 3, batch - 2, batch - 1}
		}
		var missing []string
		year := 0
		for _, y := range years {
			if _, ok := app[f.Code+"|"+strconv.Itoa(y)]; !ok {
				missing = append(missing, strconv.Itoa(y))
				year = y
			}
		}
		switch {
		case len(missing) == 0:
			continue
		case !f.Yearly:
			v.add(clusterscope.SevError, clusterscope.Observation{ClusterID: id, Batch: batch, Field: f.Code},
				clusterscope.M("check.required", id, batch, noneHint(f.Kind)))
		default:
			if len(missing) > 1 {
				year = 0 // the path of the field, not of one year
			}
			v.add(clusterscope.SevError, clusterscope.Observation{ClusterID: id, Batch: batch, Field: f.Code, Year: year},
				clusterscope.M("check.required_years", id, batch, clusterscope.M("join.list", missing)))
		}
	}
}

func (v *validator) add(sev clusterscope.Severity, o clusterscope.Observation, m clusterscope.Message) {
	p := words.Posed(clusterscope.Problem{Severity: sev, File: v.name, Line: o.Line, Field: o.Field,
		Label: fieldLabel(v.cat, o.Field)}, m)
	if v.opt.at != nil {
		if p.Sheet, p.Cell = v.opt.at(o); p.Sheet != "" {
			p.Line = 0 // a workbook's row is in its cell
		}
	}
	if v.opt.place != nil {
		v.opt.place(o, &p)
	}
	v.problems = append(v.problems, p)
}

// where names the value another problem refers to: its sheet and cell in a
// workbook, else its line.
func (v *validator) where(o clusterscope.Observation) clusterscope.Message {
	if v.opt.at != nil {
		if sh, c := v.opt.at(o); sh != "" {
			return clusterscope.M("check.at_cell", sh, c)
		}
	}
	if v.opt.place != nil {
		var p clusterscope.Problem
		if v.opt.place(o, &p); p.Part != "" {
			return p.Where()
		}
	}
	return clusterscope.M("check.at_line", o.Line)
}

// fieldLabel is the Chinese label of a field or target code ("目标：…" for a
// target), or "" when the code is unknown.
func fieldLabel(cat *clusterscope.Catalog, field string) string {
	if code, ok := strings.CutPrefix(field, "target."); ok {
		code, _, _ = strings.Cut(code, ":")
		if t := cat.Target(code); t != nil {
			return "目标：" + t.Label
		}
		return "目标：" + code
	}
	if l := cat.Label(field); l != field {
		return l
	}
	return ""
}

// noneHint tells what to write where nothing applies (填报说明 2).
func noneHint(k clusterscope.Kind) clusterscope.Messages {
	switch {
	case k == clusterscope.KindText || k.MaxChars() > 0:
		return clusterscope.Messages{clusterscope.M("check.none_text", "无")}
	case k.Numeric():
		return clusterscope.Messages{clusterscope.M("check.none_number")}
	}
	return nil
}
