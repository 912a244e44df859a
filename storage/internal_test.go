package storage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"claimgraph/ndjson"
	"claimgraph/prov"
)

func openInternal(tb testing.TB) *Store {
	tb.Helper()
	s, err := Open(Options{InMemory: true})
	if err != nil {
		tb.Fatalf("open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func sp(s string) *string { return &s }
func ip(n int) *int       { return &n }

func TestKeyCodec(t *testing.T) {
	seqs := []uint64{1, 2, 255, 256, 1 << 32, math.MaxUint64 - 1, math.MaxUint64}
	t.Run("sorts node keys in ID order", func(t *testing.T) {
		var keys [][]byte
		for _, typ := range prov.NodeTypes {
			for _, seq := range seqs {
				keys = append(keys, nodeKey(prov.NewID(typ, seq)))
			}
		}
		if !slices.IsSortedFunc(keys, bytes.Compare) {
			t.Errorf("node keys are not in ID order")
		}
		for _, k := range keys {
			if !bytes.HasPrefix(k, nodePrefix(prov.NodeType(k[1]))) || len(k) != 1+idLen {
				t.Errorf("key %x does not start with its type's prefix", k)
			}
			if id := readID(k[1:]); !bytes.Equal(nodeKey(id), k) {
				t.Errorf("readID(%x) = %v", k, id)
			}
		}
	})
	t.Run("sorts edge keys by target, label, then referrer in ID order", func(t *testing.T) {
		target := prov.NewID(prov.TypeClaim, 300)
		var keys [][]byte
		for _, l := range []edgeLabel{attributionClaim, relationFrom, relationTo} {
			for _, seq := range seqs {
				keys = append(keys, edgeKey(target, l, prov.NewID(prov.TypeAttribution, seq)))
			}
		}
		if !slices.IsSortedFunc(keys, bytes.Compare) {
			t.Errorf("edge keys are not in order")
		}
		lower := edgeKey(prov.NewID(prov.TypeClaim, 299), relationTo, prov.NewID(prov.TypeRelation, math.MaxUint64))
		if bytes.Compare(lower, keys[0]) >= 0 {
			t.Errorf("an edge into a lower target sorts after one into a higher target")
		}
	})
	t.Run("round-trips the label and referrer of an edge key", func(t *testing.T) {
		for l := range labelFields {
			for _, seq := range seqs {
				target := prov.NewID(prov.TypeSource, seq^0xff)
				ref := prov.NewID(prov.TypeAttribution, seq)
				k := edgeKey(target, l, ref)
				if got := edgeRef(k); got != ref {
					t.Errorf("edgeRef = %v, want %v", got, ref)
				}
				if got := edgeLabelOf(k); got != l {
					t.Errorf("edgeLabelOf = %v, want %v", got, l)
				}
				if !bytes.HasPrefix(k, edgePrefix(target, l)) || !bytes.HasPrefix(k, edgeTargetPrefix(target)) {
					t.Errorf("edge key %x lacks its prefixes", k)
				}
			}
		}
	})
	t.Run("keeps keyspaces apart", func(t *testing.T) {
		id := prov.NewID(prov.TypeSource, 7)
		for _, k := range [][]byte{nodeKey(id), textKey(id), edgeKey(id, sourceCites, id), uniqueKey(uniqueSourceURL, "x"), leaseKey(prov.TypeSource), keySchemaVersion} {
			n := 0
			for _, p := range [][]byte{{spaceMeta}, {spaceNode}, {spaceText}, {spaceEdge}, {spaceUnique}} {
				if bytes.HasPrefix(k, p) {
					n++
				}
			}
			if n != 1 {
				t.Errorf("key %x is in %d keyspaces", k, n)
			}
		}
	})
}

// sampleNodes returns one node of every type with every field set, and one with only
// the required ones.
func sampleNodes() []node {
	when := time.Date(2024, 1, 28, 5, 30, 15, 123456789, time.UTC)
	before := time.Date(1960, 5, 1, 0, 0, 0, 1, time.UTC)
	act := func(n uint64) prov.ID { return prov.NewID(prov.TypeActor, n) }
	src := func(n uint64) prov.ID { return prov.NewID(prov.TypeSource, n) }
	clm := func(n uint64) prov.ID { return prov.NewID(prov.TypeClaim, n) }
	return []node{
		&prov.Event{ID: prov.NewID(prov.TypeEvent, 1), Name: "e", Description: sp("d"), StartTime: &before, EndTime: &when, Location: sp("l")},
		&prov.Event{ID: prov.NewID(prov.TypeEvent, 2), Name: "bare"},
		&prov.Actor{ID: act(1), Name: "n", Kind: prov.ActorGovernment, Role: sp("r"), Aliases: []string{"a", "b", "c"}, AffiliationID: act(math.MaxUint64)},
		&prov.Actor{ID: act(2), Name: "n", Kind: prov.ActorAnonymous},
		&prov.Source{ID: src(1), Title: "t", Kind: prov.SourceSpeech, PublisherID: act(3), URL: sp("https://x.y/z"), PublishedAt: &when,
			RetrievedAt: &before, TextSHA256: prov.TextHash("x"), HasText: true, CitesIDs: []prov.ID{src(2), src(3)}},
		&prov.Source{ID: src(2), Title: "t", Kind: prov.SourceArticle},
		&prov.Claim{ID: clm(1), Text: "t", ClaimantID: act(1), EventID: prov.NewID(prov.TypeEvent, 1), StatedAt: &when, Medium: sp("m")},
		&prov.Claim{ID: clm(2), Text: "t"},
		&prov.Attribution{ID: prov.NewID(prov.TypeAttribution, 1), ClaimID: clm(1), SourceID: src(1), Quote: "q", Start: ip(0), End: ip(1),
			Mention: sp("m"), Cue: sp("c"), Kind: prov.AttributionMixed, Medium: sp("x"), ViaActorID: act(2), ViaSourceID: src(2)},
		&prov.Attribution{ID: prov.NewID(prov.TypeAttribution, 2), ClaimID: clm(1), SourceID: src(1), Quote: "q", Kind: prov.AttributionDirect},
		&prov.ClaimRelation{ID: prov.NewID(prov.TypeRelation, 1), Kind: prov.RelationContradicts, FromID: clm(1), ToID: clm(2), Note: sp("n"), AssertedByID: act(1)},
		&prov.ClaimRelation{ID: prov.NewID(prov.TypeRelation, 2), Kind: prov.RelationRefines, FromID: clm(2), ToID: clm(1)},
	}
}

func TestRecordCodec(t *testing.T) {
	for _, n := range sampleNodes() {
		t.Run(fmt.Sprintf("round-trips %s %v", n.NodeID().Type, n.NodeID()), func(t *testing.T) {
			key := nodeKey(n.NodeID())
			got, err := decodeNode(key, n.NodeID(), encodeNode(n))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, n) {
				t.Errorf("decoded %+v, want %+v", got, n)
			}
		})
	}
	t.Run("skips a field number it does not know", func(t *testing.T) {
		n := sampleNodes()[6]
		payload, err := unseal(nil, encodeNode(n))
		if err != nil {
			t.Fatal(err)
		}
		e := encoder{b: bytes.Clone(payload)}
		e.bytes(99, []byte("from the future"))
		e.uint(98, 7)
		got, err := decodeNode(nil, n.NodeID(), seal(e.b))
		if err != nil || !reflect.DeepEqual(got, n) {
			t.Errorf("decoded %+v, %v; want %+v", got, err, n)
		}
	})
	t.Run("rejects a field of the wrong wire type", func(t *testing.T) {
		var e encoder
		e.uint(1, 5) // claim text as a varint
		_, err := decodeNode([]byte("k"), prov.NewID(prov.TypeClaim, 1), seal(e.b))
		if !errors.Is(err, ErrCorrupt) {
			t.Errorf("decode = %v, want ErrCorrupt", err)
		}
	})
	for _, tc := range []struct {
		name string
		mod  func(v []byte) []byte
	}{
		{"rejects a value shorter than the envelope", func(v []byte) []byte { return v[:3] }},
		{"rejects an unknown record version", func(v []byte) []byte { v[0] = 9; return v }},
		{"rejects a flipped payload byte", func(v []byte) []byte { v[len(v)-1] ^= 0x40; return v }},
		{"rejects a flipped checksum byte", func(v []byte) []byte { v[2] ^= 1; return v }},
		{"rejects a truncated payload", func(v []byte) []byte { return v[:len(v)-2] }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := sampleNodes()[0]
			key := nodeKey(n.NodeID())
			_, err := decodeNode(key, n.NodeID(), tc.mod(encodeNode(n)))
			if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), fmt.Sprintf("%x", key)) {
				t.Errorf("decode = %v, want ErrCorrupt naming key %x", err, key)
			}
		})
	}
	t.Run("rejects a malformed payload behind a good checksum", func(t *testing.T) {
		for _, payload := range [][]byte{{0x0a, 0x05, 'a'}, {0x80}, {0x0f, 0x00}, {0x12, 0x02, 1, 2}} {
			_, err := decodeNode([]byte("k"), prov.NewID(prov.TypeClaim, 1), seal(payload))
			if !errors.Is(err, ErrCorrupt) {
				t.Errorf("decode(%x) = %v, want ErrCorrupt", payload, err)
			}
		}
	})
}

// rawSet writes a key with a raw Badger transaction, bypassing every check.
func rawSet(tb testing.TB, s *Store, key, value []byte) {
	tb.Helper()
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(key, value) }); err != nil {
		tb.Fatal(err)
	}
}

func rawGet(tb testing.TB, s *Store, key []byte) []byte {
	tb.Helper()
	var v []byte
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(key)
		if err != nil {
			return err
		}
		v, err = item.ValueCopy(nil)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

func wantCorrupt(tb testing.TB, err error, key []byte) {
	tb.Helper()
	if !errors.Is(err, ErrCorrupt) {
		tb.Fatalf("error = %v, want one wrapping ErrCorrupt", err)
	}
	if !strings.Contains(err.Error(), fmt.Sprintf("%x", key)) {
		tb.Errorf("error %q does not name the key %x", err, key)
	}
	if prov.ErrorCode(err) != prov.EINTERNAL {
		tb.Errorf("error code = %q, want internal", prov.ErrorCode(err))
	}
}

func TestCorruption(t *testing.T) {
	ctx := context.Background()
	setup := func(t *testing.T) (*Store, *prov.Actor, *prov.Source, *prov.Claim) {
		s := openInternal(t)
		a, err := s.CreateActor(ctx, &prov.Actor{Name: "Alice", Kind: prov.ActorPerson})
		if err != nil {
			t.Fatal(err)
		}
		src, err := s.CreateSource(ctx, &prov.Source{Title: "s", Kind: prov.SourceArticle, Text: sp("the archived text")})
		if err != nil {
			t.Fatal(err)
		}
		c, err := s.CreateClaim(ctx, &prov.Claim{Text: "claim", ClaimantID: a.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateAttribution(ctx, &prov.Attribution{ClaimID: c.ID, SourceID: src.ID, Quote: "archived", Start: ip(4), End: ip(12), Kind: prov.AttributionDirect}); err != nil {
			t.Fatal(err)
		}
		return s, a, src, c
	}
	flip := func(t *testing.T, s *Store, key []byte, i int) {
		v := rawGet(t, s, key)
		if i < 0 {
			i += len(v)
		}
		v[i] ^= 0x01
		rawSet(t, s, key, v)
	}

	t.Run("reports a flipped byte of a claim on every read path", func(t *testing.T) {
		s, a, src, c := setup(t)
		key := nodeKey(c.ID)
		flip(t, s, key, -1)
		_, err := s.Claim(ctx, c.ID)
		wantCorrupt(t, err, key)
		_, err = s.Node(ctx, c.ID)
		wantCorrupt(t, err, key)
		_, err = s.Claims(ctx, ClaimFilter{}, Page{First: DefaultPageSize})
		wantCorrupt(t, err, key)
		_, err = s.CountClaims(ctx, ClaimFilter{Text: "x"})
		wantCorrupt(t, err, key)
		_, err = s.Claims(ctx, ClaimFilter{ClaimantID: a.ID}, Page{First: DefaultPageSize})
		wantCorrupt(t, err, key)
		_, err = s.Claims(ctx, ClaimFilter{SourceID: src.ID}, Page{First: DefaultPageSize})
		wantCorrupt(t, err, key)
		_, err = s.Trace(ctx, c.ID)
		wantCorrupt(t, err, key)
		_, err = s.UpdateClaim(ctx, c.ID, func(*prov.Claim) error { return nil })
		wantCorrupt(t, err, key)
		_, err = s.DeleteClaim(ctx, c.ID)
		wantCorrupt(t, err, key)
		err = s.Export(ctx, &bytes.Buffer{})
		wantCorrupt(t, err, key)
	})
	t.Run("reports a flipped version byte of an actor", func(t *testing.T) {
		s, a, _, c := setup(t)
		key := nodeKey(a.ID)
		flip(t, s, key, 0)
		_, err := s.Actor(ctx, a.ID)
		wantCorrupt(t, err, key)
		_, err = s.Actors(ctx, ActorFilter{}, Page{First: DefaultPageSize})
		wantCorrupt(t, err, key)
		_, err = s.ActorByName(ctx, "Alice")
		wantCorrupt(t, err, key)
		_, err = s.Trace(ctx, c.ID)
		wantCorrupt(t, err, key)
	})
	t.Run("reports a truncated source record", func(t *testing.T) {
		s, _, src, _ := setup(t)
		key := nodeKey(src.ID)
		rawSet(t, s, key, rawGet(t, s, key)[:2])
		_, err := s.Source(ctx, src.ID)
		wantCorrupt(t, err, key)
		_, err = s.Sources(ctx, SourceFilter{}, Page{First: DefaultPageSize})
		wantCorrupt(t, err, key)
		_, err = s.SourceText(ctx, src.ID)
		wantCorrupt(t, err, key)
	})
	t.Run("reports a flipped byte of an archived text", func(t *testing.T) {
		s, _, src, _ := setup(t)
		key := textKey(src.ID)
		flip(t, s, key, 2)
		_, err := s.SourceText(ctx, src.ID)
		wantCorrupt(t, err, key)
		err = s.Export(ctx, &bytes.Buffer{})
		wantCorrupt(t, err, key)
	})
	t.Run("reports a damaged unique index entry", func(t *testing.T) {
		s, _, _, _ := setup(t)
		key := uniqueKey(uniqueActorName, "alice")
		rawSet(t, s, key, []byte{1, 2, 3})
		_, err := s.ActorByName(ctx, "alice")
		wantCorrupt(t, err, key)
		_, err = s.CreateActor(ctx, &prov.Actor{Name: "ALICE", Kind: prov.ActorPerson})
		wantCorrupt(t, err, key)
	})
	t.Run("refuses to open a store of another schema version", func(t *testing.T) {
		dir := t.TempDir()
		s, err := Open(Options{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		rawSet(t, s, keySchemaVersion, encodeSchemaVersion(schemaVersion+1))
		s.Close()
		if s, err := Open(Options{Dir: dir}); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("schema version %d", schemaVersion+1)) {
			if s != nil {
				s.Close()
			}
			t.Errorf("Open = %v, want a schema version error", err)
		}
	})
}

// TestImportRetry replays an import batch after a transaction conflict, as update does:
// the records must import the same way the second time.
func TestImportRetry(t *testing.T) {
	ctx := context.Background()
	s := openInternal(t)
	in := `{"format":"claimgraph","version":1}
{"type":"source","id":"src_0000000000001","title":"S","kind":"ARTICLE","text":"Cafe\u0301 text"}
{"type":"claim","id":"clm_0000000000001","text":"c"}
{"type":"attribution","id":"att_0000000000001","claim":"clm_0000000000001","source":"src_0000000000001","quote":"Café","start":0,"end":4,"kind":"DIRECT"}
`
	rd := ndjson.NewReader(strings.NewReader(in))
	var batch []ndjson.Record
	for {
		rec, err := rd.Read()
		if err != nil {
			break
		}
		batch = append(batch, rec)
	}
	attempts := 0
	var st ImportStats
	err := s.update(ctx, "test", func(t *tx) error {
		attempts++
		st = ImportStats{}
		for _, rec := range batch {
			if err := t.importRecord(rec, &st); err != nil {
				return err
			}
		}
		if attempts == 1 {
			return badger.ErrConflict
		}
		return nil
	})
	if err != nil || attempts != 2 {
		t.Fatalf("update = %v after %d attempts", err, attempts)
	}
	if st.Created != 3 {
		t.Errorf("stats = %+v, want 3 created", st)
	}
	text, err := s.SourceText(ctx, prov.NewID(prov.TypeSource, 1))
	if err != nil || text == nil || *text != "Café text" {
		t.Errorf("SourceText after a retried import = %v, %v; want the NFC text", text, err)
	}
}
