package prov_test

import (
	"strings"
	"testing"
	"time"

	"claimgraph/prov"
)

func TestReviewEvidenceURLs(t *testing.T) {
	review := func(evidence ...string) *prov.Review {
		return &prov.Review{
			ID: prov.NewID(prov.TypeReview, 1), ClaimID: prov.NewID(prov.TypeClaim, 1),
			Rating: 2, BestRating: 5, WorstRating: 1, Verdict: "Mostly false",
			ReviewerID: prov.NewID(prov.TypeActor, 1), ReviewedAt: time.Date(2026, 1, 5, 12, 0, 0, 0, time.UTC),
			EvidenceURLs: evidence,
		}
	}
	t.Run("absolute http and https URLs are valid", func(t *testing.T) {
		if err := review("https://factcheck.example/x%20y?a=1#b", "http://example.org/").Validate(); err != nil {
			t.Fatal(err)
		}
	})
	for _, tc := range []struct{ name, url string }{
		{"a space is invalid", "https://example.org/x y"},
		{"a tab is invalid", "https://example.org/x\ty"},
		{"a leading space is invalid", " https://example.org/x"},
		{"a newline is invalid", "https://example.org/x\n"},
		{"a relative URL is invalid", "/evidence/1"},
		{"an ftp URL is invalid", "ftp://example.org/x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := review("https://example.org/ok", tc.url).Validate()
			if prov.ErrorCode(err) != prov.EINVALID || !strings.Contains(err.Error(), "review.evidence[1]") {
				t.Fatalf("error %v, want EINVALID naming review.evidence[1]", err)
			}
		})
	}
}
