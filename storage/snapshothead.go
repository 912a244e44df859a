package storage

import "context"

// SnapshotHead returns the audit head as ctx's reads see it: with a snapshot in ctx
// (WithSnapshot), the last write that snapshot reflects, taking the snapshot now if
// this is the context's first read; without one, the head as of this read. A derived
// index (package search) uses it to answer a request as of the request's snapshot
// when the index has already applied later writes. It returns the read's error, or
// ErrCorrupt when the stored head is damaged.
func (s *Store) SnapshotHead(ctx context.Context) (Head, error) {
	var h Head
	err := s.view(ctx, func(t *tx) error {
		var err error
		h, err = readHead(t.txn)
		return err
	})
	return h, err
}
