package discrepancy

import (
	"context"

	"claimgraph/prov"
	"claimgraph/storage"
)

// ForEvent detects discrepancies among the claims about an event, as stored: it
// leaves out pairs with a recorded relation (unless opts.IncludeRecorded) and
// identifies parties by the named actors whose name or alias they use. opts.Relations
// and opts.Resolve are filled in when nil. It returns ENOTFOUND when there is no such
// event.
func ForEvent(ctx context.Context, store *storage.Store, event prov.ID, opts Options) ([]Suggestion, error) {
	if _, err := store.Event(ctx, event); err != nil {
		return nil, err
	}
	var claims []*prov.Claim
	var after prov.ID
	for {
		page, err := store.Claims(ctx, storage.ClaimFilter{EventID: event}, storage.Page{First: storage.MaxPageSize, After: after})
		if err != nil {
			return nil, err
		}
		claims = append(claims, page.Items...)
		if !page.HasNextPage || len(page.Items) == 0 {
			break
		}
		after = page.Items[len(page.Items)-1].ID
	}
	if opts.Relations == nil {
		seen := map[prov.ID]bool{}
		for _, c := range claims {
			rels, err := store.ClaimRelations(ctx, c.ID)
			if err != nil {
				return nil, err
			}
			for _, r := range rels {
				if !seen[r.ID] {
					seen[r.ID] = true
					opts.Relations = append(opts.Relations, r)
				}
			}
		}
	}
	if opts.Resolve == nil {
		cache := map[string]string{}
		opts.Resolve = func(name string) string {
			if k, ok := cache[name]; ok {
				return k
			}
			k := ""
			if a, err := store.ActorByName(ctx, name); err == nil && a != nil {
				k = a.ID.String()
			}
			cache[name] = k
			return k
		}
	}
	return Detect(claims, opts), nil
}

// Find returns the suggestion with the given key among an event's (dismissed and
// recorded ones included), or ENOTFOUND when the claims no longer give it.
func Find(ctx context.Context, store *storage.Store, event prov.ID, key string) (Suggestion, error) {
	all, err := ForEvent(ctx, store, event, Options{IncludeRecorded: true})
	if err != nil {
		return Suggestion{}, err
	}
	for _, s := range all {
		if s.Key == key {
			return s, nil
		}
	}
	return Suggestion{}, prov.Errorf(prov.ENOTFOUND, "no discrepancy %s in event %s: the claims changed or it never existed", key, event)
}

// Accept records a suggestion as a claim relation from its first claim to its second:
// of kind (the proposed one when empty), with note (the suggestion's reason when nil),
// asserted by assertedBy (may be zero). The store writes it in one transaction with its
// audit entry, under the context's WithWho.
func Accept(ctx context.Context, store *storage.Store, s Suggestion, kind prov.RelationKind, note *string, assertedBy prov.ID) (*prov.ClaimRelation, error) {
	if kind == "" {
		kind = s.Proposed
	}
	if note == nil {
		reason := s.Reason
		note = &reason
	}
	return store.CreateRelation(ctx, &prov.ClaimRelation{Kind: kind, FromID: s.ClaimIDs[0], ToID: s.ClaimIDs[1], Note: note, AssertedByID: assertedBy})
}

// ClaimCorroboration traces a claim and groups its sources (see Corroboration), reading
// the cited sources and publishers the trace does not load. It returns ENOTFOUND when there is no
// such claim.
func ClaimCorroboration(ctx context.Context, store *storage.Store, claim prov.ID) (Report, error) {
	tr, err := store.Trace(ctx, claim)
	if err != nil {
		return Report{}, err
	}
	return corroboration(tr, lookup{
		actor: func(id prov.ID) *prov.Actor {
			a, _ := store.Actor(ctx, id)
			return a
		},
		source: func(id prov.ID) *prov.Source {
			s, _ := store.Source(ctx, id)
			return s
		},
	}), nil
}
