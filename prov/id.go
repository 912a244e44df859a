package prov

import (
	"fmt"
	"strings"
)

// NodeType identifies the kind of node an ID names. Its value is part of the storage key
// layout and of every ID, so existing values must never change.
type NodeType uint8

const (
	TypeEvent       NodeType = 1
	TypeActor       NodeType = 2
	TypeSource      NodeType = 3
	TypeClaim       NodeType = 4
	TypeAttribution NodeType = 5
	TypeRelation    NodeType = 6
	TypeReview      NodeType = 7
)

// NodeTypes lists every node type in key order.
var NodeTypes = []NodeType{TypeEvent, TypeActor, TypeSource, TypeClaim, TypeAttribution, TypeRelation, TypeReview}

var typePrefixes = map[NodeType]string{
	TypeEvent:       "evt",
	TypeActor:       "act",
	TypeSource:      "src",
	TypeClaim:       "clm",
	TypeAttribution: "att",
	TypeRelation:    "rel",
	TypeReview:      "rev",
}

var typeNames = map[NodeType]string{
	TypeEvent:       "Event",
	TypeActor:       "Actor",
	TypeSource:      "Source",
	TypeClaim:       "Claim",
	TypeAttribution: "Attribution",
	TypeRelation:    "ClaimRelation",
	TypeReview:      "Review",
}

// Prefix returns the ID prefix of the type ("clm"), or "" for an unknown type.
func (t NodeType) Prefix() string { return typePrefixes[t] }

// String returns the GraphQL type name of the node type ("Claim").
func (t NodeType) String() string {
	if n, ok := typeNames[t]; ok {
		return n
	}
	return fmt.Sprintf("NodeType(%d)", uint8(t))
}

// ID names one node: its type and a sequence number unique within that type. Its string
// form is the type prefix, an underscore and 13 Crockford base32 digits ("clm_000000000001k"),
// so IDs of one type sort as strings in the order they were allocated.
type ID struct {
	Type NodeType
	Seq  uint64
}

const crockford = "0123456789abcdefghjkmnpqrstvwxyz"

// idDigits is the number of base32 digits that hold a uint64.
const idDigits = 13

// NewID returns the ID of the given type and sequence number.
func NewID(t NodeType, seq uint64) ID { return ID{Type: t, Seq: seq} }

// IsZero reports whether the ID is unset.
func (id ID) IsZero() bool { return id.Type == 0 && id.Seq == 0 }

// String returns the ID's string form, or "" for the zero ID.
func (id ID) String() string {
	if id.IsZero() {
		return ""
	}
	var buf [idDigits]byte
	n := id.Seq
	for i := idDigits - 1; i >= 0; i-- {
		buf[i] = crockford[n&31]
		n >>= 5
	}
	return id.Type.Prefix() + "_" + string(buf[:])
}

// ParseID parses an ID's string form. It returns an EINVALID error that quotes the input
// when the prefix is unknown or the digits are not 13 Crockford base32 characters.
func ParseID(s string) (ID, error) {
	prefix, digits, ok := strings.Cut(s, "_")
	if !ok {
		return ID{}, Errorf(EINVALID, "invalid id %q: want a type prefix, '_' and 13 base32 digits (e.g. clm_000000000001k)", s)
	}
	var typ NodeType
	for t, p := range typePrefixes {
		if p == prefix {
			typ = t
		}
	}
	if typ == 0 {
		return ID{}, Errorf(EINVALID, "invalid id %q: unknown type prefix %q", s, prefix)
	}
	if len(digits) != idDigits {
		return ID{}, Errorf(EINVALID, "invalid id %q: want 13 base32 digits after %q", s, prefix+"_")
	}
	var n uint64
	for i := 0; i < len(digits); i++ {
		v := strings.IndexByte(crockford, digits[i]|0x20)
		if v < 0 {
			return ID{}, Errorf(EINVALID, "invalid id %q: %q is not a base32 digit", s, digits[i])
		}
		if i == 0 && v > 15 {
			return ID{}, Errorf(EINVALID, "invalid id %q: number out of range", s)
		}
		n = n<<5 | uint64(v)
	}
	if n == 0 {
		return ID{}, Errorf(EINVALID, "invalid id %q: sequence number must not be zero", s)
	}
	return ID{Type: typ, Seq: n}, nil
}

// ParseIDOf parses s and checks that it names a node of type t.
func ParseIDOf(t NodeType, s string) (ID, error) {
	id, err := ParseID(s)
	if err != nil {
		return ID{}, err
	}
	if id.Type != t {
		return ID{}, Errorf(EINVALID, "id %q names a %s, want a %s", s, id.Type, t)
	}
	return id, nil
}

// MarshalText implements encoding.TextMarshaler.
func (id ID) MarshalText() ([]byte, error) { return []byte(id.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" decodes to the zero ID.
func (id *ID) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*id = ID{}
		return nil
	}
	v, err := ParseID(string(b))
	if err != nil {
		return err
	}
	*id = v
	return nil
}

// checkRef returns an EINVALID error naming field when id is set but of the wrong type.
func checkRef(field string, id ID, want NodeType) error {
	if id.IsZero() || id.Type == want {
		return nil
	}
	return Errorf(EINVALID, "%s: %s is a %s, want a %s", field, id, id.Type, want)
}

// Node is any node of the graph.
type Node interface {
	NodeID() ID
}
