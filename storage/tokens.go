package storage

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"strings"

	"claimgraph/prov"
)

// tokenPrefix starts every token secret, so a leaked one is recognisable.
const tokenPrefix = "cg_"

// errBadToken is the one answer to every token that does not authenticate, so the
// answer does not reveal whether a token exists or was revoked.
var errBadToken = prov.Errorf(prov.EUNAUTHORIZED, "invalid or revoked token")

func secretHash(secret string) [32]byte { return sha256.Sum256([]byte(secret)) }

// CreateToken stores a new API token with the given name and role and returns it with
// its secret: 32 random bytes, shown this once and stored only as their SHA-256.
func (s *Store) CreateToken(ctx context.Context, name string, role prov.Role) (*prov.Token, string, error) {
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return nil, "", err
	}
	secret := tokenPrefix + base64.RawURLEncoding.EncodeToString(raw[:])
	tok := &prov.Token{Name: name, Role: role, SecretHash: secretHash(secret), CreatedAt: s.Clock().UTC()}
	out, err := create(ctx, s, prov.TypeToken, tok)
	if err != nil {
		return nil, "", err
	}
	return out, secret, nil
}

// Tokens returns every token, revoked ones included, in ID order.
func (s *Store) Tokens(ctx context.Context) ([]*prov.Token, error) {
	var out []*prov.Token
	err := s.view(ctx, func(t *tx) error {
		out = nil
		return t.nodes(prov.TypeToken, prov.ID{}, func(n node) (bool, error) {
			out = append(out, n.(*prov.Token))
			return true, nil
		})
	})
	return out, err
}

// RevokeToken revokes a token and returns it; ENOTFOUND when there is none. Revoking a
// revoked token changes nothing.
func (s *Store) RevokeToken(ctx context.Context, id prov.ID) (*prov.Token, error) {
	if id.Type != prov.TypeToken {
		return nil, notFound(id)
	}
	return changeAs(ctx, s, "revokeToken", id, func(t *prov.Token) error {
		if t.RevokedAt == nil {
			now := s.Clock().UTC()
			t.RevokedAt = &now
		}
		return nil
	})
}

// Authenticate returns the live token whose secret is given, or EUNAUTHORIZED with
// the same message whether the secret is malformed, unknown or revoked.
func (s *Store) Authenticate(ctx context.Context, secret string) (*prov.Token, error) {
	if !strings.HasPrefix(secret, tokenPrefix) || len(secret) > 128 {
		return nil, errBadToken
	}
	want := secretHash(secret)
	var tok *prov.Token
	err := s.view(ctx, func(t *tx) error {
		id, err := t.lookupUnique(uniqueTokenHash, string(want[:]))
		if err != nil || id.IsZero() {
			return err
		}
		tok, err = getAs[*prov.Token](t, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if tok == nil || subtle.ConstantTimeCompare(tok.SecretHash[:], want[:]) != 1 || tok.RevokedAt != nil {
		return nil, errBadToken
	}
	return tok, nil
}
