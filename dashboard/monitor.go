package dashboard

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/labstack/echo/v4"

	"clusterscope"
	"clusterscope/queries"
	"clusterscope/warehouse"
)

// track is one cluster's numeric target with its path and actuals.
type track struct {
	queries.ClusterRef
	Code     string
	Baseline float64
	Path     [3]float64  // the targets of the batch's three years, given or drawn
	Actuals  [3]*float64 // of the batch's three years, from the reports received by the as-of day
	Year     int         // the year judged
	Status   clusterscope.MilestoneStatus
	Share    float64               // of the planned change achieved
	RuleSet  *clusterscope.RuleSet // whose AtRiskShare judged it
}

var statusOrder = []clusterscope.MilestoneStatus{clusterscope.OnTrack, clusterscope.AtRisk, clusterscope.Behind, clusterscope.NoReport,
	clusterscope.NotDue}

// tracker judges target.Progress rows, one track per cluster and code, on
// the day the clusters' lives (by lifeKey) were judged: in year when it is
// one of the batch's stage years, else (year 0) in the latest stage year
// whose report was due by then (the first while none was), so that a batch
// is judged on one year. Only reports received by that day count: a year
// whose report is still in time is 未到期, past its due day 缺报. A cluster
// that does not owe the year's report (not yet recognised, or withdrawn
// before it was due) has no track; nor has one without a life (not
// recognised, or its batch without a list notice). Each track carries the
// reports' actuals of its batch's three years, whichever stage targets the
// plan gave. At 10,000 clusters there are some 100,000 rows: no maps per row.
type tracker struct {
	year   int
	lives  map[lifeID]*lifeRow
	setFor func(clusterscope.Cluster) *clusterscope.RuleSet
	sets   map[clusterscope.Cluster]*clusterscope.RuleSet // a set's scope names batches and regions, not clusters: one look-up per place
	used   map[*clusterscope.RuleSet]trackKey             // the sets that judged a track, with the first track of each
	cur    judging                                        // the row before's cluster: a cluster's rows come together
}

// trackKey is a track's place in the order target.Progress used to give
// its rows, by cluster, code and batch: the page's groups and rule sets
// keep the order of their first track in it.
type trackKey struct {
	id, code string
	batch    int
}

func (t *track) key() trackKey { return trackKey{t.ClusterID, t.Code, t.Batch} }

func (u trackKey) compare(v trackKey) int {
	return cmp.Or(strings.Compare(u.id, v.id), strings.Compare(u.code, v.code), cmp.Compare(u.batch, v.batch))
}

// first is the earlier of u and v; u is unset when !seen.
func (u trackKey) first(v trackKey, seen bool) trackKey {
	if !seen || v.compare(u) < 0 {
		return v
	}
	return u
}

// judging is what a cluster's tracks are judged on, the same for each of
// its codes: the year judged, and its reports on the batch's three years.
type judging struct {
	life     *lifeRow
	year     int  // judged
	stage    bool // the year is one of the batch's three
	check    clusterscope.ReportCheck
	owed     bool // the year's report
	received [3]bool
	set      *clusterscope.RuleSet // for the cluster's place; nil until asked
}

func newTracker(year int, lives map[lifeID]*lifeRow, setFor func(clusterscope.Cluster) *clusterscope.RuleSet) *tracker {
	return &tracker{year: year, lives: lives, setFor: setFor, sets: map[clusterscope.Cluster]*clusterscope.RuleSet{},
		used: map[*clusterscope.RuleSet]trackKey{}}
}

// judging is the row's cluster's; its life is nil when it has none.
func (k *tracker) judging(r queries.Progress) *judging {
	if j := &k.cur; j.life != nil && j.life.Batch == r.Batch && j.life.ID == r.ClusterID {
		return j
	}
	life := k.lives[lifeKey(r.Batch, r.ClusterID)]
	k.cur = judging{life: life}
	if life == nil {
		return &k.cur
	}
	j := &k.cur
	j.year, j.stage = judgedYear(life.Notice, life.Batch, life.Life.AsOf), true
	if k.year != 0 {
		j.year, j.stage = k.year, k.year >= life.Batch && k.year <= life.Batch+2
	}
	for i := range j.received {
		c, _ := checkOf(life, life.Batch+i)
		j.received[i] = c.Received != nil // not what was sent after the as-of day, or not owed
	}
	j.check, j.owed = checkOf(life, j.year)
	return j
}

// ruleSet is the set in force for the cluster's place.
func (k *tracker) ruleSet(j *judging) *clusterscope.RuleSet {
	if j.set == nil {
		place := clusterscope.Cluster{Batch: j.life.Batch, Province: j.life.Province, City: j.life.City}
		if k.sets[place] == nil {
			k.sets[place] = k.setFor(place)
		}
		j.set = k.sets[place]
	}
	return j.set
}

// usedSets are the rule sets that judged a track, in the order of the
// first track each judged (by cluster, code and batch), whatever order the
// rows came in.
func (k *tracker) usedSets() []*clusterscope.RuleSet {
	sets := slices.Collect(maps.Keys(k.used))
	slices.SortFunc(sets, func(a, b *clusterscope.RuleSet) int { return k.used[a].compare(k.used[b]) })
	return sets
}

// track is the row's track; false when it has none. Most rows' tracks
// are counted and dropped: only the caller's copy of one it keeps is made
// on the heap, which owns its actuals (own): the row's are the next
// row's.
func (k *tracker) track(r queries.Progress) (t track, ok bool) {
	j := k.judging(r)
	if j.life == nil {
		return t, false // not a recognised cluster in term
	}
	if !j.stage {
		return t, false // not a stage year of this batch
	}
	c := j.life.Cluster
	t = track{ClusterRef: queries.ClusterRef{ClusterID: c.ID, Batch: c.Batch, Name: c.Name, Province: c.Province, City: c.City,
		LeadingIndustry: c.LeadingIndustry, Recognised: c.Recognised}, Code: r.Code, Year: j.year}
	if r.Baseline != nil {
		t.Baseline = *r.Baseline
	}
	if t.Path, ok = clusterscope.MilestoneSteps(t.Baseline, r.Targets); !ok {
		return t, false // no path to judge against
	}
	for i, got := range j.received {
		if got {
			t.Actuals[i] = r.Actuals[i]
		}
	}
	if !j.owed {
		return t, false
	}
	if a := t.Actual(t.Year); a == nil {
		t.Status = clusterscope.MilestoneFor(j.check)
		return t, true
	}
	down := clusterscope.TargetFalls(t.Code, "", t.Baseline, t.Path[2])
	t.RuleSet = k.ruleSet(j)
	first, seen := k.used[t.RuleSet]
	k.used[t.RuleSet] = first.first(t.key(), seen)
	t.Status, t.Share = clusterscope.JudgeMilestone(t.Baseline, t.Target(t.Year), *t.Actual(t.Year), down, t.RuleSet.Settings.AtRiskShare)
	return t, true
}

// own gives the track its own actuals, apart from the row's it was made of.
func (t *track) own() {
	var a [3]float64
	for i, x := range t.Actuals {
		if x != nil {
			a[i] = *x
			t.Actuals[i] = &a[i]
		}
	}
}

// Target is the track's target of a year of the batch's three.
func (t *track) Target(year int) float64 { return t.Path[year-t.Batch] }

// checkOf is the life's check of the report on the year; false when the
// report is not owed.
func checkOf(life *lifeRow, year int) (clusterscope.ReportCheck, bool) {
	for _, c := range life.Reports {
		if c.Year == year {
			return c, true
		}
	}
	return clusterscope.ReportCheck{}, false
}

// Actual is the track's actual of the year, nil outside the batch's three
// or where no report received gives it.
func (t *track) Actual(year int) *float64 {
	if k := year - t.Batch; k >= 0 && k < len(t.Actuals) {
		return t.Actuals[k]
	}
	return nil
}

// judgedYear is the stage year a batch is judged on by default on the day
// asOf: the latest whose report was due by then, the first while none was.
func judgedYear(n *clusterscope.ListNotice, batch int, asOf time.Time) int {
	y := batch
	for k := batch + 1; k <= batch+2; k++ {
		if !n.DueDate(k).After(asOf) {
			y = k
		}
	}
	return y
}

// targetLabel is a target of part 八 by the form's own label; an
// applicant's own target by its code.
func targetLabel(l lang, code string) string {
	if t := clusterscope.DefaultCatalog().Target(code); t != nil {
		return t.Label
	}
	return tr(l, "自设：") + code
}

func (s *Server) buildMonitor(c echo.Context, scope clusterscope.Scope) (*view, error) {
	if err := params(c, append([]string{"code"}, filterParams...)...); err != nil {
		return nil, err
	}
	l := langOf(c)
	v := s.newView(l, "目标监测")
	code := c.QueryParam("code")
	if code == "" {
		code = "output_total"
	}
	cat := clusterscope.DefaultCatalog()
	if t := cat.Target(code); t == nil || t.Rule == clusterscope.RuleQualitative {
		return nil, errorf(l, clusterscope.EINVALID, "目标指标「%s」不是第八部分的数值目标", code)
	}
	sel, empty, err := s.selectInto(c, scope, v, true)
	if err != nil || empty {
		return v, err
	}
	judged := 0 // each cluster's latest due stage year
	if c.QueryParam("year") != "" {
		judged = sel.Year
	}
	years := []option{{"", tr(l, "最近一个已到期的阶段年")}}
	first, last := sel.years()
	for y := max(first, clusterscope.FirstBatch); y <= last; y++ {
		years = append(years, option{y, trf(l, "%d 年阶段目标", y)})
	}
	v.Filters["year"] = filter{map[bool]any{true: judged, false: ""}[judged != 0], years}
	var codes []option
	for _, t := range cat.Targets {
		if t.Rule != clusterscope.RuleQualitative {
			codes = append(codes, option{t.Code, withUnit(l, t.Label, t.Unit)})
		}
	}
	v.Filters["code"] = filter{code, codes}
	asOf, how := s.asOf(l)
	lives, missing, err := s.lives(c.Request().Context(), scope, sel.Filter, asOf)
	if err != nil {
		return nil, err
	}
	byKey := map[lifeID]*lifeRow{}
	for _, r := range lives {
		byKey[lifeKey(r.Batch, r.ID)] = r
	}
	f := sel.Filter
	f.Status = "" // the lives say which are recognised
	// the code's tracks are kept, the others' counted as they come
	judge := newTracker(judged, byKey, s.ruleSetFor)
	var mine []*track
	counted := map[string]*codeCount{}
	err = s.db.TargetProgress(c.Request().Context(), scope, f, func(r queries.Progress) error {
		t, ok := judge.track(r)
		if !ok {
			return nil
		}
		n, seen := counted[t.Code]
		if !seen {
			n = &codeCount{}
			counted[t.Code] = n
		}
		n.statuses[statusRank(t.Status)]++
		n.first = n.first.first(t.key(), seen)
		if t.Code == code {
			t.own()
			mine = append(mine, &t)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	byCode := countCodes(l, counted)
	// in the clusters' order, whatever the rows': the provinces are grouped in it
	slices.SortFunc(mine, func(a, b *track) int { return a.key().compare(b.key()) }) // one code: by cluster and batch
	v.Rule = milestoneRule(l, judge.usedSets())
	sub := v.subtitle(sel.Where(l))
	counts := map[clusterscope.MilestoneStatus]int{}
	for _, t := range mine {
		counts[t.Status]++
	}
	when := tr(l, "各集群最近一个已到期的阶段年")
	if judged != 0 {
		when = trf(l, "%d 年阶段目标", judged)
	}
	v.Summary = trf(l, "%s · %s · 按%s判定（判定日 %s）：达标 %d，有风险 %d，落后 %d，缺报 %d，未到期 %d", sel.Where(l), targetLabel(l, code), when,
		date(asOf), counts[clusterscope.OnTrack], counts[clusterscope.AtRisk], counts[clusterscope.Behind], counts[clusterscope.NoReport],
		counts[clusterscope.NotDue])
	byProvince := newCounter()
	for _, t := range mine {
		byProvince.add(t.Province, string(t.Status))
	}
	ch, err := statusBars(l, "by-province", targetLabel(l, code)+tr(l, "：各省份完成情况"), sub, byProvince)
	if err != nil {
		return nil, err
	}
	v.Charts = append(v.Charts, ch)
	if ch, err = statusBars(l, "by-indicator", tr(l, "各目标指标完成情况"), sub, byCode); err != nil {
		return nil, err
	}
	v.Charts = append(v.Charts, ch)
	slices.SortFunc(mine, worse) // a total order: no two tracks of a code tie
	if focus := focusTrack(mine, sel.Q); focus != nil {
		if ch, err = trackChart(l, focus, sub); err != nil {
			return nil, err
		}
		v.Charts = append(v.Charts, ch)
	}
	v.Tables = append(v.Tables, trackTable(l, mine, code, v.Summary))
	if err := s.addReports(c, scope, sel, v, lives, missing, asOf, how); err != nil {
		return nil, err
	}
	return v, nil
}

// worse orders tracks most behind first; missing reports after the judged.
func worse(a, b *track) int {
	return cmp.Or(cmp.Compare(statusRank(a.Status), statusRank(b.Status)), cmp.Compare(a.Share, b.Share),
		strings.Compare(a.ClusterID, b.ClusterID), cmp.Compare(a.Batch, b.Batch))
}

// codeCount is a target code's tracks by status (statusRank), and the
// first of them (by cluster, code and batch).
type codeCount struct {
	statuses [5]int
	first    trackKey
}

// countCodes counts the codes' statuses, each code a group by its label in
// the order of its first track: the rows come in any order.
func countCodes(l lang, codes map[string]*codeCount) *counter {
	order := slices.Collect(maps.Keys(codes))
	slices.SortFunc(order, func(a, b string) int { return codes[a].first.compare(codes[b].first) })
	c := newCounter()
	for _, code := range order {
		for _, st := range statusOrder {
			if n := codes[code].statuses[statusRank(st)]; n > 0 {
				c.addN(targetLabel(l, code), string(st), n)
			}
		}
	}
	return c
}

func statusRank(s clusterscope.MilestoneStatus) int {
	switch s {
	case clusterscope.Behind:
		return 0
	case clusterscope.AtRisk:
		return 1
	case clusterscope.NoReport:
		return 2
	case clusterscope.NotDue:
		return 4
	}
	return 3
}

// focusTrack is the cluster whose line is drawn: the searched one, or the
// one most behind.
func focusTrack(ts []*track, q string) *track {
	for _, t := range ts {
		if q != "" && matches(t.ClusterRef, q) {
			return t
		}
	}
	if len(ts) > 0 && q == "" {
		return ts[0]
	}
	return nil
}

var statusColors = map[clusterscope.MilestoneStatus]string{clusterscope.OnTrack: "#3ba272", clusterscope.AtRisk: "#fac858",
	clusterscope.Behind: "#ee6666", clusterscope.NoReport: "#9ca3af", clusterscope.NotDue: "#d1d5db"}

// statusBars stacks the statuses counted per group (province, indicator).
func statusBars(l lang, id, title, sub string, c *counter) (chart, error) {
	var series []stack
	for _, st := range statusOrder {
		series = append(series, c.stack(string(st), milestoneLabel(l, st), statusColors[st]))
	}
	return stackedBars(l, id, title, sub, c.groups, series)
}

// trackChart draws one cluster's target: the path from the baseline, the
// reported actuals (gaps where a report is missing), and the follow-up
// period shaded.
func trackChart(l lang, t *track, sub string) (chart, error) {
	title := trf(l, "%s：%s", clusterscope.ShortName(t.Name), targetLabel(l, t.Code))
	years := []string{fmt.Sprint(t.Batch - 1)}
	pathData := []opts.LineData{{Value: t.Baseline}}
	actual := []opts.LineData{{Value: t.Baseline}}
	for y := t.Batch; y <= t.Batch+2; y++ {
		years = append(years, fmt.Sprint(y))
		pathData = append(pathData, opts.LineData{Value: round2(t.Target(y))})
		actual = append(actual, opts.LineData{Value: gap(t.Actual(y))})
	}
	line := charts.NewLine()
	line.SetGlobalOptions(append(common(l, title, sub+" · "+milestoneLabel(l, t.Status)),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "60", Right: "30", Bottom: "60", Top: "80"}),
	)...)
	line.SetXAxis(years).
		AddSeries(tr(l, "目标路径（基准值→阶段目标）"), pathData, charts.WithLineStyleOpts(opts.LineStyle{Type: "dashed"}),
			charts.WithMarkAreaNameCoordItemOpts(opts.MarkAreaNameCoordItem{Name: tr(l, "跟踪期"),
				Coordinate0: []any{fmt.Sprint(t.Batch), "min"}, Coordinate1: []any{fmt.Sprint(t.Batch + 2), "max"}}),
			charts.WithMarkAreaStyleOpts(opts.MarkAreaStyle{ItemStyle: &opts.ItemStyle{Color: "rgba(29,78,216,0.06)"}})).
		AddSeries(tr(l, "实绩（跟踪报告）"), actual, charts.WithLineChartOpts(opts.LineChart{ConnectNulls: opts.Bool(false)}))
	line.Validate()
	return finish("track", title, line.JSON())
}

func trackTable(l lang, ts []*track, code, caption string) *table {
	t := &table{ID: "tracks", Caption: caption + tr(l, "（最落后的在前）"), Columns: []column{
		{Key: "name", Label: tr(l, "集群名称"), Link: "link"}, {Key: "province", Label: tr(l, "省份")}, {Key: "city", Label: tr(l, "市")},
		{Key: "batch", Label: tr(l, "批次")}, {Key: "year", Label: tr(l, "判定年份")}, {Key: "baseline", Label: tr(l, "基准值"), Numeric: true},
		{Key: "target", Label: tr(l, "阶段目标"), Numeric: true},
		{Key: "actual", Label: tr(l, "实绩"), Numeric: true}, {Key: "share", Label: tr(l, "完成计划变化（%）"), Numeric: true},
		{Key: "status", Label: tr(l, "状态")},
	}}
	b := newRowsBuilder(len(ts), "name", "link", "province", "city", "batch", "year", "baseline", "target", "actual", "share", "status")
	for _, tk := range ts {
		target, num := round2(tk.Target(tk.Year)), targetNumber(tk.Code)
		b.next()
		b.text("name", tk.Name)
		b.text("link", profileLink(tk.Batch, tk.ClusterID))
		b.text("province", tk.Province)
		b.text("city", tk.City)
		b.text("batch", strconv.Itoa(tk.Batch))
		b.text("year", strconv.Itoa(tk.Year))
		b.cell("baseline", num(&tk.Baseline))
		b.cell("target", num(&target))
		b.cell("actual", num(tk.Actual(tk.Year)))
		b.text("status", milestoneLabel(l, tk.Status))
		if tk.Status != clusterscope.NoReport && tk.Status != clusterscope.NotDue {
			share := round2(100 * tk.Share)
			b.num("share", &share)
		}
	}
	b.rows(t)
	return t
}

// milestoneRule states the monitoring rule with the band of each rule set
// that judged a track (the national default's when none did).
func milestoneRule(l lang, sets []*clusterscope.RuleSet) string {
	if len(sets) == 0 {
		sets = append(sets, warehouse.DefaultRuleSet())
	}
	out := say(l, clusterscope.MilestoneRule(sets[0].Settings.AtRiskShare))
	for _, rs := range sets {
		out += trf(l, "（%s%% 为本系统约定，由认定标准集 %s 设定）", pct(rs.Settings.AtRiskShare), rs.Ref())
	}
	return out
}
