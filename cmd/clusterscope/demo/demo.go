// Package demo generates a deterministic, synthetic data set (演示数据) in the
// long-CSV interchange format: 宁夏's 2022 candidates and recognised clusters
// of all provinces with their applications, part 八 targets and follow-up
// actuals. Every row passes clusterscope's catalog; some values are chosen to
// fail recognition criteria or target rules so that the views have something
// to find.
package demo

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"

	"clusterscope"
)

// Options sizes the data set. Zero values mean the defaults below.
type Options struct {
	Seed       int64 // default 2022
	Candidates int   // 宁夏 2022 candidates, default 15
	Recognised int   // recognised clusters across all provinces, batches 2022–2024, default 300
}

// Note is the Chinese sentence shown wherever demo data appears.
const Note = clusterscope.DemoNote

// Defaults of Options, and the last year of follow-up actuals in the data.
const (
	defaultSeed       = 2022
	defaultCandidates = 15
	defaultRecognised = 300
	lastReportYear    = 2025
)

// withDefaults fills zero options; a negative count means none, so a caller
// can still ask for recognised clusters only.
func (o Options) withDefaults() Options {
	if o.Seed == 0 {
		o.Seed = defaultSeed
	}
	if o.Candidates == 0 {
		o.Candidates = defaultCandidates
	}
	if o.Recognised == 0 {
		o.Recognised = defaultRecognised
	}
	o.Candidates = max(o.Candidates, 0)
	o.Recognised = max(o.Recognised, 0)
	return o
}

// Write writes the data set as long CSV (UTF-8 with BOM, header cluster_id,batch,field,year,value) to w.
// Negative counts in opt mean none. The same Options always give the same bytes.
func Write(w io.Writer, opt Options) error {
	opt = opt.withDefaults()
	g := newGen(w, uint64(opt.Seed))
	g.writeString("\ufeffcluster_id,batch,field,year,value\n")
	for i := range opt.Candidates {
		g.candidate(i)
		g.cluster()
		if g.err != nil {
			return g.err
		}
	}
	for i := range opt.Recognised {
		g.recognised(i)
		g.cluster()
		if g.err != nil {
			return g.err
		}
	}
	if err := g.w.Flush(); err != nil {
		return fmt.Errorf("demo: write: %w", err)
	}
	return nil
}

// gen holds the state of one Write: the random source, the catalog resolved
// to generators and the buffers reused for every cluster and row.
type gen struct {
	seed uint64
	src  *rand.PCG
	r    *rand.Rand
	cat  *clusterscope.Catalog
	gens []fieldGen // one per catalog field
	tgts []string   // "target."+code per catalog target

	w   *bufio.Writer
	err error

	prefix []byte // "ID,batch," of the current cluster
	line   []byte
	v      []byte // the value being built
	place  []byte // city and county as written in names and texts
	name   []byte

	candSeq map[string]int // next number per 宁夏 city
	recSeq  [][3]int       // next number per province and batch

	p profile
}

func newGen(w io.Writer, seed uint64) *gen {
	src := rand.NewPCG(seed, 0)
	g := &gen{
		seed:    seed,
		src:     src,
		r:       rand.New(src),
		cat:     clusterscope.DefaultCatalog(),
		w:       bufio.NewWriterSize(w, 256<<10),
		candSeq: map[string]int{},
		recSeq:  make([][3]int, len(provinces())),
		line:    make([]byte, 0, 8<<10),
		v:       make([]byte, 0, 8<<10),
	}
	for _, f := range g.cat.Fields {
		g.gens = append(g.gens, generatorFor(f))
	}
	for _, t := range g.cat.Targets {
		g.tgts = append(g.tgts, "target."+t.Code)
	}
	return g
}

// reseed gives each cluster its own stream, so a cluster's values do not
// depend on how many random numbers the clusters before it drew.
func (g *gen) reseed(kind, index uint64) {
	g.src.Seed(g.seed, splitmix(kind<<56^index))
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// cluster writes the current profile: the application in catalog order, then
// the targets, then the follow-up actuals.
func (g *gen) cluster() {
	g.prefix = append(g.prefix[:0], g.p.id...)
	g.prefix = append(g.prefix, ',')
	g.prefix = appendInt(g.prefix, g.p.batch)
	g.prefix = append(g.prefix, ',')
	for i, f := range g.cat.Fields {
		if f.Yearly {
			for y := range 3 {
				g.v = g.v[:0]
				g.gens[i](g, y)
				g.row(f.Code, g.p.batch-3+y)
			}
			continue
		}
		g.v = g.v[:0]
		g.gens[i](g, -1)
		g.remember(f.Code)
		g.row(f.Code, 0)
	}
	g.writeTargets()
	g.writeActuals()
}
