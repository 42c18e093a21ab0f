package dashboard

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"clusterscope"
	"clusterscope/dashboard/auth"
	"clusterscope/dashboard/render"
)

// contentTypes are the formats a page exports to, and their media types.
var contentTypes = map[render.Format]string{
	render.PDF:  "application/pdf",
	render.PNG:  "image/png",
	render.SVG:  "image/svg+xml",
	render.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	render.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}

// serveExport renders a page, with the request's filters and as the
// request's user, to a briefing: an A4 PDF, a PNG, a chart as SVG, a Word
// document or a slide deck (/export/compare.docx?…).
func (s *Server) serveExport(c echo.Context) error {
	name, ext, _ := strings.Cut(c.Param("file"), ".")
	l := langOf(c)
	format := render.Format(ext)
	ctype, ok := contentTypes[format]
	if !ok {
		return errorf(l, clusterscope.EINVALID, "导出格式「%s」无效：应为 pdf、png、svg、docx 或 pptx", ext)
	}
	var p *page
	for i := range pages {
		if pages[i].Name == name {
			p = &pages[i]
		}
	}
	if p == nil {
		return errorf(l, clusterscope.ENOTFOUND, "没有名为「%s」的页面", name)
	}
	r := s.getRenderer()
	if r == nil || s.BaseURL == "" {
		return errorf(l, clusterscope.ECONFLICT, "导出暂不可用：Chromium 未启动（需要安装 Debian 的 chromium）")
	}
	// chart chooses charts of the page; the rest are the page's own filters.
	query := c.QueryParams()
	charts := query["chart"]
	query.Del("chart")
	// Build the view first: bad filters (or sorts) are a 400 here, not a
	// broken PDF.
	k, _, err := s.built(c, "/api/"+p.Name, p.Build(s))
	if err != nil {
		return err
	}
	paged := pagingOf(c)
	if _, err := k.cut(paged); err != nil {
		return err
	}
	v := k.v
	// The briefing holds every row of every table, sorted as the view is.
	for name, vals := range paged.values(true) {
		query[name] = vals
	}
	query.Set(wholeParam, wholeValue)
	source := tr(l, "数据来源：各集群申报表及年度跟踪报告，clusterscope 汇总")
	if v.Demo {
		source += tr(l, "。") + tr(l, clusterscope.DemoNote)
	}
	u, _ := auth.UserFrom(c)
	leave, err := s.exportTurn(c, l)
	if err != nil {
		return err
	}
	defer leave()
	ctx, cancel := context.WithTimeout(c.Request().Context(), render.DefaultTimeout+5*time.Second)
	defer cancel()
	b, err := r.Render(ctx, render.Request{
		URL:      s.BaseURL + "/" + p.Name + "?" + query.Encode(),
		Format:   format,
		Title:    tr(l, p.Heading),
		Filters:  v.Summary,
		DataDate: trf(l, "数据版本 %d，导出于 %s", s.db.Version(), time.Now().Format("2006-01-02 15:04")),
		Source:   source,
		Scope:    trf(l, "数据范围：%s", scopeLabel(l, u.Scope)),
		Labels: render.Labels{Filters: tr(l, "筛选条件："), Figure: tr(l, "图 %d\u3000%s"), Table: tr(l, "表 %d\u3000%s"),
			Page: tr(l, "第 %s / %s 页")},
		Charts:  chartIDs(charts),
		Cookies: c.Request().Cookies(),
	})
	if err != nil {
		return err
	}
	if u.Name != "" {
		err := s.wh.Audit(clusterscope.AuditEntry{Who: u.Name, Action: clusterscope.AuditExport,
			Target: c.Request().URL.RequestURI(), IP: c.RealIP()})
		if err != nil {
			s.log.Error("audit export", "err", err)
		}
	}
	file := tr(l, p.Title) + "-" + time.Now().Format("20060102") + "." + ext
	if v.Demo {
		file = tr(l, "演示数据-") + file
	}
	c.Response().Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(file))
	return c.Blob(http.StatusOK, ctype, b)
}

// exportTurn waits for the user's turn to render (see exportGate); past
// the wait the answer is a 503 that says when to try again.
func (s *Server) exportTurn(c echo.Context, l lang) (leave func(), err error) {
	u, _ := auth.UserFrom(c)
	leave, err = s.exports.enter(c.Request().Context(), u.Name)
	why := ""
	switch {
	case err == nil:
		return leave, nil
	case errors.Is(err, errOwnExportBusy):
		why = msg("您的上一个导出尚未完成")
	case errors.Is(err, errExportsBusy):
		why = msg("其他用户的导出正在进行")
	default:
		return nil, &clusterscope.Error{Code: clusterscope.EINTERNAL, Message: tr(l, "导出已取消"), Err: fmt.Errorf("wait for an export slot: %w", err)}
	}
	c.Response().Header().Set("Retry-After", strconv.Itoa(int(exportRetry.Seconds())))
	return nil, &clusterscope.Error{Code: clusterscope.EUNAVAILABLE, Message: trf(l, "导出繁忙，请稍后再试（%s）", tr(l, why)), Err: err}
}

// chartIDs turns ?chart=output_total into the page's element ids.
func chartIDs(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "chart-" + n
	}
	return out
}
