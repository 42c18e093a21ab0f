package main

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

func noEnv(string) (string, bool) { return "", false }

// writeConfig writes a config file into a temporary folder.
func writeConfig(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestConfigCheckNamesEveryMistakeWithItsLine: each broken file is
// refused with every mistake, each at its line and naming its key, so
// that an operator fixes them all in one go.
func TestConfigCheckNamesEveryMistakeWithItsLine(t *testing.T) {
	type want struct {
		line int
		key  string
		says string
	}
	for _, c := range []struct {
		name, file string
		want       []want
	}{
		{"invalid TOML stops at its line", "addr = \"localhost:8080\"\n\n[tls\ncert = \"x\"\n",
			[]want{{3, "", "不是有效的 TOML"}}},
		{"a key twice", "addr = \"a:1\"\naddr = \"b:2\"\n", []want{{2, "", "already been defined"}}},
		{"every wrong value, in the file's order",
			"addr = \"localhost\"\n" + // 1
				"base_path = \"clusterscope/\"\n" + // 2
				"[log]\n" + // 3
				"format = \"xml\"\n" + // 4
				"[session]\n" + // 5
				"idle = 5\n" + // 6
				"lifetime = \"12 hours\"\n" + // 7
				"[export]\n" + // 8
				"concurrent = \"4\"\n" + // 9
				"wait = \"0s\"\n" + // 10
				"[memory]\n" + // 11
				"duckdb = \"lots\"\n" + // 12
				"[proxy]\n" + // 13
				"trusted = [\"10.0.0.1/8\"]\n" + // 14
				"[metrics]\n" + // 15
				"allow = \"127.0.0.1\"\n" + // 16
				"[monitor]\n" + // 17
				"as_of = \"2025-02-30\"\n", // 18
			[]want{{1, "addr", "不是监听地址"}, {2, "base_path", "应以 / 开头"}, {4, "log.format", "应为 text、json 之一"},
				{6, "session.idle", "应为字符串"}, {7, "session.lifetime", "不是时长"}, {9, "export.concurrent", "应为整数"},
				{10, "export.wait", "太短"}, {12, "memory.duckdb", "不是内存大小"}, {14, "proxy.trusted", "应为 10.0.0.0/8"},
				{16, "metrics.allow", "应为字符串数组"}, {18, "monitor.as_of", "不是日期"}}},
		{"unknown keys and tables, with the likely meant one",
			"adr = \"localhost:8080\"\n[log]\nlevle = \"debug\"\n[nosuch]\nx = 1\n[tls]\ncert_file = \"a.pem\"\n",
			[]want{{1, "adr", "是否应为「addr」"}, {3, "log.levle", "是否应为「log.level」"}, {4, "nosuch", "未知的表"},
				{7, "tls.cert_file", "是否应为「tls.cert」"}}},
		{"a table where a value belongs, and a value where a table does",
			"log = \"json\"\n[addr]\nport = 1\n", []want{{1, "log", "应为表 [log]"}, {2, "addr", "应为字符串"}}},
		{"what only the settings together show",
			"[tls]\ncert = \"/no/such/cert.pem\"\nredirect_addr = \":80\"\n[session]\nidle = \"13h\"\n",
			[]want{{2, "tls.cert", "没有私钥"}, {5, "session.idle", "长于最长有效期"}}},
		{"a certificate that does not load",
			"[tls]\ncert = \"/no/such/cert.pem\"\nkey = \"/no/such/key.pem\"\n", []want{{2, "tls.cert", "无法读取证书与私钥"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := writeConfig(t, c.file)
			_, problems := loadConfig(path, noEnv, nil)
			if len(problems) != len(c.want) {
				t.Fatalf("%d problems, want %d:\n%s", len(problems), len(c.want), joinProblems(problems))
			}
			for i, w := range c.want {
				p := problems[i]
				s := p.String()
				if p.line != w.line || p.key != w.key || !strings.Contains(s, w.says) || !strings.Contains(s, path) {
					t.Errorf("problem %d: %q (line %d, key %q); want line %d, key %q, saying %q", i+1, s, p.line, p.key, w.line, w.key, w.says)
				}
				if w.line > 0 && !strings.Contains(s, "第 "+strconv.Itoa(w.line)+" 行") {
					t.Errorf("problem %d does not say its line to the operator: %q", i+1, s)
				}
			}
		})
	}
}

func joinProblems(ps []problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("  " + p.String() + "\n")
	}
	return b.String()
}

// TestConfigCheckCommand: `config check` prints the mistakes and exits 2,
// or says the file is fine.
func TestConfigCheckCommand(t *testing.T) {
	bad := writeConfig(t, "[log]\nformat = \"xml\"\n")
	out, err := run(t, "config", "check", bad)
	if !errors.Is(err, errReported) || exitCode(err) != 2 {
		t.Errorf("broken file: err %v (exit %d), want exit 2", err, exitCode(err))
	}
	if !strings.Contains(out, bad+" 第 2 行 设置「log.format」") {
		t.Errorf("broken file: output does not name the line:\n%s", out)
	}
	good := writeConfig(t, "addr = \"0.0.0.0:8080\"\n")
	if out, err := run(t, "config", "check", good); err != nil || !strings.Contains(out, "无误") {
		t.Errorf("good file: %v\n%s", err, out)
	}
}

// TestConfigPrecedence: a flag beats a variable, which beats the file,
// which beats the default; each setting knows where it came from.
func TestConfigPrecedence(t *testing.T) {
	path := writeConfig(t, "addr = \"0.0.0.0:1\"\n[session]\nidle = \"1h\"\nlifetime = \"2h\"\n[export]\nwait = \"20s\"\n")
	env := map[string]string{"CLUSTERSCOPE_ADDR": "0.0.0.0:2", "CLUSTERSCOPE_SESSION_IDLE": "90m"}
	fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
	newConfig().flags(fs)
	if err := fs.Parse([]string{"--addr", "0.0.0.0:3"}); err != nil {
		t.Fatal(err)
	}
	c, problems := loadConfig(path, func(k string) (string, bool) { v, ok := env[k]; return v, ok }, fs)
	if len(problems) > 0 {
		t.Fatal(joinProblems(problems))
	}
	for _, w := range []struct{ key, value, from string }{
		{"addr", "0.0.0.0:3", "命令行 --addr"},
		{"session.idle", "1h30m0s", "环境变量 CLUSTERSCOPE_SESSION_IDLE"},
		{"session.lifetime", "2h0m0s", path + " 第 4 行"},
		{"export.wait", "20s", path + " 第 6 行"},
		{"log.level", "info", "默认值"},
	} {
		s := c.setting(w.key)
		if s.show() != w.value || s.from.where() != w.from {
			t.Errorf("%s = %s from %s; want %s from %s", w.key, s.show(), s.from.where(), w.value, w.from)
		}
	}
	if c.Addr != "0.0.0.0:3" || c.SessionIdle != 90*time.Minute {
		t.Errorf("fields not set: %q %v", c.Addr, c.SessionIdle)
	}
}

// TestDefaultConfigFileIsTheDefaults: the commented file the package
// installs names every setting, and each commented line is the built-in
// default, so that uncommenting a line changes nothing until it is edited.
func TestDefaultConfigFileIsTheDefaults(t *testing.T) {
	def := newConfig()
	if _, problems := loadConfig(writeConfig(t, defaultConfigFile), noEnv, nil); len(problems) > 0 {
		t.Fatalf("the default file is refused:\n%s", joinProblems(problems))
	}
	uncommented := regexp.MustCompile(`(?m)^# ([a-z_]+ = .*)$`).ReplaceAllString(defaultConfigFile, "$1")
	c, problems := loadConfig(writeConfig(t, uncommented), noEnv, nil)
	if len(problems) > 0 {
		t.Fatalf("the default file uncommented is refused:\n%s", joinProblems(problems))
	}
	for i, s := range c.settings {
		if s.from.kind != "file" {
			t.Errorf("%s is not in the default file", s.key)
		}
		if want := def.settings[i].show(); s.show() != want && s.key != "data" {
			t.Errorf("%s: the file says %q, the default is %q", s.key, s.show(), want)
		}
	}
	if c.Data != "/var/lib/clusterscope" {
		t.Errorf("the package's data folder is %q", c.Data)
	}
}

// TestSecretsAreNotShown: the key file's path is never shown on 管理, only
// that it is set.
func TestSecretsAreNotShown(t *testing.T) {
	c := newConfig()
	c.TLSKey = "/etc/ssl/private/secret-name.key"
	for _, st := range c.dashboardOptions().Settings {
		if strings.Contains(st.Value, "secret-name") || st.Key == "tls.key" && !st.Hidden {
			t.Errorf("%s shown as %q (hidden %v)", st.Key, st.Value, st.Hidden)
		}
	}
}

// TestGoMemoryFollowsTheSnapshot: Go's soft memory limit is memory.go (96
// MiB by default) up to the clusters that need more, and 4 KiB a cluster
// beyond.
func TestGoMemoryFollowsTheSnapshot(t *testing.T) {
	for _, c := range []struct {
		name  string
		args  []string
		limit int64
		grown map[int]int64 // clusters → limit
	}{
		{"Default", nil, 96 << 20, map[int]int64{0: 96 << 20, 10_000: 96 << 20, 24_576: 96 << 20, 100_000: 100_000 * 4096}},
		{"Set", []string{"--memory-go", "1GB"}, 1e9, map[int]int64{10_000: 1e9, 100_000: 1e9, 500_000: 500_000 * 4096}},
	} {
		t.Run(c.name, func(t *testing.T) {
			fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
			newConfig().flags(fs)
			if err := fs.Parse(c.args); err != nil {
				t.Fatal(err)
			}
			cfg, problems := loadConfig("", noEnv, fs)
			if len(problems) > 0 {
				t.Fatal(joinProblems(problems))
			}
			limit, grow := cfg.goMemory()
			if limit != c.limit {
				t.Fatalf("limit %d, want %d", limit, c.limit)
			}
			for n, want := range c.grown {
				if got := grow(n); got != want {
					t.Errorf("over %d clusters: %d, want %d", n, got, want)
				}
			}
		})
	}
}
