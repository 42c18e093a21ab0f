package clusterscope

import (
	"math"
	"slices"
	"strings"
)

// ChangeFields are what a recognised cluster must report when it changes
// (主导产业、空间范围、运营管理机构): a change not reported is a cause to
// withdraw recognition. The area (占地面积) stands for the 空间范围.
var ChangeFields = []string{"operator", "area_km2", "leading_industry"}

// Change is a difference between a yearly report and what the cluster said
// before (its application, or an earlier report).
type Change struct {
	Field    string `json:"field"`
	Label    string `json:"label"`
	Year     int    `json:"year"`  // the report that shows it
	Since    int    `json:"since"` // the report that said From; 0 for the application
	From     string `json:"from"`
	To       string `json:"to"`
	Declared bool   `json:"declared"` // the report says a change happened (change_declared 是)
	Date     string `json:"date"`     // the change's date as the report gives it, "" when it gives none
}

// Reported is the change said as a sentence: what changed from what to
// what, and whether the report declared it.
func (c Change) Reported() Message {
	since := M("change.since_application")
	if c.Since > 0 {
		since = M("change.since_report", c.Since)
	}
	if c.Declared {
		return M("change.declared", c.Year, c.Label, c.From, c.To, since, orDash(c.Date))
	}
	return M("change.undeclared", c.Year, c.Label, c.From, c.To, since)
}

// DetectChanges compares each yearly report in obs (Report > 0) with what
// the cluster said last before it, the application (Report 0) to begin
// with, on the ChangeFields: a report that restates a field differently
// shows a change. A report that leaves a field out changes nothing.
// Numbers are compared to the form's two decimals, texts without their
// outer and repeated spaces.
func DetectChanges(obs []Observation) []Change {
	byReport := map[int]map[string]Observation{}
	for _, o := range obs {
		if byReport[o.Report] == nil {
			byReport[o.Report] = map[string]Observation{}
		}
		byReport[o.Report][o.Field] = o
	}
	var reports []int
	for r := range byReport {
		if r > 0 {
			reports = append(reports, r)
		}
	}
	slices.Sort(reports)
	cat := DefaultCatalog()
	var out []Change
	for _, field := range ChangeFields {
		last, since := byReport[0][field], 0
		_, known := byReport[0][field]
		for _, r := range reports {
			o, ok := byReport[r][field]
			if !ok {
				continue
			}
			if known && !sameValue(last, o) {
				c := Change{Field: field, Label: cat.Label(field), Year: r, Since: since, From: last.Text, To: o.Text}
				c.Declared = byReport[r]["change_declared"].Text == "是"
				c.Date = byReport[r]["change_date"].Text
				out = append(out, c)
			}
			last, since, known = o, r, true
		}
	}
	slices.SortStableFunc(out, func(a, b Change) int { return a.Year - b.Year })
	return out
}

func sameValue(a, b Observation) bool {
	if a.Num != nil && b.Num != nil {
		return math.Round(*a.Num*100) == math.Round(*b.Num*100)
	}
	return strings.Join(strings.Fields(a.Text), " ") == strings.Join(strings.Fields(b.Text), " ")
}
