// Package workbook writes the 申报表 (and the yearly follow-up report) as an
// Excel workbook for applicants to fill, and reads a filled one back into
// typed observations, with every problem located by sheet, cell and field.
//
// A workbook is recognised by its form marker, the text in cell A1 of the
// sheet 封面 (clusterscope/KIND/v1/BATCH), repeated in the defined name
// clusterscope_form for other tools; the reader relies on the cell only,
// since some spreadsheet programs drop defined names. Column A of every sheet
// holds the field code of its row (narrow and locked), so reading finds rows
// by code, not by position, and a code that no longer sits beside its own
// label is refused as moved, and so is a merged range the template does not
// have (it would read as its top-left value in every cell). Fill writes the
// template filled with one cluster's observations, as a person types them,
// and Split groups observations by the workbook that holds them. Sheets are
// protected without a password: the protection guards against slips, not
// against intent, and the reader checks everything itself.
package workbook

import (
	"fmt"
	"strconv"
	"strings"

	"clusterscope/etl/ooxml"
)

// Kind of workbook.
type Kind string

// The kinds of workbook.
const (
	Application Kind = "application" // the 申报表
	FollowUp    Kind = "followup"    // the yearly follow-up report
)

// Limits on a file to read: its size, and the uncompressed size and number of
// its zip parts (a zip bomb is refused before it is unpacked).
const (
	MaxFileSize     = ooxml.MaxFileSize
	MaxUnzippedSize = ooxml.MaxUnzippedSize
	MaxParts        = ooxml.MaxParts
)

// formVersion is the layout version in the marker; a workbook with another
// version is refused rather than misread.
const formVersion = "v1"

// definedName is the defined name repeating the marker.
const definedName = "clusterscope_form"

func (k Kind) valid() bool { return k == Application || k == FollowUp }

// title is the Chinese name of the kind.
func (k Kind) title() string {
	if k == FollowUp {
		return "中小企业特色产业集群年度发展情况报告"
	}
	return "中小企业特色产业集群申报表"
}

// marker is the form marker of a workbook of the kind and batch.
func marker(k Kind, batch int) string {
	return fmt.Sprintf("clusterscope/%s/%s/%d", k, formVersion, batch)
}

// parseMarker parses a form marker; ok is false for anything that is not a
// marker of this version.
func parseMarker(s string) (k Kind, batch int, ok bool) {
	p := strings.Split(strings.TrimSpace(s), "/")
	if len(p) != 4 || p[0] != "clusterscope" || p[2] != formVersion || !Kind(p[1]).valid() {
		return "", 0, false
	}
	b, err := strconv.Atoi(p[3])
	if err != nil {
		return "", 0, false
	}
	return Kind(p[1]), b, true
}
