package storage

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"

	"claimgraph/prov"
)

// What the integrity settings cost; docs/INTEGRITY.md has the figures. Run with
//
//	go test ./storage -run='^$' -bench='CreateClaim|BadgerCommit|WriteHeadFile|OpenStore' -benchtime=2s

// withTuning sets tuneBadger for the rest of the benchmark.
func withTuning(b *testing.B, tune func(badger.Options) badger.Options) {
	tuneBadger = tune
	b.Cleanup(func() { tuneBadger = nil })
}

// BenchmarkCreateClaim measures one acknowledged write: a claim naming an actor, with
// its reverse edge, version and audit entry, on disk with and without SyncWrites
// (fsync before the commit returns) and in memory.
func BenchmarkCreateClaim(b *testing.B) {
	for _, mode := range []string{"disk-sync", "disk-nosync", "memory"} {
		b.Run(mode, func(b *testing.B) {
			opts := Options{Dir: b.TempDir(), MinFreeBytes: -1, GCInterval: -1}
			switch mode {
			case "disk-nosync":
				withTuning(b, func(o badger.Options) badger.Options { return o.WithSyncWrites(false) })
			case "memory":
				opts = Options{InMemory: true}
			}
			s, err := Open(opts)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			ctx := context.Background()
			a, err := s.CreateActor(ctx, &prov.Actor{Name: "claimant", Kind: prov.ActorPerson})
			if err != nil {
				b.Fatal(err)
			}
			text := strings.Repeat("a claim of ordinary length ", 8)
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				if _, err := s.CreateClaim(ctx, &prov.Claim{Text: fmt.Sprint(text, i), ClaimantID: a.ID}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchStore builds a closed store of n claims (and their versions and audit entries)
// in a directory removed when the benchmark ends, and returns the directory and the
// size of its tables.
func benchStore(b *testing.B, n int) (string, int64) {
	dir, err := os.MkdirTemp("", "claimgraph-bench-")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(dir) })
	s, err := Open(Options{Dir: dir, MinFreeBytes: -1, GCInterval: -1})
	if err != nil {
		b.Fatal(err)
	}
	var in strings.Builder
	in.WriteString(`{"format":"claimgraph","version":1}` + "\n")
	for i := range n {
		fmt.Fprintf(&in, `{"type":"claim","id":"%s","text":"benchmark claim number %d, long enough to be a real claim about something"}`+"\n",
			prov.NewID(prov.TypeClaim, uint64(i+1)), i)
	}
	if _, err := s.Import(context.Background(), strings.NewReader(in.String())); err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	var size int64
	tables, _ := filepath.Glob(filepath.Join(dir, "*.sst"))
	for _, t := range tables {
		if fi, err := os.Stat(t); err == nil {
			size += fi.Size()
		}
	}
	return dir, size
}

// BenchmarkOpenStore measures opening and closing a store of n claims as Open does it
// (checkTables verifies every table, Badger verifies blocks as it reads them:
// OnBlockRead), with Badger verifying every table again at open (OnTableRead, what
// Open did before), and with Badger verifying nothing; all include checkTables.
func BenchmarkOpenStore(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		dir, size := benchStore(b, n)
		for _, mode := range []options.ChecksumVerificationMode{options.OnBlockRead, options.OnTableRead, options.NoVerification} {
			name := map[options.ChecksumVerificationMode]string{options.OnBlockRead: "OnBlockRead", options.OnTableRead: "OnTableRead", options.NoVerification: "NoVerification"}[mode]
			b.Run(fmt.Sprintf("records=%d/tables=%.1fMiB/%s", n, float64(size)/(1<<20), name), func(b *testing.B) {
				withTuning(b, func(o badger.Options) badger.Options { return o.WithChecksumVerificationMode(mode) })
				for b.Loop() {
					s, err := Open(Options{Dir: dir, MinFreeBytes: -1, GCInterval: -1})
					if err != nil {
						b.Fatal(err)
					}
					if err := s.Close(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		b.Run(fmt.Sprintf("records=%d/tables=%.1fMiB/checkTables-only", n, float64(size)/(1<<20)), func(b *testing.B) {
			for b.Loop() {
				if err := checkTables(dir, listTables(dir), true, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkWriteHeadFile measures what every commit adds on disk for the audit head
// file: write a temporary file, fsync it, rename it over AUDIT_HEAD, fsync the
// directory.
func BenchmarkWriteHeadFile(b *testing.B) {
	dir := b.TempDir()
	h := Head{Seq: 1}
	for b.Loop() {
		h.Seq++
		if err := writeHeadFile(dir, h); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBadgerCommit measures a bare Badger commit of one 300-byte value with the
// options Open uses, with and without SyncWrites: the fsync the store pays per write.
func BenchmarkBadgerCommit(b *testing.B) {
	for _, sync := range []bool{true, false} {
		b.Run(fmt.Sprintf("SyncWrites=%v", sync), func(b *testing.B) {
			db, err := badger.Open(badger.DefaultOptions(b.TempDir()).WithLogger(nil).WithSyncWrites(sync).
				WithChecksumVerificationMode(options.OnTableRead))
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			value := []byte(strings.Repeat("v", 300))
			for i := 0; b.Loop(); i++ {
				if err := db.Update(func(txn *badger.Txn) error { return txn.Set([]byte(fmt.Sprint("key", i)), value) }); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
