package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"testing"

	"github.com/99designs/gqlgen/client"

	"claimgraph/graph"
	"claimgraph/prov"
	pt "claimgraph/provexport/provexporttest"
	"claimgraph/storage"
	"claimgraph/storage/storagetest"
)

const (
	provNS   = "http://www.w3.org/ns/prov#"
	rdfType  = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
	cgNS     = "urn:claimgraph:vocab:"
	schemaNS = "http://schema.org/"
)

// exportFixture is a store with real audit history: the graph fixture, a review that
// was then updated, an updated claim, a relation, and a relation and a review that
// were created and deleted.
type exportFixture struct {
	fixture
	store                          *storage.Store
	c                              *client.Client
	review, relation               string
	goneRelation, goneReview, user string
}

func mustExportFixture(t *testing.T) exportFixture {
	t.Helper()
	store := storagetest.MustOpen(t)
	c := mustClient(t, store)
	f := exportFixture{fixture: mustFixture(t, c), store: store, c: c}
	var out struct {
		R   struct{ ID string }
		Rel struct{ ID string }
	}
	mustDo(t, c, `mutation($c: ID!, $d: ID!, $a: ID!) {
		r: createReview(input: {claim: $c, rating: 2, bestRating: 5, worstRating: 1, verdict: "Mostly false", reviewer: $a,
			reviewedAt: "2025-12-21T09:00:00Z", evidence: ["https://example.org/check"]}) { id }
		rel: createClaimRelation(input: {kind: CORROBORATES, from: $d, to: $c}) { id }
	}`, &out, client.Var("c", f.claim), client.Var("d", f.other), client.Var("a", f.outlet))
	f.review, f.relation = out.R.ID, out.Rel.ID
	mustDo(t, c, `mutation($r: ID!, $c: ID!) {
		updateReview(id: $r, input: {verdict: "False", rating: 1}) { id }
		updateClaim(id: $c, input: {medium: "a post"}) { id }
	}`, nil, client.Var("r", f.review), client.Var("c", f.claim))
	mustDo(t, c, `mutation($c: ID!, $d: ID!, $a: ID!) {
		r: createReview(input: {claim: $c, rating: 5, bestRating: 5, worstRating: 1, verdict: "True", reviewer: $a, reviewedAt: "2025-12-22T09:00:00Z"}) { id }
		rel: createClaimRelation(input: {kind: CONTRADICTS, from: $d, to: $c}) { id }
	}`, &out, client.Var("c", f.claim), client.Var("d", f.other), client.Var("a", f.outlet))
	f.goneReview, f.goneRelation = out.R.ID, out.Rel.ID
	mustDo(t, c, `mutation($r: ID!, $rel: ID!) { deleteReview(id: $r) { id } deleteClaimRelation(id: $rel) { id } }`, nil,
		client.Var("r", f.goneReview), client.Var("rel", f.goneRelation))
	id, _ := prov.ParseID(f.review)
	h, err := store.History(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	f.user = h[0].Entry.Who
	return f
}

// apiExport asks the API's export field; empty strings leave an argument out.
func (f exportFixture) apiExport(t *testing.T, format, event, claim, base string) string {
	t.Helper()
	vars := []client.Option{client.Var("f", format)}
	for name, v := range map[string]string{"e": event, "c": claim, "b": base} {
		if v != "" {
			vars = append(vars, client.Var(name, v))
		}
	}
	var out struct{ Export string }
	mustDo(t, f.c, `query($f: ExportFormat!, $e: ID, $c: ID, $b: String) { export(format: $f, event: $e, claim: $c, baseIRI: $b) }`, &out, vars...)
	return out.Export
}

func exportDoc(t *testing.T, store *storage.Store, format, event, claim, base string) string {
	t.Helper()
	var e, c prov.ID
	if event != "" {
		e, _ = prov.ParseID(event)
	}
	if claim != "" {
		c, _ = prov.ParseID(claim)
	}
	var b bytes.Buffer
	if err := graph.ExportDocument(context.Background(), store, &b, format, e, c, base); err != nil {
		t.Fatalf("ExportDocument(%s, event %q, claim %q, base %q): %v", format, event, claim, base, err)
	}
	return b.String()
}

var apiFormats = map[string]string{
	graph.FormatPROVJSON: "PROV_JSON", graph.FormatPROVO: "PROV_O", graph.FormatClaimReview: "CLAIMREVIEW",
}

func TestExport(t *testing.T) {
	f := mustExportFixture(t)
	const base = "https://factcheck.example/claimgraph/"

	t.Run("the API returns the document ExportDocument writes, for every format, selection and base", func(t *testing.T) {
		for format, enum := range apiFormats {
			for _, sel := range []struct{ event, claim string }{{}, {f.event, ""}, {"", f.claim}} {
				for _, b := range []string{"", base} {
					want := exportDoc(t, f.store, format, sel.event, sel.claim, b)
					if got := f.apiExport(t, enum, sel.event, sel.claim, b); got != want {
						t.Errorf("%s (event %q, claim %q, base %q): the API's document differs from ExportDocument's", format, sel.event, sel.claim, b)
					}
				}
			}
		}
	})

	t.Run("NDJSON of one claim is INVALID", func(t *testing.T) {
		wantError(t, f.c, `{ export(format: NDJSON, claim: "`+f.claim+`") }`, "INVALID", "whole store")
	})
	t.Run("NDJSON with a base IRI is INVALID", func(t *testing.T) {
		wantError(t, f.c, `{ export(format: NDJSON, baseIRI: "https://example.org/") }`, "INVALID", "base IRI")
	})
	t.Run("a relative base IRI is INVALID", func(t *testing.T) {
		wantError(t, f.c, `{ export(format: PROV_O, baseIRI: "claimgraph/") }`, "INVALID", "base IRI", "absolute")
	})
	t.Run("a missing claim is NOT_FOUND", func(t *testing.T) {
		wantError(t, f.c, `{ export(format: PROV_O, claim: "clm_00000000000zz") }`, "NOT_FOUND")
	})
}

// TestExportReadByRealParsers checks what users run, the store's export through the
// API, with n3, jsonld and the PROV-JSON schema (see provexporttest).
func TestExportReadByRealParsers(t *testing.T) {
	pt.Require(t)
	f := mustExportFixture(t)
	node := func(id string) string { return "urn:claimgraph:node:" + id }
	user := "urn:claimgraph:user:" + f.user
	history := func(t *testing.T, id string) []storage.Version {
		t.Helper()
		pid, _ := prov.ParseID(id)
		h, err := f.store.History(context.Background(), pid)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	version := func(id string, v storage.Version) string { return node(id) + "/v" + itoa(v.Entry.Seq) }

	t.Run("whole store", func(t *testing.T) {
		docs := pt.Docs{
			Turtle:   []byte(f.apiExport(t, "PROV_O", "", "", "")),
			PROVJSON: []byte(f.apiExport(t, "PROV_JSON", "", "", "")),
			JSONLD:   []byte(f.apiExport(t, "CLAIMREVIEW", "", "", "")),
		}
		v := pt.Validate(t, docs)
		ts := v.Turtle.Triples

		t.Run("the claim is attributed to its claimant and its update is a revision by the API user", func(t *testing.T) {
			if !ts.Has(node(f.claim), provNS+"wasAttributedTo", node(f.trump)) {
				t.Errorf("no claim wasAttributedTo Trump")
			}
			h := history(t, f.claim)
			if len(h) != 2 {
				t.Fatalf("the claim has %d versions, want created and updated", len(h))
			}
			last, first := version(f.claim, h[1]), version(f.claim, h[0])
			if !ts.Has(last, provNS+"wasRevisionOf", first) || !ts.Has(last, provNS+"wasAttributedTo", user) || !ts.Has(last, provNS+"specializationOf", node(f.claim)) {
				t.Errorf("%s: wasRevisionOf %v, wasAttributedTo %v", last, ts.Objects(last, provNS+"wasRevisionOf"), ts.Objects(last, provNS+"wasAttributedTo"))
			}
		})
		t.Run("the updated review is a revision of the created one", func(t *testing.T) {
			h := history(t, f.review)
			if len(h) != 2 || !ts.Has(version(f.review, h[1]), provNS+"wasRevisionOf", version(f.review, h[0])) {
				t.Errorf("review versions %d; revisions %v", len(h), ts.Objects(version(f.review, h[len(h)-1]), provNS+"wasRevisionOf"))
			}
			if !ts.Has(node(f.review), provNS+"wasAttributedTo", node(f.outlet)) || !ts.Has(node(f.review), provNS+"wasDerivedFrom", node(f.claim)) {
				t.Errorf("the review is not attributed to its reviewer and derived from the claim")
			}
		})
		for _, gone := range []struct{ what, id, class string }{{"relation", f.goneRelation, "ClaimRelation"}, {"review", f.goneReview, "Review"}} {
			t.Run("the deleted "+gone.what+" keeps its history, ended by its deletion", func(t *testing.T) {
				h := history(t, gone.id)
				if len(h) != 2 || h[1].Node != nil {
					t.Fatalf("%s: %d versions, want created then deleted", gone.id, len(h))
				}
				created, deletion := version(gone.id, h[0]), version(gone.id, h[1])
				if !ts.Has(created, provNS+"specializationOf", node(gone.id)) || !ts.Has(created, provNS+"wasAttributedTo", user) {
					t.Errorf("%s: specializationOf %v, wasAttributedTo %v", created, ts.Objects(created, provNS+"specializationOf"), ts.Objects(created, provNS+"wasAttributedTo"))
				}
				if !ts.Has(deletion, rdfType, cgNS+"Deletion") || !ts.Has(deletion, rdfType, provNS+"Activity") || !ts.Has(deletion, provNS+"wasAssociatedWith", user) {
					t.Errorf("%s: types %v, associated with %v", deletion, ts.Objects(deletion, rdfType), ts.Objects(deletion, provNS+"wasAssociatedWith"))
				}
				if !ts.Has(created, provNS+"wasInvalidatedBy", deletion) || !ts.Has(node(gone.id), provNS+"wasInvalidatedBy", deletion) {
					t.Errorf("invalidated: version by %v, node by %v; want both by %s", ts.Objects(created, provNS+"wasInvalidatedBy"), ts.Objects(node(gone.id), provNS+"wasInvalidatedBy"), deletion)
				}
				if !ts.Has(node(gone.id), rdfType, cgNS+gone.class) || !ts.Has(node(gone.id), rdfType, cgNS+"Deleted") {
					t.Errorf("%s types %v", gone.id, ts.Objects(node(gone.id), rdfType))
				}
			})
		}
		t.Run("the PROV-JSON passes the schema and holds the deletions", func(t *testing.T) {
			if v.ProvJSON == nil {
				t.Skipf("%s is missing", pt.ProvJSONSchema)
			}
			if !v.ProvJSON.Valid {
				t.Fatalf("schema errors: %v", v.ProvJSON.Errors)
			}
			var doc struct {
				WasInvalidatedBy map[string]map[string]any `json:"wasInvalidatedBy"`
			}
			if err := json.Unmarshal(docs.PROVJSON, &doc); err != nil {
				t.Fatal(err)
			}
			var invalidated []any
			for _, r := range doc.WasInvalidatedBy {
				invalidated = append(invalidated, r["prov:entity"])
			}
			for _, id := range []string{f.goneRelation, f.goneReview} {
				if !slices.Contains(invalidated, any("node:"+id)) {
					t.Errorf("no wasInvalidatedBy of node:%s among %v", id, invalidated)
				}
			}
		})
		t.Run("the ClaimReview expands to the remaining review, as updated", func(t *testing.T) {
			crs := pt.JSONLDNodes(v.JSONLD.Expanded, schemaNS+"ClaimReview")
			if len(crs) != 1 || crs[0]["@id"] != node(f.review) {
				t.Fatalf("ClaimReviews %v, want %s only", crs, f.review)
			}
			ratings := pt.JSONLDObjects(crs[0], schemaNS+"reviewRating")
			if len(ratings) != 1 || !slices.Equal(pt.JSONLDValues(ratings[0], schemaNS+"alternateName"), []any{"False"}) ||
				!slices.Equal(pt.JSONLDValues(ratings[0], schemaNS+"ratingValue"), []any{1.0}) {
				t.Errorf("reviewRating %v, want the updated verdict False, 1", ratings)
			}
			items := pt.JSONLDObjects(crs[0], schemaNS+"itemReviewed")
			if len(items) != 1 || !slices.Equal(pt.JSONLDValues(items[0], schemaNS+"appearance"), []any{node(f.src1), node(f.src2)}) {
				t.Errorf("itemReviewed %v, want the claim appearing in both sources", items)
			}
		})
	})

	t.Run("one claim under an https base", func(t *testing.T) {
		const base = "https://factcheck.example/claimgraph/"
		docs := pt.Docs{
			Turtle:   []byte(f.apiExport(t, "PROV_O", "", f.claim, base)),
			PROVJSON: []byte(f.apiExport(t, "PROV_JSON", "", f.claim, base)),
			JSONLD:   []byte(f.apiExport(t, "CLAIMREVIEW", "", f.claim, base)),
		}
		v := pt.Validate(t, docs)
		ts := v.Turtle.Triples
		n := func(id string) string { return base + "node/" + id }
		if !ts.Has(n(f.claim), provNS+"wasAttributedTo", n(f.trump)) || !ts.Has(n(f.other), cgNS+"corroborates", n(f.claim)) {
			t.Errorf("the claim's trace lacks its claimant or its corroborating claim")
		}
		h := history(t, f.claim)
		if last := n(f.claim) + "/v" + itoa(h[1].Entry.Seq); !ts.Has(last, provNS+"wasAttributedTo", base+"user/"+f.user) {
			t.Errorf("%s wasAttributedTo %v", last, ts.Objects(last, provNS+"wasAttributedTo"))
		}
		if got := ts.Subjects(rdfType, cgNS+"Deleted"); len(got) != 0 {
			t.Errorf("deleted nodes %v in a selection, which carries the history of the nodes it holds", got)
		}
		if v.ProvJSON != nil && !v.ProvJSON.Valid {
			t.Errorf("schema errors: %v", v.ProvJSON.Errors)
		}
		if cr := pt.JSONLDNode(t, v.JSONLD.Expanded, schemaNS+"ClaimReview"); cr["@id"] != n(f.review) {
			t.Errorf("ClaimReview @id %v, want %s", cr["@id"], n(f.review))
		}
	})

	t.Run("one event", func(t *testing.T) {
		docs := pt.Docs{
			Turtle:   []byte(f.apiExport(t, "PROV_O", f.event, "", "")),
			PROVJSON: []byte(f.apiExport(t, "PROV_JSON", f.event, "", "")),
			JSONLD:   []byte(f.apiExport(t, "CLAIMREVIEW", f.event, "", "")),
		}
		v := pt.Validate(t, docs)
		ts := v.Turtle.Triples
		if !ts.Has(node(f.event), rdfType, provNS+"Activity") {
			t.Errorf("the event is not a prov:Activity: %v", ts.Objects(node(f.event), rdfType))
		}
		for _, c := range []string{f.claim, f.other} {
			if !ts.Has(node(c), cgNS+"about", node(f.event)) {
				t.Errorf("claim %s is not cg:about the event", c)
			}
		}
		if v.ProvJSON != nil && !v.ProvJSON.Valid {
			t.Errorf("schema errors: %v", v.ProvJSON.Errors)
		}
		if len(pt.JSONLDNodes(v.JSONLD.Expanded, schemaNS+"ClaimReview")) != 1 {
			t.Errorf("ClaimReviews in the event: %v", v.JSONLD.Expanded)
		}
	})
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }
