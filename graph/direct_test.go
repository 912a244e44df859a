package graph

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"claimgraph/demo"
	"claimgraph/storage/storagetest"
)

// The direct executor must answer exactly what gqlgen's executor answers: these
// tests send the same requests to a handler with it and one without it over the same
// demo store and compare status and body byte for byte.

type directPair struct {
	direct, gqlgen http.Handler
}

func mustDirectPair(tb testing.TB) directPair {
	tb.Helper()
	store := storagetest.MustOpenDemo(tb)
	opts := DefaultOptions()
	only := opts
	only.GQLGenOnly = true
	return directPair{direct: NewHandlerWith(store, nil, opts), gqlgen: NewHandlerWith(store, nil, only)}
}

func send(h http.Handler, body []byte) (int, []byte) {
	req := httptest.NewRequest(http.MethodPost, "/query", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}

// compare sends body to both handlers and fails when the answers differ.
func (p directPair) compare(tb testing.TB, body []byte) {
	tb.Helper()
	wantCode, want := send(p.gqlgen, body)
	gotCode, got := send(p.direct, body)
	if gotCode != wantCode || !bytes.Equal(got, want) && !sameWithErrorsInAnyOrder(got, want) {
		tb.Fatalf("request %s\ngqlgen answered %d %s\ndirect answered %d %s", body, wantCode, want, gotCode, got)
	}
}

// sameWithErrorsInAnyOrder reports whether two answers differ only in the order of
// their errors: gqlgen's executor resolves fields concurrently and lists errors as
// they happen, so two runs of one failing query may order them differently.
func sameWithErrorsInAnyOrder(a, b []byte) bool {
	type answer struct {
		Errors     []json.RawMessage `json:"errors"`
		Data       json.RawMessage   `json:"data"`
		Extensions json.RawMessage   `json:"extensions"`
	}
	var x, y answer
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil || len(x.Errors) != len(y.Errors) {
		return false
	}
	sorted := func(errs []json.RawMessage) []string {
		out := make([]string, len(errs))
		for i, e := range errs {
			out[i] = string(e)
		}
		slices.Sort(out)
		return out
	}
	return bytes.Equal(x.Data, y.Data) && bytes.Equal(x.Extensions, y.Extensions) && slices.Equal(sorted(x.Errors), sorted(y.Errors))
}

func requestBody(query string, vars map[string]any) []byte {
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return b
}

// demoIDs returns the demo data's node IDs by type prefix (clm, act, …).
func demoIDs(tb testing.TB) map[string][]string {
	tb.Helper()
	ids := map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(demo.Data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rec struct {
			ID string `json:"id"`
		}
		if json.Unmarshal(sc.Bytes(), &rec) == nil && len(rec.ID) > 4 {
			ids[rec.ID[:3]] = append(ids[rec.ID[:3]], rec.ID)
		}
	}
	if len(ids["clm"]) == 0 {
		tb.Fatal("no claims in the demo data")
	}
	return ids
}

// The queries the benchmarks, the README and the viewer send, and the shapes that
// exercise what the executor must get right: aliases, fragments, directives,
// __typename, interfaces, connections, nulls and errors.
func TestDirectAnswersAsGQLGen(t *testing.T) {
	p := mustDirectPair(t)
	ids := demoIDs(t)
	claim, actor, source, event := ids["clm"][10], ids["act"][0], ids["src"][13], ids["evt"][0]
	cases := []struct {
		name     string
		query    string
		vars     map[string]any
		indirect bool // gqlgen's executor must answer it
	}{
		{name: "the claim trace", query: `query($id: ID!) { claim(id: $id) { id text claimant { id name kind } attributions { id quote kind cue source { id title url publishedAt } } } }`, vars: map[string]any{"id": claim}},
		{name: "the trace field with drift", query: `query($id: ID!) { claim(id: $id) { id trace { claimant { id name } affiliationChain { name } event { name } earliest { source { id } } appearances { attribution { quote cue start end } source { id title } publisher { name } chain { relation depth actor { name } source { title } } drift { similarity removed added substitutions { from to } segments { op text } } } } } }`, vars: map[string]any{"id": claim}},
		{name: "the text filter", query: `{ claims(filter: {text: "Syrian government"}, first: 10) { totalCount edges { cursor node { id text medium claimant { name kind } event { name } attributions { quote kind cue medium source { id title publisher { name } } } } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`},
		{name: "an actor's claims by cursor", query: `query($id: ID!, $after: String) { actor(id: $id) { claims(first: 2, after: $after) { nodes { id text } pageInfo { endCursor hasNextPage } totalCount } } }`, vars: map[string]any{"id": actor}},
		{name: "aliases and __typename", query: `query($id: ID!) { a: claim(id: $id) { __typename x: id y: text } b: claim(id: $id) { id } }`, vars: map[string]any{"id": claim}},
		{name: "fragments on the Node interface", query: `query($c: ID!, $a: ID!, $s: ID!, $e: ID!) { c: node(id: $c) { id __typename ...F ... on Claim { text } } a: node(id: $a) { ...F ... on Actor { name aliases role affiliation { name } members { name } } } s: node(id: $s) { ...F ... on Source { title kind hasText textSha256 url publishedAt retrievedAt cites { id } citedBy { id } } } e: node(id: $e) { ...F ... on Event { name description startTime endTime location sources { id } actors { id } } } } fragment F on Node { id }`, vars: map[string]any{"c": claim, "a": actor, "s": source, "e": event}},
		{name: "skip and include by variable", query: `query($id: ID!, $yes: Boolean!) { claim(id: $id) { id text @skip(if: $yes) medium @include(if: $yes) claimant @include(if: false) { name } } }`, vars: map[string]any{"id": claim, "yes": true}},
		{name: "a node that does not exist is gqlgen's NOT_FOUND", query: `{ claim(id: "clm_00000000zzzzz") { id } node(id: "act_00000000zzzzz") { id } }`, indirect: true},
		{name: "lists of every kind", query: `{ actors(first: 50) { totalCount nodes { id name kind claims(first: 1) { totalCount } published(first: 1) { totalCount } } } sources(first: 50) { edges { node { id attributions { id viaActor { name } viaSource { title } mention extraction { confidence } } claims(first: 2) { nodes { id } } } } } events { nodes { id claims { totalCount } } } }`},
		{name: "relations and reviews", query: `query($id: ID!) { claim(id: $id) { related { outgoing relation { id kind note assertedBy { name } from { id } to { id } } claim { id } } reviews { id rating bestRating worstRating verdict explanation reviewedAt evidence reviewer { name } claim { id } } extraction { status } } }`, vars: map[string]any{"id": claim}},
		{name: "a bad ID is gqlgen's error", query: `{ claim(id: "nonsense") { id } }`, indirect: true},
		{name: "history is left to gqlgen", query: `query($id: ID!) { claim(id: $id) { id history { entry { seq operation } } } }`, vars: map[string]any{"id": claim}, indirect: true},
		{name: "search is left to gqlgen", query: `{ search(query: "Syrian government fully supports", first: 3) { totalCount edges { score node { id } } } }`, indirect: true},
		{name: "introspection is left to gqlgen", query: `{ __type(name: "Claim") { name fields { name } } }`, indirect: true},
		{name: "a mutation is left to gqlgen", query: `mutation { deleteClaim(id: "clm_00000000zzzzz") { id } }`, indirect: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			answered, handedOn := directAnswered.Load(), directHandedOn.Load()
			p.compare(t, requestBody(tc.query, tc.vars))
			if tc.query[:8] == "mutation" {
				return // mutations never reach the direct executor's middleware choice
			}
			direct := directAnswered.Load() > answered
			if direct == tc.indirect || !tc.indirect && directHandedOn.Load() != handedOn {
				t.Errorf("answered directly: %v, want %v", direct, !tc.indirect)
			}
		})
	}
}

// TestDirectAnswersRandomQueriesAsGQLGen sends random queries built from the schema:
// random fields of every type (also those the direct executor leaves to gqlgen),
// aliases, fragments, arguments from the demo data.
func TestDirectAnswersRandomQueriesAsGQLGen(t *testing.T) {
	p := mustDirectPair(t)
	g := queryGen{schema: parsedSchema, ids: demoIDs(t), rng: rand.New(rand.NewPCG(7, 11))}
	const n = 400
	answered := directAnswered.Load()
	for i := range n {
		q := g.query()
		t.Run(fmt.Sprint(i), func(t *testing.T) { p.compare(t, requestBody(q, nil)) })
	}
	// Most random queries touch some field left to gqlgen; enough must not, or the
	// comparison says little about the direct executor.
	if got := directAnswered.Load() - answered; got < n/5 {
		t.Errorf("the direct executor answered %d of %d random queries, want at least %d", got, n, n/5)
	}
}

// queryGen writes random valid queries over a schema.
type queryGen struct {
	schema *ast.Schema
	ids    map[string][]string
	rng    *rand.Rand
	b      strings.Builder
}

// skipped are fields whose answers are large or slow and add nothing here.
var skipped = map[string]bool{"export": true, "tokens": true, "auditLog": true, "history": true, "__schema": true, "__type": true, "text@Source": true}

func (g *queryGen) query() string {
	g.b.Reset()
	g.b.WriteString("{ ")
	roots := []string{"claim", "actor", "source", "event", "attribution", "claimRelation", "review", "node", "claims", "actors", "sources", "events", "actorByName"}
	for i := range 1 + g.rng.IntN(2) {
		name := roots[g.rng.IntN(len(roots))]
		fmt.Fprintf(&g.b, "r%d: ", i)
		g.field(g.schema.Query.Fields.ForName(name), "Query", 0)
	}
	g.b.WriteString("}")
	return g.b.String()
}

func (g *queryGen) field(f *ast.FieldDefinition, parent string, depth int) {
	g.b.WriteString(f.Name)
	if len(f.Arguments) > 0 {
		g.arguments(f)
	}
	typ := g.schema.Types[f.Type.Name()]
	if typ.Kind == ast.Scalar || typ.Kind == ast.Enum {
		g.b.WriteString(" ")
		return
	}
	g.b.WriteString(" { ")
	g.selection(typ, depth+1)
	g.b.WriteString("} ")
}

func (g *queryGen) selection(typ *ast.Definition, depth int) {
	if typ.Kind == ast.Interface {
		g.b.WriteString("id __typename ")
		for _, impl := range g.schema.GetPossibleTypes(typ) {
			if g.rng.IntN(2) == 0 {
				fmt.Fprintf(&g.b, "... on %s { ", impl.Name)
				g.selection(impl, depth)
				g.b.WriteString("} ")
			}
		}
		return
	}
	var leaves, objects []*ast.FieldDefinition
	for _, f := range typ.Fields {
		if skipped[f.Name] || skipped[f.Name+"@"+typ.Name] || strings.HasPrefix(f.Name, "__") {
			continue
		}
		if k := g.schema.Types[f.Type.Name()].Kind; k == ast.Scalar || k == ast.Enum {
			leaves = append(leaves, f)
		} else {
			objects = append(objects, f)
		}
	}
	picked := 0
	for _, f := range leaves {
		if g.rng.IntN(3) > 0 {
			if g.rng.IntN(6) == 0 {
				fmt.Fprintf(&g.b, "a%d: ", g.rng.IntN(100))
			}
			g.field(f, typ.Name, depth)
			picked++
		}
	}
	if depth < 4 {
		for _, f := range objects {
			if g.rng.IntN(3) == 0 {
				g.field(f, typ.Name, depth)
				picked++
			}
		}
	}
	if g.rng.IntN(8) == 0 {
		g.b.WriteString("__typename ")
		picked++
	}
	if picked == 0 {
		if len(leaves) > 0 {
			g.field(leaves[0], typ.Name, depth)
		} else {
			g.b.WriteString("__typename ")
		}
	}
}

// idPrefixes names the ID prefix of the nodes an argument or filter field refers to.
var idPrefixes = map[string]string{
	"claim": "clm", "actor": "act", "source": "src", "event": "evt", "attribution": "att",
	"claimRelation": "rel", "review": "rev", "claimant": "act", "publisher": "act", "affiliation": "act",
}

func (g *queryGen) id(hint string) string {
	prefix := idPrefixes[hint]
	if prefix == "" {
		all := []string{"clm", "act", "src", "evt", "att"}
		prefix = all[g.rng.IntN(len(all))]
	}
	list := g.ids[prefix]
	if len(list) == 0 || g.rng.IntN(12) == 0 {
		return prefix + "_00000000zzzzz" // a well-formed ID of nothing
	}
	return list[g.rng.IntN(len(list))]
}

func (g *queryGen) arguments(f *ast.FieldDefinition) {
	var parts []string
	for _, a := range f.Arguments {
		required := a.Type.NonNull
		if !required && g.rng.IntN(2) == 0 {
			continue
		}
		switch {
		case a.Name == "id":
			parts = append(parts, fmt.Sprintf("id: %q", g.id(f.Name)))
		case a.Name == "name":
			parts = append(parts, `name: "Donald Trump"`)
		case a.Name == "query":
			parts = append(parts, `query: "strikes"`)
		case a.Name == "first":
			parts = append(parts, fmt.Sprintf("first: %d", g.rng.IntN(6)))
		case a.Name == "includeRecorded":
			parts = append(parts, fmt.Sprintf("includeRecorded: %v", g.rng.IntN(2) == 0))
		case a.Name == "filter":
			if filter := g.filter(a.Type.Name()); filter != "" {
				parts = append(parts, "filter: {"+filter+"}")
			}
		case required:
			parts = append(parts, a.Name+": null") // gqlgen refuses it, both ways
		}
	}
	if len(parts) > 0 {
		g.b.WriteString("(" + strings.Join(parts, ", ") + ")")
	}
}

func (g *queryGen) filter(typ string) string {
	def := g.schema.Types[typ]
	var parts []string
	for _, f := range def.Fields {
		if g.rng.IntN(3) > 0 {
			continue
		}
		switch {
		case f.Name == "text" || f.Name == "name":
			words := []string{"strikes", "Syrian government", "Trump", "Iraq", "no such word"}
			parts = append(parts, fmt.Sprintf("%s: %q", f.Name, words[g.rng.IntN(len(words))]))
		case f.Type.Name() == "ID":
			parts = append(parts, fmt.Sprintf("%s: %q", f.Name, g.id(f.Name)))
		case g.schema.Types[f.Type.Name()].Kind == ast.Enum:
			vals := g.schema.Types[f.Type.Name()].EnumValues
			parts = append(parts, f.Name+": "+vals[g.rng.IntN(len(vals))].Name)
		}
	}
	return strings.Join(parts, ", ")
}
