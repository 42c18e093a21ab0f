package etl_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"clusterscope"
	"clusterscope/cmd/clusterscope/demo"
	"clusterscope/etl"
	"clusterscope/warehouse"
)

const good = "\ufeffcluster_id,batch,field,year,value\n" +
	"NX-ZW-001,2022,cluster_name,,中卫市沙坡头区枸杞中小企业特色产业集群（枸杞产业）\n" +
	"NX-ZW-001,2022,output_total,2019,45.20\n" +
	"NX-ZW-001,2022,sharing_shared_workshops,,true\n" +
	"NX-ZW-001,2022,target.output_total,2021,52.10\n" +
	"NX-ZW-001,2022,target.output_total,2024,70.00\n" +
	"NX-ZW-001,2022,output_total,2023,63.85\n"

func TestReadCSVSpecExample(t *testing.T) {
	obs, problems := etl.ReadCSV([]byte(good), "good.csv")
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	if len(obs) != 6 {
		t.Fatalf("got %d observations, want 6", len(obs))
	}
	o := obs[5]
	if o.Field != "output_total" || o.Report != 2023 || *o.Num != 63.85 || o.Line != 7 {
		t.Errorf("follow-up actual read as %+v", o)
	}
}

func TestReadCSVProblems(t *testing.T) {
	head := "cluster_id,batch,field,year,value\n"
	cases := []struct {
		name, data string
		line       int
		label, msg string
	}{
		{"UnknownCode", head + "NX-1,2022,output,2021,1\n", 2, "", "未知字段代码「output」"},
		{"WrongType", head + "NX-1,2022,cluster_name,,甲\nNX-1,2022,output_total,2021,四十\n", 3, "集群总产值", "不是数字"},
		{"BadClusterID", head + "NX 1,2022,output_total,2021,1\n", 2, "", "集群编号"},
		{"BadBatch", head + "NX-1,二〇二二,output_total,2021,1\n", 2, "集群总产值", "批次"},
		{"BadYear", head + "NX-1,2022,output_total,去年,1\n", 2, "集群总产值", "年份"},
		{"Duplicate", head + "NX-1,2022,output_total,2021,1\nNX-1,2022,output_total,2021,2\n", 3, "集群总产值", "与第 2 行重复"},
		{"ColumnCount", head + "NX-1,2022,output_total,2021\n", 2, "", "应有 5 列"},
		{"BadHeader", "id,batch,field,year,value\nNX-1,2022,output_total,2021,1\n", 1, "", "表头应为"},
		{"Semicolons", "cluster_id;batch;field;year;value\n", 1, "", "分隔符不是逗号"},
		{"Empty", "", 1, "", "文件为空"},
		{"HeaderOnly", head, 2, "", "没有数据"},
		{"BareQuote", head + "NX-1,2022,cluster_name,,a\"b\n", 2, "", "CSV 格式错误"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, problems := etl.ReadCSV([]byte(c.data), "bad.csv")
			if len(problems) == 0 {
				t.Fatal("no problem reported")
			}
			p := problems[len(problems)-1]
			if p.File != "bad.csv" || p.Line != c.line || p.Label != c.label || !strings.Contains(p.Message, c.msg) {
				t.Errorf("got %s (line %d, label %q); want line %d, label %q, message with %q", p, p.Line, p.Label, c.line, c.label, c.msg)
			}
			if p.Severity != clusterscope.SevError {
				t.Errorf("severity %s, want error", p.Severity)
			}
		})
	}
}

func TestReadCSVDetectsGBK(t *testing.T) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(good[3:])
	if err != nil {
		t.Fatal(err)
	}
	_, problems := etl.ReadCSV([]byte(gbk), "gbk.csv")
	if len(problems) != 1 || !strings.Contains(problems[0].Message, "GBK") {
		t.Fatalf("GBK file: %v", problems)
	}
}

// TestBadFileLeavesWarehouseUnchanged: a file with one bad line among good
// ones loads nothing, and what was stored before is untouched.
func TestBadFileLeavesWarehouseUnchanged(t *testing.T) {
	dir := t.TempDir()
	w, err := warehouse.Open(filepath.Join(dir, "data"))
	if err != nil {
		t.Fatal(err)
	}
	// A whole application: Read refuses one that lacks required fields.
	complete := demoCSV(t, demo.Options{Candidates: 1, Recognised: -1})
	goodPath := write(t, dir, "good.csv", complete)
	if _, err := etl.LoadFile(w, goodPath, "tester", clusterscope.All, false); err != nil {
		t.Fatal(err)
	}
	before := tree(t, w.Dir())
	bad := complete + "NX-ZW-002,2022,output_total,2021,很多\n"
	badLine := strings.Count(complete, "\n") + 1
	res, err := etl.LoadFile(w, write(t, dir, "bad.csv", bad), "tester", clusterscope.All, false)
	var ve *clusterscope.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("bad file loaded: %v", err)
	}
	if len(res.Problems) != 1 || res.Problems[0].Line != badLine || res.Problems[0].Label != "集群总产值" {
		t.Errorf("problems: %v", res.Problems)
	}
	if after := tree(t, w.Dir()); !reflect.DeepEqual(before, after) {
		t.Errorf("warehouse changed by a refused file:\nbefore %v\nafter  %v", before, after)
	}
	// Loading the same good file again changes nothing either.
	res, err = etl.LoadFile(w, goodPath, "tester", clusterscope.All, false)
	if err != nil || res.Fresh || res.Load.ID != 1 {
		t.Errorf("second load of the same file: fresh=%v id=%d err=%v", res.Fresh, res.Load.ID, err)
	}
	if after := tree(t, w.Dir()); !reflect.DeepEqual(before, after) {
		t.Errorf("warehouse changed by a repeated file")
	}
}

func write(t *testing.T, dir, name, data string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// tree maps each file of dir to its contents.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			out[p] = string(b)
		}
		return err
	})
	return out
}

// TestLoadOutsideScope: a city official cannot load another city's cluster.
func TestLoadOutsideScope(t *testing.T) {
	dir := t.TempDir()
	w, _ := warehouse.Open(filepath.Join(dir, "data"))
	var app bytes.Buffer
	demo.Write(&app, demo.Options{Candidates: 1, Recognised: -1}) // a 中卫 cluster
	path := write(t, dir, "zw.csv", app.String())
	yinchuan := clusterscope.Scope{Province: "宁夏回族自治区", City: "银川市"}
	res, err := etl.LoadFile(w, path, "yc", yinchuan, false)
	var ve *clusterscope.ValidationError
	if !errors.As(err, &ve) || !strings.Contains(ve.Error(), "不在您的权限范围「宁夏回族自治区银川市」内") {
		t.Fatalf("out-of-scope load: %v", err)
	}
	if loads, _ := w.Loads(); len(loads) != 0 {
		t.Errorf("stored %d loads", len(loads))
	}
	zhongwei := clusterscope.Scope{Province: "宁夏回族自治区", City: "中卫市"}
	if res, err = etl.LoadFile(w, path, "zw", zhongwei, false); err != nil || !res.Fresh {
		t.Errorf("in-scope load: %v", err)
	}
}
