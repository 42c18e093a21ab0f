package dashboard_test

import (
	"strings"
	"testing"
)

// chainText is a 200-character answer that three applications share.
const chainText = "集群绘制枸杞产业链图谱，梳理种植、加工、销售三个环节重点企业42家，建立招商项目库，近三年引进配套项目12个"

// checksRows: 中卫's NX-ZW-101 reports a leading-industry growth its own
// output and share do not give, and shares its 产业链 answer with 中卫's
// NX-ZW-102 and 银川's NX-YC-103.
var checksRows = strings.NewReplacer("TEXT", chainText).Replace(`
NX-ZW-101,2022,cluster_name,,中卫市甲中小企业特色产业集群（枸杞产业）
NX-ZW-101,2022,province,,宁夏回族自治区
NX-ZW-101,2022,city,,中卫市
NX-ZW-101,2022,output_total,2020,50
NX-ZW-101,2022,output_total,2021,55
NX-ZW-101,2022,leading_output_share,2020,80
NX-ZW-101,2022,leading_output_share,2021,80
NX-ZW-101,2022,leading_output_growth,2021,16
NX-ZW-101,2022,chain_cultivation_text,,TEXT
NX-ZW-102,2022,cluster_name,,中卫市乙中小企业特色产业集群（枸杞产业）
NX-ZW-102,2022,province,,宁夏回族自治区
NX-ZW-102,2022,city,,中卫市
NX-ZW-102,2022,chain_cultivation_text,,TEXT
NX-YC-103,2022,cluster_name,,银川市丙中小企业特色产业集群（枸杞产业）
NX-YC-103,2022,province,,宁夏回族自治区
NX-YC-103,2022,city,,银川市
NX-YC-103,2022,chain_cultivation_text,,TEXT`)

// TestChecksOnTheProfile: the profile shows an application's signals with
// the figures behind them, and states every check's threshold; a copied
// text is compared within what the user may see: the ministry is told of
// both other applications, 中卫's city only of its own, never of 银川's.
func TestChecksOnTheProfile(t *testing.T) {
	ts := newServer(t, checksRows)
	_, _, ministry := getAs(t, ts, "ministry", "/api/cluster?batch=2022&id=NX-ZW-101")
	_, _, city := getAs(t, ts, "zhongwei", "/api/cluster?batch=2022&id=NX-ZW-101")
	for _, want := range []string{
		"2021 年「集群主导产业产值增速」填报 16.00%，按集群总产值 × 主导产业产值占比计算为 10.00%，相差 6.00 个百分点",
		"相差超过 1 个百分点为提示，超过 5 个百分点为关注", // the threshold, stated
		"「集群产业链培育和招商情况」与「中卫市乙」",
	} {
		for who, body := range map[string][]byte{"ministry": ministry, "zhongwei": city} {
			if !strings.Contains(string(body), want) {
				t.Errorf("%s's profile lacks %q", who, want)
			}
		}
	}
	if !strings.Contains(string(ministry), "「中卫市乙」、「银川市丙」") {
		t.Error("the ministry is not told of both copies")
	}
	if strings.Contains(string(city), "银川") {
		t.Error("中卫's city is told of 银川's application")
	}
	// The desk shows them at 初审.
	_, _, desk := getAs(t, ts, "zhongwei", "/api/assess?batch=2022&status=")
	if !strings.Contains(string(desk), "CS01 关注：2021 年「集群主导产业产值增速」") {
		t.Error("the desk does not show the signal")
	}
}

// TestCopiesOnTheProfileMatchAsTheCheckDoes: the profile finds copies by
// letters and digits first, then keeps only what the check calls the same
// answer: white space and punctuation aside, but not a symbol such as ＋.
func TestCopiesOnTheProfileMatchAsTheCheckDoes(t *testing.T) {
	rows := strings.NewReplacer("TEXT", chainText).Replace(`
NX-ZW-201,2022,cluster_name,,中卫市甲中小企业特色产业集群（枸杞产业）
NX-ZW-201,2022,province,,宁夏回族自治区
NX-ZW-201,2022,city,,中卫市
NX-ZW-201,2022,chain_cultivation_text,,TEXT
NX-ZW-202,2022,cluster_name,,中卫市乙中小企业特色产业集群（枸杞产业）
NX-ZW-202,2022,province,,宁夏回族自治区
NX-ZW-202,2022,city,,中卫市
NX-ZW-202,2022,quality_brand_text,," TEXT。"
NX-ZW-203,2022,cluster_name,,中卫市丙中小企业特色产业集群（枸杞产业）
NX-ZW-203,2022,province,,宁夏回族自治区
NX-ZW-203,2022,city,,中卫市
NX-ZW-203,2022,chain_cultivation_text,,TEXT＋`)
	ts := newServer(t, rows)
	_, _, body := getAs(t, ts, "ministry", "/api/cluster?batch=2022&id=NX-ZW-201")
	if !strings.Contains(string(body), "「集群产业链培育和招商情况」与「中卫市乙」的申报表文字相同") {
		t.Error("the same answer with other spaces and punctuation, in another part, is not found")
	}
	if strings.Contains(string(body), "「中卫市丙」") { // named as a copy (the 集群 list names every cluster)
		t.Error("an answer with a symbol more is called the same")
	}
}
