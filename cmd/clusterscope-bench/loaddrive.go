package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"clusterscope"
)

// loadEndpoints are the JSON endpoints a load run exercises, in report order.
var loadEndpoints = []string{"overview", "compare", "monitor", "assess", "cluster"}

// target is one request of the mix: an endpoint with a realistic query.
type target struct {
	Endpoint, Path string
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// loadSignIn logs in through the login form, as a browser does, and returns a
// client that keeps the session cookie and up to conns connections open.
// It follows no redirect: signing in asks for no page, so a cold server
// stays cold, and a request sent back to the login page is an error.
func loadSignIn(base, user, password string, conns int) (*http.Client, error) {
	jar, _ := cookiejar.New(nil)
	tr := &http.Transport{MaxIdleConns: conns, MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns,
		IdleConnTimeout: time.Minute}
	c := &http.Client{Jar: jar, Transport: tr, Timeout: 10 * time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(base + "/login")
	if err != nil {
		return nil, fmt.Errorf("login page: %w", err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfInput.FindSubmatch(page)
	if m == nil {
		return nil, fmt.Errorf("login page of %s has no CSRF token", base)
	}
	res, err = c.PostForm(base+"/login", url.Values{"csrf": {string(m[1])}, "username": {user}, "password": {password}})
	if err != nil {
		return nil, fmt.Errorf("login: %w", err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	// Signed in: 303 to the page asked for; refused: the form again (401, 429).
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || strings.HasPrefix(loc, "/login") {
		return nil, clusterscope.Errorf(clusterscope.EINVALID, "以 %s 登录失败：%s", user, res.Status)
	}
	return c, nil
}

// pageJSON is the part of a page's JSON the discovery reads.
type pageJSON struct {
	Filters map[string]struct {
		Value   any `json:"value"`
		Options []struct {
			Value any `json:"value"`
		} `json:"options"`
	} `json:"filters"`
}

// getJSON GETs a page's JSON.
func getJSON(c *http.Client, u string) (*pageJSON, error) {
	res, err := c.Get(u)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", u, res.Status)
	}
	var p pageJSON
	return &p, json.NewDecoder(res.Body).Decode(&p)
}

// options are the non-empty values a page offers for a filter.
func (p *pageJSON) options(name string) []string {
	var out []string
	for _, o := range p.Filters[name].Options {
		if s := fmt.Sprint(o.Value); s != "" && s != "0" {
			out = append(out, s)
		}
	}
	return out
}

// discoverTargets builds the request mix from what the server holds: per
// batch, the national pages and each province's, the assessment of 宁夏's
// candidates and of a province's recognised clusters, and profiles of
// clusters spread over the list.
func discoverTargets(ctx context.Context, c *http.Client, base string) ([]target, error) {
	first, err := getJSON(c, base+"/api/compare")
	if err != nil {
		return nil, err
	}
	var out []target
	add := func(endpoint string, q url.Values) {
		out = append(out, target{endpoint, "/api/" + endpoint + "?" + q.Encode()})
	}
	add("overview", url.Values{})
	for _, b := range first.options("batch") {
		page, err := getJSON(c, base+"/api/compare?batch="+b)
		if err != nil {
			return nil, err
		}
		year := page.Filters["year"].Value
		provinces := page.options("province")
		add("overview", url.Values{"batch": {b}})
		add("monitor", url.Values{"batch": {b}})
		for _, p := range provinces {
			add("overview", url.Values{"batch": {b}, "province": {p}})
			add("compare", url.Values{"batch": {b}, "year": {fmt.Sprint(year)}, "province": {p}})
			add("monitor", url.Values{"batch": {b}, "province": {p}})
		}
		if len(provinces) > 0 {
			add("compare", url.Values{"batch": {b}, "province": {provinces[0]}, "field": {"rd_intensity"}})
			add("assess", url.Values{"batch": {b}, "province": {provinces[0]}, "status": {"recognised"}})
		}
		if slices.Contains(provinces, "宁夏回族自治区") {
			add("assess", url.Values{"batch": {b}, "province": {"宁夏回族自治区"}})
		}
		profiles, err := getJSON(c, base+"/api/cluster?batch="+b)
		if err != nil {
			return nil, err
		}
		ids := profiles.options("id")
		for i := 0; i < len(ids); i += max(1, len(ids)/20) {
			add("cluster", url.Values{"batch": {b}, "id": {ids[i]}})
		}
	}
	return out, ctx.Err()
}

// hammer sends the mix from o.Connections workers until the duration is
// over or o.Requests were sent; each worker takes the endpoints in turn and
// a random query of each.
func hammer(ctx context.Context, c *http.Client, base string, targets []target, o loadOptions) *loadResult {
	by := map[string][]target{}
	for _, t := range targets {
		by[t.Endpoint] = append(by[t.Endpoint], t)
	}
	var eps []string
	for _, e := range loadEndpoints {
		if len(by[e]) > 0 {
			eps = append(eps, e)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, o.Duration)
	defer cancel()
	var sent atomic.Int64
	samples := make([]map[string]*endpointSamples, o.Connections)
	var firstErr atomic.Value
	var wg sync.WaitGroup
	start := time.Now()
	for w := range o.Connections {
		samples[w] = map[string]*endpointSamples{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 7))
			for i := w; ctx.Err() == nil && sent.Add(1) <= int64(o.Requests); i++ {
				e := eps[i%len(eps)]
				t := by[e][r.IntN(len(by[e]))]
				s := samples[w][e]
				if s == nil {
					s = &endpointSamples{}
					samples[w][e] = s
				}
				t0 := time.Now()
				err := fetch(c, base+t.Path)
				s.lat = append(s.lat, time.Since(t0))
				if err != nil {
					s.errors++
					firstErr.CompareAndSwap(nil, err.Error())
				}
			}
		}()
	}
	wg.Wait()
	res := summarise(eps, samples, time.Since(start))
	res.Connections, res.Duration = o.Connections, o.Duration.String()
	if e, ok := firstErr.Load().(string); ok {
		res.FirstError = e
	}
	return res
}

// fetch GETs a JSON endpoint; anything but a 200 with a JSON object (or a
// gzip stream, which is what the server sends a client that accepts it) is
// an error. It asks for gzip as browsers do but does not unpack: that is
// the browser's work, on its own machine, and here it would take the cores
// the server is measured on.
func fetch(c *http.Client, u string) error {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := c.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	ok := len(b) > 0 && b[0] == '{'
	if res.Header.Get("Content-Encoding") == "gzip" {
		ok = len(b) > 2 && b[0] == 0x1f && b[1] == 0x8b
	}
	if res.StatusCode != http.StatusOK || !ok {
		return fmt.Errorf("GET %s: %s %.200s", u, res.Status, b)
	}
	return nil
}

type endpointSamples struct {
	lat    []time.Duration
	errors int
}

// endpointStats are one endpoint's figures (latencies in milliseconds).
type endpointStats struct {
	Endpoint           string
	Requests, Errors   int
	PerSecond          float64
	P50, P90, P99, Max float64
}

// loadResult is a whole run.
type loadResult struct {
	Connections int
	Duration    string
	Seconds     float64
	Endpoints   []endpointStats
	Total       endpointStats
	Warmup      *endpointStats `json:",omitempty"` // each distinct request once, one at a time, before the run
	FirstError  string         `json:",omitempty"`
}

// summarise merges the workers' samples per endpoint and in all.
func summarise(eps []string, samples []map[string]*endpointSamples, elapsed time.Duration) *loadResult {
	res := &loadResult{Seconds: elapsed.Seconds()}
	var all []time.Duration
	for _, e := range eps {
		var lat []time.Duration
		errs := 0
		for _, m := range samples {
			if s := m[e]; s != nil {
				lat, errs = append(lat, s.lat...), errs+s.errors
			}
		}
		all = append(all, lat...)
		res.Endpoints = append(res.Endpoints, stats(e, lat, errs, elapsed))
		res.Total.Errors += errs
	}
	errs := res.Total.Errors
	res.Total = stats("all", all, errs, elapsed)
	return res
}

// stats computes one endpoint's figures from its latencies.
func stats(name string, lat []time.Duration, errs int, elapsed time.Duration) endpointStats {
	s := endpointStats{Endpoint: name, Requests: len(lat), Errors: errs, PerSecond: float64(len(lat)) / elapsed.Seconds()}
	if len(lat) == 0 {
		return s
	}
	slices.Sort(lat)
	q := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	s.P50, s.P90, s.P99, s.Max = q(0.50), q(0.90), q(0.99), float64(lat[len(lat)-1].Microseconds())/1000
	return s
}

// print writes the run as a table.
func (r *loadResult) print(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "endpoint\trequests\terrors\treq/s\tp50 ms\tp90 ms\tp99 ms\tmax ms\t\n")
	for _, s := range append(r.Endpoints, r.Total) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.1f\t%.2f\t%.2f\t%.2f\t%.2f\t\n", s.Endpoint, s.Requests, s.Errors, s.PerSecond, s.P50, s.P90, s.P99, s.Max)
	}
	tw.Flush()
	fmt.Fprintf(w, "%d 个连接，%.1f 秒\n", r.Connections, r.Seconds)
	if s := r.Warmup; s != nil {
		fmt.Fprintf(w, "预热（每个不同请求一次，逐个）：%d 个请求，%d 个错误，p50 %.2f ms，p99 %.2f ms，最大 %.2f ms\n",
			s.Requests, s.Errors, s.P50, s.P99, s.Max)
	}
}

// writeJSON writes the run as JSON, for benchreport.
func (r *loadResult) writeJSON(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
