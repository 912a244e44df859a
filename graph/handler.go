package graph

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"claimgraph/prov"
	"claimgraph/search"
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

// Options configure NewHandlerWith.
type Options struct {
	// Production turns introspection off, and every message that would give names
	// away: "did you mean" suggestions, and the lists of enum values and input fields
	// that development mode gives with a wrong value.
	Production bool
	// Limits bound the work of one query; zero fields mean the defaults.
	Limits Limits
	// Index is the full-text index over the store; nil opens one in memory, built from
	// the store at the first search.
	Index *search.Index
	// GQLGenOnly answers every query with gqlgen's executor, never the direct one
	// (direct.go); for tests that compare the two.
	GQLGenOnly bool
}

// DefaultOptions returns the options NewHandler uses: development mode (introspection
// and suggestions on) and DefaultLimits.
func DefaultOptions() Options {
	return Options{Limits: DefaultLimits()}
}

// RegisterFlags adds --production and a flag for each limit to fs, with o's values as
// defaults.
func (o *Options) RegisterFlags(fs *flag.FlagSet) {
	fs.BoolVar(&o.Production, "production", o.Production, "production mode: GraphQL introspection and field suggestions off")
	o.Limits.RegisterFlags(fs)
}

// Validate reports an option out of range.
func (o Options) Validate() error {
	return o.Limits.Validate()
}

// NewHandler returns the GraphQL HTTP handler over store with DefaultOptions.
func NewHandler(store *storage.Store, log *slog.Logger) http.Handler {
	return NewHandlerWith(store, log, DefaultOptions())
}

// NewHandlerWith returns the GraphQL HTTP handler over store: JSON POST and GET
// (queries only; see transport), every query checked against opts.Limits before
// gqlgen parses and validates it, every request reading one snapshot, every error
// with an extensions.code (see presentError), internal errors logged and shown only
// as "internal error". It panics if opts do not validate.
func NewHandlerWith(store *storage.Store, log *slog.Logger, opts Options) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	limits := opts.Limits.withDefaults()
	limits.NoIntrospection = limits.NoIntrospection || opts.Production
	index := opts.Index
	if index == nil {
		var err error
		if index, err = search.Open(""); err != nil {
			panic(fmt.Sprintf("graph: open an in-memory search index: %v", err))
		}
	}
	resolver := &Resolver{Store: store, Index: index, Log: log}
	es := NewExecutableSchema(Config{Resolvers: resolver, Directives: DirectiveRoot{HasRole: hasRole, WholeStore: wholeStore()}})
	srv := handler.New(es)
	srv.AddTransport(transport{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.SetValidationRulesFn(validationRules(opts.Production))
	// gqlgen's parser counts tokens a little differently from the limits' lexer pass:
	// its own limit only backs that pass up.
	srv.SetParserTokenLimit(limits.MaxTokens + 16)
	srv.SetDisableSuggestion(opts.Production)
	if !opts.Production {
		srv.Use(extension.Introspection{})
	}
	// The limits run before APQ, so that a query over a limit is never cached, and
	// after it, so that a query loaded by its hash is checked too.
	check := limits.Extension()
	srv.Use(check)
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	srv.Use(check)
	srv.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		ctx, release := store.WithSnapshot(ctx)
		defer release()
		resp := next(ctx)
		if err := store.Degraded(); err != nil && resp != nil {
			// The data is what the store holds, which may lack acknowledged writes.
			resp.Errors = append(resp.Errors, &gqlerror.Error{
				Message:    fmt.Sprintf("the store failed its integrity check at open (%v): answers may be missing acknowledged writes or hold altered data, and writes are refused", err),
				Extensions: map[string]any{"code": "UNAVAILABLE"},
			})
		}
		return resp
	})
	if !opts.GQLGenOnly {
		// Inside the snapshot's middleware, so that direct answers read it too.
		d := &direct{r: resolver, es: es.(*executableSchema)}
		srv.AroundOperations(d.aroundOperations)
		srv.AroundResponses(d.aroundResponses)
	}
	srv.SetErrorPresenter(presentError(log, es.Schema(), opts.Production))
	srv.SetRecoverFunc(func(ctx context.Context, v any) error {
		log.Error("panic in resolver", "panic", v, "path", graphql.GetPath(ctx).String())
		return errors.New("internal error") // presentError logs nothing more for it
	})
	return srv
}

// presentError gives every error an extensions.code from the small set of Codes:
// the domain code for domain errors; INVALID for a request refused before execution
// (a parse or validation error, a limit, a persisted query not found), with the
// specific cause in extensions.reason; UNAVAILABLE for a cancelled or timed-out
// request; INTERNAL (with the detail logged, not shown) for anything else. Errors in
// variables name the variable and its path in the message. In production no message
// suggests names ("Did you mean"), whatever rule wrote it.
func presentError(log *slog.Logger, schema *ast.Schema, production bool) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		var pe *prov.Error
		if errors.As(err, &pe) {
			gqlErr.Message = pe.Message
			setCode(gqlErr, Codes[pe.Code])
			return gqlErr
		}
		if code, ok := gqlErr.Extensions["code"].(string); ok && code != "" {
			if !isDomainCode(code) {
				gqlErr.Extensions["reason"] = code
				gqlErr.Extensions["code"] = codeInvalid
			}
			if len(gqlErr.Path) > 0 && gqlErr.Path[0] == ast.PathName("variable") {
				describeVariableError(ctx, schema, gqlErr, production)
			}
			if production {
				gqlErr.Message = withoutSuggestion(gqlErr.Message)
			}
			return gqlErr
		}
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			gqlErr.Message = "the request was cancelled or timed out"
			setCode(gqlErr, "UNAVAILABLE")
			gqlErr.Extensions["reason"] = "TIMEOUT"
			return gqlErr
		}
		if gqlErr.Path != nil || gqlErr.Err != nil {
			log.Error("internal error", "err", fmt.Sprint(err), "path", gqlErr.Path.String())
			gqlErr.Message = "internal error"
			setCode(gqlErr, "INTERNAL")
			return gqlErr
		}
		// An error gqlgen wrote about the request itself, without a code.
		setCode(gqlErr, codeInvalid)
		if production {
			gqlErr.Message = withoutSuggestion(gqlErr.Message)
		}
		return gqlErr
	}
}

func isDomainCode(code string) bool {
	for _, c := range Codes {
		if c == code {
			return true
		}
	}
	return false
}

// withoutSuggestion cuts a "Did you mean …?" off a message.
func withoutSuggestion(msg string) string {
	if i := strings.Index(msg, " Did you mean"); i >= 0 {
		return msg[:i]
	}
	return msg
}

func setCode(e *gqlerror.Error, code string) {
	if e.Extensions == nil {
		e.Extensions = map[string]any{}
	}
	e.Extensions["code"] = code
}
