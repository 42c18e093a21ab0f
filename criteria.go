package clusterscope

import (
	_ "embed"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
)

// defaultRuleSetTOML is the national set; it also documents the format.
//
//go:embed criteria-national-2022.toml
var defaultRuleSetTOML []byte

// Comparisons and year selections of a criterion.
const (
	CmpAllYes    = "all_yes" // every field answered 是 (or 不涉及 when NAOK)
	CmpAnyOf     = "any_of"  // any one of the options holds
	YearsBase    = "base"    // the year before the batch
	YearsEachOf3 = "each_of_3"
)

var numericCmps = []string{">=", ">", "<=", "<"}

// RuleSet is a set of recognition criteria (认定标准) with the scope it is
// for, read from a TOML file that an administrator can load without
// rebuilding; the format is documented at the top of the embedded default,
// criteria-national-2022.toml. In short: id, name, version, source and
// [scope] (batches, regions: empty means all), then one [[criterion]] per
// criterion with id, wording, source, label, field or fields (summed),
// comparison (>= > <= < all_yes any_of), threshold, years (base: the year
// before the batch, or each_of_3: 近三年…均), severity (fail, or warn for
// 一般…), na_ok (all_yes: 不涉及 accepted) and, for any_of, two or more
// [[criterion.option]] (label, fields, comparison, threshold). The wording
// fixes the edge: 以上/不少于/不超过/以下 include the bound (>= or <=),
// 高于/低于/超过 exclude it (> or <).
type RuleSet struct {
	ID       string      `json:"id"`
	Name     string      `json:"name"`
	Version  string      `json:"version"`
	Source   string      `json:"source"`
	Scope    RuleScope   `json:"scope"`
	Criteria []Criterion `json:"criteria"`
}

// RuleScope is where a rule set applies; an empty list means no restriction.
type RuleScope struct {
	Batches []int    `json:"batches" toml:"batches"`
	Regions []string `json:"regions" toml:"regions"` // province names as in regions/provinces.csv
}

// Criterion is one recognition criterion.
type Criterion struct {
	ID         string            `json:"id"`
	Wording    string            `json:"wording"` // the regulation's words, e.g. 近三年产值均在40亿元以上
	Source     string            `json:"source"`
	Label      string            `json:"label"`      // short name used in reasons
	Fields     []string          `json:"fields"`     // summed when more than one
	Comparison string            `json:"comparison"` // >= > <= < all_yes any_of
	Threshold  float64           `json:"threshold"`
	Years      string            `json:"years"`    // YearsBase or YearsEachOf3
	Severity   Outcome           `json:"severity"` // Fail or Warn: what failing counts as
	NAOK       bool              `json:"na_ok"`    // all_yes: 不涉及 is accepted
	Options    []CriterionOption `json:"options"`
}

// CriterionOption is one alternative of an any_of criterion.
type CriterionOption struct {
	Label      string   `json:"label"`
	Fields     []string `json:"fields"`
	Comparison string   `json:"comparison"`
	Threshold  float64  `json:"threshold"`
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
	defaultOnce sync.Once
	defaultSet  *RuleSet
	defaultErr  error
)

// DefaultRuleSet returns the embedded national set. It is checked by tests,
// so an error here is a build defect. Callers must not modify it.
func DefaultRuleSet() *RuleSet {
	defaultOnce.Do(func() { defaultSet, defaultErr = ParseRuleSet("criteria-national-2022.toml", defaultRuleSetTOML) })
	if defaultErr != nil {
		panic(defaultErr)
	}
	return defaultSet
}

type ruleSetFile struct {
	ID        string           `toml:"id"`
	Name      string           `toml:"name"`
	Version   string           `toml:"version"`
	Source    string           `toml:"source"`
	Scope     RuleScope        `toml:"scope"`
	Criterion []toml.Primitive `toml:"criterion"`
}

type criterionFile struct {
	ID         string       `toml:"id"`
	Wording    string       `toml:"wording"`
	Source     string       `toml:"source"`
	Label      string       `toml:"label"`
	Field      string       `toml:"field"`
	Fields     []string     `toml:"fields"`
	Comparison string       `toml:"comparison"`
	Threshold  *float64     `toml:"threshold"`
	Years      string       `toml:"years"`
	Severity   string       `toml:"severity"`
	NAOK       bool         `toml:"na_ok"`
	Option     []optionFile `toml:"option"`
}

type optionFile struct {
	Label      string   `toml:"label"`
	Fields     []string `toml:"fields"`
	Comparison string   `toml:"comparison"`
	Threshold  *float64 `toml:"threshold"`
}

var (
	criterionKeys = []string{"id", "wording", "source", "label", "field", "fields", "comparison",
		"threshold", "years", "severity", "na_ok", "option"}
	optionKeys  = []string{"label", "fields", "comparison", "threshold"}
	setIDRe     = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)
	criterionRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_]{0,63}$`)
	idLineRe    = regexp.MustCompile(`^\s*id\s*=\s*"([^"]*)"`)
)

// ParseRuleSet reads a rule set file; name is the file's name for messages.
// Every error is an *Error (EINVALID) whose Chinese message names the file
// and, where it lies in one, the criterion by number and id.
func ParseRuleSet(name string, data []byte) (*RuleSet, error) {
	var f ruleSetFile
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			if id := criterionAt(string(data), pe.Position.Line); id != "" {
				return nil, Errorf(EINVALID, "认定标准文件 %s：标准「%s」附近不是有效的 TOML：%s", name, id, pe.Error())
			}
		}
		return nil, Errorf(EINVALID, "认定标准文件 %s 不是有效的 TOML：%s", name, err)
	}
	rs := &RuleSet{ID: f.ID, Name: f.Name, Version: f.Version, Source: f.Source, Scope: f.Scope}
	for i, p := range f.Criterion {
		c, err := parseCriterion(&md, p, rs.Source)
		if err != nil {
			id := c.ID
			if id == "" {
				id = "缺 id"
			}
			return nil, Errorf(EINVALID, "认定标准文件 %s：第 %d 条标准「%s」：%s", name, i+1, id, err)
		}
		if slices.ContainsFunc(rs.Criteria, func(o Criterion) bool { return o.ID == c.ID }) {
			return nil, Errorf(EINVALID, "认定标准文件 %s：第 %d 条标准「%s」：id 重复", name, i+1, c.ID)
		}
		rs.Criteria = append(rs.Criteria, c)
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		return nil, Errorf(EINVALID, "认定标准文件 %s：未知的设置项 %s", name, keys[0])
	}
	if msg := rs.check(); msg != "" {
		return nil, Errorf(EINVALID, "认定标准文件 %s：%s", name, msg)
	}
	return rs, nil
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

// parseCriterion decodes one [[criterion]]; the returned Criterion carries
// its ID even on error, so the message can name it.
func parseCriterion(md *toml.MetaData, p toml.Primitive, setSource string) (Criterion, error) {
	var raw map[string]any
	if err := md.PrimitiveDecode(p, &raw); err != nil {
		return Criterion{}, err
	}
	id, _ := raw["id"].(string)
	c := Criterion{ID: id}
	if k := unknownKey(raw, criterionKeys); k != "" {
		return c, fmt.Errorf("未知的设置项「%s」", k)
	}
	if opts, ok := raw["option"].([]map[string]any); ok {
		for _, o := range opts {
			if k := unknownKey(o, optionKeys); k != "" {
				return c, fmt.Errorf("option 中未知的设置项「%s」", k)
			}
		}
	}
	var cf criterionFile
	if err := md.PrimitiveDecode(p, &cf); err != nil {
		return c, err
	}
	c = Criterion{ID: cf.ID, Wording: cf.Wording, Source: cf.Source, Label: cf.Label, Fields: cf.Fields,
		Comparison: cf.Comparison, Years: cf.Years, Severity: Outcome(cf.Severity), NAOK: cf.NAOK}
	if c.Source == "" {
		c.Source = setSource
	}
	if c.Years == "" {
		c.Years = YearsBase
	}
	if c.Severity == "" {
		c.Severity = Fail
	}
	if cf.Field != "" {
		if len(cf.Fields) > 0 {
			return c, fmt.Errorf("field 与 fields 只能填一个")
		}
		c.Fields = []string{cf.Field}
	}
	if cf.Threshold != nil {
		c.Threshold = *cf.Threshold
	}
	for _, o := range cf.Option {
		op := CriterionOption{Label: o.Label, Fields: o.Fields, Comparison: o.Comparison}
		if o.Threshold == nil {
			return c, fmt.Errorf("option「%s」缺少 threshold", o.Label)
		}
		op.Threshold = *o.Threshold
		c.Options = append(c.Options, op)
	}
	return c, c.check(DefaultCatalog(), cf.Threshold != nil)
}

func unknownKey(m map[string]any, known []string) string {
	var bad []string
	for k := range m {
		if !slices.Contains(known, k) {
			bad = append(bad, k)
		}
	}
	slices.Sort(bad)
	if len(bad) > 0 {
		return bad[0]
	}
	return ""
}

func (c *Criterion) check(cat *Catalog, hasThreshold bool) error {
	switch {
	case !criterionRe.MatchString(c.ID):
		return fmt.Errorf("id 无效：应为小写字母、数字和 _")
	case strings.TrimSpace(c.Wording) == "":
		return fmt.Errorf("缺少 wording（标准原文）")
	case c.Source == "":
		return fmt.Errorf("缺少 source（出处）")
	case c.Severity != Fail && c.Severity != Warn:
		return fmt.Errorf("severity「%s」无效（可用 fail、warn）", c.Severity)
	case c.Years != YearsBase && c.Years != YearsEachOf3:
		return fmt.Errorf("years「%s」无效（可用 base、each_of_3）", c.Years)
	case c.NAOK && c.Comparison != CmpAllYes:
		return fmt.Errorf("na_ok 只用于 all_yes")
	case len(c.Options) > 0 && c.Comparison != CmpAnyOf:
		return fmt.Errorf("option 只用于 any_of")
	}
	switch {
	case slices.Contains(numericCmps, c.Comparison):
		if !hasThreshold || math.IsNaN(c.Threshold) || math.IsInf(c.Threshold, 0) {
			return fmt.Errorf("比较方式 %s 需要有效的 threshold", c.Comparison)
		}
		return checkNumericFields(cat, c.Fields, c.Years)
	case c.Comparison == CmpAllYes:
		if hasThreshold || c.Years != YearsBase || len(c.Fields) == 0 {
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
		if hasThreshold || len(c.Fields) > 0 || len(c.Options) < 2 {
			return fmt.Errorf("any_of 需要至少两个 [[criterion.option]]，且自身不用 field 和 threshold")
		}
		for _, o := range c.Options {
			if !slices.Contains(numericCmps, o.Comparison) {
				return fmt.Errorf("option「%s」的比较方式「%s」无效（可用 >=、>、<=、<）", o.Label, o.Comparison)
			}
			if err := checkNumericFields(cat, o.Fields, c.Years); err != nil {
				return fmt.Errorf("option「%s」：%w", o.Label, err)
			}
		}
		return nil
	}
	return fmt.Errorf("比较方式「%s」无效（可用 >=、>、<=、<、all_yes、any_of）", c.Comparison)
}

func checkNumericFields(cat *Catalog, codes []string, years string) error {
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
		case years == YearsEachOf3 && !f.Yearly:
			return fmt.Errorf("字段「%s」只有一个年度的值，不能用 each_of_3", code)
		}
	}
	return nil
}

// criterionAt finds the id of the [[criterion]] around a line (1-based) of
// a TOML text, so a syntax error can name the criterion it lies in.
func criterionAt(text string, line int) string {
	lines := strings.Split(text, "\n")
	start := -1
	for i := 0; i < line && i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) == "[[criterion]]" {
			start = i
		}
	}
	if start < 0 {
		return ""
	}
	for _, l := range lines[start+1:] {
		if strings.HasPrefix(strings.TrimSpace(l), "[") && !strings.HasPrefix(strings.TrimSpace(l), "[[criterion.") {
			break
		}
		if m := idLineRe.FindStringSubmatch(l); m != nil {
			return m[1]
		}
	}
	return ""
}
