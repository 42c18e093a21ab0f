package clusterscope

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The notice warns against 虚假申报; consistency checks give reviewers
// signals, never verdicts: where an application's figures do not agree
// with each other, or its texts and contacts with another application's.
// Each has a code, a threshold stated with it and a severity.

// SignalLevel is how much a signal asks of a reviewer.
type SignalLevel string

// The severities.
const (
	SeverityNote      SignalLevel = "note"      // 提示: worth a look
	SeverityAttention SignalLevel = "attention" // 关注: ask the applicant
)

// Label is the severity in Chinese.
func (s SignalLevel) Label() string {
	if s == SeverityAttention {
		return "关注"
	}
	return "提示"
}

// ConsistencyCheck is one check: its code, what it compares and its
// thresholds, as the page states them.
type ConsistencyCheck struct {
	Code      string  `json:"code"`
	Title     string  `json:"title"` // Chinese
	Threshold Message `json:"threshold"`
}

// Signal is what one check found in one application, with the figures
// behind it.
type Signal struct {
	Code     string      `json:"code"`
	Severity SignalLevel `json:"severity"`
	Found    Message     `json:"found"`
}

// The thresholds: percentage points between a reported and a computed
// growth rate, shares of a reported ratio, characters of a copied text.
const (
	growthNote, growthAttention = 1.0, 5.0   // 主导产业产值增速, 近三年年均增速
	rdNote, rdAttention         = 2.0, 10.0  // 研发经费增速: the intensity is the SMEs', the output the cluster's
	ratioNote, ratioAttention   = 10.0, 50.0 // 每万人有效发明专利, in % of the computed value
	copiedMin                   = 30         // characters of a 200-character answer found again elsewhere
)

// The checks' codes.
const (
	CheckLeadingGrowth = "CS01" // 主导产业产值增速 vs 集群总产值 × 主导产业占比
	CheckLeadingCAGR   = "CS02" // 近三年年均增速 vs the three years' growth
	CheckRDGrowth      = "CS03" // 研发经费增速 vs 研发投入强度 × 集群总产值
	CheckPatentRatio   = "CS04" // 每万人有效发明专利 vs patents and employees
	CheckPatentNest    = "CS05" // 中小企业有效发明专利 ≤ the cluster's (target baseline)
	CheckSMEShare      = "CS06" // SME share of output vs SME counts
	CheckRDStaff       = "CS07" // 研发人员占比 vs employees; employees vs SMEs
	CheckSMENest       = "CS08" // 中小企业 ≤ 企业
	CheckSRDINest      = "CS09" // 小巨人 ≤ 专精特新, 专精特新 ≤ 中小企业
	CheckCopiedText    = "CS10" // the same answer in another cluster's application
	CheckSharedContact = "CS11" // the same operator or phone in another's
)

// ConsistencyChecks are the checks, in code order, with their thresholds.
var ConsistencyChecks = []ConsistencyCheck{
	{CheckLeadingGrowth, "主导产业产值增速与集群总产值、主导产业占比", M("consistency.rule_pp", bound(growthNote), bound(growthAttention))},
	{CheckLeadingCAGR, "近三年主导产业产值年均增速与各年增速", M("consistency.rule_pp", bound(growthNote), bound(growthAttention))},
	{CheckRDGrowth, "研发经费增速与研发投入强度、集群总产值", M("consistency.rule_pp", bound(rdNote), bound(rdAttention))},
	{CheckPatentRatio, "每万人有效发明专利拥有量与专利数、从业人员数", M("consistency.rule_share", bound(ratioNote), bound(ratioAttention))},
	{CheckPatentNest, "中小企业有效发明专利与集群有效发明专利（发展目标基准值）", M("consistency.rule_nest")},
	{CheckSMEShare, "中小企业产值占比与中小企业户数", M("consistency.rule_sme_share")},
	{CheckRDStaff, "研发人员占比与从业人员数", M("consistency.rule_staff")},
	{CheckSMENest, "中小企业数量不超过企业数量", M("consistency.rule_nest")},
	{CheckSRDINest, "专精特新“小巨人”、专精特新中小企业与中小企业数量", M("consistency.rule_srdi")},
	{CheckCopiedText, "与其他集群申报表相同的文字", M("consistency.rule_copied", copiedMin)},
	{CheckSharedContact, "与其他集群相同的运营管理机构或联系电话", M("consistency.rule_contact")},
}

// Consistency checks each application on its own figures, and its texts
// and contacts against the others among apps. It returns the signals by
// cluster id, in code order; an application without any has none.
func Consistency(apps []*ClusterData) map[string][]Signal {
	out := map[string][]Signal{}
	for _, d := range apps {
		if s := checkOwn(d); len(s) > 0 {
			out[d.Cluster.ID] = s
		}
	}
	for id, s := range checkAcross(apps) {
		out[id] = append(out[id], s...)
	}
	for id := range out {
		byCode(out[id])
	}
	return out
}

// ConsistencyOf is what Consistency finds for the application d among
// others: d's own checks, and its texts and contacts against theirs. The
// others need only the texts and contacts they might share with d.
func ConsistencyOf(d *ClusterData, others []*ClusterData) []Signal {
	out := append(checkOwn(d), checkAcross(append([]*ClusterData{d}, others...))[d.Cluster.ID]...)
	byCode(out)
	return out
}

func byCode(s []Signal) {
	sort.SliceStable(s, func(i, j int) bool { return s[i].Code < s[j].Code })
}

// checker gathers one application's signals.
type checker struct {
	d   *ClusterData
	cat *Catalog
	out []Signal
}

func (c *checker) add(code string, sev SignalLevel, m Message) {
	c.out = append(c.out, Signal{Code: code, Severity: sev, Found: m})
}

// by is the severity of a difference against two thresholds, or "".
func by(diff, note, attention float64) SignalLevel {
	switch {
	case diff > attention:
		return SeverityAttention
	case diff > note:
		return SeverityNote
	}
	return ""
}

func checkOwn(d *ClusterData) []Signal {
	c := &checker{d: d, cat: DefaultCatalog()}
	b := d.Base()
	years := []int{b - 1, b} // the years whose previous year the form has
	product := func(f1, f2 string) func(int) (float64, bool) {
		return func(y int) (float64, bool) {
			x, ok1 := d.Num(f1, y)
			s, ok2 := d.Num(f2, y)
			return x * s, ok1 && ok2
		}
	}
	for _, y := range years {
		c.growth(CheckLeadingGrowth, "leading_output_growth", y, product("output_total", "leading_output_share"),
			"集群总产值 × 主导产业产值占比", growthNote, growthAttention)
		c.growth(CheckRDGrowth, "rd_growth", y, product("output_total", "rd_intensity"),
			"集群总产值 × 研发投入强度", rdNote, rdAttention)
	}
	c.cagr()
	c.patents()
	c.shares()
	c.nests()
	return c.out
}

// growth compares a reported growth rate of year y with the one computed
// from the series the form gives for y and the year before.
func (c *checker) growth(code, field string, y int, series func(int) (float64, bool), how string, note, attention float64) {
	reported, ok := c.d.Num(field, y)
	prev, ok1 := series(y - 1)
	cur, ok2 := series(y)
	if !ok || !ok1 || !ok2 || prev <= 0 {
		return
	}
	computed := (cur/prev - 1) * 100
	diff := math.Abs(reported - computed)
	if sev := by(round6(diff), note, attention); sev != "" {
		c.add(code, sev, M("consistency.growth", y, c.cat.Label(field), num2(reported), how, num2(computed), num2(diff)))
	}
}

// cagr compares 近三年年均增速 with the average of the three years' reported
// growth rates.
func (c *checker) cagr() {
	b := c.d.Base()
	reported, ok := c.d.Num("leading_output_cagr_3y", b)
	if !ok {
		return
	}
	prod := 1.0
	var shown []string
	for y := b - 2; y <= b; y++ {
		g, ok := c.d.Num("leading_output_growth", y)
		if !ok || g <= -100 {
			return
		}
		prod *= 1 + g/100
		shown = append(shown, num2(g)+"%")
	}
	computed := (math.Cbrt(prod) - 1) * 100
	diff := math.Abs(reported - computed)
	if sev := by(round6(diff), growthNote, growthAttention); sev != "" {
		c.add(CheckLeadingCAGR, sev, M("consistency.cagr", c.cat.Label("leading_output_cagr_3y"), num2(reported), b-2, b, M("join.list", shown), num2(computed), num2(diff)))
	}
}

// patents compares 每万人有效发明专利 with the SMEs' patents per 10 000 of
// their employees, and the SMEs' patents with the cluster's.
func (c *checker) patents() {
	b := c.d.Base()
	per10k, ok := c.d.Num("invention_patents_per_10k", b)
	patents, ok1 := c.d.Num("sme_invention_patents", b)
	staff, ok2 := c.d.Num("sme_employees", b)
	if ok && ok1 && ok2 && staff > 0 {
		computed := patents / staff * 1e4
		if computed > 0 {
			diff := math.Abs(per10k-computed) / computed * 100
			if sev := by(round6(diff), ratioNote, ratioAttention); sev != "" {
				c.add(CheckPatentRatio, sev, M("consistency.per_10k", c.cat.Label("invention_patents_per_10k"), num2(per10k), bound(patents), bound(staff), num2(computed), num2(diff)))
			}
		}
	}
	if t := c.d.Target("invention_patents"); ok1 && t != nil && t.Baseline != nil && patents > *t.Baseline {
		c.add(CheckPatentNest, SeverityAttention, M("consistency.patents_nest", bound(patents), b, bound(*t.Baseline)))
	}
}

// shares compares the SMEs' share of output with their share of the
// enterprises, and 研发人员占比 with the employees.
func (c *checker) shares() {
	b := c.d.Base()
	for y := b - 2; y <= b; y++ {
		share, ok := c.d.Num("sme_output_share", y)
		smes, ok1 := c.d.Num("sme_enterprises", y)
		all, ok2 := c.d.Num("enterprises", y)
		if !ok || !ok1 || !ok2 || all <= 0 || smes > all {
			continue
		}
		countShare := smes / all * 100
		switch {
		case smes == all && share < 100:
			c.add(CheckSMEShare, SeverityAttention, M("consistency.all_smes", y, bound(all), num2(share)))
		case share >= 100 && smes < all:
			c.add(CheckSMEShare, SeverityAttention, M("consistency.no_large_output", y, bound(all-smes), num2(share)))
		case share > countShare:
			c.add(CheckSMEShare, SeverityNote, M("consistency.sme_share", y, num2(share), num2(countShare), bound(smes), bound(all)))
		}
	}
	staff, ok := c.d.Num("sme_employees", b)
	rd, ok1 := c.d.Num("rd_staff_share", b)
	if ok && ok1 && rd > 0 && staff*rd/100 < 1 {
		c.add(CheckRDStaff, SeverityAttention, M("consistency.rd_staff", num2(rd), bound(staff), num2(staff*rd/100)))
	}
	if smes, ok1 := c.d.Num("sme_enterprises", b); ok && ok1 && staff < smes {
		c.add(CheckRDStaff, SeverityAttention, M("consistency.staff_per_sme", bound(staff), bound(smes)))
	}
}

// nests checks counts that lie within others, each year.
func (c *checker) nests() {
	b := c.d.Base()
	for y := b - 2; y <= b; y++ {
		nest := func(code, inner, outer string, sev SignalLevel) {
			i, ok1 := c.d.Num(inner, y)
			o, ok2 := c.d.Num(outer, y)
			if ok1 && ok2 && i > o {
				c.add(code, sev, M("consistency.nest", y, c.cat.Label(inner), bound(i), c.cat.Label(outer), bound(o)))
			}
		}
		nest(CheckSMENest, "sme_enterprises", "enterprises", SeverityAttention)
		nest(CheckSRDINest, "srdi_smes", "sme_enterprises", SeverityAttention)
		// a 小巨人 is a 专精特新 enterprise, though forms may count them apart
		nest(CheckSRDINest, "little_giants", "srdi_smes", SeverityNote)
	}
}

// textFields are the form's 200-character answers.
func textFields() []string {
	var out []string
	for _, f := range DefaultCatalog().Fields {
		if f.Kind == KindText200 {
			out = append(out, f.Code)
		}
	}
	return out
}

// checkAcross finds the 200-character answers of at least copiedMin
// characters that another cluster's application has word for word (white
// space and punctuation aside), and the operators and operator phones two
// applications share.
func checkAcross(apps []*ClusterData) map[string][]Signal {
	type seen struct {
		d     *ClusterData
		field string
	}
	texts := map[string][]seen{}
	contacts := map[string][]seen{}
	for _, d := range apps {
		for _, f := range textFields() {
			if t, ok := d.Text(f); ok {
				if k := normalText(t); utf8.RuneCountInString(k) >= copiedMin {
					texts[k] = append(texts[k], seen{d, f})
				}
			}
		}
		for _, f := range []string{"operator", "operator_phone"} {
			if t, ok := d.Text(f); ok && normalText(t) != "" && t != "无" {
				contacts[f+"\x00"+normalText(t)] = append(contacts[f+"\x00"+normalText(t)], seen{d, f})
			}
		}
	}
	out := map[string][]Signal{}
	cat := DefaultCatalog()
	report := func(groups map[string][]seen, code string, sev SignalLevel, key string) {
		for _, g := range groups {
			for _, s := range g {
				var others []string
				for _, o := range g {
					if o.d.Cluster.ID != s.d.Cluster.ID && !slices.Contains(others, displayName(o.d.Cluster)) {
						others = append(others, displayName(o.d.Cluster))
					}
				}
				if len(others) > 0 {
					sort.Strings(others)
					var names Messages
					for _, o := range others {
						names = append(names, M("text.quoted", o))
					}
					out[s.d.Cluster.ID] = append(out[s.d.Cluster.ID], Signal{Code: code, Severity: sev,
						Found: M(key, cat.Label(s.field), M("join.list", names))})
				}
			}
		}
	}
	report(texts, CheckCopiedText, SeverityAttention, "consistency.copied")
	report(contacts, CheckSharedContact, SeverityNote, "consistency.shared")
	for id := range out {
		sort.SliceStable(out[id], func(i, j int) bool { return argsKey(out[id][i].Found) < argsKey(out[id][j].Found) })
	}
	return out
}

// argsKey orders signals by their arguments, for a stable list.
func argsKey(m Message) string {
	var b strings.Builder
	for _, a := range m.Args {
		fmt.Fprint(&b, a)
	}
	return b.String()
}

// normalText is a text without white space and punctuation: what a copy
// keeps.
func normalText(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsPunct(r) {
			return -1
		}
		return r
	}, s)
}
