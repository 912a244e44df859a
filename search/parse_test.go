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

func TestSnippets(t *testing.T) {
	match := Parse("vengeance Syrian").matcher()
	t.Run("a short text is whole, its matches marked", func(t *testing.T) {
		s, ok := makeSnippet("quote", prov.ID{}, "the Syrian declaration of vengeance", match)
		if !ok || s.Marked("[", "]") != "the [Syrian] declaration of [vengeance]" {
			t.Errorf("got %q %v", s.Marked("[", "]"), s.Highlights)
		}
	})
	t.Run("a long text is cut around its densest matches, in code points", func(t *testing.T) {
		text := strings.Repeat("Ünrelated wörds before the point. ", 20) + "Then the Syrian government spoke of vengeance, " + strings.Repeat("and more wörds after it. ", 20)
		s, ok := makeSnippet("sourceText", prov.ID{}, text, match)
		if !ok || !strings.HasPrefix(s.Text, "…") || !strings.HasSuffix(s.Text, "…") || len(s.Text) > 300 {
			t.Fatalf("snippet %q", s.Text)
		}
		runes := []rune(s.Text)
		for _, h := range s.Highlights {
			if w := string(runes[h.Start:h.End]); w != "Syrian" && w != "vengeance" {
				t.Errorf("highlight %v reads %q", h, w)
			}
		}
		if len(s.Highlights) != 2 {
			t.Errorf("highlights %v in %q", s.Highlights, s.Text)
		}
	})
	t.Run("a text without matches has no snippet", func(t *testing.T) {
		if _, ok := makeSnippet("text", prov.ID{}, "nothing here", match); ok {
			t.Error("snippet made")
		}
	})
}
