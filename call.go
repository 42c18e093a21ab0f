package clusterscope

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Call is a batch's recommendation notice (推荐通知): the ministry's for the
// whole country, or a province's own for its cities on top of it (宁夏 2022:
// each city recommends 1–2, one per 细分领域). It is read from a TOML file
// like a rule set (warehouse.ParseCall; the format is documented in the
// embedded warehouse/calls/national-2022.toml). The recommendation keeps
// every quota of the call it is made under.
type Call struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Version  string `json:"version"`
	Issuer   string `json:"issuer"`   // 工业和信息化部办公厅, 宁夏回族自治区工业和信息化厅
	Region   string `json:"region"`   // "" for a national call; the province of a province's own
	Batch    int    `json:"batch"`    // the programme year applied for
	Document string `json:"document"` // 文号, e.g. 工信厅企业函〔2022〕236号; "" when not known
	Dated    string `json:"dated"`    // 2022-09-19, or 2023-03 when only the month is known; "" when not known
	RuleSet  string `json:"rule_set"` // id of the rule set that judges its applications
	// Deadlines by level; a level without one is open.
	Deadlines map[Level]time.Time `json:"deadlines"`
	Quotas    []Quota             `json:"quotas"`
	// OnePerSegment is where "每个细分领域认定1个" holds: SegmentProvince,
	// SegmentCity, or "" when the call does not have it.
	OnePerSegment SegmentScope `json:"one_per_segment"`
}

// Level is a step of a recommendation: who sends it to whom.
type Level string

// The levels, from the county up.
const (
	CountyToCity       Level = "county_to_city"       // 县 → 市
	CityToProvince     Level = "city_to_province"     // 市 → 省
	ProvinceToMinistry Level = "province_to_ministry" // 省（计划单列市、兵团）→ 工业和信息化部
)

// Levels in order.
var Levels = []Level{CountyToCity, CityToProvince, ProvinceToMinistry}

// Label is the level in Chinese.
func (l Level) Label() string {
	switch l {
	case CountyToCity:
		return "县级推荐至市"
	case CityToProvince:
		return "市级推荐至省"
	case ProvinceToMinistry:
		return "省级推荐至工业和信息化部"
	}
	return string(l)
}

// UnitKind is what a quota counts per.
type UnitKind string

// The kinds of quota units. A 计划单列市 (大连、青岛、宁波、厦门、深圳) and
// 新疆生产建设兵团 recommend to the ministry on their own: their clusters do
// not count against their province's quota.
const (
	UnitProvince UnitKind = "province"  // 省、自治区、直辖市, without its 计划单列市 or 兵团
	UnitPlanCity UnitKind = "plan_city" // 计划单列市
	UnitCorps    UnitKind = "corps"     // 新疆生产建设兵团
	UnitCity     UnitKind = "city"      // a city of the province (市、州、盟)
)

// unitsOf are the kinds a level's quota may be set per.
var unitsOf = map[Level][]UnitKind{
	ProvinceToMinistry: {UnitProvince, UnitPlanCity, UnitCorps},
	CityToProvince:     {UnitCity},
}

// QuotaUnit is the unit in whose province → ministry quota a cluster counts:
// its province, its 计划单列市 or 兵团. The domain does not know the region
// table: the caller, which does, says it for each cluster.
type QuotaUnit struct {
	Kind UnitKind `json:"kind"`
	Name string   `json:"name"` // 广东省, 深圳市, 新疆生产建设兵团
}

// Quota is at most Max recommendations per unit at a level; Min is what the
// call asks for too (宁夏: 1–2 per city), shown, not enforced: nobody can be
// made to recommend a cluster that fails the criteria.
type Quota struct {
	Level Level    `json:"level"`
	Unit  UnitKind `json:"unit"`
	Min   int      `json:"min,omitempty"`
	Max   int      `json:"max"`
}

// SegmentScope is where one-per-细分领域 holds.
type SegmentScope string

// Where one-per-细分领域 holds.
const (
	SegmentProvince SegmentScope = "province" // across each recommending unit: a province, 计划单列市 or 兵团
	SegmentCity     SegmentScope = "city"     // within each city
)

// Ref names the call in results: ID@version.
func (c *Call) Ref() string { return c.ID + "@" + c.Version }

// Base is the year before the batch: the form's single-value year and the
// targets' baseline year.
func (c *Call) Base() int { return c.Batch - 1 }

// HistoryYears are the three years the form reports (2019–2021 for 2022).
func (c *Call) HistoryYears() []int { return []int{c.Batch - 3, c.Batch - 2, c.Batch - 1} }

// TargetYears are the three years of the plan (2022–2024 for 2022).
func (c *Call) TargetYears() []int { return []int{c.Batch, c.Batch + 1, c.Batch + 2} }

// Quota returns the call's quota for the unit kind, if it sets one.
func (c *Call) Quota(kind UnitKind) (Quota, bool) {
	for _, q := range c.Quotas {
		if q.Unit == kind {
			return q, true
		}
	}
	return Quota{}, false
}

// Covers reports whether the call is for the batch and, a province's own,
// for the province.
func (c *Call) Covers(batch int, province string) bool {
	return c.Batch == batch && (c.Region == "" || c.Region == province)
}

// SelectCall returns the call for a batch: the province's own when province
// is given and has one, else the national call; the later in calls on a tie
// (an administrator's file after the embedded default), or nil.
func SelectCall(calls []*Call, batch int, province string) *Call {
	var best *Call
	for _, c := range calls {
		if !c.Covers(batch, province) || province == "" && c.Region != "" {
			continue
		}
		if best == nil || c.Region != "" || best.Region == "" {
			best = c
		}
	}
	return best
}

// FindCall returns the call with the reference (ID@version) or, given an ID
// alone, the latest of that ID in calls, or nil.
func FindCall(calls []*Call, ref string) *Call {
	var found *Call
	for _, c := range calls {
		if c.Ref() == ref || c.ID == ref {
			found = c
		}
	}
	return found
}

// RuleSets are the sets that judge the call's applications: the call's own
// set (the last of its id in sets, so an administrator's new version
// replaces the embedded one) and every set restricted to batches or
// regions, which judges where it applies (SelectRuleSet).
func (c *Call) RuleSets(sets []*RuleSet) ([]*RuleSet, error) {
	var base *RuleSet
	var scoped []*RuleSet
	for _, rs := range sets {
		switch {
		case rs.ID == c.RuleSet:
			base = rs
		case len(rs.Scope.Batches) > 0 || len(rs.Scope.Regions) > 0:
			scoped = append(scoped, rs)
		}
	}
	if base == nil {
		return nil, Errorf(EINVALID, "推荐通知「%s」所用的认定标准「%s」不存在", c.Name, c.RuleSet)
	}
	// the base last: SelectRuleSet prefers the earlier on a tie
	return append(scoped, base), nil
}

var (
	callIDRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)
	datedRe  = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$`)
)

// CallProblem is what is wrong with a call: the TOML key it lies at and
// why. The reader of the file adds the line.
type CallProblem struct {
	Key    string // e.g. "batch", "quota[2].max", "deadlines.city_to_province"
	Reason string
}

func (p *CallProblem) Error() string { return p.Key + "：" + p.Reason }

// keyProblem is a problem at the key, its reason formatted.
func keyProblem(key, format string, args ...any) *CallProblem {
	return &CallProblem{Key: key, Reason: fmt.Sprintf(format, args...)}
}

// checkHead checks what every notice of the programme names: its id,
// name (missing: the sentence noName), version, issuer and batch.
func checkHead(id, name, version, issuer string, batch int, noName string) *CallProblem {
	switch {
	case !callIDRe.MatchString(id):
		return keyProblem("id", "「%s」无效：应为小写字母、数字、- 和 _", id)
	case strings.TrimSpace(name) == "":
		return keyProblem("name", "%s", noName)
	case version == "":
		return keyProblem("version", "缺少版本")
	case strings.TrimSpace(issuer) == "":
		return keyProblem("issuer", "缺少发文单位")
	case batch < FirstBatch || batch > LastBatch:
		return keyProblem("batch", "批次「%d」无效（应为 %d–%d）", batch, FirstBatch, LastBatch)
	}
	return nil
}

// Validate checks the call; the problem names the key.
func (c *Call) Validate() *CallProblem {
	if p := checkHead(c.ID, c.Name, c.Version, c.Issuer, c.Batch, "缺少通知名称"); p != nil {
		return p
	}
	switch {
	case c.Dated != "" && !datedRe.MatchString(c.Dated):
		return keyProblem("dated", "「%s」不是日期（如 2022-09-19，只知月份时 2023-03）", c.Dated)
	case !setIDRe.MatchString(c.RuleSet):
		return keyProblem("rule_set", "「%s」不是认定标准集的 id", c.RuleSet)
	case c.OnePerSegment != "" && c.OnePerSegment != SegmentProvince && c.OnePerSegment != SegmentCity:
		return keyProblem("one_per_segment", "「%s」无效（可用 province、city，或不填：不限）", c.OnePerSegment)
	case len(c.Quotas) == 0:
		return keyProblem("quota", "没有任何名额（[[quota]]）：超出名额的推荐一律不予受理，通知必须写明名额")
	}
	for lv := range c.Deadlines {
		if !slices.Contains(Levels, lv) {
			return keyProblem("deadlines."+string(lv), "未知的层级（可用 county_to_city、city_to_province、province_to_ministry）")
		}
	}
	seen := map[UnitKind]bool{}
	for i, q := range c.Quotas {
		key := fmt.Sprintf("quota[%d]", i+1)
		kinds, ok := unitsOf[q.Level]
		switch {
		case !ok:
			return keyProblem(key+".level", "「%s」无效（可用 city_to_province、province_to_ministry）", q.Level)
		case !slices.Contains(kinds, q.Unit):
			var names []string
			for _, k := range kinds {
				names = append(names, string(k))
			}
			return keyProblem(key+".unit", "「%s」不是 %s 的名额单位（可用 %s）", q.Unit, q.Level, strings.Join(names, "、"))
		case seen[q.Unit]:
			return keyProblem(key+".unit", "「%s」的名额重复", q.Unit)
		case q.Max < 1:
			return keyProblem(key+".max", "应为正整数，实为 %d", q.Max)
		case q.Min < 0 || q.Min > q.Max:
			return keyProblem(key+".min", "应在 0 与 max（%d）之间，实为 %d", q.Max, q.Min)
		}
		seen[q.Unit] = true
	}
	// The three units recommend side by side: a call that limits one and not
	// the others would let a 计划单列市's clusters through unlimited.
	if seen[UnitProvince] || seen[UnitPlanCity] || seen[UnitCorps] {
		for _, k := range unitsOf[ProvinceToMinistry] {
			if !seen[k] {
				return keyProblem("quota", "省级名额须同时写明 province、plan_city 和 corps 三种单位，缺 %s", k)
			}
		}
	}
	if c.Region == "" && c.OnePerSegment == SegmentCity {
		return keyProblem("one_per_segment", "全国通知没有市级推荐，不能按 city 限定细分领域")
	}
	return nil
}
