package corpus

import (
	"strings"
	"testing"
)

func TestSameSeedSameClaims(t *testing.T) {
	a, b := New(7), New(7)
	for range 100 {
		x, y := a.Claim(), b.Claim()
		if x.Text != y.Text || strings.Join(x.Quotes, "|") != strings.Join(y.Quotes, "|") || x.Claimant != y.Claimant {
			t.Fatalf("claims differ: %+v / %+v", x, y)
		}
	}
	if q := New(2).Queries(50); len(q) != 50 || len(strings.Fields(q[0])) != 2 {
		t.Errorf("queries %q", q)
	}
}

func TestVocabularyHeadIsTheDemoData(t *testing.T) {
	v := vocabulary()
	if len(v) != VocabularySize {
		t.Fatalf("%d words", len(v))
	}
	head := strings.Join(v[:30], " ")
	for _, w := range []string{"syria", "strikes", "iran"} {
		if !strings.Contains(" "+head+" ", " "+w+" ") {
			t.Errorf("%q not among the 30 most frequent words: %s", w, head)
		}
	}
}
