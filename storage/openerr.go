package storage

import (
	"fmt"
	"regexp"
	"strings"
)

// badgerFileRE finds the store file a Badger open error is about.
var badgerFileRE = regexp.MustCompile(`\b[0-9]+\.(mem|vlog|sst)\b`)

// damageSigns are the words of Badger's open errors about a file's contents, as opposed
// to a file it could not open at all (permissions, a lock, no space).
var damageSigns = []string{"invalid datakey id", "bad magic", "checksum", "eof", "truncat", "corrupt", "mismatch", "unexpected", "invalid", "failed to read", "doesn't match", "unsupported version"}

// describeBadgerOpenError returns the error of a failed badger.Open. When Badger failed
// on the contents of one of its files, the message names the file and says it is
// damaged: Badger's own words can point elsewhere ("Invalid datakey id" is what a
// damaged log-file header gives in a store that does not encrypt).
func describeBadgerOpenError(dir string, err error) error {
	msg := err.Error()
	rel := strings.ReplaceAll(msg, dir, "")
	lower := strings.ToLower(rel)
	damaged := false
	for _, sign := range damageSigns {
		damaged = damaged || strings.Contains(lower, sign)
	}
	var file, kind string
	switch m := badgerFileRE.FindStringSubmatch(rel); {
	case m != nil && m[1] == "mem":
		file, kind = m[0], "the write-ahead log"
	case m != nil && m[1] == "vlog":
		file, kind = m[0], "the value log"
	case m != nil:
		file, kind = m[0], "the table"
	case strings.Contains(lower, "manifest"):
		file, kind = "MANIFEST", "the manifest"
	case strings.Contains(lower, "key registry"), strings.Contains(lower, "keyregistry"),
		strings.Contains(lower, "sanity text"), strings.Contains(lower, "encryption key mismatch"):
		// The store does not encrypt: what Badger reads as a wrong key is a damaged
		// key registry.
		file, kind = "KEYREGISTRY", "the key registry"
	}
	if file == "" || !damaged || strings.Contains(lower, "directory lock") {
		return fmt.Errorf("open badger store in %q: %w", dir, err)
	}
	what := ""
	switch {
	case strings.Contains(lower, "invalid datakey id"):
		what = " (its header names an encryption key, but the store is not encrypted: the header is damaged)"
	case strings.Contains(lower, "unsupported version"), strings.Contains(lower, "magic number"):
		what = " (or written by another version of Badger)"
	}
	return fmt.Errorf("open badger store in %q: %s %s is damaged%s: %w; restore the store from a backup", dir, kind, file, what, err)
}
