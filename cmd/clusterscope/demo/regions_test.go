package demo

import (
	"encoding/csv"
	"strings"

	"clusterscope/warehouse/region"
)

// The raw GB/T 2260 lists of clusterscope/warehouse/region, for the tests that
// check the generator against the table itself rather than through it.
var (
	provincesCSV = regionFile("provinces.csv")
	citiesCSV    = regionFile("cities.csv")
	areasCSV     = regionFile("areas.csv")
)

func regionFile(name string) string {
	b, err := region.Files.ReadFile(name)
	if err != nil {
		panic("demo: " + err.Error())
	}
	return string(b)
}

func readRows(text string) [][]string {
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil || len(rows) < 2 {
		panic("demo: embedded regions file is broken: " + text[:min(len(text), 40)])
	}
	return rows[1:]
}
