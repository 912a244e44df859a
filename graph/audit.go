package graph

import (
	"context"
	"math"

	"claimgraph/prov"
	"claimgraph/storage"
)

func (r *Resolver) history(ctx context.Context, id prov.ID) ([]*storage.Version, error) {
	versions, err := r.Store.History(ctx, id)
	if err != nil {
		return nil, err
	}
	out := make([]*storage.Version, len(versions))
	for i := range versions {
		out[i] = &versions[i]
	}
	return out, nil
}

// hashString returns a record hash in hex, nil for the zero hash (no record).
func hashString(h storage.Hash) *string {
	if h == (storage.Hash{}) {
		return nil
	}
	s := h.String()
	return &s
}

// seqInt returns an audit sequence number as a GraphQL Int, which is 32 bits wide.
func seqInt(seq uint64) (int, error) {
	if seq > math.MaxInt32 {
		return 0, prov.Errorf(prov.EINTERNAL, "audit sequence number %d does not fit a GraphQL Int", seq)
	}
	return int(seq), nil
}
