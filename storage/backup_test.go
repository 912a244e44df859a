package storage_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"claimgraph/demo"
	"claimgraph/prov"
	"claimgraph/storage"
)

func mustExport(tb testing.TB, s *storage.Store) string {
	tb.Helper()
	var b bytes.Buffer
	if err := s.Export(context.Background(), &b); err != nil {
		tb.Fatalf("export: %v", err)
	}
	return b.String()
}

func mustVerify(tb testing.TB, s *storage.Store) storage.VerifyReport {
	tb.Helper()
	rep, err := s.Verify(context.Background())
	if err != nil {
		tb.Fatalf("verify: %v", err)
	}
	return rep
}

func TestBackupRestore(t *testing.T) {
	ctx := context.Background()
	orig := MustOpenDir(t, t.TempDir())
	if _, err := orig.Import(ctx, bytes.NewReader(demo.Data)); err != nil {
		t.Fatal(err)
	}
	text := "Centcom said the strikes hit 85 targets."
	src := must(orig.CreateSource(ctx, &prov.Source{Title: "with text", Kind: prov.SourceArticle, Text: &text}))(t)
	var full bytes.Buffer
	fh, err := orig.Backup(ctx, &full, 0)
	if err != nil {
		t.Fatal(err)
	}

	restored := MustOpenDir(t, t.TempDir())
	t.Run("a full backup restores record for record", func(t *testing.T) {
		if _, err := restored.Restore(ctx, bytes.NewReader(full.Bytes())); err != nil {
			t.Fatalf("restore: %v", err)
		}
		if mustExport(t, restored) != mustExport(t, orig) {
			t.Fatal("the restored store exports differently")
		}
		if d := storage.DiffStores(orig, restored); d != "" {
			t.Fatalf("the restored store differs from the original: %s", d)
		}
		if restored.Head() != orig.Head() || restored.Head().Seq != fh.Head.Seq {
			t.Errorf("head %+v, want %+v", restored.Head(), orig.Head())
		}
		mustVerify(t, restored)
	})

	// Changes after the full backup: a create, an update, a cascading delete, a text.
	c := must(orig.CreateClaim(ctx, &prov.Claim{Text: "a new claim"}))(t)
	must(orig.CreateAttribution(ctx, &prov.Attribution{ClaimID: c.ID, SourceID: src.ID, Quote: "the strikes hit 85 targets", Start: ptr(13), End: ptr(39), Kind: prov.AttributionIndirect}))(t)
	must(orig.UpdateClaim(ctx, c.ID, func(c *prov.Claim) error { c.Text = "a changed claim"; return nil }))(t)
	claims := must(orig.Claims(ctx, storage.ClaimFilter{Text: "Syrian government"}, storage.Page{First: storage.DefaultPageSize}))(t)
	must(orig.DeleteClaim(ctx, claims.Items[0].ID))(t)
	body := "an archived text"
	s2 := must(orig.CreateSource(ctx, &prov.Source{Title: "second", Kind: prov.SourceArticle, TextSHA256: prov.TextHash(body)}))(t)
	must(orig.AttachSourceText(ctx, s2.ID, body))(t)
	// A node created and deleted between the backups: the restored store must never
	// hand its ID out again.
	gone := must(orig.CreateClaim(ctx, &prov.Claim{Text: "created and deleted between the backups"}))(t)
	must(orig.DeleteClaim(ctx, gone.ID))(t)
	if _, _, err := orig.CreateToken(ctx, "between the backups", prov.RoleReader); err != nil {
		t.Fatal(err)
	}

	var incr bytes.Buffer
	ih, err := orig.Backup(ctx, &incr, fh.Head.Seq)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("an incremental backup applied on the full one equals the original", func(t *testing.T) {
		if ih.Kind != "incremental" || ih.Since != fh.Head.Seq {
			t.Fatalf("header = %+v", ih)
		}
		if _, err := restored.Restore(ctx, bytes.NewReader(incr.Bytes())); err != nil {
			t.Fatalf("restore incremental: %v", err)
		}
		if mustExport(t, restored) != mustExport(t, orig) {
			t.Fatal("full + incremental exports differently from the original")
		}
		if d := storage.DiffStores(orig, restored); d != "" {
			t.Fatalf("full + incremental differs from the original: %s", d)
		}
		if restored.Head() != orig.Head() {
			t.Errorf("head %+v, want %+v", restored.Head(), orig.Head())
		}
		mustVerify(t, restored)
	})
	t.Run("the restored store never hands out an ID the original had", func(t *testing.T) {
		want := must(orig.CreateClaim(ctx, &prov.Claim{Text: "the original's next claim"}))(t)
		got := must(restored.CreateClaim(ctx, &prov.Claim{Text: "the restored store's next claim"}))(t)
		if got.ID == gone.ID || got.ID.Seq < want.ID.Seq {
			t.Fatalf("the restored store created %s; %s was deleted after the full backup and the original goes on at %s", got.ID, gone.ID, want.ID)
		}
		if h := must(restored.History(ctx, got.ID))(t); len(h) != 1 {
			t.Errorf("the new claim has %d versions, want its own one", len(h))
		}
		mustVerify(t, restored)
		must(restored.DeleteClaim(ctx, got.ID))(t)
		must(orig.DeleteClaim(ctx, want.ID))(t)
	})

	// A fresh restore of the same two backups, for the refusals.
	again := MustOpenDir(t, t.TempDir())
	must(again.Restore(ctx, bytes.NewReader(full.Bytes())))(t)
	must(again.Restore(ctx, bytes.NewReader(incr.Bytes())))(t)
	t.Run("an incremental backup applied again changes nothing", func(t *testing.T) {
		before := storage.Fingerprint(again)
		if _, err := again.Restore(ctx, bytes.NewReader(incr.Bytes())); err != nil {
			t.Fatalf("restore again = %v", err)
		}
		if after := storage.Fingerprint(again); after != before {
			t.Fatalf("applying it again changed the store: %s, then %s", before, after)
		}
	})
	t.Run("an incremental backup past the store's head is refused", func(t *testing.T) {
		var later bytes.Buffer
		must(orig.Backup(ctx, &later, again.Head().Seq+1))(t)
		_, err := again.Restore(ctx, bytes.NewReader(later.Bytes()))
		wantErr(t, err, prov.EINVALID, "follows audit entry")
	})
	t.Run("an incremental backup onto a store that diverged is refused", func(t *testing.T) {
		div := MustOpenDir(t, t.TempDir())
		must(div.Restore(ctx, bytes.NewReader(full.Bytes())))(t)
		newEvent(t, div, "written only in this copy")
		_, err := div.Restore(ctx, bytes.NewReader(incr.Bytes()))
		wantErr(t, err, prov.EINVALID, "diverged")
	})
	t.Run("a full backup into a store with data is refused", func(t *testing.T) {
		_, err := again.Restore(ctx, bytes.NewReader(full.Bytes()))
		if prov.ErrorCode(err) != prov.EINVALID || !strings.Contains(prov.ErrorMessage(err), "empty store") {
			t.Fatalf("restore = %v", err)
		}
	})
	t.Run("a damaged backup is refused and writes nothing", func(t *testing.T) {
		for name, b := range map[string][]byte{
			"flipped byte": flip(full.Bytes(), full.Len()/2),
			"truncated":    full.Bytes()[:full.Len()-10],
			"not a backup": []byte("hello\n"),
		} {
			fresh := MustOpenStore(t)
			_, err := fresh.Restore(ctx, bytes.NewReader(b))
			if prov.ErrorCode(err) != prov.EINVALID {
				t.Errorf("%s: restore = %v, want EINVALID", name, err)
			}
			if ok, _ := fresh.Empty(ctx); !ok {
				t.Errorf("%s: the store is not empty after a refused restore", name)
			}
		}
	})
}

func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 0x40
	return c
}
