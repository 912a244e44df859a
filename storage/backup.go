package storage

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"

	"github.com/dgraph-io/badger/v4"

	"claimgraph/prov"
)

// A backup is a JSON header line followed by binary records and a trailer:
//
//	{"format":"claimgraph-backup","version":1,"kind":"full","since":0,"head":{"seq":N,"hash":"…"}}
//	'k' uvarint(len key) key uvarint(len value) value     one stored key (full)
//	'a' uvarint(8) seq uvarint(len value) value           one audit entry (incremental)
//	'v' / 't' uvarint(len key) key uvarint(len value) value
//	                                                       a version or archived text the
//	                                                       preceding entry wrote (incremental)
//	'e' SHA-256 of everything before the 'e'
//
// A full backup holds every key of one snapshot; an incremental one holds the audit
// entries after Since with the versions they wrote, which restore replays, so deletes
// are carried too.
const (
	backupFormat  = "claimgraph-backup"
	backupVersion = 1
)

// BackupHeader describes a backup.
type BackupHeader struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	// Kind is "full" or "incremental".
	Kind  string `json:"kind"`
	Since uint64 `json:"since"`
	Head  struct {
		Seq  uint64 `json:"seq"`
		Hash string `json:"hash"`
	} `json:"head"`
}

type backupWriter struct {
	w   *bufio.Writer
	sum hash.Hash
}

func (b *backupWriter) write(p []byte) {
	b.sum.Write(p)
	b.w.Write(p)
}

func (b *backupWriter) record(kind byte, key, value []byte) {
	b.write([]byte{kind})
	b.write(binary.AppendUvarint(nil, uint64(len(key))))
	b.write(key)
	b.write(binary.AppendUvarint(nil, uint64(len(value))))
	b.write(value)
}

// Backup writes a backup of the store, taken from one snapshot while the store keeps
// serving reads and writes: a full one when since is 0, else the audit entries after
// since (an earlier backup's head) with what they wrote. It returns the backup's
// header; EINVALID when since is past the head.
func (s *Store) Backup(ctx context.Context, w io.Writer, since uint64) (BackupHeader, error) {
	var h BackupHeader
	txn := s.db.NewTransaction(false)
	defer txn.Discard()
	head, err := readHead(txn)
	if err != nil {
		return h, err
	}
	if since > head.Seq {
		return h, prov.Errorf(prov.EINVALID, "since: %d is past the audit head %d", since, head.Seq)
	}
	h = BackupHeader{Format: backupFormat, Version: backupVersion, Kind: "full", Since: since}
	if since > 0 {
		h.Kind = "incremental"
	}
	h.Head.Seq, h.Head.Hash = head.Seq, hex.EncodeToString(head.Hash[:])
	line, _ := json.Marshal(h)
	bw := &backupWriter{w: bufio.NewWriterSize(w, 256<<10), sum: sha256.New()}
	bw.write(append(line, '\n'))
	t := &tx{s: s, txn: txn}
	if since == 0 {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, PrefetchSize: 64})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if err := ctx.Err(); err != nil {
				return h, err
			}
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return h, fmt.Errorf("backup: read key %x: %w", it.Item().Key(), err)
			}
			bw.record('k', it.Item().KeyCopy(nil), v)
		}
	} else {
		for seq := since + 1; seq <= head.Seq; seq++ {
			if err := ctx.Err(); err != nil {
				return h, err
			}
			if err := t.backupEntry(bw, seq); err != nil {
				return h, err
			}
		}
	}
	bw.w.WriteByte('e')
	bw.w.Write(bw.sum.Sum(nil))
	return h, bw.w.Flush()
}

// backupEntry writes audit entry seq with the versions it wrote and the archived text
// of each source version that has one.
func (t *tx) backupEntry(bw *backupWriter, seq uint64) error {
	key := auditKey(seq)
	item, err := t.txn.Get(key)
	if err != nil {
		return fmt.Errorf("backup: audit entry %d: %w", seq, err)
	}
	v, err := item.ValueCopy(nil)
	if err != nil {
		return err
	}
	e, err := decodeAudit(key, v)
	if err != nil {
		return err
	}
	bw.record('a', binary.BigEndian.AppendUint64(nil, seq), v)
	for _, c := range e.Changes {
		vk := versionKey(c.ID, seq)
		item, err := t.txn.Get(vk)
		if err != nil {
			return fmt.Errorf("backup: version of %s at entry %d: %w", c.ID, seq, err)
		}
		rec, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		bw.record('v', vk, rec)
		if c.ID.Type != prov.TypeSource || c.After == (Hash{}) {
			continue
		}
		n, err := decodeNode(vk, c.ID, rec)
		if err != nil {
			return err
		}
		if !n.(*prov.Source).HasText {
			continue
		}
		text, err := t.txn.Get(textKey(c.ID))
		if errors.Is(err, badger.ErrKeyNotFound) {
			continue // deleted by a later entry, which the backup also carries
		}
		if err != nil {
			return err
		}
		tv, err := text.ValueCopy(nil)
		if err != nil {
			return err
		}
		bw.record('t', textKey(c.ID), tv)
	}
	return nil
}

// backupRecord is one record of a backup body.
type backupRecord struct {
	kind       byte
	key, value []byte
}

// backupReader reads and checks a backup.
type backupReader struct {
	r   *bufio.Reader
	sum hash.Hash
}

func (b *backupReader) read(p []byte) error {
	if _, err := io.ReadFull(b.r, p); err != nil {
		return err
	}
	b.sum.Write(p)
	return nil
}

func (b *backupReader) uvarint() (uint64, error) {
	n, err := binary.ReadUvarint(byteReader{b})
	return n, err
}

type byteReader struct{ b *backupReader }

func (r byteReader) ReadByte() (byte, error) {
	c, err := r.b.r.ReadByte()
	if err == nil {
		r.b.sum.Write([]byte{c})
	}
	return c, err
}

func (b *backupReader) bytes() ([]byte, error) {
	n, err := b.uvarint()
	if err != nil {
		return nil, err
	}
	if n > 64<<20 {
		return nil, fmt.Errorf("a field of %d bytes is longer than any the store writes", n)
	}
	p := make([]byte, n)
	return p, b.read(p)
}

// readBackup checks the header and calls fn for each record; it returns an EINVALID
// error when the input is not a backup, is truncated, or fails its checksum. fn sees
// records before the checksum is known: callers check everything first (fn nil).
func readBackup(r io.Reader, fn func(h BackupHeader, rec backupRecord) error) (BackupHeader, error) {
	br := &backupReader{r: bufio.NewReaderSize(r, 256<<10), sum: sha256.New()}
	var h BackupHeader
	line, err := br.r.ReadBytes('\n')
	if err != nil || json.Unmarshal(line, &h) != nil || h.Format != backupFormat {
		return h, prov.Errorf(prov.EINVALID, "not a claimgraph backup: the first line is not its header")
	}
	if h.Version != backupVersion {
		return h, prov.Errorf(prov.EINVALID, "backup format version %d is not supported (this build reads %d)", h.Version, backupVersion)
	}
	br.sum.Write(line)
	for {
		kind, err := br.r.ReadByte()
		if err != nil {
			return h, prov.Errorf(prov.EINVALID, "the backup is truncated: it ends without its checksum")
		}
		if kind == 'e' {
			want := br.sum.Sum(nil)
			got := make([]byte, sha256.Size)
			if _, err := io.ReadFull(br.r, got); err != nil || !bytes.Equal(got, want) {
				return h, prov.Errorf(prov.EINVALID, "the backup's checksum does not match its contents: it is damaged")
			}
			if _, err := br.r.ReadByte(); err != io.EOF {
				return h, prov.Errorf(prov.EINVALID, "the backup has data after its checksum")
			}
			return h, nil
		}
		br.sum.Write([]byte{kind})
		var rec backupRecord
		rec.kind = kind
		switch kind {
		case 'k', 'v', 't':
			if rec.key, err = br.bytes(); err == nil {
				rec.value, err = br.bytes()
			}
		case 'a':
			var seq []byte
			if seq, err = br.bytes(); err == nil && len(seq) != 8 {
				err = errors.New("audit sequence number of the wrong length")
			}
			if err == nil {
				rec.key = auditKey(binary.BigEndian.Uint64(seq))
				rec.value, err = br.bytes()
			}
		default:
			return h, prov.Errorf(prov.EINVALID, "the backup is damaged: unknown record type %q", kind)
		}
		if err != nil {
			return h, prov.Errorf(prov.EINVALID, "the backup is truncated or damaged: %v", err)
		}
		if fn != nil {
			if err := fn(h, rec); err != nil {
				return h, err
			}
		}
	}
}

// Restore loads a backup read from r, which it reads twice (check, then write). A full
// backup needs an empty store; an incremental one a store whose head is the backup's
// Since, with the same hash chain. It returns EINVALID when the backup is damaged or
// does not fit the store, without writing anything then.
func (s *Store) Restore(ctx context.Context, r io.ReadSeeker) (BackupHeader, error) {
	h, err := readBackup(r, nil)
	if err != nil {
		return h, err
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return h, err
	}
	// A restore writes outside update: nothing is cached while it runs, and nothing
	// cached before it is kept.
	s.cache.begin(nil, true)
	defer func() { s.cache.end(nil, true, s.latestReadTs()) }()
	if h.Kind == "full" {
		return h, s.restoreFull(ctx, r)
	}
	return h, s.restoreIncremental(ctx, r, h)
}

func (s *Store) restoreFull(ctx context.Context, r io.Reader) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if empty, err := s.isEmptyLocked(); err != nil || !empty {
		if err == nil {
			err = prov.Errorf(prov.EINVALID, "a full backup restores into an empty store; this one holds data")
		}
		return err
	}
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	_, err := readBackup(r, func(_ BackupHeader, rec backupRecord) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if rec.kind != 'k' {
			return prov.Errorf(prov.EINVALID, "a full backup holds a %q record", rec.kind)
		}
		return wb.Set(rec.key, rec.value)
	})
	if err != nil {
		return err
	}
	if err := wb.Flush(); err != nil {
		return err
	}
	return s.reloadLocked()
}

func (s *Store) restoreIncremental(ctx context.Context, r io.Reader, h BackupHeader) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if s.writeErr != nil {
		return prov.Errorf(prov.EUNAVAILABLE, "writes are refused: %v", s.writeErr)
	}
	if s.head.Seq != h.Since {
		return prov.Errorf(prov.EINVALID, "this incremental backup follows audit entry %d, but the store's log ends at entry %d", h.Since, s.head.Seq)
	}
	var entry *AuditEntry
	var entryValue []byte
	var records []backupRecord
	flush := func() error {
		if entry == nil {
			return nil
		}
		if err := s.replay(ctx, entry, entryValue, records); err != nil {
			return fmt.Errorf("replay audit entry %d: %w", entry.Seq, err)
		}
		entry, records = nil, nil
		return nil
	}
	_, err := readBackup(r, func(_ BackupHeader, rec backupRecord) error {
		switch rec.kind {
		case 'a':
			if err := flush(); err != nil {
				return err
			}
			e, err := decodeAudit(rec.key, rec.value)
			if err != nil {
				return err
			}
			entry, entryValue = e, rec.value
		case 'v', 't':
			if entry == nil {
				return prov.Errorf(prov.EINVALID, "the backup has a version before any audit entry")
			}
			records = append(records, rec)
		default:
			return prov.Errorf(prov.EINVALID, "an incremental backup holds a %q record", rec.kind)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// replay applies one audit entry of an incremental backup: it writes each changed
// node as the entry's version has it (with reverse edges, unique keys and texts), then
// the entry, its versions and the head exactly as backed up, so the chain continues
// unchanged.
func (s *Store) replay(ctx context.Context, e *AuditEntry, value []byte, records []backupRecord) error {
	if e.Seq != s.head.Seq+1 || e.Prev != s.head.Hash {
		return prov.Errorf(prov.EINVALID, "entry %d does not continue the store's chain at entry %d (%s)", e.Seq, s.head.Seq, s.head.Hash)
	}
	versions := map[prov.ID][]byte{}
	texts := map[prov.ID][]byte{}
	for _, rec := range records {
		switch rec.kind {
		case 'v':
			if len(rec.key) != 1+idLen+8 {
				return prov.Errorf(prov.EINVALID, "version key %x of the wrong length", rec.key)
			}
			versions[readID(rec.key[1:])] = rec.value
		case 't':
			texts[prov.NewID(prov.TypeSource, binary.BigEndian.Uint64(rec.key[1:]))] = rec.value
		}
	}
	txn := s.db.NewTransaction(true)
	defer txn.Discard()
	t := &tx{s: s, txn: txn}
	for _, c := range e.Changes {
		rec, ok := versions[c.ID]
		if !ok {
			return prov.Errorf(prov.EINVALID, "entry %d changes %s but the backup has no version of it", e.Seq, c.ID)
		}
		if recordHash(rec) != c.After && !(c.After == (Hash{}) && isDeletion(rec)) {
			return prov.Errorf(prov.EINVALID, "the version of %s does not hash to what entry %d records", c.ID, e.Seq)
		}
		old, err := t.get(c.ID)
		if err != nil && prov.ErrorCode(err) != prov.ENOTFOUND {
			return err
		}
		if c.After == (Hash{}) {
			if old != nil {
				if err := t.dropNode(old); err != nil {
					return err
				}
			}
		} else {
			n, err := decodeNode(versionKey(c.ID, e.Seq), c.ID, rec)
			if err != nil {
				return err
			}
			if src, ok := n.(*prov.Source); ok && src.HasText && (old == nil || !old.(*prov.Source).HasText) {
				if tv, ok := texts[c.ID]; ok {
					if err := t.set(textKey(c.ID), tv); err != nil {
						return err
					}
				}
			}
			if err := t.put(old, n); err != nil {
				return err
			}
		}
		if err := t.set(versionKey(c.ID, e.Seq), rec); err != nil {
			return err
		}
	}
	next := Head{Seq: e.Seq, Hash: e.Hash}
	if err := t.set(auditKey(e.Seq), value); err != nil {
		return err
	}
	if err := t.set(keyAuditHead, seal(encodeHead(next))); err != nil {
		return err
	}
	if err := txn.Commit(); err != nil {
		return err
	}
	s.head = next
	if s.dir != "" {
		return writeHeadFile(s.dir, next)
	}
	return nil
}

func isDeletion(rec []byte) bool { return len(rec) == envelopeLen }

// isEmptyLocked reports whether the store holds no nodes and no audit log.
func (s *Store) isEmptyLocked() (bool, error) {
	empty := true
	err := s.db.View(func(txn *badger.Txn) error {
		for _, p := range [][]byte{{spaceNode}, {spaceAudit}} {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: p})
			it.Rewind()
			empty = empty && !it.Valid()
			it.Close()
		}
		return nil
	})
	return empty, err
}

// reloadLocked re-reads what Open derives from the stored keys after a full restore:
// the ID allocator and the audit head, checked as at open, then written to the head
// file.
func (s *Store) reloadLocked() error {
	ids, err := newAllocator(s.db)
	if err != nil {
		return err
	}
	s.ids = ids
	if s.dir != "" {
		// The restored log is the truth now; the empty store's head file is not.
		if err := writeHeadFileFromDB(s); err != nil {
			return err
		}
	}
	return s.checkAudit()
}

func writeHeadFileFromDB(s *Store) error {
	var head Head
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		head, err = readHead(txn)
		return err
	})
	if err != nil {
		return err
	}
	return writeHeadFile(s.dir, head)
}
