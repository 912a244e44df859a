package storage

import (
	"slices"

	"claimgraph/prov"
)

// idSet is a set of IDs for an import's first pass, which must remember every ID of
// the file. Sequence numbers are grouped in chunks of idChunkSpan: a chunk holds a short
// sorted list while few of its numbers are in the set and a bitmap once many are, so
// dense IDs (what export and the generator write) cost about a bit each and scattered
// ones a few bytes, where a map costs about twenty bytes per ID.
type idSet struct {
	chunks map[idChunkKey]*idChunk
}

const (
	idChunkBits = 12
	idChunkSpan = 1 << idChunkBits
	// idChunkList is the longest list a chunk keeps before it turns into a bitmap of
	// the same size (idChunkSpan bits).
	idChunkList = idChunkSpan / 16
)

type idChunkKey struct {
	typ prov.NodeType
	hi  uint64
}

type idChunk struct {
	list []uint16 // sorted; nil once bits is set
	bits []uint64
}

func newIDSet() *idSet { return &idSet{chunks: map[idChunkKey]*idChunk{}} }

func splitID(id prov.ID) (idChunkKey, uint16) {
	return idChunkKey{id.Type, id.Seq >> idChunkBits}, uint16(id.Seq & (idChunkSpan - 1))
}

func (s *idSet) has(id prov.ID) bool {
	k, lo := splitID(id)
	c := s.chunks[k]
	if c == nil {
		return false
	}
	if c.bits != nil {
		return c.bits[lo/64]&(1<<(lo%64)) != 0
	}
	_, found := slices.BinarySearch(c.list, lo)
	return found
}

func (s *idSet) add(id prov.ID) {
	k, lo := splitID(id)
	c := s.chunks[k]
	if c == nil {
		c = &idChunk{}
		s.chunks[k] = c
	}
	if c.bits != nil {
		c.bits[lo/64] |= 1 << (lo % 64)
		return
	}
	i, found := slices.BinarySearch(c.list, lo)
	if found {
		return
	}
	if len(c.list) < idChunkList {
		c.list = slices.Insert(c.list, i, lo)
		return
	}
	c.bits = make([]uint64, idChunkSpan/64)
	for _, v := range c.list {
		c.bits[v/64] |= 1 << (v % 64)
	}
	c.bits[lo/64] |= 1 << (lo % 64)
	c.list = nil
}
