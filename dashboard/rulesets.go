package dashboard

import (
	"strconv"

	"clusterscope"
	"clusterscope/warehouse"
)

// allRuleSets are the national default and the administrator's sets, in
// the order Call.RuleSets reads them (a later set of an id replaces it).
func (s *Server) allRuleSets() []*clusterscope.RuleSet {
	return append([]*clusterscope.RuleSet{warehouse.DefaultRuleSet()}, s.ruleSets()...)
}

// setsOutsideCall judge where no call names a set: the administrator's by
// their scope, the national default where none applies.
func (s *Server) setsOutsideCall() []*clusterscope.RuleSet {
	return append(append([]*clusterscope.RuleSet{}, s.ruleSets()...), warehouse.DefaultRuleSet())
}

// ruleSetFor is the set that judges c on the pages that show one cluster
// or many batches: as under its batch's national call, when there is one.
func (s *Server) ruleSetFor(c clusterscope.Cluster) *clusterscope.RuleSet {
	calls, _ := s.calls()
	if call := clusterscope.SelectCall(calls, c.Batch, ""); call != nil {
		if sets, err := call.RuleSets(s.allRuleSets()); err == nil {
			return clusterscope.SelectRuleSet(sets, c)
		}
	}
	return clusterscope.SelectRuleSet(s.setsOutsideCall(), c)
}

// pct writes a share as a percentage: 0.9 → 90.
func pct(share float64) string { return strconv.FormatFloat(round2(share*100), 'f', -1, 64) }
