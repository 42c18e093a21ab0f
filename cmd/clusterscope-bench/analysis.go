package main

import (
	_ "embed"
	"fmt"
	"strings"
)

// analysis is the hand-written reading of an earlier run's figures, which
// every report includes as it is, under the date it was measured.
//
//go:embed analysis.md
var analysis string

// analysisDate is what the analysis's "Measured:" line says: when, at
// which commits and on what machine its figures were taken. A report
// without it would pass old figures off as this run's, so write refuses.
func analysisDate() (string, error) {
	for _, l := range strings.Split(analysis, "\n") {
		if v, ok := strings.CutPrefix(l, "Measured: "); ok && strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v), nil
		}
	}
	return "", fmt.Errorf("analysis.md has no \"Measured: \" line saying when its figures were taken")
}

// seeAnalysis points at the section of the analysis that explains a
// missed goal, with the date of its figures; the report's test checks
// that the section exists.
func (r *report) seeAnalysis(section string) string {
	day, _, _ := strings.Cut(r.measured, ",")
	return fmt.Sprintf("see *Analysis: %s* (measured %s)", section, day)
}
