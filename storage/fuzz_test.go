package storage

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"claimgraph/prov"
)

// Fuzz targets of the codecs the integrity checks rest on. Seeds are in
// testdata/fuzz/<target>; CI runs each for a short time:
//
//	go test ./storage -run='^$' -fuzz='^FuzzKeyCodec$' -fuzztime=10s

// fuzzType maps a fuzzed byte onto a type the store keeps.
func fuzzType(b byte) prov.NodeType { return storedTypes[int(b)%len(storedTypes)] }

func sign(n int) int { return cmp.Compare(n, 0) }

// FuzzKeyCodec checks that keys round-trip the IDs, labels and sequence numbers they
// hold, and that their byte order is the order of what they hold: the order prefix
// scans, pages and the audit log rely on.
func FuzzKeyCodec(f *testing.F) {
	f.Add(byte(0), uint64(1), byte(0), uint64(2), byte(1), uint64(7), uint64(8))
	f.Add(byte(3), uint64(255), byte(3), uint64(256), byte(4), uint64(0), uint64(1<<63))
	f.Add(byte(2), uint64(1<<40), byte(5), uint64(1), byte(200), uint64(1<<64-1), uint64(1<<64-2))
	f.Fuzz(func(t *testing.T, ta byte, sa uint64, tb byte, sb uint64, label byte, qa, qb uint64) {
		a, b := prov.NewID(fuzzType(ta), sa), prov.NewID(fuzzType(tb), sb)
		idOrder := cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.Seq, b.Seq))

		ka, kb := nodeKey(a), nodeKey(b)
		if got := readID(ka[1:]); got != a {
			t.Fatalf("readID(nodeKey(%v)) = %v", a, got)
		}
		if !bytes.HasPrefix(ka, nodePrefix(a.Type)) {
			t.Fatalf("nodeKey(%v) = %x lacks its type's prefix", a, ka)
		}
		if got := sign(bytes.Compare(ka, kb)); got != idOrder {
			t.Fatalf("nodeKey order %d, ID order %d: %v %v", got, idOrder, a, b)
		}
		if a.Type == b.Type {
			if got := sign(strings.Compare(a.String(), b.String())); got != idOrder {
				t.Fatalf("ID string order %d, ID order %d: %s %s", got, idOrder, a, b)
			}
			if p, err := prov.ParseID(a.String()); a.Seq > 0 && (err != nil || p != a) {
				t.Fatalf("ParseID(%s) = %v, %v", a, p, err)
			}
		}

		l := edgeLabel(label)
		ea, eb := edgeKey(a, l, b), edgeKey(b, l, a)
		if readID(ea[1:]) != a || edgeLabelOf(ea) != l || edgeRef(ea) != b {
			t.Fatalf("edgeKey(%v, %d, %v) = %x does not round-trip", a, l, b, ea)
		}
		if !bytes.HasPrefix(ea, edgePrefix(a, l)) || !bytes.HasPrefix(ea, edgeTargetPrefix(a)) {
			t.Fatalf("edgeKey %x lacks its prefixes", ea)
		}
		// Edge keys sort by target, then label, then referrer.
		want := cmp.Or(idOrder, -idOrder)
		if idOrder == 0 {
			want = 0
		}
		if got := sign(bytes.Compare(ea, eb)); got != want {
			t.Fatalf("edge key order %d, want %d", got, want)
		}
		if got := sign(bytes.Compare(edgeKey(a, l, a), edgeKey(a, l, b))); got != idOrder {
			t.Fatalf("edge keys into one target sort %d by referrer, want %d", got, idOrder)
		}

		va, vb := versionKey(a, qa), versionKey(a, qb)
		if !bytes.HasPrefix(va, versionPrefix(a)) || readID(va[1:]) != a {
			t.Fatalf("versionKey(%v, %d) = %x", a, qa, va)
		}
		if got := sign(bytes.Compare(va, vb)); got != cmp.Compare(qa, qb) {
			t.Fatalf("version keys sort %d, sequence numbers %d", got, cmp.Compare(qa, qb))
		}
		if got := sign(bytes.Compare(versionKey(a, qa), versionKey(b, qb))); idOrder != 0 && got != idOrder {
			t.Fatalf("version keys of %v and %v sort %d, want %d", a, b, got, idOrder)
		}
		if got := sign(bytes.Compare(auditKey(qa), auditKey(qb))); got != cmp.Compare(qa, qb) {
			t.Fatalf("audit keys sort %d, sequence numbers %d", got, cmp.Compare(qa, qb))
		}
	})
}

// FuzzRecordCodec checks that decoding arbitrary bytes as any record type never
// panics, that whatever decodes re-encodes to a record that decodes the same, and that
// a sealed record with any byte changed is an ErrCorrupt error (a checksum error when
// the byte is in the checksum or the payload).
func FuzzRecordCodec(f *testing.F) {
	for i, n := range sampleNodes() {
		v := encodeNode(n)
		f.Add(v, byte(n.NodeID().Type), uint8(i), uint16(len(v)-1), byte(0x01))
	}
	f.Add([]byte{1, 0, 0, 0, 0}, byte(1), uint8(0), uint16(0), byte(0x80))
	f.Add(seal([]byte{0x0a, 0x05, 'a'}), byte(4), uint8(3), uint16(2), byte(0xff))
	samples := sampleNodes()
	f.Fuzz(func(t *testing.T, data []byte, typ byte, sample uint8, pos uint16, xor byte) {
		id := prov.NewID(fuzzType(typ), 7)
		key := nodeKey(id)
		for _, v := range [][]byte{data, seal(data)} {
			n, err := decodeNode(key, id, v)
			if err != nil {
				if !errors.Is(err, ErrCorrupt) {
					t.Fatalf("decode error %v does not wrap ErrCorrupt", err)
				}
				continue
			}
			again, err := decodeNode(key, id, encodeNode(n))
			if err != nil || !reflect.DeepEqual(again, n) {
				t.Fatalf("decoded %+v re-encodes to %+v, %v", n, again, err)
			}
		}

		n := samples[int(sample)%len(samples)]
		v := encodeNode(n)
		i := int(pos) % len(v)
		if xor == 0 {
			return
		}
		v[i] ^= xor
		_, err := decodeNode(nodeKey(n.NodeID()), n.NodeID(), v)
		if !errors.Is(err, ErrCorrupt) {
			t.Fatalf("byte %d of %d flipped by %#x: decode = %v, want ErrCorrupt", i, len(v), xor, err)
		}
		if i > 0 && !strings.Contains(err.Error(), "checksum") {
			t.Fatalf("byte %d (checksum or payload) flipped: %v, want a checksum error", i, err)
		}
	})
}

// FuzzAuditChain changes stored audit entries as the fuzzer chooses, inside a
// transaction that is never committed, and checks verifyChain against the trusted head
// (the one the head file keeps): it must fail whenever any entry differs from what was
// written, and pass when none does.
//
// Each 4 bytes of ops are one change: kind, entry, and two arguments.
func FuzzAuditChain(f *testing.F) {
	s, err := Open(Options{InMemory: true})
	if err != nil {
		f.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	a, _ := s.CreateActor(ctx, &prov.Actor{Name: "Alice", Kind: prov.ActorPerson})
	c, _ := s.CreateClaim(ctx, &prov.Claim{Text: "one", ClaimantID: a.ID})
	s.UpdateClaim(ctx, c.ID, func(c *prov.Claim) error { c.Text = "two"; return nil })
	text := "an archived text"
	src, _ := s.CreateSource(ctx, &prov.Source{Title: "s", Kind: prov.SourceArticle, Text: &text})
	s.CreateAttribution(ctx, &prov.Attribution{ClaimID: c.ID, SourceID: src.ID, Quote: "text", Kind: prov.AttributionDirect})
	s.DeleteClaim(ctx, c.ID)
	head := s.Head()
	if head.Seq != 6 {
		f.Fatalf("fixture head %d, want 6", head.Seq)
	}
	original := map[string][]byte{}
	s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{spaceAudit}, PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, _ := it.Item().ValueCopy(nil)
			original[string(it.Item().KeyCopy(nil))] = v
		}
		return nil
	})

	f.Add([]byte{0, 2, 10, 0x01})                // flip a byte of entry 3
	f.Add([]byte{1, 5, 0, 0})                    // delete the last entry
	f.Add([]byte{2, 1, 3, 0})                    // swap entries 2 and 4
	f.Add([]byte{3, 0, 7, 0x20})                 // change the payload of entry 1, resealed
	f.Add([]byte{4, 3, 20, 0})                   // truncate entry 4
	f.Add([]byte{5, 6, 0, 0})                    // append an entry 7 that copies entry 6
	f.Add([]byte{6, 2, 0, 0})                    // rewrite entry 3 with its own bytes: no change
	f.Add([]byte{0, 1, 9, 0x00, 3, 4, 50, 0x04}) // a no-op flip, then a resealed change
	f.Fuzz(func(t *testing.T, ops []byte) {
		txn := s.db.NewTransaction(true)
		defer txn.Discard()
		get := func(seq uint64) []byte {
			item, err := txn.Get(auditKey(seq))
			if err != nil {
				return nil
			}
			v, _ := item.ValueCopy(nil)
			return v
		}
		seqOf := func(b byte) uint64 { return uint64(b)%(head.Seq+1) + 1 } // 1 … head+1
		for len(ops) >= 4 {
			kind, seq, x, y := ops[0]%7, seqOf(ops[1]), ops[2], ops[3]
			ops = ops[4:]
			v := get(seq)
			var err error
			switch kind {
			case 0: // flip a byte
				if len(v) > 0 {
					v[int(x)%len(v)] ^= y
					err = txn.Set(auditKey(seq), v)
				}
			case 1: // delete
				err = txn.Delete(auditKey(seq))
			case 2: // swap with another entry
				other := seqOf(x)
				w := get(other)
				if v != nil && w != nil {
					err = txn.Set(auditKey(seq), w)
					if err == nil {
						err = txn.Set(auditKey(other), v)
					}
				}
			case 3: // change a payload byte and reseal, so the envelope checks out
				if len(v) > envelopeLen {
					p := bytes.Clone(v[envelopeLen:])
					p[int(x)%len(p)] ^= y
					err = txn.Set(auditKey(seq), seal(p))
				}
			case 4: // truncate
				if len(v) > 0 {
					err = txn.Set(auditKey(seq), v[:int(x)%len(v)])
				}
			case 5: // copy another entry's value here (appending when seq is past the head)
				if w := get(seqOf(x)); w != nil {
					err = txn.Set(auditKey(seq), w)
				}
			case 6: // write an entry back unchanged
				if v != nil {
					err = txn.Set(auditKey(seq), v)
				}
			}
			if err != nil {
				t.Skip(err) // a transaction too large: not this target's concern
			}
		}
		changed := false
		seen := 0
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{spaceAudit}, PrefetchValues: true})
		for it.Rewind(); it.Valid(); it.Next() {
			v, _ := it.Item().ValueCopy(nil)
			o, ok := original[string(it.Item().Key())]
			changed = changed || !ok || !bytes.Equal(o, v)
			seen++
		}
		it.Close()
		changed = changed || seen != len(original)

		_, err := verifyChain(txn, head, nil)
		if changed && err == nil {
			t.Fatalf("the audit log was changed but verifies against head %d", head.Seq)
		}
		if !changed && err != nil {
			t.Fatalf("the audit log is unchanged but does not verify: %v", err)
		}
		var chainErr *ChainError
		if err != nil && !errors.As(err, &chainErr) && !errors.Is(err, ErrCorrupt) {
			t.Fatalf("verifyChain = %v, want a *ChainError or ErrCorrupt", err)
		}
	})
}
