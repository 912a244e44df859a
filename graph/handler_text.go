package graph

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// textProblem is a string in a JSON text that is not Unicode text.
type textProblem struct {
	offset int    // of the bad byte or escape, in the JSON text
	path   string // JSON path of the value (variables.input.name), "" at the top
	key    bool   // the string is an object key, under path
	lone   string // the escaped lone surrogate (\ud800), or "" for a byte that is not UTF-8
	b      byte   // the bad byte
}

func (p textProblem) describe(where string) string {
	at := "the value"
	switch {
	case p.key && p.path != "":
		at = "a key in " + p.path
	case p.key:
		at = "a key"
	case p.path != "":
		at = p.path
	}
	if p.lone != "" {
		return fmt.Sprintf("%s: %s (at byte %d of %s) is half of a UTF-16 surrogate pair without its other half, not a character",
			at, p.lone, p.offset, where)
	}
	return fmt.Sprintf("%s: the text is not valid UTF-8 (byte 0x%02X at byte %d of %s)", at, p.b, p.offset, where)
}

// badText finds the first string of a JSON text that is not valid UTF-8 or holds an
// escaped lone surrogate, both of which encoding/json would silently replace with
// U+FFFD. It follows the JSON only as far as it needs to track paths; a text that is
// not JSON is left for the decoder to report, and a byte that is not UTF-8 outside
// strings is reported with the path where it stands.
func badText(b []byte) (textProblem, bool) {
	var frames [16]textFrame // on the stack for the usual shallow body
	stack := frames[:0]
	for i := 0; i < len(b); i++ {
		switch c := b[i]; c {
		case '{':
			stack = append(stack, textFrame{object: true, expectKey: true})
		case '[':
			stack = append(stack, textFrame{})
		case '}', ']':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case ',':
			if n := len(stack); n > 0 {
				if stack[n-1].object {
					stack[n-1].expectKey = true
				} else {
					stack[n-1].index++
				}
			}
		case ':':
			if n := len(stack); n > 0 {
				stack[n-1].expectKey = false
			}
		case '"':
			isKey := len(stack) > 0 && stack[len(stack)-1].object && stack[len(stack)-1].expectKey
			end, prob, bad := scanString(b, i)
			if bad {
				prob.path, prob.key = textPath(b, stack), isKey
				return prob, true
			}
			if isKey {
				stack[len(stack)-1].keyStart, stack[len(stack)-1].keyEnd = i, end
			}
			i = end - 1
		default:
			if c >= utf8.RuneSelf {
				r, size := utf8.DecodeRune(b[i:])
				if r == utf8.RuneError && size == 1 {
					return textProblem{offset: i, path: textPath(b, stack), b: c}, true
				}
				i += size - 1
			}
		}
	}
	return textProblem{}, false
}

// textFrame is an object or array badText is in.
type textFrame struct {
	object           bool
	expectKey        bool
	index            int // of the array's current element
	keyStart, keyEnd int // the object's current key, quoted, in the text
}

// textPath is the JSON path of the value the frames lead to.
func textPath(b []byte, stack []textFrame) string {
	p := ""
	for _, f := range stack {
		if !f.object {
			p += "[" + strconv.Itoa(f.index) + "]"
			continue
		}
		if f.keyEnd <= f.keyStart {
			continue
		}
		k, err := strconv.Unquote(string(b[f.keyStart:f.keyEnd]))
		if err != nil {
			k = string(b[f.keyStart+1 : max(f.keyStart+1, f.keyEnd-1)])
		}
		p = joinPath(p, k)
	}
	return p
}

// scanString reads the JSON string that starts at b[start] (a quote); it returns the
// offset after its closing quote (len(b) if there is none) and the first problem in
// it.
func scanString(b []byte, start int) (end int, prob textProblem, bad bool) {
	for i := start + 1; i < len(b); {
		switch c := b[i]; {
		case c == '"':
			return i + 1, prob, false
		case c == '\\':
			if i+1 < len(b) && b[i+1] == 'u' {
				r, ok := hex4(b, i+2)
				if !ok {
					i += 2
					continue // not an escape the decoder accepts: it reports it
				}
				switch {
				case r >= 0xD800 && r < 0xDC00:
					if lo, ok := hex4(b, i+8); ok && i+7 < len(b) && b[i+6] == '\\' && b[i+7] == 'u' && lo >= 0xDC00 && lo < 0xE000 {
						i += 12
						continue
					}
					return 0, textProblem{offset: i, lone: string(b[i : i+6])}, true
				case r >= 0xDC00 && r < 0xE000:
					return 0, textProblem{offset: i, lone: string(b[i : i+6])}, true
				}
				i += 6
				continue
			}
			i += 2
		case c < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && size == 1 {
				return 0, textProblem{offset: i, b: c}, true
			}
			i += size
		}
	}
	return len(b), prob, false
}

// hex4 reads four hex digits at b[i:].
func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(b[i:i+4]), 16, 16)
	return rune(n), err == nil
}

// invalidUTF8At returns the offset of the first byte of b that is not UTF-8.
func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}

func joinPath(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	case b[0] == '[':
		return a + b
	}
	return a + "." + b
}
