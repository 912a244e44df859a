package storage

import (
	"context"

	"claimgraph/prov"
)

// Dismiss records that a suggested relation (by its stable key) about an event was
// dismissed, so that it is not suggested again, and returns the record. Dismissing a
// key twice returns the first record and changes nothing.
func (s *Store) Dismiss(ctx context.Context, event prov.ID, key string) (*prov.Dismissal, error) {
	d := &prov.Dismissal{Key: key, EventID: event, DismissedAt: s.Clock().UTC()}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	id, err := s.ids.newID(prov.TypeDismissal)
	if err != nil {
		return nil, err
	}
	var out *prov.Dismissal
	err = s.update(ctx, "dismissDiscrepancy", func(t *tx) error {
		held, err := t.lookupUnique(uniqueDismissal, key)
		if err != nil {
			return err
		}
		if !held.IsZero() {
			out, err = getAs[*prov.Dismissal](t, held)
			return err
		}
		c := *d
		c.ID = id
		out = &c
		return t.put(nil, out)
	})
	return out, err
}

// Dismissed returns the keys of the suggestions dismissed for an event.
func (s *Store) Dismissed(ctx context.Context, event prov.ID) (map[string]bool, error) {
	keys := map[string]bool{}
	err := s.view(ctx, func(t *tx) error {
		ids, err := t.edgeIDs(event, dismissalEvent)
		if err != nil {
			return err
		}
		ds, err := loadAll[*prov.Dismissal](t, ids)
		for _, d := range ds {
			keys[d.Key] = true
		}
		return err
	})
	return keys, err
}
