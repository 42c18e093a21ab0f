package main

import (
	"context"
	"io"
	"testing"
	"time"
)

// TestLoadTestRefusesOtherHosts: only this machine may be load-tested.
func TestLoadTestRefusesOtherHosts(t *testing.T) {
	for _, addr := range []string{"127.0.0.1:8080", "[::1]:8080", "localhost:8080", "127.8.9.10:80"} {
		if err := loopbackOnly(addr); err != nil {
			t.Errorf("%s refused: %v", addr, err)
		}
	}
	for _, addr := range []string{"10.0.0.1:8080", "example.org:80", "0.0.0.0:8080", "[::]:80", "8080", "192.168.1.2:80"} {
		if err := loopbackOnly(addr); err == nil {
			t.Errorf("%s allowed", addr)
		}
	}
	_, err := loadTest(context.Background(), loadOptions{Addr: "10.1.2.3:80", User: "x", Duration: time.Second,
		Connections: 1, Requests: 1}, io.Discard)
	if err == nil {
		t.Error("load run against 10.1.2.3 started")
	}
}

// TestLoadTestSmallRun runs the whole command path briefly: generated data,
// a signed-in ministry user, every endpoint, no errors.
func TestLoadTestSmallRun(t *testing.T) {
	res, err := loadTest(context.Background(), loadOptions{Duration: 2 * time.Second, Connections: 4,
		Requests: 200, Clusters: 40}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if res.Total.Errors > 0 {
		t.Fatalf("%d errors, first: %s", res.Total.Errors, res.FirstError)
	}
	if res.Total.Requests == 0 || res.Total.Requests > 200+4 {
		t.Errorf("%d requests, want 1–204", res.Total.Requests)
	}
	seen := map[string]bool{}
	for _, e := range res.Endpoints {
		seen[e.Endpoint] = e.Requests > 0
	}
	for _, e := range []string{"overview", "compare", "monitor", "cluster"} {
		if !seen[e] {
			t.Errorf("endpoint %s not exercised", e)
		}
	}
}
