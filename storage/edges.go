package storage

import "claimgraph/prov"

// edgeLabel names the field a reverse edge stands for. Values are part of the key
// layout: never change or reuse one.
type edgeLabel byte

const (
	attributionClaim     edgeLabel = 1
	attributionSource    edgeLabel = 2
	claimClaimant        edgeLabel = 3
	claimEvent           edgeLabel = 4
	sourcePublisher      edgeLabel = 5
	sourceCites          edgeLabel = 6
	actorAffiliation     edgeLabel = 7
	attributionViaActor  edgeLabel = 8
	attributionViaSource edgeLabel = 9
	relationFrom         edgeLabel = 10
	relationTo           edgeLabel = 11
	relationAssertedBy   edgeLabel = 12
	reviewClaim          edgeLabel = 13
	reviewReviewer       edgeLabel = 14
	dismissalEvent       edgeLabel = 15
)

var labelFields = map[edgeLabel]string{
	attributionClaim:     "attribution.claim",
	attributionSource:    "attribution.source",
	claimClaimant:        "claim.claimant",
	claimEvent:           "claim.event",
	sourcePublisher:      "source.publisher",
	sourceCites:          "source.cites",
	actorAffiliation:     "actor.affiliation",
	attributionViaActor:  "attribution.viaActor",
	attributionViaSource: "attribution.viaSource",
	relationFrom:         "relation.from",
	relationTo:           "relation.to",
	relationAssertedBy:   "relation.assertedBy",
	reviewClaim:          "review.claim",
	reviewReviewer:       "review.reviewer",
	dismissalEvent:       "dismissal.event",
}

// ref is one outgoing reference of a node.
type ref struct {
	label  edgeLabel
	target prov.ID
}

// refsOf returns the references a node holds, the forward edges that reverse-edge
// keys mirror.
func refsOf(n node) []ref {
	var refs []ref
	add := func(l edgeLabel, id prov.ID) {
		if !id.IsZero() {
			refs = append(refs, ref{l, id})
		}
	}
	switch n := n.(type) {
	case *prov.Actor:
		add(actorAffiliation, n.AffiliationID)
	case *prov.Source:
		add(sourcePublisher, n.PublisherID)
		for _, c := range n.CitesIDs {
			add(sourceCites, c)
		}
	case *prov.Claim:
		add(claimClaimant, n.ClaimantID)
		add(claimEvent, n.EventID)
	case *prov.Attribution:
		add(attributionClaim, n.ClaimID)
		add(attributionSource, n.SourceID)
		add(attributionViaActor, n.ViaActorID)
		add(attributionViaSource, n.ViaSourceID)
	case *prov.Dismissal:
		add(dismissalEvent, n.EventID)
	case *prov.Review:
		add(reviewClaim, n.ClaimID)
		add(reviewReviewer, n.ReviewerID)
	case *prov.ClaimRelation:
		add(relationFrom, n.FromID)
		add(relationTo, n.ToID)
		add(relationAssertedBy, n.AssertedByID)
	}
	return refs
}

// uniqueKind names a unique index. Values are part of the key layout.
type uniqueKind byte

const (
	uniqueActorName  uniqueKind = 1
	uniqueSourceHash uniqueKind = 2
	uniqueSourceURL  uniqueKind = 3
	uniqueTokenHash  uniqueKind = 4
	uniqueDismissal  uniqueKind = 5
)

// unique is one natural key a node claims.
type unique struct {
	kind  uniqueKind
	key   string
	field string // where the key came from, for error messages
	value string // the key as the user wrote it
}

// uniquesOf returns the natural keys a node claims.
func uniquesOf(n node) []unique {
	var out []unique
	switch n := n.(type) {
	case *prov.Actor:
		if !n.Named() {
			return nil
		}
		seen := map[string]bool{}
		for i, name := range n.Names() {
			k := prov.FoldName(name)
			if k == "" || seen[k] {
				continue
			}
			seen[k] = true
			field := "actor.name"
			if i > 0 {
				field = "actor.aliases"
			}
			out = append(out, unique{uniqueActorName, k, field, name})
		}
	case *prov.Dismissal:
		out = append(out, unique{uniqueDismissal, n.Key, "dismissal.key", n.Key})
	case *prov.Token:
		out = append(out, unique{uniqueTokenHash, string(n.SecretHash[:]), "token.secret", "(secret)"})
	case *prov.Source:
		if n.TextSHA256 != "" {
			out = append(out, unique{uniqueSourceHash, n.TextSHA256, "source.textSha256", n.TextSHA256})
		}
		if n.URL != nil {
			out = append(out, unique{uniqueSourceURL, prov.NormalizeURL(*n.URL), "source.url", *n.URL})
		}
	}
	return out
}
