package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"

	"claimgraph/graph"
	"claimgraph/prov"
	"claimgraph/storage/storagetest"
)

func TestExport(t *testing.T) {
	store := storagetest.MustOpen(t)
	c := mustClient(t, store)
	f := mustFixture(t, c)
	mustDo(t, c, `mutation($c: ID!, $a: ID!) { createReview(input: {claim: $c, rating: 2, bestRating: 5, worstRating: 1,
		verdict: "Mostly false", reviewer: $a, reviewedAt: "2025-12-21T09:00:00Z", evidence: ["https://example.org/check"]}) { id } }`, nil,
		client.Var("c", f.claim), client.Var("a", f.outlet))
	mustDo(t, c, `mutation($c: ID!) { updateClaim(id: $c, input: {medium: "a post"}) { id } }`, nil, client.Var("c", f.claim))

	export := func(t *testing.T, format string) string {
		t.Helper()
		var out struct{ Export string }
		mustDo(t, c, `query($f: ExportFormat!, $c: ID) { export(format: $f, claim: $c) }`, &out, client.Var("f", format), client.Var("c", f.claim))
		return out.Export
	}
	t.Run("the API returns the document the export command writes", func(t *testing.T) {
		var want bytes.Buffer
		id, _ := prov.ParseID(f.claim)
		if err := graph.ExportDocument(context.Background(), store, &want, graph.FormatPROVO, prov.ID{}, id, ""); err != nil {
			t.Fatal(err)
		}
		if got := export(t, "PROV_O"); got != want.String() {
			t.Fatalf("the API's PROV-O differs from ExportDocument's")
		}
	})
	t.Run("PROV-O carries the claimant and the revision of the updated claim", func(t *testing.T) {
		ttl := export(t, "PROV_O")
		for _, want := range []string{"prov:wasAttributedTo node:" + f.trump, "prov:wasRevisionOf", "prov:wasQuotedFrom node:" + f.src1} {
			if !strings.Contains(ttl, want) {
				t.Errorf("PROV-O lacks %q", want)
			}
		}
	})
	t.Run("PROV-JSON is JSON with entities and agents", func(t *testing.T) {
		var doc map[string]any
		if err := json.Unmarshal([]byte(export(t, "PROV_JSON")), &doc); err != nil {
			t.Fatal(err)
		}
		if doc["entity"] == nil || doc["agent"] == nil || doc["wasDerivedFrom"] == nil {
			t.Errorf("PROV-JSON keys: %v", keys(doc))
		}
	})
	t.Run("ClaimReview names the reviewed claim and its rating", func(t *testing.T) {
		doc := export(t, "CLAIMREVIEW")
		for _, want := range []string{`"ClaimReview"`, `"claimReviewed"`, `"Mostly false"`, `"appearance"`} {
			if !strings.Contains(doc, want) {
				t.Errorf("ClaimReview lacks %s:\n%s", want, doc)
			}
		}
	})
	t.Run("NDJSON of one claim is INVALID", func(t *testing.T) {
		wantError(t, c, `{ export(format: NDJSON, claim: "`+f.claim+`") }`, "INVALID", "whole store")
	})
	t.Run("a missing claim is NOT_FOUND", func(t *testing.T) {
		wantError(t, c, `{ export(format: PROV_O, claim: "clm_00000000000zz") }`, "NOT_FOUND")
	})
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
