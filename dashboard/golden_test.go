package dashboard_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"clusterscope/etl/demo"
)

// goldenPages are the views whose every chart is pinned by a golden file.
var goldenPages = map[string]string{
	"overview": "batch=2022",
	"compare":  "batch=2022&field=enterprises",
	"monitor":  "batch=2022",
	"assess":   "batch=2022&province=宁夏回族自治区",
	"cluster":  "batch=2022&id=NX-ZW-001",
}

// TestChartOptionsGoldenPerPage pins the options of every chart of every
// page on a small demo data set; run with -update after a deliberate change
// and review the diff.
func TestChartOptionsGoldenPerPage(t *testing.T) {
	ts, _ := newDemoServer(t, demo.Options{Candidates: 4, Recognised: 6})
	for page, query := range goldenPages {
		status, _, body := get(t, ts, "/api/"+page+"?"+query)
		if status != 200 {
			t.Fatalf("%s: %d %s", page, status, body)
		}
		var v struct {
			Charts []struct {
				ID     string         `json:"id"`
				Option map[string]any `json:"option"`
			} `json:"charts"`
		}
		if err := json.Unmarshal(body, &v); err != nil {
			t.Fatal(err)
		}
		if len(v.Charts) == 0 {
			t.Errorf("%s has no charts", page)
		}
		for _, ch := range v.Charts {
			got, _ := json.MarshalIndent(ch.Option, "", "  ")
			golden := filepath.Join("testdata", page+"."+strings.ReplaceAll(ch.ID, "/", "_")+".golden.json")
			if *update {
				os.WriteFile(golden, append(got, '\n'), 0o644)
				continue
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Errorf("%s: %v (run with -update)", golden, err)
				continue
			}
			if strings.TrimSpace(string(want)) != strings.TrimSpace(string(got)) {
				t.Errorf("%s: chart options differ from the golden file", golden)
			}
		}
	}
}
