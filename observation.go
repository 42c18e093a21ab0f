package clusterscope

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Observation is one value of one cluster's data: a field of the
// application, a target, or an actual from a yearly follow-up report.
type Observation struct {
	ClusterID string
	Batch     int
	Field     string // as in the interchange format: "output_total", "target.rd_spend", "target.x:label"
	Year      int    // 0 when the row has no year
	AsOf      int    // the year the value describes (single-value fields: the year before the batch)
	Report    int    // 0 for the application; Y for the follow-up report on year Y
	Text      string // canonical text of the value
	Num       *float64
	Line      int // source line or row, for traceability
}

var clusterIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// ValidClusterID reports whether id is 1–64 characters of A-Z a-z 0-9 - _.
func ValidClusterID(id string) bool { return clusterIDPattern.MatchString(id) }

// Batches the programme has had or may have; a batch outside is a typo.
const (
	FirstBatch = 2022
	LastBatch  = 2035
)

var (
	phonePattern = regexp.MustCompile(`^\+?[0-9][0-9 ()\-]{5,22}[0-9]$`)
	// datePatterns keep the precision the user gave: a month stays a month.
	datePatterns = []struct{ in, out string }{
		{"2006-01-02", "2006-01-02"}, {"2006/1/2", "2006-01-02"}, {"2006年1月2日", "2006-01-02"},
		{"2006-01", "2006-01"}, {"2006/1", "2006-01"}, {"2006年1月", "2006-01"}, {"2006", "2006"}, {"2006年", "2006"},
	}
)

// ParseValue checks raw against the kind and returns its canonical text and,
// for numbers, its value. The error message is in Chinese, for the user.
func ParseValue(k Kind, raw string) (string, *float64, error) {
	s := strings.TrimSpace(raw)
	switch k {
	case KindNumber, KindPercent, KindCount:
		v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
		if err != nil || s == "" {
			return "", nil, fmt.Errorf("「%s」不是数字", raw)
		}
		if v != v || v > 1e15 || v < -1e15 {
			return "", nil, fmt.Errorf("「%s」超出数值范围", raw)
		}
		if k == KindCount && (v < 0 || v != float64(int64(v))) {
			return "", nil, fmt.Errorf("「%s」应为不小于 0 的整数", raw)
		}
		return strconv.FormatFloat(v, 'f', -1, 64), &v, nil
	case KindYesNo:
		if s == "是" || s == "否" {
			return s, nil, nil
		}
		return "", nil, fmt.Errorf("「%s」应为 是 或 否", raw)
	case KindYesNoNA:
		switch s {
		case "是", "否", "不涉及":
			return s, nil, nil
		case "不适用":
			return "不涉及", nil, nil
		}
		return "", nil, fmt.Errorf("「%s」应为 是、否 或 不涉及", raw)
	case KindIndustryType:
		if s == "第一产业" || s == "第二产业" || s == "第三产业" {
			return s, nil, nil
		}
		return "", nil, fmt.Errorf("「%s」应为 第一产业、第二产业 或 第三产业", raw)
	case KindCheck:
		switch strings.ToLower(s) {
		case "true", "1", "是", "√", "✓":
			return "true", nil, nil
		case "false", "0", "否", "":
			return "false", nil, nil
		}
		return "", nil, fmt.Errorf("「%s」应为 true 或 false（勾选与否）", raw)
	case KindDate:
		for _, p := range datePatterns {
			if t, err := time.Parse(p.in, s); err == nil && t.Year() >= 1949 && t.Year() <= 2100 {
				return t.Format(p.out), nil, nil
			}
		}
		return "", nil, fmt.Errorf("「%s」不是有效日期（如 2015-06-30）", raw)
	case KindPhone:
		if phonePattern.MatchString(s) {
			return s, nil, nil
		}
		return "", nil, fmt.Errorf("「%s」不像电话号码", raw)
	case KindText, KindText200, KindText3000:
		if s == "" {
			return "", nil, fmt.Errorf("不能为空（无相关情况时填写“无”）")
		}
		if max := k.MaxChars(); max > 0 {
			if n := utf8.RuneCountInString(s); n > max {
				return "", nil, fmt.Errorf("共 %d 字，超过 %d 字限制", n, max)
			}
		}
		return s, nil, nil
	}
	return "", nil, fmt.Errorf("未知类型 %s", k)
}
