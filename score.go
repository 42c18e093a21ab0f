package clusterscope

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// Dimension is one of the form's dimensions in the composite score.
type Dimension struct {
	Code       string // the key of Weights
	Label      string
	Indicators []ScoreIndicator
}

// ScoreIndicator is one indicator of a dimension: a numeric field of the
// form as of the year before the batch, or, with Checks, how many of those
// boxes are ticked (an unticked or blank box counts 0, so never missing).
type ScoreIndicator struct {
	Code   string
	Label  string
	Unit   string
	Better int // +1 higher is better, −1 lower is better
	Checks []string
}

func checks(prefixes ...string) []string {
	var out []string
	for _, f := range DefaultCatalog().Fields {
		if f.Kind == KindCheck && slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(f.Code, p) }) {
			out = append(out, f.Code)
		}
	}
	return out
}

// Dimensions are the form's parts as scored. Each indicator is normalised
// across the compared set, a dimension is the mean of its indicators.
var Dimensions = []Dimension{
	{"leading", "主导产业", []ScoreIndicator{
		{Code: "output_total", Label: "集群总产值", Unit: "亿元", Better: +1},
		{Code: "leading_output_share", Label: "主导产业占比", Unit: "%", Better: +1},
		{Code: "leading_output_cagr_3y", Label: "主导产业产值年均增速", Unit: "%", Better: +1}}},
	{"tiering", "梯度培育", []ScoreIndicator{
		{Code: "little_giants", Label: "专精特新“小巨人”企业", Unit: "个", Better: +1},
		{Code: "single_champions", Label: "制造业单项冠军企业", Unit: "个", Better: +1},
		{Code: "srdi_smes", Label: "专精特新中小企业", Unit: "个", Better: +1},
		{Code: "hightech_innovative_smes", Label: "高新技术企业和创新型中小企业", Unit: "个", Better: +1}}},
	{"innovation", "创新", []ScoreIndicator{
		{Code: "rd_intensity", Label: "研发投入强度", Unit: "%", Better: +1},
		{Code: "rd_staff_share", Label: "研发人员占比", Unit: "%", Better: +1},
		{Code: "invention_patents_per_10k", Label: "每万人有效发明专利", Unit: "件/万人", Better: +1},
		{Code: "innov_checks", Label: "已开展的协同创新工作", Unit: "项", Better: +1, Checks: checks("innov_")}}},
	{"digital", "数字化", []ScoreIndicator{
		{Code: "cloud_adoption", Label: "企业上云比例", Unit: "%", Better: +1},
		{Code: "iip_penetration", Label: "工业互联网平台应用普及率", Unit: "%", Better: +1},
		{Code: "digital_checks", Label: "已开展的数字化服务和新模式推广", Unit: "项", Better: +1, Checks: checks("digital_", "newmodel_")}}},
	{"green", "绿色化", []ScoreIndicator{
		{Code: "co2_per_output", Label: "单位产值二氧化碳排放量", Unit: "吨二氧化碳/万元", Better: -1},
		{Code: "energy_intensity_reduction", Label: "单位工业产值能耗降低率", Unit: "%", Better: +1},
		{Code: "solid_waste_utilization", Label: "大宗工业固废综合利用率", Unit: "%", Better: +1},
		{Code: "water_reuse", Label: "工业用水重复利用率", Unit: "%", Better: +1}}},
	{"open", "开放合作", []ScoreIndicator{
		{Code: "overseas_branches", Label: "境外分支机构", Unit: "个", Better: +1},
		{Code: "export_growth", Label: "主导产品出口贸易额增长率", Unit: "%", Better: +1},
		{Code: "intl_checks", Label: "已开展的国际合作交流活动", Unit: "项", Better: +1, Checks: checks("intl_")}}},
	{"governance", "治理服务", []ScoreIndicator{
		{Code: "governance_checks", Label: "公共服务平台、服务和治理工作", Unit: "项", Better: +1, Checks: checks("platform_", "service_", "gov_")}}},
}

// Weights are the dimensions' weights by Dimension.Code; only their ratios
// matter. A dimension absent from the map weighs 0.
type Weights map[string]float64

// DefaultWeights: 主导产业 25, 创新 20, 梯度培育 15, 数字化 15, 绿色化 15,
// 开放合作 5, 治理服务 5. The recognition criteria themselves bear on the
// leading industry and on enterprise tiers, the plan's targets a–g on
// innovation, digitalisation and greening; opening-up and governance are
// qualitative in the plan and mostly ticked boxes in the form, so they weigh
// least.
func DefaultWeights() Weights {
	return Weights{"leading": 25, "tiering": 15, "innovation": 20, "digital": 15, "green": 15, "open": 5, "governance": 5}
}

// Validate reports a weight that is unknown, negative or not a number, or
// weights that are all zero, as an EINVALID error in Chinese.
func (w Weights) Validate() error {
	total := 0.0
	for k, v := range w {
		if !slices.ContainsFunc(Dimensions, func(d Dimension) bool { return d.Code == k }) {
			return Errorf(EINVALID, "未知的评分维度「%s」", k)
		}
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return Errorf(EINVALID, "维度「%s」的权重 %v 无效：应为不小于 0 的数", k, v)
		}
		total += v
	}
	if total == 0 {
		return Errorf(EINVALID, "权重全部为 0，无法评分")
	}
	return nil
}

// TieBreakRule is how equal scores are ordered.
const TieBreakRule = "同分时依次比较：主导产业得分高者在前，批次前一年集群总产值高者在前（缺数据者在后），集群编号小者在前"

// IndicatorScore is one indicator of one cluster.
type IndicatorScore struct {
	Code  string   `json:"code"`
	Label string   `json:"label"`
	Unit  string   `json:"unit"`
	Raw   *float64 `json:"raw,omitempty"`
	Norm  float64  `json:"norm"` // 0–1: rank percentile in the set, lower-is-better inverted; 0 when missing
	Note  Message  `json:"note,omitzero"`
}

// Component is one dimension's part of a cluster's score.
type Component struct {
	Dimension  string           `json:"dimension"`
	Label      string           `json:"label"`
	Weight     float64          `json:"weight"`
	Share      float64          `json:"share"`  // the weight over all weights
	Value      float64          `json:"value"`  // 0–1, mean of the indicators
	Points     float64          `json:"points"` // Share × Value × 100: its part of Score
	Indicators []IndicatorScore `json:"indicators"`
}

// ScoreResult is one cluster's composite score and place.
type ScoreResult struct {
	Cluster    Cluster     `json:"cluster"`
	Score      float64     `json:"score"` // 0–100, the sum of the components' points
	Rank       int         `json:"rank"`  // 1 is best; every rank is distinct
	Components []Component `json:"components"`
	TieBreak   Message     `json:"tie_break,omitzero"` // why it comes after an equal score
	output     *float64    // base-year output, for the tie-break
}

// Explain is the score in words: each component's contribution.
func (r ScoreResult) Explain() Messages {
	parts := make(Messages, 0, len(r.Components))
	for _, c := range r.Components {
		parts = append(parts, M("score.component", Word(c.Label), c.Points, c.Share*100, c.Value*100))
	}
	ms := Messages{M("score.total", r.Score, M("join.plus", parts))}
	if !r.TieBreak.IsZero() {
		ms = append(ms, r.TieBreak)
	}
	return ms
}

// Score scores and ranks the set. Each indicator is normalised by its rank
// percentile among the clusters that report it — the share of the others it
// beats, a tie counting half — so one very large cluster does not squash the
// rest as min–max would; a single cluster or all-equal values give 0.5, and
// a missing value gives 0 (said in the indicator's note). A nil w means
// DefaultWeights; negative weights count as 0. The order is by score, then
// TieBreakRule; the result is in rank order.
func Score(set []*ClusterData, w Weights) []ScoreResult {
	if w == nil {
		w = DefaultWeights()
	}
	total := 0.0
	for _, d := range Dimensions {
		total += max(w[d.Code], 0)
	}
	out := make([]ScoreResult, len(set))
	for i, d := range set {
		out[i].Cluster = d.Cluster
		if v, ok := d.Num("output_total", d.Base()); ok {
			out[i].output = f64ptr(v)
		}
	}
	for _, dim := range Dimensions {
		weight := max(w[dim.Code], 0)
		comps := make([]Component, len(set))
		for i := range comps {
			comps[i] = Component{Dimension: dim.Code, Label: dim.Label, Weight: weight}
			if total > 0 {
				comps[i].Share = weight / total
			}
		}
		for _, ind := range dim.Indicators {
			raws := make([]*float64, len(set))
			for i, d := range set {
				raws[i] = indicatorValue(d, ind)
			}
			norms := percentiles(raws, ind.Better)
			for i := range set {
				is := IndicatorScore{Code: ind.Code, Label: ind.Label, Unit: ind.Unit, Raw: raws[i], Norm: norms[i]}
				if raws[i] == nil {
					is.Note = M("score.missing_zero")
				}
				comps[i].Indicators = append(comps[i].Indicators, is)
				comps[i].Value += norms[i] / float64(len(dim.Indicators))
			}
		}
		for i := range out {
			comps[i].Points = comps[i].Share * comps[i].Value * 100
			out[i].Score += comps[i].Points
			out[i].Components = append(out[i].Components, comps[i])
		}
	}
	rank(out)
	return out
}

func indicatorValue(d *ClusterData, ind ScoreIndicator) *float64 {
	if len(ind.Checks) == 0 {
		if v, ok := d.Num(ind.Code, d.Base()); ok {
			return f64ptr(v)
		}
		return nil
	}
	n := 0.0
	for _, c := range ind.Checks {
		if v, _ := d.Text(c); v == "true" {
			n++
		}
	}
	return &n
}

// percentiles gives each value the share of the other present values it
// beats (ties count half); nil values get 0.
func percentiles(raws []*float64, better int) []float64 {
	out := make([]float64, len(raws))
	for i, a := range raws {
		if a == nil {
			continue
		}
		beats, others := 0.0, 0
		for j, b := range raws {
			if j == i || b == nil {
				continue
			}
			others++
			switch x, y := round6(*a)*float64(better), round6(*b)*float64(better); {
			case x > y:
				beats++
			case x == y:
				beats += 0.5
			}
		}
		out[i] = 0.5
		if others > 0 {
			out[i] = beats / float64(others)
		}
	}
	return out
}

// rank sorts by score and TieBreakRule, numbers the ranks, and says where
// the tie-break decided.
func rank(rs []ScoreResult) {
	leading := func(r ScoreResult) float64 {
		for _, c := range r.Components {
			if c.Dimension == "leading" {
				return round6(c.Value)
			}
		}
		return 0
	}
	out := func(r ScoreResult) float64 {
		if r.output == nil {
			return math.Inf(-1)
		}
		return *r.output
	}
	slices.SortStableFunc(rs, func(a, b ScoreResult) int {
		switch {
		case round6(a.Score) != round6(b.Score):
			return -cmp.Compare(round6(a.Score), round6(b.Score))
		case leading(a) != leading(b):
			return -cmp.Compare(leading(a), leading(b))
		case out(a) != out(b):
			return -cmp.Compare(out(a), out(b))
		}
		return strings.Compare(a.Cluster.ID, b.Cluster.ID)
	})
	for i := range rs {
		rs[i].Rank = i + 1
		if i == 0 || round6(rs[i].Score) != round6(rs[i-1].Score) {
			continue
		}
		prev := rs[i-1]
		why := M("score.tie.id")
		switch {
		case leading(prev) != leading(rs[i]):
			why = M("score.tie.leading")
		case out(prev) != out(rs[i]):
			why = M("score.tie.output")
		}
		rs[i].TieBreak = M("score.tie_break", prev.Rank, prev.Cluster.ID, why)
	}
}
