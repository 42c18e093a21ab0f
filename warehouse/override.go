package warehouse

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"clusterscope"
)

const overridesName = "overrides.json"

// Overrides returns the officials' recorded decisions to admit clusters
// that did not pass the criteria, for one batch, oldest first.
func (w *Warehouse) Overrides(batch int) ([]clusterscope.Override, error) {
	all, err := w.readOverrides()
	return all[fmt.Sprint(batch)], err
}

func (w *Warehouse) readOverrides() (map[string][]clusterscope.Override, error) {
	out := map[string][]clusterscope.Override{}
	b, err := os.ReadFile(filepath.Join(w.dir, overridesName))
	if errors.Is(err, fs.ErrNotExist) {
		return out, nil
	} else if err != nil {
		return nil, fmt.Errorf("read overrides: %w", err)
	}
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("read overrides: %w", err)
	}
	return out, nil
}

// OverridesStamp changes whenever the overrides do (each change replaces
// the file): pages judged with them are cached under it.
func (w *Warehouse) OverridesStamp() string {
	st, err := os.Stat(filepath.Join(w.dir, overridesName))
	if err != nil {
		return "none"
	}
	return fmt.Sprintf("%d.%d", st.ModTime().UnixNano(), st.Size())
}

// AddOverride records who admitted which cluster of a batch, and why. A
// later decision on the same cluster replaces the earlier one; an empty
// reason withdraws it.
func (w *Warehouse) AddOverride(batch int, o clusterscope.Override) error {
	o.Reason = strings.TrimSpace(o.Reason)
	if n := utf8.RuneCountInString(o.Reason); n > 500 {
		return clusterscope.Errorf(clusterscope.EINVALID, "理由共 %d 字，超过 500 字限制", n)
	}
	if !clusterscope.ValidClusterID(o.ClusterID) || o.By == "" {
		return clusterscope.Errorf(clusterscope.EINVALID, "破格推荐须写明集群和决定人")
	}
	o.At = time.Now().UTC().Truncate(time.Second)
	unlock, err := w.lockUsers() // the accounts' lock: both are quick, rare changes
	if err != nil {
		return err
	}
	defer unlock()
	all, err := w.readOverrides()
	if err != nil {
		return err
	}
	key := fmt.Sprint(batch)
	var kept []clusterscope.Override
	for _, old := range all[key] {
		if old.ClusterID != o.ClusterID {
			kept = append(kept, old)
		}
	}
	if o.Reason != "" {
		kept = append(kept, o)
	}
	all[key] = kept
	return w.writeAtomic(overridesName, func(f io.Writer) error {
		enc := json.NewEncoder(f)
		enc.SetIndent("", "  ")
		return enc.Encode(all)
	})
}
