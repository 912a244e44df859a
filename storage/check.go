package storage

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// checkStored checks one stored key and value on their own, as a backup copies them:
// the key has the shape of its keyspace, and the value decodes as what the key says
// it holds (sealed values pass their envelope check; records, versions and audit
// entries decode). It does not follow references; Verify does. It returns an error
// wrapping ErrCorrupt that names the key.
func checkStored(key, v []byte) error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: %s: %s", ErrCorrupt, describeKey(key), fmt.Sprintf(format, a...))
	}
	if len(key) == 0 {
		return bad("an empty key")
	}
	var err error
	switch key[0] {
	case spaceMeta:
		switch {
		case string(key) == string(keySchemaVersion):
			_, err = decodeSchemaVersion(v)
		case string(key) == string(keyAuditHead):
			_, err = decodeHead(key, v)
		case string(key) == string(keyGCFlush):
			if len(v) != 0 {
				return bad("the flush marker holds %d bytes", len(v))
			}
		case isLeaseKey(key):
			_, err = decodeLease(key, v)
		default:
			return bad("a metadata key this build does not write")
		}
	case spaceNode:
		if len(key) != 1+idLen {
			return bad("node key of the wrong length")
		}
		_, err = decodeNode(key, readID(key[1:]), v)
	case spaceText:
		if len(key) != 1+8 {
			return bad("text key of the wrong length")
		}
		_, err = unseal(key, v)
	case spaceEdge:
		if len(key) != 1+idLen+1+idLen {
			return bad("edge key of the wrong length")
		}
		if len(v) != 0 {
			return bad("a reverse edge holds %d bytes, want none", len(v))
		}
	case spaceUnique:
		var payload []byte
		if payload, err = unseal(key, v); err == nil && len(payload) != idLen {
			return bad("unique key holding %d bytes, want an ID", len(payload))
		}
	case spaceGuard:
		return bad("a reference guard holds a value") // guards are only ever deleted
	case spaceAudit:
		if len(key) != 1+8 {
			return bad("audit key of the wrong length")
		}
		var e *AuditEntry
		if e, err = decodeAudit(key, v); err == nil && e.Seq != binary.BigEndian.Uint64(key[1:]) {
			return bad("the entry records sequence number %d", e.Seq)
		}
	case spaceVersion:
		if len(key) != 1+idLen+8 {
			return bad("version key of the wrong length")
		}
		var payload []byte
		if payload, err = unseal(key, v); err == nil && len(payload) > 0 {
			_, err = decodeNode(key, readID(key[1:]), v)
		}
	default:
		return bad("unknown keyspace 0x%02x", key[0])
	}
	if err != nil && !errors.Is(err, ErrCorrupt) {
		return fmt.Errorf("%w: %s: %v", ErrCorrupt, describeKey(key), err)
	}
	return err
}
