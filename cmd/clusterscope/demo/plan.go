package demo

// problems are the form's 存在的问题, two of which each plan names.
var problems = []string{
	"龙头企业带动作用不强，产业链下游环节较为薄弱",
	"高层次人才和技能人才不足，研发投入强度与先进地区相比仍有差距",
	"中小企业融资难、融资贵问题仍较突出",
	"数字化转型基础薄弱，中小企业“不会转、不敢转”问题突出",
	"公共服务平台功能不够完善，服务中小企业的精准度有待提高",
	"区域品牌影响力不强，产品附加值偏低",
}

// planText writes part 八's plan (at most 3000 characters; this is about 700)
// in the order the form asks for, with the cluster's figures and targets.
func (g *gen) planText() {
	p := &g.p
	t := &p.targets
	b := p.batch
	g.s("一、集群基本情况。").b(g.name).s("位于").s(p.prov.name).b(g.place).s("，成立于").i(p.founded[0]).
		s("年，占地面积").f(p.area).s("平方公里。").i(b - 1).s("年集群总产值").f(p.out[2]).
		s("亿元，主导产业产值占比").f(p.leadShare[2]).s("%，拥有企业").i(p.ent[2]).s("家，其中中小企业").
		i(p.sme[2]).s("家、专精特新中小企业").i(p.srdi[2]).s("家、专精特新“小巨人”企业").i(p.giants[2]).
		s("家，主导产品包括").s(p.ind.products).s("。")
	g.s("二、发展成效。近三年主导产业产值年均增长").f(p.cagr).s("%，研发投入强度由").f(p.rdInt[0]).
		s("%提高到").f(p.rdInt[2]).s("%，企业上云比例达到").f(p.cloud).s("%，单位产值二氧化碳排放量由").
		f(p.co2Per[0]).s("吨/万元降至").f(p.co2Per[2]).s("吨/万元。")
	a := g.r.IntN(len(problems))
	c := (a + 1 + g.r.IntN(len(problems)-1)) % len(problems)
	g.s("三、存在的问题。一是").s(problems[a]).s("；二是").s(problems[c]).s("。")
	ch := &p.ind.chain
	g.s("四、总体思路。坚持以").s(p.ind.name).s("为主导，以专精特新为方向，推动").s(ch[0]).s("、").s(ch[1]).
		s("、").s(ch[2]).s("协同发展，提升集群核心竞争力和品牌影响力。")
	g.s("五、发展目标。到").i(b + 2).s("年，集群总产值达到").f(t[tOutput][3]).s("亿元（").i(b).s("年、").
		i(b + 1).s("年分别达到").f(t[tOutput][1]).s("亿元、").f(t[tOutput][2]).s("亿元），优质中小企业达到").
		i(int(t[tQuality][3])).s("家，研发经费投入达到").f(t[tRD][3]).s("亿元，有效发明专利达到").
		i(int(t[tPatents][3])).s("件，工业互联网普及率达到").f(t[tIIP][3]).s("%，二氧化碳排放量降至").
		f(t[tCO2][3]).s("万吨，单位工业产值能耗降至").f(t[tEnergy][3]).s("吨标准煤/万元。")
	g.s("六、重点任务。一是实施强链补链工程，引育").s(ch[1]).s("环节配套企业；二是实施创新能力提升工程，建设共性技术平台；" +
		"三是推进数字化转型，推广工业互联网平台应用；四是推进绿色低碳发展，实施节能降碳改造；" +
		"五是深化开放合作，拓展国际市场；六是提升治理和服务能力，完善公共服务体系。")
	g.s("七、保障措施。加强组织领导，落实专项资金，强化用地、人才、金融等要素保障，建立目标考核和动态监测机制。")
}

// qualitative writes a qualitative target of part 八 (open cooperation,
// governance), or a generic goal for a qualitative target added later.
func (g *gen) qualitative(code string) {
	p := &g.p
	switch code {
	case "open_cooperation_goal":
		g.s("到").i(p.batch + 2).s("年，主导产品出口额年均增长").i(8 + g.r.IntN(10)).s("%以上，新增境外分支机构").
			i(1 + g.r.IntN(5)).s("个，每年组织企业参加国际展会不少于").i(2 + g.r.IntN(6)).s("次。")
	case "governance_goal":
		g.s("到").i(p.batch + 2).s("年，建成").s(p.ind.name).s("产业公共服务平台").i(1 + g.r.IntN(3)).
			s("个，年服务中小企业不少于").i(200 + 50*g.r.IntN(30)).s("家次，健全公共服务效果考核和中小企业合法权益保护机制。")
	default:
		g.s("到").i(p.batch + 2).s("年，围绕").s(p.ind.name).s("产业形成可考核的阶段性成果。")
	}
}
