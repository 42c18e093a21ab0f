package etl_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"clusterscope"
	"clusterscope/cmd/clusterscope/demo"
	"clusterscope/etl"
)

// byCluster splits observations by cluster and batch, in order.
func byCluster(obs []clusterscope.Observation) [][]clusterscope.Observation {
	var out [][]clusterscope.Observation
	index := map[string]int{}
	for _, o := range obs {
		k := fmt.Sprint(o.ClusterID, "|", o.Batch)
		i, ok := index[k]
		if !ok {
			i = len(out)
			index[k] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], o)
	}
	return out
}

func sameObservation(a, b clusterscope.Observation) bool {
	if (a.Num == nil) != (b.Num == nil) || (a.Num != nil && *a.Num != *b.Num) {
		return false
	}
	a.Num, b.Num, a.Line, b.Line = nil, nil, 0, 0
	return a == b
}

// TestJSONRoundTrip: demo applications and follow-up reports, written as
// JSON and read back, give the observations of the CSV.
func TestJSONRoundTrip(t *testing.T) {
	obs, problems := etl.ReadCSV([]byte(demoCSV(t, demo.Options{Candidates: 4, Recognised: 9})), "demo.csv")
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	clusters := byCluster(obs)
	if len(clusters) != 13 {
		t.Fatalf("%d clusters", len(clusters))
	}
	for _, want := range clusters {
		doc, err := etl.EncodeJSON(want)
		if err != nil {
			t.Fatal(err)
		}
		got, problems := etl.ReadJSON(doc, "x.json")
		if len(problems) > 0 {
			t.Fatalf("%s: %v", want[0].ClusterID, problems)
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d observations back, want %d", want[0].ClusterID, len(got), len(want))
		}
		for i := range want {
			if !sameObservation(got[i], want[i]) {
				t.Fatalf("%s: observation %d is %+v, want %+v", want[0].ClusterID, i, got[i], want[i])
			}
			if got[i].Line < 2 {
				t.Fatalf("%s: %s has line %d", want[0].ClusterID, got[i].Field, got[i].Line)
			}
		}
	}
	if _, err := etl.EncodeJSON(obs); err == nil {
		t.Error("EncodeJSON took several clusters into one document")
	}
}

func TestReadJSONLines(t *testing.T) {
	doc := "{\n  \"cluster_id\": \"NX-1\",\n  \"batch\": 2022,\n  \"fields\": {\n    \"output_total\": {\n      \"2019\": 45.2,\n      \"2020\": 46\n    },\n    \"area_km2\": 12\n  }\n}\n"
	obs, problems := etl.ReadJSON([]byte(doc), "a.json")
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	lines := map[string]int{}
	for _, o := range obs {
		lines[o.Field+"/"+o.Text] = o.Line
	}
	want := map[string]int{"output_total/45.2": 6, "output_total/46": 7, "area_km2/12": 9}
	for k, l := range want {
		if lines[k] != l {
			t.Errorf("%s on line %d, want %d", k, lines[k], l)
		}
	}
}

func TestReadJSONProblems(t *testing.T) {
	const head = `{"cluster_id": "NX-1", "batch": 2022, `
	cases := []struct {
		name, doc        string
		line             int
		cell, label, msg string
	}{
		{"NotJSON", "cluster_id,batch\n", 1, "", "", "不是有效的 JSON"},
		{"Empty", " \n", 0, "", "", "文件为空"},
		{"Truncated", "{\n\"cluster_id\": \"NX-1\",\n", 3, "", "", "不完整"},
		{"Trailing", head + `"fields": {}} {}`, 1, "", "", "多余内容"},
		{"Array", `[{"cluster_id": "NX-1"}]`, 1, "", "", "实为数组"},
		{"DuplicateKey", "{\"batch\": 2022,\n\"batch\": 2023}", 2, "", "", "键「batch」重复"},
		{"TooDeep", strings.Repeat("[", 40) + strings.Repeat("]", 40), 1, "", "", "嵌套超过"},
		{"NotUTF8", "{\"cluster_id\": \"\xff\"}", 0, "", "", "UTF-8"},
		{"UnknownTopKey", head + `"field": {}}`, 1, "field", "", "未知的键「field」"},
		{"NoClusterID", `{"batch": 2022}`, 1, "cluster_id", "", "缺少 cluster_id"},
		{"BadClusterID", `{"cluster_id": "NX 1", "batch": 2022}`, 1, "cluster_id", "", "集群编号"},
		{"ClusterIDNotString", `{"cluster_id": 7, "batch": 2022}`, 1, "cluster_id", "", "应为字符串"},
		{"BatchNotInteger", `{"cluster_id": "NX-1", "batch": "2022"}`, 1, "batch", "", "整数年份"},
		{"BatchOutOfRange", `{"cluster_id": "NX-1", "batch": 2019}`, 1, "batch", "", "批次「2019」无效"},
		{"FieldsNotObject", head + `"fields": []}`, 1, "fields", "", "应为对象"},
		{"NoData", head + `"fields": {}}`, 1, "", "", "没有数据"},
		{"UnknownCode", head + "\"fields\": {\n\"output\": 1}}", 2, "fields.output", "", "未知字段代码「output」"},
		{"TargetCodeInFields", head + `"fields": {"rd_spend": 1}}`, 1, "fields.rd_spend", "研发经费投入", "写在 targets"},
		{"NumberAsString", head + "\"fields\": {\"output_total\": {\n\"2019\": \"45.2\"}}}", 2, "fields.output_total.2019", "集群总产值", "应为数字，实为字符串「45.2」"},
		{"TextAsNumber", head + `"fields": {"cluster_name": 5}}`, 1, "fields.cluster_name", "集群名称（中小企业特色产业集群(XX产业)）", "应为字符串，实为数字 5"},
		{"CheckAsString", head + `"fields": {"sharing_shared_workshops": "true"}}`, 1, "fields.sharing_shared_workshops", "建立了共享车间、共享工厂", "应为true 或 false"},
		{"Null", head + `"fields": {"area_km2": null}}`, 1, "fields.area_km2", "集群占地面积", "实为null"},
		{"YearlyAsScalar", head + `"fields": {"output_total": 45.2}}`, 1, "fields.output_total", "集群总产值", "按年份填写的对象"},
		{"SingleAsObject", head + `"fields": {"area_km2": {"2021": 3}}}`, 1, "fields.area_km2", "集群占地面积", "不分年度"},
		{"BadYearKey", head + `"fields": {"output_total": {"去年": 45.2}}}`, 1, "fields.output_total.去年", "集群总产值", "不是四位年份"},
		{"YearOutOfRange", head + `"fields": {"output_total": {"2018": 45.2}}}`, 1, "fields.output_total.2018", "集群总产值", "年份应为 2019–2021"},
		{"ActualInFields", head + `"fields": {"output_total": {"2023": 45.2}}}`, 1, "fields.output_total.2023", "集群总产值", "写在 actuals"},
		{"BadValue", head + `"fields": {"authority_phone": "电话"}}`, 1, "fields.authority_phone", "主管部门联系方式", "不像电话号码"},
		{"EmptyText", head + `"fields": {"cluster_name": " "}}`, 1, "fields.cluster_name", "集群名称（中小企业特色产业集群(XX产业)）", "不能为空"},
		{"UnknownTarget", head + `"targets": {"output": {"2021": 1}}}`, 1, "targets.output", "", "未知目标代码"},
		{"TargetWrongShape", head + `"targets": {"output_total": 70}}`, 1, "targets.output_total", "目标：集群产值（用于计算集群产值年均增速）", "按年份填写的对象"},
		{"TargetWrongYear", head + `"targets": {"output_total": {"2020": 70}}}`, 1, "targets.output_total.2020", "目标：集群产值（用于计算集群产值年均增速）", "年份应为基准年"},
		{"QualitativeAsNumber", head + `"targets": {"governance_goal": 1}}`, 1, "targets.governance_goal", "目标：治理和服务目标（定性描述）", "应为字符串"},
		{"OwnTargetCatalogCode", head + `"own_targets": {"rd_spend": {"label": "x", "values": {}}}}`, 1, "own_targets.rd_spend", "目标：研发经费投入", "应写在 targets"},
		{"OwnTargetNoLabel", head + `"own_targets": {"water": {"values": {"2021": 1}}}}`, 1, "own_targets.water", "目标：water", "缺少 label"},
		{"OwnTargetUnknownKey", head + `"own_targets": {"water": {"label": "用水", "name": "x"}}}`, 1, "own_targets.water.name", "目标：water", "未知的键「name」"},
		{"OwnTargetBadDirection", head + `"own_targets": {"water": {"label": "用水", "direction": "sideways"}}}`, 1, "own_targets.water.direction", "目标：water", "方向"},
		{"OwnTargetBadCode", head + `"own_targets": {"Water": {"label": "用水"}}}`, 1, "own_targets.Water", "", "目标代码「Water」无效"},
		{"ActualBeforeBatch", head + `"actuals": {"2021": {"output_total": 1}}}`, 1, "actuals.2021", "", "2022 年及以后"},
		{"ActualAfterFollowUp", head + `"actuals": {"2030": {"output_total": 1}}}`, 1, "actuals.2030.output_total", "集群总产值", "超出跟踪期"},
		{"ActualNotObject", head + `"actuals": {"2023": 1}}`, 1, "actuals.2023", "", "应为该年各指标的对象"},
		{"ActualUnknownCode", head + `"actuals": {"2023": {"output": 1}}}`, 1, "actuals.2023.output", "", "未知字段代码「output」"},
		{"ActualWrongType", head + `"actuals": {"2023": {"rd_spend": "1.95"}}}`, 1, "actuals.2023.rd_spend", "研发经费投入", "应为数字"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, problems := etl.ReadJSON([]byte(c.doc), "bad.json")
			if len(problems) == 0 {
				t.Fatal("no problem reported")
			}
			p := problems[len(problems)-1]
			if p.File != "bad.json" || p.Line != c.line || p.Cell != c.cell || p.Label != c.label || !strings.Contains(p.Message, c.msg) {
				t.Errorf("got %s (line %d, cell %q, label %q);\nwant line %d, cell %q, label %q, message with %q",
					p, p.Line, p.Cell, p.Label, c.line, c.cell, c.label, c.msg)
			}
			if p.Severity != clusterscope.SevError {
				t.Errorf("severity %s, want error", p.Severity)
			}
		})
	}
}

// TestReadJSONFile: etl.Read takes .json files and validates them, with the
// JSON path of each problem, missing fields included.
func TestReadJSONFile(t *testing.T) {
	dir := t.TempDir()
	app, err := os.ReadFile("testdata/application.json")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "app.json")
	if err := os.WriteFile(p, app, 0o644); err != nil {
		t.Fatal(err)
	}
	obs, problems, sum, err := etl.Read(p)
	if err != nil || len(problems) > 0 || len(obs) == 0 || len(sum) != 64 {
		t.Fatalf("Read: %d observations, problems %v, sum %q, err %v", len(obs), problems, sum, err)
	}
	doc := strings.Replace(string(app), `"area_km2": 33.99`, `"area_km2": 33.999`, 1)
	doc = strings.Replace(doc, `"cluster_name": "银川市永宁县葡萄酒中小企业特色产业集群（葡萄酒产业）",`, "", 1)
	if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	_, problems, _, err = etl.Read(p)
	if err != nil {
		t.Fatal(err)
	}
	cells := map[string]clusterscope.Problem{}
	for _, q := range problems {
		cells[q.Cell] = q
	}
	if q, ok := cells["fields.area_km2"]; !ok || q.Line == 0 || q.Label != "集群占地面积" || !strings.Contains(q.Message, "3 位小数") {
		t.Errorf("three decimals: %v", problems)
	}
	if q, ok := cells["fields.cluster_name"]; !ok || q.Severity != clusterscope.SevError || !strings.Contains(q.Message, "缺少必填项") {
		t.Errorf("missing cluster_name: %v", problems)
	}
	if len(problems) != 2 {
		t.Errorf("%d problems, want 2: %v", len(problems), problems)
	}
}

// FuzzReadJSON: no input makes ReadJSON panic, every problem names the
// file, and a document read without a problem encodes and reads back the
// same.
func FuzzReadJSON(f *testing.F) {
	for _, name := range []string{"testdata/application.json", "testdata/followup.json"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"cluster_id": "NX-1", "batch": 2022, "fields": {"output_total": {"2019": 1e400}}}`))
	f.Add([]byte(`{"cluster_id": "NX-1", "batch": 2022, "own_targets": {"w": {"label": "用水", "values": {"2021": 1}}}}`))
	f.Add([]byte(`[[[{"a":`))
	f.Fuzz(func(t *testing.T, data []byte) {
		obs, problems := etl.ReadJSON(data, "f.json")
		for _, p := range problems {
			if p.File != "f.json" || p.Message == "" {
				t.Fatalf("problem without file or message: %+v", p)
			}
		}
		if len(problems) > 0 {
			return
		}
		doc, err := etl.EncodeJSON(obs)
		if err != nil {
			t.Fatal(err)
		}
		back, problems := etl.ReadJSON(doc, "g.json")
		if len(problems) > 0 || len(back) != len(obs) {
			t.Fatalf("round trip: %d of %d observations, %v", len(back), len(obs), problems)
		}
		for i := range obs {
			if !sameObservation(back[i], obs[i]) {
				t.Fatalf("round trip: %+v became %+v", obs[i], back[i])
			}
		}
	})
}
