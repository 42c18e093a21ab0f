package dashboard

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortStableKeepsEqualsInOrder: sortStable orders as
// slices.SortStableFunc does, equal keys in the order they came.
func TestSortStableKeepsEqualsInOrder(t *testing.T) {
	type item struct{ key, at int }
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 17, 1000} {
		s := make([]item, n)
		for i := range s {
			s[i] = item{r.IntN(5), i}
		}
		want := slices.Clone(s)
		by := func(a, b item) int { return cmp.Compare(a.key, b.key) }
		slices.SortStableFunc(want, by)
		sortStable(s, by)
		if !slices.Equal(s, want) {
			t.Errorf("%d items: got %v, want %v", n, s, want)
		}
	}
}
