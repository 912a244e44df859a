package prov_test

import (
	"strings"
	"testing"

	"claimgraph/prov"
)

func TestPlaceQuote(t *testing.T) {
	const text = "Ça va. The minister said the strikes began. The strikes began at dawn."
	src := prov.NewID(prov.TypeSource, 7)
	attr := func(quote string, span ...int) *prov.Attribution {
		a := &prov.Attribution{SourceID: src, Quote: quote}
		if len(span) == 2 {
			a.Start, a.End = &span[0], &span[1]
		}
		return a
	}
	t.Run("fills in the span of a quote that occurs once, in code points", func(t *testing.T) {
		a := attr("the strikes began")
		if err := a.PlaceQuote(text); err != nil {
			t.Fatal(err)
		}
		if !a.HasSpan() || *a.Start != 25 || *a.End != 42 {
			t.Fatalf("span = %v..%v, want 25..42", a.Start, a.End)
		}
		if got, _ := prov.SliceRunes(text, *a.Start, *a.End); got != a.Quote {
			t.Errorf("the span reads %q", got)
		}
	})
	t.Run("refuses a quote that occurs more than once, listing where", func(t *testing.T) {
		err := attr("strikes began").PlaceQuote(text)
		if prov.ErrorCode(err) != prov.EINVALID || !strings.Contains(err.Error(), "attribution.quote: occurs 2 times") ||
			!strings.Contains(err.Error(), "29..42, 48..61") || !strings.Contains(err.Error(), "give start and end") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("counts overlapping occurrences", func(t *testing.T) {
		if err := attr("aa").PlaceQuote("aaa"); err == nil || !strings.Contains(err.Error(), "occurs 2 times") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("refuses a quote that does not occur, naming the source", func(t *testing.T) {
		err := attr("not in the text at all").PlaceQuote(text)
		if prov.ErrorCode(err) != prov.EINVALID || !strings.Contains(err.Error(), "attribution.quote: does not occur") || !strings.Contains(err.Error(), src.String()) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("checks a given span as CheckSpan does", func(t *testing.T) {
		if err := attr("strikes began", 48, 61).PlaceQuote(text); err != nil {
			t.Errorf("the second occurrence by span: %v", err)
		}
		if err := attr("strikes began", 0, 13).PlaceQuote(text); prov.ErrorCode(err) != prov.EINVALID {
			t.Errorf("a span elsewhere: %v", err)
		}
	})
}
