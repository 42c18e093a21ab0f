package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"time"
)

// benchPages are the data pages of the navigation (dashboard/page.go): the
// five of issue 17 in the order a user meets them, then the lifecycle's
// two; each is its HTML at /NAME and its JSON at /api/NAME.
var benchPages = []struct{ Name, Title string }{
	{"overview", "总览"}, {"compare", "对比"}, {"assess", "评审推荐"}, {"cluster", "集群档案"}, {"monitor", "目标监测"},
	{"portfolio", "动态管理"}, {"recheck", "复核"},
}

// pageFigure is one visit of a page as a browser opening its address
// makes it: the HTML, then the JSON its script asks for (no query: the
// page's defaults).
type pageFigure struct {
	Page           string
	HTMLms, JSONms float64
	Plain, Gzip    int    // bytes of the JSON
	ServerGzip     bool   // the server sent it gzipped; else Gzip is this tool's gzip of it
	Profile        string `json:",omitempty"` // the server's CPU profile over the visit
	Error          string `json:",omitempty"` // why the visit failed, with the server's log line
}

// MS is the visit's time: HTML and JSON, one after the other.
func (p pageFigure) MS() float64 { return p.HTMLms + p.JSONms }

// visitPage times one visit of page.
func visitPage(c *http.Client, base, page string) (pageFigure, error) {
	f := pageFigure{Page: page}
	t0 := time.Now()
	_, _, err := get(c, base+"/"+page, '<')
	f.HTMLms = msSince(t0, time.Now())
	if err != nil {
		return f, err
	}
	t1 := time.Now()
	body, gz, err := get(c, base+"/api/"+page, '{')
	f.JSONms = msSince(t1, time.Now()) // a failure's time too: how long it took to fail
	if err != nil {
		return f, err
	}
	f.ServerGzip = gz
	if gz {
		f.Gzip = len(body)
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return f, fmt.Errorf("/api/%s: %w", page, err)
		}
		n, err := io.Copy(io.Discard, zr)
		if err != nil {
			return f, fmt.Errorf("/api/%s: %w", page, err)
		}
		f.Plain = int(n)
		return f, nil
	}
	f.Plain = len(body)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(body)
	zw.Close()
	f.Gzip = buf.Len()
	return f, nil
}

func msSince(a, b time.Time) float64 { return float64(b.Sub(a).Microseconds()) / 1000 }

// get GETs u asking for gzip as browsers do, and checks the answer is a
// 200 whose (unpacked) body starts with first. It returns the body as
// sent and whether it was gzipped.
func get(c *http.Client, u string, first byte) ([]byte, bool, error) {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return nil, false, err
	}
	req.Header.Set("Accept-Encoding", "gzip") // set by hand, so the transport leaves the body packed
	res, err := c.Do(req)
	if err != nil {
		return nil, false, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, false, err
	}
	gz := res.Header.Get("Content-Encoding") == "gzip"
	head := b
	if gz {
		if zr, err := gzip.NewReader(bytes.NewReader(b)); err == nil {
			head = make([]byte, 64)
			n, _ := io.ReadFull(zr, head)
			head = head[:n]
		}
	}
	head = bytes.TrimLeft(head, " \t\r\n")
	if res.StatusCode != http.StatusOK || len(head) == 0 || head[0] != first {
		return nil, false, fmt.Errorf("GET %s: %s %.200q", u, res.Status, head)
	}
	return b, gz, nil
}
