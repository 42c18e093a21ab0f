package main

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"clusterscope"
	"clusterscope/warehouse"
)

// newBackup is `clusterscope backup -o FILE`.
func newBackup() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "backup -o FILE.tar.gz",
		Short: "备份整个数据目录（数据库、清单及其所列的 Parquet 文件、认定标准），看板运行时亦可",
		Long: "把数据目录写成一个 .tar.gz：数据库（账户、破格推荐、决定、审计日志）的一致副本、manifest.json 及其所列的每个 Parquet 文件、rulesets/。\n" +
			"看板和载入可照常进行：备份取清单在某一时刻所列的文件，载入只会新增文件。文件先以临时名写完并落盘，再取正式名；已存在的文件不会被覆盖。\n" +
			"不含 cache/（可重建）和 demo/（clusterscope demo 可重写）。每次备份记入审计日志。",
		Example: "  clusterscope backup -o /backup/clusterscope-$(date +%F).tar.gz",
		Args:    cobra.NoArgs,
		RunE: withWarehouse(func(cmd *cobra.Command, args []string, wh *warehouse.Warehouse) error {
			rep, err := wh.Backup(out)
			if err != nil {
				return err
			}
			abs, _ := filepath.Abs(out)
			if err := auditCLI(wh, clusterscope.AuditBackup, abs, backupDetail(rep)); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "已备份到 %s（%d 字节）：%s\n", abs, rep.Bytes, backupDetail(rep))
			return nil
		}),
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "备份文件（.tar.gz 或 .tgz；不能已存在）")
	cmd.MarkFlagRequired("output")
	return cmd
}

// newRestore is `clusterscope restore FILE --data DIR`.
func newRestore() *cobra.Command {
	return &cobra.Command{
		Use:   "restore FILE.tar.gz --data DIR",
		Short: "从备份恢复到一个空的（或尚不存在的）数据目录，并先检查备份",
		Long: "恢复只写入空目录或新目录。恢复前检查数据库（完整性、结构版本、审计日志哈希链）、清单所列的每个 Parquet 文件（都在、可读、行数与载入记录相符）和认定标准；\n" +
			"任何一项不符则拒绝恢复、目标目录保持原样。恢复记入恢复后的审计日志。",
		Example: "  clusterscope restore /backup/clusterscope-2026-12-01.tar.gz --data /srv/clusterscope/data",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := dataDir(cmd)
			rep, err := warehouse.Restore(args[0], dir)
			if err != nil {
				return err
			}
			wh, err := openWarehouse(dir, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer wh.Close()
			abs, _ := filepath.Abs(args[0])
			if err := auditCLI(wh, clusterscope.AuditRestore, abs, "恢复到 "+wh.Dir()+"："+backupDetail(rep)); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "已从 %s 恢复到 %s：%s\n", abs, wh.Dir(), backupDetail(rep))
			return nil
		},
	}
}

// backupDetail says what a backup holds, for the user and the audit log.
func backupDetail(rep warehouse.BackupReport) string {
	return fmt.Sprintf("数据版本 %d（%d 次载入，%d 个 Parquet 文件），%d 个认定标准文件，%d 个推荐通知与上报文件，审计日志 %d 条（末条哈希 %s）",
		rep.Version, rep.Loads, rep.Parquet, rep.RuleSets, rep.Kept, rep.Audit.Entries, orLabel(rep.Audit.Head, "无"))
}
