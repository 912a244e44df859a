package storage

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"time"

	"claimgraph/prov"
)

// recordVersion is the envelope format this build writes and reads.
const recordVersion = 1

const envelopeLen = 5

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// ErrCorrupt is wrapped by every error about a stored value that fails its checks.
var ErrCorrupt = errors.New("corrupt record")

// seal wraps a payload in the record envelope.
func seal(payload []byte) []byte {
	b := make([]byte, envelopeLen, envelopeLen+len(payload))
	b[0] = recordVersion
	binary.BigEndian.PutUint32(b[1:], crc32.Checksum(payload, castagnoli))
	return append(b, payload...)
}

// unseal checks a record envelope and returns its payload, or an error wrapping
// ErrCorrupt that names key when the value is short, of an unknown version, or fails
// its checksum.
func unseal(key, v []byte) ([]byte, error) {
	if len(v) < envelopeLen {
		return nil, fmt.Errorf("%w: key %x: value of %d bytes is shorter than the envelope", ErrCorrupt, key, len(v))
	}
	if v[0] != recordVersion {
		return nil, fmt.Errorf("%w: key %x: unknown record version %d", ErrCorrupt, key, v[0])
	}
	payload := v[envelopeLen:]
	if want, got := binary.BigEndian.Uint32(v[1:]), crc32.Checksum(payload, castagnoli); want != got {
		return nil, fmt.Errorf("%w: key %x: checksum %08x, want %08x", ErrCorrupt, key, got, want)
	}
	return payload, nil
}

const (
	wireVarint = 0
	wireBytes  = 2
)

// encoder appends protobuf-style fields. Zero values are not written.
type encoder struct{ b []byte }

func (e *encoder) key(field, wire int) { e.b = binary.AppendUvarint(e.b, uint64(field<<3|wire)) }

func (e *encoder) bytes(field int, v []byte) {
	e.key(field, wireBytes)
	e.b = binary.AppendUvarint(e.b, uint64(len(v)))
	e.b = append(e.b, v...)
}

func (e *encoder) str(field int, s string) {
	if s != "" {
		e.bytes(field, []byte(s))
	}
}

func (e *encoder) optStr(field int, s *string) {
	if s != nil {
		e.bytes(field, []byte(*s))
	}
}

func (e *encoder) uint(field int, v uint64) {
	if v != 0 {
		e.key(field, wireVarint)
		e.b = binary.AppendUvarint(e.b, v)
	}
}

func (e *encoder) id(field int, id prov.ID) {
	if !id.IsZero() {
		e.bytes(field, putID(nil, id))
	}
}

// optInt writes n+1 so that 0 is distinguishable from absent.
func (e *encoder) optInt(field int, n *int) {
	if n != nil {
		e.key(field, wireVarint)
		e.b = binary.AppendUvarint(e.b, uint64(*n)+1)
	}
}

func (e *encoder) time(field int, t *time.Time) {
	if t != nil {
		var buf [12]byte
		binary.BigEndian.PutUint64(buf[:8], uint64(t.Unix()))
		binary.BigEndian.PutUint32(buf[8:], uint32(t.Nanosecond()))
		e.bytes(field, buf[:])
	}
}

// zigzag maps a signed integer to an unsigned one that encodes small magnitudes short.
func zigzag(n int) uint64 { return uint64((int64(n) << 1) ^ (int64(n) >> 63)) }

// extraction writes an extraction mark as a nested message: confidence (float64 bits),
// status, extractor.
func (e *encoder) extraction(field int, x *prov.Extraction) {
	if x == nil {
		return
	}
	var n encoder
	n.key(1, wireVarint)
	n.b = binary.AppendUvarint(n.b, math.Float64bits(x.Confidence))
	n.str(2, string(x.Status))
	n.str(3, x.Extractor)
	e.bytes(field, n.b)
}

// decoder walks the fields of a payload.
type decoder struct {
	b     []byte
	field int
	wire  int
	val   uint64 // varint value
	raw   []byte // bytes value
	err   error
}

// next advances to the next field; it returns false at the end or on malformed input
// (then err is set).
func (d *decoder) next() bool {
	if d.err != nil || len(d.b) == 0 {
		return false
	}
	k, n := binary.Uvarint(d.b)
	if n <= 0 {
		return d.fail("bad field key")
	}
	d.b = d.b[n:]
	d.field, d.wire = int(k>>3), int(k&7)
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		return d.fail("bad field value")
	}
	d.b = d.b[n:]
	switch d.wire {
	case wireVarint:
		d.val = v
	case wireBytes:
		if v > uint64(len(d.b)) {
			return d.fail("field length past the end")
		}
		d.raw, d.b = d.b[:v], d.b[v:]
	default:
		return d.fail(fmt.Sprintf("unknown wire type %d", d.wire))
	}
	return true
}

func (d *decoder) fail(msg string) bool {
	d.err = fmt.Errorf("%w: field %d: %s", ErrCorrupt, d.field, msg)
	return false
}

// bytesField reports whether the current field has wire type 2, failing otherwise: a
// field read as the wrong type would otherwise read the value of an earlier field.
func (d *decoder) bytesField() bool {
	if d.wire != wireBytes {
		d.fail(fmt.Sprintf("wire type %d, want %d", d.wire, wireBytes))
		return false
	}
	return true
}

func (d *decoder) varintField() bool {
	if d.wire != wireVarint {
		d.fail(fmt.Sprintf("wire type %d, want %d", d.wire, wireVarint))
		return false
	}
	return true
}

func (d *decoder) str() string {
	if !d.bytesField() {
		return ""
	}
	return string(d.raw)
}

func (d *decoder) optStr() *string {
	if !d.bytesField() {
		return nil
	}
	s := string(d.raw)
	return &s
}

func (d *decoder) zigzag() int {
	if !d.varintField() {
		return 0
	}
	return int(int64(d.val>>1) ^ -int64(d.val&1))
}

func (d *decoder) extraction() *prov.Extraction {
	if !d.bytesField() {
		return nil
	}
	x := &prov.Extraction{}
	n := decoder{b: d.raw}
	for n.next() {
		switch n.field {
		case 1:
			if n.varintField() {
				x.Confidence = math.Float64frombits(n.val)
			}
		case 2:
			x.Status = prov.ReviewStatus(n.str())
		case 3:
			x.Extractor = n.str()
		}
	}
	if n.err != nil {
		d.err = n.err
	}
	return x
}

func (d *decoder) flag() bool { return d.varintField() && d.val == 1 }

func (d *decoder) id() prov.ID {
	if !d.bytesField() {
		return prov.ID{}
	}
	if len(d.raw) != idLen {
		d.fail("id of wrong length")
		return prov.ID{}
	}
	return readID(d.raw)
}

func (d *decoder) optInt() *int {
	if !d.varintField() {
		return nil
	}
	if d.val == 0 || d.val-1 > math.MaxInt32 {
		d.fail("offset out of range")
		return nil
	}
	n := int(d.val - 1)
	return &n
}

func (d *decoder) time() *time.Time {
	if !d.bytesField() {
		return nil
	}
	if len(d.raw) != 12 {
		d.fail("time of wrong length")
		return nil
	}
	t := time.Unix(int64(binary.BigEndian.Uint64(d.raw[:8])), int64(binary.BigEndian.Uint32(d.raw[8:]))).UTC()
	return &t
}
