package dashboard_test

import (
	"net/url"
	"strings"
	"testing"

	"clusterscope/cmd/clusterscope/demo"
)

// pickerPage is what the 集群档案 page says of its picker.
type pickerPage struct {
	Summary string `json:"summary"`
	Warning string `json:"warning"`
	Filters map[string]struct {
		Value   any `json:"value"`
		Options []struct {
			Value any    `json:"value"`
			Label string `json:"label"`
		} `json:"options"`
	} `json:"filters"`
}

func getPicker(t *testing.T, ts *testServer, path string) pickerPage {
	t.Helper()
	return jsonAs[pickerPage](t, ts, "ministry", path)
}

// TestProfilePicker: the 集群档案 picker of some 300 demo clusters lists
// the first 200 and says how many there are; a search lists its matches
// and shows the first; a cluster linked from another page is in the list
// even past the first 200; a search that finds nothing says so.
func TestProfilePicker(t *testing.T) {
	ts, _ := newDemoServer(t, demo.Options{})
	all := getPicker(t, ts, "/api/cluster")
	if n := len(all.Filters["id"].Options); n != 200 {
		t.Errorf("picker lists %d clusters, want the first 200", n)
	}
	if !strings.Contains(all.Summary, "可选集群共 315 个，列表中为前 200 个") {
		t.Errorf("summary does not say how many there are: %s", all.Summary)
	}

	found := getPicker(t, ts, "/api/cluster?q="+url.QueryEscape("枸杞"))
	opts := found.Filters["id"].Options
	if len(opts) == 0 || len(opts) >= 200 {
		t.Fatalf("search 枸杞 lists %d clusters", len(opts))
	}
	for _, o := range opts {
		if !strings.Contains(o.Label, "枸杞") {
			t.Errorf("search 枸杞 lists %s", o.Label)
		}
	}
	if found.Filters["id"].Value != opts[0].Value || !strings.Contains(found.Summary, "枸杞") || strings.Contains(found.Summary, "可选集群共") {
		t.Errorf("search 枸杞 shows %v: %s", found.Filters["id"].Value, found.Summary)
	}

	// the last batch's last cluster is the last of all, past the first 200
	later := getPicker(t, ts, "/api/cluster?batch=2024").Filters["id"].Options
	last := later[len(later)-1].Value.(string)
	if hasOption(all, last) {
		t.Fatalf("%s is among the first 200", last)
	}
	past := getPicker(t, ts, "/api/cluster?id="+last)
	if past.Filters["id"].Value != last || !hasOption(past, last) || len(past.Filters["id"].Options) != 201 ||
		!strings.Contains(past.Summary, "2024 年度批次") {
		t.Errorf("a linked cluster past the first 200 is not shown and listed: %v, %d options, %s", past.Filters["id"].Value,
			len(past.Filters["id"].Options), past.Summary)
	}

	none := getPicker(t, ts, "/api/cluster?q="+url.QueryEscape("没有这个集群"))
	if !strings.Contains(none.Warning, "没有名称含「没有这个集群」") || len(none.Filters["id"].Options) != 0 {
		t.Errorf("a search that finds nothing: %q, %d options", none.Warning, len(none.Filters["id"].Options))
	}
}

func hasOption(p pickerPage, v any) bool {
	for _, o := range p.Filters["id"].Options {
		if o.Value == v {
			return true
		}
	}
	return false
}
