package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"clusterscope"
	"clusterscope/warehouse"
)

// newAudit is `clusterscope audit verify`.
func newAudit() *cobra.Command {
	cmd := &cobra.Command{Use: "audit", Short: "审计日志"}
	cmd.AddCommand(&cobra.Command{
		Use:   "verify",
		Short: "校验审计日志的哈希链：报告第一条被改动或删除的记录（有则以非零状态退出）",
		Long: "审计日志的每条记录都以哈希与前一条相连。本命令从第一条起逐条核对，报告第一条被改动或删除的记录；\n" +
			"日志完好时显示记录条数和末条哈希。把末条哈希另行记下（如随备份保存），日后可证明其前的记录未被整体改写。",
		Args: cobra.NoArgs,
		RunE: withWarehouse(func(cmd *cobra.Command, args []string, wh *warehouse.Warehouse) error {
			c, err := wh.VerifyAudit()
			if err != nil {
				return err
			}
			if !c.OK() {
				return clusterscope.Errorf(clusterscope.EINVALID, "审计日志未通过校验：%s（其前 %d 条完好）", c.Problem, c.Entries)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "审计日志完好：共 %d 条记录，末条哈希 %s\n", c.Entries, orLabel(c.Head, "（无）"))
			return nil
		}),
	})
	return cmd
}
