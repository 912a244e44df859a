package storage

import (
	"context"

	"claimgraph/prov"
)

func loadAll[T node](t *tx, ids []prov.ID) ([]T, error) {
	out := make([]T, 0, len(ids))
	for _, id := range ids {
		n, err := getAs[T](t, id)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

func incoming[T node](ctx context.Context, s *Store, target prov.ID, label edgeLabel) ([]T, error) {
	var out []T
	err := s.view(ctx, func(t *tx) error {
		ids, err := t.edgeIDs(target, label)
		if err != nil {
			return err
		}
		out, err = loadAll[T](t, ids)
		return err
	})
	return out, err
}

// ClaimAttributions returns a claim's attributions in ID order.
func (s *Store) ClaimAttributions(ctx context.Context, claim prov.ID) ([]*prov.Attribution, error) {
	return incoming[*prov.Attribution](ctx, s, claim, attributionClaim)
}

// SourceAttributions returns the attributions in a source, in ID order.
func (s *Store) SourceAttributions(ctx context.Context, src prov.ID) ([]*prov.Attribution, error) {
	return incoming[*prov.Attribution](ctx, s, src, attributionSource)
}

// SourcesCiting returns the sources that cite a source, in ID order.
func (s *Store) SourcesCiting(ctx context.Context, src prov.ID) ([]*prov.Source, error) {
	return incoming[*prov.Source](ctx, s, src, sourceCites)
}

// Members returns the actors affiliated with an actor, in ID order.
func (s *Store) Members(ctx context.Context, actor prov.ID) ([]*prov.Actor, error) {
	return incoming[*prov.Actor](ctx, s, actor, actorAffiliation)
}

// ClaimRelations returns the relations from or to a claim, in ID order.
func (s *Store) ClaimRelations(ctx context.Context, claim prov.ID) ([]*prov.ClaimRelation, error) {
	var out []*prov.ClaimRelation
	err := s.view(ctx, func(t *tx) error {
		from, err := t.edgeIDs(claim, relationFrom)
		if err != nil {
			return err
		}
		to, err := t.edgeIDs(claim, relationTo)
		if err != nil {
			return err
		}
		ids := make([]prov.ID, 0, len(from)+len(to)) // from and to may be the cache's
		out, err = loadAll[*prov.ClaimRelation](t, sortIDs(append(append(ids, from...), to...)))
		return err
	})
	return out, err
}

// SourcesByID returns the sources with the given IDs, in that order; ENOTFOUND for the
// first that does not exist.
func (s *Store) SourcesByID(ctx context.Context, ids []prov.ID) ([]*prov.Source, error) {
	var out []*prov.Source
	err := s.view(ctx, func(t *tx) error {
		var err error
		out, err = loadAll[*prov.Source](t, ids)
		return err
	})
	return out, err
}

// EventSources returns the sources that carry claims about an event, in ID order: the
// sources the claims appear in and the via sources those appearances name (the
// statement an article says a claim came through carries it too). A source that is
// only cited, with no claim about the event said to come through it, is not one.
func (s *Store) EventSources(ctx context.Context, event prov.ID) ([]*prov.Source, error) {
	var out []*prov.Source
	err := s.view(ctx, func(t *tx) error {
		claims, err := t.edgeIDs(event, claimEvent)
		if err != nil {
			return err
		}
		var ids []prov.ID
		for _, c := range claims {
			attrs, err := t.edgeIDs(c, attributionClaim)
			if err != nil {
				return err
			}
			for _, a := range attrs {
				at, err := getAs[*prov.Attribution](t, a)
				if err != nil {
					return err
				}
				for _, id := range []prov.ID{at.SourceID, at.ViaSourceID} {
					if !id.IsZero() && !containsID(ids, id) {
						ids = append(ids, id)
					}
				}
			}
		}
		out, err = loadAll[*prov.Source](t, sortIDs(ids))
		return err
	})
	return out, err
}

// EventActors returns the claimants of the claims about an event, in ID order.
func (s *Store) EventActors(ctx context.Context, event prov.ID) ([]*prov.Actor, error) {
	var out []*prov.Actor
	err := s.view(ctx, func(t *tx) error {
		claims, err := t.edgeIDs(event, claimEvent)
		if err != nil {
			return err
		}
		var ids []prov.ID
		for _, c := range claims {
			cl, err := getAs[*prov.Claim](t, c)
			if err != nil {
				return err
			}
			if !cl.ClaimantID.IsZero() && !containsID(ids, cl.ClaimantID) {
				ids = append(ids, cl.ClaimantID)
			}
		}
		out, err = loadAll[*prov.Actor](t, sortIDs(ids))
		return err
	})
	return out, err
}

func sortIDs(ids []prov.ID) []prov.ID {
	for i := 1; i < len(ids); i++ {
		for j := i; j > 0 && idLess(ids[j], ids[j-1]); j-- {
			ids[j], ids[j-1] = ids[j-1], ids[j]
		}
	}
	return ids
}

// ClaimReviews returns the reviews of a claim in ID order.
func (s *Store) ClaimReviews(ctx context.Context, claim prov.ID) ([]*prov.Review, error) {
	return incoming[*prov.Review](ctx, s, claim, reviewClaim)
}
