package clusterscope

import (
	"errors"
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
// for numbers, its value; the error has no label.
func ParseValue(k Kind, raw string) (string, *float64, error) {
	s := strings.TrimSpace(raw)
	switch k {
	case KindNumber, KindPercent, KindCount:
		v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
		if err != nil || s == "" {
			return "", nil, wrong("value.not_number", raw)
		}
		if v != v || v > 1e15 || v < -1e15 {
			return "", nil, wrong("value.out_of_range", raw)
		}
		if k == KindCount && (v < 0 || v != float64(int64(v))) {
			return "", nil, wrong("value.not_count", raw)
		}
		return strconv.FormatFloat(v, 'f', -1, 64), &v, nil
	case KindYesNo:
		if s == "是" || s == "否" {
			return s, nil, nil
		}
		return "", nil, wrong("value.yes_no", raw, "是", "否")
	case KindYesNoNA:
		switch s {
		case "是", "否", "不涉及":
			return s, nil, nil
		case "不适用":
			return "不涉及", nil, nil
		}
		return "", nil, wrong("value.yes_no_na", raw, "是", "否", "不涉及")
	case KindIndustryType:
		if s == "第一产业" || s == "第二产业" || s == "第三产业" {
			return s, nil, nil
		}
		return "", nil, wrong("value.industry_type", raw, "第一产业", "第二产业", "第三产业")
	case KindCheck:
		switch strings.ToLower(s) {
		case "true", "1", "是", "√", "✓":
			return "true", nil, nil
		case "false", "0", "否", "":
			return "false", nil, nil
		}
		return "", nil, wrong("value.not_check", raw)
	case KindDate:
		for _, p := range datePatterns {
			if t, err := time.Parse(p.in, s); err == nil && t.Year() >= 1949 && t.Year() <= 2100 {
				return t.Format(p.out), nil, nil
			}
		}
		return "", nil, wrong("value.not_date", raw)
	case KindPhone:
		if phonePattern.MatchString(s) {
			return s, nil, nil
		}
		return "", nil, wrong("value.not_phone", raw)
	case KindText, KindText200, KindText3000:
		if s == "" {
			return "", nil, wrong("value.empty_text", "无")
		}
		if max := k.MaxChars(); max > 0 {
			if n := utf8.RuneCountInString(s); n > max {
				return "", nil, wrong("value.too_long", n, max)
			}
		}
		return s, nil, nil
	}
	return "", nil, wrong("value.unknown_kind", k)
}

// FollowUpYears is how many years after the batch year follow-up actuals
// are accepted: three years of recognition plus the review year.
const FollowUpYears = 4

var ownTargetCode = regexp.MustCompile(`^[a-z][a-z0-9_]{0,47}$`)

// actualKinds types the target codes that are not form fields but are
// reported as actuals (e.g. rd_spend for 2023).
var actualKinds = map[string]Kind{
	"quality_smes":      KindCount,
	"invention_patents": KindCount,
	"rd_spend":          KindNumber,
	"co2_emissions":     KindNumber,
	"energy_per_output": KindNumber,
}

// NumericCodes are the codes whose values are numbers in an application or
// a follow-up report (targets aside): the numeric fields of fields.csv in
// their order, then the codes of targets.csv reported only as actuals. The
// query layer's wide table has a column for each. The slice is the
// catalog's own: not to be changed.
func (c *Catalog) NumericCodes() []string {
	if c.numericCodes != nil {
		return c.numericCodes
	}
	var out []string
	for _, f := range c.Fields {
		if f.Kind.Numeric() {
			out = append(out, f.Code)
		}
	}
	for _, t := range c.Targets {
		if _, ok := actualKinds[t.Code]; ok && c.Field(t.Code) == nil {
			out = append(out, t.Code)
		}
	}
	return out
}

// Whole reports whether the values of a field or target code are counts:
// whole numbers, shown without decimals.
func (c *Catalog) Whole(code string) bool {
	if f := c.Field(code); f != nil {
		return f.Kind == KindCount
	}
	return actualKinds[code] == KindCount
}

// EntryError is a row of the interchange format that cannot be taken; Label
// is the Chinese name of the field when it is known, Says what is wrong.
type EntryError struct {
	Label string
	Says  Message
}

// Error is the message's key and arguments, for a log: the reader of a
// problem is told Says in their language.
func (e *EntryError) Error() string { return fmt.Sprintf("%s %v", e.Says.Key, e.Says.Args) }

func wrong(key string, args ...any) *EntryError { return &EntryError{Says: M(key, args...)} }

// AsEntryError is the *EntryError of an error of Observe or ParseValue; any
// other error (they have none) is its text.
func AsEntryError(err error) *EntryError {
	var e *EntryError
	if errors.As(err, &e) {
		return e
	}
	return wrong("value.invalid", err.Error())
}

// Observe types one row of the interchange format (cluster_id, batch, field,
// year, value; year 0 when blank) by the catalog and tells whether it is part
// of the application, a target, or a follow-up actual.
func (c *Catalog) Observe(id string, batch int, field string, year int, raw string) (Observation, error) {
	o := Observation{ClusterID: id, Batch: batch, Field: field, Year: year}
	fail := func(label, key string, args ...any) (Observation, error) {
		return o, &EntryError{Label: label, Says: M(key, args...)}
	}
	if !ValidClusterID(id) {
		return fail("", "entry.bad_cluster_id", id)
	}
	if batch < FirstBatch || batch > LastBatch {
		return fail("", "entry.bad_batch", batch, FirstBatch, LastBatch)
	}
	base := batch - 1 // the form's "end of the year before the batch"
	if strings.HasPrefix(field, "target.") {
		return c.observeTarget(o, strings.TrimPrefix(field, "target."), raw)
	}
	f := c.Field(field)
	kind, isActual := actualKinds[field]
	if f == nil && !isActual {
		return fail("", "entry.unknown_field", field)
	}
	label := c.Label(field)
	if f != nil {
		kind = f.Kind
	}
	switch {
	case year >= batch && year <= batch+FollowUpYears:
		o.Report, o.AsOf = year, year
	case year > batch+FollowUpYears:
		return fail(label, "entry.beyond_follow_up", year, batch, batch+FollowUpYears)
	case f != nil && f.ReportOnly:
		return fail(label, "entry.report_only", batch, batch+FollowUpYears)
	case isActual && f == nil:
		return fail(label, "entry.actual_only", batch)
	case f.Yearly && year >= batch-3 && year <= base:
		o.AsOf = year
	case f.Yearly:
		return fail(label, "entry.history_year", batch-3, base, yearText(year))
	case year == 0 || year == base:
		o.AsOf = base
	default:
		return fail(label, "entry.single_year", base)
	}
	text, num, err := ParseValue(kind, raw)
	if err != nil {
		return o, &EntryError{Label: label, Says: AsEntryError(err).Says}
	}
	o.Text, o.Num = text, num
	return o, nil
}

func (c *Catalog) observeTarget(o Observation, code, raw string) (Observation, error) {
	fail := func(label, key string, args ...any) (Observation, error) {
		return o, &EntryError{Label: label, Says: M(key, args...)}
	}
	code, meta, hasMeta := strings.Cut(code, ":")
	t := c.Target(code)
	if t == nil && !ownTargetCode.MatchString(code) {
		return fail("", "entry.bad_target_code", code)
	}
	label := "目标：" + code
	if t != nil {
		label = "目标：" + t.Label
	}
	base := o.Batch - 1
	o.AsOf = o.Year
	if hasMeta {
		if o.Year != 0 {
			return fail(label, "entry.meta_year", meta)
		}
		switch meta {
		case "label", "unit":
			text, _, err := ParseValue(KindText, raw)
			if err != nil && meta == "label" {
				return fail(label, "entry.target_name", AsEntryError(err).Says)
			}
			o.Text = text
		case "direction":
			if v := TargetDirection(strings.TrimSpace(raw)); v != TargetUp && v != TargetDown {
				return fail(label, "entry.bad_direction", raw)
			}
			o.Text = strings.TrimSpace(raw)
		default:
			return fail(label, "entry.unknown_meta", meta)
		}
		return o, nil
	}
	if t != nil && t.Rule == RuleQualitative {
		if o.Year != 0 {
			return fail(label, "entry.qualitative_year")
		}
		text, _, err := ParseValue(KindText, raw)
		if err != nil {
			return o, &EntryError{Label: label, Says: AsEntryError(err).Says}
		}
		o.Text, o.AsOf = text, base+3
		return o, nil
	}
	if o.Year != base && (o.Year < o.Batch || o.Year > o.Batch+2) {
		return fail(label, "entry.target_year", base, o.Batch, o.Batch+2, yearText(o.Year))
	}
	text, num, err := ParseValue(KindNumber, raw)
	if err != nil {
		return o, &EntryError{Label: label, Says: AsEntryError(err).Says}
	}
	o.Text, o.Num = text, num
	return o, nil
}

func yearText(y int) any {
	if y == 0 {
		return M("entry.blank")
	}
	return fmt.Sprint(y)
}
