package demo

// Names, places, dates and phone numbers of the cover page and part 一.

var surnames = []string{
	"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
	"何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "程", "曹", "袁",
	"邓", "许", "沈", "曾", "彭", "吕", "苏", "蒋", "蔡", "丁", "魏", "薛", "叶", "田", "任", "姜",
}

var givenNames = []string{
	"建国", "海燕", "志强", "丽娟", "文军", "晓东", "春梅", "宏伟", "玉兰", "国栋", "永红", "淑芳",
	"立新", "秀英", "俊杰", "雪梅", "学文", "佳怡", "子涵", "明辉", "红霞", "振华", "晓琳", "建军",
	"鹏", "磊", "静", "敏", "婷", "涛", "勇", "军", "伟", "芳", "洁", "斌",
}

var mobilePrefixes = []string{"139", "138", "135", "136", "150", "151", "158", "180", "186", "189", "133", "177", "199"}

var authoritySuffixes = []string{"工业和信息化局", "经济和信息化局", "科技和工业信息化局", "发展和改革局"}

var operatorSuffixes = []string{"产业园区管理委员会", "产业发展服务中心", "产业园运营管理有限公司", "产业集群发展促进中心"}

// naming builds the place (city and county as a name writes them) and the
// cluster name in the form's pattern 「…中小企业特色产业集群（XX产业）」.
func (g *gen) naming() {
	p := &g.p
	g.place = g.place[:0]
	switch {
	case p.county == ningdong:
		// A development zone is known by its own name, without the city.
	case p.county == p.city:
		// A city without districts (东莞市) is its own county-level unit.
	default:
		g.place = append(g.place, p.city...)
	}
	if p.county != p.city {
		g.place = append(g.place, p.county...)
	} else {
		g.place = append(g.place, p.city...)
	}
	g.name = append(g.name[:0], g.place...)
	g.name = append(g.name, p.ind.name...)
	g.name = append(g.name, "中小企业特色产业集群（"...)
	g.name = append(g.name, p.ind.name...)
	g.name = append(g.name, "产业）"...)
}

func (g *gen) authority() {
	if g.p.county == ningdong {
		g.s("宁东能源化工基地管理委员会经济发展局")
		return
	}
	g.s(g.p.county).s(pick(g, authoritySuffixes))
}

func (g *gen) operator() {
	g.s(g.p.county).s(g.p.ind.name).s(pick(g, operatorSuffixes))
}

func (g *gen) person(ix [2]int) {
	g.s(surnames[ix[0]]).s(givenNames[ix[1]])
}

// landline writes the area code and a 7 or 8 digit number: 0955-7012345.
func (g *gen) landline() {
	g.s(g.p.phone).s("-")
	if len(g.p.phone) == 3 {
		g.digits(8) // 010, 020 …: eight-digit numbers
		return
	}
	g.digits(7)
}

// operatorPhone is a mobile number (13909551234) or a landline.
func (g *gen) operatorPhone() {
	if g.chance(0.4) {
		g.landline()
		return
	}
	g.s(pick(g, mobilePrefixes))
	for range 8 {
		g.v = append(g.v, byte('0'+g.r.IntN(10)))
	}
}

// date writes year, month, day as 2012-05-18.
func (g *gen) date(d [3]int) {
	g.i(d[0]).s("-")
	if d[1] < 10 {
		g.s("0")
	}
	g.i(d[1]).s("-")
	if d[2] < 10 {
		g.s("0")
	}
	g.i(d[2])
}

// Platform levels of part 三, and name endings for each.
const (
	platNational = iota
	platProvincial
	platOther
)

var platformKinds = [3][]string{
	{"产品质量检验检测中心", "工程研究中心", "企业技术中心"},
	{"工程技术研究中心", "重点实验室", "企业技术中心", "制造业创新中心", "工业设计中心", "产业技术研究院", "检验检测中心", "中小企业公共服务示范平台"},
	{"产业创新服务综合体", "众创空间", "科技企业孵化器", "中试基地", "公共检测平台", "人才实训基地", "电子商务公共服务中心"},
}

// platformNames lists up to three platforms of the level and the total, or
// 无 for none.
func (g *gen) platformNames(level, n int) {
	if n == 0 {
		g.s("无")
		return
	}
	kinds := platformKinds[level]
	for k := range min(n, 3, len(kinds)) {
		if k > 0 {
			g.s("、")
		}
		switch level {
		case platNational:
			g.s("国家")
		case platProvincial:
			g.s(g.p.prov.short)
		default:
			g.b(g.place)
		}
		g.s(g.p.ind.name).s(kinds[(k+n)%len(kinds)])
	}
	if n > 3 {
		g.s("等").i(n).s("个")
	}
}
