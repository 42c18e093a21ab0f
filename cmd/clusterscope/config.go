package main

import (
	"crypto/tls"
	"fmt"
	"net"
	"net/netip"
	"os"
	"path"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"clusterscope/dashboard"
)

// config is every setting of serve (the data folder is every command's).
// Each is read, later over earlier, from its default, the config file,
// its environment variable CLUSTERSCOPE_<KEY> and its flag.
type config struct {
	Addr, Data, BasePath, Chromium string
	LogFormat, LogLevel            string
	TLSCert, TLSKey, TLSRedirect   string
	HSTS                           time.Duration
	Proxies                        []netip.Prefix
	UserHeader                     string
	DuckDBMemory, GoMemory         string
	SessionIdle, SessionLifetime   time.Duration
	ExportConcurrent               int
	ExportWait                     time.Duration
	UploadFileMB, UploadTotalMB    int
	UploadFiles                    int
	AsOf                           time.Time
	MetricsAllow                   []netip.Prefix
	ShutdownTimeout                time.Duration

	settings []*setting
	opened   func(clusters int) // the dashboard's Opened: serve sizes Go's memory limit by the snapshot
}

// setting is one key of the config file, bound to a field of config.
type setting struct {
	key    string // "tls.cert": the variable CLUSTERSCOPE_TLS_CERT, the flag --tls-cert
	flag   string // when it is not the key's
	help   string
	secret bool // shown only as set or not

	set     func(string) error // from a flag or a variable
	setTOML func(any) error    // from the file
	show    func() string
	from    origin
}

// origin is where a setting's value came from.
type origin struct {
	kind string // "default", "file", "env" or "flag"
	name string // the file, the variable or the flag (with its dashes)
	line int    // in the file
}

// where says the origin in a message: "config.toml 第 12 行",
// "环境变量 CLUSTERSCOPE_ADDR", "命令行 --addr".
func (o origin) where() string {
	switch o.kind {
	case "file":
		return at(o.name, o.line)
	case "env":
		return "环境变量 " + o.name
	case "flag":
		return "命令行 " + o.name
	}
	return "默认值"
}

// ref is the origin without words, for a page in any language.
func (o origin) ref() string {
	if o.kind == "file" {
		return fmt.Sprintf("%s:%d", o.name, o.line)
	}
	return o.name
}

// bind makes the setting key of field p, read as k.
func bind[T any](p *T, k kind[T], key, help string) *setting {
	return &setting{key: key, help: help,
		set: func(s string) error {
			v, err := k.parse(s)
			if err == nil {
				*p = v
			}
			return err
		},
		setTOML: func(raw any) error {
			v, err := k.fromTOML(raw)
			if err == nil {
				*p = v
			}
			return err
		},
		show: func() string { return k.format(*p) },
		from: origin{kind: "default"},
	}
}

// newConfig is the defaults, as `make run` serves: loopback, ./data.
func newConfig() *config {
	c := &config{Addr: "localhost:8080", Data: "./data", LogFormat: "text", LogLevel: "info",
		HSTS: 365 * 24 * time.Hour, Proxies: []netip.Prefix{}, DuckDBMemory: defaultMemoryLimit,
		// Go's own memory: measured at 10,000 clusters, the live heap is
		// 35–50 MB, and throughput is unchanged at this limit.
		GoMemory:    "96MiB",
		SessionIdle: 8 * time.Hour, SessionLifetime: 12 * time.Hour, ExportWait: 15 * time.Second,
		MetricsAllow:    []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")},
		ShutdownTimeout: time.Minute,
		UploadFileMB:    int(dashboard.DefaultUploadLimits.FileBytes >> 20), UploadFiles: dashboard.DefaultUploadLimits.Files,
		UploadTotalMB: int(dashboard.DefaultUploadLimits.TotalBytes >> 20)}
	if d := os.Getenv("CLUSTERSCOPE_DATA"); d != "" {
		c.Data = d // as the --data flag's default says (the variable is read again below)
	}
	memory := bind(&c.DuckDBMemory, memorySize(16e6), "memory.duckdb", "查询引擎 DuckDB 的内存上限（如 256MB、2GB）；超出部分暂存磁盘")
	memory.flag = "memory-limit"
	asOf := bind(&c.AsOf, date(), "monitor.as_of", "动态管理与监测（有效期、年度报告、复核）的判定日（年-月-日）；空则取当天，演示数据取 2025-06-30")
	asOf.flag = "as-of"
	c.settings = []*setting{
		bind(&c.Addr, text(checkAddr), "addr", "监听地址（主机:端口）"),
		bind(&c.Data, text(nonEmpty), "data", "数据仓库目录"),
		bind(&c.BasePath, text(checkBasePath), "base_path", "经反向代理发布时的子路径（如 /clusterscope）；空为根路径"),
		bind(&c.Chromium, text(nil), "chromium", "导出所用的 Chromium（空则在 PATH 中找 chromium、chromium-browser）"),
		bind(&c.LogFormat, choice("text", "json"), "log.format", "日志格式：text 或 json（写到标准错误，由 journald 收集）"),
		bind(&c.LogLevel, choice("debug", "info", "warn", "error"), "log.level", "日志级别：debug、info、warn 或 error"),
		bind(&c.TLSCert, text(nil), "tls.cert", "TLS 证书文件（PEM，含中间证书）；与 tls.key 同时设置则直接提供 HTTPS"),
		secret(bind(&c.TLSKey, text(nil), "tls.key", "TLS 私钥文件（PEM）")),
		bind(&c.TLSRedirect, text(checkOptionalAddr), "tls.redirect_addr", "启用 TLS 时另开的 HTTP 监听地址，只做跳转到 HTTPS（如 :80）；空则不开"),
		bind(&c.HSTS, duration(0), "tls.hsts_max_age", "启用 TLS 时 Strict-Transport-Security 的时长；0 不发送"),
		bind(&c.Proxies, prefixes(), "proxy.trusted", "受信任的反向代理地址或网段：只有来自它们的 X-Forwarded-For、X-Forwarded-Proto 才被采信"),
		bind(&c.UserHeader, text(nil), "proxy.user_header", "受信任代理传递已认证用户名的请求头（单点登录，如 X-Remote-User）；空为关闭"),
		memory,
		bind(&c.GoMemory, memorySize(16e6), "memory.go", "Go 运行时的软内存上限；集群多于约 2.4 万个时按每个集群 4 KiB 上调（环境变量 GOMEMLIMIT 优先，且不随数据上调）"),
		bind(&c.SessionIdle, duration(time.Minute), "session.idle", "会话闲置多久后失效"),
		bind(&c.SessionLifetime, duration(time.Minute), "session.lifetime", "会话最长有效期（无论是否活动）"),
		bind(&c.ExportConcurrent, count(0), "export.concurrent", "同时进行的 PDF/PNG 导出数；0 为 CPU 核数（至少 2）"),
		bind(&c.ExportWait, duration(time.Second), "export.wait", "导出排队最长等待，超过则答复“导出繁忙”"),
		bind(&c.UploadFileMB, count(1), "upload.file_mb", "网页上报：每个文件的大小上限（MB）"),
		bind(&c.UploadFiles, count(1), "upload.files", "网页上报：每次最多上传的文件数"),
		bind(&c.UploadTotalMB, count(1), "upload.total_mb", "网页上报：每次上传的总大小上限（MB）"),
		asOf,
		bind(&c.MetricsAllow, prefixes(), "metrics.allow", "可读取 /metrics 的地址或网段"),
		bind(&c.ShutdownTimeout, duration(time.Second), "shutdown_timeout", "停止服务时等待进行中的请求与载入完成的最长时间"),
	}
	return c
}

func secret(s *setting) *setting { s.secret = true; return s }

// env is the variable of a setting: CLUSTERSCOPE_TLS_CERT for tls.cert.
func (s *setting) env() string {
	return "CLUSTERSCOPE_" + strings.ToUpper(strings.NewReplacer(".", "_").Replace(s.key))
}

// flagName is the setting's flag of serve: --tls-cert for tls.cert.
func (s *setting) flagName() string {
	if s.flag != "" {
		return s.flag
	}
	return strings.NewReplacer(".", "-", "_", "-").Replace(s.key)
}

// hidden reports whether the value is a secret that is set.
func (s *setting) hidden() bool { return s.secret && s.show() != "" }

// Shown is the value as `config show` says it.
func (s *setting) Shown() string {
	if s.hidden() {
		return "（已设置，不显示）"
	}
	return s.show()
}

// dashboardOptions are the settings the dashboard applies, and all of
// them to show on 管理.
func (c *config) dashboardOptions() dashboard.Options {
	limit, _ := sizeBytes(c.DuckDBMemory) // checked when read
	o := dashboard.Options{SessionIdle: c.SessionIdle, SessionLifetime: c.SessionLifetime, Opened: c.opened,
		ExportConcurrent: c.ExportConcurrent, ExportWait: c.ExportWait, AsOf: c.AsOf,
		MetricsAllow: c.MetricsAllow, DuckDBMemoryLimit: limit, Version: version,
		TrustedProxies: c.Proxies, UserHeader: c.UserHeader, BasePath: c.BasePath}
	if c.TLS() {
		o.HSTS = c.HSTS
	}
	for _, s := range c.settings {
		st := dashboard.Setting{Key: s.key, Hidden: s.hidden(), From: s.from.kind, Where: s.from.ref()}
		if !st.Hidden {
			st.Value = s.show()
		}
		o.Settings = append(o.Settings, st)
	}
	return o
}

// uploadLimits are the browser's upload limits.
func (c *config) uploadLimits() dashboard.UploadLimits {
	return dashboard.UploadLimits{FileBytes: int64(c.UploadFileMB) << 20, Files: c.UploadFiles, TotalBytes: int64(c.UploadTotalMB) << 20}
}

func (c *config) setting(key string) *setting {
	for _, s := range c.settings {
		if s.key == key {
			return s
		}
	}
	return nil
}

// flags declares a flag of serve per setting but the data folder (the
// root's --data); their defaults are the built-in ones.
func (c *config) flags(fs *pflag.FlagSet) {
	for _, s := range c.settings {
		if s.key != "data" {
			fs.String(s.flagName(), s.show(), s.help+"（配置项 "+s.key+"，环境变量 "+s.env()+"）")
		}
	}
}

// problem is one mistake in the settings, said where it was made.
type problem struct {
	where string // "config.toml 第 3 行", "环境变量 X", "命令行 --x"
	key   string
	msg   string
	line  int
}

func (p problem) String() string {
	if p.key == "" {
		return p.where + "：" + p.msg
	}
	return fmt.Sprintf("%s 设置「%s」：%s", p.where, p.key, p.msg)
}

// fromEnv reads the CLUSTERSCOPE_* variables that are set.
func (c *config) fromEnv(lookup func(string) (string, bool)) []problem {
	var out []problem
	for _, s := range c.settings {
		v, ok := lookup(s.env())
		if !ok {
			continue
		}
		s.from = origin{kind: "env", name: s.env()}
		if err := s.set(v); err != nil {
			out = append(out, problem{where: s.from.where(), key: s.key, msg: err.Error()})
		}
	}
	return out
}

// fromFlags reads the flags of fs that were given.
func (c *config) fromFlags(fs *pflag.FlagSet) []problem {
	var out []problem
	for _, s := range c.settings {
		f := fs.Lookup(s.flagName())
		if f == nil || !f.Changed {
			continue
		}
		s.from = origin{kind: "flag", name: "--" + f.Name}
		if err := s.set(f.Value.String()); err != nil {
			out = append(out, problem{where: s.from.where(), key: s.key, msg: err.Error()})
		}
	}
	return out
}

// check finds what no single setting shows: a key without its certificate,
// a certificate that does not load, an idle time past the lifetime.
func (c *config) check() []problem {
	var out []problem
	at := func(key, msg string, args ...any) {
		s := c.setting(key)
		out = append(out, problem{where: s.from.where(), key: key, msg: fmt.Sprintf(msg, args...), line: s.from.line})
	}
	switch {
	case c.TLSKey == "" && c.TLSCert != "":
		at("tls.cert", "设置了证书，却没有私钥 tls.key：二者须同时设置")
	case c.TLSCert == "" && c.TLSKey != "":
		at("tls.key", "设置了私钥，却没有证书 tls.cert：二者须同时设置")
	case c.TLSCert != "":
		if _, err := tls.LoadX509KeyPair(c.TLSCert, c.TLSKey); err != nil {
			at("tls.cert", "无法读取证书与私钥：%v", err)
		}
	}
	if c.TLSRedirect != "" && c.TLSCert == "" {
		at("tls.redirect_addr", "只在启用 TLS（tls.cert、tls.key）时使用")
	}
	if c.SessionIdle > c.SessionLifetime {
		at("session.idle", "闲置时限 %s 长于最长有效期 session.lifetime %s", c.SessionIdle, c.SessionLifetime)
	}
	return out
}

// TLS reports whether serve answers HTTPS itself.
func (c *config) TLS() bool { return c.TLSCert != "" }

func nonEmpty(s string) error {
	if strings.TrimSpace(s) == "" {
		return fmt.Errorf("不能为空")
	}
	return nil
}

// checkAddr accepts host:port (the host may be empty: every address).
func checkAddr(s string) error {
	_, port, err := net.SplitHostPort(s)
	if err != nil || port == "" {
		return fmt.Errorf("「%s」不是监听地址（应为 主机:端口，如 localhost:8080、:8080、0.0.0.0:8080）", s)
	}
	if _, err := net.LookupPort("tcp", port); err != nil {
		return fmt.Errorf("「%s」的端口「%s」无效", s, port)
	}
	return nil
}

func checkOptionalAddr(s string) error {
	if s == "" {
		return nil
	}
	return checkAddr(s)
}

// checkBasePath accepts "" or "/" (the root) or a clean path of plain
// segments: /a/b.
func checkBasePath(s string) error {
	if s == "" || s == "/" {
		return nil
	}
	if !strings.HasPrefix(s, "/") || strings.HasSuffix(s, "/") || path.Clean(s) != s ||
		strings.ContainsAny(s, "?#%\\ \"'<>&") {
		return fmt.Errorf("「%s」无效：应以 / 开头、不以 / 结尾，只含路径段（如 /clusterscope）", s)
	}
	return nil
}
