package dashboard

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode"

	"github.com/labstack/echo/v4"

	"clusterscope"
)

// lang is the language of the interface: a user's preference, kept in the
// cookie "lang" and set by GET /lang. Chinese is the default and the source:
// every interface string is written in Chinese and looked up in english.
// Data stays as entered (names, places, industries, the form's own labels).
type lang string

const (
	zh lang = "zh"
	en lang = "en"
)

// langCookie holds the preference; dashboard/auth reads it too (login page).
const langCookie = "lang"

// langOf is the language of the request.
func langOf(c echo.Context) lang {
	if ck, err := c.Cookie(langCookie); err == nil && ck.Value == string(en) {
		return en
	}
	return zh
}

// html is the value of <html lang>.
func (l lang) html() string {
	if l == en {
		return "en"
	}
	return "zh-CN"
}

// tr is the interface string zh in the language l: zh itself in Chinese,
// its English entry otherwise (zh when it has none: a test forbids that for
// literals).
func tr(l lang, zh string) string {
	if l == en {
		if s, ok := english[zh]; ok {
			return s
		}
	}
	return zh
}

// trf formats the translated format string zhFormat.
func trf(l lang, zhFormat string, args ...any) string {
	return fmt.Sprintf(tr(l, zhFormat), args...)
}

// errorf is clusterscope.Errorf with its message in the language l.
func errorf(l lang, code, zhFormat string, args ...any) *clusterscope.Error {
	return &clusterscope.Error{Code: code, Message: trf(l, zhFormat, args...)}
}

// msg marks a Chinese literal kept in a table (a page's title, a filter's
// label) that is translated with tr where it is shown.
func msg(zh string) string { return zh }

// native marks a Chinese literal kept as is in either language: the name
// of the language itself, what the audit log records, a pattern of the
// root package's Chinese.
func native(s string) string { return s }

// fieldLabel is a field of the form as a column or axis title: the form's
// own Chinese label (there is no official English form), followed in
// English by the field's code.
func fieldLabel(l lang, label, code string) string {
	if l == en && code != "" {
		return label + " (" + code + ")"
	}
	return label
}

// withUnit is a label with its unit: 「集群总产值（亿元）」, "… [100 million yuan]".
func withUnit(l lang, label, unit string) string {
	if unit == "" {
		return label
	}
	if l == en {
		return label + " [" + tr(l, unit) + "]"
	}
	return label + "（" + unit + "）"
}

// yesNo and the other small words of the root package, in the language l.
func outcomeLabel(l lang, o clusterscope.Outcome) string { return tr(l, o.Label()) }
func milestoneLabel(l lang, s string) string             { return tr(l, clusterscope.MilestoneLabel(s)) }

// scopeLabel names a user's region: 全国, or the province and city as entered.
func scopeLabel(l lang, s clusterscope.Scope) string {
	if s.Province == "" {
		return tr(l, s.Label())
	}
	return s.Label()
}

// switchLang serves GET /lang?to=en&next=/compare?…: it keeps the choice in
// a cookie for a year and returns to next, a path on this site.
func (s *Server) switchLang(c echo.Context) error {
	l := langOf(c)
	if err := params(c, "to", "next"); err != nil {
		return err
	}
	to := lang(c.QueryParam("to"))
	if to != zh && to != en {
		return errorf(l, clusterscope.EINVALID, "语言「%s」无效：应为 zh 或 en", to)
	}
	c.SetCookie(&http.Cookie{Name: langCookie, Value: string(to), Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: c.IsTLS() || c.Scheme() == "https"})
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.Redirect(http.StatusFound, langNext(c.QueryParam("next")))
}

// langNext is where /lang returns to: raw when it is a path on this site
// (the idea of auth's safeNext: no scheme, no host, no "//" or "/\", no
// control characters), otherwise "/". Unlike after a login, the login page
// is a fine place to return to; /lang and /logout are not.
func langNext(raw string) string {
	if !strings.HasPrefix(raw, "/") || strings.HasPrefix(raw, "//") || len(raw) > 2048 ||
		strings.ContainsRune(raw, '\\') || strings.ContainsFunc(raw, unicode.IsControl) {
		return "/"
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Path == "/lang" || u.Path == "/logout" {
		return "/"
	}
	return raw
}

// langSwitch is the header's link to the other language, back to uri.
func langSwitch(l lang, uri string) (href, label, hreflang string) {
	to, label, hreflang := en, "English", "en"
	if l == en {
		to, label, hreflang = zh, native("中文"), "zh-CN"
	}
	return "/lang?" + url.Values{"to": {string(to)}, "next": {langNext(uri)}}.Encode(), label, hreflang
}

// english is every interface string of the dashboard in English, keyed by
// its Chinese, grouped by where it is shown. Formats keep their verbs in
// the same order.
var english = map[string]string{
	// Every page: header, footer, banner, errors.
	"中小企业特色产业集群":  "SME characteristic industrial clusters",
	"主导航":         "Main navigation",
	"退出":          "Sign out",
	"%s（%s · %s）": "%s (%s · %s)",
	"数据来源：各集群申报表及年度跟踪报告（载入版本 %d）。": "Source: the clusters' applications and annual follow-up reports (load version %d). ",
	clusterscope.DemoNote: "Demo data (演示数据): this data set is synthetic, for demonstration only, and describes no real cluster.",
	" · 演示数据":             " · demo data (演示数据)",
	emptyWarehouse:        "The warehouse holds no data yet: run clusterscope demo to load demo data, or clusterscope load to load applications.",
	"注意：数据仓库中有 %d 个数据文件已损坏，本页未包含其数据；请管理员查看服务日志并重新载入相应文件。": "Warning: %d data files of the warehouse are damaged and their data is missing from this page; an administrator should read the server log and load those files again.",
	"页面不存在":               "Page not found",
	"错误 %d":               "Error %d",
	"出错了":                 "Something went wrong",
	"返回集群对比":              "Back to the cluster comparison",
	"只有管理员可以打开此页":         "Only administrators may open this page",
	"语言「%s」无效：应为 zh 或 en": "Invalid language “%s”: use zh or en",

	// Page shells: navigation, headings, filters, buttons.
	"总览":           "Overview",
	"总览：集群分布与核心指标": "Overview: where the clusters are, and their headline metrics",
	"对比":           "Compare",
	"集群对比":         "Cluster comparison",
	"目标监测":         "Target monitoring",
	"目标监测：基准值、阶段目标与实绩": "Target monitoring: baselines, stage targets and actuals",
	"评审推荐":  "Assessment",
	"评审与推荐": "Assessment and recommendation",
	"评审与推荐：认定标准、发展目标、综合排名与推荐名单": "Assessment and recommendation: recognition criteria, development targets, composite ranking and the recommended list",
	"管理": "Administration",
	"管理：审计日志、载入记录、账户与认定标准版本": "Administration: audit log, loads, accounts and versions of the recognition criteria",
	"集群档案":       "Cluster profile",
	"批次":         "Batch",
	"年度":         "Year",
	"省份":         "Province",
	"市":          "City",
	"产业类型":       "Industry type",
	"主导产业":       "Leading industry",
	"状态":         "Status",
	"集群名称":       "Cluster name",
	"名称中的字或集群编号": "part of a name, or a cluster ID",
	"指标":         "Indicator",
	"散点图纵轴":      "Scatter plot's vertical axis",
	"判定年份":       "Year judged",
	"目标指标":       "Target",
	"集群":         "Cluster",
	"每市推荐数":      "Recommendations per city",
	"每省上限":       "Maximum per province",
	"每省推荐上限":     "maximum recommendations per province",
	"权重：":        "Weight: ",
	"附件1：主管部门":   "Annex 1: competent authority",
	"附件1：联系人和手机": "Annex 1: contact person and mobile",
	"查看":         "Show",
	"导出":         "Export",
	"图表":         "Charts",
	"数据表":        "Data tables",
	"破格推荐（须写明理由，连同您的用户名记入审计日志）": "Override: recommend despite the criteria (give a reason: it is recorded with your user name in the audit log)",
	"理由": "Reason",
	"如：经实地审查，2019 年产值统计口径调整，实际达标": "e.g. on-site review: the 2019 output was restated and meets the threshold",
	"记录破格推荐": "Record the override",
	"已记录":    "Recorded",

	// Filters and the selection (every data page).
	"全国":              "all of China",
	"全部":              "All",
	"全部批次":            "All batches",
	"%d 年度批次":         "batch %d",
	"%d 年度":           "batch %d",
	"%d 年度（%d 个集群）":   "batch %d (%d clusters)",
	"%d 年":            "%d",
	"（跟踪实绩）":          " (follow-up actuals)",
	"（申报）":            " (application)",
	"全部省份":            "All provinces",
	"全部城市":            "All cities",
	"全部产业类型":          "All industry types",
	"全部主导产业":          "All leading industries",
	"%s（%d）":          "%s (%d)",
	"%s（%s）":          "%s (%s)",
	"已认定":             "recognised",
	"候选":              "candidate",
	" · 含「%s」":        " · containing “%s”",
	"未知参数「%s」（可用：%s）": "Unknown parameter “%s” (allowed: %s)",
	"、":               ", ",
	"参数「%s」只能给一次":     "Parameter “%s” may be given only once",
	"%s「%s」不是整数":      "%s “%s” is not a whole number",
	"没有 %d 年度批次的数据":   "There is no data for batch %d",
	"所选批次只有 %d–%d 年的数据，没有 %d 年":                  "The selected batch has data for %d–%d only, not for %d",
	"状态「%s」无效：应为 recognised（已认定）或 candidate（候选）": "Invalid status “%s”: use recognised or candidate",
	"搜索词过长（最多 64 字）":                             "Search term too long (64 characters at most)",
	"所选范围内没有%s为「%s」的集群":                          "No cluster in the selection has %s “%s”",
	"表格序号「%s」无效":                                 "Invalid table number “%s”",
	"本页没有第 %d 个表格":                               "This page has no table %d",
	"演示数据-":                                      "demo-data-",

	// The address's parameters (every route) and the exports' limits.
	"网址的参数过多（%d 个，最多 %d 个）":             "The address has too many parameters (%d; at most %d)",
	"网址的参数中有无效的转义「%s」：「%%」须写作 %%25":     "The address's parameters hold an invalid escape “%s”: write “%%” as %%25",
	"网址的参数中有分号「;」：参数须以 & 分隔，分号须写作 %%3B": "The address's parameters hold a semicolon “;”: separate parameters with &, and write a semicolon as %%3B",
	"导出繁忙，请稍后再试（%s）":                    "Exports are busy, please try again shortly (%s)",
	"您的上一个导出尚未完成":                       "your previous export has not finished",
	"其他用户的导出正在进行":                       "other users' exports are running",
	"导出已取消":                             "Export cancelled",

	// Charts (every page).
	"下载图片":          "Download image",
	"下四分位":          "Lower quartile",
	"中位数":           "Median",
	"上四分位":          "Upper quartile",
	"{b}：{c}（{d}%）": "{b}: {c} ({d}%)",

	// Units of the form and of the charts.
	"个":        "count",
	"分":        "points",
	"人":        "persons",
	"件":        "items",
	"项":        "items",
	"万元":       "10,000 yuan",
	"亿元":       "100 million yuan",
	"万吨":       "10,000 t",
	"平方公里":     "km²",
	"件/万人":     "per 10,000 people",
	"吨二氧化碳/万元": "t CO₂ per 10,000 yuan",
	"吨标准煤/万元":  "tce per 10,000 yuan",

	// Overview.
	"%s · %d 个集群（已认定 %d，候选 %d）": "%s · %d clusters (%d recognised, %d candidates)",
	"各批次集群数":     "Clusters by batch",
	"各省份集群数":     "Clusters by province",
	"主导产业所属产业类型": "Industry types of the leading industries",
	"未填":         "not given",
	"所选集群在本批次中的位置（百分位，0–100，越大越靠前）": "Where the selected clusters stand in their batch (percentile, 0–100, higher is better)",
	"%d 年度（%d 年）": "batch %d (%d)",
	"%s分布":        "Distribution of %s",

	// Compare.
	"指标「%s」不是申报表中的数值字段": "Indicator “%s” is not a numeric field of the application form",
	"（不选）":        "(none)",
	"%s · %d 年":   "%s · %d",
	"%s · %d 个集群": "%s · %d clusters",
	"%s与%s":       "%s vs %s",
	"梯度培育":        "Enterprise tiers",
	"创新":          "Innovation",
	"数字化":         "Digitalisation",
	"绿色化":         "Green transition",
	"开放合作":        "Opening-up and cooperation",
	"治理和服务":       "Governance and services",
	"治理服务":        "Governance and services",
	"各维度位次（百分位，越外越好）": "Standing on each dimension (percentile, outer is better)",
	"·历年": " over the years",

	// Monitoring.
	clusterscope.MilestoneRule: milestoneRuleEN,
	"自设：":                      "Own target: ",
	"目标指标「%s」不是第八部分的数值目标":                      "“%s” is not a numeric target of part 8",
	"最近一个已到期的阶段年":                              "Latest stage year due",
	"%d 年阶段目标":                                 "the %d stage target",
	"各集群最近一个已到期的阶段年":                           "each cluster's latest stage year due",
	"%s · %s · 按%s判定：达标 %d，有风险 %d，落后 %d，缺报 %d": "%s · %s · judged against %s: on track %d, at risk %d, behind %d, no report %d",
	"：各省份完成情况":                                 ": progress by province",
	"各目标指标完成情况":                                "Progress by target",
	"%s：%s":                                    "%s: %s",
	"目标路径（基准值→阶段目标）":                           "Target path (baseline → stage targets)",
	"跟踪期":       "Follow-up period",
	"实绩（跟踪报告）":  "Actual (follow-up reports)",
	"（最落后的在前）":  " (furthest behind first)",
	"基准值":       "Baseline",
	"阶段目标":      "Stage target",
	"实绩":        "Actual",
	"完成计划变化（%）": "Planned change achieved (%)",
	"达标":        "on track",
	"有风险":       "at risk",
	"落后":        "behind",
	"缺报":        "no report",

	// Assessment.
	"%s的权重「%s」应为 0–1000 的数":           "The weight of %s, “%s”, should be a number from 0 to 1000",
	"名额应为：每市 1–10 个，每省 1–100 个":       "Quotas should be 1–10 per city and 1–100 per province",
	"只读账户不能破格推荐":                      "A read-only account cannot make an override",
	"批次「%s」无效":                        "Invalid batch “%s”",
	"没有找到 %d 年度批次的集群「%s」（或不在您的权限范围内）": "Batch %d has no cluster “%s” (or it is outside your scope)",
	"没有可推荐的集群":                        "There is no cluster to recommend",
	"%s · %d 个集群参评，推荐 %d 个（每市至多 %d 个、每个细分领域 1 个，每省至多 %d 个）":     "%s · %d clusters assessed, %d recommended (at most %d per city and 1 per niche industry, at most %d per province)",
	"综合得分：各维度指标按在参评集群中的百分位（0–1，越低越好的指标取反）取平均，乘以权重占比后相加，满分 100。": scoreRuleEN,
	clusterscope.TieBreakRule: tieBreakRuleEN,
	"。只有符合认定标准（含警告）的集群可被推荐。": eligibleRuleEN,
	"综合得分构成（按名次）":            "Composite score by dimension (in rank order)",
	"推荐名单与排名":                "Recommended list and ranking",
	"名次":                     "Rank",
	"主导产业（细分领域）":             "Leading industry (niche)",
	"综合得分":                   "Composite score",
	"认定标准":                   "Recognition criteria",
	"推荐":                     "Recommended",
	"说明":                     "Note",
	"%s %.2f 分（权重 %.0f%%，得分率 %.0f%%）": "%s %.2f points (weight %.0f%%, score rate %.0f%%)",
	"总分 %.2f = %s": "Total %.2f = %s",
	"；":            "; ",
	"与第 %s 名「%s」同分，因%s排在其后":        "Equal score with no. %s “%s”; ranked after it because %s",
	"集群编号在后":                       "its cluster ID comes later",
	"主导产业得分较低":                     "its leading-industry score is lower",
	"批次前一年集群总产值较低或缺数据":             "its total output in the year before the batch is lower or missing",
	"推荐：%s第 %s 个，%s第 %s 个":         "recommended: no. %[2]s in %[1]s, no. %[4]s in %[3]s",
	"同一细分领域已推荐：%s已推荐「%s」（主导产业：%s）": "same niche already recommended in %s: “%s” (leading industry: %s)",
	"%s名额已满（每市至多 %s 个，已推荐%s）":      "quota of %s full (at most %s per city; recommended: %s)",
	"%s名额已满（每省至多 %s 个）":            "quota of %s full (at most %s per province)",
	"未通过认定标准（%s）":                  "does not meet the recognition criteria (%s)",
	"破格推荐（%s：%s）":                  "override (%s: %s)",
	"未评估认定标准":                      "recognition criteria not assessed",
	"认定标准缺数据，无法判定是否符合":             "data missing for the recognition criteria: cannot tell whether they are met",
	"破格推荐未记录经办人或理由，未采纳":            "override without an official or a reason recorded: not taken",
	"认定标准与发展目标审核（%s：%s）":           "Recognition criteria and target rules (%s: %s)",
	"认定标准审核（集群 × 标准）":              "Recognition criteria check (cluster × criterion)",
	"标准版本": "Criteria version",
	"结论":   "Overall",
	"发展目标审核（第八部分 备注 a–g）":   "Development targets check (part 8, notes a–g)",
	"基准值须与申报表中 %d 年的「%s」一致": "The baseline must equal the form's %d value of “%s”",
	"%s：须有定性描述的目标":          "%s: a qualitative goal is required",
	"符合":                    "pass",
	"不符合":                   "fail",
	"警告":                    "warning",
	"缺数据":                   "missing data",

	// Cluster profile.
	"%s（%s，%d 年度）":               "%s (%s, batch %d)",
	"已认定，跟踪报告至 %d 年":             "recognised, follow-up reports up to %d",
	"%s · %s%s%s · %d 年度批次 · %s": "%s · %s%s%s · batch %d · %s",
	"%s · %d 年度批次":               "%s · batch %d",
	"%s历年":                       "%s over the years",
	"封面":                         "Cover",
	"一、基本情况":                     "Part 1: Basic information",
	"二、主导产业情况":                   "Part 2: Leading industry",
	"三、创新能力情况":                   "Part 3: Innovation capability",
	"四、数字化升级情况":                  "Part 4: Digital upgrading",
	"五、绿色化转型情况":                  "Part 5: Green transition",
	"六、开放合作情况":                   "Part 6: Opening-up and cooperation",
	"七、治理和服务水平":                  "Part 7: Governance and services",
	"八、发展规划":                     "Part 8: Development plan",
	"九、真实性声明":                    "Part 9: Declaration of truthfulness",
	"项目":                         "Item",
	"单位":                         "Unit",
	"（实绩）":                       " (actual)",
	"✓ 已开展":                      "✓ done",
	"未勾选":                        "not ticked",
	"未填报":                        "not reported",
	"八、发展目标与实绩":                  "Part 8: Targets and actuals",
	"要求":                         "Requirement",
	"%d 年基准值":                    "%d baseline",
	"%d 年目标":                     "%d target",
	"%d 年实绩":                     "%d actual",

	// Administration.
	"只有管理员可以查看审计日志和载入记录": "Only administrators may see the audit log and the loads",
	"审计日志（最近 %d 条，新的在前）": "Audit log (latest %d entries, newest first)",
	"时间（UTC）": "Time (UTC)",
	"用户":      "User",
	"操作":      "Action",
	"对象":      "Target",
	"详情":      "Detail",
	"来源地址":    "Address",
	"载入记录（每一行数据都可追溯到它的载入）": "Loads (every row of data traces back to its load)",
	"载入序号": "Load",
	"文件":   "File",
	"载入人":  "Loaded by",
	"行数":   "Rows",
	"集群数":  "Clusters",
	"演示数据": "Demo data",
	"是":    "yes",
	"账户":   "Accounts",
	"用户名":  "User name",
	"角色":   "Role",
	"范围":   "Scope",
	"启用":   "active",
	"已停用":  "disabled",
	"认定标准版本（数据目录 rulesets/ 下的文件优先于国家默认标准）": "Versions of the recognition criteria (files in the data folder's rulesets/ take precedence over the national default)",
	"版本":   "Version",
	"名称":   "Name",
	"适用范围": "Applies to",
	"标准条数": "Criteria",
	"数据版本 %d · %d 次载入 · %d 个账户": "Data version %d · %d loads · %d accounts",
	"已损坏、未纳入查询的数据文件":            "Damaged data files left out of queries",
	"文件与原因": "File and reason",
	"部级":    "Ministry",
	"省级":    "Province",
	"市级":    "City",
	"只读":    "Read-only",
	"管理员":   "Administrator",
	"登录":    "Sign in",
	"登录失败":  "Failed sign-in",
	"载入数据":  "Load data",
	"规则集变更": "Rule set change",
	"新增用户":  "Add user",
	"停用用户":  "Disable user",
	"修改密码":  "Change password",
	"破格推荐":  "Override",

	// PDF and PNG exports.
	"导出格式「%s」无效：应为 pdf、png 或 svg":                 "Invalid export format “%s”: use pdf, png or svg",
	"没有名为「%s」的页面":                                 "There is no page named “%s”",
	"导出暂不可用：Chromium 未启动（需要安装 Debian 的 chromium）": "Export is unavailable: Chromium has not started (install Debian's chromium package)",
	"数据来源：各集群申报表及年度跟踪报告，clusterscope 汇总":          "Source: the clusters' applications and annual follow-up reports, compiled by clusterscope",
	"。":              ". ",
	"数据版本 %d，导出于 %s": "Data version %d, exported %s",
}
