package dashboard

import (
	"cmp"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"clusterscope"
	"clusterscope/dashboard/auth"
	"clusterscope/queries"
)

// filterParams are the query parameters every data page understands.
var filterParams = []string{"batch", "year", "province", "city", "industry_type", "leading_industry", "status", "q"}

// selection is a page's parsed and checked filters.
type selection struct {
	queries.Filter
	Year     int
	Batches  []queries.Batch
	batch    *queries.Batch
	options  map[string][]queries.Option
	AllBatch bool               // batch=0 allowed and chosen: every batch
	scope    clusterscope.Scope // the user's: the region the filters narrow
}

// Where describes the selection in the language l, for subtitles and exports.
// Its region is the one applied: the user's scope, narrowed by the filters
// (a 市级 user's page is of their city even with no filter set).
func (s *selection) Where(l lang) string {
	where := tr(l, "全国")
	province, city := cmp.Or(s.Province, s.scope.Province), cmp.Or(s.City, s.scope.City)
	if province != "" || city != "" {
		where = province + city + s.scope.County
	}
	batch := tr(l, "全部批次")
	if s.Batch != 0 {
		batch = trf(l, "%d 年度批次", s.Batch)
	}
	out := batch + " · " + where
	for _, extra := range []string{s.IndustryType, s.LeadingIndustry, tr(l, statusLabel(s.Status))} {
		if extra != "" {
			out += " · " + extra
		}
	}
	if s.Q != "" {
		out += trf(l, " · 含「%s」", s.Q)
	}
	return out
}

func statusLabel(s string) string {
	switch s {
	case "recognised":
		return msg("已认定")
	case "candidate":
		return msg("候选")
	}
	return ""
}

// selectInto parses the page's selection and gives v its filters; on an
// empty warehouse it says so in v instead, and empty is true: the page has
// nothing more to show.
func (s *Server) selectInto(c echo.Context, scope clusterscope.Scope, v *view, allowAll bool) (sel *selection, empty bool, err error) {
	if sel, err = s.parseSelection(c, scope, allowAll); err != nil {
		return nil, false, err
	}
	if len(sel.Batches) == 0 {
		v.Summary = tr(v.lang, emptyWarehouse)
		return sel, true, nil
	}
	v.Filters = sel.filters(v.lang)
	return sel, false, nil
}

// parseSelection reads and checks the filters against what the data holds
// in the user's scope: an unknown value is a clear 400, never an empty page
// that looks like "no clusters". allowAll lets batch=0 mean every batch.
func (s *Server) parseSelection(c echo.Context, scope clusterscope.Scope, allowAll bool) (*selection, error) {
	ctx := c.Request().Context()
	l := langOf(c)
	sel := &selection{scope: scope}
	var err error
	if sel.Batches, err = s.db.BatchList(ctx, scope); err != nil {
		return nil, err
	}
	if len(sel.Batches) == 0 {
		return sel, nil
	}
	def := sel.Batches[0].Batch
	if allowAll {
		def = 0
	}
	if sel.Batch, err = intParam(c, "batch", msg("批次"), def); err != nil {
		return nil, err
	}
	for i := range sel.Batches {
		if sel.Batches[i].Batch == sel.Batch {
			sel.batch = &sel.Batches[i]
		}
	}
	switch {
	case sel.Batch == 0 && allowAll:
		sel.AllBatch = true
	case sel.batch == nil:
		return nil, errorf(l, clusterscope.ENOTFOUND, "没有 %d 年度批次的数据", sel.Batch)
	}
	first, last := sel.years()
	def = last
	if sel.batch != nil {
		def = sel.Batch - 1
	}
	if sel.Year, err = intParam(c, "year", msg("年度"), def); err != nil {
		return nil, err
	}
	if sel.Year < first || sel.Year > last {
		return nil, errorf(l, clusterscope.EINVALID, "所选批次只有 %d–%d 年的数据，没有 %d 年", first, last, sel.Year)
	}
	sel.Province, sel.City = c.QueryParam("province"), c.QueryParam("city")
	sel.IndustryType, sel.LeadingIndustry = c.QueryParam("industry_type"), c.QueryParam("leading_industry")
	sel.Status, sel.Q = c.QueryParam("status"), c.QueryParam("q")
	if sel.Status != "" && statusLabel(sel.Status) == "" {
		return nil, errorf(l, clusterscope.EINVALID, "状态「%s」无效：应为 recognised（已认定）或 candidate（候选）", sel.Status)
	}
	if utf8.RuneCountInString(sel.Q) > 64 {
		return nil, errorf(l, clusterscope.EINVALID, "搜索词过长（最多 64 字）")
	}
	if sel.options, err = s.db.FilterOptions(ctx, scope, sel.Filter); err != nil {
		return nil, err
	}
	for _, f := range []struct{ name, label, value string }{
		{"province", msg("省份"), sel.Province}, {"city", msg("市"), sel.City},
		{"industry_type", msg("产业类型"), sel.IndustryType}, {"leading_industry", msg("主导产业"), sel.LeadingIndustry},
	} {
		if f.value != "" && !hasOption(sel.options[f.name], f.value) {
			return nil, errorf(l, clusterscope.EINVALID, "所选范围内没有%s为「%s」的集群", tr(l, f.label), f.value)
		}
	}
	return sel, nil
}

func hasOption(opts []queries.Option, v string) bool {
	for _, o := range opts {
		if o.Value == v {
			return true
		}
	}
	return false
}

// years is the span of years with figures in the selected batch (or all).
func (s *selection) years() (first, last int) {
	if s.batch != nil {
		return s.batch.FirstYear, s.batch.LastYear
	}
	for i, b := range s.Batches {
		if i == 0 || b.FirstYear < first {
			first = b.FirstYear
		}
		if b.LastYear > last {
			last = b.LastYear
		}
	}
	return first, last
}

// filters builds the selects the page shows, from what the data holds.
func (s *selection) filters(l lang) map[string]filter {
	out := map[string]filter{}
	var batchOpts []option
	if s.AllBatch || s.batch == nil {
		batchOpts = append(batchOpts, option{0, tr(l, "全部批次")})
	}
	for _, b := range s.Batches {
		batchOpts = append(batchOpts, option{b.Batch, trf(l, "%d 年度（%d 个集群）", b.Batch, b.Clusters)})
	}
	out["batch"] = filter{s.Batch, batchOpts}
	first, last := s.years()
	var years []option
	for y := first; y <= last; y++ {
		label := trf(l, "%d 年", y)
		if s.batch != nil && y >= s.Batch {
			label += tr(l, "（跟踪实绩）")
		} else if s.batch != nil {
			label += tr(l, "（申报）")
		}
		years = append(years, option{y, label})
	}
	out["year"] = filter{s.Year, years}
	for _, f := range []struct{ name, all, value string }{
		{"province", tr(l, "全部省份"), s.Province}, {"city", tr(l, "全部城市"), s.City},
		{"industry_type", tr(l, "全部产业类型"), s.IndustryType}, {"leading_industry", tr(l, "全部主导产业"), s.LeadingIndustry},
	} {
		opts := []option{{"", f.all}}
		for _, o := range s.options[f.name] {
			opts = append(opts, option{o.Value, trf(l, "%s（%d）", o.Value, o.Clusters)})
		}
		out[f.name] = filter{f.value, opts}
	}
	out["status"] = filter{s.Status, []option{{"", tr(l, "全部")}, {"recognised", tr(l, "已认定")}, {"candidate", tr(l, "候选")}}}
	return out
}

// nowhere is a scope that matches no cluster: what a request without a
// user would get, were it ever to slip past Require.
var nowhere = clusterscope.Scope{Province: "\x00"}

// scope is the region the signed-in user may see.
func (s *Server) scope(c echo.Context) clusterscope.Scope {
	if u, ok := auth.UserFrom(c); ok && !u.Disabled {
		return u.Scope
	}
	return nowhere
}
