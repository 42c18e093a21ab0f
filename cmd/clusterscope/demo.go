package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"clusterscope"
	"clusterscope/cmd/clusterscope/demo"
	"clusterscope/etl"
	"clusterscope/etl/docx"
	"clusterscope/etl/workbook"
	"clusterscope/warehouse"
)

// demoFile is named so that nobody mistakes it for real data, and so are
// the workbooks in demoWorkbooks and the Word documents in demoDocuments.
const (
	demoFile      = "演示数据-demo.csv"
	demoWorkbooks = "workbooks"
	demoDocuments = "documents"
	demoPrefix    = "演示数据-"
)

// formFormat is a format the demo writes its filled forms in.
type formFormat struct {
	ext  string
	fill func(io.Writer, workbook.Kind, int, []clusterscope.Observation) error
}

var (
	xlsxForms = formFormat{".xlsx", workbook.Fill}
	docxForms = formFormat{".docx", docx.Fill}
)

func newDemo() *cobra.Command {
	var opt demo.Options
	var ifEmpty bool
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "生成并载入演示数据（合成数据，非真实集群）",
		Long: "生成确定性的合成数据集（长表 CSV），写入数据目录的 demo/ 下并载入；宁夏候选集群的申报表另写为填好的工作簿" +
			"（demo/workbooks/）和 Word 文档（demo/documents/）（不自动载入，可用 clusterscope load 载入）。\n" + clusterscope.DemoNote,
		Args: cobra.NoArgs,
		RunE: withWarehouse(func(cmd *cobra.Command, args []string, wh *warehouse.Warehouse) error {
			if _, err := wh.Recover(); err != nil {
				return err
			}
			if ifEmpty {
				if empty, err := wh.Empty(); err != nil || !empty {
					return err
				}
			}
			path := filepath.Join(wh.Dir(), "demo", demoFile)
			if err := writeDemo(path, opt); err != nil {
				return err
			}
			books := filepath.Join(wh.Dir(), "demo", demoWorkbooks)
			n, err := writeDemoWorkbooks(books, opt)
			if err != nil {
				return err
			}
			docs := filepath.Join(wh.Dir(), "demo", demoDocuments)
			nd, err := writeDemoForms(docs, opt, docxForms)
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), clusterscope.DemoNote)
			if n > 0 {
				fmt.Fprintf(cmd.OutOrStdout(), "演示数据的申报表工作簿（%d 个）：%s（可用 clusterscope load 载入）\n", n, books)
				fmt.Fprintf(cmd.OutOrStdout(), "演示数据的 Word 申报表（%d 个）：%s（可用 clusterscope load 载入）\n", nd, docs)
			}
			if err := loadFiles(cmd, wh, etl.Listing{Files: []string{path}}, "demo", clusterscope.All, true, false); err != nil {
				return err
			}
			if steps, err := recordDemoReview(wh, path); err != nil {
				return err
			} else if steps > 0 {
				fmt.Fprintf(cmd.OutOrStdout(), "演示数据的评审记录：2022 年度宁夏各市、自治区的 %d 步评审（中卫市的申报留待演示账户 zhongwei 办理）\n", steps)
			}
			if err := demoDecisions(wh, opt); err != nil {
				return err
			}
			return demoAccounts(wh, cmd.OutOrStdout())
		}),
	}
	cmd.Flags().Int64Var(&opt.Seed, "seed", 2022, "随机种子（相同种子得到相同数据）")
	cmd.Flags().IntVar(&opt.Candidates, "candidates", 15, "宁夏 2022 年度候选集群数")
	cmd.Flags().IntVar(&opt.Recognised, "recognised", 300, "全国已认定集群数（2022–2024 年度）")
	cmd.Flags().BoolVar(&ifEmpty, "if-empty", false, "仅当数据仓库为空时生成")
	return cmd
}

func writeDemo(path string, opt demo.Options) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("write demo data: %w", err)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write demo data: %w", err)
	}
	bw := bufio.NewWriter(f)
	if err := demo.Write(bw, opt); err != nil {
		f.Close()
		return fmt.Errorf("write demo data: %w", err)
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("write demo data: %w", err)
	}
	return f.Close()
}

// writeDemoWorkbooks writes the demo data of 宁夏's candidates as the filled
// workbooks an official would receive — an application per candidate, and a
// follow-up report per candidate and year with actuals, if any — into dir,
// replacing earlier demo workbooks there. It returns how many it wrote. The
// candidates come first in the data set and each has its own random stream,
// so generating them alone gives the very rows of the full CSV.
func writeDemoWorkbooks(dir string, opt demo.Options) (int, error) {
	return writeDemoForms(dir, opt, xlsxForms)
}

// writeDemoForms writes them as writeDemoWorkbooks does, in the format.
func writeDemoForms(dir string, opt demo.Options, ff formFormat) (int, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, fmt.Errorf("write demo workbooks: %w", err)
	}
	old, err := filepath.Glob(filepath.Join(dir, demoPrefix+"*"+ff.ext))
	if err != nil {
		return 0, fmt.Errorf("write demo workbooks: %w", err)
	}
	for _, p := range old {
		if err := os.Remove(p); err != nil {
			return 0, fmt.Errorf("write demo workbooks: %w", err)
		}
	}
	if opt.Candidates < 0 {
		return 0, nil
	}
	var csv bytes.Buffer
	if err := demo.Write(&csv, demo.Options{Seed: opt.Seed, Candidates: opt.Candidates, Recognised: -1}); err != nil {
		return 0, fmt.Errorf("write demo workbooks: %w", err)
	}
	obs, problems := etl.ReadCSV(csv.Bytes(), demoFile)
	if hasError(problems) {
		return 0, fmt.Errorf("write demo workbooks: the demo data does not read back: %v", problems[0])
	}
	groups := workbook.Split(obs)
	errs := make([]error, len(groups))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, g := range groups {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			errs[i] = writeWorkbook(filepath.Join(dir, demoPrefix+strings.TrimSuffix(g.Name(), ".xlsx")+ff.ext), g, ff)
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return 0, fmt.Errorf("write demo workbooks: %w", err)
		}
	}
	return len(groups), nil
}

// writeWorkbook writes one filled workbook through a temporary file, so that
// a half-written workbook never lies in the folder for `load` to refuse.
func writeWorkbook(path string, g workbook.Group, ff formFormat) error {
	var b bytes.Buffer
	if err := ff.fill(&b, g.Kind, g.Batch, g.Obs); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b.Bytes(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// demoDecisions records the demo's withdrawal, audited, unless its cluster
// has a lifecycle decision already (a demo run again).
func demoDecisions(wh *warehouse.Warehouse, opt demo.Options) error {
	d, ok := demo.Withdrawal(opt)
	if !ok {
		return nil
	}
	if cur, err := wh.Decision(d.Kind, d.Subject, d.Batch); err != nil || cur.Version > 0 {
		return err
	}
	_, err := wh.Decide(d, 0, clusterscope.AuditEntry{Who: currentUser(), Action: clusterscope.AuditLifecycle,
		Target: fmt.Sprintf("%d/%s", d.Batch, d.Subject), Detail: "命令行 演示数据：撤销认定（" + d.Facts[clusterscope.FactCause] + "）"})
	return err
}
