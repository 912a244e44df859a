package storage

import (
	"context"
	"io"
	"slices"

	"claimgraph/ndjson"
	"claimgraph/prov"
)

// ExportAround writes, in Export's format and order, what a document about one event
// or one claim is made of, from one snapshot, without reading the rest of the store:
// the root; the claims it is about (an event's claims, or the claim itself) with
// their attributions, reviews and relations; and every node those refer to, and so
// on. It returns ENOTFOUND when root does not exist, EINVALID when it is neither an
// event nor a claim.
func (s *Store) ExportAround(ctx context.Context, out io.Writer, root prov.ID) error {
	if root.Type != prov.TypeEvent && root.Type != prov.TypeClaim {
		return prov.Errorf(prov.EINVALID, "%s is neither an event nor a claim", root)
	}
	w := ndjson.NewWriter(out)
	err := s.view(ctx, func(t *tx) error {
		set := map[prov.ID]node{}
		var add func(id prov.ID) error
		add = func(id prov.ID) error {
			if _, ok := set[id]; ok {
				return nil
			}
			n, err := t.get(id)
			if err != nil {
				return err
			}
			set[id] = n
			for _, r := range refsOf(n) {
				if err := add(r.target); err != nil {
					return err
				}
			}
			return nil
		}
		if err := add(root); err != nil {
			return err
		}
		claims := []prov.ID{root}
		if root.Type == prov.TypeEvent {
			var err error
			if claims, err = t.edgeIDs(root, claimEvent); err != nil {
				return err
			}
		}
		for _, c := range claims {
			if err := add(c); err != nil {
				return err
			}
			for _, label := range []edgeLabel{attributionClaim, reviewClaim, relationFrom, relationTo} {
				refs, err := t.edgeIDs(c, label)
				if err != nil {
					return err
				}
				for _, id := range refs {
					if err := add(id); err != nil {
						return err
					}
				}
			}
		}
		ids := make([]prov.ID, 0, len(set))
		for id := range set {
			ids = append(ids, id)
		}
		slices.SortFunc(ids, func(a, b prov.ID) int { // key order: by type, then sequence
			switch {
			case idLess(a, b):
				return -1
			case idLess(b, a):
				return 1
			}
			return 0
		})
		emitted := map[prov.ID]bool{}
		var emit func(n node) error
		emit = func(n node) error {
			id := n.NodeID()
			if emitted[id] {
				return nil
			}
			emitted[id] = true
			for _, dep := range sameTypeDeps(n) {
				if err := emit(set[dep]); err != nil {
					return err
				}
			}
			rec, err := t.record(n)
			if err != nil {
				return err
			}
			return w.Write(rec)
		}
		for _, id := range ids {
			if err := emit(set[id]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return w.Flush()
}
