package ingest

import (
	"strings"
	"unicode"
)

// MatchThreshold is the least similarity at which an extracted statement is taken to
// say the same thing as an existing claim of the same claimant (on the same event),
// and becomes a new attribution of it instead of a new claim. TestMatchThreshold
// measures it on the demo dataset's hand-made claims; docs/INGEST.md gives the figures.
const MatchThreshold = 0.5

// Similarity returns the Jaccard overlap of the content words of a and b, after case
// folding and light stemming, in [0,1]: "the Syrian government is in full support" and
// "the Syrian government fully supported the strikes" share 4 of 5.
func Similarity(a, b string) float64 {
	wa, wb := contentWords(a), contentWords(b)
	if len(wa) == 0 || len(wb) == 0 {
		return 0
	}
	inter := 0
	for w := range wa {
		if wb[w] {
			inter++
		}
	}
	return float64(inter) / float64(len(wa)+len(wb)-inter)
}

// stopWords carry no proposition of their own.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the and or but of in on at to for from by with as is are was were be been
		being it its it's this that these those there their they them he she his her we our us you your i
		will would shall should can could may might must do does did has have had not no than then so such
		which who whom what when where while also into over about after before all any some more most very`) {
		stopWords[w] = true
	}
}

func contentWords(s string) map[string]bool {
	out := map[string]bool{}
	for _, f := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if stopWords[f] {
			continue
		}
		out[stemWord(f)] = true
	}
	return out
}

// stemWord strips common English inflections so that support, supports, supported and
// supporting, or fully and full, compare equal.
func stemWord(w string) string {
	if len(w) <= 3 {
		return w
	}
	for _, suf := range []string{"ing", "ed", "ly", "es", "s"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 3 {
			w = w[:len(w)-len(suf)]
			break
		}
	}
	if strings.HasSuffix(w, "l") && strings.HasSuffix(w, "ll") {
		return w
	}
	return strings.TrimSuffix(w, "e")
}
