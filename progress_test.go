package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"claimgraph/storage"
)

func TestProgressLine(t *testing.T) {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	p := &progress{start: start, since: start, total: 1000}
	t.Run("draws the share of the input read, the rate and the time left", func(t *testing.T) {
		got := p.line(storage.ImportProgress{Phase: "import", Records: 5000, Bytes: 250}, start.Add(10*time.Second))
		want := "importing [=======>                      ]  25% 5000 records, 500/s, 10s, about 30s left"
		if got != want {
			t.Errorf("line =\n%q, want\n%q", got, want)
		}
	})
	t.Run("names the indexing phase instead of a rate", func(t *testing.T) {
		got := p.line(storage.ImportProgress{Phase: "index", Records: 9000, Bytes: 1000}, start.Add(20*time.Second))
		if !strings.HasPrefix(got, "indexing  [==============================] 100% 9000 records, writing") || strings.Contains(got, "/s") {
			t.Errorf("line = %q", got)
		}
	})
	t.Run("draws nothing when the output is not a terminal", func(t *testing.T) {
		var b bytes.Buffer
		q := newProgress(&b, 1000)
		q.update(storage.ImportProgress{Phase: "check", Records: 1, Bytes: 1})
		q.done()
		if b.Len() != 0 {
			t.Errorf("wrote %q to a buffer", b.String())
		}
	})
}
