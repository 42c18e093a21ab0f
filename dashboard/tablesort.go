package dashboard

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// A table is sorted over all its rows, on the server: numbers (and text
// that is a number, as the batch and year columns hold) by value, other
// text in the order of the Chinese collation of CLDR (pinyin; Latin
// letters after digits, before Han), missing values last in either
// direction. Rows that tie keep the page's own order.

// sortKey is a cell as sorting compares it.
type sortKey struct {
	class int8 // 0 a number, 1 text, 2 missing
	num   float64
	text  []byte // collation key
}

const (
	classNumber int8 = iota
	classText
	classMissing
)

func keyOf(v any, coll *collate.Collator, buf *collate.Buffer) sortKey {
	var s string
	switch x := v.(type) {
	case nil:
		return sortKey{class: classMissing}
	case *float64:
		if x == nil {
			return sortKey{class: classMissing}
		}
		return keyOf(*x, coll, buf)
	case float64:
		if math.IsNaN(x) {
			return sortKey{class: classMissing}
		}
		return sortKey{num: x}
	case int:
		return sortKey{num: float64(x)}
	case int64:
		return sortKey{num: float64(x)}
	case string:
		s = x
	default:
		s = fmt.Sprint(v)
	}
	if s == "" {
		return sortKey{class: classMissing}
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsNaN(f) {
		return sortKey{num: f}
	}
	buf.Reset()
	return sortKey{class: classText, text: bytes.Clone(coll.KeyFromString(buf, s))}
}

func (k sortKey) missing() int {
	if k.class == classMissing {
		return 1
	}
	return 0
}

// compareKeys orders two present cells: numbers before text.
func compareKeys(a, b sortKey) int {
	if a.class != b.class {
		return cmp.Compare(a.class, b.class)
	}
	if a.class == classNumber {
		return cmp.Compare(a.num, b.num)
	}
	return bytes.Compare(a.text, b.text)
}

// sortedOrder is the order of n rows by the values cell(i) gives, as
// indexes into the rows.
func sortedOrder(n int, cell func(i int) any, desc bool) []int32 {
	coll := collate.New(language.Chinese) // not safe for concurrent use: one per sort
	var buf collate.Buffer
	keys := make([]sortKey, n)
	order := make([]int32, n)
	for i := range n {
		keys[i], order[i] = keyOf(cell(i), coll, &buf), int32(i)
	}
	slices.SortStableFunc(order, func(i, j int32) int {
		a, b := keys[i], keys[j]
		if a.class == classMissing || b.class == classMissing { // last, whichever the direction
			return cmp.Compare(a.missing(), b.missing())
		}
		if desc {
			return compareKeys(b, a)
		}
		return compareKeys(a, b)
	})
	return order
}

// sortStable sorts s by by, equal values staying in their order, as
// slices.SortStableFunc does, but by sorting their positions: a stable sort
// moves each value O(log n) times, and 复核 and 目标监测 sort some 300,000
// reports of 100,000 clusters.
func sortStable[T any](s []T, by func(a, b T) int) {
	pos := make([]int32, len(s))
	for i := range pos {
		pos[i] = int32(i)
	}
	slices.SortFunc(pos, func(i, j int32) int { return cmp.Or(by(s[i], s[j]), cmp.Compare(i, j)) })
	sorted := make([]T, len(s))
	for k, i := range pos {
		sorted[k] = s[i]
	}
	copy(s, sorted)
}
