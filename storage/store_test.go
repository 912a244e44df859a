package storage_test

import (
	"testing"

	"claimgraph/prov"
	"claimgraph/storage"
)

func TestOpenBlockCache(t *testing.T) {
	t.Run("refuses a cache below the minimum", func(t *testing.T) {
		s, err := storage.Open(storage.Options{Dir: t.TempDir(), BlockCacheBytes: storage.MinBlockCacheBytes - 1})
		if err == nil {
			s.Close()
			t.Fatal("opened with a block cache below the minimum")
		}
		if prov.ErrorCode(err) != prov.EINVALID {
			t.Errorf("error %v, want EINVALID", err)
		}
	})
	t.Run("opens with the minimum", func(t *testing.T) {
		s, err := storage.Open(storage.Options{Dir: t.TempDir(), BlockCacheBytes: storage.MinBlockCacheBytes})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	})
}
