package storage_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"claimgraph/ndjson"
	"claimgraph/prov"
	"claimgraph/storage"
)

// Helpers of the tests that damage, crash and fill on-disk stores.

// longRun reports whether CLAIMGRAPH_LONG=1 asks for the heavy variants of the
// integrity tests (more crash cycles, more damage positions).
func longRun() bool { return os.Getenv("CLAIMGRAPH_LONG") == "1" }

// recordDigest returns the SHA-256 of a node's ndjson export line, a source with the
// archived text given: the acknowledged content a crash or a damaged file must not
// change.
func recordDigest(n prov.Node, text *string) string {
	var rec ndjson.Record
	switch n := n.(type) {
	case *prov.Event:
		rec.Event = n
	case *prov.Actor:
		rec.Actor = n
	case *prov.Source:
		c := *n
		c.Text = text
		rec.Source = &c
	case *prov.Claim:
		rec.Claim = n
	case *prov.Attribution:
		rec.Attribution = n
	case *prov.ClaimRelation:
		rec.Relation = n
	default:
		panic(fmt.Sprintf("recordDigest: %T", n))
	}
	var b bytes.Buffer
	w := ndjson.NewWriter(&b)
	if err := w.Write(rec); err != nil {
		panic(err)
	}
	w.Flush()
	sum := sha256.Sum256(b.Bytes())
	return hex.EncodeToString(sum[:])
}

// storedDigest returns the recordDigest of the node as the store reads it back.
func storedDigest(ctx context.Context, s *storage.Store, id prov.ID) (string, error) {
	n, err := s.Node(ctx, id)
	if err != nil {
		return "", err
	}
	var text *string
	if src, ok := n.(*prov.Source); ok && src.HasText {
		if text, err = s.SourceText(ctx, id); err != nil {
			return "", err
		}
		if text == nil {
			return "", fmt.Errorf("%s has text but none is archived", id)
		}
	}
	return recordDigest(n.(prov.Node), text), nil
}

const (
	seekData = 3 // SEEK_DATA
	seekHole = 4 // SEEK_HOLE
)

// copyDir copies the regular files of a store directory, keeping holes: the value-log
// and write-ahead-log files of a store that was not closed are sparse and up to 2 GiB
// long.
func copyDir(tb testing.TB, src, dst string) {
	tb.Helper()
	entries, err := os.ReadDir(src)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		tb.Fatal(err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		if err := copySparse(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())); err != nil {
			tb.Fatalf("copy %s: %v", e.Name(), err)
		}
	}
}

func copySparse(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, fi.Mode().Perm())
	if err != nil {
		return err
	}
	defer out.Close()
	if err := out.Truncate(fi.Size()); err != nil {
		return err
	}
	for _, seg := range dataSegments(in, fi.Size()) {
		if _, err := io.Copy(io.NewOffsetWriter(out, seg[0]), io.NewSectionReader(in, seg[0], seg[1]-seg[0])); err != nil {
			return err
		}
	}
	return out.Close()
}

// dataSegments returns the [start, end) ranges of f that hold data, or the whole file
// when the file system cannot tell holes apart.
func dataSegments(f *os.File, size int64) [][2]int64 {
	var segs [][2]int64
	for off := int64(0); off < size; {
		start, err := f.Seek(off, seekData)
		if errors.Is(err, syscall.ENXIO) {
			break
		}
		if err != nil {
			return [][2]int64{{0, size}}
		}
		end, err := f.Seek(start, seekHole)
		if err != nil {
			return [][2]int64{{0, size}}
		}
		segs = append(segs, [2]int64{start, end})
		off = end
	}
	return segs
}

// dataEnd returns the offset just past the last non-zero byte of a file: the end of
// what Badger wrote into a preallocated log file.
func dataEnd(path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, err
	}
	segs := dataSegments(f, fi.Size())
	buf := make([]byte, 64<<10)
	for i := len(segs) - 1; i >= 0; i-- {
		for end := segs[i][1]; end > segs[i][0]; {
			start := max(segs[i][0], end-int64(len(buf)))
			b := buf[:end-start]
			if _, err := f.ReadAt(b, start); err != nil && !errors.Is(err, io.EOF) {
				return 0, err
			}
			for j := len(b) - 1; j >= 0; j-- {
				if b[j] != 0 {
					return start + int64(j) + 1, nil
				}
			}
			end = start
		}
	}
	return 0, nil
}
