package clusterscope

import "strconv"

// Figures are one year's numbers of a cluster's application or yearly
// report as the query layer's wide table holds them: Values in the order
// of the catalog's NumericCodes, Has saying which were given. A cluster's
// few rows of them stand for some two hundred observations, and the 复核
// of a batch reads thousands of clusters.
type Figures struct {
	Year   int
	Values []float64
	Has    []bool
}

// NewFigures is an empty year of the catalog's numeric codes.
func NewFigures(year int) Figures {
	n := len(DefaultCatalog().numeric)
	return Figures{Year: year, Values: make([]float64, n), Has: make([]bool, n)}
}

// NumericIndex is the code's place in NumericCodes (a column of Figures).
func (c *Catalog) NumericIndex(code string) (int, bool) {
	i, ok := c.numeric[code]
	return i, ok
}

// sheet is an application's or a report's values by field and year: the
// numbers of the catalog's numeric codes in Figures, any other number in
// nums, and texts (a number's only where it is not the number's own text,
// numText).
type sheet struct {
	figs  []Figures
	nums  map[fieldYear]float64
	texts map[fieldYear]string
	odd   bool // texts holds a text of a numeric code
}

func newSheet() sheet { return sheet{texts: map[fieldYear]string{}} }

// year is the figures of the year, made when create is set; nil otherwise.
func (s *sheet) year(y int, create bool) *Figures {
	for i := range s.figs {
		if s.figs[i].Year == y {
			return &s.figs[i]
		}
	}
	if !create {
		return nil
	}
	s.figs = append(s.figs, NewFigures(y))
	return &s.figs[len(s.figs)-1]
}

// num is the number of the field for the year.
func (s *sheet) num(field string, y int) (float64, bool) {
	if i, ok := DefaultCatalog().NumericIndex(field); ok {
		if f := s.year(y, false); f != nil && f.Has[i] {
			return f.Values[i], true
		}
		return 0, false
	}
	v, ok := s.nums[fieldYear{field, y}]
	return v, ok
}

// text is the text of the field for the year: as given, or a number's own.
func (s *sheet) text(field string, y int) (string, bool) {
	if t, ok := s.texts[fieldYear{field, y}]; ok {
		return t, true
	}
	if v, ok := s.num(field, y); ok {
		return numText(v), true
	}
	return "", false
}

// set gives the field's year the text and the number (nil: none, as a
// text-only value replaces a number).
func (s *sheet) set(field string, y int, text string, num *float64) {
	k := fieldYear{field, y}
	i, numeric := DefaultCatalog().NumericIndex(field)
	if num != nil && text == numText(*num) {
		delete(s.texts, k)
	} else {
		s.texts[k] = text
		s.odd = s.odd || numeric
	}
	if numeric {
		f := s.year(y, num != nil)
		if f != nil {
			f.Has[i] = num != nil
			if num != nil {
				f.Values[i] = *num
			}
		}
		return
	}
	switch {
	case num != nil && s.nums == nil:
		s.nums = map[fieldYear]float64{k: *num}
	case num != nil:
		s.nums[k] = *num
	default:
		delete(s.nums, k)
	}
}

// addFigures takes a wide row's numbers as they are: its codes' columns
// replace what the year had.
func (s *sheet) addFigures(f Figures) {
	if old := s.year(f.Year, false); old != nil {
		for i, has := range f.Has {
			if has {
				old.Values[i], old.Has[i] = f.Values[i], true
			}
		}
		return
	}
	s.figs = append(s.figs, f)
}

// setFigure gives the i-th numeric code's year the number, with the
// number's own text.
func (s *sheet) setFigure(i, y int, v float64) {
	f := s.year(y, true)
	f.Values[i], f.Has[i] = v, true
	if s.odd {
		delete(s.texts, fieldYear{DefaultCatalog().NumericCodes()[i], y})
	}
}

// eachOther calls f with every text of the sheet (and its number, if the
// field has one that year) and every number without a column in Figures:
// all but the figures whose text is their own.
func (s *sheet) eachOther(f func(field string, y int, text string, num *float64)) {
	for k, t := range s.texts {
		if v, ok := s.num(k.field, k.year); ok {
			f(k.field, k.year, t, &v)
		} else {
			f(k.field, k.year, t, nil)
		}
	}
	for k, v := range s.nums {
		if _, ok := s.texts[k]; !ok {
			f(k.field, k.year, numText(v), &v)
		}
	}
}

// Report is one yearly report of a cluster as received: the year it
// reports on and its values.
type Report struct {
	ClusterID string
	Batch     int
	Year      int
	sheet
}

// NewReport is an empty report of the cluster on the year.
func NewReport(id string, batch, year int) *Report {
	return &Report{ClusterID: id, Batch: batch, Year: year, sheet: newSheet()}
}

// AddFigures adds a wide row of the report's numbers (kept, not copied).
func (r *Report) AddFigures(f Figures) { r.addFigures(f) }

// Num is the number of the field for the year, as the report gives it.
func (r *Report) Num(field string, year int) (float64, bool) { return r.num(field, year) }

// Add adds a value of the report, as a later one replaces an earlier.
func (r *Report) Add(o Observation) { r.set(o.Field, o.AsOf, o.Text, o.Num) }

// value is the field's text and number in the report: of the year it
// reports on, else of any year it gives the field for (the latest).
func (r *Report) value(field string) (string, *float64, int, bool) {
	y, found := r.Year, false
	if _, ok := r.text(field, y); ok {
		found = true
	} else {
		for _, f := range r.figs {
			if i, ok := DefaultCatalog().NumericIndex(field); ok && f.Has[i] && (!found || f.Year > y) {
				y, found = f.Year, true
			}
		}
		for k := range r.texts {
			if k.field == field && (!found || k.year > y) {
				y, found = k.year, true
			}
		}
		for k := range r.nums {
			if k.field == field && (!found || k.year > y) {
				y, found = k.year, true
			}
		}
	}
	if !found {
		return "", nil, 0, false
	}
	t, _ := r.text(field, y)
	if n, ok := r.num(field, y); ok {
		return t, &n, y, true
	}
	return t, nil, y, true
}

// ReportsOf gathers yearly report observations (Report > 0) into reports,
// one per cluster, batch and year, in the order first seen.
func ReportsOf(obs []Observation) []*Report {
	type key struct {
		id          string
		batch, year int
	}
	index := map[key]*Report{}
	var out []*Report
	for _, o := range obs {
		if o.Report == 0 {
			continue
		}
		k := key{o.ClusterID, o.Batch, o.Report}
		r := index[k]
		if r == nil {
			r = NewReport(o.ClusterID, o.Batch, o.Report)
			index[k] = r
			out = append(out, r)
		}
		r.Add(o)
	}
	return out
}

// numText is a number's own text, as the query layer writes one whose
// text the tables do not keep.
func numText(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
