package demo

// industry is a leading industry (主导产业) with what the texts need to
// sound like it.
type industry struct {
	name     string     // as in 「…集群（枸杞产业）」
	typ      string     // 第一产业, 第二产业 or 第三产业
	energy   bool       // a high energy use industry (高耗能行业)
	water    bool       // a high water use industry (高用水行业)
	co2      [2]float64 // range of 单位产值二氧化碳排放量, t/万元
	chain    [3]string  // upstream, midstream, downstream
	products string
}

// industries are the leading industries of recognised clusters nationwide.
var industries = []industry{
	{"智能家电", "第二产业", false, false, [2]float64{0.38, 0.6}, [3]string{"核心零部件", "整机制造", "渠道与售后服务"}, "空调、冰箱、厨房小家电"},
	{"汽车零部件", "第二产业", false, false, [2]float64{0.4, 0.65}, [3]string{"铸锻件与材料", "总成与系统部件", "整车配套与售后"}, "制动系统、底盘件、车身件"},
	{"锂电池", "第二产业", false, false, [2]float64{0.4, 0.7}, [3]string{"正负极材料", "电芯与模组", "储能与动力应用"}, "动力电池、储能电池、电池材料"},
	{"光伏", "第二产业", true, false, [2]float64{0.3, 0.9}, [3]string{"多晶硅与硅片", "电池片与组件", "电站建设运维"}, "单晶硅片、光伏组件、逆变器"},
	{"电子元器件", "第二产业", false, false, [2]float64{0.36, 0.58}, [3]string{"电子材料", "元器件制造", "整机配套"}, "电容器、电感、连接器"},
	{"集成电路", "第二产业", false, true, [2]float64{0.4, 0.7}, [3]string{"设计与材料", "制造与封装测试", "终端应用"}, "封装测试、功率器件、芯片设计"},
	{"工业机器人", "第二产业", false, false, [2]float64{0.35, 0.55}, [3]string{"减速器与伺服电机", "本体制造", "系统集成"}, "工业机器人、协作机器人、自动化产线"},
	{"数控机床", "第二产业", false, false, [2]float64{0.38, 0.6}, [3]string{"铸件与功能部件", "整机制造", "维修服务"}, "数控车床、加工中心、刀具"},
	{"精密模具", "第二产业", false, false, [2]float64{0.38, 0.6}, [3]string{"模具钢材", "模具设计制造", "注塑与冲压应用"}, "注塑模具、冲压模具、压铸模具"},
	{"轴承", "第二产业", false, false, [2]float64{0.45, 0.75}, [3]string{"轴承钢与锻件", "套圈与滚动体加工", "主机配套"}, "精密轴承、汽车轴承、风电轴承"},
	{"五金工具", "第二产业", false, false, [2]float64{0.42, 0.7}, [3]string{"钢材与铸锻", "工具制造", "跨境电商"}, "手动工具、电动工具、锁具"},
	{"纺织服装", "第二产业", false, true, [2]float64{0.45, 0.8}, [3]string{"纺纱与面料", "服装制造", "品牌零售"}, "针织服装、功能面料、家纺"},
	{"家具", "第二产业", false, false, [2]float64{0.36, 0.55}, [3]string{"板材与五金", "定制家具制造", "家居卖场与出口"}, "实木家具、定制橱柜、办公家具"},
	{"陶瓷", "第二产业", true, false, [2]float64{0.6, 1.4}, [3]string{"原料与釉料", "烧成与加工", "品牌与流通"}, "建筑陶瓷、日用陶瓷、卫生洁具"},
	{"化工新材料", "第二产业", true, true, [2]float64{0.8, 2}, [3]string{"基础原料", "新材料合成", "改性与应用"}, "工程塑料、电子化学品、特种树脂"},
	{"精细化工", "第二产业", true, true, [2]float64{0.6, 1.8}, [3]string{"基础化工原料", "中间体合成", "制剂与应用"}, "染料中间体、农药中间体、涂料"},
	{"生物医药", "第二产业", false, true, [2]float64{0.38, 0.65}, [3]string{"原料药", "制剂生产", "流通与服务"}, "原料药、化学制剂、生物制品"},
	{"医疗器械", "第二产业", false, false, [2]float64{0.34, 0.52}, [3]string{"材料与零部件", "器械制造", "临床应用与服务"}, "医用耗材、影像设备、康复器械"},
	{"中药", "第二产业", false, false, [2]float64{0.36, 0.6}, [3]string{"中药材种植", "饮片与提取", "中成药与大健康"}, "中药饮片、提取物、中成药"},
	{"食品加工", "第二产业", false, true, [2]float64{0.4, 0.7}, [3]string{"原料基地", "精深加工", "冷链与品牌营销"}, "休闲食品、调味品、预制菜"},
	{"白酒", "第二产业", false, true, [2]float64{0.2, 0.5}, [3]string{"酿酒原粮", "酿造与储存", "品牌营销"}, "浓香型白酒、酱香型白酒"},
	{"茶叶", "第一产业", false, false, [2]float64{0.35, 0.55}, [3]string{"茶园基地", "精制加工", "品牌营销与茶旅"}, "绿茶、红茶、茶饮料"},
	{"稀土功能材料", "第二产业", true, false, [2]float64{0.5, 1.2}, [3]string{"稀土分离冶炼", "功能材料制备", "永磁电机应用"}, "钕铁硼永磁、稀土抛光粉"},
	{"铝精深加工", "第二产业", true, false, [2]float64{0.8, 2.2}, [3]string{"电解铝与再生铝", "型材与板带箔", "汽车与建筑应用"}, "铝型材、铝板带、铝箔"},
	{"铜基新材料", "第二产业", true, false, [2]float64{0.4, 1}, [3]string{"铜冶炼", "铜材加工", "电子电气应用"}, "铜箔、铜合金线材、铜管"},
	{"不锈钢制品", "第二产业", true, false, [2]float64{0.4, 1.1}, [3]string{"不锈钢冶炼", "精密加工", "厨具与五金应用"}, "不锈钢厨具、餐具、管件"},
	{"碳纤维及复合材料", "第二产业", true, false, [2]float64{0.5, 1.3}, [3]string{"原丝", "碳化与复材成型", "航空与体育应用"}, "碳纤维、预浸料、复合材料制品"},
	{"电线电缆", "第二产业", false, false, [2]float64{0.4, 0.7}, [3]string{"铜铝导体", "线缆制造", "电网与新能源应用"}, "电力电缆、特种电缆、光缆"},
	{"仪器仪表", "第二产业", false, false, [2]float64{0.34, 0.52}, [3]string{"传感器件", "仪表制造", "检测服务"}, "流量仪表、分析仪器、传感器"},
	{"阀门", "第二产业", false, false, [2]float64{0.45, 0.75}, [3]string{"铸锻件", "阀门制造", "石化与水务应用"}, "工业阀门、水暖阀门、控制阀"},
	{"农机装备", "第二产业", false, false, [2]float64{0.4, 0.7}, [3]string{"零部件", "整机制造", "农机服务"}, "拖拉机、收获机械、植保机械"},
	{"船舶配套", "第二产业", false, false, [2]float64{0.45, 0.8}, [3]string{"钢材与舾装件", "配套设备制造", "修造船应用"}, "船用发动机零部件、甲板机械、舾装件"},
	{"智能传感器", "第二产业", false, false, [2]float64{0.34, 0.5}, [3]string{"敏感材料", "芯片与封装", "物联网应用"}, "MEMS传感器、气体传感器、压力传感器"},
	{"软件和信息技术服务", "第三产业", false, false, [2]float64{0.31, 0.44}, [3]string{"基础软件", "行业应用软件", "数字化服务"}, "工业软件、行业解决方案、信息系统集成"},
	{"竹木制品", "第二产业", false, false, [2]float64{0.35, 0.55}, [3]string{"竹木资源", "加工制造", "家居与日用应用"}, "竹地板、竹家具、日用竹制品"},
	{"眼镜", "第二产业", false, false, [2]float64{0.33, 0.5}, [3]string{"镜片材料", "镜架与镜片制造", "品牌零售"}, "光学镜片、眼镜架、太阳镜"},
	{"袜业", "第二产业", false, true, [2]float64{0.38, 0.6}, [3]string{"纱线", "织造与定型", "电商与外贸"}, "棉袜、功能袜、丝袜"},
}

// nxIndustries are the leading industries of the 宁夏 candidates.
var nxIndustries = []industry{
	{"枸杞", "第二产业", false, false, [2]float64{0.35, 0.55}, [3]string{"良种繁育与基地种植", "干果与精深加工", "品牌营销"}, "枸杞干果、枸杞原浆、枸杞籽油"},
	{"葡萄酒", "第二产业", false, true, [2]float64{0.38, 0.6}, [3]string{"酿酒葡萄种植", "葡萄酒酿造", "酒庄旅游与营销"}, "干红葡萄酒、干白葡萄酒、起泡酒"},
	{"滩羊", "第一产业", false, false, [2]float64{0.45, 0.75}, [3]string{"种羊繁育", "屠宰与精深加工", "冷链销售"}, "滩羊肉、羊肉制品、滩羊皮制品"},
	{"新材料", "第二产业", true, false, [2]float64{0.6, 1.5}, [3]string{"稀有金属冶炼", "材料加工", "电子与航空应用"}, "钽铌铍制品、电容器级钽粉、碳基材料"},
	{"光伏", "第二产业", true, false, [2]float64{0.3, 0.9}, [3]string{"多晶硅与硅片", "电池片与组件", "电站建设运维"}, "单晶硅片、光伏组件、逆变器"},
	{"煤化工", "第二产业", true, true, [2]float64{2.5, 6}, [3]string{"煤炭与煤制气", "煤制油与煤制烯烃", "精细化工与新材料"}, "煤制油品、聚烯烃、精细化学品"},
	{"马铃薯", "第一产业", false, false, [2]float64{0.35, 0.55}, [3]string{"脱毒种薯繁育", "淀粉及主食加工", "冷链营销"}, "脱毒种薯、马铃薯淀粉、冷冻薯条"},
	{"冷凉蔬菜", "第一产业", false, false, [2]float64{0.34, 0.52}, [3]string{"集约化育苗", "种植与分拣加工", "冷链物流"}, "西芹、娃娃菜、西兰花"},
	{"铝镁合金", "第二产业", true, false, [2]float64{1, 2.4}, [3]string{"电解铝与金属镁", "铝镁合金加工", "汽车轻量化应用"}, "铝镁合金锭、轻量化结构件"},
	{"电子材料", "第二产业", true, false, [2]float64{0.3, 0.8}, [3]string{"半导体硅材料", "单晶硅棒与硅片", "电子器件应用"}, "单晶硅棒、半导体硅片、电子级多晶硅"},
	{"云计算", "第三产业", false, false, [2]float64{0.2, 0.5}, [3]string{"数据中心基础设施", "云计算与算力服务", "数据应用"}, "数据中心托管、算力服务、灾备服务"},
	{"羊绒制品", "第二产业", false, true, [2]float64{0.2, 0.5}, [3]string{"原绒收购与分梳", "纺纱与织造", "品牌服饰"}, "无毛绒、羊绒纱线、羊绒衫"},
	{"乳制品", "第二产业", false, true, [2]float64{0.45, 0.75}, [3]string{"奶源基地", "乳品加工", "冷链与品牌营销"}, "液态奶、奶粉、奶酪"},
	{"肉牛", "第一产业", false, false, [2]float64{0.5, 0.8}, [3]string{"母牛繁育", "屠宰与精深加工", "冷链营销"}, "冷鲜牛肉、牛肉制品"},
	{"装备制造", "第二产业", false, false, [2]float64{0.45, 0.8}, [3]string{"铸件与关键部件", "整机制造", "维修与再制造服务"}, "矿山机械、数控机床、高端铸件"},
}

// nxIndustry returns the 宁夏 industry with the name.
func nxIndustry(name string) *industry {
	for i := range nxIndustries {
		if nxIndustries[i].name == name {
			return &nxIndustries[i]
		}
	}
	panic("demo: unknown 宁夏 industry " + name)
}

// ningdong is 宁东能源化工基地: a development zone reporting like a county,
// not an administrative division (not in GB/T 2260). Its 管委会 received the
// 2022 notice itself; its clusters are written as 宁夏回族自治区 / 银川市 /
// 宁东能源化工基地.
const ningdong = "宁东能源化工基地"

// candidateSlot is one 宁夏 2022 candidate of the default set.
type candidateSlot struct {
	abbr     string // city part of the id: NX-ZW-001
	city     string
	county   string
	industry string
	phone    string // the city's area code
	bigArea  bool   // above 100 km²: a warning, not a refusal
	edge     edge   // a value exactly on a bound that still passes
}

// edge is a value exactly on a recognition bound that passes (以上 includes it).
type edge uint8

const (
	edgeNone     edge = iota
	edgeOutput40      // output_total exactly 40.00 in the first year
	edgeSME70         // sme_output_share exactly 70.00
)

// nxSlots are the default 15 candidates over the 宁夏 cities and 宁东;
// every third candidate fails a criterion (see failOrder).
var nxSlots = []candidateSlot{
	{"ZW", "中卫市", "沙坡头区", "枸杞", "0955", false, edgeNone},
	{"YC", "银川市", "永宁县", "葡萄酒", "0951", false, edgeNone},
	{"GY", "固原市", "西吉县", "马铃薯", "0954", false, edgeNone},
	{"WZ", "吴忠市", "盐池县", "滩羊", "0953", false, edgeSME70},
	{"ND", "银川市", ningdong, "煤化工", "0951", false, edgeNone},
	{"SZS", "石嘴山市", "惠农区", "装备制造", "0952", false, edgeNone},
	{"YC", "银川市", "西夏区", "电子材料", "0951", false, edgeNone},
	{"WZ", "吴忠市", "青铜峡市", "铝镁合金", "0953", false, edgeOutput40},
	{"ZW", "中卫市", "沙坡头区", "云计算", "0955", false, edgeNone},
	{"SZS", "石嘴山市", "大武口区", "新材料", "0952", false, edgeNone},
	{"YC", "银川市", "灵武市", "羊绒制品", "0951", false, edgeNone},
	{"GY", "固原市", "原州区", "冷凉蔬菜", "0954", false, edgeNone},
	{"WZ", "吴忠市", "利通区", "乳制品", "0953", false, edgeNone},
	{"ND", "银川市", ningdong, "光伏", "0951", false, edgeNone},
	{"ZW", "中卫市", "海原县", "肉牛", "0955", true, edgeNone},
}
