package dashboard_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// monitorRows: two 中卫 clusters of 2022 with 产值 52 → 70 planned for 2024.
// 001 sent its report on 2024 on 2025-04-20; 002 has sent none on 2024.
const monitorRows = `
NX-ZW-001,2022,cluster_name,,中卫市沙坡头区枸杞中小企业特色产业集群（枸杞产业）
NX-ZW-001,2022,province,,宁夏回族自治区
NX-ZW-001,2022,city,,中卫市
NX-ZW-001,2022,output_total,2021,52
NX-ZW-001,2022,target.output_total,2021,52
NX-ZW-001,2022,target.output_total,2024,70
NX-ZW-001,2022,output_total,2022,57.4
NX-ZW-001,2022,reported_on,2022,2023-04-20
NX-ZW-001,2022,output_total,2023,63.4
NX-ZW-001,2022,reported_on,2023,2024-04-20
NX-ZW-001,2022,output_total,2024,71
NX-ZW-001,2022,reported_on,2024,2025-04-20
NX-ZW-002,2022,cluster_name,,中卫市中宁县枸杞中小企业特色产业集群（枸杞产业）
NX-ZW-002,2022,province,,宁夏回族自治区
NX-ZW-002,2022,city,,中卫市
NX-ZW-002,2022,output_total,2021,52
NX-ZW-002,2022,target.output_total,2021,52
NX-ZW-002,2022,target.output_total,2024,70
NX-ZW-002,2022,output_total,2022,57.4
NX-ZW-002,2022,reported_on,2022,2023-04-20
NX-ZW-002,2022,output_total,2023,63.4
NX-ZW-002,2022,reported_on,2023,2024-04-20`

// TestMonitorJudgesOnTheDay: the targets are judged on the as-of day, as
// the yearly reports are: before the reports on 2024 are due, 2024 is 未到期
// for both clusters, whatever was sent later, and the default year is
// 2023, the latest whose reports were due; once the due day is past, the
// report that came counts and the one that did not is 缺报. The page says
// the day.
func TestMonitorJudgesOnTheDay(t *testing.T) {
	ts := newServer(t, monitorRows)
	cases := []struct {
		asOf, query string
		want        map[string]string // cluster → 判定年份 状态
		says        string
	}{
		{"2025-03-01", "&year=2024", map[string]string{"NX-ZW-001": "2024 未到期", "NX-ZW-002": "2024 未到期"}, "判定日 2025-03-01"},
		{"2025-03-01", "", map[string]string{"NX-ZW-001": "2023 达标", "NX-ZW-002": "2023 达标"}, "未到期 0"},
		{"2025-04-30", "", map[string]string{"NX-ZW-001": "2024 达标", "NX-ZW-002": "2024 未到期"}, "判定日 2025-04-30"},
		{"2025-05-01", "", map[string]string{"NX-ZW-001": "2024 达标", "NX-ZW-002": "2024 缺报"}, "缺报 1，未到期 0"},
	}
	for _, c := range cases {
		day, _ := time.Parse(time.DateOnly, c.asOf)
		ts.srv.SetAsOf(day)
		status, _, body := getAs(t, ts, "ministry", "/api/monitor?batch=2022&code=output_total"+c.query)
		var p struct {
			pageBody
			Summary string `json:"summary"`
		}
		if err := json.Unmarshal(body, &p); status != http.StatusOK || err != nil {
			t.Fatalf("as of %s: %d %s", c.asOf, status, body)
		}
		got := map[string]string{}
		for _, r := range p.rows(t, "tracks") {
			got[r["link"].(string)[strings.LastIndex(r["link"].(string), "=")+1:]] = r["year"].(string) + " " + r["status"].(string)
		}
		for id, want := range c.want {
			if got[id] != want {
				t.Errorf("as of %s%s: %s is %q, want %q", c.asOf, c.query, id, got[id], want)
			}
		}
		if !strings.Contains(p.Summary, c.says) {
			t.Errorf("as of %s%s: the summary does not say %q: %s", c.asOf, c.query, c.says, p.Summary)
		}
	}
}
