package storage

// This file is a benchmark-only prototype of a full-text index kept inside Badger, the
// alternative to the bleve index of package search that docs/SEARCH.md measures it
// against. Nothing in the server uses it. It lives here because only this package may
// import Badger; it keeps a Badger database of its own so that its size can be
// measured apart from the store's, and so that it cannot disturb the store's key
// layout. Were it chosen, its postings would be written by tx.put in the same
// transaction as the record, under a keyspace of the store.
//
// Layout (one byte of keyspace, then):
//
//	'p' term 0x00 doc(8) tf(1) len(1)   posting: key only; tf and the document's length
//	                                    in terms, both capped at 255
//	'f' doc(8)                          the document's terms, 0x00-separated, so an
//	                                    update or delete can remove its postings
//	'n'                                 document count and total length (uint64 BE x2)
//
// Queries score with BM25 (k1 1.2, b 0.75) by walking each query term's postings with
// a key-only prefix iteration; terms only: no phrases or prefixes.

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"sort"

	"github.com/dgraph-io/badger/v4"

	"claimgraph/search/analysis"
)

// FullText is the Badger full-text prototype.
type FullText struct {
	db *badger.DB
}

// FullTextDoc is a document to index: an ID and its text.
type FullTextDoc struct {
	ID   uint64
	Text string
}

// FullTextHit is a scored document.
type FullTextHit struct {
	ID    uint64
	Score float64
}

var ftStatsKey = []byte{'n'}

// OpenFullText opens the prototype index in dir ("" in memory).
func OpenFullText(dir string) (*FullText, error) {
	opts := badger.DefaultOptions(dir).WithLogger(nil).WithSyncWrites(false).WithNumVersionsToKeep(1)
	if dir == "" {
		opts = opts.WithInMemory(true)
	}
	db, err := badger.Open(opts)
	if err != nil {
		return nil, err
	}
	return &FullText{db: db}, nil
}

// Close closes the index.
func (f *FullText) Close() error { return f.db.Close() }

// Size returns the bytes of the index's LSM tree and value log.
func (f *FullText) Size() int64 {
	lsm, vlog := f.db.Size()
	return lsm + vlog
}

// Flatten compacts the LSM tree, so Size measures what the index settles at.
func (f *FullText) Flatten() error { return f.db.Flatten(2) }

func ftPostingKey(term string, doc uint64, tf, length int) []byte {
	k := make([]byte, 0, 1+len(term)+1+8+2)
	k = append(k, 'p')
	k = append(k, term...)
	k = append(k, 0)
	k = binary.BigEndian.AppendUint64(k, doc)
	return append(k, byte(min(tf, 255)), byte(min(length, 255)))
}

func ftForwardKey(doc uint64) []byte { return binary.BigEndian.AppendUint64([]byte{'f'}, doc) }

// Index adds or replaces documents, in transactions of as many as fit.
func (f *FullText) Index(docs []FullTextDoc) error {
	for len(docs) > 0 {
		n, err := f.indexSome(docs)
		if err != nil {
			return err
		}
		docs = docs[n:]
	}
	return nil
}

// Delete removes documents.
func (f *FullText) Delete(ids []uint64) error {
	docs := make([]FullTextDoc, len(ids))
	for i, id := range ids {
		docs[i] = FullTextDoc{ID: id}
	}
	return f.Index(docs)
}

// indexSome writes the first documents that fit in one transaction (a document with
// empty Text is deleted) and returns how many.
func (f *FullText) indexSome(docs []FullTextDoc) (int, error) {
	txn := f.db.NewTransaction(true)
	defer txn.Discard()
	count, total, err := ftStats(txn)
	if err != nil {
		return 0, err
	}
	done := 0
	for _, d := range docs {
		c, t, err := ftPut(txn, d, count, total)
		if errors.Is(err, badger.ErrTxnTooBig) && done > 0 {
			break
		}
		if err != nil {
			return 0, err
		}
		count, total = c, t
		done++
	}
	stats := binary.BigEndian.AppendUint64(binary.BigEndian.AppendUint64(nil, count), total)
	if err := txn.Set(ftStatsKey, stats); err != nil {
		return 0, err
	}
	return done, txn.Commit()
}

func ftStats(txn *badger.Txn) (count, total uint64, err error) {
	item, err := txn.Get(ftStatsKey)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, err
	}
	v, err := item.ValueCopy(nil)
	if err != nil || len(v) != 16 {
		return 0, 0, errors.Join(err, ErrCorrupt)
	}
	return binary.BigEndian.Uint64(v), binary.BigEndian.Uint64(v[8:]), nil
}

func ftPut(txn *badger.Txn, d FullTextDoc, count, total uint64) (uint64, uint64, error) {
	fk := ftForwardKey(d.ID)
	item, err := txn.Get(fk)
	switch {
	case err == nil:
		old, err := item.ValueCopy(nil)
		if err != nil {
			return count, total, err
		}
		terms := bytes.Split(old[2:], []byte{0})
		oldLen := int(binary.BigEndian.Uint16(old))
		tfs := map[string]int{}
		for _, t := range terms {
			tfs[string(t)]++
		}
		for t, tf := range tfs {
			if err := txn.Delete(ftPostingKey(t, d.ID, tf, oldLen)); err != nil {
				return count, total, err
			}
		}
		if err := txn.Delete(fk); err != nil {
			return count, total, err
		}
		count--
		total -= uint64(len(terms))
	case !errors.Is(err, badger.ErrKeyNotFound):
		return count, total, err
	}
	terms := analysis.Terms(d.Text)
	if len(terms) == 0 {
		return count, total, nil
	}
	tfs := map[string]int{}
	for _, t := range terms {
		tfs[t]++
	}
	for t, tf := range tfs {
		if err := txn.Set(ftPostingKey(t, d.ID, tf, len(terms)), nil); err != nil {
			return count, total, err
		}
	}
	fwd := binary.BigEndian.AppendUint16(nil, uint16(min(len(terms), math.MaxUint16)))
	for i, t := range terms {
		if i > 0 {
			fwd = append(fwd, 0)
		}
		fwd = append(fwd, t...)
	}
	if err := txn.Set(fk, fwd); err != nil {
		return count, total, err
	}
	return count + 1, total + uint64(len(terms)), nil
}

// Search returns the k best documents for the words of text, by BM25.
func (f *FullText) Search(text string, k int) ([]FullTextHit, error) {
	terms := analysis.Terms(text)
	slices.Sort(terms)
	terms = slices.Compact(terms)
	scores := map[uint64]float64{}
	err := f.db.View(func(txn *badger.Txn) error {
		count, total, err := ftStats(txn)
		if err != nil || count == 0 {
			return err
		}
		avg := float64(total) / float64(count)
		type posting struct {
			doc     uint64
			tf, len int
		}
		var postings []posting
		for _, t := range terms {
			postings = postings[:0]
			prefix := append(append([]byte{'p'}, t...), 0)
			it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
			for it.Rewind(); it.Valid(); it.Next() {
				key := it.Item().Key()[len(prefix):]
				if len(key) != 10 {
					continue
				}
				postings = append(postings, posting{binary.BigEndian.Uint64(key), int(key[8]), int(key[9])})
			}
			it.Close()
			df := float64(len(postings))
			idf := math.Log(1 + (float64(count)-df+0.5)/(df+0.5))
			for _, p := range postings {
				tf := float64(p.tf)
				scores[p.doc] += idf * tf * 2.2 / (tf + 1.2*(0.25+0.75*float64(p.len)/avg))
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	hits := make([]FullTextHit, 0, len(scores))
	for id, s := range scores {
		hits = append(hits, FullTextHit{id, s})
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].ID < hits[j].ID
	})
	if len(hits) > k {
		hits = hits[:k]
	}
	return hits, nil
}
