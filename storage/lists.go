package storage

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode"

	"claimgraph/prov"
)

// MaxPageSize bounds First in every list.
const MaxPageSize = 1000

// DefaultPageSize is the page size for a client that does not say how many items it
// wants (the API's first left out).
const DefaultPageSize = 50

// Page asks for up to First items after the item with ID After (zero for the start).
// First 0 asks for none: the page is empty, and HasNextPage says whether any item
// follows After (a Relay connection with first: 0, asked for its totalCount). The
// caller picks DefaultPageSize when its client gave no size.
type Page struct {
	First int
	After prov.ID
}

// size returns the number of items to return of a list of nodes of type t; EINVALID
// when First is out of range or After names a node of another type (which would
// otherwise seek outside the list and end it early).
func (p Page) size(t prov.NodeType) (int, error) {
	switch {
	case !p.After.IsZero() && p.After.Type != t:
		return 0, prov.Errorf(prov.EINVALID, "after: %s is not a %s ID", p.After, t)
	case p.First < 0:
		return 0, prov.Errorf(prov.EINVALID, "first: %d is negative", p.First)
	case p.First > MaxPageSize:
		return 0, prov.Errorf(prov.EINVALID, "first: %d is more than the maximum page size %d", p.First, MaxPageSize)
	}
	return p.First, nil
}

// List is one page of a list, in ID order.
type List[T any] struct {
	Items       []T
	HasNextPage bool
}

// collector gathers one page and notes whether more items follow.
type collector[T any] struct {
	list  List[T]
	size  int
	count bool // count every match instead of stopping after the page
	total int
}

// add takes a matching item; it returns false once the page is full and a further item
// has been seen (unless counting).
func (c *collector[T]) add(v T) bool {
	c.total++
	if len(c.list.Items) < c.size {
		c.list.Items = append(c.list.Items, v)
		return true
	}
	c.list.HasNextPage = true
	return c.count
}

// words splits a text filter into lower-cased words.
func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// containsWords reports whether text contains every word (case-insensitively) as a
// word prefix.
func containsWords(text string, ws []string) bool {
	if len(ws) == 0 {
		return true
	}
	have := words(text)
	for _, w := range ws {
		if !slices.ContainsFunc(have, func(h string) bool { return strings.HasPrefix(h, w) }) {
			return false
		}
	}
	return true
}

// ClaimFilter narrows a claim list; zero fields do not filter.
type ClaimFilter struct {
	ClaimantID prov.ID
	EventID    prov.ID
	// SourceID keeps claims with an attribution in that source.
	SourceID prov.ID
	// Kind keeps claims with at least one attribution of that kind.
	Kind prov.AttributionKind
	// Text keeps claims whose text contains every word given (case-insensitive; a word
	// matches the start of a word, so "support" finds "supported").
	Text string
}

// Claims returns a page of the claims that match f, in ID order.
func (s *Store) Claims(ctx context.Context, f ClaimFilter, p Page) (List[*prov.Claim], error) {
	size, err := p.size(prov.TypeClaim)
	if err != nil {
		return List[*prov.Claim]{}, err
	}
	c := &collector[*prov.Claim]{size: size}
	err = s.view(ctx, func(t *tx) error { return t.claims(f, p.After, c) })
	return c.list, err
}

// CountClaims returns how many claims match f.
func (s *Store) CountClaims(ctx context.Context, f ClaimFilter) (int, error) {
	c := &collector[*prov.Claim]{count: true}
	err := s.view(ctx, func(t *tx) error { return t.claims(f, prov.ID{}, c) })
	return c.total, err
}

func (t *tx) claims(f ClaimFilter, after prov.ID, c *collector[*prov.Claim]) error {
	if f.Kind != "" {
		if err := prov.CheckEnum("filter.kind", f.Kind, prov.AttributionKinds); err != nil {
			return err
		}
	}
	ws := words(f.Text)
	match := func(cl *prov.Claim) (bool, error) {
		if !f.ClaimantID.IsZero() && cl.ClaimantID != f.ClaimantID ||
			!f.EventID.IsZero() && cl.EventID != f.EventID ||
			!containsWords(cl.Text, ws) {
			return false, nil
		}
		if f.Kind == "" {
			return true, nil
		}
		found := false
		err := t.edges(cl.ID, attributionClaim, prov.ID{}, func(ref prov.ID) (bool, error) {
			a, err := getAs[*prov.Attribution](t, ref)
			if err != nil {
				return false, err
			}
			found = a.Kind == f.Kind
			return !found, nil
		})
		return found, err
	}
	visit := func(id prov.ID) (bool, error) {
		cl, err := getAs[*prov.Claim](t, id)
		if err != nil {
			return false, err
		}
		ok, err := match(cl)
		if err != nil || !ok {
			return true, err
		}
		return c.add(cl), nil
	}
	switch {
	case !f.SourceID.IsZero():
		ids, err := t.claimsInSource(f.SourceID)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if !after.IsZero() && !idLess(after, id) {
				continue
			}
			if more, err := visit(id); err != nil || !more {
				return err
			}
		}
		return nil
	case !f.ClaimantID.IsZero():
		return t.edges(f.ClaimantID, claimClaimant, after, visit)
	case !f.EventID.IsZero():
		return t.edges(f.EventID, claimEvent, after, visit)
	}
	return t.nodes(prov.TypeClaim, after, func(n node) (bool, error) {
		cl := n.(*prov.Claim)
		ok, err := match(cl)
		if err != nil || !ok {
			return true, err
		}
		return c.add(cl), nil
	})
}

func idLess(a, b prov.ID) bool {
	if a.Type != b.Type {
		return a.Type < b.Type
	}
	return a.Seq < b.Seq
}

// claimsInSource returns the IDs of the claims attributed in a source, in ID order.
func (t *tx) claimsInSource(src prov.ID) ([]prov.ID, error) {
	attrs, err := t.edgeIDs(src, attributionSource)
	if err != nil {
		return nil, err
	}
	var ids []prov.ID
	for _, id := range attrs {
		a, err := getAs[*prov.Attribution](t, id)
		if err != nil {
			return nil, err
		}
		if !containsID(ids, a.ClaimID) {
			ids = append(ids, a.ClaimID)
		}
	}
	slices.SortFunc(ids, func(a, b prov.ID) int {
		if idLess(a, b) {
			return -1
		}
		if a == b {
			return 0
		}
		return 1
	})
	return ids, nil
}

// ActorFilter narrows an actor list; zero fields do not filter.
type ActorFilter struct {
	Kind prov.ActorKind
	// Name keeps actors whose name or an alias contains every word given.
	Name          string
	AffiliationID prov.ID
}

// Actors returns a page of the actors that match f, in ID order.
func (s *Store) Actors(ctx context.Context, f ActorFilter, p Page) (List[*prov.Actor], error) {
	size, err := p.size(prov.TypeActor)
	if err != nil {
		return List[*prov.Actor]{}, err
	}
	c := &collector[*prov.Actor]{size: size}
	err = s.view(ctx, func(t *tx) error { return t.actors(f, p.After, c) })
	return c.list, err
}

// CountActors returns how many actors match f.
func (s *Store) CountActors(ctx context.Context, f ActorFilter) (int, error) {
	c := &collector[*prov.Actor]{count: true}
	err := s.view(ctx, func(t *tx) error { return t.actors(f, prov.ID{}, c) })
	return c.total, err
}

func (t *tx) actors(f ActorFilter, after prov.ID, c *collector[*prov.Actor]) error {
	if f.Kind != "" {
		if err := prov.CheckEnum("filter.kind", f.Kind, prov.ActorKinds); err != nil {
			return err
		}
	}
	ws := words(f.Name)
	match := func(a *prov.Actor) bool {
		if f.Kind != "" && a.Kind != f.Kind || !f.AffiliationID.IsZero() && a.AffiliationID != f.AffiliationID {
			return false
		}
		return containsWords(strings.Join(a.Names(), " "), ws)
	}
	if !f.AffiliationID.IsZero() {
		return t.edges(f.AffiliationID, actorAffiliation, after, func(id prov.ID) (bool, error) {
			a, err := getAs[*prov.Actor](t, id)
			if err != nil || !match(a) {
				return true, err
			}
			return c.add(a), nil
		})
	}
	return t.nodes(prov.TypeActor, after, func(n node) (bool, error) {
		if a := n.(*prov.Actor); match(a) {
			return c.add(a), nil
		}
		return true, nil
	})
}

// SourceFilter narrows a source list; zero fields do not filter.
type SourceFilter struct {
	Kind        prov.SourceKind
	PublisherID prov.ID
	// Title keeps sources whose title contains every word given.
	Title string
	// PublishedAfter and PublishedBefore keep sources published in that range
	// (inclusive); a source with no known date is left out when either is set.
	PublishedAfter, PublishedBefore *time.Time
}

// Sources returns a page of the sources that match f, in ID order.
func (s *Store) Sources(ctx context.Context, f SourceFilter, p Page) (List[*prov.Source], error) {
	size, err := p.size(prov.TypeSource)
	if err != nil {
		return List[*prov.Source]{}, err
	}
	c := &collector[*prov.Source]{size: size}
	err = s.view(ctx, func(t *tx) error { return t.sources(f, p.After, c) })
	return c.list, err
}

// CountSources returns how many sources match f.
func (s *Store) CountSources(ctx context.Context, f SourceFilter) (int, error) {
	c := &collector[*prov.Source]{count: true}
	err := s.view(ctx, func(t *tx) error { return t.sources(f, prov.ID{}, c) })
	return c.total, err
}

func (t *tx) sources(f SourceFilter, after prov.ID, c *collector[*prov.Source]) error {
	if f.Kind != "" {
		if err := prov.CheckEnum("filter.kind", f.Kind, prov.SourceKinds); err != nil {
			return err
		}
	}
	ws := words(f.Title)
	match := func(s *prov.Source) bool {
		if f.Kind != "" && s.Kind != f.Kind || !f.PublisherID.IsZero() && s.PublisherID != f.PublisherID || !containsWords(s.Title, ws) {
			return false
		}
		if f.PublishedAfter != nil && (s.PublishedAt == nil || s.PublishedAt.Before(*f.PublishedAfter)) {
			return false
		}
		if f.PublishedBefore != nil && (s.PublishedAt == nil || s.PublishedAt.After(*f.PublishedBefore)) {
			return false
		}
		return true
	}
	if !f.PublisherID.IsZero() {
		return t.edges(f.PublisherID, sourcePublisher, after, func(id prov.ID) (bool, error) {
			s, err := getAs[*prov.Source](t, id)
			if err != nil || !match(s) {
				return true, err
			}
			return c.add(s), nil
		})
	}
	return t.nodes(prov.TypeSource, after, func(n node) (bool, error) {
		if s := n.(*prov.Source); match(s) {
			return c.add(s), nil
		}
		return true, nil
	})
}

// EventFilter narrows an event list.
type EventFilter struct {
	// Name keeps events whose name or description contains every word given.
	Name string
}

// Events returns a page of the events that match f, in ID order.
func (s *Store) Events(ctx context.Context, f EventFilter, p Page) (List[*prov.Event], error) {
	size, err := p.size(prov.TypeEvent)
	if err != nil {
		return List[*prov.Event]{}, err
	}
	c := &collector[*prov.Event]{size: size}
	err = s.view(ctx, func(t *tx) error { return t.events(f, p.After, c) })
	return c.list, err
}

// CountEvents returns how many events match f.
func (s *Store) CountEvents(ctx context.Context, f EventFilter) (int, error) {
	c := &collector[*prov.Event]{count: true}
	err := s.view(ctx, func(t *tx) error { return t.events(f, prov.ID{}, c) })
	return c.total, err
}

func (t *tx) events(f EventFilter, after prov.ID, c *collector[*prov.Event]) error {
	ws := words(f.Name)
	return t.nodes(prov.TypeEvent, after, func(n node) (bool, error) {
		e := n.(*prov.Event)
		text := e.Name
		if e.Description != nil {
			text += " " + *e.Description
		}
		if containsWords(text, ws) {
			return c.add(e), nil
		}
		return true, nil
	})
}
