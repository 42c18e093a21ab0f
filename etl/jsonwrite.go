package etl

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"clusterscope"
)

// EncodeJSON writes the observations of one cluster and batch as the JSON
// document that ReadJSON reads (see ReadJSON), indented, keys in the order
// the observations come. ReadJSON gives the same observations back.
func EncodeJSON(obs []clusterscope.Observation) ([]byte, error) {
	if len(obs) == 0 {
		return nil, fmt.Errorf("encode json: no observations")
	}
	cat := clusterscope.DefaultCatalog()
	id, batch := obs[0].ClusterID, obs[0].Batch
	root := &jobj{}
	root.set("cluster_id", id)
	root.set("batch", json.Number(strconv.Itoa(batch)))
	for _, o := range obs {
		if o.ClusterID != id || o.Batch != batch {
			return nil, fmt.Errorf("encode json: %s %d and %s %d in one document", id, batch, o.ClusterID, o.Batch)
		}
		path := strings.Split(jsonPath(cat, o), ".")
		obj := root
		for _, k := range path[:len(path)-1] {
			obj = obj.child(k)
		}
		obj.set(path[len(path)-1], jsonValue(cat, o))
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(root); err != nil {
		return nil, fmt.Errorf("encode json: %w", err)
	}
	return b.Bytes(), nil
}

// jsonPath is where ReadJSON finds the observation's value:
// fields.output_total.2019, targets.output_total.2024,
// own_targets.water_per_output.values.2024, actuals.2023.rd_spend.
func jsonPath(cat *clusterscope.Catalog, o clusterscope.Observation) string {
	year := strconv.Itoa(o.Year)
	if code, ok := strings.CutPrefix(o.Field, "target."); ok {
		code, meta, hasMeta := strings.Cut(code, ":")
		switch t := cat.Target(code); {
		case t != nil && o.Year == 0:
			return "targets." + code
		case t != nil:
			return "targets." + code + "." + year
		case hasMeta:
			return "own_targets." + code + "." + meta
		}
		return "own_targets." + code + ".values." + year
	}
	if o.Report > 0 {
		return "actuals." + year + "." + o.Field
	}
	if f := cat.Field(o.Field); f != nil && f.Yearly && o.Year != 0 {
		return "fields." + o.Field + "." + year
	}
	return "fields." + o.Field
}

// jsonValue is the observation's value as its JSON type.
func jsonValue(cat *clusterscope.Catalog, o clusterscope.Observation) any {
	if o.Num != nil {
		return json.Number(o.Text)
	}
	if f := cat.Field(o.Field); f != nil && f.Kind == clusterscope.KindCheck {
		return o.Text == "true"
	}
	return o.Text
}

// jobj is a JSON object that keeps its keys in insertion order.
type jobj struct {
	keys  []string
	vals  []any
	index map[string]int
}

func (j *jobj) set(key string, v any) {
	if i, ok := j.index[key]; ok {
		j.vals[i] = v
		return
	}
	if j.index == nil {
		j.index = map[string]int{}
	}
	j.index[key] = len(j.keys)
	j.keys = append(j.keys, key)
	j.vals = append(j.vals, v)
}

// child returns the object under key, adding it when missing.
func (j *jobj) child(key string) *jobj {
	if i, ok := j.index[key]; ok {
		if c, ok := j.vals[i].(*jobj); ok {
			return c
		}
	}
	c := &jobj{}
	j.set(key, c)
	return c
}

// MarshalJSON writes the object with its keys in order.
func (j *jobj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	b.WriteByte('{')
	for i, k := range j.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := enc.Encode(k); err != nil {
			return nil, err
		}
		b.Truncate(b.Len() - 1) // Encode's newline
		b.WriteByte(':')
		if err := enc.Encode(j.vals[i]); err != nil {
			return nil, err
		}
		b.Truncate(b.Len() - 1)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
