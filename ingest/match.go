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
//
// Statements that contradict each other are never the same claim, however many
// words they share: Similarity is 0 when one is negated and the other is not ("Iran
// was behind the attack" / "Iran was not behind the attack"), or when both give
// numbers and neither's numbers include the other's ("killed 4 fighters" / "killed 40
// fighters").
func Similarity(a, b string) float64 {
	if negated(a) != negated(b) || !numbersAgree(numbers(a), numbers(b)) {
		return 0
	}
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

// negators turn a statement into its denial.
var negators = map[string]bool{"not": true, "no": true, "never": true, "none": true,
	"nobody": true, "nothing": true, "neither": true, "nor": true, "cannot": true,
	"without": true, "deny": true, "denies": true, "denied": true, "denying": true}

// negated reports whether s holds an odd number of negations ("not", "no", "n't",
// "denied"): a double negation asserts. A statement opening with "any" is the object
// of a denial ("Iran denied any involvement" reports "any involvement"), so negated.
func negated(s string) bool {
	n := 0
	for i, f := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\'' && r != '’'
	}) {
		f = strings.Trim(f, "'’")
		if negators[f] || strings.HasSuffix(f, "n't") || strings.HasSuffix(f, "n’t") || i == 0 && f == "any" {
			n++
		}
	}
	return n%2 == 1
}

// numbers returns the numbers written in s, thousands separators removed ("1,200" →
// "1200").
func numbers(s string) map[string]bool {
	var out map[string]bool
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsDigit(r) && r != ',' && r != '.' }) {
		f = strings.Trim(strings.ReplaceAll(f, ",", ""), ".")
		if f == "" || strings.Trim(f, "0123456789.") != "" {
			continue
		}
		if t := strings.TrimLeft(f, "0"); t != "" && t[0] != '.' {
			f = t // "02" is 2
		} else if t == "" {
			f = "0"
		}
		if out == nil {
			out = map[string]bool{}
		}
		out[f] = true
	}
	return out
}

// numbersAgree reports whether two statements' numbers are compatible: one has none,
// or one's numbers include all of the other's.
func numbersAgree(a, b map[string]bool) bool {
	if len(a) == 0 || len(b) == 0 {
		return true
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	for n := range a {
		if !b[n] {
			return false
		}
	}
	return true
}
