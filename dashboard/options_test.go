package dashboard_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"clusterscope/dashboard"
)

// TestAdminShowsTheEffectiveSettings: 管理 lists every setting with its
// value and where it came from; a secret shows only that it is set.
func TestAdminShowsTheEffectiveSettings(t *testing.T) {
	ts := newServer(t, fixtureRows)
	ts.srv.Configure(dashboard.Options{Settings: []dashboard.Setting{
		{Key: "addr", Value: "0.0.0.0:8080", From: "file", Where: "/etc/clusterscope/config.toml:7"},
		{Key: "tls.key", Hidden: true, From: "env", Where: "CLUSTERSCOPE_TLS_KEY"},
		{Key: "log.level", Value: "info", From: "default"},
	}})
	status, _, body := getAs(t, ts, "admin", "/api/admin")
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, body)
	}
	var v struct {
		Tables []struct {
			ID   string           `json:"id"`
			Rows []map[string]any `json:"rows"`
		} `json:"tables"`
	}
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	for _, tb := range v.Tables {
		if tb.ID == "settings" {
			rows = tb.Rows
		}
	}
	want := []map[string]string{
		{"key": "addr", "value": "0.0.0.0:8080", "from": "配置文件 /etc/clusterscope/config.toml:7"},
		{"key": "tls.key", "value": "（已设置，不显示）", "from": "环境变量 CLUSTERSCOPE_TLS_KEY"},
		{"key": "log.level", "value": "info", "from": "默认值"},
	}
	if len(rows) != len(want) {
		t.Fatalf("settings table %v, want %v", rows, want)
	}
	for i := range want {
		for k, w := range want[i] {
			if rows[i][k] != w {
				t.Errorf("row %d %s = %q, want %q", i, k, rows[i][k], w)
			}
		}
	}
}

// TestSessionIdleTimeIsConfigured: a session idle for longer than the
// configured time is over: the next page asks to sign in again.
func TestSessionIdleTimeIsConfigured(t *testing.T) {
	ts := newServer(t, fixtureRows)
	ts.srv.Configure(dashboard.Options{SessionIdle: 300 * time.Millisecond})
	c := ts.login(t, "ministry")
	for _, wait := range []time.Duration{0, 600 * time.Millisecond} {
		time.Sleep(wait)
		res, err := c.Get(ts.URL + "/compare")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		signedOut := strings.HasPrefix(res.Request.URL.Path, "/login")
		if signedOut != (wait > 0) {
			t.Errorf("after %s idle: signed out %v", wait, signedOut)
		}
	}
}
