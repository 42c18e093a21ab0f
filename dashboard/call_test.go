package dashboard_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"clusterscope"
	"clusterscope/cmd/clusterscope/demo"
	"clusterscope/warehouse"
)

type assessBody struct {
	Summary string `json:"summary"`
	Rule    string `json:"rule"`
	Error   string `json:"error"`
	Filters map[string]struct {
		Value   any `json:"value"`
		Options []struct {
			Value any `json:"value"`
		} `json:"options"`
	} `json:"filters"`
	Tables []struct {
		ID   string           `json:"id"`
		Rows []map[string]any `json:"rows"`
	} `json:"tables"`
}

func assessAs(t *testing.T, ts *testServer, user, query string) assessBody {
	t.Helper()
	status, _, body := getAs(t, ts, user, "/api/assess?"+query)
	var a assessBody
	if err := json.Unmarshal(body, &a); err != nil || status != 200 {
		t.Fatalf("%s: %d %s", query, status, body)
	}
	return a
}

// recommended are the ranking's rows marked 推荐.
func (a assessBody) recommended() []map[string]any {
	var out []map[string]any
	for _, r := range a.Tables[0].Rows {
		if r["recommended"] == "推荐" {
			out = append(out, r)
		}
	}
	return out
}

// TestAssessUnderTheCall: the 评审推荐 page recommends under the call of the
// level the user recommends to — the national call for the ministry and a
// province, 宁夏's own for a 宁夏 city — says it, and its boxes start from
// the call's quotas, which a box can lower and never raise.
func TestAssessUnderTheCall(t *testing.T) {
	ts, _ := newDemoServer(t, demo.Options{Recognised: -1})
	a := assessAs(t, ts, "ministry", "batch=2022&province=宁夏回族自治区")
	if n := len(a.recommended()); n != 5 {
		t.Errorf("national 2022: %d recommended in 宁夏, want 5", n)
	}
	if a.Filters["call"].Value != "national-2022" || a.Filters["per_province"].Value != 5.0 || a.Filters["per_city"].Value != "" {
		t.Errorf("boxes: call %v, per province %v, per city %v", a.Filters["call"].Value, a.Filters["per_province"].Value, a.Filters["per_city"].Value)
	}
	var options []any
	for _, o := range a.Filters["call"].Options {
		options = append(options, o.Value)
	}
	if len(options) != 2 || options[0] != "national-2022" || options[1] != "ningxia-2022" {
		t.Errorf("call options %v", options)
	}
	for _, want := range []string{"工信厅企业函〔2022〕236号", "每个省、自治区、直辖市至多 5 个", "每个计划单列市至多 3 个",
		"每个推荐单位每个细分领域 1 个", "省级推荐至工业和信息化部截止 2022-10-31", "不低于目标值的 90% 仅作警告（本系统约定，由认定标准集 national-2022@2 设定）"} {
		if !strings.Contains(a.Rule, want) {
			t.Errorf("rule lacks %q:\n%s", want, a.Rule)
		}
	}
	if !strings.Contains(a.Summary, "推荐 5 个（每个省、自治区、直辖市至多 5 个") {
		t.Errorf("summary %q", a.Summary)
	}
	for _, r := range a.Tables[0].Rows {
		if r["recommended"] != "推荐" && r["criteria"] == "符合" && !strings.Contains(r["reason"].(string), "宁夏回族自治区名额已满（每个省、自治区、直辖市至多 5 个）") {
			t.Errorf("%s passed and was not recommended: %s", r["name"], r["reason"])
		}
	}

	// 宁夏's own call: 1–2 per city, one per 细分领域 within the city, by 2022-10-18
	city := assessAs(t, ts, "ministry", "batch=2022&province=宁夏回族自治区&call=ningxia-2022")
	if n := len(city.recommended()); n != 7 {
		t.Errorf("宁夏's call: %d recommended, want 7", n)
	}
	if city.Filters["per_city"].Value != 2.0 || !strings.Contains(city.Rule, "市级推荐至省截止 2022-10-18") || !strings.Contains(city.Rule, "每市推荐 1–2 个") {
		t.Errorf("宁夏's call: per city %v, rule %s", city.Filters["per_city"].Value, city.Rule)
	}
	zw := assessAs(t, ts, "zhongwei", "batch=2022")
	if zw.Filters["call"].Value != "ningxia-2022" {
		t.Errorf("a 宁夏 city recommends under %v, want ningxia-2022", zw.Filters["call"].Value)
	}

	// a box lowers a quota, never raises one
	if a := assessAs(t, ts, "ministry", "batch=2022&province=宁夏回族自治区&per_province=3"); len(a.recommended()) != 3 ||
		!strings.Contains(a.Summary, "每个省、自治区、直辖市至多 3 个（本次设定，严于通知）") {
		t.Errorf("per_province=3: %d recommended, %q", len(a.recommended()), a.Summary)
	}
	if a := assessAs(t, ts, "ministry", "batch=2022&province=宁夏回族自治区&per_province=8"); len(a.recommended()) != 5 ||
		a.Filters["per_province"].Value != 5.0 {
		t.Errorf("per_province=8 raised the quota: %d recommended, box %v", len(a.recommended()), a.Filters["per_province"].Value)
	}
	if status, _, body := get(t, ts, "/api/assess?batch=2022&call=nowhere"); status != 400 || !strings.Contains(string(body), "nowhere") {
		t.Errorf("an unknown call: %d %s", status, body)
	}
}

// TestAssessCountsPlanCitiesApart: among the demo's recognised 2023
// clusters, a 大连 or 深圳 cluster counts in its own 计划单列市 quota (2),
// every province in its 6.
func TestAssessCountsPlanCitiesApart(t *testing.T) {
	ts, _ := newDemoServer(t, demo.Options{})
	a := assessAs(t, ts, "ministry", "batch=2023&status=recognised&rows=all") // every row of the ranking
	plan, perProvince := map[string]int{}, map[string]int{}
	for _, r := range a.recommended() {
		reason, city := r["reason"].(string), r["city"].(string)
		isPlan := strings.Contains("大连市青岛市宁波市厦门市深圳市", city)
		if isPlan != strings.Contains(reason, "推荐："+city+"（计划单列市）第") {
			t.Errorf("%s (%s) counted as %q", r["name"], city, reason)
		}
		if isPlan {
			plan[city]++
			continue
		}
		i := strings.Index(reason, "第")
		perProvince[strings.TrimPrefix(reason[:i], "推荐：")]++
	}
	if len(plan) == 0 {
		t.Fatal("no 计划单列市 cluster recommended: has the demo none?")
	}
	for c, n := range plan {
		if n > 2 {
			t.Errorf("%s: %d recommended, the 2023 call allows 2", c, n)
		}
	}
	for p, n := range perProvince {
		if n > 6 {
			t.Errorf("%s: %d recommended, the 2023 call allows 6", p, n)
		}
	}
	if len(perProvince) < 10 {
		t.Errorf("only %d provinces recommend: %v", len(perProvince), perProvince)
	}
}

// TestCallAddedWhileServing: a call an administrator puts in calls/ holds
// from the next request, though the page is cached.
func TestCallAddedWhileServing(t *testing.T) {
	ts, _ := newDemoServer(t, demo.Options{Recognised: -1})
	const query = "batch=2022&province=宁夏回族自治区"
	if a := assessAs(t, ts, "ministry", query); len(a.recommended()) != 5 {
		t.Fatalf("before: %d recommended", len(a.recommended()))
	}
	src, err := os.ReadFile("../warehouse/calls/national-2022.toml")
	if err != nil {
		t.Fatal(err)
	}
	fixed := strings.Replace(strings.Replace(string(src), `version = "1"`, `version = "2"`, 1), "unit = \"province\"\nmax = 5", "unit = \"province\"\nmax = 4", 1)
	if _, err := ts.wh.AddCall("national-2022.toml", []byte(fixed), []*clusterscope.RuleSet{warehouse.DefaultRuleSet()}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(ts.wh.Dir(), warehouse.CallDir, "national-2022.toml")); err != nil {
		t.Fatal(err)
	}
	if a := assessAs(t, ts, "ministry", query); len(a.recommended()) != 4 || !strings.Contains(a.Summary, "每个省、自治区、直辖市至多 4 个") {
		t.Errorf("after: %d recommended, %q", len(a.recommended()), a.Summary)
	}
}
