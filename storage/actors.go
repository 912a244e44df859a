package storage

import (
	"bytes"
	"context"

	"claimgraph/prov"
)

// UpsertActor returns the named actor that has src's name or one of its aliases as a
// name or alias, with src's other aliases added and the fields it lacks filled from
// src; or stores src as a new actor. created reports which. It returns ECONFLICT when
// src's names belong to two different actors. An ANONYMOUS actor's name identifies
// nobody ("a Pentagon official" in two articles may be two people), so an anonymous
// src is always created: merging by name would invent that two sources are one.
func (s *Store) UpsertActor(ctx context.Context, src *prov.Actor) (out *prov.Actor, created bool, err error) {
	if err := src.Validate(); err != nil {
		return nil, false, err
	}
	newID, err := s.ids.newID(prov.TypeActor)
	if err != nil {
		return nil, false, err
	}
	err = s.update(ctx, "upsertActor", func(t *tx) error {
		// A conflicted attempt is retried from scratch: forget what it reported.
		var err error
		out, created, err = t.upsertActor(src, newID)
		return err
	})
	if err != nil {
		return nil, false, err
	}
	return out, created, nil
}

// upsertActor is UpsertActor's transaction: it finds src's names with point reads of
// the unique index in t, so a concurrent transaction that adds one of them conflicts
// with this one, which is then retried and finds it, instead of creating a second
// actor. newID is the ID a new actor gets.
func (t *tx) upsertActor(src *prov.Actor, newID prov.ID) (out *prov.Actor, created bool, err error) {
	var found prov.ID
	for _, u := range uniquesOf(src) {
		id, err := t.lookupUnique(u.kind, u.key)
		if err != nil {
			return nil, false, err
		}
		if !id.IsZero() && !found.IsZero() && id != found {
			return nil, false, prov.Errorf(prov.ECONFLICT, "%s: %q names %s, but another name given names %s", u.field, u.value, id, found)
		}
		if !id.IsZero() {
			found = id
		}
	}
	if found.IsZero() {
		c := *src
		c.ID = newID
		return &c, true, t.put(nil, &c)
	}
	old, err := getAs[*prov.Actor](t, found)
	if err != nil {
		return nil, false, err
	}
	next := *cloneNode(old)
	known := map[string]bool{}
	for _, n := range old.Names() {
		known[prov.FoldName(n)] = true
	}
	for _, n := range src.Names() {
		if !known[prov.FoldName(n)] {
			known[prov.FoldName(n)] = true
			next.Aliases = append(next.Aliases, n)
		}
	}
	if next.Role == nil {
		next.Role = src.Role
	}
	if next.AffiliationID.IsZero() {
		next.AffiliationID = src.AffiliationID
	}
	if next.Kind == prov.ActorUnknown {
		next.Kind = src.Kind
	}
	out = &next
	if bytes.Equal(encodeNode(old), encodeNode(out)) {
		return out, false, nil // nothing to add: write nothing, so racing upserts do not conflict
	}
	return out, false, t.put(old, out)
}

// ActorByName returns the named actor with the given name or alias (compared folded),
// or ENOTFOUND.
func (s *Store) ActorByName(ctx context.Context, name string) (*prov.Actor, error) {
	var out *prov.Actor
	err := s.view(ctx, func(t *tx) error {
		id, err := t.lookupUnique(uniqueActorName, prov.FoldName(name))
		if err != nil {
			return err
		}
		if id.IsZero() {
			return prov.Errorf(prov.ENOTFOUND, "no actor named %q", name)
		}
		out, err = getAs[*prov.Actor](t, id)
		return err
	})
	return out, err
}
