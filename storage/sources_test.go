package storage_test

import (
	"strings"
	"testing"

	"claimgraph/prov"
)

func TestSourceText(t *testing.T) {
	const decomposed = "Cafe\u0301 owner said: \u201cwe saw it\u201d"
	const composed = "Caf\u00e9 owner said: \u201cwe saw it\u201d"

	t.Run("normalises an archived text to NFC and hashes the composed form", func(t *testing.T) {
		s := MustOpenStore(t)
		src := newSource(t, s, "cafe", ptr(decomposed))
		if src.TextSHA256 != prov.TextHash(composed) {
			t.Errorf("returned hash %s, want the hash of the NFC text %s", src.TextSHA256, prov.TextHash(composed))
		}
		read := must(s.Source(bg, src.ID))(t)
		if read.TextSHA256 != prov.TextHash(composed) || !read.HasText {
			t.Errorf("stored hash %s HasText %v, want %s true", read.TextSHA256, read.HasText, prov.TextHash(composed))
		}
		if got := must(s.SourceText(bg, src.ID))(t); got == nil || *got != composed {
			t.Errorf("SourceText = %q, want %q", deref(got), composed)
		}
		c := newClaim(t, s, "they saw it", prov.ID{}, prov.ID{})
		// Spans count code points of the NFC text: "Café" is 4 of them, not 5.
		must(s.CreateAttribution(bg, &prov.Attribution{ClaimID: c.ID, SourceID: src.ID, Quote: "Caf\u00e9", Start: ptr(0), End: ptr(4), Kind: prov.AttributionDirect}))(t)
		must(s.CreateAttribution(bg, &prov.Attribution{ClaimID: c.ID, SourceID: src.ID, Quote: "we saw it", Start: ptr(18), End: ptr(27), Kind: prov.AttributionDirect}))(t)
	})

	t.Run("accepts a decomposed text given with the hash of its NFC form", func(t *testing.T) {
		s := MustOpenStore(t)
		src := must(s.CreateSource(bg, &prov.Source{Title: "t", Kind: prov.SourceArticle, Text: ptr(decomposed), TextSHA256: prov.TextHash(composed)}))(t)
		if got := must(s.SourceText(bg, src.ID))(t); got == nil || *got != composed {
			t.Errorf("SourceText = %q, want %q", deref(got), composed)
		}
		_, created := must3(s.UpsertSource(bg, &prov.Source{Title: "u", Kind: prov.SourceArticle, Text: ptr(decomposed), TextSHA256: prov.TextHash(composed)}))(t)
		if created {
			t.Errorf("UpsertSource of the same text created a new source")
		}
	})

	t.Run("rejects attaching a text that does not match the stored hash, changing nothing", func(t *testing.T) {
		s := MustOpenStore(t)
		src := must(s.CreateSource(bg, &prov.Source{Title: "t", Kind: prov.SourceArticle, TextSHA256: prov.TextHash(composed)}))(t)
		_, err := s.AttachSourceText(bg, src.ID, "something else")
		wantErr(t, err, prov.EINVALID, "SHA-256")
		read := must(s.Source(bg, src.ID))(t)
		if read.HasText {
			t.Errorf("source has text after a rejected attach")
		}
		if got := must(s.SourceText(bg, src.ID))(t); got != nil {
			t.Errorf("SourceText = %q after a rejected attach", *got)
		}
		// The decomposed form of the right text is accepted.
		got := must(s.AttachSourceText(bg, src.ID, decomposed))(t)
		if !got.HasText {
			t.Errorf("AttachSourceText returned HasText=false")
		}
		if text := must(s.SourceText(bg, src.ID))(t); text == nil || *text != composed {
			t.Errorf("SourceText = %q, want %q", deref(text), composed)
		}
	})

	t.Run("checks existing attributions when a text is attached", func(t *testing.T) {
		s := MustOpenStore(t)
		src := newSource(t, s, "no text yet", nil)
		c := newClaim(t, s, "claim", prov.ID{}, prov.ID{})
		good := must(s.CreateAttribution(bg, &prov.Attribution{ClaimID: c.ID, SourceID: src.ID, Quote: "owner", Start: ptr(5), End: ptr(10), Kind: prov.AttributionDirect}))(t)
		bad := must(s.CreateAttribution(bg, &prov.Attribution{ClaimID: c.ID, SourceID: src.ID, Quote: "saw", Start: ptr(0), End: ptr(3), Kind: prov.AttributionDirect}))(t)

		_, err := s.AttachSourceText(bg, src.ID, composed)
		wantErr(t, err, prov.EINVALID, bad.ID.String(), "attribution.quote")
		read := must(s.Source(bg, src.ID))(t)
		if read.HasText || read.TextSHA256 != "" {
			t.Errorf("rejected attach left HasText=%v hash=%q", read.HasText, read.TextSHA256)
		}
		if got := must(s.SourceText(bg, src.ID))(t); got != nil {
			t.Errorf("SourceText = %q after a rejected attach", *got)
		}
		// The text is not claimed by the failed attach: another source may take it.
		other := newSource(t, s, "other", ptr(composed))
		must(s.DeleteSource(bg, other.ID))(t)

		must(s.DeleteAttribution(bg, bad.ID))(t)
		got := must(s.AttachSourceText(bg, src.ID, composed))(t)
		if !got.HasText || got.TextSHA256 != prov.TextHash(composed) {
			t.Errorf("AttachSourceText = %+v", got)
		}
		if text := must(s.SourceText(bg, src.ID))(t); text == nil || *text != composed {
			t.Errorf("SourceText = %q", deref(text))
		}
		// Spans are now checked on write.
		_, err = s.UpdateAttribution(bg, good.ID, func(a *prov.Attribution) error { a.Start, a.End = ptr(6), ptr(11); return nil })
		wantErr(t, err, prov.EINVALID, "attribution.quote")
	})

	t.Run("refuses to replace or drop an archived text", func(t *testing.T) {
		s := MustOpenStore(t)
		src := newSource(t, s, "archived", ptr(composed))
		_, err := s.AttachSourceText(bg, src.ID, "another text")
		wantErr(t, err, prov.EINVALID)
		_, err = s.UpdateSource(bg, src.ID, func(x *prov.Source) error { x.Text = ptr("another text"); return nil })
		wantErr(t, err, prov.EINVALID, "source.text")
		_, err = s.UpdateSource(bg, src.ID, func(x *prov.Source) error { x.TextSHA256 = ""; return nil })
		wantErr(t, err, prov.EINVALID, "source.textSha256")
		_, err = s.UpdateSource(bg, src.ID, func(x *prov.Source) error {
			x.Text, x.TextSHA256 = ptr("another text"), prov.TextHash("another text")
			return nil
		})
		wantErr(t, err, prov.EINVALID, "source.textSha256")
		if text := must(s.SourceText(bg, src.ID))(t); text == nil || *text != composed {
			t.Errorf("SourceText = %q, want the original", deref(text))
		}
		// Attaching the same text again, or clearing HasText, changes nothing.
		must(s.AttachSourceText(bg, src.ID, composed))(t)
		got := must(s.UpdateSource(bg, src.ID, func(x *prov.Source) error { x.HasText = false; x.Title = "renamed"; return nil }))(t)
		if !got.HasText {
			t.Errorf("UpdateSource dropped HasText")
		}
		if text := must(s.SourceText(bg, src.ID))(t); text == nil || *text != composed {
			t.Errorf("SourceText = %q, want the original", deref(text))
		}
	})

	t.Run("archives texts of 1 MiB and more in an in-memory store", func(t *testing.T) {
		s := MustOpenStore(t)
		for _, text := range []string{strings.Repeat("a", 1<<20), strings.Repeat("ab", 1<<20) + " end"} {
			src := newSource(t, s, "big", &text)
			if got := must(s.SourceText(bg, src.ID))(t); got == nil || *got != text {
				t.Errorf("SourceText returned %d bytes, want %d", len(deref(got)), len(text))
			}
		}
	})

	t.Run("rejects a text too large for an in-memory transaction without crashing", func(t *testing.T) {
		s := MustOpenStore(t)
		text := strings.Repeat("x", 12<<20)
		_, err := s.CreateSource(bg, &prov.Source{Title: "huge", Kind: prov.SourceArticle, Text: &text})
		wantErr(t, err, prov.EINVALID, "too large")
		if empty := must(s.Empty(bg))(t); !empty {
			t.Errorf("a rejected source was stored")
		}
	})

	t.Run("reports a missing source", func(t *testing.T) {
		s := MustOpenStore(t)
		_, err := s.SourceText(bg, prov.NewID(prov.TypeSource, 5))
		wantNotFound(t, err)
		_, err = s.AttachSourceText(bg, prov.NewID(prov.TypeSource, 5), "x")
		wantNotFound(t, err)
	})

	t.Run("loads sources by ID in the order asked", func(t *testing.T) {
		s := MustOpenStore(t)
		a, b := newSource(t, s, "a", nil), newSource(t, s, "b", nil)
		got := must(s.SourcesByID(bg, []prov.ID{b.ID, a.ID}))(t)
		if !sameIDs(ids(got), []prov.ID{b.ID, a.ID}) {
			t.Errorf("SourcesByID = %v", ids(got))
		}
		_, err := s.SourcesByID(bg, []prov.ID{a.ID, prov.NewID(prov.TypeSource, 99)})
		wantNotFound(t, err)
	})
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}
