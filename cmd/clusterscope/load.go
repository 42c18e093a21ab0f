package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/user"

	"github.com/spf13/cobra"

	"clusterscope"
	"clusterscope/etl"
	"clusterscope/warehouse"
)

func newLoad() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "load FILE|FOLDER...",
		Short: "校验并载入申报数据（每个文件要么全部载入，要么完全不载入）",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			wh, err := warehouse.Open(dataDir(cmd))
			if err != nil {
				return err
			}
			if _, err := wh.Recover(); err != nil {
				return err
			}
			files, err := etl.Files(args)
			if err != nil {
				return err
			}
			return loadFiles(cmd, wh, files, currentUser(), false, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "以 JSON 输出结果与问题")
	return cmd
}

// fileReport is one file's outcome, as `load --json` prints it.
type fileReport struct {
	File     string                 `json:"file"`
	Loaded   bool                   `json:"loaded"`
	LoadID   int64                  `json:"load_id,omitempty"`
	Rows     int                    `json:"rows,omitempty"`
	Repeated bool                   `json:"already_loaded,omitempty"`
	Problems []clusterscope.Problem `json:"problems"`
	Error    string                 `json:"error,omitempty"`
}

func loadFiles(cmd *cobra.Command, wh *warehouse.Warehouse, files []string, by string, synthetic, asJSON bool) error {
	out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
	var reports []fileReport
	failed := 0
	for _, f := range files {
		res, err := etl.LoadFile(wh, f, by, synthetic)
		rep := fileReport{File: f, Problems: res.Problems}
		if rep.Problems == nil {
			rep.Problems = []clusterscope.Problem{}
		}
		var ve *clusterscope.ValidationError
		switch {
		case errors.As(err, &ve):
			failed++
			if !asJSON {
				fmt.Fprintln(errOut, ve.Error())
			}
		case err != nil:
			failed++
			rep.Error = clusterscope.ErrorMessage(err)
			if !asJSON {
				fmt.Fprintf(errOut, "%s 未载入：%s\n", f, rep.Error)
			}
		default:
			rep.Loaded, rep.LoadID, rep.Rows, rep.Repeated = true, res.Load.ID, res.Load.Rows, !res.Fresh
			if asJSON {
				break
			}
			for _, p := range res.Problems {
				fmt.Fprintln(errOut, p.String())
			}
			if res.Fresh {
				fmt.Fprintf(out, "%s 已载入：第 %d 次载入，%d 行，%d 个集群\n", f, res.Load.ID, res.Load.Rows, res.Load.Clusters)
			} else {
				fmt.Fprintf(out, "%s 此前已载入（第 %d 次载入，SHA-256 相同），未作改动\n", f, res.Load.ID)
			}
		}
		reports = append(reports, rep)
	}
	if asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(reports); err != nil {
			return err
		}
	}
	if failed > 0 {
		if !asJSON {
			fmt.Fprintf(errOut, "%d 个文件中有 %d 个未载入\n", len(files), failed)
		}
		return errReported
	}
	return nil
}

func currentUser() string {
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return os.Getenv("USER")
}
