package etl

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"clusterscope"
	"clusterscope/dashboard/words"
)

var csvHeader = []string{"cluster_id", "batch", "field", "year", "value"}

// ReadCSV reads the long-CSV interchange format (UTF-8, BOM allowed) and
// returns its typed observations and every problem, each naming the file,
// the line and the field. Problems of severity error refuse the whole file.
func ReadCSV(data []byte, name string) ([]clusterscope.Observation, []clusterscope.Problem) {
	cat := clusterscope.DefaultCatalog()
	bad := func(line int, key string, args ...any) []clusterscope.Problem {
		return []clusterscope.Problem{words.Posed(clusterscope.Problem{Severity: clusterscope.SevError, File: name, Line: line}, clusterscope.M(key, args...))}
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		if _, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data); err == nil {
			return nil, bad(0, "csv.gbk")
		}
		return nil, bad(0, "csv.not_utf8")
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	head, err := r.Read()
	if err == io.EOF {
		return nil, bad(1, "csv.empty", strings.Join(csvHeader, ","))
	} else if err != nil {
		return nil, bad(1, "csv.bad_header", err.Error())
	}
	if len(head) == 1 && strings.ContainsAny(head[0], ";\t|") {
		return nil, bad(1, "csv.not_comma", head[0])
	}
	if !headerOK(head) {
		return nil, bad(1, "csv.wrong_header", strings.Join(csvHeader, ","), strings.Join(head, ","))
	}
	var (
		obs      []clusterscope.Observation
		problems []clusterscope.Problem
		seen     = map[string]int{}
	)
	add := func(line int, field, label string, m clusterscope.Message) {
		problems = append(problems, words.Posed(clusterscope.Problem{Severity: clusterscope.SevError, File: name,
			Line: line, Field: field, Label: label}, m))
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		line := 0
		if err == nil { // FieldPos panics when the failed record has no field
			line, _ = r.FieldPos(0)
		}
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			add(perr.StartLine, "", "", clusterscope.M("csv.syntax", perr.Err.Error()))
			if len(problems) > maxProblems {
				break
			}
			continue
		} else if err != nil {
			return nil, append(problems, bad(line, "csv.read", err.Error())...)
		}
		if len(rec) != len(csvHeader) {
			add(line, "", "", clusterscope.M("csv.columns", len(csvHeader), len(rec)))
			continue
		}
		field := rec[2]
		batch, err := strconv.Atoi(strings.TrimSpace(rec[1]))
		if err != nil {
			add(line, field, cat.Label(field), clusterscope.M("csv.batch_not_year", rec[1]))
			continue
		}
		year := 0
		if y := strings.TrimSpace(rec[3]); y != "" {
			if year, err = strconv.Atoi(y); err != nil {
				add(line, field, cat.Label(field), clusterscope.M("csv.year_not_whole", rec[3]))
				continue
			}
		}
		o, err := cat.Observe(strings.TrimSpace(rec[0]), batch, field, year, rec[4])
		if err != nil {
			ee := clusterscope.AsEntryError(err)
			add(line, field, ee.Label, ee.Says)
			if len(problems) > maxProblems {
				break
			}
			continue
		}
		key := fmt.Sprintf("%s,%d,%s,%d", o.ClusterID, batch, field, year)
		if first, dup := seen[key]; dup {
			add(line, field, cat.Label(field), clusterscope.M("csv.duplicate", first))
			continue
		}
		seen[key] = line
		o.Line = line
		obs = append(obs, o)
	}
	if len(obs) == 0 && len(problems) == 0 {
		problems = bad(2, "csv.no_data")
	}
	return obs, problems
}

// maxProblems stops a hopeless file early; the first problems tell the story.
const maxProblems = 1000

func headerOK(head []string) bool {
	if len(head) != len(csvHeader) {
		return false
	}
	for i := range head {
		if strings.TrimSpace(head[i]) != csvHeader[i] {
			return false
		}
	}
	return true
}
