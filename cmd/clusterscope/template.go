package main

import (
	"bufio"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"clusterscope/etl/workbook"
)

func newTemplate() *cobra.Command {
	var out string
	var batch int
	var followUp bool
	cmd := &cobra.Command{
		Use:   "template -o 申报表.xlsx",
		Short: "生成空白申报表（或年度跟踪报告）Excel 模板，填好后用 load 载入",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			kind := workbook.Application
			if followUp {
				kind = workbook.FollowUp
			}
			f, err := os.Create(out)
			if err != nil {
				return fmt.Errorf("write template %s: %w", out, err)
			}
			bw := bufio.NewWriter(f)
			if err := workbook.Template(bw, kind, batch); err != nil {
				f.Close()
				return err
			}
			if err := bw.Flush(); err != nil {
				f.Close()
				return err
			}
			if err := f.Close(); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "已生成 %s（%d 年度批次）\n", out, batch)
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "申报表.xlsx", "输出文件")
	cmd.Flags().IntVar(&batch, "batch", 2022, "批次（年度）：2022 批次填 2019–2021 年数据、目标至 2024 年")
	cmd.Flags().BoolVar(&followUp, "followup", false, "生成年度跟踪报告模板（填报上一年实绩）")
	return cmd
}
