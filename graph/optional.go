package graph

import (
	"context"

	"claimgraph/prov"
)

// optionalActor returns the actor a reference names, nil for no reference.
func (r *Resolver) optionalActor(ctx context.Context, id prov.ID) (*prov.Actor, error) {
	if id.IsZero() {
		return nil, nil
	}
	return r.Store.Actor(ctx, id)
}
