package dashboard

import "strings"

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
	c := &keptColumn{kinds: make([]cellKind, len(rows))}
	var text strings.Builder
	for i, row := range rows {
		x, ok := row[key]
		kind := cellOther
		switch v := x.(type) {
		case nil:
			kind = cellNil
		case string:
			kind = cellText
			text.WriteString(v)
		case float64:
			kind = cellNum
			c.num(i, v)
		case *float64:
			if kind = cellNilNum; v != nil {
				kind = cellNumPtr
				c.num(i, *v)
			}
		case int64:
			kind = cellInt64
			c.int(i, v)
		case int:
			kind = cellInt
			c.int(i, int64(v))
		}
		switch {
		case !ok:
			kind = cellAbsent
		case kind == cellOther:
			if c.other == nil {
				c.other = map[int32]any{}
			}
			c.other[int32(i)] = x
		}
		c.kinds[i] = kind
		if kind == cellText && c.ends == nil {
			c.ends = make([]uint32, len(rows))
		}
		if c.ends != nil {
			c.ends[i] = uint32(text.Len())
		}
	}
	c.text = text.String()
	return c
}

func (c *keptColumn) num(i int, v float64) {
	if c.nums == nil {
		c.nums = make([]float64, len(c.kinds))
	}
	c.nums[i] = v
}

func (c *keptColumn) int(i int, v int64) {
	if c.ints == nil {
		c.ints = make([]int64, len(c.kinds))
	}
	c.ints[i] = v
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
