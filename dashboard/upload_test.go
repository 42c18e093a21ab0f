package dashboard_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"clusterscope"
	"clusterscope/cmd/clusterscope/demo"
	"clusterscope/dashboard"
	"clusterscope/etl"
)

// uploadServer serves the fixture with its 沙坡头区 and 中宁县 clusters and
// takes uploads through the CLI's load (etl.Intake), with the limits.
func uploadServer(t *testing.T, limits dashboard.UploadLimits) *testServer {
	t.Helper()
	ts := newServer(t, fixtureRows+countyRows)
	ts.srv.SetIntake(&etl.Intake{W: ts.wh, Wait: 300 * time.Millisecond}, limits)
	viewer := clusterscope.User{Name: "viewer", Role: clusterscope.RoleViewer, Scope: shapotou.Scope}
	if err := ts.wh.AddUser(viewer, testPassword); err != nil {
		t.Fatal(err)
	}
	ts.clients["viewer"] = ts.login(t, "viewer")
	return ts
}

// demoApplication is the demo's application of NX-ZW-001 (沙坡头区) as a
// long CSV, with edit applied to its lines.
func demoApplication(t *testing.T, edit func(line string) string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := demo.Write(&buf, demo.Options{Seed: 2022, Candidates: 1, Recognised: -1}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	for i, l := range lines {
		if i > 0 && edit != nil {
			lines[i] = edit(l)
		}
	}
	return []byte(strings.Join(lines, "\n"))
}

// withWarning gives the application a target baseline that differs from
// its own figure: a warning, not an error.
func withWarning(l string) string {
	if strings.Contains(l, ",target.output_total,2021,") {
		return l[:strings.LastIndex(l, ",")+1] + "1.00"
	}
	return l
}

// renamed is the application of another cluster of the same county.
func renamed(id string) func(string) string {
	return func(l string) string { return strings.Replace(l, "NX-ZW-001,", id+",", 1) }
}

type file struct {
	name string
	data []byte
}

type uploadAnswer struct {
	ID       string `json:"id"`
	Error    string `json:"error"`
	Summary  string `json:"summary"`
	CanStore bool   `json:"can_store"`
	Problems string `json:"problems"`
	Files    []struct {
		File     string `json:"file"`
		SHA256   string `json:"sha256"`
		Outcome  string `json:"outcome"`
		Errors   int    `json:"errors"`
		Warnings int    `json:"warnings"`
		Ack      string `json:"ack"`
		Note     string `json:"note"`
		Problems []struct {
			Kind, Sheet, Cell, Field, Message string
			Line                              int
		} `json:"problems"`
		Clusters []struct {
			Value string `json:"value"`
		} `json:"clusters"`
	} `json:"files"`
}

// token is the CSRF token of user's session, as a page carries it.
func token(t *testing.T, ts *testServer, user string) string {
	t.Helper()
	_, _, page := getAs(t, ts, user, "/uploads")
	m := csrfMeta.FindSubmatch(page)
	if m == nil {
		t.Fatalf("%s: no CSRF token in the page", user)
	}
	return string(m[1])
}

// upload posts files as user, as the page's script does (CSRF header
// unless csrf is ""), and returns the status and the answer.
func upload(t *testing.T, ts *testServer, user, csrf string, files ...file) (int, uploadAnswer) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, f := range files {
		w, _ := mw.CreateFormFile("files", f.name)
		w.Write(f.data)
	}
	mw.Close()
	return send(t, ts, user, csrf, "/api/upload", mw.FormDataContentType(), &body)
}

// store posts the upload's id and the acknowledged files' SHA-256.
func store(t *testing.T, ts *testServer, user, csrf, id string, ack ...string) (int, uploadAnswer) {
	t.Helper()
	form := url.Values{"id": {id}, "ack": ack}
	return send(t, ts, user, csrf, "/api/upload/store", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
}

func send(t *testing.T, ts *testServer, user, csrf, path, ctype string, body io.Reader) (int, uploadAnswer) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, ts.URL+path, body)
	req.Header.Set("Content-Type", ctype)
	if csrf != "" {
		req.Header.Set("X-CSRF-Token", csrf)
	}
	return answerJSON[uploadAnswer](t, ts, user, req)
}

// answer sends req as user (no one: "") and reads the JSON answer.
func answerJSON[T any](t *testing.T, ts *testServer, user string, req *http.Request) (int, T) {
	t.Helper()
	client := http.DefaultClient
	if user != "" {
		client = ts.clients[user]
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var a T
	if err := json.Unmarshal(b, &a); err != nil {
		t.Fatalf("%s: %d, not JSON: %.300s", req.URL.Path, res.StatusCode, b)
	}
	return res.StatusCode, a
}

// TestUploadCheckAcknowledgeStore: the 县级 applicant uploads its
// application with a warning; it is checked and kept, not stored, until the
// warning is acknowledged; then it is stored through the CLI's load, shown
// on the cluster's page at once, recorded in the history and the audit log,
// and its original downloads again.
func TestUploadCheckAcknowledgeStore(t *testing.T) {
	ts := uploadServer(t, dashboard.UploadLimits{})
	csrf := token(t, ts, "shapotou")
	data := demoApplication(t, withWarning)
	status, a := upload(t, ts, "shapotou", csrf, file{"沙坡头-申报.csv", data})
	if status != http.StatusOK || len(a.Files) != 1 || a.Files[0].Outcome != "checked" || !a.CanStore {
		t.Fatalf("check: %d %+v", status, a)
	}
	f := a.Files[0]
	if f.Warnings == 0 || f.Errors != 0 || !strings.Contains(f.Ack, "警告") || !strings.Contains(f.Problems[0].Message, "目标基准值") ||
		f.Problems[0].Line == 0 || f.Problems[0].Field == "" {
		t.Fatalf("the warning is not shown with its line and field: %+v", f)
	}
	if status, _, body := getAs(t, ts, "shapotou", "/api/cluster?batch=2022&id=NX-ZW-001"); status != 200 || strings.Contains(string(body), "沙坡头区经济和信息化局") {
		t.Fatalf("a checked file was stored before its warning was acknowledged: %d", status)
	}
	if status, b := store(t, ts, "shapotou", csrf, a.ID); status != http.StatusBadRequest || !strings.Contains(b.Error, "条警告") {
		t.Fatalf("store without acknowledging: %d %q", status, b.Error)
	}
	if status, b := store(t, ts, "zhongwei", token(t, ts, "zhongwei"), a.ID, f.SHA256); status != http.StatusNotFound {
		t.Fatalf("another user stores the upload: %d %q", status, b.Error)
	}
	status, s := store(t, ts, "shapotou", csrf, a.ID, f.SHA256)
	if status != http.StatusOK || s.Files[0].Outcome != "loaded" || len(s.Files[0].Clusters) != 1 ||
		s.Files[0].Clusters[0].Value != "/cluster?batch=2022&id=NX-ZW-001" {
		t.Fatalf("store: %d %+v", status, s)
	}
	if status, _, body := getAs(t, ts, "shapotou", "/api/cluster?batch=2022&id=NX-ZW-001"); status != 200 || !strings.Contains(string(body), "沙坡头区经济和信息化局") {
		t.Errorf("the stored application is not on the cluster's page: %d", status)
	}
	if status, b := store(t, ts, "shapotou", csrf, a.ID, f.SHA256); status != http.StatusNotFound {
		t.Errorf("the same upload stored twice: %d %+v", status, b)
	}
	// Sent again, the same file changes nothing.
	_, again := upload(t, ts, "shapotou", csrf, file{"again.csv", data})
	if _, s := store(t, ts, "shapotou", csrf, again.ID, again.Files[0].SHA256); s.Files[0].Outcome != "repeated" {
		t.Errorf("the same file again: %+v", s.Files[0])
	}
	log, _ := ts.wh.AuditLog(10)
	var actions []string
	for _, e := range log {
		actions = append(actions, string(e.Action))
		if e.Action == clusterscope.AuditUpload && (e.Who != "shapotou" || !strings.Contains(e.Detail, f.SHA256) || e.IP == "") {
			t.Errorf("upload audited as %+v", e)
		}
	}
	if !strings.Contains(strings.Join(actions, " "), "upload load upload") {
		t.Errorf("audit log: %v, want the check, the load and the store", actions)
	}
	// The history: the uploader's own, with the original to download.
	_, _, hist := getAs(t, ts, "shapotou", "/api/uploads")
	href := regexp.MustCompile(`/api/uploads/file\?id=[^"]+`).Find(hist)
	if href == nil || !strings.Contains(string(hist), "沙坡头-申报.csv") {
		t.Fatalf("history: %.600s", hist)
	}
	link := strings.ReplaceAll(string(href), `\u0026`, "&")
	if status, _, b := getAs(t, ts, "shapotou", link); status != 200 || !bytes.Equal(b, data) {
		t.Errorf("the original again: %d, %d bytes of %d", status, len(b), len(data))
	}
	if status, _, _ := getAs(t, ts, "admin", link); status != 200 {
		t.Errorf("an administrator downloading it: %d", status)
	}
	for _, user := range []string{"zhongwei", "guangdong"} {
		if status, _, b := getAs(t, ts, user, link); status != http.StatusNotFound {
			t.Errorf("%s downloads shapotou's upload: %d %s", user, status, b)
		}
		if _, _, b := getAs(t, ts, user, "/api/uploads"); strings.Contains(string(b), "沙坡头-申报.csv") {
			t.Errorf("%s's history lists shapotou's upload", user)
		}
	}
	if _, _, b := getAs(t, ts, "admin", "/api/uploads"); !strings.Contains(string(b), "沙坡头-申报.csv") {
		t.Error("the administrator's history lacks shapotou's upload")
	}
}

// TestUploadRefusals: every way an upload goes wrong is a 4xx with a clear
// message, or the file refused with its problems; nothing is stored and
// nothing is a 500.
func TestUploadRefusals(t *testing.T) {
	ts := uploadServer(t, dashboard.UploadLimits{FileBytes: 1 << 20, Files: 3, TotalBytes: 2 << 20})
	csrf := token(t, ts, "shapotou")
	good := file{"good.csv", demoApplication(t, nil)}
	bomb, err := os.ReadFile("../etl/testdata/broken/zip-bomb-understated.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	before, _ := ts.wh.Loads()
	cases := []struct {
		name, user, csrf string
		files            []file
		status           int
		want             string // in the error or a problem's message
	}{
		{"no_session", "", "", []file{good}, http.StatusForbidden, "CSRF"}, // no session, no token
		{"no_csrf", "shapotou", "", []file{good}, http.StatusForbidden, "CSRF"},
		{"viewer", "viewer", token(t, ts, "viewer"), []file{good}, http.StatusForbidden, "只读账户"},
		{"empty", "shapotou", csrf, nil, http.StatusBadRequest, "没有收到文件"},
		{"too_many", "shapotou", csrf, []file{good, good, good, good}, http.StatusBadRequest, "一次最多上传 3 个文件"},
		{"over_total", "shapotou", csrf, []file{{"a.csv", make([]byte, 900<<10)}, {"b.csv", make([]byte, 900<<10)}, {"c.csv", make([]byte, 900<<10)}},
			http.StatusRequestEntityTooLarge, "2 MB"},
		{"over_file_size", "shapotou", csrf, []file{{"big.csv", make([]byte, 1<<20+1)}}, 200, "超过每个文件 1 MB"},
		{"ods", "shapotou", csrf, []file{{"表.ods", []byte("PK\x03\x04")}}, 200, "LibreOffice"},
		{"xls", "shapotou", csrf, []file{{"old.xls", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")}}, 200, ".xlsx"},
		{"not_a_workbook", "shapotou", csrf, []file{{"x.xlsx", []byte("hello")}}, 200, "xlsx"},
		{"bad_value", "shapotou", csrf, []file{{"bad.csv", demoApplication(t, func(l string) string {
			return strings.Replace(l, ",area_km2,,7.04", ",area_km2,,很大", 1)
		})}}, 200, "不是数字"},
		{"zip_bomb", "shapotou", csrf, []file{{"bomb.xlsx", bomb}}, 200, "压缩炸弹"},
		{"lock_file", "shapotou", csrf, []file{{"~$good.xlsx", []byte("x")}}, 200, "锁定文件"},
		{"other_county", "shapotou", csrf, []file{{"zn.csv", demoApplication(t, func(l string) string {
			return strings.Replace(renamed("NX-ZW-777")(l), ",county,,沙坡头区", ",county,,中宁县", 1)
		})}}, 200, "不在您的权限范围「宁夏回族自治区中卫市沙坡头区」内"},
		{"other_countys_id", "shapotou", csrf, []file{{"zw3.csv", demoApplication(t, renamed("NX-ZW-003"))}}, 200, "已由其他地区登记"},
		{"other_province", "guangdong", token(t, ts, "guangdong"), []file{{"new.csv", demoApplication(t, renamed("NX-ZW-778"))}}, 200, "不在您的权限范围「广东省」内"},
		{"other_province_id", "guangdong", token(t, ts, "guangdong"), []file{good}, 200, "已由其他地区登记"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, a := upload(t, ts, c.user, c.csrf, c.files...)
			text := a.Error
			for _, f := range a.Files {
				for _, p := range f.Problems {
					text += " " + p.Message
				}
				if f.Outcome != "refused" {
					t.Errorf("%s: %s, want refused", f.File, f.Outcome)
				}
			}
			if status != c.status || !strings.Contains(text, c.want) {
				t.Fatalf("%d %q, want %d with %q", status, text, c.status, c.want)
			}
			if a.CanStore {
				t.Error("a refused upload may be stored")
			}
		})
	}
	if after, _ := ts.wh.Loads(); len(after) != len(before) {
		t.Errorf("refused uploads stored %d loads", len(after)-len(before))
	}
	if status, a := store(t, ts, "shapotou", csrf, "20260101T000000Z-0000000000000000"); status != http.StatusNotFound || a.Error == "" {
		t.Errorf("storing an unknown upload: %d %+v", status, a)
	}
	if status, a := send(t, ts, "shapotou", csrf, "/api/upload", "text/plain", strings.NewReader("x")); status != http.StatusBadRequest || !strings.Contains(a.Error, "multipart") {
		t.Errorf("not multipart: %d %+v", status, a)
	}
}

// TestUploadWhileLoading: a store while another load holds the warehouse
// lock waits, then says it is busy (503, Retry-After), and works once the
// load is over.
func TestUploadWhileLoading(t *testing.T) {
	ts := uploadServer(t, dashboard.UploadLimits{})
	csrf := token(t, ts, "shapotou")
	_, a := upload(t, ts, "shapotou", csrf, file{"a.csv", demoApplication(t, nil)})
	lock, err := os.OpenFile(filepath.Join(ts.wh.Dir(), ".lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/upload/store", strings.NewReader(url.Values{"id": {a.ID}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-CSRF-Token", csrf)
	res, err := ts.clients["shapotou"].Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" || !strings.Contains(string(b), "另一个载入正在进行") {
		t.Fatalf("store while a load runs: %d %s", res.StatusCode, b)
	}
	syscall.Flock(int(lock.Fd()), syscall.LOCK_UN)
	if status, s := store(t, ts, "shapotou", csrf, a.ID); status != 200 || s.Files[0].Outcome != "loaded" {
		t.Errorf("store once the load is over: %d %+v", status, s)
	}
}

// TestReadersDuringUpload: a reader's requests while an upload is stored
// all succeed, each with the old snapshot or the new one, never half.
func TestReadersDuringUpload(t *testing.T) {
	ts := uploadServer(t, dashboard.UploadLimits{})
	csrf := token(t, ts, "shapotou")
	_, a := upload(t, ts, "shapotou", csrf, file{"new.csv", demoApplication(t, renamed("NX-ZW-901"))})
	count := func(body []byte) int {
		var v compareBody
		json.Unmarshal(body, &v)
		return len(v.Tables[len(v.Tables)-1].Rows)
	}
	_, _, body := getAs(t, ts, "zhongwei", "/api/compare?batch=2022")
	old := count(body)
	done := make(chan struct{})
	seen := make(chan string, 1000)
	go func() {
		defer close(seen)
		for {
			select {
			case <-done:
				return
			default:
			}
			res, err := ts.clients["zhongwei"].Get(ts.URL + "/api/compare?batch=2022")
			if err != nil {
				seen <- err.Error()
				continue
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if n := count(b); res.StatusCode != 200 || n != old && n != old+1 {
				seen <- string(b)
			} else {
				seen <- ""
			}
		}
	}()
	status, s := store(t, ts, "shapotou", csrf, a.ID)
	_, _, body = getAs(t, ts, "zhongwei", "/api/compare?batch=2022")
	close(done)
	n := 0
	for bad := range seen {
		n++
		if bad != "" {
			t.Errorf("a reader's answer during the upload: %.300s", bad)
		}
	}
	if status != 200 || s.Files[0].Outcome != "loaded" || count(body) != old+1 || n == 0 {
		t.Errorf("store %d %+v; %d clusters after it (before %d); %d reads", status, s.Files, count(body), old, n)
	}
}

// TestTemplateAndProblemsDownloads: the templates are the CLI's workbooks
// for the batch; the problem list has a row per problem with its place.
func TestTemplateAndProblemsDownloads(t *testing.T) {
	ts := uploadServer(t, dashboard.UploadLimits{})
	for _, c := range []struct {
		query  string
		status int
		want   string // in the file name or the error
	}{
		{"kind=application&batch=2023", 200, "2023"},
		{"kind=followup&batch=2022", 200, "年度跟踪报告"},
		{"kind=letter&batch=2022", 400, "模板类型「letter」无效"},
		{"kind=application&batch=1999", 400, "批次「1999」无效"},
		{"kind=application&batch=x", 400, "不是整数"},
		{"kind=application&colour=red", 400, "未知参数"},
	} {
		status, hdr, body := getAs(t, ts, "shapotou", "/api/upload/template.xlsx?"+c.query)
		got := hdr.Get("Content-Disposition") + string(body)
		if status != c.status || !strings.Contains(got, c.want) && !strings.Contains(hdr.Get("Content-Disposition"), url.PathEscape(c.want)) {
			t.Errorf("%s: %d %.200s", c.query, status, got)
		}
		if status == 200 {
			if f, err := excelize.OpenReader(bytes.NewReader(body)); err != nil || len(f.GetSheetList()) < 2 {
				t.Errorf("%s: not the template workbook: %v", c.query, err)
			}
		}
	}
	csrf := token(t, ts, "shapotou")
	_, a := upload(t, ts, "shapotou", csrf, file{"bad.csv", demoApplication(t, func(l string) string {
		return strings.Replace(l, ",area_km2,,7.04", ",area_km2,,很大", 1)
	})})
	status, _, body := getAs(t, ts, "shapotou", a.Problems)
	if status != 200 {
		t.Fatalf("problems: %d %s", status, body)
	}
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Sheet1")
	text := ""
	for _, r := range rows {
		text += strings.Join(r, "|") + "\n"
	}
	if !strings.Contains(text, "bad.csv|错误|||15|集群占地面积|area_km2") || !strings.Contains(text, "不是数字") {
		t.Errorf("problem list:\n%s", text)
	}
	if status, _, _ := getAs(t, ts, "zhongwei", a.Problems); status != http.StatusNotFound {
		t.Errorf("another user's problem list: %d", status)
	}
}

// TestUploadProblemsInEnglish: a reader of the English interface is told
// an upload's problems in English, on the page and in the problem list,
// which is said again from the upload's stored record.
func TestUploadProblemsInEnglish(t *testing.T) {
	ts := uploadServer(t, dashboard.UploadLimits{FileBytes: 1 << 20, Files: 3, TotalBytes: 2 << 20})
	english(t, ts, "shapotou")
	bad := demoApplication(t, func(l string) string {
		switch {
		case strings.Contains(l, ",area_km2,,7.04"):
			return strings.Replace(l, ",area_km2,,7.04", ",area_km2,,很大", 1)
		case strings.Contains(l, ",operator_phone,"):
			return l[:strings.LastIndex(l, ",")] // four columns
		}
		return l
	})
	wants := []string{"“很大” is not a number", "5 columns expected, 4 found"}
	_, a := upload(t, ts, "shapotou", token(t, ts, "shapotou"), file{"bad.csv", bad})
	if len(a.Files) != 1 {
		t.Fatalf("answer %+v", a)
	}
	var said []string
	for _, p := range a.Files[0].Problems {
		said = append(said, p.Message)
	}
	for _, w := range wants {
		if !slices.Contains(said, w) {
			t.Errorf("the page says %q, not %q", said, w)
		}
	}
	status, _, body := getAs(t, ts, "shapotou", a.Problems)
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if status != 200 || err != nil {
		t.Fatalf("problems: %d %v", status, err)
	}
	rows, _ := f.GetRows("Sheet1")
	text := ""
	for _, r := range rows {
		text += strings.Join(r, "|") + "\n"
	}
	for _, w := range wants {
		if !strings.Contains(text, "|"+w) {
			t.Errorf("problem list without %q:\n%s", w, text)
		}
	}
}

// TestUploadsOff: a server without an intake says so, and the upload page
// is for those who may load.
func TestUploadsOff(t *testing.T) {
	ts := newServer(t, fixtureRows)
	csrf := token(t, ts, "shapotou")
	if status, a := upload(t, ts, "shapotou", csrf, file{"a.csv", []byte("x")}); status != http.StatusServiceUnavailable || !strings.Contains(a.Error, "未开启网页上报") {
		t.Errorf("upload without an intake: %d %+v", status, a)
	}
	if _, _, page := getAs(t, ts, "shapotou", "/upload"); !strings.Contains(string(page), `href="/upload"`) || !strings.Contains(string(page), `data-upload="/api/upload"`) {
		t.Error("the 数据上报 page is not in the county's navigation")
	}
	if _, _, info := getAs(t, ts, "shapotou", "/api/upload"); !strings.Contains(string(info), `"enabled":false`) || !strings.Contains(string(info), "未开启网页上报") {
		t.Errorf("the page's data does not say uploads are off: %s", info)
	}
}

// TestShutdownWaitsForUpload: a server stopping while an upload is being
// stored waits for it to end (Drain), and the upload is loaded whole.
func TestShutdownWaitsForUpload(t *testing.T) {
	ts := newServer(t, fixtureRows+countyRows)
	ts.srv.SetIntake(&etl.Intake{W: ts.wh, Wait: 20 * time.Second}, dashboard.UploadLimits{})
	ts.srv.Configure(dashboard.Options{MetricsAllow: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	csrf := token(t, ts, "shapotou")
	_, a := upload(t, ts, "shapotou", csrf, file{"a.csv", demoApplication(t, nil)})
	// Another load holds the lock, so the store waits inside the server.
	lock, err := os.OpenFile(filepath.Join(ts.wh.Dir(), ".lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	type answer struct {
		status int
		body   uploadAnswer
	}
	stored := make(chan answer, 1)
	go func() {
		status, b := store(t, ts, "shapotou", csrf, a.ID)
		stored <- answer{status, b}
	}()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		_, text := fetch(t, ts.URL+"/metrics")
		if v, _ := metric(text, "clusterscope_server_loads_running"); v == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the upload's store is not counted as a load the server runs")
		}
	}
	drained := make(chan error, 1)
	go func() { drained <- ts.srv.Drain(context.Background()) }()
	select {
	case <-drained:
		t.Fatal("Drain returned while an upload was being stored")
	case <-time.After(300 * time.Millisecond):
	}
	syscall.Flock(int(lock.Fd()), syscall.LOCK_UN)
	if got := <-stored; got.status != http.StatusOK || got.body.Files[0].Outcome != "loaded" {
		t.Errorf("the upload during the stop: %d %+v", got.status, got.body)
	}
	if err := <-drained; err != nil {
		t.Fatal(err)
	}
}
