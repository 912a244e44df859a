// Package storage keeps claimgraph's graph in an embedded Badger v4 store. It is the
// only package that imports Badger.
//
// # Key layout
//
// Every key starts with a one-byte keyspace. IDs are written as the node type byte
// (prov.NodeType: 1 event, 2 actor, 3 source, 4 claim, 5 attribution, 6 relation, 7
// review, 8 API token, 9 dismissed suggestion) followed by the 8-byte big-endian
// sequence number, so keys of one type sort in ID (allocation) order and a prefix scan
// walks them in that order. "sealed" below is the envelope of Records: a version byte
// and a CRC-32C before the payload, checked on every read.
//
//	0x00 'v'                                    schema version: uint32 BE, not sealed
//	                                            (schemaVersion, checked at open)
//	0x00 'h'                                    audit head: sealed seq (uint64 BE) and
//	                                            SHA-256 of the last audit entry
//	0x00 's' type                               ID lease: the highest sequence number
//	                                            of that type that may have been handed
//	                                            out, uint64 BE, not sealed
//	0x01 type seq                               node record, sealed (see Records)
//	0x02 src-seq                                archived NFC text of a source, sealed
//	                                            UTF-8; checked against the source's
//	                                            textSha256 when read
//	0x03 target-type target-seq label ref-type ref-seq
//	                                            reverse edge: node "ref" points at node
//	                                            "target" through the field "label";
//	                                            empty value
//	0x04 kind folded-key                        unique index: natural key → node ID,
//	                                            sealed 9 bytes (type, seq)
//	0x05 target-type target-seq                 reference guard: never holds a value;
//	                                            see Transactions
//	0x06 seq                                    audit entry seq (uint64 BE), sealed:
//	                                            sequence number, time, who, operation,
//	                                            the previous entry's hash, and for each
//	                                            node changed its ID and the SHA-256 of
//	                                            its sealed record before and after
//	0x07 type seq entry-seq                     node version: the node's sealed record
//	                                            as audit entry entry-seq (uint64 BE)
//	                                            left it; a sealed empty payload when the
//	                                            entry deleted it
//
// A file beside the Badger files, AUDIT_HEAD (HeadFileName), repeats the audit head so
// that a store reopened with a shorter log is noticed.
//
// ID leases: a sequence number is never handed out twice. Before the allocator hands
// out a number past the lease of its type it raises the lease by 1,024 in a synced
// write of its own, outside any mutation (IDs are taken before the mutation's
// transaction starts, so a mutation that fails leaves a gap, never a reuse).
//
// Forward edges live in the record that holds the reference (an attribution names its
// claim and source), so following one is a point read. Every reference also has a
// reverse-edge key, so the other direction is a key-only prefix scan. The labels are
// (edges.go; their values are part of the format, never changed or reused):
//
//	 1 attributionClaim      claim → its attributions
//	 2 attributionSource     source → its attributions
//	 3 claimClaimant         actor → the claims it asserts
//	 4 claimEvent            event → the claims about it
//	 5 sourcePublisher       actor → the sources it published
//	 6 sourceCites           source → the sources citing it
//	 7 actorAffiliation      actor → its members
//	 8 attributionViaActor   actor → the attributions it relayed
//	 9 attributionViaSource  source → the attributions that came through it
//	10 relationFrom          claim → the relations from it
//	11 relationTo            claim → the relations to it
//	12 relationAssertedBy    actor → the relations it asserts
//	13 reviewClaim           claim → its reviews
//	14 reviewReviewer        actor → the reviews it wrote
//	15 dismissalEvent        event → the suggestions dismissed for it
//
// Unique indexes (kind byte, then the key): 1 the folded name and every folded alias
// of an actor that is not ANONYMOUS (uniqueActorName, prov.FoldName); 2 a source's text
// SHA-256 (uniqueSourceHash); 3 its normalised URL (uniqueSourceURL,
// prov.NormalizeURL); 4 an API token's secret hash (uniqueTokenHash); 5 a dismissed
// suggestion's key (uniqueDismissal). A write checks them with point reads inside its
// transaction and refuses a key another node holds with ECONFLICT; an upsert looks the
// key up in the same transaction and takes the node it finds.
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
// Every mutation is one Badger transaction. It writes together: the node records, their
// reverse edges and unique keys, archived texts, the nodes that cascade (a deleted
// claim's attributions) or follow (the spans filled in when a source's text is
// attached), the audit entry (0x06) with a version key (0x07) for every node it changed,
// and the new audit head (0x00 'h'). A write that changes nothing writes no audit
// entry. An import writes one such transaction a batch of records. After the commit the
// AUDIT_HEAD file is rewritten and synced; ID leases are written apart, before the
// mutation (see above).
//
// Writers are serialised by the store's write mutex (Store.update), which keeps the
// audit chain linear: every mutation and import batch of the process runs alone, sees
// every earlier commit, and so cannot conflict with another. Two racing upserts of one
// natural key therefore run one after the other, and the second finds the first's node
// by the unique index. Badger's conflict detection (a key this transaction read was
// written by another that committed since it began) is kept as a guard should a
// writer ever run outside the mutex: a commit that fails with badger.ErrConflict is
// retried from the start in a fresh transaction, up to maxRetries times, then reported
// as ECONFLICT. Within one process nothing triggers it today (the ID lease writes, the
// only ones outside the mutex, touch keys no mutation reads); TestConflictRetry proves
// the retry by injecting the error. The guard keys serve the same purpose: Badger
// notices a key read and written by two transactions, not a key added under a prefix
// another one scanned, so a write that adds a reference to a node also deletes the
// node's reference guard key (0x05), and a write that scans a node's reverse edges to
// act on them (a delete, archiving a source's text) reads that key first.
//
// A GraphQL request reads from one snapshot (WithSnapshot), so it never sees half of a
// concurrent write.
package storage
