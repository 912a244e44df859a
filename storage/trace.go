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
		attrIDs, err := t.edgeIDs(claimID, attributionClaim)
		if err != nil {
			return err
		}
		attrs, err := loadAll[*prov.Attribution](t, attrIDs)
		if err != nil {
			return err
		}
		carriers := map[prov.ID]bool{}
		for _, a := range attrs {
			carriers[a.SourceID] = true
		}
		for _, a := range attrs {
			ap := &prov.Appearance{Attribution: a, Canonical: c.Text}
			if ap.Source, err = source(a.SourceID); err != nil {
				return err
			}
			if ap.Publisher, err = actor(ap.Source.PublisherID); err != nil {
				return err
			}
			if ap.Chain, err = chain(a, ap.Source, carriers, actor, source); err != nil {
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

// chain lists an attribution's intermediaries, nearest first: its via actor and via
// source, then the sources the via source cites, and what they cite in turn. From the
// attribution's own source it follows only citations of sources that carry the same
// claim (carriers): that a source cites a statement that carries the claim is evidence
// of the path, while any other citation of the source is not and would invent one.
func chain(a *prov.Attribution, src *prov.Source, carriers map[prov.ID]bool,
	actor func(prov.ID) (*prov.Actor, error), source func(prov.ID) (*prov.Source, error)) ([]prov.ChainLink, error) {
	var links []prov.ChainLink
	if !a.ViaActorID.IsZero() {
		v, err := actor(a.ViaActorID)
		if err != nil {
			return nil, err
		}
		links = append(links, prov.ChainLink{Relation: "via", Depth: 1, Actor: v})
	}
	type item struct {
		src   *prov.Source
		depth int
		all   bool // follow every citation, not only those of carriers
	}
	linked := map[prov.ID]bool{src.ID: true}
	// A source is walked at most once in each mode: reached first through carriers and
	// later from the via source, it still leads on to everything it cites.
	walked := map[bool]map[prov.ID]bool{false: {}, true: {}}
	queue := []item{{src, 0, false}}
	walked[false][src.ID] = true
	if !a.ViaSourceID.IsZero() {
		v, err := source(a.ViaSourceID)
		if err != nil {
			return nil, err
		}
		linked[v.ID] = true
		links = append(links, prov.ChainLink{Relation: "via", Depth: 1, Source: v})
		queue = append(queue, item{v, 1, true})
		walked[true][v.ID] = true
	}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		if cur.depth >= maxChainDepth {
			continue
		}
		for _, id := range cur.src.CitesIDs {
			if walked[cur.all][id] || (!cur.all && !carriers[id]) {
				continue
			}
			walked[cur.all][id] = true
			c, err := source(id)
			if err != nil {
				return nil, err
			}
			if !linked[id] {
				linked[id] = true
				links = append(links, prov.ChainLink{Relation: "cites", Depth: cur.depth + 1, Source: c})
			}
			queue = append(queue, item{c, cur.depth + 1, cur.all})
		}
	}
	return links, nil
}
