package provexport

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"claimgraph/prov"
)

// claimReviewContext is the JSON-LD context of WriteClaimReview's output. It is
// inline, so the document expands without fetching anything: every term is a
// schema.org term (http://schema.org/, the IRIs schema.org's own context gives), and
// "url" is an IRI as there.
var claimReviewContext = map[string]any{
	"@vocab": schemaNS,
	"url":    map[string]string{"@type": "@id"},
}

// WriteClaimReview writes the reviews in g as schema.org ClaimReview in JSON-LD: one
// document {"@context": …, "@graph": [...]} with a ClaimReview for each review (by
// claim, then review ID), whose itemReviewed is the reviewed Claim with its claimant
// as author and every source that carries it as an appearance, the earliest published
// of them as firstAppearance. Claims without reviews are left out; with no reviews the
// @graph is empty. Nodes are named as in WritePROVO for the same baseIRI. It returns an
// EINVALID error for a malformed graph or base IRI, or a review whose claim g does
// not hold.
func WriteClaimReview(w io.Writer, g *Graph, baseIRI string) error {
	if err := g.check(); err != nil {
		return err
	}
	ns, err := newNamespaces(baseIRI)
	if err != nil {
		return err
	}
	cr := claimReviews{g: g, ns: ns}
	ids := sortedIDs(g.Reviews)
	slices.SortStableFunc(ids, func(a, b prov.ID) int {
		return compareIDs(g.Reviews[a].ClaimID, g.Reviews[b].ClaimID)
	})
	items := []any{}
	for _, id := range ids {
		item, err := cr.review(g.Reviews[id])
		if err != nil {
			return err
		}
		items = append(items, item)
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(map[string]any{"@context": claimReviewContext, "@graph": items}); err != nil {
		return err
	}
	return bw.Flush()
}

type claimReviews struct {
	g  *Graph
	ns namespaces
}

func (c claimReviews) iri(id prov.ID) string { return c.ns.node + id.String() }

func schemaTime(t time.Time) string { return t.Format(time.RFC3339Nano) }

func (c claimReviews) review(r *prov.Review) (map[string]any, error) {
	claim := c.g.Claims[r.ClaimID]
	if claim == nil {
		return nil, prov.Errorf(prov.EINVALID, "review %s: claim %s is not in the graph", r.ID, displayID(r.ClaimID))
	}
	rating := map[string]any{
		"@type":       "Rating",
		"ratingValue": r.Rating,
		"bestRating":  r.BestRating,
		"worstRating": r.WorstRating,
	}
	if r.Verdict != "" {
		rating["alternateName"] = r.Verdict
	}
	if r.Explanation != nil && *r.Explanation != "" {
		rating["ratingExplanation"] = *r.Explanation
	}
	out := map[string]any{
		"@id":           c.iri(r.ID),
		"@type":         "ClaimReview",
		"claimReviewed": claim.Text,
		"reviewRating":  rating,
		"itemReviewed":  c.claim(claim),
	}
	if !r.ReviewedAt.IsZero() {
		out["datePublished"] = schemaTime(r.ReviewedAt)
	}
	if a := c.actor(r.ReviewerID); a != nil {
		out["author"] = a
	}
	if len(r.EvidenceURLs) > 0 {
		var ev []any
		for _, u := range r.EvidenceURLs {
			ev = append(ev, map[string]any{"@id": iriSafe(u)})
		}
		out["citation"] = ev
	}
	return out, nil
}

// claim returns the schema.org Claim: its text, claimant, when stated, appearances.
func (c claimReviews) claim(cl *prov.Claim) map[string]any {
	out := map[string]any{
		"@id":   c.iri(cl.ID),
		"@type": "Claim",
		"text":  cl.Text,
	}
	if a := c.actor(cl.ClaimantID); a != nil {
		out["author"] = a
	}
	if cl.StatedAt != nil {
		out["datePublished"] = schemaTime(*cl.StatedAt)
	}
	// Each source that carries the claim, once, in ID order.
	seen := map[prov.ID]bool{}
	var sources []*prov.Source
	for _, aid := range sortedIDs(c.g.Attributions) {
		a := c.g.Attributions[aid]
		if a.ClaimID != cl.ID || seen[a.SourceID] {
			continue
		}
		seen[a.SourceID] = true
		if s := c.g.Sources[a.SourceID]; s != nil {
			sources = append(sources, s)
		} else {
			sources = append(sources, &prov.Source{ID: a.SourceID})
		}
	}
	var appearances []any
	var first *prov.Source
	for _, s := range sources {
		appearances = append(appearances, c.source(s))
		if s.PublishedAt != nil && (first == nil || s.PublishedAt.Before(*first.PublishedAt)) {
			first = s
		}
	}
	if len(appearances) > 0 {
		out["appearance"] = appearances
	}
	if first != nil {
		out["firstAppearance"] = c.source(first)
	}
	return out
}

// source returns a schema.org CreativeWork (Article, NewsArticle, SocialMediaPosting)
// for a source; one the graph does not describe is named only.
func (c claimReviews) source(s *prov.Source) map[string]any {
	out := map[string]any{"@id": c.iri(s.ID)}
	if s.Kind == "" {
		return out
	}
	out["@type"] = map[prov.SourceKind]string{
		prov.SourceArticle:    "Article",
		prov.SourceWireReport: "NewsArticle",
		prov.SourceSocialPost: "SocialMediaPosting",
	}[s.Kind]
	if out["@type"] == "" {
		out["@type"] = "CreativeWork" // statements, speeches, news conferences
	}
	if s.Title != "" {
		out["name"] = s.Title
	}
	if s.URL != nil && *s.URL != "" {
		out["url"] = iriSafe(*s.URL)
	}
	if s.PublishedAt != nil {
		out["datePublished"] = schemaTime(*s.PublishedAt)
	}
	if p := c.actor(s.PublisherID); p != nil {
		out["publisher"] = p
	}
	return out
}

// actor returns a schema.org Person or Organization for an actor (no type when the
// actor is anonymous or of unknown kind), nil for a zero ID; one the graph does not
// describe is named only.
func (c claimReviews) actor(id prov.ID) map[string]any {
	if id.IsZero() {
		return nil
	}
	out := map[string]any{"@id": c.iri(id)}
	a := c.g.Actors[id]
	if a == nil {
		return out
	}
	if t := schemaActorType(a.Kind); t != "" {
		out["@type"] = t
	}
	out["name"] = a.Name
	if len(a.Aliases) > 0 {
		out["alternateName"] = slices.Clone(a.Aliases)
	}
	if a.Role != nil && *a.Role != "" && a.Kind == prov.ActorPerson {
		out["jobTitle"] = *a.Role
	}
	if aff := c.g.Actors[a.AffiliationID]; aff != nil {
		ref := map[string]any{"@id": c.iri(aff.ID), "name": aff.Name}
		if t := schemaActorType(aff.Kind); t != "" {
			ref["@type"] = t
		}
		// A person's affiliation (anonymous and unknown actors are mostly officials);
		// an organisation's parent organisation.
		key := "parentOrganization"
		switch a.Kind {
		case prov.ActorPerson, prov.ActorAnonymous, prov.ActorUnknown:
			key = "affiliation"
		}
		out[key] = ref
	}
	return out
}

func schemaActorType(k prov.ActorKind) string {
	switch k {
	case prov.ActorPerson:
		return "Person"
	case prov.ActorOrganization:
		return "Organization"
	case prov.ActorGovernment:
		return "GovernmentOrganization"
	case prov.ActorMediaOutlet:
		return "NewsMediaOrganization"
	}
	return ""
}

// iriSafe percent-encodes the characters an IRI may not contain (controls, space and
// <>"{}|\^`), which a stored URL may still have, so that it stays an IRI in RDF.
func iriSafe(u string) string {
	if strings.IndexFunc(u, badIRIRune) < 0 {
		return u
	}
	var b strings.Builder
	for _, r := range u {
		if !badIRIRune(r) {
			b.WriteRune(r)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", r)
	}
	return b.String()
}
