package storage

import (
	"fmt"

	"github.com/dgraph-io/badger/v4"
)

// verifyInBackground starts the checks Open leaves to the background with
// Options.VerifyInBackground: the audit chain, while holding the write lock so that
// writes wait for it, and every block of tables (each table was checked as deep as
// Badger reads it to open before). Damage either finds degrades the store, as it
// would at open. The head the store records is published first, so Head does not
// wait. When that head cannot be read the checks run before it returns, as without
// the option; it returns what that check returns.
func (s *Store) verifyInBackground(tables []tableFile) error {
	var stored Head
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		stored, err = readHead(txn)
		return err
	})
	if err != nil {
		err := s.checkAudit()
		close(s.verified)
		return err
	}
	s.pubHead.Store(&stored)
	s.stopVerify = make(chan struct{})
	s.writeMu.Lock()
	chainDone := make(chan struct{})
	go func() {
		defer close(chainDone)
		defer s.writeMu.Unlock()
		if err := s.checkAudit(); err != nil {
			s.degradeLocked(fmt.Errorf("the audit log could not be checked: %w", err))
		}
	}()
	go func() {
		defer close(s.verified)
		err := checkTables(s.dir, tables, true, s.stopVerify)
		<-chainDone
		if err != nil {
			s.writeMu.Lock()
			s.degradeLocked(err)
			s.writeMu.Unlock()
		}
		releaseAfterChecks(s.dir)
		if err := s.Degraded(); err != nil {
			s.log.Error("the store failed its integrity check after open: it is read-only now, and what it serves may be incomplete or altered", "reason", err)
		}
	}()
	return nil
}

// degradeLocked makes the store read-only and degraded for reason, unless it already
// is; the caller holds writeMu.
func (s *Store) degradeLocked(reason error) {
	if s.Degraded() != nil {
		return
	}
	s.degraded.Store(&reason)
	s.writeErr = reason
}

// Verified is closed when the integrity checks of Open are done: at once without
// Options.VerifyInBackground, when the background checks end with it.
func (s *Store) Verified() <-chan struct{} { return s.verified }
