package graph

import (
	"encoding/json"
	"slices"
	"testing"
)

// TestPassedVerdictReadsEachVariableOnce checks that the verdict remembered for a
// query keeps one reading of each variable however often the query uses it, so a
// remembered query costs memory in its variables, not in its fields.
func TestPassedVerdictReadsEachVariableOnce(t *testing.T) {
	schema := NewExecutableSchema(Config{Resolvers: &Resolver{}}).Schema()
	q := `query($n: Int, $m: Int) { ...F ...F a: claims(first: $m) { totalCount } }
fragment F on Query { claims(first: $n) { totalCount } actors(first: $n) { totalCount } sources(first: $m) { totalCount } }`
	vars := map[string]any{"n": json.Number("5")}
	readings, err := check(schema, DefaultLimits(), q, vars, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []varReading{{name: "m"}, {name: "n", present: true, n: 5, ok: true}}
	if !slices.Equal(readings, want) {
		t.Errorf("readings %+v, want %+v", readings, want)
	}
	p := &passedQuery{readings: readings}
	for _, tc := range []struct {
		vars  map[string]any
		holds bool
	}{
		{vars, true},
		{map[string]any{"n": 5.0}, true},
		{map[string]any{"n": json.Number("6")}, false},
		{map[string]any{"n": json.Number("5"), "m": json.Number("5")}, false},
		{nil, false},
	} {
		if got := p.holds(tc.vars); got != tc.holds {
			t.Errorf("holds(%v) = %v, want %v", tc.vars, got, tc.holds)
		}
	}
}
