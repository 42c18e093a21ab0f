package etl_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"clusterscope"
	"clusterscope/cmd/clusterscope/demo"
	"clusterscope/etl"
)

// FuzzReadCSV: the long-CSV reader never panics; every problem names the
// file and says something; every observation it returns is valid; and a
// file it takes without a problem, written back as CSV, reads back the same.
func FuzzReadCSV(f *testing.F) {
	head := "cluster_id,batch,field,year,value\n"
	f.Add([]byte(good))
	f.Add([]byte(demoCSV(f, demo.Options{Candidates: 1, Recognised: 1})))
	f.Add([]byte(head))
	f.Add([]byte(""))
	f.Add([]byte("\ufeff" + head + "NX-1,2022,rd_intensity,2021,2.5%\n"))
	f.Add([]byte("cluster_id;batch;field;year;value\nNX-1;2022;area_km2;;12,5\n"))
	f.Add([]byte(head + "NX-1,2022,cluster_name,,\"甲，\"\"乙\"\"\n丙\"\r\nNX-1,2022,output_total,2019,\"1,234.50\"\n"))
	f.Add([]byte(head + "NX-1,2022,target.w:label,,用水\nNX-1,2022,target.w:unit,,\nNX-1,2022,target.w:direction,,down\nNX-1,2022,target.w,2021,9.5\n"))
	f.Add([]byte(head + "NX-1,2022,founded_on,,2015年6月\nNX-1,2022,sharing_shared_workshops,,√\nNX-1,2022,output_total,2023,1e15\n"))
	f.Add([]byte(head + "NX-1,2022,output_total,2021,1\nNX-1,2022,output_total,2021,2\nNX-1,2022,a\"b,,1\nNX-1,2022\n"))
	if b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(head + "NX-1,2022,cluster_name,,中卫市枸杞集群\n")); err == nil {
		f.Add(b)
	}
	if files, err := filepath.Glob("testdata/broken/*.csv"); err == nil {
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		obs, problems := etl.ReadCSV(data, "f.csv")
		for _, p := range problems {
			if p.File != "f.csv" || p.Message == "" || p.Severity != clusterscope.SevError {
				t.Fatalf("problem without file, message or severity: %+v", p)
			}
		}
		for _, o := range obs {
			if o.Line < 2 || !clusterscope.ValidClusterID(o.ClusterID) || o.Batch < clusterscope.FirstBatch || o.Batch > clusterscope.LastBatch {
				t.Fatalf("invalid observation %+v", o)
			}
		}
		if len(problems) > 0 {
			return
		}
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		w.Write([]string{"cluster_id", "batch", "field", "year", "value"})
		for _, o := range obs {
			year := ""
			if o.Year != 0 {
				year = strconv.Itoa(o.Year)
			}
			w.Write([]string{o.ClusterID, strconv.Itoa(o.Batch), o.Field, year, o.Text})
		}
		w.Flush()
		back, problems := etl.ReadCSV(b.Bytes(), "g.csv")
		if len(problems) > 0 || len(back) != len(obs) {
			t.Fatalf("written back: %d of %d observations, %v\n%s", len(back), len(obs), problems, b.String())
		}
		for i := range obs {
			if !sameObservation(back[i], obs[i]) {
				t.Fatalf("written back: %+v, was %+v", back[i], obs[i])
			}
		}
	})
}
