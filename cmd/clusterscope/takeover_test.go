package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"clusterscope"
	"clusterscope/cmd/clusterscope/demo"
	"clusterscope/warehouse"
)

// placed is the demo's application of NX-ZW-001 (a 中卫 cluster) with its
// 所属地区 and 2021 output (and so the target's baseline) replaced: the same id and batch, another place.
func placed(t *testing.T, app []byte, province, city, county, output string) []byte {
	t.Helper()
	repl := map[string]string{"province,": province, "city,": city, "county,": county,
		"output_total,2021": output, "target.output_total,2021": output} // the target's baseline is the output
	var out []string
	for _, line := range strings.Split(strings.TrimSuffix(string(app), "\n"), "\n") {
		f := strings.SplitN(line, ",", 5)
		if len(f) == 5 {
			if v, ok := repl[f[2]+","+f[3]]; ok {
				line = strings.Join(append(f[:4], v), ",")
			}
		}
		out = append(out, line)
	}
	return []byte(strings.Join(out, "\n") + "\n")
}

// sees is the cluster's application as a user of scope finds it (field →
// value; 2021 for yearly fields), and its follow-up output as "followup".
func sees(t *testing.T, w *warehouse.Warehouse, scope clusterscope.Scope, id string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, o := range storedAs(t, w, scope, 2022, id) {
		if o.Report == 0 && (o.Year == 0 || o.Year == 2021) {
			out[o.Field] = o.Text
		} else if o.Report > 0 && o.Field == "output_total" {
			out["followup"] = o.Text
		}
	}
	return out
}

// TestLoadCannotTakeOverAnotherRegionsCluster: `load --as` refuses a file
// whose cluster id and batch another region holds — an application or a
// follow-up report — with a message that names the file, id and batch but
// not the other region; the owner's data stays as it was, and visible to
// its owner. A move between regions is allowed to whoever holds both ends
// and is audited with the old and the new region.
func TestLoadCannotTakeOverAnotherRegionsCluster(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	wh, err := warehouse.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	ningxia := clusterscope.Scope{Province: "宁夏回族自治区"}
	zhongwei := clusterscope.Scope{Province: "宁夏回族自治区", City: "中卫市"}
	shanghai := clusterscope.Scope{Province: "上海市", City: "上海市"}
	for _, u := range []clusterscope.User{
		{Name: "zw", Role: clusterscope.RoleCity, Scope: zhongwei},
		{Name: "sh", Role: clusterscope.RoleCity, Scope: shanghai},
		{Name: "nx", Role: clusterscope.RoleProvince, Scope: ningxia},
		{Name: "root", Role: clusterscope.RoleAdmin},
	} {
		if err := wh.AddUser(u, "a-long-enough-password"); err != nil {
			t.Fatal(err)
		}
	}
	var app bytes.Buffer
	if err := demo.Write(&app, demo.Options{Candidates: 1, Recognised: -1}); err != nil {
		t.Fatal(err)
	}
	file := func(name string, body []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, body, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	zw := file("zw.csv", placed(t, app.Bytes(), "宁夏回族自治区", "中卫市", "沙坡头区", "50"))
	sh := file("sh.csv", placed(t, app.Bytes(), "上海市", "上海市", "黄浦区", "999"))
	followup := file("followup.csv", []byte("cluster_id,batch,field,year,value\nNX-ZW-001,2022,output_total,2022,777\n"))
	toYinchuan := file("yc.csv", placed(t, app.Bytes(), "宁夏回族自治区", "银川市", "兴庆区", "51"))
	backToZhongwei := file("zw2.csv", placed(t, app.Bytes(), "宁夏回族自治区", "中卫市", "沙坡头区", "52"))
	const taken = "集群编号 NX-ZW-001（批次 2022）已由其他地区登记，不能由本账户载入"

	steps := []struct {
		name, as, file string
		wantErr        string // in the output of a refused load; "" for success
		wantOut        string
		// what 中卫, 宁夏 and 上海 then see of the cluster's 2021 output
		zhongwei, ningxia, shanghai string
	}{
		{"owner_loads", "zw", zw, "", "已载入", "50", "50", ""},
		{"other_city_same_id", "sh", sh, taken, "", "50", "50", ""},
		{"other_city_followup", "sh", followup, taken, "", "50", "50", ""},
		{"owner_followup", "zw", followup, "", "已载入", "50", "50", ""},
		{"admin_moves", "root", toYinchuan, "", "所属地区由「宁夏回族自治区中卫市沙坡头区」改为「宁夏回族自治区银川市兴庆区」", "", "51", ""},
		{"old_city_after_move", "zw", backToZhongwei, taken, "", "", "51", ""},
		{"province_moves_within", "nx", backToZhongwei, "", "所属地区由「宁夏回族自治区银川市兴庆区」改为「宁夏回族自治区中卫市沙坡头区」", "52", "52", ""},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			before, _ := os.ReadFile(wh.ManifestPath())
			out, err := run(t, "load", "--data", data, "--as", st.as, st.file)
			if st.wantErr != "" {
				if err == nil || !strings.Contains(out, st.wantErr) || !strings.Contains(out, filepath.Base(st.file)) {
					t.Fatalf("err %v, output:\n%s\nwant a refusal naming the file and %q", err, out, st.wantErr)
				}
				if strings.Contains(out, "中卫") || strings.Contains(out, "银川") || strings.Contains(out, "宁夏") {
					t.Errorf("the refusal tells another region's place:\n%s", out)
				}
				if after, _ := os.ReadFile(wh.ManifestPath()); !bytes.Equal(before, after) {
					t.Error("a refused load changed the warehouse")
				}
			} else if err != nil || !strings.Contains(out, st.wantOut) {
				t.Fatalf("err %v, output:\n%s\nwant %q", err, out, st.wantOut)
			}
			for _, c := range []struct {
				who   string
				scope clusterscope.Scope
				want  string
			}{{"中卫", zhongwei, st.zhongwei}, {"宁夏", ningxia, st.ningxia}, {"上海", shanghai, st.shanghai}} {
				if got := sees(t, wh, c.scope, "NX-ZW-001")["output_total"]; got != c.want {
					t.Errorf("%s sees output %q, want %q", c.who, got, c.want)
				}
			}
		})
	}
	if got := sees(t, wh, zhongwei, "NX-ZW-001"); got["followup"] != "777" || got["province"] != "宁夏回族自治区" {
		t.Errorf("中卫 sees %v: want its own follow-up and place", got)
	}
	log, err := wh.AuditLog(0)
	if err != nil {
		t.Fatal(err)
	}
	var moves []string
	for _, e := range log {
		if e.Action == clusterscope.AuditMove {
			moves = append(moves, e.Who+" "+e.Target+" "+e.Detail)
		}
	}
	want := []string{ // newest first
		"nx 集群 NX-ZW-001（批次 2022） 所属地区由「宁夏回族自治区银川市兴庆区」改为「宁夏回族自治区中卫市沙坡头区」：zw2.csv，第 4 次载入",
		"root 集群 NX-ZW-001（批次 2022） 所属地区由「宁夏回族自治区中卫市沙坡头区」改为「宁夏回族自治区银川市兴庆区」：yc.csv，第 3 次载入",
	}
	if strings.Join(moves, "\n") != strings.Join(want, "\n") {
		t.Errorf("moves audited:\n%s\nwant:\n%s", strings.Join(moves, "\n"), strings.Join(want, "\n"))
	}
}
