package region

// Zone is a development zone that is not in GB/T 2260 but whose clusters
// report like a county, with the province and city a form writes for it.
type Zone struct {
	Name     string
	Province string
	City     string
	Note     string
}

// zones are the development zones outside the table, kept short on
// purpose: only zones whose city is beyond doubt. The table's own function
// zones (county codes xxxx7x: 苏州工业园区, 兰州新区, 郑州航空港经济综合实验区 …)
// are not repeated here.
var zones = []Zone{
	{Name: "宁东能源化工基地", Province: "宁夏回族自治区", City: "银川市",
		Note: "国家级能源化工基地，由宁东管委会管理；2022 年申报通知的收文单位之一"},
	{Name: "宁波杭州湾新区", Province: "浙江省", City: "宁波市",
		Note: "宁波市管理的开发区"},
}

// Zones returns the development zones outside GB/T 2260 that are accepted
// as a county. The slice is shared: callers must not modify it.
func Zones() []Zone { return zones }
