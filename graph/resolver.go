// Package graph is claimgraph's GraphQL API: gqlgen's generated executor, the
// resolvers, and the HTTP handler that maps domain errors to extensions.code.
package graph

//go:generate go tool gqlgen generate

import (
	"log/slog"

	"claimgraph/search"
	"claimgraph/storage"
)

// Resolver holds the dependencies of every resolver.
type Resolver struct {
	Store *storage.Store
	// Index is the full-text index over Store.
	Index *search.Index
	Log   *slog.Logger
}
