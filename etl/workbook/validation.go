package workbook

import (
	"fmt"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"clusterscope"
)

// validations collects the cells of one sheet by validation key, so that each
// rule is written once with all its cells.
type validations struct {
	fm    *form
	order []string
	refs  map[string]string
}

func newValidations(fm *form) *validations {
	return &validations{fm: fm, refs: map[string]string{}}
}

// add takes pairs of key and cell reference.
func (v *validations) add(pairs ...string) {
	for i := 0; i+1 < len(pairs); i += 2 {
		k, ref := pairs[i], pairs[i+1]
		if _, ok := v.refs[k]; !ok {
			v.order = append(v.order, k)
			v.refs[k] = ref
			continue
		}
		v.refs[k] += " " + ref
	}
}

// serial is the Excel serial number of a date.
func serial(y int) int {
	return int(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)
}

// rule returns the validation of a key, or nil for none.
func (v *validations) rule(key string) (*excelize.DataValidation, error) {
	dv := excelize.NewDataValidation(true)
	var err error
	list := func(items ...string) {
		err = dv.SetDropList(items)
		dv.SetError(excelize.DataValidationErrorStyleStop, "请从下拉列表选择", "请从下拉列表中选择："+strings.Join(items, "、"))
	}
	length := func(n int) {
		err = dv.SetRange(0, n, excelize.DataValidationTypeTextLength, excelize.DataValidationOperatorBetween)
		dv.SetInput("字数限制", fmt.Sprintf("%d字以内。无相关情况时填写“无”。", n))
		dv.SetError(excelize.DataValidationErrorStyleStop, "超过字数限制", fmt.Sprintf("不能超过%d字。", n))
	}
	number := func(t excelize.DataValidationType, lo float64, msg string) {
		err = dv.SetRange(lo, 1e15, t, excelize.DataValidationOperatorBetween)
		dv.SetError(excelize.DataValidationErrorStyleStop, "请填写数值", msg)
	}
	batch := v.fm.batch
	switch key {
	case string(clusterscope.KindYesNo):
		list("是", "否")
	case string(clusterscope.KindYesNoNA):
		list("是", "否", "不涉及")
	case string(clusterscope.KindIndustryType):
		list("第一产业", "第二产业", "第三产业")
	case string(clusterscope.KindCheck):
		list("是", "否")
		dv.SetInput("勾选项", "已开展（勾选）填“是”，未开展填“否”。勾选需提供佐证材料。")
	case string(clusterscope.KindText200):
		length(200)
	case string(clusterscope.KindText3000):
		length(3000)
	case string(clusterscope.KindNumber):
		number(excelize.DataValidationTypeDecimal, -1e15, "请填写数字，不带单位；数据有小数时保留小数点后2位。")
	case string(clusterscope.KindPercent):
		number(excelize.DataValidationTypeDecimal, -1e15, "请填写百分数的数值，如 12.5 表示 12.5%。")
		dv.SetInput("百分比", "填写数值，如 12.5 表示 12.5%；保留小数点后2位。")
	case string(clusterscope.KindCount), "own":
		if key == "own" {
			dv.SetInput("自定指标", "指标名称和单位，如：主导产品出口额、亿元。")
			break
		}
		number(excelize.DataValidationTypeWhole, 0, "请填写不小于 0 的整数。")
	case string(clusterscope.KindDate):
		err = dv.SetRange(serial(1949), serial(2101)-1, excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween)
		dv.SetInput("日期", "如 2015-06-30；只知年月的填 2015-06。")
	case string(clusterscope.KindPhone):
		dv.SetInput("电话", "如 0951-6363644 或 13912345678。")
	case codeClusterID:
		err = dv.SetRange(1, 64, excelize.DataValidationTypeTextLength, excelize.DataValidationOperatorBetween)
		dv.SetInput("集群编号", "系统分配或自定的集群编号：1–64 位字母、数字、- 或 _，各年度保持不变。")
	case codeBatch:
		err = dv.SetRange(batch, batch, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween)
		dv.SetError(excelize.DataValidationErrorStyleStop, "批次", fmt.Sprintf("本模板为%d年度批次；其他批次请下载对应模板。", batch))
	case codeReportYear:
		err = dv.SetRange(batch, batch+clusterscope.FollowUpYears, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween)
		dv.SetInput("报告年度", "填写所报告的年度（上一年度），如 2023。")
		dv.SetError(excelize.DataValidationErrorStyleStop, "报告年度", fmt.Sprintf("报告年度应为 %d–%d。", batch, batch+clusterscope.FollowUpYears))
	case "ownCode":
		dv.SetInput("指标代码", "自定的英文代码：小写字母开头，小写字母、数字和 _，如 export_value。")
	case "ownDir":
		list("越高越好", "越低越好")
	default:
		return nil, nil
	}
	return dv, err
}

// apply writes the validations to the sheet.
func (v *validations) apply(f *excelize.File, sheet string) error {
	for _, k := range v.order {
		dv, err := v.rule(k)
		if err != nil {
			return fmt.Errorf("validation %s: %w", k, err)
		}
		if dv == nil {
			continue
		}
		dv.SetSqref(v.refs[k])
		if err := f.AddDataValidation(sheet, dv); err != nil {
			return fmt.Errorf("validation %s: %w", k, err)
		}
	}
	return nil
}
