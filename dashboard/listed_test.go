package dashboard_test

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// unreported is a 中卫 cluster of 2022 that the list notice names but that
// has sent no yearly report.
const unreported = `
NX-ZW-003,2022,cluster_name,,中卫市海原县牛肉中小企业特色产业集群（肉牛产业）
NX-ZW-003,2022,province,,宁夏回族自治区
NX-ZW-003,2022,city,,中卫市
NX-ZW-003,2022,authority_contact,,李四
NX-ZW-003,2022,output_total,2021,48`

// TestRecognisedByTheListNotice: while the 2022 list notice names no
// clusters, the recognised ones are those that have reported, and the
// pages say so; once an administrator enters the clusters it recognised,
// a listed cluster without a report is in the portfolio, its missing
// reports are chased with its contact, it is due for 复核 and has a
// timeline, and a cluster that reported but is not listed is not.
func TestRecognisedByTheListNotice(t *testing.T) {
	ts := newServer(t, lifeRows+unreported)
	ts.srv.SetAsOf(time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC))
	ids := func(rows []map[string]any) string {
		var out []string
		for _, r := range rows {
			out = append(out, r["id"].(string))
		}
		slices.Sort(out)
		return strings.Join(out, " ")
	}
	before := pageAs(t, ts, "ministry", "/api/portfolio?batch=2022")
	_, _, body := getAs(t, ts, "ministry", "/api/portfolio?batch=2022")
	if got := ids(before.rows(t, "clusters")); got != "GD-2022-0001 NX-ZW-001" || !strings.Contains(string(body), "名单通告未列出集群编号") {
		t.Errorf("without the list: %s; the page must say what recognition rests on: %s", got, body)
	}
	notice, err := os.ReadFile("../warehouse/lists/list-2022.toml")
	if err != nil {
		t.Fatal(err)
	}
	listed := strings.Replace(string(notice), "\nrecognised = 100", "\nrecognised = 2\nclusters = [\"GD-2022-0001\", \"NX-ZW-003\"]", 1)
	listed = strings.Replace(listed, `version = "1"`, `version = "2"`, 1)
	if _, err := ts.wh.AddListNotice("list-2022.toml", []byte(listed)); err != nil {
		t.Fatal(err)
	}
	p := pageAs(t, ts, "ministry", "/api/portfolio?batch=2022")
	if got := ids(p.rows(t, "clusters")); got != "GD-2022-0001 NX-ZW-003" || !strings.Contains(p.Rule, "2022 年度批次按名单通告所列的集群编号") {
		t.Errorf("with the list: %s; rule %s", got, p.Rule)
	}
	var chased []string
	for _, r := range pageAs(t, ts, "ministry", "/api/monitor?batch=2022").rows(t, "reports") {
		chased = append(chased, r["id"].(string)+" "+r["year"].(string)+" "+r["status"].(string)+" "+r["authority_contact"].(string))
	}
	if got := strings.Join(chased, "|"); got != "NX-ZW-003 2022 缺报 李四|NX-ZW-003 2023 缺报 李四|NX-ZW-003 2024 缺报 李四" {
		t.Errorf("reports to chase: %s", got)
	}
	due := pageAs(t, ts, "ministry", "/api/recheck?term_end=2025").rows(t, "due")
	if len(due) != 2 || due[0]["id"] != "NX-ZW-003" || due[0]["suggest"] != "待核实" {
		t.Errorf("the 2025 复核: %v", due)
	}
	if rows := pageAs(t, ts, "zhongwei", "/api/cluster?batch=2022&id=NX-ZW-003").rows(t, "timeline"); len(rows) != 2 {
		t.Errorf("the listed cluster's timeline: %v", rows)
	}
}
