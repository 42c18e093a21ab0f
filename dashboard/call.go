package dashboard

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"clusterscope"
	"clusterscope/warehouse"
)

// callState is the calls in force, the embedded ones then the
// administrator's (re-read when their folder changes).
type callState struct {
	mu    sync.Mutex
	calls []*clusterscope.Call
	seen  time.Time // the calls folder's modification time when read
	read  bool
}

// refreshCalls re-reads the calls when their folder changed (or was never
// read).
func (s *Server) refreshCalls() error {
	var mod time.Time
	if st, err := os.Stat(filepath.Join(s.wh.Dir(), warehouse.CallDir)); err == nil {
		mod = st.ModTime()
	}
	cs := &s.callState
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if cs.read && mod.Equal(cs.seen) {
		return nil
	}
	calls, err := s.wh.AllCalls()
	if err != nil {
		return err
	}
	cs.calls, cs.seen, cs.read = calls, mod, true
	return nil
}

// calls are the calls in force now, and a stamp that changes with them.
func (s *Server) calls() ([]*clusterscope.Call, int64) {
	s.callState.mu.Lock()
	defer s.callState.mu.Unlock()
	return s.callState.calls, s.callState.seen.UnixNano()
}

// pickCall is the call a request asks for (call=ID or ID@version) when it
// covers the selection, else the call of the level the user recommends to:
// a 市级 user's province's own call when it has one, everyone else's the
// national call; nil when the batch has none. A call of another batch (the
// box kept from the last one) gives way to the batch's: the page says which
// call holds.
func pickCall(l lang, calls []*clusterscope.Call, ref string, batch int, province string, u clusterscope.Scope) (*clusterscope.Call, error) {
	if ref != "" {
		c := clusterscope.FindCall(calls, ref)
		if c == nil {
			return nil, errorf(l, clusterscope.EINVALID, "没有推荐通知「%s」", ref)
		}
		if c.Batch == batch && (c.Region == "" || c.Region == province) {
			return c, nil
		}
	}
	if u.City != "" {
		return clusterscope.SelectCall(calls, batch, u.Province), nil
	}
	return clusterscope.SelectCall(calls, batch, ""), nil
}

// callOptions are the calls a selection may be recommended under: the
// batch's national call and the own call of the province it lies in.
func callOptions(calls []*clusterscope.Call, batch int, province string) []option {
	var out []option
	seen := map[string]bool{}
	for i := len(calls) - 1; i >= 0; i-- { // the latest of an id
		c := calls[i]
		if c.Batch != batch || seen[c.ID] || c.Region != "" && c.Region != province {
			continue
		}
		seen[c.ID] = true
		out = append([]option{{c.ID, c.Name}}, out...)
	}
	return out
}

// capsText says the limits a recommendation kept: 每个省、自治区、直辖市至多 5
// 个、每个计划单列市至多 3 个…
func capsText(l lang, rec clusterscope.Recommendation) string {
	var parts []string
	for _, c := range rec.Caps {
		var p string
		switch c.Unit {
		case clusterscope.UnitCity:
			p = trf(l, "每市至多 %d 个", c.Max)
			if c.Min > 0 {
				p = trf(l, "每市推荐 %d–%d 个", c.Min, c.Max)
			}
		case clusterscope.UnitProvince:
			p = trf(l, "每个省、自治区、直辖市至多 %d 个", c.Max)
		case clusterscope.UnitPlanCity:
			p = trf(l, "每个计划单列市至多 %d 个", c.Max)
		case clusterscope.UnitCorps:
			p = trf(l, "新疆生产建设兵团至多 %d 个", c.Max)
		}
		if !c.Call {
			p += tr(l, "（本次设定，严于通知）")
		}
		parts = append(parts, p)
	}
	switch rec.OnePerSegment {
	case clusterscope.SegmentProvince:
		parts = append(parts, tr(l, "每个推荐单位每个细分领域 1 个"))
	case clusterscope.SegmentCity:
		parts = append(parts, tr(l, "每市每个细分领域 1 个"))
	}
	return strings.Join(parts, tr(l, "、"))
}

// callRule states the call the recommendation keeps and the rule set's
// conventions, for the page's rule text.
func callRule(l lang, call *clusterscope.Call, rec clusterscope.Recommendation, rs *clusterscope.RuleSet) string {
	out := ""
	if call == nil {
		out = tr(l, "本批次没有推荐通知，不作推荐；管理员可用 clusterscope call add 添加。")
	} else {
		doc := call.Issuer
		for _, s := range []string{call.Document, call.Dated} {
			if s != "" {
				doc += tr(l, "，") + s
			}
		}
		out = trf(l, "推荐依据：%s（%s）：%s。", call.Name, doc, capsText(l, rec))
		for _, lv := range clusterscope.Levels {
			if d, ok := call.Deadlines[lv]; ok {
				out += trf(l, "%s截止 %s（当日送达有效）。", tr(l, lv.Label()), d.Format(time.DateOnly))
			}
		}
		out += tr(l, "超出名额的推荐一律不予受理：推荐名单从不超出名额。")
		if rec.OnePerSegment != "" {
			out += tr(l, "细分领域按主导产业认定。")
		}
	}
	if rs != nil {
		out += trf(l, "发展目标“达到…左右”不低于目标值的 %s%% 仅作警告（本系统约定，由认定标准集 %s 设定）。",
			pct(rs.Settings.AboutShare), rs.Ref())
	}
	return out
}

// callsTable lists the calls in force for the administrator.
func callsTable(l lang, s *Server) *table {
	t := &table{ID: "calls", Caption: tr(l, "推荐通知（数据目录 calls/ 下的文件在内置通知之后，同 id 者以其为准）"), Columns: []column{
		{Key: "ref", Label: tr(l, "版本")}, {Key: "batch", Label: tr(l, "批次"), Numeric: true}, {Key: "name", Label: tr(l, "名称")},
		{Key: "document", Label: tr(l, "文号")}, {Key: "rule_set", Label: tr(l, "认定标准")}, {Key: "quotas", Label: tr(l, "名额")}}}
	calls, _ := s.calls()
	for _, c := range calls {
		rec := clusterscope.Recommendation{Caps: clusterscope.Caps(c, clusterscope.Limits{}), OnePerSegment: c.OnePerSegment}
		t.Rows = append(t.Rows, map[string]any{"ref": c.Ref(), "batch": float64(c.Batch), "name": c.Name,
			"document": c.Document, "rule_set": c.RuleSet, "quotas": capsText(l, rec)})
	}
	return t
}
