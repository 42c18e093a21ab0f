package dashboard_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"clusterscope/dashboard/render"
)

// TestWordAndPowerPointExports: every page exports to .docx and .pptx as
// its user, with the media type and name a browser saves it by; the
// renderer is told the user's scope for the footer and the words around
// the page's texts in the user's language. Another extension is refused,
// naming the formats there are.
func TestWordAndPowerPointExports(t *testing.T) {
	ts, fake := exportServer(t)
	english(t, ts, "ministry")
	cases := []struct {
		user, ext, ctype, scope string
		labels                  render.Labels
	}{
		{"zhongwei", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "数据范围：宁夏回族自治区中卫市",
			render.Labels{Filters: "筛选条件：", Figure: "图 %d\u3000%s", Table: "表 %d\u3000%s", Page: "第 %s / %s 页"}},
		{"guangdong", "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "数据范围：广东省",
			render.Labels{Filters: "筛选条件：", Figure: "图 %d\u3000%s", Table: "表 %d\u3000%s", Page: "第 %s / %s 页"}},
		{"ministry", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Data scope: all of China",
			render.Labels{Filters: "Filters: ", Figure: "Figure %d: %s", Table: "Table %d: %s", Page: "Page %s of %s"}},
	}
	for _, c := range cases {
		for _, page := range []string{"overview", "compare", "monitor", "assess"} {
			t.Run(c.user+"/"+page+"."+c.ext, func(t *testing.T) {
				status, hdr, body := getAs(t, ts, c.user, "/export/"+page+"."+c.ext+"?batch=2022&chart=output_total")
				if status != http.StatusOK {
					t.Fatalf("%d %s", status, body)
				}
				req := <-fake.started
				if req.Format != render.Format(c.ext) || req.Scope != c.scope || req.Labels != c.labels {
					t.Errorf("rendered %s with scope %q and %+v; want %s, %q, %+v", req.Format, req.Scope, req.Labels, c.ext, c.scope, c.labels)
				}
				if len(req.Charts) != 1 || req.Charts[0] != "chart-output_total" || strings.Contains(req.URL, "chart=") {
					t.Errorf("charts %v, page %s: want the one chart asked for, apart from the page's filters", req.Charts, req.URL)
				}
				if got := hdr.Get("Content-Type"); got != c.ctype {
					t.Errorf("Content-Type %q, want %q", got, c.ctype)
				}
				name, _ := url.PathUnescape(strings.TrimPrefix(hdr.Get("Content-Disposition"), "attachment; filename*=UTF-8''"))
				if !strings.HasSuffix(name, "."+c.ext) {
					t.Errorf("saved as %q, want a .%s", name, c.ext)
				}
			})
		}
	}
	status, _, body := getAs(t, ts, "zhongwei", "/export/compare.doc?batch=2022")
	if status != http.StatusBadRequest || !strings.Contains(string(body), "docx") || !strings.Contains(string(body), "pptx") {
		t.Errorf("a .doc export: %d %s, want 400 naming docx and pptx", status, body)
	}
}

// exportServer is a test server whose exports a fake renders at once; the
// fake notes each request.
func exportServer(t *testing.T) (*testServer, *slowRenderer) {
	t.Helper()
	ts := newServer(t, fixtureRows)
	fake := newSlowRenderer()
	close(fake.release)
	ts.srv.SetRenderer(fake)
	ts.srv.BaseURL = ts.URL
	return ts, fake
}
