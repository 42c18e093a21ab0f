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

// shells are the pages with content of their own (a page's Shell), each
// in the common layout.
var shells = map[string]*template.Template{
	"upload":   template.Must(template.ParseFS(templateFS, "templates/layout.html", "templates/upload.html")),
	"accounts": template.Must(template.ParseFS(templateFS, "templates/layout.html", "templates/accounts.html")),
	"password": template.Must(template.ParseFS(templateFS, "templates/layout.html", "templates/password.html")),
	"rulesets": template.Must(template.ParseFS(templateFS, "templates/layout.html", "templates/rulesets.html")),
}

// field is one control of a page's filter form; app.js fills selects with
// the options the API returns.
type field struct {
	Name, Label, Kind, Hint string
	weight                  string // a dimension's label: the field is its weight
}

// in is the field in the language l.
func (f field) in(l lang) field {
	if f.weight != "" {
		f.Label = tr(l, "权重：") + tr(l, f.weight)
	} else {
		f.Label = tr(l, f.Label)
	}
	f.Hint = tr(l, f.Hint)
	return f
}

// page is a data page: a static shell, its filters, and the builder of its
// JSON (and of its downloads).
type page struct {
	Name    string // path and API name
	Title   string // navigation
	Heading string
	Nav     bool
	Admin   bool // shown in the navigation of administrators only
	Loader  bool // shown in the navigation of those who may load data
	Filters []field
	Build   func(*Server) builder // nil for a page of its own (Shell), with its own routes
	Shell   string                // the template of such a page (shells)
}

var (
	fBatch    = field{Name: "batch", Label: msg("批次")}
	fYear     = field{Name: "year", Label: msg("年度")}
	fProvince = field{Name: "province", Label: msg("省份")}
	fCity     = field{Name: "city", Label: msg("市")}
	fType     = field{Name: "industry_type", Label: msg("产业类型")}
	fLeading  = field{Name: "leading_industry", Label: msg("主导产业")}
	fStatus   = field{Name: "status", Label: msg("状态")}
	fSearch   = field{Name: "q", Label: msg("集群名称"), Kind: "search", Hint: msg("名称中的字或集群编号")}
)

// pages in navigation order.
var pages = []page{
	{Name: "overview", Title: msg("总览"), Heading: msg("总览：集群分布与核心指标"), Nav: true,
		Filters: []field{fBatch, fYear, fProvince, fType, fStatus, fSearch},
		Build:   func(s *Server) builder { return s.buildOverview }},
	{Name: "compare", Title: msg("对比"), Heading: msg("集群对比"), Nav: true,
		Filters: []field{fBatch, fYear, fProvince, fCity, fType, fLeading, fStatus, fSearch,
			{Name: "field", Label: msg("指标")}, {Name: "field2", Label: msg("散点图纵轴")}},
		Build: func(s *Server) builder { return s.buildCompare }},
	{Name: "monitor", Title: msg("目标监测"), Heading: msg("目标监测：基准值、阶段目标与实绩"), Nav: true,
		Filters: []field{fBatch, {Name: "year", Label: msg("判定年份")}, fProvince, fCity, {Name: "code", Label: msg("目标指标")}, fSearch},
		Build:   func(s *Server) builder { return s.buildMonitor }},
	{Name: "portfolio", Title: msg("动态管理"), Heading: msg("动态管理：已认定集群的有效期、年度报告、复核与撤销"), Nav: true,
		Filters: []field{fBatch, fProvince, fCity, {Name: "life", Label: msg("状态")}, fSearch},
		Build:   func(s *Server) builder { return s.buildPortfolio }},
	{Name: "recheck", Title: msg("复核"), Heading: msg("复核：有效期届满的集群，逐条复核认定标准、核算规划完成情况，记录初审与复核决定"), Nav: true,
		Filters: []field{{Name: "term_end", Label: msg("复核年度")}, fBatch, fProvince, fCity, {Name: "suggest", Label: msg("复核建议")}, fSearch,
			{Name: "id", Label: msg("集群")}},
		Build: func(s *Server) builder { return s.buildRecheck }},
	{Name: "assess", Title: msg("评审推荐"), Heading: msg("评审与推荐：认定标准、发展目标、综合排名与推荐名单"), Nav: true,
		Filters: assessFields(), Build: func(s *Server) builder { return s.buildAssess }},
	{Name: "upload", Title: msg("数据上报"), Heading: msg("数据上报：下载模板，上传申报表和年度跟踪报告"), Loader: true, Shell: "upload"},
	{Name: "uploads", Title: msg("上报记录"), Heading: msg("上报记录：每次上传的文件、校验结果与载入情况"), Loader: true,
		Build: func(s *Server) builder { return s.buildUploads }},
	{Name: "accounts", Title: msg("账户"), Heading: msg("账户管理：新增、停用、启用账户，重置密码"), Admin: true, Shell: "accounts"},
	{Name: "rulesets", Title: msg("认定标准"), Heading: msg("认定标准：检查并启用规则集，查看在用版本与变更"), Admin: true, Shell: "rulesets"},
	{Name: "password", Title: msg("修改密码"), Heading: msg("修改密码"), Shell: "password"},
	{Name: "admin", Title: msg("管理"), Heading: msg("管理：审计日志、载入记录、账户与认定标准版本"), Admin: true,
		Build: func(s *Server) builder { return s.buildAdmin }},
	{Name: "cluster", Title: msg("集群档案"), Heading: msg("集群档案"),
		Filters: []field{{Name: "batch", Kind: "hidden"}, fSearch, {Name: "id", Label: msg("集群")}},
		Build:   func(s *Server) builder { return s.buildProfile }},
}

// assessFields: the selection, the quotas, the dimensions' weights (the
// order changes as the official edits them) and 附件1's header lines.
func assessFields() []field {
	out := []field{fBatch, fProvince, fCity, fStatus, {Name: "review", Label: msg("审查状态")}, {Name: "step", Label: msg("可办理环节")},
		{Name: "call", Label: msg("推荐通知")},
		{Name: "per_city", Label: msg("每市推荐数"), Kind: "number"}, {Name: "per_province", Label: msg("每省上限"), Kind: "number"}}
	for _, d := range clusterscope.Dimensions {
		out = append(out, field{Name: weightParam(d.Code), Label: msg("权重：") + d.Label, Kind: "number", weight: d.Label})
	}
	return append(out, field{Name: "authority", Label: msg("附件1：主管部门"), Kind: "text"},
		field{Name: "contact", Label: msg("附件1：联系人和手机"), Kind: "text"})
}

type pageData struct {
	Page, Title, Heading string
	Filters              []field
	Nav                  []page
	Demo                 bool
	DemoNote             string
	Version              int64
	Account              string // the user's name, role and region
	OneTime              bool   // signed in with a one-time password: set one's own first
	CSRF                 string
	Lang                 lang
	HTMLLang             string // <html lang>
	LangHref, LangLabel  string // the link to the other language …
	LangHreflang         string // … and its language
}

// T is a string of the page in its language; with args, a format.
func (d pageData) T(s string, args ...any) string {
	if len(args) == 0 {
		return tr(d.Lang, s)
	}
	return trf(d.Lang, s, args...)
}

func (s *Server) servePage(p page) echo.HandlerFunc {
	return func(c echo.Context) error {
		u, _ := auth.UserFrom(c)
		l := langOf(c)
		if p.Admin && !u.IsAdmin() {
			return errorf(l, clusterscope.EFORBIDDEN, "只有管理员可以打开此页")
		}
		var nav []page
		for _, q := range pages {
			if q.Nav || q.Admin && u.IsAdmin() || q.Loader && u.CanLoad() {
				q.Title = tr(l, q.Title)
				nav = append(nav, q)
			}
		}
		filters := make([]field, len(p.Filters))
		for i, f := range p.Filters {
			filters[i] = f.in(l)
		}
		if err := params(c, append(pageParams(p), "id", "code", "field", "field2")...); err != nil {
			return err
		}
		var buf bytes.Buffer
		d := pageData{Page: p.Name, Title: tr(l, p.Title), Heading: tr(l, p.Heading),
			Filters: filters, Nav: nav, Demo: s.db.Demo(), DemoNote: tr(l, clusterscope.DemoNote), Version: s.db.Version(),
			Account: trf(l, "%s（%s · %s）", u.Name, tr(l, u.Role.Label()), scopeLabel(l, u.Scope)),
			CSRF:    auth.CSRFToken(c), Lang: l, HTMLLang: l.HTML(), OneTime: u.OneTime}
		d.LangHref, d.LangLabel, d.LangHreflang = langSwitch(l, c.Request().URL.RequestURI())
		tpl := pageTemplate
		if p.Shell != "" {
			tpl = shells[p.Shell]
		}
		err := tpl.ExecuteTemplate(&buf, "layout", d)
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
