package main

import (
	"path/filepath"
	"strings"
	"testing"

	"clusterscope"
	"clusterscope/cmd/clusterscope/demo"
	"clusterscope/warehouse"
)

// TestDemoReview: the demo's 2022 宁夏 call stands at every step of the
// review, each step taken by the review's own rules and audited, within
// 宁夏's two per city and the national five; 中卫's applications wait for
// the demo's 市级 account; a second run records nothing more.
func TestDemoReview(t *testing.T) {
	dir := t.TempDir()
	wh, err := warehouse.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	path := filepath.Join(dir, "demo", demoFile)
	if err := writeDemo(path, demo.Options{Recognised: -1}); err != nil {
		t.Fatal(err)
	}
	n, err := recordDemoReview(wh, path)
	if err != nil {
		t.Fatal(err)
	}
	h, err := wh.DecisionHistories(clusterscope.KindApplication, 2022)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]clusterscope.ReviewState{
		"NX-YC-001": clusterscope.StateProvinceRecommended, "NX-YC-002": clusterscope.StateRecommended,
		"NX-ND-001": clusterscope.StateNotRecommended, "NX-YC-003": clusterscope.StatePublicised, "NX-ND-002": clusterscope.StateLate,
		"NX-WZ-001": clusterscope.StateSampled, "NX-WZ-002": clusterscope.StateVisitFailed, "NX-WZ-003": clusterscope.StateProvinceNotRecommended,
		"NX-GY-001": clusterscope.StatePrecheckFailed, "NX-GY-002": clusterscope.StateReturned, "NX-SZS-001": clusterscope.StateCancelled,
		"NX-SZS-002": clusterscope.StatePrecheckPassed,
	}
	steps := map[clusterscope.Step]bool{}
	perCity, toMinistry := map[string]int{}, 0
	for id, decisions := range h {
		r := clusterscope.ReviewHistory(decisions)
		if r.State() != want[id] {
			t.Errorf("%s at %q, want %q", id, r.State(), want[id])
		}
		for _, d := range decisions {
			steps[clusterscope.StepOf(d)] = true
		}
		if r.State().AtProvince() {
			perCity[strings.Split(id, "-")[1]]++ // YC and ND are both 银川
		}
		if r.State() == clusterscope.StateProvinceRecommended {
			toMinistry++
		}
	}
	if len(h) != len(want) {
		t.Errorf("%d applications reviewed, want %d (中卫's none)", len(h), len(want))
	}
	for _, s := range clusterscope.Steps {
		if !steps[s] {
			t.Errorf("no application has had %s", s)
		}
	}
	if perCity["YC"]+perCity["ND"] > 2 || perCity["WZ"] > 2 || toMinistry > 5 {
		t.Errorf("over quota: %v, %d to the ministry", perCity, toMinistry)
	}
	log, _ := wh.AuditLog(0)
	if len(log) != n || n < 40 || log[0].Action != clusterscope.AuditReview {
		t.Errorf("%d steps, %d audit entries", n, len(log))
	}
	if again, err := recordDemoReview(wh, path); again != 0 || err != nil {
		t.Errorf("a second run recorded %d steps (%v)", again, err)
	}
}
