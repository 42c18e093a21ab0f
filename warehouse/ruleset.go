package warehouse

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"clusterscope"
)

// RuleSetDir is where an administrator puts further rule sets (认定标准,
// e.g. one for the western provinces), as TOML files, without rebuilding.
const RuleSetDir = "rulesets"

// RuleSets reads every rule set in the warehouse's rulesets folder, in file
// name order. One bad file is an error naming it: judging by a silently
// skipped set would be worse than not starting.
func (w *Warehouse) RuleSets() ([]*clusterscope.RuleSet, error) {
	dir := filepath.Join(w.dir, RuleSetDir)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("read rule sets: %w", err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && filepath.Ext(e.Name()) == ".toml" {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	var out []*clusterscope.RuleSet
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			return nil, fmt.Errorf("read rule set %s: %w", n, err)
		}
		rs, err := clusterscope.ParseRuleSet(n, b)
		if err != nil {
			return nil, err
		}
		out = append(out, rs)
	}
	return out, nil
}
