package main

import (
	"fmt"
	"math"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// kind reads and writes one type of setting: from a flag or an environment
// variable (text), from the file (a TOML value), and back as text. Errors
// are the Chinese reason alone; the caller says where.
type kind[T any] struct {
	parse  func(string) (T, error)
	format func(T) string
	// toml reads a TOML value; nil reads a TOML string with parse.
	toml func(any) (T, error)
}

// fromTOML reads v as k's TOML reading, else as a string.
func (k kind[T]) fromTOML(v any) (T, error) {
	if k.toml != nil {
		return k.toml(v)
	}
	s, ok := v.(string)
	if !ok {
		var zero T
		return zero, fmt.Errorf("应为字符串（加双引号），而不是 %s", tomlType(v))
	}
	return k.parse(s)
}

// tomlType names the type of a decoded TOML value for a message.
func tomlType(v any) string {
	switch v.(type) {
	case string:
		return "字符串"
	case int64:
		return "整数"
	case float64:
		return "小数"
	case bool:
		return "true/false"
	case time.Time:
		return "日期时间"
	case []any:
		return "数组"
	case map[string]any:
		return "表"
	}
	return fmt.Sprintf("%T", v)
}

// text is any string that check accepts (nil: any).
func text(check func(string) error) kind[string] {
	return kind[string]{
		parse: func(s string) (string, error) {
			if check != nil {
				if err := check(s); err != nil {
					return "", err
				}
			}
			return s, nil
		},
		format: func(s string) string { return s },
	}
}

// choice is one of the given words.
func choice(words ...string) kind[string] {
	return text(func(s string) error {
		if !slices.Contains(words, s) {
			return fmt.Errorf("「%s」无效：应为 %s 之一", s, strings.Join(words, "、"))
		}
		return nil
	})
}

// duration is a Go duration ("15s", "8h"); min is the least one allowed.
func duration(min time.Duration) kind[time.Duration] {
	return kind[time.Duration]{
		parse: func(s string) (time.Duration, error) {
			d, err := time.ParseDuration(strings.TrimSpace(s))
			if err != nil {
				return 0, fmt.Errorf("「%s」不是时长（如 15s、30m、8h）", s)
			}
			if d < min {
				return 0, fmt.Errorf("「%s」太短：至少 %s", s, min)
			}
			return d, nil
		},
		format: func(d time.Duration) string { return d.String() },
	}
}

// count is a whole number of at least min; in the file an integer.
func count(min int) kind[int] {
	check := func(n int64, as string) (int, error) {
		if n < int64(min) || n > math.MaxInt32 {
			return 0, fmt.Errorf("「%s」无效：应为不小于 %d 的整数", as, min)
		}
		return int(n), nil
	}
	return kind[int]{
		parse: func(s string) (int, error) {
			n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("「%s」不是整数", s)
			}
			return check(n, s)
		},
		format: strconv.Itoa,
		toml: func(v any) (int, error) {
			n, ok := v.(int64)
			if !ok {
				return 0, fmt.Errorf("应为整数（不加引号），而不是 %s", tomlType(v))
			}
			return check(n, strconv.FormatInt(n, 10))
		},
	}
}

// sizeRe is a memory size as DuckDB and GOMEMLIMIT spell it.
var sizeRe = regexp.MustCompile(`(?i)^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$`)

var sizeUnits = map[string]float64{"b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40}

// memorySize is a memory size with its unit ("256MB", "2GiB"), kept as
// written (DuckDB reads it so) once it is known to be one, at least min bytes.
func memorySize(min int64) kind[string] {
	return text(func(s string) error {
		n, err := sizeBytes(s)
		if err != nil {
			return err
		}
		if n < min {
			return fmt.Errorf("「%s」太小：至少 %d MB", s, min/1e6)
		}
		return nil
	})
}

// sizeBytes is the number of bytes of a memory size.
func sizeBytes(s string) (int64, error) {
	m := sizeRe.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("「%s」不是内存大小（如 256MB、2GB、96MiB）", s)
	}
	n, _ := strconv.ParseFloat(m[1], 64)
	b := n * sizeUnits[strings.ToLower(m[2])]
	if b > math.MaxInt64/2 {
		return 0, fmt.Errorf("「%s」太大", s)
	}
	return int64(b), nil
}

// prefixes is a list of networks ("10.0.0.0/8") or single addresses; in a
// flag or a variable separated by commas, in the file an array of strings.
func prefixes() kind[[]netip.Prefix] {
	one := func(s string) (netip.Prefix, error) {
		s = strings.TrimSpace(s)
		if p, err := netip.ParsePrefix(s); err == nil {
			if p.Masked() != p {
				return p, fmt.Errorf("「%s」不是网段的起始地址（应为 %s）", s, p.Masked())
			}
			return p, nil
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("「%s」不是 IP 地址或网段（如 10.0.0.0/8、192.168.1.10）", s)
		}
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	list := func(items []string) ([]netip.Prefix, error) {
		out := []netip.Prefix{}
		for _, s := range items {
			p, err := one(s)
			if err != nil {
				return nil, err
			}
			out = append(out, p)
		}
		return out, nil
	}
	return kind[[]netip.Prefix]{
		parse: func(s string) ([]netip.Prefix, error) {
			if strings.TrimSpace(s) == "" {
				return []netip.Prefix{}, nil
			}
			return list(strings.Split(s, ","))
		},
		format: func(ps []netip.Prefix) string {
			out := make([]string, len(ps))
			for i, p := range ps {
				out[i] = p.String()
			}
			return strings.Join(out, ",")
		},
		toml: func(v any) ([]netip.Prefix, error) {
			arr, ok := v.([]any)
			if !ok {
				return nil, fmt.Errorf("应为字符串数组（如 [\"10.0.0.0/8\"]），而不是 %s", tomlType(v))
			}
			items := make([]string, len(arr))
			for i, e := range arr {
				s, ok := e.(string)
				if !ok {
					return nil, fmt.Errorf("第 %d 项应为字符串，而不是 %s", i+1, tomlType(e))
				}
				items[i] = s
			}
			return list(items)
		},
	}
}

// date is a calendar day ("2025-06-30"), or none ("" in a flag; absent in
// the file). In the file a bare TOML date or a string.
func date() kind[time.Time] {
	parse := func(s string) (time.Time, error) {
		if strings.TrimSpace(s) == "" {
			return time.Time{}, nil
		}
		d, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
		if err != nil {
			return time.Time{}, fmt.Errorf("「%s」不是日期（应为 年-月-日，如 2025-06-30）", s)
		}
		return d, nil
	}
	return kind[time.Time]{
		parse: parse,
		format: func(d time.Time) string {
			if d.IsZero() {
				return ""
			}
			return d.Format(time.DateOnly)
		},
		toml: func(v any) (time.Time, error) {
			switch d := v.(type) {
			case string:
				return parse(d)
			case time.Time:
				if d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0 {
					return time.Time{}, fmt.Errorf("应为日期（年-月-日），不带时刻")
				}
				return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC), nil
			}
			return time.Time{}, fmt.Errorf("应为日期（如 2025-06-30），而不是 %s", tomlType(v))
		},
	}
}
