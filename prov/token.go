package prov

import (
	"strings"
	"time"
)

// TypeToken is the type of API token IDs ("tok_…"). Tokens are stored and audited like
// nodes, but they are not part of the graph: they are never exported or queried as
// nodes.
const TypeToken NodeType = 8

func init() {
	typePrefixes[TypeToken] = "tok"
	typeNames[TypeToken] = "Token"
}

// Role is what a token may do. Its values are upper case, as GraphQL enums are; the
// command line takes them in any case (ParseRole).
type Role string

const (
	// RoleReader may read, also when the server is private.
	RoleReader Role = "READER"
	// RoleEditor may also create and change claims, sources, actors, events and
	// relations.
	RoleEditor Role = "EDITOR"
	// RoleAdmin may also delete, manage tokens and restore.
	RoleAdmin Role = "ADMIN"
)

// Roles lists every role from least to most allowed.
var Roles = []Role{RoleReader, RoleEditor, RoleAdmin}

// Allows reports whether r includes everything need allows.
func (r Role) Allows(need Role) bool { return r.rank() >= need.rank() && need.rank() > 0 }

func (r Role) rank() int {
	for i, x := range Roles {
		if x == r {
			return i + 1
		}
	}
	return 0
}

// Token is an API token: its secret is shown once, at creation, and stored only as its
// SHA-256.
type Token struct {
	ID         ID
	Name       string
	Role       Role
	SecretHash [32]byte
	CreatedAt  time.Time
	RevokedAt  *time.Time
}

// NodeID returns the token's ID.
func (t *Token) NodeID() ID { return t.ID }

// Validate returns an EINVALID error naming the first field that is wrong.
func (t *Token) Validate() error {
	if err := checkRef("token.id", t.ID, TypeToken); err != nil {
		return err
	}
	if err := checkName("token.name", t.Name); err != nil {
		return err
	}
	if err := CheckEnum("token.role", t.Role, Roles); err != nil {
		return err
	}
	if t.SecretHash == [32]byte{} {
		return Errorf(EINVALID, "token.secretHash: required")
	}
	if t.CreatedAt.IsZero() {
		return Errorf(EINVALID, "token.createdAt: required")
	}
	return nil
}

// ParseRole returns the role named s in any case ("editor"), or an EINVALID error
// listing the roles.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToUpper(strings.TrimSpace(s)))
	if err := CheckEnum("role", r, Roles); err != nil {
		return "", Errorf(EINVALID, "role: %q is not reader, editor or admin", s)
	}
	return r, nil
}
