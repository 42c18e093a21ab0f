package etl

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
)

// jnode is one value of a JSON document with where it starts, so that a
// problem can name its line. Objects keep their keys in document order.
type jnode struct {
	off  int64 // byte offset of the value
	kind byte  // '{' object, '[' array, 0 scalar
	keys []string
	vals []*jnode   // object values (by keys) or array items
	tok  json.Token // a scalar: string, json.Number, bool or nil
}

// maxJSONDepth is far beyond the document's own depth (five) and keeps a
// hostile document from exhausting the stack.
const maxJSONDepth = 32

// jsonError is a document that cannot be parsed, at a byte offset.
type jsonError struct {
	off int64
	msg string
}

func (e *jsonError) Error() string { return e.msg }

type jparser struct {
	data []byte
	dec  *json.Decoder
}

// parseJSON parses one JSON value, numbers kept as written.
func parseJSON(data []byte) (*jnode, error) {
	p := &jparser{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	p.dec.UseNumber()
	n, err := p.value(0)
	if err != nil {
		return nil, err
	}
	off := p.dec.InputOffset()
	if _, err := p.dec.Token(); err != io.EOF {
		return nil, &jsonError{p.skip(off), "文档结束后还有多余内容（一个文件只能有一份申报表或跟踪报告）"}
	}
	return n, nil
}

func (p *jparser) value(depth int) (*jnode, error) {
	n := &jnode{off: p.skip(p.dec.InputOffset())}
	tok, err := p.dec.Token()
	if err != nil {
		return nil, p.syntax(err, n.off)
	}
	d, ok := tok.(json.Delim)
	if !ok {
		n.tok = tok
		return n, nil
	}
	if depth >= maxJSONDepth {
		return nil, &jsonError{n.off, fmt.Sprintf("嵌套超过 %d 层", maxJSONDepth)}
	}
	n.kind = byte(d)
	seen := map[string]bool{}
	for p.dec.More() {
		if n.kind == '{' {
			koff := p.skip(p.dec.InputOffset())
			k, err := p.dec.Token()
			if err != nil {
				return nil, p.syntax(err, koff)
			}
			key, _ := k.(string)
			if seen[key] {
				return nil, &jsonError{koff, fmt.Sprintf("键「%s」重复出现", key)}
			}
			seen[key] = true
			n.keys = append(n.keys, key)
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		n.vals = append(n.vals, v)
	}
	if _, err := p.dec.Token(); err != nil { // the closing delimiter
		return nil, p.syntax(err, p.dec.InputOffset())
	}
	return n, nil
}

// skip moves off past white space and the separators the decoder has not
// yet consumed, to where the next value starts.
func (p *jparser) skip(off int64) int64 {
	for off < int64(len(p.data)) {
		switch p.data[off] {
		case ' ', '\t', '\r', '\n', ':', ',':
			off++
			continue
		}
		break
	}
	return off
}

func (p *jparser) syntax(err error, off int64) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return &jsonError{se.Offset, fmt.Sprintf("JSON 语法错误：%v", se)}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &jsonError{int64(len(p.data)), "JSON 文档不完整（意外结束）"}
	}
	return &jsonError{off, fmt.Sprintf("JSON 无法解析：%v", err)}
}

// get returns the value of key in an object, or nil.
func (n *jnode) get(key string) *jnode {
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

// describe names what a value is, for a message: 字符串「…」, 数字 3, 对象 ….
func (n *jnode) describe() string {
	switch n.kind {
	case '{':
		return "对象 {…}"
	case '[':
		return "数组 […]"
	}
	switch t := n.tok.(type) {
	case string:
		r := []rune(t)
		if len(r) > 20 {
			return fmt.Sprintf("字符串「%s…」", string(r[:20]))
		}
		return fmt.Sprintf("字符串「%s」", t)
	case json.Number:
		return "数字 " + t.String()
	case bool:
		return fmt.Sprintf("布尔值 %v", t)
	}
	return "null"
}

// lineIndex maps byte offsets to 1-based line numbers.
type lineIndex []int64 // offsets of the line breaks

func newLineIndex(data []byte) lineIndex {
	var li lineIndex
	for i, b := range data {
		if b == '\n' {
			li = append(li, int64(i))
		}
	}
	return li
}

func (li lineIndex) line(off int64) int {
	return sort.Search(len(li), func(i int) bool { return li[i] >= off }) + 1
}
