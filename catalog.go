// Package clusterscope holds the domain of the national SME characteristic
// industrial cluster programme (中小企业特色产业集群): the form's field catalog,
// clusters, observations, targets and the error kinds shared by every layer.
// It imports no infrastructure.
package clusterscope

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// The project's own copies of the spec's fields.csv and targets.csv; codes
// are kept identical so data moves between installations unchanged.
var (
	//go:embed fields.csv
	fieldsCSV string
	//go:embed targets.csv
	targetsCSV string
)

// Kind is how a field's value is written and checked (fields.csv "kind").
type Kind string

// The kinds of fields.csv.
const (
	KindText         Kind = "text"
	KindText200      Kind = "text200"
	KindText3000     Kind = "text3000"
	KindNumber       Kind = "number"
	KindPercent      Kind = "percent"
	KindCount        Kind = "count"
	KindYesNo        Kind = "yesno"
	KindYesNoNA      Kind = "yesno_na"
	KindIndustryType Kind = "industry_type"
	KindCheck        Kind = "check"
	KindDate         Kind = "date"
	KindPhone        Kind = "phone"
)

// Numeric reports whether values of the kind are numbers.
func (k Kind) Numeric() bool {
	return k == KindNumber || k == KindPercent || k == KindCount
}

// MaxChars is the length limit of a text kind in characters (not bytes), or 0.
func (k Kind) MaxChars() int {
	switch k {
	case KindText200:
		return 200
	case KindText3000:
		return 3000
	}
	return 0
}

// Field is one field of the 申报表.
type Field struct {
	Code     string
	Section  int // 0 cover, 1–7 parts 一–七, 8 plan, 9 declaration
	Label    string
	Kind     Kind
	Unit     string
	Yearly   bool // one value for each of the three years before the batch
	Required bool
	Growth   bool // a growth rate: a percent that may be negative or above 100
	// ReportOnly is a field of the yearly report alone (see reportfields.go).
	ReportOnly bool
}

// growthRates are the percent fields that are rates of change, not shares.
// The spec's fields.csv has no such column and its copy must stay
// identical, so the catalog keeps it here; TestGrowthRates checks the codes.
var growthRates = map[string]bool{
	"leading_output_growth": true, "leading_output_cagr_3y": true, "rd_growth": true,
	"invention_patent_growth": true, "export_growth": true, "fdi_growth": true,
}

// Target is one row of part 八's target table with its rule (备注 a–g).
type Target struct {
	Code      string
	Direction string // the form's 方向: 主导产业, 创新, …
	Label     string
	Unit      string
	Rule      RuleKind
	Threshold float64
	RuleText  string // e.g. "a. 产值年均增速不低于10%"
}

// Catalog is the field and target catalog of the form.
type Catalog struct {
	Fields  []Field
	Report  []Field // the yearly report's own fields, not the application's
	Targets []Target
	fields  map[string]*Field
	targets map[string]*Target
	numeric map[string]int // a code's place in NumericCodes

	numericCodes []string
}

// Field returns the field with the code, or nil.
func (c *Catalog) Field(code string) *Field { return c.fields[code] }

// Target returns the catalog target with the code, or nil.
func (c *Catalog) Target(code string) *Target { return c.targets[code] }

// Label returns the Chinese label of a field or target code, or the code.
func (c *Catalog) Label(code string) string {
	if f := c.fields[code]; f != nil {
		return f.Label
	}
	if t := c.targets[code]; t != nil {
		return t.Label
	}
	return code
}

var (
	catalogOnce sync.Once
	catalog     *Catalog
	catalogErr  error
)

// DefaultCatalog returns the embedded catalog. The embedded files are checked
// by tests, so an error here is a build defect.
func DefaultCatalog() *Catalog {
	catalogOnce.Do(func() { catalog, catalogErr = ParseCatalog(fieldsCSV, targetsCSV) })
	if catalogErr != nil {
		panic(catalogErr)
	}
	return catalog
}

// ParseCatalog parses fields.csv and targets.csv text.
func ParseCatalog(fieldsText, targetsText string) (*Catalog, error) {
	c := &Catalog{fields: map[string]*Field{}, targets: map[string]*Target{}}
	rows, err := readCSV(fieldsText, 7)
	if err != nil {
		return nil, fmt.Errorf("parse fields.csv: %w", err)
	}
	for i, r := range rows {
		sec, err := strconv.Atoi(r[1])
		if err != nil {
			return nil, fmt.Errorf("parse fields.csv line %d: section %q: %w", i+2, r[1], err)
		}
		if r[5] != "" && r[5] != "-3..-1" {
			return nil, fmt.Errorf("parse fields.csv line %d: years %q", i+2, r[5])
		}
		c.Fields = append(c.Fields, Field{Code: r[0], Section: sec, Label: r[2], Kind: Kind(r[3]),
			Unit: r[4], Yearly: r[5] != "", Required: r[6] == "yes", Growth: growthRates[r[0]]})
	}
	rows, err = readCSV(targetsText, 7)
	if err != nil {
		return nil, fmt.Errorf("parse targets.csv: %w", err)
	}
	for i, r := range rows {
		var th float64
		if r[5] != "" {
			if th, err = strconv.ParseFloat(r[5], 64); err != nil {
				return nil, fmt.Errorf("parse targets.csv line %d: threshold %q: %w", i+2, r[5], err)
			}
		}
		c.Targets = append(c.Targets, Target{Code: r[0], Direction: r[1], Label: r[2], Unit: r[3],
			Rule: RuleKind(r[4]), Threshold: th, RuleText: r[6]})
	}
	for i := range c.Fields {
		f := &c.Fields[i]
		if c.fields[f.Code] != nil {
			return nil, fmt.Errorf("parse fields.csv: duplicate code %s", f.Code)
		}
		c.fields[f.Code] = f
	}
	for i := range c.Targets {
		c.targets[c.Targets[i].Code] = &c.Targets[i]
	}
	c.addReportFields()
	c.numeric = map[string]int{}
	c.numericCodes = c.NumericCodes()
	for i, code := range c.numericCodes {
		c.numeric[code] = i
	}
	return c, nil
}

func readCSV(text string, cols int) ([][]string, error) {
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(text, "\ufeff")))
	r.FieldsPerRecord = cols
	rows, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("no header")
	}
	return rows[1:], nil
}
