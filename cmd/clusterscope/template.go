package main

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"clusterscope"
	"clusterscope/etl/docx"
	"clusterscope/etl/workbook"
)

func newTemplate() *cobra.Command {
	var out, format string
	var batch int
	var followUp bool
	cmd := &cobra.Command{
		Use:   "template -o 申报表.xlsx",
		Short: "生成空白申报表（或年度跟踪报告）模板：Excel 工作簿，或 --format docx 的 Word 文档（附件2 样式），填好后用 load 载入",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			kind := workbook.Application
			if followUp {
				kind = workbook.FollowUp
			}
			var write func(io.Writer, workbook.Kind, int) error
			switch format {
			case "xlsx":
				write = workbook.Template
			case "docx":
				write = docx.Template
			default:
				return clusterscope.Errorf(clusterscope.EINVALID, "不支持的模板格式「%s」：可选 xlsx 或 docx", format)
			}
			if !cmd.Flags().Changed("output") && format == "docx" {
				out = "申报表.docx"
			}
			f, err := os.Create(out)
			if err != nil {
				return fmt.Errorf("write template %s: %w", out, err)
			}
			bw := bufio.NewWriter(f)
			if err := write(bw, kind, batch); err != nil {
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
	cmd.Flags().StringVar(&format, "format", "xlsx", "模板格式：xlsx（Excel 工作簿）或 docx（Word 文档，通知附件2 的样式）")
	cmd.Flags().IntVar(&batch, "batch", 2022, "批次（年度）：2022 批次填 2019–2021 年数据、目标至 2024 年")
	cmd.Flags().BoolVar(&followUp, "followup", false, "生成年度跟踪报告模板（填报上一年实绩）")
	return cmd
}
