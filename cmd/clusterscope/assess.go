package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"clusterscope"
	"clusterscope/dashboard/words"
	"clusterscope/queries"
	"clusterscope/warehouse"
	"clusterscope/warehouse/region"
)

func newAssess() *cobra.Command {
	var f queries.Filter
	var asJSON bool
	var lim clusterscope.Limits
	var callRef string
	cmd := &cobra.Command{
		Use:   "assess --batch 2022",
		Short: "按认定标准与发展目标规则 a–g 审核每个集群，综合评分并给出推荐名单",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			wh, sets, err := openRuleSets(cmd)
			if err != nil {
				return err
			}
			defer wh.Close()
			db, err := queries.Open()
			if err != nil {
				return err
			}
			defer db.Close()
			snap, err := wh.Snapshot()
			if err != nil {
				return err
			}
			if err := db.Use(snap); err != nil {
				return err
			}
			data, err := db.AssessApplications(context.Background(), clusterscope.All, f)
			if err != nil {
				return err
			}
			if len(data) == 0 {
				return clusterscope.Errorf(clusterscope.ENOTFOUND, "没有符合条件的集群（%d 年度批次）", f.Batch)
			}
			calls, err := wh.AllCalls()
			if err != nil {
				return err
			}
			call := clusterscope.SelectCall(calls, f.Batch, "")
			if callRef != "" {
				call = clusterscope.FindCall(calls, callRef)
			}
			if call == nil || call.Batch != f.Batch {
				return clusterscope.Errorf(clusterscope.ENOTFOUND, "没有 %d 年度批次的推荐通知「%s」（见 clusterscope call list）", f.Batch, callRef)
			}
			if sets, err = call.RuleSets(sets); err != nil {
				return err
			}
			sel := clusterscope.Selection{Call: call, Limits: lim, Units: map[string]clusterscope.QuotaUnit{}}
			for _, d := range data {
				if u, ok := region.UnitOf(d.Cluster); ok {
					sel.Units[d.Cluster.ID] = u
				}
			}
			res := clusterscope.AssessBatch(sets, data, nil, sel)
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), res)
			}
			printAssessment(cmd, res, snap.Demo)
			return nil
		},
	}
	cmd.Flags().IntVar(&f.Batch, "batch", 2022, "批次")
	cmd.Flags().StringVar(&f.Province, "province", "", "省份")
	cmd.Flags().StringVar(&f.City, "city", "", "市")
	cmd.Flags().StringVar(&f.Status, "status", "candidate", "candidate（候选）、recognised（已认定）或空（全部）")
	cmd.Flags().StringVar(&callRef, "call", "", "推荐通知（id 或 id@版本，见 call list；默认：该批次的国家通知）")
	cmd.Flags().IntVar(&lim.PerCity, "per-city", 0, "每市至多推荐数（0：按通知）")
	cmd.Flags().IntVar(&lim.PerUnit, "per-province", 0, "每省至多推荐数，不超过通知的名额（0：按通知）")
	cmd.Flags().BoolVar(&asJSON, "json", false, "以 JSON 输出全部结果")
	return cmd
}

func printAssessment(cmd *cobra.Command, res clusterscope.BatchAssessment, demo bool) {
	out := cmd.OutOrStdout()
	if demo {
		fmt.Fprintln(out, clusterscope.DemoNote)
	}
	items := map[string]clusterscope.RecommendationItem{}
	for _, it := range res.Recommendation.Items {
		items[it.Cluster.ID] = it
	}
	for _, r := range res.Ranking {
		a, it := res.Assessments[r.Cluster.ID], items[r.Cluster.ID]
		mark := ""
		if it.Recommended {
			mark = "【推荐】"
		}
		fmt.Fprintf(out, "\n%d. %s%s（%s，%s%s）\n   %s\n   认定标准（%s）：%s；%s\n", r.Rank, mark, r.Cluster.Name, r.Cluster.ID,
			r.Cluster.Province, r.Cluster.City, zh(r.Explain()), a.RuleSet, a.Outcome.Label(), zh(it.Reason))
		tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		for _, c := range a.Criteria {
			fmt.Fprintf(tw, "   · %s\t%s\t%s\n", c.Wording, c.Outcome.Label(), zh(c.Reason))
		}
		for _, t := range a.Targets {
			fmt.Fprintf(tw, "   · %s\t%s\t%s\n", orLabel(t.RuleText, t.Label), t.Outcome.Label(), zh(t.Reason))
		}
		tw.Flush()
	}
	fmt.Fprintf(out, "\n推荐依据：%s（%s）：%s\n%s\n", res.Call.Name, res.Call.Ref(), quotasText(res.Call), res.TieBreak)
}

// zh is the domain's messages as the CLI says them: in Chinese.
func zh(ms clusterscope.Messages) string { return words.SayAll(words.Chinese, ms) }

func orLabel(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// openRuleSets opens the warehouse and reads the rule sets: the national
// default, then the administrator's; close the warehouse when done.
func openRuleSets(cmd *cobra.Command) (*warehouse.Warehouse, []*clusterscope.RuleSet, error) {
	wh, err := openWarehouse(dataDir(cmd), cmd.ErrOrStderr())
	if err != nil {
		return nil, nil, err
	}
	sets, err := wh.AllRuleSets()
	if err != nil {
		wh.Close()
		return nil, nil, err
	}
	return wh, sets, nil
}
