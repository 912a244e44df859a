package storage

import (
	"context"
	"errors"

	"claimgraph/prov"
)

// Batch is one transaction that reads and writes several nodes, for a mutation made of
// many steps (ingesting an article): either all of it is stored, with one audit entry,
// or none of it.
type Batch struct {
	t *tx
	s *Store
}

// errDryRun rolls a dry-run batch back after fn succeeded.
var errDryRun = errors.New("dry run")

// Batch runs fn in one write transaction recorded in the audit log as operation op, and
// commits it unless dryRun is set, in which case fn sees its own writes and nothing is
// stored. It returns fn's error, or what update returns. fn may run more than once when
// the transaction conflicts, so it must not keep what it saw from a failed attempt.
func (s *Store) Batch(ctx context.Context, op string, dryRun bool, fn func(b *Batch) error) error {
	err := s.update(ctx, op, func(t *tx) error {
		if err := fn(&Batch{t: t, s: s}); err != nil {
			return err
		}
		if dryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		return nil
	}
	return err
}

// Create stores a new node (an event, actor, claim, attribution, relation or review)
// under a new ID and returns it with the ID set; EINVALID or ECONFLICT as the Create
// methods of Store.
func (b *Batch) Create(n prov.Node) (prov.Node, error) {
	sn, ok := n.(node)
	if !ok || n.NodeID() != (prov.ID{}) {
		return nil, prov.Errorf(prov.EINVALID, "create: a new node without an ID is needed")
	}
	typ := typeOf(sn)
	if typ == 0 || typ == prov.TypeToken {
		return nil, prov.Errorf(prov.EINVALID, "create: cannot create a %T in a batch", n)
	}
	if err := validate(sn); err != nil {
		return nil, err
	}
	id, err := b.s.ids.newID(typ)
	if err != nil {
		return nil, err
	}
	c := cloneNode(sn)
	setID(c, id)
	if src, ok := c.(*prov.Source); ok {
		if src.Text != nil {
			text := normalizeText(*src.Text)
			src.Text = &text
		}
		return c, b.t.putSource(nil, src)
	}
	return c, b.t.put(nil, c)
}

// Update applies fn to a copy of the node with the given ID and stores the result;
// ENOTFOUND when there is none.
func (b *Batch) Update(id prov.ID, fn func(n prov.Node) error) (prov.Node, error) {
	old, err := b.t.get(id)
	if err != nil {
		return nil, err
	}
	next := cloneNode(old)
	if err := fn(next); err != nil {
		return nil, err
	}
	setID(next, id)
	if src, ok := next.(*prov.Source); ok {
		return next, b.t.putSource(old.(*prov.Source), src)
	}
	return next, b.t.put(old, next)
}

// Get returns the node with the given ID, or ENOTFOUND.
func (b *Batch) Get(id prov.ID) (prov.Node, error) { return b.t.get(id) }

// ActorByName returns the named actor with the given name or alias, or nil.
func (b *Batch) ActorByName(name string) (*prov.Actor, error) {
	id, err := b.t.lookupUnique(uniqueActorName, prov.FoldName(name))
	if err != nil || id.IsZero() {
		return nil, err
	}
	return getAs[*prov.Actor](b.t, id)
}

// SourceByHash returns the source whose text has the given SHA-256, or nil.
func (b *Batch) SourceByHash(sha string) (*prov.Source, error) {
	id, err := b.t.lookupUnique(uniqueSourceHash, sha)
	if err != nil || id.IsZero() {
		return nil, err
	}
	return getAs[*prov.Source](b.t, id)
}

// Actors returns every actor, in ID order.
func (b *Batch) Actors() ([]*prov.Actor, error) {
	var out []*prov.Actor
	err := b.t.nodes(prov.TypeActor, prov.ID{}, func(n node) (bool, error) {
		out = append(out, n.(*prov.Actor))
		return true, nil
	})
	return out, err
}

// ClaimsOf returns the claims of a claimant, in ID order.
func (b *Batch) ClaimsOf(claimant prov.ID) ([]*prov.Claim, error) {
	ids, err := b.t.edgeIDs(claimant, claimClaimant)
	if err != nil {
		return nil, err
	}
	return loadAll[*prov.Claim](b.t, ids)
}

// ClaimAttributions returns the attributions of a claim, in ID order.
func (b *Batch) ClaimAttributions(claim prov.ID) ([]*prov.Attribution, error) {
	ids, err := b.t.edgeIDs(claim, attributionClaim)
	if err != nil {
		return nil, err
	}
	return loadAll[*prov.Attribution](b.t, ids)
}

// typeOf returns the node type of a stored record.
func typeOf(n node) prov.NodeType {
	switch n.(type) {
	case *prov.Event:
		return prov.TypeEvent
	case *prov.Actor:
		return prov.TypeActor
	case *prov.Source:
		return prov.TypeSource
	case *prov.Claim:
		return prov.TypeClaim
	case *prov.Attribution:
		return prov.TypeAttribution
	case *prov.ClaimRelation:
		return prov.TypeRelation
	case *prov.Review:
		return prov.TypeReview
	case *prov.Token:
		return prov.TypeToken
	case *prov.Dismissal:
		return prov.TypeDismissal
	}
	return 0
}
