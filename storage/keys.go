package storage

import (
	"encoding/binary"
	"fmt"

	"claimgraph/prov"
)

// Keyspaces: the first byte of every key.
const (
	spaceMeta    byte = 0x00
	spaceNode    byte = 0x01
	spaceText    byte = 0x02
	spaceEdge    byte = 0x03
	spaceUnique  byte = 0x04
	spaceGuard   byte = 0x05
	spaceAudit   byte = 0x06
	spaceVersion byte = 0x07
)

const idLen = 9

var (
	keySchemaVersion = []byte{spaceMeta, 'v'}
	keyAuditHead     = []byte{spaceMeta, 'h'}
	// keyGCFlush is written and dropped at once by garbage collection, whose drop makes
	// Badger flush its memtable and compact level 0 (see compactForGC); it holds
	// nothing, and is found only when the process died in between.
	keyGCFlush = []byte{spaceMeta, 'g'}
)

// schemaVersion is the version of the key layout and record formats this build writes.
// Version 2 seals the schema version and the ID leases (version 1 stored them bare).
const schemaVersion = 2

func putID(b []byte, id prov.ID) []byte {
	b = append(b, byte(id.Type))
	return binary.BigEndian.AppendUint64(b, id.Seq)
}

func readID(b []byte) prov.ID {
	return prov.ID{Type: prov.NodeType(b[0]), Seq: binary.BigEndian.Uint64(b[1:idLen])}
}

func nodeKey(id prov.ID) []byte {
	b := make([]byte, 1, 1+idLen)
	b[0] = spaceNode
	return putID(b, id)
}

// nodePrefix is the prefix of every record of one type.
func nodePrefix(t prov.NodeType) []byte { return []byte{spaceNode, byte(t)} }

func textKey(id prov.ID) []byte {
	return binary.BigEndian.AppendUint64([]byte{spaceText}, id.Seq)
}

func leaseKey(t prov.NodeType) []byte { return []byte{spaceMeta, 's', byte(t)} }

// edgeKey is the reverse-edge key: ref points at target through label.
func edgeKey(target prov.ID, label edgeLabel, ref prov.ID) []byte {
	b := make([]byte, 0, 1+idLen+1+idLen)
	b = append(b, spaceEdge)
	b = putID(b, target)
	b = append(b, byte(label))
	return putID(b, ref)
}

// edgePrefix is the prefix of every reverse edge into target through label.
func edgePrefix(target prov.ID, label edgeLabel) []byte {
	b := make([]byte, 0, 1+idLen+1)
	b = append(b, spaceEdge)
	b = putID(b, target)
	return append(b, byte(label))
}

// edgeTargetPrefix is the prefix of every reverse edge into target.
func edgeTargetPrefix(target prov.ID) []byte {
	return putID([]byte{spaceEdge}, target)
}

// edgeRef returns the referring node of a reverse-edge key.
func edgeRef(key []byte) prov.ID { return readID(key[len(key)-idLen:]) }

// edgeLabelOf returns the label of a reverse-edge key.
func edgeLabelOf(key []byte) edgeLabel { return edgeLabel(key[1+idLen]) }

func uniqueKey(kind uniqueKind, key string) []byte {
	b := make([]byte, 0, 2+len(key))
	b = append(b, spaceUnique, byte(kind))
	return append(b, key...)
}

// guardKey is the key a transaction that adds a reference to target writes (as a
// deletion, so it never holds a value) and one that scans target's references reads,
// so that the two conflict; see markRef.
func guardKey(target prov.ID) []byte {
	return putID([]byte{spaceGuard}, target)
}

// auditKey is the key of the audit entry with sequence number seq.
func auditKey(seq uint64) []byte { return binary.BigEndian.AppendUint64([]byte{spaceAudit}, seq) }

// versionKey is the key of node id's version written by audit entry seq.
func versionKey(id prov.ID, seq uint64) []byte {
	return binary.BigEndian.AppendUint64(putID([]byte{spaceVersion}, id), seq)
}

// versionPrefix is the prefix of every version of node id.
func versionPrefix(id prov.ID) []byte { return putID([]byte{spaceVersion}, id) }

// describeKey returns "key <hex> (<what it is>)" for messages: the hex is the key as
// stored, the name what a reader can look for (an ID, an audit entry). The head file,
// which is not a key, is named as a file.
func describeKey(key []byte) string {
	if string(key) == HeadFileName {
		return "the head file " + HeadFileName
	}
	if name := keyName(key); name != "" {
		return fmt.Sprintf("key %x (%s)", key, name)
	}
	return fmt.Sprintf("key %x", key)
}

// keyName says what a key is, or "" when it is not a key this build writes.
func keyName(key []byte) string {
	if len(key) == 0 {
		return ""
	}
	rest := key[1:]
	switch key[0] {
	case spaceMeta:
		switch {
		case string(key) == string(keySchemaVersion):
			return "the schema version"
		case string(key) == string(keyAuditHead):
			return "the audit head"
		case string(key) == string(keyGCFlush):
			return "the garbage collector's flush marker"
		case isLeaseKey(key):
			return fmt.Sprintf("the ID lease of type %s", leaseType(key))
		}
	case spaceNode:
		if len(rest) == idLen {
			return "the record of " + readID(rest).String()
		}
	case spaceText:
		if len(rest) == 8 {
			return "the archived text of " + prov.NewID(prov.TypeSource, binary.BigEndian.Uint64(rest)).String()
		}
	case spaceEdge:
		if len(rest) == idLen+1+idLen {
			return fmt.Sprintf("the reverse edge %s → %s (%s)", edgeRef(key), readID(rest), labelFields[edgeLabelOf(key)])
		}
	case spaceUnique:
		if len(rest) >= 1 {
			return fmt.Sprintf("a unique-index entry of kind %d", rest[0])
		}
	case spaceGuard:
		if len(rest) == idLen {
			return "the reference guard of " + readID(rest).String()
		}
	case spaceAudit:
		if len(rest) == 8 {
			return fmt.Sprintf("audit entry %d", binary.BigEndian.Uint64(rest))
		}
	case spaceVersion:
		if len(rest) == idLen+8 {
			return fmt.Sprintf("the version of %s written by audit entry %d", readID(rest), binary.BigEndian.Uint64(rest[idLen:]))
		}
	}
	return ""
}
