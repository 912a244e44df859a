package storage

import (
	"fmt"
	"strings"
	"testing"

	"claimgraph/prov"
)

func TestReadAhead(t *testing.T) {
	const events = 2*readChunkLen + 10
	var b strings.Builder
	b.WriteString(`{"format":"claimgraph","version":1}` + "\n")
	for i := 1; i <= events; i++ {
		fmt.Fprintf(&b, `{"type":"event","id":"%s","name":"event %d"}`+"\n", prov.NewID(prov.TypeEvent, uint64(i)), i)
	}
	b.WriteString("not json\n")
	input := b.String()

	t.Run("hands over every record in order with its line, then the error", func(t *testing.T) {
		chunks, stop := readAhead(strings.NewReader(input))
		defer stop()
		n := 0
		var err error
		for c := range chunks {
			if c.err != nil {
				err = c.err
				continue
			}
			for _, lr := range c.recs {
				n++
				if want := prov.NewID(prov.TypeEvent, uint64(n)); lr.rec.Node().NodeID() != want || lr.line != n+1 {
					t.Fatalf("record %d: %s on line %d, want %s on line %d", n, lr.rec.Node().NodeID(), lr.line, want, n+1)
				}
			}
		}
		if n != events {
			t.Errorf("%d records, want %d", n, events)
		}
		if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("line %d", events+2)) {
			t.Errorf("error %v, want one naming line %d", err, events+2)
		}
	})

	t.Run("stops when the reader is abandoned", func(t *testing.T) {
		chunks, stop := readAhead(strings.NewReader(input))
		if c := <-chunks; len(c.recs) != readChunkLen {
			t.Fatalf("first chunk has %d records, want %d", len(c.recs), readChunkLen)
		}
		stop() // returns only once the goroutine has stopped; a leak would hang here
		stop()
	})
}
