package dashboard

import (
	"encoding/json"
	"sync"

	"clusterscope"
)

// kept is a page's view as built, whole: the page cache keeps it per
// filter query, and every page of its tables, in any order, and every
// download of them, is cut from it without building the view again.
type kept struct {
	v      *view // its tables without their rows, which are in tables
	tables []*keptRows
	size   int // about the bytes it holds
}

// keptRows are a table's rows as columns, one per key (keptColumn), and
// the orders sorted so far.
type keptRows struct {
	keys []string
	at   map[string]int // index of a key in keys
	cols []*keptColumn
	n    int

	mu     sync.Mutex
	orders map[tableAsk][]int32 // by Sort and Desc
}

// absent marks a key a row does not hold (nil is a value it holds: null).
var absent any = new(struct{ absent bool })

// keep takes a built view apart for keeping; v is not used after.
func keep(v *view) (*kept, error) {
	k := &kept{v: v, tables: make([]*keptRows, len(v.Tables))}
	tables := v.Tables
	v.Tables = make([]*table, len(tables))
	for i, t := range tables {
		r := t.kept
		if r == nil {
			r = keepRows(t.Rows)
		}
		for _, c := range r.cols {
			k.size += c.size()
		}
		k.size += 8 * r.n * len(t.Columns) // room for each column's orders
		nt := *t
		nt.Rows, nt.kept = nil, nil
		v.Tables[i], k.tables[i] = &nt, r
	}
	head, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	k.size += 3 * len(head) // charts, filters and forms as decoded JSON
	return k, nil
}

// keepRows copies row maps into columns.
func keepRows(rows []map[string]any) *keptRows {
	r := &keptRows{at: map[string]int{}, n: len(rows), orders: map[tableAsk][]int32{}}
	for _, row := range rows {
		for key := range row {
			if _, ok := r.at[key]; !ok {
				r.at[key] = len(r.keys)
				r.keys = append(r.keys, key)
			}
		}
	}
	for _, key := range r.keys {
		r.cols = append(r.cols, newKeptColumn(rows, key))
	}
	return r
}

// row is the i-th row as the table holds it.
func (r *keptRows) row(i int32) map[string]any {
	m := make(map[string]any, len(r.keys))
	for j, c := range r.cols {
		if x := c.cell(int(i)); x != absent {
			m[r.keys[j]] = x
		}
	}
	return m
}

// order is the rows' order asked (sorted once per column and direction).
func (r *keptRows) order(a tableAsk) []int32 {
	by := tableAsk{Sort: a.Sort, Desc: a.Desc}
	r.mu.Lock()
	defer r.mu.Unlock()
	if o, ok := r.orders[by]; ok {
		return o
	}
	var o []int32
	if j, ok := r.at[a.Sort]; ok && a.Sort != "" {
		o = sortedOrder(r.n, func(i int) any {
			if x := r.cols[j].cell(i); x != absent {
				return x
			}
			return nil
		}, a.Desc)
	} else { // the page's own order (or a column no row holds: all missing)
		o = make([]int32, r.n)
		for i := range o {
			o[i] = int32(i)
		}
	}
	r.orders[by] = o
	return o
}

// rows are the table's rows [lo, hi) in the order asked.
func (r *keptRows) window(a tableAsk, lo, hi int) []map[string]any {
	o := r.order(a)
	out := make([]map[string]any, 0, hi-lo)
	for _, i := range o[lo:hi] {
		out = append(out, r.row(i))
	}
	return out
}

// cut is the view as a request's paging asks: each table's page in the
// order asked (every row with rows=all), and what the page is.
func (k *kept) cut(p paging) (*view, error) {
	v := *k.v
	v.Tables = make([]*table, len(k.v.Tables))
	for i, t := range k.v.Tables {
		a := p.asks[t.ID] // a table the view lacks is no error: a filter may have removed it
		if err := sortable(v.lang, t, a); err != nil {
			return nil, err
		}
		lo, hi, info := window(v.lang, a, p.whole, k.tables[i].n)
		nt := *t
		nt.Rows, nt.Paging = k.tables[i].window(a, lo, hi), info
		v.Tables[i] = &nt
	}
	if d := k.v.Desk; d != nil {
		a := p.asks[deskID]
		if a.Sort != "" {
			return nil, errorf(v.lang, clusterscope.EINVALID, "评审办理表按排名排列，不能按「%s」排序", a.Sort)
		}
		lo, hi, info := window(v.lang, a, p.whole, len(d.Rows))
		nd := *d
		nd.Rows, nd.Paging = d.Rows[lo:hi], info
		v.Desk = &nd
	}
	if len(v.Tables) > 0 || v.Desk != nil {
		v.Pager = pagerWords(v.lang)
	}
	return &v, nil
}

// deskID names the review desk's paging parameters (desk.page).
const deskID = "desk"

// whole is the n-th table with every row, sorted as the request's view is:
// what its downloads hold.
func (k *kept) whole(n int, p paging) (*table, error) {
	t := *k.v.Tables[n]
	a := p.asks[t.ID]
	if err := sortable(k.v.lang, &t, a); err != nil {
		return nil, err
	}
	t.Rows = k.tables[n].window(a, 0, k.tables[n].n)
	return &t, nil
}
