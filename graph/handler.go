package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"claimgraph/prov"
	"claimgraph/storage"
)

// Codes maps domain error codes to GraphQL extensions.code values.
var Codes = map[string]string{
	prov.ENOTFOUND:       "NOT_FOUND",
	prov.EINVALID:        "INVALID",
	prov.ECONFLICT:       "CONFLICT",
	prov.EUNAUTHORIZED:   "UNAUTHENTICATED",
	prov.EFORBIDDEN:      "FORBIDDEN",
	prov.EUNAVAILABLE:    "UNAVAILABLE",
	prov.ENOTIMPLEMENTED: "NOT_IMPLEMENTED",
	prov.EINTERNAL:       "INTERNAL",
}

// NewHandler returns the GraphQL HTTP handler over store: JSON POST and GET (queries
// only), every request reading one snapshot, domain errors mapped to extensions.code,
// internal errors logged and shown only as "internal error".
func NewHandler(store *storage.Store, log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	srv := handler.New(NewExecutableSchema(Config{Resolvers: &Resolver{Store: store, Log: log}}))
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.Use(extension.Introspection{})
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	srv.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		ctx, release := store.WithSnapshot(ctx)
		defer release()
		return next(ctx)
	})
	srv.SetErrorPresenter(presentError(log))
	srv.SetRecoverFunc(func(ctx context.Context, v any) error {
		log.Error("panic in resolver", "panic", v, "path", graphql.GetPath(ctx).String())
		return errors.New("internal error") // presentError logs nothing more for it
	})
	return srv
}

// presentError gives every error an extensions.code: the domain code for domain
// errors, the parser's or validator's own for bad queries, INTERNAL (with the detail
// logged, not shown) for anything else.
func presentError(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		var pe *prov.Error
		if errors.As(err, &pe) {
			gqlErr.Message = pe.Message
			setCode(gqlErr, Codes[pe.Code])
			return gqlErr
		}
		if gqlErr.Extensions["code"] != nil {
			return gqlErr // a parse or validation error, already coded
		}
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			gqlErr.Message = "the request was cancelled or timed out"
			setCode(gqlErr, "UNAVAILABLE")
			return gqlErr
		}
		if gqlErr.Path != nil || gqlErr.Err != nil {
			log.Error("internal error", "err", fmt.Sprint(err), "path", gqlErr.Path.String())
			gqlErr.Message = "internal error"
			setCode(gqlErr, "INTERNAL")
		}
		return gqlErr
	}
}

func setCode(e *gqlerror.Error, code string) {
	if e.Extensions == nil {
		e.Extensions = map[string]any{}
	}
	e.Extensions["code"] = code
}
