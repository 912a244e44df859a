package storage

import (
	"context"
	"slices"

	"github.com/dgraph-io/badger/v4"

	"claimgraph/prov"
)

func keyOnly(prefix []byte) badger.IteratorOptions {
	return badger.IteratorOptions{Prefix: prefix, PrefetchValues: false}
}

// typed is the pointer type of a node record with its ID field settable.
type typed[T any] interface {
	*T
	node
}

func setID(n node, id prov.ID) {
	switch n := n.(type) {
	case *prov.Event:
		n.ID = id
	case *prov.Actor:
		n.ID = id
	case *prov.Source:
		n.ID = id
	case *prov.Claim:
		n.ID = id
	case *prov.Attribution:
		n.ID = id
	case *prov.ClaimRelation:
		n.ID = id
	case *prov.Review:
		n.ID = id
	case *prov.Token:
		n.ID = id
	case *prov.Dismissal:
		n.ID = id
	}
}

// Node returns the node with the given ID (a *prov.Event, *prov.Actor, *prov.Source,
// *prov.Claim, *prov.Attribution or *prov.ClaimRelation), or ENOTFOUND.
func (s *Store) Node(ctx context.Context, id prov.ID) (any, error) {
	if !slices.Contains(prov.NodeTypes, id.Type) {
		return nil, notFound(id) // a token is stored like a node but is not one
	}
	var n node
	err := s.view(ctx, func(t *tx) error {
		var err error
		n, err = t.get(id)
		return err
	})
	return n, err
}

func getNode[T any, P typed[T]](ctx context.Context, s *Store, id prov.ID) (P, error) {
	var n P
	err := s.view(ctx, func(t *tx) error {
		var err error
		n, err = getAs[P](t, id)
		return err
	})
	return n, err
}

// create stores n under a new ID of type typ and returns it. An ID set by the caller is
// an EINVALID error: IDs are the store's to give.
func create[T any, P typed[T]](ctx context.Context, s *Store, typ prov.NodeType, n P) (P, error) {
	return createAs(ctx, s, "create"+typ.String(), typ, n)
}

// createAs is create recorded in the audit log as operation op.
func createAs[T any, P typed[T]](ctx context.Context, s *Store, op string, typ prov.NodeType, n P) (P, error) {
	if !n.NodeID().IsZero() {
		return nil, prov.Errorf(prov.EINVALID, "%s.id: must not be set on create", lowerType(typ))
	}
	if err := validate(n); err != nil {
		return nil, err
	}
	id, err := s.ids.newID(typ)
	if err != nil {
		return nil, err
	}
	out := new(T)
	err = s.update(ctx, op, func(t *tx) error {
		*out = *n
		setID(P(out), id)
		return t.put(nil, P(out))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// change applies fn to a copy of the node with the given ID and stores the result,
// returning it. fn must not change the ID. It returns ENOTFOUND when there is no such
// node, fn's error, or put's.
func change[T any, P typed[T]](ctx context.Context, s *Store, id prov.ID, fn func(P) error) (P, error) {
	return changeAs(ctx, s, "update"+id.Type.String(), id, fn)
}

// changeAs is change recorded in the audit log as operation op.
func changeAs[T any, P typed[T]](ctx context.Context, s *Store, op string, id prov.ID, fn func(P) error) (P, error) {
	var out P
	err := s.update(ctx, op, func(t *tx) error {
		old, err := getAs[P](t, id)
		if err != nil {
			return err
		}
		// fn edits a deep copy, so that editing a slice or pointer field in place
		// leaves old as stored for put to compare against.
		next := cloneNode(old)
		if err := fn(next); err != nil {
			return err
		}
		setID(next, id)
		if err := t.put(old, next); err != nil {
			return err
		}
		out = next
		return nil
	})
	return out, err
}

// del deletes the node with the given ID and returns its last state.
func del[T any, P typed[T]](ctx context.Context, s *Store, id prov.ID) (P, error) {
	var out P
	err := s.update(ctx, "delete"+id.Type.String(), func(t *tx) error {
		n, err := getAs[P](t, id)
		if err != nil {
			return err
		}
		out = n
		return t.remove(n)
	})
	return out, err
}

func lowerType(t prov.NodeType) string {
	switch t {
	case prov.TypeRelation:
		return "relation"
	}
	name := t.String()
	return string(name[0]|0x20) + name[1:]
}

// Event returns the event with the given ID, or ENOTFOUND.
func (s *Store) Event(ctx context.Context, id prov.ID) (*prov.Event, error) {
	return getNode[prov.Event](ctx, s, id)
}

// CreateEvent stores a new event and returns it with its ID; EINVALID when it is not
// valid.
func (s *Store) CreateEvent(ctx context.Context, e *prov.Event) (*prov.Event, error) {
	return create(ctx, s, prov.TypeEvent, e)
}

// UpdateEvent applies fn to the event and stores it; ENOTFOUND when there is none,
// EINVALID when the result is not valid.
func (s *Store) UpdateEvent(ctx context.Context, id prov.ID, fn func(*prov.Event) error) (*prov.Event, error) {
	return change(ctx, s, id, fn)
}

// DeleteEvent deletes an event and returns it; ECONFLICT while claims are about it.
func (s *Store) DeleteEvent(ctx context.Context, id prov.ID) (*prov.Event, error) {
	return del[prov.Event](ctx, s, id)
}

// Actor returns the actor with the given ID, or ENOTFOUND.
func (s *Store) Actor(ctx context.Context, id prov.ID) (*prov.Actor, error) {
	return getNode[prov.Actor](ctx, s, id)
}

// CreateActor stores a new actor; ECONFLICT when its name or an alias belongs to
// another named actor.
func (s *Store) CreateActor(ctx context.Context, a *prov.Actor) (*prov.Actor, error) {
	return create(ctx, s, prov.TypeActor, a)
}

// UpdateActor applies fn to the actor and stores it.
func (s *Store) UpdateActor(ctx context.Context, id prov.ID, fn func(*prov.Actor) error) (*prov.Actor, error) {
	return change(ctx, s, id, fn)
}

// DeleteActor deletes an actor and returns it; ECONFLICT while anything refers to it.
func (s *Store) DeleteActor(ctx context.Context, id prov.ID) (*prov.Actor, error) {
	return del[prov.Actor](ctx, s, id)
}

// Source returns the source with the given ID (without its text), or ENOTFOUND.
func (s *Store) Source(ctx context.Context, id prov.ID) (*prov.Source, error) {
	return getNode[prov.Source](ctx, s, id)
}

// DeleteSource deletes a source with its attributions and text and returns it;
// ECONFLICT while other sources cite it or attributions name it as intermediary.
func (s *Store) DeleteSource(ctx context.Context, id prov.ID) (*prov.Source, error) {
	return del[prov.Source](ctx, s, id)
}

// Claim returns the claim with the given ID, or ENOTFOUND.
func (s *Store) Claim(ctx context.Context, id prov.ID) (*prov.Claim, error) {
	return getNode[prov.Claim](ctx, s, id)
}

// CreateClaim stores a new claim; EINVALID when its claimant or event does not exist.
func (s *Store) CreateClaim(ctx context.Context, c *prov.Claim) (*prov.Claim, error) {
	return create(ctx, s, prov.TypeClaim, c)
}

// UpdateClaim applies fn to the claim and stores it.
func (s *Store) UpdateClaim(ctx context.Context, id prov.ID, fn func(*prov.Claim) error) (*prov.Claim, error) {
	return change(ctx, s, id, fn)
}

// DeleteClaim deletes a claim with its attributions and relations and returns it.
func (s *Store) DeleteClaim(ctx context.Context, id prov.ID) (*prov.Claim, error) {
	return del[prov.Claim](ctx, s, id)
}

// Attribution returns the attribution with the given ID, or ENOTFOUND.
func (s *Store) Attribution(ctx context.Context, id prov.ID) (*prov.Attribution, error) {
	return getNode[prov.Attribution](ctx, s, id)
}

// CreateAttribution stores a new attribution, its quote in NFC. When its source has
// archived text, a span must hold the quote there, and a quote given without a span
// must occur in the text exactly once, whose place becomes its span. It returns
// EINVALID when its claim or source does not exist, when the span does not match, or
// when a quote without a span occurs in the text more than once (give the span) or
// not at all.
func (s *Store) CreateAttribution(ctx context.Context, a *prov.Attribution) (*prov.Attribution, error) {
	return create(ctx, s, prov.TypeAttribution, a)
}

// UpdateAttribution applies fn to the attribution and stores it, checked against its
// source's text as CreateAttribution is (clearing the span places the quote again).
func (s *Store) UpdateAttribution(ctx context.Context, id prov.ID, fn func(*prov.Attribution) error) (*prov.Attribution, error) {
	return change(ctx, s, id, fn)
}

// DeleteAttribution deletes an attribution and returns it.
func (s *Store) DeleteAttribution(ctx context.Context, id prov.ID) (*prov.Attribution, error) {
	return del[prov.Attribution](ctx, s, id)
}

// Relation returns the claim relation with the given ID, or ENOTFOUND.
func (s *Store) Relation(ctx context.Context, id prov.ID) (*prov.ClaimRelation, error) {
	return getNode[prov.ClaimRelation](ctx, s, id)
}

// CreateRelation stores a new claim relation; EINVALID when a claim does not exist or
// relates to itself.
func (s *Store) CreateRelation(ctx context.Context, r *prov.ClaimRelation) (*prov.ClaimRelation, error) {
	return create(ctx, s, prov.TypeRelation, r)
}

// CreateRelationAs is CreateRelation recorded in the audit log as operation op, for a
// relation created on another mutation's behalf ("acceptDiscrepancy").
func (s *Store) CreateRelationAs(ctx context.Context, op string, r *prov.ClaimRelation) (*prov.ClaimRelation, error) {
	return createAs(ctx, s, op, prov.TypeRelation, r)
}

// UpdateRelation applies fn to the relation and stores it.
func (s *Store) UpdateRelation(ctx context.Context, id prov.ID, fn func(*prov.ClaimRelation) error) (*prov.ClaimRelation, error) {
	return change(ctx, s, id, fn)
}

// DeleteRelation deletes a claim relation and returns it.
func (s *Store) DeleteRelation(ctx context.Context, id prov.ID) (*prov.ClaimRelation, error) {
	return del[prov.ClaimRelation](ctx, s, id)
}

// Review returns the review with the given ID, or ENOTFOUND.
func (s *Store) Review(ctx context.Context, id prov.ID) (*prov.Review, error) {
	return getNode[prov.Review](ctx, s, id)
}

// CreateReview stores a new review of a claim; EINVALID when its claim or reviewer
// does not exist or its rating is outside its scale.
func (s *Store) CreateReview(ctx context.Context, r *prov.Review) (*prov.Review, error) {
	return create(ctx, s, prov.TypeReview, r)
}

// UpdateReview applies fn to the review and stores it.
func (s *Store) UpdateReview(ctx context.Context, id prov.ID, fn func(*prov.Review) error) (*prov.Review, error) {
	return change(ctx, s, id, fn)
}

// DeleteReview deletes a review and returns it.
func (s *Store) DeleteReview(ctx context.Context, id prov.ID) (*prov.Review, error) {
	return del[prov.Review](ctx, s, id)
}

// ReviewExtraction sets the review status of a machine-extracted claim, attribution or
// actor and returns it; EINVALID when the node was entered by hand or is of another type,
// ENOTFOUND when there is none.
func (s *Store) ReviewExtraction(ctx context.Context, id prov.ID, status prov.ReviewStatus) (prov.Node, error) {
	op := "acceptExtraction"
	if status == prov.StatusRejected {
		op = "rejectExtraction"
	}
	mark := func(x **prov.Extraction) error {
		if *x == nil {
			return prov.Errorf(prov.EINVALID, "%s was entered by hand: there is no extraction to review", id)
		}
		c := **x
		c.Status = status
		*x = &c
		return nil
	}
	switch id.Type {
	case prov.TypeClaim:
		return changeAs(ctx, s, op, id, func(c *prov.Claim) error { return mark(&c.Extraction) })
	case prov.TypeAttribution:
		return changeAs(ctx, s, op, id, func(a *prov.Attribution) error { return mark(&a.Extraction) })
	case prov.TypeActor:
		return changeAs(ctx, s, op, id, func(a *prov.Actor) error { return mark(&a.Extraction) })
	}
	return nil, prov.Errorf(prov.EINVALID, "%s is a %s: only claims, attributions and actors are extracted", id, id.Type)
}
