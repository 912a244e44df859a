package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
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
// parsed and validated by gqlgen within the budget too. Its seeds, among them the
// shapes that make gqlgen's validation slow at sizes it takes seconds for, are in
// testdata/fuzz/FuzzPrecheck.
//
//	go test ./graph -run '^$' -fuzz FuzzPrecheck -fuzztime 5m
func FuzzPrecheck(f *testing.F) {
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
