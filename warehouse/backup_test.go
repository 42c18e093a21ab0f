package warehouse_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"clusterscope"
	"clusterscope/warehouse"
	"clusterscope/warehouse/warehousetest"
)

// filled is a warehouse with two loads, accounts, an override, audit
// entries and a rule set of its own.
func filled(t *testing.T) *warehouse.Warehouse {
	t.Helper()
	w := open(t, t.TempDir())
	for i, value := range []string{"41.5", "52"} {
		if _, _, err := w.Load(warehouse.Input{File: fmt.Sprintf("f%d.csv", i), SHA256: fmt.Sprint(i), By: "test",
			Observations: observations(50, value)}); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range []clusterscope.User{admin, zhongwei} {
		if err := w.AddUser(u, goodPassword); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.AddOverride(2022, clusterscope.Override{ClusterID: "C-00001", By: "admin", Reason: "经复核达标"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Audit(clusterscope.AuditEntry{Who: "admin", Action: clusterscope.AuditOverride, Target: "2022/C-00001"}); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(w.Dir(), warehouse.RuleSetDir), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(w.Dir(), warehouse.RuleSetDir, "west.toml"), []byte(warehousetest.WestRuleSet), 0o644); err != nil {
		t.Fatal(err)
	}
	// a call an administrator corrected, and a file sent through the browser
	call, err := os.ReadFile(filepath.Join("calls", "ningxia-2022.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.AddCall("ningxia-2022.toml", call, []*clusterscope.RuleSet{warehouse.DefaultRuleSet()}); err != nil {
		t.Fatal(err)
	}
	for rel, b := range map[string]string{"uploads/" + strings.Repeat("ab", 32): "申报表的原件", "uploads/records/20261201T000000Z-0123456789abcdef.json": `{"id":"x"}`} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(w.Dir(), rel)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(w.Dir(), rel), []byte(b), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// TestBackupRestoresTheWarehouse: what a restore brings back into a new
// folder reads as the original did — snapshot, loads, the same Parquet
// bytes, accounts that sign in, overrides, the audit log and its chain,
// rule sets.
func TestBackupRestoresTheWarehouse(t *testing.T) {
	w := filled(t)
	archive := filepath.Join(t.TempDir(), "b.tar.gz")
	rep, err := w.Backup(archive)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Version != 2 || rep.Loads != 2 || rep.Parquet != 4 || rep.RuleSets != 1 || rep.Kept != 3 || rep.Audit.Entries != 1 || rep.Bytes == 0 {
		t.Errorf("backup report: %+v; want version 2, 2 loads, 4 Parquet files, 1 rule set, 3 other files, 1 audit entry", rep)
	}
	if st, err := os.Stat(archive); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("archive mode: %v %v; it holds password hashes, want 0600", st, err)
	}
	dir := filepath.Join(t.TempDir(), "restored")
	got, err := warehouse.Restore(archive, dir)
	if err != nil {
		t.Fatal(err)
	}
	if got != rep {
		t.Errorf("restore report %+v, backup report %+v", got, rep)
	}
	r := open(t, dir)
	wantSame(t, "snapshot version", func(w *warehouse.Warehouse) any { s, _ := w.Snapshot(); return s.Version }, w, r)
	wantSame(t, "loads", func(w *warehouse.Warehouse) any { l, _ := w.Loads(); return l }, w, r)
	wantSame(t, "users", func(w *warehouse.Warehouse) any { u, _ := w.Users(); return u }, w, r)
	wantSame(t, "overrides", func(w *warehouse.Warehouse) any { o, _ := w.Overrides(2022); return o }, w, r)
	wantSame(t, "audit log", func(w *warehouse.Warehouse) any { l, _ := w.AuditLog(0); return l }, w, r)
	wantSame(t, "audit chain", func(w *warehouse.Warehouse) any { c, _ := w.VerifyAudit(); return c }, w, r)
	wantSame(t, "rule sets", func(w *warehouse.Warehouse) any {
		sets, _ := w.RuleSets()
		var refs []string
		for _, s := range sets {
			refs = append(refs, s.Ref())
		}
		return refs
	}, w, r)
	// what administrators and uploaders keep beside the data comes back as it was
	for _, rel := range []string{"calls/ningxia-2022.toml", "uploads/" + strings.Repeat("ab", 32), "uploads/records/20261201T000000Z-0123456789abcdef.json"} {
		a, _ := os.ReadFile(filepath.Join(w.Dir(), rel))
		if b, err := os.ReadFile(filepath.Join(dir, rel)); err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s not restored: %v", rel, err)
		}
	}
	snap, _ := w.Snapshot()
	for _, f := range append(snap.Observations, snap.Loads) {
		rel, _ := filepath.Rel(w.Dir(), f)
		a, _ := os.ReadFile(f)
		b, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s not restored byte for byte: %v", rel, err)
		}
	}
	if _, err := r.Authenticate("zhongwei", goodPassword); err != nil {
		t.Errorf("sign in on the restored warehouse: %v", err)
	}
	if _, err := w.Backup(archive); clusterscope.ErrorCode(err) != clusterscope.ECONFLICT {
		t.Errorf("backup over an existing file: %v, want a conflict", err)
	}
	if _, err := w.Backup(filepath.Join(t.TempDir(), "b.zip")); clusterscope.ErrorCode(err) != clusterscope.EINVALID {
		t.Errorf("backup to .zip: %v, want it refused", err)
	}
}

// wantSame compares what get reads from the original and the restored
// warehouse.
func wantSame(t *testing.T, what string, get func(*warehouse.Warehouse) any, orig, restored *warehouse.Warehouse) {
	t.Helper()
	if a, b := get(orig), get(restored); !reflect.DeepEqual(a, b) {
		t.Errorf("%s: restored %+v, original %+v", what, b, a)
	}
}

// TestBackupDuringLoads takes backups while loads run one after another,
// each starting with the recovery that removes the files the manifest no
// longer names (as `clusterscope load` does): every backup restores, its
// files exactly those of one manifest.
func TestBackupDuringLoads(t *testing.T) {
	if testing.Short() {
		t.Skip("loads for a while")
	}
	w := open(t, t.TempDir())
	obs := observations(20000, "42.5")
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		loader := open(t, w.Dir()) // the loading process
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := loader.Recover(); err != nil {
				t.Error(err)
				return
			}
			if _, _, err := loader.Load(warehouse.Input{File: "big.csv", SHA256: fmt.Sprint(i), Observations: obs}); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	var versions []int64
	for i := range 6 {
		// Right after a load, while the next one writes.
		deadline := time.Now().Add(30 * time.Second)
		for s, _ := w.Snapshot(); s.Version <= int64(i); s, _ = w.Snapshot() {
			if time.Now().After(deadline) {
				t.Fatalf("no load completed after version %d", i)
			}
			time.Sleep(time.Millisecond)
		}
		archive := filepath.Join(t.TempDir(), fmt.Sprintf("b%d.tar.gz", i))
		rep, err := w.Backup(archive)
		if err != nil {
			t.Fatalf("backup %d: %v", i, err)
		}
		dir := filepath.Join(t.TempDir(), "restored")
		if _, err := warehouse.Restore(archive, dir); err != nil {
			t.Fatalf("restore of backup %d: %v", i, err)
		}
		versions = append(versions, rep.Version)
	}
	close(stop)
	wg.Wait()
	t.Logf("backups of versions %v", versions)
}

// TestRestoreRefuses: a restore checks the backup before anything appears
// in the folder, and says what is wrong.
func TestRestoreRefuses(t *testing.T) {
	w := filled(t)
	good := filepath.Join(t.TempDir(), "good.tar.gz")
	if _, err := w.Backup(good); err != nil {
		t.Fatal(err)
	}
	snap, _ := w.Snapshot()
	obs, _ := filepath.Rel(w.Dir(), snap.Observations[0])
	tests := []struct {
		name   string
		change func(t *testing.T, entries map[string][]byte)
		raw    func(b []byte) []byte // the archive's bytes instead
		code   string
		msg    string
	}{
		{name: "not_an_archive", raw: func([]byte) []byte { return []byte("PK\x03\x04 a zip") }, code: clusterscope.EINVALID, msg: "不是 clusterscope backup 写的"},
		{name: "cut_short", raw: func(b []byte) []byte { return b[:len(b)/2] }, code: clusterscope.EINVALID, msg: "已损坏或不完整"},
		{name: "foreign_entry", change: func(t *testing.T, e map[string][]byte) { e["../escape.txt"] = []byte("x") },
			code: clusterscope.EINVALID, msg: "不属于备份的条目「../escape.txt」"},
		{name: "no_database", change: func(t *testing.T, e map[string][]byte) { delete(e, "state.db") },
			code: clusterscope.EINVALID, msg: "没有数据库"},
		{name: "audit_edited", change: func(t *testing.T, e map[string][]byte) { e["state.db"] = editAudit(t, e["state.db"]) },
			code: clusterscope.EINVALID, msg: "第 1 条审计记录被改动过"},
		{name: "parquet_missing", change: func(t *testing.T, e map[string][]byte) { delete(e, obs) },
			code: clusterscope.EINVALID, msg: "所列的数据文件 " + obs + " 不在备份中"},
		{name: "parquet_not_named", change: func(t *testing.T, e map[string][]byte) { e["observations/extra.parquet"] = e[obs] },
			code: clusterscope.EINVALID, msg: "observations/extra.parquet 不在清单"},
		{name: "parquet_damaged", change: func(t *testing.T, e map[string][]byte) {
			b := slices.Clone(e[obs])
			copy(b[len(b)-8:], "XXXXXXXX")
			e[obs] = b
		}, code: clusterscope.EINVALID, msg: obs + " 已损坏"},
		{name: "rows_differ", change: func(t *testing.T, e map[string][]byte) {
			e["manifest.json"] = bytes.Replace(e["manifest.json"], []byte(`"rows": 50`), []byte(`"rows": 51`), 1)
		}, code: clusterscope.EINVALID, msg: "共有 100 行观测值，而清单所记的载入共有 101 行"},
		{name: "bad_rule_set", change: func(t *testing.T, e map[string][]byte) { e["rulesets/bad.toml"] = []byte("id = ") },
			code: clusterscope.EINVALID, msg: "认定标准文件 rulesets/bad.toml 无效"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, _ := os.ReadFile(good)
			if tt.raw != nil {
				b = tt.raw(b)
			} else {
				b = rewrite(t, b, tt.change)
			}
			archive := filepath.Join(t.TempDir(), "bad.tar.gz")
			if err := os.WriteFile(archive, b, 0o600); err != nil {
				t.Fatal(err)
			}
			parent := t.TempDir()
			dir := filepath.Join(parent, "data")
			_, err := warehouse.Restore(archive, dir)
			wantRefused(t, err, tt.code, tt.msg)
			if left, _ := os.ReadDir(parent); len(left) > 0 {
				t.Errorf("a refused restore left %v", left)
			}
		})
	}
	t.Run("folder_not_empty", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "keep.txt"), []byte("mine"), 0o644)
		_, err := warehouse.Restore(good, dir)
		wantRefused(t, err, clusterscope.ECONFLICT, "不是空的")
		if b, _ := os.ReadFile(filepath.Join(dir, "keep.txt")); string(b) != "mine" {
			t.Error("the folder's file changed")
		}
	})
}

func wantRefused(t *testing.T, err error, code, msg string) {
	t.Helper()
	if clusterscope.ErrorCode(err) != code || !bytes.Contains([]byte(clusterscope.ErrorMessage(err)), []byte(msg)) {
		t.Fatalf("err = %v (code %q), want code %q saying %q", err, clusterscope.ErrorCode(err), code, msg)
	}
}

// rewrite returns the .tar.gz b with its entries changed by change.
func rewrite(t *testing.T, b []byte, change func(*testing.T, map[string][]byte)) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	entries := map[string][]byte{}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		entries[h.Name], _ = io.ReadAll(tr)
	}
	change(t, entries)
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	tw := tar.NewWriter(zw)
	names := slices.Sorted(maps.Keys(entries))
	for _, name := range names {
		tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: name, Size: int64(len(entries[name])), Mode: 0o600})
		tw.Write(entries[name])
	}
	tw.Close()
	zw.Close()
	return out.Bytes()
}

// editAudit changes the first audit entry of a database file as a
// tamperer with an SQLite client would: dropping the trigger first.
func editAudit(t *testing.T, db []byte) []byte {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "state.db")
	if err := os.WriteFile(path, db, 0o600); err != nil {
		t.Fatal(err)
	}
	r := stateDB(t, dir)
	for _, q := range []string{`DROP TRIGGER audit_no_update`, `UPDATE audit SET who = 'nobody' WHERE id = 1`} {
		if _, err := r.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	r.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
