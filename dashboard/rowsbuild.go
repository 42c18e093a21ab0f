package dashboard

import (
	"strconv"

	"clusterscope"
)

// rowsBuilder builds a table's rows straight into kept columns: the
// tracks, reminders and due tables hold a row for each of up to 100,000
// clusters, and a map per row, copied into columns by keep, cost more
// than the rest of their page (issue 17). A row's keys not set are absent,
// as a key a row map lacks.
type rowsBuilder struct {
	r *keptRows
}

// newRowsBuilder builds n rows (about: a hint) of the keys.
func newRowsBuilder(n int, keys ...string) *rowsBuilder {
	r := &keptRows{keys: keys, at: make(map[string]int, len(keys)), orders: map[tableAsk][]int32{}}
	for i, k := range keys {
		r.at[k] = i
		r.cols = append(r.cols, &keptColumn{kinds: make([]cellKind, 0, n), rows: n})
	}
	return &rowsBuilder{r}
}

// next starts a row.
func (b *rowsBuilder) next() { b.r.n++ }

// col is the key's column, its rows before this one made absent where
// they hold no cell. A key the builder was not made with, or set twice
// in a row, is a bug.
func (b *rowsBuilder) col(key string) *keptColumn {
	i, ok := b.r.at[key]
	if !ok {
		panic("rowsBuilder: no column " + key)
	}
	c := b.r.cols[i]
	c.absentTo(b.r.n - 1)
	if len(c.kinds) != b.r.n-1 {
		panic("rowsBuilder: column " + key + " set twice in a row")
	}
	return c
}

func (b *rowsBuilder) text(key, s string)         { b.col(key).addText(s) }
func (b *rowsBuilder) num(key string, x *float64) { b.col(key).addNumPtr(x) }
func (b *rowsBuilder) int(key string, x int64)    { b.col(key).addInt(cellInt64, x) }
func (b *rowsBuilder) cell(key string, x any)     { b.col(key).add(x) }

// rows ends the rows and gives them to t, whose Rows are then nil.
func (b *rowsBuilder) rows(t *table) {
	for _, c := range b.r.cols {
		c.done(b.r.n)
	}
	t.Rows, t.kept = nil, b.r
}

// cluster sets the cells that name a cluster in the lifecycle tables:
// its name (linked to link), id, province, city and batch.
func (b *rowsBuilder) cluster(c clusterscope.Cluster, link string) {
	b.text("name", c.Name)
	b.text("link", link)
	b.text("id", c.ID)
	b.text("province", c.Province)
	b.text("city", c.City)
	b.text("batch", strconv.Itoa(c.Batch))
}
