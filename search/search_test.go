package search_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"claimgraph/demo"
	"claimgraph/prov"
	"claimgraph/search"
	"claimgraph/storage"
	"claimgraph/storage/storagetest"
)

func mustOpenIndex(t testing.TB, dir string) *search.Index {
	t.Helper()
	x, err := search.Open(dir)
	if err != nil {
		t.Fatalf("open index: %v", err)
	}
	t.Cleanup(func() { x.Close() })
	return x
}

func mustSearch(t testing.TB, x *search.Index, s *storage.Store, q search.Query) *search.Result {
	t.Helper()
	res, err := x.Search(context.Background(), s, q)
	if err != nil {
		t.Fatalf("search %q: %v", q.Text, err)
	}
	return res
}

func hitIDs(res *search.Result) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID.String())
	}
	return out
}

func describe(res *search.Result) string {
	var b strings.Builder
	for i, h := range res.Hits {
		fmt.Fprintf(&b, "\n%2d %.3f %s", i+1, h.Score, h.ID)
		for _, s := range h.Snippets {
			fmt.Fprintf(&b, "\n     %s %s: %s", s.Field, s.ID, s.Marked("[", "]"))
		}
	}
	return b.String()
}

func id(s string) prov.ID {
	id, err := prov.ParseID(s)
	if err != nil {
		panic(err)
	}
	return id
}

const (
	trumpClaim     = "clm_000000000000b" // The Syrian government fully supports the US strikes…
	hegsethClaim   = "clm_0000000000008" // …not the beginning of a war but a declaration of vengeance.
	hegsethQuote   = "att_0000000000009" // direct quote in 001
	hegsethParaph  = "att_0000000000008" // paraphrase in 000
	iranAttacker   = "clm_0000000000010"
	iraqAttacker   = "clm_000000000001z"
	hegsethActor   = "act_0000000000009"
	hawkeyeEvent   = "evt_0000000000001"
	tower22Event   = "evt_0000000000002"
	article001     = "src_000000000000e"
	trumpActor     = "act_0000000000008"
	centcomActor   = "act_0000000000006"
	centcomTargets = "clm_000000000000y"
)

func TestSearchRanksDemoData(t *testing.T) {
	s := storagetest.MustOpenDemo(t)
	x := mustOpenIndex(t, "")

	t.Run("Trump's claim ranks first for the wording a fact-checker heard", func(t *testing.T) {
		res := mustSearch(t, x, s, search.Query{Text: "Syrian government fully supports"})
		if len(res.Hits) == 0 || res.Hits[0].ID.String() != trumpClaim {
			t.Fatalf("hits: %s", describe(res))
		}
		var quotes []string
		for _, sn := range res.Hits[0].Snippets {
			if sn.Field == "quote" {
				quotes = append(quotes, sn.Marked("[", "]"))
			}
		}
		want := "the [Syrian] [government] [fully] [supported] the strikes"
		if !containsStr(quotes, want) {
			t.Errorf("quote snippets %q, want %q among them", quotes, want)
		}
	})

	t.Run("a phrase finds Hegseth's claim with its direct quote and its paraphrase", func(t *testing.T) {
		for _, text := range []string{`declaration of vengeance`, `"declaration of vengeance"`} {
			res := mustSearch(t, x, s, search.Query{Text: text})
			got := hitIDs(res)
			if len(got) < 3 || got[0] != hegsethClaim {
				t.Fatalf("%s: hits %s", text, describe(res))
			}
			for _, want := range []string{hegsethQuote, hegsethParaph} {
				if !containsStr(got[:3], want) {
					t.Errorf("%s: %s not among the first three hits: %s", text, want, describe(res))
				}
			}
			quotes := map[string]bool{}
			for _, sn := range res.Hits[0].Snippets {
				if sn.Field == "quote" {
					quotes[sn.ID.String()] = true
				}
			}
			if !quotes[hegsethQuote] || !quotes[hegsethParaph] {
				t.Errorf("%s: the claim's snippets quote %v, want both attributions", text, quotes)
			}
		}
	})

	t.Run("a phrase needs its words in order", func(t *testing.T) {
		res := mustSearch(t, x, s, search.Query{Text: `"vengeance of declaration"`})
		if len(res.Hits) != 0 {
			t.Errorf("hits: %s", describe(res))
		}
	})

	t.Run("a prefix finds Hegseth", func(t *testing.T) {
		res := mustSearch(t, x, s, search.Query{Text: "Heg*", Types: []prov.NodeType{prov.TypeActor}})
		if got := hitIDs(res); len(got) != 1 || got[0] != hegsethActor {
			t.Errorf("hits: %s", describe(res))
		}
		res = mustSearch(t, x, s, search.Query{Text: "heg*"})
		if res.Total < 2 {
			t.Errorf("lower-case prefix: %s", describe(res))
		}
	})

	t.Run("an alias finds its actor", func(t *testing.T) {
		res := mustSearch(t, x, s, search.Query{Text: "CENTCOM", Types: []prov.NodeType{prov.TypeActor}})
		if got := hitIDs(res); len(got) == 0 || got[0] != centcomActor {
			t.Errorf("hits: %s", describe(res))
		}
	})

	t.Run("stemming and folding match inflections and accents the data does not use", func(t *testing.T) {
		// none of these words is in the demo data as written: only their stems match
		for _, word := range []string{"supporting", "kills", "wounding", "retaliating", "confirms", "süppörting", "KÍLLS"} {
			if strings.Contains(strings.ToLower(string(demo.Data)), strings.ToLower(word)) {
				t.Fatalf("%q is in the demo data as written", word)
			}
			res := mustSearch(t, x, s, search.Query{Text: word, Types: []prov.NodeType{prov.TypeClaim}})
			if res.Total == 0 {
				t.Errorf("%q finds no claim", word)
			}
		}
		a := hitIDs(mustSearch(t, x, s, search.Query{Text: "supporting", Types: []prov.NodeType{prov.TypeClaim}}))
		b := hitIDs(mustSearch(t, x, s, search.Query{Text: "SÜPPÖRTING", Types: []prov.NodeType{prov.TypeClaim}}))
		if strings.Join(a, ",") != strings.Join(b, ",") || !containsStr(a, trumpClaim) {
			t.Errorf("supporting %v, SÜPPÖRTING %v: want the same hits, %s among them", a, b, trumpClaim)
		}
	})

	t.Run("filters narrow by type, event, claimant, source and date", func(t *testing.T) {
		res := mustSearch(t, x, s, search.Query{Text: "strikes", Types: []prov.NodeType{prov.TypeClaim}, EventID: id(tower22Event)})
		for _, h := range res.Hits {
			c, ok := h.Node.(*prov.Claim)
			if !ok || c.EventID.String() != tower22Event {
				t.Errorf("event filter let through %s", h.ID)
			}
		}
		if len(res.Hits) == 0 {
			t.Error("event filter: no hits")
		}
		res = mustSearch(t, x, s, search.Query{Text: "strikes", ClaimantID: id(trumpActor)})
		for _, h := range res.Hits {
			switch n := h.Node.(type) {
			case *prov.Claim:
				if n.ClaimantID.String() != trumpActor {
					t.Errorf("claimant filter let through %s", h.ID)
				}
			case *prov.Attribution:
			default:
				t.Errorf("claimant filter let through %s", h.ID)
			}
		}
		res = mustSearch(t, x, s, search.Query{Text: "Syrian government", SourceID: id(article001), Types: []prov.NodeType{prov.TypeAttribution}})
		for _, h := range res.Hits {
			if h.Node.(*prov.Attribution).SourceID.String() != article001 {
				t.Errorf("source filter let through %s", h.ID)
			}
		}
		if len(res.Hits) != 1 || res.Hits[0].ID.String() != "att_000000000000f" { // both words: one quote in 001
			t.Errorf("source filter: %s", describe(res))
		}
		from := time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)
		to := time.Date(2024, 2, 3, 0, 0, 0, 0, time.UTC)
		res = mustSearch(t, x, s, search.Query{Text: "strikes", From: &from, To: &to, Types: []prov.NodeType{prov.TypeClaim}})
		if len(res.Hits) == 0 {
			t.Error("date filter: no hits")
		}
		for _, h := range res.Hits {
			if h.Node.(*prov.Claim).EventID.String() != tower22Event {
				t.Errorf("date filter let through %s of the other event", h.ID)
			}
		}
	})

	pages := func(text string, size int) []string {
		var out []string
		after := ""
		for range 100 {
			res := mustSearch(t, x, s, search.Query{Text: text, First: ptr(size), After: after})
			out = append(out, hitIDs(res)...)
			if !res.HasNext {
				break
			}
			after = res.EndCursor
		}
		return out
	}
	t.Run("pages follow on without repeats or gaps", func(t *testing.T) {
		a, b := pages("US strikes", 7), pages("US strikes", 5)
		seen := map[string]bool{}
		for _, id := range a {
			if seen[id] {
				t.Errorf("%s repeats", id)
			}
			seen[id] = true
		}
		if len(a) < 20 || strings.Join(a, ",") != strings.Join(b, ",") {
			t.Errorf("pages of 7: %v\npages of 5: %v", a, b)
		}
	})

	t.Run("documents with every word come first, then those with some", func(t *testing.T) {
		all := mustSearch(t, x, s, search.Query{Text: "Syrian government fully supports", First: ptr(1)}) // a page: every word
		if all.Total == 0 || all.Total > 5 {
			t.Fatalf("%d documents have every word; the test wants fewer than a page", all.Total)
		}
		res := mustSearch(t, x, s, search.Query{Text: "Syrian government fully supports", First: ptr(50)})
		if res.Total <= all.Total || res.Hits[0].ID.String() != trumpClaim {
			t.Errorf("partial matches: %s", describe(res))
		}
	})

	t.Run("a cursor of another query is refused", func(t *testing.T) {
		res := mustSearch(t, x, s, search.Query{Text: "strikes", First: ptr(2)})
		_, err := x.Search(context.Background(), s, search.Query{Text: "Iran", After: res.EndCursor})
		if prov.ErrorCode(err) != prov.EINVALID {
			t.Errorf("got %v, want EINVALID", err)
		}
	})

	t.Run("a query of stop words only is refused", func(t *testing.T) {
		for _, text := range []string{"the of and", "", `"of the"`} {
			_, err := x.Search(context.Background(), s, search.Query{Text: text})
			if prov.ErrorCode(err) != prov.EINVALID || !strings.Contains(err.Error(), "query") {
				t.Errorf("%q: got %v, want EINVALID naming the query", text, err)
			}
		}
	})

	t.Run("first 0 returns the count and no hits", func(t *testing.T) {
		all := mustSearch(t, x, s, search.Query{Text: "strikes"})
		res := mustSearch(t, x, s, search.Query{Text: "strikes", First: ptr(0)})
		if len(res.Hits) != 0 || res.Total != all.Total || res.Total == 0 || !res.HasNext {
			t.Errorf("first 0: %d hits, total %d (want 0 hits, total %d, a next page)", len(res.Hits), res.Total, all.Total)
		}
	})
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestMatchClaims(t *testing.T) {
	s := storagetest.MustOpenDemo(t)
	x := mustOpenIndex(t, "")
	ctx := context.Background()
	match := func(f storage.ClaimFilter, p storage.Page) ([]string, int) {
		t.Helper()
		l, total, err := x.MatchClaims(ctx, s, f, p)
		if err != nil {
			t.Fatalf("MatchClaims(%+v): %v", f, err)
		}
		var out []string
		for _, c := range l.Items {
			out = append(out, c.ID.String())
		}
		return out, total
	}
	t.Run("the README's Syrian government filter finds the same two claims", func(t *testing.T) {
		got, total := match(storage.ClaimFilter{Text: "syrian GOVERNMENT"}, storage.Page{})
		if strings.Join(got, ",") != "clm_000000000000b,clm_000000000000e" || total != 2 {
			t.Errorf("got %v (total %d)", got, total)
		}
	})
	t.Run("a word matches other inflections and words it starts", func(t *testing.T) {
		a, _ := match(storage.ClaimFilter{Text: "supported"}, storage.Page{})
		b, _ := match(storage.ClaimFilter{Text: "supp"}, storage.Page{})
		if !containsStr(a, trumpClaim) || !containsStr(b, trumpClaim) {
			t.Errorf("supported %v, supp %v: want %s in both", a, b, trumpClaim)
		}
	})
	t.Run("agrees with the store's own filter where it did not stem", func(t *testing.T) {
		for _, text := range []string{"Islamic State", "Iran", "targets", "Palmyra attack"} {
			want, err := s.Claims(ctx, storage.ClaimFilter{Text: text}, storage.Page{First: 1000})
			if err != nil {
				t.Fatal(err)
			}
			got, _ := match(storage.ClaimFilter{Text: text}, storage.Page{First: 1000})
			for _, c := range want.Items {
				if !containsStr(got, c.ID.String()) {
					t.Errorf("%q: %s missing from %v", text, c.ID, got)
				}
			}
		}
	})
	t.Run("pages in ID order with the other filters", func(t *testing.T) {
		all, total := match(storage.ClaimFilter{Text: "strikes", EventID: id(tower22Event)}, storage.Page{First: 1000})
		var paged []string
		var after prov.ID
		for {
			l, tot, err := x.MatchClaims(ctx, s, storage.ClaimFilter{Text: "strikes", EventID: id(tower22Event)}, storage.Page{First: 2, After: after})
			if err != nil {
				t.Fatal(err)
			}
			if tot != total {
				t.Errorf("total %d on a later page, want %d", tot, total)
			}
			for _, c := range l.Items {
				paged = append(paged, c.ID.String())
				after = c.ID
			}
			if !l.HasNextPage {
				break
			}
		}
		if strings.Join(all, ",") != strings.Join(paged, ",") || len(all) < 3 {
			t.Errorf("paged %v, want %v", paged, all)
		}
	})
	t.Run("a text of stop words only is refused, not read as no filter", func(t *testing.T) {
		for _, text := range []string{" the ", "of the", `"of the"`, "..."} {
			_, _, err := x.MatchClaims(ctx, s, storage.ClaimFilter{Text: text}, storage.Page{})
			if prov.ErrorCode(err) != prov.EINVALID || !strings.Contains(err.Error(), "filter.text") {
				t.Errorf("%q: got %v, want EINVALID naming filter.text", text, err)
			}
		}
	})
}

func TestAttributionsRankBelowTheirClaims(t *testing.T) {
	bg := context.Background()
	s := storagetest.MustOpenDemo(t)
	x := mustOpenIndex(t, "")
	// a long claim document and a short quote: BM25 alone ranks the quote first
	zebra, err := s.CreateClaim(bg, &prov.Claim{Text: "Zebras gallop across the savannah quickly, herds of them, from the river crossing to the far hills beyond the park border every dry season."})
	if err != nil {
		t.Fatal(err)
	}
	src, err := s.CreateSource(bg, &prov.Source{Title: "Savannah notes", Kind: prov.SourceArticle})
	if err != nil {
		t.Fatal(err)
	}
	quote, err := s.CreateAttribution(bg, &prov.Attribution{ClaimID: zebra.ID, SourceID: src.ID, Quote: "pangolin agreed", Kind: prov.AttributionIndirect})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("a quote that alone matches ranks after its claim", func(t *testing.T) {
		res := mustSearch(t, x, s, search.Query{Text: "pangolin"})
		if got := hitIDs(res); len(got) != 2 || got[0] != zebra.ID.String() || got[1] != quote.ID.String() {
			t.Errorf("hits %v, want %s then %s:%s", got, zebra.ID, quote.ID, describe(res))
		}
	})
	t.Run("no attribution outranks its claim for any word of the demo's quotes", func(t *testing.T) {
		checked := 0
		for p := (storage.Page{First: storage.MaxPageSize}); ; {
			l, err := s.Claims(bg, storage.ClaimFilter{}, p)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range l.Items {
				atts, err := s.ClaimAttributions(bg, c.ID)
				if err != nil {
					t.Fatal(err)
				}
				for _, a := range atts {
					for _, word := range strings.Fields(a.Quote) {
						res, err := x.Search(bg, s, search.Query{Text: word, First: ptr(search.MaxFirst)})
						if prov.ErrorCode(err) == prov.EINVALID {
							continue // a stop word, or punctuation
						}
						if err != nil {
							t.Fatal(err)
						}
						at, ct := -1, -1
						for i, h := range res.Hits {
							switch h.ID {
							case a.ID:
								at = i
							case c.ID:
								ct = i
							}
						}
						if at >= 0 && ct >= 0 {
							checked++
							if at < ct {
								t.Errorf("%q: %s ranks %d, above its claim %s at %d", word, a.ID, at+1, c.ID, ct+1)
							}
						}
					}
				}
			}
			if !l.HasNextPage {
				break
			}
			p.After = l.Items[len(l.Items)-1].ID
		}
		if checked < 500 {
			t.Errorf("only %d quote words found both a claim and its attribution", checked)
		}
	})
	t.Run("pages cut from the same order", func(t *testing.T) {
		for _, q := range []string{"strikes", "Iran", "said", "killed"} {
			all := hitIDs(mustSearch(t, x, s, search.Query{Text: q, First: ptr(search.MaxFirst)}))
			var paged []string
			after := ""
			for {
				res := mustSearch(t, x, s, search.Query{Text: q, First: ptr(3), After: after})
				paged = append(paged, hitIDs(res)...)
				if !res.HasNext || len(paged) >= len(all) {
					break
				}
				after = res.EndCursor
			}
			if strings.Join(paged, ",") != strings.Join(all, ",") {
				t.Errorf("%q: pages of 3 give %v, one page %v", q, paged, all)
			}
		}
	})
}
