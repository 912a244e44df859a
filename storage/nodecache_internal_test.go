package storage

import (
	"testing"

	"claimgraph/prov"
)

func TestNodeCacheStaysWithinItsBudget(t *testing.T) {
	const limit = 50 * (100 + cacheEntryOverhead)
	c := newNodeCache(limit)
	for i := range 500 {
		c.add(&prov.Claim{ID: prov.NewID(prov.TypeClaim, uint64(i+1)), Text: "x"}, 100, 0)
		if c.bytes > limit {
			t.Fatalf("after %d additions the cache holds %d bytes, over its %d", i+1, c.bytes, limit)
		}
	}
	if len(c.entries) != 50 {
		t.Errorf("the cache holds %d entries, want the 50 its budget fits", len(c.entries))
	}
	if _, ok := c.get(prov.NewID(prov.TypeClaim, 500), 0); !ok {
		t.Error("the newest entry was evicted")
	}
	if _, ok := c.get(prov.NewID(prov.TypeClaim, 1), 0); ok {
		t.Error("the oldest entry was kept")
	}
}

func TestNodeCacheAddsNothingDuringAWrite(t *testing.T) {
	c := newNodeCache(1 << 20)
	id := prov.NewID(prov.TypeClaim, 1)
	c.begin([]cacheKey{{id: id}}, false)
	c.add(&prov.Claim{ID: id, Text: "read mid-write"}, 10, 5)
	c.end([]cacheKey{{id: id}}, false, 6)
	if _, ok := c.get(id, 6); ok {
		t.Error("a record read while a write was under way was cached")
	}
	c.add(&prov.Claim{ID: id, Text: "read before the write's commit"}, 10, 5)
	if _, ok := c.get(id, 6); ok {
		t.Error("a record read from a snapshot older than the last commit was cached")
	}
	c.add(&prov.Claim{ID: id, Text: "current"}, 10, 6)
	if _, ok := c.get(id, 6); !ok {
		t.Error("a record read from a current snapshot was not cached")
	}
	if _, ok := c.get(id, 5); ok {
		t.Error("an entry was served to a snapshot older than its stamp")
	}
}
