package clusterscope

import (
	"fmt"
	"strings"
)

// Severity tells a refused value from one that is kept but shown.
type Severity string

// Severities of a Problem.
const (
	SevError   Severity = "error"
	SevWarning Severity = "warning"
)

// Problem is one thing wrong with an input file, located so a person can
// find it: file, then line (CSV/JSON), sheet and cell (Excel), or part,
// table, row and column (Word, where a value is found by its row's label).
type Problem struct {
	Severity Severity `json:"severity"`
	File     string   `json:"file"`
	Line     int      `json:"line,omitempty"`
	Sheet    string   `json:"sheet,omitempty"`
	Cell     string   `json:"cell,omitempty"`
	Part     string   `json:"part,omitempty"`   // 第二部分
	Table    string   `json:"table,omitempty"`  // 主导产业情况
	Row      string   `json:"row,omitempty"`    // the row's label: 集群总产值（亿元）
	Column   string   `json:"column,omitempty"` // 2020 年
	Field    string   `json:"field,omitempty"`  // code
	Label    string   `json:"label,omitempty"`  // the field's Chinese label
	Message  string   `json:"message"`          // what is wrong, in Chinese: for the CLI and the audit log
	// Says is what is wrong as a message of the catalogue, said at the edge
	// in the reader's language; Message is it in Chinese (words.Posed). A
	// problem of an older record has only Message.
	Says Message `json:"says,omitzero"`
}

// Place is where in a Word document the problem is: 第二部分「主导产业情况」表
// 「集群总产值（亿元）」行 2020 年列; "" when it names no part.
func (p Problem) Place() string {
	if p.Part == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString(p.Part)
	if p.Table != "" {
		fmt.Fprintf(&b, "「%s」表", p.Table)
	}
	if p.Row != "" {
		fmt.Fprintf(&b, "「%s」行", p.Row)
	}
	if p.Column != "" {
		fmt.Fprintf(&b, " %s列", p.Column)
	}
	return b.String()
}

// Where is Place as a message, for another problem that names this place;
// zero when it names no part.
func (p Problem) Where() Message {
	if p.Part == "" {
		return Message{}
	}
	var in Messages
	if p.Table != "" {
		in = append(in, M("place.table", p.Table))
	}
	if p.Row != "" {
		in = append(in, M("place.row", p.Row))
	}
	if p.Column != "" {
		in = append(in, M("place.column", p.Column))
	}
	return M("place.part", p.Part, M("join.concat", in))
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if w := p.Place(); w != "" {
		b.WriteString(" ")
		b.WriteString(w)
	}
	if p.Sheet != "" {
		fmt.Fprintf(&b, " 工作表「%s」", p.Sheet)
	}
	if p.Cell != "" {
		fmt.Fprintf(&b, " 单元格 %s", p.Cell)
	}
	if p.Line > 0 {
		fmt.Fprintf(&b, " 第 %d 行", p.Line)
	}
	if p.Label != "" {
		fmt.Fprintf(&b, " 字段「%s」(%s)", p.Label, p.Field)
	} else if p.Field != "" {
		fmt.Fprintf(&b, " 字段 %s", p.Field)
	}
	if p.Severity == SevWarning {
		b.WriteString(" 警告")
	}
	b.WriteString("：")
	b.WriteString(p.Message)
	return b.String()
}

// ValidationError is an input file that was refused, with every problem
// found (warnings included, so the user fixes everything in one pass).
type ValidationError struct {
	File     string
	Problems []Problem
}

// Errors returns the number of problems that refuse the file.
func (e *ValidationError) Errors() int {
	n := 0
	for _, p := range e.Problems {
		if p.Severity == SevError {
			n++
		}
	}
	return n
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s 未载入：%d 处错误", e.File, e.Errors())
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}
