package warehouse

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"clusterscope"
)

// AddRuleSet checks the rule-set TOML b (clusterscope.ParseRuleSet, the
// check of `ruleset check`) and, when it is sound, puts it in force: it is
// written, atomically, as rulesets/<file's base name>, replacing a set of
// that name. The running server reads it at its next request. The caller
// audits.
func (w *Warehouse) AddRuleSet(file string, b []byte) (*clusterscope.RuleSet, error) {
	name := filepath.Base(file)
	if !strings.HasSuffix(name, ".toml") || strings.HasPrefix(name, ".") {
		return nil, clusterscope.Errorf(clusterscope.EINVALID, "认定标准文件「%s」须为 .toml 文件", name)
	}
	rs, err := clusterscope.ParseRuleSet(name, b)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(w.dir, RuleSetDir), 0o755); err != nil {
		return nil, fmt.Errorf("add rule set %s: %w", name, err)
	}
	rel := filepath.Join(RuleSetDir, name)
	if err := w.writeAtomic(rel, func(f io.Writer) error { _, err := f.Write(b); return err }); err != nil {
		return nil, fmt.Errorf("add rule set %s: %w", name, err)
	}
	return rs, nil
}
