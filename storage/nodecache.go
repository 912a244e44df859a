package storage

import (
	"container/list"
	"slices"
	"sync"

	"claimgraph/prov"
)

// nodeCache keeps decoded node records, and short lists of a node's reverse edges, in
// memory for read transactions, so a hot claim's trace does not read, verify and
// decode the same dozen records and scan the same edges in Badger at every request. It is exact, never stale, because this process is the store's
// only writer (Badger locks the directory) and every write tells it what it changes:
//
//   - A write evicts the nodes and edge lists it changes before its commit becomes
//     visible and again after, and nothing is added while a write is under way.
//   - A reader adds a node only when its snapshot is at least as new as the last
//     commit (lastCommit), so what it read is the current record; the entry is
//     stamped with lastCommit.
//   - A reader uses an entry only when its snapshot is at least as new as the
//     entry's stamp: any later change of the node would have evicted it.
//
// Readers whose snapshot is older than the newest commit read Badger as before.
// Records enter the cache only after they passed their checksum and decoded, and it
// holds shallow copies' originals: get hands out a copy of the struct each time, so a
// caller that sets a field does not change what the next caller gets.
type nodeCache struct {
	mu         sync.Mutex
	entries    map[cacheKey]*list.Element
	lru        list.List // front: most recently used
	bytes      int64
	limit      int64
	writing    int    // writes between begin and end
	lastCommit uint64 // read timestamp that sees every commit so far
}

// cacheKey names a node (label zero) or the list of nodes pointing at it through an
// edge label.
type cacheKey struct {
	id    prov.ID
	label edgeLabel
}

type cacheEntry struct {
	key   cacheKey
	n     node      // for a node
	refs  []prov.ID // for an edge list
	cost  int64
	stamp uint64
}

// maxCachedEdges bounds the edge lists kept: long ones (a prolific claimant's claims)
// would crowd out many records and are read by pages, not whole.
const maxCachedEdges = 64

// cacheEntryOverhead approximates what an entry costs beside its record: the map
// slot, the list element, the decoded struct's headers.
const cacheEntryOverhead = 160

func newNodeCache(limit int64) *nodeCache {
	if limit <= 0 {
		return nil
	}
	return &nodeCache{entries: map[cacheKey]*list.Element{}, limit: limit}
}

// get returns a copy of the cached node for a reader at readTs, if it may use one.
func (c *nodeCache) get(id prov.ID, readTs uint64) (node, bool) {
	e, ok := c.lookup(cacheKey{id: id}, readTs)
	if !ok {
		return nil, false
	}
	return copyNode(e.n), true
}

// edges returns the cached list of nodes pointing at target through label, which the
// caller must not change.
func (c *nodeCache) edges(target prov.ID, label edgeLabel, readTs uint64) ([]prov.ID, bool) {
	e, ok := c.lookup(cacheKey{target, label}, readTs)
	if !ok {
		return nil, false
	}
	return e.refs, true
}

func (c *nodeCache) lookup(k cacheKey, readTs uint64) (*cacheEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[k]
	if !ok {
		return nil, false
	}
	e := el.Value.(*cacheEntry)
	if readTs < e.stamp {
		return nil, false
	}
	c.lru.MoveToFront(el)
	return e, true
}

// add caches n, read by a reader at readTs from a record of size bytes.
func (c *nodeCache) add(n node, size int, readTs uint64) {
	kept := copyNode(n)
	if kept == nil {
		return
	}
	c.insert(&cacheEntry{key: cacheKey{id: n.NodeID()}, n: kept, cost: int64(size) + cacheEntryOverhead}, readTs)
}

// addEdges caches the list of nodes pointing at target through label, read by a
// reader at readTs, unless it is long.
func (c *nodeCache) addEdges(target prov.ID, label edgeLabel, refs []prov.ID, readTs uint64) {
	if len(refs) > maxCachedEdges {
		return
	}
	refs = slices.Clip(slices.Clone(refs)) // an append by a reader copies it
	c.insert(&cacheEntry{key: cacheKey{target, label}, refs: refs, cost: int64(len(refs))*16 + cacheEntryOverhead}, readTs)
}

// insert adds e if its reader saw every commit and no write is under way.
func (c *nodeCache) insert(e *cacheEntry, readTs uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.writing > 0 || readTs < c.lastCommit {
		return
	}
	if _, ok := c.entries[e.key]; ok {
		return
	}
	e.stamp = c.lastCommit
	c.entries[e.key] = c.lru.PushFront(e)
	c.bytes += e.cost
	for c.bytes > c.limit {
		c.removeLocked(c.lru.Back())
	}
}

func (c *nodeCache) removeLocked(el *list.Element) {
	e := el.Value.(*cacheEntry)
	c.lru.Remove(el)
	delete(c.entries, e.key)
	c.bytes -= e.cost
}

// begin is called before a write commits changes to keys (to anything when all is
// set): it evicts them and stops additions until end.
func (c *nodeCache) begin(keys []cacheKey, all bool) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writing++
	c.evictLocked(keys, all)
}

// end is called after the write committed or failed; lastCommit is a read timestamp
// taken after it, which sees it.
func (c *nodeCache) end(keys []cacheKey, all bool, lastCommit uint64) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writing--
	c.evictLocked(keys, all)
	c.lastCommit = max(c.lastCommit, lastCommit)
}

func (c *nodeCache) evictLocked(keys []cacheKey, all bool) {
	if all {
		clear(c.entries)
		c.lru.Init()
		c.bytes = 0
		return
	}
	for _, k := range keys {
		if el, ok := c.entries[k]; ok {
			c.removeLocked(el)
		}
	}
}

// copyNode returns a shallow copy of n's struct, or nil for a type the cache does
// not know.
func copyNode(n node) node {
	switch n := n.(type) {
	case *prov.Event:
		c := *n
		return &c
	case *prov.Actor:
		c := *n
		return &c
	case *prov.Source:
		c := *n
		return &c
	case *prov.Claim:
		c := *n
		return &c
	case *prov.Attribution:
		c := *n
		return &c
	case *prov.ClaimRelation:
		c := *n
		return &c
	case *prov.Review:
		c := *n
		return &c
	}
	return nil
}
