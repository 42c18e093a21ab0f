package etl

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"clusterscope"
	"clusterscope/cmd/clusterscope/demo"
)

var update = flag.Bool("update", false, "rewrite application.schema.json and the JSON samples in testdata")

var samples = []string{"testdata/application.json", "testdata/followup.json"}

func TestSchemaUpToDate(t *testing.T) {
	want, err := generateSchema(clusterscope.DefaultCatalog())
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("application.schema.json", want, 0o644); err != nil {
			t.Fatal(err)
		}
		writeSamples(t)
		return
	}
	if Schema != string(want) {
		t.Error("application.schema.json is not what the catalog gives: run go test ./etl -run TestSchema -update")
	}
}

// writeSamples writes the JSON samples from the demo data: the first 宁夏
// candidate with an own target, and one year of the first recognised
// cluster's follow-up report.
func writeSamples(t *testing.T) {
	var b bytes.Buffer
	if err := demo.Write(&b, demo.Options{Recognised: 1}); err != nil {
		t.Fatal(err)
	}
	obs, problems := ReadCSV(b.Bytes(), "demo.csv")
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	var app, report []clusterscope.Observation
	own := ""
	for _, o := range obs {
		if strings.HasSuffix(o.Field, ":label") && own == "" && !strings.HasPrefix(o.ClusterID, "NX-2") {
			own = o.ClusterID
		}
	}
	first := 0
	for _, o := range obs {
		switch {
		case o.ClusterID == own:
			app = append(app, o)
		case o.Report > 0 && (first == 0 || o.Report == first):
			first = o.Report
			report = append(report, o)
		}
	}
	for i, s := range [][]clusterscope.Observation{app, report} {
		doc, err := EncodeJSON(s)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(samples[i], doc, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func decodeAny(t *testing.T, data []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestSchemaCoversCatalog: every catalog code is a property the schema
// allows, with the JSON type of its kind, and the schema has no other.
func TestSchemaCoversCatalog(t *testing.T) {
	cat := clusterscope.DefaultCatalog()
	s := decodeAny(t, []byte(Schema)).(map[string]any)
	if s["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema %v", s["$schema"])
	}
	defs := s["$defs"].(map[string]any)
	props := s["properties"].(map[string]any)
	at := func(m map[string]any, keys ...string) map[string]any {
		for _, k := range keys {
			next, ok := m[k].(map[string]any)
			if !ok {
				t.Fatalf("schema has no %s", strings.Join(keys, "."))
			}
			m = next
		}
		return m
	}
	// typeOf follows $ref to the JSON type a property allows.
	var typeOf func(p map[string]any) string
	typeOf = func(p map[string]any) string {
		if ref, ok := p["$ref"].(string); ok {
			return typeOf(defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any))
		}
		if ty, ok := p["type"].(string); ok {
			if ty == "integer" {
				return "number"
			}
			return ty
		}
		if _, ok := p["enum"]; ok {
			return "string"
		}
		return "?"
	}
	fields := at(props, "fields", "properties")
	actual := at(defs, "actual_year", "properties")
	for _, f := range cat.Fields {
		p, ok := fields[f.Code].(map[string]any)
		if !ok {
			t.Errorf("fields.%s is not in the schema", f.Code)
			continue
		}
		want := jsonType(f.Kind)
		if f.Yearly {
			ref, _ := p["$ref"].(string)
			p = defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
			if typeOf(p) != "object" {
				t.Errorf("fields.%s is yearly but not an object", f.Code)
			}
			p = p["additionalProperties"].(map[string]any)
		}
		if got := typeOf(p); got != want {
			t.Errorf("fields.%s: schema type %s, kind %s wants %s", f.Code, got, f.Kind, want)
		}
		if ap, ok := actual[f.Code].(map[string]any); !ok || typeOf(ap) != want {
			t.Errorf("actuals: %s missing or not %s", f.Code, want)
		}
	}
	if len(fields) != len(cat.Fields) {
		t.Errorf("schema has %d fields, catalog %d", len(fields), len(cat.Fields))
	}
	var required []string
	for _, r := range at(props, "fields")["required"].([]any) {
		required = append(required, r.(string))
	}
	var want []string
	for _, f := range cat.Fields {
		if f.Required {
			want = append(want, f.Code)
		}
	}
	if strings.Join(required, ",") != strings.Join(want, ",") {
		t.Errorf("required fields differ from fields.csv")
	}
	targets := at(props, "targets", "properties")
	for _, tg := range cat.Targets {
		p, ok := targets[tg.Code].(map[string]any)
		if !ok {
			t.Errorf("targets.%s is not in the schema", tg.Code)
			continue
		}
		want := "object"
		if tg.Rule == clusterscope.RuleQualitative {
			want = "string"
		}
		if got := typeOf(p); got != want {
			t.Errorf("targets.%s: %s, want %s", tg.Code, got, want)
		}
	}
	if len(targets) != len(cat.Targets) {
		t.Errorf("schema has %d targets, catalog %d", len(targets), len(cat.Targets))
	}
}

// TestSamplesAgreeWithSchema: the samples are valid by the schema, read
// without a problem and validate without an error; documents the schema
// refuses, ReadJSON or Validate refuse too.
func TestSamplesAgreeWithSchema(t *testing.T) {
	sc := &schemaCheck{root: decodeAny(t, []byte(Schema)).(map[string]any)}
	for _, name := range samples {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if errs := sc.check(sc.root, decodeAny(t, data), "$"); len(errs) > 0 {
			t.Errorf("%s against the schema: %v", name, errs)
		}
		obs, problems := ReadJSON(data, filepath.Base(name))
		if len(problems) > 0 || len(obs) == 0 {
			t.Errorf("%s: %d observations, problems %v", name, len(obs), problems)
		}
		for _, p := range Validate(name, obs) {
			if p.Severity == clusterscope.SevError {
				t.Errorf("%s: %s", name, p)
			}
		}
	}
	app, err := os.ReadFile(samples[0])
	if err != nil {
		t.Fatal(err)
	}
	fields := func(d map[string]any) map[string]any { return d["fields"].(map[string]any) }
	bad := []struct {
		name   string
		mutate func(d map[string]any)
	}{
		{"UnknownCode", func(d map[string]any) { fields(d)["cluster_nam"] = "甲" }},
		{"MissingRequired", func(d map[string]any) { delete(fields(d), "plan_text") }},
		{"WrongType", func(d map[string]any) { fields(d)["area_km2"] = "33.99" }},
		{"ShareAbove100", func(d map[string]any) { fields(d)["cloud_adoption"] = json.Number("100.5") }},
		{"CountNotWhole", func(d map[string]any) { fields(d)["overseas_branches"] = json.Number("1.5") }},
		{"TextTooLong", func(d map[string]any) { fields(d)["governance_text"] = strings.Repeat("治", 201) }},
		{"NotInEnum", func(d map[string]any) { fields(d)["chain_map"] = "有" }},
		{"BadYearKey", func(d map[string]any) {
			y := fields(d)["output_total"].(map[string]any)
			y["去年"] = y["2019"]
		}},
		{"UnknownTopKey", func(d map[string]any) { d["comment"] = "" }},
		{"OwnTargetWithCatalogCode", func(d map[string]any) {
			d["own_targets"].(map[string]any)["rd_spend"] = map[string]any{"label": "研发", "values": map[string]any{}}
		}},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			d := decodeAny(t, app).(map[string]any)
			c.mutate(d)
			if errs := sc.check(sc.root, d, "$"); len(errs) == 0 {
				t.Error("the schema accepts it")
			}
			doc, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			obs, problems := ReadJSON(doc, "bad.json")
			problems = append(problems, Validate("bad.json", obs)...)
			errs := 0
			for _, p := range problems {
				if p.Severity == clusterscope.SevError {
					errs++
				}
			}
			if errs == 0 {
				t.Error("ReadJSON and Validate accept it")
			}
		})
	}
}

// schemaCheck validates a document by the subset of JSON Schema that
// application.schema.json uses; an unknown keyword fails, so the subset
// cannot silently shrink.
type schemaCheck struct{ root map[string]any }

var annotations = map[string]bool{"$schema": true, "$id": true, "title": true, "description": true}

func (c *schemaCheck) check(s map[string]any, v any, at string) []string {
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, at+": "+fmt.Sprintf(format, args...)) }
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	obj, isObj := v.(map[string]any)
	for _, k := range keys {
		kw := s[k]
		switch k {
		case "$ref":
			def := c.root["$defs"].(map[string]any)[strings.TrimPrefix(kw.(string), "#/$defs/")]
			errs = append(errs, c.check(def.(map[string]any), v, at)...)
		case "type":
			if !hasType(v, kw.(string)) {
				fail("not %s", kw)
			}
		case "enum":
			found := false
			for _, e := range kw.([]any) {
				found = found || e == v
			}
			if !found {
				fail("%v not in enum", v)
			}
		case "not":
			if len(c.check(kw.(map[string]any), v, at)) == 0 {
				fail("matches not")
			}
		case "pattern":
			if s, ok := v.(string); ok && !regexp.MustCompile(kw.(string)).MatchString(s) {
				fail("%q does not match %s", s, kw)
			}
		case "minLength", "maxLength":
			if s, ok := v.(string); ok {
				n, _ := strconv.Atoi(string(kw.(json.Number)))
				if l := utf8.RuneCountInString(s); (k == "minLength" && l < n) || (k == "maxLength" && l > n) {
					fail("length %d against %s %d", l, k, n)
				}
			}
		case "minimum", "maximum":
			if x, ok := v.(json.Number); ok {
				f, _ := x.Float64()
				b, _ := kw.(json.Number).Float64()
				if (k == "minimum" && f < b) || (k == "maximum" && f > b) {
					fail("%v against %s %v", f, k, b)
				}
			}
		case "required":
			for _, r := range kw.([]any) {
				if _, ok := obj[r.(string)]; isObj && !ok {
					fail("lacks %s", r)
				}
			}
		case "minProperties":
			n, _ := strconv.Atoi(string(kw.(json.Number)))
			if isObj && len(obj) < n {
				fail("fewer than %d properties", n)
			}
		case "properties", "additionalProperties", "propertyNames":
			if !isObj {
				continue
			}
			props, _ := s["properties"].(map[string]any)
			for name, val := range obj {
				switch {
				case k == "propertyNames":
					errs = append(errs, c.check(kw.(map[string]any), name, at+"."+name+"(name)")...)
				case k == "properties" && props[name] != nil:
					errs = append(errs, c.check(props[name].(map[string]any), val, at+"."+name)...)
				case k == "additionalProperties" && props[name] == nil:
					if kw == false {
						fail("property %s not allowed", name)
					} else if sub, ok := kw.(map[string]any); ok {
						errs = append(errs, c.check(sub, val, at+"."+name)...)
					}
				}
			}
		default:
			if !annotations[k] && k != "$defs" {
				fail("unsupported keyword %s", k)
			}
		}
	}
	return errs
}

func hasType(v any, ty string) bool {
	switch x := v.(type) {
	case map[string]any:
		return ty == "object"
	case []any:
		return ty == "array"
	case string:
		return ty == "string"
	case bool:
		return ty == "boolean"
	case json.Number:
		if ty == "integer" {
			_, err := strconv.ParseInt(string(x), 10, 64)
			return err == nil
		}
		return ty == "number"
	}
	return ty == "null"
}
