package graph_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
	"unicode/utf8"

	"claimgraph/graph"
	"claimgraph/httpguard"
	"claimgraph/storage/storagetest"
)

// requestBudget bounds the answer to one request over an empty store; abusive
// requests are refused in milliseconds (TestAbuse), and the budget leaves room for a
// loaded machine and the fuzzer's instrumentation.
const requestBudget = 500 * time.Millisecond

// FuzzRequest sends a POST body (or, when rawQuery is not empty, a GET with that query
// string) through the server's whole handler chain for /query, the HTTP half of the
// pre-check included (httpguard's body limit and batch refusal, the transport's JSON,
// parameter and UTF-8 checks). It checks that nothing panics, that the answer comes
// within the budget as JSON, that every error has one of the API's codes, that a
// refusal is small (the request is never echoed), that a body that is not UTF-8 or is
// a JSON array is refused, and that an anonymous request never writes. Seeds are in
// testdata/fuzz/FuzzRequest.
//
//	go test ./graph -run '^$' -fuzz FuzzRequest -fuzztime 5m
func FuzzRequest(f *testing.F) {
	store := storagetest.MustOpen(f)
	h := guardedHandler(f, store, graph.DefaultOptions())
	codes := map[string]bool{}
	for _, c := range graph.Codes {
		codes[c] = true
	}
	head := store.Head()

	f.Fuzz(func(t *testing.T, body []byte, rawQuery string) {
		if len(body) > 1<<20 {
			t.Skip("larger than the default body limit")
		}
		var req *http.Request
		if rawQuery != "" {
			req = httptest.NewRequest(http.MethodGet, "/query", nil)
			req.URL.RawQuery = rawQuery
			req.RequestURI = "/query?" + rawQuery
		} else {
			req = limPost(string(body))
		}
		rec := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(rec, req)
		if d := time.Since(start); d > requestBudget {
			t.Fatalf("answered in %v (budget %v): %d %.200s", d, requestBudget, rec.Code, rec.Body.String())
		}

		var resp struct {
			Data   json.RawMessage `json:"data"`
			Errors []gqlError      `json:"errors"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
			t.Fatalf("status %d, the answer is not JSON: %v: %.200s", rec.Code, err, rec.Body.String())
		}
		for _, e := range resp.Errors {
			if code, _ := e.Extensions["code"].(string); !codes[code] {
				t.Fatalf("an error with code %v, not one of the API's: %+v", e.Extensions["code"], e)
			}
		}
		if rec.Code != http.StatusOK {
			if len(resp.Errors) == 0 {
				t.Fatalf("status %d without errors: %.200s", rec.Code, rec.Body.String())
			}
			if rec.Body.Len() > 4096 {
				t.Fatalf("a refusal of %d bytes: %.200s", rec.Body.Len(), rec.Body.String())
			}
		}
		if rawQuery == "" {
			if !utf8.Valid(body) && rec.Code != http.StatusBadRequest {
				t.Fatalf("a body that is not UTF-8 got %d: %.200s", rec.Code, rec.Body.String())
			}
			if httpguard.IsBatch(body) && (rec.Code != http.StatusBadRequest || resp.Errors[0].Extensions["reason"] != httpguard.ReasonBatchNotSupported) {
				t.Fatalf("a batch got %d: %.200s", rec.Code, rec.Body.String())
			}
		}
		if store.Head() != head {
			t.Fatalf("an anonymous request wrote to the store: %q %q", body, rawQuery)
		}
	})
}
