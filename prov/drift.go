package prov

import (
	"strings"
	"unicode"
)

// DiffOp says whether a run of words is in both texts, only the canonical one, or only
// the quote.
type DiffOp string

const (
	DiffEqual  DiffOp = "EQUAL"
	DiffDelete DiffOp = "DELETE" // in the canonical text, not the quote
	DiffInsert DiffOp = "INSERT" // in the quote, not the canonical text
)

// DiffSegment is a run of words with the same DiffOp, as written in its text.
type DiffSegment struct {
	Op   DiffOp
	Text string
}

// Drift is how a quote's wording differs from a claim's canonical text.
type Drift struct {
	// Similarity is 2×(words in common)/(words in both texts), in [0,1]; 1 when the
	// texts have the same words in the same order (ignoring case and punctuation).
	Similarity float64
	// Removed are canonical words the quote does not use; Added are quote words the
	// canonical text does not use; both in order of appearance.
	Removed []string
	Added   []string
	// Substitutions pair each run of canonical words with the quote's words in its
	// place ("government" → "president").
	Substitutions []Substitution
	// Segments interleave the two texts: equal runs, then what each side has instead.
	Segments []DiffSegment
}

// Substitution is a run of canonical words the quote replaces with other words.
type Substitution struct {
	From string
	To   string
}

type word struct {
	text string // as written
	key  string // folded for comparison
}

func splitWords(s string) []word {
	var out []word
	for _, f := range strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’' && r != '-'
	}) {
		key := stem(strings.ToLower(strings.Trim(f, "'’-")))
		if key != "" {
			out = append(out, word{f, key})
		}
	}
	return out
}

// stem strips common English inflections so that "supports", "supported" and
// "support" (or "strike", "strikes", "striking") compare equal. It is deliberately
// light, for wording comparison only: short words are left alone.
func stem(w string) string {
	if len(w) <= 4 {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ies"):
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "ing") && len(w) > 5:
		w = w[:len(w)-3]
	case strings.HasSuffix(w, "lly"): // fully ~ full
		w = w[:len(w)-1]
	case strings.HasSuffix(w, "ly"): // strongly ~ strong
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "ed") && len(w) > 5:
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us"):
		w = w[:len(w)-1]
	}
	if len(w) > 4 && strings.HasSuffix(w, "e") {
		w = w[:len(w)-1]
	}
	return w
}

// maxDriftWords bounds the word-level diff, which costs len(a)×len(b).
const maxDriftWords = 2000

// CompareWording returns the word-level drift of quote against canonical: a longest
// common subsequence of their words, compared case-insensitively.
func CompareWording(canonical, quote string) Drift {
	a, b := splitWords(canonical), splitWords(quote)
	if len(a) > maxDriftWords {
		a = a[:maxDriftWords]
	}
	if len(b) > maxDriftWords {
		b = b[:maxDriftWords]
	}
	// lcs[i][j] is the LCS length of a[i:] and b[j:].
	lcs := make([][]int32, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i].key == b[j].key {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	d := Drift{Removed: []string{}, Added: []string{}, Substitutions: []Substitution{}, Segments: []DiffSegment{}}
	push := func(op DiffOp, w string) {
		if n := len(d.Segments); n > 0 && d.Segments[n-1].Op == op {
			d.Segments[n-1].Text += " " + w
			return
		}
		d.Segments = append(d.Segments, DiffSegment{op, w})
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i].key == b[j].key:
			push(DiffEqual, b[j].text)
			i, j = i+1, j+1
		case j == len(b) || i < len(a) && lcs[i+1][j] >= lcs[i][j+1]:
			push(DiffDelete, a[i].text)
			d.Removed = append(d.Removed, a[i].text)
			i++
		default:
			push(DiffInsert, b[j].text)
			d.Added = append(d.Added, b[j].text)
			j++
		}
	}
	for i := 0; i+1 < len(d.Segments); i++ {
		x, y := d.Segments[i], d.Segments[i+1]
		if x.Op == DiffDelete && y.Op == DiffInsert {
			d.Substitutions = append(d.Substitutions, Substitution{From: x.Text, To: y.Text})
		}
	}
	if total := len(a) + len(b); total > 0 {
		d.Similarity = 2 * float64(lcs[0][0]) / float64(total)
	} else {
		d.Similarity = 1
	}
	return d
}
