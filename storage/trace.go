package storage

import (
	"context"

	"claimgraph/prov"
)

// maxChainDepth bounds how far a trace follows intermediaries and affiliations.
const maxChainDepth = 16

// Trace returns the whole provenance of a claim, read from one snapshot: its claimant
// with the affiliation chain, its event, every attribution with its source, publisher
// and chain of intermediaries (and the wording drift, computed when asked), and the
// earliest appearance. It returns
// ENOTFOUND when there is no such claim.
func (s *Store) Trace(ctx context.Context, claimID prov.ID) (*prov.Trace, error) {
	var tr *prov.Trace
	err := s.view(ctx, func(t *tx) error {
		c, err := getAs[*prov.Claim](t, claimID)
		if err != nil {
			return err
		}
		tr = &prov.Trace{Claim: c}
		actors := map[prov.ID]*prov.Actor{}
		actor := func(id prov.ID) (*prov.Actor, error) {
			if id.IsZero() {
				return nil, nil
			}
			if a, ok := actors[id]; ok {
				return a, nil
			}
			a, err := getAs[*prov.Actor](t, id)
			actors[id] = a
			return a, err
		}
		if tr.Claimant, err = actor(c.ClaimantID); err != nil {
			return err
		}
		if tr.Claimant != nil {
			seen := map[prov.ID]bool{c.ClaimantID: true}
			for next := tr.Claimant.AffiliationID; !next.IsZero() && !seen[next] && len(tr.AffiliationChain) < maxChainDepth; {
				seen[next] = true
				a, err := actor(next)
				if err != nil {
					return err
				}
				tr.AffiliationChain = append(tr.AffiliationChain, a)
				next = a.AffiliationID
			}
		}
		if !c.EventID.IsZero() {
			if tr.Event, err = getAs[*prov.Event](t, c.EventID); err != nil {
				return err
			}
		}
		sources := map[prov.ID]*prov.Source{}
		source := func(id prov.ID) (*prov.Source, error) {
			if s, ok := sources[id]; ok {
				return s, nil
			}
			s, err := getAs[*prov.Source](t, id)
			sources[id] = s
			return s, err
		}
		attrs, err := t.edgeIDs(claimID, attributionClaim)
		if err != nil {
			return err
		}
		var atts []*prov.Attribution
		carries := map[prov.ID]bool{} // the sources that carry the claim
		for _, id := range attrs {
			a, err := getAs[*prov.Attribution](t, id)
			if err != nil {
				return err
			}
			atts = append(atts, a)
			carries[a.SourceID] = true
		}
		for _, a := range atts {
			ap := &prov.Appearance{Attribution: a, Canonical: c.Text}
			if ap.Source, err = source(a.SourceID); err != nil {
				return err
			}
			if ap.Publisher, err = actor(ap.Source.PublisherID); err != nil {
				return err
			}
			if ap.Chain, err = chain(a, ap.Source, carries, actor, source); err != nil {
				return err
			}
			tr.Appearances = append(tr.Appearances, ap)
			if p := ap.Source.PublishedAt; p != nil && (tr.Earliest == nil || p.Before(*tr.Earliest.Source.PublishedAt)) {
				tr.Earliest = ap
			}
		}
		return nil
	})
	return tr, err
}

// chain follows an attribution's intermediaries: its via actor and via source, then
// breadth-first every source the via source cites, and what those cite in turn; and of
// the sources the attribution's own source cites, only those that carry the claim too
// (carries). An article cites sources for many claims: the others are not a path of
// this one.
func chain(a *prov.Attribution, src *prov.Source, carries map[prov.ID]bool,
	actor func(prov.ID) (*prov.Actor, error), source func(prov.ID) (*prov.Source, error)) ([]prov.ChainLink, error) {
	var links []prov.ChainLink
	if !a.ViaActorID.IsZero() {
		v, err := actor(a.ViaActorID)
		if err != nil {
			return nil, err
		}
		links = append(links, prov.ChainLink{Relation: "via", Depth: 1, Actor: v})
	}
	seen := map[prov.ID]bool{src.ID: true}
	type item struct {
		src   *prov.Source
		depth int
	}
	var queue []item
	if !a.ViaSourceID.IsZero() {
		v, err := source(a.ViaSourceID)
		if err != nil {
			return nil, err
		}
		seen[v.ID] = true
		links = append(links, prov.ChainLink{Relation: "via", Depth: 1, Source: v})
		queue = append(queue, item{v, 1})
	}
	for _, id := range src.CitesIDs {
		if seen[id] || !carries[id] {
			continue
		}
		seen[id] = true
		c, err := source(id)
		if err != nil {
			return nil, err
		}
		links = append(links, prov.ChainLink{Relation: "cites", Depth: 1, Source: c})
	}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		if cur.depth >= maxChainDepth {
			continue
		}
		for _, id := range cur.src.CitesIDs {
			if seen[id] {
				continue
			}
			seen[id] = true
			c, err := source(id)
			if err != nil {
				return nil, err
			}
			links = append(links, prov.ChainLink{Relation: "cites", Depth: cur.depth + 1, Source: c})
			queue = append(queue, item{c, cur.depth + 1})
		}
	}
	return links, nil
}
