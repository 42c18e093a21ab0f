package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"clusterscope"
	"clusterscope/etl/demo"
	"clusterscope/warehouse"
)

// demoFile is named so that nobody mistakes it for real data.
const demoFile = "演示数据-demo.csv"

func newDemo() *cobra.Command {
	var opt demo.Options
	var ifEmpty bool
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "生成并载入演示数据（合成数据，非真实集群）",
		Long:  "生成确定性的合成数据集（长表 CSV），写入数据目录的 demo/ 下并载入。\n" + clusterscope.DemoNote,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			wh, err := warehouse.Open(dataDir(cmd))
			if err != nil {
				return err
			}
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
			fmt.Fprintln(cmd.OutOrStdout(), clusterscope.DemoNote)
			if err := loadFiles(cmd, wh, []string{path}, "demo", clusterscope.All, true, false); err != nil {
				return err
			}
			return demoAccounts(wh, cmd.OutOrStdout())
		},
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
