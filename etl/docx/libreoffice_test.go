package docx_test

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"clusterscope/etl"
	"clusterscope/etl/docx"
)

var update = flag.Bool("update", false, "write testdata/libreoffice.docx again (needs LibreOffice Writer and python3-uno)")

// TestLibreOfficeSaved: the filled form of the example application, opened
// and saved again by LibreOffice Writer (a fixture it wrote, with the script
// that made it), reads back to the same observations as the JSON.
func TestLibreOfficeSaved(t *testing.T) {
	fixture := filepath.Join("testdata", "libreoffice.docx")
	if *update {
		src := writeFile(t, t.TempDir(), "filled.docx", fill(t, docx.Application, 2022, application(t)))
		out, err := exec.Command("/usr/bin/python3", filepath.Join("testdata", "resave.py"), src, fixture).CombinedOutput()
		if err != nil {
			t.Fatalf("resave.py: %v\n%s", err, out)
		}
	}
	if _, err := os.Stat(fixture); err != nil {
		t.Fatal(err)
	}
	jsonObs, _, _, err := etl.Read("../testdata/application.json")
	if err != nil {
		t.Fatal(err)
	}
	obs, probs, _, err := etl.Read(fixture)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		t.Error(p)
	}
	sameObs(t, "saved by LibreOffice", obs, jsonObs)
}
