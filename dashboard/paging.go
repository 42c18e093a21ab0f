package dashboard

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"clusterscope"
)

// pageSize is how many rows of a table a page of it shows; the page says so.
const pageSize = 50

// Paging lives in the URL beside the filters, one pair of parameters per
// table named by the table's id (stable whatever other tables a filter
// adds): <id>.page=N (from 1) and <id>.sort=KEY, or -KEY for descending,
// KEY being a column's key. rows=all asks for every row of every table
// (the briefing exports render the page so). A link without them is the
// page as it always was: first page, the page's own order.
const wholeParam, wholeValue = "rows", "all"

// tableAsk is what a request asks of one table.
type tableAsk struct {
	Page int    // from 1; 0: the first
	Sort string // a column's key; "": the page's own order
	Desc bool
}

// paging is what a request asks of its page's tables, by table id.
type paging struct {
	asks  map[string]tableAsk
	whole bool // rows=all
}

// pagingKey is where withPaging leaves a request's paging.
const pagingKey = "clusterscope.paging"

// pagingParam splits a parameter name into a table id and page or sort.
func pagingParam(name string) (id, what string, ok bool) {
	i := strings.LastIndexByte(name, '.')
	if i <= 0 {
		return "", "", false
	}
	id, what = name[:i], name[i+1:]
	return id, what, what == "page" || what == "sort"
}

// takePaging reads the paging parameters and takes them off the request's
// query, so that the page's builder sees its filters only (and refuses
// any other parameter as before), the page cache keys a view by them, and
// every page of a table comes from the same view.
func takePaging(c echo.Context) (paging, error) {
	l := langOf(c)
	q := c.QueryParams()
	p := paging{asks: map[string]tableAsk{}}
	taken := false
	for name, vals := range q {
		id, what, ok := pagingParam(name)
		if !ok && name != wholeParam {
			continue
		}
		if len(vals) > 1 {
			return p, errorf(l, clusterscope.EINVALID, "参数「%s」只能给一次", name)
		}
		v := vals[0]
		taken = true
		q.Del(name)
		if name == wholeParam {
			if v != wholeValue {
				return p, errorf(l, clusterscope.EINVALID, "参数「%s」只能是「%s」（每个表格的全部行），而不是「%s」", name, wholeValue, v)
			}
			p.whole = true
			continue
		}
		a := p.asks[id]
		switch what {
		case "page":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return p, errorf(l, clusterscope.EINVALID, "表格「%s」的页码「%s」无效：应为从 1 起的整数", id, v)
			}
			a.Page = n
		case "sort":
			a.Sort, a.Desc = strings.TrimPrefix(v, "-"), strings.HasPrefix(v, "-")
			if a.Sort == "" {
				return p, errorf(l, clusterscope.EINVALID, "表格「%s」的排序列不能为空", id)
			}
		}
		p.asks[id] = a
	}
	if taken {
		c.Request().URL.RawQuery = q.Encode()
	}
	return p, nil
}

// withPaging takes a request's paging off its query for the handler, which
// finds it with pagingOf. A bad paging parameter is a 400.
func withPaging(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		p, err := takePaging(c)
		if err != nil {
			return err
		}
		c.Set(pagingKey, p)
		return next(c)
	}
}

// pagingOf is the request's paging (none when withPaging did not run).
func pagingOf(c echo.Context) paging {
	p, _ := c.Get(pagingKey).(paging)
	return p
}

// values are the paging as URL parameters; sortsOnly leaves the pages out.
func (p paging) values(sortsOnly bool) url.Values {
	out := url.Values{}
	for id, a := range p.asks {
		if a.Page > 0 && !sortsOnly {
			out.Set(id+".page", strconv.Itoa(a.Page))
		}
		if a.Sort != "" {
			out.Set(id+".sort", map[bool]string{true: "-"}[a.Desc]+a.Sort)
		}
	}
	if p.whole {
		out.Set(wholeParam, wholeValue)
	}
	return out
}

// key is the paging as the page cache keys a page of a view by.
func (p paging) key() string { return p.values(false).Encode() } // Encode sorts by name

// pageInfo is what a table's answer says of its paging.
type pageInfo struct {
	Page  int    `json:"page"`  // the page sent, from 1
	Pages int    `json:"pages"` // at least 1
	Size  int    `json:"size"`  // rows a page holds (pageSize; every row with rows=all)
	Total int    `json:"total"` // rows of the whole table
	Sort  string `json:"sort,omitempty"`
	Desc  bool   `json:"desc,omitempty"`
	Text  string `json:"text"` // 第 2 / 200 页，共 10000 行
}

// pager is the words of the pager and sortable headers app.js draws.
type pager struct {
	First    string `json:"first"`
	Prev     string `json:"prev"`
	Next     string `json:"next"`
	Last     string `json:"last"`
	Nav      string `json:"nav"`      // the pager's accessible name, before a table's caption
	Size     string `json:"size"`     // the page size and how sorting works, stated
	Asc      string `json:"asc"`      // a header's button: sort by it, ascending …
	Desc     string `json:"desc"`     // … descending
	Unsorted string `json:"unsorted"` // back to the page's own order
}

func pagerWords(l lang) *pager {
	return &pager{First: tr(l, "首页"), Prev: tr(l, "上一页"), Next: tr(l, "下一页"), Last: tr(l, "末页"), Nav: tr(l, "分页："),
		Size: trf(l, "每页 %d 行；点列名按该列对全表排序（数值按大小，文字按拼音，空值在后），再点一次反向，下载和导出的是按同样顺序排列的全表。", pageSize),
		Asc:  tr(l, "按此列升序排列"), Desc: tr(l, "按此列降序排列"), Unsorted: tr(l, "恢复默认顺序")}
}

// window is the rows [lo, hi) of the page asked of a table of total rows,
// and the page's info (the page clamped to the table: a link made before a
// load that left fewer rows shows the last page).
func window(l lang, a tableAsk, whole bool, total int) (lo, hi int, info *pageInfo) {
	size := pageSize
	if whole {
		size = max(total, 1)
	}
	pages := max(1, (total+size-1)/size)
	page := min(max(a.Page, 1), pages)
	lo, hi = (page-1)*size, min(page*size, total)
	info = &pageInfo{Page: page, Pages: pages, Size: size, Total: total, Sort: a.Sort, Desc: a.Desc,
		Text: trf(l, "第 %d / %d 页，共 %d 行", page, pages, total)}
	if whole {
		info.Text = trf(l, "共 %d 行（全部）", total)
	}
	return lo, hi, info
}

// sortable checks that a table has the column asked to sort by.
func sortable(l lang, t *table, a tableAsk) error {
	if a.Sort == "" || slices.ContainsFunc(t.Columns, func(c column) bool { return c.Key == a.Sort }) {
		return nil
	}
	keys := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		keys[i] = c.Key
	}
	return errorf(l, clusterscope.EINVALID, "表格「%s」没有可排序的列「%s」（可用：%s）", t.ID, a.Sort, strings.Join(keys, tr(l, "、")))
}
