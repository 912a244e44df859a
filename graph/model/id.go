// Package model holds the GraphQL-only types: scalars, connections, and the inputs
// gqlgen generates.
package model

import (
	"fmt"
	"io"
	"strconv"

	"github.com/99designs/gqlgen/graphql"

	"claimgraph/prov"
)

// MarshalID writes a node ID as a GraphQL ID string.
func MarshalID(id prov.ID) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		io.WriteString(w, strconv.Quote(id.String()))
	})
}

// UnmarshalID parses a GraphQL ID into a node ID; it returns an EINVALID error saying
// what is wrong with it.
func UnmarshalID(v any) (prov.ID, error) {
	s, ok := v.(string)
	if !ok {
		return prov.ID{}, prov.Errorf(prov.EINVALID, "an ID must be a string, got %s", fmt.Sprintf("%T", v))
	}
	return prov.ParseID(s)
}
