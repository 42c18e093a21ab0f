package warehouse

import (
	"io"
	"slices"

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

func writeObservations(w io.Writer, loadID int64, obs []clusterscope.Observation) error {
	obs = slices.Clone(obs)
	sortObservations(obs)
	pw := parquet.NewGenericWriter[observationRow](w, writerOptions()...)
	buf := make([]observationRow, 0, 4096)
	flush := func() error {
		_, err := pw.Write(buf)
		buf = buf[:0]
		return err
	}
	for _, o := range obs {
		buf = append(buf, observationRow{LoadID: loadID, ClusterID: o.ClusterID, Batch: int32(o.Batch),
			Report: int32(o.Report), Field: o.Field, Year: int32(o.Year), AsOf: int32(o.AsOf),
			Value: o.Text, Num: o.Num, Line: int32(o.Line)})
		if len(buf) == cap(buf) {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
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
