package search_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"claimgraph/search"
	"claimgraph/storage/storagetest"
)

func TestOpenLater(t *testing.T) {
	t.Run("a search waits for the index to open and to be built", func(t *testing.T) {
		s := storagetest.MustOpenDemo(t)
		x := search.OpenLater(filepath.Join(t.TempDir(), "fulltext"))
		defer x.Close()
		res, err := x.Search(context.Background(), s, search.Query{Text: "Syrian government fully supports"})
		if err != nil || len(res.Hits) == 0 || res.Hits[0].ID.String() != trumpClaim {
			t.Fatalf("search: %v, %v", res, err)
		}
	})

	t.Run("an index that cannot be opened fails every search with why", func(t *testing.T) {
		s := storagetest.MustOpenDemo(t)
		file := filepath.Join(t.TempDir(), "not-a-directory")
		if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		x := search.OpenLater(filepath.Join(file, "fulltext"))
		defer x.Close()
		_, err := x.Search(context.Background(), s, search.Query{Text: "strikes"})
		if err == nil || !strings.Contains(err.Error(), "not-a-directory") {
			t.Fatalf("search: %v, want the open error", err)
		}
	})
}
