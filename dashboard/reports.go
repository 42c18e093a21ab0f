package dashboard

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"clusterscope"
	"clusterscope/queries"
)

// reportColors are the yearly reports' statuses in the monitoring colours.
var reportColors = map[clusterscope.ReportStatus]string{clusterscope.ReportOnTime: "#3ba272", clusterscope.ReportLate: "#fac858",
	clusterscope.ReportMissing: "#ee6666", clusterscope.ReportNotDue: "#9ca3af"}

// owed is one report a cluster owes, judged, with whom to remind.
type owed struct {
	*lifeRow
	clusterscope.ReportCheck
	contacts *queries.Contact // the application's 主管部门 and 运营管理机构, with their contacts; nil: none given
}

// owedReports are the yearly reports the lives owe, judged on the as-of
// day; whom to remind is found for those chased (withContacts).
func owedReports(rows []*lifeRow, asOf time.Time) []owed {
	n := 0
	for _, r := range rows {
		for _, rc := range r.Reports {
			if rc.Year < asOf.Year() {
				n++
			}
		}
	}
	out := make([]owed, 0, n)
	for _, r := range rows {
		for _, rc := range r.Reports {
			if rc.Year < asOf.Year() { // a report on a year not yet over cannot be sent
				out = append(out, owed{lifeRow: r, ReportCheck: rc})
			}
		}
	}
	return out
}

// withContacts finds whom to remind of each report of list (of the
// selection f): the application's 主管部门 and 运营管理机构, with their
// contacts. Only the clusters of list are asked for: the others' would
// cost seconds at 100,000 clusters.
func (s *Server) withContacts(c echo.Context, scope clusterscope.Scope, f queries.Filter, list []owed) error {
	f.Status = "" // the lives say which are recognised
	var of []clusterscope.Cluster
	asked := map[lifeID]bool{}
	for _, o := range list {
		if k := lifeKey(o.Batch, o.ID); !asked[k] {
			asked[k] = true
			of = append(of, o.Cluster)
		}
	}
	if len(of) == 0 {
		return nil
	}
	found, err := s.db.ReportContacts(c.Request().Context(), scope, f, of)
	if err != nil {
		return err
	}
	contacts := make(map[lifeID]*queries.Contact, len(found))
	for i := range found {
		contacts[lifeKey(found[i].Batch, found[i].ClusterID)] = &found[i]
	}
	for i := range list {
		list[i].contacts = contacts[lifeKey(list[i].Batch, list[i].ID)]
	}
	return nil
}

// chased are the reports to chase, the missing first, then the late, each
// by province, city and cluster; a withdrawn cluster is no longer asked.
func chased(all []owed) []owed {
	var out []owed
	for _, o := range all {
		if o.Life.Status == clusterscope.TermWithdrawn {
			continue
		}
		if o.Status == clusterscope.ReportMissing || o.Status == clusterscope.ReportLate {
			out = append(out, o)
		}
	}
	sortStable(out, func(a, b owed) int {
		return cmp.Or(cmp.Compare(reportRank(a.Status), reportRank(b.Status)), strings.Compare(a.Province, b.Province),
			strings.Compare(a.City, b.City), strings.Compare(a.ID, b.ID), cmp.Compare(a.Year, b.Year))
	})
	return out
}

func reportRank(s clusterscope.ReportStatus) int {
	if s == clusterscope.ReportMissing {
		return 0
	}
	return 1
}

// reportRule states how reports are judged: each batch's due day from its
// list notice, and the as-of day.
func (s *Server) reportRule(l lang, how string) string {
	var days []string
	for _, n := range s.listNotices() {
		day := trf(l, "每年 %d 月 %d 日前", int(n.ReportDue.Month), n.ReportDue.Day)
		for _, y := range slices.Sorted(maps.Keys(n.DueFrom)) {
			day += trf(l, "，%d 年起 %d 月 %d 日前", y, int(n.DueFrom[y].Month), n.DueFrom[y].Day)
		}
		days = append(days, trf(l, "%d 年度批次%s（%s）", n.Batch, day, n.Ref()))
	}
	return trf(l, "年度报告：每年报送上一年度的报告，截止日按各批次的名单通告：%s。截止日当天收到为“按时”，次日起收到为“逾期”，过截止日仍未收到为“缺报”，截止日未到为“未到期”；撤销认定后到期的报告不再要求，已撤销的集群不再催报。收到日期取报告所填的报送日期（reported_on），未填或不完整的取首次载入的时间（北京时间）。%s。",
		strings.Join(days, tr(l, "；")), how)
}

// addReports gives the monitoring page the yearly reports of the lives
// judged on asOf: their statuses by year, the reports to chase with whom
// to ask, and the reminder list; missing are the batches without a list
// notice, how says how the day was chosen.
func (s *Server) addReports(c echo.Context, scope clusterscope.Scope, sel *selection, v *view, lives []*lifeRow, missing []int,
	asOf time.Time, how string) error {
	l := v.lang
	all := owedReports(lives, asOf)
	v.noNotice(missing)
	v.recognitionNote(s.listNotices(), sel.batchYears())
	v.Rule = sentences(l, v.Rule, s.reportRule(l, how))
	byYear := map[int]map[clusterscope.ReportStatus]int{}
	for _, o := range all {
		if byYear[o.Year] == nil {
			byYear[o.Year] = map[clusterscope.ReportStatus]int{}
		}
		byYear[o.Year][o.Status]++
	}
	counts := newCounter()
	for _, y := range slices.Sorted(maps.Keys(byYear)) {
		for st, n := range byYear[y] {
			counts.addN(trf(l, "%d 年度报告", y), string(st), n)
		}
	}
	var series []stack
	for _, st := range clusterscope.ReportStatuses {
		series = append(series, counts.stack(string(st), reportStatusLabel(l, st), reportColors[st]))
	}
	title := trf(l, "年度报告报送情况（判定日 %s）", date(asOf))
	ch, err := stackedBars(l, "reports", title, v.subtitle(sel.Where(l)), counts.groups, series)
	if err != nil {
		return err
	}
	v.Charts = append(v.Charts, ch)
	list := chased(all)
	if err := s.withContacts(c, scope, sel.Filter, list); err != nil {
		return err
	}
	v.Tables = append(v.Tables, reminderTable(l, list, trf(l, "%s · 年度报告缺报与逾期（判定日 %s，缺报在前）", sel.Where(l), date(asOf))))
	v.Downloads = append(v.Downloads, download{Label: tr(l, "下载催报名单（Excel，每省一表，含联系人）"), Href: "/api/monitor.reminders.xlsx"})
	return nil
}

// sentences joins sentences as the language writes them: Chinese without
// a space.
func sentences(l lang, a, b string) string {
	if l == en && a != "" {
		return a + " " + b
	}
	return a + b
}

// reminderTable lists the reports to chase, with the contacts of the
// application.
func reminderTable(l lang, list []owed, caption string) *table {
	t := &table{ID: "reports", Caption: caption, Columns: []column{
		{Key: "name", Label: tr(l, "集群名称"), Link: "link"}, {Key: "id", Label: tr(l, "集群编号")}, {Key: "province", Label: tr(l, "省份")},
		{Key: "city", Label: tr(l, "市")}, {Key: "batch", Label: tr(l, "批次")}, {Key: "year", Label: tr(l, "报告年度")},
		{Key: "due", Label: tr(l, "截止日")}, {Key: "received", Label: tr(l, "收到日期")}, {Key: "source", Label: tr(l, "收到日期来源")},
		{Key: "status", Label: tr(l, "状态")}, {Key: "days", Label: tr(l, "逾期天数"), Numeric: true},
		{Key: "authority", Label: tr(l, "主管部门")}, {Key: "authority_contact", Label: tr(l, "主管部门联系人")},
		{Key: "authority_phone", Label: tr(l, "主管部门联系方式")}, {Key: "operator", Label: tr(l, "运营管理机构")},
		{Key: "operator_contact", Label: tr(l, "运营管理机构联系人")}, {Key: "operator_phone", Label: tr(l, "运营管理机构联系方式")},
	}}
	b := newRowsBuilder(len(list), append([]string{"name", "link", "id", "province", "city", "batch", "year", "due", "status", "days",
		"received", "source"}, queries.ContactFields[:]...)...)
	for _, o := range list {
		b.next()
		b.cluster(o.Cluster, profileLink(o.Batch, o.ID))
		b.text("year", strconv.Itoa(o.Year))
		b.text("due", date(o.Due))
		b.text("status", reportStatusLabel(l, o.Status))
		b.int("days", int64(o.DaysLate))
		if o.Received != nil {
			b.text("received", date(*o.Received))
			if o.Stated {
				b.text("source", tr(l, "报告所填报送日期"))
			} else {
				b.text("source", tr(l, "载入时间"))
			}
		}
		for i, f := range queries.ContactFields {
			if o.contacts != nil && o.contacts.Values[i] != "" {
				b.text(f, o.contacts.Values[i])
			}
		}
	}
	b.rows(t)
	return t
}

// serveReminders is the reminder list (催报名单) as a workbook, one sheet
// per province, for the monitoring page's selection.
func (s *Server) serveReminders(c echo.Context) error {
	if err := params(c, append([]string{"code"}, filterParams...)...); err != nil {
		return err
	}
	l := langOf(c)
	scope := s.scope(c)
	sel, err := s.parseSelection(c, scope, true)
	if err != nil {
		return err
	}
	asOf, _ := s.asOf(l)
	var list []owed
	if len(sel.Batches) > 0 {
		lives, _, err := s.lives(c.Request().Context(), scope, sel.Filter, asOf)
		if err != nil {
			return err
		}
		list = chased(owedReports(lives, asOf))
		if err := s.withContacts(c, scope, sel.Filter, list); err != nil {
			return err
		}
	}
	byProvince := map[string][]owed{}
	var provinces []string
	for _, o := range list {
		if byProvince[o.Province] == nil {
			provinces = append(provinces, o.Province)
		}
		byProvince[o.Province] = append(byProvince[o.Province], o)
	}
	slices.Sort(provinces)
	var sheets []sheetTable
	for _, p := range provinces {
		sheets = append(sheets, sheetTable{sheetName(p), reminderTable(l, byProvince[p], trf(l, "%s年度报告催报名单（判定日 %s）", p, date(asOf)))})
	}
	if len(sheets) == 0 {
		sheets = append(sheets, sheetTable{"Sheet1", reminderTable(l, nil, trf(l, "%s · 没有缺报或逾期的年度报告（判定日 %s）", sel.Where(l), date(asOf)))})
	}
	name, note := trf(l, "催报名单-%s.xlsx", date(asOf)), ""
	if s.db.Demo() {
		name, note = tr(l, "演示数据-")+name, tr(l, clusterscope.DemoNote)
	}
	b, err := xlsxBytes(sheets, note)
	if err != nil {
		return err
	}
	return attachment(c, name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b)
}

// sheetName is a province as a sheet may be named: at most 31 characters,
// none of : \ / ? * [ ].
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '_'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	return cmp.Or(s, "—")
}
