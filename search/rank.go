package search

import (
	"context"
	"slices"

	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"claimgraph/prov"
)

// A claim's document holds its attributions' quotes, so a query that matches a quote
// matches the claim too. BM25 favours short documents, so a bare quote would often
// outrank the claim that carries it (one pair in ten on the demo data, even with the
// attributions' matches weighed at half); a reader wants the claim first and its
// quotes after it. So Search orders hits by BM25 except that an attribution whose
// claim also matches ranks right after that claim when it would rank above it: it
// takes the claim's score, and follows it. That order is a property of the whole
// result list, so a page is cut from the top of it: the view fetches the best hits
// down past the page, reorders them, and fetches further while an unfetched hit could
// still belong on the page.

// rankOrder is a hit's place in Search's order: its effective score, then the claim
// it follows (itself for every other hit), then claims before their attributions.
type rankOrder struct {
	hit   *blevesearch.DocumentMatch
	score float64 // effective: an attribution above its claim takes the claim's score
	group string  // the claim it follows, or its own ID
	after bool    // an attribution placed after its claim
}

func (a rankOrder) compare(b rankOrder) int {
	switch {
	case a.score != b.score:
		if a.score > b.score {
			return -1
		}
		return 1
	case a.group != b.group:
		if a.group < b.group {
			return -1
		}
		return 1
	case a.after != b.after:
		if !a.after {
			return -1
		}
		return 1
	case a.hit.Score != b.hit.Score:
		if a.hit.Score > b.hit.Score {
			return -1
		}
		return 1
	case a.hit.ID < b.hit.ID:
		return -1
	case a.hit.ID > b.hit.ID:
		return 1
	}
	return 0
}

// maxRankWindow bounds how far down the list ordering fetches; past it (only with
// thousands of equal scores) the page is cut from what was fetched.
const maxRankWindow = 4 * (MaxOffset + MaxFirst)

// page returns size hits from offset of q in Search's order, and how many documents
// match. claimsFirst is false when the query cannot return both claims and
// attributions, and the order is plain BM25.
func (v *view) page(ctx context.Context, q query.Query, claimsFirst bool, size, offset int) (blevesearch.DocumentMatchCollection, int, error) {
	if !claimsFirst {
		return v.ranked(ctx, q, size, offset, nil)
	}
	want := offset + size
	n := want + want/2 + 8 // a margin for the attributions that move down
	for {
		hits, total, err := v.ranked(ctx, q, n, 0, []string{fieldClaim})
		if err != nil {
			return nil, 0, err
		}
		order, err := v.claimsFirst(ctx, q, hits)
		if err != nil {
			return nil, 0, err
		}
		// an unfetched hit scores at most the last fetched one's raw score, so the
		// hits whose effective score is above it are in their final places
		settled := len(order)
		if len(hits) < total && len(hits) > 0 {
			floor := hits[len(hits)-1].Score
			settled = 0
			for settled < len(order) && order[settled].score > floor {
				settled++
			}
		}
		if settled >= want || len(hits) >= total || n >= maxRankWindow {
			out := make(blevesearch.DocumentMatchCollection, 0, size)
			for i := offset; i < min(len(order), want); i++ {
				out = append(out, order[i].hit)
			}
			return out, total, nil
		}
		n = min(2*n, maxRankWindow)
	}
}

// claimsFirst orders hits (best first, by BM25) with each attribution that outranks
// its matching claim moved to just after it.
func (v *view) claimsFirst(ctx context.Context, q query.Query, hits blevesearch.DocumentMatchCollection) ([]rankOrder, error) {
	claimScore := map[string]float64{}
	for _, h := range hits {
		if isType(h.ID, prov.TypeClaim) {
			claimScore[h.ID] = h.Score
		}
	}
	var missing []string
	for _, h := range hits {
		if c := claimOf(h); c != "" {
			if _, ok := claimScore[c]; !ok && !slices.Contains(missing, c) {
				missing = append(missing, c)
			}
		}
	}
	if len(missing) > 0 {
		// the claims of attributions in the window that rank below it, if they match
		only := query.NewDocIDQuery(missing)
		only.SetBoost(0)
		res, _, err := v.ranked(ctx, query.NewConjunctionQuery([]query.Query{q, only}), len(missing), 0, nil)
		if err != nil {
			return nil, err
		}
		for _, h := range res {
			claimScore[h.ID] = h.Score
		}
	}
	order := make([]rankOrder, len(hits))
	for i, h := range hits {
		o := rankOrder{hit: h, score: h.Score, group: h.ID}
		if c := claimOf(h); c != "" {
			if s, ok := claimScore[c]; ok && s <= h.Score {
				o.score, o.group, o.after = s, c, true
			}
		}
		order[i] = o
	}
	slices.SortFunc(order, rankOrder.compare)
	return order, nil
}

// claimOf returns the claim ID stored with an attribution hit, or "".
func claimOf(h *blevesearch.DocumentMatch) string {
	if !isType(h.ID, prov.TypeAttribution) {
		return ""
	}
	c, _ := h.Fields[fieldClaim].(string)
	return c
}

func isType(doc string, t prov.NodeType) bool {
	id, err := prov.ParseID(doc)
	return err == nil && id.Type == t
}
