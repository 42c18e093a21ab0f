package dashboard

import (
	"fmt"
	"io"
	"net/http"
	"path/filepath"

	"github.com/labstack/echo/v4"

	"clusterscope"
	"clusterscope/warehouse"
)

// Rule sets in the browser: an administrator sends a rule-set TOML, sees it
// checked as `clusterscope ruleset check` checks it (the TOML's line, or
// the criterion, named), and puts it in force for the batches and regions
// it says (warehouse.AddRuleSet, as `ruleset add`); the page lists the sets
// in force and the changes to them.

func (s *Server) ruleSetRoutes(e *echo.Echo) {
	e.GET("/api/rulesets", s.serveRuleSets)
	e.POST("/api/rulesets/check", s.postRuleSet(false))
	e.POST("/api/rulesets/add", s.postRuleSet(true))
}

// maxRuleSetHistory bounds the audit entries read for the history.
const maxRuleSetHistory = 5000

type ruleSetsView struct {
	InForce *table `json:"in_force"`
	History *table `json:"history"`
}

func (s *Server) serveRuleSets(c echo.Context) error {
	if err := params(c); err != nil {
		return err
	}
	if _, err := s.ruleSetAdmin(c); err != nil {
		return err
	}
	l := langOf(c)
	if err := s.refreshRuleSets(); err != nil {
		return err
	}
	in := &table{ID: "rulesets", Caption: tr(l, "在用的认定标准（最具体的一套判定每个集群）"), Columns: []column{
		{Key: "ref", Label: tr(l, "版本")}, {Key: "name", Label: tr(l, "名称")}, {Key: "batches", Label: tr(l, "适用批次")},
		{Key: "regions", Label: tr(l, "适用地区")}, {Key: "criteria", Label: tr(l, "标准条数"), Numeric: true}}}
	for _, rs := range s.allRuleSets() {
		in.Rows = append(in.Rows, map[string]any{"ref": rs.Ref(), "name": rs.Name, "batches": listOrAll(l, rs.Scope.Batches),
			"regions": listOrAll(l, rs.Scope.Regions), "criteria": len(rs.Criteria)})
	}
	entries, err := s.wh.AuditLog(maxRuleSetHistory)
	if err != nil {
		return err
	}
	hist := &table{ID: "ruleset-history", Caption: tr(l, "认定标准的变更（新的在前）"), Columns: []column{
		{Key: "at", Label: tr(l, "时间（UTC）")}, {Key: "who", Label: tr(l, "用户")}, {Key: "target", Label: tr(l, "版本")},
		{Key: "detail", Label: tr(l, "详情")}}}
	for _, e := range entries {
		if e.Action == clusterscope.AuditRuleset {
			hist.Rows = append(hist.Rows, map[string]any{"at": e.At.UTC().Format("2006-01-02 15:04:05"), "who": e.Who,
				"target": e.Target, "detail": e.Detail})
		}
	}
	return c.JSON(http.StatusOK, ruleSetsView{InForce: in, History: hist})
}

func listOrAll[T any](l lang, xs []T) string {
	if len(xs) == 0 {
		return tr(l, "全部")
	}
	return fmt.Sprint(xs)
}

// ruleSetAdmin is the signed-in administrator, or a 403.
func (s *Server) ruleSetAdmin(c echo.Context) (clusterscope.User, error) {
	u, err := admin(c)
	if err != nil {
		return u, errorf(langOf(c), clusterscope.EFORBIDDEN, "只有管理员可以管理认定标准")
	}
	return u, nil
}

// postRuleSet checks the TOML of the form's file (multipart, field file)
// and, when install is set, puts it in force and audits it.
func (s *Server) postRuleSet(install bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		u, err := s.ruleSetAdmin(c)
		if err != nil {
			return err
		}
		l := langOf(c)
		fh, err := c.FormFile("file")
		if err != nil {
			return errorf(l, clusterscope.EINVALID, "请选择认定标准文件（.toml）")
		}
		f, err := fh.Open()
		if err != nil {
			return err
		}
		defer f.Close()
		b, err := io.ReadAll(f)
		if err != nil {
			return err
		}
		name := filepath.Base(fh.Filename)
		var rs *clusterscope.RuleSet
		if install {
			rs, err = s.wh.AddRuleSet(name, b)
		} else {
			rs, err = warehouse.ParseRuleSet(name, b)
		}
		if err != nil {
			return err
		}
		if !install {
			return c.JSON(http.StatusOK, done{OK: trf(l, "%s：%s（%s），%d 条标准，无误", name, rs.Name, rs.Ref(), len(rs.Criteria))})
		}
		if err := s.wh.Audit(clusterscope.AuditEntry{Who: u.Name, Action: clusterscope.AuditRuleset, Target: rs.Ref(),
			Detail: fmt.Sprintf(native("网页 启用认定标准 %s（文件 %s）"), rs.Name, name), IP: c.RealIP()}); err != nil {
			return err
		}
		if err := s.refreshRuleSets(); err != nil {
			return err
		}
		return c.JSON(http.StatusOK, done{OK: trf(l, "已启用 %s（%s），%d 条标准；评审推荐页随即采用", rs.Name, rs.Ref(), len(rs.Criteria))})
	}
}
