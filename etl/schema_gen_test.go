package etl

import (
	"bytes"
	"encoding/json"
	"strconv"

	"clusterscope"
)

// yearPattern is a four-digit year as an object key.
const yearPattern = "^[0-9]{4}$"

// generateSchema builds application.schema.json from the catalog.
func generateSchema(cat *clusterscope.Catalog) ([]byte, error) {
	s := &jobj{}
	s.set("$schema", "https://json-schema.org/draft/2020-12/schema")
	s.set("$id", "urn:clusterscope:application:v1")
	s.set("title", "中小企业特色产业集群申报表或跟踪报告（clusterscope JSON）")
	s.set("description", "一个文件一份文档：一个集群（cluster_id）一个批次（batch）的申报表（fields、targets、own_targets），"+
		"或其年度跟踪报告（actuals）。代码与 fields.csv、targets.csv 相同。数字保留至多两位小数（填报说明 2）；"+
		"按年份填写的字段以四位年份为键：申报表为批次前三年（2022 年批次为 2019–2021），目标为基准年（批次前一年）与批次起三年，"+
		"实际值为批次年及以后。年份范围、比例与增速的区分、必填项与地区等跨字段规则由 clusterscope 的校验负责，本模式只描述形状与类型。"+
		"由 etl 包的测试从目录生成：go test ./etl -run TestSchema -update。")
	s.set("type", "object")
	s.set("required", []string{"cluster_id", "batch"})
	s.set("additionalProperties", false)
	props := s.child("properties")
	props.set("$schema", obj("type", "string"))
	props.set("cluster_id", obj("description", "集群编号：提交方为集群确定的稳定编号", "type", "string", "pattern", "^[A-Za-z0-9_-]{1,64}$"))
	props.set("batch", obj("description", "申报批次（年份）", "type", "integer",
		"minimum", num(clusterscope.FirstBatch), "maximum", num(clusterscope.LastBatch)))

	fields := props.child("fields")
	fields.set("description", "申报表各部分（一至七、规划、声明）的字段；有“年份”的字段为按年份的对象")
	fields.set("type", "object")
	fp := fields.child("properties")
	var required []string
	for _, f := range cat.Fields {
		desc := f.Label
		if f.Unit != "" {
			desc += "（" + f.Unit + "）"
		}
		if f.Yearly {
			fp.set(f.Code, obj("description", desc+"；近三年每年一个值", "$ref", "#/$defs/years_"+kindDef(f)))
		} else {
			fp.set(f.Code, obj("description", desc, "$ref", "#/$defs/"+kindDef(f)))
		}
		if f.Required {
			required = append(required, f.Code)
		}
	}
	fields.set("required", required)
	fields.set("additionalProperties", false)

	targets := props.child("targets")
	targets.set("description", "第八部分的目标表（targets.csv）：数值目标为按年份的对象（基准年与三个目标年），定性目标为文字")
	targets.set("type", "object")
	tp := targets.child("properties")
	var catalogTargets []string
	for _, t := range cat.Targets {
		catalogTargets = append(catalogTargets, t.Code)
		desc := t.Label
		if t.Unit != "" {
			desc += "（" + t.Unit + "）"
		}
		if t.RuleText != "" {
			desc += "；" + t.RuleText
		}
		if t.Rule == clusterscope.RuleQualitative {
			tp.set(t.Code, obj("description", desc, "$ref", "#/$defs/text"))
		} else {
			tp.set(t.Code, obj("description", desc, "$ref", "#/$defs/target_values"))
		}
	}
	targets.set("additionalProperties", false)

	own := props.child("own_targets")
	own.set("description", "集群自行增加的考核指标，以其代码为键（小写字母、数字和 _，不与 targets.csv 重复）")
	own.set("type", "object")
	own.set("propertyNames", obj("pattern", "^[a-z][a-z0-9_]{0,47}$", "not", obj("enum", catalogTargets)))
	own.set("additionalProperties", obj("$ref", "#/$defs/own_target"))

	actuals := props.child("actuals")
	actuals.set("description", "年度跟踪报告：以年份（批次年及以后）为键，值为该年各指标的实际值")
	actuals.set("type", "object")
	actuals.set("propertyNames", obj("pattern", yearPattern))
	actuals.set("additionalProperties", obj("$ref", "#/$defs/actual_year"))

	defs := s.child("$defs")
	for _, d := range kindDefs {
		defs.set(d.name, d.schema)
	}
	for _, d := range kindDefs {
		defs.set("years_"+d.name, obj("type", "object", "propertyNames", obj("pattern", yearPattern),
			"minProperties", num(1), "additionalProperties", obj("$ref", "#/$defs/"+d.name)))
	}
	defs.set("target_values", obj("description", "基准年（批次前一年）与批次起三年的目标值", "type", "object",
		"propertyNames", obj("pattern", yearPattern), "minProperties", num(1),
		"additionalProperties", obj("$ref", "#/$defs/number")))
	ot := obj("type", "object", "required", []string{"label", "values"}, "additionalProperties", false)
	otp := ot.child("properties")
	otp.set("label", obj("description", "指标名称", "$ref", "#/$defs/text"))
	otp.set("unit", obj("description", "单位", "type", "string"))
	otp.set("direction", obj("description", "up：越高越好；down：越低越好（缺省时由数值走向判断）", "enum", []string{"up", "down"}))
	otp.set("values", obj("$ref", "#/$defs/target_values"))
	defs.set("own_target", ot)
	ay := obj("type", "object", "minProperties", num(1), "additionalProperties", false)
	ap := ay.child("properties")
	for _, f := range append(cat.Fields, cat.Report...) { // the report's own fields too
		ap.set(f.Code, obj("description", f.Label, "$ref", "#/$defs/"+kindDef(f)))
	}
	for _, t := range cat.Targets {
		if cat.Field(t.Code) == nil && t.Rule != clusterscope.RuleQualitative {
			d := "number"
			if t.Unit == "个" || t.Unit == "件" {
				d = "count"
			}
			ap.set(t.Code, obj("description", t.Label+"（"+t.Unit+"）", "$ref", "#/$defs/"+d))
		}
	}
	defs.set("actual_year", ay)

	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// kindDef names the $defs entry of a field's values.
func kindDef(f clusterscope.Field) string {
	switch {
	case f.Growth:
		return "rate"
	case f.Kind == clusterscope.KindPercent:
		return "share"
	}
	return string(f.Kind)
}

var kindDefs = []struct {
	name   string
	schema *jobj
}{
	{"text", obj("description", "文字，不能为空（无相关情况时填写“无”）", "type", "string", "pattern", `\S`)},
	{"text200", obj("description", "文字，至多 200 字", "type", "string", "pattern", `\S`, "maxLength", num(200))},
	{"text3000", obj("description", "文字，至多 3000 字", "type", "string", "pattern", `\S`, "maxLength", num(3000))},
	{"number", obj("description", "数字，至多两位小数", "type", "number")},
	{"share", obj("description", "比例（%），0–100，至多两位小数", "type", "number", "minimum", num(0), "maximum", num(100))},
	{"rate", obj("description", "增速或增长率（%），可为负数或大于 100，至多两位小数", "type", "number")},
	{"count", obj("description", "个数，不小于 0 的整数", "type", "integer", "minimum", num(0))},
	{"yesno", obj("enum", []string{"是", "否"})},
	{"yesno_na", obj("description", "不适用 读作 不涉及", "enum", []string{"是", "否", "不涉及", "不适用"})},
	{"industry_type", obj("enum", []string{"第一产业", "第二产业", "第三产业"})},
	{"check", obj("description", "勾选：true 或 false", "type", "boolean")},
	{"date", obj("description", "日期：2015-06-30、2015/6/30、2015年6月30日，或只到月、年", "type", "string",
		"pattern", `^\s*[0-9]{4}(年|年[0-9]{1,2}月|年[0-9]{1,2}月[0-9]{1,2}日|-[0-9]{2}|-[0-9]{2}-[0-9]{2}|/[0-9]{1,2}|/[0-9]{1,2}/[0-9]{1,2})?\s*$`)},
	{"phone", obj("description", "电话：区号-号码或手机号", "type", "string", "pattern", `^\s*\+?[0-9][0-9 ()\-]{5,22}[0-9]\s*$`)},
}

// obj builds an ordered object from key, value pairs.
func obj(kv ...any) *jobj {
	o := &jobj{}
	for i := 0; i+1 < len(kv); i += 2 {
		o.set(kv[i].(string), kv[i+1])
	}
	return o
}

func num(n int) json.Number { return json.Number(strconv.Itoa(n)) }
