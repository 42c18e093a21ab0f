package dashboard

import (
	"slices"
	"testing"

	"clusterscope"
)

// TestMonitorOrdersAsTheRowsUsedTo: target.Progress comes unsorted, so
// the by-indicator bars and the rule sets named in the rule follow the
// first track of each by cluster, code and batch — the order the rows
// came in when they were sorted — whatever order they come in now.
func TestMonitorOrdersAsTheRowsUsedTo(t *testing.T) {
	counted := map[string]*codeCount{
		"rd_spend":     {statuses: [5]int{1, 0, 0, 2, 0}, first: trackKey{"GD-2022-0001", "rd_spend", 2022}},
		"output_total": {statuses: [5]int{0, 0, 0, 3, 0}, first: trackKey{"GD-2022-0001", "output_total", 2022}},
		"quality_smes": {statuses: [5]int{0, 1, 0, 0, 0}, first: trackKey{"AH-2023-0007", "quality_smes", 2023}},
	}
	c := countCodes(zh, counted)
	want := []string{targetLabel(zh, "quality_smes"), targetLabel(zh, "output_total"), targetLabel(zh, "rd_spend")}
	if !slices.Equal(c.groups, want) {
		t.Errorf("by-indicator groups %v, want %v", c.groups, want)
	}
	if got := c.stack(string(clusterscope.OnTrack), "", "").Counts; !slices.Equal(got, []float64{0, 3, 2}) {
		t.Errorf("达标 per group %v, want [0 3 2]", got)
	}
	if got := c.stack(string(clusterscope.Behind), "", "").Counts; !slices.Equal(got, []float64{0, 0, 1}) {
		t.Errorf("落后 per group %v, want [0 0 1]", got)
	}

	a, b := &clusterscope.RuleSet{ID: "a"}, &clusterscope.RuleSet{ID: "b"}
	k := &tracker{used: map[*clusterscope.RuleSet]trackKey{
		a: {"NX-2022-0002", "output_total", 2022},
		b: {"NX-2022-0002", "energy_per_output", 2022},
	}}
	if got := k.usedSets(); !slices.Equal(got, []*clusterscope.RuleSet{b, a}) {
		t.Errorf("rule sets in the order %v, %v: want b (its first track's code comes first), then a", got[0].ID, got[1].ID)
	}
}
