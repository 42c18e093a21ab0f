package dashboard

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"clusterscope"
	"clusterscope/queries"
)

func (s *Server) comparePage(c echo.Context) error {
	if err := params(c, "batch", "year", "province"); err != nil {
		return err
	}
	return s.render(c, "compare", "集群对比")
}

func (s *Server) batchesAPI(c echo.Context) error {
	if err := params(c); err != nil {
		return err
	}
	b, err := s.db.Batches(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"batches": b, "demo": s.db.Demo()})
}

// compareResponse is what the comparison page draws.
type compareResponse struct {
	Demo    bool              `json:"demo"`
	Note    string            `json:"note,omitempty"`
	Summary string            `json:"summary"`
	Filters map[string]filter `json:"filters"`
	Charts  []chart           `json:"charts"`
	Table   *table            `json:"table,omitempty"`
}

func (s *Server) compareAPI(c echo.Context) error {
	if err := params(c, "batch", "year", "province"); err != nil {
		return err
	}
	ctx := c.Request().Context()
	resp := compareResponse{Demo: s.db.Demo(), Filters: map[string]filter{}, Charts: []chart{}}
	if resp.Demo {
		resp.Note = clusterscope.DemoNote
	}
	batches, err := s.db.Batches(ctx)
	if err != nil {
		return err
	}
	if len(batches) == 0 {
		resp.Summary = "仓库中还没有数据：运行 clusterscope demo 载入演示数据，或用 clusterscope load 载入申报数据。"
		return c.JSON(http.StatusOK, resp)
	}
	batch, err := intParam(c, "batch", "批次", batches[0].Batch)
	if err != nil {
		return err
	}
	var b *queries.Batch
	batchOpts := make([]option, len(batches))
	for i := range batches {
		batchOpts[i] = option{batches[i].Batch, fmt.Sprintf("%d 年度（%d 个集群）", batches[i].Batch, batches[i].Clusters)}
		if batches[i].Batch == batch {
			b = &batches[i]
		}
	}
	if b == nil {
		return clusterscope.Errorf(clusterscope.ENOTFOUND, "没有 %d 年度批次的数据", batch)
	}
	year, err := intParam(c, "year", "年度", batch-1)
	if err != nil {
		return err
	}
	if year < b.FirstYear || year > b.LastYear {
		return clusterscope.Errorf(clusterscope.EINVALID, "%d 年度批次只有 %d–%d 年的数据，没有 %d 年", batch, b.FirstYear, b.LastYear, year)
	}
	yearOpts := []option{}
	for y := b.FirstYear; y <= b.LastYear; y++ {
		label := fmt.Sprintf("%d 年（申报）", y)
		if y >= batch {
			label = fmt.Sprintf("%d 年（跟踪实绩）", y)
		}
		yearOpts = append(yearOpts, option{y, label})
	}
	provinces, err := s.db.Provinces(ctx, batch)
	if err != nil {
		return err
	}
	province := c.QueryParam("province")
	provOpts := []option{{"", "全部省份"}}
	found := province == ""
	for _, p := range provinces {
		provOpts = append(provOpts, option{p.Province, fmt.Sprintf("%s（%d）", p.Province, p.Clusters)})
		found = found || p.Province == province
	}
	if !found {
		return clusterscope.Errorf(clusterscope.EINVALID, "%d 年度批次中没有「%s」的集群", batch, province)
	}
	resp.Filters["batch"] = filter{batch, batchOpts}
	resp.Filters["year"] = filter{year, yearOpts}
	resp.Filters["province"] = filter{province, provOpts}

	rows, err := s.db.Headline(ctx, batch, year, province)
	if err != nil {
		return err
	}
	where := province
	if where == "" {
		where = "全国"
	}
	resp.Summary = fmt.Sprintf("%d 年度批次 · %d 年 · %s · %d 个集群", batch, year, where, len(rows))
	resp.Charts, err = headlineCharts(rows, fmt.Sprintf("%d 年度批次 · %d 年 · %s", batch, year, where), resp.Demo)
	if err != nil {
		return err
	}
	resp.Table = headlineTable(rows, resp.Summary)
	return c.JSON(http.StatusOK, resp)
}

// headlineCharts draws one bar chart per headline metric.
func headlineCharts(rows []queries.HeadlineRow, subtitle string, demo bool) ([]chart, error) {
	if demo {
		subtitle += " · 演示数据"
	}
	names := make([]string, len(rows))
	for i, r := range rows {
		names[i] = clusterscope.ShortName(r.Name)
	}
	metric := []func(queries.HeadlineRow) *float64{
		func(r queries.HeadlineRow) *float64 { return r.OutputTotal },
		func(r queries.HeadlineRow) *float64 { return r.RDIntensity },
		func(r queries.HeadlineRow) *float64 { return r.CloudAdoption },
		func(r queries.HeadlineRow) *float64 { return r.CO2PerOutput },
	}
	out := make([]chart, 0, len(clusterscope.Headline))
	for i, ind := range clusterscope.Headline {
		values := make([]*float64, len(rows))
		for j, r := range rows {
			values[j] = metric[i](r)
		}
		ch, err := barChart(ind, subtitle, names, values)
		if err != nil {
			return nil, err
		}
		out = append(out, ch)
	}
	return out, nil
}

// table is a data table as the page shows it and exports it.
type table struct {
	Caption string           `json:"caption"`
	Columns []column         `json:"columns"`
	Rows    []map[string]any `json:"rows"`
}

type column struct {
	Key     string `json:"key"`
	Label   string `json:"label"`
	Numeric bool   `json:"numeric,omitempty"`
}

func headlineTable(rows []queries.HeadlineRow, caption string) *table {
	t := &table{Caption: caption, Columns: []column{
		{Key: "name", Label: "集群名称"}, {Key: "province", Label: "省份"}, {Key: "city", Label: "市"},
		{Key: "leading_industry", Label: "主导产业"},
	}, Rows: make([]map[string]any, len(rows))}
	for _, ind := range clusterscope.Headline {
		t.Columns = append(t.Columns, column{Key: ind.Code, Label: ind.Label + "（" + ind.Unit + "）", Numeric: true})
	}
	for i, r := range rows {
		t.Rows[i] = map[string]any{"name": r.Name, "province": r.Province, "city": r.City,
			"leading_industry": r.LeadingIndustry, "output_total": r.OutputTotal, "rd_intensity": r.RDIntensity,
			"cloud_adoption": r.CloudAdoption, "co2_per_output": r.CO2PerOutput}
	}
	return t
}
