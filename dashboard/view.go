package dashboard

import (
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"clusterscope"
)

// view is what a data page draws: built once per request by the page's
// builder and served as JSON, or one of its tables as CSV or XLSX.
type view struct {
	Demo    bool              `json:"demo"`
	Note    string            `json:"note,omitempty"`
	Title   string            `json:"title"`
	Summary string            `json:"summary"`
	Filters map[string]filter `json:"filters"`
	Charts  []chart           `json:"charts"`
	Tables  []*table          `json:"tables"`
	Rule    string            `json:"rule,omitempty"` // how a status on the page is decided, stated
	Warning string            `json:"warning,omitempty"`
	// Desk is the review desk (评审推荐): the applications' states and the
	// steps' forms.
	Desk *desk `json:"desk,omitempty"`
	// Downloads are files of the page besides its tables (附件1).
	Downloads []download `json:"downloads,omitempty"`
	// Decide is the form for a lifecycle decision on one cluster (复核).
	Decide *decideForm `json:"decide,omitempty"`
	// Pager is the words of the tables' pagers and sortable headers.
	Pager *pager `json:"pager,omitempty"`

	lang lang // of the request: the language of every string above
}

// builder builds a page's view for the request and the user's scope.
type builder func(c echo.Context, scope clusterscope.Scope) (*view, error)

func (s *Server) newView(l lang, title string) *view {
	v := &view{Title: tr(l, title), Demo: s.db.Demo(), Filters: map[string]filter{}, Charts: []chart{}, Tables: []*table{}, lang: l}
	if v.Demo {
		v.Note = tr(l, clusterscope.DemoNote)
	}
	if n := len(s.db.Corrupt()); n > 0 {
		v.Warning = trf(l, "注意：数据仓库中有 %d 个数据文件已损坏，本页未包含其数据；请管理员查看服务日志并重新载入相应文件。", n)
	}
	return v
}

// subtitle is what every chart says under its title: the selection, and
// that the data is synthetic when it is.
func (v *view) subtitle(where string) string {
	if v.Demo {
		return where + tr(v.lang, " · 演示数据")
	}
	return where
}

// emptyWarehouse is the summary of a page before anything was loaded.
const emptyWarehouse = "仓库中还没有数据：运行 clusterscope demo 载入演示数据，或用 clusterscope load 载入申报数据。"

// serveJSON answers a page's JSON (api is its path): the view with a page
// of each table.
func (s *Server) serveJSON(api string, b builder) echo.HandlerFunc {
	return func(c echo.Context) error { return s.servePaged(c, api, b) }
}

// serveTable serves one table of a page's view as a download: every row,
// sorted as the view's paging sorts it; the table is chosen by the `table`
// parameter (default the first).
func (s *Server) serveTable(api string, b builder, format string) echo.HandlerFunc {
	return func(c echo.Context) error {
		n := 0
		if t := c.QueryParam("table"); t != "" {
			var err error
			if n, err = strconv.Atoi(t); err != nil || n < 0 {
				return errorf(langOf(c), clusterscope.EINVALID, "表格序号「%s」无效", t)
			}
			q := c.QueryParams()
			q.Del("table")
			c.Request().URL.RawQuery = q.Encode()
		}
		k, _, err := s.built(c, api, b)
		if err != nil {
			return err
		}
		v := k.v
		if n >= len(v.Tables) {
			return errorf(v.lang, clusterscope.ENOTFOUND, "本页没有第 %d 个表格", n+1)
		}
		t, err := k.whole(n, pagingOf(c))
		if err != nil {
			return err
		}
		name := strings.NewReplacer("/", "-", " ", "").Replace(t.Caption)
		if v.lang == en {
			name = strings.NewReplacer("/", "-", " · ", "_", " ", "-").Replace(t.Caption)
		}
		if v.Demo {
			name = tr(v.lang, "演示数据-") + name
		}
		switch format {
		case "csv":
			return writeCSV(c, name+".csv", t, v.Note)
		default:
			return writeXLSX(c, name+".xlsx", t, v.Note)
		}
	}
}
