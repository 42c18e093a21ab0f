package main

import (
	"net/http"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// nginxConf publishes the dashboard under /clusterscope/ as the README
// tells an operator to: the prefix passed on, the host, the client's
// address and the scheme forwarded.
const nginxConf = `daemon off;
master_process off;
pid {{dir}}/nginx.pid;
error_log {{dir}}/error.log warn;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path {{dir}}/body;
	proxy_temp_path {{dir}}/proxy;
	fastcgi_temp_path {{dir}}/fastcgi;
	uwsgi_temp_path {{dir}}/uwsgi;
	scgi_temp_path {{dir}}/scgi;
	server {
		listen {{listen}};
		location /clusterscope/ {
			proxy_pass http://{{backend}};
			proxy_set_header Host $http_host;
			proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
			proxy_set_header X-Forwarded-Proto $scheme;
			proxy_read_timeout 120s;
		}
	}
}
`

// startNginx runs Debian's nginx on loopback in front of backend until the
// test ends, and returns its address.
func startNginx(t *testing.T, backend string) string {
	t.Helper()
	bin, err := exec.LookPath("nginx")
	if err != nil {
		if bin, err = exec.LookPath("/usr/sbin/nginx"); err != nil {
			t.Fatal("no nginx: `make test` installs Debian's nginx")
		}
	}
	dir, listen := t.TempDir(), freePort(t)
	conf := strings.NewReplacer("{{dir}}", dir, "{{listen}}", listen, "{{backend}}", strings.TrimPrefix(backend, "http://")).Replace(nginxConf)
	path := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(path, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-c", path, "-p", dir, "-e", filepath.Join(dir, "error.log"))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for i := 0; ; i++ {
		res, err := http.Get("http://" + listen + "/clusterscope/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return "http://" + listen
			}
		}
		if i == 100 {
			log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Fatalf("nginx does not answer: %v\n%s", err, log)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestBehindNginxUnderSubPath: through a real nginx at /clusterscope/, a
// user is sent to sign in there, signs in, opens every page with its charts
// drawn and every request under the sub-path, downloads a table and a PDF
// export, and signs out, all through the proxy.
func TestBehindNginxUnderSubPath(t *testing.T) {
	c := localConfig(demoData(t), "")
	c.BasePath, c.Proxies = "/clusterscope", []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	front := startNginx(t, serveData(t, c)) + "/clusterscope"

	plain := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := plain.Get(front + "/compare?batch=2022")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusFound || !strings.HasPrefix(loc, "/clusterscope/login?next=") {
		t.Fatalf("a page without an account: %d to %q, want the sign-in page under the sub-path", res.StatusCode, loc)
	}

	ctx := browser(t)
	signIn(t, ctx, front+"/overview", "e2e", e2ePassword)
	for _, pc := range pageCases {
		if err := chromedp.Do(ctx, chromedp.Navigate(front+pc.path)); err != nil {
			t.Fatal(err)
		}
		if err := rendered(ctx); err != nil {
			t.Fatalf("%s not rendered through nginx: %v (%s)", pc.name, err, eval[string](t, ctx, `document.getElementById("status").textContent`))
		}
		// Every request the page made, and every link it shows, is under the sub-path.
		outside := eval[[]string](t, ctx, `[...performance.getEntriesByType("resource").map(e => e.name),
			...[...document.querySelectorAll("a[href], link[href], script[src], form[action]")].map(e => e.href || e.src || e.action)]
			.filter(u => new URL(u).origin === location.origin && !new URL(u).pathname.startsWith("/clusterscope/"))`)
		if len(outside) > 0 {
			t.Errorf("%s names URLs outside /clusterscope/: %v", pc.name, outside)
		}
		if n := eval[int](t, ctx, `document.querySelectorAll(".chart canvas").length`); n == 0 {
			t.Errorf("%s: no chart drawn", pc.name)
		}
		if pc.name == "compare" {
			csv, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(document.querySelector("#table a.download").href)
				.then(r => r.status + " " + new URL(r.url).pathname + " " + r.headers.get("Content-Type"))`, chromedp.EvalAwaitPromise))
			if err != nil || !strings.HasPrefix(csv, "200 /clusterscope/api/compare.csv text/csv") {
				t.Errorf("table download through nginx: %s %v", csv, err)
			}
			exportPDF(t, ctx, "compare-behind-nginx")
		}
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`form.account button`)), chromedp.WaitVisible(chromedp.CSS(`#username`))); err != nil {
		t.Fatalf("sign out: %v", err)
	}
	if path := eval[string](t, ctx, `location.pathname`); path != "/clusterscope/login" {
		t.Errorf("signed out to %s, want /clusterscope/login", path)
	}
}
