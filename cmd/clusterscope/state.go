package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"clusterscope/warehouse"
	"clusterscope/warehouse/sqlite"
)

// openWarehouse opens the data folder for a command, or for serve, and
// says on errOut what the first open of a folder of an earlier release
// imported into the state database. Close the warehouse when done.
func openWarehouse(dir string, errOut io.Writer) (*warehouse.Warehouse, error) {
	wh, err := warehouse.Open(dir)
	if err != nil {
		return nil, err
	}
	if rep := wh.Imported(); rep != nil {
		fmt.Fprint(errOut, importNote(wh.State().Path(), rep))
	}
	return wh, nil
}

// importNote says what was imported, what was skipped and where the
// originals are kept.
func importNote(db string, rep *sqlite.ImportReport) string {
	var b strings.Builder
	fmt.Fprintf(&b, "已将旧版本的账户、破格推荐和审计日志导入数据库 %s：%d 个账户、%d 条破格推荐、%d 条审计记录\n",
		db, rep.Users, rep.Overrides, rep.Audit)
	for _, s := range rep.Skipped {
		fmt.Fprintf(&b, "  %s\n", s)
	}
	if len(rep.Kept) > 0 {
		fmt.Fprintf(&b, "原文件保留为 %s（仅作备份，今后不再读写）\n", strings.Join(rep.Kept, "、"))
	}
	return b.String()
}

// withWarehouse is the RunE of a command that works on the data folder:
// it opens the folder (see openWarehouse), runs run and closes it.
func withWarehouse(run func(cmd *cobra.Command, args []string, wh *warehouse.Warehouse) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		wh, err := openWarehouse(dataDir(cmd), cmd.ErrOrStderr())
		if err != nil {
			return err
		}
		defer wh.Close()
		return run(cmd, args, wh)
	}
}
