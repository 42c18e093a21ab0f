package etl_test

import (
	"bytes"
	"testing"

	"clusterscope/cmd/clusterscope/demo"
)

// demoCSV is the demo data set for the options, as long CSV.
func demoCSV(t testing.TB, opt demo.Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := demo.Write(&b, opt); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
