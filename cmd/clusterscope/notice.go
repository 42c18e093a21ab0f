package main

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"clusterscope"
	"clusterscope/warehouse"
)

// newNotice is `clusterscope notice check|add|list`: the list notices
// (名单通告) an administrator adds or corrects, each batch's term of
// recognition and the due day of its yearly reports.
func newNotice() *cobra.Command {
	cmd := &cobra.Command{Use: "notice", Short: "名单通告（认定批次的有效期与年度报告截止日）：检查、添加、列出（TOML 文件，无需重新编译）"}
	check, add := fileCommands("名单通告", warehouse.ListDir, clusterscope.AuditListNotice, warehouse.ParseListNotice,
		(*warehouse.Warehouse).AddListNotice, func(n *clusterscope.ListNotice) (string, string, string) {
			return n.Name, n.Ref(), fmt.Sprintf("%d 年度批次，有效期 %s", n.Batch, termText(n))
		})
	list := &cobra.Command{
		Use:   "list",
		Short: "列出在用的名单通告",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			wh, err := warehouse.Open(dataDir(cmd))
			if err != nil {
				return err
			}
			defer wh.Close()
			notices, err := wh.AllListNotices()
			if err != nil {
				return err
			}
			rows := [][]string{{"版本", "批次", "文号", "日期", "认定数", "有效期", "年度报告截止", "认定名单"}}
			for _, n := range notices {
				names := "未列出（按报送过年度报告认定）"
				if n.Clusters != nil {
					names = fmt.Sprintf("列出 %d 个集群编号", len(n.Clusters))
				}
				rows = append(rows, []string{n.Ref(), fmt.Sprint(n.Batch), orLabel(n.Document, "—"), n.Dated,
					fmt.Sprint(n.Recognised), termText(n), "每年 " + n.DueDays(), names})
			}
			return printTable(cmd.OutOrStdout(), rows)
		},
	}
	cmd.AddCommand(check, add, list)
	return cmd
}

func termText(n *clusterscope.ListNotice) string {
	t := n.FirstTerm()
	return fmt.Sprintf("%d–%d 年", t.Start, t.End)
}

// fileCommands are `check FILE` and `add FILE` of a kind of TOML file an
// administrator adds (what: its Chinese name; dir: its folder in the data
// folder): check parses, add parses, installs and audits the very bytes it
// checked. describe gives a parsed file's name, reference and summary.
func fileCommands[T any](what, dir string, action clusterscope.AuditAction, parse func(name string, data []byte) (T, error),
	install func(wh *warehouse.Warehouse, name string, data []byte) (T, error), describe func(T) (name, ref, summary string)) (check, add *cobra.Command) {
	check = &cobra.Command{
		Use:   "check FILE",
		Short: "检查一个" + what + "文件，不做改动",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := readFile(args[0])
			if err != nil {
				return err
			}
			v, err := parse(filepath.Base(args[0]), b)
			if err != nil {
				return err
			}
			name, ref, summary := describe(v)
			fmt.Fprintf(cmd.OutOrStdout(), "%s：%s（%s），%s，无误\n", args[0], name, ref, summary)
			return nil
		},
	}
	add = &cobra.Command{
		Use:   "add FILE",
		Short: "检查并启用一个" + what + "文件（复制到数据目录 " + dir + "/，记入审计日志）",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := readFile(args[0])
			if err != nil {
				return err
			}
			wh, err := openWarehouse(dataDir(cmd), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer wh.Close()
			v, err := install(wh, args[0], b)
			if err != nil {
				return err
			}
			name, ref, _ := describe(v)
			if err := auditCLI(wh, action, ref, "启用"+what+" "+name); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "已启用 %s（%s）；看板在下一次请求时采用\n", name, ref)
			return nil
		},
	}
	return check, add
}
