package storage

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4/pb"
	"google.golang.org/protobuf/proto"

	"claimgraph/prov"
)

func TestKVSorter(t *testing.T) {
	for _, budget := range []int{1 << 30, 4 << 10} { // in memory; spilled to many runs
		t.Run(fmt.Sprintf("budget %d: every key once, in order, with its first value", budget), func(t *testing.T) {
			s := newKVSorter(t.TempDir(), budget)
			defer s.close()
			rng := rand.New(rand.NewPCG(1, 2))
			want := map[string]string{}
			for i := range 5000 {
				k := fmt.Sprintf("key-%05d", rng.IntN(3000))
				v := fmt.Sprint(i)
				if _, ok := want[k]; !ok {
					want[k] = v
				}
				if err := s.add([]byte(k), []byte(v)); err != nil {
					t.Fatal(err)
				}
			}
			if budget < 1<<20 && len(s.runs) < 2 {
				t.Fatalf("%d runs, want the pairs spilled", len(s.runs))
			}
			var keys []string
			err := s.each(func(k, v []byte) error {
				if want[string(k)] != string(v) {
					t.Errorf("%s = %s, want the first value %s", k, v, want[string(k)])
				}
				keys = append(keys, string(k))
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(keys) != len(want) || !slices.IsSorted(keys) {
				t.Errorf("%d keys (sorted: %v), want %d in order", len(keys), slices.IsSorted(keys), len(want))
			}
		})
	}
}

func TestIDSet(t *testing.T) {
	t.Run("holds dense, scattered and repeated IDs of several types", func(t *testing.T) {
		s := newIDSet()
		var in []prov.ID
		for i := uint64(1); i <= 3*idChunkSpan; i++ { // dense: chunks turn into bitmaps
			in = append(in, prov.NewID(prov.TypeClaim, i))
		}
		for i := uint64(0); i < 100; i++ { // scattered: short lists
			in = append(in, prov.NewID(prov.TypeSource, i*1_000_003+7), prov.NewID(prov.TypeActor, 1<<60+i*idChunkSpan))
		}
		for _, id := range in {
			s.add(id)
			s.add(id)
		}
		for _, id := range in {
			if !s.has(id) {
				t.Fatalf("%s missing", id)
			}
		}
		for _, id := range []prov.ID{prov.NewID(prov.TypeClaim, 0), prov.NewID(prov.TypeClaim, 3*idChunkSpan+1), prov.NewID(prov.TypeEvent, 5), prov.NewID(prov.TypeSource, 8)} {
			if s.has(id) {
				t.Errorf("%s present, never added", id)
			}
		}
	})
}

func TestTextSpool(t *testing.T) {
	sp := newTextSpool(t.TempDir())
	defer sp.close()
	ascii := strings.Repeat("the quick brown fox ", 1000)
	accented := "Café said the drone came from the east. " + ascii
	// Enough texts to pass spoolMemBytes, so later ones are read from the file.
	n := spoolMemBytes/len(ascii) + 10
	for i := range n {
		text := ascii
		if i%2 == 1 {
			text = accented
		}
		if err := sp.add(prov.NewID(prov.TypeSource, uint64(i+1)), text); err != nil {
			t.Fatal(err)
		}
	}
	if sp.f == nil {
		t.Fatal("nothing went to the file")
	}
	span := func(src, start, end int, quote string) *prov.Attribution {
		return &prov.Attribution{SourceID: prov.NewID(prov.TypeSource, uint64(src)), Quote: quote, Start: &start, End: &end}
	}
	for _, src := range []int{1, 2, n - 1, n} { // in memory, and in the file
		text := ascii
		if (src-1)%2 == 1 {
			text = accented
		}
		t.Run(fmt.Sprintf("source %d: spans read as CheckSpan reads them", src), func(t *testing.T) {
			far, _ := prov.SliceRunes(text, 1000, 1013) // past several marks
			for _, a := range []*prov.Attribution{span(src, 4, 9, "quick"), span(src, 0, 4, "Café"), span(src, 0, 4, "the "),
				span(src, 1000, 1013, far), span(src, 1001, 1014, far), span(src, 19999, 25000, "x"), span(src, 5, 5, "")} {
				ok, err := sp.checkSpan(a)
				want := a.CheckSpan(text)
				if !ok || fmt.Sprint(err) != fmt.Sprint(want) {
					t.Errorf("span %d..%d %q: %v, %v; want %v", *a.Start, *a.End, a.Quote, ok, err, want)
				}
			}
		})
	}
	t.Run("reports a source it does not hold", func(t *testing.T) {
		if ok, _ := sp.checkSpan(span(n+1, 0, 1, "t")); ok {
			t.Error("checkSpan found a text never added")
		}
	})
}

func TestAppendKV(t *testing.T) {
	for _, kv := range []*pb.KV{
		{Key: []byte{1, 2, 3}, Value: []byte("a value"), Version: 1, StreamId: 2},
		{Key: edgeKey(prov.NewID(prov.TypeClaim, 1), attributionClaim, prov.NewID(prov.TypeAttribution, 300)), Version: 1, StreamId: 4},
		{Key: []byte{7}, Value: bytes.Repeat([]byte{9}, 70000), Version: 1, StreamId: 8},
	} {
		want, err := proto.Marshal(kv)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendKV(nil, kv.Key, kv.Value, kv.StreamId); !bytes.Equal(got, want) {
			t.Errorf("appendKV(%x…) = %x…, want proto.Marshal's %x…", kv.Key[:1], got[:min(len(got), 16)], want[:min(len(want), 16)])
		}
	}
}
