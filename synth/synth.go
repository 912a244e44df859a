// Package synth generates synthetic corpora in claimgraph's import format (package
// ndjson) for benchmarks and load tests: events, actors, sources with archived article
// texts, claims, their attributions with exact quotes and spans, relations and reviews.
//
// The output is a function of the number of claims and the seed alone, byte for byte:
// every random choice comes from a PCG generator seeded with the seed and the index of
// the record it is for, so a record can be regenerated without the ones before it. The
// generator streams: it keeps the actors and events (about N/60 and N/2000 of them) and,
// for the attributions, a few integers each (which claim, where its quote starts in its
// source's text), about 20 bytes per claim; the texts, claims and attributions
// themselves are built when they are written.
//
// The shape, for N claims:
//
//   - events: N/2000 (at least 1), a few days apart from 2019 on; claims and sources
//     are about the events in ID order, so neighbouring IDs share an event.
//   - actors: governments, their ministries, international organisations, news
//     outlets (the first are wire services), fact-checkers, about N/60 people (most
//     affiliated with a ministry, government or organisation) and anonymous officials.
//     Claimants are drawn from a Zipf distribution (s = 1.1), so a few actors make a
//     large share of the claims (the first about an eighth) and most make a handful.
//   - sources: N/3, of six kinds; 40% carry an archived text of a few hundred words
//     (a dateline, background sentences and the sentences quoting their claims), the
//     others only a URL, so their attributions have no span. A quarter of the articles
//     cite an earlier wire report.
//   - claims: 1 to 6 attributions each (mean about 2.6), each in a source of the
//     claim's event. A direct attribution quotes the claim's canonical wording, so a
//     claim quoted directly in several sources has the same quote in each; an indirect
//     one paraphrases it; a mixed one quotes its end. Quotes in archived texts have
//     their code-point span; texts contain non-ASCII letters and curly quotes.
//   - relations: N/20 between claims a few IDs apart; reviews: N/500.
package synth

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"claimgraph/ndjson"
	"claimgraph/prov"
)

// Config sets the size and the seed of a corpus.
type Config struct {
	// Claims is the number of claims, N; every other count follows from it.
	Claims int
	// Seed selects the corpus: equal configs give byte-identical output.
	Seed uint64
}

// Stats says what Write wrote.
type Stats struct {
	Events, Actors, Sources, SourcesWithText, Claims int
	Attributions, AttributionsWithSpan               int
	Relations, Reviews                               int
	// Records counts every record; Bytes the output, header included.
	Records int
	Bytes   int64
	// TopClaimant is the actor with the most claims, and TopClaimantClaims how many.
	TopClaimant       prov.ID
	TopClaimantClaims int
}

// Counts returns the number of records of each type a corpus of cfg holds, without
// generating it (Bytes, AttributionsWithSpan, SourcesWithText and the top claimant
// are left zero).
func Counts(cfg Config) (Stats, error) {
	g, err := newGen(cfg)
	if err != nil {
		return Stats{}, err
	}
	return Stats{
		Events: g.nEvents, Actors: len(g.actors), Sources: g.nSources, Claims: g.n,
		Relations: g.nRelations, Reviews: g.nReviews,
	}, nil
}

// MaxClaims bounds Config.Claims: attribution indexes are 32-bit.
const MaxClaims = 100_000_000

// Write writes the corpus of cfg to w in the ndjson import format and returns what it
// wrote. It returns ctx's error if ctx ends first, or w's.
func Write(ctx context.Context, w io.Writer, cfg Config) (Stats, error) {
	g, err := newGen(cfg)
	if err != nil {
		return Stats{}, err
	}
	cw := &countingWriter{w: w}
	bw := bufio.NewWriterSize(cw, 1<<20)
	g.out = ndjson.NewWriter(bw)
	g.ctx = ctx
	if err := g.run(); err != nil {
		return g.stats, err
	}
	if err := g.out.Flush(); err != nil {
		return g.stats, err
	}
	if err := bw.Flush(); err != nil {
		return g.stats, err
	}
	g.stats.Bytes = cw.n
	return g.stats, nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Random streams: the high byte of a PCG's second seed word says what the generator
// is for, the rest which record.
const (
	streamSetup    = 1 << 56
	streamClaim    = 2 << 56
	streamSource   = 3 << 56
	streamRelation = 4 << 56
	streamReview   = 5 << 56
	streamAux      = 6 << 56
)

var epoch = time.Date(2019, 1, 7, 0, 0, 0, 0, time.UTC)

// actorKind values of actorInfo.role, finer than prov.ActorKind.
const (
	roleGovernment = iota
	roleMinistry
	roleOrganization
	roleOutlet
	roleChecker
	rolePerson
	roleAnonymous
)

type actorInfo struct {
	name, alias string
	role        int
	kind        prov.ActorKind
	title       string // a person's role, "" otherwise
	affiliation int    // actor index, -1 for none
	country     int    // index into countries, -1 for none
	mentions    []string
	domain      string
}

type eventInfo struct {
	name, place string
	start       time.Time
}

type gen struct {
	n    int
	seed uint64
	ctx  context.Context
	out  *ndjson.Writer

	nEvents, nSources, nRelations, nReviews int

	events []eventInfo
	actors []actorInfo
	// first actor index of each role, and one past the last of each
	roleLo, roleHi [7]int
	pool           []int32 // claimant pool; Zipf rank r claims as pool[r]

	// The plan: the attributions of claim i are the global attribution indexes
	// claimFirst[i] to claimFirst[i+1]-1, attClaim maps them back, srcAtts lists each
	// source's, attStart holds their span starts (-1 without a span).
	claimFirst []uint32
	attClaim   []uint32
	srcAtts    [][]uint32
	attStart   []int32

	claimRng, srcRng, auxRng *rand.Rand
	claimPCG, srcPCG, auxPCG *rand.PCG
	zipf                     *rand.Zipf

	cp    claimPlan // reused
	stats Stats
}

func newGen(cfg Config) (*gen, error) {
	if cfg.Claims < 1 || cfg.Claims > MaxClaims {
		return nil, fmt.Errorf("synth: claims must be between 1 and %d, not %d", MaxClaims, cfg.Claims)
	}
	n := cfg.Claims
	g := &gen{n: n, seed: cfg.Seed}
	g.claimPCG, g.srcPCG, g.auxPCG = rand.NewPCG(0, 0), rand.NewPCG(0, 0), rand.NewPCG(0, 0)
	g.claimRng, g.srcRng, g.auxRng = rand.New(g.claimPCG), rand.New(g.srcPCG), rand.New(g.auxPCG)
	g.nEvents = max(1, n/2000)
	g.nSources = max(1, n/3)
	if n >= 2 {
		g.nRelations = n / 20
	}
	g.nReviews = n / 500
	g.setupEvents()
	g.setupActors()
	g.zipf = rand.NewZipf(g.claimRng, 1.1, 1, uint64(len(g.pool)-1))
	return g, nil
}

func (g *gen) reseed(p *rand.PCG, stream uint64) { p.Seed(g.seed, stream) }

func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

func (g *gen) setupEvents() {
	r := g.auxRng
	g.reseed(g.auxPCG, streamSetup|1)
	span := 7 * 365 * 24 * 60 // minutes over which the events spread
	for e := range g.nEvents {
		place := pick(r, places)
		start := epoch.Add(time.Duration(e*span/g.nEvents+r.IntN(600)) * time.Minute)
		name := pick(r, eventKinds) + " " + place + ", " + months[start.Month()-1] + " " + strconv.Itoa(start.Year())
		g.events = append(g.events, eventInfo{name: name, place: place, start: start})
	}
}

func (g *gen) setupActors() {
	r := g.auxRng
	g.reseed(g.auxPCG, streamSetup|2)
	n := g.n
	add := func(a actorInfo) { g.actors = append(g.actors, a) }
	mark := func(role int, f func()) {
		g.roleLo[role] = len(g.actors)
		f()
		g.roleHi[role] = len(g.actors)
	}
	nGov := min(len(countries), max(3, n/25000))
	mark(roleGovernment, func() {
		for c := range nGov {
			k := countries[c]
			add(actorInfo{name: k.name, alias: k.alias, role: roleGovernment, kind: prov.ActorGovernment,
				affiliation: -1, country: c, domain: "www." + slug(k.name) + ".gov.example",
				mentions: []string{"the " + k.adj + " government", k.name, "the government in " + k.capital}})
		}
	})
	mark(roleMinistry, func() {
		for c := range nGov {
			for _, m := range ministries {
				k := countries[c]
				add(actorInfo{name: k.adj + " " + m.name, role: roleMinistry, kind: prov.ActorGovernment,
					affiliation: g.roleLo[roleGovernment] + c, country: c, domain: "www." + slug(k.adj+" "+m.name) + ".gov.example",
					mentions: []string{"the " + k.adj + " " + m.role, "the " + k.adj + " " + m.name}})
			}
		}
	})
	mark(roleOrganization, func() {
		for _, o := range organizations[:min(len(organizations), max(3, n/50000))] {
			mentions := []string{"the " + o.name}
			if o.alias != "" {
				mentions = append(mentions, o.alias)
			}
			add(actorInfo{name: o.name, alias: o.alias, role: roleOrganization, kind: prov.ActorOrganization,
				affiliation: -1, country: -1, domain: "www." + slug(o.name) + ".org", mentions: mentions})
		}
	})
	mark(roleOutlet, func() {
		nOut := min(len(wireServices)+len(outletCities)*len(mastheads), max(4, n/10000))
		for i := range nOut {
			name := ""
			if i < len(wireServices) {
				name = wireServices[i]
			} else {
				j := i - len(wireServices)
				name = outletCities[j%len(outletCities)] + " " + mastheads[j/len(outletCities)]
			}
			add(actorInfo{name: name, role: roleOutlet, kind: prov.ActorMediaOutlet, affiliation: -1, country: -1,
				domain: "www." + slug(name) + ".com", mentions: []string{name}})
		}
	})
	mark(roleChecker, func() {
		for i := range min(len(checkerWords)*len(checkerWords), max(2, n/100000)) {
			name := checkerWords[i%len(checkerWords)][0] + checkerWords[i/len(checkerWords)][1]
			add(actorInfo{name: name, role: roleChecker, kind: prov.ActorOrganization, affiliation: -1, country: -1,
				domain: slug(name) + ".org", mentions: []string{name}})
		}
	})
	mark(rolePerson, func() {
		combos := len(firstNames) * len(lastNames)
		for p := range max(10, n/60) {
			// A bijection of [0, combos): every first name with every last name.
			f := p % len(firstNames)
			first, last := firstNames[f], lastNames[(p/len(firstNames)+f*37)%len(lastNames)]
			name := first + " " + last
			if k := p / combos; k > 0 {
				name = first + " " + string(rune('A'+(k-1)%26)) + ". " + last
				if k > 26 {
					name += " " + strconv.Itoa((k-1)/26+1)
				}
			}
			a := actorInfo{name: name, role: rolePerson, kind: prov.ActorPerson, affiliation: -1, country: -1}
			switch x := r.IntN(10); {
			case x < 5:
				a.affiliation = g.roleLo[roleMinistry] + r.IntN(g.roleHi[roleMinistry]-g.roleLo[roleMinistry])
			case x < 6:
				a.affiliation = g.roleLo[roleGovernment] + r.IntN(g.roleHi[roleGovernment]-g.roleLo[roleGovernment])
			case x < 7:
				a.affiliation = g.roleLo[roleOrganization] + r.IntN(g.roleHi[roleOrganization]-g.roleLo[roleOrganization])
			}
			a.mentions = []string{name, last}
			if r.IntN(4) != 0 {
				a.title = pick(r, personRoles)
				if a.affiliation >= 0 && g.actors[a.affiliation].country >= 0 {
					a.mentions = append(a.mentions, "the "+countries[g.actors[a.affiliation].country].adj+" "+strings.ToLower(a.title))
				} else {
					a.mentions = append(a.mentions, "the "+strings.ToLower(a.title))
				}
			}
			a.domain = "social.example.net/@" + slug(name)
			add(a)
		}
	})
	mark(roleAnonymous, func() {
		for range max(3, n/5000) {
			c := r.IntN(nGov)
			name := countries[c].adj + " " + pick(r, anonymousNames)
			a := actorInfo{name: name, role: roleAnonymous, kind: prov.ActorAnonymous, affiliation: -1, country: c,
				mentions: []string{article(name) + " " + name, "one " + name}}
			if r.IntN(2) == 0 {
				a.affiliation = g.roleLo[roleGovernment] + c
			}
			add(a)
		}
	})
	// The claimant pool: everyone but outlets and fact-checkers, in a fixed random
	// order, so the most prolific claimants are of every kind.
	for i := range g.actors {
		if role := g.actors[i].role; role != roleOutlet && role != roleChecker {
			g.pool = append(g.pool, int32(i))
		}
	}
	r.Shuffle(len(g.pool), func(i, j int) { g.pool[i], g.pool[j] = g.pool[j], g.pool[i] })
}

// slug returns s lower-cased with its letters folded to ASCII and everything but
// letters and digits dropped, for host names and URL paths.
func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if f, ok := asciiFold[r]; ok {
			r = f
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var asciiFold = map[rune]rune{
	'á': 'a', 'à': 'a', 'ã': 'a', 'â': 'a', 'ä': 'a', 'ă': 'a', 'é': 'e', 'è': 'e', 'ë': 'e', 'ê': 'e',
	'í': 'i', 'ï': 'i', 'î': 'i', 'ı': 'i', 'ó': 'o', 'ö': 'o', 'ø': 'o', 'ô': 'o', 'ú': 'u', 'ü': 'u',
	'ñ': 'n', 'ń': 'n', 'ç': 'c', 'ș': 's', 'ş': 's', 'ś': 's', 'ł': 'l', 'ż': 'z', 'ź': 'z', 'ț': 't',
}

func actorID(i int) prov.ID  { return prov.NewID(prov.TypeActor, uint64(i)+1) }
func eventID(e int) prov.ID  { return prov.NewID(prov.TypeEvent, uint64(e)+1) }
func sourceID(s int) prov.ID { return prov.NewID(prov.TypeSource, uint64(s)+1) }
func claimID(i int) prov.ID  { return prov.NewID(prov.TypeClaim, uint64(i)+1) }
func attID(g uint32) prov.ID { return prov.NewID(prov.TypeAttribution, uint64(g)+1) }

// srcLo returns the first source of event e; the sources of e are srcLo(e) to
// srcLo(e+1)-1.
func (g *gen) srcLo(e int) int {
	return int((int64(e)*int64(g.nSources) + int64(g.nEvents) - 1) / int64(g.nEvents))
}

func (g *gen) srcEvent(s int) int { return int(int64(s) * int64(g.nEvents) / int64(g.nSources)) }

func (g *gen) run() error {
	g.plan()
	steps := []func() error{g.writeEvents, g.writeActors, g.writeSources, g.writeClaims, g.writeAttributions, g.writeRelations, g.writeReviews}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) write(rec ndjson.Record) error {
	g.stats.Records++
	if g.stats.Records%4096 == 0 {
		if err := g.ctx.Err(); err != nil {
			return err
		}
	}
	return g.out.Write(rec)
}

// plan draws every claim's structure (claimant, event, attribution sources) to learn
// which attributions each source's text must carry.
func (g *gen) plan() {
	g.claimFirst = make([]uint32, g.n+1)
	g.srcAtts = make([][]uint32, g.nSources)
	counts := make([]int32, len(g.actors))
	var next uint32
	for i := range g.n {
		cp := g.claim(i, false)
		g.claimFirst[i] = next
		if cp.claimant >= 0 {
			counts[cp.claimant]++
		}
		for j := range cp.nAtt {
			g.attClaim = append(g.attClaim, uint32(i))
			g.srcAtts[cp.atts[j].source] = append(g.srcAtts[cp.atts[j].source], next)
			next++
		}
	}
	g.claimFirst[g.n] = next
	g.attStart = make([]int32, next)
	for i := range g.attStart {
		g.attStart[i] = -1
	}
	top := 0
	for i, c := range counts {
		if c > counts[top] {
			top = i
		}
	}
	g.stats.TopClaimant, g.stats.TopClaimantClaims = actorID(top), int(counts[top])
}

func (g *gen) writeEvents() error {
	r := g.auxRng
	g.reseed(g.auxPCG, streamSetup|3)
	for e, ev := range g.events {
		start := ev.start
		rec := &prov.Event{ID: eventID(e), Name: ev.name, StartTime: &start, Location: ptr(ev.place)}
		if r.IntN(3) != 0 {
			end := start.Add(time.Duration(1+r.IntN(10*24)) * time.Hour)
			rec.EndTime = &end
		}
		if r.IntN(2) == 0 {
			rec.Description = ptr(fillTemplate(r, pick(r, fillers), g.fillVars(r, ev.place)))
		}
		if err := g.write(ndjson.Record{Event: rec}); err != nil {
			return err
		}
		g.stats.Events++
	}
	return nil
}

func (g *gen) writeActors() error {
	for i, a := range g.actors {
		rec := &prov.Actor{ID: actorID(i), Name: a.name, Kind: a.kind}
		if a.alias != "" {
			rec.Aliases = []string{a.alias}
		}
		if a.title != "" {
			rec.Role = ptr(a.title)
		}
		if a.affiliation >= 0 {
			rec.AffiliationID = actorID(a.affiliation)
		}
		if err := g.write(ndjson.Record{Actor: rec}); err != nil {
			return err
		}
		g.stats.Actors++
	}
	return nil
}

// sourceMeta is what a source's record holds besides its text: drawn first from the
// source's stream, so that sourceKind can redraw it.
type sourceMeta struct {
	kind      prov.SourceKind
	hasText   bool
	publisher int
	published time.Time
}

func (g *gen) meta(r *rand.Rand, p *rand.PCG, s int) sourceMeta {
	g.reseed(p, streamSource|uint64(s))
	var m sourceMeta
	switch x := r.IntN(100); {
	case x < 55:
		m.kind = prov.SourceArticle
	case x < 67:
		m.kind = prov.SourceWireReport
	case x < 77:
		m.kind = prov.SourceStatement
	case x < 89:
		m.kind = prov.SourceSocialPost
	case x < 95:
		m.kind = prov.SourcePressConference
	default:
		m.kind = prov.SourceSpeech
	}
	m.hasText = r.IntN(5) < 2
	wires := min(len(wireServices), g.roleHi[roleOutlet]-g.roleLo[roleOutlet])
	between := func(lo, hi int) int { return lo + r.IntN(hi-lo) }
	switch m.kind {
	case prov.SourceArticle:
		if g.roleHi[roleOutlet]-g.roleLo[roleOutlet] > wires {
			m.publisher = between(g.roleLo[roleOutlet]+wires, g.roleHi[roleOutlet])
		} else {
			m.publisher = between(g.roleLo[roleOutlet], g.roleHi[roleOutlet])
		}
	case prov.SourceWireReport:
		m.publisher = between(g.roleLo[roleOutlet], g.roleLo[roleOutlet]+wires)
	case prov.SourceSocialPost:
		m.publisher = between(g.roleLo[rolePerson], g.roleHi[rolePerson])
	default:
		m.publisher = between(g.roleLo[roleGovernment], g.roleHi[roleOrganization])
	}
	if r.IntN(12) == 0 {
		m.publisher = -1
	}
	m.published = g.events[g.srcEvent(s)].start.Add(time.Duration(r.IntN(14*24*60)) * time.Minute)
	return m
}

func (g *gen) writeSources() error {
	r := g.srcRng
	for s := range g.nSources {
		m := g.meta(r, g.srcPCG, s)
		e := g.srcEvent(s)
		ev := g.events[e]
		vars := g.fillVars(r, ev.place)
		title := fillTemplate(r, pick(r, headlineForms), vars)
		rec := &prov.Source{ID: sourceID(s), Title: title, Kind: m.kind}
		published := m.published
		rec.PublishedAt = &published
		domain := "archive.example.org"
		if m.publisher >= 0 {
			rec.PublisherID = actorID(m.publisher)
			domain = g.actors[m.publisher].domain
		}
		rec.URL = ptr(fmt.Sprintf("https://%s/%d/%02d/%s-%d", domain, published.Year(), published.Month(), slugWords(title, 6), s+1))
		if r.IntN(2) == 0 {
			retrieved := published.Add(time.Duration(1+r.IntN(30*24)) * time.Hour)
			rec.RetrievedAt = &retrieved
		}
		if m.kind == prov.SourceArticle && r.IntN(4) == 0 {
			// Cite an earlier wire report about the same event, if one is found.
			lo := g.srcLo(e)
			for try := 0; try < 4 && s > lo; try++ {
				c := lo + r.IntN(s-lo)
				if g.meta(g.auxRng, g.auxPCG, c).kind == prov.SourceWireReport && !containsID(rec.CitesIDs, sourceID(c)) {
					rec.CitesIDs = append(rec.CitesIDs, sourceID(c))
					break
				}
			}
		}
		if m.hasText {
			text := g.sourceText(r, s, m, vars)
			rec.Text = &text
			rec.TextSHA256 = prov.TextHash(text)
			g.stats.SourcesWithText++
		}
		if err := g.write(ndjson.Record{Source: rec}); err != nil {
			return err
		}
		g.stats.Sources++
	}
	return nil
}

func containsID(ids []prov.ID, id prov.ID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// slugWords returns the slug of the first n words of s, joined by hyphens.
func slugWords(s string, n int) string {
	var parts []string
	for _, w := range strings.Fields(s) {
		if w = slug(w); w != "" {
			parts = append(parts, w)
		}
		if len(parts) == n {
			break
		}
	}
	return strings.Join(parts, "-")
}

// textBuilder accumulates a text and counts its code points, for spans.
type textBuilder struct {
	b     strings.Builder
	runes int
}

func (t *textBuilder) add(s string) {
	t.b.WriteString(s)
	t.runes += utf8.RuneCountInString(s)
}

// sourceText builds the archived text of source s: a dateline and lead, then
// paragraphs of background sentences with the sentence of each of the source's
// attributions, and a reference line. It records where each quote starts.
func (g *gen) sourceText(r *rand.Rand, s int, m sourceMeta, vars map[string]string) string {
	var t textBuilder
	atts := g.srcAtts[s]
	last := -1
	filler := func() string {
		k := r.IntN(len(fillers))
		if k == last {
			k = (k + 1) % len(fillers)
		}
		last = k
		return fillTemplate(r, fillers[k], vars)
	}
	outlet := "Staff"
	if m.publisher >= 0 {
		outlet = g.actors[m.publisher].name
	}
	if m.kind == prov.SourceSocialPost {
		t.add(filler())
	} else {
		t.add(strings.ToUpper(vars["place"]) + ", " + m.published.Format("January 2") + " (" + outlet + ") — " + filler())
	}
	words := 150 + r.IntN(250)
	if m.kind == prov.SourceSocialPost {
		words = 20 + r.IntN(40)
	}
	sentences := 1
	for k := 0; k < len(atts) || t.runes/6 < words; sentences++ {
		if sentences%3 == 0 {
			t.add("\n\n")
		} else {
			t.add(" ")
		}
		if k < len(atts) && (r.IntN(2) == 0 || t.runes/6 >= words) {
			gi := atts[k]
			k++
			i := int(g.attClaim[gi])
			cp := g.claim(i, true)
			a := &cp.atts[gi-g.claimFirst[i]]
			t.add(a.prefix)
			g.attStart[gi] = int32(t.runes)
			t.add(a.quote)
			t.add(a.suffix)
			continue
		}
		t.add(filler())
	}
	t.add(fmt.Sprintf("\n\n(%s, ref %s-%d)", outlet, m.published.Format("20060102"), s+1))
	return t.b.String()
}

func (g *gen) writeClaims() error {
	for i := range g.n {
		cp := g.claim(i, true)
		rec := &prov.Claim{ID: claimID(i), Text: cp.text, EventID: eventID(cp.event)}
		if cp.claimant >= 0 {
			rec.ClaimantID = actorID(cp.claimant)
		}
		if cp.hasStated {
			stated := cp.stated
			rec.StatedAt = &stated
		}
		if cp.medium != "" {
			rec.Medium = ptr(cp.medium)
		}
		if err := g.write(ndjson.Record{Claim: rec}); err != nil {
			return err
		}
		g.stats.Claims++
	}
	return nil
}

func (g *gen) writeAttributions() error {
	for i := range g.n {
		cp := g.claim(i, true)
		for j := range cp.nAtt {
			a := &cp.atts[j]
			gi := g.claimFirst[i] + uint32(j)
			rec := &prov.Attribution{ID: attID(gi), ClaimID: claimID(i), SourceID: sourceID(a.source), Quote: a.quote, Kind: a.kind}
			if start := g.attStart[gi]; start >= 0 {
				end := int(start) + utf8.RuneCountInString(a.quote)
				rec.Start, rec.End = ptr(int(start)), &end
				g.stats.AttributionsWithSpan++
			}
			if a.mention != "" {
				rec.Mention = ptr(a.mention)
			}
			rec.Cue = ptr(a.cue)
			if a.medium != "" {
				rec.Medium = ptr(a.medium)
			}
			if a.viaActor >= 0 {
				rec.ViaActorID = actorID(a.viaActor)
			}
			if a.viaSource >= 0 {
				rec.ViaSourceID = sourceID(a.viaSource)
			}
			if err := g.write(ndjson.Record{Attribution: rec}); err != nil {
				return err
			}
			g.stats.Attributions++
		}
	}
	return nil
}

func (g *gen) writeRelations() error {
	r := g.auxRng
	g.reseed(g.auxPCG, streamRelation)
	checkers := g.roleHi[roleChecker] - g.roleLo[roleChecker]
	for k := range g.nRelations {
		from := r.IntN(g.n)
		d := 1 + r.IntN(40)
		to := from + d
		if to >= g.n || (r.IntN(2) == 0 && from-d >= 0) {
			to = from - d
		}
		if to < 0 {
			to = (from + 1) % g.n
		}
		rec := &prov.ClaimRelation{ID: prov.NewID(prov.TypeRelation, uint64(k)+1), FromID: claimID(from), ToID: claimID(to)}
		switch x := r.IntN(20); {
		case x < 11:
			rec.Kind = prov.RelationCorroborates
		case x < 17:
			rec.Kind = prov.RelationContradicts
		default:
			rec.Kind = prov.RelationRefines
		}
		if r.IntN(5) < 2 {
			rec.Note = ptr(pick(r, notes))
		}
		if r.IntN(10) < 3 {
			rec.AssertedByID = actorID(g.roleLo[roleChecker] + r.IntN(checkers))
		}
		if err := g.write(ndjson.Record{Relation: rec}); err != nil {
			return err
		}
		g.stats.Relations++
	}
	return nil
}

func (g *gen) writeReviews() error {
	r := g.auxRng
	checkers := g.roleHi[roleChecker] - g.roleLo[roleChecker]
	for k := range g.nReviews {
		g.reseed(g.auxPCG, streamReview|uint64(k))
		i := r.IntN(g.n)
		rating := 1 + r.IntN(5)
		reviewer := g.roleLo[roleChecker] + r.IntN(checkers)
		days := 1 + r.IntN(20)
		ev := g.claim(i, false).event
		rec := &prov.Review{
			ID: prov.NewID(prov.TypeReview, uint64(k)+1), ClaimID: claimID(i),
			Rating: rating, BestRating: 5, WorstRating: 1, Verdict: verdicts[rating-1],
			ReviewerID: actorID(reviewer), ReviewedAt: g.events[ev].start.Add(time.Duration(days) * 24 * time.Hour),
		}
		if r.IntN(2) == 0 {
			rec.Explanation = ptr(pick(r, notes))
		}
		if r.IntN(2) == 0 {
			rec.EvidenceURLs = []string{fmt.Sprintf("https://%s/checks/%d", g.actors[reviewer].domain, k+1)}
		}
		if err := g.write(ndjson.Record{Review: rec}); err != nil {
			return err
		}
		g.stats.Reviews++
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

// article returns "an" before a vowel, "a" otherwise.
func article(s string) string {
	if strings.ContainsRune("AEIOUaeiou", []rune(s)[0]) {
		return "an"
	}
	return "a"
}
