package dashboard

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"

	"github.com/labstack/echo/v4"

	"clusterscope"
	"clusterscope/dashboard/auth"
)

//go:embed templates/*.html
var templateFS embed.FS

var pageTemplate = template.Must(template.ParseFS(templateFS, "templates/layout.html", "templates/page.html"))

// field is one control of a page's filter form; app.js fills selects with
// the options the API returns.
type field struct {
	Name, Label, Kind, Hint string
}

// page is a data page: a static shell, its filters, and the builder of its
// JSON (and of its downloads).
type page struct {
	Name    string // path and API name
	Title   string // navigation
	Heading string
	Nav     bool
	Admin   bool // shown in the navigation of administrators only
	Filters []field
	Build   func(*Server) builder
}

var (
	fBatch    = field{Name: "batch", Label: "批次"}
	fYear     = field{Name: "year", Label: "年度"}
	fProvince = field{Name: "province", Label: "省份"}
	fCity     = field{Name: "city", Label: "市"}
	fType     = field{Name: "industry_type", Label: "产业类型"}
	fLeading  = field{Name: "leading_industry", Label: "主导产业"}
	fStatus   = field{Name: "status", Label: "状态"}
	fSearch   = field{Name: "q", Label: "集群名称", Kind: "search", Hint: "名称中的字或集群编号"}
)

// pages in navigation order.
var pages = []page{
	{Name: "overview", Title: "总览", Heading: "总览：集群分布与核心指标", Nav: true,
		Filters: []field{fBatch, fYear, fProvince, fType, fStatus, fSearch},
		Build:   func(s *Server) builder { return s.buildOverview }},
	{Name: "compare", Title: "对比", Heading: "集群对比", Nav: true,
		Filters: []field{fBatch, fYear, fProvince, fCity, fType, fLeading, fStatus, fSearch,
			{Name: "field", Label: "指标"}, {Name: "field2", Label: "散点图纵轴"}},
		Build: func(s *Server) builder { return s.buildCompare }},
	{Name: "monitor", Title: "目标监测", Heading: "目标监测：基准值、阶段目标与实绩", Nav: true,
		Filters: []field{fBatch, {Name: "year", Label: "判定年份"}, fProvince, fCity, {Name: "code", Label: "目标指标"}, fSearch},
		Build:   func(s *Server) builder { return s.buildMonitor }},
	{Name: "assess", Title: "评审推荐", Heading: "评审与推荐：认定标准、发展目标、综合排名与推荐名单", Nav: true,
		Filters: assessFields(), Build: func(s *Server) builder { return s.buildAssess }},
	{Name: "admin", Title: "管理", Heading: "管理：审计日志、载入记录、账户与认定标准版本", Admin: true,
		Build: func(s *Server) builder { return s.buildAdmin }},
	{Name: "cluster", Title: "集群档案", Heading: "集群档案",
		Filters: []field{{Name: "batch", Kind: "hidden"}, {Name: "id", Label: "集群"}},
		Build:   func(s *Server) builder { return s.buildProfile }},
}

// assessFields: the selection, the quotas, the dimensions' weights (the
// order changes as the official edits them) and 附件1's header lines.
func assessFields() []field {
	out := []field{fBatch, fProvince, fCity, fStatus,
		{Name: "per_city", Label: "每市推荐数", Kind: "number"}, {Name: "per_province", Label: "每省上限", Kind: "number"}}
	for _, d := range clusterscope.Dimensions {
		out = append(out, field{Name: weightParam(d.Code), Label: "权重：" + d.Label, Kind: "number"})
	}
	return append(out, field{Name: "authority", Label: "附件1：主管部门", Kind: "text"},
		field{Name: "contact", Label: "附件1：联系人和手机", Kind: "text"})
}

type pageData struct {
	Page, Title, Heading string
	Filters              []field
	Nav                  []page
	Demo                 bool
	DemoNote             string
	Version              int64
	User                 clusterscope.User
	CSRF                 string
}

func (s *Server) servePage(p page) echo.HandlerFunc {
	return func(c echo.Context) error {
		u, _ := auth.UserFrom(c)
		if p.Admin && !u.IsAdmin() {
			return clusterscope.Errorf(clusterscope.EFORBIDDEN, "只有管理员可以打开此页")
		}
		var nav []page
		for _, q := range pages {
			if q.Nav || q.Admin && u.IsAdmin() {
				nav = append(nav, q)
			}
		}
		if err := params(c, append(pageParams(p), "id", "code", "field", "field2")...); err != nil {
			return err
		}
		var buf bytes.Buffer
		err := pageTemplate.ExecuteTemplate(&buf, "layout", pageData{Page: p.Name, Title: p.Title, Heading: p.Heading,
			Filters: p.Filters, Nav: nav, Demo: s.db.Demo(), DemoNote: clusterscope.DemoNote, Version: s.db.Version(),
			User: u, CSRF: auth.CSRFToken(c)})
		if err != nil {
			return err
		}
		return c.HTMLBlob(http.StatusOK, buf.Bytes())
	}
}

// pageParams are the parameters a page's URL may carry: its filters.
func pageParams(p page) []string {
	out := []string{}
	for _, f := range p.Filters {
		out = append(out, f.Name)
	}
	return out
}
