package warehouse_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"clusterscope"
	"clusterscope/warehouse"
	"clusterscope/warehouse/warehousetest"
)

// TestDefaultListNoticesMirrorCalls pins the embedded list notices to
// calls.md's "Lists and monitoring".
func TestDefaultListNoticesMirrorCalls(t *testing.T) {
	type want struct {
		document, dated, due string
		recognised           int
		term                 clusterscope.Term
	}
	wants := map[int]want{
		2022: {"工信部企业函〔2023〕3号", "2023-01-11", "04-30", 100, clusterscope.Term{Start: 2023, End: 2025}},
		2023: {"工信部企业函〔2023〕283号", "2023-10-17", "04-30", 100, clusterscope.Term{Start: 2024, End: 2026}},
		2024: {"工信部企业函〔2024〕267号", "2024-09-19", "03-31", 100, clusterscope.Term{Start: 2025, End: 2027}},
	}
	ns := warehouse.DefaultListNotices()
	if len(ns) != len(wants) {
		t.Fatalf("%d list notices, want %d", len(ns), len(wants))
	}
	for _, n := range ns {
		got := want{n.Document, n.Dated, n.ReportDue.String(), n.Recognised, n.FirstTerm()}
		if got != wants[n.Batch] {
			t.Errorf("batch %d:\n got %+v\nwant %+v", n.Batch, got, wants[n.Batch])
		}
	}
}

// TestParseListNoticeErrorsNameLineAndKey: every error names the file,
// the line and the key.
func TestParseListNoticeErrorsNameLineAndKey(t *testing.T) {
	good, err := os.ReadFile("lists/list-2022.toml")
	if err != nil {
		t.Fatal(err)
	}
	edit := func(old, new string) string {
		if !strings.Contains(string(good), old) {
			t.Fatalf("fixture has no %q", old)
		}
		return strings.Replace(string(good), old, new, 1)
	}
	cases := []struct {
		name, text string
		want       []string
	}{
		{"LeapDay", edit("\nreport_due = \"04-30\"", "\nreport_due = \"02-29\""), []string{"「report_due」", "02-29"}},
		{"DueAsDate", edit("\nreport_due = \"04-30\"", "\nreport_due = 2023-04-30"), []string{"「report_due」", "类型"}},
		{"NoDate", edit("\ndated = \"2023-01-11\"", "\ndated = \"\""), []string{"「dated」", "必须写明"}},
		{"TermTooLate", edit("\nterm_start = 2023", "\nterm_start = 2030"), []string{"「term_start」", "2030"}},
		{"NoTerm", edit("\nterm_years = 3", "\nterm_years = 0"), []string{"「term_years」"}},
		{"MisspelledKey", edit("\nbatch = 2022", "\nbatch = 2022\nreport_dew = \"04-30\""), []string{"「report_dew」", "未知的设置项"}},
		{"DueMovedToNoDay", edit("\nreport_due = \"04-30\"", "\nreport_due = \"04-30\"\nreport_due_from = { 2025 = \"3月31日\" }"), []string{"「report_due_from」", "2025 年", "3月31日"}},
		{"DueMovedFromNoYear", edit("\nreport_due = \"04-30\"", "\nreport_due = \"04-30\"\nreport_due_from = { next = \"03-31\" }"), []string{"「report_due_from」", "「next」不是年份"}},
		// the clusters it names: all of those it recognised, each once, each an id
		{"TooFewClusters", edit("\nrecognised = 100", "\nrecognised = 2\nclusters = [\"NX-ZW-001\"]"), []string{"「clusters」", "列出 1 个", "认定 2 个"}},
		{"ClusterTwice", edit("\nrecognised = 100", "\nrecognised = 2\nclusters = [\"NX-ZW-001\", \"NX-ZW-001\"]"), []string{"「clusters」", "第 2 个「NX-ZW-001」重复"}},
		{"ClusterByName", edit("\nrecognised = 100", "\nrecognised = 1\nclusters = [\"中卫枸杞\"]"), []string{"「clusters」", "不是集群编号"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := warehouse.ParseListNotice("bad.toml", []byte(c.text))
			if clusterscope.ErrorCode(err) != clusterscope.EINVALID {
				t.Fatalf("code %q: %v", clusterscope.ErrorCode(err), err)
			}
			for _, w := range append(c.want, "名单通告文件 bad.toml", "第 ") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

// TestAddListNotice: a corrected notice is put in lists/ and is the one in
// force for its batch; a bad one writes nothing.
func TestAddListNotice(t *testing.T) {
	w := warehousetest.New(t)
	good, _ := os.ReadFile("lists/list-2024.toml")
	if _, err := w.AddListNotice("bad.toml", []byte(strings.Replace(string(good), `"03-31"`, `"3月31日"`, 1))); err == nil {
		t.Error("a bad notice was added")
	}
	if entries, _ := os.ReadDir(filepath.Join(w.Dir(), warehouse.ListDir)); len(entries) != 0 {
		t.Errorf("a refused notice left files: %v", entries)
	}
	fixed := strings.Replace(strings.Replace(string(good), `version = "1"`, `version = "2"`, 1), `"03-31"`, `"04-15"`, 1)
	if _, err := w.AddListNotice("list-2024.toml", []byte(fixed)); err != nil {
		t.Fatal(err)
	}
	all, err := w.AllListNotices()
	if err != nil {
		t.Fatal(err)
	}
	if n := clusterscope.SelectListNotice(all, 2024); n.Ref() != "list-2024@2" || n.DueDate(2025).Format("2006-01-02") != "2026-04-15" {
		t.Errorf("the 2024 notice in force: %s, due %s", n.Ref(), n.ReportDue)
	}
}

// TestListNoticeDueMoved: a notice read with a moved due day judges the
// report on 2024 by the new day, the one on 2023 by the old.
func TestListNoticeDueMoved(t *testing.T) {
	good, err := os.ReadFile("lists/list-2022.toml")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(good), "\nreport_due = \"04-30\"", "\nreport_due = \"04-30\"\n[report_due_from]\n2025 = \"03-31\"", 1)
	n, err := warehouse.ParseListNotice("moved.toml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if a, b := n.DueDate(2023).Format("2006-01-02"), n.DueDate(2024).Format("2006-01-02"); a != "2024-04-30" || b != "2025-03-31" {
		t.Errorf("due on 2023 %s, on 2024 %s", a, b)
	}
}
