package storage

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"claimgraph/prov"
)

// TestValueLogGC deletes most of a store's large texts and checks that garbage
// collection gives their value-log space back, and that the texts kept read back: the
// sealed files at once, the file being written after the next open has sealed it.
func TestValueLogGC(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(Options{Dir: dir, MinFreeBytes: -1, GCInterval: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { s.Close() }()
	const n, keep = 80, 4
	body := strings.Repeat("a text long enough for the value log. ", (1<<20)/38+1000) // 1.04 MiB
	texts := map[prov.ID]string{}
	var ids []prov.ID
	for i := range n {
		text := fmt.Sprintf("source %d: %s", i, body)
		src, err := s.CreateSource(ctx, &prov.Source{Title: fmt.Sprint(i), Kind: prov.SourceArticle, Text: &text})
		if err != nil {
			t.Fatal(err)
		}
		texts[src.ID] = text
		ids = append(ids, src.ID)
	}
	for _, id := range ids[keep:] {
		if _, err := s.DeleteSource(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	mib := func(n int64) float64 { return float64(n) / (1 << 20) }
	const slack = 2 << 20 // entry headers, and a file's last partial block
	before := vlogDiskBytes(dir)
	sealedBefore, live := s.vlogBytes()
	r := s.collectGarbage()
	after := vlogDiskBytes(dir)
	sealedAfter, _ := s.vlogBytes()
	t.Logf("%d texts of %.2f MiB, %d deleted: the value log took %.1f MiB (%.1f MiB in sealed files), %.1f MiB after GC (%.1f sealed; %d files rewritten, compacted first: %v)",
		n, mib(int64(len(body))), n-keep, mib(before), mib(sealedBefore), mib(after), mib(sealedAfter), r.Rewritten, r.Compacted)
	if r.Rewritten == 0 {
		t.Fatal("GC rewrote no value-log file")
	}
	if sealedAfter > live+slack {
		t.Fatalf("the sealed value-log files hold %.1f MiB after GC, for %.1f MiB of live texts", mib(sealedAfter), mib(live))
	}
	check := func() {
		t.Helper()
		for _, id := range ids[:keep] {
			got, err := s.SourceText(ctx, id)
			if err != nil || got == nil || *got != texts[id] {
				t.Fatalf("%s's text after GC: %v", id, err)
			}
		}
		if _, err := s.Verify(ctx); err != nil {
			t.Fatal(err)
		}
	}
	check()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// Reopened, the file that was being written is sealed, and the periodic GC
	// reclaims it.
	if s, err = Open(Options{Dir: dir, MinFreeBytes: -1, GCInterval: 20 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	check()
	deadline := time.Now().Add(20 * time.Second)
	for vlogDiskBytes(dir) > live+slack && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if all := vlogDiskBytes(dir); all > live+slack {
		t.Fatalf("after reopening, the periodic GC left %.1f MiB of value log for %.1f MiB of live texts", mib(all), mib(live))
	} else {
		t.Logf("after reopening, the periodic GC left %.1f MiB of value log for %.1f MiB of live texts", mib(all), mib(live))
	}
	check()
	if r := s.collectGarbage(); r.Compacted || r.Rewritten > 0 {
		t.Errorf("a GC with nothing to free did work: %+v", r)
	}
}
