package dashboard_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// lifeRows: a 中卫 cluster of 2022 whose report on 2022 came on its due
// day, on 2023 the day after, on 2024 not at all; a 广东 one always on time.
const lifeRows = `
NX-ZW-001,2022,cluster_name,,中卫市沙坡头区枸杞中小企业特色产业集群（枸杞产业）
NX-ZW-001,2022,province,,宁夏回族自治区
NX-ZW-001,2022,city,,中卫市
NX-ZW-001,2022,authority_contact,,王小明
NX-ZW-001,2022,output_total,2021,52.1
NX-ZW-001,2022,authority_phone,,0955-7012345
NX-ZW-001,2022,output_total,2022,57.3
NX-ZW-001,2022,reported_on,2022,2023-04-30
NX-ZW-001,2022,output_total,2023,61
NX-ZW-001,2022,reported_on,2023,2024-05-01
GD-2022-0001,2022,cluster_name,,佛山市顺德区家电集群
GD-2022-0001,2022,province,,广东省
GD-2022-0001,2022,city,,佛山市
GD-2022-0001,2022,output_total,2021,300
GD-2022-0001,2022,output_total,2022,320
GD-2022-0001,2022,reported_on,2022,2023-04-01
GD-2022-0001,2022,output_total,2023,330
GD-2022-0001,2022,reported_on,2023,2024-04-01
GD-2022-0001,2022,output_total,2024,350
GD-2022-0001,2022,reported_on,2024,2025-03-20`

type pageBody struct {
	Rule   string `json:"rule"`
	Tables []struct {
		ID      string           `json:"id"`
		Caption string           `json:"caption"`
		Rows    []map[string]any `json:"rows"`
	} `json:"tables"`
	Downloads []struct {
		Href string `json:"href"`
	} `json:"downloads"`
}

func (p pageBody) rows(t *testing.T, id string) []map[string]any {
	t.Helper()
	for _, tb := range p.Tables {
		if tb.ID == id {
			return tb.Rows
		}
	}
	t.Fatalf("no table %s", id)
	return nil
}

func pageAs(t *testing.T, ts *testServer, user, path string) pageBody {
	t.Helper()
	return jsonAs[pageBody](t, ts, user, path)
}

// jsonAs is the page's JSON as user gets it, read into a T; anything but
// 200 fails the test.
func jsonAs[T any](t *testing.T, ts *testServer, user, path string) T {
	t.Helper()
	status, _, body := getAs(t, ts, user, path)
	if status != http.StatusOK {
		t.Fatalf("%s: %d %s", path, status, body)
	}
	var p T
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestMonitorShowsWhoIsLate: the monitoring page lists the missing report
// first, then the late one, with the application's contact, judged on the
// as-of day; seen from before they were due, nothing is late; another
// province's user sees none of it; the reminder list has a sheet per
// province with the contact.
func TestMonitorShowsWhoIsLate(t *testing.T) {
	ts := newServer(t, lifeRows)
	ts.srv.SetAsOf(time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC))
	p := pageAs(t, ts, "ministry", "/api/monitor?batch=2022")
	got := p.rows(t, "reports")
	if len(got) != 2 || got[0]["id"] != "NX-ZW-001" || got[0]["year"] != "2024" || got[0]["status"] != "缺报" ||
		got[1]["year"] != "2023" || got[1]["status"] != "逾期" || got[1]["days"] != 1.0 || got[1]["authority_contact"] != "王小明" {
		t.Errorf("reports to chase on 2025-06-30: %v", got)
	}
	if !strings.Contains(p.Rule, "2022 年度批次每年 4 月 30 日前") || !strings.Contains(p.Rule, "判定日：2025-06-30（由设置 monitor.as_of 指定）") {
		t.Errorf("the rule does not say the due day and the as-of day: %s", p.Rule)
	}
	if rows := pageAs(t, ts, "guangdong", "/api/monitor?batch=2022").rows(t, "reports"); len(rows) != 0 {
		t.Errorf("广东 sees 宁夏's reports: %v", rows)
	}
	ts.srv.SetAsOf(time.Date(2024, 4, 30, 0, 0, 0, 0, time.UTC)) // the day the 2023 reports are due
	if rows := pageAs(t, ts, "ministry", "/api/monitor?batch=2022").rows(t, "reports"); len(rows) != 0 {
		t.Errorf("on the due day nothing is late yet: %v", rows)
	}
	ts.srv.SetAsOf(time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC))
	if rows := pageAs(t, ts, "ministry", "/api/monitor?batch=2022").rows(t, "reports"); len(rows) != 1 || rows[0]["status"] != "逾期" {
		t.Errorf("the day after, the report that came then is late: %v", rows)
	}
	ts.srv.SetAsOf(time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC))
	status, hdr, body := get(t, ts, "/api/monitor.reminders.xlsx?batch=2022")
	if status != http.StatusOK || !strings.Contains(hdr.Get("Content-Disposition"), "xlsx") {
		t.Fatalf("reminders: %d %s", status, hdr)
	}
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if sheets := f.GetSheetList(); len(sheets) != 1 || sheets[0] != "宁夏回族自治区" {
		t.Errorf("sheets %v, want one for 宁夏 (广东 has nothing to chase)", sheets)
	}
	rows, _ := f.GetRows("宁夏回族自治区")
	if text := strings.Join(flat(rows), " "); !strings.Contains(text, "王小明") || !strings.Contains(text, "0955-7012345") || !strings.Contains(text, "缺报") {
		t.Errorf("reminder sheet: %v", rows)
	}
}

func flat(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}
