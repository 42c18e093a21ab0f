package demo

// The 200-character texts of parts 二–七. Each has a few variants and uses
// the cluster's own figures, so texts and numbers do not contradict each
// other. All stay well under 200 characters.

func (g *gen) chainText() {
	p := &g.p
	c := &p.ind.chain
	if g.chance(0.5) {
		g.s("集群绘制").s(p.ind.name).s("产业链图谱，梳理").s(c[0]).s("、").s(c[1]).s("、").s(c[2]).
			s("三个环节重点企业").i(10 + g.r.IntN(60)).s("家，建立招商项目库，近三年引进配套项目").
			i(5 + g.r.IntN(30)).s("个、协议投资").f1(g.uni(5, 80)).s("亿元，补链延链成效明显。")
		return
	}
	g.s("围绕").s(p.ind.name).s("产业“延链、补链、强链”，实行产业链链长制，").i(p.batch - 3).
		s("年以来新招引").s(c[1]).s("和").s(c[2]).s("项目").i(4 + g.r.IntN(25)).s("个，总投资").
		f1(g.uni(3, 60)).s("亿元，本地配套率提高到").f1(g.uni(35, 75)).s("%。")
}

func (g *gen) riskText() {
	p := &g.p
	if g.chance(0.5) {
		g.s("集群每年开展供应链风险评估，").s(p.ind.chain[0]).s("环节对外依存度约").f1(g.uni(15, 60)).
			s("%，已建立关键原材料储备和多元化采购机制，重点企业均制定断供应急预案。")
		return
	}
	g.s("联合第三方机构对").i(8 + g.r.IntN(30)).s("家重点企业开展供应链安全评估，识别").
		s(p.ind.chain[0]).s("等环节风险点").i(3 + g.r.IntN(10)).s("个，建立风险清单和定期监测机制，供应链总体稳定。")
}

func (g *gen) sharingText() {
	g.s("依托集群公共服务平台建设共享制造中心，整合通用设备").i(20 + g.r.IntN(300)).
		s("台（套）、仓储面积").f1(g.uni(0.5, 8)).s("万平方米，年服务中小企业").i(30 + g.r.IntN(400)).
		s("家次，设备平均利用率提高").i(5 + g.r.IntN(15)).s("个百分点。")
}

func (g *gen) collaborationText() {
	p := &g.p
	g.s("与区域内外").s(p.ind.name).s("龙头企业建立配套协作关系，").
		i(5 + g.r.IntN(40)).s("家中小企业进入龙头企业供应链；与国家新型工业化产业示范基地、先进制造业集群开展对接交流").
		i(2 + g.r.IntN(10)).s("次。")
}

func (g *gen) brandText() {
	p := &g.p
	if geoBrand(p.ind) {
		g.s("“").b(g.place).s(p.ind.name).s("”获得地理标志证明商标，建立区域公用品牌授权使用和运营机制，").
			i(10 + g.r.IntN(60)).s("家企业获准使用，品牌价值持续提升。")
		return
	}
	g.s("集群拥有省级以上知名品牌").i(3 + g.r.IntN(20)).s("个，").i(20 + g.r.IntN(150)).
		s("家企业通过质量管理体系认证，推广卓越绩效等先进质量管理模式，依托检验检测平台提供计量、测试、认证服务。")
}

// geoBrand tells whether an industry's brand is typically a 地理标志.
func geoBrand(ind *industry) bool {
	switch ind.name {
	case "枸杞", "葡萄酒", "茶叶", "白酒", "中药", "羊绒制品", "乳制品":
		return true
	}
	return ind.typ == "第一产业"
}

// universities are partners of 协同创新; 宁夏 clusters name local ones.
var (
	universities   = []string{"清华大学", "浙江大学", "华中科技大学", "西安交通大学", "哈尔滨工业大学", "四川大学", "中国科学院有关研究所", "省内重点高校"}
	nxUniversities = []string{"宁夏大学", "北方民族大学", "宁夏农林科学院", "宁夏理工学院"}
)

func (g *gen) innovationText() {
	p := &g.p
	u := universities
	if p.prov.abbr == "NX" {
		u = nxUniversities
	}
	g.s("集群与").s(pick(g, u)).s("等").i(3 + g.r.IntN(12)).s("所高校院所建立产学研合作，组建创新联合体").
		i(1 + g.r.IntN(4)).s("个，近三年实施关键共性技术攻关项目").i(5 + g.r.IntN(30)).s("项，突破").
		s(p.ind.chain[1]).s("关键技术").i(2 + g.r.IntN(12)).s("项。")
}

func (g *gen) digitalText() {
	p := &g.p
	g.s("集群企业上云比例达到").f(p.cloud).s("%，工业互联网平台应用普及率").f(p.iip).
		s("%；引入数字化服务商").i(2 + g.r.IntN(12)).s("家，为").i(20 + g.r.IntN(200)).
		s("家中小企业开展数字化诊断，建成数字化车间和智能工厂").i(1 + g.r.IntN(15)).s("个。")
}

func (g *gen) newModelsText() {
	p := &g.p
	g.s("建成").s(p.ind.name).s("行业工业互联网平台").i(1 + g.r.IntN(2)).s("个，").i(1 + g.r.IntN(8)).
		s("家企业入选省级以上智能制造或工业互联网试点示范，在").s(p.ind.chain[1]).
		s("环节推广网络化协同、个性化定制等新模式，生产效率平均提升").f1(g.uni(8, 30)).s("%。")
}

func (g *gen) carbonText() {
	g.s("建立集群碳排放监测平台，对").i(10 + g.r.IntN(50)).s("家重点用能企业开展碳排放核算；组织碳达峰碳中和政策宣讲和培训").
		i(3 + g.r.IntN(12)).s("场，推动企业实施节能降碳改造项目").i(5 + g.r.IntN(30)).s("个。")
}

func (g *gen) resourceText() {
	p := &g.p
	g.s("推进余热余压回收和水资源梯级循环利用，大宗工业固废综合利用率达到").f(p.solidWaste).
		s("%，工业用水重复利用率达到").f(p.waterReuse).s("%，近三年单位工业产值能耗累计下降").f(p.energyRed).s("%。")
}

func (g *gen) greenText() {
	g.s("引入绿色制造系统解决方案服务商").i(1 + g.r.IntN(6)).s("家，为中小企业提供节能诊断、清洁生产审核、碳足迹核算等服务").
		i(10 + g.r.IntN(120)).s("次，").i(1 + g.r.IntN(10)).s("家企业获评省级以上绿色工厂。")
}

var markets = []string{"东南亚", "中东", "中亚", "欧盟", "北美", "非洲", "拉美", "日韩"}

func (g *gen) intlText() {
	p := &g.p
	a, b := g.r.IntN(len(markets)), 1+g.r.IntN(len(markets)-1)
	g.s("集群产品出口").s(markets[a]).s("、").s(markets[(a+b)%len(markets)]).s("等").i(8 + g.r.IntN(60)).s("个国家和地区，")
	if p.abroad == 0 {
		g.s("暂无企业在境外设立分支机构，")
	} else {
		g.i(p.abroad).s("家企业在境外设立分支机构，")
	}
	g.s("近三年组织企业参加中国国际中小企业博览会等展会").i(3 + g.r.IntN(20)).s("次。")
}

func (g *gen) governanceText() {
	g.s("成立集群发展促进机构，建立政府、企业、行业协会共商共建共享机制；公共服务平台年服务中小企业").
		i(100 + g.r.IntN(2000)).s("家次，提供信息、培训、投融资等服务，设立中小企业维权服务站。")
}
