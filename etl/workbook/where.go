package workbook

import "clusterscope"

// Cells is where each value of a workbook was read from, for the problems
// found after reading (etl's Validate), which know observations only.
type Cells struct{ at map[cellKey]source }

// A workbook holds one cluster, batch and report: a field and year is one cell.
type cellKey struct {
	field string
	year  int
}

type source struct{ sheet, cell string }

// Of is the sheet and cell of an observation's value, read or left blank;
// year 0 of a yearly field is the field's first cell. Both are "" for a
// value the workbook has no cell for.
func (c Cells) Of(o clusterscope.Observation) (sheet, cell string) {
	p := c.at[cellKey{o.Field, o.Year}]
	return p.sheet, p.cell
}

// mark records the cell of a field's value of a year.
func (c *Cells) mark(field string, year int, sheet, cell string) {
	if c.at == nil {
		c.at = map[cellKey]source{}
	}
	c.at[cellKey{field, year}] = source{sheet, cell}
	if k := (cellKey{field, 0}); year != 0 && c.at[k] == (source{}) {
		c.at[k] = source{sheet, cell}
	}
}
