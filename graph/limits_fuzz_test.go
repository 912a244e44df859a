package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/executor"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"claimgraph/graph"
)

// The time budgets of FuzzPrecheck. The check of a query at the default limits takes
// a few milliseconds, and gqlgen's validation of a query the check accepts no more:
// the budgets leave room for a loaded machine and the fuzzer's instrumentation, and
// are still far below the seconds an unchecked query can take.
const (
	checkBudget    = 250 * time.Millisecond
	validateBudget = 250 * time.Millisecond
)

// FuzzPrecheck checks that the limits' pre-check never panics, answers within its
// budget, codes every error it returns, and keeps its promise: a query it accepts is
// parsed and validated by gqlgen within the budget too.
//
//	go test ./graph -run '^$' -fuzz FuzzPrecheck -fuzztime 5m
func FuzzPrecheck(f *testing.F) {
	for _, q := range []string{
		"{ __typename }",
		`query($n: Int = 5) { claims(first: $n, filter: {text: "x"}) { totalCount edges { cursor node { id text claimant { name } } } pageInfo { hasNextPage } } }`,
		`{ node(id: "clm_000000000001") { id ... on Claim { trace { appearances { chain { actor { name } } drift { similarity } } } } } }`,
		`mutation { createEvent(input: {name: "e", startTime: "2024-01-01T00:00:00Z"}) { id } }`,
		"{ a: claims { totalCount } b: claims @skip(if: true) { totalCount } ...F } fragment F on Query { actors(first: 3) { nodes { members { name } } } }",
		"{" + strings.Repeat(" __typename", 30) + " }",
		"{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }",
		"{ ...A } fragment A on Query { ...B ...B } fragment B on Query { ...C ...C } fragment C on Query { __typename }",
		"{ __schema { types { fields { type { fields { type { name } } } } } } }",
		"{ claims(first: 1000000) { totalCount } }",
		`query Q1 { ...F } query Q2 { ...F } fragment F on Query { claims { totalCount } }`,
		"{ claims(filter: {text: [[[[[\"deep\"]]]]]}) { totalCount } }",
		"{ claims(",
		"#comment\n{ __typename }",
		graphiqlIntrospection,
	} {
		f.Add(q, []byte(`{"n": 10}`))
	}
	// The shapes that make gqlgen's validation slow, at sizes it takes seconds for.
	var chain, ops, laughs strings.Builder
	chain.WriteString("{ ...F0 }")
	for i := range 1000 {
		fmt.Fprintf(&chain, " fragment F%d on Query { ...F%d }", i, i+1)
	}
	chain.WriteString(" fragment F1000 on Query { __typename }")
	for i := range 1000 {
		fmt.Fprintf(&ops, "query Q%d { ...F } ", i)
	}
	ops.WriteString("fragment F on Query { __typename claims { totalCount } actors { totalCount } }")
	laughs.WriteString("{ ...F0 }")
	for i := range 30 {
		fmt.Fprintf(&laughs, " fragment F%d on Query { a: claims { ...F%d } b: claims { ...F%d } }", i, i+1, i+1)
	}
	laughs.WriteString(" fragment F30 on Query { __typename }")
	for _, q := range []string{"{" + strings.Repeat(" __typename", 5000) + " }", chain.String(), ops.String(), laughs.String()} {
		f.Add(q, []byte(nil))
	}
	f.Add("query($n: Int) { claims(first: $n) { nodes { attributions { id } } } }", []byte(`{"n": 1e300}`))
	f.Add("query($n: Int) { claims(first: $n) { nodes { id } } }", []byte(`{"n": -1}`))

	es := graph.NewExecutableSchema(graph.Config{Resolvers: &graph.Resolver{}})
	schema := es.Schema()
	exec := executor.New(es)
	limits := graph.DefaultLimits()

	f.Fuzz(func(t *testing.T, query string, variables []byte) {
		if len(query) > 1<<20 {
			t.Skip("larger than the default body limit")
		}
		var vars map[string]any
		dec := json.NewDecoder(bytes.NewReader(variables))
		dec.UseNumber()
		_ = dec.Decode(&vars)

		var st graph.LimitStats
		var err *gqlerror.Error
		if d := fastest(func() { st = graph.LimitStats{}; err = graph.Check(schema, limits, query, vars, &st) }); d > checkBudget {
			t.Fatalf("the check took %v (budget %v); stats %s", d, checkBudget, statsString(st))
		}
		if err != nil {
			if code, _ := err.Extensions["code"].(string); code == "" {
				t.Fatalf("error without a code: %v", err)
			}
			return
		}
		if st.Tokens > limits.MaxTokens || st.Depth > limits.MaxDepth || st.Aliases > limits.MaxAliases ||
			st.Directives > limits.MaxDirectives || st.Duplicates > limits.MaxDuplicates ||
			st.Complexity > int64(limits.MaxComplexity) || st.Nodes > int64(limits.MaxNodes) {
			t.Fatalf("accepted a query over a limit: %s", statsString(st))
		}

		validate := func() {
			ctx := graphql.StartOperationTrace(context.Background())
			exec.CreateOperationContext(ctx, &graphql.RawParams{Query: query, Variables: vars})
		}
		if d := fastest(validate); d > validateBudget {
			t.Fatalf("gqlgen took %v (budget %v) to parse and validate a query the check accepted; stats %s", d, validateBudget, statsString(st))
		}
	})
}

// fastest returns how long fn takes: if a first run is over the budgets, the fastest
// of three, so that a pause of the machine (a GC, other processes) is not taken for
// slowness of the code.
func fastest(fn func()) time.Duration {
	start := time.Now()
	fn()
	d := time.Since(start)
	for i := 0; i < 2 && d > min(checkBudget, validateBudget); i++ {
		start = time.Now()
		fn()
		d = min(d, time.Since(start))
	}
	return d
}

func statsString(st graph.LimitStats) string {
	st.Query = ""
	return fmt.Sprintf("%+v", st)
}
