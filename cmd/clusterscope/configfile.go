package main

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/spf13/pflag"
)

// loadConfig reads the settings: the defaults, then the file at path (none
// when ""), then the variables lookup finds, then the flags of fs given on
// the command line. Every mistake of every source is a problem.
func loadConfig(path string, lookup func(string) (string, bool), fs *pflag.FlagSet) (*config, []problem) {
	c := newConfig()
	var out []problem
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return c, []problem{{where: path, msg: "无法读取配置文件：" + err.Error()}}
		}
		out = c.fromFile(path, b)
	}
	out = append(out, c.fromEnv(lookup)...)
	if fs != nil {
		out = append(out, c.fromFlags(fs)...)
	}
	// A setting that failed keeps its default: what check says of it
	// would be about the default, not about what was written.
	failed := map[string]bool{}
	for _, p := range out {
		failed[p.key] = true
	}
	for _, p := range c.check() {
		if !failed[p.key] {
			out = append(out, p)
		}
	}
	// In the file's order; the variables' and flags' (no line) last.
	order := func(p problem) int {
		if p.line == 0 {
			return math.MaxInt
		}
		return p.line
	}
	slices.SortStableFunc(out, func(a, b problem) int { return cmp.Compare(order(a), order(b)) })
	return c, out
}

// fromFile reads the settings of a config file called name. Every mistake
// is a problem with its line, in the order of the lines: a value of the
// wrong type or out of range, an unknown key or table. Invalid TOML stops
// at its first mistake, as the parser does.
func (c *config) fromFile(name string, data []byte) []problem {
	var top map[string]toml.Primitive
	md, err := toml.Decode(string(data), &top)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			line := pe.Position.Line
			if n := pe.Position.Start; n >= 0 && n < len(data) {
				// The parser counts a line break it did not expect on the
				// next line; the mistake is on the line it ends.
				line = 1 + bytes.Count(data[:n], []byte("\n"))
			}
			return []problem{{where: at(name, line), line: line, msg: "不是有效的 TOML：" + pe.Message}}
		}
		return []problem{{where: name, msg: "不是有效的 TOML：" + err.Error()}}
	}
	f := &file{c: c, md: &md, name: name}
	for key, p := range top {
		f.read(key, p)
	}
	return f.problems
}

func at(name string, line int) string { return fmt.Sprintf("%s 第 %d 行", name, line) }

// file is one config file being read.
type file struct {
	c        *config
	md       *toml.MetaData
	name     string
	problems []problem
}

// read reads the top-level key: a setting, or a table of settings.
func (f *file) read(key string, p toml.Primitive) {
	if s := f.c.setting(key); s != nil {
		f.leaf(s, p)
		return
	}
	if !f.c.hasTable(key) {
		f.unknown(key, p)
		return
	}
	var table map[string]toml.Primitive
	if !f.isTable(p) || f.md.PrimitiveDecode(p, &table) != nil {
		f.add(p, key, fmt.Sprintf("应为表 [%s]", key))
		return
	}
	for k, sub := range table {
		if s := f.c.setting(key + "." + k); s != nil {
			f.leaf(s, sub)
		} else {
			f.unknown(key+"."+k, sub)
		}
	}
}

// leaf reads one setting's value and notes its line.
func (f *file) leaf(s *setting, p toml.Primitive) {
	line := f.line(p)
	s.from = origin{kind: "file", name: f.name, line: line}
	if err := f.md.PrimitiveDecode(p, &leafValue{s}); err != nil {
		msg := err.Error()
		var pe toml.ParseError
		if errors.As(err, &pe) {
			msg = pe.Message
		}
		f.problems = append(f.problems, problem{where: s.from.where(), key: s.key, msg: msg, line: line})
	}
}

func (f *file) unknown(key string, p toml.Primitive) {
	msg := "未知的设置"
	if f.isTable(p) {
		msg = "未知的表"
	}
	if near := f.c.near(key); near != "" {
		msg += "（是否应为「" + near + "」？）"
	}
	f.add(p, key, msg)
}

func (f *file) add(p toml.Primitive, key, msg string) {
	line := f.line(p)
	f.problems = append(f.problems, problem{where: at(f.name, line), key: key, msg: msg, line: line})
}

// line is where a value stands in the file. The decoder knows every key's
// position but says it only in an error: a value that always refuses to be
// decoded makes it say.
func (f *file) line(p toml.Primitive) int {
	var pe toml.ParseError
	if errors.As(f.md.PrimitiveDecode(p, &probe{}), &pe) {
		return pe.Position.Line
	}
	return 0
}

// isTable reports whether the value is a table. (Decoded straight into a
// map, a value that is none decodes as an empty map.)
func (f *file) isTable(p toml.Primitive) bool {
	var v any
	if f.md.PrimitiveDecode(p, &v) != nil {
		return false
	}
	_, ok := v.(map[string]any)
	return ok
}

type probe struct{}

var errProbe = errors.New("probe")

func (*probe) UnmarshalTOML(any) error { return errProbe }

// leafValue decodes a TOML value into its setting.
type leafValue struct{ s *setting }

func (v *leafValue) UnmarshalTOML(raw any) error { return v.s.setTOML(raw) }

// hasTable reports whether key is a table of settings ("tls").
func (c *config) hasTable(key string) bool {
	return slices.ContainsFunc(c.settings, func(s *setting) bool { return strings.HasPrefix(s.key, key+".") })
}

// near is a known key that an unknown one was probably meant to be: one
// or two letters off, or the same name in another table.
func (c *config) near(key string) string {
	last := func(k string) string { return k[strings.LastIndex(k, ".")+1:] }
	for _, s := range c.settings {
		if edits(key, s.key) <= 2 || last(s.key) == last(key) {
			return s.key
		}
	}
	for _, s := range c.settings { // a longer name in the same table: cert_file for cert
		if strings.HasPrefix(key, s.key) {
			return s.key
		}
	}
	return ""
}

// edits is the Levenshtein distance of a and b (in bytes: keys are ASCII).
func edits(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
