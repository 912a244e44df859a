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
// memory; the rest go to a temporary file. Span offsets count code points: the spool
// keeps the byte offset of every spoolMark-th code point of a text that is not ASCII,
// so a span check reads and walks only the bytes from the mark before the span to its
// end instead of the whole text (the generated corpus's texts are nearly all UTF-8
// beyond ASCII, with curly quotes and accented names).
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
	n     int      // bytes
	runes int      // code points
	marks []uint32 // byte offset of code point i*spoolMark; nil for ASCII
}

const (
	spoolMemBytes = 32 << 20
	spoolMark     = 128
)

func newTextSpool(dir string) *textSpool {
	return &textSpool{dir: dir, texts: map[prov.ID]spooledText{}}
}

// add keeps source id's NFC text. It returns an error when the temporary file cannot be
// written.
func (sp *textSpool) add(id prov.ID, text string) error {
	ref := spooledText{off: sp.size, n: len(text), runes: len(text)}
	if !isASCII(text) {
		ref.runes = 0
		for i := range text {
			if ref.runes%spoolMark == 0 {
				ref.marks = append(ref.marks, uint32(i))
			}
			ref.runes++
		}
	}
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

// checkSpan checks a's span against its source's spooled text, as a.CheckSpan does;
// ok is false when the spool does not hold that text.
func (sp *textSpool) checkSpan(a *prov.Attribution) (ok bool, err error) {
	ref, ok := sp.texts[a.SourceID]
	if !ok {
		return false, nil
	}
	if !a.HasSpan() {
		// A quote without a span gets the one place it occurs (PlaceQuote).
		text, err := sp.text(a.SourceID, ref)
		if err != nil {
			return true, err
		}
		return true, a.PlaceQuote(text)
	}
	start, end := *a.Start, *a.End
	if start >= 0 && start <= end && end <= ref.runes {
		from, skip := start, 0 // byte offset to read from, code points to skip there
		if ref.marks != nil {
			m := start / spoolMark
			from, skip = int(ref.marks[m]), start-m*spoolMark
		}
		b, err := sp.read(ref.off+int64(from), min(ref.n-from, (skip+end-start)*utf8.UTFMax))
		if err != nil {
			return true, err
		}
		if quote, ok := runeSlice(b, skip, end-start); ok && string(quote) == a.Quote {
			return true, nil
		}
	}
	// A mismatch: CheckSpan on the whole text says what.
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

// runeSlice returns the n code points of b after the first skip, and false when b
// ends before them.
func runeSlice(b []byte, skip, n int) ([]byte, bool) {
	i := 0
	for ; skip > 0; skip-- {
		if i >= len(b) {
			return nil, false
		}
		_, w := utf8.DecodeRune(b[i:])
		i += w
	}
	j := i
	for ; n > 0; n-- {
		if j >= len(b) {
			return nil, false
		}
		_, w := utf8.DecodeRune(b[j:])
		j += w
	}
	return b[i:j], true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
