package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"clusterscope"
	"clusterscope/warehouse"
)

// newCall is `clusterscope call check|add|list`: the calls (推荐通知) an
// administrator adds or corrects, each batch's quotas and deadlines.
func newCall() *cobra.Command {
	cmd := &cobra.Command{Use: "call", Short: "推荐通知（批次的名额、截止日期与规则）：检查、添加、列出（TOML 文件，无需重新编译）"}
	check := &cobra.Command{
		Use:   "check FILE",
		Short: "检查一个推荐通知文件，不做改动",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := readFile(args[0])
			if err != nil {
				return err
			}
			c, err := warehouse.ParseCall(filepath.Base(args[0]), b)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s：%s（%s），%d 年度批次，%d 项名额，无误\n", args[0], c.Name, c.Ref(), c.Batch, len(c.Quotas))
			return nil
		},
	}
	add := &cobra.Command{
		Use:   "add FILE",
		Short: "检查并启用一个推荐通知文件（复制到数据目录 calls/，记入审计日志）",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := readFile(args[0])
			if err != nil {
				return err
			}
			wh, sets, err := openRuleSets(cmd)
			if err != nil {
				return err
			}
			c, err := wh.AddCall(args[0], b, sets)
			if err != nil {
				return err
			}
			if err := auditCLI(wh, clusterscope.AuditCall, c.Ref(), "启用推荐通知 "+c.Name); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "已启用 %s（%s）；看板在下一次请求时采用\n", c.Name, c.Ref())
			return nil
		},
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "列出在用的推荐通知",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			wh, err := warehouse.Open(dataDir(cmd))
			if err != nil {
				return err
			}
			calls, err := wh.AllCalls()
			if err != nil {
				return err
			}
			rows := [][]string{{"版本", "批次", "地区", "文号", "认定标准", "名额", "截止日期"}}
			for _, c := range calls {
				rows = append(rows, []string{c.Ref(), fmt.Sprint(c.Batch), orLabel(c.Region, "全国"), orLabel(c.Document, "—"),
					c.RuleSet, quotasText(c), deadlinesText(c)})
			}
			return printTable(cmd.OutOrStdout(), rows)
		},
	}
	cmd.AddCommand(check, add, list)
	return cmd
}

// quotasText writes a call's quotas as unit≤max: province≤5 plan_city≤3 corps≤3.
func quotasText(c *clusterscope.Call) string {
	var parts []string
	for _, q := range c.Quotas {
		p := fmt.Sprintf("%s≤%d", q.Unit, q.Max)
		if q.Min > 0 {
			p = fmt.Sprintf("%s %d–%d", q.Unit, q.Min, q.Max)
		}
		parts = append(parts, p)
	}
	if c.OnePerSegment != "" {
		parts = append(parts, "每个细分领域1个（"+string(c.OnePerSegment)+"）")
	}
	return strings.Join(parts, " ")
}

func deadlinesText(c *clusterscope.Call) string {
	var parts []string
	for _, lv := range clusterscope.Levels {
		if d, ok := c.Deadlines[lv]; ok {
			parts = append(parts, string(lv)+" "+d.Format(time.DateOnly))
		}
	}
	return orLabel(strings.Join(parts, " "), "—")
}
