package prov

import (
	"net/url"
	"strings"
	"time"
	"unicode"
)

// Review is a fact-checker's verdict on a claim, published as schema.org ClaimReview.
type Review struct {
	ID      ID `json:"id"`
	ClaimID ID `json:"claim"`
	// Rating is the verdict on a scale from WorstRating to BestRating (schema.org
	// reviewRating), e.g. 1 = false … 5 = true.
	Rating      int `json:"rating"`
	BestRating  int `json:"bestRating"`
	WorstRating int `json:"worstRating"`
	// Verdict is the rating's name ("Mostly false"), schema.org alternateName.
	Verdict string `json:"verdict"`
	// Explanation is the review's reasoning.
	Explanation *string `json:"explanation,omitempty"`
	// ReviewerID is the fact-checker or organisation that reviewed the claim.
	ReviewerID   ID        `json:"reviewer"`
	ReviewedAt   time.Time `json:"reviewedAt"`
	EvidenceURLs []string  `json:"evidence,omitempty"`
}

// NodeID returns the review's ID.
func (r *Review) NodeID() ID { return r.ID }

// Validate returns an EINVALID error naming the first field that is wrong.
func (r *Review) Validate() error {
	if err := checkRef("review.id", r.ID, TypeReview); err != nil {
		return err
	}
	if r.ClaimID.IsZero() {
		return Errorf(EINVALID, "review.claim: required")
	}
	if err := checkRef("review.claim", r.ClaimID, TypeClaim); err != nil {
		return err
	}
	if r.BestRating <= r.WorstRating {
		return Errorf(EINVALID, "review.bestRating: %d is not above worstRating %d", r.BestRating, r.WorstRating)
	}
	if r.Rating < r.WorstRating || r.Rating > r.BestRating {
		return Errorf(EINVALID, "review.rating: %d is outside %d..%d", r.Rating, r.WorstRating, r.BestRating)
	}
	if err := checkName("review.verdict", r.Verdict); err != nil {
		return err
	}
	if err := checkOptional("review.explanation", r.Explanation); err != nil {
		return err
	}
	if r.ReviewerID.IsZero() {
		return Errorf(EINVALID, "review.reviewer: required")
	}
	if err := checkRef("review.reviewer", r.ReviewerID, TypeActor); err != nil {
		return err
	}
	if r.ReviewedAt.IsZero() {
		return Errorf(EINVALID, "review.reviewedAt: required")
	}
	for i, e := range r.EvidenceURLs {
		// url.Parse accepts spaces, which the exports would then write differently
		// (raw in PROV, percent-encoded in ClaimReview): a URL has none.
		if strings.ContainsFunc(e, func(c rune) bool { return unicode.IsSpace(c) || unicode.IsControl(c) }) {
			return Errorf(EINVALID, "review.evidence[%d]: %q contains a space or control character; percent-encode it (%%20)", i, e)
		}
		u, err := url.Parse(e)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return Errorf(EINVALID, "review.evidence[%d]: %q is not an absolute http(s) URL", i, e)
		}
	}
	return nil
}
