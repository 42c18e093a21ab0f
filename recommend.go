package clusterscope

import (
	"slices"
	"strings"
	"time"
)

// Limits are an official's own limits within a call's quotas: a province
// may recommend fewer than it is allowed. Zero keeps the call's; a limit
// never raises a quota.
type Limits struct {
	PerCity int `json:"per_city"` // at most this many per city
	PerUnit int `json:"per_unit"` // at most this many per province, 计划单列市 or 兵团
}

// Override admits a cluster that did not pass the criteria (fail or
// missing), on an official's recorded word. It does not lift any quota, and
// it is not honoured without both By and Reason.
type Override struct {
	ClusterID string    `json:"cluster_id"`
	By        string    `json:"by"`     // who decided
	Reason    string    `json:"reason"` // why, in their words
	At        time.Time `json:"at"`
}

// Selection is what the recommendation under a call is made from besides the
// ranking: where each cluster counts, the reviewers' word on 细分领域, the
// official's limits and the overrides.
type Selection struct {
	Call *Call
	// Units says in whose province → ministry quota each cluster (by id)
	// counts; a cluster without one cannot be recommended under a call with
	// such quotas.
	Units map[string]QuotaUnit
	// Segments is a reviewer's 细分领域 of a cluster (by id), which replaces
	// the suggestion from its 主导产业: what counts as the same 细分领域 is a
	// person's judgement.
	Segments  map[string]string
	Limits    Limits
	Overrides []Override
	// Recorded are the applications (by id) reviewers recommended at the
	// level the recommendation is made for, with what to say of each: they
	// come first and count against every quota. Out are those out of the
	// running (returned, failed, not recommended, cancelled …), and why.
	Recorded map[string]Messages
	Out      map[string]Messages
}

// Cap is one limit the recommendation kept: at most Max per unit of the
// kind (and the call's Min, which it asks for too).
type Cap struct {
	Level Level    `json:"level"`
	Unit  UnitKind `json:"unit"`
	Min   int      `json:"min,omitempty"`
	Max   int      `json:"max"`
	Call  bool     `json:"call"` // the call's quota, not an official's tighter limit
}

// RecommendationItem is one ranked cluster and whether it is recommended.
type RecommendationItem struct {
	Rank        int       `json:"rank"`
	Score       float64   `json:"score"`
	Cluster     Cluster   `json:"cluster"`
	Criteria    Outcome   `json:"criteria"` // the overall criteria outcome; "" when not assessed
	Segment     string    `json:"segment"`  // the 细分领域 it was judged in
	SegmentSet  bool      `json:"segment_set"`
	Recommended bool      `json:"recommended"`
	Override    *Override `json:"override,omitempty"` // the override that admitted it
	Reason      Messages  `json:"reason"`             // why recommended, or why skipped
}

// Recommendation is the list for 附件1 and why every other cluster is not on it.
type Recommendation struct {
	Call          string               `json:"call"` // the call's Ref
	Caps          []Cap                `json:"caps"`
	OnePerSegment SegmentScope         `json:"one_per_segment"`
	Items         []RecommendationItem `json:"items"` // every ranked cluster, in rank order
}

// Selected returns the recommended clusters in rank order.
func (r Recommendation) Selected() []RecommendationItem {
	var out []RecommendationItem
	for _, it := range r.Items {
		if it.Recommended {
			out = append(out, it)
		}
	}
	return out
}

// Cap returns the limit kept per unit of the kind, if any.
func (r Recommendation) Cap(kind UnitKind) (Cap, bool) {
	for _, c := range r.Caps {
		if c.Unit == kind {
			return c, true
		}
	}
	return Cap{}, false
}

// Caps are the call's quotas tightened by the official's limits. A per-unit
// limit without a quota per unit in the call counts per province.
func Caps(call *Call, lim Limits) []Cap {
	var out []Cap
	tighten := func(c Cap, limit int) Cap {
		if limit > 0 && limit < c.Max {
			c.Max, c.Call = limit, false
			c.Min = min(c.Min, limit)
		}
		return c
	}
	hasUnit := false
	for _, q := range call.Quotas {
		c := Cap{Level: q.Level, Unit: q.Unit, Min: q.Min, Max: q.Max, Call: true}
		if q.Unit == UnitCity {
			c = tighten(c, lim.PerCity)
		} else {
			hasUnit = true
			c = tighten(c, lim.PerUnit)
		}
		out = append(out, c)
	}
	if _, ok := call.Quota(UnitCity); !ok && lim.PerCity > 0 {
		out = append(out, Cap{Level: CityToProvince, Unit: UnitCity, Max: lim.PerCity})
	}
	if !hasUnit && lim.PerUnit > 0 {
		out = append(out, Cap{Level: ProvinceToMinistry, Unit: UnitProvince, Max: lim.PerUnit})
	}
	return out
}

// Recommend picks clusters in the order of ranked (Score's ranking) within
// every quota of the call. Only clusters whose criteria outcome in assessed
// is pass or warn are eligible, unless an Override admits one. Under a
// quota per city, a city first gets its best eligible cluster, then further
// places are filled in rank order, so that no city is left out because
// others took two while the province had room for fewer. Where the call
// has one-per-细分领域, a cluster whose 细分领域 (the reviewer's, else its
// 主导产业; a blank one blocks nothing) is taken in its unit or city is
// skipped. Every cluster gets the reason it is or is not recommended.
// Without a call nothing is recommended.
func Recommend(ranked []ScoreResult, assessed map[string]Outcome, sel Selection) Recommendation {
	if sel.Call == nil {
		rec := Recommendation{Items: make([]RecommendationItem, len(ranked))}
		for i, r := range ranked {
			rec.Items[i] = RecommendationItem{Rank: r.Rank, Score: r.Score, Cluster: r.Cluster, Criteria: assessed[r.Cluster.ID],
				Reason: Messages{M("recommend.no_call", r.Cluster.Batch)}}
			rec.Items[i].Segment, rec.Items[i].SegmentSet = segmentOf(r.Cluster, sel.Segments)
		}
		return rec
	}
	caps := Caps(sel.Call, sel.Limits)
	rec := Recommendation{Call: sel.Call.Ref(), Caps: caps, OnePerSegment: sel.Call.OnePerSegment,
		Items: make([]RecommendationItem, len(ranked))}
	admitted := map[string]*Override{}
	for i := range sel.Overrides {
		admitted[sel.Overrides[i].ClusterID] = &sel.Overrides[i]
	}
	s := newSolver(&rec, sel)
	eligible := make([]bool, len(ranked))
	for i, r := range ranked {
		it := &rec.Items[i]
		*it = RecommendationItem{Rank: r.Rank, Score: r.Score, Cluster: r.Cluster, Criteria: assessed[r.Cluster.ID]}
		it.Segment, it.SegmentSet = segmentOf(r.Cluster, sel.Segments)
		if !sel.Call.Covers(r.Cluster.Batch, r.Cluster.Province) {
			it.Reason = Messages{M("recommend.not_covered", sel.Call.Name)}
			continue
		}
		if _, ok := sel.Units[r.Cluster.ID]; s.unitCaps && !ok {
			it.Reason = Messages{M("recommend.unit_unknown", r.Cluster.Province, r.Cluster.City)}
			continue
		}
		if why, out := sel.Out[r.Cluster.ID]; out {
			it.Reason = why
			continue
		}
		if _, ok := sel.Recorded[r.Cluster.ID]; ok || it.Criteria == Pass || it.Criteria == Warn {
			eligible[i] = true
			continue
		}
		it.Reason = criteriaReason(it.Criteria)
		switch o := admitted[r.Cluster.ID]; {
		case o == nil:
		case strings.TrimSpace(o.By) == "" || strings.TrimSpace(o.Reason) == "":
			it.Reason = it.Reason.And(M("recommend.override_unrecorded"))
		default:
			eligible[i], it.Override, it.Reason = true, o, nil
		}
	}
	decided := make([]bool, len(ranked))
	// The reviewers' recommendations first: they are on record.
	for i := range rec.Items {
		if why, ok := sel.Recorded[rec.Items[i].Cluster.ID]; ok && eligible[i] {
			decided[i] = true
			s.decide(i)
			rec.Items[i].Reason = append(why[:len(why):len(why)], rec.Items[i].Reason...)
		}
	}
	passes := 1
	if s.cityCap > 0 {
		passes = 2
	}
	for pass := 1; pass <= passes; pass++ {
		for i := range rec.Items {
			if !eligible[i] || decided[i] {
				continue
			}
			if pass < passes && len(s.counts[s.cityKey(i)]) > 0 {
				continue // wait for the second round
			}
			decided[i] = true
			s.decide(i)
			if o := rec.Items[i].Override; o != nil { // said whether or not a quota let it through
				rec.Items[i].Reason = rec.Items[i].Reason.And(M("recommend.override", o.By, o.Reason))
			}
		}
	}
	return rec
}

// solver keeps the counts of a recommendation: item indexes picked by
// city, unit and 细分领域 keys.
type solver struct {
	rec      *Recommendation
	sel      Selection
	cityCap  int
	unitCaps bool // the call has quotas per province, 计划单列市 and 兵团
	counts   map[string][]int
}

func (s *solver) cityKey(i int) string {
	c := s.rec.Items[i].Cluster
	return "city\x00" + c.Province + "\x00" + c.City
}

// unit is where the item counts: its quota unit, or its province under a
// call without quotas per unit.
func (s *solver) unit(i int) QuotaUnit {
	c := s.rec.Items[i].Cluster
	if u, ok := s.sel.Units[c.ID]; ok && s.unitCaps {
		return u
	}
	return QuotaUnit{Kind: UnitProvince, Name: c.Province}
}

func newSolver(rec *Recommendation, sel Selection) *solver {
	s := &solver{rec: rec, sel: sel, counts: map[string][]int{}}
	for _, c := range rec.Caps {
		switch c.Unit {
		case UnitCity:
			s.cityCap = c.Max
		case UnitProvince, UnitPlanCity, UnitCorps:
			s.unitCaps = true
		}
	}
	return s
}

// keys are where item i counts: its city, its unit and, where the call has
// one-per-细分领域, its 细分领域 there ("" when it has none); where names
// the unit or city of the 细分领域.
func (s *solver) keys(i int) (city, unit, seg string, where any) {
	it := &s.rec.Items[i]
	u := s.unit(i)
	city, unit = s.cityKey(i), "unit\x00"+string(u.Kind)+"\x00"+u.Name
	if it.Segment != "" && s.rec.OnePerSegment != "" {
		key, w := unit, unitLabel(u)
		if s.rec.OnePerSegment == SegmentCity {
			key, w = city, any(it.Cluster.City)
		}
		seg, where = key+"\x00segment\x00"+it.Segment, w
	}
	return city, unit, seg, where
}

// refusal says which quota item i would break, or nil.
func (s *solver) refusal(i int) Messages {
	it := &s.rec.Items[i]
	c, u := it.Cluster, s.unit(i)
	cityKey, unitKey, segKey, where := s.keys(i)
	if taken := s.counts[segKey]; segKey != "" && len(taken) > 0 {
		return Messages{M("recommend.segment_taken", where, displayName(s.rec.Items[taken[0]].Cluster), it.Segment)}
	}
	if city := s.counts[cityKey]; s.cityCap > 0 && len(city) >= s.cityCap {
		var names Messages
		for _, j := range city {
			names = append(names, M("text.quoted", displayName(s.rec.Items[j].Cluster)))
		}
		return Messages{M("recommend.city_full", c.City, s.cityCap, M("join.concat", names))}
	}
	if cp, ok := s.rec.Cap(u.Kind); ok && len(s.counts[unitKey]) >= cp.Max {
		return Messages{M(fullKeys[u.Kind], u.Name, cp.Max)}
	}
	return nil
}

// count counts item i against its city, unit and 细分领域.
func (s *solver) count(i int) {
	cityKey, unitKey, segKey, _ := s.keys(i)
	s.counts[cityKey] = append(s.counts[cityKey], i)
	s.counts[unitKey] = append(s.counts[unitKey], i)
	if segKey != "" {
		s.counts[segKey] = append(s.counts[segKey], i)
	}
}

func (s *solver) decide(i int) {
	it := &s.rec.Items[i]
	if why := s.refusal(i); why != nil {
		it.Reason = why
		return
	}
	s.count(i)
	it.Recommended = true
	cityKey, unitKey, _, _ := s.keys(i)
	n := len(s.counts[unitKey])
	if s.cityCap > 0 {
		it.Reason = Messages{M("recommend.picked", it.Cluster.City, len(s.counts[cityKey]), unitLabel(s.unit(i)), n)}
	} else {
		it.Reason = Messages{M("recommend.picked_unit", unitLabel(s.unit(i)), n)}
	}
}

// QuotaBreak says which quota of sel's call recommending c would break, at
// the level of the call, when taken are already recommended there (each
// counted, whatever it breaks: it is on record), or nil when c fits. A
// cluster whose quota unit is not known breaks the call's unit quotas.
func QuotaBreak(sel Selection, taken []Cluster, c Cluster) Messages {
	if sel.Call == nil {
		return Messages{M("recommend.no_call", c.Batch)}
	}
	rec := Recommendation{Call: sel.Call.Ref(), Caps: Caps(sel.Call, sel.Limits), OnePerSegment: sel.Call.OnePerSegment}
	for _, t := range append(slices.Clip(taken), c) {
		it := RecommendationItem{Cluster: t}
		it.Segment, it.SegmentSet = segmentOf(t, sel.Segments)
		rec.Items = append(rec.Items, it)
	}
	s := newSolver(&rec, sel)
	if _, ok := sel.Units[c.ID]; s.unitCaps && !ok {
		return Messages{M("recommend.unit_unknown", c.Province, c.City)}
	}
	for i := range taken {
		s.count(i)
	}
	return s.refusal(len(taken))
}

// fullKeys say a full unit's quota by its kind.
var fullKeys = map[UnitKind]string{
	UnitProvince: "recommend.province_full",
	UnitPlanCity: "recommend.plan_city_full",
	UnitCorps:    "recommend.corps_full",
}

// unitLabel names a unit: 深圳市（计划单列市）, 广东省, 新疆生产建设兵团.
func unitLabel(u QuotaUnit) any {
	if u.Kind == UnitPlanCity {
		return M("recommend.plan_city", u.Name)
	}
	return u.Name
}

// segmentOf is a cluster's 细分领域: the reviewer's setting, else the
// suggestion from its 主导产业.
func segmentOf(c Cluster, set map[string]string) (string, bool) {
	if s := strings.TrimSpace(set[c.ID]); s != "" {
		return s, true
	}
	return strings.TrimSpace(c.LeadingIndustry), false
}

func criteriaReason(o Outcome) Messages {
	switch o {
	case "":
		return Messages{M("recommend.not_assessed")}
	case Missing:
		return Messages{M("recommend.criteria_missing")}
	}
	return Messages{M("recommend.criteria_failed", Word(o.Label()))}
}

func displayName(c Cluster) string {
	if n := ShortName(c.Name); n != "" {
		return n
	}
	return c.ID
}
