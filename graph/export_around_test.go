package graph

import (
	"bytes"
	"context"
	"testing"
	"time"

	"claimgraph/prov"
	"claimgraph/provexport"
	"claimgraph/storage"
	"claimgraph/storage/storagetest"
)

// TestExportOfOneNodeReadsWhatTheWholeStoreGives checks that exporting an event or a
// claim from the nodes around it (storage.ExportAround) writes exactly what selecting
// it from the whole store's graph writes, for every event and claim of the demo data.
func TestExportOfOneNodeReadsWhatTheWholeStoreGives(t *testing.T) {
	ctx := context.Background()
	store := storagetest.MustOpenDemo(t)
	// The demo data has no reviews: give one claim a review.
	reviewer, err := store.CreateActor(ctx, &prov.Actor{Name: "A Fact-checker", Kind: prov.ActorOrganization})
	if err != nil {
		t.Fatal(err)
	}
	claims, err := store.Claims(ctx, storage.ClaimFilter{}, storage.Page{First: 1})
	if err != nil || len(claims.Items) == 0 {
		t.Fatal(claims, err)
	}
	if _, err := store.CreateReview(ctx, &prov.Review{ClaimID: claims.Items[0].ID, Rating: 2, BestRating: 5, WorstRating: 1,
		Verdict: "Mostly false", ReviewerID: reviewer.ID, ReviewedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	var all bytes.Buffer
	if err := store.Export(ctx, &all); err != nil {
		t.Fatal(err)
	}
	whole, err := provexport.FromNDJSON(bytes.NewReader(all.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var roots []prov.ID
	for id := range whole.Events {
		roots = append(roots, id)
	}
	for id := range whole.Claims {
		roots = append(roots, id)
	}
	if len(roots) < 50 {
		t.Fatalf("%d events and claims in the demo data", len(roots))
	}
	for _, root := range roots {
		for _, format := range []string{FormatPROVJSON, FormatPROVO, FormatClaimReview} {
			var event, claim prov.ID
			if root.Type == prov.TypeEvent {
				event = root
			} else {
				claim = root
			}
			var got bytes.Buffer
			if err := ExportDocument(ctx, store, &got, format, event, claim, ""); err != nil {
				t.Fatalf("%s %s: %v", format, root, err)
			}
			g, err := whole.Event(root)
			if root.Type == prov.TypeClaim {
				g, err = whole.ClaimTrace(root)
			}
			if err != nil {
				t.Fatal(err)
			}
			if format != FormatClaimReview {
				if err := addRevisions(ctx, store, g, false); err != nil {
					t.Fatal(err)
				}
			}
			var want bytes.Buffer
			switch format {
			case FormatPROVJSON:
				err = provexport.WritePROVJSON(&want, g, "")
			case FormatPROVO:
				err = provexport.WritePROVO(&want, g, "")
			default:
				err = provexport.WriteClaimReview(&want, g, "")
			}
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Fatalf("%s of %s from the nodes around it differs from the whole store's (%d bytes, want %d)", format, root, got.Len(), want.Len())
			}
		}
	}
}
