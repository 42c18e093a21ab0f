package demo

import (
	"fmt"
	"math"
	"strconv"
)

// row writes one line: the cluster's prefix, field, year (blank when 0) and
// g.v, quoted only when it must be. Lines are built in a reused buffer so a
// row costs no allocation.
func (g *gen) row(field string, year int) {
	b := append(g.line[:0], g.prefix...)
	b = append(b, field...)
	b = append(b, ',')
	if year != 0 {
		b = appendInt(b, year)
	}
	b = append(b, ',')
	b = appendCSV(b, g.v)
	b = append(b, '\n')
	g.line = b
	if g.err == nil {
		if _, err := g.w.Write(b); err != nil {
			g.err = fmt.Errorf("demo: write: %w", err)
		}
	}
}

func (g *gen) writeString(s string) {
	if _, err := g.w.WriteString(s); err != nil && g.err == nil {
		g.err = fmt.Errorf("demo: write: %w", err)
	}
}

// appendCSV appends v as a CSV field. The texts use full-width punctuation,
// so quoting is rare, but a value must never break the format.
func appendCSV(b, v []byte) []byte {
	quote := false
	for _, c := range v {
		if c == ',' || c == '"' || c == '\n' || c == '\r' {
			quote = true
			break
		}
	}
	if !quote {
		return append(b, v...)
	}
	b = append(b, '"')
	for _, c := range v {
		if c == '"' {
			b = append(b, '"')
		}
		b = append(b, c)
	}
	return append(b, '"')
}

func appendInt(b []byte, n int) []byte { return strconv.AppendInt(b, int64(n), 10) }

// round2 keeps two decimals (填报说明 2); values are rounded before they are
// compared or derived from, so what is written is what the checks see.
func round2(v float64) float64 { return math.Round(v*100) / 100 }

// Value appenders: each writes into g.v and returns g for chaining.

// s appends a literal.
func (g *gen) s(text string) *gen { g.v = append(g.v, text...); return g }

// b appends bytes.
func (g *gen) b(text []byte) *gen { g.v = append(g.v, text...); return g }

// i appends a whole number.
func (g *gen) i(n int) *gen { g.v = appendInt(g.v, n); return g }

// f appends a number with two decimals, as the form wants them.
func (g *gen) f(v float64) *gen {
	g.v = strconv.AppendFloat(g.v, round2(v), 'f', 2, 64)
	return g
}

// f1 appends a number with one decimal, for prose.
func (g *gen) f1(v float64) *gen {
	g.v = strconv.AppendFloat(g.v, v, 'f', 1, 64)
	return g
}

// yn appends 是 or 否.
func (g *gen) yn(yes bool) *gen {
	if yes {
		return g.s("是")
	}
	return g.s("否")
}

// check appends true or false.
func (g *gen) check(on bool) *gen {
	if on {
		return g.s("true")
	}
	return g.s("false")
}

// digits appends n random digits, the first not zero.
func (g *gen) digits(n int) *gen {
	for k := range n {
		d := g.r.IntN(10)
		if k == 0 {
			d = 2 + g.r.IntN(7)
		}
		g.v = append(g.v, byte('0'+d))
	}
	return g
}

// Random helpers.

// uni is uniform in [lo, hi).
func (g *gen) uni(lo, hi float64) float64 { return lo + (hi-lo)*g.r.Float64() }

// logUni is log-uniform in [lo, hi): many small clusters, a few large ones.
func (g *gen) logUni(lo, hi float64) float64 {
	return lo * math.Exp(math.Log(hi/lo)*g.r.Float64())
}

// chance is true with probability p.
func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// pick returns a random element.
func pick[T any](g *gen, xs []T) T { return xs[g.r.IntN(len(xs))] }
