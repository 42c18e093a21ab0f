package clusterscope

// BatchAssessment is a set of candidates judged, scored and recommended
// together, as a city or province does it.
type BatchAssessment struct {
	Assessments    map[string]Assessment `json:"assessments"` // by cluster id
	Ranking        []ScoreResult         `json:"ranking"`
	Recommendation Recommendation        `json:"recommendation"`
	Weights        Weights               `json:"weights"`
	TieBreak       string                `json:"tie_break"`
}

// AssessBatch judges every cluster by the rule set that applies to it
// (SelectRuleSet among sets: the caller gives the national default too),
// scores the set with w and picks the recommendation within q. A cluster no
// set applies to is not assessed and cannot be recommended.
func AssessBatch(sets []*RuleSet, data []*ClusterData, w Weights, q Quotas, overrides []Override) BatchAssessment {
	cat := DefaultCatalog()
	if w == nil {
		w = DefaultWeights()
	}
	out := BatchAssessment{Assessments: map[string]Assessment{}, Weights: w, TieBreak: TieBreakRule}
	outcomes := map[string]Outcome{}
	for _, d := range data {
		rs := SelectRuleSet(sets, d.Cluster)
		if rs == nil {
			continue
		}
		a := AssessCluster(rs, cat, d)
		out.Assessments[d.Cluster.ID] = a
		outcomes[d.Cluster.ID] = a.Outcome
	}
	out.Ranking = Score(data, w)
	out.Recommendation = Recommend(out.Ranking, outcomes, q, overrides)
	return out
}
