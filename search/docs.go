package search

import (
	"context"
	"time"

	"claimgraph/prov"
	"claimgraph/storage"
)

// Documents. Every indexed node is one document of fields (see the field constants):
//
// Every document has its words in the "all" field of its type group (all_c for claims,
// all_a for attributions, all_o for the rest): its own text, then the words around it
// ("more" below), each a value of its own. A claim also has its canonical text in
// "text", for the claims list's text filter.
//
//	Claim        text: canonical text; more: its attributions' quotes, its claimant's
//	             name, aliases and role; event, claimant, source (every source with an
//	             attribution), kinds (attribution kinds); date: statedAt, else the
//	             earliest publication date of its sources
//	Attribution  text: quote; event and claimant of its claim; source; claim; date:
//	             its source's publication date, else its claim's statedAt
//	Actor        text: name; more: aliases and role
//	Source       text: title; more: archived text; source: itself; date: publishedAt
//	Event        text: name; more: description and location; event: itself; date:
//	             startTime
//
// Relations, reviews and tokens are not indexed.

func indexed(t prov.NodeType) bool {
	switch t {
	case prov.TypeClaim, prov.TypeAttribution, prov.TypeActor, prov.TypeSource, prov.TypeEvent:
		return true
	}
	return false
}

func dateValue(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func idStrings(ids []prov.ID) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !id.IsZero() {
			out = append(out, id.String())
		}
	}
	return out
}

// put sets a field unless its value is empty.
func put(f map[string]any, name string, v any) {
	switch v := v.(type) {
	case nil:
		return
	case string:
		if v == "" {
			return
		}
	case []string:
		if len(v) == 0 {
			return
		}
	}
	f[name] = v
}

// putAll sets the "all" field: the node's own text, then the words around it, each
// its own value (so a phrase cannot run from one into the next).
func putAll(f map[string]any, own string, more []string) {
	f[groupOf(typeOfDoc(f)).field] = append([]string{own}, more...)
}

func typeOfDoc(f map[string]any) prov.NodeType {
	name, _ := f[fieldType].(string)
	for _, t := range SearchableTypes {
		if t.String() == name {
			return t
		}
	}
	return 0
}

func actorWords(a *prov.Actor) []string {
	if a == nil {
		return nil
	}
	out := a.Names()
	if a.Role != nil {
		out = append(out, *a.Role)
	}
	return out
}

// claimFields returns a claim's document. sources maps the claim's sources' IDs to
// their publication dates (nil when unknown); claimant may be nil.
func claimFields(c *prov.Claim, attrs []*prov.Attribution, published map[prov.ID]*time.Time, claimant *prov.Actor) map[string]any {
	f := map[string]any{fieldType: prov.TypeClaim.String(), fieldText: c.Text}
	more := make([]string, 0, len(attrs)+3)
	var srcs, kinds []string
	var earliest *time.Time
	for _, a := range attrs {
		more = append(more, a.Quote)
		if s := a.SourceID.String(); !containsString(srcs, s) {
			srcs = append(srcs, s)
		}
		if k := string(a.Kind); !containsString(kinds, k) {
			kinds = append(kinds, k)
		}
		if p := published[a.SourceID]; p != nil && (earliest == nil || p.Before(*earliest)) {
			earliest = p
		}
	}
	more = append(more, actorWords(claimant)...)
	putAll(f, c.Text, more)
	put(f, fieldSource, srcs)
	put(f, fieldKinds, kinds)
	put(f, fieldEvent, c.EventID.String())
	put(f, fieldClaimant, c.ClaimantID.String())
	date := c.StatedAt
	if date == nil {
		date = earliest
	}
	put(f, fieldDate, dateValue(date))
	return f
}

func attributionFields(a *prov.Attribution, c *prov.Claim, published *time.Time) map[string]any {
	f := map[string]any{fieldType: prov.TypeAttribution.String()}
	putAll(f, a.Quote, nil)
	put(f, fieldSource, a.SourceID.String())
	put(f, fieldClaim, a.ClaimID.String())
	date := published
	if c != nil {
		put(f, fieldEvent, c.EventID.String())
		put(f, fieldClaimant, c.ClaimantID.String())
		if date == nil {
			date = c.StatedAt
		}
	}
	put(f, fieldDate, dateValue(date))
	return f
}

func actorFields(a *prov.Actor) map[string]any {
	f := map[string]any{fieldType: prov.TypeActor.String()}
	more := append([]string(nil), a.Aliases...)
	if a.Role != nil {
		more = append(more, *a.Role)
	}
	putAll(f, a.Name, more)
	return f
}

func sourceFields(s *prov.Source, text *string) map[string]any {
	f := map[string]any{fieldType: prov.TypeSource.String(), fieldSource: s.ID.String()}
	var more []string
	if text != nil {
		more = append(more, *text)
	}
	putAll(f, s.Title, more)
	put(f, fieldDate, dateValue(s.PublishedAt))
	return f
}

func eventFields(e *prov.Event) map[string]any {
	f := map[string]any{fieldType: prov.TypeEvent.String(), fieldEvent: e.ID.String()}
	var more []string
	if e.Description != nil {
		more = append(more, *e.Description)
	}
	if e.Location != nil {
		more = append(more, *e.Location)
	}
	putAll(f, e.Name, more)
	put(f, fieldDate, dateValue(e.StartTime))
	return f
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// reader loads what documents are made of, caching sources and actors for the length
// of one catch-up or rebuild.
type reader struct {
	ctx     context.Context
	store   *storage.Store
	sources map[prov.ID]*prov.Source
	actors  map[prov.ID]*prov.Actor
}

func newReader(ctx context.Context, store *storage.Store) *reader {
	return &reader{ctx: ctx, store: store, sources: map[prov.ID]*prov.Source{}, actors: map[prov.ID]*prov.Actor{}}
}

func (r *reader) source(id prov.ID) (*prov.Source, error) {
	if s, ok := r.sources[id]; ok {
		return s, nil
	}
	s, err := r.store.Source(r.ctx, id)
	if err != nil {
		return nil, err
	}
	if len(r.sources) > 100_000 {
		clear(r.sources)
	}
	r.sources[id] = s
	return s, nil
}

func (r *reader) actor(id prov.ID) (*prov.Actor, error) {
	if id.IsZero() {
		return nil, nil
	}
	if a, ok := r.actors[id]; ok {
		return a, nil
	}
	a, err := r.store.Actor(r.ctx, id)
	if err != nil {
		return nil, err
	}
	if len(r.actors) > 100_000 {
		clear(r.actors)
	}
	r.actors[id] = a
	return a, nil
}

func (r *reader) published(id prov.ID) (*time.Time, error) {
	s, err := r.source(id)
	if prov.ErrorCode(err) == prov.ENOTFOUND {
		return nil, nil // only in a damaged store: index what there is
	}
	if err != nil {
		return nil, err
	}
	return s.PublishedAt, nil
}

// claimDoc builds a claim's document from the store.
func (r *reader) claimDoc(c *prov.Claim) (map[string]any, []*prov.Attribution, error) {
	attrs, err := r.store.ClaimAttributions(r.ctx, c.ID)
	if err != nil {
		return nil, nil, err
	}
	published := map[prov.ID]*time.Time{}
	for _, a := range attrs {
		if published[a.SourceID], err = r.published(a.SourceID); err != nil {
			return nil, nil, err
		}
	}
	claimant, err := r.actor(c.ClaimantID)
	if err != nil && prov.ErrorCode(err) != prov.ENOTFOUND {
		return nil, nil, err
	}
	return claimFields(c, attrs, published, claimant), attrs, nil
}

// doc returns the current document of a node, or nil when the node does not exist
// (it was deleted).
func (r *reader) doc(id prov.ID) (map[string]any, error) {
	n, err := r.store.Node(r.ctx, id)
	if prov.ErrorCode(err) == prov.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	switch n := n.(type) {
	case *prov.Claim:
		f, _, err := r.claimDoc(n)
		return f, err
	case *prov.Attribution:
		c, err := r.store.Claim(r.ctx, n.ClaimID)
		if err != nil && prov.ErrorCode(err) != prov.ENOTFOUND {
			return nil, err
		}
		p, err := r.published(n.SourceID)
		if err != nil {
			return nil, err
		}
		return attributionFields(n, c, p), nil
	case *prov.Actor:
		delete(r.actors, n.ID)
		return actorFields(n), nil
	case *prov.Source:
		delete(r.sources, n.ID)
		var text *string
		if n.HasText {
			if text, err = r.store.SourceText(r.ctx, n.ID); err != nil {
				return nil, err
			}
		}
		return sourceFields(n, text), nil
	case *prov.Event:
		return eventFields(n), nil
	}
	return nil, nil
}
