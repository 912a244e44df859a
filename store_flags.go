package main

import (
	"flag"
	"fmt"
	"os"

	"claimgraph/storage"
)

// minFreeFlag adds --min-free, the free-space floor below which the store refuses
// writes, to a command that writes to the store: the refusal names this flag.
func minFreeFlag(fs *flag.FlagSet) *int64 {
	return fs.Int64("min-free", storage.DefaultMinFreeBytes, "refuse writes when the data directory's file system has fewer free `bytes`, before Badger runs out of space; negative turns the guard off")
}

// openForWrite opens the store in dir for a command that writes, with the free-space
// floor of its --min-free flag; the directory must exist when mustExist is set.
func openForWrite(dir string, minFree int64, mustExist bool) (*storage.Store, error) {
	if dir == "" {
		return nil, fmt.Errorf("--data: a data directory is required")
	}
	if mustExist {
		if _, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("--data: %w", err)
		}
	}
	s, err := storage.Open(storage.Options{Dir: dir, MinFreeBytes: minFree, GCInterval: -1})
	return s, describeOpenError(dir, err)
}
