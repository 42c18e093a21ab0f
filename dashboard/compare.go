package dashboard

import (
	"net/url"
	"sort"
	"strconv"

	"github.com/labstack/echo/v4"

	"clusterscope"
	"clusterscope/queries"
)

var compareParams = append([]string{"field", "field2"}, filterParams...)

// indicatorParam returns the numeric catalog field named by the parameter.
func indicatorParam(c echo.Context, name, def string) (*clusterscope.Field, error) {
	code := c.QueryParam(name)
	if code == "" {
		code = def
	}
	if code == "" {
		return nil, nil
	}
	f := clusterscope.DefaultCatalog().Field(code)
	if f == nil || !f.Kind.Numeric() {
		return nil, errorf(langOf(c), clusterscope.EINVALID, "指标「%s」不是申报表中的数值字段", code)
	}
	return f, nil
}

// indicatorFilter offers every numeric field of the form, by part.
func indicatorFilter(l lang, value string, allowNone bool) filter {
	var opts []option
	if allowNone {
		opts = append(opts, option{"", tr(l, "（不选）")})
	}
	for _, f := range clusterscope.DefaultCatalog().Fields {
		if f.Kind.Numeric() {
			opts = append(opts, option{f.Code, withUnit(l, f.Label, f.Unit)})
		}
	}
	return filter{value, opts}
}

func profileLink(batch int, id string) string {
	return "/cluster?batch=" + strconv.Itoa(batch) + "&id=" + url.QueryEscape(id) // as url.Values encodes them, by name
}

// buildCompare: the selected clusters on the four headline metrics, a
// scatter of two indicators with median lines, a radar over the form's
// dimensions, and, when an indicator is chosen, its bars and its years.
func (s *Server) buildCompare(c echo.Context, scope clusterscope.Scope) (*view, error) {
	if err := params(c, compareParams...); err != nil {
		return nil, err
	}
	l := langOf(c)
	v := s.newView(l, "集群对比")
	field, err := indicatorParam(c, "field", "")
	if err != nil {
		return nil, err
	}
	field2, err := indicatorParam(c, "field2", "")
	if err != nil {
		return nil, err
	}
	sel, empty, err := s.selectInto(c, scope, v, false)
	if err != nil || empty {
		return v, err
	}
	v.Filters["field"] = indicatorFilter(l, c.QueryParam("field"), true)
	v.Filters["field2"] = indicatorFilter(l, c.QueryParam("field2"), true)
	ctx := c.Request().Context()
	rows, err := s.db.CompareHeadline(ctx, scope, sel.Filter, sel.Year)
	if err != nil {
		return nil, err
	}
	where := trf(l, "%s · %d 年", sel.Where(l), sel.Year)
	v.Summary = trf(l, "%s · %d 个集群", where, len(rows))
	sub := v.subtitle(where)
	names := make([]string, len(rows))
	for i, r := range rows {
		names[i] = clusterscope.ShortName(r.Name)
	}
	metric := map[string]func(queries.HeadlineRow) *float64{
		"output_total":   func(r queries.HeadlineRow) *float64 { return r.OutputTotal },
		"rd_intensity":   func(r queries.HeadlineRow) *float64 { return r.RDIntensity },
		"cloud_adoption": func(r queries.HeadlineRow) *float64 { return r.CloudAdoption },
		"co2_per_output": func(r queries.HeadlineRow) *float64 { return r.CO2PerOutput },
	}
	for _, ind := range clusterscope.Headline {
		values := make([]*float64, len(rows))
		for i, r := range rows {
			values[i] = metric[ind.Code](r)
		}
		ch, err := clusterBars(l, ind.Code, withUnit(l, ind.Label, ind.Unit), tr(l, ind.Unit), sub, names, values)
		if err != nil {
			return nil, err
		}
		v.Charts = append(v.Charts, ch)
	}
	if len(rows) == 0 {
		v.Tables = append(v.Tables, headlineTable(l, rows, v.Summary))
		return v, nil
	}
	if err := s.compareScatter(c, v, scope, sel, field, field2, sub); err != nil {
		return nil, err
	}
	if err := s.compareRadar(c, v, scope, sel, rows, sub); err != nil {
		return nil, err
	}
	if field != nil {
		if err := s.compareIndicator(c, v, scope, sel, field, sub); err != nil {
			return nil, err
		}
	}
	v.Tables = append(v.Tables, headlineTable(l, rows, v.Summary))
	return v, nil
}

// compareScatter plots two indicators (default: R&D intensity against CO₂
// per output) with their medians, for clusters that reported both.
func (s *Server) compareScatter(c echo.Context, v *view, scope clusterscope.Scope, sel *selection, fx, fy *clusterscope.Field, sub string) error {
	cat := clusterscope.DefaultCatalog()
	if fx == nil {
		fx = cat.Field("rd_intensity")
	}
	if fy == nil {
		fy = cat.Field("co2_per_output")
	}
	ctx := c.Request().Context()
	xs, err := s.db.IndicatorValues(ctx, scope, sel.Filter, fx.Code, sel.Year)
	if err != nil {
		return err
	}
	ys, err := s.db.IndicatorValues(ctx, scope, sel.Filter, fy.Code, sel.Year)
	if err != nil {
		return err
	}
	yOf := map[string]*float64{}
	for _, y := range ys {
		yOf[y.ClusterID] = y.Value
	}
	var names []string
	var px, py []float64
	for _, x := range xs {
		if y := yOf[x.ClusterID]; x.Value != nil && y != nil {
			names = append(names, clusterscope.ShortName(x.Name))
			px, py = append(px, *x.Value), append(py, *y)
		}
	}
	l := v.lang
	title := trf(l, "%s与%s", short(fx), short(fy))
	ch, err := clusterScatter(l, "scatter", title, sub, axisName(l, fx), axisName(l, fy), names, px, py)
	if err != nil {
		return err
	}
	v.Charts = append(v.Charts, ch)
	return nil
}

// radarDims are one indicator per dimension of the form, higher is better
// unless Better is -1.
var radarDims = []clusterscope.Indicator{
	{Code: "output_total", Label: msg("主导产业"), Better: +1},
	{Code: "srdi_smes", Label: msg("梯度培育"), Better: +1},
	{Code: "rd_intensity", Label: msg("创新"), Better: +1},
	{Code: "cloud_adoption", Label: msg("数字化"), Better: +1},
	{Code: "co2_per_output", Label: msg("绿色化"), Better: -1},
	{Code: "export_growth", Label: msg("开放合作"), Better: +1},
	{Code: "sme_employees", Label: msg("治理和服务"), Better: +1},
}

// compareRadar shows up to five clusters (the first of the list: largest
// output, or those matching the search) as percentiles among the selection.
func (s *Server) compareRadar(c echo.Context, v *view, scope clusterscope.Scope, sel *selection, rows []queries.HeadlineRow, sub string) error {
	ctx := c.Request().Context()
	n := min(5, len(rows))
	values := make([][]float64, n)
	for i := range values {
		values[i] = make([]float64, len(radarDims))
	}
	labels := make([]string, len(radarDims))
	for d, dim := range radarDims {
		f := clusterscope.DefaultCatalog().Field(dim.Code)
		labels[d] = tr(v.lang, dim.Label) + "\n" + fieldLabel(v.lang, short(f), f.Code)
		year := sel.Year
		if !f.Yearly && sel.batch != nil && year < sel.Batch {
			year = sel.Batch - 1 // single-value fields describe the year before the batch
		}
		vals, err := s.db.IndicatorValues(ctx, scope, sel.Filter, dim.Code, year)
		if err != nil {
			return err
		}
		var all []float64
		by := map[string]float64{}
		for _, x := range vals {
			if x.Value != nil {
				all = append(all, float64(dim.Better)**x.Value)
				by[x.ClusterID] = float64(dim.Better) * *x.Value
			}
		}
		for i := 0; i < n; i++ {
			if x, ok := by[rows[i].ClusterID]; ok {
				values[i][d] = percentileRank(all, x)
			}
		}
	}
	names := make([]string, n)
	for i := range names {
		names[i] = clusterscope.ShortName(rows[i].Name)
	}
	ch, err := radarChart(v.lang, "radar", tr(v.lang, "各维度位次（百分位，越外越好）"), sub, labels, names, values)
	if err != nil {
		return err
	}
	v.Charts = append(v.Charts, ch)
	return nil
}

// compareIndicator draws the chosen indicator: bars in the year, and the
// years as lines for the first ten clusters.
func (s *Server) compareIndicator(c echo.Context, v *view, scope clusterscope.Scope, sel *selection, f *clusterscope.Field, sub string) error {
	ctx := c.Request().Context()
	vals, err := s.db.IndicatorValues(ctx, scope, sel.Filter, f.Code, sel.Year)
	if err != nil {
		return err
	}
	names := make([]string, len(vals))
	values := make([]*float64, len(vals))
	for i, x := range vals {
		names[i], values[i] = clusterscope.ShortName(x.Name), x.Value
	}
	l := v.lang
	ch, err := clusterBars(l, "field", withUnit(l, short(f), f.Unit), tr(l, f.Unit), sub, names, values)
	if err != nil {
		return err
	}
	v.Charts = append(v.Charts, ch)
	series, err := s.db.IndicatorSeries(ctx, scope, sel.Filter, f.Code)
	if err != nil {
		return err
	}
	keep := map[string]int{}
	var lineNames []string
	for _, x := range vals {
		if len(keep) < 10 && x.Value != nil {
			keep[x.ClusterID] = len(keep)
			lineNames = append(lineNames, clusterscope.ShortName(x.Name))
		}
	}
	yearSet := map[int]bool{}
	for _, p := range series {
		if _, ok := keep[p.ClusterID]; ok {
			yearSet[p.Year] = true
		}
	}
	var years []int
	for y := range yearSet {
		years = append(years, y)
	}
	sort.Ints(years)
	col := map[int]int{}
	for i, y := range years {
		col[y] = i
	}
	grid := make([][]*float64, len(lineNames))
	for i := range grid {
		grid[i] = make([]*float64, len(years))
	}
	for _, p := range series {
		if i, ok := keep[p.ClusterID]; ok {
			grid[i][col[p.Year]] = &p.Value
		}
	}
	ch, err = lineChart(l, "field-years", withUnit(l, short(f), f.Unit)+tr(l, "·历年"), tr(l, f.Unit), sub, years, lineNames, grid)
	if err != nil {
		return err
	}
	v.Charts = append(v.Charts, ch)
	return nil
}

// short is a field's label without the form's long qualifiers.
func short(f *clusterscope.Field) string {
	for _, h := range clusterscope.Headline {
		if h.Code == f.Code {
			return h.Label
		}
	}
	return f.Label
}

// axisName is a field with its unit as an axis title (in English with its
// code, as in a column's title).
func axisName(l lang, f *clusterscope.Field) string {
	return withUnit(l, fieldLabel(l, short(f), f.Code), f.Unit)
}

func headlineTable(l lang, rows []queries.HeadlineRow, caption string) *table {
	t := &table{ID: "headline", Caption: caption, Columns: []column{
		{Key: "name", Label: tr(l, "集群名称"), Link: "link"}, {Key: "province", Label: tr(l, "省份")}, {Key: "city", Label: tr(l, "市")},
		{Key: "leading_industry", Label: tr(l, "主导产业")}, {Key: "status", Label: tr(l, "状态")},
	}, Rows: make([]map[string]any, len(rows))}
	for _, ind := range clusterscope.Headline {
		t.Columns = append(t.Columns, column{Key: ind.Code, Label: withUnit(l, fieldLabel(l, ind.Label, ind.Code), ind.Unit), Numeric: true})
	}
	cols := map[string][]float64{}
	for i, r := range rows {
		status := tr(l, "候选")
		if r.Recognised {
			status = tr(l, "已认定")
		}
		t.Rows[i] = map[string]any{"name": r.Name, "link": profileLink(r.Batch, r.ClusterID), "province": r.Province,
			"city": r.City, "leading_industry": r.LeadingIndustry, "status": status, "output_total": r.OutputTotal,
			"rd_intensity": r.RDIntensity, "cloud_adoption": r.CloudAdoption, "co2_per_output": r.CO2PerOutput}
		for _, ind := range clusterscope.Headline {
			if x, ok := t.Rows[i][ind.Code].(*float64); ok && x != nil {
				cols[ind.Code] = append(cols[ind.Code], *x)
			}
		}
	}
	if len(rows) >= 4 {
		for qi, label := range []string{msg("下四分位"), msg("中位数"), msg("上四分位")} {
			row := map[string]any{"name": tr(l, label)}
			for code, xs := range cols {
				q := round2(quartiles(xs)[qi])
				row[code] = &q
			}
			t.Footer = append(t.Footer, row)
		}
	}
	return t
}
