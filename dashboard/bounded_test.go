package dashboard

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// chartSeries is the first series of a chart's option, as ECharts reads it.
func chartSeries(t *testing.T, ch chart) (data []any, markLines []float64, subtitle string) {
	t.Helper()
	s := ch.Option["series"].([]any)[0].(map[string]any)
	data = s["data"].([]any)
	if ml, ok := s["markLine"].(map[string]any); ok {
		for _, d := range ml["data"].([]any) {
			for _, k := range []string{"yAxis", "xAxis"} {
				if v, ok := d.(map[string]any)[k].(float64); ok {
					markLines = append(markLines, v)
				}
			}
		}
	}
	title := ch.Option["title"].(map[string]any)
	return data, markLines, title["subtext"].(string)
}

// TestChartsOfManyClustersStayBounded: at 10,000 clusters a bar chart shows
// the maxBars largest values, largest first, and a scatter at most 30×30 grouped
// points holding every cluster once; each says so under its title, and the
// quartile and median lines are still those of every cluster. At a few
// clusters the charts show each one, as before.
func TestChartsOfManyClustersStayBounded(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{12, 10_000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			names := make([]string, n)
			values := make([]*float64, n)
			xs, ys := make([]float64, n), make([]float64, n)
			var all []float64
			for i := range n {
				names[i] = fmt.Sprintf("集群%d", i)
				xs[i], ys[i] = r.NormFloat64()*3+5, r.ExpFloat64()
				if i%7 != 0 { // some clusters reported nothing
					v := round2(r.Float64() * 1000)
					values[i] = &v
					all = append(all, v)
				}
			}
			bars, err := clusterBars(zh, "output_total", "集群总产值", "亿元", "全国", names, values)
			if err != nil {
				t.Fatal(err)
			}
			data, lines, sub := chartSeries(t, bars)
			q := quartiles(all)
			if want := []float64{round2(q[0]), round2(q[1]), round2(q[2])}; !slices.Equal(lines, want) {
				t.Errorf("quartile lines %v, want every cluster's %v", lines, want)
			}
			sc, err := clusterScatter(zh, "scatter", "散点", "全国", "x", "y", names, xs, ys)
			if err != nil {
				t.Fatal(err)
			}
			points, medians, scSub := chartSeries(t, sc)
			if want := []float64{round2(median(xs)), round2(median(ys))}; !slices.Equal(medians, want) {
				t.Errorf("median lines %v, want every cluster's %v", medians, want)
			}
			if n < 50 { // the page's stated bound, not the constant's value: the test says what a user sees
				if len(data) != n || len(points) != n || strings.Contains(sub, "图中为") || strings.Contains(scSub, "汇总") {
					t.Errorf("%d clusters: %d bars, %d points, subtitles %q %q: want each cluster, as before", n, len(data), len(points), sub, scSub)
				}
				return
			}
			got := make([]float64, len(data))
			for i, d := range data {
				got[i] = d.(map[string]any)["value"].(float64)
			}
			largest := slices.Clone(all)
			slices.Sort(largest)
			slices.Reverse(largest)
			if !slices.Equal(got, largest[:maxBars]) {
				t.Errorf("%d bars %v…, want the %d largest, largest first: %v…", len(got), got[:3], maxBars, largest[:3])
			}
			if !strings.Contains(sub, fmt.Sprintf("共 %d 个集群，图中为数值最大的 %d 个", n, maxBars)) {
				t.Errorf("the bars' subtitle does not say what they show: %q", sub)
			}
			held := 0
			for _, p := range points {
				if v := p.(map[string]any)["value"].([]any); len(v) == 3 { // x, y, how many
					held += int(v[2].(float64))
				}
			}
			if len(points) > 30*30 || held != n {
				t.Errorf("%d points holding %d clusters, want at most 900 holding all %d", len(points), held, n)
			}
			if !strings.Contains(scSub, fmt.Sprintf("共 %d 个集群，按数值分 30×30 格汇总", n)) {
				t.Errorf("the scatter's subtitle does not say it groups: %q", scSub)
			}
		})
	}
}
