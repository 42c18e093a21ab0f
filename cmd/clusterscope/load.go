package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"clusterscope"
	"clusterscope/etl"
	"clusterscope/warehouse"
)

func newLoad() *cobra.Command {
	var asJSON bool
	var as string
	cmd := &cobra.Command{
		Use:   "load FILE|FOLDER...",
		Short: "校验并载入申报表（.xlsx）、长表 CSV 或 JSON（每个文件要么全部载入，要么完全不载入）",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			list, err := etl.List(args)
			if err != nil {
				return err
			}
			wh, err := openWarehouse(dataDir(cmd), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer wh.Close()
			if _, err := wh.Recover(); err != nil {
				return err
			}
			by, scope := currentUser(), clusterscope.All
			if as != "" {
				u, err := wh.User(as)
				if err != nil {
					return err
				}
				if !u.CanLoad() {
					return clusterscope.Errorf(clusterscope.EINVALID, "用户 %s（%s）无权载入数据", u.Name, u.Role.Label())
				}
				by, scope = u.Name, u.Scope
			}
			return loadFiles(cmd, wh, list, by, scope, false, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "以 JSON 输出结果与问题")
	cmd.Flags().StringVar(&as, "as", "", "以该账户的名义和权限范围载入（省级、市级用户只能载入本地区的集群）")
	return cmd
}

func newValidate() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "validate FILE|FOLDER...",
		Short: "只校验、不载入：列出每个问题的文件、工作表和单元格（或行）、字段",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			list, err := etl.List(args)
			if err != nil {
				return err
			}
			reports := skipped(cmd.ErrOrStderr(), list, asJSON)
			failed := 0
			for _, f := range list.Files {
				_, problems, _, err := etl.Read(f)
				rep := fileReport{File: f, Problems: problems, Loaded: false}
				if rep.Problems == nil {
					rep.Problems = []clusterscope.Problem{}
				}
				if err != nil {
					rep.Error = clusterscope.ErrorMessage(err)
				}
				if err != nil || hasError(problems) {
					failed++
				}
				reports = append(reports, rep)
				if !asJSON {
					printReport(cmd.OutOrStdout(), cmd.ErrOrStderr(), rep, "校验通过")
				}
			}
			if asJSON {
				if err := writeJSON(cmd.OutOrStdout(), reports); err != nil {
					return err
				}
			}
			return outcome(cmd.ErrOrStderr(), list, failed, "%d 个文件中有 %d 个有错误\n", asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "以 JSON 输出问题")
	return cmd
}

// skipped reports the files of folders that are not data, so that none is
// left out without a word.
func skipped(errOut io.Writer, l etl.Listing, asJSON bool) []fileReport {
	reports := []fileReport{} // --json prints a list, never null
	for _, s := range l.Skipped {
		if !asJSON {
			fmt.Fprintf(errOut, "%s：已跳过（%s）\n", s.Path, s.Reason)
		}
		reports = append(reports, fileReport{File: s.Path, Skipped: s.Reason, Problems: []clusterscope.Problem{}})
	}
	return reports
}

// outcome is the command's result once every file is reported: the error
// naming the folders with nothing to load, else errReported when a file
// failed (summary has the counts of files and failures).
func outcome(errOut io.Writer, l etl.Listing, failed int, summary string, asJSON bool) error {
	if failed > 0 && !asJSON {
		fmt.Fprintf(errOut, summary, len(l.Files), failed)
	}
	if err := l.Err(); err != nil {
		return err
	}
	if failed > 0 {
		return errReported
	}
	return nil
}

func hasError(ps []clusterscope.Problem) bool {
	for _, p := range ps {
		if p.Severity == clusterscope.SevError {
			return true
		}
	}
	return false
}

func printReport(out, errOut io.Writer, rep fileReport, ok string) {
	for _, p := range rep.Problems {
		fmt.Fprintln(errOut, p.String())
	}
	switch {
	case rep.Error != "":
		fmt.Fprintf(errOut, "%s：%s\n", rep.File, rep.Error)
	case hasError(rep.Problems):
		fmt.Fprintf(errOut, "%s：有错误，未通过\n", rep.File)
	default:
		fmt.Fprintf(out, "%s：%s\n", rep.File, ok)
	}
}

// fileReport is one file's outcome, as `load --json` and `validate --json` print it.
type fileReport struct {
	File     string                 `json:"file"`
	Loaded   bool                   `json:"loaded"`
	LoadID   int64                  `json:"load_id,omitempty"`
	Rows     int                    `json:"rows,omitempty"`
	Repeated bool                   `json:"already_loaded,omitempty"`
	Skipped  string                 `json:"skipped,omitempty"` // why a folder's file was not read
	Moves    []clusterscope.Move    `json:"moves,omitempty"`   // clusters put in another region, audited
	Problems []clusterscope.Problem `json:"problems"`
	Error    string                 `json:"error,omitempty"`
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// progress is a bar on stderr for loads of several files; silent when
// stderr is not a terminal (logs, CI, pipes).
func progress(errOut io.Writer, n int) *progressbar.ProgressBar {
	f, ok := errOut.(*os.File)
	if n < 2 || !ok || !term.IsTerminal(int(f.Fd())) {
		return progressbar.DefaultSilent(int64(n))
	}
	return progressbar.NewOptions(n, progressbar.OptionSetWriter(f), progressbar.OptionSetDescription("载入"),
		progressbar.OptionShowCount(), progressbar.OptionClearOnFinish(), progressbar.OptionSetPredictTime(true))
}

func loadFiles(cmd *cobra.Command, wh *warehouse.Warehouse, listing etl.Listing, by string, scope clusterscope.Scope, synthetic, asJSON bool) error {
	out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
	reports := skipped(errOut, listing, asJSON)
	bar := progress(errOut, len(listing.Files))
	failed, fresh := 0, false
	list := make([]etl.File, len(listing.Files))
	for i, f := range listing.Files {
		// The demo's own files say what they are in their names.
		list[i] = etl.File{Path: f, Synthetic: synthetic || etl.DemoFile(f)}
	}
	etl.LoadFiles(wh, list, by, scope, func() { bar.Add(1) }, func(res etl.Result, err error) {
		f := res.File
		rep := fileReport{File: f, Problems: res.Problems}
		if rep.Problems == nil {
			rep.Problems = []clusterscope.Problem{}
		}
		var ve *clusterscope.ValidationError
		switch {
		case errors.As(err, &ve):
			failed++
			if !asJSON {
				bar.Clear()
				fmt.Fprintln(errOut, ve.Error())
			}
		case err != nil:
			failed++
			rep.Error = clusterscope.ErrorMessage(err)
			if !asJSON {
				bar.Clear()
				fmt.Fprintf(errOut, "%s 未载入：%s\n", f, rep.Error)
			}
		default:
			rep.Loaded, rep.LoadID, rep.Rows, rep.Repeated, rep.Moves = true, res.Load.ID, res.Load.Rows, !res.Fresh, res.Moves
			fresh = fresh || res.Fresh
			if res.Fresh {
				if err := etl.AuditLoad(wh, by, "", res); err != nil {
					fmt.Fprintln(errOut, "警告：审计日志写入失败：", err)
				}
			}
			if asJSON {
				break
			}
			bar.Clear()
			for _, p := range res.Problems {
				fmt.Fprintln(errOut, p.String())
			}
			for _, mv := range res.Moves {
				fmt.Fprintf(out, "%s：集群 %s（批次 %d）所属地区由「%s」改为「%s」，已记入审计日志\n",
					f, mv.Cluster.ID, mv.Cluster.Batch, mv.From.Label(), mv.To.Label())
			}
			if res.Fresh {
				fmt.Fprintf(out, "%s 已载入：第 %d 次载入，%d 行，%d 个集群\n", f, res.Load.ID, res.Load.Rows, res.Load.Clusters)
			} else {
				fmt.Fprintf(out, "%s 此前已载入（第 %d 次载入，SHA-256 相同），未作改动\n", f, res.Load.ID)
			}
		}
		reports = append(reports, rep)
	})
	bar.Finish()
	if fresh {
		// The dashboard's tables for the new snapshot are built now, so the
		// first visitor after a load does not wait for them.
		if err := prepareSnapshot(wh); err != nil {
			fmt.Fprintln(errOut, "警告：查询表未能预先生成，看板将在首次访问时生成：", err)
		}
	}
	if asJSON {
		if err := writeJSON(out, reports); err != nil {
			return err
		}
	}
	return outcome(errOut, listing, failed, "%d 个文件中有 %d 个未载入\n", asJSON)
}

func currentUser() string {
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return os.Getenv("USER")
}
