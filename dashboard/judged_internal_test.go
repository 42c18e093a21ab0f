package dashboard

import (
	"testing"
	"time"

	"clusterscope"
	"clusterscope/warehouse"
)

// TestJudgedKey: a judgment is found again only for the same cluster,
// term, rule set (its contents, not only its name and version) and
// received years; the as-of day alone does not change it.
func TestJudgedKey(t *testing.T) {
	j := newJudged("")
	at := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
	row := func(received ...int) *dueRow {
		d := &dueRow{lifeRow: &lifeRow{Cluster: clusterscope.Cluster{ID: "NX-2022-0001", Batch: 2022}}}
		for _, y := range received {
			d.Reports = append(d.Reports, clusterscope.ReportCheck{Year: y, Received: &at})
		}
		d.Reports = append(d.Reports, clusterscope.ReportCheck{Year: 2025, Status: clusterscope.ReportMissing, DaysLate: 3})
		return d
	}
	key := func(d *dueRow, rs *clusterscope.RuleSet, term clusterscope.Term) judgedKey {
		return j.key(d, rs, term, clusterscope.ReceivedYears(d.Reports))
	}
	set := warehouse.DefaultRuleSet()
	edited := *set
	edited.Settings.AtRiskShare += 0.05 // same id and version
	term := clusterscope.Term{Start: 2023, End: 2025}
	base := key(row(2022, 2023), set, term)
	later := row(2022, 2023)
	later.Reports[2].DaysLate = 90
	if key(later, set, term) != base {
		t.Errorf("a later as-of day with the same reports changed the key")
	}
	for name, k := range map[string]judgedKey{
		"another report received": key(row(2022, 2023, 2024), set, term),
		"another term":            key(row(2022, 2023), set, clusterscope.Term{Start: 2026, End: 2028}),
		"the set's contents":      key(row(2022, 2023), &edited, term),
	} {
		if k == base {
			t.Errorf("%s: same key %+v", name, k)
		}
	}
}
