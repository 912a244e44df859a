package storage

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"claimgraph/prov"
)

// put writes n, which replaces old (nil for a new node), with its reverse edges and
// unique keys. It returns EINVALID when n is invalid or refers to a node that does not
// exist, and ECONFLICT when a natural key of n belongs to another node.
func (t *tx) put(old, n node) error {
	id := n.NodeID()
	if err := validate(n); err != nil {
		return err
	}
	if err := t.checkInStore(n); err != nil {
		return err
	}
	var oldRefs []ref
	var oldUniques []unique
	if old != nil {
		oldRefs, oldUniques = refsOf(old), uniquesOf(old)
	}
	newRefs := refsOf(n)
	for _, r := range newRefs {
		if slices.Contains(oldRefs, r) {
			continue
		}
		ok, err := t.exists(r.target)
		if err != nil {
			return err
		}
		if !ok {
			return prov.Errorf(prov.EINVALID, "%s: %s %s does not exist", labelFields[r.label], r.target.Type, r.target)
		}
		if err := t.set(edgeKey(r.target, r.label, id), nil); err != nil {
			return err
		}
		if err := t.markRef(r.target); err != nil {
			return err
		}
	}
	for _, r := range oldRefs {
		if !slices.Contains(newRefs, r) {
			if err := t.del(edgeKey(r.target, r.label, id)); err != nil {
				return err
			}
		}
	}
	newUniques := uniquesOf(n)
	for _, u := range newUniques {
		holder, err := t.lookupUnique(u.kind, u.key)
		if err != nil {
			return err
		}
		if !holder.IsZero() && holder != id {
			return prov.Errorf(prov.ECONFLICT, "%s: %q is already taken by %s %s", u.field, u.value, holder.Type, holder)
		}
		if holder.IsZero() {
			if err := t.set(uniqueKey(u.kind, u.key), seal(putID(nil, id))); err != nil {
				return err
			}
		}
	}
	for _, u := range oldUniques {
		if !slices.ContainsFunc(newUniques, func(v unique) bool { return v.kind == u.kind && v.key == u.key }) {
			if err := t.del(uniqueKey(u.kind, u.key)); err != nil {
				return err
			}
		}
	}
	stored := encodeNode(n)
	var before []byte
	if old != nil {
		before = encodeNode(old)
	}
	t.track(id, before, stored)
	return t.set(nodeKey(id), stored)
}

// validate returns n's Validate error. It first puts an attribution's quote in NFC,
// the form of the archived texts its span counts code points in: a quote pasted in a
// decomposed form would otherwise be refused as not the text, or as the wrong length.
func validate(n node) error {
	switch n := n.(type) {
	case *prov.Event:
		return n.Validate()
	case *prov.Actor:
		return n.Validate()
	case *prov.Source:
		return n.Validate()
	case *prov.Claim:
		return n.Validate()
	case *prov.Attribution:
		n.Quote = normalizeText(n.Quote)
		return n.Validate()
	case *prov.ClaimRelation:
		return n.Validate()
	case *prov.Review:
		return n.Validate()
	case *prov.Token:
		return n.Validate()
	case *prov.Dismissal:
		return n.Validate()
	}
	return fmt.Errorf("storage: cannot validate %T", n)
}

// checkInStore checks what n's own Validate cannot: an attribution against its
// source's archived text (see placeQuote), and that an actor's affiliations do not
// loop back to it.
func (t *tx) checkInStore(n node) error {
	switch n := n.(type) {
	case *prov.Attribution:
		if n.HasSpan() && t.checkedTexts != nil && t.checkedTexts.has(n.SourceID) {
			return nil // the import's first pass checked this span against the text
		}
		return t.placeQuote(n)
	case *prov.Actor:
		seen := map[prov.ID]bool{n.ID: true}
		for next := n.AffiliationID; !next.IsZero(); {
			if seen[next] {
				return prov.Errorf(prov.EINVALID, "actor.affiliation: %s leads back to %s, affiliations must not loop", n.AffiliationID, next)
			}
			seen[next] = true
			a, err := getAs[*prov.Actor](t, next)
			if err != nil {
				if prov.ErrorCode(err) == prov.ENOTFOUND {
					return nil // put reports the missing reference
				}
				return err
			}
			next = a.AffiliationID
		}
	}
	return nil
}

// placeQuote checks an attribution against its source's archived text, if the source
// has one: a span must hold the quote, and a quote without a span must occur in the
// text once, whose place becomes its span (prov.Attribution.PlaceQuote). It returns
// EINVALID otherwise.
func (t *tx) placeQuote(a *prov.Attribution) error {
	text, err := t.sourceText(a.SourceID)
	if err != nil || text == nil {
		return err
	}
	return a.PlaceQuote(*text)
}

// cascades says which references die with the node they point at: an attribution is
// an appearance of its claim in its source, and a relation is between two claims.
var cascades = map[edgeLabel]bool{
	attributionClaim:  true,
	attributionSource: true,
	relationFrom:      true,
	relationTo:        true,
	reviewClaim:       true,
	dismissalEvent:    true,
}

// remove deletes n with its reverse edges, unique keys and archived text, and the
// nodes that cascade with it. It returns ECONFLICT, naming the references, when other
// nodes still refer to n through a reference that does not cascade.
func (t *tx) remove(n node) error {
	id := n.NodeID()
	// Conflict with any concurrent transaction that adds a reference to n, which the
	// scan of its reverse edges below cannot see.
	if err := t.watchRefs(id); err != nil {
		return err
	}
	type edge struct {
		label edgeLabel
		ref   prov.ID
	}
	var edges []edge
	var dependents []prov.ID
	err := t.allEdges(id, func(label edgeLabel, refID prov.ID) {
		if refID == id {
			return
		}
		edges = append(edges, edge{label, refID})
		if cascades[label] && !slices.Contains(dependents, refID) {
			dependents = append(dependents, refID)
		}
	})
	if err != nil {
		return err
	}
	// A reference that does not cascade still does not block when the node holding it
	// is deleted with n (an attribution whose via source is its own source).
	blockers := map[edgeLabel]int{}
	for _, e := range edges {
		if !cascades[e.label] && !slices.Contains(dependents, e.ref) {
			blockers[e.label]++
		}
	}
	if len(blockers) > 0 {
		var parts []string
		for label, count := range blockers {
			parts = append(parts, fmt.Sprintf("%d via %s", count, labelFields[label]))
		}
		slices.Sort(parts)
		return prov.Errorf(prov.ECONFLICT, "cannot delete %s %s: other nodes still refer to it (%s); change or delete them first", id.Type, id, strings.Join(parts, ", "))
	}
	for _, d := range dependents {
		dn, err := t.get(d)
		if err != nil {
			if prov.ErrorCode(err) == prov.ENOTFOUND {
				continue // already removed through another cascade
			}
			return err
		}
		if err := t.remove(dn); err != nil {
			return err
		}
	}
	t.track(id, encodeNode(n), nil)
	return t.dropNode(n)
}

// markRef records that this transaction adds a reference to target, so that it
// conflicts with a concurrent transaction that scanned target's references (watchRefs)
// to delete target or check them. Badger detects conflicts between keys read and keys
// written, not between a prefix scanned and a key added under it, so both sides name
// target's guard key: the writer deletes it (a write that leaves nothing stored) and
// the scanner reads it.
func (t *tx) markRef(target prov.ID) error { return t.del(guardKey(target)) }

// watchRefs makes this transaction conflict with any concurrent one that adds a
// reference to target (see markRef).
func (t *tx) watchRefs(target prov.ID) error {
	_, err := t.item(guardKey(target))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil
	}
	return err
}

// allEdges calls fn for every reverse edge into target.
func (t *tx) allEdges(target prov.ID, fn func(label edgeLabel, ref prov.ID)) error {
	prefix := edgeTargetPrefix(target)
	it, err := t.iterator(keyOnly(prefix))
	if err != nil {
		return err
	}
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		key := it.Item().Key()
		fn(edgeLabelOf(key), edgeRef(key))
	}
	return nil
}

// dropNode deletes a node with its reverse edges, unique keys and text, without
// cascading or checking what still refers to it: remove does that first, and replay
// deletes each dependent node through its own change.
func (t *tx) dropNode(n node) error {
	id := n.NodeID()
	for _, r := range refsOf(n) {
		if err := t.del(edgeKey(r.target, r.label, id)); err != nil {
			return err
		}
	}
	for _, u := range uniquesOf(n) {
		if err := t.del(uniqueKey(u.kind, u.key)); err != nil {
			return err
		}
	}
	if src, ok := n.(*prov.Source); ok && src.HasText {
		if err := t.del(textKey(id)); err != nil {
			return err
		}
	}
	return t.del(nodeKey(id))
}
