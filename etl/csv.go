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
)

var csvHeader = []string{"cluster_id", "batch", "field", "year", "value"}

// ReadCSV reads the long-CSV interchange format (UTF-8, BOM allowed) and
// returns its typed observations and every problem, each naming the file,
// the line and the field. Problems of severity error refuse the whole file.
func ReadCSV(data []byte, name string) ([]clusterscope.Observation, []clusterscope.Problem) {
	cat := clusterscope.DefaultCatalog()
	bad := func(line int, format string, args ...any) []clusterscope.Problem {
		return []clusterscope.Problem{clusterscope.Problem{Severity: clusterscope.SevError, File: name, Line: line}.With(format, args...)}
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		if _, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data); err == nil {
			return nil, bad(0, "文件不是 UTF-8 编码，看来是 GBK/GB18030（Excel 默认的“CSV”）：请在 Excel 或 WPS 中另存为“CSV UTF-8（逗号分隔）”后再载入")
		}
		return nil, bad(0, "文件不是 UTF-8 编码的文本，请另存为“CSV UTF-8（逗号分隔）”")
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	head, err := r.Read()
	if err == io.EOF {
		return nil, bad(1, "文件为空：第一行应为表头 %s", strings.Join(csvHeader, ","))
	} else if err != nil {
		return nil, bad(1, "无法读取表头：%v", err)
	}
	if len(head) == 1 && strings.ContainsAny(head[0], ";\t|") {
		return nil, bad(1, "分隔符不是逗号：表头为「%s」，请用逗号分隔的 CSV", head[0])
	}
	if !headerOK(head) {
		return nil, bad(1, "表头应为「%s」，实为「%s」", strings.Join(csvHeader, ","), strings.Join(head, ","))
	}
	var (
		obs      []clusterscope.Observation
		problems []clusterscope.Problem
		seen     = map[string]int{}
	)
	add := func(line int, field, label, format string, args ...any) {
		problems = append(problems, clusterscope.Problem{Severity: clusterscope.SevError, File: name,
			Line: line, Field: field, Label: label}.With(format, args...))
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
			add(perr.StartLine, "", "", "CSV 格式错误：%v", perr.Err)
			if len(problems) > maxProblems {
				break
			}
			continue
		} else if err != nil {
			return nil, append(problems, bad(line, "读取失败：%v", err)...)
		}
		if len(rec) != len(csvHeader) {
			add(line, "", "", "应有 %d 列，实有 %d 列", len(csvHeader), len(rec))
			continue
		}
		field := rec[2]
		batch, err := strconv.Atoi(strings.TrimSpace(rec[1]))
		if err != nil {
			add(line, field, cat.Label(field), "批次「%s」不是年份", rec[1])
			continue
		}
		year := 0
		if y := strings.TrimSpace(rec[3]); y != "" {
			if year, err = strconv.Atoi(y); err != nil {
				add(line, field, cat.Label(field), "年份「%s」不是整数年份", rec[3])
				continue
			}
		}
		o, err := cat.Observe(strings.TrimSpace(rec[0]), batch, field, year, rec[4])
		if err != nil {
			label := ""
			var ee *clusterscope.EntryError
			if errors.As(err, &ee) {
				label = ee.Label
			}
			add(line, field, label, "%s", err)
			if len(problems) > maxProblems {
				break
			}
			continue
		}
		key := fmt.Sprintf("%s,%d,%s,%d", o.ClusterID, batch, field, year)
		if first, dup := seen[key]; dup {
			add(line, field, cat.Label(field), "与第 %d 行重复（同一集群、批次、字段和年份只能有一个值）", first)
			continue
		}
		seen[key] = line
		o.Line = line
		obs = append(obs, o)
	}
	if len(obs) == 0 && len(problems) == 0 {
		problems = bad(2, "文件只有表头，没有数据")
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
