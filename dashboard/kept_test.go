package dashboard

import (
	"reflect"
	"testing"
)

// TestKeptTablesGiveBackTheirRows checks that a table kept as columns
// gives back each row as it was built: the same keys, the same Go types
// (downloads write an int64 without decimals and a *float64 with two), the
// same text, and no key a row did not have.
func TestKeptTablesGiveBackTheirRows(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	type link struct{ Href string }
	rows := []map[string]any{
		{"name": "中宁枸杞产业集群", "output": f(123.45), "rank": int64(1), "share": 0.5, "n": 3, "flag": true},
		{"name": "", "output": (*float64)(nil), "rank": nil, "note": "无"},
		{"output": f(-2), "links": []link{{"/cluster?id=NX-ZW-001"}}},
		{},
		{"name": "宁夏 · 吴忠", "share": 1e-9, "note": ""},
	}
	want := make([]map[string]any, len(rows))
	for i, r := range rows {
		want[i] = map[string]any{}
		for k, v := range r {
			want[i][k] = v
		}
	}
	k, err := keep(&view{Tables: []*table{{ID: "t", Rows: rows}}})
	if err != nil {
		t.Fatal(err)
	}
	*rows[0]["output"].(*float64) = 0 // what built the rows changes nothing kept
	got := k.tables[0].window(tableAsk{}, 0, len(want))
	want[0]["output"] = f(123.45)
	sameRows(t, "kept rows", got, want)
	*got[0]["output"].(*float64) = 7 // nor does a reader of them
	if again := k.tables[0].window(tableAsk{}, 0, 1); *again[0]["output"].(*float64) != 123.45 {
		t.Errorf("a reader's write reached the kept table: %v", *again[0]["output"].(*float64))
	}
	desc := k.tables[0].window(tableAsk{Sort: "output", Desc: true}, 0, 2)
	if *desc[0]["output"].(*float64) != 123.45 || *desc[1]["output"].(*float64) != -2 {
		t.Errorf("sorted by output, descending: %v", desc)
	}
}

// TestBuiltRowsAreKeptRows checks that rows built straight into columns
// (the tracks, reminders and due tables) come back as the same rows made
// as maps would: each key a row was given, with its Go type, and none it
// was not; and that its downloads hold them too.
func TestBuiltRowsAreKeptRows(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	rows := []map[string]any{
		{"name": "中宁枸杞产业集群", "target": f(12.5), "days": int64(3), "share": int64(7)},
		{"name": "", "target": (*float64)(nil)},
		{"days": int64(0), "share": f(0.25)},
		{},
		{"name": "宁夏 · 吴忠", "target": f(-1)},
	}
	b := newRowsBuilder(len(rows), "name", "target", "days", "share", "never")
	for _, r := range rows {
		b.next()
		if v, ok := r["name"]; ok {
			b.text("name", v.(string))
		}
		if v, ok := r["target"]; ok {
			b.num("target", v.(*float64))
		}
		if v, ok := r["days"]; ok {
			b.int("days", v.(int64))
		}
		if v, ok := r["share"]; ok {
			b.cell("share", v)
		}
	}
	built := &table{ID: "t", Columns: []column{{Key: "name"}, {Key: "target"}}}
	b.rows(built)
	sameRows(t, "download rows", built.allRows(), rows)
	k, err := keep(&view{Tables: []*table{built}})
	if err != nil {
		t.Fatal(err)
	}
	sameRows(t, "kept rows", k.tables[0].window(tableAsk{}, 0, len(rows)), rows)
	if desc := k.tables[0].window(tableAsk{Sort: "target", Desc: true}, 0, 2); *desc[0]["target"].(*float64) != 12.5 {
		t.Errorf("sorted by target, descending: %v", desc)
	}
}

// sameRows fails the test unless got holds want's rows: the same keys and
// values, each of the same Go type (downloads write an int64 without
// decimals and a *float64 with two).
func sameRows(t *testing.T, what string, got, want []map[string]any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s:\n got %#v\nwant %#v", what, got, want)
	}
	for i := range want {
		for key, v := range want[i] {
			if reflect.TypeOf(got[i][key]) != reflect.TypeOf(v) {
				t.Errorf("%s, row %d %s: %T, want %T", what, i, key, got[i][key], v)
			}
		}
	}
}
