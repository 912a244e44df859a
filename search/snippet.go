package search

import (
	"context"
	"strings"
	"unicode/utf8"

	"claimgraph/prov"
	"claimgraph/search/analysis"
	"claimgraph/storage"
)

// Snippet is a piece of a hit's text with the words that match the query marked.
type Snippet struct {
	// Field names what the text is: "text" (a claim's canonical text), "quote" (an
	// attribution's quote), "name", "alias", "role", "title", "sourceText",
	// "description", "location", or "claimant" (a claimant's name on a claim hit).
	Field string
	// ID is the node the text belongs to: the hit itself, or for a quote on a claim hit
	// the attribution, or for a claimant the actor.
	ID prov.ID
	// Text is the text, or a window of it with "…" where it was cut.
	Text string
	// Highlights are the matching words, as code point offsets into Text (end
	// exclusive), in order.
	Highlights []Span
}

// Span is a range of code points, end exclusive.
type Span struct{ Start, End int }

// Marked returns the snippet's text with each highlight between open and close, e.g.
// Marked("**", "**"). The caller escapes the text first if it is to be markup.
func (s Snippet) Marked(open, close string) string {
	var b strings.Builder
	i := 0
	pos := 0
	for _, r := range s.Text {
		for i < len(s.Highlights) && s.Highlights[i].End == pos && s.Highlights[i].Start < pos {
			b.WriteString(close)
			i++
		}
		if i < len(s.Highlights) && s.Highlights[i].Start == pos {
			b.WriteString(open)
		}
		b.WriteRune(r)
		pos++
	}
	if i < len(s.Highlights) && s.Highlights[i].End == pos {
		b.WriteString(close)
	}
	return b.String()
}

// snippetWindow is about how many bytes of context a snippet keeps around its matches.
const snippetWindow = 160

// maxSnippets bounds the snippets of one hit.
const maxSnippets = 6

// makeSnippet returns the snippet of text for the tokens that match, or false when
// none does.
func makeSnippet(field string, id prov.ID, text string, match *matcher) (Snippet, bool) {
	var hits []analysis.Token
	analysis.Words(text, func(w string, start, end int) {
		if analysis.StopWords[w] || !match.maybe(w) {
			return
		}
		if t := (analysis.Token{Term: analysis.Stem(w), Word: w, Start: start, End: end}); match.match(t) {
			hits = append(hits, t)
		}
	})
	if len(hits) == 0 {
		return Snippet{}, false
	}
	from, to := 0, len(text)
	if len(text) > 2*snippetWindow {
		// the window that holds the most matches, starting at a match
		best, bestN := 0, 0
		for i := range hits {
			n := 0
			for j := i; j < len(hits) && hits[j].End-hits[i].Start <= snippetWindow; j++ {
				n++
			}
			if n > bestN {
				best, bestN = i, n
			}
		}
		from = max(0, hits[best].Start-snippetWindow/4)
		to = min(len(text), from+snippetWindow+snippetWindow/2)
		from = wordStart(text, from)
		to = wordEnd(text, to)
	}
	sn := Snippet{Field: field, ID: id}
	prefix := ""
	if from > 0 {
		prefix = "…"
	}
	sn.Text = prefix + strings.TrimSpace(text[from:to])
	lead := from + (len(text[from:to]) - len(strings.TrimLeft(text[from:to], " \t\n\r")))
	if to < len(text) {
		sn.Text += "…"
	}
	base := utf8.RuneCountInString(prefix)
	for _, h := range hits {
		if h.Start < lead || h.End > to {
			continue
		}
		start := base + utf8.RuneCountInString(text[lead:h.Start])
		sn.Highlights = append(sn.Highlights, Span{start, start + utf8.RuneCountInString(text[h.Start:h.End])})
	}
	return sn, true
}

func wordStart(text string, i int) int {
	for i > 0 && i < len(text) && !utf8.RuneStart(text[i]) {
		i--
	}
	for j := i; j > 0 && i-j < 20; {
		r, size := utf8.DecodeLastRuneInString(text[:j])
		if r == ' ' || r == '\n' {
			return j
		}
		j -= size
	}
	return i
}

func wordEnd(text string, i int) int {
	for i < len(text) && !utf8.RuneStart(text[i]) {
		i++
	}
	for j := i; j < len(text) && j-i < 20; {
		r, size := utf8.DecodeRuneInString(text[j:])
		if r == ' ' || r == '\n' {
			return j
		}
		j += size
	}
	return i
}

// loadHit reads a hit's node through ctx and cuts its snippets.
func loadHit(ctx context.Context, store *storage.Store, id prov.ID, match *matcher) (prov.Node, []Snippet, error) {
	n, err := store.Node(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	var out []Snippet
	add := func(field string, id prov.ID, text string) {
		if len(out) >= maxSnippets || text == "" {
			return
		}
		if s, ok := makeSnippet(field, id, text, match); ok {
			out = append(out, s)
		}
	}
	switch n := n.(type) {
	case *prov.Claim:
		add("text", n.ID, n.Text)
		attrs, err := store.ClaimAttributions(ctx, n.ID)
		if err != nil {
			return nil, nil, err
		}
		for _, a := range attrs {
			add("quote", a.ID, a.Quote)
		}
		if !n.ClaimantID.IsZero() {
			if a, err := store.Actor(ctx, n.ClaimantID); err == nil {
				for _, name := range a.Names() {
					add("claimant", a.ID, name)
				}
			}
		}
		return n, out, nil
	case *prov.Attribution:
		add("quote", n.ID, n.Quote)
		return n, out, nil
	case *prov.Actor:
		add("name", n.ID, n.Name)
		for _, alias := range n.Aliases {
			add("alias", n.ID, alias)
		}
		if n.Role != nil {
			add("role", n.ID, *n.Role)
		}
		return n, out, nil
	case *prov.Source:
		add("title", n.ID, n.Title)
		if n.HasText {
			text, err := store.SourceText(ctx, n.ID)
			if err != nil {
				return nil, nil, err
			}
			if text != nil {
				add("sourceText", n.ID, *text)
			}
		}
		return n, out, nil
	case *prov.Event:
		add("name", n.ID, n.Name)
		if n.Description != nil {
			add("description", n.ID, *n.Description)
		}
		if n.Location != nil {
			add("location", n.ID, *n.Location)
		}
		return n, out, nil
	}
	return nil, nil, prov.Errorf(prov.ENOTFOUND, "%s is not a searchable node", id)
}
