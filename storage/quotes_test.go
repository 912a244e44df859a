package storage_test

import (
	"strings"
	"testing"

	"claimgraph/prov"
	"claimgraph/storage"
)

func TestQuoteWithoutSpan(t *testing.T) {
	const text = "The minister said the strikes began. Later the strikes began again. Cafe\u0301 owners fled."
	// hashOnly stores a claim and a source known by the hash of its NFC text only.
	hashOnly := func(t *testing.T) (*storage.Store, *prov.Claim, *prov.Source) {
		s := MustOpenStore(t)
		c := newClaim(t, s, "the strikes began", prov.ID{}, prov.ID{})
		src := must(s.CreateSource(bg, &prov.Source{Title: "Article", Kind: prov.SourceArticle,
			TextSHA256: prov.TextHash("The minister said the strikes began. Later the strikes began again. Caf\u00e9 owners fled.")}))(t)
		return s, c, src
	}
	attr := func(c *prov.Claim, src *prov.Source, quote string) *prov.Attribution {
		return &prov.Attribution{ClaimID: c.ID, SourceID: src.ID, Quote: quote, Kind: prov.AttributionIndirect}
	}

	t.Run("fills in the span of a quote that occurs once in the archived text", func(t *testing.T) {
		s := MustOpenStore(t)
		c := newClaim(t, s, "the strikes began", prov.ID{}, prov.ID{})
		src := newSource(t, s, "Article", ptr(text))
		a := must(s.CreateAttribution(bg, attr(c, src, "minister said the strikes began")))(t)
		if !a.HasSpan() || *a.Start != 4 || *a.End != 35 {
			t.Fatalf("returned span %v..%v, want 4..35", a.Start, a.End)
		}
		if stored := must(s.Attribution(bg, a.ID))(t); !stored.HasSpan() || *stored.Start != 4 {
			t.Errorf("stored span %v..%v", stored.Start, stored.End)
		}
	})
	t.Run("refuses a quote that occurs more than once, asking for a span", func(t *testing.T) {
		s := MustOpenStore(t)
		c := newClaim(t, s, "the strikes began", prov.ID{}, prov.ID{})
		src := newSource(t, s, "Article", ptr(text))
		_, err := s.CreateAttribution(bg, attr(c, src, "the strikes began"))
		wantErr(t, err, prov.EINVALID, "attribution.quote: occurs 2 times", "give start and end")
		a := attr(c, src, "the strikes began")
		a.Start, a.End = ptr(43), ptr(60)
		must(s.CreateAttribution(bg, a))(t)
	})
	t.Run("refuses a quote that is not in the archived text", func(t *testing.T) {
		s := MustOpenStore(t)
		c := newClaim(t, s, "the strikes began", prov.ID{}, prov.ID{})
		src := newSource(t, s, "Article", ptr(text))
		_, err := s.CreateAttribution(bg, attr(c, src, "not in the text at all"))
		wantErr(t, err, prov.EINVALID, "attribution.quote: does not occur")
	})
	t.Run("places a quote again when an update clears its span", func(t *testing.T) {
		s := MustOpenStore(t)
		c := newClaim(t, s, "the strikes began", prov.ID{}, prov.ID{})
		src := newSource(t, s, "Article", ptr(text))
		a := must(s.CreateAttribution(bg, attr(c, src, "owners fled")))(t)
		_, err := s.UpdateAttribution(bg, a.ID, func(a *prov.Attribution) error {
			a.Quote, a.Start, a.End = "not there", nil, nil
			return nil
		})
		wantErr(t, err, prov.EINVALID, "does not occur")
	})
	t.Run("normalises a decomposed quote to NFC before checking its span", func(t *testing.T) {
		s := MustOpenStore(t)
		c := newClaim(t, s, "the strikes began", prov.ID{}, prov.ID{})
		src := newSource(t, s, "Article", ptr(text))
		// The NFC text reads "Café" at 68..72: four code points, where the decomposed
		// quote has five.
		a := attr(c, src, "Cafe\u0301")
		a.Start, a.End = ptr(68), ptr(72)
		got := must(s.CreateAttribution(bg, a))(t)
		if got.Quote != "Caf\u00e9" {
			t.Errorf("stored quote %q, want the NFC form", got.Quote)
		}
		placed := must(s.CreateAttribution(bg, attr(c, src, "Cafe\u0301 owners")))(t)
		if !placed.HasSpan() || *placed.Start != 68 {
			t.Errorf("the decomposed quote was placed at %v", placed.Start)
		}
	})
	t.Run("attaching a text fills in the spans of quotes stored without one", func(t *testing.T) {
		s, c, src := hashOnly(t)
		a := must(s.CreateAttribution(bg, attr(c, src, "owners fled")))(t)
		if a.HasSpan() {
			t.Fatalf("a span %v..%v with no text to place it in", *a.Start, *a.End)
		}
		must(s.AttachSourceText(bg, src.ID, text))(t)
		if got := must(s.Attribution(bg, a.ID))(t); !got.HasSpan() || *got.Start != 73 || *got.End != 84 {
			t.Errorf("after attach: span %v..%v, want 73..84", got.Start, got.End)
		}
	})
	for name, quote := range map[string]string{"occurs twice": "the strikes began", "is not in the text": "nowhere"} {
		t.Run("attaching a text is refused when a stored quote "+name+", changing nothing", func(t *testing.T) {
			s, c, src := hashOnly(t)
			a := must(s.CreateAttribution(bg, attr(c, src, quote)))(t)
			_, err := s.AttachSourceText(bg, src.ID, text)
			wantErr(t, err, prov.EINVALID, "attribution "+a.ID.String(), "attribution.quote")
			if got := must(s.Source(bg, src.ID))(t); got.HasText {
				t.Errorf("the text was archived")
			}
		})
	}
	t.Run("import fills in the span of a quote without one, and importing again changes nothing", func(t *testing.T) {
		s := MustOpenStore(t)
		in := `{"format":"claimgraph","version":1}
{"type":"source","id":"src_0000000000001","title":"Article","kind":"ARTICLE","text":"` + text + `"}
{"type":"claim","id":"clm_0000000000001","text":"owners fled"}
{"type":"attribution","id":"att_0000000000001","claim":"clm_0000000000001","source":"src_0000000000001","quote":"owners fled","kind":"INDIRECT"}
`
		must(s.Import(bg, strings.NewReader(in)))(t)
		a := must(s.Attribution(bg, prov.NewID(prov.TypeAttribution, 1)))(t)
		if !a.HasSpan() || *a.Start != 73 {
			t.Fatalf("imported span %v..%v, want 73..84", a.Start, a.End)
		}
		if st := must(s.Import(bg, strings.NewReader(in)))(t); st.Unchanged != st.Records {
			t.Errorf("a second import = %+v, want every record unchanged", st)
		}
		bad := strings.Replace(in, `"quote":"owners fled"`, `"quote":"the strikes began"`, 1)
		_, err := MustOpenStore(t).Import(bg, strings.NewReader(bad))
		wantErr(t, err, prov.EINVALID, "line 4", "occurs 2 times")
	})
}
