package dashboard_test

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"clusterscope"
	"clusterscope/dashboard/words"
)

// deskView is the review desk of the 评审推荐 page as review.js reads it.
type deskView struct {
	Desk struct {
		Note  string `json:"note"`
		Forms []struct {
			Step string `json:"step"`
		} `json:"forms"`
		Rows []struct {
			ID      string   `json:"id"`
			State   string   `json:"state"`
			Version int64    `json:"version"`
			Steps   []string `json:"steps"`
			Outcome string   `json:"prefill_outcome"`
		} `json:"rows"`
	} `json:"desk"`
	Tables []struct {
		ID   string           `json:"id"`
		Rows []map[string]any `json:"rows"`
	} `json:"tables"`
	Error string `json:"error"`
}

func deskAs(t *testing.T, ts *testServer, user, query string) deskView {
	t.Helper()
	status, _, body := getAs(t, ts, user, "/api/assess?batch=2022"+query)
	var v deskView
	if err := json.Unmarshal(body, &v); err != nil || status != http.StatusOK {
		t.Fatalf("desk of %s: %d %v %s", user, status, err, body)
	}
	return v
}

func (v deskView) ids() []string {
	var out []string
	for _, r := range v.Desk.Rows {
		out = append(out, r.ID)
	}
	slices.Sort(out)
	return out
}

func (v deskView) forms() []string {
	var out []string
	for _, f := range v.Desk.Forms {
		out = append(out, f.Step)
	}
	return out
}

// take posts one step as the user at the application's current version and
// returns the status and body.
func take(t *testing.T, ts *testServer, user, name string, fields map[string]string, ids ...string) (int, string) {
	t.Helper()
	var idv []string
	for _, id := range ids {
		_, h := historyOf(t, ts, user, id)
		idv = append(idv, id, strconv.FormatInt(h.Version, 10))
	}
	status, body := postAs(t, ts, user, "/api/review/step", step(name, fields, idv...), true)
	return status, string(body)
}

// mustTake takes the step and fails the test if it is refused.
func mustTake(t *testing.T, ts *testServer, user, name string, fields map[string]string, ids ...string) {
	t.Helper()
	if status, body := take(t, ts, user, name, fields, ids...); status != http.StatusOK {
		t.Fatalf("%s %s %v: %d %s", user, name, ids, status, body)
	}
}

var (
	precheckPass = map[string]string{"outcome": "pass", "why": "符合认定标准", "f_segment": ""}
	visitPass    = map[string]string{"outcome": "pass", "why": "现场核实", "f_visited_on": "2022-10-12", "f_team": "张三、李四",
		"f_findings": "园区运营正常"}
	recommend = map[string]string{"outcome": "recommend", "why": "择优推荐"}
)

// cityRecommends takes the applications through 受理, 初审 (a pass, over
// the criteria where they fail, with the reason), 实地审查 and 推荐.
func cityRecommends(t *testing.T, ts *testServer, ids ...string) {
	t.Helper()
	mustTake(t, ts, "zhongwei", "receive", receipt, ids...)
	for _, id := range ids {
		mustTake(t, ts, "zhongwei", "precheck", precheckPass, id)
		mustTake(t, ts, "zhongwei", "visit", visitPass, id)
	}
	mustTake(t, ts, "zhongwei", "recommend", recommend, ids...)
}

// annexRows are the cluster names 附件1 lists, as the user downloads it.
func annexRows(t *testing.T, ts *testServer, user string) []string {
	t.Helper()
	status, _, body := getAs(t, ts, user, "/api/assess.annex1.csv?batch=2022")
	if status != http.StatusOK {
		t.Fatalf("附件1 of %s: %d %s", user, status, body)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(body), "\ufeff")))
	r.FieldsPerRecord = -1 // the title and header lines are one cell wide
	records, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range records {
		if len(r) == 6 && r[0] != "序号" {
			out = append(out, r[1])
		}
	}
	return out
}

// TestDeskOffersEachReviewerTheirSteps: the desk lists the applications of
// the user's region with the steps the user may take: 中卫's city its three
// candidates to receive (or cancel), the ministry only 取消资格, a
// read-only user none.
func TestDeskOffersEachReviewerTheirSteps(t *testing.T) {
	ts := reviewServer(t)
	zw := deskAs(t, ts, "zhongwei", "")
	if got := zw.ids(); !slices.Equal(got, []string{"NX-ZW-001", "NX-ZW-002", "NX-ZW-003"}) {
		t.Errorf("中卫's desk lists %v", got)
	}
	if got := zw.forms(); !slices.Equal(got, []string{"receive", "cancel"}) {
		t.Errorf("中卫's forms %v", got)
	}
	for _, r := range zw.Desk.Rows {
		if r.State != "待受理" || !slices.Equal(r.Steps, []string{"receive", "cancel"}) {
			t.Errorf("%s: %s %v", r.ID, r.State, r.Steps)
		}
	}
	if !strings.Contains(zw.Desk.Note, "2022-10-18") || !strings.Contains(zw.Desk.Note, "尚无记录的推荐") {
		t.Errorf("the note does not state the deadline and where 附件1 comes from: %s", zw.Desk.Note)
	}
	if got := deskAs(t, ts, "ministry", "&province=宁夏回族自治区").forms(); !slices.Equal(got, []string{"cancel"}) {
		t.Errorf("the ministry's forms %v", got)
	}
	if got := deskAs(t, ts, "zwview", "").forms(); len(got) != 0 {
		t.Errorf("a read-only user is offered %v", got)
	}
	if status, _, _ := getAs(t, ts, "zhongwei", "/api/assess?batch=2022&review=nonsense"); status != http.StatusBadRequest {
		t.Errorf("an unknown review state: %d, want 400", status)
	}
}

// TestAnnexFromRecordedRecommendations: once a city records its
// recommendations, 附件1 lists exactly those, the page says so, and a third
// for the city is refused naming 宁夏's quota of two; the computed list
// keeps to what is recorded. The province then recommends among the
// cities' recommended applications only, and its 附件1 is its own.
func TestAnnexFromRecordedRecommendations(t *testing.T) {
	ts := reviewServer(t)
	before := annexRows(t, ts, "zhongwei")
	if len(before) == 0 {
		t.Fatal("no computed 附件1 before any step")
	}
	cityRecommends(t, ts, "NX-ZW-002", "NX-ZW-003")
	zw := deskAs(t, ts, "zhongwei", "&review==recommended")
	if got := zw.ids(); !slices.Equal(got, []string{"NX-ZW-002", "NX-ZW-003"}) {
		t.Errorf("the desk filtered by 市级已推荐 lists %v", got)
	}
	if !strings.Contains(zw.Desk.Note, "附件1 按已记录的推荐生成（2 个）") {
		t.Errorf("the note: %s", zw.Desk.Note)
	}
	names := annexRows(t, ts, "zhongwei")
	if len(names) != 2 || !strings.Contains(strings.Join(names, "|"), "云计算") || !strings.Contains(strings.Join(names, "|"), "肉牛") {
		t.Errorf("附件1 lists %v, want exactly the two recommended", names)
	}
	// NX-ZW-001 passes everything; the city's two places are taken.
	mustTake(t, ts, "zhongwei", "receive", receipt, "NX-ZW-001")
	mustTake(t, ts, "zhongwei", "precheck", precheckPass, "NX-ZW-001")
	mustTake(t, ts, "zhongwei", "visit", visitPass, "NX-ZW-001")
	status, body := take(t, ts, "zhongwei", "recommend", recommend, "NX-ZW-001")
	if status != http.StatusConflict || !strings.Contains(body, "中卫市名额已满（每市至多 2 个") {
		t.Errorf("a third recommendation for 中卫: %d %s", status, body)
	}
	for _, tb := range deskAs(t, ts, "zhongwei", "").Tables {
		for _, r := range tb.Rows {
			if tb.ID == "ranking" && strings.Contains(r["name"].(string), "枸杞") && r["recommended"] != "" {
				t.Errorf("the computed list recommends NX-ZW-001 over the recorded two: %v", r)
			}
		}
	}
	// The province recommends one of the city's two to the ministry; the
	// application the city did not recommend is not the province's to take.
	status, body = take(t, ts, "ningxia", "province", recommend, "NX-ZW-001")
	if status != http.StatusConflict || !strings.Contains(body, "当前状态为「实地审查通过」") {
		t.Errorf("the province recommending what the city did not: %d %s", status, body)
	}
	if got := annexRows(t, ts, "ningxia"); len(got) == 0 {
		t.Error("the province's computed 附件1 is empty before it records any")
	}
	mustTake(t, ts, "ningxia", "province", recommend, "NX-ZW-003")
	if got := annexRows(t, ts, "ningxia"); len(got) != 1 || !strings.Contains(got[0], "肉牛") {
		t.Errorf("the province's 附件1 lists %v, want its one recommendation", got)
	}
	log, _ := ts.wh.AuditLog(0)
	n := 0
	for _, e := range log {
		if e.Action == clusterscope.AuditReview {
			n++
		}
	}
	if n != 2*4+3+1 {
		t.Errorf("%d review steps audited, want %d", n, 2*4+3+1)
	}
}

// TestMigratedOverrideAdmits: an override of an earlier release, migrated,
// is the 初审 that admits its failing application to the city's
// recommendation, shown with who and why.
func TestMigratedOverrideAdmits(t *testing.T) {
	ts := reviewServer(t)
	if err := ts.wh.AddOverride(2022, clusterscope.Override{ClusterID: "NX-ZW-002", By: "ministry", Reason: "经实地审查，产值统计口径调整后达标"}); err != nil {
		t.Fatal(err)
	}
	if n, err := ts.wh.MigrateOverrides(); n != 1 || err != nil {
		t.Fatalf("migrated %d: %v", n, err)
	}
	_, _, body := getAs(t, ts, "zhongwei", "/api/assess?batch=2022")
	if !strings.Contains(string(body), "破格推荐（ministry：经实地审查，产值统计口径调整后达标）") {
		t.Error("the migrated override is not shown with who and why")
	}
	_, h := historyOf(t, ts, "zhongwei", "NX-ZW-002")
	if h.State != "初审通过" || len(h.Events) != 1 || h.Events[0].Who != "ministry" {
		t.Errorf("the timeline of the migrated override: %+v", h)
	}
}

// TestReviewWordsInEnglish: every word of the review and the checks the
// desk says in the reader's language has its English.
func TestReviewWordsInEnglish(t *testing.T) {
	var want []string
	for _, s := range clusterscope.Steps {
		want = append(want, s.Label())
		spec, _ := s.Spec()
		for _, f := range spec.Facts {
			want = append(want, f.Label)
			for _, c := range f.Choices {
				want = append(want, clusterscope.GroundLabel(c))
			}
		}
		for _, o := range spec.Outcomes {
			want = append(want, clusterscope.OutcomeLabel(o))
		}
	}
	for _, s := range clusterscope.ReviewStates {
		want = append(want, s.Label())
	}
	for _, c := range clusterscope.ConsistencyChecks {
		want = append(want, c.Title)
	}
	want = append(want, clusterscope.SeverityNote.Label(), clusterscope.SeverityAttention.Label(), clusterscope.AuditReview.Label())
	for _, s := range want {
		if !words.Has(words.English, s) {
			t.Errorf("no English for %q", s)
		}
	}
}
