package graph_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"claimgraph/graph"
	"claimgraph/storage/storagetest"
)

// TestEveryRefusalIsCoded sends requests the transport refuses before GraphQL, or
// that GraphQL refuses as a whole, through the server's handler chain and checks the
// status, that the error is INVALID with the specific reason, what the message
// names, that the answer has no data entry, and that the request is never echoed.
func TestEveryRefusalIsCoded(t *testing.T) {
	store := storagetest.MustOpen(t)
	guarded := guardedHandler(t, store, graph.DefaultOptions())
	bare := graph.NewHandler(store, nil) // without the guard in front
	get := func(rawQuery string) func() *http.Request {
		return func() *http.Request { return httptest.NewRequest(http.MethodGet, "/query?"+rawQuery, nil) }
	}
	postRaw := func(body string) func() *http.Request { return func() *http.Request { return limPost(body) } }
	longBad := `{"query": "{ __typename }", "variables": {"x": ` + limRep("1", 500_000) + `x}}`

	cases := []struct {
		name    string
		h       http.Handler
		req     func() *http.Request
		status  int
		reason  string
		message string
	}{
		{"a GET mutation is 405 and names the way to send it", guarded,
			get(url.Values{"query": {`mutation { createEvent(input: {name: "x"}) { id } }`}}.Encode()),
			405, graph.ReasonMutationOverGET, "send the mutation as a POST"},
		{"a GET mutation picked by operationName is 405", guarded,
			get(url.Values{"query": {`query Q { __typename } mutation M { createEvent(input: {name: "x"}) { id } }`}, "operationName": {"M"}}.Encode()),
			405, graph.ReasonMutationOverGET, ""},
		{"malformed JSON is not echoed", guarded, postRaw(longBad), 400, graph.ReasonBadJSON, "not valid JSON: invalid character 'x'"},
		{"an empty body", guarded, postRaw(""), 400, graph.ReasonBadJSON, "the request body is empty"},
		{"a JSON string body", guarded, postRaw(`"{ __typename }"`), 400, graph.ReasonBadJSON, "must be a JSON object"},
		{"data after the object", guarded, postRaw(`{"query": "{ __typename }"} {}`), 400, graph.ReasonBadJSON, "goes on after its JSON object"},
		{"variables that are not an object", guarded, postRaw(`{"query": "{ __typename }", "variables": "x"}`), 400, graph.ReasonBadParameter, "variables: must be a JSON object, not a string"},
		{"a query that is not a string", guarded, postRaw(`{"query": 5}`), 400, graph.ReasonBadParameter, "query: must be a string, not a number"},
		{"operationName that is not a string", guarded, postRaw(`{"query": "{ __typename }", "operationName": []}`), 400, graph.ReasonBadParameter, "operationName: must be a string, not an array"},
		{"extensions that are not an object", guarded, postRaw(`{"query": "{ __typename }", "extensions": 1}`), 400, graph.ReasonBadParameter, "extensions: must be a JSON object"},
		{"no query", guarded, postRaw(`{"qeury": "{ __typename }"}`), 400, graph.ReasonNoQuery, "the request has no query"},
		{"GET variables that are not JSON", guarded, get("query=%7B__typename%7D&variables=notjson"), 400, graph.ReasonBadParameter, "variables: not valid JSON"},
		{"GET variables that are not an object", guarded, get("query=%7B__typename%7D&variables=%5B1%5D"), 400, graph.ReasonBadParameter, "variables: must be a JSON object, not an array"},
		{"a body that is not UTF-8 names the place", guarded,
			postRaw("{\"query\": \"query($in: CreateEventInput!) { __typename }\", \"variables\": {\"in\": {\"name\": \"caf\xe9\"}}}"),
			400, graph.ReasonInvalidUTF8, "variables.in.name: the text is not valid UTF-8 (byte 0xE9 at byte 91 of the request body)"},
		{"a lone surrogate escape in the query", guarded, postRaw(`{"query": "{ claims(filter: {text: \"\ud800\"}) { totalCount } }"}`),
			400, graph.ReasonInvalidUTF8, `query: \ud800 (at byte 37 of the request body) is half of a UTF-16 surrogate pair`},
		{"a lone low surrogate in a variable in a list", guarded, postRaw(`{"query": "{ __typename }", "variables": {"ids": ["a", "x\udc00"]}}`),
			400, graph.ReasonInvalidUTF8, `variables.ids[1]: \udc00`},
		{"a key that is not UTF-8", guarded, postRaw("{\"query\": \"{ __typename }\", \"variables\": {\"\xff\": 1}}"),
			400, graph.ReasonInvalidUTF8, "a key in variables: the text is not valid UTF-8"},
		{"a GET parameter that is not UTF-8", guarded, get("query=%7B__typename%FF%7D"), 400, graph.ReasonInvalidUTF8, `the query parameter "query" is not valid UTF-8 (byte 0xFF at offset 11`},
		{"GET variables with a lone surrogate", guarded, get("query=%7B__typename%7D&variables=" + url.QueryEscape(`{"a": "\ud83d"}`)), 400, graph.ReasonInvalidUTF8, `variables.a: \ud83d`},
		{"a parse error", guarded, postRaw(limBody("{ claims(")), 422, graph.ReasonParseFailed, "Expected Name"},
		{"a validation error", guarded, postRaw(limBody("{ claimz }")), 422, graph.ReasonValidationFailed, `Cannot query field "claimz"`},
		{"an unknown enum value names the argument and the values", guarded, postRaw(limBody(`mutation { createActor(input: {name: "X", kind: ALIEN}) { id } }`)),
			422, graph.ReasonValidationFailed, `input.kind: "ALIEN" is not an ActorKind (PERSON, ORGANIZATION, GOVERNMENT, MEDIA_OUTLET, ANONYMOUS, UNKNOWN)`},
		{"an enum value in quotes", guarded, postRaw(limBody(`mutation { createActor(input: {name: "X", kind: "PERSON"}) { id } }`)),
			422, graph.ReasonValidationFailed, `input.kind: write the ActorKind value PERSON without quotes`},
		{"a value of the wrong type names its place", guarded, postRaw(limBody(`{ claims(filter: {event: 5, text: true}) { totalCount } }`)),
			422, graph.ReasonValidationFailed, `filter.text: true is not a String`},
		{"an unknown input field", guarded, postRaw(limBody(`{ claims(filter: {txt: "a"}) { totalCount } }`)),
			422, graph.ReasonValidationFailed, `filter.txt: ClaimFilter has no field txt (it has claimant, event, source, kind, text)`},
		{"a missing input field", guarded, postRaw(limBody(`mutation { createActor(input: {kind: PERSON}) { id } }`)),
			422, graph.ReasonValidationFailed, `input.name: is required (a String!)`},
		{"an Int out of range", guarded, postRaw(limBody(`{ claims(first: 3000000000) { totalCount } }`)),
			422, graph.ReasonFirstTooLarge, ""},
		{"an unknown enum value in a variable", guarded,
			postRaw(`{"query": "mutation($in: CreateActorInput!) { createActor(input: $in) { id } }", "variables": {"in": {"name": "X", "kind": "ALIEN"}}}`),
			422, graph.ReasonValidationFailed, `variable $in.kind: "ALIEN" is not an ActorKind (PERSON, `},
		{"an unknown field in a variable", guarded,
			postRaw(`{"query": "query($f: ClaimFilter) { claims(filter: $f) { totalCount } }", "variables": {"f": {"txt": "a"}}}`),
			422, graph.ReasonValidationFailed, `variable $f.txt: ClaimFilter has no field txt (it has claimant`},
		{"a missing variable", guarded,
			postRaw(`{"query": "mutation($in: CreateActorInput!) { createActor(input: $in) { id } }"}`),
			422, graph.ReasonValidationFailed, `variable $in: is required (a CreateActorInput!)`},
		{"a method the handler does not serve", bare, func() *http.Request { return httptest.NewRequest(http.MethodPut, "/query", nil) },
			405, graph.ReasonMethod, "method PUT is not allowed"},
		{"a POST that is not JSON, to the handler itself", bare, func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, "/query", strings.NewReader("query=x"))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return r
		}, 415, graph.ReasonMediaType, "Content-Type: application/json"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := tc.req()
			rec := httptest.NewRecorder()
			tc.h.ServeHTTP(rec, req)
			if rec.Code != tc.status {
				t.Errorf("status %d, want %d: %.300s", rec.Code, tc.status, rec.Body.String())
			}
			var resp map[string]json.RawMessage
			if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
				t.Fatalf("not JSON: %v: %.300s", err, rec.Body.String())
			}
			if _, ok := resp["data"]; ok {
				t.Errorf("a refused request has a data entry: %.300s", rec.Body.String())
			}
			var errs []gqlError
			if err := json.Unmarshal(resp["errors"], &errs); err != nil || len(errs) == 0 {
				t.Fatalf("no errors: %.300s", rec.Body.String())
			}
			e := errs[0]
			if e.Extensions["code"] != "INVALID" || e.Extensions["reason"] != tc.reason {
				t.Errorf("extensions %v, want code INVALID and reason %s (message %q)", e.Extensions, tc.reason, e.Message)
			}
			if !strings.Contains(e.Message, tc.message) {
				t.Errorf("message %q does not contain %q", e.Message, tc.message)
			}
			if rec.Body.Len() > 2000 {
				t.Errorf("the answer is %d bytes: is the request echoed?", rec.Body.Len())
			}
			if tc.reason == graph.ReasonMutationOverGET && rec.Header().Get("Allow") != "POST" {
				t.Errorf("Allow %q, want POST", rec.Header().Get("Allow"))
			}
		})
	}

	// None of the refused mutations ran.
	rec := httptest.NewRecorder()
	guarded.ServeHTTP(rec, limPost(limBody("{ events { totalCount } actors { totalCount } }")))
	if got := rec.Body.String(); !strings.Contains(got, `"events":{"totalCount":0},"actors":{"totalCount":0}`) {
		t.Errorf("a refused mutation wrote: %s", got)
	}
}

// TestTransportAnswers checks what the transport serves: UTF-8 text with surrogate
// pairs, GET queries with variables, and the media type the client asks for.
func TestTransportAnswers(t *testing.T) {
	h := guardedHandler(t, storagetest.MustOpen(t), graph.DefaultOptions())
	t.Run("a surrogate pair is a character", func(t *testing.T) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, limPost(`{"query": "query($t: String) { claims(filter: {text: $t}) { totalCount } }", "variables": {"t": "\ud83d\ude00 caf\u00e9"}}`))
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"totalCount":0`) {
			t.Errorf("%d %s", rec.Code, rec.Body.String())
		}
	})
	t.Run("GET with variables", func(t *testing.T) {
		q := url.Values{"query": {`query($n: Int) { claims(first: $n) { totalCount } }`}, "variables": {`{"n": 3}`}}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/query?"+q.Encode(), nil))
		if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/json" {
			t.Errorf("%d %v %s", rec.Code, rec.Header(), rec.Body.String())
		}
	})
	t.Run("application/graphql-response+json when asked for", func(t *testing.T) {
		for accept, want := range map[string]string{
			"application/graphql-response+json":                   "application/graphql-response+json",
			"application/graphql-response+json, application/json": "application/graphql-response+json",
			"application/json, application/graphql-response+json": "application/json",
			"*/*": "application/json",
			"":    "application/json",
		} {
			r := limPost(limBody("{ __typename }"))
			r.Header.Set("Accept", accept)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			if got := rec.Header().Get("Content-Type"); got != want {
				t.Errorf("Accept %q: Content-Type %q, want %q", accept, got, want)
			}
		}
		r := limPost(limBody("{ claims("))
		r.Header.Set("Accept", "application/graphql-response+json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Code != 400 {
			t.Errorf("a parse error with application/graphql-response+json: %d, want 400", rec.Code)
		}
	})
}

// TestProductionGivesNoSuggestions sends mistakes of every kind to a production
// server: no answer suggests a name or lists the values or fields it knows, which
// would give away the schema introspection hides. In development mode the same
// mistakes are answered with the names.
func TestProductionGivesNoSuggestions(t *testing.T) {
	store := storagetest.MustOpen(t)
	_, reader := mustToken(t, store, "READER")
	mistakes := []struct{ name, body, devHint string }{
		{"unknown field", limBody("{ claimz { totalCount } }"), `Did you mean "claim" or "claims"?`},
		{"unknown argument", limBody("{ claims(fist: 1) { totalCount } }"), `Did you mean "first"?`},
		{"unknown enum value", limBody("{ export(format: NDJSO) }"), "(NDJSON, PROV_JSON"},
		{"unknown input field", limBody(`{ claims(filter: {txt: "a"}) { totalCount } }`), "(it has claimant"},
		{"unknown type", limBody("{ ...F } fragment F on Clam { id }"), `Did you mean "Claim"?`},
		{"a leaf with a selection", limBody("{ claims { nodes } }"), `Did you mean "nodes { ... }"?`},
		{"unknown enum value in a variable", `{"query": "query($f: ExportFormat!) { export(format: $f) }", "variables": {"f": "NDJSO"}}`, "(NDJSON, PROV_JSON"},
		{"unknown input field in a variable", `{"query": "query($f: ClaimFilter) { claims(filter: $f) { totalCount } }", "variables": {"f": {"txt": "a"}}}`, "(it has claimant"},
	}
	for _, production := range []bool{false, true} {
		opts := graph.DefaultOptions()
		opts.Production = production
		h := withBearer(reader, graph.Authenticate(store, false, guardedHandler(t, store, opts)))
		for _, m := range mistakes {
			mode := "development"
			if production {
				mode = "production"
			}
			t.Run(mode+" "+m.name, func(t *testing.T) {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, limPost(m.body))
				resp := limDecode(t, rec)
				if len(resp.Errors) == 0 {
					t.Fatalf("no error: %s", rec.Body.String())
				}
				msg := resp.Errors[0].Message
				hinted := strings.Contains(msg, m.devHint) || strings.Contains(msg, "Did you mean") || strings.Contains(msg, "(it has")
				if production && hinted {
					t.Errorf("production suggests: %q", msg)
				}
				if !production && !strings.Contains(msg, m.devHint) {
					t.Errorf("development: %q does not contain %q", msg, m.devHint)
				}
			})
		}
	}
}
