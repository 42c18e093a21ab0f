// Command clusterscope-bench measures clusterscope: it generates and loads
// large synthetic data sets (data), drives a bounded load on a loopback
// server (loadtest), times the pages of a `clusterscope serve` process
// pinned apart from it (pages) and writes BENCHMARKS.md from a bench
// run's results (report). bench.sh, which `make bench` runs, uses them all. None of it
// is for operators, so it lives beside the product binary, not in it.
package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

func main() {
	if err := newRoot().Execute(); err != nil {
		if !errors.Is(err, errReported) {
			fmt.Fprintln(os.Stderr, "错误：", err) // a developer's tool: every detail
		}
		os.Exit(1)
	}
}

// errReported is returned when the failure was printed already.
var errReported = errors.New("reported")

func newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:           "clusterscope-bench",
		Short:         "clusterscope 的基准测试与压力测试工具（make bench、make loadtest 使用）",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newData(), newLoadTest(), newPages(), newReport())
	return root
}
