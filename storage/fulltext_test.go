package storage_test

import (
	"slices"
	"testing"

	"claimgraph/storage"
)

func TestFullTextPrototype(t *testing.T) {
	ft, err := storage.OpenFullText("")
	if err != nil {
		t.Fatal(err)
	}
	defer ft.Close()
	docs := []storage.FullTextDoc{
		{ID: 1, Text: "The Syrian government fully supports the US strikes against Islamic State in Syria."},
		{ID: 2, Text: "The Palmyra attack happened in an area outside Syrian government control."},
		{ID: 3, Text: "The operation is not the beginning of a war but a declaration of vengeance."},
	}
	if err := ft.Index(docs); err != nil {
		t.Fatal(err)
	}
	ids := func(text string) []uint64 {
		hits, err := ft.Search(text, 10)
		if err != nil {
			t.Fatal(err)
		}
		var out []uint64
		for _, h := range hits {
			out = append(out, h.ID)
		}
		return out
	}
	t.Run("ranks the document with every stemmed word first", func(t *testing.T) {
		if got := ids("Syrian government fully supported"); !slices.Equal(got, []uint64{1, 2}) {
			t.Errorf("got %v", got)
		}
	})
	t.Run("an update replaces the document's postings", func(t *testing.T) {
		if err := ft.Index([]storage.FullTextDoc{{ID: 1, Text: "Damascus endorsed the operation."}}); err != nil {
			t.Fatal(err)
		}
		if got := ids("fully supports"); len(got) != 0 {
			t.Errorf("old words still find %v", got)
		}
		if got := ids("endorsing"); !slices.Equal(got, []uint64{1}) {
			t.Errorf("new words find %v", got)
		}
	})
	t.Run("a delete removes the document", func(t *testing.T) {
		if err := ft.Delete([]uint64{3}); err != nil {
			t.Fatal(err)
		}
		if got := ids("vengeance operation"); !slices.Equal(got, []uint64{1}) {
			t.Errorf("got %v", got)
		}
	})
}

// The prototype's benchmark, BenchmarkBadgerPrototypeTwoWords, is in package search, beside
// the bleve index's, so both run on the same corpus with the same harness.
