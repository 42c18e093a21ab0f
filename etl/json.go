package etl

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"unicode/utf8"

	"clusterscope"
	"clusterscope/dashboard/words"
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
		r.fail(nil, "", "", "", clusterscope.M("json.not_utf8"))
		return nil, r.problems
	}
	if len(bytes.TrimSpace(data)) == 0 {
		r.fail(nil, "", "", "", clusterscope.M("json.empty"))
		return nil, r.problems
	}
	root, err := parseJSON(data)
	if err != nil {
		var je *jsonError
		if errors.As(err, &je) {
			r.fail(&jnode{off: je.off}, "", "", "", clusterscope.M("json.invalid", je.msg))
		} else {
			r.fail(nil, "", "", "", clusterscope.M("json.invalid", err.Error()))
		}
		return nil, r.problems
	}
	r.document(root)
	if len(r.obs) == 0 && len(r.problems) == 0 {
		r.fail(root, "", "", "", clusterscope.M("json.no_data"))
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
func (r *jsonReader) fail(n *jnode, path, field, label string, m clusterscope.Message) {
	p := words.Posed(clusterscope.Problem{Severity: clusterscope.SevError, File: r.name, Cell: path,
		Field: field, Label: label}, m)
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
		r.fail(root, "", "", "", clusterscope.M("json.not_object", root.describe()))
		return
	}
	for i, k := range root.keys {
		if !slices.Contains(topKeys, k) {
			r.fail(root.vals[i], k, "", "", clusterscope.M("json.unknown_key", k, clusterscope.M("join.list", topKeys[1:])))
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
		r.fail(root, "cluster_id", "", "", clusterscope.M("json.no_cluster_id"))
		ok = false
	case n.kind != 0 || !isString(n):
		r.fail(n, "cluster_id", "", "", clusterscope.M("json.cluster_id_type", n.describe()))
		ok = false
	case !clusterscope.ValidClusterID(n.tok.(string)):
		r.fail(n, "cluster_id", "", "", clusterscope.M("entry.bad_cluster_id", n.tok))
		ok = false
	default:
		r.id = n.tok.(string)
	}
	n := root.get("batch")
	if n == nil {
		r.fail(root, "batch", "", "", clusterscope.M("json.no_batch"))
		return false
	}
	num, isNum := n.tok.(json.Number)
	b, err := strconv.Atoi(string(num))
	switch {
	case !isNum || err != nil:
		r.fail(n, "batch", "", "", clusterscope.M("json.batch_type", n.describe()))
		return false
	case b < clusterscope.FirstBatch || b > clusterscope.LastBatch:
		r.fail(n, "batch", "", "", clusterscope.M("entry.bad_batch", b, clusterscope.FirstBatch, clusterscope.LastBatch))
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
		r.fail(v, key, "", "", clusterscope.M("json.not_an_object", key, v.describe()))
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
			r.fail(v, path, code, r.cat.Label(code), clusterscope.M("json.target_in_fields", code))
		case f == nil:
			r.fail(v, path, code, "", clusterscope.M("json.unknown_field", code))
		case f.Yearly:
			r.years(v, path, code, f.Label, func(yn *jnode, ypath string, year int) {
				if year >= r.batch {
					r.fail(yn, ypath, code, f.Label, clusterscope.M("json.application_year", r.batch-3, r.batch-1, r.batch))
					return
				}
				r.value(yn, ypath, code, year, jsonType(f.Kind))
			})
		case v.kind != 0:
			r.fail(v, path, code, f.Label, clusterscope.M("json.single_value", v.describe()))
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
			r.fail(v, path, "target."+code, "", clusterscope.M("json.unknown_target", code))
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
			r.fail(v, path, field, "目标："+r.cat.Target(code).Label, clusterscope.M("json.own_is_target", code))
			continue
		case v.kind != '{':
			r.fail(v, path, field, label, clusterscope.M("json.own_not_object", v.describe()))
			continue
		case r.badOwnCode(v, path, field):
			continue
		case v.get("label") == nil:
			r.fail(v, path, field, label, clusterscope.M("json.own_no_label"))
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
				r.fail(kv, kpath, field, label, clusterscope.M("json.unknown_key", k, clusterscope.M("join.list", ownKeys)))
			}
		}
	}
}

// badOwnCode reports an own target's code that the catalog refuses, once
// for the target rather than for each of its values.
func (r *jsonReader) badOwnCode(n *jnode, path, field string) bool {
	if _, err := r.cat.Observe(r.id, r.batch, field+":label", 0, "-"); err != nil {
		r.fail(n, path, field, "", clusterscope.AsEntryError(err).Says)
		return true
	}
	return false
}

func (r *jsonReader) actuals(n *jnode) {
	r.years(n, "actuals", "", "", func(yn *jnode, ypath string, year int) {
		if year < r.batch {
			r.fail(yn, ypath, "", "", clusterscope.M("json.actual_year", r.batch))
			return
		}
		if yn.kind != '{' {
			r.fail(yn, ypath, "", "", clusterscope.M("json.actuals_not_object", yn.describe()))
			return
		}
		for i, code := range yn.keys {
			v, path := yn.vals[i], ypath+"."+code
			want := "number" // the target codes reported as actuals are numbers
			if f := r.cat.Field(code); f != nil {
				want = jsonType(f.Kind)
			} else if r.cat.Target(code) == nil {
				r.fail(v, path, code, "", clusterscope.M("entry.unknown_field", code))
				continue
			}
			r.value(v, path, code, year, want)
		}
	})
}

// years walks an object keyed by year.
func (r *jsonReader) years(n *jnode, path, field, label string, each func(v *jnode, path string, year int)) {
	if n.kind != '{' {
		r.fail(n, path, field, label, clusterscope.M("json.years_not_object", r.batch-1, n.describe()))
		return
	}
	for i, k := range n.keys {
		year, err := strconv.Atoi(k)
		if err != nil || len(k) != 4 {
			r.fail(n.vals[i], path+"."+k, field, label, clusterscope.M("json.not_a_year", k))
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
		r.fail(n, path, field, r.label(field), clusterscope.M("json.wrong_type", typeNames[want], n.describe()))
		return
	}
	o, err := r.cat.Observe(r.id, r.batch, field, year, raw)
	if err != nil {
		ee := clusterscope.AsEntryError(err)
		r.fail(n, path, field, ee.Label, ee.Says)
		return
	}
	o.Line = r.lines.line(n.off)
	r.obs = append(r.obs, o)
}

var typeNames = map[string]clusterscope.Message{"string": clusterscope.M("json.type_string"),
	"number": clusterscope.M("json.type_number"), "boolean": clusterscope.M("json.type_boolean")}

// label is the Chinese label of a field or target code, or "".
func (r *jsonReader) label(field string) string { return fieldLabel(r.cat, field) }

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
