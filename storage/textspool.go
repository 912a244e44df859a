package storage

import (
	"fmt"
	"os"
	"unicode/utf8"

	"claimgraph/prov"
)

// textSpool keeps the archived texts of an import's sources until the attributions
// that point into them have been checked. Attributions come after all the sources in
// an exported file, so every text would otherwise stay in memory to the end (230 MB
// for a million claims). The first spoolMemBytes stay in
// memory; the rest go to a temporary file, from which a span check reads only the bytes
// of the span when the text is ASCII (offsets count code points, which are bytes
// then), or the whole text otherwise.
type textSpool struct {
	dir   string // where the file is created; "" for the system's temporary directory
	mem   []byte
	f     *os.File
	size  int64 // bytes in mem and f
	texts map[prov.ID]spooledText
	buf   []byte
	// last is the last whole text read back, as consecutive attributions often share
	// a source.
	lastID   prov.ID
	lastText string
}

type spooledText struct {
	off   int64
	n     int
	ascii bool
}

const spoolMemBytes = 32 << 20

func newTextSpool(dir string) *textSpool {
	return &textSpool{dir: dir, texts: map[prov.ID]spooledText{}}
}

// add keeps source id's NFC text. It returns an error when the temporary file cannot be
// written.
func (sp *textSpool) add(id prov.ID, text string) error {
	ref := spooledText{off: sp.size, n: len(text), ascii: isASCII(text)}
	if sp.f == nil && len(sp.mem)+len(text) <= spoolMemBytes {
		if len(sp.mem)+len(text) > cap(sp.mem) {
			// Grow as append would, but never past the limit.
			grown := make([]byte, len(sp.mem), min(max(2*cap(sp.mem), len(sp.mem)+len(text), 1<<20), spoolMemBytes))
			copy(grown, sp.mem)
			sp.mem = grown
		}
		sp.mem = append(sp.mem, text...)
	} else {
		if sp.f == nil {
			f, err := os.CreateTemp(sp.dir, "import-texts-*")
			if err != nil {
				return fmt.Errorf("import: spool source texts: %w", err)
			}
			os.Remove(f.Name()) // nothing else needs its name; it goes when closed
			sp.f = f
		}
		if _, err := sp.f.WriteAt([]byte(text), ref.off-int64(len(sp.mem))); err != nil {
			return fmt.Errorf("import: spool source texts: %w", err)
		}
	}
	sp.size += int64(len(text))
	sp.texts[id] = ref
	return nil
}

// has reports whether the spool holds source id's text.
func (sp *textSpool) has(id prov.ID) bool {
	_, ok := sp.texts[id]
	return ok
}

// checkSpan checks a's span against its source's spooled text, as a.CheckSpan does;
// ok is false when the spool does not hold that text.
func (sp *textSpool) checkSpan(a *prov.Attribution) (ok bool, err error) {
	ref, ok := sp.texts[a.SourceID]
	if !ok {
		return false, nil
	}
	if !a.HasSpan() {
		return true, nil
	}
	start, end := *a.Start, *a.End
	if ref.ascii && start >= 0 && start <= end && end <= ref.n {
		b, err := sp.read(ref.off+int64(start), end-start)
		if err != nil {
			return true, err
		}
		if string(b) == a.Quote {
			return true, nil
		}
	}
	// A mismatch, or a text that is not ASCII: CheckSpan on the whole text says what.
	text, err := sp.text(a.SourceID, ref)
	if err != nil {
		return true, err
	}
	return true, a.CheckSpan(text)
}

func (sp *textSpool) text(id prov.ID, ref spooledText) (string, error) {
	if id == sp.lastID {
		return sp.lastText, nil
	}
	b, err := sp.read(ref.off, ref.n)
	if err != nil {
		return "", err
	}
	sp.lastID, sp.lastText = id, string(b)
	return sp.lastText, nil
}

// read returns n bytes at off; the slice is valid until the next read.
func (sp *textSpool) read(off int64, n int) ([]byte, error) {
	if off+int64(n) <= int64(len(sp.mem)) {
		return sp.mem[off : off+int64(n)], nil
	}
	if cap(sp.buf) < n {
		sp.buf = make([]byte, n)
	}
	b := sp.buf[:n]
	if _, err := sp.f.ReadAt(b, off-int64(len(sp.mem))); err != nil {
		return nil, fmt.Errorf("import: read back a spooled source text: %w", err)
	}
	return b, nil
}

// close removes the temporary file.
func (sp *textSpool) close() {
	if sp.f != nil {
		sp.f.Close()
		sp.f = nil
	}
	sp.mem, sp.texts = nil, nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
