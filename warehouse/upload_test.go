package warehouse_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"clusterscope"
	"clusterscope/warehouse"
)

// TestUploadRecords: records come back newest first, per uploader; ids and
// SHA-256s from a request name nothing outside the uploads folder.
func TestUploadRecords(t *testing.T) {
	w, _ := warehouse.Open(t.TempDir())
	var ids []string
	for _, who := range []string{"a", "b", "a"} {
		id, dir, err := w.NewUpload()
		if err != nil {
			t.Fatal(err)
		}
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			t.Fatalf("upload folder %s: %v", dir, err)
		}
		rec := clusterscope.UploadRecord{ID: id, Who: who, Files: []clusterscope.FileResult{{Problems: make([]clusterscope.Problem, 1500)}}}
		if err := w.SaveUpload(rec); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
		time.Sleep(1100 * time.Millisecond) // ids sort by the second
	}
	got, err := w.Uploads("a", 0)
	if err != nil || len(got) != 2 || got[0].ID != ids[2] || got[1].ID != ids[0] {
		t.Fatalf("a's uploads: %+v, %v", got, err)
	}
	if n := len(got[0].Files[0].Problems); n != 1000 {
		t.Errorf("a record keeps %d problems of 1500", n)
	}
	if all, _ := w.Uploads("", 2); len(all) != 2 || all[0].ID != ids[2] {
		t.Errorf("the two newest of everyone's: %+v", all)
	}
	for _, bad := range []string{"../users", "x", ids[0] + "/../../users"} {
		if _, err := w.Upload(bad); clusterscope.ErrorCode(err) != clusterscope.ENOTFOUND {
			t.Errorf("Upload(%q): %v", bad, err)
		}
		if err := w.SaveUpload(clusterscope.UploadRecord{ID: bad}); err == nil {
			t.Errorf("SaveUpload(%q) accepted", bad)
		}
	}
	src := filepath.Join(t.TempDir(), "f")
	os.WriteFile(src, []byte("data"), 0o600)
	sha := strings.Repeat("ab", 32)
	if err := w.KeepUpload("../../etc", src); err == nil {
		t.Error("KeepUpload with a path for a SHA-256")
	}
	if err := w.KeepUpload(sha, src); err != nil {
		t.Fatal(err)
	}
	if f, err := w.OpenUpload(sha); err != nil {
		t.Error(err)
	} else {
		f.Close()
	}
	if _, err := w.OpenUpload("../manifest.json"); clusterscope.ErrorCode(err) != clusterscope.ENOTFOUND {
		t.Errorf("OpenUpload outside the folder: %v", err)
	}
}
