package warehouse

import (
	"io"

	"github.com/parquet-go/parquet-go"

	"clusterscope"
)

// rowGroupRows bounds row groups so readers can skip and stream them.
const rowGroupRows = 128 * 1024

// observationRow is the Parquet schema of observations; dates stay text
// (parquet-go's date tag on time.Time writes wrong values).
type observationRow struct {
	LoadID    int64    `parquet:"load_id"`
	ClusterID string   `parquet:"cluster_id,dict"`
	Batch     int32    `parquet:"batch"`
	Report    int32    `parquet:"report"`
	Field     string   `parquet:"field,dict"`
	Year      int32    `parquet:"year,optional"` // 0 (blank) is stored as null
	AsOf      int32    `parquet:"as_of"`
	Value     string   `parquet:"value"`
	Num       *float64 `parquet:"num,optional"`
	Line      int32    `parquet:"line"`
}

// loadRow is the Parquet schema of the loads list.
type loadRow struct {
	ID        int64  `parquet:"load_id"`
	File      string `parquet:"file"`
	SHA256    string `parquet:"sha256"`
	At        string `parquet:"loaded_at"` // RFC 3339, UTC
	By        string `parquet:"loaded_by"`
	Rows      int64  `parquet:"rows"`
	Clusters  int64  `parquet:"clusters"`
	Synthetic bool   `parquet:"synthetic"`
}

func writerOptions() []parquet.WriterOption {
	return []parquet.WriterOption{parquet.Compression(&parquet.Zstd), parquet.MaxRowsPerRowGroup(rowGroupRows)}
}

// writeObservations writes the loads' rows, each with its load id, sorted
// as sortRows says.
func writeObservations(w io.Writer, parts []loadPart) error {
	n := 0
	for _, p := range parts {
		n += len(p.obs)
	}
	rows := make([]observationRow, 0, n)
	for _, p := range parts {
		for _, o := range p.obs {
			rows = append(rows, observationRow{LoadID: p.id, ClusterID: o.ClusterID, Batch: int32(o.Batch),
				Report: int32(o.Report), Field: o.Field, Year: int32(o.Year), AsOf: int32(o.AsOf),
				Value: o.Text, Num: o.Num, Line: int32(o.Line)})
		}
	}
	sortRows(rows)
	pw := parquet.NewGenericWriter[observationRow](w, writerOptions()...)
	for len(rows) > 0 {
		k := min(4096, len(rows))
		if _, err := pw.Write(rows[:k]); err != nil {
			return err
		}
		rows = rows[k:]
	}
	return pw.Close()
}

func writeLoads(w io.Writer, loads []clusterscope.Load) error {
	rows := make([]loadRow, len(loads))
	for i, l := range loads {
		rows[i] = loadRow{ID: l.ID, File: l.File, SHA256: l.SHA256, At: l.At.UTC().Format("2006-01-02T15:04:05Z"),
			By: l.By, Rows: int64(l.Rows), Clusters: int64(l.Clusters), Synthetic: l.Synthetic}
	}
	pw := parquet.NewGenericWriter[loadRow](w, writerOptions()...)
	if _, err := pw.Write(rows); err != nil {
		return err
	}
	return pw.Close()
}
