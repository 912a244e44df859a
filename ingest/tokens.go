package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind classifies a token.
type tokKind uint8

const (
	tkWord   tokKind = iota + 1
	tkPunct          // , . ; : ! ? ( ) dashes and the like
	tkQuote          // a double quotation mark of any style
	tkSquote         // a single quotation mark that is not an apostrophe
)

// token is a word, punctuation mark or quotation mark with its byte span.
type token struct {
	text  string // text[s:e]
	lower string // lower-cased text
	s, e  int32  // byte offsets, end exclusive
	nl    int32  // newlines in the white space before the token
	quote rune   // for tkQuote: the mark
	kind  tokKind
	cap   bool // the word starts with an upper-case letter
	upper bool // the word is all upper case (and has two or more letters)
}

func isDoubleQuote(r rune) bool {
	switch r {
	case '"', '“', '”', '„', '‟', '«', '»', '〝', '〞', '＂':
		return true
	}
	return false
}

func isSingleQuote(r rune) bool {
	switch r {
	case '\'', '‘', '’', '‚', '‛', '‹', '›':
		return true
	}
	return false
}

// wordRune reports whether r may stand inside a word.
func wordRune(r rune) bool {
	if r < 0x80 {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

// joiner reports whether r joins two word parts ("F-15", "Iran’s", "4:00", "pic.twitter.com").
func joiner(r rune) bool {
	switch r {
	case '-', '\'', '’', '.', '&', '/', ':', '‑', '_', '@', ',':
		return true
	}
	return false
}

// tokenize splits text into tokens. It never fails; bytes that are not valid UTF-8
// become punctuation tokens.
func tokenize(text string) []token {
	toks := make([]token, 0, len(text)/5+8)
	var nl int32
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n' || r == '\u2029' || r == '\u2028':
			nl++
			i += size
		case unicode.IsSpace(r):
			i += size
		case wordRune(r):
			start := i
			j := i + size
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if wordRune(r2) {
					j += s2
					continue
				}
				if joiner(r2) && j+s2 < len(text) {
					r3, _ := utf8.DecodeRuneInString(text[j+s2:])
					if wordRune(r3) && joinOK(text[start:j], r2, r3) {
						j += s2
						continue
					}
				}
				break
			}
			// "U.S." and "p.m.": single letters joined by periods keep their final period.
			if j < len(text) && text[j] == '.' && dottedInitials(text[start:j]) {
				j++
			}
			lower := lowerFast(text[start:j])
			// "Mr." and "Dr.": a title abbreviation keeps its period
			if j < len(text) && text[j] == '.' && titleAbbrevs[lower] {
				j++
			}
			w := text[start:j]
			first, _ := utf8.DecodeRuneInString(w)
			t := token{s: int32(start), e: int32(j), kind: tkWord, text: w, lower: lower, nl: nl, cap: unicode.IsUpper(first)}
			t.upper = allUpper(w)
			toks = append(toks, t)
			nl = 0
			i = j
		case isDoubleQuote(r):
			toks = append(toks, token{s: int32(i), e: int32(i + size), kind: tkQuote, text: text[i : i+size], lower: text[i : i+size], nl: nl, quote: r})
			nl = 0
			i += size
		case isSingleQuote(r):
			toks = append(toks, token{s: int32(i), e: int32(i + size), kind: tkSquote, text: text[i : i+size], lower: text[i : i+size], nl: nl, quote: r})
			nl = 0
			i += size
		default:
			j := i + size
			// keep runs of the same mark together ("...", "--")
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if r2 != r || r == ',' {
					break
				}
				j += s2
			}
			toks = append(toks, token{s: int32(i), e: int32(j), kind: tkPunct, text: text[i:j], lower: text[i:j], nl: nl})
			nl = 0
			i = j
		}
	}
	return toks
}

// lowerFast lower-cases s, without allocating when s is lower-case ASCII already.
func lowerFast(s string) string {
	upper := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return strings.ToLower(s)
		}
		if c >= 'A' && c <= 'Z' {
			upper = true
		}
	}
	if !upper {
		return s
	}
	b := make([]byte, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return string(b)
}

// titleAbbrevs are abbreviated titles and company suffixes whose period belongs to the
// word ("Mr.", "Corp.").
var titleAbbrevs = set("mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col",
	"lt", "sgt", "capt", "cmdr", "adm", "maj", "brig", "rev", "hon", "messrs", "st", "jr",
	"sr", "pres", "supt", "insp", "det", "cpl", "pvt", "fr", "mme", "mlle", "corp", "inc",
	"co", "ltd", "bros")

// joinOK decides whether a joiner between word parts keeps one word.
func joinOK(left string, j, next rune) bool {
	switch j {
	case ',':
		// thousands: "5,000" but not "a,b"
		return isDigits(lastRun(left)) && unicode.IsDigit(next)
	case ':':
		return isDigits(lastRun(left)) && unicode.IsDigit(next)
	case '.':
		// "U.S", "p.m", "pic.twitter.com", "3.5" but not "end.Next" after a long word
		lr := lastRun(left)
		if isDigits(lr) && unicode.IsDigit(next) {
			return true
		}
		if utf8.RuneCountInString(lr) == 1 {
			return true
		}
		return unicode.IsLower(next) && strings.ContainsAny(left, "./") || isLowerASCII(lr) && unicode.IsLower(next)
	case '@':
		return true
	}
	return true
}

func lastRun(s string) string {
	for i := len(s) - 1; i >= 0; i-- {
		c := s[i]
		if c == '.' || c == '-' || c == '\'' || c == '/' || c == ':' || c == ',' {
			return s[i+1:]
		}
	}
	return s
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isLowerASCII(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// dottedInitials reports whether w is single letters joined by periods ("U.S", "p.m").
func dottedInitials(w string) bool {
	if !strings.Contains(w, ".") {
		return len(w) == 1 && w[0] >= 'A' && w[0] <= 'Z'
	}
	for _, part := range strings.Split(w, ".") {
		if utf8.RuneCountInString(part) != 1 {
			return false
		}
	}
	return true
}

func allUpper(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			n++
		}
	}
	return n >= 2
}
