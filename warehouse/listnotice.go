package warehouse

import (
	"embed"
	"fmt"
	"strconv"

	"clusterscope"
)

// ListDir is where an administrator puts further list notices (名单通告),
// or corrected versions of the embedded ones, as TOML files.
const ListDir = "lists"

// defaultLists are the 2022–2024 list notices; lists/list-2022.toml
// documents the format.
//
//go:embed lists/*.toml
var defaultLists embed.FS

// DefaultListNotices returns the embedded list notices in file name order.
// Callers must not modify them.
var DefaultListNotices = embedded(defaultLists, "lists", ParseListNotice)

// AllListNotices are the embedded notices followed by the administrator's,
// so that an administrator's notice of a batch is the later (see
// SelectListNotice).
func (w *Warehouse) AllListNotices() ([]*clusterscope.ListNotice, error) {
	own, err := readAll(w, ListDir, ParseListNotice)
	return append(append([]*clusterscope.ListNotice{}, DefaultListNotices()...), own...), err
}

// AddListNotice checks a list notice file and puts it in the lists folder
// under its own name; nothing is written when it is wrong.
func (w *Warehouse) AddListNotice(name string, data []byte) (*clusterscope.ListNotice, error) {
	return install(w, ListDir, name, data, ParseListNotice)
}

type listFile struct {
	ID         string            `toml:"id"`
	Name       string            `toml:"name"`
	Version    string            `toml:"version"`
	Issuer     string            `toml:"issuer"`
	Batch      int               `toml:"batch"`
	Document   string            `toml:"document"`
	Dated      string            `toml:"dated"`
	Publicity  string            `toml:"publicity"`
	Recognised int               `toml:"recognised"`
	TermStart  int               `toml:"term_start"`
	TermYears  int               `toml:"term_years"`
	ReportDue  string            `toml:"report_due"`
	Clusters   []string          `toml:"clusters"`
	DueFrom    map[string]string `toml:"report_due_from"`
}

// ParseListNotice reads a list notice file; name is the file's name for
// messages. Every error is an *Error (EINVALID) whose Chinese message names
// the file, the line and the key.
func ParseListNotice(name string, data []byte) (*clusterscope.ListNotice, error) {
	text := string(data)
	bad := func(key, format string, args ...any) error {
		where := ""
		if line := keyLine(text, key); line > 0 {
			where = fmt.Sprintf(" 第 %d 行", line)
		}
		return clusterscope.Errorf(clusterscope.EINVALID, "名单通告文件 %s%s「%s」：%s", name, where, key, fmt.Sprintf(format, args...))
	}
	var f listFile
	md, err := decodeTOML("名单通告文件", name, text, &f)
	if err != nil {
		return nil, err
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		return nil, bad(undecodedPath(keys[0]), "未知的设置项")
	}
	n := &clusterscope.ListNotice{ID: f.ID, Name: f.Name, Version: f.Version, Issuer: f.Issuer, Batch: f.Batch,
		Document: f.Document, Dated: f.Dated, Publicity: f.Publicity, Recognised: f.Recognised,
		TermStart: f.TermStart, TermYears: f.TermYears, Clusters: f.Clusters}
	if f.ReportDue != "" {
		due, ok := clusterscope.ParseMonthDay(f.ReportDue)
		if !ok {
			return nil, bad("report_due", "「%s」不是每年的某一天（如 \"04-30\"；不可用 02-29）", f.ReportDue)
		}
		n.ReportDue = due
	}
	for y, d := range f.DueFrom {
		year, err := strconv.Atoi(y)
		due, ok := clusterscope.ParseMonthDay(d)
		switch {
		case err != nil || year < 2000 || year > 2100:
			return nil, bad("report_due_from", "「%s」不是年份（如 2025 = \"03-31\"：该年起报送的报告）", y)
		case !ok:
			return nil, bad("report_due_from", "%s 年：「%s」不是每年的某一天（如 \"03-31\"；不可用 02-29）", y, d)
		}
		if n.DueFrom == nil {
			n.DueFrom = map[int]clusterscope.MonthDay{}
		}
		n.DueFrom[year] = due
	}
	if p := n.Validate(); p != nil {
		return nil, bad(p.Key, "%s", p.Reason)
	}
	return n, nil
}
