package warehouse

import (
	"embed"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"clusterscope"
)

// CallDir is where an administrator puts further calls (推荐通知), or
// corrected versions of the embedded ones, as TOML files.
const CallDir = "calls"

// defaultCalls are the national 2022–2025 calls and 宁夏's 2022 call;
// calls/national-2022.toml documents the format.
//
//go:embed calls/*.toml
var defaultCalls embed.FS

// DefaultCalls returns the embedded calls in file name order. They are
// checked by tests, so an error here is a build defect. Callers must not
// modify them.
var DefaultCalls = embedded(defaultCalls, "calls", ParseCall)

// Calls reads every call in the warehouse's calls folder, in file name
// order; one bad file is an error naming it.
func (w *Warehouse) Calls() ([]*clusterscope.Call, error) {
	return readAll(w, CallDir, ParseCall)
}

// AllCalls are the embedded calls followed by the administrator's, so that
// an administrator's file of the same id is the later (see SelectCall).
func (w *Warehouse) AllCalls() ([]*clusterscope.Call, error) {
	calls, err := w.Calls()
	return append(append([]*clusterscope.Call{}, DefaultCalls()...), calls...), err
}

// AddCall checks a call file and puts it in the calls folder under its own
// name; nothing is written when it is wrong. Its rule set must exist among
// sets.
func (w *Warehouse) AddCall(name string, data []byte, sets []*clusterscope.RuleSet) (*clusterscope.Call, error) {
	return install(w, CallDir, name, data, func(name string, data []byte) (*clusterscope.Call, error) {
		c, err := ParseCall(name, data)
		if err != nil {
			return nil, err
		}
		if _, err := c.RuleSets(sets); err != nil {
			return nil, clusterscope.Errorf(clusterscope.EINVALID, "推荐通知文件 %s 第 %d 行「rule_set」：%s",
				name, keyLine(string(data), "rule_set"), clusterscope.ErrorMessage(err))
		}
		return c, nil
	})
}

// typeErrRe is the toml package's error for a value of the wrong type.
var typeErrRe = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]+)"\): (.*)$`)

// dateValueRe is a line giving a key a TOML local date.
var dateValueRe = regexp.MustCompile(`^\s*[a-z_]+\s*=\s*\d{4}-\d{2}-\d{2}\s*(#.*)?$`)

// lineText is the text of a line (1-based), "" when there is none.
func lineText(text string, line int) string {
	lines := strings.Split(text, "\n")
	if line < 1 || line > len(lines) {
		return ""
	}
	return strings.TrimSuffix(lines[line-1], "\r")
}

type callFile struct {
	ID            string               `toml:"id"`
	Name          string               `toml:"name"`
	Version       string               `toml:"version"`
	Issuer        string               `toml:"issuer"`
	Region        string               `toml:"region"`
	Batch         int                  `toml:"batch"`
	Document      string               `toml:"document"`
	Dated         string               `toml:"dated"`
	RuleSet       string               `toml:"rule_set"`
	OnePerSegment string               `toml:"one_per_segment"`
	Deadlines     map[string]time.Time `toml:"deadlines"`
	Quota         []quotaFile          `toml:"quota"`
}

type quotaFile struct {
	Level string `toml:"level"`
	Unit  string `toml:"unit"`
	Min   int    `toml:"min"`
	Max   int    `toml:"max"`
}

// ParseCall reads a call file; name is the file's name for messages. Every
// error is an *Error (EINVALID) whose Chinese message names the file, the
// line and the key.
func ParseCall(name string, data []byte) (*clusterscope.Call, error) {
	text := string(data)
	bad := func(key, format string, args ...any) error {
		where := ""
		if line := keyLine(text, key); line > 0 {
			where = fmt.Sprintf(" 第 %d 行", line)
		}
		return clusterscope.Errorf(clusterscope.EINVALID, "推荐通知文件 %s%s「%s」：%s", name, where, key, fmt.Sprintf(format, args...))
	}
	var f callFile
	md, err := decodeTOML("推荐通知文件", name, text, &f)
	if err != nil {
		return nil, err
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		return nil, bad(undecodedPath(keys[0]), "未知的设置项")
	}
	c := &clusterscope.Call{ID: f.ID, Name: f.Name, Version: f.Version, Issuer: f.Issuer, Region: f.Region,
		Batch: f.Batch, Document: f.Document, Dated: f.Dated, RuleSet: f.RuleSet, OnePerSegment: clusterscope.SegmentScope(f.OnePerSegment),
		Deadlines: map[clusterscope.Level]time.Time{}}
	for lv, t := range f.Deadlines {
		// a date, not a moment: 2022-10-31, without a time or zone
		key := "deadlines." + lv
		if !dateValueRe.MatchString(lineText(text, keyLine(text, key))) {
			return nil, bad(key, "应为日期（如 2022-10-31），不带时刻")
		}
		c.Deadlines[clusterscope.Level(lv)] = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	for _, q := range f.Quota {
		c.Quotas = append(c.Quotas, clusterscope.Quota{Level: clusterscope.Level(q.Level), Unit: clusterscope.UnitKind(q.Unit), Min: q.Min, Max: q.Max})
	}
	if p := c.Validate(); p != nil {
		return nil, bad(p.Key, "%s", p.Reason)
	}
	return c, nil
}

// undecodedPath writes a TOML key as a problem names it: quota.maxx is
// "quota.maxx" (the first [[quota]] with it is found by keyLine).
func undecodedPath(k toml.Key) string {
	if len(k) == 1 {
		return k[0]
	}
	return k[0] + "." + k[len(k)-1]
}
