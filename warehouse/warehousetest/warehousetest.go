// Package warehousetest builds small warehouses for other packages' tests
// from rows written as in the long-CSV interchange format.
package warehousetest

import (
	"strconv"
	"strings"
	"testing"

	"clusterscope"
	"clusterscope/warehouse"
)

// New opens an empty warehouse in a temporary folder, closed when the
// test ends.
func New(t testing.TB) *warehouse.Warehouse {
	t.Helper()
	w, err := warehouse.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// Load stores rows ("cluster_id,batch,field,year,value" per line, no header)
// as one load named name; each row must be valid.
func Load(t testing.TB, w *warehouse.Warehouse, name string, synthetic bool, rows string) {
	t.Helper()
	cat := clusterscope.DefaultCatalog()
	var obs []clusterscope.Observation
	for i, line := range strings.Split(strings.TrimSpace(rows), "\n") {
		f := strings.SplitN(strings.TrimSpace(line), ",", 5)
		if len(f) != 5 {
			t.Fatalf("%s row %d: want 5 columns: %q", name, i+1, line)
		}
		batch, err := strconv.Atoi(f[1])
		if err != nil {
			t.Fatalf("%s row %d: batch: %v", name, i+1, err)
		}
		year := 0
		if f[3] != "" {
			if year, err = strconv.Atoi(f[3]); err != nil {
				t.Fatalf("%s row %d: year: %v", name, i+1, err)
			}
		}
		o, err := cat.Observe(f[0], batch, f[2], year, f[4])
		if err != nil {
			t.Fatalf("%s row %d: %v", name, i+1, err)
		}
		o.Line = i + 2
		obs = append(obs, o)
	}
	in := warehouse.Input{File: name, SHA256: name, By: "test", Synthetic: synthetic, Observations: obs}
	if _, _, err := w.Load(in); err != nil {
		t.Fatal(err)
	}
}

// WestRuleSet is a region rule set for tests: it relaxes the output
// threshold for 宁夏 to 30 亿元, as 西部地区可适当放宽 allows.
const WestRuleSet = `id = "west-2022"
name = "西部地区（示例：产值门槛放宽至 30 亿元）"
version = "1"
source = "示例"

[scope]
regions = ["宁夏回族自治区"]

[[criterion]]
id = "output"
wording = "近三年产值均在30亿元以上"
label = "集群总产值"
fields = ["output_total"]
comparison = ">="
threshold = 30
years = "each_of_3"
severity = "fail"
`
