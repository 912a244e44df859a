package search

import (
	"context"
	"encoding/base64"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"

	"claimgraph/prov"
	"claimgraph/search/analysis"
	"claimgraph/storage"
)

// MaxClauses bounds the words, phrases and prefixes of a query; the rest of a longer
// text is ignored.
const MaxClauses = 32

// MaxPrefixTerms bounds the words a prefix may expand to; a prefix that matches more is
// refused (EINVALID) rather than run.
const MaxPrefixTerms = 4096

func init() { searcher.DisjunctionMaxClauseCount = MaxPrefixTerms }

// Page sizes of Search.
const (
	DefaultFirst = 20
	MaxFirst     = 100
	// MaxOffset bounds how deep Search pages: ranked pages are re-ranked from the top.
	MaxOffset = 10_000
)

// Query is a full-text search.
type Query struct {
	// Text is what to look for (see Parse): words, "quoted phrases" and prefix* words.
	Text string
	// Types keeps documents of these node types (Claim, Attribution, Actor, Source,
	// Event); empty keeps all.
	Types []prov.NodeType
	// EventID keeps claims about the event, their attributions, and the event itself.
	EventID prov.ID
	// ClaimantID keeps the actor's claims and their attributions.
	ClaimantID prov.ID
	// SourceID keeps claims with an attribution in the source, the source's
	// attributions, and the source itself.
	SourceID prov.ID
	// From and To keep documents dated in that range, inclusive: claims by statedAt
	// (else their earliest source's publication date), attributions and sources by
	// publication date, events by start time. Undated documents are left out when
	// either is set.
	From, To *time.Time
	// First is the page size: DefaultFirst when nil, at most MaxFirst; 0 asks for
	// Total only.
	First *int
	// After is the EndCursor of the previous page.
	After string
}

// Result is one page of ranked hits.
type Result struct {
	Hits []Hit
	// Total is how many documents match.
	Total     int
	HasNext   bool
	EndCursor string
}

// Hit is one matching node.
type Hit struct {
	ID prov.ID
	// Node is the node as read through the caller's context (so within a request's
	// snapshot): a *prov.Claim, *prov.Attribution, *prov.Actor, *prov.Source or
	// *prov.Event.
	Node prov.Node
	// Score is the BM25 relevance; higher is better.
	Score float64
	// Cursor is the position of the hit, to page on after it.
	Cursor   string
	Snippets []Snippet
}

// clause is one part of a parsed query.
type clause struct {
	// term: one analysed term (for a prefix clause, a term it also matches exactly);
	// phrase: terms by position (nil for a dropped stop word); prefix: folded word
	// prefixes.
	kind   clauseKind
	term   string
	phrase [][]string
	prefix []string
}

type clauseKind int

const (
	clauseTerm clauseKind = iota
	clausePhrase
	clausePrefix
)

// Parsed is a parsed query text.
type Parsed struct {
	clauses []clause
}

// Empty reports whether the query has nothing to look for (only stop words or
// punctuation).
func (p Parsed) Empty() bool { return len(p.clauses) == 0 }

// Parse parses a query text:
//
//   - words are analysed like indexed text (folded, stemmed; stop words dropped), and
//     a document needs at least one of them; more, and rarer, rank higher;
//   - "a quoted phrase" must appear as written, word for word after analysis (a
//     dropped stop word still takes its place); an unclosed quote runs to the end;
//   - a word ending in * (Heg*) matches every word it starts, before or after
//     stemming.
func Parse(text string) Parsed {
	var p Parsed
	for len(text) > 0 {
		i := strings.IndexByte(text, '"')
		if i < 0 {
			p.words(text)
			break
		}
		p.words(text[:i])
		rest := text[i+1:]
		j := strings.IndexByte(rest, '"')
		if j < 0 {
			j = len(rest)
		}
		p.phrase(rest[:j])
		if j == len(rest) {
			break
		}
		text = rest[j+1:]
	}
	if len(p.clauses) > MaxClauses {
		p.clauses = p.clauses[:MaxClauses]
	}
	return p
}

func (p *Parsed) words(s string) {
	for _, f := range strings.Fields(s) {
		if strings.HasSuffix(f, "*") {
			var words []string
			analysis.Words(strings.TrimRight(f, "*"), func(w string, _, _ int) { words = append(words, w) })
			if len(words) == 0 {
				continue
			}
			// the words before the last are plain; the last is the prefix
			for _, w := range words[:len(words)-1] {
				p.addTerm(analysis.Term(w))
			}
			w := words[len(words)-1]
			if len([]rune(w)) < 2 {
				p.addTerm(analysis.Term(w)) // a one-letter prefix would match half the dictionary
				continue
			}
			prefixes := []string{w}
			if s := analysis.Stem(w); s != w && len(s) > 0 {
				prefixes = append(prefixes, s)
			}
			p.clauses = append(p.clauses, clause{kind: clausePrefix, prefix: prefixes})
			continue
		}
		for _, t := range analysis.Analyze(f) {
			p.addTerm(t.Term)
		}
	}
}

func (p *Parsed) addTerm(t string) {
	if t == "" {
		return
	}
	for _, c := range p.clauses {
		if c.kind == clauseTerm && c.term == t {
			return
		}
	}
	p.clauses = append(p.clauses, clause{kind: clauseTerm, term: t})
}

func (p *Parsed) phrase(s string) {
	toks := analysis.Analyze(s)
	switch len(toks) {
	case 0:
		return
	case 1:
		p.clauses = append(p.clauses, clause{kind: clausePhrase, phrase: [][]string{{toks[0].Term}}})
		return
	}
	first := toks[0].Pos
	terms := make([][]string, toks[len(toks)-1].Pos-first+1)
	for _, t := range toks {
		terms[t.Pos-first] = []string{t.Term}
	}
	p.clauses = append(p.clauses, clause{kind: clausePhrase, phrase: terms})
}

// matcher tells which words of a text match the query, for snippets.
type matcher struct {
	terms    map[string]bool
	prefixes []string
	// firsts are the first bytes of the terms and prefixes: a stem keeps its word's
	// first letter, so a word starting with another cannot match and is not stemmed
	firsts [256]bool
}

func (p Parsed) matcher() *matcher {
	m := &matcher{terms: map[string]bool{}}
	for _, c := range p.clauses {
		switch c.kind {
		case clauseTerm:
			m.terms[c.term] = true
		case clausePhrase:
			for _, ts := range c.phrase {
				for _, t := range ts {
					m.terms[t] = true
				}
			}
		case clausePrefix:
			m.prefixes = append(m.prefixes, c.prefix...)
			if c.term != "" {
				m.terms[c.term] = true
			}
		}
	}
	for t := range m.terms {
		if t != "" {
			m.firsts[t[0]] = true
		}
	}
	for _, pre := range m.prefixes {
		if pre != "" {
			m.firsts[pre[0]] = true
		}
	}
	return m
}

// maybe reports whether the folded word w can match, before it is stemmed.
func (m *matcher) maybe(w string) bool {
	return w != "" && (w[0] >= 0x80 || m.firsts[w[0]])
}

// match reports whether an analysed token matches the query.
func (m *matcher) match(t analysis.Token) bool {
	if m.terms[t.Term] {
		return true
	}
	for _, pre := range m.prefixes {
		if strings.HasPrefix(t.Word, pre) || strings.HasPrefix(t.Term, pre) {
			return true
		}
	}
	return false
}

// fieldQuery returns the query for one clause in one field.
func (c clause) fieldQuery(field string, boost float64) query.Query {
	var q query.Query
	switch c.kind {
	case clauseTerm:
		t := query.NewTermQuery(c.term)
		t.SetField(field)
		t.SetBoost(boost)
		q = t
	case clausePhrase:
		if len(c.phrase) == 1 {
			t := query.NewTermQuery(c.phrase[0][0])
			t.SetField(field)
			t.SetBoost(boost)
			return t
		}
		terms := make([][]string, len(c.phrase))
		for i, ts := range c.phrase {
			if ts == nil {
				ts = []string{""}
			}
			terms[i] = ts
		}
		m := query.NewMultiPhraseQuery(terms, field)
		m.SetBoost(boost)
		q = m
	case clausePrefix:
		var ds []query.Query
		for _, pre := range c.prefix {
			pq := query.NewPrefixQuery(pre)
			pq.SetField(field)
			pq.SetBoost(boost)
			ds = append(ds, pq)
		}
		if c.term != "" {
			t := query.NewTermQuery(c.term)
			t.SetField(field)
			t.SetBoost(boost)
			ds = append(ds, t)
		}
		if len(ds) == 1 {
			return ds[0]
		}
		q = query.NewDisjunctionQuery(ds)
	}
	return q
}

func keywordQuery(field, value string) query.Query {
	t := query.NewTermQuery(value)
	t.SetField(field)
	t.SetBoost(0) // filters do not score
	return t
}

// group is a set of node types whose words share a field.
type group struct {
	field string
	types []prov.NodeType
	// boost weighs the group's matches: a quote is evidence for its claim, whose
	// document holds the quote too, so an attribution ranks below its claim.
	boost float64
}

var groups = []group{
	{fieldAllClaims, []prov.NodeType{prov.TypeClaim}, 1},
	{fieldAllAttributions, []prov.NodeType{prov.TypeAttribution}, 0.5},
	{fieldAllOthers, []prov.NodeType{prov.TypeActor, prov.TypeSource, prov.TypeEvent}, 1},
}

func groupOf(t prov.NodeType) group {
	for _, g := range groups {
		if slices.Contains(g.types, t) {
			return g
		}
	}
	return groups[len(groups)-1]
}

// plan is what a Query asks for besides its text.
type plan struct {
	types   map[prov.NodeType]bool // nil: every type
	filters []query.Query
}

func (q Query) plan() (plan, error) {
	var p plan
	if len(q.Types) > 0 {
		p.types = map[prov.NodeType]bool{}
		for _, t := range q.Types {
			if !indexed(t) {
				return p, prov.Errorf(prov.EINVALID, "types: %s nodes are not indexed", t)
			}
			p.types[t] = true
		}
	}
	var err error
	p.filters, err = q.filters()
	return p, err
}

func (q Query) filters() ([]query.Query, error) {
	var out []query.Query
	for _, f := range []struct {
		field string
		id    prov.ID
		want  prov.NodeType
	}{{fieldEvent, q.EventID, prov.TypeEvent}, {fieldClaimant, q.ClaimantID, prov.TypeActor}, {fieldSource, q.SourceID, prov.TypeSource}} {
		if f.id.IsZero() {
			continue
		}
		if f.id.Type != f.want {
			return nil, prov.Errorf(prov.EINVALID, "filter.%s: %s is not a %s ID", f.field, f.id, f.want)
		}
		out = append(out, keywordQuery(f.field, f.id.String()))
	}
	if q.From != nil || q.To != nil {
		var from, to time.Time
		if q.From != nil {
			from = q.From.UTC()
		}
		if q.To != nil {
			to = q.To.UTC()
		}
		if q.From != nil && q.To != nil && to.Before(from) {
			return nil, prov.Errorf(prov.EINVALID, "filter.to: %s is before filter.from %s", to.Format(time.RFC3339), from.Format(time.RFC3339))
		}
		yes := true
		d := query.NewDateRangeInclusiveQuery(from, to, &yes, &yes)
		d.SetField(fieldDate)
		d.SetBoost(0)
		out = append(out, d)
	}
	return out, nil
}

// filterQuery returns the query of MatchClaims: every clause in field, and filters.
func (p Parsed) filterQuery(field string, filters []query.Query) query.Query {
	must := append([]query.Query(nil), filters...)
	for _, c := range p.clauses {
		must = append(must, c.fieldQuery(field, 1))
	}
	return query.NewConjunctionQuery(must)
}

// searchQuery returns Search's query: in each type group's field, documents must match
// every phrase and every other clause (modeAll), or all but one of three or more
// clauses, or one of two (modeAny); and they must match the filters.
func (p Parsed) searchQuery(pl plan, m mode) query.Query {
	optional := 0
	for _, c := range p.clauses {
		if c.kind != clausePhrase {
			optional++
		}
	}
	min := 1
	if optional >= 3 {
		min = optional - 1
	}
	var alternatives []query.Query
	for _, g := range groups {
		var selected []string
		for _, t := range g.types {
			if pl.types == nil || pl.types[t] {
				selected = append(selected, t.String())
			}
		}
		if len(selected) == 0 {
			continue
		}
		var must, any []query.Query
		for _, c := range p.clauses {
			q := c.fieldQuery(g.field, g.boost)
			if c.kind == clausePhrase || m == modeAll {
				must = append(must, q)
			} else {
				any = append(any, q)
			}
		}
		switch len(any) {
		case 0:
		case 1:
			must = append(must, any[0])
		default:
			d := query.NewDisjunctionQuery(any)
			d.SetMin(float64(min))
			must = append(must, d)
		}
		if len(selected) < len(g.types) {
			// a few of a small group's types: a cheap filter
			var ds []query.Query
			for _, name := range selected {
				ds = append(ds, keywordQuery(fieldType, name))
			}
			must = append(must, query.NewDisjunctionQuery(ds))
		}
		if len(must) == 1 {
			alternatives = append(alternatives, must[0])
		} else {
			alternatives = append(alternatives, query.NewConjunctionQuery(must))
		}
	}
	var top query.Query
	if len(alternatives) == 1 {
		top = alternatives[0]
	} else {
		top = query.NewDisjunctionQuery(alternatives)
	}
	if len(pl.filters) == 0 {
		return top
	}
	return query.NewConjunctionQuery(append(append([]query.Query(nil), pl.filters...), top))
}

// cursor is the position of a hit in a ranked list, tied to the query it came from
// and to the matching mode of its first page.
func cursor(offset int, fingerprint uint64, m mode) string {
	return base64.RawURLEncoding.EncodeToString([]byte("s1:" + strconv.Itoa(offset) + ":" + strconv.FormatUint(fingerprint, 36) + ":" + string(m)))
}

func parseCursor(s string, fingerprint uint64) (int, mode, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	parts := strings.Split(string(raw), ":")
	if err != nil || len(parts) != 4 || parts[0] != "s1" || mode(parts[3]) != modeAll && mode(parts[3]) != modeAny {
		return 0, "", prov.Errorf(prov.EINVALID, "after: %q is not a search cursor", s)
	}
	n, err := strconv.Atoi(parts[1])
	if err != nil || n < 0 {
		return 0, "", prov.Errorf(prov.EINVALID, "after: %q is not a search cursor", s)
	}
	if parts[2] != strconv.FormatUint(fingerprint, 36) {
		return 0, "", prov.Errorf(prov.EINVALID, "after: the cursor belongs to another query or filter")
	}
	return n + 1, mode(parts[3]), nil
}

// mode is how many of a query's words a document must match.
type mode string

const (
	modeAll mode = "a" // every word (and every phrase)
	modeAny mode = "o" // at least one word (and every phrase)
)

func (q Query) fingerprint() uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%q|%v|%s|%s|%s|", q.Text, q.Types, q.EventID, q.ClaimantID, q.SourceID)
	for _, t := range []*time.Time{q.From, q.To} {
		if t != nil {
			fmt.Fprint(h, t.UnixNano())
		}
		fmt.Fprint(h, "|")
	}
	return h.Sum64()
}

// Search catches the index up with the store, then returns a page of the documents
// that match q as ctx's snapshot has them (see storage.Store.WithSnapshot), best first
// (BM25), each with its node read through ctx and snippets of the matching text. Total
// counts the matches in the snapshot, so on a last page it is the hits before the page
// plus the page's. It returns EINVALID for a bad page size, cursor, filter or a query
// with no searchable words, and the store's or the index's read errors.
func (x *Index) Search(ctx context.Context, store *storage.Store, q Query) (*Result, error) {
	first := DefaultFirst
	if q.First != nil {
		first = *q.First
	}
	switch {
	case first < 0:
		return nil, prov.Errorf(prov.EINVALID, "first: %d is negative", first)
	case first > MaxFirst:
		return nil, prov.Errorf(prov.EINVALID, "first: %d is more than the maximum %d", first, MaxFirst)
	}
	fp := q.fingerprint()
	offset := 0
	var m mode
	if q.After != "" {
		var err error
		if offset, m, err = parseCursor(q.After, fp); err != nil {
			return nil, err
		}
		if offset > MaxOffset {
			return nil, prov.Errorf(prov.EINVALID, "after: search pages end after %d hits; narrow the query", MaxOffset)
		}
	}
	pl, err := q.plan()
	if err != nil {
		return nil, err
	}
	parsed := Parse(q.Text)
	if parsed.Empty() {
		return nil, noWords("query", q.Text)
	}
	v, err := x.begin(ctx, store, func(t prov.NodeType) bool { return pl.types == nil || pl.types[t] })
	if err != nil {
		return nil, err
	}
	defer v.close()
	hits, total, m, err := v.rankMode(ctx, parsed, pl, first+1, offset, m)
	if err != nil {
		return nil, err
	}
	out := &Result{Total: total}
	match := parsed.matcher()
	for i, h := range hits {
		if i == first {
			out.HasNext = true
			break
		}
		id, err := prov.ParseID(h.ID)
		if err != nil {
			return nil, fmt.Errorf("search: index holds document %q: %w", h.ID, err)
		}
		hit := Hit{ID: id, Score: h.Score, Cursor: cursor(offset+i, fp, m)}
		n, snippets, err := loadHit(ctx, store, id, match)
		if prov.ErrorCode(err) == prov.ENOTFOUND && v.approximate {
			out.Total--
			continue
		}
		if err != nil {
			return nil, err
		}
		hit.Node, hit.Snippets = n, snippets
		out.Hits = append(out.Hits, hit)
		out.EndCursor = hit.Cursor
	}
	return out, nil
}

// noWords is the error for a query text without a word the index holds.
func noWords(field, text string) error {
	return prov.Errorf(prov.EINVALID, "%s: %q has no searchable words: stop words (the, of, and, …) and punctuation are not indexed", field, text)
}

// rankMode ranks the documents that match every word of the query; when fewer than
// a page (size-1) do, and the query has three words or more (or nothing matches them
// all), it ranks instead those that match all words but one (or any of two). So a
// specific query gets only the documents with all its words — cheap: the rarest
// word's postings bound the work — and a longer one that few documents match in full
// gets the near misses too, ranked by BM25, full matches first. Pages after the first
// keep the first page's mode (m, from the cursor).
func (v *view) rankMode(ctx context.Context, parsed Parsed, pl plan, size, offset int, m mode) (blevesearch.DocumentMatchCollection, int, mode, error) {
	claimsFirst := pl.types == nil || pl.types[prov.TypeClaim] && pl.types[prov.TypeAttribution]
	if m == "" {
		hits, total, err := v.page(ctx, parsed.searchQuery(pl, modeAll), claimsFirst, size, offset)
		if err != nil || total >= size-1 || !parsed.relaxable(total) {
			return hits, total, modeAll, err
		}
		m = modeAny
	}
	hits, total, err := v.page(ctx, parsed.searchQuery(pl, m), claimsFirst, size, offset)
	return hits, total, m, err
}

// relaxable reports whether modeAny would match more than modeAll, and is worth its
// cost given that total documents match every word.
func (p Parsed) relaxable(total int) bool {
	n := 0
	for _, c := range p.clauses {
		if c.kind != clausePhrase {
			n++
		}
	}
	return n >= 3 || n == 2 && total == 0
}

// run runs a query on the index, holding it against a rebuild's swap.
func (x *Index) run(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	x.swap.RLock()
	defer x.swap.RUnlock()
	if x.idx == nil {
		return nil, errClosed
	}
	return runOn(ctx, x.idx, req)
}

// runOn runs a query on idx; a prefix that expands to too many words is EINVALID.
func runOn(ctx context.Context, idx bleve.Index, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	res, err := idx.SearchInContext(ctx, req)
	if err != nil && strings.Contains(err.Error(), "TooManyClauses") {
		return nil, prov.Errorf(prov.EINVALID, "query: a prefix matches more than %d words; type more of the word", MaxPrefixTerms)
	}
	return res, err
}

// MatchClaims returns a page of the claims that match f as ctx's snapshot has them,
// in ID order, read through ctx, and how many match in all, for the claims list's text
// filter. f.Text is analysed like Search's text and matched against the claims'
// canonical text only: every word must match (stemmed and folded: "supports" finds
// "supported"; a word of three letters or more also matches words it starts, as the
// list's text filter always did), and "quoted phrases" and prefix* words work as in
// Search. The other fields of f filter as in storage.Store.Claims. It returns
// EINVALID for a bad page, filter, or a text with no searchable words (only stop words
// or punctuation; a blank text is no filter: the caller lists without one), and the
// store's or the index's read errors.
func (x *Index) MatchClaims(ctx context.Context, store *storage.Store, f storage.ClaimFilter, p storage.Page) (storage.List[*prov.Claim], int, error) {
	var none storage.List[*prov.Claim]
	size := p.First
	switch {
	case size < 0:
		return none, 0, prov.Errorf(prov.EINVALID, "first: %d is negative", size)
	case size == 0:
		size = storage.DefaultPageSize
	case size > storage.MaxPageSize:
		return none, 0, prov.Errorf(prov.EINVALID, "first: %d is more than the maximum page size %d", size, storage.MaxPageSize)
	}
	if !p.After.IsZero() && p.After.Type != prov.TypeClaim {
		return none, 0, prov.Errorf(prov.EINVALID, "after: %s is not a Claim ID", p.After)
	}
	parsed := parseFilterText(f.Text)
	if parsed.Empty() {
		return none, 0, noWords("filter.text", f.Text)
	}
	// Only claim documents have the text field, so no type filter: intersecting the
	// words with the posting list of every claim cost more than the words at a
	// million claims.
	var filters []query.Query
	for _, kv := range []struct {
		field string
		id    prov.ID
	}{{fieldClaimant, f.ClaimantID}, {fieldEvent, f.EventID}, {fieldSource, f.SourceID}} {
		if !kv.id.IsZero() {
			filters = append(filters, keywordQuery(kv.field, kv.id.String()))
		}
	}
	if f.Kind != "" {
		if err := prov.CheckEnum("filter.kind", f.Kind, prov.AttributionKinds); err != nil {
			return none, 0, err
		}
		filters = append(filters, keywordQuery(fieldKinds, string(f.Kind)))
	}
	v, err := x.begin(ctx, store, func(t prov.NodeType) bool { return t == prov.TypeClaim })
	if err != nil {
		return none, 0, err
	}
	defer v.close()
	var after string
	if !p.After.IsZero() {
		after = docID(p.After)
	}
	ids, total, err := v.byID(ctx, parsed.filterQuery(fieldText, filters), size+1, after)
	if err != nil {
		return none, 0, err
	}
	var out storage.List[*prov.Claim]
	for i, raw := range ids {
		if i == size {
			out.HasNextPage = true
			break
		}
		id, err := prov.ParseID(raw)
		if err != nil {
			return none, 0, fmt.Errorf("search: index holds document %q: %w", raw, err)
		}
		c, err := store.Claim(ctx, id)
		if prov.ErrorCode(err) == prov.ENOTFOUND && v.approximate {
			total--
			continue
		}
		if err != nil {
			return none, 0, err
		}
		out.Items = append(out.Items, c)
	}
	return out, total, nil
}

// parseFilterText parses a list filter's text: like Parse, but every plain word of
// three letters or more is also a prefix, so "Syr" still finds "Syrian".
func parseFilterText(text string) Parsed {
	p := Parse(text)
	var words []string
	unquoted := text
	if strings.Contains(text, `"`) {
		var b strings.Builder
		for i, part := range strings.Split(text, `"`) {
			if i%2 == 0 {
				b.WriteString(part)
				b.WriteByte(' ')
			}
		}
		unquoted = b.String()
	}
	for _, f := range strings.Fields(unquoted) {
		if strings.HasSuffix(f, "*") {
			continue
		}
		analysis.Words(f, func(w string, _, _ int) { words = append(words, w) })
	}
	for i, c := range p.clauses {
		if c.kind != clauseTerm {
			continue
		}
		for _, w := range words {
			if analysis.Term(w) == c.term && len([]rune(w)) >= 3 && isAlpha(w) {
				p.clauses[i] = clause{kind: clausePrefix, prefix: []string{w}, term: c.term}
				break
			}
		}
	}
	return p
}

func isAlpha(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
}

// SearchableTypes are the node types the index holds, in the order of the GraphQL
// NodeType enum.
var SearchableTypes = []prov.NodeType{prov.TypeClaim, prov.TypeAttribution, prov.TypeActor, prov.TypeSource, prov.TypeEvent}

// NodeTypeNamed returns the node type of a GraphQL NodeType enum value ("CLAIM",
// "ATTRIBUTION", "ACTOR", "SOURCE", "EVENT"), or EINVALID.
func NodeTypeNamed(name string) (prov.NodeType, error) {
	for _, t := range SearchableTypes {
		if strings.EqualFold(t.String(), name) {
			return t, nil
		}
	}
	return 0, prov.Errorf(prov.EINVALID, "types: %q is not a searchable node type", name)
}
