package dashboard

import "slices"

// keptColumn is one key's cells of a kept table, stored by kind: text in
// one string, numbers in one slice. A page built over 10,000 clusters
// makes millions of small values; a cell kept as its own boxed value (or
// as a pointer into the struct that computed it) pins the span it was
// made in, and the heap ends up half holes. Copied into a few large
// slices, the cells keep nothing else alive.
type keptColumn struct {
	kinds []cellKind
	text  string   // every text cell, one after another
	ends  []uint32 // per row: where its text ends in text (its start: the previous row's end)
	nums  []float64
	ints  []int64
	other map[int32]any // cells of any other type, as they were

	buf  []byte // the text while cells are added, until done
	rows int    // how many rows are to come, when known: the text grows to their projected length
}

// cellKind is how a cell was held, so that it comes back as the same Go
// value: downloads and sorting tell a *float64 from a float64 or an int64.
type cellKind uint8

const (
	cellAbsent cellKind = iota // the row does not hold the key
	cellNil                    // nil
	cellNilNum                 // (*float64)(nil)
	cellText                   // string
	cellNum                    // float64
	cellNumPtr                 // *float64
	cellInt64                  // int64
	cellInt                    // int
	cellOther                  // anything else, kept as it is
)

// newKeptColumn copies the key's cells of rows.
func newKeptColumn(rows []map[string]any, key string) *keptColumn {
	c := &keptColumn{kinds: make([]cellKind, 0, len(rows))}
	for _, row := range rows {
		if x, ok := row[key]; ok {
			c.add(x)
		} else {
			c.kinds = append(c.kinds, cellAbsent)
		}
	}
	c.done(len(rows))
	return c
}

// add appends the next row's cell x.
func (c *keptColumn) add(x any) {
	switch v := x.(type) {
	case nil:
		c.kinds = append(c.kinds, cellNil)
	case string:
		c.addText(v)
	case float64:
		c.addNum(cellNum, v)
	case *float64:
		c.addNumPtr(v)
	case int64:
		c.addInt(cellInt64, v)
	case int:
		c.addInt(cellInt, int64(v))
	default:
		if c.other == nil {
			c.other = map[int32]any{}
		}
		c.other[int32(len(c.kinds))] = x
		c.kinds = append(c.kinds, cellOther)
	}
}

// addText appends a row's text; the rows before it that hold none end
// where the text so far ends.
func (c *keptColumn) addText(s string) {
	for len(c.ends) < len(c.kinds) {
		c.ends = append(c.ends, uint32(len(c.buf)))
	}
	if n := len(c.kinds); len(c.buf)+len(s) > cap(c.buf) && c.rows > n && n >= 64 {
		// grown once to the rows' projected length, not doubled a dozen times
		c.buf = slices.Grow(c.buf, len(c.buf)/n*(c.rows-n)*9/8+len(s))
	}
	c.buf = append(c.buf, s...)
	c.ends = append(c.ends, uint32(len(c.buf)))
	c.kinds = append(c.kinds, cellText)
}

func (c *keptColumn) addNumPtr(v *float64) {
	if v == nil {
		c.kinds = append(c.kinds, cellNilNum)
		return
	}
	c.addNum(cellNumPtr, *v)
}

func (c *keptColumn) addNum(kind cellKind, v float64) {
	for len(c.nums) < len(c.kinds) {
		c.nums = append(c.nums, 0)
	}
	c.nums = append(c.nums, v)
	c.kinds = append(c.kinds, kind)
}

func (c *keptColumn) addInt(kind cellKind, v int64) {
	for len(c.ints) < len(c.kinds) {
		c.ints = append(c.ints, 0)
	}
	c.ints = append(c.ints, v)
	c.kinds = append(c.kinds, kind)
}

// absentTo marks the rows up to n that hold no cell as absent.
func (c *keptColumn) absentTo(n int) {
	for len(c.kinds) < n {
		c.kinds = append(c.kinds, cellAbsent)
	}
}

// done ends the column at n rows, its slices no longer than they hold.
func (c *keptColumn) done(n int) {
	c.absentTo(n)
	c.kinds, c.ends, c.nums, c.ints = fit(c.kinds), fit(c.ends), fit(c.nums), fit(c.ints)
	c.text, c.buf = string(c.buf), nil
}

// fit is s in an array of its length: appending leaves up to half of one
// unused, and a kept table lives until the next load.
func fit[T any](s []T) []T {
	if cap(s) == len(s) || s == nil {
		return s
	}
	return slices.Clone(s)
}

// cell is row i's value as it was given, or absent.
func (c *keptColumn) cell(i int) any {
	switch c.kinds[i] {
	case cellAbsent:
		return absent
	case cellNil:
		return nil
	case cellNilNum:
		return (*float64)(nil)
	case cellText:
		start := uint32(0)
		if i > 0 {
			start = c.ends[i-1]
		}
		return c.text[start:c.ends[i]]
	case cellNum:
		return c.nums[i]
	case cellNumPtr:
		v := c.nums[i] // a copy: a reader that writes through it changes nothing kept
		return &v
	case cellInt64:
		return c.ints[i]
	case cellInt:
		return int(c.ints[i])
	}
	return c.other[int32(i)]
}

// size is about the bytes the column holds.
func (c *keptColumn) size() int {
	return len(c.kinds) + len(c.text) + 4*len(c.ends) + 8*(len(c.nums)+len(c.ints)) + 48*len(c.other)
}
