package graph

import (
	"context"

	"claimgraph/discrepancy"
	"claimgraph/graph/model"
	"claimgraph/prov"
	"claimgraph/search"
	"claimgraph/storage"
)

// suggestions returns the discrepancies the detector finds among an event's claims,
// leaving out dismissed ones and, unless includeRecorded, pairs with a relation.
func (r *Resolver) suggestions(ctx context.Context, event prov.ID, includeRecorded bool) ([]discrepancy.Suggestion, error) {
	if _, err := r.Store.Event(ctx, event); err != nil {
		return nil, err
	}
	var claims []*prov.Claim
	for p := (storage.Page{First: storage.MaxPageSize}); ; {
		l, err := r.Store.Claims(ctx, storage.ClaimFilter{EventID: event}, p)
		if err != nil {
			return nil, err
		}
		claims = append(claims, l.Items...)
		if !l.HasNextPage {
			break
		}
		p.After = l.Items[len(l.Items)-1].ID
	}
	var relations []*prov.ClaimRelation
	seen := map[prov.ID]bool{}
	for _, c := range claims {
		rels, err := r.Store.ClaimRelations(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		for _, rel := range rels {
			if !seen[rel.ID] {
				seen[rel.ID] = true
				relations = append(relations, rel)
			}
		}
	}
	dismissed, err := r.Store.Dismissed(ctx, event)
	if err != nil {
		return nil, err
	}
	return discrepancy.Detect(claims, discrepancy.Options{
		Relations:       relations,
		IncludeRecorded: includeRecorded,
		Dismissed:       func(key string) bool { return dismissed[key] },
		Resolve: func(name string) string {
			if a, err := r.Store.ActorByName(ctx, name); err == nil {
				return a.ID.String()
			}
			return ""
		},
	}), nil
}

// suggestion returns the current suggestion with the given key, or ENOTFOUND.
func (r *Resolver) suggestion(ctx context.Context, event prov.ID, key string) (*discrepancy.Suggestion, error) {
	all, err := r.suggestions(ctx, event, false)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].Key == key {
			return &all[i], nil
		}
	}
	return nil, prov.Errorf(prov.ENOTFOUND, "event %s has no open suggestion with key %q (accepted, dismissed, or the claims changed)", event, key)
}

// searchQuery maps the API's search arguments to a search.Query.
func searchQuery(text string, types []model.NodeType, f *model.SearchFilter, first *int, after *string) search.Query {
	q := search.Query{Text: text, First: first, After: deref(after)}
	for _, t := range types {
		q.Types = append(q.Types, t.Prov())
	}
	if f != nil {
		q.EventID = deref(f.Event.Value())
		q.ClaimantID = deref(f.Claimant.Value())
		q.SourceID = deref(f.Source.Value())
		q.From, q.To = f.From.Value(), f.To.Value()
	}
	return q
}

func searchConnection(res *search.Result, after *string) *model.SearchConnection {
	c := &model.SearchConnection{TotalCount: res.Total, Edges: []*model.SearchEdge{},
		PageInfo: &model.PageInfo{HasNextPage: res.HasNext, HasPreviousPage: deref(after) != ""}}
	for i := range res.Hits {
		h := &res.Hits[i]
		e := &model.SearchEdge{Cursor: h.Cursor, Score: h.Score, Node: h.Node, Snippets: []*search.Snippet{}}
		for j := range h.Snippets {
			e.Snippets = append(e.Snippets, &h.Snippets[j])
		}
		c.Edges = append(c.Edges, e)
	}
	if n := len(c.Edges); n > 0 {
		c.PageInfo.StartCursor, c.PageInfo.EndCursor = &c.Edges[0].Cursor, &c.Edges[n-1].Cursor
	}
	return c
}
