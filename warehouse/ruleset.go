package warehouse

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"clusterscope"
)

// RuleSetDir is where an administrator puts further rule sets (认定标准,
// e.g. one for the western provinces), as TOML files, without rebuilding.
const RuleSetDir = "rulesets"

// defaultRuleSetTOML is the national set; it also documents the format.
//
//go:embed criteria-national-2022.toml
var defaultRuleSetTOML []byte

var (
	defaultOnce sync.Once
	defaultSet  *clusterscope.RuleSet
	defaultErr  error
)

// DefaultRuleSet returns the embedded national set. It is checked by tests,
// so an error here is a build defect. Callers must not modify it.
func DefaultRuleSet() *clusterscope.RuleSet {
	defaultOnce.Do(func() { defaultSet, defaultErr = ParseRuleSet("criteria-national-2022.toml", defaultRuleSetTOML) })
	if defaultErr != nil {
		panic(defaultErr)
	}
	return defaultSet
}

// RuleSets reads every rule set in the warehouse's rulesets folder, in file
// name order. One bad file is an error naming it: judging by a silently
// skipped set would be worse than not starting.
func (w *Warehouse) RuleSets() ([]*clusterscope.RuleSet, error) {
	return readAll(w, RuleSetDir, ParseRuleSet)
}

// AllRuleSets are the national default followed by the administrator's sets.
func (w *Warehouse) AllRuleSets() ([]*clusterscope.RuleSet, error) {
	sets, err := w.RuleSets()
	return append([]*clusterscope.RuleSet{DefaultRuleSet()}, sets...), err
}

// AddRuleSet checks a rule set file and puts it in the rulesets folder
// under its own name, replacing one of that name; nothing is written when it
// is wrong.
func (w *Warehouse) AddRuleSet(name string, data []byte) (*clusterscope.RuleSet, error) {
	return install(w, RuleSetDir, name, data, ParseRuleSet)
}

type ruleSetFile struct {
	ID        string           `toml:"id"`
	Name      string           `toml:"name"`
	Version   string           `toml:"version"`
	Source    string           `toml:"source"`
	Scope     scopeFile        `toml:"scope"`
	Settings  settingsFile     `toml:"settings"`
	Criterion []toml.Primitive `toml:"criterion"`
}

type scopeFile struct {
	Batches []int    `toml:"batches"`
	Regions []string `toml:"regions"`
}

type settingsFile struct {
	AboutShare  *float64 `toml:"about_share"`
	AtRiskShare *float64 `toml:"at_risk_share"`
}

type criterionFile struct {
	ID         string                  `toml:"id"`
	Part       int                     `toml:"part"`
	Wording    string                  `toml:"wording"`
	Source     string                  `toml:"source"`
	Label      string                  `toml:"label"`
	Field      string                  `toml:"field"`
	Fields     []string                `toml:"fields"`
	Comparison clusterscope.Comparison `toml:"comparison"`
	Threshold  *float64                `toml:"threshold"`
	Off        bool                    `toml:"off"`
	Years      clusterscope.Years      `toml:"years"`
	Severity   string                  `toml:"severity"`
	NAOK       bool                    `toml:"na_ok"`
	Option     []optionFile            `toml:"option"`
}

type optionFile struct {
	Label      string                  `toml:"label"`
	Fields     []string                `toml:"fields"`
	Comparison clusterscope.Comparison `toml:"comparison"`
	Threshold  *float64                `toml:"threshold"`
}

var (
	criterionKeys = []string{"id", "part", "wording", "source", "label", "field", "fields", "comparison",
		"threshold", "off", "years", "severity", "na_ok", "option"}
	optionKeys = []string{"label", "fields", "comparison", "threshold"}
)

// ParseRuleSet reads a rule set file; name is the file's name for messages.
// Every error is an *Error (EINVALID) whose Chinese message names the file
// and, where it lies in one, the criterion by number and id.
func ParseRuleSet(name string, data []byte) (*clusterscope.RuleSet, error) {
	var f ruleSetFile
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			if id := criterionAt(string(data), pe.Position.Line); id != "" {
				return nil, clusterscope.Errorf(clusterscope.EINVALID, "认定标准文件 %s：标准「%s」附近不是有效的 TOML：%s", name, id, pe.Error())
			}
		}
		return nil, clusterscope.Errorf(clusterscope.EINVALID, "认定标准文件 %s 不是有效的 TOML：%s", name, err)
	}
	rs := &clusterscope.RuleSet{ID: f.ID, Name: f.Name, Version: f.Version, Source: f.Source,
		Scope:    clusterscope.RuleScope{Batches: f.Scope.Batches, Regions: f.Scope.Regions},
		Settings: clusterscope.DefaultRuleSettings()}
	if f.Settings.AboutShare != nil {
		rs.Settings.AboutShare = *f.Settings.AboutShare
	}
	if f.Settings.AtRiskShare != nil {
		rs.Settings.AtRiskShare = *f.Settings.AtRiskShare
	}
	for i, p := range f.Criterion {
		c, err := decodeCriterion(&md, p, rs.Source)
		if err != nil {
			id := c.ID
			if id == "" {
				id = "缺 id"
			}
			return nil, clusterscope.Errorf(clusterscope.EINVALID, "认定标准文件 %s：第 %d 条标准「%s」：%s", name, i+1, id, err)
		}
		rs.Criteria = append(rs.Criteria, c)
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		return nil, clusterscope.Errorf(clusterscope.EINVALID, "认定标准文件 %s：未知的设置项 %s", name, keys[0])
	}
	if err := rs.Validate(); err != nil {
		return nil, clusterscope.Errorf(clusterscope.EINVALID, "认定标准文件 %s：%s", name, err)
	}
	return rs, nil
}

// decodeCriterion decodes one [[criterion]] and checks what only its file
// shows: unknown keys and which keys are there at all. The returned
// Criterion carries its ID even on error, so the message can name it.
func decodeCriterion(md *toml.MetaData, p toml.Primitive, setSource string) (clusterscope.Criterion, error) {
	var raw map[string]any
	if err := md.PrimitiveDecode(p, &raw); err != nil {
		return clusterscope.Criterion{}, err
	}
	id, _ := raw["id"].(string)
	c := clusterscope.Criterion{ID: id}
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
	c = clusterscope.Criterion{ID: cf.ID, Part: cf.Part, Wording: cf.Wording, Source: cf.Source, Label: cf.Label,
		Fields: cf.Fields, Comparison: cf.Comparison, Off: cf.Off, Years: cf.Years,
		Severity: clusterscope.Outcome(cf.Severity), NAOK: cf.NAOK}
	if c.Source == "" {
		c.Source = setSource
	}
	if c.Years == "" {
		c.Years = clusterscope.YearsBase
	}
	// a value none of the allowed is named as written, before anything is
	// said of what it would need
	if err := oneOf("comparison", c.Comparison, clusterscope.Comparisons); err != nil {
		return c, err
	}
	if err := oneOf("years", c.Years, clusterscope.AllYears); err != nil {
		return c, err
	}
	if c.Severity == "" {
		c.Severity = clusterscope.Fail
	}
	if cf.Field != "" {
		if len(cf.Fields) > 0 {
			return c, fmt.Errorf("field 与 fields 只能填一个")
		}
		c.Fields = []string{cf.Field}
	}
	switch {
	case cf.Threshold != nil && cf.Off:
		// an administrator who sets the figure removes off: both would leave
		// a figure nobody judges by
		return c, fmt.Errorf("off 表示数值标准未设定，不能同时填 threshold（设定数值后删去 off）")
	case cf.Threshold != nil && !c.Comparison.Numeric():
		return c, fmt.Errorf("比较方式「%s」不用 threshold", c.Comparison)
	case cf.Threshold == nil && !cf.Off && c.Comparison.Numeric():
		return c, fmt.Errorf("比较方式 %s 需要有效的 threshold（数值未公布时写 off = true）", c.Comparison)
	case cf.Threshold != nil:
		c.Threshold = *cf.Threshold
	}
	if raw["years"] != nil && c.Comparison == clusterscope.CmpAllYes {
		return c, fmt.Errorf("all_yes 需要 field，且不用 threshold 和 years")
	}
	for _, o := range cf.Option {
		if err := oneOf("comparison", o.Comparison, clusterscope.NumericComparisons); err != nil {
			return c, fmt.Errorf("option「%s」：%w", o.Label, err)
		}
		if o.Threshold == nil {
			return c, fmt.Errorf("option「%s」缺少 threshold", o.Label)
		}
		c.Options = append(c.Options, clusterscope.CriterionOption{Label: o.Label, Fields: o.Fields,
			Comparison: o.Comparison, Threshold: *o.Threshold})
	}
	return c, nil
}

// oneOf refuses a value that is none of those allowed, naming the key, the
// value and what may be written instead.
func oneOf[T ~string](key string, v T, allowed []T) error {
	if slices.Contains(allowed, v) {
		return nil
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	return fmt.Errorf("%s「%s」无效（可用 %s）", key, v, strings.Join(names, "、"))
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

// ruleSetFiles returns the rule set files in the warehouse, relative, in
// name order.
func (w *Warehouse) ruleSetFiles() ([]string, error) { return w.filesIn(RuleSetDir, ".toml") }

// filesIn returns the files of the folder sub of the warehouse whose names
// end in ext ("" for any), relative, in name order; none when it is absent.
func (w *Warehouse) filesIn(sub, ext string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(w.dir, sub)) // sorted by name
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("read %s: %w", sub, err)
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ext) {
			out = append(out, sub+"/"+e.Name())
		}
	}
	return out, nil
}
