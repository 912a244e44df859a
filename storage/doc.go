// Package storage keeps claimgraph's graph in an embedded Badger v4 store. It is the
// only package that imports Badger.
//
// # Key layout
//
// Every key starts with a one-byte keyspace. IDs are written as the node type byte
// followed by the 8-byte big-endian sequence number, so keys of one type sort in ID
// (allocation) order and a prefix scan walks them in that order.
//
//	0x00 'v'                                    schema version (uint32 BE)
//	0x00 's' type                               ID lease: the highest sequence number
//	                                            that may have been handed out (uint64 BE)
//	0x01 type seq                               node record (see Records)
//	0x02 src-seq                                archived NFC text of a source (raw UTF-8)
//	0x03 target-type target-seq label ref-type ref-seq
//	                                            reverse edge: node "ref" points at node
//	                                            "target" through the field "label";
//	                                            empty value
//	0x04 kind folded-key                        unique index: natural key → node ID
//	                                            (9 bytes: type, seq)
//	0x05 target-type target-seq                 reference guard: never holds a value;
//	                                            see Transactions
//
// Forward edges live in the record that holds the reference (an attribution names its
// claim and source), so following one is a point read. Every reference also has a
// reverse-edge key, so the other direction is a key-only prefix scan: claim →
// attributions (label attributionClaim), source → attributions (attributionSource),
// actor → claims (claimClaimant), event → claims (claimEvent), source → citing sources
// (sourceCites), actor → members (actorAffiliation), actor → published sources
// (sourcePublisher), claim → relations (relationFrom, relationTo), and the
// intermediaries (attributionViaActor, attributionViaSource, relationAssertedBy).
// Labels are listed in edges.go; their values are part of the format.
//
// Unique indexes: the folded name and every folded alias of an actor that is not
// ANONYMOUS (uniqueActorName, prov.FoldName), a source's text SHA-256
// (uniqueSourceHash) and its normalised URL (uniqueSourceURL, prov.NormalizeURL). A
// write checks them with point reads inside its transaction, so racing upserts of one
// natural key conflict and retry instead of duplicating.
//
// # Records
//
// A record value is an envelope: one format-version byte (recordVersion), the CRC-32C
// of the payload (uint32 BE), then the payload. The payload is a sequence of fields,
// each a uvarint key (field number << 3 | wire type) followed by a uvarint (wire type 0)
// or a uvarint length and that many bytes (wire type 2), as protocol buffers lay them
// out. Decoders skip field numbers they do not know and leave absent fields at their
// zero value, so fields can be added without rewriting the store; a field number is
// never reused. The envelope is checked on every read: a short value or a checksum
// mismatch is an error naming the key, never an empty result.
//
// # Transactions
//
// Every mutation is one Badger transaction that writes the record, its reverse edges
// and unique keys together, retried on badger.ErrConflict. Badger detects a conflict
// when a key one transaction read was written by another that committed first; it does
// not notice a key added under a prefix another transaction scanned. So a write that
// adds a reference to a node also deletes the node's reference guard key, and a write
// that scans a node's reverse edges to act on them (a delete, archiving a source's text)
// reads that key first: a reference added concurrently makes one of the two retry.
// Archived texts are checked against their source's textSha256 when read.
//
// A GraphQL request reads from one snapshot (WithSnapshot), so it never sees half of a
// concurrent write.
package storage
