package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"claimgraph/demo"
	"claimgraph/prov"
	pt "claimgraph/provexport/provexporttest"
	"claimgraph/storage"
)

const (
	provNS   = "http://www.w3.org/ns/prov#"
	rdfType  = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
	cgNS     = "urn:claimgraph:vocab:"
	schemaNS = "http://schema.org/"
)

// TestExportCommandReadByRealParsers runs `claimgraph export --format
// prov-o|prov-json|claimreview` as a user does, on the demo imported into a store and
// then edited as an editor would (a review, updated; a claim's statedAt set; a
// relation and a review created and deleted), and reads what it writes with n3,
// jsonld and the PROV-JSON schema (see provexporttest).
func TestExportCommandReadByRealParsers(t *testing.T) {
	pt.Require(t)
	dir := t.TempDir()
	demoFile := filepath.Join(dir, "demo.ndjson")
	if err := os.WriteFile(demoFile, demo.Data, 0o644); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	if _, err := runCLI(t, "import", "--data", data, demoFile); err != nil {
		t.Fatalf("import: %v", err)
	}
	// The demo's IDs are in its file.
	trumpClaim, _ := prov.ParseID("clm_000000000000b")
	syriaClaim, _ := prov.ParseID("clm_000000000000f")
	event, _ := prov.ParseID("evt_0000000000001")
	e := editStore(t, data, trumpClaim, syriaClaim)

	export := func(t *testing.T, format string, args ...string) []byte {
		t.Helper()
		out, err := runCLI(t, append([]string{"export", "--data", data, "--format", format}, args...)...)
		if err != nil {
			t.Fatalf("export --format %s %v: %v", format, args, err)
		}
		return []byte(out)
	}
	validate := func(t *testing.T, args ...string) pt.Result {
		t.Helper()
		v := pt.Validate(t, pt.Docs{Turtle: export(t, "prov-o", args...), PROVJSON: export(t, "prov-json", args...), JSONLD: export(t, "claimreview", args...)})
		if v.ProvJSON != nil && !v.ProvJSON.Valid {
			t.Errorf("PROV-JSON schema errors: %v", v.ProvJSON.Errors)
		}
		return v
	}
	node := func(id prov.ID) string { return "urn:claimgraph:node:" + id.String() }
	version := func(id prov.ID, seq uint64) string { return node(id) + "/v" + strconv.FormatUint(seq, 10) }
	const editor = "urn:claimgraph:user:tok_editor"

	t.Run("the whole store carries the edits and the deleted nodes' history", func(t *testing.T) {
		ts := validate(t).Turtle.Triples
		if last := version(trumpClaim, e.claimSeqs[1]); !ts.Has(last, provNS+"wasRevisionOf", version(trumpClaim, e.claimSeqs[0])) || !ts.Has(last, provNS+"wasAttributedTo", editor) {
			t.Errorf("%s: wasRevisionOf %v, wasAttributedTo %v", last, ts.Objects(last, provNS+"wasRevisionOf"), ts.Objects(last, provNS+"wasAttributedTo"))
		}
		if first := version(trumpClaim, e.claimSeqs[0]); !ts.Has(first, provNS+"wasAttributedTo", "urn:claimgraph:user:local") {
			t.Errorf("the imported version %s: wasAttributedTo %v, want the command line's user local", first, ts.Objects(first, provNS+"wasAttributedTo"))
		}
		for _, gone := range []struct {
			id    prov.ID
			seqs  []uint64
			class string
		}{{e.goneRelation, e.goneRelationSeqs, "ClaimRelation"}, {e.goneReview, e.goneReviewSeqs, "Review"}} {
			deletion := version(gone.id, gone.seqs[1])
			if !ts.Has(deletion, rdfType, cgNS+"Deletion") || !ts.Has(deletion, provNS+"wasAssociatedWith", editor) {
				t.Errorf("%s: types %v, associated with %v", deletion, ts.Objects(deletion, rdfType), ts.Objects(deletion, provNS+"wasAssociatedWith"))
			}
			if !ts.Has(version(gone.id, gone.seqs[0]), provNS+"wasInvalidatedBy", deletion) || !ts.Has(node(gone.id), provNS+"wasInvalidatedBy", deletion) {
				t.Errorf("%s is not invalidated by %s", gone.id, deletion)
			}
			if !ts.Has(node(gone.id), rdfType, cgNS+gone.class) || !ts.Has(node(gone.id), rdfType, cgNS+"Deleted") {
				t.Errorf("%s types %v", gone.id, ts.Objects(node(gone.id), rdfType))
			}
		}
	})

	t.Run("one claim under an https base", func(t *testing.T) {
		const base = "https://factcheck.example/claimgraph/"
		v := validate(t, "--claim", trumpClaim.String(), "--base-iri", base)
		ts := v.Turtle.Triples
		n := func(id prov.ID) string { return base + "node/" + id.String() }
		if got := ts.Literal(n(trumpClaim), provNS+"generatedAtTime"); len(got) != 1 || got[0].Value != "2025-12-19T22:00:00Z" {
			t.Errorf("the claim's generatedAtTime %v, want the statedAt the editor set", got)
		}
		if last := n(trumpClaim) + "/v" + strconv.FormatUint(e.claimSeqs[1], 10); !ts.Has(last, provNS+"wasAttributedTo", base+"user/tok_editor") {
			t.Errorf("%s wasAttributedTo %v", last, ts.Objects(last, provNS+"wasAttributedTo"))
		}
		cr := pt.JSONLDNode(t, v.JSONLD.Expanded, schemaNS+"ClaimReview")
		if cr["@id"] != n(e.review) || !slices.Equal(pt.JSONLDValues(cr, schemaNS+"claimReviewed"), []any{"The Syrian government fully supports the US strikes against Islamic State in Syria."}) {
			t.Errorf("ClaimReview %v", cr)
		}
		ratings := pt.JSONLDObjects(cr, schemaNS+"reviewRating")
		if len(ratings) != 1 || !slices.Equal(pt.JSONLDValues(ratings[0], schemaNS+"alternateName"), []any{"Misleading"}) {
			t.Errorf("reviewRating %v, want the updated verdict Misleading", ratings)
		}
	})

	t.Run("one event", func(t *testing.T) {
		v := validate(t, "--event", event.String())
		ts := v.Turtle.Triples
		if !ts.Has(node(event), rdfType, provNS+"Activity") || !ts.Has(node(trumpClaim), cgNS+"about", node(event)) {
			t.Errorf("the event is not an activity that Trump's claim is about")
		}
		if crs := pt.JSONLDNodes(v.JSONLD.Expanded, schemaNS+"ClaimReview"); len(crs) != 1 {
			t.Errorf("ClaimReviews %v, want the review of Trump's claim", crs)
		}
	})
}

// edits are what editStore wrote, with the audit sequence numbers of the versions.
type edits struct {
	review                           prov.ID
	claimSeqs                        []uint64
	goneRelation, goneReview         prov.ID
	goneRelationSeqs, goneReviewSeqs []uint64
}

// editStore edits the store at data as the API user tok_editor would.
func editStore(t *testing.T, data string, claim, other prov.ID) edits {
	t.Helper()
	s, err := openStore(data, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := storage.WithWho(context.Background(), "tok_editor")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	checker, err := s.CreateActor(ctx, &prov.Actor{Name: "Example Fact Check", Kind: prov.ActorOrganization})
	must(err)
	newReview := func(verdict string, rating int) *prov.Review {
		r, err := s.CreateReview(ctx, &prov.Review{ClaimID: claim, Rating: rating, BestRating: 5, WorstRating: 1, Verdict: verdict,
			ReviewerID: checker.ID, ReviewedAt: time.Date(2026, 1, 5, 12, 0, 0, 0, time.UTC), EvidenceURLs: []string{"https://factcheck.example/evidence/1"}})
		must(err)
		return r
	}
	review := newReview("Mostly false", 2)
	_, err = s.UpdateReview(ctx, review.ID, func(r *prov.Review) error { r.Verdict = "Misleading"; return nil })
	must(err)
	_, err = s.UpdateClaim(ctx, claim, func(c *prov.Claim) error {
		at := time.Date(2025, 12, 19, 22, 0, 0, 0, time.UTC)
		c.StatedAt = &at
		return nil
	})
	must(err)
	rel, err := s.CreateRelation(ctx, &prov.ClaimRelation{Kind: prov.RelationContradicts, FromID: other, ToID: claim})
	must(err)
	_, err = s.DeleteRelation(ctx, rel.ID)
	must(err)
	gone := newReview("True", 5)
	_, err = s.DeleteReview(ctx, gone.ID)
	must(err)
	seqs := func(id prov.ID) []uint64 {
		h, err := s.History(ctx, id)
		must(err)
		var out []uint64
		for _, v := range h {
			out = append(out, v.Entry.Seq)
		}
		return out
	}
	e := edits{review: review.ID, claimSeqs: seqs(claim), goneRelation: rel.ID, goneReview: gone.ID,
		goneRelationSeqs: seqs(rel.ID), goneReviewSeqs: seqs(gone.ID)}
	if len(e.claimSeqs) != 2 || len(e.goneRelationSeqs) != 2 || len(e.goneReviewSeqs) != 2 {
		t.Fatalf("histories: claim %v, relation %v, review %v", e.claimSeqs, e.goneRelationSeqs, e.goneReviewSeqs)
	}
	return e
}
