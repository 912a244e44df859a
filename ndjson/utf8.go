package ndjson

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// textError describes the first place in a line that is not text: a byte sequence
// that is not UTF-8, or a \u escape of a lone UTF-16 surrogate. encoding/json turns
// both into U+FFFD without a word, so the reader looks before it decodes. field is the
// path of the value that holds it ("name", "cites[2]", "extraction.model"; "" outside
// any member); msg is "" for a line that is all text.
func textError(line []byte) (field, msg string) {
	if utf8.Valid(line) && !bytes.Contains(line, []byte(`\ud`)) && !bytes.Contains(line, []byte(`\uD`)) {
		return "", "" // the usual line: one pass, no allocation
	}
	sc := textScanner{line: line}
	sc.scan()
	return sc.field, sc.msg
}

// textScanner walks a line's JSON structure far enough to name the field that holds
// an offending byte. It does not check the syntax: the decoder does that afterwards.
type textScanner struct {
	line  []byte
	stack []frame
	field string // where the first offence is
	msg   string // what it is
}

// frame is one open object or array.
type frame struct {
	object    bool
	key       string // the member being read, in an object
	wantKey   bool   // the next string in this object is a member name
	index     int    // the element being read, in an array
	keyString bool   // the string being scanned is a member name
}

func (sc *textScanner) scan() {
	for i := 0; i < len(sc.line); {
		c := sc.line[i]
		switch {
		case c == '"':
			end, ok := sc.str(i)
			if !ok {
				return
			}
			i = end
			continue
		case c == '{':
			sc.stack = append(sc.stack, frame{object: true, wantKey: true})
		case c == '[':
			sc.stack = append(sc.stack, frame{})
		case c == '}' || c == ']':
			if len(sc.stack) > 0 {
				sc.stack = sc.stack[:len(sc.stack)-1]
			}
		case c == ',':
			if f := sc.top(); f != nil {
				if f.object {
					f.wantKey = true
				} else {
					f.index++
				}
			}
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(sc.line[i:])
			if r == utf8.RuneError && size <= 1 {
				sc.fail(fmt.Sprintf("invalid UTF-8 outside a string (byte 0x%02x at column %d)", c, i+1))
				return
			}
			i += size
			continue
		}
		i++
	}
}

func (sc *textScanner) top() *frame {
	if len(sc.stack) == 0 {
		return nil
	}
	return &sc.stack[len(sc.stack)-1]
}

// str scans the string that starts at the quote at start and returns the offset after
// its closing quote, or false after noting the first offending byte or escape in it.
func (sc *textScanner) str(start int) (int, bool) {
	f := sc.top()
	isKey := f != nil && f.object && f.wantKey
	if f != nil {
		f.keyString = isKey
	}
	var key strings.Builder
	i := start + 1
	for i < len(sc.line) {
		c := sc.line[i]
		switch {
		case c == '"':
			if isKey {
				f.key, f.wantKey, f.keyString = key.String(), false, false
			} else if f != nil {
				f.keyString = false
			}
			return i + 1, true
		case c == '\\' && i+1 < len(sc.line):
			if sc.line[i+1] != 'u' {
				if isKey {
					key.WriteByte(sc.line[i+1])
				}
				i += 2
				continue
			}
			r, ok := hex4(sc.line, i+2)
			if !ok {
				i += 2 // malformed: the decoder says so
				continue
			}
			switch {
			case r >= 0xD800 && r < 0xDC00:
				if low, ok := lowSurrogate(sc.line, i+6); ok {
					if isKey {
						key.WriteRune(0x10000 + (r-0xD800)<<10 + (low - 0xDC00))
					}
					i += 12
					continue
				}
				sc.fail(fmt.Sprintf(`\u%04x at column %d is a lone UTF-16 surrogate, not a character`, r, i+1))
				return 0, false
			case r >= 0xDC00 && r < 0xE000:
				sc.fail(fmt.Sprintf(`\u%04x at column %d is a lone UTF-16 surrogate, not a character`, r, i+1))
				return 0, false
			}
			if isKey {
				key.WriteRune(r)
			}
			i += 6
		default:
			r, size := utf8.DecodeRune(sc.line[i:])
			if r == utf8.RuneError && size <= 1 {
				sc.fail(fmt.Sprintf("invalid UTF-8 (byte 0x%02x at column %d)", c, i+1))
				return 0, false
			}
			if isKey {
				key.WriteRune(r)
			}
			i += size
		}
	}
	return i, true // unterminated: the decoder says so
}

// fail notes msg with the path of the value being read.
func (sc *textScanner) fail(msg string) {
	var parts []string
	for _, f := range sc.stack {
		switch {
		case f.object && f.keyString:
			parts = append(parts, "a member name")
		case f.object && f.key != "":
			parts = append(parts, f.key)
		case !f.object && len(parts) > 0:
			parts[len(parts)-1] += "[" + strconv.Itoa(f.index) + "]"
		case !f.object:
			parts = append(parts, "["+strconv.Itoa(f.index)+"]")
		}
	}
	sc.field, sc.msg = strings.Join(parts, "."), msg
}

// hex4 decodes the four hex digits at b[i:].
func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(b[i:i+4]), 16, 32)
	return rune(v), err == nil
}

// lowSurrogate decodes a \uDC00-\uDFFF escape at b[i:].
func lowSurrogate(b []byte, i int) (rune, bool) {
	if i+6 > len(b) || b[i] != '\\' || b[i+1] != 'u' {
		return 0, false
	}
	r, ok := hex4(b, i+2)
	return r, ok && r >= 0xDC00 && r < 0xE000
}
