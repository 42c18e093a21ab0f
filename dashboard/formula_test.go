package dashboard_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"clusterscope/cmd/clusterscope/demo"
	"clusterscope/dashboard"
	"clusterscope/etl"
)

// hostile are texts a spreadsheet would run as formulas (OWASP's CSV
// injection cases), put in front of every cluster's name, operator and
// leading industry.
var hostile = []string{`=HYPERLINK("http://evil.example","点击")`, `@SUM(1+1)`, `+cmd|' /C calc'!A0`, `-2+3+cmd|' /C calc'!A0`}

// downloadQueries gives every download route the query a user would send;
// a new download must be added here, so that it is checked.
var downloadQueries = map[string]string{
	"/api/overview.csv":       "batch=2022&q=集群",
	"/api/overview.xlsx":      "batch=2022&q=集群",
	"/api/compare.csv":        "batch=2022",
	"/api/compare.xlsx":       "batch=2022",
	"/api/monitor.csv":        "",
	"/api/monitor.xlsx":       "",
	"/api/assess.csv":         "batch=2022&province=宁夏回族自治区",
	"/api/assess.xlsx":        "batch=2022&province=宁夏回族自治区",
	"/api/assess.annex1.csv":  "batch=2022&province=宁夏回族自治区&authority=%3D1%2B1&contact=-1%2B2",
	"/api/assess.annex1.xlsx": "batch=2022&province=宁夏回族自治区&authority=%3D1%2B1&contact=-1%2B2",
	"/api/cluster.csv":        "batch=2022&id=NX-ZW-001",
	"/api/cluster.xlsx":       "batch=2022&id=NX-ZW-001",
	"/api/admin.csv":          "",
	"/api/admin.xlsx":         "",
	"/api/uploads.csv":        "",
	"/api/uploads.xlsx":       "",
	// One file each, without tables: the template (no names of data) and
	// the problems of the upload the test makes (its id added there).
	"/api/upload/template.xlsx": "kind=application&batch=2022",
	"/api/upload/problems.xlsx": "",
	"/api/recheck.csv":          "term_end=2025",
	"/api/recheck.xlsx":         "term_end=2025",
	"/api/portfolio.csv":        "batch=0",
	"/api/portfolio.xlsx":       "batch=0",
	// one workbook, a sheet per province, of the reports to chase
	"/api/monitor.reminders.xlsx": "batch=0",
}

// noNames are the downloads that hold no cluster's or file's name.
var noNames = map[string]bool{"/api/admin.csv": true, "/api/admin.xlsx": true, "/api/upload/template.xlsx": true}

// plainNumber is how a download writes a number; any other text starting
// with a formula character is live.
var plainNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

func formulaStart(s string) bool { return s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) }

// TestEveryDownloadHoldsNoLiveFormula walks every CSV and XLSX download,
// every table of each, on data whose names start like formulas: no field
// of a CSV starts with = + - @ tab or CR unless it is a number, no cell of
// a workbook holds a formula or such text, and the names are there,
// defused.
func TestEveryDownloadHoldsNoLiveFormula(t *testing.T) {
	ts := newServerFromCSV(t, hostileDemo(t))
	// An upload whose file's name starts like a formula: it is in the
	// history and the problem list.
	ts.srv.SetIntake(&etl.Intake{W: ts.wh}, dashboard.UploadLimits{})
	_, up := upload(t, ts, "admin", token(t, ts, "admin"), file{hostile[1] + ".csv", []byte("x")})
	found := map[string]int{}
	walked := 0
	for _, r := range ts.srv.Echo.Routes() {
		if r.Method != http.MethodGet || !strings.HasSuffix(r.Path, ".csv") && !strings.HasSuffix(r.Path, ".xlsx") {
			continue
		}
		q, ok := downloadQueries[r.Path]
		if !ok {
			t.Errorf("download %s is not in downloadQueries: add it so that it is checked", r.Path)
			continue
		}
		walked++
		if r.Path == "/api/upload/problems.xlsx" {
			q = "id=" + up.ID
		}
		for n := 0; ; n++ {
			path := fmt.Sprintf("%s?%s&table=%d", r.Path, q, n)
			if whole(r.Path) {
				path = r.Path + "?" + q
			}
			status, _, body := getAs(t, ts, "admin", path)
			if status == http.StatusNotFound && n > 0 {
				break
			}
			if status != http.StatusOK {
				t.Fatalf("%s: %d %s", path, status, body)
			}
			var cells []string
			if strings.HasSuffix(r.Path, ".csv") {
				cells = csvLiveCells(t, path, body)
			} else {
				cells = xlsxLiveCells(t, path, body)
			}
			for _, c := range cells {
				for _, h := range hostile {
					if strings.Contains(c, h) {
						found[r.Path]++
					}
				}
			}
			if whole(r.Path) {
				break
			}
		}
	}
	if walked < len(downloadQueries) {
		t.Errorf("walked %d downloads; downloadQueries lists %d", walked, len(downloadQueries))
	}
	// The names must be in the downloads that list clusters, or nothing was tested.
	for path := range downloadQueries {
		if !noNames[path] && found[path] == 0 {
			t.Errorf("%s holds none of the hostile names", path)
		}
	}
}

// whole reports whether a download is one file of its own rather than one
// of a page's tables (chosen by table=N).
func whole(path string) bool {
	return strings.Contains(path, "annex1") || strings.Contains(path, "reminders") || strings.HasPrefix(path, "/api/upload/")
}

// csvLiveCells checks every field of a CSV download and returns them.
func csvLiveCells(t *testing.T, path string, body []byte) []string {
	t.Helper()
	rd := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff"))))
	rd.FieldsPerRecord = -1
	records, err := rd.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var all []string
	for i, rec := range records {
		for j, f := range rec {
			if formulaStart(f) && !plainNumber.MatchString(f) {
				t.Errorf("%s line %d field %d is a live formula: %q", path, i+1, j+1, f)
			}
			all = append(all, f)
		}
	}
	return all
}

// xlsxLiveCells checks every cell of every sheet of a workbook download
// and returns their values.
func xlsxLiveCells(t *testing.T, path string, body []byte) []string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer f.Close()
	var all []string
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if formula, _ := f.GetCellFormula(sheet, ref); formula != "" {
					t.Errorf("%s %s!%s holds a formula: %s", path, sheet, ref, formula)
				}
				typ, _ := f.GetCellType(sheet, ref)
				text := typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString || typ == excelize.CellTypeFormula
				if text && formulaStart(v) {
					t.Errorf("%s %s!%s is text starting like a formula: %q", path, sheet, ref, v)
				}
				all = append(all, v)
			}
		}
	}
	return all
}

// hostileDemo is the demo data set with a hostile text in front of every
// cluster's name, operator and leading industry.
func hostileDemo(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := demo.Write(&b, demo.Options{Recognised: 6}); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b.Bytes(), []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range records {
		switch r[2] {
		case "cluster_name", "operator", "leading_industry":
			r[4] = hostile[n%len(hostile)] + r[4]
			n++
		}
	}
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	w.WriteAll(records)
	return out.Bytes()
}
