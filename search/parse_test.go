package search

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/search/searcher"

	"claimgraph/prov"
	"claimgraph/storage/storagetest"
)

func describeClauses(p Parsed) string {
	var out []string
	for _, c := range p.clauses {
		switch c.kind {
		case clauseTerm:
			out = append(out, c.term)
		case clausePhrase:
			out = append(out, fmt.Sprintf("%q", c.phrase))
		case clausePrefix:
			out = append(out, strings.Join(c.prefix, "|")+"*")
		}
	}
	return strings.Join(out, " ")
}

func TestParse(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"words are analysed and deduplicated", "Supports the SUPPORTED", "support"},
		{"a phrase keeps the places of its stop words", `"declaration of vengeance"`, `[["declar"] [] ["vengeanc"]]`},
		{"an unclosed quote runs to the end", `Trump "fully supports`, `trump [["fulli"] ["support"]]`},
		{"a prefix tries the word and its stem", "Heg* supporting*", "heg* supporting|support*"},
		{"a one-letter prefix is a word", "a* b*", "b"},
		{"punctuation alone is nothing", `" " * -- ?`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := describeClauses(Parse(tc.in)); got != tc.want {
				t.Errorf("Parse(%q) = %s, want %s", tc.in, got, tc.want)
			}
		})
	}
	t.Run("a long text keeps its first clauses", func(t *testing.T) {
		long := strings.Repeat("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega one two three four five six seven eight nine ten ", 3)
		if n := len(Parse(long).clauses); n != MaxClauses {
			t.Errorf("%d clauses, want %d", n, MaxClauses)
		}
	})
}

func TestPrefixThatMatchesTooMuchIsRefused(t *testing.T) {
	s := storagetest.MustOpenDemo(t)
	x, err := Open("")
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	defer func(n int) { searcher.DisjunctionMaxClauseCount = n }(searcher.DisjunctionMaxClauseCount)
	searcher.DisjunctionMaxClauseCount = 3
	_, err = x.Search(context.Background(), s, Query{Text: "s*"})
	if err != nil {
		t.Fatalf("a one-letter prefix is a word, got %v", err)
	}
	_, err = x.Search(context.Background(), s, Query{Text: "st*"})
	if prov.ErrorCode(err) != prov.EINVALID {
		t.Errorf("got %v, want EINVALID", err)
	}
}
