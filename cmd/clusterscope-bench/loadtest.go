package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/pprof"
	"time"

	"github.com/spf13/cobra"

	"clusterscope"
	"clusterscope/dashboard"
	"clusterscope/queries"
	"clusterscope/warehouse"
)

// Bounds of a load run: it must end, and not by exhausting the machine.
const (
	maxLoadDuration     = 10 * time.Minute
	maxLoadConnections  = 1024
	defaultLoadClusters = 315 // the demo's size: 15 candidates and 300 recognised clusters
)

// loadOptions configure `clusterscope-bench loadtest`.
type loadOptions struct {
	Duration    time.Duration
	Connections int
	Requests    int // at most this many in all
	Clusters    int
	From        string // an existing warehouse to serve instead of generated data
	Addr        string // a running server on loopback; "" starts one in-process
	User        string // with Addr: the account to sign in as (password in CLUSTERSCOPE_PASSWORD)
	JSON        string // also write the results as JSON to this file
	CPUProfile  string // profile the run (server and client, in-process) to this file
	Warmup      bool   // ask every distinct request once, one at a time, before the timed run
}

// newLoadTest is `clusterscope-bench loadtest`.
func newLoadTest() *cobra.Command {
	o := loadOptions{}
	cmd := &cobra.Command{
		Use:   "loadtest [--duration 60s] [--connections 64] [--clusters N] [--addr 127.0.0.1:8080 --user NAME]",
		Short: "对本机看板做有界压力测试（只允许回环地址），按接口报告请求数、错误、吞吐和 p50/p90/p99/最大延迟",
		Long: "不给 --addr 时，在临时目录生成 N 个集群的合成数据，在 127.0.0.1 上启动看板，建部级账户并经登录表单登录；\n" +
			"给 --addr 时对已运行的本机看板测试，账户用 --user，密码取环境变量 CLUSTERSCOPE_PASSWORD。\n" +
			"只允许回环地址。有任何错误时退出码为 1。",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			res, err := loadTest(cmd.Context(), o, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			res.print(cmd.OutOrStdout())
			if o.JSON != "" {
				if err := res.writeJSON(o.JSON); err != nil {
					return err
				}
			}
			if res.Total.Errors > 0 {
				fmt.Fprintf(cmd.ErrOrStderr(), "%d 个请求出错，首个：%s\n", res.Total.Errors, res.FirstError)
				return errReported
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.DurationVar(&o.Duration, "duration", 60*time.Second, "持续时间（至多 10 分钟）")
	f.IntVar(&o.Connections, "connections", 64, "并发连接数（至多 1024）")
	f.IntVar(&o.Requests, "requests", 5_000_000, "请求总数上限")
	f.IntVar(&o.Clusters, "clusters", defaultLoadClusters, "生成的集群数（不给 --addr 时）")
	f.StringVar(&o.From, "from", "", "不生成数据，改用此已有的数据仓库（会在其中建一个 loadtest 账户）")
	f.StringVar(&o.Addr, "addr", "", "已运行的本机看板地址（仅回环地址）")
	f.StringVar(&o.User, "user", "", "与 --addr 一起：登录的账户（密码取环境变量 CLUSTERSCOPE_PASSWORD）")
	f.StringVar(&o.JSON, "json", "", "另将结果以 JSON 写入此文件")
	f.BoolVar(&o.Warmup, "warmup", false, "计时前先逐个请求每个不同的请求一次（其延迟另行报告为冷启动）")
	f.StringVar(&o.CPUProfile, "cpuprofile", "", "将压测期间的 CPU 剖析写入此文件（go tool pprof 读取）")
	return cmd
}

// loadTest checks the options, finds or starts the server, signs in and runs.
func loadTest(ctx context.Context, o loadOptions, log io.Writer) (*loadResult, error) {
	switch {
	case o.Duration <= 0 || o.Duration > maxLoadDuration:
		return nil, clusterscope.Errorf(clusterscope.EINVALID, "--duration 应在 0 到 %s 之间", maxLoadDuration)
	case o.Connections < 1 || o.Connections > maxLoadConnections:
		return nil, clusterscope.Errorf(clusterscope.EINVALID, "--connections 应为 1–%d", maxLoadConnections)
	case o.Requests < 1:
		return nil, clusterscope.Errorf(clusterscope.EINVALID, "--requests 应至少为 1")
	}
	base, user, password := "", o.User, os.Getenv("CLUSTERSCOPE_PASSWORD")
	if o.Addr != "" {
		if err := loopbackOnly(o.Addr); err != nil {
			return nil, err
		}
		if user == "" || password == "" {
			return nil, clusterscope.Errorf(clusterscope.EINVALID, "对 --addr 测试需要 --user 和环境变量 CLUSTERSCOPE_PASSWORD")
		}
		base = "http://" + o.Addr
	} else {
		if o.Clusters < 1 || o.Clusters > 200_000 {
			return nil, clusterscope.Errorf(clusterscope.EINVALID, "--clusters 应为 1–200000")
		}
		var wh *warehouse.Warehouse
		if o.From != "" {
			var err error
			if wh, err = warehouse.Open(o.From); err != nil {
				return nil, err
			}
		} else {
			dir, err := os.MkdirTemp("", "clusterscope-loadtest-")
			if err != nil {
				return nil, err
			}
			defer os.RemoveAll(dir)
			var st benchStats
			if wh, st, err = buildBenchData(dir, o.Clusters); err != nil {
				return nil, err
			}
			fmt.Fprintln(log, "数据：", st)
		}
		user, password = "loadtest", randomPassword()
		if err := wh.AddUser(clusterscope.User{Name: user, Role: clusterscope.RoleMinistry}, password); err != nil {
			// left by an earlier run, disabled at its end
			if err := wh.SetPassword(user, password); err != nil {
				return nil, err
			}
			if err := wh.EnableUser(user); err != nil {
				return nil, err
			}
		}
		if o.From != "" {
			defer wh.DisableUser(user) // leave no usable account behind in a kept warehouse
		}
		url, stop, err := serveInProcess(wh)
		if err != nil {
			return nil, err
		}
		defer stop()
		base = url
	}
	client, err := loadSignIn(base, user, password, o.Connections)
	if err != nil {
		return nil, err
	}
	targets, err := discoverTargets(ctx, client, base)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(log, "压测 %s：%d 个连接，%s，%d 个不同请求\n", base, o.Connections, o.Duration, len(targets))
	if o.CPUProfile != "" {
		f, err := os.Create(o.CPUProfile)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return nil, err
		}
		defer pprof.StopCPUProfile()
	}
	var warm *endpointStats
	if o.Warmup {
		t0 := time.Now()
		var lat []time.Duration
		errs := 0
		for _, t := range targets {
			t1 := time.Now()
			if err := fetch(client, base+t.Path); err != nil {
				errs++
			}
			lat = append(lat, time.Since(t1))
		}
		s := stats("warm-up", lat, errs, time.Since(t0))
		warm = &s
	}
	res := hammer(ctx, client, base, targets, o)
	res.Warmup = warm
	return res, nil
}

// loopbackOnly refuses any target but this machine.
func loopbackOnly(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return clusterscope.Errorf(clusterscope.EINVALID, "--addr「%s」应为 主机:端口", addr)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return clusterscope.Errorf(clusterscope.EINVALID, "--addr「%s」不是回环地址：压力测试只允许对本机（127.0.0.1、::1、localhost）进行", addr)
}

// randomPassword is the password of the account a load run creates.
func randomPassword() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// serveInProcess serves the dashboard over wh on a loopback port, without
// the exports' Chromium; stop shuts it down.
func serveInProcess(wh *warehouse.Warehouse) (url string, stop func(), err error) {
	db, err := queries.Open()
	if err != nil {
		return "", nil, err
	}
	srv := dashboard.New(wh, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := srv.Refresh(); err != nil {
		db.Close()
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		db.Close()
		return "", nil, err
	}
	hs := &http.Server{Handler: srv.Echo, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	return "http://" + ln.Addr().String(), func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		hs.Shutdown(ctx)
		db.Close()
	}, nil
}
