package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"clusterscope"
	"clusterscope/warehouse"
)

// newRuleSet is `clusterscope ruleset check|add|list`: the recognition
// criteria (认定标准) an administrator adds for a batch or a region.
func newRuleSet() *cobra.Command {
	cmd := &cobra.Command{Use: "ruleset", Short: "认定标准版本：检查、添加、列出（TOML 文件，无需重新编译）"}
	check := &cobra.Command{
		Use:   "check FILE",
		Short: "检查一个认定标准文件，不做改动",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := readFile(args[0])
			if err != nil {
				return err
			}
			rs, err := warehouse.ParseRuleSet(filepath.Base(args[0]), b)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s：%s（%s），%d 条标准，无误\n", args[0], rs.Name, rs.Ref(), len(rs.Criteria))
			return nil
		},
	}
	add := &cobra.Command{
		Use:   "add FILE",
		Short: "检查并启用一个认定标准文件（复制到数据目录 rulesets/，记入审计日志）",
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
			// the bytes checked are the bytes installed: the file is read once
			rs, err := wh.AddRuleSet(args[0], b)
			if err != nil {
				return err
			}
			if err := auditCLI(wh, clusterscope.AuditRuleset, rs.Ref(), "启用认定标准 "+rs.Name); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "已启用 %s（%s）；看板在下一次请求时采用\n", rs.Name, rs.Ref())
			return nil
		},
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "列出在用的认定标准版本",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			wh, sets, err := openRuleSets(cmd)
			if err != nil {
				return err
			}
			wh.Close()
			rows := [][]string{{"版本", "名称", "适用批次", "适用地区", "标准条数"}}
			for _, rs := range sets {
				rows = append(rows, []string{rs.Ref(), rs.Name, fmt.Sprint(rs.Scope.Batches), fmt.Sprint(rs.Scope.Regions), fmt.Sprint(len(rs.Criteria))})
			}
			return printTable(cmd.OutOrStdout(), rows)
		},
	}
	cmd.AddCommand(check, add, list)
	return cmd
}

// readFile reads a file an administrator names, as an EINVALID error
// naming it when it cannot be read.
func readFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, clusterscope.Errorf(clusterscope.EINVALID, "无法读取 %s：%v", path, err)
	}
	return b, nil
}
