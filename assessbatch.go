package clusterscope

// BatchAssessment is a set of candidates judged, scored and recommended
// together under a call, as a city or province does it.
type BatchAssessment struct {
	Call           *Call                 `json:"call"`
	Assessments    map[string]Assessment `json:"assessments"` // by cluster id
	Ranking        []ScoreResult         `json:"ranking"`
	Recommendation Recommendation        `json:"recommendation"`
	Weights        Weights               `json:"weights"`
	TieBreak       string                `json:"tie_break"`
}

// AssessBatch judges every cluster by the rule set that applies to it among
// sets (see Call.RuleSets: the call's own set last, judging where no set
// restricted to a batch or region does), scores the set with w and picks
// the recommendation under sel's call. A cluster no set applies to is not
// assessed and cannot be recommended.
func AssessBatch(sets []*RuleSet, data []*ClusterData, w Weights, sel Selection) BatchAssessment {
	if w == nil {
		w = DefaultWeights()
	}
	out := BatchAssessment{Call: sel.Call, Assessments: map[string]Assessment{}, Weights: w, TieBreak: TieBreakRule}
	outcomes := map[string]Outcome{}
	for _, d := range data {
		rs := SelectRuleSet(sets, d.Cluster)
		if rs == nil {
			continue
		}
		a := AssessCluster(rs, d)
		out.Assessments[d.Cluster.ID] = a
		outcomes[d.Cluster.ID] = a.Outcome
	}
	out.Ranking = Score(data, w)
	out.Recommendation = Recommend(out.Ranking, outcomes, sel)
	return out
}
