package etl

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"sort"
	"strconv"

	"clusterscope"
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
	msg clusterscope.Message
}

func (e *jsonError) Error() string { return e.msg.Key }

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
		return nil, &jsonError{p.skip(off), clusterscope.M("json.trailing")}
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
		return nil, &jsonError{n.off, clusterscope.M("json.too_deep", maxJSONDepth)}
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
				return nil, &jsonError{koff, clusterscope.M("json.duplicate_key", key)}
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
		return &jsonError{se.Offset, clusterscope.M("json.syntax", se.Error())}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &jsonError{int64(len(p.data)), clusterscope.M("json.incomplete")}
	}
	return &jsonError{off, clusterscope.M("json.unparsable", err.Error())}
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
func (n *jnode) describe() clusterscope.Message {
	switch n.kind {
	case '{':
		return clusterscope.M("json.an_object")
	case '[':
		return clusterscope.M("json.an_array")
	}
	switch t := n.tok.(type) {
	case string:
		r := []rune(t)
		if len(r) > 20 {
			return clusterscope.M("json.a_string", string(r[:20])+"…")
		}
		return clusterscope.M("json.a_string", t)
	case json.Number:
		return clusterscope.M("json.a_number", t.String())
	case bool:
		return clusterscope.M("json.a_boolean", strconv.FormatBool(t))
	}
	return clusterscope.M("json.null")
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
