package clusterscope

import "math"

// MilestoneStatus is how a recognised cluster's target stands in a
// follow-up year.
type MilestoneStatus string

// Milestone statuses.
const (
	OnTrack  MilestoneStatus = "on_track" // 达标
	AtRisk   MilestoneStatus = "at_risk"  // 有风险
	Behind   MilestoneStatus = "behind"   // 落后
	NoReport MilestoneStatus = "missing"  // 缺报: no follow-up report for the year, its due day past
	NotDue   MilestoneStatus = "not_due"  // 未到期: no report for the year yet, its due day still to come
)

// MilestoneLabel is a status in Chinese.
func MilestoneLabel(status MilestoneStatus) string {
	switch status {
	case OnTrack:
		return "达标"
	case AtRisk:
		return "有风险"
	case Behind:
		return "落后"
	case NoReport:
		return "缺报"
	case NotDue:
		return "未到期"
	}
	return string(status)
}

// MilestoneRule states the rule, as the monitoring page shows it, with the
// share of the planned change below which a cluster is 落后 (a rule set's
// AtRiskShare, e.g. 0.8).
func MilestoneRule(atRisk float64) Message {
	return M("milestone.rule", bound(round6(atRisk*100)))
}

// MilestonePath returns the target value for each year from baseYear+1 to
// baseYear+3: the applicant's own stage target where given, otherwise the
// constant-growth path from the baseline to the final target. ok is false
// when the path cannot be drawn (no final target, or a baseline ≤ 0 that
// growth cannot start from).
func MilestonePath(baseYear int, baseline float64, stages map[int]float64) (path map[int]float64, ok bool) {
	var given [3]*float64
	for k := range given {
		if v, ok := stages[baseYear+1+k]; ok {
			given[k] = &v
		}
	}
	steps, ok := MilestoneSteps(baseline, given)
	if !ok {
		return nil, false
	}
	path = map[int]float64{}
	for k, v := range steps {
		path[baseYear+1+k] = v
	}
	return path, true
}

// MilestoneSteps is MilestonePath of the three stage years in order, nil
// where a stage target is not given: without maps, for the 目标监测 page,
// which draws some 100,000 paths at 10,000 clusters.
func MilestoneSteps(baseline float64, stages [3]*float64) (path [3]float64, ok bool) {
	if stages[2] == nil {
		return path, false
	}
	final := *stages[2]
	for k, v := range stages {
		if v != nil {
			path[k] = *v
			continue
		}
		if baseline <= 0 || final <= 0 {
			return path, false
		}
		path[k] = baseline * math.Pow(final/baseline, float64(k+1)/3)
	}
	return path, true
}

// MilestoneFor is the status of a year whose actual cannot be judged
// against the plan on the day the report check c was judged: 未到期 while
// the report is still in time, 缺报 once its due day is past or when a
// report came without the figure.
func MilestoneFor(c ReportCheck) MilestoneStatus {
	if c.Received == nil && c.Status == ReportNotDue {
		return NotDue
	}
	return NoReport
}

// JudgeMilestone compares an actual with the year's target, both measured
// from the baseline; down is true for targets that must fall. At least
// atRisk of the planned change is 有风险, less is 落后. It returns the status
// and the share of the planned change achieved.
func JudgeMilestone(baseline, target, actual float64, down bool, atRisk float64) (MilestoneStatus, float64) {
	planned, achieved := target-baseline, actual-baseline
	if down {
		planned, achieved = -planned, -achieved
	}
	if planned <= 0 { // the plan is to hold the line: meeting it is enough
		if achieved >= planned {
			return OnTrack, 1
		}
		return Behind, 0
	}
	share := achieved / planned
	switch {
	case share >= 1:
		return OnTrack, share
	case share >= atRisk:
		return AtRisk, share
	}
	return Behind, share
}

// TargetFalls tells whether a target is met by going down: the catalog's
// reduction rules, an applicant's stated direction, or else its own values.
func TargetFalls(code string, direction TargetDirection, baseline, final float64) bool {
	if t := DefaultCatalog().Target(code); t != nil {
		return t.Rule == RuleReductionAbout
	}
	switch direction {
	case TargetDown:
		return true
	case TargetUp:
		return false
	}
	return final < baseline
}
