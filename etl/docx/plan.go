package docx

import (
	"clusterscope"
	"clusterscope/etl/notice"
)

// planLine is a paragraph of part 八 that is the form's, not the
// applicant's: a heading, what to write under it, the 备注 under the target
// table. style is its paragraph style.
type planLine struct {
	text  string
	style string
}

// planBefore are part 八's lines up to the target table, planAfter those
// after it.
func planLines(cat *clusterscope.Catalog, batch int) (before, after []planLine) {
	before = append(before, planLine{notice.PlanLimit, styleCenter})
	cur := &before
	for _, s := range notice.Plan(batch) {
		*cur = append(*cur, planLine{s.Heading, headingStyle(s.Level)})
		if s.Guide != "" {
			*cur = append(*cur, planLine{s.Guide, styleGuide})
		}
		if s.Heading == notice.TargetsAfter {
			cur = &after
			after = append(after, remarks(cat, batch)...)
		}
	}
	return before, after
}

// remarks are the 备注 a–g under the target table.
func remarks(cat *clusterscope.Catalog, batch int) []planLine {
	out := []planLine{{notice.TargetRemark(batch), styleGuide}}
	var rules []string
	for _, t := range cat.Targets {
		if t.RuleText != "" {
			rules = append(rules, t.RuleText)
		}
	}
	for i, r := range rules {
		if i == len(rules)-1 {
			r += "）"
		}
		out = append(out, planLine{r, styleGuide})
	}
	return out
}

func headingStyle(level int) string {
	switch level {
	case 1:
		return styleHeading2
	case 2:
		return styleHeading3
	}
	return styleHeading4
}

// planTexts are the norms of part 八's own lines, which are not the plan's
// text when reading it.
func planTexts(cat *clusterscope.Catalog, batch int) map[string]bool {
	before, after := planLines(cat, batch)
	m := map[string]bool{}
	for _, l := range append(before, after...) {
		m[norm(l.text)] = true
	}
	return m
}
