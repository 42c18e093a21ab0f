package etl

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"clusterscope"
)

// ReadJSON reads one application or follow-up report written as a JSON
// document (see application.schema.json and Schema) and returns its typed
// observations and every problem. Each problem names the file, the line and,
// in Cell, the JSON path of the value (fields.output_total.2019), with the
// field's Chinese label. Problems of severity error refuse the whole file.
//
// The document is one object:
//
//	{
//	  "cluster_id": "NX-ZW-001",
//	  "batch": 2022,
//	  "fields":      {"cluster_name": "…", "output_total": {"2019": 45.2, "2020": 48.1, "2021": 52.1}, …},
//	  "targets":     {"output_total": {"2021": 52.1, "2022": 58, "2023": 63.5, "2024": 70}, "governance_goal": "…"},
//	  "own_targets": {"water_per_output": {"label": "单位产值用水量", "unit": "立方米/万元", "direction": "down", "values": {"2021": 9.5, "2024": 8.1}}},
//	  "actuals":     {"2023": {"output_total": 63.85, "rd_spend": 1.95}}
//	}
//
// fields holds the application: a yearly field is an object of years
// (batch-3 … batch-1), any other field one value. Numbers are JSON numbers,
// checks true or false, everything else a string. targets holds part 八 by
// the codes of targets.csv (a baseline year batch-1 and the batch years), a
// qualitative target as its text; own_targets the applicant's own targets.
// actuals holds the yearly follow-up report by year (batch and later). A
// follow-up report has only cluster_id, batch and actuals.
func ReadJSON(data []byte, name string) ([]clusterscope.Observation, []clusterscope.Problem) {
	r := &jsonReader{name: name, cat: clusterscope.DefaultCatalog()}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	r.lines = newLineIndex(data)
	if !utf8.Valid(data) {
		r.fail(nil, "", "", "", "文件不是 UTF-8 编码的文本，JSON 文件应为 UTF-8")
		return nil, r.problems
	}
	if len(bytes.TrimSpace(data)) == 0 {
		r.fail(nil, "", "", "", "文件为空：应为一个 JSON 对象（一份申报表或跟踪报告）")
		return nil, r.problems
	}
	root, err := parseJSON(data)
	if err != nil {
		var je *jsonError
		if errors.As(err, &je) {
			r.fail(&jnode{off: je.off}, "", "", "", "不是有效的 JSON：%s", je.msg)
		} else {
			r.fail(nil, "", "", "", "不是有效的 JSON：%v", err)
		}
		return nil, r.problems
	}
	r.document(root)
	if len(r.obs) == 0 && len(r.problems) == 0 {
		r.fail(root, "", "", "", "文档没有数据：fields、targets、own_targets、actuals 都为空")
	}
	return r.obs, r.problems
}

// jsonReader holds the state of one ReadJSON.
type jsonReader struct {
	name     string
	cat      *clusterscope.Catalog
	lines    lineIndex
	id       string
	batch    int
	obs      []clusterscope.Observation
	problems []clusterscope.Problem
}

// fail records an error at the value n (nil: the whole file).
func (r *jsonReader) fail(n *jnode, path, field, label, format string, args ...any) {
	p := clusterscope.Problem{Severity: clusterscope.SevError, File: r.name, Cell: path,
		Field: field, Label: label}.With(format, args...)
	if n != nil {
		p.Line = r.lines.line(n.off)
	}
	if len(r.problems) <= maxProblems {
		r.problems = append(r.problems, p)
	}
}

var topKeys = []string{"$schema", "cluster_id", "batch", "fields", "targets", "own_targets", "actuals"}

func (r *jsonReader) document(root *jnode) {
	if root.kind != '{' {
		r.fail(root, "", "", "", "文档应为一个 JSON 对象 {…}（一份申报表或跟踪报告），实为%s", root.describe())
		return
	}
	for i, k := range root.keys {
		if !slices.Contains(topKeys, k) {
			r.fail(root.vals[i], k, "", "", "未知的键「%s」（可用 %s）", k, strings.Join(topKeys[1:], "、"))
		}
	}
	if !r.identity(root) {
		return
	}
	if n := r.object(root, "fields"); n != nil {
		r.fields(n)
	}
	if n := r.object(root, "targets"); n != nil {
		r.targets(n)
	}
	if n := r.object(root, "own_targets"); n != nil {
		r.ownTargets(n)
	}
	if n := r.object(root, "actuals"); n != nil {
		r.actuals(n)
	}
}

// identity reads cluster_id and batch; without them no value can be typed.
func (r *jsonReader) identity(root *jnode) bool {
	ok := true
	switch n := root.get("cluster_id"); {
	case n == nil:
		r.fail(root, "cluster_id", "", "", "缺少 cluster_id（集群编号）")
		ok = false
	case n.kind != 0 || !isString(n):
		r.fail(n, "cluster_id", "", "", "cluster_id 应为字符串，实为%s", n.describe())
		ok = false
	case !clusterscope.ValidClusterID(n.tok.(string)):
		r.fail(n, "cluster_id", "", "", "集群编号「%s」无效：应为 1–64 位字母、数字、- 或 _", n.tok)
		ok = false
	default:
		r.id = n.tok.(string)
	}
	n := root.get("batch")
	if n == nil {
		r.fail(root, "batch", "", "", "缺少 batch（批次年份）")
		return false
	}
	num, isNum := n.tok.(json.Number)
	b, err := strconv.Atoi(string(num))
	switch {
	case !isNum || err != nil:
		r.fail(n, "batch", "", "", "batch 应为整数年份，实为%s", n.describe())
		return false
	case b < clusterscope.FirstBatch || b > clusterscope.LastBatch:
		r.fail(n, "batch", "", "", "批次「%d」无效：应为 %d–%d 之间的年份", b, clusterscope.FirstBatch, clusterscope.LastBatch)
		return false
	}
	r.batch = b
	return ok
}

// object returns the member key of n when it is an object, reporting any
// other value; nil when absent.
func (r *jsonReader) object(n *jnode, key string) *jnode {
	v := n.get(key)
	if v != nil && v.kind != '{' {
		r.fail(v, key, "", "", "「%s」应为对象 {…}，实为%s", key, v.describe())
		return nil
	}
	return v
}

func (r *jsonReader) fields(n *jnode) {
	for i, code := range n.keys {
		v, path := n.vals[i], "fields."+code
		f := r.cat.Field(code)
		switch {
		case f == nil && r.cat.Target(code) != nil:
			r.fail(v, path, code, r.cat.Label(code), "「%s」不是申报表字段：目标写在 targets 中，跟踪期实际值写在 actuals 中", code)
		case f == nil:
			r.fail(v, path, code, "", "未知字段代码「%s」（见 fields.csv）", code)
		case f.Yearly:
			r.years(v, path, code, f.Label, func(yn *jnode, ypath string, year int) {
				if year >= r.batch {
					r.fail(yn, ypath, code, f.Label, "申报表的年份应为 %d–%d；%d 年及以后的实际值写在 actuals 中", r.batch-3, r.batch-1, r.batch)
					return
				}
				r.value(yn, ypath, code, year, jsonType(f.Kind))
			})
		case v.kind != 0:
			r.fail(v, path, code, f.Label, "该字段不分年度，应为单个值，实为%s", v.describe())
		default:
			r.value(v, path, code, 0, jsonType(f.Kind))
		}
	}
}

func (r *jsonReader) targets(n *jnode) {
	for i, code := range n.keys {
		v, path := n.vals[i], "targets."+code
		t := r.cat.Target(code)
		switch {
		case t == nil:
			r.fail(v, path, "target."+code, "", "未知目标代码「%s」（见 targets.csv）；自定义目标写在 own_targets 中", code)
		case t.Rule == clusterscope.RuleQualitative:
			r.value(v, path, "target."+code, 0, "string")
		default:
			r.years(v, path, "target."+code, "目标："+t.Label, func(yn *jnode, ypath string, year int) {
				r.value(yn, ypath, "target."+code, year, "number")
			})
		}
	}
}

var ownKeys = []string{"label", "unit", "direction", "values"}

func (r *jsonReader) ownTargets(n *jnode) {
	for i, code := range n.keys {
		v, path, field := n.vals[i], "own_targets."+code, "target."+code
		label := "目标：" + code
		switch {
		case r.cat.Target(code) != nil:
			r.fail(v, path, field, "目标："+r.cat.Target(code).Label, "「%s」是 targets.csv 中的目标，应写在 targets 中", code)
			continue
		case v.kind != '{':
			r.fail(v, path, field, label, "自定义目标应为对象 {\"label\", \"unit\", \"direction\", \"values\"}，实为%s", v.describe())
			continue
		case r.badOwnCode(v, path, field):
			continue
		case v.get("label") == nil:
			r.fail(v, path, field, label, "自定义目标缺少 label（指标名称）")
		}
		for j, k := range v.keys {
			kv, kpath := v.vals[j], path+"."+k
			switch k {
			case "label", "unit", "direction":
				r.value(kv, kpath, field+":"+k, 0, "string")
			case "values":
				r.years(kv, kpath, field, label, func(yn *jnode, ypath string, year int) {
					r.value(yn, ypath, field, year, "number")
				})
			default:
				r.fail(kv, kpath, field, label, "未知的键「%s」（可用 %s）", k, strings.Join(ownKeys, "、"))
			}
		}
	}
}

// badOwnCode reports an own target's code that the catalog refuses, once
// for the target rather than for each of its values.
func (r *jsonReader) badOwnCode(n *jnode, path, field string) bool {
	if _, err := r.cat.Observe(r.id, r.batch, field+":label", 0, "-"); err != nil {
		r.fail(n, path, field, "", "%s", err)
		return true
	}
	return false
}

func (r *jsonReader) actuals(n *jnode) {
	r.years(n, "actuals", "", "", func(yn *jnode, ypath string, year int) {
		if year < r.batch {
			r.fail(yn, ypath, "", "", "跟踪期实际值的年份应为 %d 年及以后；申报表数据写在 fields 中", r.batch)
			return
		}
		if yn.kind != '{' {
			r.fail(yn, ypath, "", "", "应为该年各指标的对象 {\"代码\": 值}，实为%s", yn.describe())
			return
		}
		for i, code := range yn.keys {
			v, path := yn.vals[i], ypath+"."+code
			want := "number" // the target codes reported as actuals are numbers
			if f := r.cat.Field(code); f != nil {
				want = jsonType(f.Kind)
			} else if r.cat.Target(code) == nil {
				r.fail(v, path, code, "", "未知字段代码「%s」（见 fields.csv / targets.csv）", code)
				continue
			}
			r.value(v, path, code, year, want)
		}
	})
}

// years walks an object keyed by year.
func (r *jsonReader) years(n *jnode, path, field, label string, each func(v *jnode, path string, year int)) {
	if n.kind != '{' {
		r.fail(n, path, field, label, "应为按年份填写的对象，如 {\"%d\": …}，实为%s", r.batch-1, n.describe())
		return
	}
	for i, k := range n.keys {
		year, err := strconv.Atoi(k)
		if err != nil || len(k) != 4 {
			r.fail(n.vals[i], path+"."+k, field, label, "「%s」不是四位年份", k)
			continue
		}
		each(n.vals[i], path+"."+k, year)
	}
}

// value checks the JSON type of a scalar and types it by the catalog.
func (r *jsonReader) value(n *jnode, path, field string, year int, want string) {
	raw, ok := "", false
	switch t := n.tok.(type) {
	case string:
		raw, ok = t, want == "string"
	case json.Number:
		raw, ok = t.String(), want == "number"
	case bool:
		raw, ok = strconv.FormatBool(t), want == "boolean"
	}
	if n.kind != 0 || !ok {
		r.fail(n, path, field, r.label(field), "应为%s，实为%s", typeNames[want], n.describe())
		return
	}
	o, err := r.cat.Observe(r.id, r.batch, field, year, raw)
	if err != nil {
		label := ""
		var ee *clusterscope.EntryError
		if errors.As(err, &ee) {
			label = ee.Label
		}
		r.fail(n, path, field, label, "%s", err)
		return
	}
	o.Line = r.lines.line(n.off)
	r.obs = append(r.obs, o)
}

// label is the Chinese label of a field or target code, or "".
func (r *jsonReader) label(field string) string { return fieldLabel(r.cat, field) }

var typeNames = map[string]string{"string": "字符串", "number": "数字", "boolean": "true 或 false"}

// jsonType is the JSON type of a kind's values.
func jsonType(k clusterscope.Kind) string {
	switch {
	case k.Numeric():
		return "number"
	case k == clusterscope.KindCheck:
		return "boolean"
	}
	return "string"
}

func isString(n *jnode) bool { _, ok := n.tok.(string); return ok }
