package clusterscope

import (
	"strconv"
	"strings"
	"time"
)

// A recognised cluster is under 动态管理 for a term (three years: the 2022
// batch 2023–2025). In the term's last year the ministry runs a 复核: the
// province does the 初审, the ministry decides; passed, the term is
// extended by RenewalYears; failed, or not applied for, recognition is
// withdrawn (撤销), as it may be at any time for the causes of
// WithdrawCauses. Each step is a Decision of kind DecisionCluster on the
// cluster; the cluster's life is derived from the list notice and that
// history, as of a day.

// DecisionCluster is the kind of the lifecycle decisions on a cluster.
const DecisionCluster = "cluster"

// RenewalYears is how far a passed 复核 extends a term.
const RenewalYears = 3

// The states a lifecycle decision puts a cluster in.
const (
	StateProvincePass = "province_pass" // 省级初审通过
	StateProvinceFail = "province_fail" // 省级初审不通过
	StateRenewed      = "renewed"       // 复核通过，有效期延长
	StateWithdrawn    = "withdrawn"     // 撤销
)

// The facts a lifecycle decision records besides its reason.
const (
	FactEffective = "date"     // the day it takes effect, 2025-11-20
	FactTermEnd   = "term_end" // the last year of the term a 初审 or 复核 is about
	FactCause     = "cause"    // a withdrawal's cause (WithdrawCause)
	FactEvidence  = "evidence" // what a withdrawal rests on
)

// WithdrawCause is why recognition is withdrawn.
type WithdrawCause string

// The causes of 撤销 (工信部企业〔2022〕119号).
const (
	CauseUnreportedChange WithdrawCause = "unreported_change" // 主导产业、空间范围、运营管理机构等重大变化未报告
	CauseAccident         WithdrawCause = "accident"          // 较大及以上安全、质量、环境污染事故
	CauseSecurity         WithdrawCause = "security_incident" // 重大及以上网络安全、数据安全事件
	CauseTaxCredit        WithdrawCause = "tax_credit"        // 偷税漏税、违法违规、严重失信
	CauseNoApplication    WithdrawCause = "no_application"    // 未申请复核
	CauseRecheckFailed    WithdrawCause = "recheck_failed"    // 复核未通过
)

// WithdrawCauses in the order the pages offer them.
var WithdrawCauses = []WithdrawCause{CauseRecheckFailed, CauseNoApplication, CauseUnreportedChange, CauseAccident, CauseSecurity, CauseTaxCredit}

// Label is the cause in Chinese.
func (c WithdrawCause) Label() string {
	switch c {
	case CauseUnreportedChange:
		return "主导产业、空间范围、运营管理机构等重大变化未报告"
	case CauseAccident:
		return "发生较大及以上安全、质量、环境污染等事故"
	case CauseSecurity:
		return "发生重大及以上网络安全事件或数据安全事件"
	case CauseTaxCredit:
		return "存在偷税漏税、违法违规、严重失信等行为"
	case CauseNoApplication:
		return "未申请复核"
	case CauseRecheckFailed:
		return "复核未通过"
	}
	return string(c)
}

// Valid reports whether c is a known cause.
func (c WithdrawCause) Valid() bool { return c.Label() != string(c) }

// ofReview reports whether the cause ends a 复核 (and so needs one open).
func (c WithdrawCause) ofReview() bool { return c == CauseNoApplication || c == CauseRecheckFailed }

// TermStatus is where a recognised cluster stands on a day.
type TermStatus string

// The statuses of a cluster's life.
const (
	TermPending   TermStatus = "pending"   // 未生效: before the list notice
	TermValid     TermStatus = "valid"     // 有效
	TermReview    TermStatus = "review"    // 复核中: the term's last year, or past it without a decision
	TermExtended  TermStatus = "extended"  // 延长: in a term a 复核 gave
	TermWithdrawn TermStatus = "withdrawn" // 撤销
)

// TermStatuses in the order the pages count them.
var TermStatuses = []TermStatus{TermValid, TermReview, TermExtended, TermWithdrawn}

// Label is the status in Chinese.
func (s TermStatus) Label() string {
	switch s {
	case TermPending:
		return "未生效"
	case TermValid:
		return "有效"
	case TermReview:
		return "复核中"
	case TermExtended:
		return "延长"
	case TermWithdrawn:
		return "撤销"
	}
	return string(s)
}

// Active reports whether a cluster of the status counts in the portfolio.
func (s TermStatus) Active() bool { return s == TermValid || s == TermReview || s == TermExtended }

// Term is a span of whole years of recognition, both included.
type Term struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Ends is the last day of the term.
func (t Term) Ends() time.Time { return time.Date(t.End, 12, 31, 0, 0, 0, 0, time.UTC) }

// Withdrawal is a recorded 撤销.
type Withdrawal struct {
	Date     time.Time     `json:"date"`
	Cause    WithdrawCause `json:"cause"`
	Evidence string        `json:"evidence"`
	Why      string        `json:"why"`
	Who      string        `json:"who"`
}

// ReviewRound is the 复核 of a term: the province's 初审 and the
// ministry's decision (a renewal, or a withdrawal that ends the 复核), nil
// until recorded; a later 初审 of the same round replaces the earlier.
type ReviewRound struct {
	TermEnd  int       `json:"term_end"`
	Province *Decision `json:"province,omitempty"`
	Decision *Decision `json:"decision,omitempty"`
}

// LifeEvent is a step of the timeline: what happened on a day, who decided.
type LifeEvent struct {
	Date time.Time `json:"date"`
	What Message   `json:"what"`
	Who  string    `json:"who,omitempty"`
	Why  string    `json:"why,omitempty"`
}

// Life is a recognised cluster's life as of a day.
type Life struct {
	ClusterID  string        `json:"cluster_id"`
	Batch      int           `json:"batch"`
	AsOf       time.Time     `json:"as_of"`
	Recognised time.Time     `json:"recognised"` // the list notice's day
	Terms      []Term        `json:"terms"`      // the notice's, then one per 复核 passed
	Status     TermStatus    `json:"status"`
	Review     *ReviewRound  `json:"review,omitempty"` // while 复核中: the open round
	Rounds     []ReviewRound `json:"rounds"`           // every 复核 with a step recorded, by term
	Withdrawal *Withdrawal   `json:"withdrawal,omitempty"`
	Events     []LifeEvent   `json:"events"`
	Version    int64         `json:"version"` // of the latest decision, for the next one
}

// Term is the current term: the last one.
func (l *Life) Term() Term { return l.Terms[len(l.Terms)-1] }

// EffectiveDate is the day a decision takes effect: its FactEffective, else the
// day (in Beijing) it was recorded.
func EffectiveDate(d Decision) time.Time {
	if t, err := time.Parse(time.DateOnly, d.Facts[FactEffective]); err == nil {
		return t
	}
	return Day(d.At)
}

// beijing is the zone the programme's dates are in.
var beijing = time.FixedZone("CST", 8*3600)

// Day is the calendar day of t in Beijing, as a date at 00:00 UTC.
func Day(t time.Time) time.Time {
	y, m, d := t.In(beijing).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// LifeOf derives a cluster's life on the day asOf from its batch's list
// notice and its lifecycle decisions (oldest first); a decision taking
// effect after asOf is not yet part of it.
func LifeOf(n *ListNotice, id string, history []Decision, asOf time.Time) Life {
	asOf = Day(asOf)
	l := Life{ClusterID: id, Batch: n.Batch, AsOf: asOf, Recognised: n.RecognisedOn(), Terms: []Term{n.FirstTerm()}}
	if asOf.Before(l.Recognised) {
		l.Status = TermPending
		return l
	}
	t := l.Term()
	l.Events = append(l.Events, LifeEvent{Date: l.Recognised, What: M("life.recognised", n.Name, n.Document, t.Start, t.End)})
	// round is the index of the round of the term ending in end, made when
	// missing
	round := func(end int) int {
		for i, r := range l.Rounds {
			if r.TermEnd == end {
				return i
			}
		}
		l.Rounds = append(l.Rounds, ReviewRound{TermEnd: end})
		return len(l.Rounds) - 1
	}
	for i := range history {
		d := history[i]
		l.Version = max(l.Version, d.Version)
		when := EffectiveDate(d)
		if d.Kind != DecisionCluster || when.After(asOf) || l.Withdrawal != nil {
			continue
		}
		ev := LifeEvent{Date: when, Who: d.Who, Why: d.Why}
		switch d.State {
		case StateProvincePass, StateProvinceFail:
			l.Rounds[round(l.Term().End)].Province = &history[i]
			ev.What = M("life."+d.State, l.Term().End)
		case StateRenewed:
			l.Rounds[round(l.Term().End)].Decision = &history[i]
			t := Term{Start: l.Term().End + 1, End: l.Term().End + RenewalYears}
			l.Terms = append(l.Terms, t)
			ev.What = M("life.renewed", t.Start, t.End)
		case StateWithdrawn:
			cause := WithdrawCause(d.Facts[FactCause])
			l.Withdrawal = &Withdrawal{Date: when, Cause: cause, Evidence: d.Facts[FactEvidence], Why: d.Why, Who: d.Who}
			if cause.ofReview() {
				l.Rounds[round(l.Term().End)].Decision = &history[i]
			}
			ev.What = M("life.withdrawn", Word(cause.Label()), orDash(d.Facts[FactEvidence]))
		default:
			continue
		}
		l.Events = append(l.Events, ev)
	}
	switch t := l.Term(); {
	case l.Withdrawal != nil:
		l.Status = TermWithdrawn
	case asOf.Year() >= t.End:
		l.Status = TermReview
		l.Review = &l.Rounds[round(t.End)]
	case len(l.Terms) > 1:
		l.Status = TermExtended
	default:
		l.Status = TermValid
	}
	return l
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// CheckDecision tells whether a user of the role may record dec on the
// cluster now: the 初审 is the province's, the 复核 decision and any
// withdrawal the ministry's; each only in the state that allows it, dated
// between the recognition and asOf, with the reasons and facts it needs.
// It fills FactTermEnd for a 初审 or 复核 decision.
func (l *Life) CheckDecision(dec *Decision, role Role) error {
	if dec.Facts == nil {
		dec.Facts = map[string]string{}
	}
	date, err := time.Parse(time.DateOnly, dec.Facts[FactEffective])
	switch {
	case l.Status == TermWithdrawn:
		return Errorf(ECONFLICT, "该集群已于 %s 撤销认定，不能再作决定", l.Withdrawal.Date.Format(time.DateOnly))
	case l.Status == TermPending:
		return Errorf(ECONFLICT, "该集群的认定自 %s 起生效，此前不能作决定", l.Recognised.Format(time.DateOnly))
	case err != nil:
		return Errorf(EINVALID, "日期「%s」无效：应为 年-月-日（如 2025-11-20）", dec.Facts[FactEffective])
	case date.After(l.AsOf):
		return Errorf(EINVALID, "日期 %s 晚于当前判定日 %s", date.Format(time.DateOnly), l.AsOf.Format(time.DateOnly))
	case date.Before(l.Recognised):
		return Errorf(EINVALID, "日期 %s 早于认定之日 %s", date.Format(time.DateOnly), l.Recognised.Format(time.DateOnly))
	case strings.TrimSpace(dec.Why) == "":
		return Errorf(EINVALID, "请写明理由")
	}
	if last := l.lastEvent(); !last.IsZero() && date.Before(last) {
		return Errorf(EINVALID, "日期 %s 早于上一个决定（%s）", date.Format(time.DateOnly), last.Format(time.DateOnly))
	}
	// a step of the 复核 is taken in it: from the first day of the term's last year
	review := dec.State != StateWithdrawn || WithdrawCause(dec.Facts[FactCause]).ofReview()
	if opens := time.Date(l.Term().End, 1, 1, 0, 0, 0, 0, time.UTC); review && l.Status == TermReview && date.Before(opens) {
		return Errorf(EINVALID, "日期 %s 早于复核开始（有效期最后一年 %d 年的 1 月 1 日）", date.Format(time.DateOnly), l.Term().End)
	}
	switch dec.State {
	case StateProvincePass, StateProvinceFail:
		if role != RoleProvince {
			return Errorf(EFORBIDDEN, "初审由省级中小企业主管部门记录")
		}
		if l.Status != TermReview {
			return Errorf(ECONFLICT, "不在复核期：有效期至 %d 年，%d 年起复核", l.Term().End, l.Term().End)
		}
		dec.Facts[FactTermEnd] = strconv.Itoa(l.Term().End)
	case StateRenewed:
		if role != RoleMinistry {
			return Errorf(EFORBIDDEN, "复核结果由工业和信息化部（部级用户）决定")
		}
		if l.Status != TermReview {
			return Errorf(ECONFLICT, "不在复核期：有效期至 %d 年，%d 年起复核", l.Term().End, l.Term().End)
		}
		if p := l.Review.Province; p == nil || p.State != StateProvincePass {
			return Errorf(ECONFLICT, "复核通过须先有省级初审通过")
		}
		dec.Facts[FactTermEnd] = strconv.Itoa(l.Term().End)
	case StateWithdrawn:
		cause := WithdrawCause(dec.Facts[FactCause])
		switch {
		case role != RoleMinistry:
			return Errorf(EFORBIDDEN, "撤销认定由工业和信息化部（部级用户）决定")
		case !cause.Valid():
			return Errorf(EINVALID, "撤销原因「%s」无效", dec.Facts[FactCause])
		case cause.ofReview() && l.Status != TermReview:
			return Errorf(ECONFLICT, "不在复核期：有效期至 %d 年，%d 年起复核", l.Term().End, l.Term().End)
		case cause == CauseNoApplication && l.Review.Province != nil:
			return Errorf(ECONFLICT, "省级已记录初审，不能按未申请复核撤销")
		case !cause.ofReview() && strings.TrimSpace(dec.Facts[FactEvidence]) == "":
			return Errorf(EINVALID, "按「%s」撤销须写明证据", cause.Label())
		}
		if cause.ofReview() {
			dec.Facts[FactTermEnd] = strconv.Itoa(l.Term().End)
		}
	default:
		return Errorf(EINVALID, "未知的决定「%s」", dec.State)
	}
	dec.Kind, dec.Subject, dec.Batch = DecisionCluster, l.ClusterID, l.Batch
	return nil
}

// lastEvent is the day of the latest decision taken into the life.
func (l *Life) lastEvent() time.Time {
	if len(l.Events) < 2 {
		return time.Time{}
	}
	return l.Events[len(l.Events)-1].Date
}
