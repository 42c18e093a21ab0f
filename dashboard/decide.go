package dashboard

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"clusterscope"
	"clusterscope/dashboard/auth"
	"clusterscope/queries"
)

// decideForm is the form on which a user records a lifecycle decision on
// one cluster: the steps the user's role may take in the cluster's state
// now, the causes of a withdrawal, and the version the page shows (so that
// two officials acting at once do not overwrite each other).
type decideForm struct {
	Batch     int      `json:"batch"`
	ClusterID string   `json:"cluster_id"`
	Name      string   `json:"name"`
	Version   int64    `json:"version"`
	Date      string   `json:"date"` // the default day: the as-of day
	States    []option `json:"states"`
	Causes    []option `json:"causes"`
	Cause     string   `json:"cause"` // the cause the figures point to
	Note      string   `json:"note"`
}

// user is the signed-in user of the request.
func (s *Server) user(c echo.Context) (clusterscope.User, bool) {
	u, ok := auth.UserFrom(c)
	return u, ok && !u.Disabled
}

// decisionForm offers u the steps it may take on the cluster now; nil
// when there is none (a 市级 or read-only user, or nothing left to decide).
func decisionForm(l lang, u clusterscope.User, d *dueRow, asOf time.Time) *decideForm {
	f := &decideForm{Batch: d.Batch, ClusterID: d.ID, Name: d.Name, Version: d.Life.Version, Date: date(asOf), Cause: string(d.Recheck.Cause)}
	life := d.Life
	switch {
	case life.Status == clusterscope.TermWithdrawn:
		return nil
	case u.Role == clusterscope.RoleProvince && life.Status == clusterscope.TermReview:
		f.States = []option{{clusterscope.StateProvincePass, tr(l, "初审通过")}, {clusterscope.StateProvinceFail, tr(l, "初审不通过（写明理由）")}}
		f.Note = tr(l, "省级初审：连同您的用户名、日期和理由记入审计日志；部级作出复核决定前可重新记录。")
	case u.Role == clusterscope.RoleMinistry:
		if life.Status == clusterscope.TermReview && life.Review.Province != nil && life.Review.Province.State == clusterscope.StateProvincePass {
			f.States = append(f.States, option{clusterscope.StateRenewed, tr(l, "复核通过（有效期延长三年）")})
		}
		f.States = append(f.States, option{clusterscope.StateWithdrawn, tr(l, "撤销认定（复核未通过、未申请复核或其他原因）")})
		for _, c := range clusterscope.WithdrawCauses {
			f.Causes = append(f.Causes, option{string(c), tr(l, c.Label())})
		}
		f.Note = tr(l, "复核结果与撤销由工业和信息化部决定：连同您的用户名、日期、理由和证据记入审计日志。")
	default:
		return nil
	}
	return f
}

// postDecision records a lifecycle decision on a cluster: a 省级 user's
// 初审 within its province, the ministry's 复核 decision or withdrawal;
// each checked against the cluster's life now, recorded on the version the
// page showed, and audited.
func (s *Server) postDecision(c echo.Context) error {
	l := langOf(c)
	u, ok := s.user(c)
	if !ok {
		return errorf(l, clusterscope.EFORBIDDEN, "请先登录")
	}
	batch, err := strconv.Atoi(c.FormValue("batch"))
	if err != nil {
		return errorf(l, clusterscope.EINVALID, "批次「%s」无效", c.FormValue("batch"))
	}
	version, err := strconv.ParseInt(c.FormValue("version"), 10, 64)
	if err != nil || version < 0 {
		return errorf(l, clusterscope.EINVALID, "版本「%s」无效，请刷新后重试", c.FormValue("version"))
	}
	id := c.FormValue("cluster_id")
	asOf, _ := s.asOf(l)
	rows, _, err := s.lives(c.Request().Context(), s.scope(c), queries.Filter{Batch: batch, Q: id}, asOf)
	if err != nil {
		return err
	}
	var row *lifeRow
	for _, r := range rows {
		if r.ID == id {
			row = r
		}
	}
	if row == nil {
		// the same answer for unknown and out-of-scope: existence is not disclosed
		return errorf(l, clusterscope.ENOTFOUND, "没有找到 %d 年度批次的集群「%s」（或不在您的权限范围内）", batch, id)
	}
	dec := clusterscope.Decision{State: c.FormValue("state"), Who: u.Name, Why: strings.TrimSpace(c.FormValue("why")),
		Facts: map[string]string{clusterscope.FactEffective: strings.TrimSpace(c.FormValue("date"))}}
	if dec.State == clusterscope.StateWithdrawn {
		dec.Facts[clusterscope.FactCause] = c.FormValue("cause")
		if e := strings.TrimSpace(c.FormValue("evidence")); e != "" {
			dec.Facts[clusterscope.FactEvidence] = e
		}
	}
	if err := row.Life.CheckDecision(&dec, u.Role); err != nil {
		return err // said in the reader's language by its format (words.Error)
	}
	// the decision and its audit entry are one write: neither without the other
	dec.Version = version + 1 // as the audit entry says it; the store sets it
	saved, err := s.wh.Decide(dec, version, clusterscope.AuditEntry{Who: u.Name, Action: clusterscope.AuditLifecycle,
		Target: fmt.Sprintf("%d/%s", batch, id), Detail: decisionDetail(dec), IP: c.RealIP()})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"ok": tr(l, "已记录"), "version": saved.Version})
}

// decisionDetail is a decision as the audit log says it, in Chinese.
func decisionDetail(d clusterscope.Decision) string {
	what := map[string]string{clusterscope.StateProvincePass: native("初审通过"), clusterscope.StateProvinceFail: native("初审不通过"),
		clusterscope.StateRenewed: native("复核通过，有效期延长"), clusterscope.StateWithdrawn: native("撤销认定")}[d.State]
	out := fmt.Sprintf(native("%s（第 %d 版，%s）：%s"), what, d.Version, d.Facts[clusterscope.FactEffective], d.Why)
	if cause := d.Facts[clusterscope.FactCause]; cause != "" {
		out += fmt.Sprintf(native("；原因：%s；证据：%s"), clusterscope.WithdrawCause(cause).Label(), d.Facts[clusterscope.FactEvidence])
	}
	if end := d.Facts[clusterscope.FactTermEnd]; end != "" { // which round: a renewed cluster is reviewed again
		out += fmt.Sprintf(native("；所属复核：有效期至 %s 年"), end)
	}
	return out
}
