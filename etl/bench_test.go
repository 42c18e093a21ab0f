package etl_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"clusterscope"
	"clusterscope/cmd/clusterscope/demo"
	"clusterscope/etl"
	"clusterscope/etl/workbook"
	"clusterscope/warehouse"
)

// benchWorkbookCount is issue 7's batch of filled workbooks.
const benchWorkbookCount = 1000

// benchDir is where a run keeps what it generates (make bench sets
// CLUSTERSCOPE_BENCH_DIR; otherwise a folder later runs reuse).
func benchDir() string {
	if d := os.Getenv("CLUSTERSCOPE_BENCH_DIR"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "clusterscope-bench")
}

// benchCSV writes the demo data set of n clusters as one long CSV file.
func benchCSV(b *testing.B, dir string, n int) string {
	b.Helper()
	path := filepath.Join(dir, fmt.Sprintf("demo-%d.csv", n))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	var buf bytes.Buffer
	if err := demo.Write(&buf, demo.Options{Candidates: 15, Recognised: n - 15}); err != nil {
		b.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	return path
}

var workbooks struct {
	sync.Once
	files []string
	err   error
}

// benchWorkbooks returns 1,000 applications of the demo data set, each
// filled into the 申报表 by workbook.Fill, generated once per run.
func benchWorkbooks(b *testing.B) []string {
	b.Helper()
	workbooks.Do(func() {
		dir := filepath.Join(benchDir(), fmt.Sprintf("workbooks-%d", benchWorkbookCount))
		if entries, err := os.ReadDir(dir); err == nil && len(entries) == benchWorkbookCount {
			for _, e := range entries {
				workbooks.files = append(workbooks.files, filepath.Join(dir, e.Name()))
			}
			return
		}
		data, err := os.ReadFile(benchCSV(b, benchDir(), benchWorkbookCount))
		if err != nil {
			workbooks.err = err
			return
		}
		obs, problems := etl.ReadCSV(data, "demo.csv")
		if len(problems) > 0 {
			workbooks.err = fmt.Errorf("demo CSV: %v", problems[0])
			return
		}
		t0 := time.Now()
		os.RemoveAll(dir)
		os.MkdirAll(dir, 0o755)
		for _, g := range workbook.Split(obs) {
			if g.Kind != workbook.Application {
				continue
			}
			var buf bytes.Buffer
			if err := workbook.Fill(&buf, g.Kind, g.Batch, g.Obs); err != nil {
				workbooks.err = err
				return
			}
			path := filepath.Join(dir, g.Name())
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				workbooks.err = err
				return
			}
			workbooks.files = append(workbooks.files, path)
		}
		b.Logf("filled %d workbooks in %.1f s", len(workbooks.files), time.Since(t0).Seconds())
	})
	if workbooks.err != nil {
		b.Fatal(workbooks.err)
	}
	return workbooks.files
}

// BenchmarkWorkbooks loads the 1,000 filled workbooks as `clusterscope load
// FOLDER` does: "load" reads and validates each and stores them in batches
// (etl.LoadFiles); "read" only reads and validates (etl.Read), so load minus
// read is the warehouse's share; "floor" only opens each with excelize and
// reads every sheet's cells. Run with -benchtime 1000x for one pass; s/1000
// is the time for all of them.
func BenchmarkWorkbooks(b *testing.B) {
	files := benchWorkbooks(b)
	b.Run("load", func(b *testing.B) {
		w, err := warehouse.Open(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		list := make([]etl.File, b.N) // b.N workbooks in one folder load
		for i := range list {
			list[i] = etl.File{Path: files[i%len(files)], Synthetic: true}
		}
		var failed error
		b.ResetTimer()
		etl.LoadFiles(w, list, "bench", clusterscope.All, func() {}, func(_ etl.Result, err error) {
			if err != nil && failed == nil {
				failed = err
			}
		})
		b.StopTimer()
		if failed != nil {
			b.Fatal(failed)
		}
		b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)*benchWorkbookCount, "s/1000")
	})
	b.Run("read", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, _, _, err := etl.Read(files[i%len(files)]); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)*benchWorkbookCount, "s/1000")
	})
	b.Run("floor", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if err := readAll(files[i%len(files)]); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)*benchWorkbookCount, "s/1000")
	})
}

// readAll is the floor: excelize opens the workbook and reads every sheet.
func readAll(path string) error {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return err
	}
	defer f.Close()
	for _, sh := range f.GetSheetList() {
		if _, err := f.GetRows(sh); err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkLongCSV loads the demo data set of 1,000 clusters as one long
// CSV file (read, validated, stored as Parquet) and reports rows/s; the
// 100,000-cluster rate comes from `clusterscope benchdata` in make bench.
func BenchmarkLongCSV(b *testing.B) {
	path := benchCSV(b, benchDir(), 1000)
	rows := 0
	for b.Loop() {
		w, err := warehouse.Open(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		res, err := etl.LoadFile(w, path, "bench", clusterscope.All, true)
		if err != nil {
			b.Fatal(err)
		}
		rows += res.Load.Rows
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}
