package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"clusterscope"
	"clusterscope/cmd/clusterscope/demo"
	"clusterscope/etl"
	"clusterscope/warehouse"
)

// benchCandidates is how many 宁夏 2022 candidates a generated data set has
// (the demo's default); the other clusters are recognised ones.
const benchCandidates = 15

// chunkBytes bounds each generated CSV file below etl.MaxFileSize, so every
// file goes through the same validated load as a user's file.
const chunkBytes = 48 << 20

// benchStats says how long generating and loading a data set took.
type benchStats struct {
	Clusters, Rows, Files int
	Generate, Load        time.Duration // Load: read, validate and store every file
}

// RowsPerSecond is the load rate of the long CSV (generation excluded).
func (s benchStats) RowsPerSecond() float64 { return float64(s.Rows) / s.Load.Seconds() }

// String is the one-line summary `clusterscope-bench data` prints.
func (s benchStats) String() string {
	return fmt.Sprintf("%d clusters, %d rows in %d files: generated in %.1f s, loaded in %.1f s (%.0f rows/s)",
		s.Clusters, s.Rows, s.Files, s.Generate.Seconds(), s.Load.Seconds(), s.RowsPerSecond())
}

// benchOptions are the demo options of a data set of n clusters.
func benchOptions(n int) demo.Options {
	rec := n - benchCandidates
	if rec <= 0 {
		rec = -1 // none
	}
	return demo.Options{Seed: 2022, Candidates: min(n, benchCandidates), Recognised: rec}
}

// buildBenchData generates n clusters of demo data as long-CSV files in
// dir/csv and loads each, validated, into the warehouse at dir. Reading and
// validating the next file overlaps with storing the current one.
func buildBenchData(dir string, n int) (*warehouse.Warehouse, benchStats, error) {
	st := benchStats{Clusters: n}
	wh, err := warehouse.Open(dir)
	if err != nil {
		return nil, st, err
	}
	t0 := time.Now()
	files, err := writeChunks(filepath.Join(dir, "csv"), benchOptions(n))
	if err != nil {
		return nil, st, err
	}
	st.Files, st.Generate = len(files), time.Since(t0)
	t0 = time.Now()
	type read struct {
		obs []clusterscope.Observation
		sum string
		err error
	}
	// Two files are read and validated at once, in order; one is stored.
	reads := make([]chan read, len(files))
	for i := range reads {
		reads[i] = make(chan read, 1)
	}
	slots, done := make(chan struct{}, 2), make(chan struct{})
	defer close(done)
	go func() {
		for i, f := range files {
			select {
			case slots <- struct{}{}:
			case <-done:
				return
			}
			go func() {
				obs, problems, sum, err := etl.Read(f)
				if err == nil && slices.ContainsFunc(problems, isError) {
					err = &clusterscope.ValidationError{File: f, Problems: problems}
				}
				reads[i] <- read{obs, sum, err}
			}()
		}
	}()
	for i, f := range files {
		r := <-reads[i]
		<-slots
		if r.err == nil {
			_, _, r.err = wh.Load(warehouse.Input{File: filepath.Base(f), SHA256: r.sum, By: "bench",
				Synthetic: true, Observations: r.obs})
		}
		if r.err != nil {
			return nil, st, r.err
		}
		st.Rows += len(r.obs)
	}
	st.Load = time.Since(t0)
	return wh, st, os.RemoveAll(filepath.Join(dir, "csv"))
}

// writeChunks writes the demo data set as CSV files of about chunkBytes,
// each cut between clusters and starting with the header.
func writeChunks(dir string, opt demo.Options) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	cw := &chunkWriter{dir: dir}
	bw := bufio.NewWriterSize(cw, 1<<20)
	err := demo.Write(bw, opt)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = cw.close()
	}
	return cw.files, err
}

// chunkWriter splits a long CSV into files at cluster boundaries.
type chunkWriter struct {
	dir     string
	files   []string
	header  []byte
	pending []byte // an incomplete line
	f       *os.File
	w       *bufio.Writer
	size    int
	id      []byte // cluster of the last line written
}

// Write takes the CSV as the generator writes it and passes on whole lines.
func (c *chunkWriter) Write(p []byte) (int, error) {
	n := len(p)
	data := append(c.pending, p...)
	for {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			break
		}
		if err := c.line(data[:i+1]); err != nil {
			return 0, err
		}
		data = data[i+1:]
	}
	c.pending = append(c.pending[:0], data...)
	return n, nil
}

// line writes one line, starting a new file between clusters once the current one is full.
func (c *chunkWriter) line(l []byte) error {
	if c.header == nil {
		c.header = append([]byte(nil), l...)
		return nil
	}
	id := l[:max(bytes.IndexByte(l, ','), 0)]
	if c.f == nil || (c.size >= chunkBytes && !bytes.Equal(id, c.id)) {
		if err := c.close(); err != nil {
			return err
		}
		name := filepath.Join(c.dir, fmt.Sprintf("part-%04d.csv", len(c.files)+1))
		f, err := os.Create(name)
		if err != nil {
			return err
		}
		c.f, c.w, c.size = f, bufio.NewWriterSize(f, 1<<20), 0
		c.files = append(c.files, name)
		c.w.Write(c.header)
	}
	c.id = append(c.id[:0], id...)
	c.size += len(l)
	_, err := c.w.Write(l)
	return err
}

// close finishes the current file.
func (c *chunkWriter) close() error {
	if c.f == nil {
		return nil
	}
	err := c.w.Flush()
	if cerr := c.f.Close(); err == nil {
		err = cerr
	}
	c.f = nil
	return err
}

// newData is `clusterscope-bench data`, which bench.sh uses to build the
// warehouses the benchmarks read.
func newData() *cobra.Command {
	var n int
	var dir string
	cmd := &cobra.Command{
		Use:   "data --clusters N --data DIR",
		Short: "生成并载入 N 个集群的合成数据（基准测试用；DIR 须为新目录）",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if empty, err := isEmptyWarehouse(dir); err != nil || !empty {
				if err == nil {
					err = clusterscope.Errorf(clusterscope.EINVALID, "%s 已有数据：请给一个新目录", dir)
				}
				return err
			}
			_, st, err := buildBenchData(dir, n)
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), st)
			return nil
		},
	}
	cmd.Flags().IntVar(&n, "clusters", 10000, "集群数")
	cmd.Flags().StringVar(&dir, "data", "", "数据仓库目录（新目录）")
	cmd.MarkFlagRequired("data")
	return cmd
}

// isError tells a problem that refuses the file.
func isError(p clusterscope.Problem) bool { return p.Severity == clusterscope.SevError }

// isEmptyWarehouse reports whether dir holds no loaded data (or does not exist).
func isEmptyWarehouse(dir string) (bool, error) {
	if _, err := os.Stat(dir); os.IsNotExist(err) {
		return true, nil
	}
	wh, err := warehouse.Open(dir)
	if err != nil {
		return false, err
	}
	return wh.Empty()
}
