package warehouse

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"clusterscope"
)

// RuleSetDir is where an administrator puts further rule sets (认定标准,
// e.g. one for the western provinces), as TOML files, without rebuilding.
const RuleSetDir = "rulesets"

// RuleSets reads every rule set in the warehouse's rulesets folder, in file
// name order. One bad file is an error naming it: judging by a silently
// skipped set would be worse than not starting.
func (w *Warehouse) RuleSets() ([]*clusterscope.RuleSet, error) {
	names, err := w.ruleSetFiles()
	if err != nil {
		return nil, err
	}
	var out []*clusterscope.RuleSet
	for _, rel := range names {
		b, err := os.ReadFile(filepath.Join(w.dir, rel))
		if err != nil {
			return nil, fmt.Errorf("read rule set %s: %w", path.Base(rel), err)
		}
		rs, err := clusterscope.ParseRuleSet(path.Base(rel), b)
		if err != nil {
			return nil, err
		}
		out = append(out, rs)
	}
	return out, nil
}

// ruleSetFiles returns the rule set files in the warehouse, relative, in
// name order.
func (w *Warehouse) ruleSetFiles() ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(w.dir, RuleSetDir)) // sorted by name
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("read rule sets: %w", err)
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && filepath.Ext(e.Name()) == ".toml" {
			out = append(out, RuleSetDir+"/"+e.Name())
		}
	}
	return out, nil
}
