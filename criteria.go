package clusterscope

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
)

// Comparison is how a criterion judges its fields: against a threshold, or
// otherwise.
type Comparison string

// The comparisons. The wording of the standard fixes the edge (see RuleSet).
const (
	CmpAtLeast Comparison = ">="
	CmpAbove   Comparison = ">"
	CmpAtMost  Comparison = "<="
	CmpBelow   Comparison = "<"
	CmpAllYes  Comparison = "all_yes" // every field answered 是 (or 不涉及 when NAOK)
	CmpAnyOf   Comparison = "any_of"  // any one of the options holds
	CmpExpert  Comparison = "expert"  // a qualitative requirement: 专家评审, neither pass nor fail
)

// NumericComparisons compare a figure with a threshold; Comparisons are all
// a rule set may write.
var (
	NumericComparisons = []Comparison{CmpAtLeast, CmpAbove, CmpAtMost, CmpBelow}
	Comparisons        = append(NumericComparisons[:len(NumericComparisons):len(NumericComparisons)], CmpAllYes, CmpAnyOf, CmpExpert)
)

// Numeric reports whether c compares a figure with a threshold.
func (c Comparison) Numeric() bool { return slices.Contains(NumericComparisons, c) }

// Years is which years of the form a criterion judges.
type Years string

// The year selections.
const (
	YearsBase    Years = "base"        // the year before the batch
	YearsEachOf3 Years = "each_of_3"   // each of the three years before it (近三年…均)
	YearsGrowth3 Years = "growth_of_3" // 年均增长: the compound mean of the three years' growth rates
)

// AllYears are the year selections a rule set may write.
var AllYears = []Years{YearsBase, YearsEachOf3, YearsGrowth3}

// RuleSet is a set of recognition criteria (认定标准) with the scope it is
// for. It is read from a TOML file an administrator can load without
// rebuilding (warehouse.ParseRuleSet; the format is documented at the top of
// the embedded national set, warehouse/criteria-national-2022.toml): id,
// name, version, source, [scope] (batches, regions: empty means all),
// [settings] (this project's conventions), then one criterion after another.
// The wording fixes the edge: 以上/不少于/不超过/以下 include the bound (>= or
// <=), 高于/低于/超过 exclude it (> or <).
type RuleSet struct {
	ID       string       `json:"id"`
	Name     string       `json:"name"`
	Version  string       `json:"version"`
	Source   string       `json:"source"`
	Scope    RuleScope    `json:"scope"`
	Settings RuleSettings `json:"settings"`
	Criteria []Criterion  `json:"criteria"`
}

// RuleScope is where a rule set applies; an empty list means no restriction.
type RuleScope struct {
	Batches []int    `json:"batches"`
	Regions []string `json:"regions"` // province names as in regions/provinces.csv
}

// RuleSettings are this project's own conventions, not the standard's: the
// set carries them so that an administrator can change them and the pages
// can say which apply.
type RuleSettings struct {
	// AboutShare: a target "达到 T 左右" only warns down to this share of T
	// and fails below it.
	AboutShare float64 `json:"about_share"`
	// AtRiskShare: in monitoring, an actual change of at least this share of
	// the planned change is 有风险, below it 落后.
	AtRiskShare float64 `json:"at_risk_share"`
}

// DefaultRuleSettings are 90 % for 左右 and 80 % for the monitoring bands.
func DefaultRuleSettings() RuleSettings { return RuleSettings{AboutShare: 0.9, AtRiskShare: 0.8} }

// Criterion is one recognition criterion.
type Criterion struct {
	ID         string            `json:"id"`
	Part       int               `json:"part"`    // the standard's part 一–八 (1–8); 0: a condition of the 暂行办法 outside them
	Wording    string            `json:"wording"` // the regulation's words, e.g. 近三年产值均在40亿元以上
	Source     string            `json:"source"`
	Label      string            `json:"label"`  // short name used in reasons
	Fields     []string          `json:"fields"` // summed when more than one
	Comparison Comparison        `json:"comparison"`
	Threshold  float64           `json:"threshold"`
	Off        bool              `json:"off"` // numeric, threshold not set (not published): left to the experts
	Years      Years             `json:"years"`
	Severity   Outcome           `json:"severity"` // Fail or Warn: what failing counts as
	NAOK       bool              `json:"na_ok"`    // all_yes: 不涉及 is accepted
	Options    []CriterionOption `json:"options"`
}

// CriterionOption is one alternative of an any_of criterion.
type CriterionOption struct {
	Label      string     `json:"label"`
	Fields     []string   `json:"fields"`
	Comparison Comparison `json:"comparison"` // a numeric one
	Threshold  float64    `json:"threshold"`
}

// Ref names the set in results: ID@version.
func (rs *RuleSet) Ref() string { return rs.ID + "@" + rs.Version }

// Applies reports whether the set's scope covers the cluster.
func (rs *RuleSet) Applies(c Cluster) bool {
	return (len(rs.Scope.Batches) == 0 || slices.Contains(rs.Scope.Batches, c.Batch)) &&
		(len(rs.Scope.Regions) == 0 || slices.Contains(rs.Scope.Regions, c.Province))
}

// SelectRuleSet returns the most specific set that applies to c — one
// restricted to regions before one that is not, then one restricted to
// batches — the earlier in sets on a tie, or nil when none applies.
func SelectRuleSet(sets []*RuleSet, c Cluster) *RuleSet {
	var best *RuleSet
	bestRank := -1
	for _, rs := range sets {
		if !rs.Applies(c) {
			continue
		}
		rank := 0
		if len(rs.Scope.Regions) > 0 {
			rank += 2
		}
		if len(rs.Scope.Batches) > 0 {
			rank++
		}
		if rank > bestRank {
			best, bestRank = rs, rank
		}
	}
	return best
}

var (
	setIDRe     = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)
	criterionRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_]{0,63}$`)
)

// Validate checks the set against the catalog: what a reader of its file
// cannot check key by key. The error's Chinese names the criterion by
// number and id.
func (rs *RuleSet) Validate() error {
	cat := DefaultCatalog()
	if msg := rs.check(); msg != "" {
		return fmt.Errorf("%s", msg)
	}
	for i := range rs.Criteria {
		c := &rs.Criteria[i]
		err := c.check(cat)
		if err == nil && slices.ContainsFunc(rs.Criteria[:i], func(o Criterion) bool { return o.ID == c.ID }) {
			err = fmt.Errorf("id 重复")
		}
		if err != nil {
			id := c.ID
			if id == "" {
				id = "缺 id"
			}
			return fmt.Errorf("第 %d 条标准「%s」：%w", i+1, id, err)
		}
	}
	return nil
}

func (rs *RuleSet) check() string {
	switch {
	case !setIDRe.MatchString(rs.ID):
		return fmt.Sprintf("id「%s」无效：应为小写字母、数字、- 和 _", rs.ID)
	case rs.Name == "":
		return "缺少 name（标准集名称）"
	case rs.Version == "":
		return "缺少 version（版本）"
	case len(rs.Criteria) == 0:
		return "没有任何 [[criterion]]"
	case !share(rs.Settings.AboutShare):
		return fmt.Sprintf("settings.about_share「%v」无效（应大于 0、不大于 1，如 0.9）", rs.Settings.AboutShare)
	case !share(rs.Settings.AtRiskShare):
		return fmt.Sprintf("settings.at_risk_share「%v」无效（应大于 0、不大于 1，如 0.8）", rs.Settings.AtRiskShare)
	}
	for _, b := range rs.Scope.Batches {
		if b < FirstBatch || b > LastBatch {
			return fmt.Sprintf("scope.batches 中的批次 %d 无效（应为 %d–%d）", b, FirstBatch, LastBatch)
		}
	}
	for _, r := range rs.Scope.Regions {
		if strings.TrimSpace(r) == "" {
			return "scope.regions 含空名称"
		}
	}
	return ""
}

func share(x float64) bool { return x > 0 && x <= 1 }

// check checks one criterion; whether a threshold was written at all is the
// reader's to check, since a zero threshold is a threshold.
func (c *Criterion) check(cat *Catalog) error {
	switch {
	case !criterionRe.MatchString(c.ID):
		return fmt.Errorf("id 无效：应为小写字母、数字和 _")
	case strings.TrimSpace(c.Wording) == "":
		return fmt.Errorf("缺少 wording（标准原文）")
	case c.Source == "":
		return fmt.Errorf("缺少 source（出处）")
	case c.Part < 0 || c.Part > 8:
		return fmt.Errorf("part「%d」无效（认定标准的第一至第八部分：1–8；不属于其中的条件：0）", c.Part)
	case c.Severity != Fail && c.Severity != Warn:
		return fmt.Errorf("severity「%s」无效（可用 fail、warn）", c.Severity)
	case !slices.Contains(AllYears, c.Years):
		return fmt.Errorf("years「%s」无效（可用 base、each_of_3、growth_of_3）", c.Years)
	case c.NAOK && c.Comparison != CmpAllYes:
		return fmt.Errorf("na_ok 只用于 all_yes")
	case len(c.Options) > 0 && c.Comparison != CmpAnyOf:
		return fmt.Errorf("option 只用于 any_of")
	case c.Off && !c.Comparison.Numeric():
		return fmt.Errorf("off 只用于数值比较（>=、>、<=、<）")
	}
	switch {
	case c.Comparison.Numeric():
		if math.IsNaN(c.Threshold) || math.IsInf(c.Threshold, 0) {
			return fmt.Errorf("比较方式 %s 需要有效的 threshold", c.Comparison)
		}
		return checkNumericFields(cat, c.Fields, c.Years)
	case c.Comparison == CmpAllYes:
		if c.Years != YearsBase || len(c.Fields) == 0 {
			return fmt.Errorf("all_yes 需要 field，且不用 threshold 和 years")
		}
		for _, code := range c.Fields {
			f := cat.Field(code)
			switch {
			case f == nil:
				return fmt.Errorf("未知字段「%s」（见 fields.csv）", code)
			case f.Kind != KindYesNo && f.Kind != KindYesNoNA:
				return fmt.Errorf("字段「%s」不是 是/否 题，不能用 all_yes", code)
			case c.NAOK && f.Kind != KindYesNoNA:
				return fmt.Errorf("字段「%s」没有「不涉及」选项，不能用 na_ok", code)
			}
		}
		return nil
	case c.Comparison == CmpAnyOf:
		if len(c.Fields) > 0 || len(c.Options) < 2 {
			return fmt.Errorf("any_of 需要至少两个 [[criterion.option]]，且自身不用 field 和 threshold")
		}
		if c.Years == YearsGrowth3 {
			return fmt.Errorf("any_of 不能用 growth_of_3")
		}
		for _, o := range c.Options {
			if !o.Comparison.Numeric() {
				return fmt.Errorf("option「%s」的比较方式「%s」无效（可用 >=、>、<=、<）", o.Label, o.Comparison)
			}
			if err := checkNumericFields(cat, o.Fields, c.Years); err != nil {
				return fmt.Errorf("option「%s」：%w", o.Label, err)
			}
		}
		return nil
	case c.Comparison == CmpExpert:
		if len(c.Fields) > 0 || c.Years != YearsBase || c.Part == 0 {
			return fmt.Errorf("expert（专家评审）需要 part（1–8），且不用 field、threshold 和 years")
		}
		return nil
	}
	return fmt.Errorf("比较方式「%s」无效（可用 >=、>、<=、<、all_yes、any_of、expert）", c.Comparison)
}

func checkNumericFields(cat *Catalog, codes []string, years Years) error {
	if len(codes) == 0 {
		return fmt.Errorf("缺少 field")
	}
	for _, code := range codes {
		f := cat.Field(code)
		switch {
		case f == nil:
			return fmt.Errorf("未知字段「%s」（见 fields.csv）", code)
		case !f.Kind.Numeric():
			return fmt.Errorf("字段「%s」不是数值，不能比较大小", code)
		case years != YearsBase && !f.Yearly:
			return fmt.Errorf("字段「%s」只有一个年度的值，不能用 %s", code, years)
		case years == YearsGrowth3 && (len(codes) > 1 || f.Kind != KindPercent):
			return fmt.Errorf("growth_of_3 只用于一个逐年增速字段（%%），「%s」不是", code)
		}
	}
	return nil
}
