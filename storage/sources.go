package storage

import (
	"bytes"
	"context"

	"claimgraph/prov"
)

// prepareSource normalises a source's incoming text to NFC and fills in its hash, and
// keeps an archived text from being dropped or replaced. It runs before put validates
// the source.
func (t *tx) prepareSource(old, src *prov.Source) error {
	if src.Text != nil {
		text := normalizeText(*src.Text)
		src.Text = &text
		if src.TextSHA256 == "" {
			src.TextSHA256 = prov.TextHash(text)
		}
		src.HasText = true
	}
	if old != nil && old.HasText {
		if src.TextSHA256 != old.TextSHA256 {
			return prov.Errorf(prov.EINVALID, "source.textSha256: %s has archived text with SHA-256 %s; it cannot change", old.ID, old.TextSHA256)
		}
		src.HasText = true
	}
	return nil
}

// storeSourceText writes a source's new text and checks every attribution of the
// source against it, filling in the span of a quote stored without one (see
// placeQuote) and writing that attribution in the same transaction; a new source has
// no attributions yet (a reference needs its target to exist). It returns EINVALID
// naming the first attribution whose span does not match, or whose quote without a
// span does not occur in the text exactly once.
func (t *tx) storeSourceText(src *prov.Source, isNew bool) error {
	if src.Text == nil {
		return nil
	}
	text := *src.Text
	if err := t.set(textKey(src.ID), seal([]byte(text))); err != nil {
		return err
	}
	if t.texts == nil {
		t.texts = map[prov.ID]*string{}
	}
	t.texts[src.ID] = &text
	if isNew {
		// Not only cheaper: an iterator in a write transaction sorts every pending
		// write first, which made an import batch of 4096 records quadratic.
		src.Text = nil
		return nil
	}
	// An attribution added concurrently is not in the scan below; see watchRefs.
	if err := t.watchRefs(src.ID); err != nil {
		return err
	}
	ids, err := t.edgeIDs(src.ID, attributionSource)
	if err != nil {
		return err
	}
	for _, id := range ids {
		a, err := getAs[*prov.Attribution](t, id)
		if err != nil {
			return err
		}
		if a.HasSpan() {
			if err := a.CheckSpan(text); err != nil {
				return prov.Errorf(prov.EINVALID, "the text does not match attribution %s: %s", id, prov.ErrorMessage(err))
			}
			continue
		}
		placed := cloneNode(a)
		if err := placed.PlaceQuote(text); err != nil {
			return prov.Errorf(prov.EINVALID, "the text does not match attribution %s: %s", id, prov.ErrorMessage(err))
		}
		if err := t.put(a, placed); err != nil {
			return err
		}
	}
	src.Text = nil
	return nil
}

// putSource is put for sources: it archives the source's text, if given, with it.
func (t *tx) putSource(old, src *prov.Source) error {
	if err := t.prepareSource(old, src); err != nil {
		return err
	}
	var oldNode node
	if old != nil {
		oldNode = old
	}
	if err := t.put(oldNode, src); err != nil {
		return err
	}
	return t.storeSourceText(src, old == nil)
}

// CreateSource stores a new source, archiving its text when given (normalised to NFC,
// hashed). It returns EINVALID when the text does not match a given textSha256, and
// ECONFLICT when another source has the same URL or text.
func (s *Store) CreateSource(ctx context.Context, src *prov.Source) (*prov.Source, error) {
	if !src.ID.IsZero() {
		return nil, prov.Errorf(prov.EINVALID, "source.id: must not be set on create")
	}
	in := normalizedSource(src)
	if err := in.Validate(); err != nil {
		return nil, err
	}
	id, err := s.ids.newID(prov.TypeSource)
	if err != nil {
		return nil, err
	}
	var out *prov.Source
	err = s.update(ctx, "createSource", func(t *tx) error {
		out = cloneNode(in)
		out.ID = id
		return t.putSource(nil, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// normalizedSource returns a copy of src with its text, if any, in NFC, the form its
// textSha256 is the hash of. Validate must see this form: a decomposed text given with
// the hash of its NFC form is valid.
func normalizedSource(src *prov.Source) *prov.Source {
	c := cloneNode(src)
	if c.Text != nil {
		text := normalizeText(*c.Text)
		c.Text = &text
	}
	return c
}

// UpdateSource applies fn to the source and stores it. Setting Text archives it; an
// archived text cannot be replaced or removed.
func (s *Store) UpdateSource(ctx context.Context, id prov.ID, fn func(*prov.Source) error) (*prov.Source, error) {
	return s.updateSource(ctx, "updateSource", id, fn)
}

func (s *Store) updateSource(ctx context.Context, op string, id prov.ID, fn func(*prov.Source) error) (*prov.Source, error) {
	var out *prov.Source
	err := s.update(ctx, op, func(t *tx) error {
		old, err := getAs[*prov.Source](t, id)
		if err != nil {
			return err
		}
		next := cloneNode(old) // see change
		if err := fn(next); err != nil {
			return err
		}
		next.ID = id
		out = next
		return t.putSource(old, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// AttachSourceText archives the text of a source stored without it. The text is
// normalised to NFC; it must match the source's stored SHA-256 when it has one, every
// attribution span of the source is checked against it, and an attribution stored
// without a span gets the place its quote occurs at, which must be exactly one. It
// returns EINVALID on any mismatch, naming what does not match, and changes nothing
// then.
func (s *Store) AttachSourceText(ctx context.Context, id prov.ID, text string) (*prov.Source, error) {
	return s.updateSource(ctx, "attachSourceText", id, func(src *prov.Source) error {
		norm := normalizeText(text)
		if src.TextSHA256 != "" && prov.TextHash(norm) != src.TextSHA256 {
			return prov.Errorf(prov.EINVALID, "text: its SHA-256 %s does not match the SHA-256 %s stored for source %s", prov.TextHash(norm), src.TextSHA256, id)
		}
		if src.HasText {
			return nil // the same text is archived already
		}
		src.Text = &norm
		return nil
	})
}

// SourceText returns a source's archived NFC text, nil when none is archived, or
// ENOTFOUND when there is no such source.
func (s *Store) SourceText(ctx context.Context, id prov.ID) (*string, error) {
	var text *string
	err := s.view(ctx, func(t *tx) error {
		if _, err := getAs[*prov.Source](t, id); err != nil {
			return err
		}
		var err error
		text, err = t.sourceText(id)
		return err
	})
	return text, err
}

// UpsertSource returns the source with the same URL or text hash as src, filling in
// the fields it lacks from src, or stores src as a new source. created reports which.
// It returns ECONFLICT when the URL and the hash belong to two different sources.
func (s *Store) UpsertSource(ctx context.Context, src *prov.Source) (out *prov.Source, created bool, err error) {
	in := *normalizedSource(src)
	if err := in.Validate(); err != nil {
		return nil, false, err
	}
	if in.Text != nil && in.TextSHA256 == "" {
		in.TextSHA256 = prov.TextHash(*in.Text)
	}
	newID, err := s.ids.newID(prov.TypeSource)
	if err != nil {
		return nil, false, err
	}
	err = s.update(ctx, "upsertSource", func(t *tx) error {
		out, created = nil, false
		var found prov.ID
		for _, u := range uniquesOf(&in) {
			id, err := t.lookupUnique(u.kind, u.key)
			if err != nil {
				return err
			}
			if !id.IsZero() && !found.IsZero() && id != found {
				return prov.Errorf(prov.ECONFLICT, "%s: %q belongs to %s but another key of the source belongs to %s", u.field, u.value, id, found)
			}
			if !id.IsZero() {
				found = id
			}
		}
		if found.IsZero() {
			c := cloneNode(&in)
			c.ID = newID
			out, created = c, true
			return t.putSource(nil, out)
		}
		old, err := getAs[*prov.Source](t, found)
		if err != nil {
			return err
		}
		next := mergeSource(*cloneNode(old), in)
		out, created = &next, false
		if next.Text == nil && bytes.Equal(encodeNode(old), encodeNode(&next)) {
			return nil // nothing to add: write nothing, so racing upserts do not conflict
		}
		return t.putSource(old, out)
	})
	if err != nil {
		return nil, false, err
	}
	return out, created, nil
}

// mergeSource fills the fields old lacks from in; what old says is kept.
func mergeSource(old, in prov.Source) prov.Source {
	if old.PublisherID.IsZero() {
		old.PublisherID = in.PublisherID
	}
	if old.URL == nil {
		old.URL = in.URL
	}
	if old.PublishedAt == nil {
		old.PublishedAt = in.PublishedAt
	}
	if old.RetrievedAt == nil {
		old.RetrievedAt = in.RetrievedAt
	}
	if old.TextSHA256 == "" {
		old.TextSHA256 = in.TextSHA256
	}
	if !old.HasText && in.Text != nil {
		old.Text = in.Text
	}
	for _, c := range in.CitesIDs {
		if !containsID(old.CitesIDs, c) {
			old.CitesIDs = append(old.CitesIDs, c)
		}
	}
	return old
}

func containsID(ids []prov.ID, id prov.ID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
