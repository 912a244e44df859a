package corpus_test

import (
	"bytes"
	"context"
	"testing"

	"claimgraph/prov"
	"claimgraph/search/corpus"
	"claimgraph/storage"
	"claimgraph/storage/storagetest"
)

func TestWriteNDJSONImports(t *testing.T) {
	var buf bytes.Buffer
	if err := corpus.WriteNDJSON(&buf, 300, 1); err != nil {
		t.Fatal(err)
	}
	s := storagetest.MustOpen(t)
	if _, err := s.Import(context.Background(), bytes.NewReader(buf.Bytes())); err != nil {
		t.Fatalf("import: %v", err)
	}
	n, err := s.CountClaims(context.Background(), storage.ClaimFilter{})
	if err != nil || n != 300 {
		t.Fatalf("%d claims (%v), want 300", n, err)
	}
	// the same claims as the generator gives
	c, err := s.Claim(context.Background(), mustID(t, "clm_0000000000001"))
	if err != nil || c.Text != corpus.New(1).Claim().Text {
		t.Errorf("first claim %+v (%v)", c, err)
	}
}

func mustID(t *testing.T, s string) prov.ID {
	t.Helper()
	id, err := prov.ParseID(s)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
