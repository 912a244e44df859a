package graph

import (
	"context"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"claimgraph/httpguard"
	"claimgraph/prov"
	"claimgraph/storage"
)

type principalKey struct{}

// Principal returns the token a request authenticated with, nil for an anonymous one.
func Principal(ctx context.Context) *prov.Token {
	t, _ := ctx.Value(principalKey{}).(*prov.Token)
	return t
}

// WithPrincipal returns a context whose requests act as tok, and whose writes the
// audit log attributes to tok.
func WithPrincipal(ctx context.Context, tok *prov.Token) context.Context {
	return storage.WithWho(context.WithValue(ctx, principalKey{}, tok), tok.ID.String())
}

// hasRole is the @hasRole directive: the field resolves only for a token whose role
// allows need; otherwise UNAUTHENTICATED (no token) or FORBIDDEN (too little).
func hasRole(ctx context.Context, _ any, next graphql.Resolver, need prov.Role) (any, error) {
	tok := Principal(ctx)
	if tok == nil {
		return nil, prov.Errorf(prov.EUNAUTHORIZED, "this needs a token with the %s role, sent as Authorization: Bearer TOKEN", strings.ToLower(string(need)))
	}
	if !tok.Role.Allows(need) {
		return nil, prov.Errorf(prov.EFORBIDDEN, "this needs the %s role; the token has the %s role", strings.ToLower(string(need)), strings.ToLower(string(tok.Role)))
	}
	return next(ctx)
}

// Authenticate returns middleware that resolves an Authorization: Bearer token into
// the request's principal. A request with a token that does not authenticate is
// refused with 401 and the same message whatever the reason, so the answer does not
// reveal whether the token exists. With private set, a request without a token is
// refused too.
func Authenticate(store *storage.Store, private bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		if header == "" {
			if private {
				unauthenticated(w, "a token is required here: send it as Authorization: Bearer TOKEN")
				return
			}
			next.ServeHTTP(w, r)
			return
		}
		scheme, secret, ok := strings.Cut(header, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			unauthenticated(w, "the Authorization header must be Bearer TOKEN")
			return
		}
		tok, err := store.Authenticate(r.Context(), strings.TrimSpace(secret))
		if err != nil {
			unauthenticated(w, prov.ErrorMessage(err))
			return
		}
		next.ServeHTTP(w, r.WithContext(WithPrincipal(r.Context(), tok)))
	})
}

func unauthenticated(w http.ResponseWriter, msg string) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="claimgraph"`)
	httpguard.WriteError(w, http.StatusUnauthorized, Codes[prov.EUNAUTHORIZED], "", msg, nil)
}

// wholeStore returns the @wholeStore directive of one handler: without an event or
// claim argument the field reads the whole store, so it needs role and runs one at a
// time (another gets UNAVAILABLE, reason BUSY, at once rather than a place in a
// queue, so that waiting requests hold no memory or connection); with one it reads
// only the nodes around it, and runs as any query does.
func wholeStore() func(ctx context.Context, obj any, next graphql.Resolver, role prov.Role) (any, error) {
	busy := make(chan struct{}, 1)
	return func(ctx context.Context, obj any, next graphql.Resolver, role prov.Role) (any, error) {
		if args := graphql.GetFieldContext(ctx).Args; idArg(args, "event") != nil || idArg(args, "claim") != nil {
			return next(ctx)
		}
		if _, err := hasRole(ctx, obj, func(context.Context) (any, error) { return nil, nil }, role); err != nil {
			return nil, err
		}
		select {
		case busy <- struct{}{}:
			defer func() { <-busy }()
		default:
			return nil, &gqlerror.Error{Message: "another export is being written: retry when it is done",
				Extensions: map[string]any{"code": Codes[prov.EUNAVAILABLE], "reason": httpguard.ReasonBusy}}
		}
		return next(ctx)
	}
}

func idArg(args map[string]any, name string) *prov.ID {
	id, _ := args[name].(*prov.ID)
	return id
}

// auditLog is Store.AuditLog as a principal may see it: an admin sees every entry;
// others do not see the entries that changed a token (its creation and revocation, and
// when), and are refused a token's history (FORBIDDEN, whether or not the token
// exists). Entries keep naming the token that made them in who. A page holds first
// entries that may be seen, fetching past the hidden ones.
func (r *Resolver) auditLog(ctx context.Context, node prov.ID, after uint64, first int) ([]*storage.AuditEntry, bool, error) {
	if tok := Principal(ctx); tok != nil && tok.Role.Allows(prov.RoleAdmin) {
		return r.Store.AuditLog(ctx, node, after, first)
	}
	if node.Type == prov.TypeToken {
		return nil, false, prov.Errorf(prov.EFORBIDDEN, "the history of a token needs the admin role")
	}
	if first <= 0 {
		return r.Store.AuditLog(ctx, node, after, first) // the store says what is wrong
	}
	var out []*storage.AuditEntry
	for {
		page, more, err := r.Store.AuditLog(ctx, node, after, first-len(out))
		if err != nil {
			return nil, false, err
		}
		for _, e := range page {
			after = e.Seq
			if !changesToken(e) {
				out = append(out, e)
			}
		}
		if !more || len(out) == first {
			return out, more, nil
		}
	}
}

func changesToken(e *storage.AuditEntry) bool {
	for _, c := range e.Changes {
		if c.ID.Type == prov.TypeToken {
			return true
		}
	}
	return false
}
