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
		if restored.Head() != orig.Head() {
			t.Errorf("head %+v, want %+v", restored.Head(), orig.Head())
		}
		mustVerify(t, restored)
	})
	t.Run("an incremental backup that does not follow the head is refused", func(t *testing.T) {
		_, err := restored.Restore(ctx, bytes.NewReader(incr.Bytes()))
		if prov.ErrorCode(err) != prov.EINVALID || !strings.Contains(prov.ErrorMessage(err), "follows audit entry") {
			t.Fatalf("restore = %v", err)
		}
	})
	t.Run("a full backup into a store with data is refused", func(t *testing.T) {
		_, err := restored.Restore(ctx, bytes.NewReader(full.Bytes()))
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
