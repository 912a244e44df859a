package graph

import (
	"context"

	"claimgraph/graph/model"
	"claimgraph/prov"
	"claimgraph/storage"
)

func (r *Resolver) claimConnection(ctx context.Context, f storage.ClaimFilter, first *int, after *string) (*model.ClaimConnection, error) {
	p, err := page(first, after)
	if err != nil {
		return nil, err
	}
	if f.Text != "" && r.Index != nil {
		// The text filter uses the search index's analysis: stemming, folding,
		// "phrases" and prefix* words, as search does.
		ids, hasNext, total, ok, err := r.Index.MatchClaims(ctx, r.Store, f, p)
		if err != nil {
			return nil, err
		}
		if ok {
			claims := make([]*prov.Claim, 0, len(ids))
			for _, id := range ids {
				c, err := r.Store.Claim(ctx, id)
				if err != nil {
					return nil, err
				}
				claims = append(claims, c)
			}
			return model.NewClaimConnection(claims, hasNext, p.After, func(context.Context) (int, error) { return total, nil }), nil
		}
		f.Text = ""
	}
	l, err := r.Store.Claims(ctx, f, p)
	if err != nil {
		return nil, err
	}
	return model.NewClaimConnection(l.Items, l.HasNextPage, p.After, func(ctx context.Context) (int, error) {
		return r.Store.CountClaims(ctx, f)
	}), nil
}

func (r *Resolver) sourceConnection(ctx context.Context, f storage.SourceFilter, first *int, after *string) (*model.SourceConnection, error) {
	p, err := page(first, after)
	if err != nil {
		return nil, err
	}
	l, err := r.Store.Sources(ctx, f, p)
	if err != nil {
		return nil, err
	}
	return model.NewSourceConnection(l.Items, l.HasNextPage, p.After, func(ctx context.Context) (int, error) {
		return r.Store.CountSources(ctx, f)
	}), nil
}

func (r *Resolver) actorConnection(ctx context.Context, f storage.ActorFilter, first *int, after *string) (*model.ActorConnection, error) {
	p, err := page(first, after)
	if err != nil {
		return nil, err
	}
	l, err := r.Store.Actors(ctx, f, p)
	if err != nil {
		return nil, err
	}
	return model.NewActorConnection(l.Items, l.HasNextPage, p.After, func(ctx context.Context) (int, error) {
		return r.Store.CountActors(ctx, f)
	}), nil
}

func (r *Resolver) eventConnection(ctx context.Context, f storage.EventFilter, first *int, after *string) (*model.EventConnection, error) {
	p, err := page(first, after)
	if err != nil {
		return nil, err
	}
	l, err := r.Store.Events(ctx, f, p)
	if err != nil {
		return nil, err
	}
	return model.NewEventConnection(l.Items, l.HasNextPage, p.After, func(ctx context.Context) (int, error) {
		return r.Store.CountEvents(ctx, f)
	}), nil
}
