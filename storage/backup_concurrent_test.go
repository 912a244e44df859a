package storage_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"claimgraph/demo"
	"claimgraph/prov"
	"claimgraph/storage"
)

// TestBackupWhileWriting takes a full and an incremental backup while writers create,
// update and delete nodes, then one more incremental after they stop. Each backup is
// one snapshot: the full one restores to a store that verifies, and the chain of all
// three restores to exactly the final store.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	orig := MustOpenDir(t, filepath.Join(t.TempDir(), "orig"))
	if _, err := orig.Import(ctx, bytes.NewReader(demo.Data)); err != nil {
		t.Fatal(err)
	}
	text := "The ministry said 85 targets were hit."
	src := newSource(t, orig, "source", &text)

	var stop atomic.Bool
	var wg sync.WaitGroup
	var writes atomic.Int64
	for w := range 4 {
		wg.Go(func() {
			var mine []prov.ID
			for i := 0; !stop.Load(); i++ {
				var err error
				switch {
				case i%5 == 4 && len(mine) > 0:
					_, err = orig.DeleteClaim(ctx, mine[0])
					mine = mine[1:]
				case i%3 == 2 && len(mine) > 0:
					_, err = orig.UpdateClaim(ctx, mine[len(mine)-1], func(c *prov.Claim) error { c.Text += " (updated)"; return nil })
				default:
					var c *prov.Claim
					c, err = orig.CreateClaim(ctx, &prov.Claim{Text: fmt.Sprintf("claim %d by writer %d", i, w)})
					if err == nil {
						mine = append(mine, c.ID)
						_, err = orig.CreateAttribution(ctx, &prov.Attribution{ClaimID: c.ID, SourceID: src.ID, Quote: "85 targets", Start: ptr(18), End: ptr(28), Kind: prov.AttributionIndirect})
					}
				}
				if err != nil {
					t.Errorf("writer %d: %v", w, err)
					return
				}
				writes.Add(1)
			}
		})
	}
	waitWrites := func(n int64) {
		for start := writes.Load(); writes.Load() < start+n && !t.Failed(); {
			time.Sleep(time.Millisecond)
		}
	}

	waitWrites(50)
	var full, mid, last bytes.Buffer
	fh, err := orig.Backup(ctx, &full, 0)
	if err != nil {
		t.Fatal(err)
	}
	waitWrites(50)
	mh, err := orig.Backup(ctx, &mid, fh.Head.Seq)
	if err != nil {
		t.Fatal(err)
	}
	waitWrites(20)
	stop.Store(true)
	wg.Wait()
	lh, err := orig.Backup(ctx, &last, mh.Head.Seq)
	if err != nil {
		t.Fatal(err)
	}
	if fh.Head.Seq >= mh.Head.Seq || mh.Head.Seq >= lh.Head.Seq {
		t.Fatalf("backup heads %d, %d, %d: the writers did not write between them", fh.Head.Seq, mh.Head.Seq, lh.Head.Seq)
	}

	restored := MustOpenDir(t, filepath.Join(t.TempDir(), "restored"))
	t.Run("the full backup taken during writes restores to a store that verifies", func(t *testing.T) {
		if _, err := restored.Restore(ctx, bytes.NewReader(full.Bytes())); err != nil {
			t.Fatal(err)
		}
		if restored.Head().Seq != fh.Head.Seq {
			t.Fatalf("restored head %d, backup head %d", restored.Head().Seq, fh.Head.Seq)
		}
		mustVerify(t, restored)
	})
	t.Run("with both incrementals it equals the original record for record", func(t *testing.T) {
		for _, b := range []*bytes.Buffer{&mid, &last} {
			if _, err := restored.Restore(ctx, bytes.NewReader(b.Bytes())); err != nil {
				t.Fatal(err)
			}
			mustVerify(t, restored)
		}
		if restored.Head() != orig.Head() {
			t.Fatalf("restored head %+v, original %+v", restored.Head(), orig.Head())
		}
		if exportString(t, restored) != exportString(t, orig) {
			t.Fatal("the restored store exports differently from the original")
		}
		if d := storage.DiffStores(orig, restored); d != "" {
			t.Fatalf("the restored store differs from the original: %s", d)
		}
		t.Logf("%d writes; backups at audit entries %d (full), %d and %d (incremental)", writes.Load(), fh.Head.Seq, mh.Head.Seq, lh.Head.Seq)
	})
}
