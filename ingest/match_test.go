package ingest_test

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"claimgraph/demo"
	"claimgraph/ingest"
	"claimgraph/ndjson"
	"claimgraph/prov"
)

// matchCase is one demo attribution arriving at a store that holds everything else
// its claimant said: the hand-curated claims say which claim it belongs to, if any.
type matchCase struct {
	quote string
	// want is the claim it belongs to when that claim has other appearances, zero
	// when it is the claim's only appearance (a new claim is right).
	want prov.ID
	// candidates are the claimant's other claims with their texts and other quotes.
	candidates map[prov.ID][]string
}

func demoMatchCases(tb testing.TB) []matchCase {
	tb.Helper()
	r := ndjson.NewReader(bytes.NewReader(demo.Data))
	claims := map[prov.ID]*prov.Claim{}
	var atts []*prov.Attribution
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			tb.Fatal(err)
		}
		if rec.Claim != nil {
			claims[rec.Claim.ID] = rec.Claim
		}
		if rec.Attribution != nil {
			atts = append(atts, rec.Attribution)
		}
	}
	var cases []matchCase
	for _, a := range atts {
		c := claims[a.ClaimID]
		if c.ClaimantID.IsZero() {
			continue // an unknown outlet's narration: no claimant to match within
		}
		mc := matchCase{quote: a.Quote, candidates: map[prov.ID][]string{}}
		for _, other := range claims {
			if other.ClaimantID != c.ClaimantID || other.EventID != c.EventID {
				continue
			}
			var texts []string
			for _, b := range atts {
				if b.ClaimID == other.ID && b.ID != a.ID {
					texts = append(texts, b.Quote)
				}
			}
			if other.ID == c.ID {
				if len(texts) == 0 {
					continue // a's claim exists only through a
				}
				mc.want = c.ID
			}
			// The canonical text is curated by hand, so it only counts for a claim
			// that already had another appearance before a.
			if len(texts) > 0 || other.ID != c.ID {
				texts = append(texts, other.Text)
			}
			mc.candidates[other.ID] = texts
		}
		cases = append(cases, mc)
	}
	return cases
}

// decide returns the claim ingest would attach quote to at threshold t, or zero.
func decide(mc matchCase, t float64) prov.ID {
	var best prov.ID
	bestSim := 0.0
	for id, texts := range mc.candidates {
		for _, x := range texts {
			if s := ingest.Similarity(mc.quote, x); s > bestSim || (s == bestSim && s > 0 && id.Seq < best.Seq) {
				best, bestSim = id, s
			}
		}
	}
	if bestSim < t {
		return prov.ID{}
	}
	return best
}

// TestMatchThreshold measures claim matching on the demo's hand-made claims: for each
// attribution, whether ingest would attach it to the right claim of its claimant (or
// rightly make a new one) at a range of thresholds.
func TestMatchThreshold(t *testing.T) {
	cases := demoMatchCases(t)
	var atThreshold [4]int
	for _, th := range []float64{0.2, 0.3, 0.4, ingest.MatchThreshold, 0.6, 0.7, 0.8} {
		var tp, fp, fn, tn int // positive: joined an existing claim
		for _, mc := range cases {
			got := decide(mc, th)
			switch {
			case got.IsZero() && mc.want.IsZero():
				tn++
			case got.IsZero():
				fn++
			case got == mc.want:
				tp++
			default:
				fp++ // joined a claim, and the wrong one
			}
		}
		p := float64(tp) / float64(max(tp+fp, 1))
		r := float64(tp) / float64(max(tp+fn, 1))
		t.Logf("threshold %.1f: joined right %d, joined wrong %d, missed %d, new right %d; precision %.2f recall %.2f accuracy %.2f",
			th, tp, fp, fn, tn, p, r, float64(tp+tn)/float64(len(cases)))
		if th == ingest.MatchThreshold {
			atThreshold = [4]int{tp, fp, fn, tn}
		}
	}
	tp, fp, fn, tn := atThreshold[0], atThreshold[1], atThreshold[2], atThreshold[3]
	t.Run(fmt.Sprintf("at %.1f no attribution joins a wrong claim and accuracy stays above 0.7", ingest.MatchThreshold), func(t *testing.T) {
		if fp > 0 {
			t.Errorf("%d attributions join the wrong claim", fp)
		}
		if acc := float64(tp+tn) / float64(tp+fp+fn+tn); acc < 0.7 {
			t.Errorf("accuracy %.2f, below the floor 0.7", acc)
		}
	})
}

// TestSimilarityKeepsContradictionsApart checks pairs that share most words yet say
// different things: they must not join one claim.
func TestSimilarityKeepsContradictionsApart(t *testing.T) {
	for _, c := range []struct {
		name, a, b string
		join       bool
	}{
		{"a negation is another claim", "Iran was behind the attack", "Iran was not behind the attack", false},
		{"a contracted negation is another claim", "the talks will resume on Monday", "the talks won't resume on Monday", false},
		{"a denial is another claim", "the company paid the fine", "the company denied it paid the fine", false},
		{"a different number is another claim", "the strikes killed 4 fighters", "the strikes killed 40 fighters", false},
		{"a different thousands figure is another claim", "the airline will cut 1,200 jobs", "the airline will cut 1,500 jobs", false},
		{"two negated statements still match", "the United States does not seek conflict in the Middle East", "The United States does not seek conflict in the Middle East or anywhere else", true},
		{"the same number matches", "forces struck more than 85 targets", "forces struck 85 targets overnight", true},
		{"a denied object matches the negated claim", "any involvement in the drone attack", "Iran had no involvement in the drone attack on US troops", true},
		{"a leading zero is the same number", "at 4:00 p.m. Feb. 02 forces conducted airstrikes in Iraq", "at 4:00 p.m. on 2 February forces conducted airstrikes in Iraq", true},
		{"a number on one side only still matches", "the strikes hit targets across central Syria", "the strikes hit 70 targets across central Syria", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			sim := ingest.Similarity(c.a, c.b)
			if got := sim >= ingest.MatchThreshold; got != c.join {
				t.Errorf("Similarity(%q, %q) = %.2f: joined %v, want %v", c.a, c.b, sim, got, c.join)
			}
		})
	}
}
