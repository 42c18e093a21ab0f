// Package words is clusterscope's one catalogue of words: every string of
// the interface and every message of the domain, in Chinese (the source
// language) and English, kept as data files (zh.toml, en.toml) read with
// go-i18n. It renders a clusterscope.Message in the reader's language; the
// audit log and the exports use Chinese.
//
// Two kinds of entry share the catalogue. An interface string is its own
// key: the Chinese text, as gettext keys by the source string, so zh.toml
// need not repeat it. A domain message has a stable key ("recommend.picked")
// whose Chinese is in zh.toml, since a stored message must still be said
// when its wording changes. Entries are fmt formats; explicit argument
// indexes (%[2]s) let a translation reorder them.
package words

import (
	"embed"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/nicksnyder/go-i18n/v2/i18n/template"
	"golang.org/x/text/language"

	"clusterscope"
)

// Lang is a language of the interface.
type Lang string

// The languages: Chinese is the default and the source.
const (
	Chinese Lang = "zh"
	English Lang = "en"
)

// Cookie is the name of the cookie that keeps a user's language.
const Cookie = "lang"

// Parse returns the language named s ("zh" or "en"), or false.
func Parse(s string) (Lang, bool) {
	switch l := Lang(s); l {
	case Chinese, English:
		return l, true
	}
	return "", false
}

// Negotiate is the one rule for a request's language: the user's choice,
// kept in Cookie, else Chinese. The browser's Accept-Language is not
// consulted: every user of the programme reads Chinese, and an English
// browser on a government machine is no sign of a preference.
func Negotiate(cookie string) Lang {
	if l, ok := Parse(cookie); ok {
		return l
	}
	return Chinese
}

// HTML is the value of <html lang>.
func (l Lang) HTML() string {
	if l == English {
		return "en"
	}
	return "zh-CN"
}

//go:embed zh.toml en.toml
var files embed.FS

var (
	bundle     = load()
	localizers = map[Lang]*i18n.Localizer{
		Chinese: i18n.NewLocalizer(bundle, string(Chinese)),
		English: i18n.NewLocalizer(bundle, string(English)),
	}
)

func load() *i18n.Bundle {
	b := i18n.NewBundle(language.Chinese)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	for _, name := range []string{"zh.toml", "en.toml"} {
		if _, err := b.LoadMessageFileFS(files, name); err != nil {
			panic(fmt.Sprintf("words: %s: %v", name, err)) // a build defect: the tests read both files
		}
	}
	return b
}

// lookup is the catalogue's entry for key in l, and whether it has one in l
// itself (not by falling back to Chinese).
func lookup(l Lang, key string) (string, bool) {
	lc, ok := localizers[l]
	if !ok {
		lc = localizers[Chinese]
	}
	s, tag, err := lc.LocalizeWithTag(&i18n.LocalizeConfig{MessageID: key, TemplateParser: template.IdentityParser{}})
	if err != nil && s == "" {
		return "", false
	}
	return s, tag == language.Make(string(l))
}

// Has reports whether l has its own entry for key (tests use it).
func Has(l Lang, key string) bool {
	_, ok := lookup(l, key)
	return ok
}

// T is the interface string zh in the language l, formatted with args when
// there are any. Without an entry it is zh itself: Chinese needs none, and
// a test makes sure that English has one for every literal.
func T(l Lang, zh string, args ...any) string {
	f := zh
	if l != Chinese {
		if s, ok := lookup(l, zh); ok {
			f = s
		}
	}
	if len(args) == 0 {
		return f
	}
	return fmt.Sprintf(f, say(l, args)...)
}

// Say is the message m in the language l. A key the catalogue lacks is said
// as the key with its arguments, so that nothing is lost, and a test fails.
func Say(l Lang, m clusterscope.Message) string {
	if strings.HasPrefix(m.Key, "join.") {
		return join(l, m)
	}
	f, ok := lookup(l, m.Key)
	if !ok {
		f, ok = lookup(Chinese, m.Key)
	}
	if !ok {
		return fmt.Sprint(append([]any{m.Key}, m.Args...)...)
	}
	if len(m.Args) == 0 {
		return f
	}
	return fmt.Sprintf(f, integers(f, say(l, m.Args))...)
}

var verbRe = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0]*\d*(?:\.\d+)?([a-zA-Z%])`)

// integers makes the whole numbers of args that the format f says with %d
// integers again: a message read back from JSON has its numbers as float64.
func integers(f string, args []any) []any {
	n := 0
	for _, m := range verbRe.FindAllStringSubmatch(f, -1) {
		if m[2] == "%" {
			continue
		}
		if m[1] != "" {
			n, _ = strconv.Atoi(m[1])
			n-- // explicit indexes count from 1
		}
		if m[2] == "d" && n >= 0 && n < len(args) {
			if v, ok := args[n].(float64); ok && v == math.Trunc(v) {
				args[n] = int64(v)
			}
		}
		n++
	}
	return args
}

// SayAll is the messages ms in l, one sentence after another.
func SayAll(l Lang, ms clusterscope.Messages) string {
	return Say(l, clusterscope.M("join.sentences", ms))
}

// say renders the arguments that are words or messages.
func say(l Lang, args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case clusterscope.Word:
			out[i] = T(l, string(v))
		case clusterscope.Message:
			out[i] = Say(l, v)
		case clusterscope.Messages:
			out[i] = SayAll(l, v)
		default:
			out[i] = a
		}
	}
	return out
}

// join says a list: its one argument is Messages or a slice of values, said
// with the separator the key names ("join.list": 、 in Chinese).
func join(l Lang, m clusterscope.Message) string {
	var items []any
	if len(m.Args) == 1 {
		switch v := m.Args[0].(type) {
		case clusterscope.Messages:
			for _, x := range v {
				items = append(items, x)
			}
		case []any:
			items = v
		case []string:
			for _, x := range v {
				items = append(items, x)
			}
		}
	}
	sep, _ := lookup(l, m.Key)
	parts := make([]string, len(items))
	for i, s := range say(l, items) {
		parts[i] = fmt.Sprint(s)
	}
	return strings.Join(parts, sep)
}
