package storage

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// HeadFileName is the file beside the Badger files that repeats the audit head. It is
// written and fsynced after every commit, so a store that later opens with a shorter
// log than the file names has lost acknowledged writes, which Badger alone may not
// notice (a damaged write-ahead log can drop them silently).
const HeadFileName = "AUDIT_HEAD"

const headFileMagic = "claimgraph-audit-head v1"

// formatHeadFile returns the head file's contents: a magic line, the head, and a
// CRC-32C of what precedes it, so a torn or edited file is recognised.
func formatHeadFile(h Head) []byte {
	body := fmt.Sprintf("%s\nseq %d\nhash %s\n", headFileMagic, h.Seq, hex.EncodeToString(h.Hash[:]))
	return fmt.Appendf(nil, "%scrc %08x\n", body, crc32.Checksum([]byte(body), castagnoli))
}

// parseHeadFile parses a head file; it returns an error saying what is wrong with it.
func parseHeadFile(b []byte) (Head, error) {
	i := bytes.LastIndex(b, []byte("crc "))
	if i < 0 || !bytes.HasPrefix(b, []byte(headFileMagic+"\n")) {
		return Head{}, errors.New("not a claimgraph audit head file")
	}
	body := b[:i]
	want, err := strconv.ParseUint(strings.TrimSpace(string(b[i+4:])), 16, 32)
	if err != nil || uint32(want) != crc32.Checksum(body, castagnoli) {
		return Head{}, errors.New("its checksum does not match its contents")
	}
	var h Head
	var hash string
	if _, err := fmt.Sscanf(string(body[len(headFileMagic)+1:]), "seq %d\nhash %s\n", &h.Seq, &hash); err != nil {
		return Head{}, fmt.Errorf("malformed: %v", err)
	}
	raw, err := hex.DecodeString(hash)
	if err != nil || len(raw) != len(h.Hash) {
		return Head{}, errors.New("malformed hash")
	}
	copy(h.Hash[:], raw)
	return h, nil
}

// readHeadFile returns the head recorded in dir, and false when there is no file.
func readHeadFile(dir string) (Head, bool, error) {
	b, err := os.ReadFile(filepath.Join(dir, HeadFileName))
	if errors.Is(err, fs.ErrNotExist) {
		return Head{}, false, nil
	}
	if err != nil {
		return Head{}, false, err
	}
	h, err := parseHeadFile(b)
	if err != nil {
		return Head{}, true, fmt.Errorf("%s: %w", filepath.Join(dir, HeadFileName), err)
	}
	return h, true, nil
}

// writeHeadFile replaces the head file atomically and durably: a temporary file,
// fsync, rename, fsync of the directory.
func writeHeadFile(dir string, h Head) error {
	path := filepath.Join(dir, HeadFileName)
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(formatHeadFile(h)); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
