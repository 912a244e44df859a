package storage

import (
	"fmt"
	"syscall"

	"claimgraph/prov"
)

// checkDisk returns EUNAVAILABLE when the file system under the store has less free
// space than the floor. Badger dies with SIGBUS when a value-log write finds the disk
// full, which no recover can catch, so writes must stop well before that.
func (s *Store) checkDisk() error {
	if s.dir == "" || s.minFree == 0 {
		return nil
	}
	free, err := freeSpace(s.dir)
	if err != nil {
		return err
	}
	if free < s.minFree {
		return prov.Errorf(prov.EUNAVAILABLE, "writes are refused: %s free under %s, below the floor of %s; free some space or lower --min-free",
			formatBytes(free), s.dir, formatBytes(s.minFree))
	}
	return nil
}

func formatBytes(n uint64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

func freeSpace(dir string) (uint64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, fmt.Errorf("free space under %s: %w", dir, err)
	}
	return st.Bavail * uint64(st.Bsize), nil
}

// checkRoomFor returns EUNAVAILABLE, before anything is written, when writing n bytes
// (a backup being restored: about what the store grows by) would take the file system
// under the free-space floor.
func (s *Store) checkRoomFor(n int64) error {
	if s.dir == "" || s.minFree == 0 {
		return nil
	}
	free, err := freeSpace(s.dir)
	if err != nil {
		return err
	}
	if need := uint64(max(n, 0)) + s.minFree; free < need {
		return prov.Errorf(prov.EUNAVAILABLE, "not restored: the backup is %s, and %s under %s leaves less than the floor of %s once it is written; free some space or lower --min-free",
			formatBytes(uint64(n)), formatBytes(free)+" free", s.dir, formatBytes(s.minFree))
	}
	return nil
}
