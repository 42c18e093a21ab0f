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
			rs, _, err := readRuleSet(args[0])
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
			// b is the file as it was checked: reading it again could
			// install something else (a pipe reads empty the second time).
			_, b, err := readRuleSet(args[0])
			if err != nil {
				return err
			}
			wh, err := warehouse.Open(dataDir(cmd))
			if err != nil {
				return err
			}
			rs, err := wh.AddRuleSet(args[0], b) // the browser's 认定标准 page too
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
			_, sets, err := openRuleSets(cmd)
			if err != nil {
				return err
			}
			rows := [][]string{{"版本", "名称", "适用批次", "适用地区", "标准条数"}}
			for _, rs := range append([]*clusterscope.RuleSet{clusterscope.DefaultRuleSet()}, sets...) {
				rows = append(rows, []string{rs.Ref(), rs.Name, fmt.Sprint(rs.Scope.Batches), fmt.Sprint(rs.Scope.Regions), fmt.Sprint(len(rs.Criteria))})
			}
			return printTable(cmd.OutOrStdout(), rows)
		},
	}
	cmd.AddCommand(check, add, list)
	return cmd
}

// readRuleSet reads and checks a rule-set file once, returning the bytes
// it checked.
func readRuleSet(path string) (*clusterscope.RuleSet, []byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, clusterscope.Errorf(clusterscope.EINVALID, "无法读取 %s：%v", path, err)
	}
	rs, err := clusterscope.ParseRuleSet(filepath.Base(path), b)
	return rs, b, err
}
