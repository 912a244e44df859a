package graph_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"
	"github.com/vektah/gqlparser/v2/ast"

	"claimgraph/graph"
	"claimgraph/httpguard"
	"claimgraph/storage"
	"claimgraph/storage/storagetest"
)

// guarded returns the server's handler chain for /query: httpguard in front of the
// GraphQL handler, with the rate limit off (the tests send many requests at once).
func guardedHandler(tb testing.TB, store *storage.Store, opts graph.Options) http.Handler {
	tb.Helper()
	cfg := httpguard.DefaultConfig()
	cfg.RateLimit, cfg.IPRateLimit = -1, -1
	g, err := httpguard.New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return g.Wrap(graph.NewHandlerWith(store, nil, opts))
}

func limitsSchema() *ast.Schema {
	return graph.NewExecutableSchema(graph.Config{Resolvers: &graph.Resolver{}}).Schema()
}

// limPost returns a POST /query of body as JSON.
func limPost(body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/query", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	return r
}

func limBody(query string) string {
	b, _ := json.Marshal(map[string]any{"query": query})
	return string(b)
}

// limResponse is a decoded GraphQL response.
type limResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
}

func limDecode(tb testing.TB, rec *httptest.ResponseRecorder) limResponse {
	tb.Helper()
	var resp limResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		tb.Fatalf("status %d, body is not JSON: %v\n%.300s", rec.Code, err, rec.Body.String())
	}
	return resp
}

func limRep(s string, n int) string { return strings.Repeat(s, n) }

// wantReason checks that a query is refused as INVALID, with extensions.reason
// reason and a message that contains each of the fragments.
func wantReason(tb testing.TB, c *client.Client, query, reason string, fragments ...string) {
	tb.Helper()
	wantError(tb, c, query, "INVALID", fragments...)
	if errs := do(tb, c, query, nil); errs[0].Extensions["reason"] != reason {
		tb.Errorf("extensions %v, want reason %s", errs[0].Extensions, reason)
	}
}

// TestAbuse sends each abusive request through the handler chain of the server over
// the demo store and checks that it is refused with the right status and reason,
// fast and in bounded memory. Where a payload under the default token limit cannot
// reach another limit (5,000 aliases take 15,000 tokens), the case runs again with
// the token limit lifted, to show that the other limit holds on its own.
func TestAbuse(t *testing.T) {
	store := storagetest.MustOpenDemo(t)
	h := guardedHandler(t, store, graph.DefaultOptions())
	noTokenLimit := graph.DefaultOptions()
	noTokenLimit.Limits.MaxTokens = graph.NoLimit
	hNoTokenLimit := guardedHandler(t, store, noTokenLimit)
	aliased := func(n int, field string) func() *http.Request {
		return func() *http.Request {
			var b strings.Builder
			for i := range n {
				fmt.Fprintf(&b, " a%d: %s", i, field)
			}
			return limPost(limBody("{" + b.String() + " }"))
		}
	}
	countEvents := func() string {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, limPost(limBody("{ events { totalCount } actors { totalCount } }")))
		return rec.Body.String()
	}
	eventsBefore := countEvents()

	multipartMutation := func() *http.Request {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		mw.WriteField("operations", `{"query":"mutation { createEvent(input: {name: \"x\"}) { id } }"}`)
		mw.WriteField("map", `{}`)
		mw.Close()
		r := httptest.NewRequest(http.MethodPost, "/query", &b)
		r.Header.Set("Content-Type", mw.FormDataContentType())
		return r
	}
	urlencodedMutation := func() *http.Request {
		form := url.Values{"query": {`mutation { createEvent(input: {name: "x"}) { id } }`}}
		r := httptest.NewRequest(http.MethodPost, "/query", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return r
	}
	getMutation := func() *http.Request {
		q := url.Values{"query": {`mutation { createEvent(input: {name: "x"}) { id } }`}}
		return httptest.NewRequest(http.MethodGet, "/query?"+q.Encode(), nil)
	}
	var laughs strings.Builder // each fragment spreads the next twice: 2^30 fields inlined
	laughs.WriteString("{ ...F0 }")
	for i := 0; i < 30; i++ {
		fmt.Fprintf(&laughs, " fragment F%d on Query { ...F%d ...F%d }", i, i+1, i+1)
	}
	laughs.WriteString(" fragment F30 on Query { __typename }")
	var manyOps strings.Builder // every operation validates the same big fragment
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&manyOps, "query Q%d { ...F } ", i)
	}
	manyOps.WriteString("fragment F on Query { __typename claims { totalCount } actors { totalCount } sources { totalCount } events { totalCount } }")
	var chain strings.Builder // a chain of fragments: validation walks it from each link
	chain.WriteString("{ ...F0 }")
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&chain, " fragment F%d on Query { ...F%d }", i, i+1)
	}
	chain.WriteString(" fragment F1000 on Query { __typename }")

	cases := []struct {
		name   string
		req    func() *http.Request
		status int
		reason string
		msg    string
		h      http.Handler // nil: the default limits
	}{
		{"5,000 duplicated fields", func() *http.Request { return limPost(limBody("{" + limRep(" __typename", 5000) + " }")) },
			422, graph.ReasonTooManyDuplicates, `"__typename" is requested 26 times`, nil},
		{"5,000 aliases", func() *http.Request {
			var b strings.Builder
			for i := range 5000 {
				fmt.Fprintf(&b, " a%d: __typename", i)
			}
			return limPost(limBody("{" + b.String() + " }"))
		}, 422, graph.ReasonTooManyTokens, "more than 10000 tokens", nil},
		{"5,000 aliases, the token limit lifted", aliased(5000, "__typename"), 422, graph.ReasonTooManyAliases, "5000 aliases (limit 100)", hNoTokenLimit},
		{"1,000 aliases", func() *http.Request {
			var b strings.Builder
			for i := range 1000 {
				fmt.Fprintf(&b, " a%d: __typename", i)
			}
			return limPost(limBody("{" + b.String() + " }"))
		}, 422, graph.ReasonTooManyAliases, "1000 aliases (limit 100)", nil},
		{"50,000 directives", func() *http.Request {
			return limPost(limBody("{ __typename" + limRep(" @include(if: true)", 50000) + " }"))
		}, 422, graph.ReasonTooManyTokens, "tokens (limit 10000)", nil},
		{"50,000 directives, the token limit lifted", func() *http.Request {
			return limPost(limBody("{ __typename" + limRep(" @include(if: true)", 50000) + " }"))
		}, 422, graph.ReasonTooManyDirectives, "50000 directives (limit 50)", hNoTokenLimit},
		{"1,000 directives", func() *http.Request {
			return limPost(limBody("{ __typename" + limRep(" @skip(if: false)", 1000) + " }"))
		},
			422, graph.ReasonTooManyDirectives, "1000 directives (limit 50)", nil},
		{"depth 50", func() *http.Request {
			return limPost(limBody(`{ actor(id: "act_000000000001") { ` + limRep("affiliation { ", 48) + "id" + limRep(" }", 49) + " }"))
		}, 422, graph.ReasonTooDeep, "more than 15 fields deep", nil},
		{"circular fragments", func() *http.Request {
			return limPost(limBody("{ ...A } fragment A on Query { ...B } fragment B on Query { ...C } fragment C on Query { ...A }"))
		}, 422, "GRAPHQL_VALIDATION_FAILED", `Cannot spread fragment "A" within itself via B, C`, nil},
		{"circular introspection query", func() *http.Request {
			return limPost(limBody("{ __schema { types { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } }"))
		}, 422, graph.ReasonTooComplex, "estimated cost of", nil},
		{"fragment doubling (billion laughs)", func() *http.Request { return limPost(limBody(laughs.String())) },
			422, graph.ReasonTooManyDuplicates, `"__typename" is requested 26 times`, nil},
		{"1,000 operations sharing a fragment", func() *http.Request { return limPost(limBody(manyOps.String())) },
			422, graph.ReasonTooLarge, "too large to validate", nil},
		{"a chain of 1,000 fragments", func() *http.Request { return limPost(limBody(chain.String())) },
			422, graph.ReasonTooLarge, "too large to validate", nil},
		{"nested lists", func() *http.Request {
			return limPost(limBody("{ claims(first: 1000) { nodes { attributions { source { claims(first: 1000) { nodes { id } } } } } } }"))
		}, 422, graph.ReasonTooComplex, "limit 100000", nil},
		{"first: 1000000", func() *http.Request { return limPost(limBody("{ claims(first: 1000000) { totalCount } }")) },
			422, graph.ReasonFirstTooLarge, "first: 1000000 is more than the maximum page size 1000", nil},
		{"first: 1000000 in a variable", func() *http.Request {
			return limPost(`{"query": "query($n: Int) { claims(first: $n) { totalCount } }", "variables": {"n": 1000000}}`)
		}, 422, graph.ReasonFirstTooLarge, "first: 1000000", nil},
		{"10 MB body", func() *http.Request {
			return limPost(`{"query": "{ __typename }", "pad": "` + limRep("x", 10<<20) + `"}`)
		}, 413, "REQUEST_TOO_LARGE", "larger than 1048576 bytes", nil},
		{"JSON array batch", func() *http.Request { return limPost(`[{"query": "{ __typename }"}, {"query": "{ __typename }"}]`) },
			400, "BATCH_NOT_SUPPORTED", "batches are not supported", nil},
		{"multipart mutation", multipartMutation, 415, "UNSUPPORTED_MEDIA_TYPE", "application/json", nil},
		{"url-encoded form mutation", urlencodedMutation, 415, "UNSUPPORTED_MEDIA_TYPE", "application/json", nil},
		{"GET mutation", getMutation, 405, graph.ReasonMutationOverGET, "a GET may only run a query: send the mutation as a POST", nil},

		// Fields whose resolvers do much more than read a record (see fieldWeight).
		{"10 aliased whole-store exports", aliased(10, "export(format: PROV_JSON)"), 422, graph.ReasonTooComplex,
			"estimated cost of 500020 (limit 100000): ask for fewer items with first:, or fewer nested lists; Query.export alone costs 50002 each time it is asked for", nil},
		{"100 aliased whole-store exports", aliased(100, "export(format: PROV_O)"), 422, graph.ReasonTooComplex, "limit 100000", nil},
		{"two exports of one event", aliased(2, `export(format: PROV_JSON, event: "evt_0000000000001")`), 422, graph.ReasonTooComplex, "limit 100000", nil},
		{"12 aliased discrepancies of 5 events", aliased(12, "events(first: 5) { nodes { discrepancies(includeRecorded: true) { key } } }"),
			422, graph.ReasonTooComplex, "Event.discrepancies alone costs 22001", nil},
		{"discrepancies of a page of events", func() *http.Request {
			return limPost(limBody("{ events { nodes { discrepancies { key claims { text } } } } }"))
		}, 422, graph.ReasonTooComplex, "limit 100000", nil},
		{"the sources of a page of events", func() *http.Request {
			return limPost(limBody("{ events(first: 20) { nodes { sources { id } actors { id } } } }"))
		}, 422, graph.ReasonTooComplex, "limit 100000", nil},
		{"traces of a page of claims", func() *http.Request {
			return limPost(limBody("{ claims(first: 500) { nodes { trace { appearances { source { id } } } } } }"))
		}, 422, graph.ReasonTooComplex, "limit 100000", nil},
		{"corroboration of a page of claims", func() *http.Request {
			return limPost(limBody("{ claims(first: 500) { nodes { corroboration { independent } } } }"))
		}, 422, graph.ReasonTooComplex, "limit 100000", nil},
		{"100 aliased searches", aliased(100, `search(query: "strike") { totalCount }`), 422, graph.ReasonTooComplex, "limit 100000", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := tc.req()
			rec := httptest.NewRecorder()
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			handler := h
			if tc.h != nil {
				handler = tc.h
			}
			handler.ServeHTTP(rec, req)
			elapsed := time.Since(start)
			runtime.ReadMemStats(&after)
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%d in %v, %d KiB allocated", rec.Code, elapsed.Round(10*time.Microsecond), alloc>>10)
			if rec.Code != tc.status {
				t.Errorf("status %d, want %d: %.300s", rec.Code, tc.status, rec.Body.String())
			}
			resp := limDecode(t, rec)
			if len(resp.Errors) == 0 {
				t.Fatalf("no errors: %.300s", rec.Body.String())
			}
			if resp.Data != nil && string(resp.Data) != "null" {
				t.Errorf("data %s, want none", resp.Data)
			}
			e := resp.Errors[0]
			if e.Extensions["code"] != "INVALID" || e.Extensions["reason"] != tc.reason {
				t.Errorf("extensions %v, want code INVALID and reason %s (message %q)", e.Extensions, tc.reason, e.Message)
			}
			if !strings.Contains(e.Message, tc.msg) {
				t.Errorf("message %q does not contain %q", e.Message, tc.msg)
			}
			if elapsed > 500*time.Millisecond {
				t.Errorf("took %v, want under 500ms", elapsed)
			}
			if alloc > 16<<20 {
				t.Errorf("allocated %d MiB, want under 16 MiB", alloc>>20)
			}
		})
	}

	// None of the refused mutations ran.
	if after := countEvents(); after != eventsBefore {
		t.Errorf("a refused mutation wrote: %s, before %s", after, eventsBefore)
	}
}

// TestLimitErrorsCarryMeasurements checks the extensions of a limit's error.
func TestLimitErrorsCarryMeasurements(t *testing.T) {
	rec := httptest.NewRecorder()
	guardedHandler(t, storagetest.MustOpen(t), graph.DefaultOptions()).ServeHTTP(rec, limPost(limBody("{"+limRep(" __typename", 30)+" }")))
	e := limDecode(t, rec).Errors[0]
	if e.Extensions["limit"] != float64(25) || e.Extensions["measured"] != float64(26) {
		t.Errorf("extensions %v, want limit 25 and measured 26", e.Extensions)
	}
	if len(e.Path) != 0 {
		t.Errorf("path %v", e.Path)
	}
}

// TestCheck checks each limit on its own, just under and just over.
func TestCheck(t *testing.T) {
	s := limitsSchema()
	small := graph.Limits{MaxTokens: 200, MaxDepth: 10, MaxAliases: 3, MaxDirectives: 2, MaxDuplicates: 3,
		MaxComplexity: 1000, MaxNodes: 200, MaxFirst: 100, DefaultFirst: 50, ListCost: 10}
	tokens40 := func(l *graph.Limits) { l.MaxTokens = 40 }
	depth3 := func(l *graph.Limits) { l.MaxDepth = 3 }
	cases := []struct {
		name, query string
		vars        map[string]any
		code        string // the reason, "" for none
		msg         string
		lim         func(*graph.Limits)
	}{
		{"tokens at the limit", "{" + limRep(" __typename", 38) + " }", nil, graph.ReasonTooManyDuplicates, "", tokens40},
		{"tokens over the limit", "{" + limRep(" __typename", 39) + " }", nil, graph.ReasonTooManyTokens, "more than 40 tokens (limit 40)", tokens40},
		{"comments are tokens", "{ __typename }" + limRep("#\n", 38), nil, graph.ReasonTooManyTokens, "", tokens40},
		{"depth at the limit", "{ actors { nodes { id } } }", nil, "", "", depth3},
		{"depth over the limit", "{ actors { nodes { affiliation { id } } } }", nil, graph.ReasonTooDeep, "more than 3 fields deep at \"id\" (limit 3)", depth3},
		{"depth through fragments", "{ actors { ...N } } fragment N on ActorConnection { nodes { ... on Actor { affiliation { id } } } }", nil, graph.ReasonTooDeep, "", depth3},
		{"aliases at the limit", "{ a: __typename b: __typename c: __typename }", nil, "", "", nil},
		{"aliases over the limit", "{ a: __typename b: __typename c: __typename d: __typename }", nil, graph.ReasonTooManyAliases, "4 aliases (limit 3)", nil},
		{"aliases in fragments", "{ a: __typename ...F } fragment F on Query { b: __typename c: __typename d: __typename }", nil, graph.ReasonTooManyAliases, "", nil},
		{"directives over the limit", "{ __typename @skip(if: false) @include(if: true) ...F @skip(if: false) } fragment F on Query { __typename }", nil, graph.ReasonTooManyDirectives, "3 directives (limit 2)", nil},
		{"duplicates at the limit", "{ __typename __typename __typename }", nil, "", "", nil},
		{"duplicates over the limit", "{ __typename __typename __typename __typename }", nil, graph.ReasonTooManyDuplicates, "requested 4 times in the same place (limit 3)", nil},
		{"duplicates by alias", "{ x: __typename x: __typename y: __typename }", nil, "", "", nil},
		{"duplicates merged from fragments and nested", "{ actors { nodes { id } } ...F ...G } fragment F on Query { actors { nodes { id } } } fragment G on Query { actors { nodes { id } } actors { nodes { id } } }", nil, graph.ReasonTooManyDuplicates, `"actors"`, nil},
		{"complexity scaled by first", "{ claims(first: 10) { nodes { id text } } }", nil, "", "", nil},
		{"complexity over the limit", "{ claims(first: 100) { nodes { attributions { id } } } }", nil, graph.ReasonTooComplex, "estimated cost of 1201 (limit 1000)", nil},
		{"complexity with the default page size", "{ claims { nodes { attributions { id quote } } } }", nil, graph.ReasonTooComplex, "cost of 1101", nil},
		{"complexity from a variable", "query($n: Int) { claims(first: $n) { nodes { id attributions { id } } } }", map[string]any{"n": json.Number("90")}, graph.ReasonTooComplex, "cost of 1171", nil},
		{"complexity from a variable's default", "query($n: Int = 5) { claims(first: $n) { nodes { id attributions { id } } } }", nil, "", "", nil},
		{"complexity of a named operation", "query Big { claims(first: 100) { nodes { attributions { id } } } }", nil, graph.ReasonTooComplex, "operation Big has", nil},
		{"first at the cap", "{ claims(first: 100) { totalCount } }", nil, "", "", nil},
		{"first over the cap", "{ claims(first: 101) { totalCount } }", nil, graph.ReasonFirstTooLarge, "first: 101 is more than the maximum page size 100", nil},
		{"first over the cap in a variable", "query($n: Int) { claims(first: $n) { totalCount } }", map[string]any{"n": float64(1e6)}, graph.ReasonFirstTooLarge, "first: 1000000", nil},
		{"first over the cap in a default", "query($n: Int = 101) { claims(first: $n) { totalCount } }", nil, graph.ReasonFirstTooLarge, "", nil},
		{"first out of Int range", "{ claims(first: 99999999999999999999) { totalCount } }", nil, graph.ReasonFirstTooLarge, "", nil},
		{"first negative is left to the resolver", "{ claims(first: -1) { totalCount } }", nil, "", "", nil},
		{"first of the wrong type is left to validation", `query($n: Int) { claims(first: $n) { totalCount } }`, map[string]any{"n": "many"}, "", "", nil},
		{"fragment doubling", "{ ...A } fragment A on Query { ...B ...B } fragment B on Query { ...C ...C } fragment C on Query { __typename }", nil, graph.ReasonTooManyDuplicates, "", nil},
		{"self-spread", "{ ...A } fragment A on Query { __typename ...A }", nil, "GRAPHQL_VALIDATION_FAILED", `Cannot spread fragment "A" within itself.`, nil},
		{"cycle in an unused fragment", "{ __typename } fragment A on Query { ...B } fragment B on Query { ...A }", nil, "GRAPHQL_VALIDATION_FAILED", "within itself via B", nil},
		{"unknown fragment is left to validation", "{ ...Nope }", nil, "", "", nil},
		{"syntax error", "{ claims(", nil, "GRAPHQL_PARSE_FAILED", "Expected Name", nil},
		{"unknown fields are left to validation", "{ nope { nope { nope } } }", nil, "", "", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := small
			if tc.lim != nil {
				tc.lim(&l)
			}
			err := graph.Check(s, l, tc.query, tc.vars, nil)
			switch {
			case tc.code == "" && err != nil:
				t.Fatalf("refused: %v (%v)", err, err.Extensions)
			case tc.code == "":
				return
			case err == nil:
				t.Fatalf("accepted, want %s", tc.code)
			}
			if err.Extensions["code"] != "INVALID" || err.Extensions["reason"] != tc.code {
				t.Errorf("extensions %v, want code INVALID and reason %s: %s", err.Extensions, tc.code, err.Message)
			}
			if !strings.Contains(err.Message, tc.msg) {
				t.Errorf("message %q does not contain %q", err.Message, tc.msg)
			}
		})
	}
}

// TestCheckMeasures checks the measurements of a query within the limits.
func TestCheckMeasures(t *testing.T) {
	var st graph.LimitStats
	q := `query($n: Int) { a: claims(first: $n) @include(if: true) { nodes { id claimant { name } attributions { id } } } b: claims { totalCount } }`
	if err := graph.Check(limitsSchema(), graph.DefaultLimits(), q, map[string]any{"n": json.Number("20")}, &st); err != nil {
		t.Fatal(err)
	}
	// a: 1 + 20 * (1 + (1 + (1+1) + (1 + 10*1))) = 1 + 20*15 = 301; b: 1 + 50*1 = 51.
	want := graph.LimitStats{Query: q, Tokens: st.Tokens, Depth: 4, Aliases: 2, Directives: 1, Duplicates: 1, Complexity: 352, Nodes: st.Nodes}
	if st != want {
		t.Errorf("stats %+v, want %+v", st, want)
	}
}

// TestIntrospectionWithinLimits checks that GraphiQL's introspection query (the
// playground's) passes the default limits, and that production mode turns
// introspection and suggestions off.
func TestIntrospectionWithinLimits(t *testing.T) {
	var st graph.LimitStats
	if err := graph.Check(limitsSchema(), graph.DefaultLimits(), graphiqlIntrospection, nil, &st); err != nil {
		t.Fatalf("the introspection query is refused: %v", err)
	}
	st.Query = ""
	t.Logf("introspection: %+v", st)
	store := storagetest.MustOpen(t)

	dev := client.New(guardedHandler(t, store, graph.DefaultOptions()))
	var out struct {
		Schema struct{ Types []struct{ Name string } } `json:"__schema"`
	}
	mustDo(t, dev, graphiqlIntrospection, nil)
	mustDo(t, dev, `{ __schema { types { name } } }`, &out)
	if len(out.Schema.Types) == 0 {
		t.Error("no types")
	}
	wantReason(t, dev, `{ claimz { totalCount } }`, graph.ReasonValidationFailed, `Did you mean`)

	opts := graph.DefaultOptions()
	opts.Production = true
	prod := client.New(guardedHandler(t, store, opts))
	wantReason(t, prod, `{ __schema { types { name } } }`, graph.ReasonNoIntrospection, "introspection is disabled")
	wantReason(t, prod, `{ __type(name: "Claim") { name } }`, graph.ReasonNoIntrospection, "introspection is disabled")
	errs := do(t, prod, `{ claimz { totalCount } }`, nil)
	if len(errs) == 0 || strings.Contains(errs[0].Message, "Did you mean") {
		t.Errorf("production suggestion: %+v, want an error without suggestions", errs)
	}
	mustDo(t, prod, `{ __typename claims { totalCount } }`, nil)
}

// TestAPQIsChecked checks that the limits apply to queries loaded by their hash
// (automatic persisted queries), and that a query over a limit is never cached.
func TestAPQIsChecked(t *testing.T) {
	h := guardedHandler(t, storagetest.MustOpen(t), graph.DefaultOptions())
	send := func(query, hash string, vars map[string]any) limResponse {
		t.Helper()
		body := map[string]any{"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}}}
		if query != "" {
			body["query"] = query
		}
		if vars != nil {
			body["variables"] = vars
		}
		b, _ := json.Marshal(body)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, limPost(string(b)))
		return limDecode(t, rec)
	}
	hash := func(q string) string { s := sha256.Sum256([]byte(q)); return hex.EncodeToString(s[:]) }
	code := func(r limResponse) any {
		if len(r.Errors) == 0 {
			return nil
		}
		if c := r.Errors[0].Extensions["code"]; c != "INVALID" {
			return c
		}
		return r.Errors[0].Extensions["reason"]
	}

	// A query over a limit is refused before APQ can cache it.
	bad := "{" + limRep(" __typename", 100) + " }"
	if got := code(send(bad, hash(bad), nil)); got != graph.ReasonTooManyDuplicates {
		t.Errorf("full query over a limit: code %v", got)
	}
	if got := code(send("", hash(bad), nil)); got != "PERSISTED_QUERY_NOT_FOUND" {
		t.Errorf("hash of a refused query: code %v, want PERSISTED_QUERY_NOT_FOUND", got)
	}

	// A cached query is checked again when loaded by its hash, with that request's
	// variables.
	q := "query($n: Int) { claims(first: $n) { nodes { attributions { claim { attributions { id } } } } } }"
	if r := send(q, hash(q), map[string]any{"n": 10}); len(r.Errors) > 0 {
		t.Fatalf("caching a good query: %+v", r.Errors)
	}
	if r := send("", hash(q), map[string]any{"n": 10}); len(r.Errors) > 0 {
		t.Fatalf("loading a good query: %+v", r.Errors)
	}
	// 1 + 1000 * (1 + (1 + 10 * (1 + (1 + 10*1)))) = 122,001
	r := send("", hash(q), map[string]any{"n": 1000})
	if code(r) != graph.ReasonTooComplex || !strings.Contains(r.Errors[0].Message, "122001") {
		t.Errorf("persisted query with first: 1000: %+v", r.Errors)
	}
}

// TestPassedQueriesAreCheckedAgainWithNewVariables sends one query text again and
// again: the verdict the handler remembers for it holds only for variables that read
// the same.
func TestPassedQueriesAreCheckedAgainWithNewVariables(t *testing.T) {
	h := guardedHandler(t, storagetest.MustOpen(t), graph.DefaultOptions())
	send := func(vars map[string]any) limResponse {
		t.Helper()
		body := map[string]any{"query": "query($n: Int = 10) { claims(first: $n) { nodes { attributions { claim { attributions { id } } } } } }"}
		if vars != nil {
			body["variables"] = vars
		}
		b, _ := json.Marshal(body)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, limPost(string(b)))
		return limDecode(t, rec)
	}
	refused := func(r limResponse) bool {
		return len(r.Errors) > 0 && r.Errors[0].Extensions["reason"] == graph.ReasonTooComplex
	}
	for i, step := range []struct {
		vars    map[string]any
		refused bool
	}{
		{map[string]any{"n": 10}, false},
		{map[string]any{"n": 10}, false},
		{map[string]any{"n": 1000}, true},
		{nil, false}, // the default, 10
		{map[string]any{"n": 1000}, true},
		{map[string]any{"n": 20}, false},
		{map[string]any{"n": 1000.0}, true},
		{map[string]any{"other": 1}, false},
	} {
		r := send(step.vars)
		if got := refused(r); got != step.refused {
			t.Errorf("request %d with %v: refused %v, want %v (%+v)", i, step.vars, got, step.refused, r.Errors)
		}
	}
}

// TestNormalQueriesThroughTheGuard runs queries over the API fixture through the
// whole handler chain.
func TestNormalQueriesThroughTheGuard(t *testing.T) {
	store := storagetest.MustOpen(t)
	f := mustFixture(t, mustClient(t, store))
	h := guardedHandler(t, store, graph.DefaultOptions())
	c := client.New(h)
	var out struct {
		Claims struct {
			TotalCount int
			Nodes      []struct {
				Trace struct {
					Appearances []struct{ Source struct{ ID string } }
				}
			}
		}
	}
	mustDo(t, c, `{ claims(first: 100) { totalCount nodes { trace { appearances { source { id } } } } } }`, &out)
	if out.Claims.TotalCount != 2 || len(out.Claims.Nodes) != 2 {
		t.Errorf("claims %+v", out.Claims)
	}
	q := url.Values{"query": {`query($id: ID!) { claim(id: $id) { id } }`}, "variables": {`{"id": "` + f.claim + `"}`}}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/query?"+q.Encode(), nil))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), f.claim) {
		t.Errorf("GET claim: %d %s", rec.Code, rec.Body.String())
	}
}

// graphiqlIntrospection is GraphiQL's.
const graphiqlIntrospection = `query IntrospectionQuery {
  __schema {
    queryType { name }
    mutationType { name }
    subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}`

// TestOptionsFlags checks the flags of Options and their defaults.
func TestOptionsFlags(t *testing.T) {
	opts := graph.DefaultOptions()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	opts.RegisterFlags(fs)
	if opts != graph.DefaultOptions() {
		t.Errorf("flag defaults %+v, want %+v", opts, graph.DefaultOptions())
	}
	err := fs.Parse([]string{"--production", "--max-query-tokens=500", "--max-query-depth=7", "--max-query-aliases=3",
		"--max-query-directives=4", "--max-duplicate-fields=5", "--max-query-complexity=600", "--max-query-nodes=700",
		"--max-first=80", "--list-cost=9"})
	if err != nil {
		t.Fatal(err)
	}
	want := graph.Limits{MaxTokens: 500, MaxDepth: 7, MaxAliases: 3, MaxDirectives: 4, MaxDuplicates: 5, MaxComplexity: 600,
		MaxNodes: 700, MaxFirst: 80, DefaultFirst: 50, ListCost: 9}
	if !opts.Production || opts.Limits != want {
		t.Errorf("parsed %+v", opts)
	}
	if err := opts.Validate(); err != nil {
		t.Error(err)
	}
	opts.Limits.MaxFirst = 5000
	if err := opts.Validate(); err == nil || !strings.Contains(err.Error(), "--max-first") {
		t.Errorf("a first: cap above the store's: %v", err)
	}
}

// TestViewerQueriesWithinLimits checks that the provenance viewer's queries (in
// viewer/static/viewer.js, with the page sizes it sends) pass the default limits, so
// that the weights of expensive fields do not refuse the bundled client.
func TestViewerQueriesWithinLimits(t *testing.T) {
	js, err := os.ReadFile("../viewer/static/viewer.js")
	if err != nil {
		t.Fatal(err)
	}
	queries := regexp.MustCompile("(?s)`(query Viewer[A-Za-z]+.*?)`").FindAllStringSubmatch(string(js), -1)
	if len(queries) < 5 {
		t.Fatalf("found %d viewer queries, want at least 5", len(queries))
	}
	vars := map[string]any{"first": json.Number("200"), "id": "clm_0000000000001", "text": "strike"}
	for _, m := range queries {
		q := m[1]
		name := regexp.MustCompile(`query (\w+)`).FindStringSubmatch(q)[1]
		var st graph.LimitStats
		if err := graph.Check(limitsSchema(), graph.DefaultLimits(), q, vars, &st); err != nil {
			t.Errorf("%s is refused: %v", name, err)
			continue
		}
		t.Logf("%s: complexity %d, depth %d", name, st.Complexity, st.Depth)
	}
}

// TestFieldWeights pins the complexity of the fields whose resolvers do more than
// read a record, at the default limits (MaxComplexity 100,000, MaxFirst 1,000,
// ListCost 10).
func TestFieldWeights(t *testing.T) {
	const trace = 1 + 1 + 16 + 1 + 10*(3+16) // 209
	for _, tc := range []struct {
		query string
		want  int64
	}{
		{`{ export(format: NDJSON) }`, 1 + 50_001},
		{`{ event(id: "evt_0000000000001") { discrepancies { key } } }`, 1 + (1 + 22_000 + 100*1)},
		{`{ event(id: "evt_0000000000001") { sources { id } actors { id } } }`, 1 + 2*(1+11_000+100*1)},
		{`{ claim(id: "clm_0000000000001") { trace { claim { id } } } }`, 1 + (1 + trace + (1 + 1))},
		{`{ claim(id: "clm_0000000000001") { corroboration { independent } } }`, 1 + (1 + trace + 10 + 1)},
		{`{ search(query: "x", first: 10) { totalCount } }`, 1 + 10*trace + 10*1},
		{`{ actor(id: "act_0000000000001") { members { id } } }`, 1 + (1 + 100*1)},
		{`{ attribution(id: "att_0000000000001") { drift { similarity } } }`, 1 + (1 + 10 + 1)},
		{`{ claims(first: 10) { nodes { attributions { id } } } }`, 1 + 10*(1+(1+10*1))},
	} {
		var st graph.LimitStats
		if err := graph.Check(limitsSchema(), graph.DefaultLimits(), tc.query, nil, &st); err != nil {
			t.Errorf("%s: refused: %v", tc.query, err)
			continue
		}
		if st.Complexity != tc.want {
			t.Errorf("%s: complexity %d, want %d", tc.query, st.Complexity, tc.want)
		}
	}
}
