package main

import (
	"bytes"
	"os"
	"time"

	"clusterscope"
	"clusterscope/cmd/clusterscope/demo"
	"clusterscope/dashboard"
	"clusterscope/etl"
	"clusterscope/warehouse"
	"clusterscope/warehouse/region"
)

// demoProvince is the province of the demo's candidates.
const demoProvince = "宁夏回族自治区"

// recordDemoReview records the demo's review of the 2022 宁夏 call
// (demo.Review) through the review's own rules, as its reviewers would
// have taken each step: the criteria pre-fill each 初审, the calls' quotas
// hold. An application with any decision already is left as it is, so a
// second `demo` changes nothing. csv is the demo's data, which the
// pre-fills are judged on. It returns how many steps it recorded.
func recordDemoReview(wh *warehouse.Warehouse, csvPath string) (int, error) {
	data, err := os.ReadFile(csvPath)
	if err != nil {
		return 0, err
	}
	obs, _ := etl.ReadCSV(bytes.TrimPrefix(data, []byte("\ufeff")), demoFile)
	calls, err := wh.AllCalls()
	if err != nil {
		return 0, err
	}
	sets, err := wh.RuleSets()
	if err != nil {
		return 0, err
	}
	national := clusterscope.SelectCall(calls, 2022, "")
	own := clusterscope.SelectCall(calls, 2022, demoProvince)
	judging, err := national.RuleSets(append([]*clusterscope.RuleSet{warehouse.DefaultRuleSet()}, sets...))
	if err != nil {
		return 0, err
	}
	existing, err := wh.DecisionHistories(clusterscope.KindApplication, 2022)
	if err != nil {
		return 0, err
	}
	byID := map[string][]clusterscope.Observation{}
	for _, o := range obs {
		byID[o.ClusterID] = append(byID[o.ClusterID], o)
	}
	histories := map[string]clusterscope.ReviewHistory{}
	taken := map[bool][]clusterscope.Cluster{} // recommended by the cities, by the province
	units := map[string]clusterscope.QuotaUnit{}
	y, m, d := time.Now().Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	n := 0
	for _, st := range demo.Review() {
		if len(existing[st.ID]) > 0 || byID[st.ID] == nil {
			continue // reviewed already, or not in this demo
		}
		app := clusterscope.NewClusterData(clusterscope.Cluster{ID: st.ID, Batch: 2022}, byID[st.ID])
		cl := app.Cluster
		if u, ok := region.UnitOf(cl); ok {
			units[cl.ID] = u
		}
		who := clusterscope.User{Name: demo.CityReviewers[st.City], Role: clusterscope.RoleCity,
			Scope: clusterscope.Scope{Province: demoProvince, City: st.City}}
		if st.Province {
			who = clusterscope.User{Name: demo.ProvinceReviewer, Role: clusterscope.RoleProvince, Scope: clusterscope.Scope{Province: demoProvince}}
		}
		prefill := clusterscope.Prefill(clusterscope.AssessCluster(clusterscope.SelectRuleSet(judging, cl), app))
		act := st.Act
		if act.Step == clusterscope.StepPrecheck && act.Outcome == clusterscope.OutcomePass && prefill != clusterscope.Pass && prefill != clusterscope.Warn {
			act.Why += "（认定标准与发展目标审核未全部通过，经与申报单位核实后通过初审）"
		}
		ctx := clusterscope.ReviewContext{Reviewer: who, Cluster: cl, Call: own, Today: today, Prefill: prefill}
		atProvince := act.Step == clusterscope.StepProvince
		sel := clusterscope.Selection{Call: own, Units: units}
		if atProvince {
			sel.Call = national
		}
		ctx.Quota = func() clusterscope.Messages { return clusterscope.QuotaBreak(sel, taken[atProvince], cl) }
		h := histories[st.ID]
		dec, err := h.Take(act, ctx)
		if err != nil {
			return n, err // the plan breaks a rule: a defect of the demo
		}
		if dec, err = wh.DecideAudited(dec, h.Current().Version, dashboard.ReviewAudit(who, "", dec)); err != nil {
			return n, err
		}
		histories[st.ID] = append(h, dec)
		if dec.State == string(clusterscope.StateRecommended) || dec.State == string(clusterscope.StateProvinceRecommended) {
			taken[atProvince] = append(taken[atProvince], cl)
		}
		n++
	}
	return n, nil
}
