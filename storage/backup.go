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
//	'l' uvarint(len key) key uvarint(len value) value     an ID lease (incremental, after
//	                                                       the entries; version 2)
//	'e' SHA-256 of everything before the 'e'
//
// A full backup holds every key of one snapshot; an incremental one holds the audit
// entries after Since with the versions they wrote, which restore replays, so deletes
// are carried too, and then the ID leases, so the restored store never hands out an
// ID the backed-up one may have.
const (
	backupFormat  = "claimgraph-backup"
	backupVersion = 2
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
// since (an earlier backup's head) with what they wrote. Every value it copies is
// checked first (checkStored). It returns the backup's header; EINVALID when since is
// past the head; EUNAVAILABLE when the store is degraded (Degraded), before writing
// anything; an error wrapping ErrCorrupt that names the key when a value is damaged,
// after which what was written lacks its checksum, so restore refuses it.
func (s *Store) Backup(ctx context.Context, w io.Writer, since uint64) (BackupHeader, error) {
	var h BackupHeader
	if err := s.Degraded(); err != nil {
		return h, prov.Errorf(prov.EUNAVAILABLE, "no backup taken: the store failed its integrity check at open (%v), so it may be missing acknowledged writes; run claimgraph verify, and keep the backups you have", err)
	}
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
			key := it.Item().KeyCopy(nil)
			if bytes.Equal(key, keyGCFlush) {
				continue // transient, see compactForGC
			}
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return h, backupStopped(fmt.Errorf("%w: %s: unreadable value: %v", ErrCorrupt, describeKey(key), err))
			}
			if err := checkStored(key, v); err != nil {
				return h, backupStopped(err)
			}
			bw.record('k', key, v)
		}
	} else {
		for seq := since + 1; seq <= head.Seq; seq++ {
			if err := ctx.Err(); err != nil {
				return h, err
			}
			if err := t.backupEntry(bw, seq); err != nil {
				return h, backupStopped(err)
			}
		}
		for _, typ := range storedTypes {
			item, err := txn.Get(leaseKey(typ))
			if errors.Is(err, badger.ErrKeyNotFound) {
				continue
			}
			var v []byte
			if err == nil {
				v, err = item.ValueCopy(nil)
			}
			if err == nil {
				err = checkStored(leaseKey(typ), v)
			}
			if err != nil {
				return h, backupStopped(err)
			}
			bw.record('l', leaseKey(typ), v)
		}
	}
	bw.w.WriteByte('e')
	bw.w.Write(bw.sum.Sum(nil))
	return h, bw.w.Flush()
}

// backupStopped describes a damaged value that stopped a backup.
func backupStopped(err error) error {
	return fmt.Errorf("the backup stopped at a damaged value, and what it wrote is incomplete (restore refuses it): %w; run claimgraph verify", err)
}

// backupEntry writes audit entry seq with the versions it wrote and the archived text
// of each source version that has one, each checked (checkStored) first.
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
		if err := checkStored(vk, rec); err != nil {
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
		if err := checkStored(textKey(c.ID), tv); err != nil {
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
	if h.Version < 1 || h.Version > backupVersion {
		return h, prov.Errorf(prov.EINVALID, "backup format version %d is not supported (this build reads 1 to %d)", h.Version, backupVersion)
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
			switch _, err := br.r.ReadByte(); {
			case err == nil:
				return h, prov.Errorf(prov.EINVALID, "the backup has data after its checksum")
			case err != io.EOF:
				return h, prov.Errorf(prov.EINVALID, "the backup could not be read to its end: %v", err)
			}
			return h, nil
		}
		br.sum.Write([]byte{kind})
		var rec backupRecord
		rec.kind = kind
		switch {
		case kind == 'k', kind == 'v', kind == 't', kind == 'l' && h.Version >= 2:
			if rec.key, err = br.bytes(); err == nil {
				rec.value, err = br.bytes()
			}
		case kind == 'a':
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

// Restore loads a backup read from r, which it reads twice (check, then write), into
// this store. A full backup needs an empty store. An incremental one needs a store
// whose log ends at the backup's Since, or at one of the backup's entries with the same
// hash (a restore that was interrupted: the entries the store has are skipped). It
// returns EINVALID when the backup is damaged or does not fit the store, and
// EUNAVAILABLE when the file system has not room for it above the free-space floor,
// both without writing anything; EUNAVAILABLE too when the floor is reached while
// writing. A failed full restore leaves the store empty again; an incremental one
// keeps the entries it replayed, each in one transaction, and rerunning it completes
// it. RestoreDir restores a full backup so that even a killed restore leaves nothing.
func (s *Store) Restore(ctx context.Context, r io.ReadSeeker) (BackupHeader, error) {
	h, err := readBackup(r, nil)
	if err != nil {
		return h, err
	}
	size, err := r.Seek(0, io.SeekEnd)
	if err != nil {
		return h, err
	}
	if err := s.checkRoomFor(size); err != nil {
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

// restoreCheckEvery is how many bytes a full restore writes between free-space checks.
const restoreCheckEvery = 4 << 20

func (s *Store) restoreFull(ctx context.Context, r io.Reader) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if empty, err := s.isEmptyLocked(); err != nil || !empty {
		if err == nil {
			err = prov.Errorf(prov.EINVALID, "a full backup restores into an empty store; this one holds data")
		}
		return err
	}
	err := s.loadFull(ctx, r)
	if err == nil {
		err = s.reloadLocked()
	}
	if err != nil {
		// Whatever was written goes: the store was empty.
		if derr := s.db.DropAll(); derr != nil {
			return fmt.Errorf("%w (and emptying the store again failed: %v)", err, derr)
		}
		if rerr := s.reloadLocked(); rerr != nil {
			return fmt.Errorf("%w (and reopening the emptied store failed: %v)", err, rerr)
		}
		return err
	}
	return nil
}

// loadFull writes the records of a full backup, in transactions of about
// restoreCheckEvery bytes, checking the free-space floor after each commit: a
// WriteBatch commits in the background, so the space it takes shows too late.
func (s *Store) loadFull(ctx context.Context, r io.Reader) error {
	txn := s.db.NewTransaction(true)
	defer func() { txn.Discard() }()
	pending := 0
	commit := func() error {
		if err := s.fault("commit"); err != nil {
			return err
		}
		if err := txn.Commit(); err != nil {
			return err
		}
		txn, pending = s.db.NewTransaction(true), 0
		return s.checkDisk()
	}
	_, err := readBackup(r, func(_ BackupHeader, rec backupRecord) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if rec.kind != 'k' {
			return prov.Errorf(prov.EINVALID, "a full backup holds a %q record", rec.kind)
		}
		if err := s.fault("set"); err != nil {
			return err
		}
		err := txn.Set(rec.key, rec.value)
		if errors.Is(err, badger.ErrTxnTooBig) {
			if err := commit(); err != nil {
				return err
			}
			err = txn.Set(rec.key, rec.value)
		}
		if err != nil {
			return err
		}
		if pending += len(rec.key) + len(rec.value); pending >= restoreCheckEvery {
			return commit()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return commit()
}

func (s *Store) restoreIncremental(ctx context.Context, r io.Reader, h BackupHeader) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if s.writeErr != nil {
		return prov.Errorf(prov.EUNAVAILABLE, "writes are refused: %v", s.writeErr)
	}
	if s.head.Seq < h.Since {
		return prov.Errorf(prov.EINVALID, "this incremental backup follows audit entry %d, but the store's log ends at entry %d", h.Since, s.head.Seq)
	}
	if s.head.Seq > h.Head.Seq {
		return prov.Errorf(prov.EINVALID, "this incremental backup ends at audit entry %d, but the store's log already ends at entry %d", h.Head.Seq, s.head.Seq)
	}
	// A store past Since has replayed part of this backup before: its head must be
	// one of the backup's entries.
	resumeAt := s.head
	var entry *AuditEntry
	var entryValue []byte
	var records []backupRecord
	leases := map[prov.NodeType]uint64{}
	flush := func() error {
		if entry == nil {
			return nil
		}
		e, recs := entry, records
		entry, records = nil, nil
		if e.Seq < resumeAt.Seq {
			return nil
		}
		if e.Seq == resumeAt.Seq {
			if e.Hash != resumeAt.Hash {
				return prov.Errorf(prov.EINVALID, "the store's audit entry %d is not the backup's entry %d: the store has diverged from the one backed up", resumeAt.Seq, e.Seq)
			}
			return nil
		}
		if err := s.replay(ctx, e, entryValue, recs); err != nil {
			return fmt.Errorf("replay audit entry %d: %w", e.Seq, err)
		}
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
		case 'l':
			if err := flush(); err != nil {
				return err
			}
			if !isLeaseKey(rec.key) {
				return prov.Errorf(prov.EINVALID, "the backup has an ID lease under key %x", rec.key)
			}
			lease, err := decodeLease(rec.key, rec.value)
			if err != nil {
				return err
			}
			leases[leaseType(rec.key)] = lease
		default:
			return prov.Errorf(prov.EINVALID, "an incremental backup holds a %q record", rec.kind)
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return err
	}
	if s.head != (Head{Seq: h.Head.Seq, Hash: mustHash(h.Head.Hash)}) {
		return prov.Errorf(prov.EINVALID, "the backup's entries end at entry %d (%s), not at the head its header names (%d %s)", s.head.Seq, s.head.Hash, h.Head.Seq, h.Head.Hash)
	}
	for _, typ := range storedTypes {
		if lease, ok := leases[typ]; ok {
			if err := s.ids.raise(typ, lease); err != nil {
				return err
			}
		}
	}
	return nil
}

// mustHash decodes a hex hash, the zero hash when it does not decode (which then
// matches no head).
func mustHash(s string) Hash {
	var h Hash
	if b, err := hex.DecodeString(s); err == nil && len(b) == len(h) {
		copy(h[:], b)
	}
	return h
}

// replay applies one audit entry of an incremental backup: it writes each changed
// node as the entry's version has it (with reverse edges, unique keys and texts), then
// the entry, its versions and the head exactly as backed up, so the chain continues
// unchanged, in one transaction. The IDs it brings are leased first, so the allocator
// never hands them out.
func (s *Store) replay(ctx context.Context, e *AuditEntry, value []byte, records []backupRecord) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if e.Seq != s.head.Seq+1 || e.Prev != s.head.Hash {
		return prov.Errorf(prov.EINVALID, "entry %d does not continue the store's chain at entry %d (%s)", e.Seq, s.head.Seq, s.head.Hash)
	}
	if err := s.checkDisk(); err != nil {
		return err
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
			if len(rec.key) != 1+8 {
				return prov.Errorf(prov.EINVALID, "text key %x of the wrong length", rec.key)
			}
			texts[prov.NewID(prov.TypeSource, binary.BigEndian.Uint64(rec.key[1:]))] = rec.value
		}
	}
	for _, c := range e.Changes {
		if err := s.ids.observe(c.ID); err != nil {
			return err
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
					if _, err := unseal(textKey(c.ID), tv); err != nil {
						return prov.Errorf(prov.EINVALID, "the backup's text of %s: %v", c.ID, err)
					}
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
	if err := s.fault("commit"); err != nil {
		return err
	}
	if err := txn.Commit(); err != nil {
		return err
	}
	s.setHeadLocked(next)
	if s.dir != "" {
		if err := writeHeadFile(s.dir, next); err != nil {
			s.writeErr = fmt.Errorf("the audit head file could not be written: %w", err)
			return err
		}
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
	if err := s.checkSchema(); err != nil {
		return err
	}
	ids, err := newAllocator(s.db, s.faults)
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

// CheckBackup reads a backup to its end and checks it, as restore does before it
// writes: the header, every record's framing and the trailing checksum. It returns the
// header, or EINVALID saying what is wrong (not a backup, truncated, damaged).
func CheckBackup(r io.Reader) (BackupHeader, error) { return readBackup(r, nil) }
