// Command clusterscope loads applications and follow-up reports of the
// national SME characteristic industrial cluster programme into a Parquet
// warehouse and serves dashboards over it.
package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"clusterscope"
	"clusterscope/dashboard/words"
)

func main() {
	if err := newRoot().Execute(); err != nil {
		var ve *clusterscope.ValidationError
		if !errors.As(err, &ve) && !errors.Is(err, errReported) {
			fmt.Fprintln(os.Stderr, "错误：", said(err))
			if clusterscope.ErrorCode(err) == clusterscope.EINTERNAL {
				fmt.Fprintln(os.Stderr, "详情：", err)
			}
		}
		os.Exit(exitCode(err))
	}
}

// errReported is returned when the problems were printed already.
var errReported = errors.New("reported")

func newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:           "clusterscope",
		Short:         "中小企业特色产业集群数据仓库与看板",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	def := os.Getenv("CLUSTERSCOPE_DATA")
	if def == "" {
		def = "./data"
	}
	root.PersistentFlags().String("data", def, "数据仓库目录（环境变量 CLUSTERSCOPE_DATA）")
	root.PersistentFlags().String("config", "", "配置文件（环境变量 CLUSTERSCOPE_CONFIG；安装包的程序默认读 "+packagedConfig+"）")
	root.PersistentPreRunE = readConfig
	root.AddCommand(newDemo(), newLoad(), newValidate(), newTemplate(), newAssess(), newExport(), newServe(), newUser(), newRuleSet(),
		newCall(), newNotice(), newAudit(), newBackup(), newRestore(), newConfigCmd())
	return root
}

func dataDir(cmd *cobra.Command) string {
	d, _ := cmd.Flags().GetString("data")
	return d
}

// said is err as the command says it: in Chinese, a refusal's reasons
// through the catalogue.
func said(err error) string { return words.Error(words.Chinese, err) }
