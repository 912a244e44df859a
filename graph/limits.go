package graph

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"
	"github.com/vektah/gqlparser/v2/parser"

	"claimgraph/storage"
)

// The extensions.reason of each limit's error; extensions.code is INVALID. A request
// refused by a limit is not executed: the HTTP status is 422 (400 when the client
// accepts application/graphql-response+json), as for gqlgen's own parse and
// validation errors.
const (
	ReasonTooManyTokens     = "TOO_MANY_TOKENS"
	ReasonTooDeep           = "QUERY_TOO_DEEP"
	ReasonTooManyAliases    = "TOO_MANY_ALIASES"
	ReasonTooManyDirectives = "TOO_MANY_DIRECTIVES"
	ReasonTooManyDuplicates = "TOO_MANY_DUPLICATE_FIELDS"
	ReasonTooComplex        = "QUERY_TOO_COMPLEX"
	ReasonTooLarge          = "QUERY_TOO_LARGE"
	ReasonFirstTooLarge     = "FIRST_TOO_LARGE"
	// ReasonNoIntrospection refuses __schema and __type in production mode.
	ReasonNoIntrospection = "INTROSPECTION_DISABLED"
	// ReasonParseFailed and ReasonValidationFailed are gqlgen's codes, kept as reasons.
	ReasonParseFailed      = errcode.ParseFailed
	ReasonValidationFailed = errcode.ValidationFailed
)

// codeInvalid is the code of every request error: the client sent something to fix.
const codeInvalid = "INVALID"

// The default limits (see DefaultLimits).
const (
	defaultMaxTokens     = 10_000
	defaultMaxDepth      = 15
	defaultMaxAliases    = 100
	defaultMaxDirectives = 50
	defaultMaxDuplicates = 25
	defaultMaxComplexity = 100_000
	defaultMaxNodes      = 10_000
	defaultListCost      = 10
)

const (
	limitsStatsExtension = "QueryLimits"
	saturated            = math.MaxInt64
)

func init() {
	// Refusals by a limit are request errors (422/400), like parse and validation
	// errors, not field errors (200). gqlgen reads this table only for the errors of a
	// request it refuses before execution, so resolvers' INVALID errors stay field
	// errors.
	errcode.RegisterErrorType(codeInvalid, errcode.KindProtocol)
}

// Limits bounds the work one GraphQL document can cause. They are checked by a gqlgen
// handler extension (see Limits.Extension) before gqlgen parses and validates the
// query, because validation itself is not linear: gqlparser compares repeated fields
// pairwise and walks every fragment once for each operation and fragment that
// reaches it, so a 15 KB query can take seconds to validate. Every check is linear in
// the size of the query and bounded by MaxTokens and MaxNodes.
//
// A zero field means the default; use NoLimit (or a large value) to lift a limit.
type Limits struct {
	// MaxTokens bounds the lexer tokens (names, punctuation, values, comments) of the
	// document. It is checked first, before the document is parsed.
	MaxTokens int
	// MaxDepth bounds how deeply fields nest, counting through fragments:
	// { a { b } } has depth 2.
	MaxDepth int
	// MaxAliases bounds the aliased fields written in the document.
	MaxAliases int
	// MaxDirectives bounds the directives written in the document.
	MaxDirectives int
	// MaxDuplicates bounds how many fields of the document land on one response path
	// (the same alias or name in the same place once fragments are inlined):
	// { a a a } requests a three times.
	MaxDuplicates int
	// MaxComplexity bounds the estimated cost of each operation: every field costs 1,
	// plus its weight when its resolver does more than read a record (see
	// fieldWeight), and the cost of a field's selection is multiplied by its first:
	// argument (DefaultFirst when absent), or by ListCost for a list field without
	// first: (ten times that for a list that grows with the store).
	MaxComplexity int
	// MaxNodes bounds the work of validation: selections, arguments and directives
	// counted once for every place a fragment is spread (in every operation and
	// fragment definition), plus the pairs of same-named fields and of fragment
	// spreads the validator compares.
	MaxNodes int
	// MaxFirst is the hard cap on first:, at most storage.MaxPageSize.
	MaxFirst int
	// DefaultFirst is the page size assumed when first: is absent, null or 0.
	DefaultFirst int
	// ListCost is the assumed length of a list field without first:.
	ListCost int
	// NoIntrospection refuses __schema and __type (production mode), with a clear
	// error instead of gqlgen's field error.
	NoIntrospection bool
}

// NoLimit lifts one of the Limits.
const NoLimit = math.MaxInt32

// DefaultLimits returns the limits NewHandler uses.
func DefaultLimits() Limits {
	return Limits{
		MaxTokens:     defaultMaxTokens,
		MaxDepth:      defaultMaxDepth,
		MaxAliases:    defaultMaxAliases,
		MaxDirectives: defaultMaxDirectives,
		MaxDuplicates: defaultMaxDuplicates,
		MaxComplexity: defaultMaxComplexity,
		MaxNodes:      defaultMaxNodes,
		MaxFirst:      storage.MaxPageSize,
		DefaultFirst:  storage.DefaultPageSize,
		ListCost:      defaultListCost,
	}
}

// withDefaults returns l with every zero field set to its default.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	for _, p := range []struct{ v, d *int }{
		{&l.MaxTokens, &d.MaxTokens}, {&l.MaxDepth, &d.MaxDepth}, {&l.MaxAliases, &d.MaxAliases},
		{&l.MaxDirectives, &d.MaxDirectives}, {&l.MaxDuplicates, &d.MaxDuplicates},
		{&l.MaxComplexity, &d.MaxComplexity}, {&l.MaxNodes, &d.MaxNodes}, {&l.MaxFirst, &d.MaxFirst},
		{&l.DefaultFirst, &d.DefaultFirst}, {&l.ListCost, &d.ListCost},
	} {
		if *p.v == 0 {
			*p.v = *p.d
		}
	}
	return l
}

// Validate reports a limit that is negative or a first: cap above the store's.
func (l Limits) Validate() error {
	l = l.withDefaults()
	for _, p := range []struct {
		name string
		v    int
	}{
		{"max-query-tokens", l.MaxTokens}, {"max-query-depth", l.MaxDepth}, {"max-query-aliases", l.MaxAliases},
		{"max-query-directives", l.MaxDirectives}, {"max-duplicate-fields", l.MaxDuplicates},
		{"max-query-complexity", l.MaxComplexity}, {"max-query-nodes", l.MaxNodes}, {"max-first", l.MaxFirst},
		{"list-cost", l.ListCost},
	} {
		if p.v < 0 {
			return fmt.Errorf("--%s: %d is negative", p.name, p.v)
		}
	}
	if l.MaxFirst > storage.MaxPageSize {
		return fmt.Errorf("--max-first: %d is more than the store's maximum page size %d", l.MaxFirst, storage.MaxPageSize)
	}
	if l.DefaultFirst < 0 {
		return fmt.Errorf("default first: %d is negative", l.DefaultFirst)
	}
	return nil
}

// RegisterFlags adds a flag for each limit to fs, with l's values as defaults.
func (l *Limits) RegisterFlags(fs *flag.FlagSet) {
	*l = l.withDefaults()
	fs.IntVar(&l.MaxTokens, "max-query-tokens", l.MaxTokens, "most lexer tokens in a GraphQL document")
	fs.IntVar(&l.MaxDepth, "max-query-depth", l.MaxDepth, "most levels of nested fields in a query")
	fs.IntVar(&l.MaxAliases, "max-query-aliases", l.MaxAliases, "most aliases in a GraphQL document")
	fs.IntVar(&l.MaxDirectives, "max-query-directives", l.MaxDirectives, "most directives in a GraphQL document")
	fs.IntVar(&l.MaxDuplicates, "max-duplicate-fields", l.MaxDuplicates, "most fields on one response path of a query")
	fs.IntVar(&l.MaxComplexity, "max-query-complexity", l.MaxComplexity, "highest estimated cost of an operation (1 per field, times first: or list-cost for lists)")
	fs.IntVar(&l.MaxNodes, "max-query-nodes", l.MaxNodes, "most validation steps for a document (nodes with fragments inlined, plus pairs of repeated fields)")
	fs.IntVar(&l.MaxFirst, "max-first", l.MaxFirst, "hard cap on first: (at most the store's page size, 1000)")
	fs.IntVar(&l.ListCost, "list-cost", l.ListCost, "assumed length of a list field without first: in the complexity estimate")
}

// LimitStats are the measurements of the last document a request's limits checked,
// kept in the operation context's stats (see GetLimitStats).
type LimitStats struct {
	Query      string `json:"-"`
	Tokens     int    `json:"tokens"`
	Depth      int    `json:"depth"`
	Aliases    int    `json:"aliases"`
	Directives int    `json:"directives"`
	Duplicates int    `json:"duplicates"`
	Complexity int64  `json:"complexity"` // of the costliest operation
	Nodes      int64  `json:"nodes"`
}

// GetLimitStats returns the measurements of the request's query, or nil.
func GetLimitStats(ctx context.Context) *LimitStats {
	if !graphql.HasOperationContext(ctx) {
		return nil
	}
	s, _ := graphql.GetOperationContext(ctx).Stats.GetExtension(limitsStatsExtension).(*LimitStats)
	return s
}

// limitsExtension is the gqlgen handler extension that checks Limits.
type limitsExtension struct {
	limits Limits
	schema *ast.Schema
	// passed remembers queries that passed, so the few queries an application sends
	// over and over are not lexed and parsed once more per request (gqlgen caches its
	// own parse, not ours).
	passed *lru.LRU[*passedQuery]
}

// passedQuery is the verdict on a query that passed: its measurements, and the values
// of the variables the verdict read (first: $n). It holds for a request whose
// variables read the same.
type passedQuery struct {
	stats    LimitStats
	readings []varReading
}

// varReading is what the checker read of one variable.
type varReading struct {
	name    string
	present bool  // in the request's variables; else the default (or nothing) was used
	n       int64 // jsonInt of the value, when present
	ok      bool
}

// passedCacheSize and passedCacheMaxQuery bound the memory of the cache of passed
// queries: a thousand queries of at most 16 KiB.
const (
	passedCacheSize     = 1000
	passedCacheMaxQuery = 16 << 10
)

// holds reports whether a verdict with these readings holds for variables.
func (p *passedQuery) holds(variables map[string]any) bool {
	for _, r := range p.readings {
		raw, present := variables[r.name]
		if present != r.present {
			return false
		}
		if present {
			if n, ok := jsonInt(raw); n != r.n || ok != r.ok {
				return false
			}
		}
	}
	return true
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = (*limitsExtension)(nil)

// Extension returns the gqlgen handler extension that checks l before gqlgen parses
// and validates a query. Register the one extension both before and after
// extension.AutomaticPersistedQuery: before, so that a query over a limit is not
// cached; after, so that a query loaded from the cache by its hash is checked too. A
// query is checked once however many times the extension is registered, and the
// registrations of one extension share its memory of the queries that passed.
func (l Limits) Extension() graphql.HandlerExtension {
	return &limitsExtension{limits: l.withDefaults(), passed: lru.New[*passedQuery](passedCacheSize)}
}

func (e *limitsExtension) ExtensionName() string { return "QueryLimits" }

func (e *limitsExtension) Validate(es graphql.ExecutableSchema) error {
	if err := e.limits.Validate(); err != nil {
		return err
	}
	e.schema = es.Schema()
	if e.schema == nil {
		return errors.New("QueryLimits: the executable schema has no schema")
	}
	return nil
}

func (e *limitsExtension) MutateOperationParameters(ctx context.Context, params *graphql.RawParams) *gqlerror.Error {
	if params.Query == "" {
		return nil // a persisted query's hash, or no query: gqlgen reports it
	}
	stats := &LimitStats{}
	if graphql.HasOperationContext(ctx) {
		opStats := &graphql.GetOperationContext(ctx).Stats
		if s, ok := opStats.GetExtension(limitsStatsExtension).(*LimitStats); ok && s.Query == params.Query {
			return nil // checked already, by the registration before APQ
		}
		opStats.SetExtension(limitsStatsExtension, stats)
	}
	if p, ok := e.passed.Get(ctx, params.Query); ok && p.holds(params.Variables) {
		*stats = p.stats
		return nil
	}
	readings, err := check(e.schema, e.limits, params.Query, params.Variables, stats)
	if err == nil && len(params.Query) <= passedCacheMaxQuery {
		e.passed.Add(ctx, params.Query, &passedQuery{stats: *stats, readings: readings})
	}
	return err
}

// Check measures the query document against l, with the variables for first:, and
// returns the first limit it exceeds (nil if none), a syntax error, or a fragment
// cycle. It stores its measurements in stats when not nil. Its time and memory are
// linear in the length of query and bounded by l.MaxTokens and l.MaxNodes; it never
// panics.
func Check(schema *ast.Schema, l Limits, query string, variables map[string]any, stats *LimitStats) *gqlerror.Error {
	_, err := check(schema, l, query, variables, stats)
	return err
}

// check is Check that also returns what it read of the variables.
func check(schema *ast.Schema, l Limits, query string, variables map[string]any, stats *LimitStats) (readings []varReading, err *gqlerror.Error) {
	l = l.withDefaults()
	if stats == nil {
		stats = &LimitStats{}
	}
	stats.Query = query
	src := &ast.Source{Input: query}

	// Tokens first: nothing below is linear in the length of a document whose tokens
	// are not bounded. Directives are counted on the way (one @ each).
	lx := lexer.New(src)
	for {
		tok, lexErr := lx.ReadToken()
		if lexErr != nil || tok.Kind == lexer.EOF {
			break
		}
		stats.Tokens++
		if tok.Kind == lexer.At {
			stats.Directives++
		}
		if stats.Tokens > l.MaxTokens {
			return nil, limitError(ReasonTooManyTokens, nil, l.MaxTokens, stats.Tokens,
				"the query has more than %d tokens (limit %d)", l.MaxTokens, l.MaxTokens)
		}
	}
	if stats.Directives > l.MaxDirectives {
		return nil, limitError(ReasonTooManyDirectives, nil, l.MaxDirectives, stats.Directives,
			"the query has %d directives (limit %d)", stats.Directives, l.MaxDirectives)
	}

	// The tokens are counted already; gqlgen's parser counts them a little
	// differently, so it is given no limit of its own here.
	doc, perr := parser.ParseQuery(src)
	if perr != nil {
		var gqlErr *gqlerror.Error
		if !errors.As(perr, &gqlErr) {
			gqlErr = gqlerror.Wrap(perr)
		}
		gqlErr.Extensions = map[string]any{"code": codeInvalid, "reason": ReasonParseFailed}
		return nil, gqlErr
	}

	c := &checker{limits: l, schema: schema, doc: doc, vars: variables, stats: stats,
		frags: make(map[string]*ast.FragmentDefinition, len(doc.Fragments))}
	for _, f := range doc.Fragments {
		if _, dup := c.frags[f.Name]; !dup {
			c.frags[f.Name] = f
		}
	}
	for _, op := range doc.Operations {
		c.countAliases(op.SelectionSet)
	}
	for _, f := range doc.Fragments {
		c.countAliases(f.SelectionSet)
	}
	if stats.Aliases > l.MaxAliases {
		return nil, limitError(ReasonTooManyAliases, nil, l.MaxAliases, stats.Aliases,
			"the query has %d aliases (limit %d)", stats.Aliases, l.MaxAliases)
	}
	if err := c.fragmentCycles(); err != nil {
		return nil, err
	}

	// Walk every operation and every fragment definition, as the validator does,
	// inlining fragments: cycles are excluded above, and the walk stops as soon as it
	// has counted more than MaxNodes nodes.
	for _, op := range doc.Operations {
		c.op = op
		for _, v := range op.VariableDefinitions {
			if !c.charge(1+c.directivesSize(v.Directives)+valueSize(v.DefaultValue), v.Position) {
				return nil, c.err
			}
		}
		c.heaviest, c.heaviestWeight = "", 0
		cost := c.selectionSet(op.SelectionSet, c.rootType(op.Operation), 0, &pathNode{}, false)
		if c.err != nil {
			return nil, c.err
		}
		stats.Complexity = max(stats.Complexity, cost)
		if cost > int64(l.MaxComplexity) {
			name := "the query"
			if op.Name != "" {
				name = fmt.Sprintf("operation %s", op.Name)
			}
			hint := "ask for fewer items with first:, or fewer nested lists"
			if c.heaviest != "" {
				hint += fmt.Sprintf("; %s alone costs %d each time it is asked for", c.heaviest, c.heaviestWeight+1)
			}
			return nil, limitError(ReasonTooComplex, op.Position, l.MaxComplexity, cost,
				"%s has an estimated cost of %s (limit %d): %s", name, costString(cost), l.MaxComplexity, hint)
		}
	}
	c.op = nil
	for _, f := range doc.Fragments {
		c.selectionSet(f.SelectionSet, schema.Types[f.TypeCondition], 0, &pathNode{}, false)
		if c.err != nil {
			return nil, c.err
		}
	}
	// A variable reads the same wherever it is used: one reading of each is enough to
	// tell whether the verdict holds, and keeps a remembered verdict small.
	slices.SortFunc(c.readings, func(a, b varReading) int { return strings.Compare(a.name, b.name) })
	return slices.Clip(slices.Compact(c.readings)), nil
}

// limitError returns the error of one exceeded limit.
func limitError(reason string, pos *ast.Position, limit int, measured any, format string, args ...any) *gqlerror.Error {
	e := requestError(reason, pos, format, args...)
	e.Extensions["limit"] = limit
	e.Extensions["measured"] = measured
	return e
}

// requestError returns an INVALID error of the whole request, with reason.
func requestError(reason string, pos *ast.Position, format string, args ...any) *gqlerror.Error {
	var e *gqlerror.Error
	if pos != nil {
		e = gqlerror.ErrorPosf(pos, format, args...)
	} else {
		e = gqlerror.Errorf(format, args...)
	}
	e.Extensions = map[string]any{"code": codeInvalid, "reason": reason}
	return e
}

func costString(n int64) string {
	if n == saturated {
		return "more than " + strconv.FormatInt(math.MaxInt64/2, 10)
	}
	return strconv.FormatInt(n, 10)
}

// checker walks one document.
type checker struct {
	limits Limits
	schema *ast.Schema
	doc    *ast.QueryDocument
	frags  map[string]*ast.FragmentDefinition
	vars   map[string]any
	stats  *LimitStats
	op     *ast.OperationDefinition // the operation walked; nil in fragment definitions
	err    *gqlerror.Error
	// readings are the variables the verdict read, for the cache of passed queries:
	// one for each use, until check keeps one of each.
	readings []varReading
	// heaviest is the field of the operation with the largest weight, for the
	// message of a refusal.
	heaviest       string
	heaviestWeight int64
}

// pathNode counts the fields of one response path, to find duplicates.
type pathNode struct {
	count    int
	children map[string]*pathNode
}

func (p *pathNode) child(name string) *pathNode {
	if p.children == nil {
		p.children = make(map[string]*pathNode)
	}
	c := p.children[name]
	if c == nil {
		c = &pathNode{}
		p.children[name] = c
	}
	return c
}

func (c *checker) rootType(op ast.Operation) *ast.Definition {
	if c.schema == nil {
		return nil
	}
	switch op {
	case ast.Mutation:
		return c.schema.Mutation
	case ast.Subscription:
		return c.schema.Subscription
	}
	return c.schema.Query
}

func (c *checker) typeNamed(name string) *ast.Definition {
	if c.schema == nil || name == "" {
		return nil
	}
	return c.schema.Types[name]
}

// countAliases counts the aliases written in set (not in the fragments it spreads).
func (c *checker) countAliases(set ast.SelectionSet) {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Alias != "" && s.Alias != s.Name {
				c.stats.Aliases++
			}
			c.countAliases(s.SelectionSet)
		case *ast.InlineFragment:
			c.countAliases(s.SelectionSet)
		}
	}
}

// fragmentCycles returns an error for a fragment that spreads itself, directly or
// through others. It visits each fragment once.
func (c *checker) fragmentCycles() *gqlerror.Error {
	const (
		unvisited = iota
		onPath
		done
	)
	state := make(map[string]int, len(c.frags))
	var path []string
	var visit func(f *ast.FragmentDefinition) *gqlerror.Error
	var spreads func(set ast.SelectionSet) *gqlerror.Error
	spreads = func(set ast.SelectionSet) *gqlerror.Error {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				if err := spreads(s.SelectionSet); err != nil {
					return err
				}
			case *ast.InlineFragment:
				if err := spreads(s.SelectionSet); err != nil {
					return err
				}
			case *ast.FragmentSpread:
				f := c.frags[s.Name]
				if f == nil {
					continue // an unknown fragment: the validator reports it
				}
				switch state[f.Name] {
				case onPath:
					i := len(path) - 1
					for i > 0 && path[i] != f.Name {
						i--
					}
					cycle := path[i:]
					via := ""
					if len(cycle) > 1 {
						via = fmt.Sprintf(" via %s", strings.Join(cycle[1:], ", "))
					}
					return requestError(ReasonValidationFailed, s.Position, "Cannot spread fragment %q within itself%s.", f.Name, via)
				case unvisited:
					if err := visit(f); err != nil {
						return err
					}
				}
			}
		}
		return nil
	}
	visit = func(f *ast.FragmentDefinition) *gqlerror.Error {
		state[f.Name] = onPath
		path = append(path, f.Name)
		if err := spreads(f.SelectionSet); err != nil {
			return err
		}
		path = path[:len(path)-1]
		state[f.Name] = done
		return nil
	}
	for _, f := range c.doc.Fragments {
		if state[f.Name] == unvisited && c.frags[f.Name] == f {
			if err := visit(f); err != nil {
				return err
			}
		}
	}
	return nil
}

// charge adds n to the validation work and fails once it is above MaxNodes.
func (c *checker) charge(n int64, pos *ast.Position) bool {
	if c.err != nil {
		return false
	}
	c.stats.Nodes += n
	if c.stats.Nodes > int64(c.limits.MaxNodes) {
		c.err = limitError(ReasonTooLarge, pos, c.limits.MaxNodes, c.stats.Nodes,
			"the query is too large to validate: more than %d nodes once fragments are inlined, counting the pairs of repeated fields and fragment spreads to compare (limit %d)",
			c.limits.MaxNodes, c.limits.MaxNodes)
		return false
	}
	return true
}

// setCounts are the fields and named fragment spreads the validator collects from
// one selection set (including its inline fragments) and compares pairwise.
type setCounts struct{ fields, spreads int64 }

// selectionSet walks set, whose fields belong to the type parent, at depth fields
// below the root, with response path pn; paged tells that set is the selection of a
// field with first:, whose list fields (edges, nodes) are the page itself. It returns
// the estimated cost of set.
func (c *checker) selectionSet(set ast.SelectionSet, parent *ast.Definition, depth int, pn *pathNode, paged bool) int64 {
	var counts setCounts
	cost := c.selections(set, parent, depth, pn, paged, &counts)
	// The overlap rule compares every pair of fragment spreads, and every field with
	// every spread.
	c.charge(counts.spreads*(counts.spreads-1)/2+counts.spreads*counts.fields, nil)
	return cost
}

func (c *checker) selections(set ast.SelectionSet, parent *ast.Definition, depth int, pn *pathNode, paged bool, counts *setCounts) int64 {
	var cost int64
	for _, sel := range set {
		if c.err != nil {
			return cost
		}
		switch s := sel.(type) {
		case *ast.Field:
			counts.fields++
			cost = satAdd(cost, c.field(s, parent, depth, pn, paged))
		case *ast.InlineFragment:
			if !c.charge(1+c.directivesSize(s.Directives), s.Position) {
				return cost
			}
			typ := parent
			if s.TypeCondition != "" {
				typ = c.typeNamed(s.TypeCondition)
			}
			cost = satAdd(cost, c.selections(s.SelectionSet, typ, depth, pn, paged, counts))
		case *ast.FragmentSpread:
			counts.spreads++
			if !c.charge(1+c.directivesSize(s.Directives), s.Position) {
				return cost
			}
			f := c.frags[s.Name]
			if f == nil {
				continue
			}
			// The fragment's fields merge into this selection: same path, same depth.
			cost = satAdd(cost, c.selectionSet(f.SelectionSet, c.typeNamed(f.TypeCondition), depth, pn, paged))
		}
	}
	return cost
}

func (c *checker) field(f *ast.Field, parent *ast.Definition, depth int, pn *pathNode, paged bool) int64 {
	depth++
	if depth > c.stats.Depth {
		c.stats.Depth = depth
	}
	if depth > c.limits.MaxDepth {
		c.err = limitError(ReasonTooDeep, f.Position, c.limits.MaxDepth, depth,
			"the query is nested more than %d fields deep at %q (limit %d)", c.limits.MaxDepth, f.Alias, c.limits.MaxDepth)
		return 0
	}
	if c.limits.NoIntrospection && (f.Name == "__schema" || f.Name == "__type") {
		c.err = requestError(ReasonNoIntrospection, f.Position, "introspection is disabled on this server")
		return 0
	}
	size := int64(1) + c.directivesSize(f.Directives)
	for _, a := range f.Arguments {
		size += 1 + valueSize(a.Value)
	}
	name := f.Alias
	if name == "" {
		name = f.Name
	}
	here := pn.child(name)
	here.count++
	if here.count > c.stats.Duplicates {
		c.stats.Duplicates = here.count
	}
	if here.count > c.limits.MaxDuplicates {
		c.err = limitError(ReasonTooManyDuplicates, f.Position, c.limits.MaxDuplicates, here.count,
			"the field %q is requested %d times in the same place (limit %d)", name, here.count, c.limits.MaxDuplicates)
		return 0
	}
	// Each repetition is compared with those before it.
	if !c.charge(size+int64(here.count-1), f.Position) {
		return 0
	}

	var def *ast.FieldDefinition
	if parent != nil {
		def = parent.Fields.ForName(f.Name)
	}
	mult := int64(1)
	childPaged := false
	own := int64(1)
	if def != nil {
		weight, long := c.limits.fieldWeight(parent.Name, f.Name)
		own += weight
		if weight > c.heaviestWeight {
			c.heaviest, c.heaviestWeight = parent.Name+"."+f.Name, weight
		}
		if def.Arguments.ForName("first") != nil {
			n, ok := c.first(f)
			if !ok {
				return 0
			}
			mult, childPaged = n, true
		} else if def.Type != nil && def.Type.Elem != nil && !paged {
			mult = int64(c.limits.ListCost)
			if long {
				mult *= longListFactor
			}
		}
	}
	if len(f.SelectionSet) == 0 {
		return own
	}
	var typ *ast.Definition
	if def != nil && def.Type != nil {
		typ = c.typeNamed(def.Type.Name())
	}
	sub := c.selectionSet(f.SelectionSet, typ, depth, here, childPaged)
	return satAdd(own, satMul(mult, sub))
}

// first returns the page size a field's first: argument asks for, as a cost
// multiplier; false (with c.err set) when it is above MaxFirst.
func (c *checker) first(f *ast.Field) (int64, bool) {
	n, set := int64(0), false
	if a := f.Arguments.ForName("first"); a != nil && a.Value != nil {
		n, set = c.intValue(a.Value)
	}
	switch {
	case !set || n == 0:
		return int64(c.limits.DefaultFirst), true
	case n < 0:
		return 1, true // the resolver refuses it
	case n > int64(c.limits.MaxFirst):
		c.err = limitError(ReasonFirstTooLarge, f.Position, c.limits.MaxFirst, n,
			"first: %d is more than the maximum page size %d", n, c.limits.MaxFirst)
		return 0, false
	}
	return n, true
}

// intValue returns the integer a value stands for (a literal, or a variable from the
// request or its default); false when it is null, absent or not an integer, which
// validation or coercion reports if it matters.
func (c *checker) intValue(v *ast.Value) (int64, bool) {
	switch v.Kind {
	case ast.IntValue:
		n, err := strconv.ParseInt(v.Raw, 10, 64)
		if err != nil {
			return saturated, true // out of range: above any cap
		}
		return n, true
	case ast.Variable:
		if raw, ok := c.vars[v.Raw]; ok {
			n, ok := jsonInt(raw)
			c.readings = append(c.readings, varReading{name: v.Raw, present: true, n: n, ok: ok})
			return n, ok
		}
		c.readings = append(c.readings, varReading{name: v.Raw})
		if c.op != nil {
			if d := c.op.VariableDefinitions.ForName(v.Raw); d != nil && d.DefaultValue != nil && d.DefaultValue.Kind != ast.Variable {
				return c.intValue(d.DefaultValue)
			}
		}
	}
	return 0, false
}

// jsonInt returns the integer of a decoded JSON value.
func jsonInt(v any) (int64, bool) {
	switch n := v.(type) {
	case json.Number:
		if i, err := n.Int64(); err == nil {
			return i, true
		}
		if f, err := n.Float64(); err == nil {
			return floatInt(f)
		}
	case float64:
		return floatInt(n)
	case int:
		return int64(n), true
	case int64:
		return n, true
	case int32:
		return int64(n), true
	}
	return 0, false
}

func floatInt(f float64) (int64, bool) {
	switch {
	case f != math.Trunc(f) || math.IsNaN(f):
		return 0, false
	case f >= math.MaxInt64 || f <= math.MinInt64:
		return saturated, true
	}
	return int64(f), true
}

func (c *checker) directivesSize(ds ast.DirectiveList) int64 {
	var n int64
	for _, d := range ds {
		n++
		for _, a := range d.Arguments {
			n += 1 + valueSize(a.Value)
		}
	}
	return n
}

// valueSize counts the nodes of an argument value. Values nest at most MaxTokens
// deep.
func valueSize(v *ast.Value) int64 {
	if v == nil {
		return 0
	}
	n := int64(1)
	for _, ch := range v.Children {
		n += valueSize(ch.Value)
	}
	return n
}

func satAdd(a, b int64) int64 {
	if a > saturated-b {
		return saturated
	}
	return a + b
}

func satMul(a, b int64) int64 {
	if a == 0 || b == 0 {
		return 0
	}
	if a > saturated/b {
		return saturated
	}
	return a * b
}
