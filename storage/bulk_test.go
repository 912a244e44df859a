package storage_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"claimgraph/prov"
	"claimgraph/storage"
	"claimgraph/synth"
)

func dirOpts(dir string) storage.Options {
	return storage.Options{Dir: dir, MinFreeBytes: -1, GCInterval: -1}
}

// corpus returns a generated corpus of n claims.
func corpus(tb testing.TB, n int) string {
	tb.Helper()
	var b bytes.Buffer
	if _, err := synth.Write(context.Background(), &b, synth.Config{Claims: n, Seed: 7}); err != nil {
		tb.Fatal(err)
	}
	return b.String()
}

// auditChanges returns every audit entry's operation and changes, which an import
// into a new store and one into an empty store through transactions must agree on.
func auditChanges(tb testing.TB, s *storage.Store) []string {
	tb.Helper()
	var out []string
	after := uint64(0)
	for {
		entries, more, err := s.AuditLog(bg, prov.ID{}, after, 100)
		if err != nil {
			tb.Fatal(err)
		}
		for _, e := range entries {
			var b strings.Builder
			fmt.Fprintf(&b, "%d %s %s", e.Seq, e.Who, e.Operation)
			for _, c := range e.Changes {
				fmt.Fprintf(&b, " %s:%s:%s", c.ID, c.Before, c.After)
			}
			out = append(out, b.String())
			after = e.Seq
		}
		if !more {
			return out
		}
	}
}

func verify(tb testing.TB, s *storage.Store) storage.VerifyReport {
	tb.Helper()
	rep, err := s.Verify(bg)
	if err != nil {
		tb.Fatalf("verify: %v", err)
	}
	return rep
}

func TestImportDirNewStore(t *testing.T) {
	in := corpus(t, 2500) // about 10k records: three batches
	lines := strings.Count(in, "\n") - 1

	dir := filepath.Join(t.TempDir(), "store")
	var last storage.ImportProgress
	calls := 0
	st, err := storage.ImportDir(bg, dirOpts(dir), strings.NewReader(in), func(p storage.ImportProgress) { last = p; calls++ })
	if err != nil {
		t.Fatal(err)
	}
	t.Run("writes every record as a new store, one audit entry per batch", func(t *testing.T) {
		if !st.New || st.Records != lines || st.Created != lines || st.AuditEntries != (lines+4095)/4096 {
			t.Errorf("stats = %+v, want %d records created as a new store in %d entries", st, lines, (lines+4095)/4096)
		}
	})
	t.Run("reports progress up to the end of the input, then the indexing", func(t *testing.T) {
		if calls == 0 || last.Phase != "index" || last.Records != lines || last.Bytes != int64(len(in)) {
			t.Errorf("%d progress calls, last %+v; want the index phase at %d records, %d bytes", calls, last, lines, len(in))
		}
	})
	t.Run("leaves nothing of the build behind", func(t *testing.T) {
		if _, err := os.Stat(filepath.Join(dir, ".import-new")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("build directory still there: %v", err)
		}
	})

	s := MustOpenDir(t, dir)
	t.Run("opens writable and verifies", func(t *testing.T) {
		if err := s.Writable(); err != nil {
			t.Fatal(err)
		}
		rep := verify(t, s)
		if rep.Records != lines || rep.AuditEntries != st.AuditEntries || rep.Versions != lines {
			t.Errorf("verify = %+v", rep)
		}
	})
	t.Run("exports the input byte for byte", func(t *testing.T) {
		if got := exportString(t, s); got != in {
			t.Errorf("export differs from the imported file")
		}
	})
	t.Run("writes the audit log a transactional import writes", func(t *testing.T) {
		tx := MustOpenDir(t, t.TempDir())
		must(tx.Import(bg, strings.NewReader(in)))(t)
		got, want := auditChanges(t, s), auditChanges(t, tx)
		if len(got) != len(want) {
			t.Fatalf("%d audit entries, want %d", len(got), len(want))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("audit entry %d differs:\n%.300s\nwant\n%.300s", i+1, got[i], want[i])
			}
		}
		if exportString(t, tx) != in {
			t.Errorf("the transactional import exports something else")
		}
	})
	t.Run("accepts writes after the import, with IDs past the imported ones", func(t *testing.T) {
		ev := newEvent(t, s, "after the import")
		if strings.Contains(in, `"`+ev.ID.String()+`"`) {
			t.Errorf("new event %s has an imported ID", ev.ID)
		}
		c := must(s.Claim(bg, prov.NewID(prov.TypeClaim, 1)))(t)
		must(s.UpdateClaim(bg, c.ID, func(c *prov.Claim) error { c.Text += " (updated)"; return nil }))(t)
		if h := must(s.History(bg, c.ID))(t); len(h) != 2 || h[0].Entry.Operation != "import" {
			t.Errorf("history of %s: %d versions", c.ID, len(h))
		}
		verify(t, s)
	})
}

func TestImportDirOutOfOrder(t *testing.T) {
	// An export lists an actor after the actor it is affiliated with and a source
	// after the source it cites, whatever their IDs: their keys come out of order.
	src := MustOpenStore(t)
	buildGraph(t, src)
	in := exportString(t, src)
	large := strings.Repeat("a text long enough for the value log. ", 2<<20/38)
	lastSource := strings.Index(in, `{"type":"claim"`)
	in = in[:lastSource] + fmt.Sprintf(`{"type":"source","id":"src_0000000000009","title":"large","kind":"ARTICLE","textSha256":"%s","text":"%s"}`+"\n", prov.TextHash(large), large) + in[lastSource:]

	dir := t.TempDir()
	must(storage.ImportDir(bg, dirOpts(dir), strings.NewReader(in), nil))(t)
	s := MustOpenDir(t, dir)
	verify(t, s)
	if got := exportString(t, s); got != in {
		t.Errorf("export differs:\n%.2000s\nwant:\n%.2000s", got, in)
	}
	if a := must(s.ActorByName(bg, "mr kirby"))(t); a.ID != prov.NewID(prov.TypeActor, 1) {
		t.Errorf("ActorByName = %s", a.ID)
	}
	if text := must(s.SourceText(bg, prov.NewID(prov.TypeSource, 9)))(t); text == nil || *text != large {
		t.Errorf("the large text reads back as %d bytes", len(deref(text)))
	}
}

func TestImportDirFailures(t *testing.T) {
	in := corpus(t, 1500)
	bad := in + `{"type":"event","id":"evt_0000000000001","name":"again"}` + "\n"
	badLine := strings.Count(bad, "\n")

	for _, existing := range []bool{false, true} {
		name := "an absent store stays absent of data"
		if existing {
			name = "an empty store stays empty"
		}
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "store")
			if existing {
				s := MustOpenDir(t, dir)
				s.Close()
			}
			_, err := storage.ImportDir(bg, dirOpts(dir), strings.NewReader(bad), nil)
			wantErr(t, err, prov.EINVALID, fmt.Sprintf("line %d", badLine), "twice")
			if _, err := os.Stat(filepath.Join(dir, ".import-new")); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("build directory left behind: %v", err)
			}
			s := MustOpenDir(t, dir)
			if empty := must(s.Empty(bg))(t); !empty || s.Head().Seq != 0 {
				t.Errorf("the failed import left data: empty %v, head %d", empty, s.Head().Seq)
			}
			if err := s.Writable(); err != nil {
				t.Error(err)
			}
			s.Close()
			// And the same file without the bad line imports.
			if st := must(storage.ImportDir(bg, dirOpts(dir), strings.NewReader(in), nil))(t); !st.New {
				t.Errorf("stats = %+v, want a new store", st)
			}
		})
	}

	t.Run("a cancelled import leaves the store as it was", func(t *testing.T) {
		dir := t.TempDir()
		ctx, cancel := context.WithCancel(bg)
		_, err := storage.ImportDir(ctx, dirOpts(dir), strings.NewReader(in), func(storage.ImportProgress) { cancel() })
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("import = %v, want the cancellation", err)
		}
		s := MustOpenDir(t, dir)
		if empty := must(s.Empty(bg))(t); !empty {
			t.Errorf("the cancelled import left data")
		}
	})

	t.Run("stops at the free-space floor, leaving the store as it was", func(t *testing.T) {
		dir := t.TempDir()
		opts := dirOpts(dir)
		opts.MinFreeBytes = 1 << 60
		_, err := storage.ImportDir(bg, opts, strings.NewReader(in), nil)
		wantErr(t, err, prov.EUNAVAILABLE, "below the floor")
		s := MustOpenDir(t, dir)
		if empty := must(s.Empty(bg))(t); !empty {
			t.Errorf("the refused import left data")
		}
	})

	t.Run("a build left by a crash is discarded by the next import, either way it runs", func(t *testing.T) {
		dir := t.TempDir()
		leftover := filepath.Join(dir, ".import-new")
		crash := func() {
			if err := os.MkdirAll(leftover, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(leftover, "000001.sst"), []byte("half a table"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		crash()
		if st := must(storage.ImportDir(bg, dirOpts(dir), strings.NewReader(in), nil))(t); !st.New {
			t.Errorf("stats = %+v, want a new store", st)
		}
		crash()
		if st := must(storage.ImportDir(bg, dirOpts(dir), strings.NewReader(in), nil))(t); st.New {
			t.Errorf("stats = %+v, want the transactional import", st)
		}
		if _, err := os.Stat(leftover); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the leftover build is still there: %v", err)
		}
		verify(t, MustOpenDir(t, dir))
	})

	t.Run("a store in use is refused", func(t *testing.T) {
		dir := t.TempDir()
		MustOpenDir(t, dir)
		_, err := storage.ImportDir(bg, dirOpts(dir), strings.NewReader(in), nil)
		if err == nil || !strings.Contains(err.Error(), "lock") {
			t.Errorf("import into an open store = %v, want the directory lock error", err)
		}
	})
}

func TestImportDirIntoStoreWithData(t *testing.T) {
	in := corpus(t, 1500)
	dir := t.TempDir()
	s := MustOpenDir(t, dir)
	newEvent(t, s, "already here")
	s.Close()
	// The generated IDs start at 1: renumber the file's events past the stored one.
	in = strings.ReplaceAll(in, "evt_0000000000", "evt_0000000001")
	st := must(storage.ImportDir(bg, dirOpts(dir), strings.NewReader(in), nil))(t)
	lines := strings.Count(in, "\n") - 1
	if st.New || st.Created != lines {
		t.Errorf("stats = %+v, want %d created through transactions", st, lines)
	}
	s = MustOpenDir(t, dir)
	verify(t, s)
	s.Close()
	st = must(storage.ImportDir(bg, dirOpts(dir), strings.NewReader(in), nil))(t)
	if st.Unchanged != lines || st.AuditEntries != 0 {
		t.Errorf("stats of the second import = %+v, want all unchanged and no audit entry", st)
	}
}
