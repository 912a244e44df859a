package graph

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/executor"
	"github.com/vektah/gqlparser/v2/lexer"
	"github.com/vektah/gqlparser/v2/ast"
)

func countTok(q string) int {
	lx := lexer.New(&ast.Source{Input: q})
	n := 0
	for {
		t, err := lx.ReadToken()
		if err != nil || t.Kind == lexer.EOF { return n }
		n++
	}
}

func TestExpValidate(t *testing.T) {
	es := NewExecutableSchema(Config{Resolvers: &Resolver{}})
	ex := executor.New(es)
	cases := map[string]string{}
	// dup fields
	cases["dup5000"] = "{" + strings.Repeat(" __typename", 5000) + "}"
	cases["dup2500"] = "{" + strings.Repeat(" __typename", 2500) + "}"
	// nested dups width w depth d
	nest := func(w, d int) string {
		s := "__typename"
		for i := 0; i < d; i++ {
			s = strings.Repeat("claims{nodes{"+s+"}}", w)
			_ = i
		}
		return "{" + s + "}"
	}
	cases["nest4x3"] = nest(4, 3)
	cases["nest3x4"] = nest(3, 4)
	cases["nest10x2"] = nest(10, 2)
	// many fragments spread in root
	var b strings.Builder
	b.WriteString("{")
	for i := 0; i < 700; i++ { fmt.Fprintf(&b, " ...F%d", i) }
	b.WriteString("}")
	for i := 0; i < 700; i++ { fmt.Fprintf(&b, " fragment F%d on Query { a%d: __typename }", i, i) }
	cases["frags700"] = b.String()
	// fragment chain
	b.Reset()
	b.WriteString("{...F0}")
	for i := 0; i < 1400; i++ { fmt.Fprintf(&b, " fragment F%d on Query { ...F%d }", i, i+1) }
	b.WriteString(" fragment F1400 on Query { __typename }")
	cases["chain1400"] = b.String()
	// many ops each spreading a big fragment
	b.Reset()
	for i := 0; i < 1000; i++ { fmt.Fprintf(&b, " query Q%d {...F}", i) }
	b.WriteString(" fragment F on Query {" + strings.Repeat(" __typename", 1)+ strings.Repeat(" claims{totalCount}", 1000) + "}")
	cases["ops1000"] = b.String()
	// same-name fragments pairs
	for name, q := range cases {
		ctx := graphql.StartOperationTrace(context.Background())
		start := time.Now()
		_, errs := ex.CreateOperationContext(ctx, &graphql.RawParams{Query: q, OperationName: ""})
		msg := ""
		if len(errs) > 0 { msg = errs[0].Message; if len(msg) > 80 { msg = msg[:80] } }
		t.Logf("%-10s tokens=%6d bytes=%7d %v errs=%d %s", name, countTok(q), len(q), time.Since(start), len(errs), msg)
	}
}
