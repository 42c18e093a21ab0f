package dashboard_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestLabelsSayTheScopeApplied: the summary, the chart subtitles, the Excel
// downloads' captions and the PDF briefing's filters line of a 市级 or 省级 user name
// the region the data is limited to, not 全国, though no filter is set.
func TestLabelsSayTheScopeApplied(t *testing.T) {
	ts, fake := exportServer(t)
	for _, c := range []struct{ user, region string }{
		{"zhongwei", "宁夏回族自治区中卫市"},
		{"guangdong", "广东省"},
		{"ministry", "全国"}, // what the ministry's pages do say
	} {
		for _, page := range []string{"overview", "compare", "monitor", "assess"} {
			t.Run(c.user+"/"+page, func(t *testing.T) {
				says := func(what, text string) {
					t.Helper()
					if !strings.Contains(text, c.region) || c.region != "全国" && strings.Contains(text, "全国") {
						t.Errorf("%s does not say %s: %q", what, c.region, text)
					}
				}
				status, _, body := getAs(t, ts, c.user, "/api/"+page+"?batch=2022")
				var v struct {
					Summary string `json:"summary"`
					Charts  []struct {
						Option struct {
							Title struct {
								Subtext string `json:"subtext"`
							} `json:"title"`
						} `json:"option"`
					} `json:"charts"`
				}
				if err := json.Unmarshal(body, &v); status != http.StatusOK || err != nil {
					t.Fatalf("%d %v: %s", status, err, body)
				}
				says("the summary", v.Summary)
				for _, ch := range v.Charts {
					says("a chart's subtitle", ch.Option.Title.Subtext)
				}
				if page == "compare" || page == "monitor" { // the others' captions name no region
					says("the Excel download's caption", xlsxCaption(t, ts, c.user, "/api/"+page+".xlsx?batch=2022"))
				}
				if status, _, body := getAs(t, ts, c.user, "/export/"+page+".pdf?batch=2022"); status != http.StatusOK {
					t.Fatalf("pdf: %d %s", status, body)
				}
				says("the PDF's filters line", (<-fake.started).Filters)
			})
		}
	}
}

// xlsxCaption is the first cell of a table download: its caption.
func xlsxCaption(t *testing.T, ts *testServer, user, path string) string {
	t.Helper()
	status, _, body := getAs(t, ts, user, path)
	if status != http.StatusOK {
		t.Fatalf("%s: %d %s", path, status, body)
	}
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a1, _ := f.GetCellValue("Sheet1", "A1")
	return a1
}
