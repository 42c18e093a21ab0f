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
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("kept rows:\n got %#v\nwant %#v", got, want)
	}
	for i := range want {
		for key, v := range want[i] {
			if reflect.TypeOf(got[i][key]) != reflect.TypeOf(v) {
				t.Errorf("row %d %s: %T, want %T", i, key, got[i][key], v)
			}
		}
	}
	*got[0]["output"].(*float64) = 7 // nor does a reader of them
	if again := k.tables[0].window(tableAsk{}, 0, 1); *again[0]["output"].(*float64) != 123.45 {
		t.Errorf("a reader's write reached the kept table: %v", *again[0]["output"].(*float64))
	}
	desc := k.tables[0].window(tableAsk{Sort: "output", Desc: true}, 0, 2)
	if *desc[0]["output"].(*float64) != 123.45 || *desc[1]["output"].(*float64) != -2 {
		t.Errorf("sorted by output, descending: %v", desc)
	}
}
