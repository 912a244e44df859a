package storage

import (
	"bufio"
	"bytes"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
)

// kvSorter sorts key-value pairs that arrive in any order, for the keys a bulk import
// cannot write in the order it reads them (reverse edges, unique keys). It keeps up to
// budget bytes in memory, then writes them sorted to a temporary file (a run); each
// calls fn with the pairs of every run merged in key order. A key given more than once
// is passed once, with its first value: an import writes the same reverse edge twice
// when a source cites another twice.
type kvSorter struct {
	dir    string
	budget int
	buf    []byte  // keys and values, one after another
	refs   []kvRef // where each pair is in buf, in the order added
	runs   []*os.File
	tmp    []byte
}

type kvRef struct{ off, klen, vlen uint32 }

func newKVSorter(dir string, budget int) *kvSorter {
	return &kvSorter{dir: dir, budget: budget}
}

func (s *kvSorter) add(key, value []byte) error {
	if n := len(s.buf) + len(key) + len(value); n > cap(s.buf) {
		// Grow as append would, but not past the budget: a full buffer is spilled.
		grown := make([]byte, len(s.buf), max(n, min(2*cap(s.buf), s.budget+1<<16), 64<<10))
		copy(grown, s.buf)
		s.buf = grown
	}
	s.refs = append(s.refs, kvRef{uint32(len(s.buf)), uint32(len(key)), uint32(len(value))})
	s.buf = append(append(s.buf, key...), value...)
	if len(s.buf) >= s.budget {
		return s.spill()
	}
	return nil
}

func (s *kvSorter) pair(r kvRef) (key, value []byte) {
	k := r.off + r.klen
	return s.buf[r.off:k], s.buf[k : k+r.vlen]
}

// sort orders the pairs in memory by key, and pairs of one key in the order added.
func (s *kvSorter) sort() {
	slices.SortFunc(s.refs, func(a, b kvRef) int {
		if c := bytes.Compare(s.buf[a.off:a.off+a.klen], s.buf[b.off:b.off+b.klen]); c != 0 {
			return c
		}
		return int(a.off) - int(b.off)
	})
}

// spill writes the pairs in memory to a new run, sorted.
func (s *kvSorter) spill() error {
	s.sort()
	f, err := os.CreateTemp(s.dir, "import-run-*")
	if err != nil {
		return fmt.Errorf("import: sort keys: %w", err)
	}
	os.Remove(f.Name())
	w := bufio.NewWriterSize(f, 1<<20)
	for _, ref := range s.refs {
		k, v := s.pair(ref)
		s.tmp = binary.AppendUvarint(s.tmp[:0], uint64(len(k)))
		s.tmp = append(s.tmp, k...)
		s.tmp = binary.AppendUvarint(s.tmp, uint64(len(v)))
		s.tmp = append(s.tmp, v...)
		w.Write(s.tmp)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("import: sort keys: %w", err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return err
	}
	s.runs = append(s.runs, f)
	s.buf, s.refs = s.buf[:0], s.refs[:0]
	return nil
}

// each calls fn with every pair in key order, each key once. The slices are valid only
// during the call.
func (s *kvSorter) each(fn func(key, value []byte) error) error {
	if len(s.runs) == 0 {
		s.sort()
		var last []byte
		for i, ref := range s.refs {
			k, v := s.pair(ref)
			if i > 0 && bytes.Equal(k, last) {
				continue
			}
			last = k
			if err := fn(k, v); err != nil {
				return err
			}
		}
		return nil
	}
	if len(s.refs) > 0 {
		if err := s.spill(); err != nil {
			return err
		}
	}
	h := make(runHeap, 0, len(s.runs))
	for i, f := range s.runs {
		r := &runReader{r: bufio.NewReaderSize(f, 256<<10), order: i}
		ok, err := r.next()
		if err != nil {
			return err
		}
		if ok {
			h = append(h, r)
		}
	}
	heap.Init(&h)
	var last []byte
	first := true
	for len(h) > 0 {
		r := h[0]
		if first || !bytes.Equal(r.key, last) {
			if err := fn(r.key, r.value); err != nil {
				return err
			}
			last = append(last[:0], r.key...)
			first = false
		}
		ok, err := r.next()
		if err != nil {
			return err
		}
		if ok {
			heap.Fix(&h, 0)
		} else {
			heap.Pop(&h)
		}
	}
	return nil
}

// close removes the runs.
func (s *kvSorter) close() {
	for _, f := range s.runs {
		f.Close()
	}
	s.runs, s.buf, s.refs = nil, nil, nil
}

type runReader struct {
	r          *bufio.Reader
	order      int // earlier runs hold earlier pairs: they win ties
	key, value []byte
}

func (r *runReader) next() (bool, error) {
	n, err := binary.ReadUvarint(r.r)
	if errors.Is(err, io.EOF) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("import: read back sorted keys: %w", err)
	}
	r.key = slices.Grow(r.key[:0], int(n))[:n]
	if _, err := io.ReadFull(r.r, r.key); err != nil {
		return false, fmt.Errorf("import: read back sorted keys: %w", err)
	}
	if n, err = binary.ReadUvarint(r.r); err != nil {
		return false, fmt.Errorf("import: read back sorted keys: %w", err)
	}
	r.value = slices.Grow(r.value[:0], int(n))[:n]
	if _, err := io.ReadFull(r.r, r.value); err != nil {
		return false, fmt.Errorf("import: read back sorted keys: %w", err)
	}
	return true, nil
}

type runHeap []*runReader

func (h runHeap) Len() int { return len(h) }
func (h runHeap) Less(i, j int) bool {
	if c := bytes.Compare(h[i].key, h[j].key); c != 0 {
		return c < 0
	}
	return h[i].order < h[j].order
}
func (h runHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)   { *h = append(*h, x.(*runReader)) }
func (h *runHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
