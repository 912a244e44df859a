package graph

import (
	"context"
	"strings"

	"claimgraph/graph/model"
	"claimgraph/storage"
)

func (r *Resolver) claimConnection(ctx context.Context, f storage.ClaimFilter, first *int, after *string) (*model.ClaimConnection, error) {
	p, err := page(first, after)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(f.Text) == "" {
		f.Text = "" // a blank text is no filter
	}
	if f.Text != "" && r.Index != nil {
		// The text filter uses the search index's analysis: stemming, folding,
		// "phrases" and prefix* words, as search does; it answers as of the request's
		// snapshot, as the rest of the request reads.
		l, total, err := r.Index.MatchClaims(ctx, r.Store, f, p)
		if err != nil {
			return nil, err
		}
		return model.NewClaimConnection(l.Items, l.HasNextPage, p.After, func(context.Context) (int, error) { return total, nil }), nil
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
