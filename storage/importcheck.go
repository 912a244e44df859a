package storage

import (
	"crypto/sha256"
	"slices"

	"claimgraph/ndjson"
	"claimgraph/prov"
)

// importChecker checks an import's records in file order, remembering of the earlier
// lines only what the checks of later ones need: their IDs, a digest of each natural
// key, the sources' texts (spooled) and, on a store that holds data, the attributions
// that point at a stored source (a later line may archive that source's text).
type importChecker struct {
	t       *tx // the store's snapshot; nil when the store is known to be empty
	seen    *idSet
	uniques map[[16]byte]prov.ID
	texts   *textSpool
	// storedSourceAttrs are the file's attributions, by source, whose source was not
	// on an earlier line.
	storedSourceAttrs map[prov.ID][]*prov.Attribution
}

func newImportChecker(t *tx, scratch string) *importChecker {
	return &importChecker{
		t:                 t,
		seen:              newIDSet(),
		uniques:           map[[16]byte]prov.ID{},
		texts:             newTextSpool(scratch),
		storedSourceAttrs: map[prov.ID][]*prov.Attribution{},
	}
}

func (c *importChecker) close() { c.texts.close() }

// textSources returns the IDs of the file's sources that carry a text: the spans of
// the file's attributions into them are checked.
func (c *importChecker) textSources() *idSet {
	set := newIDSet()
	for id := range c.texts.texts {
		set.add(id)
	}
	return set
}

// uniqueDigest stands for a natural key in the checker's memory: 128 bits of SHA-256,
// so two different keys are taken for one with a probability far below that of a
// disk error, and a key's own length does not matter.
func uniqueDigest(u unique) [16]byte {
	var b [128]byte
	sum := sha256.Sum256(append(append(b[:0], byte(u.kind)), u.key...))
	return [16]byte(sum[:16])
}

// check checks the record read from line, and normalises a source's text to NFC in
// place. It returns an EINVALID or ECONFLICT error naming the line and what is wrong,
// or the store's error.
func (c *importChecker) check(rec ndjson.Record, line int) error {
	n := rec.Node()
	id := n.NodeID()
	fail := func(err error) error {
		return prov.Errorf(prov.ErrorCode(err), "line %d: %s %s: %s", line, id.Type, id, prov.ErrorMessage(err))
	}
	if id.IsZero() {
		return prov.Errorf(prov.EINVALID, "line %d: missing \"id\"", line)
	}
	if c.seen.has(id) {
		return prov.Errorf(prov.EINVALID, "line %d: id %s appears twice", line, id)
	}
	src, _ := n.(*prov.Source)
	if src != nil && src.Text != nil {
		text := normalizeText(*src.Text)
		src.Text = &text
	}
	if err := validate(n); err != nil {
		if prov.ErrorCode(err) == prov.EINVALID && id.Type != typeOfRecord(rec) {
			return fail(prov.Errorf(prov.EINVALID, "id names a %s, not a %s", id.Type, typeOfRecord(rec)))
		}
		return fail(err)
	}
	for _, ref := range refsOf(n) {
		if c.seen.has(ref.target) {
			continue
		}
		ok := false
		if c.t != nil {
			var err error
			if ok, err = c.t.exists(ref.target); err != nil {
				return err
			}
		}
		if !ok {
			return fail(prov.Errorf(prov.EINVALID, "%s: %s is neither on an earlier line nor in the store", labelFields[ref.label], ref.target))
		}
	}
	for _, u := range uniquesOf(n) {
		d := uniqueDigest(u)
		if other, dup := c.uniques[d]; dup && other != id {
			return fail(prov.Errorf(prov.ECONFLICT, "%s: %q is also a key of %s on an earlier line", u.field, u.value, other))
		}
		c.uniques[d] = id
		if c.t == nil {
			continue
		}
		holder, err := c.t.lookupUnique(u.kind, u.key)
		if err != nil {
			return err
		}
		if !holder.IsZero() && holder != id {
			return fail(prov.Errorf(prov.ECONFLICT, "%s: %q is already taken by %s %s in the store", u.field, u.value, holder.Type, holder))
		}
	}
	if src != nil {
		if c.t != nil {
			if err := c.checkStoredSource(src); err != nil {
				return fail(err)
			}
		}
		if src.Text != nil {
			if err := c.texts.add(id, *src.Text); err != nil {
				return err
			}
		}
	}
	if a, ok := n.(*prov.Attribution); ok {
		if err := c.checkAttribution(a); err != nil {
			if prov.ErrorCode(err) == prov.EINVALID {
				return fail(err)
			}
			return err
		}
	}
	c.seen.add(id)
	return nil
}

// checkAttribution checks a's span against its source's text, from the file or the
// store, and remembers a when its source is a stored one.
func (c *importChecker) checkAttribution(a *prov.Attribution) error {
	if ok, err := c.texts.checkSpan(a); ok {
		return err
	}
	if c.t == nil {
		return nil // a source of the file without a text
	}
	if !c.seen.has(a.SourceID) {
		c.storedSourceAttrs[a.SourceID] = append(c.storedSourceAttrs[a.SourceID], a)
	}
	// The file may list a stored source without its text: the stored text counts.
	stored, err := c.t.sourceText(a.SourceID)
	if err != nil || stored == nil {
		return err
	}
	return a.PlaceQuote(*stored)
}

// checkStoredSource checks what writing src over a stored source of the same ID would
// refuse: an archived text cannot change, and a text attached to a stored source must
// match the spans of the source's attributions, stored or on earlier lines (whose
// version of an attribution replaces the stored one).
func (c *importChecker) checkStoredSource(src *prov.Source) error {
	t := c.t
	old, err := getAs[*prov.Source](t, src.ID)
	if prov.ErrorCode(err) == prov.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	hash := src.TextSHA256
	if hash == "" && src.Text != nil {
		hash = prov.TextHash(*src.Text)
	}
	if old.HasText {
		if hash != old.TextSHA256 {
			return prov.Errorf(prov.EINVALID, "source.textSha256: %s has archived text with SHA-256 %s; it cannot change", old.ID, old.TextSHA256)
		}
		return nil
	}
	if src.Text == nil {
		return nil
	}
	ids, err := t.edgeIDs(src.ID, attributionSource)
	if err != nil {
		return err
	}
	inFile := map[prov.ID]*prov.Attribution{}
	for _, a := range c.storedSourceAttrs[src.ID] {
		inFile[a.ID] = a
		if !slices.Contains(ids, a.ID) {
			ids = append(ids, a.ID)
		}
	}
	sortIDs(ids)
	for _, id := range ids {
		a, ok := inFile[id]
		if !ok {
			if c.seen.has(id) {
				continue // an earlier line moves it to a source of the file
			}
			if a, err = getAs[*prov.Attribution](t, id); err != nil {
				return err
			}
		}
		if err := cloneNode(a).PlaceQuote(*src.Text); err != nil {
			return prov.Errorf(prov.EINVALID, "source.text: does not match attribution %s: %s", id, prov.ErrorMessage(err))
		}
	}
	return nil
}
