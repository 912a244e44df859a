package model

import (
	"fmt"
	"io"
	"strconv"

	"claimgraph/prov"
)

// NodeType is the GraphQL enum of the node types full-text search finds.
type NodeType string

var nodeTypes = map[NodeType]prov.NodeType{
	"CLAIM":       prov.TypeClaim,
	"ATTRIBUTION": prov.TypeAttribution,
	"ACTOR":       prov.TypeActor,
	"SOURCE":      prov.TypeSource,
	"EVENT":       prov.TypeEvent,
}

// Prov returns the node type the enum value names.
func (t NodeType) Prov() prov.NodeType { return nodeTypes[t] }

// UnmarshalGQL implements graphql.Unmarshaler; it returns an error naming the value
// when it is not one of the enum's.
func (t *NodeType) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("NodeType must be a string, got %T", v)
	}
	if _, ok := nodeTypes[NodeType(s)]; !ok {
		return fmt.Errorf("%q is not a valid NodeType", s)
	}
	*t = NodeType(s)
	return nil
}

// MarshalGQL implements graphql.Marshaler.
func (t NodeType) MarshalGQL(w io.Writer) { io.WriteString(w, strconv.Quote(string(t))) }
